use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::{Theme, fit_width};
use crate::analysis::Quote;
use crate::app::{App, LineKind, MarkKind, Reader, short_name};
use crate::article::{Article, ParagraphKind};
use crate::layout::{Area, reader_columns};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let focused = app.screen().is_reader();
    let mut block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border(focused));
    let open = app.reader.as_ref().map(|r| (r, &*r.story));
    let Some((reader, article)) = open else {
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let open = app.key_name(crate::keymap::Scope::List, crate::keymap::Action::Open);
        let hint = Paragraph::new(format!("{open} reads the selected story"))
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
    if reader.view.lines.is_empty() && reader.pending.is_some() {
        let note = Paragraph::new(format!("Laying out {}…", article.title))
            .style(theme.dim())
            .wrap(Wrap { trim: true });
        frame.render_widget(note, inner);
        return;
    }

    let (gutter, _) = reader_columns(
        Area {
            x: area.x,
            y: area.y,
            width: area.width,
            height: area.height,
        },
        app.settings.measure,
    );
    let gutter = usize::from(gutter);
    let lines: Vec<Line> = reader
        .view
        .lines
        .iter()
        .enumerate()
        .skip(reader.scroll)
        .take(usize::from(inner.height))
        .map(|(index, line)| {
            let mut spans = gutter_spans(reader, index, line.para(), gutter, theme);
            spans.extend(text_spans(article, reader, line, theme));
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The end of a source's words that fits `width` columns, whole words
/// only where one fits (`a spokesman for the ministry` → `the ministry`).
fn source_label(words: &str, width: usize) -> &str {
    let words = words.trim();
    let mut start = 0;
    while words[start..].width() > width {
        match words[start..].find(' ') {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    &words[start..]
}

/// The columns left of the text: a quotation's speaker on the line where it
/// starts (when there is room), the passage cursor (or the selection), and
/// a star beside bookmarked passages.
fn gutter_spans(
    reader: &Reader,
    line: usize,
    para: Option<usize>,
    gutter: usize,
    theme: &Theme,
) -> Vec<Span<'static>> {
    if gutter < 3 {
        return vec![Span::raw(" ".repeat(gutter))];
    }
    let label_width = gutter - 3;
    let mut spans = Vec::with_capacity(4);
    match reader.view.speaker_at(line).filter(|_| label_width >= 4) {
        Some(p) => {
            let name = reader
                .analysis
                .people
                .get(p)
                .map_or("", |p| short_name(&p.name));
            // One column of air between the name and the cursor column.
            let name = fit_width(name, label_width - 1);
            let pad = label_width.saturating_sub(name.width());
            spans.push(Span::raw(" ".repeat(pad.saturating_sub(1))));
            let style = if reader.person == Some(p) {
                theme.person_chosen()
            } else {
                theme.speaker(p)
            };
            spans.push(Span::styled(name, style));
            spans.push(Span::raw(" "));
        }
        None => match reader.view.source_at(line).filter(|_| label_width >= 4) {
            // A source that is not a person, in its own style: its last
            // words, as a speaker shows a surname (`the commission`).
            Some(src) => {
                let words = reader
                    .story
                    .paragraphs
                    .get(src.para)
                    .and_then(|p| p.text.get(src.range.clone()))
                    .unwrap_or("");
                let name = fit_width(source_label(words, label_width - 1), label_width - 1);
                let pad = label_width.saturating_sub(name.width());
                spans.push(Span::raw(" ".repeat(pad.saturating_sub(1))));
                spans.push(Span::styled(name, theme.source()));
                spans.push(Span::raw(" "));
            }
            None => spans.push(Span::raw(" ".repeat(label_width))),
        },
    }
    let selected = reader.selection.is_some()
        && para.is_some_and(|p| reader.selected_paragraphs().contains(&p));
    spans.push(if selected {
        Span::styled("┃", theme.selection())
    } else if para == Some(reader.cursor) {
        Span::styled("▌", theme.cursor())
    } else {
        Span::raw(" ")
    });
    let bookmarked = para.is_some_and(|p| reader.passages.iter().any(|(_, r)| r.contains(&p)));
    spans.push(if bookmarked {
        Span::styled("★", theme.bookmark())
    } else {
        Span::raw(" ")
    });
    spans.push(Span::raw(" "));
    spans
}

fn text_spans<'a>(
    article: &'a Article,
    reader: &'a Reader,
    line: &crate::app::Line,
    theme: &Theme,
) -> Vec<Span<'a>> {
    let view = &reader.view;
    let slice = |text: &'a str| text.get(line.range()).unwrap_or("");
    match line.kind {
        LineKind::Blank => Vec::new(),
        LineKind::Title => vec![Span::styled(slice(&article.title), theme.title())],
        LineKind::Meta => vec![Span::styled(slice(&view.meta), theme.dim())],
        LineKind::People => {
            // Each name in its person's colour; the counts and dots dim.
            let mut cuts = vec![(line.range().start, theme.dim())];
            for (range, p) in &view.people_names {
                let style = if reader.person == Some(*p) {
                    theme.person_chosen()
                } else {
                    theme.person(*p)
                };
                cuts.push((range.start, style));
                cuts.push((range.end, theme.dim()));
            }
            styled_runs(&view.people, line.range(), &cuts)
        }
        LineKind::Body | LineKind::Heading | LineKind::Caption => {
            let Some(pi) = line.para() else {
                return Vec::new();
            };
            let Some(p) = article.paragraphs.get(pi) else {
                return Vec::new();
            };
            let base: Style = match line.kind {
                LineKind::Heading => theme.heading(),
                LineKind::Caption => theme.caption(),
                _ => Style::new(),
            };
            let credit = match p.kind {
                ParagraphKind::Caption { credit } => Some(credit as usize),
                _ => None,
            };
            let hl = Highlights {
                marks: &reader.marks,
                quotes: &reader.analysis.quotes,
                quote: reader.quote,
                person: reader.person,
                search: reader.search.as_ref(),
            };
            body_spans(&p.text, pi, line.range(), base, credit, &hl, theme)
        }
    }
}

/// What a paragraph's text is highlighted with.
pub(super) struct Highlights<'a> {
    pub marks: &'a crate::app::Marks,
    pub quotes: &'a [crate::analysis::Quote],
    /// The chosen quotation and person, which stand out.
    pub quote: Option<usize>,
    pub person: Option<usize>,
    /// The story's search, whose matches stand out over everything.
    pub search: Option<&'a crate::app::StorySearch>,
}

/// Splits a line at every place its style changes: a quotation or a name
/// starting or ending, the caption's credit. Highlights are byte ranges of
/// the paragraph, so one that crosses a line break is styled on both lines.
pub(super) fn body_spans<'a>(
    text: &'a str,
    para: usize,
    range: std::ops::Range<usize>,
    base: Style,
    credit: Option<usize>,
    hl: &Highlights<'_>,
    theme: &Theme,
) -> Vec<Span<'a>> {
    let marks: Vec<_> = hl.marks.overlapping(para, range.clone()).collect();
    let mut points: Vec<usize> = vec![range.start, range.end];
    for m in &marks {
        let r = m.range();
        points.push(r.start.clamp(range.start, range.end));
        points.push(r.end.clamp(range.start, range.end));
    }
    if let Some(c) = credit {
        points.push(c.clamp(range.start, range.end));
    }
    let found: Vec<(std::ops::Range<usize>, bool)> = hl
        .search
        .map(|s| {
            s.in_para(para)
                .filter(|(r, _)| r.start < range.end && r.end > range.start)
                .collect()
        })
        .unwrap_or_default();
    for (r, _) in &found {
        points.push(r.start.clamp(range.start, range.end));
        points.push(r.end.clamp(range.start, range.end));
    }
    points.sort_unstable();
    points.dedup();
    let chosen_quote = hl.quote;
    let chosen_person = hl.person;
    let quotes = hl.quotes;
    points
        .windows(2)
        .filter_map(|w| {
            let (a, b) = (w[0], w[1]);
            let piece = text.get(a..b).filter(|s| !s.is_empty())?;
            let mut style = base;
            if credit.is_some_and(|c| a >= c) {
                style = style.patch(theme.credit());
            }
            for m in marks
                .iter()
                .filter(|m| m.range().start <= a && m.range().end >= b)
            {
                style = style.patch(match m.kind {
                    MarkKind::Quote(q) => {
                        let q = q as usize;
                        let by_chosen = chosen_person.is_some()
                            && quotes.get(q).and_then(Quote::speaker) == chosen_person;
                        if chosen_quote == Some(q) || by_chosen {
                            theme.quote_chosen()
                        } else if quotes.get(q).is_some_and(|q| !q.is_speech()) {
                            theme.term()
                        } else {
                            theme.quote()
                        }
                    }
                    MarkKind::Person(p) if chosen_person == Some(p as usize) => {
                        theme.person_chosen()
                    }
                    MarkKind::Person(p) => theme.person(p as usize),
                });
            }
            if let Some((_, current)) = found.iter().find(|(r, _)| r.start <= a && r.end >= b) {
                style = style.patch(theme.search_match());
                if *current {
                    // The match moved to differs by more than colour.
                    style = style.add_modifier(ratatui::style::Modifier::REVERSED);
                }
            }
            Some(Span::styled(piece, style))
        })
        .collect()
}

/// Cuts `text[range]` at the given (offset, style from here on) points.
fn styled_runs<'a>(
    text: &'a str,
    range: std::ops::Range<usize>,
    cuts: &[(usize, Style)],
) -> Vec<Span<'a>> {
    let mut cuts: Vec<(usize, Style)> = cuts.to_vec();
    cuts.sort_by_key(|c| c.0);
    let style_at = |at: usize| {
        cuts.iter()
            .take_while(|c| c.0 <= at)
            .last()
            .map_or(Style::new(), |c| c.1)
    };
    let mut points: Vec<usize> = cuts
        .iter()
        .map(|c| c.0)
        .filter(|&p| p > range.start && p < range.end)
        .collect();
    points.push(range.start);
    points.push(range.end);
    points.sort_unstable();
    points.dedup();
    points
        .windows(2)
        .filter_map(|w| {
            let piece = text.get(w[0]..w[1]).filter(|s| !s.is_empty())?;
            Some(Span::styled(piece, style_at(w[0])))
        })
        .collect()
}
