//! Đôn đốc: the leader's view of who is late (ranked, with the reminders
//! sent and the tasks flagged by the ladder), delivery of the reminders,
//! explanation requests (yêu cầu giải trình), and the official follow-up
//! letter (công văn đôn đốc) of an agency as a .docx.

use super::account::require_decider;
use super::{Nav, field, render};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::fmt;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use dondoc_domain::access::{self, Role};
use dondoc_domain::status::Status;
use dondoc_followup::{LetterInput, LetterTask, letter_docx};
use dondoc_store::TaskFilter;

pub struct EscalationLine {
    pub id: i64,
    pub agency: String,
    pub overdue: String,
    pub worst: String,
    pub reminders: String,
    pub flagged: i64,
}

pub struct OutboxLine {
    pub id: i64,
    pub agency: String,
    pub date: String,
    pub channel: &'static str,
    pub recipient: String,
    pub state: &'static str,
    pub class: &'static str,
    pub failed: bool,
    pub attempts: i64,
    pub error: String,
}

#[derive(Template)]
#[template(path = "followup.html")]
struct FollowUpPage {
    nav: Nav,
    today: String,
    lines: Vec<EscalationLine>,
    policy: String,
    counts: Vec<(&'static str, i64)>,
    outbox: Vec<OutboxLine>,
    can_decide: bool,
    smtp: bool,
}

fn no_officers(v: &Viewer) -> AppResult<()> {
    if matches!(v.role(), Role::Officer { .. }) {
        Err(AppError::forbidden())
    } else {
        Ok(())
    }
}

pub async fn page(State(state): State<AppState>, v: Viewer) -> AppResult<Response> {
    no_officers(&v)?;
    let today = state.today();
    let policy = &state.settings.policy;
    let rows = state
        .store
        .escalation(state.settings.scope, today, policy.flag_after_reminders)
        .await?;
    let lines = rows
        .into_iter()
        .take(100)
        .map(|r| EscalationLine {
            id: r.agency_id,
            agency: r.agency,
            overdue: fmt::number(r.overdue),
            worst: format!("{} ngày", fmt::number(r.worst_days)),
            reminders: fmt::number(r.reminders),
            flagged: r.flagged,
        })
        .collect();
    let counts_map = state.store.outbox_counts().await?;
    let counts = [
        ("Chờ gửi", "pending"),
        ("Đang gửi", "sending"),
        ("Đã gửi", "sent"),
        ("Gửi lỗi", "failed"),
    ]
    .into_iter()
    .map(|(label, code)| (label, counts_map.get(code).copied().unwrap_or(0)))
    .collect();
    let outbox = state
        .store
        .outbox_recent(30)
        .await?
        .into_iter()
        .map(|o| {
            let (state_label, class) = match o.state.as_str() {
                "sent" => ("Đã gửi", "green"),
                "failed" => ("Lỗi, đã dừng", "red"),
                "sending" => ("Đang gửi", "orange"),
                _ if o.attempts > 0 => ("Chờ gửi lại", "orange"),
                _ => ("Chờ gửi", "grey"),
            };
            OutboxLine {
                id: o.id,
                agency: o.agency,
                date: fmt::date(fmt::parse_date(&o.on_date)),
                channel: if o.channel == "email" {
                    "Thư điện tử"
                } else {
                    "Webhook"
                },
                recipient: o.recipient,
                state: state_label,
                class,
                failed: o.state == "failed",
                attempts: o.attempts,
                error: o.last_error.unwrap_or_default(),
            }
        })
        .collect();
    Ok(render(&FollowUpPage {
        nav: Nav::new(&v, "followup"),
        today: fmt::date(Some(today)),
        lines,
        policy: policy.describe_vi(),
        counts,
        outbox,
        can_decide: access::can_decide(v.role()),
        smtp: state.settings.smtp.is_some(),
    })?
    .into_response())
}

/// Runs today's reminders now (idempotent: a day already run adds nothing).
pub async fn run_now(State(state): State<AppState>, v: Viewer) -> AppResult<Response> {
    require_decider(&v)?;
    let r = dondoc_notify::daily_run(
        &state.store,
        &state.settings.policy,
        state.today(),
        &state.settings.public_url,
        false,
    )
    .await?;
    let message = if r.stored == 0 && r.agencies > 0 {
        format!(
            "Hôm nay các cơ quan đã được nhắc ({} cơ quan); không tạo thêm thư nhắc.",
            r.agencies
        )
    } else {
        format!(
            "Đã tạo {} thư nhắc cho {} nhiệm vụ, {} lượt gửi đang chờ gửi.",
            r.stored, r.tasks, r.deliveries
        )
    };
    Ok(crate::flash::redirect("/don-doc", &message))
}

pub async fn retry(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    require_decider(&v)?;
    state.store.outbox_retry(id, v.actor()).await?;
    Ok(crate::flash::redirect(
        "/don-doc",
        "Đã đưa thư vào hàng đợi gửi lại.",
    ))
}

pub async fn request_explanation(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    require_decider(&v)?;
    let (lead, _) = state.store.task_assignment(id).await?;
    let agency = lead
        .first()
        .copied()
        .ok_or_else(|| AppError::Conflict("Nhiệm vụ chưa có cơ quan chủ trì.".into()))?;
    let s = field(&form, "answer_by");
    let answer_by = fmt::parse_date(s).ok_or_else(|| {
        AppError::BadRequest(format!("Trường “Hạn trả lời”: “{s}” không phải ngày"))
    })?;
    state
        .store
        .request_explanation(id, agency, field(&form, "question"), answer_by, v.actor())
        .await?;
    Ok(crate::flash::redirect(
        &format!("/nhiem-vu/{id}"),
        &format!(
            "Đã gửi yêu cầu giải trình; hạn trả lời {}.",
            fmt::date(Some(answer_by))
        ),
    ))
}

pub async fn answer_explanation(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let task: i64 = field(&form, "task")
        .parse()
        .map_err(|_| AppError::BadRequest("Trường “task” thiếu".into()))?;
    let asked = state.store.explanations(Some(task), None).await?;
    if !asked.iter().any(|e| e.id == id) {
        return Err(AppError::NotFound(format!(
            "Không tìm thấy yêu cầu giải trình {id}"
        )));
    }
    if !crate::reach::readable(&state, &v, task).await?.can_update() {
        return Err(AppError::forbidden());
    }
    state
        .store
        .answer_explanation(id, field(&form, "answer"), v.actor())
        .await?;
    Ok(crate::flash::redirect(
        &format!("/nhiem-vu/{task}"),
        "Đã gửi giải trình đến Văn phòng thường trực.",
    ))
}

/// The secretariat has read an explanation answer (from its queue).
pub async fn review_explanation(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    require_decider(&v)?;
    state.store.review_explanation(id, v.actor()).await?;
    Ok(crate::flash::redirect(
        "/viec-cho",
        "Đã đánh dấu giải trình là đã xem.",
    ))
}

pub async fn add_channel(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    require_decider(&v)?;
    let recipient = field(&form, "recipient");
    let channel = field(&form, "channel");
    let ok = match channel {
        "email" => recipient.contains('@') && !recipient.contains(char::is_whitespace),
        "webhook" => recipient.starts_with("http://") || recipient.starts_with("https://"),
        _ => false,
    };
    if !ok {
        return Err(AppError::BadRequest(format!(
            "Trường “Nơi nhận”: “{recipient}” không phải địa chỉ {channel} hợp lệ"
        )));
    }
    state
        .store
        .add_agency_channel(id, channel, recipient, v.actor())
        .await?;
    Ok(crate::flash::redirect(
        &format!("/co-quan/{id}"),
        &format!("Đã thêm nơi nhận thư nhắc: {recipient}."),
    ))
}

/// The follow-up letter to one agency listing its overdue tasks.
pub async fn letter(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    require_decider(&v)?;
    let today = state.today();
    let agency = state.store.agency(id).await?;
    let overdue = state
        .store
        .tasks(
            &TaskFilter {
                agency: Some(id),
                status: Some(Status::Overdue),
                limit: 200,
                ..TaskFilter::default()
            },
            today,
            state.soon(),
        )
        .await?;
    if overdue.is_empty() {
        return Err(AppError::Conflict(format!(
            "{} không có nhiệm vụ quá hạn: không cần công văn đôn đốc.",
            agency.name
        )));
    }
    let ids: Vec<i64> = overdue.iter().map(|t| t.id).collect();
    let latest = state.store.latest_updates(&ids).await?;
    let mut tasks = Vec::new();
    let mut directives: Vec<String> = Vec::new();
    for t in &overdue {
        let progress = latest
            .get(&t.id)
            .map(|(percent, body)| format!("{percent}% — {body}"))
            .unwrap_or_default();
        let directive = t
            .directive_number
            .clone()
            .map(|n| format!("số {n}"))
            .unwrap_or_default();
        if !directive.is_empty() && !directives.contains(&directive) {
            directives.push(directive.clone());
        }
        tasks.push(LetterTask {
            text: fmt::without_marker(&t.text).to_owned(),
            directive,
            due: t.due,
            days_overdue: t
                .due
                .map(|d| (today - d).num_days().max(0) as u32)
                .unwrap_or(0),
            progress,
        });
    }
    // The letter itself states how many tasks are overdue on which day: the
    // opening only names the directives.
    let intro = format!(
        "Thực hiện các văn bản chỉ đạo {}của Ban Chỉ đạo và Ủy ban nhân dân tỉnh về phát triển khoa học, \
         công nghệ, đổi mới sáng tạo và chuyển đổi số,",
        if directives.is_empty() {
            String::new()
        } else {
            format!("({}) ", directives.join(", "))
        },
    );
    // The standing office writes to the agencies; to itself, the Steering
    // Committee writes.
    const OFFICE: &str = "Sở Khoa học và Công nghệ";
    let (issuer_parent, issuer, issuer_short, symbol, signer_title) = if agency.name == OFFICE {
        (
            "UBND tỉnh Khánh Hòa",
            "Ban Chỉ đạo phát triển khoa học, công nghệ,\nđổi mới sáng tạo và chuyển đổi số tỉnh",
            "Ban Chỉ đạo",
            "BCĐ",
            "KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN",
        )
    } else {
        (
            "UBND tỉnh Khánh Hòa",
            OFFICE,
            "Sở Khoa học và Công nghệ (Cơ quan thường trực Ban Chỉ đạo)",
            "SKHCN-VP",
            "GIÁM ĐỐC",
        )
    };
    let input = LetterInput {
        issuer_parent: issuer_parent.into(),
        issuer: issuer.into(),
        issuer_short: issuer_short.into(),
        symbol: Some(symbol.into()),
        place: "Khánh Hòa".into(),
        date: today,
        agency: agency.name.clone(),
        summary: "đôn đốc thực hiện nhiệm vụ quá hạn".into(),
        intro,
        tasks,
        reply_by: today + chrono::Duration::days(10),
        recipients_extra: vec!["Trưởng Ban Chỉ đạo (để b/c)".into()],
        archive: Some("VP".into()),
        signer_title: signer_title.into(),
        signer_name: None,
    };
    let bytes = letter_docx(&input).map_err(|e| AppError::Internal(format!("công văn: {e}")))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                    .to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"cong-van-don-doc-{id}-{today}.docx\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
