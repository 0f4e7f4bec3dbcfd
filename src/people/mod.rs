//! Who said what across the whole library: every person named in any story,
//! the stories that name them and everything they said.
//!
//! Pure: stories come in as their analyses ([`People::add`]) and go out
//! again ([`People::remove`]), so the index can be kept up to date as
//! stories change. Joining is by the folded name ([`fold`]); a story that
//! names only a surname joins the one person of the library with that
//! surname, and stays apart when there are none or several. That last rule
//! depends on the whole library, so it is worked out when asked, never
//! stored: adding a second Garcia undoes the first one's joins at once.

mod fold;
#[cfg(test)]
mod tests;

pub use fold::{fold, fold_into};

use std::collections::HashMap;
use std::ops::Range;

use crate::analysis::Analysis;
use crate::article::{Article, ArticleId, Date};

/// What the index keeps of a story besides its people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryInfo {
    pub id: ArticleId,
    pub title: String,
    pub date: Option<Date>,
    pub source: Option<String>,
    /// Its path or link, as `byline list` shows it.
    pub origin: String,
}

impl StoryInfo {
    pub fn of(article: &Article) -> StoryInfo {
        StoryInfo {
            id: article.id,
            title: article.title.clone(),
            date: article.date,
            source: article.source.clone(),
            origin: article.origin.to_string(),
        }
    }
}

/// A person while the index is unchanged: ids are not kept across changes,
/// as a change may join two people into one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PersonId(u32);

/// What a quotation is. Only speech so far; scare quotes are to follow.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuoteKind {
    Speech,
}

impl QuoteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Speech => "speech",
        }
    }
}

/// A person across the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: PersonId,
    /// The fullest form: accented over plain, mixed case over capitals,
    /// then the one most stories use.
    pub name: String,
    /// Every form the stories use: the name, then the most used first.
    pub forms: Vec<String>,
    /// The stories that name them, newest first, undated last.
    pub stories: Vec<ArticleId>,
    pub quotations: usize,
    /// The dates of the first and last dated story that names them.
    pub first: Option<Date>,
    pub last: Option<Date>,
}

/// Why a story is counted for a person: the forms of the name it uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contribution<'a> {
    pub story: ArticleId,
    pub forms: Vec<&'a str>,
}

/// A quotation, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quotation<'a> {
    pub story: &'a StoryInfo,
    pub para: usize,
    /// Bytes of the paragraph's display text, quotation marks included.
    pub range: Range<usize>,
    pub text: &'a str,
    pub kind: QuoteKind,
    pub speaker: Option<PersonId>,
}

/// The people index.
#[derive(Debug, Default, Clone)]
pub struct People {
    stories: HashMap<ArticleId, Story>,
    /// Every folded name ever seen; one no story names any more is kept,
    /// empty, so that ids stay small numbers.
    names: Vec<Name>,
    by_key: HashMap<Box<str>, u32>,
    /// The names with stories, by surname.
    surnames: HashMap<Box<str>, Surname>,
    /// Folded form -> the names using it, with how many stories do.
    by_form: HashMap<Box<str>, Vec<(u32, u32)>>,
}

#[derive(Debug, Clone)]
struct Story {
    info: StoryInfo,
    people: Vec<StoryPerson>,
    quotes: Vec<StoredQuote>,
}

/// A person as one story names them.
#[derive(Debug, Clone)]
struct StoryPerson {
    name: u32,
    /// The fullest form the story uses.
    display: Box<str>,
    forms: Vec<Box<str>>,
    quotes: u32,
}

#[derive(Debug, Clone)]
struct StoredQuote {
    para: u32,
    start: u32,
    end: u32,
    text: Box<str>,
    /// Index into the story's people.
    speaker: Option<u32>,
    kind: QuoteKind,
}

/// One folded name and what the stories using it say.
#[derive(Debug, Clone)]
struct Name {
    surname: Box<str>,
    /// More than a surname: such a name is a person of its own, which a
    /// lone surname may join.
    full: bool,
    /// Unordered; a name is in few stories, most often one.
    stories: Vec<(ArticleId, Option<Date>)>,
    /// The stories' fullest forms, with how many stories use each.
    displays: Vec<(Box<str>, u32)>,
    forms: Vec<(Box<str>, u32)>,
    quotes: u32,
}

#[derive(Debug, Clone, Default)]
struct Surname {
    full: Vec<u32>,
    lone: Vec<u32>,
}

/// Generational suffixes, folded: "Martin Luther King Jr." has the surname
/// King.
const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

/// The surname of a folded name and whether there is more to it.
fn surname(key: &str) -> (&str, bool) {
    let mut words: Vec<&str> = key.split(' ').collect();
    while words.len() > 1 && words.last().is_some_and(|w| SUFFIXES.contains(w)) {
        words.pop();
    }
    let last = words.last().copied().unwrap_or(key);
    (last, words.len() > 1)
}

fn count_up(counts: &mut Vec<(Box<str>, u32)>, s: &str) {
    match counts.iter_mut().find(|(f, _)| &**f == s) {
        Some((_, n)) => *n += 1,
        None => counts.push((s.into(), 1)),
    }
}

fn count_down(counts: &mut Vec<(Box<str>, u32)>, s: &str) {
    if let Some(i) = counts.iter().position(|(f, _)| &**f == s) {
        counts[i].1 -= 1;
        if counts[i].1 == 0 {
            counts.swap_remove(i);
        }
    }
}

/// Newest first, undated last, then by id so the order is the same however
/// the stories came in.
fn newest_first(a: (ArticleId, Option<Date>), b: (ArticleId, Option<Date>)) -> std::cmp::Ordering {
    b.1.is_some()
        .cmp(&a.1.is_some())
        .then(b.1.cmp(&a.1))
        .then(a.0.cmp(&b.0))
}

impl People {
    pub fn new() -> People {
        People::default()
    }

    /// Adds a story, given its analysis of `paragraphs` (display texts), in
    /// place of any story with its id. Spans that do not fit the
    /// paragraphs are passed over.
    pub fn add(&mut self, info: StoryInfo, analysis: &Analysis, paragraphs: &[&str]) {
        self.remove(info.id);
        let text = |span: &crate::analysis::Span| {
            paragraphs
                .get(span.para)
                .and_then(|p| p.get(span.range.clone()))
        };
        let mut key = String::new();
        let mut people: Vec<StoryPerson> = Vec::with_capacity(analysis.people.len());
        // Analysis person -> story person: two people of one story whose
        // names fold alike are one here.
        let mut of_person = Vec::with_capacity(analysis.people.len());
        for p in &analysis.people {
            fold_into(&p.name, &mut key);
            if key.is_empty() {
                of_person.push(None);
                continue;
            }
            let name = self.name_id(&key);
            let i = match people.iter().position(|sp| sp.name == name) {
                Some(i) => i,
                None => {
                    people.push(StoryPerson {
                        name,
                        display: p.name.trim().into(),
                        forms: Vec::new(),
                        quotes: 0,
                    });
                    people.len() - 1
                }
            };
            let sp = &mut people[i];
            let forms = std::iter::once(p.name.trim())
                .chain(p.mentions.iter().filter_map(text).map(str::trim))
                .filter(|f| !f.is_empty());
            for form in forms {
                if !sp.forms.iter().any(|f| &**f == form) {
                    sp.forms.push(form.into());
                }
            }
            of_person.push(u32::try_from(i).ok());
        }
        let mut quotes = Vec::with_capacity(analysis.quotes.len());
        for q in &analysis.quotes {
            let Some(t) = text(&q.span) else { continue };
            let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            let speaker = q.speaker.and_then(|s| of_person.get(s).copied().flatten());
            if let Some(sp) = speaker.and_then(|s| people.get_mut(s as usize)) {
                sp.quotes += 1;
            }
            quotes.push(StoredQuote {
                para: narrow(q.span.para),
                start: narrow(q.span.range.start),
                end: narrow(q.span.range.end),
                text: t.into(),
                speaker,
                kind: QuoteKind::Speech,
            });
        }
        for sp in &people {
            self.link(sp, info.id, info.date, &mut key);
        }
        self.stories.insert(
            info.id,
            Story {
                info,
                people,
                quotes,
            },
        );
    }

    /// Takes a story out, and everything it contributed; false when it was
    /// not in.
    pub fn remove(&mut self, id: ArticleId) -> bool {
        let Some(story) = self.stories.remove(&id) else {
            return false;
        };
        let mut key = String::new();
        for sp in &story.people {
            self.unlink(sp, id, &mut key);
        }
        true
    }

    pub fn contains(&self, id: ArticleId) -> bool {
        self.stories.contains_key(&id)
    }

    /// The number of stories in the index.
    pub fn len(&self) -> usize {
        self.stories.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stories.is_empty()
    }

    pub fn story(&self, id: ArticleId) -> Option<&StoryInfo> {
        self.stories.get(&id).map(|s| &s.info)
    }

    fn name_id(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.by_key.get(key) {
            return id;
        }
        let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        let (surname, full) = surname(key);
        self.names.push(Name {
            surname: surname.into(),
            full,
            stories: Vec::new(),
            displays: Vec::new(),
            forms: Vec::new(),
            quotes: 0,
        });
        self.by_key.insert(key.into(), id);
        id
    }

    fn link(&mut self, sp: &StoryPerson, story: ArticleId, date: Option<Date>, key: &mut String) {
        let Some(name) = self.names.get_mut(sp.name as usize) else {
            return;
        };
        if name.stories.is_empty() {
            let s = self.surnames.entry(name.surname.clone()).or_default();
            if name.full { &mut s.full } else { &mut s.lone }.push(sp.name);
        }
        name.stories.push((story, date));
        name.quotes += sp.quotes;
        count_up(&mut name.displays, &sp.display);
        for form in &sp.forms {
            count_up(&mut name.forms, form);
            fold_into(form, key);
            let users = match self.by_form.get_mut(key.as_str()) {
                Some(users) => users,
                None => self.by_form.entry(key.as_str().into()).or_default(),
            };
            match users.iter_mut().find(|(n, _)| *n == sp.name) {
                Some((_, count)) => *count += 1,
                None => users.push((sp.name, 1)),
            }
        }
    }

    fn unlink(&mut self, sp: &StoryPerson, story: ArticleId, key: &mut String) {
        let Some(name) = self.names.get_mut(sp.name as usize) else {
            return;
        };
        if let Some(i) = name.stories.iter().position(|(s, _)| *s == story) {
            name.stories.swap_remove(i);
        }
        name.quotes = name.quotes.saturating_sub(sp.quotes);
        count_down(&mut name.displays, &sp.display);
        for form in &sp.forms {
            count_down(&mut name.forms, form);
            fold_into(form, key);
            if let Some(users) = self.by_form.get_mut(key.as_str()) {
                if let Some(i) = users.iter().position(|(n, _)| *n == sp.name) {
                    users[i].1 -= 1;
                    if users[i].1 == 0 {
                        users.swap_remove(i);
                    }
                }
                if users.is_empty() {
                    self.by_form.remove(key.as_str());
                }
            }
        }
        if name.stories.is_empty()
            && let Some(s) = self.surnames.get_mut(&name.surname)
        {
            let list = if name.full { &mut s.full } else { &mut s.lone };
            list.retain(|&n| n != sp.name);
            if s.full.is_empty() && s.lone.is_empty() {
                self.surnames.remove(&name.surname);
            }
        }
    }

    fn live(&self, name: u32) -> Option<&Name> {
        self.names
            .get(name as usize)
            .filter(|n| !n.stories.is_empty())
    }

    /// The person a name belongs to: a full name is one; a lone surname
    /// belongs to the one full name with that surname, if there is one.
    fn person_of(&self, name: u32) -> PersonId {
        if let Some(n) = self.live(name)
            && !n.full
            && let Some(s) = self.surnames.get(&n.surname)
            && let [only] = s.full[..]
        {
            return PersonId(only);
        }
        PersonId(name)
    }

    /// The names that make up a person, its own first.
    fn members(&self, person: PersonId) -> Vec<u32> {
        let Some(n) = self.live(person.0) else {
            return Vec::new();
        };
        if self.person_of(person.0) != person {
            return Vec::new();
        }
        let mut members = vec![person.0];
        if n.full
            && let Some(s) = self.surnames.get(&n.surname)
            && s.full.len() == 1
        {
            members.extend(&s.lone);
        }
        members
    }

    /// Every person, in no particular order.
    pub fn persons(&self) -> Vec<Person> {
        (0..self.names.len())
            .filter_map(|i| u32::try_from(i).ok())
            .filter(|&n| self.live(n).is_some() && self.person_of(n).0 == n)
            .filter_map(|n| self.person(PersonId(n)))
            .collect()
    }

    pub fn person(&self, id: PersonId) -> Option<Person> {
        let members = self.members(id);
        if members.is_empty() {
            return None;
        }
        let names: Vec<&Name> = members.iter().filter_map(|&m| self.live(m)).collect();
        let mut forms: Vec<(&str, u32)> = Vec::new();
        for n in &names {
            for (f, count) in &n.forms {
                match forms.iter_mut().find(|(g, _)| g == &&**f) {
                    Some((_, c)) => *c += count,
                    None => forms.push((f, *count)),
                }
            }
        }
        let name = self.name(id)?;
        // The name first, then the most used, the longer of two as often.
        forms.sort_by(|a, b| {
            (b.0 == name)
                .cmp(&(a.0 == name))
                .then(b.1.cmp(&a.1))
                .then(b.0.chars().count().cmp(&a.0.chars().count()))
                .then(a.0.cmp(b.0))
        });
        let mut stories: Vec<(ArticleId, Option<Date>)> = names
            .iter()
            .flat_map(|n| n.stories.iter().copied())
            .collect();
        stories.sort_by(|&a, &b| newest_first(a, b));
        // A story may name both the full name and, apart, the surname.
        stories.dedup_by_key(|s| s.0);
        let dates = || stories.iter().filter_map(|s| s.1);
        Some(Person {
            id,
            name: name.to_string(),
            forms: forms.into_iter().map(|(f, _)| f.to_string()).collect(),
            first: dates().min(),
            last: dates().max(),
            stories: stories.into_iter().map(|s| s.0).collect(),
            quotations: names.iter().map(|n| n.quotes as usize).sum(),
        })
    }

    /// A person's canonical name.
    pub fn name(&self, id: PersonId) -> Option<&str> {
        let n = self.live(id.0)?;
        n.displays
            .iter()
            .max_by(|a, b| {
                let mixed = |s: &str| s.chars().any(char::is_lowercase);
                let accents = |s: &str| s.chars().filter(|c| !c.is_ascii()).count();
                mixed(&a.0)
                    .cmp(&mixed(&b.0))
                    .then(accents(&a.0).cmp(&accents(&b.0)))
                    .then(a.1.cmp(&b.1))
                    .then(b.0.cmp(&a.0))
            })
            .map(|d| &*d.0)
    }

    /// The people whose canonical name or any form is `name`, compared
    /// folded (case and accents aside).
    pub fn find(&self, name: &str) -> Vec<PersonId> {
        let key = fold(name);
        let mut found: Vec<PersonId> = self
            .by_key
            .get(key.as_str())
            .copied()
            .into_iter()
            .chain(
                self.by_form
                    .get(key.as_str())
                    .into_iter()
                    .flatten()
                    .map(|&(n, _)| n),
            )
            .filter(|&n| self.live(n).is_some())
            .map(|n| self.person_of(n))
            .collect();
        found.sort();
        found.dedup();
        found
    }

    /// Which stories count for a person and the forms each uses, newest
    /// first: why they are joined.
    pub fn contributions(&self, id: PersonId) -> Vec<Contribution<'_>> {
        let mut out: Vec<(Option<Date>, Contribution<'_>)> = Vec::new();
        for m in self.members(id) {
            let Some(n) = self.live(m) else { continue };
            for (story, date) in &n.stories {
                let Some(s) = self.stories.get(story) else {
                    continue;
                };
                let forms = s
                    .people
                    .iter()
                    .filter(|sp| sp.name == m)
                    .flat_map(|sp| sp.forms.iter().map(|f| &**f));
                match out.iter_mut().find(|(_, c)| c.story == *story) {
                    Some((_, c)) => c.forms.extend(forms),
                    None => out.push((
                        *date,
                        Contribution {
                            story: *story,
                            forms: forms.collect(),
                        },
                    )),
                }
            }
        }
        out.sort_by(|a, b| newest_first((a.1.story, a.0), (b.1.story, b.0)));
        out.into_iter().map(|(_, c)| c).collect()
    }

    /// Everything a person said, newest first, in story order within a story.
    pub fn quotations_of(&self, id: PersonId) -> Vec<Quotation<'_>> {
        let mut out = Vec::new();
        for m in self.members(id) {
            let Some(n) = self.live(m) else { continue };
            for (story, _) in &n.stories {
                let Some(s) = self.stories.get(story) else {
                    continue;
                };
                for (i, sp) in s.people.iter().enumerate() {
                    if sp.name != m || sp.quotes == 0 {
                        continue;
                    }
                    let i = u32::try_from(i).ok();
                    out.extend(
                        s.quotes
                            .iter()
                            .filter(|q| q.speaker.is_some() && q.speaker == i)
                            .map(|q| self.quotation(s, q, Some(id))),
                    );
                }
            }
        }
        sort_newest_first(&mut out);
        out
    }

    /// Every quotation of the library, newest first, with its speaker when
    /// the story says who spoke.
    pub fn quotations(&self) -> Vec<Quotation<'_>> {
        let mut out: Vec<Quotation<'_>> = self
            .stories
            .values()
            .flat_map(|s| {
                s.quotes.iter().map(move |q| {
                    let speaker = q
                        .speaker
                        .and_then(|i| s.people.get(i as usize))
                        .map(|sp| self.person_of(sp.name));
                    self.quotation(s, q, speaker)
                })
            })
            .collect();
        sort_newest_first(&mut out);
        out
    }

    fn quotation<'a>(
        &'a self,
        s: &'a Story,
        q: &'a StoredQuote,
        speaker: Option<PersonId>,
    ) -> Quotation<'a> {
        Quotation {
            story: &s.info,
            para: q.para as usize,
            range: q.start as usize..q.end as usize,
            text: &q.text,
            kind: q.kind,
            speaker,
        }
    }
}

/// Quotations newest first, undated last, in story order within a story:
/// the order of [`People::quotations`], for quotations gathered from several
/// people.
pub fn sort_newest_first(quotes: &mut [Quotation<'_>]) {
    quotes.sort_by(|a, b| {
        newest_first((a.story.id, a.story.date), (b.story.id, b.story.date))
            .then(a.para.cmp(&b.para))
            .then(a.range.start.cmp(&b.range.start))
    });
}
