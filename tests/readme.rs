#![allow(clippy::unwrap_used)]
//! The README documents what the program does; these keep it honest.

#[test]
fn the_readme_key_table_is_the_keymap() {
    let readme = include_str!("../README.md");
    let table = byline::keymap::Keymap::default().markdown_table();
    assert!(
        readme.contains(&table),
        "README.md's key table differs from the keymap; paste this in:\n\n{table}"
    );
}

#[test]
fn the_readme_gives_the_two_commands() {
    let readme = include_str!("../README.md");
    assert!(readme.contains("cargo run --release"));
    assert!(readme.contains("cargo test"));
}

#[test]
fn the_readme_configuration_example_is_a_good_configuration() {
    let readme = include_str!("../README.md");
    let section = readme
        .split("## Configuration")
        .nth(1)
        .expect("a Configuration section");
    let example = section
        .split("```toml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a TOML example");
    let env = byline::config::Env {
        home: Some("/home/reader".into()),
        ..byline::config::Env::default()
    };
    let (_, errors) = byline::config::parse(example, std::path::Path::new("README.md"), &env);
    assert!(errors.is_empty(), "{errors:?}");
}

mod common;

/// The README's picture: the reader on its bundled stories at the
/// picture's own size, after the keys the README says were pressed.
#[test]
fn the_readme_screenshot_is_the_reader_at_its_stated_size() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    let readme = include_str!("../README.md");
    let picture = readme
        .split("```text\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a picture");
    let lines: Vec<&str> = picture.lines().collect();
    let width = u16::try_from(lines[0].chars().count()).unwrap();
    let height = u16::try_from(lines.len()).unwrap();
    assert!(
        readme.contains(&format!(
            "byline at {width} × {height} on its bundled stories, after `j` nine times and `Enter`"
        )),
        "the README says the picture's size and keys"
    );
    let mut app = common::bundled_app(width, height);
    common::press(&mut app, &["j"; 9]);
    common::press(&mut app, &["Enter"]);
    let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
    t.draw(|f| byline::ui::draw(f, &app, &byline::ui::Theme::plain()))
        .unwrap();
    let buffer = t.backend().buffer();
    let drawn: Vec<String> = (0..height)
        .map(|y| {
            let row: String = (0..width).map(|x| buffer[(x, y)].symbol()).collect();
            row.trim_end().to_string()
        })
        .collect();
    let shown: Vec<&str> = lines.iter().map(|l| l.trim_end()).collect();
    assert_eq!(
        shown,
        drawn,
        "README.md's picture differs from the program; paste this in:\n\n{}",
        drawn.join("\n")
    );
}
