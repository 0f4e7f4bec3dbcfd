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
    /// Every mark, by paragraph, then by position: one list rather than one
    /// per paragraph, which on a story of 200,000 paragraphs saves megabytes.
    marks: Vec<Mark>,
    /// Paragraph `p`'s marks are `marks[first[p]..first[p + 1]]`.
    first: Vec<usize>,
}

impl Marks {
    pub fn new(analysis: &Analysis, paragraphs: usize) -> Marks {
        let quotes = analysis
            .quotes
            .iter()
            .enumerate()
            .map(|(i, q)| (&q.span, MarkKind::Quote(narrow_index(i))));
        let mentions = analysis.people.iter().enumerate().flat_map(|(i, p)| {
            p.mentions
                .iter()
                .map(move |m| (m, MarkKind::Person(narrow_index(i))))
        });
        let all = || quotes.clone().chain(mentions.clone());
        // Counted first, then each mark put in its paragraph's place.
        let mut first = vec![0; paragraphs + 1];
        for (span, _) in all() {
            if let Some(n) = first.get_mut(span.para + 1) {
                *n += 1;
            }
        }
        for p in 1..first.len() {
            first[p] += first[p - 1];
        }
        let mut next = first.clone();
        let blank = Mark::new(&(0..0), MarkKind::Quote(0));
        let mut marks = vec![blank; first.last().copied().unwrap_or(0)];
        for (span, kind) in all() {
            if let Some(at) = next.get_mut(span.para)
                && let Some(slot) = marks.get_mut(*at)
            {
                *slot = Mark::new(&span.range, kind);
                *at += 1;
            }
        }
        for p in 0..paragraphs {
            if let Some(list) = marks.get_mut(first[p]..first[p + 1]) {
                list.sort_by_key(|m| (m.start, m.end));
            }
        }
        Marks { marks, first }
    }

    /// The marks of a paragraph that overlap `range`.
    pub fn overlapping(&self, para: usize, range: Range<usize>) -> impl Iterator<Item = &Mark> {
        let start = self.first.get(para).copied().unwrap_or(0);
        let end = self.first.get(para + 1).copied().unwrap_or(start);
        self.marks
            .get(start..end)
            .unwrap_or(&[])
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
