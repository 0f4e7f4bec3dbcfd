//! Feeds: parsing and converting a 5 MB RSS feed (target: at most 100 ms),
//! refreshing 100 feeds served from 127.0.0.1 (target: at most 2 s), and of
//! 100 feeds of 1,000 items into an empty story database (at most 4 s),
//! the list's rows of 100,000 feed stories read from the database as the
//! first frame needs them (at most 200 ms), and importing an OPML file of
//! 100,000 outlines (target: at most 1 s). Full text: extracting the
//! article of a 200 KB page (at most 20 ms), and refreshing 100 summary
//! feeds of 10 new stories each with every story's page fetched from
//! 127.0.0.1 (at most 10 s).
//!
//! `cargo bench --bench feeds`; the list's peak heap is printed once by
//! `cargo bench --bench feeds -- list_100000`.

#![allow(clippy::unwrap_used)]

use std::fmt::Write as _;
use std::hint::black_box;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

use byline::feed::{
    CacheLimits, FetchConfig, Outcome, PageOutcome, RefreshEvent, Subscriptions, convert,
    full_text, refresh, stored, subscriptions,
};
use byline::store::FeedPaths;

#[path = "../tests/common/heap.rs"]
mod heap;

#[global_allocator]
static ALLOC: heap::Counting = heap::Counting;

/// An RSS 2.0 feed of about `bytes` bytes: items with HTML bodies of
/// paragraphs, a list, a block quote and links, as news feeds carry.
fn big_feed(bytes: usize) -> String {
    feed_of(|out, _| out.len() < bytes)
}

/// The same feed with exactly `items` items.
fn feed_items(items: usize) -> String {
    feed_of(|_, n| n < items)
}

/// Items are added while `more(feed so far, items so far)`.
fn feed_of(more: impl Fn(&str, usize) -> bool) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>Bench Herald</title>",
    );
    let mut n = 0;
    while more(&out, n) {
        let _ = write!(
            out,
            "<item><title>Council debates bridge plan, part {n} &amp;amp; more</title>\
             <link>https://bench.example/{n}</link><guid>bench-{n}</guid>\
             <pubDate>Tue, 10 Mar 2026 10:00:00 +0000</pubDate>\
             <content:encoded><![CDATA["
        );
        for p in 0..6 {
            let _ = write!(
                out,
                "<p>Paragraph {p}: the council met on Tuesday to discuss the new bridge, and \
                 Mayor Ana Ruiz said it would open in the spring; <a href=\"https://bench.example/{n}/{p}\">\
                 the plan</a> has doubled in cost since it was first shown.</p>"
            );
        }
        out.push_str(
            "<blockquote><p>We will build it when we can pay for it.</p></blockquote>\
             <ul><li>first point</li><li>second point</li></ul>]]></content:encoded></item>",
        );
        n += 1;
    }
    out.push_str("</channel></rss>");
    out
}

fn parse_and_convert(c: &mut Criterion) {
    let feed = big_feed(5 * 1024 * 1024);
    let mut group = c.benchmark_group("feeds");
    group.sample_size(10);
    group.bench_function("parse_and_convert_5mb_rss", |b| {
        // As in a refresh: the parsed feed is dropped, while the stories
        // (for the cache) and the articles (for the list) are kept, so
        // they are dropped outside the measurement.
        b.iter_with_large_drop(|| {
            let parsed = convert::parse(black_box(feed.as_bytes())).unwrap();
            let stories = convert::stories(&parsed, 0);
            drop(parsed);
            let articles =
                convert::to_articles("https://bench.example/rss", "Bench Herald", &stories);
            (stories, articles)
        });
    });
    group.finish();
}

/// Serves `body` to every request on 127.0.0.1 until `count` requests were
/// answered; returns the address.
fn serve(body: Vec<u8>, count: usize) -> std::net::SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(count) {
            let Ok(mut stream) = stream else { continue };
            let body = body.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                let mut head = Vec::new();
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let header = format!(
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(header.as_bytes());
                let _ = stream.write_all(&body);
            });
        }
    });
    addr
}

fn refresh_100(c: &mut Criterion) {
    // A feed of 20 stories, about 40 KB, like a typical news feed.
    let body = big_feed(40 * 1024).into_bytes();
    let mut group = c.benchmark_group("feeds");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    // Enough requests for every iteration criterion may run.
    let addr = serve(body, 100 * 500);
    let mut subs = Subscriptions::default();
    for i in 0..100 {
        subs.add(&format!("http://{addr}/feed/{i}"), None).unwrap();
    }
    group.bench_function("refresh_100_feeds_from_localhost", |b| {
        b.iter(|| {
            // A fresh cache each time: every feed is fetched, parsed and saved.
            let dir = tempfile::tempdir().unwrap();
            let paths = FeedPaths::in_dir(dir.path());
            let failed = std::sync::atomic::AtomicUsize::new(0);
            refresh(&paths, &subs, &FetchConfig::default(), &|e| {
                if let RefreshEvent::Feed(d) = e
                    && matches!(d.outcome, Outcome::Failed(_))
                {
                    failed.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                }
            });
            assert_eq!(failed.into_inner(), 0);
        });
    });
    group.finish();
}

fn refresh_100_of_1000(c: &mut Criterion) {
    // 1,000 items of about 1.3 KB: a feed of 1.3 MB, 100,000 stories in all.
    let body = feed_items(1000).into_bytes();
    let mut group = c.benchmark_group("feeds");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(60));
    let addr = serve(body, 100 * 100);
    let mut subs = Subscriptions::default();
    for i in 0..100 {
        subs.add(&format!("http://{addr}/feed/{i}"), None).unwrap();
    }
    // As `byline refresh`: the new stories are counted, not kept as articles.
    let config = FetchConfig {
        articles: false,
        ..FetchConfig::default()
    };
    group.bench_function(
        "refresh_100_feeds_of_1000_items_into_an_empty_database",
        |b| {
            b.iter_batched(
                || tempfile::tempdir().unwrap(),
                |dir| {
                    let paths = FeedPaths::in_dir(dir.path());
                    let new = std::sync::atomic::AtomicUsize::new(0);
                    refresh(&paths, &subs, &config, &|e| {
                        if let RefreshEvent::Feed(d) = e {
                            let Outcome::Updated { new: n } = d.outcome else {
                                panic!("{}: {:?}", d.url, d.outcome);
                            };
                            new.fetch_add(n, std::sync::atomic::Ordering::SeqCst);
                        }
                    });
                    assert_eq!(new.into_inner(), 100_000);
                    dir
                },
                criterion::BatchSize::PerIteration,
            );
        },
    );
    group.finish();
}

/// A home whose story database holds 100 feeds of 1,000 stories, each of
/// six paragraphs, and feeds.toml subscribing to them.
fn home_of_100000() -> (tempfile::TempDir, FeedPaths, Subscriptions) {
    let dir = tempfile::tempdir().unwrap();
    let paths = FeedPaths::in_dir(dir.path());
    let mut db = byline::db::Db::open(&paths.database).db;
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
                             bridge, and Mayor Ana Ruiz said it would open in the spring."
                        )
                    })
                    .collect(),
                first_seen: 1_700_000_000,
            })
            .collect();
        let meta = byline::db::FeedMeta::default();
        db.merge_feed(&url, &meta, stories, 1_800_000_000, limits)
            .unwrap();
    }
    subs.save(&paths.subscriptions).unwrap();
    (dir, paths, subs)
}

/// What the reader does before its first frame with 100,000 feed stories:
/// the database opened and the list's rows read into a sorted library.
fn list_100000(c: &mut Criterion) {
    let (_dir, paths, subs) = home_of_100000();
    // Once, outside the measurement: the most heap the list took while it
    // was made, and what it holds while shown. SQLite's own page cache is
    // not counted (it is C's malloc): 2 MB at most by default.
    let (peak, library) = heap::peak_of(|| stored::library(&paths, &subs).0);
    assert_eq!(library.articles.len(), 100_000);
    drop(library);
    let before = heap::live();
    let library = stored::library(&paths, &subs).0;
    let held = heap::live().saturating_sub(before);
    drop(library);
    println!(
        "list_100000_feed_stories: peak heap {:.1} MB, {:.1} MB held while shown",
        peak as f64 / 1e6,
        held as f64 / 1e6
    );
    let mut group = c.benchmark_group("feeds");
    group.sample_size(10);
    group.bench_function("list_100000_feed_stories_from_the_database", |b| {
        b.iter_with_large_drop(|| {
            let (library, notices) = stored::library(&paths, &subs);
            assert!(notices.is_empty(), "{notices:?}");
            assert_eq!(library.articles.len(), 100_000);
            library
        });
    });
    group.finish();
}

/// As `byline feed import`: the file read and decoded, every outline
/// checked against the rest, and the subscriptions file written.
fn import_100000(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let opml = dir.path().join("big.opml");
    let mut text = String::from("<?xml version=\"1.0\"?><opml version=\"2.0\"><body>\n");
    for i in 0..100_000 {
        let _ = writeln!(
            text,
            "<outline type=\"rss\" text=\"Feed {i}\" xmlUrl=\"https://feeds{}.example/{i}/rss\"/>",
            i % 97
        );
    }
    text.push_str("</body></opml>\n");
    std::fs::write(&opml, text).unwrap();
    let mut group = c.benchmark_group("feeds");
    group.sample_size(10);
    group.bench_function("import_100000_opml_outlines", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap(),
            |home| {
                let text = subscriptions::read_opml(&opml).unwrap();
                let path = home.path().join("feeds.toml");
                let (added, _) = Subscriptions::update(&path, |s| s.import_opml(&text)).unwrap();
                assert_eq!(added, 100_000);
                home
            },
            criterion::BatchSize::PerIteration,
        );
    });
    group.finish();
}

/// A news site's article page of about `bytes` bytes: styles, scripts,
/// forty navigation links and an advertisement before the article, whose
/// paragraphs carry quotations, links and a block quote; then a sidebar
/// and readers' comments for the rest.
fn article_page(bytes: usize) -> String {
    let mut out = String::from(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Council debates bridge plan | Bench Herald</title>\
         <style>body{font:16px serif}.ad{height:90px}</style>\
         <script>window.track=function(){return 1};track();</script></head><body>\
         <header><nav class=\"main-nav\"><ul>",
    );
    for i in 0..40 {
        let _ = write!(out, "<li><a href=\"/section/{i}\">Section {i}</a></li>");
    }
    out.push_str(
        "</ul></nav></header><div class=\"ad-banner sponsored\"><a href=\"https://ads.example/x\">\
         Advertisement</a></div><main><article><h1>Council debates bridge plan</h1>\
         <p class=\"byline\">By Ana Ruiz</p><div class=\"story-body\">",
    );
    let mut n = 0;
    while out.len() < bytes * 6 / 10 {
        let _ = write!(
            out,
            "<p>On day {n} of the hearing the council heard from residents of the east bank, \
             who said the crossing would cut their journey to the hospital by half an hour. \
             \u{201c}We have asked for this bridge for twenty years,\u{201d} said Helen Carter, \
             who chairs the residents' association, adding that the cost was <a \
             href=\"https://bench.example/costs/{n}\">set out in the plan</a>.</p>"
        );
        if n % 10 == 9 {
            out.push_str(
                "<blockquote><p>We will build it when we can pay for it.</p></blockquote>",
            );
        }
        n += 1;
    }
    out.push_str(
        "</div></article><aside class=\"sidebar related\"><h2>Most read</h2><ul>\
         <li><a href=\"/a\">Storm warning</a></li><li><a href=\"/b\">Bakery prize</a></li></ul></aside>\
         <section id=\"comments\" class=\"comments\">",
    );
    let mut c = 0;
    while out.len() < bytes {
        let _ = write!(
            out,
            "<div class=\"comment\"><p class=\"author\">reader{c}</p><p>Comment {c}: about time too.</p></div>"
        );
        c += 1;
    }
    out.push_str("</section></main><footer>Bench Herald</footer></body></html>");
    out
}

fn extract_200kb(c: &mut Criterion) {
    let page = article_page(200 * 1024);
    let mut group = c.benchmark_group("feeds");
    group.sample_size(20);
    group.bench_function("extract_200kb_article_page", |b| {
        b.iter(|| {
            let paragraphs =
                full_text::extract(black_box(&page), "https://bench.example/story").unwrap();
            assert!(paragraphs.len() > 100);
            paragraphs
        });
    });
    group.finish();
}

/// A site on 127.0.0.1 answering `/feed` with the feed `feed` makes of
/// the site's address, and any other path with `page`, as HTML, until
/// `count` requests were answered.
fn serve_site(
    feed: impl FnOnce(std::net::SocketAddr) -> String,
    page: std::sync::Arc<Vec<u8>>,
    count: usize,
) -> std::net::SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let feed = std::sync::Arc::new(feed(addr).into_bytes());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(count) {
            let Ok(mut stream) = stream else { continue };
            let (feed, page) = (feed.clone(), page.clone());
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                let mut head = Vec::new();
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let (body, kind) = if head.starts_with(b"GET /feed ") {
                    (feed, "application/rss+xml")
                } else {
                    (page, "text/html; charset=utf-8")
                };
                let header = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
                     Connection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(header.as_bytes());
                let _ = stream.write_all(&body);
            });
        }
    });
    addr
}

fn refresh_100_full_text(c: &mut Criterion) {
    // A page of 60 KB, as news sites' article pages are before images.
    let page = std::sync::Arc::new(article_page(60 * 1024).into_bytes());
    let mut group = c.benchmark_group("feeds");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    // A hundred sites, each the host of its feed's pages, with answers
    // enough for every iteration criterion may run.
    let mut subs = Subscriptions::default();
    for _ in 0..100 {
        let addr = serve_site(
            |addr| {
                let mut rss = String::from("<rss version=\"2.0\"><channel><title>Site</title>");
                for i in 0..10 {
                    let _ = write!(
                        rss,
                        "<item><title>Story {i}</title><guid>{i}</guid>\
                         <link>http://{addr}/story/{i}</link><description>The council \
                         met on Tuesday to discuss the bridge.</description></item>"
                    );
                }
                rss.push_str("</channel></rss>");
                rss
            },
            page.clone(),
            11 * 60,
        );
        let url = subs.add(&format!("http://{addr}/feed"), None).unwrap();
        subs.set_full_text(&url, true);
    }
    // As `byline refresh`: the new stories are counted, not kept as articles.
    let config = FetchConfig {
        articles: false,
        ..FetchConfig::default()
    };
    group.bench_function(
        "refresh_100_summary_feeds_with_full_text_from_localhost",
        |b| {
            b.iter_batched(
                || tempfile::tempdir().unwrap(),
                |dir| {
                    // A fresh database each time: every story is new, so every
                    // page is fetched, extracted and kept.
                    let paths = FeedPaths::in_dir(dir.path());
                    let full = std::sync::atomic::AtomicUsize::new(0);
                    refresh(&paths, &subs, &config, &|e| match e {
                        RefreshEvent::Feed(d) if matches!(d.outcome, Outcome::Failed(_)) => {
                            panic!("{}: {:?}", d.url, d.outcome)
                        }
                        RefreshEvent::Page(p) => match p.outcome {
                            PageOutcome::Fetched(_) => {
                                full.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                            }
                            other => panic!("{}: {other:?}", p.title),
                        },
                        _ => {}
                    });
                    assert_eq!(full.into_inner(), 1000);
                    dir
                },
                criterion::BatchSize::PerIteration,
            );
        },
    );
    group.finish();
}

criterion_group!(
    benches,
    parse_and_convert,
    refresh_100,
    refresh_100_of_1000,
    list_100000,
    import_100000,
    extract_200kb,
    refresh_100_full_text
);
criterion_main!(benches);
