//! How the list and the reader are laid out: date format, list columns.

use crate::article::Date;

/// A date pattern: `%Y`, `%y`, `%m`, `%d`, `%e`, `%b` and `%%`; the rest as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateFormat {
    pattern: String,
    pieces: Vec<Piece>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Year,
    ShortYear,
    Month,
    MonthName,
    Day,
    DayUnpadded,
}

/// A `%` code the date format does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” is not a date code here: use %Y, %y, %m, %b, %d, %e or %%")]
pub struct BadDateFormat(pub String);

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Default for DateFormat {
    fn default() -> DateFormat {
        DateFormat {
            pattern: "%Y-%m-%d".to_string(),
            pieces: vec![
                Piece::Year,
                Piece::Text("-".into()),
                Piece::Month,
                Piece::Text("-".into()),
                Piece::Day,
            ],
        }
    }
}

impl DateFormat {
    pub fn parse(pattern: &str) -> Result<DateFormat, BadDateFormat> {
        let mut pieces = Vec::new();
        let mut text = String::new();
        let mut chars = pattern.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                // Control characters would reach the terminal as they are.
                if !c.is_control() {
                    text.push(c);
                }
                continue;
            }
            let piece = match chars.next() {
                Some('%') => {
                    text.push('%');
                    continue;
                }
                Some('Y') => Piece::Year,
                Some('y') => Piece::ShortYear,
                Some('m') => Piece::Month,
                Some('b') => Piece::MonthName,
                Some('d') => Piece::Day,
                Some('e') => Piece::DayUnpadded,
                other => {
                    return Err(BadDateFormat(format!(
                        "%{}",
                        other.map(String::from).unwrap_or_default()
                    )));
                }
            };
            if !text.is_empty() {
                pieces.push(Piece::Text(std::mem::take(&mut text)));
            }
            pieces.push(piece);
        }
        if !text.is_empty() {
            pieces.push(Piece::Text(text));
        }
        Ok(DateFormat {
            pattern: pattern.to_string(),
            pieces,
        })
    }

    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    pub fn format(&self, date: Date) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Year => out.push_str(&format!("{:04}", date.year())),
                Piece::ShortYear => out.push_str(&format!("{:02}", date.year() % 100)),
                Piece::Month => out.push_str(&format!("{:02}", date.month())),
                Piece::MonthName => out.push_str(
                    MONTHS
                        .get(usize::from(date.month()).saturating_sub(1))
                        .unwrap_or(&"?"),
                ),
                Piece::Day => out.push_str(&format!("{:02}", date.day())),
                Piece::DayUnpadded => out.push_str(&format!("{:>2}", date.day())),
            }
        }
        out
    }
}

/// A column of the story list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// Unread ● and bookmark ★.
    Marks,
    Date,
    Headline,
    Source,
}

impl Column {
    pub const ALL: [Column; 4] = [
        Column::Marks,
        Column::Date,
        Column::Headline,
        Column::Source,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Column::Marks => "marks",
            Column::Date => "date",
            Column::Headline => "headline",
            Column::Source => "source",
        }
    }

    pub fn from_name(name: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// Which way the story list runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    #[default]
    NewestFirst,
    OldestFirst,
}

impl SortOrder {
    pub fn name(self) -> &'static str {
        match self {
            SortOrder::NewestFirst => "newest",
            SortOrder::OldestFirst => "oldest",
        }
    }

    pub fn from_name(name: &str) -> Option<SortOrder> {
        [SortOrder::NewestFirst, SortOrder::OldestFirst]
            .into_iter()
            .find(|s| s.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date() -> Date {
        Date::new(2024, 3, 7).expect("a real day")
    }

    #[test]
    fn a_date_format_writes_the_codes_it_knows() {
        let f = DateFormat::parse("%e %b %y (%%)").expect("a good format");
        assert_eq!(f.format(date()), " 7 Mar 24 (%)");
        assert_eq!(DateFormat::default().format(date()), "2024-03-07");
    }

    #[test]
    fn an_unknown_date_code_is_refused_by_name() {
        assert_eq!(DateFormat::parse("%Y-%q"), Err(BadDateFormat("%q".into())));
    }
}
