//! Who said what: quotations, their speakers and the people in a story.
//!
//! Pure and offline: rules over tokens, with word lists compiled into the
//! binary. The pipeline is quotation marks → capitalised runs judged as
//! people → speakers from the words around each quotation.

mod candidates;
mod evidence;
mod lexicon;
mod people;
mod quotes;
mod shape;
mod speakers;
pub mod tagger;
mod tokens;

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// A place in the story: a byte range of one paragraph's display text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub para: usize,
    pub range: Range<usize>,
}

// `Range` has no order of its own; spans sort by paragraph, start, end.
impl Ord for Span {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.para, self.range.start, self.range.end).cmp(&(
            other.para,
            other.range.start,
            other.range.end,
        ))
    }
}

impl PartialOrd for Span {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// A person named in the story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// The fullest form of the name the story uses, as written.
    pub name: String,
    /// Every mention, sorted: the name as written, without a title before it
    /// or a possessive after it.
    pub mentions: Vec<Span>,
}

/// Who the text says a quotation is from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Attribution {
    /// The text does not say, or not so that the rules can be sure.
    #[default]
    Unknown,
    /// A person: an index into [`Analysis::people`].
    Speaker(usize),
    /// Not a person named in the story (`the commission`, `a spokesman for
    /// the ministry`, `police`): the words as written. Boxed: few
    /// quotations have one, and a story of 50,000 quotations holds them all.
    Source(Box<Span>),
}

/// What a quotation encloses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Someone's words, said or written.
    #[default]
    Speech,
    /// A word or phrase set in quotation marks: scare quotes, a title, a
    /// nickname (`"red line"`).
    Term,
}

impl QuoteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Speech => "speech",
            QuoteKind::Term => "term",
        }
    }
}

/// A quotation (one per paragraph for a quotation over several paragraphs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "StoredQuote", into = "StoredQuote")]
pub struct Quote {
    /// Includes the quotation marks.
    pub span: Span,
    pub attribution: Attribution,
    pub kind: QuoteKind,
}

impl Quote {
    /// The person who spoke, where the text says.
    pub fn speaker(&self) -> Option<usize> {
        match self.attribution {
            Attribution::Speaker(i) => Some(i),
            _ => None,
        }
    }

    /// The words naming a source that is not a person, where the text says.
    pub fn source(&self) -> Option<&Span> {
        match &self.attribution {
            Attribution::Source(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_speech(&self) -> bool {
        self.kind == QuoteKind::Speech
    }
}

/// A quotation as stored in the story database. Analyses stored before
/// kinds and sources have neither field: they read as speech with no
/// source (and [`VERSION`] has them made again anyway).
#[derive(Serialize, Deserialize)]
struct StoredQuote {
    span: Span,
    speaker: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<Span>,
    #[serde(default)]
    kind: QuoteKind,
}

impl From<StoredQuote> for Quote {
    fn from(q: StoredQuote) -> Quote {
        // A speaker wins over a source: only a damaged record has both.
        let attribution = match (q.speaker, q.source) {
            (Some(i), _) => Attribution::Speaker(i),
            (None, Some(s)) => Attribution::Source(Box::new(s)),
            (None, None) => Attribution::Unknown,
        };
        Quote {
            span: q.span,
            attribution,
            kind: q.kind,
        }
    }
}

impl From<Quote> for StoredQuote {
    fn from(q: Quote) -> StoredQuote {
        let speaker = q.speaker();
        let source = q.source().cloned();
        StoredQuote {
            span: q.span,
            speaker,
            source,
            kind: q.kind,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Analysis {
    /// In order of first mention.
    pub people: Vec<Person>,
    /// In story order.
    pub quotes: Vec<Quote>,
}

impl Analysis {
    /// Whether every span lies on character boundaries within `paragraphs`
    /// and every speaker is a person: an analysis read back from the story
    /// database is used only then.
    pub fn fits(&self, paragraphs: &[&str]) -> bool {
        let fits = |s: &Span| {
            paragraphs.get(s.para).is_some_and(|text| {
                s.range.start <= s.range.end && text.get(s.range.clone()).is_some()
            })
        };
        self.people.iter().all(|p| p.mentions.iter().all(fits))
            && self.quotes.iter().all(|q| match &q.attribution {
                Attribution::Unknown => fits(&q.span),
                Attribution::Speaker(i) => fits(&q.span) && *i < self.people.len(),
                Attribution::Source(s) => fits(&q.span) && fits(s),
            })
    }
}

/// Which analyser made a stored analysis: raise it whenever a change to
/// this module would find other people or quotations in the same text, so
/// that analyses stored by an older byline are made again, not shown.
pub const VERSION: u32 = 7;

/// Text whose tokens are kept from finding people to attributing speakers:
/// most stories are shorter, and their tokens and tables take about eight
/// times this (under a megabyte).
const KEPT_BYTES: usize = 64 * 1024;

/// Analyses a story given as its paragraphs' display texts.
pub fn analyze(paragraphs: &[&str]) -> Analysis {
    // Tokens take several times the text's memory, so no stage keeps more
    // than a few paragraphs' worth: people need the whole story before any
    // name is settled, so the speakers' rules tokenize again afterwards,
    // except for the paragraphs of an ordinary story's length, kept to spare
    // the work.
    let mut finder = people::Finder::default();
    let mut kept = Vec::with_capacity(paragraphs.len().min(KEPT_BYTES / 64));
    let mut kept_bytes = 0;
    let mut spare: Option<tokens::Prepared> = None;
    for (pi, text) in paragraphs.iter().enumerate() {
        let mut pre = match spare.take() {
            Some(mut pre) => {
                pre.refill(text);
                pre
            }
            None => tokens::Prepared::new(text),
        };
        pre.mark_names(text);
        finder.add(pi, text, &pre);
        kept_bytes += text.len();
        if kept_bytes <= KEPT_BYTES && kept.len() == pi {
            kept.push(Some(pre));
        } else {
            spare = Some(pre);
        }
    }
    let found = finder.finish(paragraphs);
    let pieces = quotes::find(paragraphs);
    let said = speakers::attribute(paragraphs, &pieces, &found, kept, spare);
    let people::People {
        names, mentions, ..
    } = found;

    // Each person's mentions are counted first: on a long story, vectors
    // grown by doubling would hold up to twice the result's memory.
    let mut counts = vec![0; names.len()];
    for m in &mentions {
        if let Some(n) = counts.get_mut(m.person()) {
            *n += 1;
        }
    }
    let mut people: Vec<Person> = names
        .into_iter()
        .zip(counts)
        .map(|(name, count)| Person {
            name,
            mentions: Vec::with_capacity(count),
        })
        .collect();
    for m in &mentions {
        if let Some(person) = people.get_mut(m.person()) {
            person.mentions.push(Span {
                para: m.para,
                range: m.start as usize..m.end as usize,
            });
        }
    }
    for p in &mut people {
        p.mentions.sort();
    }
    // The mentions are in the result now; the quotations come next.
    drop(mentions);
    let quotes = pieces
        .into_iter()
        .zip(said)
        .map(|(piece, (attribution, kind))| Quote {
            span: Span {
                para: piece.para,
                range: piece.range,
            },
            attribution: match attribution {
                Attribution::Speaker(s) if s >= people.len() => Attribution::Unknown,
                a => a,
            },
            kind,
        })
        .collect();
    Analysis { people, quotes }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn an_analysis_read_back_as_json_is_the_same_and_fits_its_story() {
        let paras = [
            "\"We will build it,\" said Mayor Ana Ruiz.",
            "Ruiz spoke on Monday.",
        ];
        let a = analyze(&paras);
        let json = serde_json::to_string(&a).expect("json");
        let back: Analysis = serde_json::from_str(&json).expect("back");
        assert_eq!(back, a);
        assert!(back.fits(&paras));
    }

    #[test]
    fn a_quotation_stored_before_kinds_and_sources_reads_as_speech_with_its_speaker() {
        let old = r#"{"people":[{"name":"Ana Ruiz","mentions":[]}],
            "quotes":[{"span":{"para":0,"range":{"start":0,"end":5}},"speaker":0}]}"#;
        let a: Analysis = serde_json::from_str(old).expect("old json");
        assert_eq!(a.quotes[0].speaker(), Some(0));
        assert_eq!(a.quotes[0].kind, QuoteKind::Speech);
        assert_eq!(a.quotes[0].source(), None);
    }

    #[test]
    fn a_stored_quotation_with_both_a_speaker_and_a_source_keeps_the_speaker() {
        let both = r#"{"span":{"para":0,"range":{"start":0,"end":5}},"speaker":1,
            "source":{"para":0,"range":{"start":6,"end":9}},"kind":"term"}"#;
        let q: Quote = serde_json::from_str(both).expect("json");
        assert_eq!(q.attribution, Attribution::Speaker(1));
        assert_eq!(q.kind, QuoteKind::Term);
    }

    #[test]
    fn a_source_outside_the_story_does_not_fit() {
        let paras = ["\"We will build it,\" the council said."];
        let mut a = analyze(&paras);
        assert!(a.quotes[0].source().is_some() && a.fits(&paras));
        a.quotes[0].attribution = Attribution::Source(Box::new(Span {
            para: 3,
            range: 0..2,
        }));
        assert!(!a.fits(&paras));
    }

    #[test]
    fn an_analysis_of_other_text_does_not_fit() {
        let paras = ["\"We will build it,\" said Mayor Ana Ruiz."];
        let a = analyze(&paras);
        assert!(!a.fits(&["Short."]));
        assert!(!a.fits(&[]));
    }

    /// (quote text, speaker name) for each quotation.
    fn said(paras: &[&str]) -> Vec<(String, Option<String>)> {
        let a = analyze(paras);
        a.quotes
            .iter()
            .map(|q| {
                (
                    paras[q.span.para][q.span.range.clone()].to_string(),
                    q.speaker().map(|s| a.people[s].name.clone()),
                )
            })
            .collect()
    }

    fn speaker_of(paras: &[&str], n: usize) -> Option<String> {
        said(paras)[n].1.clone()
    }

    #[test]
    fn name_said_after_the_quote_is_the_speaker() {
        let p = [r#"Helen Marchetti spoke. "We will fix it," Marchetti said."#];
        assert_eq!(speaker_of(&p, 0).as_deref(), Some("Helen Marchetti"));
    }

    #[test]
    fn said_name_after_the_quote_is_the_speaker() {
        let p = [r#""It was a plan," said Judge Renata Okafor."#];
        assert_eq!(speaker_of(&p, 0).as_deref(), Some("Renata Okafor"));
    }

    #[test]
    fn name_said_colon_before_the_quote_is_the_speaker() {
        let p = [r#"Morgan Reyes said: "The losses are real.""#];
        assert_eq!(speaker_of(&p, 0).as_deref(), Some("Morgan Reyes"));
    }

    #[test]
    fn the_teller_not_the_told_is_the_speaker() {
        let p = [r#"Victor Haddad, 58, told Judge Elaine Castellanos: "I should have listened.""#];
        assert_eq!(speaker_of(&p, 0).as_deref(), Some("Victor Haddad"));
    }

    #[test]
    fn told_reporters_after_the_quote_names_the_speaker() {
        let p = [r#""Of course not," Amara Okonkwo told reporters."#];
        assert_eq!(speaker_of(&p, 0).as_deref(), Some("Amara Okonkwo"));
    }

    #[test]
    fn according_to_names_the_speaker() {
        let p = [r#"It could be "ready within five years," according to Dr. Anjali Menon."#];
        assert_eq!(speaker_of(&p, 0).as_deref(), Some("Anjali Menon"));
    }

    #[test]
    fn an_appositive_age_and_role_do_not_hide_the_speaker() {
        let p =
            [r#"Dolores Whitaker, 61, a retired teacher, said: "Half the people don't drive.""#];
        assert_eq!(speaker_of(&p, 0).as_deref(), Some("Dolores Whitaker"));
    }

    #[test]
    fn a_pronoun_speaker_is_the_person_the_sentence_before_was_about() {
        let p = [r#"Kenji Watanabe sold the company. "I'll miss it," he said."#];
        assert_eq!(speaker_of(&p, 0).as_deref(), Some("Kenji Watanabe"));
    }

    #[test]
    fn a_pronoun_with_no_person_before_has_no_speaker() {
        let p = [r#"A witness heard shouting. "It was over fast," she said."#];
        assert_eq!(speaker_of(&p, 0), None);
    }

    #[test]
    fn a_description_speaker_stays_unresolved() {
        let p = [r#"Dee Castellano left. "We were kids," the singer wrote."#];
        assert_eq!(speaker_of(&p, 0), None);
    }

    #[test]
    fn a_possessor_is_not_the_speaker() {
        let p = [r#"Helen Marchetti left. "No comment," Marchetti's spokesman said."#];
        assert_eq!(speaker_of(&p, 0), None);
    }

    #[test]
    fn a_paragraph_that_only_quotes_continues_the_previous_speaker() {
        let p = [
            r#""Nobody will choose," Aurelia Dragan said."#,
            r#""If that costs money, so be it.""#,
        ];
        assert_eq!(speaker_of(&p, 1).as_deref(), Some("Aurelia Dragan"));
    }

    #[test]
    fn a_multi_paragraph_quotation_has_one_speaker() {
        let p = [
            r#"Farida Rahimi said: "Three hundred people."#,
            r#""Most did nothing wrong.""#,
        ];
        let s = said(&p);
        assert_eq!(s.len(), 2);
        assert!(s.iter().all(|q| q.1.as_deref() == Some("Farida Rahimi")));
    }

    #[test]
    fn a_second_quote_in_a_paragraph_keeps_the_speaker() {
        let p = [r#""I left too early," Bernard Kowalczyk said. "Why stop now?""#];
        assert_eq!(speaker_of(&p, 1).as_deref(), Some("Bernard Kowalczyk"));
    }

    #[test]
    fn a_labelled_phrase_with_no_saying_has_no_speaker() {
        let p = [r#"Tom Hale welcomed Ann Lee, the self-proclaimed "coolest mayor" in town."#];
        assert_eq!(speaker_of(&p, 0), None);
    }

    #[test]
    fn a_phrase_after_said_belongs_to_the_sayer() {
        let p = [r#"Florin Mateescu said the subsidies were "a bribe with a receipt.""#];
        assert_eq!(speaker_of(&p, 0).as_deref(), Some("Florin Mateescu"));
    }

    #[test]
    fn saying_before_a_quote_belongs_to_the_sentence_subject() {
        let p = [
            r#"Tom Hale said he would act, saying "I'm all for it" and asking Pam Bondi to help."#,
        ];
        assert_eq!(speaker_of(&p, 0).as_deref(), Some("Tom Hale"));
    }

    #[test]
    fn a_name_in_apposition_before_the_verb_is_the_speaker() {
        let p =
            [r#"Maria Lopez said her landlord, James Carter, had told her: "You have a week.""#];
        assert_eq!(speaker_of(&p, 0).as_deref(), Some("James Carter"));
    }

    #[test]
    fn according_to_before_the_quote_names_the_speaker() {
        let p = [r#"According to police spokesman Tom Reed, "the suspect fled.""#];
        assert_eq!(speaker_of(&p, 0).as_deref(), Some("Tom Reed"));
    }

    #[test]
    fn a_pronoun_of_the_other_sex_is_not_resolved_to_the_person_before() {
        let p = [r#"Tom Reed spoke first. "We're done," she said."#];
        assert_eq!(speaker_of(&p, 0), None);
    }

    #[test]
    fn a_quoted_phrase_does_not_inherit_the_previous_speaker() {
        let p =
            [r#"Pep Guardiola said his side "deserved nothing". The club's fans chanted "out"."#];
        assert_eq!(speaker_of(&p, 1), None);
    }

    #[test]
    fn a_capitalised_verb_inside_a_name_is_no_verb_of_saying() {
        let p = [r#"As coauthor Colette Heald told The Huffington Post, "It is consistent.""#];
        assert_eq!(speaker_of(&p, 0).as_deref(), Some("Colette Heald"));
    }

    #[test]
    fn a_place_after_a_comma_is_not_the_speaker() {
        let p = [
            r#"Cynthia Thompson, curator at the University of Arkansas, Fayetteville, said, "These images matter.""#,
        ];
        assert_eq!(speaker_of(&p, 0).as_deref(), Some("Cynthia Thompson"));
    }

    #[test]
    fn a_second_phrase_in_an_attributed_phrases_sentence_keeps_the_speaker() {
        let p = [r#"Nunzio Galantino called the ruling "dangerous" and "ideological"."#];
        let s = said(&p);
        assert!(s.iter().all(|q| q.1.as_deref() == Some("Nunzio Galantino")));
    }

    #[test]
    fn a_pronoun_is_not_a_woman_named_by_her_given_name_alone() {
        let p = [
            "Thomas Sam and Manju Sam were charged. Gloria was ill.",
            r#"His sister pleaded with him to take Gloria to a doctor, but he replied "I am not able to do that"."#,
        ];
        assert_eq!(speaker_of(&p, 0).as_deref(), Some("Thomas Sam"));
    }

    #[test]
    fn a_role_in_apposition_is_evidence_for_a_name() {
        let a = analyze(&["Zorvan Kaltenbrunn, the club's coach, was calm."]);
        assert_eq!(a.people.len(), 1);
    }

    #[test]
    fn a_name_after_the_needs_more_evidence() {
        let a = analyze(&["They played at the Santiago Marvelo on Sunday."]);
        assert!(a.people.is_empty());
    }

    #[test]
    fn a_country_abbreviation_is_not_a_person() {
        let a = analyze(&["The U.S. said it would act. U.S. Steel fell."]);
        assert!(a.people.is_empty());
    }

    #[test]
    fn a_plural_nationality_is_not_a_person() {
        let a = analyze(&["Talks stalled, while Palestinians said they would wait."]);
        assert!(a.people.is_empty());
    }

    #[test]
    fn a_suffix_after_a_titled_looking_name_stays_in_the_name() {
        let a = analyze(&["Martin Luther King Jr. said it first."]);
        assert_eq!(a.people.len(), 1);
        assert_eq!(a.people[0].name, "Martin Luther King Jr.");
    }

    #[test]
    fn a_long_story_is_tokenized_a_few_paragraphs_at_a_time() {
        let para =
            |i: usize| format!(r#"Helen Marchetti spoke on day {i:05}. "We fix it," she said."#);
        let len = para(0).len();
        let n = 3 * KEPT_BYTES / len;
        let paras: Vec<String> = (0..n).map(para).collect();
        let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
        tokens::LIVE.with(|c| c.set((0, 0)));
        let a = analyze(&refs);
        assert_eq!(a.quotes.len(), n);
        assert!(a.quotes.iter().all(|q| q.speaker() == Some(0)));
        let (live, peak) = tokens::LIVE.with(std::cell::Cell::get);
        assert_eq!(live, 0);
        // The paragraphs kept whole and the current one with the two before
        // it (see speakers::WINDOW).
        let most = KEPT_BYTES / len + 3;
        assert!(peak <= most, "{peak} of {n} paragraphs tokenized at once");
    }

    #[test]
    fn empty_input_gives_empty_analysis() {
        assert_eq!(analyze(&[]), Analysis::default());
    }
}
