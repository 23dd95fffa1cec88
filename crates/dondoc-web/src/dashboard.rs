//! The dashboard's figures, computed in a few queries and kept in a
//! [`ReadCache`](crate::cache::ReadCache): wall screens and leaders poll it.
//! A write shows at once to its writer and within seconds to others (see
//! `cache.rs`); writes by other processes within `dashboard_cache_seconds`.

use crate::state::AppState;
use chrono::{Duration, NaiveDate};
use dondoc_domain::status::{Status, on_time_rate};
use dondoc_store::{Sort, StoreError, TaskFilter, TaskRow};
use std::collections::HashMap;
use std::sync::Arc;

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

/// The dashboard of `scope` as `user` may see it (cached).
pub async fn get(
    state: &AppState,
    scope: Scope,
    user: i64,
) -> Result<Arc<DashboardData>, StoreError> {
    let fresh = state.generations.freshness(user);
    state
        .dashboards
        .get((scope, state.today()), fresh, || compute(state, scope))
        .await
}
