//! Invariants of the analysis on arbitrary text.
#![allow(clippy::unwrap_used)]

use byline::analysis::{Analysis, Span, analyze};
use proptest::prelude::*;

fn check(paras: &[&str], a: &Analysis) {
    let ok = |s: &Span| {
        let text = paras[s.para];
        s.range.start <= s.range.end
            && s.range.end <= text.len()
            && text.is_char_boundary(s.range.start)
            && text.is_char_boundary(s.range.end)
    };
    let mut mentions: Vec<&Span> = Vec::new();
    for p in &a.people {
        assert!(!p.mentions.is_empty());
        assert!(
            p.mentions.windows(2).all(|w| w[0] < w[1]),
            "mentions sorted"
        );
        for m in &p.mentions {
            assert!(ok(m), "mention {m:?} out of bounds or off a char boundary");
            assert!(!m.range.is_empty());
        }
        mentions.extend(&p.mentions);
    }
    mentions.sort();
    for w in mentions.windows(2) {
        assert!(
            w[0].para != w[1].para || w[0].range.end <= w[1].range.start,
            "mentions overlap: {:?} {:?}",
            w[0],
            w[1]
        );
    }
    for q in &a.quotes {
        assert!(ok(&q.span), "quote {:?} out of bounds", q.span);
        assert!(q.speaker().is_none_or(|s| s < a.people.len()));
    }
    for w in a.quotes.windows(2) {
        assert!(w[0].span < w[1].span, "quotes sorted");
        assert!(
            w[0].span.para != w[1].span.para || w[0].span.range.end <= w[1].span.range.start,
            "quotes overlap"
        );
    }
}

/// Text rich in the characters the rules look at.
fn newsy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("„".to_string()),
        Just("«".to_string()),
        Just("»".to_string()),
        Just("'".to_string()),
        Just("’".to_string()),
        Just("‘".to_string()),
        Just(", ".to_string()),
        Just(". ".to_string()),
        Just(": ".to_string()),
        Just(" said ".to_string()),
        Just(" told ".to_string()),
        Just(" he ".to_string()),
        Just("She ".to_string()),
        Just("according to ".to_string()),
        Just("President ".to_string()),
        Just("Nayib Bukele".to_string()),
        Just("Trump's ".to_string()),
        Just("van der ".to_string()),
        Just("J.R. ".to_string()),
        Just("©".to_string()),
        Just("ANNA LEE / AFP".to_string()),
        Just(" 61, ".to_string()),
        Just("al-".to_string()),
        Just("Ölçü ".to_string()),
        "[A-Za-z]{1,8}",
        " ",
        "\\PC{0,3}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_gives_valid_spans(paras in prop::collection::vec("\\PC{0,80}", 0..5)) {
        let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
        let a = analyze(&refs);
        check(&refs, &a);
    }

    #[test]
    fn quote_heavy_text_gives_valid_spans(paras in prop::collection::vec(newsy(), 0..5)) {
        let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
        let a = analyze(&refs);
        check(&refs, &a);
    }

    #[test]
    fn analysis_is_deterministic(paras in prop::collection::vec(newsy(), 0..4)) {
        let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
        prop_assert_eq!(analyze(&refs), analyze(&refs));
    }
}

/// Inputs that would make quadratic work blow up finish at once.
#[test]
fn long_runs_of_capitals_and_pronouns_stay_linear() {
    let caps = "Ann Lee ".repeat(20_000);
    let pronouns = format!(
        "{} he said \"x\" {}",
        "Ann Lee met Bo Lee ".repeat(5_000),
        "he said \"y\" ".repeat(5_000)
    );
    let start = std::time::Instant::now();
    let a = analyze(&[caps.as_str(), pronouns.as_str()]);
    check(&[caps.as_str(), pronouns.as_str()], &a);
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
}
