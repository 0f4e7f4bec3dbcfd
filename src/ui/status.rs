use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::{Theme, fit_width};
use crate::app::{App, Screen};
use crate::keymap::{Action, Keymap, Scope};

/// The few keys worth showing at all times, per pane.
const LIST_HINTS: &[(Action, &str)] = &[
    (Action::Down, "down"),
    (Action::Up, "up"),
    (Action::Open, "read"),
    (Action::Bookmark, "bookmark"),
    (Action::ToggleHelp, "keys"),
    (Action::Quit, "quit"),
];
const BOOKMARK_HINTS: &[(Action, &str)] = &[
    (Action::Open, "read"),
    (Action::Delete, "delete"),
    (Action::Undo, "undo"),
    (Action::Note, "note"),
    (Action::Back, "close"),
];
const PEOPLE_HINTS: &[(Action, &str)] = &[
    (Action::Open, "open"),
    (Action::SortPeople, "sort"),
    (Action::FilterPeople, "filter"),
    (Action::NarrowPerson, "their stories"),
    (Action::Back, "back"),
    (Action::Quit, "quit"),
];
const READER_HINTS: &[(Action, &str)] = &[
    (Action::ReadOn, "page"),
    (Action::NextUnread, "next unread"),
    (Action::NextPassage, "passage"),
    (Action::NextQuote, "quote"),
    (Action::Bookmark, "bookmark"),
    (Action::Back, "list"),
    (Action::ToggleHelp, "keys"),
    (Action::Quit, "quit"),
];

const SOURCES_HINTS: &[(Action, &str)] = &[
    (Action::Open, "show its stories"),
    (Action::Down, "down"),
    (Action::Up, "up"),
    (Action::Back, "close"),
];

const LINKS_HINTS: &[(Action, &str)] = &[
    (Action::Open, "open"),
    (Action::CopyLink, "copy"),
    (Action::Back, "close"),
];

fn first_key(keymap: &Keymap, scope: Scope, action: Action) -> Option<String> {
    keymap.first_key(scope, action).map(|k| k.to_string())
}

/// A line being typed: its prompt, the end of the text (which stays in view
/// as it grows), a cursor and what the keys do.
fn typing(
    prompt: &'static str,
    text: &str,
    help: &'static str,
    width: usize,
    theme: &Theme,
) -> Line<'static> {
    let room = width.saturating_sub(prompt.width() + help.width() + 1);
    let chars: Vec<char> = text.chars().collect();
    let shown: String = chars[chars.len().saturating_sub(room)..].iter().collect();
    Line::from(vec![
        Span::styled(prompt, theme.key()),
        Span::raw(shown),
        Span::styled("▏", theme.cursor()),
        Span::styled(help, theme.dim()),
    ])
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let width = usize::from(area.width);
    if let Some(input) = app.overlay().note() {
        let line = typing(
            "Note: ",
            &input.text,
            "  Enter saves · Esc cancels",
            width,
            theme,
        );
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    if let Some(input) = app.overlay().search() {
        let prompt = match input.scope {
            crate::app::SearchScope::Story => "Search the story: ",
            crate::app::SearchScope::Library => "Search the library: ",
        };
        let line = typing(
            prompt,
            &input.text,
            "  Enter keeps it · Esc clears",
            width,
            theme,
        );
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    if let Some(filter) = app.people_view().filter(|v| v.typing).map(|v| &v.filter) {
        let line = typing(
            "Filter: ",
            filter,
            "  Enter keeps it · Esc clears",
            width,
            theme,
        );
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    if let Some(warning) = app.messages.unread_warning() {
        // A warning stays until the log is read; what the last key did
        // still shows after it.
        let key =
            first_key(&app.keymap, Scope::Everywhere, Action::ShowMessages).unwrap_or_default();
        let more = match app.messages.unread_warnings() {
            0 | 1 => String::new(),
            n => format!(" (+{} more)", n - 1),
        };
        let hint = format!("{more} · {key} messages");
        let status = app
            .status
            .as_deref()
            .filter(|s| *s != warning)
            .map(|s| format!(" │ {s}"))
            .unwrap_or_default();
        let room = width.saturating_sub(hint.width() + 2);
        let text = fit_width(&format!("{warning}{status}"), room);
        let line = Line::from(vec![
            Span::styled("⚠ ", theme.warning()),
            Span::styled(text, theme.warning()),
            Span::styled(hint, theme.key()),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    if let Some(message) = &app.status {
        let line = Line::from(Span::styled(fit_width(message, width), theme.message()));
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    if let Some(search) = app
        .reader
        .as_ref()
        .and_then(|r| r.search.as_ref())
        .filter(|_| app.screen().beneath_log().is_reader())
    {
        let next = first_key(&app.keymap, Scope::Reader, Action::NextMatch).unwrap_or_default();
        let prev = first_key(&app.keymap, Scope::Reader, Action::PrevMatch).unwrap_or_default();
        let text = format!("{} · {next}/{prev} next/previous", search.summary());
        let line = Line::from(Span::styled(fit_width(&text, width), theme.message()));
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    let (scope, hints) = match app.screen().beneath_log() {
        Screen::Links { .. } => (Scope::Links, LINKS_HINTS),
        Screen::Sources(_) => (Scope::Sources, SOURCES_HINTS),
        Screen::List => (Scope::List, LIST_HINTS),
        Screen::Reader | Screen::Log { .. } => (Scope::Reader, READER_HINTS),
        Screen::Bookmarks(_) => (Scope::Bookmarks, BOOKMARK_HINTS),
        Screen::People(_) => (Scope::People, PEOPLE_HINTS),
    };
    let mut spans = vec![Span::raw(" ")];
    for (action, label) in hints {
        let Some(key) = first_key(&app.keymap, scope, *action) else {
            continue;
        };
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::raw(format!(" {label}  ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
