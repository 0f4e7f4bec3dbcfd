//! Properties of the people index on arbitrary small libraries: stories
//! added, replaced and removed in any order, with names that fold alike,
//! lone surnames, and spans that do not fit their paragraphs.
#![allow(clippy::unwrap_used)]

use byline::analysis::{Analysis, Attribution, Person as Named, Quote, QuoteKind, Span};
use byline::article::{ArticleId, Date};
use byline::people::{People, StoryInfo};
use proptest::prelude::*;

/// Names chosen so that many fold alike or share a surname.
const NAMES: &[&str] = &[
    "Ana Garcia",
    "Ana García",
    "ANA GARCIA",
    "Luis Garcia",
    "Garcia",
    "garcía",
    "Martin King Jr.",
    "King",
    "King Jr.",
    "Jr.",
    "Nayib Bukele",
    "Bukele",
    "Ø",
    "",
    " ",
    "Владимир Ильин",
    "Ильин",
];

#[derive(Debug, Clone)]
struct Story {
    date: Option<Date>,
    paragraphs: Vec<String>,
    analysis: Analysis,
}

fn span() -> impl Strategy<Value = Span> {
    (0..4usize, 0..40usize, 0..40usize).prop_map(|(para, a, b)| Span {
        para,
        range: a.min(b)..a.max(b),
    })
}

fn story() -> impl Strategy<Value = Story> {
    let paragraph = prop::collection::vec(prop::sample::select(NAMES), 0..5)
        .prop_map(|words| format!("\"{}\"", words.join(" said ")));
    let person = (
        prop::sample::select(NAMES),
        prop::collection::vec(span(), 0..4),
    )
        .prop_map(|(name, mentions)| Named {
            name: name.to_string(),
            mentions,
        });
    // Speakers past the last person: an analysis read back from elsewhere
    // may hold anything.
    let quote = (span(), prop::option::of(0..6usize)).prop_map(|(span, speaker)| Quote {
        span,
        attribution: speaker.map_or(Attribution::Unknown, Attribution::Speaker),
        kind: QuoteKind::Speech,
    });
    let date = prop::option::of((2020u16..2027, 1u8..13, 1u8..29))
        .prop_map(|d| d.and_then(|(y, m, day)| Date::new(y, m, day)));
    (
        date,
        prop::collection::vec(paragraph, 0..4),
        prop::collection::vec(person, 0..5),
        prop::collection::vec(quote, 0..6),
    )
        .prop_map(|(date, paragraphs, people, quotes)| Story {
            date,
            paragraphs,
            analysis: Analysis { people, quotes },
        })
}

#[derive(Debug, Clone)]
enum Op {
    Add(u64, Story),
    Remove(u64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..6u64, story()).prop_map(|(n, s)| Op::Add(n, s)),
        1 => (0..6u64).prop_map(Op::Remove),
    ]
}

fn add(people: &mut People, n: u64, s: &Story) {
    let texts: Vec<&str> = s.paragraphs.iter().map(String::as_str).collect();
    let info = StoryInfo::listed(
        ArticleId::from_bits(n),
        &format!("Story {n}"),
        s.date,
        None,
        byline::article::Origin::File(format!("{n}.txt").into()),
    );
    people.add(info, &s.analysis, &texts);
}

/// Everything about the people but their ids, which depend on the order
/// names were first seen.
fn contents(people: &People) -> Vec<String> {
    let mut out: Vec<String> = people
        .persons()
        .into_iter()
        .map(|p| {
            let mut stories = p.stories.clone();
            stories.sort();
            format!(
                "{} {:?} {:?} {} {:?} {:?}",
                p.name, p.forms, stories, p.quotations, p.first, p.last
            )
        })
        .collect();
    out.sort();
    out
}

fn check(people: &People) -> Result<(), TestCaseError> {
    let persons = people.persons();
    // The summaries the people view lists are the persons, counted alike.
    let mut summaries = people.summaries();
    summaries.sort_by_key(|s| s.id);
    let mut by_id: Vec<_> = persons.iter().collect();
    by_id.sort_by_key(|p| p.id);
    prop_assert_eq!(summaries.len(), by_id.len());
    for (s, p) in summaries.iter().zip(&by_id) {
        prop_assert_eq!(s.id, p.id);
        prop_assert_eq!(s.stories, p.stories.len());
        prop_assert_eq!(s.quotations, p.quotations);
        prop_assert_eq!(s.last, p.last);
        prop_assert_eq!(people.folded_name(p.id), byline::people::fold(&p.name));
        // Every form finds them, and so does any part of one.
        for form in std::iter::once(&p.name).chain(&p.forms) {
            let form = byline::people::fold(form);
            let part: String = form.chars().skip(1).take(3).collect();
            for wanted in [&form, &part] {
                if !wanted.is_empty() {
                    prop_assert!(
                        people.containing(wanted).contains(&p.id),
                        "{} is found by {wanted:?}",
                        p.name
                    );
                }
            }
        }
    }
    // And nobody else is.
    for wanted in ["gar", "king", "a", "ильин", "jr"] {
        let mut expected: Vec<_> = persons
            .iter()
            .filter(|p| {
                std::iter::once(&p.name)
                    .chain(&p.forms)
                    .any(|f| byline::people::fold(f).contains(wanted))
            })
            .map(|p| p.id)
            .collect();
        expected.sort();
        prop_assert_eq!(people.containing(wanted), expected, "{}", wanted);
    }
    for q in people.quotations() {
        if let Some(speaker) = q.speaker {
            let p = people.person(speaker);
            prop_assert!(p.is_some(), "a quotation's speaker is a person");
            prop_assert!(
                p.unwrap().stories.contains(&q.story.id()),
                "a quotation's story is among its speaker's stories"
            );
        }
    }
    for p in &persons {
        let said = people.quotations_of(p.id);
        prop_assert_eq!(said.len(), p.quotations);
        for q in &said {
            prop_assert_eq!(q.speaker, Some(p.id));
            prop_assert!(p.stories.contains(&q.story.id()));
        }
        for form in std::iter::once(&p.name).chain(&p.forms) {
            prop_assert!(
                people.find(form).contains(&p.id),
                "{} is found as {form}",
                p.name
            );
        }
        for c in people.contributions(p.id) {
            prop_assert!(p.stories.contains(&c.story));
        }
    }
    let attributed = people
        .quotations()
        .iter()
        .filter(|q| q.speaker.is_some())
        .count();
    prop_assert_eq!(
        persons.iter().map(|p| p.quotations).sum::<usize>(),
        attributed
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_quotation_is_among_its_speakers_stories_whatever_was_added_and_removed(
        ops in prop::collection::vec(op(), 0..16),
    ) {
        let mut people = People::new();
        let mut now: std::collections::BTreeMap<u64, Story> = Default::default();
        for op in &ops {
            match op {
                Op::Add(n, s) => {
                    add(&mut people, *n, s);
                    now.insert(*n, s.clone());
                }
                Op::Remove(n) => {
                    prop_assert_eq!(people.remove(ArticleId::from_bits(*n)), now.remove(n).is_some());
                }
            }
            check(&people)?;
        }
        // Kept up to date, the index is the one built afresh.
        let mut fresh = People::new();
        for (n, s) in &now {
            add(&mut fresh, *n, s);
        }
        prop_assert_eq!(contents(&people), contents(&fresh));
        prop_assert_eq!(people.len(), now.len());
    }
}
