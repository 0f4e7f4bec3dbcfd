//! Sources that are not people: the words naming who spoke when no person
//! the story names did (`the commission said`, `said a spokesman for the
//! ministry`, `police said`).

use super::context::Ctx;
use super::words::{DETERMINERS, OWN_WORDS, PHRASE_BREAKS, SOURCE_NOUNS};
use super::{Decision, Phrase};
use crate::analysis::lexicon::{ORG_NAME, ORG_WORD, VERB};
use crate::analysis::tokens::{Kind, is_all_caps, is_cap};

/// The most words a source phrase runs to: longer runs are clauses.
const MOST_WORDS: usize = 10;

impl Ctx<'_> {
    /// A word that may be part of a source phrase (not a verb, a pronoun or a
    /// word that starts a clause), or the dots of an initialism (`U.S.`).
    fn phrase_word(&self, p: usize, i: usize) -> bool {
        if self.in_quote(p, i) {
            return false;
        }
        match self.lower(p, i) {
            Some(w) => {
                !PHRASE_BREAKS.contains(&w)
                    && (self.classes(p, i) & VERB == 0 || self.after_determiner(p, i))
            }
            None => {
                self.is_punct(p, i, '.')
                    && i > 0
                    && self.word(p, i - 1).is_some_and(|w| w.chars().count() == 1)
            }
        }
    }

    /// Whether the words `a..=b` name a source: a determiner or a possessive
    /// before them (`the commission`, `his office`, `Meridian's board`), a
    /// noun that speaks without one (`police`), or a name that is not a
    /// person's (`KCNA`, `the Sydney Morning Herald`).
    fn names_source(&self, p: usize, a: usize, b: usize) -> bool {
        let first = self.lower(p, a).unwrap_or("");
        if DETERMINERS.contains(&first) {
            return b > a;
        }
        if (a..=b).any(|k| self.toks(p).get(k).is_some_and(|t| t.poss)) {
            return true;
        }
        let head = self.lower(p, b).unwrap_or("");
        if SOURCE_NOUNS.contains(&head) {
            return true;
        }
        // A capitalised name: only an initialism or an organisation's word,
        // so that a person the analysis missed is not made a source.
        let raw = self.word(p, b).unwrap_or("");
        (a..=b).all(|k| self.word(p, k).is_none_or(is_cap))
            && (is_all_caps(raw) && raw.chars().count() >= 2
                || self.classes(p, b) & (ORG_WORD | ORG_NAME) != 0)
    }

    fn phrase(&self, p: usize, a: usize, b: usize) -> Decision {
        let toks = self.toks(p);
        // `Cornyn's statement added`: a person's own words, by another name.
        if b == a + 1
            && let Some(m) = self.mention_starting(p, a)
            && m.poss
            && self.lower(p, b).is_some_and(|w| OWN_WORDS.contains(&w))
        {
            return Decision::Speaker(m.person());
        }
        match (toks.get(a), toks.get(b)) {
            (Some(s), Some(e)) if self.names_source(p, a, b) => Decision::Source(Phrase {
                para: p,
                start: s.start as usize,
                end: e.end as usize,
            }),
            _ => Decision::NoOne,
        }
    }

    /// The source named by the words ending at token `t`, the subject of a
    /// verb of saying right after it (`a spokesman for the ministry said`).
    pub(super) fn source_ending(&self, p: usize, t: usize, v: usize) -> Decision {
        if !self.phrase_word(p, t) {
            return Decision::NoOne;
        }
        let mut a = t;
        while a > 0
            && t - (a - 1) < MOST_WORDS
            && self.same_sentence(p, a - 1, v)
            && self.phrase_word(p, a - 1)
        {
            a -= 1;
        }
        // A phrase starts its sentence or clause: otherwise its first words
        // may be the end of something else (`the report on crime police said`).
        let starts = a == 0
            || !self.same_sentence(p, a - 1, v)
            || matches!(
                self.toks(p).get(a - 1).map(|t| t.kind),
                Some(Kind::Punct(',' | ';' | ':' | '(' | '—' | '–'))
            )
            || self.in_quote(p, a - 1)
            || self
                .lower(p, a - 1)
                .is_some_and(|w| matches!(w, "and" | "but" | "that" | "as" | "with"));
        if !starts {
            return Decision::NoOne;
        }
        self.phrase(p, a, t)
    }

    /// The source that opens the sentence of token `v`, as its subject: the
    /// words up to its first verb of saying (`One poster admitted`).
    pub(super) fn source_opening(&self, p: usize, v: usize) -> Decision {
        let Some(&s) = self.sentence_row(p).get(v) else {
            return Decision::NoOne;
        };
        let Some((_, ss, _)) = self.sentence(p, s) else {
            return Decision::NoOne;
        };
        let mut b = ss;
        while b < v && b < ss + MOST_WORDS && self.phrase_word(p, b) {
            b += 1;
        }
        if b == ss || self.classes(p, b) & VERB == 0 {
            return Decision::NoOne;
        }
        self.phrase(p, ss, b - 1)
    }

    /// The source named by the words after the verb of saying at `v`, up to
    /// the end of the sentence or a comma (`said the commission`).
    pub(super) fn source_after(&self, p: usize, v: usize) -> Decision {
        let a = v + 1;
        let mut b = a;
        while b + 1 < a + MOST_WORDS
            && self.same_sentence(p, b + 1, v)
            && self.phrase_word(p, b + 1)
        {
            b += 1;
        }
        if !self.phrase_word(p, a) {
            return Decision::NoOne;
        }
        // The phrase ends the clause: `said the commission.` or `said police,`
        let ends = self.toks(p).get(b + 1).is_none_or(|t| {
            matches!(t.kind, Kind::Punct('.' | ',' | ';' | '!' | '?' | ':'))
                || !self.same_sentence(p, b + 1, v)
        }) || self
            .lower(p, b + 1)
            .is_some_and(|w| PHRASE_BREAKS.contains(&w));
        if !ends {
            return Decision::NoOne;
        }
        self.phrase(p, a, b)
    }
}
