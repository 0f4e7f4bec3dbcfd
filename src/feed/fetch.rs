//! Fetching one feed over HTTP: timeouts, redirects, gzip, conditional GET,
//! a size limit and a User-Agent, with every way it can fail named.

use std::time::Duration;

use super::convert::ParseError;

/// What byline says it is to the servers it asks.
pub const USER_AGENT: &str = concat!("byline/", env!("CARGO_PKG_VERSION"));

/// How feeds are fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchConfig {
    /// To open a connection (DNS included).
    pub connect_timeout: Duration,
    /// For the whole request, body included.
    pub total_timeout: Duration,
    /// Largest body accepted, after decompression.
    pub max_bytes: u64,
    /// Largest story page accepted (for full text), after decompression: an
    /// article's page is a few hundred kilobytes, and extracting one costs
    /// time in proportion to its size.
    pub max_page_bytes: u64,
    pub max_redirects: u32,
    /// Feeds fetched at once.
    pub max_in_flight: usize,
    /// Feeds fetched at once from one host.
    pub max_per_host: usize,
    /// Whether a refresh hands over the new stories as articles
    /// ([`super::FeedDone::articles`]): the reader shows them as they come,
    /// `byline refresh` only counts them.
    pub articles: bool,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(30),
            max_bytes: 16 * 1024 * 1024,
            max_page_bytes: 4 * 1024 * 1024,
            max_redirects: 5,
            max_in_flight: 8,
            max_per_host: 2,
            articles: true,
        }
    }
}

/// Why a feed could not be refreshed; each says what happened in a way a
/// reader can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    #[error("host not found (DNS lookup failed for {0})")]
    Dns(String),
    #[error("connection refused")]
    Refused,
    #[error("timed out {0}")]
    Timeout(Stage),
    #[error("HTTP {code}{text}", code = .0, text = status_text(*.0))]
    Status(u16),
    #[error("too many redirects")]
    TooManyRedirects,
    #[error("too large (over the {} limit)", megabytes(*limit))]
    TooLarge { limit: u64 },
    #[error("{0}")]
    Parse(#[from] ParseError),
    #[error("secure connection failed: {0}")]
    Tls(String),
    #[error("network error: {0}")]
    Network(String),
    #[error("could not keep its stories: {0}")]
    Cache(String),
}

/// Which of the two timeouts ran out: a host that does not answer is a
/// different problem from one that answers too slowly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Looking up the host and connecting (the connect timeout).
    Connecting,
    /// Anything after (the total timeout).
    Fetching,
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Stage::Connecting => "connecting",
            Stage::Fetching => "waiting for the feed",
        })
    }
}

fn megabytes(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MB", bytes / (1024 * 1024))
    } else {
        format!("{bytes} bytes")
    }
}

fn status_text(code: u16) -> &'static str {
    match code {
        400 => " Bad Request",
        401 => " Unauthorized",
        403 => " Forbidden",
        404 => " Not Found",
        410 => " Gone",
        429 => " Too Many Requests",
        500 => " Internal Server Error",
        502 => " Bad Gateway",
        503 => " Service Unavailable",
        504 => " Gateway Timeout",
        _ => "",
    }
}

/// A response worth reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// 304: the feed is as it was when the validators were saved.
    NotModified,
    Body {
        bytes: Vec<u8>,
        etag: Option<String>,
        last_modified: Option<String>,
    },
}

/// An HTTP client set up from `config`; share it between threads to reuse
/// connections.
pub fn agent(config: &FetchConfig) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_connect(Some(config.connect_timeout))
        .timeout_global(Some(config.total_timeout))
        .max_redirects(config.max_redirects)
        .http_status_as_error(false)
        .user_agent(USER_AGENT)
        .build()
        .into()
}

/// Fetches `url`, asking only for changes since `etag` / `last_modified`.
pub fn fetch(
    agent: &ureq::Agent,
    url: &str,
    etag: Option<&str>,
    last_modified: Option<&str>,
    max_bytes: u64,
) -> Result<Fetched, FeedError> {
    let request = Request {
        url,
        accept: "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8",
        etag,
        last_modified,
        max_bytes,
        follow_redirects: true,
    };
    let answer = get(agent, &request)?;
    if answer.status == 304 {
        return Ok(Fetched::NotModified);
    }
    if !(200..300).contains(&answer.status) {
        return Err(FeedError::Status(answer.status));
    }
    Ok(Fetched::Body {
        bytes: answer.bytes,
        etag: answer.etag,
        last_modified: answer.last_modified,
    })
}

/// One GET, as feeds and story pages both make it.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub url: &'a str,
    pub accept: &'a str,
    pub etag: Option<&'a str>,
    pub last_modified: Option<&'a str>,
    /// Largest body accepted, after decompression.
    pub max_bytes: u64,
    /// Whether the agent follows redirects itself; otherwise a redirect is
    /// answered with its status and `location`, for the caller to judge.
    pub follow_redirects: bool,
}

/// What a server answered; the body only for a 2xx.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub bytes: Vec<u8>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_type: Option<String>,
    pub location: Option<String>,
}

/// Makes the request; any status is an answer, only the network failing
/// (or a body over the limit) is an error.
pub fn get(agent: &ureq::Agent, request: &Request<'_>) -> Result<Answer, FeedError> {
    let url = request.url;
    let mut builder = agent.get(url).header("Accept", request.accept);
    if let Some(etag) = request.etag {
        builder = builder.header("If-None-Match", etag);
    }
    if let Some(lm) = request.last_modified {
        builder = builder.header("If-Modified-Since", lm);
    }
    if !request.follow_redirects {
        builder = builder.config().max_redirects(0).build();
    }
    let mut response = builder
        .call()
        .map_err(|e| describe(e, url, request.max_bytes))?;
    let status = response.status().as_u16();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let mut answer = Answer {
        status,
        etag: header("etag"),
        last_modified: header("last-modified"),
        content_type: header("content-type"),
        location: header("location"),
        bytes: Vec::new(),
    };
    if (200..300).contains(&status) {
        answer.bytes = response
            .body_mut()
            .with_config()
            .limit(request.max_bytes)
            .read_to_vec()
            .map_err(|e| describe(e, url, request.max_bytes))?;
    }
    Ok(answer)
}

fn describe(e: ureq::Error, url: &str, max_bytes: u64) -> FeedError {
    let host = || {
        url::Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_else(|| super::subscriptions::display_url(url))
    };
    match e {
        ureq::Error::HostNotFound => FeedError::Dns(host()),
        ureq::Error::Timeout(ureq::Timeout::Connect | ureq::Timeout::Resolve) => {
            FeedError::Timeout(Stage::Connecting)
        }
        ureq::Error::Timeout(_) => FeedError::Timeout(Stage::Fetching),
        ureq::Error::TooManyRedirects => FeedError::TooManyRedirects,
        ureq::Error::BodyExceedsLimit(_) => FeedError::TooLarge { limit: max_bytes },
        ureq::Error::StatusCode(code) => FeedError::Status(code),
        ureq::Error::Tls(why) => FeedError::Tls(why.to_string()),
        ureq::Error::Rustls(e) => FeedError::Tls(e.to_string()),
        ureq::Error::Io(io) => describe_io(&io, host),
        other => FeedError::Network(other.to_string()),
    }
    .without_credentials(url)
}

impl FeedError {
    /// The error with any credentials of `url` that its text quotes masked:
    /// an HTTP library's message may quote the address it was given.
    fn without_credentials(self, url: &str) -> FeedError {
        let Ok(parsed) = url::Url::parse(url) else {
            return self;
        };
        let mask = |text: String| {
            let mut text = text.replace(url, &super::subscriptions::display_url(url));
            if let Some(password) = parsed.password().filter(|p| !p.is_empty()) {
                text = text.replace(&format!(":{password}@"), ":***@");
            }
            if !parsed.username().is_empty() && parsed.password().is_none() {
                text = text.replace(&format!("//{}@", parsed.username()), "//***@");
            }
            text
        };
        match self {
            FeedError::Network(text) => FeedError::Network(mask(text)),
            FeedError::Tls(text) => FeedError::Tls(mask(text)),
            other => other,
        }
    }
}

fn describe_io(io: &std::io::Error, host: impl FnOnce() -> String) -> FeedError {
    use std::io::ErrorKind as K;
    match io.kind() {
        K::ConnectionRefused => FeedError::Refused,
        K::TimedOut | K::WouldBlock => FeedError::Timeout(Stage::Fetching),
        _ => {
            // The system resolver's failures reach us as plain I/O errors.
            let text = io.to_string();
            let dns = [
                "lookup address",
                "Name or service not known",
                "nodename nor servname",
                "No address associated",
                "name resolution",
                "No such host",
            ];
            if dns.iter().any(|d| text.contains(d)) {
                FeedError::Dns(host())
            } else {
                FeedError::Network(text)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn describe_timeout(t: ureq::Timeout) -> String {
        describe(ureq::Error::Timeout(t), "https://x.example/", 1).to_string()
    }

    #[test]
    fn a_timeout_says_whether_it_was_connecting_or_fetching() {
        use ureq::Timeout as T;
        for (timeout, said) in [
            (T::Connect, "timed out connecting"),
            (T::Resolve, "timed out connecting"),
            (T::Global, "timed out waiting for the feed"),
            (T::RecvBody, "timed out waiting for the feed"),
        ] {
            assert_eq!(describe_timeout(timeout), said, "{timeout:?}");
        }
    }

    #[test]
    fn a_network_error_quoting_the_address_does_not_show_its_password() {
        let url = "https://reader:hunter2@x.example/rss";
        let quoted = FeedError::Network(format!("bad address {url}"));
        let shown = quoted.without_credentials(url).to_string();
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("reader:***@x.example"), "{shown}");
    }
}
