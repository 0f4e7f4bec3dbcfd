//! The command line without the terminal UI.
#![allow(clippy::unwrap_used)]

mod common;

use std::process::{Command, Output};

/// Runs the binary with its state kept in a fresh directory of its own.
fn run_in(home: &std::path::Path, args: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_byline"))
        .env("BYLINE_HOME", home)
        .args(args)
        .output()
        .unwrap()
}

fn byline(args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    run_in(home.path(), &args)
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

#[test]
fn analyze_json_gives_file_offsets_of_people_and_quotes_with_speakers() {
    let path = common::fixture_dir().join("harbour_vote.txt");
    let raw = std::fs::read(&path).unwrap();
    let o = byline(&["analyze", "--json", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let slice = |m: &serde_json::Value| {
        let (s, e) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        String::from_utf8(raw[s..e].to_vec()).unwrap()
    };
    assert_eq!(v["title"], "Harbour board backs night ferry trial");
    assert_eq!(v["date"], "2026-03-04");
    assert_eq!(v["dateline"], "Port Ellery");
    let solheim = v["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Marit Solheim")
        .unwrap();
    let mentions: Vec<String> = solheim["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(slice)
        .collect();
    assert_eq!(mentions, ["Marit Solheim", "Solheim"]);
    let quote = &v["quotes"][0];
    assert!(slice(quote).starts_with("\"We have waited"));
    assert!(slice(quote).ends_with("done,\""));
    assert_eq!(quote["speaker"], "Marit Solheim");
}

#[test]
fn analyze_keeps_input_order_and_reports_unreadable_files_with_exit_code_1() {
    let dir = common::fixture_dir();
    let a = dir.join("library_hours.txt");
    let b = dir.join("harbour_vote.txt");
    let o = byline(&[
        "analyze",
        "--json",
        a.to_str().unwrap(),
        "/no/such.txt",
        b.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/no/such.txt"));
    let paths: Vec<String> = stdout(&o)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["path"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(paths.len(), 2);
    assert!(paths[0].ends_with("library_hours.txt") && paths[1].ends_with("harbour_vote.txt"));
}

#[test]
fn analyze_without_json_prints_people_with_counts_and_quotes_with_speakers() {
    let path = common::fixture_dir().join("harbour_vote.txt");
    let o = byline(&["analyze", path.to_str().unwrap()]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert!(text.contains("Marit Solheim (2)"), "{text}");
    assert!(text.contains("Marit Solheim: \"We have waited"), "{text}");
}

#[test]
fn analyze_handles_hundreds_of_files_in_one_call() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["analyze".to_string(), "--json".to_string()];
    for i in 0..300 {
        let path = dir.path().join(format!("s{i:03}.txt"));
        std::fs::write(
            &path,
            format!("\"We start at {i},\" said Mayor Ana Ruiz.\n"),
        )
        .unwrap();
        args.push(path.to_str().unwrap().to_string());
    }
    let o = Command::new(env!("CARGO_BIN_EXE_byline"))
        .args(&args)
        .output()
        .unwrap();
    assert!(o.status.success());
    let lines: Vec<&str> = std::str::from_utf8(&o.stdout).unwrap().lines().collect();
    assert_eq!(lines.len(), 300);
    assert!(lines[299].contains("s299.txt") && lines[299].contains("Ana Ruiz"));
}

/// Bookmarks one passage (with a note) and one story in a state directory.
fn with_bookmarks(home: &std::path::Path) -> byline::article::ArticleId {
    use byline::store::{PassageSelector, StatePaths, Store};
    let lib = common::fixture_library();
    let harbour = lib
        .articles
        .iter()
        .find(|a| a.title.starts_with("Harbour"))
        .unwrap();
    let texts: Vec<&str> = harbour.paragraphs.iter().map(|p| p.text.as_str()).collect();
    let mut store = Store::open(&StatePaths::in_dir(home)).unwrap();
    let id = store.add_passage(
        harbour.id,
        &harbour.title,
        harbour.date,
        PassageSelector::new(&texts, 1..2).unwrap(),
    );
    store.set_note(id, "ask about the fares");
    store.set_read(harbour.id, true);
    let other = lib
        .articles
        .iter()
        .find(|a| a.title.starts_with("The county"))
        .unwrap();
    store.toggle_story_bookmark(other.id, &other.title, other.date);
    harbour.id
}

#[test]
fn bookmarks_json_is_one_object_per_bookmark_newest_first() {
    let home = tempfile::tempdir().unwrap();
    let story = with_bookmarks(home.path());
    let o = run_in(home.path(), &["bookmarks".into(), "--json".into()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["kind"], "story");
    assert_eq!(lines[0]["text"], "");
    let passage = &lines[1];
    assert_eq!(passage["kind"], "passage");
    assert_eq!(passage["story_id"], story.to_string());
    assert_eq!(passage["title"], "Harbour board backs night ferry trial");
    assert!(
        passage["text"]
            .as_str()
            .unwrap()
            .starts_with("\"We have waited")
    );
    assert_eq!(passage["note"], "ask about the fares");
    let created = passage["created"].as_str().unwrap();
    assert!(
        created.len() >= 20 && created.ends_with('Z') && created.contains('T'),
        "{created}"
    );
}

#[test]
fn bookmarks_markdown_groups_passages_by_story_as_block_quotes_with_notes() {
    let home = tempfile::tempdir().unwrap();
    with_bookmarks(home.path());
    let dir = common::fixture_dir();
    let o = run_in(
        home.path(),
        &[
            "bookmarks".into(),
            "--markdown".into(),
            dir.to_str().unwrap().into(),
        ],
    );
    assert!(o.status.success());
    let md = stdout(&o);
    let heading = md
        .lines()
        .find(|l| l.contains("Harbour board backs night ferry trial"))
        .unwrap();
    assert!(
        heading.starts_with("## [Harbour board backs night ferry trial](<file://")
            && heading.ends_with("harbour_vote.txt>)"),
        "{md}"
    );
    assert!(md.contains("*2026-03-04 · Coastal Gazette*"), "{md}");
    assert!(md.contains("> \"We have waited long enough"), "{md}");
    assert!(md.contains("\nask about the fares\n"), "{md}");
}

#[test]
fn list_json_says_which_stories_are_read_and_bookmarked() {
    let home = tempfile::tempdir().unwrap();
    with_bookmarks(home.path());
    let dir = common::fixture_dir();
    let o = run_in(
        home.path(),
        &["list".into(), "--json".into(), dir.to_str().unwrap().into()],
    );
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let by_title = |t: &str| {
        lines
            .iter()
            .find(|l| l["title"].as_str().unwrap().starts_with(t))
            .unwrap()
    };
    assert_eq!(by_title("Harbour")["read"], true);
    assert_eq!(by_title("Harbour")["bookmarked"], false);
    assert_eq!(by_title("The county")["bookmarked"], true);
    assert_eq!(by_title("The county")["read"], false);
}

#[test]
fn the_state_dir_flag_wins_over_byline_home() {
    let home = tempfile::tempdir().unwrap();
    let flag = tempfile::tempdir().unwrap();
    with_bookmarks(flag.path());
    let o = run_in(
        home.path(),
        &[
            "bookmarks".into(),
            "--json".into(),
            "--state-dir".into(),
            flag.path().to_str().unwrap().into(),
        ],
    );
    assert_eq!(stdout(&o).lines().count(), 2);
    let o = run_in(home.path(), &["bookmarks".into(), "--json".into()]);
    assert_eq!(stdout(&o).lines().count(), 0);
}

/// A story whose title falls back to its file name, and the name is hostile:
/// a clipboard write, a title change, clear-screen and a right-to-left override.
fn hostile_named_story(dir: &std::path::Path) -> std::path::PathBuf {
    let name = "\u{1b}]52;c;aGVsbG8=\u{7}\u{1b}]0;owned\u{7}\u{1b}[2Jevil\u{202e}txt.txt";
    let path = dir.join(name);
    // Empty, so that nothing but the file name can name it.
    std::fs::write(&path, "").unwrap();
    path
}

fn assert_no_hazard(what: &str, text: &str) {
    assert!(
        !text
            .chars()
            .any(|c| c != '\n' && byline::text::is_hazard(c)),
        "{what} printed a control or bidi character: {text:?}"
    );
}

#[test]
fn a_hostile_file_name_reaches_no_output_raw() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let story = hostile_named_story(dir.path());
    let story = story.to_str().unwrap().to_string();
    let o = run_in(home.path(), &["list".into(), story.clone()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(stdout(&o).contains("evil"), "{}", stdout(&o));
    for args in [
        vec!["list".to_string(), story.clone()],
        vec!["list".into(), "--json".into(), story.clone()],
        vec!["analyze".into(), story.clone()],
        vec!["analyze".into(), "--json".into(), story.clone()],
        vec!["analyze".into(), format!("{story}.missing")],
    ] {
        let o = run_in(home.path(), &args);
        assert_no_hazard(&format!("{args:?} on stdout"), &stdout(&o));
        assert_no_hazard(
            &format!("{args:?} on stderr"),
            &String::from_utf8_lossy(&o.stderr),
        );
    }
}

#[test]
fn json_output_escapes_what_it_cannot_print_and_keeps_it() {
    let home = tempfile::tempdir().unwrap();
    let mut store =
        byline::store::Store::open(&byline::store::StatePaths::in_dir(home.path())).unwrap();
    let title = "bidi \u{202e}mark";
    store.toggle_story_bookmark(byline::article::ArticleId::from_key("k"), title, None);
    store.sync();
    drop(store);
    let o = run_in(home.path(), &["bookmarks".into(), "--json".into()]);
    let line = stdout(&o);
    assert!(line.contains("\\u202e"), "{line}");
    let value: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    assert_eq!(value["title"], title);
}

#[test]
fn bookmarks_of_a_hostile_story_print_cleanly_in_every_format() {
    let home = tempfile::tempdir().unwrap();
    // A journal written by hand (or an older byline) with a hostile title and note.
    let mut store =
        byline::store::Store::open(&byline::store::StatePaths::in_dir(home.path())).unwrap();
    let title = "t\u{1b}]0;owned\u{7}\u{202e}itle";
    store.toggle_story_bookmark(byline::article::ArticleId::from_key("k"), title, None);
    store.sync();
    drop(store);
    for args in [
        vec!["bookmarks".to_string()],
        vec!["bookmarks".into(), "--markdown".into()],
        vec!["bookmarks".into(), "--json".into()],
    ] {
        let o = run_in(home.path(), &args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let out = stdout(&o);
        assert!(out.contains("title") || out.contains("itle"), "{out}");
        assert_no_hazard(&format!("{args:?}"), &out);
    }
}

#[test]
fn global_flags_work_before_and_after_the_command() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().to_str().unwrap();
    for args in [["--state-dir", dir, "list"], ["list", "--state-dir", dir]] {
        let o = byline(&args);
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(
            stdout(&o).lines().count(),
            byline::library::BUNDLED.len(),
            "{args:?}"
        );
    }
    let o = byline(&["--state-dir", dir, "feed", "list"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn list_and_bookmarks_say_on_stderr_that_the_journal_was_damaged() {
    for command in ["list", "bookmarks"] {
        let home = tempfile::tempdir().unwrap();
        std::fs::write(home.path().join("state.jsonl"), "garbage\n").unwrap();
        let o = run_in(home.path(), &[command.to_string()]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("damaged"), "{command}: {err}");
    }
}

#[test]
fn search_with_nothing_indexed_finds_the_bundled_stories_best_first() {
    let o = byline(&["search", "ferry"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    // A word in the title counts for more than one in the text.
    assert!(lines[0].contains("Washington ferry fares"), "{text}");
    assert!(lines[0].contains("bundled:12_ferry_fares.txt"), "{text}");
}

#[test]
fn search_needs_every_word_and_reads_quotes_as_a_phrase() {
    let both = stdout(&byline(&["search", "ferry", "fares"]));
    assert_eq!(both.lines().count(), 1, "{both}");
    let phrase = byline(&["search", "\"fares ferry\""]);
    assert_eq!(phrase.status.code(), Some(1), "{}", stdout(&phrase));
    assert!(String::from_utf8_lossy(&phrase.stderr).contains("no story matches"));
}

#[test]
fn search_json_is_a_list_line_with_a_rank() {
    let o = byline(&["search", "--json", "ferry"]);
    let text = stdout(&o);
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(first["rank"], 1);
    assert_eq!(first["read"], false);
    assert_eq!(first["path"], "bundled:12_ferry_fares.txt");
    assert!(first["id"].as_str().unwrap().len() == 16);
}

#[test]
fn search_takes_any_input_without_a_query_error() {
    for words in ["AND", "NEAR(", "*", "\"", "a:b", "-x", "'", "\u{7}"] {
        let o = byline(&["search", "--", words]);
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{words:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(
            !String::from_utf8_lossy(&o.stderr).contains("could not search"),
            "{words:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn search_finds_story_files_once_the_reader_has_indexed_them() {
    let home = tempfile::tempdir().unwrap();
    let stories = tempfile::tempdir().unwrap();
    std::fs::write(
        stories.path().join("a.txt"),
        "title Lighthouse keepers return\nsource Coastal Test\n\nThe keepers came back to the rock.\n",
    )
    .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    byline::file_index::check_in_background(
        vec![stories.path().to_path_buf()],
        home.path().join("library.db"),
        byline::file_index::Known::default(),
        move |e| tx.send(e).is_ok(),
    )
    .join()
    .unwrap();
    drop(rx);
    let o = run_in(home.path(), &["search".into(), "keepers".into()]);
    let text = stdout(&o);
    assert!(text.contains("Lighthouse keepers return"), "{text}");
    assert!(text.contains("Coastal Test"), "{text}");
    assert!(text.contains("a.txt"), "{text}");
}

/// Four short stories of two sources: a mayor named in full in one and by
/// surname alone in the next, and a councillor with and without accents.
fn people_stories() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let stories = [
        (
            "a.txt",
            "title Harbour plan wins a council vote\nsource Gulf Ledger\ndate 2025-03-02\n\n\
             Mayor Marisol Quintanar opened the meeting on Monday.\n\n\
             \"We will rebuild the pier by summer,\" Quintanar said.\n",
        ),
        (
            "b.txt",
            "title Pier works begin at last\nsource Gulf Ledger\ndate 2025-05-10\n\n\
             Work started on the old pier on Saturday.\n\n\
             \"The first piles are in,\" Quintanar told reporters.\n\n\
             \"We start on the deck next week.\"\n",
        ),
        (
            "c.txt",
            "title Bus budget passes\nsource Valley Post\ndate 2025-06-01\n\n\
             Councillor José Martínez spoke first at the hearing.\n\n\
             \"The budget is fair,\" Martínez said.\n",
        ),
        (
            "d.txt",
            "title Riders ask for more buses\nsource Valley Post\ndate 2024-12-01\n\n\
             \"We need more buses,\" said Jose Martinez, a councillor.\n",
        ),
    ];
    for (name, text) in stories {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn json_lines(o: &Output) -> Vec<serde_json::Value> {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn people_json_is_a_person_per_line_with_forms_stories_and_what_each_story_called_them() {
    let dir = people_stories();
    let o = byline(&["people", "--json", dir.path().to_str().unwrap()]);
    let people = json_lines(&o);
    assert_eq!(people.len(), 2, "{people:?}");
    let mayor = &people[0];
    assert_eq!(mayor["name"], "Marisol Quintanar", "most quoted first");
    assert_eq!(
        mayor["forms"],
        serde_json::json!(["Marisol Quintanar", "Quintanar"])
    );
    assert_eq!(mayor["stories"], 2);
    assert_eq!(mayor["story_ids"].as_array().unwrap().len(), 2);
    assert_eq!(mayor["quotations"], 3);
    assert_eq!(mayor["first_date"], "2025-03-02");
    assert_eq!(mayor["last_date"], "2025-05-10");
    // Newest first: the story that names only the surname is the later one.
    assert_eq!(
        mayor["by_story"][0]["forms"],
        serde_json::json!(["Quintanar"])
    );
    assert_eq!(mayor["by_story"][0]["story"], mayor["story_ids"][0]);
    let councillor = &people[1];
    assert_eq!(councillor["name"], "José Martínez");
    assert_eq!(councillor["stories"], 2);
    assert_eq!(councillor["quotations"], 2);
}

#[test]
fn people_prints_a_line_per_person_most_quoted_first() {
    let dir = people_stories();
    let o = byline(&["people", dir.path().to_str().unwrap()]);
    assert!(o.status.success());
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].starts_with("Marisol Quintanar  3 quotations, 2 stories"),
        "{text}"
    );
    assert!(
        lines[1].starts_with("José Martínez  2 quotations"),
        "{text}"
    );
}

#[test]
fn quotes_json_is_a_quotation_per_line_with_speaker_story_and_file_offsets() {
    let dir = people_stories();
    let o = byline(&["quotes", "--json", dir.path().to_str().unwrap()]);
    let quotes = json_lines(&o);
    assert_eq!(quotes.len(), 5, "{quotes:?}");
    for q in &quotes {
        for field in [
            "text", "speaker", "source", "kind", "story_id", "title", "date", "path", "start",
            "end",
        ] {
            assert!(q.get(field).is_some(), "missing {field} in {q}");
        }
        assert_eq!(q["kind"], "speech");
        let raw = std::fs::read(q["path"].as_str().unwrap()).unwrap();
        let (s, e) = (
            q["start"].as_u64().unwrap() as usize,
            q["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(std::str::from_utf8(&raw[s..e]).unwrap(), q["text"]);
    }
    let newest = &quotes[0];
    assert_eq!(newest["text"], "\"The budget is fair,\"");
    assert_eq!(newest["speaker"], "José Martínez");
    assert_eq!(newest["source"], "Valley Post");
    assert_eq!(newest["title"], "Bus budget passes");
    assert_eq!(newest["date"], "2025-06-01");
    assert!(newest["path"].as_str().unwrap().ends_with("c.txt"));
}

#[test]
fn quotes_speaker_matches_a_form_in_other_case_and_without_accents() {
    let dir = people_stories();
    let path = dir.path().to_str().unwrap();
    let o = byline(&["quotes", "--json", "--speaker", "MARTINEZ", path]);
    let quotes = json_lines(&o);
    let texts: Vec<&str> = quotes.iter().map(|q| q["text"].as_str().unwrap()).collect();
    assert_eq!(
        texts,
        ["\"The budget is fair,\"", "\"We need more buses,\""]
    );
    assert!(quotes.iter().all(|q| q["speaker"] == "José Martínez"));
    let o = byline(&["quotes", "--json", "--speaker", "quintanar", path]);
    assert_eq!(json_lines(&o).len(), 3);
}

#[test]
fn quotes_speaker_no_one_is_called_is_exit_code_1() {
    let dir = people_stories();
    let o = byline(&["quotes", "--speaker", "Quint", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    assert!(String::from_utf8_lossy(&o.stderr).contains("no one called Quint"));
}

#[test]
fn quotes_since_keeps_the_stories_of_that_day_and_later() {
    let dir = people_stories();
    let path = dir.path().to_str().unwrap();
    let o = byline(&["quotes", "--json", "--since", "2025-05-10", path]);
    let dates: Vec<String> = json_lines(&o)
        .iter()
        .map(|q| q["date"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(dates, ["2025-06-01", "2025-05-10", "2025-05-10"]);
    let o = byline(&["quotes", "--since", "2025-13-01", path]);
    assert_eq!(o.status.code(), Some(2), "not a date: a usage error");
}

#[test]
fn people_and_quotes_source_keep_that_sources_stories_case_aside() {
    let dir = people_stories();
    let path = dir.path().to_str().unwrap();
    let o = byline(&["people", "--json", "--source", "valley post", path]);
    let names: Vec<String> = json_lines(&o)
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["José Martínez"]);
    let o = byline(&["quotes", "--json", "--source", "Gulf Ledger", path]);
    let quotes = json_lines(&o);
    assert_eq!(quotes.len(), 3);
    assert!(quotes.iter().all(|q| q["source"] == "Gulf Ledger"));
}

/// Bookmarks two passages of the harbour story, one quoting Marit Solheim
/// and one naming Tomas Alvarado without a quotation, and one story.
fn with_passages(home: &std::path::Path) {
    use byline::store::{PassageSelector, StatePaths, Store};
    let lib = common::fixture_library();
    let harbour = lib
        .articles
        .iter()
        .find(|a| a.title.starts_with("Harbour"))
        .unwrap();
    let texts: Vec<&str> = harbour.paragraphs.iter().map(|p| p.text.as_str()).collect();
    let mut store = Store::open(&StatePaths::in_dir(home)).unwrap();
    for paras in [1..2, 2..3] {
        store.add_passage(
            harbour.id,
            &harbour.title,
            harbour.date,
            PassageSelector::new(&texts, paras).unwrap(),
        );
    }
    let other = lib
        .articles
        .iter()
        .find(|a| a.title.starts_with("The county"))
        .unwrap();
    store.toggle_story_bookmark(other.id, &other.title, other.date);
}

fn bookmarks_of_fixtures(home: &std::path::Path, flags: &[&str]) -> Output {
    let mut args: Vec<String> = std::iter::once("bookmarks")
        .chain(flags.iter().copied())
        .map(str::to_string)
        .collect();
    args.push(common::fixture_dir().to_str().unwrap().to_string());
    run_in(home, &args)
}

#[test]
fn bookmarks_json_names_the_people_and_speakers_of_each_passage_and_nothing_new_for_stories() {
    let home = tempfile::tempdir().unwrap();
    with_passages(home.path());
    let o = bookmarks_of_fixtures(home.path(), &["--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 3);
    let story = lines.iter().find(|l| l["kind"] == "story").unwrap();
    let keys: Vec<&str> = story
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys.len(),
        6,
        "a story bookmark keeps its fields, and only those: {keys:?}"
    );
    let quoted = lines
        .iter()
        .find(|l| l["text"].as_str().unwrap().starts_with("\"We have waited"))
        .unwrap();
    assert_eq!(quoted["people"], serde_json::json!(["Marit Solheim"]));
    assert_eq!(quoted["speakers"], serde_json::json!(["Marit Solheim"]));
    let named = lines
        .iter()
        .find(|l| l["text"].as_str().unwrap().starts_with("Board chair"))
        .unwrap();
    assert_eq!(named["people"], serde_json::json!(["Tomas Alvarado"]));
    assert_eq!(named["speakers"], serde_json::json!([]));
}

#[test]
fn bookmarks_speaker_keeps_the_passages_quoting_any_form_of_the_name_whatever_its_case_and_accents()
{
    let home = tempfile::tempdir().unwrap();
    with_passages(home.path());
    // "Solheim" alone is how the story names her later on.
    for name in ["Marit Solheim", "SOLHEIM", "Marít Sölheim"] {
        let o = bookmarks_of_fixtures(home.path(), &["--json", "--speaker", name]);
        assert!(
            o.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let lines = json_lines(&o);
        assert_eq!(lines.len(), 1, "{name}");
        assert_eq!(lines[0]["speakers"], serde_json::json!(["Marit Solheim"]));
    }
    let o = bookmarks_of_fixtures(home.path(), &["--speaker", "solheim"]);
    assert!(o.status.success());
    assert!(
        stdout(&o).starts_with("passage · Harbour board"),
        "{}",
        stdout(&o)
    );
    assert_eq!(
        stdout(&o)
            .lines()
            .filter(|l| l.starts_with("passage"))
            .count(),
        1
    );
}

#[test]
fn bookmarks_speaker_with_no_passage_quoting_them_prints_nothing_and_exits_1() {
    let home = tempfile::tempdir().unwrap();
    with_passages(home.path());
    // Named in a bookmarked passage, but not quoted there.
    let o = bookmarks_of_fixtures(home.path(), &["--speaker", "Tomas Alvarado"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "");
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("no bookmarked passage has a quotation by Tomas Alvarado")
    );
}

#[test]
fn config_prints_every_default_commented_and_it_reads_back_clean() {
    let home = tempfile::tempdir().unwrap();
    let o = common::byline_in(home.path(), &["config"]);
    assert!(o.status.success());
    let printed = stdout(&o);
    for line in [
        "theme = \"dark\"",
        "[keys.list]",
        "measure = 76",
        "[save]",
        "command = [\"less\"]",
    ] {
        assert!(printed.contains(line), "{line} missing from:\n{printed}");
    }
    assert!(printed.contains("\n# "), "explained in comments");
    std::fs::write(home.path().join("config.toml"), &printed).unwrap();
    let check = common::byline_in(home.path(), &["config", "--check"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn config_check_names_file_line_and_setting_on_stderr_and_exits_one() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("config.toml");
    std::fs::write(
        &file,
        "[keys.list]\ndown = [\"Hyper-j\"]\n\n[colors]\nquote = \"#12\"\n",
    )
    .unwrap();
    let o = common::byline_in(home.path(), &["config", "--check"]);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].contains("config.toml line 2, keys.list.down: “Hyper-j” is not a key"),
        "{stderr}"
    );
    assert!(
        lines[1].contains("config.toml line 5, colors.quote: “#12” is not a colour"),
        "{stderr}"
    );
    assert!(o.stdout.is_empty());
}

#[test]
fn a_config_flag_reads_that_file_and_a_missing_one_is_an_error() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("mine.toml");
    std::fs::write(&file, "[reader]\nmeasure = 64\n").unwrap();
    let path = file.to_str().unwrap();
    let o = common::byline_in(home.path(), &["--config", path, "config"]);
    assert!(stdout(&o).contains("measure = 64"));
    let missing = home.path().join("none.toml");
    let o = common::byline_in(
        home.path(),
        &["config", "--check", "--config", missing.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("none.toml: cannot be read"));
}

/// The allocator returns freed memory at once and commits on demand (see
/// `tune_allocator` in `src/main.rs`); mimalloc prints the options it runs
/// with when asked to be verbose.
#[cfg(target_os = "linux")]
#[test]
fn the_allocator_commits_on_demand_and_returns_freed_pages_at_once() {
    let home = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_byline"))
        .env("BYLINE_HOME", home.path())
        .env("MIMALLOC_VERBOSE", "1")
        .env_remove("MIMALLOC_PURGE_DELAY")
        .env_remove("MIMALLOC_ARENA_EAGER_COMMIT")
        .arg("--version")
        .output()
        .unwrap();
    assert!(o.status.success());
    let options = String::from_utf8_lossy(&o.stderr);
    for option in ["'arena_eager_commit': 0", "'purge_delay': 0"] {
        assert!(
            options.lines().any(|l| l.trim_end().ends_with(option)),
            "mimalloc runs without {option}:\n{options}"
        );
    }
}
