//! Recurring duties: a monthly report due every month is a series of
//! occurrences, each on time, late, missing or still open.

use chrono::{Datelike, Duration, NaiveDate};

/// How often a duty falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rhythm {
    Weekly,
    Monthly,
    Quarterly,
    HalfYearly,
    Yearly,
}

impl Rhythm {
    /// From the extraction's names ("weekly", "monthly", ...); "ongoing" has no rhythm.
    pub fn from_code(code: &str) -> Option<Rhythm> {
        Some(match code {
            "weekly" => Rhythm::Weekly,
            "monthly" => Rhythm::Monthly,
            "quarterly" => Rhythm::Quarterly,
            "half-yearly" | "halfyearly" => Rhythm::HalfYearly,
            "yearly" => Rhythm::Yearly,
            _ => return None,
        })
    }

    fn months(self) -> u32 {
        match self {
            Rhythm::Weekly => 0,
            Rhythm::Monthly => 1,
            Rhythm::Quarterly => 3,
            Rhythm::HalfYearly => 6,
            Rhythm::Yearly => 12,
        }
    }
}

/// One period of a recurring duty and the day its report is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub due: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OccurrenceState {
    OnTime,
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
fn period_of(rhythm: Rhythm, d: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    if rhythm == Rhythm::Weekly {
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
    rhythm: Rhythm,
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
            (Rhythm::Weekly, Some(w)) => start + Duration::days(i64::from(w.clamp(1, 7) - 1)),
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
            dues(Rhythm::Monthly, None, "2026-01-15", "2026-03-01"),
            ["2026-01-31", "2026-02-28", "2026-03-31"]
        );
        assert_eq!(
            dues(Rhythm::Monthly, Some(31), "2028-02-01", "2028-02-28"),
            ["2028-02-29"],
            "leap February"
        );
        assert_eq!(
            dues(Rhythm::Monthly, Some(20), "2026-04-01", "2026-05-31"),
            ["2026-04-20", "2026-05-20"]
        );
        assert_eq!(
            dues(Rhythm::Quarterly, None, "2026-02-10", "2026-07-01"),
            ["2026-03-31", "2026-06-30", "2026-09-30"]
        );
        assert_eq!(
            dues(Rhythm::Quarterly, Some(14), "2026-01-01", "2026-03-31"),
            ["2026-03-14"]
        );
        assert_eq!(
            dues(Rhythm::HalfYearly, None, "2026-03-01", "2026-12-31"),
            ["2026-06-30", "2026-12-31"]
        );
        assert_eq!(
            dues(Rhythm::Yearly, None, "2026-03-01", "2027-01-01"),
            ["2026-12-31", "2027-12-31"]
        );
        // Weeks run Monday to Sunday; 5 = Friday.
        assert_eq!(
            dues(Rhythm::Weekly, Some(5), "2026-11-18", "2026-11-30"),
            ["2026-11-20", "2026-11-27", "2026-12-04"]
        );
    }

    #[test]
    fn each_occurrence_is_judged() {
        let occ = occurrences(Rhythm::Monthly, Some(25), d("2026-01-01"), d("2026-04-30"));
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
}
