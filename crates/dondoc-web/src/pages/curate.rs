//! The review screen completes what extraction missed: a task from selected
//! lines of the source (its lead and deadline read from the words), split a
//! task in two, join two, delete a directive uploaded by mistake.

use super::account::require_decider;
use super::field;
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::fmt;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use dondoc_store::NewTask;

fn ids(form: &[(String, String)], name: &str) -> AppResult<Vec<i64>> {
    form.iter()
        .filter(|(k, v)| k == name && !v.trim().is_empty())
        .map(|(_, v)| {
            v.trim().parse().map_err(|_| {
                AppError::BadRequest(format!("Trường “{name}”: “{v}” không phải mã cơ quan"))
            })
        })
        .collect()
}

fn line_no(form: &[(String, String)], name: &str, label: &str) -> AppResult<i64> {
    let v = field(form, name);
    v.parse()
        .map_err(|_| AppError::BadRequest(format!("Trường “{label}”: “{v}” không phải số dòng")))
}

/// A new task from lines `from`–`to` of the directive (or the words the
/// reviewer selected there). The lead and deadline are read from the words
/// by the extractor when the form leaves them empty.
pub async fn add_task(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    require_decider(&v)?;
    let d = state.store.directive(id).await?;
    let lines: Vec<&str> = d.body_text.lines().collect();
    let from = line_no(&form, "from", "Từ dòng")?;
    let to = match field(&form, "to") {
        "" => from,
        _ => line_no(&form, "to", "Đến dòng")?,
    };
    if from < 1 || to < from || to as usize > lines.len() {
        return Err(AppError::BadRequest(format!(
            "Dòng {from}–{to} không có trong văn bản (văn bản có {} dòng).",
            lines.len()
        )));
    }
    let selected = field(&form, "text");
    let text = if selected.is_empty() {
        lines
            .get((from - 1) as usize..to as usize)
            .unwrap_or_default()
            .iter()
            .map(|l| dondoc_extract::text::strip_markdown(l).text)
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        selected.to_owned()
    };
    // What the extractor reads in the words alone.
    let registry = state.registry().await?;
    let read = dondoc_extract::extract(&text, &registry);
    let found = read.tasks.first();
    let mut lead = ids(&form, "lead")?;
    let mut support = ids(&form, "support")?;
    if lead.is_empty()
        && let Some(t) = found
    {
        for name in &t.lead {
            if let Some(a) = state.store.agency_by_name(name).await? {
                lead.push(a.id);
            }
        }
        for name in &t.support {
            if let Some(a) = state.store.agency_by_name(name).await? {
                support.push(a.id);
            }
        }
    }
    if lead.is_empty() {
        return Err(AppError::BadRequest(
            "Không đọc được cơ quan chủ trì trong đoạn đã chọn: hãy chọn cơ quan chủ trì.".into(),
        ));
    }
    let (due, due_text) = match field(&form, "due") {
        "" => match found.and_then(|t| t.due.as_ref()) {
            Some(d) => (Some(d.date), Some(d.text.clone())),
            None => (None, None),
        },
        s => (
            Some(fmt::parse_date(s).ok_or_else(|| {
                AppError::BadRequest(format!("Trường “Thời hạn”: “{s}” không phải ngày"))
            })?),
            None,
        ),
    };
    let task = state
        .store
        .add_task(NewTask {
            directive: id,
            first_line: from,
            last_line: to,
            text: &text,
            lead: &lead,
            support: &support,
            due,
            due_text: due_text.as_deref(),
            by: v.actor(),
        })
        .await?;
    Ok(crate::flash::redirect(
        &format!("/van-ban/{id}#task-{task}"),
        &format!(
            "Đã thêm nhiệm vụ #{task} từ dòng {from}–{to}{}.",
            due.map(|d| format!(", thời hạn {}", fmt::date(Some(d))))
                .unwrap_or_default()
        ),
    ))
}

/// Splits a draft task where the reviewer put a blank line in its text.
pub async fn split(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    require_decider(&v)?;
    let text = field(&form, "text").replace("\r\n", "\n");
    let (first, second) = text
        .split_once("\n\n")
        .or_else(|| text.split_once('\n'))
        .ok_or_else(|| {
            AppError::BadRequest("Hãy xuống dòng ở chỗ cần tách nhiệm vụ thành hai.".into())
        })?;
    let (directive, _) = state.store.task_directive(id).await?;
    let new = state.store.split_task(id, first, second, v.actor()).await?;
    Ok(crate::flash::redirect(
        &format!("/van-ban/{directive}#task-{new}"),
        &format!("Đã tách thành hai nhiệm vụ: #{id} và #{new}."),
    ))
}

/// Joins another draft task of the same directive into this one.
pub async fn join(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    require_decider(&v)?;
    let other: i64 = field(&form, "other")
        .parse()
        .map_err(|_| AppError::BadRequest("Hãy chọn nhiệm vụ cần gộp vào.".into()))?;
    let (directive, _) = state.store.task_directive(id).await?;
    state.store.join_tasks(id, other, v.actor()).await?;
    Ok(crate::flash::redirect(
        &format!("/van-ban/{directive}#task-{id}"),
        &format!("Đã gộp nhiệm vụ #{other} vào #{id}."),
    ))
}

/// Deletes a directive still in review (uploaded by mistake).
pub async fn delete_directive(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    require_decider(&v)?;
    state.store.delete_draft_directive(id, v.actor()).await?;
    Ok(crate::flash::redirect(
        "/van-ban",
        "Đã xóa văn bản tải lên nhầm cùng các nhiệm vụ bản nháp của nó.",
    ))
}
