//! The status rule of `dondoc_domain::status::derive`, as an SQL expression
//! for queries over many tasks. `tests/store.rs` holds the two equal.

use chrono::{Duration, NaiveDate};

/// The same rule as an SQL expression over a `tasks` row aliased `t`. The
/// dates are inlined from `NaiveDate` values (never from user text).
pub fn status_sql(today: NaiveDate, due_soon_days: u32) -> String {
    let soon = today + Duration::days(i64::from(due_soon_days));
    format!(
        "(CASE WHEN t.cancelled = 1 THEN 'cancelled' \
         WHEN t.paused = 1 THEN 'paused' \
         WHEN t.completed_on IS NOT NULL AND t.due_effective IS NOT NULL AND t.completed_on > t.due_effective THEN 'completed_late' \
         WHEN t.completed_on IS NOT NULL THEN 'completed_on_time' \
         WHEN t.due_effective IS NOT NULL AND t.due_effective < '{today}' THEN 'overdue' \
         WHEN t.due_effective IS NOT NULL AND t.due_effective <= '{soon}' THEN 'due_soon' \
         WHEN t.last_update_on IS NOT NULL THEN 'in_progress' \
         ELSE 'not_yet_due' END)",
        today = today.format("%Y-%m-%d"),
        soon = soon.format("%Y-%m-%d"),
    )
}
