//! Searching: the open story for words (`/` in the reading pane), and the
//! whole library through the story database's index (`/` in the list).

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::article::ArticleId;
use crate::keymap::{Action, Key, KeyCode, Scope};

use super::{App, LibrarySearch, Overlay, reveal_cursor};

/// Library results asked of the database at most: a search is for
/// finding, and the best matches come first.
pub const LIBRARY_HITS: usize = 500;

/// What a search being typed looks through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchScope {
    Story,
    Library,
}

/// A search being typed; each key searches again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchInput {
    pub scope: SearchScope,
    pub text: String,
}

/// Where the open story matches a search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StorySearch {
    pub query: String,
    /// Every match as (paragraph, byte range of its text), in reading order.
    pub matches: Vec<(usize, Range<usize>)>,
    /// The match last moved to.
    pub current: Option<usize>,
}

impl StorySearch {
    pub fn new<'a>(paragraphs: impl Iterator<Item = &'a str>, query: &str) -> StorySearch {
        let needle = query.to_lowercase();
        let matches = if needle.trim().is_empty() {
            Vec::new()
        } else {
            paragraphs
                .enumerate()
                .flat_map(|(p, text)| find_all(text, &needle).into_iter().map(move |r| (p, r)))
                .collect()
        };
        StorySearch {
            query: query.to_string(),
            matches,
            current: None,
        }
    }

    /// The matches in paragraph `para`, each with whether it is the current one.
    pub fn in_para(&self, para: usize) -> impl Iterator<Item = (Range<usize>, bool)> + '_ {
        let first = self.matches.partition_point(|(p, _)| *p < para);
        self.matches[first..]
            .iter()
            .enumerate()
            .take_while(move |(_, (p, _))| *p == para)
            .map(move |(i, (_, r))| (r.clone(), self.current == Some(first + i)))
    }

    /// "“harbour”: 2 of 7", for the status bar.
    pub fn summary(&self) -> String {
        match (self.matches.len(), self.current) {
            (0, _) => format!("“{}”: no match in this story", self.query),
            (n, Some(c)) => format!("“{}”: {} of {n}", self.query, c + 1),
            (n, None) => format!("“{}”: {n} matches", self.query),
        }
    }
}

/// Every place `needle` (already lower case) occurs in `text`, ignoring
/// case, as byte ranges of `text`.
pub fn find_all(text: &str, needle: &str) -> Vec<Range<usize>> {
    if needle.is_empty() {
        return Vec::new();
    }
    if text.is_ascii() {
        let lower = text.to_ascii_lowercase();
        return lower
            .match_indices(needle)
            .map(|(at, m)| at..at + m.len())
            .collect();
    }
    // Lower case can change a character's length in bytes, so each byte of
    // the lowered text remembers where its character starts in `text`.
    let mut lower = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len() + 1);
    for (at, c) in text.char_indices() {
        for l in c.to_lowercase() {
            let before = lower.len();
            lower.push(l);
            origin.resize(origin.len() + (lower.len() - before), at);
        }
    }
    origin.push(text.len());
    let next_char = |at: usize| {
        text[at..]
            .chars()
            .next()
            .map_or(text.len(), |c| at + c.len_utf8())
    };
    lower
        .match_indices(needle)
        .filter_map(|(at, m)| {
            let start = *origin.get(at)?;
            let end = *origin.get(at + m.len())?;
            // A match ending inside one character's lower case takes it whole.
            Some(start..end.max(next_char(start)))
        })
        .collect()
}

/// The words of a query, for matching titles.
fn words(query: &str) -> Vec<String> {
    query
        .split(|c: char| c.is_whitespace() || c == '"')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

impl App {
    pub(super) fn start_search(&mut self, scope: SearchScope) {
        let text = match scope {
            SearchScope::Story => self
                .reader
                .as_ref()
                .and_then(|r| r.search.as_ref())
                .map(|s| s.query.clone()),
            SearchScope::Library => self.found().map(|f| f.query.clone()),
        };
        self.overlay = Overlay::Search(SearchInput {
            scope,
            text: text.unwrap_or_default(),
        });
    }

    /// Keys while a search is typed: each one searches again; Enter keeps
    /// the result, Esc drops it.
    pub(super) fn search_key(&mut self, key: Key) {
        let Overlay::Search(input) = &mut self.overlay else {
            return;
        };
        let scope = input.scope;
        match (key.code, key.ctrl) {
            (KeyCode::Char('c'), true) => return self.quit = true,
            (KeyCode::Esc, _) => {
                self.overlay = Overlay::None;
                return self.clear_search(scope);
            }
            (KeyCode::Enter, _) => {
                self.overlay = Overlay::None;
                self.status = self.search_said(scope);
                return;
            }
            (KeyCode::Backspace, _) => {
                input.text.pop();
            }
            (KeyCode::Char('u'), true) => input.text.clear(),
            (KeyCode::Char(c), false) if !crate::text::is_hazard(c) => input.text.push(c),
            _ => return,
        }
        let text = input.text.clone();
        match scope {
            SearchScope::Story => self.search_story(&text),
            SearchScope::Library => self.search_library(&text),
        }
    }

    /// What the status bar says once a search is kept.
    fn search_said(&self, scope: SearchScope) -> Option<String> {
        match scope {
            SearchScope::Story => self
                .reader
                .as_ref()
                .and_then(|r| r.search.as_ref())
                .map(StorySearch::summary),
            SearchScope::Library => self.found().map(|f| {
                let back = self.key_name(Scope::List, Action::Back);
                match self.list_len() {
                    0 => format!("No story matches “{}”; {back} shows them all", f.query),
                    1 => format!("1 story matches “{}”; {back} shows them all", f.query),
                    n => format!("{n} stories match “{}”; {back} shows them all", f.query),
                }
            }),
        }
    }

    fn clear_search(&mut self, scope: SearchScope) {
        match scope {
            SearchScope::Story => {
                if let Some(r) = self.reader.as_mut() {
                    r.search = None;
                }
            }
            SearchScope::Library => {
                let keep = self.selected_id();
                if self.found().is_some() {
                    self.status = Some("All stories".to_string());
                }
                self.narrow(keep, |n| n.search = None);
            }
        }
    }

    /// Finds `query` in the open story and shows the first match from
    /// where the reader is.
    pub(super) fn search_story(&mut self, query: &str) {
        let rows = self.reader_rows();
        let Some(r) = self.reader.as_mut() else {
            return;
        };
        let mut search =
            StorySearch::new(r.story.paragraphs.iter().map(|p| p.text.as_str()), query);
        let on_screen = r.view.para_at_or_after(r.scroll).unwrap_or(0);
        search.current = search
            .matches
            .iter()
            .position(|(p, _)| *p >= on_screen)
            .or((!search.matches.is_empty()).then_some(0));
        r.search = Some(search);
        show_match(r, rows);
    }

    /// `Ctrl-n`/`Ctrl-p`: the next or previous match, round the story.
    pub(super) fn step_match(&mut self, forward: bool) {
        let rows = self.reader_rows();
        let slash = self.key_name(Scope::Reader, Action::Search);
        let Some(r) = self.reader.as_mut() else {
            return;
        };
        let said = match r.search.as_mut() {
            None => format!("No search in this story: {slash} starts one"),
            Some(search) if search.matches.is_empty() => search.summary(),
            Some(search) => {
                let n = search.matches.len();
                search.current = Some(match (search.current, forward) {
                    (Some(c), true) => (c + 1) % n,
                    (Some(c), false) => (c + n - 1) % n,
                    (None, true) => 0,
                    (None, false) => n - 1,
                });
                let said = search.summary();
                show_match(r, rows);
                said
            }
        };
        self.status = Some(said);
    }

    /// Searches the library: the database's ranked hits first, then any
    /// story whose title holds every word (a story file the database has
    /// not indexed is found so).
    pub(super) fn search_library(&mut self, query: &str) {
        let keep = self.selected_id();
        if query.trim().is_empty() {
            return self.narrow(keep, |n| n.search = None);
        }
        let ranked = self.library_hits(query);
        let search = LibrarySearch {
            query: query.to_string(),
            ranked,
        };
        self.narrow(None, |n| n.search = Some(search));
    }

    fn library_hits(&mut self, query: &str) -> Vec<usize> {
        let hits = match self
            .library
            .bodies
            .as_deref()
            .map(|b| b.search(query, LIBRARY_HITS))
        {
            Some(Ok(hits)) => hits,
            Some(Err(why)) => {
                self.warn(format!("search: {why}"));
                Vec::new()
            }
            None => Vec::new(),
        };
        let at: HashMap<ArticleId, usize> = self
            .library
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id, i))
            .collect();
        let mut seen = HashSet::new();
        let mut ranked: Vec<usize> = hits
            .iter()
            .filter_map(|id| at.get(id).copied())
            .filter(|&i| seen.insert(i))
            .collect();
        let words = words(query);
        ranked.extend(
            self.library
                .articles
                .iter()
                .enumerate()
                .filter(|(i, a)| {
                    !seen.contains(i) && {
                        let title = a.title.to_lowercase();
                        words.iter().all(|w| title.contains(w.as_str()))
                    }
                })
                .map(|(i, _)| i),
        );
        ranked
    }

    /// The library changed under a search: its indexes are found again.
    pub(super) fn search_again(&mut self) {
        if let Some(query) = self.found().map(|f| f.query.clone()) {
            let ranked = self.library_hits(&query);
            if let Some(f) = self.narrowing.search.as_mut() {
                f.ranked = ranked;
            }
        }
    }

    /// Esc in the list: the whole list again, after a search.
    pub(super) fn leave_search(&mut self) {
        if self.found().is_some() {
            self.clear_search(SearchScope::Library);
        }
    }

    /// Esc in the reader: the search's highlights go first; true when
    /// there was one to drop.
    pub(super) fn drop_story_search(&mut self) -> bool {
        let dropped = self.reader.as_mut().and_then(|r| r.search.take()).is_some();
        if dropped {
            self.status = Some("Search cleared".to_string());
        }
        dropped
    }
}

/// Scrolls to the current match when it is off screen and puts the
/// passage cursor on its paragraph.
fn show_match(r: &mut super::Reader, rows: usize) {
    let Some((para, range)) = r
        .search
        .as_ref()
        .and_then(|s| s.current.and_then(|c| s.matches.get(c)))
        .cloned()
    else {
        return;
    };
    r.cursor = para;
    let line = r.view.line_of(para, range.start).unwrap_or(0);
    if line < r.scroll || line >= r.scroll + rows {
        let max = r.view.lines.len().saturating_sub(rows);
        r.scroll = line.saturating_sub(rows / 3).min(max);
    } else {
        reveal_cursor(r, rows);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_ignore_case_and_are_ranges_of_the_original_text() {
        let text = "Ferry, FERRY and ferryman";
        let found = find_all(text, "ferry");
        let pieces: Vec<&str> = found.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(pieces, ["Ferry", "FERRY", "ferry"]);
    }

    #[test]
    fn matches_in_text_whose_lower_case_changes_length_stay_on_character_boundaries() {
        let text = "İstanbul · Straße · İzmir";
        let found = find_all(text, "i\u{307}zmir");
        assert_eq!(
            found.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>(),
            ["İzmir"]
        );
        let found = find_all(text, "straße");
        assert_eq!(
            found.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>(),
            ["Straße"]
        );
    }

    #[test]
    fn a_story_search_says_which_match_of_how_many() {
        let mut s = StorySearch::new(["a ferry", "no", "ferry ferry"].into_iter(), "Ferry");
        assert_eq!(s.matches.len(), 3);
        assert_eq!(s.summary(), "“Ferry”: 3 matches");
        s.current = Some(1);
        assert_eq!(s.summary(), "“Ferry”: 2 of 3");
        let in_third: Vec<_> = s.in_para(2).collect();
        assert_eq!(in_third, [(0..5, true), (6..11, false)]);
    }
}
