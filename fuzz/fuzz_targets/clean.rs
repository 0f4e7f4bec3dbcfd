//! The text cleaner on any text and any range: nothing that drives a terminal
//! survives, and every display offset maps back inside the source.
#![no_main]

use byline::text::{Markup, clean};
use libfuzzer_sys::fuzz_target;

fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let markup = if first & 1 == 0 {
        Markup::Plain
    } else {
        Markup::Markdown
    };
    let source = String::from_utf8_lossy(rest);
    let len = source.len();
    // The high bits pick a range: the whole text, or a part of it (perhaps
    // off a char boundary or past the end).
    let range = match first >> 1 {
        0..=63 => 0..len,
        n => {
            let a = usize::from(n) * 7 % (len + 3);
            let b = usize::from(first) * 13 % (len + 5);
            a.min(b)..a.max(b)
        }
    };
    let cleaned = clean(&source, range, markup);
    for c in cleaned.text.chars() {
        assert!(
            !c.is_control() && c != '\u{1b}' && !is_bidi(c),
            "{c:?} survived cleaning"
        );
    }
    let n = cleaned.text.len();
    for i in (0..=n).filter(|&i| cleaned.text.is_char_boundary(i)) {
        let s = cleaned.map.to_source(i);
        assert!(s <= len, "to_source({i}) = {s} > {len}");
        let r = cleaned.map.range_to_source(i..n);
        assert!(
            r.start <= r.end && r.end <= len,
            "range_to_source({i}..{n}) = {r:?}"
        );
        let r = cleaned.map.range_to_source(0..i);
        assert!(
            r.start <= r.end && r.end <= len,
            "range_to_source(0..{i}) = {r:?}"
        );
    }
});
