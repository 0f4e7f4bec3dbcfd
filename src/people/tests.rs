#![allow(clippy::unwrap_used)]

use super::*;
use crate::analysis::{Attribution, Person as Named, Quote, Span};

/// A person as a story names them: the fullest form, the other forms it
/// uses, and how many quotations it gives them.
struct Says<'a>(&'a str, &'a [&'a str], usize);

/// A story's paragraphs and analysis: a paragraph of each person's forms,
/// then a paragraph per quotation.
fn story(people: &[Says<'_>]) -> (Vec<String>, Analysis) {
    let mut paras = Vec::new();
    let mut analysis = Analysis::default();
    for (i, Says(name, forms, quotes)) in people.iter().enumerate() {
        let mut text = String::new();
        let mut mentions = Vec::new();
        for form in std::iter::once(name).chain(forms.iter()) {
            if !text.is_empty() {
                text.push_str(" and ");
            }
            mentions.push(Span {
                para: paras.len(),
                range: text.len()..text.len() + form.len(),
            });
            text.push_str(form);
        }
        paras.push(text);
        analysis.people.push(Named {
            name: name.to_string(),
            mentions,
        });
        for q in 0..*quotes {
            let text = format!("\"Quotation {q} of {name}.\"");
            analysis.quotes.push(Quote {
                span: Span {
                    para: paras.len(),
                    range: 0..text.len(),
                },
                attribution: Attribution::Speaker(i),
                kind: QuoteKind::Speech,
            });
            paras.push(text);
        }
    }
    (paras, analysis)
}

fn info(n: u64, date: Option<&str>) -> StoryInfo {
    StoryInfo::listed(
        ArticleId::from_bits(n),
        &format!("Story {n}"),
        date.and_then(Date::parse),
        None,
        crate::article::Origin::File(format!("story{n}.txt").into()),
    )
}

fn add(people: &mut People, n: u64, date: Option<&str>, says: &[Says<'_>]) {
    let (paras, analysis) = story(says);
    let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
    people.add(info(n, date), &analysis, &refs);
}

/// Each person's name and the ids (as numbers) of their stories, by name.
fn summary(people: &People) -> Vec<(String, Vec<u64>)> {
    let mut out: Vec<(String, Vec<u64>)> = people
        .persons()
        .into_iter()
        .map(|p| {
            let mut ids: Vec<u64> = p.stories.iter().map(|s| s.bits()).collect();
            ids.sort();
            (p.name, ids)
        })
        .collect();
    out.sort();
    out
}

fn names(people: &People) -> Vec<String> {
    summary(people).into_iter().map(|p| p.0).collect()
}

#[test]
fn a_lone_surname_joins_the_one_garcia_of_the_library() {
    let mut people = People::new();
    add(&mut people, 1, None, &[Says("Ana Garcia", &[], 0)]);
    add(&mut people, 2, None, &[Says("Garcia", &[], 1)]);
    assert_eq!(
        summary(&people),
        vec![("Ana Garcia".to_string(), vec![1, 2])]
    );
    let ana = people.find("Ana Garcia")[0];
    assert_eq!(people.person(ana).unwrap().quotations, 1);
}

#[test]
fn a_lone_surname_joins_neither_of_two_garcias() {
    let mut people = People::new();
    add(&mut people, 1, None, &[Says("Ana Garcia", &[], 0)]);
    add(&mut people, 2, None, &[Says("Luis Garcia", &[], 0)]);
    add(&mut people, 3, None, &[Says("Garcia", &[], 2)]);
    assert_eq!(
        summary(&people),
        vec![
            ("Ana Garcia".to_string(), vec![1]),
            ("Garcia".to_string(), vec![3]),
            ("Luis Garcia".to_string(), vec![2]),
        ]
    );
}

#[test]
fn a_second_garcia_arriving_later_undoes_the_join() {
    let mut people = People::new();
    add(&mut people, 1, None, &[Says("Ana Garcia", &[], 0)]);
    add(&mut people, 2, None, &[Says("Garcia", &[], 0)]);
    assert_eq!(names(&people), ["Ana Garcia"]);
    add(&mut people, 3, None, &[Says("Luis Garcia", &[], 0)]);
    assert_eq!(names(&people), ["Ana Garcia", "Garcia", "Luis Garcia"]);
}

#[test]
fn a_name_with_and_without_diacritics_is_one_person_under_the_accented_form() {
    let mut people = People::new();
    add(&mut people, 1, None, &[Says("Jose Martinez", &[], 1)]);
    add(&mut people, 2, None, &[Says("José Martínez", &[], 1)]);
    add(&mut people, 3, None, &[Says("Jose Martinez", &[], 0)]);
    let all = people.persons();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].name, "José Martínez");
    assert_eq!(all[0].forms, ["José Martínez", "Jose Martinez"]);
    assert_eq!(all[0].quotations, 2);
}

#[test]
fn names_differing_only_in_case_are_one_person_under_the_mixed_case_form() {
    let mut people = People::new();
    add(&mut people, 1, None, &[Says("NAYIB BUKELE", &[], 0)]);
    add(&mut people, 2, None, &[Says("Nayib Bukele", &[], 0)]);
    add(&mut people, 3, None, &[Says("NAYIB BUKELE", &[], 0)]);
    assert_eq!(
        summary(&people),
        vec![("Nayib Bukele".to_string(), vec![1, 2, 3])]
    );
}

#[test]
fn a_surname_only_story_joins_the_unique_full_name_and_its_quotes_follow() {
    let mut people = People::new();
    add(
        &mut people,
        1,
        Some("2025-03-01"),
        &[Says("Nayib Bukele", &["Bukele"], 1)],
    );
    add(
        &mut people,
        2,
        Some("2025-04-01"),
        &[Says("Bukele", &[], 2)],
    );
    let found = people.find("bukele");
    assert_eq!(found.len(), 1);
    let p = people.person(found[0]).unwrap();
    assert_eq!(p.name, "Nayib Bukele");
    assert_eq!(
        p.stories,
        [ArticleId::from_bits(2), ArticleId::from_bits(1)]
    );
    assert_eq!(p.first, Date::parse("2025-03-01"));
    assert_eq!(p.last, Date::parse("2025-04-01"));
    let said = people.quotations_of(found[0]);
    assert_eq!(said.len(), 3);
    assert_eq!(said[0].story.id(), ArticleId::from_bits(2), "newest first");
    assert!(
        people
            .quotations()
            .iter()
            .all(|q| q.speaker == Some(found[0]))
    );
}

#[test]
fn removing_a_story_undoes_everything_it_contributed() {
    let mut people = People::new();
    add(&mut people, 1, None, &[Says("Ana Garcia", &["Garcia"], 1)]);
    let before = (summary(&people), people.persons()[0].clone());
    add(
        &mut people,
        2,
        None,
        &[
            Says("Ana García", &["Anita"], 2),
            Says("Luis Garcia", &[], 0),
        ],
    );
    add(&mut people, 3, None, &[Says("Garcia", &[], 1)]);
    assert_eq!(people.persons().len(), 3);
    assert!(people.remove(ArticleId::from_bits(2)));
    assert!(people.remove(ArticleId::from_bits(3)));
    assert!(!people.remove(ArticleId::from_bits(3)));
    assert_eq!((summary(&people), people.persons()[0].clone()), before);
    assert!(people.find("Anita").is_empty());
    assert!(people.find("Luis Garcia").is_empty());
    assert_eq!(people.quotations().len(), 1);
}

#[test]
fn adding_a_story_again_replaces_it() {
    let mut people = People::new();
    add(&mut people, 1, None, &[Says("Ana Garcia", &[], 3)]);
    add(&mut people, 1, None, &[Says("Luis Garcia", &[], 1)]);
    assert_eq!(names(&people), ["Luis Garcia"]);
    assert_eq!(people.quotations().len(), 1);
    assert_eq!(people.len(), 1);
}

#[test]
fn each_story_records_the_forms_it_contributed() {
    let mut people = People::new();
    add(
        &mut people,
        1,
        Some("2025-01-01"),
        &[Says("Nayib Bukele", &["Bukele"], 0)],
    );
    add(
        &mut people,
        2,
        Some("2025-02-01"),
        &[Says("Nayib Bukele", &[], 0)],
    );
    add(
        &mut people,
        3,
        Some("2025-03-01"),
        &[Says("Bukele", &[], 0)],
    );
    let id = people.find("Nayib Bukele")[0];
    let why: Vec<(u64, Vec<&str>)> = people
        .contributions(id)
        .into_iter()
        .map(|c| (c.story.bits(), c.forms))
        .collect();
    assert_eq!(
        why,
        [
            (3, vec!["Bukele"]),
            (2, vec!["Nayib Bukele"]),
            (1, vec!["Nayib Bukele", "Bukele"]),
        ]
    );
    let p = people.person(id).unwrap();
    assert_eq!(p.forms, ["Nayib Bukele", "Bukele"]);
}

#[test]
fn find_matches_any_form_case_and_accents_aside() {
    let mut people = People::new();
    add(
        &mut people,
        1,
        None,
        &[Says("José Martínez", &["Martínez", "Pepe"], 0)],
    );
    let id = people.find("José Martínez");
    assert_eq!(id.len(), 1);
    assert_eq!(people.find("jose martinez"), id);
    assert_eq!(people.find("MARTINEZ"), id);
    assert_eq!(people.find("pepe"), id);
    assert!(people.find("Martin").is_empty());
}

#[test]
fn a_surname_found_as_a_form_of_two_people_finds_both() {
    let mut people = People::new();
    add(&mut people, 1, None, &[Says("Ana Garcia", &["Garcia"], 0)]);
    add(&mut people, 2, None, &[Says("Luis Garcia", &["Garcia"], 0)]);
    assert_eq!(people.find("garcia").len(), 2);
}

#[test]
fn a_suffix_does_not_hide_the_surname() {
    let mut people = People::new();
    add(
        &mut people,
        1,
        None,
        &[Says("Martin Luther King Jr.", &[], 0)],
    );
    add(&mut people, 2, None, &[Says("King", &[], 0)]);
    assert_eq!(names(&people), ["Martin Luther King Jr."]);
}

#[test]
fn unattributed_quotations_are_kept_without_a_speaker() {
    let (paras, mut analysis) = story(&[Says("Ana Garcia", &[], 1)]);
    analysis.quotes[0].attribution = Attribution::Unknown;
    let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
    let mut people = People::new();
    people.add(info(1, None), &analysis, &refs);
    let all = people.quotations();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].speaker, None);
    assert_eq!(all[0].text, "\"Quotation 0 of Ana Garcia.\"");
    assert_eq!(all[0].kind.as_str(), "speech");
    assert_eq!(people.persons()[0].quotations, 0);
}

#[test]
fn spans_outside_the_paragraphs_are_passed_over() {
    let (_, analysis) = story(&[Says("Ana Garcia", &[], 2)]);
    let mut people = People::new();
    people.add(info(1, None), &analysis, &["Ana Garcia"]);
    assert!(people.quotations().is_empty());
    assert_eq!(names(&people), ["Ana Garcia"]);
}

#[test]
fn a_name_of_a_surname_and_a_suffix_is_found_by_the_surname_it_is_called() {
    let mut people = People::new();
    let paragraphs = ["\"King\"".to_string()];
    let analysis = Analysis {
        people: vec![Named {
            name: "King Jr.".to_string(),
            mentions: vec![Span {
                para: 0,
                range: 1..5,
            }],
        }],
        quotes: Vec::new(),
    };
    let texts: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
    people.add(info(0, None), &analysis, &texts);
    let king = people.find("King Jr.");
    assert_eq!(king.len(), 1);
    assert_eq!(people.find("King"), king);
    assert_eq!(people.containing("king"), king);
}

#[test]
fn a_story_of_some_surnames_keeps_their_people_and_only_their_quotations() {
    let (paras, analysis) = story(&[
        Says("Tom Ruiz", &[], 1),
        Says("José Martínez", &["Martínez"], 2),
        Says("Ana Ruiz Jr.", &[], 1),
    ]);
    let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
    let whole = StoryPeople::of(&analysis, &refs);
    let part = whole.clone().of_surnames(&["martinez".to_string()]);
    let names: Vec<&str> = part.people.iter().map(|p| p.name.as_ref()).collect();
    assert_eq!(names, ["José Martínez"]);
    assert_eq!(part.quotes.len(), 2);
    assert!(part.quotes.iter().all(|q| q.speaker == Some(0)));
    assert!(part.quotes.iter().all(|q| q.text.contains("Martínez")));

    let ruiz = whole.of_surnames(&["ruiz".to_string()]);
    let names: Vec<&str> = ruiz.people.iter().map(|p| p.name.as_ref()).collect();
    assert_eq!(
        names,
        ["Tom Ruiz", "Ana Ruiz Jr."],
        "a suffix hides no surname"
    );
    let speakers: Vec<Option<u32>> = ruiz.quotes.iter().map(|q| q.speaker).collect();
    assert_eq!(speakers, [Some(0), Some(1)], "speakers follow their people");
}

#[test]
fn a_story_s_surnames_kept_apart_join_as_the_people_of_both() {
    let (paras, analysis) = story(&[
        Says("Tom Ruiz", &[], 1),
        Says("José Martínez", &["Martínez"], 2),
        Says("Ana Ruiz Jr.", &[], 1),
        Says("Lee Park", &[], 1),
    ]);
    let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
    let whole = StoryPeople::of(&analysis, &refs);
    let of = |s: &str| whole.clone().of_surnames(&[s.to_string()]);
    let joined = StoryPeople::joined([of("ruiz"), of("martinez")]);
    let both = whole
        .clone()
        .of_surnames(&["martinez".to_string(), "ruiz".to_string()]);
    // The same quotations in the same order, each given the same person.
    let said = |s: &StoryPeople<'_>| -> Vec<(u32, u32, String)> {
        s.quotes
            .iter()
            .map(|q| {
                let who = q.speaker.and_then(|i| s.people.get(i as usize));
                let name = who.map(|p| p.name.to_string()).unwrap_or_default();
                (q.para, q.start, name)
            })
            .collect()
    };
    assert_eq!(said(&joined), said(&both));
    assert_eq!(joined.quotes.len(), 4, "Lee Park's is not among them");
    let mut names: Vec<&str> = joined.people.iter().map(|p| p.name.as_ref()).collect();
    names.sort_unstable();
    assert_eq!(names, ["Ana Ruiz Jr.", "José Martínez", "Tom Ruiz"]);
}

#[test]
fn a_story_in_the_index_shares_its_list_row_rather_than_copying_it() {
    let row = std::sync::Arc::new(crate::article::parse(
        "title Harbour talks\n\nMayor Ana Ruiz spoke.\n",
        crate::article::Format::Plain,
        crate::article::Origin::File("a.txt".into()),
        "s",
    ));
    let info = StoryInfo::of(&row);
    assert_eq!(std::sync::Arc::strong_count(&row), 2);
    assert_eq!(info.title(), "Harbour talks");
}
