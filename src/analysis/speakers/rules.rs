//! Who a verb of saying is about: the subject before it, the name after it,
//! and the person a pronoun stands for.

use super::Decision;
use super::context::{Ctx, NONE, SENTENCE_READ};

/// How many sentences back a pronoun speaker is looked for.
const PRONOUN_SENTENCES: usize = 3;
use super::words::{ADVERBS, DESCRIPTORS, STOPS};
use crate::analysis::lexicon::{Gender, LEXICON, TITLE};
use crate::analysis::people::is_role;
use crate::analysis::tokens::is_cap;

impl Ctx<'_> {
    /// The person a pronoun at token `i` stands for: the nearest of the
    /// last few sentences before it that names a person agreeing with the
    /// pronoun settles it, or refuses when it names several that fit.
    pub(super) fn resolve(&self, p: usize, i: usize, g: Gender) -> Decision {
        let Some(&s) = self.sentence_row(p).get(i) else {
            return Decision::NoOne;
        };
        let agrees = |person: usize| match self.genders.get(person).copied().flatten() {
            Some(Gender::Male) => g == Gender::Male,
            Some(Gender::Female) => g == Gender::Female,
            _ => true,
        };
        let known = |person: usize| self.genders.get(person).copied().flatten() == Some(g);
        // `Thomas' sister pleaded with him, but he replied`: a person named
        // earlier in the pronoun's own sentence, when only one fits.
        if let Some((_, ss, _)) = self.sentence(p, s) {
            let mut one = None;
            for t in ss.max(i.saturating_sub(SENTENCE_READ))..i {
                if self.in_quote(p, t) {
                    continue;
                }
                if let Some(m) = self.mention_starting(p, t)
                    && agrees(m.person())
                {
                    match one {
                        None => one = Some(m.person()),
                        Some(x) if x == m.person() => {}
                        Some(_) => return Decision::NoOne,
                    }
                }
            }
            if let Some(x) = one {
                return Decision::Speaker(x);
            }
        }
        let (mut at_p, mut at_s) = (p, s);
        for _ in 0..PRONOUN_SENTENCES {
            let Some((sp, ss, se)) = self.sentence_before(at_p, at_s) else {
                return Decision::NoOne;
            };
            // Long sentences are read only so far, to keep the work linear.
            let se = se.min(ss + SENTENCE_READ);
            // A quotation's speaker is what its sentence is about.
            for t in ss..se {
                if let Some(&q) = self.piece_row(sp).get(t)
                    && q != NONE
                    && let Some(who) = self.said.get(q as usize).and_then(|s| s.speaker())
                {
                    return if agrees(who) {
                        Decision::Speaker(who)
                    } else {
                        Decision::NoOne
                    };
                }
            }
            let mut fits: Vec<(usize, usize)> = Vec::new();
            for t in ss..se {
                if self.in_quote(sp, t) {
                    continue;
                }
                if let Some(m) = self.mention_starting(sp, t)
                    && !m.poss
                    && agrees(m.person())
                    && !fits.iter().any(|&(x, _)| x == m.person())
                {
                    fits.push((m.person(), t));
                }
            }
            match fits.as_slice() {
                [] => {}
                [(x, _)] => return Decision::Speaker(*x),
                [(first, t), rest @ ..] => {
                    let by_gender: Vec<usize> = std::iter::once(*first)
                        .chain(rest.iter().map(|&(x, _)| x))
                        .filter(|&x| known(x))
                        .collect();
                    if let [x] = by_gender.as_slice() {
                        return Decision::Speaker(*x);
                    }
                    // The sentence's subject, named first, is what a pronoun
                    // after it most often means; a name further in is not.
                    return if *t < ss + 3 {
                        Decision::Speaker(*first)
                    } else {
                        Decision::NoOne
                    };
                }
            }
            let Some(&prev_s) = self.sentence_row(sp).get(ss) else {
                return Decision::NoOne;
            };
            (at_p, at_s) = (sp, prev_s);
        }
        Decision::NoOne
    }

    /// The first person named at the start of a sentence: its subject.
    pub(super) fn sentence_subject(&self, p: usize, i: usize) -> Decision {
        let Some(&s) = self.sentence_row(p).get(i) else {
            return Decision::NoOne;
        };
        let Some((sp, ss, se)) = self.sentence(p, s) else {
            return Decision::NoOne;
        };
        for t in ss..se.min(ss + 5) {
            if let Some(m) = self.mention_starting(sp, t) {
                // `Shadow Home Secretary Yvette Cooper said`: a title's
                // capitals taken for a name, then the title and the name.
                if let Some(later) = self.name_after_role(sp, t) {
                    return Decision::Speaker(later);
                }
                return if m.poss {
                    Decision::NoOne
                } else {
                    Decision::Speaker(m.person())
                };
            }
            if let Some(g) = self.pronoun(sp, t) {
                return self.resolve(sp, t, g);
            }
            let title = self.classes(sp, t) & TITLE != 0;
            let word = self.word(sp, t).unwrap_or("");
            if !(title || is_cap(word) || DESCRIPTORS.contains(&word)) {
                break;
            }
        }
        Decision::NoOne
    }

    /// Who is the subject of the verb at `v`, looking back from it.
    pub(super) fn subject_before(&self, p: usize, v: usize) -> Decision {
        let mut j = v;
        while j > 0 && self.same_sentence(p, j - 1, v) {
            let Some(w) = self.lower(p, j - 1) else { break };
            if ADVERBS.contains(&w) || (w.len() > 4 && w.ends_with("ly")) {
                j -= 1;
            } else {
                break;
            }
        }
        if j == 0 || !self.same_sentence(p, j - 1, v) {
            return Decision::Pass;
        }
        let t = j - 1;
        if self.in_quote(p, t) {
            return Decision::Pass;
        }
        if let Some(m) = self.mention_ending(p, t) {
            return if m.poss {
                Decision::NoOne
            } else {
                Decision::Speaker(m.person())
            };
        }
        if let Some(g) = self.pronoun(p, t) {
            return self.resolve(p, t, g);
        }
        let word = self.lower(p, t);
        // `"…", it added; and, later, "…"`: the source of the quotation
        // right before the pronoun, if it had one.
        if matches!(word, Some("it" | "they")) {
            let before = t
                .checked_sub(1)
                .filter(|&k| !self.is_punct(p, k, ','))
                .or_else(|| t.checked_sub(2));
            let piece = before.and_then(|k| self.piece_row(p).get(k).copied());
            return match piece
                .filter(|&q| q != NONE)
                .and_then(|q| self.said.get(q as usize))
            {
                Some(super::Said::Source(s)) => Decision::Source(*s),
                _ => self.source_ending(p, t, v),
            };
        }
        if word == Some("who") && t >= 1 && self.is_punct(p, t - 1, ',') {
            if let Some(m) = t.checked_sub(2).and_then(|k| self.mention_ending(p, k)) {
                return Decision::Speaker(m.person());
            }
            return Decision::NoOne;
        }
        if self.is_punct(p, t, ',') {
            // `her landlord, James Carter, told`: the name in apposition,
            // but not `X, a spokesman for Y, said`, whose Y is no speaker.
            if let Some(m) = t
                .checked_sub(1)
                .and_then(|x| self.mention_ending(p, x))
                .filter(|_| !self.after_stop(p, t - 1) && !self.place_after_name(p, t - 1))
            {
                return if m.poss {
                    Decision::NoOne
                } else {
                    Decision::Speaker(m.person())
                };
            }
            // `Dolores Whitaker, 61, a retired teacher, said`
            let mut k = t;
            for _ in 0..3 {
                let Some(b) = (k.saturating_sub(14)..k)
                    .rev()
                    .find(|&b| self.is_punct(p, b, ','))
                else {
                    break;
                };
                if !self.same_sentence(p, b, v) || (b..k).any(|x| self.in_quote(p, x)) {
                    break;
                }
                if let Some(m) = b.checked_sub(1).and_then(|x| self.mention_ending(p, x)) {
                    return if m.poss {
                        Decision::NoOne
                    } else {
                        Decision::Speaker(m.person())
                    };
                }
                k = b;
            }
            let verb = self.lower(p, v).unwrap_or("");
            if verb.ends_with("ing") {
                // `One poster admitted to it, writing "…"`
                return match self.sentence_subject(p, v) {
                    Decision::NoOne => self.source_opening(p, v),
                    d => d,
                };
            }
            return Decision::Pass;
        }
        match word {
            // `Cooper said her party backed it, and said it was "damning"`
            Some("and" | "but") => self.sentence_subject(p, v),
            // `the commission said`, `the singer wrote`
            Some(_) => self.source_ending(p, t, v),
            None => Decision::Pass,
        }
    }

    /// The token where the mention ending at token `e` starts.
    fn start_of_mention_ending(&self, p: usize, e: usize) -> Option<usize> {
        let m = self.mention_ending(p, e)?;
        (e.saturating_sub(8)..=e).find(|&k| {
            self.mention_starting(p, k)
                .is_some_and(|x| x.start == m.start)
        })
    }

    /// Whether the mention ending at token `e` comes right after a
    /// capitalised word that is no one's and a comma: the second part of a
    /// place (`the University of Arkansas, Fayetteville, said`), not a name.
    fn place_after_name(&self, p: usize, e: usize) -> bool {
        let Some(start) = self.start_of_mention_ending(p, e) else {
            return false;
        };
        start >= 2
            && self.is_punct(p, start - 1, ',')
            && self.word(p, start - 2).is_some_and(is_cap)
            && self.mention_ending(p, start - 2).is_none()
    }

    /// Whether the mention ending at token `e` follows a word after which a
    /// name is not the speaker (`a spokesman for Smith`).
    fn after_stop(&self, p: usize, e: usize) -> bool {
        let Some(start) = self.start_of_mention_ending(p, e) else {
            return false;
        };
        // `a spokesman for Mayor Ruth Abernathy`: past the title to the word.
        let mut before = start;
        while before > 0 && self.role_at(p, before - 1) {
            before -= 1;
        }
        before > 0
            && self
                .lower(p, before - 1)
                .is_some_and(|w| STOPS.contains(&w))
    }

    /// A title or role word at `i` (`chief`, `co-founder`).
    pub(super) fn role_at(&self, p: usize, i: usize) -> bool {
        self.classes(p, i) & TITLE != 0 || self.lower(p, i).is_some_and(is_role)
    }

    /// `company chairman Tan Haoyu`: a few lower-case words from `a` up to a
    /// title or role right before a name.
    pub(super) fn titled_mention_from(&self, p: usize, a: usize) -> bool {
        for j in a..a + 4 {
            if self.role_at(p, j) && self.mention_starting(p, j + 1).is_some() {
                return true;
            }
            if self.word(p, j).is_none_or(is_cap) {
                return false;
            }
        }
        false
    }

    /// `said Judge Renata Okafor`, `said his lawyer, Dennis Akagi`, `said
    /// Rangers head coach Dale Morrow`, `said Pike's lawyer, Rebecca Stein`;
    /// with no name, the words as a source (`said a spokesman for the
    /// ministry`).
    pub(super) fn speaker_after_verb(&self, p: usize, v: usize) -> Decision {
        for j in v + 1..v + 12 {
            if self.in_quote(p, j) || !self.same_sentence(p, j, v) {
                return Decision::NoOne;
            }
            if let Some(m) = self.mention_starting(p, j) {
                if !m.poss {
                    // `said Harriers head coach Tomasz Wrenfield`: a club
                    // taken for a name, then a role and the name itself.
                    if let Some(later) = self.name_after_role(p, j) {
                        return Decision::Speaker(later);
                    }
                    return Decision::Speaker(m.person());
                }
                // `Pike's lawyer, Rebecca Stein`: the possessor is not the
                // speaker, the name after the description may be.
                if self.apposed_name_after(p, j) {
                    continue;
                }
                return self.source_after(p, v);
            }
            if let Some(g) = self.pronoun(p, j) {
                return self.resolve(p, j, g);
            }
            if self.is_punct(p, j, ',') {
                continue;
            }
            let Some(w) = self.lower(p, j) else {
                return Decision::NoOne;
            };
            // `said co-founder and chief executive Nguyen Thi Thu Ha`
            let joins_roles = w == "and" && self.role_at(p, j - 1) && self.role_at(p, j + 1);
            if STOPS.contains(&w) && !joins_roles {
                return self.source_after(p, v);
            }
            let raw = self.word(p, j).unwrap_or("");
            let ok = DESCRIPTORS.contains(&w)
                || !is_cap(raw)
                || LEXICON.word(w) & TITLE != 0
                || raw.ends_with("-year-old")
                // `Council President Maria Delgado`, `Meridian's chief
                // executive, Sandra Okoye`: an organisation's words before a
                // role and a name.
                || self.name_follows(p, j);
            if !ok {
                return self.source_after(p, v);
            }
        }
        Decision::NoOne
    }

    /// Whether a person is named within a few words after token `j`, with
    /// only words (and one comma, for an apposition) between.
    pub(super) fn name_follows(&self, p: usize, j: usize) -> bool {
        let mut commas = 0;
        for k in j + 1..j + 6 {
            if self.in_quote(p, k) {
                return false;
            }
            if self.mention_starting(p, k).is_some_and(|m| !m.poss) {
                return true;
            }
            if self.is_punct(p, k, ',') {
                commas += 1;
                if commas > 1 {
                    return false;
                }
                continue;
            }
            match self.lower(p, k) {
                Some(w) if !STOPS.contains(&w) => {}
                _ => return false,
            }
        }
        false
    }

    /// The person named right after the mention starting at `j` and a role
    /// or title (`Harriers head coach Tomasz Wrenfield`).
    pub(super) fn name_after_role(&self, p: usize, j: usize) -> Option<usize> {
        let end = (j..j + 6).find(|&k| self.mention_ending(p, k).is_some())?;
        let mut k = end + 1;
        let mut roles = 0;
        // `head coach`: lower-case words around the role.
        while k < end + 5
            && (self.role_at(p, k)
                || self.word(p, k).is_some_and(|w| {
                    !is_cap(w) && !STOPS.contains(&self.lower(p, k).unwrap_or(""))
                }))
        {
            if self.role_at(p, k) {
                roles += 1;
            }
            k += 1;
        }
        let m = self.mention_starting(p, k).filter(|m| !m.poss)?;
        (roles > 0).then_some(m.person())
    }

    /// After a possessive name at `j`: a description and a comma, then a
    /// person (`Pike's lawyer, Rebecca Stein`).
    fn apposed_name_after(&self, p: usize, j: usize) -> bool {
        let Some(comma) = (j + 1..j + 5).find(|&k| self.is_punct(p, k, ',')) else {
            return false;
        };
        (j + 1..comma).all(|k| self.lower(p, k).is_some_and(|w| !STOPS.contains(&w)))
            && self.mention_starting(p, comma + 1).is_some_and(|m| !m.poss)
    }
}
