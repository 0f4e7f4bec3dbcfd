//! Feeds in the reader: `r` refreshes in the background, `f` narrows the
//! list to one feed, `o` opens a story's link, `F` fetches a story's whole
//! text from its page.

use std::sync::Arc;

use super::{App, Effect, FeedFilter, LastRefresh, Outcome, RefreshEvent, Screen, feed_key};
use crate::article::{ArticleId, Origin};
use crate::feed::{FeedError, FetchConfig, PageDone, PageOutcome, Subscriptions};
use crate::keymap::{Action, Scope};
use crate::library::Batch;
use crate::store::FeedPaths;

/// The subscribed feeds, for `r`.
#[derive(Debug, Clone)]
pub struct Feeds {
    pub paths: FeedPaths,
    pub subscriptions: Subscriptions,
    pub config: FetchConfig,
}

/// Progress of a background refresh.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Refreshing {
    pub total: usize,
    pub done: usize,
    pub new: usize,
    /// Feeds that failed, by name, and why.
    pub failed: Vec<(String, FeedError)>,
    /// Stories whose whole text was fetched from their pages.
    pub full: usize,
    /// Stories whose pages gave no article (each said in the message log).
    pub pages_failed: usize,
}

impl App {
    pub(super) fn start_refresh(&mut self) {
        if self.refreshing.is_some() {
            self.status = Some("Already refreshing; new stories appear as they arrive".into());
            return;
        }
        let Some(feeds) = &self.feeds else {
            self.status =
                Some("No feeds to refresh: `byline feed add URL` subscribes to one".to_string());
            return;
        };
        if feeds.subscriptions.feeds.is_empty() {
            self.status = Some("No feeds to refresh".to_string());
            return;
        }
        self.effects.push(Effect::Refresh {
            paths: feeds.paths.clone(),
            subscriptions: feeds.subscriptions.clone(),
            config: feeds.config.clone(),
        });
        self.refreshing = Some(Refreshing {
            total: feeds.subscriptions.feeds.len(),
            ..Refreshing::default()
        });
        self.status = Some(refresh_status(self.refreshing.as_ref()));
    }

    pub(super) fn refreshed(&mut self, event: RefreshEvent) {
        match event {
            RefreshEvent::Started { total } => {
                self.refreshing
                    .get_or_insert_with(Refreshing::default)
                    .total = total;
            }
            RefreshEvent::Feed(done) => {
                let done = *done;
                let progress = self.refreshing.get_or_insert_with(Refreshing::default);
                progress.done += 1;
                let result = match done.outcome {
                    Outcome::Updated { new } => {
                        progress.new += new;
                        LastRefresh::Fine
                    }
                    Outcome::NotModified => LastRefresh::Fine,
                    Outcome::Failed(e) => {
                        let said = LastRefresh::Failed(e.to_string());
                        progress.failed.push((done.name.clone(), e));
                        said
                    }
                };
                self.refresh_results.insert(done.url.clone(), result);
                // The name may be a title the refresh just learnt.
                self.library.rename_feed(&done.url, &done.name);
                if !done.articles.is_empty() {
                    self.add_batch(Batch {
                        articles: done.articles,
                        problems: Vec::new(),
                    });
                }
                self.status = Some(refresh_status(self.refreshing.as_ref()));
            }
            RefreshEvent::Page(done) => self.page_done(*done),
            RefreshEvent::Finished { warning } => {
                let progress = self.refreshing.take().unwrap_or_default();
                let mut text = format!(
                    "Refreshed {} {}: {} new {}",
                    progress.total,
                    if progress.total == 1 { "feed" } else { "feeds" },
                    progress.new,
                    if progress.new == 1 {
                        "story"
                    } else {
                        "stories"
                    },
                );
                if progress.full > 0 {
                    text.push_str(&format!(
                        " · {} whole {} fetched",
                        progress.full,
                        if progress.full == 1 {
                            "story"
                        } else {
                            "stories"
                        }
                    ));
                }
                if progress.pages_failed > 0 {
                    text.push_str(&format!(
                        " · {} {} no article, so {} the summary (M says why)",
                        progress.pages_failed,
                        if progress.pages_failed == 1 {
                            "page gave"
                        } else {
                            "pages gave"
                        },
                        if progress.pages_failed == 1 {
                            "its story keeps"
                        } else {
                            "their stories keep"
                        },
                    ));
                }
                if !progress.failed.is_empty() {
                    let failures: Vec<String> = progress
                        .failed
                        .iter()
                        .map(|(name, e)| format!("{name}: {e}"))
                        .collect();
                    text.push_str(&format!(
                        " · {} failed: {}",
                        progress.failed.len(),
                        failures.join("; ")
                    ));
                }
                if let Some(w) = &warning {
                    text.push_str(&format!(" · {w}"));
                }
                self.status = Some(crate::text::clean_line(&text));
                // The status bar cuts a long list of failures; the log has each in full.
                self.messages.info(&text);
                for (name, e) in &progress.failed {
                    self.messages.warn(format!("refreshing {name} failed: {e}"));
                }
                if let Some(w) = warning {
                    self.messages.warn(w);
                }
            }
        }
    }

    /// Asks the shell to fetch the open story's article from its page.
    pub(super) fn fetch_full_text(&mut self) {
        let Some(story) = self.reader.as_ref().map(|r| Arc::clone(&r.story)) else {
            return;
        };
        let Origin::Feed {
            feed, key, link, ..
        } = &story.origin
        else {
            self.status =
                Some("Only feed stories have a page to fetch the whole story from".to_string());
            return;
        };
        let Some(feeds) = &self.feeds else {
            self.status = Some("The story database is not open".to_string());
            return;
        };
        let Some(link) = link else {
            self.status = Some("This story has no link to its page".to_string());
            return;
        };
        self.status = Some(crate::text::clean_line(&format!(
            "Fetching the whole story from {link}"
        )));
        self.effects.push(Effect::FullText {
            paths: feeds.paths.clone(),
            config: feeds.config.clone(),
            feed_url: feed.to_string(),
            feed_name: story.source.as_deref().unwrap_or(feed).to_string(),
            key: key.clone(),
        });
    }

    /// A story's page was fetched, in a refresh or at `F`: its full text
    /// takes the summary's place in the list, the reader and the people
    /// index; a failure is logged and the summary stays.
    fn page_done(&mut self, done: PageDone) {
        let story = if done.title.is_empty() {
            "the story".to_string()
        } else {
            format!("“{}”", done.title)
        };
        let said = match done.outcome {
            PageOutcome::Fetched(article) => {
                let words = article.word_count();
                let id = article.id;
                let mut row = None;
                self.change_library(|library| {
                    row = library
                        .replace(*article)
                        .and_then(|i| library.articles.get(i).cloned());
                });
                if let Some(row) = row {
                    self.analyse_added(vec![row]);
                }
                // Opened again, it says which of its bookmarked passages
                // the whole story no longer has; that is kept in the status.
                self.status = None;
                self.reopen(id);
                let passages = self.status.take();
                let said = match self.refreshing.as_mut() {
                    Some(progress) => {
                        progress.full += 1;
                        None
                    }
                    None => Some(format!("The whole story: {words} words, from its page")),
                };
                match (said, passages) {
                    (Some(said), Some(p)) => Some(format!("{said} · {p}")),
                    (said, passages) => said.or(passages),
                }
            }
            PageOutcome::Unchanged => {
                Some("The page is unchanged: this is its whole story already".to_string())
            }
            PageOutcome::Failed(e) => {
                let text = format!(
                    "no whole story for {story} ({}): {e}; it keeps its summary",
                    done.feed_name
                );
                self.messages.warn(crate::text::clean_line(&text));
                match self.refreshing.as_mut() {
                    Some(progress) => {
                        progress.pages_failed += 1;
                        None
                    }
                    None => Some(text),
                }
            }
        };
        match said {
            Some(text) => self.status = Some(crate::text::clean_line(&text)),
            None => self.status = Some(refresh_status(self.refreshing.as_ref())),
        }
    }

    /// Opens the story again when it is the one being read, as it now is,
    /// keeping the pane that has the keys.
    fn reopen(&mut self, id: ArticleId) {
        if self.reader.as_ref().is_none_or(|r| r.story.id != id) {
            return;
        }
        let Some(index) = self.library.position(id) else {
            return;
        };
        // Opening selects the story; the list stays where the reader left it.
        let (screen, selected, offset) = (self.screen.clone(), self.selected, self.list_offset);
        self.open_story(index);
        (self.screen, self.selected, self.list_offset) = (screen, selected, offset);
        self.relayout();
    }

    /// Narrows the list to the selected story's feed, or widens it again.
    pub(super) fn toggle_feed_only(&mut self) {
        let keep = self.selected_id();
        if self.narrowing.feed.is_some() {
            self.status = Some("All feeds".to_string());
            self.narrow(keep, |n| n.feed = None);
        } else {
            let Some(article) = self
                .selected_article()
                .and_then(|i| self.library.articles.get(i))
            else {
                return;
            };
            let Some(key) = feed_key(article) else {
                self.status = Some("This story names no feed or source".to_string());
                return;
            };
            let name = article
                .source
                .as_deref()
                .map_or_else(|| key.clone(), str::to_string);
            let again = self.key_name(Scope::List, Action::NarrowFeed);
            self.status = Some(format!("Only {name}; {again} shows every feed again"));
            let filter = FeedFilter {
                key: Some(key),
                name,
            };
            self.narrow(keep, |n| n.feed = Some(filter));
        }
    }

    /// Asks the shell to open the story's link: the open story in the
    /// reading pane, else the selected one.
    pub(super) fn open_link(&mut self) {
        let index = match (&self.screen, &self.reader) {
            (Screen::Reader, Some(r)) => self.library.position(r.id()),
            _ => self.selected_article(),
        };
        let Some(article) = index.and_then(|i| self.library.articles.get(i)) else {
            return;
        };
        match article.url.as_deref().map(str::trim) {
            Some(url) if is_web_link(url) => {
                self.status = Some(crate::text::clean_line(&format!(
                    "Opening {url} in the browser"
                )));
                self.effects
                    .push(Effect::Launch(self.settings.browser.launch(url)));
            }
            Some(_) => {
                self.status = Some("Only http and https links are opened".to_string());
            }
            None => self.status = Some("This story has no link".to_string()),
        }
    }
}

/// Only web links go to the browser: nothing that a browser could take for
/// a file or an option (`-…`).
pub(super) fn is_web_link(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

fn refresh_status(progress: Option<&Refreshing>) -> String {
    let Some(p) = progress else {
        return String::new();
    };
    let mut text = format!(
        "Refreshing feeds: {} of {} · {} new",
        p.done, p.total, p.new
    );
    if p.full > 0 {
        text.push_str(&format!(" · {} whole", p.full));
    }
    if let Some((name, e)) = p.failed.last() {
        text.push_str(&format!(" · {} failed (last: {name}: {e})", p.failed.len()));
    }
    crate::text::clean_line(&text)
}
