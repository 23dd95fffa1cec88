//! The daily run: which tasks bring a reminder today (the policy's days
//! before and after each deadline), which recurring duties fall due, one
//! digest per agency, stored idempotently with its deliveries.

use chrono::{Duration, NaiveDate};
use dondoc_domain::recurrence::occurrences;
use dondoc_followup::{
    Digest, DigestInput, DigestItem, DutyItem, MoneyItem, ReminderKind, ReminderPolicy, digest,
    period_label, webhook_json,
};
use dondoc_store::{MoneyItem as StoredMoneyItem, NewReminder, Store, StoreError};
use std::collections::BTreeMap;

/// How far back an overdue task keeps being reminded (ten years).
const HORIZON_DAYS: i64 = 3653;
/// A recurring duty is announced this many days before its report is due.
const DUTY_NOTICE_DAYS: i64 = 3;

#[derive(Debug, Default)]
pub struct RunReport {
    pub date: Option<NaiveDate>,
    /// Agencies with a digest today.
    pub agencies: usize,
    pub tasks: usize,
    pub duties: usize,
    /// Periodic reports reminded (not filed or returned).
    pub reports: usize,
    /// Report rounds opened today by recurring duties.
    pub rounds_opened: usize,
    /// Projects behind plan and indicators due for a value named today.
    pub money: usize,
    /// Digests newly stored (0 when the day was already run).
    pub stored: usize,
    /// Deliveries queued with them (0 on a dry run).
    pub deliveries: usize,
    /// The digests (kept for --dry-run and tests).
    pub digests: Vec<(String, Digest)>,
}

/// The deadlines that bring a reminder on `today`.
pub fn reminder_dates(policy: &ReminderPolicy, today: NaiveDate) -> Vec<NaiveDate> {
    let ahead = i64::from(policy.before_days.iter().copied().max().unwrap_or(0));
    (-HORIZON_DAYS..=ahead)
        .map(|d| today + Duration::days(d))
        .filter(|due| policy.kind_on(*due, today).is_some())
        .collect()
}

fn kind_code(k: ReminderKind) -> &'static str {
    match k {
        ReminderKind::DueIn(_) => "due_in",
        ReminderKind::DueToday => "due_today",
        ReminderKind::Overdue(_) => "overdue",
    }
}

/// The day's work: recurring report duties open their round ("hằng tháng
/// báo cáo …", due on the committee's day, the criteria set's
/// `reports.due_day`), then today's digests are computed and, unless
/// `dry_run`, stored with their deliveries.
pub async fn daily_run(
    store: &Store,
    policy: &ReminderPolicy,
    today: NaiveDate,
    base_url: &str,
    dry_run: bool,
) -> Result<RunReport, StoreError> {
    let mut rounds_opened = 0;
    if !dry_run {
        let due_day = store.criteria_in_force().await?.reports.due_day;
        rounds_opened = store
            .open_rounds_from_duties(today, due_day, None)
            .await?
            .len();
    }
    let mut report = remind(store, policy, today, base_url, dry_run).await?;
    report.rounds_opened = rounds_opened;
    Ok(report)
}

/// Today's digests alone (no round opened): what `daily_run` sends.
pub async fn remind(
    store: &Store,
    policy: &ReminderPolicy,
    today: NaiveDate,
    base_url: &str,
    dry_run: bool,
) -> Result<RunReport, StoreError> {
    let mut report = RunReport {
        date: Some(today),
        ..RunReport::default()
    };
    let dates = reminder_dates(policy, today);
    let due = store.tasks_due_on(&dates).await?;
    struct Acc {
        name: String,
        items: Vec<DigestItem>,
        duties: Vec<DutyItem>,
        /// (report id, kind code, days)
        reports: Vec<(i64, String, i64)>,
        money: Vec<(MoneyItem, StoredMoneyItem)>,
    }
    let mut by_agency: BTreeMap<i64, Acc> = BTreeMap::new();
    for t in due {
        let Some(kind) = policy.kind_on(t.due, today) else {
            continue;
        };
        report.tasks += 1;
        by_agency
            .entry(t.agency_id)
            .or_insert_with(|| Acc {
                name: t.agency.clone(),
                items: Vec::new(),
                duties: Vec::new(),
                reports: Vec::new(),
                money: Vec::new(),
            })
            .items
            .push(DigestItem {
                task_id: t.task_id,
                text: t.text,
                directive_number: t.directive_number,
                due: Some(t.due),
                kind,
                reminders_so_far: u32::try_from(t.reminders_so_far).unwrap_or(u32::MAX),
            });
    }
    // Recurring duties whose report falls due within the notice days.
    let notice_until = today + Duration::days(DUTY_NOTICE_DAYS);
    for r in store.open_recurring().await? {
        // Ongoing duties have no periods: nothing falls due.
        for o in occurrences(r.recurrence, None, today, notice_until) {
            // Announced once: on the notice day (or on the day for short rhythms).
            if o.due - Duration::days(DUTY_NOTICE_DAYS) != today {
                continue;
            }
            report.duties += 1;
            by_agency
                .entry(r.agency_id)
                .or_insert_with(|| Acc {
                    name: r.agency.clone(),
                    items: Vec::new(),
                    duties: Vec::new(),
                    reports: Vec::new(),
                    money: Vec::new(),
                })
                .duties
                .push(DutyItem {
                    task_id: r.task_id,
                    text: r.text.clone(),
                    period: period_label(r.recurrence, &o),
                    due: o.due,
                    link: None,
                });
        }
    }
    // Periodic reports not filed (or returned), on the policy's days before
    // and after their due day: the same digest, linking to the report form.
    for r in store.reports_due().await? {
        let Some(kind) = policy.kind_on(r.due, today) else {
            continue;
        };
        report.reports += 1;
        let state = match r.state {
            dondoc_domain::reports::ReportState::Returned => "bị trả lại, cần bổ sung",
            _ => "chưa gửi",
        };
        let acc = by_agency.entry(r.agency_id).or_insert_with(|| Acc {
            name: r.agency.clone(),
            items: Vec::new(),
            duties: Vec::new(),
            reports: Vec::new(),
            money: Vec::new(),
        });
        acc.duties.push(DutyItem {
            task_id: 0,
            text: format!("{} ({state})", r.title),
            period: r.period.clone(),
            due: r.due,
            link: Some(format!("/bao-cao/{}/don-vi/{}", r.round_id, r.agency_id)),
        });
        acc.reports.push((
            r.report_id,
            kind_code(kind).to_owned(),
            i64::from(kind.days()),
        ));
    }
    // Projects behind plan and indicators due for a value (weekly).
    for (agency_id, agency, item, stored) in crate::money::money_items(store, today).await? {
        report.money += 1;
        by_agency
            .entry(agency_id)
            .or_insert_with(|| Acc {
                name: agency,
                items: Vec::new(),
                duties: Vec::new(),
                money: Vec::new(),
                reports: Vec::new(),
            })
            .money
            .push((item, stored));
    }
    let recipients = if dry_run {
        Default::default()
    } else {
        store.agency_recipients().await?
    };
    let mut reminders = Vec::new();
    for (agency_id, acc) in by_agency {
        let input = DigestInput {
            agency: acc.name.clone(),
            date: today,
            items: acc.items,
            duties: acc.duties,
            money: acc.money.iter().map(|(m, _)| m.clone()).collect(),
            base_url: base_url.to_owned(),
        };
        let d = digest(&input, policy);
        let payload = webhook_json(&input, policy).to_string();
        let mut items: Vec<(i64, String, i64)> = input
            .items
            .iter()
            .map(|i| {
                (
                    i.task_id,
                    kind_code(i.kind).to_owned(),
                    i64::from(i.kind.days()),
                )
            })
            .collect();
        items.extend(
            input
                .duties
                .iter()
                .filter(|d| d.link.is_none())
                .map(|d| (d.task_id, "duty".to_owned(), 0)),
        );
        let deliveries = recipients.get(&agency_id).cloned().unwrap_or_default();
        reminders.push(NewReminder {
            agency_id,
            on: today,
            subject: d.subject.clone(),
            text_body: d.text_body.clone(),
            html_body: d.html_body.clone(),
            payload,
            items,
            reports: acc.reports,
            deliveries,
            money_items: acc.money.iter().map(|(_, s)| *s).collect(),
        });
        report.digests.push((acc.name, d));
    }
    report.agencies = reminders.len();
    if !dry_run {
        (report.stored, report.deliveries) = store.store_reminders(&reminders).await?;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reminder_dates_follow_the_policy() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default();
        let dates = reminder_dates(&ReminderPolicy::default(), today);
        let offset = |d: &NaiveDate| (*d - today).num_days();
        let offsets: Vec<i64> = dates.iter().map(offset).collect();
        for o in [7, 3, 0, -1, -7, -30, -60, -90] {
            assert!(offsets.contains(&o), "{o} in {offsets:?}");
        }
        for o in [6, 1, -2, -31, -59] {
            assert!(!offsets.contains(&o), "{o} not in the list");
        }
    }
}
