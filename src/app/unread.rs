//! Reading on: the next unread story, and marking what the list shows read.

use crate::article::{Article, ArticleId, Origin};
use crate::keymap::{Action, Scope};

use super::{App, Screen};

/// Where a story comes from, for "the next unread in the same source": the
/// feed's address, else the source named in the file.
pub(super) fn source_of(article: &Article) -> Option<&str> {
    match &article.origin {
        Origin::Feed { feed, .. } => Some(&**feed),
        _ => article.source.as_deref(),
    }
}

impl App {
    fn is_unread(&self, index: usize) -> bool {
        self.library
            .articles
            .get(index)
            .is_some_and(|a| !self.store.is_read(a.id))
    }

    /// The story `n` opens: in the list an unread selected story that is not
    /// open yet; else the first unread after the current one in its own
    /// source, then in any source, going round the list from the top last.
    pub fn next_unread(&self) -> Option<usize> {
        let open = self
            .reader
            .as_ref()
            .and_then(|r| self.library.position(r.id()));
        let from = match self.screen {
            Screen::Reader => open.and_then(|i| self.row_of(i)),
            _ => {
                let selected = self.selected_article();
                if let Some(i) = selected.filter(|&i| Some(i) != open && self.is_unread(i)) {
                    return Some(i);
                }
                selected.map(|_| self.selected)
            }
        };
        let n = self.list_len();
        let start = from.map_or(0, |r| r + 1).min(n);
        let current = from.and_then(|r| self.list_article(r));
        let source = current
            .and_then(|i| self.library.articles.get(i))
            .and_then(|a| source_of(a));
        let unread_at = |row: usize| self.list_article(row).filter(|&i| self.is_unread(i));
        let same_source = |i: &usize| {
            self.library
                .articles
                .get(*i)
                .is_some_and(|a| source_of(a) == source)
        };
        // One pass: the first of the same source after the current story
        // wins; else the first unread at all, going round from the top.
        let mut first_other = None;
        for i in (start..n).filter_map(unread_at) {
            if same_source(&i) {
                return Some(i);
            }
            first_other = first_other.or(Some(i));
        }
        first_other.or_else(|| {
            (0..start)
                .filter_map(unread_at)
                .find(|&i| Some(i) != current)
        })
    }

    pub(super) fn open_next_unread(&mut self) {
        match self.next_unread() {
            Some(index) => self.open_story(index),
            None => self.status = Some("No unread stories left".to_string()),
        }
    }

    /// Space: a page down, and at the end of the story the next unread one.
    pub(super) fn read_on(&mut self) {
        let rows = self.reader_rows();
        let at_end = self
            .reader
            .as_ref()
            .is_some_and(|r| r.scroll + rows >= r.view.lines.len());
        if at_end {
            self.open_next_unread();
        } else {
            self.reader_action(Action::PageDown);
        }
    }

    /// Unread stories among those the list shows, for its title.
    pub fn shown_unread(&self) -> usize {
        // Counted in any order: drawn on every frame, so no row is sorted.
        match self.shown_rows() {
            Some(rows) => rows.iter().filter(|&&i| self.is_unread(i)).count(),
            None => self.unread_count(),
        }
    }

    /// The stories the list shows, whatever narrows it.
    fn shown_ids(&self) -> Vec<ArticleId> {
        (0..self.list_len())
            .filter_map(|row| self.list_article(row))
            .filter_map(|i| self.library.articles.get(i))
            .map(|a| a.id)
            .collect()
    }

    pub(super) fn mark_all_read(&mut self) {
        if self.refused("Not marked read") {
            return;
        }
        let shown = self.shown_ids();
        let marked = self.store.mark_read(&shown);
        if self.refused("Not marked read") {
            return;
        }
        self.report_store();
        if marked.is_empty() {
            self.status = Some("Every story shown is read already".to_string());
            return;
        }
        let undo = self.key_name(Scope::List, Action::ToggleRead);
        self.status = Some(match marked.len() {
            1 => format!("Marked 1 story read; {undo} undoes it"),
            n => format!("Marked {n} stories read; {undo} undoes it"),
        });
        self.last_marked = Some(marked);
    }

    /// `u` right after marking all read: the stories it marked are unread again.
    pub(super) fn undo_mark_all_read(&mut self, marked: &[ArticleId]) {
        if self.refused("Not marked unread") {
            return;
        }
        self.store.mark_unread(marked);
        if self.refused("Not marked unread") {
            return;
        }
        self.report_store();
        self.status = Some(match marked.len() {
            1 => "1 story unread again".to_string(),
            n => format!("{n} stories unread again"),
        });
    }
}
