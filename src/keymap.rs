//! One table of keys. It drives key handling, the help overlay and the key
//! table in the README, so the three cannot disagree.

use std::fmt;

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
}

impl Scope {
    pub fn heading(self) -> &'static str {
        match self {
            Scope::Everywhere => "Everywhere",
            Scope::List => "Story list",
            Scope::Reader => "Reading pane",
            Scope::Bookmarks => "Bookmarks view",
            Scope::People => "People view",
        }
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
        &[Key::char('U')],
        Action::UnreadOnly,
        "show unread stories only, or all again",
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
        &[Key::char(' '), Key::plain(K::PageDown), Key::ctrl('f')],
        Action::PageDown,
        "a page down",
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
        &[Key::char('h'), Key::plain(K::Left), Key::plain(K::Esc)],
        Action::Back,
        "back to the list (Esc first cancels a selection)",
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
        "undo the last deletion",
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
];

/// The action a key asks for in a pane, pane bindings first.
pub fn lookup(scope: Scope, key: Key) -> Option<Action> {
    let find = |s: Scope| {
        BINDINGS
            .iter()
            .find(|b| b.scope == s && b.keys.contains(&key))
            .map(|b| b.action)
    };
    find(scope).or_else(|| find(Scope::Everywhere))
}

/// The keys bound to an action in a scope, as shown to a person ("j/↓").
pub fn keys_for(scope: Scope, action: Action) -> String {
    BINDINGS
        .iter()
        .filter(|b| b.action == action && (b.scope == scope || b.scope == Scope::Everywhere))
        .flat_map(|b| b.keys.iter().map(ToString::to_string))
        .collect::<Vec<_>>()
        .join("/")
}

/// The bindings grouped by scope, in table order, for the help overlay.
pub fn grouped() -> Vec<(Scope, Vec<&'static Binding>)> {
    [
        Scope::Everywhere,
        Scope::List,
        Scope::Reader,
        Scope::Bookmarks,
        Scope::People,
    ]
    .into_iter()
    .map(|s| (s, BINDINGS.iter().filter(|b| b.scope == s).collect()))
    .collect()
}

/// Lines the help overlay takes: a heading per group, a line per binding,
/// a blank line between groups.
pub fn help_lines() -> usize {
    let groups = grouped();
    groups.iter().map(|(_, b)| b.len() + 1).sum::<usize>() + groups.len().saturating_sub(1)
}

/// The key table as Markdown, exactly as the README carries it.
pub fn markdown_table() -> String {
    let mut out = String::from("| where | keys | what |\n|---|---|---|\n");
    for (scope, bindings) in grouped() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pane_binding_wins_over_a_global_one() {
        assert_eq!(lookup(Scope::Reader, Key::char('j')), Some(Action::Down));
        assert_eq!(lookup(Scope::List, Key::char('q')), Some(Action::Quit));
    }

    #[test]
    fn no_key_is_bound_twice_in_one_scope() {
        for scope in [Scope::List, Scope::Reader, Scope::Bookmarks, Scope::People] {
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
