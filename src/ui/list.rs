use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{Theme, fit_width};
use crate::app::App;
use crate::config::Column;
use crate::keymap::{Action, Scope};

/// An unbound action, named as the configuration file names it.
fn action_name(action: Action) -> String {
    format!("(unbound: {})", action.name())
}

/// Widest the source column gets.
const SOURCE_WIDTH: usize = 18;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let focused = app.screen().is_list();
    // The counts are of what the list shows, out of the library when narrowed.
    let all = app.library.articles.len();
    let n = app.list_len();
    let unread = app.shown_unread();
    let stories = if all == 1 { "story" } else { "stories" };
    let mut title = if n == all {
        format!(" {n} {stories} · {unread} unread ")
    } else {
        format!(" {n} of {all} {stories} · {unread} unread ")
    };
    if app.unread_only() {
        title = format!("{title}· showing unread ");
    }
    if let Some(feed) = app.feed_only() {
        title = format!("{title}· {} only ", feed.name);
    }
    if let Some(person) = app.person_only() {
        title = format!("{title}· naming {} ", person.name);
    }
    if let Some(found) = app.found() {
        title = format!("{title}· “{}”: {} found ", found.query, n);
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
    let columns = &app.settings.columns;
    let has = |c: Column| columns.contains(&c);
    // Below this the headline needs every column it can get.
    let source_width = if width < 40 || !has(Column::Source) {
        0
    } else {
        app.library
            .source_width()
            .min(SOURCE_WIDTH)
            // The headline keeps most of a narrow pane.
            .min(width / 5)
    };
    let format = &app.settings.date_format;
    let date_width = if has(Column::Date) {
        app.library
            .articles
            .iter()
            .find_map(|a| a.date)
            .map_or(10, |d| format.format(d).width())
    } else {
        0
    };
    // Every column but the headline is a fixed width, with two spaces
    // between columns (one after the marks).
    let fixed: usize = columns
        .iter()
        .map(|c| match c {
            Column::Marks => 3,
            Column::Date => date_width + 2,
            Column::Source if source_width > 0 => source_width + 2,
            Column::Source | Column::Headline => 0,
        })
        .sum();
    let headline_width = width.saturating_sub(fixed);
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
            let mut spans = Vec::new();
            for (n, column) in columns.iter().enumerate() {
                let last = n + 1 == columns.len();
                match column {
                    Column::Marks => {
                        spans.push(Span::styled(if read { " " } else { "●" }, theme.unread()));
                        spans.push(Span::styled(
                            if marked { "★" } else { " " },
                            theme.bookmark(),
                        ));
                        spans.push(Span::raw(" "));
                        continue;
                    }
                    Column::Date => {
                        let date = a.date.map_or_else(String::new, |d| format.format(d));
                        let date = fit_width(&date, date_width);
                        let pad = date_width.saturating_sub(date.width());
                        spans.push(Span::styled(date, theme.dim()));
                        spans.push(Span::raw(" ".repeat(pad)));
                    }
                    Column::Headline => {
                        let headline = fit_width(&a.title, headline_width);
                        let pad = headline_width.saturating_sub(headline.width());
                        let style = if read { theme.row() } else { theme.unread() };
                        spans.push(Span::styled(headline, style));
                        spans.push(Span::raw(" ".repeat(pad)));
                    }
                    Column::Source if source_width > 0 => {
                        let source = fit_width(a.source.as_deref().unwrap_or(""), source_width);
                        spans.push(Span::styled(
                            format!("{source:<source_width$}"),
                            theme.dim(),
                        ));
                    }
                    Column::Source => continue,
                }
                if !last {
                    spans.push(Span::raw("  "));
                }
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
        let key = |scope, action| {
            app.keymap
                .first_key(scope, action)
                .map_or_else(|| action_name(action), |k| k.to_string())
        };
        let message = if app.unread_only() {
            format!(
                "No unread stories. {} shows them all.",
                key(Scope::List, Action::UnreadOnly)
            )
        } else if app.feeds.is_some() {
            format!(
                "No feed stories yet. {} fetches them.",
                key(Scope::Everywhere, Action::Refresh)
            )
        } else {
            "No stories here. Give byline files or directories of .txt and .md stories.".to_string()
        };
        let empty = Paragraph::new(message)
            .style(theme.dim())
            .wrap(ratatui::widgets::Wrap { trim: true });
        frame.render_widget(empty, inner);
        return;
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
