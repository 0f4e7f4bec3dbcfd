//! Read marks, bookmarks, notes and the bookmarks view, driven by keys.
#![allow(clippy::unwrap_used)]

mod common;

use byline::app::{App, Msg, Screen};
use byline::library::Library;
use byline::store::{StatePaths, Store};
use common::{fixture_library, press};

fn app_in(dir: &std::path::Path) -> App {
    let store = Store::open(&StatePaths::in_dir(dir)).unwrap();
    let mut app = App::with_store(fixture_library(), store, 120, 40);
    app.update(Msg::Resize {
        width: 120,
        height: 40,
    });
    app
}

/// An app over one story file, keeping its state in `dir`.
fn app_over(dir: &std::path::Path, story: &std::path::Path) -> App {
    let store = Store::open(&StatePaths::in_dir(dir)).unwrap();
    let mut app = App::with_store(Library::load(&[story.to_path_buf()]), store, 120, 40);
    app.update(Msg::Resize {
        width: 120,
        height: 40,
    });
    app
}

fn harbour_row(app: &App) -> usize {
    common::story_index(app, "Harbour")
}

#[test]
fn opening_a_story_marks_it_read_and_the_list_title_counts_the_unread() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    assert_eq!(app.unread_count(), 4);
    press(&mut app, &["Enter"]);
    assert!(app.store.is_read(app.library.articles[0].id));
    assert_eq!(app.unread_count(), 3);
}

#[test]
fn u_toggles_read_and_unread_in_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    let id = app.library.articles[0].id;
    press(&mut app, &["u"]);
    assert!(app.store.is_read(id));
    press(&mut app, &["u"]);
    assert!(!app.store.is_read(id));
}

#[test]
fn capital_u_shows_unread_stories_only_and_again_all() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    press(&mut app, &["u", "j", "u"]);
    press(&mut app, &["U"]);
    assert_eq!(app.list_len(), 2);
    // Reading one keeps it in the list until the filter is turned off.
    press(&mut app, &["Enter", "h"]);
    assert_eq!(app.list_len(), 2);
    press(&mut app, &["U"]);
    assert_eq!(app.list_len(), 4);
    press(&mut app, &["U"]);
    assert_eq!(app.list_len(), 1);
}

#[test]
fn b_in_the_list_bookmarks_the_whole_story_and_again_removes_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    let id = app.library.articles[0].id;
    press(&mut app, &["b"]);
    assert!(app.store.is_story_bookmarked(id));
    press(&mut app, &["b"]);
    assert!(!app.store.is_story_bookmarked(id));
}

#[test]
fn b_in_the_reader_bookmarks_the_paragraph_at_the_cursor_and_again_removes_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    press(&mut app, &["Enter", "}", "b"]);
    let id = app.library.articles[0].id;
    let passages = app.store.passages_for(id);
    assert_eq!(passages.len(), 1);
    assert!(passages[0].selector.exact.starts_with("\"We have waited"));
    assert_eq!(app.reader.as_ref().unwrap().passages[0].1, 1..2);
    press(&mut app, &["b"]);
    assert!(app.store.passages_for(id).is_empty());
}

#[test]
fn v_selects_whole_paragraphs_that_b_bookmarks_as_one_passage() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    press(&mut app, &["Enter", "}", "v", "}", "}", "b"]);
    let id = app.library.articles[0].id;
    let passages = app.store.passages_for(id);
    assert_eq!(passages.len(), 1);
    assert_eq!(passages[0].selector.paragraphs, 1..4);
    assert_eq!(passages[0].selector.exact.matches("\n\n").count(), 2);
    assert!(app.reader.as_ref().unwrap().selection.is_none());
}

#[test]
fn esc_cancels_a_selection_before_it_leaves_the_reader() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    press(&mut app, &["Enter", "v", "}", "Esc"]);
    assert!(matches!(app.screen(), Screen::Reader));
    assert!(app.reader.as_ref().unwrap().selection.is_none());
    press(&mut app, &["Esc"]);
    assert!(matches!(app.screen(), Screen::List));
}

#[test]
fn a_adds_a_note_that_enter_saves_and_esc_abandons() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    press(&mut app, &["Enter", "}", "b", "a"]);
    assert!(app.overlay().note().is_some());
    for c in "check the figure".chars() {
        press(&mut app, &[&c.to_string()]);
    }
    press(&mut app, &["Enter"]);
    let id = app.library.articles[0].id;
    assert_eq!(
        app.store.passages_for(id)[0].note.as_deref(),
        Some("check the figure")
    );
    press(&mut app, &["a", "x", "Esc"]);
    assert_eq!(
        app.store.passages_for(id)[0].note.as_deref(),
        Some("check the figure")
    );
    assert!(app.overlay().note().is_none());
}

#[test]
fn the_bookmarks_view_lists_newest_first_and_enter_opens_the_story_at_the_passage() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    let harbour = harbour_row(&app);
    // A story bookmark on another story first, then a passage of the harbour story.
    press(&mut app, &["j", "b", "k", "Enter", "}", "}", "}", "b", "B"]);
    assert!(matches!(app.screen(), Screen::Bookmarks(_)));
    let view = app.bookmarks_view().unwrap();
    assert_eq!(view.entries.len(), 2);
    assert!(
        view.entries[0].paragraphs[0].starts_with("Fishermen unload"),
        "newest first"
    );
    press(&mut app, &["g", "Enter"]);
    assert!(matches!(app.screen(), Screen::Reader));
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.id(), app.library.articles[harbour].id);
    assert_eq!(r.cursor, 3);
}

#[test]
fn d_deletes_a_bookmark_in_the_view_and_u_undoes_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    press(&mut app, &["Enter", "}", "b", "a"]);
    for c in "keep".chars() {
        press(&mut app, &[&c.to_string()]);
    }
    press(&mut app, &["Enter", "B", "d"]);
    assert!(app.bookmarks_view().unwrap().entries.is_empty());
    let id = app.library.articles[0].id;
    assert!(app.store.passages_for(id).is_empty());
    press(&mut app, &["u"]);
    let passages = app.store.passages_for(id);
    assert_eq!(passages.len(), 1);
    assert_eq!(
        passages[0].note.as_deref(),
        Some("keep"),
        "the note comes back too"
    );
}

#[test]
fn bookmarks_and_read_marks_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let id;
    {
        let mut app = app_in(dir.path());
        id = app.library.articles[0].id;
        press(&mut app, &["Enter", "}", "b", "h", "j", "b"]);
    }
    let app = app_in(dir.path());
    assert!(app.store.is_read(id));
    assert_eq!(app.store.passages_for(id).len(), 1);
    assert_eq!(app.store.counts().story_bookmarks, 1);
}

#[test]
fn a_passage_found_again_after_the_story_gains_a_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    let stories = tempfile::tempdir().unwrap();
    let path = stories.path().join("s.txt");
    let original = "title Dam level\ndate 2026-01-01 - First paragraph.\n\nSecond paragraph about the dam.\n\nThird.\n";
    std::fs::write(&path, original).unwrap();
    let mut app = app_over(dir.path(), &path);
    press(&mut app, &["Enter", "}", "b"]);
    drop(app);
    let edited = "title Dam level\ndate 2026-01-01 - First paragraph.\n\nAn inserted paragraph.\n\nSecond paragraph about the dam.\n\nThird.\n";
    std::fs::write(&path, edited).unwrap();
    let mut app = app_over(dir.path(), &path);
    press(&mut app, &["Enter"]);
    assert_eq!(app.reader.as_ref().unwrap().passages[0].1, 2..3);
}

#[test]
fn a_passage_no_longer_in_the_story_keeps_its_saved_text_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let stories = tempfile::tempdir().unwrap();
    let path = stories.path().join("s.txt");
    std::fs::write(
        &path,
        "title T\ndate 2026-01-01 - Lead.\n\nDoomed paragraph.\n",
    )
    .unwrap();
    let mut app = app_over(dir.path(), &path);
    press(&mut app, &["Enter", "}", "b"]);
    drop(app);
    std::fs::write(&path, "title T\ndate 2026-01-01 - Lead.\n\nA rewrite.\n").unwrap();
    let mut app = app_over(dir.path(), &path);
    press(&mut app, &["Enter"]);
    assert!(
        app.status
            .clone()
            .unwrap()
            .contains("no longer in this story")
    );
    press(&mut app, &["B"]);
    let entry = &app.bookmarks_view().unwrap().entries[0];
    assert_eq!(entry.paragraphs, ["Doomed paragraph."]);
    assert!(entry.notice.is_some());
}

#[test]
fn a_damaged_state_file_is_reported_in_the_status_bar_and_kept_beside() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut app = app_in(dir.path());
        press(&mut app, &["u", "j", "u", "j", "b"]);
    }
    let file = dir.path().join("state.jsonl");
    let mut bytes = std::fs::read(&file).unwrap();
    bytes.extend_from_slice(b"{\"crc\":\"00000000\",\"rec\":garbage\n");
    std::fs::write(&file, &bytes).unwrap();
    let app = app_in(dir.path());
    let status = app.messages.unread_warning().unwrap();
    assert!(
        status.contains("damaged") || status.contains("recovered"),
        "{status}"
    );
    assert!(app.store.is_read(app.library.articles[0].id));
    let damaged = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().contains("damaged"));
    assert!(damaged);
}

#[cfg(unix)]
#[test]
fn a_disk_that_cannot_be_written_is_reported_and_byline_keeps_working() {
    let dir = tempfile::tempdir().unwrap();
    // A regular file where the state directory's parent should be: every
    // write fails, even for root.
    let blocker = dir.path().join("blocker");
    std::fs::write(&blocker, "not a directory").unwrap();
    let store = Store::open_or_in_memory(&StatePaths::in_dir(blocker.join("state")));
    let mut app = App::with_store(fixture_library(), store, 120, 40);
    app.update(Msg::Resize {
        width: 120,
        height: 40,
    });
    press(&mut app, &["Enter"]);
    let status = app.messages.unread_warning().unwrap();
    assert!(status.contains("not being saved"), "{status}");
    assert!(
        app.store.is_read(app.library.articles[0].id),
        "kept in memory"
    );
}

#[test]
fn a_state_file_from_a_newer_byline_is_refused_with_a_clear_message_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.jsonl");
    let line = "{\"header\":{\"app\":\"byline\",\"schema\":99}}";
    let crc = format!("{:08x}", crc32(line.as_bytes()));
    let content = format!("{{\"crc\":\"{crc}\",\"rec\":{line}}}\n");
    std::fs::write(&file, &content).unwrap();
    let store = Store::open_or_in_memory(&StatePaths::in_dir(dir.path()));
    let mut app = App::with_store(fixture_library(), store, 120, 40);
    app.update(Msg::Resize {
        width: 120,
        height: 40,
    });
    let warning = app.messages.unread_warning().unwrap();
    assert!(warning.contains("newer byline"), "{warning}");
    press(&mut app, &["Enter", "b"]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), content);
}

/// A state file declaring schema 99, and an app over it.
fn app_over_a_newer_state_file(dir: &std::path::Path) -> (App, String) {
    let line = "{\"header\":{\"app\":\"byline\",\"schema\":99}}";
    let crc = format!("{:08x}", crc32(line.as_bytes()));
    let content = format!("{{\"crc\":\"{crc}\",\"rec\":{line}}}\n");
    std::fs::write(dir.join("state.jsonl"), &content).unwrap();
    let store = Store::open_or_in_memory(&StatePaths::in_dir(dir));
    let mut app = App::with_store(fixture_library(), store, 120, 40);
    app.update(Msg::Resize {
        width: 120,
        height: 40,
    });
    (app, content)
}

#[test]
fn with_a_newer_state_file_a_change_is_refused_with_the_reason_and_not_made() {
    // Each change as keys from the list, the verdict the status bar gives,
    // and whether the change would show in the store had it been made.
    type Made = fn(&App) -> bool;
    let cases: [(&[&str], &str, Made); 5] = [
        (&["b"], "Not bookmarked: ", |app| {
            app.store.counts().story_bookmarks > 0
        }),
        (&["u"], "Not marked read: ", |app| {
            app.store.counts().read > 0
        }),
        (&["Enter", "b"], "Not bookmarked: ", |app| {
            app.store.counts().passage_bookmarks > 0
        }),
        (&["Enter", "a"], "Not bookmarked: ", |app| {
            app.overlay().note().is_some() || app.store.counts().passage_bookmarks > 0
        }),
        (&["Enter"], "Not marked read: ", |app| {
            app.store.counts().read > 0
        }),
    ];
    for (keys, verdict, made) in cases {
        let dir = tempfile::tempdir().unwrap();
        let (mut app, content) = app_over_a_newer_state_file(dir.path());
        press(&mut app, keys);
        let status = app.status.clone().unwrap_or_default();
        assert!(status.starts_with(verdict), "{keys:?}: {status}");
        assert!(
            status.contains("newer byline") && status.contains("upgrade byline"),
            "{keys:?}: {status}"
        );
        assert!(!status.contains("Bookmarked"), "{keys:?}: {status}");
        assert!(!made(&app), "{keys:?}: the change was made anyway");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("state.jsonl")).unwrap(),
            content
        );
    }
}

#[test]
fn a_newer_byline_taking_over_mid_session_refuses_the_bookmark_being_made() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    press(&mut app, &["u"]);
    let line = "{\"header\":{\"app\":\"byline\",\"schema\":99}}";
    let crc = format!("{:08x}", crc32(line.as_bytes()));
    let content = format!("{{\"crc\":\"{crc}\",\"rec\":{line}}}\n");
    let replacement = dir.path().join("replacement");
    std::fs::write(&replacement, &content).unwrap();
    std::fs::rename(&replacement, dir.path().join("state.jsonl")).unwrap();

    press(&mut app, &["j", "b"]);
    let status = app.status.clone().unwrap_or_default();
    assert!(status.starts_with("Not bookmarked: "), "{status}");
    assert_eq!(app.store.counts().story_bookmarks, 0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("state.jsonl")).unwrap(),
        content
    );
}

/// CRC-32 (IEEE), as the state file's records carry.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// The fixture's first story open, its second paragraph bookmarked with a note.
fn passage_with_note(dir: &std::path::Path) -> App {
    let mut app = app_in(dir);
    press(&mut app, &["Enter", "}", "b", "a"]);
    for c in "keep".chars() {
        press(&mut app, &[&c.to_string()]);
    }
    press(&mut app, &["Enter"]);
    app
}

#[test]
fn u_in_the_reader_brings_back_a_passage_bookmark_removed_by_b_with_its_note() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = passage_with_note(dir.path());
    let id = app.library.articles[0].id;
    press(&mut app, &["b"]);
    assert!(app.store.passages_for(id).is_empty());
    assert_eq!(
        app.status.as_deref(),
        Some("Removed the passage's bookmark and its note; u undoes")
    );
    press(&mut app, &["u"]);
    let passages = app.store.passages_for(id);
    assert_eq!(passages.len(), 1);
    assert_eq!(passages[0].note.as_deref(), Some("keep"));
    assert_eq!(app.reader.as_ref().unwrap().passages.len(), 1, "★ again");
}

#[test]
fn the_bookmarks_views_undo_brings_back_a_bookmark_removed_in_the_reader() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = passage_with_note(dir.path());
    let id = app.library.articles[0].id;
    press(&mut app, &["b", "B", "u"]);
    assert_eq!(app.store.passages_for(id).len(), 1);
    assert_eq!(app.bookmarks_view().unwrap().entries.len(), 1);
}

#[test]
fn the_bookmarks_views_undo_brings_back_a_story_bookmark_removed_in_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    let id = app.library.articles[0].id;
    press(&mut app, &["b", "b", "B", "u"]);
    assert!(app.store.is_story_bookmarked(id));
}

#[test]
fn u_in_the_reader_with_nothing_removed_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    press(&mut app, &["Enter", "u"]);
    assert_eq!(app.status.as_deref(), Some("Nothing to undo"));
}

/// What the state file holds now, as another byline would read it.
fn on_disk(dir: &std::path::Path) -> Store {
    Store::open(&StatePaths::in_dir(dir)).unwrap()
}

#[test]
fn once_saving_is_handed_over_a_bookmark_asks_the_shell_to_save_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    let mut saver = app.save_elsewhere().expect("a store with a file");
    let story = app.library.articles[app.selected_article().unwrap()].id;
    let asked = press(&mut app, &["b"]);
    assert!(app.store.is_story_bookmarked(story), "made at once");
    assert!(
        !on_disk(dir.path()).is_story_bookmarked(story),
        "not written here"
    );
    let [byline::app::Effect::SaveState(changes)] = asked.as_slice() else {
        panic!("expected one save, got {asked:?}");
    };
    app.update(Msg::Saved(saver.save(changes.clone())));
    assert!(on_disk(dir.path()).is_story_bookmarked(story));
    assert_eq!(app.messages.unread_warning(), None);
}

#[test]
fn keys_that_change_nothing_ask_for_no_save() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    let _saver = app.save_elsewhere();
    let asked = press(&mut app, &["j", "k", "Tab"]);
    assert!(
        !asked
            .iter()
            .any(|e| matches!(e, byline::app::Effect::SaveState(_))),
        "{asked:?}"
    );
}

#[test]
fn a_newer_byline_found_by_the_saver_undoes_the_change_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    let mut saver = app.save_elsewhere().unwrap();
    let line = "{\"header\":{\"app\":\"byline\",\"schema\":99}}";
    let crc = format!("{:08x}", crc32(line.as_bytes()));
    std::fs::write(
        dir.path().join("state.jsonl"),
        format!("{{\"crc\":\"{crc}\",\"rec\":{line}}}\n"),
    )
    .unwrap();
    let story = app.library.articles[app.selected_article().unwrap()].id;
    let asked = press(&mut app, &["b"]);
    for effect in asked {
        if let byline::app::Effect::SaveState(changes) = effect {
            app.update(Msg::Saved(saver.save(changes)));
        }
    }
    assert!(!app.store.is_story_bookmarked(story), "undone");
    let warning = app.messages.unread_warning().unwrap_or_default();
    assert!(
        warning.starts_with("Not saved: ") && warning.contains("newer byline"),
        "{warning}"
    );
}
