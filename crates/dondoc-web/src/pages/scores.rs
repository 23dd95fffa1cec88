//! Xếp hạng: scores and rankings of agencies for a month, quarter or year
//! (`dondoc_domain::scoring`, from the record as of the period's end), by
//! peer group; an agency's score page with every point explained (each task
//! and report with the points it gave or cost and why); the heads' KPI; and
//! the .xlsx exports. A result the secretariat fixed (chốt) for a period is
//! shown as fixed, with the criteria set it was computed with.
//!
//! Access: an officer opens its own agency's page only; the secretariat and
//! leaders see all.

use super::account::require_decider;
use super::reports::xlsx_response;
use super::{Nav, field, query, render};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::fmt;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use dondoc_domain::access::{Role, can_decide};
use dondoc_domain::scoring::{
    AgencyScore, ItemRef, Outcome, Period, PeriodKind, Points, Scoring, score,
};
use dondoc_followup::sheets;
use serde::Deserialize;

/// The period in a URL: `ky=thang&nam=2026&thang=5`, `ky=quy&quy=2`,
/// `ky=nam`. Parsed by hand so that a bad value is a Vietnamese message.
#[derive(Debug, Default, Deserialize)]
pub struct PeriodQuery {
    ky: Option<String>,
    nam: Option<String>,
    thang: Option<String>,
    quy: Option<String>,
}

impl PeriodQuery {
    fn period(&self, today: chrono::NaiveDate) -> AppResult<Period> {
        let num = |v: &Option<String>, name: &str, default: i64| -> AppResult<i64> {
            match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(default),
                Some(s) => s
                    .parse()
                    .map_err(|_| AppError::BadRequest(format!("“{name}”: “{s}” không phải số"))),
            }
        };
        let year = i32::try_from(num(&self.nam, "Năm", i64::from(today.year()))?)
            .map_err(|_| AppError::BadRequest("Năm không hợp lệ".into()))?;
        let bad = || AppError::BadRequest("Kỳ đánh giá không hợp lệ".into());
        match self.ky.as_deref().unwrap_or("thang") {
            "thang" => {
                let m = num(&self.thang, "Tháng", i64::from(today.month()))?;
                Period::month(year, u32::try_from(m).map_err(|_| bad())?).ok_or_else(bad)
            }
            "quy" => {
                let q = num(&self.quy, "Quý", i64::from(today.month0() / 3 + 1))?;
                Period::quarter(year, u32::try_from(q).map_err(|_| bad())?).ok_or_else(bad)
            }
            "nam" => Period::year(year).ok_or_else(bad),
            _ => Err(bad()),
        }
    }
}

/// The query string of a period (for links and exports).
fn period_query(p: &Period) -> String {
    let year = p.end.year().to_string();
    match p.kind {
        PeriodKind::Month => query(&[
            ("ky", "thang".into()),
            ("nam", year),
            ("thang", p.end.month().to_string()),
        ]),
        PeriodKind::Quarter => query(&[
            ("ky", "quy".into()),
            ("nam", year),
            ("quy", (p.end.month0() / 3 + 1).to_string()),
        ]),
        PeriodKind::Year => query(&[("ky", "nam".into()), ("nam", year)]),
    }
}

/// Where a result comes from.
pub struct Source {
    /// Fixed by the secretariat (by whom, when), or computed now.
    pub fixed: Option<(String, String)>,
    pub version: String,
    pub criteria_name: String,
    /// The period has not ended: the figures may still change.
    pub provisional: bool,
    /// The day the facts are taken (dd/mm/yyyy).
    pub as_of: String,
}

/// The period's result: the one fixed for it, else computed now from the
/// record as of the period's end with the criteria set in force. A period
/// still running is scored up to today: what has fallen due so far, as the
/// record stands today (tạm tính).
pub async fn scoring_of(state: &AppState, period: Period) -> AppResult<(Scoring, Source)> {
    let scope = state.settings.scope;
    let today = state.today();
    let provisional = period.end >= today;
    if let Some(run) = state.store.score_run(period, scope).await? {
        let source = Source {
            fixed: Some((run.computed_by.clone(), fmt::timestamp(&run.computed_at))),
            version: run.criteria_version.clone(),
            criteria_name: run.result.criteria_name.clone(),
            provisional: false,
            as_of: fmt::date(Some(period.end)),
        };
        return Ok((run.result, source));
    }
    let criteria = state.store.criteria_in_force().await?;
    let so_far = if provisional && today >= period.start {
        Period {
            end: today,
            ..period
        }
    } else {
        period
    };
    let input = state.store.scoring_input(so_far, scope).await?;
    let scoring = score(&criteria, &input);
    Ok((
        scoring,
        Source {
            fixed: None,
            version: criteria.version.clone(),
            criteria_name: criteria.name.clone(),
            provisional,
            as_of: fmt::date(Some(so_far.end)),
        },
    ))
}

pub struct RankLine {
    pub agency_id: i64,
    pub name: String,
    pub rank: String,
    pub score: String,
    pub band: String,
    pub assigned: u32,
    pub on_time: u32,
    pub late: u32,
    pub not_done: u32,
    pub reports: String,
}

pub struct GroupView {
    pub label: &'static str,
    pub lines: Vec<RankLine>,
}

pub struct PeriodForm {
    pub kind: &'static str,
    pub year: i32,
    pub month: u32,
    pub quarter: u32,
}

#[derive(Template)]
#[template(path = "ranking.html")]
struct RankingPage {
    nav: Nav,
    label: String,
    q: String,
    form: PeriodForm,
    groups: Vec<GroupView>,
    source: Source,
    can_fix: bool,
}

fn form_of(p: &Period) -> PeriodForm {
    PeriodForm {
        kind: match p.kind {
            PeriodKind::Month => "thang",
            PeriodKind::Quarter => "quy",
            PeriodKind::Year => "nam",
        },
        year: p.end.year(),
        month: p.end.month(),
        quarter: p.end.month0() / 3 + 1,
    }
}

fn score_text(s: Option<Points>) -> String {
    s.map_or_else(|| "—".into(), Points::vi)
}

pub async fn ranking(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<PeriodQuery>,
) -> AppResult<Response> {
    let period = q.period(state.today())?;
    if let Role::Officer { agency } = v.role() {
        return Ok(Redirect::to(&format!(
            "/xep-hang/co-quan/{agency}?{}",
            period_query(&period)
        ))
        .into_response());
    }
    let (scoring, source) = scoring_of(&state, period).await?;
    let groups = scoring
        .rankings
        .iter()
        .map(|g| GroupView {
            label: g.group.label_vi(),
            lines: g
                .entries
                .iter()
                .map(|e| {
                    let f = scoring
                        .agency(e.agency_id)
                        .map(|a| a.figures)
                        .unwrap_or_default();
                    RankLine {
                        agency_id: e.agency_id,
                        name: e.name.clone(),
                        rank: match e.rank {
                            Some(r) if e.tied => format!("{r} (đồng hạng)"),
                            Some(r) => r.to_string(),
                            None => "—".into(),
                        },
                        score: score_text(e.score),
                        band: e.band.as_ref().map(|b| b.short.clone()).unwrap_or_default(),
                        assigned: f.assigned,
                        on_time: f.on_time,
                        late: f.late,
                        not_done: f.not_completed,
                        reports: format!("{}/{}", f.reports_on_time, f.reports_due),
                    }
                })
                .collect(),
        })
        .collect();
    Ok(render(&RankingPage {
        nav: Nav::new(&v, "scores"),
        label: period.label_vi(),
        q: period_query(&period),
        form: form_of(&period),
        groups,
        can_fix: can_decide(v.role()) && !source.provisional,
        source,
    })?
    .into_response())
}

/// Fixes a past period's result with the criteria in force (secretariat).
pub async fn fix(
    State(state): State<AppState>,
    v: Viewer,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    require_decider(&v)?;
    let q = PeriodQuery {
        ky: Some(field(&form, "ky").to_owned()),
        nam: Some(field(&form, "nam").to_owned()),
        thang: Some(field(&form, "thang").to_owned()),
        quy: Some(field(&form, "quy").to_owned()),
    };
    let period = q.period(state.today())?;
    if period.end >= state.today() {
        return Err(AppError::Conflict(
            "Kỳ đánh giá chưa kết thúc: chỉ chốt kết quả sau ngày cuối kỳ.".into(),
        ));
    }
    let criteria = state.store.criteria_in_force().await?;
    let canonical = criteria
        .to_toml()
        .map_err(|e| AppError::Internal(format!("criteria: {e}")))?;
    let input = state
        .store
        .scoring_input(period, state.settings.scope)
        .await?;
    let scoring = score(&criteria, &input);
    state
        .store
        .save_score_run(state.settings.scope, &scoring, &canonical, v.actor())
        .await?;
    Ok(Redirect::to(&format!("/xep-hang?{}", period_query(&period))).into_response())
}

pub struct LineView {
    pub text: String,
    pub points: String,
    pub class: &'static str,
}

pub struct ItemView {
    pub href: String,
    pub title: String,
    pub kind: &'static str,
    pub due: String,
    pub outcome: &'static str,
    pub colour: &'static str,
    pub points: String,
    pub max: String,
    pub lines: Vec<LineView>,
}

#[derive(Template)]
#[template(path = "score.html")]
struct ScorePage {
    nav: Nav,
    agency_id: i64,
    name: String,
    group: &'static str,
    label: String,
    q: String,
    form: PeriodForm,
    score: String,
    total: String,
    band: String,
    rank: String,
    note: String,
    criteria: Vec<(String, String, String)>,
    items: Vec<ItemView>,
    figures: Vec<(&'static str, String)>,
    source: Source,
    officer: bool,
}

fn outcome_view(o: Outcome) -> (&'static str, &'static str) {
    match o {
        Outcome::OnTime => ("Đúng hạn", "green"),
        Outcome::Late => ("Trễ hạn", "orange"),
        Outcome::NotDone => ("Chưa hoàn thành", "red"),
        Outcome::NotAssessed => ("Không đánh giá", "grey"),
    }
}

fn items_of(a: &AgencyScore) -> Vec<ItemView> {
    a.items
        .iter()
        .map(|i| {
            let (outcome, colour) = outcome_view(i.outcome);
            let (href, kind) = match i.item {
                ItemRef::Task(id) => (format!("/nhiem-vu/{id}"), "Nhiệm vụ"),
                ItemRef::Report(round) => (
                    format!("/bao-cao/{round}/don-vi/{}", a.agency_id),
                    "Báo cáo định kỳ",
                ),
            };
            ItemView {
                href,
                title: fmt::without_marker(&i.title).to_owned(),
                kind,
                due: fmt::date(Some(i.judged_due)),
                outcome,
                colour,
                points: i.points.vi(),
                max: i.max.vi(),
                lines: i
                    .lines
                    .iter()
                    .map(|l| LineView {
                        text: l.text.clone(),
                        points: if l.criterion.is_some() {
                            l.points.vi_signed()
                        } else {
                            String::new()
                        },
                        class: if l.points.hundredths() < 0 {
                            "minus"
                        } else {
                            "plus"
                        },
                    })
                    .collect(),
            }
        })
        .collect()
}

pub async fn agency(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    Query(q): Query<PeriodQuery>,
) -> AppResult<Response> {
    if !dondoc_domain::access::can_read_owned(v.role(), id) {
        return Err(AppError::forbidden());
    }
    let period = q.period(state.today())?;
    let (scoring, source) = scoring_of(&state, period).await?;
    let Some(a) = scoring.agency(id) else {
        let name = state.store.agency(id).await?.name;
        return Err(AppError::NotFound(format!(
            "{name} không thuộc nhóm cơ quan được chấm điểm (sở, ban, ngành; xã, phường; cơ quan Đảng)."
        )));
    };
    let ranked = scoring
        .rankings
        .iter()
        .find(|g| g.group == a.group)
        .map_or(0, |g| g.entries.iter().filter(|e| e.rank.is_some()).count());
    let f = a.figures;
    let pct = |p: Option<Points>| p.map_or_else(|| "—".into(), |p| format!("{} %", p.vi()));
    Ok(render(&ScorePage {
        nav: Nav::new(&v, "scores"),
        agency_id: id,
        name: a.name.clone(),
        group: a.group.label_vi(),
        label: period.label_vi(),
        q: period_query(&period),
        form: form_of(&period),
        score: score_text(a.score),
        total: scoring.total.vi(),
        band: a.band.as_ref().map(|b| b.label.clone()).unwrap_or_default(),
        rank: match a.rank {
            Some(r) => format!("{r}/{ranked}{}", if a.tied { " (đồng hạng)" } else { "" }),
            None => "—".into(),
        },
        note: a.note.clone().unwrap_or_default(),
        criteria: a
            .by_criterion
            .iter()
            .map(|c| (c.label.clone(), c.earned.vi(), c.max.vi()))
            .collect(),
        items: items_of(a),
        figures: vec![
            ("Nhiệm vụ đến hạn trong kỳ", f.assigned.to_string()),
            ("Đã hoàn thành", f.completed.to_string()),
            ("Đúng hạn", f.on_time.to_string()),
            ("Trễ hạn", f.late.to_string()),
            ("Chưa hoàn thành", f.not_completed.to_string()),
            (
                "Đạt chất lượng (không bị trả lại)",
                f.accepted_first_time.to_string(),
            ),
            (
                "Gia hạn vì lý do khách quan",
                f.exempt_extensions.to_string(),
            ),
            ("Tạm dừng, hủy (không đánh giá)", f.withdrawn.to_string()),
            ("Tỷ lệ hoàn thành", pct(f.completed_percent())),
            ("Tỷ lệ đúng hạn", pct(f.on_time_percent())),
            (
                "Báo cáo định kỳ đúng hạn",
                format!("{}/{}", f.reports_on_time, f.reports_due),
            ),
        ],
        source,
        officer: matches!(v.role(), Role::Officer { .. }),
    })?
    .into_response())
}

/// The agency's explanation as .xlsx (one row per line).
pub async fn agency_xlsx(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    Query(q): Query<PeriodQuery>,
) -> AppResult<Response> {
    if !dondoc_domain::access::can_read_owned(v.role(), id) {
        return Err(AppError::forbidden());
    }
    let period = q.period(state.today())?;
    let (scoring, _) = scoring_of(&state, period).await?;
    let a = scoring
        .agency(id)
        .ok_or_else(|| AppError::NotFound("Cơ quan không được chấm điểm trong kỳ".into()))?;
    let bytes = sheets::explanation_xlsx(&scoring, a)
        .map_err(|e| AppError::Internal(format!("giải trình điểm: {e}")))?;
    Ok(xlsx_response(
        &format!("giai-trinh-diem-{id}-{}.xlsx", period.start),
        bytes,
    ))
}

fn readers_only(v: &Viewer) -> AppResult<()> {
    if matches!(v.role(), Role::Officer { .. }) {
        Err(AppError::forbidden())
    } else {
        Ok(())
    }
}

/// The ranking by peer group as .xlsx.
pub async fn ranking_xlsx(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<PeriodQuery>,
) -> AppResult<Response> {
    readers_only(&v)?;
    let period = q.period(state.today())?;
    let (scoring, _) = scoring_of(&state, period).await?;
    let bytes =
        sheets::scoring_xlsx(&scoring).map_err(|e| AppError::Internal(format!("xếp hạng: {e}")))?;
    Ok(xlsx_response(
        &format!("xep-hang-{}.xlsx", period.start),
        bytes,
    ))
}

/// The heads' KPI sheet as .xlsx.
pub async fn kpi_xlsx(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<PeriodQuery>,
) -> AppResult<Response> {
    readers_only(&v)?;
    let period = q.period(state.today())?;
    let (scoring, _) = scoring_of(&state, period).await?;
    let bytes = sheets::kpi_xlsx(&scoring).map_err(|e| AppError::Internal(format!("KPI: {e}")))?;
    Ok(xlsx_response(
        &format!("kpi-nguoi-dung-dau-{}.xlsx", period.start),
        bytes,
    ))
}

pub struct KpiLine {
    pub agency_id: i64,
    pub agency: String,
    pub group: &'static str,
    pub planned: u32,
    pub done: u32,
    pub on_time: u32,
    pub quality: u32,
    pub rate: String,
    pub score: String,
    pub band: String,
    pub rank: String,
}

#[derive(Template)]
#[template(path = "kpi.html")]
struct KpiPage {
    nav: Nav,
    label: String,
    q: String,
    form: PeriodForm,
    lines: Vec<KpiLine>,
    source: Source,
}

/// The heads' KPI: per agency, planned, done, on time, quality, score.
pub async fn kpi(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<PeriodQuery>,
) -> AppResult<Response> {
    readers_only(&v)?;
    let period = q.period(state.today())?;
    let (scoring, source) = scoring_of(&state, period).await?;
    let lines = scoring
        .head_kpis()
        .into_iter()
        .map(|k| KpiLine {
            agency_id: k.agency_id,
            agency: k.agency,
            group: k.group.label_vi(),
            planned: k.figures.assigned,
            done: k.figures.completed,
            on_time: k.figures.on_time,
            quality: k.figures.accepted_first_time,
            rate: k
                .figures
                .on_time_percent()
                .map_or_else(|| "—".into(), |p| format!("{} %", p.vi())),
            score: score_text(k.score),
            band: k.band.map(|b| b.short).unwrap_or_default(),
            rank: k
                .rank
                .map_or_else(|| "—".into(), |r| format!("{r}/{}", k.ranked_in_group)),
        })
        .collect();
    Ok(render(&KpiPage {
        nav: Nav::new(&v, "scores"),
        label: period.label_vi(),
        q: period_query(&period),
        form: form_of(&period),
        lines,
        source,
    })?
    .into_response())
}

/// `/xep-hang/co-quan/12` (the page) or `/xep-hang/co-quan/12.xlsx` (its
/// explanation sheet).
pub async fn agency_page(
    state: State<AppState>,
    v: Viewer,
    Path(file): Path<String>,
    q: Query<PeriodQuery>,
) -> AppResult<Response> {
    let (id, xlsx) = match file.strip_suffix(".xlsx") {
        Some(id) => (id, true),
        None => (file.as_str(), false),
    };
    let id: i64 = id
        .parse()
        .map_err(|_| AppError::NotFound(format!("Không tìm thấy {file}")))?;
    if xlsx {
        agency_xlsx(state, v, Path(id), q).await
    } else {
        agency(state, v, Path(id), q).await
    }
}
