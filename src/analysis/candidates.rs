//! Name candidates: the runs of capitalised words of a paragraph, each
//! judged from its words and the evidence around it.

use super::evidence::{
    Para, context_evidence, described_before, is_role, personal_cue, place_context, saying_next_to,
    sentence_initial, title_at,
};
use super::lexicon::{
    AGENCY_WORDS, CHINESE_SURNAMES, COMMON, DAY, DEMONYMS, FastMap, LEXICON, LOCATIVES, MONTH,
    NATIONALITY, NOT_NAME, ORG_NAME, ORG_WORD, PLACE, TITLE, is_particle, is_pinyin_given,
};
use super::shape::is_initial;
use super::tokens::{Kind, NAME, is_all_caps, is_cap};

/// Longest name, in words (`Maria de los Angeles Garcia Lopez` has six).
pub(super) const MAX_NAME_WORDS: usize = 8;

/// Generational suffixes: part of a name, never a name after a title.
pub(super) const SUFFIXES: &[&str] = &["jr.", "jr", "sr.", "sr", "ii", "iii", "iv"];

/// Normalised words of `ns..re` without particles and initials,
/// space-joined: how a name is linked to its other mentions.
pub(super) fn core_of(p: &Para, ns: usize, re: usize) -> String {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Strength {
    /// A person whatever else the story says.
    Strong,
    /// A person only if the story gives some evidence somewhere.
    Weak,
    /// One word: a person only when linked or evidenced.
    Single,
    NotPerson,
}

/// No name in [`Names`].
pub(super) const NO_ID: u32 = u32::MAX;

/// Every candidate of the story is kept until the story is read, so it holds
/// no strings and no token indices: names are interned, places are bytes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cand {
    pub(super) para: usize,
    /// Byte range of the name in its paragraph.
    pub(super) start: u32,
    pub(super) end: u32,
    /// Number of words of the name, particles and initials included.
    pub(super) n: u8,
    /// Normalised words without particles and initials, space-joined, for
    /// linking: an id in [`Names`].
    pub(super) core: u32,
    /// Leading initials (`j.r.` of `J.R. Whitfield`), a short form of their
    /// own: an id in [`Names`], or [`NO_ID`].
    pub(super) initials: u32,
    pub(super) strength: Strength,
    /// Title, saying verb, age, or `according to`.
    pub(super) evidence: bool,
    /// A one-word place name used as a place here (`in Jackson`).
    pub(super) place_here: bool,
    /// Month or day: never a short form of a person.
    pub(super) calendar: bool,
    /// Known word classes of a single word.
    pub(super) classes: u16,
    pub(super) poss: bool,
    /// A nickname in quotation marks sits inside the mention: the person is
    /// named without it (`Harold Theriault`).
    pub(super) nickname: bool,
}

impl Cand {
    /// A name taken whole on evidence of its own (a list of initials and
    /// surnames, or a tagged name the rules would not take): strong, with
    /// nothing else known of it.
    pub(super) fn strong(para: usize, bytes: (u32, u32), n: u8, core: u32, poss: bool) -> Cand {
        Cand {
            para,
            start: bytes.0,
            end: bytes.1,
            n,
            core,
            initials: NO_ID,
            strength: Strength::Strong,
            evidence: true,
            place_here: false,
            calendar: false,
            classes: 0,
            poss,
            nickname: false,
        }
    }
}

/// Runs of adjacent capitalised words (with particles and `&` between).
pub(super) fn runs(p: &Para, out: &mut Vec<(usize, usize)>) {
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

/// `Karl Langdon & Harvey Deegan`: a run joined by `&` whose sides each
/// open with a given name a list knows and go on to a surname is two
/// people, not a firm like `Marks & Spencer`; such runs are split in two.
pub(super) fn split_pairs(p: &Para, runs: &mut Vec<(usize, usize)>) {
    let person_like = |s: usize, e: usize| {
        e >= s + 2
            && (s..e).all(|k| p.word(k).is_some())
            && LEXICON.given(p.key(s)).is_some()
            && p.class(s) & NOT_NAME == 0
    };
    let mut k = 0;
    while k < runs.len() {
        let (rs, re) = runs[k];
        let amp = (rs..re).find(|&i| p.punct(i, '&'));
        if let Some(m) = amp
            && person_like(rs, m)
            && person_like(m + 1, re)
        {
            runs[k] = (rs, m);
            runs.insert(k + 1, (m + 1, re));
        }
        k += 1;
    }
}

/// The candidate name inside one run, with its strength.
pub(super) fn candidate(
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
            // `by Art Ross`: a common word that is also a given name keeps
            // its place when nothing but a name capitalises it.
            // `Will Smith said`: opening the sentence too, when a surname
            // follows it and nothing else.
            let given = c & (NATIONALITY | DAY | MONTH) == 0
                && ns == rs
                && (!sentence_initial(p, ns)
                    || (re - ns == 2
                        && p.class(ns + 1) & NOT_NAME == 0
                        && (LEXICON.is_surname(p.key(ns + 1))
                            || LEXICON.is_world_surname(p.key(ns + 1)))))
                && LEXICON.common_given(p.key(ns));
            let strip = (c & (COMMON | NATIONALITY | DAY) != 0 && !given)
                || (ns == rs && opening_adverb(p, ns))
                || (ns == rs && sentence_initial(p, ns) && p.word(ns).is_some_and(lower_compound))
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
        nickname: false,
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
            || (sentence_initial(p, ns) && !known && !personal_cue(p, re))
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
    // `DAB's Ben Chan`, `Youngspiration's Baggio Leung`: a name after an
    // organisation's possessive, when a list knows one of its words as a
    // name (`Apple's Vision Pro` is a product).
    let after_possessive = ns > 0
        && p.toks.get(ns - 1).is_some_and(|t| t.poss)
        && p.word(ns - 1).is_some_and(is_cap)
        && words.iter().any(|w| {
            LEXICON.given(w).is_some()
                || LEXICON.world_given(w).is_some()
                || LEXICON.is_surname(w)
                || LEXICON.is_world_surname(w)
        });
    if described_before(p, ns) || after_possessive {
        cand.evidence = true;
    }
    // `Park Min-jun`, `Cheng Chung-tai`: a family name then a hyphenated
    // given name, the shape of Korean and Chinese names in English text,
    // whatever lists the family name is in (`Park`, `Law`).
    if (2..=3).contains(&n)
        && p.word(re - 1).is_some_and(is_hyphenated_given)
        && (ns..re - 1).all(|k| p.word(k).is_some_and(|w| is_cap(w) && !is_all_caps(w)))
    {
        cand.strength = Strength::Strong;
        cand.evidence = true;
        cand.core = names.intern(&core);
        return Some(cand);
    }
    // `Zhou Lianying`, `Lin Dan`: a Chinese family name then a given name
    // of pinyin syllables that is no other word.
    if n == 2
        && CHINESE_SURNAMES.contains(words[0])
        && p.word(ns).is_some_and(|w| is_cap(w) && !is_all_caps(w))
        && p.word(ns + 1).is_some_and(is_pinyin_given)
        && p.class(ns + 1) & NOT_NAME == 0
    {
        cand.strength = Strength::Strong;
        cand.evidence = true;
        cand.core = names.intern(&core);
        return Some(cand);
    }
    let saying = saying_next_to(p, ns, re);
    let first_given =
        (LEXICON.given(words[0]).is_some() && !is_particle(words[0])) || is_initial(words[0]);
    let last = n - 1;
    let mut org_last = false;
    let mut place_last = false;
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
        // `Valeska Paris, a former member`: a surname that is also a place,
        // after a given name no list knows, when what follows is said only
        // of a person.
        let surname_last = k == last
            && k > 0
            && (first_given || titled || personal_cue(p, re))
            && LEXICON.is_surname(w);
        if !(given_first || surname_last) {
            // `Valeska Paris` again, with nothing around it this time: a
            // place as the surname after a given name no list knows is a
            // person only where the story gives evidence for the name.
            if k == last && k > 0 && c == PLACE && LEXICON.is_surname(w) {
                place_last = true;
                continue;
            }
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
    cand.strength = if org_last || place_last || after_the {
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

/// `Apparently Vargosz's plan`: an adverb in `-ly` capitalised only for
/// opening the sentence, which no list knows as a name (`Kelly`, `Emily`).
fn opening_adverb(p: &Para, i: usize) -> bool {
    let key = p.key(i);
    key.len() > 4
        && key.ends_with("ly")
        && sentence_initial(p, i)
        && LEXICON.given(key).is_none()
        && LEXICON.world_given(key).is_none()
        && !LEXICON.is_surname(key)
        && !LEXICON.is_world_surname(key)
}

/// `CEO of the Refugee Council Enver Solomon`: a run that is an
/// organisation's or a place's name and then a person's. Where the person's
/// starts: after the last word of an organisation or a place, when a list
/// knows the next word as a given name and a surname may follow.
pub(super) fn person_after(p: &Para, rs: usize, re: usize) -> Option<usize> {
    if re - rs < 3 {
        return None;
    }
    (rs..re - 2)
        .rev()
        .find(|&k| {
            let given = p.key(k + 1);
            // `Chad Edward Gaudin`: a place that is also a given name opens a name.
            p.class(k) & (ORG_WORD | PLACE) != 0
                && p.word(k).is_some()
                && LEXICON.world_given(p.key(k)).is_none()
                && p.word(k + 1).is_some_and(is_cap)
                && p.class(k + 1) & NOT_NAME == 0
                && (LEXICON.given(given).is_some() || LEXICON.world_given(given).is_some())
                && re - (k + 1) <= 4
        })
        .map(|k| k + 1)
}

/// `Harold "Junior" Theriault`: runs `k`, `k + 1` and `k + 2` of a
/// paragraph are a name, a nickname in quotation marks and a surname, and
/// so one name from the first to the last. The nickname is left out of the
/// words that link it (`Harold Theriault`, `Theriault`).
pub(super) fn nicknamed(
    p: &Para,
    para: usize,
    runs: &[(usize, usize)],
    k: usize,
    key: &mut String,
    names: &mut Names,
) -> Option<Cand> {
    let (&(a_s, a_e), &(b_s, b_e), &(c_s, c_e)) =
        (runs.get(k)?, runs.get(k + 1)?, runs.get(k + 2)?);
    let quote = |i: usize| {
        p.toks
            .get(i)
            .is_some_and(|t| matches!(t.kind, Kind::Punct('"' | '“' | '”' | '‘' | '’' | '\'')))
    };
    let fits = quote(a_e)
        && !p.toks[a_e - 1].poss
        && b_s == a_e + 1
        && quote(b_e)
        && c_s == b_e + 1
        && b_e - b_s <= 3
        && c_e - c_s <= 2
        && (a_s..a_e)
            .chain(c_s..c_e)
            .all(|i| p.word(i).is_some_and(is_cap));
    if !fits {
        return None;
    }
    let first = candidate(p, para, a_s, a_e, key, names)?;
    let last = candidate(p, para, c_s, c_e, key, names)?;
    if first.strength == Strength::NotPerson || last.strength == Strength::NotPerson {
        return None;
    }
    // A name to each side: the given name known to a list, or the surname.
    let ns = p.toks[a_s..a_e]
        .iter()
        .position(|t| t.start == first.start)?
        + a_s;
    let given = LEXICON.given(p.key(ns)).is_some() || LEXICON.world_given(p.key(ns)).is_some();
    let surname = LEXICON.is_surname(p.key(c_e - 1)) || LEXICON.is_world_surname(p.key(c_e - 1));
    if !(given || surname) || first.classes & NOT_NAME != 0 || last.classes & NOT_NAME != 0 {
        return None;
    }
    // Counted without the nickname, as the person is named.
    let n = u8::try_from(a_e - ns + c_e - c_s)
        .ok()
        .filter(|&n| n as usize <= MAX_NAME_WORDS)?;
    let core = format!("{} {}", names.str(first.core), names.str(last.core));
    let mut cand = Cand::strong(
        para,
        (first.start, last.end),
        n,
        names.intern(&core),
        last.poss,
    );
    cand.nickname = true;
    Some(cand)
}

/// `Min-jun`, `Chung-tai`, `Che-cheung`: two short syllables, the second in
/// lower case (unlike `Baden-Württemberg` or `Coca-Cola`). A syllable of six
/// letters ends as romanised Chinese ones do, in `ng` or a vowel (`cheung`,
/// `zhuang`), which `Co-author` does not.
pub(super) fn is_hyphenated_given(word: &str) -> bool {
    let Some((a, b)) = word.split_once('-') else {
        return false;
    };
    let syllable = |s: &str, cap: bool| {
        let mut cs = s.chars();
        let first_ok = cs
            .next()
            .is_some_and(|c| c.is_alphabetic() && c.is_uppercase() == cap);
        let len = s.chars().count();
        let long_ok = len == 6 && (s.ends_with("ng") || s.ends_with(['a', 'e', 'i', 'o', 'u']));
        first_ok && ((2..=5).contains(&len) || long_ok) && s.chars().skip(1).all(char::is_lowercase)
    };
    syllable(a, true) && syllable(b, false)
}

/// `Pan-democrat`, `Anti-war`: a compound in lower case after its hyphen
/// that is no given name, capitalised only for opening the sentence.
fn lower_compound(word: &str) -> bool {
    word.split_once('-').is_some_and(|(a, b)| {
        a.chars().next().is_some_and(char::is_uppercase)
            && b.chars().next().is_some_and(char::is_lowercase)
    }) && !is_hyphenated_given(word)
}

/// An ALL-CAPS photographer's name at the start of a `©` credit.
pub(super) fn credit(p: &Para, para: usize, names: &mut Names) -> Option<Cand> {
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
    let bytes = (
        p.toks.get(at + 1).map_or(0, |t| t.start),
        p.toks.get(e - 1).map_or(0, |t| t.end),
    );
    // At most four words.
    let n = words.len() as u8;
    Some(Cand::strong(
        para,
        bytes,
        n,
        names.intern(&words.join(" ")),
        false,
    ))
}

/// Distinct names of the story, each stored once and known by its number.
#[derive(Default)]
pub(super) struct Names {
    pub(super) ids: FastMap<Box<str>, u32>,
    pub(super) strs: Vec<Box<str>>,
}

impl Names {
    pub(super) fn intern(&mut self, s: &str) -> u32 {
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

    pub(super) fn get(&self, s: &str) -> Option<u32> {
        self.ids.get(s).copied()
    }

    pub(super) fn str(&self, id: u32) -> &str {
        self.strs.get(id as usize).map_or("", |s| s)
    }

    pub(super) fn len(&self) -> usize {
        self.strs.len()
    }
}
