//! Speech or a term: someone's words, or a word or phrase set in quotation
//! marks (scare quotes, a title, a nickname: `the "red line"`).

use super::Decision;
use super::context::Ctx;
use crate::analysis::QuoteKind;
use crate::analysis::lexicon::VERB;
use crate::analysis::tokens::{Kind, is_cap};

/// The most words a term runs to; a longer quotation is taken for speech
/// even with no verb of saying near, as titles that long are rare in news.
const TERM_WORDS: usize = 5;

/// How far before a quotation, in its sentence, a verb of saying makes it
/// speech (`said her party has supported the idea "for months"`).
const VERB_REACH: usize = 12;

/// The most words a title in title case runs to (`"Andy Warhol: Photographs
/// and Prints from the University Collection"`).
const TITLE_WORDS: usize = 12;

impl Ctx<'_> {
    /// Most words capitalised, as in a title or a name (`"The Internet
    /// Explorer 6 Countdown"`), and no sentence's end inside.
    fn title_case(&self, p: usize, inner: std::ops::Range<usize>) -> bool {
        let mut long = 0;
        let mut caps = 0;
        for i in inner.clone() {
            if let Some(w) = self.word(p, i)
                && w.chars().count() > 3
            {
                long += 1;
                if is_cap(w) {
                    caps += 1;
                }
            }
        }
        let ends = inner.clone().any(|i| {
            matches!(
                self.toks(p).get(i).map(|t| t.kind),
                Some(Kind::Punct('.' | '!' | '?'))
            ) && i + 1 == inner.end
        });
        long >= 2 && caps * 4 >= long * 3 && !ends
    }

    /// What quotation `q` encloses, given what the rules decided about who
    /// said it.
    pub(super) fn kind(&self, q: usize, decided: Decision) -> QuoteKind {
        let piece = &self.pieces[q];
        if piece.open_end || piece.continued {
            return QuoteKind::Speech;
        }
        let p = piece.para;
        let (qs, qe) = self.piece_toks(q);
        let inner = qs + 1..qe.saturating_sub(1);
        let words = inner.clone().filter(|&i| self.word(p, i).is_some()).count();
        // A sentence inside the marks (`"It's Warhol. He is a legend."`).
        let sentence_inside = inner.clone().any(|i| {
            matches!(
                self.toks(p).get(i).map(|t| t.kind),
                Some(Kind::Punct('.' | '!' | '?'))
            ) && self.word(p, i + 1).is_some()
        });
        if words > TERM_WORDS || sentence_inside {
            return if words <= TITLE_WORDS && self.title_case(p, inner) {
                QuoteKind::Term
            } else {
                QuoteKind::Speech
            };
        }
        // `"I smacked them around."`: a sentence of its own.
        let last = qe
            .checked_sub(2)
            .and_then(|i| self.toks(p).get(i))
            .map(|t| t.kind);
        let first_cap = self.word(p, qs + 1).is_some_and(is_cap);
        if words >= 3 && first_cap && matches!(last, Some(Kind::Punct('.' | '!' | '?'))) {
            return QuoteKind::Speech;
        }
        if words >= 2 && self.title_case(p, qs + 1..qe.saturating_sub(1)) {
            return QuoteKind::Term;
        }
        // A verb of saying right around it, or before it in its sentence.
        let said_around = matches!(decided, Decision::Speaker(_) | Decision::Source(_))
            && (self.before(q, false) != Decision::Pass || self.after(q) != Decision::Pass);
        let said_before = (qs.saturating_sub(VERB_REACH)..qs).any(|i| {
            self.same_sentence(p, i, qs)
                && !self.in_quote(p, i)
                && self.classes(p, i) & VERB != 0
                && !self.after_determiner(p, i)
        });
        let said_after = self.after(q) != Decision::Pass;
        // `According to Nadia Ferraro, the levy "doubles the paperwork"`
        let according = qs > 0 && self.according_to_before(p, qs - 1, 24).is_some();
        if said_around || said_before || said_after || according {
            QuoteKind::Speech
        } else {
            QuoteKind::Term
        }
    }
}
