//! The article model: what a story is once it has been read from a file.

mod date;
mod parse;

pub use date::Date;
pub(crate) use parse::shorten;
pub use parse::{Format, parse};

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::decode::Encoding;
use crate::text::OffsetMap;

/// A story's identity, stable across moves and renames of its file: it is
/// derived from the story's URL when it has one, else from its date and title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArticleId(u64);

impl ArticleId {
    /// FNV-1a: tiny, stable across Rust versions and platforms (unlike
    /// `DefaultHasher`), which matters because ids are saved to disk.
    pub fn from_key(key: &str) -> Self {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in key.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        ArticleId(h)
    }

    pub fn parse(s: &str) -> Option<Self> {
        (s.len() == 16).then(|| u64::from_str_radix(s, 16).ok().map(ArticleId))?
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl Serialize for ArticleId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ArticleId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // A visitor rather than `String`: the state file holds 100,000s of
        // ids, and borrowing them spares an allocation each on load.
        struct Hex;
        impl serde::de::Visitor<'_> for Hex {
            type Value = ArticleId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a story id of 16 hexadecimal digits")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<ArticleId, E> {
                ArticleId::parse(s)
                    .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(s), &self))
            }
        }
        d.deserialize_str(Hex)
    }
}

/// Where a story came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// One of the sample stories compiled into the binary, by file name.
    Bundled(&'static str),
    /// A file the user named.
    File(PathBuf),
    /// A story from a subscribed feed: the feed's address and the story's link.
    Feed { feed: String, link: Option<String> },
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Bundled(name) => write!(f, "bundled:{name}"),
            Origin::File(path) => write!(f, "{}", path.display()),
            Origin::Feed { feed, link } => match link {
                Some(link) => write!(f, "{link}"),
                None => write!(f, "{feed}"),
            },
        }
    }
}

/// What a paragraph is, for display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParagraphKind {
    Body,
    /// A Markdown sub-heading inside the story.
    Heading,
    /// A photo caption; `credit` is the display offset where its `©` credit starts.
    Caption {
        credit: usize,
    },
}

/// One paragraph: its cleaned display text and where it sits in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub kind: ParagraphKind,
    /// Byte range of the paragraph in the file as read.
    pub source: Range<usize>,
    /// Display text: single-spaced, free of control characters and markup.
    pub text: String,
    /// Display offsets -> file offsets.
    pub map: OffsetMap,
}

impl Paragraph {
    pub fn is_caption(&self) -> bool {
        matches!(self.kind, ParagraphKind::Caption { .. })
    }

    /// File byte range of a display range of this paragraph.
    pub fn source_range(&self, display: Range<usize>) -> Range<usize> {
        self.map.range_to_source(display)
    }
}

/// A story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub id: ArticleId,
    pub origin: Origin,
    pub title: String,
    pub date: Option<Date>,
    pub dateline: Option<String>,
    pub source: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub paragraphs: Vec<Paragraph>,
    /// How the file's bytes were decoded.
    pub encoding: Encoding,
}

impl Article {
    /// Re-points every paragraph's offsets from the decoded text to the file,
    /// for files whose decoding changed byte lengths.
    pub fn map_offsets_to_file(&mut self, decoded_to_file: &OffsetMap) {
        for p in &mut self.paragraphs {
            p.map = p.map.then(decoded_to_file, p.text.len());
            p.source = p.map.range_to_source(0..p.text.len());
        }
    }

    /// Number of words in the body, for the reader's header.
    pub fn word_count(&self) -> usize {
        self.paragraphs
            .iter()
            .map(|p| p.text.split_whitespace().count())
            .sum()
    }
}
