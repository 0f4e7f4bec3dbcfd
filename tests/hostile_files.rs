//! Files and directories that fight back: each gets a message, never a hang
//! or a crash.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use byline::app::{App, Msg};
use byline::article::Format;
use byline::library::{Library, LoadEvent, load_in_background, read_story};

#[test]
fn a_file_that_vanished_before_it_was_read_gets_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gone.txt");
    let err = read_story(&path, Format::Plain).unwrap_err();
    assert!(err.contains("no such file"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_device_file_is_skipped_with_a_message() {
    let lib = Library::load(&[PathBuf::from("/dev/null")]);
    assert!(lib.articles.is_empty());
    assert!(lib.problems[0].reason.contains("not a regular file"));
}

#[test]
fn a_directory_read_as_a_story_is_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let err = read_story(dir.path(), Format::Plain).unwrap_err();
    assert!(err.contains("not a regular file"), "{err}");
}

#[test]
fn a_single_line_of_several_megabytes_wraps_within_the_width() {
    let line = "word ".repeat(1_000_000);
    let ranges = byline::app::wrap(&line, 57);
    assert!(ranges.len() > 80_000);
    assert!(ranges.iter().all(|r| r.len() <= 57));
}

#[test]
fn a_hundred_thousand_files_in_one_directory_load_in_batches_without_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..100_000 {
        std::fs::write(dir.path().join(format!("{i:06}.txt")), "A short story.\n").unwrap();
    }
    // One that is not text, to be named among them.
    std::fs::write(dir.path().join("zz_image.txt"), b"\x89PNG\0\0").unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let loader = load_in_background(vec![dir.path().to_path_buf()], move |e| tx.send(e).is_ok());
    let mut app = App::loading(120, 40);
    let mut batches = 0;
    for event in rx {
        if matches!(event, LoadEvent::Batch(_)) {
            batches += 1;
        }
        app.update(Msg::Loaded(event));
    }
    loader.join().unwrap();
    assert!(app.loading.is_none());
    assert_eq!(app.library.articles.len(), 100_000);
    assert!(batches > 100, "the list filled in {batches} batches");
    assert_eq!(app.library.problems.len(), 1);
    assert!(app.status.unwrap().contains("zz_image.txt"));
}

#[test]
fn a_file_over_the_size_limit_is_skipped_with_a_message_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("enormous.txt");
    // Sparse: no disk is spent, but the file reports its size.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(byline::library::MAX_FILE_BYTES + 1).unwrap();
    let lib = Library::load(std::slice::from_ref(&path));
    assert!(lib.articles.is_empty());
    assert_eq!(lib.problems[0].path, path);
    assert!(
        lib.problems[0].reason.contains("too large"),
        "{}",
        lib.problems[0].reason
    );
}
