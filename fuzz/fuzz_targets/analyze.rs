//! The analyser on any paragraphs: nothing panics and every span is a valid
//! range of its paragraph; quotes sorted and apart; speakers are people.
#![no_main]

use byline::analysis::{Span, analyze};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // A blank line separates paragraphs, as in a story file.
    let paras: Vec<&str> = text.split("\n\n").collect();
    let a = analyze(&paras);
    let ok = |s: &Span| {
        paras.get(s.para).is_some_and(|t| {
            s.range.start <= s.range.end
                && s.range.end <= t.len()
                && t.is_char_boundary(s.range.start)
                && t.is_char_boundary(s.range.end)
        })
    };
    for p in &a.people {
        assert!(!p.mentions.is_empty(), "{} has no mentions", p.name);
        for m in &p.mentions {
            assert!(ok(m), "mention {m:?} out of bounds or off a char boundary");
        }
    }
    for q in &a.quotes {
        assert!(ok(&q.span), "quote {:?} out of bounds", q.span);
        assert!(
            q.speaker.is_none_or(|s| s < a.people.len()),
            "speaker index"
        );
    }
    for w in a.quotes.windows(2) {
        assert!(w[0].span < w[1].span, "quotes sorted");
        assert!(
            w[0].span.para != w[1].span.para || w[0].span.range.end <= w[1].span.range.start,
            "quotes overlap: {:?} {:?}",
            w[0].span,
            w[1].span
        );
    }
});
