//! Scoring and ranking agencies (đánh giá, xếp loại) on the tasks the
//! committee assigned them, against a criteria set the committee edits
//! ([`Criteria`], a TOML file), every point explained.
//!
//! The method adapts Decree 335/2025/NĐ-CP's (results by quantity, quality
//! and timeliness; 25 % off per late or rejected product; bands at 90, 70
//! and 50 points) to agencies. For one period the items are the tasks an
//! agency leads whose deadline in force falls in the period, and its
//! periodic reports due in it. Each criterion's points are shared between
//! the items (by weight, in exact hundredths), and each item gains or loses
//! its share line by line:
//!
//! - **quantity**: the item is done — a task accepted at appraisal by the
//!   period's end; a report submitted (by its due day, when a late report
//!   counts as not done);
//! - **quality**: each send-back at appraisal (each return of a report)
//!   costs a percentage of the item's quality points;
//! - **timeliness**: done after the deadline that judges it costs a
//!   percentage of its timeliness points. A deadline moved by an approved
//!   extension for an objective cause is judged by the new deadline and
//!   costs nothing; one moved for another cause is judged by the original.
//!
//! An item not done gains nothing. An agency with nothing due gets no score
//! ("không có nhiệm vụ đến hạn"): it is listed in its group's ranking, after
//! the ranked agencies, without a rank. Agencies are ranked only within their
//! peer group (departments and provincial bodies; communes; Party bodies);
//! equal scores share a rank (1, 2, 2, 4) and are listed in name order.
//!
//! The input is facts as of the period's end, which the caller rebuilds from
//! the event log, so a past ranking can be computed again; anything dated
//! after the period's end (a later completion or report) is ignored here too.
//! Pure: no clock, no I/O.

#![deny(missing_docs)]

mod criteria;
mod engine;
mod points;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

pub use criteria::{
    Band, Criteria, CriteriaError, Criterion, ItemWeights, JudgedBy, Penalties, ReportRule,
};
pub use engine::score;
pub use points::{Points, apportion};

/// How long a period runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// A calendar month.
    Month,
    /// A calendar quarter.
    Quarter,
    /// A calendar year.
    Year,
}

/// The period scored: from `start` to `end`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Period {
    /// Month, quarter or year.
    pub kind: PeriodKind,
    /// Its first day.
    pub start: NaiveDate,
    /// Its last day: facts are taken as of this day.
    pub end: NaiveDate,
}

impl Period {
    /// A calendar month (`month` 1–12).
    pub fn month(year: i32, month: u32) -> Option<Period> {
        let start = NaiveDate::from_ymd_opt(year, month, 1)?;
        let end = start
            .checked_add_months(chrono::Months::new(1))?
            .pred_opt()?;
        Some(Period {
            kind: PeriodKind::Month,
            start,
            end,
        })
    }

    /// A calendar quarter (`quarter` 1–4).
    pub fn quarter(year: i32, quarter: u32) -> Option<Period> {
        if !(1..=4).contains(&quarter) {
            return None;
        }
        let start = NaiveDate::from_ymd_opt(year, quarter * 3 - 2, 1)?;
        let end = start
            .checked_add_months(chrono::Months::new(3))?
            .pred_opt()?;
        Some(Period {
            kind: PeriodKind::Quarter,
            start,
            end,
        })
    }

    /// A calendar year.
    pub fn year(year: i32) -> Option<Period> {
        Some(Period {
            kind: PeriodKind::Year,
            start: NaiveDate::from_ymd_opt(year, 1, 1)?,
            end: NaiveDate::from_ymd_opt(year, 12, 31)?,
        })
    }

    /// Whether a day falls in the period.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }

    /// "tháng 11/2026", "quý IV/2026", "năm 2026".
    pub fn label_vi(&self) -> String {
        let year = self.end.year();
        match self.kind {
            PeriodKind::Month => format!("tháng {}/{year}", self.end.month()),
            PeriodKind::Quarter => {
                let roman = ["I", "II", "III", "IV"];
                let q = roman.get(self.end.month0() as usize / 3).unwrap_or(&"?");
                format!("quý {q}/{year}")
            }
            PeriodKind::Year => format!("năm {year}"),
        }
    }
}

/// The peer group an agency is ranked in: communes are never ranked
/// against departments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeerGroup {
    /// Departments, boards and sectors, and other provincial bodies.
    Provincial,
    /// Communes, wards and the special zone.
    Commune,
    /// Party bodies.
    Party,
}

impl PeerGroup {
    /// Every group, in the order rankings list them.
    pub const ALL: [PeerGroup; 3] = [PeerGroup::Provincial, PeerGroup::Commune, PeerGroup::Party];

    /// A stable code for storage: "provincial", "commune", "party".
    pub fn code(self) -> &'static str {
        match self {
            PeerGroup::Provincial => "provincial",
            PeerGroup::Commune => "commune",
            PeerGroup::Party => "party",
        }
    }

    /// The group of a code written by [`PeerGroup::code`].
    pub fn from_code(code: &str) -> Option<PeerGroup> {
        PeerGroup::ALL.into_iter().find(|g| g.code() == code)
    }

    /// The group of a registry agency kind ("department", "central",
    /// "commune", "party"); none for groups and other kinds.
    pub fn from_agency_kind(kind: &str) -> Option<PeerGroup> {
        match kind {
            "department" | "central" => Some(PeerGroup::Provincial),
            "commune" => Some(PeerGroup::Commune),
            "party" => Some(PeerGroup::Party),
            _ => None,
        }
    }

    /// The group's name in Vietnamese.
    pub fn label_vi(self) -> &'static str {
        match self {
            PeerGroup::Provincial => "Sở, ban, ngành và cơ quan cấp tỉnh",
            PeerGroup::Commune => "Xã, phường, đặc khu",
            PeerGroup::Party => "Cơ quan Đảng",
        }
    }
}

/// What is scored: the period and, for each agency, its items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoringInput {
    /// The period scored.
    pub period: Period,
    /// The agencies, in any order (the result's order does not depend on it).
    pub agencies: Vec<AgencyFacts>,
}

/// One agency's facts as of the period's end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyFacts {
    /// The agency's id in the registry.
    pub agency_id: i64,
    /// Its name.
    pub name: String,
    /// The group it is ranked in.
    pub group: PeerGroup,
    /// The tasks it leads (answers for). Those whose deadline in force does
    /// not fall in the period are ignored.
    pub tasks: Vec<TaskFacts>,
    /// Its periodic reports. Those whose round is not due in the period are
    /// ignored.
    pub reports: Vec<ReportFacts>,
}

/// A task the agency leads, as of the period's end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskFacts {
    /// The task's id, for the page to link.
    pub task_id: i64,
    /// Its text.
    pub text: String,
    /// The deadline in force at the period's end (after approved extensions).
    pub due: NaiveDate,
    /// The deadline the directive set.
    pub original_due: NaiveDate,
    /// The deadline was moved by an approved extension marked as having an
    /// objective cause (lý do khách quan). Read only when `due` differs
    /// from `original_due`.
    pub extension_objective: bool,
    /// The day its accepted completion was claimed, if accepted by the
    /// period's end (see `model::completed_on`). `None`: still open.
    pub completed_on: Option<NaiveDate>,
    /// Times it was sent back at appraisal before being accepted.
    pub send_backs: u32,
    /// Paused or cancelled by the committee at the period's end: listed,
    /// not assessed.
    pub withdrawn: bool,
}

/// A periodic report the agency owes for a round (đợt báo cáo).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportFacts {
    /// The round's id.
    pub round_id: i64,
    /// "Báo cáo tháng 4/2026".
    pub title: String,
    /// The round's due date (the criteria's `reports.due_day` may set the day).
    pub due: NaiveDate,
    /// The day it was first submitted, if by the period's end.
    pub submitted_on: Option<NaiveDate>,
    /// Times the secretariat returned it for rework.
    pub returns: u32,
}

/// Which criterion a line's points belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CriterionKey {
    /// Số lượng.
    Quantity,
    /// Chất lượng.
    Quality,
    /// Tiến độ.
    Timeliness,
}

impl CriterionKey {
    /// The three, in the order tables list them.
    pub const ALL: [CriterionKey; 3] = [
        CriterionKey::Quantity,
        CriterionKey::Quality,
        CriterionKey::Timeliness,
    ];
}

/// What a line or item is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemRef {
    /// A task, by id (the page links `/nhiem-vu/{id}`).
    Task(i64),
    /// A periodic report, by round id.
    Report(i64),
}

/// How an item ended the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Done by the deadline that judges it.
    OnTime,
    /// Done after it (for a report: only when late reports count as done).
    Late,
    /// Not done by the period's end; a report submitted late when late
    /// reports count as not done.
    NotDone,
    /// Paused or cancelled: listed, not assessed.
    NotAssessed,
}

/// One explained line: the points it gave (positive) or cost (negative),
/// and why, in Vietnamese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// The task or report it is about.
    pub item: ItemRef,
    /// The criterion its points count for; `None` for a line that only
    /// explains (an exempt extension, an item not done).
    pub criterion: Option<CriterionKey>,
    /// Gained (positive) or lost (negative).
    pub points: Points,
    /// "Hoàn thành trước hạn 30/04/2026: +6,00 điểm đúng hạn".
    pub text: String,
}

/// One item's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemScore {
    /// The task or report.
    pub item: ItemRef,
    /// Its text or title.
    pub title: String,
    /// The deadline it was judged by.
    pub judged_due: NaiveDate,
    /// How it ended the period.
    pub outcome: Outcome,
    /// Its share of the criteria's points.
    pub max: Points,
    /// What it earned: the sum of its lines.
    pub points: Points,
    /// Why, line by line.
    pub lines: Vec<Line>,
}

/// A band as the result records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BandRef {
    /// "excellent".
    pub key: String,
    /// "Hoàn thành xuất sắc nhiệm vụ".
    pub label: String,
    /// "Xuất sắc".
    pub short: String,
}

/// One criterion's total for an agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionScore {
    /// Which criterion.
    pub criterion: CriterionKey,
    /// Its label from the criteria set ("Chất lượng").
    pub label: String,
    /// Earned.
    pub earned: Points,
    /// Possible (0 when nothing was scored).
    pub max: Points,
}

/// An agency's task and report figures for the period, as a KPI sheet
/// counts them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    /// Tasks due in the period and assessed (số nhiệm vụ được giao/kế hoạch).
    pub assigned: u32,
    /// Of those, done by the period's end (đã hoàn thành).
    pub completed: u32,
    /// Done by the deadline that judges them (đúng hạn).
    pub on_time: u32,
    /// Done after it (trễ hạn).
    pub late: u32,
    /// Not done by the period's end (chưa hoàn thành).
    pub not_completed: u32,
    /// Done and accepted without a send-back (đạt chất lượng).
    pub accepted_first_time: u32,
    /// Send-backs of the tasks done.
    pub send_backs: u32,
    /// Tasks judged by a deadline moved for an objective cause.
    pub exempt_extensions: u32,
    /// Tasks due in the period but paused or cancelled (not assessed).
    pub withdrawn: u32,
    /// Periodic reports due in the period.
    pub reports_due: u32,
    /// Submitted by their due date.
    pub reports_on_time: u32,
    /// Submitted after it (by the period's end).
    pub reports_late: u32,
    /// Not submitted by the period's end.
    pub reports_missing: u32,
}

impl Figures {
    /// Share of the assigned tasks completed, in hundredths of a percent
    /// (85,71 % is 8571); `None` when nothing was assigned.
    pub fn completed_percent(&self) -> Option<Points> {
        percent(self.completed, self.assigned)
    }

    /// Share of the assigned tasks completed on time.
    pub fn on_time_percent(&self) -> Option<Points> {
        percent(self.on_time, self.assigned)
    }

    /// Share of the reports due submitted on time.
    pub fn reports_on_time_percent(&self) -> Option<Points> {
        percent(self.reports_on_time, self.reports_due)
    }
}

/// `part / whole` as a percentage in hundredths, rounded half up.
pub fn percent(part: u32, whole: u32) -> Option<Points> {
    (whole > 0).then(|| {
        let h = (u64::from(part) * 20_000 + u64::from(whole)) / (2 * u64::from(whole));
        Points::from_hundredths(i64::try_from(h).unwrap_or(i64::MAX))
    })
}

/// One agency's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyScore {
    /// The agency's id.
    pub agency_id: i64,
    /// Its name.
    pub name: String,
    /// The group it is ranked in.
    pub group: PeerGroup,
    /// The score; `None` when nothing was due ("không có nhiệm vụ đến hạn").
    pub score: Option<Points>,
    /// The band of the score.
    pub band: Option<BandRef>,
    /// Rank in its group (1 = best); `None` when unscored.
    pub rank: Option<u32>,
    /// Another agency of the group has the same score.
    pub tied: bool,
    /// Why there is no score, or other remarks, in Vietnamese.
    pub note: Option<String>,
    /// The three criteria's totals.
    pub by_criterion: Vec<CriterionScore>,
    /// Every item, with its lines, in deadline order.
    pub items: Vec<ItemScore>,
    /// The counts behind the score.
    pub figures: Figures,
}

impl AgencyScore {
    /// Every line, item after item.
    pub fn lines(&self) -> impl Iterator<Item = &Line> {
        self.items.iter().flat_map(|i| i.lines.iter())
    }
}

/// One row of a group's ranking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankEntry {
    /// The agency's id.
    pub agency_id: i64,
    /// Its name.
    pub name: String,
    /// Its score; `None`: nothing due, listed after the ranked agencies.
    pub score: Option<Points>,
    /// Its band.
    pub band: Option<BandRef>,
    /// 1 = best; equal scores share a rank; `None` when unscored.
    pub rank: Option<u32>,
    /// Shares its rank with another agency.
    pub tied: bool,
}

/// A peer group's ranking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRanking {
    /// The group.
    pub group: PeerGroup,
    /// Ranked agencies best first (ties in name order), then the unscored.
    pub entries: Vec<RankEntry>,
}

/// The result of scoring a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scoring {
    /// The period scored.
    pub period: Period,
    /// The criteria set's version.
    pub criteria_version: String,
    /// The criteria set's name.
    pub criteria_name: String,
    /// The maximum score.
    pub total: Points,
    /// Every agency, by group and then name.
    pub agencies: Vec<AgencyScore>,
    /// One ranking per peer group that has agencies.
    pub rankings: Vec<GroupRanking>,
}

/// The head of an agency's KPI for the period (KPI người đứng đầu): the
/// agency's score and task figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeadKpi {
    /// The agency's id.
    pub agency_id: i64,
    /// The agency's name.
    pub agency: String,
    /// Its group.
    pub group: PeerGroup,
    /// The period.
    pub period: Period,
    /// The figures.
    pub figures: Figures,
    /// The score, if anything was due.
    pub score: Option<Points>,
    /// Its band.
    pub band: Option<BandRef>,
    /// Rank in the group.
    pub rank: Option<u32>,
    /// How many agencies of the group were ranked.
    pub ranked_in_group: u32,
}

impl Scoring {
    /// One agency's result.
    pub fn agency(&self, agency_id: i64) -> Option<&AgencyScore> {
        self.agencies.iter().find(|a| a.agency_id == agency_id)
    }

    /// The KPI of every agency's head, in the order of `agencies`.
    pub fn head_kpis(&self) -> Vec<HeadKpi> {
        self.agencies
            .iter()
            .map(|a| HeadKpi {
                agency_id: a.agency_id,
                agency: a.name.clone(),
                group: a.group,
                period: self.period,
                figures: a.figures,
                score: a.score,
                band: a.band.clone(),
                rank: a.rank,
                ranked_in_group: self
                    .agencies
                    .iter()
                    .filter(|o| o.group == a.group && o.score.is_some())
                    .count() as u32,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
