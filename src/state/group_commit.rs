//! The journal's group commit: the starts and outcomes of concurrent operations are written in
//! one transaction per batch instead of one each, so the cost of a durable commit is shared by
//! every operation waiting for it. Each caller still waits until its own write is committed —
//! an operation is journalled `started` before its request is sent.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::{mpsc, oneshot};

use super::error::{StateError, query};
use super::journal::{JournalStatus, transition_sql};
use super::ownership::{Recorded, forget, record};
use super::redact::redact_error;
use super::time::now_ms;
use super::{RunId, StateStore, on_pool};
use crate::model::{AdoptKey, EiamId, ExtId, Kind, Origin};

/// At most this many writes share a transaction (a bound on how long one batch holds the
/// database's write lock).
const MAX_BATCH: usize = 256;
/// Stored error texts are cut to this many characters.
const ERROR_MAX: usize = 2000;

/// What the outcome of an operation changes in the ownership map.
#[derive(Debug, Clone)]
pub enum OwnershipChange {
    /// The object was created (or found after an unknown outcome): record it.
    Record(Kind, ExtId, EiamId, Origin),
    /// An adoption rule matched the object with the record: record it as adopted by that key.
    Adopt(Kind, ExtId, EiamId, AdoptKey),
    /// The object was deleted: forget it.
    Forget(Kind, ExtId),
}

enum Write {
    Started(u32),
    Finished {
        seq: u32,
        status: JournalStatus,
        eiam_id: Option<EiamId>,
        error: Option<String>,
        ownership: Option<OwnershipChange>,
    },
}

struct Request {
    write: Write,
    done: oneshot::Sender<Result<(), StateError>>,
}

/// A run's journal writer. Cheap to share by reference; the background writer ends when the
/// last handle is dropped.
pub struct JournalWriter {
    tx: mpsc::UnboundedSender<Request>,
    commits: Arc<AtomicU64>,
}

impl StateStore {
    /// Start the group-committing journal writer of `run`.
    pub fn journal_writer(&self, run: RunId) -> JournalWriter {
        let (tx, rx) = mpsc::unbounded_channel();
        let commits = Arc::new(AtomicU64::new(0));
        tokio::spawn(write_loop(self.clone(), run, rx, commits.clone()));
        JournalWriter { tx, commits }
    }
}

impl JournalWriter {
    /// Transactions committed so far (each carrying one batch of writes).
    pub fn commits(&self) -> u64 {
        self.commits.load(Ordering::Relaxed)
    }

    async fn send(&self, write: Write) -> Result<(), StateError> {
        let (done, wait) = oneshot::channel();
        self.tx
            .send(Request { write, done })
            .map_err(|_| StateError::WriterGone)?;
        wait.await.map_err(|_| StateError::WriterGone)?
    }

    /// Mark an operation as started; returns once that is durable.
    pub async fn started(&self, seq: u32) -> Result<(), StateError> {
        self.send(Write::Started(seq)).await
    }

    /// Record an operation's outcome (`applied`, `failed` or `skipped`) and what it changes in
    /// the ownership map, in the same transaction; returns once that is durable.
    pub async fn finished(
        &self,
        seq: u32,
        status: JournalStatus,
        eiam_id: Option<&EiamId>,
        error: Option<&str>,
        ownership: Option<OwnershipChange>,
    ) -> Result<(), StateError> {
        if matches!(status, JournalStatus::Planned | JournalStatus::Started) {
            return Err(StateError::JournalTransition {
                run: 0,
                seq,
                from: "an unfinished entry".to_owned(),
                to: status.as_str(),
            });
        }
        let error = error.map(|e| redact_error(e).chars().take(ERROR_MAX).collect());
        self.send(Write::Finished {
            seq,
            status,
            eiam_id: eiam_id.cloned(),
            error,
            ownership,
        })
        .await
    }
}

async fn write_loop(
    store: StateStore,
    run: RunId,
    mut rx: mpsc::UnboundedReceiver<Request>,
    commits: Arc<AtomicU64>,
) {
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH
            && let Ok(more) = rx.try_recv()
        {
            batch.push(more);
        }
        match store.write_batch(run, &batch).await {
            Ok(results) => {
                commits.fetch_add(1, Ordering::Relaxed);
                for (req, result) in batch.into_iter().zip(results) {
                    let _ = req.done.send(result);
                }
            }
            Err(e) => {
                let e = Arc::new(e);
                for req in batch {
                    let _ = req.done.send(Err(StateError::Batch(e.clone())));
                }
            }
        }
    }
}

impl StateStore {
    /// One transaction for the whole batch. A write whose entry is not in the state it should
    /// come from fails alone (the others still commit).
    async fn write_batch(
        &self,
        run: RunId,
        batch: &[Request],
    ) -> Result<Vec<Result<(), StateError>>, StateError> {
        let what = "writing a batch of the journal";
        let now = now_ms();
        let started = transition_sql(JournalStatus::Started);
        let mut affected = Vec::with_capacity(batch.len());
        on_pool!(&self.db, pool => {
            let mut tx = pool.begin().await.map_err(query(what))?;
            for req in batch {
                let n = match &req.write {
                    Write::Started(seq) => sqlx::query(sqlx::AssertSqlSafe(started.clone()))
                        .bind(JournalStatus::Started.as_str())
                        .bind(now)
                        .bind(None::<&str>)
                        .bind(None::<String>)
                        .bind(run.0)
                        .bind(i64::from(*seq))
                        .execute(&mut *tx)
                        .await
                        .map_err(query(what))?
                        .rows_affected(),
                    Write::Finished { seq, status, eiam_id, error, ownership } => {
                        let n = sqlx::query(sqlx::AssertSqlSafe(transition_sql(*status)))
                            .bind(status.as_str())
                            .bind(now)
                            .bind(eiam_id.as_ref().map(EiamId::as_str))
                            .bind(error.clone())
                            .bind(run.0)
                            .bind(i64::from(*seq))
                            .execute(&mut *tx)
                            .await
                            .map_err(query(what))?
                            .rows_affected();
                        match ownership {
                            Some(OwnershipChange::Record(kind, ext, id, origin)) => {
                                record(*kind, ext, id, Recorded::As(*origin), now)
                                    .execute(&mut *tx)
                                    .await
                                    .map_err(query(what))?;
                            }
                            Some(OwnershipChange::Adopt(kind, ext, id, key)) => {
                                record(*kind, ext, id, Recorded::AdoptedBy(*key), now)
                                    .execute(&mut *tx)
                                    .await
                                    .map_err(query(what))?;
                            }
                            Some(OwnershipChange::Forget(kind, ext)) => {
                                forget(*kind, ext)
                                    .execute(&mut *tx)
                                    .await
                                    .map_err(query(what))?;
                            }
                            None => {}
                        }
                        n
                    }
                };
                affected.push(n);
            }
            tx.commit().await.map_err(query(what))?;
        });
        let mut results = Vec::with_capacity(batch.len());
        for (req, n) in batch.iter().zip(affected) {
            if n == 1 {
                results.push(Ok(()));
                continue;
            }
            let (seq, to) = match &req.write {
                Write::Started(seq) => (*seq, JournalStatus::Started),
                Write::Finished { seq, status, .. } => (*seq, *status),
            };
            let current = self.entry_status(run, seq).await?;
            results.push(Err(StateError::JournalTransition {
                run: run.0,
                seq,
                from: current.map_or_else(|| "not in the journal".to_owned(), |s| s.to_string()),
                to: to.as_str(),
            }));
        }
        Ok(results)
    }
}
