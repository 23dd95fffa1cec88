//! Chỉ tiêu: the indicators directives set targets for, red first; an
//! indicator's page with its status and why (the trajectory toward the
//! target, the domain's `indicator::assess`), its targets and values with
//! their evidence; recording a value (its owner agency's officers or the
//! secretariat, multipart with an evidence file: CSRF checked first);
//! explanation requests as on a task; and the committee's table for a
//! period as `.xlsx`.

use super::account::require_decider;
use super::{Nav, field, query, render};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::fmt;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use dondoc_domain::access;
use dondoc_domain::indicator::{
    AssessConfig, Baseline, Direction, Figure, Frequency, Goal, IndicatorStatus, IndicatorUnit,
    Period, Target, goal_words,
};
use dondoc_store::{NewIndicator, NewValue};
use serde::Deserialize;

/// The CSS class of a status.
pub fn status_class(s: IndicatorStatus) -> &'static str {
    match s {
        IndicatorStatus::Red => "red",
        IndicatorStatus::Orange => "orange",
        IndicatorStatus::Green => "green",
        IndicatorStatus::Grey => "grey",
    }
}

pub struct IndicatorLine {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub agency: String,
    pub value: String,
    pub period: String,
    pub target: String,
    pub status: &'static str,
    pub status_class: &'static str,
    pub explanation: String,
}

pub struct StatusCard {
    pub label: &'static str,
    pub value: usize,
    pub href: String,
    pub class: &'static str,
}

pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "indicators.html")]
struct ListPage {
    nav: Nav,
    cards: Vec<StatusCard>,
    lines: Vec<IndicatorLine>,
    filtered: String,
    can_decide: bool,
    agencies: Vec<Choice>,
    units: Vec<Choice>,
    frequencies: Vec<Choice>,
    year: i32,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    status: String,
}

fn line(
    s: &dondoc_store::StoredIndicator,
    a: &dondoc_domain::indicator::Assessment,
) -> IndicatorLine {
    let ind = &s.indicator;
    IndicatorLine {
        id: s.id,
        code: ind.code.clone(),
        name: ind.name.clone(),
        agency: s.agency.clone(),
        value: a
            .value
            .map(|v| ind.unit.show(v, true))
            .unwrap_or_else(|| "—".into()),
        period: a.period.map(|p| p.label_vi()).unwrap_or_default(),
        target: a
            .target_period
            .map(|p| {
                let words: Vec<String> = ind
                    .targets
                    .iter()
                    .filter(|t| t.period == p)
                    .map(|t| goal_words(ind.unit, ind.direction, &t.goal))
                    .collect();
                format!("{} ({})", words.join("; "), p.label_vi())
            })
            .unwrap_or_default(),
        status: a.status.label_vi(),
        status_class: status_class(a.status),
        explanation: a.explanation_vi.clone(),
    }
}

pub async fn list(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let scope = crate::ioc::scope_of(&state, &v);
    let data = crate::money::indicators(&state, scope, v.user.id).await?;
    let only = match q.status.trim() {
        "" => None,
        s => Some(IndicatorStatus::from_code(s).ok_or_else(|| {
            AppError::BadRequest(format!("Tham số “status” không hợp lệ: “{s}”"))
        })?),
    };
    let cards = [
        IndicatorStatus::Red,
        IndicatorStatus::Orange,
        IndicatorStatus::Green,
        IndicatorStatus::Grey,
    ]
    .into_iter()
    .map(|s| StatusCard {
        label: s.label_vi(),
        value: data.count(s),
        href: format!("/chi-tieu?{}", query(&[("status", s.code().to_owned())])),
        class: status_class(s),
    })
    .collect();
    let lines = data
        .list
        .iter()
        .filter(|(_, a)| only.is_none_or(|s| a.status == s))
        .map(|(s, a)| line(s, a))
        .collect();
    let can_decide = access::can_decide(v.role());
    let agencies = if can_decide {
        state
            .agencies_in_scope()
            .await?
            .iter()
            .map(|a| Choice {
                value: a.id.to_string(),
                label: a.name.clone(),
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(render(&ListPage {
        nav: Nav::new(&v, "indicators"),
        cards,
        lines,
        filtered: only.map(|s| s.label_vi().to_owned()).unwrap_or_default(),
        can_decide,
        agencies,
        units: units(),
        frequencies: frequencies(),
        year: crate::money::current_year(&state),
    })?
    .into_response())
}

fn units() -> Vec<Choice> {
    IndicatorUnit::ALL
        .into_iter()
        .map(|u| Choice {
            value: u.code().into(),
            label: match u {
                IndicatorUnit::Other => "khác".into(),
                u => u.label_vi().into(),
            },
        })
        .collect()
}

fn frequencies() -> Vec<Choice> {
    Frequency::ALL
        .into_iter()
        .map(|f| Choice {
            value: f.code().into(),
            label: f.label_vi().into(),
        })
        .collect()
}

fn figure(text: &str, what: &str) -> AppResult<Figure> {
    Figure::parse(text)
        .ok_or_else(|| AppError::BadRequest(format!("Trường “{what}”: “{text}” không phải số")))
}

fn period(text: &str) -> AppResult<Period> {
    Period::parse_vi(text)
        .or_else(|| Period::from_code(text.trim()))
        .ok_or_else(|| {
            AppError::BadRequest(format!(
                "Kỳ không hợp lệ: “{text}” (vd: 2026, Quý I/2026, Tháng 3/2026)"
            ))
        })
}

/// A target from the form's fields (`target_period`, `target_kind`,
/// `target_value`, `target_max`, `target_label`); none without a period.
fn target_of(form: &[(String, String)]) -> AppResult<Option<Target>> {
    let p = field(form, "target_period");
    if p.is_empty() {
        return Ok(None);
    }
    let value = field(form, "target_value");
    let goal = match field(form, "target_kind") {
        "above" => Goal::Reach {
            value: figure(value, "Giá trị chỉ tiêu")?,
            strict: true,
        },
        "improve" => Goal::ImproveBy {
            min: figure(value, "Giá trị chỉ tiêu")?,
            max: match field(form, "target_max") {
                "" => None,
                m => Some(figure(m, "Giá trị tối đa")?),
            },
        },
        "reference" => Goal::Reference {
            label: match field(form, "target_label") {
                "" => "mức trung bình cả nước".into(),
                l => l.to_owned(),
            },
            value: Figure::parse(value),
            strict: true,
        },
        _ => Goal::Reach {
            value: figure(value, "Giá trị chỉ tiêu")?,
            strict: false,
        },
    };
    Ok(Some(Target {
        period: period(p)?,
        goal,
    }))
}

/// The secretariat creates an indicator (by hand, or from a target found
/// in a directive at review).
pub async fn create(
    State(state): State<AppState>,
    v: Viewer,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    require_decider(&v)?;
    let agency: i64 = field(&form, "agency")
        .parse()
        .map_err(|_| AppError::BadRequest("Chưa chọn cơ quan chủ trì chỉ tiêu.".into()))?;
    let unit = IndicatorUnit::from_code(field(&form, "unit")).unwrap_or(IndicatorUnit::Other);
    let direction =
        Direction::from_code(field(&form, "direction")).unwrap_or(if unit == IndicatorUnit::Rank {
            Direction::LowerIsBetter
        } else {
            Direction::HigherIsBetter
        });
    let frequency = Frequency::from_code(field(&form, "frequency")).unwrap_or(Frequency::Year);
    let baseline = match field(&form, "baseline") {
        "" => None,
        b => Some(Baseline {
            value: figure(b, "Giá trị cơ sở")?,
            year: field(&form, "baseline_year").parse().map_err(|_| {
                AppError::BadRequest("Giá trị cơ sở cần năm cơ sở (vd: 2025).".into())
            })?,
        }),
    };
    let directive: Option<i64> = field(&form, "directive").parse().ok();
    let targets: Vec<Target> = target_of(&form)?.into_iter().collect();
    let id = state
        .store
        .create_indicator(NewIndicator {
            code: field(&form, "code"),
            name: field(&form, "name"),
            agency_id: agency,
            unit,
            direction,
            baseline,
            source: field(&form, "source"),
            frequency,
            directive_id: directive,
            targets: &targets,
            by: v.actor(),
        })
        .await?;
    match super::local_path(field(&form, "back")) {
        Some(back) if back.starts_with("/van-ban/") => Ok(Redirect::to(back).into_response()),
        _ => Ok(Redirect::to(&format!("/chi-tieu/{id}")).into_response()),
    }
}

pub struct TargetLine {
    pub period: String,
    pub words: String,
}

pub struct ValueLine {
    pub id: i64,
    pub period: String,
    pub value: String,
    pub document: String,
    pub file: Option<String>,
    pub by: String,
    pub at: String,
}

pub struct ExplanationView {
    pub id: i64,
    pub question: String,
    pub answer_by: String,
    pub requested_by: String,
    pub answer: Option<String>,
    pub answered_by: String,
}

#[derive(Template)]
#[template(path = "indicator.html")]
struct IndicatorPage {
    nav: Nav,
    id: i64,
    code: String,
    name: String,
    agency: String,
    unit: String,
    direction: String,
    frequency: String,
    baseline: String,
    source: String,
    directive_id: Option<i64>,
    status: &'static str,
    status_class: &'static str,
    explanation: String,
    trajectory: String,
    targets: Vec<TargetLine>,
    values: Vec<ValueLine>,
    explanations: Vec<ExplanationView>,
    audit: Vec<super::AuditLine>,
    can_enter: bool,
    can_answer: bool,
    can_decide: bool,
    next_period: String,
    answer_by: String,
}

async fn readable_indicator(state: &AppState, v: &Viewer, id: i64) -> AppResult<i64> {
    let owner = state.store.indicator_owner(id).await?;
    if access::can_read_owned(v.role(), owner) {
        Ok(owner)
    } else {
        Err(AppError::forbidden())
    }
}

pub async fn page(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let owner = readable_indicator(&state, &v, id).await?;
    let s = state.store.indicator(id).await?;
    let a = s.assess(&AssessConfig::default());
    let ind = &s.indicator;
    let mut targets: Vec<&Target> = ind.targets.iter().collect();
    targets.sort_by_key(|t| t.period);
    let values = s
        .values
        .iter()
        .rev()
        .map(|x| {
            let e = x.observation.evidence.clone().unwrap_or_default();
            ValueLine {
                id: x.id,
                period: x.observation.period.label_vi(),
                value: ind.unit.show(x.observation.value, true),
                document: match e.date {
                    Some(d) => format!("{} ngày {}", e.document_number, fmt::date(Some(d))),
                    None => e.document_number.clone(),
                },
                file: x.has_file.then(|| e.file_name.clone().unwrap_or_default()),
                by: x.recorded_by.clone(),
                at: fmt::timestamp(&x.recorded_at),
            }
        })
        .collect();
    let explanations = state
        .store
        .indicator_explanations(Some(id), None)
        .await?
        .into_iter()
        .map(|e| ExplanationView {
            id: e.id,
            question: e.question,
            answer_by: fmt::parse_date(&e.answer_by)
                .map(|d| fmt::date(Some(d)))
                .unwrap_or(e.answer_by),
            requested_by: e.requested_by,
            answer: e.answer,
            answered_by: e.answered_by.unwrap_or_default(),
        })
        .collect();
    let audit = super::audit_lines(&state, "indicator", id).await?;
    let today = state.today();
    let officer_of_owner =
        matches!(v.role(), dondoc_domain::access::Role::Officer { agency } if agency == owner);
    Ok(render(&IndicatorPage {
        nav: Nav::new(&v, "indicators"),
        id,
        code: ind.code.clone(),
        name: ind.name.clone(),
        agency: s.agency.clone(),
        unit: ind.unit.label_vi().to_owned(),
        direction: ind.direction.label_vi().to_owned(),
        frequency: s.frequency.label_vi().to_owned(),
        baseline: ind
            .baseline
            .map(|b| format!("{} (năm {})", ind.unit.show(b.value, false), b.year))
            .unwrap_or_else(|| "—".into()),
        source: ind.source.clone(),
        directive_id: s.directive_id,
        status: a.status.label_vi(),
        status_class: status_class(a.status),
        explanation: a.explanation_vi.clone(),
        trajectory: match (a.trajectory, a.period) {
            (Some(t), Some(p)) => format!(
                "Lộ trình đến cuối {}: {}",
                p.label_vi(),
                ind.unit.show(t, true)
            ),
            _ => String::new(),
        },
        targets: targets
            .into_iter()
            .map(|t| TargetLine {
                period: t.period.label_vi(),
                words: goal_words(ind.unit, ind.direction, &t.goal),
            })
            .collect(),
        values,
        explanations,
        audit,
        can_enter: access::can_enter_owned(v.role(), owner),
        can_answer: officer_of_owner || access::can_decide(v.role()),
        can_decide: access::can_decide(v.role()),
        next_period: s.frequency.last_ended(today).label_vi(),
        answer_by: fmt::date(Some(today + chrono::Duration::days(7))),
    })?
    .into_response())
}

/// An indicator's value with its evidence (multipart: CSRF checked first).
pub async fn record_value(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    form: Multipart,
) -> AppResult<Response> {
    let mut parts = crate::multipart::read(&v, form, &["file"], state.settings.upload_mb()).await?;
    let file = parts
        .take_file("file")
        .filter(|f| !f.bytes.is_empty())
        .map(|f| (f.name, f.bytes));
    let fields = parts.fields();
    let owner = readable_indicator(&state, &v, id).await?;
    if !access::can_enter_owned(v.role(), owner) {
        return Err(AppError::Forbidden(
            "Chỉ cơ quan chủ trì chỉ tiêu (hoặc Văn phòng thường trực) được cập nhật số liệu."
                .into(),
        ));
    }
    let p = period(field(fields, "period"))?;
    let value = figure(field(fields, "value"), "Giá trị")?;
    let date = match field(fields, "document_date") {
        "" => None,
        d => Some(fmt::parse_date(d).ok_or_else(|| {
            AppError::BadRequest(format!("Ngày văn bản không hợp lệ: “{d}” (dd/mm/yyyy)"))
        })?),
    };
    state
        .store
        .record_value(NewValue {
            indicator_id: id,
            period: p,
            value,
            document_number: field(fields, "document_number"),
            document_date: date,
            file,
            by: v.actor(),
        })
        .await?;
    Ok(Redirect::to(&format!("/chi-tieu/{id}")).into_response())
}

pub async fn add_target(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    require_decider(&v)?;
    let Some(t) = target_of(&form)? else {
        return Err(AppError::BadRequest("Chưa nhập kỳ của chỉ tiêu.".into()));
    };
    state.store.add_target(id, &t, v.actor()).await?;
    Ok(Redirect::to(&format!("/chi-tieu/{id}")).into_response())
}

pub async fn request_explanation(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    require_decider(&v)?;
    let by = fmt::parse_date(field(&form, "answer_by"))
        .ok_or_else(|| AppError::BadRequest("Hạn trả lời không hợp lệ (dd/mm/yyyy).".into()))?;
    state
        .store
        .request_indicator_explanation(id, field(&form, "question"), by, v.actor())
        .await?;
    Ok(Redirect::to(&format!("/chi-tieu/{id}")).into_response())
}

pub async fn answer_explanation(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let agency = state.store.indicator_explanation_agency(id).await?;
    let allowed = match v.role() {
        dondoc_domain::access::Role::Officer { agency: own } => own == agency,
        r => access::can_decide(r),
    };
    if !allowed {
        return Err(AppError::forbidden());
    }
    let indicator = state
        .store
        .answer_indicator_explanation(id, field(&form, "answer"), v.actor())
        .await?;
    Ok(Redirect::to(&format!("/chi-tieu/{indicator}")).into_response())
}

/// The secretariat has read an answer on an indicator (from its queue).
pub async fn review_explanation(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    require_decider(&v)?;
    state
        .store
        .review_indicator_explanation(id, v.actor())
        .await?;
    Ok(crate::flash::redirect(
        "/viec-cho",
        "Đã đánh dấu giải trình về chỉ tiêu là đã xem.",
    ))
}

pub async fn evidence(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    // Access first: the file is read only for a viewer of its indicator.
    let indicator = state.store.indicator_of_value(id).await?;
    readable_indicator(&state, &v, indicator).await?;
    let (_, name, bytes) = state.store.indicator_file(id).await?;
    Ok(super::attachment(&name, bytes))
}

#[derive(Deserialize, Default)]
pub struct TableQuery {
    #[serde(default)]
    period: String,
}

/// The committee's indicator table for a period (`?period=2026`, `Quý II/2026`).
pub async fn table_xlsx(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<TableQuery>,
) -> AppResult<Response> {
    let p = match q.period.trim() {
        "" => Period::Year(crate::money::current_year(&state)),
        t => period(t)?,
    };
    let scope = crate::ioc::scope_of(&state, &v);
    let data = crate::money::indicators(&state, scope, v.user.id).await?;
    let list: Vec<_> = data.list.iter().map(|(i, _)| i.clone()).collect();
    let table = dondoc_store::indicator_table_rows(&list, p, &AssessConfig::default());
    let today = state.today();
    let label = p.label_vi();
    let bytes = tokio::task::spawn_blocking(move || {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let sheet = wb.add_worksheet();
        sheet.set_name("Chỉ tiêu")?;
        crate::ioc::indicator_sheet(sheet, &table, &label, &today.format("%d/%m/%Y").to_string())?;
        wb.save_to_buffer()
    })
    .await
    .map_err(|e| AppError::Internal(format!("xlsx: {e}")))?
    .map_err(|e| AppError::Internal(format!("xlsx: {e}")))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"chi-tieu-{}.xlsx\"", p.code()),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// A target found in a directive's task, offered as an indicator at review.
pub struct TargetOffer {
    pub task_id: i64,
    /// The words the target was read from: "đạt trên 80%".
    pub words: String,
    pub name: String,
    pub code: String,
    pub agency_id: String,
    pub unit: &'static str,
    pub unit_label: &'static str,
    pub direction: &'static str,
    pub period: String,
    pub kind: &'static str,
    pub value: String,
    pub value_max: String,
    /// An indicator of the same name was already made from this directive.
    pub exists: bool,
}

/// The targets stated in a directive's tasks (`indicator::parse_targets`),
/// each offered as an indicator with its fields filled in.
pub async fn offers(
    state: &AppState,
    directive: i64,
    tasks: &[dondoc_store::ReviewTask],
    year: i32,
) -> AppResult<Vec<TargetOffer>> {
    use dondoc_domain::indicator::{Comparator, parse_targets};
    let made: Vec<String> = state
        .store
        .indicators(&dondoc_store::IndicatorFilter {
            directive: Some(directive),
            ..dondoc_store::IndicatorFilter::default()
        })
        .await?
        .into_iter()
        .map(|i| dondoc_extract::text::fold(&i.indicator.name))
        .collect();
    let mut out = Vec::new();
    for t in tasks {
        for pt in parse_targets(&t.text) {
            if pt.goal().is_none() {
                continue;
            }
            let name = match pt.name.trim() {
                "" => pt.words.clone(),
                n => {
                    let mut c = n.chars();
                    c.next()
                        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                        .unwrap_or_default()
                }
            };
            let kind = match pt.comparator {
                Comparator::AtLeast | Comparator::AtMost | Comparator::Top => "reach",
                Comparator::MoreThan | Comparator::LessThan => "above",
                Comparator::IncreaseBy | Comparator::DecreaseBy => "improve",
                Comparator::AboveReference | Comparator::BelowReference => "reference",
            };
            let agency_id = t
                .lead
                .first()
                .map(|(id, _)| id.to_string())
                .unwrap_or_default();
            out.push(TargetOffer {
                task_id: t.id,
                exists: made.contains(&dondoc_extract::text::fold(&name)),
                words: pt.words.clone(),
                code: format!("VB{directive}-{}", out.len() + 1),
                agency_id,
                unit: pt.unit.code(),
                unit_label: pt.unit.label_vi(),
                direction: pt.direction().code(),
                period: pt.year.unwrap_or(year).to_string(),
                kind,
                value: pt.value.map(|v| v.format_trimmed(4)).unwrap_or_default(),
                value_max: pt
                    .value_max
                    .map(|v| v.format_trimmed(4))
                    .unwrap_or_default(),
                name,
            });
        }
    }
    Ok(out)
}
