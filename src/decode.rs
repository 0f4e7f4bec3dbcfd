//! Bytes from a file to text, remembering where each decoded byte came from.
//!
//! Offsets that byline prints (`byline analyze --json`) are byte offsets into
//! the file as read. When decoding changes byte lengths (an invalid UTF-8
//! byte becomes a three-byte U+FFFD; UTF-16 becomes UTF-8), the returned map
//! converts offsets in the decoded text back to offsets in the file.

use crate::text::OffsetMap;

/// How a file's bytes were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    #[default]
    Utf8,
    /// UTF-8 with this many bytes that were not valid and show as U+FFFD.
    Utf8Lossy {
        replaced: usize,
    },
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    /// What the status bar should say about it, if anything.
    pub fn notice(self) -> Option<String> {
        match self {
            Encoding::Utf8 => None,
            Encoding::Utf8Lossy { replaced: 1 } => {
                Some("1 byte was not valid UTF-8 and shows as �".to_string())
            }
            Encoding::Utf8Lossy { replaced } => Some(format!(
                "{replaced} bytes were not valid UTF-8 and show as �"
            )),
            Encoding::Utf16Le | Encoding::Utf16Be => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
    /// Decoded offsets -> file offsets; `None` when they are the same.
    pub map: Option<OffsetMap>,
}

/// Decodes a file. Fails only for files that are not text at all.
pub fn decode(bytes: Vec<u8>) -> Result<Decoded, String> {
    match bytes.as_slice() {
        [0xff, 0xfe, rest @ ..] => {
            return Ok(utf16(rest, 2, u16::from_le_bytes, Encoding::Utf16Le));
        }
        [0xfe, 0xff, rest @ ..] => {
            return Ok(utf16(rest, 2, u16::from_be_bytes, Encoding::Utf16Be));
        }
        _ => {}
    }
    if bytes.contains(&0) {
        return Err("not a text file (it contains NUL bytes)".to_string());
    }
    let bytes = match String::from_utf8(bytes) {
        // A UTF-8 byte-order mark stays in the text (so offsets need no map);
        // the display cleaner drops it.
        Ok(text) => {
            return Ok(Decoded {
                text,
                encoding: Encoding::Utf8,
                map: None,
            });
        }
        Err(e) => e.into_bytes(),
    };
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut map = OffsetMap::default();
    let mut replaced = 0;
    let mut at = 0;
    for chunk in bytes.utf8_chunks() {
        map.push_anchor(text.len(), at);
        text.push_str(chunk.valid());
        at += chunk.valid().len();
        let invalid = chunk.invalid().len();
        if invalid > 0 {
            map.push_anchor(text.len(), at);
            text.push('\u{FFFD}');
            replaced += invalid;
            at += invalid;
        }
    }
    // Where the file ends: the last character's bytes map no further.
    map.push_anchor(text.len(), at);
    Ok(Decoded {
        text,
        encoding: Encoding::Utf8Lossy { replaced },
        map: Some(map),
    })
}

fn utf16(body: &[u8], bom: usize, read: fn([u8; 2]) -> u16, encoding: Encoding) -> Decoded {
    let units = body.chunks_exact(2).map(|c| read([c[0], c[1]]));
    let mut text = String::with_capacity(body.len());
    let mut map = OffsetMap::default();
    let mut at = bom;
    for ch in char::decode_utf16(units) {
        let (ch, len) = match ch {
            Ok(c) => (c, c.len_utf16() * 2),
            Err(_) => ('\u{FFFD}', 2),
        };
        map.push_anchor(text.len(), at);
        text.push(ch);
        at += len;
    }
    // A file cut off in the middle of a unit ends in one odd byte: shown as
    // a replacement character rather than dropped without a word.
    if body.len() % 2 == 1 {
        map.push_anchor(text.len(), at);
        text.push('\u{FFFD}');
        at += 1;
    }
    map.push_anchor(text.len(), at);
    Decoded {
        text,
        encoding,
        map: Some(map),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn an_odd_byte_ending_utf16_shows_as_a_replacement_character() {
        let mut bytes = vec![0xff, 0xfe];
        for u in "Oslo".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        bytes.push(b'x');
        let d = decode(bytes).unwrap();
        assert_eq!(d.text, "Oslo\u{FFFD}");
        let map = d.map.unwrap();
        assert_eq!(map.range_to_source(4..7), 10..11);
    }

    #[test]
    fn valid_utf8_needs_no_map() {
        let d = decode("Café".as_bytes().to_vec()).unwrap();
        assert_eq!(d.text, "Café");
        assert_eq!(d.map, None);
    }

    #[test]
    fn invalid_bytes_become_replacement_characters_and_are_counted() {
        let d = decode(b"Caf\xe9 and \xff\xfe!".to_vec()).unwrap();
        assert_eq!(d.text, "Caf\u{FFFD} and \u{FFFD}\u{FFFD}!");
        assert_eq!(d.encoding, Encoding::Utf8Lossy { replaced: 3 });
        let map = d.map.unwrap();
        let and = d.text.find("and").unwrap();
        assert_eq!(map.to_source(and), 5);
        assert_eq!(map.to_source(d.text.len() - 1), 11);
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded_with_file_offsets() {
        let mut bytes = vec![0xff, 0xfe];
        for u in "Oslo é".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let d = decode(bytes).unwrap();
        assert_eq!(d.text, "Oslo é");
        let map = d.map.unwrap();
        assert_eq!(map.to_source(d.text.find('é').unwrap()), 2 + 5 * 2);
        let mut be = vec![0xfe, 0xff];
        for u in "Oslo".encode_utf16() {
            be.extend(u.to_be_bytes());
        }
        assert_eq!(decode(be).unwrap().text, "Oslo");
    }

    #[test]
    fn nul_bytes_mean_not_text() {
        assert!(decode(b"\x89PNG\0\0".to_vec()).is_err());
    }
}
