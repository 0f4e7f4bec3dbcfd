//! The story list's rows, derived in one place ([`App::derive_rows`]) from
//! the library and what narrows it: unread only, one feed, one person, a
//! library search. Every change to those goes through [`App::narrow`] or
//! [`App::change_library`], which derive the rows again; nothing else
//! writes them.

use std::collections::HashSet;

use super::unread::source_of;
use super::{App, PersonFilter};
use crate::article::{Article, ArticleId, Origin};
use crate::config::SortOrder;

/// The list narrowed to one feed (or source).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedFilter {
    /// The feed's address, or the source name of stories from files; none
    /// for every story from a file ("local files" in the sources view).
    pub key: Option<String>,
    /// What the list title calls it.
    pub name: String,
}

impl FeedFilter {
    /// Whether the filter lets `article` through.
    pub fn admits(&self, article: &Article) -> bool {
        match &self.key {
            Some(key) => source_of(article) == Some(key.as_str()),
            None => !matches!(article.origin, Origin::Feed { .. }),
        }
    }
}

/// The list narrowed to the stories a library search found, best first.
#[derive(Debug, Clone)]
pub struct LibrarySearch {
    pub query: String,
    /// Every story found, best first, as library indexes.
    pub(super) ranked: Vec<usize>,
}

/// What narrows the list; the inputs its rows are derived from.
#[derive(Debug, Clone, Default)]
pub struct Narrowing {
    /// Only the stories unread when the list was last narrowed: reading
    /// one keeps its place until the list is narrowed or widened again.
    pub unread_only: bool,
    pub feed: Option<FeedFilter>,
    pub person: Option<PersonFilter>,
    pub search: Option<LibrarySearch>,
}

impl App {
    /// Whether the list shows only unread stories.
    pub fn unread_only(&self) -> bool {
        self.narrowing.unread_only
    }

    /// The feed the list is narrowed to.
    pub fn feed_only(&self) -> Option<&FeedFilter> {
        self.narrowing.feed.as_ref()
    }

    /// The person the list is narrowed to.
    pub fn person_only(&self) -> Option<&PersonFilter> {
        self.narrowing.person.as_ref()
    }

    /// The library search the list shows.
    pub fn found(&self) -> Option<&LibrarySearch> {
        self.narrowing.search.as_ref()
    }

    /// Changes what narrows the list, derives its rows again and selects
    /// `keep` where it now is (the top when it is gone).
    pub(super) fn narrow(&mut self, keep: Option<ArticleId>, change: impl FnOnce(&mut Narrowing)) {
        change(&mut self.narrowing);
        self.derive_rows();
        self.reselect(keep);
    }

    /// The one place the list's rows are made: the library's stories the
    /// filters let through, in list order, or a search's in rank order.
    pub(super) fn derive_rows(&mut self) {
        let n = &self.narrowing;
        let narrowed = n.unread_only || n.feed.is_some() || n.person.is_some();
        let admits = |a: &Article| {
            !(n.unread_only && self.store.is_read(a.id))
                && n.feed.as_ref().is_none_or(|f| f.admits(a))
                && n.person.as_ref().is_none_or(|p| p.stories.contains(&a.id))
        };
        self.rows = match &n.search {
            Some(search) => Some(
                search
                    .ranked
                    .iter()
                    .copied()
                    .filter(|&i| {
                        !narrowed || self.library.articles.get(i).is_some_and(|a| admits(a))
                    })
                    .collect(),
            ),
            None if narrowed => Some(
                self.library
                    .articles
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| admits(a))
                    .map(|(i, _)| i)
                    .collect(),
            ),
            None => None,
        };
    }

    /// The stories the list shows when it is narrowed, as library indexes.
    pub(super) fn shown_rows(&self) -> Option<&Vec<usize>> {
        self.rows.as_ref()
    }

    /// How many rows the list has.
    pub fn list_len(&self) -> usize {
        self.shown_rows()
            .map_or(self.library.articles.len(), Vec::len)
    }

    /// The story shown on a row of the list.
    pub fn list_article(&self, row: usize) -> Option<usize> {
        let row = self.sorted(row)?;
        match self.shown_rows() {
            Some(rows) => rows.get(row).copied(),
            None => (row < self.library.articles.len()).then_some(row),
        }
    }

    pub(super) fn row_of(&self, article: usize) -> Option<usize> {
        let position = match self.shown_rows() {
            Some(rows) => rows.iter().position(|&a| a == article),
            None => (article < self.library.articles.len()).then_some(article),
        }?;
        self.sorted(position)
    }

    /// The library keeps stories newest first; oldest first is the same
    /// rows read from the end, so every narrowing keeps working unchanged.
    fn sorted(&self, row: usize) -> Option<usize> {
        if self.narrowing.search.is_some() {
            // Search results keep their rank, best first.
            return Some(row);
        }
        match self.settings.sort {
            SortOrder::NewestFirst => Some(row),
            SortOrder::OldestFirst => self.list_len().checked_sub(row + 1),
        }
    }

    /// The story on the selected row.
    pub fn selected_article(&self) -> Option<usize> {
        self.list_article(self.selected)
    }

    /// The id of the story on the selected row.
    pub(super) fn selected_id(&self) -> Option<ArticleId> {
        self.selected_article()
            .and_then(|i| self.library.articles.get(i))
            .map(|a| a.id)
    }

    /// Whether any story the feed and person filters let in is unread,
    /// whatever a search found.
    pub(super) fn any_unread_within_filters(&self) -> bool {
        let n = &self.narrowing;
        self.library.articles.iter().any(|a| {
            !self.store.is_read(a.id)
                && n.feed.as_ref().is_none_or(|f| f.admits(a))
                && n.person.as_ref().is_none_or(|p| p.stories.contains(&a.id))
        })
    }

    /// How many stories a person is named in, within the feed chosen.
    pub(super) fn person_rows_len(&self, stories: &HashSet<ArticleId>) -> usize {
        let feed = self.narrowing.feed.as_ref();
        self.library
            .articles
            .iter()
            .filter(|a| stories.contains(&a.id) && feed.is_none_or(|f| f.admits(a)))
            .count()
    }
}
