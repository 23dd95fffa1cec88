//! Disbursement (giải ngân) of the money tied to tasks: a project or fund's
//! allocation for the year, its monthly disbursement plan, what was actually
//! disbursed each month, and the rule that flags it behind plan.
//!
//! The rules, stated once (the reminder digest and the dashboards use them):
//!
//! - **Months counted on a date.** For a project of year `Y` on date `d`:
//!   the *months ended* are the months of `Y` whose last day is before `d`
//!   (0 before February of `Y`, 12 from 1 January `Y+1`); the *months
//!   started* are those whose first day is on or before `d`.
//! - **Plan to date** is the cumulative plan through the months ended. The
//!   current month's plan is not counted, not even pro rata: a monthly plan
//!   does not say on which day of the month the money goes out.
//! - **Disbursed to date** is the cumulative actual through the months
//!   started: what was recorded for the current month counts, so a project
//!   that catches up during the month is not flagged.
//! - **Behind plan** ([`BehindPlanRule`]): plan to date is positive,
//!   disbursed to date is strictly below `min_share` of it (90 % by
//!   default, compared exactly, without rounding), and the gap (plan to date
//!   − disbursed) is at least `min_gap` (50 triệu đồng by default), so tiny
//!   gaps are not flagged.
//!
//! Every sum is checked: an overflow is an error, never a wrapped number.

#![deny(missing_docs)]

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::money::{Dong, MoneyError, Rate, fold};

/// Where the money comes from (nguồn vốn).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CapitalSource {
    /// Vốn đầu tư công (public investment: development investment capital,
    /// the investment projects of digital transformation).
    PublicInvestment,
    /// Kinh phí chi thường xuyên (recurrent spending, including the S&T
    /// "sự nghiệp" budget that funds science and technology tasks).
    Recurrent,
    /// Any other source: ODA, enterprises, socialised funds.
    Other,
}

impl CapitalSource {
    /// Every source, in the order reports list them.
    pub const ALL: [CapitalSource; 3] = [
        CapitalSource::PublicInvestment,
        CapitalSource::Recurrent,
        CapitalSource::Other,
    ];

    /// A stable code for storage.
    pub fn code(self) -> &'static str {
        match self {
            CapitalSource::PublicInvestment => "public_investment",
            CapitalSource::Recurrent => "recurrent",
            CapitalSource::Other => "other",
        }
    }

    /// The source with this [`code`](Self::code).
    pub fn from_code(code: &str) -> Option<CapitalSource> {
        CapitalSource::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            CapitalSource::PublicInvestment => "Vốn đầu tư công",
            CapitalSource::Recurrent => "Chi thường xuyên",
            CapitalSource::Other => "Nguồn khác",
        }
    }

    /// The source a spreadsheet cell or a section heading names: "Đầu tư
    /// công", "Vốn ĐTC", "Vốn đầu tư phát triển", "XDCB" → public investment;
    /// "Chi thường xuyên", "CTX", "Kinh phí sự nghiệp KH&CN" → recurrent;
    /// "Nguồn khác", "ODA", "Xã hội hóa", "Vốn doanh nghiệp" → other.
    pub fn parse_vi(text: &str) -> Option<CapitalSource> {
        let f = fold(text);
        let words: Vec<&str> = f
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let key = format!(" {} ", words.join(" "));
        let has = |p: &str| key.contains(&format!(" {p} "));
        if has("dau tu cong")
            || has("dtc")
            || has("dau tu phat trien")
            || has("dtpt")
            || has("xdcb")
            || has("xay dung co ban")
        {
            Some(CapitalSource::PublicInvestment)
        } else if has("thuong xuyen") || has("ctx") || has("su nghiep") {
            Some(CapitalSource::Recurrent)
        } else if has("khac")
            || has("oda")
            || has("xa hoi hoa")
            || has("doanh nghiep")
            || has("vien tro")
            || has("tai tro")
        {
            Some(CapitalSource::Other)
        } else {
            None
        }
    }
}

/// What the money is for, where the budget tells them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Programme {
    /// Khoa học và công nghệ, đổi mới sáng tạo (S&T and innovation): what
    /// the required share of budget spending is measured on.
    ScienceTechnology,
    /// Chuyển đổi số (digital transformation).
    DigitalTransformation,
    /// Not said, or something else.
    Other,
}

impl Programme {
    /// Every programme.
    pub const ALL: [Programme; 3] = [
        Programme::ScienceTechnology,
        Programme::DigitalTransformation,
        Programme::Other,
    ];

    /// A stable code for storage.
    pub fn code(self) -> &'static str {
        match self {
            Programme::ScienceTechnology => "science_technology",
            Programme::DigitalTransformation => "digital_transformation",
            Programme::Other => "other",
        }
    }

    /// The programme with this [`code`](Self::code).
    pub fn from_code(code: &str) -> Option<Programme> {
        Programme::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            Programme::ScienceTechnology => "Khoa học, công nghệ và đổi mới sáng tạo",
            Programme::DigitalTransformation => "Chuyển đổi số",
            Programme::Other => "Khác",
        }
    }

    /// The programme a cell names: "KHCN", "Khoa học và công nghệ", "ĐMST"
    /// → S&T; "CĐS", "Chuyển đổi số" → digital transformation.
    pub fn parse_vi(text: &str) -> Option<Programme> {
        let f = fold(text);
        let words: Vec<&str> = f
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let key = format!(" {} ", words.join(" "));
        let has = |p: &str| key.contains(&format!(" {p} "));
        if has("chuyen doi so") || has("cds") {
            Some(Programme::DigitalTransformation)
        } else if has("khoa hoc")
            || has("khcn")
            || has("kh cn")
            || has("dmst")
            || has("doi moi sang tao")
        {
            Some(Programme::ScienceTechnology)
        } else if has("khac") {
            Some(Programme::Other)
        } else {
            None
        }
    }
}

/// Twelve amounts, one per month of a year, **each the amount of that month
/// alone** (not cumulative). Use [`Monthly::from_cumulative`] for a sheet
/// that gives running totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Monthly([Dong; 12]);

impl Monthly {
    /// From per-month amounts, January first.
    pub fn per_month(amounts: [Dong; 12]) -> Monthly {
        Monthly(amounts)
    }

    /// From running totals (lũy kế), January first: month `m` is
    /// `cumulative[m] − cumulative[m−1]`. A total that goes down gives a
    /// negative month (a refund), kept as it is.
    pub fn from_cumulative(cumulative: [Dong; 12]) -> Result<Monthly, MoneyError> {
        let mut out = [Dong::ZERO; 12];
        let mut previous = Dong::ZERO;
        for (slot, total) in out.iter_mut().zip(cumulative) {
            *slot = total.try_sub(previous)?;
            previous = total;
        }
        Ok(Monthly(out))
    }

    /// The twelve amounts, January first.
    pub fn amounts(&self) -> &[Dong; 12] {
        &self.0
    }

    /// Month `month`'s amount (1 = January); zero outside 1..=12.
    pub fn month(&self, month: u32) -> Dong {
        month
            .checked_sub(1)
            .and_then(|i| self.0.get(i as usize))
            .copied()
            .unwrap_or(Dong::ZERO)
    }

    /// The sum of January through `month` (0 gives zero; past 12, the year).
    pub fn through(&self, month: u32) -> Result<Dong, MoneyError> {
        Dong::sum(self.0.iter().copied().take(month.min(12) as usize))
    }

    /// The year's total.
    pub fn total(&self) -> Result<Dong, MoneyError> {
        self.through(12)
    }

    /// Running totals, January first.
    pub fn cumulative(&self) -> Result<[Dong; 12], MoneyError> {
        let mut out = [Dong::ZERO; 12];
        let mut running = Dong::ZERO;
        for (slot, amount) in out.iter_mut().zip(self.0) {
            running = running.try_add(amount)?;
            *slot = running;
        }
        Ok(out)
    }
}

/// The months of `year` that have ended on `as_of` (see the module rules):
/// 0 in January of `year` or before it, `m − 1` in month `m`, 12 after it.
pub fn months_ended(year: i32, as_of: NaiveDate) -> u32 {
    match as_of.year().cmp(&year) {
        std::cmp::Ordering::Less => 0,
        std::cmp::Ordering::Greater => 12,
        std::cmp::Ordering::Equal => as_of.month() - 1,
    }
}

/// The months of `year` that have started on `as_of`: 0 before `year`,
/// `m` in month `m`, 12 after it.
pub fn months_started(year: i32, as_of: NaiveDate) -> u32 {
    match as_of.year().cmp(&year) {
        std::cmp::Ordering::Less => 0,
        std::cmp::Ordering::Greater => 12,
        std::cmp::Ordering::Equal => as_of.month(),
    }
}

/// A project or fund with money for one year: a science and technology
/// task's budget, a digital-transformation investment project (dự án, nhiệm
/// vụ có vốn). The store keys it by `(code, year)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// Mã dự án / nhiệm vụ, as the finance department writes it.
    pub code: String,
    /// Tên dự án / nhiệm vụ.
    pub name: String,
    /// The owner agency's id (chủ đầu tư / đơn vị thực hiện), as the store
    /// keys agencies.
    pub agency: String,
    /// Nguồn vốn.
    pub source: CapitalSource,
    /// What the money is for.
    pub programme: Programme,
    /// The budget year.
    pub year: i32,
    /// Kế hoạch vốn giao: the amount allocated for the year.
    pub allocation: Dong,
    /// The disbursement plan, per month.
    pub plan: Monthly,
    /// What was disbursed, per month.
    pub actual: Monthly,
}

/// Where a project stands on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// The months ended: the plan counts through this month (0: none yet).
    pub month: u32,
    /// Kế hoạch vốn giao.
    pub allocation: Dong,
    /// The plan through `month`.
    pub plan_to_date: Dong,
    /// Disbursed through the current month.
    pub disbursed: Dong,
}

impl Progress {
    /// Disbursed against the allocation; `None` without a positive allocation.
    pub fn rate_of_allocation(&self) -> Option<Rate> {
        Rate::of(self.disbursed, self.allocation)
    }

    /// Disbursed against the plan to date; `None` while nothing was planned.
    pub fn rate_of_plan(&self) -> Option<Rate> {
        Rate::of(self.disbursed, self.plan_to_date)
    }
}

/// When a project counts as behind plan (see the module rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BehindPlanRule {
    /// Behind when disbursed is strictly below this share of the plan to date.
    pub min_share: Rate,
    /// ... and the gap is at least this much.
    pub min_gap: Dong,
}

impl Default for BehindPlanRule {
    /// 90 % of the plan to date, gaps from 50 triệu đồng.
    fn default() -> Self {
        BehindPlanRule {
            min_share: Rate::from_percent(90),
            min_gap: Dong(50_000_000),
        }
    }
}

/// A project behind its disbursement plan: the flag the reminder digest
/// carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BehindPlan {
    /// The project's code.
    pub code: String,
    /// The budget year.
    pub year: i32,
    /// The plan counts through this month.
    pub month: u32,
    /// The plan through `month`.
    pub plan_to_date: Dong,
    /// Disbursed to date.
    pub disbursed: Dong,
    /// `disbursed / plan_to_date`.
    pub rate: Rate,
    /// `plan_to_date − disbursed`.
    pub gap: Dong,
}

impl BehindPlan {
    /// The digest's sentence: "chậm giải ngân so với kế hoạch: đạt 62 % kế
    /// hoạch đến tháng 10 (đã giải ngân 620 triệu đồng / kế hoạch 1 tỷ
    /// đồng)". The percentage is rounded down, so a rate just under the
    /// threshold never reads as the threshold itself.
    pub fn message_vi(&self) -> String {
        format!(
            "chậm giải ngân so với kế hoạch: đạt {} % kế hoạch đến tháng {} (đã giải ngân {} / kế hoạch {})",
            self.rate.percent_floor(),
            self.month,
            self.disbursed.format_short(),
            self.plan_to_date.format_short()
        )
    }
}

impl Project {
    /// Disbursed through the months started on `as_of`.
    pub fn disbursed_to_date(&self, as_of: NaiveDate) -> Result<Dong, MoneyError> {
        self.actual.through(months_started(self.year, as_of))
    }

    /// The plan through the months ended on `as_of`.
    pub fn plan_to_date(&self, as_of: NaiveDate) -> Result<Dong, MoneyError> {
        self.plan.through(months_ended(self.year, as_of))
    }

    /// Where the project stands on `as_of`.
    pub fn progress(&self, as_of: NaiveDate) -> Result<Progress, MoneyError> {
        Ok(Progress {
            month: months_ended(self.year, as_of),
            allocation: self.allocation,
            plan_to_date: self.plan_to_date(as_of)?,
            disbursed: self.disbursed_to_date(as_of)?,
        })
    }

    /// The behind-plan flag on `as_of`, by `rule`; `None` when on plan or
    /// when nothing was planned yet.
    pub fn behind_plan(
        &self,
        as_of: NaiveDate,
        rule: &BehindPlanRule,
    ) -> Result<Option<BehindPlan>, MoneyError> {
        let p = self.progress(as_of)?;
        behind(&p, rule).map(|found| {
            found.map(|(rate, gap)| BehindPlan {
                code: self.code.clone(),
                year: self.year,
                month: p.month,
                plan_to_date: p.plan_to_date,
                disbursed: p.disbursed,
                rate,
                gap,
            })
        })
    }

    /// What an import preview should point out, in Vietnamese: a plan whose
    /// twelve months do not add up to the allocation, a negative
    /// allocation, more disbursed than allocated.
    pub fn warnings_vi(&self) -> Result<Vec<String>, MoneyError> {
        let mut out = Vec::new();
        let plan = self.plan.total()?;
        let actual = self.actual.total()?;
        if self.allocation.is_negative() {
            out.push(format!("kế hoạch vốn âm ({})", self.allocation));
        }
        if plan != self.allocation && !plan.is_zero() {
            out.push(format!(
                "tổng kế hoạch giải ngân 12 tháng ({}) khác kế hoạch vốn giao ({})",
                plan, self.allocation
            ));
        }
        if actual > self.allocation {
            out.push(format!(
                "đã giải ngân ({}) vượt kế hoạch vốn giao ({})",
                actual, self.allocation
            ));
        }
        Ok(out)
    }
}

/// `Some((rate, gap))` when `p` is behind plan by `rule`.
fn behind(p: &Progress, rule: &BehindPlanRule) -> Result<Option<(Rate, Dong)>, MoneyError> {
    let Some(rate) = p.rate_of_plan() else {
        return Ok(None);
    };
    let gap = p.plan_to_date.try_sub(p.disbursed)?;
    let below = rule.min_share.exceeds_share(p.disbursed, p.plan_to_date);
    Ok((below && gap >= rule.min_gap).then_some((rate, gap)))
}

/// Sums over a group of projects on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    /// How many projects.
    pub projects: usize,
    /// How many of them are behind plan.
    pub behind: usize,
    /// Kế hoạch vốn giao.
    pub allocation: Dong,
    /// The plan to date.
    pub plan_to_date: Dong,
    /// Disbursed to date.
    pub disbursed: Dong,
}

impl Totals {
    /// Disbursed against the allocation.
    pub fn rate_of_allocation(&self) -> Option<Rate> {
        Rate::of(self.disbursed, self.allocation)
    }

    /// Disbursed against the plan to date.
    pub fn rate_of_plan(&self) -> Option<Rate> {
        Rate::of(self.disbursed, self.plan_to_date)
    }

    fn add(&mut self, p: &Progress, behind: bool) -> Result<(), MoneyError> {
        self.projects += 1;
        self.behind += usize::from(behind);
        self.allocation = self.allocation.try_add(p.allocation)?;
        self.plan_to_date = self.plan_to_date.try_add(p.plan_to_date)?;
        self.disbursed = self.disbursed.try_add(p.disbursed)?;
        Ok(())
    }
}

/// Totals of the projects of `year` on `as_of`, grouped by `key` (in the
/// key's order). Projects of other years are left out: a year's figures
/// never mix with another's.
pub fn totals_by<K: Ord>(
    projects: &[Project],
    year: i32,
    as_of: NaiveDate,
    rule: &BehindPlanRule,
    key: impl Fn(&Project) -> K,
) -> Result<BTreeMap<K, Totals>, MoneyError> {
    let mut out: BTreeMap<K, Totals> = BTreeMap::new();
    for project in projects.iter().filter(|p| p.year == year) {
        let p = project.progress(as_of)?;
        let late = behind(&p, rule)?.is_some();
        out.entry(key(project)).or_default().add(&p, late)?;
    }
    Ok(out)
}

/// Totals by owner agency id.
pub fn totals_by_agency(
    projects: &[Project],
    year: i32,
    as_of: NaiveDate,
    rule: &BehindPlanRule,
) -> Result<BTreeMap<String, Totals>, MoneyError> {
    totals_by(projects, year, as_of, rule, |p| p.agency.clone())
}

/// Totals by capital source.
pub fn totals_by_source(
    projects: &[Project],
    year: i32,
    as_of: NaiveDate,
    rule: &BehindPlanRule,
) -> Result<BTreeMap<CapitalSource, Totals>, MoneyError> {
    totals_by(projects, year, as_of, rule, |p| p.source)
}

/// Totals of every project of `year`.
pub fn totals(
    projects: &[Project],
    year: i32,
    as_of: NaiveDate,
    rule: &BehindPlanRule,
) -> Result<Totals, MoneyError> {
    Ok(totals_by(projects, year, as_of, rule, |_| ())?
        .remove(&())
        .unwrap_or_default())
}

/// One month of a year's projects together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MonthTotals {
    /// 1 = January.
    pub month: u32,
    /// Planned for this month.
    pub plan: Dong,
    /// Disbursed in this month.
    pub actual: Dong,
    /// Planned January through this month.
    pub plan_cumulative: Dong,
    /// Disbursed January through this month.
    pub actual_cumulative: Dong,
}

/// The twelve months of the projects of `year`, for the plan-against-actual
/// chart.
pub fn totals_by_month(projects: &[Project], year: i32) -> Result<[MonthTotals; 12], MoneyError> {
    let mut out = [MonthTotals::default(); 12];
    let mut plan_running = Dong::ZERO;
    let mut actual_running = Dong::ZERO;
    for (i, slot) in out.iter_mut().enumerate() {
        let month = i as u32 + 1;
        let of_year = || projects.iter().filter(|p| p.year == year);
        let plan = Dong::sum(of_year().map(|p| p.plan.month(month)))?;
        let actual = Dong::sum(of_year().map(|p| p.actual.month(month)))?;
        plan_running = plan_running.try_add(plan)?;
        actual_running = actual_running.try_add(actual)?;
        *slot = MonthTotals {
            month,
            plan,
            actual,
            plan_cumulative: plan_running,
            actual_cumulative: actual_running,
        };
    }
    Ok(out)
}

/// A spending share against its required level: "tổng chi ngân sách cho
/// khoa học và công nghệ phải đạt mức quy định".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShareAssessment {
    /// What was spent on the purpose (S&T).
    pub spending: Dong,
    /// The whole it is a share of (total budget spending).
    pub total: Dong,
    /// `spending / total`.
    pub share: Rate,
    /// The required level.
    pub required: Rate,
    /// Whether `share ≥ required`, exactly.
    pub met: bool,
    /// How much more spending would reach the required level (the required
    /// share of the total, rounded up to the đồng, less the spending); zero
    /// when met.
    pub shortfall: Dong,
}

/// The year's S&T spending share: `spending` (on science, technology and
/// innovation) against `total` budget spending, and the `required` share
/// (a parameter: the level the resolution or the province sets). `None`
/// when the total is not positive.
pub fn spending_share(
    spending: Dong,
    total: Dong,
    required: Rate,
) -> Result<Option<ShareAssessment>, MoneyError> {
    let Some(share) = Rate::of(spending, total) else {
        return Ok(None);
    };
    let met = share >= required;
    let needed = required.of_amount_ceil(total)?;
    let shortfall = if met {
        Dong::ZERO
    } else {
        needed.try_sub(spending)?.max(Dong::ZERO)
    };
    Ok(Some(ShareAssessment {
        spending,
        total,
        share,
        required,
        met,
        shortfall,
    }))
}

impl ShareAssessment {
    /// "Chi cho khoa học và công nghệ đạt 1,8 % tổng chi ngân sách, dưới mức
    /// quy định 3,0 % (cần thêm 12,5 tỷ đồng)". A share below the level is
    /// rounded down, so it never reads as the level itself.
    pub fn message_vi(&self) -> String {
        if self.met {
            format!(
                "Chi cho khoa học và công nghệ đạt {} tổng chi ngân sách, đạt mức quy định {}",
                self.share, self.required
            )
        } else {
            format!(
                "Chi cho khoa học và công nghệ đạt {} tổng chi ngân sách, dưới mức quy định {} (cần thêm {})",
                self.share.format_percent_floor(1),
                self.required,
                self.shortfall.format_short()
            )
        }
    }
}

/// The S&T spending of the projects of `year`: the actuals of the year of
/// the projects whose programme is science and technology.
pub fn science_spending(projects: &[Project], year: i32) -> Result<Dong, MoneyError> {
    let mut total = Dong::ZERO;
    for p in projects
        .iter()
        .filter(|p| p.year == year && p.programme == Programme::ScienceTechnology)
    {
        total = total.try_add(p.actual.total()?)?;
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    const M: i64 = 1_000_000;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn millions(v: [i64; 12]) -> Monthly {
        Monthly::per_month(v.map(|x| Dong(x * M)))
    }

    /// A 1.200 triệu project planned 100 a month; disbursed 50 a month until
    /// September, then 80 in October.
    fn project(code: &str, agency: &str, source: CapitalSource) -> Project {
        Project {
            code: code.into(),
            name: format!("Dự án {code}"),
            agency: agency.into(),
            source,
            programme: Programme::DigitalTransformation,
            year: 2026,
            allocation: Dong(1_200 * M),
            plan: millions([100; 12]),
            actual: millions([50, 50, 50, 50, 50, 50, 50, 50, 50, 80, 0, 0]),
        }
    }

    #[test]
    fn months_counted_on_a_date() {
        assert_eq!(months_ended(2026, date(2025, 12, 31)), 0);
        assert_eq!(months_ended(2026, date(2026, 1, 31)), 0);
        assert_eq!(months_ended(2026, date(2026, 2, 1)), 1);
        assert_eq!(months_ended(2026, date(2026, 11, 15)), 10);
        assert_eq!(months_ended(2026, date(2026, 12, 31)), 11);
        assert_eq!(months_ended(2026, date(2027, 1, 1)), 12);
        assert_eq!(months_started(2026, date(2025, 12, 31)), 0);
        assert_eq!(months_started(2026, date(2026, 1, 1)), 1);
        assert_eq!(months_started(2026, date(2026, 11, 15)), 11);
        assert_eq!(months_started(2027, date(2028, 3, 1)), 12);
    }

    #[test]
    fn progress_by_hand() {
        let p = project("DA01", "skhcn", CapitalSource::PublicInvestment);
        // 15/11/2026: plan Jan–Oct = 10 × 100 = 1.000; disbursed Jan–Nov =
        // 9 × 50 + 80 + 0 = 530.
        let g = or_blank(p.progress(date(2026, 11, 15)));
        assert_eq!(g.month, 10);
        assert_eq!(g.plan_to_date, Dong(1_000 * M));
        assert_eq!(g.disbursed, Dong(530 * M));
        assert_eq!(
            g.rate_of_plan().map(|r| r.to_string()),
            Some("53,0 %".into())
        );
        // 530 / 1.200 = 44,166… %
        assert_eq!(
            g.rate_of_allocation().map(|r| r.to_string()),
            Some("44,2 %".into())
        );
        // In January nothing is planned to date yet: no rate, not behind.
        let jan = or_blank(p.progress(date(2026, 1, 20)));
        assert_eq!(
            (jan.plan_to_date, jan.disbursed),
            (Dong::ZERO, Dong(50 * M))
        );
        assert_eq!(jan.rate_of_plan(), None);
        assert_eq!(
            p.behind_plan(date(2026, 1, 20), &BehindPlanRule::default()),
            Ok(None)
        );
    }

    /// The progress, or an impossible one (month 99) that fails the test.
    fn or_blank(r: Result<Progress, MoneyError>) -> Progress {
        r.unwrap_or(Progress {
            month: 99,
            allocation: Dong::ZERO,
            plan_to_date: Dong::ZERO,
            disbursed: Dong::ZERO,
        })
    }

    #[test]
    fn behind_plan_rule_by_hand() {
        let rule = BehindPlanRule::default();
        let p = project("DA01", "skhcn", CapitalSource::PublicInvestment);
        // 1/11/2026: plan Jan–Oct 1.000, disbursed 530: 53 % < 90 %, gap 470.
        let flag = p.behind_plan(date(2026, 11, 1), &rule).ok().flatten();
        let flag = flag.map(|f| (f.month, f.gap, f.message_vi()));
        assert_eq!(
            flag,
            Some((
                10,
                Dong(470 * M),
                "chậm giải ngân so với kế hoạch: đạt 53 % kế hoạch đến tháng 10 \
                 (đã giải ngân 530 triệu đồng / kế hoạch 1 tỷ đồng)"
                    .to_owned()
            ))
        );
        // Exactly 90 % is not behind; 899/1000 is (the message says 89 %).
        let mut q = p.clone();
        q.actual = millions([900, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(q.behind_plan(date(2026, 11, 1), &rule), Ok(None));
        q.actual = Monthly::per_month([
            Dong(899_999_999),
            Dong::ZERO,
            Dong::ZERO,
            Dong::ZERO,
            Dong::ZERO,
            Dong::ZERO,
            Dong::ZERO,
            Dong::ZERO,
            Dong::ZERO,
            Dong::ZERO,
            Dong::ZERO,
            Dong::ZERO,
        ]);
        let f = q.behind_plan(date(2026, 11, 1), &rule).ok().flatten();
        assert_eq!(f.as_ref().map(|f| f.rate.percent_floor()), Some(89));
        assert_eq!(f.map(|f| f.gap), Some(Dong(100_000_001)));
        // A small task: plan 60 triệu to date, disbursed 20: 33 % but the
        // 40 triệu gap is under the 50 triệu minimum: not flagged.
        let mut small = p.clone();
        small.plan = millions([20, 20, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        small.actual = millions([20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(small.behind_plan(date(2026, 4, 2), &rule), Ok(None));
        let strict = BehindPlanRule {
            min_gap: Dong::ZERO,
            ..rule
        };
        assert!(matches!(
            small.behind_plan(date(2026, 4, 2), &strict),
            Ok(Some(_))
        ));
        // Catching up in the current month clears the flag: plan Jan–Oct
        // 1.000, and 470 recorded in November.
        let mut caught = p.clone();
        caught.actual = millions([50, 50, 50, 50, 50, 50, 50, 50, 50, 80, 470, 0]);
        assert_eq!(caught.behind_plan(date(2026, 11, 3), &rule), Ok(None));
    }

    #[test]
    fn cumulative_plans_become_monthly() {
        let cum = [100, 200, 300, 300, 450, 450, 450, 600, 600, 800, 1000, 1200];
        let m = Monthly::from_cumulative(cum.map(|x| Dong(x * M)));
        let monthly = m.map(|m| *m.amounts());
        assert_eq!(
            monthly,
            Ok([100, 100, 100, 0, 150, 0, 0, 150, 0, 200, 200, 200].map(|x| Dong(x * M)))
        );
        assert_eq!(
            Monthly::from_cumulative(cum.map(|x| Dong(x * M))).and_then(|m| m.cumulative()),
            Ok(cum.map(|x| Dong(x * M)))
        );
        let m = millions([1; 12]);
        assert_eq!(m.month(0), Dong::ZERO);
        assert_eq!(m.month(13), Dong::ZERO);
        assert_eq!(m.through(20), Ok(Dong(12 * M)));
    }

    #[test]
    fn totals_by_agency_source_and_month() {
        let rule = BehindPlanRule::default();
        let mut on_plan = project("DA02", "stc", CapitalSource::Recurrent);
        on_plan.actual = millions([100; 12]);
        let mut other_year = project("DA03", "skhcn", CapitalSource::Recurrent);
        other_year.year = 2025;
        let projects = vec![
            project("DA01", "skhcn", CapitalSource::PublicInvestment),
            on_plan,
            project("DA04", "skhcn", CapitalSource::Recurrent),
            other_year,
        ];
        let as_of = date(2026, 11, 1);
        let by_agency = totals_by_agency(&projects, 2026, as_of, &rule).unwrap_or_default();
        let skhcn = by_agency.get("skhcn").copied().unwrap_or_default();
        // Two 2026 projects of skhcn (the 2025 one is left out).
        assert_eq!(skhcn.projects, 2);
        assert_eq!(skhcn.behind, 2);
        assert_eq!(skhcn.allocation, Dong(2_400 * M));
        assert_eq!(skhcn.plan_to_date, Dong(2_000 * M));
        assert_eq!(skhcn.disbursed, Dong(1_060 * M));
        assert_eq!(
            skhcn.rate_of_plan().map(|r| r.to_string()),
            Some("53,0 %".into())
        );
        let stc = by_agency.get("stc").copied().unwrap_or_default();
        assert_eq!(
            (stc.projects, stc.behind, stc.disbursed),
            (1, 0, Dong(1_100 * M))
        );
        let by_source = totals_by_source(&projects, 2026, as_of, &rule).unwrap_or_default();
        let keys: Vec<_> = by_source.keys().copied().collect();
        assert_eq!(
            keys,
            [CapitalSource::PublicInvestment, CapitalSource::Recurrent]
        );
        assert_eq!(
            by_source
                .get(&CapitalSource::Recurrent)
                .map(|t| t.disbursed),
            Some(Dong(1_630 * M))
        );
        let all = totals(&projects, 2026, as_of, &rule).unwrap_or_default();
        assert_eq!(
            (all.projects, all.behind, all.disbursed),
            (3, 2, Dong(2_160 * M))
        );
        let months = totals_by_month(&projects, 2026).unwrap_or_default();
        let oct = months.get(9).copied().unwrap_or_default();
        assert_eq!(oct.month, 10);
        assert_eq!(oct.plan, Dong(300 * M));
        assert_eq!(oct.actual, Dong(260 * M));
        assert_eq!(oct.plan_cumulative, Dong(3_000 * M));
        // 9 × (50+100+50) + 260 = 2.060
        assert_eq!(oct.actual_cumulative, Dong(2_060 * M));
    }

    #[test]
    fn science_spending_share_against_required_level() {
        let b = 1_000_000_000;
        // 1,8 % of 25.000 tỷ = 450 tỷ; 3 % would be 750 tỷ: 300 tỷ short.
        let s = spending_share(Dong(450 * b), Dong(25_000 * b), Rate::from_percent(3));
        let s = s.ok().flatten();
        assert_eq!(
            s.map(|s| (s.met, s.shortfall)),
            Some((false, Dong(300 * b)))
        );
        assert_eq!(
            s.map(|s| s.message_vi()),
            Some(
                "Chi cho khoa học và công nghệ đạt 1,8 % tổng chi ngân sách, dưới mức quy định 3,0 % (cần thêm 300 tỷ đồng)"
                    .into()
            )
        );
        // 2,996 % reads 2,9 %, not 3,0 %.
        let near = spending_share(Dong(2_996), Dong(100_000), Rate::from_percent(3))
            .ok()
            .flatten();
        assert_eq!(
            near.map(|s| s.message_vi().contains("đạt 2,9 %")),
            Some(true)
        );
        assert_eq!(near.map(|s| s.shortfall), Some(Dong(4)));
        let met = spending_share(Dong(800 * b), Dong(25_000 * b), Rate::from_percent(3))
            .ok()
            .flatten();
        assert_eq!(
            met.map(|s| s.message_vi()),
            Some("Chi cho khoa học và công nghệ đạt 3,2 % tổng chi ngân sách, đạt mức quy định 3,0 %".into())
        );
        assert_eq!(
            spending_share(Dong(1), Dong::ZERO, Rate::from_percent(3)),
            Ok(None)
        );
        let mut st = project("KH01", "skhcn", CapitalSource::Recurrent);
        st.programme = Programme::ScienceTechnology;
        let projects = [
            st,
            project("DA01", "skhcn", CapitalSource::PublicInvestment),
        ];
        assert_eq!(science_spending(&projects, 2026), Ok(Dong(530 * M)));
    }

    #[test]
    fn sources_and_programmes_from_cells() {
        use CapitalSource::*;
        let cases = [
            ("Đầu tư công", Some(PublicInvestment)),
            ("Vốn ĐTC", Some(PublicInvestment)),
            ("Vốn đầu tư phát triển", Some(PublicInvestment)),
            ("XDCB", Some(PublicInvestment)),
            ("Chi thường xuyên", Some(Recurrent)),
            ("CTX", Some(Recurrent)),
            ("Kinh phí sự nghiệp KH&CN", Some(Recurrent)),
            ("Nguồn khác", Some(Other)),
            ("ODA", Some(Other)),
            ("I. VỐN ĐẦU TƯ CÔNG", Some(PublicInvestment)),
            ("Ngân sách", None),
        ];
        for (text, want) in cases {
            assert_eq!(CapitalSource::parse_vi(text), want, "{text}");
        }
        for s in CapitalSource::ALL {
            assert_eq!(CapitalSource::from_code(s.code()), Some(s));
        }
        assert_eq!(
            Programme::parse_vi("KHCN"),
            Some(Programme::ScienceTechnology)
        );
        assert_eq!(
            Programme::parse_vi("Chuyển đổi số"),
            Some(Programme::DigitalTransformation)
        );
        assert_eq!(
            Programme::parse_vi("KH&CN"),
            Some(Programme::ScienceTechnology)
        );
        for s in Programme::ALL {
            assert_eq!(Programme::from_code(s.code()), Some(s));
        }
    }

    #[test]
    fn warnings_for_the_preview() {
        let mut p = project("DA01", "skhcn", CapitalSource::PublicInvestment);
        assert_eq!(p.warnings_vi(), Ok(vec![]));
        p.allocation = Dong(1_000 * M);
        p.actual = millions([100; 12]);
        assert_eq!(
            p.warnings_vi(),
            Ok(vec![
                "tổng kế hoạch giải ngân 12 tháng (1.200.000.000 đ) khác kế hoạch vốn giao (1.000.000.000 đ)".to_owned(),
                "đã giải ngân (1.200.000.000 đ) vượt kế hoạch vốn giao (1.000.000.000 đ)".to_owned(),
            ])
        );
    }
}
