//! Properties of the text pipeline on hostile input: the cleaner, decoding and
//! parsing, and wrapping. The fuzz targets in `fuzz/` explore the same
//! ground for longer; these run in CI on every change.
#![allow(clippy::unwrap_used)]

use byline::app::wrap;
use byline::article::{Format, Origin, parse};
use byline::decode::decode;
use byline::text::{Markup, clean};
use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Pieces that make text interesting to a terminal, to the cleaner and to the
/// wrapper: escape sequences, controls, bidi marks, odd spaces, Markdown,
/// wide characters, emoji sequences and combining marks.
fn hostile() -> impl Strategy<Value = String> + Clone {
    let piece = prop_oneof![
        Just("\x1b]0;title\x07".to_string()),
        Just("\x1b]52;c;aGk=\x1b\\".to_string()),
        Just("\x1b[2J".to_string()),
        Just("\x1b[".to_string()),
        Just("\x1b]".to_string()),
        Just("\x1bP".to_string()),
        Just("\x1b".to_string()),
        Just("\u{9b}31m".to_string()),
        Just("\u{85}".to_string()),
        Just("\u{202E}".to_string()),
        Just("\u{2067}".to_string()),
        Just("\u{200F}".to_string()),
        Just("\u{FEFF}".to_string()),
        Just("\u{a0}".to_string()),
        Just("\u{3000}".to_string()),
        Just("\t".to_string()),
        Just("\r\n".to_string()),
        Just("\n\n".to_string()),
        Just("  ".to_string()),
        Just(" ".to_string()),
        Just("**".to_string()),
        Just("_".to_string()),
        Just("`".to_string()),
        Just("[a](b)".to_string()),
        Just("![".to_string()),
        Just("](".to_string()),
        Just("# ".to_string()),
        Just("title ".to_string()),
        Just("date 2025-04-14 ".to_string()),
        Just(" - ".to_string()),
        Just("©".to_string()),
        Just("東京".to_string()),
        Just("👩\u{200d}👩\u{200d}👧".to_string()),
        Just("🇳🇴".to_string()),
        Just("e\u{301}\u{302}".to_string()),
        Just("\u{fe0f}".to_string()),
        Just("لا".to_string()),
        Just("\u{FFFD}".to_string()),
        "[a-z]{1,12}",
        "\\PC{0,4}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn markup() -> impl Strategy<Value = Markup> {
    prop_oneof![Just(Markup::Plain), Just(Markup::Markdown)]
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// What the cleaner promises, for `clean(source, range, markup)`.
fn check_clean(source: &str, range: std::ops::Range<usize>, markup: Markup) {
    let c = clean(source, range, markup);
    for ch in c.text.chars() {
        assert!(!ch.is_control(), "control {ch:?} in {:?}", c.text);
        assert!(!is_bidi_control(ch), "bidi {ch:?} in {:?}", c.text);
    }
    let n = c.text.len();
    for i in (0..=n).filter(|&i| c.text.is_char_boundary(i)) {
        assert!(c.map.to_source(i) <= source.len(), "to_source({i})");
        for r in [c.map.range_to_source(0..i), c.map.range_to_source(i..n)] {
            assert!(r.start <= r.end && r.end <= source.len(), "{r:?}");
        }
    }
}

/// Bytes a story file might hold: text in any of the encodings byline reads,
/// or with invalid bytes spliced in.
fn file_bytes() -> impl Strategy<Value = Vec<u8>> {
    let text = hostile();
    prop_oneof![
        text.clone().prop_map(String::into_bytes),
        text.clone()
            .prop_map(|t| [b"\xef\xbb\xbf".as_slice(), t.as_bytes()].concat()),
        text.clone().prop_map(|t| {
            let mut b = vec![0xff, 0xfe];
            b.extend(t.encode_utf16().flat_map(u16::to_le_bytes));
            b
        }),
        text.clone().prop_map(|t| {
            let mut b = vec![0xfe, 0xff];
            b.extend(t.encode_utf16().flat_map(u16::to_be_bytes));
            b
        }),
        (
            text,
            prop::collection::vec((any::<prop::sample::Index>(), 0x80u8..=0xff), 0..6)
        )
            .prop_map(|(t, bad)| {
                let mut b = t.into_bytes();
                for (at, byte) in bad {
                    let i = at.index(b.len() + 1);
                    b.insert(i, byte);
                }
                b
            }),
        prop::collection::vec(any::<u8>(), 0..200),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn cleaned_text_holds_nothing_that_drives_the_terminal_and_maps_inside_the_source(
        source in hostile(),
        markup in markup(),
    ) {
        check_clean(&source, 0..source.len(), markup);
    }

    #[test]
    fn a_line_given_up_to_be_cleaned_comes_back_as_clean_line_makes_it(
        source in prop_oneof![hostile(), "[ a-zA-Z0-9,.'-]{0,40}"],
    ) {
        let expected = byline::text::clean_line(&source);
        prop_assert_eq!(byline::text::clean_line_owned(source), expected);
    }

    #[test]
    fn cleaning_any_range_even_off_char_boundaries_or_past_the_end_is_safe(
        source in hostile(),
        a in 0usize..400,
        b in 0usize..400,
        markup in markup(),
    ) {
        check_clean(&source, a.min(b)..a.max(b), markup);
    }

    #[test]
    fn any_file_decodes_and_parses_with_paragraph_offsets_inside_the_file(
        bytes in file_bytes(),
        markdown in any::<bool>(),
    ) {
        let len = bytes.len();
        let Ok(decoded) = decode(bytes) else {
            return Ok(());
        };
        let format = if markdown { Format::Markdown } else { Format::Plain };
        let mut article = parse(&decoded.text, format, Origin::Bundled("fuzz"), "fallback");
        if let Some(map) = &decoded.map {
            article.map_offsets_to_file(map);
        }
        prop_assert!(!article.title.is_empty());
        for p in &article.paragraphs {
            prop_assert!(!p.text.is_empty());
            prop_assert!(p.source().start <= p.source().end && p.source().end <= len,
                "paragraph {:?} at {:?} in a file of {} bytes", p.text, p.source(), len);
            let whole = p.source_range(0..p.text.len());
            prop_assert!(whole.start <= whole.end && whole.end <= len, "{:?}", whole);
            for (i, ch) in p.text.char_indices() {
                let r = p.source_range(i..i + ch.len_utf8());
                prop_assert!(r.start <= r.end && r.end <= len, "{:?} of {:?}", r, ch);
            }
        }
    }

    #[test]
    fn wrapped_lines_are_ascending_ranges_on_char_boundaries(
        text in hostile(),
        width in 0usize..60,
    ) {
        let mut from = 0;
        for r in wrap(&text, width) {
            prop_assert!(from <= r.start && r.start <= r.end && r.end <= text.len(),
                "{:?} after {} in {} bytes", r, from, text.len());
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            from = r.end;
        }
    }

    #[test]
    fn wrapped_cleaned_text_never_exceeds_the_width_except_for_one_wide_grapheme(
        text in hostile(),
        width in 1usize..60,
    ) {
        let cleaned = clean(&text, 0..text.len(), Markup::Plain).text;
        for r in wrap(&cleaned, width) {
            let line = &cleaned[r];
            prop_assert!(
                line.width() <= width || line.graphemes(true).count() == 1,
                "{:?} is {} columns at width {}", line, line.width(), width
            );
        }
    }
}
