//! Throughput and peak heap of the analysis on generated news-like text.

use std::hint::black_box;

use byline::analysis::analyze;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const GIVEN: &[&str] = &[
    "Amara", "Helen", "Kenji", "Morgan", "Jackson", "Rosa", "Tomás", "Ayşe", "Pieter", "Omar",
    "Priya", "Callum", "Giulia", "Dmytro", "Marisol", "Victor",
];
const FAMILY: &[&str] = &[
    "Okonkwo",
    "Marchetti",
    "Watanabe",
    "Reyes",
    "Pryor",
    "Kimball",
    "Ibarra",
    "Yılmaz",
    "van der Meulen",
    "al-Masri",
    "Raghunathan",
    "Bell",
    "Ferraro",
    "Kovalenko",
    "Echeverría",
    "Haddad",
];
const PLACES: &[&str] = &[
    "Washington",
    "El Salvador",
    "Jackson, Mississippi",
    "Lagos",
    "São Paulo",
    "the White House",
    "Getty Images",
    "Morgan Stanley",
    "the Oval Office",
    "Johnson & Johnson",
];

#[path = "../tests/common/heap.rs"]
mod heap;

/// The analysis's own heap can be told apart from the text it is given
/// (the resident size of the whole program mixes the two).
#[global_allocator]
static ALLOC: heap::Counting = heap::Counting;

/// Heap the analysis of `refs` adds at its peak, its result included.
fn report_peak_heap(label: &str, refs: &[&str], bytes: usize) {
    let before = heap::live();
    let (peak, a) = heap::peak_of(|| black_box(analyze(black_box(refs))));
    let kept = heap::live() - before;
    drop(a);
    println!(
        "{label}: analysis peak {:.1} MB over the text ({:.2}x its {:.1} MB), result {:.1} MB",
        peak as f64 / 1e6,
        peak as f64 / bytes as f64,
        bytes as f64 / 1e6,
        kept as f64 / 1e6,
    );
}

/// Deterministic pseudo-random numbers (an LCG), so every run measures the same text.
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.next(xs.len())]
    }
}

fn sentence(r: &mut Rng) -> String {
    let g = r.pick(GIVEN);
    let f = r.pick(FAMILY);
    let place = r.pick(PLACES);
    match r.next(10) {
        0 => format!("\"We will not stop until the work is done in {place},\" {f} said."),
        1 => format!("President {g} {f} met officials from {place} on Monday."),
        2 => format!("{g} {f}, 61, a retired teacher, said: \"Half the people here don't drive.\""),
        3 => "“It was over in less than a minute,” she said.".to_string(),
        4 => format!("The council voted 5-2 to extend the hours, according to {f}."),
        5 => format!("{f}'s office said the plan, which critics called \"a bribe\", would pass."),
        6 => format!("Shares of {place} fell 3.1 percent after the report on Thursday."),
        7 => format!("\"Who signed off on this?\" asked {g} {f}, the committee chair."),
        8 => format!("{f} told reporters in {place} that the deal was off."),
        _ => format!("The self-styled \"people's mayor\" of {place} is running again."),
    }
}

/// Paragraphs of two to four sentences, until `bytes` is reached.
fn story(bytes: usize, seed: u64) -> Vec<String> {
    let mut r = Rng(seed);
    let mut paras = Vec::new();
    let mut total = 0;
    while total < bytes {
        let n = 2 + r.next(3);
        let p: Vec<String> = (0..n).map(|_| sentence(&mut r)).collect();
        let p = p.join(" ");
        total += p.len() + 1;
        paras.push(p);
    }
    paras
}

fn words(paras: &[String]) -> usize {
    paras.iter().map(|p| p.split_whitespace().count()).sum()
}

/// CPU time this thread has run, in nanoseconds (Linux), so that a figure can
/// be given that does not depend on how busy a shared machine is.
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn report_cpu_throughput(label: &str, refs: &[&str], bytes: usize, runs: u32) {
    let Some(start) = cpu_ns() else { return };
    for _ in 0..runs {
        black_box(analyze(black_box(refs)));
    }
    let Some(end) = cpu_ns() else { return };
    let secs = (end - start) as f64 / 1e9 / f64::from(runs);
    println!(
        "{label}: {:.3} ms of CPU per analysis, {:.1} MB/s of CPU time ({} bytes)",
        secs * 1e3,
        bytes as f64 / 1e6 / secs,
        bytes
    );
}

fn bench(c: &mut Criterion) {
    // A huge story, as one would open it: memory only, timing it would take long.
    {
        let body = story(50_000_000, 3);
        let refs: Vec<&str> = body.iter().map(String::as_str).collect();
        let bytes: usize = body.iter().map(|p| p.len() + 1).sum();
        report_peak_heap("50MB story", &refs, bytes);
    }
    let body = story(5_000_000, 1);
    let refs: Vec<&str> = body.iter().map(String::as_str).collect();
    let bytes: usize = body.iter().map(|p| p.len() + 1).sum();
    report_cpu_throughput("5MB body", &refs, bytes, 5);
    report_peak_heap("5MB body", &refs, bytes);
    let mut g = c.benchmark_group("analysis");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("5MB body", |b| b.iter(|| analyze(black_box(&refs))));
    // The same text as the stories it would come in: 25 paragraphs each
    // (about 5 kB), as `byline analyze` sees a folder of files.
    let stories: Vec<&[&str]> = refs.chunks(25).collect();
    g.bench_function("5MB as stories", |b| {
        b.iter(|| {
            for s in &stories {
                black_box(analyze(black_box(s)));
            }
        })
    });
    g.finish();

    // A long story: 5,000 words.
    let mut long = story(32_000, 2);
    while words(&long) > 5_000 {
        long.pop();
    }
    let refs: Vec<&str> = long.iter().map(String::as_str).collect();
    let long_bytes: usize = long.iter().map(|p| p.len() + 1).sum();
    report_cpu_throughput(&format!("{} words", words(&long)), &refs, long_bytes, 500);
    let mut g = c.benchmark_group("story");
    g.throughput(Throughput::Bytes(
        long.iter().map(|p| p.len() as u64 + 1).sum(),
    ));
    g.bench_function(format!("{} words", words(&long)), |b| {
        b.iter(|| analyze(black_box(&refs)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
