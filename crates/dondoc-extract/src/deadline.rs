//! The deadline grammar of directives: "chậm nhất ngày 30/01/2026",
//! "trong quý I/2026", "6 tháng đầu năm 2026", "(năm 2026 - 2028)", ...,
//! and recurring duties ("thường xuyên", "định kỳ hằng tháng").

use crate::model::{Precision, Recurrence};
use crate::token::{Kind, Tokens, roman};
use chrono::{Datelike, NaiveDate};

/// Whether a time expression must be introduced by a deadline word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Running text: only "trước", "chậm nhất", "trong", "hoàn thành", ...
    /// make a date a deadline; a bare date is an event or a citation.
    Prose,
    /// A "Thời gian hoàn thành" cell: any time expression is the deadline.
    Cell,
}

/// What a time expression means where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The day work must be done by ("trước ngày 15/5/2026").
    Deadline,
    /// "bắt đầu từ tháng 01/2026": when work starts, not when it ends.
    Start,
    /// The date of a cited document: "Kế hoạch số 1489/KH-UBND ngày 23/01/2026".
    Citation,
    /// A date with no deadline word: an event ("Ngày 27/01/2026, ...").
    Event,
}

/// A time expression found in text, and what it means there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Deadline, start, citation date or event.
    pub role: Role,
    /// The last day of the period it names.
    pub date: NaiveDate,
    /// How much the words said: a day, a month, a quarter, ...
    pub precision: Precision,
    /// Byte range in the original text, cue words included.
    pub span: std::ops::Range<usize>,
    /// The year was not written and was taken from the document.
    pub year_assumed: bool,
}

/// A parsed time expression, before its role is known.
#[derive(Debug, Clone, Copy)]
struct Expr {
    end: usize,
    date: NaiveDate,
    precision: Precision,
    year_assumed: bool,
    /// First day of the period, for "trước tháng 6" (= end of May).
    period_start: NaiveDate,
}

fn is_sep(t: &Tokens, i: usize) -> bool {
    matches!(t.kind(i), Some(Kind::Punct('/' | '-' | '.')))
}

fn year_at(t: &Tokens, i: usize) -> Option<i32> {
    let s = t.s(i);
    if t.is_num(i) && (s.len() == 4 || s.len() == 2) {
        let v: i32 = s.parse().ok()?;
        let y = if s.len() == 2 { 2000 + v } else { v };
        return (1990..=2100).contains(&y).then_some(y);
    }
    None
}

fn last_day_of_month(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
}

impl Expr {
    /// The months `first..=last` of year `y`, read up to token `end`: every
    /// expression is a period, and ends on its last day.
    fn months(
        y: i32,
        first: u32,
        last: u32,
        precision: Precision,
        end: usize,
        year_assumed: bool,
    ) -> Option<Self> {
        Some(Expr {
            end,
            date: last_day_of_month(y, last)?,
            precision,
            year_assumed,
            period_start: NaiveDate::from_ymd_opt(y, first, 1)?,
        })
    }

    /// One day, read up to token `end`.
    fn day(date: NaiveDate, end: usize, year_assumed: bool) -> Self {
        Expr {
            end,
            date,
            precision: Precision::Day,
            year_assumed,
            period_start: date,
        }
    }
}

/// Reads an optional year after a month or quarter: "/2026", "-2025", " năm 2026".
fn trailing_year(t: &Tokens, i: usize) -> Option<(i32, usize)> {
    if is_sep(t, i)
        && let Some(y) = year_at(t, i + 1)
    {
        return Some((y, i + 2));
    }
    if t.s(i) == "nam"
        && let Some(y) = year_at(t, i + 1)
    {
        return Some((y, i + 2));
    }
    None
}

/// A day and month as written, with the year when one follows.
struct DayMonth {
    day: u32,
    month: u32,
    /// The year and the token after it.
    year: Option<(i32, usize)>,
    /// The token after the month.
    after: usize,
}

/// A day and month at token `i`, written "15/5", "15-6", "15.5" or, after
/// "ngày", "15 tháng 5"; with the year when one follows ("/2026", "năm 2026").
fn day_month_at(t: &Tokens, i: usize, spelled: bool) -> Option<DayMonth> {
    let day = t.num(i)?;
    if !(is_sep(t, i + 1) || (spelled && t.s(i + 1) == "thang")) {
        return None;
    }
    let month = t.num(i + 2)?;
    let after = i + 3;
    if !(1..=31).contains(&day) || !(1..=12).contains(&month) {
        return None;
    }
    let year = trailing_year(t, after).filter(|_| is_sep(t, after) || spelled);
    Some(DayMonth {
        day,
        month,
        year,
        after,
    })
}

/// Parses a time expression starting at token `i`: a day, a month, a quarter,
/// a half or three quarters of a year, a year (or span of years).
fn expr_at(t: &Tokens, i: usize, doc_year: Option<i32>, mode: Mode) -> Option<Expr> {
    let w = t.s(i);
    // The year as written, else the document's year (noted as assumed).
    let year_or_doc = |y: Option<(i32, usize)>, end: usize| -> Option<(i32, usize, bool)> {
        match y {
            Some((y, e)) => Some((y, e, false)),
            None => doc_year.map(|y| (y, end, true)),
        }
    };
    // "ngày 15/5/2026", "ngày 15 tháng 5 năm 2026", "ngày 15-6", "15/5/2026"
    // (a bare day without year is left to the caller's cue rules).
    let spelled = w == "ngay";
    let day = if spelled {
        // After "ngày" only a day can follow.
        Some(day_month_at(t, i + 1, true)?)
    } else if t.is_num(i) {
        day_month_at(t, i, false)
    } else {
        None
    };
    if let Some(dm) = day {
        let (y, end, assumed) = year_or_doc(dm.year, dm.after)?;
        let date = NaiveDate::from_ymd_opt(y, dm.month, dm.day)?;
        return Some(Expr::day(date, end, assumed));
    }
    // "tháng 6/2026", "tháng 5 năm 2026", "tháng 6"
    if w == "thang"
        && let Some(m) = t.num(i + 1)
        && (1..=12).contains(&m)
    {
        let (y, end, assumed) = year_or_doc(trailing_year(t, i + 2), i + 2)?;
        return Expr::months(y, m, m, Precision::Month, end, assumed);
    }
    // "quý II/2026", "quý I năm 2026", "quý 3-2025"
    if w == "quy" {
        let q = roman(t.s(i + 1)).or_else(|| t.num(i + 1))?;
        if !(1..=4).contains(&q) {
            return None;
        }
        let (y, end, assumed) = year_or_doc(trailing_year(t, i + 2), i + 2)?;
        return Expr::months(y, q * 3 - 2, q * 3, Precision::Quarter, end, assumed);
    }
    // "6 tháng đầu năm 2026", "6 tháng cuối năm", "9 tháng đầu năm"
    if (t.num(i) == Some(6) || t.num(i) == Some(9) || w == "sau" || w == "chin")
        && t.s(i + 1) == "thang"
    {
        let months = if t.num(i) == Some(9) || w == "chin" {
            9
        } else {
            6
        };
        let (first, last) = match t.s(i + 2) {
            "dau" => (1, months),
            "cuoi" if months == 6 => (7, 12),
            _ => return None,
        };
        let year = (t.s(i + 3) == "nam")
            .then(|| year_at(t, i + 4).map(|y| (y, i + 5)))
            .flatten();
        let end = if t.s(i + 3) == "nam" && year.is_none() {
            i + 4
        } else {
            i + 3
        };
        let (y, end, assumed) = year_or_doc(year, end)?;
        return Expr::months(y, first, last, Precision::Half, end, assumed);
    }
    // A year, or a span of years ending in the last: "năm 2026", "năm 2026 - 2028",
    // and in a deadline column the bare "2026", "2025 - 2026".
    let year_from = if w == "nam" {
        Some(i + 1)
    } else if mode == Mode::Cell && !(i > 0 && is_sep(t, i - 1)) {
        Some(i)
    } else {
        None
    };
    if let Some(k) = year_from
        && let Some(y) = year_at(t, k)
        && t.s(k).len() == 4
    {
        let (y, end) = match (is_sep(t, k + 1), year_at(t, k + 2)) {
            (true, Some(y2)) if t.s(k + 2).len() == 4 && y2 > y => (y2, k + 3),
            _ => (y, k + 1),
        };
        // "2026/..." in a cell is a date or a number, not a year.
        if w != "nam" && is_sep(t, end) {
            return None;
        }
        return Expr::months(y, 1, 12, Precision::Year, end, false);
    }
    None
}

/// Words that make the following time expression a deadline; matched as
/// folded token sequences ending right before the expression.
const DEADLINE_CUES: &[&[&str]] = &[
    &["cham", "nhat"],
    &["cham", "nhat", "la"],
    &["cham", "nhat", "den"],
    &["cham", "nhat", "vao"],
    &["cham", "nhat", "trong"],
    &["cham", "nhat", "la", "trong"],
    &["truoc"],
    &["han", "chot"],
    &["thoi", "han"],
    &["thoi", "han", "hoan", "thanh"],
    &["han"],
    &["hoan", "thanh"],
    &["hoan", "thanh", "trong"],
    &["hoan", "thanh", "truoc"],
    &["hoan", "thanh", "vao"],
    &["hoan", "thanh", "cham", "nhat"],
    &["thoi", "gian", "hoan", "thanh"],
    &["thoi", "gian", "hoan", "thanh", "truoc"],
    &["thoi", "gian", "hoan", "thanh", "trong"],
    &["xong"],
    &["trong"],
    &["trong", "vong"],
    &["den", "het"],
    &["het"],
    &["den"],
    &["vao"],
    &["ket", "thuc"],
    &["tien", "do"],
];

const START_CUES: &[&[&str]] = &[
    &["tu"],
    &["bat", "dau"],
    &["bat", "dau", "tu"],
    &["ke", "tu"],
    &["tinh", "tu"],
];

/// Does the token sequence `cue` end right before token `i`?
fn cue_before(t: &Tokens, i: usize, cue: &[&str]) -> Option<usize> {
    let start = i.checked_sub(cue.len())?;
    t.words_at(start, cue).then_some(start)
}

fn longest_cue(t: &Tokens, i: usize, cues: &[&[&str]]) -> Option<usize> {
    // "trước 15 giờ (30) ngày 20/5": the hour stands between the cue and the date.
    let mut i = i;
    if t.s(i) == "ngay" {
        let mut k = i;
        if k >= 2 && t.s(k - 1) == "phut" && t.is_num(k - 2) {
            k -= 2;
        }
        if k >= 2 && matches!(t.s(k - 1), "gio" | "h") && t.is_num(k - 2) {
            i = k - 2;
        } else if k >= 3 && t.is_num(k - 1) && t.s(k - 2) == "h" && t.is_num(k - 3) {
            i = k - 3;
        }
    }
    cues.iter().filter_map(|c| cue_before(t, i, c)).min()
}

/// Is the token before `i` (skipping a comma and "ngày") the end of a
/// document number such as `1489/KH-UBND` or `57-NQ/TW`?
fn after_citation(t: &Tokens, i: usize) -> bool {
    let mut j = i;
    while j > 0 && (t.is_punct(j - 1, ',') || t.s(j - 1) == "ngay") {
        j -= 1;
    }
    // ... <NUM> ( / | - ) ... ( / | - ) <SYMBOL> right before the date.
    let Some(last) = j.checked_sub(1) else {
        return false;
    };
    if t.kind(last) != Some(Kind::Word) || last < 2 {
        return false;
    }
    if !matches!(t.kind(last - 1), Some(Kind::Punct('/' | '-'))) {
        return false;
    }
    (last.saturating_sub(8)..last - 1)
        .any(|k| t.is_num(k) && matches!(t.kind(k + 1), Some(Kind::Punct('/' | '-'))))
}

/// Finds every time expression in `t` and decides what it means.
pub fn find(t: &Tokens, doc_year: Option<i32>, mode: Mode) -> Vec<Found> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let Some(e) = expr_at(t, i, doc_year, mode) else {
            i += 1;
            continue;
        };
        let bare_day = t.is_num(i);
        let in_parens = i > 0 && t.is_punct(i - 1, '(') && t.is_punct(e.end, ')');
        let (role, cue_start) = if after_citation(t, i) {
            (Role::Citation, i)
        } else if let Some(s) = longest_cue(t, i, START_CUES) {
            (Role::Start, s)
        } else if let Some(s) = longest_cue(t, i, DEADLINE_CUES) {
            (Role::Deadline, s)
        } else if in_parens && !bare_day {
            // "(năm 2026 - 2028)", "(quý II/2026)": a period named aside is its deadline.
            (Role::Deadline, i)
        } else if mode == Mode::Cell {
            (Role::Deadline, i)
        } else {
            (Role::Event, i)
        };
        // A bare "15/5" in prose may be a fraction ("rút ngắn 1/3"): only a cue makes it a date.
        if bare_day && e.year_assumed && role != Role::Deadline {
            i += 1;
            continue;
        }
        // "trong năm 2026", "đến năm 2030" set a scope or a horizon, not a
        // deadline: a year is a deadline only with a firm word, in brackets
        // or in a deadline column.
        let weak = |s: usize| matches!(t.s(s), "trong" | "vao" | "den") && s + 1 == i;
        let role = if role == Role::Deadline
            && e.precision == Precision::Year
            && mode == Mode::Prose
            && !in_parens
            && weak(cue_start)
        {
            Role::Event
        } else {
            role
        };
        let mut date = e.date;
        // "trước tháng 6/2026" ends with May; "trước ngày 15/5" keeps the day
        // (directives mean the day itself is the last one).
        if role == Role::Deadline
            && e.precision != Precision::Day
            && i > 0
            && t.s(i - 1) == "truoc"
            && let Some(prev) = e.period_start.pred_opt()
        {
            date = prev;
        }
        let span = t.orig_span(cue_start, e.end);
        out.push(Found {
            role,
            date,
            precision: e.precision,
            span,
            year_assumed: e.year_assumed,
        });
        i = e.end;
    }
    out
}

/// Folded words of period names.
fn period(word: &str) -> Option<Recurrence> {
    Some(match word {
        "tuan" => Recurrence::Weekly,
        "thang" => Recurrence::Monthly,
        "quy" => Recurrence::Quarterly,
        "nam" => Recurrence::Yearly,
        _ => return None,
    })
}

/// Verbs that make "hằng tháng" describe how often something is done
/// ("hằng tháng báo cáo"), not what a thing covers ("kế hoạch hằng tháng").
const ACTION_STARTS: &[&str] = &[
    "bao", "to", "hop", "cap", "gui", "thuc", "ra", "tong", "danh", "kiem", "theo", "cung", "giao",
    "trien",
];

/// Nouns after which "thường xuyên" is a kind of budget or duty, not a rhythm.
const ROUTINE_NOUNS: &[&str] = &["chi", "von", "vu", "dong", "phi", "xuyen"];

/// Reads how often a duty repeats, if it does.
pub fn recurrence(t: &Tokens) -> Option<(Recurrence, std::ops::Range<usize>)> {
    // A stated period ("định kỳ hằng quý") says more than "thường xuyên".
    let periodic = periodic(t);
    if periodic.is_some() {
        return periodic;
    }
    for i in 0..t.len() {
        // "thường xuyên" as a way of working ("thường xuyên rà soát").
        if t.words_at(i, &["thuong", "xuyen"]) {
            let noun_before = i > 0 && ROUTINE_NOUNS.contains(&t.s(i - 1));
            if !noun_before {
                return Some((Recurrence::Ongoing, t.orig_span(i, i + 2)));
            }
        }
    }
    None
}

fn periodic(t: &Tokens) -> Option<(Recurrence, std::ops::Range<usize>)> {
    for i in 0..t.len() {
        let w = t.s(i);
        // "hằng tháng", "hàng quý", "định kỳ hằng tuần", "mỗi tháng"
        if matches!(w, "hang" | "moi")
            && let Some(p) = period(t.s(i + 1))
        {
            let periodic = i >= 2 && t.words_at(i - 2, &["dinh", "ky"]);
            let leading = i == 0 || matches!(t.kind(i - 1), Some(Kind::Punct(_)));
            let action_follows = ACTION_STARTS.contains(&t.s(i + 2));
            let report_before =
                i >= 2 && (t.words_at(i - 2, &["bao", "cao"]) || t.words_at(i - 1, &["hop"]));
            // "trước ngày 10/6 và ngày 10/12 hằng năm": dates of every period.
            let dates_before = i >= 1 && t.is_num(i - 1);
            if periodic || leading || action_follows || report_before || dates_before {
                let start = if periodic { i - 2 } else { i };
                return Some((p, t.orig_span(start, i + 2)));
            }
        }
        // "định kỳ 6 tháng", "01 lần/tháng"
        if t.words_at(i, &["dinh", "ky"]) && t.num(i + 2) == Some(6) && t.s(i + 3) == "thang" {
            return Some((Recurrence::HalfYearly, t.orig_span(i, i + 4)));
        }
        if t.is_num(i)
            && t.s(i + 1) == "lan"
            && t.is_punct(i + 2, '/')
            && let Some(p) = period(t.s(i + 3))
        {
            return Some((p, t.orig_span(i, i + 4)));
        }
    }
    None
}

/// The year of a date, for documents that give only a year.
pub fn year_of(d: NaiveDate) -> i32 {
    d.year()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deadline(s: &str, mode: Mode) -> Option<(String, Precision, String)> {
        let t = Tokens::new(s);
        find(&t, Some(2026), mode)
            .into_iter()
            .rfind(|f| f.role == Role::Deadline)
            .map(|f| {
                (
                    f.date.to_string(),
                    f.precision,
                    s.get(f.span).unwrap_or("").to_owned(),
                )
            })
    }

    #[test]
    fn deadline_phrases_in_prose() {
        use Precision::*;
        let cases: &[(&str, &str, Precision, &str)] = &[
            (
                "hoàn thành chậm nhất ngày 30/01/2026.",
                "2026-01-30",
                Day,
                "hoàn thành chậm nhất ngày 30/01/2026",
            ),
            (
                "trình UBND tỉnh chậm nhất đến ngày 15/01/2026./.",
                "2026-01-15",
                Day,
                "chậm nhất đến ngày 15/01/2026",
            ),
            (
                "báo cáo, tham mưu UBND tỉnh trước ngày 04/02/2026.",
                "2026-02-04",
                Day,
                "trước ngày 04/02/2026",
            ),
            ("Trước 15/5/2026", "2026-05-15", Day, "Trước 15/5/2026"),
            (
                "gửi về Sở trước ngày 15-6",
                "2026-06-15",
                Day,
                "trước ngày 15-6",
            ),
            (
                "trước ngày 20.7.2026",
                "2026-07-20",
                Day,
                "trước ngày 20.7.2026",
            ),
            (
                "chậm nhất ngày 15 tháng 3 năm 2026",
                "2026-03-15",
                Day,
                "chậm nhất ngày 15 tháng 3 năm 2026",
            ),
            (
                "(hoàn thành trong tháng 6/2026)",
                "2026-06-30",
                Month,
                "hoàn thành trong tháng 6/2026",
            ),
            (
                "hoàn thành trong tháng 5 năm 2026",
                "2026-05-31",
                Month,
                "hoàn thành trong tháng 5 năm 2026",
            ),
            (
                "hoàn thành trong tháng 02/2026",
                "2026-02-28",
                Month,
                "hoàn thành trong tháng 02/2026",
            ),
            (
                "trước tháng 6/2026",
                "2026-05-31",
                Month,
                "trước tháng 6/2026",
            ),
            (
                "hoàn thành trước tháng 7/2026",
                "2026-06-30",
                Month,
                "hoàn thành trước tháng 7/2026",
            ),
            (
                "trước quý III/2026",
                "2026-06-30",
                Quarter,
                "trước quý III/2026",
            ),
            (
                "(hoàn thành trong Quý II/2026).",
                "2026-06-30",
                Quarter,
                "hoàn thành trong Quý II/2026",
            ),
            (
                "tham mưu trình trong quý I/2026.",
                "2026-03-31",
                Quarter,
                "trong quý I/2026",
            ),
            (
                "hoàn thành trong quý III-2026",
                "2026-09-30",
                Quarter,
                "hoàn thành trong quý III-2026",
            ),
            (
                "trong quý 4 năm 2026",
                "2026-12-31",
                Quarter,
                "trong quý 4 năm 2026",
            ),
            (
                "hoàn thành trong 6 tháng đầu năm 2026",
                "2026-06-30",
                Half,
                "hoàn thành trong 6 tháng đầu năm 2026",
            ),
            (
                "trong 6 tháng cuối năm 2026",
                "2026-12-31",
                Half,
                "trong 6 tháng cuối năm 2026",
            ),
            (
                "hoàn thành trong năm 2026",
                "2026-12-31",
                Year,
                "hoàn thành trong năm 2026",
            ),
            (
                "khởi nghiệp sáng tạo (năm 2026 - 2028).",
                "2028-12-31",
                Year,
                "năm 2026 - 2028",
            ),
            ("đến hết năm 2027", "2027-12-31", Year, "đến hết năm 2027"),
            (
                "thời hạn tháng 6/2025",
                "2025-06-30",
                Month,
                "thời hạn tháng 6/2025",
            ),
            // Regression: a start date shortly before must not make this a citation.
            (
                "bắt đầu từ tháng 7/2026, hoàn thành chậm nhất ngày 31/12/2026.",
                "2026-12-31",
                Day,
                "hoàn thành chậm nhất ngày 31/12/2026",
            ),
        ];
        for (s, date, prec, text) in cases {
            let got = deadline(s, Mode::Prose);
            assert_eq!(
                got,
                Some(((*date).to_owned(), *prec, (*text).to_owned())),
                "{s}"
            );
        }
    }

    #[test]
    fn deadline_cells() {
        use Precision::*;
        let cases: &[(&str, &str, Precision)] = &[
            ("Tháng 5/2026", "2026-05-31", Month),
            ("Trước 15/5/2026", "2026-05-15", Day),
            ("Quý II/2026", "2026-06-30", Quarter),
            ("Năm 2026", "2026-12-31", Year),
            ("15/5/2026", "2026-05-15", Day),
            ("Tháng 6/2026", "2026-06-30", Month),
            ("2026", "2026-12-31", Year),
            ("2025 - 2026", "2026-12-31", Year),
            ("Quý IV/2025", "2025-12-31", Quarter),
        ];
        for (s, date, prec) in cases {
            let got = deadline(s, Mode::Cell).map(|(d, p, _)| (d, p));
            assert_eq!(got, Some(((*date).to_owned(), *prec)), "{s}");
        }
    }

    #[test]
    fn traps_are_not_deadlines() {
        let cases = [
            "được giao tại Kế hoạch số 1489/KH-UBND ngày 23/01/2026 của UBND tỉnh",
            "Nghị quyết 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị",
            "theo Công văn số 796/STC-TCHCSN ngày 19/01/2026):",
            "bắt đầu từ tháng 01/2026",
            "Ngày 27/01/2026, Phó Chủ tịch UBND tỉnh chủ trì cuộc họp",
            "Xây dựng chương trình công tác năm 2026",
            "Triển khai kế hoạch năm 2026 cải thiện chỉ số",
            "rút ngắn 1/3 thời gian",
            "danh mục nhiệm vụ giai đoạn 2026 - 2030",
            "Kế hoạch tổng thể 05 năm (2026 - 2030)",
            "tỷ trọng kinh tế số trong GRDP năm 2026 đạt 14%",
            "NHIỆM VỤ TRỌNG TÂM QUÝ II/2026",
            "Nghị định số 45/CP2026/NĐ-CP ngày 26/01/2026 của Chính phủ",
            "Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ",
        ];
        for s in cases {
            assert_eq!(deadline(s, Mode::Prose), None, "{s}");
        }
    }

    #[test]
    fn start_dates_are_recognised() {
        let t = Tokens::new("bắt đầu từ tháng 01/2026");
        let f = find(&t, Some(2026), Mode::Prose);
        assert_eq!(f.first().map(|f| f.role), Some(Role::Start));
    }

    #[test]
    fn recurring_duties() {
        use Recurrence::*;
        let cases: &[(&str, Option<Recurrence>)] = &[
            ("thường xuyên rà soát tiến độ", Some(Ongoing)),
            ("Thường xuyên theo dõi, đôn đốc", Some(Ongoing)),
            ("định kỳ hàng tháng báo cáo kết quả", Some(Monthly)),
            ("hằng tháng báo cáo UBND tỉnh", Some(Monthly)),
            ("Tổ giúp việc họp định kỳ hàng tuần", Some(Weekly)),
            ("Thường trực Ban Chỉ đạo họp 01 lần/tháng", Some(Monthly)),
            ("báo cáo hằng quý", Some(Quarterly)),
            (
                "thường xuyên kiểm tra, số hóa hồ sơ; định kỳ hằng quý báo cáo kết quả",
                Some(Quarterly),
            ),
            (
                "Xây dựng kế hoạch giải ngân chi tiết hàng tháng cho từng nhiệm vụ",
                None,
            ),
            ("phân bổ nguồn vốn chi thường xuyên và vốn đầu tư", None),
            ("theo dõi, đánh giá định kỳ, chấm điểm", None),
        ];
        for (s, want) in cases {
            let got = recurrence(&Tokens::new(s)).map(|r| r.0);
            assert_eq!(got, *want, "{s}");
        }
    }
}
