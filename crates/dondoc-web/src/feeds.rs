//! Calendar feeds: every deadline a user (or an agency) follows, as an
//! iCalendar file that calendar apps subscribe to. The URL carries a secret
//! token (the apps cannot log in); the database keeps its SHA-256.

use crate::auth::{Viewer, random_token, token_digest};
use crate::error::{AppError, AppResult};
use crate::fmt;
use crate::pages::{Nav, render};
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use dondoc_domain::access::Role;
use dondoc_followup::{CalendarEvent, calendar};
use dondoc_store::{FeedTarget, TaskFilter};

/// The most events in one feed (open tasks, nearest deadlines first).
pub const MAX_EVENTS: i64 = 2000;

pub struct FeedLine {
    /// The stored digest (never the secret): what the revoke form sends.
    pub digest: String,
    pub target: String,
    pub created: String,
}

#[derive(Template)]
#[template(path = "calendar.html")]
struct CalendarPage {
    nav: Nav,
    url: Option<String>,
    feeds: Vec<FeedLine>,
    message: Option<String>,
}

/// The calendar page: the feeds the viewer made (every feed for the
/// secretariat and administrators), with a way to revoke each.
async fn calendar_page(
    state: &AppState,
    v: &Viewer,
    url: Option<String>,
    message: Option<String>,
) -> AppResult<Response> {
    let owner = (!dondoc_domain::access::can_decide(v.role())).then_some(v.user.id);
    let feeds = state
        .store
        .feed_tokens(owner)
        .await?
        .into_iter()
        .map(|(digest, target, created)| FeedLine {
            digest,
            target,
            created: fmt::timestamp(&created),
        })
        .collect();
    Ok(render(&CalendarPage {
        nav: Nav::new(v, "calendar"),
        url,
        feeds,
        message,
    })?
    .into_response())
}

/// Revokes a feed: calendar apps subscribed to it get nothing more.
pub async fn revoke(
    State(state): State<AppState>,
    v: Viewer,
    Form(f): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let owner = (!dondoc_domain::access::can_decide(v.role())).then_some(v.user.id);
    let digest = crate::pages::field(&f, "feed");
    state
        .store
        .revoke_feed_token(digest, owner, v.actor())
        .await?;
    calendar_page(
        &state,
        &v,
        None,
        Some(
            "Đã thu hồi địa chỉ lịch: ứng dụng lịch dùng địa chỉ đó không nhận được gì nữa.".into(),
        ),
    )
    .await
}

impl CalendarPage {
    fn agency(&self) -> Option<i64> {
        self.nav.agency_id
    }
}

pub async fn page(State(state): State<AppState>, v: Viewer) -> AppResult<Response> {
    calendar_page(&state, &v, None, None).await
}

/// A new feed address (shown once): the viewer's own, or an agency's
/// (`agency` field: an officer for their own agency, the secretariat for any).
pub async fn create(
    State(state): State<AppState>,
    v: Viewer,
    Form(f): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let agency = Some(crate::pages::field(&f, "agency")).filter(|s| !s.is_empty());
    let target = match agency {
        None => FeedTarget::User(v.user.id),
        Some(a) => {
            let a: i64 = a.parse().map_err(|_| {
                AppError::BadRequest(format!("Trường “agency” không hợp lệ: “{a}”"))
            })?;
            let allowed = match v.role() {
                Role::Officer { agency } => agency == a,
                r => dondoc_domain::access::can_decide(r),
            };
            if !allowed {
                return Err(AppError::forbidden());
            }
            FeedTarget::Agency(a)
        }
    };
    let token = random_token()?;
    state
        .store
        .create_feed_token(&token_digest(&token), target, v.actor())
        .await?;
    let url = format!(
        "{}/lich/{token}.ics",
        state.settings.public_url.trim_end_matches('/')
    );
    calendar_page(&state, &v, Some(url), None).await
}

pub async fn ics(State(state): State<AppState>, Path(file): Path<String>) -> AppResult<Response> {
    let token = file
        .strip_suffix(".ics")
        .ok_or_else(|| AppError::NotFound("Không tìm thấy lịch".into()))?;
    let target = state
        .store
        .feed_target(&token_digest(token))
        .await?
        .ok_or_else(|| {
            AppError::NotFound("Không tìm thấy lịch (địa chỉ đã hết hiệu lực?)".into())
        })?;
    let (name, filter) = match target {
        FeedTarget::Agency(a) => (
            "Hạn nhiệm vụ của đơn vị".to_owned(),
            TaskFilter {
                agency: Some(a),
                ..TaskFilter::default()
            },
        ),
        FeedTarget::User(u) => {
            let user = state.store.user(u).await?;
            let f = match user.role {
                Role::Officer { agency } => TaskFilter {
                    agency: Some(agency),
                    ..TaskFilter::default()
                },
                _ => TaskFilter {
                    scope: state.settings.scope,
                    ..TaskFilter::default()
                },
            };
            (format!("dondoc — {}", user.display_name), f)
        }
    };
    let today = state.today();
    let list = state
        .store
        .tasks(
            &TaskFilter {
                open_only: true,
                limit: MAX_EVENTS,
                ..filter
            },
            today,
            state.soon(),
        )
        .await?;
    let base = state.settings.public_url.trim_end_matches('/');
    let events: Vec<CalendarEvent> = list
        .iter()
        .filter_map(|t| {
            t.due.map(|due| CalendarEvent {
                uid_task_id: t.id,
                title: format!("Hạn: {}", fmt::shorten(fmt::without_marker(&t.text), 90)),
                due,
                description: format!(
                    "{}\nChủ trì: {}\nVăn bản: {}",
                    t.text,
                    t.lead.join(", "),
                    t.directive_number.clone().unwrap_or_default()
                ),
                url: format!("{base}/nhiem-vu/{}", t.id),
            })
        })
        .collect();
    let body = calendar(&name, &events, chrono::Utc::now().naive_utc());
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "private, max-age=300"),
        ],
        body,
    )
        .into_response())
}
