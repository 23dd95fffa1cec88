//! Small text helpers shared by the renderings: Vietnamese date forms,
//! escaping for XML and HTML, and shortening long task texts.

use chrono::{Datelike, NaiveDate};

/// "25/11/2026": the short form used in digests and tables.
pub fn date_short(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// "Khánh Hòa, ngày 05 tháng 01 năm 2026" (Decree 30/2020, Appendix I): a day
/// below 10 and the months 1 and 2 take a leading zero, other months do not.
pub fn place_and_date(place: &str, d: NaiveDate) -> String {
    let month = if d.month() <= 2 {
        format!("{:02}", d.month())
    } else {
        d.month().to_string()
    };
    format!(
        "{place}, ngày {:02} tháng {month} năm {}",
        d.day(),
        d.year()
    )
}

/// True for the characters XML 1.0 cannot carry at all (most C0 controls,
/// such as the form feed a page break leaves in extracted text).
fn xml_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Escapes text for XML content and attribute values; drops the characters
/// XML cannot carry.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if xml_forbidden(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for HTML content and quoted attribute values.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if xml_forbidden(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Collapses every run of whitespace (newlines, tabs, form feeds) to one space.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text on one line, cut to at most `max` characters at a word boundary,
/// with "…" appended when something was cut.
pub fn shorten(s: &str, max: usize) -> String {
    let line = one_line(s);
    if line.chars().count() <= max {
        return line;
    }
    // Keep room for the ellipsis.
    let keep = max.saturating_sub(1);
    let cut: String = line.chars().take(keep).collect();
    // Cut at the last space, unless that throws away most of the text (one
    // very long word): then cut inside the word.
    let head = match cut.rfind(' ') {
        Some(i) if i >= cut.len() / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    let head = head.trim_end_matches(|c: char| c.is_whitespace() || ",;:-–".contains(c));
    format!("{head}…")
}

/// The base URL without its trailing slashes, so links never read `//nhiem-vu`.
pub fn base(url: &str) -> &str {
    url.trim().trim_end_matches('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn decree_date_form_pads_day_and_only_january_february() {
        assert_eq!(
            place_and_date("Khánh Hòa", d(2026, 11, 25)),
            "Khánh Hòa, ngày 25 tháng 11 năm 2026"
        );
        assert_eq!(
            place_and_date("Khánh Hòa", d(2020, 1, 5)),
            "Khánh Hòa, ngày 05 tháng 01 năm 2020"
        );
        assert_eq!(
            place_and_date("Khánh Hòa", d(2019, 6, 29)),
            "Khánh Hòa, ngày 29 tháng 6 năm 2019"
        );
        assert_eq!(date_short(d(2026, 3, 1)), "01/03/2026");
    }

    #[test]
    fn escaping_covers_markup_and_drops_controls() {
        assert_eq!(
            xml("Sở KH&CN <b> \"x\" 'y'\u{c}"),
            "Sở KH&amp;CN &lt;b&gt; &quot;x&quot; &apos;y&apos;"
        );
        assert_eq!(html("<script>&'"), "&lt;script&gt;&amp;&#39;");
        assert_eq!(xml("a\tb\nc"), "a\tb\nc");
    }

    #[test]
    fn shorten_cuts_at_a_word_boundary_and_counts_characters() {
        let text = "Triển khai thực hiện có hiệu quả Nghị quyết số 57-NQ/TW, \n bảo đảm tiến độ";
        assert_eq!(shorten(text, 200), one_line(text));
        let s = shorten(text, 40);
        assert!(s.chars().count() <= 40, "{s}");
        assert_eq!(s, "Triển khai thực hiện có hiệu quả Nghị…");
        // The cut never lands inside a multi-byte character, and a trailing
        // comma is not left before the ellipsis.
        assert_eq!(shorten("Đẩy mạnh, chuyển đổi số", 12), "Đẩy mạnh…");
        // One long word is cut inside the word rather than dropped.
        assert_eq!(shorten("aaaaaaaaaaaaaaaaaaaa", 6), "aaaaa…");
    }
}
