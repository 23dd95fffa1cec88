//! Money as whole đồng, exact rates, and the Vietnamese ways of writing both.
//!
//! Amounts are integers of đồng ([`Dong`]), never floating point: a
//! disbursement figure is compared, summed and reported to the last đồng.
//! Rates ([`Rate`]) are exact fractions; they are rounded only when shown,
//! with integer arithmetic ("half away from zero"), so "62,0 %" is the same
//! on every machine and at every call.
//!
//! Parsing follows what finance officers type and what spreadsheets hold:
//! "1.234.567.890", "1.234.567.890 đ", "1,5 tỷ", "1,5 tỷ đồng", "250 triệu",
//! "12.5" in a column whose header says "triệu đồng" (the caller passes that
//! unit), and spreadsheet numbers (`f64`) converted through their decimal
//! form. A remainder below one đồng is an error, never silently rounded.

#![deny(missing_docs)]

use std::cmp::Ordering;
use std::fmt;

/// An amount of money in whole đồng (VND). Negative amounts are allowed
/// (a refund, an adjustment); the caller decides whether they make sense.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Dong(pub i64);

/// The unit an amount is written in: a column header "(triệu đồng)" makes
/// "12,5" mean 12.500.000 đ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MoneyUnit {
    /// đồng.
    Dong,
    /// nghìn đồng (thousands).
    Thousand,
    /// triệu đồng (millions).
    Million,
    /// tỷ đồng (billions, 10⁹).
    Billion,
}

/// Why an amount could not be read or computed. The messages are in
/// Vietnamese: the import preview shows them to finance officers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoneyError {
    /// Nothing was written.
    Empty,
    /// The text is not an amount of money.
    NotAnAmount(String),
    /// The amount has a part smaller than one đồng ("12,3456789 triệu").
    SubDong(String),
    /// A single '.' or ',' followed by three digits in a unit larger than
    /// the đồng: "1.500 triệu" may be 1500 or 1,5 million.
    Ambiguous(String),
    /// The words after the number are not a unit of money.
    UnknownUnit(String),
    /// The amount or a sum does not fit in 64 bits of đồng.
    Overflow,
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MoneyError::Empty => write!(f, "ô trống, không có số tiền"),
            MoneyError::NotAnAmount(t) => write!(f, "'{t}' không phải số tiền"),
            MoneyError::SubDong(t) => {
                write!(f, "'{t}' có phần lẻ nhỏ hơn 1 đồng: hãy làm tròn đến đồng")
            }
            MoneyError::Ambiguous(t) => write!(
                f,
                "'{t}' không rõ dấu phân cách là hàng nghìn hay thập phân: \
                 hãy ghi số không có dấu chấm hàng nghìn (1500) hoặc dùng dấu phẩy thập phân (1,5)"
            ),
            MoneyError::UnknownUnit(u) => write!(
                f,
                "'{u}' không phải đơn vị tiền (đồng, nghìn đồng, triệu đồng, tỷ đồng)"
            ),
            MoneyError::Overflow => write!(f, "số tiền vượt quá giới hạn tính toán"),
        }
    }
}

impl std::error::Error for MoneyError {}

impl MoneyUnit {
    /// Every unit, smallest first.
    pub const ALL: [MoneyUnit; 4] = [
        MoneyUnit::Dong,
        MoneyUnit::Thousand,
        MoneyUnit::Million,
        MoneyUnit::Billion,
    ];

    /// How many đồng one of this unit is.
    pub fn factor(self) -> i64 {
        match self {
            MoneyUnit::Dong => 1,
            MoneyUnit::Thousand => 1_000,
            MoneyUnit::Million => 1_000_000,
            MoneyUnit::Billion => 1_000_000_000,
        }
    }

    /// A stable code for storage.
    pub fn code(self) -> &'static str {
        match self {
            MoneyUnit::Dong => "dong",
            MoneyUnit::Thousand => "thousand",
            MoneyUnit::Million => "million",
            MoneyUnit::Billion => "billion",
        }
    }

    /// The unit with this [`code`](Self::code).
    pub fn from_code(code: &str) -> Option<MoneyUnit> {
        MoneyUnit::ALL.into_iter().find(|u| u.code() == code)
    }

    /// The unit as a table header says it: "triệu đồng".
    pub fn label_vi(self) -> &'static str {
        match self {
            MoneyUnit::Dong => "đồng",
            MoneyUnit::Thousand => "nghìn đồng",
            MoneyUnit::Million => "triệu đồng",
            MoneyUnit::Billion => "tỷ đồng",
        }
    }

    /// The unit a header or a title names, if any: "Kế hoạch vốn (triệu
    /// đồng)", "ĐVT: Tr.đồng", "Đơn vị tính: tỷ đồng", "(VNĐ)". The first
    /// unit named wins. "tỷ lệ" and "tỷ trọng" (rate, share) are not units,
    /// and "đồng" alone counts only in parentheses or after "ĐVT"/"đơn vị",
    /// since it is also a syllable of words such as "hội đồng".
    pub fn find_in(text: &str) -> Option<MoneyUnit> {
        let tokens = unit_tokens(&fold(text));
        let t = |i: usize| tokens.get(i).map(String::as_str).unwrap_or("");
        let is_dong = |w: &str| matches!(w, "dong" | "d" | "vnd");
        for i in 0..tokens.len() {
            let (w, next, prev) = (t(i), t(i + 1), if i == 0 { "" } else { t(i - 1) });
            let unit_context = matches!(prev, "(" | "dvt" | "vi" | "tinh" | "bang" | "don");
            match w {
                "trieu" if next != "tap" => return Some(MoneyUnit::Million),
                "trd" | "trdong" => return Some(MoneyUnit::Million),
                "tr" if is_dong(next) => return Some(MoneyUnit::Million),
                "ty" | "ti" if is_dong(next) || next == ")" || next.is_empty() => {
                    return Some(MoneyUnit::Billion);
                }
                "tyd" | "tydong" => return Some(MoneyUnit::Billion),
                "nghin" | "ngan" if is_dong(next) || unit_context => {
                    return Some(MoneyUnit::Thousand);
                }
                "1000" if is_dong(next) => return Some(MoneyUnit::Thousand),
                "1" if next == "000" && is_dong(t(i + 2)) => return Some(MoneyUnit::Thousand),
                "vnd" => return Some(MoneyUnit::Dong),
                "dong" | "d" if unit_context => return Some(MoneyUnit::Dong),
                _ => {}
            }
        }
        None
    }

    /// The unit of the words after a number ("tỷ", "triệu đồng", "đ"), or
    /// `None` when they are not a unit.
    fn from_suffix(words: &str) -> Option<MoneyUnit> {
        let f = fold(words);
        let key: String = f.chars().filter(|c| c.is_alphanumeric()).collect();
        match key.as_str() {
            "d" | "dong" | "vnd" | "vnđ" => Some(MoneyUnit::Dong),
            "nghin" | "ngan" | "nghindong" | "ngandong" | "nghind" | "ngand" => {
                Some(MoneyUnit::Thousand)
            }
            "trieu" | "trieudong" | "trieud" | "tr" | "trd" | "trdong" | "trieuvnd" => {
                Some(MoneyUnit::Million)
            }
            "ty" | "ti" | "tydong" | "tidong" | "tyd" | "tid" | "tyvnd" => Some(MoneyUnit::Billion),
            _ => None,
        }
    }
}

/// Splits folded text into words and parentheses, for [`MoneyUnit::find_in`].
fn unit_tokens(folded: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in folded.chars() {
        if c.is_alphanumeric() {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        if c == '(' || c == ')' {
            out.push(c.to_string());
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

impl Dong {
    /// Zero đồng.
    pub const ZERO: Dong = Dong(0);

    /// The amount in đồng.
    pub fn value(self) -> i64 {
        self.0
    }

    /// `self + other`, or `None` on overflow.
    pub fn checked_add(self, other: Dong) -> Option<Dong> {
        self.0.checked_add(other.0).map(Dong)
    }

    /// `self - other`, or `None` on overflow.
    pub fn checked_sub(self, other: Dong) -> Option<Dong> {
        self.0.checked_sub(other.0).map(Dong)
    }

    /// `self × factor`, or `None` on overflow.
    pub fn checked_mul(self, factor: i64) -> Option<Dong> {
        self.0.checked_mul(factor).map(Dong)
    }

    /// `self + other`, or [`MoneyError::Overflow`].
    pub fn try_add(self, other: Dong) -> Result<Dong, MoneyError> {
        self.checked_add(other).ok_or(MoneyError::Overflow)
    }

    /// `self - other`, or [`MoneyError::Overflow`].
    pub fn try_sub(self, other: Dong) -> Result<Dong, MoneyError> {
        self.checked_sub(other).ok_or(MoneyError::Overflow)
    }

    /// The sum of the amounts, or [`MoneyError::Overflow`].
    pub fn sum<I: IntoIterator<Item = Dong>>(amounts: I) -> Result<Dong, MoneyError> {
        amounts.into_iter().try_fold(Dong::ZERO, Dong::try_add)
    }

    /// `amount` of `unit` in đồng: `Dong::of(250, MoneyUnit::Million)` is
    /// 250.000.000 đ.
    pub fn of(amount: i64, unit: MoneyUnit) -> Result<Dong, MoneyError> {
        amount
            .checked_mul(unit.factor())
            .map(Dong)
            .ok_or(MoneyError::Overflow)
    }

    /// Whether the amount is zero.
    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// Whether the amount is below zero.
    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Reads an amount as typed or shown in a cell: "1.234.567.890",
    /// "1.234.567.890 đ", "1,5 tỷ", "1,5 tỷ đồng", "250 triệu", "-12,5".
    /// `unit` is the unit a bare number is in (the column's, from its
    /// header); a unit written after the number wins over it.
    ///
    /// Separators, Vietnamese convention first:
    /// - '.' and ',' both present: the last one is the decimal mark (once),
    ///   the other groups thousands ("1.234.567,5", "1,234,567.5");
    /// - one kind, more than once: thousands grouping ("1.234.567");
    /// - one kind, once, not followed by exactly three digits: the decimal
    ///   mark ("1,5", "12.5");
    /// - one kind, once, followed by exactly three digits ("1.500"): grouping
    ///   when the amount is in đồng (đồng have no decimals), otherwise
    ///   [`MoneyError::Ambiguous`]: 1500 or 1,5 million cannot be guessed;
    /// - spaces between groups of three digits group thousands ("1 234 567").
    ///
    /// Grouping must be in threes after the first group. Decimals must come
    /// to whole đồng ("1,2345678 tỷ" is fine, "0,5 đ" is
    /// [`MoneyError::SubDong`]).
    pub fn parse(text: &str, unit: MoneyUnit) -> Result<Dong, MoneyError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(MoneyError::Empty);
        }
        let bad = || MoneyError::NotAnAmount(trimmed.to_owned());
        let (negative, rest) = match trimmed.strip_prefix(['-', '−', '–']) {
            Some(r) => (true, r.trim_start()),
            None => (
                false,
                trimmed.strip_prefix('+').unwrap_or(trimmed).trim_start(),
            ),
        };
        // The number: digits, separators, and spaces between digits.
        let mut end = 0;
        for (i, c) in rest.char_indices() {
            let between_digits = || {
                rest.get(..i)
                    .is_some_and(|b| b.ends_with(|p: char| p.is_ascii_digit()))
                    && rest
                        .get(i + c.len_utf8()..)
                        .is_some_and(|a| a.starts_with(|n: char| n.is_ascii_digit()))
            };
            if c.is_ascii_digit() || ((c == '.' || c == ',') && between_digits()) {
                end = i + c.len_utf8();
            } else if is_space(c) && between_digits() {
                // A space inside a number groups thousands.
            } else {
                break;
            }
        }
        let (number, suffix) = (rest.get(..end).unwrap_or(""), rest.get(end..).unwrap_or(""));
        if number.is_empty() {
            return Err(bad());
        }
        let suffix = suffix.trim();
        let unit = if suffix.is_empty() {
            unit
        } else {
            MoneyUnit::from_suffix(suffix)
                .ok_or_else(|| MoneyError::UnknownUnit(suffix.to_owned()))?
        };
        let (int, frac) =
            split_decimal(number, unit == MoneyUnit::Dong).map_err(|e| e.with_text(trimmed))?;
        let value = scale_decimal(&int, &frac, unit.factor()).map_err(|e| e.with_text(trimmed))?;
        let value = if negative { -value } else { value };
        i64::try_from(value)
            .map(Dong)
            .map_err(|_| MoneyError::Overflow)
    }

    /// Reads a number from a spreadsheet cell in `unit`: a whole number of
    /// đồng, or a decimal of millions or billions (12.5 in a "triệu đồng"
    /// column is 12.500.000 đ).
    ///
    /// The float is first written as a decimal with 15 significant digits,
    /// the precision Excel itself keeps and shows, so a cell holding 12.3
    /// (stored as 12.300000000000000710…) is read as 12,3 and a formula's
    /// 12.100000000000001 as 12,1. That decimal is then converted exactly;
    /// a part below one đồng is [`MoneyError::SubDong`].
    pub fn from_cell_number(value: f64, unit: MoneyUnit) -> Result<Dong, MoneyError> {
        if !value.is_finite() {
            return Err(MoneyError::NotAnAmount(value.to_string()));
        }
        let (negative, int, frac) = decimal_digits_15(value);
        let shown = || {
            let mut s = String::from(if negative { "-" } else { "" });
            s.push_str(&int);
            if !frac.is_empty() {
                s.push(',');
                s.push_str(&frac);
            }
            s
        };
        let scaled =
            scale_decimal(&int, &frac, unit.factor()).map_err(|e| e.with_text(&shown()))?;
        let scaled = if negative { -scaled } else { scaled };
        i64::try_from(scaled)
            .map(Dong)
            .map_err(|_| MoneyError::Overflow)
    }

    /// The amount with dots between thousands, no unit: "1.234.567.890".
    pub fn format_grouped(self) -> String {
        let mut s = String::new();
        if self.0 < 0 {
            s.push('-');
        }
        s.push_str(&group_thousands(&self.0.unsigned_abs().to_string()));
        s
    }

    /// The amount in a fixed unit with `decimals` decimals (at most 6),
    /// rounded half away from zero, no unit, for a table whose header names
    /// the unit: 1.234.567.890 đ in millions with 1 decimal is "1.234,6".
    pub fn format_in(self, unit: MoneyUnit, decimals: u32) -> String {
        format_scaled(
            i128::from(self.0),
            i128::from(unit.factor()),
            decimals.min(6),
            false,
        )
    }

    /// The amount in the unit that reads best, as in a report's sentence:
    /// "1,23 tỷ đồng" (from 1 billion: up to 2 decimals), "850 triệu đồng"
    /// (from 1 million: up to 1 decimal), "850.000 đồng". Trailing zero
    /// decimals are dropped; an amount that rounds up to 1.000 triệu is
    /// shown as "1 tỷ đồng".
    pub fn format_short(self) -> String {
        let v = i128::from(self.0);
        let abs = v.abs();
        // Tenths of a million, rounded: 999.96 million is 10000 tenths.
        let tenths_of_million = div_round(abs, 100_000);
        if tenths_of_million >= 10_000 {
            format!("{} tỷ đồng", format_scaled(v, 1_000_000_000, 2, true))
        } else if abs >= 1_000_000 {
            format!("{} triệu đồng", format_scaled(v, 1_000_000, 1, true))
        } else {
            format!("{} đồng", self.format_grouped())
        }
    }
}

/// "1.234.567.890 đ".
impl fmt::Display for Dong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} đ", self.format_grouped())
    }
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

impl MoneyError {
    /// Replaces the text a syntax error names by the whole cell's text.
    fn with_text(self, text: &str) -> MoneyError {
        match self {
            MoneyError::NotAnAmount(_) => MoneyError::NotAnAmount(text.to_owned()),
            MoneyError::SubDong(_) => MoneyError::SubDong(text.to_owned()),
            MoneyError::Ambiguous(_) => MoneyError::Ambiguous(text.to_owned()),
            e => e,
        }
    }
}

/// Splits a number's text (digits, '.', ',', spaces) into its integer and
/// fraction digits by the rules in [`Dong::parse`].
fn split_decimal(number: &str, whole_dong: bool) -> Result<(String, String), MoneyError> {
    let bad = || MoneyError::NotAnAmount(number.to_owned());
    let dots = number.matches('.').count();
    let commas = number.matches(',').count();
    let last_sep = number.rfind(['.', ',']);
    let decimal: Option<char> = match (dots, commas) {
        (0, 0) => None,
        (_, 0) | (0, _) if dots + commas > 1 => None,
        (_, 0) | (0, _) => {
            let after = last_sep
                .and_then(|i| number.get(i + 1..))
                .map_or(0, |a| a.chars().filter(char::is_ascii_digit).count());
            let before = last_sep
                .and_then(|i| number.get(..i))
                .map_or(0, |b| b.chars().filter(char::is_ascii_digit).count());
            let spaced = number.contains(is_space);
            if after == 3 && !spaced {
                if whole_dong {
                    None
                } else if before <= 3 {
                    return Err(MoneyError::Ambiguous(number.to_owned()));
                } else {
                    // "1500.000": grouping would need "1.500.000".
                    Some(if dots == 1 { '.' } else { ',' })
                }
            } else {
                Some(if dots == 1 { '.' } else { ',' })
            }
        }
        _ => {
            let last = last_sep
                .and_then(|i| number.get(i..))
                .and_then(|s| s.chars().next());
            let mark = last.ok_or_else(bad)?;
            let count = if mark == '.' { dots } else { commas };
            if count != 1 {
                return Err(bad());
            }
            Some(mark)
        }
    };
    let (int_part, frac_part) = match decimal.and_then(|m| number.rfind(m)) {
        Some(i) => (
            number.get(..i).unwrap_or(""),
            number.get(i + 1..).unwrap_or(""),
        ),
        None => (number, ""),
    };
    if frac_part.contains(|c: char| !c.is_ascii_digit()) {
        return Err(bad());
    }
    // Integer part: groups separated by one kind of grouping mark.
    let groups: Vec<&str> = int_part
        .split(|c: char| c == '.' || c == ',' || is_space(c))
        .collect();
    if groups.len() > 1 {
        let first_ok = groups.first().is_some_and(|g| (1..=3).contains(&g.len()));
        let rest_ok = groups.iter().skip(1).all(|g| g.len() == 3);
        if !first_ok || !rest_ok {
            return Err(bad());
        }
    }
    let int: String = groups.concat();
    if int.is_empty() || !int.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    Ok((int, frac_part.to_owned()))
}

/// `int.frac × factor` as an exact integer, or an error when a part below
/// one đồng remains.
fn scale_decimal(int: &str, frac: &str, factor: i64) -> Result<i128, MoneyError> {
    let frac = frac.trim_end_matches('0');
    let int = int.trim_start_matches('0');
    if int.len() > 20 {
        return Err(MoneyError::Overflow);
    }
    if frac.len() > 20 {
        // The last digit is not zero and lies far below any unit's đồng.
        return Err(MoneyError::SubDong(String::new()));
    }
    let parse = |s: &str| -> Result<i128, MoneyError> {
        if s.is_empty() {
            Ok(0)
        } else {
            s.parse::<i128>()
                .map_err(|_| MoneyError::NotAnAmount(s.to_owned()))
        }
    };
    let factor = i128::from(factor);
    let whole = parse(int)?
        .checked_mul(factor)
        .ok_or(MoneyError::Overflow)?;
    let f = parse(frac)?;
    let ten_pow = 10i128
        .checked_pow(frac.len() as u32)
        .ok_or(MoneyError::Overflow)?;
    let part = f.checked_mul(factor).ok_or(MoneyError::Overflow)?;
    if part % ten_pow != 0 {
        return Err(MoneyError::SubDong(String::new()));
    }
    whole
        .checked_add(part / ten_pow)
        .ok_or(MoneyError::Overflow)
}

/// A float's decimal digits at 15 significant digits: (negative, integer
/// digits, fraction digits without trailing zeros).
fn decimal_digits_15(value: f64) -> (bool, String, String) {
    // "{:.14e}" gives "d.dddddddddddddde±x": exactly 15 significant digits,
    // rounded by the standard library's correct decimal conversion.
    let s = format!("{:.14e}", value.abs());
    let negative = value < 0.0;
    let (mantissa, exp) = s.split_once('e').unwrap_or((s.as_str(), "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    // The decimal point sits after the first digit, moved by `exp`.
    let point = 1 + exp;
    let (int, frac) = if point <= 0 {
        let zeros = "0".repeat(point.unsigned_abs() as usize);
        ("0".to_owned(), format!("{zeros}{digits}"))
    } else if point as usize >= digits.len() {
        let zeros = "0".repeat(point as usize - digits.len());
        (format!("{digits}{zeros}"), String::new())
    } else {
        let (a, b) = digits.split_at(point as usize);
        (a.to_owned(), b.to_owned())
    };
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let frac = frac.trim_end_matches('0').to_owned();
    (
        negative && (int != "0" || !frac.is_empty()),
        int.to_owned(),
        frac,
    )
}

/// Dots between thousands in a string of digits.
fn group_thousands(digits: &str) -> String {
    let n = digits.len();
    let mut out = String::with_capacity(n + n / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// `n / d` rounded half away from zero; `d` must be positive.
pub(crate) fn div_round(n: i128, d: i128) -> i128 {
    if d <= 0 {
        return 0;
    }
    if n >= 0 {
        (n + d / 2) / d
    } else {
        -((-n + d / 2) / d)
    }
}

/// `value / factor` with `decimals` decimals, rounded half away from zero,
/// Vietnamese marks ("1.234,6"); `trim` drops trailing zero decimals.
fn format_scaled(value: i128, factor: i128, decimals: u32, trim: bool) -> String {
    let pow = 10i128.pow(decimals);
    let q = div_round(value.saturating_mul(pow), factor);
    format_fixed(q, decimals, trim)
}

/// `q / 10^decimals` written with '.' thousands and ',' decimals.
pub(crate) fn format_fixed(q: i128, decimals: u32, trim: bool) -> String {
    let pow = 10i128.pow(decimals);
    let abs = q.unsigned_abs();
    let int = abs / pow.unsigned_abs();
    let frac = abs % pow.unsigned_abs();
    let mut s = String::new();
    if q < 0 {
        s.push('-');
    }
    s.push_str(&group_thousands(&int.to_string()));
    if decimals > 0 {
        let mut f = format!("{frac:0width$}", width = decimals as usize);
        if trim {
            while f.ends_with('0') {
                f.pop();
            }
        }
        if !f.is_empty() {
            s.push(',');
            s.push_str(&f);
        }
    }
    s
}

/// An exact rate, `numerator / denominator` with a positive denominator:
/// a disbursement rate (disbursed / allocation), a share of spending.
/// Comparisons are exact (cross-multiplied in 128 bits); rounding happens
/// only when the rate is shown or turned into basis points, half away from
/// zero, with integers.
#[derive(Debug, Clone, Copy)]
pub struct Rate {
    num: i64,
    den: i64,
}

impl Rate {
    /// `numerator / denominator`; `None` when the denominator is zero. The
    /// sign is carried by the numerator.
    pub fn new(numerator: i64, denominator: i64) -> Option<Rate> {
        match denominator.cmp(&0) {
            Ordering::Equal => None,
            Ordering::Greater => Some(Rate {
                num: numerator,
                den: denominator,
            }),
            Ordering::Less => Some(Rate {
                num: numerator.checked_neg()?,
                den: denominator.checked_neg()?,
            }),
        }
    }

    /// `part / whole`; `None` unless `whole` is positive (a rate against
    /// nothing, or against a negative amount, means nothing).
    pub fn of(part: Dong, whole: Dong) -> Option<Rate> {
        (whole.0 > 0).then_some(Rate {
            num: part.0,
            den: whole.0,
        })
    }

    /// `p` %.
    pub fn from_percent(p: i64) -> Rate {
        Rate { num: p, den: 100 }
    }

    /// `p` ‰ (tenths of a percent): `from_per_mille(625)` is 62,5 %.
    pub fn from_per_mille(p: i64) -> Rate {
        Rate { num: p, den: 1_000 }
    }

    /// `bp` basis points (hundredths of a percent).
    pub fn from_basis_points(bp: i64) -> Rate {
        Rate {
            num: bp,
            den: 10_000,
        }
    }

    /// The numerator.
    pub fn numerator(self) -> i64 {
        self.num
    }

    /// The denominator, always positive.
    pub fn denominator(self) -> i64 {
        self.den
    }

    /// In basis points (1 % = 100), rounded half away from zero.
    pub fn basis_points(self) -> i64 {
        self.scaled_round(10_000)
    }

    /// In tenths of a percent (1 % = 10), rounded half away from zero: what
    /// "62,5 %" shows.
    pub fn per_mille(self) -> i64 {
        self.scaled_round(1_000)
    }

    /// In whole percent, rounded toward negative infinity: a rate just under
    /// a threshold of 90 % never shows as "90 %".
    pub fn percent_floor(self) -> i64 {
        let n = i128::from(self.num) * 100;
        let d = i128::from(self.den);
        let q = n.div_euclid(d);
        i64::try_from(q).unwrap_or(if q < 0 { i64::MIN } else { i64::MAX })
    }

    fn scaled_round(self, scale: i128) -> i64 {
        let q = div_round(i128::from(self.num) * scale, i128::from(self.den));
        i64::try_from(q).unwrap_or(if q < 0 { i64::MIN } else { i64::MAX })
    }

    /// As a percentage with `decimals` decimals (at most 4), rounded half away
    /// from zero, Vietnamese decimal comma, a space before the sign:
    /// "62,0 %", or "62 %" with no decimals.
    pub fn format_percent(self, decimals: u32) -> String {
        let decimals = decimals.min(4);
        let scale = 100 * 10i128.pow(decimals);
        let q = div_round(
            i128::from(self.num).saturating_mul(scale),
            i128::from(self.den),
        );
        format!("{} %", format_fixed(q, decimals, false))
    }

    /// Like [`format_percent`](Self::format_percent) but rounded toward
    /// negative infinity, for a rate said to be *below* a threshold: 2,996 %
    /// against 3 % shows as "2,9 %", never "3,0 %".
    pub fn format_percent_floor(self, decimals: u32) -> String {
        let decimals = decimals.min(4);
        let scale = 100 * 10i128.pow(decimals);
        let q = i128::from(self.num)
            .saturating_mul(scale)
            .div_euclid(i128::from(self.den));
        format!("{} %", format_fixed(q, decimals, false))
    }

    /// `amount × self`, rounded up to the đồng (toward positive infinity):
    /// the least amount that reaches the rate.
    pub fn of_amount_ceil(self, amount: Dong) -> Result<Dong, MoneyError> {
        let n = i128::from(amount.0) * i128::from(self.num);
        let d = i128::from(self.den);
        let q = n.div_euclid(d) + i128::from(n.rem_euclid(d) != 0);
        i64::try_from(q).map(Dong).map_err(|_| MoneyError::Overflow)
    }

    /// Whether `part` is strictly below `self × whole`, exactly (no rounding):
    /// "disbursed < 90 % of plan".
    pub fn exceeds_share(self, part: Dong, whole: Dong) -> bool {
        i128::from(part.0) * i128::from(self.den) < i128::from(whole.0) * i128::from(self.num)
    }
}

impl PartialEq for Rate {
    fn eq(&self, other: &Rate) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Rate {}

impl PartialOrd for Rate {
    fn partial_cmp(&self, other: &Rate) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Rate {
    fn cmp(&self, other: &Rate) -> Ordering {
        // Denominators are positive, so cross-multiplying keeps the order.
        (i128::from(self.num) * i128::from(other.den))
            .cmp(&(i128::from(other.num) * i128::from(self.den)))
    }
}

/// One decimal: "62,0 %".
impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format_percent(1))
    }
}

/// Folds Vietnamese text for matching: lowercase, no diacritics, `đ` → `d`.
/// Precomposed letters go through a table and combining marks (decomposed
/// input) are dropped, so both forms fold alike without a Unicode library.
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if let Some(f) = fold_char(c) {
            out.push(f);
        }
    }
    out
}

/// The folded form of one character; `None` for a combining mark.
pub(crate) fn fold_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    if ('\u{300}'..='\u{36f}').contains(&c) {
        return None;
    }
    const TABLE: [(char, &str); 7] = [
        ('a', "àáảãạăằắẳẵặâầấẩẫậ"),
        ('e', "èéẻẽẹêềếểễệ"),
        ('i', "ìíỉĩị"),
        ('o', "òóỏõọôồốổỗộơờớởỡợ"),
        ('u', "ùúủũụưừứửữự"),
        ('y', "ỳýỷỹỵ"),
        ('d', "đ"),
    ];
    let lower = c.to_lowercase().next().unwrap_or(c);
    for (base, letters) in TABLE {
        if letters.contains(lower) {
            return Some(base);
        }
    }
    Some(match lower {
        '\u{00A0}' | '\u{2002}'..='\u{200B}' | '\u{202F}' => ' ',
        '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
        '\u{2018}' | '\u{2019}' => '\'',
        '\u{201C}' | '\u{201D}' => '"',
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str, unit: MoneyUnit) -> Result<i64, MoneyError> {
        Dong::parse(s, unit).map(Dong::value)
    }

    #[test]
    fn parses_what_officers_type() {
        use MoneyUnit::{Billion, Million};
        const VND: MoneyUnit = MoneyUnit::Dong;
        let ok = [
            ("1.234.567.890", VND, 1_234_567_890),
            ("1.234.567.890 đ", VND, 1_234_567_890),
            ("1.234.567.890đ", VND, 1_234_567_890),
            ("1.234.567.890 đồng", Million, 1_234_567_890),
            ("1.234.567.890 VNĐ", VND, 1_234_567_890),
            ("1,5 tỷ", VND, 1_500_000_000),
            ("1,5 tỷ đồng", VND, 1_500_000_000),
            ("1,5 tỉ", VND, 1_500_000_000),
            ("250 triệu", VND, 250_000_000),
            ("250 triệu đồng", VND, 250_000_000),
            ("250 tr.đ", VND, 250_000_000),
            ("250 trđ", VND, 250_000_000),
            ("12.5", Million, 12_500_000),
            ("12,5", Million, 12_500_000),
            ("12,5", Billion, 12_500_000_000),
            ("12", Billion, 12_000_000_000),
            ("1.500", VND, 1_500),
            ("1,500", VND, 1_500),
            ("1.234.567,5", Million, 1_234_567_500_000),
            ("1,234,567.5", Million, 1_234_567_500_000),
            ("1.234.567,00", VND, 1_234_567),
            ("1 234 567", VND, 1_234_567),
            ("1\u{a0}234\u{a0}567 đ", VND, 1_234_567),
            ("-250", Million, -250_000_000),
            ("− 1,5 tỷ", VND, -1_500_000_000),
            ("0,000001", Million, 1),
            ("1,2345678 tỷ", VND, 1_234_567_800),
            ("1500.5", Million, 1_500_500_000),
            ("1500,125", Million, 1_500_125_000),
            ("  42  ", VND, 42),
            ("3 nghìn đồng", VND, 3_000),
            ("0", Billion, 0),
        ];
        for (text, unit, want) in ok {
            assert_eq!(p(text, unit), Ok(want), "{text:?} in {unit:?}");
        }
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        use MoneyUnit::Million;
        const VND: MoneyUnit = MoneyUnit::Dong;
        let cases: [(&str, MoneyUnit, MoneyError); 13] = [
            ("", VND, MoneyError::Empty),
            ("   ", Million, MoneyError::Empty),
            ("abc", VND, MoneyError::NotAnAmount("abc".into())),
            ("1.23.4", VND, MoneyError::NotAnAmount("1.23.4".into())),
            (
                "12.34.567",
                VND,
                MoneyError::NotAnAmount("12.34.567".into()),
            ),
            (
                "1.234,5,6",
                VND,
                MoneyError::NotAnAmount("1.234,5,6".into()),
            ),
            ("0,5", VND, MoneyError::SubDong("0,5".into())),
            (
                "1.234.567,5 đ",
                Million,
                MoneyError::SubDong("1.234.567,5 đ".into()),
            ),
            (
                "12,3456789",
                Million,
                MoneyError::SubDong("12,3456789".into()),
            ),
            ("1.500", Million, MoneyError::Ambiguous("1.500".into())),
            ("1,500 tỷ", VND, MoneyError::Ambiguous("1,500 tỷ".into())),
            ("15 USD", VND, MoneyError::UnknownUnit("USD".into())),
            ("99999999999999999999", VND, MoneyError::Overflow),
        ];
        for (text, unit, want) in cases {
            assert_eq!(Dong::parse(text, unit), Err(want), "{text:?}");
        }
        assert_eq!(
            MoneyError::NotAnAmount("abc".into()).to_string(),
            "'abc' không phải số tiền"
        );
    }

    #[test]
    fn reads_spreadsheet_numbers_exactly() {
        use MoneyUnit::{Billion, Million, Thousand};
        const VND: MoneyUnit = MoneyUnit::Dong;
        let ok = [
            (1_234_567_890.0, VND, 1_234_567_890),
            (12.5, Million, 12_500_000),
            (12.3, Million, 12_300_000),
            (0.1 + 0.2, Million, 300_000),
            (12.100000000000001, Million, 12_100_000),
            (1.2345, Billion, 1_234_500_000),
            (-7.25, Million, -7_250_000),
            (0.0, Billion, 0),
            (-0.0, Billion, 0),
            (123_456.789, Thousand, 123_456_789),
        ];
        for (v, unit, want) in ok {
            assert_eq!(
                Dong::from_cell_number(v, unit).map(Dong::value),
                Ok(want),
                "{v} in {unit:?}"
            );
        }
        assert_eq!(
            Dong::from_cell_number(0.5, VND),
            Err(MoneyError::SubDong("0,5".into()))
        );
        assert_eq!(
            Dong::from_cell_number(12.3456789, Million),
            Err(MoneyError::SubDong("12,3456789".into()))
        );
        assert!(Dong::from_cell_number(f64::NAN, VND).is_err());
        assert_eq!(Dong::from_cell_number(1e30, VND), Err(MoneyError::Overflow));
    }

    #[test]
    fn displays_vietnamese_style() {
        assert_eq!(Dong(1_234_567_890).to_string(), "1.234.567.890 đ");
        assert_eq!(Dong(-1_500).to_string(), "-1.500 đ");
        assert_eq!(Dong(0).to_string(), "0 đ");
        assert_eq!(Dong(999).to_string(), "999 đ");
        let short = [
            (1_234_567_890, "1,23 tỷ đồng"),
            (1_500_000_000, "1,5 tỷ đồng"),
            (2_000_000_000, "2 tỷ đồng"),
            (12_345_678_900_000, "12.345,68 tỷ đồng"),
            (850_000_000, "850 triệu đồng"),
            (850_450_000, "850,5 triệu đồng"),
            (999_960_000, "1 tỷ đồng"),
            (999_940_000, "999,9 triệu đồng"),
            (1_000_000, "1 triệu đồng"),
            (850_000, "850.000 đồng"),
            (-1_234_567_890, "-1,23 tỷ đồng"),
            (0, "0 đồng"),
        ];
        for (v, want) in short {
            assert_eq!(Dong(v).format_short(), want, "{v}");
        }
        assert_eq!(
            Dong(1_234_567_890).format_in(MoneyUnit::Million, 1),
            "1.234,6"
        );
        assert_eq!(
            Dong(1_234_567_890).format_in(MoneyUnit::Million, 0),
            "1.235"
        );
        assert_eq!(
            Dong(1_234_567_890).format_in(MoneyUnit::Billion, 3),
            "1,235"
        );
        assert_eq!(Dong(-2_500_000).format_in(MoneyUnit::Million, 0), "-3");
        assert_eq!(
            Dong(1_234_567_890).format_in(MoneyUnit::Dong, 0),
            "1.234.567.890"
        );
    }

    #[test]
    fn sums_and_multiplies_with_checks() {
        assert_eq!(Dong::sum([Dong(1), Dong(2), Dong(3)]), Ok(Dong(6)));
        assert_eq!(
            Dong::sum([Dong(i64::MAX), Dong(1)]),
            Err(MoneyError::Overflow)
        );
        assert_eq!(Dong::of(250, MoneyUnit::Million), Ok(Dong(250_000_000)));
        assert_eq!(
            Dong::of(i64::MAX, MoneyUnit::Billion),
            Err(MoneyError::Overflow)
        );
        assert_eq!(Dong(5).checked_sub(Dong(7)), Some(Dong(-2)));
    }

    #[test]
    fn rates_are_exact_and_rounded_only_when_shown() {
        let r = Rate::of(Dong(620), Dong(1_000)).unwrap_or(Rate::from_percent(0));
        assert_eq!(r.to_string(), "62,0 %");
        assert_eq!(r.per_mille(), 620);
        assert_eq!(r.basis_points(), 6_200);
        assert_eq!(Rate::of(Dong(1), Dong(0)), None);
        assert_eq!(Rate::of(Dong(1), Dong(-5)), None);
        // 2/3 = 66,666…: 66,7 % and 6.667 bp; floor 66.
        let two_thirds = Rate::new(2, 3).unwrap_or(Rate::from_percent(0));
        assert_eq!(two_thirds.to_string(), "66,7 %");
        assert_eq!(two_thirds.basis_points(), 6_667);
        assert_eq!(two_thirds.percent_floor(), 66);
        assert_eq!(two_thirds.format_percent(0), "67 %");
        assert_eq!(two_thirds.format_percent(2), "66,67 %");
        // Half away from zero: 0,05 % → 0,1 %; -0,05 % → -0,1 %.
        assert_eq!(Rate::new(1, 2_000).map(Rate::per_mille), Some(1));
        assert_eq!(Rate::new(-1, 2_000).map(Rate::per_mille), Some(-1));
        assert_eq!(
            Rate::new(1, -2).map(|r| r.to_string()),
            Some("-50,0 %".into())
        );
        // Exact comparison: 9/10 == 90 %; 8999/10000 < 90 %.
        assert_eq!(Rate::new(9, 10), Some(Rate::from_percent(90)));
        assert!(Rate::from_basis_points(8_999) < Rate::from_percent(90));
        assert!(Rate::from_percent(90).exceeds_share(Dong(899_999), Dong(1_000_000)));
        assert!(!Rate::from_percent(90).exceeds_share(Dong(900_000), Dong(1_000_000)));
        // 89,96 % shows 90,0 % with a decimal but floors to 89.
        let near = Rate::from_basis_points(8_996);
        assert_eq!(near.to_string(), "90,0 %");
        assert_eq!(near.percent_floor(), 89);
        assert_eq!(near.format_percent_floor(1), "89,9 %");
        assert_eq!(
            Rate::from_basis_points(-5).format_percent_floor(1),
            "-0,1 %"
        );
        assert_eq!(
            Rate::from_percent(3).of_amount_ceil(Dong(1_001)),
            Ok(Dong(31))
        );
        assert_eq!(
            Rate::from_percent(3).of_amount_ceil(Dong(1_000)),
            Ok(Dong(30))
        );
    }

    #[test]
    fn finds_the_unit_a_header_names() {
        use MoneyUnit::{Billion, Million, Thousand};
        let cases = [
            ("Kế hoạch vốn năm 2026 (triệu đồng)", Some(Million)),
            ("ĐVT: Triệu đồng", Some(Million)),
            ("Đơn vị tính: Tr.đồng", Some(Million)),
            ("Đơn vị: trđ", Some(Million)),
            ("Giải ngân (tỷ đồng)", Some(Billion)),
            ("Kế hoạch vốn (tỷ)", Some(Billion)),
            ("Tỷ lệ giải ngân (%)", None),
            ("Tỷ trọng", None),
            ("Đơn vị tính: đồng", Some(MoneyUnit::Dong)),
            ("Số tiền (đồng)", Some(MoneyUnit::Dong)),
            ("Số tiền (VNĐ)", Some(MoneyUnit::Dong)),
            ("Hội đồng nhân dân tỉnh", None),
            ("ĐVT: 1.000 đồng", Some(Thousand)),
            ("(nghìn đồng)", Some(Thousand)),
            ("Kế hoạch giải ngân tháng 1", None),
            ("Triệu tập", None),
        ];
        for (text, want) in cases {
            assert_eq!(MoneyUnit::find_in(text), want, "{text}");
        }
    }

    #[test]
    fn folds_both_tone_placements_and_decomposed_input() {
        assert_eq!(fold("Kế hoạch Vốn ĐẦU TƯ"), "ke hoach von dau tu");
        assert_eq!(fold("hoà hòa"), "hoa hoa");
        assert_eq!(fold("Ke\u{302}\u{301} hoa\u{323}ch"), "ke hoach");
        assert_eq!(fold("1–2"), "1-2");
    }
}
