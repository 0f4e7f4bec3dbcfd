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
