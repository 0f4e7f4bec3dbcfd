//! Inputs the fuzzers in `fuzz/` and the properties in `tests/props_*.rs`
//! found, each kept as the smallest input that showed the problem. See
//! `fuzz/README.md` for how to run the fuzzers.
#![allow(clippy::unwrap_used)]

use byline::app::{App, Msg};
use byline::article::{Article, Format, Origin, parse};
use byline::decode::decode;
use byline::library::Library;
use byline::ui::{Theme, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Decodes and parses a file as the library does, checking that every
/// paragraph's file offsets lie inside the file.
fn parse_file(bytes: &[u8], format: Format) -> Article {
    let decoded = decode(bytes.to_vec()).unwrap();
    let mut article = parse(&decoded.text, format, Origin::Bundled("fuzz"), "fallback");
    if let Some(map) = &decoded.map {
        article.map_offsets_to_file(map);
    }
    for p in &article.paragraphs {
        assert!(
            p.source().end <= bytes.len(),
            "paragraph {:?} at {:?} in a file of {} bytes",
            p.text,
            p.source(),
            bytes.len()
        );
        for (i, ch) in p.text.char_indices() {
            let r = p.source_range(i..i + ch.len_utf8());
            assert!(r.end <= bytes.len(), "{ch:?} at {r:?}");
        }
    }
    article
}

/// fuzz/parse, input `ff ff`: one invalid byte shows as a three-byte U+FFFD,
/// and its file range ran two bytes past the end of a one-byte file.
#[test]
fn a_file_of_one_invalid_byte_has_its_paragraph_inside_the_file() {
    let a = parse_file(b"\xff", Format::Markdown);
    assert_eq!(a.paragraphs[0].text, "\u{FFFD}");
    assert_eq!(a.paragraphs[0].source(), 0..1);
}

/// fuzz/parse, input `00 ff fe 4f 00 87 ff`: U+FF87 takes two bytes in UTF-16
/// and three in UTF-8, so a story ending in it ran a byte past the file.
#[test]
fn a_utf16_story_ending_in_a_character_longer_in_utf8_stays_inside_the_file() {
    let a = parse_file(b"\xff\xfeO\x00\x87\xff", Format::Plain);
    let p = &a.paragraphs[0];
    assert_eq!(p.text, "O\u{FF87}");
    assert_eq!(p.source(), 2..6);
    assert_eq!(p.source_range(1..4), 4..6);
}

/// tests/props_app.rs: a terminal that reports a size of 0x0 (a pseudo-terminal
/// whose size was never set does) made the layout subtract one from a height of 0.
#[test]
fn a_terminal_of_no_rows_and_no_columns_lays_out_and_draws() {
    let mut app = App::new(Library::bundled(), 1, 1);
    app.update(Msg::Resize {
        width: 0,
        height: 0,
    });
    let mut t = Terminal::new(TestBackend::new(0, 0)).unwrap();
    t.draw(|f| draw(f, &app, &Theme::default())).unwrap();
}
