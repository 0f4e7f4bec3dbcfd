//! `byline feed`: subscribe, unsubscribe, list, import and export OPML.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

use byline::feed::Subscriptions;
use byline::feed::subscriptions::display_url;
use byline::store::FeedPaths;

use super::args::FeedAction;
use super::common::{load_subscriptions, warn, write_out};

pub fn run(action: FeedAction, state_dir: Option<&Path>) -> Result<ExitCode> {
    let paths = FeedPaths::resolve(state_dir).context("could not find where feeds are kept")?;
    let subs = load_subscriptions(&paths)?;
    // Changes go through `update`, which reads the file again under its
    // lock: another byline may have changed it since.
    match action {
        FeedAction::Add {
            url,
            name,
            full_text,
        } => {
            let added = Subscriptions::update(&paths.subscriptions, |s| {
                let added = s.add(&url, name.as_deref())?;
                s.set_full_text(&added, full_text);
                Ok(added)
            })?;
            eprintln!(
                "byline: subscribed to {}{}; `byline refresh` fetches it",
                display_url(&added),
                if full_text {
                    ", with the whole text of each new story from its page"
                } else {
                    ""
                }
            );
        }
        FeedAction::Remove { feed } => {
            let removed = Subscriptions::update(&paths.subscriptions, |s| s.remove(&feed))?;
            eprintln!(
                "byline: unsubscribed from {} ({})",
                removed.display_name(),
                display_url(&removed.url)
            );
            // Its stories can be fetched again, should it be subscribed again.
            let (mut db, notices) = byline::feed::stored::open(&paths);
            notices.iter().for_each(warn);
            if let Err(e) = db.remove_feed(&removed.url) {
                warn(format!("its stories stay in the story database: {e}"));
            }
        }
        FeedAction::List => {
            let mut text = String::new();
            let db = (!subs.feeds.is_empty()).then(|| {
                let (db, notices) = byline::feed::stored::open(&paths);
                notices.iter().for_each(warn);
                db
            });
            for f in &subs.feeds {
                let kept = db
                    .as_ref()
                    .map(|db| db.feed_story_count(&f.url))
                    .transpose()
                    .map_or_else(
                        |e| format!("stories unreadable: {e}"),
                        |n| match n.unwrap_or(0) {
                            1 => "1 story".to_string(),
                            n => format!("{n} stories"),
                        },
                    );
                text.push_str(&format!(
                    "{}  {}  {}\n",
                    f.display_name(),
                    display_url(&f.url),
                    byline::text::clean_line(&kept)
                ));
            }
            if subs.feeds.is_empty() {
                eprintln!("byline: no feeds yet; `byline feed add URL` subscribes to one");
            }
            write_out(&text)?;
        }
        FeedAction::Import { file } => {
            let text = byline::feed::subscriptions::read_opml(&file)?;
            let (added, invalid) =
                Subscriptions::update(&paths.subscriptions, |s| s.import_opml(&text))
                    .with_context(|| format!("could not import {}", file.display()))?;
            for url in &invalid {
                eprintln!(
                    "byline: skipped {}: not an http or https address",
                    byline::text::clean_line(url)
                );
            }
            eprintln!(
                "byline: subscribed to {added} new {}",
                if added == 1 { "feed" } else { "feeds" }
            );
        }
        FeedAction::Export => write_out(&subs.export_opml())?,
    }
    Ok(ExitCode::SUCCESS)
}
