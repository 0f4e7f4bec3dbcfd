//! The command line without the terminal UI.
#![allow(clippy::unwrap_used)]

mod common;

use std::process::{Command, Output};

fn byline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_byline"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn help_names_the_commands_and_exits_zero() {
    let o = byline(&["--help"]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert!(text.contains("list"), "{text}");
    assert!(text.contains("[PATHS]"), "{text}");
}

#[test]
fn version_prints_the_package_version() {
    let o = byline(&["--version"]);
    assert!(o.status.success());
    assert_eq!(
        stdout(&o).trim(),
        format!("byline {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn an_unknown_flag_is_a_usage_error_with_exit_code_2() {
    let o = byline(&["--no-such-flag"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn list_prints_the_bundled_library_a_line_per_story() {
    let o = byline(&["list"]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert_eq!(text.lines().count(), byline::library::BUNDLED.len());
    assert!(text.lines().all(|l| l.contains("bundled:")));
}

#[test]
fn list_json_is_one_object_per_line_with_the_documented_fields() {
    let dir = common::fixture_dir();
    let o = byline(&["list", "--json", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    let first = &lines[0];
    for field in ["id", "title", "date", "dateline", "source", "path"] {
        assert!(first.get(field).is_some(), "missing {field} in {first}");
    }
    assert_eq!(first["title"], "Harbour board backs night ferry trial");
    assert_eq!(first["date"], "2026-03-04");
    assert_eq!(first["dateline"], "Port Ellery");
    assert_eq!(first["source"], "Coastal Gazette");
    assert!(
        first["path"]
            .as_str()
            .unwrap()
            .ends_with("harbour_vote.txt")
    );
    assert_eq!(first["id"].as_str().unwrap().len(), 16);
    assert!(lines[3]["date"].is_null(), "the undated story comes last");
}

#[test]
fn a_missing_path_is_named_on_stderr_and_the_rest_still_listed() {
    let dir = common::fixture_dir();
    let o = byline(&["list", "/no/such/story.txt", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("/no/such/story.txt") && err.contains("no such file"),
        "{err}"
    );
    assert_eq!(stdout(&o).lines().count(), 4);
}

#[test]
fn the_reader_without_a_terminal_explains_itself() {
    let o = byline(&[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("needs a terminal"));
}
