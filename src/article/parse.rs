//! The story text format.
//!
//! ```text
//! title Optional headline            <- optional header lines, any order
//! source Optional publisher
//! date 2025-04-14 Dateline - Lead paragraph starts here and runs on...
//!
//! Next paragraph.
//! ```
//!
//! Parsing never fails: whatever a file holds becomes a story, so that a user
//! always sees their file rather than an error.

use std::ops::Range;
use std::sync::Arc;

use unicode_width::UnicodeWidthStr;

use super::{Article, ArticleId, Date, Origin, Paragraph, ParagraphKind, Text};
use crate::text::{Markup, clean, clean_into};

/// The syntax a file is written in, decided by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Plain,
    Markdown,
}

impl Format {
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" => Some(Format::Plain),
            "md" | "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }
}

/// Longest derived title, in terminal columns.
const TITLE_WIDTH: usize = 80;

/// One line of the file: its byte range without the line ending.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
}

/// The lines of a story, read as they are asked for: the header is read
/// line by line and may look back, the body is read once, so only the
/// header's lines are ever kept (a 50 MB story has a million lines).
struct Lines<'a> {
    src: &'a [u8],
    /// Where the next unread line starts.
    next: usize,
    /// The lines read so far through [`Lines::get`].
    kept: Vec<Line>,
}

impl<'a> Lines<'a> {
    fn new(src: &'a str) -> Self {
        Lines {
            src: src.as_bytes(),
            next: 0,
            kept: Vec::new(),
        }
    }

    fn read(&mut self) -> Option<Line> {
        let start = self.next;
        let rest = self.src.get(start..).filter(|r| !r.is_empty())?;
        let (end, next) = match memchr::memchr(b'\n', rest) {
            Some(i) => (start + i, start + i + 1),
            None => (self.src.len(), self.src.len()),
        };
        self.next = next;
        let end = if end > start && self.src.get(end - 1) == Some(&b'\r') && next != end {
            end - 1
        } else {
            end
        };
        Some(Line { start, end })
    }

    /// Line `i`, reading up to it.
    fn get(&mut self, i: usize) -> Option<Line> {
        while self.kept.len() <= i {
            let line = self.read()?;
            self.kept.push(line);
        }
        self.kept.get(i).copied()
    }

    /// Every line from line `i` on, reading the rest once.
    fn from(mut self, i: usize) -> impl Iterator<Item = Line> + 'a {
        let kept = std::mem::take(&mut self.kept);
        let start = i.min(kept.len());
        kept.into_iter()
            .skip(start)
            .chain(std::iter::from_fn(move || self.read()))
    }
}

#[derive(Default)]
struct Header {
    title: Option<String>,
    source: Option<String>,
    author: Option<String>,
    url: Option<String>,
    date: Option<Date>,
    dateline: Option<String>,
}

/// A header line's key and the byte range of its value.
fn header_field(src: &str, line: Line) -> Option<(&'static str, Range<usize>)> {
    let text = &src[line.start..line.end];
    let trimmed = text.trim_start();
    let offset = line.start + (text.len() - trimmed.len());
    ["title", "source", "author", "url", "date"]
        .into_iter()
        .find_map(|key| {
            let rest = trimmed.strip_prefix(key)?;
            let value = rest.strip_prefix([' ', '\t'])?;
            let lead_ws = value.len() - value.trim_start().len();
            let start = offset + key.len() + 1 + lead_ws;
            Some((key, start..line.end))
        })
}

/// Splits the remainder of a date line (after the date) into dateline and lead start.
fn split_dateline(src: &str, rest: Range<usize>) -> (Option<String>, usize) {
    let text = &src[rest.clone()];
    let trimmed = text.trim_start();
    let at = rest.start + (text.len() - trimmed.len());
    for dash in ['-', '–', '—'] {
        if let Some(after) = trimmed.strip_prefix(dash)
            && (after.is_empty() || after.starts_with(char::is_whitespace))
        {
            let lead = after.trim_start();
            return (None, rest.end - lead.len());
        }
    }
    let sep = [" - ", " – ", " — "]
        .into_iter()
        .filter_map(|s| trimmed.find(s).map(|i| (i, s.len())))
        .min();
    if let Some((i, len)) = sep {
        let dateline = trimmed[..i].trim();
        // A dateline is a place, not a sentence: a long or punctuated run before
        // the first dash is part of the lead.
        let looks_like_place =
            dateline.width() <= 48 && !dateline.contains(['.', '"', '“', '”', ':', ';', '?', '!']);
        if looks_like_place && !dateline.is_empty() {
            let lead = &trimmed[i + len..];
            let lead = lead.trim_start();
            return (Some(dateline.to_string()), rest.end - lead.len());
        }
    }
    (None, at)
}

/// Reads the header block at the top of the file, returning it, the index of
/// the first line after it, and where the lead starts if a date line carries it.
fn read_header(src: &str, lines: &mut Lines, format: Format) -> (Header, usize, Option<usize>) {
    let mut h = Header::default();
    let mut first_text: Option<usize> = None;
    let mut md_title_line: Option<usize> = None;
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        let raw = &src[line.start..line.end];
        let text = raw.trim();
        if text.is_empty() {
            if first_text.is_some() {
                return (h, i, None);
            }
            i += 1;
            continue;
        }
        first_text.get_or_insert(i);
        if format == Format::Markdown && h.title.is_none() && text.starts_with("# ") {
            let at = line.start + raw.find("# ").unwrap_or(0) + 2;
            let cleaned = clean(src, at..line.end, Markup::Markdown).text;
            h.title = (!cleaned.is_empty()).then_some(cleaned);
            md_title_line = Some(i);
            i += 1;
            continue;
        }
        let Some((key, value)) = header_field(src, line) else {
            break;
        };
        let cleaned = || {
            let c = clean(src, value.clone(), Markup::Plain).text;
            (!c.is_empty()).then_some(c)
        };
        match key {
            "date" => {
                let v = &src[value.clone()];
                let token_end = v.find(char::is_whitespace).unwrap_or(v.len());
                let Some(date) = Date::parse(&v[..token_end]) else {
                    break;
                };
                h.date = Some(date);
                let (dateline, lead) = split_dateline(src, value.start + token_end..value.end);
                h.dateline = dateline;
                return (h, i + 1, (lead < value.end).then_some(lead));
            }
            "title" => h.title = cleaned(),
            "source" => h.source = cleaned(),
            "author" => h.author = cleaned(),
            _ => h.url = cleaned(),
        }
        i += 1;
    }
    if lines.get(i).is_none() {
        return (h, i, None);
    }
    // Header lines count only as a block of their own or ahead of a date line;
    // otherwise a story that opens with "title fights ..." would lose its first
    // words. A Markdown heading on the first line is a title either way.
    match md_title_line {
        Some(t) if Some(t) == first_text => (
            Header {
                title: h.title,
                ..Header::default()
            },
            t + 1,
            None,
        ),
        _ => (Header::default(), 0, None),
    }
}

/// Parses a story. `fallback_title` names it when nothing else can (an empty file).
pub fn parse(src: &str, format: Format, origin: Origin, fallback_title: &str) -> Article {
    parse_owned(src.to_owned(), format, origin, fallback_title)
}

/// [`parse`], reusing the memory of `src` for the story's display text: a
/// large story is then held once, not twice, while it is read.
pub fn parse_owned(src: String, format: Format, origin: Origin, fallback_title: &str) -> Article {
    let (header, blocks) = blocks(&src, format);
    let markup = match format {
        Format::Plain => Markup::Plain,
        Format::Markdown => Markup::Markdown,
    };
    // Each paragraph's display text is written over the file's text, from
    // the start: cleaning never lengthens text, and paragraphs come in file
    // order, so what is written never reaches a paragraph not yet read.
    let mut buf = src.into_bytes();
    let mut written = 0;
    // The paragraphs point into an empty text until the story's is whole.
    let unwritten = Arc::new(String::new());
    let mut paragraphs = Vec::with_capacity(blocks.len());
    let mut cleaned = String::new();
    for (range, heading) in blocks {
        let range = range.start as usize..range.end as usize;
        let Some(text) = buf
            .get(range.clone())
            .and_then(|b| std::str::from_utf8(b).ok())
        else {
            continue;
        };
        cleaned.clear();
        let map = clean_into(text, 0..text.len(), markup, &mut cleaned);
        let len = cleaned.len();
        let Some(slot) = buf
            .get_mut(written..written + len)
            .filter(|_| written + len <= range.end)
        else {
            continue;
        };
        if len == 0 {
            continue;
        }
        slot.copy_from_slice(cleaned.as_bytes());
        let kind = if heading {
            ParagraphKind::Heading
        } else if let Some(at) = cleaned.find('©') {
            ParagraphKind::Caption {
                credit: u32::try_from(at).unwrap_or(u32::MAX),
            }
        } else {
            ParagraphKind::Body
        };
        paragraphs.push(Paragraph {
            kind,
            text: Text::new(Arc::clone(&unwritten), written..written + len),
            map: map.shifted(range.start),
        });
        written += len;
    }
    buf.truncate(written);
    buf.shrink_to_fit();
    // Whole cleaned paragraphs, each valid UTF-8, one after another.
    let body = Arc::new(
        String::from_utf8(buf)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    );
    for p in &mut paragraphs {
        p.text.rebind(&body);
    }
    finish(header, paragraphs, origin, fallback_title)
}

/// The header, and the byte range of each paragraph in `src` with whether
/// it is a heading.
fn blocks(src: &str, format: Format) -> (Header, Vec<(Range<u32>, bool)>) {
    let mut lines = Lines::new(src);
    let (header, first, lead_start) = read_header(src, &mut lines, format);
    let mut blocks = Vec::new();
    // 32 bits: a story has hundreds of thousands of paragraphs, and its file
    // is limited to a few hundred megabytes.
    let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let mut push = |range: Range<usize>, heading: bool| {
        blocks.push((narrow(range.start)..narrow(range.end), heading))
    };

    let lead_end = first
        .checked_sub(1)
        .and_then(|l| lines.get(l))
        .map_or(0, |l| l.end);
    let mut current: Option<Range<usize>> = lead_start.map(|s| s..lead_end);
    for line in lines.from(first) {
        let text = &src[line.start..line.end];
        let trimmed = text.trim();
        if trimmed.is_empty() {
            if let Some(r) = current.take() {
                push(r, false);
            }
            continue;
        }
        if format == Format::Markdown && trimmed.starts_with('#') {
            if let Some(r) = current.take() {
                push(r, false);
            }
            let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
            let start = line.start + text.find('#').unwrap_or(0) + hashes;
            push(start..line.end, true);
            continue;
        }
        match &mut current {
            Some(r) => r.end = line.end,
            None => current = Some(line.start..line.end),
        }
    }
    if let Some(r) = current.take() {
        push(r, false);
    }
    (header, blocks)
}

fn finish(
    header: Header,
    paragraphs: Vec<Paragraph>,
    origin: Origin,
    fallback_title: &str,
) -> Article {
    let title = header
        .title
        .clone()
        .or_else(|| {
            paragraphs
                .iter()
                .find(|p| p.kind == ParagraphKind::Body)
                .map(|p| shorten(first_sentence(&p.text), TITLE_WIDTH))
        })
        .filter(|t| !t.is_empty())
        // The fallback is a file name, which may hold escape sequences.
        .unwrap_or_else(|| {
            let name = crate::text::clean_line(fallback_title);
            if name.is_empty() {
                "untitled".to_string()
            } else {
                name
            }
        });

    let key = match (&header.url, header.date) {
        (Some(url), _) => url.clone(),
        (None, Some(date)) => format!("{date}|{}", title.to_lowercase()),
        (None, None) => format!("|{}", title.to_lowercase()),
    };

    Article {
        id: ArticleId::from_key(&key),
        origin,
        title,
        date: header.date,
        published: None,
        dateline: header.dateline.map(Into::into),
        source: header.source.map(Arc::from),
        author: header.author.map(Into::into),
        url: header.url,
        paragraphs,
        encoding: crate::decode::Encoding::Utf8,
        stub: None,
    }
}

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Sr", "Jr", "Gen", "Gov", "Sen", "Rep", "Lt", "Col",
    "Capt", "Sgt", "Rev", "No", "vs", "Jan", "Feb", "Mar", "Apr", "Aug", "Sept", "Sep", "Oct",
    "Nov", "Dec", "Inc", "Corp", "Co", "Ltd", "U.S", "U.K", "U.N", "a.m", "p.m", "etc",
];

/// The first sentence of a paragraph, without its final full stop.
pub(crate) fn first_sentence(text: &str) -> &str {
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let after = &text[i + c.len_utf8()..];
        let after_closers = after.trim_start_matches(['"', '”', '’', '\'', ')']);
        if !after_closers.starts_with(' ') {
            continue;
        }
        let next = after_closers.trim_start().chars().next();
        if !next.is_some_and(|n| n.is_uppercase() || matches!(n, '"' | '“' | '‘' | '\'')) {
            continue;
        }
        if c == '.' {
            let word = text[..i].rsplit([' ', '(']).next().unwrap_or("");
            let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
            if initial || ABBREVIATIONS.contains(&word) {
                continue;
            }
            return &text[..i];
        }
        return &text[..i + c.len_utf8()];
    }
    text.trim_end_matches('.')
}

/// Shortens `text` to at most `width` columns at a word boundary, with an ellipsis.
pub(crate) fn shorten(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for word in text.split(' ') {
        let w = word.width() + usize::from(!out.is_empty());
        if used + w + 1 > width {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        used += w;
    }
    if out.is_empty() {
        // One enormous word: cut it by characters.
        for ch in text.chars() {
            let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
            if used + w + 1 > width {
                break;
            }
            out.push(ch);
            used += w;
        }
    }
    let out = out.trim_end_matches([',', ';', ':', ' ']).to_string();
    out + "…"
}
