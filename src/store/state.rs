//! The state in memory: what replaying the records yields, indexed so that
//! every question the UI asks while drawing is a hash lookup.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher, RandomState};

use super::model::{Bookmark, BookmarkId, BookmarkRef, Counts, PassageBookmark, StoryBookmark};
use super::record::Record;
use crate::article::ArticleId;

/// Read marks per line of a snapshot: enough to make loading 100,000 of them
/// cheap, few enough that a damaged line costs only a screenful of marks.
const READ_MARKS_PER_LINE: usize = 200;

/// A bookmark with the order in which it arrived, which breaks ties between
/// bookmarks created in the same millisecond.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry<T> {
    seq: u64,
    item: T,
}

/// Hashing for the ids the state is keyed by. They are already hashes (FNV of
/// a story's URL) or random (bookmark ids), so one multiply with a
/// per-process random seed mixes them well; SipHash was a quarter of the time
/// spent loading 100,000 read marks.
#[derive(Debug, Clone, Copy)]
struct Ids {
    seed: u64,
}

impl Default for Ids {
    fn default() -> Ids {
        Ids {
            seed: RandomState::new().hash_one(0u64) | 1,
        }
    }
}

impl BuildHasher for Ids {
    type Hasher = IdHasher;
    fn build_hasher(&self) -> IdHasher {
        IdHasher(self.seed)
    }
}

struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        let x = (self.0 ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = x ^ (x >> 32);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct State {
    read: HashSet<ArticleId, Ids>,
    stories: HashMap<ArticleId, Entry<StoryBookmark>, Ids>,
    /// Boxed: a passage is a few hundred bytes, and growing a table of 10,000
    /// of them inline while loading spends its time moving them.
    passages: HashMap<BookmarkId, Box<Entry<PassageBookmark>>, Ids>,
    by_story: HashMap<ArticleId, Vec<BookmarkId>, Ids>,
    next_seq: u64,
}

impl State {
    /// Applies one record. Every record sets a value rather than adjusting
    /// one, so applying a record again after others leaves the state as if it
    /// had come last: this is what lets a process apply another's records and
    /// then its own unsaved ones on top.
    pub(crate) fn apply(&mut self, record: Record) {
        match record {
            Record::Header { .. } => {}
            Record::SetRead { story, read: true } => {
                self.read.insert(story);
            }
            Record::SetRead { story, read: false } => {
                self.read.remove(&story);
            }
            Record::MarkRead { stories } => self.read.extend(stories),
            Record::MarkUnread { stories } => {
                for story in &stories {
                    self.read.remove(story);
                }
            }
            Record::BookmarkStory(b) => {
                let seq = self.seq();
                self.stories.insert(b.story, Entry { seq, item: b });
            }
            Record::UnbookmarkStory { story } => {
                self.stories.remove(&story);
            }
            Record::AddPassage(p) => {
                self.remove_passage(p.id);
                self.by_story.entry(p.story).or_default().push(p.id);
                let seq = self.seq();
                self.passages.insert(p.id, Box::new(Entry { seq, item: p }));
            }
            Record::RemovePassage { id } => {
                self.remove_passage(id);
            }
            Record::SetNote { id, note } => {
                if let Some(e) = self.passages.get_mut(&id) {
                    e.item.note = note;
                }
            }
        }
    }

    fn seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    fn remove_passage(&mut self, id: BookmarkId) -> Option<PassageBookmark> {
        let entry = self.passages.remove(&id)?;
        if let Some(ids) = self.by_story.get_mut(&entry.item.story) {
            ids.retain(|&other| other != id);
            if ids.is_empty() {
                self.by_story.remove(&entry.item.story);
            }
        }
        Some(entry.item)
    }

    /// Records that rebuild this state from nothing, header first, bookmarks in
    /// the order they arrived so that replaying keeps ties in order.
    pub(crate) fn snapshot(&self) -> Vec<Record> {
        let mut read: Vec<ArticleId> = self.read.iter().copied().collect();
        // Sorted so that the same state always makes the same file.
        read.sort_unstable();
        let mut bookmarks: Vec<(u64, Record)> = self
            .stories
            .values()
            .map(|e| (e.seq, Record::BookmarkStory(e.item.clone())))
            .chain(
                self.passages
                    .values()
                    .map(|e| (e.seq, Record::AddPassage(e.item.clone()))),
            )
            .collect();
        bookmarks.sort_unstable_by_key(|(seq, _)| *seq);
        std::iter::once(Record::header())
            .chain(
                read.chunks(READ_MARKS_PER_LINE)
                    .map(|chunk| Record::MarkRead {
                        stories: chunk.to_vec(),
                    }),
            )
            .chain(bookmarks.into_iter().map(|(_, r)| r))
            .collect()
    }

    /// How many records a snapshot holds besides the header.
    pub(crate) fn live_records(&self) -> usize {
        self.read.len().div_ceil(READ_MARKS_PER_LINE) + self.stories.len() + self.passages.len()
    }

    // Inlined: the list's title counts unread stories on every frame, and
    // with nothing read the count then costs no look-up at all.
    #[inline]
    pub(crate) fn is_read(&self, story: ArticleId) -> bool {
        self.read.contains(&story)
    }

    pub(crate) fn story_bookmark(&self, story: ArticleId) -> Option<&StoryBookmark> {
        self.stories.get(&story).map(|e| &e.item)
    }

    pub(crate) fn passage(&self, id: BookmarkId) -> Option<&PassageBookmark> {
        self.passages.get(&id).map(|e| &e.item)
    }

    /// A story's passage bookmarks in the order of the story.
    pub(crate) fn passages_for(&self, story: ArticleId) -> Vec<&PassageBookmark> {
        let mut out: Vec<&PassageBookmark> = self
            .by_story
            .get(&story)
            .into_iter()
            .flatten()
            .filter_map(|id| self.passage(*id))
            .collect();
        out.sort_by_key(|p| (p.selector.paragraphs.start, p.selector.paragraphs.end, p.id));
        out
    }

    /// Every bookmark, newest first.
    pub(crate) fn bookmarks(&self) -> Vec<BookmarkRef<'_>> {
        let mut all: Vec<(u64, BookmarkRef<'_>)> = self
            .stories
            .values()
            .map(|e| (e.seq, BookmarkRef::Story(&e.item)))
            .chain(
                self.passages
                    .values()
                    .map(|e| (e.seq, BookmarkRef::Passage(&e.item))),
            )
            .collect();
        all.sort_unstable_by(|(sa, a), (sb, b)| b.created().cmp(&a.created()).then(sb.cmp(sa)));
        all.into_iter().map(|(_, b)| b).collect()
    }

    pub(crate) fn counts(&self) -> Counts {
        Counts {
            read: self.read.len(),
            story_bookmarks: self.stories.len(),
            passage_bookmarks: self.passages.len(),
        }
    }

    /// The record that brings `bookmark` back.
    pub(crate) fn restoring(bookmark: Bookmark) -> Record {
        match bookmark {
            Bookmark::Story(s) => Record::BookmarkStory(s),
            Bookmark::Passage(p) => Record::AddPassage(p),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::store::anchor::PassageSelector;
    use crate::store::model::Timestamp;

    fn story(n: u64) -> ArticleId {
        ArticleId::from_key(&n.to_string())
    }

    fn passage(n: u64, story_n: u64, at: usize) -> PassageBookmark {
        let paragraphs = ["a b", "c d", "e f", "g h"];
        PassageBookmark {
            id: BookmarkId::parse(&format!("{n:016x}")).unwrap(),
            story: story(story_n),
            title: format!("Story {story_n}"),
            date: None,
            selector: PassageSelector::new(&paragraphs, at..at + 1).unwrap(),
            note: None,
            created: Timestamp::now(),
        }
    }

    fn replayed(records: &[Record]) -> State {
        let mut state = State::default();
        for r in records {
            state.apply(r.clone());
        }
        state
    }

    #[test]
    fn the_last_read_mark_of_a_story_wins() {
        let s = replayed(&[
            Record::SetRead {
                story: story(1),
                read: true,
            },
            Record::SetRead {
                story: story(2),
                read: true,
            },
            Record::SetRead {
                story: story(1),
                read: false,
            },
        ]);
        assert!(!s.is_read(story(1)));
        assert!(s.is_read(story(2)));
    }

    #[test]
    fn a_removed_passage_is_gone_from_its_story_and_from_the_list() {
        let s = replayed(&[
            Record::AddPassage(passage(1, 7, 0)),
            Record::AddPassage(passage(2, 7, 2)),
            Record::RemovePassage {
                id: passage(1, 7, 0).id,
            },
        ]);
        let ids: Vec<_> = s.passages_for(story(7)).iter().map(|p| p.id).collect();
        assert_eq!(ids, vec![passage(2, 7, 2).id]);
        assert_eq!(s.bookmarks().len(), 1);
    }

    #[test]
    fn a_note_on_a_removed_passage_changes_nothing() {
        let s = replayed(&[
            Record::AddPassage(passage(1, 7, 0)),
            Record::RemovePassage {
                id: passage(1, 7, 0).id,
            },
            Record::SetNote {
                id: passage(1, 7, 0).id,
                note: Some("x".into()),
            },
        ]);
        assert_eq!(
            s,
            replayed(&[
                Record::AddPassage(passage(1, 7, 0)),
                Record::RemovePassage {
                    id: passage(1, 7, 0).id
                },
            ])
        );
    }

    #[test]
    fn passages_of_a_story_come_in_story_order() {
        let s = replayed(&[
            Record::AddPassage(passage(1, 7, 3)),
            Record::AddPassage(passage(2, 7, 0)),
            Record::AddPassage(passage(3, 8, 1)),
        ]);
        let starts: Vec<_> = s
            .passages_for(story(7))
            .iter()
            .map(|p| p.selector.paragraphs.start)
            .collect();
        assert_eq!(starts, vec![0, 3]);
    }

    #[test]
    fn replaying_a_snapshot_rebuilds_the_same_state() {
        let s = replayed(&[
            Record::SetRead {
                story: story(1),
                read: true,
            },
            Record::AddPassage(passage(1, 7, 0)),
            Record::SetNote {
                id: passage(1, 7, 0).id,
                note: Some("why".into()),
            },
            Record::AddPassage(passage(2, 8, 1)),
            Record::RemovePassage {
                id: passage(2, 8, 1).id,
            },
        ]);
        let again = replayed(&s.snapshot());
        assert_eq!(again.counts(), s.counts());
        assert_eq!(
            again.passage(passage(1, 7, 0).id),
            s.passage(passage(1, 7, 0).id)
        );
        assert!(again.is_read(story(1)));
        assert_eq!(s.snapshot().first(), Some(&Record::header()));
    }

    #[test]
    fn a_snapshot_packs_read_marks_a_few_hundred_to_a_line() {
        let marks: Vec<Record> = (0..450)
            .map(|n| Record::SetRead {
                story: story(n),
                read: true,
            })
            .collect();
        let snapshot = replayed(&marks).snapshot();
        assert_eq!(snapshot.len(), 1 + 3);
        assert_eq!(replayed(&snapshot).counts().read, 450);
    }

    #[test]
    fn bookmarks_made_in_the_same_millisecond_list_the_later_first() {
        let mut first = passage(1, 7, 0);
        let mut second = passage(2, 7, 1);
        second.created = first.created;
        first.title = "first".into();
        second.title = "second".into();
        let s = replayed(&[Record::AddPassage(first), Record::AddPassage(second)]);
        let titles: Vec<_> = s.bookmarks().iter().map(|b| b.title()).collect();
        assert_eq!(titles, vec!["second", "first"]);
        let again = replayed(&s.snapshot());
        let titles: Vec<_> = again.bookmarks().iter().map(|b| b.title()).collect();
        assert_eq!(titles, vec!["second", "first"]);
    }

    #[test]
    fn applying_others_records_then_ours_again_equals_ours_coming_last() {
        let ours = [
            Record::SetRead {
                story: story(1),
                read: true,
            },
            Record::RemovePassage {
                id: passage(1, 7, 0).id,
            },
        ];
        let theirs = [
            Record::SetRead {
                story: story(1),
                read: false,
            },
            Record::SetNote {
                id: passage(1, 7, 0).id,
                note: Some("x".into()),
            },
            Record::SetRead {
                story: story(2),
                read: true,
            },
        ];
        let base = [Record::AddPassage(passage(1, 7, 0))];
        let mut merged = replayed(&base);
        for r in ours.iter().chain(&theirs).chain(&ours) {
            merged.apply(r.clone());
        }
        let in_file_order: Vec<Record> = base.iter().chain(&theirs).chain(&ours).cloned().collect();
        let expected = replayed(&in_file_order);
        assert_eq!(merged.counts(), expected.counts());
        assert_eq!(merged.is_read(story(1)), expected.is_read(story(1)));
        assert_eq!(merged.passage(passage(1, 7, 0).id), None);
    }
}
