//! An iCalendar feed (RFC 5545) of deadlines, for the calendar an agency or
//! a leader already uses: one all-day event per deadline, with an alarm the
//! day before.

use chrono::{Duration, NaiveDate, NaiveDateTime};

/// One deadline on the calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEvent {
    /// The task's id; the event's UID is `task-{id}@dondoc`, so a task
    /// appears once and a changed deadline moves the event.
    pub uid_task_id: i64,
    /// The event's title.
    pub title: String,
    /// The deadline (an all-day event).
    pub due: NaiveDate,
    /// Its description.
    pub description: String,
    /// A link to the task.
    pub url: String,
}

/// The most octets a content line may hold, CRLF excluded (RFC 5545 §3.1).
const LINE_OCTETS: usize = 75;

/// The calendar, CRLF-terminated. `stamp` is the feed's creation time in UTC
/// (DTSTAMP); the caller reads the clock.
pub fn calendar(name: &str, events: &[CalendarEvent], stamp: NaiveDateTime) -> String {
    let stamp = stamp.format("%Y%m%dT%H%M%SZ").to_string();
    let mut out = String::new();
    let mut line = |s: &str| fold_into(&mut out, s);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//dondoc//dondoc-followup//VI");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line(&format!("X-WR-CALNAME:{}", escape(name)));
    line("X-WR-TIMEZONE:Asia/Ho_Chi_Minh");
    for e in events {
        let title = escape(&e.title);
        line("BEGIN:VEVENT");
        line(&format!("UID:task-{}@dondoc", e.uid_task_id));
        line(&format!("DTSTAMP:{stamp}"));
        line(&format!("DTSTART;VALUE=DATE:{}", e.due.format("%Y%m%d")));
        // DTEND is exclusive: an all-day event ends the next day.
        let end = e.due.checked_add_signed(Duration::days(1)).unwrap_or(e.due);
        line(&format!("DTEND;VALUE=DATE:{}", end.format("%Y%m%d")));
        line(&format!("SUMMARY:{title}"));
        if !e.description.is_empty() {
            line(&format!("DESCRIPTION:{}", escape(&e.description)));
        }
        let url = uri(&e.url);
        if !url.is_empty() {
            line(&format!("URL:{url}"));
        }
        line("TRANSP:TRANSPARENT");
        line("BEGIN:VALARM");
        line("ACTION:DISPLAY");
        line(&format!("DESCRIPTION:{title}"));
        line("TRIGGER:-P1D");
        line("END:VALARM");
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and
/// newlines; other control characters are dropped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A URI value is not escaped, but must stay on its line.
fn uri(s: &str) -> String {
    s.chars().filter(|c| !c.is_control() && *c != ' ').collect()
}

/// Appends one content line, folded so that no physical line exceeds 75
/// octets, never inside a UTF-8 character; continuation lines start with a
/// space, which counts towards their 75.
fn fold_into(out: &mut String, line: &str) {
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: i64, title: &str, due: &str) -> CalendarEvent {
        CalendarEvent {
            uid_task_id: id,
            title: title.to_string(),
            due: NaiveDate::parse_from_str(due, "%Y-%m-%d").unwrap_or_default(),
            description: "Văn bản: 15-TB/BCĐ; chủ trì: Sở KH&CN\nphối hợp: Sở Tài chính".into(),
            url: format!("https://dondoc.example.vn/nhiem-vu/{id}"),
        }
    }

    fn stamp() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 25)
            .and_then(|d| d.and_hms_opt(1, 2, 3))
            .unwrap_or_default()
    }

    /// The content lines, unfolded (RFC 5545 §3.1).
    fn unfold(ics: &str) -> Vec<String> {
        ics.replace("\r\n ", "")
            .split("\r\n")
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn all_day_event_with_alarm_and_uid() {
        let ics = calendar(
            "Nhiệm vụ — Sở Tài chính",
            &[event(42, "Báo cáo quý IV", "2026-12-31")],
            stamp(),
        );
        let lines = unfold(&ics);
        for want in [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "X-WR-CALNAME:Nhiệm vụ — Sở Tài chính",
            "UID:task-42@dondoc",
            "DTSTAMP:20261125T010203Z",
            "DTSTART;VALUE=DATE:20261231",
            "DTEND;VALUE=DATE:20270101",
            "SUMMARY:Báo cáo quý IV",
            "URL:https://dondoc.example.vn/nhiem-vu/42",
            "TRIGGER:-P1D",
            "END:VCALENDAR",
        ] {
            assert!(lines.iter().any(|l| l == want), "{want} missing in\n{ics}");
        }
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        // Every line ends in CRLF: no bare LF anywhere.
        assert_eq!(ics.matches('\n').count(), ics.matches("\r\n").count());
        let begins = lines.iter().filter(|l| l.starts_with("BEGIN:")).count();
        let ends = lines.iter().filter(|l| l.starts_with("END:")).count();
        assert_eq!((begins, ends), (3, 3));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a\\b;c,d\ne\r\nf\u{c}"), "a\\\\b\\;c\\,d\\ne\\nf");
        let ics = calendar(
            "x",
            &[event(1, "Kế hoạch, đề án; \"số\"", "2026-01-01")],
            stamp(),
        );
        let lines = unfold(&ics);
        assert!(
            lines
                .iter()
                .any(|l| l == "SUMMARY:Kế hoạch\\, đề án\\; \"số\""),
            "{ics}"
        );
        assert!(lines.iter().any(|l| {
            l == "DESCRIPTION:Văn bản: 15-TB/BCĐ\\; chủ trì: Sở KH&CN\\nphối hợp: Sở Tài chính"
        }));
    }

    #[test]
    fn long_vietnamese_lines_fold_at_75_octets_on_character_boundaries() {
        let title = "Triển khai thực hiện Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, \
                     công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia trên địa bàn tỉnh";
        let ics = calendar("x", &[event(7, title, "2026-06-30")], stamp());
        for physical in ics.split("\r\n") {
            assert!(
                physical.len() <= 75,
                "{} octets: {physical}",
                physical.len()
            );
        }
        // Splitting the string at CRLF succeeded, so no fold split a
        // character; unfolding gives back the escaped title exactly.
        let summary = format!("SUMMARY:{}", escape(title));
        assert!(summary.len() > 150);
        assert!(unfold(&ics).contains(&summary));
        // Folds are tight: a folded line is cut only when the next character
        // would not fit.
        let folded: Vec<&str> = ics.split("\r\n").collect();
        for pair in folded.windows(2) {
            if let Some(rest) = pair[1].strip_prefix(' ') {
                let next = rest.chars().next().map_or(0, char::len_utf8);
                assert!(pair[0].len() + next > 75, "{:?}", pair);
            }
        }
    }
}
