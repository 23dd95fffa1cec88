//! Nhiệm vụ: the task list with its filters, sorting and pages. The same
//! query drives the exports (`/nhiem-vu.xlsx`, `/nhiem-vu.csv`).

use super::{Nav, query, render};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::fmt;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use dondoc_domain::access::{Part, Role};
use dondoc_domain::areas::Area;
use dondoc_domain::status::Status;
use dondoc_store::{Sort, TaskFilter};
use serde::Deserialize;

pub const PAGE_SIZE: i64 = 50;

/// The list's query string. Every field is optional text, so that a bad
/// value is reported by name instead of failing the whole request.
#[derive(Debug, Default, Deserialize, Clone)]
pub struct ListQuery {
    #[serde(default)]
    pub agency: String,
    /// Which of the agency's tasks: `all` (default), `lead`, `support`.
    #[serde(default)]
    pub part: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub area: String,
    #[serde(default)]
    pub due_from: String,
    #[serde(default)]
    pub due_to: String,
    #[serde(default)]
    pub directive: String,
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub open: String,
    #[serde(default)]
    pub page: String,
}

/// The last page one may ask for (far past any real list: 5 million tasks).
const MAX_PAGE: i64 = 100_000;

fn opt_id(field: &str, s: &str) -> AppResult<Option<i64>> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    s.trim()
        .parse()
        .map(Some)
        .map_err(|_| AppError::BadRequest(format!("Tham số “{field}” phải là số: “{s}”")))
}

fn opt_date(field: &str, s: &str) -> AppResult<Option<chrono::NaiveDate>> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    fmt::parse_date(s).map(Some).ok_or_else(|| {
        AppError::BadRequest(format!(
            "Tham số “{field}” không phải ngày (dd/mm/yyyy): “{s}”"
        ))
    })
}

impl ListQuery {
    /// The store filter this query asks for, narrowed to what the viewer
    /// may read: an officer sees the tasks their agency leads or supports;
    /// others, the tasks of the deployment's scope (its province).
    pub fn filter(&self, v: &Viewer, scope: Option<i64>) -> AppResult<TaskFilter> {
        let status = match self.status.trim() {
            "" => None,
            s => Some(Status::from_code(s).ok_or_else(|| {
                AppError::BadRequest(format!("Tham số “status” không hợp lệ: “{s}”"))
            })?),
        };
        let area = match self.area.trim() {
            "" => None,
            a => Some(Area::from_code(a).ok_or_else(|| {
                AppError::BadRequest(format!("Tham số “area” không hợp lệ: “{a}”"))
            })?),
        };
        let sort = match self.sort.trim() {
            // A text search lists the newest first unless a sort is chosen.
            "" if !self.q.trim().is_empty() => Sort::Newest,
            "" => Sort::Due,
            s => Sort::from_code(s).ok_or_else(|| {
                AppError::BadRequest(format!("Tham số “sort” không hợp lệ: “{s}”"))
            })?,
        };
        let page = opt_id("page", &self.page)?.unwrap_or(1).clamp(1, MAX_PAGE);
        let mut f = TaskFilter {
            agency: opt_id("agency", &self.agency)?,
            part: match self.part.trim() {
                "" => Part::All,
                p => Part::from_code(p).ok_or_else(|| {
                    AppError::BadRequest(format!(
                        "Tham số “part” không hợp lệ: “{p}” (all, lead hoặc support)"
                    ))
                })?,
            },
            status,
            area,
            due_from: opt_date("due_from", &self.due_from)?,
            due_to: opt_date("due_to", &self.due_to)?,
            directive: opt_id("directive", &self.directive)?,
            text: Some(self.q.trim().to_owned()).filter(|q| !q.is_empty()),
            open_only: self.open == "1",
            sort,
            limit: PAGE_SIZE,
            offset: (page - 1) * PAGE_SIZE,
            scope,
            ..TaskFilter::default()
        };
        if let Role::Officer { agency } = v.role() {
            // An officer's list is its agency's tasks, whatever the URL says.
            f.agency = Some(agency);
            f.scope = None;
        }
        Ok(f)
    }

    fn pairs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("agency", self.agency.clone()),
            ("part", self.part.clone()),
            ("status", self.status.clone()),
            ("area", self.area.clone()),
            ("due_from", self.due_from.clone()),
            ("due_to", self.due_to.clone()),
            ("directive", self.directive.clone()),
            ("q", self.q.clone()),
            ("sort", self.sort.clone()),
            ("open", self.open.clone()),
        ]
    }

    /// This query's string with `page` set (or without a page).
    pub fn with_page(&self, page: Option<i64>) -> String {
        let mut p = self.pairs();
        if let Some(n) = page {
            p.push(("page", n.to_string()));
        }
        query(&p)
    }
}

pub struct Row {
    pub id: i64,
    pub text: String,
    pub directive_id: i64,
    pub directive: String,
    pub lead: String,
    pub due: String,
    pub status: &'static str,
    pub colour: &'static str,
    pub recurring: bool,
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "tasks.html")]
struct ListPage {
    nav: Nav,
    q: ListQuery,
    rows: Vec<Row>,
    total: String,
    page: i64,
    pages: i64,
    prev: Option<String>,
    next: Option<String>,
    export: String,
    agencies: Vec<Choice>,
    statuses: Vec<Choice>,
    areas: Vec<Choice>,
    sorts: Vec<Choice>,
    officer: bool,
    due_from: String,
    due_to: String,
}

pub fn rows(list: &[dondoc_store::TaskRow]) -> Vec<Row> {
    list.iter()
        .map(|t| Row {
            id: t.id,
            text: fmt::shorten(fmt::without_marker(&t.text), 220),
            directive_id: t.directive_id,
            directive: t
                .directive_number
                .clone()
                .unwrap_or_else(|| format!("Văn bản #{} (chưa có số)", t.directive_id)),
            lead: t.lead.join(", "),
            due: fmt::date(t.due),
            status: t.status.label_vi(),
            colour: fmt::colour_class(t.status, t.due.is_some()),
            recurring: t.recurrence.is_some(),
        })
        .collect()
}

pub async fn list(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let f = q.filter(&v, state.settings.scope)?;
    let today = state.today();
    let soon = state.soon();
    // A page is kept in the read cache (see `cache.rs`): every user of a
    // province reads the same lists again and again.
    let key = format!("{f:?}|{today}|{soon}");
    let page_data = state
        .lists
        .get(key, state.generations.freshness(v.user.id), || async {
            let total = state.store.count_tasks(&f, today, soon).await?;
            let found = state.store.tasks(&f, today, soon).await?;
            Ok::<_, dondoc_store::StoreError>((total, found))
        })
        .await?;
    let (total, found) = (page_data.0, &page_data.1);
    let page = f.offset / PAGE_SIZE + 1;
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let officer = matches!(v.role(), Role::Officer { .. });
    let agencies = if officer {
        Vec::new()
    } else {
        state
            .agencies_in_scope()
            .await?
            .iter()
            .map(|a| Choice {
                selected: q.agency == a.id.to_string(),
                value: a.id.to_string(),
                label: a.name.clone(),
            })
            .collect()
    };
    let statuses = Status::ALL
        .into_iter()
        .map(|s| Choice {
            value: s.code().into(),
            label: s.label_vi().into(),
            selected: q.status == s.code(),
        })
        .collect();
    let areas = Area::ALL
        .into_iter()
        .map(|a| Choice {
            value: a.code().into(),
            label: a.label_vi().into(),
            selected: q.area == a.code(),
        })
        .collect();
    let sorts = [
        (Sort::Due, "Hạn gần nhất trước"),
        (Sort::DueDesc, "Hạn xa nhất trước"),
        (Sort::Newest, "Mới giao trước"),
        (Sort::Completed, "Mới hoàn thành trước"),
    ]
    .into_iter()
    .map(|(s, label)| Choice {
        value: s.code().into(),
        label: label.into(),
        selected: f.sort == s,
    })
    .collect();
    Ok(render(&ListPage {
        nav: Nav::new(&v, "tasks"),
        rows: rows(found),
        total: fmt::number(total),
        page,
        pages,
        prev: (page > 1).then(|| q.with_page(Some(page - 1))),
        next: (page < pages).then(|| q.with_page(Some(page + 1))),
        export: q.with_page(None),
        agencies,
        statuses,
        areas,
        sorts,
        officer,
        due_from: f.due_from.map(|d| fmt::date(Some(d))).unwrap_or_default(),
        due_to: f.due_to.map(|d| fmt::date(Some(d))).unwrap_or_default(),
        q,
    })?
    .into_response())
}
