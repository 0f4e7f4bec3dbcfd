//! Character references (`&amp;`, `&#8217;`, `&notin`) decoded as the
//! WHATWG tokenizer does, with its table of 2,231 names from `web_atoms`
//! (html5ever's own).

use std::borrow::Cow;

use web_atoms::{C1_REPLACEMENTS, NAMED_ENTITIES};

/// Appends `raw` text to `out` with its character references decoded.
pub fn decode_text(raw: &str, out: &mut String) {
    decode_into(raw, out, false);
}

/// An attribute's value with its character references decoded. A name
/// without its `;` followed by `=` or a letter or digit stays as written
/// there (`?a=1&copy=2` is a query, not a copyright sign).
pub fn decode_attr(raw: &str) -> Cow<'_, str> {
    if !raw.contains(['&', '\0']) {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    decode_into(raw, &mut out, true);
    Cow::Owned(out)
}

fn decode_into(raw: &str, out: &mut String, in_attr: bool) {
    let bytes = raw.as_bytes();
    let mut done = 0;
    let mut from = 0;
    while let Some(found) = memchr::memchr2(b'&', b'\0', &bytes[from..]) {
        let at = from + found;
        out.push_str(&raw[done..at]);
        if bytes[at] == b'\0' {
            // The spec keeps NUL in text but not in attributes; the
            // cleaner drops it from text anyway.
            out.push(if in_attr { '\u{FFFD}' } else { '\0' });
            done = at + 1;
            from = done;
            continue;
        }
        match reference(raw, at + 1, in_attr) {
            Some((chars, end)) => {
                out.extend(chars.into_iter().flatten());
                done = end;
                from = end;
            }
            None => {
                // The `&` is text; what follows it is scanned again.
                out.push('&');
                done = at + 1;
                from = at + 1;
            }
        }
    }
    out.push_str(&raw[done..]);
}

/// The character(s) of the reference whose name starts at `start` (just
/// past its `&`), and the index just past it; `None` when it is not one.
fn reference(raw: &str, start: usize, in_attr: bool) -> Option<([Option<char>; 2], usize)> {
    let bytes = raw.as_bytes();
    match bytes.get(start)? {
        b'#' => numeric(bytes, start + 1),
        b if b.is_ascii_alphanumeric() => named(raw, start, in_attr),
        _ => None,
    }
}

fn numeric(bytes: &[u8], start: usize) -> Option<([Option<char>; 2], usize)> {
    let (base, mut i) = match bytes.get(start) {
        Some(b'x' | b'X') => (16, start + 1),
        _ => (10, start),
    };
    let digits = i;
    let mut n: u32 = 0;
    while let Some(d) = bytes.get(i).and_then(|&b| char::from(b).to_digit(base)) {
        // Saturating: a value once past U+10FFFF only grows, so the check
        // at the end sees every overflow.
        n = n.saturating_mul(base).saturating_add(d);
        i += 1;
    }
    if i == digits {
        return None;
    }
    if bytes.get(i) == Some(&b';') {
        i += 1;
    }
    let c = match n {
        0 | 0xD800..=0xDFFF | 0x11_0000.. => '\u{FFFD}',
        0x80..=0x9F => C1_REPLACEMENTS[(n - 0x80) as usize]
            .unwrap_or_else(|| char::from_u32(n).unwrap_or('\u{FFFD}')),
        _ => char::from_u32(n).unwrap_or('\u{FFFD}'),
    };
    Some(([Some(c), None], i))
}

/// The longest name in the table that starts at `start`. The table also
/// holds every prefix of every name (mapped to zero), so the search stops
/// as soon as no name can match.
fn named(raw: &str, start: usize, in_attr: bool) -> Option<([Option<char>; 2], usize)> {
    let bytes = raw.as_bytes();
    let mut best = None;
    let mut end = start;
    while end < bytes.len() && bytes[end].is_ascii() {
        end += 1;
        match NAMED_ENTITIES.get(&raw[start..end]) {
            Some(&(0, _)) => {}
            Some(&(a, b)) => best = Some((a, b, end)),
            None => break,
        }
    }
    let (a, b, end) = best?;
    if in_attr
        && bytes[end - 1] != b';'
        && bytes
            .get(end)
            .is_some_and(|&b| b == b'=' || b.is_ascii_alphanumeric())
    {
        return None;
    }
    let second = (b != 0).then(|| char::from_u32(b)).flatten();
    Some(([char::from_u32(a), second], end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(raw: &str) -> String {
        let mut out = String::new();
        decode_text(raw, &mut out);
        out
    }

    #[test]
    fn named_references_decode_with_or_without_their_semicolon() {
        assert_eq!(text("Ports &amp; Docks &lt;b&gt;"), "Ports & Docks <b>");
        assert_eq!(text("&copy 2026 &eacute;t&eacute;"), "© 2026 été");
    }

    #[test]
    fn the_longest_name_wins_and_the_rest_is_text() {
        assert_eq!(text("&notit;"), "¬it;");
        assert_eq!(text("&notin;"), "∉");
        assert_eq!(text("&copyright"), "©right");
    }

    #[test]
    fn a_name_can_stand_for_two_characters() {
        assert_eq!(text("&NotEqualTilde;"), "\u{2242}\u{338}");
    }

    #[test]
    fn unknown_names_and_lone_ampersands_stay_as_written() {
        assert_eq!(
            text("&bogus; & &; &#; &#x; a&b"),
            "&bogus; & &; &#; &#x; a&b"
        );
    }

    #[test]
    fn numeric_references_decode_in_both_bases() {
        assert_eq!(text("&#8220;x&#x201D; &#65 &#X42;"), "“x” A B");
    }

    #[test]
    fn impossible_numbers_become_the_replacement_character() {
        assert_eq!(
            text("&#0;&#xD800;&#x110000;&#99999999999999999999;"),
            "\u{FFFD}".repeat(4)
        );
    }

    #[test]
    fn windows_1252_numbers_map_to_what_they_meant() {
        assert_eq!(text("&#147;hi&#148; &#x80; &#x81;"), "“hi” € \u{81}");
    }

    #[test]
    fn in_attributes_a_bare_name_before_a_letter_or_equals_is_text() {
        assert_eq!(decode_attr("?a=1&copy=2&notx"), "?a=1&copy=2&notx");
        assert_eq!(decode_attr("&copy; &copy &amp"), "© © &");
        assert_eq!(text("&copy=2"), "©=2");
    }

    #[test]
    fn nul_in_an_attribute_is_replaced() {
        assert_eq!(decode_attr("a\0b"), "a\u{FFFD}b");
    }
}
