//! The reader's speed targets: opening a large library to the first frame,
//! and one key press to a full redraw.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::hint::black_box;

use byline::app::{App, Msg};
use byline::keymap::Key;
use byline::library::{Library, load_in_background};
use byline::ui::{Theme, draw};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// A story of a few hundred words, different per index.
fn story(i: usize) -> String {
    let day = i % 28 + 1;
    let month = i % 12 + 1;
    let mut s = format!(
        "title Council meeting number {i} approves the budget\nsource Bench Courier\ndate 2025-{month:02}-{day:02} Springfield - The council met on Monday for the {i}th time.\n\n"
    );
    for p in 0..8 {
        s.push_str(&format!(
            "\"We will look at every line of spending,\" said Mayor Ana Ruiz-Lagos in paragraph {p}, adding that the town's reserves were healthy and that residents would be consulted before any change to the bus routes or the library hours.\n\n"
        ));
    }
    s
}

fn open_library(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..10_000 {
        fs::write(dir.path().join(format!("story_{i:05}.txt")), story(i)).unwrap();
    }
    let paths = vec![dir.path().to_path_buf()];
    let mut group = c.benchmark_group("reader");
    group.sample_size(10);
    // What a person waits for: the first frame, drawn as soon as the first
    // batch of stories has arrived from the background loader.
    group.bench_function("open 10,000 stories and draw the first frame", |b| {
        b.iter(|| {
            let (tx, rx) = std::sync::mpsc::channel();
            let loader =
                load_in_background(paths.clone(), move |e| tx.send(Msg::Loaded(e)).is_ok());
            let mut app = App::loading(120, 40);
            app.update(Msg::Resize {
                width: 120,
                height: 40,
            });
            while app.library.articles.is_empty() {
                app.update(rx.recv().unwrap());
            }
            let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
            t.draw(|f| draw(f, &app, &Theme::default())).unwrap();
            black_box(t);
            drop(rx);
            loader.join().unwrap();
        });
    });
    group.bench_function("read all 10,000 stories", |b| {
        b.iter(|| black_box(Library::load(black_box(&paths))));
    });
    group.finish();
}

fn key_to_redraw(c: &mut Criterion) {
    let mut app = App::new(Library::bundled(), 200, 60);
    app.update(Msg::Resize {
        width: 200,
        height: 60,
    });
    app.update(Msg::Key(Key::plain(byline::keymap::KeyCode::Enter)));
    let mut t = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let mut down = true;
    c.bench_function("reader/key press to full redraw at 200x60", |b| {
        b.iter(|| {
            // Alternate so every iteration really moves.
            let k = if down { 'j' } else { 'k' };
            down = !down;
            app.update(Msg::Key(Key::char(k)));
            t.draw(|f| draw(f, &app, &Theme::default())).unwrap();
        });
    });
}

/// A 5,000-word story in the seed's style: quotes, people, a caption.
fn long_story() -> String {
    let mut s = String::from(
        "title A long council story\ndate 2026-02-02 Springfield - Mayor Ana Ruiz-Lagos said on Monday that the budget would pass.\n\n",
    );
    let paragraphs = [
        "\"We will look at every line of spending,\" Ruiz-Lagos told reporters, adding that the town's reserves were healthy and that Councilman Tom Becker had agreed to the plan.",
        "Becker, 61, a retired teacher, said the library hours would not change. \"Nobody wants to close a library in winter,\" he said.",
        "The council meets again in Jackson next month, according to clerk Maria da Silva, who said the agenda would be published on Friday.",
        "Residents lined up outside the hall on Monday evening. © JANE DOE / SPRINGFIELD PHOTO",
    ];
    let mut words = 0;
    let mut i = 0;
    while words < 5_000 {
        let p = paragraphs[i % paragraphs.len()];
        words += p.split_whitespace().count();
        s.push_str(p);
        s.push_str("\n\n");
        i += 1;
    }
    s
}

fn open_long_story(c: &mut Criterion) {
    let article = byline::article::parse(
        &long_story(),
        byline::article::Format::Plain,
        byline::article::Origin::Bundled("long.txt"),
        "long",
    );
    let mut lib = Library::default();
    lib.add(byline::library::Batch {
        articles: vec![article],
        problems: Vec::new(),
    });
    let mut app = App::new(lib, 120, 40);
    app.update(Msg::Resize {
        width: 120,
        height: 40,
    });
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
    c.bench_function(
        "reader/open a 5,000-word story (analysis, wrapping, first draw)",
        |b| {
            b.iter(|| {
                // Opening analyses and wraps from scratch every time.
                app.open(0);
                t.draw(|f| draw(f, &app, &Theme::default())).unwrap();
            });
        },
    );
}

/// What a configuration file adds to starting: reading it (parse and
/// apply every setting) and handing it to the app. The file is the longest
/// a user is likely to have: `byline config`'s whole output, every key and
/// colour set. The target is under 2 ms.
fn config_startup(c: &mut Criterion) {
    use byline::config::{Config, Env};
    let dir = tempfile::tempdir().unwrap();
    let env = Env {
        save_dir: dir.path().join("saved"),
        color: true,
        ..Env::default()
    };
    let full = Config::defaults(&env).to_toml(Default::default());
    let file = dir.path().join("config.toml");
    fs::write(&file, &full).unwrap();
    let mut app = App::new(Library::default(), 120, 40);
    c.bench_function(
        "reader/start with a full config.toml (read, parse, apply)",
        |b| {
            b.iter(|| {
                let (config, errors) = byline::config::load(&file, false, &env);
                assert!(errors.is_empty());
                app.keymap = config.keymap;
                app.settings = config.settings;
                black_box((&app.keymap, config.theme));
            });
        },
    );
    let missing = dir.path().join("none.toml");
    c.bench_function("reader/start without a config.toml (defaults)", |b| {
        b.iter(|| {
            let (config, _) = byline::config::load(&missing, false, &env);
            app.keymap = config.keymap;
            app.settings = config.settings;
            black_box((&app.keymap, config.theme));
        });
    });
}

/// 100,000 small stories in memory, from four sources, newest first.
fn app_of_100000(width: u16, height: u16) -> App {
    let articles: Vec<byline::article::Article> = (0..100_000)
        .map(|i| {
            let text = format!(
                "title Story number {i}\nsource Source {}\ndate 2025-{:02}-{:02} Town - Lead {i}.\n\nMore.\n",
                i % 4,
                i % 12 + 1,
                i % 28 + 1
            );
            byline::article::parse(
                &text,
                byline::article::Format::Plain,
                byline::article::Origin::Bundled("bench"),
                "bench",
            )
        })
        .collect();
    let mut library = Library::default();
    library.add(byline::library::Batch {
        articles,
        problems: Vec::new(),
    });
    let mut app = App::new(library, width, height);
    app.update(Msg::Resize { width, height });
    app
}

/// Issue 16's targets: next unread and mark all read over 100,000 stories
/// (at most 20 ms each), a key press to a full redraw at 200x60 with
/// 100,000 listed (at most 2 ms), and searching a 50,000-word story as a
/// letter is typed (at most 5 ms).
fn daily_reading(c: &mut Criterion) {
    let mut app = app_of_100000(200, 60);
    assert_eq!(app.library.articles.len(), 100_000);
    let mut group = c.benchmark_group("reader");
    // Every story but the last row read: the search for the next unread
    // goes through the whole list, round from the top.
    app.update(Msg::Key(Key::char('A')));
    let last = app.list_article(app.list_len() - 1).unwrap();
    let last_id = app.library.articles[last].id;
    app.store.set_read(last_id, false);
    group.bench_function(
        "next unread among 100,000 (the last row the only one)",
        |b| {
            b.iter(|| black_box(app.next_unread()));
        },
    );
    app.store.set_read(last_id, true);
    app.update(Msg::Key(Key::char('u')));
    group.bench_function("mark all 100,000 shown read (A)", |b| {
        b.iter_custom(|iters| {
            let mut spent = std::time::Duration::ZERO;
            for _ in 0..iters {
                let start = std::time::Instant::now();
                app.update(Msg::Key(Key::char('A')));
                spent += start.elapsed();
                // Undone outside the clock, so every A marks them all again.
                app.update(Msg::Key(Key::char('u')));
            }
            spent
        });
    });
    let mut t = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let mut down = true;
    group.bench_function("key press to full redraw at 200x60, 100,000 listed", |b| {
        b.iter(|| {
            let k = if down { 'j' } else { 'k' };
            down = !down;
            app.update(Msg::Key(Key::char(k)));
            t.draw(|f| draw(f, &app, &Theme::default())).unwrap();
        });
    });
    group.finish();

    let mut text = String::from("title A very long story\ndate 2026-01-01 Town - Lead.\n\n");
    let mut words = 0;
    while words < 50_000 {
        let p = "The harbour board met on Tuesday and the ferry trial was approved by a vote of five to two.";
        words += p.split_whitespace().count();
        text.push_str(p);
        text.push_str("\n\n");
    }
    let article = byline::article::parse(
        &text,
        byline::article::Format::Plain,
        byline::article::Origin::Bundled("long"),
        "long",
    );
    let mut lib = Library::default();
    lib.add(byline::library::Batch {
        articles: vec![article],
        problems: Vec::new(),
    });
    let mut app = App::new(lib, 120, 40);
    app.update(Msg::Resize {
        width: 120,
        height: 40,
    });
    app.update(Msg::Key(Key::plain(byline::keymap::KeyCode::Enter)));
    app.update(Msg::Key(Key::char('/')));
    app.update(Msg::Key(Key::char('f')));
    let mut typed = true;
    c.bench_function(
        "reader/search a 50,000-word story as a letter is typed",
        |b| {
            b.iter(|| {
                // "fe" and back to "f": each key searches the whole story again.
                let key = if typed {
                    Key::char('e')
                } else {
                    Key::plain(byline::keymap::KeyCode::Backspace)
                };
                typed = !typed;
                app.update(Msg::Key(key));
            });
        },
    );
    let found = app.reader.as_ref().and_then(|r| r.search.as_ref());
    assert!(found.is_some_and(|s| !s.matches.is_empty()));
}

criterion_group!(
    benches,
    open_library,
    key_to_redraw,
    open_long_story,
    config_startup,
    daily_reading
);
criterion_main!(benches);
