//! Who said each quotation, from the words around it.
//!
//! Each rule either decides (a person, or explicitly no one, as for `a police
//! spokesperson said`) or passes. A quotation no rule decides gets no speaker:
//! no speaker is better than a wrong one.

use super::lexicon::{Gender, LABEL_VERB, LEXICON, TITLE, VERB};
use super::people::{Mention, People, is_role};
use super::quotes::Piece;
use super::tokens::{CAP, Kind, Prepared, Token, is_cap};

const NONE: u32 = u32::MAX;

/// How many tokens of a sentence are read when looking for what it is about.
const SENTENCE_READ: usize = 400;

/// Words between a subject and its verb that change nothing (`Trump also said`).
const ADVERBS: &[&str] = &[
    "also",
    "later",
    "then",
    "again",
    "repeatedly",
    "previously",
    "once",
    "has",
    "had",
    "have",
    "was",
    "is",
    "would",
    "will",
    "reportedly",
    "simply",
    "just",
    "had",
    "still",
    "further",
    "quickly",
    "often",
    "never",
    "now",
];

/// Words that may stand between a verb of saying and the speaker after it
/// (`said his lawyer, Dennis Akagi`).
const DESCRIPTORS: &[&str] = &[
    "the", "a", "an", "his", "her", "their", "its", "one", "another", "our", "my", "former",
    "then", "longtime", "fellow",
];

/// Words after which a name is not the speaker (`said a spokesman for Smith`).
const STOPS: &[&str] = &[
    "for", "of", "at", "with", "to", "by", "in", "from", "on", "after", "before", "during",
    "outside", "when", "while", "as", "who", "which", "that", "and", "but", "about", "whose",
];

/// The outcome of one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    Speaker(usize),
    NoOne,
    Pass,
}

/// What the rules read of one paragraph. Only a few paragraphs have one at
/// a time, which keeps a long story's tokens out of memory.
struct ParaState {
    para: usize,
    pre: Prepared,
    /// Per token: index into the story's mentions, or NONE. 32 bits, as
    /// there is one per token.
    mention_at: Vec<u32>,
    /// Per token: index into the story's pieces, or NONE.
    piece_at: Vec<u32>,
    /// Per token: its sentence, an index into `sentences`.
    sentence_of: Vec<u32>,
    /// First and one-past-last token of each sentence; a sentence never
    /// crosses a paragraph and every paragraph has at least one.
    sentences: Vec<(usize, usize)>,
    /// The paragraph's first piece, an index into the story's pieces.
    first_piece: usize,
    /// Per piece of the paragraph: its first and one-past-last token.
    piece_toks: Vec<(usize, usize)>,
}

impl ParaState {
    fn empty(pre: Prepared) -> ParaState {
        ParaState {
            para: 0,
            pre,
            mention_at: Vec::new(),
            piece_at: Vec::new(),
            sentence_of: Vec::new(),
            sentences: Vec::new(),
            first_piece: 0,
            piece_toks: Vec::new(),
        }
    }

    /// Reads paragraph `para`, whose tokens `pre` holds, into this state's
    /// memory, reused from paragraph to paragraph.
    fn fill(&mut self, para: usize, pieces: &[Piece], mentions: &[Mention]) {
        let ParaState {
            para: this_para,
            pre,
            mention_at,
            piece_at,
            sentence_of,
            sentences: sentence_list,
            first_piece: this_first_piece,
            piece_toks,
        } = self;
        *this_para = para;
        let toks = &pre.toks;
        let id = |k: usize| u32::try_from(k).unwrap_or(NONE);
        // The token range of a byte range that starts and ends on tokens.
        let span = |s: usize, e: usize| {
            (
                toks.partition_point(|t| (t.start as usize) < s),
                toks.partition_point(|t| (t.start as usize) < e),
            )
        };
        mention_at.clear();
        mention_at.resize(toks.len(), NONE);
        let ms = mentions.partition_point(|m| m.para < para);
        let me = mentions.partition_point(|m| m.para <= para);
        for (k, m) in mentions.iter().enumerate().take(me).skip(ms) {
            let (s, e) = span(m.start as usize, m.end as usize);
            for slot in mention_at.iter_mut().take(e).skip(s) {
                *slot = id(k);
            }
        }
        piece_at.clear();
        piece_at.resize(toks.len(), NONE);
        let first_piece = pieces.partition_point(|q| q.para < para);
        let last_piece = pieces.partition_point(|q| q.para <= para);
        *this_first_piece = first_piece;
        piece_toks.clear();
        for (k, q) in pieces.iter().enumerate().take(last_piece).skip(first_piece) {
            let (s, e) = span(q.range.start, q.range.end);
            for slot in piece_at.iter_mut().take(e).skip(s) {
                *slot = id(k);
            }
            piece_toks.push((s, e));
        }
        sentences(toks, piece_at, sentence_of, sentence_list);
    }
}

struct Ctx<'a> {
    paras: &'a [&'a str],
    pieces: &'a [Piece],
    mentions: &'a [Mention],
    genders: &'a [Option<Gender>],
    /// The paragraphs the rules may read, in order: the current one and the
    /// two before it (a continuation reads the previous paragraph's last
    /// sentence, whose pronoun is resolved from the sentence before it).
    window: Vec<ParaState>,
    /// Paragraphs tokenized already, from the first on.
    kept: Vec<Option<Prepared>>,
    /// States that left the window, whose memory the next ones reuse.
    spare: Vec<ParaState>,
    /// Memory for tokens, before the first state is made.
    spare_pre: Option<Prepared>,
    speakers: Vec<Option<usize>>,
}

/// Paragraphs held at once: see [`Ctx::window`].
const WINDOW: usize = 3;

impl Ctx<'_> {
    fn state(&self, p: usize) -> Option<&ParaState> {
        self.window.iter().find(|s| s.para == p)
    }

    /// Makes the window end at paragraph `p`; paragraphs come in order.
    fn advance(&mut self, p: usize) {
        let first = p.saturating_sub(WINDOW - 1);
        let mut w = 0;
        while w < self.window.len() {
            if (first..=p).contains(&self.window[w].para) {
                w += 1;
            } else {
                self.spare.push(self.window.remove(w));
            }
        }
        for k in first..=p {
            if self.state(k).is_none() {
                let text = self.paras.get(k).copied().unwrap_or("");
                let kept = self.kept.get_mut(k).and_then(Option::take);
                let mut st = match (self.spare.pop(), kept) {
                    (Some(mut st), Some(pre)) => {
                        st.pre = pre;
                        st
                    }
                    (Some(mut st), None) => {
                        st.pre.refill(text);
                        st
                    }
                    (None, Some(pre)) => ParaState::empty(pre),
                    (None, None) => ParaState::empty(match self.spare_pre.take() {
                        Some(mut pre) => {
                            pre.refill(text);
                            pre
                        }
                        None => Prepared::new(text),
                    }),
                };
                st.fill(k, self.pieces, self.mentions);
                let at = self.window.partition_point(|s| s.para < k);
                self.window.insert(at, st);
            }
        }
    }

    fn toks(&self, p: usize) -> &[Token] {
        self.state(p).map_or(&[], |x| &x.pre.toks)
    }

    fn mention_row(&self, p: usize) -> &[u32] {
        self.state(p).map_or(&[], |x| &x.mention_at)
    }

    fn piece_row(&self, p: usize) -> &[u32] {
        self.state(p).map_or(&[], |x| &x.piece_at)
    }

    fn sentence_row(&self, p: usize) -> &[u32] {
        self.state(p).map_or(&[], |x| &x.sentence_of)
    }

    /// Paragraph, first and one-past-last token of sentence `s` of paragraph `p`.
    fn sentence(&self, p: usize, s: u32) -> Option<(usize, usize, usize)> {
        let &(ss, se) = self.state(p)?.sentences.get(s as usize)?;
        Some((p, ss, se))
    }

    /// The sentence before sentence `s` of paragraph `p`, which may end the
    /// paragraph before.
    fn sentence_before(&self, p: usize, s: u32) -> Option<(usize, usize, usize)> {
        match s.checked_sub(1) {
            Some(prev) => self.sentence(p, prev),
            None => {
                let before = self.state(p.checked_sub(1)?)?;
                let &(ss, se) = before.sentences.last()?;
                Some((before.para, ss, se))
            }
        }
    }

    /// Piece `q`'s first and one-past-last token.
    fn piece_toks(&self, q: usize) -> (usize, usize) {
        self.pieces
            .get(q)
            .and_then(|piece| self.state(piece.para))
            .and_then(|st| st.piece_toks.get(q.checked_sub(st.first_piece)?))
            .copied()
            .unwrap_or((0, 0))
    }

    fn word(&self, p: usize, i: usize) -> Option<&str> {
        let t = self.toks(p).get(i)?;
        (t.kind == Kind::Word).then(|| t.text(self.paras[p]))
    }

    fn is_punct(&self, p: usize, i: usize, c: char) -> bool {
        self.toks(p).get(i).is_some_and(|t| t.is_punct(c))
    }

    /// The normalised word at `i`, if it is a word.
    fn lower(&self, p: usize, i: usize) -> Option<&str> {
        self.word(p, i)?;
        Some(self.state(p)?.pre.key(i))
    }

    fn classes(&self, p: usize, i: usize) -> u16 {
        self.state(p).map_or(0, |x| x.pre.class(i))
    }

    /// `the state broadcaster`, `a statement`: a verb's spelling used as a noun.
    fn after_determiner(&self, p: usize, i: usize) -> bool {
        i > 0
            && self.lower(p, i - 1).is_some_and(|w| {
                matches!(
                    w,
                    "the"
                        | "a"
                        | "an"
                        | "his"
                        | "her"
                        | "its"
                        | "their"
                        | "our"
                        | "my"
                        | "this"
                        | "that"
                )
            })
    }

    fn in_quote(&self, p: usize, i: usize) -> bool {
        self.piece_row(p).get(i).is_some_and(|&q| q != NONE)
    }

    fn same_sentence(&self, p: usize, a: usize, b: usize) -> bool {
        self.sentence_row(p).get(a) == self.sentence_row(p).get(b)
    }

    /// The mention whose last token is `i`.
    fn mention_ending(&self, p: usize, i: usize) -> Option<&Mention> {
        let m = *self.mention_row(p).get(i)?;
        let m = self.mentions.get(m as usize)?;
        (self.toks(p).get(i)?.end == m.end).then_some(m)
    }

    fn mention_starting(&self, p: usize, i: usize) -> Option<&Mention> {
        let m = *self.mention_row(p).get(i)?;
        let m = self.mentions.get(m as usize)?;
        (self.toks(p).get(i)?.start == m.start).then_some(m)
    }

    fn pronoun(&self, p: usize, i: usize) -> Option<Gender> {
        match self.lower(p, i)? {
            "he" => Some(Gender::Male),
            "she" => Some(Gender::Female),
            _ => None,
        }
    }

    /// The person the sentence before token `i` was about, agreeing with the pronoun.
    fn resolve(&self, p: usize, i: usize, g: Gender) -> Decision {
        let Some(&s) = self.sentence_row(p).get(i) else {
            return Decision::NoOne;
        };
        let Some((sp, ss, se)) = self.sentence_before(p, s) else {
            return Decision::NoOne;
        };
        let agrees = |person: usize| match self.genders.get(person).copied().flatten() {
            Some(Gender::Male) => g == Gender::Male,
            Some(Gender::Female) => g == Gender::Female,
            _ => true,
        };
        // Long sentences are read only so far, to keep the work linear.
        let se = se.min(ss + SENTENCE_READ);
        // A quotation's speaker is what its sentence is about.
        for t in ss..se {
            if let Some(&q) = self.piece_row(sp).get(t)
                && q != NONE
                && let Some(Some(who)) = self.speakers.get(q as usize)
            {
                return if agrees(*who) {
                    Decision::Speaker(*who)
                } else {
                    Decision::NoOne
                };
            }
        }
        for t in ss..se {
            if self.in_quote(sp, t) {
                continue;
            }
            if let Some(m) = self.mention_starting(sp, t)
                && !m.poss
                && agrees(m.person())
            {
                return Decision::Speaker(m.person());
            }
        }
        Decision::NoOne
    }

    /// The first person named at the start of a sentence: its subject.
    fn sentence_subject(&self, p: usize, i: usize) -> Decision {
        let Some(&s) = self.sentence_row(p).get(i) else {
            return Decision::NoOne;
        };
        let Some((sp, ss, se)) = self.sentence(p, s) else {
            return Decision::NoOne;
        };
        for t in ss..se.min(ss + 5) {
            if let Some(m) = self.mention_starting(sp, t) {
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
    fn subject_before(&self, p: usize, v: usize) -> Decision {
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
        if word == Some("who") && t >= 1 && self.is_punct(p, t - 1, ',') {
            if let Some(m) = t.checked_sub(2).and_then(|k| self.mention_ending(p, k)) {
                return Decision::Speaker(m.person());
            }
            return Decision::NoOne;
        }
        if self.is_punct(p, t, ',') {
            // `her landlord, James Carter, told`: the name in apposition.
            if let Some(m) = t.checked_sub(1).and_then(|x| self.mention_ending(p, x)) {
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
                return self.sentence_subject(p, v);
            }
            return Decision::Pass;
        }
        match word {
            // `the singer wrote`, `the President said`
            Some(_) => Decision::NoOne,
            None => Decision::Pass,
        }
    }

    /// A title or role word at `i` (`chief`, `co-founder`).
    fn role_at(&self, p: usize, i: usize) -> bool {
        self.classes(p, i) & TITLE != 0 || self.lower(p, i).is_some_and(is_role)
    }

    /// `company chairman Tan Haoyu`: a few lower-case words from `a` up to a
    /// title or role right before a name.
    fn titled_mention_from(&self, p: usize, a: usize) -> bool {
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

    /// `said Judge Renata Okafor`, `said his lawyer, Dennis Akagi`.
    fn speaker_after_verb(&self, p: usize, v: usize) -> Decision {
        for j in v + 1..v + 10 {
            if self.in_quote(p, j) {
                return Decision::NoOne;
            }
            if let Some(m) = self.mention_starting(p, j) {
                return if m.poss {
                    Decision::NoOne
                } else {
                    Decision::Speaker(m.person())
                };
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
                return Decision::NoOne;
            }
            let raw = self.word(p, j).unwrap_or("");
            let ok = DESCRIPTORS.contains(&w)
                || !is_cap(raw)
                || LEXICON.word(w) & TITLE != 0
                || raw.ends_with("-year-old");
            if !ok {
                return Decision::NoOne;
            }
        }
        Decision::NoOne
    }

    /// `"…," Bukele told reporters`, `"…," said X`, `"…," according to X`.
    fn after(&self, q: usize) -> Decision {
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
        let Some(first) = self.lower(p, a) else {
            return Decision::Pass;
        };
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
            || self.titled_mention_from(p, a);
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
                    if !after_stop {
                        subject = if poss {
                            Decision::NoOne
                        } else {
                            Decision::Speaker(person)
                        };
                    }
                } else if let Some(g) = self.pronoun(p, j) {
                    subject = self.resolve(p, j, g);
                }
            }
            if self.classes(p, j) & VERB != 0 {
                return match subject {
                    Decision::Pass => Decision::NoOne,
                    d => d,
                };
            }
        }
        Decision::Pass
    }

    /// A verb of saying before the quotation: `X said: "…"`, `saying "…"`,
    /// and with `phrase`, a quoted phrase inside a sentence (`X called it "…"`).
    fn before(&self, q: usize, phrase: bool) -> Decision {
        let p = self.pieces[q].para;
        let (qs, _) = self.piece_toks(q);
        if qs == 0 {
            return Decision::Pass;
        }
        let mut b = qs - 1;
        let introduced = self.is_punct(p, b, ':') || self.is_punct(p, b, ',');
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
        // `According to Tom Reed, "…"`
        if introduced {
            let mut j = b + 1;
            while j > 0 && b + 1 - j < 10 && self.same_sentence(p, j - 1, b) {
                j -= 1;
                if self.lower(p, j) == Some("according") && self.lower(p, j + 1) == Some("to") {
                    return self.speaker_after_verb(p, j + 1);
                }
            }
        }
        let wanted = if phrase { VERB | LABEL_VERB } else { VERB };
        let reach = if phrase { 12 } else { 10 };
        let mut j = b + 1;
        while j > 0 && b + 1 - j < reach {
            j -= 1;
            if self.in_quote(p, j) || !self.same_sentence(p, j, b) {
                return Decision::Pass;
            }
            if self.classes(p, j) & wanted != 0 && !self.after_determiner(p, j) {
                return self.subject_before(p, j);
            }
        }
        Decision::Pass
    }

    fn attribution(&self, q: usize) -> Decision {
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

    /// A quotation with nothing said about it continues the one before:
    /// in the same paragraph, or the previous paragraph's last when it fills
    /// its own paragraph.
    fn continuation(&self, q: usize) -> Option<usize> {
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
            return None;
        }
        if let Some(prev) = q.checked_sub(1).filter(|&k| self.pieces[k].para == p) {
            let who = self.speakers.get(prev).copied().flatten()?;
            let (_, pe) = self.piece_toks(prev);
            let other = (pe..qs).any(|t| {
                self.mention_starting(p, t)
                    .is_some_and(|m| m.person() != who && !self.in_quote(p, t))
            });
            return (!other).then_some(who);
        }
        let fills = qs == 0
            && (piece.open_end
                || self.toks(p)[qe..].iter().all(|t| {
                    !t.is_word() && !matches!(t.kind, Kind::Punct('"' | '“' | '„' | '«'))
                }));
        if !fills || p == 0 {
            return None;
        }
        if let Some(last) = q.checked_sub(1).filter(|&k| self.pieces[k].para == p - 1) {
            return self.speakers.get(last).copied().flatten();
        }
        // `Detective Rachel Oyinlola appealed for witnesses.` then a quotation.
        let last_tok = self.toks(p - 1).len().checked_sub(1)?;
        match self.sentence_subject(p - 1, last_tok) {
            Decision::Speaker(x) => Some(x),
            _ => None,
        }
    }
}

/// Each token's sentence, and the sentences, of one paragraph.
fn sentences(ts: &[Token], piece_at: &[u32], of: &mut Vec<u32>, list: &mut Vec<(usize, usize)>) {
    of.clear();
    of.resize(ts.len(), NONE);
    list.clear();
    let mut start = 0;
    for (i, t) in ts.iter().enumerate() {
        if let Some(slot) = of.get_mut(i) {
            *slot = u32::try_from(list.len()).unwrap_or(NONE);
        }
        let next_starts = ts.get(i + 1).is_some_and(|n| match n.kind {
            Kind::Word => n.flags & CAP != 0,
            Kind::Punct(c) => matches!(c, '"' | '“' | '„' | '«' | '»'),
        });
        let quoted = piece_at.get(i).is_some_and(|&q| q != NONE);
        let stop = matches!(t.kind, Kind::Punct('.' | '!' | '?' | '…'));
        // A quotation that ends its own sentence (`"…done." Smith left`).
        let closes_sentence = quoted
            && piece_at.get(i + 1) != piece_at.get(i)
            && i > 0
            && matches!(ts[i - 1].kind, Kind::Punct('.' | '!' | '?' | '…'));
        if next_starts && ((stop && !quoted) || closes_sentence) {
            list.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < ts.len() || ts.is_empty() {
        list.push((start, ts.len()));
    }
}

/// The speaker of each piece. `kept` holds the first paragraphs' tokens if
/// they were made already.
pub fn attribute(
    paras: &[&str],
    pieces: &[Piece],
    people: &People,
    kept: Vec<Option<Prepared>>,
    spare_pre: Option<Prepared>,
) -> Vec<Option<usize>> {
    let mut cx = Ctx {
        kept,
        spare: Vec::new(),
        spare_pre,
        paras,
        pieces,
        mentions: &people.mentions,
        genders: &people.genders,
        window: Vec::with_capacity(WINDOW + 1),
        speakers: Vec::with_capacity(pieces.len()),
    };
    // A quotation over several paragraphs has one speaker, wherever named;
    // settled after every quotation is read, as the rules read the speakers
    // each quotation was first given.
    let mut runs: Vec<(usize, usize, Option<usize>)> = Vec::new();
    let mut run_start = 0;
    let mut named = None;
    for (q, piece) in pieces.iter().enumerate() {
        cx.advance(piece.para);
        if q > 0 && !piece.continued {
            if q - run_start > 1 {
                runs.push((run_start, q, named.or(cx.speakers[run_start])));
            }
            run_start = q;
            named = None;
        }
        let d = cx.attribution(q);
        if let (None, Decision::Speaker(x)) = (named, d) {
            named = Some(x);
        }
        let who = match d {
            Decision::Speaker(x) => Some(x),
            Decision::NoOne => None,
            Decision::Pass if piece.continued => q.checked_sub(1).and_then(|k| cx.speakers[k]),
            Decision::Pass => cx.continuation(q),
        };
        cx.speakers.push(who);
    }
    if pieces.len() - run_start > 1 {
        runs.push((run_start, pieces.len(), named.or(cx.speakers[run_start])));
    }
    for (start, end, who) in runs {
        for s in &mut cx.speakers[start..end] {
            *s = who;
        }
    }
    cx.speakers
}
