//! Tổng quan: the dashboard, and its full-screen mode for the operations
//! centre's wall screens (`?ioc=1`), which refreshes itself.

use super::{Nav, query, render};
use crate::auth::Viewer;
use crate::dashboard::Scope;
use crate::error::AppResult;
use crate::fmt;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chrono::Duration;
use dondoc_domain::access::Role;
use dondoc_domain::status::Status;
use serde::Deserialize;

pub struct Card {
    pub label: String,
    pub value: String,
    pub href: String,
    pub class: &'static str,
}

pub struct AgencyLine {
    pub name: String,
    pub overdue: String,
    pub total: String,
    pub rate: String,
    pub rate_class: &'static str,
    pub overdue_href: String,
    pub all_href: String,
}

pub struct RecentLine {
    pub id: i64,
    pub text: String,
    pub lead: String,
    pub completed: String,
    pub late: bool,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    nav: Nav,
    ioc: bool,
    title: String,
    today: String,
    cards: Vec<Card>,
    status_chart: String,
    overdue_chart: String,
    rate_chart: String,
    lines: Vec<AgencyLine>,
    recent: Vec<RecentLine>,
    refresh_seconds: u32,
    /// Money and targets beside the tasks (giải ngân, chỉ tiêu).
    money: super::money::DashboardMoney,
}

#[derive(Deserialize)]
pub struct DashboardQuery {
    #[serde(default)]
    ioc: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<DashboardQuery>,
) -> AppResult<Response> {
    let scope = match v.role() {
        Role::Officer { agency } => Scope::Agency(agency),
        _ => Scope::Province(state.settings.scope),
    };
    let d = crate::dashboard::get(&state, scope, v.user.id).await?;
    let today = d.today;
    let list = |pairs: &[(&str, String)]| format!("/nhiem-vu?{}", query(pairs));
    let status_href = |s: Status| list(&[("status", s.code().to_owned())]);
    let window = |days: i64| {
        list(&[
            ("open", "1".into()),
            ("due_from", today.to_string()),
            ("due_to", (today + Duration::days(days)).to_string()),
        ])
    };
    let soon_label = format!("Sắp đến hạn ({} ngày tới)", state.soon());
    let card = |label: &str, s: Status, class| Card {
        label: label.to_owned(),
        value: fmt::number(d.count(s)),
        href: status_href(s),
        class,
    };
    let cards = vec![
        Card {
            label: "Tổng số nhiệm vụ".into(),
            value: fmt::number(d.total),
            href: "/nhiem-vu".into(),
            class: "",
        },
        card("Quá hạn", Status::Overdue, "red"),
        card(&soon_label, Status::DueSoon, "orange"),
        Card {
            label: "Đến hạn trong 30 ngày".into(),
            value: fmt::number(d.due_30),
            href: window(30),
            class: "",
        },
        card("Đang thực hiện", Status::InProgress, "green"),
        card("Hoàn thành đúng hạn", Status::CompletedOnTime, "green"),
        card("Hoàn thành trễ hạn", Status::CompletedLate, "orange"),
    ];
    let shown: Vec<Status> = Status::ALL
        .into_iter()
        .filter(|s| d.count(*s) > 0)
        .collect();
    let status_chart = serde_json::json!({
        "labels": shown.iter().map(|s| s.label_vi()).collect::<Vec<_>>(),
        "values": shown.iter().map(|s| d.count(*s)).collect::<Vec<_>>(),
        "colours": shown.iter().map(|s| colour_hex(*s)).collect::<Vec<_>>(),
        "links": shown.iter().map(|s| status_href(*s)).collect::<Vec<_>>(),
    })
    .to_string();
    let mut late: Vec<_> = d.agencies.iter().filter(|a| a.overdue > 0).collect();
    late.sort_by(|a, b| b.overdue.cmp(&a.overdue).then(a.name.cmp(&b.name)));
    late.truncate(12);
    // The per-agency figures count the tasks each agency answers for
    // (`Part::Answers`): their links open that same list.
    let agency_href = |id: i64, status: Option<Status>| {
        let mut p = vec![("agency", id.to_string()), ("part", "lead".to_owned())];
        if let Some(s) = status {
            p.push(("status", s.code().to_owned()));
        }
        list(&p)
    };
    let overdue_chart = serde_json::json!({
        "labels": late.iter().map(|a| fmt::shorten(&a.name, 38)).collect::<Vec<_>>(),
        "values": late.iter().map(|a| a.overdue).collect::<Vec<_>>(),
        "links": late.iter().map(|a| agency_href(a.id, Some(Status::Overdue))).collect::<Vec<_>>(),
    })
    .to_string();
    let mut rated: Vec<_> = d.agencies.iter().filter(|a| a.on_time.is_some()).collect();
    rated.sort_by(|a, b| b.judged.cmp(&a.judged).then(a.name.cmp(&b.name)));
    rated.truncate(12);
    // Of each agency's tasks whose deadline has come: done on time, done
    // late, still open past it.
    let rate_chart = serde_json::json!({
        "labels": rated.iter().map(|a| fmt::shorten(&a.name, 38)).collect::<Vec<_>>(),
        "values": rated.iter().map(|a| a.judged).collect::<Vec<_>>(),
        "datasets": [
            {"label": Status::CompletedOnTime.label_vi(), "colour": colour_hex(Status::CompletedOnTime),
             "values": rated.iter().map(|a| a.done_on_time).collect::<Vec<_>>()},
            {"label": Status::CompletedLate.label_vi(), "colour": colour_hex(Status::CompletedLate),
             "values": rated.iter().map(|a| a.done_late).collect::<Vec<_>>()},
            {"label": Status::Overdue.label_vi(), "colour": colour_hex(Status::Overdue),
             "values": rated.iter().map(|a| a.overdue).collect::<Vec<_>>()},
        ],
        "links": rated.iter().map(|a| agency_href(a.id, None)).collect::<Vec<_>>(),
    })
    .to_string();
    let mut table: Vec<_> = d.agencies.iter().collect();
    table.sort_by(|a, b| {
        b.overdue
            .cmp(&a.overdue)
            .then(b.total.cmp(&a.total))
            .then(a.name.cmp(&b.name))
    });
    table.truncate(30);
    let lines = table
        .into_iter()
        .map(|a| AgencyLine {
            name: a.name.clone(),
            overdue: fmt::number(a.overdue),
            total: fmt::number(a.total),
            rate: fmt::percent(a.on_time),
            rate_class: match a.on_time {
                Some(r) if r >= 0.8 => "green",
                Some(r) if r >= 0.5 => "orange",
                Some(_) => "red",
                None => "grey",
            },
            overdue_href: agency_href(a.id, Some(Status::Overdue)),
            all_href: agency_href(a.id, None),
        })
        .collect();
    let recent = d
        .recent
        .iter()
        .map(|t| RecentLine {
            id: t.id,
            text: fmt::shorten(fmt::without_marker(&t.text), 140),
            lead: t.lead.join(", "),
            completed: fmt::date(t.completed_on),
            late: t.status == Status::CompletedLate,
        })
        .collect();
    let title = match (&v.role(), &v.user.agency) {
        (Role::Officer { .. }, Some(a)) => format!("Tổng quan — {a}"),
        _ => "Tổng quan tình hình thực hiện nhiệm vụ".to_owned(),
    };
    Ok(render(&DashboardPage {
        nav: Nav::new(&v, "dashboard"),
        ioc: q.ioc.is_some_and(|s| s == "1"),
        title,
        today: fmt::date(Some(today)),
        cards,
        status_chart,
        overdue_chart,
        rate_chart,
        lines,
        recent,
        refresh_seconds: 60,
        money: super::money::dashboard_section(&state, &v).await?,
    })?
    .into_response())
}

/// The colour of a status in charts (the badge colours of app.css).
fn colour_hex(s: Status) -> &'static str {
    match s {
        Status::Overdue => "#c62828",
        Status::DueSoon => "#ef8a00",
        Status::CompletedLate => "#f2b544",
        Status::CompletedOnTime => "#2e7d32",
        Status::InProgress => "#66bb6a",
        Status::NotYetDue => "#90a4ae",
        Status::Paused | Status::Cancelled => "#cfd8dc",
    }
}
