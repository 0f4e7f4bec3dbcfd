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
    assert!(
        app.messages
            .unread_warning()
            .unwrap()
            .contains("zz_image.txt")
    );
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

fn story(dir: &std::path::Path, name: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, format!("title {name}\n\nA line of text.\n")).unwrap();
    path
}

/// Lists what `walk` finds under `root`, as paths relative to it.
fn walked(root: &std::path::Path) -> Vec<String> {
    let (files, _) = byline::library::walk(&[root.to_path_buf()]);
    files
        .iter()
        .map(|(p, _)| p.strip_prefix(root).unwrap().display().to_string())
        .collect()
}

#[cfg(unix)]
#[test]
fn a_link_out_of_a_named_directory_is_not_followed() {
    // As /proc/*/root leads to the whole file system.
    let outside = tempfile::tempdir().unwrap();
    story(outside.path(), "elsewhere.txt");
    let library = tempfile::tempdir().unwrap();
    story(library.path(), "own.txt");
    std::os::unix::fs::symlink(outside.path(), library.path().join("root")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("elsewhere.txt"),
        library.path().join("linked.txt"),
    )
    .unwrap();
    assert_eq!(walked(library.path()), ["own.txt"]);
}

#[cfg(unix)]
#[test]
fn a_link_within_the_named_directory_is_followed() {
    let library = tempfile::tempdir().unwrap();
    story(&library.path().join("2026"), "a.txt");
    std::os::unix::fs::symlink(
        library.path().join("2026/a.txt"),
        library.path().join("latest.txt"),
    )
    .unwrap();
    assert_eq!(walked(library.path()), ["2026/a.txt", "latest.txt"]);
}

#[cfg(unix)]
#[test]
fn a_named_path_that_is_a_link_is_followed_wherever_it_points() {
    let outside = tempfile::tempdir().unwrap();
    story(outside.path(), "there.txt");
    let here = tempfile::tempdir().unwrap();
    let link = here.path().join("stories");
    std::os::unix::fs::symlink(outside.path(), &link).unwrap();
    let (files, problems) = byline::library::walk(std::slice::from_ref(&link));
    assert!(problems.is_empty());
    assert_eq!(files.len(), 1);
}

#[cfg(unix)]
#[test]
fn a_fifo_named_like_a_story_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("news.txt");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let (done, result) = std::sync::mpsc::channel();
    let path = fifo.clone();
    std::thread::spawn(move || {
        let _ = done.send((
            read_story(&path, Format::Plain).map(|_| ()),
            Library::load(&[path.parent().unwrap().to_path_buf()]).problems,
        ));
    });
    let (read, problems) = result
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("reading a FIFO blocked");
    assert!(read.unwrap_err().contains("not a regular file"));
    assert_eq!(problems.len(), 1);
}
