//! The app's state machine: a message in, the state changed. No terminal here;
//! `ui` draws an `App` and `tui` feeds it messages.

mod analyse;
mod feeds;
mod links;
mod marks;
mod messages;
mod people;
mod saved;
mod search;
mod sources;
mod unread;
mod view;

use analyse::Catching;
pub use analyse::{ANALYSED_BATCH, Analyse, Analyser, analysed};
pub use links::{Link, LinksView, story_links};
pub use marks::{Mark, MarkKind, Marks, short_name};
pub use messages::{Level, Message, Messages};
pub use people::{
    PageLine, PageLineKind, PageQuote, PeopleSort, PeopleView, PersonFilter, PersonPage, PersonRow,
    QUOTE_INDENT,
};
pub use saved::{
    BOOKMARK_INDENT, BookmarksView, Entry, EntryLine, EntryLineKind, NoteInput, PassageNow,
    PassagePeople, analysis_of_passage, passage_now,
};
pub use search::{LibrarySearch, SearchInput, SearchScope, StorySearch, find_all};
pub use sources::{LOCAL_FILES, LastRefresh, SourceRow, SourcesView};
pub use view::{Line, LineKind, View, wrap};

use std::sync::Arc;

use crate::analysis::{Analysis, Quote, analyze};
use crate::article::{Article, ArticleId};

use crate::config::{Launch, Settings, SortOrder};
use crate::feed::{FeedError, FetchConfig, Outcome, RefreshEvent, Subscriptions};
use crate::keymap::{Action, Key, Keymap, Scope};
use crate::layout::{Area, Layout, Shown, reader_columns};
use crate::library::{Batch, Library, LoadEvent};
use crate::store::{BookmarkId, FeedPaths, Store};

/// The pane that takes the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Reader,
    /// The bookmarks view, over the whole screen.
    Bookmarks,
    /// The people view, over the whole screen.
    People,
}

/// Everything that can happen to the app.
#[derive(Debug, Clone)]
pub enum Msg {
    /// Stories arriving from a background load.
    Loaded(LoadEvent),
    /// The terminal stopped delivering input: the app can only quit.
    InputFailed(String),
    /// A large story, analysed and laid out by a [`Job`].
    Laid(Box<Laid>),
    Key(Key),
    Resize {
        width: u16,
        height: u16,
    },
    /// Mouse wheel at a cell; `down` is towards the end.
    Wheel {
        column: u16,
        row: u16,
        down: bool,
    },
    Click {
        column: u16,
        row: u16,
    },
    /// Progress of a feed refresh started by [`Effect::Refresh`].
    Refresh(RefreshEvent),
    /// Something the shell wants the status bar to say (an [`Effect`] that failed).
    Notice(String),
    /// Stories analysed in the background join the people index; `left`
    /// says how many are still to come (0: caught up).
    Analysed {
        stories: Vec<Analysed>,
        left: usize,
    },
    /// A process signal, or Ctrl-Z; see [`Signal`].
    Signal(Signal),
    /// Time for the refresh the configuration asks for every N minutes.
    AutoRefresh,
    /// What an effect did, for the status bar (a story saved).
    Status(String),
}

/// What the shell was asked from outside the keymap. Giving the terminal
/// back and taking it again is the shell's work; the app only quits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// Stop for good (SIGTERM, SIGHUP, SIGINT, SIGQUIT): quit as `q` does.
    /// The number is the signal's, for the exit status.
    Stop(i32),
    /// Stop for now (Ctrl-Z, SIGTSTP), to be continued.
    Suspend,
    /// Continued (SIGCONT); whoever stopped us may have reset the terminal.
    Resume,
}

/// A story's analysis, for the people index.
#[derive(Debug, Clone)]
pub struct Analysed {
    pub info: crate::people::StoryInfo,
    pub analysis: Analysis,
    /// The display texts the analysis's spans point into.
    pub paragraphs: Vec<String>,
}

/// Work with effects outside the program (network, other programs) that
/// the shell performs; progress and failures come back as `Msg`s.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Refresh every subscribed feed in the background.
    Refresh {
        paths: FeedPaths,
        subscriptions: Subscriptions,
        config: FetchConfig,
    },
    /// Run a program: the browser for a link, or the pipe command with a
    /// story's text.
    Launch(Launch),
    /// A link's address to the terminal's clipboard (OSC 52).
    Copy(String),
    /// Write a story to a new file in `dir`, named from `stem`, never over
    /// another; the shell says where it went.
    Save {
        dir: std::path::PathBuf,
        stem: String,
        extension: &'static str,
        text: String,
    },
    /// Fetch a feed story's article from its page now; the result comes
    /// back as [`RefreshEvent::Page`].
    FullText {
        paths: FeedPaths,
        config: FetchConfig,
        feed_url: String,
        feed_name: String,
        key: String,
    },
    /// Analyse stories for the people index, behind the reader; the
    /// results come back as [`Msg::Analysed`].
    Analyse(Analyse),
}

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

/// The list narrowed to one feed (or source).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedFilter {
    /// The feed's address, or the source name of stories from files; none
    /// for every story from a file ("local files" in the sources view).
    pub key: Option<String>,
    /// What the list title calls it.
    pub name: String,
    /// The stories it shows.
    pub rows: Vec<usize>,
}

/// What narrowing by feed compares: the feed's address, else the source.
fn feed_key(article: &Article) -> Option<String> {
    unread::source_of(article).map(str::to_string)
}

impl FeedFilter {
    /// Whether the filter lets `article` through.
    pub fn admits(&self, article: &Article) -> bool {
        match &self.key {
            Some(key) => unread::source_of(article) == Some(key.as_str()),
            None => !matches!(article.origin, crate::article::Origin::Feed { .. }),
        }
    }
}

/// Stories with more display text than this are analysed and laid out on
/// another thread, so opening one never freezes the screen.
pub const LARGE_STORY_BYTES: usize = 256 * 1024;

/// Work the shell runs off the UI thread; its result comes back as a `Msg`.
#[derive(Debug, Clone)]
pub enum Job {
    /// Analyse (unless `analysis` is given) and lay out a story for a width.
    Layout {
        article: Arc<Article>,
        analysis: Option<Arc<Analysis>>,
        width: usize,
    },
}

/// A story analysed and laid out off the UI thread.
#[derive(Debug, Clone)]
pub struct Laid {
    pub id: ArticleId,
    pub width: usize,
    pub analysis: Arc<Analysis>,
    pub marks: Arc<Marks>,
    pub view: View,
}

impl Job {
    /// Does the work; the shell calls this on a worker thread.
    pub fn run(self) -> Msg {
        match self {
            Job::Layout {
                article,
                analysis,
                width,
            } => {
                let analysis = analysis.unwrap_or_else(|| Arc::new(analyze_article(&article)));
                let marks = Arc::new(Marks::new(&analysis, article.paragraphs.len()));
                let view = View::new(&article, &analysis, width);
                Msg::Laid(Box::new(Laid {
                    id: article.id,
                    width,
                    analysis,
                    marks,
                    view,
                }))
            }
        }
    }
}

fn analyze_article(article: &Article) -> Analysis {
    let texts: Vec<&str> = article.paragraphs.iter().map(|p| p.text.as_str()).collect();
    analyze(&texts)
}

fn is_large(article: &Article) -> bool {
    article
        .paragraphs
        .iter()
        .map(|p| p.text.len())
        .sum::<usize>()
        > LARGE_STORY_BYTES
}

/// The story in the reading pane and where the reader is in it.
#[derive(Debug, Clone)]
pub struct Reader {
    /// Index into the library's stories.
    pub article: usize,
    /// The whole story: the list may hold only its row.
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
    /// With only unread stories shown: the stories the list shows, fixed
    /// when the filter was turned on so that reading one keeps its place.
    pub unread_only: Option<Vec<usize>>,
    /// A note being typed.
    pub input: Option<NoteInput>,
    pub bookmarks: Option<BookmarksView>,
    /// First row shown in the list.
    pub list_offset: usize,
    pub focus: Focus,
    pub reader: Option<Reader>,
    pub help: bool,
    /// First line of the help overlay shown, when it is taller than the screen.
    pub help_scroll: usize,
    pub status: Option<String>,
    /// Every warning and error given, in full (`M` opens it).
    pub messages: Messages,
    /// Every person across the library, as far as stories have been analysed.
    pub people: crate::people::People,
    /// Stories still to be analysed for the people index, while it catches up.
    pub people_left: usize,
    /// Everyone in the stories the list shows, and one person's page (`W`).
    pub people_view: Option<PeopleView>,
    /// Set while the list shows only the stories that name one person.
    pub person_only: Option<PersonFilter>,
    /// Which stories the people index has or awaits.
    catching: Catching,
    pub width: u16,
    pub height: u16,
    pub quit: bool,
    /// Set while a background load is still reading files.
    pub loading: Option<Loading>,
    /// Work for the shell to run off this thread (see [`Job::run`]).
    pub jobs: Vec<Job>,
    /// Effects for the shell to perform (see [`Effect`]).
    pub effects: Vec<Effect>,
    /// The subscribed feeds, when the stories are feed stories.
    pub feeds: Option<Feeds>,
    /// Set while feeds are being refreshed.
    pub refreshing: Option<Refreshing>,
    /// Set while the list shows one feed's stories only.
    pub feed_only: Option<FeedFilter>,
    /// The keys in force.
    pub keymap: Keymap,
    /// What the configuration file says of layout and behaviour.
    pub settings: Settings,
    /// The links view: the story's link and references (`L`).
    pub links: Option<LinksView>,
    /// The stories the last key marked read all at once, for `u` right after.
    last_marked: Option<Vec<ArticleId>>,
    /// A search being typed (`/`).
    pub search_input: Option<SearchInput>,
    /// Set while the list shows a library search's stories.
    pub found: Option<LibrarySearch>,
    /// Bookmarks removed anywhere, most recent last, for `u`.
    pub deleted_bookmarks: Vec<crate::store::Bookmark>,
    /// The sources view (`s`), over the screen.
    pub sources: Option<SourcesView>,
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

/// Lines the wheel moves per notch.
const WHEEL_LINES: usize = 3;

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
            unread_only: None,
            input: None,
            bookmarks: None,
            list_offset: 0,
            focus: Focus::List,
            reader: None,
            help: false,
            help_scroll: 0,
            status: None,
            messages,
            people: crate::people::People::new(),
            people_left: 0,
            people_view: None,
            person_only: None,
            catching: Catching::default(),
            width,
            height,
            quit: false,
            loading: None,
            jobs: Vec::new(),
            effects: Vec::new(),
            feeds: None,
            refreshing: None,
            feed_only: None,
            keymap: Keymap::default(),
            settings: Settings::default(),
            links: None,
            last_marked: None,
            search_input: None,
            found: None,
            deleted_bookmarks: Vec::new(),
            sources: None,
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

    /// The stories the list shows when it is narrowed (unread only, one
    /// person, or one feed).
    fn shown_rows(&self) -> Option<&Vec<usize>> {
        self.found
            .as_ref()
            .map(|f| &f.rows)
            .or(self.unread_only.as_ref())
            .or(self.person_only.as_ref().map(|p| &p.rows))
            .or(self.feed_only.as_ref().map(|f| &f.rows))
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

    fn row_of(&self, article: usize) -> Option<usize> {
        let position = match self.shown_rows() {
            Some(rows) => rows.iter().position(|&a| a == article),
            None => (article < self.library.articles.len()).then_some(article),
        }?;
        self.sorted(position)
    }

    /// The library keeps stories newest first; oldest first is the same
    /// rows read from the end, so every narrowing keeps working unchanged.
    fn sorted(&self, row: usize) -> Option<usize> {
        if self.found.is_some() {
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

    /// Stories not yet read, for the list title.
    pub fn unread_count(&self) -> usize {
        self.library
            .articles
            .iter()
            .filter(|a| !self.store.is_read(a.id))
            .count()
    }

    fn unread_rows(&self) -> Vec<usize> {
        (0..self.library.articles.len())
            .filter(|&i| {
                self.library.articles.get(i).is_some_and(|a| {
                    !self.store.is_read(a.id)
                        && self.feed_only.as_ref().is_none_or(|f| f.admits(a))
                        && self
                            .person_only
                            .as_ref()
                            .is_none_or(|p| p.stories.contains(&a.id))
                })
            })
            .collect()
    }

    fn feed_rows(&self, filter: &FeedFilter) -> Vec<usize> {
        (0..self.library.articles.len())
            .filter(|&i| {
                self.library
                    .articles
                    .get(i)
                    .is_some_and(|a| filter.admits(a))
            })
            .collect()
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
        let selected = self
            .selected_article()
            .and_then(|i| self.library.articles.get(i))
            .map(|a| a.id);
        let open = self.reader.as_ref().map(|r| r.story.id);
        change(&mut self.library);
        if let Some(mut filter) = self.feed_only.take() {
            filter.rows = self.feed_rows(&filter);
            self.feed_only = Some(filter);
        }
        if let Some(filter) = self.person_only.take() {
            let rows = self.person_rows(&filter);
            self.person_only = Some(PersonFilter { rows, ..filter });
        }
        if self.unread_only.is_some() {
            self.unread_only = Some(self.unread_rows());
        }
        self.search_again();
        if let Some(row) = selected
            .and_then(|id| self.library.position(id))
            .and_then(|i| self.row_of(i))
        {
            self.selected = row;
        }
        if let (Some(r), Some(i)) = (
            self.reader.as_mut(),
            open.and_then(|id| self.library.position(id)),
        ) {
            r.article = i;
        }
        self.follow_selection();
    }

    /// Where things are on the screen now.
    pub fn layout(&self) -> Layout {
        let shown = match (self.focus, &self.reader) {
            (Focus::Bookmarks, _) => Shown::Bookmarks,
            (Focus::People, _) => Shown::People,
            (Focus::Reader, Some(_)) => Shown::Reader,
            _ => Shown::List,
        };
        Layout::compute(self.width, self.height, shown, self.settings.measure)
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

    fn scope(&self) -> Scope {
        if self.links.is_some() {
            return Scope::Links;
        }
        if self.sources.is_some() {
            return Scope::Sources;
        }
        match self.focus {
            Focus::List => Scope::List,
            Focus::Reader => Scope::Reader,
            Focus::Bookmarks => Scope::Bookmarks,
            Focus::People => Scope::People,
        }
    }

    pub fn update(&mut self, msg: Msg) {
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
            Msg::Analysed { stories, left } => {
                self.take_analysed(stories, left);
                self.people_indexed();
            }
        }
    }

    fn key(&mut self, key: Key) {
        if self.input.is_some() {
            self.input_key(key);
            return;
        }
        if self.search_input.is_some() {
            return self.search_key(key);
        }
        if self.people_typing_key(key) {
            return;
        }
        if self.messages.open {
            let (width, rows) = self.messages_size();
            let page = isize::try_from(rows).unwrap_or(isize::MAX);
            match self.keymap.lookup(Scope::Reader, key) {
                Some(Action::Quit) if key.ctrl => self.quit = true,
                Some(Action::Down) => self.messages.scroll_by(1, width, rows),
                Some(Action::Up) => self.messages.scroll_by(-1, width, rows),
                Some(Action::PageDown) => self.messages.scroll_by(page, width, rows),
                Some(Action::PageUp) => self.messages.scroll_by(-page, width, rows),
                // As with the help: any other key only closes the log.
                _ => self.messages.open = false,
            }
            return;
        }
        if self.help {
            let max = self.keymap.help_lines().saturating_sub(self.help_rows());
            match self.keymap.lookup(Scope::Reader, key) {
                Some(Action::Quit) if key.ctrl => self.quit = true,
                // The help scrolls when it is taller than the screen.
                Some(Action::Down) => self.help_scroll = (self.help_scroll + 1).min(max),
                Some(Action::Up) => self.help_scroll = self.help_scroll.saturating_sub(1),
                Some(Action::PageDown) => {
                    self.help_scroll = (self.help_scroll + self.help_rows()).min(max);
                }
                Some(Action::PageUp) => {
                    self.help_scroll = self.help_scroll.saturating_sub(self.help_rows());
                }
                // Any other key only closes the help, so nothing happens unseen behind it.
                _ => self.help = false,
            }
            return;
        }
        let Some(action) = self.keymap.lookup(self.scope(), key) else {
            return;
        };
        self.status = None;
        // Undoing a mark-all-read is offered by the very next key only.
        let marked = self.last_marked.take();
        if let (Some(marked), Action::ToggleRead, Focus::List) = (&marked, action, self.focus) {
            return self.undo_mark_all_read(marked);
        }
        if self.links.is_some()
            && !matches!(
                action,
                Action::Quit | Action::ToggleHelp | Action::ShowMessages
            )
        {
            return self.links_action(action);
        }
        if self.sources.is_some()
            && !matches!(
                action,
                Action::Quit | Action::ToggleHelp | Action::ShowMessages
            )
        {
            return self.sources_action(action);
        }
        match action {
            Action::Quit => self.quit = true,
            Action::ToggleHelp => {
                self.help = true;
                self.help_scroll = 0;
            }
            Action::ShowMessages => {
                let (width, rows) = self.messages_size();
                self.messages.show(width, rows);
            }
            Action::SwitchPane if !matches!(self.focus, Focus::Bookmarks | Focus::People) => {
                self.switch_pane();
            }
            Action::ShowBookmarks => self.toggle_bookmarks_view(),
            Action::Refresh => self.start_refresh(),
            Action::OpenLink if !matches!(self.focus, Focus::Bookmarks | Focus::People) => {
                self.open_link();
            }
            Action::ShowLinks if !matches!(self.focus, Focus::Bookmarks | Focus::People) => {
                self.show_links();
            }
            Action::Save if !matches!(self.focus, Focus::Bookmarks | Focus::People) => {
                self.save_story();
            }
            Action::Pipe if !matches!(self.focus, Focus::Bookmarks | Focus::People) => {
                self.pipe_story();
            }
            _ => match self.focus {
                Focus::List => self.list_action(action),
                Focus::Reader => self.reader_action(action),
                Focus::Bookmarks => self.bookmarks_action(action),
                Focus::People => self.people_action(action),
            },
        }
    }

    fn switch_pane(&mut self) {
        self.focus = match (self.focus, &self.reader) {
            (Focus::List, Some(_)) => Focus::Reader,
            (Focus::List, None) => {
                let open = self.key_name(Scope::List, Action::Open);
                self.status = Some(format!("No story is open: {open} reads the selected one"));
                Focus::List
            }
            (Focus::Reader | Focus::Bookmarks | Focus::People, _) => Focus::List,
        };
        self.relayout();
    }

    fn list_action(&mut self, action: Action) {
        match action {
            Action::UnreadOnly => return self.toggle_unread_only(),
            Action::ToggleOrder => return self.toggle_order(),
            Action::ToggleRead => return self.toggle_read(),
            Action::NextUnread => return self.open_next_unread(),
            Action::MarkAllRead => return self.mark_all_read(),
            Action::Search => return self.start_search(SearchScope::Library),
            Action::ShowSources => return self.open_sources(),
            Action::Back => return self.leave_search(),
            Action::Bookmark => return self.toggle_story_bookmark(),
            Action::NarrowFeed if self.person_only.is_some() => return self.widen_from_person(),
            Action::NarrowFeed => return self.toggle_feed_only(),
            Action::ShowPeople => return self.open_people(),
            _ => {}
        }
        let n = self.list_len();
        if n == 0 {
            return;
        }
        let page = self.list_rows();
        let last = n - 1;
        self.selected = match action {
            Action::Down => (self.selected + 1).min(last),
            Action::Up => self.selected.saturating_sub(1),
            Action::PageDown => (self.selected + page).min(last),
            Action::PageUp => self.selected.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => last,
            Action::Open => {
                if let Some(article) = self.selected_article() {
                    self.open(article);
                }
                self.selected
            }
            _ => self.selected,
        };
        self.follow_selection();
    }

    fn follow_selection(&mut self) {
        let rows = self.list_rows();
        if self.selected < self.list_offset {
            self.list_offset = self.selected;
        } else if self.selected >= self.list_offset + rows {
            self.list_offset = self.selected + 1 - rows;
        }
        let n = self.list_len();
        self.selected = self.selected.min(n.saturating_sub(1));
        self.list_offset = self.list_offset.min(n.saturating_sub(rows));
    }

    /// Opens a story in the reading pane and gives it the keys.
    pub fn open(&mut self, index: usize) {
        if index >= self.library.articles.len() {
            return;
        }
        if let Some(row) = self.row_of(index) {
            self.selected = row;
        }
        let article = match self.library.full(index) {
            Ok(article) => article,
            Err(why) => {
                let title = self.library.articles.get(index).map_or("", |a| &a.title);
                let text = format!("could not open “{title}”: {why}");
                self.warn(text);
                return;
            }
        };
        self.focus = Focus::Reader;
        self.status = article.encoding.notice();
        let article = &article;
        // A large story is analysed along with its layout, off this thread.
        let analysis = if is_large(article) {
            Analysis::default()
        } else {
            self.stored_analysis(article)
        };
        let marks = Marks::new(&analysis, article.paragraphs.len());
        self.reader = Some(Reader {
            article: index,
            story: Arc::clone(article),
            scroll: 0,
            cursor: 0,
            view: View::default(),
            analysis: Arc::new(analysis),
            marks: Arc::new(marks),
            pending: None,
            quote: None,
            person: None,
            selection: None,
            passages: Vec::new(),
            search: None,
        });
        if self.settings.mark_read_on_open {
            self.mark_read_on_open(index);
        }
        self.locate_passages();
        self.relayout();
    }

    /// The story's analysis as kept in the story database, when it is there
    /// and fits the text; else made now, and kept for next time.
    fn stored_analysis(&self, article: &Article) -> Analysis {
        analyse::stored_or_made(article, self.library.bodies.as_deref())
    }

    /// Re-wraps the open story when the text width changed, and keeps
    /// scroll positions valid for the new size.
    fn relayout(&mut self) {
        let area = self.reader_area();
        if let (Some(reader), Some(area)) = (self.reader.as_mut(), area) {
            let (_, text_width) = reader_columns(area, self.settings.measure);
            let width = usize::from(text_width);
            if reader.view.width != width
                && reader.pending != Some(width)
                && is_large(&reader.story)
            {
                let article = &reader.story;
                // Keep showing what there is; the new layout arrives as Msg::Laid.
                let analysed = reader.pending.is_none() && reader.view.width > 0;
                self.jobs.push(Job::Layout {
                    article: Arc::clone(article),
                    analysis: analysed.then(|| Arc::clone(&reader.analysis)),
                    width,
                });
                reader.pending = Some(width);
            } else if reader.view.width != width && reader.pending.is_none() {
                let article = &reader.story;
                // Keep the same paragraph at the top across a re-wrap.
                let top_para = (reader.scroll > 0)
                    .then(|| reader.view.para_at_or_after(reader.scroll))
                    .flatten();
                reader.view = View::new(article, &reader.analysis, width);
                if let Some(p) = top_para.and_then(|p| reader.view.para_lines.get(p)) {
                    reader.scroll = p.start.saturating_sub(1);
                }
            }
        }
        self.clamp_reader();
        self.follow_selection();
        self.relayout_bookmarks();
        self.relayout_people();
    }

    fn clamp_reader(&mut self) {
        let rows = self.reader_rows();
        if let Some(r) = self.reader.as_mut() {
            let max = r.view.lines.len().saturating_sub(rows);
            r.scroll = r.scroll.min(max);
            // A narrower pane makes paragraphs taller: keep the cursor's in view.
            reveal_cursor(r, rows);
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
            self.focus = Focus::List;
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
                self.focus = Focus::List;
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

    fn wheel(&mut self, column: u16, row: u16, down: bool) {
        let layout = self.layout();
        if layout.list.is_some_and(|a| a.contains(column, row)) {
            let n = self.list_len();
            self.selected = if down {
                (self.selected + WHEEL_LINES).min(n.saturating_sub(1))
            } else {
                self.selected.saturating_sub(WHEEL_LINES)
            };
            self.follow_selection();
        } else if layout.reader.is_some_and(|a| a.contains(column, row)) {
            let rows = self.reader_rows();
            if let Some(r) = self.reader.as_mut() {
                let max = r.view.lines.len().saturating_sub(rows);
                r.scroll = if down {
                    (r.scroll + WHEEL_LINES).min(max)
                } else {
                    r.scroll.saturating_sub(WHEEL_LINES)
                };
                cursor_into_view(r, rows);
            }
        }
    }

    fn click(&mut self, column: u16, row: u16) {
        let layout = self.layout();
        if let Some(list) = layout.list.filter(|a| a.contains(column, row)) {
            self.focus = Focus::List;
            let inner = list.inner();
            if inner.contains(column, row) {
                let index = self.list_offset + usize::from(row - inner.y);
                if index < self.list_len() {
                    self.selected = index;
                }
            }
            self.relayout();
        } else if layout.reader.is_some_and(|a| a.contains(column, row)) && self.reader.is_some() {
            self.focus = Focus::Reader;
        }
    }
}

impl App {
    fn laid(&mut self, laid: Laid) {
        let Some(reader) = self.reader.as_mut() else {
            return;
        };
        if reader.story.id != laid.id {
            return;
        }
        if reader.pending == Some(laid.width) {
            reader.pending = None;
        }
        let top_para = (reader.scroll > 0)
            .then(|| reader.view.para_at_or_after(reader.scroll))
            .flatten();
        reader.analysis = laid.analysis;
        reader.marks = laid.marks;
        reader.view = laid.view;
        if let Some(p) = top_para.and_then(|p| reader.view.para_lines.get(p)) {
            reader.scroll = p.start.saturating_sub(1);
        }
        // The pane may have changed size while this was being laid out.
        self.relayout();
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
fn cursor_into_view(r: &mut Reader, rows: usize) {
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
