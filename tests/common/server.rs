//! A small HTTP/1.1 server on 127.0.0.1 for the feed tests: each path
//! answers with a chosen status, headers, delay and body, gzips when asked
//! and the client accepts it, and answers 304 to a matching If-None-Match
//! or If-Modified-Since. It records every request, counts requests in
//! flight, and stops when dropped.
#![allow(dead_code, clippy::unwrap_used)]

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How one path answers.
#[derive(Debug, Clone, Default)]
pub struct Route {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub delay: Duration,
    pub gzip: bool,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl Route {
    pub fn ok(body: impl Into<Vec<u8>>) -> Route {
        Route {
            status: 200,
            body: body.into(),
            ..Route::default()
        }
    }

    pub fn status(status: u16, body: &str) -> Route {
        Route {
            status,
            body: body.as_bytes().to_vec(),
            ..Route::default()
        }
    }

    pub fn redirect(to: &str) -> Route {
        Route {
            status: 301,
            headers: vec![("Location".into(), to.into())],
            ..Route::default()
        }
    }

    pub fn fixture(name: &str) -> Route {
        Route::ok(std::fs::read(fixture_path(name)).unwrap())
    }
}

pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/feeds")
        .join(name)
}

/// A request as the server saw it: path and headers (names lower-cased).
#[derive(Debug, Clone)]
pub struct Seen {
    pub path: String,
    pub headers: HashMap<String, String>,
}

pub struct Server {
    pub addr: SocketAddr,
    routes: Arc<Mutex<HashMap<String, Route>>>,
    pub seen: Arc<Mutex<Vec<Seen>>>,
    /// Requests being answered now, and the most there ever were at once.
    pub in_flight: Arc<AtomicUsize>,
    pub max_in_flight: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

/// Connections served before the server stops by itself, whatever happens.
const MAX_CONNECTIONS: usize = 2000;

impl Server {
    pub fn start(routes: Vec<(&str, Route)>) -> Server {
        Server::start_on("127.0.0.1", routes, None)
    }

    /// A server on `ip` (any address of 127.0.0.0/8), optionally counting
    /// requests in flight in a counter shared with other servers.
    pub fn start_on(
        ip: &str,
        routes: Vec<(&str, Route)>,
        shared: Option<(Arc<AtomicUsize>, Arc<AtomicUsize>)>,
    ) -> Server {
        let listener = TcpListener::bind((ip, 0)).unwrap();
        let addr = listener.local_addr().unwrap();
        let routes = Arc::new(Mutex::new(
            routes
                .into_iter()
                .map(|(p, r)| (p.to_string(), r))
                .collect::<HashMap<_, _>>(),
        ));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (in_flight, max_in_flight) = shared.unwrap_or_default();
        let stop = Arc::new(AtomicBool::new(false));
        let server = Server {
            addr,
            routes: Arc::clone(&routes),
            seen: Arc::clone(&seen),
            in_flight: Arc::clone(&in_flight),
            max_in_flight: Arc::clone(&max_in_flight),
            stop: Arc::clone(&stop),
        };
        std::thread::spawn(move || {
            for stream in listener.incoming().take(MAX_CONNECTIONS) {
                if stop.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(stream) = stream else { continue };
                let routes = Arc::clone(&routes);
                let seen = Arc::clone(&seen);
                let in_flight = Arc::clone(&in_flight);
                let max_in_flight = Arc::clone(&max_in_flight);
                std::thread::spawn(move || {
                    let _ = serve(stream, &routes, &seen, &in_flight, &max_in_flight);
                });
            }
        });
        server
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn set(&self, path: &str, route: Route) {
        self.routes.lock().unwrap().insert(path.to_string(), route);
    }

    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(200));
    }
}

/// Answers one request. It counts in `in_flight` from the moment its head
/// is read until just before the answer is written: counted until after
/// the write, a client that had read its answer and asked again could be
/// counted twice, and two at once looked like three.
fn serve(
    mut stream: TcpStream,
    routes: &Mutex<HashMap<String, Route>>,
    seen: &Mutex<Vec<Seen>>,
    in_flight: &AtomicUsize,
    max_in_flight: &AtomicUsize,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut chunk)?;
        if n == 0 || buf.len() > 64 * 1024 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let head = String::from_utf8_lossy(&buf).into_owned();
    let mut lines = head.split("\r\n");
    let path = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("/")
        .to_string();
    let headers: HashMap<String, String> = lines
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    seen.lock().unwrap().push(Seen {
        path: path.clone(),
        headers: headers.clone(),
    });
    let route = routes
        .lock()
        .unwrap()
        .get(&path)
        .cloned()
        .unwrap_or_else(|| Route::status(404, "not here"));
    let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    max_in_flight.fetch_max(now, Ordering::SeqCst);
    std::thread::sleep(route.delay);
    in_flight.fetch_sub(1, Ordering::SeqCst);
    let unchanged = route
        .etag
        .as_ref()
        .is_some_and(|e| headers.get("if-none-match") == Some(e))
        || route
            .last_modified
            .as_ref()
            .is_some_and(|lm| headers.get("if-modified-since") == Some(lm));
    let (status, mut body) = if unchanged {
        (304, Vec::new())
    } else {
        (route.status, route.body.clone())
    };
    let mut extra = route.headers.clone();
    if let Some(e) = &route.etag {
        extra.push(("ETag".into(), e.clone()));
    }
    if let Some(lm) = &route.last_modified {
        extra.push(("Last-Modified".into(), lm.clone()));
    }
    let accepts_gzip = headers
        .get("accept-encoding")
        .is_some_and(|a| a.contains("gzip"));
    if route.gzip && accepts_gzip && status != 304 {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(&body)?;
        body = enc.finish()?;
        extra.push(("Content-Encoding".into(), "gzip".into()));
    }
    let mut out = format!("HTTP/1.1 {status} X\r\nConnection: close\r\n");
    if status != 304 {
        out.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    for (k, v) in extra {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    stream.write_all(out.as_bytes())?;
    stream.write_all(&body)?;
    stream.flush()
}
