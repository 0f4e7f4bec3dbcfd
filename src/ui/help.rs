use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::Theme;
use crate::app::App;
use crate::keymap::{self, Action, Scope};

/// The help overlay: every binding of the key table, grouped by pane.
pub fn draw(frame: &mut Frame, screen: Rect, app: &App, theme: &Theme) {
    let groups = app.keymap.grouped();
    let key_col = groups
        .iter()
        .flat_map(|(_, bs)| bs.iter())
        .map(|b| keys_text(b).width())
        .max()
        .unwrap_or(0);
    let mut lines = Vec::new();
    for (scope, bindings) in &groups {
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(scope.heading(), theme.title()));
        for b in bindings {
            let keys = keys_text(b);
            let pad = key_col.saturating_sub(keys.width());
            lines.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(keys, theme.key()),
                Span::raw(" ".repeat(pad + 2)),
                Span::raw(b.help),
            ]));
        }
    }
    let content_width = lines.iter().map(Line::width).max().unwrap_or(0);
    let width = u16::try_from(content_width + 4)
        .unwrap_or(u16::MAX)
        .min(screen.width);
    let height = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(screen.height);
    let area = Rect {
        x: screen.x + (screen.width - width) / 2,
        y: screen.y + (screen.height - height) / 2,
        width,
        height,
    };
    let total = lines.len();
    let rows = usize::from(height.saturating_sub(2));
    let asked = match app.overlay() {
        crate::app::Overlay::Help { scroll } => *scroll,
        _ => 0,
    };
    let scroll = asked.min(total.saturating_sub(rows));
    let scroll_keys = [Action::Down, Action::Up].map(|a| {
        app.keymap
            .first_key(Scope::Reader, a)
            .map(|k| k.to_string())
    });
    let footer = match scroll_keys {
        [Some(down), Some(up)] if total > rows => {
            format!(" {down}/{up} scroll · any other key closes ")
        }
        _ => " any key closes ".to_string(),
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(" Keys ")
        .title_bottom(Line::from(footer).right_aligned());
    let lines: Vec<Line> = lines.into_iter().skip(scroll).collect();
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let inner = Rect {
        x: inner.x.saturating_add(1),
        width: inner.width.saturating_sub(1),
        ..inner
    };
    frame.render_widget(Paragraph::new(lines), inner);
}

fn keys_text(b: &keymap::Bound) -> String {
    b.keys
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}
