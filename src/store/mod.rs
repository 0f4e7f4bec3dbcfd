//! What the reader remembers between runs: which stories have been read, and
//! the stories and passages bookmarked.
//!
//! Everything is answered from memory; every change is also appended to the
//! state file before the call returns (a millisecond or so; the sync to disk
//! follows on another thread). The reader goes further: with
//! [`Store::defer_saving`] a change is made in memory only and the writing
//! happens on a saver thread (see `saver.rs`), which reports back. When the
//! disk refuses, the store carries on in memory, says so in
//! [`Store::status`], and retries with everything unsaved on the next change.
//!
//! ```no_run
//! use byline::store::{StatePaths, Store};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mut store = Store::open_or_in_memory(&StatePaths::resolve(None)?);
//! if let Some(recovered) = store.take_recovery() {
//!     eprintln!("{recovered}");
//! }
//! # Ok(()) }
//! ```

mod anchor;
mod journal;
mod model;
mod paths;
mod record;
mod saver;
mod state;

use std::fmt;
use std::path::PathBuf;

pub use anchor::{CONTEXT_CHARS, Located, PARAGRAPH_BREAK, PassageSelector, locate};
pub use journal::{DAMAGED_COPIES_KEPT, JOURNAL_LIMIT};
pub use model::{
    Bookmark, BookmarkId, BookmarkKey, BookmarkRef, Counts, PassageBookmark, StoryBookmark,
    Timestamp,
};
pub use paths::{FeedPaths, HOME_ENV, PathsError, StatePaths, config_file, default_save_dir};
pub use record::SCHEMA;
pub use saver::{Saved, Saver, SaverThread, Unsaved};

use crate::article::{ArticleId, Date};
use journal::{Failure, Journal};
use record::Record;
use state::State;

/// Whether changes are reaching the disk, for the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveStatus {
    /// Every change so far is in the state file.
    Saved,
    /// The last write failed for this reason. Changes are kept in memory and
    /// all of them are written on the next change that succeeds.
    Failing(String),
    /// This store has no file (see [`Store::in_memory`]): nothing is saved.
    Disabled(String),
}

impl SaveStatus {
    pub fn is_saved(&self) -> bool {
        matches!(self, SaveStatus::Saved)
    }
}

impl fmt::Display for SaveStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveStatus::Saved => f.write_str("changes are saved"),
            SaveStatus::Failing(why) | SaveStatus::Disabled(why) => {
                write!(f, "changes are not being saved: {why}")
            }
        }
    }
}

/// What was done about a damaged state file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery {
    /// Records that still verified and were kept.
    pub kept: usize,
    /// Lines that did not verify and were dropped.
    pub dropped: usize,
    /// The damaged file, byte for byte as it was found.
    pub damaged_copy: PathBuf,
    /// Older damaged copies removed, beyond the [`DAMAGED_COPIES_KEPT`]
    /// newest.
    pub removed_copies: usize,
}

impl fmt::Display for Recovery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        write!(
            f,
            "state file was damaged: kept {} record{}, dropped {} damaged line{}; the damaged file is {}",
            self.kept,
            plural(self.kept),
            self.dropped,
            plural(self.dropped),
            self.damaged_copy.display()
        )?;
        match self.removed_copies {
            0 => Ok(()),
            n => write!(
                f,
                "; removed {n} older damaged cop{} (the {DAMAGED_COPIES_KEPT} newest are kept)",
                if n == 1 { "y" } else { "ies" }
            ),
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OpenError {
    #[error(
        "{} was written by a newer byline ({}; this one reads schema {SCHEMA}) and is left untouched",
        path.display(),
        match found { Some(n) => format!("schema {n}"), None => "records it does not know".to_string() }
    )]
    NewerSchema { path: PathBuf, found: Option<u64> },
    /// The state file is a FIFO, a device, a directory, or larger than
    /// [`JOURNAL_LIMIT`]: it is left as it is, unread. The text names the
    /// path and the limit.
    #[error("{0}")]
    Unreadable(String),
}

/// Why changes are refused, for "Not bookmarked: …".
fn newer_refusal(found: Option<u64>) -> String {
    let written = match found {
        Some(n) => {
            format!("was written by a newer byline (schema {n}; this one reads schema {SCHEMA})")
        }
        None => "holds records of a newer byline".to_string(),
    };
    format!("the state file {written}; upgrade byline to change it")
}

/// Read marks and bookmarks, in memory and in the state file.
#[derive(Debug)]
pub struct Store {
    state: State,
    /// `None` for a store that saves nothing.
    journal: Option<Journal>,
    /// Changes applied to `state` but not yet known to be in the file.
    pending: Vec<Record>,
    status: SaveStatus,
    recovery: Option<Recovery>,
    /// Inside [`Store::batch`]: changes wait for its end to be saved.
    batching: bool,
    /// Why no change may be made at all (see [`Store::refusal`]).
    refused: Option<String>,
    /// The state before the current batch, put back should its changes turn
    /// out to be refused.
    before_batch: Option<State>,
    /// Set once saving is handed to a [`Saver`] on another thread.
    deferred: Option<saver::Deferred>,
}

impl Store {
    /// Opens (or, at the first change, creates) the state in `paths`. Damage is
    /// repaired (see [`Store::take_recovery`]) and a disk that cannot be
    /// written shows in [`Store::status`]. Refused are a file written by a
    /// newer byline, which this one must not touch, and one it cannot read
    /// (a FIFO, a device, a directory, over [`JOURNAL_LIMIT`]), left as it is.
    pub fn open(paths: &StatePaths) -> Result<Store, OpenError> {
        let mut journal = Journal::new(paths.clone());
        let loaded = journal.load().map_err(|failure| match failure {
            Failure::Newer(found) => OpenError::NewerSchema {
                path: paths.state_file(),
                found,
            },
            Failure::Unusable(why) | Failure::Io(why) => OpenError::Unreadable(why),
        })?;
        Ok(Store {
            state: loaded.state,
            journal: Some(journal),
            pending: Vec::new(),
            status: loaded
                .failure
                .map_or(SaveStatus::Saved, SaveStatus::Failing),
            recovery: loaded.recovery,
            batching: false,
            refused: None,
            before_batch: None,
            deferred: None,
        })
    }

    /// [`Store::open`], and never an error: a state file written by a newer
    /// byline gives an empty store that refuses every change (see
    /// [`Store::refusal`]); one that cannot be read at all (a FIFO, a device,
    /// over [`JOURNAL_LIMIT`]) an empty store that works in memory only. A
    /// directory that cannot be written (a file in its place, read-only,
    /// permission denied) gives what could be read, with
    /// [`SaveStatus::Failing`]. Either way [`Store::status`] says why.
    pub fn open_or_in_memory(paths: &StatePaths) -> Store {
        match Store::open(paths) {
            Ok(store) => store,
            Err(e @ OpenError::NewerSchema { found, .. }) => {
                let mut store = Store::in_memory(e.to_string());
                store.refused = Some(newer_refusal(found));
                store
            }
            Err(e @ OpenError::Unreadable(_)) => Store::in_memory(e.to_string()),
        }
    }

    /// An empty store that saves nothing; `why` is shown as its status.
    pub fn in_memory(why: impl Into<String>) -> Store {
        Store {
            state: State::default(),
            journal: None,
            pending: Vec::new(),
            status: SaveStatus::Disabled(why.into()),
            recovery: None,
            batching: false,
            refused: None,
            before_batch: None,
            deferred: None,
        }
    }

    /// Why changes are refused, if they are: the state file belongs to a
    /// newer byline, found at open or since. Every change is then a no-op,
    /// neither saved nor made in memory, and the caller should say so
    /// instead of saying it was done. A store that merely cannot save
    /// (see [`Store::status`]) still makes changes in memory.
    pub fn refusal(&self) -> Option<&str> {
        self.refused.as_deref()
    }

    /// Whether changes are being saved, after the last change or open.
    pub fn status(&self) -> &SaveStatus {
        &self.status
    }

    /// The repair of a damaged state file, once: found at open, or later
    /// when another process left damage behind.
    pub fn take_recovery(&mut self) -> Option<Recovery> {
        self.recovery.take()
    }

    /// The state file, for a store that has one.
    pub fn state_file(&self) -> Option<PathBuf> {
        self.journal.as_ref().map(|j| j.paths().state_file())
    }

    #[inline]
    pub fn is_read(&self, story: ArticleId) -> bool {
        self.state.is_read(story)
    }

    pub fn set_read(&mut self, story: ArticleId, read: bool) {
        if self.is_read(story) != read {
            self.record(Record::SetRead { story, read });
        }
    }

    /// Marks `stories` read as one change (one journal line); returns the
    /// ones that were unread, which is what undoing it must mark unread
    /// again. Nothing is returned when the change was refused.
    pub fn mark_read(&mut self, stories: &[ArticleId]) -> Vec<ArticleId> {
        // A story twice in `stories` is twice in the record, which marks it
        // read all the same: not worth a sort of 100,000 ids.
        let unread: Vec<ArticleId> = stories
            .iter()
            .copied()
            .filter(|&s| !self.is_read(s))
            .collect();
        if unread.is_empty() {
            return unread;
        }
        if !self.record(Record::MarkRead {
            stories: unread.clone(),
        }) {
            return Vec::new();
        }
        unread
    }

    /// Marks `stories` unread as one change: the undoing of [`Store::mark_read`].
    pub fn mark_unread(&mut self, stories: &[ArticleId]) -> bool {
        stories.is_empty()
            || self.record(Record::MarkUnread {
                stories: stories.to_vec(),
            })
    }

    /// Flips the read mark; returns whether the story is now read (unchanged
    /// when refused).
    pub fn toggle_read(&mut self, story: ArticleId) -> bool {
        let read = !self.is_read(story);
        self.set_read(story, read);
        self.is_read(story)
    }

    pub fn is_story_bookmarked(&self, story: ArticleId) -> bool {
        self.state.story_bookmark(story).is_some()
    }

    pub fn story_bookmark(&self, story: ArticleId) -> Option<&StoryBookmark> {
        self.state.story_bookmark(story)
    }

    /// Bookmarks the story, or removes its bookmark; returns whether it is now
    /// bookmarked (unchanged when refused). Title and date are kept for the
    /// bookmarks list.
    pub fn toggle_story_bookmark(
        &mut self,
        story: ArticleId,
        title: &str,
        date: Option<Date>,
    ) -> bool {
        if self.is_story_bookmarked(story) {
            self.remove_story_bookmark(story);
        } else {
            self.record(Record::BookmarkStory(StoryBookmark {
                story,
                title: title.to_string(),
                date,
                created: Timestamp::now(),
            }));
        }
        self.is_story_bookmarked(story)
    }

    /// Removes the story's bookmark, handing it back for [`Store::restore`];
    /// `None` when there is none or the change is refused.
    pub fn remove_story_bookmark(&mut self, story: ArticleId) -> Option<StoryBookmark> {
        let removed = self.state.story_bookmark(story)?.clone();
        self.record(Record::UnbookmarkStory { story })
            .then_some(removed)
    }

    /// Bookmarks a passage of a story (see [`PassageSelector::new`]). When
    /// the change is refused (see [`Store::refusal`]) the id names no
    /// bookmark.
    pub fn add_passage(
        &mut self,
        story: ArticleId,
        title: &str,
        date: Option<Date>,
        selector: PassageSelector,
    ) -> BookmarkId {
        let id = BookmarkId::fresh();
        self.record(Record::AddPassage(PassageBookmark {
            id,
            story,
            title: title.to_string(),
            date,
            selector,
            note: None,
            created: Timestamp::now(),
        }));
        id
    }

    pub fn passage(&self, id: BookmarkId) -> Option<&PassageBookmark> {
        self.state.passage(id)
    }

    /// Removes a passage bookmark, handing it back for [`Store::restore`];
    /// `None` when there is none or the change is refused.
    pub fn remove_passage(&mut self, id: BookmarkId) -> Option<PassageBookmark> {
        let removed = self.state.passage(id)?.clone();
        self.record(Record::RemovePassage { id }).then_some(removed)
    }

    /// Removes a bookmark of either kind, handing it back for [`Store::restore`].
    pub fn remove(&mut self, key: BookmarkKey) -> Option<Bookmark> {
        match key {
            BookmarkKey::Story(story) => self.remove_story_bookmark(story).map(Bookmark::Story),
            BookmarkKey::Passage(id) => self.remove_passage(id).map(Bookmark::Passage),
        }
    }

    /// Puts a removed bookmark back as it was: same id, note and creation
    /// time, so it returns to its place in the list.
    pub fn restore(&mut self, bookmark: impl Into<Bookmark>) {
        self.record(State::restoring(bookmark.into()));
    }

    /// Sets the one-line note of a passage bookmark (line breaks become
    /// spaces; a blank note removes it). Returns false if there is no such
    /// bookmark or the change is refused.
    pub fn set_note(&mut self, id: BookmarkId, note: &str) -> bool {
        let Some(passage) = self.state.passage(id) else {
            return false;
        };
        let note = model::one_line(note);
        if passage.note != note {
            return self.record(Record::SetNote { id, note });
        }
        true
    }

    /// A story's passage bookmarks, in the order of the story as saved.
    pub fn passages_for(&self, story: ArticleId) -> Vec<&PassageBookmark> {
        self.state.passages_for(story)
    }

    /// A story's passage bookmarks with where each is in the story's
    /// paragraphs now (see [`locate`]), in the order of the story as saved.
    pub fn locate_passages<S: AsRef<str>>(
        &self,
        story: ArticleId,
        paragraphs: &[S],
    ) -> Vec<(&PassageBookmark, Located)> {
        self.passages_for(story)
            .into_iter()
            .map(|p| (p, p.selector.locate(paragraphs)))
            .collect()
    }

    /// Every bookmark, stories and passages, newest first.
    pub fn bookmarks(&self) -> Vec<BookmarkRef<'_>> {
        self.state.bookmarks()
    }

    pub fn counts(&self) -> Counts {
        self.state.counts()
    }

    /// Takes in the changes other byline processes have saved, and retries
    /// saving ours if the last attempt failed.
    pub fn sync(&mut self) {
        if self.defer_sync() {
            return;
        }
        self.save(false, None);
    }

    /// Rewrites the state file as one record per read mark and bookmark. It
    /// happens by itself at open when the file has grown well past the
    /// state; this is for a quiet moment such as quitting.
    pub fn compact(&mut self) {
        self.save(true, None);
    }

    /// Makes the changes `f` makes, saving them together at its end: one
    /// write and one sync for, say, marking a whole list read.
    pub fn batch<T>(&mut self, f: impl FnOnce(&mut Store) -> T) -> T {
        let outer = std::mem::replace(&mut self.batching, true);
        if !outer && self.journal.is_some() {
            // Copied only here: a single change is held back until the file
            // has been checked instead, which costs nothing.
            self.before_batch = Some(self.state.clone());
        }
        let result = f(self);
        self.batching = outer;
        if !outer {
            if !self.pending.is_empty() {
                self.save(false, None);
            }
            self.before_batch = None;
        }
        result
    }

    /// Makes one change; returns whether it was made (in memory at least).
    fn record(&mut self, record: Record) -> bool {
        if self.refused.is_some() {
            return false;
        }
        if self.deferred.is_some() {
            return self.defer(record);
        }
        if self.journal.is_none() {
            self.state.apply(record);
        } else if self.batching {
            self.state.apply(record.clone());
            self.pending.push(record);
        } else {
            self.save(false, Some(record));
        }
        self.refused.is_none()
    }

    /// Saves the pending changes and `fresh`, which is made only if the file
    /// turns out to be one this byline may change.
    fn save(&mut self, compact: bool, fresh: Option<Record>) {
        let Some(journal) = &mut self.journal else {
            return;
        };
        let saved = if compact {
            journal.compact(&mut self.state, &self.pending)
        } else {
            journal.flush(&mut self.state, &self.pending, fresh.as_ref())
        };
        match saved {
            Ok(recovery) => {
                self.pending.clear();
                self.status = SaveStatus::Saved;
                if recovery.is_some() {
                    self.recovery = recovery;
                }
            }
            Err(Failure::Io(why) | Failure::Unusable(why)) => {
                // Kept in memory for the next attempt; applying a record
                // twice leaves the state as applying it once.
                if let Some(r) = fresh {
                    self.state.apply(r.clone());
                    self.pending.push(r);
                }
                self.status = SaveStatus::Failing(why);
            }
            Err(Failure::Newer(found)) => {
                let refusal = OpenError::NewerSchema {
                    path: journal.paths().state_file(),
                    found,
                };
                self.journal = None;
                // Changes that had failed to save stay in memory: the status
                // said they were not saved. A batch is undone whole.
                if let Some(before) = self.before_batch.take() {
                    self.state = before;
                }
                self.pending.clear();
                self.refused = Some(newer_refusal(found));
                self.status = SaveStatus::Disabled(refusal.to_string());
            }
        }
    }
}

impl From<StoryBookmark> for Bookmark {
    fn from(b: StoryBookmark) -> Bookmark {
        Bookmark::Story(b)
    }
}

impl From<PassageBookmark> for Bookmark {
    fn from(b: PassageBookmark) -> Bookmark {
        Bookmark::Passage(b)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const STORY: [&str; 4] = [
        "The council met on Tuesday to discuss the new bridge.",
        "Mayor Ana Ruiz said the bridge would open in the spring.",
        "Critics said the cost had doubled since the plan was shown.",
        "A hearing is set for March.",
    ];

    fn id(n: u64) -> ArticleId {
        ArticleId::from_key(&format!("story {n}"))
    }

    fn selector(range: std::ops::Range<usize>) -> PassageSelector {
        PassageSelector::new(&STORY, range).unwrap()
    }

    fn open(dir: &tempfile::TempDir) -> Store {
        let store = Store::open(&StatePaths::in_dir(dir.path())).unwrap();
        assert_eq!(store.status(), &SaveStatus::Saved);
        store
    }

    #[test]
    fn opening_an_empty_directory_gives_an_empty_store_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = open(&dir);
        assert_eq!(store.counts(), Counts::default());
        assert!(!dir.path().join("state.jsonl").exists());
    }

    #[test]
    fn read_marks_survive_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(&dir);
        store.set_read(id(1), true);
        assert!(store.toggle_read(id(2)));
        assert!(!store.toggle_read(id(2)));
        drop(store);
        let store = open(&dir);
        assert!(store.is_read(id(1)));
        assert!(!store.is_read(id(2)));
    }

    #[test]
    fn marking_a_read_story_read_again_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(&dir);
        store.set_read(id(1), true);
        let len = std::fs::metadata(dir.path().join("state.jsonl"))
            .unwrap()
            .len();
        store.set_read(id(1), true);
        assert_eq!(
            std::fs::metadata(dir.path().join("state.jsonl"))
                .unwrap()
                .len(),
            len
        );
    }

    fn journal_lines(dir: &tempfile::TempDir) -> usize {
        std::fs::read_to_string(dir.path().join("state.jsonl"))
            .unwrap()
            .lines()
            .count()
    }

    #[test]
    fn marking_many_stories_read_is_one_journal_line_that_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(&dir);
        store.set_read(id(1), true);
        let before = journal_lines(&dir);
        let stories: Vec<ArticleId> = (1..=500).map(id).collect();
        let marked = store.mark_read(&stories);
        assert_eq!(marked.len(), 499, "story 1 was read already");
        assert_eq!(journal_lines(&dir), before + 1);
        drop(store);
        let store = open(&dir);
        assert!(stories.iter().all(|&s| store.is_read(s)));
    }

    #[test]
    fn undoing_a_mark_all_read_is_one_line_and_leaves_earlier_marks() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(&dir);
        store.set_read(id(1), true);
        let marked = store.mark_read(&[id(1), id(2), id(3)]);
        let before = journal_lines(&dir);
        assert!(store.mark_unread(&marked));
        assert_eq!(journal_lines(&dir), before + 1);
        drop(store);
        let store = open(&dir);
        assert!(store.is_read(id(1)));
        assert!(!store.is_read(id(2)) && !store.is_read(id(3)));
    }

    #[test]
    fn toggling_a_story_bookmark_adds_then_removes_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(&dir);
        assert!(store.toggle_story_bookmark(id(1), "Bridge", Date::new(2025, 4, 14)));
        assert!(store.is_story_bookmarked(id(1)));
        let saved = open(&dir);
        assert_eq!(saved.story_bookmark(id(1)).unwrap().title, "Bridge");
        assert_eq!(
            saved.story_bookmark(id(1)).unwrap().date,
            Date::new(2025, 4, 14)
        );
        assert!(!store.toggle_story_bookmark(id(1), "Bridge", None));
        assert!(!open(&dir).is_story_bookmarked(id(1)));
    }

    #[test]
    fn a_passage_bookmark_survives_a_restart_with_its_note() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(&dir);
        let bookmark = store.add_passage(id(1), "Bridge", None, selector(1..3));
        assert!(store.set_note(bookmark, "cost\nquestion"));
        let store = open(&dir);
        let p = store.passage(bookmark).unwrap();
        assert_eq!(p.selector, selector(1..3));
        assert_eq!(p.note.as_deref(), Some("cost question"));
        assert_eq!(store.passages_for(id(1)).len(), 1);
    }

    #[test]
    fn a_note_on_no_bookmark_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(&dir);
        assert!(!store.set_note(BookmarkId::fresh(), "lost"));
    }

    #[test]
    fn a_removed_passage_is_restored_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(&dir);
        let older = store.add_passage(id(1), "Bridge", None, selector(0..1));
        store.set_note(older, "first");
        // Timestamps are saved to the millisecond: make "newer" mean it.
        std::thread::sleep(std::time::Duration::from_millis(3));
        store.add_passage(id(2), "Other", None, selector(3..4));
        let removed = store.remove_passage(older).unwrap();
        assert!(store.passage(older).is_none());
        store.restore(removed.clone());
        let store = open(&dir);
        assert_eq!(store.passage(older), Some(&removed));
        let order: Vec<_> = store.bookmarks().iter().map(|b| b.title()).collect();
        assert_eq!(order, vec!["Other", "Bridge"]);
    }

    #[test]
    fn removing_by_key_covers_both_kinds_and_can_be_undone() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(&dir);
        store.toggle_story_bookmark(id(1), "Whole", None);
        let passage = store.add_passage(id(2), "Part", None, selector(2..3));
        let story = store.remove(BookmarkKey::Story(id(1))).unwrap();
        let part = store.remove(BookmarkKey::Passage(passage)).unwrap();
        assert!(store.bookmarks().is_empty());
        assert_eq!(store.remove(BookmarkKey::Passage(passage)), None);
        store.restore(part);
        store.restore(story);
        assert_eq!(open(&dir).bookmarks().len(), 2);
    }

    #[test]
    fn bookmarks_list_newest_first_across_kinds() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(&dir);
        store.toggle_story_bookmark(id(1), "one", None);
        store.add_passage(id(2), "two", None, selector(0..1));
        store.toggle_story_bookmark(id(3), "three", None);
        let again = open(&dir);
        let titles: Vec<_> = again.bookmarks().iter().map(|b| b.title()).collect();
        assert_eq!(titles, vec!["three", "two", "one"]);
    }

    #[test]
    fn counts_follow_the_changes() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(&dir);
        store.set_read(id(1), true);
        store.set_read(id(2), true);
        store.toggle_story_bookmark(id(1), "one", None);
        store.add_passage(id(1), "one", None, selector(0..1));
        let expected = Counts {
            read: 2,
            story_bookmarks: 1,
            passage_bookmarks: 1,
        };
        assert_eq!(store.counts(), expected);
        assert_eq!(open(&dir).counts(), expected);
    }

    #[test]
    fn a_second_store_on_the_same_directory_sees_changes_after_sync() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = open(&dir);
        let mut b = open(&dir);
        a.set_read(id(1), true);
        assert!(!b.is_read(id(1)));
        b.sync();
        assert!(b.is_read(id(1)));
    }

    #[test]
    fn writing_takes_in_what_another_store_wrote_first() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = open(&dir);
        let mut b = open(&dir);
        a.set_read(id(1), true);
        b.set_read(id(2), true);
        assert!(b.is_read(id(1)));
        let again = open(&dir);
        assert!(again.is_read(id(1)) && again.is_read(id(2)));
    }

    #[test]
    fn compaction_keeps_what_another_store_appended() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = open(&dir);
        let mut b = open(&dir);
        a.set_read(id(1), true);
        b.set_read(id(2), true);
        a.compact();
        assert!(a.is_read(id(2)));
        // b's file was replaced under it; its next write must land in the new one.
        b.set_read(id(3), true);
        assert!(b.is_read(id(1)));
        let again = open(&dir);
        assert!((1..=3).all(|n| again.is_read(id(n))));
    }

    #[test]
    fn compaction_leaves_only_what_the_state_holds() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(&dir);
        for _ in 0..5 {
            store.toggle_read(id(1));
        }
        store.set_read(id(2), true);
        let gone = store.add_passage(id(1), "Bridge", None, selector(0..1));
        store.remove_passage(gone);
        let kept = store.add_passage(id(1), "Bridge", None, selector(1..2));
        store.compact();
        let text = std::fs::read_to_string(dir.path().join("state.jsonl")).unwrap();
        // The header, the read marks together, the one passage.
        assert_eq!(text.lines().count(), 3, "{text}");
        let again = open(&dir);
        assert!(again.is_read(id(1)) && again.is_read(id(2)));
        assert_eq!(again.counts().passage_bookmarks, 1);
        assert!(again.passage(kept).is_some());
    }

    #[test]
    fn a_wasteful_journal_is_compacted_at_open() {
        let dir = tempfile::tempdir().unwrap();
        let mut journal = Vec::new();
        record::encode(&Record::header(), &mut journal);
        for n in 0..1100 {
            let read = n % 2 == 0;
            record::encode(&Record::SetRead { story: id(1), read }, &mut journal);
        }
        std::fs::write(dir.path().join("state.jsonl"), journal).unwrap();
        let store = open(&dir);
        assert!(!store.is_read(id(1)));
        let text = std::fs::read_to_string(dir.path().join("state.jsonl")).unwrap();
        assert_eq!(text.lines().count(), 1);
    }

    #[test]
    fn a_batch_saves_all_its_changes_in_one_write() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(&dir);
        store.batch(|s| {
            for n in 0..3 {
                s.set_read(id(n), true);
            }
            assert!(!dir.path().join("state.jsonl").exists());
        });
        let again = open(&dir);
        assert!((0..3).all(|n| again.is_read(id(n))));
    }

    #[test]
    fn syncing_with_nothing_to_save_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(&dir);
        store.set_read(id(1), true);
        let before = std::fs::read(dir.path().join("state.jsonl")).unwrap();
        store.sync();
        assert_eq!(
            std::fs::read(dir.path().join("state.jsonl")).unwrap(),
            before
        );
        assert_eq!(store.status(), &SaveStatus::Saved);
    }

    #[test]
    fn passages_are_located_in_the_story_as_it_is_now() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(&dir);
        let kept = store.add_passage(id(1), "Bridge", None, selector(1..2));
        let cut = store.add_passage(id(1), "Bridge", None, selector(2..3));
        let edited = [STORY[0], "A new paragraph.", STORY[1], STORY[3]];
        let located = store.locate_passages(id(1), &edited);
        assert_eq!(located[0].0.id, kept);
        assert_eq!(located[0].1, Located::Moved(2..3));
        assert_eq!(located[1].0.id, cut);
        assert_eq!(located[1].1, Located::Missing);
    }

    #[test]
    fn a_store_can_be_moved_to_another_thread() {
        fn send<T: Send>() {}
        send::<Store>();
    }

    /// A state file from schema 99, which this byline must not change.
    fn newer_file(dir: &tempfile::TempDir) -> Vec<u8> {
        let payload = r#"{"header":{"app":"byline","schema":99}}"#;
        let crc = crc32fast::hash(payload.as_bytes());
        let bytes = format!("{{\"crc\":\"{crc:08x}\",\"rec\":{payload}}}\n").into_bytes();
        std::fs::write(dir.path().join("state.jsonl"), &bytes).unwrap();
        bytes
    }

    #[test]
    fn a_store_over_a_newer_file_refuses_every_change_and_makes_none() {
        let dir = tempfile::tempdir().unwrap();
        let bytes = newer_file(&dir);
        let mut store = Store::open_or_in_memory(&StatePaths::in_dir(dir.path()));
        let why = store.refusal().unwrap().to_string();
        assert!(why.contains("newer byline (schema 99"), "{why}");
        assert!(why.contains("upgrade byline"), "{why}");
        assert!(!store.toggle_read(id(1)));
        assert!(!store.toggle_story_bookmark(id(1), "Bridge", None));
        let passage = store.add_passage(id(1), "Bridge", None, selector(0..1));
        assert!(store.passage(passage).is_none());
        assert!(!store.set_note(passage, "note"));
        store.restore(StoryBookmark {
            story: id(2),
            title: "Restored".into(),
            date: None,
            created: Timestamp::now(),
        });
        assert_eq!(store.counts(), Counts::default());
        assert_eq!(
            std::fs::read(dir.path().join("state.jsonl")).unwrap(),
            bytes
        );
    }

    #[test]
    fn a_batch_refused_by_a_newer_file_is_undone_whole() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(&dir);
        store.set_read(id(1), true);
        let bytes = newer_file(&dir);
        store.batch(|s| {
            for n in 2..5 {
                s.set_read(id(n), true);
            }
        });
        assert!(store.refusal().is_some());
        assert!((2..5).all(|n| !store.is_read(id(n))));
        assert!(store.is_read(id(1)), "what was saved before stays");
        assert_eq!(
            std::fs::read(dir.path().join("state.jsonl")).unwrap(),
            bytes
        );
    }

    #[test]
    fn an_in_memory_store_works_and_says_it_saves_nothing() {
        let mut store = Store::in_memory("because");
        store.set_read(id(1), true);
        assert!(store.is_read(id(1)));
        assert_eq!(store.status(), &SaveStatus::Disabled("because".into()));
        assert_eq!(
            store.status().to_string(),
            "changes are not being saved: because"
        );
        assert_eq!(store.state_file(), None);
    }

    #[test]
    fn the_state_file_is_human_readable_json_lines_with_a_schema() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(&dir);
        store.toggle_story_bookmark(id(1), "Bridge", None);
        let text = std::fs::read_to_string(dir.path().join("state.jsonl")).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines[0]["rec"]["header"]["schema"], SCHEMA);
        assert_eq!(lines[1]["rec"]["bookmark_story"]["title"], "Bridge");
    }
}
