//! Recurring duties: a monthly report due every month is a series of
//! occurrences, each on time, late, missing or still open.

use chrono::{Datelike, Duration, NaiveDate};

/// How often a duty falls due (định kỳ). The codes are the extraction
/// contract's (`"recurring": "half-yearly"`), also the stored ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Recurrence {
    /// hằng tuần
    Weekly,
    /// hằng tháng
    Monthly,
    /// hằng quý
    Quarterly,
    /// 6 tháng
    #[serde(rename = "half-yearly")]
    HalfYearly,
    /// hằng năm
    Yearly,
    /// thường xuyên: continuous, with no period of its own.
    Ongoing,
}

impl Recurrence {
    const ALL: [Recurrence; 6] = [
        Recurrence::Weekly,
        Recurrence::Monthly,
        Recurrence::Quarterly,
        Recurrence::HalfYearly,
        Recurrence::Yearly,
        Recurrence::Ongoing,
    ];

    /// The code of the contract and the database.
    pub fn code(self) -> &'static str {
        match self {
            Recurrence::Weekly => "weekly",
            Recurrence::Monthly => "monthly",
            Recurrence::Quarterly => "quarterly",
            Recurrence::HalfYearly => "half-yearly",
            Recurrence::Yearly => "yearly",
            Recurrence::Ongoing => "ongoing",
        }
    }

    /// The recurrence of a code; unknown codes are `None`.
    pub fn from_code(code: &str) -> Option<Recurrence> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The Vietnamese words for it.
    pub fn label_vi(self) -> &'static str {
        match self {
            Recurrence::Weekly => "hằng tuần",
            Recurrence::Monthly => "hằng tháng",
            Recurrence::Quarterly => "hằng quý",
            Recurrence::HalfYearly => "6 tháng một lần",
            Recurrence::Yearly => "hằng năm",
            Recurrence::Ongoing => "thường xuyên",
        }
    }

    /// Months in one period (0 for weekly and ongoing).
    fn months(self) -> u32 {
        match self {
            Recurrence::Weekly | Recurrence::Ongoing => 0,
            Recurrence::Monthly => 1,
            Recurrence::Quarterly => 3,
            Recurrence::HalfYearly => 6,
            Recurrence::Yearly => 12,
        }
    }
}

/// One period of a recurring duty and the day its report is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    /// The period's first day.
    pub start: NaiveDate,
    /// The period's last day.
    pub end: NaiveDate,
    /// The day the period's report is due.
    pub due: NaiveDate,
}

/// How one occurrence of a recurring duty went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OccurrenceState {
    /// Reported by its due day.
    OnTime,
    /// Reported after its due day.
    Late,
    /// Past due and nothing reported.
    Missing,
    /// Not yet due, nothing reported yet.
    Open,
}

fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn add_months(d: NaiveDate, months: u32) -> Option<NaiveDate> {
    d.checked_add_months(chrono::Months::new(months))
}

/// The period containing `d`.
fn period_of(rhythm: Recurrence, d: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    if rhythm == Recurrence::Ongoing {
        return None;
    }
    if rhythm == Recurrence::Weekly {
        let start = d - Duration::days(i64::from(d.weekday().num_days_from_monday()));
        return Some((start, start + Duration::days(6)));
    }
    let m = rhythm.months();
    let first_month = (d.month0() / m) * m;
    let start = NaiveDate::from_ymd_opt(d.year(), first_month + 1, 1)?;
    let end = add_months(start, m)?.pred_opt()?;
    Some((start, end))
}

/// Every occurrence whose period overlaps `from..=to`. `day` is the day the
/// report is due within the period's last month (weekday 1–7 for weekly),
/// clamped to the month's length; without it, the period's last day.
pub fn occurrences(
    rhythm: Recurrence,
    day: Option<u32>,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<Occurrence> {
    let mut out = Vec::new();
    let Some((mut start, mut end)) = period_of(rhythm, from) else {
        return out;
    };
    while start <= to && out.len() < 10_000 {
        let due = match (rhythm, day) {
            (_, None) => end,
            (Recurrence::Weekly, Some(w)) => start + Duration::days(i64::from(w.clamp(1, 7) - 1)),
            (_, Some(d)) => {
                let last_month = month_start(end);
                let len = end.day();
                last_month.with_day(d.clamp(1, len)).unwrap_or(end)
            }
        };
        out.push(Occurrence { start, end, due });
        let Some(next) = end.succ_opt().and_then(|n| period_of(rhythm, n)) else {
            break;
        };
        (start, end) = next;
    }
    out
}

/// Judges one occurrence from the dates of the reports made for the duty.
/// A report counts for the first open occurrence it falls in or after.
pub fn judge(o: &Occurrence, reports: &[NaiveDate], today: NaiveDate) -> OccurrenceState {
    match reports.iter().filter(|r| **r >= o.start).min() {
        Some(r) if *r <= o.due => OccurrenceState::OnTime,
        Some(_) if today > o.due => OccurrenceState::Late,
        None if today > o.due => OccurrenceState::Missing,
        _ => OccurrenceState::Open,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn periods_and_due_days() {
        let dues = |r, day, a, b| {
            occurrences(r, day, d(a), d(b))
                .iter()
                .map(|o| o.due.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            dues(Recurrence::Monthly, None, "2026-01-15", "2026-03-01"),
            ["2026-01-31", "2026-02-28", "2026-03-31"]
        );
        assert_eq!(
            dues(Recurrence::Monthly, Some(31), "2028-02-01", "2028-02-28"),
            ["2028-02-29"],
            "leap February"
        );
        assert_eq!(
            dues(Recurrence::Monthly, Some(20), "2026-04-01", "2026-05-31"),
            ["2026-04-20", "2026-05-20"]
        );
        assert_eq!(
            dues(Recurrence::Quarterly, None, "2026-02-10", "2026-07-01"),
            ["2026-03-31", "2026-06-30", "2026-09-30"]
        );
        assert_eq!(
            dues(Recurrence::Quarterly, Some(14), "2026-01-01", "2026-03-31"),
            ["2026-03-14"]
        );
        assert_eq!(
            dues(Recurrence::HalfYearly, None, "2026-03-01", "2026-12-31"),
            ["2026-06-30", "2026-12-31"]
        );
        assert_eq!(
            dues(Recurrence::Yearly, None, "2026-03-01", "2027-01-01"),
            ["2026-12-31", "2027-12-31"]
        );
        // Weeks run Monday to Sunday; 5 = Friday.
        assert_eq!(
            dues(Recurrence::Weekly, Some(5), "2026-11-18", "2026-11-30"),
            ["2026-11-20", "2026-11-27", "2026-12-04"]
        );
    }

    #[test]
    fn each_occurrence_is_judged() {
        let occ = occurrences(
            Recurrence::Monthly,
            Some(25),
            d("2026-01-01"),
            d("2026-04-30"),
        );
        let reports = [d("2026-01-24"), d("2026-02-27"), d("2026-04-10")];
        let today = d("2026-04-12");
        let states: Vec<_> = occ.iter().map(|o| judge(o, &reports, today)).collect();
        use OccurrenceState::*;
        // January on time; February late (27 > 25); March's first report after
        // its start is April's, past its due day: late; April on time.
        assert_eq!(states, [OnTime, Late, Late, OnTime]);
        let none: [NaiveDate; 0] = [];
        assert_eq!(judge(&occ[3], &none, today), Open);
        assert_eq!(judge(&occ[2], &none, today), Missing);
    }

    #[test]
    fn codes_are_the_contract_s_and_ongoing_has_no_periods() {
        for r in Recurrence::ALL {
            assert_eq!(Recurrence::from_code(r.code()), Some(r));
        }
        assert_eq!(Recurrence::HalfYearly.code(), "half-yearly");
        assert_eq!(Recurrence::from_code("halfyearly"), None);
        assert!(
            occurrences(Recurrence::Ongoing, None, d("2026-01-01"), d("2026-12-31")).is_empty()
        );
    }
}
