//! One log line per request: an id (also sent back as `X-Request-Id`, so a
//! user's report can be found in the log), method, path, status and time.
//! Errors logged while the request runs carry the same id. Secrets never
//! reach the log: no query strings, cookies or headers, and the calendar
//! feed's token is cut from its path.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use std::sync::atomic::{AtomicU64, Ordering};
use tracing::Instrument;

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// The path as logged: secret path segments replaced.
pub fn loggable_path(path: &str) -> &str {
    if path.starts_with("/lich/") {
        "/lich/…"
    } else {
        path
    }
}

pub async fn requests(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if path.starts_with("/static/") || path == "/healthz" {
        return next.run(req).await;
    }
    // Process start in the high bits keeps ids unique across restarts.
    let id = format!(
        "{:x}-{}",
        *START % 0xffff_ffff,
        NEXT_ID.fetch_add(1, Ordering::Relaxed)
    );
    let span = tracing::info_span!(
        "request",
        id = %id,
        method = %req.method(),
        path = %loggable_path(path),
    );
    let started = std::time::Instant::now();
    let mut res = next.run(req).instrument(span.clone()).await;
    let status = res.status().as_u16();
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    span.in_scope(|| {
        if status >= 500 {
            tracing::error!(status, ms = format_args!("{ms:.1}"), "request failed");
        } else {
            tracing::info!(status, ms = format_args!("{ms:.1}"), "request");
        }
    });
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert("x-request-id", v);
    }
    res
}

static START: std::sync::LazyLock<u64> = std::sync::LazyLock::new(|| {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
});
