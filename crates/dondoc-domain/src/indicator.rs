//! Indicators (chỉ tiêu, chỉ số): the numbers directives set targets for —
//! the digital-transformation index (DTI) place, the innovation index (PII),
//! the share of online public services, the digital economy's share of GRDP
//! — their values over time, and their status by the HCMC executive
//! system's colours.
//!
//! **The status rule** ([`assess`]), stated once:
//!
//! 1. The *latest value* is the observation whose period ends last (a year
//!    wins over its fourth quarter). No value: **grey**.
//! 2. Each target resolves to a *threshold*: "đạt ≥ 80 %" is 80; "tăng 1–2
//!    bậc" is the previous period's value improved by the lower bound of the
//!    range, 1 (the previous year's place, or the baseline when the baseline
//!    is that year); "trên mức trung bình cả nước" is the comparison value
//!    the caller gives. A target that cannot be resolved is **grey**, with
//!    the reason.
//! 3. The *target in force* is the one whose period ends first on or after
//!    the latest value's period end; when all have ended, the last one. No
//!    target: **grey**.
//! 4. Target met (≥ or > the threshold, ≤ or < when lower is better):
//!    **green**. Not met and its period has ended: **red**.
//! 5. Otherwise the *trajectory* is linear, in months, from the start anchor
//!    to the threshold at the target period's end, evaluated at the end of
//!    the latest value's period: `T = s + (t − s) × k / n`, where the start
//!    anchor `s` is the latest of the baseline (at the end of its year) and
//!    the earlier targets (at their periods' ends), `n` the months from it
//!    to the target's end, `k` the months from it to the value's period end
//!    (clamped to `0..=n`). No start anchor: **grey**. The value on or ahead
//!    of `T`: **green**; behind it by at most the tolerance
//!    ([`Tolerance`], a parameter): **orange**; further behind: **red**.
//!    All comparisons are exact (integers, cross-multiplied).
//! 6. Several targets in force (the same period): the worst status, in the
//!    order red, orange, grey, green, with every explanation.
//!
//! [`parse_targets`] reads targets from a directive's sentence for the
//! review screen to offer as indicators.

#![deny(missing_docs)]

use chrono::{Datelike, NaiveDate};

use crate::money::{Rate, div_round, fold_char, format_fixed};
use crate::status::Colour;

/// A decimal figure, exact to four decimals (stored in ten-thousandths): a
/// percentage, a place, an index score such as 0,4512.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Figure(i64);

impl Figure {
    /// Ten-thousandths in one.
    pub const SCALE: i64 = 10_000;

    /// A whole number.
    pub fn from_int(v: i64) -> Figure {
        Figure(v.saturating_mul(Self::SCALE))
    }

    /// From ten-thousandths: `from_scaled(625_000)` is 62,5.
    pub fn from_scaled(ten_thousandths: i64) -> Figure {
        Figure(ten_thousandths)
    }

    /// In ten-thousandths.
    pub fn scaled(self) -> i64 {
        self.0
    }

    /// Reads "62,5", "62.5", "80 %", "1.250", "-3", "0,4512". Vietnamese
    /// convention: ',' is the decimal mark; '.' groups thousands when it
    /// separates groups of three digits after a non-zero lead ("1.250"), and
    /// is the decimal mark otherwise ("62.5", "0.451"). With both marks, the
    /// last one is the decimal mark. More than four decimals are rounded
    /// half away from zero. A trailing "%" is allowed.
    pub fn parse(text: &str) -> Option<Figure> {
        let t = text.trim().trim_end_matches('%').trim();
        let (negative, t) = match t.strip_prefix(['-', '−', '–']) {
            Some(r) => (true, r.trim_start()),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        if t.is_empty()
            || !t
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        {
            return None;
        }
        if !t.starts_with(|c: char| c.is_ascii_digit())
            || !t.ends_with(|c: char| c.is_ascii_digit())
        {
            return None;
        }
        let dots = t.matches('.').count();
        let commas = t.matches(',').count();
        let decimal = match (dots, commas) {
            (0, 0) => None,
            (0, 1) => Some(','),
            (0, _) => return None,
            (_, 0) => {
                let groups: Vec<&str> = t.split('.').collect();
                let grouping = groups
                    .first()
                    .is_some_and(|g| !g.is_empty() && g.len() <= 3 && !g.starts_with('0'))
                    && groups.iter().skip(1).all(|g| g.len() == 3);
                if grouping {
                    None
                } else if dots == 1 {
                    Some('.')
                } else {
                    return None;
                }
            }
            _ => {
                let last = t
                    .rfind(['.', ','])
                    .and_then(|i| t.get(i..))
                    .and_then(|s| s.chars().next())?;
                let count = if last == '.' { dots } else { commas };
                if count != 1 {
                    return None;
                }
                Some(last)
            }
        };
        let (int, frac) = match decimal.and_then(|m| t.rfind(m)) {
            Some(i) => (t.get(..i)?, t.get(i + 1..)?),
            None => (t, ""),
        };
        let int: String = int.chars().filter(char::is_ascii_digit).collect();
        if int.len() > 14 || frac.contains(|c: char| !c.is_ascii_digit()) {
            return None;
        }
        let int: i128 = if int.is_empty() { 0 } else { int.parse().ok()? };
        let frac = frac.trim_end_matches('0');
        let frac_val: i128 = if frac.is_empty() {
            0
        } else {
            let f = frac.get(..frac.len().min(30))?;
            let v: i128 = f.parse().ok()?;
            div_round(v * 10_000, 10i128.checked_pow(f.len() as u32)?)
        };
        let v = int * 10_000 + frac_val;
        let v = if negative { -v } else { v };
        i64::try_from(v).ok().map(Figure)
    }

    /// From a spreadsheet number: written with 15 significant digits (what
    /// Excel keeps), then rounded to four decimals half away from zero.
    pub fn from_f64(v: f64) -> Option<Figure> {
        if !v.is_finite() || v.abs() >= 1e14 {
            return None;
        }
        let s = format!("{:.14e}", v);
        let (mantissa, exp) = s.split_once('e')?;
        let exp: i32 = exp.parse().ok()?;
        let negative = mantissa.starts_with('-');
        let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
        let m: i128 = digits.parse().ok()?;
        // value = m × 10^(exp − 14); in ten-thousandths: m × 10^(exp − 10).
        let shift = exp - 10;
        let scaled = if shift >= 0 {
            m.checked_mul(10i128.checked_pow(shift as u32)?)?
        } else {
            let d = 10i128.checked_pow(shift.unsigned_abs())?;
            div_round(m, d)
        };
        let scaled = if negative { -scaled } else { scaled };
        i64::try_from(scaled).ok().map(Figure)
    }

    /// With exactly `decimals` decimals (at most 4), rounded half away from
    /// zero, Vietnamese marks: "62,0", "1.250".
    pub fn format(self, decimals: u32) -> String {
        let d = decimals.min(4);
        let q = div_round(i128::from(self.0), 10i128.pow(4 - d));
        format_fixed(q, d, false)
    }

    /// With at most `decimals` decimals, trailing zeros dropped: "80", "62,5".
    pub fn format_trimmed(self, decimals: u32) -> String {
        let d = decimals.min(4);
        let q = div_round(i128::from(self.0), 10i128.pow(4 - d));
        format_fixed(q, d, true)
    }
}

/// A reporting period: a year, a half, a quarter or a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    /// A calendar year.
    Year(i32),
    /// Half 1 (January–June) or 2 of a year.
    Half(i32, u8),
    /// Quarter 1–4 of a year.
    Quarter(i32, u8),
    /// Month 1–12 of a year.
    Month(i32, u8),
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Period) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Chronological by end, then by start.
impl Ord for Period {
    fn cmp(&self, other: &Period) -> std::cmp::Ordering {
        (self.end_index(), self.start_index()).cmp(&(other.end_index(), other.start_index()))
    }
}

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

impl Period {
    /// The year it falls in.
    pub fn year(self) -> i32 {
        match self {
            Period::Year(y) | Period::Half(y, _) | Period::Quarter(y, _) | Period::Month(y, _) => y,
        }
    }

    /// Its first and last month (1–12), out-of-range numbers clamped.
    fn months(self) -> (u32, u32) {
        match self {
            Period::Year(_) => (1, 12),
            Period::Half(_, h) => {
                let h = u32::from(h.clamp(1, 2));
                (6 * h - 5, 6 * h)
            }
            Period::Quarter(_, q) => {
                let q = u32::from(q.clamp(1, 4));
                (3 * q - 2, 3 * q)
            }
            Period::Month(_, m) => {
                let m = u32::from(m.clamp(1, 12));
                (m, m)
            }
        }
    }

    /// Months since year 0 through its last month: distances in months.
    fn end_index(self) -> i64 {
        i64::from(self.year()) * 12 + i64::from(self.months().1)
    }

    fn start_index(self) -> i64 {
        i64::from(self.year()) * 12 + i64::from(self.months().0)
    }

    /// Its first day.
    pub fn start(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year(), self.months().0, 1).unwrap_or_default()
    }

    /// Its last day.
    pub fn end(self) -> NaiveDate {
        let (y, m) = (self.year(), self.months().1);
        let next = if m == 12 {
            NaiveDate::from_ymd_opt(y + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(y, m + 1, 1)
        };
        next.and_then(|d| d.pred_opt()).unwrap_or_default()
    }

    /// The period of the same length just before it.
    pub fn previous(self) -> Period {
        match self {
            Period::Year(y) => Period::Year(y.saturating_sub(1)),
            // Out-of-range numbers (0) count as the first.
            Period::Half(y, h) if h <= 1 => Period::Half(y.saturating_sub(1), 2),
            Period::Half(y, h) => Period::Half(y, h.min(2) - 1),
            Period::Quarter(y, q) if q <= 1 => Period::Quarter(y.saturating_sub(1), 4),
            Period::Quarter(y, q) => Period::Quarter(y, q.min(4) - 1),
            Period::Month(y, m) if m <= 1 => Period::Month(y.saturating_sub(1), 12),
            Period::Month(y, m) => Period::Month(y, m.min(12) - 1),
        }
    }

    /// A stable code: "2026", "2026-H1", "2026-Q3", "2026-03".
    pub fn code(self) -> String {
        match self {
            Period::Year(y) => format!("{y}"),
            Period::Half(y, h) => format!("{y}-H{h}"),
            Period::Quarter(y, q) => format!("{y}-Q{q}"),
            Period::Month(y, m) => format!("{y}-{m:02}"),
        }
    }

    /// The period with this [`code`](Self::code).
    pub fn from_code(code: &str) -> Option<Period> {
        let (y, rest) = match code.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (code, None),
        };
        let y: i32 = y.parse().ok()?;
        let p = match rest {
            None => Period::Year(y),
            Some(r) => {
                if let Some(h) = r.strip_prefix('H') {
                    Period::Half(y, h.parse().ok()?)
                } else if let Some(q) = r.strip_prefix('Q') {
                    Period::Quarter(y, q.parse().ok()?)
                } else {
                    Period::Month(y, r.parse().ok()?)
                }
            }
        };
        p.valid().then_some(p)
    }

    fn valid(self) -> bool {
        (1900..=2200).contains(&self.year())
            && match self {
                Period::Year(_) => true,
                Period::Half(_, h) => (1..=2).contains(&h),
                Period::Quarter(_, q) => (1..=4).contains(&q),
                Period::Month(_, m) => (1..=12).contains(&m),
            }
    }

    /// In Vietnamese: "năm 2026", "6 tháng đầu năm 2026", "quý III/2026",
    /// "tháng 3/2026".
    pub fn label_vi(self) -> String {
        match self {
            Period::Year(y) => format!("năm {y}"),
            Period::Half(y, 1) => format!("6 tháng đầu năm {y}"),
            Period::Half(y, _) => format!("6 tháng cuối năm {y}"),
            Period::Quarter(y, q) => {
                let r = ROMAN
                    .get(usize::from(q.clamp(1, 4)) - 1)
                    .copied()
                    .unwrap_or("I");
                format!("quý {r}/{y}")
            }
            Period::Month(y, m) => format!("tháng {m}/{y}"),
        }
    }

    /// Reads a period as a sheet or a report writes it: "2026", "Năm 2026",
    /// "Quý I/2026", "quý 1 năm 2026", "Q1/2026", "2026-Q1", "6 tháng đầu
    /// năm 2026", "6 tháng cuối năm 2026", "Tháng 3/2026", "T3/2026",
    /// "03/2026", "2026-03".
    pub fn parse_vi(text: &str) -> Option<Period> {
        if let Some(p) = Period::from_code(text.trim()) {
            return Some(p);
        }
        let f: String = text.chars().filter_map(fold_char).collect();
        let words: Vec<&str> = f
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let year = words
            .iter()
            .rev()
            .find_map(|w| w.parse::<i32>().ok().filter(|y| (1900..=2200).contains(y)))?;
        let num = |w: &str| -> Option<u8> {
            match w {
                "i" => Some(1),
                "ii" => Some(2),
                "iii" => Some(3),
                "iv" => Some(4),
                _ => w.parse::<u8>().ok(),
            }
        };
        let after = |key: &str| -> Option<u8> {
            let i = words.iter().position(|w| *w == key)?;
            num(words.get(i + 1)?)
        };
        let p = if f.contains("6 thang dau") || f.contains("sau thang dau") {
            Period::Half(year, 1)
        } else if f.contains("6 thang cuoi") || f.contains("sau thang cuoi") {
            Period::Half(year, 2)
        } else if let Some(q) = after("quy") {
            Period::Quarter(year, q)
        } else if let Some(q) = words.iter().find_map(|w| w.strip_prefix('q').and_then(num)) {
            Period::Quarter(year, q)
        } else if let Some(m) = after("thang") {
            Period::Month(year, m)
        } else if let Some(m) = words
            .iter()
            .find_map(|w| w.strip_prefix('t').and_then(|m| m.parse().ok()))
        {
            Period::Month(year, m)
        } else if words
            .iter()
            .all(|w| *w == "nam" || w.parse::<i32>().ok() == Some(year))
        {
            Period::Year(year)
        } else if let (2, Some(m)) = (
            words.len(),
            words.first().and_then(|w| w.parse::<u8>().ok()),
        ) {
            // "03/2026"
            Period::Month(year, m)
        } else {
            return None;
        };
        p.valid().then_some(p)
    }
}

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// A share, a score, a count: more is better.
    HigherIsBetter,
    /// A place in a ranking (DTI 8th beats 12th), a processing time.
    LowerIsBetter,
}

impl Direction {
    /// A stable code for storage.
    pub fn code(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "higher",
            Direction::LowerIsBetter => "lower",
        }
    }

    /// The direction with this [`code`](Self::code).
    pub fn from_code(code: &str) -> Option<Direction> {
        match code {
            "higher" => Some(Direction::HigherIsBetter),
            "lower" => Some(Direction::LowerIsBetter),
            _ => None,
        }
    }

    /// The Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "càng cao càng tốt",
            Direction::LowerIsBetter => "càng thấp càng tốt",
        }
    }
}

/// What an indicator counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndicatorUnit {
    /// Phần trăm.
    Percent,
    /// Bậc, hạng: a place in a ranking.
    Rank,
    /// Điểm: an index score.
    Points,
    /// Số lượng: a count.
    Count,
    /// Tỷ đồng.
    BillionDong,
    /// Anything else.
    Other,
}

impl IndicatorUnit {
    /// Every unit.
    pub const ALL: [IndicatorUnit; 6] = [
        IndicatorUnit::Percent,
        IndicatorUnit::Rank,
        IndicatorUnit::Points,
        IndicatorUnit::Count,
        IndicatorUnit::BillionDong,
        IndicatorUnit::Other,
    ];

    /// A stable code for storage.
    pub fn code(self) -> &'static str {
        match self {
            IndicatorUnit::Percent => "percent",
            IndicatorUnit::Rank => "rank",
            IndicatorUnit::Points => "points",
            IndicatorUnit::Count => "count",
            IndicatorUnit::BillionDong => "billion_dong",
            IndicatorUnit::Other => "other",
        }
    }

    /// The unit with this [`code`](Self::code).
    pub fn from_code(code: &str) -> Option<IndicatorUnit> {
        IndicatorUnit::ALL.into_iter().find(|u| u.code() == code)
    }

    /// The Vietnamese label: "%", "hạng", "điểm", "số lượng", "tỷ đồng".
    pub fn label_vi(self) -> &'static str {
        match self {
            IndicatorUnit::Percent => "%",
            IndicatorUnit::Rank => "hạng",
            IndicatorUnit::Points => "điểm",
            IndicatorUnit::Count => "số lượng",
            IndicatorUnit::BillionDong => "tỷ đồng",
            IndicatorUnit::Other => "",
        }
    }

    /// A value in this unit, for a sentence: "62,0 %", "hạng 12",
    /// "0,4512 điểm", "1.250", "12,5 tỷ đồng". `exact` shows a percentage
    /// with one decimal (a measured value); otherwise trailing zeros go (a
    /// target: "80 %").
    pub fn show(self, v: Figure, exact: bool) -> String {
        match self {
            IndicatorUnit::Percent if exact => format!("{} %", v.format(1)),
            IndicatorUnit::Percent => format!("{} %", v.format_trimmed(2)),
            IndicatorUnit::Rank => format!("hạng {}", v.format_trimmed(1)),
            IndicatorUnit::Points => format!("{} điểm", v.format_trimmed(4)),
            IndicatorUnit::BillionDong => format!("{} tỷ đồng", v.format_trimmed(2)),
            IndicatorUnit::Count | IndicatorUnit::Other => v.format_trimmed(2),
        }
    }
}

/// The value an indicator started from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Baseline {
    /// The value.
    pub value: Figure,
    /// The year it was measured for: it stands at that year's end.
    pub year: i32,
}

/// What a target asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Goal {
    /// Reach a value: "đạt ≥ 80 %" (`strict: false`), "trên 80 %"
    /// (`strict: true`), "vào top 10" (a place, lower is better).
    Reach {
        /// The value.
        value: Figure,
        /// Beyond it, not merely at it.
        strict: bool,
    },
    /// Improve on the previous period's value by a range: "tăng 1–2 bậc".
    /// Green from the lower bound: the least of the ambition.
    ImproveBy {
        /// The lower bound of the range.
        min: Figure,
        /// The upper bound, when a range was given.
        max: Option<Figure>,
    },
    /// Beat a value from another series: "trên mức trung bình cả nước". The
    /// caller gives the comparison value for the period; without it the
    /// target cannot be assessed.
    Reference {
        /// What it is compared with: "mức trung bình cả nước".
        label: String,
        /// The comparison value for the target's period.
        value: Option<Figure>,
        /// Beyond it, not merely at it.
        strict: bool,
    },
}

/// A target for a period: a year, or a quarter where one is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The period by whose end it is due.
    pub period: Period,
    /// What it asks for.
    pub goal: Goal,
}

/// The document a value was reported in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Evidence {
    /// Số văn bản: "125/BC-STTTT".
    pub document_number: String,
    /// Its date.
    pub date: Option<NaiveDate>,
    /// The attached file's name.
    pub file_name: Option<String>,
}

/// An indicator's value for a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    /// The period it measures.
    pub period: Period,
    /// The value.
    pub value: Figure,
    /// Where it was reported.
    pub evidence: Option<Evidence>,
}

/// An indicator a directive sets targets for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    /// A short code: "DTI", "PII", "DVC-TT".
    pub code: String,
    /// Its name: "Chỉ số chuyển đổi số cấp tỉnh (DTI)".
    pub name: String,
    /// The owner agency's id.
    pub owner: String,
    /// What it counts in.
    pub unit: IndicatorUnit,
    /// Which way is better.
    pub direction: Direction,
    /// Where it started, if known.
    pub baseline: Option<Baseline>,
    /// Targets, in any order.
    pub targets: Vec<Target>,
    /// Who publishes it, or the directive that set it.
    pub source: String,
}

/// How far behind the trajectory is still orange.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tolerance {
    /// A fixed amount in the indicator's unit (5 percentage points, 1 place).
    Absolute(Figure),
    /// A share of the planned change from the start anchor to the threshold
    /// (10 %: behind by at most a tenth of the way).
    ShareOfSpan(Rate),
}

/// The parameters of [`assess`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssessConfig {
    /// How far behind the trajectory is still orange.
    pub tolerance: Tolerance,
}

impl Default for AssessConfig {
    /// A tenth of the planned change.
    fn default() -> Self {
        AssessConfig {
            tolerance: Tolerance::ShareOfSpan(Rate::from_percent(10)),
        }
    }
}

/// An indicator's status, in the order a leader's list sorts them: red
/// first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IndicatorStatus {
    /// At risk: behind the trajectory beyond the tolerance, or missed.
    Red,
    /// Behind the trajectory within the tolerance.
    Orange,
    /// On or ahead of the trajectory, or target met.
    Green,
    /// Not yet assessable: no value, no target, or a target that cannot be
    /// resolved.
    Grey,
}

impl IndicatorStatus {
    /// A stable code for storage.
    pub fn code(self) -> &'static str {
        match self {
            IndicatorStatus::Red => "red",
            IndicatorStatus::Orange => "orange",
            IndicatorStatus::Green => "green",
            IndicatorStatus::Grey => "grey",
        }
    }

    /// The status with this [`code`](Self::code).
    pub fn from_code(code: &str) -> Option<IndicatorStatus> {
        [Self::Red, Self::Orange, Self::Green, Self::Grey]
            .into_iter()
            .find(|s| s.code() == code)
    }

    /// The Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            IndicatorStatus::Red => "Có nguy cơ không đạt",
            IndicatorStatus::Orange => "Chậm so với lộ trình",
            IndicatorStatus::Green => "Đạt hoặc đúng lộ trình",
            IndicatorStatus::Grey => "Chưa đánh giá được",
        }
    }

    /// The colour on the dashboards (shared with task statuses).
    pub fn colour(self) -> Colour {
        match self {
            IndicatorStatus::Red => Colour::Red,
            IndicatorStatus::Orange => Colour::Orange,
            IndicatorStatus::Green => Colour::Green,
            IndicatorStatus::Grey => Colour::Grey,
        }
    }

    /// How bad, for combining several targets: red, orange, grey, green.
    fn severity(self) -> u8 {
        match self {
            IndicatorStatus::Red => 3,
            IndicatorStatus::Orange => 2,
            IndicatorStatus::Grey => 1,
            IndicatorStatus::Green => 0,
        }
    }
}

/// An indicator's status and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    /// The colour.
    pub status: IndicatorStatus,
    /// The latest value's period.
    pub period: Option<Period>,
    /// The latest value.
    pub value: Option<Figure>,
    /// The target in force's period.
    pub target_period: Option<Period>,
    /// The target in force's threshold (of the worst one, when several).
    pub threshold: Option<Figure>,
    /// The trajectory at the latest value's period end, rounded to four
    /// decimals, when it was computed.
    pub trajectory: Option<Figure>,
    /// One Vietnamese sentence per target in force: "Đạt 62,0 %, dưới lộ
    /// trình 70,0 % để đạt 80 % vào 31/12/2026".
    pub explanation_vi: String,
}

/// A target turned into a threshold.
struct Resolved {
    threshold: Figure,
    strict: bool,
}

fn grey(explanation: String) -> Assessment {
    Assessment {
        status: IndicatorStatus::Grey,
        period: None,
        value: None,
        target_period: None,
        threshold: None,
        trajectory: None,
        explanation_vi: explanation,
    }
}

fn dmy(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

/// The status of `indicator` given its `values`, by the rule in the module
/// documentation.
pub fn assess(indicator: &Indicator, values: &[Observation], config: &AssessConfig) -> Assessment {
    // The latest value: the last-ending period; a year over its last quarter.
    let latest = values.iter().max_by_key(|o| {
        (
            o.period.end_index(),
            std::cmp::Reverse(o.period.start_index()),
        )
    });
    let Some(latest) = latest else {
        return grey("Chưa có số liệu".to_owned());
    };
    if indicator.targets.is_empty() {
        return Assessment {
            period: Some(latest.period),
            value: Some(latest.value),
            ..grey(format!(
                "{}, chưa có chỉ tiêu để đánh giá",
                lead(indicator.unit, latest.value)
            ))
        };
    }
    let eval = latest.period.end_index();
    let in_force_end = indicator
        .targets
        .iter()
        .map(|t| t.period.end_index())
        .filter(|e| *e >= eval)
        .min()
        .or_else(|| indicator.targets.iter().map(|t| t.period.end_index()).max())
        .unwrap_or(eval);
    let mut results: Vec<Assessment> = indicator
        .targets
        .iter()
        .filter(|t| t.period.end_index() == in_force_end)
        .map(|t| assess_target(indicator, values, latest, t, config))
        .collect();
    // The worst first; a stable sort keeps the targets' order among equals.
    results.sort_by_key(|a| std::cmp::Reverse(a.status.severity()));
    let explanation = results
        .iter()
        .map(|a| a.explanation_vi.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    let mut worst = results
        .into_iter()
        .next()
        .unwrap_or_else(|| grey(String::new()));
    worst.explanation_vi = explanation;
    worst
}

/// "Đạt 62,0 %" or "Xếp hạng 12".
fn lead(unit: IndicatorUnit, v: Figure) -> String {
    match unit {
        IndicatorUnit::Rank => format!("Xếp {}", unit.show(v, true)),
        _ => format!("Đạt {}", unit.show(v, true)),
    }
}

/// The value of `period` among `values` (the last given, when repeated),
/// else the baseline when it is that year's.
fn value_for(indicator: &Indicator, values: &[Observation], period: Period) -> Option<Figure> {
    values
        .iter()
        .rev()
        .find(|o| o.period == period)
        .map(|o| o.value)
        .or_else(|| {
            indicator
                .baseline
                .filter(|b| Period::Year(b.year) == period)
                .map(|b| b.value)
        })
}

fn resolve(indicator: &Indicator, values: &[Observation], t: &Target) -> Result<Resolved, String> {
    let higher = indicator.direction == Direction::HigherIsBetter;
    match &t.goal {
        Goal::Reach { value, strict } => Ok(Resolved {
            threshold: *value,
            strict: *strict,
        }),
        Goal::ImproveBy { min, max } => {
            let prev = t.period.previous();
            let range = match max {
                Some(m) if m != min => format!("{}–{}", min.format_trimmed(2), m.format_trimmed(2)),
                _ => min.format_trimmed(2),
            };
            let step = if indicator.unit == IndicatorUnit::Rank {
                format!("{range} bậc")
            } else {
                range
            };
            let Some(p) = value_for(indicator, values, prev) else {
                return Err(format!(
                    "Chưa có số liệu {} để tính chỉ tiêu tăng {} {}",
                    prev.label_vi(),
                    step,
                    t.period.label_vi()
                ));
            };
            let threshold = if higher {
                Figure(p.0.saturating_add(min.0))
            } else {
                Figure(p.0.saturating_sub(min.0))
            };
            Ok(Resolved {
                threshold,
                strict: false,
            })
        }
        Goal::Reference {
            label,
            value,
            strict,
        } => match value {
            Some(v) => Ok(Resolved {
                threshold: *v,
                strict: *strict,
            }),
            None => Err(format!(
                "Chưa có giá trị so sánh ({label}) {}",
                t.period.label_vi()
            )),
        },
    }
}

/// Whether `v` meets the threshold.
fn meets(direction: Direction, v: Figure, r: &Resolved) -> bool {
    match (direction, r.strict) {
        (Direction::HigherIsBetter, false) => v >= r.threshold,
        (Direction::HigherIsBetter, true) => v > r.threshold,
        (Direction::LowerIsBetter, false) => v <= r.threshold,
        (Direction::LowerIsBetter, true) => v < r.threshold,
    }
}

/// The threshold as a target's words: "≥ 80 %", "trên 80 %", "hạng 10 hoặc
/// tốt hơn".
fn describe(unit: IndicatorUnit, direction: Direction, r: &Resolved) -> String {
    let v = unit.show(r.threshold, false);
    match (unit, direction, r.strict) {
        (IndicatorUnit::Rank, Direction::LowerIsBetter, false) => format!("{v} hoặc tốt hơn"),
        (IndicatorUnit::Rank, Direction::LowerIsBetter, true) => format!("tốt hơn {v}"),
        (_, Direction::HigherIsBetter, false) => format!("≥ {v}"),
        (_, Direction::HigherIsBetter, true) => format!("trên {v}"),
        (_, Direction::LowerIsBetter, false) => format!("≤ {v}"),
        (_, Direction::LowerIsBetter, true) => format!("dưới {v}"),
    }
}

fn assess_target(
    indicator: &Indicator,
    values: &[Observation],
    latest: &Observation,
    target: &Target,
    config: &AssessConfig,
) -> Assessment {
    let unit = indicator.unit;
    let direction = indicator.direction;
    let v = latest.value;
    let base = Assessment {
        status: IndicatorStatus::Grey,
        period: Some(latest.period),
        value: Some(v),
        target_period: Some(target.period),
        threshold: None,
        trajectory: None,
        explanation_vi: String::new(),
    };
    let r = match resolve(indicator, values, target) {
        Ok(r) => r,
        Err(why) => {
            return Assessment {
                explanation_vi: format!(
                    "{} ({}); {}",
                    lead(unit, v),
                    latest.period.label_vi(),
                    lower_first(&why)
                ),
                ..base
            };
        }
    };
    let base = Assessment {
        threshold: Some(r.threshold),
        ..base
    };
    let due = dmy(target.period.end());
    if meets(direction, v, &r) {
        return Assessment {
            status: IndicatorStatus::Green,
            explanation_vi: format!(
                "{} ({}), đã đạt chỉ tiêu {} {}",
                lead(unit, v),
                latest.period.label_vi(),
                describe(unit, direction, &r),
                target.period.label_vi()
            ),
            ..base
        };
    }
    let eval = latest.period.end_index();
    let end = target.period.end_index();
    if eval >= end {
        return Assessment {
            status: IndicatorStatus::Red,
            explanation_vi: format!(
                "{} ({}), không đạt chỉ tiêu {} đến {}",
                lead(unit, v),
                latest.period.label_vi(),
                describe(unit, direction, &r),
                due
            ),
            ..base
        };
    }
    // The start anchor: the latest of the baseline and the earlier targets.
    let baseline = indicator
        .baseline
        .map(|b| (Period::Year(b.year).end_index(), b.value));
    let earlier = indicator
        .targets
        .iter()
        .filter(|t| t.period.end_index() < end)
        .filter_map(|t| {
            resolve(indicator, values, t)
                .ok()
                .map(|r| (t.period.end_index(), r.threshold))
        });
    let anchor = baseline
        .into_iter()
        .chain(earlier)
        .filter(|(at, _)| *at < end)
        .max_by_key(|(at, _)| *at);
    let Some((start, s)) = anchor else {
        return Assessment {
            explanation_vi: format!(
                "{} ({}), chưa có giá trị cơ sở để tính lộ trình đến chỉ tiêu {} vào {}",
                lead(unit, v),
                latest.period.label_vi(),
                describe(unit, direction, &r),
                due
            ),
            ..base
        };
    };
    let n = i128::from(end - start);
    let k = i128::from((eval - start).clamp(0, end - start));
    let (s, t, v_) = (i128::from(s.0), i128::from(r.threshold.0), i128::from(v.0));
    // Everything × n: trajectory, value, gap behind (positive = behind).
    let traj_n = s * n + (t - s) * k;
    let behind_n = match direction {
        Direction::HigherIsBetter => traj_n - v_ * n,
        Direction::LowerIsBetter => v_ * n - traj_n,
    };
    let trajectory = Figure(i64::try_from(div_round(traj_n, n)).unwrap_or(i64::MAX));
    let base = Assessment {
        trajectory: Some(trajectory),
        ..base
    };
    let target_words = unit.show(r.threshold, false);
    let traj_words = unit.show(trajectory, true);
    let head = format!("{} ({})", lead(unit, v), latest.period.label_vi());
    if behind_n <= 0 {
        let how = if behind_n == 0 { "đúng" } else { "vượt" };
        return Assessment {
            status: IndicatorStatus::Green,
            explanation_vi: format!(
                "{head}, {how} lộ trình {traj_words} để đạt {target_words} vào {due}"
            ),
            ..base
        };
    }
    let within = match config.tolerance {
        Tolerance::Absolute(a) => behind_n <= i128::from(a.0) * n,
        Tolerance::ShareOfSpan(rate) => {
            behind_n.saturating_mul(i128::from(rate.denominator()))
                <= (t - s)
                    .abs()
                    .saturating_mul(i128::from(rate.numerator()))
                    .saturating_mul(n)
        }
    };
    let words = match direction {
        Direction::HigherIsBetter => "dưới",
        Direction::LowerIsBetter => "chậm hơn",
    };
    if within {
        Assessment {
            status: IndicatorStatus::Orange,
            explanation_vi: format!(
                "{head}, {words} lộ trình {traj_words} để đạt {target_words} vào {due} (trong ngưỡng cho phép)"
            ),
            ..base
        }
    } else {
        Assessment {
            status: IndicatorStatus::Red,
            explanation_vi: format!(
                "{head}, {words} lộ trình {traj_words} để đạt {target_words} vào {due}"
            ),
            ..base
        }
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------
// Targets stated in directives.

/// How a stated target compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Comparator {
    /// "đạt", "tối thiểu", "ít nhất", "không dưới", "≥", "… trở lên".
    AtLeast,
    /// "trên", "hơn", "vượt", ">".
    MoreThan,
    /// "tối đa", "không quá", "≤", "… trở xuống".
    AtMost,
    /// "dưới", "thấp hơn", "<".
    LessThan,
    /// "tăng 1–2 bậc", "tăng ít nhất 3 bậc": a change from the previous period.
    IncreaseBy,
    /// "giảm 20 %": a change from the previous period.
    DecreaseBy,
    /// "vào top 10", "nhóm 20 tỉnh dẫn đầu": a place.
    Top,
    /// "trên mức trung bình cả nước".
    AboveReference,
    /// "dưới mức trung bình cả nước".
    BelowReference,
}

/// A target read from a directive's sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedTarget {
    /// What is measured, in the sentence's words: "tỷ lệ hồ sơ trực tuyến
    /// toàn trình", "chỉ số DTI", "tỷ trọng kinh tế số trong GRDP". Empty
    /// when the sentence does not say.
    pub name: String,
    /// How it compares.
    pub comparator: Comparator,
    /// The value (the lower bound of a range); none for a reference target.
    pub value: Option<Figure>,
    /// The upper bound of a range ("1–2 bậc").
    pub value_max: Option<Figure>,
    /// The unit.
    pub unit: IndicatorUnit,
    /// The year it is due ("vào năm 2030", "đến năm 2030", "giai đoạn
    /// 2026–2030" → 2030).
    pub year: Option<i32>,
    /// The year a change is measured from ("so với năm 2025").
    pub compared_with_year: Option<i32>,
    /// What a reference target compares with: "mức trung bình cả nước".
    pub reference: Option<String>,
    /// The value it starts from, when the sentence says ("nâng tỷ lệ … từ
    /// 45% lên 60%" → 45).
    pub baseline: Option<Figure>,
    /// The words the target was read from: "đạt trên 80%".
    pub words: String,
}

impl ParsedTarget {
    /// The direction the target implies: a place, or a target to stay
    /// under, is lower-is-better.
    pub fn direction(&self) -> Direction {
        use Comparator::*;
        if self.unit == IndicatorUnit::Rank {
            return Direction::LowerIsBetter;
        }
        match self.comparator {
            AtMost | LessThan | DecreaseBy | Top | BelowReference => Direction::LowerIsBetter,
            AtLeast | MoreThan | IncreaseBy | AboveReference => Direction::HigherIsBetter,
        }
    }

    /// The goal for an [`Indicator`]'s target; a change ("tăng 2 bậc",
    /// "giảm 20 %") becomes [`Goal::ImproveBy`] on the previous period.
    pub fn goal(&self) -> Option<Goal> {
        use Comparator::*;
        match self.comparator {
            AtLeast | AtMost | Top => Some(Goal::Reach {
                value: self.value?,
                strict: false,
            }),
            MoreThan | LessThan => Some(Goal::Reach {
                value: self.value?,
                strict: true,
            }),
            IncreaseBy | DecreaseBy => Some(Goal::ImproveBy {
                min: self.value?,
                max: self.value_max,
            }),
            AboveReference | BelowReference => Some(Goal::Reference {
                label: self.reference.clone().unwrap_or_default(),
                value: None,
                strict: true,
            }),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Num(Figure, bool),
    Sym(char),
}

/// A token and where it is in the sentence's characters.
#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    start: usize,
    end: usize,
}

impl Token {
    fn word(&self) -> &str {
        match &self.tok {
            Tok::Word(w) => w,
            _ => "",
        }
    }
    fn num(&self) -> Option<Figure> {
        match self.tok {
            Tok::Num(f, _) => Some(f),
            _ => None,
        }
    }
    /// A whole number between 1900 and 2100, written without separators.
    fn year(&self) -> Option<i32> {
        match self.tok {
            Tok::Num(f, true) if f.0 % Figure::SCALE == 0 => {
                let y = f.0 / Figure::SCALE;
                (1900..=2100).contains(&y).then_some(y as i32)
            }
            _ => None,
        }
    }
    fn is_sym(&self, c: char) -> bool {
        self.tok == Tok::Sym(c)
    }
}

fn tokenize(chars: &[(char, char)]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    let f = |i: usize| chars.get(i).map(|c| c.1);
    while let Some(c) = f(i) {
        if c.is_ascii_digit() {
            let start = i;
            while let Some(d) = f(i) {
                let sep_between = (d == '.' || d == ',')
                    && f(i + 1).is_some_and(|n| n.is_ascii_digit())
                    && i > start;
                if d.is_ascii_digit() || sep_between {
                    i += 1;
                } else {
                    break;
                }
            }
            let text: String = chars
                .get(start..i)
                .unwrap_or(&[])
                .iter()
                .map(|c| c.1)
                .collect();
            // A digit run glued to letters ("4G", "5G") is a word.
            if f(i).is_some_and(|n| n.is_alphabetic()) {
                while f(i).is_some_and(|n| n.is_alphanumeric()) {
                    i += 1;
                }
                let w: String = chars
                    .get(start..i)
                    .unwrap_or(&[])
                    .iter()
                    .map(|c| c.1)
                    .collect();
                out.push(Token {
                    tok: Tok::Word(w),
                    start,
                    end: i,
                });
                continue;
            }
            let plain = text.chars().all(|c| c.is_ascii_digit());
            match Figure::parse(&text) {
                Some(v) => out.push(Token {
                    tok: Tok::Num(v, plain),
                    start,
                    end: i,
                }),
                None => out.push(Token {
                    tok: Tok::Word(text),
                    start,
                    end: i,
                }),
            }
        } else if c.is_alphanumeric() {
            let start = i;
            while f(i).is_some_and(|n| n.is_alphanumeric()) {
                i += 1;
            }
            let w: String = chars
                .get(start..i)
                .unwrap_or(&[])
                .iter()
                .map(|c| c.1)
                .collect();
            out.push(Token {
                tok: Tok::Word(w),
                start,
                end: i,
            });
        } else {
            if !c.is_whitespace() {
                out.push(Token {
                    tok: Tok::Sym(c),
                    start: i,
                    end: i + 1,
                });
            }
            i += 1;
        }
    }
    out
}

/// Words that open or close a name without belonging to it (the longer
/// first, so "nằm trong" goes whole). Matched with their diacritics:
/// folded, "cần" would also strip "cán bộ" and "có" "cơ quan".
const FILLERS: &[&str] = &[
    "phấn đấu",
    "đảm bảo",
    "bảo đảm",
    "trong đó",
    "cụ thể",
    "ít nhất",
    "tối thiểu",
    "tiếp tục",
    "giữ vững",
    "nằm trong",
    "như sau",
    "cải thiện",
    "nâng cao",
    "tập trung",
    "triển khai",
    "mỗi năm",
    "hằng năm",
    "hàng năm",
    "nhằm",
    "để",
    "và",
    "đưa",
    "nâng",
    "vào",
    "phải",
    "sẽ",
    "được",
    "cần",
    "đạt",
    "chiếm",
    "lên",
    "có",
    "trong",
    "thuộc",
    "là",
    "sớm",
];

/// Where a year is said, and whether it is a comparison year.
struct YearMention {
    year: i32,
    compared: bool,
    clause: usize,
    start: usize,
    end: usize,
}

/// Targets stated in a directive's sentence: "tỷ lệ hồ sơ trực tuyến toàn
/// trình đạt trên 80%", "phấn đấu chỉ số DTI tăng 1–2 bậc, vào top 10 cả
/// nước", "kinh tế số chiếm 20% GRDP vào năm 2030", "trên mức trung bình cả
/// nước". A number counts as a target when it has a unit (%, bậc, hạng,
/// điểm, tỷ đồng) or a comparing word (đạt, trên, tối thiểu, tăng, top …);
/// dates, document numbers and years are not targets. A target with no
/// name of its own ("…, vào top 10") takes the previous one's.
pub fn parse_targets(sentence: &str) -> Vec<ParsedTarget> {
    let chars: Vec<(char, char)> = sentence
        .chars()
        .filter_map(|c| fold_char(c).map(|f| (c, f)))
        .collect();
    let tokens = tokenize(&chars);
    // Clauses: split at , ; : . and line breaks (numbers keep their marks;
    // parentheses stay inside: "chỉ số Đổi mới sáng tạo (PII)").
    let mut clause_of = Vec::with_capacity(tokens.len());
    let mut clause = 0;
    for t in &tokens {
        let boundary = matches!(t.tok, Tok::Sym(',' | ';' | ':' | '.' | '\n'));
        if boundary {
            clause += 1;
        }
        clause_of.push(clause);
        if boundary {
            clause += 1;
        }
    }
    let word = |i: usize| tokens.get(i).map_or("", Token::word);
    let seq = |i: usize, phrase: &str| -> bool {
        phrase.split(' ').enumerate().all(|(k, w)| word(i + k) == w)
    };
    // Years: "năm 2030", "đến 2030", "giai đoạn 2026–2030".
    let mut years: Vec<YearMention> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let Some(y) = t.year() else { continue };
        let prev = if i == 0 { "" } else { word(i - 1) };
        let range_end = i >= 2
            && tokens.get(i - 1).is_some_and(|p| p.is_sym('-'))
            && tokens.get(i - 2).and_then(Token::year).is_some();
        let range_start = tokens.get(i + 1).is_some_and(|n| n.is_sym('-'))
            && tokens.get(i + 2).and_then(Token::year).is_some();
        if range_start {
            continue;
        }
        if matches!(prev, "nam" | "den" | "doan") || range_end {
            let mut start = i.saturating_sub(1);
            if range_end {
                start = i.saturating_sub(3);
            }
            // Absorb "vào/đến/trong/so với/giai đoạn" before it.
            while start > 0
                && matches!(
                    word(start - 1),
                    "vao"
                        | "den"
                        | "trong"
                        | "het"
                        | "nam"
                        | "giai"
                        | "so"
                        | "voi"
                        | "tu"
                        | "cuoi"
                        | "dau"
                )
            {
                start -= 1;
            }
            let compared = (start..i).any(|k| word(k) == "so" && word(k + 1) == "voi");
            years.push(YearMention {
                year: y,
                compared,
                clause: clause_of.get(i).copied().unwrap_or(0),
                start,
                end: i + 1,
            });
        }
    }
    let in_year = |i: usize| years.iter().any(|y| (y.start..y.end).contains(&i));

    let mut out: Vec<ParsedTarget> = Vec::new();
    // Index of the token after the previous target in each clause.
    let mut used_until = 0usize;
    // A starting value read just before ("từ 45% lên …"): its first token,
    // the value, its clause.
    let mut pending_from: Option<(usize, Figure, usize)> = None;
    let mut i = 0;
    while i < tokens.len() {
        let cl = clause_of.get(i).copied().unwrap_or(0);
        let clause_start = (0..=i)
            .rev()
            .take_while(|k| clause_of.get(*k) == Some(&cl))
            .last()
            .unwrap_or(i);
        let clause_end = (i..tokens.len())
            .take_while(|k| clause_of.get(*k) == Some(&cl))
            .last()
            .map_or(i, |k| k + 1);
        let floor = clause_start.max(used_until);

        // A reference target: "trên mức trung bình (của) cả nước", "cao hơn
        // so với bình quân cả nước".
        let reference_at = seq(i, "muc trung binh")
            || seq(i, "muc binh quan")
            || ((seq(i, "trung binh") || seq(i, "binh quan")) && (i == 0 || word(i - 1) != "muc"));
        if reference_at {
            // The comparing words, maybe with "so với" between.
            let mut k = i;
            while k > floor && matches!(word(k - 1), "so" | "voi" | "cua") {
                k -= 1;
            }
            let above = if k >= 2 && k - 2 >= floor && seq(k - 2, "cao hon") {
                Some((Comparator::AboveReference, k - 2))
            } else if k >= 2 && k - 2 >= floor && seq(k - 2, "thap hon") {
                Some((Comparator::BelowReference, k - 2))
            } else if k >= 1 && k > floor && matches!(word(k - 1), "tren" | "vuot" | "hon") {
                Some((Comparator::AboveReference, k - 1))
            } else if k >= 1 && k > floor && word(k - 1) == "duoi" {
                Some((Comparator::BelowReference, k - 1))
            } else {
                None
            };
            let Some((cmp, mut cstart)) = above else {
                i += 1;
                continue;
            };
            while cstart > floor && matches!(word(cstart - 1), "dat" | "luon" | "o") {
                cstart -= 1;
            }
            let mut end = clause_end;
            while end > i && in_year(end - 1) {
                end -= 1;
            }
            let reference = span_text(&chars, &tokens, i, end);
            let (name, unit_guess) = name_before(&chars, &tokens, floor, cstart, &in_year);
            out.push(ParsedTarget {
                name,
                comparator: cmp,
                value: None,
                value_max: None,
                unit: unit_guess,
                year: None,
                compared_with_year: None,
                reference: Some(reference),
                baseline: None,
                words: span_text(&chars, &tokens, cstart, end),
            });
            used_until = end;
            i = end;
            continue;
        }

        let Some(v) = tokens.get(i).and_then(Token::num) else {
            i += 1;
            continue;
        };
        // Years, dates ("15/3/2026"), document numbers ("125/KH-UBND") and
        // list markers ("(1)") are not targets.
        let enumerator = i > 0
            && tokens.get(i - 1).is_some_and(|p| p.is_sym('('))
            && tokens.get(i + 1).is_some_and(|n| n.is_sym(')'));
        if in_year(i)
            || enumerator
            || tokens.get(i + 1).is_some_and(|n| n.is_sym('/'))
            || (i > 0 && tokens.get(i - 1).is_some_and(|p| p.is_sym('/')))
        {
            i += 1;
            continue;
        }
        // A range: "1–2", "1 - 2", "từ 1 đến 2".
        let mut j = i + 1;
        let mut v_max = None;
        if (tokens.get(j).is_some_and(|t| t.is_sym('-')) || word(j) == "den")
            && let Some(m) = tokens.get(j + 1).and_then(Token::num)
        {
            v_max = Some(m);
            j += 2;
        }
        // The unit.
        let mut unit = None;
        if tokens.get(j).is_some_and(|t| t.is_sym('%')) || seq(j, "phan tram") {
            unit = Some(IndicatorUnit::Percent);
            j += if seq(j, "phan tram") { 2 } else { 1 };
        } else if matches!(word(j), "bac" | "hang") {
            unit = Some(IndicatorUnit::Rank);
            j += 1;
        } else if word(j) == "diem" && word(j + 1) != "cau" {
            unit = Some(IndicatorUnit::Points);
            j += 1;
        } else if matches!(word(j), "ty" | "ti") && word(j + 1) == "dong" {
            unit = Some(IndicatorUnit::BillionDong);
            j += 2;
        }
        // "từ 45% lên 60%": the first number is where it starts from.
        if word(j) == "len" && tokens.get(j + 1).and_then(Token::num).is_some() {
            let from = if i > floor && word(i - 1) == "tu" {
                i - 1
            } else {
                i
            };
            pending_from = Some((from, v, cl));
            i = j;
            continue;
        }
        // "… trở lên", "… trở xuống" after the unit.
        let mut post = None;
        if seq(j, "tro len") {
            post = Some(Comparator::AtLeast);
            j += 2;
        } else if seq(j, "tro xuong") {
            post = Some(Comparator::AtMost);
            j += 2;
        }
        // The comparing words before the number (longest first).
        const BEFORE: [(&str, Comparator); 36] = [
            ("vi tri thu", Comparator::Top),
            ("xep thu", Comparator::Top),
            ("hang", Comparator::Top),
            ("khong vuot qua", Comparator::AtMost),
            ("khong thap hon", Comparator::AtLeast),
            ("khong it hon", Comparator::AtLeast),
            ("khong cao hon", Comparator::AtMost),
            ("khong duoi", Comparator::AtLeast),
            ("khong qua", Comparator::AtMost),
            ("toi thieu", Comparator::AtLeast),
            ("it nhat", Comparator::AtLeast),
            ("toi da", Comparator::AtMost),
            ("cao hon", Comparator::MoreThan),
            ("lon hon", Comparator::MoreThan),
            ("nhieu hon", Comparator::MoreThan),
            ("thap hon", Comparator::LessThan),
            ("it hon", Comparator::LessThan),
            ("vao top", Comparator::Top),
            ("vao nhom", Comparator::Top),
            ("trong top", Comparator::Top),
            ("trong nhom", Comparator::Top),
            ("thuoc nhom", Comparator::Top),
            ("top", Comparator::Top),
            ("nhom", Comparator::Top),
            ("tren", Comparator::MoreThan),
            ("vuot", Comparator::MoreThan),
            ("hon", Comparator::MoreThan),
            ("duoi", Comparator::LessThan),
            ("tang", Comparator::IncreaseBy),
            ("giam", Comparator::DecreaseBy),
            ("dat", Comparator::AtLeast),
            ("chiem", Comparator::AtLeast),
            ("len", Comparator::AtLeast),
            ("bang", Comparator::AtLeast),
            ("la", Comparator::AtLeast),
            ("tu", Comparator::AtLeast),
        ];
        let mut cmp = None;
        let mut cstart = i;
        // Words that compare only when a unit follows ("lên 108" alone is
        // not a target, "lên 60%" is).
        let mut weak = false;
        // Symbols first: ≥ ≤ > < and ">=".
        if i > floor {
            let sym = tokens.get(i - 1).map(|t| t.tok.clone());
            let two = if i >= 2 {
                tokens.get(i - 2).map(|t| t.tok.clone())
            } else {
                None
            };
            let found = match (two, sym) {
                (Some(Tok::Sym('>')), Some(Tok::Sym('='))) => Some((Comparator::AtLeast, 2)),
                (Some(Tok::Sym('<')), Some(Tok::Sym('='))) => Some((Comparator::AtMost, 2)),
                (_, Some(Tok::Sym('≥'))) => Some((Comparator::AtLeast, 1)),
                (_, Some(Tok::Sym('≤'))) => Some((Comparator::AtMost, 1)),
                (_, Some(Tok::Sym('>'))) => Some((Comparator::MoreThan, 1)),
                (_, Some(Tok::Sym('<'))) => Some((Comparator::LessThan, 1)),
                _ => None,
            };
            if let Some((c, len)) = found {
                cmp = Some(c);
                cstart = i - len;
            }
        }
        if cmp.is_none() {
            for (phrase, c) in BEFORE {
                let n = phrase.split(' ').count();
                if i >= n && i - n >= floor && seq(i - n, phrase) {
                    cmp = Some(c);
                    cstart = i - n;
                    weak = matches!(phrase, "len" | "la" | "bang" | "tu");
                    break;
                }
            }
        }
        // "tăng ít nhất 3 bậc", "tăng từ 1 đến 2 bậc", "tăng thêm 2 bậc".
        if matches!(cmp, Some(Comparator::AtLeast) | None) && cstart > floor {
            let change = [
                ("tang", Comparator::IncreaseBy),
                ("giam", Comparator::DecreaseBy),
            ]
            .into_iter()
            .flat_map(|(verb, c)| (1..=2).map(move |gap| (verb, c, gap)))
            .find(|(verb, _, gap)| {
                cstart >= *gap
                    && cstart - gap >= floor
                    && word(cstart - gap) == *verb
                    && (cstart - gap + 1..cstart)
                        .all(|k| matches!(word(k), "them" | "it" | "nhat" | "toi" | "thieu" | "tu"))
            });
            if let Some((_, c, gap)) = change {
                cmp = Some(c);
                cstart -= gap;
            }
        }
        // Absorb the verbs before the comparing words: "đạt trên", "phấn đấu đạt".
        while cstart > floor
            && matches!(
                word(cstart - 1),
                "dat" | "chiem" | "phan" | "dau" | "la" | "muc"
            )
        {
            cstart -= 1;
        }
        // "20 tỉnh, thành phố dẫn đầu": a place.
        let leading =
            (j..clause_end).any(|k| seq(k, "dan dau")) && matches!(word(j), "tinh" | "dia" | "don");
        if leading
            && !matches!(cmp, Some(Comparator::Top))
            && cmp.is_none_or(|c| c == Comparator::AtLeast)
        {
            cmp = Some(Comparator::Top);
        }
        let cmp = match (post, cmp) {
            (Some(p), None | Some(Comparator::AtLeast)) => Some(p),
            (_, c) => c,
        };
        let unit = match (unit, cmp) {
            (None, Some(Comparator::Top)) => Some(IndicatorUnit::Rank),
            (u, _) => u,
        };
        let Some(cmp) = cmp.or(unit.map(|_| Comparator::AtLeast)) else {
            i += 1;
            continue;
        };
        if weak && unit.is_none() && post.is_none() {
            i += 1;
            continue;
        }
        if unit.is_none() && tokens.get(i).and_then(Token::year).is_some() {
            i += 1;
            continue;
        }
        let mut baseline = None;
        if let Some((from, b, c)) = pending_from.take()
            && c == cl
            && from >= floor
        {
            baseline = Some(b);
            cstart = cstart.min(from);
        }
        let value_end = if matches!(cmp, Comparator::Top) && leading {
            (j..clause_end)
                .find(|k| seq(*k, "dan dau"))
                .map_or(j, |k| k + 2)
        } else {
            j
        };
        let words = span_text(&chars, &tokens, cstart, value_end);
        let (mut name, guess) = name_before(&chars, &tokens, floor, cstart, &in_year);
        // Words after the value up to the clause's end, less a year phrase
        // and "cả nước" (which says where, not what).
        let after = trim_name(&chars, &tokens, value_end, clause_end, &in_year)
            .filter(|(a, b)| !(b - a == 2 && seq(*a, "ca nuoc")))
            .map(|(a, b)| span_text(&chars, &tokens, a, b))
            .unwrap_or_default();
        let chiem = (cstart..i).any(|k| word(k) == "chiem");
        // A name ending in a preposition or "hoàn thành" goes on after the
        // value: "kết nối … đến 100% xã" is about "… đến xã".
        let last_word: String = name
            .split_whitespace()
            .last()
            .unwrap_or("")
            .chars()
            .filter_map(fold_char)
            .collect();
        let open_end = matches!(
            last_word.as_str(),
            "cho" | "den" | "tai" | "voi" | "cua" | "ve"
        ) || name
            .chars()
            .filter_map(fold_char)
            .collect::<String>()
            .ends_with("hoan thanh");
        if chiem && !name.is_empty() && !after.is_empty() {
            name = format!("tỷ trọng {name} trong {after}");
        } else if open_end && !after.is_empty() {
            name = format!("{name} {after}");
        } else if name.is_empty()
            && !after.is_empty()
            && !matches!(
                cmp,
                Comparator::Top | Comparator::IncreaseBy | Comparator::DecreaseBy
            )
        {
            name = after;
        }
        if name.is_empty()
            && let Some(prev) = out.last()
        {
            name = prev.name.clone();
        }
        let unit = unit.unwrap_or(if guess == IndicatorUnit::Other {
            IndicatorUnit::Count
        } else {
            guess
        });
        // The year: in the same clause, else the sentence's only one.
        let own: Vec<&YearMention> = years
            .iter()
            .filter(|y| y.clause == cl && !y.compared)
            .collect();
        let all: Vec<i32> = {
            let mut v: Vec<i32> = years
                .iter()
                .filter(|y| !y.compared)
                .map(|y| y.year)
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let year = own
            .iter()
            .min_by_key(|y| {
                if y.start >= j {
                    y.start - j
                } else {
                    cstart.saturating_sub(y.end)
                }
            })
            .map(|y| y.year)
            .or_else(|| (all.len() == 1).then(|| all.first().copied()).flatten());
        let compared_with_year = years
            .iter()
            .find(|y| y.compared && y.clause == cl)
            .map(|y| y.year);
        out.push(ParsedTarget {
            name,
            comparator: cmp,
            value: Some(v),
            value_max: v_max,
            unit,
            year,
            compared_with_year,
            reference: None,
            baseline,
            words,
        });
        used_until = value_end;
        i = value_end.max(i + 1);
    }
    // A reference target's year is the sentence's, when it names one.
    let only_year = {
        let mut v: Vec<i32> = years
            .iter()
            .filter(|y| !y.compared)
            .map(|y| y.year)
            .collect();
        v.sort_unstable();
        v.dedup();
        (v.len() == 1).then(|| v.first().copied()).flatten()
    };
    for t in out
        .iter_mut()
        .filter(|t| t.reference.is_some() && t.year.is_none())
    {
        t.year = only_year;
    }
    // Names inherited forward (reference targets too), then backward for a
    // parallel phrasing that names its subject last ("đến năm 2025 đạt 50%,
    // đến năm 2030 đạt 80% hồ sơ được số hóa").
    for k in 1..out.len() {
        if out.get(k).is_some_and(|t| t.name.is_empty()) {
            let prev = out.get(k - 1).map(|t| t.name.clone()).unwrap_or_default();
            if let Some(t) = out.get_mut(k) {
                t.name = prev;
            }
        }
    }
    for k in (1..out.len()).rev() {
        if out.get(k - 1).is_some_and(|t| t.name.is_empty()) {
            let next = out.get(k).map(|t| t.name.clone()).unwrap_or_default();
            if let Some(t) = out.get_mut(k - 1) {
                t.name = next;
            }
        }
    }
    out
}

/// The original text of tokens `a..b`.
fn span_text(chars: &[(char, char)], tokens: &[Token], a: usize, b: usize) -> String {
    if a >= b {
        return String::new();
    }
    let (Some(first), Some(last)) = (tokens.get(a), tokens.get(b - 1)) else {
        return String::new();
    };
    chars
        .get(first.start..last.end)
        .unwrap_or(&[])
        .iter()
        .map(|c| c.0)
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Tokens `a..b` less fillers, year phrases and stray marks at both ends.
fn trim_name(
    chars: &[(char, char)],
    tokens: &[Token],
    mut a: usize,
    mut b: usize,
    in_year: &dyn Fn(usize) -> bool,
) -> Option<(usize, usize)> {
    // The word as written, in lower case (fillers keep their diacritics).
    let word = |i: usize| -> String {
        tokens
            .get(i)
            .filter(|t| matches!(t.tok, Tok::Word(_)))
            .and_then(|t| chars.get(t.start..t.end))
            .map(|cs| cs.iter().map(|c| c.0).collect::<String>().to_lowercase())
            .unwrap_or_default()
    };
    let filler_at = |i: usize| -> usize {
        for f in FILLERS {
            let n = f.split(' ').count();
            if f.split(' ').enumerate().all(|(k, w)| word(i + k) == w) {
                return n;
            }
        }
        0
    };
    let filler_ending_at = |end: usize| -> usize {
        for f in FILLERS {
            let n = f.split(' ').count();
            if end >= n
                && f.split(' ')
                    .enumerate()
                    .all(|(k, w)| word(end - n + k) == w)
            {
                return n;
            }
        }
        0
    };
    // A mark at an end, but a parenthesis closing one the name opens.
    let stray = |i: usize, a: usize, b: usize| match tokens.get(i).map(|t| &t.tok) {
        Some(Tok::Sym(')')) => !(a..b).any(|k| tokens.get(k).is_some_and(|t| t.is_sym('('))),
        Some(Tok::Sym('(')) => !(a..b).any(|k| tokens.get(k).is_some_and(|t| t.is_sym(')'))),
        Some(Tok::Sym(_)) => true,
        _ => false,
    };
    // A leading number is a row or list index ("1\tKết nối …").
    let index = |i: usize| tokens.get(i).is_some_and(|t| t.num().is_some());
    loop {
        if a >= b {
            return None;
        }
        // A list marker "(1)".
        if tokens.get(a).is_some_and(|t| t.is_sym('('))
            && index(a + 1)
            && tokens.get(a + 2).is_some_and(|t| t.is_sym(')'))
        {
            a += 3;
            continue;
        }
        if in_year(a) || stray(a, a, b) || index(a) {
            a += 1;
            continue;
        }
        let n = filler_at(a);
        if n > 0 && a + n <= b {
            a += n;
            continue;
        }
        if in_year(b - 1) || stray(b - 1, a, b) {
            b -= 1;
            continue;
        }
        let n = filler_ending_at(b);
        if n > 0 && b - n >= a {
            b -= n;
            continue;
        }
        return Some((a, b));
    }
}

/// The name before a target's comparing words, and the unit it suggests
/// ("tỷ lệ …" is a percentage, "chỉ số …" points, "xếp hạng" a place).
fn name_before(
    chars: &[(char, char)],
    tokens: &[Token],
    floor: usize,
    cstart: usize,
    in_year: &dyn Fn(usize) -> bool,
) -> (String, IndicatorUnit) {
    let Some((mut a, b)) = trim_name(chars, tokens, floor, cstart, in_year) else {
        return (String::new(), IndicatorUnit::Other);
    };
    // "(phấn đấu đạt) mục tiêu tỷ trọng …": the goal's own word goes.
    if b > a + 2
        && tokens.get(a).is_some_and(|t| t.word() == "muc")
        && tokens.get(a + 1).is_some_and(|t| t.word() == "tieu")
    {
        a += 2;
    }
    let name = span_text(chars, tokens, a, b);
    let first = |w: &str| tokens.get(a).is_some_and(|t| t.word() == w);
    let second = |w: &str| tokens.get(a + 1).is_some_and(|t| t.word() == w);
    let guess = if (first("ty") || first("ti")) && (second("le") || second("trong")) {
        IndicatorUnit::Percent
    } else if first("xep") && second("hang") {
        IndicatorUnit::Rank
    } else {
        IndicatorUnit::Other
    };
    (name, guess)
}

// ---------------------------------------------------------------------------
// When values are due.

/// How often an indicator is measured: the periods its values are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Frequency {
    /// Once a year.
    Year,
    /// Every six months.
    Half,
    /// Every quarter.
    Quarter,
    /// Every month.
    Month,
}

/// A value for a period is due this many days after the period ends (the
/// usual deadline of a periodic report: the 15th of the next month).
pub const VALUE_DUE_DAYS: i64 = 15;

impl Frequency {
    /// Every frequency, the longest first.
    pub const ALL: [Frequency; 4] = [
        Frequency::Year,
        Frequency::Half,
        Frequency::Quarter,
        Frequency::Month,
    ];

    /// A stable code for storage.
    pub fn code(self) -> &'static str {
        match self {
            Frequency::Year => "year",
            Frequency::Half => "half",
            Frequency::Quarter => "quarter",
            Frequency::Month => "month",
        }
    }

    /// The frequency with this [`code`](Self::code).
    pub fn from_code(code: &str) -> Option<Frequency> {
        Frequency::ALL.into_iter().find(|f| f.code() == code)
    }

    /// The Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            Frequency::Year => "hằng năm",
            Frequency::Half => "6 tháng",
            Frequency::Quarter => "hằng quý",
            Frequency::Month => "hằng tháng",
        }
    }

    /// The period of this frequency that contains `day`.
    pub fn period_of(self, day: NaiveDate) -> Period {
        let (y, m) = (day.year(), day.month());
        match self {
            Frequency::Year => Period::Year(y),
            Frequency::Half => Period::Half(y, if m <= 6 { 1 } else { 2 }),
            Frequency::Quarter => Period::Quarter(y, ((m - 1) / 3 + 1) as u8),
            Frequency::Month => Period::Month(y, m as u8),
        }
    }

    /// The last period of this frequency that has ended on `today`.
    pub fn last_ended(self, today: NaiveDate) -> Period {
        self.period_of(today).previous()
    }
}

/// The day a value for `period` is due: [`VALUE_DUE_DAYS`] after its end.
pub fn value_due(period: Period) -> NaiveDate {
    period.end() + chrono::Duration::days(VALUE_DUE_DAYS)
}

/// A target's words: "≥ 80 %", "trên 80 %", "hạng 10 hoặc tốt hơn",
/// "tăng 1–2 hạng", "trên mức trung bình cả nước".
pub fn goal_words(unit: IndicatorUnit, direction: Direction, goal: &Goal) -> String {
    let lower = direction == Direction::LowerIsBetter;
    match goal {
        Goal::Reach { value, strict } => match (unit, lower, strict) {
            (IndicatorUnit::Rank, _, false) => format!("{} hoặc tốt hơn", unit.show(*value, false)),
            (IndicatorUnit::Rank, _, true) => format!("tốt hơn {}", unit.show(*value, false)),
            (_, false, false) => format!("≥ {}", unit.show(*value, false)),
            (_, false, true) => format!("trên {}", unit.show(*value, false)),
            (_, true, false) => format!("≤ {}", unit.show(*value, false)),
            (_, true, true) => format!("dưới {}", unit.show(*value, false)),
        },
        Goal::ImproveBy { min, max } => {
            let verb = if lower && unit != IndicatorUnit::Rank {
                "giảm"
            } else {
                "tăng"
            };
            let amount = match max {
                Some(m) if m != min => {
                    format!("{}–{}", min.format_trimmed(2), m.format_trimmed(2))
                }
                _ => min.format_trimmed(2),
            };
            let what = match unit {
                IndicatorUnit::Rank => " bậc".to_owned(),
                IndicatorUnit::Percent => " %".to_owned(),
                u if u.label_vi().is_empty() => String::new(),
                u => format!(" {}", u.label_vi()),
            };
            format!("{verb} {amount}{what} so với kỳ trước")
        }
        Goal::Reference { label, strict, .. } => {
            let word = match (lower, strict) {
                (false, true) => "trên",
                (false, false) => "không thấp hơn",
                (true, true) => "dưới",
                (true, false) => "không cao hơn",
            };
            format!("{word} {label}")
        }
    }
}

#[cfg(test)]
mod tests;
