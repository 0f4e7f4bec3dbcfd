//! The people view: everyone named in the stories the list shows, and a
//! person's page of everything they said. `W` opens it from the list, or
//! from the reader on the person chosen with `p`/`P`.
//!
//! Listing everyone is one pass over the index's counts (no names copied,
//! nothing folded: the index keeps each name's folded text and searches it
//! for the filter), and only the rows on screen and some way past them are
//! put in order; the rest are sorted as the reader scrolls to them.

use std::cmp::Ordering;
use std::collections::HashSet;
use std::ops::Range;

use super::{App, Pane, Screen, reveal_cursor, show_quote};
use crate::article::{ArticleId, Date};
use crate::keymap::{Action, Key, KeyCode, Scope};
use crate::people::{People, PersonId, fold};

/// What the people view sorts by; `s` goes round them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PeopleSort {
    #[default]
    Quotations,
    Stories,
    Name,
}

impl PeopleSort {
    /// What the view's title says.
    pub fn label(self) -> &'static str {
        match self {
            PeopleSort::Quotations => "by quotations",
            PeopleSort::Stories => "by stories",
            PeopleSort::Name => "by name",
        }
    }

    fn next(self) -> PeopleSort {
        match self {
            PeopleSort::Quotations => PeopleSort::Stories,
            PeopleSort::Stories => PeopleSort::Name,
            PeopleSort::Name => PeopleSort::Quotations,
        }
    }
}

/// A person as the view lists them, counted over the stories in its scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRow {
    pub id: PersonId,
    /// Stories that name them.
    pub stories: usize,
    pub quotations: usize,
    /// When they were last in the news.
    pub last: Option<Date>,
    /// See [`crate::people::Summary::sort_key`].
    sort_key: u64,
}

/// A quotation on a person's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageQuote {
    pub story: ArticleId,
    pub title: String,
    pub date: Option<Date>,
    pub para: usize,
    /// Bytes of the paragraph, quotation marks included.
    pub range: Range<usize>,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageLineKind {
    /// The story's date and title.
    Header,
    /// A line of the quotation's text.
    Text,
    Blank,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLine {
    pub quote: usize,
    pub kind: PageLineKind,
    /// Bytes of the quotation's text on this line.
    pub range: Range<usize>,
}

/// Columns the text of a quotation is indented by on a person's page.
pub const QUOTE_INDENT: usize = 4;

/// Everything one person said, newest first, laid out for the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonPage {
    pub id: PersonId,
    pub name: String,
    /// The other forms the stories use.
    pub forms: Vec<String>,
    pub stories: usize,
    pub quotes: Vec<PageQuote>,
    pub selected: usize,
    pub scroll: usize,
    pub width: usize,
    pub lines: Vec<PageLine>,
    /// For each quotation, the range of `lines` it takes.
    quote_lines: Vec<Range<usize>>,
}

impl PersonPage {
    fn of(people: &People, id: PersonId) -> Option<PersonPage> {
        let person = people.person(id)?;
        let quotes = people
            .quotations_of(id)
            .into_iter()
            .map(|q| PageQuote {
                story: q.story.id(),
                title: q.story.title().to_string(),
                date: q.story.date(),
                para: q.para,
                range: q.range.clone(),
                text: q.text.to_string(),
            })
            .collect();
        Some(PersonPage {
            id,
            forms: person
                .forms
                .iter()
                .filter(|f| **f != person.name)
                .cloned()
                .collect(),
            name: person.name,
            stories: person.stories.len(),
            quotes,
            selected: 0,
            scroll: 0,
            width: 0,
            lines: Vec::new(),
            quote_lines: Vec::new(),
        })
    }

    pub fn selected_quote(&self) -> Option<&PageQuote> {
        self.quotes.get(self.selected)
    }

    fn layout(&mut self, width: usize) {
        self.width = width;
        self.lines.clear();
        self.quote_lines.clear();
        let text_width = width.saturating_sub(QUOTE_INDENT).max(1);
        for (i, q) in self.quotes.iter().enumerate() {
            let first = self.lines.len();
            let line = |kind, range| PageLine {
                quote: i,
                kind,
                range,
            };
            self.lines.push(line(PageLineKind::Header, 0..0));
            for r in super::wrap(&q.text, text_width) {
                self.lines.push(line(PageLineKind::Text, r));
            }
            self.lines.push(line(PageLineKind::Blank, 0..0));
            self.quote_lines.push(first..self.lines.len());
        }
    }

    /// Scrolls so that the chosen quotation is on screen, all of it when it fits.
    fn reveal(&mut self, rows: usize) {
        let Some(lines) = self.quote_lines.get(self.selected) else {
            self.scroll = 0;
            return;
        };
        if lines.start < self.scroll {
            self.scroll = lines.start;
        } else if lines.end > self.scroll + rows {
            let len = lines.end - lines.start;
            self.scroll = if len <= rows {
                lines.end - rows
            } else {
                lines.start
            };
        }
        self.scroll = self.scroll.min(self.lines.len().saturating_sub(rows));
    }
}

/// Rows put in order at a time, past those on screen: the first screen
/// of 300,000 people sorts only these, the rest as the reader goes down.
const SORT_AHEAD: usize = 512;

/// The people view's state: the rows and where the reader is in them.
#[derive(Debug, Clone, Default)]
pub struct PeopleView {
    /// Everyone in scope, in the index's order.
    rows: Vec<PersonRow>,
    /// Each person's row, by [`PersonId::index`]; `u32::MAX` for none.
    row_of: Vec<u32>,
    pub sort: PeopleSort,
    /// The filter as typed.
    pub filter: String,
    /// Set while keys go into the filter.
    pub typing: bool,
    /// The rows the filter lets through; the first `sorted` of them in the
    /// order of `sort`, the rest after them in no order yet.
    shown: Vec<u32>,
    sorted: usize,
    /// Index into the shown rows.
    pub selected: usize,
    /// First shown row on screen.
    pub offset: usize,
    /// Set while one person's page is open.
    pub page: Option<PersonPage>,
    /// The stories the list showed when the view opened; None for all.
    scope: Option<HashSet<ArticleId>>,
    /// Stories in the index when the rows were counted; None before.
    counted: Option<usize>,
    /// Where Esc goes back to from the view.
    back: Option<Pane>,
    /// The page was opened on its own (from the reader): Esc leaves the
    /// view rather than showing everyone.
    page_alone: bool,
}

impl PeopleView {
    /// How many rows the filter lets through.
    pub fn len(&self) -> usize {
        self.shown.len()
    }

    pub fn is_empty(&self) -> bool {
        self.shown.is_empty()
    }

    /// Every person in scope, however filtered.
    pub fn total(&self) -> usize {
        self.rows.len()
    }

    /// A shown row, counting from the top: in order as far as the view has
    /// been scrolled (see [`PeopleView::follow`]).
    pub fn row(&self, i: usize) -> Option<&PersonRow> {
        self.shown.get(i).and_then(|&r| self.rows.get(r as usize))
    }

    pub fn selected_row(&self) -> Option<&PersonRow> {
        self.row(self.selected)
    }

    /// Whether the rows have been counted at all.
    pub fn counted(&self) -> bool {
        self.counted.is_some()
    }

    /// Counts everyone in scope again, keeping the same person selected.
    fn count(&mut self, people: &People, screen: usize) {
        let keep = self.selected_row().map(|r| r.id);
        self.rows = rows_of(people, self.scope.as_ref());
        self.row_of = vec![u32::MAX; people.id_bound()];
        for (i, r) in self.rows.iter().enumerate() {
            if let Some(slot) = self.row_of.get_mut(r.id.index()) {
                *slot = narrow(i);
            }
        }
        self.counted = Some(people.len());
        self.refilter(people, keep, screen);
    }

    /// How two rows compare in the order of `sort`: names break ties, as
    /// folded (then as written, then by id, so the order is total).
    fn compare(sort: PeopleSort, people: &People, a: &PersonRow, b: &PersonRow) -> Ordering {
        let by_name = || {
            a.sort_key
                .cmp(&b.sort_key)
                .then_with(|| people.folded_name(a.id).cmp(people.folded_name(b.id)))
                .then_with(|| people.name(a.id).cmp(&people.name(b.id)))
                .then(a.id.cmp(&b.id))
        };
        match sort {
            PeopleSort::Quotations => (b.quotations, b.stories)
                .cmp(&(a.quotations, a.stories))
                .then_with(by_name),
            PeopleSort::Stories => (b.stories, b.quotations)
                .cmp(&(a.stories, a.quotations))
                .then_with(by_name),
            PeopleSort::Name => by_name(),
        }
    }

    /// Puts the shown rows in order as far as `upto`, and some way past it.
    fn sort_upto(&mut self, people: &People, upto: usize) {
        let upto = upto.min(self.shown.len());
        if upto <= self.sorted && self.sorted > 0 || self.shown.is_empty() {
            return;
        }
        let (rows, sort) = (&self.rows, self.sort);
        let cmp = |a: &u32, b: &u32| match (rows.get(*a as usize), rows.get(*b as usize)) {
            (Some(a), Some(b)) => PeopleView::compare(sort, people, a, b),
            _ => a.cmp(b),
        };
        let rest = &mut self.shown[self.sorted..];
        let want = (upto - self.sorted).max(SORT_AHEAD);
        if want < rest.len() / 2 {
            rest.select_nth_unstable_by(want, cmp);
            rest[..want].sort_unstable_by(cmp);
            self.sorted += want;
        } else {
            rest.sort_unstable_by(cmp);
            self.sorted = self.shown.len();
        }
    }

    /// Applies the filter and the sort, keeping `keep` selected when it
    /// still shows, on a screen of `screen` rows.
    fn refilter(&mut self, people: &People, keep: Option<PersonId>, screen: usize) {
        let wanted = fold(&self.filter);
        self.shown = if wanted.is_empty() {
            (0..self.rows.len()).map(narrow).collect()
        } else {
            let mut hits: Vec<u32> = people
                .containing(&wanted)
                .into_iter()
                .filter_map(|id| self.row_of.get(id.index()).copied())
                .filter(|&r| r != u32::MAX)
                .collect();
            hits.sort_unstable();
            hits
        };
        self.sorted = 0;
        self.sort_upto(people, screen);
        let kept = keep.and_then(|id| {
            let at =
                |v: &PeopleView| (0..v.shown.len()).find(|&i| v.row(i).is_some_and(|r| r.id == id));
            match at(self) {
                Some(i) if i < self.sorted => Some(i),
                Some(_) => {
                    // Further down than sorted yet: sort the rest to know where.
                    self.sort_upto(people, self.shown.len());
                    at(self)
                }
                None => None,
            }
        });
        self.selected = kept.unwrap_or(0);
        self.offset = 0;
        self.follow(people, screen);
    }

    /// Keeps the selected row on a screen of `rows` rows, and the rows on
    /// screen in order.
    fn follow(&mut self, people: &People, rows: usize) {
        let rows = rows.max(1);
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
        self.offset = self.offset.min(self.shown.len().saturating_sub(rows));
        self.sort_upto(people, self.offset + rows);
    }
}

fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Everyone named in the stories of `scope` (all when None), with what they
/// did there.
fn rows_of(people: &People, scope: Option<&HashSet<ArticleId>>) -> Vec<PersonRow> {
    people
        .summaries()
        .into_iter()
        .filter_map(|p| {
            let (stories, quotations, last) = match scope {
                None => (p.stories, p.quotations, p.last),
                Some(scope) => in_scope(people, p.id, p.quotations, scope)?,
            };
            Some(PersonRow {
                id: p.id,
                stories,
                quotations,
                last,
                sort_key: p.sort_key,
            })
        })
        .collect()
}

/// A person's stories, quotations and last date within `scope`; None when
/// no story of theirs is in it.
fn in_scope(
    people: &People,
    id: PersonId,
    quoted: usize,
    scope: &HashSet<ArticleId>,
) -> Option<(usize, usize, Option<Date>)> {
    let p = people.person(id)?;
    let inside: Vec<ArticleId> = p
        .stories
        .iter()
        .copied()
        .filter(|s| scope.contains(s))
        .collect();
    if inside.is_empty() {
        return None;
    }
    // Most people are never quoted: no need to ask.
    let quotations = if quoted == 0 {
        0
    } else {
        people
            .quotations_of(id)
            .iter()
            .filter(|q| scope.contains(&q.story.id()))
            .count()
    };
    let last = inside
        .iter()
        .filter_map(|&s| people.story(s).and_then(|s| s.date()))
        .max();
    Some((inside.len(), quotations, last))
}

/// The list narrowed to the stories that name one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonFilter {
    /// What the list title calls them.
    pub name: String,
    pub stories: HashSet<ArticleId>,
}

impl App {
    /// Rows of people the view shows, below its line of column headings.
    pub fn people_rows(&self) -> usize {
        self.layout().people.map_or(1, |a| {
            usize::from(a.inner().height).saturating_sub(1).max(1)
        })
    }

    /// Lines of a person's page on screen.
    fn page_rows(&self) -> usize {
        self.layout()
            .people
            .map_or(1, crate::layout::Area::text_rows)
    }

    /// The text width of a person's page.
    pub fn page_width(&self) -> usize {
        self.layout()
            .people
            .map_or(40, crate::layout::Area::page_width)
    }

    /// Opens the people view over the stories the list shows.
    pub(super) fn open_people(&mut self) {
        let scope = self.shown_rows().map(|rows| {
            rows.iter()
                .filter_map(|&i| self.library.articles.get(i).map(|a| a.id))
                .collect()
        });
        let mut view = PeopleView {
            scope,
            back: self.screen.pane(),
            ..PeopleView::default()
        };
        view.count(&self.people, self.people_rows());
        self.screen = Screen::People(Box::new(view));
        self.relayout_people();
    }

    /// `W` in the reader: the page of the person chosen with `p`/`P`, or
    /// everyone when no one is chosen.
    pub(super) fn open_chosen_person(&mut self) {
        let chosen = self.reader.as_ref().and_then(|r| {
            let p = r.analysis.people.get(r.person?)?;
            Some((p.name.clone(), r.story.id))
        });
        let Some((name, story)) = chosen else {
            return self.open_people();
        };
        let Some(id) = library_person(&self.people, &name, story) else {
            let catching_up = match self.people_left {
                0 => String::new(),
                n => format!(" (indexing: {n} stories left)"),
            };
            self.status = Some(format!(
                "{name} is not in the people index yet{catching_up}"
            ));
            return;
        };
        let view = PeopleView {
            back: self.screen.pane(),
            page_alone: true,
            ..PeopleView::default()
        };
        self.screen = Screen::People(Box::new(view));
        self.open_page(id);
    }

    fn open_page(&mut self, id: PersonId) {
        let width = self.page_width();
        let rows = self.page_rows();
        let Some(mut page) = PersonPage::of(&self.people, id) else {
            self.status = Some("No longer in the people index".to_string());
            return;
        };
        page.layout(width);
        page.reveal(rows);
        if let Some(view) = self.screen.people_mut() {
            view.page = Some(page);
        }
    }

    /// After stories joined the index: counts the open view again. Not on
    /// every batch while the index catches up, as counting everyone takes
    /// a while: when the index has doubled since, and once it has caught up.
    pub(super) fn people_indexed(&mut self) {
        let now = self.people.len();
        let caught_up = self.people_left == 0;
        let rows = self.people_rows();
        if let Some(view) = self.screen.people_mut()
            && let Some(counted) = view.counted
            && (caught_up || now >= counted.saturating_mul(2))
        {
            view.count(&self.people, rows);
        }
    }

    /// Keeps the view laid out for the screen after a resize.
    pub(super) fn relayout_people(&mut self) {
        let width = self.page_width();
        let page_rows = self.page_rows();
        let rows = self.people_rows();
        let Some(view) = self.screen.people_mut() else {
            return;
        };
        view.follow(&self.people, rows);
        if let Some(page) = view.page.as_mut() {
            if page.width != width {
                page.layout(width);
            }
            page.reveal(page_rows);
        }
    }

    /// Leaves the view for where it was opened from.
    fn close_people(&mut self) {
        let back = self.screen.people().and_then(|v| v.back);
        self.show_pane(back.unwrap_or(Pane::List));
        self.relayout();
    }

    pub(super) fn people_action(&mut self, action: Action) {
        let rows = self.people_rows();
        let page_rows = self.page_rows();
        let Some(view) = self.screen.people_mut() else {
            return;
        };
        if let Some(page) = view.page.as_mut() {
            let last = page.quotes.len().saturating_sub(1);
            // A page down moves by quotations as tall as a screen, roughly.
            let page_step = (page_rows / 4).max(1);
            match action {
                Action::Down => page.selected = (page.selected + 1).min(last),
                Action::Up => page.selected = page.selected.saturating_sub(1),
                Action::PageDown => page.selected = (page.selected + page_step).min(last),
                Action::PageUp => page.selected = page.selected.saturating_sub(page_step),
                Action::Top => page.selected = 0,
                Action::Bottom => page.selected = last,
                Action::Open => return self.open_quotation(),
                Action::NarrowPerson => {
                    let (id, name) = (page.id, page.name.clone());
                    return self.narrow_to_person(id, name);
                }
                Action::Back if view.page_alone => return self.close_people(),
                Action::Back => {
                    view.page = None;
                    if !view.counted() {
                        view.count(&self.people, rows);
                    }
                    view.follow(&self.people, rows);
                    return;
                }
                Action::SortPeople | Action::FilterPeople => {
                    self.status = Some("Esc goes back to everyone".to_string());
                    return;
                }
                _ => return,
            }
            page.reveal(page_rows);
            return;
        }
        let last = view.len().saturating_sub(1);
        match action {
            Action::Down => view.selected = (view.selected + 1).min(last),
            Action::Up => view.selected = view.selected.saturating_sub(1),
            Action::PageDown => view.selected = (view.selected + rows).min(last),
            Action::PageUp => view.selected = view.selected.saturating_sub(rows),
            Action::Top => view.selected = 0,
            Action::Bottom => view.selected = last,
            Action::Open => {
                if let Some(id) = view.selected_row().map(|r| r.id) {
                    self.open_page(id);
                }
                return;
            }
            Action::SortPeople => {
                let keep = view.selected_row().map(|r| r.id);
                view.sort = view.sort.next();
                view.refilter(&self.people, keep, rows);
                self.status = Some(format!("Sorted {}", view.sort.label()));
            }
            Action::FilterPeople => {
                view.typing = true;
            }
            Action::NarrowPerson => {
                let chosen = view.selected_row().map(|r| r.id);
                if let Some((id, name)) =
                    chosen.and_then(|id| Some((id, self.people.name(id)?.to_string())))
                {
                    self.narrow_to_person(id, name);
                }
                return;
            }
            Action::Back if !view.filter.is_empty() => {
                view.filter.clear();
                let keep = view.selected_row().map(|r| r.id);
                view.refilter(&self.people, keep, rows);
            }
            Action::Back => return self.close_people(),
            _ => return,
        }
        view.follow(&self.people, rows);
    }

    /// Keys while the filter is typed. True when the key was taken.
    pub(super) fn people_typing_key(&mut self, key: Key) -> bool {
        let rows = self.people_rows();
        // Only while the view itself is shown: not under the message log.
        let Screen::People(view) = &mut self.screen else {
            return false;
        };
        if !view.typing {
            return false;
        }
        let keep = view.selected_row().map(|r| r.id);
        match (key.code, key.ctrl) {
            (KeyCode::Char('c'), true) => self.quit = true,
            (KeyCode::Esc, _) => {
                view.typing = false;
                view.filter.clear();
                view.refilter(&self.people, keep, rows);
            }
            (KeyCode::Enter, _) => view.typing = false,
            (KeyCode::Backspace, _) => {
                view.filter.pop();
                view.refilter(&self.people, keep, rows);
            }
            (KeyCode::Char('u'), true) => {
                view.filter.clear();
                view.refilter(&self.people, keep, rows);
            }
            (KeyCode::Down, _) => {
                view.selected = (view.selected + 1).min(view.len().saturating_sub(1))
            }
            (KeyCode::Up, _) => view.selected = view.selected.saturating_sub(1),
            (KeyCode::Char(c), false) if !crate::text::is_hazard(c) && !c.is_control() => {
                view.filter.push(c);
                view.refilter(&self.people, keep, rows);
            }
            _ => {}
        }
        view.follow(&self.people, rows);
        true
    }

    /// Opens the story of the chosen quotation in the reader, at it.
    fn open_quotation(&mut self) {
        let Some(quote) = self
            .screen
            .people()
            .and_then(|v| v.page.as_ref())
            .and_then(|p| p.selected_quote())
            .cloned()
        else {
            return;
        };
        let Some(index) = self.library.position(quote.story) else {
            self.status = Some(format!(
                "\u{201c}{}\u{201d} is not in this library",
                quote.title
            ));
            return;
        };
        self.open_story(index);
        if !self.screen.is_reader() {
            return;
        }
        let rows = self.reader_rows();
        let Some(r) = self.reader.as_mut() else {
            return;
        };
        let same = |q: &crate::analysis::Quote| q.span.para == quote.para;
        let at = r
            .analysis
            .quotes
            .iter()
            .position(|q| same(q) && q.span.range == quote.range)
            .or_else(|| {
                r.analysis.quotes.iter().position(|q| {
                    same(q)
                        && q.span.range.start < quote.range.end
                        && quote.range.start < q.span.range.end
                })
            });
        match at {
            Some(q) => self.status = Some(show_quote(r, rows, q)),
            // Not analysed yet (a large story) or edited since: the
            // paragraph is the best there is.
            None => {
                r.cursor = quote.para.min(r.view.para_lines.len().saturating_sub(1));
                reveal_cursor(r, rows);
            }
        }
    }

    /// Narrows the list to the stories that name a person and shows it.
    fn narrow_to_person(&mut self, id: PersonId, name: String) {
        let stories: HashSet<ArticleId> = self
            .people
            .person(id)
            .map(|p| p.stories.into_iter().collect())
            .unwrap_or_default();
        let n = self.person_rows_len(&stories);
        let again = self.key_name(Scope::List, Action::NarrowFeed);
        self.status = Some(format!(
            "Only the {} that name {}; {again} shows every story again",
            if n == 1 {
                "story".to_string()
            } else {
                format!("{n} stories")
            },
            name
        ));
        self.screen = Screen::List;
        self.narrow(None, |n| n.person = Some(PersonFilter { name, stories }));
        self.relayout();
    }

    /// `f` in a list narrowed to a person: every story again (of the feed,
    /// when one is chosen).
    pub(super) fn widen_from_person(&mut self) {
        let keep = self.selected_id();
        self.status = Some(match self.feed_only() {
            Some(f) => format!("Every story of {}", f.name),
            None => "Every story".to_string(),
        });
        self.narrow(keep, |n| n.person = None);
    }
}

/// The library's person for a name in one story: the one that story counts
/// for, when the name is shared (two Garcias), else the one it names.
fn library_person(people: &People, name: &str, story: ArticleId) -> Option<PersonId> {
    let found = people.find(name);
    let key = fold(name);
    let named = |id: PersonId| people.name(id).is_some_and(|n| fold(n) == key);
    let in_story = |id: PersonId| {
        people
            .person(id)
            .is_some_and(|p| p.stories.contains(&story))
    };
    let pick = |want: &dyn Fn(PersonId) -> bool| found.iter().copied().find(|&id| want(id));
    pick(&|id| in_story(id) && named(id))
        .or_else(|| pick(&in_story))
        .or_else(|| pick(&named))
        .or_else(|| found.first().copied())
}
