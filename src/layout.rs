//! Screen geometry, shared by the state machine (which must know how many rows
//! a page is and how wide the text runs) and the drawing code.

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

/// Which pane a narrow screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    List,
    Reader,
    /// The bookmarks view takes the whole screen at any width.
    Bookmarks,
    /// So does the people view.
    People,
}

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
    /// `narrow_shows` decides the single pane of a narrow screen.
    pub fn compute(width: u16, height: u16, narrow_shows: Shown) -> Layout {
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
        if narrow_shows == Shown::Bookmarks {
            return Layout {
                bookmarks: Some(body),
                status,
                ..Layout::default()
            };
        }
        if narrow_shows == Shown::People {
            return Layout {
                people: Some(body),
                status,
                ..Layout::default()
            };
        }
        if width < NARROW_BELOW {
            return match narrow_shows {
                Shown::Reader => Layout {
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
        // In u32: nine times a very wide terminal overflows u16.
        let list_width = (u32::from(width) * 9 / 20).clamp(30, 64) as u16;
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
        let l = Layout::compute(120, 40, Shown::List);
        let (list, reader) = (l.list.unwrap_or_default(), l.reader.unwrap_or_default());
        assert_eq!(list.width + reader.width, 120);
        assert_eq!(reader.x, list.width);
        assert_eq!(l.status.map(|s| s.y), Some(39));
    }

    #[test]
    fn narrow_screens_show_one_pane() {
        let l = Layout::compute(60, 20, Shown::Reader);
        assert!(l.list.is_none());
        assert_eq!(l.reader.map(|r| r.width), Some(60));
    }

    #[test]
    fn the_widest_screen_a_terminal_can_report_still_splits() {
        let l = Layout::compute(u16::MAX, u16::MAX, Shown::List);
        assert_eq!(l.list.map(|a| a.width), Some(64));
        assert_eq!(l.reader.map(|a| a.width), Some(u16::MAX - 64));
    }

    #[test]
    fn a_one_cell_screen_has_no_status_bar() {
        let l = Layout::compute(1, 1, Shown::List);
        assert!(l.status.is_none());
        assert_eq!(l.list.map(|a| (a.width, a.height)), Some((1, 1)));
    }
}
