//! The index of local story files, so that files unchanged since they were
//! last read (same size and modification time) are not read again at start.

use std::path::{MAIN_SEPARATOR, Path, PathBuf};

use rusqlite::{OptionalExtension, params};

use super::search::IndexChanges;
use super::{Db, DbError, FileRow, from_sql_id, to_sql_id};

impl Db {
    /// Every indexed file at `root` or under it, by path. Paths are compared
    /// as given: `root` must be spelt as the paths were when put.
    pub fn files_under(&self, root: &Path) -> Result<Vec<FileRow>, DbError> {
        let err = self.error("read the index of story files");
        let range = prefix_range(root);
        let mut st = self
            .conn
            .prepare_cached(match range {
                Some(_) => concat!(
                    "SELECT path, size, mtime_ns, id, title, date, dateline, source, author, url ",
                    // In no order: the list sorts them, and SQLite's sort
                    // of 100,000 rows for an OR of two ranges was a fifth
                    // of the first frame.
                    "FROM files WHERE path = ?1 OR (path >= ?2 AND path < ?3)"
                ),
                None => concat!(
                    "SELECT path, size, mtime_ns, id, title, date, dateline, source, author, url ",
                    "FROM files"
                ),
            })
            .map_err(&err)?;
        let rows = match &range {
            Some((exact, low, high)) => st.query_map(params![exact, low, high], file_row),
            None => st.query_map([], file_row),
        }
        .map_err(&err)?;
        rows.collect::<Result<_, _>>().map_err(err)
    }

    /// Whether any story file is indexed.
    pub fn has_files(&self) -> Result<bool, DbError> {
        self.conn
            .query_row("SELECT EXISTS (SELECT 1 FROM files)", [], |r| r.get(0))
            .map_err(self.error("read the index of story files"))
    }

    /// Adds or replaces files, with the text the full-text index needs
    /// (their bodies are not stored: the files are), in one transaction.
    pub fn put_files(&mut self, files: &[(FileRow, String)]) -> Result<(), DbError> {
        let err = self.error("save the index of story files");
        let tx = self.begin()?;
        let mut index = IndexChanges::default();
        for (file, body) in files {
            let doc: i64 = tx
                .prepare_cached(
                    "INSERT INTO files (path, size, mtime_ns, id, title, date, dateline, source, \
                     author, url) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) \
                     ON CONFLICT (path) DO UPDATE SET size = excluded.size, \
                     mtime_ns = excluded.mtime_ns, id = excluded.id, title = excluded.title, \
                     date = excluded.date, dateline = excluded.dateline, \
                     source = excluded.source, author = excluded.author, url = excluded.url \
                     RETURNING doc",
                )
                .and_then(|mut st| {
                    st.query_row(
                        params![
                            path_bytes(&file.path),
                            i64::try_from(file.size).unwrap_or(i64::MAX),
                            file.mtime_ns,
                            to_sql_id(file.id),
                            file.title,
                            file.date,
                            file.dateline,
                            file.source,
                            file.author,
                            file.url,
                        ],
                        |r| r.get(0),
                    )
                })
                .map_err(&err)?;
            // Files are in the index as minus their doc, apart from stories.
            index.remove(-doc);
            index.add(
                -doc,
                &file.title,
                body.clone(),
                file.source.as_deref(),
                file.author.as_deref(),
            );
        }
        self.write_index(&tx, index)?;
        tx.commit().map_err(&err)
    }

    /// Forgets files (deleted, or no longer in the library); paths not
    /// indexed are no error.
    pub fn remove_files(&mut self, paths: &[PathBuf]) -> Result<(), DbError> {
        let err = self.error("remove files from the index of story files");
        let tx = self.begin()?;
        let mut index = IndexChanges::default();
        for path in paths {
            let doc: Option<i64> = tx
                .prepare_cached("DELETE FROM files WHERE path = ?1 RETURNING doc")
                .and_then(|mut st| st.query_row([path_bytes(path)], |r| r.get(0)).optional())
                .map_err(&err)?;
            if let Some(doc) = doc {
                index.remove(-doc);
            }
        }
        self.write_index(&tx, index)?;
        tx.commit().map_err(&err)
    }
}

fn file_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<FileRow> {
    Ok(FileRow {
        path: path_from_bytes(r.get_ref(0)?.as_blob()?),
        size: u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
        mtime_ns: r.get(2)?,
        id: from_sql_id(r.get(3)?),
        title: r.get(4)?,
        date: r.get(5)?,
        dateline: r.get(6)?,
        source: r.get(7)?,
        author: r.get(8)?,
        url: r.get(9)?,
    })
}

/// `root` itself, and the range of byte strings that start with `root` and
/// a separator: so `/a/b` covers `/a/b/c` but not `/a/bc`.
/// None for an empty root: every file.
fn prefix_range(root: &Path) -> Option<(Vec<u8>, Vec<u8>, Vec<u8>)> {
    let sep = MAIN_SEPARATOR as u8;
    let mut exact = path_bytes(root);
    if exact.is_empty() {
        return None;
    }
    let mut low = exact.clone();
    if exact.last() == Some(&sep) {
        exact.pop();
    } else {
        low.push(sep);
    }
    let mut high = low.clone();
    if let Some(last) = high.last_mut() {
        *last += 1;
    }
    Some((exact, low, high))
}

pub(super) fn path_bytes(path: &Path) -> Vec<u8> {
    path.as_os_str().as_encoded_bytes().to_vec()
}

#[cfg(unix)]
pub(super) fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
pub(super) fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}
