//! Evidence around a run of capitalised words: what the words before and
//! after it say about whether it names a person, a place or an organisation.

use super::lexicon::{
    COMMON, DEMONYMS, LEXICON, LOCATIVES, NATIONALITY, ORG_KINDS, ORG_NAME, ORG_SUFFIXES,
    PERSON_NOUNS, PHRASE_START, PLACE, ROLES, TITLE, VERB,
};
use super::tokens::{Kind, Prepared, Token, is_cap};

pub(super) fn is_role(key: &str) -> bool {
    ROLES.contains(key)
}

/// The organisation a run of capitalised words in `rs..re` names, by its
/// linking core, when the words around it say it is one. `whole` is set
/// when the entire run is the organisation's name (no person can be in it).
pub(super) fn organisation(p: &Para, rs: usize, re: usize) -> Option<(usize, usize, bool)> {
    let kind_at = |i: usize| {
        p.word(i).is_some_and(|w| !is_cap(w))
            && !p.toks.get(i).is_some_and(|t| t.poss)
            && ORG_KINDS.contains(p.key(i))
    };
    if rs > 0 && (kind_at(rs - 1) || (rs > 1 && p.punct(rs - 1, ',') && kind_at(rs - 2))) {
        return Some((rs, re, true));
    }
    if re - rs >= 2 && ORG_SUFFIXES.contains(p.key(re - 1)) {
        // Words that open a sentence (`The`) are no part of the name.
        let mut ns = rs;
        while ns + 1 < re - 1 && p.class(ns) & COMMON != 0 {
            ns += 1;
        }
        return Some((ns, re - 1, false));
    }
    None
}

pub(super) struct Para<'a> {
    pub(super) text: &'a str,
    pub(super) toks: &'a [Token],
    pub(super) pre: &'a Prepared,
}

impl Para<'_> {
    pub(super) fn word(&self, i: usize) -> Option<&str> {
        let t = self.toks.get(i)?;
        (t.kind == Kind::Word).then(|| t.text(self.text))
    }

    pub(super) fn punct(&self, i: usize, c: char) -> bool {
        self.toks.get(i).is_some_and(|t| t.is_punct(c))
    }

    pub(super) fn class(&self, i: usize) -> u16 {
        self.pre.class(i)
    }

    pub(super) fn key(&self, i: usize) -> &str {
        self.pre.key(i)
    }
}

/// Longest title phrase starting at `i` and ending before `end`, as its end.
pub(super) fn title_at(p: &Para, i: usize, end: usize, key: &mut String) -> Option<usize> {
    let max = if p.class(i) & PHRASE_START != 0 {
        LEXICON.max_phrase.min(end - i)
    } else {
        1
    };
    for len in (2..=max).rev() {
        key.clear();
        for k in i..i + len {
            if k > i {
                key.push(' ');
            }
            key.push_str(if p.word(k).is_some() { p.key(k) } else { "&" });
        }
        if LEXICON.phrase(key) & TITLE != 0 {
            return Some(i + len);
        }
    }
    (p.class(i) & TITLE != 0).then_some(i + 1)
}

pub(super) fn is_numeric(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_ascii_digit())
}

pub(super) fn verb_at(p: &Para, i: usize) -> bool {
    p.class(i) & VERB != 0
}

/// Evidence around a name in `ts..te`: a saying verb next to it, an age, a
/// title or role word just before it, `according to` before it.
pub(super) fn context_evidence(p: &Para, ts: usize, te: usize) -> bool {
    if verb_at(p, te) {
        return true;
    }
    if p.punct(te, ',') && verb_at(p, te + 1) {
        return true;
    }
    if personal_cue(p, te) {
        return true;
    }
    // `Carlo Ancelotti, the Madrid coach,`: a role in apposition.
    if p.punct(te, ',')
        && matches!(
            p.key(te + 1),
            "the" | "a" | "an" | "his" | "her" | "their" | "its"
        )
    {
        for k in te + 2..te + 7 {
            if p.class(k) & TITLE != 0 && p.word(k).is_some_and(|w| !is_cap(w)) {
                return true;
            }
            if p.word(k).is_none() {
                break;
            }
        }
    }
    if ts == 0 {
        return false;
    }
    let before = ts - 1;
    if let Some(w) = p.word(before) {
        if w.ends_with("-year-old") || w.ends_with("-years-old") {
            return true;
        }
        // A verb of saying before a name is written in lower case (`said
        // Ruiz`); `State Route` and `Note Smith` are not that.
        if (p.class(before) & VERB != 0 && !is_cap(w))
            || p.class(before) & TITLE != 0
            || is_role(p.key(before))
            || (!is_cap(w) && agentive(p.key(before)))
        {
            return true;
        }
        if p.key(before) == "to"
            && p.word(before.wrapping_sub(1))
                .is_some_and(|w| w.eq_ignore_ascii_case("according"))
        {
            return true;
        }
    }
    false
}

/// The word at `i` starts a sentence, a quotation or a paragraph.
pub(super) fn sentence_initial(p: &Para, i: usize) -> bool {
    let Some(prev) = i.checked_sub(1).and_then(|j| p.toks.get(j)) else {
        return true;
    };
    match prev.kind {
        Kind::Punct('.' | '!' | '?' | ':' | '“' | '„' | '«' | '(' | '—' | '–' | '…') => {
            true
        }
        // A straight mark opens a quotation when the word touches it.
        Kind::Punct('"') => p.toks.get(i).is_some_and(|t| t.start == prev.end),
        _ => false,
    }
}

/// `Bell, 61,`: an age in apposition right after the name ending at `te`.
pub(super) fn aged(p: &Para, te: usize) -> bool {
    p.punct(te, ',') && p.word(te + 1).is_some_and(is_numeric) && p.punct(te + 2, ',')
}

/// What is said only of a person, right after the name ending at `te`: an
/// age (`Bell, 61,`, `Bell, now 61,`), a relative `who` (`Bell, who`) or a
/// reflexive (`Bell herself`). Evidence enough for a name standing alone,
/// even at the start of a sentence.
pub(super) fn personal_cue(p: &Para, te: usize) -> bool {
    let lower = |i: usize| p.word(i).is_some_and(|w| !is_cap(w));
    aged(p, te)
        || (p.punct(te, ',')
            && lower(te + 1)
            && p.key(te + 1) == "now"
            && p.word(te + 2).is_some_and(is_numeric)
            && p.punct(te + 3, ','))
        || (p.punct(te, ',') && lower(te + 1) && p.key(te + 1) == "who")
        || (lower(te) && matches!(p.key(te), "himself" | "herself"))
        || described_after(p, te)
}

/// `Dana Paris, a nurse at the clinic,`, `Lin Jordan, an Australian
/// woman`: a noun said only of a person within the first words of an
/// apposition after the name ending at `te`. The window stops where the
/// phrase turns (`Jordan, a country whose women`).
fn described_after(p: &Para, te: usize) -> bool {
    if !(p.punct(te, ',') && matches!(p.key(te + 1), "a" | "an")) {
        return false;
    }
    for k in te + 2..te + 5 {
        let Some(w) = p.word(k) else {
            return false;
        };
        let key = p.key(k);
        if matches!(
            key,
            "of" | "whose" | "where" | "which" | "that" | "with" | "and"
        ) {
            return false;
        }
        if !is_cap(w) && (PERSON_NOUNS.contains(&key) || is_role(key) || agentive(key)) {
            return true;
        }
    }
    false
}

/// `keyboardist`, `cellist`: a word for what a person does, in `-ist`, not
/// one of the other words so spelt.
fn agentive(key: &str) -> bool {
    key.len() >= 6
        && key.ends_with("ist")
        && !matches!(
            key,
            "against"
                | "assist"
                | "consist"
                | "desist"
                | "exist"
                | "insist"
                | "persist"
                | "resist"
                | "subsist"
                | "whilst"
        )
}

/// A verb of saying right before or right after the name in `ts..te`
/// (`said Aoi Takeuchi`, `Aoi Takeuchi said`).
pub(super) fn saying_next_to(p: &Para, ts: usize, te: usize) -> bool {
    verb_at(p, te) || (ts > 0 && verb_at(p, ts - 1) && p.word(ts - 1).is_some_and(|w| !is_cap(w)))
}

/// Evidence for a name of several words from what describes it just before:
/// a nationality (`Frenchman Theo Marchand`), a country's possessive
/// (`Denmark's Mikkel Ostergaard`) or a role in apposition (`its design
/// chief, Siobhan Ni Bhriain`).
pub(super) fn described_before(p: &Para, ts: usize) -> bool {
    let Some(before) = ts.checked_sub(1) else {
        return false;
    };
    if p.word(before).is_some() {
        let c = p.class(before);
        return c & NATIONALITY != 0
            || DEMONYMS.contains(&p.key(before))
            || (c & PLACE != 0 && p.toks.get(before).is_some_and(|t| t.poss));
    }
    p.punct(before, ',')
        && before > 0
        && p.word(before - 1).is_some_and(|w| !is_cap(w))
        && (p.class(before - 1) & TITLE != 0 || is_role(p.key(before - 1)))
}

pub(super) fn place_context(p: &Para, ts: usize, te: usize) -> bool {
    if ts > 0 {
        if LOCATIVES.contains(&p.key(ts - 1)) {
            return true;
        }
        // `Savannah, Georgia`
        if p.punct(ts - 1, ',') && ts >= 2 && p.class(ts - 2) & PLACE != 0 {
            return true;
        }
    }
    // `Jackson, Mississippi`
    p.punct(te, ',') && p.class(te + 1) & PLACE != 0
}

/// Whether one word the tagger calls a name can stand as one: not a word
/// capitalised only for opening the sentence unless a list knows it as a
/// name, and not one half of a name around a nickname (`Odell "Sonny" Pruitt`).
pub(super) fn single_stands(p: &Para, i: usize) -> bool {
    let quote = |k: usize| {
        p.toks
            .get(k)
            .is_some_and(|t| matches!(t.kind, Kind::Punct('"' | '“' | '”')))
    };
    let cap = |k: usize| p.word(k).is_some_and(is_cap);
    if (quote(i + 1) && cap(i + 2)) || (i >= 2 && quote(i - 1) && cap(i - 2)) {
        return false;
    }
    let key = p.key(i);
    !sentence_initial(p, i) || LEXICON.world_given(key).is_some() || LEXICON.is_world_surname(key)
}

/// The run `rs..re` as a whole is a listed organisation, place or
/// nationality, or joins words by `&` (`Marks & Spencer`).
pub(super) fn not_a_name(p: &Para, rs: usize, re: usize, key: &mut String) -> bool {
    if re - rs == 1 {
        return p.class(rs) & (ORG_NAME | PLACE | NATIONALITY) != 0;
    }
    if (rs..re).any(|k| p.word(k).is_none()) {
        return true;
    }
    key.clear();
    for k in rs..re {
        if k > rs {
            key.push(' ');
        }
        key.push_str(p.key(k));
    }
    LEXICON.phrase(key) & (ORG_NAME | PLACE | NATIONALITY) != 0
}
