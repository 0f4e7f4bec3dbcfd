//! Story files through the story database's index: the list is drawn from
//! what was indexed at the last start, at once, and the files are then
//! checked in the background; only those whose size or modification time
//! changed are read again, and the list updates as they are.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use crate::article::{Article, ArticleId, Date, Format, Origin, Stub};
use crate::db::{Db, FileRow};
use crate::library::{Batch, LoadEvent, Problem, announce, read_story, walk};

/// The indexed files under `paths`, as list rows without their text.
pub fn rows(db: &Db, paths: &[PathBuf]) -> (Batch, Known) {
    let mut batch = Batch::default();
    let mut known = Known::default();
    // Only paths given twice (a directory and a file in it) can repeat a
    // file; the common single root hashes nothing before the first frame.
    let mut seen = (paths.len() > 1).then(HashSet::new);
    for root in paths {
        // The index is keyed by the path as found in a walk, which starts
        // from the path as given.
        let Ok(found) = db.files_under(root) else {
            continue;
        };
        for row in found {
            if let Some(seen) = &mut seen
                && !seen.insert(row.path.clone())
            {
                continue;
            }
            known.0.push((row.path.clone(), row.size, row.mtime_ns));
            batch.articles.push(stub(row));
        }
    }
    (batch, known)
}

/// Size and modification time of each file the list was drawn from; looked
/// up by the checker, which builds its map off the UI thread.
#[derive(Debug, Clone, Default)]
pub struct Known(Vec<(PathBuf, u64, i64)>);

impl Known {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn into_map(self) -> HashMap<PathBuf, (u64, i64)> {
        self.0
            .into_iter()
            .map(|(path, size, mtime)| (path, (size, mtime)))
            .collect()
    }
}

/// The list row of an indexed file.
fn stub(row: FileRow) -> Article {
    let format = Format::from_path(&row.path).unwrap_or(Format::Plain);
    Article {
        id: ArticleId::from_bits(row.id),
        date: row.date.as_deref().and_then(Date::parse),
        published: None,
        origin: Origin::File(row.path),
        title: row.title,
        dateline: row.dateline.map(Into::into),
        source: row.source.map(Into::into),
        author: row.author.map(Into::into),
        url: row.url,
        paragraphs: Vec::new(),
        encoding: crate::decode::Encoding::Utf8,
        stub: Some(Stub::File(format)),
    }
}

/// The index row and the searchable text of a story just read.
fn indexed(article: &Article, size: u64, mtime_ns: i64) -> Option<(FileRow, String)> {
    let Origin::File(path) = &article.origin else {
        return None;
    };
    Some(index_row(article, path.clone(), size, mtime_ns))
}

/// A story's index row, kept under `path`, and its searchable text.
pub fn index_row(article: &Article, path: PathBuf, size: u64, mtime_ns: i64) -> (FileRow, String) {
    let mut body = String::new();
    for p in &article.paragraphs {
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        body.push_str(p.text.as_str());
    }
    let row = FileRow {
        path,
        size,
        mtime_ns,
        id: article.id.bits(),
        title: article.title.clone(),
        date: article.date.map(|d| d.to_string()),
        dateline: article.dateline.as_deref().map(str::to_string),
        source: article.source.as_deref().map(str::to_string),
        author: article.author.as_deref().map(str::to_string),
        url: article.url.clone(),
    };
    (row, body)
}

/// Size and modification time, as the index keeps them.
fn stamp(path: &Path) -> Option<(u64, i64)> {
    let meta = std::fs::metadata(path).ok()?;
    let mtime = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some((
        meta.len(),
        i64::try_from(mtime.as_nanos()).unwrap_or(i64::MAX),
    ))
}

/// Files read per batch: the first changed stories show at once.
const BATCH: usize = 256;

/// Checks the files under `paths` against `known` on a background thread:
/// new and changed files are read and sent as batches (a changed file's
/// story takes its row's place), vanished ones as [`LoadEvent::Removed`],
/// and the index in the database at `db_path` is brought up to date.
/// Stops early when `send` returns false.
pub fn check_in_background(
    paths: Vec<PathBuf>,
    db_path: PathBuf,
    known: Known,
    send: impl Fn(LoadEvent) -> bool + Send + 'static,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let (files, problems) = walk(&paths);
        let known = known.into_map();
        let mut gone: HashSet<PathBuf> = known.keys().cloned().collect();
        let mut changed = Vec::new();
        for (path, format) in files {
            gone.remove(&path);
            let now = stamp(&path);
            if now.is_some() && known.get(&path).copied() == now {
                continue;
            }
            changed.push((path, format, now.unwrap_or_default()));
        }
        if !announce(&send, changed.len(), problems) {
            return;
        }
        // The checker writes through a connection of its own: the reader's
        // thread is never made to wait for it.
        let mut db = Db::open(&db_path).db;
        for part in changed.chunks(BATCH) {
            let mut batch = Batch::default();
            let mut rows = Vec::new();
            for (path, format, (size, mtime)) in part {
                match read_story(path, *format) {
                    Ok(article) => {
                        rows.extend(indexed(&article, *size, *mtime));
                        batch.articles.push(article);
                    }
                    Err(reason) => batch.problems.push(Problem {
                        path: path.clone(),
                        reason,
                    }),
                }
            }
            // An index that cannot be written only costs a re-read next time.
            let _ = db.put_files(&rows);
            if !send(LoadEvent::Batch(batch)) {
                return;
            }
        }
        if !gone.is_empty() {
            let paths: Vec<PathBuf> = gone.iter().cloned().collect();
            let _ = db.remove_files(&paths);
            if !send(LoadEvent::Removed(gone)) {
                return;
            }
        }
        send(LoadEvent::Done);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_story(dir: &Path, name: &str, title: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, format!("title {title}\n\nBody of {title}.\n")).expect("write");
        path
    }

    /// Runs a check to its end and returns what it sent.
    fn check(paths: &[PathBuf], db_path: &Path, known: Known) -> Vec<LoadEvent> {
        let (tx, rx) = std::sync::mpsc::channel();
        check_in_background(paths.to_vec(), db_path.to_path_buf(), known, move |e| {
            tx.send(e).is_ok()
        })
        .join()
        .expect("checker");
        rx.into_iter().collect()
    }

    fn read(events: &[LoadEvent]) -> usize {
        events
            .iter()
            .map(|e| match e {
                LoadEvent::Batch(b) => b.articles.len(),
                _ => 0,
            })
            .sum()
    }

    #[test]
    fn the_second_start_lists_the_files_from_the_index_and_reads_none_again() {
        let dir = tempfile::tempdir().expect("dir");
        let stories = dir.path().join("stories");
        std::fs::create_dir(&stories).expect("mkdir");
        write_story(&stories, "a.txt", "Alpha");
        write_story(&stories, "b.txt", "Beta");
        let db_path = dir.path().join("library.db");
        let roots = vec![stories.clone()];
        let first = check(&roots, &db_path, Known::default());
        assert_eq!(read(&first), 2);
        let db = Db::open(&db_path).db;
        let (rows, known) = rows(&db, &roots);
        assert_eq!(rows.articles.len(), 2);
        assert!(rows.articles.iter().all(|a| a.stub.is_some()));
        let again = check(&roots, &db_path, known);
        assert_eq!(read(&again), 0, "nothing changed, nothing read");
    }

    #[test]
    fn a_changed_file_is_read_again_and_a_removed_one_leaves_the_list() {
        let dir = tempfile::tempdir().expect("dir");
        let stories = dir.path().join("stories");
        std::fs::create_dir(&stories).expect("mkdir");
        let a = write_story(&stories, "a.txt", "Alpha");
        let b = write_story(&stories, "b.txt", "Beta");
        let db_path = dir.path().join("library.db");
        let roots = vec![stories.clone()];
        check(&roots, &db_path, Known::default());
        std::fs::write(&a, "title Alpha\n\nA longer body than before.\n").expect("edit");
        std::fs::remove_file(&b).expect("remove");
        let (_, known) = rows(&Db::open(&db_path).db, &roots);
        let events = check(&roots, &db_path, known);
        assert_eq!(read(&events), 1);
        assert!(events.iter().any(
            |e| matches!(e, LoadEvent::Removed(gone) if gone.len() == 1 && gone.contains(&b))
        ));
        let (rows, _) = rows(&Db::open(&db_path).db, &roots);
        assert_eq!(rows.articles.len(), 1, "the index forgot the removed file");
    }

    #[test]
    fn an_indexed_row_opens_as_the_whole_story_with_the_same_id() {
        let dir = tempfile::tempdir().expect("dir");
        write_story(dir.path(), "a.txt", "Alpha");
        let db_path = dir.path().join("library.db");
        let roots = vec![dir.path().to_path_buf()];
        check(&roots, &db_path, Known::default());
        let (batch, _) = rows(&Db::open(&db_path).db, &roots);
        let mut library = crate::library::Library::default();
        library.add(batch);
        let row_id = library.articles[0].id;
        let full = library.full(0).expect("opens");
        assert_eq!(full.id, row_id);
        assert!(full.stub.is_none());
        assert_eq!(full.paragraphs.len(), 1);
    }
}
