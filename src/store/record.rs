//! The state file's lines: one record each, sealed with its own checksum.
//!
//! ```text
//! {"crc":"7bb8df68","rec":{"header":{"app":"byline","schema":1}}}
//! {"crc":"4df6ad13","rec":{"mark_read":{"stories":["cf30324ba8e82e01"]}}}
//! {"crc":"b524e337","rec":{"set_note":{"id":"b6f7e5f073301452","note":"cost doubled?"}}}
//! ```
//!
//! The checksum is CRC-32 of the exact bytes of the `rec` value, so a line is
//! checked without re-serializing anything. The framing is fixed byte for
//! byte: any line that does not start with `{"crc":"` + 8 hex digits +
//! `","rec":` and end with `}` is damaged. Later schema versions must keep the
//! framing and the header line so that this version can tell it is too old.

use serde::{Deserialize, Serialize};

use super::model::{BookmarkId, PassageBookmark, StoryBookmark};
use crate::article::ArticleId;

/// The schema this build writes and reads.
pub const SCHEMA: u32 = 1;

const APP: &str = "byline";
const OPEN: &[u8] = br#"{"crc":""#;
const MIDDLE: &[u8] = br#"","rec":"#;
const HEX: usize = 8;

/// One change to the state, or the header that opens the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Record {
    Header {
        app: String,
        schema: u32,
    },
    SetRead {
        story: ArticleId,
        read: bool,
    },
    /// Many read marks at once, as snapshots write them: a line per mark would
    /// make 100,000 read stories 100,000 lines to check and parse at start.
    MarkRead {
        stories: Vec<ArticleId>,
    },
    /// The undoing of a `MarkRead` made by marking a whole list read: one
    /// line, so that the list's marks come and go as one change.
    MarkUnread {
        stories: Vec<ArticleId>,
    },
    BookmarkStory(StoryBookmark),
    UnbookmarkStory {
        story: ArticleId,
    },
    AddPassage(PassageBookmark),
    RemovePassage {
        id: BookmarkId,
    },
    SetNote {
        id: BookmarkId,
        note: Option<String>,
    },
}

impl Record {
    pub(crate) fn header() -> Record {
        Record::Header {
            app: APP.to_string(),
            schema: SCHEMA,
        }
    }
}

/// Appends `record` to `out` as one line, newline included.
pub(crate) fn encode(record: &Record, out: &mut Vec<u8>) {
    out.extend_from_slice(OPEN);
    let crc_at = out.len();
    out.extend_from_slice(b"00000000");
    out.extend_from_slice(MIDDLE);
    let payload_at = out.len();
    // Serializing plain data to memory cannot fail; should it ever, the line
    // would simply not verify on reading.
    let _ = serde_json::to_writer(&mut *out, record);
    let crc = crc32fast::hash(&out[payload_at..]);
    out[crc_at..crc_at + HEX].copy_from_slice(format!("{crc:08x}").as_bytes());
    out.extend_from_slice(b"}\n");
}

/// What one line holds.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Line {
    Record(Record),
    /// Sealed correctly but not a record this build knows: written by a newer
    /// byline, so it must be neither dropped nor rewritten.
    Unknown,
    Damaged,
}

/// Decodes one line, without its newline.
pub(crate) fn decode(line: &[u8]) -> Line {
    let Some(payload) = verified_payload(line) else {
        return Line::Damaged;
    };
    // Checking UTF-8 once for the line spares serde_json checking each string.
    let Ok(payload) = std::str::from_utf8(payload) else {
        return Line::Damaged;
    };
    match serde_json::from_str::<Record>(payload) {
        Ok(record) => Line::Record(record),
        Err(_) if names_unknown_record(payload) => Line::Unknown,
        Err(_) => Line::Damaged,
    }
}

fn verified_payload(line: &[u8]) -> Option<&[u8]> {
    let rest = line.strip_prefix(OPEN)?;
    let (hex, rest) = rest.split_at_checked(HEX)?;
    let payload = rest.strip_prefix(MIDDLE)?.strip_suffix(b"}")?;
    let hex = std::str::from_utf8(hex).ok()?;
    let crc = u32::from_str_radix(hex, 16).ok()?;
    (crc32fast::hash(payload) == crc).then_some(payload)
}

/// True when the payload is a JSON object naming a kind of record we do not
/// have, such as one added by a later schema.
fn names_unknown_record(payload: &str) -> bool {
    const KNOWN: [&str; 8] = [
        "header",
        "set_read",
        "mark_read",
        "bookmark_story",
        "unbookmark_story",
        "add_passage",
        "remove_passage",
        "set_note",
    ];
    match serde_json::from_str::<serde_json::Value>(payload) {
        Ok(serde_json::Value::Object(map)) => map.keys().any(|k| !KNOWN.contains(&k.as_str())),
        _ => false,
    }
}

/// The schema a first line declares, read leniently: even when the line is
/// damaged or its record unknown, a file that says it is newer must be left
/// alone.
pub(crate) fn declared_schema(line: &[u8]) -> Option<u64> {
    let value: serde_json::Value = serde_json::from_slice(line).ok()?;
    value.pointer("/rec/header/schema")?.as_u64()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn line(record: &Record) -> Vec<u8> {
        let mut out = Vec::new();
        encode(record, &mut out);
        assert_eq!(out.pop(), Some(b'\n'));
        out
    }

    fn read_mark() -> Record {
        Record::SetRead {
            story: ArticleId::from_key("a story"),
            read: true,
        }
    }

    #[test]
    fn a_line_is_json_that_names_its_record() {
        let bytes = line(&read_mark());
        let text = String::from_utf8(bytes.clone()).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["rec"]["set_read"]["read"], true);
        assert_eq!(value["crc"].as_str().unwrap().len(), 8);
    }

    #[test]
    fn a_record_reads_back_from_its_line() {
        assert_eq!(decode(&line(&read_mark())), Line::Record(read_mark()));
        assert_eq!(
            decode(&line(&Record::header())),
            Line::Record(Record::header())
        );
    }

    #[test]
    fn any_flipped_byte_makes_the_line_damaged() {
        let good = line(&read_mark());
        for i in 0..good.len() {
            let mut bad = good.clone();
            bad[i] ^= 0x01;
            assert_eq!(decode(&bad), Line::Damaged, "flipped byte {i}");
        }
    }

    #[test]
    fn a_cut_line_is_damaged() {
        let good = line(&read_mark());
        for cut in 0..good.len() {
            assert_eq!(decode(&good[..cut]), Line::Damaged, "cut at {cut}");
        }
    }

    #[test]
    fn a_sealed_record_of_an_unknown_kind_is_unknown_not_damaged() {
        let payload = br#"{"set_colour":{"story":"0000000000000001"}}"#;
        let crc = crc32fast::hash(payload);
        let mut bytes = format!("{{\"crc\":\"{crc:08x}\",\"rec\":").into_bytes();
        bytes.extend_from_slice(payload);
        bytes.push(b'}');
        assert_eq!(decode(&bytes), Line::Unknown);
    }

    #[test]
    fn the_declared_schema_is_read_even_from_a_damaged_header() {
        let bad = br#"{"crc":"00000000","rec":{"header":{"app":"byline","schema":7}}}"#;
        assert_eq!(decode(bad), Line::Damaged);
        assert_eq!(declared_schema(bad), Some(7));
    }
}
