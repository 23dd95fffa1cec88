//! Task status, derived from facts and today's date (the province's, UTC+7),
//! never typed in. The store mirrors `derive` in SQL for queries over many
//! tasks, and its tests hold the two equal.

use chrono::{Duration, NaiveDate};

/// The province's offset from UTC: Vietnam keeps UTC+7 all year.
pub const PROVINCE_UTC_OFFSET_HOURS: i64 = 7;

/// Days before its deadline that a task counts as "due soon" unless the
/// deployment sets another number (`--due-soon-days`).
pub const DEFAULT_DUE_SOON_DAYS: u32 = 7;

/// Where a task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// Not started, deadline not near (chưa đến hạn).
    NotYetDue,
    /// Progress reported, deadline not near (đang thực hiện).
    InProgress,
    /// The deadline is within the due-soon days, today included (sắp đến hạn).
    DueSoon,
    /// Open past its deadline (quá hạn).
    Overdue,
    /// Accepted as done by its deadline (hoàn thành đúng hạn).
    CompletedOnTime,
    /// Accepted as done after its deadline (hoàn thành trễ hạn).
    CompletedLate,
    /// Paused by the secretariat (tạm dừng).
    Paused,
    /// Cancelled (hủy).
    Cancelled,
}

/// The colour a leader sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Colour {
    /// On track.
    Green,
    /// Needs attention: due soon, or done late.
    Orange,
    /// Overdue.
    Red,
    /// Not assessable: no deadline, paused or cancelled.
    Grey,
}

impl Status {
    /// Every status.
    pub const ALL: [Status; 8] = [
        Status::NotYetDue,
        Status::InProgress,
        Status::DueSoon,
        Status::Overdue,
        Status::CompletedOnTime,
        Status::CompletedLate,
        Status::Paused,
        Status::Cancelled,
    ];

    /// The stored and URL code.
    pub fn code(self) -> &'static str {
        match self {
            Status::NotYetDue => "not_yet_due",
            Status::InProgress => "in_progress",
            Status::DueSoon => "due_soon",
            Status::Overdue => "overdue",
            Status::CompletedOnTime => "completed_on_time",
            Status::CompletedLate => "completed_late",
            Status::Paused => "paused",
            Status::Cancelled => "cancelled",
        }
    }

    /// The status of a stored or URL code; unknown codes are `None`.
    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the task is still to be done (not completed, paused or cancelled).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::NotYetDue | Status::InProgress | Status::DueSoon | Status::Overdue
        )
    }

    /// The Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            Status::NotYetDue => "Chưa đến hạn",
            Status::InProgress => "Đang thực hiện",
            Status::DueSoon => "Sắp đến hạn",
            Status::Overdue => "Quá hạn",
            Status::CompletedOnTime => "Hoàn thành đúng hạn",
            Status::CompletedLate => "Hoàn thành trễ hạn",
            Status::Paused => "Tạm dừng",
            Status::Cancelled => "Hủy",
        }
    }

    /// The colour, given whether the task has a deadline at all.
    pub fn colour(self, has_due: bool) -> Colour {
        match self {
            Status::Overdue => Colour::Red,
            Status::DueSoon | Status::CompletedLate => Colour::Orange,
            Status::Paused | Status::Cancelled => Colour::Grey,
            Status::NotYetDue | Status::InProgress if !has_due => Colour::Grey,
            _ => Colour::Green,
        }
    }
}

impl Colour {
    /// The Vietnamese name of the colour.
    pub fn label_vi(self) -> &'static str {
        match self {
            Colour::Green => "xanh",
            Colour::Orange => "cam",
            Colour::Red => "đỏ",
            Colour::Grey => "xám",
        }
    }
}

/// The facts a status is derived from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// The deadline in force.
    pub due: Option<NaiveDate>,
    /// The day of the accepted completion.
    pub completed_on: Option<NaiveDate>,
    /// The day of the latest progress report.
    pub last_update_on: Option<NaiveDate>,
    /// Paused by the secretariat.
    pub paused: bool,
    /// Cancelled.
    pub cancelled: bool,
}

impl Facts {
    /// Still to be done: not completed, paused or cancelled.
    pub fn is_open(&self) -> bool {
        self.completed_on.is_none() && !self.paused && !self.cancelled
    }

    /// Open with its deadline passed (the day after it, in the province).
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.is_open() && self.due.is_some_and(|d| d < today)
    }
}

/// The rule. A task due today is still "due soon", overdue from tomorrow; an
/// accepted completion is on time when it was claimed on or before the due date.
pub fn derive(f: &Facts, today: NaiveDate, due_soon_days: u32) -> Status {
    if f.cancelled {
        return Status::Cancelled;
    }
    if f.paused {
        return Status::Paused;
    }
    if let Some(done) = f.completed_on {
        return match f.due {
            Some(due) if done > due => Status::CompletedLate,
            _ => Status::CompletedOnTime,
        };
    }
    let started = f.last_update_on.is_some();
    match f.due {
        Some(due) if due < today => Status::Overdue,
        Some(due) if due <= today + Duration::days(i64::from(due_soon_days)) => Status::DueSoon,
        _ if started => Status::InProgress,
        _ => Status::NotYetDue,
    }
}

/// The on-time rate of an agency: of the tasks whose deadline has come (done
/// on time, done late, or still open past it), the share done on time.
/// `None` while no deadline has come: a new agency is not at 0 %.
pub fn on_time_rate(count: impl Fn(Status) -> i64) -> Option<f64> {
    let on_time = count(Status::CompletedOnTime);
    let judged = on_time + count(Status::CompletedLate) + count(Status::Overdue);
    (judged > 0).then(|| on_time as f64 / judged as f64)
}

/// The province's local time (UTC+7), from a UTC instant the caller reads.
pub fn province_time(now_utc: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDateTime {
    (now_utc + Duration::hours(PROVINCE_UTC_OFFSET_HOURS)).naive_utc()
}

/// Today in the province (UTC+7), from a UTC instant the caller reads.
pub fn province_today(now_utc: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    province_time(now_utc).date()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_time_rate_counts_open_overdue_tasks_as_not_on_time() {
        let counts = |s: Status| match s {
            Status::CompletedOnTime => 6,
            Status::CompletedLate => 2,
            Status::Overdue => 2,
            Status::DueSoon => 50,
            _ => 0,
        };
        assert_eq!(on_time_rate(counts), Some(0.6));
        assert_eq!(on_time_rate(|s| i64::from(s == Status::DueSoon)), None);
    }

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    #[test]
    fn status_table() {
        let today = d("2026-03-10").unwrap_or_default();
        let f = |due: &str, done: &str, upd: &str, paused: bool, cancelled: bool| Facts {
            due: d(due),
            completed_on: d(done),
            last_update_on: d(upd),
            paused,
            cancelled,
        };
        use Status::*;
        let cases = [
            (f("2026-03-31", "", "", false, false), NotYetDue),
            (f("2026-03-31", "", "2026-03-01", false, false), InProgress),
            (f("2026-03-17", "", "", false, false), DueSoon),
            (f("2026-03-18", "", "", false, false), NotYetDue),
            (f("2026-03-10", "", "", false, false), DueSoon),
            (f("2026-03-09", "", "2026-03-01", false, false), Overdue),
            (
                f("2026-03-09", "2026-03-09", "", false, false),
                CompletedOnTime,
            ),
            (
                f("2026-03-09", "2026-03-10", "", false, false),
                CompletedLate,
            ),
            (f("", "2026-03-10", "", false, false), CompletedOnTime),
            (f("", "", "", false, false), NotYetDue),
            (f("", "", "2026-03-02", false, false), InProgress),
            (f("2026-01-01", "", "", true, false), Paused),
            (f("2026-01-01", "", "", true, true), Cancelled),
        ];
        for (facts, want) in cases {
            assert_eq!(derive(&facts, today, 7), want, "{facts:?}");
        }
    }

    #[test]
    fn colours() {
        assert_eq!(Status::Overdue.colour(true), Colour::Red);
        assert_eq!(Status::DueSoon.colour(true), Colour::Orange);
        assert_eq!(Status::InProgress.colour(true), Colour::Green);
        assert_eq!(Status::InProgress.colour(false), Colour::Grey);
        assert_eq!(Status::Paused.colour(true), Colour::Grey);
    }

    #[test]
    fn province_day_turns_at_17_utc() {
        let at = |s: &str| {
            chrono::DateTime::parse_from_rfc3339(s)
                .map(|t| t.with_timezone(&chrono::Utc))
                .unwrap_or_default()
        };
        assert_eq!(
            Some(province_today(at("2026-03-09T16:59:00Z"))),
            d("2026-03-09")
        );
        assert_eq!(
            Some(province_today(at("2026-03-09T17:00:00Z"))),
            d("2026-03-10")
        );
    }
}
