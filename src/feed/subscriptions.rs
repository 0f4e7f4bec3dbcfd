//! The subscriptions file: which feeds to fetch, what to call them, and how
//! long to keep their stories. TOML, written atomically.

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use quick_xml::events::{BytesStart, Event};
use serde::{Deserialize, Serialize};

/// One feed subscribed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    pub url: String,
    /// The name the user gave it (`--name`), shown instead of its title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The feed's own title, learnt on the first refresh.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

impl Subscription {
    /// What the feed is called on screen: the user's name for it, else its
    /// title, else its host.
    pub fn display_name(&self) -> String {
        let name = self
            .name
            .clone()
            .or_else(|| self.title.clone())
            .filter(|n| !n.trim().is_empty())
            .or_else(|| {
                url::Url::parse(&self.url)
                    .ok()
                    .and_then(|u| u.host_str().map(str::to_string))
            })
            .unwrap_or_else(|| self.url.clone());
        crate::text::clean_line(&name)
    }
}

/// How long stories that have left their feed stay in the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CacheLimits {
    /// Stories first seen longer ago than this are dropped once they leave the feed.
    pub max_age_days: u32,
    /// At most this many stories are kept per feed, newest first.
    pub max_stories_per_feed: usize,
}

impl Default for CacheLimits {
    fn default() -> Self {
        CacheLimits {
            max_age_days: 90,
            max_stories_per_feed: 1000,
        }
    }
}

/// The whole file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscriptions {
    #[serde(default)]
    pub cache: CacheLimits,
    #[serde(default, rename = "feed")]
    pub feeds: Vec<Subscription>,
}

#[derive(Debug, thiserror::Error)]
pub enum SubscriptionError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a valid subscriptions file: {reason}")]
    Invalid { path: PathBuf, reason: String },
    #[error("{0:?} is not a feed address: {1}")]
    BadUrl(String, String),
    #[error("already subscribed to {0}")]
    Duplicate(String),
    #[error("no feed has the address or name {0:?}")]
    NotFound(String),
    #[error("{0:?} names {1} feeds; give the address instead")]
    Ambiguous(String, usize),
    #[error("not an OPML file: {0}")]
    Opml(String),
}

/// Checks that `url` is an http or https address with a host; returns it
/// as given (trimmed).
pub fn validate_url(url: &str) -> Result<String, SubscriptionError> {
    let trimmed = url.trim();
    let bad = |why: &str| SubscriptionError::BadUrl(trimmed.to_string(), why.to_string());
    let parsed = url::Url::parse(trimmed).map_err(|e| bad(&e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(bad("only http and https addresses can be fetched"));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(bad("it names no host"));
    }
    Ok(trimmed.to_string())
}

impl Subscriptions {
    /// Reads the file; a missing file is no subscriptions.
    pub fn load(path: &Path) -> Result<Subscriptions, SubscriptionError> {
        let text = match fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Subscriptions::default());
            }
            Err(source) => {
                return Err(SubscriptionError::Io {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        toml::from_str(&text).map_err(|e| SubscriptionError::Invalid {
            path: path.to_path_buf(),
            reason: e.message().to_string(),
        })
    }

    /// Writes the file: a temporary file beside it, synced, then renamed
    /// over it, so a crash leaves the old file or the new, never half of one.
    pub fn save(&self, path: &Path) -> Result<(), SubscriptionError> {
        let text = toml::to_string(self).map_err(|e| SubscriptionError::Invalid {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        write_atomically(path, text.as_bytes()).map_err(|source| SubscriptionError::Io {
            path: path.to_path_buf(),
            source,
        })
    }

    /// Subscribes to a feed.
    pub fn add(&mut self, url: &str, name: Option<&str>) -> Result<(), SubscriptionError> {
        let url = validate_url(url)?;
        if self.feeds.iter().any(|f| f.url == url) {
            return Err(SubscriptionError::Duplicate(url));
        }
        self.feeds.push(Subscription {
            url,
            name: name
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_string),
            title: None,
        });
        Ok(())
    }

    /// Unsubscribes from the feed with this address, or else this name or title.
    pub fn remove(&mut self, key: &str) -> Result<Subscription, SubscriptionError> {
        let key = key.trim();
        let index = match self.feeds.iter().position(|f| f.url == key) {
            Some(i) => i,
            None => {
                let named: Vec<usize> = (0..self.feeds.len())
                    .filter(|&i| {
                        self.feeds.get(i).is_some_and(|f| {
                            f.name.as_deref() == Some(key)
                                || f.title.as_deref() == Some(key)
                                || f.display_name() == key
                        })
                    })
                    .collect();
                match named.as_slice() {
                    [] => return Err(SubscriptionError::NotFound(key.to_string())),
                    [i] => *i,
                    many => return Err(SubscriptionError::Ambiguous(key.to_string(), many.len())),
                }
            }
        };
        Ok(self.feeds.remove(index))
    }

    /// Adds every feed of an OPML file not already subscribed to; returns
    /// how many were added and the addresses skipped as invalid.
    pub fn import_opml(&mut self, opml: &str) -> Result<(usize, Vec<String>), SubscriptionError> {
        let outlines = parse_opml(opml)?;
        let mut added = 0;
        let mut invalid = Vec::new();
        for (url, title) in outlines {
            match validate_url(&url) {
                Ok(url) if self.feeds.iter().any(|f| f.url == url) => {}
                Ok(url) => {
                    self.feeds.push(Subscription {
                        url,
                        name: None,
                        title,
                    });
                    added += 1;
                }
                Err(_) => invalid.push(url),
            }
        }
        Ok((added, invalid))
    }

    /// The subscriptions as an OPML 2.0 document.
    pub fn export_opml(&self) -> String {
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n    <title>byline subscriptions</title>\n  </head>\n  <body>\n",
        );
        for f in &self.feeds {
            let title = f.name.as_deref().or(f.title.as_deref()).unwrap_or(&f.url);
            let _ = writeln!(
                out,
                "    <outline type=\"rss\" text=\"{t}\" title=\"{t}\" xmlUrl=\"{u}\"/>",
                t = xml_escape(title),
                u = xml_escape(&f.url),
            );
        }
        out.push_str("  </body>\n</opml>\n");
        out
    }
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 cannot carry most control characters at all.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Every outline with an `xmlUrl`, at any depth, with its title (or text).
/// Attribute names are matched without regard to case (`xmlurl` is common).
fn parse_opml(opml: &str) -> Result<Vec<(String, Option<String>)>, SubscriptionError> {
    let mut reader = quick_xml::Reader::from_str(opml);
    reader.config_mut().check_end_names = false;
    let mut found = Vec::new();
    let mut saw_opml = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                let name = e.local_name();
                if name.as_ref().eq_ignore_ascii_case("opml") {
                    saw_opml = true;
                } else if name.as_ref().eq_ignore_ascii_case("outline")
                    && let Some(entry) = outline(&e)
                {
                    found.push(entry);
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(SubscriptionError::Opml(e.to_string())),
        }
    }
    if !saw_opml {
        return Err(SubscriptionError::Opml(
            "it has no <opml> element".to_string(),
        ));
    }
    Ok(found)
}

fn outline(e: &BytesStart<'_>) -> Option<(String, Option<String>)> {
    let mut url = None;
    let mut title = None;
    let mut text = None;
    for attr in e.attributes().with_checks(false).flatten() {
        let key = attr.key.local_name();
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_or_else(|_| attr.value.to_string(), |v| v.into_owned());
        let value = value.trim().to_string();
        if value.is_empty() {
            continue;
        }
        match key.as_ref().to_ascii_lowercase().as_str() {
            "xmlurl" => url = Some(value),
            "title" => title = Some(value),
            "text" => text = Some(value),
            _ => {}
        }
    }
    Some((url?, title.or(text)))
}

/// Writes `bytes` to `path` through a synced temporary file and a rename.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir)?;
    }
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{}", std::process::id()));
    let temp = path.with_file_name(name);
    let result = (|| {
        let mut file = fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_addresses_with_a_host_are_accepted() {
        assert!(validate_url("https://example.com/feed.xml").is_ok());
        assert!(validate_url(" http://example.com/rss ").is_ok());
        assert!(validate_url("ftp://example.com/feed").is_err());
        assert!(validate_url("file:///etc/passwd").is_err());
        assert!(validate_url("example.com/feed").is_err());
    }

    #[test]
    fn nested_outlines_and_lowercase_attributes_are_imported() {
        let opml = r#"<?xml version="1.0"?>
<opml version="1.0"><head><title>x</title></head><body>
  <outline text="News">
    <outline text="Harbour &amp; Docks" xmlUrl="https://a.example/rss"/>
    <outline text="Folder"><outline title="Deep" xmlurl="http://b.example/atom"></outline></outline>
  </outline>
  <outline text="not a feed"/>
  <outline text="bad" xmlUrl="javascript:alert(1)"/>
</body></opml>"#;
        let mut subs = Subscriptions::default();
        let (added, invalid) = subs.import_opml(opml).expect("valid OPML");
        assert_eq!(added, 2);
        assert_eq!(invalid, ["javascript:alert(1)"]);
        assert_eq!(subs.feeds[0].title.as_deref(), Some("Harbour & Docks"));
        assert_eq!(subs.feeds[1].url, "http://b.example/atom");
    }

    #[test]
    fn export_escapes_titles_and_addresses() {
        let mut subs = Subscriptions::default();
        subs.add("https://a.example/rss?a=1&b=2", Some("Docks <&> \"Ports\""))
            .expect("valid");
        let opml = subs.export_opml();
        assert!(opml.contains("xmlUrl=\"https://a.example/rss?a=1&amp;b=2\""));
        assert!(opml.contains("title=\"Docks &lt;&amp;&gt; &quot;Ports&quot;\""));
        let mut back = Subscriptions::default();
        back.import_opml(&opml).expect("round trip");
        assert_eq!(back.feeds[0].url, "https://a.example/rss?a=1&b=2");
    }
}
