//! Screen geometry, shared by the state machine (which must know how many rows
//! a page is and how wide the text runs) and the drawing code. What goes
//! where follows the app's [`Screen`].

use crate::app::{Pane, Screen};

/// A rectangle of terminal cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Area {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub height: u16,
}

impl Area {
    /// Lines of text inside the border, at least one.
    pub fn text_rows(self) -> usize {
        usize::from(self.inner().height).max(1)
    }

    /// The text width of a full-screen page (bookmarks, a person's
    /// quotations): inside the border and its margin, at most the measure.
    pub fn page_width(self) -> usize {
        usize::from(self.inner().width)
            .saturating_sub(3)
            .clamp(1, usize::from(MAX_TEXT_WIDTH))
    }

    pub fn contains(self, column: u16, row: u16) -> bool {
        column >= self.x
            && row >= self.y
            && u32::from(column) < u32::from(self.x) + u32::from(self.width)
            && u32::from(row) < u32::from(self.y) + u32::from(self.height)
    }

    /// The area inside a one-cell border.
    pub fn inner(self) -> Area {
        Area {
            x: self.x.saturating_add(1),
            y: self.y.saturating_add(1),
            width: self.width.saturating_sub(2),
            height: self.height.saturating_sub(2),
        }
    }
}

/// Below this width the two panes do not fit side by side.
pub const NARROW_BELOW: u16 = 80;
/// Columns left of the text in the reading pane: passage cursor and marks.
pub const GUTTER: u16 = 3;
/// Wider gutter, when there is room, for the speaker of a quotation.
pub const WIDE_GUTTER: u16 = 14;
/// Lines of text longer than this are hard to read; the text column stops here.
pub const MAX_TEXT_WIDTH: u16 = 100;
/// The reading measure unless the configuration says otherwise: a story's
/// text runs at most this wide.
pub const MEASURE: u16 = 76;
/// Columns of a reading pane besides its text: borders, wide gutter, air.
const READER_FRAME: u16 = 2 + WIDE_GUTTER + 1;

/// Where each part of the screen goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Layout {
    pub list: Option<Area>,
    pub reader: Option<Area>,
    pub bookmarks: Option<Area>,
    pub people: Option<Area>,
    pub status: Option<Area>,
}

impl Layout {
    /// `screen` decides the single pane of a narrow screen (the bookmarks
    /// and people views take the whole screen at any width; the views over
    /// the panes lie over the pane they go back to); `measure` is the widest
    /// the reading pane's text runs, and the list takes the columns a wide
    /// screen has beyond it.
    pub fn compute(width: u16, height: u16, screen: &Screen, measure: u16) -> Layout {
        let status_rows = u16::from(height >= 3);
        // Built only when there is a status row: a terminal can report 0x0.
        let status = (status_rows == 1).then(|| Area {
            x: 0,
            y: height - 1,
            width,
            height: 1,
        });
        let body = Area {
            x: 0,
            y: 0,
            width,
            height: height - status_rows,
        };
        match screen.beneath_log() {
            Screen::Bookmarks(_) => {
                return Layout {
                    bookmarks: Some(body),
                    status,
                    ..Layout::default()
                };
            }
            Screen::People(_) => {
                return Layout {
                    people: Some(body),
                    status,
                    ..Layout::default()
                };
            }
            _ => {}
        }
        if width < NARROW_BELOW {
            return match screen.pane() {
                Some(Pane::Reader) => Layout {
                    reader: Some(body),
                    status,
                    ..Layout::default()
                },
                _ => Layout {
                    list: Some(body),
                    status,
                    ..Layout::default()
                },
            };
        }
        // In u32: nine times a very wide terminal overflows u16. The list
        // has at least 45% (30 columns at the least); beyond what the reader's
        // measure needs, every column goes to the list's headlines.
        let share = (u32::from(width) * 9 / 20).max(30);
        let beyond = u32::from(width).saturating_sub(u32::from(measure) + u32::from(READER_FRAME));
        let list_width = share.max(beyond).min(u32::from(width) - 1) as u16;
        Layout {
            list: Some(Area {
                width: list_width,
                ..body
            }),
            reader: Some(Area {
                x: list_width,
                width: width - list_width,
                ..body
            }),
            bookmarks: None,
            people: None,
            status,
        }
    }
}

/// The text column of a reading pane: gutter width and text width.
pub fn reader_columns(reader: Area, measure: u16) -> (u16, u16) {
    let inner = reader.inner();
    let gutter = if inner.width >= 60 {
        WIDE_GUTTER
    } else {
        GUTTER
    };
    let gutter = gutter.min(inner.width);
    // One column of air on the right, so text never touches the border.
    let text = inner
        .width
        .saturating_sub(gutter + 1)
        .clamp(1, measure.max(1));
    (gutter, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_screens_split_into_list_and_reader() {
        let l = Layout::compute(120, 40, &Screen::List, MEASURE);
        let (list, reader) = (l.list.unwrap_or_default(), l.reader.unwrap_or_default());
        assert_eq!(list.width + reader.width, 120);
        assert_eq!(reader.x, list.width);
        assert_eq!(l.status.map(|s| s.y), Some(39));
    }

    #[test]
    fn narrow_screens_show_one_pane() {
        let l = Layout::compute(60, 20, &Screen::Reader, MEASURE);
        assert!(l.list.is_none());
        assert_eq!(l.reader.map(|r| r.width), Some(60));
    }

    #[test]
    fn the_widest_screen_a_terminal_can_report_still_splits() {
        let l = Layout::compute(u16::MAX, u16::MAX, &Screen::List, MEASURE);
        let reader = l.reader.map(|a| a.width);
        assert_eq!(reader, Some(MEASURE + READER_FRAME));
        assert_eq!(
            l.list.map(|a| a.width),
            Some(u16::MAX - MEASURE - READER_FRAME)
        );
    }

    #[test]
    fn a_wider_screen_gives_the_list_every_column_the_reader_does_not_need() {
        let at = |width| Layout::compute(width, 40, &Screen::List, MEASURE);
        let list = |l: Layout| l.list.unwrap_or_default().width;
        let reader = |l: Layout| l.reader.unwrap_or_default().width;
        assert_eq!(list(at(80)), 36, "45% on a small screen");
        assert_eq!(list(at(120)), 54);
        assert_eq!(reader(at(200)), MEASURE + READER_FRAME);
        let (gutter, text) = reader_columns(at(200).reader.unwrap_or_default(), MEASURE);
        assert_eq!((gutter, text), (WIDE_GUTTER, MEASURE));
        assert!(list(at(200)) > list(at(120)));
    }

    #[test]
    fn a_one_cell_screen_has_no_status_bar() {
        let l = Layout::compute(1, 1, &Screen::List, MEASURE);
        assert!(l.status.is_none());
        assert_eq!(l.list.map(|a| (a.width, a.height)), Some((1, 1)));
    }
}
