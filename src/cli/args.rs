//! The command line: what `byline --help` describes, parsed by clap.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// A terminal news reader that shows who is quoted and who is named.
///
/// With no PATH, byline opens the stories of the subscribed feeds as last
/// fetched, or without subscriptions its bundled sample library.
#[derive(Parser)]
#[command(version, subcommand_precedence_over_arg = true)]
pub struct Cli {
    /// Story files (.txt, .md) and directories to read.
    pub paths: Vec<PathBuf>,
    /// Where read marks, bookmarks, subscriptions and cached feed stories
    /// are kept (default: $BYLINE_HOME, else the platform's data directory
    /// for byline, and its configuration directory for subscriptions).
    #[arg(long, global = true, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,
    /// The configuration file (default: config.toml beside feeds.toml, in
    /// the configuration directory or under $BYLINE_HOME / --state-dir).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Print the configuration in force, every default included and
    /// explained, to start a config.toml from.
    Config {
        /// Only check the file: what is wrong goes to stderr, with exit code 1.
        #[arg(long)]
        check: bool,
    },
    /// Print the library, a line per story: date, title, source, path.
    List {
        /// One JSON object per line instead.
        #[arg(long)]
        json: bool,
        paths: Vec<PathBuf>,
    },
    /// Print every bookmark, newest first.
    Bookmarks {
        /// One JSON object per line: story_id, title, kind, text, note,
        /// created, and for passages the people and speakers in them.
        #[arg(long, conflicts_with = "markdown")]
        json: bool,
        /// A Markdown document grouped by story, each passage a block quote.
        #[arg(long)]
        markdown: bool,
        /// Only passages with a quotation by NAME (any form of the name,
        /// case and accents aside). Exit code 1 when there are none.
        #[arg(long, value_name = "NAME")]
        speaker: Option<String>,
        /// Stories to look sources up in (default: the bundled library).
        paths: Vec<PathBuf>,
    },
    /// Print the people and quotations of stories: who is named, who is quoted, who said what.
    Analyze {
        /// One JSON object per story per line, with byte offsets into each file.
        #[arg(long)]
        json: bool,
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Subscribe to feeds (RSS, Atom, JSON Feed), list them, import or export OPML.
    Feed {
        #[command(subcommand)]
        action: FeedAction,
    },
    /// Search the whole library (titles, text, sources, authors), best match first.
    ///
    /// Every word must match; "quoted words" match as a phrase. Exit code 1
    /// when nothing matches.
    Search {
        /// One JSON object per line, as `list --json` prints, with the rank.
        #[arg(long)]
        json: bool,
        #[arg(required = true, value_name = "WORDS")]
        words: Vec<String>,
    },
    /// Print every person named in the library, most quoted first: the
    /// forms of their name, their stories, their quotations.
    ///
    /// People are joined across stories by name, case and accents aside; a
    /// story naming only a surname joins the one person with that surname.
    People {
        /// One JSON object per person per line, with the forms each story uses.
        #[arg(long)]
        json: bool,
        /// Only the stories of this source.
        #[arg(long, value_name = "NAME")]
        source: Option<String>,
        paths: Vec<PathBuf>,
    },
    /// Print every quotation in the library with who said it, newest first.
    Quotes {
        /// One JSON object per quotation per line, with byte offsets into its file.
        #[arg(long)]
        json: bool,
        /// Only what this person said: their name or any form of it, case
        /// and accents aside. Exit code 1 when no one is called that.
        #[arg(long, value_name = "NAME")]
        speaker: Option<String>,
        /// Only the stories of this source.
        #[arg(long, value_name = "NAME")]
        source: Option<String>,
        /// Only stories dated this day or later.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::quotes::parse_date)]
        since: Option<byline::article::Date>,
        paths: Vec<PathBuf>,
    },
    /// Fetch every subscribed feed now; exit code 1 when any failed.
    Refresh {
        /// Seconds to wait for each feed before giving up on it.
        #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
        timeout: f64,
    },
}

#[derive(Subcommand)]
pub enum FeedAction {
    /// Subscribe to a feed by its http or https address; its title is learnt on the first refresh.
    Add {
        url: String,
        /// What to call it instead of its title.
        #[arg(long)]
        name: Option<String>,
        /// The feed sends only summaries: fetch each new story's page and
        /// keep its whole text (`full_text = true` in feeds.toml).
        #[arg(long)]
        full_text: bool,
    },
    /// Unsubscribe from a feed, by address or name.
    Remove {
        #[arg(value_name = "URL|NAME")]
        feed: String,
    },
    /// Print the subscriptions: name, address and stories kept.
    List,
    /// Subscribe to every feed listed in an OPML file.
    Import {
        #[arg(value_name = "FILE.opml")]
        file: PathBuf,
    },
    /// Print the subscriptions as OPML 2.0.
    Export,
}
