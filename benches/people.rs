//! The people index over 100,000 stories: building it from their analyses,
//! listing everyone, and what `byline quotes --speaker NAME` asks of it.
//!
//! The analyses are generated, not made by the analysis (its own benchmark
//! times that): a few people a story, some by surname only, names spelt
//! with and without accents, a few quotations each, popular names far more
//! often than rare ones, as in the news.

use std::hint::black_box;

use byline::analysis::{Analysis, Attribution, Person, Quote, QuoteKind, Span};
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
            attribution: if q < 3 {
                Attribution::Speaker(rng.below(count))
            } else {
                Attribution::Unknown
            },
            kind: QuoteKind::Speech,
        });
        paragraphs.push(text);
    }
    let date = Date::new(
        2020 + (n % 6) as u16,
        1 + (n % 12) as u8,
        1 + (n % 28) as u8,
    );
    Input {
        info: StoryInfo::listed(
            ArticleId::from_key(&format!("story {n}")),
            &format!("Story number {n}"),
            date,
            Some(&format!("Source {}", n % 20)),
            byline::article::Origin::File(format!("stories/{n}.txt").into()),
        ),
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
    view(&mut group, &people);
    group.sample_size(100);
    let mut kept = people.clone();
    let last = inputs.last().map(|s| s.info.id());
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

/// The people view (`W`) over the index of 100,000 stories, as the reader
/// shows it at 120x40: its first screen, and a letter typed into its
/// filter, each with the frame drawn after it.
fn view(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    people: &People,
) {
    use byline::app::{App, Msg};
    use byline::keymap::Key;
    use byline::keymap::KeyCode;
    use byline::library::Library;
    use byline::ui::{Theme, draw};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    let theme = Theme::default();
    let mut app = App::new(Library::default(), 120, 40);
    app.people = people.clone();
    let mut t = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
    let press = |app: &mut App, key: Key| {
        app.update(Msg::Key(key));
    };
    group.bench_function("people view: first screen over 100,000 stories", |b| {
        b.iter(|| {
            press(&mut app, Key::char('W'));
            t.draw(|f| draw(f, &app, &theme)).expect("drawn");
            assert!(app.people_view().is_some(), "the view is open");
            press(&mut app, Key::plain(KeyCode::Esc));
        });
    });
    press(&mut app, Key::char('W'));
    press(&mut app, Key::char('/'));
    press(&mut app, Key::char('m'));
    let app = std::cell::RefCell::new(app);
    group.bench_function("people view: a letter typed into the filter", |b| {
        b.iter_batched(
            || press(&mut app.borrow_mut(), Key::plain(KeyCode::Backspace)),
            |()| {
                let mut app = app.borrow_mut();
                press(&mut app, Key::char('a'));
                t.draw(|f| draw(f, &app, &theme)).expect("drawn");
            },
            criterion::BatchSize::SmallInput,
        );
    });
}

criterion_group!(benches, bench);
criterion_main!(benches, background, command);

// Item 5 of issue 14: the index kept up to date behind the reader. 10,000
// story files listed as rows (as the file index gives them), each read,
// analysed and kept in the story database by the reader's one background
// thread, every batch applied to the app as the UI thread does; then the
// same with every analysis stored. `cargo bench --bench people -- background`.

const BACKGROUND_STORIES: usize = 10_000;

const GIVEN: &[&str] = &[
    "Amara", "Helen", "Kenji", "Morgan", "Rosa", "Tomás", "Ayşe", "Pieter", "Omar", "Priya",
    "Callum", "Giulia", "Dmytro", "Marisol", "Victor", "Ingrid",
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
    "Solheim",
    "Bell",
    "Ferraro",
    "Kovalenko",
    "Echeverría",
    "Haddad",
    "Alvarado",
    "Voss",
];
const ROLES: &[&str] = &["chair", "spokeswoman", "director", "treasurer", "head"];
const BODIES: &[&str] = &[
    "harbour board",
    "fishermen's association",
    "county council",
    "water authority",
    "tenants' union",
];
const SAID: &[&str] = &[
    "We have waited long enough for a decision that works for everyone",
    "The numbers simply do not add up, and the council knows it",
    "Nobody here wants to see the service cut again this winter",
    "This is a fair settlement and we intend to honour it",
];
const FILLER: &[&str] = &[
    "The plan, first put forward two years ago, would cost about 400,000 crowns a year.",
    "Residents packed the hall on Tuesday evening, and some stood outside in the rain.",
    "A vote is expected before the end of the month, after a second public hearing.",
    "Opponents say the money would be better spent on repairs to the old quay.",
    "The ferry now stops running at six, long before the last boats come in.",
];

/// A news story of some 3 KB: a lead, then for each of three to six people
/// a quotation with its attribution, a paragraph of background and now and
/// then a second mention by surname.
fn news_story(rng: &mut Rng, n: usize) -> String {
    let mut text = format!(
        "title Story {n}: the harbour plan\nsource Bench Gazette\ndate 2026-{:02}-{:02} Port Ellery - {}\n\n",
        1 + n % 12,
        1 + n % 28,
        FILLER[rng.below(FILLER.len())]
    );
    for i in 0..3 + rng.below(4) {
        let given = GIVEN[rng.below(GIVEN.len())];
        let family = FAMILY[rng.skewed(FAMILY.len())];
        text.push_str(&format!(
            "\"{},\" said {given} {family}, the {} of the {}.\n\n",
            SAID[rng.below(SAID.len())],
            ROLES[rng.below(ROLES.len())],
            BODIES[rng.below(BODIES.len())],
        ));
        for _ in 0..3 {
            text.push_str(FILLER[rng.below(FILLER.len())]);
            text.push(' ');
        }
        text.push_str("\n\n");
        if i % 2 == 0 {
            text.push_str(&format!(
                "{family} added that the board would look again next year. \"{}.\"\n\n",
                SAID[rng.below(SAID.len())]
            ));
        }
    }
    text
}

/// The story files and their rows without text, as the file index lists them.
fn story_rows(dir: &std::path::Path) -> Vec<byline::article::Article> {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    (0..BACKGROUND_STORIES)
        .map(|n| {
            let path = dir.join(format!("{n:05}.txt"));
            std::fs::write(&path, news_story(&mut rng, n)).expect("writing a story");
            let mut row = byline::library::read_story(&path, byline::article::Format::Plain)
                .expect("reading a story");
            row.paragraphs = Vec::new();
            row.stub = Some(byline::article::Stub::File(byline::article::Format::Plain));
            row
        })
        .collect()
}

/// What the run took: in all, and on the UI thread per batch.
struct Run {
    total: std::time::Duration,
    batches: usize,
    ui_max: std::time::Duration,
    ui_total: std::time::Duration,
    app: byline::app::App,
}

/// The reader's start with `rows` listed: the app asks for the analysis,
/// the shell's analyser does it, and each batch is applied as it comes.
fn catch_up(rows: &[byline::article::Article], db: &std::path::Path) -> Run {
    use byline::app::{Analyser, App, Effect, Msg};
    let opened = byline::db::Db::open(db);
    let mut library = byline::library::Library::default();
    library.bodies = Some(std::sync::Arc::new(byline::feed::stored::Stories::new(
        opened.db,
    )));
    library.add(byline::library::Batch {
        articles: rows.to_vec(),
        problems: Vec::new(),
    });
    let mut app = App::new(library, 120, 40);
    let started = std::time::Instant::now();
    let asked = app.analyse_library();
    let (send, got) = std::sync::mpsc::channel();
    let analyser = Analyser::start(move |msg| send.send(msg).is_ok());
    for effect in asked {
        if let Effect::Analyse(job) = effect {
            analyser.push(job);
        }
    }
    let (mut batches, mut ui_max, mut ui_total) =
        (0, std::time::Duration::ZERO, std::time::Duration::ZERO);
    while let Ok(msg) = got.recv() {
        let done = matches!(msg, Msg::Analysed { left: 0, .. });
        let t = std::time::Instant::now();
        app.update(msg);
        let took = t.elapsed();
        ui_max = ui_max.max(took);
        ui_total += took;
        batches += 1;
        if done && app.people.len() == rows.len() {
            break;
        }
    }
    let total = started.elapsed();
    drop(analyser);
    Run {
        total,
        batches,
        ui_max,
        ui_total,
        app,
    }
}

fn report(label: &str, run: &Run) {
    let n = BACKGROUND_STORIES as f64;
    println!(
        "{label}: {:.2} s for {BACKGROUND_STORIES} stories ({:.0} µs a story; 100,000 would take {:.0} s), \
         {} batches, UI thread {:.2} ms a batch at most ({:.2} ms on average)",
        run.total.as_secs_f64(),
        run.total.as_secs_f64() * 1e6 / n,
        run.total.as_secs_f64() * 100_000.0 / n,
        run.batches,
        run.ui_max.as_secs_f64() * 1e3,
        run.ui_total.as_secs_f64() * 1e3 / run.batches.max(1) as f64,
    );
}

fn background_analysis(c: &mut Criterion) {
    let dir = match std::env::var_os("BYLINE_BENCH_DIR") {
        Some(d) => tempfile::tempdir_in(d).expect("a temporary directory"),
        None => tempfile::tempdir().expect("a temporary directory"),
    };
    let rows = story_rows(dir.path());
    let db = dir.path().join("stories.db");
    let fresh = catch_up(&rows, &db);
    report("background analysis, nothing stored", &fresh);
    let persons = fresh.app.people.persons().len();
    // Dropping the app lets the database's writer finish keeping analyses.
    drop(fresh);
    let stored = catch_up(&rows, &db);
    report("background analysis, every analysis stored", &stored);
    assert_eq!(stored.app.people.persons().len(), persons);

    // What the UI thread does for one batch, in an index already holding
    // the 10,000 stories: the same stories again, so the index stays put.
    let mut app = stored.app;
    let batch: Vec<byline::app::Analysed> = app
        .library
        .articles
        .iter()
        .take(byline::app::ANALYSED_BATCH)
        .filter_map(|row| byline::app::analysed(row, app.library.bodies.as_deref()))
        .collect();
    let mut group = c.benchmark_group("background");
    group.bench_function(
        "a batch of analysed stories (ANALYSED_BATCH) joins the index",
        |b| {
            b.iter_batched(
                || byline::app::Msg::Analysed {
                    stories: batch.clone(),
                    left: 0,
                },
                |msg| app.update(msg),
                criterion::BatchSize::SmallInput,
            );
        },
    );
    // What a key pressed while the library is indexed waits for at most:
    // the batch being applied, then the key, then the frame drawn.
    let theme = byline::ui::Theme::default();
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40))
        .expect("a test terminal");
    let mut down = true;
    group.bench_function(
        "while the library is indexed, a batch joins, a key press and the redraw",
        |b| {
            b.iter_custom(|iters| {
                let mut spent = std::time::Duration::ZERO;
                for _ in 0..iters {
                    let msg = byline::app::Msg::Analysed {
                        stories: batch.clone(),
                        left: 1,
                    };
                    let key = byline::keymap::Key::char(if down { 'j' } else { 'k' });
                    down = !down;
                    let began = std::time::Instant::now();
                    app.update(msg);
                    app.update(byline::app::Msg::Key(key));
                    t.draw(|f| byline::ui::draw(f, &app, &theme))
                        .expect("drawn");
                    spent += began.elapsed();
                }
                spent
            });
        },
    );
    // Every batch a load or a refresh brings has its rows found in the list
    // and queued for the analysis: 256 files into a list of 100,000, the
    // whole of applying the batch (the list's merge included), taken away
    // again outside the measurement.
    let template = rows.first().cloned().expect("stories");
    let row = |n: usize| {
        let mut row = template.clone();
        row.id = byline::article::ArticleId::from_key(&format!("row {n}"));
        row.title = format!("Story {n}");
        row.origin = byline::article::Origin::File(format!("{n:06}.txt").into());
        row
    };
    let mut library = byline::library::Library::default();
    library.add(byline::library::Batch {
        articles: (0..100_000).map(row).collect(),
        problems: Vec::new(),
    });
    let mut big = byline::app::App::new(library, 120, 40);
    big.analyse_library();
    let arriving: Vec<byline::article::Article> = (100_000..100_256).map(row).collect();
    let paths: std::collections::HashSet<std::path::PathBuf> = (100_000..100_256)
        .map(|n| format!("{n:06}.txt").into())
        .collect();
    group.bench_function(
        "a batch of 256 files into 100,000, its rows found and queued",
        |b| {
            b.iter_custom(|iters| {
                let mut spent = std::time::Duration::ZERO;
                for _ in 0..iters {
                    let batch = byline::library::Batch {
                        articles: arriving.clone(),
                        problems: Vec::new(),
                    };
                    let began = std::time::Instant::now();
                    let asked = big.update(byline::app::Msg::Loaded(
                        byline::library::LoadEvent::Batch(batch),
                    ));
                    spent += began.elapsed();
                    assert_eq!(asked.len(), 1);
                    big.update(byline::app::Msg::Loaded(
                        byline::library::LoadEvent::Removed(paths.clone()),
                    ));
                }
                spent
            });
        },
    );
    group.finish();
}

criterion_group!(background, background_analysis);

/// A home whose story database holds the generated library as 100 feeds of
/// 1,000 stories, with every story's analysis kept, as the reader's
/// background indexing (or one `byline people`) leaves it.
fn analysed_home(inputs: &[Input]) -> tempfile::TempDir {
    use byline::db::{Db, FeedMeta, FeedStoryAt, StoredAnalysis};
    use byline::feed::convert::{Story, story_id};
    use byline::feed::{CacheLimits, Subscriptions, stored};
    use byline::store::FeedPaths;

    let dir = tempfile::tempdir().expect("temp dir");
    let paths = FeedPaths::in_dir(dir.path());
    let mut subs = Subscriptions::default();
    let mut db = Db::open(&paths.database).db;
    let limits = CacheLimits {
        max_age_days: 100_000,
        max_stories_per_feed: 1000,
    };
    let mut of_id = std::collections::HashMap::new();
    for (f, feed) in inputs.chunks(1000).enumerate() {
        let url = format!("https://feed{f}.example/rss");
        subs.add(&url, Some(&format!("Feed {f}")))
            .expect("subscribe");
        let stories = feed
            .iter()
            .enumerate()
            .map(|(n, s)| {
                let key = format!("guid:{n}");
                of_id.insert(story_id(&url, &key), s);
                Story {
                    key,
                    title: s.info.title().to_string(),
                    author: None,
                    published: Some(1_600_000_000 + (f * 1000 + n) as i64 * 600),
                    link: None,
                    paragraphs: s.paragraphs.clone(),
                    first_seen: 1_600_000_000,
                }
            })
            .collect();
        db.merge_feed(&url, &FeedMeta::default(), stories, 1_900_000_000, limits)
            .expect("merge");
    }
    subs.save(&paths.subscriptions).expect("save");
    let (lib, _) = stored::library(&paths, &subs);
    for i in 0..lib.articles.len() {
        let article = lib.full(i).expect("story");
        let input = of_id.get(&article.id).expect("generated");
        let kept = StoredAnalysis::of(&article, &input.analysis).expect("json");
        let at = FeedStoryAt::of(&article).expect("a feed story");
        db.put_analysis(article.id.bits(), at, article.text_hash(), &kept)
            .expect("keep");
    }
    dir
}

/// `byline quotes --json --speaker NAME`, the whole command as a script
/// runs it, over 100,000 feed stories whose analyses are kept.
fn quotes_command(c: &mut Criterion) {
    let inputs = library();
    let people = build(&inputs);
    let persons = people.persons();
    let mut by_stories: Vec<&byline::people::Person> = persons.iter().collect();
    by_stories.sort_by_key(|p| std::cmp::Reverse(p.stories.len()));
    let busiest = by_stories
        .first()
        .map(|p| p.name.clone())
        .unwrap_or_default();
    let typical = by_stories
        .get(by_stories.len() / 100)
        .map(|p| p.name.clone())
        .unwrap_or_default();
    let home = analysed_home(&inputs);
    drop(inputs);
    let run = |name: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_byline"))
            .arg("--state-dir")
            .arg(home.path())
            .args(["quotes", "--json", "--speaker", name])
            .stderr(std::process::Stdio::null())
            .output()
            .expect("byline runs");
        assert!(out.status.success(), "byline quotes --speaker {name}");
        out.stdout.iter().filter(|&&b| b == b'\n').count()
    };
    let mut group = c.benchmark_group("quotes command");
    group.sample_size(10);
    for (label, name) in [
        ("the most named person", &busiest),
        ("a person in the top 1%", &typical),
    ] {
        println!("{label}: {name}, {} quotations", run(name));
        group.bench_function(
            format!("byline quotes --speaker, {label}, over 100,000 stories"),
            |b| b.iter(|| black_box(run(name))),
        );
    }
    group.finish();
}

criterion_group!(command, quotes_command);
