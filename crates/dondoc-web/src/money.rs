//! The figures of money and targets, computed once and kept in read caches
//! (see `cache.rs`): the disbursement of a scope's projects for a year (by
//! agency, source and month, the projects behind plan, the S&T spending
//! share) and the indicators with their status. Pages, the dashboard, the
//! IOC wall screen and the IOC feed all read them from here. The rules are
//! the domain's (`disbursement`, `indicator::assess`).
//!
//! Also the import previews: a workbook read and checked, held here (not
//! stored) until the secretariat confirms it.

use crate::cache::ReadCache;
use crate::dashboard::Scope;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use chrono::{Datelike, NaiveDate};
use dondoc_domain::disbursement::{
    BehindPlan, BehindPlanRule, CapitalSource, MonthTotals, Progress, ShareAssessment, Totals,
    science_spending, spending_share, totals, totals_by_agency, totals_by_month, totals_by_source,
};
use dondoc_domain::indicator::{AssessConfig, Assessment};
use dondoc_domain::money::{Dong, MoneyError, Rate};
use dondoc_store::{
    BudgetYear, DEFAULT_REQUIRED_BP, IndicatorFilter, ProjectFilter, ProjectInput, StoredIndicator,
    StoredProject,
};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A project and where it stands.
#[derive(Debug, Clone)]
pub struct ProjectView {
    pub stored: StoredProject,
    pub progress: Progress,
    pub behind: Option<BehindPlan>,
}

/// A scope's disbursement for a year, on a day.
#[derive(Debug, Clone)]
pub struct MoneyData {
    pub today: NaiveDate,
    pub year: i32,
    pub projects: Vec<ProjectView>,
    pub totals: Totals,
    /// (agency id, name, totals), the largest allocation first.
    pub by_agency: Vec<(i64, String, Totals)>,
    pub by_source: Vec<(CapitalSource, Totals)>,
    pub by_month: [MonthTotals; 12],
    /// The year's S&T spending (actuals of S&T projects).
    pub science: Dong,
    pub budget: Option<BudgetYear>,
    pub share: Option<ShareAssessment>,
}

/// A scope's indicators with their status, red first.
#[derive(Debug, Clone, Default)]
pub struct IndicatorsData {
    pub list: Vec<(StoredIndicator, Assessment)>,
}

impl IndicatorsData {
    pub fn count(&self, s: dondoc_domain::indicator::IndicatorStatus) -> usize {
        self.list.iter().filter(|(_, a)| a.status == s).count()
    }
}

/// A workbook read and checked, waiting for its confirmation.
#[derive(Debug)]
pub struct Preview {
    pub user: i64,
    pub at: Instant,
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub rows: Vec<ProjectInput>,
}

/// How long a preview waits for its confirmation.
pub const PREVIEW_TTL: Duration = Duration::from_secs(30 * 60);
const MAX_PREVIEWS: usize = 32;

/// The caches and previews of money and targets (one per app).
pub struct MoneyState {
    pub money: ReadCache<(Scope, i32, NaiveDate), MoneyData>,
    pub indicators: ReadCache<(Scope, NaiveDate), IndicatorsData>,
    /// The disbursement overview's HTML (without session parts), by scope,
    /// year, day and whether the viewer decides.
    pub pages: ReadCache<(Scope, i32, NaiveDate, bool), String>,
    /// The IOC feed's body and ETag, by scope and day.
    pub feeds: ReadCache<(Scope, NaiveDate), crate::ioc::FeedBody>,
    previews: Mutex<HashMap<String, Arc<Preview>>>,
}

impl MoneyState {
    pub fn new(ttl: Duration) -> MoneyState {
        MoneyState {
            money: ReadCache::new(ttl, 128),
            indicators: ReadCache::new(ttl, 128),
            feeds: ReadCache::new(ttl, 64),
            pages: ReadCache::new(ttl, 128),
            previews: Mutex::new(HashMap::new()),
        }
    }

    /// Keeps a preview; returns its token.
    pub fn keep(&self, p: Preview) -> String {
        let token = format!("{}-{}", p.user, sha_prefix(&p.bytes));
        if let Ok(mut map) = self.previews.lock() {
            map.retain(|_, v| v.at.elapsed() < PREVIEW_TTL);
            if map.len() >= MAX_PREVIEWS
                && let Some(oldest) = map.iter().min_by_key(|(_, v)| v.at).map(|(k, _)| k.clone())
            {
                map.remove(&oldest);
            }
            map.insert(token.clone(), Arc::new(p));
        }
        token
    }

    /// The preview `token` of `user`, when still kept.
    pub fn preview(&self, token: &str, user: i64) -> Option<Arc<Preview>> {
        let map = self.previews.lock().ok()?;
        map.get(token)
            .filter(|p| p.user == user && p.at.elapsed() < PREVIEW_TTL)
            .cloned()
    }

    /// Forgets a confirmed preview.
    pub fn forget(&self, token: &str) {
        if let Ok(mut map) = self.previews.lock() {
            map.remove(token);
        }
    }
}

fn sha_prefix(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(bytes);
    d.iter().take(12).map(|b| format!("{b:02x}")).collect()
}

fn money_error(e: MoneyError) -> AppError {
    AppError::Internal(format!("tính số liệu giải ngân: {e}"))
}

/// The projects of a scope.
pub fn project_filter(scope: Scope, year: Option<i32>) -> ProjectFilter {
    match scope {
        Scope::Province(root) => ProjectFilter {
            scope: root,
            year,
            ..ProjectFilter::default()
        },
        Scope::Agency(a) => ProjectFilter {
            agency: Some(a),
            year,
            ..ProjectFilter::default()
        },
    }
}

fn indicator_filter(scope: Scope) -> IndicatorFilter {
    match scope {
        Scope::Province(root) => IndicatorFilter {
            scope: root,
            ..IndicatorFilter::default()
        },
        Scope::Agency(a) => IndicatorFilter {
            agency: Some(a),
            ..IndicatorFilter::default()
        },
    }
}

/// The deployment's key for the year's budget (its root agency, 0 for all).
pub fn budget_scope(state: &AppState) -> i64 {
    state.settings.scope.unwrap_or(0)
}

/// Computes a scope's disbursement for `year` on `today`.
pub async fn compute_money(
    state: &AppState,
    scope: Scope,
    year: i32,
    today: NaiveDate,
) -> AppResult<MoneyData> {
    let stored = state
        .store
        .projects(&project_filter(scope, Some(year)))
        .await?;
    let rule = BehindPlanRule::default();
    let domain: Vec<_> = stored.iter().map(|s| s.project.clone()).collect();
    let totals_all = totals(&domain, year, today, &rule).map_err(money_error)?;
    let names: HashMap<String, (i64, String)> = stored
        .iter()
        .map(|s| (s.agency_id.to_string(), (s.agency_id, s.agency.clone())))
        .collect();
    let mut by_agency: Vec<(i64, String, Totals)> = totals_by_agency(&domain, year, today, &rule)
        .map_err(money_error)?
        .into_iter()
        .filter_map(|(k, t)| names.get(&k).map(|(id, n)| (*id, n.clone(), t)))
        .collect();
    by_agency.sort_by(|a, b| b.2.allocation.cmp(&a.2.allocation).then(a.1.cmp(&b.1)));
    let by_source = totals_by_source(&domain, year, today, &rule)
        .map_err(money_error)?
        .into_iter()
        .collect();
    let by_month = totals_by_month(&domain, year).map_err(money_error)?;
    let science = science_spending(&domain, year).map_err(money_error)?;
    let budget = state.store.budget_year(budget_scope(state), year).await?;
    let share = match budget {
        Some(b) => spending_share(science, b.total, b.required).map_err(money_error)?,
        None => None,
    };
    let mut projects = Vec::with_capacity(stored.len());
    for s in stored {
        let progress = s.project.progress(today).map_err(money_error)?;
        let behind = s.project.behind_plan(today, &rule).map_err(money_error)?;
        projects.push(ProjectView {
            stored: s,
            progress,
            behind,
        });
    }
    Ok(MoneyData {
        today,
        year,
        projects,
        totals: totals_all,
        by_agency,
        by_source,
        by_month,
        science,
        budget,
        share,
    })
}

/// A scope's disbursement for `year`, as `user` may see it (cached).
pub async fn money(
    state: &AppState,
    scope: Scope,
    year: i32,
    user: i64,
) -> AppResult<Arc<MoneyData>> {
    let today = state.today();
    let fresh = state.generations.freshness(user);
    state
        .money
        .money
        .get((scope, year, today), fresh, || {
            compute_money(state, scope, year, today)
        })
        .await
}

/// A scope's indicators with their status, red first (cached).
pub async fn indicators(
    state: &AppState,
    scope: Scope,
    user: i64,
) -> AppResult<Arc<IndicatorsData>> {
    let today = state.today();
    let fresh = state.generations.freshness(user);
    state
        .money
        .indicators
        .get((scope, today), fresh, || async move {
            let list = state.store.indicators(&indicator_filter(scope)).await?;
            let config = AssessConfig::default();
            let mut list: Vec<(StoredIndicator, Assessment)> = list
                .into_iter()
                .map(|i| {
                    let a = i.assess(&config);
                    (i, a)
                })
                .collect();
            list.sort_by(|a, b| {
                a.1.status
                    .cmp(&b.1.status)
                    .then(a.0.agency.cmp(&b.0.agency))
                    .then(a.0.indicator.code.cmp(&b.0.indicator.code))
            });
            Ok::<_, AppError>(IndicatorsData { list })
        })
        .await
}

/// The year figures are shown for by default: the province's current year.
pub fn current_year(state: &AppState) -> i32 {
    state.today().year()
}

/// A rate as "62,0 %", or "—".
pub fn rate(r: Option<Rate>) -> String {
    r.map(|r| r.format_percent(1)).unwrap_or_else(|| "—".into())
}

/// The CSS class of a rate against the plan: green from 90 %, orange from
/// 70 %, red below; grey without a plan yet.
pub fn rate_class(r: Option<Rate>) -> &'static str {
    match r {
        None => "grey",
        Some(r) if r >= Rate::from_percent(90) => "green",
        Some(r) if r >= Rate::from_percent(70) => "orange",
        Some(_) => "red",
    }
}

/// The required S&T share when the year has no budget set.
pub fn default_required() -> Rate {
    Rate::from_basis_points(DEFAULT_REQUIRED_BP)
}

/// The agency a workbook names as a project's owner: by its name (or folded
/// name), else through the registry's aliases ("Sở KH&CN", "VP UBND tỉnh").
pub async fn resolve_owner(
    store: &dondoc_store::Store,
    registry: &dondoc_extract::Registry,
    name: &str,
) -> Result<Option<i64>, dondoc_store::StoreError> {
    if let Some(a) = store.agency_by_name(name).await? {
        return Ok(Some(a.id));
    }
    match registry
        .lookup(name)
        .and_then(|i| registry.get(i))
        .map(|a| a.name.clone())
    {
        Some(canonical) => Ok(store.agency_by_name(&canonical).await?.map(|a| a.id)),
        None => Ok(None),
    }
}

/// The demonstration's money and targets (`dondoc serve --demo`): the
/// sample finance workbook imported, and three indicators with targets and
/// quarterly values. Does nothing when projects exist.
pub async fn seed_demo(
    store: &dondoc_store::Store,
    registry: &dondoc_extract::Registry,
    today: NaiveDate,
) -> anyhow::Result<()> {
    use dondoc_domain::indicator::{
        Baseline, Direction, Figure, Frequency, Goal, IndicatorUnit, Period, Target,
    };
    if !store.projects(&ProjectFilter::default()).await?.is_empty() {
        return Ok(());
    }
    const WORKBOOK: &[u8] = include_bytes!("../../dondoc-read/test_data/disbursement_good.xlsx");
    let read = dondoc_read::sheet::read_disbursements(WORKBOOK, &Default::default())?;
    let mut rows = Vec::new();
    for row in read.rows {
        if let Some(agency_id) = resolve_owner(store, registry, &row.owner).await? {
            rows.push(ProjectInput {
                agency_id,
                project: row.into_project(agency_id.to_string()),
            });
        }
    }
    store
        .import_disbursements(dondoc_store::DisbursementBatch {
            file_name: "ke-hoach-giai-ngan-2026.xlsx",
            bytes: WORKBOOK,
            rows: &rows,
            by: "demo",
        })
        .await?;
    let Some(owner) = resolve_owner(store, registry, "Sở Khoa học và Công nghệ").await?
    else {
        return Ok(());
    };
    let year = today.year();
    let f = Figure::from_int;
    // (code, name, unit, direction, baseline, the year's goal, quarterly values)
    type DemoIndicator<'a> = (
        &'a str,
        &'a str,
        IndicatorUnit,
        Direction,
        i64,
        Goal,
        [i64; 4],
    );
    let demo: [DemoIndicator; 3] = [
        (
            "DVC-TT",
            "Tỷ lệ hồ sơ trực tuyến toàn trình",
            IndicatorUnit::Percent,
            Direction::HigherIsBetter,
            40,
            Goal::Reach {
                value: f(80),
                strict: false,
            },
            [52, 58, 66, 0],
        ),
        (
            "DTI",
            "Xếp hạng Chỉ số chuyển đổi số cấp tỉnh (DTI)",
            IndicatorUnit::Rank,
            Direction::LowerIsBetter,
            18,
            Goal::Reach {
                value: f(10),
                strict: false,
            },
            [17, 17, 16, 0],
        ),
        (
            "KTS-GRDP",
            "Tỷ trọng kinh tế số trong GRDP",
            IndicatorUnit::Percent,
            Direction::HigherIsBetter,
            12,
            Goal::Reach {
                value: f(20),
                strict: false,
            },
            [13, 15, 17, 0],
        ),
    ];
    for (code, name, unit, direction, base, goal, values) in demo {
        let id = store
            .create_indicator(dondoc_store::NewIndicator {
                code,
                name,
                agency_id: owner,
                unit,
                direction,
                baseline: Some(Baseline {
                    value: f(base),
                    year: year - 1,
                }),
                source: "Báo cáo của Sở Khoa học và Công nghệ",
                frequency: Frequency::Quarter,
                directive_id: None,
                targets: &[Target {
                    period: Period::Year(year),
                    goal,
                }],
                by: "demo",
            })
            .await?;
        for (q, v) in values.into_iter().enumerate() {
            let period = Period::Quarter(year, q as u8 + 1);
            if v == 0 || period.end() >= today {
                continue;
            }
            store
                .record_value(dondoc_store::NewValue {
                    indicator_id: id,
                    period,
                    value: f(v),
                    document_number: &format!("{}/BC-SKHCN", 10 + q),
                    document_date: Some(period.end() + chrono::Duration::days(10)),
                    file: None,
                    by: "demo",
                })
                .await?;
        }
    }
    Ok(())
}
