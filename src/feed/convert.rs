//! A parsed feed (feed-rs's model) to stories, and stories to [`Article`]s.

use chrono::{DateTime, Utc};
use feed_rs::model::{Entry, Feed, FeedType, Text};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

use super::html::{self, Block};
use crate::article::{
    Article, ArticleId, Date, FeedText, Origin, Paragraph, ParagraphKind, Text as Body,
};
use crate::text::{Markup, clean_into};

/// One story of a feed as the cache keeps it: already converted to text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Story {
    /// Identity within its feed: `guid:`, else `link:`, else `hash:`.
    pub key: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Publication (else update) time, seconds since 1970 UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    pub paragraphs: Vec<String>,
    /// When byline first fetched it, seconds since 1970 UTC.
    pub first_seen: i64,
}

/// Why a response could not be read as a feed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("invalid XML: {0}")]
    InvalidXml(String),
    #[error("invalid JSON: {0}")]
    InvalidJson(String),
    #[error("not a feed (a web page or some other document)")]
    NotAFeed,
}

/// Parses RSS 0.9x/1.0/2.0, Atom 1.0 or JSON Feed 1.0/1.1.
pub fn parse(bytes: &[u8]) -> Result<Feed, ParseError> {
    if looks_like_html(bytes) {
        return Err(ParseError::NotAFeed);
    }
    let parser = feed_rs::parser::Builder::new()
        // No made-up ids: an entry without one is identified by its link,
        // else by a hash of its text (see `story_key`).
        .id_generator(|_, _, _| String::new())
        .timestamp_parser(timestamp)
        .build();
    parser.parse(bytes).map_err(|e| {
        use feed_rs::parser::{ParseErrorKind, ParseFeedError as E};
        match e {
            E::ParseError(ParseErrorKind::NoFeedRoot) => ParseError::NotAFeed,
            E::JsonUnsupportedVersion(v) => {
                ParseError::InvalidJson(format!("unsupported JSON Feed version {v}"))
            }
            E::JsonSerde(e) => ParseError::InvalidJson(e.to_string()),
            E::XmlReader(e) => ParseError::InvalidXml(e.to_string()),
            E::IoError(e) => ParseError::InvalidXml(e.to_string()),
            E::ParseError(kind) => ParseError::InvalidXml(kind.to_string()),
        }
    })
}

/// A feed's date. Nearly every feed writes RFC 3339 (Atom, JSON Feed) or
/// RFC 2822 (RSS), which chrono reads directly. feed-rs's own parser first
/// rewrites every date with a dozen regular expressions to mend broken ones,
/// which was a third of the time of parsing a large feed; the dates that
/// need mending still get it, from feed-rs through a one-item feed, since
/// its parser is not public.
fn timestamp(text: &str) -> Option<DateTime<Utc>> {
    let t = text.trim();
    DateTime::parse_from_rfc3339(t)
        .or_else(|_| DateTime::parse_from_rfc2822(t))
        .map(|d| d.with_timezone(&Utc))
        .ok()
        .or_else(|| mended_timestamp(t))
}

fn mended_timestamp(text: &str) -> Option<DateTime<Utc>> {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let rss = format!(
        "<rss version=\"2.0\"><channel><item><pubDate>{escaped}</pubDate></item></channel></rss>"
    );
    let feed = feed_rs::parser::parse(rss.as_bytes()).ok()?;
    feed.entries.first()?.published
}

/// An HTML page rather than a feed: its first element is `<html>` or it
/// declares an HTML doctype.
fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let first_tag = head
        .match_indices('<')
        .map(|(i, _)| &head[i + 1..])
        .find(|rest| !rest.starts_with('?') && !rest.starts_with("!--"));
    first_tag.is_some_and(|t| t.starts_with("!doctype html") || t.starts_with("html"))
}

/// The feed's own title, as text.
pub fn feed_title(feed: &Feed) -> Option<String> {
    feed.title
        .as_ref()
        .map(|t| text_line(t, feed.feed_type.clone()))
        .filter(|t| !t.is_empty())
}

/// The feed's entries as stories, first seen `now`. A large feed is
/// converted on every core: the time goes to parsing each entry's HTML.
pub fn stories(feed: &Feed, now: i64) -> Vec<Story> {
    let kind = feed.feed_type.clone();
    on_every_core(&feed.entries, |e| story(e, kind.clone(), now))
}

/// Stories of the feed at `feed_url` as articles, on every core when
/// there are many (a refresh of a large feed, the cache at start).
pub fn to_articles(feed_url: &str, feed_name: &str, stories: &[Story]) -> Vec<Article> {
    on_every_core(stories, |s| to_article(feed_url, feed_name, s))
}

/// `items` mapped by `f`, in order, split among the cores when there are
/// enough of them to pay for the threads.
fn on_every_core<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync) -> Vec<U> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    if threads < 2 || items.len() < 64 {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<U>>()))
            .collect();
        handles
            .into_iter()
            // A panic while converting is a bug; re-raise it rather than lose stories.
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

fn is_html(t: &Text) -> bool {
    let sub = t.content_type.subty().as_str();
    sub.eq_ignore_ascii_case("html") || sub.eq_ignore_ascii_case("xhtml")
}

/// A title-like text as one line. RSS titles are HTML-escaped in practice
/// (`&amp;#8217;`), so they are decoded like HTML too.
fn text_line(t: &Text, kind: FeedType) -> String {
    let rss = matches!(kind, FeedType::RSS0 | FeedType::RSS1 | FeedType::RSS2);
    if is_html(t) || (rss && t.content.contains(['&', '<'])) {
        html::to_line(&t.content)
    } else {
        crate::text::clean_line(&t.content)
    }
}

fn body_blocks(entry: &Entry) -> Vec<Block> {
    if let Some(content) = &entry.content
        && let Some(body) = content.body.as_deref().filter(|b| !b.trim().is_empty())
    {
        let sub = content.content_type.subty().as_str();
        let ty = content.content_type.ty().as_str();
        return if ty.eq_ignore_ascii_case("text") && sub.eq_ignore_ascii_case("plain") {
            html::plain_blocks(body)
        } else {
            html::to_blocks(body)
        };
    }
    match &entry.summary {
        Some(s) if is_html(s) => html::to_blocks(&s.content),
        Some(s) => html::plain_blocks(&s.content),
        None => Vec::new(),
    }
}

fn story(entry: &Entry, kind: FeedType, now: i64) -> Story {
    let paragraphs: Vec<String> = body_blocks(entry).into_iter().map(|b| b.text).collect();
    let link = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(entry.links.first())
        .map(|l| l.href.trim().to_string())
        .filter(|h| !h.is_empty());
    let mut title = entry
        .title
        .as_ref()
        .map(|t| text_line(t, kind))
        .unwrap_or_default();
    if title.is_empty() {
        title = paragraphs.first().map_or_else(
            || "(untitled)".to_string(),
            |p| crate::article::shorten(p, 80),
        );
    }
    let author = entry
        .authors
        .iter()
        .filter_map(|p| p.name.as_deref().map(crate::text::clean_line))
        .filter(|n| !n.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let published = entry.published.or(entry.updated).map(|t| t.timestamp());
    let key = if !entry.id.trim().is_empty() {
        format!("guid:{}", entry.id.trim())
    } else if let Some(link) = &link {
        format!("link:{link}")
    } else {
        let mut all = title.clone();
        for p in &paragraphs {
            all.push('\n');
            all.push_str(p);
        }
        format!("hash:{}", ArticleId::from_key(&all))
    };
    Story {
        key,
        title,
        author: (!author.is_empty()).then_some(author),
        published,
        link,
        paragraphs,
        first_seen: now,
    }
}

/// The calendar date (UTC) of a time in seconds since 1970.
pub fn date_of(seconds: i64) -> Option<Date> {
    // Howard Hinnant's days-to-civil.
    let z = seconds.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date::new(
        u16::try_from(year).ok()?,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
    )
}

/// The id of a story of the feed at `feed_url`: stable across refreshes, so
/// read marks and bookmarks follow it.
pub fn story_id(feed_url: &str, key: &str) -> ArticleId {
    ArticleId::from_key(&format!("feed {feed_url} {key}"))
}

/// A cached story as an article, its feed's name as the source. Everything
/// shown passes through the cleaner again, so a cache file edited by hand
/// cannot reach the terminal with escape sequences either.
pub fn to_article(feed_url: &str, feed_name: &str, story: &Story) -> Article {
    to_article_with(feed_url, feed_name, story, None)
}

/// A cached story as an article, with the full text fetched from its page
/// when there is one instead of the feed's summary.
pub fn to_article_with(
    feed_url: &str,
    feed_name: &str,
    story: &Story,
    full_text: Option<&[String]>,
) -> Article {
    let texts = full_text.unwrap_or(&story.paragraphs);
    // One text for the story, as for a file: paragraphs are slices of it.
    // Source offsets count in the paragraphs joined by blank lines.
    let mut body = String::with_capacity(texts.iter().map(String::len).sum());
    let mut parts = Vec::with_capacity(texts.len());
    let mut joined = 0;
    for p in texts {
        if joined > 0 {
            joined += 2;
        }
        let source = joined;
        joined += p.len();
        let start = body.len();
        let map = clean_into(p, 0..p.len(), Markup::Plain, &mut body);
        if body.len() > start {
            parts.push((start..body.len(), map.shifted(source)));
        }
    }
    body.shrink_to_fit();
    let body = Arc::new(body);
    let paragraphs = parts
        .into_iter()
        .map(|(range, map)| Paragraph {
            kind: ParagraphKind::Body,
            text: Body::new(Arc::clone(&body), range),
            map,
        })
        .collect();
    let link = story.link.as_deref().map(crate::text::clean_line);
    Article {
        id: story_id(feed_url, &story.key),
        origin: Origin::Feed {
            feed: feed_url.into(),
            key: story.key.clone(),
            link: link.clone(),
            text: if full_text.is_some() {
                FeedText::Full
            } else {
                FeedText::Summary
            },
        },
        title: crate::text::clean_line(&story.title),
        date: story.published.and_then(date_of),
        published: story.published,
        dateline: None,
        source: Some(crate::text::clean_line(feed_name).into()),
        author: story
            .author
            .as_deref()
            .map(|a| crate::text::clean_line(a).into()),
        url: link,
        paragraphs,
        encoding: crate::decode::Encoding::Utf8,
        stub: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_come_from_seconds_since_1970() {
        assert_eq!(date_of(0), Date::new(1970, 1, 1));
        assert_eq!(date_of(951_782_400), Date::new(2000, 2, 29));
        assert_eq!(date_of(1_767_225_599), Date::new(2025, 12, 31));
    }

    fn seconds(text: &str) -> Option<i64> {
        timestamp(text).map(|t| t.timestamp())
    }

    #[test]
    fn rfc_3339_and_rfc_2822_dates_are_read() {
        assert_eq!(seconds("2026-03-10T10:00:00Z"), Some(1_773_136_800));
        assert_eq!(seconds(" 2026-03-10T11:00:00+01:00 "), Some(1_773_136_800));
        assert_eq!(
            seconds("Tue, 10 Mar 2026 10:00:00 +0000"),
            Some(1_773_136_800)
        );
        assert_eq!(
            seconds("Tue, 10 Mar 2026 05:00:00 EST"),
            Some(1_773_136_800)
        );
    }

    #[test]
    fn broken_dates_are_mended_as_feed_rs_mends_them() {
        // A long week day, an hour of one digit, "UTC", a missing colon,
        // a date alone.
        assert_eq!(
            seconds("Tuesday, 10 Mar 2026 10:00:00 GMT"),
            Some(1_773_136_800)
        );
        assert_eq!(
            seconds("Tue, 10 Mar 2026 9:00:00 -0100"),
            Some(1_773_136_800)
        );
        assert_eq!(seconds("10 March 2026 10:00:00 UTC"), Some(1_773_136_800));
        assert_eq!(seconds("2026-03-10T10:00:00+0000"), Some(1_773_136_800));
        assert_eq!(seconds("2026-03-10"), Some(1_773_100_800));
        assert_eq!(seconds("next Tuesday <b>&"), None);
    }

    #[test]
    fn an_html_page_is_not_a_feed() {
        let page = b"<!DOCTYPE html>\n<html><head><title>x</title></head><body>hi</body></html>";
        assert_eq!(parse(page).err(), Some(ParseError::NotAFeed));
        let bare = b"<?xml version=\"1.0\"?><!-- c --><html><body/></html>";
        assert_eq!(parse(bare).err(), Some(ParseError::NotAFeed));
    }

    #[test]
    fn an_entry_without_a_guid_is_known_by_its_link_and_else_by_its_text() {
        let rss = br#"<rss version="2.0"><channel><title>T</title>
<item><title>A</title><link>https://x.example/a</link></item>
<item><title>B</title><description>Body</description></item>
<item><title>C</title><guid>c-1</guid><link>https://x.example/c</link></item>
</channel></rss>"#;
        let feed = parse(rss).expect("a feed");
        let keys: Vec<String> = stories(&feed, 0).into_iter().map(|s| s.key).collect();
        assert_eq!(keys[0], "link:https://x.example/a");
        assert!(keys[1].starts_with("hash:"), "{}", keys[1]);
        assert_eq!(keys[2], "guid:c-1");
    }
}
