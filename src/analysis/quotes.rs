//! Quotation marks: which marks open and close a quotation, across paragraphs.
//!
//! Double marks (straight, curly, guillemets, German low-high) delimit
//! quotations, and so does the curly single pair `‘…’` that British and
//! Irish papers use as their first-level marks: its opening `‘` is never an
//! apostrophe. Straight single marks are left alone at the top level because
//! in news text they are far more often apostrophes (`'90s`, `rock 'n' roll`,
//! `organizers'`) than quotation marks; inside a double quotation any single
//! marks are simply part of it.

use std::ops::Range;

/// One quotation's piece in one paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub para: usize,
    pub range: Range<usize>,
    /// Runs on into the next paragraph (no closing mark here).
    pub open_end: bool,
    /// Continues a quotation from the previous paragraph.
    pub continued: bool,
}

/// What may close an open quotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Closer {
    /// `"` or `”` (after `"` or `“`).
    English,
    /// `“` or `”` (after `„`).
    German,
    /// `»` (after `«`).
    Guillemet,
    /// `«` (after `»`, the German order).
    ReverseGuillemet,
    /// `’` before a non-letter (after `‘`); never carried to the next paragraph.
    Single,
}

fn opens_after(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(p) => {
            p.is_whitespace()
                || matches!(
                    p,
                    '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':' | '‘' | '\'' | '«' | '„'
                )
        }
    }
}

fn closes_before(next: Option<char>) -> bool {
    next.is_none_or(|n| !super::tokens::is_word_char(n))
}

/// A straight mark typed on the wrong side of its space after a comma or a
/// colon, as it opens a quotation (`said," For example, …"`): the
/// quotation's first word follows the space.
fn spaced_opener(prev: Option<char>, rest: &str) -> bool {
    matches!(prev, Some(',' | ':'))
        && rest
            .trim_start_matches(' ')
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c == '[')
}

/// Finds the quotations of one paragraph. `continued` says the paragraph's
/// first quotation carries on from the previous paragraph. Returns the pieces
/// and whether the paragraph ends inside an unclosed quotation (start offset).
fn scan(text: &str) -> (Vec<Range<usize>>, Option<usize>) {
    let mut found = Vec::new();
    let mut open: Option<(usize, Closer)> = None;
    // The open quotation opened on a spaced mark (see `spaced_opener`): a
    // mark that can open ends it as a stray instead, and it never runs on.
    let mut spaced = false;
    let bytes = text.as_bytes();
    // Every double mark is `"` or starts with byte 0xE2 (“ ” „) or 0xC2 (« »):
    // only those positions need decoding.
    for i in (0..bytes.len()).filter(|&i| matches!(bytes[i], b'"' | 0xE2 | 0xC2)) {
        let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
            continue;
        };
        if !matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '‘' | '’') {
            continue;
        }
        let end = i + c.len_utf8();
        let prev = text.get(..i).and_then(|t| t.chars().next_back());
        let next = text.get(end..).and_then(|t| t.chars().next());
        let can_open = opens_after(prev) && next.is_some_and(|n| !n.is_whitespace());
        match (open, c) {
            // `good," Smith said. "We won."`: the spaced mark closed a
            // quotation opened in an earlier paragraph; this one opens.
            (Some((_, Closer::English)), '"') if spaced && can_open => {
                open = Some((i, Closer::English));
                spaced = false;
            }
            (Some((s, Closer::English)), '"' | '”') => {
                found.push(s..end);
                open = None;
            }
            (Some((s, Closer::German)), '“' | '”') => {
                found.push(s..end);
                open = None;
            }
            (Some((s, Closer::English)), '“') if !can_open && closes_before(next) => {
                found.push(s..end);
                open = None;
            }
            (Some((s, Closer::Guillemet)), '»') | (Some((s, Closer::ReverseGuillemet)), '«') => {
                found.push(s..end);
                open = None;
            }
            // `didn’t` and `Okonkwo’s` continue the quotation; a `’` before a
            // space or punctuation ends it.
            (Some((s, Closer::Single)), '’') if closes_before(next) => {
                found.push(s..end);
                open = None;
            }
            // A double mark inside single quotes is part of them (British nesting).
            (Some((_, Closer::Single)), _) => {}
            // `‘90s` (a mis-typed apostrophe) is a year, not a quotation.
            (None, '‘') if can_open && next.is_some_and(char::is_alphabetic) => {
                open = Some((i, Closer::Single));
            }
            (None, '"') if can_open => {
                open = Some((i, Closer::English));
                spaced = false;
            }
            (None, '"') if spaced_opener(prev, text.get(end..).unwrap_or("")) => {
                open = Some((i, Closer::English));
                spaced = true;
            }
            (None, '“') => open = Some((i, Closer::English)),
            (None, '”') if can_open && !closes_before(next) => open = Some((i, Closer::English)),
            (None, '„') => open = Some((i, Closer::German)),
            (None, '«') => open = Some((i, Closer::Guillemet)),
            (None, '»') if can_open => open = Some((i, Closer::ReverseGuillemet)),
            _ => {}
        }
    }
    // An unclosed single mark is as likely a stray apostrophe as a quotation
    // running on: it never carries over.
    let unclosed = open
        .filter(|(_, c)| *c != Closer::Single && !spaced)
        .map(|(s, _)| s);
    (found, unclosed)
}

fn starts_with_opening_mark(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with(['"', '“', '„', '«'])
}

/// Whether the paragraph's first double mark closes a quotation that none
/// of its own opened (`…played well." Then he left`): the quotation of the
/// paragraph before ran on into it, its opening mark left out.
fn first_mark_closes(text: &str) -> bool {
    let Some((i, c)) = text
        .char_indices()
        .find(|&(_, c)| matches!(c, '"' | '“' | '”'))
    else {
        return false;
    };
    let prev = text.get(..i).and_then(|t| t.chars().next_back());
    let next = text.get(i + c.len_utf8()..).and_then(|t| t.chars().next());
    c != '“' && !opens_after(prev) && closes_before(next)
}

/// All quotation pieces of a story, in order. A quotation left open at the
/// end of its paragraph counts when the next paragraph opens with a
/// quotation mark (the convention for a quotation running over paragraphs),
/// or when the next paragraph closes it (see `first_mark_closes`); otherwise
/// the stray mark is ignored and nothing after it is swallowed.
pub fn find(paragraphs: &[&str]) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut carried = false;
    for (p, text) in paragraphs.iter().enumerate() {
        let (closed, unclosed) = scan(text);
        let first_start = closed
            .first()
            .map(|r| r.start)
            .into_iter()
            .chain(unclosed)
            .min();
        let lead = text.len() - text.trim_start().len();
        let continues = carried && first_start == Some(lead);
        for (k, r) in closed.into_iter().enumerate() {
            out.push(Piece {
                para: p,
                continued: continues && k == 0,
                range: r,
                open_end: false,
            });
        }
        carried = false;
        if let Some(s) = unclosed {
            let next_opens = paragraphs
                .get(p + 1)
                .is_some_and(|n| starts_with_opening_mark(n));
            let closed_next = paragraphs.get(p + 1).is_some_and(|n| first_mark_closes(n));
            if next_opens || closed_next {
                let end = text.trim_end().len();
                out.push(Piece {
                    para: p,
                    range: s..end.max(s),
                    open_end: true,
                    continued: continues && s == lead,
                });
                carried = next_opens;
            }
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn spans(paras: &[&str]) -> Vec<(usize, String)> {
        find(paras)
            .into_iter()
            .map(|q| (q.para, paras[q.para][q.range].to_string()))
            .collect()
    }

    #[test]
    fn straight_quotes_pair_up() {
        assert_eq!(
            spans(&[r#""Yes," he said. "No.""#]),
            [(0, r#""Yes,""#.to_string()), (0, r#""No.""#.to_string())]
        );
    }

    #[test]
    fn curly_quotes_pair_up() {
        assert_eq!(
            spans(&["She said “fine” and left."]),
            [(0, "“fine”".to_string())]
        );
    }

    #[test]
    fn apostrophes_never_open_a_quotation() {
        assert!(spans(&["In the '90s the organizers' rock 'n' roll didn't stop."]).is_empty());
    }

    #[test]
    fn single_quotes_nest_inside_double_ones() {
        let p = r#""She said 'go,' so I went," he said."#;
        assert_eq!(
            spans(&[p]),
            [(0, r#""She said 'go,' so I went,""#.to_string())]
        );
    }

    #[test]
    fn guillemets_pair_up() {
        assert_eq!(spans(&["« Oui », dit-il."]), [(0, "« Oui »".to_string())]);
    }

    #[test]
    fn german_low_high_marks_pair_up() {
        assert_eq!(spans(&["Er sagte: „Ja.“ Dann"]), [(0, "„Ja.“".to_string())]);
    }

    #[test]
    fn a_quotation_runs_over_paragraphs_when_the_next_opens_with_a_mark() {
        let paras = [r#"He said: "One."#, r#""Two.""#];
        let found = find(&paras);
        assert_eq!(found.len(), 2);
        assert!(found[0].open_end);
        assert!(found[1].continued);
        assert_eq!(&paras[0][found[0].range.clone()], r#""One."#);
    }

    #[test]
    fn an_unclosed_mark_swallows_nothing() {
        assert!(spans(&[r#"He said: "One. Then more"#, "Next paragraph."]).is_empty());
    }

    #[test]
    fn curly_single_marks_are_quotations_when_they_are_the_first_level() {
        let p = "Police said the attack was ‘targeted’ and a witness added: ‘It didn’t last long.’";
        assert_eq!(
            spans(&[p]),
            [
                (0, "‘targeted’".to_string()),
                (0, "‘It didn’t last long.’".to_string())
            ]
        );
    }

    #[test]
    fn a_stray_curly_single_mark_swallows_nothing() {
        assert!(spans(&["In the ‘90s the club’s fans ‘cheered", "Next."]).is_empty());
    }

    #[test]
    fn a_mark_spaced_like_a_closer_after_a_comma_opens_a_quotation() {
        let p = r#"Burrows said resources would be ready," For example, schools can vote". Then"#;
        assert_eq!(
            spans(&[p]),
            [(0, r#"" For example, schools can vote""#.to_string())]
        );
    }

    #[test]
    fn a_spaced_mark_closing_an_earlier_paragraph_opens_nothing() {
        let p = r#"It was good," Smith said. "We won.""#;
        assert_eq!(spans(&[p]), [(0, r#""We won.""#.to_string())]);
    }

    #[test]
    fn a_quotation_closed_in_the_next_paragraph_without_opening_again_runs_to_the_end() {
        let paras = [
            r#"Gomez said, "We have learned a lot."#,
            r#"It was a very emotional day." Then he left."#,
        ];
        let found = find(&paras);
        assert_eq!(found.len(), 1);
        assert_eq!(
            &paras[0][found[0].range.clone()],
            r#""We have learned a lot."#
        );
        assert!(found[0].open_end);
    }

    #[test]
    fn an_inch_mark_opens_nothing() {
        assert!(spans(&[r#"A 12" pipe burst."#]).is_empty());
    }
}
