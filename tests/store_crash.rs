//! Processes that die while writing, and processes that write at once.
//!
//! The writers are this test binary run again, selecting one of the ignored
//! helper tests below by name, with the state directory in the environment.

#![allow(clippy::unwrap_used)]

use std::collections::HashSet;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use byline::article::ArticleId;
use byline::store::{PassageSelector, SaveStatus, StatePaths, Store};

const DIR_ENV: &str = "BYLINE_TEST_STATE_DIR";
const FIRST_ENV: &str = "BYLINE_TEST_FIRST";
const COUNT_ENV: &str = "BYLINE_TEST_COUNT";

fn id(n: u64) -> ArticleId {
    ArticleId::from_key(&format!("story {n}"))
}

fn env_u64(name: &str) -> u64 {
    std::env::var(name).unwrap().parse().unwrap()
}

/// Runs one of the helper tests in a child process.
fn spawn(helper: &str, dir: &Path, first: u64, count: u64) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            helper,
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(DIR_ENV, dir)
        .env(FIRST_ENV, first.to_string())
        .env(COUNT_ENV, count.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Marks stories read one by one from `FIRST`, printing `ack N` once story N
/// is saved; every 25 changes it also bookmarks a passage with a note and
/// compacts the file, so that kills land inside those too.
#[test]
#[ignore = "helper: run by kill_the_writer_again_and_again"]
fn crash_writer() {
    let Ok(dir) = std::env::var(DIR_ENV) else {
        return;
    };
    let mut store = Store::open(&StatePaths::in_dir(dir)).unwrap();
    let paragraphs = ["One paragraph.", "Another paragraph."];
    for n in env_u64(FIRST_ENV).. {
        store.set_read(id(n), true);
        assert_eq!(store.status(), &SaveStatus::Saved);
        println!("ack {n}");
        if n % 25 == 0 {
            let selector = PassageSelector::new(&paragraphs, 0..1).unwrap();
            let bookmark = store.add_passage(id(n), "title", None, selector);
            store.set_note(bookmark, "note");
            store.compact();
        }
    }
}

/// Lines of the state file: every line but a last one cut short must verify.
fn assert_every_whole_line_verifies(file: &Path) {
    let bytes = fs::read(file).unwrap();
    let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    let cut = lines.pop().unwrap();
    for (i, line) in lines.iter().enumerate() {
        let text = std::str::from_utf8(line).unwrap();
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        let rec = text
            .strip_prefix(r#"{"crc":""#)
            .and_then(|t| t.get(8..))
            .and_then(|t| t.strip_prefix(r#"","rec":"#))
            .and_then(|t| t.strip_suffix('}'))
            .unwrap();
        let crc = format!("{:08x}", crc32fast::hash(rec.as_bytes()));
        assert_eq!(value["crc"], crc, "line {i} of {}", file.display());
    }
    assert!(
        !lines.is_empty() || cut.is_empty(),
        "a file of only a cut line"
    );
}

#[test]
fn kill_the_writer_again_and_again() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.jsonl");
    let mut next = 1;
    let mut recoveries = 0;
    let mut killed_compacting = 0;
    // The change in flight at each kill: it may or may not have landed.
    let mut in_flight = HashSet::new();
    for round in 0..30u64 {
        let mut child = spawn("crash_writer", dir.path(), next, 0);
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut acked = None;
        // Kill at a different point each round: after a varying number of
        // saved changes, in odd rounds just after a change that is followed
        // by a bookmark and a compaction, then a varying pause into the next.
        let mut target = next + (round * 7) % 30;
        if round % 2 == 1 {
            target = target.next_multiple_of(25);
        }
        let mut line = String::new();
        while acked.is_none_or(|a| a < target) {
            line.clear();
            assert!(out.read_line(&mut line).unwrap() > 0, "writer died early");
            if let Some(n) = line.trim().strip_prefix("ack ") {
                acked = Some(n.parse::<u64>().unwrap());
            }
        }
        std::thread::sleep(Duration::from_micros((round % 10) * 400));
        child.kill().unwrap();
        child.wait().unwrap();
        for line in out.lines() {
            if let Some(n) = line.unwrap().trim().strip_prefix("ack ") {
                acked = Some(n.parse::<u64>().unwrap());
            }
        }
        let acked = acked.unwrap();

        assert_every_whole_line_verifies(&file);
        // A compaction killed half way leaves its temporary file, never a
        // half-written state file; opening clears it away.
        killed_compacting += usize::from(dir.path().join("state.jsonl.tmp").exists());
        let mut store = Store::open(&StatePaths::in_dir(dir.path())).unwrap();
        if let Some(recovery) = store.take_recovery() {
            assert!(recovery.dropped <= 1, "round {round}: {recovery}");
            recoveries += 1;
        }
        let lost: Vec<u64> = (1..=acked)
            .filter(|n| !in_flight.contains(n) && !store.is_read(id(*n)))
            .collect();
        assert!(
            lost.is_empty(),
            "round {round}: lost saved changes {lost:?}"
        );
        assert!(
            !store.is_read(id(acked + 2)),
            "round {round}: more than one change in flight"
        );
        assert!(!dir.path().join("state.jsonl.tmp").exists());
        in_flight.insert(acked + 1);
        next = acked + 2;
    }
    println!(
        "30 kills: {killed_compacting} while compacting, {recoveries} torn records, {next} changes"
    );
}

/// Marks `COUNT` stories read from `FIRST`, compacting now and then when
/// `FIRST` is odd, so that one writer compacts under the other's feet.
#[test]
#[ignore = "helper: run by two_processes_writing_at_once_lose_nothing"]
fn concurrent_writer() {
    let Ok(dir) = std::env::var(DIR_ENV) else {
        return;
    };
    let mut store = Store::open(&StatePaths::in_dir(dir)).unwrap();
    let first = env_u64(FIRST_ENV);
    for n in first..first + env_u64(COUNT_ENV) {
        store.set_read(id(n), true);
        assert_eq!(store.status(), &SaveStatus::Saved);
        if first % 2 == 1 && n % 40 == 0 {
            store.compact();
        }
    }
}

#[test]
fn two_processes_writing_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let n = 200;
    let a = spawn("concurrent_writer", dir.path(), 1, n);
    let b = spawn("concurrent_writer", dir.path(), 10_000, n);
    for child in [a, b] {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    let mut store = Store::open(&StatePaths::in_dir(dir.path())).unwrap();
    assert_eq!(store.take_recovery(), None);
    let missing: HashSet<u64> = (1..1 + n)
        .chain(10_000..10_000 + n)
        .filter(|&k| !store.is_read(id(k)))
        .collect();
    assert!(missing.is_empty(), "lost {missing:?}");
    assert_eq!(store.counts().read, 2 * n as usize);
}
