//! People: runs of capitalised words judged by evidence, then linked so that
//! `Bukele` and `President Nayib Bukele` are one person.

use std::sync::LazyLock;

use super::lexicon::{
    COMMON, DAY, Gender, LEXICON, MONTH, NATIONALITY, NOT_NAME, ORG_NAME, ORG_WORD, PHRASE_START,
    PLACE, TITLE, VERB, is_particle,
};
use super::lexicon::{FastMap, FastSet};
use super::tagger;
use super::tokens::{Kind, NAME, Prepared, Token, is_all_caps, is_cap};

/// Longest name, in words (`Maria de los Angeles Garcia Lopez` has six).
const MAX_NAME_WORDS: usize = 8;

/// Generational suffixes: part of a name, never a name after a title.
const SUFFIXES: &[&str] = &["jr.", "jr", "sr.", "sr", "ii", "iii", "iv"];

/// Words before a place name that make it a place here (`in Jackson`).
const LOCATIVES: &[&str] = &[
    "in",
    "at",
    "from",
    "to",
    "near",
    "of",
    "across",
    "outside",
    "inside",
    "into",
    "toward",
    "towards",
    "through",
    "via",
    "around",
    "throughout",
    "between",
    "visit",
    "visited",
    "visiting",
    "around",
    "within",
    "beyond",
    "and",
    "or",
    "over",
    "against",
];

/// Role nouns written before a name like a title (`witness Callum Reid`,
/// `Resident Gloria Benitez` at the start of a sentence), lower case.
const ROLES: &[&str] = &[
    "referee",
    "umpire",
    "linesman",
    "resident",
    "residents",
    "witness",
    "eyewitness",
    "bystander",
    "neighbour",
    "neighbor",
    "passenger",
    "survivor",
    "victim",
    "volunteer",
    "shopper",
    "customer",
    "commuter",
    "tourist",
    "visitor",
    "farmer",
    "fisherman",
    "teacher",
    "nurse",
    "student",
    "worker",
    "parent",
    "promoter",
    "organiser",
    "organizer",
    "founder",
    "co-founder",
    "cofounder",
    "owner",
    "entrepreneur",
    "investor",
    "trader",
    "banker",
    "analyst",
    "economist",
    "strategist",
    "researcher",
    "scientist",
    "expert",
    "activist",
    "campaigner",
    "lawyer",
    "attorney",
    "candidate",
    "rider",
    "driver",
    "cyclist",
    "runner",
    "sprinter",
    "swimmer",
    "boxer",
    "fighter",
    "skier",
    "climber",
    "golfer",
    "striker",
    "midfielder",
    "defender",
    "goalkeeper",
    "winger",
    "forward",
    "player",
    "teammate",
    "compatriot",
    "countryman",
    "countrywoman",
    "champion",
    "titleholder",
    "challenger",
    "rookie",
    "veteran",
    "star",
    "singer",
    "rapper",
    "dj",
    "actor",
    "actress",
    "author",
    "writer",
    "poet",
    "artist",
    "musician",
    "pianist",
    "guitarist",
    "drummer",
    "composer",
    "filmmaker",
    "chef",
    "designer",
    "architect",
    "photographer",
    "journalist",
    "reporter",
    "correspondent",
    "columnist",
    "commentator",
    "colleague",
    "spokesman",
    "spokeswoman",
    "spokesperson",
];

/// Nationality nouns for a person (`Frenchman Theo Marchand`).
const DEMONYMS: &[&str] = &[
    "frenchman",
    "frenchwoman",
    "englishman",
    "englishwoman",
    "dutchman",
    "dutchwoman",
    "irishman",
    "irishwoman",
    "scotsman",
    "scotswoman",
    "welshman",
    "welshwoman",
    "countryman",
    "countrywoman",
    "compatriot",
];

pub(super) fn is_role(key: &str) -> bool {
    // Asked of the word before nearly every name: a set, not a scan.
    static SET: LazyLock<FastSet<&str>> = LazyLock::new(|| ROLES.iter().copied().collect());
    SET.contains(key)
}

/// Words in a photo credit that name an agency rather than a photographer.
const AGENCY_WORDS: &[&str] = &[
    "afp",
    "ap",
    "epa",
    "reuters",
    "getty",
    "images",
    "image",
    "pool",
    "photo",
    "photos",
    "press",
    "xinhua",
    "ansa",
    "dpa",
    "anadolu",
    "shutterstock",
    "alamy",
    "bloomberg",
    "aap",
    "pa",
    "via",
    "agency",
    "news",
    "handout",
    "file",
    "staff",
    "courtesy",
    "north",
    "america",
    "europe",
    "asia",
];

/// Words that end the name of a company or body (`Maasvlakte Stevedoring
/// Group`): what comes before them names no person, there or elsewhere in
/// the story (`Maasvlakte Stevedoring said`).
const ORG_SUFFIXES: &[&str] = &[
    "group",
    "ltd",
    "ltd.",
    "limited",
    "inc",
    "inc.",
    "plc",
    "llc",
    "corp",
    "corp.",
    "corporation",
    "company",
    "gmbh",
    "holdings",
    "foundation",
    "association",
];

/// Nouns for a kind of organisation. Right before a name (`manufacturer
/// Metalúrgica do Douro`) or before it in apposition (`the organizers'
/// group, Safe Streets Lincoln,`) they say the name is that organisation's,
/// as a role word (`Mayor`, `defender`) says it is a person's.
const ORG_KINDS: &[&str] = &[
    "manufacturer",
    "maker",
    "carmaker",
    "automaker",
    "chipmaker",
    "shipbuilder",
    "company",
    "firm",
    "group",
    "retailer",
    "bank",
    "lender",
    "insurer",
    "airline",
    "operator",
    "union",
    "charity",
    "coalition",
    "campaign",
    "organisation",
    "organization",
    "agency",
    "broker",
    "developer",
    "supplier",
    "producer",
    "conglomerate",
    "startup",
    "publisher",
    "broadcaster",
    "newspaper",
    "club",
    "miner",
    "contractor",
    "consultancy",
];

/// The organisation a run of capitalised words in `rs..re` names, by its
/// linking core, when the words around it say it is one. `whole` is set
/// when the entire run is the organisation's name (no person can be in it).
fn organisation(p: &Para, rs: usize, re: usize) -> Option<(usize, usize, bool)> {
    // Asked of every run: sets, not scans.
    static KINDS: LazyLock<FastSet<&str>> = LazyLock::new(|| ORG_KINDS.iter().copied().collect());
    static SUFFIXES: LazyLock<FastSet<&str>> =
        LazyLock::new(|| ORG_SUFFIXES.iter().copied().collect());
    let kind_at = |i: usize| {
        p.word(i).is_some_and(|w| !is_cap(w))
            && !p.toks.get(i).is_some_and(|t| t.poss)
            && KINDS.contains(p.key(i))
    };
    if rs > 0 && (kind_at(rs - 1) || (rs > 1 && p.punct(rs - 1, ',') && kind_at(rs - 2))) {
        return Some((rs, re, true));
    }
    if re - rs >= 2 && SUFFIXES.contains(p.key(re - 1)) {
        // Words that open a sentence (`The`) are no part of the name.
        let mut ns = rs;
        while ns + 1 < re - 1 && p.class(ns) & COMMON != 0 {
            ns += 1;
        }
        return Some((ns, re - 1, false));
    }
    None
}

/// Normalised words of `ns..re` without particles and initials,
/// space-joined: how a name is linked to its other mentions.
fn core_of(p: &Para, ns: usize, re: usize) -> String {
    let word = |k: usize| if p.word(k).is_some() { p.key(k) } else { "&" };
    let mut core = String::with_capacity(32);
    for w in (ns..re)
        .map(word)
        .filter(|w| !is_particle(w) && !is_initial(w) && *w != "&")
    {
        if !core.is_empty() {
            core.push(' ');
        }
        core.push_str(w);
    }
    // `J.R.` alone is a short form of `J.R. Whitfield`.
    if core.is_empty() {
        let all: Vec<&str> = (ns..re).map(word).collect();
        core = all.join(" ");
    }
    core
}

/// A mention found in the text, by byte range within its paragraph (tokens
/// are not kept past their paragraph, so no token indices here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub para: usize,
    pub start: u32,
    pub end: u32,
    /// 32 bits: a mention of a long story is kept for each name in it.
    person: u32,
    /// The name is followed by a possessive `'s`.
    pub poss: bool,
}

impl Mention {
    /// Index into [`People::names`].
    pub fn person(&self) -> usize {
        self.person as usize
    }
}

pub struct People {
    pub names: Vec<String>,
    pub genders: Vec<Option<Gender>>,
    /// Sorted by position.
    pub mentions: Vec<Mention>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strength {
    /// A person whatever else the story says.
    Strong,
    /// A person only if the story gives some evidence somewhere.
    Weak,
    /// One word: a person only when linked or evidenced.
    Single,
    NotPerson,
}

/// No name in [`Names`].
const NO_ID: u32 = u32::MAX;

/// Every candidate of the story is kept until the story is read, so it holds
/// no strings and no token indices: names are interned, places are bytes.
#[derive(Debug, Clone, Copy)]
struct Cand {
    para: usize,
    /// Byte range of the name in its paragraph.
    start: u32,
    end: u32,
    /// Number of words of the name, particles and initials included.
    n: u8,
    /// Normalised words without particles and initials, space-joined, for
    /// linking: an id in [`Names`].
    core: u32,
    /// Leading initials (`j.r.` of `J.R. Whitfield`), a short form of their
    /// own: an id in [`Names`], or [`NO_ID`].
    initials: u32,
    strength: Strength,
    /// Title, saying verb, age, or `according to`.
    evidence: bool,
    /// A one-word place name used as a place here (`in Jackson`).
    place_here: bool,
    /// Month or day: never a short form of a person.
    calendar: bool,
    /// Known word classes of a single word.
    classes: u16,
    poss: bool,
}

fn is_initial(word: &str) -> bool {
    word.ends_with('.')
        && word
            .split('.')
            .all(|seg| seg.is_empty() || seg.chars().count() == 1)
}

/// `al-Masri`, `el-Sisi`: a lower-case particle joined to a capitalised name.
fn is_prefixed_name(word: &str) -> bool {
    [
        "al-", "el-", "ad-", "as-", "ash-", "at-", "az-", "bin-", "ibn-", "d'", "d’",
    ]
    .iter()
    .any(|p| word.strip_prefix(p).is_some_and(is_cap))
}

pub(super) fn name_like(word: &str) -> bool {
    if !word.chars().next().is_some_and(char::is_uppercase) {
        return word.contains(['-', '\'', '’']) && is_prefixed_name(word);
    }
    is_initial(word) || (!is_all_caps(word) && !word.bytes().any(|b| b.is_ascii_digit()))
}

struct Para<'a> {
    text: &'a str,
    toks: &'a [Token],
    pre: &'a Prepared,
}

impl Para<'_> {
    fn word(&self, i: usize) -> Option<&str> {
        let t = self.toks.get(i)?;
        (t.kind == Kind::Word).then(|| t.text(self.text))
    }

    fn punct(&self, i: usize, c: char) -> bool {
        self.toks.get(i).is_some_and(|t| t.is_punct(c))
    }

    fn class(&self, i: usize) -> u16 {
        self.pre.class(i)
    }

    fn key(&self, i: usize) -> &str {
        self.pre.key(i)
    }
}

/// Runs of adjacent capitalised words (with particles and `&` between).
fn runs(p: &Para, out: &mut Vec<(usize, usize)>) {
    // Cheap token tests first: most words are neither capitalised nor joined.
    let name_at = |i: usize| {
        p.toks
            .get(i)
            .is_some_and(|t| t.kind == Kind::Word && t.flags & NAME != 0)
    };
    let particle_at = |i: usize| p.pre.is_particle(i);
    out.clear();
    let n = p.toks.len();
    let mut i = 0;
    while i < n {
        // `van der Meulen said`: a name may open with its particles. Looking
        // up whether a word is one is left until the next token could go on.
        let starts = name_at(i)
            || p.pre.may_open_name(i) && {
                let mut j = i;
                while particle_at(j) {
                    j += 1;
                }
                j > i && name_at(j) && !p.word(j).is_some_and(is_initial)
            };
        if !starts {
            i += 1;
            continue;
        }
        let s = i;
        let mut e = i;
        while let Some(t) = p.toks.get(e) {
            if name_at(e) {
                e += 1;
                if t.poss {
                    break;
                }
                continue;
            }
            // Particles or `&` count only when a capitalised word follows.
            let mut j = e;
            while particle_at(j) || p.punct(j, '&') {
                j += 1;
            }
            if j > e && name_at(j) {
                e = j;
                continue;
            }
            break;
        }
        out.push((s, e));
        i = e.max(i + 1);
    }
}

/// Longest title phrase starting at `i` and ending before `end`, as its end.
fn title_at(p: &Para, i: usize, end: usize, key: &mut String) -> Option<usize> {
    let max = if p.class(i) & PHRASE_START != 0 {
        LEXICON.max_phrase.min(end - i)
    } else {
        1
    };
    for len in (2..=max).rev() {
        key.clear();
        for k in i..i + len {
            if k > i {
                key.push(' ');
            }
            key.push_str(if p.word(k).is_some() { p.key(k) } else { "&" });
        }
        if LEXICON.phrase(key) & TITLE != 0 {
            return Some(i + len);
        }
    }
    (p.class(i) & TITLE != 0).then_some(i + 1)
}

fn is_numeric(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_ascii_digit())
}

fn verb_at(p: &Para, i: usize) -> bool {
    p.class(i) & VERB != 0
}

/// Evidence around a name in `ts..te`: a saying verb next to it, an age, a
/// title or role word just before it, `according to` before it.
fn context_evidence(p: &Para, ts: usize, te: usize) -> bool {
    if verb_at(p, te) {
        return true;
    }
    if p.punct(te, ',') {
        if verb_at(p, te + 1) {
            return true;
        }
        // `Bell, 61, said` / `Bell, 61,`
        if p.word(te + 1).is_some_and(is_numeric) && p.punct(te + 2, ',') {
            return true;
        }
    }
    // `Carlo Ancelotti, the Madrid coach,`: a role in apposition.
    if p.punct(te, ',')
        && matches!(
            p.key(te + 1),
            "the" | "a" | "an" | "his" | "her" | "their" | "its"
        )
    {
        for k in te + 2..te + 7 {
            if p.class(k) & TITLE != 0 && p.word(k).is_some_and(|w| !is_cap(w)) {
                return true;
            }
            if p.word(k).is_none() {
                break;
            }
        }
    }
    if ts == 0 {
        return false;
    }
    let before = ts - 1;
    if let Some(w) = p.word(before) {
        if w.ends_with("-year-old") || w.ends_with("-years-old") {
            return true;
        }
        // A verb of saying before a name is written in lower case (`said
        // Ruiz`); `State Route` and `Note Smith` are not that.
        if (p.class(before) & VERB != 0 && !is_cap(w))
            || p.class(before) & TITLE != 0
            || is_role(p.key(before))
        {
            return true;
        }
        if p.key(before) == "to"
            && p.word(before.wrapping_sub(1))
                .is_some_and(|w| w.eq_ignore_ascii_case("according"))
        {
            return true;
        }
    }
    false
}

/// The word at `i` starts a sentence, a quotation or a paragraph.
fn sentence_initial(p: &Para, i: usize) -> bool {
    let Some(prev) = i.checked_sub(1).and_then(|j| p.toks.get(j)) else {
        return true;
    };
    match prev.kind {
        Kind::Punct('.' | '!' | '?' | ':' | '“' | '„' | '«' | '(' | '—' | '–' | '…') => {
            true
        }
        // A straight mark opens a quotation when the word touches it.
        Kind::Punct('"') => p.toks.get(i).is_some_and(|t| t.start == prev.end),
        _ => false,
    }
}

/// `Bell, 61,`: an age in apposition right after the name ending at `te`.
fn aged(p: &Para, te: usize) -> bool {
    p.punct(te, ',') && p.word(te + 1).is_some_and(is_numeric) && p.punct(te + 2, ',')
}

/// A verb of saying right before or right after the name in `ts..te`
/// (`said Aoi Takeuchi`, `Aoi Takeuchi said`).
fn saying_next_to(p: &Para, ts: usize, te: usize) -> bool {
    verb_at(p, te) || (ts > 0 && verb_at(p, ts - 1) && p.word(ts - 1).is_some_and(|w| !is_cap(w)))
}

/// Evidence for a name of several words from what describes it just before:
/// a nationality (`Frenchman Theo Marchand`), a country's possessive
/// (`Denmark's Mikkel Ostergaard`) or a role in apposition (`its design
/// chief, Siobhan Ni Bhriain`).
fn described_before(p: &Para, ts: usize) -> bool {
    let Some(before) = ts.checked_sub(1) else {
        return false;
    };
    if p.word(before).is_some() {
        let c = p.class(before);
        return c & NATIONALITY != 0
            || DEMONYMS.contains(&p.key(before))
            || (c & PLACE != 0 && p.toks.get(before).is_some_and(|t| t.poss));
    }
    p.punct(before, ',')
        && before > 0
        && p.word(before - 1).is_some_and(|w| !is_cap(w))
        && (p.class(before - 1) & TITLE != 0 || is_role(p.key(before - 1)))
}

fn place_context(p: &Para, ts: usize, te: usize) -> bool {
    if ts > 0 {
        if LOCATIVES.contains(&p.key(ts - 1)) {
            return true;
        }
        // `Savannah, Georgia`
        if p.punct(ts - 1, ',') && ts >= 2 && p.class(ts - 2) & PLACE != 0 {
            return true;
        }
    }
    // `Jackson, Mississippi`
    p.punct(te, ',') && p.class(te + 1) & PLACE != 0
}

/// Whether one word the tagger calls a name can stand as one: not a word
/// capitalised only for opening the sentence unless a list knows it as a
/// name, and not one half of a name around a nickname (`Odell "Sonny" Pruitt`).
fn single_stands(p: &Para, i: usize) -> bool {
    let quote = |k: usize| {
        p.toks
            .get(k)
            .is_some_and(|t| matches!(t.kind, Kind::Punct('"' | '“' | '”')))
    };
    let cap = |k: usize| p.word(k).is_some_and(is_cap);
    if (quote(i + 1) && cap(i + 2)) || (i >= 2 && quote(i - 1) && cap(i - 2)) {
        return false;
    }
    let key = p.key(i);
    !sentence_initial(p, i) || LEXICON.world_given(key).is_some() || LEXICON.is_world_surname(key)
}

/// The run `rs..re` as a whole is a listed organisation, place or
/// nationality, or joins words by `&` (`Marks & Spencer`).
fn not_a_name(p: &Para, rs: usize, re: usize, key: &mut String) -> bool {
    if re - rs == 1 {
        return p.class(rs) & (ORG_NAME | PLACE | NATIONALITY) != 0;
    }
    if (rs..re).any(|k| p.word(k).is_none()) {
        return true;
    }
    key.clear();
    for k in rs..re {
        if k > rs {
            key.push(' ');
        }
        key.push_str(p.key(k));
    }
    LEXICON.phrase(key) & (ORG_NAME | PLACE | NATIONALITY) != 0
}

/// The candidate name inside one run, with its strength.
fn candidate(
    p: &Para,
    para: usize,
    rs: usize,
    re: usize,
    key: &mut String,
    names: &mut Names,
) -> Option<Cand> {
    // Most one-word runs are sentence openers: done before allocating.
    if re - rs == 1 && p.class(rs) & (ORG_NAME | NATIONALITY | COMMON) != 0 {
        return None;
    }
    // The name is what follows the last title in the run.
    let mut ns = rs;
    let mut titled = false;
    let mut i = rs;
    while i < re {
        match title_at(p, i, re, key) {
            // `Martin Luther King Jr.`: a title needs a name after it.
            Some(e) if e < re && (e..re).any(|k| !SUFFIXES.contains(&p.key(k))) => {
                ns = e;
                titled = true;
                i = e;
            }
            _ => i += 1,
        }
    }
    // `Resident Gloria Benitez`: a role capitalised only for opening the sentence.
    if !titled && re - rs > 1 && is_role(p.key(rs)) && sentence_initial(p, rs) {
        ns = rs + 1;
        titled = true;
    }
    // Sentence openers, nationalities, days and `U.S.` lose their place at the front.
    if !titled {
        while re - ns > 1 {
            let c = p.class(ns);
            let strip = c & (COMMON | NATIONALITY | DAY) != 0
                || DEMONYMS.contains(&p.key(ns))
                || (c & PLACE != 0 && is_initial(p.key(ns)))
                || (c & MONTH != 0 && LEXICON.given(p.key(ns)).is_none());
            if !strip {
                break;
            }
            ns += 1;
        }
    }
    let n = re - ns;
    // A run this long is a title-case heading, not a name (and every part of a
    // name is indexed, which must stay small).
    if n == 0 || n > MAX_NAME_WORDS {
        return None;
    }
    let word = |k: usize| if p.word(k).is_some() { p.key(k) } else { "&" };
    let mut buf = [""; MAX_NAME_WORDS];
    for (k, slot) in buf.iter_mut().enumerate().take(n) {
        *slot = word(ns + k);
    }
    let words = &buf[..n];
    let poss = p.toks.get(re - 1).is_some_and(|t| t.poss);
    let evidence = titled || context_evidence(p, ns, re);
    let core = core_of(p, ns, re);
    let initials = words
        .iter()
        .take_while(|w| is_initial(w))
        .last()
        .filter(|_| is_initial(words[0]))
        .map(|_| {
            let lead: Vec<&str> = words
                .iter()
                .copied()
                .take_while(|w| is_initial(w))
                .collect();
            lead.join(" ")
        });
    let whole = if n > 1 {
        key.clear();
        for (k, w) in words.iter().enumerate() {
            if k > 0 {
                key.push(' ');
            }
            key.push_str(w);
        }
        LEXICON.phrase(key)
    } else {
        p.class(ns)
    };
    let mut cand = Cand {
        para,
        start: p.toks.get(ns).map_or(0, |t| t.start),
        end: p.toks.get(re - 1).map_or(0, |t| t.end),
        // At most MAX_NAME_WORDS.
        n: n as u8,
        core: NO_ID,
        initials: NO_ID,
        strength: Strength::NotPerson,
        evidence,
        place_here: false,
        calendar: false,
        classes: whole,
        poss,
    };
    if n == 1 {
        let raw = p.word(ns).unwrap_or("");
        if whole & (ORG_NAME | NATIONALITY | COMMON) != 0 || !is_cap(raw) {
            return None;
        }
        cand.strength = Strength::Single;
        cand.calendar = whole & (DAY | MONTH) != 0;
        let after_locative = ns > 0 && LOCATIVES.contains(&p.key(ns - 1));
        cand.place_here = whole & PLACE != 0 && (after_locative || place_context(p, ns, re));
        let known = LEXICON.given(words[0]).is_some() || LEXICON.is_surname(words[0]);
        // Evidence for a name standing alone must not come from a word that
        // is capitalised only for starting a sentence (`Advocates said`), a
        // contraction (`We're`), a title (`the President said`) or a place.
        let contraction = raw.contains(['\'', '’']) && !raw.chars().skip(1).any(char::is_uppercase);
        if cand.place_here
            || after_locative
            || contraction
            || is_initial(words[0])
            || whole & (TITLE | PLACE) != 0
            || (sentence_initial(p, ns) && !known && !aged(p, re))
            || (titled && !known && !context_evidence(p, ns, re))
        {
            cand.evidence = false;
        }
        cand.core = names.intern(&core);
        return Some(cand);
    }
    if whole & (ORG_NAME | PLACE | NATIONALITY | COMMON) != 0 || words.contains(&"&") {
        return None;
    }
    // `in Harlow Springs, Ohio`: a town between a locative and its state.
    if ns > 0
        && matches!(
            p.key(ns - 1),
            "in" | "at" | "near" | "from" | "outside" | "around" | "within" | "throughout"
        )
        && p.punct(re, ',')
        && p.class(re + 1) & PLACE != 0
        && !p.toks.get(re + 1).is_some_and(|t| t.poss)
    {
        return None;
    }
    if described_before(p, ns) {
        cand.evidence = true;
    }
    let saying = saying_next_to(p, ns, re);
    let first_given =
        (LEXICON.given(words[0]).is_some() && !is_particle(words[0])) || is_initial(words[0]);
    let last = n - 1;
    let mut org_last = false;
    for (k, w) in words.iter().enumerate() {
        if is_particle(w) || is_initial(w) {
            continue;
        }
        let c = p.class(ns + k) & NOT_NAME;
        if c == 0 {
            continue;
        }
        if c & DAY != 0 {
            return None;
        }
        // `said Nguyen Thi Thu Ha`: a short syllable of a name next to a verb
        // of saying or after a title is no abbreviation (`Thu`, `Sun`).
        if (saying || evidence) && k > 0 && c == COMMON && w.chars().count() <= 3 {
            continue;
        }
        // `Jordan Ellis`, `Chelsea Nakamura`: a given name that is also a place or club.
        let given_first = k == 0 && LEXICON.common_given(w) && c & (ORG_WORD | COMMON) == 0;
        // `Theresa May`, `Denzel Washington`: a surname that is also a word.
        let surname_last = k == last && k > 0 && (first_given || titled) && LEXICON.is_surname(w);
        if !(given_first || surname_last) {
            return None;
        }
        // `Anita Hill` but `Jackson River`: only with evidence.
        if surname_last && c & ORG_WORD != 0 && !titled {
            org_last = true;
        }
    }
    // `Pieter van der Meulen`, `Khalid bin Saeed`; but `Le Temps` is no name.
    let starts_with_particle = is_particle(words[0]);
    let inner_particle = words[1..last].iter().any(|w| is_particle(w));
    let core_words: Vec<&str> = core.split(' ').collect();
    let last_surname = core_words.last().is_some_and(|w| LEXICON.is_surname(w));
    let first_surname = core_words.first().is_some_and(|w| LEXICON.is_surname(w));
    // `the Santiago Bernabeu`: people seldom take an article.
    let after_the = !titled && ns > 0 && p.key(ns - 1) == "the";
    cand.strength = if org_last || after_the {
        Strength::Weak
    } else if titled
        || is_initial(words[0])
        // A rare given name (`Velvet`) needs a known surname after it.
        || (first_given && (LEXICON.common_given(words[0]) || last_surname))
        || (inner_particle && !starts_with_particle)
        // `Abrego Garcia`: every part a known surname.
        || (!starts_with_particle && last_surname && first_surname)
    {
        Strength::Strong
    } else {
        Strength::Weak
    };
    cand.core = names.intern(&core);
    cand.initials = initials.map_or(NO_ID, |w| names.intern(&w));
    Some(cand)
}

/// An ALL-CAPS photographer's name at the start of a `©` credit.
fn credit(p: &Para, para: usize, names: &mut Names) -> Option<Cand> {
    let at = p.toks.iter().position(|t| t.is_punct('©'))?;
    let mut e = at + 1;
    let mut words = Vec::new();
    while let Some(w) = p.word(e) {
        if !(is_all_caps(w) || (w.chars().count() == 1 && is_cap(w))) {
            break;
        }
        if AGENCY_WORDS.contains(&p.key(e)) || p.class(e) & (ORG_WORD | ORG_NAME | PLACE) != 0 {
            return None;
        }
        words.push(p.key(e).to_string());
        e += 1;
    }
    let ends_well = e >= p.toks.len() || p.punct(e, '/') || p.punct(e, ',') || p.punct(e, ';');
    if !(2..=4).contains(&words.len()) || !ends_well {
        return None;
    }
    Some(Cand {
        para,
        start: p.toks.get(at + 1).map_or(0, |t| t.start),
        end: p.toks.get(e - 1).map_or(0, |t| t.end),
        // At most four.
        n: words.len() as u8,
        core: names.intern(&words.join(" ")),
        initials: NO_ID,
        strength: Strength::Strong,
        evidence: true,
        place_here: false,
        calendar: false,
        classes: 0,
        poss: false,
    })
}

/// Every run of consecutive words of a space-joined name, space-joined.
fn sub_runs(name: &str) -> impl Iterator<Item = &str> {
    // Words are joined by single spaces, so every run is a slice of the name.
    let starts = std::iter::once(0).chain(name.match_indices(' ').map(|(i, _)| i + 1));
    starts.flat_map(move |s| {
        let rest = name.get(s..).unwrap_or("");
        rest.match_indices(' ')
            .map(move |(i, _)| rest.get(..i).unwrap_or(""))
            .chain(std::iter::once(rest))
    })
}

fn word_count(name: &str) -> usize {
    name.split(' ').count()
}

/// Distinct names of the story, each stored once and known by its number.
#[derive(Default)]
struct Names {
    ids: FastMap<Box<str>, u32>,
    strs: Vec<Box<str>>,
}

impl Names {
    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        // More than four billion distinct names cannot come from a story
        // that fits in memory; NO_ID would only make the name unlinkable.
        let id = u32::try_from(self.strs.len()).unwrap_or(NO_ID);
        self.strs.push(s.into());
        self.ids.insert(s.into(), id);
        id
    }

    fn get(&self, s: &str) -> Option<u32> {
        self.ids.get(s).copied()
    }

    fn str(&self, id: u32) -> &str {
        self.strs.get(id as usize).map_or("", |s| s)
    }

    fn len(&self) -> usize {
        self.strs.len()
    }
}

/// People of a story read one paragraph at a time: which names are people
/// depends on the whole story, but only the candidates need keeping, not the
/// paragraphs' tokens.
#[derive(Default)]
pub struct Finder {
    key: String,
    run_buf: Vec<(usize, usize)>,
    names: Names,
    /// Sorted by position, none overlapping.
    cands: Vec<Cand>,
    /// Cores of names the story gives to organisations.
    orgs: FastSet<u32>,
    /// Per token of the paragraph: left out of the tagger's reading.
    skip: Vec<bool>,
    scratch: tagger::Scratch,
}

impl Finder {
    /// Reads paragraph `pi`; paragraphs must come in order.
    pub fn add(&mut self, pi: usize, text: &str, pre: &Prepared) {
        let p = Para {
            text,
            toks: &pre.toks,
            pre,
        };
        let first = self.cands.len();
        if text.contains('©')
            && let Some(c) = credit(&p, pi, &mut self.names)
        {
            self.cands.push(c);
        }
        runs(&p, &mut self.run_buf);
        // Byte ranges of runs the rules call organisations, places or
        // nationalities: the tagger's names inside them are vetoed.
        let mut vetoed: Vec<(u32, u32)> = Vec::new();
        for &(rs, re) in &self.run_buf {
            let bytes = (p.toks[rs].start, p.toks[re - 1].end);
            if let Some((os, oe, whole)) = organisation(&p, rs, re) {
                let id = self.names.intern(&core_of(&p, os, oe));
                self.orgs.insert(id);
                if whole {
                    vetoed.push(bytes);
                    continue;
                }
            }
            let cand = candidate(&p, pi, rs, re, &mut self.key, &mut self.names);
            // `Martin Luther King Jr. Boulevard`: a name in a place's name.
            let veto = not_a_name(&p, rs, re, &mut self.key)
                || (cand.is_none() && (rs..re).any(|k| p.class(k) & ORG_WORD != 0));
            if veto {
                vetoed.push(bytes);
            }
            // The tagger can neither add to a strong name nor find one in a
            // vetoed run, so it does not read them.
            let settled = veto
                || cand.is_some_and(|c| {
                    c.strength == Strength::Strong && c.start == bytes.0 && c.end == bytes.1
                });
            if settled {
                self.skip.resize(p.toks.len(), false);
                self.skip[rs..re].fill(true);
            }
            if let Some(c) = cand
                && c.strength != Strength::NotPerson
            {
                self.cands.push(c);
            }
        }
        self.add_tagged(&p, pi, first, &vetoed);
        self.skip.clear();
        // A credit may overlap a run: the earlier (the credit on a tie) wins.
        let para = &mut self.cands[first..];
        para.sort_by_key(|c| c.start);
        let mut kept = 0;
        for r in 0..para.len() {
            if r > 0 && para[r].start < para[kept].end {
                continue;
            }
            if r > 0 {
                kept += 1;
            }
            para[kept] = para[r];
        }
        let len = if para.is_empty() { 0 } else { kept + 1 };
        self.cands.truncate(first + len);
    }

    /// Names the learnt tagger finds in the paragraph, combined with the
    /// rules' candidates from `first` on. The rules decide first: a tagged
    /// name that overlaps a rule's candidate adds evidence to it when both
    /// cover the same words and is dropped otherwise (the rules know titles,
    /// particles and nicknames better), and a tagged name inside a run the
    /// rules call an organisation, place or nationality is vetoed. The
    /// tagger decides the rest: a name it tags where the rules found none
    /// is a person, whatever lists its words are in.
    fn add_tagged(&mut self, p: &Para, pi: usize, first: usize, vetoed: &[(u32, u32)]) {
        for span in tagger::spans(p.text, p.pre, &self.skip, &mut self.scratch) {
            let (Some(s), Some(e)) = (p.toks.get(span.start), p.toks.get(span.end - 1)) else {
                continue;
            };
            let (start, end) = (s.start, e.end);
            if vetoed.iter().any(|&(vs, ve)| vs <= start && end <= ve)
                || (span.len() == 1 && !single_stands(p, span.start))
            {
                continue;
            }
            let mut overlaps = false;
            for c in self.cands[first..]
                .iter_mut()
                .filter(|c| c.start < end && start < c.end)
            {
                overlaps = true;
                if c.start == start && c.end == end {
                    c.evidence = true;
                    if c.strength == Strength::Weak {
                        c.strength = Strength::Strong;
                    }
                }
            }
            if overlaps {
                continue;
            }
            let Some(mut c) =
                candidate(p, pi, span.start, span.end, &mut self.key, &mut self.names)
                    .or_else(|| self.bare(p, pi, span.start, span.end))
            else {
                continue;
            };
            c.evidence = true;
            if c.n > 1 {
                c.strength = Strength::Strong;
            } else {
                c.strength = Strength::Single;
                c.place_here = false;
                c.classes &= !NOT_NAME;
            }
            self.cands.push(c);
        }
    }

    /// A candidate for words the rules would not take as a name.
    fn bare(&mut self, p: &Para, pi: usize, ts: usize, te: usize) -> Option<Cand> {
        let n = u8::try_from(te - ts)
            .ok()
            .filter(|&n| n > 0 && n as usize <= MAX_NAME_WORDS)?;
        Some(Cand {
            para: pi,
            start: p.toks.get(ts)?.start,
            end: p.toks.get(te - 1)?.end,
            n,
            core: self.names.intern(&core_of(p, ts, te)),
            initials: NO_ID,
            strength: Strength::Strong,
            evidence: true,
            place_here: false,
            calendar: false,
            classes: 0,
            poss: p.toks.get(te - 1).is_some_and(|t| t.poss),
        })
    }

    pub fn finish(self, paragraphs: &[&str]) -> People {
        let Finder {
            names,
            mut cands,
            orgs,
            ..
        } = self;
        let n_names = names.len();
        // A name the story gives to an organisation is no person's anywhere in it.
        for c in &mut cands {
            if orgs.contains(&c.core) {
                c.strength = Strength::NotPerson;
            }
        }

        // Full names: strong ones, and weak ones that some mention supports.
        let mut evidenced = vec![false; n_names];
        for c in &cands {
            if c.evidence
                && c.strength != Strength::NotPerson
                && !c.calendar
                && let Some(e) = evidenced.get_mut(c.core as usize)
            {
                *e = true;
            }
        }
        // Whether a weak name is supported depends on its words alone.
        let mut supported: Vec<Option<bool>> = vec![None; n_names];
        let accepted: Vec<bool> = cands
            .iter()
            .map(|c| match c.strength {
                Strength::Strong => true,
                Strength::Weak => match supported.get(c.core as usize).copied().flatten() {
                    Some(s) => s,
                    None => {
                        let s = sub_runs(names.str(c.core)).any(|r| {
                            names
                                .get(r)
                                .is_some_and(|id| evidenced.get(id as usize) == Some(&true))
                        });
                        if let Some(slot) = supported.get_mut(c.core as usize) {
                            *slot = Some(s);
                        }
                        s
                    }
                },
                _ => false,
            })
            .collect();
        drop(supported);
        drop(evidenced);

        // Distinct full names, longest first, each either a person of its own
        // or a part of a longer one.
        let mut seen = vec![false; n_names];
        let mut forms: Vec<u32> = Vec::with_capacity(n_names);
        // Leading initials of a full name (`J.R.` of `J.R. Whitfield`).
        let mut initials: FastMap<u32, u32> = FastMap::default();
        for (c, _) in cands.iter().zip(&accepted).filter(|(_, a)| **a) {
            if let Some(s) = seen.get_mut(c.core as usize)
                && !*s
            {
                *s = true;
                forms.push(c.core);
            }
            if c.initials != NO_ID {
                initials.insert(c.core, c.initials);
            }
        }
        drop(seen);
        // Counted once each, not at every comparison; the sort stays stable.
        let mut counted: Vec<(usize, u32)> = forms
            .iter()
            .map(|&f| (word_count(names.str(f)), f))
            .collect();
        counted.sort_by_key(|&(words, _)| std::cmp::Reverse(words));
        let forms: Vec<u32> = counted.into_iter().map(|(_, f)| f).collect();
        let mut persons: Vec<u32> = Vec::with_capacity(forms.len());
        // Every run of consecutive words of a person's name -> those persons.
        // Only runs that are names of the story are ever looked up.
        let mut parts: FastMap<u32, Vec<usize>> = FastMap::default();
        // The other way round, person -> those runs: at most 37 for a name of
        // eight words, where a run may list thousands of persons in word salad.
        let mut keys_of: Vec<Vec<u32>> = Vec::with_capacity(forms.len());
        for f in forms {
            if parts.contains_key(&f) {
                continue;
            }
            let k = persons.len();
            let extra = initials.get(&f).map(|&w| names.str(w));
            let words = word_count(names.str(f));
            let mut keys = Vec::with_capacity(words * (words + 1) / 2 + 1);
            for r in sub_runs(names.str(f)).chain(extra) {
                let Some(id) = names.get(r) else { continue };
                let list = parts.entry(id).or_default();
                // `k` is the newest person, so it can only be last.
                if list.last() != Some(&k) {
                    list.push(k);
                    keys.push(id);
                }
            }
            keys_of.push(keys);
            persons.push(f);
        }

        // Assign each candidate occurrence to a person; 32 bits, as there is
        // one per candidate.
        let mut owner: Vec<u32> = vec![NO_ID; cands.len()];
        let as_id = |k: usize| u32::try_from(k).unwrap_or(NO_ID);
        let owned = |o: u32| (o != NO_ID).then_some(o as usize);
        // Per run of words: of the persons it names, the one last mentioned.
        // Kept up to date as persons are mentioned, so that a surname shared
        // by many names costs no scan of them all.
        let mut latest: Vec<u32> = vec![NO_ID; n_names];
        let mut standalone: FastMap<u32, usize> = FastMap::default();
        let mut pending: Vec<usize> = Vec::new();
        let none: Vec<usize> = Vec::new();
        for (i, c) in cands.iter().enumerate() {
            let matches = parts.get(&c.core).unwrap_or(&none);
            let linkable = match c.strength {
                Strength::NotPerson => false,
                Strength::Single => !c.calendar && !c.place_here,
                _ => accepted[i] || !matches.is_empty(),
            };
            if !linkable {
                continue;
            }
            match matches.len() {
                0 => {}
                1 => owner[i] = as_id(matches[0]),
                _ => {
                    // Shared surnames: the one last mentioned, else decided later.
                    if let Some(k) = latest.get(c.core as usize).and_then(|&k| owned(k)) {
                        owner[i] = as_id(k);
                    } else {
                        pending.push(i);
                    }
                }
            }
            if let Some(k) = owned(owner[i]) {
                for &r in keys_of.get(k).map_or(&[][..], Vec::as_slice) {
                    if let Some(l) = latest.get_mut(r as usize) {
                        *l = owner[i];
                    }
                }
            } else if matches.is_empty()
                && c.strength == Strength::Single
                && c.evidence
                && c.classes & NOT_NAME == 0
            {
                // A one-word name with evidence and no fuller form in the story.
                let next = persons.len() + standalone.len();
                owner[i] = as_id(*standalone.entry(c.core).or_insert(next));
            }
        }
        drop(accepted);
        // Singles that name a standalone person elsewhere in the story.
        for (i, c) in cands.iter().enumerate() {
            if owner[i] == NO_ID
                && c.strength == Strength::Single
                && !c.calendar
                && !c.place_here
                && let Some(&k) = standalone.get(&c.core)
            {
                owner[i] = as_id(k);
            }
        }
        for i in pending {
            let core = cands[i].core;
            let matches = parts.get(&core).unwrap_or(&none);
            // Looking a bounded way ahead keeps adversarial text linear.
            owner[i] = (i + 1..cands.len().min(i + 500))
                .find_map(|j| {
                    owned(owner[j]).filter(|&k| keys_of.get(k).is_some_and(|ks| ks.contains(&core)))
                })
                .or_else(|| matches.first().copied())
                .map_or(NO_ID, as_id);
        }

        // Number people by first mention; name each by its fullest form.
        let mut order: Vec<usize> = Vec::new();
        let mut index: Vec<usize> = vec![usize::MAX; persons.len() + standalone.len()];
        for o in owner.iter().filter_map(|&o| owned(o)) {
            if let Some(slot) = index.get_mut(o)
                && *slot == usize::MAX
            {
                *slot = order.len();
                order.push(o);
            }
        }
        let mut names_out = vec![String::new(); order.len()];
        let mut best: Vec<(u8, usize)> = vec![(0, 0); order.len()];
        let mut mentions = Vec::with_capacity(owner.iter().filter(|&&o| o != NO_ID).count());
        for (c, &o) in cands.iter().zip(&owner) {
            let Some(&idx) = owned(o).and_then(|o| index.get(o)) else {
                continue;
            };
            if idx == usize::MAX {
                continue;
            }
            let text = paragraphs
                .get(c.para)
                .and_then(|t| t.get(c.start as usize..c.end as usize))
                .unwrap_or("");
            let score = (c.n, text.len());
            if score > best[idx] {
                best[idx] = score;
                names_out[idx] = text.to_string();
            }
            mentions.push(Mention {
                para: c.para,
                start: c.start,
                end: c.end,
                person: as_id(idx),
                poss: c.poss,
            });
        }
        let genders = order
            .iter()
            .map(|&o| {
                persons
                    .get(o)
                    .and_then(|&f| names.str(f).split_once(' '))
                    .and_then(|(g, _)| LEXICON.given(g))
            })
            .collect();
        People {
            names: names_out,
            genders,
            mentions,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
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
            names(&["Portuguese rail manufacturer Metalúrgica do Douro said it had won."])
                .is_empty()
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
        assert!(
            names(&["The Salvadoran leader flew from El Salvador to Washington DC."]).is_empty()
        );
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
}
