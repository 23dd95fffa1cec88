//! Bộ tiêu chí: the committee's criteria set for scores, as the TOML text it
//! edits. The current version with its history; a new version is written
//! here (or uploaded as a file), checked by `Criteria::parse` and refused
//! with the line and field at fault; every version is kept, and the result
//! fixed for a period names the version it used.
//!
//! Access: everyone reads (the agencies are judged by it); the secretariat
//! (and the administrator) adds versions.

use super::account::require_decider;
use super::{Nav, field, render};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::fmt;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dondoc_domain::access::can_decide;
use dondoc_domain::scoring::Criteria;

pub struct VersionLine {
    pub id: i64,
    pub version: String,
    pub name: String,
    pub by: String,
    pub at: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "criteria.html")]
struct CriteriaPage {
    nav: Nav,
    version: String,
    name: String,
    basis: String,
    summary: Vec<(String, String)>,
    text: String,
    draft: String,
    error: Option<ErrorView>,
    history: Vec<VersionLine>,
    can_edit: bool,
    shown: Option<String>,
}

pub struct ErrorView {
    pub line: String,
    pub field: String,
    pub message: String,
}

/// What the set says, in a few lines.
fn summary_of(c: &Criteria) -> Vec<(String, String)> {
    let mut out = vec![
        (
            c.quantity.label.clone(),
            format!("{} điểm", c.quantity.points.vi()),
        ),
        (
            c.quality.label.clone(),
            format!("{} điểm", c.quality.points.vi()),
        ),
        (
            c.timeliness.label.clone(),
            format!("{} điểm", c.timeliness.points.vi()),
        ),
        (
            "Trễ hạn".into(),
            format!(
                "trừ {} % điểm tiến độ của nhiệm vụ",
                c.penalties.late_percent
            ),
        ),
        (
            "Bị trả lại".into(),
            format!(
                "trừ {} % điểm chất lượng mỗi lần",
                c.penalties.send_back_percent
            ),
        ),
        (
            "Gia hạn vì lý do khách quan".into(),
            if c.penalties.objective_extension_exempt {
                "xét theo hạn mới, không trừ điểm".into()
            } else {
                "không miễn trừ".into()
            },
        ),
        (
            c.reports.label.clone(),
            match c.reports.due_day {
                Some(d) => format!(
                    "hạn ngày {d} hằng tháng; nộp muộn {}",
                    if c.reports.late_is_not_done {
                        "tính là không hoàn thành"
                    } else {
                        "tính là trễ hạn"
                    }
                ),
                None => "hạn theo từng đợt báo cáo".into(),
            },
        ),
    ];
    out.push((
        "Xếp loại".into(),
        c.bands
            .iter()
            .map(|b| format!("{} từ {}", b.short, b.min.vi()))
            .collect::<Vec<_>>()
            .join("; "),
    ));
    out
}

async fn page_of(
    state: &AppState,
    v: &Viewer,
    draft: Option<String>,
    error: Option<ErrorView>,
    shown: Option<i64>,
) -> AppResult<CriteriaPage> {
    let sets = state.store.criteria_sets().await?;
    let current = sets.first();
    let (text, criteria) = match current {
        Some(row) => (
            row.source.clone(),
            Criteria::parse(&row.canonical)
                .map_err(|e| AppError::Internal(format!("stored criteria: {e}")))?,
        ),
        None => (Criteria::default_toml().to_owned(), Criteria::default_set()),
    };
    let shown_text = match shown {
        Some(id) => Some(
            sets.iter()
                .find(|s| s.id == id)
                .map(|s| s.source.clone())
                .ok_or_else(|| AppError::NotFound(format!("Không tìm thấy bộ tiêu chí {id}")))?,
        ),
        None => None,
    };
    let mut history: Vec<VersionLine> = sets
        .iter()
        .enumerate()
        .map(|(i, s)| VersionLine {
            id: s.id,
            version: s.version.clone(),
            name: s.name.clone(),
            by: s.created_by.clone(),
            at: fmt::timestamp(&s.created_at),
            current: i == 0,
        })
        .collect();
    if history.is_empty() {
        history.push(VersionLine {
            id: 0,
            version: criteria.version.clone(),
            name: format!("{} (kèm theo phần mềm)", criteria.name),
            by: "dondoc".into(),
            at: String::new(),
            current: true,
        });
    }
    Ok(CriteriaPage {
        nav: Nav::new(v, "scores"),
        version: criteria.version.clone(),
        name: criteria.name.clone(),
        basis: criteria.basis.clone(),
        summary: summary_of(&criteria),
        draft: draft.unwrap_or_else(|| text.clone()),
        text,
        error,
        history,
        can_edit: can_decide(v.role()),
        shown: shown_text,
    })
}

pub async fn page(State(state): State<AppState>, v: Viewer) -> AppResult<Response> {
    Ok(render(&page_of(&state, &v, None, None, None).await?)?.into_response())
}

/// One stored version's text.
pub async fn version(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    Ok(render(&page_of(&state, &v, None, None, Some(id)).await?)?.into_response())
}

/// Checks and stores a new version; a refused text comes back with the
/// line and field at fault, the text kept for correcting.
async fn add(state: &AppState, v: &Viewer, text: String) -> AppResult<Response> {
    require_decider(v)?;
    let text = text.replace("\r\n", "\n");
    if let Err(e) = Criteria::parse(&text) {
        let error = ErrorView {
            line: e.line.map(|l| l.to_string()).unwrap_or_default(),
            field: e.field.clone().unwrap_or_default(),
            message: e.to_string(),
        };
        let page = page_of(state, v, Some(text), Some(error), None).await?;
        return Ok((StatusCode::BAD_REQUEST, render(&page)?).into_response());
    }
    state.store.add_criteria(&text, v.actor()).await?;
    Ok(Redirect::to("/tieu-chi").into_response())
}

pub async fn save(
    State(state): State<AppState>,
    v: Viewer,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let text = form
        .iter()
        .find(|(k, _)| k == "text")
        .map(|(_, t)| t.clone())
        .unwrap_or_default();
    if field(&form, "text").is_empty() {
        return Err(AppError::BadRequest("Bộ tiêu chí trống.".into()));
    }
    add(&state, &v, text).await
}

/// A criteria file uploaded (multipart: CSRF checked first).
pub async fn upload(
    State(state): State<AppState>,
    v: Viewer,
    form: Multipart,
) -> AppResult<Response> {
    let mut parts = crate::multipart::read(&v, form, &["file"], state.settings.upload_mb()).await?;
    let text = match parts.take_file("file") {
        Some(f) if f.bytes.len() > 256 * 1024 => {
            return Err(AppError::TooLarge(
                "Tệp tiêu chí quá lớn (tối đa 256 KB).".into(),
            ));
        }
        Some(f) => Some(String::from_utf8(f.bytes).map_err(|_| {
            AppError::BadRequest("Tệp tiêu chí phải là văn bản UTF-8 (.toml).".into())
        })?),
        None => None,
    };
    let text = text.ok_or_else(|| AppError::BadRequest("Chưa chọn tệp tiêu chí.".into()))?;
    add(&state, &v, text).await
}
