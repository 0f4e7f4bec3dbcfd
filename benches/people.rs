//! The people index over 100,000 stories: building it from their analyses,
//! listing everyone, and what `byline quotes --speaker NAME` asks of it.
//!
//! The analyses are generated, not made by the analysis (its own benchmark
//! times that): a few people a story, some by surname only, names spelt
//! with and without accents, a few quotations each, popular names far more
//! often than rare ones, as in the news.

use std::hint::black_box;

use byline::analysis::{Analysis, Person, Quote, Span};
use byline::article::{ArticleId, Date};
use byline::people::{People, StoryInfo};
use criterion::{Criterion, criterion_group, criterion_main};

const STORIES: u64 = 100_000;

/// A small deterministic generator (xorshift), so every run indexes the
/// same library.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Below `n`, small numbers far more often: popular people.
    fn skewed(&mut self, n: usize) -> usize {
        let r = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        ((r * r * r) * n as f64) as usize
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "ro", "vel", "mar", "ti", "nez", "os", "ber", "li", "sa", "dú", "an", "qui", "tó", "lem",
    "ra",
];

fn word(mut n: usize, parts: usize) -> String {
    let mut w = String::new();
    for _ in 0..parts {
        w.push_str(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
    }
    let mut chars = w.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

struct Input {
    info: StoryInfo,
    paragraphs: Vec<String>,
    analysis: Analysis,
}

/// One story: 3 to 6 people, one in four by surname only, the accents
/// dropped now and then, three quotations attributed and one not.
fn story(rng: &mut Rng, n: u64) -> Input {
    let mut paragraphs = Vec::new();
    let mut people = Vec::new();
    let mut quotes = Vec::new();
    let count = 3 + rng.below(4);
    for _ in 0..count {
        let family = word(rng.skewed(20_000), 4);
        let full = format!("{} {family}", word(rng.skewed(2_000), 3));
        let mut name = if rng.below(4) == 0 {
            family.clone()
        } else {
            full
        };
        if rng.below(8) == 0 {
            name = name.replace('ú', "u").replace('ó', "o");
        }
        let para = paragraphs.len();
        let text = format!("{name} spoke, and {family} said more.");
        let second = text.len() - family.len() - " said more.".len();
        people.push(Person {
            mentions: vec![
                Span {
                    para,
                    range: 0..name.len(),
                },
                Span {
                    para,
                    range: second..second + family.len(),
                },
            ],
            name,
        });
        paragraphs.push(text);
    }
    for q in 0..4 {
        let text = format!("\"This is quotation {q} of story {n}, said plainly.\"");
        quotes.push(Quote {
            span: Span {
                para: paragraphs.len(),
                range: 0..text.len(),
            },
            speaker: (q < 3).then(|| rng.below(count)),
        });
        paragraphs.push(text);
    }
    let date = Date::new(
        2020 + (n % 6) as u16,
        1 + (n % 12) as u8,
        1 + (n % 28) as u8,
    );
    Input {
        info: StoryInfo {
            id: ArticleId::from_key(&format!("story {n}")),
            title: format!("Story number {n}"),
            date,
            source: Some(format!("Source {}", n % 20)),
            origin: format!("stories/{n}.txt"),
        },
        paragraphs,
        analysis: Analysis { people, quotes },
    }
}

fn library() -> Vec<Input> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    (0..STORIES).map(|n| story(&mut rng, n)).collect()
}

fn build(inputs: &[Input]) -> People {
    let mut people = People::new();
    for s in inputs {
        let texts: Vec<&str> = s.paragraphs.iter().map(String::as_str).collect();
        people.add(s.info.clone(), &s.analysis, &texts);
    }
    people
}

fn bench(c: &mut Criterion) {
    let inputs = library();
    let mut group = c.benchmark_group("people");
    group.sample_size(10);
    // Without the drop, which is the allocator's: an index is built once
    // and kept.
    group.bench_function("build the index of 100,000 stories", |b| {
        b.iter_with_large_drop(|| build(black_box(&inputs)));
    });
    let people = build(&inputs);
    let persons = people.persons();
    let quoted: usize = persons.iter().map(|p| p.quotations).sum();
    println!(
        "{} stories: {} people, {quoted} quotations attributed",
        people.len(),
        persons.len()
    );
    // The most named person: the longest answer --speaker can give.
    let busiest = persons
        .iter()
        .max_by_key(|p| p.stories.len())
        .map(|p| p.name.clone())
        .unwrap_or_default();
    println!("busiest: {busiest}");
    group.bench_function("every person of 100,000 stories", |b| {
        b.iter(|| black_box(people.persons()));
    });
    group.bench_function("what the most named person said (--speaker)", |b| {
        b.iter(|| {
            let found = people.find(black_box(&busiest.to_lowercase()));
            let said: usize = found.iter().map(|&p| people.quotations_of(p).len()).sum();
            black_box(said)
        });
    });
    group.sample_size(100);
    let mut kept = people.clone();
    let last = inputs.last().map(|s| s.info.id);
    group.bench_function("take a story out and put it back", |b| {
        b.iter(|| {
            if let (Some(id), Some(s)) = (last, inputs.last()) {
                kept.remove(id);
                let texts: Vec<&str> = s.paragraphs.iter().map(String::as_str).collect();
                kept.add(s.info.clone(), &s.analysis, &texts);
            }
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
