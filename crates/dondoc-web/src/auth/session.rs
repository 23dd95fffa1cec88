//! Sessions: a random token in an HttpOnly, SameSite=Strict cookie, kept in
//! the database as its SHA-256 with the session's CSRF token. Every request
//! passes through [`resolve`], which finds the viewer and refuses a form post
//! whose CSRF token does not match.

use super::{constant_time_eq, token_digest};
use crate::error::{ApiError, AppError};
use crate::state::AppState;
use axum::body::{Body, to_bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderMap, Method, header, request::Parts};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use dondoc_domain::access::Role;
use dondoc_store::User;

pub const COOKIE: &str = "dondoc_session";
/// A session lasts a working day and a half, then the user logs in again.
pub const SESSION_HOURS: i64 = 36;
/// The largest form body read for its CSRF token (uploads are multipart).
pub const MAX_FORM_BYTES: usize = 1024 * 1024;

/// The logged-in user of this request.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub user: User,
    /// The session's CSRF token, put in every form (empty for API tokens).
    pub csrf: String,
    /// What waits for the viewer (the menu shows the count): an officer's
    /// unanswered explanation requests, the secretariat's queue.
    pub waiting: i64,
    /// What the last action did, shown once (see `flash.rs`).
    pub flash: Option<String>,
    /// An officer's periodic reports to file or rework (the menu shows them).
    pub reports_waiting: i64,
}

impl Viewer {
    pub fn role(&self) -> Role {
        self.user.role
    }

    pub fn actor(&self) -> &str {
        &self.user.username
    }

    /// Multipart forms are checked here, by the handler that reads them.
    pub fn check_csrf(&self, sent: &str) -> Result<(), AppError> {
        if !self.csrf.is_empty() && constant_time_eq(&self.csrf, sent) {
            Ok(())
        } else {
            Err(csrf_refusal())
        }
    }
}

fn csrf_refusal() -> AppError {
    AppError::Forbidden(
        "Biểu mẫu đã hết hạn hoặc không hợp lệ (CSRF). Hãy tải lại trang và gửi lại.".into(),
    )
}

pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The Set-Cookie value of a new session (or of its removal, with `None`).
pub fn set_cookie(token: Option<&str>, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    match token {
        Some(t) => format!(
            "{COOKIE}={t}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
            SESSION_HOURS * 3600
        ),
        None => format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}"),
    }
}

/// Routes whose handlers read a multipart body and check its CSRF field
/// themselves (the middleware cannot read an upload without buffering it).
/// Any other route refuses a multipart post.
pub const MULTIPART_ROUTES: &[&str] = &[
    "/van-ban",
    "/nhiem-vu/*/tien-do",
    "/bao-cao/*/don-vi/*",
    "/tieu-chi/tai-len",
    "/giai-ngan/nhap",
    "/chi-tieu/*/gia-tri",
];

fn multipart_route(path: &str) -> bool {
    MULTIPART_ROUTES.iter().any(|pattern| {
        let (mut p, mut q) = (pattern.split('/'), path.split('/'));
        loop {
            match (p.next(), q.next()) {
                (None, None) => return true,
                (Some("*"), Some(seg)) if !seg.is_empty() => {}
                (Some(a), Some(b)) if a == b => {}
                _ => return false,
            }
        }
    })
}

/// The header a script may send the CSRF token in (forms send a field).
pub const CSRF_HEADER: &str = "x-csrf-token";

async fn viewer_of(
    state: &AppState,
    headers: &HeaderMap,
    api: bool,
) -> Result<Option<Viewer>, AppError> {
    // API tokens are for the API only: elsewhere the header is ignored and
    // the request is anonymous unless it has a session.
    if api
        && let Some(bearer) = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
    {
        let user = state
            .store
            .api_token_user(&token_digest(bearer.trim()))
            .await?;
        return Ok(user.map(|user| Viewer {
            user,
            csrf: String::new(),
            waiting: 0,
            flash: None,
            reports_waiting: 0,
        }));
    }
    let Some(token) = cookie_value(headers, COOKIE) else {
        return Ok(None);
    };
    let found = state.store.session_user(&token_digest(&token)).await?;
    let Some((user, csrf)) = found else {
        return Ok(None);
    };
    let (waiting, reports_waiting) = match user.role {
        dondoc_domain::access::Role::Officer { agency } => (
            state.store.open_explanations(agency).await?,
            state.store.reports_waiting(agency).await?,
        ),
        role if dondoc_domain::access::can_decide(role) => {
            (state.secretariat_waiting(user.id).await?, 0)
        }
        _ => (0, 0),
    };
    Ok(Some(Viewer {
        user,
        csrf,
        waiting,
        flash: crate::flash::read(headers),
        reports_waiting,
    }))
}

/// Whether a request's `Origin` (or `Sec-Fetch-Site`) says it was sent by
/// another site. Browsers send `Origin` on every cross-site POST; a request
/// without one (a script, curl) is judged by its CSRF token alone.
pub fn cross_site(headers: &HeaderMap) -> bool {
    if headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == "cross-site")
    {
        return true;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let authority = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .unwrap_or("\u{0}");
    origin == "null" || !authority.eq_ignore_ascii_case(host)
}

fn cross_site_refusal() -> AppError {
    AppError::Forbidden("Yêu cầu gửi từ một trang web khác bị từ chối.".into())
}

/// Finds the viewer and guards every state-changing request: it must come
/// from this site, carry the session's CSRF token (as a form field, or in
/// the `X-CSRF-Token` header, or — on the upload routes only — in the
/// multipart form its handler checks), body or no body. The API is
/// read-only and takes no cookie-authenticated writes.
pub async fn resolve(State(state): State<AppState>, req: Request, next: Next) -> Response {
    // Assets and the health probe are public: no session lookup on them.
    let path = req.uri().path();
    if path.starts_with("/static/") || path == "/healthz" {
        return next.run(req).await;
    }
    let api = path == "/api/v1" || path.starts_with("/api/v1/");
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method && !api && cross_site(req.headers()) {
        return cross_site_refusal().into_response();
    }
    let viewer = match viewer_of(&state, req.headers(), api).await {
        Ok(v) => v,
        Err(e) => {
            return if api {
                ApiError(e).into_response()
            } else {
                e.into_response()
            };
        }
    };
    let (mut parts, body) = req.into_parts();
    let body = if !unsafe_method || parts.uri.path() == "/dang-nhap" {
        body
    } else if api {
        return ApiError(AppError::Forbidden("API chỉ cho phép đọc (GET).".into())).into_response();
    } else {
        let Some(v) = viewer.as_ref() else {
            return AppError::Unauthenticated.into_response();
        };
        let content_type = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        let in_header = parts
            .headers
            .get(CSRF_HEADER)
            .and_then(|h| h.to_str().ok())
            .is_some_and(|h| v.check_csrf(h).is_ok());
        if content_type.starts_with("application/x-www-form-urlencoded") {
            let bytes = match to_bytes(body, MAX_FORM_BYTES).await {
                Ok(b) => b,
                Err(_) => {
                    return AppError::TooLarge("Biểu mẫu quá lớn (tối đa 1 MB).".into())
                        .into_response();
                }
            };
            let sent: Option<String> =
                serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
                    .ok()
                    .and_then(|kv| kv.into_iter().find(|(k, _)| k == "csrf").map(|(_, v)| v));
            if !in_header && sent.is_none_or(|s| v.check_csrf(&s).is_err()) {
                return csrf_refusal().into_response();
            }
            Body::from(bytes)
        } else if content_type.starts_with("multipart/form-data")
            && multipart_route(parts.uri.path())
        {
            // The handler reads the form and checks its `csrf` field first.
            body
        } else if in_header {
            body
        } else {
            return csrf_refusal().into_response();
        }
    };
    let shown_flash = viewer.as_ref().is_some_and(|v| v.flash.is_some());
    if let Some(v) = viewer {
        parts.extensions.insert(v);
    }
    let mut res = next.run(Request::from_parts(parts, body)).await;
    if shown_flash && res.status() == axum::http::StatusCode::OK {
        crate::flash::clear(&mut res);
    }
    res
}

impl<S: Send + Sync> FromRequestParts<S> for Viewer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Viewer>()
            .cloned()
            .ok_or(AppError::Unauthenticated)
    }
}

/// The viewer of an API call: 401 in JSON when there is none.
pub struct ApiViewer(pub Viewer);

impl<S: Send + Sync> FromRequestParts<S> for ApiViewer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Viewer>()
            .cloned()
            .map(ApiViewer)
            .ok_or(ApiError(AppError::Unauthenticated))
    }
}
