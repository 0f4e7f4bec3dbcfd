//! HTML from feeds to paragraphs of plain text.
//!
//! Our [`lexer`] reads the markup the way a browser does (entities,
//! attributes, raw text in scripts and styles, broken tags), and its tokens
//! drive a small state machine; no tree is built, so time stays linear in
//! the input however deeply it nests:
//!
//! - block elements (`p`, `div`, headings, `li`, `br`, ...) end a paragraph;
//! - list items start with `• ` or their number;
//! - a `<blockquote>`'s paragraphs are quotations: one that carries no
//!   double quotation marks of its own is wrapped in “ ” so the analyser,
//!   which finds quotations by their marks, treats it as one. Marks are the
//!   one signal the analyser already understands, so nothing else needs to
//!   learn about feeds, and the reader sees why the text is a quotation;
//! - links keep their text followed by ` [n]`, and the addresses are listed
//!   at the end as `[n] address`;
//! - images become `[image: alt]`; scripts, styles and other
//!   non-text elements are dropped.
//!
//! Every paragraph is passed through the cleaner ([`crate::text::clean_into`]).

use std::collections::HashMap;

pub mod entities;
pub mod lexer;

use lexer::{Lexer, Tag, Token};

use crate::text::Markup;

/// A paragraph of converted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub text: String,
    /// Inside a `<blockquote>`.
    pub quote: bool,
}

/// Elements whose content is never text for a reader.
fn is_dropped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "head"
            | "title"
            | "iframe"
            | "object"
            | "svg"
            | "math"
            | "canvas"
            | "audio"
            | "video"
            | "button"
            | "select"
            | "textarea"
    )
}

/// Elements that start and end a paragraph.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "pre"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "main"
            | "figure"
            | "figcaption"
            | "table"
            | "tr"
            | "dl"
            | "dt"
            | "dd"
            | "address"
            | "hr"
            | "br"
            | "center"
            | "details"
            | "summary"
            | "caption"
            | "form"
            | "fieldset"
    )
}

struct Walker {
    blocks: Vec<Block>,
    current: String,
    quote_depth: usize,
    /// `None` for a bulleted list, else the next number.
    lists: Vec<Option<usize>>,
    /// Each address to list, with its number: looked up by address, so a
    /// page of many links is not searched once per link.
    links: HashMap<String, usize>,
    /// The `href` of each open `<a>`, when it is one worth listing.
    open_links: Vec<Option<String>>,
    dropped: usize,
    references: bool,
}

impl Walker {
    fn flush(&mut self) {
        if self.current.is_empty() {
            return;
        }
        // Cleaning never lengthens text, so this is the one allocation.
        let mut text = String::with_capacity(self.current.len());
        crate::text::clean_into(
            &self.current,
            0..self.current.len(),
            Markup::Plain,
            &mut text,
        );
        self.current.clear();
        if text.is_empty() {
            return;
        }
        let quote = self.quote_depth > 0;
        if quote && !has_double_marks(&text) {
            text.insert(0, '“');
            text.push('”');
        }
        self.blocks.push(Block { text, quote });
    }

    fn open(&mut self, tag: &Tag) {
        let name = tag.name();
        let attr = |wanted: &str| tag.attr(wanted);
        if is_dropped(name) {
            self.dropped += 1;
        }
        if self.dropped > 0 {
            return;
        }
        match name {
            "blockquote" => {
                self.flush();
                self.quote_depth += 1;
            }
            "ul" | "menu" => {
                self.flush();
                self.lists.push(None);
            }
            "ol" => {
                self.flush();
                let start = attr("start")
                    .and_then(|s| s.trim().parse::<usize>().ok())
                    .unwrap_or(1);
                self.lists.push(Some(start));
            }
            "li" => {
                self.flush();
                match self.lists.last_mut() {
                    Some(Some(n)) => {
                        push_number(&mut self.current, *n);
                        self.current.push_str(". ");
                        *n = n.saturating_add(1);
                    }
                    _ => self.current.push_str("• "),
                }
            }
            "a" => {
                let href = attr("href");
                let href = href
                    .as_deref()
                    .map(str::trim)
                    .filter(|h| {
                        let lower = h.get(..8).unwrap_or(h).to_ascii_lowercase();
                        lower.starts_with("http://")
                            || lower.starts_with("https://")
                            || lower.starts_with("mailto:")
                    })
                    .map(str::to_string);
                self.open_links.push(href);
            }
            "img" => {
                let alt = attr("alt")
                    .map(|a| crate::text::clean_line(&a))
                    .unwrap_or_default();
                if alt.is_empty() {
                    self.current.push_str(" [image] ");
                } else {
                    self.current.push_str(" [image: ");
                    self.current.push_str(&alt);
                    self.current.push_str("] ");
                }
            }
            "td" | "th" => self.current.push(' '),
            n if is_block(n) => self.flush(),
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        if self.dropped > 0 {
            if is_dropped(name) {
                self.dropped -= 1;
            }
            return;
        }
        match name {
            "blockquote" => {
                self.flush();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            "ul" | "menu" | "ol" => {
                self.flush();
                self.lists.pop();
            }
            "li" => self.flush(),
            "a" => {
                if let Some(Some(href)) = self.open_links.pop()
                    && self.references
                {
                    let next = self.links.len() + 1;
                    let n = *self.links.entry(href).or_insert(next);
                    self.current.push_str(" [");
                    push_number(&mut self.current, n);
                    self.current.push(']');
                }
            }
            "td" | "th" => self.current.push(' '),
            n if is_block(n) => self.flush(),
            _ => {}
        }
    }
}

/// `n` in decimal: the formatting machinery, called for every link and
/// list item, was a tenth of the time of converting a large feed.
fn push_number(out: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

fn has_double_marks(text: &str) -> bool {
    text.contains(['"', '“', '”', '„', '«', '»'])
}

fn walk(html: &str, references: bool) -> Walker {
    let mut w = Walker {
        blocks: Vec::new(),
        current: String::new(),
        quote_depth: 0,
        lists: Vec::new(),
        links: HashMap::new(),
        open_links: Vec::new(),
        dropped: 0,
        references,
    };
    for token in Lexer::new(html) {
        match token {
            Token::Text(raw) if w.dropped == 0 => entities::decode_text(raw, &mut w.current),
            Token::RawText(raw) if w.dropped == 0 => w.current.push_str(raw),
            Token::Text(_) | Token::RawText(_) => {}
            Token::Start(tag) => {
                w.open(&tag);
                // Void and self-closed elements have no end tag to balance
                // the count of dropped ones.
                if tag.self_closing && is_dropped(tag.name()) {
                    w.close(tag.name());
                }
            }
            Token::End(tag) => w.close(tag.name()),
        }
    }
    w.flush();
    w
}

/// The paragraphs of an HTML body, with its links listed at the end.
pub fn to_blocks(html: &str) -> Vec<Block> {
    let mut w = walk(html, true);
    let mut links: Vec<(String, usize)> = std::mem::take(&mut w.links).into_iter().collect();
    links.sort_unstable_by_key(|&(_, n)| n);
    // The list is no quotation, even after a block quote left open.
    w.quote_depth = 0;
    for (link, n) in links {
        w.current.push('[');
        push_number(&mut w.current, n);
        w.current.push_str("] ");
        w.current.push_str(&link);
        w.flush();
    }
    w.blocks
}

/// An HTML title or name as one line of text: entities decoded, tags dropped.
pub fn to_line(html: &str) -> String {
    let w = walk(html, false);
    let parts: Vec<String> = w.blocks.into_iter().map(|b| b.text).collect();
    crate::text::clean_line(&parts.join(" "))
}

/// Plain text (not HTML) as paragraphs: split at blank lines.
pub fn plain_blocks(text: &str) -> Vec<Block> {
    text.split("\n\n")
        .map(crate::text::clean_line)
        .filter(|t| !t.is_empty())
        .map(|text| Block { text, quote: false })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<String> {
        to_blocks(html).into_iter().map(|b| b.text).collect()
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            to_line("Ports &amp; Docks &lt;live&gt; &#8220;x&#8221;"),
            "Ports & Docks <live> “x”"
        );
    }

    #[test]
    fn paragraphs_and_line_breaks_split_text() {
        assert_eq!(
            texts("<p>One</p><p>Two<br>Three</p>"),
            ["One", "Two", "Three"]
        );
    }

    #[test]
    fn list_items_are_bulleted_or_numbered() {
        assert_eq!(
            texts("<ul><li>a</li><li>b</li></ul><ol start=3><li>c</li><li>d</li></ol>"),
            ["• a", "• b", "3. c", "4. d"]
        );
    }

    #[test]
    fn numbering_carries_past_nine() {
        assert_eq!(
            texts("<ol start=9><li>i</li><li>j</li></ol><ol start=0><li>k</li></ol>"),
            ["9. i", "10. j", "0. k"]
        );
    }

    #[test]
    fn links_after_an_unclosed_block_quote_are_not_quoted() {
        let blocks = to_blocks(r#"<blockquote>See <a href="https://a.example">this</a>"#);
        assert_eq!(blocks[1].text, "[1] https://a.example");
        assert!(!blocks[1].quote);
    }

    #[test]
    fn a_blockquote_without_marks_is_wrapped_in_them() {
        let blocks = to_blocks("<blockquote><p>We will not move.</p></blockquote><p>After.</p>");
        assert_eq!(blocks[0].text, "“We will not move.”");
        assert!(blocks[0].quote);
        assert!(!blocks[1].quote);
        let marked = to_blocks("<blockquote>He said “no” twice.</blockquote>");
        assert_eq!(marked[0].text, "He said “no” twice.");
    }

    #[test]
    fn links_are_numbered_and_listed_at_the_end_once_each() {
        assert_eq!(
            texts(
                r#"<p><a href="https://a.example/x">the report</a> and <a href="https://b.example">more</a>, <a href="https://a.example/x">again</a> <a href="javascript:x()">js</a></p>"#
            ),
            [
                "the report [1] and more [2], again [1] js",
                "[1] https://a.example/x",
                "[2] https://b.example"
            ]
        );
    }

    #[test]
    fn images_show_their_alt_text_and_scripts_and_styles_vanish() {
        assert_eq!(
            texts(
                r#"<p>Before<img src="x.jpg" alt="The quay at dawn"><script>alert("x")</script><style>p{}</style> after</p>"#
            ),
            ["Before [image: The quay at dawn] after"]
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow_the_stack() {
        let html = "<div>".repeat(100_000) + "deep";
        assert_eq!(texts(&html), ["deep"]);
    }
}
