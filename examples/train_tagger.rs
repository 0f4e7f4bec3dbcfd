//! Trains the people tagger (`src/analysis/tagger.rs`) and writes its
//! weights to `assets/tagger/people.bin`.
//!
//! ```sh
//! cargo run --release --example train_tagger -- DATA
//! ```
//!
//! DATA is the folder of open corpora described in `assets/tagger/README.md`
//! (`wikigold/`, `btc/`, `gum-wikinews/dep/`). UNER is a test set and is
//! never read here. Part of each corpus is held out and scored after each
//! pass, so the figures printed are on text the model did not learn from.

use std::ops::Range;
use std::path::Path;

use anyhow::{Context, Result};
use byline::analysis::tagger::{Model, TAGS, Tag, Weights, Words, names};

/// Size of the hashed feature table, as a power of two.
const BITS: u8 = 18;
const EPOCHS: usize = 8;

/// A sentence with the byte ranges of the people in it.
struct Example {
    text: String,
    people: Vec<Range<usize>>,
}

/// Which sentences train and which are held out.
struct Corpus {
    name: &'static str,
    train: Vec<Example>,
    /// Held-out documents: a story is what the analyser reads.
    dev: Vec<Vec<Example>>,
}

/// Spans of `B-PER`/`I-PER` tokens (IOB1 when `iob1`: `I-` may open one).
fn person_spans(tags: &[(Range<usize>, &str)], iob1: bool) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut open = false;
    for (range, tag) in tags {
        match *tag {
            "B-PER" => {
                out.push(range.clone());
                open = true;
            }
            "I-PER" if open => {
                if let Some(last) = out.last_mut() {
                    last.end = range.end;
                }
            }
            "I-PER" if iob1 => {
                out.push(range.clone());
                open = true;
            }
            _ => open = false,
        }
    }
    out
}

/// Whether a space goes between two tokens of a file that has no text.
fn spaced(prev: &str, word: &str) -> bool {
    let closes = matches!(
        word,
        "." | "," | ";" | ":" | "!" | "?" | ")" | "]" | "%" | "'s" | "'" | "n't"
    );
    !(closes || matches!(prev, "(" | "[" | "$"))
}

/// Sentences of a CoNLL file of `word TAG` lines, text rebuilt from tokens.
fn conll(file: &str, sep: char, iob1: bool) -> Vec<Vec<Example>> {
    let mut docs: Vec<Vec<Example>> = vec![Vec::new()];
    for block in file.split("\n\n") {
        let mut text = String::new();
        let mut tags = Vec::new();
        let mut prev = "";
        for line in block.lines() {
            let Some((word, tag)) = line.trim_end().rsplit_once(sep) else {
                continue;
            };
            if word == "-DOCSTART-" {
                docs.push(Vec::new());
                continue;
            }
            if !text.is_empty() && spaced(prev, word) {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(word);
            tags.push((start..text.len(), tag));
            prev = word;
        }
        if !text.is_empty() {
            let people = person_spans(&tags, iob1);
            if let Some(doc) = docs.last_mut() {
                doc.push(Example { text, people });
            }
        }
    }
    docs.retain(|d| !d.is_empty());
    docs
}

/// Words that title a person in GUM's mentions but are not in the name.
const TITLE_WORDS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "president",
    "prime",
    "minister",
    "senator",
    "sen",
    "gov",
    "governor",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "general",
    "gen",
    "captain",
    "sir",
    "lord",
    "lady",
    "saint",
    "st",
    "judge",
    "mayor",
    "chancellor",
    "secretary",
    "rep",
    "professor",
    "prof",
];

/// GUM's CoNLL-U: a token is in a person's name when the innermost mention
/// around it is a person and it is a proper noun (titles left out).
fn gum(file: &str) -> Vec<Example> {
    let mut out = Vec::new();
    for block in file.split("\n\n") {
        let mut text = String::new();
        let mut toks: Vec<(Range<usize>, bool)> = Vec::new();
        // Open mentions: (id, type, first token).
        let mut open: Vec<(String, String, usize)> = Vec::new();
        // Per token, the start and type of the innermost mention around it.
        let mut inner: Vec<Option<(usize, String)>> = Vec::new();
        let mut at = 0;
        for line in block.lines() {
            if let Some(t) = line.strip_prefix("# text = ") {
                text = t.to_string();
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 10 || !cols[0].bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let word = cols[1];
            let Some(found) = text.get(at..).and_then(|t| t.find(word)) else {
                continue;
            };
            let start = at + found;
            at = start + word.len();
            let k = toks.len();
            // `Chung-tai` is three tokens in GUM: the parts after the hyphen
            // belong to the proper noun they touch.
            let glued = toks
                .last()
                .is_some_and(|(r, proper): &(Range<usize>, bool)| {
                    *proper && r.end == start && (word == "-" || text.get(r.clone()) == Some("-"))
                });
            let proper = glued
                || matches!(cols[4], "NNP" | "NNPS")
                    && word.chars().next().is_some_and(char::is_uppercase)
                    && !TITLE_WORDS.contains(&word.to_lowercase().trim_end_matches('.'));
            toks.push((start..at, proper));
            inner.push(None);
            let entity = cols[9]
                .split('|')
                .find_map(|f| f.strip_prefix("Entity="))
                .unwrap_or("");
            let mut closing: Vec<String> = Vec::new();
            let mut rest = entity;
            while !rest.is_empty() {
                if let Some(r) = rest.strip_prefix('(') {
                    let end = r.find(['(', ')']).unwrap_or(r.len());
                    let body = &r[..end];
                    let mut parts = body.split('-');
                    let id = parts.next().unwrap_or("").to_string();
                    let kind = parts.next().unwrap_or("").to_string();
                    open.push((id.clone(), kind, k));
                    rest = &r[end..];
                    if let Some(r2) = rest.strip_prefix(')') {
                        closing.push(id);
                        rest = r2;
                    }
                } else {
                    let end = rest.find(')').unwrap_or(rest.len());
                    closing.push(rest[..end].to_string());
                    rest = rest.get(end + 1..).unwrap_or("");
                }
            }
            // Every mention open now covers this token; the innermost opened last.
            if let Some((_, kind, s)) = open.last() {
                inner[k] = Some((*s, kind.clone()));
            }
            for id in closing {
                if let Some(pos) = open.iter().rposition(|o| o.0 == id) {
                    open.remove(pos);
                }
            }
        }
        if text.is_empty() {
            continue;
        }
        let mut people: Vec<Range<usize>> = Vec::new();
        let mut prev_in = false;
        for (k, (range, proper)) in toks.iter().enumerate() {
            let person = inner[k].as_ref().is_some_and(|(_, kind)| kind == "person");
            if person && *proper {
                match people.last_mut() {
                    Some(last) if prev_in => last.end = range.end,
                    _ => people.push(range.clone()),
                }
                prev_in = true;
            } else {
                prev_in = false;
            }
        }
        out.push(Example { text, people });
    }
    out
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

fn corpora(data: &Path) -> Result<Vec<Corpus>> {
    let mut out = Vec::new();
    // WikiGold: every fifth article held out, counted as tests/analysis_real.rs
    // counts them, from the first `-DOCSTART-` (the article before it, the
    // file's first, is trained on).
    let docs = conll(&read(&data.join("wikigold/wikigold.conll.txt"))?, ' ', true);
    let (mut train, mut dev) = (Vec::new(), Vec::new());
    for (d, doc) in docs.into_iter().enumerate() {
        if d % 5 == 0 && d > 0 {
            dev.push(doc);
        } else {
            train.extend(doc);
        }
    }
    out.push(Corpus {
        name: "WikiGold",
        train,
        dev,
    });
    // BTC: only the tweets of news outlets (section g); every tenth held out.
    let (mut train, mut dev) = (Vec::new(), Vec::new());
    for section in ["g"] {
        let docs = conll(
            &read(&data.join(format!("btc/{section}.conll")))?,
            '\t',
            false,
        );
        for (s, ex) in docs.into_iter().flatten().enumerate() {
            if s % 10 == 9 {
                dev.push(vec![ex]);
            } else {
                train.push(ex);
            }
        }
    }
    out.push(Corpus {
        name: "BTC",
        train,
        dev,
    });
    // GUM: every sixth story held out.
    let mut paths: Vec<_> = std::fs::read_dir(data.join("gum-wikinews/dep"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "conllu"))
        .collect();
    paths.sort();
    let (mut train, mut dev) = (Vec::new(), Vec::new());
    for (d, path) in paths.iter().enumerate() {
        let exs = gum(&read(path)?);
        if d % 6 == 5 {
            dev.push(exs);
        } else {
            train.extend(exs);
        }
    }
    out.push(Corpus {
        name: "GUM",
        train,
        dev,
    });
    Ok(out)
}

/// Gold tags of a sentence's tokens, as the decoder can give them: a token
/// that cannot be in a name is outside, and a name starts with a begin tag.
fn gold(words: &Words, people: &[Range<usize>]) -> Vec<Tag> {
    let mut tags: Vec<Tag> = Vec::with_capacity(words.len());
    for i in 0..words.len() {
        let r = words.range(i);
        let before = tags.last().copied().unwrap_or(Tag::Out);
        let tag = match people.iter().find(|p| p.start < r.end && r.start < p.end) {
            _ if !words.taggable(i) => Tag::Out,
            Some(p) if p.start >= r.start || before == Tag::Out => Tag::Begin,
            Some(_) => Tag::Inside,
            None => Tag::Out,
        };
        tags.push(tag);
    }
    tags
}

/// Weights being learnt, with the sums that average them (Collins 2002, with
/// the usual trick: the average is `w - acc / steps`).
struct Perceptron {
    w: Vec<f32>,
    acc: Vec<f32>,
    steps: f32,
}

impl Weights for Perceptron {
    fn weight(&self, feature: u32, tag: Tag) -> f32 {
        self.w[Model::slot(BITS, feature, tag)]
    }
}

impl Perceptron {
    fn update(&mut self, feats: &[u32], tag: Tag, by: f32) {
        for &f in feats {
            let s = Model::slot(BITS, f, tag);
            self.w[s] += by;
            self.acc[s] += self.steps * by;
        }
    }

    fn averaged(&self) -> Vec<f32> {
        self.w
            .iter()
            .zip(&self.acc)
            .map(|(w, a)| w - a / self.steps.max(1.0))
            .collect()
    }
}

/// Quantised weights: a table of `f32` as the `i16` the model stores.
struct Quantised(Vec<f32>);

impl Weights for Quantised {
    fn weight(&self, feature: u32, tag: Tag) -> f32 {
        self.0[Model::slot(BITS, feature, tag)]
    }
}

#[derive(Default)]
struct Score {
    right: usize,
    found: usize,
    gold: usize,
}

impl Score {
    fn f1(&self) -> (f64, f64, f64) {
        let p = self.right as f64 / self.found.max(1) as f64;
        let r = self.right as f64 / self.gold.max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }
}

/// A sentence's words with their gold tags.
type Tagged<'a> = (Words<'a>, Vec<Tag>);

fn evaluate(examples: &[Tagged], w: &impl Weights) -> Score {
    let mut s = Score::default();
    for (words, gold) in examples {
        let found = names(&words.decode(w));
        let want = names(gold);
        s.right += found.iter().filter(|f| want.contains(f)).count();
        s.found += found.len();
        s.gold += want.len();
    }
    s
}

fn main() -> Result<()> {
    let data = std::env::args()
        .nth(1)
        .context("usage: train_tagger DATA (the folder of open corpora)")?;
    let corpora = corpora(Path::new(&data))?;
    if std::env::args().any(|a| a == "--pipeline") {
        pipeline(&corpora);
        return Ok(());
    }
    if let Some(out) = std::env::args()
        .skip_while(|a| a != "--write-gum-held-out")
        .nth(1)
    {
        return write_held_out(&corpora, Path::new(&out));
    }
    let mut train: Vec<Tagged> = Vec::new();
    let mut dev: Vec<(&str, Vec<Tagged>)> = Vec::new();
    for c in &corpora {
        println!(
            "{}: {} sentences to train on, {} held out",
            c.name,
            c.train.len(),
            c.dev.iter().map(Vec::len).sum::<usize>()
        );
        for ex in &c.train {
            let w = Words::new(&ex.text);
            let g = gold(&w, &ex.people);
            train.push((w, g));
        }
        let held = c
            .dev
            .iter()
            .flatten()
            .map(|ex| {
                let w = Words::new(&ex.text);
                let g = gold(&w, &ex.people);
                (w, g)
            })
            .collect();
        dev.push((c.name, held));
    }
    let mut p = Perceptron {
        w: vec![0.0; TAGS << BITS],
        acc: vec![0.0; TAGS << BITS],
        steps: 1.0,
    };
    let mut feats = Vec::new();
    let mut rng: u64 = 0x2545_f491_4f6c_dd1d;
    let mut order: Vec<usize> = (0..train.len()).collect();
    for epoch in 0..EPOCHS {
        // A fixed shuffle per pass, so training is repeatable.
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        let mut wrong = 0usize;
        for &e in &order {
            let (words, gold) = &train[e];
            if !(0..words.len()).any(|i| words.taggable(i)) {
                continue;
            }
            let guess = words.decode(&p);
            if &guess != gold {
                wrong += 1;
                for i in 0..words.len() {
                    if !words.taggable(i) {
                        continue;
                    }
                    let prev = |tags: &[Tag]| if i == 0 { Tag::Out } else { tags[i - 1] };
                    let (g, gp) = (gold[i], prev(gold));
                    let (h, hp) = (guess[i], prev(&guess));
                    if g == h && gp == hp {
                        continue;
                    }
                    words.features(i, gp, &mut feats);
                    p.update(&feats, g, 1.0);
                    words.features(i, hp, &mut feats);
                    p.update(&feats, h, -1.0);
                }
            }
            p.steps += 1.0;
        }
        let avg = Quantised(p.averaged());
        print!("pass {}: {wrong} sentences wrong;", epoch + 1);
        for (name, held) in &dev {
            let (pr, r, f) = evaluate(held, &avg).f1();
            print!(" {name} P {pr:.3} R {r:.3} F1 {f:.3};");
        }
        println!();
    }
    let avg = p.averaged();
    let max = avg.iter().fold(0f32, |m, w| m.max(w.abs())).max(1e-6);
    let scale = f32::from(i16::MAX) / max;
    let quant: Vec<i16> = avg.iter().map(|w| (w * scale).round() as i16).collect();
    let q = Quantised(quant.iter().map(|&w| f32::from(w)).collect());
    for (name, held) in &dev {
        let (pr, r, f) = evaluate(held, &q).f1();
        println!("quantised, {name} held out: P {pr:.3} R {r:.3} F1 {f:.3}");
    }
    // TAGGER_MISSES=GUM lists that corpus's held-out misses, for reading.
    if let Ok(which) = std::env::var("TAGGER_MISSES") {
        for (words, gold) in dev.iter().filter(|d| d.0 == which).flat_map(|d| &d.1) {
            let found = names(&words.decode(&q));
            let want = names(gold);
            let text = |r: &Range<usize>| words.text(r.clone());
            for m in want.iter().filter(|w| !found.contains(w)) {
                println!("  missed {:?}", text(m));
            }
            for m in found.iter().filter(|f| !want.contains(f)) {
                println!("  extra  {:?}", text(m));
            }
        }
    }
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/tagger/people.bin");
    std::fs::write(&out, Model::encode(BITS, &quant))
        .with_context(|| format!("writing {}", out.display()))?;
    println!("wrote {} ({} bytes)", out.display(), 8 + 2 * quant.len());
    Ok(())
}

/// `--pipeline`: the whole analyser (rules and the compiled model) on the
/// held-out documents, scored by exact span as `tests/analysis_real.rs`
/// scores UNER; `BYLINE_MISSES=1` lists the misses.
fn pipeline(corpora: &[Corpus]) {
    let show = std::env::var_os("BYLINE_MISSES").is_some();
    for c in corpora {
        let mut s = Score::default();
        for doc in &c.dev {
            let paras: Vec<&str> = doc.iter().map(|e| e.text.as_str()).collect();
            let a = byline::analysis::analyze(&paras);
            let found: Vec<(usize, Range<usize>)> = a
                .people
                .iter()
                .flat_map(|p| p.mentions.iter().map(|m| (m.para, m.range.clone())))
                .collect();
            let gold: Vec<(usize, Range<usize>)> = doc
                .iter()
                .enumerate()
                .flat_map(|(i, e)| e.people.iter().map(move |r| (i, r.clone())))
                .collect();
            s.right += found.iter().filter(|f| gold.contains(f)).count();
            s.found += found.len();
            s.gold += gold.len();
            if show {
                let text = |(i, r): &(usize, Range<usize>)| &doc[*i].text[r.clone()];
                for g in gold.iter().filter(|g| !found.contains(g)) {
                    println!("  {} missed {:?} in {:?}", c.name, text(g), doc[g.0].text);
                }
                for f in found.iter().filter(|f| !gold.contains(f)) {
                    println!("  {} extra  {:?} in {:?}", c.name, text(f), doc[f.0].text);
                }
            }
        }
        let (p, r, f) = s.f1();
        println!(
            "pipeline, {} held out: P {p:.3} R {r:.3} F1 {f:.3} ({} right, {} found, {} gold)",
            c.name, s.right, s.found, s.gold
        );
    }
}

/// `--write-gum-held-out FILE`: GUM's held-out stories, each a list of
/// sentences with the byte ranges of their people, as
/// `tests/analysis_real.rs` reads them
/// (`tests/fixtures/real/gum-wikinews/people/held_out.json`).
fn write_held_out(corpora: &[Corpus], out: &Path) -> Result<()> {
    let gum = corpora
        .iter()
        .find(|c| c.name == "GUM")
        .context("no GUM corpus")?;
    let stories: Vec<Vec<serde_json::Value>> = gum
        .dev
        .iter()
        .map(|doc| {
            doc.iter()
                .map(|e| {
                    let people: Vec<[usize; 2]> =
                        e.people.iter().map(|r| [r.start, r.end]).collect();
                    serde_json::json!({ "text": e.text, "people": people })
                })
                .collect()
        })
        .collect();
    let mut text = serde_json::to_string(&stories)?;
    text.push('\n');
    std::fs::write(out, text).with_context(|| format!("writing {}", out.display()))?;
    println!("wrote {} ({} stories)", out.display(), stories.len());
    Ok(())
}
