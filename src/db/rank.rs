//! The search's ranking function, `byline_rank(search)`: FTS5's bm25 with
//! titles weighted highest, but without its length normalisation (BM25
//! with b = 0).
//!
//! Why not bm25 itself: to normalise by length, bm25 looks up each match's
//! length in the index's docsize table, one SQL statement per row. For a
//! query whose words are in half of 100,000 stories, those look-ups were 40%
//! of the search (measured with perf). Without them a long story weighs a
//! little more than a short one with the same matches; word counts saturate
//! (k1) and a title counts ten times a paragraph, so a story about the words
//! still comes first. The IDF of each phrase is bm25's exactly.
//!
//! FTS5 takes a ranking function only through its C API, hence the unsafe
//! code here, kept to calls of that API with the pointers FTS5 gives.

use std::ffi::{c_int, c_void};
use std::ptr;

use rusqlite::Connection;
use rusqlite::ffi;

/// The name SQL calls it by.
pub(super) const NAME: &str = "byline_rank";

/// How a query over the `search` table calls it.
pub(super) const NAME_CALL: &str = "byline_rank(search)";

/// Weight of a match in each of the index's columns (title, body, source,
/// author): a word in the title says more of what a story is about than one
/// in a paragraph.
const WEIGHTS: [f64; 4] = [10.0, 1.0, 2.0, 2.0];

/// bm25's k1: how fast more matches stop counting.
const K1: f64 = 1.2;

/// Registers [`NAME`] with FTS5 on `conn`, for the connection's life.
pub(super) fn register(conn: &Connection) -> rusqlite::Result<()> {
    let failed = |rc: c_int, why: &str| {
        rusqlite::Error::SqliteFailure(ffi::Error::new(rc), Some(why.to_string()))
    };
    // SAFETY: the handle is open for as long as `conn` is borrowed; the
    // statement is finalized before returning; FTS5 writes the API's address
    // through the pointer bound as "fts5_api_ptr" while the statement steps,
    // and that API lives as long as the connection.
    unsafe {
        let db = conn.handle();
        let mut stmt: *mut ffi::sqlite3_stmt = ptr::null_mut();
        let rc = ffi::sqlite3_prepare_v2(
            db,
            c"SELECT fts5(?1)".as_ptr(),
            -1,
            &mut stmt,
            ptr::null_mut(),
        );
        if rc != ffi::SQLITE_OK {
            return Err(failed(rc, "FTS5 is not available"));
        }
        let mut api: *mut ffi::fts5_api = ptr::null_mut();
        ffi::sqlite3_bind_pointer(
            stmt,
            1,
            (&mut api as *mut *mut ffi::fts5_api).cast::<c_void>(),
            c"fts5_api_ptr".as_ptr(),
            None,
        );
        ffi::sqlite3_step(stmt);
        ffi::sqlite3_finalize(stmt);
        let Some(create) = api.as_ref().and_then(|a| a.xCreateFunction) else {
            return Err(failed(
                ffi::SQLITE_ERROR,
                "FTS5 gave no API for a ranking function",
            ));
        };
        let name = std::ffi::CString::new(NAME).map_err(|_| failed(ffi::SQLITE_MISUSE, NAME))?;
        let rc = create(api, name.as_ptr(), ptr::null_mut(), Some(rank), None);
        if rc != ffi::SQLITE_OK {
            return Err(failed(rc, "FTS5 refused the ranking function"));
        }
    }
    Ok(())
}

/// What is worked out once per query: each phrase's IDF, and room to count
/// its matches in a row.
struct Query {
    idf: Vec<f64>,
    freq: Vec<f64>,
}

unsafe extern "C" fn drop_query(p: *mut c_void) {
    if !p.is_null() {
        // SAFETY: `p` is the Box made in `query`, given to FTS5 once.
        drop(unsafe { Box::from_raw(p.cast::<Query>()) });
    }
}

unsafe extern "C" fn count_row(
    _api: *const ffi::Fts5ExtensionApi,
    _fts: *mut ffi::Fts5Context,
    n: *mut c_void,
) -> c_int {
    // SAFETY: `n` is the i64 `query` passes to xQueryPhrase.
    unsafe { *n.cast::<i64>() += 1 };
    ffi::SQLITE_OK
}

/// This query's [`Query`], made on its first row.
///
/// # Safety
/// `api` and `fts` as FTS5 passes them to a ranking function.
unsafe fn query<'a>(
    api: &ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
) -> Result<&'a mut Query, c_int> {
    let (Some(get), Some(set), Some(phrases), Some(rows), Some(each)) = (
        api.xGetAuxdata,
        api.xSetAuxdata,
        api.xPhraseCount,
        api.xRowCount,
        api.xQueryPhrase,
    ) else {
        return Err(ffi::SQLITE_MISUSE);
    };
    // SAFETY: the caller's contract; auxiliary data is only ever a Query.
    unsafe {
        let kept = get(fts, 0).cast::<Query>();
        if let Some(q) = kept.as_mut() {
            return Ok(q);
        }
        let n = usize::try_from(phrases(fts)).unwrap_or(0);
        let mut total: i64 = 0;
        let rc = rows(fts, &mut total);
        if rc != ffi::SQLITE_OK {
            return Err(rc);
        }
        let mut idf = Vec::with_capacity(n);
        for i in 0..n {
            let mut hits: i64 = 0;
            let rc = each(
                fts,
                i as c_int,
                (&mut hits as *mut i64).cast::<c_void>(),
                Some(count_row),
            );
            if rc != ffi::SQLITE_OK {
                return Err(rc);
            }
            // bm25's IDF, never below a small positive value so that a word
            // in most stories still counts for something.
            let f = ((total - hits) as f64 + 0.5) / (hits as f64 + 0.5);
            idf.push(f.ln().max(1e-6));
        }
        let q = Box::into_raw(Box::new(Query {
            idf,
            freq: vec![0.0; n],
        }));
        let rc = set(fts, q.cast::<c_void>(), Some(drop_query));
        if rc != ffi::SQLITE_OK {
            // On failure FTS5 has already called the destructor.
            return Err(rc);
        }
        q.as_mut().ok_or(ffi::SQLITE_NOMEM)
    }
}

/// The score of the current row; lower is better, as bm25's.
///
/// # Safety
/// `api` and `fts` as FTS5 passes them to a ranking function.
unsafe fn score(api: &ffi::Fts5ExtensionApi, fts: *mut ffi::Fts5Context) -> Result<f64, c_int> {
    let (Some(count), Some(inst)) = (api.xInstCount, api.xInst) else {
        return Err(ffi::SQLITE_MISUSE);
    };
    // SAFETY: the caller's contract.
    let q = unsafe { query(api, fts)? };
    q.freq.fill(0.0);
    let mut n: c_int = 0;
    // SAFETY: the caller's contract.
    let rc = unsafe { count(fts, &mut n) };
    if rc != ffi::SQLITE_OK {
        return Err(rc);
    }
    for i in 0..n {
        let (mut phrase, mut column, mut offset) = (0, 0, 0);
        // SAFETY: the caller's contract; `i` is below the count.
        let rc = unsafe { inst(fts, i, &mut phrase, &mut column, &mut offset) };
        if rc != ffi::SQLITE_OK {
            return Err(rc);
        }
        let w = usize::try_from(column)
            .ok()
            .and_then(|c| WEIGHTS.get(c))
            .copied()
            .unwrap_or(1.0);
        if let Some(f) = usize::try_from(phrase).ok().and_then(|p| q.freq.get_mut(p)) {
            *f += w;
        }
    }
    let sum: f64 = q
        .idf
        .iter()
        .zip(&q.freq)
        .map(|(idf, f)| idf * (f * (K1 + 1.0)) / (f + K1))
        .sum();
    Ok(-sum)
}

unsafe extern "C" fn rank(
    api: *const ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    ctx: *mut ffi::sqlite3_context,
    _n: c_int,
    _args: *mut *mut ffi::sqlite3_value,
) {
    // SAFETY: FTS5 calls this with its API, the query's context and the
    // SQL function's result context.
    unsafe {
        let Some(api) = api.as_ref() else {
            ffi::sqlite3_result_error_code(ctx, ffi::SQLITE_MISUSE);
            return;
        };
        match score(api, fts) {
            Ok(s) => ffi::sqlite3_result_double(ctx, s),
            Err(rc) => ffi::sqlite3_result_error_code(ctx, rc),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Db;

    /// A database whose index holds `docs` (title, body) as rows 1, 2, ...,
    /// with the ranking function registered.
    fn indexed(docs: &[(&str, &str)]) -> Db {
        let db = Db::in_memory();
        for (i, (title, body)) in docs.iter().enumerate() {
            db.conn
                .execute(
                    "INSERT INTO search (rowid, title, body) VALUES (?1, ?2, ?3)",
                    rusqlite::params![i as i64 + 1, title, body],
                )
                .expect("index a row");
        }
        super::register(&db.conn).expect("register");
        db
    }

    fn scores(db: &Db, function: &str, query: &str) -> Vec<(i64, f64)> {
        let mut st = db
            .conn
            .prepare(&format!(
                "SELECT rowid, {function} FROM search WHERE search MATCH ?1 ORDER BY rowid"
            ))
            .expect("prepare");
        st.query_map([query], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows")
    }

    #[test]
    fn where_every_story_is_as_long_the_rank_is_bm25_with_the_same_weights() {
        // Four words each: length normalisation is then a no-op, and only it
        // differs from bm25.
        let db = indexed(&[
            ("port strike", "dockers vote today"),
            ("budget vote", "port strike ends"),
            ("strike strike", "port port port"),
            ("weather today", "rain and wind"),
            ("port news", "ships wait outside"),
        ]);
        for query in ["port", "port strike", "\"port strike\"", "stri *", "vote"] {
            let ours = scores(&db, super::NAME_CALL, query);
            let theirs = scores(&db, "bm25(search, 10.0, 1.0, 2.0, 2.0)", query);
            assert_eq!(ours.len(), theirs.len(), "{query}");
            assert!(!ours.is_empty(), "{query}");
            for ((a, x), (b, y)) in ours.iter().zip(&theirs) {
                assert_eq!(a, b);
                assert!((x - y).abs() < 1e-9, "{query}: row {a}: {x} against {y}");
            }
        }
    }

    #[test]
    fn a_long_story_weighs_as_much_as_a_short_one_with_the_same_matches() {
        let long = format!("the strike began {}", "and went on ".repeat(200));
        let db = indexed(&[("harbour", "the strike began"), ("harbour", &long)]);
        let s = scores(&db, super::NAME_CALL, "strike");
        assert_eq!(s.len(), 2);
        assert!((s[0].1 - s[1].1).abs() < 1e-12, "{s:?}");
    }

    #[test]
    fn a_rarer_word_counts_for_more_than_a_common_one() {
        let db = indexed(&[
            ("a", "port rare"),
            ("b", "port"),
            ("c", "port"),
            ("d", "port"),
            ("e", "other"),
        ]);
        let rare = scores(&db, super::NAME_CALL, "rare")[0].1;
        let common = scores(&db, super::NAME_CALL, "port")[0].1;
        assert!(rare < common, "rare {rare}, common {common}");
    }
}
