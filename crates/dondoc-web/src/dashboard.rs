//! The dashboard's figures, computed in a few queries and kept for a short
//! while: wall screens and leaders poll it, while writes are rare. Any write
//! through the app (a POST) starts a new generation, so a change shows at
//! once; writes by other processes show within `dashboard_cache_seconds`.

use crate::state::AppState;
use chrono::{Duration, NaiveDate};
use dondoc_domain::status::{Status, on_time_rate};
use dondoc_store::{Sort, StoreError, TaskFilter, TaskRow};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration as StdDuration, Instant};

/// Whose tasks a dashboard counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Every agency under the configured root (or all).
    Province(Option<i64>),
    /// The tasks one agency leads (an officer's own dashboard).
    Agency(i64),
}

impl Scope {
    pub fn filter(self) -> TaskFilter {
        match self {
            Scope::Province(root) => TaskFilter {
                scope: root,
                ..TaskFilter::default()
            },
            Scope::Agency(a) => TaskFilter {
                agency: Some(a),
                ..TaskFilter::default()
            },
        }
    }
}

#[derive(Debug, Clone)]
pub struct AgencyFigures {
    pub id: i64,
    pub name: String,
    pub overdue: i64,
    pub total: i64,
    pub on_time: Option<f64>,
    pub judged: i64,
    pub done_on_time: i64,
    pub done_late: i64,
}

#[derive(Debug, Clone)]
pub struct DashboardData {
    pub today: NaiveDate,
    pub counts: HashMap<Status, i64>,
    pub total: i64,
    pub due_7: i64,
    pub due_30: i64,
    pub agencies: Vec<AgencyFigures>,
    pub recent: Vec<TaskRow>,
}

impl DashboardData {
    pub fn count(&self, s: Status) -> i64 {
        self.counts.get(&s).copied().unwrap_or(0)
    }
}

pub async fn compute(state: &AppState, scope: Scope) -> Result<DashboardData, StoreError> {
    let today = state.today();
    let soon = state.soon();
    let store = &state.store;
    let base = scope.filter();
    let counts = store.status_counts(&base, today, soon).await?;
    let total = counts.values().sum();
    let window = |days: i64| TaskFilter {
        open_only: true,
        due_from: Some(today),
        due_to: Some(today + Duration::days(days)),
        ..base.clone()
    };
    let due_7 = store.count_tasks(&window(7), today, soon).await?;
    let due_30 = store.count_tasks(&window(30), today, soon).await?;
    let recent = store
        .tasks(
            &TaskFilter {
                completed_from: Some(today - Duration::days(30)),
                sort: Sort::Completed,
                limit: 8,
                ..base.clone()
            },
            today,
            soon,
        )
        .await?;
    let root = match scope {
        Scope::Province(r) => r,
        Scope::Agency(a) => Some(a),
    };
    let summary = store.summary(root, today, soon).await?;
    let agencies = summary
        .by_agency
        .into_iter()
        .filter(|r| !matches!(scope, Scope::Agency(a) if a != r.agency_id))
        .map(|r| {
            let c = |s: Status| r.counts.get(&s).copied().unwrap_or(0);
            AgencyFigures {
                id: r.agency_id,
                overdue: c(Status::Overdue),
                total: r.counts.values().sum(),
                on_time: on_time_rate(c),
                judged: c(Status::CompletedOnTime) + c(Status::CompletedLate) + c(Status::Overdue),
                done_on_time: c(Status::CompletedOnTime),
                done_late: c(Status::CompletedLate),
                name: r.agency,
            }
        })
        .collect();
    Ok(DashboardData {
        today,
        counts,
        total,
        due_7,
        due_30,
        agencies,
        recent,
    })
}

type Entry = (Instant, u64, NaiveDate, Arc<DashboardData>);

pub struct DashboardCache {
    ttl: StdDuration,
    generation: AtomicU64,
    entries: Mutex<HashMap<Scope, Entry>>,
    /// One computation at a time: when the cache is cold, the wall screens
    /// and leaders arriving together wait for one query instead of each
    /// starting their own.
    computing: tokio::sync::Mutex<()>,
}

impl DashboardCache {
    pub fn new(seconds: u64) -> Self {
        DashboardCache {
            ttl: StdDuration::from_secs(seconds),
            generation: AtomicU64::new(0),
            entries: Mutex::new(HashMap::new()),
            computing: tokio::sync::Mutex::new(()),
        }
    }

    fn fresh(&self, state: &AppState, scope: Scope) -> Option<Arc<DashboardData>> {
        let generation = self.generation.load(Ordering::SeqCst);
        let map = self.entries.lock().ok()?;
        let (at, g, day, data) = map.get(&scope)?;
        (*g == generation && *day == state.today() && at.elapsed() < self.ttl).then(|| data.clone())
    }

    /// Changes with every write through the app.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Something was written: every cached dashboard is stale.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    pub async fn get(
        &self,
        state: &AppState,
        scope: Scope,
    ) -> Result<Arc<DashboardData>, StoreError> {
        if self.ttl.is_zero() {
            return Ok(Arc::new(compute(state, scope).await?));
        }
        if let Some(hit) = self.fresh(state, scope) {
            return Ok(hit);
        }
        let _one = self.computing.lock().await;
        if let Some(hit) = self.fresh(state, scope) {
            return Ok(hit);
        }
        let generation = self.generation.load(Ordering::SeqCst);
        let today = state.today();
        let data = Arc::new(compute(state, scope).await?);
        if !self.ttl.is_zero()
            && let Ok(mut map) = self.entries.lock()
        {
            if map.len() > 1000 {
                map.clear();
            }
            map.insert(scope, (Instant::now(), generation, today, data.clone()));
        }
        Ok(data)
    }
}
