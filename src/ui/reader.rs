use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::Theme;
use crate::app::{App, Focus, LineKind, View};
use crate::article::{Article, ParagraphKind};
use crate::layout::{Area, reader_columns};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let focused = app.focus == Focus::Reader;
    let mut block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border(focused));
    let open = app
        .reader
        .as_ref()
        .and_then(|r| app.library.articles.get(r.article).map(|a| (r, a)));
    let Some((reader, article)) = open else {
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let hint = Paragraph::new("Enter reads the selected story")
            .style(theme.dim())
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true });
        let middle = Rect {
            y: inner.y + inner.height / 2,
            height: inner.height.min(1 + inner.height / 2),
            ..inner
        };
        frame.render_widget(hint, middle);
        return;
    };
    if let Some(pct) = app.reader_percent() {
        block = block.title_bottom(Line::from(format!(" {pct}% ")).right_aligned());
    }
    if let Some(source) = &article.source {
        block = block.title(format!(" {source} "));
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let (gutter, _) = reader_columns(Area {
        x: area.x,
        y: area.y,
        width: area.width,
        height: area.height,
    });
    let gutter = usize::from(gutter);
    let lines: Vec<Line> = reader
        .view
        .lines
        .iter()
        .skip(reader.scroll)
        .take(usize::from(inner.height))
        .map(|line| {
            let at_cursor = line.para == Some(reader.cursor);
            let mut spans = vec![gutter_span(gutter, at_cursor, theme)];
            spans.extend(text_spans(article, &reader.view, line, theme));
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The columns left of the text: the passage cursor sits in the last but one.
fn gutter_span(gutter: usize, at_cursor: bool, theme: Theme) -> Span<'static> {
    if gutter == 0 {
        return Span::raw("");
    }
    if at_cursor && gutter >= 2 {
        Span::styled(format!("{}▌ ", " ".repeat(gutter - 2)), theme.cursor())
    } else {
        Span::raw(" ".repeat(gutter))
    }
}

fn text_spans<'a>(
    article: &'a Article,
    view: &'a View,
    line: &crate::app::Line,
    theme: Theme,
) -> Vec<Span<'a>> {
    let slice = |text: &'a str| text.get(line.range.clone()).unwrap_or("");
    match line.kind {
        LineKind::Blank => Vec::new(),
        LineKind::Title => vec![Span::styled(slice(&article.title), theme.title())],
        LineKind::Meta => vec![Span::styled(slice(&view.meta), theme.dim())],
        LineKind::Body | LineKind::Heading | LineKind::Caption => {
            let Some(p) = line.para.and_then(|i| article.paragraphs.get(i)) else {
                return Vec::new();
            };
            let base: Style = match line.kind {
                LineKind::Heading => theme.heading(),
                LineKind::Caption => theme.caption(),
                _ => Style::new(),
            };
            let ParagraphKind::Caption { credit } = p.kind else {
                return vec![Span::styled(slice(&p.text), base)];
            };
            // A caption's credit line is set apart from its description.
            let r = line.range.clone();
            let split = credit.clamp(r.start, r.end);
            let mut spans = Vec::new();
            if let Some(before) = p.text.get(r.start..split).filter(|s| !s.is_empty()) {
                spans.push(Span::styled(before, base));
            }
            if let Some(after) = p.text.get(split..r.end).filter(|s| !s.is_empty()) {
                spans.push(Span::styled(after, theme.credit()));
            }
            spans
        }
    }
}
