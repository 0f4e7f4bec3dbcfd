//! `byline feed ...`, `byline refresh` and feed stories in `byline list`,
//! run as the real binary with its state in a temporary directory.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::Output;

use common::server::{Route, Server};

fn byline(home: &Path, args: &[&str]) -> Output {
    common::byline_in(home, args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn feed_add_keeps_the_subscription_in_the_home_directory_and_list_shows_it() {
    let home = tempfile::tempdir().unwrap();
    let o = byline(
        home.path(),
        &[
            "feed",
            "add",
            "https://herald.example/rss",
            "--name",
            "Herald",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let toml = std::fs::read_to_string(home.path().join("feeds.toml")).unwrap();
    assert!(toml.contains("https://herald.example/rss"), "{toml}");
    let list = byline(home.path(), &["feed", "list"]);
    assert!(list.status.success());
    assert!(
        stdout(&list).starts_with("Herald  https://herald.example/rss  0 stories"),
        "{}",
        stdout(&list)
    );
}

#[test]
fn feed_add_refuses_what_is_not_http_or_https_and_a_second_subscription() {
    let home = tempfile::tempdir().unwrap();
    let o = byline(home.path(), &["feed", "add", "ftp://herald.example/rss"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("only http and https"), "{}", stderr(&o));
    byline(home.path(), &["feed", "add", "https://herald.example/rss"]);
    let again = byline(home.path(), &["feed", "add", "https://herald.example/rss"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("already subscribed"));
}

#[test]
fn feed_remove_takes_an_address_or_a_name() {
    let home = tempfile::tempdir().unwrap();
    byline(
        home.path(),
        &["feed", "add", "https://a.example/rss", "--name", "Alpha"],
    );
    byline(home.path(), &["feed", "add", "https://b.example/rss"]);
    assert!(
        byline(home.path(), &["feed", "remove", "Alpha"])
            .status
            .success()
    );
    assert!(
        byline(home.path(), &["feed", "remove", "https://b.example/rss"])
            .status
            .success()
    );
    let missing = byline(home.path(), &["feed", "remove", "Gamma"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stdout(&byline(home.path(), &["feed", "list"])).is_empty());
}

#[test]
fn feed_import_reads_nested_opml_and_export_writes_opml_2_with_titles() {
    let home = tempfile::tempdir().unwrap();
    let opml = home.path().join("subs.opml");
    std::fs::write(
        &opml,
        r#"<?xml version="1.0"?><opml version="1.1"><body>
<outline text="News"><outline text="Coast Wire" type="rss" xmlUrl="https://coastwire.example/rss"/>
<outline text="Local"><outline title="Herald" xmlUrl="https://herald.example/rss"/></outline></outline>
</body></opml>"#,
    )
    .unwrap();
    let o = byline(home.path(), &["feed", "import", opml.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("2 new feeds"));
    let out = stdout(&byline(home.path(), &["feed", "export"]));
    assert!(out.contains("<opml version=\"2.0\">"), "{out}");
    assert!(out.contains("title=\"Coast Wire\""));
    assert!(out.contains("xmlUrl=\"https://herald.example/rss\""));
}

#[test]
fn refresh_reports_each_feed_and_exits_zero_when_all_refreshed() {
    let server = Server::start(vec![
        ("/rss", Route::fixture("rss2.xml")),
        ("/json", Route::fixture("feed.json")),
    ]);
    let home = tempfile::tempdir().unwrap();
    byline(home.path(), &["feed", "add", &server.url("/rss")]);
    byline(
        home.path(),
        &[
            "feed",
            "add",
            &server.url("/json"),
            "--name",
            "Evening Post",
        ],
    );
    let o = byline(home.path(), &["refresh", "--timeout", "2"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "Millbrook Valley Herald: 2 new\nEvening Post: 2 new\n2 feeds: 4 new stories, 0 failed\n"
    );
    // Not a terminal: a line per feed on stderr as each finishes.
    assert_eq!(stderr(&o).lines().count(), 2, "{}", stderr(&o));
    // Learnt titles show in the list of feeds.
    let list = stdout(&byline(home.path(), &["feed", "list"]));
    assert!(list.contains("Millbrook Valley Herald"), "{list}");
}

#[test]
fn refresh_names_each_failure_and_exits_one() {
    let server = Server::start(vec![
        ("/rss", Route::fixture("rss2.xml")),
        (
            "/page",
            Route::ok("<!doctype html><html><body>hi</body></html>"),
        ),
    ]);
    let home = tempfile::tempdir().unwrap();
    for path in ["/rss", "/gone", "/page"] {
        byline(home.path(), &["feed", "add", &server.url(path)]);
    }
    let o = byline(home.path(), &["refresh", "--timeout", "2"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("Millbrook Valley Herald: 2 new"), "{out}");
    assert!(out.contains(": failed: HTTP 404 Not Found"), "{out}");
    assert!(out.contains(": failed: not a feed"), "{out}");
    assert!(out.ends_with("3 feeds: 2 new stories, 2 failed\n"), "{out}");
}

#[test]
fn list_shows_the_cached_feed_stories_newest_first_with_the_feed_as_source() {
    let server = Server::start(vec![
        ("/rss", Route::fixture("rss2.xml")),
        ("/json", Route::fixture("feed.json")),
    ]);
    let home = tempfile::tempdir().unwrap();
    byline(home.path(), &["feed", "add", &server.url("/rss")]);
    byline(home.path(), &["feed", "add", &server.url("/json")]);
    byline(home.path(), &["refresh"]);
    drop(server);
    // Offline now: the list comes from the cache.
    let o = byline(home.path(), &["list", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    let dates: Vec<&str> = lines.iter().map(|l| l["date"].as_str().unwrap()).collect();
    assert_eq!(
        dates,
        ["2026-05-12", "2026-05-11", "2026-03-11", "2026-03-09"]
    );
    assert_eq!(lines[0]["source"], "Eastgate Evening Post");
    assert_eq!(lines[2]["source"], "Millbrook Valley Herald");
    assert_eq!(
        lines[2]["path"],
        "https://herald.example/2026/03/footbridge"
    );
}

#[test]
fn paths_given_win_over_subscriptions() {
    let home = tempfile::tempdir().unwrap();
    byline(home.path(), &["feed", "add", "https://herald.example/rss"]);
    let dir = common::fixture_dir();
    let o = byline(home.path(), &["list", dir.to_str().unwrap()]);
    assert!(stdout(&o).lines().all(|l| !l.contains("herald.example")));
    assert!(!stdout(&o).is_empty());
}
