//! The whole app on random screens and random input: any terminal size, any
//! key, resize, wheel or click, with hostile stories in the library, updates
//! and draws without a panic and keeps its selection and scroll in range.
#![allow(clippy::unwrap_used)]

use byline::app::{App, Msg};
use byline::article::{Format, Origin, parse};
use byline::keymap::{Key, KeyCode};
use byline::library::{Batch, Library};
use byline::ui::{Theme, draw};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn story_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("title ".to_string()),
        Just("date 2025-04-14 Oslo - ".to_string()),
        Just("source ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("# ".to_string()),
        Just("\"We will,\" said Anna Berg. ".to_string()),
        Just("“Never,” President Ola Nordmann told reporters. ".to_string()),
        Just("Photo © Kari Lie / NTB".to_string()),
        Just("\x1b]0;pwned\x07".to_string()),
        Just("\u{202E}".to_string()),
        Just("\t".to_string()),
        Just("東京の天気".to_string()),
        Just("👩\u{200d}👩\u{200d}👧".to_string()),
        Just("e\u{301}".to_string()),
        Just("x".repeat(300)),
        "[A-Za-z ]{1,30}",
        "\\PC{0,6}",
    ];
    prop::collection::vec(piece, 0..30).prop_map(|v| v.concat())
}

fn library() -> impl Strategy<Value = Library> {
    (
        prop::collection::vec((story_text(), any::<bool>()), 0..4),
        any::<bool>(),
    )
        .prop_map(|(stories, with_bundled)| {
            let mut lib = if with_bundled {
                Library::bundled()
            } else {
                Library::default()
            };
            let articles = stories
                .iter()
                .map(|(text, md)| {
                    let format = if *md { Format::Markdown } else { Format::Plain };
                    parse(text, format, Origin::Bundled("prop"), "untitled")
                })
                .collect();
            lib.add(Batch {
                articles,
                problems: Vec::new(),
            });
            lib
        })
}

fn key() -> impl Strategy<Value = Key> {
    let code = prop_oneof![
        4 => prop::sample::select(
            "jkhlgGpP[]{}? qx\u{0}\u{1b}é東".chars().collect::<Vec<_>>()
        )
        .prop_map(KeyCode::Char),
        1 => any::<char>().prop_map(KeyCode::Char),
        4 => prop::sample::select(vec![
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Backspace,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::PageUp,
            KeyCode::PageDown,
        ]),
    ];
    (code, prop::bool::weighted(0.1)).prop_map(|(code, ctrl)| {
        // Ctrl-c quits; keep the app running so later messages still matter.
        let ctrl = ctrl && code != KeyCode::Char('c');
        Key { code, ctrl }
    })
}

fn msg() -> impl Strategy<Value = Msg> {
    prop_oneof![
        8 => key().prop_map(Msg::Key),
        1 => (0u16..=300, 0u16..=120).prop_map(|(width, height)| Msg::Resize { width, height }),
        1 => (0u16..=310, 0u16..=130, any::<bool>())
            .prop_map(|(column, row, down)| Msg::Wheel { column, row, down }),
        1 => (0u16..=310, 0u16..=130).prop_map(|(column, row)| Msg::Click { column, row }),
    ]
}

fn draw_at(app: &App) {
    // The terminal is the size the app was last told, as after a real resize.
    let backend = TestBackend::new(app.width, app.height);
    let mut terminal = Terminal::new(backend).unwrap();
    terminal.draw(|f| draw(f, app, &Theme::default())).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn any_size_and_any_input_updates_and_draws_without_a_panic(
        library in library(),
        width in 1u16..=300,
        height in 1u16..=120,
        msgs in prop::collection::vec(msg(), 0..24),
    ) {
        let mut app = App::new(library, width, height);
        app.update(Msg::Resize { width, height });
        draw_at(&app);
        for m in msgs {
            app.update(m);
            draw_at(&app);
            let n = app.library.articles.len();
            // The reader holds its story by id, so no change to the list can
            // leave it pointing past the end.
            prop_assert!(n == 0 || app.selected < n, "selected {} of {}", app.selected, n);
        }
    }

    #[test]
    fn every_small_size_draws_an_open_story_without_a_panic(
        width in 1u16..=24,
        height in 1u16..=12,
        keys in prop::collection::vec(key(), 0..8),
    ) {
        let mut app = App::new(Library::bundled(), width, height);
        app.update(Msg::Key(Key::plain(KeyCode::Enter)));
        draw_at(&app);
        for k in keys {
            app.update(Msg::Key(k));
            draw_at(&app);
        }
    }
}
