//! The committee's consolidated report for a round (báo cáo tổng hợp tình
//! hình thực hiện nhiệm vụ) as a Word `.docx` in the Decree 30/2020 layout:
//! the letterhead of the follow-up letter, the type name "BÁO CÁO" and the
//! summary (trích yếu) centred and ruled, the body in sections numbered
//! I., 1., a), a table of the main figures with the change since the
//! previous round, "Nơi nhận" and the signature; then the appendix table of
//! tasks (STT, Nhiệm vụ, Cơ quan chủ trì, Cơ quan phối hợp, Thời hạn, Kết
//! quả, Tình trạng), on landscape pages when asked. Times New Roman, 14 pt
//! body and 13 pt tables.
//!
//! Two steps, so that the secretariat can edit the words: [`draft_sections`]
//! writes each section's text from the round's data (the figures, what the
//! agencies reported, their difficulties and proposals, grouped); the web
//! shows the sections for editing; [`report_docx`] renders whatever text it
//! is given.

#![deny(missing_docs)]

use chrono::NaiveDate;
use dondoc_domain::status::Status;

use crate::docx::{
    self, BODY, CENTER, Head, LEFT, Layout, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP,
    NS, PAGE_H, PAGE_W, TEXT_W, cell, look, para, recipient_lines, row, rule_after, run, table,
};
use crate::text::{date_short, one_line};

/// One section of the report. Headings are numbered when rendered (I., 1.,
/// a) by level); a number typed at the start of a heading is dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// 0: paragraphs without a heading (the opening, the closing sentence);
    /// 1: "I. KẾT QUẢ …" (set in capitals); 2: "1. …"; 3: "a) …".
    pub level: u8,
    /// The heading, without its number.
    pub heading: String,
    /// The text as the secretariat edited it: one paragraph per line;
    /// lines starting with "-" or "+" are list items and stay as written.
    pub text: String,
    /// The table of the main figures follows this section's text.
    pub figures_table: bool,
}

/// The round's main figures, as of its date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoundFigures {
    /// Tasks followed, by status (each status once; missing ones are 0).
    pub by_status: Vec<(Status, u32)>,
    /// Agencies with overdue tasks and how many, most first.
    pub overdue_by_agency: Vec<(String, u32)>,
    /// Periodic reports due in the round.
    pub reports_due: u32,
    /// Of those, submitted on time.
    pub reports_on_time: u32,
}

impl RoundFigures {
    fn count(&self, wanted: &[Status]) -> u32 {
        self.by_status
            .iter()
            .filter(|(s, _)| wanted.contains(s))
            .map(|(_, n)| *n)
            .sum()
    }

    /// Every task followed.
    pub fn total(&self) -> u32 {
        self.by_status.iter().map(|(_, n)| *n).sum()
    }

    /// Completed on time.
    pub fn on_time(&self) -> u32 {
        self.count(&[Status::CompletedOnTime])
    }

    /// Completed late.
    pub fn late(&self) -> u32 {
        self.count(&[Status::CompletedLate])
    }

    /// Completed, on time or late.
    pub fn completed(&self) -> u32 {
        self.on_time() + self.late()
    }

    /// Open and not yet past the deadline.
    pub fn in_progress(&self) -> u32 {
        self.count(&[Status::NotYetDue, Status::InProgress, Status::DueSoon])
    }

    /// Open past the deadline.
    pub fn overdue(&self) -> u32 {
        self.count(&[Status::Overdue])
    }

    /// Paused or cancelled.
    pub fn stopped(&self) -> u32 {
        self.count(&[Status::Paused, Status::Cancelled])
    }

    /// Of the tasks whose deadline has come, the share done on time, in
    /// tenths of a percent (as `status::on_time_rate`, without floats).
    pub fn on_time_tenths(&self) -> Option<u64> {
        tenths(
            self.on_time(),
            self.on_time() + self.late() + self.overdue(),
        )
    }

    /// The share of reports submitted on time, in tenths of a percent.
    pub fn reports_on_time_tenths(&self) -> Option<u64> {
        tenths(self.reports_on_time, self.reports_due)
    }
}

/// `part / whole` in tenths of a percent, rounded half up.
fn tenths(part: u32, whole: u32) -> Option<u64> {
    (whole > 0).then(|| (u64::from(part) * 2000 + u64::from(whole)) / (2 * u64::from(whole)))
}

/// "76,1 %".
fn percent_text(tenths: u64) -> String {
    format!("{},{} %", tenths / 10, tenths % 10)
}

/// The main figures of this round and the previous one, for the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FiguresTable {
    /// "Tháng 11/2026".
    pub label: String,
    /// This round's figures.
    pub current: RoundFigures,
    /// "Tháng 10/2026", if there was a previous round.
    pub previous_label: Option<String>,
    /// The previous round's figures.
    pub previous: Option<RoundFigures>,
}

/// A task as the appendix lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppendixRow {
    /// Rows with the same group follow one another under a row naming it
    /// (a directive, an area); empty: no group row.
    pub group: String,
    /// The task.
    pub task: String,
    /// Cơ quan chủ trì.
    pub lead: String,
    /// Cơ quan phối hợp.
    pub support: String,
    /// Thời hạn.
    pub due: Option<NaiveDate>,
    /// Shown when there is no date: "Thường xuyên", "Hằng tháng".
    pub due_words: String,
    /// Kết quả: the latest report or the completion note.
    pub result: String,
    /// Tình trạng.
    pub status: Status,
}

/// The appendix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appendix {
    /// "Danh mục nhiệm vụ và tình hình thực hiện" (set in capitals).
    pub title: String,
    /// The rows.
    pub rows: Vec<AppendixRow>,
    /// On landscape pages (the table is wide).
    pub landscape: bool,
}

/// What the report says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportInput {
    /// "UBND TỈNH KHÁNH HÒA".
    pub issuer_parent: String,
    /// "BAN CHỈ ĐẠO …"; a newline breaks the line there.
    pub issuer: String,
    /// "Ban Chỉ đạo": names the issuer in the appendix's caption.
    pub issuer_short: String,
    /// The symbol after the blank number: "BC-BCĐ".
    pub symbol: Option<String>,
    /// "Khánh Hòa".
    pub place: String,
    /// The report's date.
    pub date: NaiveDate,
    /// The summary under "BÁO CÁO": "Tình hình thực hiện nhiệm vụ … tháng
    /// 11/2026" (a leading "Báo cáo" is dropped).
    pub title: String,
    /// "Thường trực Tỉnh ủy" for a report sent upward ("Kính gửi: …").
    pub addressee: Option<String>,
    /// The body.
    pub sections: Vec<Section>,
    /// The figures a section's table shows.
    pub figures: Option<FiguresTable>,
    /// Nơi nhận, one per line ("Thường trực Tỉnh ủy (để b/c)").
    pub recipients: Vec<String>,
    /// The filing units after "Lưu: VT", e.g. "VP".
    pub archive: Option<String>,
    /// "KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN THƯỜNG TRỰC".
    pub signer_title: String,
    /// Without a name, a placeholder is printed.
    pub signer_name: Option<String>,
    /// The appendix table, if any.
    pub appendix: Option<Appendix>,
}

/// The only way writing can fail: the zip writer refusing.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The zip writer refused.
    #[error("could not write the .docx package: {0}")]
    Package(#[from] zip::result::ZipError),
    /// Writing into memory failed.
    #[error("could not write the .docx package: {0}")]
    Io(#[from] std::io::Error),
}

// --- Drafting: the round's data to editable sections ---------------------

/// A point an agency made in its report, and the group it belongs to: an
/// area of work for results; an area or who must act ("Đề nghị UBND tỉnh")
/// for difficulties and proposals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyNote {
    /// The heading it goes under.
    pub group: String,
    /// The agency that reported it.
    pub agency: String,
    /// What it said.
    pub text: String,
}

/// The round's data, from which [`draft_sections`] writes the first text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportData {
    /// "Ban Chỉ đạo".
    pub issuer_short: String,
    /// "tháng 11/2026".
    pub period_label: String,
    /// "tháng 10/2026".
    pub previous_label: Option<String>,
    /// The day the figures are taken.
    pub as_of: NaiveDate,
    /// This round's figures.
    pub figures: RoundFigures,
    /// The previous round's, for "so với tháng trước".
    pub previous: Option<RoundFigures>,
    /// Results the agencies reported, by area.
    pub results: Vec<AgencyNote>,
    /// Khó khăn, vướng mắc.
    pub difficulties: Vec<AgencyNote>,
    /// Đề xuất, kiến nghị.
    pub proposals: Vec<AgencyNote>,
    /// Nhiệm vụ trọng tâm thời gian tới, one per line.
    pub next_steps: Vec<String>,
}

fn section(level: u8, heading: &str, text: String) -> Section {
    Section {
        level,
        heading: heading.to_string(),
        text,
        figures_table: false,
    }
}

/// "tăng 5", "giảm 2", "không đổi".
fn change_words(now: u32, before: u32) -> String {
    match now.cmp(&before) {
        std::cmp::Ordering::Greater => format!("tăng {}", now - before),
        std::cmp::Ordering::Less => format!("giảm {}", before - now),
        std::cmp::Ordering::Equal => "không đổi".to_string(),
    }
}

/// "tăng 2,5 điểm phần trăm".
fn rate_change_words(now: u64, before: u64) -> String {
    let d = now.abs_diff(before);
    let words = if now > before {
        "tăng"
    } else if now < before {
        "giảm"
    } else {
        return "không đổi".to_string();
    };
    format!("{words} {},{} điểm phần trăm", d / 10, d % 10)
}

/// The opening paragraph of "Tình hình chung", and the comparison.
fn overview_text(data: &ReportData) -> String {
    let f = &data.figures;
    let mut out = vec![format!(
        "Tính đến ngày {}, {} theo dõi {} nhiệm vụ: đã hoàn thành {} nhiệm vụ (đúng hạn {}, trễ hạn {}); \
         đang thực hiện trong hạn {} nhiệm vụ; quá hạn chưa hoàn thành {} nhiệm vụ{}.",
        date_short(data.as_of),
        one_line(&data.issuer_short),
        f.total(),
        f.completed(),
        f.on_time(),
        f.late(),
        f.in_progress(),
        f.overdue(),
        match f.stopped() {
            0 => String::new(),
            n => format!("; tạm dừng, hủy {n} nhiệm vụ"),
        }
    )];
    if let Some(t) = f.on_time_tenths() {
        out.push(format!(
            "Tỷ lệ hoàn thành đúng hạn trên số nhiệm vụ đã đến hạn đạt {}.",
            percent_text(t)
        ));
    }
    if let Some(t) = f.reports_on_time_tenths() {
        out.push(format!(
            "Báo cáo định kỳ {}: {}/{} báo cáo nộp đúng hạn ({}).",
            one_line(&data.period_label),
            f.reports_on_time,
            f.reports_due,
            percent_text(t)
        ));
    }
    if let Some(p) = &data.previous {
        let mut parts = vec![
            format!("tổng số nhiệm vụ {}", change_words(f.total(), p.total())),
            format!(
                "số nhiệm vụ hoàn thành {}",
                change_words(f.completed(), p.completed())
            ),
            format!(
                "số nhiệm vụ quá hạn {}",
                change_words(f.overdue(), p.overdue())
            ),
        ];
        if let (Some(a), Some(b)) = (f.on_time_tenths(), p.on_time_tenths()) {
            parts.push(format!(
                "tỷ lệ hoàn thành đúng hạn {}",
                rate_change_words(a, b)
            ));
        }
        if let (Some(a), Some(b)) = (f.reports_on_time_tenths(), p.reports_on_time_tenths()) {
            parts.push(format!(
                "tỷ lệ báo cáo đúng hạn {}",
                rate_change_words(a, b)
            ));
        }
        let since = data
            .previous_label
            .as_deref()
            .map(one_line)
            .unwrap_or_else(|| "kỳ trước".to_string());
        out.push(format!("So với {since}: {}.", parts.join("; ")));
    }
    out.join("\n")
}

/// Notes grouped under their headings, in the order the groups first
/// appear; the same point from several agencies is written once, with
/// every agency named.
fn grouped(notes: &[AgencyNote], with_agency_first: bool) -> Vec<(String, String)> {
    // (heading, [(point, [agencies])]).
    type Points = Vec<(String, Vec<String>)>;
    let mut groups: Vec<(String, Points)> = Vec::new();
    for n in notes {
        let group = one_line(&n.group);
        let text = one_line(&n.text);
        let agency = one_line(&n.agency);
        if text.is_empty() {
            continue;
        }
        let at = match groups.iter().position(|(g, _)| *g == group) {
            Some(i) => i,
            None => {
                groups.push((group, Vec::new()));
                groups.len() - 1
            }
        };
        let Some((_, points)) = groups.get_mut(at) else {
            continue;
        };
        let key = |t: &str| t.trim_end_matches(['.', ';', ' ']).to_lowercase();
        match points.iter_mut().find(|(t, _)| key(t) == key(&text)) {
            Some((_, agencies)) => {
                if !agencies.contains(&agency) {
                    agencies.push(agency);
                }
            }
            None => points.push((text, vec![agency])),
        }
    }
    groups
        .into_iter()
        .map(|(g, points)| {
            let lines: Vec<String> = points
                .into_iter()
                .map(|(text, agencies)| {
                    let text = text.trim_end_matches(['.', ';', ' ']);
                    let who = agencies
                        .into_iter()
                        .filter(|a| !a.is_empty())
                        .collect::<Vec<_>>()
                        .join(", ");
                    match (with_agency_first, who.is_empty()) {
                        (_, true) => format!("- {text}."),
                        (true, false) => format!("- {who}: {text}."),
                        (false, false) => format!("- {text} ({who})."),
                    }
                })
                .collect();
            (g, lines.join("\n"))
        })
        .collect()
}

/// The first text of every section, from the round's data, for the
/// secretariat to edit before rendering.
pub fn draft_sections(data: &ReportData) -> Vec<Section> {
    let issuer = one_line(&data.issuer_short);
    let period = one_line(&data.period_label);
    let mut out = vec![section(
        0,
        "",
        format!("{issuer} báo cáo tình hình thực hiện các nhiệm vụ được giao {period} như sau:"),
    )];
    out.push(section(1, "Kết quả thực hiện nhiệm vụ", String::new()));
    out.push(Section {
        figures_table: true,
        ..section(2, "Tình hình chung", overview_text(data))
    });
    let results = grouped(&data.results, true);
    if !results.is_empty() {
        out.push(section(2, "Kết quả thực hiện theo lĩnh vực", String::new()));
        for (area, text) in results {
            out.push(section(3, &area, text));
        }
    }
    let overdue: Vec<String> = data
        .figures
        .overdue_by_agency
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(a, n)| format!("{} ({n})", one_line(a)))
        .collect();
    let overdue_text = if overdue.is_empty() {
        format!(
            "Đến ngày {}, không có nhiệm vụ quá hạn.",
            date_short(data.as_of)
        )
    } else {
        format!(
            "Đến ngày {}, còn {} nhiệm vụ quá hạn chưa hoàn thành của {} cơ quan, đơn vị: {}.",
            date_short(data.as_of),
            data.figures.overdue(),
            overdue.len(),
            overdue.join("; ")
        )
    };
    out.push(section(2, "Nhiệm vụ quá hạn", overdue_text));

    for (heading, notes, none) in [
        (
            "Khó khăn, vướng mắc",
            &data.difficulties,
            "Các cơ quan, đơn vị chưa báo cáo khó khăn, vướng mắc.",
        ),
        (
            "Đề xuất, kiến nghị",
            &data.proposals,
            "Các cơ quan, đơn vị chưa có đề xuất, kiến nghị.",
        ),
    ] {
        let groups = grouped(notes, false);
        if groups.is_empty() {
            out.push(section(1, heading, none.to_string()));
            continue;
        }
        out.push(section(1, heading, String::new()));
        for (g, text) in groups {
            out.push(section(2, &g, text));
        }
    }
    let steps: Vec<String> = data
        .next_steps
        .iter()
        .map(|s| one_line(s))
        .filter(|s| !s.is_empty())
        .map(|s| format!("- {}", s.trim_start_matches(['-', '+', ' '])))
        .collect();
    if !steps.is_empty() {
        out.push(section(
            1,
            "Nhiệm vụ trọng tâm thời gian tới",
            steps.join("\n"),
        ));
    }
    out.push(section(
        0,
        "",
        format!("Trên đây là báo cáo tình hình thực hiện nhiệm vụ {period} của {issuer}./."),
    ));
    out
}

/// The table of the main figures built from a [`ReportData`].
pub fn figures_table(data: &ReportData) -> FiguresTable {
    FiguresTable {
        label: capitalise(&one_line(&data.period_label)),
        current: data.figures.clone(),
        previous_label: data
            .previous_label
            .as_deref()
            .map(|l| capitalise(&one_line(l))),
        previous: data.previous.clone(),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

// --- Rendering -----------------------------------------------------------

/// A header cell: bold, centred both ways.
fn head_cell(width: u32, text: &str) -> String {
    format!(
        "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/><w:vAlign w:val=\"center\"/></w:tcPr>{}</w:tc>",
        para(CENTER, &run(text, look(TABLE_PT).bold()))
    )
}

/// Body text size, and table text size (Decree 30: 13–14).
const BODY_PT: f32 = 14.0;
const TABLE_PT: f32 = 13.0;

/// "I", "II", … for level-1 headings.
fn roman(n: usize) -> String {
    const R: [(usize, &str); 9] = [
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n;
    let mut out = String::new();
    for (v, s) in R {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// The letters of points (điểm), as Vietnamese documents number them:
/// a, b, c, d, đ, e, g, h, i, k, …, ư, v, x, y; after y, aa, ab, ….
fn letter(n: usize) -> String {
    const L: [char; 24] = [
        'a', 'b', 'c', 'd', 'đ', 'e', 'g', 'h', 'i', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's',
        't', 'u', 'ư', 'v', 'x', 'y',
    ];
    let i = n.saturating_sub(1);
    match L.get(i % L.len()) {
        Some(c) if i < L.len() => c.to_string(),
        Some(c) => format!("{}{c}", letter(i / L.len())),
        None => n.to_string(),
    }
}

/// Drops a number typed at the head of a heading: "II. ", "2. ", "b) ".
fn strip_number(heading: &str) -> String {
    let h = one_line(heading);
    let Some((head, rest)) = h.split_once(' ') else {
        return h;
    };
    let numeral = head
        .strip_suffix('.')
        .or_else(|| head.strip_suffix(')'))
        .filter(|n| !n.is_empty());
    let is_number = numeral.is_some_and(|n| {
        n.chars().all(|c| c.is_ascii_digit())
            || n.chars().all(|c| "IVXLC".contains(c))
            || (n.chars().count() == 1 && n.chars().all(char::is_lowercase))
    });
    if is_number {
        rest.trim().to_string()
    } else {
        h
    }
}

/// "BÁO CÁO", the summary and the rule under it.
fn title_block(input: &ReportInput) -> String {
    let b = look(BODY_PT).bold();
    let title = one_line(&input.title);
    // The type name is printed above: "Báo cáo tình hình …" → "Tình hình …".
    let head: String = title.chars().take(8).collect();
    let title = if head.to_lowercase() == "báo cáo " {
        capitalise(&title.chars().skip(8).collect::<String>())
    } else {
        title
    };
    let mut out = [
        para(
            Layout {
                before: 18,
                ..CENTER
            },
            &run("BÁO CÁO", b),
        ),
        para(CENTER, &run(&title, b)),
        rule_after(TEXT_W, 2400, 100),
    ]
    .concat();
    if let Some(addressee) = input.addressee.as_deref().map(one_line)
        && !addressee.is_empty()
    {
        out.push_str(&para(
            Layout {
                before: 6,
                after: 6,
                ..CENTER
            },
            &run(&format!("Kính gửi: {addressee}"), look(BODY_PT)),
        ));
    }
    out.push_str(&para(Layout { after: 6, ..CENTER }, ""));
    out
}

/// The sections, numbered.
fn body(input: &ReportInput) -> String {
    let mut out = String::new();
    let mut counters = [0usize; 4];
    let b = look(BODY_PT);
    for s in &input.sections {
        let level = usize::from(s.level.min(3));
        if level > 0 {
            if let Some(c) = counters.get_mut(level) {
                *c += 1;
            }
            for deeper in counters.iter_mut().skip(level + 1) {
                *deeper = 0;
            }
            let n = counters.get(level).copied().unwrap_or(1);
            let heading = strip_number(&s.heading);
            let (text, l) = match level {
                1 => (
                    format!("{}. {}", roman(n), heading.to_uppercase()),
                    b.bold(),
                ),
                2 => (format!("{n}. {heading}"), b.bold()),
                _ => (format!("{}) {heading}", letter(n)), b.italic()),
            };
            out.push_str(&para(
                Layout {
                    before: if level == 1 { 6 } else { 0 },
                    ..BODY
                },
                &run(&text, l),
            ));
        }
        for line in s.text.lines().map(one_line).filter(|l| !l.is_empty()) {
            out.push_str(&para(BODY, &run(&line, b)));
        }
        if s.figures_table
            && let Some(f) = &input.figures
        {
            out.push_str(&figures(f));
        }
    }
    out
}

/// "+5", "−2", "0".
fn signed(now: i64, before: i64) -> String {
    match now - before {
        d if d > 0 => format!("+{d}"),
        d if d < 0 => format!("−{}", -d),
        _ => "0".to_string(),
    }
}

/// "+2,5", "−1,0", "0,0" for rates in tenths.
fn signed_tenths(now: u64, before: u64) -> String {
    let d = now.abs_diff(before);
    let sign = if now > before {
        "+"
    } else if now < before {
        "−"
    } else {
        ""
    };
    format!("{sign}{},{}", d / 10, d % 10)
}

/// The main figures: this round, the previous, the change.
fn figures(f: &FiguresTable) -> String {
    let t = look(TABLE_PT);
    let with_previous = f.previous.is_some();
    let widths: Vec<u32> = if with_previous {
        vec![4354, 1700, 1700, 1600]
    } else {
        vec![6354, 3000]
    };
    let mut head = vec!["Chỉ tiêu".to_string(), one_line(&f.label)];
    if with_previous {
        head.push(
            f.previous_label
                .as_deref()
                .map(one_line)
                .unwrap_or_else(|| "Kỳ trước".into()),
        );
        head.push("Tăng (+), giảm (−)".into());
    }
    let header = row(
        &widths
            .iter()
            .zip(&head)
            .map(|(w, h)| head_cell(*w, h))
            .collect::<Vec<_>>(),
        true,
    );
    let c = &f.current;
    let p = f.previous.as_ref();
    // (label, indent as a sub-item, now, before, change)
    let count = |label: &str, sub: bool, get: fn(&RoundFigures) -> u32| {
        let now = get(c);
        let before = p.map(get);
        (
            label.to_string(),
            sub,
            now.to_string(),
            before.map(|b| b.to_string()),
            before.map(|b| signed(i64::from(now), i64::from(b))),
        )
    };
    let rate = |label: &str, get: fn(&RoundFigures) -> Option<u64>| {
        let now = get(c);
        let before = p.and_then(get);
        let show = |v: Option<u64>| v.map(percent_text).unwrap_or_else(|| "-".into());
        (
            label.to_string(),
            false,
            show(now),
            p.map(|_| show(before)),
            p.map(|_| match (now, before) {
                (Some(a), Some(b)) => signed_tenths(a, b),
                _ => "-".into(),
            }),
        )
    };
    let mut lines = vec![
        count("Tổng số nhiệm vụ theo dõi", false, RoundFigures::total),
        count("Đã hoàn thành", false, RoundFigures::completed),
        count("Trong đó: đúng hạn", true, RoundFigures::on_time),
        count("Trễ hạn", true, RoundFigures::late),
        count("Đang thực hiện trong hạn", false, RoundFigures::in_progress),
        count("Quá hạn chưa hoàn thành", false, RoundFigures::overdue),
    ];
    if c.stopped() > 0 || p.is_some_and(|p| p.stopped() > 0) {
        lines.push(count("Tạm dừng, hủy", false, RoundFigures::stopped));
    }
    lines.push(rate(
        "Tỷ lệ hoàn thành đúng hạn (%)",
        RoundFigures::on_time_tenths,
    ));
    let reports = |r: &RoundFigures| format!("{}/{}", r.reports_on_time, r.reports_due);
    lines.push((
        "Báo cáo định kỳ nộp đúng hạn".into(),
        false,
        reports(c),
        p.map(reports),
        p.map(|p| signed(i64::from(c.reports_on_time), i64::from(p.reports_on_time))),
    ));
    lines.push(rate(
        "Tỷ lệ báo cáo đúng hạn (%)",
        RoundFigures::reports_on_time_tenths,
    ));
    let mut rows = vec![header];
    for (label, sub, now, before, change) in lines {
        let label_para = if sub {
            para(
                Layout {
                    first_line: 284,
                    ..LEFT
                },
                &run(&label, t.italic()),
            )
        } else {
            para(LEFT, &run(&label, t))
        };
        let mut cells = vec![label_para, para(CENTER, &run(&now, t))];
        if with_previous {
            cells.push(para(CENTER, &run(&before.unwrap_or_default(), t)));
            cells.push(para(CENTER, &run(&change.unwrap_or_default(), t)));
        }
        rows.push(row(
            &widths
                .iter()
                .zip(cells)
                .map(|(w, c)| cell(*w, &c))
                .collect::<Vec<_>>(),
            false,
        ));
    }
    let mut out = table(&widths, &rows, true);
    // A little space after the table.
    out.push_str(&para(Layout { after: 6, ..LEFT }, ""));
    out
}

/// Column widths of the appendix table across a text width.
fn appendix_widths(landscape: bool) -> [u32; 7] {
    if landscape {
        // 14 286 twips (25.2 cm). "31/10/2026" needs 1 450 at 13 pt with
        // the cell's padding; "Hoàn thành đúng hạn" two lines of 1 600.
        [680, 4300, 2000, 2000, 1450, 2256, 1600]
    } else {
        // 9 354 twips (16.5 cm).
        [567, 2300, 1250, 1150, 1350, 1337, 1400]
    }
}

/// The appendix: caption, then the table.
fn appendix(input: &ReportInput, a: &Appendix) -> String {
    let b = look(BODY_PT).bold();
    let symbol = input
        .symbol
        .as_deref()
        .map(one_line)
        .filter(|s| !s.is_empty())
        .map(|s| format!("/{s}"))
        .unwrap_or_default();
    let caption = format!(
        "(Kèm theo Báo cáo số        {symbol} ngày {} của {})",
        date_short(input.date),
        one_line(&input.issuer_short)
    );
    let mut out = [
        para(CENTER, &run("Phụ lục", b)),
        para(CENTER, &run(&one_line(&a.title).to_uppercase(), b)),
        para(
            Layout {
                after: 12,
                ..CENTER
            },
            &run(&caption, look(BODY_PT).italic()),
        ),
    ]
    .concat();
    let w = appendix_widths(a.landscape);
    let t = look(TABLE_PT);
    let head = [
        "STT",
        "Nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời hạn",
        "Kết quả",
        "Tình trạng",
    ];
    let mut rows = vec![row(
        &w.iter()
            .zip(head)
            .map(|(w, h)| head_cell(*w, h))
            .collect::<Vec<_>>(),
        true,
    )];
    let total: u32 = w.iter().sum();
    let mut group: Option<String> = None;
    for (i, r) in a.rows.iter().enumerate() {
        let g = one_line(&r.group);
        if !g.is_empty() && group.as_deref() != Some(g.as_str()) {
            rows.push(format!(
                "<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w=\"{total}\" w:type=\"dxa\"/>\
                 <w:gridSpan w:val=\"7\"/></w:tcPr>{}</w:tc></w:tr>",
                para(LEFT, &run(&g, t.bold()))
            ));
        }
        group = Some(g);
        let due = match r.due {
            Some(d) => date_short(d),
            None => one_line(&r.due_words),
        };
        let cells = [
            (CENTER, (i + 1).to_string()),
            (LEFT, one_line(&r.task)),
            (LEFT, one_line(&r.lead)),
            (LEFT, one_line(&r.support)),
            (CENTER, due),
            (LEFT, one_line(&r.result)),
            (CENTER, r.status.label_vi().to_string()),
        ];
        rows.push(row(
            &w.iter()
                .zip(cells)
                .map(|(w, (layout, text))| cell(*w, &para(layout, &run(&text, t))))
                .collect::<Vec<_>>(),
            false,
        ));
    }
    out.push_str(&table(&w, &rows, true));
    out
}

/// A section's page properties. The first section hides the page number on
/// its first page; a landscape section turns the page.
fn section_properties(landscape: bool, first: bool) -> String {
    let (w, h, orient) = if landscape {
        (PAGE_H, PAGE_W, " w:orient=\"landscape\"")
    } else {
        (PAGE_W, PAGE_H, "")
    };
    let (first_header, title_page) = if first {
        (
            "<w:headerReference w:type=\"first\" r:id=\"rIdHeaderFirst\"/>",
            "<w:titlePg/>",
        )
    } else {
        ("", "")
    };
    format!(
        "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/>{first_header}\
         <w:pgSz w:w=\"{w}\" w:h=\"{h}\"{orient}/>\
         <w:pgMar w:top=\"{MARGIN_TOP}\" w:right=\"{MARGIN_RIGHT}\" w:bottom=\"{MARGIN_BOTTOM}\" \
         w:left=\"{MARGIN_LEFT}\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/>{title_page}</w:sectPr>"
    )
}

fn document_xml(input: &ReportInput) -> String {
    let head = docx::letterhead(&Head {
        parent: &input.issuer_parent,
        issuer: &input.issuer,
        symbol: input.symbol.as_deref(),
        summary: None,
        place: &input.place,
        date: input.date,
    });
    let recipients = recipient_lines(None, &input.recipients, input.archive.as_deref());
    let closing = docx::closing(
        &recipients,
        &input.signer_title,
        input.signer_name.as_deref(),
        TEXT_W,
    );
    let rest = match &input.appendix {
        // The appendix starts a new section on a new page: the report's
        // section ends with the paragraph that carries its properties.
        Some(a) => format!(
            "<w:p><w:pPr>{}</w:pPr></w:p>{}{}",
            section_properties(false, true),
            appendix(input, a),
            section_properties(a.landscape, false)
        ),
        None => section_properties(false, true),
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document {NS}><w:body>{head}{}{}{closing}{rest}</w:body></w:document>",
        title_block(input),
        body(input),
    )
}

/// The report as `.docx` bytes; the same input always gives the same bytes.
pub fn report_docx(input: &ReportInput) -> Result<Vec<u8>, ReportError> {
    docx::package(input.date, document_xml(input))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::{Cursor, Read};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn note(group: &str, agency: &str, text: &str) -> AgencyNote {
        AgencyNote {
            group: group.into(),
            agency: agency.into(),
            text: text.into(),
        }
    }

    pub(crate) fn figures_now() -> RoundFigures {
        RoundFigures {
            by_status: vec![
                (Status::CompletedOnTime, 70),
                (Status::CompletedLate, 10),
                (Status::InProgress, 20),
                (Status::DueSoon, 5),
                (Status::NotYetDue, 3),
                (Status::Overdue, 12),
            ],
            overdue_by_agency: vec![
                ("Sở Tài chính".into(), 5),
                ("Sở Y tế".into(), 4),
                ("UBND phường Nha Trang".into(), 3),
            ],
            reports_due: 45,
            reports_on_time: 40,
        }
    }

    pub(crate) fn data() -> ReportData {
        ReportData {
            issuer_short: "Ban Chỉ đạo".into(),
            period_label: "tháng 11/2026".into(),
            previous_label: Some("tháng 10/2026".into()),
            as_of: d("2026-11-25"),
            figures: figures_now(),
            previous: Some(RoundFigures {
                by_status: vec![
                    (Status::CompletedOnTime, 60),
                    (Status::CompletedLate, 8),
                    (Status::InProgress, 30),
                    (Status::Overdue, 15),
                ],
                overdue_by_agency: Vec::new(),
                reports_due: 45,
                reports_on_time: 41,
            }),
            results: vec![
                note(
                    "Dữ liệu số",
                    "Sở Khoa học và Công nghệ",
                    "Hoàn thành kho dữ liệu dùng chung của tỉnh, kết nối 12 cơ sở dữ liệu chuyên ngành",
                ),
                note(
                    "Chính quyền số",
                    "Văn phòng UBND tỉnh",
                    "Tỷ lệ hồ sơ trực tuyến toàn trình đạt 62 %",
                ),
                note(
                    "Dữ liệu số",
                    "Sở Tài chính",
                    "Số hóa 85 % hồ sơ thủ tục hành chính còn hiệu lực",
                ),
            ],
            difficulties: vec![
                note(
                    "Hạ tầng số",
                    "UBND xã Cam Lâm",
                    "Hạ tầng mạng tại các thôn vùng lõm sóng chưa bảo đảm.",
                ),
                note(
                    "Hạ tầng số",
                    "UBND xã Khánh Sơn",
                    "hạ tầng mạng tại các thôn vùng lõm sóng chưa bảo đảm",
                ),
                note(
                    "Nhân lực",
                    "Sở Nội vụ",
                    "Thiếu cán bộ chuyên trách công nghệ thông tin",
                ),
            ],
            proposals: vec![
                note(
                    "Đề nghị UBND tỉnh",
                    "Sở Tài chính",
                    "Bố trí kinh phí chuyển đổi số năm 2027 cho cấp xã",
                ),
                note(
                    "Đề nghị các bộ, ngành Trung ương",
                    "Sở Khoa học và Công nghệ",
                    "Sớm ban hành danh mục cơ sở dữ liệu quốc gia dùng chung",
                ),
            ],
            next_steps: vec![
                "Hoàn thành kết nối cơ sở dữ liệu đất đai với Cổng Dịch vụ công".into(),
            ],
        }
    }

    pub(crate) fn row_of(i: usize) -> AppendixRow {
        let texts = [
            "Xây dựng kho dữ liệu dùng chung của tỉnh & kết nối <các> cơ sở dữ liệu chuyên ngành",
            "Bố trí kinh phí thực hiện các nhiệm vụ khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số năm 2026",
            "Rà soát, cắt giảm thủ tục hành chính và tái cấu trúc quy trình trên Cổng Dịch vụ công",
            "Báo cáo định kỳ kết quả thực hiện Nghị quyết số 57-NQ/TW",
        ];
        let statuses = [
            Status::CompletedOnTime,
            Status::Overdue,
            Status::InProgress,
            Status::CompletedLate,
        ];
        AppendixRow {
            group: if i < 2 {
                "Thông báo số 15-TB/BCĐ ngày 17/3/2026".into()
            } else {
                "Kế hoạch số 1489/KH-UBND ngày 02/4/2026".into()
            },
            task: texts[i % texts.len()].into(),
            lead: [
                "Sở Khoa học và Công nghệ",
                "Sở Tài chính",
                "Văn phòng UBND tỉnh",
                "Sở Nội vụ",
            ][i % 4]
                .into(),
            support: if i.is_multiple_of(2) {
                "Các sở, ban, ngành; UBND cấp xã".into()
            } else {
                String::new()
            },
            due: if i == 3 { None } else { Some(d("2026-10-31")) },
            due_words: if i == 3 {
                "Hằng tháng".into()
            } else {
                String::new()
            },
            result: if i.is_multiple_of(2) {
                "Đã hoàn thành, kết nối 12 cơ sở dữ liệu".into()
            } else {
                String::new()
            },
            status: statuses[i % 4],
        }
    }

    pub(crate) fn sample() -> ReportInput {
        let data = data();
        ReportInput {
            issuer_parent: "UBND tỉnh Khánh Hòa".into(),
            issuer: "Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số".into(),
            issuer_short: "Ban Chỉ đạo".into(),
            symbol: Some("BC-BCĐ".into()),
            place: "Khánh Hòa".into(),
            date: d("2026-11-27"),
            title: "Báo cáo tình hình thực hiện nhiệm vụ phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tháng 11/2026".into(),
            addressee: None,
            sections: draft_sections(&data),
            figures: Some(figures_table(&data)),
            recipients: vec![
                "Thường trực Tỉnh ủy (để b/c)".into(),
                "Trưởng ban, các Phó Trưởng ban".into(),
                "Các sở, ban, ngành; UBND các xã, phường".into(),
            ],
            archive: Some("VP".into()),
            signer_title: "KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN THƯỜNG TRỰC".into(),
            signer_name: Some("Nguyễn Văn B".into()),
            appendix: Some(Appendix {
                title: "Danh mục nhiệm vụ và tình hình thực hiện".into(),
                rows: (0..4).map(row_of).collect(),
                landscape: true,
            }),
        }
    }

    fn document(bytes: &[u8]) -> String {
        let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
            return String::new();
        };
        let mut s = String::new();
        if let Ok(mut f) = archive.by_name("word/document.xml") {
            let _ = f.read_to_string(&mut s);
        }
        s
    }

    /// Parses the whole document; an error names the byte position.
    fn well_formed(xml: &str) -> Result<usize, String> {
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut depth = 0usize;
        let mut elements = 0usize;
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Start(_)) => {
                    depth += 1;
                    elements += 1;
                }
                Ok(quick_xml::events::Event::End(_)) => depth = depth.saturating_sub(1),
                Ok(quick_xml::events::Event::Empty(_)) => elements += 1,
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => return Err(format!("at {}: {e}", reader.buffer_position())),
            }
        }
        if depth == 0 {
            Ok(elements)
        } else {
            Err(format!("{depth} elements left open"))
        }
    }

    /// The text of the document, one paragraph per line.
    pub(crate) fn paragraphs(xml: &str) -> Vec<String> {
        xml.split("</w:p>")
            .map(|p| {
                p.split("<w:t xml:space=\"preserve\">")
                    .skip(1)
                    .filter_map(|t| t.split("</w:t>").next())
                    .collect::<String>()
            })
            .filter(|p| !p.is_empty())
            .collect()
    }

    #[test]
    fn the_report_has_its_sections_figures_and_appendix() {
        let bytes = report_docx(&sample()).unwrap_or_default();
        let doc = document(&bytes);
        assert!(
            well_formed(&doc).is_ok_and(|n| n > 500),
            "{:?}",
            well_formed(&doc)
        );
        let ps = paragraphs(&doc);
        let has = |want: &str| ps.iter().any(|p| p == want);
        for want in [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Số:        /BC-BCĐ",
            "Khánh Hòa, ngày 27 tháng 11 năm 2026",
            "BÁO CÁO",
            "Tình hình thực hiện nhiệm vụ phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tháng 11/2026",
            "Ban Chỉ đạo báo cáo tình hình thực hiện các nhiệm vụ được giao tháng 11/2026 như sau:",
            "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ",
            "1. Tình hình chung",
            "2. Kết quả thực hiện theo lĩnh vực",
            "a) Dữ liệu số",
            "- Sở Khoa học và Công nghệ: Hoàn thành kho dữ liệu dùng chung của tỉnh, kết nối 12 cơ sở dữ liệu chuyên ngành.",
            "- Sở Tài chính: Số hóa 85 % hồ sơ thủ tục hành chính còn hiệu lực.",
            "b) Chính quyền số",
            "3. Nhiệm vụ quá hạn",
            "II. KHÓ KHĂN, VƯỚNG MẮC",
            "1. Hạ tầng số",
            "- Hạ tầng mạng tại các thôn vùng lõm sóng chưa bảo đảm (UBND xã Cam Lâm, UBND xã Khánh Sơn).",
            "III. ĐỀ XUẤT, KIẾN NGHỊ",
            "1. Đề nghị UBND tỉnh",
            "2. Đề nghị các bộ, ngành Trung ương",
            "IV. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI",
            "Trên đây là báo cáo tình hình thực hiện nhiệm vụ tháng 11/2026 của Ban Chỉ đạo./.",
            // The figures table.
            "Chỉ tiêu",
            "Tháng 11/2026",
            "Tháng 10/2026",
            "Tăng (+), giảm (−)",
            "Tổng số nhiệm vụ theo dõi",
            "120",
            "+7",
            "Quá hạn chưa hoàn thành",
            "−3",
            "76,1 %",
            "40/45",
            // Closing.
            "Nơi nhận:",
            "- Thường trực Tỉnh ủy (để b/c);",
            "- Lưu: VT, VP.",
            "KT. TRƯỞNG BAN",
            "PHÓ TRƯỞNG BAN THƯỜNG TRỰC",
            "Nguyễn Văn B",
            // The appendix.
            "Phụ lục",
            "DANH MỤC NHIỆM VỤ VÀ TÌNH HÌNH THỰC HIỆN",
            "(Kèm theo Báo cáo số        /BC-BCĐ ngày 27/11/2026 của Ban Chỉ đạo)",
            "STT",
            "Nhiệm vụ",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Thời hạn",
            "Kết quả",
            "Tình trạng",
            "Thông báo số 15-TB/BCĐ ngày 17/3/2026",
            "Kế hoạch số 1489/KH-UBND ngày 02/4/2026",
            "Xây dựng kho dữ liệu dùng chung của tỉnh &amp; kết nối &lt;các&gt; cơ sở dữ liệu chuyên ngành",
            "Hằng tháng",
            "Hoàn thành đúng hạn",
            "Quá hạn",
        ] {
            assert!(has(want), "{want:?} missing");
        }
        // The overdue agencies and the comparison are in the prose.
        assert!(
            ps.iter()
                .any(|p| p.contains("Sở Tài chính (5); Sở Y tế (4); UBND phường Nha Trang (3)"))
        );
        assert!(
            ps.iter()
                .any(|p| p.starts_with("So với tháng 10/2026: tổng số nhiệm vụ tăng 7"))
        );
        assert!(
            ps.iter()
                .any(|p| p.contains("tỷ lệ hoàn thành đúng hạn tăng 3,8 điểm phần trăm")),
            "{ps:#?}"
        );
        // Group rows come once each; data rows are numbered 1–4.
        assert_eq!(
            ps.iter()
                .filter(|p| p.starts_with("Thông báo số 15-TB/BCĐ"))
                .count(),
            1
        );
        for n in ["1", "2", "3", "4"] {
            assert!(has(n), "row {n}");
        }
        // Two sections: the report in portrait, the appendix in landscape.
        assert_eq!(doc.matches("<w:sectPr>").count(), 2);
        assert!(doc.contains("<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>"));
        assert_eq!(doc.matches("<w:gridSpan w:val=\"7\"/>").count(), 2);
        // The same input gives the same bytes.
        assert_eq!(report_docx(&sample()).ok(), Some(bytes));
    }

    #[test]
    fn without_appendix_or_previous_round() {
        let mut input = sample();
        input.appendix = None;
        if let Some(f) = input.figures.as_mut() {
            f.previous = None;
            f.previous_label = None;
        }
        input.signer_name = None;
        input.addressee = Some("Thường trực Tỉnh ủy".into());
        let doc = document(&report_docx(&input).unwrap_or_default());
        assert!(well_formed(&doc).is_ok());
        let ps = paragraphs(&doc);
        assert!(ps.iter().any(|p| p == "Kính gửi: Thường trực Tỉnh ủy"));
        assert!(ps.iter().any(|p| p == "(Ký, ghi rõ họ tên)"));
        assert!(!ps.iter().any(|p| p == "Tăng (+), giảm (−)"));
        assert!(!ps.iter().any(|p| p == "Phụ lục"));
        assert_eq!(doc.matches("<w:sectPr>").count(), 1);
        assert!(!doc.contains("landscape"));
    }

    #[test]
    fn edited_text_is_rendered_as_given_and_numbered() {
        let mut input = sample();
        input.sections = vec![
            Section {
                level: 1,
                heading: "II. Kết quả".into(),
                text: "Đoạn một.\n\n- Ý thứ nhất;\n+ Ý con.".into(),
                figures_table: false,
            },
            Section {
                level: 2,
                heading: "3. Chi tiết".into(),
                text: String::new(),
                figures_table: true,
            },
            Section {
                level: 3,
                heading: "Điểm thứ nhất".into(),
                text: "Nội dung \u{c} có ký tự lạ".into(),
                figures_table: false,
            },
            Section {
                level: 1,
                heading: "Kiến nghị".into(),
                text: String::new(),
                figures_table: false,
            },
            Section {
                level: 2,
                heading: "Mục mới".into(),
                text: String::new(),
                figures_table: false,
            },
        ];
        let doc = document(&report_docx(&input).unwrap_or_default());
        assert!(well_formed(&doc).is_ok());
        let ps = paragraphs(&doc);
        for want in [
            "I. KẾT QUẢ",
            "Đoạn một.",
            "- Ý thứ nhất;",
            "+ Ý con.",
            "1. Chi tiết",
            "a) Điểm thứ nhất",
            "Nội dung có ký tự lạ",
            "II. KIẾN NGHỊ",
            "1. Mục mới",
            "Chỉ tiêu",
        ] {
            assert!(ps.iter().any(|p| p == want), "{want:?} in {ps:#?}");
        }
    }

    #[test]
    fn drafting_groups_and_merges_points() {
        let sections = draft_sections(&data());
        let find = |h: &str| {
            sections
                .iter()
                .find(|s| s.heading == h)
                .map(|s| s.text.clone())
        };
        assert_eq!(
            find("Hạ tầng số").as_deref(),
            Some(
                "- Hạ tầng mạng tại các thôn vùng lõm sóng chưa bảo đảm (UBND xã Cam Lâm, UBND xã Khánh Sơn)."
            )
        );
        let overview = find("Tình hình chung").unwrap_or_default();
        assert!(overview.starts_with(
            "Tính đến ngày 25/11/2026, Ban Chỉ đạo theo dõi 120 nhiệm vụ: đã hoàn thành 80 nhiệm vụ \
             (đúng hạn 70, trễ hạn 10); đang thực hiện trong hạn 28 nhiệm vụ; quá hạn chưa hoàn thành 12 nhiệm vụ."
        ), "{overview}");
        assert!(
            overview.contains("Tỷ lệ hoàn thành đúng hạn trên số nhiệm vụ đã đến hạn đạt 76,1 %.")
        );
        assert!(
            overview
                .contains("Báo cáo định kỳ tháng 11/2026: 40/45 báo cáo nộp đúng hạn (88,9 %).")
        );
        assert!(
            overview.contains(
                "So với tháng 10/2026: tổng số nhiệm vụ tăng 7; số nhiệm vụ hoàn thành tăng 12; \
             số nhiệm vụ quá hạn giảm 3; tỷ lệ hoàn thành đúng hạn tăng 3,8 điểm phần trăm; \
             tỷ lệ báo cáo đúng hạn giảm 2,2 điểm phần trăm."
            ),
            "{overview}"
        );

        let mut empty = data();
        empty.difficulties.clear();
        empty.results.clear();
        empty.next_steps.clear();
        empty.previous = None;
        let sections = draft_sections(&empty);
        assert!(sections.iter().any(|s| s.heading == "Khó khăn, vướng mắc"
            && s.text == "Các cơ quan, đơn vị chưa báo cáo khó khăn, vướng mắc."));
        assert!(
            !sections
                .iter()
                .any(|s| s.heading == "Kết quả thực hiện theo lĩnh vực")
        );
        assert!(!sections.iter().any(|s| s.text.contains("So với")));
    }

    #[test]
    fn numbering_helpers() {
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(9), "IX");
        assert_eq!(roman(14), "XIV");
        assert_eq!(letter(1), "a");
        assert_eq!(letter(5), "đ");
        assert_eq!(letter(10), "k", "Vietnamese points skip f and j");
        assert_eq!(letter(24), "y");
        assert_eq!(letter(25), "aa");
        assert_eq!(strip_number("đ) Kết quả"), "Kết quả");
        assert_eq!(strip_number("II. Kết quả"), "Kết quả");
        assert_eq!(strip_number("2. Kết quả"), "Kết quả");
        assert_eq!(strip_number("b) Kết quả"), "Kết quả");
        assert_eq!(strip_number("Kết quả 2026"), "Kết quả 2026");
        assert_eq!(strip_number("Về dữ liệu"), "Về dữ liệu");
        assert_eq!(tenths(2, 3), Some(667));
        assert_eq!(tenths(1, 0), None);
    }

    /// Renders the sample through LibreOffice into PDF and PNG pages under
    /// /tmp/dondoc-report-render, and reads the PDF's text back. Skipped
    /// when LibreOffice is not installed (fails instead with
    /// DONDOC_REQUIRE_LIBREOFFICE=1).
    #[test]
    fn renders_through_libreoffice() {
        use std::process::Command;
        let soffice = ["soffice", "libreoffice"].into_iter().find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        });
        let Some(soffice) = soffice else {
            assert!(
                std::env::var("DONDOC_REQUIRE_LIBREOFFICE").as_deref() != Ok("1"),
                "libreoffice is required (DONDOC_REQUIRE_LIBREOFFICE=1) but not installed"
            );
            println!("SKIPPED: libreoffice not installed");
            return;
        };
        let dir = std::env::temp_dir().join("dondoc-report-render");
        let _ = std::fs::remove_dir_all(&dir);
        assert!(std::fs::create_dir_all(&dir).is_ok());
        let docx = dir.join("bao-cao.docx");
        let bytes = report_docx(&sample()).unwrap_or_default();
        assert!(std::fs::write(&docx, bytes).is_ok());
        let profile = format!(
            "-env:UserInstallation=file://{}",
            dir.join("profile").display()
        );
        let out = Command::new(soffice)
            .args([
                profile.as_str(),
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
            ])
            .arg(&dir)
            .arg(&docx)
            .output();
        let pdf = dir.join("bao-cao.pdf");
        assert!(pdf.exists(), "no PDF: {out:?}");

        let text = |args: &[&str]| {
            Command::new("pdftotext")
                .args(args)
                .arg(&pdf)
                .arg("-")
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
                .unwrap_or_default()
        };
        let all = text(&[]);
        let pages = all.matches('\u{c}').count();
        assert!((3..=6).contains(&pages), "{pages} pages");
        let flat = all.split_whitespace().collect::<Vec<_>>().join(" ");
        for want in [
            "BÁO CÁO",
            "Tình hình thực hiện nhiệm vụ phát triển khoa học, công nghệ",
            "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ",
            "Tổng số nhiệm vụ theo dõi",
            "Nơi nhận:",
            "DANH MỤC NHIỆM VỤ VÀ TÌNH HÌNH THỰC HIỆN",
            "STT Nhiệm vụ Cơ quan chủ trì",
            "Thời hạn Kết quả Tình trạng",
            "31/10/2026",
        ] {
            assert!(flat.contains(want), "{want:?} not in the PDF text:\n{all}");
        }
        // The first page carries no page number; the last page (the
        // appendix) is landscape.
        let first = text(&["-f", "1", "-l", "1"]);
        assert!(first.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
        let info = Command::new("pdfinfo")
            .args(["-f", &pages.to_string(), "-l", &pages.to_string()])
            .arg(&pdf)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default();
        assert!(
            info.contains("841.89 x 595."),
            "last page not landscape: {info}"
        );

        let png = Command::new("pdftoppm")
            .args(["-png", "-r", "70"])
            .arg(&pdf)
            .arg(dir.join("page"))
            .status();
        assert!(png.is_ok_and(|s| s.success()));
        println!(
            "rendered: {} ({pages} pages, PNG pages page-*.png)",
            pdf.display()
        );
    }
}
