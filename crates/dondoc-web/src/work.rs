//! Heavy work of a request — reading an uploaded file (unzipping, pdftotext,
//! OCR) and extracting its tasks — bounded in three ways: a few at a time
//! (others wait a little, then get 503), a limit on the text a file may give
//! (the reader's), and stopped when the request goes away (its time limit,
//! or the client left): the reader checks a flag the request's drop sets.

use crate::error::{AppError, AppResult};
use crate::state::AppState;
use dondoc_extract::{Extraction, Registry};
use dondoc_read::{ReadError, ReadOptions};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Files read and extracted at once; more wait.
pub const MAX_CONCURRENT_READS: usize = 2;
/// How long an upload waits for its turn before it is refused.
pub const READ_QUEUE_WAIT: Duration = Duration::from_secs(15);

/// Sets the flag when dropped: the request's future was dropped with it.
struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// What a read gave: the text and its extraction, or why it failed.
pub type ReadOutcome = Result<(String, Extraction), ReadError>;

/// Reads `bytes` (named `name`) and extracts its tasks off the async
/// threads, within the limits above. Returns the name and bytes back.
pub async fn read_and_extract(
    state: &AppState,
    name: String,
    bytes: Vec<u8>,
    registry: Arc<Registry>,
) -> AppResult<(String, Vec<u8>, ReadOutcome)> {
    let permit = match tokio::time::timeout(READ_QUEUE_WAIT, state.reads.clone().acquire_owned())
        .await
    {
        Ok(Ok(p)) => p,
        _ => {
            return Err(AppError::Unavailable(
                "Máy chủ đang đọc nhiều văn bản cùng lúc. Vui lòng tải lên lại sau ít phút.".into(),
            ));
        }
    };
    let cancel = Arc::new(AtomicBool::new(false));
    let _guard = CancelOnDrop(cancel.clone());
    let max_text_bytes = state.settings.max_text_bytes;
    let joined = tokio::task::spawn_blocking(move || {
        // The permit is held until the work really ends, even if the
        // request is gone: the bound is on work, not on requests.
        let _permit = permit;
        let opts = ReadOptions {
            max_text_bytes,
            cancel: Some(&cancel),
            ..ReadOptions::default()
        };
        let read = dondoc_read::read_bytes_with(&bytes, Some(&name), &opts).map(|doc| {
            let x = dondoc_extract::extract(&doc.text, &registry);
            (doc.text, x)
        });
        (name, bytes, read)
    })
    .await;
    joined.map_err(|e| AppError::Internal(format!("đọc văn bản: {e}")))
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
