//! Whole stories for feeds that send only a summary: a story's page is
//! fetched with the feeds' client and bounds, its article found by
//! dom_smoothie (Mozilla's Readability, ported) and turned into paragraphs
//! by our own HTML path ([`super::html`]), so that an article reads, and is
//! cleaned, like any feed's HTML.
//!
//! Nothing on the page runs: the markup is only parsed, scripts and styles
//! are dropped by the extraction and again by the conversion, and every
//! paragraph passes the cleaner that strips escape sequences and bidi
//! controls.

use dom_smoothie::{Config, Readability, ReadabilityError};

use super::fetch::{self, FeedError, FetchConfig, Request, Stage};
use super::html;
use crate::db::FullText;

/// Fewer words than this is no article: a page of links, a cookie wall, a
/// paywall's teaser.
pub const MIN_WORDS: usize = 80;

/// More elements than this is a page built to make extraction slow; the
/// page size limit bounds it too, but a page of empty tags is cheap to send.
const MAX_ELEMENTS: usize = 200_000;

const ACCEPT: &str = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1";

/// Why a story's page gave no article. The story keeps its summary; these
/// say why, for the message log and `byline refresh`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FullTextError {
    #[error("the story has no link to its page")]
    NoLink,
    #[error("its link is not a web address (only http and https pages are fetched)")]
    NotWeb,
    #[error("the page redirected to {0}, which is not followed (only http and https are)")]
    BadRedirect(String),
    #[error("{}", fetch_text(.0))]
    Fetch(FeedError),
    #[error("the page is not HTML (it is {0})")]
    NotHtml(String),
    #[error("no article on the page ({0})")]
    NotAnArticle(String),
    #[error(
        "the page has no more than the summary ({words} words): a paywall or a teaser, most likely"
    )]
    NoMoreThanSummary { words: usize },
    #[error("the article could not be kept: {0}")]
    Cache(String),
}

/// The feeds' messages, said of a page.
fn fetch_text(e: &FeedError) -> String {
    match e {
        FeedError::Timeout(Stage::Fetching) => "timed out waiting for the page".to_string(),
        FeedError::TooLarge { .. } => format!("the page is {e}"),
        FeedError::Status(_) => format!("the page answered {e}"),
        other => other.to_string(),
    }
}

/// What fetching a story's page gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// The page answered 304: the article kept is still the page's.
    Unchanged,
    Article(FullText),
}

/// Fetches the page at `link` and extracts its article. `known` is the
/// article kept from an earlier fetch, whose validators make this a
/// conditional request; `summary_words` is the feed's summary's length,
/// which an article must exceed. Redirects are followed here, one at a
/// time, so that each is checked to be http(s).
pub fn fetch(
    agent: &ureq::Agent,
    link: Option<&str>,
    known: Option<&FullText>,
    summary_words: usize,
    config: &FetchConfig,
    now: i64,
) -> Result<Fetched, FullTextError> {
    let link = link.map(str::trim).ok_or(FullTextError::NoLink)?;
    let mut url = url::Url::parse(link).map_err(|_| FullTextError::NotWeb)?;
    if !is_web(&url) {
        return Err(FullTextError::NotWeb);
    }
    for _ in 0..=config.max_redirects {
        let answer = fetch::get(
            agent,
            &Request {
                url: url.as_str(),
                accept: ACCEPT,
                etag: known.and_then(|k| k.etag.as_deref()),
                last_modified: known.and_then(|k| k.last_modified.as_deref()),
                max_bytes: config.max_page_bytes,
                follow_redirects: false,
            },
        )
        .map_err(FullTextError::Fetch)?;
        match answer.status {
            301 | 302 | 303 | 307 | 308 => {
                let location = answer
                    .location
                    .ok_or(FullTextError::Fetch(FeedError::Status(answer.status)))?;
                let next = url
                    .join(location.trim())
                    .map_err(|_| FullTextError::BadRedirect(crate::text::clean_line(&location)))?;
                if !is_web(&next) {
                    return Err(FullTextError::BadRedirect(format!(
                        "a {}: address",
                        next.scheme()
                    )));
                }
                url = next;
            }
            304 if known.is_some() => return Ok(Fetched::Unchanged),
            200..=299 => {
                let html = page_text(&answer.bytes, answer.content_type.as_deref())?;
                let paragraphs = extract(&html, url.as_str())?;
                let words = words(&paragraphs);
                if words <= summary_words {
                    return Err(FullTextError::NoMoreThanSummary { words });
                }
                return Ok(Fetched::Article(FullText {
                    paragraphs,
                    etag: answer.etag,
                    last_modified: answer.last_modified,
                    fetched: now,
                }));
            }
            code => return Err(FullTextError::Fetch(FeedError::Status(code))),
        }
    }
    Err(FullTextError::Fetch(FeedError::TooManyRedirects))
}

fn is_web(url: &url::Url) -> bool {
    matches!(url.scheme(), "http" | "https")
}

/// Words in paragraphs, as the reader counts them.
pub fn words(paragraphs: &[String]) -> usize {
    paragraphs
        .iter()
        .map(|p| p.split_whitespace().count())
        .sum()
}

/// The page as text, in the encoding it declares (its Content-Type, else a
/// `<meta>` near the start, else UTF-8); anything but HTML is refused.
fn page_text(bytes: &[u8], content_type: Option<&str>) -> Result<String, FullTextError> {
    let mime = content_type
        .and_then(|c| c.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .filter(|m| !m.is_empty());
    match mime.as_deref() {
        Some("text/html" | "application/xhtml+xml") => {}
        Some(other) => return Err(FullTextError::NotHtml(crate::text::clean_line(other))),
        // No type said: markup is taken for HTML, anything else is not.
        None if bytes.trim_ascii_start().starts_with(b"<") => {}
        None => return Err(FullTextError::NotHtml("of no declared type".to_string())),
    }
    let head = &bytes[..bytes.len().min(1024)];
    let label = content_type
        .and_then(charset_of)
        .or_else(|| charset_of(&String::from_utf8_lossy(head)));
    let encoding = label
        .and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes()))
        .unwrap_or(encoding_rs::UTF_8);
    let (text, _, _) = encoding.decode(bytes);
    Ok(text.into_owned())
}

/// The value of the first `charset=` in `text`.
fn charset_of(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let at = lower.find("charset=")? + "charset=".len();
    let value: String = lower[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    (!value.is_empty()).then_some(value)
}

/// The article of an HTML page at `url` (which makes its links absolute),
/// as paragraphs of clean text with its links listed at the end.
pub fn extract(page: &str, url: &str) -> Result<Vec<String>, FullTextError> {
    // The page is anyone's: should the extractor fail on one, the story
    // keeps its summary and the refresh goes on.
    std::panic::catch_unwind(|| extract_article(page, url)).unwrap_or_else(|_| {
        Err(FullTextError::NotAnArticle(
            "the extractor failed on the page".to_string(),
        ))
    })
}

fn extract_article(page: &str, url: &str) -> Result<Vec<String>, FullTextError> {
    let config = Config {
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    let not_an_article = |why: &str| FullTextError::NotAnArticle(why.to_string());
    let mut readability = Readability::new(page, Some(url), Some(config))
        .map_err(|e| not_an_article(&e.to_string()))?;
    // Tracking pixels: an image one pixel (or none) wide or high shows
    // nothing, and would read as "[image]".
    readability
        .doc
        .select(
            "img[width='0'], img[width='1'], img[height='0'], img[height='1'], \
             img[width='1px'], img[height='1px']",
        )
        .remove();
    if !readability.is_probably_readable() {
        return Err(not_an_article("no run of paragraphs long enough to be one"));
    }
    let article = readability.parse().map_err(|e| match e {
        ReadabilityError::TooManyElements(found, most) => FullTextError::NotAnArticle(format!(
            "{found} elements, more than the {most} an article is looked for in"
        )),
        other => not_an_article(&other.to_string()),
    })?;
    let paragraphs: Vec<String> = html::to_blocks(&article.content)
        .into_iter()
        .map(|b| b.text)
        .collect();
    let words = words(&paragraphs);
    if words < MIN_WORDS {
        return Err(FullTextError::NotAnArticle(format!(
            "only {words} words of text: a paywall, or a page that is not a story"
        )));
    }
    Ok(paragraphs)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = include_str!("../../tests/fixtures/feeds/article.html");
    const URL: &str = "https://gazette.example/2026/ferry";

    fn extracted() -> Vec<String> {
        extract(ARTICLE, URL).expect("an article")
    }

    #[test]
    fn the_articles_paragraphs_are_kept_and_the_page_around_it_dropped() {
        let text = extracted().join("\n");
        assert!(
            text.contains("The harbour board voted on Tuesday"),
            "{text}"
        );
        assert!(text.contains("tickets will cost the same"), "{text}");
        for dropped in [
            "Subscribe",
            "Advertisement",
            "Most read",
            "Finally!",
            "All rights reserved",
            "TRACKED",
            "Injected by a script",
        ] {
            assert!(!text.contains(dropped), "{dropped:?} kept:\n{text}");
        }
    }

    #[test]
    fn a_tracking_pixel_leaves_no_trace() {
        let text = extracted().join("\n");
        assert!(!text.contains("[image"), "{text}");
        assert!(!text.contains("tracker.example"), "{text}");
    }

    #[test]
    fn block_quotes_lists_and_links_read_as_in_feeds() {
        let paragraphs = extracted();
        assert!(
            paragraphs
                .iter()
                .any(|p| p.starts_with('“') && p.contains("judged on its passengers")),
            "{paragraphs:#?}"
        );
        assert!(
            paragraphs.iter().any(|p| p.starts_with("• nurses")),
            "{paragraphs:#?}"
        );
        assert!(
            paragraphs
                .iter()
                .any(|p| p.ends_with("https://gazette.example/board/minutes-2026-03")),
            "{paragraphs:#?}"
        );
    }

    #[test]
    fn a_page_of_links_is_no_article() {
        let page = include_str!("../../tests/fixtures/feeds/no_article.html");
        assert!(matches!(
            extract(page, URL),
            Err(FullTextError::NotAnArticle(_))
        ));
    }

    #[test]
    fn escape_sequences_and_bidi_controls_on_a_page_are_cleaned() {
        let page = ARTICLE.replace(
            "The vote was five to two.",
            "The vote was \u{1b}[31mfive\u{1b}[0m to two.\u{202e} \u{1b}]0;owned\u{7}",
        );
        let text = extract(&page, URL).expect("an article").join("\n");
        assert!(text.contains("five"), "{text}");
        assert!(!text.contains(['\u{1b}', '\u{202e}', '\u{7}']), "{text:?}");
    }

    #[test]
    fn a_charset_is_read_from_a_content_type_and_from_a_meta_tag() {
        assert_eq!(
            charset_of("text/html; charset=ISO-8859-1").as_deref(),
            Some("iso-8859-1")
        );
        assert_eq!(
            charset_of("<meta charset=\"windows-1252\">").as_deref(),
            Some("windows-1252")
        );
        assert_eq!(charset_of("text/html"), None);
    }

    #[test]
    fn a_page_in_latin_1_is_decoded_as_it_declares() {
        let text =
            page_text(b"<p>Caf\xe9</p>", Some("text/html; charset=iso-8859-1")).expect("html");
        assert_eq!(text, "<p>Café</p>");
    }

    #[test]
    fn only_html_answers_are_read_as_pages() {
        assert_eq!(
            page_text(b"%PDF-1.7", Some("application/pdf")),
            Err(FullTextError::NotHtml("application/pdf".to_string()))
        );
        assert!(page_text(b"{\"a\": 1}", None).is_err());
        assert!(page_text(b"  <!doctype html><p>x</p>", None).is_ok());
    }

    #[test]
    fn a_timeout_is_said_of_the_page_not_the_feed() {
        let e = FullTextError::Fetch(FeedError::Timeout(Stage::Fetching));
        assert_eq!(e.to_string(), "timed out waiting for the page");
        let e = FullTextError::Fetch(FeedError::Status(404));
        assert_eq!(e.to_string(), "the page answered HTTP 404 Not Found");
    }
}
