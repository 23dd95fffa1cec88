//! One task: its sentence in the directive, deadline history, the timeline
//! of updates with evidence, and the forms of each role — the agency reports
//! progress, asks for more time and claims completion; the secretariat
//! appraises, decides deadline changes, corrects and reassigns.

use super::account::require_decider;
use super::{Nav, field, render};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::fmt;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use dondoc_domain::access;
use dondoc_store::{
    Appraisal, ChangeState, CompletionClaim, Decision, ExtensionRequest, NewUpdate, TaskEdit,
    Verdict,
};

/// Largest number of evidence files in one report.
pub const MAX_FILES: usize = 10;

pub use crate::reach::readable;

pub struct ContextLine {
    pub n: i64,
    pub text: String,
    pub own: bool,
}

pub struct Event {
    pub date: String,
    pub kind: &'static str,
    pub title: String,
    pub body: String,
    pub by: String,
    /// Documents cited as evidence.
    pub evidence: String,
}

pub struct ChangeView {
    pub id: i64,
    pub due: String,
    pub reason: String,
    pub decision: &'static str,
    pub pending: bool,
    /// The decider's note.
    pub note: String,
    /// Approved for an objective cause (lý do khách quan).
    pub objective: bool,
}

pub struct FileView {
    pub id: i64,
    pub date: String,
    pub name: String,
}

pub struct AgencyOption {
    pub id: i64,
    pub name: String,
    pub lead: bool,
    pub support: bool,
}

#[derive(Template)]
#[template(path = "task.html")]
struct TaskPage {
    nav: Nav,
    id: i64,
    title: String,
    text: String,
    directive_id: i64,
    directive: String,
    lead: String,
    support: String,
    deliverable: String,
    due: String,
    due_original: String,
    due_changed: bool,
    due_iso: String,
    due_text: String,
    status: &'static str,
    colour: &'static str,
    recurrence: String,
    areas: String,
    parent: Option<i64>,
    context: Vec<ContextLine>,
    mentions: Vec<(i64, String)>,
    events: Vec<Event>,
    changes: Vec<ChangeView>,
    files: Vec<FileView>,
    audit: Vec<Event>,
    percent: i64,
    can_update: bool,
    can_report: bool,
    can_decide: bool,
    pending_claim: bool,
    done: bool,
    options: Vec<AgencyOption>,
    today_iso: String,
    reminders: i64,
    flagged: bool,
    explanations: Vec<ExplanationView>,
    answer_by: String,
    /// Projects with money for this task (giải ngân): (id, "code — name (year)").
    projects: Vec<(i64, String)>,
}

pub struct ExplanationView {
    pub id: i64,
    pub question: String,
    pub answer_by: String,
    pub requested_by: String,
    pub answer: Option<String>,
    pub answered_by: String,
}

pub async fn page(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let access = readable(&state, &v, id).await?;
    let today = state.today();
    let t = state.store.task(id, today, state.soon()).await?;
    let (number, title, body) = state.store.directive_text(t.row.directive_id).await?;
    let lines: Vec<&str> = body.lines().collect();
    let from = (t.first_line - 2).max(1);
    let to = (t.last_line + 2).min(lines.len() as i64);
    let context = (from..=to)
        .filter_map(|n| {
            lines.get((n - 1) as usize).map(|l| ContextLine {
                n,
                text: dondoc_extract::text::strip_markdown(l).text,
                own: n >= t.first_line && n <= t.last_line,
            })
        })
        .collect();
    let mut events: Vec<Event> = t
        .updates
        .iter()
        .map(|u| Event {
            date: fmt::date(fmt::parse_date(&u.on)),
            kind: "update",
            title: format!("Báo cáo tiến độ: {}%", u.percent),
            body: u.body.clone(),
            by: u.by.clone(),
            evidence: u.evidence.join(", "),
        })
        .collect();
    for c in &t.completions {
        let mut body = c.note.clone();
        if let Some(n) = c.appraisal_note.as_deref().filter(|n| !n.trim().is_empty()) {
            body = format!("{body}\nÝ kiến thẩm định: {n}");
        }
        events.push(Event {
            date: fmt::date(fmt::parse_date(&c.claimed_on)),
            kind: "claim",
            title: format!("Báo cáo hoàn thành — {}", c.appraisal.label_vi()),
            body,
            by: c.claimed_by.clone(),
            evidence: String::new(),
        });
    }
    let percent = t.updates.last().map(|u| u.percent).unwrap_or(0);
    let pending_claim = t
        .completions
        .iter()
        .any(|c| c.appraisal == Appraisal::Pending);
    let changes = t
        .deadline_changes
        .iter()
        .map(|c| ChangeView {
            id: c.id,
            due: fmt::date(fmt::parse_date(&c.requested)),
            reason: c.reason.clone(),
            decision: c.state.label_vi(),
            pending: c.state == ChangeState::Pending,
            note: c.note.clone().unwrap_or_default(),
            objective: c.objective && c.state == ChangeState::Approved,
        })
        .collect();
    let files = state
        .store
        .task_evidence(id)
        .await?
        .into_iter()
        .map(|(fid, on, name)| FileView {
            id: fid,
            date: fmt::date(fmt::parse_date(&on)),
            name,
        })
        .collect();
    let audit = t
        .audit
        .iter()
        .rev()
        .map(|a| Event {
            date: fmt::timestamp(&a.at),
            kind: "audit",
            title: fmt::audit_action(&a.action),
            body: a.detail.clone(),
            by: a.actor.clone(),
            evidence: String::new(),
        })
        .collect();
    let can_decide = access::can_decide(v.role());
    let options = if can_decide {
        state
            .agencies_in_scope()
            .await?
            .iter()
            .map(|a| AgencyOption {
                lead: access.lead.contains(&a.id),
                support: access.support.contains(&a.id),
                id: a.id,
                name: a.name.clone(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let done = t.row.completed_on.is_some();
    let reminders = state
        .store
        .reminder_counts(&[id])
        .await?
        .get(&id)
        .copied()
        .unwrap_or(0);
    let explanations = state
        .store
        .explanations(Some(id), None)
        .await?
        .into_iter()
        .map(|e| ExplanationView {
            id: e.id,
            question: e.question,
            answer_by: fmt::date(fmt::parse_date(&e.answer_by)),
            requested_by: e.requested_by,
            answer: e.answer,
            answered_by: e.answered_by.unwrap_or_default(),
        })
        .collect();
    Ok(render(&TaskPage {
        nav: Nav::new(&v, "tasks"),
        id,
        title: fmt::without_marker(&t.row.text).to_owned(),
        text: t.row.text.clone(),
        directive_id: t.row.directive_id,
        directive: match (number, title) {
            (Some(n), _) => n,
            (None, Some(title)) => format!("{} (chưa có số)", fmt::shorten(&title, 90)),
            (None, None) => format!("Văn bản #{} (chưa có số)", t.row.directive_id),
        },
        lead: t.row.lead.join(", "),
        support: t.support.join(", "),
        deliverable: t.deliverable.clone().unwrap_or_default(),
        due: fmt::date(t.row.due),
        due_original: fmt::date(t.row.due_original),
        due_changed: t.row.due != t.row.due_original,
        due_iso: t
            .row
            .due
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default(),
        due_text: t.due_text.clone().unwrap_or_default(),
        status: t.row.status.label_vi(),
        colour: fmt::colour_class(t.row.status, t.row.due.is_some()),
        recurrence: t
            .row
            .recurrence
            .map(|r| r.label_vi().to_owned())
            .unwrap_or_default(),
        areas: t
            .row
            .areas
            .iter()
            .map(|a| a.label_vi())
            .collect::<Vec<_>>()
            .join(", "),
        parent: t.parent,
        context,
        mentions: t
            .mentions
            .iter()
            .filter(|m| m.0 != t.row.directive_id)
            .map(|m| (m.0, m.1.clone().unwrap_or_default()))
            .collect(),
        events,
        changes,
        files,
        audit,
        percent,
        // The secretariat decides: the officer's forms (asking for more
        // time, claiming completion) are not for it.
        can_update: access.can_update() && !can_decide && !done,
        can_report: access.can_report() && !done,
        can_decide,
        pending_claim,
        done,
        options,
        today_iso: today.format("%d/%m/%Y").to_string(),
        reminders,
        flagged: !done
            && dondoc_domain::escalation::flagged(
                reminders,
                state.settings.policy.flag_after_reminders,
            ),
        explanations,
        projects: state
            .store
            .task_projects(id)
            .await?
            .into_iter()
            .map(|(pid, code, name, year)| (pid, format!("{code} — {name} ({year})")))
            .collect(),
        answer_by: (today + chrono::Duration::days(5))
            .format("%d/%m/%Y")
            .to_string(),
    })?
    .into_response())
}

/// After an action: back where the form came from (its `back` field, a path
/// of this site) or to the task, saying what was done.
fn done(form: &[(String, String)], id: i64, message: &str) -> Response {
    let to = super::local_path(field(form, "back"))
        .map(str::to_owned)
        .unwrap_or_else(|| format!("/nhiem-vu/{id}"));
    crate::flash::redirect(&to, message)
}

fn ids(form: &[(String, String)], name: &str) -> AppResult<Vec<i64>> {
    form.iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| {
            v.parse().map_err(|_| {
                AppError::BadRequest(format!("Trường “{name}”: “{v}” không phải mã cơ quan"))
            })
        })
        .collect()
}

/// Corrects a task (review) or reassigns it (tracking): secretariat only.
pub async fn edit(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    require_decider(&v)?;
    let due = match field(&form, "due").trim() {
        "" => None,
        s => Some(fmt::parse_date(s).ok_or_else(|| {
            AppError::BadRequest(format!("Trường “Thời hạn”: “{s}” không phải ngày"))
        })?),
    };
    let deliverable = field(&form, "deliverable");
    state
        .store
        .edit_task(TaskEdit {
            id,
            text: field(&form, "text"),
            deliverable: Some(deliverable),
            due,
            lead: &ids(&form, "lead")?,
            support: &ids(&form, "support")?,
            by: v.actor(),
        })
        .await?;
    // `back` is only ever a path of this site: never an open redirect.
    Ok(done(&form, id, "Đã lưu nhiệm vụ."))
}

pub async fn drop(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    require_decider(&v)?;
    let (directive, _) = state.store.task_directive(id).await?;
    state.store.drop_draft_task(id, v.actor()).await?;
    Ok(crate::flash::redirect(
        &format!("/van-ban/{directive}"),
        "Đã bỏ nhiệm vụ khỏi bản nháp.",
    ))
}

pub async fn link(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    require_decider(&v)?;
    let existing: i64 = field(&form, "existing")
        .parse()
        .map_err(|_| AppError::BadRequest("Trường “existing” thiếu hoặc sai".into()))?;
    let (directive, _) = state.store.task_directive(id).await?;
    let accept = field(&form, "accept") == "1";
    state
        .store
        .decide_link(id, existing, accept, v.actor())
        .await?;
    Ok(Redirect::to(&format!("/van-ban/{directive}")).into_response())
}

/// A progress report, with evidence files (multipart: CSRF checked here).
pub async fn progress(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    form: Multipart,
) -> AppResult<Response> {
    let mut parts =
        crate::multipart::read(&v, form, &["files"], state.settings.upload_mb()).await?;
    let files: Vec<(String, Vec<u8>)> = parts
        .take_files("files")
        .into_iter()
        .filter(|f| !f.bytes.is_empty())
        .map(|f| (f.name, f.bytes))
        .collect();
    let (percent, body, evidence) = (
        parts.text("percent").to_owned(),
        parts.text("body").to_owned(),
        parts.text("evidence").to_owned(),
    );
    let agency = readable(&state, &v, id).await?.reporter()?;
    if files.len() > MAX_FILES {
        return Err(AppError::BadRequest(format!(
            "Tối đa {MAX_FILES} tệp minh chứng mỗi lần báo cáo."
        )));
    }
    let percent: i64 = percent.trim().parse().map_err(|_| {
        AppError::BadRequest(format!("Trường “Tiến độ (%)”: “{percent}” không phải số"))
    })?;
    let cited: Vec<String> = evidence
        .split([',', ';', '\n'])
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    state
        .store
        .add_update(NewUpdate {
            task_id: id,
            agency_id: agency,
            on: state.today(),
            percent,
            body: &body,
            evidence: &cited,
            files: &files,
            by: v.actor(),
        })
        .await?;
    Ok(crate::flash::redirect(
        &format!("/nhiem-vu/{id}"),
        &format!("Đã gửi báo cáo tiến độ ({percent}%)."),
    ))
}

pub async fn extension(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    readable(&state, &v, id).await?.updater()?;
    let s = field(&form, "due");
    let due = fmt::parse_date(s).ok_or_else(|| {
        AppError::BadRequest(format!("Trường “Thời hạn đề nghị”: “{s}” không phải ngày"))
    })?;
    if due <= state.today() {
        return Err(AppError::BadRequest(
            "Thời hạn đề nghị phải sau ngày hôm nay.".into(),
        ));
    }
    state
        .store
        .request_extension(ExtensionRequest {
            task_id: id,
            requested_due: due,
            reason: field(&form, "reason"),
            by: v.actor(),
        })
        .await?;
    Ok(done(
        &form,
        id,
        &format!(
            "Đã gửi đề nghị gia hạn đến {}; Văn phòng thường trực sẽ quyết định.",
            fmt::date(Some(due))
        ),
    ))
}

pub async fn decide_extension(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    require_decider(&v)?;
    let change: i64 = field(&form, "change")
        .parse()
        .map_err(|_| AppError::BadRequest("Trường “change” thiếu hoặc sai".into()))?;
    // The change must belong to this task: the URL names what is decided.
    let t = state.store.task(id, state.today(), state.soon()).await?;
    if !t.deadline_changes.iter().any(|c| c.id == change) {
        return Err(AppError::NotFound(format!(
            "Nhiệm vụ {id} không có đề nghị gia hạn {change}"
        )));
    }
    let decision = if field(&form, "approve") == "1" {
        Decision::Approve
    } else {
        Decision::Reject
    };
    // An approval may say its cause is objective: scores then judge the
    // task by its new deadline.
    let objective = decision == Decision::Approve && field(&form, "objective") == "1";
    state
        .store
        .decide_extension_with(change, decision, objective, field(&form, "note"), v.actor())
        .await?;
    Ok(done(
        &form,
        id,
        match decision {
            Decision::Approve => "Đã chấp thuận đề nghị gia hạn: thời hạn mới có hiệu lực.",
            Decision::Reject => "Đã không chấp thuận đề nghị gia hạn: thời hạn giữ nguyên.",
        },
    ))
}

pub async fn claim(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    readable(&state, &v, id).await?.updater()?;
    let note = field(&form, "note");
    if note.trim().is_empty() {
        return Err(AppError::BadRequest(
            "Trường “Kết quả”: hãy nêu kết quả, sản phẩm đã hoàn thành.".into(),
        ));
    }
    state
        .store
        .claim_completion(CompletionClaim {
            task_id: id,
            on: state.today(),
            note,
            by: v.actor(),
        })
        .await?;
    Ok(done(
        &form,
        id,
        "Đã gửi báo cáo hoàn thành; nhiệm vụ chờ Văn phòng thường trực thẩm định.",
    ))
}

pub async fn appraise(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    require_decider(&v)?;
    let verdict = if field(&form, "accept") == "1" {
        Verdict::Accept
    } else {
        Verdict::SendBack
    };
    state
        .store
        .appraise(id, verdict, field(&form, "note"), v.actor())
        .await?;
    Ok(done(
        &form,
        id,
        match verdict {
            Verdict::Accept => "Đã công nhận hoàn thành nhiệm vụ.",
            Verdict::SendBack => {
                "Đã trả lại báo cáo hoàn thành; cơ quan chủ trì tiếp tục thực hiện."
            }
        },
    ))
}

pub async fn evidence(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    // Access first: nothing of the file is read for someone who may not.
    readable(&state, &v, state.store.evidence_task(id).await?).await?;
    let (_, name, bytes) = state.store.evidence_file(id).await?;
    Ok(super::attachment(&name, bytes))
}
