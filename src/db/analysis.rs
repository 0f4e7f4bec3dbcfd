//! Stored analysis (people and quotations), so that a library of 100,000
//! stories is not analysed again at every start, and the people index of
//! the whole library, or one person's part of it, is built without reading
//! a story's text.

use rusqlite::{OptionalExtension, params};

use super::{Db, DbError, from_sql_id, to_sql_id};
use crate::hashing::IdSet;
use crate::people::NameKey;

/// A story's analysis as it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAnalysis {
    /// The analysis, as JSON.
    pub json: String,
    /// The rows that find the story by the people it names.
    pub names: Vec<NameKey>,
    /// Each folded surname of the story's people, with what the people
    /// index takes of the people of that surname, as JSON.
    pub by_surname: Vec<(String, String)>,
}

/// Where a feed story is stored: its feed's address and its key in the
/// feed. An analysis is kept only of a story that is there, found so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeedStoryAt<'a> {
    pub feed: &'a str,
    pub key: &'a str,
}

impl<'a> FeedStoryAt<'a> {
    /// Where `article` is stored, when it is a feed story.
    pub fn of(article: &'a crate::article::Article) -> Option<FeedStoryAt<'a>> {
        match &article.origin {
            crate::article::Origin::Feed { feed, key, .. } => Some(FeedStoryAt { feed, key }),
            _ => None,
        }
    }
}

/// A story's people of one surname as the index takes them:
/// `people::StoryPeople` as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPeople {
    pub story: u64,
    /// The story's row in the database, to read its list row by.
    pub doc: i64,
    pub json: String,
}

/// What [`Db::people_naming`] finds: the kept people, of the surnames that
/// decide who goes by a name, of every story naming any of them. People of
/// other surnames play no part in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeopleNaming {
    /// Folded surnames, sorted, each once.
    pub surnames: Vec<String>,
    /// Of each story, one for each of those surnames it names, in no
    /// particular order.
    pub stories: Vec<StoredPeople>,
}

/// The kept people of one surname (?1), by this analyser (?2), of every
/// story naming any.
pub(super) const PEOPLE_OF_SURNAME: &str =
    "SELECT story, doc, people FROM analysis_surnames WHERE surname = ?1 AND analyser = ?2";

fn analyser() -> i64 {
    i64::from(crate::analysis::VERSION)
}

impl Db {
    /// The analysis stored for a story (JSON), when it was made of the same
    /// text (`text_hash` of it as it is now) by this byline's analyser;
    /// else it is stale and `None`.
    pub fn analysis(&self, story: u64, text_hash: u64) -> Result<Option<String>, DbError> {
        self.conn
            .prepare_cached(
                "SELECT json FROM analysis WHERE story = ?1 AND text_hash = ?2 AND analyser = ?3",
            )
            .and_then(|mut st| {
                st.query_row(
                    params![to_sql_id(story), to_sql_id(text_hash), analyser()],
                    |r| r.get(0),
                )
                .optional()
            })
            .map_err(self.error("read a story's analysis"))
    }

    /// Stores the analysis of story `story`, stored `at`, replacing any
    /// older one, with the rows that find it by name, in one transaction.
    pub fn put_analysis(
        &self,
        story: u64,
        at: FeedStoryAt<'_>,
        text_hash: u64,
        stored: &StoredAnalysis,
    ) -> Result<(), DbError> {
        let err = self.error("save a story's analysis");
        let tx = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )
        .map_err(&err)?;
        let story = to_sql_id(story);
        // Deleted rather than replaced, so that its names go with it (a
        // REPLACE runs no delete trigger).
        tx.prepare_cached("DELETE FROM analysis WHERE story = ?1")
            .and_then(|mut st| st.execute([story]))
            .map_err(&err)?;
        // Only of a story that is there: one deleted by a refresh while it
        // was analysed is not kept, so every analysis has its story and
        // [`Db::every_story_analysed`] can count rather than compare. It is
        // found by its feed and key: stories have no index by id.
        let doc: Option<i64> = tx
            .prepare_cached(
                "SELECT s.doc FROM stories s JOIN feeds f ON f.id = s.feed \
                 WHERE f.url = ?1 AND s.key = ?2 AND s.id = ?3",
            )
            .and_then(|mut st| {
                st.query_row(params![at.feed, at.key, story], |r| r.get(0))
                    .optional()
            })
            .map_err(&err)?;
        if let Some(doc) = doc {
            tx.prepare_cached(
                "INSERT INTO analysis (story, text_hash, analyser, json) VALUES (?1, ?2, ?3, ?4)",
            )
            .and_then(|mut st| {
                st.execute(params![
                    story,
                    to_sql_id(text_hash),
                    analyser(),
                    stored.json,
                ])
            })
            .map_err(&err)?;
            let mut st = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO analysis_names (key, surname, story) VALUES (?1, ?2, ?3)",
                )
                .map_err(&err)?;
            for n in &stored.names {
                st.execute(params![n.key, n.surname, story]).map_err(&err)?;
            }
            let mut st = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO analysis_surnames (surname, story, doc, analyser, people) \
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .map_err(&err)?;
            for (surname, people) in &stored.by_surname {
                st.execute(params![surname, story, doc, analyser(), people])
                    .map_err(&err)?;
            }
        }
        tx.commit().map_err(&err)
    }

    /// Whether every story has an analysis of this byline's analyser:
    /// two counts, where telling which ones have none reads 200,000 ids.
    /// Exact because an analysis is kept only of a story that is there,
    /// and goes with it.
    pub fn every_story_analysed(&self) -> Result<bool, DbError> {
        let err = self.error("count the analysed stories");
        let count = |sql: &str, with: &[&dyn rusqlite::ToSql]| -> Result<i64, DbError> {
            self.conn
                .prepare_cached(sql)
                .and_then(|mut st| st.query_row(with, |r| r.get(0)))
                .map_err(&err)
        };
        let analysed = count(
            "SELECT count(*) FROM analysis WHERE analyser = ?1",
            &[&analyser()],
        )?;
        let stories = count("SELECT count(*) FROM stories", &[])?;
        Ok(analysed >= stories)
    }

    /// The stories with an analysis of this byline's analyser. Stored
    /// analyses are always of the story's text as it is (a changed story's
    /// is deleted as it changes), so these need no analysing.
    pub fn analysed_stories(&self) -> Result<IdSet, DbError> {
        let err = self.error("list the analysed stories");
        let mut st = self
            .conn
            .prepare_cached("SELECT story FROM analysis WHERE analyser = ?1")
            .map_err(&err)?;
        let rows = st
            .query_map([analyser()], |r| r.get::<_, i64>(0))
            .map_err(&err)?;
        let mut out = IdSet::default();
        for row in rows {
            out.insert(crate::article::ArticleId::from_bits(from_sql_id(
                row.map_err(&err)?,
            )));
        }
        Ok(out)
    }

    /// The kept people of every story that could be part of whoever goes
    /// by `key` (a folded name or form), of the surnames that decide it:
    /// those of the people it names, and `surnames`. Built from these
    /// alone, the people index finds the same people by `key`, with the
    /// same stories and quotations, as the index of the whole library: who
    /// a lone surname joins depends only on the names of that surname.
    pub fn people_naming(&self, key: &str, surnames: &[String]) -> Result<PeopleNaming, DbError> {
        let err = self.error("find the stories naming someone");
        let mut st = self
            .conn
            .prepare_cached("SELECT DISTINCT surname FROM analysis_names WHERE key = ?1")
            .map_err(&err)?;
        let mut all: Vec<String> = st
            .query_map([key], |r| r.get(0))
            .and_then(|rows| rows.collect())
            .map_err(&err)?;
        all.extend(surnames.iter().cloned());
        all.sort();
        all.dedup();
        // Each surname's rows lie side by side: a person named in a tenth
        // of 100,000 stories is one range, not 10,000 look-ups.
        let mut of_surname = self.conn.prepare_cached(PEOPLE_OF_SURNAME).map_err(&err)?;
        let mut stories = Vec::new();
        for s in &all {
            let rows = of_surname
                .query_map(params![s, analyser()], |r| {
                    Ok(StoredPeople {
                        story: from_sql_id(r.get(0)?),
                        doc: r.get(1)?,
                        json: r.get(2)?,
                    })
                })
                .map_err(&err)?;
            for row in rows {
                stories.push(row.map_err(&err)?);
            }
        }
        Ok(PeopleNaming {
            surnames: all,
            stories,
        })
    }
}

impl StoredAnalysis {
    /// What is stored of `analysis`, made of `article`'s text: the
    /// quotations carry their bytes in the file or feed text as read.
    pub fn of(
        article: &crate::article::Article,
        analysis: &crate::analysis::Analysis,
    ) -> Result<StoredAnalysis, serde_json::Error> {
        let texts: Vec<&str> = article.paragraphs.iter().map(|p| p.text.as_str()).collect();
        let mut people = crate::people::StoryPeople::of(analysis, &texts);
        for q in &mut people.quotes {
            let span = crate::analysis::Span {
                para: q.para as usize,
                range: q.start as usize..q.end as usize,
            };
            let at = crate::report::file_offsets(article, &span);
            q.file = u32::try_from(at.start)
                .ok()
                .zip(u32::try_from(at.end).ok())
                .map(|(s, e)| s..e);
        }
        StoredAnalysis::with_people(serde_json::to_string(analysis)?, &people)
    }

    /// What is stored of an analysis (`json`) whose people index takes
    /// `people`.
    pub fn with_people(
        json: String,
        people: &crate::people::StoryPeople<'_>,
    ) -> Result<StoredAnalysis, serde_json::Error> {
        let names = people.name_keys();
        let mut surnames: Vec<&str> = names.iter().map(|n| n.surname.as_str()).collect();
        surnames.sort_unstable();
        surnames.dedup();
        let by_surname = surnames
            .into_iter()
            .map(|surname| {
                let only = people.clone().of_surnames(&[surname.to_string()]);
                Ok((surname.to_string(), serde_json::to_string(&only)?))
            })
            .collect::<Result<_, serde_json::Error>>()?;
        Ok(StoredAnalysis {
            json,
            names,
            by_surname,
        })
    }
}
