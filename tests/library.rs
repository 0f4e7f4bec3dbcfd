//! Collecting stories from files, directories and the bundled library.
#![allow(clippy::unwrap_used)]

mod common;

use std::fs;

use byline::library::{BUNDLED, Library};
use unicode_width::UnicodeWidthStr;

#[test]
fn directories_are_searched_recursively_for_txt_and_md_skipping_hidden_entries() {
    let lib = common::fixture_library();
    let mut names: Vec<String> = lib
        .articles
        .iter()
        .map(|a| a.origin.to_string().rsplit('/').next().unwrap().to_string())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "dam_level.txt",
            "garden_notes.md",
            "harbour_vote.txt",
            "library_hours.txt"
        ]
    );
    assert!(lib.problems.is_empty(), "{:?}", lib.problems);
}

#[test]
fn stories_are_ordered_newest_first_then_by_title() {
    let dir = tempfile::tempdir().unwrap();
    for (name, body) in [
        ("a.txt", "title Zebra crossing\ndate 2026-01-02 - Lead.\n"),
        ("b.txt", "title Apple harvest\ndate 2026-01-02 - Lead.\n"),
        ("c.txt", "title Older\ndate 2025-05-05 - Lead.\n"),
        ("d.txt", "Undated story.\n"),
        ("e.txt", "title Newest\ndate 2026-09-09 - Lead.\n"),
    ] {
        fs::write(dir.path().join(name), body).unwrap();
    }
    let lib = Library::load(&[dir.path().to_path_buf()]);
    let titles: Vec<&str> = lib.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Newest",
            "Apple harvest",
            "Zebra crossing",
            "Older",
            "Undated story"
        ]
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_visited_once() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("story.txt"), "A story.\n").unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    let lib = Library::load(&[dir.path().to_path_buf()]);
    assert_eq!(lib.articles.len(), 1);
}

#[cfg(unix)]
#[test]
fn a_fifo_is_skipped_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let lib = Library::load(std::slice::from_ref(&fifo));
    assert!(lib.articles.is_empty());
    assert_eq!(lib.problems.len(), 1);
    assert!(lib.problems[0].reason.contains("not a regular file"));
}

#[test]
fn a_binary_file_is_skipped_with_a_message_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("photo.txt");
    fs::write(&path, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let lib = Library::load(std::slice::from_ref(&path));
    assert!(lib.articles.is_empty());
    assert_eq!(lib.problems[0].path, path);
    assert!(lib.problems[0].reason.contains("not a text file"));
}

#[test]
fn invalid_utf8_is_read_with_replacement_characters() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.txt");
    fs::write(&path, b"Caf\xe9 owners met on Monday.\n").unwrap();
    let lib = Library::load(&[path]);
    assert_eq!(
        lib.articles[0].paragraphs[0].text,
        "Caf\u{fffd} owners met on Monday."
    );
    assert_eq!(
        lib.articles[0].encoding,
        byline::decode::Encoding::Utf8Lossy { replaced: 1 }
    );
}

#[test]
fn offsets_stay_file_offsets_when_decoding_changes_byte_lengths() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.txt");
    let bytes = b"Caf\xe9 news.\n\nMayor Ana Ruiz spoke.\n";
    fs::write(&path, bytes).unwrap();
    let lib = Library::load(std::slice::from_ref(&path));
    let p = &lib.articles[0].paragraphs[1];
    assert_eq!(&bytes[p.source()], b"Mayor Ana Ruiz spoke.");
    let at = p.text.find("Ana").unwrap();
    assert_eq!(&bytes[p.source_range(at..at + 8)], b"Ana Ruiz");
}

#[test]
fn a_story_with_invalid_bytes_says_so_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.txt");
    fs::write(&path, b"Caf\xe9 owners met.\n").unwrap();
    let mut app = byline::app::App::new(Library::load(&[path]), 120, 40);
    app.open(0);
    assert!(app.status.unwrap().contains("1 byte was not valid UTF-8"));
}

#[test]
fn the_same_story_in_two_files_gets_two_ids() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["one.txt", "two.txt"] {
        fs::write(
            dir.path().join(name),
            "title Same\ndate 2026-01-01 - Lead.\n",
        )
        .unwrap();
    }
    let lib = Library::load(&[dir.path().to_path_buf()]);
    assert_ne!(lib.articles[0].id, lib.articles[1].id);
}

#[test]
fn every_story_in_assets_is_bundled() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/stories");
    let mut on_disk: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    on_disk.sort();
    let bundled: Vec<&str> = BUNDLED.iter().map(|(n, _)| *n).collect();
    assert_eq!(on_disk, bundled);
}

#[test]
fn the_bundled_library_has_at_least_ten_dated_stories_of_300_to_900_words() {
    let lib = Library::bundled();
    assert!(lib.articles.len() >= 10);
    for a in &lib.articles {
        assert!(a.date.is_some(), "{}", a.title);
        let words = a.word_count();
        assert!((280..=900).contains(&words), "{}: {words} words", a.title);
        assert!(a.title.width() <= 80);
    }
}

#[test]
fn the_bundled_library_has_captions_and_a_story_with_no_quotation() {
    let lib = Library::bundled();
    let captions = lib
        .articles
        .iter()
        .filter(|a| a.paragraphs.iter().any(|p| p.is_caption()))
        .count();
    assert!(captions >= 3);
    let unquoted = lib.articles.iter().filter(|a| {
        a.paragraphs
            .iter()
            .all(|p| !p.text.contains(['"', '“', '”']))
    });
    assert!(unquoted.count() >= 1);
}
