//! Reading an uploaded directive — unzipping, pdftotext, OCR of scanned
//! pages (seconds a page), extraction and storing the draft — as a job the
//! upload page waits for briefly and otherwise follows on a progress page.
//! Bounded three ways: a few jobs at a time (others wait a little, then are
//! refused), the reader's limits on the text a file may give, and a cancel
//! flag the reader checks between pages: set by the user's stop button, by
//! a job that outlives [`JOB_TIME_LIMIT`], and when nobody follows the job
//! any more (no request has waited on it or asked for its progress for
//! [`ABANDONED_AFTER`]: the user closed the page) — work stops when its
//! requests end.

use crate::error::{AppError, AppResult};
use crate::state::AppState;
use dondoc_read::{Progress, ReadOptions};
use dondoc_store::IngestRequest;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Files read at once; more wait.
pub const MAX_CONCURRENT_READS: usize = 2;
/// How long an upload waits for its turn before it is refused.
pub const READ_QUEUE_WAIT: Duration = Duration::from_secs(60);
/// The longest one file may take (a 60-page scan takes 2–3 minutes).
pub const JOB_TIME_LIMIT: Duration = Duration::from_secs(15 * 60);
/// How long the upload request itself waits before showing progress.
pub const UPLOAD_WAIT: Duration = Duration::from_secs(8);
/// A job nobody has followed for this long is stopped (the progress page
/// asks every two seconds).
pub const ABANDONED_AFTER: Duration = Duration::from_secs(30);

/// How a job ended.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Stored as a draft directive: its id and its tasks' count.
    Stored { directive: i64, tasks: usize },
    /// Refused, with the reason (for the user, in Vietnamese).
    Refused(String),
}

/// One upload being read.
pub struct Job {
    pub name: String,
    /// The user who uploaded it (only they follow it).
    pub owner: i64,
    started: Instant,
    /// The last time a request followed the job.
    seen: Mutex<Instant>,
    progress: Mutex<Progress>,
    cancel: Arc<AtomicBool>,
    outcome: Mutex<Option<Outcome>>,
    done: tokio::sync::Notify,
}

impl Job {
    /// Pages read of pages to read (OCR); (0, 0) until known.
    pub fn progress(&self) -> Progress {
        self.progress
            .lock()
            .map(|p| *p)
            .unwrap_or(Progress { done: 0, total: 0 })
    }

    pub fn outcome(&self) -> Option<Outcome> {
        self.outcome.lock().ok().and_then(|o| o.clone())
    }

    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn seconds(&self) -> u64 {
        self.started.elapsed().as_secs()
    }

    /// A request follows the job (it is not abandoned).
    pub fn seen(&self) {
        if let Ok(mut s) = self.seen.lock() {
            *s = Instant::now();
        }
    }

    fn abandoned(&self) -> bool {
        self.seen
            .lock()
            .map(|s| s.elapsed() > ABANDONED_AFTER)
            .unwrap_or(false)
    }

    fn finish(&self, outcome: Outcome) {
        if let Ok(mut o) = self.outcome.lock() {
            *o = Some(outcome);
        }
        self.done.notify_waiters();
    }

    /// Waits for the outcome at most `limit`.
    pub async fn wait(&self, limit: Duration) -> Option<Outcome> {
        self.seen();
        let notified = self.done.notified();
        if let Some(o) = self.outcome() {
            return Some(o);
        }
        let _ = tokio::time::timeout(limit, notified).await;
        self.outcome()
    }
}

/// The jobs of the last hour, by id.
#[derive(Default)]
pub struct Jobs {
    map: Mutex<HashMap<String, Arc<Job>>>,
}

impl Jobs {
    pub fn get(&self, id: &str) -> Option<Arc<Job>> {
        self.map.lock().ok()?.get(id).cloned()
    }

    fn insert(&self, id: String, job: Arc<Job>) {
        if let Ok(mut map) = self.map.lock() {
            map.retain(|_, j| j.started.elapsed() < Duration::from_secs(3600));
            map.insert(id, job);
        }
    }
}

/// Starts reading `bytes` (named `name`) for `owner`; returns the job's id
/// and the job.
pub fn start(
    state: &AppState,
    owner: i64,
    actor: String,
    name: String,
    bytes: Vec<u8>,
) -> (String, Arc<Job>) {
    let id = crate::auth::random_token()
        .map(|t| t[..16].to_owned())
        .unwrap_or_else(|_| format!("{owner}-{}", Instant::now().elapsed().as_nanos()));
    let job = Arc::new(Job {
        name: name.clone(),
        owner,
        started: Instant::now(),
        seen: Mutex::new(Instant::now()),
        progress: Mutex::new(Progress { done: 0, total: 0 }),
        cancel: Arc::new(AtomicBool::new(false)),
        outcome: Mutex::new(None),
        done: tokio::sync::Notify::new(),
    });
    state.jobs.insert(id.clone(), job.clone());
    let (state, running) = (state.clone(), job.clone());
    tokio::spawn(async move {
        let outcome = run(&state, &running, actor, name, bytes).await;
        running.finish(outcome);
    });
    (id, job)
}

async fn run(
    state: &AppState,
    job: &Arc<Job>,
    actor: String,
    name: String,
    bytes: Vec<u8>,
) -> Outcome {
    let Ok(Ok(permit)) =
        tokio::time::timeout(READ_QUEUE_WAIT, state.reads.clone().acquire_owned()).await
    else {
        return Outcome::Refused(
            "Máy chủ đang đọc nhiều văn bản cùng lúc. Vui lòng tải lên lại sau ít phút.".into(),
        );
    };
    let registry = match state.registry().await {
        Ok(r) => r,
        Err(e) => return Outcome::Refused(crate::error::AppError::from(e).to_string()),
    };
    // The time limit and abandonment cancel the read like the button does.
    let watchdog = {
        let job = job.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(2)).await;
                if job.started.elapsed() > JOB_TIME_LIMIT || job.abandoned() {
                    job.cancel();
                    return;
                }
            }
        })
    };
    let max_text_bytes = state.settings.max_text_bytes;
    let reading = job.clone();
    let read = tokio::task::spawn_blocking(move || {
        // The permit is held until the work really ends.
        let _permit = permit;
        let report = |p: Progress| {
            if let Ok(mut slot) = reading.progress.lock() {
                *slot = p;
            }
        };
        let opts = ReadOptions {
            max_text_bytes,
            cancel: Some(&reading.cancel),
            progress: Some(&report),
            ..ReadOptions::default()
        };
        dondoc_read::read_bytes_with(&bytes, Some(&name), &opts).map(|doc| {
            let x = dondoc_extract::extract(&doc.text, &registry);
            (doc, x, bytes, name)
        })
    })
    .await;
    watchdog.abort();
    let (doc, extraction, bytes, name) = match read {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => return Outcome::Refused(format!("Không đọc được tệp {}: {e}", job.name)),
        Err(e) => {
            tracing::error!(cause = %e, "reading an upload");
            return Outcome::Refused(format!("Không đọc được tệp {}.", job.name));
        }
    };
    let stored = state
        .store
        .ingest(IngestRequest {
            file_name: &name,
            bytes: &bytes,
            text: &doc.text,
            extraction: &extraction,
            confirm: false,
            actor: &actor,
            after_task: None,
        })
        .await;
    match stored {
        Ok(outcome) => {
            if !doc.notes.is_empty()
                && let Err(e) = state
                    .store
                    .set_directive_notes(outcome.directive_id, &doc.notes)
                    .await
            {
                tracing::warn!(cause = %e, "storing the reader's notes");
            }
            state.generations.written(None);
            Outcome::Stored {
                directive: outcome.directive_id,
                tasks: extraction.tasks.len(),
            }
        }
        Err(e) => Outcome::Refused(crate::error::AppError::from(e).to_string()),
    }
}

/// Other heavy work of a request (reading a finance workbook) under the
/// same bound as the reading of uploads: a few at a time, off the async
/// threads, the turn held until the work really ends.
pub async fn bounded<T, F>(state: &AppState, work: F) -> AppResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let permit =
        match tokio::time::timeout(READ_QUEUE_WAIT, state.reads.clone().acquire_owned()).await {
            Ok(Ok(p)) => p,
            _ => {
                return Err(AppError::Unavailable(
                    "Máy chủ đang đọc nhiều tệp cùng lúc. Vui lòng tải lên lại sau ít phút.".into(),
                ));
            }
        };
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        work()
    })
    .await
    .map_err(|e| AppError::Internal(format!("đọc tệp: {e}")))
}
