//! The people index kept up to date behind the reader: the app says which
//! stories need analysing ([`Effect::Analyse`](super::Effect::Analyse)), one
//! thread of the shell's analyses them ([`Analyser`]) and the results come
//! back a batch at a time as [`Msg::Analysed`].
//!
//! The worker holds no `App`: it gets the list rows and the [`Bodies`], and
//! reads each story's text itself, so the UI thread only ever adds finished
//! analyses to the index.

use std::collections::{HashMap, HashSet, VecDeque};
use std::hash::BuildHasherDefault;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering as Atomic};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::{Analysed, App, Effect, Msg};
use crate::analysis::{Analysis, analyze};
use crate::article::{Article, ArticleId, Origin};
use crate::library::{Bodies, Keeping, whole};
use crate::people::StoryInfo;

/// Stories per [`Msg::Analysed`]: adding this many to the index costs the
/// UI thread one to three milliseconds, so that a key pressed meanwhile is
/// answered within 5 ms (at 200 a batch, the slowest took 13 ms).
pub const ANALYSED_BATCH: usize = 50;

/// A batch goes out sooner when its stories are slow to analyse, so the
/// count of those left keeps moving.
const BATCH_TIME: Duration = Duration::from_millis(250);

/// Stories to analyse for the people index, and where their text and
/// stored analyses come from.
#[derive(Clone)]
pub struct Analyse {
    pub rows: Vec<Arc<Article>>,
    pub bodies: Option<Arc<dyn Bodies>>,
}

impl std::fmt::Debug for Analyse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyse")
            .field("rows", &self.rows.len())
            .field("bodies", &self.bodies.is_some())
            .finish()
    }
}

impl Analyse {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Does the work on this thread, sending batches through `send` with
    /// the number of this job's stories still to come; false when `send`
    /// did (the receiver is gone) and the work was left unfinished.
    pub fn run(self, send: impl FnMut(Msg) -> bool) -> bool {
        let pending = AtomicUsize::new(self.rows.len());
        self.run_counted(&pending, &AtomicBool::new(false), send)
    }

    /// As [`Analyse::run`], with `pending` counting every queued story
    /// (this job's among them), and stopping between stories once `stop`
    /// is set.
    fn run_counted(
        self,
        pending: &AtomicUsize,
        stop: &AtomicBool,
        mut send: impl FnMut(Msg) -> bool,
    ) -> bool {
        let bodies = self.bodies.as_deref();
        let mut stories = Vec::with_capacity(ANALYSED_BATCH.min(self.rows.len()));
        let mut since = Instant::now();
        for row in &self.rows {
            if stop.load(Atomic::Relaxed) {
                return false;
            }
            // A story that cannot be read (a file gone since it was
            // listed) is passed over: its removal comes as its own event.
            if let Some(done) = analysed(row, bodies) {
                stories.push(done);
            }
            let _ = pending.fetch_update(Atomic::SeqCst, Atomic::SeqCst, |n| {
                Some(n.saturating_sub(1))
            });
            if stories.len() >= ANALYSED_BATCH || since.elapsed() >= BATCH_TIME {
                let left = pending.load(Atomic::SeqCst);
                if !send(Msg::Analysed {
                    stories: std::mem::take(&mut stories),
                    left,
                }) {
                    return false;
                }
                since = Instant::now();
            }
        }
        // Sent even when empty: it carries the count down to what is left.
        send(Msg::Analysed {
            stories,
            left: pending.load(Atomic::SeqCst),
        })
    }
}

/// A row's story read whole and analysed: the stored analysis when it
/// fits the text, else one made now and kept for the next start.
pub fn analysed(row: &Arc<Article>, bodies: Option<&dyn Bodies>) -> Option<Analysed> {
    let article = whole(row, bodies).ok()?;
    let analysis = stored_or_made(&article, bodies, Keeping::Wait);
    Some(Analysed {
        info: StoryInfo::of(row),
        analysis,
        paragraphs: article
            .paragraphs
            .iter()
            .map(|p| p.text.as_str().to_string())
            .collect(),
    })
}

/// The story's analysis as `bodies` keeps it, when it is there and fits
/// the text; else made now, and kept for next time as `keeping` allows.
pub(super) fn stored_or_made(
    article: &Article,
    bodies: Option<&dyn Bodies>,
    keeping: Keeping,
) -> Analysis {
    let texts: Vec<&str> = article.paragraphs.iter().map(|p| p.text.as_str()).collect();
    let Some(bodies) = bodies else {
        return analyze(&texts);
    };
    let hash = article.text_hash();
    if let Some(analysis) = bodies.analysis(article.id, hash)
        && analysis.fits(&texts)
    {
        return analysis;
    }
    let analysis = analyze(&texts);
    bodies.keep_analysis(article, &analysis, keeping);
    analysis
}

/// The one thread that analyses for the people index, taking jobs in the
/// order given, below the UI's priority where the system allows.
pub struct Analyser {
    queue: Arc<Queue>,
    /// Stories of every job given and not yet done.
    pending: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    /// Disconnected when the worker has ended.
    ended: mpsc::Receiver<()>,
}

#[derive(Default)]
struct Queue {
    jobs: Mutex<VecDeque<Analyse>>,
    ready: Condvar,
}

impl Analyser {
    /// Starts the worker; it sends its batches through `send` and ends
    /// when `send` returns false or the analyser is dropped.
    pub fn start(send: impl FnMut(Msg) -> bool + Send + 'static) -> Analyser {
        let queue = Arc::new(Queue::default());
        let pending = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (ended_tx, ended) = mpsc::channel::<()>();
        {
            let (queue, pending, stop) = (queue.clone(), pending.clone(), stop.clone());
            std::thread::spawn(move || {
                let _ended = ended_tx;
                lower_priority();
                let mut send = send;
                while let Some(job) = queue.next(&stop) {
                    if !job.run_counted(&pending, &stop, &mut send) {
                        return;
                    }
                }
            });
        }
        Analyser {
            queue,
            pending,
            stop,
            ended,
        }
    }

    pub fn push(&self, job: Analyse) {
        if job.is_empty() {
            return;
        }
        self.pending.fetch_add(job.len(), Atomic::SeqCst);
        self.queue
            .jobs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push_back(job);
        self.queue.ready.notify_one();
    }
}

impl Queue {
    /// The next job, waiting for one; None once `stop` is set.
    fn next(&self, stop: &AtomicBool) -> Option<Analyse> {
        let mut jobs = self.jobs.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if stop.load(Atomic::SeqCst) {
                return None;
            }
            if let Some(job) = jobs.pop_front() {
                return Some(job);
            }
            jobs = self
                .ready
                .wait(jobs)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

impl Drop for Analyser {
    /// Stops the worker after the story it is on, and waits a moment for
    /// it, so that the analyses it kept reach the database as the reader
    /// closes it; a story that takes longer is given up.
    fn drop(&mut self) {
        self.stop.store(true, Atomic::SeqCst);
        {
            // Taken so the worker is either waiting (and woken) or will see
            // the flag before it waits.
            let _jobs = self
                .queue
                .jobs
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            self.queue.ready.notify_all();
        }
        let _ = self.ended.recv_timeout(Duration::from_secs(2));
    }
}

/// Lowers the calling thread's scheduling priority, so that on a busy
/// machine a key press still wins over the analysis.
#[cfg(target_os = "linux")]
fn lower_priority() {
    // SAFETY: both calls only read their arguments; on Linux the nice value
    // is a thread's own, and the thread's id names this thread alone.
    unsafe {
        let me = libc::gettid();
        libc::setpriority(libc::PRIO_PROCESS, me as libc::id_t, 10);
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {}

/// Which stories the people index has or has been asked for, so that only
/// new and changed ones are analysed.
#[derive(Debug, Clone, Default)]
pub struct Catching {
    /// Stories indexed or queued: every batch loaded is looked up in it
    /// row by row, the whole library.
    known: IdSet,
    /// Stories taken out while their analysis may still be on its way.
    gone: IdSet,
    /// The story of each file queued, by a hash of its path: a file read
    /// again whose title or date changed has a new id, and its old story
    /// has to leave the index.
    files: HashMap<u64, ArticleId, BuildHasherDefault<IdHasher>>,
}

use crate::hashing::{IdHasher, IdSet};

/// A hash of the path's bytes (FNV-1a): a `Path`'s own hash goes component
/// by component, which for 100,000 files cost more than the rest of a batch.
fn path_key(path: &Path) -> u64 {
    ArticleId::from_key_bytes(path.as_os_str().as_encoded_bytes()).bits()
}

impl App {
    /// Asks for every story not yet in the people index to be analysed
    /// in the background: the library the reader starts with. The effect
    /// returned does it.
    pub fn analyse_library(&mut self) -> Vec<Effect> {
        self.queue_library();
        self.asked()
    }

    fn queue_library(&mut self) {
        let known = &mut self.catching.known;
        let rows = self
            .library
            .articles
            .iter()
            .filter(|a| known.insert(a.id))
            .cloned()
            .collect();
        self.analyse(rows);
    }

    /// Queues the rows of stories just added or read again, as the
    /// library holds them now (with the ids it gave them).
    pub(super) fn analyse_added(&mut self, added: Vec<Arc<Article>>) {
        let mut seen = IdSet::default();
        let rows: Vec<Arc<Article>> = added.into_iter().filter(|r| seen.insert(r.id)).collect();
        for r in &rows {
            self.catching.known.insert(r.id);
        }
        self.analyse(rows);
    }

    fn analyse(&mut self, rows: Vec<Arc<Article>>) {
        if rows.is_empty() {
            return;
        }
        let mut replaced = Vec::new();
        for a in &rows {
            self.catching.gone.remove(&a.id);
            if let Origin::File(path) = &a.origin
                && let Some(old) = self.catching.files.insert(path_key(path), a.id)
                && old != a.id
            {
                replaced.push(old);
            }
        }
        for old in replaced {
            self.forget(old);
        }
        self.people_left += rows.len();
        self.effects.push(Effect::Analyse(Analyse {
            rows,
            bodies: self.library.bodies.clone(),
        }));
    }

    /// Takes the stories of files that are gone out of the people index,
    /// before their rows leave the library.
    pub(super) fn forget_files(&mut self, gone: &HashSet<PathBuf>) {
        let ids: Vec<ArticleId> = self
            .library
            .articles
            .iter()
            .filter(|a| matches!(&a.origin, Origin::File(p) if gone.contains(p)))
            .map(|a| a.id)
            .collect();
        for path in gone {
            self.catching.files.remove(&path_key(path));
        }
        for id in ids {
            self.forget(id);
        }
    }

    fn forget(&mut self, id: ArticleId) {
        self.people.remove(id);
        self.catching.known.remove(&id);
        self.catching.gone.insert(id);
    }

    /// Stories analysed in the background join the index, unless they
    /// left the library while they were being analysed.
    pub(super) fn take_analysed(&mut self, stories: Vec<Analysed>, left: usize) {
        for s in stories {
            if self.catching.gone.contains(&s.info.id()) {
                continue;
            }
            let texts: Vec<&str> = s.paragraphs.iter().map(String::as_str).collect();
            self.people.add(s.info, &s.analysis, &texts);
        }
        self.people_left = left;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::article::{Format, parse};

    fn job(from: usize, n: usize) -> Analyse {
        let rows = (from..from + n)
            .map(|i| {
                let text =
                    format!("title Story {i}\n\n\"We start at {i},\" said Mayor Ana Ruiz.\n");
                Arc::new(parse(
                    &text,
                    Format::Plain,
                    Origin::File(format!("{i}").into()),
                    "s",
                ))
            })
            .collect();
        Analyse { rows, bodies: None }
    }

    #[test]
    fn the_analyser_takes_jobs_in_turn_and_counts_down_what_is_left_of_all_of_them() {
        let (send, got) = mpsc::channel();
        let analyser = Analyser::start(move |msg| send.send(msg).is_ok());
        analyser.push(job(0, ANALYSED_BATCH + 10));
        analyser.push(job(1_000, 30));
        let total = ANALYSED_BATCH + 40;
        let mut seen = 0;
        let mut lefts = Vec::new();
        while seen < total || lefts.last() != Some(&0) {
            let Ok(Msg::Analysed { stories, left }) = got.recv() else {
                panic!("the analyser stopped early");
            };
            seen += stories.len();
            lefts.push(left);
        }
        assert_eq!(seen, total);
        // The second job may join the count after a first batch went out.
        let rises = lefts.windows(2).filter(|w| w[0] < w[1]).count();
        assert!(rises <= 1, "{lefts:?}");
        drop(analyser);
        assert!(got.recv().is_err(), "dropping the analyser ends its thread");
    }
}
