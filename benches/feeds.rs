//! Feeds: parsing and converting a 5 MB RSS feed (target: at most 100 ms),
//! refreshing 100 feeds served from 127.0.0.1 (target: at most 2 s), and
//! importing an OPML file of 100,000 outlines (target: at most 1 s).
//!
//! `cargo bench --bench feeds`

#![allow(clippy::unwrap_used)]

use std::fmt::Write as _;
use std::hint::black_box;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

use byline::feed::{
    FetchConfig, Outcome, RefreshEvent, Subscriptions, convert, refresh, subscriptions,
};
use byline::store::FeedPaths;

/// An RSS 2.0 feed of about `bytes` bytes: items with HTML bodies of
/// paragraphs, a list, a block quote and links, as news feeds carry.
fn big_feed(bytes: usize) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>Bench Herald</title>",
    );
    let mut n = 0;
    while out.len() < bytes {
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

criterion_group!(benches, parse_and_convert, refresh_100, import_100000);
criterion_main!(benches);
