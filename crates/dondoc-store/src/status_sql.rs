//! The status rule of `dondoc_domain::status::derive`, as an SQL expression
//! for queries over many tasks. `tests/store.rs` holds the two equal.

use chrono::{Duration, NaiveDate};
use dondoc_domain::access::Part;

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

/// `Facts::is_open` over a `tasks` row aliased `t`: not completed, paused or
/// cancelled.
pub const OPEN_SQL: &str = "(t.completed_on IS NULL AND t.paused = 0 AND t.cancelled = 0)";

/// `Facts::is_overdue` over `t`, with `today` an SQL expression (a bound
/// parameter or an inlined date).
pub fn overdue_sql(today: &str) -> String {
    format!("({OPEN_SQL} AND t.due_effective IS NOT NULL AND t.due_effective < {today})")
}

/// `dondoc_domain::escalation::flagged` over a count expression: 1 when the
/// count reaches `flag_after`, never when it is 0.
pub fn flag_sql(count: &str, flag_after: u32) -> String {
    if flag_after == 0 {
        "0".to_owned()
    } else {
        format!("(CASE WHEN {count} >= {flag_after} THEN 1 ELSE 0 END)")
    }
}

/// `dondoc_domain::access::Part::holds` as a condition on a task `t`: the
/// tasks of `agency` (an SQL expression, usually a bound parameter) in
/// `part` — assignments to the agency itself or to a group it belongs to.
pub fn reach_sql(agency: &str, part: Part) -> String {
    // The agency and its groups as one set: PostgreSQL's planner then sees
    // how few assignments they have and starts from them (an `OR` with a
    // subquery made it scan every open task: 860 ms instead of 5 ms on the
    // national data set).
    let assigned = |roles: &[&str]| {
        let roles: Vec<String> = roles.iter().map(|r| format!("'{r}'")).collect();
        format!(
            "t.id IN (SELECT task_id FROM task_agencies WHERE role IN ({}) AND agency_id IN \
             (SELECT {agency} UNION SELECT group_id FROM agency_groups WHERE member_id = {agency}))",
            roles.join(", ")
        )
    };
    match part {
        Part::All | Part::Answers => assigned(part.roles()),
        Part::Supports => format!(
            "({} AND NOT {})",
            assigned(Part::Supports.roles()),
            assigned(Part::Answers.roles())
        ),
    }
}

/// The (agency_id, task_id) pairs of `Part::Answers` for the agencies of the
/// subquery `agencies`: the tasks each leads itself or through a group it
/// belongs to. Group addressees themselves are left out (their members
/// answer). For per-agency figures: the dashboard's table, the escalation.
pub fn answers_pairs(agencies: &str) -> String {
    format!(
        "(SELECT ta.agency_id, ta.task_id FROM task_agencies ta \
         WHERE ta.role = 'lead' AND ta.agency_id IN {agencies} \
         AND ta.agency_id NOT IN (SELECT group_id FROM agency_groups) \
         UNION SELECT g.member_id, ta.task_id FROM task_agencies ta \
         JOIN agency_groups g ON g.group_id = ta.agency_id \
         WHERE ta.role = 'lead' AND g.member_id IN {agencies})"
    )
}
