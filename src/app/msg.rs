//! What goes into [`App::update`](super::App::update), a [`Msg`], and what
//! comes out, the [`Effect`]s the shell carries out; and the work a large
//! story's layout is, done off the UI thread.

use std::sync::Arc;

use super::{Analyse, Marks, View};
use crate::analysis::{Analysis, analyze};
use crate::article::{Article, ArticleId};
use crate::config::Launch;
use crate::feed::{FetchConfig, RefreshEvent, Subscriptions};
use crate::keymap::Key;
use crate::library::LoadEvent;
use crate::store::FeedPaths;

/// Everything that can happen to the app.
#[derive(Debug, Clone)]
pub enum Msg {
    /// Stories arriving from a background load.
    Loaded(LoadEvent),
    /// The terminal stopped delivering input: the app can only quit.
    InputFailed(String),
    /// A large story, analysed and laid out by a [`Job`].
    Laid(Box<Laid>),
    Key(Key),
    Resize {
        width: u16,
        height: u16,
    },
    /// Mouse wheel at a cell; `down` is towards the end.
    Wheel {
        column: u16,
        row: u16,
        down: bool,
    },
    Click {
        column: u16,
        row: u16,
    },
    /// Progress of a feed refresh started by [`Effect::Refresh`].
    Refresh(RefreshEvent),
    /// Something the shell wants the status bar to say (an [`Effect`] that failed).
    Notice(String),
    /// Stories analysed in the background join the people index; `left`
    /// says how many are still to come (0: caught up).
    Analysed {
        stories: Vec<Analysed>,
        left: usize,
    },
    /// A process signal, or Ctrl-Z; see [`Signal`].
    Signal(Signal),
    /// Time for the refresh the configuration asks for every N minutes.
    AutoRefresh,
    /// What an effect did, for the status bar (a story saved).
    Status(String),
    /// How writing the state file went (see [`Effect::SaveState`]).
    Saved(crate::store::Saved),
}

/// What the shell was asked from outside the keymap. Giving the terminal
/// back and taking it again is the shell's work; the app only quits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// Stop for good (SIGTERM, SIGHUP, SIGINT, SIGQUIT): quit as `q` does.
    /// The number is the signal's, for the exit status.
    Stop(i32),
    /// Stop for now (Ctrl-Z, SIGTSTP), to be continued.
    Suspend,
    /// Continued (SIGCONT); whoever stopped us may have reset the terminal.
    Resume,
}

/// A story's analysis, for the people index.
#[derive(Debug, Clone)]
pub struct Analysed {
    pub info: crate::people::StoryInfo,
    pub analysis: Analysis,
    /// The display texts the analysis's spans point into.
    pub paragraphs: Vec<String>,
}

/// What `update` asks of the shell: work off the UI thread, or with
/// effects outside the program (network, other programs, the terminal);
/// results, progress and failures come back as `Msg`s.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Lay out (and analyse) a large story off the UI thread; the result
    /// comes back from [`Job::run`] as [`Msg::Laid`].
    LayOut(Job),
    /// Write read marks and bookmarks made in memory to the state file, off
    /// the UI thread (once the shell has [`App::save_elsewhere`]); how it
    /// went comes back as [`Msg::Saved`].
    SaveState(crate::store::Unsaved),
    /// Refresh every subscribed feed in the background.
    Refresh {
        paths: FeedPaths,
        subscriptions: Subscriptions,
        config: FetchConfig,
    },
    /// Run a program: the browser for a link, or the pipe command with a
    /// story's text.
    Launch(Launch),
    /// A link's address to the terminal's clipboard (OSC 52).
    Copy(String),
    /// Write a story to a new file in `dir`, named from `stem`, never over
    /// another; the shell says where it went.
    Save {
        dir: std::path::PathBuf,
        stem: String,
        extension: &'static str,
        text: String,
    },
    /// Fetch a feed story's article from its page now; the result comes
    /// back as [`RefreshEvent::Page`].
    FullText {
        paths: FeedPaths,
        config: FetchConfig,
        feed_url: String,
        feed_name: String,
        key: String,
    },
    /// Analyse stories for the people index, behind the reader; the
    /// results come back as [`Msg::Analysed`].
    Analyse(Analyse),
}

/// Stories with more display text than this are analysed and laid out on
/// another thread, so opening one never freezes the screen.
pub const LARGE_STORY_BYTES: usize = 256 * 1024;

/// Work the shell runs off the UI thread; its result comes back as a `Msg`.
#[derive(Debug, Clone)]
pub enum Job {
    /// Analyse (unless `analysis` is given) and lay out a story for a width.
    Layout {
        article: Arc<Article>,
        analysis: Option<Arc<Analysis>>,
        width: usize,
    },
}

/// A story analysed and laid out off the UI thread.
#[derive(Debug, Clone)]
pub struct Laid {
    pub id: ArticleId,
    pub width: usize,
    pub analysis: Arc<Analysis>,
    pub marks: Arc<Marks>,
    pub view: View,
}

impl Job {
    /// Does the work; the shell calls this on a worker thread.
    pub fn run(self) -> Msg {
        match self {
            Job::Layout {
                article,
                analysis,
                width,
            } => {
                let analysis = analysis.unwrap_or_else(|| Arc::new(analyze_article(&article)));
                let marks = Arc::new(Marks::new(&analysis, article.paragraphs.len()));
                let view = View::new(&article, &analysis, width);
                Msg::Laid(Box::new(Laid {
                    id: article.id,
                    width,
                    analysis,
                    marks,
                    view,
                }))
            }
        }
    }
}

fn analyze_article(article: &Article) -> Analysis {
    let texts: Vec<&str> = article.paragraphs.iter().map(|p| p.text.as_str()).collect();
    analyze(&texts)
}

pub(super) fn is_large(article: &Article) -> bool {
    article
        .paragraphs
        .iter()
        .map(|p| p.text.len())
        .sum::<usize>()
        > LARGE_STORY_BYTES
}
