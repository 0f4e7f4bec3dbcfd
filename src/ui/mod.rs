//! Drawing: a pure function of the app's state. Nothing here mutates the
//! state or does I/O.

mod bookmarks;
mod help;
mod links;
mod list;
mod messages;
mod people;
mod reader;
mod sources;
mod status;
pub mod theme;

pub use theme::{Builtin, Element, Theme};

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::App;
use crate::layout::Area;

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let layout = app.layout();
    let screen = frame.area();
    let fit = |a: Area| rect(a).intersection(screen);
    if let Some(area) = layout.list {
        list::draw(frame, fit(area), app, theme);
    }
    if let Some(area) = layout.reader {
        reader::draw(frame, fit(area), app, theme);
    }
    if let Some(area) = layout.bookmarks {
        bookmarks::draw(frame, fit(area), app, theme);
    }
    if let Some(area) = layout.people {
        people::draw(frame, fit(area), app, theme);
    }
    if let Some(area) = layout.status {
        status::draw(frame, fit(area), app, theme);
    }
    if let Some(view) = app.sources_view() {
        let body = Rect {
            height: screen
                .height
                .saturating_sub(u16::from(layout.status.is_some())),
            ..screen
        };
        sources::draw(frame, body, view, theme);
    }
    if let Some(view) = app.links_view() {
        links::draw(frame, screen, view, theme);
    }
    if app.overlay().is_help() {
        help::draw(frame, screen, app, theme);
    }
    if app.screen().is_log() {
        messages::draw(frame, screen, app, theme);
    }
}

fn rect(a: Area) -> Rect {
    Rect::new(a.x, a.y, a.width, a.height)
}

/// Cuts `text` to `width` columns, ending with an ellipsis when cut.
pub(crate) fn fit_width(text: &str, width: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in text.chars() {
        let w = ch.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(ch);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}
