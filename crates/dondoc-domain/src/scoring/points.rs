//! Points as exact hundredths. A score is the sum of the lines that explain
//! it, so every line is a whole number of hundredths and the total is their
//! integer sum: no floating point anywhere, no drift.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub};

use serde::{Deserialize, Serialize};

/// A number of points kept in hundredths: `Points::from_hundredths(600)` is
/// 6,00 điểm. Serialised as the integer number of hundredths.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Points(i64);

impl Points {
    /// No points.
    pub const ZERO: Points = Points(0);

    /// From a number of hundredths of a point.
    pub const fn from_hundredths(hundredths: i64) -> Points {
        Points(hundredths)
    }

    /// From a whole number of points.
    pub const fn whole(points: i64) -> Points {
        Points(points.saturating_mul(100))
    }

    /// The number of hundredths of a point.
    pub const fn hundredths(self) -> i64 {
        self.0
    }

    /// `percent` % of these points, rounded to the nearest hundredth (halves
    /// away from zero). Never more than the points themselves when
    /// `percent` ≤ 100.
    pub fn percent(self, percent: u32) -> Points {
        let p = i128::from(self.0) * i128::from(percent);
        let rounded = (p.abs() + 50) / 100 * p.signum();
        Points(i64::try_from(rounded).unwrap_or(if p < 0 { i64::MIN } else { i64::MAX }))
    }

    /// The value as a float, for spreadsheet cells only (never for sums).
    pub fn to_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// The Vietnamese form with two decimals: "6,00", "1.234,50", "−1,07".
    pub fn vi(self) -> String {
        let sign = if self.0 < 0 { "−" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{},{:02}", group_thousands(abs / 100), abs % 100)
    }

    /// With an explicit sign: "+6,00", "−1,07", "0,00".
    pub fn vi_signed(self) -> String {
        if self.0 > 0 {
            format!("+{}", self.vi())
        } else {
            self.vi()
        }
    }

    /// Parses a decimal number of points with at most two decimals, with a
    /// point or a comma: "90", "89.5", "89,50". `None` for anything else.
    pub fn parse(s: &str) -> Option<Points> {
        let s = s.trim();
        let (neg, s) = match s.strip_prefix(['-', '−']) {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int, frac) = match s.split_once(['.', ',']) {
            Some((i, f)) => (i, f),
            None => (s, ""),
        };
        if int.is_empty()
            || frac.len() > 2
            || !(int.chars().chain(frac.chars())).all(|c| c.is_ascii_digit())
        {
            return None;
        }
        let whole: i64 = int.parse().ok()?;
        let mut cents: i64 = if frac.is_empty() {
            0
        } else {
            frac.parse().ok()?
        };
        if frac.len() == 1 {
            cents *= 10;
        }
        let v = whole.checked_mul(100)?.checked_add(cents)?;
        Some(Points(if neg { -v } else { v }))
    }

    /// The decimal form with a point and no trailing zeros ("90", "89.5"),
    /// as the criteria file writes numbers.
    pub fn decimal(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        match abs % 100 {
            0 => format!("{sign}{}", abs / 100),
            c if c % 10 == 0 => format!("{sign}{}.{}", abs / 100, c / 10),
            c => format!("{sign}{}.{c:02}", abs / 100),
        }
    }
}

/// "1234567" → "1.234.567" (Vietnamese thousands separator).
fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

impl fmt::Display for Points {
    /// The Vietnamese form, as [`Points::vi`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.vi())
    }
}

impl Add for Points {
    type Output = Points;
    fn add(self, rhs: Points) -> Points {
        Points(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign for Points {
    fn add_assign(&mut self, rhs: Points) {
        *self = *self + rhs;
    }
}

impl Sub for Points {
    type Output = Points;
    fn sub(self, rhs: Points) -> Points {
        Points(self.0.saturating_sub(rhs.0))
    }
}

impl Neg for Points {
    type Output = Points;
    fn neg(self) -> Points {
        Points(self.0.saturating_neg())
    }
}

impl Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        iter.fold(Points::ZERO, Add::add)
    }
}

/// Splits `total` over shares proportional to `weights` so that the parts
/// are whole hundredths and add up to `total` exactly (largest remainder:
/// the hundredths left over go to the largest remainders, ties to the
/// earlier share). All weights zero: every part is zero.
pub fn apportion(total: Points, weights: &[u32]) -> Vec<Points> {
    let sum: i128 = weights.iter().map(|w| i128::from(*w)).sum();
    if sum == 0 {
        return vec![Points::ZERO; weights.len()];
    }
    let t = i128::from(total.0);
    let mut parts: Vec<(i128, i128)> = weights
        .iter()
        .map(|w| {
            let x = t * i128::from(*w);
            (x.div_euclid(sum), x.rem_euclid(sum))
        })
        .collect();
    let given: i128 = parts.iter().map(|(b, _)| *b).sum();
    let mut left = t - given;
    let mut order: Vec<usize> = (0..parts.len()).collect();
    // Largest remainder first; the sort is stable, so ties keep their order.
    order.sort_by(|a, b| {
        let ra = parts.get(*a).map_or(0, |p| p.1);
        let rb = parts.get(*b).map_or(0, |p| p.1);
        rb.cmp(&ra)
    });
    for i in order {
        if left <= 0 {
            break;
        }
        if let Some(p) = parts.get_mut(i)
            && p.1 > 0
        {
            p.0 += 1;
            left -= 1;
        }
    }
    parts
        .into_iter()
        .map(|(b, _)| Points(i64::try_from(b).unwrap_or_default()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_forms() {
        assert_eq!(Points::from_hundredths(600).vi(), "6,00");
        assert_eq!(Points::from_hundredths(-107).vi(), "−1,07");
        assert_eq!(Points::from_hundredths(-107).vi_signed(), "−1,07");
        assert_eq!(Points::from_hundredths(600).vi_signed(), "+6,00");
        assert_eq!(Points::ZERO.vi_signed(), "0,00");
        assert_eq!(Points::from_hundredths(123_456_789).vi(), "1.234.567,89");
        assert_eq!(Points::whole(100).to_string(), "100,00");
    }

    #[test]
    fn parse_and_decimal_round_trip() {
        for (s, h) in [
            ("90", 9000),
            ("89.5", 8950),
            ("89,50", 8950),
            ("0.07", 7),
            ("-2", -200),
        ] {
            assert_eq!(Points::parse(s), Some(Points::from_hundredths(h)), "{s}");
        }
        for bad in ["", "9.999", "abc", "1.2.3", ".5", "1e2"] {
            assert_eq!(Points::parse(bad), None, "{bad}");
        }
        for h in [9000, 8950, 7, 1234, -200] {
            let p = Points::from_hundredths(h);
            assert_eq!(Points::parse(&p.decimal()), Some(p));
        }
        assert_eq!(Points::from_hundredths(8950).decimal(), "89.5");
    }

    #[test]
    fn percent_rounds_half_away_from_zero() {
        assert_eq!(
            Points::from_hundredths(429).percent(25),
            Points::from_hundredths(107)
        );
        assert_eq!(
            Points::from_hundredths(430).percent(25),
            Points::from_hundredths(108)
        );
        assert_eq!(
            Points::from_hundredths(600).percent(100),
            Points::from_hundredths(600)
        );
        assert_eq!(
            Points::from_hundredths(-430).percent(25),
            Points::from_hundredths(-108)
        );
    }

    #[test]
    fn apportion_is_exact() {
        let parts = apportion(Points::whole(40), &[1; 7]);
        assert_eq!(parts.iter().copied().sum::<Points>(), Points::whole(40));
        assert_eq!(parts[0], Points::from_hundredths(572));
        assert_eq!(parts[6], Points::from_hundredths(571));
        let parts = apportion(Points::whole(30), &[2, 1]);
        assert_eq!(parts, [Points::whole(20), Points::whole(10)]);
        let parts = apportion(Points::whole(10), &[1, 1, 1]);
        assert_eq!(
            parts,
            [
                Points::from_hundredths(334),
                Points::from_hundredths(333),
                Points::from_hundredths(333)
            ]
        );
        assert_eq!(apportion(Points::whole(10), &[0, 0]), [Points::ZERO; 2]);
        assert!(apportion(Points::whole(10), &[]).is_empty());
    }
}
