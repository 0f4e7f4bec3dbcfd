//! People: runs of capitalised words judged by evidence, then linked so that
//! `Bukele` and `President Nayib Bukele` are one person.

use super::candidates::{
    Cand, MAX_NAME_WORDS, NO_ID, Names, Strength, candidate, core_of, credit, nicknamed,
    person_after, runs, split_pairs,
};
use super::evidence::{Para, not_a_name, organisation, single_stands};
use super::lexicon::{FastMap, FastSet, Gender, LEXICON, NOT_NAME, ORG_WORD, TITLE, is_particle};
use super::tagger;
use super::tokens::{Kind, Prepared};

pub(super) use super::evidence::is_role;

/// A mention found in the text, by byte range within its paragraph (tokens
/// are not kept past their paragraph, so no token indices here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub para: usize,
    pub start: u32,
    pub end: u32,
    /// 32 bits: a mention of a long story is kept for each name in it.
    person: u32,
    /// The name is followed by a possessive `'s`.
    pub poss: bool,
}

impl Mention {
    /// Index into [`People::names`].
    pub fn person(&self) -> usize {
        self.person as usize
    }
}

pub struct People {
    pub names: Vec<String>,
    pub genders: Vec<Option<Gender>>,
    /// Sorted by position.
    pub mentions: Vec<Mention>,
}

/// `The film, "Terra Seca," was shot`: words that fill a quotation on their
/// own are a title or a term, not a name the tagger may add.
fn quoted_whole(p: &Para, ts: usize, te: usize) -> bool {
    let quote = |k: usize| {
        p.toks
            .get(k)
            .is_some_and(|t| matches!(t.kind, Kind::Punct('"' | '“' | '”')))
    };
    let after = if p.punct(te, ',') || p.punct(te, '.') {
        te + 1
    } else {
        te
    };
    ts > 0 && quote(ts - 1) && quote(after)
}

/// The run `rs..re` stands where only a place goes: right after `in`,
/// `near` or `throughout` (`in Smith's book` is a person's), or after `the
/// city of` and its like.
fn placed(p: &Para, rs: usize, re: usize) -> bool {
    if rs == 0 || p.toks.get(re - 1).is_some_and(|t| t.poss) || p.punct(re, '\'') {
        return false;
    }
    let before = |k: usize| rs.checked_sub(k).map_or("", |i| p.key(i));
    let lower = |k: usize| {
        rs.checked_sub(k)
            .and_then(|i| p.word(i))
            .is_some_and(|w| !w.starts_with(char::is_uppercase))
    };
    (lower(1) && matches!(before(1), "in" | "near" | "throughout"))
        || (before(1) == "of"
            && lower(2)
            && matches!(
                before(2),
                "city" | "town" | "village" | "province" | "county" | "district" | "capital"
            ))
}

/// Every run of consecutive words of a space-joined name, space-joined.
fn sub_runs(name: &str) -> impl Iterator<Item = &str> {
    // Words are joined by single spaces, so every run is a slice of the name.
    let starts = std::iter::once(0).chain(name.match_indices(' ').map(|(i, _)| i + 1));
    starts.flat_map(move |s| {
        let rest = name.get(s..).unwrap_or("");
        rest.match_indices(' ')
            .map(move |(i, _)| rest.get(..i).unwrap_or(""))
            .chain(std::iter::once(rest))
    })
}

/// `Harold "Junior" Theriault` as `Harold Theriault`: the words before the
/// first quotation mark and after the last.
fn without_nickname(text: &str) -> String {
    let quote = |c: char| matches!(c, '"' | '“' | '”' | '‘' | '’' | '\'');
    match (text.find(quote), text.rfind(quote)) {
        (Some(open), Some(close)) if open < close => {
            let after = text
                .get(close..)
                .map_or("", |t| t.trim_start_matches(quote).trim_start());
            format!("{} {after}", text.get(..open).unwrap_or("").trim_end())
        }
        _ => text.to_string(),
    }
}

fn word_count(name: &str) -> usize {
    name.split(' ').count()
}

/// People of a story read one paragraph at a time: which names are people
/// depends on the whole story, but only the candidates need keeping, not the
/// paragraphs' tokens.
#[derive(Default)]
pub struct Finder {
    key: String,
    run_buf: Vec<(usize, usize)>,
    names: Names,
    /// Sorted by position, none overlapping.
    cands: Vec<Cand>,
    /// Cores of names the story gives to organisations.
    orgs: FastSet<u32>,
    /// Cores of names the story puts where a place goes (`in Luoyang`,
    /// `the village of Atwick`).
    places: FastSet<u32>,
    /// Per token of the paragraph: left out of the tagger's reading.
    skip: Vec<bool>,
    scratch: tagger::Scratch,
}

impl Finder {
    /// Reads paragraph `pi`; paragraphs must come in order.
    pub fn add(&mut self, pi: usize, text: &str, pre: &Prepared) {
        let p = Para {
            text,
            toks: &pre.toks,
            pre,
        };
        let first = self.cands.len();
        if text.contains('©')
            && let Some(c) = credit(&p, pi, &mut self.names)
        {
            self.cands.push(c);
        }
        runs(&p, &mut self.run_buf);
        split_pairs(&p, &mut self.run_buf);
        // Byte ranges of runs the rules call organisations, places or
        // nationalities: the tagger's names inside them are vetoed.
        let mut vetoed: Vec<(u32, u32)> = Vec::new();
        let mut joined = 0;
        for (k, &(rs, re)) in self.run_buf.iter().enumerate() {
            // The runs a nickname joins are read as one name.
            if k < joined {
                continue;
            }
            if let Some(c) = nicknamed(&p, pi, &self.run_buf, k, &mut self.key, &mut self.names) {
                let end = self.run_buf[k + 2].1;
                self.skip.resize(p.toks.len(), false);
                self.skip[rs..end].fill(true);
                self.cands.push(c);
                joined = k + 3;
                continue;
            }
            let rs = person_after(&p, rs, re).unwrap_or(rs);
            let bytes = (p.toks[rs].start, p.toks[re - 1].end);
            if placed(&p, rs, re) {
                self.places.insert(self.names.intern(&core_of(&p, rs, re)));
            }
            if let Some((os, oe, whole)) = organisation(&p, rs, re) {
                let id = self.names.intern(&core_of(&p, os, oe));
                self.orgs.insert(id);
                if whole {
                    vetoed.push(bytes);
                    continue;
                }
            }
            let cand = candidate(&p, pi, rs, re, &mut self.key, &mut self.names);
            // `Martin Luther King Jr. Boulevard`: a name in a place's name.
            let veto = not_a_name(&p, rs, re, &mut self.key)
                || (cand.is_none() && (rs..re).any(|k| p.class(k) & ORG_WORD != 0));
            if veto {
                vetoed.push(bytes);
            }
            // The tagger can neither add to a strong name nor find one in a
            // vetoed run, so it does not read them.
            let settled = veto
                || cand.is_some_and(|c| {
                    c.strength == Strength::Strong && c.start == bytes.0 && c.end == bytes.1
                });
            if settled {
                self.skip.resize(p.toks.len(), false);
                self.skip[rs..re].fill(true);
            }
            if let Some(c) = cand
                && c.strength != Strength::NotPerson
            {
                self.cands.push(c);
            }
        }
        self.add_tagged(&p, pi, first, &vetoed);
        self.skip.clear();
        // A credit may overlap a run: the earlier (the credit on a tie) wins.
        let para = &mut self.cands[first..];
        para.sort_by_key(|c| c.start);
        let mut kept = 0;
        for r in 0..para.len() {
            if r > 0 && para[r].start < para[kept].end {
                continue;
            }
            if r > 0 {
                kept += 1;
            }
            para[kept] = para[r];
        }
        let len = if para.is_empty() { 0 } else { kept + 1 };
        self.cands.truncate(first + len);
    }

    /// Names the learnt tagger finds in the paragraph, combined with the
    /// rules' candidates from `first` on. The rules decide first: a tagged
    /// name that overlaps a rule's candidate adds evidence to it when both
    /// cover the same words and is dropped otherwise (the rules know titles,
    /// particles and nicknames better), and a tagged name inside a run the
    /// rules call an organisation, place or nationality is vetoed. The
    /// tagger decides the rest: a name it tags where the rules found none
    /// is a person, whatever lists its words are in.
    fn add_tagged(&mut self, p: &Para, pi: usize, first: usize, vetoed: &[(u32, u32)]) {
        for span in tagger::spans(p.text, p.pre, &self.skip, &mut self.scratch) {
            let (Some(s), Some(e)) = (p.toks.get(span.start), p.toks.get(span.end - 1)) else {
                continue;
            };
            let (start, end) = (s.start, e.end);
            if vetoed.iter().any(|&(vs, ve)| vs <= start && end <= ve)
                || (span.len() == 1 && !single_stands(p, span.start))
                || quoted_whole(p, span.start, span.end)
            {
                continue;
            }
            let mut overlaps = false;
            for c in self.cands[first..]
                .iter_mut()
                .filter(|c| c.start < end && start < c.end)
            {
                overlaps = true;
                if c.start < start && c.end == end && span.len() > 1 {
                    // `Pan-democrat Lam Cheuk-ting`, `Famer Bill McKechnie`:
                    // the rules took a capitalised word before the name that
                    // no title list or given-name list explains; the tagger
                    // decides where such a name starts.
                    let lead = p.toks[..span.start]
                        .iter()
                        .rposition(|t| t.start == c.start)
                        .filter(|&ls| {
                            (ls..span.start).all(|k| {
                                p.word(k).is_some()
                                    && !is_particle(p.key(k))
                                    && p.class(k) & TITLE == 0
                                    && LEXICON.given(p.key(k)).is_none()
                                    && LEXICON.world_given(p.key(k)).is_none()
                            })
                        });
                    if lead.is_some() {
                        c.start = start;
                        c.n = u8::try_from(span.len()).unwrap_or(c.n);
                        c.core = self.names.intern(&core_of(p, span.start, span.end));
                        c.initials = NO_ID;
                        c.strength = Strength::Strong;
                        c.evidence = true;
                    }
                }
                if c.start == start && c.end == end {
                    c.evidence = true;
                    if c.strength == Strength::Weak {
                        c.strength = Strength::Strong;
                    }
                }
            }
            if overlaps {
                continue;
            }
            let Some(mut c) =
                candidate(p, pi, span.start, span.end, &mut self.key, &mut self.names)
                    .or_else(|| self.bare(p, pi, span.start, span.end))
            else {
                continue;
            };
            c.evidence = true;
            if c.n > 1 {
                c.strength = Strength::Strong;
            } else {
                c.strength = Strength::Single;
                c.place_here = false;
                c.classes &= !NOT_NAME;
            }
            self.cands.push(c);
        }
    }

    /// A candidate for words the rules would not take as a name.
    fn bare(&mut self, p: &Para, pi: usize, ts: usize, te: usize) -> Option<Cand> {
        let n = u8::try_from(te - ts)
            .ok()
            .filter(|&n| n > 0 && n as usize <= MAX_NAME_WORDS)?;
        let bytes = (p.toks.get(ts)?.start, p.toks.get(te - 1)?.end);
        let poss = p.toks.get(te - 1).is_some_and(|t| t.poss);
        Some(Cand::strong(
            pi,
            bytes,
            n,
            self.names.intern(&core_of(p, ts, te)),
            poss,
        ))
    }

    pub fn finish(self, paragraphs: &[&str]) -> People {
        let Finder {
            names,
            mut cands,
            orgs,
            places,
            ..
        } = self;
        let n_names = names.len();
        // A name the story gives to an organisation or a place is no
        // person's anywhere in it.
        for c in &mut cands {
            if orgs.contains(&c.core) || places.contains(&c.core) {
                c.strength = Strength::NotPerson;
            }
        }

        // Full names: strong ones, and weak ones that some mention supports.
        let mut evidenced = vec![false; n_names];
        for c in &cands {
            if c.evidence
                && c.strength != Strength::NotPerson
                && !c.calendar
                && let Some(e) = evidenced.get_mut(c.core as usize)
            {
                *e = true;
            }
        }
        // Whether a weak name is supported depends on its words alone.
        let mut supported: Vec<Option<bool>> = vec![None; n_names];
        let accepted: Vec<bool> = cands
            .iter()
            .map(|c| match c.strength {
                Strength::Strong => true,
                Strength::Weak => match supported.get(c.core as usize).copied().flatten() {
                    Some(s) => s,
                    None => {
                        let s = sub_runs(names.str(c.core)).any(|r| {
                            names
                                .get(r)
                                .is_some_and(|id| evidenced.get(id as usize) == Some(&true))
                        });
                        if let Some(slot) = supported.get_mut(c.core as usize) {
                            *slot = Some(s);
                        }
                        s
                    }
                },
                _ => false,
            })
            .collect();
        drop(supported);
        drop(evidenced);

        // Distinct full names, longest first, each either a person of its own
        // or a part of a longer one.
        let mut seen = vec![false; n_names];
        let mut forms: Vec<u32> = Vec::with_capacity(n_names);
        // Leading initials of a full name (`J.R.` of `J.R. Whitfield`).
        let mut initials: FastMap<u32, u32> = FastMap::default();
        for (c, _) in cands.iter().zip(&accepted).filter(|(_, a)| **a) {
            if let Some(s) = seen.get_mut(c.core as usize)
                && !*s
            {
                *s = true;
                forms.push(c.core);
            }
            if c.initials != NO_ID {
                initials.insert(c.core, c.initials);
            }
        }
        drop(seen);
        // Counted once each, not at every comparison; the sort stays stable.
        let mut counted: Vec<(usize, u32)> = forms
            .iter()
            .map(|&f| (word_count(names.str(f)), f))
            .collect();
        counted.sort_by_key(|&(words, _)| std::cmp::Reverse(words));
        let forms: Vec<u32> = counted.into_iter().map(|(_, f)| f).collect();
        let mut persons: Vec<u32> = Vec::with_capacity(forms.len());
        // Every run of consecutive words of a person's name -> those persons.
        // Only runs that are names of the story are ever looked up.
        let mut parts: FastMap<u32, Vec<usize>> = FastMap::default();
        // The other way round, person -> those runs: at most 37 for a name of
        // eight words, where a run may list thousands of persons in word salad.
        let mut keys_of: Vec<Vec<u32>> = Vec::with_capacity(forms.len());
        for f in forms {
            if parts.contains_key(&f) {
                continue;
            }
            let k = persons.len();
            let extra = initials.get(&f).map(|&w| names.str(w));
            let words = word_count(names.str(f));
            let mut keys = Vec::with_capacity(words * (words + 1) / 2 + 1);
            for r in sub_runs(names.str(f)).chain(extra) {
                let Some(id) = names.get(r) else { continue };
                let list = parts.entry(id).or_default();
                // `k` is the newest person, so it can only be last.
                if list.last() != Some(&k) {
                    list.push(k);
                    keys.push(id);
                }
            }
            keys_of.push(keys);
            persons.push(f);
        }

        // Assign each candidate occurrence to a person; 32 bits, as there is
        // one per candidate.
        let mut owner: Vec<u32> = vec![NO_ID; cands.len()];
        let as_id = |k: usize| u32::try_from(k).unwrap_or(NO_ID);
        let owned = |o: u32| (o != NO_ID).then_some(o as usize);
        // Per run of words: of the persons it names, the one last mentioned.
        // Kept up to date as persons are mentioned, so that a surname shared
        // by many names costs no scan of them all.
        let mut latest: Vec<u32> = vec![NO_ID; n_names];
        let mut standalone: FastMap<u32, usize> = FastMap::default();
        let mut pending: Vec<usize> = Vec::new();
        let none: Vec<usize> = Vec::new();
        for (i, c) in cands.iter().enumerate() {
            let matches = parts.get(&c.core).unwrap_or(&none);
            let linkable = match c.strength {
                Strength::NotPerson => false,
                Strength::Single => !c.calendar && !c.place_here,
                _ => accepted[i] || !matches.is_empty(),
            };
            if !linkable {
                continue;
            }
            match matches.len() {
                0 => {}
                1 => owner[i] = as_id(matches[0]),
                _ => {
                    // Shared surnames: the one last mentioned, else decided later.
                    if let Some(k) = latest.get(c.core as usize).and_then(|&k| owned(k)) {
                        owner[i] = as_id(k);
                    } else {
                        pending.push(i);
                    }
                }
            }
            if let Some(k) = owned(owner[i]) {
                for &r in keys_of.get(k).map_or(&[][..], Vec::as_slice) {
                    if let Some(l) = latest.get_mut(r as usize) {
                        *l = owner[i];
                    }
                }
            } else if matches.is_empty()
                && c.strength == Strength::Single
                && c.evidence
                && c.classes & NOT_NAME == 0
            {
                // A one-word name with evidence and no fuller form in the story.
                let next = persons.len() + standalone.len();
                owner[i] = as_id(*standalone.entry(c.core).or_insert(next));
            }
        }
        drop(accepted);
        // Singles that name a standalone person elsewhere in the story.
        for (i, c) in cands.iter().enumerate() {
            if owner[i] == NO_ID
                && c.strength == Strength::Single
                && !c.calendar
                && !c.place_here
                && let Some(&k) = standalone.get(&c.core)
            {
                owner[i] = as_id(k);
            }
        }
        for i in pending {
            let core = cands[i].core;
            let matches = parts.get(&core).unwrap_or(&none);
            // Looking a bounded way ahead keeps adversarial text linear.
            owner[i] = (i + 1..cands.len().min(i + 500))
                .find_map(|j| {
                    owned(owner[j]).filter(|&k| keys_of.get(k).is_some_and(|ks| ks.contains(&core)))
                })
                .or_else(|| matches.first().copied())
                .map_or(NO_ID, as_id);
        }

        // Number people by first mention; name each by its fullest form.
        let mut order: Vec<usize> = Vec::new();
        let mut index: Vec<usize> = vec![usize::MAX; persons.len() + standalone.len()];
        for o in owner.iter().filter_map(|&o| owned(o)) {
            if let Some(slot) = index.get_mut(o)
                && *slot == usize::MAX
            {
                *slot = order.len();
                order.push(o);
            }
        }
        let mut names_out = vec![String::new(); order.len()];
        let mut best: Vec<(u8, usize)> = vec![(0, 0); order.len()];
        let mut mentions = Vec::with_capacity(owner.iter().filter(|&&o| o != NO_ID).count());
        for (c, &o) in cands.iter().zip(&owner) {
            let Some(&idx) = owned(o).and_then(|o| index.get(o)) else {
                continue;
            };
            if idx == usize::MAX {
                continue;
            }
            let text = paragraphs
                .get(c.para)
                .and_then(|t| t.get(c.start as usize..c.end as usize))
                .unwrap_or("");
            let score = (c.n, text.len());
            if score > best[idx] {
                best[idx] = score;
                names_out[idx] = if c.nickname {
                    without_nickname(text)
                } else {
                    text.to_string()
                };
            }
            mentions.push(Mention {
                para: c.para,
                start: c.start,
                end: c.end,
                person: as_id(idx),
                poss: c.poss,
            });
        }
        let genders = order
            .iter()
            .map(|&o| {
                persons
                    .get(o)
                    .and_then(|&f| names.str(f).split_once(' '))
                    .and_then(|(g, _)| LEXICON.given(g))
            })
            .collect();
        People {
            names: names_out,
            genders,
            mentions,
        }
    }
}

#[cfg(test)]
#[path = "people_tests.rs"]
mod tests;
