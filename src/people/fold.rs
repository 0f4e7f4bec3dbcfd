//! The key names are compared by: lower case, accents gone, one space
//! between words, no full stops.

use icu_normalizer::DecomposingNormalizerBorrowed;

/// Compatibility decomposition: besides splitting `é` into `e` and its
/// accent, it turns ligatures and full-width letters into plain ones, which
/// a name typed differently may hold.
const NFKD: DecomposingNormalizerBorrowed<'static> = DecomposingNormalizerBorrowed::new_nfkd();

/// `s` folded: "José  Martínez" and "JOSE MARTINEZ" both give "jose martinez".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`] into a buffer that is reused, as the index folds every form of
/// every story.
pub fn fold_into(s: &str, out: &mut String) {
    out.clear();
    let mut space = false;
    let mut push = |c: char, out: &mut String| {
        if c.is_whitespace() {
            space = !out.is_empty();
            return;
        }
        // "J. R. Smith" and "J R Smith", "Jr." and "Jr".
        if c == '.' {
            return;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    };
    if s.is_ascii() {
        for c in s.chars() {
            push(c.to_ascii_lowercase(), out);
        }
        return;
    }
    for c in NFKD.normalize_iter(s.chars()) {
        for c in c.to_lowercase() {
            if is_accent(c) {
                continue;
            }
            match c {
                // Letters with a stroke or a ligature of their own, which
                // no decomposition takes apart.
                'ø' => push('o', out),
                'ł' => push('l', out),
                'đ' | 'ð' => push('d', out),
                'ħ' => push('h', out),
                'ı' => push('i', out),
                'ŧ' => push('t', out),
                'ß' => {
                    push('s', out);
                    push('s', out);
                }
                'æ' => {
                    push('a', out);
                    push('e', out);
                }
                'œ' => {
                    push('o', out);
                    push('e', out);
                }
                'þ' => {
                    push('t', out);
                    push('h', out);
                }
                '’' | '‘' | 'ʼ' | '`' => push('\'', out),
                '‐' | '‑' | '‒' | '–' => push('-', out),
                c => push(c, out),
            }
        }
    }
}

/// Combining marks of the Latin, Greek and Cyrillic scripts' accents. Marks
/// of other scripts (Devanagari's vowel signs) are letters' parts, not
/// accents, and stay.
fn is_accent(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_case_and_spacing_fold_away() {
        assert_eq!(fold("José  Martínez"), "jose martinez");
        assert_eq!(fold("JOSE MARTINEZ"), "jose martinez");
        assert_eq!(fold(" Ana\u{a0}García "), "ana garcia");
    }

    #[test]
    fn letters_no_decomposition_splits_fold_by_hand() {
        assert_eq!(fold("Søren Kierkegaard"), "soren kierkegaard");
        assert_eq!(fold("Lech Wałęsa"), "lech walesa");
        assert_eq!(fold("Weiß"), "weiss");
        assert_eq!(fold("İlhan"), "ilhan");
    }

    #[test]
    fn full_stops_and_curly_apostrophes_fold() {
        assert_eq!(
            fold("Martin Luther King Jr."),
            fold("martin luther king jr")
        );
        assert_eq!(fold("Conan O’Brien"), "conan o'brien");
    }

    #[test]
    fn other_scripts_keep_their_letters() {
        assert_eq!(fold("Владимир"), "владимир");
        assert_eq!(fold("नरेन्द्र"), "नरेन्द्र");
    }
}
