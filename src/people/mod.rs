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
mod library;
mod story;
#[cfg(test)]
mod tests;

pub use fold::{fold, fold_into};
pub use library::Indexed;
pub use story::{NameKey, NamedPerson, SaidQuote, StoryPeople};

use std::ops::Range;
use std::sync::Arc;

use crate::analysis::Analysis;
use crate::article::{Article, ArticleId, Date, Origin};

/// What the index keeps of a story besides its people: the list's own row,
/// shared rather than copied, as its title, source and link were a third
/// of the index's memory at 100,000 stories.
#[derive(Debug, Clone)]
pub struct StoryInfo(Arc<Article>);

impl StoryInfo {
    /// Of a list row, which the index then shares. A row of a large
    /// library holds no text; of a small one, the text is held once either way.
    pub fn of(row: &Arc<Article>) -> StoryInfo {
        StoryInfo(Arc::clone(row))
    }

    /// Of a story known by these alone, as a row without text.
    pub fn listed(
        id: ArticleId,
        title: &str,
        date: Option<Date>,
        source: Option<&str>,
        origin: Origin,
    ) -> StoryInfo {
        StoryInfo(Arc::new(Article {
            id,
            origin,
            title: title.to_string(),
            date,
            published: None,
            dateline: None,
            source: source.map(Arc::from),
            author: None,
            url: None,
            paragraphs: Vec::new(),
            encoding: crate::decode::Encoding::Utf8,
            stub: None,
        }))
    }

    pub fn id(&self) -> ArticleId {
        self.0.id
    }

    pub fn title(&self) -> &str {
        &self.0.title
    }

    pub fn date(&self) -> Option<Date> {
        self.0.date
    }

    pub fn source(&self) -> Option<&str> {
        self.0.source.as_deref()
    }

    /// Its path or link, as `byline list` shows it.
    pub fn origin(&self) -> String {
        self.0.origin.to_string()
    }
}

impl PartialEq for StoryInfo {
    fn eq(&self, other: &StoryInfo) -> bool {
        self.id() == other.id()
            && self.title() == other.title()
            && self.date() == other.date()
            && self.source() == other.source()
            && self.0.origin == other.0.origin
    }
}

impl Eq for StoryInfo {}

/// A person while the index is unchanged: ids are not kept across changes,
/// as a change may join two people into one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PersonId(u32);

impl PersonId {
    /// A small number, below [`People::id_bound`]: for tables indexed by person.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

pub use crate::analysis::QuoteKind;

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

/// A person's counts, as [`People::summaries`] gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub id: PersonId,
    pub stories: usize,
    pub quotations: usize,
    pub last: Option<Date>,
    /// The first eight bytes of [`People::folded_name`] as a number: people
    /// in its order are in the order of their folded names as far as it
    /// goes, so only equal keys need their names compared.
    pub sort_key: u64,
}

/// The first eight bytes of `key`, big-endian, zero-padded.
fn head_of(key: &str) -> u64 {
    let mut head = [0u8; 8];
    let n = key.len().min(8);
    head[..n].copy_from_slice(&key.as_bytes()[..n]);
    u64::from_be_bytes(head)
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
    stories: FastMap<ArticleId, Story>,
    /// Every form of a name ever seen, as written, once: stories name the
    /// same people again and again, so each occurrence is a number.
    forms: Vec<Arc<str>>,
    form_ids: FastMap<Arc<str>, u32>,
    /// Each form's folded key, folded once.
    form_key: Vec<u32>,
    /// Every folded name or form ever seen; one no story uses any more is
    /// kept, empty, so that ids stay small numbers.
    keys: Vec<Key>,
    key_ids: FastMap<Box<str>, u32>,
    /// Every key's text, each ended by a line break, in id order: one
    /// search over this finds every key containing what a filter typed.
    key_text: String,
    /// Where each key starts in `key_text`.
    key_at: Vec<u32>,
    /// Surname key -> the names with stories that have it.
    surnames: FastMap<u32, Surname>,
}

#[derive(Debug, Clone)]
struct Story {
    info: StoryInfo,
    // Boxed slices, not vectors: 100,000 of these are in one table, and
    // each word a field saves is 1 MB of it.
    people: Box<[StoryPerson]>,
    /// The forms of every person of the story, each person's a run.
    forms: Box<[u32]>,
    quotes: Box<[StoredQuote]>,
    /// The quotations' texts, one after another.
    quote_text: Box<str>,
}

/// A person as one story names them.
#[derive(Debug, Clone)]
struct StoryPerson {
    name: u32,
    /// The fullest form the story uses.
    display: u32,
    forms: Range<u32>,
    quotes: u32,
}

#[derive(Debug, Clone)]
struct StoredQuote {
    para: u32,
    start: u32,
    end: u32,
    /// In the story's `quote_text`.
    text: Range<u32>,
    /// Index into the story's people.
    speaker: Option<u32>,
    kind: QuoteKind,
}

/// A folded name or form: the name of a person when stories use it as one,
/// and the names of those whose forms fold to it.
#[derive(Debug, Clone)]
struct Key {
    /// The text's first eight bytes as a number, so that sorting by name
    /// mostly compares numbers (see [`Summary::sort_key`]).
    head: u64,
    /// The date of its newest dated story.
    last: Option<Date>,
    /// Key of its surname.
    surname: u32,
    /// More than a surname: such a name is a person of its own, which a
    /// lone surname may join.
    full: bool,
    /// Unordered; a name is in few stories, most often one.
    stories: Vec<(ArticleId, Option<Date>)>,
    /// The stories' forms (form ids), with how many stories use each and
    /// how many of those as their fullest.
    forms: Vec<FormCount>,
    quotes: u32,
    /// How many of its stories call it by its surname alone.
    by_surname: u32,
    /// The names with a form folding to this key, sorted, with how many of
    /// their stories use it; forms folding to the name itself or to its
    /// surname are not here, as a common surname is a form of thousands
    /// (those are found through `surnames`).
    users: Vec<(u32, u32)>,
}

#[derive(Debug, Clone, Copy)]
struct FormCount {
    form: u32,
    stories: u32,
    displays: u32,
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

fn count_up(counts: &mut Vec<FormCount>, form: u32, display: bool) {
    let i = match counts.iter().position(|c| c.form == form) {
        Some(i) => i,
        None => {
            counts.push(FormCount {
                form,
                stories: 0,
                displays: 0,
            });
            counts.len() - 1
        }
    };
    counts[i].stories += 1;
    counts[i].displays += u32::from(display);
}

fn count_down(counts: &mut Vec<FormCount>, form: u32, display: bool) {
    if let Some(i) = counts.iter().position(|c| c.form == form) {
        counts[i].stories -= 1;
        counts[i].displays -= u32::from(display);
        if counts[i].stories == 0 {
            counts.swap_remove(i);
        }
    }
}

fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
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
        self.add_story(info, &StoryPeople::of(analysis, paragraphs));
    }

    /// Adds a story's people and quotations, as kept in the story
    /// database, in place of any story with its id.
    pub fn add_story(&mut self, info: StoryInfo, story: &StoryPeople<'_>) {
        self.remove(info.id());
        // Analysis person -> story person: two people of one story whose
        // names fold alike are one here.
        let mut of_person: Vec<Option<u32>> = Vec::with_capacity(story.people.len());
        let mut people: Vec<StoryPerson> = Vec::with_capacity(story.people.len());
        for p in &story.people {
            let display = self.form_id(&p.name);
            let name = display.map(|d| self.form_key[d as usize]);
            let Some((display, name)) = display.zip(name) else {
                of_person.push(None);
                continue;
            };
            let i = match people.iter().position(|sp| sp.name == name) {
                Some(i) => i,
                None => {
                    people.push(StoryPerson {
                        name,
                        display,
                        forms: 0..0,
                        quotes: 0,
                    });
                    people.len() - 1
                }
            };
            of_person.push(Some(narrow(i)));
        }
        let mut forms: Vec<u32> = Vec::new();
        for (i, sp) in people.iter_mut().enumerate() {
            let start = forms.len();
            let of_this = story
                .people
                .iter()
                .zip(&of_person)
                .filter(|(_, o)| **o == Some(narrow(i)))
                .map(|(p, _)| p);
            for p in of_this {
                for form in std::iter::once(&p.name).chain(&p.forms) {
                    if let Some(f) = self.form_id(form)
                        && !forms[start..].contains(&f)
                    {
                        forms.push(f);
                    }
                }
            }
            sp.forms = narrow(start)..narrow(forms.len());
        }
        let mut quotes = Vec::with_capacity(story.quotes.len());
        let mut quote_text = String::new();
        for q in &story.quotes {
            let speaker = q
                .speaker
                .and_then(|s| of_person.get(s as usize).copied().flatten());
            if let Some(sp) = speaker.and_then(|s| people.get_mut(s as usize)) {
                sp.quotes += 1;
            }
            let at = quote_text.len();
            quote_text.push_str(&q.text);
            quotes.push(StoredQuote {
                para: q.para,
                start: q.start,
                end: q.end,
                text: narrow(at)..narrow(quote_text.len()),
                speaker,
                kind: q.kind,
            });
        }
        for sp in &people {
            let of_sp = forms
                .get(sp.forms.start as usize..sp.forms.end as usize)
                .unwrap_or(&[]);
            self.link(sp, of_sp, info.id(), info.date());
        }
        self.stories.insert(
            info.id(),
            Story {
                info,
                people: people.into_boxed_slice(),
                forms: forms.into_boxed_slice(),
                quotes: quotes.into_boxed_slice(),
                quote_text: quote_text.into_boxed_str(),
            },
        );
    }

    /// Takes a story out, and everything it contributed; false when it was
    /// not in.
    pub fn remove(&mut self, id: ArticleId) -> bool {
        let Some(story) = self.stories.remove(&id) else {
            return false;
        };
        for sp in &story.people {
            let of_sp = story
                .forms
                .get(sp.forms.start as usize..sp.forms.end as usize)
                .unwrap_or(&[]);
            self.unlink(sp, of_sp, id);
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

    /// The id of a form as written, and its key's made on first sight;
    /// None for a form that folds to nothing.
    fn form_id(&mut self, form: &str) -> Option<u32> {
        if let Some(&id) = self.form_ids.get(form) {
            return Some(id);
        }
        let key = fold(form);
        if key.is_empty() {
            return None;
        }
        let key = self.key_id(&key);
        let id = narrow(self.forms.len());
        let form: Arc<str> = form.into();
        self.forms.push(Arc::clone(&form));
        self.form_ids.insert(form, id);
        self.form_key.push(key);
        Some(id)
    }

    fn key_id(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.key_ids.get(key) {
            return id;
        }
        let (surname, full) = surname(key);
        // The surname's key is made first, so that this one's id is next.
        let surname = (surname != key).then(|| self.key_id(surname));
        let id = narrow(self.keys.len());
        let surname = surname.unwrap_or(id);
        self.key_at.push(narrow(self.key_text.len()));
        self.key_text.push_str(key);
        self.key_text.push('\n');
        self.keys.push(Key {
            head: head_of(key),
            last: None,
            surname,
            full,
            stories: Vec::new(),
            forms: Vec::new(),
            quotes: 0,
            by_surname: 0,
            users: Vec::new(),
        });
        self.key_ids.insert(key.into(), id);
        id
    }

    fn link(&mut self, sp: &StoryPerson, forms: &[u32], story: ArticleId, date: Option<Date>) {
        let Some(name) = self.keys.get_mut(sp.name as usize) else {
            return;
        };
        if name.stories.is_empty() {
            let s = self.surnames.entry(name.surname).or_default();
            if name.full { &mut s.full } else { &mut s.lone }.push(sp.name);
        }
        name.stories.push((story, date));
        name.last = name.last.max(date);
        name.quotes += sp.quotes;
        let surname = name.surname;
        for &form in forms {
            count_up(&mut name.forms, form, form == sp.display);
            let key = self.form_key.get(form as usize).copied();
            if key == Some(surname) && surname != sp.name {
                name.by_surname += 1;
            }
        }
        for &form in forms {
            let Some(key) = self.form_key.get(form as usize).copied() else {
                continue;
            };
            if key == sp.name || key == surname {
                continue;
            }
            let Some(users) = self.keys.get_mut(key as usize).map(|k| &mut k.users) else {
                continue;
            };
            match users.binary_search_by_key(&sp.name, |u| u.0) {
                Ok(i) => users[i].1 += 1,
                Err(i) => users.insert(i, (sp.name, 1)),
            }
        }
    }

    fn unlink(&mut self, sp: &StoryPerson, forms: &[u32], story: ArticleId) {
        let Some(name) = self.keys.get_mut(sp.name as usize) else {
            return;
        };
        if let Some(i) = name.stories.iter().position(|(s, _)| *s == story) {
            let (_, date) = name.stories.swap_remove(i);
            if date.is_some() && date == name.last {
                name.last = name.stories.iter().filter_map(|s| s.1).max();
            }
        }
        name.quotes = name.quotes.saturating_sub(sp.quotes);
        let surname = name.surname;
        for &form in forms {
            count_down(&mut name.forms, form, form == sp.display);
            let key = self.form_key.get(form as usize).copied();
            if key == Some(surname) && surname != sp.name {
                name.by_surname = name.by_surname.saturating_sub(1);
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
        for &form in forms {
            let Some(key) = self.form_key.get(form as usize).copied() else {
                continue;
            };
            if key == sp.name || key == surname {
                continue;
            }
            let Some(users) = self.keys.get_mut(key as usize).map(|k| &mut k.users) else {
                continue;
            };
            if let Ok(i) = users.binary_search_by_key(&sp.name, |u| u.0) {
                users[i].1 -= 1;
                if users[i].1 == 0 {
                    users.remove(i);
                }
            }
        }
    }

    fn live(&self, name: u32) -> Option<&Key> {
        self.keys
            .get(name as usize)
            .filter(|n| !n.stories.is_empty())
    }

    fn form(&self, id: u32) -> &str {
        self.forms.get(id as usize).map_or("", |f| f)
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

    /// Every person with their counts, in no particular order: what
    /// [`People::persons`] says of each, without building their lists of
    /// forms and stories, so that a view of everyone opens at once.
    pub fn summaries(&self) -> Vec<Summary> {
        let mut ids: Vec<ArticleId> = Vec::new();
        (0..self.keys.len())
            .map(narrow)
            .filter_map(|n| {
                let key = self.live(n)?;
                if self.person_of(n).0 != n {
                    return None;
                }
                let lone = self.lone_members(n, key);
                let (stories, quotations, last) = if lone.is_empty() {
                    (key.stories.len(), key.quotes, key.last)
                } else {
                    // A story may name both the full name and, apart, the surname.
                    ids.clear();
                    let (mut quotes, mut last) = (0, None);
                    let members =
                        std::iter::once(key).chain(lone.iter().filter_map(|&m| self.live(m)));
                    for m in members {
                        quotes += m.quotes;
                        last = last.max(m.last);
                        ids.extend(m.stories.iter().map(|s| s.0));
                    }
                    ids.sort_unstable();
                    ids.dedup();
                    (ids.len(), quotes, last)
                };
                Some(Summary {
                    id: PersonId(n),
                    stories,
                    quotations: quotations as usize,
                    last,
                    sort_key: key.head,
                })
            })
            .collect()
    }

    /// One more than the largest [`PersonId::index`] there is now.
    pub fn id_bound(&self) -> usize {
        self.keys.len()
    }

    /// Everyone with a form of their name that contains `folded` (as
    /// [`fold`] gives it), sorted by id.
    pub fn containing(&self, folded: &str) -> Vec<PersonId> {
        let mut found = Vec::new();
        if folded.is_empty() || folded.contains('\n') {
            return found;
        }
        let finder = memchr::memmem::Finder::new(folded.as_bytes());
        let hay = self.key_text.as_bytes();
        let mut at = 0;
        while let Some(pos) = hay.get(at..).and_then(|h| finder.find(h)).map(|f| at + f) {
            let key = self
                .key_at
                .partition_point(|&s| s as usize <= pos)
                .saturating_sub(1);
            self.persons_with_key(narrow(key), &mut found);
            // One match is enough: on to the next key.
            at = self.key_at.get(key + 1).map_or(hay.len(), |&s| s as usize);
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Everyone with a form folding to `key`, perhaps more than once.
    fn persons_with_key(&self, key: u32, out: &mut Vec<PersonId>) {
        let users = self.keys.get(key as usize).map_or(&[][..], |k| &k.users);
        // Names called by this surname alone: full ones, and ones of a
        // surname and a suffix ("King Jr." called "King").
        let with_surname = self
            .surnames
            .get(&key)
            .map_or((&[][..], &[][..]), |s| (&s.full[..], &s.lone[..]));
        let by_surname = with_surname
            .0
            .iter()
            .chain(with_surname.1)
            .copied()
            .filter(|&n| self.keys.get(n as usize).is_some_and(|k| k.by_surname > 0));
        out.extend(
            std::iter::once(key)
                .chain(users.iter().map(|&(n, _)| n))
                .chain(by_surname)
                .filter(|&n| self.live(n).is_some())
                .map(|n| self.person_of(n)),
        );
    }

    /// A person's name folded, as sorting by name compares it.
    pub fn folded_name(&self, id: PersonId) -> &str {
        let Some(&start) = self.key_at.get(id.index()) else {
            return "";
        };
        let end = self
            .key_at
            .get(id.index() + 1)
            .map_or(self.key_text.len(), |&e| e as usize);
        // Each key ends in a line break, which is not part of it.
        self.key_text
            .get(start as usize..end.saturating_sub(1))
            .unwrap_or("")
    }

    /// The lone surnames that join a full name (see [`People::members`]).
    fn lone_members(&self, name: u32, key: &Key) -> &[u32] {
        if key.full
            && let Some(s) = self.surnames.get(&key.surname)
            && let [only] = s.full[..]
            && only == name
        {
            return &s.lone;
        }
        &[]
    }

    /// Every person, in no particular order.
    pub fn persons(&self) -> Vec<Person> {
        (0..self.keys.len())
            .map(narrow)
            .filter(|&n| self.live(n).is_some() && self.person_of(n).0 == n)
            .filter_map(|n| self.person(PersonId(n)))
            .collect()
    }

    pub fn person(&self, id: PersonId) -> Option<Person> {
        let members = self.members(id);
        if members.is_empty() {
            return None;
        }
        let names: Vec<&Key> = members.iter().filter_map(|&m| self.live(m)).collect();
        let mut forms: Vec<(&str, u32)> = Vec::new();
        for n in &names {
            for c in &n.forms {
                let (f, count) = (self.form(c.form), c.stories);
                match forms.iter_mut().find(|(g, _)| *g == f) {
                    Some((_, c)) => *c += count,
                    None => forms.push((f, count)),
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
        self.name_id(id.0).map(|f| self.form(f))
    }

    /// The form id of a name's canonical form.
    fn name_id(&self, name: u32) -> Option<u32> {
        let n = self.live(name)?;
        n.forms
            .iter()
            .filter(|c| c.displays > 0)
            .map(|c| (self.form(c.form), c.displays, c.form))
            .max_by(|a, b| {
                let mixed = |s: &str| s.chars().any(char::is_lowercase);
                let accents = |s: &str| s.chars().filter(|c| !c.is_ascii()).count();
                mixed(a.0)
                    .cmp(&mixed(b.0))
                    .then(accents(a.0).cmp(&accents(b.0)))
                    .then(a.1.cmp(&b.1))
                    .then(b.0.cmp(a.0))
            })
            .map(|d| d.2)
    }

    /// The people whose canonical name or any form is `name`, compared
    /// folded (case and accents aside).
    pub fn find(&self, name: &str) -> Vec<PersonId> {
        let Some(key) = self.key_ids.get(fold(name).as_str()).copied() else {
            return Vec::new();
        };
        let mut found = Vec::new();
        self.persons_with_key(key, &mut found);
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
                    .flat_map(|sp| {
                        s.forms
                            .get(sp.forms.start as usize..sp.forms.end as usize)
                            .unwrap_or(&[])
                    })
                    .map(|&f| self.form(f));
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
                    let i = Some(narrow(i));
                    out.extend(
                        s.quotes
                            .iter()
                            .filter(|q| q.speaker == i)
                            .map(|q| quotation(s, q, Some(id))),
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
                    quotation(s, q, speaker)
                })
            })
            .collect();
        sort_newest_first(&mut out);
        out
    }
}

fn quotation<'a>(s: &'a Story, q: &StoredQuote, speaker: Option<PersonId>) -> Quotation<'a> {
    Quotation {
        story: &s.info,
        para: q.para as usize,
        range: q.start as usize..q.end as usize,
        text: s
            .quote_text
            .get(q.text.start as usize..q.text.end as usize)
            .unwrap_or(""),
        kind: q.kind,
        speaker,
    }
}

/// Quotations newest first, undated last, in story order within a story:
/// the order of [`People::quotations`], for quotations gathered from several
/// people.
pub fn sort_newest_first(quotes: &mut [Quotation<'_>]) {
    quotes.sort_by(|a, b| {
        newest_first(
            (a.story.id(), a.story.date()),
            (b.story.id(), b.story.date()),
        )
        .then(a.para.cmp(&b.para))
        .then(a.range.start.cmp(&b.range.start))
    });
}

use crate::hashing::FastMap;
