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
    /// An officer's unanswered explanation requests (the menu shows them).
    pub waiting: i64,
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

async fn viewer_of(state: &AppState, headers: &HeaderMap) -> Result<Option<Viewer>, AppError> {
    if let Some(bearer) = headers
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
        }));
    }
    let Some(token) = cookie_value(headers, COOKIE) else {
        return Ok(None);
    };
    let found = state.store.session_user(&token_digest(&token)).await?;
    let Some((user, csrf)) = found else {
        return Ok(None);
    };
    let waiting = match user.role {
        dondoc_domain::access::Role::Officer { agency } => {
            state.store.open_explanations(agency).await?
        }
        _ => 0,
    };
    Ok(Some(Viewer {
        user,
        csrf,
        waiting,
    }))
}

/// Finds the viewer; checks the CSRF token of every url-encoded form post.
pub async fn resolve(State(state): State<AppState>, req: Request, next: Next) -> Response {
    // Assets and the health probe are public: no session lookup on them.
    let path = req.uri().path();
    if path.starts_with("/static/") || path == "/healthz" {
        return next.run(req).await;
    }
    let viewer = match viewer_of(&state, req.headers()).await {
        Ok(v) => v,
        Err(e) => return e.into_response(),
    };
    let (mut parts, body) = req.into_parts();
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let body = if parts.method == Method::POST && is_form && parts.uri.path() != "/dang-nhap" {
        let bytes = match to_bytes(body, MAX_FORM_BYTES).await {
            Ok(b) => b,
            Err(_) => {
                return AppError::TooLarge("Biểu mẫu quá lớn (tối đa 1 MB).".into())
                    .into_response();
            }
        };
        let sent: Option<String> = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
            .ok()
            .and_then(|kv| kv.into_iter().find(|(k, _)| k == "csrf").map(|(_, v)| v));
        let ok = match (&viewer, sent) {
            (Some(v), Some(s)) => v.check_csrf(&s).is_ok(),
            _ => false,
        };
        if !ok {
            return if viewer.is_none() {
                AppError::Unauthenticated.into_response()
            } else {
                csrf_refusal().into_response()
            };
        }
        Body::from(bytes)
    } else {
        body
    };
    if let Some(v) = viewer {
        parts.extensions.insert(v);
    }
    next.run(Request::from_parts(parts, body)).await
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
