//! Finding people: the behaviours of the whole stage, candidates to mentions.
#![allow(clippy::unwrap_used)]

use super::*;

#[test]
fn sub_runs_are_every_run_of_consecutive_words_in_order() {
    let runs: Vec<&str> = sub_runs("Kilmar Abrego Garcia").collect();
    assert_eq!(
        runs,
        [
            "Kilmar",
            "Kilmar Abrego",
            "Kilmar Abrego Garcia",
            "Abrego",
            "Abrego Garcia",
            "Garcia"
        ]
    );
}

fn people(paras: &[&str]) -> Vec<(String, Vec<String>)> {
    let mut finder = Finder::default();
    for (i, p) in paras.iter().enumerate() {
        let mut pre = Prepared::new(p);
        pre.mark_names(p);
        finder.add(i, p, &pre);
    }
    let found = finder.finish(paras);
    let mut out: Vec<(String, Vec<String>)> = found
        .names
        .iter()
        .map(|n| (n.clone(), Vec::new()))
        .collect();
    for m in &found.mentions {
        out[m.person()]
            .1
            .push(paras[m.para][m.start as usize..m.end as usize].to_string());
    }
    out
}

fn names(paras: &[&str]) -> Vec<String> {
    people(paras).into_iter().map(|p| p.0).collect()
}

#[test]
fn a_title_is_left_out_of_the_mention() {
    assert_eq!(
        people(&["Attorney General Pam Bondi spoke."]),
        [("Pam Bondi".to_string(), vec!["Pam Bondi".to_string()])]
    );
}

#[test]
fn a_surname_alone_links_to_the_full_name() {
    let p = people(&["Helen Marchetti spoke. Later Marchetti left."]);
    assert_eq!(p[0].1, ["Helen Marchetti", "Marchetti"]);
}

#[test]
fn a_surname_before_the_full_name_links_too() {
    let p = people(&["Marchetti spoke first.", "Then Helen Marchetti left."]);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].1, ["Marchetti", "Helen Marchetti"]);
}

#[test]
fn possessive_s_is_outside_the_mention() {
    let p = people(&["Donald Trump spoke. Trump's plan failed."]);
    assert_eq!(p[0].1, ["Donald Trump", "Trump"]);
}

#[test]
fn organisation_words_make_no_person() {
    assert!(names(&["He met Getty Images staff in the Oval Office."]).is_empty());
}

#[test]
fn a_name_that_ends_in_group_is_no_person_anywhere_in_the_story() {
    assert!(
        names(&[
            "At issue is a plan by Maasvlakte Stevedoring Group to automate.",
            "Maasvlakte Stevedoring said it was disappointed.",
        ])
        .is_empty()
    );
}

#[test]
fn a_name_after_a_kind_of_organisation_is_the_organisations() {
    assert!(
        names(&["Portuguese rail manufacturer Metalúrgica do Douro said it had won."]).is_empty()
    );
    assert!(
        names(&["The organizers' group, Safe Streets Lincoln, said it had 2,300 names."])
            .is_empty()
    );
    // A possessive makes it the organisation's person.
    assert_eq!(
        names(&["The company's Luiza da Costa said talks would go on."]),
        ["Luiza da Costa"]
    );
}

#[test]
fn a_referee_is_a_role_not_part_of_the_name() {
    assert_eq!(
        names(&["Referee Dennis van Rijn waved play on."]),
        ["Dennis van Rijn"]
    );
}

#[test]
fn a_town_between_a_locative_and_its_state_is_a_place() {
    assert!(names(&["The council in Harlow Springs, Ohio, voted 6-1."]).is_empty());
}

#[test]
fn a_capitalised_verb_before_a_word_is_no_evidence_of_a_name() {
    assert!(names(&["Drivers will take the State Route 72 crossing instead."]).is_empty());
    assert!(names(&["The yield on the 10-year Treasury note eased."]).is_empty());
}

#[test]
fn companies_named_after_people_are_not_people() {
    assert!(names(&["Morgan Stanley and Johnson & Johnson rose."]).is_empty());
}

#[test]
fn places_and_nationalities_are_not_people() {
    assert!(names(&["The Salvadoran leader flew from El Salvador to Washington DC."]).is_empty());
}

#[test]
fn a_place_name_as_a_place_is_no_mention_of_a_namesake() {
    let p = people(&["Jackson Pryor lives in Jackson, Mississippi."]);
    assert_eq!(p[0].1, ["Jackson Pryor"]);
}

#[test]
fn particles_join_a_name() {
    assert_eq!(names(&["Joost van Dijk arrived."]), ["Joost van Dijk"]);
}

#[test]
fn a_name_may_open_with_its_particle() {
    let p = people(&["Claudia von Hallberg spoke. The cuts stand, von Hallberg said."]);
    assert_eq!(p[0].1, ["Claudia von Hallberg", "von Hallberg"]);
}

#[test]
fn an_age_is_evidence_for_an_unknown_name() {
    assert_eq!(
        names(&["Thembeka Ngubane, 61, arrived."]),
        ["Thembeka Ngubane"]
    );
}

#[test]
fn an_unknown_pair_without_evidence_is_no_person() {
    assert!(names(&["The Velvet Parade will tour."]).is_empty());
}

#[test]
fn a_single_word_with_a_saying_verb_is_a_person() {
    assert_eq!(names(&["\"Yes,\" said Okonkwo."]), ["Okonkwo"]);
}

#[test]
fn a_month_is_no_short_form_of_a_person() {
    let p = people(&["August Lindqvist measured it every August."]);
    assert_eq!(p[0].1, ["August Lindqvist"]);
}

#[test]
fn an_all_caps_credit_names_the_photographer() {
    assert_eq!(names(&["A street. © JANE DOE / AFP"]), ["JANE DOE"]);
}

#[test]
fn an_agency_credit_names_no_one() {
    assert!(names(&["A street. © GETTY IMAGES"]).is_empty());
}

#[test]
fn initials_stay_in_the_name() {
    assert_eq!(names(&["Michael T. Osei spoke."]), ["Michael T. Osei"]);
}

#[test]
fn sentence_openers_are_not_part_of_a_name() {
    assert_eq!(
        people(&["Helen Marchetti spoke. Meanwhile Marchetti left."])[0].1,
        ["Helen Marchetti", "Marchetti"]
    );
}

#[test]
fn a_short_syllable_after_a_title_is_part_of_the_name() {
    assert_eq!(
        names(&["\"We grew,\" said chief executive Pham Van Sun Linh."]),
        ["Pham Van Sun Linh"]
    );
}

#[test]
fn a_role_opening_the_sentence_is_no_part_of_the_name() {
    assert_eq!(
        names(&["Shopper Marisol Quintanar, 52, said prices rose."]),
        ["Marisol Quintanar"]
    );
}

#[test]
fn a_country_possessive_or_demonym_is_evidence_for_a_name() {
    let found = names(&["Norway's Sindre Haugvik won, with Dutchman Joost Verkerk second."]);
    assert_eq!(found, ["Sindre Haugvik", "Joost Verkerk"]);
}

#[test]
fn an_age_makes_a_sentence_initial_surname_a_person() {
    assert_eq!(
        names(&["Okonkwo-Laine, 31, declined to comment."]),
        ["Okonkwo-Laine"]
    );
}

#[test]
fn a_family_name_before_a_hyphenated_given_name_is_a_person() {
    let found = people(&["Voters backed Park Min-jun and Cheng Chung-tai on Sunday."]);
    let names: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(names, ["Park Min-jun", "Cheng Chung-tai"]);
}

#[test]
fn a_hyphenated_word_with_capitals_on_both_sides_is_no_given_name() {
    assert!(!super::super::candidates::is_hyphenated_given("Coca-Cola"));
    assert!(!super::super::candidates::is_hyphenated_given(
        "Self-driving"
    ));
    assert!(super::super::candidates::is_hyphenated_given("Min-jun"));
}

#[test]
fn a_nickname_in_quotation_marks_is_inside_the_name() {
    let p = people(&[r#"Tobias "Tank" Ferreira scored twice before Ferreira left."#]);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].1, [r#"Tobias "Tank" Ferreira"#, "Ferreira"]);
}

#[test]
fn a_person_with_a_nickname_is_named_without_it() {
    assert_eq!(
        names(&["Greer \u{201c}Little Bear\u{201d} Okonjo won."]),
        ["Greer Okonjo"]
    );
}

#[test]
fn a_quoted_title_between_names_joins_nothing() {
    let found = names(&[r#"Helen Marchetti's "Night Train" Review ran on Monday."#]);
    assert!(found.iter().all(|n| !n.contains("Night")), "{found:?}");
}

#[test]
fn an_adverb_opening_the_sentence_is_not_part_of_the_name() {
    let p = people(&["Marta Vargosz spoke. Apparently Vargosz's plan failed."]);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].1, ["Marta Vargosz", "Vargosz"]);
}

#[test]
fn a_word_for_what_someone_does_is_evidence_for_the_name_after_it() {
    assert_eq!(
        names(&["The band hired cellist Quillon Darrowby last year."]),
        ["Quillon Darrowby"]
    );
}

#[test]
fn a_lone_name_with_what_is_said_only_of_people_is_a_person() {
    assert_eq!(
        names(&["Vantorrez, who runs the bakery, closed early."]),
        ["Vantorrez"]
    );
    assert_eq!(names(&["Brannaghy, now 31, runs a farm."]), ["Brannaghy"]);
    assert_eq!(names(&["Nobody but Ostrandy herself knew."]), ["Ostrandy"]);
}

#[test]
fn a_person_named_right_after_an_organisation_is_found_apart_from_it() {
    assert_eq!(
        names(&["The head of the Harbour Council Imelda Voskuijlen resigned."]),
        ["Imelda Voskuijlen"]
    );
}

#[test]
fn two_people_joined_by_an_ampersand_are_two_people() {
    assert_eq!(
        names(&["The show is hosted by Margit Olundsen & Petra Vasquelle."]),
        ["Margit Olundsen", "Petra Vasquelle"]
    );
    assert!(names(&["Shares of Marks & Spencer rose."]).is_empty());
}

#[test]
fn a_name_before_a_stream_or_a_dock_is_a_place() {
    assert!(names(&["The bridge crosses Hollisworth Creek near Tamberley Dock."]).is_empty());
}

#[test]
fn a_common_word_that_is_a_given_name_opens_a_name_inside_a_sentence() {
    assert_eq!(
        names(&["The trophy was handed over by Bill Tenwhistle on Friday."]),
        ["Bill Tenwhistle"]
    );
}

#[test]
fn a_six_letter_syllable_ending_as_chinese_ones_do_is_a_hyphenated_given_name() {
    assert!(super::super::candidates::is_hyphenated_given("Che-cheung"));
    assert!(!super::super::candidates::is_hyphenated_given("Co-author"));
    let found = people(&["Voters chose Ben Chan and Leung Che-cheung on Sunday."]);
    let names: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(names, ["Ben Chan", "Leung Che-cheung"]);
}

#[test]
fn a_lower_case_compound_opening_the_sentence_is_no_part_of_the_name() {
    let found = people(&["Pan-democrat Lam Cheuk-ting won a seat."]);
    let names: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(names, ["Lam Cheuk-ting"]);
}

#[test]
fn a_surname_that_is_a_place_names_a_person_when_an_apposition_says_only_a_person_is_meant() {
    let found = people(&[
        "Valeska Paris, an Australian woman who left the group, spoke on Monday.",
        "Paris said she left in 2007.",
    ]);
    assert_eq!(
        found,
        [(
            "Valeska Paris".to_string(),
            vec!["Valeska Paris".to_string(), "Paris".to_string()]
        )]
    );
}

#[test]
fn an_apposition_that_turns_to_something_else_makes_no_person() {
    let found = people(&["Jordan, a country whose women vote, said it would close the border."]);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_name_with_a_place_for_surname_is_found_again_where_nothing_around_it_says_so() {
    let found = people(&[
        "Valeska Paris, an Australian woman who left the group, spoke on Monday.",
        "\"I was told to stay,\" she said. Valeska Paris",
    ]);
    assert_eq!(
        found,
        [(
            "Valeska Paris".to_string(),
            vec!["Valeska Paris".to_string(), "Valeska Paris".to_string()]
        )]
    );
}

#[test]
fn a_place_after_an_unknown_word_is_no_name_without_evidence_in_the_story() {
    let found = people(&["Tourists from Oslo Paris and Rome arrived on Monday."]);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_given_name_of_pinyin_syllables_is_told_by_its_shape() {
    use super::super::lexicon::is_pinyin_given;
    assert!(is_pinyin_given("Lianying"));
    assert!(is_pinyin_given("Na"));
    assert!(!is_pinyin_given("Bell"));
    assert!(!is_pinyin_given("Dynasty"));
    assert!(!is_pinyin_given("LIANYING"));
}

#[test]
fn a_chinese_family_name_before_a_pinyin_given_name_is_a_person() {
    let found = people(&["The prize went to Zhou Lianying, ahead of the Tang Dynasty show."]);
    let names: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(names, ["Zhou Lianying"]);
}

#[test]
fn a_name_after_an_organisations_possessive_is_a_person_when_a_list_knows_a_word_of_it() {
    let found = people(&["Youngspiration's Baggio Leung won, and Apple's Vision Pro sold out."]);
    let names: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(names, ["Baggio Leung"]);
}

#[test]
fn a_given_name_that_is_a_word_keeps_its_place_opening_a_sentence_before_a_surname() {
    let found = people(&["Will Smith laughed. Summer Olympics tickets sold out."]);
    let names: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(names, ["Will Smith"]);
}
