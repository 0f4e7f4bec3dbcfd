//! A state file that is damaged, from the future, or on a disk that cannot be
//! written: byline starts anyway, says what happened, and loses nothing that
//! could be kept.

#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};

use byline::article::ArticleId;
use byline::store::{OpenError, PassageSelector, Recovery, SCHEMA, SaveStatus, StatePaths, Store};

const STORY: [&str; 3] = [
    "The council met on Tuesday to discuss the new bridge.",
    "Mayor Ana Ruiz said the bridge would open in the spring.",
    "Critics said the cost had doubled since the plan was shown.",
];

fn id(n: u64) -> ArticleId {
    ArticleId::from_key(&format!("story {n}"))
}

fn state_file(dir: &Path) -> PathBuf {
    dir.join("state.jsonl")
}

/// A state file of a header and six records, one line each: read marks for
/// stories 1 to 4, a story bookmark, a passage bookmark.
fn six_records(dir: &Path) {
    let mut store = Store::open(&StatePaths::in_dir(dir)).unwrap();
    for n in 1..=4 {
        store.set_read(id(n), true);
    }
    store.toggle_story_bookmark(id(1), "Bridge", None);
    let selector = PassageSelector::new(&STORY, 1..2).unwrap();
    store.add_passage(id(1), "Bridge", None, selector);
    assert_eq!(store.status(), &SaveStatus::Saved);
    assert_eq!(
        fs::read_to_string(state_file(dir)).unwrap().lines().count(),
        7
    );
}

/// Opens the damaged state and checks what every damage case must show: the
/// recovery reported, the damaged bytes kept under a `damaged` name, and a
/// clean file left behind that opens without complaint.
fn open_damaged(dir: &Path, damaged: &[u8]) -> (Store, Recovery) {
    fs::write(state_file(dir), damaged).unwrap();
    let mut store = Store::open(&StatePaths::in_dir(dir)).unwrap();
    let recovery = store.take_recovery().expect("damage is reported");
    assert_eq!(store.status(), &SaveStatus::Saved);
    let copy = &recovery.damaged_copy;
    assert_eq!(copy.parent(), Some(dir));
    assert!(
        copy.file_name()
            .unwrap()
            .to_string_lossy()
            .contains("damaged")
    );
    assert_eq!(
        fs::read(copy).unwrap(),
        damaged,
        "the copy is byte-identical"
    );
    let mut again = Store::open(&StatePaths::in_dir(dir)).unwrap();
    assert_eq!(again.take_recovery(), None, "the rewritten file is clean");
    assert_eq!(again.counts(), store.counts());
    (store, recovery)
}

#[test]
fn a_truncated_file_keeps_every_whole_record() {
    let dir = tempfile::tempdir().unwrap();
    six_records(dir.path());
    let bytes = fs::read(state_file(dir.path())).unwrap();
    let (store, recovery) = open_damaged(dir.path(), &bytes[..bytes.len() - 40]);
    assert_eq!((recovery.kept, recovery.dropped), (5, 1));
    assert!((1..=4).all(|n| store.is_read(id(n))));
    assert!(store.is_story_bookmarked(id(1)));
    assert!(
        store.passages_for(id(1)).is_empty(),
        "the cut record is gone"
    );
}

#[test]
fn a_flipped_byte_drops_only_its_own_record() {
    let dir = tempfile::tempdir().unwrap();
    six_records(dir.path());
    let mut bytes = fs::read(state_file(dir.path())).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let third_record = text.match_indices('\n').nth(2).unwrap().0 + 30;
    bytes[third_record] ^= 0x04;
    let (store, recovery) = open_damaged(dir.path(), &bytes);
    assert_eq!((recovery.kept, recovery.dropped), (5, 1));
    assert!(!store.is_read(id(3)));
    assert!([1, 2, 4].into_iter().all(|n| store.is_read(id(n))));
    assert_eq!(store.passages_for(id(1)).len(), 1);
}

#[test]
fn garbage_appended_is_dropped_and_the_records_before_it_kept() {
    let dir = tempfile::tempdir().unwrap();
    six_records(dir.path());
    let mut bytes = fs::read(state_file(dir.path())).unwrap();
    bytes.extend_from_slice(b"\x00\xff{\"crc\":\"garbage\n\n<<<no newline");
    let (store, recovery) = open_damaged(dir.path(), &bytes);
    assert_eq!((recovery.kept, recovery.dropped), (6, 3));
    assert_eq!(store.counts().read, 4);
    assert_eq!(store.counts().passage_bookmarks, 1);
}

#[test]
fn an_emptied_file_is_reported_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    six_records(dir.path());
    let (store, recovery) = open_damaged(dir.path(), b"");
    assert_eq!((recovery.kept, recovery.dropped), (0, 0));
    assert_eq!(store.counts().read, 0);
}

#[test]
fn a_file_that_is_not_json_at_all_is_reported_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (store, recovery) = open_damaged(dir.path(), b"PK\x03\x04 this is a zip file\n");
    assert_eq!((recovery.kept, recovery.dropped), (0, 1));
    assert_eq!(store.counts().read, 0);
}

#[test]
fn the_recovery_reads_well_in_a_status_bar() {
    let dir = tempfile::tempdir().unwrap();
    six_records(dir.path());
    let bytes = fs::read(state_file(dir.path())).unwrap();
    let (_, recovery) = open_damaged(dir.path(), &bytes[..bytes.len() - 1]);
    let message = recovery.to_string();
    assert!(message.starts_with("state file was damaged: kept 6 records, dropped 0 damaged lines"));
    assert!(message.contains("damaged-"), "{message}");
}

#[test]
fn a_store_on_an_unwritable_path_works_in_memory_and_says_so() {
    let root = tempfile::tempdir().unwrap();
    let blocker = root.path().join("blocker");
    fs::write(&blocker, "a file where a directory should be").unwrap();
    let mut store = Store::open(&StatePaths::in_dir(blocker.join("byline"))).unwrap();
    assert!(matches!(store.status(), SaveStatus::Failing(_)));
    store.set_read(id(1), true);
    assert!(store.is_read(id(1)));
    let status = store.status().to_string();
    assert!(
        status.starts_with("changes are not being saved: "),
        "{status}"
    );
    assert!(status.contains("blocker"), "names the path: {status}");
}

#[test]
fn changes_made_while_the_disk_refused_are_all_saved_once_it_works_again() {
    let root = tempfile::tempdir().unwrap();
    let blocker = root.path().join("blocker");
    fs::write(&blocker, "a file where a directory should be").unwrap();
    let paths = StatePaths::in_dir(blocker.join("byline"));
    let mut store = Store::open(&paths).unwrap();
    store.set_read(id(1), true);
    let passage = PassageSelector::new(&STORY, 0..1).unwrap();
    let bookmark = store.add_passage(id(2), "Bridge", None, passage);
    store.set_note(bookmark, "kept in memory");
    assert!(matches!(store.status(), SaveStatus::Failing(_)));

    fs::remove_file(&blocker).unwrap();
    store.set_read(id(3), true);
    assert_eq!(store.status(), &SaveStatus::Saved);

    let again = Store::open(&paths).unwrap();
    assert!(again.is_read(id(1)) && again.is_read(id(3)));
    assert_eq!(
        again.passage(bookmark).unwrap().note.as_deref(),
        Some("kept in memory")
    );
}

#[test]
fn a_disk_lost_mid_session_gets_every_change_when_it_comes_back() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("byline");
    let away = root.path().join("away");
    let mut store = Store::open(&StatePaths::in_dir(&dir)).unwrap();
    store.set_read(id(1), true);

    fs::rename(&dir, &away).unwrap();
    fs::write(&dir, "the directory is now a file").unwrap();
    store.set_read(id(2), true);
    store.toggle_story_bookmark(id(2), "Lost", None);
    assert!(matches!(store.status(), SaveStatus::Failing(_)));

    fs::remove_file(&dir).unwrap();
    fs::rename(&away, &dir).unwrap();
    store.set_read(id(3), true);
    assert_eq!(store.status(), &SaveStatus::Saved);
    let again = Store::open(&StatePaths::in_dir(&dir)).unwrap();
    assert!((1..=3).all(|n| again.is_read(id(n))));
    assert!(again.is_story_bookmarked(id(2)));
}

/// One sealed line, as a byline of any schema writes it.
fn sealed(rec: &str) -> String {
    format!(
        "{{\"crc\":\"{:08x}\",\"rec\":{rec}}}\n",
        crc32fast::hash(rec.as_bytes())
    )
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_file_from_a_newer_schema_is_refused_and_left_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let newer = SCHEMA + 1;
    let future = sealed(&format!(
        r#"{{"header":{{"app":"byline","schema":{newer}}}}}"#
    )) + &sealed(r#"{"set_read":{"story":"0000000000000001","read":true}}"#)
        + &sealed(r#"{"highlight":{"story":"0000000000000001","colour":"red"}}"#);
    fs::write(state_file(dir.path()), &future).unwrap();

    let refused = Store::open(&StatePaths::in_dir(dir.path())).unwrap_err();
    let OpenError::NewerSchema { found, .. } = &refused else {
        panic!("refused for another reason: {refused}");
    };
    assert_eq!(*found, Some(u64::from(newer)));
    assert!(refused.to_string().contains("newer byline"), "{refused}");

    let mut fallback = Store::open_or_in_memory(&StatePaths::in_dir(dir.path()));
    assert!(matches!(fallback.status(), SaveStatus::Disabled(_)));
    fallback.set_read(id(1), true);
    assert_eq!(fs::read_to_string(state_file(dir.path())).unwrap(), future);
    assert_eq!(files_in(dir.path()), vec!["state.jsonl", "state.lock"]);
}

#[test]
fn a_damaged_header_that_still_declares_a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let future = format!(
        "{{\"crc\":\"00000000\",\"rec\":{{\"header\":{{\"app\":\"byline\",\"schema\":{}}}}}}}\n",
        SCHEMA + 1
    );
    fs::write(state_file(dir.path()), &future).unwrap();
    assert!(Store::open(&StatePaths::in_dir(dir.path())).is_err());
    assert_eq!(fs::read_to_string(state_file(dir.path())).unwrap(), future);
}

#[test]
fn sealed_records_of_unknown_kinds_are_refused_rather_than_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let file = sealed(&format!(
        r#"{{"header":{{"app":"byline","schema":{SCHEMA}}}}}"#
    )) + &sealed(r#"{"highlight":{"story":"0000000000000001"}}"#);
    fs::write(state_file(dir.path()), &file).unwrap();
    let refused = Store::open(&StatePaths::in_dir(dir.path())).unwrap_err();
    assert_eq!(
        refused,
        OpenError::NewerSchema {
            path: state_file(dir.path()),
            found: None
        }
    );
    assert_eq!(fs::read_to_string(state_file(dir.path())).unwrap(), file);
}

#[test]
fn a_newer_byline_taking_over_the_file_mid_session_stops_this_one_writing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&StatePaths::in_dir(dir.path())).unwrap();
    store.set_read(id(1), true);
    let future = sealed(&format!(
        r#"{{"header":{{"app":"byline","schema":{}}}}}"#,
        SCHEMA + 1
    ));
    let replacement = dir.path().join("replacement");
    fs::write(&replacement, &future).unwrap();
    fs::rename(&replacement, state_file(dir.path())).unwrap();

    store.set_read(id(2), true);
    assert!(matches!(store.status(), SaveStatus::Disabled(_)));
    assert!(
        !store.is_read(id(2)),
        "a refused change is not made in memory either"
    );
    assert!(store.refusal().unwrap().contains("newer byline"));
    store.set_read(id(3), true);
    assert!(!store.is_read(id(3)));
    assert_eq!(fs::read_to_string(state_file(dir.path())).unwrap(), future);
}

/// What a state file that cannot be read at all is made into.
#[cfg(unix)]
enum Unreadable {
    LinkToDevZero,
    Fifo,
    Directory,
    /// Sparse: over the limit without filling the disk.
    OverTheLimit,
}

#[cfg(unix)]
fn make_unreadable(path: &Path, kind: &Unreadable) {
    match kind {
        Unreadable::LinkToDevZero => std::os::unix::fs::symlink("/dev/zero", path).unwrap(),
        Unreadable::Fifo => {
            let made = std::process::Command::new("mkfifo")
                .arg(path)
                .status()
                .unwrap();
            assert!(made.success());
        }
        Unreadable::Directory => fs::create_dir(path).unwrap(),
        Unreadable::OverTheLimit => fs::File::create(path)
            .unwrap()
            .set_len(byline::store::JOURNAL_LIMIT + 44 * 1024 * 1024)
            .unwrap(),
    }
}

/// Opens the store on another thread, so that a read that blocks fails the
/// test instead of hanging it.
fn open_within_seconds(paths: StatePaths) -> Store {
    let (sender, opened) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(Store::open_or_in_memory(&paths));
    });
    opened
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("opening the store blocked")
}

#[cfg(unix)]
#[test]
fn a_state_file_that_is_no_readable_file_is_refused_naming_the_limit_and_left_alone() {
    let cases = [
        (Unreadable::LinkToDevZero, "not a regular file"),
        (Unreadable::Fifo, "not a regular file"),
        (Unreadable::Directory, "not a regular file"),
        (Unreadable::OverTheLimit, "too large"),
    ];
    for (kind, cause) in &cases {
        let dir = tempfile::tempdir().unwrap();
        let file = state_file(dir.path());
        make_unreadable(&file, kind);
        let before = fs::symlink_metadata(&file).unwrap();

        let mut store = open_within_seconds(StatePaths::in_dir(dir.path()));
        let SaveStatus::Disabled(why) = store.status().clone() else {
            panic!("{cause}: not refused: {}", store.status());
        };
        assert!(why.contains(cause), "{why}");
        let limit = byline::bounded::human_size(byline::store::JOURNAL_LIMIT);
        assert!(why.contains(&limit), "names the limit: {why}");
        assert!(why.contains("state.jsonl"), "names the file: {why}");
        assert_eq!(why.matches(cause).count(), 1, "the cause once: {why}");

        // byline goes on, in memory.
        assert_eq!(store.refusal(), None);
        store.set_read(id(1), true);
        assert!(store.is_read(id(1)));
        assert_eq!(store.take_recovery(), None);

        let after = fs::symlink_metadata(&file).unwrap();
        assert_eq!(after.file_type(), before.file_type(), "{why}");
        assert_eq!(after.len(), before.len(), "{why}");
        if matches!(kind, Unreadable::LinkToDevZero) {
            assert_eq!(fs::read_link(&file).unwrap(), Path::new("/dev/zero"));
        }
        let names = files_in(dir.path());
        assert!(
            names.iter().all(|n| !n.contains("damaged")),
            "no copy is made of what was not read: {names:?}"
        );
    }
}

#[test]
fn a_journal_with_crlf_line_ends_keeps_every_record_and_is_rewritten_with_lf() {
    let dir = tempfile::tempdir().unwrap();
    six_records(dir.path());
    let lf = fs::read_to_string(state_file(dir.path())).unwrap();
    let expected = Store::open(&StatePaths::in_dir(dir.path()))
        .unwrap()
        .counts();
    fs::write(state_file(dir.path()), lf.replace('\n', "\r\n")).unwrap();

    let mut store = Store::open(&StatePaths::in_dir(dir.path())).unwrap();
    assert_eq!(store.take_recovery(), None, "nothing was damaged");
    assert_eq!(store.status(), &SaveStatus::Saved);
    assert_eq!(store.counts(), expected);
    assert!((1..=4).all(|n| store.is_read(id(n))));
    assert!(store.is_story_bookmarked(id(1)));
    assert_eq!(store.passages_for(id(1)).len(), 1);

    let rewritten = fs::read_to_string(state_file(dir.path())).unwrap();
    assert!(!rewritten.contains('\r'), "{rewritten}");
    assert_eq!(files_in(dir.path()), vec!["state.jsonl", "state.lock"]);
    store.set_read(id(5), true);
    let again = Store::open(&StatePaths::in_dir(dir.path())).unwrap();
    assert_eq!(again.counts().read, 5);
}

#[test]
fn crlf_lines_appended_by_another_process_are_taken_in() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&StatePaths::in_dir(dir.path())).unwrap();
    store.set_read(id(1), true);
    let mut other = Store::open(&StatePaths::in_dir(dir.path())).unwrap();
    other.set_read(id(2), true);
    let text = fs::read_to_string(state_file(dir.path())).unwrap();
    fs::write(state_file(dir.path()), text.replace('\n', "\r\n")).unwrap();

    store.sync();
    assert_eq!(store.take_recovery(), None);
    assert!(store.is_read(id(1)) && store.is_read(id(2)));
}

#[test]
fn a_damaged_copy_that_cannot_be_written_leaves_no_copy_and_the_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    six_records(dir.path());
    let mut damaged = fs::read(state_file(dir.path())).unwrap();
    damaged.extend_from_slice(b"garbage\n");
    fs::write(state_file(dir.path()), &damaged).unwrap();
    // Where the copy is written before it is named: as good as a full disk.
    fs::create_dir(dir.path().join("state.jsonl.damaged.tmp")).unwrap();

    for _ in 0..2 {
        let store = Store::open_or_in_memory(&StatePaths::in_dir(dir.path()));
        let SaveStatus::Failing(why) = store.status() else {
            panic!("the failed copy was not reported: {}", store.status());
        };
        assert!(why.contains("damaged"), "{why}");
        assert_eq!(store.counts().read, 4, "what could be read is shown");
        assert_eq!(fs::read(state_file(dir.path())).unwrap(), damaged);
        let copies: Vec<String> = files_in(dir.path())
            .into_iter()
            .filter(|n| n.starts_with("state.jsonl.damaged-"))
            .collect();
        assert!(copies.is_empty(), "{copies:?}");
    }
}

#[test]
fn only_the_newest_damaged_copies_are_kept_and_the_recovery_says_so() {
    let dir = tempfile::tempdir().unwrap();
    six_records(dir.path());
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(86_400);
    for n in 0..byline::store::DAMAGED_COPIES_KEPT + 2 {
        let copy = dir
            .path()
            .join(format!("state.jsonl.damaged-2020-01-0{}T00-00-00Z", n + 1));
        fs::write(&copy, format!("old damage {n}")).unwrap();
        let file = fs::File::options().write(true).open(&copy).unwrap();
        file.set_modified(old + std::time::Duration::from_secs(n as u64))
            .unwrap();
    }
    let bytes = fs::read(state_file(dir.path())).unwrap();
    let (_, recovery) = open_damaged(dir.path(), &bytes[..bytes.len() - 10]);

    assert_eq!(recovery.removed_copies, 3);
    let message = recovery.to_string();
    assert!(
        message.contains("removed 3 older damaged copies"),
        "{message}"
    );
    let copies: Vec<String> = files_in(dir.path())
        .into_iter()
        .filter(|n| n.starts_with("state.jsonl.damaged-"))
        .collect();
    assert_eq!(
        copies.len(),
        byline::store::DAMAGED_COPIES_KEPT,
        "{copies:?}"
    );
    for gone in 1..=3 {
        let name = format!("state.jsonl.damaged-2020-01-0{gone}T00-00-00Z");
        assert!(!copies.contains(&name), "the oldest go first: {copies:?}");
    }
}

#[test]
fn an_unusable_state_directory_still_opens_with_the_reason() {
    type Make = fn(&Path) -> PathBuf;
    let cases: [(&str, Make, &str, usize); 3] = [
        (
            "a file where the state directory should be",
            |root| {
                let dir = root.join("state");
                fs::write(&dir, "a file").unwrap();
                dir
            },
            "is a file, not a directory",
            0,
        ),
        (
            "a file where a parent directory should be",
            |root| {
                fs::write(root.join("parent"), "a file").unwrap();
                root.join("parent").join("state")
            },
            "not a directory",
            0,
        ),
        (
            // As good as a read-only directory, which root could still write.
            "a lock file that cannot be opened",
            |root| {
                let dir = root.join("state");
                fs::create_dir(&dir).unwrap();
                six_records(&dir);
                fs::remove_file(dir.join("state.lock")).unwrap();
                fs::create_dir(dir.join("state.lock")).unwrap();
                dir
            },
            "state.lock",
            4,
        ),
    ];
    for (case, make, cause, read) in cases {
        let root = tempfile::tempdir().unwrap();
        let dir = make(root.path());
        let mut store = open_within_seconds(StatePaths::in_dir(&dir));
        let status = store.status().to_string();
        assert!(!store.status().is_saved(), "{case}");
        assert!(status.to_lowercase().contains(cause), "{case}: {status}");
        assert_eq!(store.counts().read, read, "{case}: what could be read");
        store.set_read(id(9), true);
        assert!(store.is_read(id(9)), "{case}: byline keeps working");
    }
}

#[cfg(unix)]
#[test]
fn the_cli_says_why_the_state_cannot_be_read_once() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(state_file(dir.path())).unwrap();
    let state_dir = dir.path().to_str().unwrap();
    for args in [
        ["list", "--state-dir", state_dir],
        ["--state-dir", state_dir, "list"],
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_byline"))
            .args(args)
            .env("BYLINE_HOME", dir.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("state.jsonl"), "{args:?}: {stderr}");
        assert_eq!(
            stderr.matches("not a regular file").count(),
            1,
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("os error"), "{args:?}: {stderr}");
    }
}
