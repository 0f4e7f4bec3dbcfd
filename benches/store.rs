//! The store's speed with a large state: 100,000 read marks and 10,000
//! passage bookmarks (half with notes).
//!
//! Targets: recording one change at most 5 ms at the 99th percentile;
//! loading at start at most 50 ms. Criterion reports means and medians, so
//! the percentiles are measured here too, from individually timed calls.
//!
//! `cargo bench --bench store`; set `BYLINE_BENCH_DIR` to measure on another
//! disk (the default is the system's temporary directory).

#![allow(clippy::unwrap_used)]

use std::fs::OpenOptions;
use std::hint::black_box;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};

use byline::article::{ArticleId, Date};
use byline::store::{PassageSelector, StatePaths, Store};

const READ_MARKS: u64 = 100_000;
const BOOKMARKS: u64 = 10_000;

fn id(n: u64) -> ArticleId {
    ArticleId::from_key(&format!("https://example.com/news/{n}"))
}

/// Six paragraphs of plausible length (about 250 characters each).
fn story(n: u64) -> Vec<String> {
    (0..6)
        .map(|p| {
            format!(
                "Paragraph {p} of story {n}: the council met on Tuesday to discuss the new \
                 bridge, and Mayor Ana Ruiz said it would open in the spring of next year, \
                 while critics argued that the cost had doubled since the plan was first \
                 shown to the public at a hearing in city hall."
            )
        })
        .collect()
}

fn bench_dir() -> tempfile::TempDir {
    match std::env::var_os("BYLINE_BENCH_DIR") {
        Some(parent) => tempfile::tempdir_in(parent).unwrap(),
        None => tempfile::tempdir().unwrap(),
    }
}

fn populate(paths: &StatePaths) {
    let mut store = Store::open(paths).unwrap();
    store.batch(|s| {
        for n in 0..READ_MARKS {
            s.set_read(id(n), true);
        }
        for n in 0..BOOKMARKS {
            let paragraphs = story(n);
            // Most bookmarks are one paragraph; every third spans two.
            let range = if n % 3 == 0 { 2..4 } else { 2..3 };
            let selector = PassageSelector::new(&paragraphs, range).unwrap();
            let title = format!("Council weighs the cost of the new bridge, part {n}");
            let bookmark = s.add_passage(id(n), &title, Date::new(2025, 4, 14), selector);
            if n % 2 == 0 {
                s.set_note(bookmark, "worth quoting in the piece on public works");
            }
        }
    });
    store.compact();
    assert!(store.status().is_saved(), "{}", store.status());
}

fn percentiles(mut times: Vec<Duration>) -> String {
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    format!(
        "n={} p50={:.3} ms p99={:.3} ms max={:.3} ms",
        times.len(),
        at(0.50).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3
    )
}

/// What the disk alone costs: appending a line and `fdatasync`, as the store
/// does for every change.
fn disk_floor(dir: &Path) -> String {
    let file = OpenOptions::new()
        .create(true)
        .truncate(true)
        .read(true)
        .write(true)
        .open(dir.join("fsync-probe"))
        .unwrap();
    let line = [b'x'; 80];
    let times = (0..300u64)
        .map(|i| {
            let start = Instant::now();
            file.write_all_at(&line, i * 80).unwrap();
            file.sync_data().unwrap();
            start.elapsed()
        })
        .collect();
    percentiles(times)
}

/// CPU time of this process so far (user and system), from /proc: on a shared
/// machine wall-clock timings include waiting for a core, and this does not.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses and may hold spaces.
    let after = stat.rsplit_once(") ").map_or("", |(_, rest)| rest);
    let fields: Vec<u64> = after
        .split(' ')
        .skip(11)
        .take(2)
        .filter_map(|f| f.parse().ok())
        .collect();
    // Clock ticks are 1/100 s on Linux.
    Duration::from_millis(fields.iter().sum::<u64>() * 10)
}

fn store_benches(c: &mut Criterion) {
    let dir = bench_dir();
    let paths = StatePaths::in_dir(dir.path());
    let start = Instant::now();
    populate(&paths);
    let size = std::fs::metadata(paths.state_file()).unwrap().len();
    eprintln!(
        "state: {READ_MARKS} read marks, {BOOKMARKS} passage bookmarks, {:.1} MB, built in {:.1?}",
        size as f64 / 1e6,
        start.elapsed()
    );
    eprintln!(
        "disk alone (80-byte append + fdatasync): {}",
        disk_floor(dir.path())
    );

    // Dropping the store is not part of starting, so it is kept out of the
    // timings, here and in criterion's.
    let cpu_before = cpu_time();
    let loads = (0..20)
        .map(|_| {
            let start = Instant::now();
            let store = black_box(Store::open(&paths).unwrap());
            let took = start.elapsed();
            drop(store);
            took
        })
        .collect();
    let cpu = (cpu_time() - cpu_before) / 20;
    eprintln!(
        "load at start: {}; CPU time {:.1} ms a load",
        percentiles(loads),
        cpu.as_secs_f64() * 1e3
    );
    c.bench_function("load state at start", |b| {
        b.iter_with_large_drop(|| Store::open(&paths).unwrap())
    });

    let mut store = Store::open(&paths).unwrap();
    let mut next = 1_000_000;
    let mut change = move || {
        next += 1;
        store.set_read(id(next), true);
        debug_assert!(store.status().is_saved());
    };
    let records = (0..500)
        .map(|_| {
            let start = Instant::now();
            change();
            start.elapsed()
        })
        .collect();
    eprintln!("record one change: {}", percentiles(records));
    c.bench_function("record one change", |b| b.iter(&mut change));
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = store_benches
}
criterion_main!(benches);
