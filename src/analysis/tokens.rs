//! Words and punctuation of one paragraph, as byte ranges.

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
    /// Word classes from the lexicon (0 for punctuation).
    pub class: u16,
    /// [`CAP`] and [`JOINED`].
    pub flags: u8,
    /// Byte range of the normalised word in [`Prepared::keys`].
    pub ks: u32,
    pub ke: u32,
}

/// The first character is upper case.
pub const CAP: u8 = 1;
/// The word has an inner hyphen or apostrophe (`al-Masri`, `O'Brien`).
pub const JOINED: u8 = 2;

/// A paragraph's tokens with each word normalised and looked up once.
pub struct Prepared {
    pub toks: Vec<Token>,
    pub keys: String,
}

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
        // About one token per five bytes of news text; growing now and then
        // costs less than touching memory that is never used.
        let mut toks = Vec::with_capacity(text.len() / 5 + 4);
        if u32::try_from(text.len()).is_ok() {
            tokenize(text, &mut toks);
        }
        // An ASCII paragraph is its own key text, lower-cased in one pass.
        let ascii = text.is_ascii();
        let mut keys = if ascii {
            text.to_ascii_lowercase()
        } else {
            String::with_capacity(text.len())
        };
        let mut scratch = String::new();
        let lexicon = &*super::lexicon::LEXICON;
        for t in &mut toks {
            if t.kind != Kind::Word {
                continue;
            }
            if ascii {
                t.ks = t.start;
                t.ke = t.end;
            } else {
                super::lexicon::norm(t.text(text), &mut scratch);
                t.ks = keys.len() as u32;
                keys.push_str(&scratch);
                t.ke = keys.len() as u32;
            }
            let key = keys.get(t.ks as usize..t.ke as usize).unwrap_or("");
            t.class = lexicon.word(key);
            // `Americans`, `Democrats`: plurals of nationalities.
            if t.class == 0
                && key.len() > 3
                && key.ends_with('s')
                && text
                    .as_bytes()
                    .get(t.start as usize)
                    .is_some_and(u8::is_ascii_uppercase)
            {
                let stem = lexicon.word(&key[..key.len() - 1]);
                t.class = stem & super::lexicon::NATIONALITY;
            }
        }
        Prepared { toks, keys }
    }

    /// The normalised form of word `i` ("" for punctuation or out of range).
    pub fn key(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .and_then(|t| self.keys.get(t.ks as usize..t.ke as usize))
            .unwrap_or("")
    }

    pub fn class(&self, i: usize) -> u16 {
        self.toks.get(i).map_or(0, |t| t.class)
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
    "Mr", "Mrs", "Ms", "Mx", "Dr", "St", "Jr", "Sr", "Prof", "Sen", "Rep", "Gov", "Gen", "Lt",
    "Col", "Capt", "Sgt", "Rev", "Fr", "Adm", "Mt", "Ft", "Det", "Insp", "Supt", "Cmdr", "Maj",
    "Cpl", "Pvt", "Gov", "Hon", "Messrs", "Mme", "Mlle",
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

/// Splits `text` into tokens, appending them to `out`.
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
    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        let len = c.len_utf8();
        if c.is_whitespace() {
            i += len;
            continue;
        }
        if !is_word_char(c) {
            out.push(Token {
                start: i as u32,
                end: (i + len) as u32,
                kind: Kind::Punct(c),
                poss: false,
                class: 0,
                flags: 0,
                ks: 0,
                ke: 0,
            });
            i += len;
            continue;
        }
        let start = i;
        let mut end = i + len;
        // Where scanning resumes: past a possessive `'s` the word leaves out.
        let mut resume = None;
        let mut poss = false;
        // Letters since the last full stop: initials (`J.R.`) have one each.
        let mut segment = 1usize;
        let mut only_initials = c.is_alphabetic();
        let mut flags = if c.is_uppercase() { CAP } else { 0 };
        loop {
            let j = end;
            let Some(d) = char_at(text, j) else { break };
            let dl = d.len_utf8();
            if is_word_char(d) {
                end = j + dl;
                segment += 1;
                continue;
            }
            let next = char_at(text, j + dl);
            let next2 = next.and_then(|n| char_at(text, j + dl + n.len_utf8()));
            if is_apostrophe(d) {
                match next {
                    Some('s' | 'S') if !next2.is_some_and(is_word_char) => {
                        poss = true;
                        resume = Some(j + dl + 1);
                        break;
                    }
                    Some(n) if n.is_alphabetic() => {
                        end = j + dl;
                        only_initials = false;
                        flags |= JOINED;
                        continue;
                    }
                    _ => {
                        let word = text.get(start..end).unwrap_or("");
                        if word.ends_with(['s', 'S']) && word.len() > 1 {
                            poss = true;
                            resume = Some(j + dl);
                        }
                        break;
                    }
                }
            }
            if is_hyphen(d) && next.is_some_and(is_word_char) {
                end = j + dl;
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
                if ABBREVIATIONS.contains(&word) {
                    end = j + 1;
                }
            }
            break;
        }
        out.push(Token {
            start: start as u32,
            end: end as u32,
            kind: Kind::Word,
            poss,
            class: 0,
            flags,
            ks: 0,
            ke: 0,
        });
        i = resume.unwrap_or(end);
    }
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
