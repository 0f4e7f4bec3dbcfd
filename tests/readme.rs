//! The README documents what the program does; these keep it honest.

#[test]
fn the_readme_key_table_is_the_keymap() {
    let readme = include_str!("../README.md");
    let table = byline::keymap::markdown_table();
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
