//! What dondoc tracks (Vietnamese terms in `docs/dev/glossary.md`). The store
//! keeps these facts; the rules in this crate read them. Every state kept in
//! the database has a code here (`code` / `from_code`): the store writes and
//! reads codes, never names of Rust values.

use chrono::NaiveDate;

/// How precisely a deadline was written; the date is the last day of the
/// period named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// "ngày 15/5/2026"
    Day,
    /// "tháng 6/2026": its last day.
    Month,
    /// "quý II/2026": the last day of its third month.
    Quarter,
    /// "6 tháng đầu năm": 30 June (or 31 December for the second half).
    Half,
    /// "năm 2026": 31 December.
    Year,
}

impl Precision {
    const ALL: [Precision; 5] = [
        Precision::Day,
        Precision::Month,
        Precision::Quarter,
        Precision::Half,
        Precision::Year,
    ];

    /// The code of the extraction contract and the database.
    pub fn code(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Quarter => "quarter",
            Precision::Half => "half",
            Precision::Year => "year",
        }
    }

    /// The precision of a code; unknown codes are `None`.
    pub fn from_code(code: &str) -> Option<Precision> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// A deadline as the directive set it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    /// The date.
    pub date: NaiveDate,
    /// day, month, quarter, half, year
    pub precision: String,
    /// The words it came from ("chậm nhất ngày 30/01/2026").
    pub words: String,
}

/// The secretariat's decision on a deadline request (gia hạn).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// The requested deadline comes into force.
    Approve,
    /// The deadline stays as it was.
    Reject,
}

impl Decision {
    /// The state the request is left in.
    pub fn state(self) -> ChangeState {
        match self {
            Decision::Approve => ChangeState::Approved,
            Decision::Reject => ChangeState::Rejected,
        }
    }
}

/// Where a deadline request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeState {
    /// Waiting for the secretariat.
    Pending,
    /// Approved: its date is the deadline in force (until a later approval).
    Approved,
    /// Rejected: the deadline did not move.
    Rejected,
}

impl ChangeState {
    const ALL: [ChangeState; 3] = [
        ChangeState::Pending,
        ChangeState::Approved,
        ChangeState::Rejected,
    ];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            ChangeState::Pending => "pending",
            ChangeState::Approved => "approved",
            ChangeState::Rejected => "rejected",
        }
    }

    /// The state of a stored code; unknown codes are `None`.
    pub fn from_code(code: &str) -> Option<ChangeState> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            ChangeState::Pending => "Chờ quyết định",
            ChangeState::Approved => "Đã chấp thuận",
            ChangeState::Rejected => "Không chấp thuận",
        }
    }
}

/// A request to move a deadline, in the order requests were made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeadlineChange {
    /// The deadline asked for.
    pub requested: NaiveDate,
    /// What was decided.
    pub state: ChangeState,
}

/// The deadline in force: the last approved change, else the original — which
/// is never overwritten.
pub fn effective_due(original: Option<NaiveDate>, changes: &[DeadlineChange]) -> Option<NaiveDate> {
    changes
        .iter()
        .rev()
        .find(|c| c.state == ChangeState::Approved)
        .map(|c| c.requested)
        .or(original)
}

/// A progress report by the assigned agency (báo cáo tiến độ).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    /// The day of the report.
    pub on: NaiveDate,
    /// 0–100.
    pub percent: u8,
    /// What was done.
    pub text: String,
    /// Cited documents ("12/BC-SKHCN") and file names given as evidence.
    pub evidence: Vec<String>,
}

impl Update {
    /// A percent outside 0–100 is refused with the value named.
    pub fn percent(value: i64) -> Result<u8, String> {
        u8::try_from(value)
            .ok()
            .filter(|p| *p <= 100)
            .ok_or_else(|| format!("tiến độ {value}% không nằm trong khoảng 0–100"))
    }
}

/// The secretariat's verdict on a completion claim (thẩm định).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The task is done, on the claim's date.
    Accept,
    /// Not done: the task is open again.
    SendBack,
}

impl Verdict {
    /// The state the claim is left in.
    pub fn appraisal(self) -> Appraisal {
        match self {
            Verdict::Accept => Appraisal::Accepted,
            Verdict::SendBack => Appraisal::SentBack,
        }
    }
}

/// Where a completion claim stands (thẩm định kết quả).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Appraisal {
    /// Waiting for the secretariat.
    Pending,
    /// Accepted: the task is done.
    Accepted,
    /// Sent back: the task is open again.
    SentBack,
}

impl Appraisal {
    const ALL: [Appraisal; 3] = [Appraisal::Pending, Appraisal::Accepted, Appraisal::SentBack];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Appraisal::Pending => "pending",
            Appraisal::Accepted => "accepted",
            Appraisal::SentBack => "sent_back",
        }
    }

    /// The appraisal of a stored code; unknown codes are `None`.
    pub fn from_code(code: &str) -> Option<Appraisal> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            Appraisal::Pending => "chờ thẩm định",
            Appraisal::Accepted => "đã được thẩm định, công nhận hoàn thành",
            Appraisal::SentBack => "bị trả lại",
        }
    }
}

/// A completion claimed by the agency, then appraised by the secretariat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The day the agency says it was done.
    pub claimed_on: NaiveDate,
    /// Where the claim stands.
    pub appraisal: Appraisal,
}

/// The date a task counts as done: its latest claim, once accepted.
pub fn completed_on(completions: &[Completion]) -> Option<NaiveDate> {
    completions
        .iter()
        .rev()
        .find(|c| c.appraisal == Appraisal::Accepted)
        .map(|c| c.claimed_on)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn the_original_deadline_is_kept_and_approved_changes_win() {
        let change = |to: &str, state| DeadlineChange {
            requested: d(to),
            state,
        };
        let original = Some(d("2026-01-30"));
        assert_eq!(effective_due(original, &[]), original);
        assert_eq!(
            effective_due(original, &[change("2026-02-15", ChangeState::Pending)]),
            original
        );
        assert_eq!(
            effective_due(original, &[change("2026-02-15", ChangeState::Rejected)]),
            original
        );
        assert_eq!(
            effective_due(
                original,
                &[
                    change("2026-02-15", ChangeState::Approved),
                    change("2026-03-01", ChangeState::Approved),
                    change("2026-04-01", ChangeState::Rejected)
                ]
            ),
            Some(d("2026-03-01"))
        );
        assert_eq!(effective_due(None, &[]), None);
    }

    #[test]
    fn completion_needs_acceptance() {
        let c = |on: &str, appraisal| Completion {
            claimed_on: d(on),
            appraisal,
        };
        assert_eq!(completed_on(&[c("2026-02-10", Appraisal::SentBack)]), None);
        assert_eq!(
            completed_on(&[
                c("2026-02-10", Appraisal::SentBack),
                c("2026-02-16", Appraisal::Accepted)
            ]),
            Some(d("2026-02-16"))
        );
        assert_eq!(completed_on(&[c("2026-02-16", Appraisal::Pending)]), None);
    }

    #[test]
    fn codes_round_trip_and_unknown_codes_are_refused() {
        for a in Appraisal::ALL {
            assert_eq!(Appraisal::from_code(a.code()), Some(a));
        }
        for s in ChangeState::ALL {
            assert_eq!(ChangeState::from_code(s.code()), Some(s));
        }
        assert_eq!(Appraisal::from_code("acepted"), None);
        assert_eq!(ChangeState::from_code("Approved"), None);
        assert_eq!(Verdict::SendBack.appraisal().code(), "sent_back");
        assert_eq!(Decision::Approve.state().code(), "approved");
    }

    #[test]
    fn percent_is_validated() {
        assert_eq!(Update::percent(60), Ok(60));
        assert!(Update::percent(140).is_err_and(|e| e.contains("140")));
        assert!(Update::percent(-1).is_err());
    }
}
