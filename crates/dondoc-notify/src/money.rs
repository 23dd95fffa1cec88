//! Money and targets in the daily digest: the projects behind their
//! disbursement plan (the domain's rule, `disbursement::Project::behind_plan`)
//! and the indicators whose value for the last period is due
//! (`indicator::value_due`), each named at most every
//! [`REMIND_EVERY_DAYS`] days.

use chrono::{Datelike, Duration, NaiveDate};
use dondoc_domain::disbursement::BehindPlanRule;
use dondoc_domain::indicator::value_due;
use dondoc_followup::{MoneyItem, MoneyKind};
use dondoc_store::{IndicatorFilter, MoneyItem as Stored, ProjectFilter, Store, StoreError};

/// A project or indicator already named in a digest waits this long before
/// it is named again (a weekly reminder, not a daily one).
pub const REMIND_EVERY_DAYS: i64 = 7;
/// An indicator's value is announced this many days before it is due.
pub const VALUE_NOTICE_DAYS: i64 = 3;

/// One item for an agency's digest: (agency id, agency name, the item, how
/// the store records it).
pub type AgencyMoneyItem = (i64, String, MoneyItem, Stored);

/// Whether an item last named on `last` is named again on `today`: never
/// named, named today (a repeated run shows the same digest), or named at
/// least [`REMIND_EVERY_DAYS`] ago.
fn due_again(last: Option<&NaiveDate>, today: NaiveDate) -> bool {
    last.is_none_or(|d| *d == today || (today - *d).num_days() >= REMIND_EVERY_DAYS)
}

fn dmy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The projects behind plan and the indicators due for a value on `today`.
pub async fn money_items(
    store: &Store,
    today: NaiveDate,
) -> Result<Vec<AgencyMoneyItem>, StoreError> {
    let mut out = Vec::new();
    let rule = BehindPlanRule::default();
    let reminded = store.projects_last_reminded().await?;
    let projects = store
        .projects(&ProjectFilter {
            year: Some(today.year()),
            ..ProjectFilter::default()
        })
        .await?;
    for p in projects {
        // An overflowing sum is skipped here; the project page shows it.
        let Ok(Some(behind)) = p.project.behind_plan(today, &rule) else {
            continue;
        };
        if !due_again(reminded.get(&p.id), today) {
            continue;
        }
        out.push((
            p.agency_id,
            p.agency.clone(),
            MoneyItem {
                kind: MoneyKind::BehindPlan,
                id: p.id,
                title: format!("{} — {}", p.project.code, p.project.name),
                detail: behind.message_vi(),
            },
            Stored::BehindPlan(p.id),
        ));
    }
    let reminded = store.indicators_last_reminded().await?;
    for i in store.indicators(&IndicatorFilter::default()).await? {
        let period = i.frequency.last_ended(today);
        let due = value_due(period);
        // Only indicators still followed: a target at or after the period.
        let followed = i
            .indicator
            .targets
            .iter()
            .any(|t| t.period.end() >= period.end());
        let has_value = i.values.iter().any(|v| v.observation.period == period);
        if !followed || has_value || today < due - Duration::days(VALUE_NOTICE_DAYS) {
            continue;
        }
        if !due_again(reminded.get(&i.id), today) {
            continue;
        }
        let when = match (due - today).num_days() {
            0 => "hạn hôm nay".to_owned(),
            d if d > 0 => format!("còn {d} ngày"),
            d => format!("quá hạn {} ngày", -d),
        };
        out.push((
            i.agency_id,
            i.agency.clone(),
            MoneyItem {
                kind: MoneyKind::ValueDue,
                id: i.id,
                title: format!("{} ({})", i.indicator.name, i.indicator.code),
                detail: format!("Số liệu {}: hạn {} ({when})", period.label_vi(), dmy(due)),
            },
            Stored::ValueDue(i.id),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn items_come_back_weekly() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        let today = d("2026-05-20");
        assert!(super::due_again(None, today));
        assert!(super::due_again(Some(&today), today));
        assert!(!super::due_again(Some(&d("2026-05-19")), today));
        assert!(!super::due_again(Some(&d("2026-05-14")), today));
        assert!(super::due_again(Some(&d("2026-05-13")), today));
    }
}
