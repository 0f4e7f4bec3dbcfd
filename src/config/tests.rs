use std::path::{Path, PathBuf};

use ratatui::style::{Color, Modifier};

use super::*;
use crate::keymap::{Action, Key, KeyCode, Scope};

fn env() -> Env {
    Env {
        browser: None,
        home: Some(PathBuf::from("/home/reader")),
        save_dir: PathBuf::from("/saved"),
        color: true,
    }
}

fn read(text: &str) -> (Config, Vec<ConfigError>) {
    parse(text, Path::new("config.toml"), &env())
}

/// The one error a file gives, as the user reads it.
fn only_error(text: &str) -> String {
    let (_, errors) = read(text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors[0].to_string()
}

#[test]
fn an_empty_file_is_the_defaults() {
    let (config, errors) = read("");
    assert!(errors.is_empty());
    assert_eq!(config, Config::defaults(&env()));
}

#[test]
fn a_missing_file_is_the_defaults_unless_it_was_named() {
    let missing = Path::new("/nonexistent/byline/config.toml");
    let (config, errors) = load(missing, false, &env());
    assert!(errors.is_empty());
    assert_eq!(config, Config::defaults(&env()));
    let (_, errors) = load(missing, true, &env());
    assert!(matches!(
        errors[..],
        [ConfigError {
            problem: Problem::Unreadable(_),
            ..
        }]
    ));
}

#[test]
fn a_good_file_sets_every_part() {
    let (config, errors) = read(
        r##"
theme = "light"
[colors]
caption = "#ff8800 on 236 underlined"
people = ["red", "27"]
[keys.list]
next = ["j", "Down", "Ctrl-n"]
[reader]
measure = 72
mark_read_on_open = false
auto_refresh_minutes = 15
[list]
columns = ["headline", "date"]
date_format = "%e %b"
sort = "oldest"
[links]
browser = "w3m %u"
clipboard = false
[save]
directory = "~/news"
format = "text"
[pipe]
command = ["glow", "-"]
[cache]
max_age_days = 30
"##,
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(config.builtin, Builtin::Light);
    let caption = config.theme.caption();
    assert_eq!(caption.fg, Some(Color::Rgb(0xff, 0x88, 0)));
    assert_eq!(caption.bg, Some(Color::Indexed(236)));
    assert!(caption.add_modifier.contains(Modifier::UNDERLINED));
    assert_eq!(
        config.theme.people_colors(),
        [Color::Red, Color::Indexed(27)]
    );
    assert_eq!(
        config.keymap.lookup(Scope::List, Key::ctrl('n')),
        Some(Action::Down)
    );
    let s = &config.settings;
    assert_eq!(s.measure, 72);
    assert!(!s.mark_read_on_open);
    assert_eq!(s.auto_refresh_minutes.map(|n| n.get()), Some(15));
    assert_eq!(s.columns, [Column::Headline, Column::Date]);
    assert_eq!(s.sort, SortOrder::OldestFirst);
    assert!(s.browser.terminal, "w3m is a text browser");
    assert_eq!(
        s.browser.launch("https://a.example/").args,
        ["https://a.example/"]
    );
    assert!(!s.clipboard);
    assert_eq!(s.save_dir, Path::new("/home/reader/news"));
    assert_eq!(s.save_format, SaveFormat::Text);
    assert_eq!(s.pipe.words(), ["glow", "-"]);
    assert_eq!(config.cache.map(|c| c.max_age_days), Some(30));
}

#[test]
fn a_syntax_error_gives_every_default_and_says_where() {
    let (config, errors) = read("[reader]\nmeasure = 72\nmark_read_on_open = tru\n");
    assert_eq!(config, Config::defaults(&env()));
    let text = errors.first().map(ToString::to_string).unwrap_or_default();
    assert!(text.starts_with("config.toml line 3: not TOML"), "{text}");
    assert!(text.ends_with("every setting has its default"), "{text}");
}

#[test]
fn an_unknown_setting_is_named_with_its_line_and_the_rest_still_applies() {
    let (config, errors) = read("[reader]\nmeasure = 72\nmeasur = 60\n");
    assert_eq!(config.settings.measure, 72);
    assert_eq!(
        errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            "config.toml line 3, reader.measur: no such setting (known here: measure, mark_read_on_open, auto_refresh_minutes); it keeps its default"
        ]
    );
}

#[test]
fn an_unknown_section_is_named() {
    assert!(
        only_error("\n[colours]\nquote = \"red\"\n")
            .starts_with("config.toml line 2, colours: no such setting")
    );
}

#[test]
fn a_bad_colour_keeps_the_elements_default() {
    let (config, errors) = read("[colors]\nquote = \"purpel italic\"\n");
    assert_eq!(config.theme.quote(), Config::defaults(&env()).theme.quote());
    assert_eq!(
        errors[0].to_string(),
        "config.toml line 2, colors.quote: “purpel” is not a colour or modifier: use an ANSI name (red, lightblue…), a number 0–255, #rrggbb, or bold, italic, underlined, reversed, dim, crossed_out; it keeps its default"
    );
}

#[test]
fn a_bad_key_name_keeps_the_actions_default_keys() {
    let (config, errors) = read("[keys.reader]\nnext_quote = [\"Hyper-q\"]\n");
    assert_eq!(
        config.keymap.lookup(Scope::Reader, Key::char(']')),
        Some(Action::NextQuote)
    );
    assert!(
        errors[0]
            .to_string()
            .starts_with("config.toml line 2, keys.reader.next_quote: “Hyper-q” is not a key"),
        "{}",
        errors[0]
    );
}

#[test]
fn an_unknown_action_or_one_out_of_place_is_refused() {
    assert!(only_error("[keys.list]\nfly = \"x\"\n").contains("keys.list.fly: no such action"));
    assert!(
        only_error("[keys.list]\ndelete = \"x\"\n")
            .contains("keys.list.delete: delete does nothing in the Story list")
    );
}

#[test]
fn a_key_taken_from_another_action_is_a_conflict_naming_both_and_the_default_stays() {
    let (config, errors) = read("[keys.list]\nbookmark = [\"u\"]\n");
    assert_eq!(
        errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            "config.toml line 2, keys.list.bookmark: u is toggle_read's in the Story list, so bookmark keeps b; it keeps its default"
        ]
    );
    assert_eq!(
        config.keymap.lookup(Scope::List, Key::char('b')),
        Some(Action::Bookmark)
    );
    assert_eq!(
        config.keymap.lookup(Scope::List, Key::char('u')),
        Some(Action::ToggleRead)
    );
}

#[test]
fn two_actions_can_swap_their_keys() {
    let (config, errors) = read("[keys.list]\nbookmark = \"u\"\ntoggle_read = \"b\"\n");
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        config.keymap.lookup(Scope::List, Key::char('u')),
        Some(Action::Bookmark)
    );
}

#[test]
fn an_empty_list_unbinds_an_action() {
    let (config, errors) = read("[keys.global]\nrefresh = []\n");
    assert!(errors.is_empty());
    assert_eq!(config.keymap.lookup(Scope::List, Key::char('r')), None);
    assert_eq!(config.keymap.first_key(Scope::List, Action::Refresh), None);
}

#[test]
fn values_of_the_wrong_kind_are_named() {
    assert!(
        only_error("[reader]\nmeasure = \"wide\"\n")
            .contains("reader.measure: expected a whole number of columns from 20 to 1000")
    );
    assert!(only_error("[list]\ncolumns = [\"date\"]\n").contains("with the headline"));
    assert!(only_error("[list]\ndate_format = \"%Q\"\n").contains("“%Q” is not a date code"));
    assert!(only_error("theme = \"sepia\"\n").contains("expected \"dark\" or \"light\""));
}

#[test]
fn the_printed_configuration_reads_back_as_the_same_configuration() {
    let (config, errors) = read(
        "theme = \"light\"\n[keys.list]\ndown = [\"j\", \"Ctrl-n\"]\n[links]\nbrowser = [\"lynx\"]\n",
    );
    assert!(errors.is_empty());
    let printed = config.to_toml(CacheLimits::default());
    let (again, errors) = read(&printed);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        Config {
            cache: None,
            ..again
        },
        config
    );
    assert!(printed.contains("down = [\"j\", \"Ctrl-n\"]  # next story"));
}

#[test]
fn key_names_in_the_file_include_the_named_keys() {
    let (config, errors) = read(
        "[keys.reader]\nread_on = [\"Space\"]\npage_down = [\"PageDown\", \"Ctrl-f\", \"Enter\"]\n",
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        config.keymap.lookup(Scope::Reader, Key::char(' ')),
        Some(Action::ReadOn)
    );
    assert_eq!(
        config
            .keymap
            .lookup(Scope::Reader, Key::plain(KeyCode::Enter)),
        Some(Action::PageDown)
    );
}
