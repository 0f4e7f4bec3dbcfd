//! Turning raw story text into display text that is safe to put on a terminal,
//! while remembering where every displayed byte came from in the file.
//!
//! Analysis spans and bookmarks speak in display offsets of a paragraph; the
//! scriptable side (`byline analyze --json`) speaks in byte offsets of the file
//! as read. [`OffsetMap`] converts between the two.

use std::ops::Range;

/// Maps byte offsets of a cleaned paragraph back to byte offsets of the source.
///
/// The cleaned text is a sequence of runs, each copied verbatim from a
/// contiguous part of the source (or synthesised, such as the single space that
/// replaces a line break). An anchor records where each run starts in both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    /// (display offset, source offset) at the start of each run, ascending in both.
    anchors: Anchors,
}

/// The anchors of a map. Most paragraphs are a single run, so one anchor is
/// held in place: a story of 400,000 paragraphs then makes no allocation
/// for them (one each would cost some 12 MB).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
enum Anchors {
    #[default]
    None,
    One([(usize, usize); 1]),
    /// Two or more.
    Many(Vec<(usize, usize)>),
}

impl std::ops::Deref for Anchors {
    type Target = [(usize, usize)];
    fn deref(&self) -> &[(usize, usize)] {
        match self {
            Anchors::None => &[],
            Anchors::One(one) => one,
            Anchors::Many(many) => many,
        }
    }
}

impl std::ops::DerefMut for Anchors {
    fn deref_mut(&mut self) -> &mut [(usize, usize)] {
        match self {
            Anchors::None => &mut [],
            Anchors::One(one) => one,
            Anchors::Many(many) => many,
        }
    }
}

impl Anchors {
    fn push(&mut self, anchor: (usize, usize)) {
        *self = match std::mem::take(self) {
            Anchors::None => Anchors::One([anchor]),
            Anchors::One([first]) => Anchors::Many(vec![first, anchor]),
            Anchors::Many(mut many) => {
                many.push(anchor);
                Anchors::Many(many)
            }
        };
    }

    fn shrink_to_fit(&mut self) {
        if let Anchors::Many(many) = self {
            many.shrink_to_fit();
        }
    }
}

impl From<Vec<(usize, usize)>> for Anchors {
    fn from(list: Vec<(usize, usize)>) -> Anchors {
        let mut anchors = Anchors::None;
        for a in list {
            anchors.push(a);
        }
        anchors
    }
}

impl OffsetMap {
    /// This map with every source offset moved on by `by`.
    pub fn shifted(mut self, by: usize) -> OffsetMap {
        for a in self.anchors.iter_mut() {
            a.1 += by;
        }
        self
    }

    /// Starts a new run at these offsets (both must not go backwards).
    pub fn push_anchor(&mut self, display: usize, source: usize) {
        match self.anchors.last_mut() {
            // A run of no length is replaced by the one that follows it.
            Some(last) if last.0 == display => *last = (display, source),
            _ => self.anchors.push((display, source)),
        }
    }

    /// This map, for a display text of `len` bytes, followed by `outer`:
    /// display -> source -> outer source. Runs are split wherever `outer`
    /// starts a run, so the result stays exact; an `outer` run that starts
    /// where the text ends is kept too, as it bounds the last character.
    pub fn then(&self, outer: &OffsetMap, len: usize) -> OffsetMap {
        let mut out = OffsetMap::default();
        for (i, &(d, s)) in self.anchors.iter().enumerate() {
            let next_d = self.anchors.get(i + 1).map_or(len.max(d), |&(d, _)| d);
            out.push_anchor(d, outer.to_source(s));
            let end_s = s + (next_d - d);
            let first = outer.anchors.partition_point(|&(od, _)| od <= s);
            for &(od, os) in outer.anchors.iter().skip(first) {
                if od > end_s {
                    break;
                }
                out.push_anchor(d + (od - s), os);
            }
        }
        out
    }

    /// Source offset of a display offset. Offsets inside a synthesised run map
    /// to the source position where that run was made. A run can be longer
    /// than the source it stands for (a U+FFFD for one invalid byte, a UTF-8
    /// character decoded from two bytes of UTF-16): its bytes never map past
    /// the source where the next run starts.
    pub fn to_source(&self, display: usize) -> usize {
        let i = self.anchors.partition_point(|&(d, _)| d <= display);
        let Some(&(d, s)) = i.checked_sub(1).and_then(|i| self.anchors.get(i)) else {
            return display;
        };
        let mapped = s + (display - d);
        match self.anchors.get(i) {
            Some(&(_, next_s)) => mapped.min(next_s.saturating_sub(1).max(s)),
            None => mapped,
        }
    }

    /// Source range of a display range.
    pub fn range_to_source(&self, display: Range<usize>) -> Range<usize> {
        if display.is_empty() {
            let s = self.to_source(display.start);
            return s..s;
        }
        // The end is mapped from its last byte so that a range ending at a run
        // boundary does not jump over whatever the cleaner removed after it.
        let start = self.to_source(display.start);
        let end = self.to_source(display.end - 1) + 1;
        start..end.max(start)
    }

    /// Display offset of a source offset: the first display byte at or after it.
    pub fn to_display(&self, source: usize) -> usize {
        let i = self.anchors.partition_point(|&(_, s)| s <= source);
        match i.checked_sub(1).and_then(|i| self.anchors.get(i)) {
            Some(&(d, s)) => {
                let next_d = self.anchors.get(i).map_or(usize::MAX, |&(d, _)| d);
                (d + (source - s)).min(next_d)
            }
            None => 0,
        }
    }
}

/// What the cleaner should strip besides the terminal hazards it always strips.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Markup {
    /// Plain text: every visible character is kept.
    #[default]
    Plain,
    /// Markdown: emphasis markers, backticks and link syntax are dropped.
    Markdown,
}

/// A cleaned paragraph: single-spaced, free of control characters and escape
/// sequences, with a map back into the source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleaned {
    pub text: String,
    pub map: OffsetMap,
}

struct Builder<'a> {
    text: &'a mut String,
    /// Where this paragraph's text starts in `text`.
    start: usize,
    map: OffsetMap,
    /// Source offset that the next copied byte would need to have to continue the current run.
    next_src: Option<usize>,
    pending_space: Option<usize>,
}

impl Builder<'_> {
    fn len(&self) -> usize {
        self.text.len() - self.start
    }

    fn push(&mut self, src: usize, s: &str) {
        if let Some(at) = self.pending_space.take()
            && self.len() > 0
        {
            self.map.anchors.push((self.len(), at));
            self.text.push(' ');
            self.next_src = None;
        }
        if self.next_src != Some(src) {
            self.map.anchors.push((self.len(), src));
        }
        self.text.push_str(s);
        self.next_src = Some(src + s.len());
    }

    fn space(&mut self, src: usize) {
        if self.pending_space.is_none() {
            self.pending_space = Some(src);
        }
    }
}

/// Cleans `source[range]` into display text.
///
/// - runs of white space (including line breaks) become one space; leading and
///   trailing white space goes;
/// - C0/C1 control characters and ESC sequences (CSI, OSC, DCS, APC, PM, SOS)
///   are removed, so nothing in a story can drive the terminal;
/// - bidirectional overrides and isolates are removed, so text cannot be
///   visually reordered;
/// - with [`Markup::Markdown`], inline markers are dropped.
pub fn clean(source: &str, range: Range<usize>, markup: Markup) -> Cleaned {
    // Cleaning only ever shrinks text: one allocation, no regrowth.
    let mut text = String::with_capacity(range.len().min(source.len()));
    let map = clean_into(source, range, markup, &mut text);
    // Kept for the story's lifetime, a paragraph at a time: give back the
    // slack (a 50 MB story has some 100,000 paragraphs).
    text.shrink_to_fit();
    Cleaned { text, map }
}

/// [`clean`], appending the text to `out` rather than to a new string of
/// its own; the map's display offsets count from where it started. Lets a
/// story's paragraphs be cleaned straight into its one text.
pub fn clean_into(
    source: &str,
    range: Range<usize>,
    markup: Markup,
    out: &mut String,
) -> OffsetMap {
    let start = out.len();
    let mut b = Builder {
        text: out,
        start,
        map: OffsetMap::default(),
        next_src: None,
        pending_space: None,
    };
    let base = range.start;
    let Some(s) = source.get(range) else {
        return b.map;
    };
    let attention = match markup {
        Markup::Plain => &PLAIN_ATTENTION,
        Markup::Markdown => &MARKDOWN_ATTENTION,
    };
    let quiet = |b: u8| !attention[usize::from(b)];
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < s.len() {
        // Fast path: a run of bytes that need no attention is copied at once.
        // Lead bytes of the non-ASCII characters we might drop (C1 controls,
        // odd spaces, bidi marks, the BOM) take the slow path below.
        // A single space between two such bytes stays in the run too: it is
        // kept as it is (see below), and ending the run at every word cost
        // more than the rest of the cleaning.
        let rest = &bytes[i..];
        let mut run = 0;
        while let Some(&c) = rest.get(run) {
            if markup == Markup::Plain
                && let Some(eight) = rest.get(run..run + 8)
                && quiet_eight(eight, run == 0)
            {
                run += 8;
            } else if quiet(c) {
                run += 1;
            } else if c == b' ' && run > 0 && rest.get(run + 1).is_some_and(|&n| quiet(n)) {
                run += 2;
            } else {
                break;
            }
        }
        if run > 0 {
            b.push(base + i, &s[i..i + run]);
            i += run;
            continue;
        }
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        let len = c.len_utf8();
        if c == '\u{1b}' {
            i = skip_escape(bytes, i);
            continue;
        }
        // The 8-bit forms of the same sequences: CSI, and the string controls
        // DCS, SOS, OSC, PM and APC, whose payload goes with them.
        if c == '\u{9b}' {
            i = skip_csi(bytes, i + len);
            continue;
        }
        if matches!(c, '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}') {
            i = skip_string(s, i + len);
            continue;
        }
        // A lone space between words is kept as it is, so it continues the
        // current run rather than starting two new ones.
        if c == ' '
            && b.pending_space.is_none()
            && b.len() > 0
            && bytes.get(i + 1).is_some_and(|&n| quiet(n))
        {
            b.push(base + i, " ");
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            b.space(base + i);
            i += len;
            continue;
        }
        if is_hazard(c) {
            i += len;
            continue;
        }
        if markup == Markup::Markdown {
            if let Some(next) = markdown_skip(s, i) {
                i = next;
                continue;
            }
            if c == '['
                && let Some((text, after)) = markdown_link(s, i)
            {
                // The link text is cleaned recursively so emphasis inside it goes too.
                let inner = clean(source, base + text.start..base + text.end, markup);
                for (k, ch) in inner.text.char_indices() {
                    let src = inner.map.to_source(k);
                    let mut tmp = [0u8; 4];
                    if ch == ' ' {
                        b.space(src);
                    } else {
                        b.push(src, ch.encode_utf8(&mut tmp));
                    }
                }
                i = after;
                continue;
            }
        }
        b.push(base + i, &s[i..i + len]);
        i += len;
    }
    b.map.anchors.shrink_to_fit();
    b.map
}

/// Whether eight bytes of plain text can all join the cleaner's current
/// run: printable ASCII, with single spaces only, none first in the run
/// or last in the eight (what follows that one is not known here). Eight
/// bytes at a time, as the byte-by-byte test was most of the cleaning.
fn quiet_eight(eight: &[u8], run_starts: bool) -> bool {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let Ok(bytes) = <[u8; 8]>::try_from(eight) else {
        return false;
    };
    let x = u64::from_le_bytes(bytes);
    // With every high bit clear no sum below carries between bytes:
    // b + 0x60 has its high bit clear only for b < 0x20 (controls), and
    // b + 0x01 has it set only for b = 0x7F (DEL).
    if x & HIGH != 0 || !(x + 0x60 * LOW) & HIGH != 0 || (x + LOW) & HIGH != 0 {
        return false;
    }
    // The high bit of each byte that is a space, exactly.
    let y = x ^ (0x20 * LOW);
    let spaces = !(((y & !HIGH) + !HIGH) | y | !HIGH);
    let first = 0x80;
    let last = 0x80 << 56;
    spaces & (spaces >> 8) == 0 && spaces & last == 0 && !(run_starts && spaces & first != 0)
}

/// Bytes the cleaner must look at: white space and controls, the lead
/// bytes of the non-ASCII characters it might drop, and with Markdown its
/// inline markers. A table, as this is asked of every byte of every story.
const fn attention(markdown: bool) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b, 0x00..=0x20 | 0x7f | 0xc2 | 0xe1 | 0xe2 | 0xe3 | 0xef)
            || (markdown && matches!(b as u8, b'*' | b'_' | b'`' | b'[' | b'!'));
        b += 1;
    }
    table
}

static PLAIN_ATTENTION: [bool; 256] = attention(false);
static MARKDOWN_ATTENTION: [bool; 256] = attention(true);

/// One line of text from outside (a file name, an error) made safe to show.
pub fn clean_line(s: &str) -> String {
    clean(s, 0..s.len(), Markup::Plain).text
}

/// [`clean_line`] of a string given up: returned as it is, with no copy,
/// when nothing in it needs cleaning, as in nearly every title.
pub fn clean_line_owned(s: String) -> String {
    let bytes = s.as_bytes();
    let quiet = |b: u8| !PLAIN_ATTENTION[usize::from(b)];
    // The condition of `clean_into`'s fast path, over the whole line.
    let mut i = 0;
    let untouched = loop {
        match bytes.get(i) {
            None => break true,
            Some(&c) if quiet(c) => i += 1,
            Some(&b' ') if i > 0 && bytes.get(i + 1).is_some_and(|&n| quiet(n)) => i += 2,
            Some(_) => break false,
        }
    };
    if untouched { s } else { clean_line(&s) }
}

/// Text from outside made safe for any output, keeping its layout: escape
/// sequences (7- and 8-bit) and hazards go, but line breaks, tabs and runs
/// of spaces stay, so columns and paragraphs of a report are unchanged.
/// Every line byline prints, on the terminal or the command line, passes
/// through here or [`clean_line`]; JSON escapes instead ([`escape_json`]).
pub fn strip_hazards(s: &str) -> std::borrow::Cow<'_, str> {
    let safe = |c: char| c == '\n' || c == '\t' || !is_hazard(c);
    if s.chars().all(safe) {
        return std::borrow::Cow::Borrowed(s);
    }
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(c) = s.get(i..).and_then(|rest| rest.chars().next()) {
        let len = c.len_utf8();
        i = match c {
            '\u{1b}' => skip_escape(bytes, i),
            '\u{9b}' => skip_csi(bytes, i + len),
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => skip_string(s, i + len),
            // A carriage return would let text overwrite what came before it.
            c if !safe(c) => i + len,
            c => {
                out.push(c);
                i + len
            }
        };
    }
    std::borrow::Cow::Owned(out)
}

/// A JSON document with every character that could drive a terminal (C1
/// controls, DEL, bidirectional marks) written as a `\uXXXX` escape, which
/// serde_json does not do for them. Such characters can only stand inside
/// strings, so escaping them anywhere in the document is exact.
pub fn escape_json(json: String) -> String {
    // serde_json escapes C0 controls itself; a line break can only be
    // structure (there is none in compact output, but never break it).
    let hazard = |c: char| c != '\n' && is_hazard(c);
    if !json.chars().any(hazard) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if hazard(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Characters that must never reach the terminal: controls (C0 other than
/// white space, DEL, C1) and bidirectional embedding/override/isolate marks.
pub fn is_hazard(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{FEFF}')
}

/// Index just past the escape sequence starting at `i` (which holds ESC).
fn skip_escape(bytes: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    match bytes.get(j) {
        Some(b'[') => skip_csi(bytes, j + 1),
        // OSC, DCS, SOS, PM, APC: a string ended by BEL or ST (ESC \).
        Some(b']' | b'P' | b'X' | b'^' | b'_') => {
            j += 1;
            while let Some(&b) = bytes.get(j) {
                if b == 0x07 {
                    return j + 1;
                }
                if b == 0x1b {
                    return if bytes.get(j + 1) == Some(&b'\\') {
                        j + 2
                    } else {
                        j
                    };
                }
                j += 1;
            }
            j
        }
        // Two-byte sequences (ESC c, ESC 7 ...): drop the next ASCII byte too.
        Some(b) if b.is_ascii() && !b.is_ascii_whitespace() => j + 1,
        _ => j,
    }
}

/// Index past a CSI's parameters and intermediates and its final byte (0x40..=0x7E).
fn skip_csi(bytes: &[u8], mut j: usize) -> usize {
    while let Some(&b) = bytes.get(j) {
        j += 1;
        if (0x40..=0x7e).contains(&b) {
            break;
        }
    }
    j
}

/// Index past an 8-bit string control's payload: up to ST (U+009C, or ESC \\) or BEL.
fn skip_string(s: &str, from: usize) -> usize {
    let rest = s.get(from..).unwrap_or("");
    for (k, c) in rest.char_indices() {
        match c {
            '\u{9c}' => return from + k + c.len_utf8(),
            '\u{7}' => return from + k + 1,
            '\u{1b}' => {
                let after = from + k + 1;
                return if rest.as_bytes().get(k + 1) == Some(&b'\\') {
                    after + 1
                } else {
                    after - 1
                };
            }
            _ => {}
        }
    }
    s.len()
}

/// If a Markdown marker that carries no text starts at `i`, the index past it.
fn markdown_skip(s: &str, i: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    let c = *bytes.get(i)?;
    match c {
        b'`' => Some(i + 1),
        b'*' | b'_' => {
            let mut j = i;
            while bytes.get(j) == Some(&c) {
                j += 1;
            }
            let before = s[..i].chars().next_back();
            let after = s[j..].chars().next();
            let word = |ch: Option<char>| ch.is_some_and(|ch| ch.is_alphanumeric());
            // An underscore inside a word (snake_case) is text; emphasis markers
            // sit at a word's edge.
            let inner = word(before) && word(after);
            if c == b'_' && inner {
                return None;
            }
            let opens = !after.is_some_and(char::is_whitespace) && after.is_some();
            let closes = !before.is_some_and(char::is_whitespace) && before.is_some();
            (opens || closes).then_some(j)
        }
        b'!' if bytes.get(i + 1) == Some(&b'[') => Some(i + 1),
        _ => None,
    }
}

/// A Markdown link `[text](target)` at `i`: the range of its text and the index past it.
fn markdown_link(s: &str, i: usize) -> Option<(Range<usize>, usize)> {
    let close = i + s[i..].find("](")?;
    if s[i + 1..close].contains('[') {
        return None;
    }
    let end = close + 2 + s[close + 2..].find(')')?;
    if s[close + 2..end].contains(char::is_whitespace) {
        return None;
    }
    Some((i + 1..close, end + 1))
}

#[cfg(test)]
mod tests {

    #[test]
    fn stripping_hazards_keeps_line_breaks_tabs_and_runs_of_spaces() {
        let s = "2024-01-02  Title\there\n  next  line\n";
        assert_eq!(strip_hazards(s), s);
    }

    #[test]
    fn stripping_hazards_drops_escape_sequences_bidi_marks_and_carriage_returns() {
        let s = "a\x1b]52;c;aGk=\x07b\x1b[2Jc\u{202e}d\r\u{9b}31me\x1b]0;title\x1b\\f";
        assert_eq!(strip_hazards(s), "abcdef");
    }

    #[test]
    fn json_escapes_c1_controls_and_bidi_marks_and_stays_valid() {
        let json = serde_json::to_string(&"x\u{9b}2J\u{202e}y\u{7f}\u{1b}").expect("json");
        let escaped = escape_json(json);
        assert!(escaped.chars().all(|c| !is_hazard(c)), "{escaped}");
        let back: String = serde_json::from_str(&escaped).expect("still JSON");
        assert_eq!(back, "x\u{9b}2J\u{202e}y\u{7f}\u{1b}");
    }
    use super::*;

    fn plain(s: &str) -> Cleaned {
        clean(s, 0..s.len(), Markup::Plain)
    }

    #[test]
    fn line_breaks_and_runs_of_space_become_one_space() {
        assert_eq!(plain("  one\r\n two\t\tthree  ").text, "one two three");
    }

    #[test]
    fn words_with_single_spaces_are_one_run_of_the_source() {
        let c = clean("ab  the quick brown fox", 2..23, Markup::Plain);
        assert_eq!(c.text, "the quick brown fox");
        assert_eq!(&*c.map.anchors, [(0, 4)]);
        let c = clean("one two\nthree", 0..13, Markup::Plain);
        assert_eq!(c.text, "one two three");
        assert_eq!(&*c.map.anchors, [(0, 0), (7, 7), (8, 8)]);
    }

    #[test]
    fn offsets_map_back_across_collapsed_space() {
        let src = "ab\r\n  cd";
        let c = plain(src);
        assert_eq!(c.text, "ab cd");
        assert_eq!(c.map.to_source(3), 6);
        assert_eq!(&src[c.map.range_to_source(3..5)], "cd");
        assert_eq!(&src[c.map.range_to_source(0..5)], src);
        assert_eq!(c.map.to_display(6), 3);
    }

    #[test]
    fn escape_sequences_and_controls_never_survive() {
        let c =
            plain("a\x1b]0;pwned\x07b\x1b[2Jc\x1b]52;c;aGk=\x1b\\d\u{202E}e\u{0007}f\u{9b}31mg");
        assert_eq!(c.text, "abcdefg");
        let c1 = plain("a\u{9d}0;pwned\u{9c}b\u{90}1$q\u{9c}c\u{9f}x\x07d");
        assert_eq!(c1.text, "abcd");
    }

    #[test]
    fn markdown_inline_markers_are_stripped() {
        let src = "Some **bold**, _em_ and `code` with [a link](https://x.example) in snake_case.";
        let c = clean(src, 0..src.len(), Markup::Markdown);
        assert_eq!(c.text, "Some bold, em and code with a link in snake_case.");
        let at = c.text.find("link").unwrap_or(0);
        assert_eq!(&src[c.map.range_to_source(at..at + 4)], "link");
    }

    #[test]
    fn a_file_name_with_escape_sequences_is_shown_harmlessly() {
        assert_eq!(clean_line("evil\x1b]0;owned\x07\n.txt"), "evil .txt");
    }

    #[test]
    fn a_display_run_longer_than_its_source_never_maps_past_the_next_run() {
        // "\u{FFFD}" (3 bytes) for one invalid byte at 0, then "a" at 1.
        let map = OffsetMap {
            anchors: vec![(0, 0), (3, 1)].into(),
        };
        assert_eq!(map.to_source(2), 0);
        assert_eq!(map.range_to_source(0..3), 0..1);
        assert_eq!(map.range_to_source(3..4), 1..2);
    }

    #[test]
    fn composing_with_a_file_map_stops_where_the_paragraph_ends() {
        // A decoded text of 10,000 one-byte characters, each with its own run
        // (as UTF-16 gives), and a paragraph of its first three.
        let outer = OffsetMap {
            anchors: (0..=10_000)
                .map(|i| (i, 2 + 2 * i))
                .collect::<Vec<_>>()
                .into(),
        };
        let para = OffsetMap {
            anchors: vec![(0, 0)].into(),
        };
        let composed = para.then(&outer, 3);
        assert_eq!(&*composed.anchors, [(0, 2), (1, 4), (2, 6), (3, 8)]);
    }

    #[test]
    fn a_range_outside_the_source_cleans_to_nothing() {
        assert_eq!(clean("abc", 2..9, Markup::Plain).text, "");
    }
}

#[cfg(test)]
mod eight_at_a_time {
    use super::quiet_eight;
    use proptest::prelude::*;

    /// The byte-by-byte rule `quiet_eight` stands for: every byte printable
    /// and not a space, or a space that is not first in the run, not last
    /// in the eight, and followed by one that is.
    fn one_at_a_time(eight: &[u8; 8], run_starts: bool) -> bool {
        let visible = |b: u8| (0x21..=0x7e).contains(&b);
        eight.iter().enumerate().all(|(k, &b)| {
            visible(b)
                || (b == b' '
                    && !(k == 0 && run_starts)
                    && eight.get(k + 1).is_some_and(|&n| visible(n)))
        })
    }

    fn edge_bytes() -> impl Strategy<Value = [u8; 8]> {
        let byte = prop_oneof![
            prop::sample::select(vec![
                0x00, 0x09, 0x1f, 0x20, 0x21, 0x41, 0x7e, 0x7f, 0x80, 0xc2, 0xe2, 0xff
            ]),
            any::<u8>(),
        ];
        prop::array::uniform8(byte)
    }

    proptest! {
        #[test]
        fn eight_bytes_are_quiet_exactly_when_each_one_is(eight in edge_bytes(), run_starts: bool) {
            prop_assert_eq!(quiet_eight(&eight, run_starts), one_at_a_time(&eight, run_starts));
        }
    }

    #[test]
    fn words_and_single_spaces_are_quiet() {
        assert!(quiet_eight(b"the quay", true));
        assert!(quiet_eight(b" the qua", false));
        assert!(!quiet_eight(b" the qua", true));
        assert!(!quiet_eight(b"the  qua", false));
        assert!(!quiet_eight(b"the qua ", false));
        assert!(!quiet_eight("the qué".as_bytes(), false));
        assert!(!quiet_eight(b"the\tquay", false));
        assert!(!quiet_eight(b"the\x7fquay", false));
    }
}
