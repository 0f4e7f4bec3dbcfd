//! What the store keeps: bookmarks of stories and of passages, and the small
//! value types they are made of.

use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::anchor::PassageSelector;
use crate::article::{ArticleId, Date};

/// A passage bookmark's identity, stable for its whole life and unique across
/// processes writing the same state at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BookmarkId(u64);

impl BookmarkId {
    /// Random rather than counted: two byline processes adding bookmarks at the
    /// same moment must not hand out the same id, and neither knows the other's
    /// counter. The process-random hasher key, the clock, the process id and a
    /// counter together make a collision practically impossible.
    pub(crate) fn fresh() -> BookmarkId {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        h.write_u128(nanos);
        h.write_u32(std::process::id());
        h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        BookmarkId(h.finish())
    }

    pub fn parse(s: &str) -> Option<BookmarkId> {
        (s.len() == 16).then(|| u64::from_str_radix(s, 16).ok().map(BookmarkId))?
    }
}

impl fmt::Display for BookmarkId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl Serialize for BookmarkId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for BookmarkId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        parse_str(
            d,
            "a bookmark id of 16 hexadecimal digits",
            BookmarkId::parse,
        )
    }
}

/// A moment, shown and saved as RFC 3339 in UTC with milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(SystemTime);

impl Timestamp {
    pub fn now() -> Timestamp {
        // Saved with milliseconds; truncating here keeps a value equal to itself
        // after a round trip through the file.
        let since = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let millis = Duration::from_millis(u64::try_from(since.as_millis()).unwrap_or(u64::MAX));
        Timestamp(UNIX_EPOCH + millis)
    }

    pub fn parse(s: &str) -> Option<Timestamp> {
        humantime::parse_rfc3339(s).ok().map(Timestamp)
    }

    pub fn system_time(self) -> SystemTime {
        self.0
    }
}

impl From<SystemTime> for Timestamp {
    fn from(t: SystemTime) -> Timestamp {
        Timestamp(t)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", humantime::format_rfc3339_millis(self.0))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        parse_str(d, "an RFC 3339 timestamp in UTC", Timestamp::parse)
    }
}

/// `Date` is serialized by the article model but not read back there; the
/// store reads its own dates through this.
pub(crate) mod opt_date {
    use super::*;

    pub fn serialize<S: Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        date.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        struct OptDate;
        impl<'de> serde::de::Visitor<'de> for OptDate {
            type Value = Option<Date>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date YYYY-MM-DD or null")
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                parse_str(d, "a date YYYY-MM-DD", Date::parse).map(Some)
            }
        }
        d.deserialize_option(OptDate)
    }
}

/// Reads a string through `parse` without requiring it to be borrowable from
/// the input, so that a value written with JSON escapes still reads.
fn parse_str<'de, D: Deserializer<'de>, T>(
    d: D,
    what: &'static str,
    parse: fn(&str) -> Option<T>,
) -> Result<T, D::Error> {
    struct Via<T> {
        what: &'static str,
        parse: fn(&str) -> Option<T>,
    }
    impl<T> serde::de::Visitor<'_> for Via<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.what)
        }
        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<T, E> {
            (self.parse)(s).ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(s), &self))
        }
    }
    d.deserialize_str(Via { what, parse })
}

/// A whole story kept. Title and date are copied so that the bookmarks list
/// still reads well when the story's file is gone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryBookmark {
    pub story: ArticleId,
    pub title: String,
    #[serde(with = "opt_date")]
    pub date: Option<Date>,
    pub created: Timestamp,
}

/// A passage kept: whole paragraphs of a story, found again by its selector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassageBookmark {
    pub id: BookmarkId,
    pub story: ArticleId,
    pub title: String,
    #[serde(with = "opt_date")]
    pub date: Option<Date>,
    pub selector: PassageSelector,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub created: Timestamp,
}

/// Names a bookmark of either kind, for removing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BookmarkKey {
    Story(ArticleId),
    Passage(BookmarkId),
}

/// A bookmark of either kind, owned: what removing hands back so that it can
/// be restored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bookmark {
    Story(StoryBookmark),
    Passage(PassageBookmark),
}

impl Bookmark {
    pub fn key(&self) -> BookmarkKey {
        self.as_ref().key()
    }

    pub fn as_ref(&self) -> BookmarkRef<'_> {
        match self {
            Bookmark::Story(s) => BookmarkRef::Story(s),
            Bookmark::Passage(p) => BookmarkRef::Passage(p),
        }
    }
}

/// A bookmark of either kind, borrowed from the store: what listing yields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookmarkRef<'a> {
    Story(&'a StoryBookmark),
    Passage(&'a PassageBookmark),
}

impl<'a> BookmarkRef<'a> {
    pub fn key(self) -> BookmarkKey {
        match self {
            BookmarkRef::Story(s) => BookmarkKey::Story(s.story),
            BookmarkRef::Passage(p) => BookmarkKey::Passage(p.id),
        }
    }

    /// `"story"` or `"passage"`, as `byline bookmarks --json` names them.
    pub fn kind(self) -> &'static str {
        match self {
            BookmarkRef::Story(_) => "story",
            BookmarkRef::Passage(_) => "passage",
        }
    }

    pub fn story(self) -> ArticleId {
        match self {
            BookmarkRef::Story(s) => s.story,
            BookmarkRef::Passage(p) => p.story,
        }
    }

    pub fn title(self) -> &'a str {
        match self {
            BookmarkRef::Story(s) => &s.title,
            BookmarkRef::Passage(p) => &p.title,
        }
    }

    pub fn date(self) -> Option<Date> {
        match self {
            BookmarkRef::Story(s) => s.date,
            BookmarkRef::Passage(p) => p.date,
        }
    }

    pub fn created(self) -> Timestamp {
        match self {
            BookmarkRef::Story(s) => s.created,
            BookmarkRef::Passage(p) => p.created,
        }
    }

    /// The saved passage text; empty for a whole story.
    pub fn text(self) -> &'a str {
        match self {
            BookmarkRef::Story(_) => "",
            BookmarkRef::Passage(p) => &p.selector.exact,
        }
    }

    pub fn note(self) -> Option<&'a str> {
        match self {
            BookmarkRef::Story(_) => None,
            BookmarkRef::Passage(p) => p.note.as_deref(),
        }
    }

    pub fn to_owned(self) -> Bookmark {
        match self {
            BookmarkRef::Story(s) => Bookmark::Story(s.clone()),
            BookmarkRef::Passage(p) => Bookmark::Passage(p.clone()),
        }
    }
}

/// How much the store holds, for status lines and the bookmarks view title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub read: usize,
    pub story_bookmarks: usize,
    pub passage_bookmarks: usize,
}

/// A note is one line: line breaks become spaces, and a blank note is none.
pub(crate) fn one_line(note: &str) -> Option<String> {
    let line = note.split_whitespace().collect::<Vec<_>>().join(" ");
    (!line.is_empty()).then_some(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_rfc3339_and_survive_a_round_trip() {
        let t = Timestamp::now();
        let text = t.to_string();
        assert!(text.ends_with('Z') && text.contains('T'), "{text}");
        assert_eq!(Timestamp::parse(&text), Some(t));
    }

    #[test]
    fn fresh_bookmark_ids_differ_and_read_back() {
        let a = BookmarkId::fresh();
        let b = BookmarkId::fresh();
        assert_ne!(a, b);
        assert_eq!(BookmarkId::parse(&a.to_string()), Some(a));
    }

    #[test]
    fn notes_are_made_one_line_and_blank_notes_are_none() {
        assert_eq!(one_line("  a\nb\t c "), Some("a b c".to_string()));
        assert_eq!(one_line(" \n "), None);
    }
}
