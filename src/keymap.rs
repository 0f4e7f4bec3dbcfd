//! One table of keys. It drives key handling, the help overlay and the key
//! table in the README, so the three cannot disagree.

use std::fmt;

use crate::app::Screen;

/// A key as the app sees it, independent of the terminal library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyCode {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
}

/// A key press with the one modifier the app distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key { code, ctrl: false }
    }
    pub const fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }
    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
        }
    }
}

/// A key name the configuration file cannot mean.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "“{0}” is not a key: one character, Ctrl- and a letter, or a name such as Enter, Esc, Tab, Space, Up, PageDown"
)]
pub struct BadKey(pub String);

/// Named keys, as written in the configuration file; the first of a code
/// is how it is printed there.
const KEY_NAMES: &[(&str, KeyCode)] = &[
    ("Space", KeyCode::Char(' ')),
    ("Enter", KeyCode::Enter),
    ("Return", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Escape", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("Shift-Tab", KeyCode::BackTab),
    ("BackTab", KeyCode::BackTab),
    ("Backspace", KeyCode::Backspace),
    ("Up", KeyCode::Up),
    ("↑", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("↓", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("←", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("→", KeyCode::Right),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("PageUp", KeyCode::PageUp),
    ("PgUp", KeyCode::PageUp),
    ("PageDown", KeyCode::PageDown),
    ("PgDn", KeyCode::PageDown),
];

impl Key {
    /// A key as the configuration file writes it: `j`, `G`, `Ctrl-n`,
    /// `Enter`, `Down`, `Space`. Names are read in any case; a single
    /// character is itself, so `G` is not `g`.
    pub fn parse(text: &str) -> Result<Key, BadKey> {
        let bad = || BadKey(text.to_string());
        let (ctrl, rest) = match text.get(..5) {
            Some(p) if p.eq_ignore_ascii_case("ctrl-") && text.len() > 5 => (true, &text[5..]),
            _ => (false, text),
        };
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() => {
                // The terminal reports Ctrl with the letter in lower case.
                KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c })
            }
            _ => KEY_NAMES
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(rest))
                .map(|(_, c)| *c)
                .ok_or_else(bad)?,
        };
        if ctrl && !matches!(code, KeyCode::Char(c) if c.is_ascii_alphabetic()) {
            return Err(bad());
        }
        Ok(Key { code, ctrl })
    }

    /// How the configuration file writes this key; [`Key::parse`] reads it back.
    pub fn name(self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            code => KEY_NAMES
                .iter()
                .find(|(_, c)| *c == code)
                .map_or_else(String::new, |(n, _)| (*n).to_string()),
        };
        if self.ctrl {
            format!("Ctrl-{base}")
        } else {
            base
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
        }
    }
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Everywhere,
    List,
    Reader,
    Bookmarks,
    People,
    /// The story's link and its numbered references.
    Links,
    /// Every feed and the stories from files, with their counts.
    Sources,
}

impl Scope {
    /// Every scope, in the order the help shows them.
    pub const ALL: [Scope; 7] = [
        Scope::Everywhere,
        Scope::List,
        Scope::Reader,
        Scope::Bookmarks,
        Scope::People,
        Scope::Links,
        Scope::Sources,
    ];

    pub fn heading(self) -> &'static str {
        match self {
            Scope::Everywhere => "Everywhere",
            Scope::List => "Story list",
            Scope::Reader => "Reading pane",
            Scope::Bookmarks => "Bookmarks view",
            Scope::People => "People view",
            Scope::Links => "Links view",
            Scope::Sources => "Sources view",
        }
    }

    /// The scope's name in the configuration file (`[keys.list]`).
    pub fn name(self) -> &'static str {
        match self {
            Scope::Everywhere => "global",
            Scope::List => "list",
            Scope::Reader => "reader",
            Scope::Bookmarks => "bookmarks",
            Scope::People => "people",
            Scope::Links => "links",
            Scope::Sources => "sources",
        }
    }

    /// The bindings in force on `screen`: its own, besides those of
    /// [`Scope::Everywhere`]. The message log scrolls with the reader's keys.
    pub fn of(screen: &Screen) -> Scope {
        match screen {
            Screen::List => Scope::List,
            Screen::Reader | Screen::Log { .. } => Scope::Reader,
            Screen::Sources(_) => Scope::Sources,
            Screen::Links { .. } => Scope::Links,
            Screen::People(_) => Scope::People,
            Screen::Bookmarks(_) => Scope::Bookmarks,
        }
    }

    pub fn from_name(name: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Whether one key may not mean two things in these two scopes: the
    /// same pane, or a pane and everywhere.
    pub fn overlaps(self, other: Scope) -> bool {
        self == other || self == Scope::Everywhere || other == Scope::Everywhere
    }
}

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    ToggleHelp,
    ShowMessages,
    SwitchPane,
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Open,
    Back,
    NextPassage,
    PrevPassage,
    NextQuote,
    PrevQuote,
    NextPerson,
    PrevPerson,
    ToggleRead,
    UnreadOnly,
    /// Oldest first, or newest first again.
    ToggleOrder,
    Bookmark,
    Select,
    Note,
    ShowBookmarks,
    Delete,
    Undo,
    Refresh,
    NarrowFeed,
    OpenLink,
    /// Fetch the open feed story's article from its page.
    FullText,
    /// Everyone named in the stories the list shows.
    ShowPeople,
    /// The page of the person chosen in the reader.
    PersonPage,
    SortPeople,
    FilterPeople,
    /// The story list narrowed to the stories that name a person.
    NarrowPerson,
    /// The story's link and numbered references, to open or copy one.
    ShowLinks,
    /// The chosen link's address to the clipboard.
    CopyLink,
    /// The story as a text or Markdown file.
    Save,
    /// The story's text into a configured command.
    Pipe,
    /// Open the next unread story after the current one.
    NextUnread,
    /// A page down; at the end of the story, the next unread one.
    ReadOn,
    /// Mark every story the list shows read.
    MarkAllRead,
    /// Search the open story, or the whole library from the list.
    Search,
    /// The next or previous match of the story's search.
    NextMatch,
    PrevMatch,
    /// Every feed with its unread and total counts and last refresh.
    ShowSources,
}

/// Actions by the names the configuration file uses, and the older or
/// plainer words also accepted for them.
const ACTION_NAMES: &[(Action, &str)] = &[
    (Action::Quit, "quit"),
    (Action::ToggleHelp, "help"),
    (Action::ShowMessages, "messages"),
    (Action::SwitchPane, "switch_pane"),
    (Action::Down, "down"),
    (Action::Up, "up"),
    (Action::PageDown, "page_down"),
    (Action::PageUp, "page_up"),
    (Action::Top, "top"),
    (Action::Bottom, "bottom"),
    (Action::Open, "open"),
    (Action::Back, "back"),
    (Action::NextPassage, "next_passage"),
    (Action::PrevPassage, "previous_passage"),
    (Action::NextQuote, "next_quote"),
    (Action::PrevQuote, "previous_quote"),
    (Action::NextPerson, "next_person"),
    (Action::PrevPerson, "previous_person"),
    (Action::ToggleRead, "toggle_read"),
    (Action::UnreadOnly, "unread_only"),
    (Action::ToggleOrder, "toggle_order"),
    (Action::Bookmark, "bookmark"),
    (Action::Select, "select"),
    (Action::Note, "note"),
    (Action::ShowBookmarks, "bookmarks"),
    (Action::Delete, "delete"),
    (Action::Undo, "undo"),
    (Action::Refresh, "refresh"),
    (Action::NarrowFeed, "narrow_feed"),
    (Action::OpenLink, "open_link"),
    (Action::FullText, "full_text"),
    (Action::ShowPeople, "people"),
    (Action::PersonPage, "person_page"),
    (Action::SortPeople, "sort_people"),
    (Action::FilterPeople, "filter_people"),
    (Action::NarrowPerson, "narrow_person"),
    (Action::ShowLinks, "links"),
    (Action::CopyLink, "copy_link"),
    (Action::Save, "save"),
    (Action::Pipe, "pipe"),
    (Action::NextUnread, "next_unread"),
    (Action::ReadOn, "read_on"),
    (Action::MarkAllRead, "mark_all_read"),
    (Action::Search, "search"),
    (Action::NextMatch, "next_match"),
    (Action::PrevMatch, "previous_match"),
    (Action::ShowSources, "sources"),
    // Also understood, never printed.
    (Action::Down, "next"),
    (Action::Up, "previous"),
];

impl Action {
    /// The action's name in the configuration file.
    pub fn name(self) -> &'static str {
        ACTION_NAMES
            .iter()
            .find(|(a, _)| *a == self)
            .map_or("?", |(_, n)| n)
    }

    pub fn from_name(name: &str) -> Option<Action> {
        ACTION_NAMES
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(a, _)| *a)
    }
}

pub struct Binding {
    pub scope: Scope,
    pub keys: &'static [Key],
    pub action: Action,
    pub help: &'static str,
}

use KeyCode as K;

const fn b(scope: Scope, keys: &'static [Key], action: Action, help: &'static str) -> Binding {
    Binding {
        scope,
        keys,
        action,
        help,
    }
}

pub const BINDINGS: &[Binding] = &[
    b(
        Scope::Everywhere,
        &[Key::char('q'), Key::ctrl('c')],
        Action::Quit,
        "quit",
    ),
    b(
        Scope::Everywhere,
        &[Key::char('?')],
        Action::ToggleHelp,
        "show or hide this help",
    ),
    b(
        Scope::Everywhere,
        &[Key::char('M')],
        Action::ShowMessages,
        "show every warning and error in full",
    ),
    b(
        Scope::Everywhere,
        &[Key::char('B')],
        Action::ShowBookmarks,
        "show or hide every bookmark",
    ),
    b(
        Scope::Everywhere,
        &[Key::plain(K::Tab), Key::plain(K::BackTab)],
        Action::SwitchPane,
        "switch between the list and the reading pane",
    ),
    b(
        Scope::Everywhere,
        &[Key::char('r')],
        Action::Refresh,
        "refresh every feed in the background",
    ),
    b(
        Scope::List,
        &[Key::char('j'), Key::plain(K::Down)],
        Action::Down,
        "next story",
    ),
    b(
        Scope::List,
        &[Key::char('k'), Key::plain(K::Up)],
        Action::Up,
        "previous story",
    ),
    b(
        Scope::List,
        &[Key::char('g'), Key::plain(K::Home)],
        Action::Top,
        "first story",
    ),
    b(
        Scope::List,
        &[Key::char('G'), Key::plain(K::End)],
        Action::Bottom,
        "last story",
    ),
    b(
        Scope::List,
        &[Key::plain(K::PageDown), Key::ctrl('f')],
        Action::PageDown,
        "a page down",
    ),
    b(
        Scope::List,
        &[Key::plain(K::PageUp), Key::ctrl('b')],
        Action::PageUp,
        "a page up",
    ),
    b(
        Scope::List,
        &[Key::plain(K::Enter), Key::char('l'), Key::plain(K::Right)],
        Action::Open,
        "read the selected story",
    ),
    b(
        Scope::List,
        &[Key::char('u')],
        Action::ToggleRead,
        "mark read or unread",
    ),
    b(
        Scope::List,
        &[Key::char('n')],
        Action::NextUnread,
        "read the next unread story (the selected one if it is unread and not open)",
    ),
    b(
        Scope::List,
        &[Key::char('A')],
        Action::MarkAllRead,
        "mark every story shown read; u right after undoes it",
    ),
    b(
        Scope::List,
        &[Key::char('/')],
        Action::Search,
        "search the whole library; the list shows the stories found, best first",
    ),
    b(
        Scope::List,
        &[Key::plain(K::Esc)],
        Action::Back,
        "after a search, the whole list again",
    ),
    b(
        Scope::List,
        &[Key::char('s')],
        Action::ShowSources,
        "sources: every feed with its unread and total counts and last refresh",
    ),
    b(
        Scope::List,
        &[Key::char('U')],
        Action::UnreadOnly,
        "show unread stories only, or all again",
    ),
    b(
        Scope::List,
        &[Key::char('O')],
        Action::ToggleOrder,
        "oldest first, or newest first again",
    ),
    b(
        Scope::List,
        &[Key::char('b')],
        Action::Bookmark,
        "bookmark the story, or remove its bookmark",
    ),
    b(
        Scope::List,
        &[Key::char('f')],
        Action::NarrowFeed,
        "show only the selected story's feed, or every feed again",
    ),
    b(
        Scope::List,
        &[Key::char('o')],
        Action::OpenLink,
        "open the story's link in the browser",
    ),
    b(
        Scope::List,
        &[Key::char('W')],
        Action::ShowPeople,
        "who said what: everyone named in the stories shown",
    ),
    b(
        Scope::List,
        &[Key::char('L')],
        Action::ShowLinks,
        "the story's link and its numbered references, to open or copy",
    ),
    b(
        Scope::List,
        &[Key::char('S')],
        Action::Save,
        "save the story as a file (Markdown or text) in the save directory",
    ),
    b(
        Scope::List,
        &[Key::char('|')],
        Action::Pipe,
        "send the story's text to the pipe command",
    ),
    b(
        Scope::Reader,
        &[Key::char('j'), Key::plain(K::Down)],
        Action::Down,
        "scroll down a line",
    ),
    b(
        Scope::Reader,
        &[Key::char('k'), Key::plain(K::Up)],
        Action::Up,
        "scroll up a line",
    ),
    b(
        Scope::Reader,
        &[Key::char(' ')],
        Action::ReadOn,
        "a page down; at the end of the story, the next unread one",
    ),
    b(
        Scope::Reader,
        &[Key::plain(K::PageDown), Key::ctrl('f')],
        Action::PageDown,
        "a page down",
    ),
    b(
        Scope::Reader,
        &[Key::char('n')],
        Action::NextUnread,
        "read the next unread story",
    ),
    b(
        Scope::Reader,
        &[Key::char('/')],
        Action::Search,
        "search the story: matches stand out, the status bar counts them",
    ),
    b(
        Scope::Reader,
        &[Key::ctrl('n')],
        Action::NextMatch,
        "next match of the search",
    ),
    b(
        Scope::Reader,
        &[Key::ctrl('p')],
        Action::PrevMatch,
        "previous match of the search",
    ),
    b(
        Scope::Reader,
        &[Key::plain(K::PageUp), Key::ctrl('b')],
        Action::PageUp,
        "a page up",
    ),
    b(
        Scope::Reader,
        &[Key::char('g'), Key::plain(K::Home)],
        Action::Top,
        "top of the story",
    ),
    b(
        Scope::Reader,
        &[Key::char('G'), Key::plain(K::End)],
        Action::Bottom,
        "end of the story",
    ),
    b(
        Scope::Reader,
        &[Key::char('}')],
        Action::NextPassage,
        "passage cursor to the next paragraph",
    ),
    b(
        Scope::Reader,
        &[Key::char('{')],
        Action::PrevPassage,
        "passage cursor to the previous paragraph",
    ),
    b(
        Scope::Reader,
        &[Key::char(']')],
        Action::NextQuote,
        "next quotation, with its speaker",
    ),
    b(
        Scope::Reader,
        &[Key::char('[')],
        Action::PrevQuote,
        "previous quotation",
    ),
    b(
        Scope::Reader,
        &[Key::char('p')],
        Action::NextPerson,
        "next person: their mentions and quotations stand out",
    ),
    b(
        Scope::Reader,
        &[Key::char('P')],
        Action::PrevPerson,
        "previous person",
    ),
    b(
        Scope::Reader,
        &[Key::char('b')],
        Action::Bookmark,
        "bookmark the passage at the cursor (or the selection); again removes it",
    ),
    b(
        Scope::Reader,
        &[Key::char('u')],
        Action::Undo,
        "bring back the bookmark (and its note) removed last",
    ),
    b(
        Scope::Reader,
        &[Key::char('v')],
        Action::Select,
        "start selecting paragraphs at the cursor; } and { extend it",
    ),
    b(
        Scope::Reader,
        &[Key::char('a')],
        Action::Note,
        "add or edit a note on the bookmark at the cursor",
    ),
    b(
        Scope::Reader,
        &[Key::char('o')],
        Action::OpenLink,
        "open the story's link in the browser",
    ),
    b(
        Scope::Reader,
        &[Key::char('F')],
        Action::FullText,
        "fetch the whole story from its page, for a feed that sends a summary",
    ),
    b(
        Scope::Reader,
        &[Key::char('W')],
        Action::PersonPage,
        "everything the person chosen with p/P said, across the library",
    ),
    b(
        Scope::Reader,
        &[Key::char('L')],
        Action::ShowLinks,
        "the story's link and its numbered references, to open or copy",
    ),
    b(
        Scope::Reader,
        &[Key::char('S')],
        Action::Save,
        "save the story as a file (Markdown or text) in the save directory",
    ),
    b(
        Scope::Reader,
        &[Key::char('|')],
        Action::Pipe,
        "send the story's text to the pipe command",
    ),
    b(
        Scope::Reader,
        &[Key::char('h'), Key::plain(K::Left), Key::plain(K::Esc)],
        Action::Back,
        "back to the list (Esc first clears a search, then cancels a selection)",
    ),
    b(
        Scope::Bookmarks,
        &[Key::char('j'), Key::plain(K::Down)],
        Action::Down,
        "next bookmark",
    ),
    b(
        Scope::Bookmarks,
        &[Key::char('k'), Key::plain(K::Up)],
        Action::Up,
        "previous bookmark",
    ),
    b(
        Scope::Bookmarks,
        &[Key::char('g'), Key::plain(K::Home)],
        Action::Top,
        "newest bookmark",
    ),
    b(
        Scope::Bookmarks,
        &[Key::char('G'), Key::plain(K::End)],
        Action::Bottom,
        "oldest bookmark",
    ),
    b(
        Scope::Bookmarks,
        &[Key::plain(K::Enter), Key::char('l'), Key::plain(K::Right)],
        Action::Open,
        "read the story at the bookmarked passage",
    ),
    b(
        Scope::Bookmarks,
        &[Key::char('d')],
        Action::Delete,
        "delete the bookmark",
    ),
    b(
        Scope::Bookmarks,
        &[Key::char('u')],
        Action::Undo,
        "undo the last deletion, here or anywhere else",
    ),
    b(
        Scope::Bookmarks,
        &[Key::char('a')],
        Action::Note,
        "add or edit the bookmark's note",
    ),
    b(
        Scope::Bookmarks,
        &[Key::char('h'), Key::plain(K::Left), Key::plain(K::Esc)],
        Action::Back,
        "close the bookmarks view",
    ),
    b(
        Scope::People,
        &[Key::char('j'), Key::plain(K::Down)],
        Action::Down,
        "next person, or next quotation on a person's page",
    ),
    b(
        Scope::People,
        &[Key::char('k'), Key::plain(K::Up)],
        Action::Up,
        "previous person or quotation",
    ),
    b(
        Scope::People,
        &[Key::char('g'), Key::plain(K::Home)],
        Action::Top,
        "first person or quotation",
    ),
    b(
        Scope::People,
        &[Key::char('G'), Key::plain(K::End)],
        Action::Bottom,
        "last person or quotation",
    ),
    b(
        Scope::People,
        &[Key::plain(K::PageDown), Key::ctrl('f')],
        Action::PageDown,
        "a page down",
    ),
    b(
        Scope::People,
        &[Key::plain(K::PageUp), Key::ctrl('b')],
        Action::PageUp,
        "a page up",
    ),
    b(
        Scope::People,
        &[Key::plain(K::Enter), Key::char('l'), Key::plain(K::Right)],
        Action::Open,
        "everything the person said; on a quotation, read the story there",
    ),
    b(
        Scope::People,
        &[Key::char('s')],
        Action::SortPeople,
        "sort by quotations, by stories or by name",
    ),
    b(
        Scope::People,
        &[Key::char('/')],
        Action::FilterPeople,
        "filter by any form of the name as you type (Esc clears)",
    ),
    b(
        Scope::People,
        &[Key::char('f')],
        Action::NarrowPerson,
        "show in the story list only the stories that name the person",
    ),
    b(
        Scope::People,
        &[Key::char('h'), Key::plain(K::Left), Key::plain(K::Esc)],
        Action::Back,
        "back a level (Esc first clears the filter)",
    ),
    b(
        Scope::Links,
        &[Key::char('j'), Key::plain(K::Down)],
        Action::Down,
        "next link",
    ),
    b(
        Scope::Links,
        &[Key::char('k'), Key::plain(K::Up)],
        Action::Up,
        "previous link",
    ),
    b(
        Scope::Links,
        &[Key::char('g'), Key::plain(K::Home)],
        Action::Top,
        "first link",
    ),
    b(
        Scope::Links,
        &[Key::char('G'), Key::plain(K::End)],
        Action::Bottom,
        "last link",
    ),
    b(
        Scope::Links,
        &[Key::plain(K::Enter), Key::char('l'), Key::plain(K::Right)],
        Action::Open,
        "open the link in the browser",
    ),
    b(
        Scope::Links,
        &[Key::char('y')],
        Action::CopyLink,
        "copy the link's address to the clipboard",
    ),
    b(
        Scope::Links,
        &[Key::char('h'), Key::plain(K::Left), Key::plain(K::Esc)],
        Action::Back,
        "close the links view",
    ),
    b(
        Scope::Sources,
        &[Key::char('j'), Key::plain(K::Down)],
        Action::Down,
        "next source",
    ),
    b(
        Scope::Sources,
        &[Key::char('k'), Key::plain(K::Up)],
        Action::Up,
        "previous source",
    ),
    b(
        Scope::Sources,
        &[Key::char('g'), Key::plain(K::Home)],
        Action::Top,
        "first source",
    ),
    b(
        Scope::Sources,
        &[Key::char('G'), Key::plain(K::End)],
        Action::Bottom,
        "last source",
    ),
    b(
        Scope::Sources,
        &[Key::plain(K::Enter), Key::char('l'), Key::plain(K::Right)],
        Action::Open,
        "show only this source's stories in the list (f there shows all again)",
    ),
    b(
        Scope::Sources,
        &[
            Key::char('h'),
            Key::plain(K::Left),
            Key::plain(K::Esc),
            Key::char('s'),
        ],
        Action::Back,
        "close the sources view",
    ),
];

/// The bindings in force: the table above, as a configuration file changed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bound: Vec<Bound>,
}

/// One action's keys in one scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    pub scope: Scope,
    pub action: Action,
    /// Empty when the user unbound the action.
    pub keys: Vec<Key>,
    pub help: &'static str,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            bound: BINDINGS
                .iter()
                .map(|b| Bound {
                    scope: b.scope,
                    action: b.action,
                    keys: b.keys.to_vec(),
                    help: b.help,
                })
                .collect(),
        }
    }
}

/// A key that two actions would share in one pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub key: Key,
    pub scope: Scope,
    /// The action already holding the key there.
    pub holder: Action,
}

impl Keymap {
    /// The action a key asks for in a pane, pane bindings first.
    pub fn lookup(&self, scope: Scope, key: Key) -> Option<Action> {
        let find = |s: Scope| {
            self.bound
                .iter()
                .find(|b| b.scope == s && b.keys.contains(&key))
                .map(|b| b.action)
        };
        find(scope).or_else(|| find(Scope::Everywhere))
    }

    /// The keys bound to an action in a scope, as shown to a person ("j/↓").
    pub fn keys_for(&self, scope: Scope, action: Action) -> String {
        self.bound
            .iter()
            .filter(|b| b.action == action && (b.scope == scope || b.scope == Scope::Everywhere))
            .flat_map(|b| b.keys.iter().map(ToString::to_string))
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The first key of an action in a scope, for hints; `None` when unbound.
    pub fn first_key(&self, scope: Scope, action: Action) -> Option<Key> {
        self.bound
            .iter()
            .filter(|b| b.action == action && (b.scope == scope || b.scope == Scope::Everywhere))
            .find_map(|b| b.keys.first().copied())
    }

    /// Whether the action exists in the scope (bound or not).
    pub fn has(&self, scope: Scope, action: Action) -> bool {
        self.bound
            .iter()
            .any(|b| b.scope == scope && b.action == action)
    }

    /// The bindings of one scope, in table order.
    pub fn scope(&self, scope: Scope) -> impl Iterator<Item = &Bound> {
        self.bound.iter().filter(move |b| b.scope == scope)
    }

    /// Gives an action new keys in a scope. Refused, leaving the keymap as
    /// it was, when a key already means something else there; `false` when
    /// the action has no place in the scope.
    pub fn rebind(
        &mut self,
        scope: Scope,
        action: Action,
        keys: Vec<Key>,
    ) -> Result<bool, Conflict> {
        for key in &keys {
            if let Some(other) = self
                .bound
                .iter()
                .find(|b| b.scope.overlaps(scope) && b.action != action && b.keys.contains(key))
            {
                return Err(Conflict {
                    key: *key,
                    scope: other.scope,
                    holder: other.action,
                });
            }
        }
        match self
            .bound
            .iter_mut()
            .find(|b| b.scope == scope && b.action == action)
        {
            Some(b) => {
                b.keys = keys;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// Takes keys away from an action, so that others can have them.
    pub fn unbind(&mut self, scope: Scope, action: Action) {
        if let Some(b) = self
            .bound
            .iter_mut()
            .find(|b| b.scope == scope && b.action == action)
        {
            b.keys.clear();
        }
    }

    /// The bindings grouped by scope, in table order, for the help overlay.
    pub fn grouped(&self) -> Vec<(Scope, Vec<&Bound>)> {
        Scope::ALL
            .into_iter()
            .map(|s| (s, self.scope(s).collect()))
            .collect()
    }

    /// Lines the help overlay takes: a heading per group, a line per binding,
    /// a blank line between groups.
    pub fn help_lines(&self) -> usize {
        let groups = self.grouped();
        groups.iter().map(|(_, b)| b.len() + 1).sum::<usize>() + groups.len().saturating_sub(1)
    }

    /// The key table as Markdown, exactly as the README carries it.
    pub fn markdown_table(&self) -> String {
        let mut out = String::from("| where | keys | what |\n|---|---|---|\n");
        for (scope, bindings) in self.grouped() {
            for binding in bindings {
                let keys: Vec<String> = binding
                    .keys
                    .iter()
                    .map(|k| match k.to_string().as_str() {
                        "|" => "`\\|`".to_string(),
                        s => format!("`{s}`"),
                    })
                    .collect();
                out.push_str(&format!(
                    "| {} | {} | {} |\n",
                    scope.heading(),
                    keys.join(" "),
                    binding.help
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pane_binding_wins_over_a_global_one() {
        let keys = Keymap::default();
        assert_eq!(
            keys.lookup(Scope::Reader, Key::char('j')),
            Some(Action::Down)
        );
        assert_eq!(keys.lookup(Scope::List, Key::char('q')), Some(Action::Quit));
    }

    #[test]
    fn key_names_read_back_as_the_same_key() {
        for b in BINDINGS {
            for k in b.keys {
                assert_eq!(Key::parse(&k.name()), Ok(*k), "{k}");
            }
        }
        assert_eq!(Key::parse("ctrl-N"), Ok(Key::ctrl('n')));
        assert_eq!(Key::parse("pagedown"), Ok(Key::plain(KeyCode::PageDown)));
        assert!(Key::parse("Hyper-x").is_err());
        assert!(Key::parse("Ctrl-Enter").is_err());
    }

    #[test]
    fn every_action_has_a_name_that_reads_back() {
        for b in BINDINGS {
            assert_eq!(Action::from_name(b.action.name()), Some(b.action));
        }
    }

    #[test]
    fn a_rebinding_that_takes_another_actions_key_is_refused_and_nothing_changes() {
        let mut keys = Keymap::default();
        let before = keys.clone();
        let got = keys.rebind(Scope::List, Action::Down, vec![Key::char('u')]);
        assert_eq!(
            got,
            Err(Conflict {
                key: Key::char('u'),
                scope: Scope::List,
                holder: Action::ToggleRead
            })
        );
        assert_eq!(keys, before);
    }

    #[test]
    fn no_key_is_bound_twice_in_one_scope() {
        for scope in Scope::ALL.into_iter().skip(1) {
            let mut seen = Vec::new();
            for b in BINDINGS
                .iter()
                .filter(|b| b.scope == scope || b.scope == Scope::Everywhere)
            {
                for k in b.keys {
                    assert!(!seen.contains(k), "{k} bound twice in {scope:?}");
                    seen.push(*k);
                }
            }
        }
    }
}
