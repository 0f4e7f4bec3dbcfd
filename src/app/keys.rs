//! Keys, the wheel and clicks: what each does on the screen shown, before
//! the pane or view that has them acts.

use super::{App, Overlay, Screen, SearchScope, cursor_into_view};
use crate::keymap::{Action, Key, Scope};

/// Lines the wheel moves per notch.
const WHEEL_LINES: usize = 3;

impl App {
    pub(super) fn key(&mut self, key: Key) {
        match self.overlay {
            Overlay::Note(_) => return self.input_key(key),
            Overlay::Search(_) => return self.search_key(key),
            Overlay::None | Overlay::Help { .. } => {}
        }
        if self.people_typing_key(key) {
            return;
        }
        if self.screen.is_log() {
            let (width, rows) = self.messages_size();
            let page = isize::try_from(rows).unwrap_or(isize::MAX);
            match self.keymap.lookup(Scope::Reader, key) {
                Some(Action::Quit) if key.ctrl => self.quit = true,
                Some(Action::Down) => self.messages.scroll_by(1, width, rows),
                Some(Action::Up) => self.messages.scroll_by(-1, width, rows),
                Some(Action::PageDown) => self.messages.scroll_by(page, width, rows),
                Some(Action::PageUp) => self.messages.scroll_by(-page, width, rows),
                // As with the help: any other key only closes the log.
                _ => {
                    if let Screen::Log { under } = std::mem::replace(&mut self.screen, Screen::List)
                    {
                        self.screen = *under;
                    }
                }
            }
            return;
        }
        let page = self.help_rows();
        let max = self.keymap.help_lines().saturating_sub(page);
        if let Overlay::Help { scroll } = &mut self.overlay {
            match self.keymap.lookup(Scope::Reader, key) {
                Some(Action::Quit) if key.ctrl => self.quit = true,
                // The help scrolls when it is taller than the screen.
                Some(Action::Down) => *scroll = (*scroll + 1).min(max),
                Some(Action::Up) => *scroll = scroll.saturating_sub(1),
                Some(Action::PageDown) => *scroll = (*scroll + page).min(max),
                Some(Action::PageUp) => *scroll = scroll.saturating_sub(page),
                // Any other key only closes the help, so nothing happens unseen behind it.
                _ => self.overlay = Overlay::None,
            }
            return;
        }
        let Some(action) = self.keymap.lookup(Scope::of(&self.screen), key) else {
            return;
        };
        self.status = None;
        // Undoing a mark-all-read is offered by the very next key only.
        let marked = self.last_marked.take();
        if let (Some(marked), Action::ToggleRead, Screen::List) = (&marked, action, &self.screen) {
            return self.undo_mark_all_read(marked);
        }
        let anywhere = matches!(
            action,
            Action::Quit | Action::ToggleHelp | Action::ShowMessages
        );
        match &self.screen {
            Screen::Links { .. } if !anywhere => return self.links_action(action),
            Screen::Sources(_) if !anywhere => return self.sources_action(action),
            _ => {}
        }
        // Keys about the story in hand work from the two panes only.
        let in_pane = self.screen.is_list() || self.screen.is_reader();
        match action {
            Action::Quit => self.quit = true,
            Action::ToggleHelp => self.overlay = Overlay::Help { scroll: 0 },
            Action::ShowMessages => {
                let (width, rows) = self.messages_size();
                self.messages.show(width, rows);
                let under = std::mem::replace(&mut self.screen, Screen::List);
                self.screen = Screen::Log {
                    under: Box::new(under),
                };
            }
            Action::SwitchPane if in_pane => self.switch_pane(),
            Action::ShowBookmarks => self.toggle_bookmarks_view(),
            Action::Refresh => self.start_refresh(),
            Action::OpenLink if in_pane => self.open_link(),
            Action::ShowLinks if in_pane => self.show_links(),
            Action::Save if in_pane => self.save_story(),
            Action::Pipe if in_pane => self.pipe_story(),
            _ => match self.screen {
                Screen::List => self.list_action(action),
                Screen::Reader => self.reader_action(action),
                Screen::Bookmarks(_) => self.bookmarks_action(action),
                Screen::People(_) => self.people_action(action),
                Screen::Sources(_) | Screen::Links { .. } | Screen::Log { .. } => {}
            },
        }
    }

    pub(super) fn switch_pane(&mut self) {
        match (&self.screen, &self.reader) {
            (Screen::List, Some(_)) => self.screen = Screen::Reader,
            (Screen::List, None) => {
                let open = self.key_name(Scope::List, Action::Open);
                self.status = Some(format!("No story is open: {open} reads the selected one"));
            }
            _ => self.screen = Screen::List,
        }
        self.relayout();
    }

    pub(super) fn list_action(&mut self, action: Action) {
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
            Action::NarrowFeed if self.narrowing.person.is_some() => {
                return self.widen_from_person();
            }
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
                    self.open_story(article);
                }
                self.selected
            }
            _ => self.selected,
        };
        self.follow_selection();
    }

    pub(super) fn follow_selection(&mut self) {
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

    pub(super) fn wheel(&mut self, column: u16, row: u16, down: bool) {
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

    pub(super) fn click(&mut self, column: u16, row: u16) {
        // A click goes to the two panes only, never under a view over them.
        if !(self.screen.is_list() || self.screen.is_reader()) {
            return;
        }
        let layout = self.layout();
        if let Some(list) = layout.list.filter(|a| a.contains(column, row)) {
            self.screen = Screen::List;
            let inner = list.inner();
            if inner.contains(column, row) {
                let index = self.list_offset + usize::from(row - inner.y);
                if index < self.list_len() {
                    self.selected = index;
                }
            }
            self.relayout();
        } else if layout.reader.is_some_and(|a| a.contains(column, row)) && self.reader.is_some() {
            self.screen = Screen::Reader;
        }
    }
}
