//! Văn bản: the directives, the upload of a new one, and its review screen
//! (source text beside the extracted tasks) up to the confirmation that
//! starts tracking.

use super::account::require_decider;
use super::{Nav, render};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::fmt;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use dondoc_domain::access::Role;

/// Officers see their own tasks, not whole directives (which name others).
fn require_reader(v: &Viewer) -> AppResult<()> {
    match v.role() {
        Role::Officer { .. } => Err(AppError::forbidden()),
        _ => Ok(()),
    }
}

pub struct DirectiveLine {
    pub id: i64,
    pub number: String,
    pub kind: String,
    pub title: String,
    pub issued: String,
    pub draft: bool,
    pub tasks: i64,
    pub ingested: String,
}

#[derive(Template)]
#[template(path = "directives.html")]
struct ListPage {
    nav: Nav,
    lines: Vec<DirectiveLine>,
    can_upload: bool,
    max_mb: usize,
    error: Option<String>,
}

async fn list_page(state: &AppState, v: &Viewer, error: Option<String>) -> AppResult<Response> {
    let rows = state.store.directives(500, 0).await?;
    let lines = rows
        .into_iter()
        .map(|d| DirectiveLine {
            id: d.id,
            number: d.number.unwrap_or_else(|| "(chưa có số)".into()),
            kind: d.kind.unwrap_or_default(),
            title: d.title.unwrap_or_else(|| d.file_name.clone()),
            issued: d
                .issued_on
                .as_deref()
                .and_then(fmt::parse_date)
                .map(|x| fmt::date(Some(x)))
                .unwrap_or_default(),
            draft: d.state == "draft",
            tasks: d.tasks,
            ingested: fmt::timestamp(&d.ingested_at),
        })
        .collect();
    let status = if error.is_some() {
        axum::http::StatusCode::BAD_REQUEST
    } else {
        axum::http::StatusCode::OK
    };
    Ok((
        status,
        render(&ListPage {
            nav: Nav::new(v, "directives"),
            lines,
            can_upload: dondoc_domain::access::can_decide(v.role()),
            max_mb: state.settings.max_upload_bytes / (1024 * 1024),
            error,
        })?,
    )
        .into_response())
}

pub async fn list(State(state): State<AppState>, v: Viewer) -> AppResult<Response> {
    require_reader(&v)?;
    list_page(&state, &v, None).await
}

/// A new directive: read, extracted, stored as a draft, then reviewed.
pub async fn upload(
    State(state): State<AppState>,
    v: Viewer,
    form: Multipart,
) -> AppResult<Response> {
    require_decider(&v)?;
    let mut parts = crate::multipart::read(&v, form, &["file"], state.settings.upload_mb()).await?;
    let file = parts.take_file("file").map(|f| (f.name, f.bytes));
    let Some((name, bytes)) = file else {
        return list_page(
            &state,
            &v,
            Some("Chưa chọn tệp văn bản (.docx, .pdf, .txt).".into()),
        )
        .await;
    };
    if bytes.is_empty() {
        return list_page(
            &state,
            &v,
            Some(format!(
                "Tệp {name} rỗng (0 byte): không có văn bản nào để đọc."
            )),
        )
        .await;
    }
    if bytes.len() > state.settings.max_upload_bytes {
        return Err(AppError::TooLarge(format!(
            "Tệp {name} lớn hơn giới hạn {} MB.",
            state.settings.max_upload_bytes / (1024 * 1024)
        )));
    }
    let (job_id, job) = crate::work::start(&state, v.user.id, v.actor().to_owned(), name, bytes);
    match job.wait(state.settings.upload_wait).await {
        Some(outcome) => finished(&state, &v, outcome).await,
        // Still reading (a scan being recognised): follow it on its page.
        None => Ok(Redirect::to(&format!("/van-ban/tai-len/{job_id}")).into_response()),
    }
}

/// Where a finished upload leads: its review screen, or the list with why
/// it was refused.
async fn finished(
    state: &AppState,
    v: &Viewer,
    outcome: crate::work::Outcome,
) -> AppResult<Response> {
    match outcome {
        crate::work::Outcome::Stored { directive, tasks } => Ok(crate::flash::redirect(
            &format!("/van-ban/{directive}"),
            &format!(
                "Đã đọc văn bản: bóc tách được {tasks} nhiệm vụ. Hãy rà soát từng nhiệm vụ rồi bấm Xác nhận."
            ),
        )),
        crate::work::Outcome::Refused(why) => list_page(state, v, Some(why)).await,
    }
}

#[derive(Template)]
#[template(path = "upload_progress.html")]
struct ProgressPage {
    nav: Nav,
    id: String,
    name: String,
    done: usize,
    total: usize,
    seconds: u64,
}

/// An upload still being read: its progress, refreshed every two seconds;
/// once read, its review screen.
pub async fn upload_progress(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> AppResult<Response> {
    require_decider(&v)?;
    let job = state
        .jobs
        .get(&id)
        .filter(|j| j.owner == v.user.id)
        .ok_or_else(|| AppError::NotFound("Không tìm thấy lượt tải lên này.".into()))?;
    if let Some(outcome) = job.outcome() {
        return finished(&state, &v, outcome).await;
    }
    job.seen();
    let p = job.progress();
    Ok(render(&ProgressPage {
        nav: Nav::new(&v, "directives"),
        id,
        name: job.name.clone(),
        done: p.done,
        total: p.total,
        seconds: job.seconds(),
    })?
    .into_response())
}

/// Stops reading an upload (the reader stops at the next page).
pub async fn upload_cancel(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> AppResult<Response> {
    require_decider(&v)?;
    if let Some(job) = state.jobs.get(&id).filter(|j| j.owner == v.user.id) {
        job.cancel();
    }
    Ok(crate::flash::redirect(
        "/van-ban",
        "Đã dừng đọc văn bản; không có gì được lưu.",
    ))
}

pub struct SourceLine {
    pub n: usize,
    pub text: String,
    pub strong: bool,
}

/// A source line as a reader sees it: Markdown marks of the stored text gone.
pub fn source_line(n: usize, line: &str) -> SourceLine {
    let plain = dondoc_extract::text::strip_markdown(line);
    SourceLine {
        n,
        strong: plain.bold || plain.heading > 0,
        text: plain.text,
    }
}

pub struct AgencyOption {
    pub id: i64,
    pub name: String,
    pub lead: bool,
    pub support: bool,
}

pub struct TaskCard {
    pub id: i64,
    pub first: i64,
    pub last: i64,
    pub text: String,
    pub deliverable: String,
    pub due_iso: String,
    pub due_shown: String,
    pub due_text: String,
    pub recurrence: String,
    pub is_sub: bool,
    pub lead_names: String,
    pub support_names: String,
    pub options: Vec<AgencyOption>,
    pub proposals: Vec<ProposalView>,
}

pub struct ProposalView {
    pub existing_id: i64,
    pub existing_text: String,
    pub existing_directive: String,
    pub score: String,
}

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage {
    nav: Nav,
    id: i64,
    number: String,
    title: String,
    kind: String,
    issued: String,
    signer: String,
    file_name: String,
    draft: bool,
    can_edit: bool,
    lines: Vec<SourceLine>,
    tasks: Vec<TaskCard>,
    /// What the reader said of the file.
    notes: Vec<String>,
    /// The text came from OCR of a scan: every word needs checking.
    ocr: bool,
    /// Every task of the directive (id, short text): the join picker.
    all: Vec<(i64, String)>,
    /// The agencies to pick a new task's lead from.
    agency_choices: Vec<(i64, String)>,
    /// Targets the tasks state, offered as indicators (chỉ tiêu).
    targets: Vec<super::indicators::TargetOffer>,
    offer_agencies: Vec<super::indicators::Choice>,
}

pub async fn review(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    require_reader(&v)?;
    let d = state.store.directive(id).await?;
    let agencies = state.agencies_in_scope().await?;
    let can_edit = dondoc_domain::access::can_decide(v.role());
    let lines = d
        .body_text
        .lines()
        .enumerate()
        .map(|(i, l)| source_line(i + 1, l))
        .collect();
    let tasks = d
        .tasks
        .iter()
        .map(|t| {
            let names = |xs: &[(i64, String)]| {
                xs.iter()
                    .map(|(_, n)| n.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            TaskCard {
                id: t.id,
                first: t.first_line,
                last: t.last_line,
                text: t.text.clone(),
                deliverable: t.deliverable.clone().unwrap_or_default(),
                due_iso: t
                    .due
                    .map(|d| d.format("%d/%m/%Y").to_string())
                    .unwrap_or_default(),
                due_shown: fmt::date(t.due),
                due_text: t.due_text.clone().unwrap_or_default(),
                recurrence: t
                    .recurrence
                    .map(|r| r.label_vi().to_owned())
                    .unwrap_or_default(),
                is_sub: t.parent.is_some(),
                lead_names: names(&t.lead),
                support_names: names(&t.support),
                options: if can_edit {
                    agencies
                        .iter()
                        .map(|a| AgencyOption {
                            id: a.id,
                            name: a.name.clone(),
                            lead: t.lead.iter().any(|(x, _)| *x == a.id),
                            support: t.support.iter().any(|(x, _)| *x == a.id),
                        })
                        .collect()
                } else {
                    Vec::new()
                },
                proposals: d
                    .proposals
                    .iter()
                    .filter(|p| p.task_id == t.id)
                    .map(|p| ProposalView {
                        existing_id: p.existing_id,
                        existing_text: fmt::shorten(&p.existing_text, 200),
                        existing_directive: p.existing_directive.clone().unwrap_or_default(),
                        score: format!("{:.0}%", p.score * 100.0),
                    })
                    .collect(),
            }
        })
        .collect();
    let targets = if can_edit {
        let year = d
            .row
            .issued_on
            .as_deref()
            .and_then(fmt::parse_date)
            .map_or_else(
                || crate::money::current_year(&state),
                |x| chrono::Datelike::year(&x),
            );
        super::indicators::offers(&state, id, &d.tasks, year).await?
    } else {
        Vec::new()
    };
    let r = d.row;
    let ocr = d.notes.iter().any(|n| n.contains("OCR"));
    let all: Vec<(i64, String)> = d
        .tasks
        .iter()
        .map(|t| (t.id, fmt::shorten(&t.text, 70)))
        .collect();
    let agency_choices = if can_edit {
        agencies.iter().map(|a| (a.id, a.name.clone())).collect()
    } else {
        Vec::new()
    };
    Ok(render(&ReviewPage {
        agency_choices,
        notes: d.notes.clone(),
        ocr,
        all,
        nav: Nav::new(&v, "directives"),
        id,
        number: r.number.unwrap_or_else(|| "(chưa có số)".into()),
        title: r.title.unwrap_or_default(),
        kind: r.kind.unwrap_or_default(),
        issued: r
            .issued_on
            .as_deref()
            .and_then(fmt::parse_date)
            .map(|x| fmt::date(Some(x)))
            .unwrap_or_default(),
        signer: d.signer.unwrap_or_default(),
        file_name: r.file_name,
        draft: r.state == "draft",
        can_edit,
        lines,
        tasks,
        offer_agencies: if targets.is_empty() {
            Vec::new()
        } else {
            agencies
                .iter()
                .map(|a| super::indicators::Choice {
                    value: a.id.to_string(),
                    label: a.name.clone(),
                })
                .collect()
        },
        targets,
    })?
    .into_response())
}

pub async fn original(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    require_reader(&v)?;
    let (name, bytes) = state.store.directive_file(id).await?;
    Ok(super::attachment(&name, bytes))
}

pub async fn confirm(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    require_decider(&v)?;
    state.store.confirm_directive(id, v.actor()).await?;
    let n = state.store.directive(id).await?.tasks.len();
    Ok(crate::flash::redirect(
        &format!("/van-ban/{id}"),
        &format!("Đã xác nhận văn bản: {n} nhiệm vụ bắt đầu được theo dõi và đôn đốc."),
    ))
}
