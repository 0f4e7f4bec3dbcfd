//! What the people index takes of one story: its people with the forms of
//! their names as written, and its quotations with their text. It is made
//! from a story's analysis and text, and kept beside the analysis in the
//! story database, so that the index of 100,000 stories (or one person's
//! part of it) is built again without reading a story's text.

use std::borrow::Cow;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::{QuoteKind, fold_into, surname};
use crate::analysis::{Analysis, Span};

/// A story's people and quotations, as [`People::add_story`](super::People::add_story) takes them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryPeople<'a> {
    #[serde(borrow)]
    pub people: Vec<NamedPerson<'a>>,
    #[serde(borrow)]
    pub quotes: Vec<SaidQuote<'a>>,
}

/// A person of the analysis: the fullest name and the other forms the
/// story uses, as written, each once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedPerson<'a> {
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    #[serde(borrow)]
    pub forms: Vec<Cow<'a, str>>,
}

/// A quotation as the index keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaidQuote<'a> {
    pub para: u32,
    /// Bytes of the paragraph's display text, quotation marks included.
    pub start: u32,
    pub end: u32,
    #[serde(borrow)]
    pub text: Cow<'a, str>,
    /// Index into [`StoryPeople::people`].
    pub speaker: Option<u32>,
    pub kind: QuoteKind,
    /// Bytes of the file or feed text as read, when the story's source map
    /// was at hand: `byline quotes --json` prints them without the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<Range<u32>>,
}

/// A folded form a story uses for someone, and the surname of that
/// person's folded name: the rows that find a person's stories in the
/// database (see [`StoryPeople::name_keys`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NameKey {
    pub key: String,
    pub surname: String,
}

fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl<'a> StoryPeople<'a> {
    /// The people and quotations of `analysis`, made of `paragraphs`;
    /// spans that do not fit the paragraphs are passed over.
    pub fn of(analysis: &Analysis, paragraphs: &[&'a str]) -> StoryPeople<'a> {
        let text = |span: &Span| {
            paragraphs
                .get(span.para)
                .and_then(|p| p.get(span.range.clone()))
        };
        let people = analysis
            .people
            .iter()
            .map(|p| {
                let name = p.name.trim();
                let mut forms: Vec<Cow<'a, str>> = Vec::new();
                for form in p.mentions.iter().filter_map(text).map(str::trim) {
                    if form != name && !forms.iter().any(|f| f == form) {
                        forms.push(Cow::Borrowed(form));
                    }
                }
                NamedPerson {
                    name: Cow::Owned(name.to_string()),
                    forms,
                }
            })
            .collect();
        let quotes = analysis
            .quotes
            .iter()
            .filter_map(|q| {
                Some(SaidQuote {
                    para: narrow(q.span.para),
                    start: narrow(q.span.range.start),
                    end: narrow(q.span.range.end),
                    text: Cow::Borrowed(text(&q.span)?),
                    speaker: q.speaker().map(narrow),
                    kind: q.kind,
                    file: None,
                })
            })
            .collect();
        StoryPeople { people, quotes }
    }

    /// Only the people whose folded name has one of `surnames` (sorted),
    /// and the quotations they are given. Who goes by a name depends only
    /// on the people of its surnames, so one person's part of the index
    /// needs no one else: at 10,000 stories, the rest is most of the work.
    pub fn of_surnames(mut self, surnames: &[String]) -> StoryPeople<'a> {
        let mut folded = String::new();
        let mut kept_as: Vec<Option<u32>> = Vec::with_capacity(self.people.len());
        let mut kept = 0;
        self.people.retain(|p| {
            fold_into(&p.name, &mut folded);
            let keep = !folded.is_empty()
                && surnames
                    .binary_search_by(|s| s.as_str().cmp(surname(&folded).0))
                    .is_ok();
            kept_as.push(keep.then(|| {
                kept += 1;
                kept - 1
            }));
            keep
        });
        self.quotes.retain_mut(|q| {
            q.speaker = q
                .speaker
                .and_then(|s| kept_as.get(s as usize).copied().flatten());
            q.speaker.is_some()
        });
        self
    }

    /// One story's people of several surnames, each kept apart (see
    /// `db::StoredAnalysis::by_surname`), as one, the quotations in the
    /// order of the text.
    pub fn joined(parts: impl IntoIterator<Item = StoryPeople<'a>>) -> StoryPeople<'a> {
        let mut out = StoryPeople::default();
        for part in parts {
            let base = narrow(out.people.len());
            out.people.extend(part.people);
            out.quotes.extend(part.quotes.into_iter().map(|mut q| {
                q.speaker = q.speaker.map(|s| s.saturating_add(base));
                q
            }));
        }
        out.quotes.sort_by_key(|q| (q.para, q.start));
        out
    }

    /// Every folded form of every person, with the surname of the person's
    /// name, once each. A person's stories are those with a row of their
    /// name, a form of it, or (for a lone surname that joins them) of
    /// their surname; see `People::find`.
    pub fn name_keys(&self) -> Vec<NameKey> {
        let mut keys = Vec::new();
        let mut folded = String::new();
        for p in &self.people {
            fold_into(&p.name, &mut folded);
            if folded.is_empty() {
                continue;
            }
            let surname = surname(&folded).0.to_string();
            for form in std::iter::once(&p.name).chain(&p.forms) {
                fold_into(form, &mut folded);
                if !folded.is_empty() {
                    keys.push(NameKey {
                        key: folded.clone(),
                        surname: surname.clone(),
                    });
                }
            }
        }
        keys.sort();
        keys.dedup();
        keys
    }
}
