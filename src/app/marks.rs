//! The open story's highlights: quotations and mentions of people, as byte
//! ranges of paragraphs, indexed by paragraph for drawing.

use std::ops::Range;

use crate::analysis::Analysis;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    /// Index into `Analysis::quotes`.
    Quote(u32),
    /// Index into `Analysis::people`.
    Person(u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    // u32 offsets: a huge story has a million marks, and no paragraph
    // reaches 4 GB.
    start: u32,
    end: u32,
    pub kind: MarkKind,
}

impl Mark {
    fn new(range: &Range<usize>, kind: MarkKind) -> Mark {
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Mark {
            start: narrow(range.start),
            end: narrow(range.end),
            kind,
        }
    }

    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    by_para: Vec<Vec<Mark>>,
}

impl Marks {
    pub fn new(analysis: &Analysis, paragraphs: usize) -> Marks {
        let mut by_para: Vec<Vec<Mark>> = vec![Vec::new(); paragraphs];
        for (i, q) in analysis.quotes.iter().enumerate() {
            if let Some(list) = by_para.get_mut(q.span.para) {
                list.push(Mark::new(&q.span.range, MarkKind::Quote(narrow_index(i))));
            }
        }
        for (i, p) in analysis.people.iter().enumerate() {
            for m in &p.mentions {
                if let Some(list) = by_para.get_mut(m.para) {
                    list.push(Mark::new(&m.range, MarkKind::Person(narrow_index(i))));
                }
            }
        }
        for list in &mut by_para {
            list.sort_by_key(|m| (m.start, m.end));
        }
        Marks { by_para }
    }

    /// The marks of a paragraph that overlap `range`.
    pub fn overlapping(&self, para: usize, range: Range<usize>) -> impl Iterator<Item = &Mark> {
        self.by_para
            .get(para)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .take_while(move |m| (m.start as usize) < range.end)
            .filter(move |m| m.end as usize > range.start)
    }
}

fn narrow_index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// The short form of a name for the margin: its last word ("Bukele").
pub fn short_name(name: &str) -> &str {
    name.split_whitespace().last().unwrap_or(name)
}
