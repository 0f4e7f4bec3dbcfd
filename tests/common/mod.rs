//! Shared by the integration tests: the fixture library and key helpers.
#![allow(dead_code, clippy::unwrap_used)]

pub mod server;

use std::path::PathBuf;

use byline::app::{App, Msg};
use byline::keymap::{Key, KeyCode};
use byline::library::Library;

/// Runs the real binary with its state in `home`.
pub fn byline_in(home: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_byline"))
        .env("BYLINE_HOME", home)
        .args(args)
        .output()
        .unwrap()
}

pub fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/library")
}

pub fn fixture_library() -> Library {
    Library::load(&[fixture_dir()])
}

pub fn app(width: u16, height: u16) -> App {
    let mut app = App::new(fixture_library(), width, height);
    app.update(Msg::Resize { width, height });
    app
}

pub fn bundled_app(width: u16, height: u16) -> App {
    let mut app = App::new(Library::bundled(), width, height);
    app.update(Msg::Resize { width, height });
    app
}

/// Presses keys written as in the help: "j", "Enter", "Tab", "Down", "Ctrl-c".
/// Presses the keys in turn; what the app asked the shell for meanwhile.
pub fn press(app: &mut App, keys: &[&str]) -> Vec<byline::app::Effect> {
    keys.iter()
        .flat_map(|k| app.update(Msg::Key(key(k))))
        .collect()
}

pub fn key(name: &str) -> Key {
    let code = match name {
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" => KeyCode::Tab,
        "Up" => KeyCode::Up,
        "Down" => KeyCode::Down,
        "Left" => KeyCode::Left,
        "Right" => KeyCode::Right,
        "Home" => KeyCode::Home,
        "End" => KeyCode::End,
        "PgUp" => KeyCode::PageUp,
        "PgDn" => KeyCode::PageDown,
        "Space" => KeyCode::Char(' '),
        s if s.starts_with("Ctrl-") => return Key::ctrl(s.chars().last().unwrap()),
        s => {
            assert_eq!(s.chars().count(), 1, "unknown key name {s}");
            KeyCode::Char(s.chars().next().unwrap())
        }
    };
    Key::plain(code)
}

/// The library index of the story whose title starts with `prefix`.
pub fn story_index(app: &App, prefix: &str) -> usize {
    app.library
        .articles
        .iter()
        .position(|a| a.title.starts_with(prefix))
        .unwrap_or_else(|| panic!("no story titled {prefix:?}"))
}

/// Stories whose people are known: José Núñez, quoted in two stories and
/// once spelt without accents; Tomas Alvarado, named in two and never
/// quoted; Marit Solheim and Ingrid Berg, quoted once each.
pub fn people_app(width: u16, height: u16) -> App {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/people");
    let mut app = App::new(byline::library::Library::load(&[dir]), width, height);
    app.update(Msg::Resize { width, height });
    app
}

/// What the background job sends once it has analysed these stories.
pub fn analysed(app: &App, stories: &[usize]) -> Vec<byline::app::Analysed> {
    stories
        .iter()
        .map(|&i| {
            let story = app.library.full(i).unwrap();
            let paragraphs: Vec<String> = story
                .paragraphs
                .iter()
                .map(|p| p.text.as_str().to_string())
                .collect();
            let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
            byline::app::Analysed {
                info: byline::people::StoryInfo::of(&story),
                analysis: byline::analysis::analyze(&refs),
                paragraphs,
            }
        })
        .collect()
}

pub fn indexed_people_app(width: u16, height: u16) -> App {
    let mut app = people_app(width, height);
    let all: Vec<usize> = (0..app.library.articles.len()).collect();
    let stories = analysed(&app, &all);
    app.update(Msg::Analysed { stories, left: 0 });
    app
}
