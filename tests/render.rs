//! Drawing through ratatui's TestBackend: whole screens as snapshots, and the
//! styles that carry meaning checked cell by cell.
#![allow(clippy::unwrap_used)]

mod common;

use byline::app::{App, Msg};
use byline::ui::{Theme, draw};
use common::{app, bundled_app, press};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

fn render(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    t.draw(|f| draw(f, app, &Theme::default())).unwrap();
    t
}

fn row_text(buf: &Buffer, y: u16) -> String {
    // A no-break space reads as a space.
    (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol().replace('\u{a0}', " "))
        .collect()
}

fn find_row(buf: &Buffer, needle: &str) -> Option<u16> {
    (0..buf.area.height).find(|&y| row_text(buf, y).contains(needle))
}

#[test]
fn list_and_reader_at_120_by_40() {
    let mut app = app(120, 40);
    press(&mut app, &["Enter"]);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn list_and_reader_at_80_by_24() {
    let mut app = bundled_app(80, 24);
    press(&mut app, &["Enter"]);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn list_and_reader_at_200_by_60_the_list_takes_what_the_measure_leaves() {
    let mut app = bundled_app(200, 60);
    press(&mut app, &["Enter"]);
    let layout = app.layout();
    let reader = layout.reader.unwrap();
    let (_, text) = byline::layout::reader_columns(reader, app.settings.measure);
    assert_eq!(text, app.settings.measure);
    assert!(layout.list.unwrap().width > 100);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn list_alone_at_60_by_20() {
    let app = app(60, 20);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn reader_alone_at_60_by_20() {
    let mut app = app(60, 20);
    press(&mut app, &["Enter", "}"]);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn an_unread_warning_holds_the_status_bar_in_bold_with_the_key_that_opens_the_log() {
    let mut app = app(100, 20);
    app.warn("changes are not being saved: the disk is full");
    press(&mut app, &["u"]);
    let t = render(&app);
    let buf = t.backend().buffer();
    let row = row_text(buf, 19);
    assert!(row.starts_with("⚠ changes are not being saved"), "{row}");
    assert!(
        row.contains("│ Marked"),
        "what the key did shows too: {row}"
    );
    assert!(row.contains("· M messages"), "{row}");
    assert!(buf[(2, 19)].modifier.contains(Modifier::BOLD));
    press(&mut app, &["M", "Esc"]);
    let row = row_text(render(&app).backend().buffer(), 19);
    assert!(!row.contains("disk is full"), "read, so gone: {row}");
}

#[test]
fn the_message_log_at_80_by_12() {
    let mut app = app(80, 12);
    app.warn("refreshing Harbour Gazette failed: HTTP 404 from https://harbour.example/feed.xml, which is a long message that wraps");
    app.messages.info("Refreshed 2 feeds: 3 new stories");
    press(&mut app, &["M"]);
    // Each message shows when it was given; the snapshot holds any time.
    let mut screen = render(&app).backend().to_string();
    let times: Vec<String> = app.messages.entries().iter().map(|m| m.time()).collect();
    assert!(
        times.iter().all(|t| screen.contains(t.as_str())),
        "{screen}"
    );
    for t in &times {
        screen = screen.replace(t.as_str(), "hh:mm:ss");
    }
    insta::assert_snapshot!(screen);
}

fn type_keys(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Msg::Key(byline::keymap::Key::char(c)));
    }
}

#[test]
fn library_search_results_at_120_by_40() {
    let mut app = app(120, 40);
    press(&mut app, &["/"]);
    type_keys(&mut app, "ferry");
    press(&mut app, &["Enter"]);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn a_story_search_typed_at_120_by_40() {
    let mut app = app(120, 40);
    press(&mut app, &["Enter", "/"]);
    type_keys(&mut app, "ferry");
    insta::assert_snapshot!(render(&app).backend());
}

/// Cells of the screen whose style includes all of `style`.
fn cells_with(buf: &Buffer, style: ratatui::style::Style) -> usize {
    (0..buf.area.height)
        .flat_map(|y| (0..buf.area.width).map(move |x| (x, y)))
        .filter(|&(x, y)| {
            let cell = buf[(x, y)].style();
            cell == cell.patch(style)
        })
        .count()
}

#[test]
fn story_search_matches_stand_out_and_the_current_one_is_reversed() {
    let mut app = app(120, 40);
    press(&mut app, &["Enter"]);
    let reversed = ratatui::style::Style::new().add_modifier(Modifier::REVERSED);
    let before = cells_with(render(&app).backend().buffer(), reversed);
    press(&mut app, &["/"]);
    type_keys(&mut app, "the");
    press(&mut app, &["Enter"]);
    let t = render(&app);
    let buf = t.backend().buffer();
    assert!(
        row_text(buf, 39).contains("“the”: 1 of"),
        "{}",
        row_text(buf, 39)
    );
    assert_eq!(
        cells_with(buf, reversed) - before,
        3,
        "one match, three letters"
    );
    let shown = app
        .reader
        .as_ref()
        .unwrap()
        .search
        .as_ref()
        .unwrap()
        .matches
        .len();
    assert!(shown > 1);
    assert!(cells_with(buf, Theme::default().search_match()) >= 3 * 2);
}

#[test]
fn sources_view_at_100_by_12() {
    use byline::feed::{FeedDone, FeedError, FetchConfig, Outcome, RefreshEvent, Stage};
    let mut app = app(100, 12);
    let mut subscriptions = byline::feed::Subscriptions::default();
    subscriptions
        .add("https://herald.example/rss", Some("Herald"))
        .unwrap();
    subscriptions.add("https://wire.example/rss", None).unwrap();
    app.feeds = Some(byline::app::Feeds {
        paths: byline::store::FeedPaths::in_dir(std::path::Path::new("unused")),
        subscriptions,
        config: FetchConfig::default(),
    });
    for (url, outcome) in [
        ("https://herald.example/rss", Outcome::NotModified),
        (
            "https://wire.example/rss",
            Outcome::Failed(FeedError::Timeout(Stage::Fetching)),
        ),
    ] {
        app.update(Msg::Refresh(RefreshEvent::Feed(Box::new(FeedDone {
            url: url.into(),
            name: "x".into(),
            outcome,
            articles: Vec::new(),
            future_dated: 0,
        }))));
    }
    press(&mut app, &["s"]);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn the_list_title_counts_the_stories_the_filters_leave() {
    let mut app = app(120, 40);
    press(&mut app, &["Enter", "h", "U"]);
    let t = render(&app);
    let title = row_text(t.backend().buffer(), 0);
    assert!(title.contains(" 3 of 4 stories · 3 unread "), "{title}");
    press(&mut app, &["Enter"]);
    let t = render(&app);
    let title = row_text(t.backend().buffer(), 0);
    assert!(title.contains(" 3 of 4 stories · 2 unread "), "{title}");
}

#[test]
fn help_overlay_at_120_by_40() {
    let mut app = app(120, 40);
    press(&mut app, &["?"]);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn the_selected_row_is_reversed_and_the_others_are_not() {
    let mut app = app(120, 40);
    press(&mut app, &["j"]);
    let t = render(&app);
    let buf = t.backend().buffer();
    let selected = &app.library.articles[1].title;
    let other = &app.library.articles[0].title;
    let y = find_row(buf, &selected[..12]).unwrap();
    let y_other = find_row(buf, &other[..12]).unwrap();
    assert!(buf[(5, y)].modifier.contains(Modifier::REVERSED));
    assert!(!buf[(5, y_other)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn captions_differ_from_quotations_and_body_text_by_modifier() {
    let mut app = app(120, 40);
    let harbour = common::story_index(&app, "Harbour board");
    app.open(harbour);
    let t = render(&app);
    let buf = t.backend().buffer();
    let caption = find_row(buf, "Fishermen unload").unwrap();
    let x = (0..120)
        .find(|&x| buf[(x, caption)].symbol() == "F" && x > 50)
        .unwrap();
    assert!(buf[(x, caption)].modifier.contains(Modifier::UNDERLINED));
    assert!(!buf[(x, caption)].modifier.contains(Modifier::ITALIC));
    let body = find_row(buf, "Board chair").unwrap();
    let x = (0..120)
        .find(|&x| buf[(x, body)].symbol() == "B" && x > 50)
        .unwrap();
    assert!(!buf[(x, body)].modifier.contains(Modifier::ITALIC));
}

#[test]
fn the_reader_shows_a_position_indicator() {
    let mut app = bundled_app(120, 20);
    press(&mut app, &["Enter", "G"]);
    let t = render(&app);
    assert!(find_row(t.backend().buffer(), "100%").is_some());
}

#[test]
fn no_color_still_marks_selection_and_captions_by_modifier() {
    let mut app = app(120, 40);
    press(&mut app, &["Enter"]);
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
    t.draw(|f| draw(f, &app, &Theme::plain())).unwrap();
    let buf = t.backend().buffer();
    let all_default_fg =
        (0..40).all(|y| (0..120).all(|x| buf[(x, y)].fg == ratatui::style::Color::Reset));
    assert!(all_default_fg, "NO_COLOR draws no foreground colour");
}

#[test]
fn a_one_by_one_terminal_draws_without_panicking() {
    let mut app = app(1, 1);
    render(&app);
    press(&mut app, &["Enter", "?"]);
    render(&app);
}

#[test]
fn every_small_size_draws_without_panicking_in_every_mode() {
    let mut sizes = Vec::new();
    for w in (1..=130).step_by(11) {
        for h in (1..=45).step_by(6) {
            sizes.push((w, h));
        }
    }
    for (w, h) in sizes {
        for keys in [
            &[][..],
            &["Enter"],
            &["Enter", "G"],
            &["?"],
            &["Enter", "h"],
        ] {
            let mut app = bundled_app(w, h);
            press(&mut app, keys);
            render(&app);
            app.update(Msg::Resize {
                width: h,
                height: w,
            });
            render(&app);
        }
    }
}

fn harbour(width: u16, height: u16) -> App {
    let mut app = app(width, height);
    let i = common::story_index(&app, "Harbour");
    app.open(i);
    app
}

/// The cell where `needle` starts on the screen, searching right of the list.
fn cell_of(buf: &Buffer, needle: &str, from_x: u16) -> (u16, u16) {
    for y in 0..buf.area.height {
        let row = row_text(buf, y);
        // Rows are made of one-column cells here, so a char index is a column.
        let chars: Vec<char> = row.chars().collect();
        let hay: String = chars.iter().skip(usize::from(from_x)).collect();
        if let Some(at) = hay.find(needle) {
            let col = hay[..at].chars().count() as u16 + from_x;
            return (col, y);
        }
    }
    panic!("{needle:?} not on screen");
}

#[test]
fn quotations_are_italic_and_people_bold() {
    let app = harbour(120, 40);
    let t = render(&app);
    let buf = t.backend().buffer();
    let (x, y) = cell_of(buf, "\"We have waited", 50);
    assert!(buf[(x + 3, y)].modifier.contains(Modifier::ITALIC));
    assert!(!buf[(x + 3, y)].modifier.contains(Modifier::BOLD));
    let (x, y) = cell_of(buf, "Tomas Alvarado", 50);
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
    let (bx, by) = cell_of(buf, "Board chair", 50);
    assert!(
        !buf[(bx, by)].modifier.contains(Modifier::BOLD),
        "plain text stays plain"
    );
}

#[test]
fn each_person_keeps_one_colour_through_the_story() {
    let app = harbour(120, 40);
    let t = render(&app);
    let buf = t.backend().buffer();
    let (x1, y1) = cell_of(buf, "Marit Solheim", 60);
    let (x2, y2) = cell_of(buf, "Solheim said", 50);
    assert_eq!(buf[(x1, y1)].fg, buf[(x2, y2)].fg);
    let (x3, y3) = cell_of(buf, "Tomas", 50);
    assert_ne!(
        buf[(x1, y1)].fg,
        buf[(x3, y3)].fg,
        "two people, two colours"
    );
}

#[test]
fn a_quotation_that_wraps_is_italic_on_every_line() {
    // Narrow enough that the opening quotation spans two lines.
    let app = harbour(80, 30);
    let t = render(&app);
    let buf = t.backend().buffer();
    let (x, y) = cell_of(buf, "\"We have", 0);
    assert!(buf[(x + 1, y)].modifier.contains(Modifier::ITALIC));
    // The next line holds the rest of the quotation, up to "done,".
    let (dx, dy) = cell_of(buf, "done,", 0);
    assert_eq!(dy, y + 1, "the quotation wrapped");
    assert!(buf[(dx, dy)].modifier.contains(Modifier::ITALIC));
}

#[test]
fn a_quotation_shows_its_speaker_in_the_margin_beside_its_first_line() {
    let app = harbour(120, 40);
    let t = render(&app);
    let buf = t.backend().buffer();
    let (_, quote_row) = cell_of(buf, "\"We have waited", 50);
    let reader_x = app.layout().reader.unwrap().x;
    let margin: String = (reader_x..reader_x + 14)
        .map(|x| buf[(x, quote_row)].symbol())
        .collect();
    assert!(margin.contains("Solheim"), "{margin:?}");
}

#[test]
fn the_people_line_lists_everyone_with_their_mention_counts() {
    let app = harbour(120, 40);
    let t = render(&app);
    let buf = t.backend().buffer();
    assert!(find_row(buf, "Marit Solheim (2)").is_some());
    assert!(find_row(buf, "Tomas Alvarado (1)").is_some());
}

#[test]
fn choosing_a_person_reverses_their_mentions_and_underlines_their_quotations() {
    let mut app = harbour(120, 40);
    press(&mut app, &["p"]);
    let chosen = app.reader.as_ref().unwrap().person.unwrap();
    let name = app.reader.as_ref().unwrap().analysis.people[chosen]
        .name
        .clone();
    assert_eq!(name, "Marit Solheim");
    let t = render(&app);
    let buf = t.backend().buffer();
    let (x, y) = cell_of(buf, "Solheim said", 50);
    assert!(buf[(x, y)].modifier.contains(Modifier::REVERSED));
    let (qx, qy) = cell_of(buf, "\"We have waited", 50);
    assert!(buf[(qx + 2, qy)].modifier.contains(Modifier::UNDERLINED));
    let (tx, ty) = cell_of(buf, "Tomas", 50);
    assert!(!buf[(tx, ty)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn list_columns_line_up_with_wide_and_combining_characters() {
    let dir = tempfile::tempdir().unwrap();
    for (i, title) in [
        "東京の知事が新しい予算を発表した長い見出し",
        "Family 👩‍👩‍👧 reunion draws crowds 🇳🇴🇳🇴 downtown",
        "Cafe\u{301} owners meet the mayor of Zürich",
        "مجلس المدينة يوافق على الميزانية",
        "Plain headline",
    ]
    .iter()
    .enumerate()
    {
        std::fs::write(
            dir.path().join(format!("{i}.txt")),
            format!(
                "title {title}\nsource Wire {i}\ndate 2026-01-0{} - Lead.\n",
                i + 1
            ),
        )
        .unwrap();
    }
    let mut app = App::new(
        byline::library::Library::load(&[dir.path().to_path_buf()]),
        160,
        20,
    );
    app.update(Msg::Resize {
        width: 160,
        height: 20,
    });
    let t = render(&app);
    let buf = t.backend().buffer();
    let list = app.layout().list.unwrap();
    let mut columns = Vec::new();
    for y in 1..6 {
        // The source column: the first cell of "Wire" on each row.
        let x = (list.x..list.x + list.width)
            .find(|&x| buf[(x, y)].symbol() == "W" && buf[(x + 1, y)].symbol() == "i")
            .unwrap_or_else(|| panic!("no source on row {y}: {}", row_text(buf, y)));
        columns.push(x);
    }
    assert!(columns.windows(2).all(|w| w[0] == w[1]), "{columns:?}");
}

#[test]
fn unread_stories_carry_a_dot_and_a_bold_headline_and_bookmarked_ones_a_star() {
    let mut app = app(120, 40);
    press(&mut app, &["Enter", "h", "j", "b"]);
    let t = render(&app);
    let buf = t.backend().buffer();
    let read_row = find_row(buf, "Harbour board").unwrap();
    let unread_row = find_row(buf, "The county").unwrap();
    assert_eq!(buf[(1, read_row)].symbol(), " ");
    assert_eq!(buf[(1, unread_row)].symbol(), "●");
    assert_eq!(buf[(2, unread_row)].symbol(), "★");
    let (hx, _) = cell_of(buf, "Harbour board", 0);
    let (ux, _) = cell_of(buf, "The county", 0);
    assert!(!buf[(hx, read_row)].modifier.contains(Modifier::BOLD));
    assert!(buf[(ux, unread_row)].modifier.contains(Modifier::BOLD));
    assert!(find_row(buf, "4 stories · 3 unread").is_some());
}

#[test]
fn bookmarked_passages_are_starred_in_the_margin() {
    let mut app = harbour(120, 40);
    press(&mut app, &["}", "b"]);
    let t = render(&app);
    let buf = t.backend().buffer();
    let (x, y) = cell_of(buf, "\"We have waited", 50);
    assert_eq!(buf[(x - 2, y)].symbol(), "★");
    let (bx, by) = cell_of(buf, "Board chair", 50);
    assert_eq!(buf[(bx - 2, by)].symbol(), " ");
}

#[test]
fn bookmarks_view_at_100_by_30() {
    let mut app = harbour(100, 30);
    press(&mut app, &["}", "b", "a"]);
    for c in "ask about the fares".chars() {
        press(&mut app, &[&c.to_string()]);
    }
    press(&mut app, &["Enter", "h", "j", "b", "B"]);
    let snapshot = render(&app).backend().to_string();
    // The saved time changes from run to run.
    let re_time = |s: &str| {
        s.lines()
            .map(|l| match l.find("saved 2") {
                Some(i) => format!("{}saved [time]{}", &l[..i], &l[(i + 22).min(l.len())..]),
                None => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    insta::assert_snapshot!(re_time(&snapshot));
}

#[test]
fn the_largest_and_the_most_lopsided_screens_draw_without_panicking() {
    for (w, h) in [
        (500, 200),
        (500, 1),
        (1, 200),
        (2, 2),
        (80, 3),
        (79, 24),
        (80, 24),
    ] {
        for keys in [
            &[][..],
            &["Enter"],
            &["Enter", "}", "v", "}"],
            &["B"],
            &["?"],
        ] {
            let mut app = bundled_app(w, h);
            press(&mut app, keys);
            render(&app);
        }
    }
}

#[test]
fn a_burst_of_resizes_ends_in_a_screen_laid_out_for_the_final_size() {
    let mut app = bundled_app(120, 40);
    press(&mut app, &["Enter", "}", "}"]);
    for i in 0..300u16 {
        app.update(Msg::Resize {
            width: 20 + (i * 37) % 400,
            height: 5 + (i * 13) % 150,
        });
    }
    app.update(Msg::Resize {
        width: 100,
        height: 30,
    });
    // The same story, opened at the final size and put at the same place:
    // nothing of the sizes in between may show.
    let mut fresh = bundled_app(100, 30);
    press(&mut fresh, &["Enter"]);
    let (scroll, cursor) = {
        let r = app.reader.as_ref().unwrap();
        (r.scroll, r.cursor)
    };
    let r = fresh.reader.as_mut().unwrap();
    r.scroll = scroll;
    r.cursor = cursor;
    let lines = &app.reader.as_ref().unwrap().view.para_lines[cursor];
    assert!(
        lines.start < scroll + app.reader_rows() && lines.end > scroll,
        "cursor on screen"
    );
    let burst = render(&app).backend().to_string();
    let once = render(&fresh).backend().to_string();
    assert_eq!(burst, once);
}

// The people view (`W`).

#[test]
fn people_view_at_80_by_24() {
    let mut app = common::indexed_people_app(80, 24);
    press(&mut app, &["W", "j"]);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn people_view_at_120_by_40() {
    let mut app = common::indexed_people_app(120, 40);
    press(&mut app, &["W", "s"]);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn a_persons_quotations_at_80_by_24() {
    let mut app = common::indexed_people_app(80, 24);
    press(&mut app, &["W", "Enter", "G"]);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn a_persons_quotations_at_120_by_40() {
    let mut app = common::indexed_people_app(120, 40);
    press(&mut app, &["W", "Enter"]);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn the_people_view_says_the_index_is_catching_up_and_the_filter_is_typed_in_the_status_bar() {
    let mut app = common::indexed_people_app(100, 20);
    app.update(Msg::Analysed {
        stories: Vec::new(),
        left: 3,
    });
    press(&mut app, &["W", "/", "n", "ú"]);
    let t = render(&app);
    let buf = t.backend().buffer();
    let title = row_text(buf, 0);
    assert!(title.contains("indexing: 3 stories left"), "{title}");
    assert!(title.contains("matching “nú”: 1"), "{title}");
    let status = row_text(buf, 19);
    assert!(status.starts_with("Filter: nú"), "{status}");
}

#[test]
fn the_chosen_person_and_quotation_are_marked_by_more_than_colour() {
    let mut app = common::indexed_people_app(100, 20);
    press(&mut app, &["W"]);
    let t = render(&app);
    let buf = t.backend().buffer();
    let y = find_row(buf, "José Núñez").unwrap();
    assert!(buf[(3, y)].modifier.contains(Modifier::REVERSED));
    let heading = find_row(buf, "quotes").unwrap();
    let (x, _) = cell_of(buf, "quotes", 0);
    assert!(
        buf[(x, heading)].modifier.contains(Modifier::UNDERLINED),
        "the column sorted by"
    );
    press(&mut app, &["Enter"]);
    let t = render(&app);
    let buf = t.backend().buffer();
    let (x, y) = cell_of(buf, "\"The fares", 0);
    assert!(buf[(x, y)].modifier.contains(Modifier::ITALIC));
    assert_eq!(buf[(1, y)].symbol(), "▌", "the chosen quotation's bar");
}

#[test]
fn the_people_view_draws_at_every_small_size_without_panicking() {
    for w in (1..=90).step_by(7) {
        for h in (1..=30).step_by(4) {
            for keys in [&["W"][..], &["W", "Enter"], &["W", "/", "x"]] {
                let mut app = common::indexed_people_app(w, h);
                press(&mut app, keys);
                render(&app);
            }
        }
    }
}

#[test]
fn a_bookmarked_passage_says_who_is_quoted_and_who_else_is_named_in_it() {
    let mut app = harbour(100, 12);
    press(&mut app, &["}", "v", "}", "b", "B"]);
    let snapshot = render(&app).backend().to_string();
    assert!(
        snapshot.contains("said by Marit Solheim · also named Tomas Alvarado"),
        "{snapshot}"
    );
    let at = snapshot.find("saved 2").unwrap();
    let timeless = format!("{}saved [time]{}", &snapshot[..at], &snapshot[at + 22..]);
    insta::assert_snapshot!(timeless);
}

/// A configuration from a file's text, with colour or as under `NO_COLOR`.
fn config(text: &str, color: bool) -> byline::config::Config {
    let env = byline::config::Env {
        color,
        ..byline::config::Env::default()
    };
    let (config, errors) = byline::config::parse(text, std::path::Path::new("config.toml"), &env);
    assert!(errors.is_empty(), "{errors:?}");
    config
}

fn render_with(app: &App, theme: &Theme) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    t.draw(|f| draw(f, app, theme)).unwrap();
    t
}

#[test]
fn a_rebound_key_is_the_one_the_status_bar_and_the_help_show() {
    let mut app = app(120, 40);
    app.keymap = config("[keys.list]\ndown = [\"x\", \"Ctrl-n\"]\n", true).keymap;
    let t = render(&app);
    let status = row_text(t.backend().buffer(), 39);
    assert!(status.contains(" x down "), "{status}");
    press(&mut app, &["?"]);
    let t = render(&app);
    let buf = t.backend().buffer();
    let row = find_row(buf, "next story").map(|y| row_text(buf, y));
    assert!(
        row.as_deref().is_some_and(|r| r.contains("x Ctrl-n ")),
        "{row:?}"
    );
}

#[test]
fn the_light_theme_draws_the_focused_border_in_its_darker_blue() {
    let app = app(120, 40);
    let t = render_with(&app, &Theme::builtin(byline::ui::Builtin::Light, true));
    assert_eq!(t.backend().buffer()[(0, 0)].fg, Color::Indexed(25));
    let dark = render(&app);
    assert_eq!(dark.backend().buffer()[(0, 0)].fg, Color::LightBlue);
}

#[test]
fn a_colour_from_the_file_reaches_the_cells() {
    let app = app(120, 40);
    let theme = config("[colors]\nborder_focused = \"#ff0000 on 17 bold\"\n", true).theme;
    let t = render_with(&app, &theme);
    let corner = &t.backend().buffer()[(0, 0)];
    assert_eq!(corner.fg, Color::Rgb(255, 0, 0));
    assert_eq!(corner.bg, Color::Indexed(17));
    assert!(corner.modifier.contains(Modifier::BOLD));
}

#[test]
fn no_color_wins_over_the_files_colours_and_keeps_its_modifiers() {
    let app = app(120, 40);
    let theme = config(
        "theme = \"light\"\n[colors]\nborder_focused = \"#ff0000 bold\"\n",
        false,
    )
    .theme;
    let t = render_with(&app, &theme);
    let buf = t.backend().buffer();
    assert_eq!(buf[(0, 0)].fg, Color::Reset);
    assert!(buf[(0, 0)].modifier.contains(Modifier::BOLD));
    let all_default_fg = (0..40).all(|y| (0..120).all(|x| buf[(x, y)].fg == Color::Reset));
    assert!(all_default_fg);
}

#[test]
fn the_list_draws_the_configured_columns_in_order_with_the_date_format() {
    let mut app = app(120, 40);
    app.settings = config(
        "[list]\ncolumns = [\"headline\", \"date\"]\ndate_format = \"%e %b %Y\"\n",
        true,
    )
    .settings;
    let first = app.library.articles[app.selected_article().unwrap()].clone();
    let t = render(&app);
    let row = row_text(t.backend().buffer(), 1);
    let date = byline::config::DateFormat::parse("%e %b %Y")
        .unwrap()
        .format(first.date.unwrap());
    let headline_at = row.find(&first.title[..10]).unwrap();
    let date_at = row.find(&date).unwrap();
    assert!(headline_at < date_at, "{row}");
    assert!(!row.contains('●'), "no marks column: {row}");
}

#[test]
fn the_part_of_a_name_the_people_filter_matched_is_underlined() {
    let mut app = common::indexed_people_app(120, 24);
    press(&mut app, &["W", "/", "a", "r"]);
    let t = render(&app);
    let buf = t.backend().buffer();
    let row = (0..24)
        .find(|&y| row_text(buf, y).contains("Marit"))
        .expect("a name with \"ar\"");
    let x = (0..120).find(|&x| buf[(x, row)].symbol() == "M").unwrap();
    let underlined = |x: u16| buf[(x, row)].modifier.contains(Modifier::UNDERLINED);
    assert!(!underlined(x), "M");
    assert!(underlined(x + 1) && underlined(x + 2), "ar");
    assert!(!underlined(x + 3), "i");
}
