//! The app's state machine: a [`Msg`] in, the state changed, the
//! [`Effect`]s it asks for out. No terminal and no I/O here; `ui` draws an
//! `App`, `tui` feeds it messages and carries out its effects. What is on
//! screen is one [`Screen`] and one [`Overlay`] (`screen.rs`); the list's
//! rows are derived in `rows.rs`; keys are taken in `keys.rs`; a story is
//! opened and laid out in `story.rs`.

mod analyse;
mod feeds;
mod keys;
mod links;
mod marks;
mod messages;
mod msg;
mod people;
mod rows;
mod saved;
mod screen;
mod search;
mod sources;
mod story;
mod unread;
mod view;

use analyse::Catching;
pub use analyse::{ANALYSED_BATCH, Analyse, Analyser, analysed};
pub use feeds::{Feeds, Refreshing};
pub use links::{Link, LinksView, story_links};
pub use marks::{Mark, MarkKind, Marks, short_name};
pub use messages::{Level, Message, Messages};
pub use msg::{Analysed, Effect, Job, LARGE_STORY_BYTES, Laid, Msg, Signal};
pub use people::{
    PageLine, PageLineKind, PageQuote, PeopleSort, PeopleView, PersonFilter, PersonPage, PersonRow,
    QUOTE_INDENT,
};
pub use rows::{FeedFilter, LibrarySearch, Narrowing};
pub use saved::{
    BOOKMARK_INDENT, BookmarksView, Entry, EntryLine, EntryLineKind, NoteInput, PassageNow,
    PassagePeople, analysis_of_passage, passage_now,
};
pub use screen::{Overlay, Pane, Screen};
pub use search::{SearchInput, SearchScope, StorySearch, find_all};
pub use sources::{LOCAL_FILES, LastRefresh, SourceRow, SourcesView};
pub use view::{Line, LineKind, View, wrap};

use std::sync::Arc;

use crate::analysis::{Analysis, Quote};
use crate::article::{Article, ArticleId};

use crate::config::Settings;
use crate::feed::{Outcome, RefreshEvent};
use crate::keymap::{Action, Keymap, Scope};
use crate::layout::{Area, Layout};
use crate::library::{Batch, Library, LoadEvent};
use crate::store::{BookmarkId, Store};

/// What narrowing by feed compares: the feed's address, else the source.
fn feed_key(article: &Article) -> Option<String> {
    unread::source_of(article).map(str::to_string)
}

/// The story in the reading pane and where the reader is in it.
#[derive(Debug, Clone)]
pub struct Reader {
    /// The whole story (the list may hold only its row); its id is what
    /// the reader knows it by, wherever the list moves its row.
    pub story: Arc<Article>,
    /// First line shown.
    pub scroll: usize,
    /// The paragraph the passage cursor is on.
    pub cursor: usize,
    pub view: View,
    /// Who is quoted and named; computed once when the story opens.
    pub analysis: Arc<Analysis>,
    pub marks: Arc<Marks>,
    /// Set while a large story is being laid out for this width on another thread.
    pub pending: Option<usize>,
    /// The quotation chosen with `]`/`[`.
    pub quote: Option<usize>,
    /// The person chosen with `p`/`P`.
    pub person: Option<usize>,
    /// Where a selection started (`v`); it runs to the cursor.
    pub selection: Option<usize>,
    /// Bookmarked passages found in this story: their paragraphs.
    pub passages: Vec<(BookmarkId, std::ops::Range<usize>)>,
    /// Words searched for in this story (`/`) and where they are.
    pub search: Option<StorySearch>,
}

impl Reader {
    /// The story being read.
    pub fn id(&self) -> ArticleId {
        self.story.id
    }

    /// The paragraphs a bookmark made now would cover.
    pub fn selected_paragraphs(&self) -> std::ops::Range<usize> {
        let anchor = self.selection.unwrap_or(self.cursor);
        anchor.min(self.cursor)..anchor.max(self.cursor) + 1
    }

    /// The bookmarked passage the cursor is in, if any.
    pub fn passage_at_cursor(&self) -> Option<BookmarkId> {
        self.passages
            .iter()
            .find(|(_, r)| r.contains(&self.cursor))
            .map(|(id, _)| *id)
    }
}

#[derive(Debug)]
pub struct App {
    pub library: Library,
    /// Read marks and bookmarks, saved as they change.
    pub store: Store,
    /// The selected row of the list (a story index unless only unread are shown).
    pub selected: usize,
    /// What narrows the list (see [`rows`]).
    narrowing: Narrowing,
    /// The stories the list shows when narrowed, derived from `narrowing`
    /// and the library by [`App::derive_rows`] alone.
    rows: Option<Vec<usize>>,
    /// First row shown in the list.
    pub list_offset: usize,
    /// What is on screen and takes the keys.
    screen: Screen,
    /// What is over it: the help, or something being typed.
    overlay: Overlay,
    pub reader: Option<Reader>,
    pub status: Option<String>,
    /// Every warning and error given, in full (`M` opens it).
    pub messages: Messages,
    /// Every person across the library, as far as stories have been analysed.
    pub people: crate::people::People,
    /// Stories still to be analysed for the people index, while it catches up.
    pub people_left: usize,
    /// Which stories the people index has or awaits.
    catching: Catching,
    pub width: u16,
    pub height: u16,
    pub quit: bool,
    /// Set while a background load is still reading files.
    pub loading: Option<Loading>,
    /// What the message being handled asks of the shell; [`App::update`]
    /// hands it over, so nothing waits here between messages.
    effects: Vec<Effect>,
    /// The subscribed feeds, when the stories are feed stories.
    pub feeds: Option<Feeds>,
    /// Set while feeds are being refreshed.
    pub refreshing: Option<Refreshing>,
    /// The keys in force.
    pub keymap: Keymap,
    /// What the configuration file says of layout and behaviour.
    pub settings: Settings,
    /// The stories the last key marked read all at once, for `u` right after.
    last_marked: Option<Vec<ArticleId>>,
    /// Bookmarks removed anywhere, most recent last, for `u`.
    pub deleted_bookmarks: Vec<crate::store::Bookmark>,
    /// How each feed's last refresh went, by address, since byline started.
    pub refresh_results: std::collections::HashMap<String, LastRefresh>,
}

/// Progress of a background load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Loading {
    /// Story files found so far (known once the paths have been walked).
    pub total: Option<usize>,
    /// Files read so far, stories and problems together.
    pub read: usize,
}

impl App {
    /// An app whose read marks and bookmarks live only in memory.
    pub fn new(library: Library, width: u16, height: u16) -> App {
        let mut app = App::with_store(library, Store::in_memory("not saved"), width, height);
        // Keeping nothing is what was asked for here: nothing to report.
        app.messages = Messages::default();
        app.warn_problems();
        app
    }

    /// An app saving its read marks and bookmarks in `store`.
    pub fn with_store(library: Library, mut store: Store, width: u16, height: u16) -> App {
        let mut messages = Messages::default();
        if let Some(recovery) = store.take_recovery() {
            messages.warn(recovery.to_string());
        }
        match store.status() {
            crate::store::SaveStatus::Saved => {}
            other => messages.warn(other.to_string()),
        }
        let mut app = App {
            library,
            store,
            selected: 0,
            narrowing: Narrowing::default(),
            rows: None,
            list_offset: 0,
            screen: Screen::List,
            overlay: Overlay::None,
            reader: None,
            status: None,
            messages,
            people: crate::people::People::new(),
            people_left: 0,
            catching: Catching::default(),
            width,
            height,
            quit: false,
            loading: None,
            effects: Vec::new(),
            feeds: None,
            refreshing: None,
            keymap: Keymap::default(),
            settings: Settings::default(),
            last_marked: None,
            deleted_bookmarks: Vec::new(),
            refresh_results: std::collections::HashMap::new(),
        };
        app.warn_problems();
        app
    }

    /// The key that does `action` in `scope` as the status bar names it:
    /// the first one in force, so a message never names a key that was
    /// rebound away.
    pub fn key_name(&self, scope: Scope, action: Action) -> String {
        self.keymap.first_key(scope, action).map_or_else(
            || format!("({} is unbound)", action.name()),
            |k| k.to_string(),
        )
    }

    /// Logs a warning; it stays on the status bar until the log is read.
    pub fn warn(&mut self, text: impl Into<String>) {
        self.messages.warn(text);
    }

    /// Warns of the files that could not be read, each in the log.
    fn warn_problems(&mut self) {
        if let Some(summary) = problems_message(&self.library) {
            for p in &self.library.problems {
                self.messages.info(format!("skipped {p}"));
            }
            self.messages.warn(summary);
        }
    }

    /// Rows and columns of text the open message log shows.
    pub fn messages_size(&self) -> (usize, usize) {
        (
            usize::from(self.width).saturating_sub(4).max(1),
            usize::from(self.height).saturating_sub(2).max(1),
        )
    }

    /// An app whose stories are still to arrive as `Msg::Loaded`.
    pub fn loading(width: u16, height: u16) -> App {
        let mut app = App::new(Library::default(), width, height);
        app.loading = Some(Loading::default());
        app
    }

    /// Like [`App::loading`], saving into `store`.
    pub fn loading_with_store(store: Store, width: u16, height: u16) -> App {
        let mut app = App::with_store(Library::default(), store, width, height);
        app.loading = Some(Loading::default());
        app
    }

    pub fn unread_count(&self) -> usize {
        self.library
            .articles
            .iter()
            .filter(|a| !self.store.is_read(a.id))
            .count()
    }

    fn loaded(&mut self, event: LoadEvent) {
        match event {
            LoadEvent::Found(total) => {
                self.loading.get_or_insert_with(Loading::default).total = Some(total);
            }
            LoadEvent::Batch(batch) => {
                let progress = self.loading.get_or_insert_with(Loading::default);
                progress.read += batch.articles.len() + batch.problems.len();
                self.add_batch(batch);
            }
            LoadEvent::Removed(gone) => {
                self.forget_files(&gone);
                self.change_library(|library| library.remove_files(&gone));
            }
            LoadEvent::Done => {
                self.loading = None;
                self.warn_problems();
            }
        }
    }

    /// Adds stories to the library, keeping the selected and the open
    /// story where they are while the list re-sorts.
    fn add_batch(&mut self, batch: Batch) {
        let mut added = Vec::new();
        self.change_library(|library| added = library.add(batch));
        self.analyse_added(added);
    }

    /// Changes the library, keeping the selected and the open story where
    /// they are while the list re-sorts or loses rows.
    fn change_library(&mut self, change: impl FnOnce(&mut Library)) {
        // Keep the same stories selected and open while the list re-sorts.
        let selected = self.selected_id();
        change(&mut self.library);
        // A search's hits are library indexes: found again in the new library.
        self.search_again();
        self.derive_rows();
        if let Some(row) = selected
            .and_then(|id| self.library.position(id))
            .and_then(|i| self.row_of(i))
        {
            self.selected = row;
        }
        self.follow_selection();
    }

    /// Where things are on the screen now.
    pub fn layout(&self) -> Layout {
        Layout::compute(self.width, self.height, &self.screen, self.settings.measure)
    }

    fn list_rows(&self) -> usize {
        self.layout().list.map_or(1, Area::text_rows)
    }

    fn reader_area(&self) -> Option<Area> {
        self.layout().reader
    }

    /// Rows of the help overlay's text on this screen.
    pub fn help_rows(&self) -> usize {
        usize::from(self.height).saturating_sub(2).max(1)
    }

    /// Rows of story text the reading pane shows.
    pub fn reader_rows(&self) -> usize {
        self.reader_area().map_or(1, Area::text_rows)
    }

    /// Position in the story as a percentage of the way to its end.
    pub fn reader_percent(&self) -> Option<usize> {
        let r = self.reader.as_ref()?;
        let max = r.view.lines.len().saturating_sub(self.reader_rows());
        Some((r.scroll.min(max) * 100).checked_div(max).unwrap_or(100))
    }

    /// Handles one message; what it asks of the world outside (a story
    /// laid out, a feed fetched, a program run) comes back for the shell
    /// to do, and its results arrive as further messages.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        self.handle(msg);
        self.asked()
    }

    /// What the app asks of the shell now, the changes to save last.
    fn asked(&mut self) -> Vec<Effect> {
        if let Some(unsaved) = self.store.take_unsaved() {
            self.effects.push(Effect::SaveState(unsaved));
        }
        std::mem::take(&mut self.effects)
    }

    /// Hands the writing of the state file to the [`crate::store::Saver`]
    /// returned, for the shell to run on another thread: from now on every
    /// change is made in memory and comes out of `update` as
    /// [`Effect::SaveState`]. None when nothing is saved to a file.
    pub fn save_elsewhere(&mut self) -> Option<crate::store::Saver> {
        self.store.defer_saving()
    }

    /// The saver's report: failures and repairs said as when saving in
    /// place, and a state file a newer byline took over undoes what it
    /// refused.
    fn saved(&mut self, report: crate::store::Saved) {
        let refused_before = self.store.refusal().is_some();
        self.store.saved(report);
        if let (false, Some(why)) = (refused_before, self.store.refusal()) {
            let why = format!("Not saved: {why}");
            self.warn(why);
            self.locate_passages();
            self.refresh_bookmarks_view();
        }
        self.report_store();
    }

    fn handle(&mut self, msg: Msg) {
        match msg {
            Msg::Loaded(event) => self.loaded(event),
            Msg::Key(key) => self.key(key),
            Msg::Resize { width, height } => {
                self.width = width;
                self.height = height;
                self.relayout();
            }
            Msg::Wheel { column, row, down } => self.wheel(column, row, down),
            Msg::Click { column, row } => self.click(column, row),
            Msg::InputFailed(_) => self.quit = true,
            Msg::Laid(laid) => self.laid(*laid),
            Msg::Refresh(event) => self.refreshed(event),
            Msg::Signal(Signal::Stop(_)) => self.quit = true,
            Msg::Signal(Signal::Suspend | Signal::Resume) => {}
            Msg::Notice(text) => self.warn(text),
            Msg::AutoRefresh if self.refreshing.is_none() && self.feeds.is_some() => {
                self.start_refresh();
            }
            Msg::AutoRefresh => {}
            Msg::Status(text) => self.status = Some(text),
            Msg::Saved(report) => self.saved(report),
            Msg::Analysed { stories, left } => {
                self.take_analysed(stories, left);
                self.people_indexed();
            }
        }
    }

    fn reader_action(&mut self, action: Action) {
        match action {
            Action::NextUnread => return self.open_next_unread(),
            Action::ReadOn => return self.read_on(),
            Action::Search => return self.start_search(SearchScope::Story),
            Action::NextMatch => return self.step_match(true),
            Action::PrevMatch => return self.step_match(false),
            Action::Undo => return self.undo_bookmark_removal(),
            Action::Back if self.drop_story_search() => return,
            _ => {}
        }
        let rows = self.reader_rows();
        let Some(r) = self.reader.as_mut() else {
            self.screen = Screen::List;
            return;
        };
        let max = r.view.lines.len().saturating_sub(rows);
        let page = rows.saturating_sub(2).max(1);
        match action {
            Action::Down => r.scroll = (r.scroll + 1).min(max),
            Action::Up => r.scroll = r.scroll.saturating_sub(1),
            Action::PageDown => r.scroll = (r.scroll + page).min(max),
            Action::PageUp => r.scroll = r.scroll.saturating_sub(page),
            Action::Top => r.scroll = 0,
            Action::Bottom => r.scroll = max,
            Action::NextPassage | Action::PrevPassage => {
                let n = r.view.para_lines.len();
                if n == 0 {
                    return;
                }
                r.cursor = if action == Action::NextPassage {
                    (r.cursor + 1).min(n - 1)
                } else {
                    r.cursor.saturating_sub(1)
                };
                reveal_cursor(r, rows);
                return;
            }
            Action::Back if r.selection.is_some() => {
                r.selection = None;
                self.status = Some("Selection cancelled".to_string());
                return;
            }
            Action::Back => {
                self.screen = Screen::List;
                self.relayout();
                return;
            }
            Action::Bookmark => return self.bookmark_passage(),
            Action::Select => return self.toggle_selection(),
            Action::Note => return self.start_note_in_reader(),
            Action::FullText => return self.fetch_full_text(),
            Action::NextQuote | Action::PrevQuote => {
                self.status = Some(step_quote(r, rows, action == Action::NextQuote));
                return;
            }
            Action::NextPerson | Action::PrevPerson => {
                self.status = step_person(r, action == Action::NextPerson);
                return;
            }
            Action::PersonPage => return self.open_chosen_person(),
            _ => return,
        }
        cursor_into_view(r, rows);
    }
}

/// Moves to the next or previous quotation of speech and says who spoke
/// it: terms (scare quotes, titles) are passed over.
fn step_quote(r: &mut Reader, rows: usize, forward: bool) -> String {
    let speech: Vec<usize> = (0..r.analysis.quotes.len())
        .filter(|&q| r.analysis.quotes[q].is_speech())
        .collect();
    let n = speech.len();
    if n == 0 {
        return "No quotations in this story".to_string();
    }
    let first_line = |r: &Reader, q: usize| {
        r.analysis
            .quotes
            .get(q)
            .and_then(|q| r.view.line_of(q.span.para, q.span.range.start))
            .unwrap_or(0)
    };
    let next = match (r.quote, forward) {
        (Some(q), true) => speech.iter().position(|&s| s > q).unwrap_or(n - 1),
        (Some(q), false) => speech.iter().rposition(|&s| s < q).unwrap_or(0),
        // Nothing chosen yet: start from what is on screen.
        (None, true) => (0..n)
            .find(|&k| first_line(r, speech[k]) >= r.scroll)
            .unwrap_or(n - 1),
        (None, false) => (0..n)
            .rev()
            .find(|&k| first_line(r, speech[k]) < r.scroll + rows)
            .unwrap_or(0),
    };
    show_quote(r, rows, speech[next])
}

/// Chooses quotation `next`, scrolls to it when it is off screen, and says
/// who spoke it.
pub(crate) fn show_quote(r: &mut Reader, rows: usize, next: usize) -> String {
    let n = r.analysis.quotes.len();
    let first_line = |r: &Reader, q: usize| {
        r.analysis
            .quotes
            .get(q)
            .and_then(|q| r.view.line_of(q.span.para, q.span.range.start))
            .unwrap_or(0)
    };
    r.quote = Some(next);
    let line = first_line(r, next);
    if line < r.scroll || line >= r.scroll + rows {
        let max = r.view.lines.len().saturating_sub(rows);
        r.scroll = line.saturating_sub(rows / 3).min(max);
    }
    if let Some(q) = r.analysis.quotes.get(next) {
        r.cursor = q.span.para;
    }
    let quote = r.analysis.quotes.get(next);
    let source = quote
        .and_then(Quote::source)
        .and_then(|s| r.story.paragraphs.get(s.para)?.text.get(s.range.clone()));
    let speaker = quote
        .and_then(Quote::speaker)
        .and_then(|s| r.analysis.people.get(s))
        .map(|p| format!("said by {}", p.name))
        .or_else(|| source.map(|s| format!("from {s}")))
        .unwrap_or_else(|| "speaker not named in the text".to_string());
    let term = if quote.is_some_and(|q| !q.is_speech()) {
        " · a term in quotation marks"
    } else {
        ""
    };
    format!("Quotation {} of {n} · {speaker}{term}", next + 1)
}

/// Chooses the next or previous person (or none) and describes them.
fn step_person(r: &mut Reader, forward: bool) -> Option<String> {
    let n = r.analysis.people.len();
    if n == 0 {
        return Some("No people named in this story".to_string());
    }
    // The cycle runs through every person and then back to no one.
    r.person = match (r.person, forward) {
        (None, true) => Some(0),
        (None, false) => Some(n - 1),
        (Some(p), true) => (p + 1 < n).then_some(p + 1),
        (Some(p), false) => p.checked_sub(1),
    };
    let p = r.person?;
    let person = r.analysis.people.get(p)?;
    let quotes = r
        .analysis
        .quotes
        .iter()
        .filter(|q| q.speaker() == Some(p))
        .count();
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    Some(format!(
        "{} · {} · {}",
        person.name,
        plural(person.mentions.len(), "mention", "mentions"),
        plural(quotes, "quotation", "quotations")
    ))
}

/// What the status bar says about files that could not be read.
fn problems_message(library: &Library) -> Option<String> {
    let first = library.problems.first()?;
    Some(match library.problems.len() {
        1 => format!("skipped {first}"),
        n => format!("skipped {n} files; the first: {first}"),
    })
}

/// Scrolls so that the passage cursor's paragraph is on screen.
pub(crate) fn reveal_cursor(r: &mut Reader, rows: usize) {
    let Some(lines) = r.view.para_lines.get(r.cursor) else {
        return;
    };
    let max = r.view.lines.len().saturating_sub(rows);
    if lines.start < r.scroll || lines.end > r.scroll + rows {
        // One line of context above the paragraph, unless it is taller than the pane.
        r.scroll = lines.start.saturating_sub(1).min(max);
    }
}

/// After a scroll, moves the passage cursor onto a paragraph that is on
/// screen: the first one when it fell off the top, the last when off the bottom.
pub(super) fn cursor_into_view(r: &mut Reader, rows: usize) {
    let visible = r.scroll..r.scroll + rows;
    let Some(lines) = r.view.para_lines.get(r.cursor) else {
        return;
    };
    let on_screen = |l: &std::ops::Range<usize>| l.start < visible.end && l.end > visible.start;
    if on_screen(lines) {
        return;
    }
    let mut shown = r
        .view
        .para_lines
        .iter()
        .enumerate()
        .filter(|(_, l)| on_screen(l));
    let target = if lines.end <= visible.start {
        shown.next()
    } else {
        shown.next_back()
    };
    if let Some((p, _)) = target {
        r.cursor = p;
    }
}
