use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::{Theme, fit_width};
use crate::app::{App, PageLineKind, PeopleSort, PeopleView, PersonPage, QUOTE_INDENT};

/// Columns of the counts and the date, right of the name.
const COUNT_WIDTH: usize = 7;
const DATE_WIDTH: usize = 10;
/// Below this the date column gives its room to the name.
const DATED_FROM: usize = 50;
/// Wider than this, the name column would put the counts far from it.
const NAME_WIDTH: usize = 44;

/// The people view: everyone with their counts, or one person's page.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(view) = app.people_view() else {
        return;
    };
    match &view.page {
        Some(page) => draw_page(frame, area, app, page, theme),
        None => draw_people(frame, area, app, view, theme),
    }
}

/// What the title says of an index still catching up.
fn catching_up(app: &App) -> String {
    match app.people_left {
        0 => String::new(),
        n => format!("· indexing: {} left ", plural(n, "story", "stories")),
    }
}

/// A name with the part the filter matched standing out. The filter also
/// matches other forms of the name and ignores accents; those matches have
/// nothing in the shown name to point at, and the name is drawn plain.
fn matched(name: String, filter: &str, theme: &Theme) -> Vec<Span<'static>> {
    let lower = name.to_lowercase();
    let wanted = filter.trim().to_lowercase();
    // Offsets into the lowered name are the name's only when lowering kept
    // every byte length.
    let found = (!wanted.is_empty() && lower.len() == name.len())
        .then(|| lower.find(&wanted))
        .flatten()
        .filter(|&at| name.is_char_boundary(at) && name.is_char_boundary(at + wanted.len()));
    match found {
        Some(at) => {
            let end = at + wanted.len();
            vec![
                Span::styled(name[..at].to_string(), theme.title()),
                Span::styled(
                    name[at..end].to_string(),
                    theme.title().patch(theme.search_match()),
                ),
                Span::styled(name[end..].to_string(), theme.title()),
            ]
        }
        None => vec![Span::styled(name, theme.title())],
    }
}

fn draw_people(frame: &mut Frame, area: Rect, app: &App, view: &PeopleView, theme: &Theme) {
    let mut title = format!(" People · {} · {} ", view.total(), view.sort.label());
    if !view.filter.is_empty() {
        title.push_str(&format!(
            "· matching \u{201c}{}\u{201d}: {} ",
            crate::text::clean_line(&view.filter),
            view.len()
        ));
    }
    title.push_str(&catching_up(app));
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if view.is_empty() {
        let text = if !view.filter.is_empty() {
            format!(
                "No one matches \u{201c}{}\u{201d}. Esc clears the filter.",
                crate::text::clean_line(&view.filter)
            )
        } else if app.people_left > 0 {
            format!(
                "No one yet: indexing, {} to go.",
                plural(app.people_left, "story", "stories")
            )
        } else {
            "No one is named in the stories the list shows.".to_string()
        };
        let hint = Paragraph::new(text)
            .style(theme.dim())
            .wrap(Wrap { trim: true });
        frame.render_widget(hint, inner);
        return;
    }
    let width = usize::from(inner.width);
    let dated = width >= DATED_FROM;
    // The bar and a space, then the name, then each column after two
    // spaces, and one column of air at the right.
    let fixed = 3 + 2 * (COUNT_WIDTH + 2) + if dated { DATE_WIDTH + 2 } else { 0 };
    let name_width = width.saturating_sub(fixed).min(NAME_WIDTH);
    let heading = |label: &str, sort: Option<PeopleSort>, w: usize, right: bool| {
        let text = if right {
            format!("{label:>w$}")
        } else {
            format!("{label:<w$}")
        };
        // The column the rows are sorted by stands out by more than colour.
        let style = if sort == Some(view.sort) {
            theme.title().add_modifier(Modifier::UNDERLINED)
        } else {
            theme.dim()
        };
        Span::styled(text, style)
    };
    let mut head = vec![
        Span::raw("  "),
        heading("name", Some(PeopleSort::Name), name_width, false),
        Span::raw("  "),
        heading("quotes", Some(PeopleSort::Quotations), COUNT_WIDTH, true),
        Span::raw("  "),
        heading("stories", Some(PeopleSort::Stories), COUNT_WIDTH, true),
    ];
    if dated {
        head.push(Span::raw("  "));
        head.push(heading("last named", None, DATE_WIDTH, false));
    }
    let mut lines = vec![Line::from(head)];
    let rows = usize::from(inner.height).saturating_sub(1);
    for i in (view.offset..view.len()).take(rows) {
        let Some(row) = view.row(i) else { continue };
        let chosen = i == view.selected;
        let name = fit_width(app.people.name(row.id).unwrap_or(""), name_width);
        let pad = name_width.saturating_sub(name.width());
        let mut spans = vec![
            if chosen {
                Span::styled("▌", theme.cursor())
            } else {
                Span::raw(" ")
            },
            Span::raw(" "),
        ];
        spans.extend(matched(name, &view.filter, theme));
        spans.extend([
            Span::raw(" ".repeat(pad + 2)),
            Span::raw(format!("{:>COUNT_WIDTH$}", row.quotations)),
            Span::raw("  "),
            Span::raw(format!("{:>COUNT_WIDTH$}", row.stories)),
        ]);
        if dated {
            let date = row.last.map_or_else(String::new, |d| d.to_string());
            spans.push(Span::raw("  "));
            spans.push(Span::styled(format!("{date:<DATE_WIDTH$}"), theme.dim()));
        }
        let line = Line::from(spans);
        lines.push(if chosen {
            line.style(theme.selected(true))
        } else {
            line
        });
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_page(frame: &mut Frame, area: Rect, app: &App, page: &PersonPage, theme: &Theme) {
    let mut title = format!(
        " {} · {} in {} ",
        crate::text::clean_line(&page.name),
        plural(page.quotes.len(), "quotation", "quotations"),
        plural(page.stories, "story", "stories")
    );
    if !page.forms.is_empty() {
        let forms: Vec<String> = page
            .forms
            .iter()
            .map(|f| format!("\u{201c}{}\u{201d}", crate::text::clean_line(f)))
            .collect();
        title.push_str(&format!("· also {} ", forms.join(", ")));
    }
    title.push_str(&catching_up(app));
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if page.quotes.is_empty() {
        let hint = Paragraph::new(format!(
            "No quotation of {} in the library. f lists the stories that name them.",
            page.name
        ))
        .style(theme.dim())
        .wrap(Wrap { trim: true });
        frame.render_widget(hint, inner);
        return;
    }
    let width = usize::from(inner.width);
    let lines: Vec<Line> = page
        .lines
        .iter()
        .skip(page.scroll)
        .take(usize::from(inner.height))
        .filter_map(|l| {
            let quote = page.quotes.get(l.quote)?;
            let chosen = l.quote == page.selected;
            let bar = if chosen && l.kind != PageLineKind::Blank {
                Span::styled("▌", theme.cursor())
            } else {
                Span::raw(" ")
            };
            let mut spans = vec![bar, Span::raw(" ")];
            match l.kind {
                PageLineKind::Header => {
                    let date = quote
                        .date
                        .map_or_else(|| "undated".to_string(), |d| d.to_string());
                    let meta = format!("{date}  ");
                    let room = width.saturating_sub(2 + meta.width());
                    let title_style = if chosen {
                        theme.title().patch(theme.selected(true))
                    } else {
                        theme.title()
                    };
                    spans.push(Span::styled(meta, theme.dim()));
                    spans.push(Span::styled(fit_width(&quote.title, room), title_style));
                }
                PageLineKind::Text => {
                    spans.push(Span::raw(" ".repeat(QUOTE_INDENT)));
                    let style = if chosen {
                        theme.quote_chosen()
                    } else {
                        theme.quote()
                    };
                    spans.push(Span::styled(
                        quote.text.get(l.range.clone()).unwrap_or(""),
                        style,
                    ));
                }
                PageLineKind::Blank => {}
            }
            Some(Line::from(spans))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
