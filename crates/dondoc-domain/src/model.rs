//! What dondoc tracks (Vietnamese terms in `docs/dev/glossary.md`). The store
//! keeps these facts; the rules in this crate read them.

use chrono::NaiveDate;

/// A deadline as the directive set it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub date: NaiveDate,
    /// day, month, quarter, half, year
    pub precision: String,
    /// The words it came from ("chậm nhất ngày 30/01/2026").
    pub words: String,
}

/// A request to move a deadline (gia hạn), and what was decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineChange {
    pub requested: NaiveDate,
    pub reason: String,
    pub requested_by: String,
    pub decision: ChangeDecision,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeDecision {
    Pending,
    Approved {
        by: String,
        on: NaiveDate,
    },
    Rejected {
        by: String,
        on: NaiveDate,
        note: String,
    },
}

/// The deadline in force: the last approved change, else the original — which
/// is never overwritten.
pub fn effective_due(original: Option<NaiveDate>, changes: &[DeadlineChange]) -> Option<NaiveDate> {
    changes
        .iter()
        .rev()
        .find(|c| matches!(c.decision, ChangeDecision::Approved { .. }))
        .map(|c| c.requested)
        .or(original)
}

/// A progress report by the assigned agency (báo cáo tiến độ).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    pub on: NaiveDate,
    /// 0–100.
    pub percent: u8,
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
            .ok_or_else(|| format!("percent {value} is not between 0 and 100"))
    }
}

/// A completion claimed by the agency, then appraised by the secretariat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub claimed_on: NaiveDate,
    pub note: String,
    pub appraisal: Appraisal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Appraisal {
    Pending,
    Accepted,
    SentBack { note: String },
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
        let change = |to: &str, decision: ChangeDecision| DeadlineChange {
            requested: d(to),
            reason: "r".into(),
            requested_by: "o".into(),
            decision,
        };
        let approved = ChangeDecision::Approved {
            by: "s".into(),
            on: d("2026-02-01"),
        };
        let rejected = ChangeDecision::Rejected {
            by: "s".into(),
            on: d("2026-02-01"),
            note: "no".into(),
        };
        assert_eq!(
            effective_due(Some(d("2026-01-30")), &[]),
            Some(d("2026-01-30"))
        );
        assert_eq!(
            effective_due(
                Some(d("2026-01-30")),
                &[change("2026-02-15", ChangeDecision::Pending)]
            ),
            Some(d("2026-01-30"))
        );
        assert_eq!(
            effective_due(Some(d("2026-01-30")), &[change("2026-02-15", rejected)]),
            Some(d("2026-01-30"))
        );
        assert_eq!(
            effective_due(
                Some(d("2026-01-30")),
                &[
                    change("2026-02-15", approved.clone()),
                    change("2026-03-01", approved)
                ]
            ),
            Some(d("2026-03-01"))
        );
    }

    #[test]
    fn completion_needs_acceptance() {
        let c = |on: &str, appraisal: Appraisal| Completion {
            claimed_on: d(on),
            note: String::new(),
            appraisal,
        };
        assert_eq!(
            completed_on(&[c("2026-02-10", Appraisal::SentBack { note: "x".into() })]),
            None
        );
        assert_eq!(
            completed_on(&[
                c("2026-02-10", Appraisal::SentBack { note: "x".into() }),
                c("2026-02-16", Appraisal::Accepted)
            ]),
            Some(d("2026-02-16"))
        );
        assert_eq!(completed_on(&[c("2026-02-16", Appraisal::Pending)]), None);
    }

    #[test]
    fn percent_is_validated() {
        assert_eq!(Update::percent(60), Ok(60));
        assert!(Update::percent(140).is_err_and(|e| e.contains("140")));
        assert!(Update::percent(-1).is_err());
    }
}
