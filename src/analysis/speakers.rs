//! Who said each quotation, from the words around it.
//!
//! Each rule either decides (a person, or explicitly no one, as for `a police
//! spokesperson said`) or passes. A quotation no rule decides gets no speaker:
//! no speaker is better than a wrong one.

use super::lexicon::{Gender, LABEL_VERB, LEXICON, TITLE, VERB};
use super::people::{Mention, People};
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

struct Ctx<'a> {
    paras: &'a [&'a str],
    pre: &'a [Prepared],
    pieces: &'a [Piece],
    mentions: &'a [Mention],
    genders: &'a [Option<Gender>],
    /// Per paragraph, per token: index into `mentions`, or NONE.
    mention_at: Table,
    /// Per paragraph, per token: index into `pieces`, or NONE.
    piece_at: Table,
    /// Per paragraph, per token: global sentence number.
    sentence_of: Table,
    /// Global sentences: (paragraph, first token, one past last token).
    sentences: Vec<(usize, usize, usize)>,
    /// Per piece: its first and one-past-last token.
    piece_toks: Vec<(usize, usize)>,
    speakers: Vec<Option<usize>>,
}

impl Ctx<'_> {
    fn toks(&self, p: usize) -> &[Token] {
        self.pre.get(p).map_or(&[], |x| &x.toks)
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
        Some(self.pre.get(p)?.key(i))
    }

    fn classes(&self, p: usize, i: usize) -> u16 {
        self.pre.get(p).map_or(0, |x| x.class(i))
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
        self.piece_at.row(p).get(i).is_some_and(|&q| q != NONE)
    }

    fn same_sentence(&self, p: usize, a: usize, b: usize) -> bool {
        self.sentence_of.row(p).get(a) == self.sentence_of.row(p).get(b)
    }

    /// The mention whose last token is `i`.
    fn mention_ending(&self, p: usize, i: usize) -> Option<&Mention> {
        let m = *self.mention_at.row(p).get(i)?;
        let m = self.mentions.get(m as usize)?;
        (m.te == i + 1).then_some(m)
    }

    fn mention_starting(&self, p: usize, i: usize) -> Option<&Mention> {
        let m = *self.mention_at.row(p).get(i)?;
        let m = self.mentions.get(m as usize)?;
        (m.ts == i).then_some(m)
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
        let Some(&s) = self.sentence_of.row(p).get(i) else {
            return Decision::NoOne;
        };
        let Some(&(sp, ss, se)) = s
            .checked_sub(1)
            .and_then(|s| self.sentences.get(s as usize))
        else {
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
            if let Some(&q) = self.piece_at.row(sp).get(t)
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
                && agrees(m.person)
            {
                return Decision::Speaker(m.person);
            }
        }
        Decision::NoOne
    }

    /// The first person named at the start of a sentence: its subject.
    fn sentence_subject(&self, p: usize, i: usize) -> Decision {
        let Some(&s) = self.sentence_of.row(p).get(i) else {
            return Decision::NoOne;
        };
        let Some(&(sp, ss, se)) = self.sentences.get(s as usize) else {
            return Decision::NoOne;
        };
        for t in ss..se.min(ss + 5) {
            if let Some(m) = self.mention_starting(sp, t) {
                return if m.poss {
                    Decision::NoOne
                } else {
                    Decision::Speaker(m.person)
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
                Decision::Speaker(m.person)
            };
        }
        if let Some(g) = self.pronoun(p, t) {
            return self.resolve(p, t, g);
        }
        let word = self.lower(p, t);
        if word == Some("who") && t >= 1 && self.is_punct(p, t - 1, ',') {
            if let Some(m) = t.checked_sub(2).and_then(|k| self.mention_ending(p, k)) {
                return Decision::Speaker(m.person);
            }
            return Decision::NoOne;
        }
        if self.is_punct(p, t, ',') {
            // `her landlord, James Carter, told`: the name in apposition.
            if let Some(m) = t.checked_sub(1).and_then(|x| self.mention_ending(p, x)) {
                return if m.poss {
                    Decision::NoOne
                } else {
                    Decision::Speaker(m.person)
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
                        Decision::Speaker(m.person)
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
                    Decision::Speaker(m.person)
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
            if STOPS.contains(&w) {
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
        let (_, qe) = self.piece_toks[q];
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
            || is_cap(&raw);
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
                    self.mention_starting(p, j).map(|m| (m.poss, m.person))
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
        let (qs, _) = self.piece_toks[q];
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
        let (qs, qe) = self.piece_toks[q];
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
            let (_, pe) = self.piece_toks[prev];
            let other = (pe..qs).any(|t| {
                self.mention_starting(p, t)
                    .is_some_and(|m| m.person != who && !self.in_quote(p, t))
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

/// One value per token of every paragraph, in one allocation.
struct Table {
    base: Vec<usize>,
    /// 32 bits: the tables are read all over, so their size matters.
    data: Vec<u32>,
}

impl Table {
    fn new(toks: &[&[Token]]) -> Table {
        let mut base = Vec::with_capacity(toks.len() + 1);
        let mut n = 0;
        for t in toks {
            base.push(n);
            n += t.len();
        }
        base.push(n);
        Table {
            base,
            data: vec![NONE; n],
        }
    }

    fn bounds(&self, p: usize) -> std::ops::Range<usize> {
        let s = self.base.get(p).copied().unwrap_or(0);
        let e = self.base.get(p + 1).copied().unwrap_or(s);
        s..e
    }

    fn row(&self, p: usize) -> &[u32] {
        self.data.get(self.bounds(p)).unwrap_or(&[])
    }

    fn row_mut(&mut self, p: usize) -> &mut [u32] {
        let r = self.bounds(p);
        self.data.get_mut(r).unwrap_or(&mut [])
    }
}

fn sentences(toks: &[&[Token]], piece_at: &Table) -> (Table, Vec<(usize, usize, usize)>) {
    let mut of = Table::new(toks);
    let mut list = Vec::with_capacity(of.data.len() / 12 + toks.len());
    for (p, ts) in toks.iter().enumerate() {
        let piece_at = piece_at.row(p);
        let row = of.row_mut(p);
        let mut start = 0;
        for (i, t) in ts.iter().enumerate() {
            if let Some(slot) = row.get_mut(i) {
                *slot = u32::try_from(list.len()).unwrap_or(NONE);
            }
            let next_starts = ts.get(i + 1).is_some_and(|n| match n.kind {
                Kind::Word => n.flags & CAP != 0,
                Kind::Punct(c) => matches!(c, '"' | '“' | '„' | '«' | '»'),
            });
            let quoted = piece_at[i] != NONE;
            let stop = matches!(t.kind, Kind::Punct('.' | '!' | '?' | '…'));
            // A quotation that ends its own sentence (`"…done." Smith left`).
            let closes_sentence = quoted
                && piece_at.get(i + 1) != Some(&piece_at[i])
                && i > 0
                && matches!(ts[i - 1].kind, Kind::Punct('.' | '!' | '?' | '…'));
            if next_starts && ((stop && !quoted) || closes_sentence) {
                list.push((p, start, i + 1));
                start = i + 1;
            }
        }
        if start < ts.len() || ts.is_empty() {
            list.push((p, start, ts.len()));
        }
    }
    (of, list)
}

pub fn attribute(
    paras: &[&str],
    pre: &[Prepared],
    pieces: &[Piece],
    people: &People,
) -> Vec<Option<usize>> {
    let toks: Vec<&[Token]> = pre.iter().map(|x| x.toks.as_slice()).collect();
    let toks = toks.as_slice();
    let mut mention_at = Table::new(toks);
    for (k, m) in people.mentions.iter().enumerate() {
        for slot in mention_at.row_mut(m.para).iter_mut().take(m.te).skip(m.ts) {
            *slot = u32::try_from(k).unwrap_or(NONE);
        }
    }
    let mut piece_at = Table::new(toks);
    let mut piece_toks = Vec::with_capacity(pieces.len());
    for (k, q) in pieces.iter().enumerate() {
        let ts = &toks[q.para];
        let s = ts.partition_point(|t| (t.start as usize) < q.range.start);
        let e = ts.partition_point(|t| (t.start as usize) < q.range.end);
        for slot in piece_at.row_mut(q.para).iter_mut().take(e).skip(s) {
            *slot = u32::try_from(k).unwrap_or(NONE);
        }
        piece_toks.push((s, e));
    }
    let (sentence_of, sentence_list) = sentences(toks, &piece_at);
    let mut cx = Ctx {
        paras,
        pre,
        pieces,
        mentions: &people.mentions,
        genders: &people.genders,
        mention_at,
        piece_at,
        sentence_of,
        sentences: sentence_list,
        piece_toks,
        speakers: Vec::with_capacity(pieces.len()),
    };
    let mut own = Vec::with_capacity(pieces.len());
    for (q, piece) in pieces.iter().enumerate() {
        let d = cx.attribution(q);
        own.push(d);
        let who = match d {
            Decision::Speaker(x) => Some(x),
            Decision::NoOne => None,
            Decision::Pass if piece.continued => q.checked_sub(1).and_then(|k| cx.speakers[k]),
            Decision::Pass => cx.continuation(q),
        };
        cx.speakers.push(who);
    }
    // A quotation over several paragraphs has one speaker, wherever named.
    let mut start = 0;
    while start < pieces.len() {
        let mut end = start + 1;
        while end < pieces.len() && pieces[end].continued {
            end += 1;
        }
        if end - start > 1 {
            let named = own[start..end].iter().find_map(|d| match d {
                Decision::Speaker(x) => Some(*x),
                _ => None,
            });
            let who = named.or(cx.speakers[start]);
            for s in &mut cx.speakers[start..end] {
                *s = who;
            }
        }
        start = end;
    }
    cx.speakers
}
