//! The JSON API for integrations (the IOC feed, the province's other
//! systems): read-only, token-authenticated (`Authorization: Bearer …`),
//! with the same access rules as the pages. `/api/v1/openapi.json` documents it.

use crate::auth::session::ApiViewer;
use crate::dashboard::Scope;
use crate::error::{ApiError, AppError};
use crate::pages::tasks::ListQuery;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use dondoc_domain::access::Role;
use dondoc_domain::status::Status;
use serde::{Deserialize, Serialize};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{IntoParams, Modify, OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/tasks", get(tasks))
        .route("/tasks/{id}", get(task))
        .route("/directives", get(directives))
        .route("/agencies", get(agencies))
        .route("/summary", get(summary))
        .route("/ioc", get(crate::ioc::feed))
        .route("/ioc.csv", get(crate::ioc::csv))
        .route("/ioc.xlsx", get(crate::ioc::xlsx))
}

type ApiResult<T> = Result<Json<T>, ApiError>;

/// A task as the API gives it.
#[derive(Serialize, ToSchema)]
pub struct TaskJson {
    pub id: i64,
    pub directive_id: i64,
    pub directive_number: Option<String>,
    pub text: String,
    pub lead: Vec<String>,
    /// Effective deadline (YYYY-MM-DD), after approved changes.
    pub due: Option<String>,
    pub due_original: Option<String>,
    pub recurrence: Option<String>,
    /// One of not_yet_due, in_progress, due_soon, overdue, completed_on_time,
    /// completed_late, paused, cancelled.
    pub status: String,
    pub status_label: String,
    pub completed_on: Option<String>,
    pub areas: Vec<String>,
    pub url: String,
}

#[derive(Serialize, ToSchema)]
pub struct TaskList {
    pub total: i64,
    pub page: i64,
    pub items: Vec<TaskJson>,
}

#[derive(Serialize, ToSchema)]
pub struct UpdateJson {
    pub on: String,
    pub percent: i64,
    pub body: String,
    pub by: String,
    /// Cited documents given as evidence ("123/BC-SKHCN").
    pub evidence: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TaskDetailJson {
    #[serde(flatten)]
    pub task: TaskJson,
    pub support: Vec<String>,
    pub deliverable: Option<String>,
    pub source_lines: [i64; 2],
    pub updates: Vec<UpdateJson>,
}

#[derive(Serialize, ToSchema)]
pub struct DirectiveJson {
    pub id: i64,
    pub number: Option<String>,
    pub kind: Option<String>,
    pub title: Option<String>,
    pub issued_on: Option<String>,
    /// draft (in review) or confirmed (tracked).
    pub state: String,
    pub tasks: i64,
}

#[derive(Serialize, ToSchema)]
pub struct AgencyJson {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub parent: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AgencySummaryJson {
    pub id: i64,
    pub name: String,
    pub total: i64,
    pub overdue: i64,
    /// Share of tasks due so far that were done on time (0–1); null before any.
    pub on_time_rate: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct SummaryJson {
    pub date: String,
    pub total: i64,
    /// Task counts by status code.
    pub by_status: std::collections::BTreeMap<String, i64>,
    pub due_within_7_days: i64,
    pub due_within_30_days: i64,
    pub agencies: Vec<AgencySummaryJson>,
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct TaskQuery {
    /// Agency id: its tasks (see `part`).
    pub agency: Option<String>,
    /// Which of the agency's tasks: all (default), lead (it answers for
    /// them, itself or through a group), support.
    pub part: Option<String>,
    /// Status code.
    pub status: Option<String>,
    /// Deadline on or after (YYYY-MM-DD).
    pub due_from: Option<String>,
    /// Deadline on or before (YYYY-MM-DD).
    pub due_to: Option<String>,
    /// Directive id.
    pub directive: Option<String>,
    /// Words, with or without diacritics.
    pub q: Option<String>,
    /// Page (50 tasks each), from 1.
    pub page: Option<String>,
}

fn task_json(state: &AppState, t: &dondoc_store::TaskRow) -> TaskJson {
    TaskJson {
        id: t.id,
        directive_id: t.directive_id,
        directive_number: t.directive_number.clone(),
        text: t.text.clone(),
        lead: t.lead.clone(),
        due: t.due.map(|d| d.to_string()),
        due_original: t.due_original.map(|d| d.to_string()),
        recurrence: t.recurrence.map(|r| r.code().to_owned()),
        status: t.status.code().to_owned(),
        status_label: t.status.label_vi().to_owned(),
        completed_on: t.completed_on.map(|d| d.to_string()),
        areas: t.areas.iter().map(|a| a.code().to_owned()).collect(),
        url: format!(
            "{}/nhiem-vu/{}",
            state.settings.public_url.trim_end_matches('/'),
            t.id
        ),
    }
}

/// Tasks the caller may read, filtered, 50 per page.
#[utoipa::path(get, path = "/api/v1/tasks", params(TaskQuery), security(("bearer" = [])),
    responses((status = 200, body = TaskList), (status = 400, description = "a parameter is not valid"), (status = 401)))]
pub async fn tasks(
    State(state): State<AppState>,
    ApiViewer(v): ApiViewer,
    Query(q): Query<TaskQuery>,
) -> ApiResult<TaskList> {
    let lq = ListQuery {
        agency: q.agency.unwrap_or_default(),
        part: q.part.unwrap_or_default(),
        status: q.status.unwrap_or_default(),
        due_from: q.due_from.unwrap_or_default(),
        due_to: q.due_to.unwrap_or_default(),
        directive: q.directive.unwrap_or_default(),
        q: q.q.unwrap_or_default(),
        page: q.page.unwrap_or_default(),
        ..ListQuery::default()
    };
    let f = lq.filter(&v, state.settings.scope)?;
    let (today, soon) = (state.today(), state.soon());
    let total = state.store.count_tasks(&f, today, soon).await?;
    let items = state.store.tasks(&f, today, soon).await?;
    Ok(Json(TaskList {
        total,
        page: f.offset / crate::pages::tasks::PAGE_SIZE + 1,
        items: items.iter().map(|t| task_json(&state, t)).collect(),
    }))
}

/// One task with its updates.
#[utoipa::path(get, path = "/api/v1/tasks/{id}", params(("id" = i64, Path, description = "task id")),
    security(("bearer" = [])),
    responses((status = 200, body = TaskDetailJson), (status = 403, description = "not the caller's task"), (status = 404)))]
pub async fn task(
    State(state): State<AppState>,
    ApiViewer(v): ApiViewer,
    Path(id): Path<i64>,
) -> ApiResult<TaskDetailJson> {
    crate::reach::readable(&state, &v, id).await?;
    let t = state.store.task(id, state.today(), state.soon()).await?;
    Ok(Json(TaskDetailJson {
        task: task_json(&state, &t.row),
        support: t.support.clone(),
        deliverable: t.deliverable.clone(),
        source_lines: [t.first_line, t.last_line],
        updates: t
            .updates
            .iter()
            .map(|u| UpdateJson {
                on: u.on.clone(),
                percent: u.percent,
                body: u.body.clone(),
                by: u.by.clone(),
                evidence: u.evidence.clone(),
            })
            .collect(),
    }))
}

/// Directives (not for agency officers, who read their own tasks).
#[utoipa::path(get, path = "/api/v1/directives", security(("bearer" = [])),
    responses((status = 200, body = Vec<DirectiveJson>), (status = 403)))]
pub async fn directives(
    State(state): State<AppState>,
    ApiViewer(v): ApiViewer,
) -> ApiResult<Vec<DirectiveJson>> {
    if matches!(v.role(), Role::Officer { .. }) {
        return Err(ApiError(AppError::forbidden()));
    }
    let rows = state.store.directives(1000, 0).await?;
    Ok(Json(
        rows.into_iter()
            .map(|d| DirectiveJson {
                id: d.id,
                number: d.number,
                kind: d.kind,
                title: d.title,
                issued_on: d.issued_on,
                state: d.state,
                tasks: d.tasks,
            })
            .collect(),
    ))
}

/// The agency registry.
#[utoipa::path(get, path = "/api/v1/agencies", security(("bearer" = [])),
    responses((status = 200, body = Vec<AgencyJson>)))]
pub async fn agencies(
    State(state): State<AppState>,
    ApiViewer(_): ApiViewer,
) -> ApiResult<Vec<AgencyJson>> {
    let rows = state.store.agencies().await?;
    Ok(Json(
        rows.into_iter()
            .map(|a| AgencyJson {
                id: a.id,
                name: a.name,
                kind: a.kind.code().to_owned(),
                parent: a.parent,
            })
            .collect(),
    ))
}

/// The dashboard's figures (an officer: their agency's).
#[utoipa::path(get, path = "/api/v1/summary", security(("bearer" = [])),
    responses((status = 200, body = SummaryJson)))]
pub async fn summary(
    State(state): State<AppState>,
    ApiViewer(v): ApiViewer,
) -> ApiResult<SummaryJson> {
    let scope = match v.role() {
        Role::Officer { agency } => Scope::Agency(agency),
        _ => Scope::Province(state.settings.scope),
    };
    let d = crate::dashboard::get(&state, scope, v.user.id).await?;
    Ok(Json(SummaryJson {
        date: d.today.to_string(),
        total: d.total,
        by_status: Status::ALL
            .into_iter()
            .map(|s| (s.code().to_owned(), d.count(s)))
            .collect(),
        due_within_7_days: d.due_7,
        due_within_30_days: d.due_30,
        agencies: d
            .agencies
            .iter()
            .map(|a| AgencySummaryJson {
                id: a.id,
                name: a.name.clone(),
                total: a.total,
                overdue: a.overdue,
                on_time_rate: a.on_time,
            })
            .collect(),
    }))
}

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "dondoc API", description = "Theo dõi, đôn đốc nhiệm vụ — giao diện lập trình chỉ đọc"),
    paths(tasks, task, directives, agencies, summary, crate::ioc::feed, crate::ioc::csv, crate::ioc::xlsx),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

/// The OpenAPI document (public: it holds no data).
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
