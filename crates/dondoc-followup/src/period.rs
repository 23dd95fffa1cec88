//! The Vietnamese name of a recurring duty's period, as digests and letters
//! write it: "tháng 11/2026", "quý IV/2026", "6 tháng đầu năm 2026".

use chrono::Datelike;
use dondoc_domain::recurrence::{Occurrence, Rhythm};

/// The period an occurrence covers, in words.
pub fn period_label(rhythm: Rhythm, o: &Occurrence) -> String {
    let year = o.end.year();
    match rhythm {
        Rhythm::Weekly => format!(
            "tuần {}–{}",
            o.start.format("%d/%m"),
            o.end.format("%d/%m/%Y")
        ),
        Rhythm::Monthly => format!("tháng {}/{year}", o.end.month()),
        Rhythm::Quarterly => {
            let roman = ["I", "II", "III", "IV"];
            let q = roman.get(o.end.month0() as usize / 3).unwrap_or(&"?");
            format!("quý {q}/{year}")
        }
        Rhythm::HalfYearly if o.end.month() <= 6 => format!("6 tháng đầu năm {year}"),
        Rhythm::HalfYearly => format!("6 tháng cuối năm {year}"),
        Rhythm::Yearly => format!("năm {year}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use dondoc_domain::recurrence::occurrences;

    fn labels(r: Rhythm, from: &str, to: &str) -> Vec<String> {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        occurrences(r, None, d(from), d(to))
            .iter()
            .map(|o| period_label(r, o))
            .collect()
    }

    #[test]
    fn each_rhythm_names_its_period() {
        assert_eq!(
            labels(Rhythm::Monthly, "2026-11-03", "2026-12-01"),
            ["tháng 11/2026", "tháng 12/2026"]
        );
        assert_eq!(
            labels(Rhythm::Quarterly, "2026-02-01", "2026-12-31"),
            ["quý I/2026", "quý II/2026", "quý III/2026", "quý IV/2026"]
        );
        assert_eq!(
            labels(Rhythm::HalfYearly, "2026-01-01", "2026-12-31"),
            ["6 tháng đầu năm 2026", "6 tháng cuối năm 2026"]
        );
        assert_eq!(
            labels(Rhythm::Yearly, "2026-05-01", "2026-05-01"),
            ["năm 2026"]
        );
        assert_eq!(
            labels(Rhythm::Weekly, "2026-11-18", "2026-11-18"),
            ["tuần 16/11–22/11/2026"]
        );
    }
}
