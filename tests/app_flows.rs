//! The app's state machine driven by keys and mouse, with no terminal.
#![allow(clippy::unwrap_used)]

mod common;

use byline::app::{App, Effect, Msg, Overlay, Screen};
use common::{analysed, app, bundled_app, indexed_people_app, people_app, press};

#[test]
fn the_list_starts_focused_on_the_newest_story() {
    let app = app(120, 40);
    assert!(matches!(app.screen(), Screen::List));
    assert_eq!(app.selected, 0);
    let dates: Vec<_> = app.library.articles.iter().map(|a| a.date).collect();
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1] || w[1].is_none()),
        "{dates:?}"
    );
}

#[test]
fn j_and_k_and_arrows_move_the_selection_within_bounds() {
    let mut app = app(120, 40);
    press(&mut app, &["j", "Down"]);
    assert_eq!(app.selected, 2);
    press(&mut app, &["k", "Up", "Up", "k"]);
    assert_eq!(app.selected, 0);
    press(&mut app, &["G"]);
    assert_eq!(app.selected, app.library.articles.len() - 1);
    press(&mut app, &["j"]);
    assert_eq!(app.selected, app.library.articles.len() - 1);
    press(&mut app, &["Home"]);
    assert_eq!(app.selected, 0);
    press(&mut app, &["End"]);
    assert_eq!(app.selected, app.library.articles.len() - 1);
    press(&mut app, &["g"]);
    assert_eq!(app.selected, 0);
}

#[test]
fn page_keys_move_the_selection_by_a_screenful_and_the_list_scrolls_with_it() {
    let mut app = bundled_app(120, 8);
    // 8 rows: 1 status bar, 2 borders, 5 stories visible.
    press(&mut app, &["PgDn"]);
    assert_eq!(app.selected, 5);
    assert!(app.list_offset <= app.selected && app.selected < app.list_offset + 5);
    press(&mut app, &["PgUp"]);
    assert_eq!(app.selected, 0);
    assert_eq!(app.list_offset, 0);
}

#[test]
fn enter_l_and_right_open_the_selected_story_and_focus_the_reader() {
    for k in ["Enter", "l", "Right"] {
        let mut app = app(120, 40);
        press(&mut app, &["j", k]);
        assert!(matches!(app.screen(), Screen::Reader), "{k}");
        let second = app.library.articles[1].id;
        assert_eq!(app.reader.as_ref().map(|r| r.id()), Some(second), "{k}");
    }
}

#[test]
fn h_left_and_esc_go_back_to_the_list_keeping_the_story_open() {
    for k in ["h", "Left", "Esc"] {
        let mut app = app(120, 40);
        press(&mut app, &["Enter", k]);
        assert!(matches!(app.screen(), Screen::List), "{k}");
        assert!(app.reader.is_some());
    }
}

#[test]
fn tab_switches_panes_only_when_a_story_is_open() {
    let mut app = app(120, 40);
    press(&mut app, &["Tab"]);
    assert!(matches!(app.screen(), Screen::List));
    assert!(app.status.is_some(), "says why nothing happened");
    press(&mut app, &["Enter", "Tab"]);
    assert!(matches!(app.screen(), Screen::List));
    press(&mut app, &["Tab"]);
    assert!(matches!(app.screen(), Screen::Reader));
}

#[test]
fn reader_keys_scroll_by_line_page_and_to_the_ends() {
    let mut app = bundled_app(120, 20);
    press(&mut app, &["Enter"]);
    let scroll = |app: &byline::app::App| app.reader.as_ref().unwrap().scroll;
    press(&mut app, &["j", "Down"]);
    assert_eq!(scroll(&app), 2);
    press(&mut app, &["k"]);
    assert_eq!(scroll(&app), 1);
    press(&mut app, &["Space"]);
    let page = app.reader_rows() - 2;
    assert_eq!(scroll(&app), 1 + page);
    press(&mut app, &["PgUp"]);
    assert_eq!(scroll(&app), 1);
    press(&mut app, &["G"]);
    let lines = app.reader.as_ref().unwrap().view.lines.len();
    assert_eq!(scroll(&app), lines - app.reader_rows());
    assert_eq!(app.reader_percent(), Some(100));
    press(&mut app, &["j"]);
    assert_eq!(
        scroll(&app),
        lines - app.reader_rows(),
        "never past the end"
    );
    press(&mut app, &["g"]);
    assert_eq!(scroll(&app), 0);
    assert_eq!(app.reader_percent(), Some(0));
}

#[test]
fn braces_move_the_passage_cursor_and_keep_it_on_screen() {
    let mut app = bundled_app(120, 12);
    press(&mut app, &["Enter"]);
    let n = app.reader.as_ref().unwrap().view.para_lines.len();
    for _ in 0..n + 3 {
        press(&mut app, &["}"]);
        let r = app.reader.as_ref().unwrap();
        let lines = &r.view.para_lines[r.cursor];
        assert!(lines.start >= r.scroll && lines.start < r.scroll + app.reader_rows());
    }
    assert_eq!(app.reader.as_ref().unwrap().cursor, n - 1);
    press(&mut app, &["{", "{"]);
    assert_eq!(app.reader.as_ref().unwrap().cursor, n - 3);
}

#[test]
fn scrolling_carries_the_passage_cursor_along() {
    let mut app = bundled_app(120, 12);
    press(&mut app, &["Enter", "G"]);
    let r = app.reader.as_ref().unwrap();
    let lines = &r.view.para_lines[r.cursor];
    assert!(
        lines.end > r.scroll,
        "cursor paragraph is on screen after G"
    );
}

#[test]
fn a_narrow_screen_shows_the_reader_alone_and_a_key_returns_to_the_list() {
    let mut app = app(60, 20);
    assert!(app.layout().list.is_some() && app.layout().reader.is_none());
    press(&mut app, &["Enter"]);
    assert!(app.layout().list.is_none());
    assert_eq!(app.layout().reader.map(|a| a.width), Some(60));
    press(&mut app, &["h"]);
    assert!(app.layout().list.is_some() && app.layout().reader.is_none());
}

#[test]
fn a_resize_rewraps_the_open_story_to_the_new_width() {
    let mut app = app(120, 40);
    press(&mut app, &["Enter"]);
    let wide = app.reader.as_ref().unwrap().view.width;
    app.update(Msg::Resize {
        width: 90,
        height: 40,
    });
    let narrower = app.reader.as_ref().unwrap().view.width;
    assert!(narrower < wide);
    assert!(app.reader.as_ref().unwrap().view.lines.len() > 3);
}

#[test]
fn help_opens_with_question_mark_and_any_key_closes_it_without_acting() {
    let mut app = app(120, 40);
    press(&mut app, &["?"]);
    assert!(app.overlay().is_help());
    press(&mut app, &["x"]);
    assert!(!app.overlay().is_help());
    assert_eq!(app.selected, 0, "the key that closed help did nothing else");
    press(&mut app, &["?", "q"]);
    assert!(!app.overlay().is_help() && !app.quit);
}

#[test]
fn q_and_ctrl_c_quit_from_either_pane() {
    for keys in [
        &["q"][..],
        &["Ctrl-c"],
        &["Enter", "q"],
        &["Enter", "Ctrl-c"],
        &["?", "Ctrl-c"],
    ] {
        let mut app = app(120, 40);
        press(&mut app, keys);
        assert!(app.quit, "{keys:?}");
    }
}

#[test]
fn the_wheel_scrolls_the_pane_under_the_pointer() {
    let mut app = bundled_app(120, 20);
    press(&mut app, &["Enter"]);
    let reader = app.layout().reader.unwrap();
    app.update(Msg::Wheel {
        column: reader.x + 5,
        row: 5,
        down: true,
    });
    assert_eq!(app.reader.as_ref().unwrap().scroll, 3);
    assert_eq!(app.selected, 0, "the list did not move");
    app.update(Msg::Wheel {
        column: 2,
        row: 5,
        down: true,
    });
    assert_eq!(app.selected, 3);
    assert_eq!(
        app.reader.as_ref().unwrap().scroll,
        3,
        "the reader did not move"
    );
}

#[test]
fn a_click_on_a_row_selects_that_story() {
    let mut app = app(120, 40);
    // Row 0 is the border; stories start on row 1.
    app.update(Msg::Click { column: 5, row: 3 });
    assert_eq!(app.selected, 2);
    assert!(matches!(app.screen(), Screen::List));
}

#[test]
fn an_empty_library_takes_every_key_without_panicking() {
    let mut app = byline::app::App::new(byline::library::Library::default(), 80, 24);
    press(
        &mut app,
        &[
            "j", "k", "G", "g", "PgDn", "Enter", "Tab", "}", "h", "?", "x",
        ],
    );
    assert!(app.reader.is_none());
}

#[test]
fn stories_loaded_in_the_background_keep_the_selection_on_the_same_story() {
    use byline::library::{Batch, LoadEvent};
    let all = common::fixture_library().articles;
    let mut app = byline::app::App::loading(120, 40);
    app.update(Msg::Loaded(LoadEvent::Found(all.len())));
    // The older half arrives first; the user selects and opens one.
    let (newer, older) = all.split_at(2);
    app.update(Msg::Loaded(LoadEvent::Batch(Batch {
        articles: older.iter().map(|a| (**a).clone()).collect(),
        problems: vec![],
    })));
    press(&mut app, &["j", "Enter", "h"]);
    let chosen = app.library.articles[app.selected].id;
    app.update(Msg::Loaded(LoadEvent::Batch(Batch {
        articles: newer.iter().map(|a| (**a).clone()).collect(),
        problems: vec![],
    })));
    assert_eq!(app.library.articles.len(), all.len());
    assert_eq!(app.library.articles[app.selected].id, chosen);
    assert_eq!(app.reader.as_ref().unwrap().id(), chosen);
    assert!(app.loading.is_some());
    app.update(Msg::Loaded(LoadEvent::Done));
    assert!(app.loading.is_none());
}

#[test]
fn files_that_could_not_be_read_are_reported_in_the_status_bar_when_loading_ends() {
    use byline::library::{Batch, LoadEvent, Problem};
    let mut app = byline::app::App::loading(120, 40);
    let problem = Problem {
        path: "broken.txt".into(),
        reason: "permission denied".into(),
    };
    app.update(Msg::Loaded(LoadEvent::Batch(Batch {
        articles: vec![],
        problems: vec![problem],
    })));
    app.update(Msg::Loaded(LoadEvent::Done));
    let warning = app.messages.unread_warning().unwrap();
    assert!(
        warning.contains("broken.txt") && warning.contains("permission denied"),
        "{warning}"
    );
}

#[test]
fn a_warning_outlives_later_status_messages_until_the_log_is_opened() {
    let mut app = app(120, 40);
    app.warn("changes are not being saved: disk full");
    // Moving about and loading more stories used to overwrite it.
    press(&mut app, &["j", "u", "k"]);
    app.update(Msg::Loaded(byline::library::LoadEvent::Done));
    assert_eq!(
        app.messages.unread_warning(),
        Some("changes are not being saved: disk full")
    );
    press(&mut app, &["M"]);
    assert!(app.screen().is_log());
    assert_eq!(app.messages.unread_warning(), None);
    assert!(
        app.messages
            .entries()
            .iter()
            .any(|m| m.text.contains("disk full"))
    );
    // Any other key closes the log and does nothing else.
    let selected = app.selected;
    press(&mut app, &["x"]);
    assert!(!app.screen().is_log());
    assert_eq!(app.selected, selected);
}

#[test]
fn a_damaged_journal_is_warned_of_even_when_stories_load_in_the_background() {
    use byline::store::{StatePaths, Store};
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("state.jsonl"), "not a journal\n").unwrap();
    let store = Store::open_or_in_memory(&StatePaths::in_dir(dir.path()));
    let mut app = App::loading_with_store(store, 120, 40);
    app.update(Msg::Loaded(byline::library::LoadEvent::Batch(
        byline::library::Batch {
            articles: common::fixture_library()
                .articles
                .iter()
                .map(|a| (**a).clone())
                .collect(),
            problems: vec![],
        },
    )));
    app.update(Msg::Loaded(byline::library::LoadEvent::Done));
    let warning = app.messages.unread_warning().unwrap();
    assert!(warning.contains("damaged"), "{warning}");
}

#[test]
fn a_note_keeps_no_bidirectional_controls_typed_into_it() {
    let mut app = app(120, 40);
    press(&mut app, &["Enter", "b", "a"]);
    for c in "a\u{202e}b\u{2066}c".chars() {
        app.update(Msg::Key(byline::keymap::Key::char(c)));
    }
    assert_eq!(app.overlay().note().map(|i| i.text.as_str()), Some("abc"));
}

#[test]
fn brackets_step_through_quotations_and_say_who_spoke() {
    let mut app = app(120, 40);
    let harbour = common::story_index(&app, "Harbour");
    app.open(harbour);
    press(&mut app, &["]"]);
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.quote, Some(0));
    let status = app.status.clone().unwrap();
    assert!(status.starts_with("Quotation 1 of 1"), "{status}");
    assert!(status.contains("Marit Solheim"), "{status}");
    assert_eq!(r.cursor, 1, "the passage cursor follows the quotation");
}

#[test]
fn p_cycles_through_the_people_and_back_to_no_one() {
    let mut app = app(120, 40);
    let harbour = common::story_index(&app, "Harbour");
    app.open(harbour);
    let n = app.reader.as_ref().unwrap().analysis.people.len();
    assert!(n >= 2);
    press(&mut app, &["p"]);
    assert_eq!(app.reader.as_ref().unwrap().person, Some(0));
    assert!(app.status.clone().unwrap().contains("2 mentions"));
    for _ in 1..n {
        press(&mut app, &["p"]);
    }
    assert_eq!(app.reader.as_ref().unwrap().person, Some(n - 1));
    press(&mut app, &["p"]);
    assert_eq!(app.reader.as_ref().unwrap().person, None);
    press(&mut app, &["P"]);
    assert_eq!(app.reader.as_ref().unwrap().person, Some(n - 1));
}

#[test]
fn brackets_in_a_story_without_quotations_say_so() {
    let mut app = app(120, 40);
    let hours = common::story_index(&app, "The county library");
    app.open(hours);
    press(&mut app, &["]"]);
    assert_eq!(app.status.as_deref(), Some("No quotations in this story"));
}

/// A story far over the size that is laid out on another thread.
fn large_library() -> byline::library::Library {
    let mut text = String::from("title A very long story\ndate 2026-01-01 Oslo - Lead.\n\n");
    while text.len() < byline::app::LARGE_STORY_BYTES * 2 {
        text.push_str("\"We will not stop,\" said Mayor Ana Ruiz, who spoke for an hour.\n\n");
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.txt");
    std::fs::write(&path, text).unwrap();
    byline::library::Library::load(&[path])
}

/// The layouts among what the app asked the shell for.
fn lay_outs(asked: Vec<Effect>) -> Vec<byline::app::Job> {
    asked
        .into_iter()
        .filter_map(|e| match e {
            Effect::LayOut(job) => Some(job),
            _ => None,
        })
        .collect()
}

#[test]
fn a_large_story_is_laid_out_off_the_ui_thread_and_then_shown() {
    let mut app = byline::app::App::new(large_library(), 120, 40);
    app.update(Msg::Resize {
        width: 120,
        height: 40,
    });
    let asked = press(&mut app, &["Enter"]);
    let r = app.reader.as_ref().unwrap();
    assert!(r.pending.is_some(), "layout is pending");
    assert!(r.view.lines.is_empty());
    let jobs = lay_outs(asked);
    assert_eq!(jobs.len(), 1);
    // Keys still work while the story is being laid out.
    press(&mut app, &["j", "G", "]"]);
    for job in jobs {
        app.update(job.run());
    }
    let r = app.reader.as_ref().unwrap();
    assert!(r.pending.is_none());
    assert!(r.view.lines.len() > 1000);
    assert_eq!(r.analysis.people[0].name, "Ana Ruiz");
}

#[test]
fn a_resize_while_a_large_story_is_laid_out_lays_it_out_again_for_the_new_width() {
    let mut app = byline::app::App::new(large_library(), 120, 40);
    app.update(Msg::Resize {
        width: 120,
        height: 40,
    });
    let first = lay_outs(press(&mut app, &["Enter"]));
    let second = lay_outs(app.update(Msg::Resize {
        width: 90,
        height: 40,
    }));
    assert_eq!(second.len(), 1);
    for job in first.into_iter().chain(second) {
        app.update(job.run());
    }
    let r = app.reader.as_ref().unwrap();
    assert!(r.pending.is_none());
    let (_, text_width) =
        byline::layout::reader_columns(app.layout().reader.unwrap(), app.settings.measure);
    assert_eq!(r.view.width, usize::from(text_width));
}

#[test]
fn a_help_taller_than_the_screen_scrolls_with_j_and_k() {
    let mut app = app(120, 20);
    press(&mut app, &["?", "j", "j", "j"]);
    assert!(app.overlay().is_help());
    assert!(matches!(app.overlay(), Overlay::Help { scroll } if *scroll == 3));
    press(&mut app, &["k"]);
    assert!(matches!(app.overlay(), Overlay::Help { scroll } if *scroll == 2));
    // More pages than the help has: it stops at its end.
    press(&mut app, &["PgDn"; 10]);
    assert!(
        matches!(app.overlay(), Overlay::Help { scroll } if *scroll == app.keymap.help_lines() - app.help_rows())
    );
}

/// Keeps analyses in memory, counting what is asked of it.
#[derive(Default)]
struct Kept {
    analyses: std::sync::Mutex<std::collections::HashMap<(u64, u64), byline::analysis::Analysis>>,
    kept: std::sync::atomic::AtomicUsize,
}

impl byline::library::Bodies for Kept {
    fn feed_story(
        &self,
        _: &str,
        _: &str,
        _: &str,
    ) -> Result<Option<byline::article::Article>, String> {
        Ok(None)
    }

    fn analysis(
        &self,
        story: byline::article::ArticleId,
        hash: u64,
    ) -> Option<byline::analysis::Analysis> {
        self.analyses
            .lock()
            .unwrap()
            .get(&(story.bits(), hash))
            .cloned()
    }

    fn keep_analysis(
        &self,
        story: &byline::article::Article,
        analysis: &byline::analysis::Analysis,
        _keeping: byline::library::Keeping,
    ) {
        self.kept.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.analyses
            .lock()
            .unwrap()
            .insert((story.id.bits(), story.text_hash()), analysis.clone());
    }
}

#[test]
fn a_story_opened_again_uses_the_analysis_kept_for_it() {
    let kept = std::sync::Arc::new(Kept::default());
    let mut library = common::fixture_library();
    library.bodies = Some(kept.clone());
    let mut app = App::new(library, 120, 40);
    app.update(Msg::Resize {
        width: 120,
        height: 40,
    });
    let harbour = common::story_index(&app, "Harbour");
    app.open(harbour);
    let first = app.reader.as_ref().unwrap().analysis.clone();
    assert!(!first.people.is_empty());
    assert_eq!(kept.kept.load(std::sync::atomic::Ordering::SeqCst), 1);
    app.open(harbour);
    assert_eq!(
        kept.kept.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "read back, not made again"
    );
    assert_eq!(app.reader.as_ref().unwrap().analysis, first);
}

#[test]
fn a_kept_analysis_that_does_not_fit_the_text_is_made_again() {
    let kept = std::sync::Arc::new(Kept::default());
    let mut library = common::fixture_library();
    library.bodies = Some(kept.clone());
    let mut app = App::new(library, 120, 40);
    let harbour = common::story_index(&app, "Harbour");
    let story = app.library.articles[harbour].clone();
    // An analysis whose spans run past the story's text (a damaged database).
    let mut wrong = byline::analysis::Analysis::default();
    wrong.people.push(byline::analysis::Person {
        name: "Nobody".into(),
        mentions: vec![byline::analysis::Span {
            para: 999,
            range: 0..3,
        }],
    });
    byline::library::Bodies::keep_analysis(&*kept, &story, &wrong, byline::library::Keeping::Wait);
    app.open(harbour);
    let analysis = &app.reader.as_ref().unwrap().analysis;
    assert!(analysis.people.iter().all(|p| p.name != "Nobody"));
}

#[test]
fn stories_analysed_in_the_background_join_the_people_index() {
    let mut app = app(120, 40);
    let story = app.library.articles[0].clone();
    let texts: Vec<String> = story
        .paragraphs
        .iter()
        .map(|p| p.text.as_str().to_string())
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let analysis = byline::analysis::analyze(&refs);
    assert!(!analysis.people.is_empty(), "the fixture names people");
    app.update(Msg::Analysed {
        stories: vec![byline::app::Analysed {
            info: byline::people::StoryInfo::of(&story),
            analysis,
            paragraphs: texts,
        }],
        left: 3,
    });
    assert!(!app.people.is_empty());
    assert_eq!(app.people_left, 3);
}

// The people view (`W`): who said what across the library.

fn people_names(app: &App) -> Vec<String> {
    let view = app.people_view().unwrap();
    (0..view.len())
        .map(|i| {
            app.people
                .name(view.row(i).unwrap().id)
                .unwrap()
                .to_string()
        })
        .collect()
}

fn selected_person(app: &App) -> String {
    let view = app.people_view().unwrap();
    app.people
        .name(view.selected_row().unwrap().id)
        .unwrap()
        .to_string()
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Msg::Key(byline::keymap::Key::char(c)));
    }
}

#[test]
fn capital_w_in_the_list_shows_everyone_most_quoted_first_with_stories_and_last_date() {
    let mut app = indexed_people_app(120, 40);
    press(&mut app, &["W"]);
    assert!(matches!(app.screen(), Screen::People(_)));
    let view = app.people_view().unwrap();
    assert_eq!(view.sort, byline::app::PeopleSort::Quotations);
    let top = view.row(0).unwrap();
    assert_eq!(app.people.name(top.id), Some("José Núñez"));
    assert_eq!((top.quotations, top.stories), (3, 3));
    assert_eq!(
        top.last.map(|d| d.to_string()).as_deref(),
        Some("2026-03-10")
    );
    let alvarado = (0..view.len())
        .filter_map(|i| view.row(i))
        .find(|r| app.people.name(r.id) == Some("Tomas Alvarado"))
        .unwrap();
    assert_eq!((alvarado.quotations, alvarado.stories), (0, 2));
    assert_eq!(
        people_names(&app)[3..],
        ["Tomas Alvarado", "INGRID VOSS"],
        "never quoted, so last, the more named first"
    );
}

#[test]
fn s_sorts_by_stories_then_by_name_then_by_quotations_again_keeping_the_person_selected() {
    let mut app = indexed_people_app(120, 40);
    press(&mut app, &["W", "j"]);
    let chosen = selected_person(&app);
    press(&mut app, &["s"]);
    let view = app.people_view().unwrap();
    assert_eq!(view.sort, byline::app::PeopleSort::Stories);
    assert_eq!(app.status.as_deref(), Some("Sorted by stories"));
    assert_eq!(&people_names(&app)[..2], ["José Núñez", "Tomas Alvarado"]);
    assert_eq!(selected_person(&app), chosen);
    press(&mut app, &["s"]);
    // By name with accents and capitals aside.
    assert_eq!(
        people_names(&app),
        [
            "Ingrid Berg",
            "INGRID VOSS",
            "José Núñez",
            "Marit Solheim",
            "Tomas Alvarado"
        ]
    );
    assert_eq!(selected_person(&app), chosen);
    press(&mut app, &["s"]);
    assert_eq!(
        app.people_view().unwrap().sort,
        byline::app::PeopleSort::Quotations
    );
    assert_eq!(people_names(&app)[0], "José Núñez");
}

#[test]
fn slash_filters_as_you_type_on_any_form_of_the_name_whatever_its_accents_and_case() {
    let mut app = indexed_people_app(120, 40);
    press(&mut app, &["W", "/"]);
    type_text(&mut app, "NUNEZ");
    assert_eq!(people_names(&app), ["José Núñez"]);
    assert!(!app.quit);
    press(&mut app, &["Esc"]);
    let view = app.people_view().unwrap();
    assert!(!view.typing);
    assert!(view.filter.is_empty(), "Esc clears the filter");
    assert_eq!(view.len(), view.total());
    // "Solheim" is a form only: the stories call her that too.
    press(&mut app, &["/"]);
    type_text(&mut app, "solheim");
    assert_eq!(people_names(&app), ["Marit Solheim"]);
    // Typed keys are text, even those bound elsewhere.
    type_text(&mut app, "q");
    assert!(!app.quit);
    assert!(people_names(&app).is_empty());
    app.update(Msg::Key(byline::keymap::Key::plain(
        byline::keymap::KeyCode::Backspace,
    )));
    assert_eq!(people_names(&app), ["Marit Solheim"]);
    // Enter keeps the filter and gives the keys back to the view.
    press(&mut app, &["Enter"]);
    let view = app.people_view().unwrap();
    assert!(!view.typing);
    assert_eq!(view.filter, "solheim");
    press(&mut app, &["Esc"]);
    assert!(
        matches!(app.screen(), Screen::People(_)),
        "Esc first clears the filter"
    );
    assert!(app.people_view().unwrap().filter.is_empty());
    press(&mut app, &["Esc"]);
    assert!(matches!(app.screen(), Screen::List));
}

#[test]
fn enter_on_a_person_shows_everything_they_said_newest_first_and_esc_goes_back_to_everyone() {
    let mut app = indexed_people_app(120, 40);
    press(&mut app, &["W", "Enter"]);
    let page = app.people_view().unwrap().page.as_ref().unwrap().clone();
    assert_eq!(page.name, "José Núñez");
    let said: Vec<(String, &str)> = page
        .quotes
        .iter()
        .map(|q| (q.date.unwrap().to_string(), q.text.as_str()))
        .collect();
    assert_eq!(said.len(), 3);
    assert_eq!(said[0].0, "2026-03-10");
    assert!(
        said[0].1.starts_with("\"The fares will not rise"),
        "{said:?}"
    );
    assert!(
        said[1].1.starts_with("\"We listened"),
        "story order within a story"
    );
    assert_eq!(said[2].0, "2026-02-01");
    assert!(
        said[2].1.ends_with("through every winter storm,\""),
        "in full: {said:?}"
    );
    assert_eq!(page.quotes[2].title, "Minister opens the new quay");
    press(&mut app, &["h"]);
    let view = app.people_view().unwrap();
    assert!(view.page.is_none());
    assert_eq!(selected_person(&app), "José Núñez");
    press(&mut app, &["Esc"]);
    assert!(matches!(app.screen(), Screen::List));
    assert!(app.people_view().is_none());
}

#[test]
fn enter_on_a_quotation_opens_its_story_in_the_reader_with_that_quotation_chosen() {
    let mut app = indexed_people_app(120, 40);
    press(&mut app, &["W", "Enter", "j", "Enter"]);
    assert!(matches!(app.screen(), Screen::Reader));
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.story.title, "Ferry fares frozen for the islands");
    assert_eq!(r.quote, Some(1), "the second quotation of the story");
    let q = &r.analysis.quotes[1];
    assert_eq!(r.cursor, q.span.para);
    let text = &r.story.paragraphs[q.span.para].text.as_str()[q.span.range.clone()];
    assert!(text.starts_with("\"We listened"), "{text}");
    assert!(
        app.status
            .as_deref()
            .unwrap()
            .contains("said by José Núñez")
    );

    let mut app = indexed_people_app(120, 40);
    press(&mut app, &["W", "Enter", "G", "Enter"]);
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.story.title, "Minister opens the new quay");
    assert_eq!(r.quote, Some(0));
}

#[test]
fn f_on_a_person_narrows_the_list_to_the_stories_that_name_them_and_f_in_the_list_widens_it() {
    let mut app = indexed_people_app(120, 40);
    press(&mut app, &["W", "/"]);
    type_text(&mut app, "alvarado");
    press(&mut app, &["Enter", "f"]);
    assert!(matches!(app.screen(), Screen::List));
    assert!(app.people_view().is_none());
    let titles: Vec<&str> = (0..app.list_len())
        .map(|row| {
            app.library.articles[app.list_article(row).unwrap()]
                .title
                .as_str()
        })
        .collect();
    assert_eq!(
        titles,
        [
            "Harbour board backs night ferry trial",
            "Island budget passes"
        ]
    );
    assert!(app.status.as_deref().unwrap().contains("Tomas Alvarado"));
    // The narrowed list is what the view counts next time.
    press(&mut app, &["W"]);
    let view = app.people_view().unwrap();
    let nunez = (0..view.len())
        .filter_map(|i| view.row(i))
        .find(|r| app.people.name(r.id) == Some("José Núñez"))
        .unwrap();
    assert_eq!(nunez.stories, 1, "only the budget story is in the list");
    press(&mut app, &["Esc", "f"]);
    assert!(app.person_only().is_none());
    assert_eq!(app.list_len(), app.library.articles.len());
}

#[test]
fn f_on_a_persons_page_narrows_the_list_to_their_stories() {
    let mut app = indexed_people_app(120, 40);
    press(&mut app, &["W", "Enter", "f"]);
    assert!(matches!(app.screen(), Screen::List));
    assert_eq!(app.list_len(), 3, "José Núñez is named in three stories");
}

#[test]
fn the_view_counts_only_the_stories_the_list_shows() {
    let mut app = indexed_people_app(120, 40);
    let budget = common::story_index(&app, "Island budget");
    app.selected = budget;
    press(&mut app, &["f", "W"]);
    let names = people_names(&app);
    assert!(!names.contains(&"Marit Solheim".to_string()), "{names:?}");
    let view = app.people_view().unwrap();
    let nunez = (0..view.len())
        .filter_map(|i| view.row(i))
        .find(|r| app.people.name(r.id) == Some("José Núñez"))
        .unwrap();
    assert_eq!((nunez.stories, nunez.quotations), (1, 0));
    assert_eq!(
        nunez.last.map(|d| d.to_string()).as_deref(),
        Some("2025-12-01")
    );
}

#[test]
fn capital_w_in_the_reader_opens_the_page_of_the_person_chosen_with_p_and_esc_returns_to_the_story()
{
    let mut app = indexed_people_app(120, 40);
    let harbour = common::story_index(&app, "Harbour");
    app.open(harbour);
    let people = &app.reader.as_ref().unwrap().analysis.people;
    let solheim = people
        .iter()
        .position(|p| p.name == "Marit Solheim")
        .unwrap();
    for _ in 0..=solheim {
        press(&mut app, &["p"]);
    }
    assert_eq!(app.reader.as_ref().unwrap().person, Some(solheim));
    press(&mut app, &["W"]);
    assert!(matches!(app.screen(), Screen::People(_)));
    let page = app.people_view().unwrap().page.as_ref().unwrap();
    assert_eq!(page.name, "Marit Solheim");
    assert_eq!(page.quotes.len(), 1);
    press(&mut app, &["Esc"]);
    assert!(matches!(app.screen(), Screen::Reader));
    assert_eq!(
        app.reader.as_ref().unwrap().story.title,
        "Harbour board backs night ferry trial"
    );
}

#[test]
fn a_person_chosen_in_a_story_is_found_in_the_library_under_any_spelling() {
    let mut app = indexed_people_app(120, 40);
    let quay = common::story_index(&app, "Minister opens");
    app.open(quay);
    press(&mut app, &["p", "W"]);
    let page = app.people_view().unwrap().page.as_ref().unwrap();
    assert_eq!(page.name, "José Núñez", "the story says Jose Nunez");
    assert_eq!(page.quotes.len(), 3);
}

#[test]
fn capital_w_in_the_reader_with_no_one_chosen_shows_everyone() {
    let mut app = indexed_people_app(120, 40);
    press(&mut app, &["Enter", "W"]);
    assert!(matches!(app.screen(), Screen::People(_)));
    assert!(app.people_view().unwrap().page.is_none());
    press(&mut app, &["Esc"]);
    assert!(
        matches!(app.screen(), Screen::Reader),
        "back where it was opened"
    );
}

#[test]
fn a_person_not_yet_indexed_is_said_to_be_so_and_the_reader_keeps_the_keys() {
    let mut app = people_app(120, 40);
    app.update(Msg::Analysed {
        stories: Vec::new(),
        left: 4,
    });
    let harbour = common::story_index(&app, "Harbour");
    app.open(harbour);
    press(&mut app, &["p", "W"]);
    assert!(matches!(app.screen(), Screen::Reader));
    let status = app.status.clone().unwrap();
    assert!(status.contains("not in the people index yet"), "{status}");
    assert!(status.contains("4 stories left"), "{status}");
}

#[test]
fn the_open_view_fills_in_as_stories_are_analysed_in_the_background() {
    let mut app = people_app(120, 40);
    app.update(Msg::Analysed {
        stories: Vec::new(),
        left: 4,
    });
    press(&mut app, &["W"]);
    assert!(app.people_view().unwrap().is_empty());
    let harbour = common::story_index(&app, "Harbour");
    let first = analysed(&app, &[harbour]);
    app.update(Msg::Analysed {
        stories: first,
        left: 3,
    });
    assert_eq!(app.people_left, 3);
    assert!(people_names(&app).contains(&"Marit Solheim".to_string()));
    let rest: Vec<usize> = (0..app.library.articles.len())
        .filter(|&i| i != harbour)
        .collect();
    let rest = analysed(&app, &rest);
    app.update(Msg::Analysed {
        stories: rest,
        left: 0,
    });
    assert_eq!(people_names(&app)[0], "José Núñez");
}

/// Runs the analyses the app asked the shell for, as the shell's worker
/// would, hands every batch to the app, and says for each how many stories
/// it brought and how many were left.
fn analyse_in_background(app: &mut App, asked: Vec<Effect>) -> Vec<(usize, usize)> {
    let mut sent = Vec::new();
    for effect in asked {
        if let byline::app::Effect::Analyse(job) = effect {
            job.run(|msg| {
                sent.push(msg);
                true
            });
        }
    }
    let mut batches = Vec::new();
    for msg in sent {
        if let Msg::Analysed { stories, left } = &msg {
            batches.push((stories.len(), *left));
        }
        app.update(msg);
    }
    batches
}

/// A story file in `dir` whose one quotation is by `speaker`.
fn quoted_story(
    dir: &std::path::Path,
    name: &str,
    title: &str,
    speaker: &str,
) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!(
            "title {title}\ndate 2026-01-01 Oslo - Lead.\n\n\"We start today,\" said {speaker}.\n"
        ),
    )
    .unwrap();
    path
}

fn read(path: &std::path::Path) -> byline::article::Article {
    byline::library::read_story(path, byline::article::Format::Plain).unwrap()
}

fn said_by(app: &App, name: &str) -> usize {
    app.people
        .find(name)
        .iter()
        .map(|&p| app.people.quotations_of(p).len())
        .sum()
}

#[test]
fn a_library_opened_is_analysed_in_batches_until_none_are_left_and_its_people_are_indexed() {
    let stories = 2 * byline::app::ANALYSED_BATCH + 50;
    let articles = (0..stories)
        .map(|i| {
            let text = format!(
                "title Story {i}\ndate 2026-01-01 Oslo - Lead.\n\n\"We start at {i},\" said Mayor Ana Ruiz.\n"
            );
            byline::article::parse(
                &text,
                byline::article::Format::Plain,
                byline::article::Origin::File(format!("s{i}.txt").into()),
                "s",
            )
        })
        .collect();
    let mut library = byline::library::Library::default();
    library.add(byline::library::Batch {
        articles,
        problems: Vec::new(),
    });
    let mut app = App::new(library, 120, 40);
    let asked = app.analyse_library();
    assert_eq!(
        app.people_left, stories,
        "the view can say it is catching up"
    );
    let batches = analyse_in_background(&mut app, asked);
    assert!(batches.len() >= 3, "{batches:?}");
    assert_eq!(batches.iter().map(|b| b.0).sum::<usize>(), stories);
    assert!(batches.windows(2).all(|w| w[0].1 >= w[1].1), "{batches:?}");
    assert_eq!(batches.last().map(|b| b.1), Some(0));
    assert_eq!(app.people_left, 0);
    assert_eq!(app.people.len(), stories);
    let ruiz = app.people.find("ana ruiz");
    assert_eq!(ruiz.len(), 1);
    assert_eq!(app.people.person(ruiz[0]).unwrap().stories.len(), stories);
    assert!(
        app.analyse_library().is_empty(),
        "nothing is analysed twice"
    );
}

#[test]
fn the_people_index_uses_the_analysis_kept_for_a_story_and_keeps_those_it_makes() {
    let kept = std::sync::Arc::new(Kept::default());
    let open = |kept: &std::sync::Arc<Kept>| {
        let mut library = common::fixture_library();
        library.bodies = Some(kept.clone());
        let mut app = App::new(library, 120, 40);
        let asked = app.analyse_library();
        analyse_in_background(&mut app, asked);
        app
    };
    let first = open(&kept);
    let stories = first.library.articles.len();
    assert_eq!(first.people.len(), stories);
    let made = kept.kept.load(std::sync::atomic::Ordering::SeqCst);
    assert_eq!(made, stories, "each analysis made is kept");
    let again = open(&kept);
    assert_eq!(
        kept.kept.load(std::sync::atomic::Ordering::SeqCst),
        made,
        "read back, not made again"
    );
    assert_eq!(again.people.persons(), first.people.persons());
}

#[test]
fn a_story_listed_as_a_row_only_is_read_from_its_file_for_the_people_index() {
    let dir = tempfile::tempdir().unwrap();
    let path = quoted_story(dir.path(), "a.txt", "Ferry trial", "Marit Solheim");
    let mut row = read(&path);
    row.paragraphs.clear();
    row.stub = Some(byline::article::Stub::File(byline::article::Format::Plain));
    let mut app = App::loading(120, 40);
    let asked = app.update(Msg::Loaded(byline::library::LoadEvent::Batch(
        byline::library::Batch {
            articles: vec![row],
            problems: Vec::new(),
        },
    )));
    analyse_in_background(&mut app, asked);
    assert_eq!(said_by(&app, "Marit Solheim"), 1);
}

#[test]
fn a_removed_files_story_leaves_the_people_index_even_when_its_analysis_comes_after() {
    let dir = tempfile::tempdir().unwrap();
    let a = quoted_story(dir.path(), "a.txt", "Ferry trial", "Marit Solheim");
    let b = quoted_story(dir.path(), "b.txt", "Dam level", "Tomas Alvarado");
    let c = quoted_story(dir.path(), "c.txt", "Library hours", "Ingrid Voss");
    let batch = |paths: &[&std::path::Path]| {
        Msg::Loaded(byline::library::LoadEvent::Batch(byline::library::Batch {
            articles: paths.iter().map(|p| read(p)).collect(),
            problems: Vec::new(),
        }))
    };
    let removed = |path: &std::path::Path| {
        Msg::Loaded(byline::library::LoadEvent::Removed(
            std::iter::once(path.to_path_buf()).collect(),
        ))
    };
    let mut app = App::loading(120, 40);
    let asked = app.update(batch(&[&a, &b]));
    analyse_in_background(&mut app, asked);
    assert_eq!(app.people.len(), 2);
    app.update(removed(&a));
    assert_eq!(said_by(&app, "Marit Solheim"), 0);
    assert_eq!(said_by(&app, "Tomas Alvarado"), 1);
    // Gone before its analysis arrives.
    let pending = app.update(batch(&[&c]));
    app.update(removed(&c));
    analyse_in_background(&mut app, pending);
    assert_eq!(said_by(&app, "Ingrid Voss"), 0);
    assert_eq!(app.people.len(), 1);
}

#[test]
fn a_file_read_again_is_in_the_people_index_as_it_is_now() {
    let dir = tempfile::tempdir().unwrap();
    let path = quoted_story(dir.path(), "a.txt", "Ferry trial", "Marit Solheim");
    let reread = |app: &mut App, path: &std::path::Path| {
        let asked = app.update(Msg::Loaded(byline::library::LoadEvent::Batch(
            byline::library::Batch {
                articles: vec![read(path)],
                problems: Vec::new(),
            },
        )));
        analyse_in_background(app, asked);
    };
    let mut app = App::loading(120, 40);
    reread(&mut app, &path);
    assert_eq!(said_by(&app, "Marit Solheim"), 1);
    // The same story edited: its row keeps its id.
    quoted_story(dir.path(), "a.txt", "Ferry trial", "Tomas Alvarado");
    reread(&mut app, &path);
    assert_eq!(said_by(&app, "Marit Solheim"), 0);
    assert_eq!(said_by(&app, "Tomas Alvarado"), 1);
    // Retitled: a new story in its place, and the old one gone.
    quoted_story(dir.path(), "a.txt", "Night ferry trial", "Ingrid Voss");
    reread(&mut app, &path);
    assert_eq!(app.library.articles.len(), 1);
    assert_eq!(app.people.len(), 1);
    assert_eq!(said_by(&app, "Tomas Alvarado"), 0);
    assert_eq!(said_by(&app, "Ingrid Voss"), 1);
}

/// An index of `n` people, one story each, person `i` quoted `i % 7` times
/// and named `Person <i>` (so that names and counts tie in many ways).
fn many_people(n: u64) -> byline::people::People {
    use byline::analysis::{Analysis, Person, Quote, Span};
    let mut people = byline::people::People::new();
    for i in 0..n {
        let name = format!("Person {}", i % (n / 3));
        let mut paragraphs = vec![format!("{name} spoke.")];
        let quotes = (0..i % 7)
            .map(|q| {
                paragraphs.push(format!("\"Point {q}.\""));
                Quote {
                    span: Span {
                        para: paragraphs.len() - 1,
                        range: 0..paragraphs[paragraphs.len() - 1].len(),
                    },
                    attribution: byline::analysis::Attribution::Speaker(0),
                    kind: byline::analysis::QuoteKind::Speech,
                }
            })
            .collect();
        let analysis = Analysis {
            people: vec![Person {
                mentions: vec![Span {
                    para: 0,
                    range: 0..name.len(),
                }],
                name,
            }],
            quotes,
        };
        let info = byline::people::StoryInfo::listed(
            byline::article::ArticleId::from_bits(i),
            &format!("Story {i}"),
            None,
            None,
            byline::article::Origin::File(format!("{i}.txt").into()),
        );
        let texts: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
        people.add(info, &analysis, &texts);
    }
    people
}

#[test]
fn paging_through_thousands_of_people_meets_each_once_in_order_whichever_the_sort() {
    let mut app = App::new(byline::library::Library::default(), 100, 30);
    app.people = many_people(6000);
    press(&mut app, &["W"]);
    for sort in 0..3 {
        let mut seen = Vec::new();
        let mut last_offset = None;
        loop {
            let view = app.people_view().unwrap();
            if last_offset == Some(view.offset) {
                break;
            }
            last_offset = Some(view.offset);
            let rows = app.people_rows();
            for i in view.offset..(view.offset + rows).min(view.len()) {
                let r = view.row(i).unwrap();
                let name = app.people.name(r.id).unwrap().to_string();
                if seen.last().is_none_or(|(_, _, _, at)| *at < i) {
                    seen.push((r.quotations, r.stories, name, i));
                }
            }
            press(&mut app, &["PgDn"]);
        }
        assert_eq!(seen.len(), 2000, "sort {sort}: each person once");
        let key = |s: &(usize, usize, String, usize)| -> (i64, i64, String) {
            match app.people_view().unwrap().sort {
                byline::app::PeopleSort::Quotations => (-(s.0 as i64), -(s.1 as i64), s.2.clone()),
                byline::app::PeopleSort::Stories => (-(s.1 as i64), -(s.0 as i64), s.2.clone()),
                byline::app::PeopleSort::Name => (0, 0, s.2.clone()),
            }
        };
        assert!(
            seen.windows(2).all(|w| key(&w[0]) <= key(&w[1])),
            "sort {sort}: in order all the way down"
        );
        press(&mut app, &["g", "s"]);
    }
}

/// The app with a configuration file's keys and settings.
fn configured(text: &str, width: u16, height: u16) -> App {
    let (config, errors) = byline::config::parse(
        text,
        std::path::Path::new("config.toml"),
        &byline::config::Env::default(),
    );
    assert!(errors.is_empty(), "{errors:?}");
    let mut app = app(width, height);
    app.keymap = config.keymap;
    app.settings = config.settings;
    app
}

#[test]
fn a_rebound_key_moves_the_list_and_the_old_key_no_longer_does() {
    let mut app = configured("[keys.list]\ndown = [\"x\", \"Ctrl-n\"]\n", 120, 40);
    press(&mut app, &["x", "Ctrl-n"]);
    assert_eq!(app.selected, 2);
    press(&mut app, &["j"]);
    assert_eq!(app.selected, 2, "j is no longer bound in the list");
}

#[test]
fn an_unbound_action_does_nothing_from_its_old_key() {
    let mut app = configured("[keys.list]\nunread_only = []\n", 120, 40);
    press(&mut app, &["U"]);
    assert!(!app.unread_only());
}

#[test]
fn with_mark_read_on_open_off_opening_a_story_leaves_it_unread() {
    let mut app = configured("[reader]\nmark_read_on_open = false\n", 120, 40);
    let unread = app.unread_count();
    press(&mut app, &["Enter"]);
    assert!(matches!(app.screen(), Screen::Reader));
    assert_eq!(app.unread_count(), unread);
}

#[test]
fn oldest_first_puts_the_last_story_on_the_first_row() {
    let newest = app(120, 40);
    let last = newest.list_article(newest.list_len() - 1);
    let app = configured("[list]\nsort = \"oldest\"\n", 120, 40);
    assert_eq!(app.list_article(0), last);
}

#[test]
fn the_reading_measure_sets_the_text_width() {
    let mut app = configured("[reader]\nmeasure = 40\n", 160, 40);
    press(&mut app, &["Enter"]);
    assert_eq!(app.reader.as_ref().unwrap().view.width, 40);
}

#[test]
fn s_asks_the_shell_to_save_the_story_named_from_its_title() {
    let mut app = configured(
        "[save]\ndirectory = \"/saved\"\nformat = \"text\"\n",
        120,
        40,
    );
    let title = app.library.articles[app.selected_article().unwrap()]
        .title
        .clone();
    let asked = press(&mut app, &["S"]);
    match asked.as_slice() {
        [
            byline::app::Effect::Save {
                dir,
                stem,
                extension,
                text,
            },
        ] => {
            assert_eq!(dir, std::path::Path::new("/saved"));
            assert_eq!(stem, &byline::export::file_stem(&title));
            assert_eq!(*extension, "txt");
            assert!(text.starts_with(&format!("{title}\n")), "{text}");
        }
        other => panic!("expected one save, got {other:?}"),
    }
}

#[test]
fn the_pipe_key_hands_the_storys_text_to_the_command_with_the_terminal() {
    let mut app = configured("[pipe]\ncommand = [\"tee\", \"out.txt\"]\n", 120, 40);
    let asked = press(&mut app, &["Enter", "|"]);
    let title = app.reader.as_ref().unwrap().story.title.clone();
    match asked.as_slice() {
        [byline::app::Effect::Launch(l)] => {
            assert_eq!(
                (l.program.as_str(), l.args.as_slice()),
                ("tee", &["out.txt".to_string()][..])
            );
            assert!(l.terminal);
            assert!(l.input.as_deref().is_some_and(|t| t.starts_with(&title)));
        }
        other => panic!("expected one launch, got {other:?}"),
    }
}

/// One story with a link and two references.
fn links_app() -> (App, tempfile::TempDir) {
    let story = "title Links\nurl https://a.example/story\n\nSee [1] and [2].\n\n[1] https://b.example/one\n\n[2] https://c.example/two\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("links.txt"), story).unwrap();
    let app = App::new(
        byline::library::Library::load(&[dir.path().to_path_buf()]),
        120,
        40,
    );
    (app, dir)
}

#[test]
fn the_links_view_opens_the_chosen_reference_and_copies_addresses() {
    let (mut app, _dir) = links_app();
    app.settings.browser = byline::config::Browser::from_env(Some("w3m"));
    press(&mut app, &["L"]);
    let view = app.links_view().expect("the links view is open");
    assert_eq!(view.links.len(), 3);
    let asked = press(&mut app, &["j", "Enter"]);
    match asked.as_slice() {
        [byline::app::Effect::Launch(l)] => {
            assert_eq!(l.program, "w3m");
            assert_eq!(l.args, ["https://b.example/one"]);
            assert!(l.terminal, "w3m gets the terminal");
        }
        other => panic!("expected one launch, got {other:?}"),
    }
    let asked = press(&mut app, &["j", "y"]);
    assert!(matches!(
        asked.as_slice(),
        [byline::app::Effect::Copy(url)] if url == "https://c.example/two"
    ));
    press(&mut app, &["Esc"]);
    assert!(app.links_view().is_none());
}

#[test]
fn with_the_clipboard_off_copying_says_how_to_turn_it_on() {
    let (mut app, _dir) = links_app();
    app.settings.clipboard = false;
    assert!(press(&mut app, &["L", "y"]).is_empty());
    assert!(
        app.status
            .as_deref()
            .unwrap_or("")
            .contains("clipboard = true")
    );
}

#[test]
fn status_messages_name_the_key_in_force() {
    let mut app = configured("[keys.list]\nunread_only = \"x\"\n", 120, 40);
    press(&mut app, &["x"]);
    let status = app.status.clone().unwrap_or_default();
    assert!(status.ends_with("; x shows them all again"), "{status}");
}

/// Two sources whose stories alternate in the list, newest first:
/// "A one", "B one", "A two", "B two".
fn two_source_app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let stories = [
        ("a1", "A one", "Source A", "2026-01-05"),
        ("b1", "B one", "Source B", "2026-01-04"),
        ("a2", "A two", "Source A", "2026-01-03"),
        ("b2", "B two", "Source B", "2026-01-02"),
    ];
    for (file, title, source, date) in stories {
        let text = format!("title {title}\nsource {source}\ndate {date} Town - Lead.\n\nMore.\n");
        std::fs::write(dir.path().join(format!("{file}.txt")), text).unwrap();
    }
    let library = byline::library::Library::load(&[dir.path().to_path_buf()]);
    let mut app = App::new(library, 120, 40);
    app.update(Msg::Resize {
        width: 120,
        height: 40,
    });
    app
}

fn open_title(app: &App) -> String {
    app.reader
        .as_ref()
        .map(|r| r.story.title.clone())
        .unwrap_or_default()
}

fn read_count(app: &App) -> usize {
    app.library.articles.len() - app.unread_count()
}

#[test]
fn n_in_the_list_opens_the_selected_story_when_it_is_unread_and_not_open() {
    let mut app = two_source_app();
    press(&mut app, &["j", "n"]);
    assert_eq!(open_title(&app), "B one");
    assert!(matches!(app.screen(), Screen::Reader));
}

#[test]
fn n_keeps_to_the_open_storys_source_while_it_has_unread_stories() {
    let mut app = two_source_app();
    press(&mut app, &["Enter", "n"]);
    assert_eq!(open_title(&app), "A two");
}

#[test]
fn n_crosses_to_another_source_and_round_the_list_when_the_source_has_none_left() {
    let mut app = two_source_app();
    press(&mut app, &["Enter", "n", "n"]);
    assert_eq!(open_title(&app), "B two");
    press(&mut app, &["n"]);
    assert_eq!(open_title(&app), "B one", "round from the top");
}

#[test]
fn n_in_the_list_after_the_open_story_moves_on_from_it() {
    let mut app = two_source_app();
    press(&mut app, &["Enter", "h", "n"]);
    assert_eq!(open_title(&app), "A two");
}

#[test]
fn n_says_so_when_every_story_is_read() {
    let mut app = two_source_app();
    press(&mut app, &["Enter", "n", "n", "n"]);
    assert_eq!(read_count(&app), 4);
    press(&mut app, &["n"]);
    assert_eq!(open_title(&app), "B one", "the open story stays");
    assert_eq!(app.status.as_deref(), Some("No unread stories left"));
}

#[test]
fn space_pages_down_and_at_the_end_of_a_story_opens_the_next_unread() {
    let mut app = bundled_app(120, 20);
    press(&mut app, &["Enter"]);
    let first = open_title(&app);
    press(&mut app, &["Space"]);
    assert_eq!(open_title(&app), first, "a page down first");
    assert!(app.reader.as_ref().unwrap().scroll > 0);
    press(&mut app, &["G", "Space"]);
    assert_ne!(open_title(&app), first);
    assert_eq!(app.reader.as_ref().unwrap().scroll, 0);
}

#[test]
fn capital_a_marks_every_story_the_list_shows_read() {
    let mut app = two_source_app();
    press(&mut app, &["A"]);
    assert_eq!(read_count(&app), 4);
    assert_eq!(
        app.status.as_deref(),
        Some("Marked 4 stories read; u undoes it")
    );
}

#[test]
fn capital_a_in_one_feed_marks_only_that_feeds_stories() {
    let mut app = two_source_app();
    press(&mut app, &["f", "A"]);
    assert_eq!(read_count(&app), 2);
    press(&mut app, &["f"]);
    let unread: Vec<String> = app
        .library
        .articles
        .iter()
        .filter(|a| !app.store.is_read(a.id))
        .map(|a| a.title.clone())
        .collect();
    assert_eq!(unread, ["B one", "B two"]);
}

#[test]
fn u_right_after_mark_all_read_makes_those_stories_unread_again() {
    let mut app = two_source_app();
    press(&mut app, &["Enter", "h", "A", "u"]);
    assert_eq!(read_count(&app), 1, "the story read before stays read");
    assert_eq!(app.status.as_deref(), Some("3 stories unread again"));
}

#[test]
fn u_after_another_key_toggles_one_story_as_before() {
    let mut app = two_source_app();
    press(&mut app, &["A", "j", "u"]);
    assert_eq!(read_count(&app), 3);
    assert_eq!(app.status.as_deref(), Some("Marked unread"));
}

/// An app over stories written here, each a (file name, text) pair.
fn app_of(stories: &[(&str, String)], width: u16, height: u16) -> App {
    let dir = tempfile::tempdir().unwrap();
    for (file, text) in stories {
        std::fs::write(dir.path().join(file), text).unwrap();
    }
    let library = byline::library::Library::load(&[dir.path().to_path_buf()]);
    let mut app = App::new(library, width, height);
    app.update(Msg::Resize { width, height });
    app
}

/// A story whose second and last paragraphs name the ferry, far apart.
fn ferry_story() -> String {
    let mut text = String::from("title Harbour news\ndate 2026-02-01 Port - The Ferry sailed.\n\n");
    for _ in 0..40 {
        text.push_str("The weather held all week along the coast.\n\n");
    }
    text.push_str("A second FERRY and a ferryman came too.\n");
    text
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Msg::Key(byline::keymap::Key::char(c)));
    }
}

fn search_of(app: &App) -> &byline::app::StorySearch {
    app.reader.as_ref().unwrap().search.as_ref().unwrap()
}

#[test]
fn slash_in_the_reader_finds_every_match_as_you_type_ignoring_case() {
    let mut app = app_of(&[("h.txt", ferry_story())], 120, 20);
    press(&mut app, &["Enter", "/"]);
    typed(&mut app, "ferry");
    assert_eq!(search_of(&app).matches.len(), 3);
    assert_eq!(search_of(&app).current, Some(0));
    press(&mut app, &["Enter"]);
    assert_eq!(app.status.as_deref(), Some("“ferry”: 1 of 3"));
    assert!(app.overlay().search().is_none());
}

#[test]
fn ctrl_n_and_ctrl_p_step_round_the_matches_and_scroll_to_each() {
    let mut app = app_of(&[("h.txt", ferry_story())], 120, 20);
    press(&mut app, &["Enter", "/"]);
    typed(&mut app, "ferry");
    press(&mut app, &["Enter", "Ctrl-n"]);
    assert_eq!(app.status.as_deref(), Some("“ferry”: 2 of 3"));
    let r = app.reader.as_ref().unwrap();
    let last_para = r.story.paragraphs.len() - 1;
    assert_eq!(r.cursor, last_para);
    let line = r.view.para_lines[last_para].start;
    assert!(r.scroll <= line && line < r.scroll + app.reader_rows());
    press(&mut app, &["Ctrl-n", "Ctrl-n"]);
    assert_eq!(app.status.as_deref(), Some("“ferry”: 1 of 3"), "round");
    press(&mut app, &["Ctrl-p"]);
    assert_eq!(app.status.as_deref(), Some("“ferry”: 3 of 3"));
}

#[test]
fn esc_while_typing_a_story_search_drops_it() {
    let mut app = app_of(&[("h.txt", ferry_story())], 120, 20);
    press(&mut app, &["Enter", "/"]);
    typed(&mut app, "fer");
    press(&mut app, &["Esc"]);
    assert!(app.reader.as_ref().unwrap().search.is_none());
    assert!(matches!(app.screen(), Screen::Reader));
}

#[test]
fn esc_in_the_reader_clears_the_search_before_it_leaves_the_story() {
    let mut app = app_of(&[("h.txt", ferry_story())], 120, 20);
    press(&mut app, &["Enter", "/"]);
    typed(&mut app, "ferry");
    press(&mut app, &["Enter", "Esc"]);
    assert!(app.reader.as_ref().unwrap().search.is_none());
    assert!(matches!(app.screen(), Screen::Reader));
    press(&mut app, &["Esc"]);
    assert!(matches!(app.screen(), Screen::List));
}

fn list_titles(app: &App) -> Vec<String> {
    (0..app.list_len())
        .filter_map(|row| app.list_article(row))
        .map(|i| app.library.articles[i].title.clone())
        .collect()
}

#[test]
fn slash_in_the_list_narrows_it_to_story_files_found_by_title_as_you_type() {
    let mut app = app(120, 40);
    press(&mut app, &["/"]);
    typed(&mut app, "ferry");
    assert_eq!(list_titles(&app), ["Harbour board backs night ferry trial"]);
    press(&mut app, &["Enter"]);
    assert_eq!(
        app.status.as_deref(),
        Some("1 story matches “ferry”; Esc shows them all")
    );
}

#[test]
fn esc_in_the_list_after_a_search_shows_every_story_again() {
    let mut app = app(120, 40);
    let all = app.list_len();
    press(&mut app, &["/"]);
    typed(&mut app, "ferry");
    press(&mut app, &["Enter", "Esc"]);
    assert!(app.found().is_none());
    assert_eq!(app.list_len(), all);
}

#[test]
fn a_library_search_keeps_to_the_unread_stories_when_only_those_are_shown() {
    let stories = [
        (
            "a.txt",
            "title Ferry one\ndate 2026-01-02 X - Lead.\n".to_string(),
        ),
        (
            "b.txt",
            "title Ferry two\ndate 2026-01-01 X - Lead.\n".to_string(),
        ),
    ];
    let mut app = app_of(&stories, 120, 40);
    press(&mut app, &["Enter", "h", "U", "/"]);
    typed(&mut app, "ferry");
    assert_eq!(list_titles(&app), ["Ferry two"]);
    press(&mut app, &["Enter", "U"]);
    assert_eq!(list_titles(&app), ["Ferry one", "Ferry two"], "filter off");
}

/// A search index that ranks stories in a set order.
struct Ranked(Vec<byline::article::ArticleId>);

impl byline::library::Bodies for Ranked {
    fn feed_story(
        &self,
        _feed_url: &str,
        _key: &str,
        _source: &str,
    ) -> Result<Option<byline::article::Article>, String> {
        Ok(None)
    }

    fn search(
        &self,
        _query: &str,
        _limit: usize,
    ) -> Result<Vec<byline::article::ArticleId>, String> {
        Ok(self.0.clone())
    }
}

#[test]
fn a_library_search_lists_the_indexs_hits_in_rank_order_then_title_matches() {
    let mut app = two_source_app();
    let id = |title: &str| {
        app.library
            .articles
            .iter()
            .find(|a| a.title == title)
            .unwrap()
            .id
    };
    let ranked = vec![id("B two"), id("A one")];
    app.library.bodies = Some(std::sync::Arc::new(Ranked(ranked)));
    press(&mut app, &["/"]);
    typed(&mut app, "two");
    assert_eq!(list_titles(&app), ["B two", "A one", "A two"]);
}

#[test]
fn a_library_search_finds_words_of_the_text_through_the_story_database() {
    let mut app = app(120, 40);
    let mut db = byline::db::Db::in_memory();
    let rows: Vec<(byline::db::FileRow, String)> = app
        .library
        .articles
        .iter()
        .map(|a| byline::file_index::index_row(a, a.origin.to_string().into(), 0, 0))
        .collect();
    db.put_files(&rows).unwrap();
    app.library.bodies = Some(std::sync::Arc::new(byline::feed::stored::Stories::new(db)));
    press(&mut app, &["/"]);
    typed(&mut app, "fishermen");
    assert_eq!(list_titles(&app), ["Harbour board backs night ferry trial"]);
}

#[test]
fn the_sources_view_counts_story_files_as_local_files_and_enter_narrows_to_them() {
    let mut app = app(120, 40);
    press(&mut app, &["Enter", "h", "s"]);
    let rows = &app.sources_view().unwrap().rows;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].name, byline::app::LOCAL_FILES);
    assert_eq!((rows[0].unread, rows[0].total), (3, 4));
    press(&mut app, &["Enter"]);
    assert_eq!(app.list_len(), 4);
    assert!(app.feed_only().is_some());
}

fn cursor_on_screen(app: &App) -> bool {
    let r = app.reader.as_ref().unwrap();
    let lines = &r.view.para_lines[r.cursor];
    lines.start < r.scroll + app.reader_rows() && lines.end > r.scroll
}

#[test]
fn the_passage_cursor_follows_g_capital_g_and_page_moves_onto_the_screen() {
    let mut app = bundled_app(120, 16);
    press(&mut app, &["Enter"]);
    for keys in [["G"], ["g"], ["PgDn"], ["PgDn"], ["PgUp"], ["End"]] {
        press(&mut app, &keys);
        assert!(cursor_on_screen(&app), "after {keys:?}");
    }
}

#[test]
fn a_library_search_keeps_to_the_one_feed_shown_whichever_came_first() {
    let mut app = two_source_app();
    press(&mut app, &["f", "/"]);
    typed(&mut app, "one");
    assert_eq!(list_titles(&app), ["A one"], "feed first, then words");
    press(&mut app, &["Enter", "Esc", "f", "/"]);
    typed(&mut app, "one");
    press(&mut app, &["Enter"]);
    assert_eq!(list_titles(&app), ["A one", "B one"]);
    press(&mut app, &["j", "f"]);
    assert_eq!(list_titles(&app), ["B one"], "words first, then feed");
}

#[test]
fn capital_o_lists_oldest_first_keeping_the_selected_story_and_again_newest_first() {
    let mut app = app(120, 40);
    let newest_first: Vec<_> = (0..app.list_len()).map(|r| app.list_article(r)).collect();
    press(&mut app, &["j"]);
    let chosen = app.selected_article();
    press(&mut app, &["O"]);
    let oldest_first: Vec<_> = (0..app.list_len()).map(|r| app.list_article(r)).collect();
    let mut reversed = newest_first.clone();
    reversed.reverse();
    assert_eq!(oldest_first, reversed);
    assert_eq!(
        app.selected_article(),
        chosen,
        "the same story stays selected"
    );
    assert!(
        app.status
            .as_deref()
            .unwrap_or("")
            .starts_with("Oldest first")
    );
    press(&mut app, &["O"]);
    let again: Vec<_> = (0..app.list_len()).map(|r| app.list_article(r)).collect();
    assert_eq!(again, newest_first);
    assert_eq!(app.selected_article(), chosen);
}

#[test]
fn the_message_log_goes_back_to_the_view_it_covers() {
    let mut app = app(120, 40);
    press(&mut app, &["s"]);
    let before = app.sources_view().cloned();
    assert!(before.is_some());
    press(&mut app, &["M"]);
    assert!(app.screen().is_log());
    press(&mut app, &["x"]);
    assert_eq!(app.sources_view().cloned(), before);
}

#[test]
fn the_help_over_a_view_closes_back_to_that_view() {
    let mut app = app(120, 40);
    press(&mut app, &["s", "?"]);
    assert!(app.overlay().is_help());
    press(&mut app, &["x"]);
    assert!(matches!(app.overlay(), Overlay::None));
    assert!(app.sources_view().is_some());
}

#[test]
fn opening_the_bookmarks_from_the_people_view_leaves_no_people_view_behind() {
    let mut app = indexed_people_app(120, 40);
    press(&mut app, &["W"]);
    assert!(app.people_view().is_some());
    press(&mut app, &["B"]);
    assert!(app.bookmarks_view().is_some());
    assert!(app.people_view().is_none());
    press(&mut app, &["B"]);
    assert!(app.screen().is_list(), "no story is open: back to the list");
}

#[test]
fn the_reader_keeps_its_story_when_the_list_turns_oldest_first_under_it() {
    let mut app = app(120, 40);
    press(&mut app, &["j", "Enter"]);
    let open = app.reader.as_ref().map(|r| r.id());
    press(&mut app, &["Tab", "O"]);
    assert_eq!(app.reader.as_ref().map(|r| r.id()), open);
    let selected = app.selected_article().map(|i| app.library.articles[i].id);
    assert_eq!(selected, open, "the list keeps the open story selected");
}

#[test]
fn the_reader_keeps_its_story_when_a_filter_drops_it_from_the_list() {
    let mut app = app(120, 40);
    // Opening marks the story read; unread only then leaves it out.
    press(&mut app, &["Enter"]);
    let open = app.reader.as_ref().map(|r| r.id());
    press(&mut app, &["Tab", "U"]);
    let listed: Vec<_> = (0..app.list_len())
        .filter_map(|row| app.list_article(row))
        .map(|i| app.library.articles[i].id)
        .collect();
    assert!(!listed.contains(&open.unwrap()), "{listed:?}");
    assert_eq!(app.reader.as_ref().map(|r| r.id()), open);
    press(&mut app, &["Tab"]);
    assert!(app.screen().is_reader());
    assert_eq!(app.reader.as_ref().map(|r| r.id()), open);
}
