//! Feeds in the reader, driven by keys and messages without a terminal:
//! `r` asks for a background refresh, its progress arrives as messages,
//! `f` narrows the list to one feed, `o` asks the shell to open a link and
//! `F` for a story's whole text from its page.
#![allow(clippy::unwrap_used)]

mod common;

use byline::app::{App, Effect, Feeds, Msg, Screen};
use byline::feed::convert::{Story, to_article, to_article_with};
use byline::feed::{
    FeedDone, FeedError, FetchConfig, FullTextError, Outcome, PageDone, PageOutcome, RefreshEvent,
    Stage, Subscriptions,
};
use byline::library::{Batch, Library};
use byline::store::FeedPaths;
use common::press;

fn story(key: &str, title: &str, day: i64, link: Option<&str>) -> Story {
    Story {
        key: key.to_string(),
        title: title.to_string(),
        author: None,
        published: Some(1_767_225_600 + day * 86_400),
        link: link.map(str::to_string),
        paragraphs: vec![format!("{title}, the story.")],
        first_seen: 0,
    }
}

const HERALD: &str = "https://herald.example/rss";
const WIRE: &str = "https://wire.example/rss";

fn feed_app() -> App {
    let articles = vec![
        to_article(
            HERALD,
            "Herald",
            &story(
                "guid:1",
                "Bridge vote delayed",
                3,
                Some("https://herald.example/1"),
            ),
        ),
        to_article(
            WIRE,
            "Wire",
            &story("guid:2", "Pilots call off strike", 2, None),
        ),
        to_article(
            HERALD,
            "Herald",
            &story(
                "guid:3",
                "Library opens Sundays",
                1,
                Some("https://herald.example/3"),
            ),
        ),
    ];
    let mut library = Library::default();
    library.add(Batch {
        articles,
        problems: Vec::new(),
    });
    let mut app = App::new(library, 120, 40);
    app.update(Msg::Resize {
        width: 120,
        height: 40,
    });
    let mut subscriptions = Subscriptions::default();
    subscriptions.add(HERALD, Some("Herald")).unwrap();
    subscriptions.add(WIRE, Some("Wire")).unwrap();
    app.feeds = Some(Feeds {
        paths: FeedPaths::in_dir(std::path::Path::new("unused")),
        subscriptions,
        config: FetchConfig::default(),
    });
    app
}

fn titles(app: &App) -> Vec<String> {
    (0..app.list_len())
        .filter_map(|r| app.list_article(r))
        .map(|i| app.library.articles[i].title.clone())
        .collect()
}

#[test]
fn r_asks_the_shell_for_a_refresh_and_the_status_bar_counts_feeds() {
    let mut app = feed_app();
    let asked = press(&mut app, &["r"]);
    assert!(matches!(
        asked.as_slice(),
        [Effect::Refresh { subscriptions, .. }] if subscriptions.feeds.len() == 2
    ));
    assert_eq!(
        app.status.as_deref(),
        Some("Refreshing feeds: 0 of 2 · 0 new")
    );
    // A second r while the first runs starts nothing more.
    assert!(press(&mut app, &["r"]).is_empty());
}

#[test]
fn new_stories_join_the_list_as_each_feed_arrives_and_failures_are_named() {
    let mut app = feed_app();
    press(&mut app, &["j", "r"]);
    let selected = app.selected_article().map(|i| app.library.articles[i].id);
    app.update(Msg::Refresh(RefreshEvent::Started { total: 2 }));
    let fresh = to_article(
        HERALD,
        "Herald",
        &story("guid:4", "Ferry fares frozen", 9, None),
    );
    app.update(Msg::Refresh(RefreshEvent::Feed(Box::new(FeedDone {
        url: HERALD.into(),
        name: "Herald".into(),
        outcome: Outcome::Updated { new: 1 },
        articles: vec![fresh],
        future_dated: 0,
    }))));
    assert_eq!(titles(&app)[0], "Ferry fares frozen", "newest first");
    assert_eq!(
        app.selected_article().map(|i| app.library.articles[i].id),
        selected,
        "the selection stays on its story"
    );
    assert_eq!(
        app.status.as_deref(),
        Some("Refreshing feeds: 1 of 2 · 1 new")
    );
    app.update(Msg::Refresh(RefreshEvent::Feed(Box::new(FeedDone {
        url: WIRE.into(),
        name: "Wire".into(),
        outcome: Outcome::Failed(FeedError::Timeout(Stage::Fetching)),
        articles: Vec::new(),
        future_dated: 0,
    }))));
    assert!(
        app.status
            .as_deref()
            .unwrap()
            .contains("Wire: timed out waiting for the feed")
    );
    app.update(Msg::Refresh(RefreshEvent::Finished { warning: None }));
    assert_eq!(
        app.status.as_deref(),
        Some("Refreshed 2 feeds: 1 new story · 1 failed: Wire: timed out waiting for the feed")
    );
    assert!(app.refreshing.is_none());
}

#[test]
fn a_title_learnt_by_a_refresh_renames_the_feeds_listed_stories() {
    let mut app = feed_app();
    app.update(Msg::Refresh(RefreshEvent::Started { total: 1 }));
    app.update(Msg::Refresh(RefreshEvent::Feed(Box::new(FeedDone {
        url: HERALD.into(),
        name: "Millbrook Valley Herald".into(),
        outcome: Outcome::NotModified,
        articles: Vec::new(),
        future_dated: 0,
    }))));
    let sources: Vec<(&str, &str)> = app
        .library
        .articles
        .iter()
        .map(|a| (a.title.as_str(), a.source.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        sources,
        [
            ("Bridge vote delayed", "Millbrook Valley Herald"),
            ("Pilots call off strike", "Wire"),
            ("Library opens Sundays", "Millbrook Valley Herald"),
        ]
    );
    assert!(app.library.source_width() >= "Millbrook Valley Herald".len());
}

#[test]
fn r_without_subscriptions_says_how_to_add_one() {
    let mut app = common::bundled_app(120, 40);
    assert!(press(&mut app, &["r"]).is_empty());
    assert!(app.status.as_deref().unwrap().contains("byline feed add"));
}

#[test]
fn f_narrows_the_list_to_the_selected_storys_feed_and_back() {
    let mut app = feed_app();
    assert_eq!(titles(&app).len(), 3);
    press(&mut app, &["f"]);
    assert_eq!(
        titles(&app),
        ["Bridge vote delayed", "Library opens Sundays"]
    );
    // Stories arriving from that feed join the narrowed list; others do not.
    app.update(Msg::Refresh(RefreshEvent::Feed(Box::new(FeedDone {
        url: WIRE.into(),
        name: "Wire".into(),
        outcome: Outcome::Updated { new: 1 },
        articles: vec![to_article(
            WIRE,
            "Wire",
            &story("guid:5", "Tugs idle", 8, None),
        )],
        future_dated: 0,
    }))));
    assert_eq!(titles(&app).len(), 2);
    press(&mut app, &["f"]);
    assert_eq!(titles(&app).len(), 4);
}

#[test]
fn o_asks_the_shell_to_open_the_link_of_the_selected_or_open_story() {
    let mut app = feed_app();
    let asked = press(&mut app, &["o"]);
    assert!(matches!(
        asked.as_slice(),
        [Effect::Launch(l)] if l.args.last().map(String::as_str) == Some("https://herald.example/1")
    ));
    press(&mut app, &["G", "Enter"]);
    assert!(matches!(app.screen(), Screen::Reader));
    let asked = press(&mut app, &["o"]);
    assert!(matches!(
        asked.as_slice(),
        [Effect::Launch(l)] if l.args.last().map(String::as_str) == Some("https://herald.example/3")
    ));
}

#[test]
fn o_on_a_story_without_a_link_says_so_and_opens_nothing() {
    let mut app = feed_app();
    assert!(press(&mut app, &["j", "o"]).is_empty());
    assert_eq!(app.status.as_deref(), Some("This story has no link"));
}

#[test]
fn a_failed_browser_start_is_a_warning_kept_until_read() {
    let mut app = feed_app();
    app.update(Msg::Notice("could not start the browser".into()));
    assert_eq!(
        app.messages.unread_warning(),
        Some("could not start the browser")
    );
}

/// A home whose story database holds `stories` of the Herald, subscribed
/// as "Herald".
fn home_with_stored(stories: Vec<Story>) -> (tempfile::TempDir, FeedPaths, Subscriptions) {
    let home = tempfile::tempdir().unwrap();
    let paths = FeedPaths::in_dir(home.path());
    let mut db = byline::db::Db::open(&paths.database).db;
    db.merge_feed(
        HERALD,
        &byline::db::FeedMeta::default(),
        stories,
        // After every story's date, which would else be taken for a mistake.
        1_767_225_600 + 10 * 86_400,
        byline::feed::CacheLimits::default(),
    )
    .unwrap();
    let mut subscriptions = Subscriptions::default();
    subscriptions.add(HERALD, Some("Herald")).unwrap();
    (home, paths, subscriptions)
}

#[test]
fn feed_stories_are_listed_as_rows_and_a_story_opened_is_read_from_the_database() {
    let stories = vec![
        story(
            "guid:1",
            "Bridge vote delayed",
            3,
            Some("https://herald.example/1"),
        ),
        story("guid:3", "Library opens Sundays", 1, None),
    ];
    let whole: Vec<_> = stories
        .iter()
        .map(|s| to_article(HERALD, "Herald", s))
        .collect();
    let (_home, paths, subscriptions) = home_with_stored(stories);
    let (library, notices) = byline::feed::stored::library(&paths, &subscriptions);
    assert!(notices.is_empty(), "{notices:?}");
    // The rows are the articles but for their text.
    for (row, full) in library.articles.iter().zip(&whole) {
        assert!(row.paragraphs.is_empty());
        let mut bare = full.clone();
        bare.paragraphs.clear();
        bare.stub = row.stub.clone();
        assert_eq!(**row, bare);
    }
    let mut app = App::new(library, 120, 40);
    app.update(Msg::Resize {
        width: 120,
        height: 40,
    });
    press(&mut app, &["Enter"]);
    assert!(matches!(app.screen(), Screen::Reader));
    let reader = app.reader.as_ref().unwrap();
    assert_eq!(reader.story.paragraphs, whole[0].paragraphs);
    assert_eq!(reader.story.id, whole[0].id);
    assert!(reader.story.stub.is_none());
}

#[test]
fn json_caches_are_moved_into_the_database_when_the_library_opens_and_it_says_so() {
    let home = tempfile::tempdir().unwrap();
    let paths = FeedPaths::in_dir(home.path());
    byline::feed::cache::FeedCache {
        url: HERALD.to_string(),
        stories: vec![story("guid:1", "Bridge vote delayed", 3, None)],
        ..Default::default()
    }
    .save(&paths.cache_dir)
    .unwrap();
    let mut subscriptions = Subscriptions::default();
    subscriptions.add(HERALD, Some("Herald")).unwrap();
    let (library, notices) = byline::feed::stored::library(&paths, &subscriptions);
    assert_eq!(library.articles.len(), 1);
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(
        notices[0].starts_with("moved the cached stories of 1 feed into the story database"),
        "{notices:?}"
    );
    let (again, notices) = byline::feed::stored::library(&paths, &subscriptions);
    assert_eq!(again.articles.len(), 1);
    assert!(notices.is_empty(), "{notices:?}");
}

#[test]
fn a_story_opened_keeps_its_analysis_in_the_database_for_the_next_opening() {
    let stories = vec![story("guid:1", "Bridge vote delayed", 3, None)];
    let (_home, paths, subscriptions) = home_with_stored(stories);
    let (library, _) = byline::feed::stored::library(&paths, &subscriptions);
    let mut app = App::new(library, 120, 40);
    press(&mut app, &["Enter"]);
    let opened = app.reader.as_ref().unwrap().story.clone();
    let made = app.reader.as_ref().unwrap().analysis.clone();
    // Kept by a writer of its own, so wait for it.
    let db = byline::db::Db::open(&paths.database).db;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let kept = loop {
        if let Some(json) = db.analysis(opened.id.bits(), opened.text_hash()).unwrap() {
            break json;
        }
        assert!(std::time::Instant::now() < deadline, "never kept");
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let kept: byline::analysis::Analysis = serde_json::from_str(&kept).unwrap();
    assert_eq!(kept, *made);
}

#[test]
fn a_refreshs_new_story_is_analysed_alone_and_joins_the_people_index() {
    let run = |app: &mut App, asked: Vec<Effect>| {
        let mut sent = Vec::new();
        let mut rows = 0;
        for effect in asked {
            if let Effect::Analyse(job) = effect {
                rows += job.len();
                job.run(|msg| {
                    sent.push(msg);
                    true
                });
            }
        }
        for msg in sent {
            app.update(msg);
        }
        rows
    };
    let mut app = feed_app();
    let asked = app.analyse_library();
    assert_eq!(run(&mut app, asked), 3);
    let mut fresh = story("guid:4", "Ferry fares frozen", 9, None);
    fresh.paragraphs = vec!["\"Fares stay where they are,\" said Mayor Ana Ruiz.".to_string()];
    let asked = app.update(Msg::Refresh(RefreshEvent::Feed(Box::new(FeedDone {
        url: HERALD.into(),
        name: "Herald".into(),
        outcome: Outcome::Updated { new: 1 },
        articles: vec![to_article(HERALD, "Herald", &fresh)],
        future_dated: 0,
    }))));
    assert_eq!(run(&mut app, asked), 1, "only the new story is analysed");
    assert_eq!(app.people.len(), 4);
    let ruiz = app.people.find("Ana Ruiz");
    assert_eq!(ruiz.len(), 1);
    assert_eq!(app.people.quotations_of(ruiz[0]).len(), 1);
    assert_eq!(app.people_left, 0);
}

#[test]
fn a_large_library_of_many_feeds_lists_every_story_once_whichever_connection_read_it() {
    let home = tempfile::tempdir().unwrap();
    let paths = FeedPaths::in_dir(home.path());
    let mut db = byline::db::Db::open(&paths.database).db;
    let mut subscriptions = Subscriptions::default();
    let limits = byline::feed::CacheLimits {
        max_age_days: 100_000,
        max_stories_per_feed: 1000,
    };
    // Five feeds, past the size at which two connections share the reading.
    for f in 0..5 {
        let url = format!("https://feed{f}.example/rss");
        subscriptions.add(&url, Some(&format!("Feed {f}"))).unwrap();
        let stories = (0..400)
            .map(|n| Story {
                paragraphs: vec!["Long enough to fill the file. ".repeat(100)],
                ..story(
                    &format!("guid:{n}"),
                    &format!("Story {n} of {f}"),
                    n % 9,
                    None,
                )
            })
            .collect();
        db.merge_feed(
            &url,
            &byline::db::FeedMeta::default(),
            stories,
            1_767_225_600 + 10 * 86_400,
            limits,
        )
        .unwrap();
    }
    drop(db);
    assert!(std::fs::metadata(&paths.database).unwrap().len() > 4 << 20);
    let (library, notices) = byline::feed::stored::library(&paths, &subscriptions);
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(library.articles.len(), 2000);
    let db = byline::db::Db::open(&paths.database).db;
    let urls: Vec<&str> = subscriptions.feeds.iter().map(|f| f.url.as_str()).collect();
    let one = byline::feed::stored::rows(&db, &subscriptions).unwrap();
    let alone: Vec<(String, String)> = db
        .feed_rows(&urls)
        .unwrap()
        .into_iter()
        .map(|r| (r.feed_url, r.title))
        .collect();
    let shared: Vec<(String, String)> = one
        .iter()
        .map(|a| match &a.origin {
            byline::article::Origin::Feed { feed, .. } => (feed.to_string(), a.title.clone()),
            _ => unreachable!("feed rows only"),
        })
        .collect();
    assert_eq!(
        shared, alone,
        "the feeds' order, each feed's stories in theirs"
    );
}

#[test]
fn the_auto_refresh_tick_refreshes_unless_a_refresh_is_running() {
    let mut app = feed_app();
    let asked = app.update(Msg::AutoRefresh);
    assert!(matches!(asked.as_slice(), [Effect::Refresh { .. }]));
    let asked = app.update(Msg::AutoRefresh);
    assert!(asked.is_empty(), "one refresh at a time");
}

// The whole story from its page (`F`, and `full_text` feeds on refresh).

const BRIDGE_SUMMARY: &str = "Bridge vote delayed, the story.";

/// "Bridge vote delayed" as its page has it: the summary's sentence is
/// there when `with_summary`, after a new first paragraph.
fn bridge_in_full(with_summary: bool) -> PageDone {
    let mut paragraphs = vec![
        "MILLBROOK - The council put off its vote on the river footbridge on Monday night."
            .to_string(),
        "\u{201c}We need the engineers' report first,\u{201d} said Helen Carter, who chairs the council."
            .to_string(),
    ];
    if with_summary {
        paragraphs.push(BRIDGE_SUMMARY.to_string());
    }
    paragraphs.push("The vote is now set for the spring.".to_string());
    let story = story(
        "guid:1",
        "Bridge vote delayed",
        3,
        Some("https://herald.example/1"),
    );
    PageDone {
        feed_url: HERALD.into(),
        feed_name: "Herald".into(),
        key: "guid:1".into(),
        title: "Bridge vote delayed".into(),
        outcome: PageOutcome::Fetched(Box::new(to_article_with(
            HERALD,
            "Herald",
            &story,
            Some(&paragraphs),
        ))),
    }
}

fn page(done: PageDone) -> Msg {
    Msg::Refresh(RefreshEvent::Page(Box::new(done)))
}

fn meta_line(app: &App) -> String {
    app.reader.as_ref().unwrap().view.meta.clone()
}

#[test]
fn capital_f_in_the_reader_asks_the_shell_for_the_open_storys_whole_text() {
    let mut app = feed_app();
    let asked = press(&mut app, &["Enter", "F"]);
    let asked = asked.iter().find_map(|e| match e {
        Effect::FullText { feed_url, key, .. } => Some((feed_url.clone(), key.clone())),
        _ => None,
    });
    assert_eq!(asked, Some((HERALD.to_string(), "guid:1".to_string())));
    assert_eq!(
        app.status.as_deref(),
        Some("Fetching the whole story from https://herald.example/1")
    );
}

#[test]
fn capital_f_on_a_story_without_a_link_says_so_and_asks_nothing() {
    let mut app = feed_app();
    let asked = press(&mut app, &["j", "Enter", "F"]);
    assert!(!asked.iter().any(|e| matches!(e, Effect::FullText { .. })));
    assert_eq!(
        app.status.as_deref(),
        Some("This story has no link to its page")
    );
}

#[test]
fn the_metadata_line_says_summary_until_the_whole_story_arrives() {
    let mut app = feed_app();
    press(&mut app, &["Enter"]);
    assert!(
        meta_line(&app).ends_with(" · summary"),
        "{}",
        meta_line(&app)
    );
    app.update(page(bridge_in_full(true)));
    assert!(
        meta_line(&app).ends_with("41 words · full text"),
        "{}",
        meta_line(&app)
    );
    assert!(matches!(app.screen(), Screen::Reader));
    assert_eq!(
        app.status.as_deref(),
        Some("The whole story: 41 words, from its page")
    );
}

#[test]
fn the_whole_story_replaces_the_summary_in_the_reader_and_its_analysis() {
    let mut app = feed_app();
    press(&mut app, &["Enter"]);
    app.update(page(bridge_in_full(true)));
    let reader = app.reader.as_ref().unwrap();
    assert_eq!(reader.story.paragraphs.len(), 4);
    assert_eq!(reader.analysis.quotes.len(), 1);
    let speaker = reader.analysis.quotes[0]
        .speaker()
        .map(|s| reader.analysis.people[s].name.clone());
    assert_eq!(speaker.as_deref(), Some("Helen Carter"));
}

#[test]
fn a_page_that_gave_no_article_is_logged_and_the_story_keeps_its_summary() {
    let mut app = feed_app();
    press(&mut app, &["Enter"]);
    app.update(page(PageDone {
        outcome: PageOutcome::Failed(FullTextError::Fetch(FeedError::Status(404))),
        ..bridge_in_full(true)
    }));
    let said = "no whole story for “Bridge vote delayed” (Herald): the page answered \
                HTTP 404 Not Found; it keeps its summary";
    assert_eq!(app.status.as_deref(), Some(said));
    assert!(app.messages.entries().iter().any(|m| m.text == said));
    let reader = app.reader.as_ref().unwrap();
    assert_eq!(reader.story.paragraphs.len(), 1);
    assert_eq!(reader.story.paragraphs[0].text.as_str(), BRIDGE_SUMMARY);
    assert!(meta_line(&app).ends_with(" · summary"));
}

#[test]
fn a_refresh_counts_the_whole_stories_and_the_pages_that_gave_none() {
    let mut app = feed_app();
    press(&mut app, &["r"]);
    app.update(Msg::Refresh(RefreshEvent::Started { total: 1 }));
    app.update(page(bridge_in_full(true)));
    app.update(page(PageDone {
        outcome: PageOutcome::Failed(FullTextError::NotAnArticle("a page of links".into())),
        title: "Library opens Sundays".into(),
        ..bridge_in_full(true)
    }));
    app.update(Msg::Refresh(RefreshEvent::Finished { warning: None }));
    let status = app.status.clone().unwrap();
    assert!(status.contains("1 whole story fetched"), "{status}");
    assert!(
        status.contains("1 page gave no article, so its story keeps the summary (M says why)"),
        "{status}"
    );
    assert!(app.messages.entries().iter().any(|m| m.text
        == "no whole story for “Library opens Sundays” (Herald): no article on the page \
            (a page of links); it keeps its summary"));
}

#[test]
fn a_passage_bookmarked_on_the_summary_is_found_again_in_the_whole_story() {
    let mut app = feed_app();
    press(&mut app, &["Enter", "b"]);
    let bookmark = app.reader.as_ref().unwrap().passages[0].0;
    app.update(page(bridge_in_full(true)));
    assert_eq!(
        app.reader.as_ref().unwrap().passages,
        vec![(bookmark, 2..3)]
    );
}

#[test]
fn a_passage_bookmarked_on_a_summary_the_whole_story_lacks_is_said_to_be_gone() {
    let mut app = feed_app();
    press(&mut app, &["Enter", "b"]);
    app.update(page(bridge_in_full(false)));
    assert!(app.reader.as_ref().unwrap().passages.is_empty());
    assert_eq!(
        app.status.as_deref(),
        Some(
            "The whole story: 36 words, from its page · 1 bookmarked passage is no longer \
             in this story; B shows its saved text"
        )
    );
}

#[test]
fn the_reader_shows_the_whole_story_and_says_full_text() {
    let mut app = feed_app();
    app.update(Msg::Resize {
        width: 100,
        height: 16,
    });
    press(&mut app, &["Enter"]);
    app.update(page(bridge_in_full(true)));
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 16)).unwrap();
    t.draw(|f| byline::ui::draw(f, &app, &byline::ui::Theme::plain()))
        .unwrap();
    insta::assert_snapshot!(t.backend());
}

#[test]
fn a_whole_story_for_the_open_story_leaves_the_list_selection_where_it_was() {
    let mut app = feed_app();
    press(&mut app, &["Enter", "Tab", "j", "j"]);
    let selected = app.selected;
    app.update(page(bridge_in_full(true)));
    assert_eq!(app.selected, selected);
    assert!(matches!(app.screen(), Screen::List));
    assert_eq!(app.reader.as_ref().unwrap().story.paragraphs.len(), 4);
}

fn source_counts(app: &App) -> Vec<(String, usize, usize)> {
    app.sources_view()
        .unwrap()
        .rows
        .iter()
        .map(|r| (r.name.clone(), r.unread, r.total))
        .collect()
}

#[test]
fn s_lists_every_feed_with_its_unread_and_total_counts() {
    let mut app = feed_app();
    press(&mut app, &["Enter", "h", "s"]);
    assert_eq!(
        source_counts(&app),
        [("Herald".to_string(), 1, 2), ("Wire".to_string(), 1, 1)]
    );
}

#[test]
fn enter_on_a_source_narrows_the_list_to_its_stories_and_f_shows_all_again() {
    let mut app = feed_app();
    press(&mut app, &["s", "j", "Enter"]);
    assert!(app.sources_view().is_none());
    assert_eq!(titles(&app), ["Pilots call off strike"]);
    press(&mut app, &["f"]);
    assert_eq!(titles(&app).len(), 3);
}

#[test]
fn the_sources_view_says_how_each_feeds_last_refresh_went() {
    use byline::app::LastRefresh;
    let mut app = feed_app();
    for (url, outcome) in [
        (HERALD, Outcome::NotModified),
        (WIRE, Outcome::Failed(FeedError::Timeout(Stage::Fetching))),
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
    let results: Vec<_> = app
        .sources_view()
        .unwrap()
        .rows
        .iter()
        .map(|r| r.refresh.clone())
        .collect();
    assert_eq!(
        results,
        [
            Some(LastRefresh::Fine),
            Some(LastRefresh::Failed(
                "timed out waiting for the feed".to_string()
            ))
        ]
    );
}

#[test]
fn esc_closes_the_sources_view_leaving_the_list_as_it_was() {
    let mut app = feed_app();
    press(&mut app, &["s", "j", "Esc"]);
    assert!(app.sources_view().is_none());
    assert_eq!(titles(&app).len(), 3);
}
