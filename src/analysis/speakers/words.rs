//! The speaker rules' word lists, kept as data in `assets/speech/`.

use std::sync::LazyLock;

/// The words of a list file: one or more a line, `#` starting a comment.
fn words(text: &'static str) -> Vec<&'static str> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or(""))
        .flat_map(str::split_whitespace)
        .collect()
}

/// A small set of words, looked up by scanning: each list holds a few
/// dozen, where a scan is as quick as hashing.
pub(super) struct Words(Vec<&'static str>);

impl Words {
    pub(super) fn contains(&self, w: &&str) -> bool {
        self.0.contains(w)
    }
}

pub(super) static ADVERBS: LazyLock<Words> =
    LazyLock::new(|| Words(words(include_str!("../../../assets/speech/adverbs.txt"))));
pub(super) static DESCRIPTORS: LazyLock<Words> = LazyLock::new(|| {
    Words(words(include_str!(
        "../../../assets/speech/descriptors.txt"
    )))
});
pub(super) static STOPS: LazyLock<Words> =
    LazyLock::new(|| Words(words(include_str!("../../../assets/speech/stops.txt"))));
pub(super) static SOURCE_NOUNS: LazyLock<Words> =
    LazyLock::new(|| Words(words(include_str!("../../../assets/speech/sources.txt"))));
pub(super) static DETERMINERS: LazyLock<Words> = LazyLock::new(|| {
    Words(words(include_str!(
        "../../../assets/speech/determiners.txt"
    )))
});
pub(super) static PHRASE_BREAKS: LazyLock<Words> = LazyLock::new(|| {
    Words(words(include_str!(
        "../../../assets/speech/phrase_breaks.txt"
    )))
});
pub(super) static OWN_WORDS: LazyLock<Words> =
    LazyLock::new(|| Words(words(include_str!("../../../assets/speech/own_words.txt"))));
