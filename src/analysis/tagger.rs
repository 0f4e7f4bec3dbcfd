//! A learnt tagger of people's names: a structured (averaged) perceptron over
//! begin/inside/outside tags, decoded by Viterbi over each run of capitalised
//! words. Its weights are trained by `examples/train_tagger.rs` on WikiGold,
//! the Broad Twitter Corpus and GUM (see `assets/tagger/README.md`) and
//! compiled in; features are hashed into a fixed table of `i16` weights.
//!
//! Public so that the training program computes exactly the features the
//! analyser does; the analyser itself calls [`spans`].

use std::ops::Range;

use super::lexicon::{
    COMMON, DAY, LEXICON, MONTH, NATIONALITY, ORG_NAME, ORG_WORD, PLACE, TITLE, VERB,
};
use super::tokens::{CAP, Kind, NAME, Prepared};

/// Begin, inside and outside a person's name.
pub const TAGS: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Out = 0,
    Begin = 1,
    Inside = 2,
}

impl Tag {
    pub const ALL: [Tag; TAGS] = [Tag::Out, Tag::Begin, Tag::Inside];

    pub fn index(self) -> usize {
        self as usize
    }
}

/// Scores a feature for a tag: the compiled model, or the trainer's table.
pub trait Weights {
    fn weight(&self, feature: u32, tag: Tag) -> f32;
}

/// The words of one sentence or paragraph as the tagger reads them.
pub struct Words<'a> {
    text: &'a str,
    pre: Prepared,
}

impl<'a> Words<'a> {
    pub fn new(text: &'a str) -> Words<'a> {
        let mut pre = Prepared::new(text);
        pre.mark_names(text);
        Words { text, pre }
    }

    /// Number of tokens (words and punctuation).
    pub fn len(&self) -> usize {
        self.pre.toks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pre.toks.is_empty()
    }

    /// Byte range of token `i` in the text.
    pub fn range(&self, i: usize) -> Range<usize> {
        self.pre
            .toks
            .get(i)
            .map_or(0..0, |t| t.start as usize..t.end as usize)
    }

    /// The text of tokens `[start, end)`.
    pub fn text(&self, tokens: Range<usize>) -> &'a str {
        let (s, e) = (
            self.range(tokens.start),
            self.range(tokens.end.saturating_sub(1)),
        );
        self.text.get(s.start..e.end).unwrap_or("")
    }

    /// Whether token `i` can be in a name at all: others are outside.
    pub fn taggable(&self, i: usize) -> bool {
        taggable(&self.pre, i)
    }

    /// Features of token `i` after `prev`.
    pub fn features(&self, i: usize, prev: Tag, out: &mut Vec<u32>) {
        out.clear();
        let mut lex = Lex::default();
        lex.reset(self.len());
        emissions(self.text, &self.pre, i, &mut lex, out);
        out.extend(transitions(self.text, &self.pre, i, prev));
    }

    /// The best tags under `w`, one per token.
    pub fn decode(&self, w: &impl Weights) -> Vec<Tag> {
        let mut tags = Vec::new();
        decode(
            self.text,
            &self.pre,
            w,
            &[],
            &mut Scratch::default(),
            &mut tags,
        );
        tags
    }
}

fn taggable(pre: &Prepared, i: usize) -> bool {
    let Some(t) = pre.toks.get(i) else {
        return false;
    };
    t.kind == Kind::Word
        && (t.flags & (CAP | NAME) != 0
            || (pre.is_particle(i) && i + 1 < pre.toks.len() && taggable(pre, i + 1)))
}

// Feature templates: each hash starts with its template's byte.
const F_BIAS: u8 = 0;
const F_WORD: u8 = 1;
const F_SHAPE: u8 = 2;
const F_PRE3: u8 = 3;
const F_SUF2: u8 = 4;
const F_SUF3: u8 = 5;
const F_SUF4: u8 = 6;
const F_P1: u8 = 7;
const F_P2: u8 = 8;
const F_N1: u8 = 9;
const F_N2: u8 = 10;
const F_P1_SHAPE: u8 = 11;
const F_N1_SHAPE: u8 = 12;
const F_FIRST: u8 = 13;
const F_LEX: u8 = 14;
const F_P1_LEX: u8 = 15;
const F_N1_LEX: u8 = 16;
const F_POSS: u8 = 17;
const F_PREV: u8 = 18;
const F_PREV_SHAPE: u8 = 19;
const F_SHAPE_N1_SHAPE: u8 = 20;
const F_P1_WORD: u8 = 21;
const F_LEN: u8 = 22;
const F_P2_SHAPE: u8 = 23;
const F_N2_SHAPE: u8 = 24;
const F_RUN: u8 = 25;

fn hash(template: u8, parts: &[&[u8]]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    let mut eat = |b: u8| {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    };
    eat(template);
    for (k, part) in parts.iter().enumerate() {
        if k > 0 {
            eat(0xff);
        }
        for &b in *part {
            eat(b);
        }
    }
    h
}

/// The word's shape with repeats collapsed: `Xx`, `X.X.`, `Xx-Xx`, `d`.
fn shape(word: &str, out: &mut [u8; 8]) -> usize {
    let mut n = 0;
    for c in word.chars() {
        let s = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_numeric() {
            b'd'
        } else if c.is_ascii() {
            c as u8
        } else {
            b'?'
        };
        if n > 0 && out[n - 1] == s {
            continue;
        }
        if n == out.len() {
            break;
        }
        out[n] = s;
        n += 1;
    }
    n
}

/// A neighbour's kind in one byte: capitalised, lower, all-caps, digit,
/// or its punctuation character; `^`/`$` beyond the ends.
fn kind_byte(text: &str, pre: &Prepared, i: Option<usize>) -> u8 {
    let Some(t) = i.and_then(|i| pre.toks.get(i)) else {
        return if i.is_none() { b'^' } else { b'$' };
    };
    match t.kind {
        Kind::Punct(c) if c.is_ascii() => c as u8,
        Kind::Punct('“' | '”' | '‘' | '’') => b'"',
        Kind::Punct(_) => b'?',
        Kind::Word => {
            let w = t.text(text);
            let first = w.chars().next().unwrap_or(' ');
            if first.is_numeric() {
                b'd'
            } else if first.is_uppercase() {
                if w.chars().skip(1).any(char::is_lowercase) || w.chars().count() == 1 {
                    b'C'
                } else {
                    b'A'
                }
            } else {
                b'l'
            }
        }
    }
}

/// The word's key, or its punctuation, or `^`/`$` beyond the ends.
fn repr<'p>(text: &'p str, pre: &'p Prepared, i: Option<usize>) -> &'p str {
    match i.and_then(|i| pre.toks.get(i).map(|t| (i, t))) {
        None if i.is_none() => "^",
        None => "$",
        Some((i, t)) if t.kind == Kind::Word => pre.key(i),
        Some((_, t)) => t.text(text),
    }
}

/// Lexicon evidence of a word as bits: its classes, then census and world
/// given names and surnames.
fn lex_bits(pre: &Prepared, i: usize) -> u32 {
    let Some(t) = pre.toks.get(i).filter(|t| t.kind == Kind::Word) else {
        return 0;
    };
    let class = pre.class(i);
    let mut bits = 0u32;
    for (k, c) in [
        PLACE,
        NATIONALITY,
        ORG_WORD,
        ORG_NAME,
        TITLE,
        COMMON,
        DAY,
        MONTH,
        VERB,
    ]
    .iter()
    .enumerate()
    {
        if class & c != 0 {
            bits |= 1 << k;
        }
    }
    // Names are looked up only for words that could be one.
    if t.flags & (CAP | NAME) != 0 {
        let key = pre.key(i);
        if LEXICON.given(key).is_some() {
            bits |= 1 << 10;
        }
        if LEXICON.common_given(key) {
            bits |= 1 << 11;
        }
        if LEXICON.is_surname(key) {
            bits |= 1 << 12;
        }
        if LEXICON.world_given(key).is_some() {
            bits |= 1 << 13;
        }
        if LEXICON.is_world_surname(key) {
            bits |= 1 << 14;
        }
    }
    if pre.is_particle(i) {
        bits |= 1 << 15;
    }
    bits
}

/// Lexicon bits per token of a paragraph, each looked up once: a word is
/// asked of as itself and as both its neighbours' neighbour.
#[derive(Default)]
struct Lex(Vec<u32>);

const NOT_LOOKED_UP: u32 = u32::MAX;

impl Lex {
    fn reset(&mut self, n: usize) {
        self.0.clear();
        self.0.resize(n + 1, NOT_LOOKED_UP);
    }

    fn bits(&mut self, pre: &Prepared, i: usize) -> u32 {
        match self.0.get(i) {
            Some(&b) if b != NOT_LOOKED_UP => b,
            Some(_) => {
                let b = lex_bits(pre, i);
                self.0[i] = b;
                b
            }
            None => lex_bits(pre, i),
        }
    }
}

/// Buffers of the decoder, kept from paragraph to paragraph.
#[derive(Default)]
pub(super) struct Scratch {
    lex: Lex,
    feats: Vec<u32>,
    best: Vec<[f32; TAGS]>,
    back: Vec<[u8; TAGS]>,
    tags: Vec<Tag>,
}

fn emit_bits(template: u8, bits: u32, out: &mut Vec<u32>) {
    for k in 0..16u8 {
        if bits & (1 << k) != 0 {
            out.push(hash(template, &[&[k]]));
        }
    }
}

/// Features of token `i` that do not depend on the tag before it.
fn emissions(text: &str, pre: &Prepared, i: usize, lex: &mut Lex, out: &mut Vec<u32>) {
    let word = pre.toks.get(i).map_or("", |t| t.text(text));
    let key = pre.key(i);
    let prev = i.checked_sub(1);
    out.push(hash(F_BIAS, &[]));
    out.push(hash(F_WORD, &[key.as_bytes()]));
    let mut sh = [0u8; 8];
    let n = shape(word, &mut sh);
    out.push(hash(F_SHAPE, &[&sh[..n]]));
    let chars = key.chars().count();
    out.push(hash(F_LEN, &[&[chars.min(12) as u8]]));
    let cut = |k: usize| key.char_indices().nth(k).map_or(key.len(), |(b, _)| b);
    if chars > 3 {
        out.push(hash(F_PRE3, &[&key.as_bytes()[..cut(3)]]));
    }
    for (template, k) in [(F_SUF2, 2), (F_SUF3, 3), (F_SUF4, 4)] {
        if chars > k {
            out.push(hash(template, &[&key.as_bytes()[cut(chars - k)..]]));
        }
    }
    let p1 = repr(text, pre, prev);
    out.push(hash(F_P1, &[p1.as_bytes()]));
    out.push(hash(F_P2, &[repr(text, pre, i.checked_sub(2)).as_bytes()]));
    out.push(hash(F_N1, &[repr(text, pre, Some(i + 1)).as_bytes()]));
    out.push(hash(F_N2, &[repr(text, pre, Some(i + 2)).as_bytes()]));
    let pk = kind_byte(text, pre, prev);
    let nk = kind_byte(text, pre, Some(i + 1));
    out.push(hash(F_P1_SHAPE, &[&[pk]]));
    out.push(hash(F_N1_SHAPE, &[&[nk]]));
    out.push(hash(F_SHAPE_N1_SHAPE, &[&sh[..n], &[pk, nk]]));
    out.push(hash(F_P1_WORD, &[p1.as_bytes(), key.as_bytes()]));
    out.push(hash(
        F_P2_SHAPE,
        &[&[kind_byte(text, pre, i.checked_sub(2)), pk]],
    ));
    out.push(hash(
        F_N2_SHAPE,
        &[&[nk, kind_byte(text, pre, Some(i + 2))]],
    ));
    // Where the word sits in its run of taggable words (names are mostly
    // two or three words long), counted up to four each way.
    let before = (1..=4)
        .take_while(|&k| i.checked_sub(k).is_some_and(|j| taggable(pre, j)))
        .count() as u8;
    let after = (1..=4).take_while(|&k| taggable(pre, i + k)).count() as u8;
    out.push(hash(F_RUN, &[&[before, after]]));
    let first = matches!(pk, b'^' | b'.' | b'!' | b'?' | b'"' | b':' | b'-');
    let bits = lex.bits(pre, i);
    if first {
        out.push(hash(F_FIRST, &[&[u8::from(bits & (1 << 5) != 0)]]));
    }
    emit_bits(F_LEX, bits, out);
    if let Some(p) = prev {
        emit_bits(F_P1_LEX, lex.bits(pre, p), out);
    }
    emit_bits(F_N1_LEX, lex.bits(pre, i + 1), out);
    if pre.toks.get(i).is_some_and(|t| t.poss) {
        out.push(hash(F_POSS, &[]));
    }
}

/// Features of token `i` that depend on the tag before it.
fn transitions(text: &str, pre: &Prepared, i: usize, prev: Tag) -> [u32; 2] {
    let word = pre.toks.get(i).map_or("", |t| t.text(text));
    let mut sh = [0u8; 8];
    let n = shape(word, &mut sh);
    let p = [prev as u8];
    [hash(F_PREV, &[&p]), hash(F_PREV_SHAPE, &[&p, &sh[..n]])]
}

/// Viterbi over each run of taggable tokens into `tags`; the others, and
/// those `skip` marks, are outside.
fn decode(
    text: &str,
    pre: &Prepared,
    w: &impl Weights,
    skip: &[bool],
    scratch: &mut Scratch,
    tags: &mut Vec<Tag>,
) {
    let n = pre.toks.len();
    tags.clear();
    tags.resize(n, Tag::Out);
    let Scratch {
        lex,
        feats,
        best,
        back,
        ..
    } = scratch;
    lex.reset(n);
    let open = |i: usize| !skip.get(i).copied().unwrap_or(false) && taggable(pre, i);
    let mut i = 0;
    while i < n {
        if !open(i) {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && open(i) {
            i += 1;
        }
        // Per token of the run: the best score ending in each tag, and from which tag.
        best.clear();
        back.clear();
        for k in start..i {
            feats.clear();
            emissions(text, pre, k, lex, feats);
            let base: [f32; TAGS] = Tag::ALL.map(|t| feats.iter().map(|&f| w.weight(f, t)).sum());
            let mut here = [f32::NEG_INFINITY; TAGS];
            let mut from = [0u8; TAGS];
            let prevs: &[Tag] = if k == start { &[Tag::Out] } else { &Tag::ALL };
            for &p in prevs {
                let before = if k == start {
                    0.0
                } else {
                    best[k - start - 1][p.index()]
                };
                let tr = transitions(text, pre, k, p);
                for t in Tag::ALL {
                    // Inside only continues a name.
                    if t == Tag::Inside && p == Tag::Out {
                        continue;
                    }
                    let s =
                        before + base[t.index()] + tr.iter().map(|&f| w.weight(f, t)).sum::<f32>();
                    if s > here[t.index()] {
                        here[t.index()] = s;
                        from[t.index()] = p as u8;
                    }
                }
            }
            best.push(here);
            back.push(from);
        }
        let Some(last) = best.last() else { continue };
        let mut t = (0..TAGS)
            .max_by(|&a, &b| last[a].total_cmp(&last[b]))
            .unwrap_or(0);
        for k in (0..best.len()).rev() {
            tags[start + k] = Tag::ALL[t];
            t = usize::from(back[k][t]);
        }
    }
}

/// Token ranges `[start, end)` of the names in a tag sequence.
pub fn names(tags: &[Tag]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (i, &t) in tags.iter().enumerate() {
        match t {
            Tag::Begin => out.push(i..i + 1),
            Tag::Inside => {
                if let Some(last) = out.last_mut().filter(|r| r.end == i) {
                    last.end = i + 1;
                }
            }
            Tag::Out => {}
        }
    }
    out
}

/// The compiled model: `BYLT`, a format byte (1), the table's size as a
/// power of two, two spare bytes, then `TAGS << bits` little-endian `i16`.
pub struct Model {
    bits: u8,
    table: &'static [u8],
}

const MAGIC: &[u8; 4] = b"BYLT";
const HEADER: usize = 8;

impl Model {
    /// `None` for bytes not in the format, and so no tagger.
    pub fn parse(bytes: &'static [u8]) -> Option<Model> {
        let (head, table) = bytes.split_at_checked(HEADER)?;
        let bits = head[5];
        let fits = head[..4] == MAGIC[..]
            && head[4] == 1
            && (8..=24).contains(&bits)
            && table.len() == (2 * TAGS) << bits;
        fits.then_some(Model { bits, table })
    }

    /// The model's bytes for quantised `weights` (`TAGS << bits` of them).
    pub fn encode(bits: u8, weights: &[i16]) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER + 2 * weights.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&[1, bits, 0, 0]);
        for w in weights {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// Where feature `f`'s weight for `tag` sits among `TAGS << bits`.
    pub fn slot(bits: u8, f: u32, tag: Tag) -> usize {
        ((f & ((1 << bits) - 1)) as usize) * TAGS + tag.index()
    }
}

impl Weights for Model {
    fn weight(&self, feature: u32, tag: Tag) -> f32 {
        let at = 2 * Model::slot(self.bits, feature, tag);
        match self.table.get(at..at + 2) {
            Some(&[a, b]) => f32::from(i16::from_le_bytes([a, b])),
            _ => 0.0,
        }
    }
}

static MODEL: std::sync::LazyLock<Option<Model>> =
    std::sync::LazyLock::new(|| Model::parse(include_bytes!("../../assets/tagger/people.bin")));

/// Names the model tags in a prepared paragraph, as token ranges
/// `[start, end)`; tokens `skip` marks are left out.
pub(super) fn spans(
    text: &str,
    pre: &Prepared,
    skip: &[bool],
    scratch: &mut Scratch,
) -> Vec<Range<usize>> {
    let Some(model) = MODEL.as_ref() else {
        return Vec::new();
    };
    let mut tags = std::mem::take(&mut scratch.tags);
    decode(text, pre, model, skip, scratch, &mut tags);
    let out = names(&tags);
    scratch.tags = tags;
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn tagged(text: &str) -> Vec<String> {
        let w = Words::new(text);
        spans(text, &w.pre, &[], &mut Scratch::default())
            .into_iter()
            .map(|r| text[w.range(r.start).start..w.range(r.end - 1).end].to_string())
            .collect()
    }

    #[test]
    fn the_compiled_model_is_in_its_format() {
        assert!(MODEL.is_some());
    }

    #[test]
    fn a_name_unknown_to_every_list_is_tagged_from_its_context() {
        assert_eq!(
            tagged("Minister Zorvan Kaltenbrunn said on Monday."),
            ["Zorvan Kaltenbrunn"]
        );
    }

    #[test]
    fn lower_case_words_are_never_tagged() {
        let w = Words::new("the cat sat on the mat");
        assert!((0..w.len()).all(|i| !w.taggable(i)));
    }

    #[test]
    fn a_particle_between_names_can_be_tagged() {
        let w = Words::new("Pieter van der Meulen");
        assert!(w.taggable(1) && w.taggable(2));
        let w = Words::new("the van broke");
        assert!(!w.taggable(1));
    }

    #[test]
    fn inside_after_outside_starts_no_name() {
        let found = names(&[Tag::Out, Tag::Inside, Tag::Begin, Tag::Inside]);
        assert_eq!(found, vec![2..4]);
    }

    #[test]
    fn bytes_not_in_the_format_give_no_model() {
        assert!(Model::parse(b"BYLT").is_none());
        assert!(Model::parse(b"XXXX\x01\x08\0\0").is_none());
        let table: &'static [u8] = Box::leak(Model::encode(8, &[0; TAGS << 8]).into_boxed_slice());
        assert!(Model::parse(table).is_some());
    }
}
