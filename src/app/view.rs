//! A story laid out for a given width: the lines the reading pane shows.
//!
//! Wrapping is done once per (story, width) and kept, so scrolling and
//! redrawing never re-wrap. Each line is a byte range of its paragraph's
//! display text, which lets highlights (also byte ranges) cross line breaks.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::analysis::Analysis;
use crate::article::{Article, FeedText, Origin, ParagraphKind};

/// What a laid-out line shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// Part of the headline; the range is into the title.
    Title,
    /// Date, dateline, source and author; the range is into `View::meta`.
    Meta,
    /// The people of the story with their mention counts; into `View::people`.
    People,
    Blank,
    Body,
    Heading,
    Caption,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub kind: LineKind,
    // Four bytes each rather than eight: a 50 MB story has close to a
    // million lines, and files over 4 GB are never read.
    para: u32,
    start: u32,
    end: u32,
}

impl Line {
    const NO_PARA: u32 = u32::MAX;

    pub fn new(kind: LineKind, para: Option<usize>, range: Range<usize>) -> Line {
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX - 1);
        Line {
            kind,
            para: para.map_or(Line::NO_PARA, narrow),
            start: narrow(range.start),
            end: narrow(range.end),
        }
    }

    /// The paragraph this line belongs to (none for header lines and blanks).
    pub fn para(&self) -> Option<usize> {
        (self.para != Line::NO_PARA).then_some(self.para as usize)
    }

    /// The byte range of its paragraph (or of the title, meta or people line).
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct View {
    pub width: usize,
    /// The line under the headline: date, dateline, source, author, length.
    pub meta: String,
    /// "Nayib Bukele (5) · Donald Trump (6)": the people and their mentions.
    pub people: String,
    /// Where each person's name sits in `people`, for colouring.
    pub people_names: Vec<(Range<usize>, usize)>,
    /// Lines where a quotation starts, with its speaker: the margin labels.
    pub speaker_labels: Vec<(usize, usize)>,
    /// Lines where a quotation from a source that is not a person starts,
    /// with the source's words: margin labels set apart from speakers.
    pub source_labels: Vec<(usize, crate::analysis::Span)>,
    pub lines: Vec<Line>,
    /// For each paragraph, the range of `lines` it occupies.
    pub para_lines: Vec<Range<usize>>,
}

impl View {
    pub fn new(article: &Article, analysis: &Analysis, width: usize) -> View {
        let width = width.max(1);
        // Sized for the story up front: grown by doubling, the lines of a
        // huge story would for a moment take three times their size.
        let text: usize = article.paragraphs.iter().map(|p| p.text.len()).sum();
        let mut lines = Vec::with_capacity(text / width + 2 * article.paragraphs.len() + 8);
        for range in wrap(&article.title, width) {
            lines.push(Line::new(LineKind::Title, None, range));
        }
        let meta = meta(article);
        for range in wrap(&meta, width) {
            lines.push(Line::new(LineKind::Meta, None, range));
        }
        let (people, people_names) = people_line(analysis);
        for range in wrap(&people, width).into_iter().filter(|r| !r.is_empty()) {
            lines.push(Line::new(LineKind::People, None, range));
        }
        let mut para_lines = Vec::with_capacity(article.paragraphs.len());
        for (i, p) in article.paragraphs.iter().enumerate() {
            lines.push(Line::new(LineKind::Blank, None, 0..0));
            let kind = match p.kind {
                ParagraphKind::Body => LineKind::Body,
                ParagraphKind::Heading => LineKind::Heading,
                ParagraphKind::Caption { .. } => LineKind::Caption,
            };
            let first = lines.len();
            for range in wrap(&p.text, width) {
                lines.push(Line::new(kind, Some(i), range));
            }
            para_lines.push(first..lines.len());
        }
        // The line a quotation starts on, where its margin label goes.
        let first_line = |q: &crate::analysis::Quote| {
            para_lines.get(q.span.para)?.clone().find(|&l| {
                lines
                    .get(l)
                    .is_some_and(|x| x.range().end > q.span.range.start)
            })
        };
        let mut speaker_labels: Vec<(usize, usize)> = analysis
            .quotes
            .iter()
            .filter_map(|q| Some((first_line(q)?, q.speaker()?)))
            .collect();
        speaker_labels.dedup_by_key(|(line, _)| *line);
        let mut source_labels: Vec<(usize, crate::analysis::Span)> = analysis
            .quotes
            .iter()
            .filter_map(|q| {
                let source = q.source()?;
                let line = first_line(q)?;
                // A speaker's label on the same line is kept.
                (speaker_labels
                    .binary_search_by_key(&line, |&(l, _)| l)
                    .is_err())
                .then(|| (line, source.clone()))
            })
            .collect();
        source_labels.dedup_by_key(|(line, _)| *line);
        lines.shrink_to_fit();
        View {
            width,
            meta,
            people,
            people_names,
            speaker_labels,
            source_labels,
            lines,
            para_lines,
        }
    }

    /// The line a paragraph byte offset is drawn on.
    pub fn line_of(&self, para: usize, offset: usize) -> Option<usize> {
        let range = self.para_lines.get(para)?.clone();
        let last = range.end.checked_sub(1)?;
        range
            .clone()
            .find(|&l| self.lines.get(l).is_some_and(|x| x.range().end > offset))
            .or(Some(last))
    }

    /// The speaker label for a line, if a quotation starts on it.
    pub fn speaker_at(&self, line: usize) -> Option<usize> {
        self.speaker_labels
            .binary_search_by_key(&line, |&(l, _)| l)
            .ok()
            .and_then(|i| self.speaker_labels.get(i))
            .map(|&(_, p)| p)
    }

    /// The source label for a line, if a quotation from a source starts on it.
    pub fn source_at(&self, line: usize) -> Option<&crate::analysis::Span> {
        self.source_labels
            .binary_search_by_key(&line, |(l, _)| *l)
            .ok()
            .and_then(|i| self.source_labels.get(i))
            .map(|(_, s)| s)
    }

    /// The paragraph shown at or after line `line`, if any.
    pub fn para_at_or_after(&self, line: usize) -> Option<usize> {
        self.para_lines.iter().position(|r| r.end > line)
    }
}

/// "Nayib Bukele (5) · Donald Trump (6)", with where each name is.
fn people_line(analysis: &Analysis) -> (String, Vec<(Range<usize>, usize)>) {
    let mut line = String::new();
    let mut names = Vec::with_capacity(analysis.people.len());
    for (i, person) in analysis.people.iter().enumerate() {
        if !line.is_empty() {
            line.push_str(" · ");
        }
        let start = line.len();
        // No-break spaces and hyphens: the line wraps between names only.
        line.extend(person.name.chars().map(|c| match c {
            ' ' => '\u{a0}',
            '-' => '\u{2011}',
            c => c,
        }));
        names.push((start..line.len(), i));
        // A no-break space keeps each count with its name when the line wraps.
        line.push_str(&format!("\u{a0}({})", person.mentions.len()));
    }
    (line, names)
}

/// "2025-04-14 · Washington DC · Source · by Jane Doe · 540 words", and
/// for a feed story which text it is: "summary" or "full text".
fn meta(article: &Article) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(d) = article.date {
        parts.push(d.to_string());
    }
    parts.extend(article.dateline.as_deref().map(str::to_string));
    parts.extend(article.source.as_deref().map(str::to_string));
    if let Some(a) = &article.author {
        parts.push(format!("by {a}"));
    }
    parts.push(format!("{} words", article.word_count()));
    if let Origin::Feed { text, .. } = &article.origin {
        parts.push(
            match text {
                FeedText::Summary => "summary",
                FeedText::Full => "full text",
            }
            .to_string(),
        );
    }
    parts.join(" · ")
}

/// Wraps `text` to `width` columns, returning each line's byte range.
///
/// textwrap breaks at spaces (and after hyphens); a word longer than the
/// whole width is then broken between graphemes, so an emoji sequence or a
/// letter with its combining marks is never cut in two.
pub fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let options = textwrap::Options::new(width)
        .break_words(false)
        .word_separator(textwrap::WordSeparator::AsciiSpace);
    let base = text.as_ptr() as usize;
    let mut from = 0;
    let mut out = Vec::new();
    for line in textwrap::wrap(text, options) {
        // textwrap hands back slices of `text` when no indent is set, so
        // the offset falls out of the pointer; search as a safe fallback.
        let start = match line {
            std::borrow::Cow::Borrowed(s) => (s.as_ptr() as usize).wrapping_sub(base),
            std::borrow::Cow::Owned(ref s) => {
                text[from..].find(s.as_str()).map_or(from, |i| from + i)
            }
        };
        let start = if start <= text.len() { start } else { from };
        let end = (start + line.len()).min(text.len());
        from = end;
        match text.get(start..end) {
            Some(s) if s.width() > width => split_graphemes(text, start..end, width, &mut out),
            _ => out.push(start..end),
        }
    }
    out
}

fn split_graphemes(text: &str, range: Range<usize>, width: usize, out: &mut Vec<Range<usize>>) {
    let mut start = range.start;
    let mut used = 0;
    for (i, g) in text[range.clone()].grapheme_indices(true) {
        let w = g.width();
        // Break before a grapheme that does not fit, unless the line is still
        // empty (a zero-width one counts: it must not drag a wide one along).
        if used + w > width && start < range.start + i {
            out.push(start..range.start + i);
            start = range.start + i;
            used = 0;
        }
        used += w;
    }
    out.push(start..range.end);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_are_ranges_of_the_text_within_the_width() {
        let text =
            "Dock workers at the port walked out on Monday over a pay offer they called insulting.";
        for width in [1, 5, 12, 30, 200] {
            let ranges = wrap(text, width);
            for r in &ranges {
                assert!(
                    text[r.clone()].width() <= width,
                    "{width}: {:?}",
                    &text[r.clone()]
                );
            }
            let joined: String = ranges.iter().map(|r| &text[r.clone()]).collect();
            assert_eq!(joined.replace(' ', ""), text.replace(' ', ""));
        }
    }

    #[test]
    fn long_words_break_between_graphemes_never_inside_one() {
        let family = "👩\u{200d}👩\u{200d}👧";
        let accented = "e\u{301}";
        let text = format!("{}{}{}", family.repeat(3), accented.repeat(4), "🇳🇴🇳🇴");
        for width in 1..8 {
            for r in wrap(&text, width) {
                let line = &text[r];
                assert!(
                    line.graphemes(true)
                        .all(|g| g == family || g == accented || g == "🇳🇴"),
                    "{line:?}"
                );
                assert!(line.width() <= width.max(2), "{width}: {line:?}");
            }
        }
    }

    #[test]
    fn the_people_line_wraps_between_names_never_inside_one() {
        let mut analysis = Analysis::default();
        for name in ["Ana Ruiz-Lagos", "Tom Becker", "Maria da Silva", "Li Wei"] {
            analysis.people.push(crate::analysis::Person {
                name: name.to_string(),
                mentions: Vec::new(),
            });
        }
        let (line, names) = people_line(&analysis);
        // From the width of the longest name with its count: a longer name must break.
        for width in 18..40 {
            let lines = wrap(&line, width);
            for (range, _) in &names {
                assert!(
                    lines
                        .iter()
                        .any(|l| l.start <= range.start && range.end <= l.end),
                    "{width}: {:?} broken across {lines:?}",
                    &line[range.clone()]
                );
            }
        }
    }

    #[test]
    fn wide_characters_never_overflow_the_width() {
        let text = "東京の天気は晴れです。 北京 和 上海 的 天气 很好 😀😀😀 done";
        for width in 2..20 {
            for r in wrap(text, width) {
                assert!(text[r.clone()].width() <= width, "{width}: {:?}", &text[r]);
            }
        }
    }

    #[test]
    fn a_lone_zero_width_mark_does_not_drag_a_wide_character_past_the_width() {
        // Found by the property tests: a variation selector opening the text.
        let text = "\u{fe0f}東京";
        for r in wrap(text, 1) {
            let line = &text[r];
            assert!(
                line.width() <= 1 || line.graphemes(true).count() == 1,
                "{line:?}"
            );
        }
    }
}
