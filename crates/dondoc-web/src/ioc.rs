//! The feed of the province's operations centre (IOC): one versioned JSON
//! document (`/api/v1/ioc`, documented in the OpenAPI document) with the
//! tasks by status and agency, the overdue tasks, on-time rates, the
//! disbursement by agency, source and month, and the indicators with their
//! status; and the same for upward reporting as the directives' appendix
//! (`/api/v1/ioc.csv`, `/api/v1/ioc.xlsx`: STT, nhiệm vụ, cơ quan chủ trì,
//! phối hợp, thời hạn, kết quả, tình trạng).
//!
//! Field names are stable English; amounts are whole đồng (integers); rates
//! are basis points (integers: 6250 = 62,50 %); indicator figures are
//! decimal strings ("62.5"), so nothing is rounded by a float. The body is
//! computed once per scope and day and kept in the read cache; its ETag is
//! the SHA-256 of the body, and a client that sends it back in
//! `If-None-Match` gets `304 Not Modified`.

use crate::auth::Viewer;
use crate::auth::session::ApiViewer;
use crate::dashboard::Scope;
use crate::error::{ApiError, AppError, AppResult};
use crate::money::{IndicatorsData, MoneyData};
use crate::state::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use dondoc_domain::access::Role;
use dondoc_domain::disbursement::Totals;
use dondoc_domain::indicator::{AssessConfig, Figure};
use dondoc_domain::money::Rate;
use dondoc_domain::status::Status;
use dondoc_store::{MAX_LIST, Sort, TaskFilter};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The feed's format version: a field renamed or removed makes a new one.
pub const FEED_VERSION: &str = "1";
/// How long a client may keep the feed without asking again.
pub const FEED_MAX_AGE_SECONDS: u32 = 30;
/// The most overdue tasks the feed lists (counts are always whole).
pub const FEED_OVERDUE_LIMIT: i64 = 500;

/// The feed.
#[derive(Serialize, ToSchema)]
pub struct IocFeed {
    /// The format version ("1").
    pub version: String,
    /// The province's date the figures are for (YYYY-MM-DD).
    pub date: String,
    pub tasks: TasksBlock,
    pub reports: ReportsBlock,
    pub disbursement: DisbursementBlock,
    pub indicators: Vec<IndicatorJson>,
}

#[derive(Serialize, ToSchema)]
pub struct TasksBlock {
    pub total: i64,
    /// Counts by status code (not_yet_due, in_progress, due_soon, overdue,
    /// completed_on_time, completed_late, paused, cancelled).
    pub by_status: BTreeMap<String, i64>,
    /// Per agency, the tasks it answers for (leads, itself or through a group).
    pub by_agency: Vec<AgencyTasksJson>,
    /// Overdue tasks, the longest overdue first (at most 500).
    pub overdue: Vec<OverdueJson>,
}

#[derive(Serialize, ToSchema)]
pub struct AgencyTasksJson {
    pub agency_id: i64,
    pub agency: String,
    pub total: i64,
    pub by_status: BTreeMap<String, i64>,
}

#[derive(Serialize, ToSchema)]
pub struct OverdueJson {
    pub id: i64,
    pub text: String,
    pub lead: Vec<String>,
    /// The deadline in force (YYYY-MM-DD).
    pub due: String,
    pub days_overdue: i64,
    pub url: String,
}

/// On-time rates. Computed today from the tasks whose deadline has come
/// (`basis` = "tasks"): done on time / (done on time + done late + still
/// overdue). When periodic reports are tracked on their own, their rate
/// goes in `periodic_reports` (null until then).
#[derive(Serialize, ToSchema)]
pub struct ReportsBlock {
    /// What the rates are computed from: "tasks".
    pub basis: String,
    /// Basis points (10000 = 100 %); null before any task was due.
    pub on_time_rate_bp: Option<i64>,
    pub by_agency: Vec<AgencyRateJson>,
    /// The on-time rate of periodic reports (báo cáo định kỳ): null until
    /// the periodic reports module provides it.
    pub periodic_reports: Option<AgencyRateJson>,
}

#[derive(Serialize, ToSchema)]
pub struct AgencyRateJson {
    pub agency_id: i64,
    pub agency: String,
    pub on_time: i64,
    pub late: i64,
    pub overdue: i64,
    pub on_time_rate_bp: Option<i64>,
}

/// Money figures: whole đồng; rates in basis points.
#[derive(Serialize, ToSchema)]
pub struct MoneyTotalsJson {
    pub projects: usize,
    pub behind_plan: usize,
    /// Kế hoạch vốn giao (đồng).
    pub allocation: i64,
    /// Planned through the months ended (đồng).
    pub plan_to_date: i64,
    /// Disbursed through the current month (đồng).
    pub disbursed: i64,
    pub rate_of_allocation_bp: Option<i64>,
    pub rate_of_plan_bp: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct DisbursementBlock {
    pub year: i32,
    /// "VND": amounts are whole đồng.
    pub currency: String,
    pub totals: MoneyTotalsJson,
    pub by_agency: Vec<AgencyMoneyJson>,
    pub by_source: Vec<SourceMoneyJson>,
    pub by_month: Vec<MonthMoneyJson>,
    /// Projects behind plan, the largest gap first.
    pub behind: Vec<BehindJson>,
    /// The year's S&T spending share; null until the year's budget is set.
    pub science_share: Option<ShareJson>,
}

#[derive(Serialize, ToSchema)]
pub struct AgencyMoneyJson {
    pub agency_id: i64,
    pub agency: String,
    #[serde(flatten)]
    pub totals: MoneyTotalsJson,
}

#[derive(Serialize, ToSchema)]
pub struct SourceMoneyJson {
    /// public_investment, recurrent, other.
    pub source: String,
    pub label: String,
    #[serde(flatten)]
    pub totals: MoneyTotalsJson,
}

#[derive(Serialize, ToSchema)]
pub struct MonthMoneyJson {
    pub month: u32,
    pub plan: i64,
    pub actual: i64,
    pub plan_cumulative: i64,
    pub actual_cumulative: i64,
}

#[derive(Serialize, ToSchema)]
pub struct BehindJson {
    pub project_id: i64,
    pub code: String,
    pub name: String,
    pub agency: String,
    pub plan_to_date: i64,
    pub disbursed: i64,
    pub gap: i64,
    pub rate_bp: i64,
    pub message: String,
    pub url: String,
}

#[derive(Serialize, ToSchema)]
pub struct ShareJson {
    pub spending: i64,
    pub total: i64,
    pub share_bp: i64,
    pub required_bp: i64,
    pub met: bool,
    pub shortfall: i64,
}

#[derive(Serialize, ToSchema)]
pub struct IndicatorJson {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub agency_id: i64,
    pub agency: String,
    /// percent, rank, points, count, billion_dong, other.
    pub unit: String,
    /// red, orange, green, grey.
    pub status: String,
    pub status_label: String,
    /// The latest value's period ("2026", "2026-Q1") and value ("62.5").
    pub period: Option<String>,
    pub value: Option<String>,
    pub target_period: Option<String>,
    pub threshold: Option<String>,
    pub explanation: String,
    pub url: String,
}

/// The body served and its validator.
#[derive(Debug, Clone)]
pub struct FeedBody {
    /// Shared, not copied, by every response that serves it.
    pub json: axum::body::Bytes,
    pub etag: String,
}

fn bp(r: Option<Rate>) -> Option<i64> {
    r.map(Rate::basis_points)
}

fn totals_json(t: &Totals) -> MoneyTotalsJson {
    MoneyTotalsJson {
        projects: t.projects,
        behind_plan: t.behind,
        allocation: t.allocation.value(),
        plan_to_date: t.plan_to_date.value(),
        disbursed: t.disbursed.value(),
        rate_of_allocation_bp: bp(t.rate_of_allocation()),
        rate_of_plan_bp: bp(t.rate_of_plan()),
    }
}

/// A figure as a plain decimal string: "62.5", "12", "0.4512".
fn figure(f: Figure) -> String {
    let v = f.scaled();
    let (sign, v) = if v < 0 { ("-", -v) } else { ("", v) };
    let (int, frac) = (v / Figure::SCALE, v % Figure::SCALE);
    if frac == 0 {
        format!("{sign}{int}")
    } else {
        let frac = format!("{frac:04}");
        format!("{sign}{int}.{}", frac.trim_end_matches('0'))
    }
}

/// The viewer's scope: an officer's agency, else the deployment's province.
pub fn scope_of(state: &AppState, v: &Viewer) -> Scope {
    match v.role() {
        Role::Officer { agency } => Scope::Agency(agency),
        _ => Scope::Province(state.settings.scope),
    }
}

async fn build(state: &AppState, scope: Scope, user: i64) -> AppResult<FeedBody> {
    let base = state.settings.public_url.trim_end_matches('/').to_owned();
    let d = crate::dashboard::get(state, scope, user).await?;
    let today = d.today;
    let overdue = state
        .store
        .tasks(
            &TaskFilter {
                status: Some(Status::Overdue),
                sort: Sort::Due,
                limit: FEED_OVERDUE_LIMIT,
                ..scope.filter()
            },
            today,
            state.soon(),
        )
        .await?;
    let by_status = |get: &dyn Fn(Status) -> i64| {
        Status::ALL
            .into_iter()
            .map(|s| (s.code().to_owned(), get(s)))
            .collect::<BTreeMap<_, _>>()
    };
    let summary = state
        .store
        .summary(
            match scope {
                Scope::Province(r) => r,
                Scope::Agency(a) => Some(a),
            },
            today,
            state.soon(),
        )
        .await?;
    let tasks = TasksBlock {
        total: d.total,
        by_status: by_status(&|s| d.count(s)),
        by_agency: summary
            .by_agency
            .iter()
            .filter(|r| !matches!(scope, Scope::Agency(a) if a != r.agency_id))
            .map(|r| AgencyTasksJson {
                agency_id: r.agency_id,
                agency: r.agency.clone(),
                total: r.counts.values().sum(),
                by_status: by_status(&|s| r.counts.get(&s).copied().unwrap_or(0)),
            })
            .collect(),
        overdue: overdue
            .iter()
            .map(|t| OverdueJson {
                id: t.id,
                text: t.text.clone(),
                lead: t.lead.clone(),
                due: t.due.map(|d| d.to_string()).unwrap_or_default(),
                days_overdue: t.due.map(|d| (today - d).num_days()).unwrap_or(0),
                url: format!("{base}/nhiem-vu/{}", t.id),
            })
            .collect(),
    };
    let rate_bp =
        |on: i64, late: i64, over: i64| Rate::new(on, on + late + over).map(Rate::basis_points);
    let (on, late, over) = d.agencies.iter().fold((0, 0, 0), |acc, a| {
        (
            acc.0 + a.done_on_time,
            acc.1 + a.done_late,
            acc.2 + a.overdue,
        )
    });
    let reports = ReportsBlock {
        basis: "tasks".into(),
        on_time_rate_bp: rate_bp(on, late, over),
        by_agency: d
            .agencies
            .iter()
            .map(|a| AgencyRateJson {
                agency_id: a.id,
                agency: a.name.clone(),
                on_time: a.done_on_time,
                late: a.done_late,
                overdue: a.overdue,
                on_time_rate_bp: rate_bp(a.done_on_time, a.done_late, a.overdue),
            })
            .collect(),
        // TODO(periodic reports): the lead connects the on-time rate of
        // periodic reports here once that module is merged.
        periodic_reports: None,
    };
    let m = crate::money::money(state, scope, today.year(), user).await?;
    let ind = crate::money::indicators(state, scope, user).await?;
    let feed = IocFeed {
        version: FEED_VERSION.into(),
        date: today.to_string(),
        tasks,
        reports,
        disbursement: disbursement_block(&m, &base),
        indicators: indicators_json(&ind, &base),
    };
    let json =
        serde_json::to_vec(&feed).map_err(|e| AppError::Internal(format!("IOC feed: {e}")))?;
    let etag = {
        use sha2::{Digest, Sha256};
        let h = Sha256::digest(&json);
        format!(
            "\"{}\"",
            h.iter()
                .take(16)
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        )
    };
    Ok(FeedBody {
        json: json.into(),
        etag,
    })
}

fn disbursement_block(m: &MoneyData, base: &str) -> DisbursementBlock {
    let mut behind: Vec<_> = m
        .projects
        .iter()
        .filter_map(|p| p.behind.as_ref().map(|b| (p, b)))
        .collect();
    behind.sort_by(|a, b| {
        b.1.gap
            .cmp(&a.1.gap)
            .then(a.0.stored.id.cmp(&b.0.stored.id))
    });
    DisbursementBlock {
        year: m.year,
        currency: "VND".into(),
        totals: totals_json(&m.totals),
        by_agency: m
            .by_agency
            .iter()
            .map(|(id, name, t)| AgencyMoneyJson {
                agency_id: *id,
                agency: name.clone(),
                totals: totals_json(t),
            })
            .collect(),
        by_source: m
            .by_source
            .iter()
            .map(|(s, t)| SourceMoneyJson {
                source: s.code().into(),
                label: s.label_vi().into(),
                totals: totals_json(t),
            })
            .collect(),
        by_month: m
            .by_month
            .iter()
            .map(|x| MonthMoneyJson {
                month: x.month,
                plan: x.plan.value(),
                actual: x.actual.value(),
                plan_cumulative: x.plan_cumulative.value(),
                actual_cumulative: x.actual_cumulative.value(),
            })
            .collect(),
        behind: behind
            .into_iter()
            .map(|(p, b)| BehindJson {
                project_id: p.stored.id,
                code: p.stored.project.code.clone(),
                name: p.stored.project.name.clone(),
                agency: p.stored.agency.clone(),
                plan_to_date: b.plan_to_date.value(),
                disbursed: b.disbursed.value(),
                gap: b.gap.value(),
                rate_bp: b.rate.basis_points(),
                message: b.message_vi(),
                url: format!("{base}/giai-ngan/du-an/{}", p.stored.id),
            })
            .collect(),
        science_share: m.share.map(|s| ShareJson {
            spending: s.spending.value(),
            total: s.total.value(),
            share_bp: s.share.basis_points(),
            required_bp: s.required.basis_points(),
            met: s.met,
            shortfall: s.shortfall.value(),
        }),
    }
}

fn indicators_json(ind: &IndicatorsData, base: &str) -> Vec<IndicatorJson> {
    ind.list
        .iter()
        .map(|(i, a)| IndicatorJson {
            id: i.id,
            code: i.indicator.code.clone(),
            name: i.indicator.name.clone(),
            agency_id: i.agency_id,
            agency: i.agency.clone(),
            unit: i.indicator.unit.code().into(),
            status: a.status.code().into(),
            status_label: a.status.label_vi().into(),
            period: a.period.map(|p| p.code()),
            value: a.value.map(figure),
            target_period: a.target_period.map(|p| p.code()),
            threshold: a.threshold.map(figure),
            explanation: a.explanation_vi.clone(),
            url: format!("{base}/chi-tieu/{}", i.id),
        })
        .collect()
}

/// Whether `If-None-Match` names `etag` (a list, weak or not, or `*`).
fn matches_etag(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == etag || t == "*")
}

/// The IOC feed (an officer's token: their agency's figures).
#[utoipa::path(get, path = "/api/v1/ioc", security(("bearer" = [])),
    params(("If-None-Match" = Option<String>, Header, description = "the ETag of a copy held: 304 when unchanged")),
    responses(
        (status = 200, body = IocFeed, description = "the feed; `ETag` and `Cache-Control: private, max-age=30`"),
        (status = 304, description = "unchanged since the ETag sent"),
        (status = 401)))]
pub async fn feed(
    State(state): State<AppState>,
    ApiViewer(v): ApiViewer,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let scope = scope_of(&state, &v);
    let fresh = state.generations.freshness(v.user.id);
    let body = state
        .money
        .feeds
        .get((scope, state.today()), fresh, || {
            build(&state, scope, v.user.id)
        })
        .await?;
    let cache = HeaderValue::from_str(&format!("private, max-age={FEED_MAX_AGE_SECONDS}"))
        .unwrap_or(HeaderValue::from_static("private"));
    let etag = HeaderValue::from_str(&body.etag).unwrap_or(HeaderValue::from_static("\"\""));
    if matches_etag(&headers, &body.etag) {
        return Ok((
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, etag), (header::CACHE_CONTROL, cache)],
        )
            .into_response());
    }
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, cache),
        ],
        body.json.clone(),
    )
        .into_response())
}

/// The appendix's columns, as the directives write them.
pub const APPENDIX_HEADERS: [&str; 7] = [
    "STT",
    "Nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời hạn",
    "Kết quả",
    "Tình trạng",
];

/// One appendix row.
pub struct AppendixRow {
    pub number: usize,
    pub text: String,
    pub lead: String,
    pub support: String,
    pub due: Option<NaiveDate>,
    pub result: String,
    pub status: String,
}

async fn appendix(state: &AppState, v: &Viewer) -> AppResult<Vec<AppendixRow>> {
    let mut f = crate::pages::tasks::ListQuery::default().filter(v, state.settings.scope)?;
    f.limit = MAX_LIST;
    f.offset = 0;
    let list = state.store.tasks(&f, state.today(), state.soon()).await?;
    let ids: Vec<i64> = list.iter().map(|t| t.id).collect();
    let supports = state.store.task_supports(&ids).await?;
    let latest = state.store.latest_updates(&ids).await?;
    Ok(list
        .into_iter()
        .enumerate()
        .map(|(i, t)| AppendixRow {
            number: i + 1,
            support: supports
                .get(&t.id)
                .map(|s| s.join("; "))
                .unwrap_or_default(),
            result: latest
                .get(&t.id)
                .map(|(p, body)| format!("{p}%: {body}"))
                .unwrap_or_default(),
            lead: t.lead.join("; "),
            due: t.due,
            status: t.status.label_vi().to_owned(),
            text: crate::fmt::without_marker(&t.text).to_owned(),
        })
        .collect())
}

fn attachment(name: &str, mime: &'static str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, mime.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// The tasks as the directives' appendix, CSV (UTF-8 with BOM).
#[utoipa::path(get, path = "/api/v1/ioc.csv", security(("bearer" = [])),
    responses((status = 200, content_type = "text/csv", description = "STT, Nhiệm vụ, Cơ quan chủ trì, Cơ quan phối hợp, Thời hạn (dd/mm/yyyy), Kết quả, Tình trạng")))]
pub async fn csv(
    State(state): State<AppState>,
    ApiViewer(v): ApiViewer,
) -> Result<Response, ApiError> {
    let rows = appendix(&state, &v).await?;
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let err = |e: csv::Error| AppError::Internal(format!("CSV: {e}"));
        w.write_record(APPENDIX_HEADERS).map_err(err)?;
        for r in &rows {
            use crate::export::csv_cell;
            w.write_record([
                r.number.to_string(),
                csv_cell(&r.text),
                csv_cell(&r.lead),
                csv_cell(&r.support),
                crate::fmt::date(r.due),
                csv_cell(&r.result),
                r.status.clone(),
            ])
            .map_err(err)?;
        }
        w.flush()
            .map_err(|e| AppError::Internal(format!("CSV: {e}")))?;
    }
    Ok(attachment(
        &format!("phu-luc-{}.csv", state.today()),
        "text/csv; charset=utf-8",
        out,
    ))
}

/// The appendix, the disbursement and the indicator table as a workbook.
#[utoipa::path(get, path = "/api/v1/ioc.xlsx", security(("bearer" = [])),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        description = "sheets: Phụ lục (the appendix), Giải ngân (by agency), Chỉ tiêu (the indicator table of the year)")))]
pub async fn xlsx(
    State(state): State<AppState>,
    ApiViewer(v): ApiViewer,
) -> Result<Response, ApiError> {
    let rows = appendix(&state, &v).await?;
    let scope = scope_of(&state, &v);
    let today = state.today();
    let m = crate::money::money(&state, scope, today.year(), v.user.id).await?;
    let ind = crate::money::indicators(&state, scope, v.user.id).await?;
    let period = dondoc_domain::indicator::Period::Year(today.year());
    let list: Vec<_> = ind.list.iter().map(|(i, _)| i.clone()).collect();
    let table = dondoc_store::indicator_table_rows(&list, period, &AssessConfig::default());
    let bytes = tokio::task::spawn_blocking(move || workbook(&rows, &m, &table, today))
        .await
        .map_err(|e| AppError::Internal(format!("xlsx: {e}")))?
        .map_err(|e| AppError::Internal(format!("xlsx: {e}")))?;
    Ok(attachment(
        &format!("phu-luc-{today}.xlsx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        bytes,
    ))
}

fn workbook(
    rows: &[AppendixRow],
    m: &MoneyData,
    table: &[dondoc_store::IndicatorTableRow],
    today: NaiveDate,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{ExcelDateTime, Format, FormatBorder, Workbook};
    let mut wb = Workbook::new();
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("#DDE7F0")
        .set_border(FormatBorder::Thin);
    let wrap = Format::new().set_text_wrap().set_border(FormatBorder::Thin);
    let day = Format::new()
        .set_num_format("dd/mm/yyyy")
        .set_border(FormatBorder::Thin);
    let money = Format::new()
        .set_num_format("#,##0")
        .set_border(FormatBorder::Thin);
    let title = Format::new().set_bold().set_font_size(14);
    let dmy = today.format("%d/%m/%Y").to_string();

    let sheet = wb.add_worksheet();
    sheet.set_name("Phụ lục")?;
    sheet.write_with_format(
        0,
        0,
        format!("PHỤ LỤC: TÌNH HÌNH THỰC HIỆN NHIỆM VỤ (số liệu ngày {dmy})"),
        &title,
    )?;
    for (c, h) in APPENDIX_HEADERS.iter().enumerate() {
        sheet.write_with_format(2, c as u16, *h, &head)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = 3 + i as u32;
        sheet.write_with_format(row, 0, r.number as f64, &wrap)?;
        sheet.write_with_format(row, 1, &r.text, &wrap)?;
        sheet.write_with_format(row, 2, &r.lead, &wrap)?;
        sheet.write_with_format(row, 3, &r.support, &wrap)?;
        match r.due {
            Some(d) => {
                let x = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                sheet.write_with_format(row, 4, &x, &day)?
            }
            None => sheet.write_with_format(row, 4, "", &wrap)?,
        };
        sheet.write_with_format(row, 5, &r.result, &wrap)?;
        sheet.write_with_format(row, 6, &r.status, &wrap)?;
    }
    for (c, w) in [6.0, 60.0, 26.0, 26.0, 12.0, 40.0, 16.0].iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    sheet.set_freeze_panes(3, 0)?;

    let sheet = wb.add_worksheet();
    sheet.set_name("Giải ngân")?;
    sheet.write_with_format(
        0,
        0,
        format!("GIẢI NGÂN NĂM {} (đồng; số liệu ngày {dmy})", m.year),
        &title,
    )?;
    let heads = [
        "STT",
        "Cơ quan",
        "Số dự án",
        "Kế hoạch vốn giao",
        "Kế hoạch đến nay",
        "Đã giải ngân",
        "Tỷ lệ / vốn giao",
        "Tỷ lệ / kế hoạch",
        "Dự án chậm",
    ];
    for (c, h) in heads.iter().enumerate() {
        sheet.write_with_format(2, c as u16, *h, &head)?;
    }
    for (i, (_, name, t)) in m.by_agency.iter().enumerate() {
        let row = 3 + i as u32;
        sheet.write_with_format(row, 0, (i + 1) as f64, &wrap)?;
        sheet.write_with_format(row, 1, name, &wrap)?;
        sheet.write_with_format(row, 2, t.projects as f64, &wrap)?;
        // Amounts below 2^53 đồng are exact in a spreadsheet's number.
        sheet.write_with_format(row, 3, t.allocation.value() as f64, &money)?;
        sheet.write_with_format(row, 4, t.plan_to_date.value() as f64, &money)?;
        sheet.write_with_format(row, 5, t.disbursed.value() as f64, &money)?;
        sheet.write_with_format(row, 6, crate::money::rate(t.rate_of_allocation()), &wrap)?;
        sheet.write_with_format(row, 7, crate::money::rate(t.rate_of_plan()), &wrap)?;
        sheet.write_with_format(row, 8, t.behind as f64, &wrap)?;
    }
    for (c, w) in [6.0, 40.0, 10.0, 20.0, 20.0, 20.0, 14.0, 14.0, 10.0]
        .iter()
        .enumerate()
    {
        sheet.set_column_width(c as u16, *w)?;
    }

    let sheet = wb.add_worksheet();
    sheet.set_name("Chỉ tiêu")?;
    indicator_sheet(sheet, table, &format!("năm {}", today.year()), &dmy)?;
    wb.save_to_buffer()
}

/// Writes the committee's indicator table to `sheet`.
pub fn indicator_sheet(
    sheet: &mut rust_xlsxwriter::Worksheet,
    table: &[dondoc_store::IndicatorTableRow],
    period: &str,
    dmy: &str,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, FormatBorder};
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("#DDE7F0")
        .set_border(FormatBorder::Thin);
    let wrap = Format::new().set_text_wrap().set_border(FormatBorder::Thin);
    let title = Format::new().set_bold().set_font_size(14);
    sheet.write_with_format(
        0,
        0,
        format!(
            "BẢNG CHỈ TIÊU {} (số liệu ngày {dmy})",
            period.to_uppercase()
        ),
        &title,
    )?;
    let heads = [
        "STT",
        "Mã",
        "Chỉ tiêu",
        "Cơ quan chủ trì",
        "Cơ sở",
        "Chỉ tiêu kỳ",
        "Kết quả",
        "Đánh giá",
        "Giải thích",
        "Văn bản báo cáo",
    ];
    for (c, h) in heads.iter().enumerate() {
        sheet.write_with_format(2, c as u16, *h, &head)?;
    }
    for (i, r) in table.iter().enumerate() {
        let row = 3 + i as u32;
        sheet.write_with_format(row, 0, r.number as f64, &wrap)?;
        sheet.write_with_format(row, 1, &r.code, &wrap)?;
        sheet.write_with_format(row, 2, &r.name, &wrap)?;
        sheet.write_with_format(row, 3, &r.owner, &wrap)?;
        sheet.write_with_format(row, 4, &r.baseline, &wrap)?;
        sheet.write_with_format(row, 5, &r.target, &wrap)?;
        sheet.write_with_format(row, 6, &r.value, &wrap)?;
        sheet.write_with_format(row, 7, r.status.label_vi(), &wrap)?;
        sheet.write_with_format(row, 8, &r.explanation, &wrap)?;
        sheet.write_with_format(row, 9, &r.evidence, &wrap)?;
    }
    for (c, w) in [6.0, 10.0, 40.0, 26.0, 14.0, 20.0, 14.0, 20.0, 50.0, 24.0]
        .iter()
        .enumerate()
    {
        sheet.set_column_width(c as u16, *w)?;
    }
    sheet.set_freeze_panes(3, 0)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_plain_decimals() {
        assert_eq!(figure(Figure::from_scaled(625_000)), "62.5");
        assert_eq!(figure(Figure::from_int(12)), "12");
        assert_eq!(figure(Figure::from_scaled(4_512)), "0.4512");
        assert_eq!(figure(Figure::from_scaled(-15_000)), "-1.5");
    }

    #[test]
    fn etags_match_lists_and_weak_forms() {
        let mut h = HeaderMap::new();
        h.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("\"a\", W/\"b\""),
        );
        assert!(matches_etag(&h, "\"b\""));
        assert!(matches_etag(&h, "\"a\""));
        assert!(!matches_etag(&h, "\"c\""));
        assert!(!matches_etag(&HeaderMap::new(), "\"a\""));
    }
}
