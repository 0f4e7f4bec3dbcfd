//! The article model: what a story is once it has been read from a file.

mod date;
mod parse;

pub use date::Date;
pub(crate) use parse::shorten;
pub use parse::{Format, parse, parse_owned};

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

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
        ArticleId::from_key_bytes(key.as_bytes())
    }

    /// [`ArticleId::from_key`] of any bytes.
    pub fn from_key_bytes(key: &[u8]) -> Self {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for &b in key {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        ArticleId(h)
    }

    /// The id as the story database keeps it.
    pub fn bits(self) -> u64 {
        self.0
    }

    pub fn from_bits(bits: u64) -> Self {
        ArticleId(bits)
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
    /// A story from a subscribed feed: the feed's address, the story's key
    /// within it (see [`crate::feed::convert::Story::key`]), its link, and
    /// which of its texts this is.
    Feed {
        /// Shared by the feed's rows: 100,000 rows held 100,000 copies.
        feed: Arc<str>,
        key: String,
        link: Option<String>,
        text: FeedText,
    },
}

/// Which text of a feed story an article holds: what the feed sent, or the
/// article fetched from the story's page (see [`crate::feed::full_text`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FeedText {
    /// What the feed sent: for many feeds a teaser of a few sentences.
    #[default]
    Summary,
    Full,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Bundled(name) => write!(f, "bundled:{name}"),
            Origin::File(path) => write!(f, "{}", path.display()),
            Origin::Feed { feed, link, .. } => {
                let address = link.as_deref().unwrap_or(feed);
                // An address may carry a password; it is never shown.
                if address.contains('@') {
                    f.write_str(&crate::feed::subscriptions::display_url(address))
                } else {
                    f.write_str(address)
                }
            }
        }
    }
}

/// A paragraph's display text: a slice of its story's one text buffer, so
/// that a story of many paragraphs is one allocation, not one each.
#[derive(Clone)]
pub struct Text {
    body: Arc<String>,
    // 32 bits: a story is at most a few hundred megabytes (the file size
    // limit), and a huge one has hundreds of thousands of paragraphs.
    start: u32,
    end: u32,
}

impl Text {
    /// `range` of `body`; a body over 4 GiB is cut off there.
    pub fn new(body: Arc<String>, range: Range<usize>) -> Text {
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Text {
            body,
            start: narrow(range.start),
            end: narrow(range.end),
        }
    }

    /// Points this text at `body`, at the same offsets.
    pub(crate) fn rebind(&mut self, body: &Arc<String>) {
        self.body = Arc::clone(body);
    }

    pub fn as_str(&self) -> &str {
        self.body
            .get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        let range = 0..s.len();
        Text::new(Arc::new(s), range)
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
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
        credit: u32,
    },
}

/// One paragraph: its cleaned display text and where it sits in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub kind: ParagraphKind,
    /// Display text: single-spaced, free of control characters and markup.
    pub text: Text,
    /// Display offsets -> file offsets.
    pub map: OffsetMap,
}

impl Paragraph {
    /// Byte range of the paragraph in the file as read.
    pub fn source(&self) -> Range<usize> {
        self.map.range_to_source(0..self.text.len())
    }

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
    /// When it was published, in seconds since the Unix epoch, where the
    /// source says to the second (a feed does; a story file gives its
    /// date only): the list sorts a day's stories by it.
    pub published: Option<i64>,
    pub dateline: Option<Box<str>>,
    /// Shared by the rows of one feed.
    pub source: Option<Arc<str>>,
    pub author: Option<Box<str>>,
    pub url: Option<String>,
    pub paragraphs: Vec<Paragraph>,
    /// How the file's bytes were decoded.
    pub encoding: Encoding,
    /// Set on a list row whose text is not in memory: what fetches it.
    /// A library of 100,000 stories holds rows; a story is read when opened.
    pub stub: Option<Stub>,
}

/// Where the rest of a story listed without its text is found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stub {
    /// A story file (its path is the origin), read again when opened.
    File(Format),
    /// A feed story kept in the story database, by the feed and key of its
    /// origin.
    Feed,
}

impl Article {
    /// Re-points every paragraph's offsets from the decoded text to the file,
    /// for files whose decoding changed byte lengths.
    pub fn map_offsets_to_file(&mut self, decoded_to_file: &OffsetMap) {
        for p in &mut self.paragraphs {
            p.map = p.map.then(decoded_to_file, p.text.len());
        }
    }

    /// A hash of the story's display text, which an analysis is of: FNV-1a,
    /// stable across runs and platforms because it is stored.
    pub fn text_hash(&self) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for p in &self.paragraphs {
            // Each paragraph ends with a byte UTF-8 never holds, so that
            // ("ab", "c") and ("a", "bc") differ.
            for &b in p.text.as_str().as_bytes().iter().chain(&[0xff]) {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
        h
    }

    /// Number of words in the body, for the reader's header. Chinese and
    /// Japanese put no spaces between words, so each of their characters
    /// counts as one, as word processors count them.
    pub fn word_count(&self) -> usize {
        self.paragraphs.iter().map(|p| count_words(&p.text)).sum()
    }
}

/// Han, kana and their half-width forms: scripts written without spaces.
fn is_unspaced(c: char) -> bool {
    matches!(u32::from(c),
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0xFF66..=0xFF9D | 0x20000..=0x2FFFF)
}

/// Words between spaces, with each character of an unspaced script a word;
/// CJK punctuation (、。「」) separates and counts for nothing.
fn count_words(text: &str) -> usize {
    let mut words = 0;
    let mut in_word = false;
    for c in text.chars() {
        if is_unspaced(c) {
            words += 1;
            in_word = false;
        } else if c.is_whitespace() || matches!(u32::from(c), 0x3000..=0x303F | 0xFF01..=0xFF0F) {
            in_word = false;
        } else if !in_word {
            words += 1;
            in_word = true;
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_japanese_are_counted_a_word_a_character_and_spaced_text_by_spaces() {
        assert_eq!(count_words("The ferry sails at dawn."), 5);
        assert_eq!(count_words("東京の天気は晴れです。"), 10);
        assert_eq!(count_words("北京 和 上海"), 5);
        assert_eq!(count_words("在2026年 NASA 发射"), 6);
        assert_eq!(count_words("서울의 날씨"), 2, "Korean is spaced");
    }

    #[test]
    fn a_feed_address_with_a_password_is_shown_without_it() {
        let origin = Origin::Feed {
            feed: "https://reader:s3cret@news.example/feed".into(),
            key: "guid:1".into(),
            link: None,
            text: FeedText::Summary,
        };
        let shown = origin.to_string();
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("news.example/feed"), "{shown}");
    }
}
