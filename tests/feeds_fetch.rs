//! Refreshing feeds from a real HTTP server on 127.0.0.1 that the tests
//! start themselves; nothing leaves the machine.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use byline::article::{FeedText, Origin};
use byline::feed::convert::ParseError;
use byline::feed::{
    FeedDone, FeedError, FetchConfig, FullTextError, Outcome, PageDone, PageOutcome, RefreshEvent,
    Stage, Subscriptions, fetch_full_text, refresh, stored,
};
use byline::store::FeedPaths;
use common::server::{Route, Server};

struct Home {
    _dir: tempfile::TempDir,
    paths: FeedPaths,
}

fn home() -> Home {
    let dir = tempfile::tempdir().unwrap();
    let paths = FeedPaths::in_dir(dir.path());
    Home { _dir: dir, paths }
}

fn subscribe(home: &Home, urls: &[String]) -> Subscriptions {
    let mut subs = Subscriptions::default();
    for u in urls {
        subs.add(u, None).unwrap();
    }
    subs.save(&home.paths.subscriptions).unwrap();
    subs
}

fn quick() -> FetchConfig {
    FetchConfig {
        connect_timeout: Duration::from_secs(1),
        total_timeout: Duration::from_secs(1),
        ..FetchConfig::default()
    }
}

/// Refreshes and returns each feed's result, in subscription order.
fn run(home: &Home, subs: &Subscriptions, config: &FetchConfig) -> Vec<FeedDone> {
    run_with_pages(home, subs, config).0
}

/// Refreshes and returns each feed's result, in subscription order, and
/// each page fetched for full text, by title.
fn run_with_pages(
    home: &Home,
    subs: &Subscriptions,
    config: &FetchConfig,
) -> (Vec<FeedDone>, Vec<PageDone>) {
    let done = std::sync::Mutex::new(Vec::new());
    let pages = std::sync::Mutex::new(Vec::new());
    let finished = AtomicUsize::new(0);
    refresh(&home.paths, subs, config, &|event| match event {
        RefreshEvent::Feed(d) => done.lock().unwrap().push(*d),
        RefreshEvent::Page(p) => {
            assert_eq!(finished.load(Ordering::SeqCst), 0, "a page after Finished");
            pages.lock().unwrap().push(*p);
        }
        RefreshEvent::Finished { .. } => {
            finished.fetch_add(1, Ordering::SeqCst);
        }
        RefreshEvent::Started { .. } => {}
    });
    assert_eq!(finished.load(Ordering::SeqCst), 1);
    let mut done = done.into_inner().unwrap();
    done.sort_by_key(|d| subs.feeds.iter().position(|f| f.url == d.url));
    let mut pages = pages.into_inner().unwrap();
    pages.sort_by(|a, b| a.title.cmp(&b.title));
    (done, pages)
}

/// The stories the list shows now, from the story database.
fn listed(home: &Home, subs: &Subscriptions) -> Vec<Arc<byline::article::Article>> {
    let (library, notices) = stored::library(&home.paths, subs);
    assert!(notices.is_empty(), "{notices:?}");
    library.articles
}

fn one(home: &Home, url: String, config: &FetchConfig) -> FeedDone {
    let subs = subscribe(home, &[url]);
    run(home, &subs, config).pop().unwrap()
}

#[test]
fn an_rss_feed_answering_200_gives_stories_with_title_author_date_link_and_feed() {
    let server = Server::start(vec![("/rss", Route::fixture("rss2.xml"))]);
    let home = home();
    let done = one(&home, server.url("/rss"), &quick());
    assert_eq!(done.outcome, Outcome::Updated { new: 2 });
    assert_eq!(done.name, "Millbrook Valley Herald");
    let a = &done.articles[0];
    assert_eq!(a.title, "Millbrook council delays vote on river footbridge");
    assert_eq!(a.author.as_deref(), Some("Tomasz Reyes"));
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2026-03-11"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://herald.example/2026/03/footbridge")
    );
    assert_eq!(a.source.as_deref(), Some("Millbrook Valley Herald"));
    // The title is learnt and saved with the subscription.
    let subs = Subscriptions::load(&home.paths.subscriptions).unwrap();
    assert_eq!(
        subs.feeds[0].title.as_deref(),
        Some("Millbrook Valley Herald")
    );
}

#[test]
fn rss1_atom_and_json_feed_are_all_read() {
    let server = Server::start(vec![
        ("/rdf", Route::fixture("rss1.rdf")),
        ("/atom", Route::fixture("atom.xml")),
        ("/json", Route::fixture("feed.json")),
    ]);
    let home = home();
    let subs = subscribe(
        &home,
        &[server.url("/rdf"), server.url("/atom"), server.url("/json")],
    );
    let done = run(&home, &subs, &quick());
    let outcomes: Vec<_> = done.iter().map(|d| d.outcome.clone()).collect();
    assert_eq!(
        outcomes,
        [
            Outcome::Updated { new: 1 },
            Outcome::Updated { new: 1 },
            Outcome::Updated { new: 2 }
        ]
    );
    assert_eq!(done[0].articles[0].author.as_deref(), Some("Ines Varga"));
    assert_eq!(done[1].name, "Ridge & Dale Courier");
    assert_eq!(
        done[2].articles[0].title,
        "Night trams to run on a six-month trial"
    );
}

#[test]
fn an_unchanged_feed_answers_304_to_the_etag_it_gave() {
    let mut route = Route::fixture("rss2.xml");
    route.etag = Some("\"v1\"".into());
    let server = Server::start(vec![("/rss", route)]);
    let home = home();
    let subs = subscribe(&home, &[server.url("/rss")]);
    assert_eq!(
        run(&home, &subs, &quick())[0].outcome,
        Outcome::Updated { new: 2 }
    );
    assert_eq!(run(&home, &subs, &quick())[0].outcome, Outcome::NotModified);
    let second = server.requests().pop().unwrap();
    assert_eq!(
        second.headers.get("if-none-match").map(String::as_str),
        Some("\"v1\"")
    );
    // Nothing was lost by the 304.
    assert_eq!(listed(&home, &subs).len(), 2);
}

#[test]
fn last_modified_is_sent_back_as_if_modified_since() {
    let mut route = Route::fixture("atom.xml");
    route.last_modified = Some("Wed, 01 Apr 2026 16:30:00 GMT".into());
    let server = Server::start(vec![("/atom", route)]);
    let home = home();
    let subs = subscribe(&home, &[server.url("/atom")]);
    run(&home, &subs, &quick());
    assert_eq!(run(&home, &subs, &quick())[0].outcome, Outcome::NotModified);
    let second = server.requests().pop().unwrap();
    assert_eq!(
        second.headers.get("if-modified-since").map(String::as_str),
        Some("Wed, 01 Apr 2026 16:30:00 GMT")
    );
}

#[test]
fn a_redirect_is_followed() {
    let server = Server::start(vec![
        ("/old", Route::redirect("/new")),
        ("/new", Route::fixture("feed.json")),
    ]);
    let home = home();
    let done = one(&home, server.url("/old"), &quick());
    assert_eq!(done.outcome, Outcome::Updated { new: 2 });
}

#[test]
fn a_gzipped_feed_is_decompressed() {
    let mut route = Route::fixture("rss2.xml");
    route.gzip = true;
    let server = Server::start(vec![("/rss", route)]);
    let home = home();
    let done = one(&home, server.url("/rss"), &quick());
    assert_eq!(done.outcome, Outcome::Updated { new: 2 });
    let seen = server.requests().pop().unwrap();
    assert!(seen.headers["accept-encoding"].contains("gzip"));
}

#[test]
fn the_user_agent_names_byline_and_its_version() {
    let server = Server::start(vec![("/rss", Route::fixture("rss2.xml"))]);
    let home = home();
    one(&home, server.url("/rss"), &quick());
    let seen = server.requests().pop().unwrap();
    assert_eq!(
        seen.headers["user-agent"],
        format!("byline/{}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_slow_server_times_out() {
    let mut route = Route::fixture("rss2.xml");
    route.delay = Duration::from_secs(4);
    let server = Server::start(vec![("/slow", route)]);
    let home = home();
    let started = Instant::now();
    let done = one(&home, server.url("/slow"), &quick());
    assert_eq!(
        done.outcome,
        Outcome::Failed(FeedError::Timeout(Stage::Fetching))
    );
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(done.articles.is_empty());
}

#[test]
fn http_errors_are_named_with_their_status() {
    let server = Server::start(vec![("/boom", Route::status(500, "oops"))]);
    let home = home();
    let subs = subscribe(&home, &[server.url("/missing"), server.url("/boom")]);
    let done = run(&home, &subs, &quick());
    assert_eq!(done[0].outcome, Outcome::Failed(FeedError::Status(404)));
    assert_eq!(done[1].outcome, Outcome::Failed(FeedError::Status(500)));
    assert_eq!(
        FeedError::Status(404).to_string(),
        "HTTP 404 Not Found",
        "the reason reads well"
    );
}

#[test]
fn invalid_xml_is_named() {
    let server = Server::start(vec![(
        "/bad",
        Route::ok(
            "<rss version=\"2.0\"><channel><title>Broken</title><item><title>x</item></channel>",
        ),
    )]);
    let home = home();
    let done = one(&home, server.url("/bad"), &quick());
    assert!(
        matches!(
            done.outcome,
            Outcome::Failed(FeedError::Parse(ParseError::InvalidXml(_)))
        ),
        "{:?}",
        done.outcome
    );
}

#[test]
fn a_web_page_is_not_a_feed() {
    let server = Server::start(vec![(
        "/page",
        Route::ok(
            "<!DOCTYPE html><html><head><title>Herald</title></head><body><p>Welcome</body></html>",
        ),
    )]);
    let home = home();
    let done = one(&home, server.url("/page"), &quick());
    assert_eq!(
        done.outcome,
        Outcome::Failed(FeedError::Parse(ParseError::NotAFeed))
    );
}

#[test]
fn an_oversized_body_is_refused() {
    let server = Server::start(vec![("/big", Route::ok(vec![b' '; 64 * 1024]))]);
    let home = home();
    let config = FetchConfig {
        max_bytes: 4096,
        ..quick()
    };
    let done = one(&home, server.url("/big"), &config);
    assert_eq!(
        done.outcome,
        Outcome::Failed(FeedError::TooLarge { limit: 4096 })
    );
}

#[test]
fn a_gzip_body_over_the_limit_once_decompressed_is_refused() {
    let mut route = Route::ok(vec![b' '; 1024 * 1024]);
    route.gzip = true;
    let server = Server::start(vec![("/bomb", route)]);
    let home = home();
    let config = FetchConfig {
        max_bytes: 64 * 1024,
        ..quick()
    };
    let done = one(&home, server.url("/bomb"), &config);
    assert!(matches!(
        done.outcome,
        Outcome::Failed(FeedError::TooLarge { .. })
    ));
}

#[test]
fn a_refused_connection_is_named() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let home = home();
    let done = one(&home, format!("http://127.0.0.1:{port}/feed"), &quick());
    assert_eq!(done.outcome, Outcome::Failed(FeedError::Refused));
}

#[test]
fn an_unknown_host_is_a_dns_failure() {
    let home = home();
    let done = one(&home, "http://byline-test.invalid/feed".into(), &quick());
    assert!(
        matches!(done.outcome, Outcome::Failed(FeedError::Dns(ref h)) if h == "byline-test.invalid"),
        "{:?}",
        done.outcome
    );
}

#[test]
fn the_other_feeds_still_refresh_when_some_fail() {
    let server = Server::start(vec![
        ("/rss", Route::fixture("rss2.xml")),
        ("/boom", Route::status(500, "")),
        ("/json", Route::fixture("feed.json")),
    ]);
    let home = home();
    let subs = subscribe(
        &home,
        &[server.url("/rss"), server.url("/boom"), server.url("/json")],
    );
    let done = run(&home, &subs, &quick());
    assert_eq!(done[0].outcome, Outcome::Updated { new: 2 });
    assert!(matches!(done[1].outcome, Outcome::Failed(_)));
    assert_eq!(done[2].outcome, Outcome::Updated { new: 2 });
}

#[test]
fn a_failed_or_garbage_refresh_keeps_every_cached_story() {
    let server = Server::start(vec![("/rss", Route::fixture("rss2.xml"))]);
    let home = home();
    let subs = subscribe(&home, &[server.url("/rss")]);
    run(&home, &subs, &quick());
    let before: Vec<_> = listed(&home, &subs).iter().map(|a| a.id).collect();
    assert_eq!(before.len(), 2);
    for route in [
        Route::ok("this is not a feed at all"),
        Route::status(500, ""),
        Route::ok("<rss version=\"2.0\"><channel><title>Empty</title></channel></rss>"),
    ] {
        server.set("/rss", route);
        run(&home, &subs, &quick());
        let after: Vec<_> = listed(&home, &subs).iter().map(|a| a.id).collect();
        assert_eq!(after, before);
    }
}

#[test]
fn story_ids_stay_the_same_across_refreshes_when_stories_change() {
    let server = Server::start(vec![("/rss", Route::fixture("rss2.xml"))]);
    let home = home();
    let subs = subscribe(&home, &[server.url("/rss")]);
    let first: Vec<_> = run(&home, &subs, &quick())[0]
        .articles
        .iter()
        .map(|a| a.id)
        .collect();
    let edited = std::fs::read_to_string(common::server::fixture_path("rss2.xml"))
        .unwrap()
        .replace("delays vote", "puts off vote")
        .replace("Sundays", "Saturdays and Sundays");
    server.set("/rss", Route::ok(edited));
    let second = run(&home, &subs, &quick());
    assert_eq!(second[0].outcome, Outcome::Updated { new: 0 });
    let cached = listed(&home, &subs);
    let mut ids: Vec<_> = cached.iter().map(|a| a.id).collect();
    let mut first_sorted = first.clone();
    ids.sort();
    first_sorted.sort();
    assert_eq!(ids, first_sorted);
    assert!(
        cached
            .iter()
            .any(|a| a.title == "Millbrook council puts off vote on river footbridge")
    );
}

#[test]
fn at_most_two_feeds_are_fetched_at_once_from_one_host() {
    let mut routes = Vec::new();
    let paths: Vec<String> = (0..6).map(|i| format!("/f{i}")).collect();
    for p in &paths {
        let mut r = Route::fixture("feed.json");
        r.delay = Duration::from_millis(150);
        routes.push((p.as_str(), r));
    }
    let server = Server::start(routes);
    let home = home();
    let urls: Vec<String> = paths.iter().map(|p| server.url(p)).collect();
    let subs = subscribe(&home, &urls);
    let done = run(&home, &subs, &quick());
    assert!(
        done.iter()
            .all(|d| matches!(d.outcome, Outcome::Updated { .. }))
    );
    assert_eq!(server.max_in_flight.load(Ordering::SeqCst), 2);
}

#[test]
fn at_most_eight_feeds_are_fetched_at_once_in_all() {
    // Six hosts (addresses of the loopback range) with three feeds each:
    // two per host would allow twelve at once.
    let shared = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let servers: Vec<Server> = (1..=6)
        .map(|i| {
            let mut routes = Vec::new();
            for p in ["/a", "/b", "/c"] {
                let mut r = Route::fixture("feed.json");
                r.delay = Duration::from_millis(200);
                routes.push((p, r));
            }
            Server::start_on(&format!("127.0.0.{i}"), routes, Some(shared.clone()))
        })
        .collect();
    let home = home();
    let urls: Vec<String> = servers
        .iter()
        .flat_map(|s| ["/a", "/b", "/c"].map(|p| s.url(p)))
        .collect();
    let subs = subscribe(&home, &urls);
    let done = run(&home, &subs, &quick());
    assert!(
        done.iter()
            .all(|d| matches!(d.outcome, Outcome::Updated { .. }))
    );
    assert_eq!(shared.1.load(Ordering::SeqCst), 8);
}

// Full text: a feed of teasers whose links serve the stories' pages.

const TEASER: &str = "The harbour board voted to run a night ferry to the outer islands.";

/// An RSS feed of one teaser per `(path, title)`, each linking to `path`.
fn teaser_feed(server: &Server, items: &[(&str, &str)]) -> Route {
    let mut rss = String::from(r#"<rss version="2.0"><channel><title>Gazette</title>"#);
    for (path, title) in items {
        rss.push_str(&format!(
            "<item><title>{title}</title><guid>{path}</guid><link>{}</link>\
             <description>{TEASER}</description></item>",
            server.url(path)
        ));
    }
    rss.push_str("</channel></rss>");
    Route::ok(rss)
}

fn html(body: impl Into<Vec<u8>>) -> Route {
    let mut r = Route::ok(body);
    r.headers
        .push(("Content-Type".into(), "text/html; charset=utf-8".into()));
    r
}

fn article_page() -> Route {
    html(std::fs::read(common::server::fixture_path("article.html")).unwrap())
}

/// A home subscribed to the feed at `/rss` with `full_text = true`.
fn full_text_home(server: &Server) -> (Home, Subscriptions) {
    let home = home();
    let mut subs = Subscriptions::default();
    let url = subs.add(&server.url("/rss"), Some("Gazette")).unwrap();
    assert!(subs.set_full_text(&url, true));
    subs.save(&home.paths.subscriptions).unwrap();
    (home, subs)
}

/// The listed story titled `title`, whole, as the reader opens it.
fn opened(home: &Home, subs: &Subscriptions, title: &str) -> Arc<byline::article::Article> {
    let (library, notices) = stored::library(&home.paths, subs);
    assert!(notices.is_empty(), "{notices:?}");
    let i = library
        .articles
        .iter()
        .position(|a| a.title == title)
        .unwrap();
    library.full(i).unwrap()
}

fn body(article: &byline::article::Article) -> String {
    article
        .paragraphs
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

fn text_of(article: &byline::article::Article) -> FeedText {
    match &article.origin {
        Origin::Feed { text, .. } => *text,
        other => panic!("not a feed story: {other}"),
    }
}

#[test]
fn a_full_text_feed_shows_each_new_storys_article_from_its_page() {
    let server = Server::start(vec![("/story", article_page())]);
    server.set("/rss", teaser_feed(&server, &[("/story", "Night ferry")]));
    let (home, subs) = full_text_home(&server);
    let (_, pages) = run_with_pages(&home, &subs, &quick());
    assert!(
        matches!(&pages[..], [PageDone { outcome: PageOutcome::Fetched(a), .. }]
            if text_of(a) == FeedText::Full),
        "{pages:?}"
    );
    let story = opened(&home, &subs, "Night ferry");
    assert_eq!(text_of(&story), FeedText::Full);
    let text = body(&story);
    assert!(
        text.contains("timed for the crews who land their catch"),
        "{text}"
    );
    for dropped in ["Advertisement", "Most read", "Finally!", "Privacy"] {
        assert!(!text.contains(dropped), "{dropped:?} kept:\n{text}");
    }
}

#[test]
fn the_full_text_is_analysed_with_its_quotations_and_speakers() {
    let server = Server::start(vec![("/story", article_page())]);
    server.set("/rss", teaser_feed(&server, &[("/story", "Night ferry")]));
    let (home, subs) = full_text_home(&server);
    run_with_pages(&home, &subs, &quick());
    let story = opened(&home, &subs, "Night ferry");
    let texts: Vec<&str> = story.paragraphs.iter().map(|p| p.text.as_str()).collect();
    let analysis = byline::analysis::analyze(&texts);
    assert!(analysis.quotes.len() >= 4, "{:?}", analysis.quotes);
    let speakers: Vec<String> = analysis
        .quotes
        .iter()
        .filter_map(|q| q.speaker().and_then(|s| analysis.people.get(s)))
        .map(|p| p.name.clone())
        .collect();
    assert!(
        speakers.iter().any(|s| s == "Marit Solheim"),
        "{speakers:?}"
    );
    assert!(speakers.iter().any(|s| s == "Thomas Reyes"), "{speakers:?}");
}

#[test]
fn the_full_text_is_kept_and_read_offline_with_the_summary_beside_it() {
    let server = Server::start(vec![("/story", article_page())]);
    server.set("/rss", teaser_feed(&server, &[("/story", "Night ferry")]));
    let (home, subs) = full_text_home(&server);
    run_with_pages(&home, &subs, &quick());
    drop(server);
    let story = opened(&home, &subs, "Night ferry");
    assert!(body(&story).contains("timed for the crews"));
    let (db, _) = stored::open(&home.paths);
    let key = "guid:/story";
    let summary = db.feed_story(&subs.feeds[0].url, key).unwrap().unwrap();
    assert_eq!(summary.paragraphs, [TEASER]);
}

#[test]
fn a_story_is_found_by_searching_its_full_text() {
    let server = Server::start(vec![("/story", article_page())]);
    server.set("/rss", teaser_feed(&server, &[("/story", "Night ferry")]));
    let (home, subs) = full_text_home(&server);
    run_with_pages(&home, &subs, &quick());
    let (db, _) = stored::open(&home.paths);
    let hits = db.search("nurses hospital", 10).unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].title, "Night ferry");
}

#[test]
fn pages_that_give_no_article_keep_the_summary_and_say_why() {
    let slow = {
        let mut r = article_page();
        r.delay = Duration::from_secs(3);
        r
    };
    let huge = html(format!(
        "<html><body><article>{}</article></body></html>",
        "<p>A paragraph of a page far over the limit, said again and again.</p>".repeat(100_000)
    ));
    let mut pdf = Route::ok(b"%PDF-1.7 not a page".to_vec());
    pdf.headers
        .push(("Content-Type".into(), "application/pdf".into()));
    let server = Server::start(vec![
        (
            "/links",
            html(std::fs::read(common::server::fixture_path("no_article.html")).unwrap()),
        ),
        ("/slow", slow),
        ("/huge", huge),
        ("/pdf", pdf),
        ("/ftp", Route::redirect("ftp://files.example/story.txt")),
    ]);
    server.set(
        "/rss",
        teaser_feed(
            &server,
            &[
                ("/links", "A links"),
                ("/gone", "B gone"),
                ("/slow", "C slow"),
                ("/huge", "D huge"),
                ("/pdf", "E pdf"),
                ("/ftp", "F ftp"),
            ],
        ),
    );
    let (home, subs) = full_text_home(&server);
    let (done, pages) = run_with_pages(&home, &subs, &quick());
    assert_eq!(done[0].outcome, Outcome::Updated { new: 6 });
    let why: Vec<String> = pages
        .iter()
        .map(|p| match &p.outcome {
            PageOutcome::Failed(e) => e.to_string(),
            other => panic!("{}: {other:?}", p.title),
        })
        .collect();
    let expect = [
        "no article on the page",
        "the page answered HTTP 404 Not Found",
        "timed out waiting for the page",
        "the page is too large (over the 4 MB limit)",
        "the page is not HTML (it is application/pdf)",
        "the page redirected to a ftp: address",
    ];
    for (said, expected) in why.iter().zip(expect) {
        assert!(said.starts_with(expected), "{said:?} is not {expected:?}");
    }
    for title in ["A links", "B gone", "C slow", "D huge", "E pdf", "F ftp"] {
        let story = opened(&home, &subs, title);
        assert_eq!(text_of(&story), FeedText::Summary);
        assert_eq!(body(&story), TEASER);
    }
}

#[test]
fn a_feed_without_full_text_fetches_no_pages() {
    let server = Server::start(vec![("/story", article_page())]);
    server.set("/rss", teaser_feed(&server, &[("/story", "Night ferry")]));
    let home = home();
    let subs = subscribe(&home, &[server.url("/rss")]);
    let (_, pages) = run_with_pages(&home, &subs, &quick());
    assert!(pages.is_empty());
    assert!(server.requests().iter().all(|r| r.path == "/rss"));
}

#[test]
fn only_new_stories_have_their_pages_fetched() {
    let server = Server::start(vec![("/story", article_page())]);
    server.set("/rss", teaser_feed(&server, &[("/story", "Night ferry")]));
    let (home, subs) = full_text_home(&server);
    run_with_pages(&home, &subs, &quick());
    let (_, pages) = run_with_pages(&home, &subs, &quick());
    assert!(pages.is_empty(), "{pages:?}");
    let fetched = server
        .requests()
        .iter()
        .filter(|r| r.path == "/story")
        .count();
    assert_eq!(fetched, 1);
}

#[test]
fn at_most_two_pages_are_fetched_at_once_from_one_host() {
    let mut slow = article_page();
    slow.delay = Duration::from_millis(150);
    let paths: Vec<String> = (0..6).map(|i| format!("/s{i}")).collect();
    let server = Server::start(paths.iter().map(|p| (p.as_str(), slow.clone())).collect());
    let items: Vec<(&str, &str)> = paths.iter().map(|p| (p.as_str(), p.as_str())).collect();
    server.set("/rss", teaser_feed(&server, &items));
    let (home, subs) = full_text_home(&server);
    let (_, pages) = run_with_pages(&home, &subs, &quick());
    assert_eq!(pages.len(), 6);
    assert!(
        pages
            .iter()
            .all(|p| matches!(p.outcome, PageOutcome::Fetched(_)))
    );
    assert_eq!(server.max_in_flight.load(Ordering::SeqCst), 2);
}

#[test]
fn fetching_a_kept_full_text_again_asks_whether_the_page_changed() {
    let mut page = article_page();
    page.etag = Some("\"v1\"".into());
    let server = Server::start(vec![("/story", page)]);
    server.set("/rss", teaser_feed(&server, &[("/story", "Night ferry")]));
    let (home, subs) = full_text_home(&server);
    run_with_pages(&home, &subs, &quick());
    let again = fetch_full_text(
        &home.paths,
        &subs.feeds[0].url,
        "Gazette",
        "guid:/story",
        &quick(),
    );
    assert!(matches!(again.outcome, PageOutcome::Unchanged), "{again:?}");
    let last = server.requests().pop().unwrap();
    assert_eq!(
        last.headers.get("if-none-match").map(String::as_str),
        Some("\"v1\"")
    );
}

#[test]
fn the_full_text_of_a_summary_story_is_fetched_on_demand() {
    let server = Server::start(vec![("/story", article_page())]);
    server.set("/rss", teaser_feed(&server, &[("/story", "Night ferry")]));
    let home = home();
    let subs = subscribe(&home, &[server.url("/rss")]);
    run_with_pages(&home, &subs, &quick());
    assert_eq!(
        text_of(&opened(&home, &subs, "Night ferry")),
        FeedText::Summary
    );
    let done = fetch_full_text(
        &home.paths,
        &subs.feeds[0].url,
        "Gazette",
        "guid:/story",
        &quick(),
    );
    assert!(matches!(done.outcome, PageOutcome::Fetched(_)), "{done:?}");
    assert_eq!(
        text_of(&opened(&home, &subs, "Night ferry")),
        FeedText::Full
    );
}

#[test]
fn a_teaser_page_no_longer_than_the_summary_is_taken_for_a_paywall() {
    let words = "word ".repeat(90);
    let page = html(format!(
        "<html><body><article><p>{words}</p><p>{words}</p></article></body></html>"
    ));
    let server = Server::start(vec![("/story", page)]);
    let long_summary = format!("{words}{words}{words}");
    let rss = format!(
        r#"<rss version="2.0"><channel><title>G</title><item><title>Walled</title>
<guid>w</guid><link>{}</link><description>{long_summary}</description></item></channel></rss>"#,
        server.url("/story")
    );
    server.set("/rss", Route::ok(rss));
    let (home, subs) = full_text_home(&server);
    let (_, pages) = run_with_pages(&home, &subs, &quick());
    assert!(
        matches!(
            &pages[0].outcome,
            PageOutcome::Failed(FullTextError::NoMoreThanSummary { .. })
        ),
        "{pages:?}"
    );
}
