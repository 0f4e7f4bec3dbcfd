//! Issue 17's targets for a library of 100,000 stories, each from start to
//! the first frame at 120×40, as a person waits for it:
//!
//! - 100,000 feed stories: the database opened, the list's rows read,
//!   the app made and the first frame drawn (target: at most 200 ms), with
//!   the peak heap while the list is shown (target: at most 100 MB; printed
//!   once);
//! - 100,000 story files unchanged since the last start: the index read,
//!   its rows applied and the first frame drawn (at most 300 ms);
//! - opening a feed story from the 100,000 and drawing it (at most 5 ms);
//! - while 100,000 files load: one batch of 256 applied, a key press and
//!   the redraw (at most 5 ms).
//!
//! Search over 100,000 stories is `cargo bench --bench db -- search`.
//!
//! `cargo bench --bench library` (or `-- feed_stories`, `-- story_files`);
//! everything is built once in a temporary directory before it is measured
//! (`BYLINE_BENCH_DIR` puts it on another disk).

#![allow(clippy::unwrap_used)]

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use byline::app::{App, Msg};
use byline::db::{Db, FeedMeta};
use byline::feed::{CacheLimits, Subscriptions, convert, stored};
use byline::file_index;
use byline::keymap::Key;
use byline::library::{Batch, LoadEvent};
use byline::store::{FeedPaths, StatePaths, Store};
use byline::ui::{Theme, draw};

#[path = "../tests/common/heap.rs"]
mod heap;

#[global_allocator]
static ALLOC: heap::Counting = heap::Counting;

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

fn temp_dir() -> tempfile::TempDir {
    match std::env::var_os("BYLINE_BENCH_DIR") {
        Some(d) => tempfile::tempdir_in(d).unwrap(),
        None => tempfile::tempdir().unwrap(),
    }
}

/// An empty state journal of its own, as at a first start.
fn fresh_store() -> (tempfile::TempDir, Store) {
    let dir = temp_dir();
    let store = Store::open(&StatePaths::in_dir(dir.path())).unwrap();
    (dir, store)
}

fn first_frame(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    t.draw(|f| draw(f, app, &Theme::default())).unwrap();
    t
}

/// A home whose story database holds 100 feeds of 1,000 stories, each of
/// six paragraphs, and feeds.toml subscribing to them: as benches/feeds.rs
/// builds it for `list_100000`.
fn home_of_100000() -> (tempfile::TempDir, FeedPaths, Subscriptions) {
    let dir = temp_dir();
    let paths = FeedPaths::in_dir(dir.path());
    let mut db = Db::open(&paths.database).db;
    let mut subs = Subscriptions::default();
    let limits = CacheLimits {
        max_age_days: 100_000,
        max_stories_per_feed: 1000,
    };
    for f in 0..100 {
        let url = format!("https://feed{f}.example/rss");
        subs.add(&url, Some(&format!("Feed {f}"))).unwrap();
        let stories = (0..1000)
            .map(|n| convert::Story {
                key: format!("guid:{n}"),
                title: format!("Council debates bridge plan, part {n} of feed {f}"),
                author: Some("Ana Ruiz".to_string()),
                published: Some(1_700_000_000 + i64::from(n) * 600 + i64::from(f)),
                link: Some(format!("https://feed{f}.example/{n}")),
                paragraphs: (0..6)
                    .map(|p| {
                        format!(
                            "Paragraph {p}: the council met on Tuesday to discuss the new \
                             bridge, and Mayor Ana Ruiz said it would open in the spring. \
                             \"We will build it when we can pay for it,\" said Tom Becker."
                        )
                    })
                    .collect(),
                first_seen: 1_700_000_000,
            })
            .collect();
        db.merge_feed(&url, &FeedMeta::default(), stories, 1_800_000_000, limits)
            .unwrap();
    }
    subs.save(&paths.subscriptions).unwrap();
    (dir, paths, subs)
}

fn feed_stories(c: &mut Criterion) {
    let (_home, paths, subs) = home_of_100000();
    let start = |store: Store| {
        let (library, notices) = stored::library(&paths, &subs);
        assert!(notices.is_empty(), "{notices:?}");
        let app = App::with_store(library, store, WIDTH, HEIGHT);
        let t = first_frame(&app);
        (app, t)
    };

    // Once, outside the measurement: the most heap taken from start to the
    // first frame, and what stays while the list is shown. SQLite's page
    // cache (C's malloc, 2 MB at most by default) is not counted.
    let (_dir, store) = fresh_store();
    let before = heap::live();
    let (peak, (app, t)) = heap::peak_of(|| start(store));
    let held = heap::live().saturating_sub(before);
    assert_eq!(app.library.articles.len(), 100_000);
    println!(
        "first frame of 100,000 feed stories: peak heap {:.1} MB, {:.1} MB held while shown",
        peak as f64 / 1e6,
        held as f64 / 1e6
    );
    drop((app, t));

    let mut group = c.benchmark_group("library");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("feed_stories: first frame of 100,000 at 120x40", |b| {
        b.iter_batched(
            fresh_store,
            |(dir, store)| (start(store), dir),
            BatchSize::PerIteration,
        );
    });

    // Opening a story: its text read from the database, its analysis kept
    // there by the first opening, wrapped and drawn.
    let (_dir, store) = fresh_store();
    let (mut app, mut t) = start(store);
    let row = 5000;
    app.open(row);
    assert!(app.reader.is_some(), "the story opens");
    group.bench_function("feed_stories: open one of 100,000 and draw it", |b| {
        b.iter(|| {
            app.open(row);
            t.draw(|f| draw(f, &app, &Theme::default())).unwrap();
        });
    });
    group.finish();
}

/// A small story file, different per index: a title, a date, a source and
/// three short paragraphs (about 600 bytes).
fn small_story(i: usize) -> String {
    let day = i % 28 + 1;
    let month = i % 12 + 1;
    let year = 2000 + i % 25;
    let mut s = format!(
        "title Council meeting number {i} approves the budget\nsource Bench Courier\n\
         date {year}-{month:02}-{day:02} Springfield - The council met on Monday.\n\n"
    );
    for p in 0..3 {
        s.push_str(&format!(
            "\"We will look at every line of spending,\" said Mayor Ana Ruiz-Lagos in \
             paragraph {p} of story {i}, adding that the reserves were healthy.\n\n"
        ));
    }
    s
}

/// 100,000 story files in 100 folders, indexed once through the background
/// checker as at a first start; returns what it sent (the stories, read, in
/// batches of 256).
fn files_of_100000(root: &Path, db_path: &Path) -> Vec<Batch> {
    for d in 0..100 {
        let dir = root.join(format!("folder_{d:02}"));
        fs::create_dir_all(&dir).unwrap();
        for n in 0..1000 {
            let i = d * 1000 + n;
            fs::write(dir.join(format!("story_{i:06}.txt")), small_story(i)).unwrap();
        }
    }
    let (tx, rx) = std::sync::mpsc::channel();
    file_index::check_in_background(
        vec![root.to_path_buf()],
        db_path.to_path_buf(),
        file_index::Known::default(),
        move |e| tx.send(e).is_ok(),
    )
    .join()
    .unwrap();
    let batches: Vec<Batch> = rx
        .into_iter()
        .filter_map(|e| match e {
            LoadEvent::Batch(b) if !b.articles.is_empty() => Some(b),
            _ => None,
        })
        .collect();
    let read: usize = batches.iter().map(|b| b.articles.len()).sum();
    assert_eq!(read, 100_000);
    batches
}

fn story_files(c: &mut Criterion) {
    let dir = temp_dir();
    let root = dir.path().join("stories");
    let db_path = dir.path().join("library.db");
    let started = Instant::now();
    let batches = files_of_100000(&root, &db_path);
    eprintln!(
        "wrote and indexed 100,000 story files in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let roots = vec![root.clone()];

    // As the reader starts on story files: the index read, the rows shown
    // at once (the check for changes then runs behind them).
    let start = |store: Store| {
        let db = Db::open(&db_path).db;
        let (rows, known) = file_index::rows(&db, &roots);
        let mut app = App::loading_with_store(store, WIDTH, HEIGHT);
        app.update(Msg::Loaded(LoadEvent::Batch(rows)));
        let t = first_frame(&app);
        (app, t, known)
    };
    let (_store_dir, store) = fresh_store();
    let before = heap::live();
    let (peak, (app, t, known)) = heap::peak_of(|| start(store));
    let held = heap::live().saturating_sub(before);
    assert_eq!(app.library.articles.len(), 100_000);
    assert_eq!(known.len(), 100_000);
    println!(
        "first frame of 100,000 indexed story files: peak heap {:.1} MB, {:.1} MB held while shown",
        peak as f64 / 1e6,
        held as f64 / 1e6
    );
    drop((app, t, known));

    let mut group = c.benchmark_group("library");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function(
        "story_files: first frame of 100,000 unchanged at 120x40",
        |b| {
            b.iter_batched(
                fresh_store,
                |(dir, store)| (start(store), dir),
                BatchSize::PerIteration,
            );
        },
    );

    // While a first start reads the 100,000 files: all but the last full
    // batch are in; each iteration applies that batch (the list re-sorts),
    // presses a key and redraws, then, outside the measurement, takes the
    // batch away again so the list stays at 99,584 to 99,840 stories.
    let (_store_dir, store) = fresh_store();
    let mut app = App::loading_with_store(store, WIDTH, HEIGHT);
    app.update(Msg::Loaded(LoadEvent::Found(100_000)));
    let (last, loaded) = batches[..390].split_last().unwrap();
    for batch in loaded {
        app.update(Msg::Loaded(LoadEvent::Batch(batch.clone())));
    }
    assert_eq!(last.articles.len(), 256);
    let paths: HashSet<PathBuf> = last
        .articles
        .iter()
        .filter_map(|a| match &a.origin {
            byline::article::Origin::File(p) => Some(p.clone()),
            _ => None,
        })
        .collect();
    let mut t = first_frame(&app);
    let mut down = true;
    // The whole of it, then its parts, to see where the time goes.
    for (name, batch, key, redraw) in [
        (
            "a batch of 256, a key press and the redraw",
            true,
            true,
            true,
        ),
        ("a batch of 256 applied", true, false, false),
        ("a key press", false, true, false),
        ("a redraw", false, false, true),
    ] {
        let name = format!("story_files: while 100,000 load, {name}");
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    let arrived = last.clone();
                    let k = if down { 'j' } else { 'k' };
                    down = !down;
                    let began = Instant::now();
                    if batch {
                        app.update(Msg::Loaded(LoadEvent::Batch(arrived)));
                    }
                    if key {
                        app.update(Msg::Key(Key::char(k)));
                    }
                    if redraw {
                        t.draw(|f| draw(f, &app, &Theme::default())).unwrap();
                    }
                    spent += began.elapsed();
                    if batch {
                        app.update(Msg::Loaded(LoadEvent::Removed(paths.clone())));
                    }
                }
                spent
            });
        });
    }
    group.finish();
}

criterion_group!(benches, feed_stories, story_files);
criterion_main!(benches);
