//! Finding a bookmarked passage again after its story has been edited.
//!
//! A passage is a run of whole paragraphs. It is saved the way the W3C
//! TextQuoteSelector saves a quote: its exact text with a little context on
//! either side, plus (as a hint) the paragraph range where it was.

use std::collections::HashSet;
use std::ops::Range;

use serde::{Deserialize, Serialize};

/// Paragraphs of a passage are joined by this in [`PassageSelector::exact`]:
/// display text never holds a line break, so it cannot be mistaken for one.
pub const PARAGRAPH_BREAK: &str = "\n\n";

/// Characters of context kept on each side of a passage.
pub const CONTEXT_CHARS: usize = 64;

/// What identifies a passage inside a story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassageSelector {
    /// The passage's paragraphs, joined by [`PARAGRAPH_BREAK`].
    pub exact: String,
    /// Up to [`CONTEXT_CHARS`] characters just before the passage.
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] characters just after it.
    pub suffix: String,
    /// The paragraph indices where the passage was when it was saved.
    pub paragraphs: Range<usize>,
}

/// Where a saved passage is in a story's paragraphs now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Located {
    /// The very text, at the paragraphs it was saved from.
    Exact(Range<usize>),
    /// Found again, but elsewhere or with its text edited: compare
    /// [`PassageSelector::exact`] with the paragraphs to tell which.
    Moved(Range<usize>),
    /// No longer in the story; the saved text is all there is.
    Missing,
}

impl Located {
    pub fn range(&self) -> Option<Range<usize>> {
        match self {
            Located::Exact(r) | Located::Moved(r) => Some(r.clone()),
            Located::Missing => None,
        }
    }
}

impl PassageSelector {
    /// The selector of paragraphs `range` of a story, or `None` when the range
    /// is empty or runs past the story's end.
    pub fn new<S: AsRef<str>>(paragraphs: &[S], range: Range<usize>) -> Option<PassageSelector> {
        if range.is_empty() || range.end > paragraphs.len() {
            return None;
        }
        let exact = join(&paragraphs[range.clone()]);
        Some(PassageSelector {
            exact,
            prefix: before(paragraphs, range.start),
            suffix: after(paragraphs, range.end),
            paragraphs: range,
        })
    }

    /// See [`locate`].
    pub fn locate<S: AsRef<str>>(&self, paragraphs: &[S]) -> Located {
        locate(self, paragraphs)
    }
}

/// Finds a passage again: at its saved paragraphs if its text is still there,
/// else wherever its exact text now is (the best context match among several),
/// else the most similar run of paragraphs if it is similar enough, judged by
/// its words and by the context on both sides.
pub fn locate<S: AsRef<str>>(selector: &PassageSelector, paragraphs: &[S]) -> Located {
    let parts: Vec<&str> = selector.exact.split(PARAGRAPH_BREAK).collect();
    let n = parts.len();
    let hint = selector.paragraphs.clone();
    let matches_at = |start: usize| {
        paragraphs
            .get(start..start + n)
            .is_some_and(|ps| ps.iter().zip(&parts).all(|(p, q)| p.as_ref() == *q))
    };
    if hint.len() == n && matches_at(hint.start) {
        return Located::Exact(hint);
    }

    let context = Context::new(selector, paragraphs);
    let distance = |start: usize| start.abs_diff(hint.start);
    let exact_match = (0..=paragraphs.len().saturating_sub(n))
        .filter(|&a| matches_at(a))
        .max_by(|&a, &b| {
            let (sa, sb) = (context.score(a, a + n), context.score(b, b + n));
            sa.total_cmp(&sb).then(distance(b).cmp(&distance(a)))
        });
    if let Some(a) = exact_match {
        return Located::Moved(a..a + n);
    }

    fuzzy(selector, paragraphs, n, &context).map_or(Located::Missing, Located::Moved)
}

/// The run of paragraphs most like the passage, if any is like it enough.
fn fuzzy<S: AsRef<str>>(
    selector: &PassageSelector,
    paragraphs: &[S],
    n: usize,
    context: &Context,
) -> Option<Range<usize>> {
    let wanted = Shingles::of(&selector.exact);
    let words: Vec<Vec<String>> = paragraphs.iter().map(|p| words(p.as_ref())).collect();
    let hint = selector.paragraphs.start;
    let mut best: Option<(f64, usize, Range<usize>)> = None;
    // An edit may merge the passage into a neighbour or split it in two, so
    // runs one paragraph shorter or longer are candidates too.
    for len in n.saturating_sub(1).max(1)..=n + 1 {
        for start in 0..=paragraphs.len().saturating_sub(len) {
            let end = start + len;
            if end > paragraphs.len() {
                break;
            }
            let text = Shingles::of_words(words[start..end].iter().flatten());
            let t = text.dice(&wanted);
            let (pre, suf) = context.sides(start, end);
            let similar = t >= 0.5 || (t >= 0.2 && pre >= 0.5 && suf >= 0.5);
            if !similar {
                continue;
            }
            let score = 0.6 * t + 0.2 * pre + 0.2 * suf;
            let dist = start.abs_diff(hint);
            let better = match &best {
                None => true,
                Some((s, d, _)) => score > *s || (score == *s && dist < *d),
            };
            if better {
                best = Some((score, dist, start..end));
            }
        }
    }
    best.map(|(_, _, range)| range)
}

/// The saved context, and the context around any run of paragraphs now.
struct Context {
    prefix: Shingles,
    suffix: Shingles,
    prefix_empty: bool,
    suffix_empty: bool,
    /// `before[i]`: the context just before paragraph `i`, for every `i`.
    before: Vec<Shingles>,
    /// `after[i]`: the context just after a run that ends before paragraph `i`.
    after: Vec<Shingles>,
}

impl Context {
    fn new<S: AsRef<str>>(selector: &PassageSelector, paragraphs: &[S]) -> Context {
        let count = paragraphs.len();
        Context {
            prefix: Shingles::of(&selector.prefix),
            suffix: Shingles::of(&selector.suffix),
            prefix_empty: selector.prefix.is_empty(),
            suffix_empty: selector.suffix.is_empty(),
            before: (0..=count)
                .map(|i| Shingles::of(&before(paragraphs, i)))
                .collect(),
            after: (0..=count)
                .map(|i| Shingles::of(&after(paragraphs, i)))
                .collect(),
        }
    }

    /// Similarity of the context on each side of paragraphs `start..end`. A
    /// passage saved at the story's start (no prefix) matches only at its start.
    fn sides(&self, start: usize, end: usize) -> (f64, f64) {
        let side = |saved: &Shingles, saved_empty: bool, now: &Shingles, at_edge: bool| match (
            saved_empty,
            at_edge,
        ) {
            (true, true) => 1.0,
            (true, false) | (false, true) => 0.0,
            (false, false) => saved.dice(now),
        };
        let count = self.before.len() - 1;
        (
            side(
                &self.prefix,
                self.prefix_empty,
                &self.before[start],
                start == 0,
            ),
            side(
                &self.suffix,
                self.suffix_empty,
                &self.after[end],
                end == count,
            ),
        )
    }

    fn score(&self, start: usize, end: usize) -> f64 {
        let (pre, suf) = self.sides(start, end);
        pre + suf
    }
}

fn join<S: AsRef<str>>(paragraphs: &[S]) -> String {
    let parts: Vec<&str> = paragraphs.iter().map(AsRef::as_ref).collect();
    parts.join(PARAGRAPH_BREAK)
}

/// The last [`CONTEXT_CHARS`] characters of the text before paragraph `index`.
fn before<S: AsRef<str>>(paragraphs: &[S], index: usize) -> String {
    let mut rev: Vec<char> = Vec::with_capacity(CONTEXT_CHARS);
    for (i, p) in paragraphs[..index].iter().rev().enumerate() {
        if i > 0 {
            rev.extend(PARAGRAPH_BREAK.chars().rev());
        }
        rev.extend(p.as_ref().chars().rev());
        if rev.len() >= CONTEXT_CHARS {
            break;
        }
    }
    rev.truncate(CONTEXT_CHARS);
    rev.into_iter().rev().collect()
}

/// The first [`CONTEXT_CHARS`] characters of the text from paragraph `index` on.
fn after<S: AsRef<str>>(paragraphs: &[S], index: usize) -> String {
    let mut out: Vec<char> = Vec::with_capacity(CONTEXT_CHARS);
    for (i, p) in paragraphs[index.min(paragraphs.len())..].iter().enumerate() {
        if i > 0 {
            out.extend(PARAGRAPH_BREAK.chars());
        }
        out.extend(p.as_ref().chars());
        if out.len() >= CONTEXT_CHARS {
            break;
        }
    }
    out.truncate(CONTEXT_CHARS);
    out.into_iter().collect()
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The set of adjacent word pairs of a text. Pairs rather than single words:
/// any two news paragraphs share "the" and "said", but rarely many pairs, so
/// unrelated text scores near zero while a lightly edited passage scores high.
struct Shingles(HashSet<(String, String)>);

impl Shingles {
    fn of(text: &str) -> Shingles {
        Shingles::of_words(words(text).iter())
    }

    fn of_words<'a>(words: impl Iterator<Item = &'a String>) -> Shingles {
        let words: Vec<&String> = words.collect();
        let set = match words.as_slice() {
            [] => HashSet::new(),
            [only] => HashSet::from([((*only).clone(), String::new())]),
            _ => words
                .windows(2)
                .map(|w| (w[0].clone(), w[1].clone()))
                .collect(),
        };
        Shingles(set)
    }

    /// Dice's coefficient: 1 for the same pairs, 0 for none in common.
    fn dice(&self, other: &Shingles) -> f64 {
        let total = self.0.len() + other.0.len();
        if total == 0 {
            return 0.0;
        }
        let common = self.0.intersection(&other.0).count();
        (2 * common) as f64 / total as f64
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn story() -> Vec<&'static str> {
        vec![
            "The council met on Tuesday to discuss the new bridge over the river.",
            "Mayor Ana Ruiz said the bridge would open in the spring of next year.",
            "Critics argued that the cost had doubled since the plan was first shown.",
            "The engineering firm declined to comment on the revised budget figures.",
            "A public hearing is scheduled for the first week of March at city hall.",
        ]
    }

    #[test]
    fn a_selector_keeps_the_text_and_the_context_on_both_sides() {
        let s = PassageSelector::new(&story(), 1..3).unwrap();
        assert_eq!(s.exact, format!("{}\n\n{}", story()[1], story()[2]));
        assert!(s.prefix.ends_with("bridge over the river."));
        assert_eq!(s.prefix.chars().count(), CONTEXT_CHARS);
        assert!(s.suffix.starts_with("The engineering firm"));
        assert_eq!(s.paragraphs, 1..3);
    }

    #[test]
    fn context_spans_paragraph_breaks_and_stops_at_the_story_edges() {
        let short = ["One.", "Two.", "Three."];
        let s = PassageSelector::new(&short, 1..2).unwrap();
        assert_eq!((s.prefix.as_str(), s.suffix.as_str()), ("One.", "Three."));
        let first = PassageSelector::new(&short, 0..1).unwrap();
        assert_eq!(first.prefix, "");
        let all = PassageSelector::new(&short, 0..3).unwrap();
        assert_eq!(all.exact, "One.\n\nTwo.\n\nThree.");
    }

    #[test]
    fn an_empty_or_out_of_bounds_range_makes_no_selector() {
        assert_eq!(PassageSelector::new(&story(), 2..2), None);
        assert_eq!(PassageSelector::new(&story(), 4..6), None);
    }

    #[test]
    fn an_unchanged_story_finds_the_passage_exactly_where_it_was() {
        let s = PassageSelector::new(&story(), 1..3).unwrap();
        assert_eq!(locate(&s, &story()), Located::Exact(1..3));
    }

    #[test]
    fn a_paragraph_inserted_before_moves_the_passage_down() {
        let s = PassageSelector::new(&story(), 1..3).unwrap();
        let mut edited = story();
        edited.insert(0, "Update: this story has been corrected.");
        assert_eq!(locate(&s, &edited), Located::Moved(2..4));
    }

    #[test]
    fn a_slightly_edited_passage_is_found_at_its_place() {
        let s = PassageSelector::new(&story(), 2..3).unwrap();
        let mut edited = story();
        edited[2] =
            "Critics argued that the cost had nearly doubled since the plan was first shown.";
        assert_eq!(locate(&s, &edited), Located::Moved(2..3));
    }

    #[test]
    fn a_deleted_passage_is_missing() {
        let s = PassageSelector::new(&story(), 2..3).unwrap();
        let mut edited = story();
        edited.remove(2);
        assert_eq!(locate(&s, &edited), Located::Missing);
    }

    #[test]
    fn a_passage_repeated_in_the_story_is_found_where_its_context_matches() {
        let chorus = "We will not be moved.";
        let before = ["Intro.", chorus, "Verse one.", chorus, "Verse two."];
        let s = PassageSelector::new(&before, 3..4).unwrap();
        let after = [
            "New intro.",
            "Intro.",
            chorus,
            "Verse one.",
            chorus,
            "Verse two.",
        ];
        assert_eq!(locate(&s, &after), Located::Moved(4..5));
    }

    #[test]
    fn a_passage_split_in_two_by_an_edit_is_found_across_both_parts() {
        let s = PassageSelector::new(&story(), 1..2).unwrap();
        let mut edited = story();
        edited[1] = "Mayor Ana Ruiz said the bridge would open";
        edited.insert(2, "in the spring of next year.");
        assert_eq!(locate(&s, &edited), Located::Moved(1..3));
    }

    #[test]
    fn an_empty_story_has_no_passages() {
        let s = PassageSelector::new(&story(), 0..1).unwrap();
        let empty: [&str; 0] = [];
        assert_eq!(locate(&s, &empty), Located::Missing);
    }
}
