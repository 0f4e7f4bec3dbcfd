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
    let unread = app.unread_count();
    let mut title = format!(
        " {n} {} · {unread} unread ",
        if n == 1 { "story" } else { "stories" }
    );
    if app.unread_only.is_some() {
        title = format!("{title}· showing unread ");
    }
    if let Some(feed) = &app.feed_only {
        title = format!("{title}· {} only ", feed.name);
    }
    if let Some(person) = &app.person_only {
        title = format!("{title}· naming {} ", person.name);
    }
    if let Some(r) = &app.refreshing {
        title = format!("{title}· refreshing {} of {} feeds… ", r.done, r.total);
    }
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
    // Below this the headline needs every column it can get.
    let show_source = width >= 40;
    let source_width = if !show_source {
        0
    } else {
        app.library
            .source_width()
            .min(SOURCE_WIDTH)
            // The headline keeps most of a narrow pane.
            .min(width / 5)
    };
    // Marks (unread, bookmarked), a space, date, two spaces, headline, then
    // two spaces and the source.
    let source_cols = if source_width > 0 {
        source_width + 2
    } else {
        0
    };
    let headline_width = width.saturating_sub(15 + source_cols);
    let lines: Vec<Line> = (app.list_offset..app.list_len())
        .take(usize::from(inner.height))
        .filter_map(|row| {
            let i = app.list_article(row)?;
            let a = app.library.articles.get(i)?;
            Some((row, a))
        })
        .map(|(i, a)| {
            let read = app.store.is_read(a.id);
            let marked = app.store.is_story_bookmarked(a.id);
            let date = a.date.map_or_else(|| " ".repeat(10), |d| d.to_string());
            let headline = fit_width(&a.title, headline_width);
            let pad = headline_width.saturating_sub(headline.width());
            let headline_style = if read {
                ratatui::style::Style::new()
            } else {
                theme.title()
            };
            let mut spans = vec![
                Span::styled(if read { " " } else { "●" }, theme.key()),
                Span::styled(if marked { "★" } else { " " }, theme.cursor()),
                Span::raw(" "),
                Span::styled(date, theme.dim()),
                Span::raw("  "),
                Span::styled(headline, headline_style),
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
        let message = if app.unread_only.is_some() {
            "No unread stories. U shows them all."
        } else if app.feeds.is_some() {
            "No feed stories yet. r fetches them."
        } else {
            "No stories here. Give byline files or directories of .txt and .md stories."
        };
        let empty = Paragraph::new(message)
            .style(theme.dim())
            .wrap(ratatui::widgets::Wrap { trim: true });
        frame.render_widget(empty, inner);
        return;
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
