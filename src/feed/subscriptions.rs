//! The subscriptions file: which feeds to fetch, what to call them, and how
//! long to keep their stories. TOML, edited in place under a lock so that
//! several byline processes can change it at once, and so that the user's
//! comments and keys byline does not know survive every change.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use quick_xml::events::{BytesStart, Event};
use serde::{Deserialize, Serialize};

use crate::bounded::{self, ReadError};
use crate::lockfile::{self, LockError};

/// The subscriptions file is a few hundred bytes per feed: this is tens of
/// thousands of feeds, and far from memory trouble.
pub const SUBSCRIPTIONS_LIMIT: u64 = 8 * 1024 * 1024;

/// OPML exports of the largest readers stay well under this.
pub const OPML_LIMIT: u64 = 64 * 1024 * 1024;

/// How long a change waits for another byline process to finish its own.
/// Writers hold the lock for milliseconds (a second for a huge import), so
/// running out means a stuck process, not a busy one.
const LOCK_PATIENCE: Duration = Duration::from_secs(10);

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
    /// `full_text = true`: the feed sends only summaries, so each new
    /// story's page is fetched and its article kept (see [`super::full_text`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub full_text: bool,
}

impl Subscription {
    /// What the feed is called on screen: the user's name for it, else its
    /// title, else its address (two feeds of one site share a host, never
    /// an address).
    pub fn display_name(&self) -> String {
        let name = self
            .name
            .clone()
            .or_else(|| self.title.clone())
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| display_url(&self.url));
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
    // The causes are not `source`s: the message says them already, and
    // anyhow's `{:#}` would say them twice.
    #[error("{path}: {cause}")]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("could not read {path}: {cause}")]
    Read { path: PathBuf, cause: ReadError },
    #[error("{path} is not a valid subscriptions file: {reason}")]
    Invalid { path: PathBuf, reason: String },
    #[error("another byline process has held {} for over {} seconds", .0.display(), LOCK_PATIENCE.as_secs())]
    Locked(PathBuf),
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
/// normalised (see [`feed_key`]).
pub fn validate_url(url: &str) -> Result<String, SubscriptionError> {
    let trimmed = url.trim();
    let bad = |why: &str| SubscriptionError::BadUrl(display_url(trimmed), why.to_string());
    let mut parsed = url::Url::parse(trimmed).map_err(|e| bad(&e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(bad("only http and https addresses can be fetched"));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(bad("it names no host"));
    }
    parsed.set_fragment(None);
    Ok(parsed.into())
}

/// What makes two addresses one feed: scheme and host in lower case, no
/// default port, no fragment (the server never sees it). An address that
/// does not parse is its own key.
pub fn feed_key(url: &str) -> String {
    let trimmed = url.trim();
    match url::Url::parse(trimmed) {
        Ok(mut u) => {
            u.set_fragment(None);
            u.into()
        }
        Err(_) => trimmed.to_string(),
    }
}

/// A feed address fit to show: a password (or a user name alone, which is
/// often a token) replaced by `***`, and no control characters. Every
/// message, list and name that shows an address goes through this.
pub fn display_url(url: &str) -> String {
    let trimmed = url.trim();
    let masked = match url::Url::parse(trimmed) {
        Ok(mut u) if u.password().is_some() || !u.username().is_empty() => {
            let done = if u.password().is_some() {
                u.set_password(Some("***"))
            } else {
                u.set_username("***")
            };
            match done {
                Ok(()) => u.into(),
                Err(()) => mask_userinfo(trimmed),
            }
        }
        Ok(_) => trimmed.to_string(),
        Err(_) => mask_userinfo(trimmed),
    };
    crate::text::clean_line(&masked)
}

/// The same as text, for what the url crate cannot parse: whatever is
/// before an `@` in the part after `://`.
fn mask_userinfo(url: &str) -> String {
    let Some(at) = url.find("://").map(|i| i + 3) else {
        return url.to_string();
    };
    let rest = &url[at..];
    let authority_end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let Some(sign) = rest[..authority_end].rfind('@') else {
        return url.to_string();
    };
    let userinfo = &rest[..sign];
    let masked = match userinfo.split_once(':') {
        Some((user, _)) => format!("{user}:***"),
        None => "***".to_string(),
    };
    format!("{}{masked}{}", &url[..at], &rest[sign..])
}

/// Reads the subscriptions file, within its limit and never from a FIFO or
/// device; `None` when there is none yet.
fn read_text(path: &Path) -> Result<Option<String>, SubscriptionError> {
    match bounded::read_to_string(path, SUBSCRIPTIONS_LIMIT, "the subscriptions file") {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(cause) => Err(SubscriptionError::Read {
            path: path.to_path_buf(),
            cause,
        }),
    }
}

/// The file's subscriptions, each feed once: a feed listed again (under an
/// equivalent address too) is merged into its first entry, with a warning.
fn parse(text: &str, path: &Path) -> Result<(Subscriptions, Vec<String>), SubscriptionError> {
    let listed: Subscriptions = toml::from_str(text).map_err(|e| SubscriptionError::Invalid {
        path: path.to_path_buf(),
        reason: e.message().to_string(),
    })?;
    let mut warnings = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::with_capacity(listed.feeds.len());
    let mut feeds: Vec<Subscription> = Vec::with_capacity(listed.feeds.len());
    for feed in listed.feeds {
        match index
            .get(&feed_key(&feed.url))
            .and_then(|&i| feeds.get_mut(i))
        {
            Some(first) => {
                warnings.push(format!(
                    "{} lists {} more than once; it is one feed",
                    path.display(),
                    display_url(&feed.url)
                ));
                if first.name.is_none() {
                    first.name = feed.name;
                }
                if first.title.is_none() {
                    first.title = feed.title;
                }
                first.full_text |= feed.full_text;
            }
            None => {
                index.insert(feed_key(&feed.url), feeds.len());
                feeds.push(feed);
            }
        }
    }
    Ok((
        Subscriptions {
            cache: listed.cache,
            feeds,
        },
        warnings,
    ))
}

/// Held while a process changes the subscriptions file (or moves the old
/// caches into the story database); released when dropped.
pub(super) type Lock = lockfile::Lock;

/// Takes the exclusive lock on `feeds.toml.lock` beside `path`, waiting
/// for another process holding it.
pub(super) fn lock(path: &Path) -> Result<Lock, SubscriptionError> {
    lockfile::beside(path, LOCK_PATIENCE).map_err(|e| match e {
        LockError::Io { path, cause } => SubscriptionError::Io { path, cause },
        LockError::NotRegular(path) => SubscriptionError::Read {
            path,
            cause: ReadError::NotRegular {
                what: "the subscriptions lock file",
            },
        },
        LockError::Held { path, .. } => SubscriptionError::Locked(path),
    })
}

/// Writes the changes from `old` to `new` into the document, touching only
/// what changed: a feed keeps its table, so the comments above it, its
/// keys byline does not know and their order all stay.
fn write_into(doc: &mut toml_edit::DocumentMut, old: &Subscriptions, new: &Subscriptions) {
    use toml_edit::{Item, Table};
    if new.cache != old.cache {
        let cache = doc
            .entry("cache")
            .or_insert_with(|| Item::Table(Table::new()));
        if let Some(t) = cache.as_table_like_mut() {
            set_value(t, "max_age_days", i64::from(new.cache.max_age_days).into());
            let most = i64::try_from(new.cache.max_stories_per_feed).unwrap_or(i64::MAX);
            set_value(t, "max_stories_per_feed", most.into());
        }
    }
    if new.feeds == old.feeds {
        return;
    }
    let tables = match doc.get_mut("feed") {
        Some(Item::ArrayOfTables(tables)) => std::mem::take(tables),
        _ => {
            // Nothing yet, or an inline array (`feed = []`): its key, made
            // for `feed = …`, would misprint as a `[[feed ]]` header.
            let old = doc.remove("feed").map(Item::into_array_of_tables);
            doc.insert("feed", Item::ArrayOfTables(toml_edit::ArrayOfTables::new()));
            match old {
                Some(Ok(tables)) => tables,
                _ => toml_edit::ArrayOfTables::new(),
            }
        }
    };
    let mut by_key: HashMap<String, Table> = HashMap::with_capacity(tables.len());
    for table in tables {
        let key = table.get("url").and_then(Item::as_str).map(feed_key);
        // A second table of the same feed was merged into the first on loading.
        if let Some(key) = key {
            by_key.entry(key).or_insert(table);
        }
    }
    let mut rebuilt = toml_edit::ArrayOfTables::new();
    for feed in &new.feeds {
        let mut table = by_key.remove(&feed_key(&feed.url)).unwrap_or_default();
        set_str(&mut table, "url", Some(&feed.url));
        set_str(&mut table, "name", feed.name.as_deref());
        set_str(&mut table, "title", feed.title.as_deref());
        let said = table.get("full_text").and_then(toml_edit::Item::as_bool);
        match (feed.full_text, said) {
            (true, Some(true)) | (false, None | Some(false)) => {}
            (true, _) => set_value(&mut table, "full_text", true.into()),
            (false, Some(true)) => {
                table.remove("full_text");
            }
        }
        rebuilt.push(table);
    }
    if rebuilt.is_empty() {
        doc.remove("feed");
    } else if let Some(item) = doc.get_mut("feed") {
        *item = Item::ArrayOfTables(rebuilt);
    }
}

fn set_str(table: &mut toml_edit::Table, key: &str, value: Option<&str>) {
    match value {
        None => {
            table.remove(key);
        }
        Some(v) if table.get(key).and_then(toml_edit::Item::as_str) == Some(v) => {}
        Some(v) => set_value(table, key, v.into()),
    }
}

/// Sets a value, keeping the comment after the old one.
fn set_value(table: &mut dyn toml_edit::TableLike, key: &str, mut value: toml_edit::Value) {
    if let Some(old) = table.get_mut(key).and_then(toml_edit::Item::as_value_mut) {
        *value.decor_mut() = old.decor().clone();
        *old = value;
    } else {
        table.insert(key, toml_edit::Item::Value(value));
    }
}

impl Subscriptions {
    /// Reads the file; a missing file is no subscriptions. A feed listed
    /// twice is one feed; see [`Subscriptions::load_with_warnings`].
    pub fn load(path: &Path) -> Result<Subscriptions, SubscriptionError> {
        Ok(Subscriptions::load_with_warnings(path)?.0)
    }

    /// Reads the file, with what is wrong in it that does not stop it being
    /// read (a feed listed twice), for the caller to show.
    pub fn load_with_warnings(
        path: &Path,
    ) -> Result<(Subscriptions, Vec<String>), SubscriptionError> {
        match read_text(path)? {
            Some(text) => parse(&text, path),
            None => Ok((Subscriptions::default(), Vec::new())),
        }
    }

    /// Changes the file: under an exclusive lock, reads it afresh, lets `f`
    /// change the subscriptions, and writes back what changed (atomically:
    /// a crash leaves the old file or the new, never half of one). A change
    /// made meanwhile by another process is never lost; `f`'s error leaves
    /// the file as it was.
    pub fn update<T>(
        path: &Path,
        f: impl FnOnce(&mut Subscriptions) -> Result<T, SubscriptionError>,
    ) -> Result<T, SubscriptionError> {
        let _lock = lock(path)?;
        let text = read_text(path)?;
        let invalid = |reason: String| SubscriptionError::Invalid {
            path: path.to_path_buf(),
            reason,
        };
        let (old, mut doc) = match &text {
            Some(text) => (
                parse(text, path)?.0,
                text.parse::<toml_edit::DocumentMut>()
                    .map_err(|e| invalid(e.message().to_string()))?,
            ),
            None => {
                // A new file shows the cache limits, to be found and changed.
                let limits = CacheLimits::default();
                let fresh = format!(
                    "[cache]\nmax_age_days = {}\nmax_stories_per_feed = {}\n",
                    limits.max_age_days, limits.max_stories_per_feed
                );
                (
                    Subscriptions::default(),
                    fresh
                        .parse::<toml_edit::DocumentMut>()
                        .map_err(|e| invalid(e.message().to_string()))?,
                )
            }
        };
        let mut new = old.clone();
        let result = f(&mut new)?;
        if new != old {
            write_into(&mut doc, &old, &new);
            write_atomically(path, doc.to_string().as_bytes()).map_err(|cause| {
                SubscriptionError::Io {
                    path: path.to_path_buf(),
                    cause,
                }
            })?;
        }
        Ok(result)
    }

    /// Makes the file say these subscriptions, keeping its comments and
    /// unknown keys; whatever another process changed meanwhile is replaced.
    pub fn save(&self, path: &Path) -> Result<(), SubscriptionError> {
        Subscriptions::update(path, |subs| {
            subs.clone_from(self);
            Ok(())
        })
    }

    /// Subscribes to a feed; returns its address as kept (normalised).
    pub fn add(&mut self, url: &str, name: Option<&str>) -> Result<String, SubscriptionError> {
        let url = validate_url(url)?;
        let key = feed_key(&url);
        if self.feeds.iter().any(|f| feed_key(&f.url) == key) {
            return Err(SubscriptionError::Duplicate(display_url(&url)));
        }
        self.feeds.push(Subscription {
            url: url.clone(),
            name: name
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_string),
            title: None,
            full_text: false,
        });
        Ok(url)
    }

    /// Turns fetching the full text of new stories on or off for the feed
    /// with this address (as [`Subscriptions::add`] keeps it); false when
    /// there is no such feed.
    pub fn set_full_text(&mut self, url: &str, on: bool) -> bool {
        let key = feed_key(url);
        match self.feeds.iter_mut().find(|f| feed_key(&f.url) == key) {
            Some(feed) => {
                feed.full_text = on;
                true
            }
            None => false,
        }
    }

    /// Unsubscribes from the feed with this address (or an equivalent one,
    /// or the address as shown, its password masked), or else this name or
    /// title.
    pub fn remove(&mut self, key: &str) -> Result<Subscription, SubscriptionError> {
        let key = key.trim();
        let by_url = feed_key(key);
        let index = match self
            .feeds
            .iter()
            .position(|f| feed_key(&f.url) == by_url || display_url(&f.url) == key)
        {
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
                    [] => return Err(SubscriptionError::NotFound(display_url(key))),
                    [i] => *i,
                    many => return Err(SubscriptionError::Ambiguous(display_url(key), many.len())),
                }
            }
        };
        Ok(self.feeds.remove(index))
    }

    /// Adds every feed of an OPML file not already subscribed to (under an
    /// equivalent address either); returns how many were added and the
    /// addresses skipped as invalid, fit to show.
    pub fn import_opml(&mut self, opml: &str) -> Result<(usize, Vec<String>), SubscriptionError> {
        let outlines = parse_opml(opml)?;
        let mut known: HashSet<String> = self.feeds.iter().map(|f| feed_key(&f.url)).collect();
        let mut added = 0;
        let mut invalid = Vec::new();
        for (url, title) in outlines {
            match validate_url(&url) {
                Ok(url) => {
                    if known.insert(feed_key(&url)) {
                        self.feeds.push(Subscription {
                            url,
                            name: None,
                            title,
                            full_text: false,
                        });
                        added += 1;
                    }
                }
                Err(_) => invalid.push(display_url(&url)),
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
            // The address itself is exported whole, credentials too: the
            // export is for importing again; a title is for showing.
            let shown;
            let title = match f.name.as_deref().or(f.title.as_deref()) {
                Some(t) => t,
                None => {
                    shown = display_url(&f.url);
                    &shown
                }
            };
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

/// Reads an OPML file, within [`OPML_LIMIT`] and never from a FIFO or
/// device, as text in the encoding it declares.
pub fn read_opml(path: &Path) -> Result<String, SubscriptionError> {
    let bytes = bounded::read(path, OPML_LIMIT, "an OPML file").map_err(|cause| {
        SubscriptionError::Read {
            path: path.to_path_buf(),
            cause,
        }
    })?;
    decode_xml(&bytes)
}

/// XML bytes as text: a byte order mark decides, else the declaration's
/// `encoding`, else UTF-8. Bytes not valid in the encoding become U+FFFD.
pub fn decode_xml(bytes: &[u8]) -> Result<String, SubscriptionError> {
    use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom..).unwrap_or_default();
        return Ok(encoding.decode_without_bom_handling(rest).0.into_owned());
    }
    if bytes.starts_with(b"<\0?\0") {
        return Ok(UTF_16LE.decode_without_bom_handling(bytes).0.into_owned());
    }
    if bytes.starts_with(b"\0<\0?") {
        return Ok(UTF_16BE.decode_without_bom_handling(bytes).0.into_owned());
    }
    let encoding = match declared_encoding(bytes) {
        None => UTF_8,
        Some(label) => match Encoding::for_label_no_replacement(label.as_bytes()) {
            // Bytes that read as ASCII are not UTF-16, whatever they say.
            Some(e) if e == UTF_16LE || e == UTF_16BE => UTF_8,
            Some(e) => e,
            None => {
                return Err(SubscriptionError::Opml(format!(
                    "it is in an encoding byline does not know ({})",
                    crate::text::clean_line(&label)
                )));
            }
        },
    };
    Ok(encoding.decode_without_bom_handling(bytes).0.into_owned())
}

/// The `encoding` of an XML declaration (`<?xml version="1.0" encoding="…"?>`).
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = bytes.get(..bytes.len().min(1024))?.strip_prefix(b"<?xml")?;
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(head.get(..end)?).ok()?;
    let after = decl.get(decl.find("encoding")? + "encoding".len()..)?;
    let value = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = value.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let value = value.get(1..)?;
    Some(value.get(..value.find(quote)?)?.trim().to_string())
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

    #[test]
    fn an_address_differing_in_case_port_or_fragment_is_already_subscribed() {
        let mut subs = Subscriptions::default();
        subs.add("http://example.com/feed", None).expect("first");
        for same in [
            "HTTP://Example.com/feed",
            "http://example.com/feed#x",
            "http://example.com:80/feed",
        ] {
            let err = subs.add(same, None).expect_err(same);
            assert!(
                matches!(err, SubscriptionError::Duplicate(_)),
                "{same}: {err}"
            );
        }
        assert!(
            subs.add("http://example.com/Feed", None).is_ok(),
            "paths keep their case"
        );
    }

    #[test]
    fn an_added_address_is_kept_normalised() {
        let mut subs = Subscriptions::default();
        let kept = subs
            .add(" HTTPS://News.Example:443/rss#top ", None)
            .expect("valid");
        assert_eq!(kept, "https://news.example/rss");
        assert_eq!(subs.feeds[0].url, kept);
    }

    #[test]
    fn a_password_or_a_lone_user_name_in_an_address_is_masked_for_display() {
        assert_eq!(
            display_url("https://reader:hunter2@news.example/feed"),
            "https://reader:***@news.example/feed"
        );
        assert_eq!(
            display_url("https://tok3n@news.example/feed"),
            "https://***@news.example/feed"
        );
        assert_eq!(
            display_url("https://reader:hunter2@news example/feed"),
            "https://reader:***@news example/feed",
            "unparsable, masked all the same"
        );
        assert_eq!(
            display_url("https://news.example/a@b"),
            "https://news.example/a@b"
        );
    }

    #[test]
    fn errors_and_names_never_show_a_password() {
        let url = "https://reader:hunter2@news.example/feed";
        let mut subs = Subscriptions::default();
        subs.add(url, None).expect("valid");
        let again = subs.add(url, None).expect_err("duplicate").to_string();
        assert!(!again.contains("hunter2"), "{again}");
        let bad = subs
            .add("ftp://reader:hunter2@news.example/feed", None)
            .expect_err("ftp")
            .to_string();
        assert!(!bad.contains("hunter2"), "{bad}");
        let unparsable = Subscription {
            url: "https://reader:hunter2@news example/feed".to_string(),
            name: None,
            title: None,
            full_text: false,
        };
        assert!(!unparsable.display_name().contains("hunter2"));
    }

    #[test]
    fn a_feed_without_a_name_or_title_is_named_by_its_whole_address() {
        let feed = |url: &str| Subscription {
            url: url.to_string(),
            name: None,
            title: None,
            full_text: false,
        };
        let news = feed("https://site.example/news.xml");
        let sport = feed("https://site.example/sport.xml");
        assert_eq!(news.display_name(), "https://site.example/news.xml");
        assert_ne!(news.display_name(), sport.display_name());
    }

    #[test]
    fn a_feed_can_be_removed_by_the_address_shown_for_it() {
        let mut subs = Subscriptions::default();
        subs.add("https://reader:hunter2@news.example/feed", None)
            .expect("valid");
        subs.remove("https://reader:***@news.example/feed")
            .expect("the masked address names it");
        assert!(subs.feeds.is_empty());
    }

    #[test]
    fn a_feed_listed_twice_loads_as_one_with_a_warning() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("feeds.toml");
        fs::write(
            &path,
            "[[feed]]\nurl = \"https://a.example/rss\"\n\n[[feed]]\nurl = \"HTTPS://A.example/rss#again\"\nname = \"A\"\n",
        )
        .expect("write");
        let (subs, warnings) = Subscriptions::load_with_warnings(&path).expect("loads");
        assert_eq!(subs.feeds.len(), 1);
        assert_eq!(
            subs.feeds[0].name.as_deref(),
            Some("A"),
            "merged into the first"
        );
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("more than once"), "{}", warnings[0]);
    }

    #[test]
    fn comments_and_unknown_keys_survive_adding_and_removing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("feeds.toml");
        let original = "# my feeds, by hand\n[cache]\nmax_age_days = 30 # a month\n\n# the local paper\n[[feed]]\nurl = \"https://a.example/rss\"\ncolour = \"green\"\n\n[[feed]]\nurl = \"https://b.example/rss\"\n";
        fs::write(&path, original).expect("write");
        Subscriptions::update(&path, |s| s.add("https://c.example/rss", None)).expect("add");
        Subscriptions::update(&path, |s| s.remove("https://b.example/rss")).expect("remove");
        let text = fs::read_to_string(&path).expect("read");
        for kept in [
            "# my feeds, by hand",
            "max_age_days = 30 # a month",
            "# the local paper",
            "colour = \"green\"",
            "https://c.example/rss",
        ] {
            assert!(text.contains(kept), "{kept:?} lost:\n{text}");
        }
        assert!(!text.contains("b.example"), "{text}");
        let subs = Subscriptions::load(&path).expect("still valid");
        assert_eq!(subs.cache.max_age_days, 30);
        assert_eq!(subs.feeds.len(), 2);
    }

    #[test]
    fn full_text_is_read_from_the_file_and_written_back_only_when_on() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("feeds.toml");
        let original = "[[feed]]\nurl = \"https://a.example/rss\"\nfull_text = true # teasers\n";
        fs::write(&path, original).expect("write");
        let subs = Subscriptions::load(&path).expect("valid");
        assert!(subs.feeds[0].full_text);
        Subscriptions::update(&path, |s| {
            let url = s.add("https://b.example/rss", None)?;
            s.set_full_text(&url, true);
            s.set_full_text("https://a.example/rss", false);
            Ok(())
        })
        .expect("change");
        let subs = Subscriptions::load(&path).expect("still valid");
        let on: Vec<bool> = subs.feeds.iter().map(|f| f.full_text).collect();
        assert_eq!(on, [false, true]);
        let text = fs::read_to_string(&path).expect("read");
        assert_eq!(text.matches("full_text").count(), 1, "{text}");
    }

    #[test]
    fn a_change_that_fails_leaves_the_file_untouched() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("feeds.toml");
        fs::write(&path, "# mine\n").expect("write");
        let err = Subscriptions::update(&path, |s| s.remove("nothing"));
        assert!(matches!(err, Err(SubscriptionError::NotFound(_))));
        assert_eq!(fs::read_to_string(&path).expect("read"), "# mine\n");
    }

    #[test]
    fn changes_from_several_threads_at_once_are_all_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("feeds.toml");
        std::thread::scope(|scope| {
            for i in 0..8 {
                let path = &path;
                scope.spawn(move || {
                    Subscriptions::update(path, |s| {
                        s.add(&format!("https://{i}.example/rss"), None)
                    })
                    .expect("added");
                });
            }
        });
        assert_eq!(Subscriptions::load(&path).expect("loads").feeds.len(), 8);
    }

    #[cfg(unix)]
    #[test]
    fn a_subscriptions_file_that_is_a_fifo_is_refused_at_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("feeds.toml");
        let made = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .expect("mkfifo");
        assert!(made.success());
        let err = Subscriptions::load(&path).expect_err("a FIFO").to_string();
        assert!(err.contains("not a regular file"), "{err}");
        let err = Subscriptions::update(&path, |s| s.add("https://a.example/rss", None))
            .expect_err("a FIFO");
        assert!(matches!(err, SubscriptionError::Read { .. }), "{err}");
    }

    #[test]
    fn latin_1_opml_is_decoded_as_it_declares() {
        let mut bytes =
            b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><opml><body><outline title=\"Caf"
                .to_vec();
        bytes.push(0xE9);
        bytes.extend_from_slice(b"\" xmlUrl=\"https://cafe.example/rss\"/></body></opml>");
        let text = decode_xml(&bytes).expect("decodes");
        let mut subs = Subscriptions::default();
        subs.import_opml(&text).expect("imports");
        assert_eq!(subs.feeds[0].title.as_deref(), Some("Caf\u{e9}"));
    }

    #[test]
    fn utf_16_opml_with_a_byte_order_mark_is_decoded() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><opml><body><outline title=\"Caf\u{e9}\" xmlUrl=\"https://cafe.example/rss\"/></body></opml>";
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode_xml(&bytes).expect("decodes"), text);
    }

    #[test]
    fn an_unknown_declared_encoding_is_refused_by_name() {
        let err =
            decode_xml(b"<?xml version='1.0' encoding='x-martian'?><opml/>").expect_err("unknown");
        assert!(err.to_string().contains("x-martian"), "{err}");
    }

    #[test]
    fn an_opml_file_repeating_a_feed_adds_it_once() {
        let opml = r#"<opml><body>
<outline xmlUrl="https://a.example/rss"/><outline xmlUrl="HTTPS://A.EXAMPLE/rss#2"/>
</body></opml>"#;
        let mut subs = Subscriptions::default();
        assert_eq!(subs.import_opml(opml).expect("valid").0, 1);
        assert_eq!(subs.import_opml(opml).expect("valid").0, 0);
    }
}
