//! Who said each quotation, from the words around it.
//!
//! Each rule either decides (a person, or explicitly no one, as for `a police
//! spokesperson said`) or passes. A quotation no rule decides gets no speaker:
//! no speaker is better than a wrong one.

mod around;
mod carry;
mod context;
mod kind;
mod rules;
mod sources;
mod words;

use context::{Ctx, WINDOW};

use super::{Attribution, QuoteKind, Span};

use super::lexicon::{Gender, LEXICON, norm};
use super::people::People;
use super::quotes::Piece;
use super::tokens::Prepared;

/// Words of a paragraph naming a source that is not a person: a byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Phrase {
    pub para: usize,
    pub start: usize,
    pub end: usize,
}

/// The outcome of one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Decision {
    Speaker(usize),
    /// Someone or something that is not a person the story names.
    Source(Phrase),
    NoOne,
    Pass,
}

/// What the rules found for one quotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Said {
    Speaker(usize),
    Source(Phrase),
    Unknown,
}

impl Said {
    pub(super) fn speaker(self) -> Option<usize> {
        match self {
            Said::Speaker(x) => Some(x),
            _ => None,
        }
    }

    fn attribution(self) -> Attribution {
        match self {
            Said::Speaker(x) => Attribution::Speaker(x),
            Said::Source(p) => Attribution::Source(Box::new(Span {
                para: p.para,
                range: p.start..p.end,
            })),
            Said::Unknown => Attribution::Unknown,
        }
    }
}

/// Each person's sex where their given name tells it: a person named by a
/// given name alone (`Gloria`) too, when it is a common one or no surname,
/// so that `he`
/// after `Thomas' sister pleaded with him to send Gloria` is not her.
fn genders(people: &People) -> Vec<Option<Gender>> {
    let mut key = String::new();
    people
        .names
        .iter()
        .zip(&people.genders)
        .map(|(name, g)| {
            g.or_else(|| {
                if name.contains(' ') {
                    return None;
                }
                norm(name, &mut key);
                LEXICON
                    .given(&key)
                    .filter(|_| LEXICON.common_given(&key) || !LEXICON.is_surname(&key))
            })
        })
        .collect()
}

/// Who said each piece, and whether it is speech or a term. `kept` holds
/// the first paragraphs' tokens if they were made already.
pub fn attribute(
    paras: &[&str],
    pieces: &[Piece],
    people: &People,
    kept: Vec<Option<Prepared>>,
    spare_pre: Option<Prepared>,
) -> Vec<(Attribution, QuoteKind)> {
    let genders = genders(people);
    let mut cx = Ctx {
        kept,
        spare: Vec::new(),
        spare_pre,
        paras,
        pieces,
        mentions: &people.mentions,
        genders: &genders,
        window: Vec::with_capacity(WINDOW + 1),
        said: Vec::with_capacity(pieces.len()),
    };
    let mut kinds = Vec::with_capacity(pieces.len());
    // A quotation over several paragraphs has one speaker, wherever named;
    // settled after every quotation is read, as the rules read the speakers
    // each quotation was first given.
    let mut runs: Vec<(usize, usize, Said)> = Vec::new();
    let mut run_start = 0;
    let mut named = None;
    for (q, piece) in pieces.iter().enumerate() {
        cx.advance(piece.para);
        if q > 0 && !piece.continued {
            if q - run_start > 1 {
                runs.push((run_start, q, named.unwrap_or(cx.said[run_start])));
            }
            run_start = q;
            named = None;
        }
        let d = cx.attribution(q);
        if named.is_none() {
            named = match d {
                Decision::Speaker(x) => Some(Said::Speaker(x)),
                Decision::Source(x) => Some(Said::Source(x)),
                _ => None,
            };
        }
        kinds.push(cx.kind(q, d));
        let who = match d {
            Decision::Speaker(x) => Said::Speaker(x),
            Decision::Source(x) => Said::Source(x),
            Decision::NoOne => Said::Unknown,
            Decision::Pass if piece.continued => q
                .checked_sub(1)
                .and_then(|k| cx.said.get(k).copied())
                .unwrap_or(Said::Unknown),
            Decision::Pass => {
                let carried = cx.continuation(q);
                // A quotation that carries on from someone's words is speech.
                if carried != Said::Unknown
                    && let Some(k) = kinds.last_mut()
                {
                    *k = QuoteKind::Speech;
                }
                carried
            }
        };
        cx.said.push(who);
    }
    if pieces.len() - run_start > 1 {
        runs.push((run_start, pieces.len(), named.unwrap_or(cx.said[run_start])));
    }
    for (start, end, who) in runs {
        for s in &mut cx.said[start..end] {
            *s = who;
        }
        // A quotation over paragraphs is speech, however short its pieces.
        for k in &mut kinds[start..end] {
            *k = QuoteKind::Speech;
        }
    }
    cx.said
        .into_iter()
        .zip(kinds)
        .map(|(s, k)| (s.attribution(), k))
        .collect()
}
