//! Styles. Every meaning carries a modifier or a mark as well as a colour,
//! so the screen reads the same with `NO_COLOR` and in 16-colour terminals.
//!
//! The built-in themes keep text one must read in the terminal's own
//! colour or a full-strength one: grey is for borders only.

use ratatui::style::{Color, Modifier, Style};

/// What the screen styles, each set from the configuration file under its
/// [`Element::name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Element {
    Border,
    BorderFocused,
    /// The selected row of a list, in the pane with the keys.
    Selected,
    /// The selected row of the other pane.
    SelectedUnfocused,
    /// A story read already, in the list.
    Row,
    /// A story not yet read: its mark and its headline.
    Unread,
    /// Headlines and names that head an entry.
    Headline,
    /// Dates, sources, counts, hints.
    Meta,
    /// A sub-heading inside a story.
    Heading,
    Caption,
    /// The photo credit at the end of a caption.
    Credit,
    Quote,
    /// The quotation chosen with `]`/`[`, or one by the chosen person.
    QuoteChosen,
    /// Every mention of the person chosen with `p`.
    PersonChosen,
    /// Over a person's colour, their name beside what they said.
    Speaker,
    /// The passage cursor and marks beside text.
    Cursor,
    /// The ★ of a bookmarked story or passage.
    Bookmark,
    /// The margin beside paragraphs being selected for a bookmark.
    Selection,
    /// Keys in the help and the status bar.
    Key,
    /// The part of a name the people filter matched.
    SearchMatch,
    /// What the status bar says.
    Message,
    Warning,
    /// A phrase in quotation marks that is not speech: scare quotes, a
    /// title (speech is [`Element::Quote`]).
    Term,
    /// A margin label naming a source that is not a person (`the
    /// commission`), set apart from speakers' names.
    Source,
}

impl Element {
    pub const COUNT: usize = 24;

    pub const ALL: [Element; Element::COUNT] = [
        Element::Border,
        Element::BorderFocused,
        Element::Selected,
        Element::SelectedUnfocused,
        Element::Row,
        Element::Unread,
        Element::Headline,
        Element::Meta,
        Element::Heading,
        Element::Caption,
        Element::Credit,
        Element::Quote,
        Element::QuoteChosen,
        Element::PersonChosen,
        Element::Speaker,
        Element::Cursor,
        Element::Bookmark,
        Element::Selection,
        Element::Key,
        Element::SearchMatch,
        Element::Message,
        Element::Warning,
        Element::Term,
        Element::Source,
    ];

    /// The element's name under `[colors]` in the configuration file.
    pub fn name(self) -> &'static str {
        match self {
            Element::Border => "border",
            Element::BorderFocused => "border_focused",
            Element::Selected => "selected",
            Element::SelectedUnfocused => "selected_unfocused",
            Element::Row => "row",
            Element::Unread => "unread",
            Element::Headline => "headline",
            Element::Meta => "meta",
            Element::Heading => "heading",
            Element::Caption => "caption",
            Element::Credit => "credit",
            Element::Quote => "quote",
            Element::QuoteChosen => "quote_chosen",
            Element::PersonChosen => "person_chosen",
            Element::Speaker => "speaker",
            Element::Cursor => "cursor",
            Element::Bookmark => "bookmark",
            Element::Selection => "selection",
            Element::Key => "key",
            Element::SearchMatch => "search_match",
            Element::Message => "message",
            Element::Warning => "warning",
            Element::Term => "term",
            Element::Source => "source",
        }
    }

    pub fn from_name(name: &str) -> Option<Element> {
        Element::ALL.into_iter().find(|e| e.name() == name)
    }

    /// Where the element's style is kept: its place in [`Element::ALL`],
    /// which lists them in declaration order.
    fn index(self) -> usize {
        self as usize
    }
}

/// A built-in theme, picked with `theme = "dark"` or `"light"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    Dark,
    Light,
}

impl Builtin {
    pub fn name(self) -> &'static str {
        match self {
            Builtin::Dark => "dark",
            Builtin::Light => "light",
        }
    }

    pub fn from_name(name: &str) -> Option<Builtin> {
        [Builtin::Dark, Builtin::Light]
            .into_iter()
            .find(|b| b.name() == name)
    }
}

const fn fg(c: Color) -> Style {
    Style::new().fg(c)
}
const B: Modifier = Modifier::BOLD;
const I: Modifier = Modifier::ITALIC;
const U: Modifier = Modifier::UNDERLINED;
const R: Modifier = Modifier::REVERSED;

/// The styles of a built-in theme, in [`Element::ALL`] order.
fn builtin_styles(builtin: Builtin) -> [Style; Element::COUNT] {
    // Light terminals get the darker 256-colour shades of the same hues.
    let (blue, cyan, yellow, red, magenta) = match builtin {
        Builtin::Dark => (
            Color::LightBlue,
            Color::Cyan,
            Color::Yellow,
            Color::LightRed,
            Color::LightMagenta,
        ),
        Builtin::Light => (
            Color::Indexed(25),
            Color::Indexed(30),
            Color::Indexed(130),
            Color::Indexed(124),
            Color::Indexed(90),
        ),
    };
    [
        fg(Color::DarkGray),
        fg(blue).add_modifier(B),
        Style::new().add_modifier(R.union(B)),
        Style::new().add_modifier(R),
        Style::new(),
        Style::new().add_modifier(B),
        Style::new().add_modifier(B),
        Style::new(),
        Style::new().add_modifier(B.union(U)),
        // Captions: a colour of their own and underlined, so they differ
        // from quotations (italic) and people (bold) without colour too.
        fg(cyan).add_modifier(U),
        fg(cyan).add_modifier(I),
        Style::new().add_modifier(I),
        Style::new().add_modifier(I.union(U)),
        Style::new().add_modifier(R.union(B)),
        Style::new().add_modifier(B),
        fg(yellow).add_modifier(B),
        fg(yellow).add_modifier(B),
        fg(magenta).add_modifier(B.union(R)),
        fg(blue).add_modifier(B),
        fg(yellow).add_modifier(U),
        fg(yellow),
        fg(red).add_modifier(B),
        // Terms: underlined, not italic, so that speech stands apart.
        Style::new().add_modifier(U),
        // Sources: in italic, like a credit, unlike speakers' bold colours.
        fg(cyan).add_modifier(I),
    ]
}

/// People's colours: none of them the focused border's or the captions'.
fn builtin_people(builtin: Builtin) -> Vec<Color> {
    match builtin {
        Builtin::Dark => vec![
            Color::LightGreen,
            Color::LightMagenta,
            Color::Yellow,
            Color::LightRed,
            Color::Green,
            Color::Magenta,
        ],
        Builtin::Light => [28, 90, 130, 124, 22, 127]
            .into_iter()
            .map(Color::Indexed)
            .collect(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// False under `NO_COLOR`: every colour is dropped, modifiers stay.
    pub color: bool,
    styles: [Style; Element::COUNT],
    people: Vec<Color>,
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::builtin(Builtin::Dark, true)
    }
}

impl Theme {
    pub fn builtin(builtin: Builtin, color: bool) -> Theme {
        Theme {
            color,
            styles: builtin_styles(builtin),
            people: builtin_people(builtin),
        }
    }

    /// The default theme without colours, as `NO_COLOR` has it.
    pub fn plain() -> Theme {
        Theme::builtin(Builtin::Dark, false)
    }

    /// Changes one element's style.
    pub fn set(&mut self, element: Element, style: Style) {
        if let Some(s) = self.styles.get_mut(element.index()) {
            *s = style;
        }
    }

    /// Changes people's colours; an empty list keeps them.
    pub fn set_people(&mut self, colors: Vec<Color>) {
        if !colors.is_empty() {
            self.people = colors;
        }
    }

    /// An element's style as the file would give it, colour or not.
    pub fn configured(&self, element: Element) -> Style {
        self.styles
            .get(element.index())
            .copied()
            .unwrap_or_default()
    }

    pub fn people_colors(&self) -> &[Color] {
        &self.people
    }

    /// An element's style as drawn.
    pub fn style(&self, element: Element) -> Style {
        self.strip(self.configured(element))
    }

    fn strip(&self, style: Style) -> Style {
        if self.color {
            style
        } else {
            let mut style = style;
            style.fg = None;
            style.bg = None;
            style
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        self.style(if focused {
            Element::BorderFocused
        } else {
            Element::Border
        })
    }
    pub fn selected(&self, focused: bool) -> Style {
        self.style(if focused {
            Element::Selected
        } else {
            Element::SelectedUnfocused
        })
    }
    pub fn dim(&self) -> Style {
        self.style(Element::Meta)
    }
    pub fn title(&self) -> Style {
        self.style(Element::Headline)
    }
    pub fn row(&self) -> Style {
        self.style(Element::Row)
    }
    pub fn unread(&self) -> Style {
        self.style(Element::Unread)
    }
    pub fn heading(&self) -> Style {
        self.style(Element::Heading)
    }
    pub fn caption(&self) -> Style {
        self.style(Element::Caption)
    }
    pub fn credit(&self) -> Style {
        self.style(Element::Credit)
    }
    pub fn cursor(&self) -> Style {
        self.style(Element::Cursor)
    }
    pub fn bookmark(&self) -> Style {
        self.style(Element::Bookmark)
    }
    pub fn selection(&self) -> Style {
        self.style(Element::Selection)
    }
    pub fn key(&self) -> Style {
        self.style(Element::Key)
    }
    pub fn search_match(&self) -> Style {
        self.style(Element::SearchMatch)
    }
    /// A person's name: bold everywhere, in a colour of its own when colours are on.
    pub fn person(&self, index: usize) -> Style {
        let c = self
            .people
            .get(index % self.people.len().max(1))
            .copied()
            .unwrap_or(Color::Reset);
        self.strip(Style::new().fg(c).add_modifier(Modifier::BOLD))
    }
    /// A person's name beside a quotation they spoke.
    pub fn speaker(&self, index: usize) -> Style {
        self.person(index).patch(self.style(Element::Speaker))
    }
    pub fn quote(&self) -> Style {
        self.style(Element::Quote)
    }
    pub fn term(&self) -> Style {
        self.style(Element::Term)
    }
    pub fn source(&self) -> Style {
        self.style(Element::Source)
    }
    pub fn quote_chosen(&self) -> Style {
        self.style(Element::QuoteChosen)
    }
    pub fn person_chosen(&self) -> Style {
        self.style(Element::PersonChosen)
    }
    pub fn message(&self) -> Style {
        self.style(Element::Message)
    }
    /// A warning not yet read in the log: bold as well as red, and marked ⚠.
    pub fn warning(&self) -> Style {
        self.style(Element::Warning)
    }
}

/// `NO_COLOR` set to anything but the empty string turns colour off
/// (<https://no-color.org>).
pub fn no_color_unset() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn differ(a: Style, b: Style) -> bool {
        a.add_modifier != b.add_modifier || a.fg != b.fg
    }

    #[test]
    fn captions_quotations_people_and_borders_differ_in_both_themes() {
        for builtin in [Builtin::Dark, Builtin::Light] {
            let t = Theme::builtin(builtin, true);
            let (caption, quote, border) = (t.caption(), t.quote(), t.border(true));
            for p in 0..t.people_colors().len() {
                let person = t.person(p);
                assert!(differ(person, caption) && differ(person, quote));
                assert_ne!(person.fg, border.fg, "{builtin:?} person {p}");
            }
            assert!(differ(caption, quote) && differ(caption, border));
            assert_ne!(
                caption.add_modifier, quote.add_modifier,
                "not by colour alone"
            );
        }
    }

    #[test]
    fn no_text_one_must_read_is_dim_or_grey() {
        for builtin in [Builtin::Dark, Builtin::Light] {
            let t = Theme::builtin(builtin, true);
            for e in Element::ALL
                .into_iter()
                .filter(|e| !matches!(e, Element::Border))
            {
                let s = t.configured(e);
                assert!(!s.add_modifier.contains(Modifier::DIM), "{e:?}");
                assert!(
                    !matches!(s.fg, Some(Color::DarkGray | Color::Gray)),
                    "{e:?}"
                );
            }
        }
    }

    #[test]
    fn every_element_has_its_own_place_and_name() {
        for (i, e) in Element::ALL.into_iter().enumerate() {
            assert_eq!(e.index(), i);
            assert_eq!(Element::from_name(e.name()), Some(e));
        }
    }

    #[test]
    fn without_colour_every_style_keeps_its_modifiers_and_loses_its_colours() {
        let plain = Theme::plain();
        let colour = Theme::default();
        for e in Element::ALL {
            assert_eq!(plain.style(e).fg, None);
            assert_eq!(plain.style(e).add_modifier, colour.style(e).add_modifier);
        }
    }
}
