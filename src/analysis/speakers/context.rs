//! What the speaker rules read: a window of a few paragraphs' tokens, with
//! each token's mention, quotation and sentence.

use crate::analysis::lexicon::Gender;
use crate::analysis::lexicon::{LABEL_VERB, VERB};
use crate::analysis::people::Mention;
use crate::analysis::quotes::Piece;
use crate::analysis::tokens::{CAP, Kind, Prepared, Token, is_all_caps, is_cap};

pub(super) const NONE: u32 = u32::MAX;

/// How many tokens of a sentence are read when looking for what it is about.
pub(super) const SENTENCE_READ: usize = 400;

/// What the rules read of one paragraph. Only a few paragraphs have one at
/// a time, which keeps a long story's tokens out of memory.
pub(super) struct ParaState {
    pub(super) para: usize,
    pub(super) pre: Prepared,
    /// Per token: index into the story's mentions, or NONE. 32 bits, as
    /// there is one per token.
    pub(super) mention_at: Vec<u32>,
    /// Per token: index into the story's pieces, or NONE.
    pub(super) piece_at: Vec<u32>,
    /// Per token: its sentence, an index into `sentences`.
    pub(super) sentence_of: Vec<u32>,
    /// First and one-past-last token of each sentence; a sentence never
    /// crosses a paragraph and every paragraph has at least one.
    pub(super) sentences: Vec<(usize, usize)>,
    /// The paragraph's first piece, an index into the story's pieces.
    pub(super) first_piece: usize,
    /// Per piece of the paragraph: its first and one-past-last token.
    pub(super) piece_toks: Vec<(usize, usize)>,
}

impl ParaState {
    pub(super) fn empty(pre: Prepared) -> ParaState {
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
    pub(super) fn fill(&mut self, para: usize, pieces: &[Piece], mentions: &[Mention]) {
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

pub(super) struct Ctx<'a> {
    pub(super) paras: &'a [&'a str],
    pub(super) pieces: &'a [Piece],
    pub(super) mentions: &'a [Mention],
    pub(super) genders: &'a [Option<Gender>],
    /// The paragraphs the rules may read, in order: the current one and the
    /// two before it (a continuation reads the previous paragraph's last
    /// sentence, whose pronoun is resolved from the sentence before it).
    pub(super) window: Vec<ParaState>,
    /// Paragraphs tokenized already, from the first on.
    pub(super) kept: Vec<Option<Prepared>>,
    /// States that left the window, whose memory the next ones reuse.
    pub(super) spare: Vec<ParaState>,
    /// Memory for tokens, before the first state is made.
    pub(super) spare_pre: Option<Prepared>,
    pub(super) said: Vec<super::Said>,
}

/// Paragraphs held at once: see [`Ctx::window`].
pub(super) const WINDOW: usize = 3;

impl Ctx<'_> {
    pub(super) fn state(&self, p: usize) -> Option<&ParaState> {
        self.window.iter().find(|s| s.para == p)
    }

    /// Makes the window end at paragraph `p`; paragraphs come in order.
    pub(super) fn advance(&mut self, p: usize) {
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

    pub(super) fn toks(&self, p: usize) -> &[Token] {
        self.state(p).map_or(&[], |x| &x.pre.toks)
    }

    pub(super) fn mention_row(&self, p: usize) -> &[u32] {
        self.state(p).map_or(&[], |x| &x.mention_at)
    }

    pub(super) fn piece_row(&self, p: usize) -> &[u32] {
        self.state(p).map_or(&[], |x| &x.piece_at)
    }

    pub(super) fn sentence_row(&self, p: usize) -> &[u32] {
        self.state(p).map_or(&[], |x| &x.sentence_of)
    }

    /// Paragraph, first and one-past-last token of sentence `s` of paragraph `p`.
    pub(super) fn sentence(&self, p: usize, s: u32) -> Option<(usize, usize, usize)> {
        let &(ss, se) = self.state(p)?.sentences.get(s as usize)?;
        Some((p, ss, se))
    }

    /// The sentence before sentence `s` of paragraph `p`, which may end the
    /// paragraph before.
    pub(super) fn sentence_before(&self, p: usize, s: u32) -> Option<(usize, usize, usize)> {
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
    pub(super) fn piece_toks(&self, q: usize) -> (usize, usize) {
        self.pieces
            .get(q)
            .and_then(|piece| self.state(piece.para))
            .and_then(|st| st.piece_toks.get(q.checked_sub(st.first_piece)?))
            .copied()
            .unwrap_or((0, 0))
    }

    pub(super) fn word(&self, p: usize, i: usize) -> Option<&str> {
        let t = self.toks(p).get(i)?;
        (t.kind == Kind::Word).then(|| t.text(self.paras[p]))
    }

    pub(super) fn is_punct(&self, p: usize, i: usize, c: char) -> bool {
        self.toks(p).get(i).is_some_and(|t| t.is_punct(c))
    }

    /// The normalised word at `i`, if it is a word.
    pub(super) fn lower(&self, p: usize, i: usize) -> Option<&str> {
        self.word(p, i)?;
        Some(self.state(p)?.pre.key(i))
    }

    pub(super) fn classes(&self, p: usize, i: usize) -> u16 {
        let Some(st) = self.state(p) else { return 0 };
        let c = st.pre.class(i);
        if c & (VERB | LABEL_VERB) == 0 {
            return c;
        }
        // `told The Huffington Post`: a capitalised word inside a sentence
        // is a name's, not a verb of saying (unless the whole is in capitals).
        let mid_sentence = st
            .sentence_of
            .get(i)
            .and_then(|&s| st.sentences.get(s as usize))
            .is_some_and(|&(ss, _)| ss < i)
            && i.checked_sub(1)
                .and_then(|k| st.pre.toks.get(k))
                .is_some_and(|t| t.is_word() || t.is_punct(','));
        let capitalised = self
            .word(p, i)
            .is_some_and(|w| is_cap(w) && !is_all_caps(w));
        if mid_sentence && capitalised {
            c & !(VERB | LABEL_VERB)
        } else {
            c
        }
    }

    /// `the state broadcaster`, `a statement`: a verb's spelling used as a noun.
    pub(super) fn after_determiner(&self, p: usize, i: usize) -> bool {
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

    pub(super) fn in_quote(&self, p: usize, i: usize) -> bool {
        self.piece_row(p).get(i).is_some_and(|&q| q != NONE)
    }

    pub(super) fn same_sentence(&self, p: usize, a: usize, b: usize) -> bool {
        self.sentence_row(p).get(a) == self.sentence_row(p).get(b)
    }

    /// The mention whose last token is `i`.
    pub(super) fn mention_ending(&self, p: usize, i: usize) -> Option<&Mention> {
        let m = *self.mention_row(p).get(i)?;
        let m = self.mentions.get(m as usize)?;
        (self.toks(p).get(i)?.end == m.end).then_some(m)
    }

    pub(super) fn mention_starting(&self, p: usize, i: usize) -> Option<&Mention> {
        let m = *self.mention_row(p).get(i)?;
        let m = self.mentions.get(m as usize)?;
        (self.toks(p).get(i)?.start == m.start).then_some(m)
    }

    pub(super) fn pronoun(&self, p: usize, i: usize) -> Option<Gender> {
        match self.lower(p, i)? {
            "he" => Some(Gender::Male),
            "she" => Some(Gender::Female),
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
