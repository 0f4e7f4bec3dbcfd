//! Styles. Every meaning carries a modifier as well as a colour, so the screen
//! reads the same with `NO_COLOR` and in 16-colour terminals.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless the user asked for none (<https://no-color.org>).
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn border(self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            self.fg(Color::DarkGray)
        }
    }
    pub fn selected(self, focused: bool) -> Style {
        let s = Style::new().add_modifier(Modifier::REVERSED);
        if focused {
            s.add_modifier(Modifier::BOLD)
        } else {
            s
        }
    }
    pub fn dim(self) -> Style {
        self.fg(Color::DarkGray).add_modifier(Modifier::DIM)
    }
    pub fn title(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    pub fn heading(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    pub fn caption(self) -> Style {
        self.fg(Color::DarkGray).add_modifier(Modifier::ITALIC)
    }
    pub fn credit(self) -> Style {
        self.fg(Color::DarkGray)
            .add_modifier(Modifier::DIM | Modifier::ITALIC)
    }
    pub fn cursor(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    /// The margin beside paragraphs being selected for a bookmark.
    pub fn selection(self) -> Style {
        self.fg(Color::Magenta)
            .add_modifier(Modifier::BOLD | Modifier::REVERSED)
    }
    pub fn key(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    /// A person's name: bold everywhere, in a colour of its own when colours are on.
    pub fn person(self, index: usize) -> Style {
        const PALETTE: [Color; 6] = [
            Color::Cyan,
            Color::Magenta,
            Color::Green,
            Color::Yellow,
            Color::Blue,
            Color::Red,
        ];
        let c = PALETTE[index % PALETTE.len()];
        self.fg(c).add_modifier(Modifier::BOLD)
    }
    /// A quotation: italic.
    pub fn quote(self) -> Style {
        Style::new().add_modifier(Modifier::ITALIC)
    }
    /// The quotation chosen with `]`/`[`, or one spoken by the chosen person.
    pub fn quote_chosen(self) -> Style {
        Style::new().add_modifier(Modifier::ITALIC | Modifier::UNDERLINED)
    }
    /// Mentions of the person chosen with `p`.
    pub fn person_chosen(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }
    pub fn message(self) -> Style {
        self.fg(Color::Yellow)
    }
    /// A warning not yet read in the log: bold as well as red, and marked ⚠.
    pub fn warning(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
}
