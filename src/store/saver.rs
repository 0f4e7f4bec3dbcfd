//! Saving the state file on another thread. With [`Store::defer_saving`]
//! the store makes each change in memory at once and queues it;
//! [`Store::take_unsaved`] hands the queue over, a [`Saver`] (on its own
//! thread, see [`SaverThread`]) writes it, and its [`Saved`] report goes back
//! to [`Store::saved`]: whether the disk took it, what other processes
//! saved meanwhile, and whether a newer byline has taken the file over.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender};
use std::thread::JoinHandle;

use super::journal::{Failure, Journal};
use super::record::Record;
use super::state::State;
use super::{OpenError, Recovery, SaveStatus, Store, newer_refusal};

/// Changes made in memory, in order, for the saver to write.
#[derive(Debug, Clone)]
pub struct Unsaved {
    seq: u64,
    records: Vec<Record>,
}

impl Unsaved {
    /// How many changes it holds (none for a request to take in what other
    /// processes saved).
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

/// How saving an [`Unsaved`] went, for [`Store::saved`].
#[derive(Debug, Clone)]
pub struct Saved {
    seq: u64,
    outcome: Outcome,
}

#[derive(Debug, Clone)]
enum Outcome {
    /// Written, or kept for the next attempt when the disk refused
    /// (`failing`); `state` is the file's, other processes' changes included.
    Written {
        state: State,
        failing: Option<String>,
        recovery: Option<Recovery>,
    },
    /// The file belongs to a newer byline: these changes and every later
    /// one are refused; `state` is what had been saved before.
    Refused {
        state: State,
        path: PathBuf,
        found: Option<u64>,
    },
    /// Refused already: nothing more is written.
    Ignored,
}

/// Writes what the UI's store made in memory, in the order it was made.
#[derive(Debug)]
pub struct Saver {
    journal: Option<Journal>,
    /// The file's state as this saver knows it: every change it was given,
    /// and what other processes saved.
    state: State,
    /// Changes the disk refused so far, written with the next ones.
    pending: Vec<Record>,
}

impl Saver {
    /// Writes `unsaved` (or, empty, takes in what other processes saved).
    pub fn save(&mut self, unsaved: Unsaved) -> Saved {
        let seq = unsaved.seq;
        let Some(journal) = self.journal.as_mut() else {
            return Saved {
                seq,
                outcome: Outcome::Ignored,
            };
        };
        let mut recovery = None;
        let mut failing = None;
        let mut fresh = unsaved.records.into_iter().map(Some).collect::<Vec<_>>();
        if fresh.is_empty() {
            fresh.push(None);
        }
        // One record at a time, as the store saves them: a record is made
        // only once the file is known to be one this byline may write.
        for record in fresh {
            match journal.flush(&mut self.state, &self.pending, record.as_ref()) {
                Ok(found) => {
                    self.pending.clear();
                    failing = None;
                    recovery = found.or(recovery);
                }
                Err(Failure::Io(why) | Failure::Unusable(why)) => {
                    if let Some(r) = record {
                        self.state.apply(r.clone());
                        self.pending.push(r);
                    }
                    failing = Some(why);
                }
                Err(Failure::Newer(found)) => {
                    let path = journal.paths().state_file();
                    self.journal = None;
                    // What failed to save dies with the file taken over, as
                    // it does when the store saves in place.
                    self.pending.clear();
                    return Saved {
                        seq,
                        outcome: Outcome::Refused {
                            state: self.state.clone(),
                            path,
                            found,
                        },
                    };
                }
            }
        }
        Saved {
            seq,
            outcome: Outcome::Written {
                state: self.state.clone(),
                failing,
                recovery,
            },
        }
    }
}

/// The UI's side of deferred saving.
#[derive(Debug, Default)]
pub(super) struct Deferred {
    /// Changes made since the last [`Store::take_unsaved`].
    outbox: Vec<Record>,
    /// Handed over, not yet reported saved: applied again over the state a
    /// report brings, which predates them.
    in_flight: Vec<(u64, Vec<Record>)>,
    last_seq: u64,
    /// Asked to take in other processes' changes.
    sync: bool,
}

impl Store {
    /// From now on this store makes changes in memory only and queues them
    /// for the returned [`Saver`], to be run on another thread. None for a
    /// store with no file (or already deferred).
    pub fn defer_saving(&mut self) -> Option<Saver> {
        if self.deferred.is_some() || self.batching {
            return None;
        }
        let journal = self.journal.take()?;
        self.deferred = Some(Deferred::default());
        Some(Saver {
            journal: Some(journal),
            state: self.state.clone(),
            pending: std::mem::take(&mut self.pending),
        })
    }

    /// The changes made since the last call, for the saver; none when
    /// there are none (or saving is not deferred).
    pub fn take_unsaved(&mut self) -> Option<Unsaved> {
        let deferred = self.deferred.as_mut()?;
        if deferred.outbox.is_empty() && !deferred.sync {
            return None;
        }
        deferred.sync = false;
        deferred.last_seq += 1;
        let records = std::mem::take(&mut deferred.outbox);
        deferred
            .in_flight
            .push((deferred.last_seq, records.clone()));
        Some(Unsaved {
            seq: deferred.last_seq,
            records,
        })
    }

    /// Takes in the saver's report: the state as saved (with what other
    /// processes saved), whether saving fails, or that it is refused.
    pub fn saved(&mut self, report: Saved) {
        let Some(deferred) = self.deferred.as_mut() else {
            return;
        };
        deferred.in_flight.retain(|(seq, _)| *seq > report.seq);
        match report.outcome {
            Outcome::Written {
                state,
                failing,
                recovery,
            } => {
                self.state = state;
                // Made since, not yet in the saver's state.
                for (_, records) in &deferred.in_flight {
                    records.iter().for_each(|r| self.state.apply(r.clone()));
                }
                deferred
                    .outbox
                    .iter()
                    .for_each(|r| self.state.apply(r.clone()));
                self.status = failing.map_or(SaveStatus::Saved, SaveStatus::Failing);
                if recovery.is_some() {
                    self.recovery = recovery;
                }
            }
            Outcome::Refused { state, path, found } => {
                self.state = state;
                deferred.in_flight.clear();
                deferred.outbox.clear();
                self.refused = Some(newer_refusal(found));
                self.status =
                    SaveStatus::Disabled(OpenError::NewerSchema { path, found }.to_string());
            }
            Outcome::Ignored => {}
        }
    }

    /// Makes one change in memory for the saver; see [`Store::defer_saving`].
    pub(super) fn defer(&mut self, record: Record) -> bool {
        let Some(deferred) = self.deferred.as_mut() else {
            return false;
        };
        self.state.apply(record.clone());
        deferred.outbox.push(record);
        true
    }

    /// Asks the saver to take in what other processes saved.
    pub(super) fn defer_sync(&mut self) -> bool {
        let Some(deferred) = self.deferred.as_mut() else {
            return false;
        };
        deferred.sync = true;
        true
    }
}

/// A [`Saver`] on its own thread. Dropping it (or [`SaverThread::finish`])
/// waits until everything sent has been written, so nothing the user saved
/// is lost on the way out, a panic's included.
#[derive(Debug)]
pub struct SaverThread {
    unsaved: Option<Sender<Unsaved>>,
    thread: Option<JoinHandle<()>>,
}

impl SaverThread {
    /// Starts the thread; `report` hears how each save went.
    pub fn start(mut saver: Saver, mut report: impl FnMut(Saved) + Send + 'static) -> SaverThread {
        let (unsaved, queue): (Sender<Unsaved>, Receiver<Unsaved>) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            while let Ok(changes) = queue.recv() {
                report(saver.save(changes));
            }
        });
        SaverThread {
            unsaved: Some(unsaved),
            thread: Some(thread),
        }
    }

    /// Queues changes to be written; false when the thread is gone.
    pub fn send(&self, changes: Unsaved) -> bool {
        self.unsaved
            .as_ref()
            .is_some_and(|s| s.send(changes).is_ok())
    }

    /// Writes everything queued, then stops.
    pub fn finish(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        // The thread drains the queue, then finds it closed.
        drop(self.unsaved.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for SaverThread {
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::article::ArticleId;
    use crate::store::StatePaths;

    fn id(n: u64) -> ArticleId {
        ArticleId::from_key(&format!("story {n}"))
    }

    fn open(dir: &tempfile::TempDir) -> Store {
        Store::open(&StatePaths::in_dir(dir.path())).unwrap()
    }

    /// A store saving through a saver, as the reader's shell sets it up.
    fn deferred(dir: &tempfile::TempDir) -> (Store, Saver) {
        let mut store = open(dir);
        let saver = store.defer_saving().unwrap();
        (store, saver)
    }

    #[test]
    fn a_deferred_change_is_made_at_once_and_reaches_the_file_through_the_saver() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, mut saver) = deferred(&dir);
        store.set_read(id(1), true);
        assert!(store.is_read(id(1)));
        assert!(!open(&dir).is_read(id(1)), "nothing written on this thread");
        let unsaved = store.take_unsaved().unwrap();
        assert_eq!(unsaved.len(), 1);
        store.saved(saver.save(unsaved));
        assert!(open(&dir).is_read(id(1)));
        assert_eq!(store.status(), &SaveStatus::Saved);
        assert!(store.take_unsaved().is_none(), "nothing left to save");
    }

    #[test]
    fn a_change_made_while_a_save_is_in_flight_outlives_its_report() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, mut saver) = deferred(&dir);
        store.set_read(id(1), true);
        let first = store.take_unsaved().unwrap();
        store.set_read(id(2), true);
        store.saved(saver.save(first));
        assert!(store.is_read(id(1)) && store.is_read(id(2)));
        let second = store.take_unsaved().unwrap();
        store.saved(saver.save(second));
        let reopened = open(&dir);
        assert!(reopened.is_read(id(1)) && reopened.is_read(id(2)));
    }

    #[test]
    fn what_another_process_saved_arrives_with_the_next_report() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, mut saver) = deferred(&dir);
        open(&dir).set_read(id(3), true);
        store.sync();
        let ask = store.take_unsaved().unwrap();
        assert!(ask.is_empty());
        store.saved(saver.save(ask));
        assert!(store.is_read(id(3)));
    }

    #[test]
    fn a_newer_byline_taking_the_file_over_refuses_the_queued_changes_and_undoes_them() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, mut saver) = deferred(&dir);
        let line = r#"{"header":{"app":"byline","schema":99}}"#;
        let content = format!(
            "{{\"crc\":\"{:08x}\",\"rec\":{line}}}\n",
            crc32fast::hash(line.as_bytes())
        );
        let file = dir.path().join("state.jsonl");
        std::fs::write(&file, &content).unwrap();
        store.set_read(id(1), true);
        let refused = store.take_unsaved().unwrap();
        store.saved(saver.save(refused));
        assert!(
            store
                .refusal()
                .is_some_and(|why| why.contains("newer byline"))
        );
        assert!(!store.is_read(id(1)), "undone");
        store.set_read(id(2), true);
        assert!(!store.is_read(id(2)), "refused from now on");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), content);
    }

    #[test]
    fn the_saver_thread_writes_everything_queued_before_it_finishes() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, saver) = deferred(&dir);
        let thread = SaverThread::start(saver, |_| {});
        for n in 0..200 {
            store.set_read(id(n), true);
            assert!(thread.send(store.take_unsaved().unwrap()));
        }
        thread.finish();
        let reopened = open(&dir);
        assert!((0..200).all(|n| reopened.is_read(id(n))));
    }

    #[test]
    fn dropping_the_saver_thread_also_writes_everything_queued() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, saver) = deferred(&dir);
        {
            let thread = SaverThread::start(saver, |_| {});
            store.set_read(id(7), true);
            assert!(thread.send(store.take_unsaved().unwrap()));
        }
        assert!(open(&dir).is_read(id(7)));
    }
}
