//! Giải ngân: the disbursement of the year's projects against their
//! allocation and monthly plan — by agency, by capital source and by month,
//! as charts and tables where every figure opens its list of projects —,
//! the projects behind plan, the S&T spending share; a project's page with
//! its months and its tasks; an officer's entry of a month's disbursement;
//! and the import of the finance department's workbook (upload → preview
//! with every cell error → confirmation).
//!
//! Officers see their own agency's projects; the secretariat and leaders
//! all of the deployment's (`access::can_read_owned`).

use super::account::require_decider;
use super::{Nav, field, query, render};
use crate::auth::Viewer;
use crate::dashboard::Scope;
use crate::error::{AppError, AppResult};
use crate::fmt;
use crate::money::{Preview, ProjectView, rate, rate_class};
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use dondoc_domain::access;
use dondoc_domain::disbursement::{CapitalSource, Totals};
use dondoc_domain::indicator::Figure;
use dondoc_domain::money::{Dong, MoneyUnit};
use dondoc_read::sheet::{SheetOptions, read_disbursements};
use dondoc_store::{DisbursementBatch, ProjectFilter, ProjectInput};
use serde::Deserialize;
use std::collections::HashMap;

/// "12,5 tỷ đồng" with the exact amount in its title.
pub struct Amount {
    pub short: String,
    pub exact: String,
}

impl Amount {
    pub fn of(d: Dong) -> Amount {
        Amount {
            short: d.format_short(),
            exact: d.to_string(),
        }
    }
}

pub struct Card {
    pub label: &'static str,
    pub value: String,
    pub title: String,
    pub href: String,
    pub class: &'static str,
}

/// A line of a totals table (an agency, a source, a month).
pub struct TotalsLine {
    pub label: String,
    pub href: String,
    pub projects: usize,
    pub behind: usize,
    pub behind_href: String,
    pub allocation: Amount,
    pub plan: Amount,
    pub disbursed: Amount,
    pub rate_allocation: String,
    pub rate_plan: String,
    pub rate_class: &'static str,
}

pub struct MonthLine {
    pub month: u32,
    pub href: String,
    pub plan: Amount,
    pub actual: Amount,
    pub plan_cumulative: Amount,
    pub actual_cumulative: Amount,
}

pub struct BehindLine {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub agency: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "money.html")]
struct OverviewPage {
    nav: Nav,
    year: i32,
    /// The overview, rendered once per scope, year, day and role (cached).
    body: std::sync::Arc<String>,
    budget_total: String,
    budget_required: String,
    can_decide: bool,
}

#[derive(Template)]
#[template(path = "money_body.html")]
struct OverviewBody {
    year: i32,
    years: Vec<i32>,
    today: String,
    cards: Vec<Card>,
    agency_chart: String,
    source_chart: String,
    month_chart: String,
    agencies: Vec<TotalsLine>,
    sources: Vec<TotalsLine>,
    months: Vec<MonthLine>,
    behind: Vec<BehindLine>,
    share: String,
    share_class: &'static str,
    can_decide: bool,
}

#[derive(Deserialize, Default)]
pub struct YearQuery {
    #[serde(default)]
    year: String,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    month: String,
    #[serde(default)]
    behind: String,
}

fn scope_of(state: &AppState, v: &Viewer) -> Scope {
    crate::ioc::scope_of(state, v)
}

fn year_of(state: &AppState, q: &str) -> AppResult<i32> {
    match q.trim() {
        "" => Ok(crate::money::current_year(state)),
        y => y
            .parse::<i32>()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .ok_or_else(|| AppError::BadRequest(format!("Năm không hợp lệ: “{y}”"))),
    }
}

fn list_href(pairs: &[(&str, String)]) -> String {
    format!("/giai-ngan/du-an?{}", query(pairs))
}

fn totals_line(label: String, t: &Totals, pairs: &[(&str, String)]) -> TotalsLine {
    let mut behind = pairs.to_vec();
    behind.push(("behind", "1".into()));
    TotalsLine {
        label,
        href: list_href(pairs),
        projects: t.projects,
        behind: t.behind,
        behind_href: list_href(&behind),
        allocation: Amount::of(t.allocation),
        plan: Amount::of(t.plan_to_date),
        disbursed: Amount::of(t.disbursed),
        rate_allocation: rate(t.rate_of_allocation()),
        rate_plan: rate(t.rate_of_plan()),
        rate_class: rate_class(t.rate_of_plan()),
    }
}

/// Millions of đồng, for a chart's bars (the tables give exact amounts).
fn millions(d: Dong) -> i64 {
    d.value() / 1_000_000
}

pub async fn overview(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let year = year_of(&state, &q.year)?;
    let scope = scope_of(&state, &v);
    let can_decide = access::can_decide(v.role());
    let fresh = state.generations.freshness(v.user.id);
    let key = (scope, year, state.today(), can_decide);
    let body = state
        .money
        .pages
        .get(key, fresh, || async {
            let m = crate::money::money(&state, scope, year, v.user.id).await?;
            Ok::<_, AppError>(overview_body(&state, &m, can_decide).render()?)
        })
        .await?;
    let m = crate::money::money(&state, scope, year, v.user.id).await?;
    Ok(render(&OverviewPage {
        nav: Nav::new(&v, "money"),
        year,
        body,
        budget_total: m
            .budget
            .map(|b| b.total.format_grouped())
            .unwrap_or_default(),
        budget_required: m
            .budget
            .map(|b| b.required.format_percent(2).replace(" %", ""))
            .unwrap_or_else(|| "3".into()),
        can_decide,
    })?
    .into_response())
}

fn overview_body(state: &AppState, m: &crate::money::MoneyData, can_decide: bool) -> OverviewBody {
    let year = m.year;
    let y = ("year", year.to_string());
    let t = &m.totals;
    let cards = vec![
        Card {
            label: "Kế hoạch vốn giao",
            value: t.allocation.format_short(),
            title: t.allocation.to_string(),
            href: list_href(std::slice::from_ref(&y)),
            class: "",
        },
        Card {
            label: "Kế hoạch giải ngân đến nay",
            value: t.plan_to_date.format_short(),
            title: t.plan_to_date.to_string(),
            href: list_href(std::slice::from_ref(&y)),
            class: "",
        },
        Card {
            label: "Đã giải ngân",
            value: t.disbursed.format_short(),
            title: t.disbursed.to_string(),
            href: list_href(std::slice::from_ref(&y)),
            class: "green",
        },
        Card {
            label: "Tỷ lệ so với vốn giao",
            value: rate(t.rate_of_allocation()),
            title: String::new(),
            href: list_href(std::slice::from_ref(&y)),
            class: "",
        },
        Card {
            label: "Tỷ lệ so với kế hoạch đến nay",
            value: rate(t.rate_of_plan()),
            title: String::new(),
            href: list_href(std::slice::from_ref(&y)),
            class: rate_class(t.rate_of_plan()),
        },
        Card {
            label: "Dự án chậm giải ngân",
            value: fmt::number(t.behind as i64),
            title: format!("trên {} dự án", t.projects),
            href: list_href(&[y.clone(), ("behind", "1".into())]),
            class: if t.behind > 0 { "red" } else { "green" },
        },
    ];
    let agencies: Vec<TotalsLine> = m
        .by_agency
        .iter()
        .map(|(id, name, t)| totals_line(name.clone(), t, &[y.clone(), ("agency", id.to_string())]))
        .collect();
    let sources: Vec<TotalsLine> = m
        .by_source
        .iter()
        .map(|(s, t)| {
            totals_line(
                s.label_vi().to_owned(),
                t,
                &[y.clone(), ("source", s.code().into())],
            )
        })
        .collect();
    let months: Vec<MonthLine> = m
        .by_month
        .iter()
        .map(|x| MonthLine {
            month: x.month,
            href: list_href(&[y.clone(), ("month", x.month.to_string())]),
            plan: Amount::of(x.plan),
            actual: Amount::of(x.actual),
            plan_cumulative: Amount::of(x.plan_cumulative),
            actual_cumulative: Amount::of(x.actual_cumulative),
        })
        .collect();
    let pair_chart = |labels: Vec<String>, plan: Vec<i64>, done: Vec<i64>, links: Vec<String>| {
        serde_json::json!({
            "labels": labels,
            "values": plan,
            "unit": "triệu đồng",
            "datasets": [
                {"label": "Kế hoạch đến nay", "colour": "#90a4ae", "values": plan},
                {"label": "Đã giải ngân", "colour": "#2e7d32", "values": done},
            ],
            "links": links,
        })
        .to_string()
    };
    let top: Vec<_> = m.by_agency.iter().take(15).collect();
    let agency_chart = pair_chart(
        top.iter().map(|(_, n, _)| fmt::shorten(n, 38)).collect(),
        top.iter()
            .map(|(_, _, t)| millions(t.plan_to_date))
            .collect(),
        top.iter().map(|(_, _, t)| millions(t.disbursed)).collect(),
        top.iter()
            .map(|(id, _, _)| list_href(&[y.clone(), ("agency", id.to_string())]))
            .collect(),
    );
    let source_chart = pair_chart(
        m.by_source
            .iter()
            .map(|(s, _)| s.label_vi().to_owned())
            .collect(),
        m.by_source
            .iter()
            .map(|(_, t)| millions(t.plan_to_date))
            .collect(),
        m.by_source
            .iter()
            .map(|(_, t)| millions(t.disbursed))
            .collect(),
        m.by_source
            .iter()
            .map(|(s, _)| list_href(&[y.clone(), ("source", s.code().into())]))
            .collect(),
    );
    let month_chart = serde_json::json!({
        "labels": m.by_month.iter().map(|x| format!("T{}", x.month)).collect::<Vec<_>>(),
        "values": m.by_month.iter().map(|x| millions(x.plan)).collect::<Vec<_>>(),
        "unit": "triệu đồng",
        "datasets": [
            {"label": "Kế hoạch", "colour": "#90a4ae", "values": m.by_month.iter().map(|x| millions(x.plan)).collect::<Vec<_>>()},
            {"label": "Giải ngân", "colour": "#2e7d32", "values": m.by_month.iter().map(|x| millions(x.actual)).collect::<Vec<_>>()},
        ],
        "links": m.by_month.iter().map(|x| list_href(&[y.clone(), ("month", x.month.to_string())])).collect::<Vec<_>>(),
    })
    .to_string();
    let mut behind: Vec<&ProjectView> = m.projects.iter().filter(|p| p.behind.is_some()).collect();
    behind.sort_by_key(|p| std::cmp::Reverse(p.behind.as_ref().map(|b| b.gap)));
    let behind = behind
        .into_iter()
        .take(50)
        .map(|p| BehindLine {
            id: p.stored.id,
            code: p.stored.project.code.clone(),
            name: p.stored.project.name.clone(),
            agency: p.stored.agency.clone(),
            message: p
                .behind
                .as_ref()
                .map(|b| b.message_vi())
                .unwrap_or_default(),
        })
        .collect();
    let (share, share_class) = match (&m.share, &m.budget) {
        (Some(s), _) => (s.message_vi(), if s.met { "green" } else { "red" }),
        (None, _) => (
            format!(
                "Chi cho khoa học và công nghệ năm {year} (đã giải ngân): {}. Chưa nhập tổng chi ngân sách năm để tính tỷ lệ (mức quy định {}).",
                m.science.format_short(),
                crate::money::default_required().format_percent(1)
            ),
            "grey",
        ),
    };
    let this = crate::money::current_year(state);
    OverviewBody {
        year,
        years: (this - 4..=this + 1).rev().collect(),
        today: fmt::date(Some(m.today)),
        cards,
        agency_chart,
        source_chart,
        month_chart,
        agencies,
        sources,
        months,
        behind,
        share,
        share_class,
        can_decide,
    }
}

pub struct ProjectLine {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub agency: String,
    pub source: String,
    pub allocation: Amount,
    pub plan: Amount,
    pub disbursed: Amount,
    pub month_plan: Amount,
    pub month_actual: Amount,
    pub rate_allocation: String,
    pub rate_plan: String,
    pub rate_class: &'static str,
    pub behind: bool,
}

#[derive(Template)]
#[template(path = "money_projects.html")]
struct ProjectsPage {
    nav: Nav,
    year: i32,
    heading: String,
    month: Option<u32>,
    rows: Vec<ProjectLine>,
    total: ProjectLine,
}

pub async fn projects(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let year = year_of(&state, &q.year)?;
    let scope = scope_of(&state, &v);
    let m = crate::money::money(&state, scope, year, v.user.id).await?;
    let agency: Option<i64> =
        match q.agency.trim() {
            "" => None,
            a => Some(a.parse().map_err(|_| {
                AppError::BadRequest(format!("Tham số “agency” không hợp lệ: “{a}”"))
            })?),
        };
    let source = match q.source.trim() {
        "" => None,
        s => Some(CapitalSource::from_code(s).ok_or_else(|| {
            AppError::BadRequest(format!("Tham số “source” không hợp lệ: “{s}”"))
        })?),
    };
    let month: Option<u32> = match q.month.trim() {
        "" => None,
        s => Some(
            s.parse()
                .ok()
                .filter(|m| (1..=12).contains(m))
                .ok_or_else(|| AppError::BadRequest(format!("Tháng không hợp lệ: “{s}”")))?,
        ),
    };
    let behind_only = q.behind == "1";
    let chosen: Vec<&ProjectView> = m
        .projects
        .iter()
        .filter(|p| agency.is_none_or(|a| p.stored.agency_id == a))
        .filter(|p| source.is_none_or(|s| p.stored.project.source == s))
        .filter(|p| !behind_only || p.behind.is_some())
        .collect();
    let mut heading = format!("Dự án, nhiệm vụ có vốn năm {year}");
    if let Some(a) = agency {
        let name = chosen
            .first()
            .map(|p| p.stored.agency.clone())
            .or(state.store.agency(a).await.ok().map(|r| r.name))
            .unwrap_or_default();
        heading.push_str(&format!(" — {name}"));
    }
    if let Some(s) = source {
        heading.push_str(&format!(" — {}", s.label_vi()));
    }
    if let Some(mo) = month {
        heading.push_str(&format!(" — tháng {mo}"));
    }
    if behind_only {
        heading.push_str(" — chậm giải ngân");
    }
    let line = |p: &ProjectView| {
        let pr = &p.progress;
        let mo = month.unwrap_or(0);
        ProjectLine {
            id: p.stored.id,
            code: p.stored.project.code.clone(),
            name: p.stored.project.name.clone(),
            agency: p.stored.agency.clone(),
            source: p.stored.project.source.label_vi().to_owned(),
            allocation: Amount::of(pr.allocation),
            plan: Amount::of(pr.plan_to_date),
            disbursed: Amount::of(pr.disbursed),
            month_plan: Amount::of(p.stored.project.plan.month(mo)),
            month_actual: Amount::of(p.stored.project.actual.month(mo)),
            rate_allocation: rate(pr.rate_of_allocation()),
            rate_plan: rate(pr.rate_of_plan()),
            rate_class: rate_class(pr.rate_of_plan()),
            behind: p.behind.is_some(),
        }
    };
    let rows: Vec<ProjectLine> = chosen.iter().map(|p| line(p)).collect();
    let sum = |f: &dyn Fn(&ProjectView) -> Dong| {
        Dong::sum(chosen.iter().map(|p| f(p))).map_err(|e| AppError::Internal(format!("tổng: {e}")))
    };
    let mo = month.unwrap_or(0);
    let (alloc, plan, done) = (
        sum(&|p| p.progress.allocation)?,
        sum(&|p| p.progress.plan_to_date)?,
        sum(&|p| p.progress.disbursed)?,
    );
    let total_rates = Totals {
        projects: chosen.len(),
        behind: chosen.iter().filter(|p| p.behind.is_some()).count(),
        allocation: alloc,
        plan_to_date: plan,
        disbursed: done,
    };
    let total = ProjectLine {
        id: 0,
        code: String::new(),
        name: format!("Tổng cộng ({} dự án)", chosen.len()),
        agency: String::new(),
        source: String::new(),
        allocation: Amount::of(alloc),
        plan: Amount::of(plan),
        disbursed: Amount::of(done),
        month_plan: Amount::of(sum(&|p| p.stored.project.plan.month(mo))?),
        month_actual: Amount::of(sum(&|p| p.stored.project.actual.month(mo))?),
        rate_allocation: rate(total_rates.rate_of_allocation()),
        rate_plan: rate(total_rates.rate_of_plan()),
        rate_class: rate_class(total_rates.rate_of_plan()),
        behind: false,
    };
    Ok(render(&ProjectsPage {
        nav: Nav::new(&v, "money"),
        year,
        heading,
        month,
        rows,
        total,
    })?
    .into_response())
}

pub struct MonthRow {
    pub month: u32,
    pub plan: Amount,
    pub actual: Amount,
    /// The stored actual in đồng (the form's `was`).
    pub actual_raw: i64,
    pub plan_cumulative: Amount,
    pub actual_cumulative: Amount,
    pub started: bool,
}

pub struct TaskLine {
    pub id: i64,
    pub text: String,
    pub directive: String,
    pub due: String,
    pub done: bool,
}

#[derive(Template)]
#[template(path = "project.html")]
struct ProjectPage {
    nav: Nav,
    id: i64,
    code: String,
    name: String,
    agency: String,
    agency_id: i64,
    source: String,
    programme: String,
    year: i32,
    allocation: Amount,
    plan: Amount,
    disbursed: Amount,
    rate_allocation: String,
    rate_plan: String,
    rate_class: &'static str,
    behind: String,
    months: Vec<MonthRow>,
    tasks: Vec<TaskLine>,
    audit: Vec<super::AuditLine>,
    can_enter: bool,
    can_decide: bool,
    error: Option<String>,
}

/// The project `id` if the viewer may read it; its owner agency.
async fn readable_project(state: &AppState, v: &Viewer, id: i64) -> AppResult<i64> {
    let owner = state.store.project_owner(id).await?;
    if access::can_read_owned(v.role(), owner) {
        Ok(owner)
    } else {
        Err(AppError::forbidden())
    }
}

#[derive(Deserialize, Default)]
pub struct ProjectQuery {
    #[serde(default)]
    loi: String,
}

pub async fn project(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    Query(q): Query<ProjectQuery>,
) -> AppResult<Response> {
    let owner = readable_project(&state, &v, id).await?;
    let s = state.store.project(id).await?;
    let today = state.today();
    let p = &s.project;
    let progress = p
        .progress(today)
        .map_err(|e| AppError::Internal(format!("tiến độ: {e}")))?;
    let behind = p
        .behind_plan(today, &Default::default())
        .map_err(|e| AppError::Internal(format!("tiến độ: {e}")))?
        .map(|b| b.message_vi())
        .unwrap_or_default();
    let plan_c = p
        .plan
        .cumulative()
        .map_err(|e| AppError::Internal(format!("tổng: {e}")))?;
    let actual_c = p
        .actual
        .cumulative()
        .map_err(|e| AppError::Internal(format!("tổng: {e}")))?;
    let started = dondoc_domain::disbursement::months_started(p.year, today);
    let months = (1..=12u32)
        .map(|m| {
            let i = (m - 1) as usize;
            MonthRow {
                month: m,
                plan: Amount::of(p.plan.month(m)),
                actual: Amount::of(p.actual.month(m)),
                actual_raw: p.actual.month(m).value(),
                plan_cumulative: Amount::of(plan_c.get(i).copied().unwrap_or_default()),
                actual_cumulative: Amount::of(actual_c.get(i).copied().unwrap_or_default()),
                started: m <= started,
            }
        })
        .collect();
    let tasks = state
        .store
        .project_tasks(id)
        .await?
        .into_iter()
        .map(|t| TaskLine {
            id: t.id,
            text: fmt::shorten(fmt::without_marker(&t.text), 160),
            directive: t.directive_number.unwrap_or_default(),
            due: fmt::date(t.due),
            done: t.completed_on.is_some(),
        })
        .collect();
    let audit = super::audit_lines(&state, "project", id).await?;
    Ok(render(&ProjectPage {
        nav: Nav::new(&v, "money"),
        id,
        code: p.code.clone(),
        name: p.name.clone(),
        agency: s.agency.clone(),
        agency_id: owner,
        source: p.source.label_vi().to_owned(),
        programme: p.programme.label_vi().to_owned(),
        year: p.year,
        allocation: Amount::of(progress.allocation),
        plan: Amount::of(progress.plan_to_date),
        disbursed: Amount::of(progress.disbursed),
        rate_allocation: rate(progress.rate_of_allocation()),
        rate_plan: rate(progress.rate_of_plan()),
        rate_class: rate_class(progress.rate_of_plan()),
        behind,
        months,
        tasks,
        audit,
        can_enter: access::can_enter_owned(v.role(), owner),
        can_decide: access::can_decide(v.role()),
        error: Some(q.loi).filter(|e| !e.is_empty()),
    })?
    .into_response())
}

/// Reads an amount as typed: "1.234.567.890", "1,5 tỷ", "250 triệu".
fn amount(text: &str, what: &str) -> AppResult<Dong> {
    Dong::parse(text, MoneyUnit::Dong)
        .map_err(|e| AppError::BadRequest(format!("Trường “{what}”: {e}")))
}

/// A month's disbursement, typed in by the project's agency.
pub async fn record_actual(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let owner = readable_project(&state, &v, id).await?;
    if !access::can_enter_owned(v.role(), owner) {
        return Err(AppError::Forbidden(
            "Chỉ cơ quan chủ đầu tư (hoặc Văn phòng thường trực) được nhập số giải ngân của dự án này."
                .into(),
        ));
    }
    let month: u32 = field(&form, "month")
        .parse()
        .ok()
        .filter(|m| (1..=12).contains(m))
        .ok_or_else(|| AppError::BadRequest("Tháng không hợp lệ (1–12).".into()))?;
    let was: i64 = field(&form, "was").parse().map_err(|_| {
        AppError::BadRequest("Biểu mẫu thiếu số liệu cũ; hãy tải lại trang.".into())
    })?;
    let value = amount(field(&form, "amount"), "Số giải ngân")?;
    state
        .store
        .record_actual(id, month, Dong(was), value, v.actor())
        .await?;
    Ok(Redirect::to(&format!("/giai-ngan/du-an/{id}")).into_response())
}

/// The secretariat links a task that calls for the project.
pub async fn link_task(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    require_decider(&v)?;
    let raw = field(&form, "task").trim_start_matches('#');
    let task: i64 = raw
        .parse()
        .map_err(|_| AppError::BadRequest(format!("Mã nhiệm vụ không hợp lệ: “{raw}”")))?;
    state.store.link_project_task(id, task, v.actor()).await?;
    Ok(Redirect::to(&format!("/giai-ngan/du-an/{id}")).into_response())
}

pub async fn unlink_task(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    require_decider(&v)?;
    let task: i64 = field(&form, "task")
        .parse()
        .map_err(|_| AppError::BadRequest("Mã nhiệm vụ không hợp lệ.".into()))?;
    state.store.unlink_project_task(id, task, v.actor()).await?;
    Ok(Redirect::to(&format!("/giai-ngan/du-an/{id}")).into_response())
}

/// The year's budget spending and the required S&T share.
pub async fn set_budget(
    State(state): State<AppState>,
    v: Viewer,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    require_decider(&v)?;
    let year = year_of(&state, field(&form, "year"))?;
    let total = amount(field(&form, "total"), "Tổng chi ngân sách")?;
    let required = Figure::parse(field(&form, "required"))
        .filter(|f| f.scaled() > 0)
        .ok_or_else(|| AppError::BadRequest("Mức quy định (%) không hợp lệ.".into()))?;
    // Percent in ten-thousandths → basis points.
    let bp = required.scaled() / 100;
    state
        .store
        .set_budget_year(
            crate::money::budget_scope(&state),
            year,
            total,
            bp,
            v.actor(),
        )
        .await?;
    Ok(Redirect::to(&format!("/giai-ngan?year={year}")).into_response())
}

// ---------------------------------------------------------------------------
// Import: upload → preview → confirm.

pub struct ImportLine {
    pub at: String,
    pub file: String,
    pub rows: i64,
    pub created: i64,
    pub updated: i64,
    pub by: String,
}

pub struct PreviewLine {
    pub sheet: String,
    pub row: u32,
    pub code: String,
    pub name: String,
    pub owner: String,
    pub source: String,
    pub year: i32,
    pub allocation: Amount,
    pub plan: Amount,
    pub actual: Amount,
    /// mới, cập nhật, không đổi.
    pub change: &'static str,
    pub change_class: &'static str,
}

#[derive(Template)]
#[template(path = "money_import.html")]
struct ImportPage {
    nav: Nav,
    max_mb: usize,
    imports: Vec<ImportLine>,
    message: Option<String>,
    error: Option<String>,
    preview: bool,
    file_name: String,
    token: String,
    lines: Vec<PreviewLine>,
    errors: Vec<String>,
    notes: Vec<String>,
    warnings: Vec<String>,
}

#[derive(Deserialize, Default)]
pub struct ImportQuery {
    #[serde(default)]
    tao: String,
    #[serde(default)]
    cap_nhat: String,
    #[serde(default)]
    giu: String,
    #[serde(default)]
    da_nhap: String,
}

async fn import_page(
    state: &AppState,
    v: &Viewer,
    message: Option<String>,
    error: Option<String>,
) -> AppResult<ImportPage> {
    let imports = state
        .store
        .money_imports(20)
        .await?
        .into_iter()
        .filter(|i| i.kind == "disbursement")
        .map(|i| ImportLine {
            at: fmt::timestamp(&i.at),
            file: i.file_name,
            rows: i.rows,
            created: i.created,
            updated: i.updated,
            by: i.by,
        })
        .collect();
    Ok(ImportPage {
        nav: Nav::new(v, "money"),
        max_mb: state.settings.max_upload_bytes / (1024 * 1024),
        imports,
        message,
        error,
        preview: false,
        file_name: String::new(),
        token: String::new(),
        lines: Vec::new(),
        errors: Vec::new(),
        notes: Vec::new(),
        warnings: Vec::new(),
    })
}

pub async fn import_form(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<ImportQuery>,
) -> AppResult<Response> {
    require_decider(&v)?;
    let message = if !q.da_nhap.is_empty() {
        Some(format!(
            "Tệp này đã được nhập trước đó ({}): không có gì thay đổi.",
            q.da_nhap
        ))
    } else if !q.tao.is_empty() || !q.cap_nhat.is_empty() || !q.giu.is_empty() {
        Some(format!(
            "Đã nhập: {} dự án tạo mới, {} dự án cập nhật, {} dự án không đổi.",
            q.tao, q.cap_nhat, q.giu
        ))
    } else {
        None
    };
    Ok(render(&import_page(&state, &v, message, None).await?)?.into_response())
}

/// The workbook: CSRF checked before any file is read; read off the async
/// threads, a few at a time (`work.rs`); shown, not stored.
pub async fn import_upload(
    State(state): State<AppState>,
    v: Viewer,
    form: Multipart,
) -> AppResult<Response> {
    require_decider(&v)?;
    let mut parts = crate::multipart::read(&v, form, &["file"], state.settings.upload_mb()).await?;
    let file = parts.take_file("file").map(|f| (f.name, f.bytes));
    let year = parts.text("year").to_owned();
    let page_error = |msg: String| async {
        let page = import_page(&state, &v, None, Some(msg)).await?;
        Ok::<_, AppError>((axum::http::StatusCode::BAD_REQUEST, render(&page)?).into_response())
    };
    let Some((file_name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return page_error("Chưa chọn tệp Excel (.xlsx) của Sở Tài chính.".into()).await;
    };
    if bytes.len() > state.settings.max_upload_bytes {
        return Err(AppError::TooLarge(format!(
            "Tệp {file_name} lớn hơn giới hạn {} MB.",
            state.settings.max_upload_bytes / (1024 * 1024)
        )));
    }
    let opts = SheetOptions {
        year: year.trim().parse().ok(),
        unit: None,
    };
    let (bytes, read) = crate::work::bounded(&state, move || {
        let r = read_disbursements(&bytes, &opts);
        (bytes, r)
    })
    .await?;
    let read = match read {
        Ok(r) => r,
        Err(e) => return page_error(format!("Không đọc được tệp {file_name}: {e}")).await,
    };
    // Owners by name: the registry's names and aliases, then the agencies.
    let registry = state.registry().await?;
    let mut owners: HashMap<String, Option<i64>> = HashMap::new();
    let mut names: HashMap<i64, String> = HashMap::new();
    let mut errors: Vec<String> = read.errors.iter().map(ToString::to_string).collect();
    let mut inputs = Vec::new();
    let mut lines = Vec::new();
    let mut warnings = Vec::new();
    let years: std::collections::BTreeSet<i32> = read.rows.iter().map(|r| r.year).collect();
    let mut existing: HashMap<(String, i32), dondoc_domain::disbursement::Project> = HashMap::new();
    for y in years {
        for s in state
            .store
            .projects(&ProjectFilter {
                year: Some(y),
                ..ProjectFilter::default()
            })
            .await?
        {
            let mut p = s.project;
            p.agency = s.agency_id.to_string();
            existing.insert((p.code.clone(), y), p);
        }
    }
    for row in read.rows {
        let owner = match owners.get(&row.owner) {
            Some(o) => *o,
            None => {
                let found =
                    crate::money::resolve_owner(&state.store, &registry, &row.owner).await?;
                owners.insert(row.owner.clone(), found);
                found
            }
        };
        let Some(agency_id) = owner else {
            errors.push(format!(
                "Sheet '{}', dòng {}: không tìm thấy cơ quan “{}” (chủ đầu tư / đơn vị thực hiện) trong danh mục cơ quan",
                row.sheet, row.row, row.owner
            ));
            continue;
        };
        let (sheet, r) = (row.sheet.clone(), row.row);
        let project = row.into_project(agency_id.to_string());
        if let Ok(ws) = project.warnings_vi() {
            warnings.extend(
                ws.into_iter()
                    .map(|w| format!("Sheet '{sheet}', dòng {r} ({}): {w}", project.code)),
            );
        }
        let (change, change_class) = match existing.get(&(project.code.clone(), project.year)) {
            None => ("mới", "green"),
            Some(old) if *old == project => ("không đổi", "grey"),
            Some(_) => ("cập nhật", "orange"),
        };
        lines.push(PreviewLine {
            sheet,
            row: r,
            code: project.code.clone(),
            name: project.name.clone(),
            owner: match names.get(&agency_id) {
                Some(n) => n.clone(),
                None => {
                    let n = state
                        .store
                        .agency(agency_id)
                        .await
                        .map(|a| a.name)
                        .unwrap_or_default();
                    names.insert(agency_id, n.clone());
                    n
                }
            },
            source: project.source.label_vi().to_owned(),
            year: project.year,
            allocation: Amount::of(project.allocation),
            plan: Amount::of(project.plan.total().unwrap_or_default()),
            actual: Amount::of(project.actual.total().unwrap_or_default()),
            change,
            change_class,
        });
        inputs.push(ProjectInput { agency_id, project });
    }
    let token = state.money.keep(Preview {
        user: v.user.id,
        at: std::time::Instant::now(),
        file_name: file_name.clone(),
        bytes,
        rows: inputs,
    });
    let mut page = import_page(&state, &v, None, None).await?;
    page.preview = true;
    page.file_name = file_name;
    page.token = token;
    page.lines = lines;
    page.errors = errors;
    page.notes = read.notes;
    page.warnings = warnings;
    Ok(render(&page)?.into_response())
}

/// Stores the previewed workbook.
pub async fn import_confirm(
    State(state): State<AppState>,
    v: Viewer,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    require_decider(&v)?;
    let token = field(&form, "token");
    let Some(p) = state.money.preview(token, v.user.id) else {
        let page = import_page(
            &state,
            &v,
            None,
            Some(
                "Bản xem trước đã hết hạn (30 phút) hoặc không tồn tại: hãy tải tệp lên lại."
                    .into(),
            ),
        )
        .await?;
        return Ok((axum::http::StatusCode::CONFLICT, render(&page)?).into_response());
    };
    let outcome = state
        .store
        .import_disbursements(DisbursementBatch {
            file_name: &p.file_name,
            bytes: &p.bytes,
            rows: &p.rows,
            by: v.actor(),
        })
        .await?;
    state.money.forget(token);
    let target = match outcome.already {
        Some((at, by)) => format!(
            "/giai-ngan/nhap?{}",
            query(&[("da_nhap", format!("{} bởi {by}", fmt::timestamp(&at)))])
        ),
        None => format!(
            "/giai-ngan/nhap?{}",
            query(&[
                ("tao", outcome.created.to_string()),
                ("cap_nhat", outcome.updated.to_string()),
                ("giu", outcome.unchanged.to_string()),
            ])
        ),
    };
    Ok(Redirect::to(&target).into_response())
}

/// The dashboard's (and the wall screen's) money and targets: the year's
/// disbursement in cards, the projects behind plan and the red indicators.
pub struct DashboardMoney {
    pub year: i32,
    pub cards: Vec<Card>,
    pub behind: Vec<BehindLine>,
    pub red: Vec<RedLine>,
}

/// An indicator at risk, on the dashboard.
pub struct RedLine {
    pub id: i64,
    pub name: String,
    pub agency: String,
    pub explanation: String,
}

pub async fn dashboard_section(state: &AppState, v: &Viewer) -> AppResult<DashboardMoney> {
    use dondoc_domain::indicator::IndicatorStatus;
    let scope = scope_of(state, v);
    let year = crate::money::current_year(state);
    let m = crate::money::money(state, scope, year, v.user.id).await?;
    let ind = crate::money::indicators(state, scope, v.user.id).await?;
    let t = &m.totals;
    let y = ("year", year.to_string());
    let status_href =
        |s: IndicatorStatus| format!("/chi-tieu?{}", query(&[("status", s.code().to_owned())]));
    let cards = vec![
        Card {
            label: "Vốn giao năm nay",
            value: t.allocation.format_short(),
            title: t.allocation.to_string(),
            href: format!("/giai-ngan?year={year}"),
            class: "",
        },
        Card {
            label: "Đã giải ngân",
            value: t.disbursed.format_short(),
            title: t.disbursed.to_string(),
            href: format!("/giai-ngan?year={year}"),
            class: "green",
        },
        Card {
            label: "Giải ngân / kế hoạch đến nay",
            value: rate(t.rate_of_plan()),
            title: String::new(),
            href: format!("/giai-ngan?year={year}"),
            class: rate_class(t.rate_of_plan()),
        },
        Card {
            label: "Dự án chậm giải ngân",
            value: fmt::number(t.behind as i64),
            title: String::new(),
            href: list_href(&[y, ("behind", "1".into())]),
            class: if t.behind > 0 { "red" } else { "green" },
        },
        Card {
            label: "Chỉ tiêu có nguy cơ không đạt",
            value: fmt::number(ind.count(IndicatorStatus::Red) as i64),
            title: String::new(),
            href: status_href(IndicatorStatus::Red),
            class: "red",
        },
        Card {
            label: "Chỉ tiêu chậm lộ trình",
            value: fmt::number(ind.count(IndicatorStatus::Orange) as i64),
            title: String::new(),
            href: status_href(IndicatorStatus::Orange),
            class: "orange",
        },
        Card {
            label: "Chỉ tiêu đạt, đúng lộ trình",
            value: fmt::number(ind.count(IndicatorStatus::Green) as i64),
            title: String::new(),
            href: status_href(IndicatorStatus::Green),
            class: "green",
        },
    ];
    let mut behind: Vec<&ProjectView> = m.projects.iter().filter(|p| p.behind.is_some()).collect();
    behind.sort_by_key(|p| std::cmp::Reverse(p.behind.as_ref().map(|b| b.gap)));
    let behind = behind
        .into_iter()
        .take(8)
        .map(|p| BehindLine {
            id: p.stored.id,
            code: p.stored.project.code.clone(),
            name: fmt::shorten(&p.stored.project.name, 90),
            agency: p.stored.agency.clone(),
            message: p
                .behind
                .as_ref()
                .map(|b| b.message_vi())
                .unwrap_or_default(),
        })
        .collect();
    let red = ind
        .list
        .iter()
        .filter(|(_, a)| a.status == IndicatorStatus::Red)
        .take(8)
        .map(|(i, a)| RedLine {
            id: i.id,
            name: i.indicator.name.clone(),
            agency: i.agency.clone(),
            explanation: a.explanation_vi.clone(),
        })
        .collect();
    Ok(DashboardMoney {
        year,
        cards,
        behind,
        red,
    })
}
