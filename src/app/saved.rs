//! What the reader keeps: read marks, story and passage bookmarks, notes, and
//! the bookmarks view. The store saves each change as it happens; this module
//! turns keys into those changes and keeps the screen's copy of them current.

use std::collections::HashMap;
use std::ops::Range;

use super::{App, Marks, Overlay, Pane, Screen, reveal_cursor};
use crate::analysis::{Analysis, Attribution, Quote, Span, analyze};
use crate::article::{ArticleId, Date};
use crate::config::SortOrder;
use crate::keymap::{Action, Key, KeyCode, Scope};
use crate::store::{
    BookmarkId, BookmarkKey, BookmarkRef, Located, PARAGRAPH_BREAK, PassageBookmark,
    PassageSelector, SaveStatus,
};

/// A one-line note being typed for a passage bookmark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteInput {
    pub bookmark: BookmarkId,
    pub text: String,
}

/// One bookmark as the bookmarks view shows it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub key: BookmarkKey,
    pub story: ArticleId,
    pub title: String,
    pub date: Option<Date>,
    /// When it was made, as `YYYY-MM-DD HH:MM` (UTC).
    pub created: String,
    pub note: Option<String>,
    /// The passage's paragraphs: as they are in the story now, or as saved
    /// when the story is not here or no longer holds them.
    pub paragraphs: Vec<String>,
    pub analysis: Analysis,
    pub marks: Marks,
    /// Who is named or quoted in the passage (see [`PassagePeople`]).
    pub people: PassagePeople,
    /// Why the saved text is shown rather than the story's, if it is.
    pub notice: Option<&'static str>,
}

/// The people of a passage, each name once, in the order the story first
/// names them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PassagePeople {
    /// Named in the passage, or the speaker of a quotation in it.
    pub people: Vec<String>,
    /// Those of `people` with a quotation in the passage.
    pub speakers: Vec<String>,
}

impl PassagePeople {
    /// From the analysis of a passage ([`analysis_of_passage`]).
    pub fn of(analysis: &Analysis) -> PassagePeople {
        let speaks = |i: usize| analysis.quotes.iter().any(|q| q.speaker() == Some(i));
        let mut found = PassagePeople::default();
        for (i, p) in analysis.people.iter().enumerate() {
            let speaker = speaks(i);
            if (speaker || !p.mentions.is_empty()) && !found.people.contains(&p.name) {
                found.people.push(p.name.clone());
            }
            if speaker && !found.speakers.contains(&p.name) {
                found.speakers.push(p.name.clone());
            }
        }
        found
    }

    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    /// One line: "said by A, B · also named C", or "named C" with nobody
    /// quoted.
    pub fn line(&self) -> String {
        let others: Vec<&str> = self
            .people
            .iter()
            .filter(|p| !self.speakers.contains(p))
            .map(String::as_str)
            .collect();
        match (self.speakers.is_empty(), others.is_empty()) {
            (true, _) => format!("named {}", others.join(", ")),
            (false, true) => format!("said by {}", self.speakers.join(", ")),
            (false, false) => format!(
                "said by {} · also named {}",
                self.speakers.join(", "),
                others.join(", ")
            ),
        }
    }
}

/// A passage bookmark as the library has it now: its paragraphs, their
/// analysis, and why the saved text stands in for the story's, if it does.
#[derive(Debug, Clone)]
pub struct PassageNow {
    pub paragraphs: Vec<String>,
    pub analysis: Analysis,
    pub notice: Option<&'static str>,
    /// Every form the story uses of each person quoted in the passage,
    /// folded ([`crate::people::fold`]).
    pub speaker_forms: Vec<String>,
}

impl PassageNow {
    /// Whether the passage has a quotation by `name`, any form of it, case
    /// and accents aside.
    pub fn said_by(&self, name: &str) -> bool {
        let name = crate::people::fold(name);
        !name.is_empty() && self.speaker_forms.contains(&name)
    }
}

/// The folded forms of the people quoted in `quotes`, as `story` (the
/// analysis of `texts`) writes them: the name, and every mention.
fn speaker_forms(story: &Analysis, texts: &[&str], quotes: &[Quote]) -> Vec<String> {
    let mut forms = Vec::new();
    let mut add = |form: &str| {
        let folded = crate::people::fold(form);
        if !folded.is_empty() && !forms.contains(&folded) {
            forms.push(folded);
        }
    };
    for p in quotes
        .iter()
        .filter_map(Quote::speaker)
        .filter_map(|s| story.people.get(s))
    {
        add(&p.name);
        for m in &p.mentions {
            if let Some(text) = texts.get(m.para).and_then(|t| t.get(m.range.clone())) {
                add(text);
            }
        }
    }
    forms
}

/// Finds a passage bookmark's story in `library` and the passage in it,
/// reading the story's text when the list holds only its row; `analyses`
/// keeps each story's analysis for its other passages.
pub fn passage_now(
    library: &crate::library::Library,
    passage: &PassageBookmark,
    analyses: &mut HashMap<ArticleId, Analysis>,
) -> PassageNow {
    let article = library
        .position(passage.story)
        .and_then(|i| library.full(i).ok());
    if let Some(a) = &article {
        let texts: Vec<&str> = a.paragraphs.iter().map(|p| p.text.as_str()).collect();
        if let Located::Exact(r) | Located::Moved(r) = passage.selector.locate(&texts) {
            let full = analyses.entry(a.id).or_insert_with(|| {
                super::analyse::stored_or_made(
                    a,
                    library.bodies.as_deref(),
                    crate::library::Keeping::IfRoom,
                )
            });
            let analysis = analysis_of_passage(full, r.clone());
            return PassageNow {
                speaker_forms: speaker_forms(full, &texts, &analysis.quotes),
                analysis,
                paragraphs: texts
                    .get(r)
                    .unwrap_or_default()
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
                notice: None,
            };
        }
    }
    let paragraphs: Vec<String> = passage
        .selector
        .exact
        .split(PARAGRAPH_BREAK)
        .map(str::to_string)
        .collect();
    let texts: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
    let analysis = analyze(&texts);
    PassageNow {
        speaker_forms: speaker_forms(&analysis, &texts, &analysis.quotes),
        analysis,
        notice: Some(if article.is_some() {
            "no longer in the story: this is the text as saved"
        } else {
            "the story is not in this library: this is the text as saved"
        }),
        paragraphs,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryLineKind {
    Header,
    /// A line of the passage's paragraph `para`.
    Passage {
        para: usize,
    },
    /// A line of the note.
    Note,
    /// Who is quoted and named in the passage.
    People,
    Notice,
    Blank,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryLine {
    pub entry: usize,
    pub kind: EntryLineKind,
    pub range: Range<usize>,
}

/// Every bookmark, newest first, laid out for the screen.
#[derive(Debug, Clone, Default)]
pub struct BookmarksView {
    pub entries: Vec<Entry>,
    pub selected: usize,
    pub scroll: usize,
    pub width: usize,
    pub lines: Vec<EntryLine>,
    /// For each entry, the range of `lines` it occupies.
    pub entry_lines: Vec<Range<usize>>,
}

/// Columns the passage and note are indented by in the bookmarks view.
pub const BOOKMARK_INDENT: usize = 4;

impl BookmarksView {
    fn layout(&mut self, width: usize) {
        self.width = width;
        self.lines.clear();
        self.entry_lines.clear();
        let text_width = width.saturating_sub(BOOKMARK_INDENT).max(1);
        for (i, e) in self.entries.iter().enumerate() {
            let first = self.lines.len();
            let mut push = |kind, range| {
                self.lines.push(EntryLine {
                    entry: i,
                    kind,
                    range,
                })
            };
            push(EntryLineKind::Header, 0..0);
            for (p, text) in e.paragraphs.iter().enumerate() {
                if p > 0 {
                    push(EntryLineKind::Blank, 0..0);
                }
                for r in super::wrap(text, text_width) {
                    push(EntryLineKind::Passage { para: p }, r);
                }
            }
            if !e.people.is_empty() {
                push(EntryLineKind::People, 0..0);
            }
            if let Some(note) = &e.note {
                for r in super::wrap(note, text_width.saturating_sub(2).max(1)) {
                    push(EntryLineKind::Note, r);
                }
            }
            if e.notice.is_some() {
                push(EntryLineKind::Notice, 0..0);
            }
            push(EntryLineKind::Blank, 0..0);
            self.entry_lines.push(first..self.lines.len());
        }
    }

    pub fn selected_entry(&self) -> Option<&Entry> {
        self.entries.get(self.selected)
    }

    /// Scrolls so that the selected entry's first lines are on screen.
    fn reveal(&mut self, rows: usize) {
        let Some(lines) = self.entry_lines.get(self.selected) else {
            self.scroll = 0;
            return;
        };
        let max = self.lines.len().saturating_sub(rows);
        if lines.start < self.scroll {
            self.scroll = lines.start;
        } else if lines.end > self.scroll + rows {
            // Show the whole entry if it fits, else its start.
            let len = lines.end - lines.start;
            self.scroll = if len <= rows {
                lines.end - rows
            } else {
                lines.start
            };
        }
        self.scroll = self.scroll.min(max);
    }
}

/// Keeps the parts of a story's analysis that fall in `paras`, renumbered
/// from the passage's first paragraph.
pub fn analysis_of_passage(full: &Analysis, paras: Range<usize>) -> Analysis {
    let local = |s: &Span| {
        paras.contains(&s.para).then(|| Span {
            para: s.para - paras.start,
            range: s.range.clone(),
        })
    };
    let people = full
        .people
        .iter()
        .map(|p| crate::analysis::Person {
            name: p.name.clone(),
            mentions: p.mentions.iter().filter_map(local).collect(),
        })
        .collect();
    let quotes =
        full.quotes
            .iter()
            .filter_map(|q| {
                Some(Quote {
                    span: local(&q.span)?,
                    // A source outside the passage is not shown with it.
                    attribution: match &q.attribution {
                        Attribution::Source(s) => local(s)
                            .map_or(Attribution::Unknown, |s| Attribution::Source(Box::new(s))),
                        a => a.clone(),
                    },
                    kind: q.kind,
                })
            })
            .collect();
    Analysis { people, quotes }
}

fn created_text(b: BookmarkRef<'_>) -> String {
    // RFC 3339 "2026-11-29T13:45:12.123Z" shown as "2026-11-29 13:45".
    let full = b.created().to_string();
    let date = full.get(..10).unwrap_or(&full);
    let time = full.get(11..16).unwrap_or("");
    format!("{date} {time}").trim().to_string()
}

impl App {
    /// Shows what the store has to say after a change: repaired damage, or
    /// that saving failed. A store that saves nothing by design (refused at
    /// start, or in memory) said so when the app started.
    pub(super) fn report_store(&mut self) {
        if let Some(recovery) = self.store.take_recovery() {
            self.warn(recovery.to_string());
            return;
        }
        if matches!(self.store.status(), SaveStatus::Failing(_)) {
            let why = self.store.status().to_string();
            self.warn(why);
        }
    }

    /// When the store refuses changes (a newer byline's state file), says
    /// so on the status bar as "`verdict`: why" and returns true. Asked
    /// before a change, so that none is attempted, and after, since the
    /// change itself may be what finds the file taken over.
    pub(super) fn refused(&mut self, verdict: &str) -> bool {
        let Some(why) = self.store.refusal() else {
            return false;
        };
        self.status = Some(format!("{verdict}: {why}"));
        true
    }

    pub(super) fn mark_read_on_open(&mut self, index: usize) {
        let Some(id) = self.library.articles.get(index).map(|a| a.id) else {
            return;
        };
        if self.store.is_read(id) {
            return;
        }
        // Said only when nothing else is: opening is not asking to mark.
        let say = self.status.is_none();
        if self.store.refusal().is_none() {
            self.store.set_read(id, true);
            self.report_store();
        }
        if say {
            self.refused("Not marked read");
        }
    }

    /// Finds the open story's bookmarked passages again, which may have
    /// moved if the story was edited.
    pub(super) fn locate_passages(&mut self) {
        let Some(reader) = self.reader.as_mut() else {
            return;
        };
        let article = std::sync::Arc::clone(&reader.story);
        let texts: Vec<&str> = article.paragraphs.iter().map(|p| p.text.as_str()).collect();
        let mut missing = 0;
        reader.passages = self
            .store
            .locate_passages(article.id, &texts)
            .into_iter()
            .filter_map(|(p, located)| match located {
                Located::Exact(r) | Located::Moved(r) => Some((p.id, r)),
                Located::Missing => {
                    missing += 1;
                    None
                }
            })
            .collect();
        if missing > 0 && self.status.is_none() {
            let shows = self.key_name(Scope::Reader, Action::ShowBookmarks);
            self.status = Some(match missing {
                1 => format!(
                    "1 bookmarked passage is no longer in this story; {shows} shows its saved text"
                ),
                n => format!(
                    "{n} bookmarked passages are no longer in this story; {shows} shows their saved text"
                ),
            });
        }
    }

    pub(super) fn toggle_unread_only(&mut self) {
        let keep = self.selected_id();
        let on = !self.narrowing.unread_only;
        self.narrow(keep, |n| n.unread_only = on);
        self.status = Some(if !on {
            "All stories".to_string()
        } else {
            let again = self.key_name(Scope::List, Action::UnreadOnly);
            if !self.any_unread_within_filters() {
                format!("No unread stories; {again} shows them all again")
            } else {
                format!("Unread stories only; {again} shows them all again")
            }
        });
    }

    /// Oldest first, or newest first again, the selected story kept.
    pub(super) fn toggle_order(&mut self) {
        let keep = self.selected_id();
        self.settings.sort = match self.settings.sort {
            SortOrder::NewestFirst => SortOrder::OldestFirst,
            SortOrder::OldestFirst => SortOrder::NewestFirst,
        };
        let again = self.key_name(Scope::List, Action::ToggleOrder);
        self.status = Some(match self.settings.sort {
            SortOrder::OldestFirst => format!("Oldest first; {again} puts the newest first again"),
            SortOrder::NewestFirst => "Newest first".to_string(),
        });
        self.reselect(keep);
    }

    /// After the list was narrowed or widened: selects the story `keep`
    /// where it now is (the top when it is gone) and shows it.
    pub(super) fn reselect(&mut self, keep: Option<ArticleId>) {
        self.selected = keep
            .and_then(|id| self.library.position(id))
            .and_then(|i| self.row_of(i))
            .unwrap_or(0);
        self.list_offset = 0;
        self.follow_selection();
    }

    pub(super) fn toggle_read(&mut self) {
        let Some(article) = self
            .selected_article()
            .and_then(|i| self.library.articles.get(i))
        else {
            return;
        };
        let id = article.id;
        let verdict = if self.store.is_read(id) {
            "Not marked unread"
        } else {
            "Not marked read"
        };
        if self.refused(verdict) {
            return;
        }
        let read = self.store.toggle_read(id);
        if self.refused(verdict) {
            return;
        }
        self.status = Some(if read { "Marked read" } else { "Marked unread" }.to_string());
        self.report_store();
    }

    pub(super) fn toggle_story_bookmark(&mut self) {
        let Some(article) = self
            .selected_article()
            .and_then(|i| self.library.articles.get(i))
        else {
            return;
        };
        let verdict = if self.store.is_story_bookmarked(article.id) {
            "Bookmark not removed"
        } else {
            "Not bookmarked"
        };
        if self.refused(verdict) {
            return;
        }
        let Some(article) = self
            .selected_article()
            .and_then(|i| self.library.articles.get(i))
        else {
            return;
        };
        let (id, title, date) = (article.id, article.title.clone(), article.date);
        let on = match self.store.remove_story_bookmark(id) {
            Some(removed) => {
                // Undone from the bookmarks view, like a deletion there.
                self.deleted_bookmarks.push(removed.into());
                false
            }
            None => self.store.toggle_story_bookmark(id, &title, date),
        };
        if self.refused(verdict) {
            return;
        }
        self.status = Some(if on {
            let shows = self.key_name(Scope::List, Action::ShowBookmarks);
            format!("Bookmarked the story ({shows} shows bookmarks)")
        } else {
            let shows = self.key_name(Scope::List, Action::ShowBookmarks);
            format!("Removed the story's bookmark; u in the bookmarks view ({shows}) undoes")
        });
        self.report_store();
    }

    pub(super) fn toggle_selection(&mut self) {
        let Some(r) = self.reader.as_mut() else {
            return;
        };
        if r.selection.take().is_some() {
            self.status = Some("Selection cancelled".to_string());
        } else {
            r.selection = Some(r.cursor);
            let key = |action| self.key_name(Scope::Reader, action);
            self.status = Some(format!(
                "Selecting: {} and {} extend it, {} bookmarks it, {} cancels",
                key(Action::NextPassage),
                key(Action::PrevPassage),
                key(Action::Bookmark),
                key(Action::Back),
            ));
        }
    }

    /// `b` in the reader: removes the bookmark the cursor is in, or
    /// bookmarks the selection or the cursor's paragraph.
    pub(super) fn bookmark_passage(&mut self) {
        let Some(r) = self.reader.as_mut() else {
            return;
        };
        if r.selection.is_none()
            && let Some(id) = r.passage_at_cursor()
        {
            if self.refused("Bookmark not removed") {
                return;
            }
            let removed = self.store.remove_passage(id);
            if self.refused("Bookmark not removed") {
                return;
            }
            let undo = self.key_name(Scope::Reader, Action::Undo);
            let had_note = removed.as_ref().is_some_and(|p| p.note.is_some());
            if let Some(removed) = removed {
                self.deleted_bookmarks.push(removed.into());
            }
            self.status = Some(if had_note {
                format!("Removed the passage's bookmark and its note; {undo} undoes")
            } else {
                format!("Removed the passage's bookmark; {undo} undoes")
            });
            self.report_store();
            self.locate_passages();
            return;
        }
        if self.refused("Not bookmarked") {
            return;
        }
        let Some(r) = self.reader.as_mut() else {
            return;
        };
        let paras = r.selected_paragraphs();
        r.selection = None;
        match self.add_passage(paras.clone()) {
            _ if self.refused("Not bookmarked") => {}
            Some(_) => {
                self.status = Some(match paras.len() {
                    1 => "Bookmarked the paragraph (a adds a note)".to_string(),
                    n => format!("Bookmarked {n} paragraphs (a adds a note)"),
                });
                self.report_store();
            }
            None => self.status = Some("Nothing to bookmark here".to_string()),
        }
        self.locate_passages();
    }

    fn add_passage(&mut self, paras: Range<usize>) -> Option<BookmarkId> {
        let r = self.reader.as_ref()?;
        let article = &r.story;
        let texts: Vec<&str> = article.paragraphs.iter().map(|p| p.text.as_str()).collect();
        let selector = PassageSelector::new(&texts, paras)?;
        Some(
            self.store
                .add_passage(article.id, &article.title, article.date, selector),
        )
    }

    /// `a` in the reader: a note on the bookmark at the cursor, bookmarking
    /// the paragraph (or selection) first if there is none.
    pub(super) fn start_note_in_reader(&mut self) {
        let Some(r) = self.reader.as_mut() else {
            return;
        };
        let existing = r.passage_at_cursor().filter(|_| r.selection.is_none());
        let verdict = if existing.is_some() {
            "Note not changed"
        } else {
            "Not bookmarked"
        };
        if self.refused(verdict) {
            return;
        }
        let Some(r) = self.reader.as_mut() else {
            return;
        };
        let id = match existing {
            Some(id) => id,
            None => {
                let paras = r.selected_paragraphs();
                r.selection = None;
                let added = self.add_passage(paras);
                if self.refused(verdict) {
                    return;
                }
                let Some(id) = added else {
                    self.status = Some("Nothing to bookmark here".to_string());
                    return;
                };
                self.report_store();
                self.locate_passages();
                id
            }
        };
        self.start_note(id);
    }

    fn start_note(&mut self, bookmark: BookmarkId) {
        if self.refused("Note not changed") {
            return;
        }
        let text = self
            .store
            .passage(bookmark)
            .and_then(|p| p.note.clone())
            .unwrap_or_default();
        self.overlay = Overlay::Note(NoteInput { bookmark, text });
    }

    /// Keys while a note is typed: text, Backspace, Enter saves, Esc cancels.
    pub(super) fn input_key(&mut self, key: Key) {
        let Overlay::Note(input) = &mut self.overlay else {
            return;
        };
        match (key.code, key.ctrl) {
            (KeyCode::Char('c'), true) => self.quit = true,
            (KeyCode::Esc, _) => {
                self.overlay = Overlay::None;
                self.status = Some("Note not changed".to_string());
            }
            (KeyCode::Enter, _) => {
                let NoteInput { bookmark, text } = input.clone();
                self.overlay = Overlay::None;
                if self.refused("Note not saved") {
                    return;
                }
                self.store.set_note(bookmark, &text);
                if self.refused("Note not saved") {
                    return;
                }
                self.status = Some(
                    if text.trim().is_empty() {
                        "Note removed"
                    } else {
                        "Note saved"
                    }
                    .to_string(),
                );
                self.report_store();
                self.refresh_bookmarks_view();
            }
            (KeyCode::Backspace, _) => {
                input.text.pop();
            }
            // Ctrl-u clears the line, as in a shell.
            (KeyCode::Char('u'), true) => input.text.clear(),
            // Bidi marks typed into a note would reorder it wherever it is shown.
            (KeyCode::Char(c), false) if !crate::text::is_hazard(c) => input.text.push(c),
            _ => {}
        }
    }

    /// `u` in the bookmarks view or the reader: the last bookmark removed
    /// anywhere is back, note and all.
    pub(super) fn undo_bookmark_removal(&mut self) {
        if self.deleted_bookmarks.is_empty() {
            self.status = Some("Nothing to undo".to_string());
            return;
        }
        // Kept on the undo list until the store takes it back.
        if self.refused("Bookmark not restored") {
            return;
        }
        let Some(bookmark) = self.deleted_bookmarks.pop() else {
            return;
        };
        let key = bookmark.key();
        self.store.restore(bookmark.clone());
        if self.refused("Bookmark not restored") {
            self.deleted_bookmarks.push(bookmark);
            return;
        }
        self.status = Some("Restored the bookmark".to_string());
        self.report_store();
        if self.screen.bookmarks().is_some() {
            self.refresh_bookmarks_view();
            let rows = self.bookmarks_rows();
            if let Some(view) = self.screen.bookmarks_mut()
                && let Some(i) = view.entries.iter().position(|e| e.key == key)
            {
                view.selected = i;
                view.reveal(rows);
            }
        }
        self.locate_passages();
    }

    pub(super) fn toggle_bookmarks_view(&mut self) {
        if self.screen.bookmarks().is_some() {
            self.show_pane(Pane::Reader);
            self.relayout();
            return;
        }
        self.screen = Screen::Bookmarks(BookmarksView::default());
        self.refresh_bookmarks_view();
        self.store.sync();
        self.report_store();
    }

    fn bookmarks_rows(&self) -> usize {
        self.layout()
            .bookmarks
            .map_or(1, crate::layout::Area::text_rows)
    }

    /// The text width of the bookmarks view.
    pub fn bookmarks_width(&self) -> usize {
        self.layout()
            .bookmarks
            .map_or(40, crate::layout::Area::page_width)
    }

    /// Rebuilds the bookmarks view from the store, keeping the selection
    /// on the same bookmark where it still exists.
    pub(super) fn refresh_bookmarks_view(&mut self) {
        if self.screen.bookmarks().is_none() {
            return;
        }
        let keep = self
            .screen
            .bookmarks()
            .and_then(|v| v.selected_entry())
            .map(|e| e.key);
        let entries = self.bookmark_entries();
        let width = self.bookmarks_width();
        let rows = self.bookmarks_rows();
        if let Some(view) = self.screen.bookmarks_mut() {
            let old = view.selected;
            view.entries = entries;
            view.selected = keep
                .and_then(|k| view.entries.iter().position(|e| e.key == k))
                .unwrap_or(old)
                .min(view.entries.len().saturating_sub(1));
            view.layout(width);
            view.reveal(rows);
        }
    }

    pub(super) fn relayout_bookmarks(&mut self) {
        let width = self.bookmarks_width();
        let rows = self.bookmarks_rows();
        if let Some(view) = self.screen.bookmarks_mut()
            && view.width != width
        {
            view.layout(width);
            view.reveal(rows);
        }
    }

    fn bookmark_entries(&self) -> Vec<Entry> {
        let mut analyses: HashMap<ArticleId, Analysis> = HashMap::new();
        self.store
            .bookmarks()
            .into_iter()
            .map(|b| {
                let mut entry = Entry {
                    key: b.key(),
                    story: b.story(),
                    title: b.title().to_string(),
                    date: b.date(),
                    created: created_text(b),
                    note: b.note().map(str::to_string),
                    paragraphs: Vec::new(),
                    analysis: Analysis::default(),
                    marks: Marks::default(),
                    people: PassagePeople::default(),
                    notice: None,
                };
                let BookmarkRef::Passage(p) = b else {
                    return entry;
                };
                let now = passage_now(&self.library, p, &mut analyses);
                entry.people = PassagePeople::of(&now.analysis);
                entry.marks = Marks::new(&now.analysis, now.paragraphs.len());
                entry.paragraphs = now.paragraphs;
                entry.analysis = now.analysis;
                entry.notice = now.notice;
                entry
            })
            .collect()
    }

    pub(super) fn bookmarks_action(&mut self, action: Action) {
        let rows = self.bookmarks_rows();
        let Some(view) = self.screen.bookmarks_mut() else {
            return;
        };
        let n = view.entries.len();
        match action {
            Action::Down => view.selected = (view.selected + 1).min(n.saturating_sub(1)),
            Action::Up => view.selected = view.selected.saturating_sub(1),
            Action::Top => view.selected = 0,
            Action::Bottom => view.selected = n.saturating_sub(1),
            Action::Back => return self.toggle_bookmarks_view(),
            Action::Open => return self.open_bookmark(),
            Action::Delete => {
                let Some(key) = view.selected_entry().map(|e| e.key) else {
                    return;
                };
                if self.refused("Bookmark not deleted") {
                    return;
                }
                let removed = self.store.remove(key);
                if self.refused("Bookmark not deleted") {
                    return;
                }
                if let Some(removed) = removed {
                    self.deleted_bookmarks.push(removed);
                    self.status = Some("Deleted the bookmark; u undoes".to_string());
                }
                self.report_store();
                self.refresh_bookmarks_view();
                self.locate_passages();
                return;
            }
            Action::Undo => return self.undo_bookmark_removal(),
            Action::Note => {
                match view.selected_entry().map(|e| e.key) {
                    Some(BookmarkKey::Passage(id)) => self.start_note(id),
                    Some(BookmarkKey::Story(_)) => {
                        self.status =
                            Some("Notes go on passages: bookmark one with b in the story".into());
                    }
                    None => {}
                }
                return;
            }
            _ => return,
        }
        view.reveal(rows);
    }

    /// Opens the selected bookmark's story with the cursor on its passage.
    fn open_bookmark(&mut self) {
        let Some(entry) = self.screen.bookmarks().and_then(|v| v.selected_entry()) else {
            return;
        };
        let key = entry.key;
        let Some(index) = self.library.position(entry.story) else {
            self.status = Some(format!(
                "\u{201c}{}\u{201d} is not in this library",
                entry.title
            ));
            return;
        };
        self.open_story(index);
        let rows = self.reader_rows();
        if let (BookmarkKey::Passage(id), Some(r)) = (key, self.reader.as_mut())
            && let Some((_, paras)) = r.passages.iter().find(|(p, _)| *p == id)
        {
            r.cursor = paras.start;
            reveal_cursor(r, rows);
        }
    }
}
