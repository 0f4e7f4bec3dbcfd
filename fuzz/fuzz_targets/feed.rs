//! Feeds from a hostile server: any bytes parsed as a feed and converted,
//! and any text converted as an entry's HTML. Nothing panics, and nothing
//! that drives a terminal reaches a story.
#![no_main]

use byline::feed::convert;
use byline::feed::html::lexer::{Lexer, Token};
use byline::feed::html::{to_blocks, to_line};
use libfuzzer_sys::fuzz_target;

fn safe(text: &str) -> bool {
    !text
        .chars()
        .any(|c| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
}

fuzz_target!(|data: &[u8]| {
    if let Ok(feed) = convert::parse(data) {
        let stories = convert::stories(&feed, 0);
        for a in convert::to_articles("https://fuzz.example/", "Fuzz", &stories) {
            assert!(safe(&a.title), "{:?}", a.title);
            for p in &a.paragraphs {
                assert!(safe(&p.text), "{:?}", p.text.as_str());
            }
        }
    }
    let html = String::from_utf8_lossy(data);
    for block in to_blocks(&html) {
        assert!(!block.text.is_empty());
        assert!(safe(&block.text), "{:?}", block.text);
        assert_eq!(block.text.trim(), block.text);
    }
    assert!(safe(&to_line(&html)));
    for token in Lexer::new(&html) {
        if let Token::Start(tag) = token {
            for (name, _) in tag.attrs() {
                assert!(!name.is_empty());
            }
        }
    }
});
