//! The Vietnamese name of a recurring duty's period, as digests and letters
//! write it: "tháng 11/2026", "quý IV/2026", "6 tháng đầu năm 2026".

use chrono::Datelike;
use dondoc_domain::recurrence::{Occurrence, Recurrence};

/// The period an occurrence covers, in words.
pub fn period_label(rhythm: Recurrence, o: &Occurrence) -> String {
    let year = o.end.year();
    match rhythm {
        Recurrence::Weekly => format!(
            "tuần {}–{}",
            o.start.format("%d/%m"),
            o.end.format("%d/%m/%Y")
        ),
        Recurrence::Monthly => format!("tháng {}/{year}", o.end.month()),
        Recurrence::Quarterly => {
            let roman = ["I", "II", "III", "IV"];
            let q = roman.get(o.end.month0() as usize / 3).unwrap_or(&"?");
            format!("quý {q}/{year}")
        }
        Recurrence::HalfYearly if o.end.month() <= 6 => format!("6 tháng đầu năm {year}"),
        Recurrence::HalfYearly => format!("6 tháng cuối năm {year}"),
        Recurrence::Yearly => format!("năm {year}"),
        Recurrence::Ongoing => "thường xuyên".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use dondoc_domain::recurrence::occurrences;

    fn labels(r: Recurrence, from: &str, to: &str) -> Vec<String> {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        occurrences(r, None, d(from), d(to))
            .iter()
            .map(|o| period_label(r, o))
            .collect()
    }

    #[test]
    fn each_rhythm_names_its_period() {
        assert_eq!(
            labels(Recurrence::Monthly, "2026-11-03", "2026-12-01"),
            ["tháng 11/2026", "tháng 12/2026"]
        );
        assert_eq!(
            labels(Recurrence::Quarterly, "2026-02-01", "2026-12-31"),
            ["quý I/2026", "quý II/2026", "quý III/2026", "quý IV/2026"]
        );
        assert_eq!(
            labels(Recurrence::HalfYearly, "2026-01-01", "2026-12-31"),
            ["6 tháng đầu năm 2026", "6 tháng cuối năm 2026"]
        );
        assert_eq!(
            labels(Recurrence::Yearly, "2026-05-01", "2026-05-01"),
            ["năm 2026"]
        );
        assert_eq!(
            labels(Recurrence::Weekly, "2026-11-18", "2026-11-18"),
            ["tuần 16/11–22/11/2026"]
        );
    }
}
