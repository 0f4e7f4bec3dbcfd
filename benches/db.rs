//! The story database with 100,000 feed stories (100 feeds of 1,000):
//! opening it, the list's rows, one story's text, and searches.
//!
//! Targets (issue 17): the rows well under 100 ms; a two-word search at
//! most 50 ms; opening a story at most 5 ms.
//!
//! `cargo bench --bench db`; set `BYLINE_BENCH_DIR` to measure on another
//! disk (the default is the system's temporary directory). The database is
//! built once, before anything is measured.

#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};

use byline::db::{Db, FeedMeta};
use byline::feed::CacheLimits;
use byline::feed::convert::Story;

const FEEDS: usize = 100;
const PER_FEED: usize = 1000;

/// xorshift64*: the same text on every run and machine.
struct Words {
    state: u64,
    vocabulary: Vec<String>,
}

impl Words {
    fn new() -> Words {
        const SYLLABLES: [&str; 24] = [
            "ka", "ro", "mi", "tan", "vel", "so", "dor", "li", "ber", "na", "qu", "est", "ul",
            "ri", "mon", "ta", "ge", "pha", "lor", "in", "ce", "do", "war", "ne",
        ];
        let mut words = Words {
            state: 0x9e37_79b9_7f4a_7c15,
            vocabulary: Vec::new(),
        };
        for _ in 0..20_000 {
            let n = 1 + words.next() % 3;
            let word: String = (0..=n)
                .map(|_| SYLLABLES[(words.next() % 24) as usize])
                .collect();
            words.vocabulary.push(word);
        }
        words
    }

    fn next(&mut self) -> u64 {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A word, the first ones far more often than the last (as in prose).
    fn word(&mut self) -> &str {
        let r = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        let i = (r.powi(3) * self.vocabulary.len() as f64) as usize;
        &self.vocabulary[i]
    }

    fn words(&mut self, n: usize) -> String {
        let mut out = String::new();
        for i in 0..n {
            if i > 0 {
                out.push(' ');
            }
            let w = self.word().to_string();
            out.push_str(&w);
        }
        out
    }
}

fn build(path: &std::path::Path) -> Vec<String> {
    let mut words = Words::new();
    let mut db = Db::open(path).db;
    let urls: Vec<String> = (0..FEEDS)
        .map(|f| format!("https://feed{f}.example/rss"))
        .collect();
    let now = 1_770_000_000;
    for (f, url) in urls.iter().enumerate() {
        let fresh: Vec<Story> = (0..PER_FEED)
            .map(|n| Story {
                key: format!("guid:{f}-{n}"),
                title: words.words(8),
                author: Some(words.words(2)),
                published: Some(now - (n as i64) * 3600),
                link: Some(format!("https://feed{f}.example/{n}")),
                paragraphs: (0..5).map(|_| words.words(40)).collect(),
                first_seen: now,
            })
            .collect();
        let meta = FeedMeta {
            title: Some(format!("Feed {f}")),
            ..FeedMeta::default()
        };
        db.merge_feed(url, &meta, fresh, now, CacheLimits::default())
            .unwrap();
    }
    urls
}

fn bench(c: &mut Criterion) {
    let dir = match std::env::var_os("BYLINE_BENCH_DIR") {
        Some(d) => tempfile::tempdir_in(d).unwrap(),
        None => tempfile::tempdir().unwrap(),
    };
    let path = dir.path().join("library.db");
    let started = Instant::now();
    let urls = build(&path);
    let size = std::fs::metadata(&path).unwrap().len();
    eprintln!(
        "built {} stories in {:.1} s: {} MB",
        FEEDS * PER_FEED,
        started.elapsed().as_secs_f64(),
        size / 1_000_000
    );
    let feeds: Vec<&str> = urls.iter().map(String::as_str).collect();

    let mut group = c.benchmark_group("db");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("open 100,000 stories", |b| {
        b.iter(|| black_box(Db::open(&path)).notice.is_none())
    });
    let db = Db::open(&path).db;
    assert_eq!(db.feed_rows(&feeds).unwrap().len(), FEEDS * PER_FEED);
    group.bench_function("feed_rows of 100,000 stories", |b| {
        b.iter(|| black_box(db.feed_rows(&feeds).unwrap()).len())
    });
    group.bench_function("feed_story, one of 100,000", |b| {
        let mut n = 0;
        b.iter(|| {
            n = (n + 7919) % (FEEDS * PER_FEED);
            let key = format!("guid:{}-{}", n / PER_FEED, n % PER_FEED);
            black_box(db.feed_story(feeds[n / PER_FEED], &key).unwrap()).is_some()
        })
    });
    // The commonest words are in nearly half the stories, like "the".
    let words = Words::new();
    for (name, query) in [
        (
            "search, two of the commonest words",
            format!("{} {}", words.vocabulary[3], words.vocabulary[5]),
        ),
        (
            "search, two common words",
            format!("{} {}", words.vocabulary[40], words.vocabulary[90]),
        ),
        (
            "search, two rarer words",
            format!("{} {}", words.vocabulary[300], words.vocabulary[900]),
        ),
        (
            "search, a phrase",
            format!("\"{} {}\"", words.vocabulary[1], words.vocabulary[2]),
        ),
    ] {
        let found = db.search(&query, 50).unwrap().len();
        let all = db.search(&query, usize::MAX).unwrap().len();
        eprintln!("{name} ({query}): {found} first results of {all}");
        group.bench_function(name, |b| {
            b.iter(|| black_box(db.search(&query, 50).unwrap()).len())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
