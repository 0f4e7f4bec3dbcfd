//! The database's tables, as one script run once on a new database.

/// `PRAGMA user_version` of a database this build reads and writes. A
/// database with a higher number was made by a newer byline and is moved
/// aside rather than misread.
pub const VERSION: i64 = 4;

/// The table of version 2, in one place for the schema and the upgrade.
macro_rules! full_text_table {
    () => {
        r#"
-- The article fetched from a story's page (`full_text = true` feeds, or on
-- demand), beside the feed's summary in `story_text`, which is kept: the
-- list, bookmarks made on it and a page that later fails all need it.
-- The validators make fetching the page again a conditional request.
CREATE TABLE full_text (
    doc           INTEGER PRIMARY KEY REFERENCES stories (doc),
    -- A JSON array of strings, as in `story_text`.
    paragraphs    TEXT NOT NULL,
    etag          TEXT,
    last_modified TEXT,
    fetched       INTEGER NOT NULL
);
"#
    };
}

/// The analysis tables of version 4, in one place for the schema and the
/// upgrades.
macro_rules! analysis_tables {
    () => {
        r#"
-- By story id, valid while the story's text hashes to `text_hash` and it
-- was made by the analyser this byline has (`analysis::VERSION`).
CREATE TABLE analysis (
    story     INTEGER PRIMARY KEY,
    text_hash INTEGER NOT NULL,
    analyser  INTEGER NOT NULL,
    json      TEXT NOT NULL
);
-- Which stories are analysed, without reading the analyses.
CREATE INDEX analysis_by_analyser ON analysis (analyser, story);
-- Every folded form naming a person in an analysed story, with the surname
-- of that person's name: one person's stories are found by a look-up, not
-- by reading every analysis (see `People::find`).
CREATE TABLE analysis_names (
    key     TEXT NOT NULL,
    surname TEXT NOT NULL,
    story   INTEGER NOT NULL,
    PRIMARY KEY (key, surname, story)
) WITHOUT ROWID;
CREATE INDEX analysis_names_by_story ON analysis_names (story);
-- A story's people of one folded surname and the quotations given them
-- (`people::StoryPeople`, as JSON), with the story's row in `stories`.
-- Who goes by a name depends only on the people of its surnames: one
-- person's part of the index reads these, side by side, and no one else.
CREATE TABLE analysis_surnames (
    surname  TEXT NOT NULL,
    story    INTEGER NOT NULL,
    doc      INTEGER NOT NULL,
    analyser INTEGER NOT NULL,
    people   TEXT NOT NULL,
    PRIMARY KEY (surname, story)
) WITHOUT ROWID;
CREATE INDEX analysis_surnames_by_story ON analysis_surnames (story);
CREATE TRIGGER analysis_gone AFTER DELETE ON analysis BEGIN
    DELETE FROM analysis_names WHERE story = OLD.story;
    DELETE FROM analysis_surnames WHERE story = OLD.story;
END;
-- A story whose text changed or went has no analysis: what is stored is
-- then always of the text as it is, and a look-up need not read the text
-- to know.
CREATE TRIGGER story_changed AFTER UPDATE ON stories BEGIN
    DELETE FROM analysis WHERE story IN (OLD.id, NEW.id);
END;
CREATE TRIGGER story_gone AFTER DELETE ON stories BEGIN
    DELETE FROM analysis WHERE story = OLD.id;
END;
CREATE TRIGGER full_text_came AFTER INSERT ON full_text BEGIN
    DELETE FROM analysis WHERE story IN (SELECT id FROM stories WHERE doc = NEW.doc);
END;
CREATE TRIGGER full_text_gone AFTER DELETE ON full_text BEGIN
    DELETE FROM analysis WHERE story IN (SELECT id FROM stories WHERE doc = OLD.doc);
END;
"#
    };
}

/// Everything here can be fetched or rebuilt: what the user made stays in
/// the state journal.
///
/// u64 ids (story ids, hashes) are stored as the i64 of the same bits,
/// since SQLite's integers are signed.
pub const SCHEMA: &str = concat!(
    r#"
CREATE TABLE feeds (
    id            INTEGER PRIMARY KEY,
    url           TEXT NOT NULL UNIQUE,
    title         TEXT,
    etag          TEXT,
    last_modified TEXT
);

-- A feed's stories without their text, so that the list reads only these
-- small rows. `doc` is the story's row in `search`.
CREATE TABLE stories (
    doc        INTEGER PRIMARY KEY,
    feed       INTEGER NOT NULL REFERENCES feeds (id),
    key        TEXT NOT NULL,
    id         INTEGER NOT NULL,
    title      TEXT NOT NULL,
    author     TEXT,
    published  INTEGER,
    link       TEXT,
    first_seen INTEGER NOT NULL,
    -- Of everything a refresh can change, so an unchanged story is not
    -- written (nor re-indexed) again.
    hash       INTEGER NOT NULL,
    UNIQUE (feed, key)
);
-- The list reads a feed's stories in the order they were stored (the
-- rowid ends every index), without sorting.
CREATE INDEX stories_by_feed ON stories (feed);

CREATE TABLE story_text (
    doc        INTEGER PRIMARY KEY REFERENCES stories (doc),
    -- A JSON array of strings: a paragraph may hold any character.
    paragraphs TEXT NOT NULL
);
"#,
    full_text_table!(),
    r#"
-- Story files as last read. `path` is the OS's bytes, as given, so that a
-- prefix is a range of the unique index; `search` has the file as -doc.
CREATE TABLE files (
    doc      INTEGER PRIMARY KEY,
    path     BLOB NOT NULL UNIQUE,
    size     INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    id       INTEGER NOT NULL,
    title    TEXT NOT NULL,
    date     TEXT,
    dateline TEXT,
    source   TEXT,
    author   TEXT,
    url      TEXT
);

"#,
    analysis_tables!(),
    r#"

-- Contentless: the text is in `story_text` or in the files themselves, so it
-- is not kept twice; contentless-delete so rows can be replaced and removed.
CREATE VIRTUAL TABLE search USING fts5 (
    title, body, source, author,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
-- Feed stories stored but not yet in `search`: a refresh stores them at
-- once and the index catches up afterwards, because indexing is most of
-- what storing a story costs.
CREATE TABLE unindexed (
    doc INTEGER PRIMARY KEY
);

-- A refresh writes a feed's stories in one transaction; with FTS5's default
-- of 1 MB it wrote and merged several segments for each.
INSERT INTO search (search, rank) VALUES ('hashsize', 16777216);

PRAGMA user_version = 4;
"#
);

/// Each step from a version to the next, run in place on the user's file
/// in one transaction: nothing in an older database is lost or moved aside.
///
/// Version 3's analyses are keyed by the analyser too: those of version 2
/// are of an older analyser, and are made again rather than kept.
///
/// Version 4 has no index of stories by id: kept up through a refresh, its
/// random keys made a tenth of the time of storing 100,000 new stories.
/// An analysis is kept by the story's feed and key instead, and one
/// person's stories are found with their rows in `stories`. Its analyses
/// are kept by surname instead of whole (a story's people as one record
/// had no reader left), which SQL cannot split: they are made again.
pub const UPGRADES: [(i64, &str); 3] = [
    (1, concat!(full_text_table!(), "PRAGMA user_version = 2;")),
    (
        2,
        concat!(
            "DROP TABLE analysis;",
            analysis_tables!(),
            "PRAGMA user_version = 3;"
        ),
    ),
    (
        3,
        concat!(
            "DROP INDEX IF EXISTS stories_by_id;",
            "DROP TRIGGER IF EXISTS story_changed; DROP TRIGGER IF EXISTS story_gone;",
            "DROP TRIGGER IF EXISTS full_text_came; DROP TRIGGER IF EXISTS full_text_gone;",
            "DROP TABLE IF EXISTS analysis_surnames; DROP TABLE IF EXISTS analysis_names;",
            "DROP TABLE analysis;",
            analysis_tables!(),
            "PRAGMA user_version = 4;"
        ),
    ),
];

/// The tables a database of [`VERSION`] has; one missing is damage.
pub const TABLES: [&str; 10] = [
    "analysis_names",
    "analysis_surnames",
    "unindexed",
    "full_text",
    "feeds",
    "stories",
    "story_text",
    "files",
    "analysis",
    "search",
];
