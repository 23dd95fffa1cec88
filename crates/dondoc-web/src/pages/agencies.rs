//! Cơ quan: the agencies with their figures, and one agency's page — the
//! inbox of its officers, tasks ordered by urgency.

use super::{Nav, query, render};
use crate::auth::Viewer;
use crate::dashboard::Scope;
use crate::error::{AppError, AppResult};
use crate::fmt;
use crate::pages::tasks::{Row, rows};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use dondoc_domain::access::{Part, Role};
use dondoc_domain::status::Status;
use dondoc_store::{Sort, TaskFilter};

pub struct AgencyLine {
    pub id: i64,
    pub name: String,
    pub kind: &'static str,
    pub total: String,
    pub overdue: String,
    pub rate: String,
    pub late: bool,
}

#[derive(Template)]
#[template(path = "agencies.html")]
struct ListPage {
    nav: Nav,
    lines: Vec<AgencyLine>,
    q: String,
    kinds: Vec<(&'static str, &'static str, bool)>,
    total: usize,
}

/// The list's filters: words of the name (with or without diacritics) and
/// the kind of agency.
#[derive(serde::Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: String,
}

pub async fn list(
    State(state): State<AppState>,
    v: Viewer,
    axum::extract::Query(q): axum::extract::Query<ListQuery>,
) -> AppResult<Response> {
    if let Role::Officer { agency } = v.role() {
        return Ok(axum::response::Redirect::to(&format!("/co-quan/{agency}")).into_response());
    }
    let d = crate::dashboard::get(&state, Scope::Province(state.settings.scope), v.user.id).await?;
    let words = dondoc_extract::text::fold(q.q.trim());
    let kind = dondoc_domain::agency::AgencyKind::from_code(q.kind.trim());
    let all = state.agencies_in_scope().await?;
    let mut lines: Vec<AgencyLine> = all
        .iter()
        .filter(|a| kind.is_none_or(|k| a.kind == k))
        .filter(|a| words.is_empty() || dondoc_extract::text::fold(&a.name).contains(&words))
        .map(|a| {
            let f = d.agencies.iter().find(|x| x.id == a.id);
            AgencyLine {
                id: a.id,
                kind: a.kind.label_vi(),
                total: fmt::number(f.map(|f| f.total).unwrap_or(0)),
                overdue: fmt::number(f.map(|f| f.overdue).unwrap_or(0)),
                rate: fmt::percent(f.and_then(|f| f.on_time)),
                late: f.is_some_and(|f| f.overdue > 0),
                name: a.name.clone(),
            }
        })
        .collect();
    // Agencies with tasks first, the latest ones on top.
    lines.sort_by_key(|l| (l.total == "0", !l.late));
    let kinds = dondoc_domain::agency::AgencyKind::ALL
        .into_iter()
        .filter(|k| all.iter().any(|a| a.kind == *k))
        .map(|k| (k.code(), k.label_vi(), Some(k) == kind))
        .collect();
    Ok(render(&ListPage {
        nav: Nav::new(&v, "agencies"),
        lines,
        q: q.q,
        kinds,
        total: all.len(),
    })?
    .into_response())
}

pub struct Section {
    pub title: &'static str,
    pub class: &'static str,
    pub rows: Vec<Row>,
    pub more: Option<String>,
}

#[derive(Template)]
#[template(path = "agency.html")]
struct InboxPage {
    nav: Nav,
    id: i64,
    name: String,
    sections: Vec<Section>,
    all_href: String,
    notes: Vec<(String, String, String)>,
    asked: Vec<(i64, String, String)>,
    can_decide: bool,
    /// Its periodic reports: (round, title, due, state, arrival, colour, to do).
    reports: Vec<ReportLine>,
}

pub struct ReportLine {
    pub round_id: i64,
    pub title: String,
    pub due: String,
    pub state: &'static str,
    pub arrival: &'static str,
    pub colour: &'static str,
    pub to_do: bool,
}

const SECTION_LIMIT: i64 = 50;

pub async fn inbox(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    if let Role::Officer { agency } = v.role()
        && agency != id
    {
        return Err(AppError::forbidden());
    }
    let name = state.store.agency(id).await?.name;
    let today = state.today();
    let soon = state.soon();
    // Sections by the agency's part of each task (domain's `Part`): what it
    // answers for, by urgency, then what it supports.
    let base = TaskFilter {
        agency: Some(id),
        part: Part::Answers,
        limit: SECTION_LIMIT,
        ..TaskFilter::default()
    };
    let mut sections = Vec::new();
    let specs: [(&str, &str, TaskFilter); 5] = [
        (
            "Quá hạn",
            "red",
            TaskFilter {
                status: Some(Status::Overdue),
                ..base.clone()
            },
        ),
        (
            "Sắp đến hạn",
            "orange",
            TaskFilter {
                status: Some(Status::DueSoon),
                ..base.clone()
            },
        ),
        (
            "Đang thực hiện, chưa đến hạn",
            "green",
            TaskFilter {
                open_only: true,
                ..base.clone()
            },
        ),
        (
            "Phối hợp với cơ quan khác",
            "grey",
            TaskFilter {
                part: Part::Supports,
                open_only: true,
                ..base.clone()
            },
        ),
        (
            "Đã hoàn thành",
            "",
            TaskFilter {
                completed_from: Some(chrono::NaiveDate::MIN),
                sort: Sort::Completed,
                limit: 20,
                ..base.clone()
            },
        ),
    ];
    for (title, class, f) in specs {
        let mut list = state.store.tasks(&f, today, soon).await?;
        if title.starts_with("Đang thực hiện") {
            list.retain(|t| matches!(t.status, Status::InProgress | Status::NotYetDue));
        }
        let more = (list.len() as i64 >= f.limit).then(|| {
            let mut p = vec![
                ("agency", id.to_string()),
                ("part", f.part.code().to_owned()),
            ];
            if let Some(s) = f.status {
                p.push(("status", s.code().to_owned()));
            }
            format!("/nhiem-vu?{}", query(&p))
        });
        sections.push(Section {
            title,
            class,
            rows: rows(&list),
            more,
        });
    }
    let notes = state
        .store
        .agency_reminders(id, 10)
        .await?
        .into_iter()
        .map(|n| {
            (
                fmt::date(fmt::parse_date(&n.on_date)),
                n.subject,
                n.text_body,
            )
        })
        .collect();
    let asked = state
        .store
        .explanations(None, Some(id))
        .await?
        .into_iter()
        .map(|e| {
            (
                e.task_id,
                e.question,
                fmt::date(fmt::parse_date(&e.answer_by)),
            )
        })
        .collect();
    let reports = state
        .store
        .agency_reports(id, 6)
        .await?
        .into_iter()
        .map(|r| {
            use dondoc_domain::reports::{Arrival, ReportState, RoundState};
            let arrival = Arrival::of(r.first_submitted_on, r.due, today);
            ReportLine {
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
                to_do: r.round_state == RoundState::Open && r.state.editable(),
            }
        })
        .collect();
    Ok(render(&InboxPage {
        reports,
        nav: Nav::new(&v, "inbox"),
        id,
        notes,
        asked,
        can_decide: dondoc_domain::access::can_decide(v.role()),
        name,
        sections,
        all_href: format!("/nhiem-vu?{}", query(&[("agency", id.to_string())])),
    })?
    .into_response())
}
