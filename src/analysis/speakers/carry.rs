//! Quotations that carry on from what came before: a quotation-only
//! sentence or paragraph after an attributed one has the same speaker.

use super::context::Ctx;
use super::words::{OWN_WORDS, STOPS};
use super::{Decision, Said};
use crate::analysis::lexicon::{LABEL_VERB, VERB};
use crate::analysis::tokens::Kind;

impl Ctx<'_> {
    /// A quotation with nothing said about it continues the one before:
    /// in the same paragraph, or the previous paragraph's last when it fills
    /// its own paragraph; or it follows a sentence whose subject speaks.
    pub(super) fn continuation(&self, q: usize) -> Said {
        let piece = &self.pieces[q];
        let p = piece.para;
        let (qs, qe) = self.piece_toks(q);
        // Only a quotation that is a sentence of its own continues one.
        let starts_sentence = qs == 0
            || matches!(
                self.toks(p).get(qs - 1).map(|t| t.kind),
                Some(Kind::Punct(
                    '.' | '!' | '?' | '…' | '"' | '”' | '“' | '»' | '«'
                ))
            );
        if !starts_sentence {
            return self.phrase_after_phrase(q);
        }
        if let Some(prev) = q.checked_sub(1).filter(|&k| self.pieces[k].para == p) {
            let who = self.said.get(prev).copied().unwrap_or(Said::Unknown);
            let (_, pe) = self.piece_toks(prev);
            // Another person named between them, unless as the club or
            // firm before the speaker's role (`said Harriers head coach X`).
            let other = (pe..qs).any(|t| {
                self.mention_starting(p, t).is_some_and(|m| {
                    Some(m.person()) != who.speaker()
                        && !self.in_quote(p, t)
                        && self.name_after_role(p, t) != who.speaker()
                })
            });
            if other {
                return Said::Unknown;
            }
            if who != Said::Unknown {
                return who;
            }
        }
        if qs > 0 {
            // `Heald noted the findings show it. "An air-quality cleanup…"`
            return self.speaker_of_sentence_before(p, qs);
        }
        let fills = piece.open_end
            || self.toks(p)[qe..]
                .iter()
                .all(|t| !t.is_word() && !matches!(t.kind, Kind::Punct('"' | '“' | '„' | '«')));
        if !fills || p == 0 {
            return Said::Unknown;
        }
        if let Some(last) = q.checked_sub(1).filter(|&k| self.pieces[k].para == p - 1) {
            return self.said.get(last).copied().unwrap_or(Said::Unknown);
        }
        // `Detective Rachel Oyinlola appealed for witnesses.` then a quotation.
        let Some(last_tok) = self.toks(p - 1).len().checked_sub(1) else {
            return Said::Unknown;
        };
        match self.sentence_subject(p - 1, last_tok) {
            Decision::Speaker(x) => Said::Speaker(x),
            _ => Said::Unknown,
        }
    }

    /// A quoted phrase later in the sentence of an attributed one, with no
    /// verb and no other person between (`called the sentence "dangerous"
    /// and "ideological"`), is the same person's.
    fn phrase_after_phrase(&self, q: usize) -> Said {
        let p = self.pieces[q].para;
        let Some(prev) = q.checked_sub(1).filter(|&k| self.pieces[k].para == p) else {
            return Said::Unknown;
        };
        let who = self.said.get(prev).copied().unwrap_or(Said::Unknown);
        let (_, pe) = self.piece_toks(prev);
        let (qs, _) = self.piece_toks(q);
        if who == Said::Unknown || pe == 0 || !self.same_sentence(p, pe - 1, qs) {
            return Said::Unknown;
        }
        let clear = (pe..qs).all(|t| {
            if self.in_quote(p, t) {
                return true;
            }
            let verb =
                self.classes(p, t) & (VERB | LABEL_VERB) != 0 && !self.after_determiner(p, t);
            // `after the High Commissioner for Refugees "recommended it"`: a
            // name after `for` or `of` is no one speaking.
            let other = self.mention_starting(p, t).is_some_and(|m| {
                Some(m.person()) != who.speaker()
                    && !(t > 0 && self.lower(p, t - 1).is_some_and(|w| STOPS.contains(&w)))
            });
            !verb && !other && self.pronoun(p, t).is_none()
        });
        if clear { who } else { Said::Unknown }
    }

    /// The speaker of a verb of saying in the sentence that ends right before
    /// token `qs` of paragraph `p`, with no quotation of its own: `Wilkins
    /// also said Warhol was both an artist and a businessperson.`
    fn speaker_of_sentence_before(&self, p: usize, qs: usize) -> Said {
        let Some(&s) = self.sentence_row(p).get(qs) else {
            return Said::Unknown;
        };
        let Some((sp, ss, se)) = s.checked_sub(1).and_then(|b| self.sentence(p, b)) else {
            return Said::Unknown;
        };
        if (ss..se).any(|t| self.in_quote(sp, t)) {
            return Said::Unknown;
        }
        let verb = (ss..se.min(ss + 12))
            .find(|&t| self.classes(sp, t) & VERB != 0 && !self.after_determiner(sp, t));
        if let Some(Decision::Speaker(x)) = verb.map(|v| self.subject_before(sp, v)) {
            return Said::Speaker(x);
        }
        // `Senator John Cornyn issued a statement regarding the decision.`
        let states = (ss..se).any(|t| self.lower(sp, t).is_some_and(|w| OWN_WORDS.contains(&w)));
        match self.sentence_subject(sp, ss) {
            Decision::Speaker(x) if states => Said::Speaker(x),
            _ => Said::Unknown,
        }
    }
}
