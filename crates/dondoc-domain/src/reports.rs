//! Periodic reports (báo cáo định kỳ): the agencies "định kỳ hằng tháng báo
//! cáo kết quả thực hiện về Sở Khoa học và Công nghệ để tổng hợp, báo cáo Ban
//! Chỉ đạo". A round (đợt báo cáo) covers a period and has a due day; each
//! agency expected in it files one report, which the secretariat accepts or
//! returns for rework.
//!
//! This module holds the vocabulary and the rules: the kinds of round and
//! their periods, a report's states and the transitions between them, and
//! the inbox figures of a round — reporting rate and on-time rate, as DHIS2
//! reports them. Pure: callers pass the province's date.

use chrono::{Datelike, NaiveDate};

/// How often a round comes (loại kỳ báo cáo).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoundKind {
    /// Hằng tháng: the default.
    Monthly,
    /// Hằng quý.
    Quarterly,
    /// 6 tháng.
    HalfYearly,
    /// Hằng năm.
    Yearly,
    /// Đột xuất: any period, several may share one.
    AdHoc,
}

impl RoundKind {
    /// Every kind, in the order forms list them.
    pub const ALL: [RoundKind; 5] = [
        RoundKind::Monthly,
        RoundKind::Quarterly,
        RoundKind::HalfYearly,
        RoundKind::Yearly,
        RoundKind::AdHoc,
    ];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            RoundKind::Monthly => "monthly",
            RoundKind::Quarterly => "quarterly",
            RoundKind::HalfYearly => "half-yearly",
            RoundKind::Yearly => "yearly",
            RoundKind::AdHoc => "ad-hoc",
        }
    }

    /// The kind of a stored code; unknown codes are `None`.
    pub fn from_code(code: &str) -> Option<RoundKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// "Hằng tháng", "Đột xuất"…
    pub fn label_vi(self) -> &'static str {
        match self {
            RoundKind::Monthly => "Hằng tháng",
            RoundKind::Quarterly => "Hằng quý",
            RoundKind::HalfYearly => "6 tháng",
            RoundKind::Yearly => "Hằng năm",
            RoundKind::AdHoc => "Đột xuất",
        }
    }

    /// The round kind a recurring duty opens (`None` for weekly and ongoing
    /// duties: no round of their own).
    pub fn of_recurrence(r: crate::recurrence::Recurrence) -> Option<RoundKind> {
        use crate::recurrence::Recurrence as R;
        match r {
            R::Monthly => Some(RoundKind::Monthly),
            R::Quarterly => Some(RoundKind::Quarterly),
            R::HalfYearly => Some(RoundKind::HalfYearly),
            R::Yearly => Some(RoundKind::Yearly),
            R::Weekly | R::Ongoing => None,
        }
    }

    /// Months in one period (`None` for ad hoc rounds, whose period is set
    /// by hand).
    fn months(self) -> Option<u32> {
        match self {
            RoundKind::Monthly => Some(1),
            RoundKind::Quarterly => Some(3),
            RoundKind::HalfYearly => Some(6),
            RoundKind::Yearly => Some(12),
            RoundKind::AdHoc => None,
        }
    }

    /// The calendar period of this kind that contains `day`: (first day,
    /// last day). `None` for ad hoc rounds.
    pub fn period_of(self, day: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        let m = self.months()?;
        let first_month = (day.month0() / m) * m;
        let start = NaiveDate::from_ymd_opt(day.year(), first_month + 1, 1)?;
        let end = start
            .checked_add_months(chrono::Months::new(m))?
            .pred_opt()?;
        Some((start, end))
    }

    /// The period just before the one starting on `start`.
    pub fn previous_period(self, start: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        self.period_of(start.pred_opt()?)
    }
}

/// The name of a round's period: "tháng 5/2026", "quý II/2026", "6 tháng
/// đầu năm 2026", "năm 2026"; an ad hoc round names its dates.
pub fn period_label(kind: RoundKind, start: NaiveDate, end: NaiveDate) -> String {
    let year = end.year();
    match kind {
        RoundKind::Monthly => format!("tháng {}/{year}", end.month()),
        RoundKind::Quarterly => {
            let roman = ["I", "II", "III", "IV"];
            let q = roman.get(end.month0() as usize / 3).unwrap_or(&"?");
            format!("quý {q}/{year}")
        }
        RoundKind::HalfYearly if end.month() <= 6 => format!("6 tháng đầu năm {year}"),
        RoundKind::HalfYearly => format!("6 tháng cuối năm {year}"),
        RoundKind::Yearly => format!("năm {year}"),
        RoundKind::AdHoc => format!(
            "từ ngày {} đến ngày {}",
            start.format("%d/%m/%Y"),
            end.format("%d/%m/%Y")
        ),
    }
}

/// The round's title: "Báo cáo tháng 5/2026".
pub fn round_title(kind: RoundKind, start: NaiveDate, end: NaiveDate) -> String {
    format!("Báo cáo {}", period_label(kind, start, end))
}

/// The default due date of a round: `due_day` of the period's last month
/// (the committee's setting, clamped to the month's length), else the
/// period's last day.
pub fn default_due(end: NaiveDate, due_day: Option<u32>) -> NaiveDate {
    let Some(day) = due_day else {
        return end;
    };
    let last = end.day();
    end.with_day(day.clamp(1, last)).unwrap_or(end)
}

/// Whether a duty's text asks for a report ("hằng tháng báo cáo kết quả
/// …"): its folded text (lowercase, no diacritics) names "báo cáo".
pub fn duty_is_report(folded_text: &str) -> bool {
    folded_text.contains("bao cao")
}

/// A round's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoundState {
    /// Reports are expected and filed.
    Open,
    /// Closed by the secretariat: nothing more is filed.
    Closed,
}

impl RoundState {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            RoundState::Open => "open",
            RoundState::Closed => "closed",
        }
    }

    /// The state of a stored code; unknown codes are `None`.
    pub fn from_code(code: &str) -> Option<RoundState> {
        [RoundState::Open, RoundState::Closed]
            .into_iter()
            .find(|s| s.code() == code)
    }

    /// "Đang nhận báo cáo", "Đã kết thúc".
    pub fn label_vi(self) -> &'static str {
        match self {
            RoundState::Open => "Đang nhận báo cáo",
            RoundState::Closed => "Đã kết thúc",
        }
    }
}

/// A report's state. Transitions: draft → submitted → accepted, or
/// returned → submitted again. Accepted is final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportState {
    /// Being written (or not started): not filed.
    Draft,
    /// Filed, waiting for the secretariat.
    Submitted,
    /// Accepted by the secretariat.
    Accepted,
    /// Returned for rework with a comment; filed again when submitted.
    Returned,
}

impl ReportState {
    /// Every state.
    pub const ALL: [ReportState; 4] = [
        ReportState::Draft,
        ReportState::Submitted,
        ReportState::Accepted,
        ReportState::Returned,
    ];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            ReportState::Draft => "draft",
            ReportState::Submitted => "submitted",
            ReportState::Accepted => "accepted",
            ReportState::Returned => "returned",
        }
    }

    /// The state of a stored code; unknown codes are `None`.
    pub fn from_code(code: &str) -> Option<ReportState> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// "Chưa gửi", "Đã gửi, chờ tiếp nhận", "Đã tiếp nhận", "Bị trả lại".
    pub fn label_vi(self) -> &'static str {
        match self {
            ReportState::Draft => "Chưa gửi",
            ReportState::Submitted => "Đã gửi, chờ tiếp nhận",
            ReportState::Accepted => "Đã tiếp nhận",
            ReportState::Returned => "Bị trả lại",
        }
    }

    /// The agency may still edit it (a draft, or a report returned to it).
    pub fn editable(self) -> bool {
        matches!(self, ReportState::Draft | ReportState::Returned)
    }

    /// The agency may file it now.
    pub fn submittable(self) -> bool {
        self.editable()
    }

    /// The secretariat may accept or return it now.
    pub fn decidable(self) -> bool {
        self == ReportState::Submitted
    }

    /// Waiting for the agency (the officer's menu counts these).
    pub fn waits_for_agency(self) -> bool {
        self.editable()
    }
}

/// The secretariat's decision on a filed report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportDecision {
    /// Tiếp nhận.
    Accept,
    /// Trả lại để bổ sung, chỉnh sửa.
    Return,
}

impl ReportDecision {
    /// The state a decision leads to.
    pub fn state(self) -> ReportState {
        match self {
            ReportDecision::Accept => ReportState::Accepted,
            ReportDecision::Return => ReportState::Returned,
        }
    }
}

/// Where one expected report stands in a round's inbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Arrival {
    /// First filed by the due day.
    OnTime,
    /// First filed after it.
    Late,
    /// Not filed and the due day has passed.
    Missing,
    /// Not filed, the due day has not passed yet.
    Awaited,
}

impl Arrival {
    /// The stored facts to an arrival: the day the report was first filed,
    /// the due day, the province's today.
    pub fn of(first_submitted: Option<NaiveDate>, due: NaiveDate, today: NaiveDate) -> Arrival {
        match first_submitted {
            Some(d) if d <= due => Arrival::OnTime,
            Some(_) => Arrival::Late,
            None if today > due => Arrival::Missing,
            None => Arrival::Awaited,
        }
    }

    /// "Đúng hạn", "Trễ hạn", "Chưa nộp (quá hạn)", "Chưa nộp".
    pub fn label_vi(self) -> &'static str {
        match self {
            Arrival::OnTime => "Đúng hạn",
            Arrival::Late => "Trễ hạn",
            Arrival::Missing => "Chưa nộp (quá hạn)",
            Arrival::Awaited => "Chưa nộp",
        }
    }

    /// The badge colour class: green, orange, red, grey.
    pub fn colour(self) -> &'static str {
        match self {
            Arrival::OnTime => "green",
            Arrival::Late => "orange",
            Arrival::Missing => "red",
            Arrival::Awaited => "grey",
        }
    }
}

/// A round's inbox in figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InboxFigures {
    /// Agencies expected to report.
    pub expected: u32,
    /// Filed by the due day.
    pub on_time: u32,
    /// Filed after it.
    pub late: u32,
    /// Not filed, due day passed.
    pub missing: u32,
    /// Not filed, due day still ahead.
    pub awaited: u32,
}

impl InboxFigures {
    /// Counts the arrivals.
    pub fn of(arrivals: impl IntoIterator<Item = Arrival>) -> InboxFigures {
        let mut f = InboxFigures::default();
        for a in arrivals {
            f.expected += 1;
            match a {
                Arrival::OnTime => f.on_time += 1,
                Arrival::Late => f.late += 1,
                Arrival::Missing => f.missing += 1,
                Arrival::Awaited => f.awaited += 1,
            }
        }
        f
    }

    /// Reports received, on time or late.
    pub fn received(&self) -> u32 {
        self.on_time + self.late
    }

    /// Reporting rate (tỷ lệ báo cáo): received over expected, in tenths of
    /// a percent (DHIS2's "reporting rate"); `None` when nothing is expected.
    pub fn reporting_rate_tenths(&self) -> Option<u32> {
        tenths(self.received(), self.expected)
    }

    /// On-time rate (tỷ lệ đúng hạn): received by the due day over
    /// expected, in tenths of a percent (DHIS2's "reporting rate on time").
    pub fn on_time_rate_tenths(&self) -> Option<u32> {
        tenths(self.on_time, self.expected)
    }
}

fn tenths(part: u32, whole: u32) -> Option<u32> {
    (whole > 0).then(|| {
        let t = (u64::from(part) * 2000 + u64::from(whole)) / (2 * u64::from(whole));
        u32::try_from(t).unwrap_or(u32::MAX)
    })
}

/// "76,1 %" from tenths of a percent.
pub fn percent_vi(tenths: Option<u32>) -> String {
    match tenths {
        Some(t) => format!("{},{} %", t / 10, t % 10),
        None => "—".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn codes_round_trip_and_unknown_codes_are_none() {
        for k in RoundKind::ALL {
            assert_eq!(RoundKind::from_code(k.code()), Some(k));
        }
        for s in ReportState::ALL {
            assert_eq!(ReportState::from_code(s.code()), Some(s));
        }
        assert_eq!(RoundKind::from_code("monthy"), None);
        assert_eq!(ReportState::from_code("Draft"), None);
        assert_eq!(RoundState::from_code("open"), Some(RoundState::Open));
    }

    #[test]
    fn periods_and_titles() {
        let day = d("2026-05-20");
        assert_eq!(
            RoundKind::Monthly.period_of(day),
            Some((d("2026-05-01"), d("2026-05-31")))
        );
        assert_eq!(
            RoundKind::Quarterly.period_of(day),
            Some((d("2026-04-01"), d("2026-06-30")))
        );
        assert_eq!(
            RoundKind::HalfYearly.period_of(d("2026-08-02")),
            Some((d("2026-07-01"), d("2026-12-31")))
        );
        assert_eq!(
            RoundKind::Yearly.period_of(day),
            Some((d("2026-01-01"), d("2026-12-31")))
        );
        assert_eq!(RoundKind::AdHoc.period_of(day), None);
        assert_eq!(
            RoundKind::Monthly.previous_period(d("2026-01-01")),
            Some((d("2025-12-01"), d("2025-12-31")))
        );
        assert_eq!(
            round_title(RoundKind::Monthly, d("2026-05-01"), d("2026-05-31")),
            "Báo cáo tháng 5/2026"
        );
        assert_eq!(
            period_label(RoundKind::Quarterly, d("2026-04-01"), d("2026-06-30")),
            "quý II/2026"
        );
        assert_eq!(
            period_label(RoundKind::HalfYearly, d("2026-01-01"), d("2026-06-30")),
            "6 tháng đầu năm 2026"
        );
        assert_eq!(default_due(d("2026-02-28"), Some(30)), d("2026-02-28"));
        assert_eq!(default_due(d("2026-05-31"), Some(25)), d("2026-05-25"));
        assert_eq!(default_due(d("2026-05-31"), None), d("2026-05-31"));
        assert!(duty_is_report(
            "dinh ky hang thang bao cao ket qua ve so khoa hoc"
        ));
        assert!(!duty_is_report("to chuc hop giao ban hang quy"));
    }

    #[test]
    fn transitions() {
        use ReportState::*;
        assert!(Draft.submittable() && Returned.submittable());
        assert!(!Submitted.submittable() && !Accepted.submittable());
        assert!(Submitted.decidable());
        assert!(!Draft.decidable() && !Accepted.decidable() && !Returned.decidable());
        assert_eq!(ReportDecision::Return.state(), Returned);
        assert_eq!(ReportDecision::Accept.state(), Accepted);
    }

    #[test]
    fn inbox_rates_as_dhis2_counts_them() {
        let due = d("2026-05-25");
        let today = d("2026-05-27");
        let arrivals = [
            Arrival::of(Some(d("2026-05-20")), due, today),
            Arrival::of(Some(d("2026-05-25")), due, today),
            Arrival::of(Some(d("2026-05-26")), due, today),
            Arrival::of(None, due, today),
        ];
        assert_eq!(
            arrivals,
            [
                Arrival::OnTime,
                Arrival::OnTime,
                Arrival::Late,
                Arrival::Missing
            ]
        );
        assert_eq!(Arrival::of(None, due, d("2026-05-25")), Arrival::Awaited);
        let f = InboxFigures::of(arrivals);
        assert_eq!((f.expected, f.on_time, f.late, f.missing), (4, 2, 1, 1));
        assert_eq!(f.reporting_rate_tenths(), Some(750));
        assert_eq!(f.on_time_rate_tenths(), Some(500));
        assert_eq!(percent_vi(Some(667)), "66,7 %");
        assert_eq!(InboxFigures::default().on_time_rate_tenths(), None);
    }
}
