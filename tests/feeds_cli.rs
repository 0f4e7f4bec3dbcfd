//! `byline feed ...`, `byline refresh` and feed stories in `byline list`,
//! run as the real binary with its state in a temporary directory.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::Output;

use byline::feed::cache::FeedCache;
use byline::feed::convert::{Story, story_id};
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

/// Runs the binary like [`byline`], but fails the test rather than hang
/// when it has not finished within `seconds`.
fn byline_within(home: &Path, args: &[&str], seconds: u64) -> Output {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_byline"))
        .env("BYLINE_HOME", home)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("byline {args:?} still running after {seconds} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(made.success());
}

#[cfg(unix)]
#[test]
fn feeds_toml_linked_to_dev_zero_is_refused_as_not_a_plain_file() {
    let home = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("/dev/zero", home.path().join("feeds.toml")).unwrap();
    for args in [
        &["feed", "list"][..],
        &["feed", "add", "https://a.example/rss"],
    ] {
        let o = byline_within(home.path(), args, 20);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&o).contains("feeds.toml: not a regular file"),
            "{}",
            stderr(&o)
        );
    }
}

#[cfg(unix)]
#[test]
fn feeds_toml_that_is_a_fifo_is_refused_without_waiting_for_a_writer() {
    let home = tempfile::tempdir().unwrap();
    mkfifo(&home.path().join("feeds.toml"));
    for args in [
        &["feed", "list"][..],
        &["feed", "add", "https://a.example/rss"],
        &["refresh"],
    ] {
        let o = byline_within(home.path(), args, 20);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    }
}

#[cfg(unix)]
#[test]
fn feed_import_of_dev_zero_or_a_fifo_is_refused_without_reading_it() {
    let home = tempfile::tempdir().unwrap();
    let fifo = home.path().join("subs.opml");
    mkfifo(&fifo);
    for file in [Path::new("/dev/zero"), &fifo] {
        let o = byline_within(home.path(), &["feed", "import", file.to_str().unwrap()], 20);
        assert_eq!(o.status.code(), Some(1), "{}", file.display());
        assert!(
            stderr(&o).contains("not a regular file (a directory, FIFO or device); an OPML file must be a plain file"),
            "{}",
            stderr(&o)
        );
    }
    assert!(!home.path().join("feeds.toml").exists());
}

#[test]
fn twenty_feed_add_processes_at_once_keep_all_twenty_feeds() {
    let home = tempfile::tempdir().unwrap();
    let children: Vec<_> = (0..20)
        .map(|i| {
            std::process::Command::new(env!("CARGO_BIN_EXE_byline"))
                .env("BYLINE_HOME", home.path())
                .args(["feed", "add", &format!("https://feed{i}.example/rss")])
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let o = child.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let list = stdout(&byline(home.path(), &["feed", "list"]));
    assert_eq!(list.lines().count(), 20, "{list}");
    for i in 0..20 {
        assert!(
            list.contains(&format!("https://feed{i}.example/rss")),
            "{i}: {list}"
        );
    }
}

#[test]
fn a_comment_and_an_unknown_key_in_feeds_toml_survive_feed_add_and_remove() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("feeds.toml");
    std::fs::write(
        &path,
        "# Feeds I read on the train\n[[feed]]\nurl = \"https://a.example/rss\"\nshelf = \"morning\" # mine\n\n[[feed]]\nurl = \"https://b.example/rss\"\n",
    )
    .unwrap();
    let add = byline(home.path(), &["feed", "add", "https://c.example/rss"]);
    assert!(add.status.success(), "{}", stderr(&add));
    let remove = byline(home.path(), &["feed", "remove", "https://b.example/rss"]);
    assert!(remove.status.success(), "{}", stderr(&remove));
    let toml = std::fs::read_to_string(&path).unwrap();
    assert!(toml.starts_with("# Feeds I read on the train\n"), "{toml}");
    assert!(toml.contains("shelf = \"morning\" # mine"), "{toml}");
    assert!(toml.contains("https://c.example/rss"), "{toml}");
    assert!(!toml.contains("https://b.example/rss"), "{toml}");
}

#[test]
fn an_address_in_other_case_or_with_a_fragment_is_already_subscribed() {
    let home = tempfile::tempdir().unwrap();
    let first = byline(home.path(), &["feed", "add", "HTTP://Example.com/feed"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let again = byline(home.path(), &["feed", "add", "http://example.com/feed#x"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already subscribed"),
        "{}",
        stderr(&again)
    );
    let list = stdout(&byline(home.path(), &["feed", "list"]));
    assert_eq!(list.lines().count(), 1, "{list}");
}

#[test]
fn a_feed_listed_twice_in_feeds_toml_is_one_feed_with_a_warning() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join("feeds.toml"),
        "[[feed]]\nurl = \"https://a.example/rss\"\n[[feed]]\nurl = \"https://A.example/rss#dup\"\n",
    )
    .unwrap();
    let o = byline(home.path(), &["feed", "list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 1, "{}", stdout(&o));
    assert!(
        stderr(&o).starts_with("byline: ") && stderr(&o).contains("more than once"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn credentials_in_an_address_appear_neither_in_feed_list_nor_in_a_refresh_failure() {
    let server = Server::start(vec![]);
    let refused = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let home = tempfile::tempdir().unwrap();
    let secret_urls = [
        server
            .url("/gone")
            .replace("http://", "http://reader:hunter2@"),
        format!("http://reader:hunter2@127.0.0.1:{refused}/rss"),
        server
            .url("/token")
            .replace("http://", "http://s3cr3tt0ken@"),
    ];
    let mut everything = String::new();
    for url in &secret_urls {
        let o = byline(home.path(), &["feed", "add", url]);
        assert!(o.status.success(), "{}", stderr(&o));
        everything += &stderr(&o);
    }
    let again = byline(home.path(), &["feed", "add", &secret_urls[0]]);
    assert_eq!(again.status.code(), Some(1));
    let list = byline(home.path(), &["feed", "list"]);
    assert!(
        stdout(&list).contains("reader:***@127.0.0.1"),
        "{}",
        stdout(&list)
    );
    let refresh = byline(home.path(), &["refresh", "--timeout", "2"]);
    assert_eq!(refresh.status.code(), Some(1));
    assert!(stdout(&refresh).contains("failed"), "{}", stdout(&refresh));
    for o in [&again, &list, &refresh] {
        everything += &stdout(o);
        everything += &stderr(o);
    }
    assert!(!everything.contains("hunter2"), "{everything}");
    assert!(!everything.contains("s3cr3tt0ken"), "{everything}");
}

#[test]
fn an_iso_8859_1_opml_file_imports_with_its_titles_read_right() {
    let home = tempfile::tempdir().unwrap();
    let opml = home.path().join("latin1.opml");
    let mut bytes = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<opml version=\"1.0\"><body><outline text=\"Caf".to_vec();
    bytes.push(0xE9);
    bytes.extend_from_slice(b" du Port\" xmlUrl=\"https://cafe.example/rss\"/></body></opml>");
    std::fs::write(&opml, bytes).unwrap();
    let o = byline(home.path(), &["feed", "import", opml.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let list = stdout(&byline(home.path(), &["feed", "list"]));
    assert!(
        list.starts_with("Café du Port  https://cafe.example/rss"),
        "{list}"
    );
}

#[test]
fn an_opml_file_of_100000_outlines_imports_every_feed() {
    let home = tempfile::tempdir().unwrap();
    let opml = home.path().join("big.opml");
    let mut text = String::from("<?xml version=\"1.0\"?><opml version=\"2.0\"><body>\n");
    for i in 0..100_000 {
        text += &format!(
            "<outline text=\"Feed {i}\" xmlUrl=\"https://feeds{}.example/{i}\"/>\n",
            i % 97
        );
    }
    text += "</body></opml>\n";
    std::fs::write(&opml, text).unwrap();
    let o = byline(home.path(), &["feed", "import", opml.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("subscribed to 100000 new feeds"),
        "{}",
        stderr(&o)
    );
    let list = stdout(&byline(home.path(), &["feed", "list"]));
    assert_eq!(list.lines().count(), 100_000);
}

#[test]
fn a_story_dated_in_the_far_future_is_shown_as_first_seen_and_the_summary_says_so() {
    let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Tomorrow's Herald</title>
<item><title>News from 2199</title><guid>future-1</guid><pubDate>Tue, 01 Jan 2199 00:00:00 +0000</pubDate></item>
<item><title>News from 2026</title><guid>past-1</guid><pubDate>Mon, 09 Mar 2026 09:00:00 +0000</pubDate></item>
</channel></rss>"#;
    let server = Server::start(vec![("/rss", Route::ok(rss))]);
    let home = tempfile::tempdir().unwrap();
    byline(home.path(), &["feed", "add", &server.url("/rss")]);
    let o = byline(home.path(), &["refresh", "--timeout", "2"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).ends_with(
            "1 feed: 2 new stories, 0 failed; 1 story dated in the future: shown as first seen\n"
        ),
        "{}",
        stdout(&o)
    );
    let list = stdout(&byline(home.path(), &["list", "--json"]));
    let future: serde_json::Value = list
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|l| l["title"] == "News from 2199")
        .unwrap();
    let date = future["date"].as_str().unwrap();
    assert!(!date.starts_with("2199"), "{date}");
    let year: i32 = date[..4].parse().unwrap();
    assert!(
        (2026..2100).contains(&year),
        "dated when first seen: {date}"
    );
}

const HERALD: &str = "https://herald.example/rss";
const WIRE: &str = "https://wire.example/rss";

fn story(key: &str, title: &str, published: Option<i64>, link: Option<&str>) -> Story {
    Story {
        key: key.to_string(),
        title: title.to_string(),
        author: Some("Tomasz Reyes".to_string()),
        published,
        link: link.map(str::to_string),
        paragraphs: vec![format!("{title}: the story."), "More.".to_string()],
        first_seen: 1_773_000_000,
    }
}

/// A home as byline before the story database left it: feeds.toml, a JSON
/// cache per feed (one of a feed no longer subscribed) and a read mark.
fn home_with_json_caches() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    byline(home.path(), &["feed", "add", HERALD, "--name", "Herald"]);
    byline(home.path(), &["feed", "add", WIRE]);
    let dir = home.path().join("feeds");
    std::fs::create_dir_all(&dir).unwrap();
    let caches = [
        (
            HERALD,
            vec![
                story(
                    "guid:a1",
                    "Bridge vote delayed",
                    Some(1_773_223_200),
                    Some("https://herald.example/1"),
                ),
                story("guid:a2", "Undated \u{1b}[31mnotice", None, None),
            ],
        ),
        (
            WIRE,
            vec![
                story(
                    "guid:b1",
                    "Pilots call off strike",
                    Some(1_773_136_800),
                    Some("https://reader:hunter2@wire.example/b1"),
                ),
                story(
                    "link:https://wire.example/b2",
                    "Ferry fares frozen",
                    Some(1_773_136_800),
                    Some("https://wire.example/b2"),
                ),
            ],
        ),
        (
            "https://gone.example/rss",
            vec![story("guid:c1", "Unsubscribed", Some(1_773_000_000), None)],
        ),
    ];
    for (url, stories) in caches {
        FeedCache {
            url: url.to_string(),
            title: Some("Cached title".to_string()),
            etag: Some("\"v1\"".to_string()),
            last_modified: None,
            stories,
        }
        .save(&dir)
        .unwrap();
    }
    let mut store =
        byline::store::Store::open(&byline::store::StatePaths::in_dir(home.path())).unwrap();
    store.set_read(story_id(WIRE, "guid:b1"), true);
    store.sync();
    home
}

/// What `byline` printed for [`home_with_json_caches`] before the story
/// database, from its JSON caches (recorded with that version; a feed with
/// no title has since been named by its address, not its host).
const LIST_BEFORE: &str = "\
2026-03-11  Bridge vote delayed  Herald  https://herald.example/1
2026-03-10  Ferry fares frozen  https://wire.example/rss  https://wire.example/b2
2026-03-10  Pilots call off strike  https://wire.example/rss  https://reader:***@wire.example/b1
            Undated notice  Herald  https://herald.example/rss
";

const LIST_JSON_BEFORE: &str = r#"{"id":"b121ffee65054cfe","title":"Bridge vote delayed","date":"2026-03-11","dateline":null,"source":"Herald","path":"https://herald.example/1","read":false,"bookmarked":false}
{"id":"1aaf5a361410fe8b","title":"Ferry fares frozen","date":"2026-03-10","dateline":null,"source":"https://wire.example/rss","path":"https://wire.example/b2","read":false,"bookmarked":false}
{"id":"046ce9ef198310b2","title":"Pilots call off strike","date":"2026-03-10","dateline":null,"source":"https://wire.example/rss","path":"https://reader:***@wire.example/b1","read":true,"bookmarked":false}
{"id":"b121feee65054b4b","title":"Undated notice","date":null,"dateline":null,"source":"Herald","path":"https://herald.example/rss","read":false,"bookmarked":false}
"#;

const FEED_LIST_BEFORE: &str = "\
Herald  https://herald.example/rss  2 stories
https://wire.example/rss  https://wire.example/rss  2 stories
";

const MIGRATED: &str = "moved the cached stories of 3 feeds into the story database; \
                        the old files are in ";

#[test]
fn json_caches_move_into_the_database_once_saying_so_and_list_prints_what_it_printed_before() {
    let home = home_with_json_caches();
    let first = byline(home.path(), &["list"]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(stdout(&first), LIST_BEFORE);
    let said = stderr(&first);
    assert!(said.starts_with(&format!("byline: {MIGRATED}")), "{said}");
    assert!(said.trim_end().ends_with("feeds.migrated"), "{said}");
    assert_eq!(said.lines().count(), 1, "{said}");
    // Nothing is lost: the old files are kept aside, where they are not
    // imported again.
    assert!(!home.path().join("feeds").exists());
    let aside = std::fs::read_dir(home.path().join("feeds.migrated")).unwrap();
    assert_eq!(aside.count(), 3);
    let second = byline(home.path(), &["list"]);
    assert_eq!(stdout(&second), LIST_BEFORE);
    assert_eq!(stderr(&second), "", "said once");
    assert_eq!(
        stdout(&byline(home.path(), &["list", "--json"])),
        LIST_JSON_BEFORE
    );
    let feeds = byline(home.path(), &["feed", "list"]);
    assert_eq!(stdout(&feeds), FEED_LIST_BEFORE);
    assert_eq!(stderr(&feeds), "");
}

#[test]
fn the_json_caches_moved_by_feed_list_or_refresh_are_said_on_stderr_too() {
    let home = home_with_json_caches();
    let feeds = byline(home.path(), &["feed", "list"]);
    assert_eq!(stdout(&feeds), FEED_LIST_BEFORE);
    assert!(stderr(&feeds).contains(MIGRATED), "{}", stderr(&feeds));
    let home = home_with_json_caches();
    let refresh = byline(home.path(), &["refresh", "--timeout", "1"]);
    assert!(stderr(&refresh).contains(MIGRATED), "{}", stderr(&refresh));
}

#[test]
fn two_bylines_starting_at_once_import_the_json_caches_once() {
    let home = home_with_json_caches();
    let children: Vec<_> = (0..2)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_byline"))
                .env("BYLINE_HOME", home.path())
                .arg("list")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<Output> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    for o in &outputs {
        assert_eq!(stdout(o), LIST_BEFORE, "{}", stderr(o));
    }
    let said = outputs
        .iter()
        .filter(|o| stderr(o).contains(MIGRATED))
        .count();
    assert_eq!(said, 1);
    assert!(!home.path().join("feeds.migrated-2").exists());
}

/// `byline list --json`, a value per line.
fn list_json(home: &Path) -> Vec<serde_json::Value> {
    let o = byline(home, &["list", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_garbage_database_is_moved_aside_and_said_the_next_refresh_fills_it_and_read_marks_stay() {
    let server = Server::start(vec![("/rss", Route::fixture("rss2.xml"))]);
    let home = tempfile::tempdir().unwrap();
    byline(home.path(), &["feed", "add", &server.url("/rss")]);
    byline(home.path(), &["refresh", "--timeout", "5"]);
    let listed = list_json(home.path());
    assert_eq!(listed.len(), 2);
    let read = byline::article::ArticleId::parse(listed[1]["id"].as_str().unwrap()).unwrap();
    let mut store =
        byline::store::Store::open(&byline::store::StatePaths::in_dir(home.path())).unwrap();
    store.set_read(read, true);
    store.sync();
    drop(store);
    std::fs::write(home.path().join("library.db"), vec![0x5a; 64 * 1024]).unwrap();

    let o = byline(home.path(), &["list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "", "its stories went with it");
    let said = stderr(&o);
    assert!(said.starts_with("byline: the story database "), "{said}");
    assert!(
        said.contains("was damaged") && said.contains("moved it aside"),
        "{said}"
    );
    let aside: Vec<String> = std::fs::read_dir(home.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("library.db.damaged-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");

    let refresh = byline(home.path(), &["refresh", "--timeout", "5"]);
    assert_eq!(refresh.status.code(), Some(0), "{}", stderr(&refresh));
    assert!(stdout(&refresh).contains(": 2 new"), "{}", stdout(&refresh));
    let again = list_json(home.path());
    assert_eq!(again.len(), 2);
    let marked: Vec<bool> = again.iter().map(|l| l["read"].as_bool().unwrap()).collect();
    assert_eq!(marked, [false, true]);
    assert_eq!(again[1]["id"], listed[1]["id"]);
}

#[test]
fn feed_remove_forgets_the_feeds_stories() {
    let server = Server::start(vec![("/rss", Route::fixture("rss2.xml"))]);
    let home = tempfile::tempdir().unwrap();
    byline(home.path(), &["feed", "add", &server.url("/rss")]);
    byline(home.path(), &["refresh", "--timeout", "5"]);
    assert!(stdout(&byline(home.path(), &["feed", "list"])).ends_with("  2 stories\n"));
    let removed = byline(home.path(), &["feed", "remove", &server.url("/rss")]);
    assert!(removed.status.success(), "{}", stderr(&removed));
    byline(home.path(), &["feed", "add", &server.url("/rss")]);
    let list = stdout(&byline(home.path(), &["feed", "list"]));
    assert!(list.ends_with("  0 stories\n"), "{list}");
}

/// An RSS feed whose items are `items`, each linking to
/// `https://<host>/<n>` so the list tells the feeds apart.
fn rss(host: &str, items: std::ops::Range<usize>) -> String {
    let mut out =
        format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{host}</title>");
    for n in items {
        out += &format!(
            "<item><title>Story {n} of {host}</title><guid>{host}-{n}</guid>\
             <link>https://{host}/{n}</link><pubDate>Tue, 10 Mar 2026 10:00:00 +0000</pubDate>\
             <description>&lt;p&gt;The council met about story {n}.&lt;/p&gt;</description></item>"
        );
    }
    out + "</channel></rss>"
}

/// Answers `bodies.len()` requests on 127.0.0.1, the nth request with the
/// nth body, and none before all have arrived: their refreshes overlap.
fn serve_together(bodies: Vec<String>) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        let mut waiting = Vec::new();
        for stream in listener.incoming().take(bodies.len()) {
            let mut stream = stream.unwrap();
            let mut head = Vec::new();
            let mut buf = [0u8; 4096];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => head.extend_from_slice(&buf[..n]),
                }
            }
            waiting.push(stream);
        }
        for (mut stream, body) in waiting.into_iter().zip(bodies) {
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    format!("http://{addr}/rss")
}

#[test]
fn two_refreshes_of_one_feed_at_once_lose_none_of_either_ones_new_stories() {
    // Overlapping halves: each refresh finds stories the other did not.
    let url = serve_together(vec![
        rss("wire.example", 0..60),
        rss("wire.example", 40..100),
    ]);
    let home = tempfile::tempdir().unwrap();
    byline(home.path(), &["feed", "add", &url]);
    let children: Vec<_> = (0..2)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_byline"))
                .env("BYLINE_HOME", home.path())
                .args(["refresh", "--timeout", "30"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut new = 0;
    let mut said = String::new();
    for child in children {
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let out = stdout(&o);
        said.push_str(&out);
        said.push_str(&stderr(&o));
        let n: usize = out
            .split(": ")
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .unwrap()
            .parse()
            .unwrap();
        new += n;
    }
    let listed = list_json(home.path());
    let mut paths: Vec<&str> = listed.iter().map(|l| l["path"].as_str().unwrap()).collect();
    paths.sort_unstable();
    paths.dedup();
    assert_eq!(paths.len(), 100, "every story kept: {said}");
    assert_eq!(listed.len(), 100, "each story once: {said}");
    assert_eq!(new, 100, "each story new to exactly one of them: {said}");
}

#[test]
fn a_refresh_killed_mid_way_leaves_whole_feeds_that_list_and_a_refresh_that_completes() {
    const FEEDS: usize = 12;
    const ITEMS: usize = 300;
    let routes: Vec<(String, Route)> = (0..FEEDS)
        .map(|i| {
            let mut route = Route::ok(rss(&format!("f{i}.example"), 0..ITEMS));
            route.delay = std::time::Duration::from_millis(150);
            (format!("/f{i}"), route)
        })
        .collect();
    let server = Server::start(
        routes
            .iter()
            .map(|(p, r)| (p.as_str(), r.clone()))
            .collect(),
    );
    let home = tempfile::tempdir().unwrap();
    for i in 0..FEEDS {
        byline(
            home.path(),
            &["feed", "add", &server.url(&format!("/f{i}"))],
        );
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_byline"))
        .env("BYLINE_HOME", home.path())
        .args(["refresh", "--timeout", "30"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Killed once some feeds are in and others are still coming (two at a
    // time from one host).
    while server.requests().len() < FEEDS / 2 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let whole = |listed: &[serde_json::Value]| {
        let mut per_feed = std::collections::HashMap::<String, usize>::new();
        for l in listed {
            let path = l["path"].as_str().unwrap();
            let host = path.split('/').nth(2).unwrap().to_string();
            *per_feed.entry(host).or_default() += 1;
        }
        assert!(per_feed.values().all(|&n| n == ITEMS), "{per_feed:?}");
        per_feed.len()
    };
    let after_kill = whole(&list_json(home.path()));
    assert!(after_kill < FEEDS, "killed before the end: {after_kill}");
    let refresh = byline(home.path(), &["refresh", "--timeout", "30"]);
    assert_eq!(refresh.status.code(), Some(0), "{}", stderr(&refresh));
    assert_eq!(whole(&list_json(home.path())), FEEDS);
}

#[test]
fn a_library_of_100000_feed_stories_made_through_the_database_lists_every_one() {
    const FEEDS: usize = 100;
    const STORIES: usize = 1000;
    let home = tempfile::tempdir().unwrap();
    let paths = byline::store::FeedPaths::in_dir(home.path());
    let mut subs = byline::feed::Subscriptions::default();
    let opened = byline::db::Db::open(&paths.database);
    assert!(opened.notice.is_none(), "{:?}", opened.notice);
    let mut db = opened.db;
    for f in 0..FEEDS {
        let url = format!("https://feed{f}.example/rss");
        subs.add(&url, None).unwrap();
        let stories = (0..STORIES)
            .map(|n| Story {
                key: format!("guid:{n}"),
                title: format!("Story {n} of feed {f}"),
                author: None,
                published: Some(1_700_000_000 + (n * 3600) as i64),
                link: Some(format!("https://feed{f}.example/{n}")),
                paragraphs: vec![format!("The body of story {n}.")],
                first_seen: 1_700_000_000,
            })
            .collect();
        let meta = byline::db::FeedMeta::default();
        let limits = byline::feed::CacheLimits {
            max_age_days: 100_000,
            max_stories_per_feed: STORIES,
        };
        db.merge_feed(&url, &meta, stories, 1_800_000_000, limits)
            .unwrap();
    }
    drop(db);
    subs.save(&paths.subscriptions).unwrap();
    let o = byline(home.path(), &["list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), FEEDS * STORIES);
    assert_eq!(stderr(&o), "");
    let feeds = stdout(&byline(home.path(), &["feed", "list"]));
    assert_eq!(feeds.lines().count(), FEEDS);
    assert!(
        feeds.lines().all(|l| l.ends_with("  1000 stories")),
        "{feeds}"
    );
}

#[test]
fn feed_add_full_text_and_refresh_say_which_pages_gave_no_whole_story() {
    let mut article =
        Route::ok(std::fs::read(common::server::fixture_path("article.html")).unwrap());
    article
        .headers
        .push(("Content-Type".into(), "text/html".into()));
    let server = Server::start(vec![("/story", article)]);
    let teaser = "The harbour board voted to run a night ferry.";
    let rss = format!(
        r#"<rss version="2.0"><channel><title>Gazette</title>
<item><title>Night ferry</title><guid>1</guid><link>{}</link><description>{teaser}</description></item>
<item><title>Gone</title><guid>2</guid><link>{}</link><description>{teaser}</description></item>
</channel></rss>"#,
        server.url("/story"),
        server.url("/gone")
    );
    server.set("/rss", Route::ok(rss));
    let home = tempfile::tempdir().unwrap();
    let add = byline(
        home.path(),
        &["feed", "add", &server.url("/rss"), "--full-text"],
    );
    assert!(add.status.success(), "{}", stderr(&add));
    assert!(stderr(&add).contains("with the whole text of each new story"));
    let toml = std::fs::read_to_string(home.path().join("feeds.toml")).unwrap();
    assert!(toml.contains("full_text = true"), "{toml}");

    let o = byline(home.path(), &["refresh", "--timeout", "2"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "Gazette: 2 new\n\
         Gazette: “Gone”: no whole story: the page answered HTTP 404 Not Found; it keeps its summary\n\
         1 whole story fetched from 2 pages; 1 kept its summary\n\
         1 feed: 2 new stories, 0 failed\n"
    );
    let found = byline(home.path(), &["search", "nurses", "hospital"]);
    assert!(stdout(&found).contains("Night ferry"), "{}", stdout(&found));
}
