use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{Theme, fit_width};
use crate::app::LinksView;

/// The links view, centred over the screen: the story's link first, then
/// its references by number; the chosen one marked ▌ as well as reversed.
pub fn draw(frame: &mut Frame, screen: Rect, view: &LinksView, theme: &Theme) {
    let width = screen.width.min(100);
    let rows = u16::try_from(view.links.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let height = rows.min(screen.height);
    let area = Rect {
        x: screen.x + (screen.width - width) / 2,
        y: screen.y + (screen.height - height) / 2,
        width,
        height,
    };
    let title = format!(
        " Links · {} ",
        fit_width(&view.title, usize::from(width) / 2)
    );
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(title);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let text_rows = usize::from(inner.height).max(1);
    let first = view.selected.saturating_sub(text_rows - 1);
    let room = usize::from(inner.width).saturating_sub(8);
    let lines: Vec<Line> = view
        .links
        .iter()
        .enumerate()
        .skip(first)
        .take(text_rows)
        .map(|(i, link)| {
            let label = match link.number {
                Some(n) => format!("[{n}]"),
                None => "story".to_string(),
            };
            let chosen = i == view.selected;
            let line = Line::from(vec![
                Span::styled(if chosen { "▌" } else { " " }, theme.cursor()),
                Span::styled(format!("{label:>6} "), theme.dim()),
                Span::raw(fit_width(&crate::text::clean_line(&link.url), room)),
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
