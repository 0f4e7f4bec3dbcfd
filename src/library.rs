//! Collecting stories: from the paths a user names, or from the sample
//! library compiled into the binary.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::article::{Article, ArticleId, Format, Origin, parse};

/// Files larger than this are skipped with a message rather than read.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The sample stories in `assets/stories/`, compiled in so that `byline` with
/// no arguments works from any directory.
macro_rules! bundled {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../assets/stories/", $name)))),*]
    };
}

pub const BUNDLED: &[(&str, &str)] = bundled![
    "01_harbour_strike.txt",
    "02_council_budget.txt",
    "03_court_ruling.txt",
    "04_markets_close.txt",
    "05_heatwave_warning.txt",
    "06_ajax_derby.txt",
    "07_water_bill.txt",
    "08_comet_discovery.txt",
    "09_tile_exhibition.txt",
    "10_bridge_closure.txt",
    "11_tram_maker.txt",
    "12_ferry_fares.txt",
];

/// A file or directory that could not be turned into a story, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

/// The stories on show, newest first, and what could not be read.
#[derive(Debug, Clone, Default)]
pub struct Library {
    pub articles: Vec<Article>,
    pub problems: Vec<Problem>,
}

impl Library {
    /// The sample library.
    pub fn bundled() -> Library {
        let articles = BUNDLED
            .iter()
            .map(|&(name, text)| parse(text, Format::Plain, Origin::Bundled(name), stem(name)))
            .collect();
        Library::from_articles(articles, Vec::new())
    }

    /// Every `.txt` and `.md` story under `paths` (files, and directories
    /// searched recursively, hidden entries skipped).
    pub fn load(paths: &[PathBuf]) -> Library {
        let mut files = Vec::new();
        let mut problems = Vec::new();
        let mut seen_dirs = HashSet::new();
        for path in paths {
            collect(path, true, &mut files, &mut problems, &mut seen_dirs);
        }
        let mut articles = Vec::with_capacity(files.len());
        for (path, format) in files {
            match read_story(&path, format) {
                Ok(article) => articles.push(article),
                Err(reason) => problems.push(Problem { path, reason }),
            }
        }
        Library::from_articles(articles, problems)
    }

    fn from_articles(mut articles: Vec<Article>, problems: Vec<Problem>) -> Library {
        // Newest first; undated stories after dated ones; then by title.
        articles.sort_by(|a, b| {
            b.date
                .is_some()
                .cmp(&a.date.is_some())
                .then(b.date.cmp(&a.date))
                .then_with(|| a.title.cmp(&b.title))
        });
        // Two files holding the same story (same date and title) still need
        // their own ids, or their read marks would be shared.
        let mut seen: HashMap<ArticleId, usize> = HashMap::new();
        for article in &mut articles {
            let n = seen.entry(article.id).or_insert(0);
            if *n > 0 {
                article.id = ArticleId::from_key(&format!("{}#{}", article.id, n));
            }
            *n += 1;
        }
        Library { articles, problems }
    }
}

fn stem(name: &str) -> &str {
    Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(name)
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.') && n != "." && n != "..")
}

fn collect(
    path: &Path,
    named: bool,
    files: &mut Vec<(PathBuf, Format)>,
    problems: &mut Vec<Problem>,
    seen_dirs: &mut HashSet<PathBuf>,
) {
    let problem = |reason: String| Problem {
        path: path.to_path_buf(),
        reason,
    };
    // Follow symlinks for what they point at; loops are caught by the
    // canonical-path set below.
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            problems.push(problem(describe_io(&e)));
            return;
        }
    };
    if meta.is_dir() {
        let canonical = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if !seen_dirs.insert(canonical) {
            return;
        }
        let entries = match fs::read_dir(path) {
            Ok(e) => e,
            Err(e) => {
                problems.push(problem(describe_io(&e)));
                return;
            }
        };
        let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        children.sort();
        for child in children {
            if !is_hidden(&child) {
                collect(&child, false, files, problems, seen_dirs);
            }
        }
        return;
    }
    if !meta.is_file() {
        // FIFOs and devices: opening one could block forever.
        if named {
            problems.push(problem("not a regular file".to_string()));
        }
        return;
    }
    match Format::from_path(path) {
        Some(format) => files.push((path.to_path_buf(), format)),
        // A file named on the command line is read as plain text whatever
        // its extension; inside directories only stories are picked up.
        None if named => files.push((path.to_path_buf(), Format::Plain)),
        None => {}
    }
}

fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Reads one story file.
pub fn read_story(path: &Path, format: Format) -> Result<Article, String> {
    let file = fs::File::open(path).map_err(|e| describe_io(&e))?;
    let meta = file.metadata().map_err(|e| describe_io(&e))?;
    if !meta.is_file() {
        return Err("not a regular file".to_string());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "too large ({} MB; the limit is {} MB)",
            meta.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| describe_io(&e))?;
    let text = decode(bytes)?;
    let fallback = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("untitled");
    Ok(parse(
        &text,
        format,
        Origin::File(path.to_path_buf()),
        fallback,
    ))
}

/// Bytes to text. A NUL byte means the file is not text (an image, say).
fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.contains(&0) {
        return Err("not a text file (it contains NUL bytes)".to_string());
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => Ok(String::from_utf8_lossy(e.as_bytes()).into_owned()),
    }
}
