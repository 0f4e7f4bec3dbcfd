//! Words and punctuation of one paragraph, as byte ranges.

use std::cell::Cell;

use super::lexicon::{LEXICON, Lexicon};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Punct(char),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offsets in the paragraph; 32 bits keep a token small, which
    /// matters for the cache on long texts (paragraphs over 4 GiB get no tokens).
    pub start: u32,
    pub end: u32,
    pub kind: Kind,
    /// Followed by a possessive `'s` or a bare `'` after a final s, which the
    /// token does not include.
    pub poss: bool,
    /// [`CAP`], [`JOINED`], [`ASCII_CAP`], [`NON_ASCII`] and [`NAME`].
    pub flags: u8,
    /// Byte range of the normalised word in [`Prepared::keys`].
    pub ks: u32,
    pub ke: u32,
}

/// The first character is upper case.
pub const CAP: u8 = 1;
/// The word has an inner hyphen or apostrophe (`al-Masri`, `O'Brien`).
pub const JOINED: u8 = 2;
/// The first byte is an ASCII capital.
const ASCII_CAP: u8 = 4;
/// The word has a character outside ASCII, so its key needs [`norm`].
const NON_ASCII: u8 = 8;
/// The word can be part of a person's name (see `shape::name_like`).
pub const NAME: u8 = 16;

/// A paragraph's tokens with each word normalised. Words are looked up in
/// the lexicon only when a rule asks: the rules read the words around
/// capitalised runs and quotations, a small part of most paragraphs.
pub struct Prepared {
    pub toks: Vec<Token>,
    pub keys: String,
    /// Held rather than reached through its `LazyLock` at every lookup.
    lexicon: &'static Lexicon,
    /// Per token: its classes once looked up, else [`UNKNOWN`]. The rules
    /// ask of the same few words again and again.
    classes: Vec<Cell<u16>>,
}

/// Bytes in the longest particle (`della`): longer words need no lookup.
const MAX_PARTICLE: u32 = 5;

/// No class has this bit, so it marks a class not looked up yet.
const UNKNOWN: u16 = 1 << 15;
const _: () = assert!(super::lexicon::ALL_CLASSES & UNKNOWN == 0);

#[cfg(test)]
thread_local! {
    /// Prepared paragraphs alive now and at most: a test holds the analysis
    /// to a few paragraphs' tokens at a time, whatever the story's length.
    pub static LIVE: std::cell::Cell<(usize, usize)> = const { std::cell::Cell::new((0, 0)) };
}

#[cfg(test)]
impl Drop for Prepared {
    fn drop(&mut self) {
        LIVE.with(|c| {
            let (live, peak) = c.get();
            c.set((live.saturating_sub(1), peak));
        });
    }
}

impl Prepared {
    pub fn new(text: &str) -> Prepared {
        #[cfg(test)]
        LIVE.with(|c| {
            let (live, peak) = c.get();
            c.set((live + 1, peak.max(live + 1)));
        });
        let mut pre = Prepared {
            toks: Vec::new(),
            keys: String::new(),
            lexicon: &LEXICON,
            classes: Vec::new(),
        };
        pre.refill(text);
        pre
    }

    /// Prepares `text` in this one's memory: a story is read a paragraph at
    /// a time, and allocating afresh for each cost more than the reading.
    pub fn refill(&mut self, text: &str) {
        let Prepared {
            toks,
            keys,
            classes,
            ..
        } = self;
        toks.clear();
        // News text has a token per four to five bytes; growing a vector of
        // tokens copies it, which costs more than the few bytes left unused.
        toks.reserve(text.len() / 4 + 4);
        if u32::try_from(text.len()).is_ok() {
            tokenize(text, toks);
        }
        // An ASCII word is its own key, lower-cased in one pass over the
        // paragraph; only the others are folded, their keys appended.
        keys.clear();
        keys.push_str(text);
        keys.make_ascii_lowercase();
        let mut scratch = String::new();
        for t in toks.iter_mut() {
            if t.kind != Kind::Word {
                continue;
            }
            if t.flags & NON_ASCII == 0 {
                t.ks = t.start;
                t.ke = t.end;
            } else {
                super::lexicon::norm(t.text(text), &mut scratch);
                t.ks = keys.len() as u32;
                keys.push_str(&scratch);
                t.ke = keys.len() as u32;
            }
        }
        classes.clear();
        classes.resize(toks.len(), Cell::new(UNKNOWN));
    }

    /// The normalised form of word `i` ("" for punctuation or out of range).
    pub fn key(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .and_then(|t| self.keys.get(t.ks as usize..t.ke as usize))
            .unwrap_or("")
    }

    /// Marks the words that can be part of a person's name ([`NAME`]), which
    /// finding people asks of every word and attributing speakers never.
    pub fn mark_names(&mut self, text: &str) {
        for t in &mut self.toks {
            if t.kind == Kind::Word
                && t.flags & (CAP | JOINED) != 0
                && super::shape::name_like(t.text(text))
            {
                t.flags |= NAME;
            }
        }
    }

    /// Word classes of word `i` from the lexicon (0 for punctuation).
    pub fn class(&self, i: usize) -> u16 {
        let Some(cached) = self.classes.get(i) else {
            return 0;
        };
        let class = cached.get();
        if class != UNKNOWN {
            return class;
        }
        let class = self.look_up(i);
        cached.set(class);
        class
    }

    fn look_up(&self, i: usize) -> u16 {
        let Some(t) = self.toks.get(i).filter(|t| t.is_word()) else {
            return 0;
        };
        let lexicon = self.lexicon;
        let key = self.key(i);
        let class = lexicon.word(key);
        // `Americans`, `Democrats`: plurals of nationalities.
        if class == 0
            && key.len() > 3
            && t.flags & ASCII_CAP != 0
            && let Some(stem) = key.strip_suffix('s')
        {
            return lexicon.word(stem) & super::lexicon::NATIONALITY;
        }
        class
    }

    /// Word `i` could be a particle opening a name: it is short and in lower
    /// case, and a name or another such word follows. Cheaper than asking.
    pub fn may_open_name(&self, i: usize) -> bool {
        let short_lower =
            |t: &Token| t.is_word() && t.flags & CAP == 0 && t.end - t.start <= MAX_PARTICLE;
        self.toks.get(i).is_some_and(short_lower)
            && self
                .toks
                .get(i + 1)
                .is_some_and(|n| n.flags & NAME != 0 || short_lower(n))
    }

    /// Word `i` is a lower-case particle of a name (`van der`, `da`, `bin`).
    pub fn is_particle(&self, i: usize) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.is_word() && t.flags & CAP == 0 && t.end - t.start <= MAX_PARTICLE)
            && super::lexicon::is_particle(self.key(i))
    }
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }

    pub fn text<'a>(&self, para: &'a str) -> &'a str {
        para.get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }
}

/// Abbreviations whose full stop belongs to the word (`Mr.`, `St.`), so that
/// it neither ends a sentence nor breaks a name.
const ABBREVIATIONS: &[&str] = &[
    "Adm", "Capt", "Cmdr", "Col", "Cpl", "Det", "Dr", "Fr", "Ft", "Gen", "Gov", "Hon", "Insp",
    "Jr", "Lt", "Maj", "Messrs", "Mlle", "Mme", "Mr", "Mrs", "Ms", "Mt", "Mx", "Prof", "Pvt",
    "Rep", "Rev", "Sen", "Sgt", "Sr", "St", "Supt",
];

pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric()
        || matches!(c as u32, 0x300..=0x36F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// ASCII letters and digits, by byte: the tokenizer's inner loop asks this
/// of nearly every byte of a story.
static ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// The character starting at byte `i`, decoding only when it is not ASCII.
fn char_at(text: &str, i: usize) -> Option<char> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        Some(char::from(b))
    } else {
        text.get(i..)?.chars().next()
    }
}

/// Splits `text` into tokens, appending them to `out`.
pub fn tokenize(text: &str, out: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        let b = bytes[i];
        // ASCII is told by its byte alone; other characters are decoded.
        let Some(c) = char_at(text, i) else { break };
        let len = c.len_utf8();
        if b == b' ' {
            i += 1;
            continue;
        }
        let word_char = if b < 0x80 {
            ASCII_WORD[usize::from(b)]
        } else {
            is_word_char(c)
        };
        if !word_char && c.is_whitespace() {
            i += len;
            continue;
        }
        if !word_char {
            out.push(Token {
                start: i as u32,
                end: (i + len) as u32,
                kind: Kind::Punct(c),
                poss: false,
                flags: 0,
                ks: 0,
                ke: 0,
            });
            i += len;
            continue;
        }
        let (end, resume, poss, flags) = word(text, i, c, len);
        out.push(Token {
            start: i as u32,
            end: end as u32,
            kind: Kind::Word,
            poss,
            flags,
            ks: 0,
            ke: 0,
        });
        i = resume;
    }
}

/// The word starting at byte `start` with character `c` of `len` bytes:
/// its end, where scanning resumes (past a possessive `'s` the word leaves
/// out), whether it is possessive, and its flags.
fn word(text: &str, start: usize, c: char, len: usize) -> (usize, usize, bool, u8) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut end = start + len;
    let mut ascii = len == 1;
    // Letters since the last full stop: initials (`J.R.`) have one each.
    let mut segment = 1usize;
    let mut only_initials = c.is_alphabetic();
    let mut flags = if c.is_ascii_uppercase() {
        CAP | ASCII_CAP
    } else if c.is_uppercase() {
        CAP
    } else {
        0
    };
    loop {
        // Most of a word is ASCII letters and digits, skipped without decoding.
        let run_start = end;
        while end < n && ASCII_WORD[usize::from(bytes[end])] {
            end += 1;
        }
        segment += end - run_start;
        let j = end;
        if j >= n {
            break;
        }
        // Only an apostrophe, a hyphen, a full stop or a letter outside
        // ASCII can go on a word; any other ASCII byte ends it.
        let b = bytes[j];
        if b < 0x80 && !matches!(b, b'\'' | b'-' | b'.') {
            break;
        }
        let Some(d) = char_at(text, j) else { break };
        let dl = d.len_utf8();
        if is_word_char(d) {
            end = j + dl;
            ascii = false;
            segment += 1;
            continue;
        }
        let next = char_at(text, j + dl);
        let next2 = next.and_then(|n| char_at(text, j + dl + n.len_utf8()));
        if is_apostrophe(d) {
            match next {
                Some('s' | 'S') if !next2.is_some_and(is_word_char) => {
                    return (end, j + dl + 1, true, flags | non_ascii(ascii));
                }
                Some(n) if n.is_alphabetic() => {
                    end = j + dl;
                    ascii &= dl == 1;
                    only_initials = false;
                    flags |= JOINED;
                    continue;
                }
                _ => {
                    let word = text.get(start..end).unwrap_or("");
                    let poss = word.ends_with(['s', 'S']) && word.len() > 1;
                    let resume = if poss { j + dl } else { end };
                    return (end, resume, poss, flags | non_ascii(ascii));
                }
            }
        }
        if is_hyphen(d) && next.is_some_and(is_word_char) {
            end = j + dl;
            ascii &= dl == 1;
            only_initials = false;
            flags |= JOINED;
            continue;
        }
        if d == '.' {
            if only_initials && segment == 1 {
                end = j + 1;
                segment = 0;
                // `J.R.` goes on; `J. Smith` ends here.
                if next.is_some_and(|n| n.is_alphabetic()) && next2 == Some('.') {
                    continue;
                }
                break;
            }
            let word = text.get(start..end).unwrap_or("");
            // All are short and capitalised: most words are neither.
            if word.len() <= 6
                && word.as_bytes()[0].is_ascii_uppercase()
                && ABBREVIATIONS.contains(&word)
            {
                end = j + 1;
            }
        }
        break;
    }
    (end, end, false, flags | non_ascii(ascii))
}

fn non_ascii(ascii: bool) -> u8 {
    if ascii { 0 } else { NON_ASCII }
}

/// First character is upper case.
pub fn is_cap(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Two or more letters, none of them lower case (`CECOT`, `US`, `MCNAMEE`).
pub fn is_all_caps(word: &str) -> bool {
    let mut letters = 0;
    for c in word.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 2
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let mut t = Vec::new();
        tokenize(text, &mut t);
        t.iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn no_particle_is_longer_than_the_lookup_allows() {
        let longest = super::super::lexicon::PARTICLES
            .iter()
            .map(|p| p.len())
            .max();
        assert_eq!(longest, Some(MAX_PARTICLE as usize));
    }

    #[test]
    fn abbreviations_are_short_and_capitalised() {
        assert!(
            ABBREVIATIONS
                .iter()
                .all(|a| a.len() <= 6 && a.as_bytes()[0].is_ascii_uppercase())
        );
    }

    #[test]
    fn abbreviations_keep_their_full_stop_and_other_words_do_not() {
        assert_eq!(words("Messrs. Reed"), ["Messrs.", "Reed"]);
        assert_eq!(words("Sgt. Reed"), ["Sgt.", "Reed"]);
        assert_eq!(words("Sgtx. Reed"), ["Sgtx", ".", "Reed"]);
    }

    #[test]
    fn possessive_s_is_left_out_of_the_word() {
        let mut t = Vec::new();
        tokenize("Trump's plan", &mut t);
        assert_eq!(t[0].text("Trump's plan"), "Trump");
        assert!(t[0].poss);
    }

    #[test]
    fn plural_possessive_apostrophe_is_left_out_of_the_word() {
        let text = "the Reyes' team";
        let mut t = Vec::new();
        tokenize(text, &mut t);
        assert_eq!(t[1].text(text), "Reyes");
        assert!(t[1].poss);
    }

    #[test]
    fn inner_apostrophes_and_hyphens_stay_in_the_word() {
        assert_eq!(
            words("O'Brien met al-Masri"),
            ["O'Brien", "met", "al-Masri"]
        );
    }

    #[test]
    fn initials_keep_their_full_stops() {
        assert_eq!(
            words("J.R. Whitfield and Mary K. Oduya"),
            ["J.R.", "Whitfield", "and", "Mary", "K.", "Oduya"]
        );
    }

    #[test]
    fn title_abbreviations_keep_their_full_stop() {
        assert_eq!(words("Dr. Menon."), ["Dr.", "Menon", "."]);
    }

    #[test]
    fn punctuation_is_one_token_per_character() {
        assert_eq!(words("“Yes,” she"), ["“", "Yes", ",", "”", "she"]);
    }
}
