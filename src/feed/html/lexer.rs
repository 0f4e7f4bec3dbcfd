//! The tokens of an HTML fragment, as the WHATWG tokenizer reads them:
//! text, start and end tags; comments, doctypes and processing
//! instructions are read and left out.
//!
//! Converting a feed only needs tags, text and three attributes, so tokens
//! borrow the input and attributes are parsed only when asked for.
//! html5ever's tokenizer, which builds an owned token for everything it
//! reads, was half the instructions of converting a 5 MB feed; this one,
//! with its character references, takes about an eighth of what it did.
//! `tests/feeds_html.rs` checks it token for token against html5ever's on
//! arbitrary markup.
//!
//! Where it differs from the spec, knowingly:
//! - the contents of `script`, `style`, `xmp`, `iframe`, `noembed` and
//!   `noframes` are raw text up to their end tag, and those of `title` and
//!   `textarea` text with references; a browser decides that in its tree
//!   builder. A self-closed one (`<iframe/>`) is empty rather than eating
//!   the rest of the document, which a reader should not lose;
//! - a script's `<!--` escapes are not modelled: its raw text ends at the
//!   first `</script>`, and it is dropped either way;
//! - CR and NUL are left as they are: the cleaner makes the one a space
//!   and drops the other.

use std::borrow::Cow;

use super::entities::decode_attr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    /// Text whose character references are still to be decoded
    /// ([`super::entities::decode_text`]).
    Text(&'a str),
    /// The contents of a script or style: no references, no markup.
    RawText(&'a str),
    Start(Tag<'a>),
    End(Tag<'a>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag<'a> {
    /// Lower-cased, as HTML's names are.
    name: Cow<'a, str>,
    src: &'a str,
    /// Where the attributes start in `src`.
    attrs: usize,
    pub self_closing: bool,
}

impl<'a> Tag<'a> {
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The value of the first attribute called `name` (lower case), its
    /// references decoded.
    pub fn attr(&self, name: &str) -> Option<Cow<'a, str>> {
        let mut found = None;
        scan_attrs(self.src.as_bytes(), self.attrs, |n, v| {
            if found.is_none() && self.src[n].eq_ignore_ascii_case(name) {
                found = Some(v.map_or(Cow::Borrowed(""), |v| decode_attr(&self.src[v])));
            }
        });
        found
    }

    /// Every attribute, names lower-cased; a repeated name keeps its first
    /// value, as in a browser.
    pub fn attrs(&self) -> Vec<(Cow<'a, str>, Cow<'a, str>)> {
        let mut all: Vec<(Cow<'a, str>, Cow<'a, str>)> = Vec::new();
        scan_attrs(self.src.as_bytes(), self.attrs, |n, v| {
            let name = lower(&self.src[n]);
            if !all.iter().any(|(seen, _)| *seen == name) {
                let value = v.map_or(Cow::Borrowed(""), |v| decode_attr(&self.src[v]));
                all.push((name, value));
            }
        });
        all
    }
}

/// How the text after a start tag is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    Raw,
    /// Text with references but no markup.
    Escapable,
}

fn content_of(name: &str) -> Option<(&'static str, Content)> {
    Some(match name {
        "script" => ("script", Content::Raw),
        "style" => ("style", Content::Raw),
        "xmp" => ("xmp", Content::Raw),
        "iframe" => ("iframe", Content::Raw),
        "noembed" => ("noembed", Content::Raw),
        "noframes" => ("noframes", Content::Raw),
        "title" => ("title", Content::Escapable),
        "textarea" => ("textarea", Content::Escapable),
        _ => return None,
    })
}

pub struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    /// Set after the start tag of an element whose contents are not markup.
    until: Option<(&'static str, Content)>,
}

impl<'a> Lexer<'a> {
    pub fn new(src: &'a str) -> Self {
        Lexer {
            src,
            pos: 0,
            until: None,
        }
    }

    /// Text up to the next `<` that starts markup.
    fn text(&mut self) -> Token<'a> {
        let bytes = self.src.as_bytes();
        let start = self.pos;
        let mut from = start + 1;
        let end = loop {
            match memchr::memchr(b'<', &bytes[from..]) {
                None => break bytes.len(),
                Some(i) if starts_markup(bytes, from + i) => break from + i,
                Some(i) => from += i + 1,
            }
        };
        self.pos = end;
        Token::Text(&self.src[start..end])
    }

    /// The markup at `self.pos`, which holds a `<` that starts some; `None`
    /// when it is a comment or the like.
    fn markup(&mut self) -> Option<Token<'a>> {
        let bytes = self.src.as_bytes();
        let at = self.pos;
        let rest = &bytes[at..];
        match rest.get(1).copied() {
            Some(b'!') if rest.starts_with(b"<!--") => {
                self.pos = comment_end(bytes, at + 4);
                None
            }
            // A doctype, a CDATA section outside SVG and MathML and any
            // other `<!`: all end at the next `>`.
            Some(b'!') => {
                self.pos = past(bytes, at + 2, b'>');
                None
            }
            Some(b'?') => {
                self.pos = past(bytes, at + 1, b'>');
                None
            }
            Some(b'/') => match rest.get(2) {
                Some(b) if b.is_ascii_alphabetic() => self.tag(at + 2, false),
                Some(b'>') => {
                    self.pos = at + 3;
                    None
                }
                // `</` at the end is text; `starts_markup` said so.
                _ => {
                    self.pos = past(bytes, at + 2, b'>');
                    None
                }
            },
            _ => self.tag(at + 1, true),
        }
    }

    fn tag(&mut self, name_at: usize, start: bool) -> Option<Token<'a>> {
        let bytes = self.src.as_bytes();
        let name_end = name_at
            + bytes[name_at..]
                .iter()
                .position(|&b| is_space(b) || b == b'/' || b == b'>')
                .unwrap_or(bytes.len() - name_at);
        let Some((end, self_closing)) = scan_attrs(bytes, name_end, |_, _| {}) else {
            // A tag cut off by the end of input is dropped, with it.
            self.pos = bytes.len();
            return None;
        };
        self.pos = end;
        let tag = Tag {
            name: lower(&self.src[name_at..name_end]),
            src: self.src,
            attrs: name_end,
            self_closing,
        };
        if !start {
            return Some(Token::End(tag));
        }
        if !self_closing {
            self.until = content_of(&tag.name);
        }
        Some(Token::Start(tag))
    }

    /// The contents of a script, style, title and the like: up to its end
    /// tag, else to the end of input.
    fn contents(&mut self, name: &str, content: Content) -> Option<Token<'a>> {
        let bytes = self.src.as_bytes();
        let start = self.pos;
        let mut from = start;
        let end = loop {
            let Some(i) = memchr::memmem::find(&bytes[from..], b"</") else {
                break bytes.len();
            };
            let at = from + i;
            let after = at + 2 + name.len();
            if bytes
                .get(at + 2..after)
                .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
                && bytes
                    .get(after)
                    .is_some_and(|&b| is_space(b) || b == b'/' || b == b'>')
            {
                break at;
            }
            from = at + 2;
        };
        self.pos = end;
        let text = &self.src[start..end];
        (!text.is_empty()).then_some(match content {
            Content::Raw => Token::RawText(text),
            Content::Escapable => Token::Text(text),
        })
    }
}

impl<'a> Iterator for Lexer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            if let Some((name, content)) = self.until.take()
                && let Some(token) = self.contents(name, content)
            {
                return Some(token);
            }
            let bytes = self.src.as_bytes();
            if self.pos >= bytes.len() {
                return None;
            }
            if !starts_markup(bytes, self.pos) {
                return Some(self.text());
            }
            if let Some(token) = self.markup() {
                return Some(token);
            }
        }
    }
}

/// HTML's white space; CR too, as the spec has turned it into LF by here.
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// Whether the `<` at `at` opens a tag, an end tag, a comment or the
/// like; otherwise it is text (`a < b`, `<3`, a `<` at the end).
fn starts_markup(bytes: &[u8], at: usize) -> bool {
    bytes[at] == b'<'
        && match bytes.get(at + 1) {
            Some(b) if b.is_ascii_alphabetic() => true,
            Some(b'!' | b'?') => true,
            Some(b'/') => at + 2 < bytes.len(),
            _ => false,
        }
}

/// The index just past the next `byte` from `from`, else the end.
fn past(bytes: &[u8], from: usize, byte: u8) -> usize {
    memchr::memchr(byte, &bytes[from.min(bytes.len())..]).map_or(bytes.len(), |i| from + i + 1)
}

/// The end of a comment whose text starts at `from`, just past `<!--`:
/// past `-->` or `--!>`, or `<!-->` and `<!--->` which are empty; else the
/// end of input.
fn comment_end(bytes: &[u8], from: usize) -> usize {
    let rest = &bytes[from..];
    if rest.starts_with(b">") {
        return from + 1;
    }
    if rest.starts_with(b"->") {
        return from + 2;
    }
    let mut i = from;
    while let Some(j) = memchr::memmem::find(&bytes[i..], b"--") {
        let dashes = i + j;
        match bytes.get(dashes + 2) {
            Some(b'>') => return dashes + 3,
            Some(b'!') if bytes.get(dashes + 3) == Some(&b'>') => return dashes + 4,
            _ => i = dashes + 1,
        }
    }
    bytes.len()
}

/// Reads a tag's attributes from `at` (just past its name), calling
/// `each` with the range of every name and of its value, if it has one.
/// Returns the index just past the tag's `>` and whether it ended in `/>`;
/// `None` when input ends first.
fn scan_attrs(
    bytes: &[u8],
    mut at: usize,
    mut each: impl FnMut(std::ops::Range<usize>, Option<std::ops::Range<usize>>),
) -> Option<(usize, bool)> {
    let skip_space = |mut i: usize| {
        while bytes.get(i).copied().is_some_and(is_space) {
            i += 1;
        }
        i
    };
    loop {
        at = skip_space(at);
        match *bytes.get(at)? {
            b'>' => return Some((at + 1, false)),
            b'/' => {
                if bytes.get(at + 1) == Some(&b'>') {
                    return Some((at + 2, true));
                }
                at += 1;
                continue;
            }
            _ => {}
        }
        // A name's first character may be `=`; after it, `=` ends it.
        let name_start = at;
        at += 1;
        while let Some(&b) = bytes.get(at) {
            if is_space(b) || matches!(b, b'/' | b'>' | b'=') {
                break;
            }
            at += 1;
        }
        let name = name_start..at;
        at = skip_space(at);
        if bytes.get(at) != Some(&b'=') {
            each(name, None);
            continue;
        }
        at = skip_space(at + 1);
        let value = match *bytes.get(at)? {
            quote @ (b'"' | b'\'') => {
                let close = at + 1 + memchr::memchr(quote, &bytes[at + 1..])?;
                let value = at + 1..close;
                at = close + 1;
                value
            }
            b'>' => {
                each(name, Some(at..at));
                return Some((at + 1, false));
            }
            _ => {
                let start = at;
                while let Some(&b) = bytes.get(at) {
                    if is_space(b) || b == b'>' {
                        break;
                    }
                    at += 1;
                }
                start..at
            }
        };
        each(name, Some(value));
    }
}

/// ASCII lower case, and U+FFFD for NUL, as the spec has names.
fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase() || b == 0) {
        Cow::Owned(s.to_ascii_lowercase().replace('\0', "\u{FFFD}"))
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens as short strings: `<p a=1/>`, `</p>`, `"text"`, `raw:...`.
    fn lex(src: &str) -> Vec<String> {
        Lexer::new(src)
            .map(|t| match t {
                Token::Text(t) => format!("{t:?}"),
                Token::RawText(t) => format!("raw:{t}"),
                Token::Start(tag) => {
                    let attrs: String = tag
                        .attrs()
                        .iter()
                        .map(|(n, v)| format!(" {n}={v}"))
                        .collect();
                    let close = if tag.self_closing { "/" } else { "" };
                    format!("<{}{attrs}{close}>", tag.name())
                }
                Token::End(tag) => format!("</{}>", tag.name()),
            })
            .collect()
    }

    #[test]
    fn tags_and_text_alternate() {
        assert_eq!(
            lex("<P>One <B>two</b></p>"),
            ["<p>", "\"One \"", "<b>", "\"two\"", "</b>", "</p>"]
        );
    }

    #[test]
    fn a_less_than_sign_that_opens_nothing_is_text() {
        assert_eq!(lex("a < b <3 <"), ["\"a < b <3 <\""]);
        assert_eq!(lex("x</"), ["\"x</\""]);
    }

    #[test]
    fn attributes_are_quoted_single_quoted_unquoted_or_bare() {
        assert_eq!(
            lex(r#"<a HREF="x>y" title='it"s' n=3 hidden data-x = "1">"#),
            ["<a href=x>y title=it\"s n=3 hidden= data-x=1>"]
        );
    }

    #[test]
    fn a_repeated_attribute_keeps_its_first_value() {
        let mut lexer = Lexer::new(r#"<a href="1" HREF="2">"#);
        let Some(Token::Start(tag)) = lexer.next() else {
            panic!("a start tag")
        };
        assert_eq!(tag.attr("href").as_deref(), Some("1"));
        assert_eq!(tag.attr("alt"), None);
    }

    #[test]
    fn references_in_attributes_are_decoded() {
        let mut lexer = Lexer::new(r#"<a href="/q?a=1&amp;b=2&copy=3">"#);
        let Some(Token::Start(tag)) = lexer.next() else {
            panic!("a start tag")
        };
        assert_eq!(tag.attr("href").as_deref(), Some("/q?a=1&b=2&copy=3"));
    }

    #[test]
    fn self_closing_tags_are_marked() {
        assert_eq!(lex("<br/><img src=x />"), ["<br/>", "<img src=x/>"]);
        assert_eq!(lex("<a/b>"), ["<a b=>"]);
    }

    #[test]
    fn comments_doctypes_and_instructions_are_left_out() {
        assert_eq!(
            lex("<!DOCTYPE html><?xml x?>a<!-- <p> -- -->b<!---->c<!-->d<!--->e<!--x--!>f"),
            ["\"a\"", "\"b\"", "\"c\"", "\"d\"", "\"e\"", "\"f\""]
        );
        assert_eq!(lex("<![CDATA[a>b]]>c"), ["\"b]]>c\""]);
        assert_eq!(lex("a<!-- open"), ["\"a\""]);
    }

    #[test]
    fn odd_end_tags_are_dropped_or_bogus_comments() {
        assert_eq!(lex("a</>b</ x>c"), ["\"a\"", "\"b\"", "\"c\""]);
    }

    #[test]
    fn a_tag_cut_off_by_the_end_is_dropped() {
        assert_eq!(lex("text<a href=\"x"), ["\"text\""]);
        assert_eq!(lex("text<p"), ["\"text\""]);
    }

    #[test]
    fn scripts_and_styles_hold_raw_text_up_to_their_end_tag() {
        assert_eq!(
            lex("<script>if (a<b) x = '</p>';</SCRIPT >after"),
            [
                "<script>",
                "raw:if (a<b) x = '</p>';",
                "</script>",
                "\"after\""
            ]
        );
        assert_eq!(
            lex("<style>p{}</stylex></style>"),
            ["<style>", "raw:p{}</stylex>", "</style>"]
        );
        assert_eq!(
            lex("<script>never closed"),
            ["<script>", "raw:never closed"]
        );
    }

    #[test]
    fn a_title_holds_text_with_references_but_no_tags() {
        assert_eq!(
            lex("<title>A <b> &amp; B</title>"),
            ["<title>", "\"A <b> &amp; B\"", "</title>"]
        );
    }

    #[test]
    fn a_self_closed_script_does_not_swallow_what_follows() {
        assert_eq!(lex("<script/><p>x"), ["<script/>", "<p>", "\"x\""]);
    }

    #[test]
    fn nul_in_a_tag_name_is_replaced() {
        assert_eq!(lex("<a\0b>"), ["<a\u{FFFD}b>"]);
    }
}
