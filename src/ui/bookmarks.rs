use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::reader::{Highlights, body_spans};
use super::{Theme, fit_width};
use crate::app::{App, BOOKMARK_INDENT, EntryLineKind};
use crate::store::BookmarkKey;

/// Every bookmark, newest first: title and date, the passage with the
/// story's highlights, who is quoted and named in it, and the note.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(view) = app.bookmarks_view() else {
        return;
    };
    let counts = app.store.counts();
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(format!(
            " Bookmarks · {} · {} ",
            plural(counts.story_bookmarks, "story", "stories"),
            plural(counts.passage_bookmarks, "passage", "passages")
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if view.entries.is_empty() {
        let hint = Paragraph::new(
            "No bookmarks yet. b bookmarks a story in the list, or the passage at the cursor in the reading pane.",
        )
        .style(theme.dim())
        .wrap(Wrap { trim: true });
        frame.render_widget(hint, inner);
        return;
    }
    let width = usize::from(inner.width);
    let lines: Vec<Line> = view
        .lines
        .iter()
        .skip(view.scroll)
        .take(usize::from(inner.height))
        .filter_map(|l| {
            let entry = view.entries.get(l.entry)?;
            let chosen = l.entry == view.selected;
            let bar = if chosen {
                Span::styled("▌", theme.cursor())
            } else {
                Span::raw(" ")
            };
            let mut spans = vec![bar, Span::raw(" ")];
            let indent = Span::raw(" ".repeat(BOOKMARK_INDENT));
            match l.kind {
                EntryLineKind::Header => {
                    let mark = match entry.key {
                        BookmarkKey::Story(_) => "★ story",
                        BookmarkKey::Passage(_) => "❝ passage",
                    };
                    let date = entry.date.map(|d| format!(" · {d}")).unwrap_or_default();
                    let meta = format!("  {mark}{date} · saved {}", entry.created);
                    let title_room = width.saturating_sub(2 + meta.chars().count());
                    let title_style = if chosen {
                        theme.title().patch(theme.selected(true))
                    } else {
                        theme.title()
                    };
                    spans.push(Span::styled(
                        fit_width(&entry.title, title_room),
                        title_style,
                    ));
                    spans.push(Span::styled(meta, theme.dim()));
                }
                EntryLineKind::Passage { para } => {
                    let text = entry.paragraphs.get(para).map_or("", String::as_str);
                    let hl = Highlights {
                        marks: &entry.marks,
                        quotes: &entry.analysis.quotes,
                        quote: None,
                        person: None,
                        search: None,
                    };
                    spans.push(indent);
                    spans.extend(body_spans(
                        text,
                        para,
                        l.range.clone(),
                        Style::new(),
                        None,
                        &hl,
                        theme,
                    ));
                }
                EntryLineKind::Note => {
                    let note = entry.note.as_deref().unwrap_or("");
                    let first = view
                        .lines
                        .iter()
                        .position(|x| x.entry == l.entry && x.kind == EntryLineKind::Note)
                        .is_some_and(|p| view.lines.get(p).is_some_and(|x| x.range == l.range));
                    spans.push(indent);
                    spans.push(Span::styled(if first { "✎ " } else { "  " }, theme.key()));
                    spans.push(Span::styled(
                        note.get(l.range.clone()).unwrap_or(""),
                        theme.message(),
                    ));
                }
                EntryLineKind::People => {
                    spans.push(indent);
                    let room = width.saturating_sub(2 + BOOKMARK_INDENT);
                    spans.push(Span::styled(
                        fit_width(&entry.people.line(), room),
                        theme.dim(),
                    ));
                }
                EntryLineKind::Notice => {
                    spans.push(indent);
                    spans.push(Span::styled(
                        format!("({})", entry.notice.unwrap_or("")),
                        theme.dim(),
                    ));
                }
                EntryLineKind::Blank => {}
            }
            Some(Line::from(spans))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
