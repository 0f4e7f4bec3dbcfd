//! Compiled-in word lists, parsed once into hash lookups.
//!
//! Keys are normalised by [`norm`]: lower case with common Latin diacritics
//! folded, so that `José` finds the census entry `jose`.

use std::collections::{HashMap, HashSet};

use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// FNV-1a: the keys are short words, for which it is several times faster
/// than the default SipHash, and the lists are ours, so no flooding risk.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
pub type FastSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;

pub const PLACE: u16 = 1;
pub const NATIONALITY: u16 = 1 << 1;
pub const ORG_WORD: u16 = 1 << 2;
pub const ORG_NAME: u16 = 1 << 3;
pub const TITLE: u16 = 1 << 4;
pub const COMMON: u16 = 1 << 5;
pub const DAY: u16 = 1 << 6;
pub const MONTH: u16 = 1 << 7;
pub const VERB: u16 = 1 << 8;
/// A verb that introduces a quoted phrase without being a verb of saying
/// ("called it", "praised the project's").
pub const LABEL_VERB: u16 = 1 << 9;
/// First word of some multi-word entry: worth trying phrases from here.
pub const PHRASE_START: u16 = 1 << 10;
/// A lower-case word that joins the parts of a name (`van der`, `da`, `bin`).
pub const PARTICLE: u16 = 1 << 11;

pub const PARTICLES: &[&str] = &[
    "af", "al", "av", "bin", "bint", "da", "das", "de", "del", "della", "den", "der", "di", "do",
    "dos", "du", "el", "ibn", "la", "le", "ten", "ter", "van", "von", "y", "zu",
];

pub fn is_particle(key: &str) -> bool {
    PARTICLES.contains(&key)
}

/// Every class a word can have.
pub const ALL_CLASSES: u16 = PLACE
    | NATIONALITY
    | ORG_WORD
    | ORG_NAME
    | TITLE
    | COMMON
    | DAY
    | MONTH
    | VERB
    | LABEL_VERB
    | PHRASE_START
    | PARTICLE;

/// Any class that says a capitalised word is not part of a person's name.
pub const NOT_NAME: u16 = PLACE | NATIONALITY | ORG_WORD | ORG_NAME | COMMON | DAY | MONTH;

const GIVEN: &str = include_str!("../../assets/names/given.tsv");
const GIVEN_EXTRA: &str = include_str!("../../assets/names/given_extra.txt");
const SURNAMES: &str = include_str!("../../assets/names/surnames.txt");
const PLACES: &str = include_str!("../../assets/names/places.txt");
const NATIONALITIES: &str = include_str!("../../assets/names/nationalities.txt");
const ORG_WORDS: &str = include_str!("../../assets/names/org_words.txt");
const ORG_NAMES: &str = include_str!("../../assets/names/org_names.txt");
const TITLES: &str = include_str!("../../assets/names/titles.txt");
const COMMONS: &str = include_str!("../../assets/names/common.txt");
const VERBS: &str = include_str!("../../assets/names/verbs.txt");
const WORLD_GIVEN: &str = include_str!("../../assets/names/world_given.txt");
const WORLD_SURNAMES: &str = include_str!("../../assets/names/world_surnames.txt");
// Share-alike: kept in a file of its own (see assets/names/README.md).
const WIKTIONARY: &str = include_str!("../../assets/names/wiktionary_names.tsv");

/// A list of one lower-case word a line, as a set: each is asked of the
/// words around nearly every name.
fn word_set(text: &'static str) -> FastSet<&'static str> {
    entries(text).collect()
}

macro_rules! word_set {
    ($(#[$doc:meta])* $name:ident, $file:literal) => {
        $(#[$doc])*
        pub static $name: LazyLock<FastSet<&'static str>> =
            LazyLock::new(|| word_set(include_str!(concat!("../../assets/names/", $file))));
    };
}

word_set!(
    /// Words before a place name that make it a place here (`in Jackson`).
    LOCATIVES,
    "locatives.txt"
);
word_set!(
    /// Role nouns written before a name like a title (`witness Callum Reid`).
    ROLES,
    "roles.txt"
);
word_set!(
    /// Common Chinese family names in pinyin (`zhou`).
    CHINESE_SURNAMES,
    "chinese_surnames.txt"
);

/// The syllables of Hanyu Pinyin, several to a line.
pub static PINYIN: LazyLock<FastSet<&'static str>> = LazyLock::new(|| {
    entries(include_str!("../../assets/names/pinyin.txt"))
        .flat_map(str::split_whitespace)
        .collect()
});

/// `Lianying`, `Jinping`, `Na`: one capitalised word of one or two pinyin
/// syllables, the shape of a given name from mainland China.
pub fn is_pinyin_given(word: &str) -> bool {
    let mut cs = word.chars();
    if !cs.next().is_some_and(|c| c.is_ascii_uppercase())
        || !cs.all(|c| c.is_ascii_lowercase())
        || word.len() > 12
    {
        return false;
    }
    let lower = word.to_ascii_lowercase();
    PINYIN.contains(lower.as_str())
        || (1..lower.len()).any(|k| PINYIN.contains(&lower[..k]) && PINYIN.contains(&lower[k..]))
}

word_set!(
    /// Nouns said only of a person (`a nurse`, `an Australian woman`).
    PERSON_NOUNS,
    "person_nouns.txt"
);
word_set!(
    /// Nationality nouns for a person (`Frenchman Theo Marchand`).
    DEMONYMS,
    "demonyms.txt"
);
word_set!(
    /// Words in a photo credit that name an agency rather than a photographer.
    AGENCY_WORDS,
    "agency_words.txt"
);
word_set!(
    /// Words that end the name of a company or body (`Maasvlakte Stevedoring Group`).
    ORG_SUFFIXES,
    "org_suffixes.txt"
);
word_set!(
    /// Nouns for a kind of organisation (`manufacturer Metalúrgica do Douro`).
    ORG_KINDS,
    "org_kinds.txt"
);

const DAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Verbs that put a quoted phrase in someone's mouth without being verbs of
/// saying: `X called it "a disgrace"`, `X praised the "quiet ambition"`.
const LABEL_VERBS: &[&str] = &[
    "call",
    "calls",
    "called",
    "calling",
    "praise",
    "praises",
    "praised",
    "praising",
    "describe",
    "describes",
    "described",
    "describing",
    "dismiss",
    "dismisses",
    "dismissed",
    "dismissing",
    "term",
    "termed",
    "label",
    "labelled",
    "labeled",
    "brand",
    "branded",
    "hail",
    "hailed",
    "denounce",
    "denounced",
    "condemn",
    "condemned",
    "criticise",
    "criticised",
    "criticize",
    "criticized",
    "blame",
    "blamed",
    "thank",
    "thanked",
    "accuse",
    "accused",
    "slam",
    "slammed",
    "mock",
    "mocked",
    "deride",
    "derided",
];

// Kinds of a name of the world lists, as bits.
const WORLD_MALE: u8 = 1;
const WORLD_FEMALE: u8 = 2;
const WORLD_EITHER: u8 = 3;
const WORLD_SEX: u8 = 3;
const WORLD_SURNAME: u8 = 4;

/// A key's 64-bit FNV-1a hash: at 75,000 names a collision is a chance in
/// hundreds of millions, and would only make one word look like a name.
fn key_hash(key: &str) -> u64 {
    let mut h = Fnv::default();
    h.write(key.as_bytes());
    h.finish()
}

/// Census share, in units of 0.001%, of a common given name.
const COMMON_GIVEN: u32 = 10;

/// Sex ratio of a given name, from the census shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
    Either,
}

pub struct Lexicon {
    given: FastMap<Box<str>, (Gender, u32)>,
    surnames: FastSet<Box<str>>,
    /// Given names and surnames of other countries (the world lists and
    /// Wiktionary): evidence for the tagger and for a name's shape, weaker
    /// than the census lists, as many are also words of other languages.
    /// Kept as sorted 64-bit hashes of the keys with their kinds: 75,000
    /// names as strings in a hash map took several megabytes of heap.
    world: Vec<(u64, u8)>,
    words: FastMap<Box<str>, u16>,
    phrases: FastMap<Box<str>, u16>,
    /// Longest phrase, in words.
    pub max_phrase: usize,
}

pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::load);

/// Lower case with common Latin diacritics folded away.
pub fn norm(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        out.push_str(s);
        out.make_ascii_lowercase();
        return;
    }
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        let folded = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä'
            | 'Å' | 'Ā' | 'Ă' | 'Ą' => 'a',
            'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => 'c',
            'ď' | 'đ' | 'Ď' | 'Đ' => 'd',
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė'
            | 'Ę' | 'Ě' => 'e',
            'ğ' | 'Ğ' => 'g',
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'İ' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' => {
                'i'
            }
            'ł' | 'ľ' | 'Ł' | 'Ľ' => 'l',
            'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø'
            | 'Ō' | 'Ő' => 'o',
            'ř' | 'Ř' => 'r',
            'ś' | 'š' | 'ş' | 'ș' | 'Ś' | 'Š' | 'Ş' | 'Ș' => 's',
            'ť' | 'ț' | 'Ť' | 'Ț' => 't',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' => {
                'u'
            }
            'ý' | 'ÿ' | 'Ý' => 'y',
            'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => 'z',
            'ß' => {
                out.push_str("ss");
                continue;
            }
            '’' => '\'',
            other => {
                out.extend(other.to_lowercase());
                continue;
            }
        };
        out.push(folded);
    }
}

fn entries(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl Lexicon {
    fn load() -> Lexicon {
        let mut lx = Lexicon {
            given: FastMap::default(),
            surnames: FastSet::default(),
            world: Vec::new(),
            words: FastMap::default(),
            phrases: FastMap::default(),
            max_phrase: 1,
        };
        let mut key = String::new();
        for line in entries(GIVEN) {
            let mut f = line.split('\t');
            let (Some(name), Some(m), Some(w)) = (f.next(), f.next(), f.next()) else {
                continue;
            };
            let m: u32 = m.trim().parse().unwrap_or(0);
            let w: u32 = w.trim().parse().unwrap_or(0);
            // A name borne four times as often by one sex is taken as that sex's.
            let g = if m > 4 * w {
                Gender::Male
            } else if w > 4 * m {
                Gender::Female
            } else {
                Gender::Either
            };
            norm(name, &mut key);
            lx.given.insert(key.as_str().into(), (g, m.max(w)));
        }
        for line in entries(GIVEN_EXTRA) {
            let mut f = line.split_whitespace();
            let (Some(name), Some(g)) = (f.next(), f.next()) else {
                continue;
            };
            let g = match g {
                "m" => Gender::Male,
                "f" => Gender::Female,
                _ => Gender::Either,
            };
            norm(name, &mut key);
            // Hand-listed names are common where they are used.
            lx.given
                .entry(key.as_str().into())
                .or_insert((g, COMMON_GIVEN));
        }
        for line in entries(SURNAMES) {
            norm(line, &mut key);
            lx.surnames.insert(key.as_str().into());
        }
        lx.load_world(&mut key);
        for (text, class) in [
            (PLACES, PLACE),
            (NATIONALITIES, NATIONALITY),
            (ORG_WORDS, ORG_WORD),
            (ORG_NAMES, ORG_NAME),
            (TITLES, TITLE),
        ] {
            for line in entries(text) {
                lx.add(line, class, &mut key);
            }
        }
        for line in entries(COMMONS) {
            for w in line.split_whitespace() {
                lx.add(w, COMMON, &mut key);
            }
        }
        for line in entries(VERBS) {
            for w in line.split_whitespace() {
                lx.add(w, VERB, &mut key);
            }
        }
        for w in LABEL_VERBS {
            lx.add(w, LABEL_VERB, &mut key);
        }
        for w in DAYS {
            lx.add(w, DAY, &mut key);
        }
        for w in PARTICLES {
            lx.add(w, PARTICLE, &mut key);
        }
        for w in MONTHS {
            lx.add(w, MONTH, &mut key);
        }
        lx
    }

    fn load_world(&mut self, key: &mut String) {
        let mut add = |name: &str, code: char, key: &mut String| {
            let kind = match code {
                'm' => WORLD_MALE,
                'f' => WORLD_FEMALE,
                'x' => WORLD_EITHER,
                's' => WORLD_SURNAME,
                _ => return,
            };
            norm(name, key);
            self.world.push((key_hash(key), kind));
        };
        for line in entries(WORLD_GIVEN) {
            let mut f = line.split_whitespace();
            if let (Some(name), Some(g)) = (f.next(), f.next().and_then(|c| c.chars().next())) {
                add(name, g, key);
            }
        }
        for line in entries(WORLD_SURNAMES) {
            add(line, 's', key);
        }
        for line in entries(WIKTIONARY) {
            if let Some((name, codes)) = line.split_once('\t') {
                for code in codes.chars() {
                    add(name, code, key);
                }
            }
        }
        // One entry per name, its kinds merged; the first given sex listed wins.
        self.world.sort_unstable_by_key(|e| e.0);
        let mut merged: Vec<(u64, u8)> = Vec::with_capacity(self.world.len());
        for &(h, kind) in &self.world {
            match merged.last_mut() {
                Some(last) if last.0 == h => {
                    if kind == WORLD_SURNAME || last.1 & WORLD_SEX == 0 {
                        last.1 |= kind;
                    }
                }
                _ => merged.push((h, kind)),
            }
        }
        merged.shrink_to_fit();
        self.world = merged;
    }

    fn world_kind(&self, key: &str) -> u8 {
        let h = key_hash(key);
        self.world
            .binary_search_by_key(&h, |e| e.0)
            .map_or(0, |i| self.world[i].1)
    }

    fn add(&mut self, entry: &str, class: u16, key: &mut String) {
        // Phrases are stored with the spacing the tokenizer produces: words
        // and `&` separated by single spaces.
        let words: Vec<&str> = entry.split_whitespace().collect();
        norm(&words.join(" "), key);
        if words.len() > 1 {
            self.max_phrase = self.max_phrase.max(words.len());
            *self.phrases.entry(key.as_str().into()).or_insert(0) |= class;
            let mut first = String::new();
            norm(words[0], &mut first);
            *self.words.entry(first.into()).or_insert(0) |= PHRASE_START;
        } else {
            *self.words.entry(key.as_str().into()).or_insert(0) |= class;
        }
    }

    /// Classes of one word, given already normalised.
    pub fn word(&self, key: &str) -> u16 {
        self.words.get(key).copied().unwrap_or(0)
    }

    /// Classes of a phrase of several words, normalised and space-joined.
    pub fn phrase(&self, key: &str) -> u16 {
        self.phrases.get(key).copied().unwrap_or(0)
    }

    pub fn given(&self, key: &str) -> Option<Gender> {
        self.given.get(key).map(|g| g.0)
    }

    /// A given name borne by at least 1 in 10,000 of one sex: common enough
    /// to outweigh a place or club of the same spelling (`Jordan`, `Chelsea`).
    pub fn common_given(&self, key: &str) -> bool {
        self.given.get(key).is_some_and(|g| g.1 >= COMMON_GIVEN)
    }

    pub fn is_surname(&self, key: &str) -> bool {
        self.surnames.contains(key)
    }

    /// A given name of any country's lists, the census included.
    pub fn world_given(&self, key: &str) -> Option<Gender> {
        self.given(key)
            .or_else(|| match self.world_kind(key) & WORLD_SEX {
                WORLD_MALE => Some(Gender::Male),
                WORLD_FEMALE => Some(Gender::Female),
                0 => None,
                _ => Some(Gender::Either),
            })
    }

    /// A surname of any country's lists, the census included.
    pub fn is_world_surname(&self, key: &str) -> bool {
        self.is_surname(key) || self.world_kind(key) & WORLD_SURNAME != 0
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn key(s: &str) -> String {
        let mut k = String::new();
        norm(s, &mut k);
        k
    }

    #[test]
    fn diacritics_fold_to_the_census_spelling() {
        assert_eq!(key("José Núñez"), "jose nunez");
    }

    #[test]
    fn census_given_names_carry_their_sex() {
        assert_eq!(LEXICON.given("mary"), Some(Gender::Female));
        assert_eq!(LEXICON.given("james"), Some(Gender::Male));
    }

    #[test]
    fn given_names_of_other_countries_are_known_beyond_the_census() {
        assert_eq!(LEXICON.given("haruto"), None);
        assert_eq!(LEXICON.world_given("haruto"), Some(Gender::Male));
        assert_eq!(LEXICON.world_given(&key("Min-jun")), Some(Gender::Male));
    }

    #[test]
    fn surnames_of_other_countries_are_known_beyond_the_census() {
        assert!(!LEXICON.is_surname("tanabe"));
        assert!(LEXICON.is_world_surname("tanabe"));
    }

    #[test]
    fn common_english_words_are_not_world_names() {
        assert_eq!(LEXICON.world_given("the"), None);
        assert!(!LEXICON.is_world_surname("because"));
    }

    #[test]
    fn multi_word_places_are_phrases() {
        assert_ne!(LEXICON.phrase(&key("El Salvador")) & PLACE, 0);
    }

    #[test]
    fn titles_match_case_insensitively() {
        assert_ne!(LEXICON.phrase(&key("Attorney General")) & TITLE, 0);
        assert_ne!(LEXICON.word(&key("president")) & TITLE, 0);
    }
}
