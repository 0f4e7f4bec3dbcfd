//! What a word's shape says about it being part of a person's name.

use super::tokens::{is_all_caps, is_cap};

pub(super) fn is_initial(word: &str) -> bool {
    word.ends_with('.')
        && word
            .split('.')
            .all(|seg| seg.is_empty() || seg.chars().count() == 1)
}

/// `al-Masri`, `el-Sisi`: a lower-case particle joined to a capitalised name.
pub(super) fn is_prefixed_name(word: &str) -> bool {
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
