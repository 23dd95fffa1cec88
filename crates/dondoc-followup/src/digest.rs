//! One agency's daily reminder (thư nhắc việc): the tasks overdue, due today
//! and due soon, and the periodic reports falling due, as an e-mail (subject,
//! plain text, HTML) and as webhook JSON. The caller picks the items (with
//! [`ReminderPolicy::kind_on`]) and sends the result.

use chrono::NaiveDate;
use serde_json::{Value, json};

use crate::policy::{ReminderKind, ReminderPolicy};
use crate::text::{base, date_short, html, one_line, shorten};

/// How many characters of a task's text a digest shows.
const TEXT_CHARS: usize = 160;

/// A task the agency is reminded of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestItem {
    /// The task's id (its link).
    pub task_id: i64,
    /// The task as the directive words it; shortened in the e-mail.
    pub text: String,
    /// The directive that assigned it ("15-TB/BCĐ").
    pub directive_number: Option<String>,
    /// The deadline in force.
    pub due: Option<NaiveDate>,
    /// Why it is reminded today.
    pub kind: ReminderKind,
    /// Reminders sent before this one.
    pub reminders_so_far: u32,
}

/// A recurring report falling due (báo cáo định kỳ).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DutyItem {
    /// The duty's task id.
    pub task_id: i64,
    /// The duty as the directive words it.
    pub text: String,
    /// The period reported on, e.g. "tháng 11/2026" (see [`crate::period_label`]).
    pub period: String,
    /// The day the period's report is due.
    pub due: NaiveDate,
    /// A path under the base URL the entry links to instead of the task
    /// (a periodic report's form: `/bao-cao/3/don-vi/12`).
    pub link: Option<String>,
}

/// Where a duty's entry links: its own path, else its task's page.
fn duty_url(base_url: &str, d: &DutyItem) -> String {
    match &d.link {
        Some(path) => format!("{}{path}", base(base_url)),
        None => task_url(base_url, d.task_id),
    }
}

/// Money and targets the agency is reminded of: a project behind its
/// disbursement plan (chậm giải ngân), an indicator whose value for a period
/// is due (chỉ tiêu cần cập nhật số liệu).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoneyItem {
    /// Which of the two.
    pub kind: MoneyKind,
    /// The project's or indicator's id (its link).
    pub id: i64,
    /// "DA01 — Nền tảng tích hợp dữ liệu", or the indicator's name.
    pub title: String,
    /// The reason in one sentence: the domain's behind-plan message, or the
    /// period and the day its value is due.
    pub detail: String,
}

/// The kinds of [`MoneyItem`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MoneyKind {
    /// A project behind its disbursement plan.
    BehindPlan,
    /// An indicator whose value is due.
    ValueDue,
}

impl MoneyKind {
    /// A stable code (webhook JSON, storage).
    pub fn code(self) -> &'static str {
        match self {
            MoneyKind::BehindPlan => "behind_plan",
            MoneyKind::ValueDue => "value_due",
        }
    }

    /// The page of the item, under the base URL.
    fn path(self, id: i64) -> String {
        match self {
            MoneyKind::BehindPlan => format!("/giai-ngan/du-an/{id}"),
            MoneyKind::ValueDue => format!("/chi-tieu/{id}"),
        }
    }
}

/// Everything one digest needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestInput {
    /// The agency's name.
    pub agency: String,
    /// The day the digest is for (the province's today).
    pub date: NaiveDate,
    /// Tasks reminded.
    pub items: Vec<DigestItem>,
    /// Recurring reports falling due.
    pub duties: Vec<DutyItem>,
    /// Projects behind plan and indicators waiting for a value.
    pub money: Vec<MoneyItem>,
    /// Where dondoc is served, e.g. `https://dondoc.khanhhoa.gov.vn`.
    pub base_url: String,
}

/// The rendered digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    /// The e-mail subject.
    pub subject: String,
    /// Plain text body.
    pub text_body: String,
    /// HTML body.
    pub html_body: String,
    /// Tasks and duties listed.
    pub items_count: usize,
}

/// The items in the order a reader acts on them.
struct Groups<'a> {
    overdue: Vec<&'a DigestItem>,
    today: Vec<&'a DigestItem>,
    soon: Vec<&'a DigestItem>,
    duties: Vec<&'a DutyItem>,
    behind: Vec<&'a MoneyItem>,
    values: Vec<&'a MoneyItem>,
}

impl<'a> Groups<'a> {
    fn of(input: &'a DigestInput) -> Groups<'a> {
        let pick = |want: fn(&ReminderKind) -> bool| {
            input
                .items
                .iter()
                .filter(move |i| want(&i.kind))
                .collect::<Vec<_>>()
        };
        let mut overdue = pick(|k| matches!(k, ReminderKind::Overdue(_)));
        // Most overdue first.
        overdue.sort_by_key(|i| (std::cmp::Reverse(i.kind.days()), i.task_id));
        let mut today = pick(|k| matches!(k, ReminderKind::DueToday));
        today.sort_by_key(|i| i.task_id);
        let mut soon = pick(|k| matches!(k, ReminderKind::DueIn(_)));
        soon.sort_by_key(|i| (i.kind.days(), i.task_id));
        let mut duties: Vec<_> = input.duties.iter().collect();
        duties.sort_by_key(|d| (d.due, d.task_id));
        let money = |kind: MoneyKind| {
            let mut v: Vec<&MoneyItem> = input.money.iter().filter(|m| m.kind == kind).collect();
            v.sort_by_key(|m| m.id);
            v
        };
        Groups {
            overdue,
            today,
            soon,
            duties,
            behind: money(MoneyKind::BehindPlan),
            values: money(MoneyKind::ValueDue),
        }
    }

    /// (heading, items) for the three task groups, skipping empty ones.
    fn task_sections(&self) -> Vec<(&'static str, &[&'a DigestItem])> {
        [
            ("Quá hạn", self.overdue.as_slice()),
            ("Đến hạn hôm nay", self.today.as_slice()),
            ("Sắp đến hạn", self.soon.as_slice()),
        ]
        .into_iter()
        .filter(|(_, items)| !items.is_empty())
        .collect()
    }

    /// "3 nhiệm vụ quá hạn, 2 sắp đến hạn, 1 báo cáo định kỳ đến hạn".
    fn counts(&self) -> String {
        let mut parts: Vec<String> = [
            (self.overdue.len(), "quá hạn"),
            (self.today.len(), "đến hạn hôm nay"),
            (self.soon.len(), "sắp đến hạn"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .enumerate()
        .map(|(i, (n, what))| {
            let noun = if i == 0 { "nhiệm vụ " } else { "" };
            format!("{n} {noun}{what}")
        })
        .collect();
        if !self.duties.is_empty() {
            parts.push(format!("{} báo cáo định kỳ đến hạn", self.duties.len()));
        }
        if !self.behind.is_empty() {
            parts.push(format!("{} dự án chậm giải ngân", self.behind.len()));
        }
        if !self.values.is_empty() {
            parts.push(format!(
                "{} chỉ tiêu cần cập nhật số liệu",
                self.values.len()
            ));
        }
        if parts.is_empty() {
            "không có việc cần nhắc".to_string()
        } else {
            parts.join(", ")
        }
    }
}

/// One listed task or duty, ready to print.
struct Entry {
    text: String,
    details: Vec<String>,
    url: String,
}

fn task_url(base_url: &str, task_id: i64) -> String {
    format!("{}/nhiem-vu/{task_id}", base(base_url))
}

/// The facts under a task's text: directive, deadline, lateness, reminders.
fn task_details(item: &DigestItem, policy: &ReminderPolicy) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(n) = item.directive_number.as_deref().map(one_line)
        && !n.is_empty()
    {
        out.push(format!("Văn bản giao: {n}"));
    }
    if let Some(due) = item.due {
        out.push(format!("Hạn: {}", date_short(due)));
    }
    match item.kind {
        ReminderKind::Overdue(n) => out.push(format!("Quá hạn {n} ngày")),
        ReminderKind::DueIn(n) => out.push(format!("Còn {n} ngày")),
        ReminderKind::DueToday => {}
    }
    if item.reminders_so_far > 0 {
        let mut line = format!("Đã nhắc {} lần", item.reminders_so_far);
        if policy.flag_for_leader(item.reminders_so_far) {
            line.push_str(", đã báo cáo lãnh đạo");
        }
        out.push(line);
    }
    out
}

fn duty_details(duty: &DutyItem, today: NaiveDate) -> Vec<String> {
    let days = (duty.due - today).num_days();
    let when = match days {
        0 => "hạn hôm nay".to_string(),
        d if d > 0 => format!("còn {d} ngày"),
        d => format!("quá hạn {} ngày", -d),
    };
    vec![
        format!("Kỳ báo cáo: {}", one_line(&duty.period)),
        format!("Hạn: {} ({when})", date_short(duty.due)),
    ]
}

/// Renders the digest.
pub fn digest(input: &DigestInput, policy: &ReminderPolicy) -> Digest {
    let g = Groups::of(input);
    let agency = one_line(&input.agency);
    let date = date_short(input.date);
    let counts = g.counts();
    let subject = format!("[dondoc] Nhắc việc ngày {date}: {counts} — {agency}");
    let intro = format!("Tính đến ngày {date}, đơn vị có {counts}.");
    let closing = format!(
        "Đề nghị đơn vị cập nhật tiến độ hoặc báo cáo kết quả trên hệ thống dondoc: {}",
        base(&input.base_url)
    );
    let auto = "Thư được gửi tự động từ hệ thống dondoc, vui lòng không trả lời thư này.";

    let mut sections: Vec<(&str, Vec<Entry>)> = Vec::new();
    for (heading, items) in g.task_sections() {
        let entries = items
            .iter()
            .map(|i| Entry {
                text: shorten(&i.text, TEXT_CHARS),
                details: task_details(i, policy),
                url: task_url(&input.base_url, i.task_id),
            })
            .collect();
        sections.push((heading, entries));
    }
    if !g.duties.is_empty() {
        let entries = g
            .duties
            .iter()
            .map(|d| Entry {
                text: shorten(&d.text, TEXT_CHARS),
                details: duty_details(d, input.date),
                url: duty_url(&input.base_url, d),
            })
            .collect();
        sections.push(("Báo cáo định kỳ đến hạn", entries));
    }
    for (heading, items) in [
        ("Dự án chậm giải ngân", &g.behind),
        ("Chỉ tiêu cần cập nhật số liệu", &g.values),
    ] {
        if items.is_empty() {
            continue;
        }
        let entries = items
            .iter()
            .map(|m| Entry {
                text: shorten(&m.title, TEXT_CHARS),
                details: vec![one_line(&m.detail)],
                url: format!("{}{}", base(&input.base_url), m.kind.path(m.id)),
            })
            .collect();
        sections.push((heading, entries));
    }

    let mut text = format!("Kính gửi: {agency}\n\n{intro}\n");
    let mut body = String::new();
    for (heading, entries) in &sections {
        text.push_str(&format!(
            "\n{} ({})\n",
            heading.to_uppercase(),
            entries.len()
        ));
        body.push_str(&format!(
            "<h2 style=\"font-size:16px;margin:20px 0 8px\">{} ({})</h2>\n<ol>\n",
            html(heading),
            entries.len()
        ));
        for (
            n,
            Entry {
                text: task,
                details,
                url,
            },
        ) in entries.iter().enumerate()
        {
            text.push_str(&format!("\n{}. {task}\n", n + 1));
            if !details.is_empty() {
                text.push_str(&format!("   {}\n", details.join(" · ")));
            }
            text.push_str(&format!("   {url}\n"));
            let details: Vec<String> = details.iter().map(|d| html(d)).collect();
            body.push_str(&format!(
                "<li style=\"margin-bottom:10px\"><a href=\"{}\">{}</a><br>\
                 <span style=\"color:#555\">{}</span></li>\n",
                html(url),
                html(task),
                details.join(" · ")
            ));
        }
        body.push_str("</ol>\n");
    }
    text.push_str(&format!("\n{closing}\n\n{auto}\n"));

    let html_body = format!(
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head><meta charset=\"utf-8\"><title>{}</title></head>\n\
         <body style=\"font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222\">\n\
         <p>Kính gửi: <strong>{}</strong></p>\n<p>{}</p>\n{body}\
         <p>Đề nghị đơn vị cập nhật tiến độ hoặc báo cáo kết quả trên \
         <a href=\"{}\">hệ thống dondoc</a>.</p>\n\
         <p style=\"color:#777;font-size:12px\">{}</p>\n</body>\n</html>\n",
        html(&subject),
        html(&agency),
        html(&intro),
        html(base(&input.base_url)),
        html(auto)
    );
    Digest {
        subject,
        text_body: text,
        html_body,
        items_count: input.items.len() + input.duties.len() + input.money.len(),
    }
}

/// The same digest for a webhook (chat bot, another system). Field names are
/// English and stable; dates are ISO 8601; texts are given whole.
pub fn webhook_json(input: &DigestInput, policy: &ReminderPolicy) -> Value {
    let g = Groups::of(input);
    let items: Vec<Value> = g
        .overdue
        .iter()
        .chain(&g.today)
        .chain(&g.soon)
        .map(|i| {
            json!({
                "task_id": i.task_id,
                "kind": i.kind.code(),
                "days": i.kind.days(),
                "due": i.due.map(|d| d.to_string()),
                "text": i.text,
                "directive": i.directive_number,
                "reminders_so_far": i.reminders_so_far,
                "flagged": policy.flag_for_leader(i.reminders_so_far),
                "url": task_url(&input.base_url, i.task_id),
            })
        })
        .collect();
    let duties: Vec<Value> = g
        .duties
        .iter()
        .map(|d| {
            json!({
                "task_id": d.task_id,
                "period": d.period,
                "due": d.due.to_string(),
                "text": d.text,
                "url": duty_url(&input.base_url, d),
            })
        })
        .collect();
    let money: Vec<Value> = g
        .behind
        .iter()
        .chain(&g.values)
        .map(|m| {
            json!({
                "kind": m.kind.code(),
                "id": m.id,
                "title": m.title,
                "detail": m.detail,
                "url": format!("{}{}", base(&input.base_url), m.kind.path(m.id)),
            })
        })
        .collect();
    json!({
        "agency": input.agency,
        "date": input.date.to_string(),
        "counts": {
            "overdue": g.overdue.len(),
            "due_today": g.today.len(),
            "due_soon": g.soon.len(),
            "duties": g.duties.len(),
            "behind_plan": g.behind.len(),
            "values_due": g.values.len(),
        },
        "items": items,
        "duties": duties,
        "money": money,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn item(task_id: i64, text: &str, kind: ReminderKind, reminders: u32) -> DigestItem {
        let today = d("2026-11-25");
        let due = match kind {
            ReminderKind::Overdue(n) => today - chrono::Duration::days(i64::from(n)),
            ReminderKind::DueIn(n) => today + chrono::Duration::days(i64::from(n)),
            ReminderKind::DueToday => today,
        };
        DigestItem {
            task_id,
            text: text.to_string(),
            directive_number: Some("15-TB/BCĐ".to_string()),
            due: Some(due),
            kind,
            reminders_so_far: reminders,
        }
    }

    fn sample() -> DigestInput {
        use ReminderKind::*;
        DigestInput {
            agency: "Sở Tài chính".into(),
            date: d("2026-11-25"),
            items: vec![
                item(4, "Bố trí kinh phí cho chuyển đổi số", DueIn(3), 0),
                item(
                    1,
                    "Rà soát thủ tục <hành chính> & \"số hóa\"",
                    Overdue(7),
                    1,
                ),
                item(
                    2,
                    &"Xây dựng kế hoạch triển khai Nghị quyết 57 ".repeat(10),
                    Overdue(30),
                    3,
                ),
                item(3, "Báo cáo Ban Chỉ đạo", DueToday, 0),
                item(5, "Cập nhật cơ sở dữ liệu", DueIn(7), 0),
                item(6, "Tổng hợp số liệu", Overdue(1), 0),
            ],
            duties: vec![DutyItem {
                task_id: 9,
                text: "Báo cáo tình hình thực hiện Nghị quyết 57".into(),
                period: "tháng 11/2026".into(),
                due: d("2026-11-30"),
                link: None,
            }],
            base_url: "https://dondoc.example.vn/".into(),
            money: vec![],
        }
    }

    #[test]
    fn projects_behind_plan_and_values_due_have_their_sections() {
        let input = DigestInput {
            items: vec![],
            duties: vec![],
            money: vec![
                MoneyItem {
                    kind: MoneyKind::ValueDue,
                    id: 4,
                    title: "Tỷ lệ hồ sơ trực tuyến toàn trình".into(),
                    detail: "Số liệu quý I/2026, hạn 15/04/2026".into(),
                },
                MoneyItem {
                    kind: MoneyKind::BehindPlan,
                    id: 7,
                    title: "DA01 — Nền tảng tích hợp dữ liệu".into(),
                    detail: "chậm giải ngân so với kế hoạch: đạt 50 % kế hoạch đến tháng 4".into(),
                },
            ],
            ..sample()
        };
        let dg = digest(&input, &ReminderPolicy::default());
        assert_eq!(
            dg.subject,
            "[dondoc] Nhắc việc ngày 25/11/2026: 1 dự án chậm giải ngân, \
             1 chỉ tiêu cần cập nhật số liệu — Sở Tài chính"
        );
        let t = &dg.text_body;
        let behind = t.find("DỰ ÁN CHẬM GIẢI NGÂN (1)").unwrap_or(usize::MAX);
        let values = t.find("CHỈ TIÊU CẦN CẬP NHẬT SỐ LIỆU (1)").unwrap_or(0);
        assert!(behind < values, "{t}");
        assert!(
            t.contains("https://dondoc.example.vn/giai-ngan/du-an/7\n"),
            "{t}"
        );
        assert!(t.contains("https://dondoc.example.vn/chi-tieu/4\n"), "{t}");
        let v = webhook_json(&input, &ReminderPolicy::default());
        assert_eq!(v["counts"]["behind_plan"], 1);
        assert_eq!(v["money"][0]["kind"], "behind_plan");
        assert_eq!(v["money"][1]["url"], "https://dondoc.example.vn/chi-tieu/4");
    }

    #[test]
    fn subject_counts_each_group() {
        let dg = digest(&sample(), &ReminderPolicy::default());
        assert_eq!(
            dg.subject,
            "[dondoc] Nhắc việc ngày 25/11/2026: 3 nhiệm vụ quá hạn, 1 đến hạn hôm nay, \
             2 sắp đến hạn, 1 báo cáo định kỳ đến hạn — Sở Tài chính"
        );
        assert_eq!(dg.items_count, 7);
        let empty = DigestInput {
            items: vec![],
            duties: vec![],
            ..sample()
        };
        assert!(
            digest(&empty, &ReminderPolicy::default())
                .subject
                .contains("không có việc cần nhắc")
        );
    }

    #[test]
    fn groups_come_in_order_and_the_most_overdue_first() {
        let dg = digest(&sample(), &ReminderPolicy::default());
        let t = &dg.text_body;
        let at = |s: &str| t.find(s).unwrap_or(usize::MAX);
        let order = [
            "QUÁ HẠN (3)",
            "Quá hạn 30 ngày",
            "Quá hạn 7 ngày",
            "Quá hạn 1 ngày",
            "ĐẾN HẠN HÔM NAY (1)",
            "SẮP ĐẾN HẠN (2)",
            "Còn 3 ngày",
            "Còn 7 ngày",
            "BÁO CÁO ĐỊNH KỲ ĐẾN HẠN (1)",
            "Kỳ báo cáo: tháng 11/2026 · Hạn: 30/11/2026 (còn 5 ngày)",
        ];
        for pair in order.windows(2) {
            assert!(
                at(pair[0]) < at(pair[1]),
                "{:?} before {:?} in\n{t}",
                pair[0],
                pair[1]
            );
        }
        assert!(t.contains("https://dondoc.example.vn/nhiem-vu/2\n"), "{t}");
        assert!(t.contains("Văn bản giao: 15-TB/BCĐ · Hạn: 26/10/2026 · Quá hạn 30 ngày"));
    }

    #[test]
    fn long_texts_are_shortened_and_the_ladder_shows() {
        let dg = digest(&sample(), &ReminderPolicy::default());
        let line = dg
            .text_body
            .lines()
            .find(|l| l.starts_with("1. Xây dựng"))
            .unwrap_or_default();
        assert!(line.ends_with('…'), "{line}");
        assert!(line.chars().count() <= 3 + 160, "{line}");
        assert!(dg.text_body.contains("Đã nhắc 3 lần, đã báo cáo lãnh đạo"));
        assert!(dg.text_body.contains("Đã nhắc 1 lần\n"));
    }

    #[test]
    fn html_escapes_task_text() {
        let dg = digest(&sample(), &ReminderPolicy::default());
        let h = &dg.html_body;
        assert!(
            h.contains("Rà soát thủ tục &lt;hành chính&gt; &amp; &quot;số hóa&quot;"),
            "{h}"
        );
        assert!(!h.contains("<hành chính>"));
        assert!(h.contains("<a href=\"https://dondoc.example.vn/nhiem-vu/1\">"));
        assert!(h.contains("<h2 style=\"font-size:16px;margin:20px 0 8px\">Quá hạn (3)</h2>"));
    }

    #[test]
    fn webhook_has_stable_fields_in_digest_order() {
        let v = webhook_json(&sample(), &ReminderPolicy::default());
        assert_eq!(v["agency"], "Sở Tài chính");
        assert_eq!(v["date"], "2026-11-25");
        assert_eq!(v["counts"]["overdue"], 3);
        let ids: Vec<i64> = v["items"]
            .as_array()
            .map(|a| a.iter().filter_map(|i| i["task_id"].as_i64()).collect())
            .unwrap_or_default();
        assert_eq!(ids, [2, 1, 6, 3, 4, 5]);
        let first = &v["items"][0];
        assert_eq!(first["kind"], "overdue");
        assert_eq!(first["days"], 30);
        assert_eq!(first["due"], "2026-10-26");
        assert_eq!(first["flagged"], true);
        assert_eq!(first["url"], "https://dondoc.example.vn/nhiem-vu/2");
        assert_eq!(v["duties"][0]["period"], "tháng 11/2026");
    }
}
