//! Speakers on real news nobody here wrote: GUM's 24 Wikinews stories, with
//! each quotation's speaker or source read off GUM's coreference chains and
//! checked by hand (`tests/fixtures/real/gum-wikinews/README.md`).

use std::path::Path;

use byline::analysis::{Analysis, QuoteKind, analyze};
use serde::Deserialize;

#[derive(Deserialize)]
struct Story {
    id: String,
    paragraphs: Vec<String>,
    quotes: Vec<GoldQuote>,
}

#[derive(Deserialize)]
struct GoldQuote {
    para: usize,
    start: usize,
    end: usize,
    kind: String,
    speaker: Option<String>,
    /// Other spellings the story uses for the speaker (`Ms Bauchtman`).
    #[serde(default)]
    also_written: Vec<String>,
    source: Option<GoldSource>,
}

#[derive(Deserialize)]
struct GoldSource {
    text: String,
}

/// Counts over the whole set.
#[derive(Default, Debug)]
pub struct Tally {
    pub quotes_gold: usize,
    pub quotes_found: usize,
    pub quotes_right: usize,
    /// Speech quotations with a gold speaker (a person).
    pub speaker_gold: usize,
    pub speaker_right: usize,
    pub speaker_wrong: usize,
    pub speaker_none: usize,
    /// Speech quotations with a gold speaker or source.
    pub attributed_gold: usize,
    /// ...of which byline gave a speaker or a source.
    pub attributed_found: usize,
    /// Speech quotations with a gold source, and those given a source.
    pub source_gold: usize,
    pub source_found: usize,
    /// Quotations found whose kind is right.
    pub kind_right: usize,
    /// Gold terms found, and those byline calls speech.
    pub terms_found: usize,
    pub terms_as_speech: usize,
    /// Gold speech found that byline calls a term.
    pub speech_as_term: usize,
}

impl Tally {
    pub fn recall(&self) -> f64 {
        ratio(self.quotes_right, self.quotes_gold)
    }
    pub fn precision(&self) -> f64 {
        ratio(self.quotes_right, self.quotes_found)
    }
    pub fn speaker_accuracy(&self) -> f64 {
        ratio(self.speaker_right, self.speaker_gold)
    }
    pub fn wrong_rate(&self) -> f64 {
        ratio(self.speaker_wrong, self.speaker_gold)
    }
    pub fn attributed_rate(&self) -> f64 {
        ratio(self.attributed_found, self.attributed_gold)
    }
    pub fn unresolved_rate(&self) -> f64 {
        1.0 - self.attributed_rate()
    }
    pub fn kind_accuracy(&self) -> f64 {
        ratio(self.kind_right, self.quotes_right)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// The words of a name, folded, without titles' dots.
fn words(name: &str) -> Vec<String> {
    name.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// The same person: byline names people as the story does, often by a
/// shorter or longer form than the gold name (`Mohib`, `Hamdullah Mohib`),
/// so the last words (surnames) must agree and neither name may add a word
/// the other lacks except before the surname.
fn same_person(found: &str, gold: &str) -> bool {
    let (f, g) = (words(found), words(gold));
    match (f.last(), g.last()) {
        (Some(a), Some(b)) if a == b => {
            f.iter().all(|w| g.contains(w)) || g.iter().all(|w| f.contains(w))
        }
        _ => false,
    }
}

fn score(story: &Story, a: &Analysis, t: &mut Tally, log: &mut Vec<String>) {
    let paras = &story.paragraphs;
    let show = |p: usize, s: usize, e: usize| {
        let text = paras[p].get(s..e).unwrap_or("?");
        let short: String = text.chars().take(50).collect();
        format!("[{p}:{s}] {short:?}")
    };
    t.quotes_gold += story.quotes.len();
    t.quotes_found += a.quotes.len();
    for g in &story.quotes {
        let found = a
            .quotes
            .iter()
            .find(|q| q.span.para == g.para && q.span.range == (g.start..g.end));
        let speech = g.kind == "speech";
        if speech && g.speaker.is_some() {
            t.speaker_gold += 1;
        }
        if speech && (g.speaker.is_some() || g.source.is_some()) {
            t.attributed_gold += 1;
        }
        let Some(q) = found else {
            log.push(format!("  missed quote   {}", show(g.para, g.start, g.end)));
            if speech && g.speaker.is_some() {
                t.speaker_none += 1;
            }
            continue;
        };
        t.quotes_right += 1;
        let speaker = q
            .speaker()
            .and_then(|i| a.people.get(i))
            .map(|p| p.name.as_str());
        let source = q
            .source()
            .and_then(|s| paras.get(s.para)?.get(s.range.clone()));
        let found_speech = q.kind == QuoteKind::Speech;
        if found_speech == speech {
            t.kind_right += 1;
        } else {
            log.push(format!(
                "  kind {:?}     {}, gold {}",
                q.kind,
                show(g.para, g.start, g.end),
                g.kind
            ));
        }
        if !speech {
            t.terms_found += 1;
            if found_speech {
                t.terms_as_speech += 1;
            }
            continue;
        }
        if !found_speech {
            t.speech_as_term += 1;
        }
        if (g.speaker.is_some() || g.source.is_some()) && (speaker.is_some() || source.is_some()) {
            t.attributed_found += 1;
        }
        if let Some(gold) = &g.speaker {
            match (speaker, source) {
                (None, None) => {
                    t.speaker_none += 1;
                    log.push(format!(
                        "  no speaker     {}, gold {gold}",
                        show(g.para, g.start, g.end)
                    ));
                }
                (None, Some(f)) => {
                    t.speaker_none += 1;
                    log.push(format!(
                        "  source for a speaker {}: {f:?}, gold {gold}",
                        show(g.para, g.start, g.end)
                    ));
                }
                (Some(f), _)
                    if same_person(f, gold) || g.also_written.iter().any(|w| same_person(f, w)) =>
                {
                    t.speaker_right += 1;
                }
                (Some(f), _) => {
                    t.speaker_wrong += 1;
                    log.push(format!(
                        "  WRONG speaker  {}: {f}, gold {gold}",
                        show(g.para, g.start, g.end)
                    ));
                }
            }
        }
        if let Some(src) = &g.source {
            t.source_gold += 1;
            match (speaker, source) {
                (_, Some(f)) => {
                    t.source_found += 1;
                    if !f.contains(src.text.as_str()) && !src.text.contains(f) {
                        log.push(format!(
                            "  other source   {}: {f:?}, gold {:?}",
                            show(g.para, g.start, g.end),
                            src.text
                        ));
                    }
                }
                (Some(f), None) => log.push(format!(
                    "  person for a source {}: {f}, gold {}",
                    show(g.para, g.start, g.end),
                    src.text
                )),
                (None, None) => log.push(format!(
                    "  no source      {}, gold {:?}",
                    show(g.para, g.start, g.end),
                    src.text
                )),
            }
        }
    }
    for q in &a.quotes {
        let gold = story
            .quotes
            .iter()
            .any(|g| g.para == q.span.para && q.span.range == (g.start..g.end));
        if !gold {
            log.push(format!(
                "  extra quote    {}",
                show(q.span.para, q.span.range.start, q.span.range.end)
            ));
        }
    }
}

/// Scores every story, printing what went wrong in each and the totals.
pub fn score_all() -> Tally {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real/gum-wikinews");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    assert_eq!(paths.len(), 24, "GUM has 24 Wikinews stories");
    let mut t = Tally::default();
    for path in &paths {
        let story: Story = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let paras: Vec<&str> = story.paragraphs.iter().map(String::as_str).collect();
        let a = analyze(&paras);
        let mut log = Vec::new();
        score(&story, &a, &mut t, &mut log);
        if !log.is_empty() {
            println!("{}", story.id);
            for l in log {
                println!("{l}");
            }
        }
    }
    println!(
        "GUM quotations: recall {:.3} precision {:.3} ({} gold, {} found, {} right)",
        t.recall(),
        t.precision(),
        t.quotes_gold,
        t.quotes_found,
        t.quotes_right
    );
    println!(
        "GUM speakers (speech with a gold speaker, {}): right {:.3} wrong {:.3} none {:.3}",
        t.speaker_gold,
        t.speaker_accuracy(),
        t.wrong_rate(),
        ratio(t.speaker_none, t.speaker_gold)
    );
    println!(
        "GUM sources (speech with a gold source, {}): given a source {}",
        t.source_gold, t.source_found
    );
    println!(
        "GUM kinds: right {:.3}; of {} terms found {} taken for speech; {} speech taken for terms",
        t.kind_accuracy(),
        t.terms_found,
        t.terms_as_speech,
        t.speech_as_term
    );
    println!(
        "GUM attribution (speech with a gold speaker or source, {}): attributed {:.3} unresolved {:.3}",
        t.attributed_gold,
        t.attributed_rate(),
        t.unresolved_rate()
    );
    t
}
