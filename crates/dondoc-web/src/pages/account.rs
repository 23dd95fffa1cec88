//! Logging in and out, and changing one's password.

use super::{Nav, render};
use crate::auth::session::{SESSION_HOURS, set_cookie};
use crate::auth::{Viewer, password, random_token, token_digest};
use crate::error::{AppError, AppResult};
use crate::server::ClientAddr;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    error: Option<String>,
    username: String,
}

pub async fn login_form() -> AppResult<Response> {
    Ok(render(&LoginPage {
        error: None,
        username: String::new(),
    })?
    .into_response())
}

const LOCKED: &str = "Nhập sai mật khẩu quá nhiều lần. Vui lòng thử lại sau 1 phút.";

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
}

pub async fn login(
    State(state): State<AppState>,
    client: Option<Extension<ClientAddr>>,
    Form(f): Form<LoginForm>,
) -> AppResult<Response> {
    let username = f.username.trim().to_lowercase();
    let refuse = |msg: &str| -> AppResult<Response> {
        Ok((
            axum::http::StatusCode::UNAUTHORIZED,
            render(&LoginPage {
                error: Some(msg.to_owned()),
                username: username.clone(),
            })?,
        )
            .into_response())
    };
    let Some(attempt) = state
        .throttle
        .begin(&username, client.map(|Extension(c)| c.0.ip()))
        .await
    else {
        return refuse(LOCKED);
    };
    let found = state.store.user_for_login(&username).await?;
    let (user, hash) = match found {
        Some((user, hash)) if user.active => (Some(user), Some(hash)),
        _ => (None, None),
    };
    let ok = password::check(f.password, hash).await;
    let user = match user {
        Some(user) if ok => user,
        _ => {
            attempt.failed();
            return refuse("Tên đăng nhập hoặc mật khẩu không đúng.");
        }
    };
    attempt.succeeded();
    let token = random_token()?;
    let csrf = random_token()?;
    let expires = (chrono::Utc::now() + chrono::Duration::hours(SESSION_HOURS))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    state
        .store
        .create_session(&token_digest(&token), &user, &csrf, &expires)
        .await?;
    let target = match user.role {
        dondoc_domain::access::Role::Officer { agency } => format!("/co-quan/{agency}"),
        _ => "/".to_owned(),
    };
    Ok((
        [(
            header::SET_COOKIE,
            set_cookie(Some(&token), state.settings.secure_cookies),
        )],
        Redirect::to(&target),
    )
        .into_response())
}

pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    if let Some(token) = crate::auth::session::cookie_value(&headers, crate::auth::session::COOKIE)
    {
        state.store.delete_session(&token_digest(&token)).await?;
    }
    Ok((
        [(
            header::SET_COOKIE,
            set_cookie(None, state.settings.secure_cookies),
        )],
        Redirect::to("/dang-nhap"),
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    nav: Nav,
    error: Option<String>,
}

pub async fn password_form(v: Viewer) -> AppResult<Response> {
    Ok(render(&PasswordPage {
        nav: Nav::new(&v, ""),
        error: None,
    })?
    .into_response())
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current: String,
    new: String,
    repeat: String,
}

pub async fn password(
    State(state): State<AppState>,
    v: Viewer,
    client: Option<Extension<ClientAddr>>,
    Form(f): Form<PasswordForm>,
) -> AppResult<Response> {
    let again = |msg: String| -> AppResult<Response> {
        Ok((
            axum::http::StatusCode::BAD_REQUEST,
            render(&PasswordPage {
                nav: Nav::new(&v, ""),
                error: Some(msg),
            })?,
        )
            .into_response())
    };
    // The current password is a password check like a login's: the same
    // throttle, or a stolen session could guess it without limit.
    let Some(attempt) = state
        .throttle
        .begin(&v.user.username, client.map(|Extension(c)| c.0.ip()))
        .await
    else {
        return again(LOCKED.into());
    };
    let hash = state
        .store
        .user_for_login(&v.user.username)
        .await?
        .map(|(_, h)| h);
    if !password::check(f.current, hash).await {
        attempt.failed();
        return again("Mật khẩu hiện tại không đúng.".into());
    }
    attempt.succeeded();
    if f.new != f.repeat {
        return again("Hai lần nhập mật khẩu mới không khớp.".into());
    }
    let hash = match password::hash(&f.new) {
        Ok(h) => h,
        Err(m) => return again(m),
    };
    state
        .store
        .set_password(v.user.id, &hash, v.actor())
        .await?;
    // Every session of the user ended with the change: log in again.
    Ok((
        [(
            header::SET_COOKIE,
            set_cookie(None, state.settings.secure_cookies),
        )],
        Redirect::to("/dang-nhap"),
    )
        .into_response())
}

/// Refuses unless the viewer may decide (secretariat, administrator).
pub fn require_decider(v: &Viewer) -> AppResult<()> {
    if dondoc_domain::access::can_decide(v.role()) {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}
