//! Words and punctuation of one paragraph, as byte ranges.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Punct(char),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Followed by a possessive `'s` or a bare `'` after a final s, which the
    /// token does not include.
    pub poss: bool,
    /// Word classes from the lexicon (0 for punctuation).
    pub class: u16,
    /// Byte range of the normalised word in [`Prepared::keys`].
    pub ks: u32,
    pub ke: u32,
}

/// A paragraph's tokens with each word normalised and looked up once.
pub struct Prepared {
    pub toks: Vec<Token>,
    pub keys: String,
}

impl Prepared {
    pub fn new(text: &str) -> Prepared {
        let mut toks = Vec::with_capacity(text.len() / 5);
        tokenize(text, &mut toks);
        let mut keys = String::with_capacity(text.len());
        let mut scratch = String::new();
        for t in &mut toks {
            if t.kind != Kind::Word {
                continue;
            }
            super::lexicon::norm(t.text(text), &mut scratch);
            t.ks = keys.len() as u32;
            keys.push_str(&scratch);
            t.ke = keys.len() as u32;
            t.class = super::lexicon::LEXICON.word(&scratch);
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
        para.get(self.start..self.end).unwrap_or("")
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
pub fn tokenize(text: &str, out: &mut Vec<Token>) {
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if !is_word_char(c) {
            out.push(Token {
                start: i,
                end: i + c.len_utf8(),
                kind: Kind::Punct(c),
                poss: false,
                class: 0,
                ks: 0,
                ke: 0,
            });
            continue;
        }
        let start = i;
        let mut end = i + c.len_utf8();
        let mut poss = false;
        // Letters since the last full stop: initials (`J.R.`) have one each.
        let mut segment = 1usize;
        let mut only_initials = c.is_alphabetic();
        loop {
            let Some(&(j, d)) = chars.peek() else { break };
            if is_word_char(d) {
                chars.next();
                end = j + d.len_utf8();
                segment += 1;
                continue;
            }
            let rest = text.get(j + d.len_utf8()..).unwrap_or("");
            let mut after = rest.chars();
            let next = after.next();
            let next2 = after.next();
            if is_apostrophe(d) {
                match next {
                    Some('s' | 'S') if !next2.is_some_and(is_word_char) => {
                        poss = true;
                        chars.next();
                        chars.next();
                        break;
                    }
                    Some(n) if n.is_alphabetic() => {
                        chars.next();
                        end = j + d.len_utf8();
                        only_initials = false;
                        continue;
                    }
                    _ => {
                        let word = text.get(start..end).unwrap_or("");
                        if word.ends_with(['s', 'S']) && word.chars().count() > 1 {
                            poss = true;
                            chars.next();
                        }
                        break;
                    }
                }
            }
            if is_hyphen(d) && next.is_some_and(is_word_char) {
                chars.next();
                end = j + d.len_utf8();
                only_initials = false;
                continue;
            }
            if d == '.' {
                let word = text.get(start..end).unwrap_or("");
                if only_initials && segment == 1 {
                    chars.next();
                    end = j + 1;
                    segment = 0;
                    // `J.R.` goes on; `J. Smith` ends here.
                    if next.is_some_and(|n| n.is_alphabetic()) && next2 == Some('.') {
                        continue;
                    }
                    break;
                }
                if ABBREVIATIONS.contains(&word) {
                    chars.next();
                    end = j + 1;
                }
            }
            break;
        }
        out.push(Token {
            start,
            end,
            kind: Kind::Word,
            poss,
            class: 0,
            ks: 0,
            ke: 0,
        });
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
        assert_eq!(words("O'Brien met al-Masri"), ["O'Brien", "met", "al-Masri"]);
    }

    #[test]
    fn initials_keep_their_full_stops() {
        assert_eq!(words("J.R. Whitfield and Mary K. Oduya"), [
            "J.R.",
            "Whitfield",
            "and",
            "Mary",
            "K.",
            "Oduya"
        ]);
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
