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
    let OpenError::NewerSchema { found, .. } = &refused;
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
    assert!(store.is_read(id(2)));
    store.set_read(id(3), true);
    assert_eq!(fs::read_to_string(state_file(dir.path())).unwrap(), future);
}
