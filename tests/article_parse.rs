//! The story text format, one behaviour per test.
#![allow(clippy::unwrap_used)]

use byline::article::{Article, Date, Format, Origin, ParagraphKind, parse};

fn plain(src: &str) -> Article {
    parse(src, Format::Plain, Origin::Bundled("test.txt"), "fallback")
}

fn texts(a: &Article) -> Vec<&str> {
    a.paragraphs.iter().map(|p| p.text.as_str()).collect()
}

#[test]
fn the_date_line_gives_date_dateline_and_runs_into_the_lead() {
    let a =
        plain("date 2026-03-04 Port Ellery - The board voted on Tuesday.\n\nSecond paragraph.\n");
    assert_eq!(a.date, Date::new(2026, 3, 4));
    assert_eq!(a.dateline.as_deref(), Some("Port Ellery"));
    assert_eq!(
        texts(&a),
        ["The board voted on Tuesday.", "Second paragraph."]
    );
}

#[test]
fn leading_white_space_before_the_date_line_is_ignored() {
    let a = plain("\n\n   date 2026-03-04 Oslo - Lead.\n");
    assert_eq!(a.dateline.as_deref(), Some("Oslo"));
    assert_eq!(texts(&a), ["Lead."]);
}

#[test]
fn en_and_em_dashes_separate_the_dateline_too() {
    for dash in ['–', '—'] {
        let a = plain(&format!("date 2026-03-04 Greywater {dash} Lead text.\n"));
        assert_eq!(a.dateline.as_deref(), Some("Greywater"), "{dash}");
        assert_eq!(texts(&a), ["Lead text."]);
    }
}

#[test]
fn the_dateline_may_be_absent() {
    let a = plain("date 2026-01-20 – The library will open on Sundays.\n");
    assert_eq!(a.dateline, None);
    assert_eq!(texts(&a), ["The library will open on Sundays."]);
}

#[test]
fn a_dash_inside_the_lead_is_not_a_dateline() {
    let a = plain("date 2026-01-20 The mayor, who took office in May. said it - again.\n");
    assert_eq!(a.dateline, None);
    assert!(a.paragraphs[0].text.starts_with("The mayor"));
}

#[test]
fn header_lines_come_in_any_order() {
    let a = plain(
        "url https://example.com/a\nsource Coastal Gazette\nauthor Lena Berg\ntitle Ferry trial backed\ndate 2026-03-04 Oslo - Lead.\n",
    );
    assert_eq!(a.title, "Ferry trial backed");
    assert_eq!(a.source.as_deref(), Some("Coastal Gazette"));
    assert_eq!(a.author.as_deref(), Some("Lena Berg"));
    assert_eq!(a.url.as_deref(), Some("https://example.com/a"));
    assert_eq!(texts(&a), ["Lead."]);
}

#[test]
fn a_story_that_merely_starts_with_a_header_word_keeps_its_words() {
    let a = plain("title fights in the county went on late into the night.\nMore text.\n");
    assert_eq!(
        a.paragraphs[0].text,
        "title fights in the county went on late into the night. More text."
    );
}

#[test]
fn without_a_title_the_headline_is_the_leads_first_sentence() {
    let a = plain(
        "date 2026-03-04 Oslo - Dr. Ana Ruiz opened the clinic on Monday. It has ten beds.\n",
    );
    assert_eq!(a.title, "Dr. Ana Ruiz opened the clinic on Monday");
}

#[test]
fn a_long_first_sentence_is_shortened_at_a_word_with_an_ellipsis() {
    let lead = "word ".repeat(40);
    let a = plain(&format!("date 2026-03-04 Oslo - {lead}\n"));
    assert!(a.title.ends_with("word…"), "{}", a.title);
    assert!(a.title.chars().count() <= 80);
}

#[test]
fn a_paragraph_with_a_copyright_sign_is_a_caption_with_its_credit_apart() {
    let a = plain(
        "date 2026-03-04 Oslo - Lead.\n\nFishermen unload the catch. © INGRID VOSS / COASTAL PHOTO\n",
    );
    let caption = &a.paragraphs[1];
    let ParagraphKind::Caption { credit } = caption.kind else {
        panic!("not a caption: {:?}", caption.kind);
    };
    assert_eq!(
        &caption.text[credit as usize..],
        "© INGRID VOSS / COASTAL PHOTO"
    );
    assert!(!a.paragraphs[0].is_caption());
}

#[test]
fn crlf_line_endings_read_like_lf() {
    let lf = plain("source S\ndate 2025-11-30 Greywater - First line\nsecond line.\n\nNext.\n");
    let crlf = plain(
        "source S\r\ndate 2025-11-30 Greywater - First line\r\nsecond line.\r\n\r\nNext.\r\n",
    );
    assert_eq!(texts(&crlf), texts(&lf));
    assert_eq!(texts(&crlf), ["First line second line.", "Next."]);
    assert_eq!(crlf.dateline, lf.dateline);
}

#[test]
fn a_file_with_no_header_is_still_a_story() {
    let a = plain("Rain is expected across the valley.\n\nFarmers welcomed it.\n");
    assert_eq!(a.date, None);
    assert_eq!(a.dateline, None);
    assert_eq!(
        texts(&a),
        [
            "Rain is expected across the valley.",
            "Farmers welcomed it."
        ]
    );
    assert_eq!(a.title, "Rain is expected across the valley");
}

#[test]
fn an_empty_file_is_an_empty_story_named_by_its_fallback() {
    for src in ["", "\n\n  \n"] {
        let a = plain(src);
        assert!(a.paragraphs.is_empty());
        assert_eq!(a.title, "fallback");
    }
}

#[test]
fn markdown_heading_is_the_title_and_inline_markers_are_stripped() {
    let src = "# Garden *doubles* its plots\n\nThe **Elm Road** garden, _said_ the `committee`, has [sixty](https://example.com) plots.\n\n## Waiting list\n\nMore soon.\n";
    let a = parse(src, Format::Markdown, Origin::Bundled("g.md"), "g");
    assert_eq!(a.title, "Garden doubles its plots");
    assert_eq!(
        texts(&a),
        [
            "The Elm Road garden, said the committee, has sixty plots.",
            "Waiting list",
            "More soon."
        ]
    );
    assert_eq!(a.paragraphs[1].kind, ParagraphKind::Heading);
}

#[test]
fn every_paragraph_keeps_its_byte_range_in_the_file() {
    let src = " date 2026-03-04 Oslo - The lead\nruns on.\r\n\r\nSecond one. © A / B\n";
    let a = plain(src);
    assert_eq!(&src[a.paragraphs[0].source()], "The lead\nruns on.");
    assert_eq!(&src[a.paragraphs[1].source()], "Second one. © A / B");
    // Display offsets map back to the same words in the file.
    let p = &a.paragraphs[0];
    let at = p.text.find("runs").unwrap();
    assert_eq!(&src[p.source_range(at..at + 4)], "runs");
}

#[test]
fn an_invalid_date_is_not_a_header() {
    let a = plain("date 2025-02-30 Oslo - Lead.\n");
    assert_eq!(a.date, None);
    assert_eq!(texts(&a), ["date 2025-02-30 Oslo - Lead."]);
}

#[test]
fn ids_survive_a_move_but_differ_between_stories() {
    let src = "title T\ndate 2026-03-04 Oslo - Lead.\n";
    let a = parse(src, Format::Plain, Origin::File("a/one.txt".into()), "one");
    let b = parse(
        src,
        Format::Plain,
        Origin::File("elsewhere/two.txt".into()),
        "two",
    );
    assert_eq!(a.id, b.id);
    let c = plain("title Other\ndate 2026-03-04 Oslo - Lead.\n");
    assert_ne!(a.id, c.id);
}
