//! The open story's highlights: quotations and mentions of people, as byte
//! ranges of paragraphs, indexed by paragraph for drawing.

use std::ops::Range;

use crate::analysis::Analysis;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    /// Index into `Analysis::quotes`.
    Quote(usize),
    /// Index into `Analysis::people`.
    Person(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub range: Range<usize>,
    pub kind: MarkKind,
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
                list.push(Mark {
                    range: q.span.range.clone(),
                    kind: MarkKind::Quote(i),
                });
            }
        }
        for (i, p) in analysis.people.iter().enumerate() {
            for m in &p.mentions {
                if let Some(list) = by_para.get_mut(m.para) {
                    list.push(Mark {
                        range: m.range.clone(),
                        kind: MarkKind::Person(i),
                    });
                }
            }
        }
        for list in &mut by_para {
            list.sort_by_key(|m| (m.range.start, m.range.end));
        }
        Marks { by_para }
    }

    /// The marks of a paragraph that overlap `range`.
    pub fn overlapping(&self, para: usize, range: Range<usize>) -> impl Iterator<Item = &Mark> {
        self.by_para
            .get(para)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .take_while(move |m| m.range.start < range.end)
            .filter(move |m| m.range.end > range.start)
    }
}

/// The short form of a name for the margin: its last word ("Bukele").
pub fn short_name(name: &str) -> &str {
    name.split_whitespace().last().unwrap_or(name)
}
