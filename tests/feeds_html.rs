//! Feed content to text, through the fixtures: entities, lists, block
//! quotes the analyser finds, links as references, images, and what is
//! dropped. Plus properties of the converter on arbitrary input.
#![allow(clippy::unwrap_used)]

use byline::analysis::analyze;
use byline::article::Article;
use byline::feed::convert;
use byline::feed::html::{to_blocks, to_line};
use proptest::prelude::*;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/feeds")
            .join(name),
    )
    .unwrap()
}

fn articles(name: &str) -> (Option<String>, Vec<Article>) {
    let feed = convert::parse(&fixture(name)).unwrap();
    let title = convert::feed_title(&feed);
    let articles = convert::stories(&feed, 0)
        .iter()
        .map(|s| convert::to_article("https://feed.example/", "Feed", s))
        .collect();
    (title, articles)
}

fn texts(a: &Article) -> Vec<&str> {
    a.paragraphs.iter().map(|p| p.text.as_str()).collect()
}

#[test]
fn a_double_escaped_ampersand_in_an_atom_html_title_shows_as_one() {
    let (title, articles) = articles("atom.xml");
    assert_eq!(title.as_deref(), Some("Ridge & Dale Courier"));
    assert_eq!(articles[0].title, "Farmers & growers back new water rules");
}

#[test]
fn entities_in_rss_descriptions_are_decoded() {
    let (_, articles) = articles("rss2.xml");
    let library = &articles[1];
    assert_eq!(
        texts(library)[1],
        "“Sunday is when families actually have time,” Lindqvist said."
    );
}

#[test]
fn list_items_become_paragraphs_of_their_own() {
    let (_, rss) = articles("rss2.xml");
    let t = texts(&rss[0]);
    assert!(t.contains(&"• build the bridge before the 2028 school year;"));
    assert!(t.contains(&"• keep the towpath open during construction."));
    let (_, atom) = articles("atom.xml");
    assert!(texts(&atom[0]).contains(&"2. Small holdings are exempt."));
}

#[test]
fn a_blockquote_is_a_quotation_the_analyser_finds() {
    let (_, articles) = articles("atom.xml");
    let a = &articles[0];
    let para = a
        .paragraphs
        .iter()
        .position(|p| p.text.contains("better to agree the rules"))
        .unwrap();
    let paras = texts(a);
    let analysis = analyze(&paras);
    let quote = analysis
        .quotes
        .iter()
        .find(|q| q.span.para == para)
        .expect("the block quote is found as a quotation");
    assert_eq!(quote.span.range, 0..paras[para].len());
}

#[test]
fn links_are_numbered_in_the_text_and_listed_at_the_end() {
    let (_, articles) = articles("atom.xml");
    let t = texts(&articles[0]);
    assert!(
        t.iter()
            .any(|p| p.contains("Read the board's summary [1] and a map of the river [2].")),
        "{t:?}"
    );
    let n = t.len();
    assert_eq!(
        &t[n - 2..],
        [
            "[1] https://courier.example/docs/water-rules",
            "[2] https://courier.example/maps/dale"
        ]
    );
}

#[test]
fn images_show_as_their_alt_text_and_scripts_and_styles_are_dropped() {
    let (_, articles) = articles("atom.xml");
    let t = texts(&articles[0]);
    assert!(t.contains(&"[image: The weir at Dalehead in low water]"));
    let all = t.join("\n");
    assert!(!all.contains("trackReader"));
    assert!(!all.contains("display: none"));
}

#[test]
fn an_rss_0_91_feed_is_read_too() {
    let rss = r#"<?xml version="1.0"?>
<rss version="0.91"><channel><title>Valley Bulletin</title><link>https://bulletin.example/</link>
<description>Weekly notes</description><language>en</language>
<item><title>Ferry timetable changes on Monday</title><link>https://bulletin.example/ferry</link>
<description>The 7.10 sailing moves to 7.25, the operator said.</description></item>
</channel></rss>"#;
    let feed = convert::parse(rss.as_bytes()).unwrap();
    assert_eq!(
        convert::feed_title(&feed).as_deref(),
        Some("Valley Bulletin")
    );
    let stories = convert::stories(&feed, 0);
    assert_eq!(stories[0].title, "Ferry timetable changes on Monday");
    assert_eq!(stories[0].key, "link:https://bulletin.example/ferry");
    assert_eq!(
        stories[0].paragraphs,
        ["The 7.10 sailing moves to 7.25, the operator said."]
    );
}

#[test]
fn json_feed_plain_text_keeps_its_paragraphs() {
    let (_, articles) = articles("feed.json");
    assert_eq!(
        texts(&articles[1]),
        [
            "The covered market on Station Road reopened on Monday after eight months of roof repairs.",
            "Stallholders said trade was brisk."
        ]
    );
}

#[test]
fn escape_sequences_in_a_feed_never_reach_the_text() {
    let rss = "<rss version=\"2.0\"><channel><title>T\u{1b}]0;pwned\u{7}</title><item><title>A\u{1b}[2Jb</title><description>&lt;p&gt;x\u{202e}y\u{1b}[31m&lt;/p&gt;</description></item></channel></rss>";
    let feed = convert::parse(rss.as_bytes()).unwrap();
    let story = &convert::stories(&feed, 0)[0];
    let a = convert::to_article("https://x.example/", "N\u{1b}[1m", story);
    for text in [a.title.as_str(), a.source.as_deref().unwrap()]
        .into_iter()
        .chain(texts(&a))
    {
        assert!(
            !text.chars().any(|c| c.is_control() || c == '\u{202e}'),
            "{text:?}"
        );
    }
}

/// Pieces of HTML that stress the converter.
fn html() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<blockquote>".to_string()),
        Just("</blockquote>".to_string()),
        Just("<ul><li>".to_string()),
        Just("<ol start=\"99999999999999999999\"><li>".to_string()),
        Just("</li></ol>".to_string()),
        Just("<a href=\"https://x.example\">".to_string()),
        Just("<a href=\"javascript:x\">".to_string()),
        Just("</a>".to_string()),
        Just("<img alt=\"\u{1b}[2J\">".to_string()),
        Just("<script>".to_string()),
        Just("</script>".to_string()),
        Just("<style>".to_string()),
        Just("<br>".to_string()),
        Just("&amp;amp;".to_string()),
        Just("&#0;&#x1b;&#x202e;".to_string()),
        Just("&bogus;".to_string()),
        Just("\u{1b}]0;t\u{7}".to_string()),
        Just("\"".to_string()),
        Just("<".to_string()),
        Just("<div>".to_string()),
        "[a-z ]{0,12}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn the_converter_never_panics_and_yields_clean_text(input in html()) {
        for block in to_blocks(&input) {
            prop_assert!(!block.text.is_empty());
            prop_assert!(!block.text.chars().any(|c| c.is_control()), "{:?}", block.text);
            let bidi = ['\u{202e}', '\u{2067}'];
            prop_assert!(!block.text.contains(bidi), "bidi control in {:?}", block.text);
            prop_assert_eq!(block.text.trim(), block.text.as_str());
        }
        let line = to_line(&input);
        prop_assert!(!line.chars().any(|c| c.is_control()));
    }
}
