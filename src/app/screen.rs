//! What is on screen and what lies over it: one [`Screen`] and one
//! [`Overlay`], read by the app (which keys do what), the layout (where the
//! panes go) and the keymap (which bindings are in force). A view's state
//! lives in the variant that shows it, so no view is open unseen.

use super::{App, BookmarksView, LinksView, NoteInput, PeopleView, SearchInput, SourcesView};

/// The two panes that share a wide screen, and what the views over them go
/// back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    List,
    Reader,
}

/// What takes the keys, and what the body of the screen shows.
#[derive(Debug, Clone)]
pub enum Screen {
    /// The story list has the keys (beside the open story on a wide screen).
    List,
    /// The open story has the keys; only set while a story is open.
    Reader,
    /// Every feed with its counts, over the list (`s`).
    Sources(SourcesView),
    /// The story's link and references, over the pane that asked (`L`).
    Links { view: LinksView, back: Pane },
    /// Everyone named, or one person's page, over the whole screen; boxed,
    /// as it is by far the largest view.
    People(Box<PeopleView>),
    /// Every bookmark, over the whole screen.
    Bookmarks(BookmarksView),
    /// The message log over the whole screen; any other key goes back to
    /// what it covers.
    Log { under: Box<Screen> },
}

/// Something being typed, or the help, over whatever the screen shows.
#[derive(Debug, Clone, Default)]
pub enum Overlay {
    #[default]
    None,
    /// The key table; `scroll` is its first line shown.
    Help { scroll: usize },
    /// A passage's note being typed.
    Note(NoteInput),
    /// Words for a search being typed (`/`).
    Search(SearchInput),
}

impl Screen {
    /// The screen itself, or the one the message log covers: where a
    /// view's state is kept up to date while the log is read.
    pub fn beneath_log(&self) -> &Screen {
        match self {
            Screen::Log { under } => under.beneath_log(),
            other => other,
        }
    }

    fn beneath_log_mut(&mut self) -> &mut Screen {
        match self {
            Screen::Log { under } => under.beneath_log_mut(),
            other => other,
        }
    }

    /// The side-by-side pane under the screen: the one with the keys, or
    /// the one a view over it goes back to. None for full-screen views.
    pub fn pane(&self) -> Option<Pane> {
        match self.beneath_log() {
            Screen::List | Screen::Sources(_) => Some(Pane::List),
            Screen::Reader => Some(Pane::Reader),
            Screen::Links { back, .. } => Some(*back),
            Screen::People(_) | Screen::Bookmarks(_) | Screen::Log { .. } => None,
        }
    }

    pub fn is_list(&self) -> bool {
        matches!(self, Screen::List)
    }

    pub fn is_reader(&self) -> bool {
        matches!(self, Screen::Reader)
    }

    pub fn is_log(&self) -> bool {
        matches!(self, Screen::Log { .. })
    }

    pub fn people(&self) -> Option<&PeopleView> {
        match self.beneath_log() {
            Screen::People(view) => Some(view),
            _ => None,
        }
    }

    pub fn people_mut(&mut self) -> Option<&mut PeopleView> {
        match self.beneath_log_mut() {
            Screen::People(view) => Some(view),
            _ => None,
        }
    }

    pub fn bookmarks(&self) -> Option<&BookmarksView> {
        match self.beneath_log() {
            Screen::Bookmarks(view) => Some(view),
            _ => None,
        }
    }

    pub fn bookmarks_mut(&mut self) -> Option<&mut BookmarksView> {
        match self.beneath_log_mut() {
            Screen::Bookmarks(view) => Some(view),
            _ => None,
        }
    }

    pub fn sources(&self) -> Option<&SourcesView> {
        match self.beneath_log() {
            Screen::Sources(view) => Some(view),
            _ => None,
        }
    }

    pub fn sources_mut(&mut self) -> Option<&mut SourcesView> {
        match self.beneath_log_mut() {
            Screen::Sources(view) => Some(view),
            _ => None,
        }
    }

    pub fn links(&self) -> Option<&LinksView> {
        match self.beneath_log() {
            Screen::Links { view, .. } => Some(view),
            _ => None,
        }
    }

    pub fn links_mut(&mut self) -> Option<&mut LinksView> {
        match self.beneath_log_mut() {
            Screen::Links { view, .. } => Some(view),
            _ => None,
        }
    }
}

impl Overlay {
    pub fn is_help(&self) -> bool {
        matches!(self, Overlay::Help { .. })
    }

    pub fn note(&self) -> Option<&NoteInput> {
        match self {
            Overlay::Note(input) => Some(input),
            _ => None,
        }
    }

    pub fn search(&self) -> Option<&SearchInput> {
        match self {
            Overlay::Search(input) => Some(input),
            _ => None,
        }
    }
}

impl App {
    /// What is on screen and takes the keys.
    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    /// What is over the screen.
    pub fn overlay(&self) -> &Overlay {
        &self.overlay
    }

    /// Everyone in the stories the list showed, or one person's page (`W`).
    pub fn people_view(&self) -> Option<&PeopleView> {
        self.screen.people()
    }

    pub fn bookmarks_view(&self) -> Option<&BookmarksView> {
        self.screen.bookmarks()
    }

    pub fn sources_view(&self) -> Option<&SourcesView> {
        self.screen.sources()
    }

    pub fn links_view(&self) -> Option<&LinksView> {
        self.screen.links()
    }

    /// Goes back to a side-by-side pane: the reader only while a story is open.
    pub(super) fn show_pane(&mut self, pane: Pane) {
        self.screen = match pane {
            Pane::Reader if self.reader.is_some() => Screen::Reader,
            _ => Screen::List,
        };
    }
}
