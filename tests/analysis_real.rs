//! People found by the analyser in annotated text that nobody here wrote:
//! UNER English-PUD (a test set: figures only, nothing is tuned on it), the
//! development part of WikiGold (every fifth article) and GUM's held-out
//! Wikinews stories (every sixth), neither of which the tagger trains on.
//! See `tests/fixtures/real/*/README.md`.
//!
//! `cargo test --test analysis_real -- --nocapture` prints the figures.
#![allow(clippy::unwrap_used)]

use std::collections::HashSet;
use std::ops::Range;

use byline::analysis::analyze;

/// One sentence, given to the analyser as one paragraph, with the byte
/// ranges of the people the annotators marked in it.
struct Sentence {
    id: String,
    text: String,
    people: Vec<Range<usize>>,
}

/// Sentences of one document, analysed together as one story: a story is
/// what the analyser reads, and a name evidenced once labels it throughout.
struct Doc {
    id: String,
    sents: Vec<Sentence>,
}

#[derive(Default, Clone, Copy)]
struct Tally {
    right: usize,
    found: usize,
    gold: usize,
}

impl Tally {
    fn precision(self) -> f64 {
        ratio(self.right, self.found)
    }
    fn recall(self) -> f64 {
        ratio(self.right, self.gold)
    }
    fn f1(self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Tally) {
        self.right += o.right;
        self.found += o.found;
        self.gold += o.gold;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Spans of the tokens tagged `B-PER`/`I-PER` in order: IOB2 when `iob2`,
/// else IOB1 (where `I-` opens a span unless it continues one).
fn spans(tags: &[(Range<usize>, String)], iob2: bool) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut open = false;
    for (range, tag) in tags {
        match tag.as_str() {
            "B-PER" => {
                out.push(range.clone());
                open = true;
            }
            "I-PER" if open => {
                if let Some(last) = out.last_mut() {
                    last.end = range.end;
                }
            }
            "I-PER" if !iob2 => {
                out.push(range.clone());
                open = true;
            }
            _ => open = false,
        }
    }
    out
}

/// UNER's IOB2 file: each sentence has its text and its tokens, which are
/// found in the text in order to give their byte ranges.
fn uner() -> Vec<Doc> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/real/uner-en-pud/en_pud-ud-test.iob2"
    );
    let file = std::fs::read_to_string(path).unwrap();
    let mut docs: Vec<Doc> = Vec::new();
    for block in file.split("\n\n").filter(|b| !b.trim().is_empty()) {
        let mut id = String::new();
        let mut text = String::new();
        let mut tags = Vec::new();
        let mut at = 0;
        for line in block.lines() {
            if let Some(rest) = line.strip_prefix("# newdoc id = ") {
                docs.push(Doc {
                    id: rest.trim().to_string(),
                    sents: Vec::new(),
                });
            } else if let Some(rest) = line.strip_prefix("# sent_id = ") {
                id = rest.trim().to_string();
            } else if let Some(rest) = line.strip_prefix("# text = ") {
                text = rest.to_string();
            } else if !line.starts_with('#') {
                let cols: Vec<&str> = line.split('\t').collect();
                let (word, tag) = (cols[1], cols[2]);
                let start = at + text[at..].find(word).unwrap();
                at = start + word.len();
                tags.push((start..at, tag.to_string()));
            }
        }
        let people = spans(&tags, true);
        docs.last_mut()
            .unwrap()
            .sents
            .push(Sentence { id, text, people });
    }
    docs
}

/// Whether a space goes between two tokens of a CoNLL file that has no text.
fn spaced(prev: &str, word: &str) -> bool {
    let closes = matches!(
        word,
        "." | "," | ";" | ":" | "!" | "?" | ")" | "]" | "%" | "'s" | "'" | "n't"
    );
    !(closes || matches!(prev, "(" | "[" | "$"))
}

/// WikiGold's development articles (every fifth), their text rebuilt from
/// the tokens.
fn wikigold_dev() -> Vec<Doc> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/real/wikigold/wikigold.conll.txt"
    );
    let file = std::fs::read_to_string(path).unwrap();
    let mut docs: Vec<Doc> = Vec::new();
    for (d, doc) in file.split("-DOCSTART- O").skip(1).enumerate() {
        if d % 5 != 4 {
            continue;
        }
        let mut sents = Vec::new();
        for (s, block) in doc.split("\n\n").enumerate() {
            let mut text = String::new();
            let mut tags = Vec::new();
            let mut prev = "";
            for line in block.lines().filter(|l| !l.trim().is_empty()) {
                let Some((word, tag)) = line.rsplit_once(' ') else {
                    continue;
                };
                if !text.is_empty() && spaced(prev, word) {
                    text.push(' ');
                }
                let start = text.len();
                text.push_str(word);
                tags.push((start..text.len(), tag.to_string()));
                prev = word;
            }
            if !text.is_empty() {
                let people = spans(&tags, false);
                sents.push(Sentence {
                    id: format!("wikigold-{d}-{s}"),
                    text,
                    people,
                });
            }
        }
        docs.push(Doc {
            id: format!("wikigold-{d}"),
            sents,
        });
    }
    docs
}

/// Exact-span score of one document: a person's mention counts when its
/// byte range is a gold person's.
fn score(doc: &Doc, misses: &mut Vec<String>) -> Tally {
    let paras: Vec<&str> = doc.sents.iter().map(|s| s.text.as_str()).collect();
    let a = analyze(&paras);
    let found: HashSet<(usize, Range<usize>)> = a
        .people
        .iter()
        .flat_map(|p| p.mentions.iter().map(|m| (m.para, m.range.clone())))
        .collect();
    let gold: HashSet<(usize, Range<usize>)> = doc
        .sents
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.people.iter().map(move |r| (i, r.clone())))
        .collect();
    let show = |(p, r): &(usize, Range<usize>)| {
        format!("{} {:?}", doc.sents[*p].id, &doc.sents[*p].text[r.clone()])
    };
    for g in gold.difference(&found) {
        misses.push(format!("missed {}", show(g)));
    }
    for f in found.difference(&gold) {
        misses.push(format!("extra  {}", show(f)));
    }
    Tally {
        right: found.intersection(&gold).count(),
        found: found.len(),
        gold: gold.len(),
    }
}

/// Scores documents together, printing the figures (and the misses when
/// asked).
fn score_docs(label: &str, docs: &[Doc]) -> Tally {
    let mut t = Tally::default();
    let mut misses = Vec::new();
    for doc in docs {
        t.add(score(doc, &mut misses));
    }
    show_misses(&misses);
    report(label, t);
    t
}

fn report(label: &str, t: Tally) {
    println!(
        "{label:<24} P {:.3}  R {:.3}  F1 {:.3}  ({} right, {} found, {} gold)",
        t.precision(),
        t.recall(),
        t.f1(),
        t.right,
        t.found,
        t.gold
    );
}

fn show_misses(misses: &[String]) {
    // BYLINE_MISSES=1 lists every miss, for reading what goes wrong.
    if std::env::var_os("BYLINE_MISSES").is_some() {
        for m in misses {
            println!("  {m}");
        }
    }
}

#[test]
fn people_in_uner_english_pud_are_found_at_their_floors() {
    let docs = uner();
    assert_eq!(docs.iter().map(|d| d.sents.len()).sum::<usize>(), 1000);
    let (mut all, mut news, mut wiki) = (Tally::default(), Tally::default(), Tally::default());
    let mut misses = Vec::new();
    for doc in &docs {
        let t = score(doc, &mut misses);
        all.add(t);
        if doc.id.starts_with('n') {
            news.add(t);
        } else {
            wiki.add(t);
        }
    }
    show_misses(&misses);
    report("UNER PER all", all);
    report("UNER PER news (n…)", news);
    report("UNER PER wikipedia (w…)", wiki);
    assert_eq!(all.gold, 414);
    assert!(all.f1() >= 0.77, "UNER F1 {:.3}", all.f1());
    assert!(news.f1() >= 0.81, "UNER news F1 {:.3}", news.f1());
    assert!(wiki.f1() >= 0.74, "UNER wikipedia F1 {:.3}", wiki.f1());
    assert!(all.precision() >= 0.84, "UNER P {:.3}", all.precision());
}

#[test]
fn people_in_wikigold_development_articles_are_found_at_their_floors() {
    let docs = wikigold_dev();
    assert_eq!(docs.len(), 29);
    let t = score_docs("WikiGold dev PER", &docs);
    assert!(t.f1() >= 0.90, "WikiGold F1 {:.3}", t.f1());
}

/// GUM's held-out Wikinews stories, as `examples/train_tagger.rs
/// --write-gum-held-out` wrote them from GUM's CoNLL-U.
fn gum_held_out() -> Vec<Doc> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/real/gum-wikinews/people/held_out.json"
    );
    let stories: Vec<Vec<serde_json::Value>> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    stories
        .iter()
        .enumerate()
        .map(|(d, sents)| Doc {
            id: format!("gum-{d}"),
            sents: sents
                .iter()
                .enumerate()
                .map(|(s, v)| Sentence {
                    id: format!("gum-{d}-{s}"),
                    text: v["text"].as_str().unwrap().to_string(),
                    people: v["people"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|r| {
                            let at = |i: usize| r[i].as_u64().unwrap() as usize;
                            at(0)..at(1)
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

#[test]
fn people_in_gum_held_out_news_stories_are_found_at_their_floors() {
    let docs = gum_held_out();
    assert_eq!(docs.len(), 4);
    let t = score_docs("GUM held-out PER", &docs);
    assert_eq!(t.gold, 97);
    assert!(t.f1() >= 0.915, "GUM F1 {:.3}", t.f1());
    assert!(t.precision() >= 0.95, "GUM P {:.3}", t.precision());
}
