//! The rules that read a quotation's surroundings: the words before it
//! (`X said: "…"`, `according to X,`, a clause ending in a colon) and after
//! it (`"…," said X`, `"…," X told reporters`).

use super::context::Ctx;
use super::words::{DESCRIPTORS, SOURCE_NOUNS, STOPS};
use super::{Decision, Said};
use crate::analysis::lexicon::{LABEL_VERB, VERB};
use crate::analysis::tokens::{Kind, is_cap};

impl Ctx<'_> {
    /// `"…," Bukele told reporters`, `"…," said X`, `"…," according to X`.
    pub(super) fn after(&self, q: usize) -> Decision {
        let piece = &self.pieces[q];
        if piece.open_end {
            return Decision::Pass;
        }
        let p = piece.para;
        let (_, qe) = self.piece_toks(q);
        let inner_end = qe
            .checked_sub(2)
            .and_then(|i| self.toks(p).get(i))
            .map(|t| t.kind);
        let ends_sentence = matches!(inner_end, Some(Kind::Punct('.')));
        let mut a = qe;
        if self.is_punct(p, a, ',') {
            a += 1;
        }
        if self.in_quote(p, a) {
            return Decision::Pass;
        }
        // `"So far, it's a long game." - Matthew Ingram`, a caption's credit.
        if matches!(
            self.toks(p).get(a).map(|t| t.kind),
            Some(Kind::Punct('-' | '—' | '–'))
        ) && let Some(m) = self.mention_starting(p, a + 1)
            && !m.poss
        {
            let ends = self
                .toks(p)
                .iter()
                .skip(a + 1)
                .all(|t| t.start < m.end || !t.is_word());
            if ends {
                return Decision::Speaker(m.person());
            }
        }
        let Some(first) = self.lower(p, a) else {
            return Decision::Pass;
        };
        // `"…", it added`: the source of the quotation before, if it had one.
        if matches!(first, "it" | "they") && self.classes(p, a + 1) & VERB != 0 {
            return match q.checked_sub(1).and_then(|k| self.said.get(k)) {
                Some(Said::Source(s)) => Decision::Source(*s),
                _ => Decision::NoOne,
            };
        }
        if first == "according" && self.lower(p, a + 1) == Some("to") {
            return self.speaker_after_verb(p, a + 1);
        }
        if self.classes(p, a) & VERB != 0 {
            return self.speaker_after_verb(p, a);
        }
        let raw = self.word(p, a).unwrap_or("").to_string();
        let starts_subject = self.mention_starting(p, a).is_some()
            || self.pronoun(p, a).is_some()
            || DESCRIPTORS.contains(&first)
            || raw.ends_with("-year-old")
            || is_cap(&raw)
            || SOURCE_NOUNS.contains(&first)
            || self.titled_mention_from(p, a)
            // `team member Rodaba Noori told the press`
            || self.name_follows(p, a);
        if !starts_subject {
            return Decision::Pass;
        }
        let limit = if ends_sentence { 4 } else { 14 };
        let mut subject = Decision::Pass;
        for j in a..a + limit {
            let Some(t) = self.toks(p).get(j) else { break };
            if matches!(t.kind, Kind::Punct('.' | '!' | '?' | ';' | ':')) || self.in_quote(p, j) {
                break;
            }
            if subject == Decision::Pass {
                if let Some((poss, person)) =
                    self.mention_starting(p, j).map(|m| (m.poss, m.person()))
                {
                    let after_stop =
                        j > a && self.lower(p, j - 1).is_some_and(|w| STOPS.contains(&w));
                    // A possessor (`Marchetti's spokesman`) is not the
                    // speaker: the words up to the verb are the source.
                    if !after_stop && !poss {
                        subject = Decision::Speaker(person);
                    }
                } else if let Some(g) = self.pronoun(p, j) {
                    subject = self.resolve(p, j, g);
                }
            }
            if self.classes(p, j) & VERB != 0 {
                return match subject {
                    // `"…," the commission said`
                    Decision::Pass if j > a => self.source_ending(p, j - 1, j),
                    Decision::Pass => Decision::NoOne,
                    d => d,
                };
            }
        }
        Decision::Pass
    }

    /// A verb of saying before the quotation: `X said: "…"`, `saying "…"`,
    /// and with `phrase`, a quoted phrase inside a sentence (`X called it "…"`).
    /// A quotation that opens its paragraph reads the end of the paragraph
    /// before when that ends in a colon or a comma (`Rathbun stated,`).
    pub(super) fn before(&self, q: usize, phrase: bool) -> Decision {
        let qp = self.pieces[q].para;
        let (qs, _) = self.piece_toks(q);
        let (p, end) = match (qs, qp) {
            (0, 0) => return Decision::Pass,
            (0, _) if phrase => return Decision::Pass,
            (0, _) => (qp - 1, self.toks(qp - 1).len()),
            _ => (qp, qs),
        };
        let Some(mut b) = end.checked_sub(1) else {
            return Decision::Pass;
        };
        let colon = self.is_punct(p, b, ':');
        let introduced = colon || self.is_punct(p, b, ',');
        if p != qp && !introduced {
            return Decision::Pass;
        }
        if introduced {
            if b == 0 {
                return Decision::Pass;
            }
            b -= 1;
        }
        let direct = introduced || self.classes(p, b) & VERB != 0;
        if direct == phrase {
            return Decision::Pass;
        }
        // A quotation after a full stop opens a sentence: the one before is
        // not about it.
        if phrase
            && matches!(
                self.toks(p).get(b).map(|t| t.kind),
                Some(Kind::Punct('.' | '!' | '?'))
            )
        {
            return Decision::Pass;
        }
        // `According to Tom Reed, "…"`
        if introduced && let Some(j) = self.according_to_before(p, b, 10) {
            return self.speaker_after_verb(p, j + 1);
        }
        let wanted = if phrase { VERB | LABEL_VERB } else { VERB };
        // `told the court that, over the last five months of her life, "…"`
        let reach = if phrase {
            16
        } else if introduced {
            14
        } else {
            10
        };
        let mut j = b + 1;
        while j > 0 && b + 1 - j < reach {
            j -= 1;
            if self.in_quote(p, j) || !self.same_sentence(p, j, b) {
                break;
            }
            if self.classes(p, j) & wanted != 0 && !self.after_determiner(p, j) {
                return self.subject_before(p, j);
            }
        }
        if colon {
            // `Sen. Ted Cruz put it bluntly: "…"`
            return self.colon_subject(p, b);
        }
        // `According to Austin Reed, the bill "adds cost"`
        if phrase && let Some(j) = self.according_to_before(p, b, 24) {
            return self.speaker_after_verb(p, j + 1);
        }
        Decision::Pass
    }

    /// `according to` (its `according`) in the sentence of token `b`, at most
    /// `reach` tokens before it and with no quotation between.
    pub(super) fn according_to_before(&self, p: usize, b: usize, reach: usize) -> Option<usize> {
        let mut j = b + 1;
        while j > 0 && b + 1 - j < reach && self.same_sentence(p, j - 1, b) {
            j -= 1;
            if self.in_quote(p, j) {
                return None;
            }
            // `according to X`, `in the words of X`
            let two = (self.lower(p, j), self.lower(p, j + 1));
            if matches!(
                two,
                (Some("according"), Some("to")) | (Some("words"), Some("of"))
            ) {
                return Some(j);
            }
        }
        None
    }

    /// The person a clause ending in a colon at `b + 1` is about, when it
    /// opens with them as its subject (`Sen. Ted Cruz put it bluntly:`,
    /// `At the hearing, Sunak defended the record:`).
    fn colon_subject(&self, p: usize, b: usize) -> Decision {
        let Some(&s) = self.sentence_row(p).get(b) else {
            return Decision::Pass;
        };
        let Some((_, ss, _)) = self.sentence(p, s) else {
            return Decision::Pass;
        };
        let mut k = ss;
        let mut clause_start = ss;
        while k <= b {
            // A nickname in quotation marks is read past.
            if self.in_quote(p, k) {
                k += 1;
                continue;
            }
            if self.is_punct(p, k, ',') {
                clause_start = k + 1;
            }
            if let Some(m) = self.mention_starting(p, k) {
                let lead = (clause_start..k).all(|x| {
                    self.role_at(p, x)
                        || self.is_punct(p, x, '.')
                        || self.word(p, x).is_some_and(|w| {
                            is_cap(w) || DESCRIPTORS.contains(&self.lower(p, x).unwrap_or(""))
                        })
                });
                if !lead || k - clause_start > 4 {
                    return Decision::Pass;
                }
                let Some(mut after) = (k..=b + 1).find(|&x| self.mention_ending(p, x).is_some())
                else {
                    return Decision::Pass;
                };
                // `Doyle's longtime trainer, Seamus McAleese, was blunt:`
                if m.poss {
                    k = after + 1;
                    continue;
                }
                if self.is_punct(p, after + 1, ',') {
                    after += 1;
                }
                let next = self.word(p, after + 1);
                return match next {
                    Some(w)
                        if !is_cap(w)
                            && !STOPS.contains(&self.lower(p, after + 1).unwrap_or("")) =>
                    {
                        Decision::Speaker(m.person())
                    }
                    _ => Decision::Pass,
                };
            }
            k += 1;
        }
        Decision::Pass
    }

    pub(super) fn attribution(&self, q: usize) -> Decision {
        let d = self.before(q, false);
        if d != Decision::Pass {
            return d;
        }
        let d = self.after(q);
        if d != Decision::Pass {
            return d;
        }
        self.before(q, true)
    }
}
