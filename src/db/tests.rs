use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};
use std::time::Duration;

use super::*;
use crate::feed::CacheLimits;
use crate::feed::cache::FeedCache;
use crate::feed::convert::{Story, story_id};

const FEED: &str = "https://x.example/rss";
const YEAR_2199: i64 = 7_226_582_400;

fn story(key: &str, first_seen: i64) -> Story {
    Story {
        key: key.to_string(),
        title: format!("Title {key}"),
        author: Some("Ana Ruiz".to_string()),
        published: Some(first_seen),
        link: Some(format!("https://x.example/{key}")),
        paragraphs: vec![format!("{key} body"), "Second paragraph.".to_string()],
        first_seen,
    }
}

fn titled(key: &str, title: &str, body: &str, published: i64) -> Story {
    Story {
        title: title.to_string(),
        paragraphs: vec![body.to_string()],
        published: Some(published),
        ..story(key, published)
    }
}

fn meta(title: &str) -> FeedMeta {
    FeedMeta {
        title: Some(title.to_string()),
        etag: Some("\"e1\"".to_string()),
        last_modified: None,
    }
}

fn open_fresh(path: &Path) -> Db {
    let opened = Db::open(path);
    assert_eq!(opened.notice, None);
    opened.db
}

/// Stores one story, "a", of FEED.
fn add_story_a(db: &mut Db) {
    db.merge_feed(
        FEED,
        &meta("X"),
        vec![story("a", 10)],
        10,
        CacheLimits::default(),
    )
    .expect("merge");
}

/// A database file of its own directory, holding one story, "a", of FEED.
fn file_with_story_a() -> (tempfile::TempDir, PathBuf, Db) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("stories.db");
    let mut db = open_fresh(&path);
    add_story_a(&mut db);
    (dir, path, db)
}

/// Every stored story of a feed, whole, by key.
fn stored(db: &Db, url: &str) -> Vec<Story> {
    let mut stories: Vec<Story> = db
        .feed_rows(&[url])
        .expect("rows")
        .iter()
        .map(|r| db.feed_story(url, &r.key).expect("story").expect("found"))
        .collect();
    stories.sort_by(|a, b| a.key.cmp(&b.key));
    stories
}

fn keys_found(db: &Db, query: &str) -> Vec<String> {
    db.search(query, 100)
        .expect("search")
        .into_iter()
        .map(|h| match h.hit {
            Hit::Feed { key, .. } => key,
            Hit::File { path } => path.display().to_string(),
        })
        .collect()
}

#[test]
fn the_bundled_sqlite_has_fts5() {
    let conn = rusqlite::Connection::open_in_memory().expect("memory");
    conn.execute_batch(
        "CREATE VIRTUAL TABLE t USING fts5 (body); INSERT INTO t VALUES ('quoted speakers');",
    )
    .expect("fts5");
    let n: i64 = conn
        .query_row("SELECT count(*) FROM t WHERE t MATCH 'speakers'", [], |r| {
            r.get(0)
        })
        .expect("match");
    assert_eq!(n, 1);
}

#[test]
fn a_new_database_is_in_wal_mode_at_the_current_schema_version() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = open_fresh(&dir.path().join("sub/stories.db"));
    let mode: String = db
        .conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("mode");
    assert_eq!(mode, "wal");
    let version: i64 = db
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, SCHEMA_VERSION);
}

#[test]
fn a_database_opens_again_with_what_it_kept_and_no_notice() {
    let (_dir, path, db) = file_with_story_a();
    drop(db);
    let db = open_fresh(&path);
    assert_eq!(db.feed_story_count(FEED).expect("count"), 1);
}

#[test]
fn merged_stories_read_back_as_rows_and_as_whole_stories() {
    let mut db = Db::in_memory();
    let merged = db
        .merge_feed(
            FEED,
            &meta("X News"),
            vec![story("a", 10), story("b", 10)],
            10,
            CacheLimits::default(),
        )
        .expect("merge");
    assert_eq!(merged.new, vec![story("a", 10), story("b", 10)]);
    let rows = db
        .feed_rows(&[FEED, "https://unknown.example/"])
        .expect("rows");
    assert_eq!(rows.len(), 2);
    let a = &rows[0];
    assert_eq!(
        (a.feed_url.as_str(), a.key.as_str(), a.title.as_str()),
        (FEED, "a", "Title a")
    );
    assert_eq!(a.author.as_deref(), Some("Ana Ruiz"));
    assert_eq!(
        (a.published, a.first_seen, a.link.as_deref()),
        (Some(10), 10, Some("https://x.example/a"))
    );
    assert_eq!(
        format!("{:016x}", a.id),
        story_id(FEED, "a").to_string(),
        "the id is the story's ArticleId"
    );
    assert_eq!(
        db.feed_story(FEED, "a").expect("story"),
        Some(story("a", 10))
    );
    assert_eq!(db.feed_story(FEED, "zzz").expect("story"), None);
    assert_eq!(db.feed_story_count(FEED).expect("count"), 2);
    assert_eq!(db.feed_meta(FEED).expect("meta"), meta("X News"));
    assert_eq!(
        db.feed_meta("https://unknown.example/").expect("meta"),
        FeedMeta::default()
    );
}

#[test]
fn a_refresh_replaces_the_validators_but_keeps_the_title_when_it_has_none() {
    let mut db = Db::in_memory();
    db.merge_feed(FEED, &meta("X News"), vec![], 10, CacheLimits::default())
        .expect("merge");
    let later = FeedMeta {
        title: None,
        etag: None,
        last_modified: Some("Tue, 10 Mar 2026 10:00:00 GMT".to_string()),
    };
    db.merge_feed(FEED, &later, vec![], 20, CacheLimits::default())
        .expect("merge");
    let kept = db.feed_meta(FEED).expect("meta");
    assert_eq!(kept.title.as_deref(), Some("X News"));
    assert_eq!(kept.etag, None);
    assert_eq!(kept.last_modified, later.last_modified);
}

#[test]
fn merging_matches_the_json_cache_merge_on_the_same_refreshes() {
    let limits = CacheLimits {
        max_age_days: 1,
        max_stories_per_feed: 3,
    };
    let day = 86_400;
    let future_at = |first_seen| Story {
        published: Some(YEAR_2199),
        ..story("future", first_seen)
    };
    let mut corrected = story("a", 100);
    corrected.title = "A, corrected".to_string();
    let refreshes: Vec<(i64, Vec<Story>)> = vec![
        (
            0,
            vec![story("a", 0), story("b", 0), story("c", 0), future_at(0)],
        ),
        // Known stories keep their first sighting; the count limit prunes.
        (100, vec![corrected, story("d", 100)]),
        // The age limit prunes what left the feed.
        (3 * day, vec![story("d", 3 * day), story("e", 3 * day)]),
        // Back after it was pruned: new again, future-dated again.
        (4 * day, vec![future_at(4 * day), story("e", 4 * day)]),
        (4 * day, vec![]),
    ];
    let mut cache = FeedCache {
        url: FEED.to_string(),
        ..FeedCache::default()
    };
    let mut db = Db::in_memory();
    for (i, (now, fresh)) in refreshes.into_iter().enumerate() {
        let expected = cache.merge(fresh.clone(), now, limits);
        let got = db
            .merge_feed(FEED, &meta("X"), fresh, now, limits)
            .expect("merge");
        assert_eq!(got, expected, "refresh {i}: what the merge says");
        let mut kept = cache.stories.clone();
        kept.sort_by(|a, b| a.key.cmp(&b.key));
        assert_eq!(stored(&db, FEED), kept, "refresh {i}: what is kept");
    }
    assert_eq!(stored(&db, FEED).len(), 2);
}

#[test]
fn pruned_and_corrected_stories_leave_the_search_index() {
    let limits = CacheLimits {
        max_age_days: 1,
        max_stories_per_feed: 100,
    };
    let mut db = Db::in_memory();
    let old = titled("old", "Harbour bridge", "closed", 0);
    let kept = titled("kept", "Ferry timetable", "changed", 0);
    db.merge_feed(FEED, &meta("X"), vec![old, kept], 0, limits)
        .expect("merge");
    assert_eq!(keys_found(&db, "harbour"), ["old"]);
    let corrected = titled("kept", "Tram timetable", "changed", 0);
    db.merge_feed(FEED, &meta("X"), vec![corrected], 3 * 86_400, limits)
        .expect("merge");
    assert!(keys_found(&db, "harbour").is_empty(), "pruned");
    assert!(keys_found(&db, "ferry").is_empty(), "corrected");
    assert_eq!(keys_found(&db, "tram"), ["kept"]);
}

#[test]
fn two_processes_merging_one_feed_at_once_keep_every_story() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("stories.db");
    drop(open_fresh(&path));
    let rounds = 20;
    let barrier = Arc::new(Barrier::new(2));
    let writers: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|who| {
            let path = path.clone();
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                let mut db = open_fresh(&path);
                for round in 0..rounds {
                    // Each process's fetch has the shared stories and its own new one.
                    let mut fresh = vec![story("shared", round)];
                    fresh.extend((0..=round).map(|r| story(&format!("{who}{r}"), round)));
                    barrier.wait();
                    db.merge_feed(FEED, &meta("X"), fresh, round, CacheLimits::default())
                        .expect("merge");
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("writer");
    }
    let db = open_fresh(&path);
    assert_eq!(
        db.feed_story_count(FEED).expect("count"),
        1 + 2 * rounds as usize
    );
    assert_eq!(keys_found(&db, "shared"), ["shared"], "indexed once");
}

#[test]
fn many_bylines_opening_a_new_database_at_once_all_get_the_file() {
    // Switching a new file to WAL fails at once, without SQLite's busy
    // wait, when another connection is switching it too.
    for round in 0..100 {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("stories.db");
        let barrier = Arc::new(Barrier::new(6));
        let openers: Vec<_> = (0..6)
            .map(|_| {
                let path = path.clone();
                let barrier = Arc::clone(&barrier);
                std::thread::spawn(move || {
                    barrier.wait();
                    let opened = Db::open(&path);
                    (opened.notice, opened.db.path.is_some())
                })
            })
            .collect();
        for o in openers {
            let (notice, on_disk) = o.join().expect("opener");
            assert_eq!(notice, None, "round {round}");
            assert!(on_disk, "round {round}: the file, not memory");
        }
    }
}

#[test]
fn an_imported_json_cache_reads_back_as_it_was() {
    let cache = FeedCache {
        url: FEED.to_string(),
        title: Some("X News".to_string()),
        etag: Some("\"e\"".to_string()),
        last_modified: Some("yesterday".to_string()),
        stories: vec![story("a", 1), story("b", 2)],
    };
    let mut db = Db::in_memory();
    assert_eq!(db.import_feed_cache(&cache).expect("import"), 2);
    assert_eq!(db.import_feed_cache(&cache).expect("again"), 2);
    assert_eq!(stored(&db, FEED), cache.stories, "imported once");
    let meta = db.feed_meta(FEED).expect("meta");
    assert_eq!(
        (meta.title, meta.etag, meta.last_modified),
        (cache.title, cache.etag, cache.last_modified)
    );
    assert_eq!(keys_found(&db, "\"a body\""), ["a"]);
}

#[test]
fn a_removed_feed_takes_its_stories_with_it() {
    let mut db = Db::in_memory();
    db.merge_feed(
        FEED,
        &meta("X"),
        vec![story("a", 1)],
        1,
        CacheLimits::default(),
    )
    .expect("merge");
    assert_eq!(db.remove_feed(FEED).expect("remove"), 1);
    assert_eq!(db.feed_story_count(FEED).expect("count"), 0);
    assert_eq!(db.feed_meta(FEED).expect("meta"), FeedMeta::default());
    assert!(keys_found(&db, "body").is_empty());
    assert_eq!(db.remove_feed(FEED).expect("again"), 0);
}

#[test]
fn a_hundred_thousand_feed_rows_are_stored_and_read_back() {
    let mut db = Db::in_memory();
    let feeds: Vec<String> = (0..100)
        .map(|f| format!("https://x.example/{f}/rss"))
        .collect();
    for (f, url) in feeds.iter().enumerate() {
        let fresh = (0..1000)
            .map(|n| story(&format!("guid:{f}-{n}"), i64::from(n)))
            .collect();
        db.merge_feed(url, &meta(url), fresh, 1000, CacheLimits::default())
            .expect("merge");
    }
    let urls: Vec<&str> = feeds.iter().map(String::as_str).collect();
    let rows = db.feed_rows(&urls).expect("rows");
    assert_eq!(rows.len(), 100_000);
    assert_eq!(rows[99_999].feed_url, feeds[99]);
    assert_eq!(rows[99_999].key, "guid:99-999");
    assert_eq!(db.feed_story_count(&feeds[42]).expect("count"), 1000);
}

// ---- opening damaged, newer, locked and read-only databases ----

fn set_aside_files(dir: &Path, kind: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!("stories.db.{kind}-")))
        .collect();
    names.sort();
    names
}

fn assert_starts_anew(path: &Path, kind: &str, says: &str) {
    let dir = path.parent().expect("dir");
    let Opened { mut db, notice } = Db::open(path);
    let notice = notice.expect("a notice");
    assert!(notice.contains(says), "{notice}");
    assert!(notice.contains("moved it aside to"), "{notice}");
    assert!(notice.contains("started a new one"), "{notice}");
    let aside = set_aside_files(dir, kind);
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert!(notice.contains(&aside[0]), "{notice}");
    assert_eq!(db.label(), path.display().to_string(), "a file, not memory");
    db.merge_feed(
        FEED,
        &meta("X"),
        vec![story("a", 1)],
        1,
        CacheLimits::default(),
    )
    .expect("the new database works");
    drop(db);
    assert_eq!(Db::open(path).notice, None, "and opens again as it is");
}

#[test]
fn a_file_that_is_not_a_database_is_moved_aside_and_a_new_one_started() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("stories.db");
    std::fs::write(&path, b"{\"not\": \"a database\"}\n".repeat(100)).expect("write");
    assert_starts_anew(&path, "damaged", "not an SQLite database");
}

#[test]
fn a_truncated_database_is_moved_aside_and_a_new_one_started() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("stories.db");
    let mut db = open_fresh(&path);
    let fresh = (0..500).map(|n| story(&n.to_string(), n)).collect();
    db.merge_feed(FEED, &meta("X"), fresh, 500, CacheLimits::default())
        .expect("merge");
    drop(db);
    assert!(
        !with_suffix(&path, "-wal").exists(),
        "checkpointed on close"
    );
    let len = std::fs::metadata(&path).expect("size").len();
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .expect("open");
    file.set_len(len / 2).expect("truncate");
    drop(file);
    assert_starts_anew(&path, "damaged", "truncated");
}

#[test]
fn a_damaged_page_is_found_when_the_database_is_small() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("stories.db");
    let mut db = open_fresh(&path);
    let fresh = (0..200).map(|n| story(&n.to_string(), n)).collect();
    db.merge_feed(FEED, &meta("X"), fresh, 200, CacheLimits::default())
        .expect("merge");
    drop(db);
    let mut bytes = std::fs::read(&path).expect("read");
    // Past the header and the schema's page, every page is scribbled on.
    for page in bytes.chunks_mut(4096).skip(2) {
        page[..64].fill(0x5a);
    }
    std::fs::write(&path, bytes).expect("write");
    assert_starts_anew(&path, "damaged", "was damaged");
}

#[test]
fn a_database_from_a_newer_byline_is_moved_aside_as_newer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("stories.db");
    let db = open_fresh(&path);
    db.conn
        .pragma_update(None, "user_version", 99)
        .expect("version");
    drop(db);
    assert_starts_anew(&path, "newer", "version 99");
}

#[test]
fn a_database_with_its_wal_is_moved_aside_with_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("stories.db");
    let db = open_fresh(&path);
    db.conn
        .pragma_update(None, "user_version", 99)
        .expect("version");
    // Kept open: its -wal and -shm are there.
    assert!(with_suffix(&path, "-wal").exists());
    let Opened { notice, .. } = Db::open(&path);
    assert!(notice.expect("a notice").contains("newer"));
    let aside = dir.path().join(&set_aside_files(dir.path(), "newer")[0]);
    assert!(with_suffix(&aside, "-wal").exists(), "moved with it");
    drop(db);
}

#[test]
fn a_database_that_cannot_be_created_is_kept_in_memory_with_a_notice() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("a file");
    std::fs::write(&file, "").expect("write");
    let Opened { mut db, notice } = Db::open(&file.join("stories.db"));
    let notice = notice.expect("a notice");
    assert!(
        notice.contains("could not open the story database"),
        "{notice}"
    );
    assert!(notice.contains("kept in memory"), "{notice}");
    assert_eq!(db.label(), "in memory");
    db.merge_feed(
        FEED,
        &meta("X"),
        vec![story("a", 1)],
        1,
        CacheLimits::default(),
    )
    .expect("memory works");
}

#[test]
fn a_read_only_database_shows_its_stories_and_refuses_changes_clearly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("stories.db");
    let mut db = open_fresh(&path);
    db.merge_feed(
        FEED,
        &meta("X"),
        vec![story("a", 1)],
        1,
        CacheLimits::default(),
    )
    .expect("merge");
    // What was indexed before the file became read-only is found.
    assert_eq!(db.index_pending(usize::MAX).expect("index"), 1);
    drop(db);
    // Opened as `open` does when the file or its directory is read-only
    // (which tests run as root cannot make it).
    let mut db = open::open_read_only(&path, Options::default()).expect("read-only");
    assert_eq!(db.feed_story_count(FEED).expect("count"), 1);
    assert_eq!(keys_found(&db, "body"), ["a"]);
    let err = db
        .merge_feed(
            FEED,
            &meta("X"),
            vec![story("b", 2)],
            2,
            CacheLimits::default(),
        )
        .expect_err("read-only");
    assert!(matches!(err, DbError::ReadOnly { .. }), "{err:?}");
    assert!(err.to_string().contains("is read-only"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_read_only_directory_opens_its_database_read_only_with_a_notice() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("stories.db");
    let mut db = open_fresh(&path);
    db.merge_feed(
        FEED,
        &meta("X"),
        vec![story("a", 1)],
        1,
        CacheLimits::default(),
    )
    .expect("merge");
    drop(db);
    let set = |mode| {
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(mode)).expect("chmod")
    };
    set(0o555);
    if std::fs::write(dir.path().join("probe"), "").is_ok() {
        // Root writes anyway; the test above covers the read-only database.
        set(0o755);
        return;
    }
    let Opened { db, notice } = Db::open(&path);
    set(0o755);
    let notice = notice.expect("a notice");
    assert!(notice.contains("read-only"), "{notice}");
    assert_eq!(db.feed_story_count(FEED).expect("count"), 1);
}

#[test]
fn a_write_blocked_longer_than_the_busy_timeout_fails_with_a_clear_message() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("stories.db");
    let mut db = Db::open_with(
        &path,
        Options {
            busy_timeout: Duration::from_millis(200),
        },
    )
    .db;
    db.merge_feed(
        FEED,
        &meta("X"),
        vec![story("a", 1)],
        1,
        CacheLimits::default(),
    )
    .expect("merge");
    let other = rusqlite::Connection::open(&path).expect("other");
    other.execute_batch("BEGIN EXCLUSIVE").expect("lock");
    let err = db
        .merge_feed(
            FEED,
            &meta("X"),
            vec![story("b", 2)],
            2,
            CacheLimits::default(),
        )
        .expect_err("busy");
    assert!(matches!(err, DbError::Busy { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(
        message.contains("busy: another byline has been writing to it for more than 0.2 s"),
        "{message}"
    );
    // Readers are not held up by a writer.
    assert_eq!(db.feed_story_count(FEED).expect("count"), 1);
    other.execute_batch("COMMIT").expect("unlock");
    db.merge_feed(
        FEED,
        &meta("X"),
        vec![story("b", 2)],
        2,
        CacheLimits::default(),
    )
    .expect("then it works");
}

#[test]
fn set_aside_after_damage_found_later_starts_a_new_database() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("stories.db");
    let db = open_fresh(&path);
    let Opened { db, notice } = db.set_aside("a page could not be read");
    let notice = notice.expect("a notice");
    assert!(notice.contains("a page could not be read"), "{notice}");
    assert_eq!(set_aside_files(dir.path(), "damaged").len(), 1);
    assert_eq!(db.feed_story_count(FEED).expect("count"), 0);
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

// ---- search ----

fn library() -> Db {
    let mut db = Db::in_memory();
    let fresh = vec![
        titled(
            "bridge",
            "Council approves the harbour bridge",
            "Work starts in May.",
            100,
        ),
        titled(
            "budget",
            "City budget",
            "The harbour bridge costs doubled, critics say.",
            200,
        ),
        titled(
            "ferry",
            "Ferry strike",
            "No boats cross the harbour today.",
            300,
        ),
        titled(
            "word order",
            "Bridge harbour",
            "A painting of a bridge.",
            50,
        ),
    ];
    db.merge_feed(FEED, &meta("X News"), fresh, 1000, CacheLimits::default())
        .expect("merge");
    db
}

#[test]
fn every_word_of_a_query_must_match() {
    let db = library();
    let mut found = keys_found(&db, "harbour bridge");
    found.sort();
    assert_eq!(found, ["bridge", "budget", "word order"]);
    assert_eq!(keys_found(&db, "ferry strike"), ["ferry"]);
    assert!(keys_found(&db, "ferry bridge").is_empty());
}

#[test]
fn a_quoted_phrase_matches_its_words_in_order() {
    let db = library();
    let mut found = keys_found(&db, "\"harbour bridge\"");
    found.sort();
    assert_eq!(found, ["bridge", "budget"]);
    assert_eq!(
        keys_found(&db, "\"bridge harbour\" painting"),
        ["word order"]
    );
}

#[test]
fn a_title_match_ranks_above_a_body_match() {
    let db = library();
    let hits = db.search("\"harbour bridge\"", 10).expect("search");
    assert_eq!(hits.len(), 2);
    assert_eq!(
        hits[0].hit,
        Hit::Feed {
            feed_url: FEED.to_string(),
            key: "bridge".to_string()
        }
    );
    assert!(hits[0].rank < hits[1].rank, "{hits:?}");
    assert_eq!(hits[0].title, "Council approves the harbour bridge");
    assert_eq!(hits[0].date, crate::feed::convert::date_of(100));
    assert_eq!(
        format!("{:016x}", hits[0].id),
        story_id(FEED, "bridge").to_string()
    );
}

#[test]
fn among_equal_matches_the_newest_comes_first() {
    let mut db = Db::in_memory();
    let fresh = (0..5)
        .map(|n| {
            titled(
                &format!("s{n}"),
                "Same title",
                "Same body.",
                [30, 10, 50, 20, 40][n],
            )
        })
        .collect();
    db.merge_feed(FEED, &meta("X"), fresh, 100, CacheLimits::default())
        .expect("merge");
    assert_eq!(
        keys_found(&db, "same title"),
        ["s2", "s4", "s0", "s3", "s1"]
    );
    assert_eq!(db.search("same", 2).expect("search").len(), 2, "limited");
}

#[test]
fn a_page_of_equal_matches_holds_the_newest_of_them_all() {
    let mut db = Db::in_memory();
    let fresh = (0..40)
        .map(|n| {
            titled(
                &format!("s{n}"),
                "Same title",
                "Same body.",
                (n * 7919) % 400,
            )
        })
        .collect();
    db.merge_feed(FEED, &meta("X"), fresh, 1000, CacheLimits::default())
        .expect("merge");
    let page: Vec<Option<crate::article::Date>> = db
        .search("same", 3)
        .expect("search")
        .iter()
        .map(|h| h.date)
        .collect();
    let mut all: Vec<Option<crate::article::Date>> = db
        .search("same", usize::MAX)
        .expect("search")
        .iter()
        .map(|h| h.date)
        .collect();
    assert_eq!(all.len(), 40);
    all.truncate(3);
    assert_eq!(page, all);
    let newest: Vec<String> = db
        .search("same", 3)
        .expect("search")
        .into_iter()
        .map(|h| match h.hit {
            Hit::Feed { key, .. } => key,
            Hit::File { .. } => String::new(),
        })
        .collect();
    // Published (n * 7919) % 400: the largest are n = 1, 2 and 31's.
    let published = |k: &str| (k[1..].parse::<i64>().expect("n") * 7919) % 400;
    let mut by_date: Vec<String> = (0..40).map(|n| format!("s{n}")).collect();
    by_date.sort_by_key(|k| std::cmp::Reverse(published(k)));
    assert_eq!(newest, by_date[..3]);
}

#[test]
fn the_last_word_also_matches_the_start_of_a_longer_one() {
    let db = library();
    assert_eq!(keys_found(&db, "ferry str"), ["ferry"]);
    assert!(
        keys_found(&db, "ferry str ").is_empty(),
        "not once a space follows"
    );
    assert!(keys_found(&db, "\"ferry str\"").is_empty(), "nor in quotes");
}

#[test]
fn the_source_and_author_are_searched_too() {
    let db = library();
    assert_eq!(keys_found(&db, "ruiz ferry"), ["ferry"]);
    assert_eq!(keys_found(&db, "news ferry"), ["ferry"]);
}

#[test]
fn no_query_is_an_error_whatever_it_holds() {
    let db = library();
    for query in [
        "",
        " ",
        "\"",
        "\"\"",
        "\"harbour",
        "AND",
        "harbour AND",
        "OR NOT",
        "*",
        "harbour*",
        "NEAR(",
        "NEAR(harbour bridge)",
        "a:b",
        "title:harbour",
        "-",
        "- harbour",
        "^harbour",
        "{title}: x",
        "(",
        ")",
        "+",
        "'",
        "''",
        "\\",
        "ͅ",
        "harbour\0bridge",
        "🦀",
        "%",
        "x\"y\"z",
    ] {
        if let Err(e) = db.search(query, 10) {
            panic!("{query:?}: {e}");
        }
    }
    assert!(db.search("", 10).expect("empty").is_empty());
    assert!(db.search("* - ( )", 10).expect("punctuation").is_empty());
    assert_eq!(
        keys_found(&db, "title:strike"),
        Vec::<String>::new(),
        "no column filter"
    );
    let mut found = keys_found(&db, "harbour AND bridge");
    found.sort();
    assert!(found.is_empty(), "AND is a word like any other: {found:?}");
}

#[test]
fn queries_quote_every_term() {
    assert_eq!(
        fts_query("harbour bridge").as_deref(),
        Some("\"harbour\" \"bridge\" *")
    );
    assert_eq!(
        fts_query("\"harbour bridge\"").as_deref(),
        Some("\"harbour bridge\"")
    );
    assert_eq!(
        fts_query("NEAR( a:b ").as_deref(),
        Some("\"NEAR(\" \"a:b\"")
    );
    assert_eq!(fts_query("on my").as_deref(), Some("\"on\" \"my\""));
    assert_eq!(fts_query("* - \"\""), None);
}

fn file(path: &str, title: &str, date: Option<&str>) -> FileRow {
    FileRow {
        path: PathBuf::from(path),
        size: 1234,
        mtime_ns: 1_700_000_000_123_456_789,
        id: crate::article::ArticleId::from_key(path).bits(),
        title: title.to_string(),
        date: date.map(str::to_string),
        dateline: Some("LONDON".to_string()),
        source: Some("The Paper".to_string()),
        author: None,
        url: None,
    }
}

#[test]
fn files_and_feed_stories_are_searched_together() {
    let mut db = library();
    db.put_files(&[(
        file("/lib/ferry.txt", "Ferry timetable", Some("2026-03-10")),
        "The harbour ferry runs hourly.".to_string(),
    )])
    .expect("put");
    let hits = db.search("ferry", 10).expect("search");
    assert_eq!(hits.len(), 2);
    let hit = hits
        .iter()
        .find(|h| matches!(h.hit, Hit::File { .. }))
        .expect("the file");
    assert_eq!(
        hit.hit,
        Hit::File {
            path: PathBuf::from("/lib/ferry.txt")
        }
    );
    assert_eq!(hit.date, crate::article::Date::new(2026, 3, 10));
    assert_eq!(hit.title, "Ferry timetable");
}

// ---- story files ----

#[test]
fn files_under_a_root_are_listed_but_not_a_sibling_sharing_its_prefix() {
    let mut db = Db::in_memory();
    let files = ["/lib/a.txt", "/lib/sub/b.txt", "/library/c.txt", "/lib"];
    let rows: Vec<(FileRow, String)> = files
        .iter()
        .map(|p| (file(p, "T", None), String::new()))
        .collect();
    db.put_files(&rows).expect("put");
    let paths = |root: &str| -> Vec<String> {
        db.files_under(Path::new(root))
            .expect("files")
            .into_iter()
            .map(|f| f.path.display().to_string())
            .collect()
    };
    assert_eq!(paths("/lib"), ["/lib", "/lib/a.txt", "/lib/sub/b.txt"]);
    assert_eq!(paths("/lib/"), ["/lib", "/lib/a.txt", "/lib/sub/b.txt"]);
    assert_eq!(paths("/lib/sub"), ["/lib/sub/b.txt"]);
    assert_eq!(
        paths("/"),
        ["/lib", "/lib/a.txt", "/lib/sub/b.txt", "/library/c.txt"]
    );
    assert_eq!(paths("").len(), 4);
    assert!(paths("/li").is_empty());
    assert_eq!(
        db.files_under(Path::new("/lib/a.txt")).expect("one")[0],
        rows[0].0
    );
}

#[test]
fn putting_a_file_again_replaces_its_row_and_its_search_entry() {
    let mut db = Db::in_memory();
    db.put_files(&[(file("/lib/a.txt", "Old title", None), "tram".to_string())])
        .expect("put");
    let mut changed = file("/lib/a.txt", "New title", Some("2026-01-02"));
    changed.size = 99;
    db.put_files(&[(changed.clone(), "bus".to_string())])
        .expect("again");
    assert_eq!(db.files_under(Path::new("/lib")).expect("files"), [changed]);
    assert!(keys_found(&db, "tram").is_empty());
    assert!(keys_found(&db, "old").is_empty());
    assert_eq!(keys_found(&db, "bus new"), ["/lib/a.txt"]);
}

#[test]
fn removed_files_are_forgotten_and_no_longer_found() {
    let mut db = Db::in_memory();
    let rows = vec![
        (file("/lib/a.txt", "A", None), "tram".to_string()),
        (file("/lib/b.txt", "B", None), "tram".to_string()),
    ];
    db.put_files(&rows).expect("put");
    db.remove_files(&[PathBuf::from("/lib/a.txt"), PathBuf::from("/never/put.txt")])
        .expect("remove");
    assert_eq!(
        db.files_under(Path::new("/lib")).expect("files"),
        [rows[1].0.clone()]
    );
    assert_eq!(keys_found(&db, "tram"), ["/lib/b.txt"]);
}

#[cfg(unix)]
#[test]
fn a_path_that_is_not_utf8_round_trips() {
    use std::os::unix::ffi::OsStrExt;
    let mut db = Db::in_memory();
    let path = PathBuf::from(std::ffi::OsStr::from_bytes(b"/lib/caf\xe9.txt"));
    let mut row = file("/x", "T", None);
    row.path = path.clone();
    db.put_files(&[(row, String::new())]).expect("put");
    assert_eq!(
        db.files_under(Path::new("/lib")).expect("files")[0].path,
        path
    );
}

// ---- analysis ----

/// What is stored of a story naming `people` (each a name and its other
/// forms), with an analysis of `json`.
fn kept(json: &str, people: &[(&str, &[&str])]) -> StoredAnalysis {
    use crate::people::{NamedPerson, StoryPeople};
    use std::borrow::Cow;
    let story = StoryPeople {
        people: people
            .iter()
            .map(|(name, forms)| NamedPerson {
                name: Cow::Borrowed(*name),
                forms: forms.iter().map(|f| Cow::Borrowed(*f)).collect(),
            })
            .collect(),
        quotes: Vec::new(),
    };
    StoredAnalysis::with_people(json.to_string(), &story).expect("json")
}

/// Keeps an analysis of story `id` where it is stored (anywhere, when it
/// is not there).
fn put(db: &Db, id: u64, text_hash: u64, stored: &StoredAnalysis) -> Result<(), DbError> {
    let (feed, key): (String, String) = db
        .conn
        .query_row(
            "SELECT f.url, s.key FROM stories s JOIN feeds f ON f.id = s.feed WHERE s.id = ?1",
            [to_sql_id(id)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap_or_default();
    let at = FeedStoryAt {
        feed: &feed,
        key: &key,
    };
    db.put_analysis(id, at, text_hash, stored)
}

/// Story rows with these ids, as the analyses of a test are kept only of
/// stories that are there.
fn stories_with_ids(db: &Db, ids: &[u64]) {
    db.conn
        .execute("INSERT OR IGNORE INTO feeds (url) VALUES ('test:ids')", [])
        .expect("feed");
    for &id in ids {
        db.conn
            .execute(
                "INSERT INTO stories (feed, key, id, title, first_seen, hash) \
                 SELECT id, ?1, ?2, 'A story', 0, 0 FROM feeds WHERE url = 'test:ids'",
                rusqlite::params![id.to_string(), to_sql_id(id)],
            )
            .expect("story");
    }
}

fn naming(db: &Db, key: &str, surnames: &[&str]) -> Vec<u64> {
    let surnames: Vec<String> = surnames.iter().map(|s| s.to_string()).collect();
    let mut found: Vec<u64> = db
        .people_naming(key, &surnames)
        .expect("look up")
        .stories
        .iter()
        .map(|p| p.story)
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

#[test]
fn stored_analysis_is_returned_only_while_the_text_hash_matches() {
    let db = Db::in_memory();
    let id = u64::MAX - 1;
    stories_with_ids(&db, &[id]);
    assert_eq!(db.analysis(id, 7).expect("none yet"), None);
    put(&db, id, 7, &kept("{\"people\":[]}", &[])).expect("put");
    assert_eq!(
        db.analysis(id, 7).expect("get").as_deref(),
        Some("{\"people\":[]}")
    );
    assert_eq!(db.analysis(id, 8).expect("stale"), None, "the text changed");
    put(&db, id, 8, &kept("{}", &[])).expect("replace");
    assert_eq!(db.analysis(id, 7).expect("old"), None);
    assert_eq!(db.analysis(id, 8).expect("new").as_deref(), Some("{}"));
}

#[test]
fn an_analysis_stored_by_an_older_analyser_is_made_again() {
    let db = Db::in_memory();
    db.conn
        .execute(
            "INSERT INTO analysis (story, text_hash, analyser, json) VALUES (42, 7, ?1, '{}')",
            [i64::from(crate::analysis::VERSION) - 1],
        )
        .expect("old row");
    assert_eq!(db.analysis(42, 7).expect("read"), None);
    assert!(db.analysed_stories().expect("list").is_empty());
}

#[test]
fn a_person_s_stories_are_found_by_every_form_and_by_their_surname() {
    let db = Db::in_memory();
    stories_with_ids(&db, &[1, 2, 3, 4]);
    put(&db, 1, 0, &kept("{}", &[("Nayib Bukele", &["Bukele"])])).expect("put");
    put(&db, 2, 0, &kept("{}", &[("Bukele", &[])])).expect("put");
    put(
        &db,
        3,
        0,
        &kept("{}", &[("Ana Bukele", &[]), ("Tom Ruiz", &[])]),
    )
    .expect("put");
    put(&db, 4, 0, &kept("{}", &[("Tom Ruiz", &["Ruiz"])])).expect("put");
    assert_eq!(naming(&db, "bukele", &[]), vec![1, 2, 3], "all the Bukeles");
    assert_eq!(naming(&db, "nayib bukele", &[]), vec![1, 2, 3]);
    assert_eq!(naming(&db, "ruiz", &[]), vec![3, 4]);
    assert_eq!(naming(&db, "nobody", &[]), Vec::<u64>::new());
    assert_eq!(
        naming(&db, "nobody", &["ruiz"]),
        vec![3, 4],
        "the surnames of stories not stored yet"
    );
}

#[test]
fn a_surname_s_people_are_read_as_one_range_not_by_a_scan() {
    let db = Db::in_memory();
    let plan: Vec<String> = db
        .conn
        .prepare(&format!(
            "EXPLAIN QUERY PLAN {}",
            analysis::PEOPLE_OF_SURNAME
        ))
        .expect("plan")
        .query_map(rusqlite::params!["ruiz", 1], |r| r.get::<_, String>(3))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("read");
    assert!(
        plan.iter()
            .any(|step| step.contains("SEARCH analysis_surnames USING PRIMARY KEY (surname=?)")),
        "{plan:?}"
    );
}

#[test]
fn a_story_s_people_are_kept_apart_by_surname_with_the_quotations_given_them() {
    let db = Db::in_memory();
    stories_with_ids(&db, &[3]);
    put(
        &db,
        3,
        0,
        &kept("{}", &[("Ana Bukele", &["Bukele"]), ("Tom Ruiz", &[])]),
    )
    .expect("put");
    let found = db.people_naming("tom ruiz", &[]).expect("look up");
    assert_eq!(found.surnames, ["ruiz"]);
    let only: Vec<crate::people::StoryPeople<'_>> = found
        .stories
        .iter()
        .map(|s| serde_json::from_str(&s.json).expect("json"))
        .collect();
    let names: Vec<Vec<&str>> = only
        .iter()
        .map(|s| s.people.iter().map(|p| p.name.as_ref()).collect())
        .collect();
    assert_eq!(names, [["Tom Ruiz"]], "Ana Bukele is not Ruiz's business");
}

#[test]
fn the_list_reads_only_the_rows_asked_for() {
    let mut db = Db::in_memory();
    let fresh = ["a", "b", "c"].iter().map(|k| story(k, 10)).collect();
    db.merge_feed(FEED, &meta("X"), fresh, 10, CacheLimits::default())
        .expect("merge");
    let id = |k: &str| story_id(FEED, k).bits();
    put(&db, id("b"), 0, &kept("{}", &[])).expect("put");
    let keys = |select: RowSelect| -> Vec<String> {
        db.feed_rows_where(&[FEED], &select)
            .expect("rows")
            .into_iter()
            .map(|r| r.key)
            .collect()
    };
    assert_eq!(keys(RowSelect::All), ["a", "b", "c"]);
    assert_eq!(keys(RowSelect::Unanalysed), ["a", "c"]);
    let doc = |k: &str| -> i64 {
        db.conn
            .query_row("SELECT doc FROM stories WHERE key = ?1", [k], |r| r.get(0))
            .expect("doc")
    };
    assert_eq!(
        keys(RowSelect::Docs(vec![doc("c"), doc("a"), 99])),
        ["a", "c"]
    );
    assert!(keys(RowSelect::Docs(Vec::new())).is_empty());
}

#[test]
fn the_analysis_of_a_story_that_is_not_there_is_not_kept() {
    let db = Db::in_memory();
    put(&db, 5, 0, &kept("{}", &[("Tom Ruiz", &[])])).expect("nothing to keep is no error");
    assert_eq!(db.analysis(5, 0).expect("read"), None);
    assert_eq!(naming(&db, "tom ruiz", &[]), Vec::<u64>::new());
}

#[test]
fn every_story_is_analysed_only_once_the_last_one_is() {
    let mut db = Db::in_memory();
    assert!(db.every_story_analysed().expect("count"), "none to analyse");
    let fresh = ["a", "b"].iter().map(|k| story(k, 10)).collect();
    db.merge_feed(FEED, &meta("X"), fresh, 10, CacheLimits::default())
        .expect("merge");
    let id = |k: &str| story_id(FEED, k).bits();
    put(&db, id("a"), 0, &kept("{}", &[])).expect("put");
    assert!(!db.every_story_analysed().expect("count"));
    assert_eq!(
        db.feed_rows_where(&[FEED], &RowSelect::Unanalysed)
            .expect("rows")
            .len(),
        1
    );
    put(&db, id("b"), 0, &kept("{}", &[])).expect("put");
    assert!(db.every_story_analysed().expect("count"));
    assert!(
        db.feed_rows_where(&[FEED], &RowSelect::Unanalysed)
            .expect("rows")
            .is_empty()
    );
}

#[test]
fn a_replaced_analysis_takes_its_old_names_with_it() {
    let db = Db::in_memory();
    stories_with_ids(&db, &[1]);
    put(&db, 1, 0, &kept("{}", &[("Nayib Bukele", &[])])).expect("put");
    put(&db, 1, 1, &kept("{}", &[("Tom Ruiz", &[])])).expect("replace");
    assert_eq!(naming(&db, "nayib bukele", &[]), Vec::<u64>::new());
    assert_eq!(naming(&db, "tom ruiz", &[]), vec![1]);
}

#[test]
fn a_story_whose_text_changes_or_goes_loses_its_analysis_and_names() {
    let mut db = Db::in_memory();
    let limits = CacheLimits {
        max_age_days: 100_000,
        max_stories_per_feed: 1,
    };
    db.merge_feed(FEED, &meta("X"), vec![story("a", 10)], 10, limits)
        .expect("merge");
    let id = story_id(FEED, "a").bits();
    put(&db, id, 0, &kept("{}", &[("Tom Ruiz", &[])])).expect("put");
    let mut changed = story("a", 10);
    changed.paragraphs[0] = "A corrected body.".to_string();
    db.merge_feed(FEED, &meta("X"), vec![changed], 20, limits)
        .expect("merge the correction");
    assert!(
        !db.analysed_stories()
            .expect("list")
            .contains(&crate::article::ArticleId::from_bits(id))
    );
    assert_eq!(naming(&db, "tom ruiz", &[]), Vec::<u64>::new());

    put(&db, id, 0, &kept("{}", &[("Tom Ruiz", &[])])).expect("put again");
    assert!(
        db.put_full_text(FEED, "a", &full(&["The whole story."]))
            .expect("keep")
    );
    assert!(
        db.analysed_stories().expect("list").is_empty(),
        "the whole text came"
    );

    put(&db, id, 0, &kept("{}", &[("Tom Ruiz", &[])])).expect("put again");
    db.merge_feed(FEED, &meta("X"), vec![story("b", 30)], 30, limits)
        .expect("a newer story pushes it out");
    assert!(
        db.analysed_stories().expect("list").is_empty(),
        "the story went"
    );
}

#[test]
fn ids_keep_all_64_bits() {
    for id in [0, 1, u64::MAX, 1 << 63, 0xcbf2_9ce4_8422_2325] {
        assert_eq!(from_sql_id(to_sql_id(id)), id);
    }
}

#[test]
fn a_refresh_leaves_its_stories_to_be_indexed_and_a_search_indexes_them_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = open_fresh(&dir.path().join("stories.db"));
    let mut db = db;
    db.merge_feed(
        FEED,
        &meta("X"),
        vec![story("a", 1), story("b", 2)],
        1,
        CacheLimits::default(),
    )
    .expect("merge");
    assert_eq!(db.unindexed().expect("count"), 2, "storing does not index");
    assert_eq!(
        db.index_pending(1).expect("index"),
        1,
        "at most as many as asked"
    );
    assert_eq!(
        keys_found(&db, "body").len(),
        2,
        "the search indexed the rest"
    );
    assert_eq!(db.unindexed().expect("count"), 0);
}

#[test]
fn a_story_pruned_before_it_was_indexed_leaves_nothing_to_index() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut db = open_fresh(&dir.path().join("stories.db"));
    db.merge_feed(
        FEED,
        &meta("X"),
        vec![story("a", 1)],
        1,
        CacheLimits::default(),
    )
    .expect("merge");
    assert_eq!(db.remove_feed(FEED).expect("remove"), 1);
    assert_eq!(db.unindexed().expect("count"), 0);
}

fn full(paragraphs: &[&str]) -> FullText {
    FullText {
        paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
        etag: Some("\"page-1\"".to_string()),
        last_modified: None,
        fetched: 20,
    }
}

/// Turns version 3's analysis tables into version 2's, with one analysis.
const VERSION_2_ANALYSIS: &str = "
    DROP TRIGGER IF EXISTS full_text_came;
    DROP TRIGGER IF EXISTS full_text_gone;
    DROP TRIGGER story_changed;
    DROP TRIGGER story_gone;
    DROP TABLE analysis_surnames;
    DROP TABLE analysis_names;
    DROP TABLE analysis;
    CREATE TABLE analysis (story INTEGER PRIMARY KEY, text_hash INTEGER NOT NULL, json TEXT NOT NULL);
    INSERT INTO analysis VALUES (1, 2, '{}');
";

#[test]
fn a_version_2_database_is_upgraded_in_place_making_its_analyses_again() {
    let (dir, path, db) = file_with_story_a();
    db.conn
        .execute_batch(&format!("{VERSION_2_ANALYSIS} PRAGMA user_version = 2;"))
        .expect("make it version 2");
    drop(db);

    let db = open_fresh(&path);
    assert_eq!(stored(&db, FEED), vec![story("a", 10)]);
    assert!(db.analysed_stories().expect("list").is_empty());
    assert!(set_aside_files(dir.path(), "damaged").is_empty());
    stories_with_ids(&db, &[1]);
    put(&db, 1, 2, &kept("{}", &[("Tom Ruiz", &[])])).expect("the new tables take analyses");
    assert_eq!(naming(&db, "tom ruiz", &[]), vec![1]);
}

#[test]
fn a_version_3_database_is_upgraded_in_place_without_the_id_index_making_its_analyses_again() {
    let (dir, path, db) = file_with_story_a();
    let id = story_id(FEED, "a").bits();
    put(&db, id, 2, &kept("{}", &[("Tom Ruiz", &[])])).expect("put");
    db.conn
        .execute_batch(
            "DROP TABLE analysis_surnames; CREATE INDEX stories_by_id ON stories (id); \
             PRAGMA user_version = 3;",
        )
        .expect("make it version 3");
    drop(db);

    let db = open_fresh(&path);
    let (version, indexes): (i64, i64) = db
        .conn
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version), \
             (SELECT count(*) FROM sqlite_master WHERE name = 'stories_by_id')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("version");
    assert_eq!((version, indexes), (SCHEMA_VERSION, 0));
    assert_eq!(stored(&db, FEED), vec![story("a", 10)]);
    assert_eq!(db.analysis(id, 2).expect("read"), None);
    assert!(set_aside_files(dir.path(), "damaged").is_empty());
    put(&db, id, 2, &kept("{}", &[("Tom Ruiz", &[])])).expect("the new tables take analyses");
    assert_eq!(naming(&db, "tom ruiz", &[]), vec![id]);
}

#[test]
fn an_analysis_is_kept_only_where_its_story_is_stored() {
    let mut db = Db::in_memory();
    add_story_a(&mut db);
    let id = story_id(FEED, "a").bits();
    let elsewhere = FeedStoryAt {
        feed: FEED,
        key: "b",
    };
    db.put_analysis(id, elsewhere, 0, &kept("{}", &[]))
        .expect("nothing to keep is no error");
    assert_eq!(db.analysis(id, 0).expect("read"), None);
    let there = FeedStoryAt {
        feed: FEED,
        key: "a",
    };
    db.put_analysis(id, there, 0, &kept("{}", &[]))
        .expect("put");
    assert_eq!(db.analysis(id, 0).expect("read").as_deref(), Some("{}"));
}

#[test]
fn a_version_1_database_is_upgraded_in_place_keeping_its_stories() {
    let (dir, path, db) = file_with_story_a();
    // What version 1 was: no `full_text`, and version 2's analyses.
    db.conn
        .execute_batch(&format!(
            "DROP TABLE full_text; {VERSION_2_ANALYSIS} PRAGMA user_version = 1;"
        ))
        .expect("make it version 1");
    drop(db);

    let mut db = open_fresh(&path);
    let version: i64 = db
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, SCHEMA_VERSION);
    assert_eq!(stored(&db, FEED), vec![story("a", 10)]);
    assert!(set_aside_files(dir.path(), "damaged").is_empty());
    assert!(
        db.put_full_text(FEED, "a", &full(&["The whole story."]))
            .expect("keep")
    );
}

#[test]
fn a_kept_full_text_reads_back_beside_the_summary() {
    let mut db = Db::in_memory();
    add_story_a(&mut db);
    assert_eq!(db.full_text(FEED, "a").expect("read"), None);
    let text = full(&["First of the page.", "Second of the page."]);
    assert!(db.put_full_text(FEED, "a", &text).expect("keep"));
    assert_eq!(db.full_text(FEED, "a").expect("read"), Some(text));
    assert_eq!(stored(&db, FEED), vec![story("a", 10)]);
}

#[test]
fn a_refresh_that_changes_the_summary_keeps_the_full_text() {
    let mut db = Db::in_memory();
    add_story_a(&mut db);
    let text = full(&["The page."]);
    db.put_full_text(FEED, "a", &text).expect("keep");
    let corrected = Story {
        paragraphs: vec!["A corrected summary.".to_string()],
        ..story("a", 10)
    };
    db.merge_feed(
        FEED,
        &meta("X"),
        vec![corrected],
        20,
        CacheLimits::default(),
    )
    .expect("merge again");
    assert_eq!(db.full_text(FEED, "a").expect("read"), Some(text));
}

#[test]
fn a_story_is_searched_by_its_full_text_once_it_is_kept() {
    let mut db = Db::in_memory();
    add_story_a(&mut db);
    assert!(keys_found(&db, "lighthouse").is_empty());
    db.put_full_text(FEED, "a", &full(&["The lighthouse keeper spoke."]))
        .expect("keep");
    assert_eq!(keys_found(&db, "lighthouse"), vec!["a"]);
}

#[test]
fn a_full_text_for_a_story_no_longer_stored_is_not_kept() {
    let mut db = Db::in_memory();
    assert!(
        !db.put_full_text(FEED, "gone", &full(&["Text."]))
            .expect("ask")
    );
}

#[test]
fn a_removed_feed_takes_its_full_texts_with_it() {
    let mut db = Db::in_memory();
    add_story_a(&mut db);
    db.put_full_text(FEED, "a", &full(&["Text."]))
        .expect("keep");
    db.remove_feed(FEED).expect("remove");
    let left: i64 = db
        .conn
        .query_row("SELECT count(*) FROM full_text", [], |r| r.get(0))
        .expect("count");
    assert_eq!(left, 0);
}
