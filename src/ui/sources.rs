use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{Theme, fit_width};
use crate::app::{LastRefresh, SourcesView};

/// Widest the name column gets; a longer name is cut.
const NAME_WIDTH: usize = 40;

/// The sources view over the screen above the status bar: each feed (and
/// the stories from files) with its counts and how its last refresh went.
pub fn draw(frame: &mut Frame, area: Rect, view: &SourcesView, theme: &Theme) {
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(format!(" Sources · {} ", view.rows.len()));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let text_rows = usize::from(inner.height).max(1);
    let first = view.selected.saturating_sub(text_rows - 1);
    let width = usize::from(inner.width);
    let name_width = view
        .rows
        .iter()
        .map(|r| r.name.width())
        .max()
        .unwrap_or(0)
        .min(NAME_WIDTH)
        .min(width / 2);
    let lines: Vec<Line> = view
        .rows
        .iter()
        .enumerate()
        .skip(first)
        .take(text_rows)
        .map(|(i, row)| {
            let name = fit_width(&crate::text::clean_line(&row.name), name_width);
            let pad = " ".repeat(name_width.saturating_sub(name.width()));
            let counts = format!("  {:>6} unread {:>7} in all  ", row.unread, row.total);
            let used = 1 + name_width + counts.width();
            let room = width.saturating_sub(used);
            let (result, style) = match &row.refresh {
                Some(LastRefresh::Fine) => ("✓".to_string(), theme.key()),
                Some(LastRefresh::Failed(why)) => {
                    (fit_width(&format!("✗ {why}"), room), theme.warning())
                }
                None if row.key.is_some() => ("not refreshed yet".to_string(), theme.dim()),
                None => (String::new(), theme.dim()),
            };
            let chosen = i == view.selected;
            let line = Line::from(vec![
                Span::styled(if chosen { "▌" } else { " " }, theme.cursor()),
                Span::raw(format!("{name}{pad}")),
                Span::styled(counts, theme.dim()),
                Span::styled(result, style),
            ]);
            if chosen {
                line.style(theme.selected(true))
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
