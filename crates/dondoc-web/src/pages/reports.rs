//! Báo cáo định kỳ: rounds of periodic reports, a round's inbox (every
//! expected agency: on time, late, missing; reporting and on-time rates),
//! an agency's report form (its tasks prefilled; a result and a short
//! assessment per task, the general sections, files; drafts and filing;
//! the secretariat accepts or returns it), and the committee's consolidated
//! report (editable text, then .docx in the Decree 30/2020 layout and the
//! appendix as .xlsx).
//!
//! Access: an officer reads and files only its own agency's reports; the
//! secretariat opens rounds, decides and consolidates; leaders read.

use super::account::require_decider;
use super::{Nav, field, render};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::fmt;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use dondoc_domain::access::{Role, can_decide};
use dondoc_domain::areas::Area;
use dondoc_domain::reports::{
    Arrival, InboxFigures, ReportDecision, ReportState, RoundKind, RoundState, default_due,
    percent_vi, period_label,
};
use dondoc_domain::status::Status;
use dondoc_followup::report::{
    AgencyNote, Appendix, AppendixRow, ReportData, ReportInput, RoundFigures, Section,
    draft_sections, figures_table, report_docx,
};
use dondoc_store::{ItemInput, NewRound, RoundRow, SaveReport, TaskFilter};
use serde::{Deserialize, Serialize};

/// Largest number of files in one report.
pub const MAX_FILES: usize = 10;

/// The reports an officer may touch are its agency's; others read all.
fn may_read(v: &Viewer, agency: i64) -> AppResult<()> {
    if dondoc_domain::access::can_read_owned(v.role(), agency) {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

/// Filing: the agency's officers, and the secretariat on its behalf.
fn may_file(v: &Viewer, agency: i64) -> bool {
    dondoc_domain::access::can_enter_owned(v.role(), agency)
}

fn docx_response(name: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                    .to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

pub fn xlsx_response(name: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

// --- Rounds ----------------------------------------------------------------

pub struct RoundLine {
    pub id: i64,
    pub title: String,
    pub kind: &'static str,
    pub due: String,
    pub state: &'static str,
    pub open: bool,
    pub expected: i64,
    pub received: i64,
    pub on_time: i64,
    pub reporting_rate: String,
    pub on_time_rate: String,
}

pub struct MyReport {
    pub round_id: i64,
    pub title: String,
    pub due: String,
    pub state: &'static str,
    pub arrival: &'static str,
    pub colour: &'static str,
    pub open: bool,
}

#[derive(Template)]
#[template(path = "reports.html")]
struct RoundsPage {
    nav: Nav,
    rounds: Vec<RoundLine>,
    mine: Vec<MyReport>,
    officer: bool,
    can_decide: bool,
    kinds: Vec<(&'static str, &'static str)>,
    agencies: Vec<(i64, String)>,
    today: String,
    default_due: String,
}

fn rates(expected: i64, received: i64, on_time: i64) -> (String, String) {
    let f = InboxFigures {
        expected: u32::try_from(expected).unwrap_or(0),
        on_time: u32::try_from(on_time).unwrap_or(0),
        late: u32::try_from(received - on_time).unwrap_or(0),
        ..InboxFigures::default()
    };
    (
        percent_vi(f.reporting_rate_tenths()),
        percent_vi(f.on_time_rate_tenths()),
    )
}

fn round_line(r: &RoundRow) -> RoundLine {
    let (reporting_rate, on_time_rate) = rates(r.expected, r.received, r.on_time);
    RoundLine {
        id: r.id,
        title: r.title.clone(),
        kind: r.kind.label_vi(),
        due: fmt::date(Some(r.due)),
        state: r.state.label_vi(),
        open: r.state == RoundState::Open,
        expected: r.expected,
        received: r.received,
        on_time: r.on_time,
        reporting_rate,
        on_time_rate,
    }
}

/// The committee's due day for reports: the criteria set's
/// `reports.due_day`.
async fn due_day(state: &AppState) -> AppResult<Option<u32>> {
    Ok(state.store.criteria_in_force().await?.reports.due_day)
}

pub async fn list(State(state): State<AppState>, v: Viewer) -> AppResult<Response> {
    let today = state.today();
    let mut page = RoundsPage {
        nav: Nav::new(&v, "reports"),
        rounds: Vec::new(),
        mine: Vec::new(),
        officer: false,
        can_decide: can_decide(v.role()),
        kinds: RoundKind::ALL
            .iter()
            .map(|k| (k.code(), k.label_vi()))
            .collect(),
        agencies: Vec::new(),
        today: fmt::date(Some(today)),
        default_due: String::new(),
    };
    if let Role::Officer { agency } = v.role() {
        page.officer = true;
        page.mine = state
            .store
            .agency_reports(agency, 60)
            .await?
            .into_iter()
            .map(|r| {
                let arrival = Arrival::of(r.first_submitted_on, r.due, today);
                MyReport {
                    round_id: r.round_id,
                    title: r.title,
                    due: fmt::date(Some(r.due)),
                    state: r.state.label_vi(),
                    arrival: arrival.label_vi(),
                    colour: if r.state == ReportState::Returned {
                        "orange"
                    } else {
                        arrival.colour()
                    },
                    open: r.round_state == RoundState::Open && r.state.editable(),
                }
            })
            .collect();
    } else {
        page.rounds = state
            .store
            .rounds(state.settings.scope)
            .await?
            .iter()
            .map(round_line)
            .collect();
        if page.can_decide {
            page.agencies = reporting_agencies(&state).await?;
            let (_, end) = RoundKind::Monthly
                .period_of(today)
                .unwrap_or((today, today));
            page.default_due = fmt::date(Some(default_due(end, due_day(&state).await?)));
        }
    }
    Ok(render(&page)?.into_response())
}

/// The agencies of the scope that report (and are ranked).
async fn reporting_agencies(state: &AppState) -> AppResult<Vec<(i64, String)>> {
    Ok(state
        .agencies_in_scope()
        .await?
        .iter()
        .filter(|a| dondoc_domain::scoring::PeerGroup::from_agency_kind(a.kind.code()).is_some())
        .map(|a| (a.id, a.name.clone()))
        .collect())
}

fn date_field(form: &[(String, String)], name: &str, label: &str) -> AppResult<Option<NaiveDate>> {
    match field(form, name) {
        "" => Ok(None),
        s => fmt::parse_date(s).map(Some).ok_or_else(|| {
            AppError::BadRequest(format!("Trường “{label}”: “{s}” không phải ngày"))
        }),
    }
}

/// Opens a round (secretariat).
pub async fn open(
    State(state): State<AppState>,
    v: Viewer,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    require_decider(&v)?;
    let kind = RoundKind::from_code(field(&form, "kind"))
        .ok_or_else(|| AppError::BadRequest("Trường “Loại kỳ”: không hợp lệ".into()))?;
    let day = date_field(&form, "period", "Kỳ báo cáo (một ngày trong kỳ)")?
        .unwrap_or_else(|| state.today());
    let (start, end) = match kind.period_of(day) {
        Some(p) => p,
        None => {
            let start = date_field(&form, "start", "Từ ngày")?.ok_or_else(|| {
                AppError::BadRequest("Báo cáo đột xuất: hãy nhập “Từ ngày”.".into())
            })?;
            let end = date_field(&form, "end", "Đến ngày")?.ok_or_else(|| {
                AppError::BadRequest("Báo cáo đột xuất: hãy nhập “Đến ngày”.".into())
            })?;
            (start, end)
        }
    };
    let due = match date_field(&form, "due", "Hạn nộp")? {
        Some(d) => d,
        None => default_due(end, due_day(&state).await?),
    };
    let picked: Vec<i64> = form
        .iter()
        .filter(|(k, _)| k == "agency")
        .map(|(_, v)| {
            v.parse()
                .map_err(|_| AppError::BadRequest(format!("“{v}” không phải mã cơ quan")))
        })
        .collect::<AppResult<_>>()?;
    let id = state
        .store
        .open_round(NewRound {
            kind,
            start,
            end,
            due,
            title: Some(field(&form, "title")),
            agencies: (!picked.is_empty()).then_some(picked.as_slice()),
            scope: state.settings.scope,
            duty_task: None,
            by: v.actor(),
        })
        .await?;
    Ok(Redirect::to(&format!("/bao-cao/{id}")).into_response())
}

// --- A round's inbox --------------------------------------------------------

pub struct InboxLine {
    pub agency_id: i64,
    pub agency: String,
    pub state: &'static str,
    pub arrival: &'static str,
    pub colour: &'static str,
    pub submitted: String,
    pub reminders: i64,
    pub waiting: bool,
}

#[derive(Template)]
#[template(path = "round.html")]
struct RoundPage {
    nav: Nav,
    round: RoundLine,
    period: String,
    lines: Vec<InboxLine>,
    expected: u32,
    on_time: u32,
    late: u32,
    missing: u32,
    awaited: u32,
    waiting: usize,
    reporting_rate: String,
    on_time_rate: String,
    can_decide: bool,
}

pub async fn round(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    if let Role::Officer { agency } = v.role() {
        return Ok(Redirect::to(&format!("/bao-cao/{id}/don-vi/{agency}")).into_response());
    }
    let today = state.today();
    let scope = state.settings.scope;
    let r = state.store.round(id, scope).await?;
    let inbox = state.store.round_inbox(id, scope).await?;
    let mut arrivals = Vec::with_capacity(inbox.len());
    let lines: Vec<InboxLine> = inbox
        .into_iter()
        .map(|row| {
            let arrival = Arrival::of(row.first_submitted_on, r.due, today);
            arrivals.push(arrival);
            InboxLine {
                agency_id: row.agency_id,
                agency: row.agency,
                state: row.state.label_vi(),
                arrival: arrival.label_vi(),
                colour: arrival.colour(),
                submitted: row
                    .submitted_at
                    .as_deref()
                    .map(fmt::timestamp)
                    .unwrap_or_default(),
                reminders: row.reminders,
                waiting: row.state.decidable(),
            }
        })
        .collect();
    let f = InboxFigures::of(arrivals);
    Ok(render(&RoundPage {
        nav: Nav::new(&v, "reports"),
        period: period_label(r.kind, r.start, r.end),
        round: round_line(&r),
        waiting: lines.iter().filter(|l| l.waiting).count(),
        lines,
        expected: f.expected,
        on_time: f.on_time,
        late: f.late,
        missing: f.missing,
        awaited: f.awaited,
        reporting_rate: percent_vi(f.reporting_rate_tenths()),
        on_time_rate: percent_vi(f.on_time_rate_tenths()),
        can_decide: can_decide(v.role()),
    })?
    .into_response())
}

pub async fn close(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    require_decider(&v)?;
    state.store.close_round(id, v.actor()).await?;
    Ok(Redirect::to(&format!("/bao-cao/{id}")).into_response())
}

// --- An agency's report -------------------------------------------------------

pub struct ItemView {
    pub task_id: i64,
    pub text: String,
    pub due: String,
    pub status: &'static str,
    pub colour: &'static str,
    pub latest: String,
    pub latest_percent: i64,
    pub percent: String,
    pub result: String,
    pub assessment: String,
    pub written: bool,
}

pub struct EventView {
    pub when: String,
    pub what: &'static str,
    pub by: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    nav: Nav,
    round_id: i64,
    agency_id: i64,
    agency: String,
    title: String,
    period: String,
    due: String,
    state: &'static str,
    state_colour: &'static str,
    arrival: &'static str,
    returned_note: String,
    editable: bool,
    decidable: bool,
    round_open: bool,
    highlights: String,
    difficulties: String,
    proposals: String,
    items: Vec<ItemView>,
    files: Vec<(i64, String, String)>,
    events: Vec<EventView>,
    saved: String,
    max_files: usize,
}

pub async fn form(
    State(state): State<AppState>,
    v: Viewer,
    Path((round, agency)): Path<(i64, i64)>,
) -> AppResult<Response> {
    may_read(&v, agency)?;
    let today = state.today();
    let r = state.store.report(round, agency).await?.ok_or_else(|| {
        AppError::NotFound("Đợt báo cáo này không yêu cầu cơ quan gửi báo cáo.".into())
    })?;
    // Tasks answered for: open, or completed since the month before the period.
    let since = r
        .round
        .start
        .checked_sub_months(chrono::Months::new(1))
        .unwrap_or(r.round.start);
    let tasks = state
        .store
        .report_form_tasks(agency, since, today, state.soon())
        .await?;
    let mut items: Vec<ItemView> = tasks
        .into_iter()
        .map(|t| {
            let stored = r.items.iter().find(|i| i.task_id == t.row.id);
            ItemView {
                task_id: t.row.id,
                text: fmt::without_marker(&t.row.text).to_owned(),
                due: fmt::date(t.row.due),
                status: t.row.status.label_vi(),
                colour: fmt::colour_class(t.row.status, t.row.due.is_some()),
                latest_percent: t.latest.as_ref().map_or(0, |l| l.0),
                latest: t
                    .latest
                    .map(|(p, b)| format!("{p}% — {}", fmt::shorten(&b, 160)))
                    .unwrap_or_else(|| "Chưa có báo cáo tiến độ".into()),
                percent: stored
                    .and_then(|i| i.percent)
                    .map(|p| p.to_string())
                    .unwrap_or_default(),
                result: stored.map(|i| i.result.clone()).unwrap_or_default(),
                assessment: stored.map(|i| i.assessment.clone()).unwrap_or_default(),
                written: stored.is_some_and(|i| i.update_id.is_some()),
            }
        })
        .collect();
    // Lines of tasks no longer listed (completed long ago) stay visible.
    for i in &r.items {
        if !items.iter().any(|x| x.task_id == i.task_id) {
            items.push(ItemView {
                task_id: i.task_id,
                text: format!("Nhiệm vụ #{}", i.task_id),
                due: String::new(),
                status: "",
                colour: "grey",
                latest: String::new(),
                latest_percent: 0,
                percent: i.percent.map(|p| p.to_string()).unwrap_or_default(),
                result: i.result.clone(),
                assessment: i.assessment.clone(),
                written: i.update_id.is_some(),
            });
        }
    }
    let round_open = r.round.state == RoundState::Open;
    let arrival = Arrival::of(r.first_submitted_on, r.round.due, today);
    let events = r
        .events
        .iter()
        .map(|e| EventView {
            when: fmt::timestamp(&e.at),
            what: match e.action.as_str() {
                "submit" => "Gửi báo cáo",
                "accept" => "Tiếp nhận",
                "return" => "Trả lại",
                _ => "",
            },
            by: e.by.clone(),
            note: e.note.clone(),
        })
        .collect();
    Ok(render(&ReportPage {
        nav: Nav::new(&v, "reports"),
        round_id: round,
        agency_id: agency,
        agency: r.agency.clone(),
        title: r.round.title.clone(),
        period: period_label(r.round.kind, r.round.start, r.round.end),
        due: fmt::date(Some(r.round.due)),
        state: r.state.label_vi(),
        state_colour: match r.state {
            ReportState::Accepted => "green",
            ReportState::Returned => "orange",
            ReportState::Submitted => "grey",
            ReportState::Draft => arrival.colour(),
        },
        arrival: arrival.label_vi(),
        returned_note: if r.state == ReportState::Returned {
            r.decision_note.clone().unwrap_or_default()
        } else {
            String::new()
        },
        editable: round_open && r.state.editable() && may_file(&v, agency),
        decidable: r.state.decidable() && can_decide(v.role()),
        round_open,
        highlights: r.highlights.clone(),
        difficulties: r.difficulties.clone(),
        proposals: r.proposals.clone(),
        items,
        files: r
            .files
            .iter()
            .map(|(id, name, size)| (*id, name.clone(), format!("{} KB", (size + 1023) / 1024)))
            .collect(),
        events,
        saved: r
            .saved_at
            .as_deref()
            .map(fmt::timestamp)
            .unwrap_or_default(),
        max_files: MAX_FILES,
    })?
    .into_response())
}

/// Saves or files a report (multipart, with files: CSRF checked here,
/// before anything else is read — the path's ids too).
pub async fn save(
    State(state): State<AppState>,
    v: Viewer,
    Path((round, agency)): Path<(String, String)>,
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
    let fields = parts.fields();
    let id = |s: &str| {
        s.parse::<i64>()
            .map_err(|_| AppError::NotFound(format!("Không tìm thấy báo cáo {s}")))
    };
    let (round, agency) = (id(&round)?, id(&agency)?);
    may_read(&v, agency)?;
    if !may_file(&v, agency) {
        return Err(AppError::Forbidden(
            "Chỉ cán bộ của cơ quan (hoặc Văn phòng thường trực) được gửi báo cáo này.".into(),
        ));
    }
    if files.len() > MAX_FILES {
        return Err(AppError::BadRequest(format!(
            "Tối đa {MAX_FILES} tệp đính kèm mỗi lần lưu."
        )));
    }
    // Per task: percent_{id}, result_{id}, assessment_{id}.
    let mut ids: Vec<i64> = fields
        .iter()
        .filter_map(|(k, _)| {
            ["percent_", "result_", "assessment_"]
                .iter()
                .find_map(|p| k.strip_prefix(p))
                .and_then(|id| id.parse().ok())
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut percents: Vec<(i64, Option<i64>)> = Vec::new();
    for id in &ids {
        let p = match field(fields, &format!("percent_{id}")) {
            "" => None,
            s => Some(s.trim_end_matches('%').trim().parse::<i64>().map_err(|_| {
                AppError::BadRequest(format!(
                    "Tiến độ (%) của nhiệm vụ #{id}: “{s}” không phải số"
                ))
            })?),
        };
        if p.is_some_and(|p| !(0..=100).contains(&p)) {
            return Err(AppError::BadRequest(format!(
                "Tiến độ (%) của nhiệm vụ #{id} phải từ 0 đến 100."
            )));
        }
        percents.push((*id, p));
    }
    let names: Vec<(String, String)> = ids
        .iter()
        .map(|id| (format!("result_{id}"), format!("assessment_{id}")))
        .collect();
    let items: Vec<ItemInput> = ids
        .iter()
        .zip(&names)
        .zip(&percents)
        .map(|((id, (result, assessment)), (_, percent))| ItemInput {
            task_id: *id,
            percent: *percent,
            result: field(fields, result),
            assessment: field(fields, assessment),
        })
        .collect();
    let submit = field(fields, "action") == "submit";
    state
        .store
        .save_report(SaveReport {
            round_id: round,
            agency_id: agency,
            highlights: field(fields, "highlights"),
            difficulties: field(fields, "difficulties"),
            proposals: field(fields, "proposals"),
            items: &items,
            files: &files,
            submit,
            today: state.today(),
            by: v.actor(),
        })
        .await?;
    Ok(Redirect::to(&format!("/bao-cao/{round}/don-vi/{agency}")).into_response())
}

/// The secretariat accepts or returns a filed report.
pub async fn decide(
    State(state): State<AppState>,
    v: Viewer,
    Path((round, agency)): Path<(i64, i64)>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    require_decider(&v)?;
    let r = state
        .store
        .report(round, agency)
        .await?
        .ok_or_else(|| AppError::NotFound("Không tìm thấy báo cáo".into()))?;
    let decision = if field(&form, "accept") == "1" {
        ReportDecision::Accept
    } else {
        ReportDecision::Return
    };
    if decision == ReportDecision::Return && field(&form, "note").is_empty() {
        return Err(AppError::BadRequest(
            "Trả lại báo cáo: hãy ghi ý kiến (nội dung cần bổ sung, chỉnh sửa).".into(),
        ));
    }
    state
        .store
        .decide_report(
            r.id,
            decision,
            field(&form, "note"),
            state.today(),
            v.actor(),
        )
        .await?;
    Ok(Redirect::to(&format!("/bao-cao/{round}/don-vi/{agency}")).into_response())
}

pub async fn file(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    // Access first: nothing of the file is read for someone who may not.
    let owner: Option<(i64, i64)> = match state.store.report_file_owner(id).await {
        Ok(o) => Some(o),
        Err(dondoc_store::StoreError::NotFound { .. }) => None,
        Err(e) => return Err(e.into()),
    };
    let (_, agency) =
        owner.ok_or_else(|| AppError::NotFound(format!("Không tìm thấy tệp {id}")))?;
    may_read(&v, agency)?;
    let (_, name, bytes) = state.store.report_file(id).await?;
    Ok(super::attachment(&name, bytes))
}

// --- The consolidated report ---------------------------------------------------

/// A section as stored (the followup crate's `Section`, on the wire).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct SectionWire {
    level: u8,
    heading: String,
    text: String,
    figures_table: bool,
}

/// The round's figures as stored with its consolidated report.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct FiguresWire {
    by_status: Vec<(String, u32)>,
    overdue_by_agency: Vec<(String, u32)>,
    reports_due: u32,
    reports_on_time: u32,
}

impl FiguresWire {
    fn of(f: &RoundFigures) -> FiguresWire {
        FiguresWire {
            by_status: f
                .by_status
                .iter()
                .map(|(s, n)| (s.code().to_owned(), *n))
                .collect(),
            overdue_by_agency: f.overdue_by_agency.clone(),
            reports_due: f.reports_due,
            reports_on_time: f.reports_on_time,
        }
    }

    fn figures(&self) -> RoundFigures {
        RoundFigures {
            by_status: self
                .by_status
                .iter()
                .filter_map(|(c, n)| Status::from_code(c).map(|s| (s, *n)))
                .collect(),
            overdue_by_agency: self.overdue_by_agency.clone(),
            reports_due: self.reports_due,
            reports_on_time: self.reports_on_time,
        }
    }
}

fn to_u32(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

/// The round's figures as of `as_of`: tasks by status, overdue by agency,
/// and its reports on time.
async fn figures_as_of(
    state: &AppState,
    round: &RoundRow,
    as_of: NaiveDate,
) -> AppResult<RoundFigures> {
    let scope = state.settings.scope;
    let (counts, overdue) = state
        .store
        .round_task_figures(scope, as_of, state.soon())
        .await?;
    let inbox = state.store.round_inbox(round.id, scope).await?;
    let f = InboxFigures::of(
        inbox
            .iter()
            .map(|r| Arrival::of(r.first_submitted_on, round.due, as_of)),
    );
    Ok(RoundFigures {
        by_status: Status::ALL
            .iter()
            .map(|s| (*s, to_u32(counts.get(s).copied().unwrap_or(0))))
            .collect(),
        overdue_by_agency: overdue.into_iter().map(|(a, n)| (a, to_u32(n))).collect(),
        reports_due: f.expected,
        reports_on_time: f.on_time,
    })
}

/// Splits a text into its points: one per line, list marks dropped.
fn points(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| {
            l.trim()
                .trim_start_matches(['-', '+', '•', '*', ' '])
                .trim()
        })
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The area a point is about, by its words; else `fallback`.
fn area_of(text: &str, fallback: &str) -> String {
    dondoc_domain::areas::tag(&dondoc_extract::text::fold(text))
        .first()
        .map_or_else(|| fallback.to_owned(), |a| a.label_vi().to_owned())
}

/// Who a proposal asks: the province, the centre, the committee.
fn addressee_of(text: &str) -> &'static str {
    let f = dondoc_extract::text::fold(text);
    if f.contains("trung uong") || f.contains("bo, nganh") || f.contains("chinh phu") {
        "Đề nghị Chính phủ, các bộ, ngành Trung ương"
    } else if f.contains("ban chi dao") {
        "Đề nghị Ban Chỉ đạo"
    } else if f.contains("ubnd tinh") || f.contains("uy ban nhan dan tinh") || f.contains("tinh") {
        "Đề nghị UBND tỉnh"
    } else {
        "Đề xuất, kiến nghị khác"
    }
}

/// The data the first draft is written from: figures, the agencies' results
/// by area, their difficulties and proposals, the previous round.
async fn report_data(state: &AppState, round: &RoundRow) -> AppResult<ReportData> {
    let scope = state.settings.scope;
    let as_of = state.today().min(round.end.max(round.due));
    let figures = figures_as_of(state, round, as_of).await?;
    let (previous, previous_label) = match state.store.previous_round(round, scope).await? {
        Some(p) => {
            let label = period_label(p.kind, p.start, p.end);
            let stored = state.store.round_summary(p.id).await?;
            let figures = match stored
                .and_then(|s| serde_json::from_str::<FiguresWire>(&s.figures_json).ok())
            {
                Some(w) => w.figures(),
                None => figures_as_of(state, &p, p.end.max(p.due)).await?,
            };
            (Some(figures), Some(label))
        }
        None => (None, None),
    };
    let filed = state.store.filed_reports(round.id, scope).await?;
    let (mut results, mut difficulties, mut proposals) = (Vec::new(), Vec::new(), Vec::new());
    for r in &filed {
        for (_, text, areas, result, _) in &r.items {
            if result.trim().is_empty() {
                continue;
            }
            let group = areas
                .split(',')
                .find_map(Area::from_code)
                .map_or_else(|| "Nhiệm vụ khác".to_owned(), |a| a.label_vi().to_owned());
            results.push(AgencyNote {
                group,
                agency: r.agency.clone(),
                text: format!(
                    "{}: {}",
                    fmt::shorten(fmt::without_marker(text), 120),
                    result.trim()
                ),
            });
        }
        for p in points(&r.highlights) {
            results.push(AgencyNote {
                group: area_of(&p, "Kết quả nổi bật khác"),
                agency: r.agency.clone(),
                text: p,
            });
        }
        for p in points(&r.difficulties) {
            difficulties.push(AgencyNote {
                group: area_of(&p, "Khó khăn, vướng mắc chung"),
                agency: r.agency.clone(),
                text: p,
            });
        }
        for p in points(&r.proposals) {
            proposals.push(AgencyNote {
                group: addressee_of(&p).to_owned(),
                agency: r.agency.clone(),
                text: p,
            });
        }
    }
    Ok(ReportData {
        issuer_short: "Ban Chỉ đạo".into(),
        period_label: period_label(round.kind, round.start, round.end),
        previous_label,
        as_of,
        figures,
        previous,
        results,
        difficulties,
        proposals,
        next_steps: Vec::new(),
    })
}

/// The consolidated report's sections and figures: as edited, else drafted.
async fn sections_of(
    state: &AppState,
    round: &RoundRow,
) -> AppResult<(Vec<Section>, ReportData, bool)> {
    let data = report_data(state, round).await?;
    match state.store.round_summary(round.id).await? {
        Some(s) => {
            let wire: Vec<SectionWire> = serde_json::from_str(&s.sections_json)
                .map_err(|e| AppError::Internal(format!("stored sections: {e}")))?;
            let mut data = data;
            if let Ok(f) = serde_json::from_str::<FiguresWire>(&s.figures_json) {
                data.figures = f.figures();
                data.as_of = s.as_of;
            }
            let sections = wire
                .into_iter()
                .map(|w| Section {
                    level: w.level.min(3),
                    heading: w.heading,
                    text: w.text,
                    figures_table: w.figures_table,
                })
                .collect();
            Ok((sections, data, true))
        }
        None => Ok((draft_sections(&data), data, false)),
    }
}

pub struct SectionView {
    pub n: usize,
    pub level: u8,
    pub heading: String,
    pub text: String,
    pub figures_table: bool,
    pub rows: usize,
}

#[derive(Template)]
#[template(path = "summary.html")]
struct SummaryPage {
    nav: Nav,
    round_id: i64,
    title: String,
    as_of: String,
    edited: bool,
    sections: Vec<SectionView>,
    can_decide: bool,
    figures: Vec<(String, String, String)>,
    filed: usize,
}

pub async fn summary(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    if matches!(v.role(), Role::Officer { .. }) {
        return Err(AppError::forbidden());
    }
    let round = state.store.round(id, state.settings.scope).await?;
    let (sections, data, edited) = sections_of(&state, &round).await?;
    let table = figures_table(&data);
    let prev = table.previous.as_ref();
    let row = |label: &str, now: u32, before: Option<u32>| {
        (
            label.to_owned(),
            fmt::number(i64::from(now)),
            before.map_or_else(|| "—".into(), |b| fmt::number(i64::from(b))),
        )
    };
    let figures = vec![
        row(
            "Tổng số nhiệm vụ theo dõi",
            data.figures.total(),
            prev.map(RoundFigures::total),
        ),
        row(
            "Hoàn thành đúng hạn",
            data.figures.on_time(),
            prev.map(RoundFigures::on_time),
        ),
        row(
            "Hoàn thành trễ hạn",
            data.figures.late(),
            prev.map(RoundFigures::late),
        ),
        row(
            "Quá hạn chưa hoàn thành",
            data.figures.overdue(),
            prev.map(RoundFigures::overdue),
        ),
        row(
            "Báo cáo định kỳ nộp đúng hạn",
            data.figures.reports_on_time,
            prev.map(|p| p.reports_on_time),
        ),
    ];
    let filed = state
        .store
        .filed_reports(id, state.settings.scope)
        .await?
        .len();
    Ok(render(&SummaryPage {
        nav: Nav::new(&v, "reports"),
        round_id: id,
        title: round.title.clone(),
        as_of: fmt::date(Some(data.as_of)),
        edited,
        sections: sections
            .into_iter()
            .enumerate()
            .map(|(n, s)| SectionView {
                n,
                rows: (s.text.lines().count() + 2).clamp(3, 16),
                level: s.level,
                heading: s.heading,
                text: s.text,
                figures_table: s.figures_table,
            })
            .collect(),
        can_decide: can_decide(v.role()),
        figures,
        filed,
    })?
    .into_response())
}

/// Saves the edited text (or drafts it again from the reports).
pub async fn save_summary(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    require_decider(&v)?;
    let round = state.store.round(id, state.settings.scope).await?;
    let data = report_data(&state, &round).await?;
    let sections: Vec<SectionWire> = if field(&form, "redraft") == "1" {
        draft_sections(&data)
            .into_iter()
            .map(|s| SectionWire {
                level: s.level,
                heading: s.heading,
                text: s.text,
                figures_table: s.figures_table,
            })
            .collect()
    } else {
        let mut out = Vec::new();
        for n in 0.. {
            let level = field(&form, &format!("level_{n}"));
            if level.is_empty() {
                break;
            }
            out.push(SectionWire {
                level: level.parse::<u8>().unwrap_or(2).min(3),
                heading: field(&form, &format!("heading_{n}")).to_owned(),
                // Line ends as typed in the browser (CRLF) become one kind.
                text: field(&form, &format!("text_{n}")).replace("\r\n", "\n"),
                figures_table: field(&form, &format!("figures_{n}")) == "1",
            });
        }
        if out.is_empty() {
            return Err(AppError::BadRequest("Không có phần nào để lưu.".into()));
        }
        out
    };
    // The figures stay those of the first drafting, unless drafted again.
    let (figures, as_of) = match state.store.round_summary(id).await? {
        Some(s) if field(&form, "redraft") != "1" => (s.figures_json, s.as_of),
        _ => (
            serde_json::to_string(&FiguresWire::of(&data.figures))
                .map_err(|e| AppError::Internal(e.to_string()))?,
            data.as_of,
        ),
    };
    let json = serde_json::to_string(&sections).map_err(|e| AppError::Internal(e.to_string()))?;
    state
        .store
        .save_round_summary(id, &json, &figures, as_of, v.actor())
        .await?;
    Ok(Redirect::to(&format!("/bao-cao/{id}/tong-hop")).into_response())
}

/// The appendix: the scope's tasks open, or completed in the round's
/// period, grouped by area.
async fn appendix_rows(state: &AppState, round: &RoundRow) -> AppResult<Vec<AppendixRow>> {
    let today = state.today();
    let base = TaskFilter {
        scope: state.settings.scope,
        limit: dondoc_store::MAX_LIST,
        ..TaskFilter::default()
    };
    let mut tasks = state
        .store
        .tasks(
            &TaskFilter {
                open_only: true,
                ..base.clone()
            },
            today,
            state.soon(),
        )
        .await?;
    tasks.extend(
        state
            .store
            .tasks(
                &TaskFilter {
                    completed_from: Some(round.start),
                    completed_to: Some(round.end),
                    ..base
                },
                today,
                state.soon(),
            )
            .await?,
    );
    let ids: Vec<i64> = tasks.iter().map(|t| t.id).collect();
    let supports = state.store.task_supports(&ids).await?;
    let latest = state.store.latest_updates(&ids).await?;
    let mut rows: Vec<(usize, AppendixRow)> = tasks
        .into_iter()
        .map(|t| {
            let area = t.areas.first().copied();
            let order = area.map_or(usize::MAX, |a| {
                Area::ALL
                    .iter()
                    .position(|x| *x == a)
                    .unwrap_or(usize::MAX - 1)
            });
            (
                order,
                AppendixRow {
                    group: area
                        .map_or_else(|| "Nhiệm vụ khác".to_owned(), |a| a.label_vi().to_owned()),
                    task: fmt::without_marker(&t.text).to_owned(),
                    lead: t.lead.join(", "),
                    support: supports
                        .get(&t.id)
                        .map(|s| s.join(", "))
                        .unwrap_or_default(),
                    due: t.due,
                    due_words: t
                        .recurrence
                        .map(|r| r.label_vi().to_owned())
                        .unwrap_or_default(),
                    result: latest
                        .get(&t.id)
                        .map(|(p, b)| format!("{p}%: {b}"))
                        .unwrap_or_default(),
                    status: t.status,
                },
            )
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.due.cmp(&b.1.due)));
    Ok(rows.into_iter().map(|(_, r)| r).collect())
}

const APPENDIX_TITLE: &str = "Danh mục nhiệm vụ và tình hình thực hiện";

/// The consolidated report as .docx.
pub async fn docx(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    if matches!(v.role(), Role::Officer { .. }) {
        return Err(AppError::forbidden());
    }
    let round = state.store.round(id, state.settings.scope).await?;
    let bytes = consolidated_docx(&state, &round).await?;
    Ok(docx_response(
        &format!("bao-cao-tong-hop-{id}-{}.docx", state.today()),
        bytes,
    ))
}

/// The consolidated report of round `id` as .docx bytes, as the page gives
/// it (the benchmark measures this).
pub async fn consolidated_report(state: &AppState, id: i64) -> AppResult<Vec<u8>> {
    let round = state.store.round(id, state.settings.scope).await?;
    consolidated_docx(state, &round).await
}

/// Builds the consolidated report of a round.
pub async fn consolidated_docx(state: &AppState, round: &RoundRow) -> AppResult<Vec<u8>> {
    let (sections, data, _) = sections_of(state, round).await?;
    let rows = appendix_rows(state, round).await?;
    let period = period_label(round.kind, round.start, round.end);
    let input = ReportInput {
        issuer_parent: "UBND tỉnh Khánh Hòa".into(),
        issuer: "Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số"
            .into(),
        issuer_short: "Ban Chỉ đạo".into(),
        symbol: Some("BC-BCĐ".into()),
        place: "Khánh Hòa".into(),
        date: state.today(),
        title: format!(
            "Tình hình thực hiện nhiệm vụ phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số {period}"
        ),
        addressee: None,
        figures: Some(figures_table(&data)),
        sections,
        recipients: vec![
            "Thường trực Tỉnh ủy (để b/c)".into(),
            "Trưởng ban, các Phó Trưởng ban".into(),
            "Các sở, ban, ngành; UBND các xã, phường".into(),
        ],
        archive: Some("VP".into()),
        signer_title: "KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN THƯỜNG TRỰC".into(),
        signer_name: None,
        appendix: Some(Appendix {
            title: APPENDIX_TITLE.into(),
            rows,
            landscape: true,
        }),
    };
    report_docx(&input).map_err(|e| AppError::Internal(format!("báo cáo tổng hợp: {e}")))
}

/// The appendix as .xlsx.
pub async fn appendix_xlsx(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    if matches!(v.role(), Role::Officer { .. }) {
        return Err(AppError::forbidden());
    }
    let round = state.store.round(id, state.settings.scope).await?;
    let rows = appendix_rows(&state, &round).await?;
    let title = format!(
        "{APPENDIX_TITLE} — {}",
        period_label(round.kind, round.start, round.end)
    );
    let bytes = dondoc_followup::sheets::appendix_xlsx(&title, &rows)
        .map_err(|e| AppError::Internal(format!("phụ lục: {e}")))?;
    Ok(xlsx_response(&format!("phu-luc-nhiem-vu-{id}.xlsx"), bytes))
}
