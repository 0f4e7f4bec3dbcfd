//! The sources view (`s`): every feed, and the stories from files, with
//! their unread and total counts and how the feed's last refresh went;
//! `Enter` narrows the story list to one.

use std::collections::HashMap;

use crate::article::Origin;
use crate::keymap::{Action, Scope};

use super::{App, FeedFilter, Screen};

/// What the sources view calls the stories read from files.
pub const LOCAL_FILES: &str = "Local files";

/// How a feed's last refresh in this session went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LastRefresh {
    Fine,
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRow {
    pub name: String,
    /// The feed's address; none for the stories from files.
    pub key: Option<String>,
    pub unread: usize,
    pub total: usize,
    /// None until the feed is refreshed while byline runs; files have none.
    pub refresh: Option<LastRefresh>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourcesView {
    pub rows: Vec<SourceRow>,
    pub selected: usize,
}

#[derive(Default)]
struct Count {
    unread: usize,
    total: usize,
    /// A name the stories give the feed, for one no longer subscribed.
    name: Option<String>,
}

impl App {
    /// Every source with its counts: the subscribed feeds in their order,
    /// then feeds whose stories remain without a subscription, then files.
    pub fn source_rows(&self) -> Vec<SourceRow> {
        let mut feeds: HashMap<&str, Count> = HashMap::new();
        let mut files = Count::default();
        for a in &self.library.articles {
            let count = match &a.origin {
                Origin::Feed { feed, .. } => {
                    let c = feeds.entry(&**feed).or_default();
                    if c.name.is_none() {
                        c.name = a.source.as_deref().map(str::to_string);
                    }
                    c
                }
                _ => &mut files,
            };
            count.total += 1;
            if !self.store.is_read(a.id) {
                count.unread += 1;
            }
        }
        let row = |url: &str, name: String, count: Option<&Count>| SourceRow {
            name,
            key: Some(url.to_string()),
            unread: count.map_or(0, |c| c.unread),
            total: count.map_or(0, |c| c.total),
            refresh: self.refresh_results.get(url).cloned(),
        };
        let subscribed = self.feeds.iter().flat_map(|f| &f.subscriptions.feeds);
        let mut rows: Vec<SourceRow> = subscribed
            .map(|s| {
                row(
                    &s.url,
                    s.display_name(),
                    feeds.remove(s.url.as_str()).as_ref(),
                )
            })
            .collect();
        let mut others: Vec<SourceRow> = feeds
            .iter()
            .map(|(url, c)| {
                row(
                    url,
                    c.name.clone().unwrap_or_else(|| url.to_string()),
                    Some(c),
                )
            })
            .collect();
        others.sort_by(|a, b| a.name.cmp(&b.name));
        rows.extend(others);
        if files.total > 0 {
            rows.push(SourceRow {
                name: LOCAL_FILES.to_string(),
                key: None,
                unread: files.unread,
                total: files.total,
                refresh: None,
            });
        }
        rows
    }

    pub(super) fn open_sources(&mut self) {
        let rows = self.source_rows();
        if rows.is_empty() {
            self.status = Some("No sources: no feed is subscribed and no story is listed".into());
            return;
        }
        // The source the list is narrowed to, if any, comes up chosen.
        let selected = self
            .narrowing
            .feed
            .as_ref()
            .and_then(|f| rows.iter().position(|r| r.key == f.key))
            .unwrap_or(0);
        self.screen = Screen::Sources(SourcesView { rows, selected });
    }

    pub(super) fn sources_action(&mut self, action: Action) {
        let Some(view) = self.screen.sources_mut() else {
            return;
        };
        let last = view.rows.len().saturating_sub(1);
        match action {
            Action::Down => view.selected = (view.selected + 1).min(last),
            Action::Up => view.selected = view.selected.saturating_sub(1),
            Action::Top => view.selected = 0,
            Action::Bottom => view.selected = last,
            Action::Back => self.screen = Screen::List,
            Action::Open => {
                let row = view.rows.get(view.selected).cloned();
                self.screen = Screen::List;
                if let Some(row) = row {
                    self.narrow_to_source(row);
                }
            }
            _ => {}
        }
    }

    /// The story list shows one source's stories only.
    fn narrow_to_source(&mut self, row: SourceRow) {
        let keep = self.selected_id();
        let filter = FeedFilter {
            key: row.key,
            name: row.name,
        };
        let again = self.key_name(Scope::List, Action::NarrowFeed);
        self.status = Some(format!(
            "Only {}; {again} shows every source again",
            filter.name
        ));
        self.screen = Screen::List;
        self.narrow(keep, |n| n.feed = Some(filter));
    }
}
