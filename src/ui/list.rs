use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{Theme, fit_width};
use crate::app::{App, Focus};

/// Widest the source column gets.
const SOURCE_WIDTH: usize = 18;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let focused = app.focus == Focus::List;
    let n = app.library.articles.len();
    let mut title = format!(" {n} {} ", if n == 1 { "story" } else { "stories" });
    if let Some(loading) = app.loading {
        title = match loading.total {
            Some(total) => format!("{title}· reading {} of {total} files… ", loading.read),
            None => format!("{title}· looking for stories… "),
        };
    }
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border(focused))
        .title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let width = usize::from(inner.width);
    let show_source = width >= 56;
    let source_width = if !show_source {
        0
    } else {
        app.library
            .articles
            .iter()
            .filter_map(|a| a.source.as_deref())
            .map(UnicodeWidthStr::width)
            .max()
            .unwrap_or(0)
            .min(SOURCE_WIDTH)
    };
    // Space, date, two spaces, headline, then two spaces and the source.
    let source_cols = if source_width > 0 {
        source_width + 2
    } else {
        0
    };
    let headline_width = width.saturating_sub(13 + source_cols);
    let lines: Vec<Line> = app
        .library
        .articles
        .iter()
        .enumerate()
        .skip(app.list_offset)
        .take(usize::from(inner.height))
        .map(|(i, a)| {
            let date = a.date.map_or_else(|| " ".repeat(10), |d| d.to_string());
            let headline = fit_width(&a.title, headline_width);
            let pad = headline_width.saturating_sub(headline.width());
            let mut spans = vec![
                Span::raw(" "),
                Span::styled(date, theme.dim()),
                Span::raw("  "),
                Span::raw(headline),
                Span::raw(" ".repeat(pad)),
            ];
            if source_width > 0 {
                let source = fit_width(a.source.as_deref().unwrap_or(""), source_width);
                spans.push(Span::raw("  "));
                spans.push(Span::styled(
                    format!("{source:<source_width$}"),
                    theme.dim(),
                ));
            }
            let line = Line::from(spans);
            if i == app.selected {
                line.style(theme.selected(focused))
            } else {
                line
            }
        })
        .collect();
    if lines.is_empty() {
        let empty = Paragraph::new(
            "No stories here. Give byline files or directories of .txt and .md stories.",
        )
        .style(theme.dim())
        .wrap(ratatui::widgets::Wrap { trim: true });
        frame.render_widget(empty, inner);
        return;
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
