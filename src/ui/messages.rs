use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::Theme;
use crate::app::{App, Level};
use crate::keymap::{Action, Scope};

/// The message log over the whole screen: every warning and error, in full.
pub fn draw(frame: &mut Frame, screen: Rect, app: &App, theme: &Theme) {
    let (width, rows) = app.messages_size();
    let lines = app.messages.lines(width);
    let scroll_keys = [Action::Down, Action::Up].map(|a| {
        app.keymap
            .first_key(Scope::Reader, a)
            .map(|k| k.to_string())
    });
    let footer = match scroll_keys {
        [Some(down), Some(up)] if lines.len() > rows => {
            format!(" {down}/{up} scroll · any other key closes ")
        }
        _ => " any key closes ".to_string(),
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(" Messages ")
        .title_bottom(Line::from(footer).right_aligned());
    let inner = block.inner(screen);
    frame.render_widget(Clear, screen);
    frame.render_widget(block, screen);
    let inner = Rect {
        x: inner.x.saturating_add(1),
        width: inner.width.saturating_sub(2),
        ..inner
    };
    let shown: Vec<Line> = if lines.is_empty() {
        vec![Line::styled("No messages yet.", theme.dim())]
    } else {
        let scroll = app.messages.scroll.min(lines.len().saturating_sub(rows));
        lines
            .into_iter()
            .skip(scroll)
            .map(|(level, text)| match level {
                Level::Warning => Line::styled(text, theme.warning()),
                Level::Info => Line::raw(text),
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(shown), inner);
}
