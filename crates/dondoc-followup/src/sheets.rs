//! Spreadsheets (.xlsx) of the report and the scoring: the appendix table of
//! tasks, an agency's score explanation (one row per line), the ranking by
//! peer group, and the heads' KPI sheet. Vietnamese sheet names and headers,
//! Times New Roman, dates as dd/mm/yyyy date cells, points with two decimals
//! and rates as percentages; A4 landscape, one page wide, headers repeated.
//!
//! Points are written as numbers for sorting and sums in Excel; the exact
//! figure is the domain's (`Points`), whose hundredths the cells show.

#![deny(missing_docs)]

use chrono::{Datelike, NaiveDate};
use dondoc_domain::scoring::{AgencyScore, CriterionKey, ItemRef, Points, Scoring};
use rust_xlsxwriter::{
    ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::report::AppendixRow;
use crate::text::one_line;

/// Writing a workbook failed (in memory, this would be a bug, reported
/// rather than panicking).
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    /// The writer refused.
    #[error("could not write the .xlsx workbook: {0}")]
    Xlsx(#[from] XlsxError),
}

/// Sheet names (at most 31 characters, none of `[]:*?/\`).
pub const APPENDIX_SHEET: &str = "Phụ lục nhiệm vụ";
/// The score explanation sheet.
pub const EXPLANATION_SHEET: &str = "Giải trình điểm";
/// The ranking sheet.
pub const RANKING_SHEET: &str = "Xếp hạng";
/// The heads' KPI sheet.
pub const KPI_SHEET: &str = "KPI người đứng đầu";

const FONT: &str = "Times New Roman";

/// The formats every sheet uses.
struct Formats {
    title: Format,
    subtitle: Format,
    head: Format,
    text: Format,
    centre: Format,
    date: Format,
    points: Format,
    percent: Format,
    count: Format,
    group: Format,
    total: Format,
    total_points: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new().set_font_name(FONT).set_font_size(12);
        let cell = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Top)
            .set_text_wrap();
        Formats {
            title: base.clone().set_bold().set_font_size(14),
            subtitle: base.clone().set_italic(),
            head: base
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color("#DDE7F0")
                .set_border(FormatBorder::Thin),
            text: cell.clone(),
            centre: cell.clone().set_align(FormatAlign::Center),
            date: cell
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("dd/mm/yyyy"),
            points: cell.clone().set_num_format("0.00"),
            percent: cell.clone().set_num_format("0.00%"),
            count: cell
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("0"),
            group: cell.clone().set_bold().set_background_color("#F2F2F2"),
            total: cell.clone().set_bold(),
            total_points: cell.set_bold().set_num_format("0.00"),
        }
    }
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(
        u16::try_from(d.year()).unwrap_or(1900),
        d.month() as u8,
        d.day() as u8,
    )
}

/// A4 landscape, one page wide, the header row repeated on every page.
fn page_setup(sheet: &mut Worksheet, header_row: u32) -> Result<(), XlsxError> {
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(header_row, header_row)?;
    Ok(())
}

fn headers(sheet: &mut Worksheet, row: u32, names: &[&str], f: &Formats) -> Result<(), XlsxError> {
    for (c, h) in names.iter().enumerate() {
        sheet.write_with_format(row, c as u16, *h, &f.head)?;
    }
    Ok(())
}

fn widths(sheet: &mut Worksheet, widths: &[f64]) -> Result<(), XlsxError> {
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    Ok(())
}

/// Points as a cell value (hundredths shown by the "0.00" format).
fn points_value(p: Points) -> f64 {
    p.to_f64()
}

/// A rate in hundredths of a percent as a cell value for "0.00%".
fn rate_value(p: Points) -> f64 {
    p.hundredths() as f64 / 10_000.0
}

/// Writes a number, or an empty bordered cell when there is none.
fn number_or_blank(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<f64>,
    format: &Format,
    blank: &Format,
) -> Result<(), XlsxError> {
    match value {
        Some(v) => sheet.write_with_format(row, col, v, format)?,
        None => sheet.write_with_format(row, col, "", blank)?,
    };
    Ok(())
}

// --- The appendix --------------------------------------------------------

fn appendix_sheet(
    sheet: &mut Worksheet,
    title: &str,
    rows: &[AppendixRow],
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(APPENDIX_SHEET)?;
    sheet.write_with_format(0, 0, one_line(title).to_uppercase(), &f.title)?;
    const HEAD: u32 = 2;
    headers(
        sheet,
        HEAD,
        &[
            "STT",
            "Nhiệm vụ",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Thời hạn",
            "Kết quả",
            "Tình trạng",
        ],
        f,
    )?;
    let mut r = HEAD + 1;
    let mut group: Option<String> = None;
    for (i, row) in rows.iter().enumerate() {
        let g = one_line(&row.group);
        if !g.is_empty() && group.as_deref() != Some(g.as_str()) {
            sheet.merge_range(r, 0, r, 6, &g, &f.group)?;
            r += 1;
        }
        group = Some(g);
        sheet.write_with_format(r, 0, (i + 1) as f64, &f.count)?;
        sheet.write_with_format(r, 1, one_line(&row.task), &f.text)?;
        sheet.write_with_format(r, 2, one_line(&row.lead), &f.text)?;
        sheet.write_with_format(r, 3, one_line(&row.support), &f.text)?;
        match row.due {
            Some(d) => sheet.write_with_format(r, 4, &excel_date(d)?, &f.date)?,
            None => sheet.write_with_format(r, 4, one_line(&row.due_words), &f.centre)?,
        };
        sheet.write_with_format(r, 5, one_line(&row.result), &f.text)?;
        sheet.write_with_format(r, 6, row.status.label_vi(), &f.centre)?;
        r += 1;
    }
    widths(sheet, &[6.0, 60.0, 24.0, 24.0, 12.0, 36.0, 16.0])?;
    sheet.set_freeze_panes(HEAD + 1, 0)?;
    page_setup(sheet, HEAD)
}

/// The appendix table of tasks (the same columns as the report's).
pub fn appendix_xlsx(title: &str, rows: &[AppendixRow]) -> Result<Vec<u8>, SheetError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    appendix_sheet(wb.add_worksheet(), title, rows, &f)?;
    Ok(wb.save_to_buffer()?)
}

// --- Scoring -------------------------------------------------------------

/// "Bộ tiêu chí: … (phiên bản 2026.1)".
fn criteria_line(s: &Scoring) -> String {
    format!(
        "Bộ tiêu chí: {} (phiên bản {})",
        one_line(&s.criteria_name),
        one_line(&s.criteria_version)
    )
}

fn criterion_label(a: &AgencyScore, k: Option<CriterionKey>) -> String {
    match k {
        Some(k) => a
            .by_criterion
            .iter()
            .find(|c| c.criterion == k)
            .map(|c| c.label.clone())
            .unwrap_or_default(),
        None => String::new(),
    }
}

/// "Điểm: 77,00/100,00 — Hoàn thành tốt nhiệm vụ — xếp hạng 2/15 trong nhóm …".
fn summary_line(s: &Scoring, a: &AgencyScore) -> String {
    let Some(score) = a.score else {
        return a
            .note
            .clone()
            .unwrap_or_else(|| "Không có nhiệm vụ đến hạn".to_string());
    };
    let mut out = format!("Điểm: {}/{}", score.vi(), s.total.vi());
    if let Some(b) = &a.band {
        out.push_str(&format!(" — {}", b.label));
    }
    if let Some(rank) = a.rank {
        let ranked = s
            .agencies
            .iter()
            .filter(|o| o.group == a.group && o.score.is_some())
            .count();
        let tie = if a.tied { " (đồng hạng)" } else { "" };
        out.push_str(&format!(
            " — xếp hạng {rank}/{ranked}{tie} trong nhóm {}",
            a.group.label_vi()
        ));
    }
    out
}

/// One agency's explanation, from `row` on; returns the next free row.
fn explanation_rows(
    sheet: &mut Worksheet,
    mut row: u32,
    s: &Scoring,
    a: &AgencyScore,
    f: &Formats,
    numbered_from: usize,
) -> Result<(u32, usize), XlsxError> {
    let mut n = numbered_from;
    for item in &a.items {
        let (kind, id) = match item.item {
            ItemRef::Task(id) => ("Nhiệm vụ", id),
            ItemRef::Report(id) => ("Báo cáo", id),
        };
        for line in &item.lines {
            n += 1;
            sheet.write_with_format(row, 0, n as f64, &f.count)?;
            sheet.write_with_format(row, 1, &a.name, &f.text)?;
            sheet.write_with_format(row, 2, kind, &f.centre)?;
            sheet.write_with_format(row, 3, id as f64, &f.count)?;
            sheet.write_with_format(row, 4, one_line(&item.title), &f.text)?;
            sheet.write_with_format(row, 5, &excel_date(item.judged_due)?, &f.date)?;
            sheet.write_with_format(row, 6, criterion_label(a, line.criterion), &f.centre)?;
            sheet.write_with_format(row, 7, points_value(line.points), &f.points)?;
            sheet.write_with_format(row, 8, &line.text, &f.text)?;
            row += 1;
        }
    }
    // The totals: per criterion, then the score.
    for c in &a.by_criterion {
        sheet.merge_range(
            row,
            0,
            row,
            6,
            &format!("Cộng {} (tối đa {})", c.label.to_lowercase(), c.max.vi()),
            &f.total,
        )?;
        sheet.write_with_format(row, 7, points_value(c.earned), &f.total_points)?;
        sheet.write_with_format(row, 8, "", &f.total)?;
        row += 1;
    }
    sheet.merge_range(row, 0, row, 6, &format!("Tổng điểm — {}", a.name), &f.total)?;
    number_or_blank(
        sheet,
        row,
        7,
        a.score.map(points_value),
        &f.total_points,
        &f.total,
    )?;
    sheet.write_with_format(row, 8, summary_line(s, a), &f.total)?;
    Ok((row + 1, n))
}

const EXPLANATION_HEAD: [&str; 9] = [
    "STT",
    "Cơ quan, đơn vị",
    "Loại",
    "Mã",
    "Nhiệm vụ / báo cáo",
    "Hạn xét",
    "Tiêu chí",
    "Điểm",
    "Giải trình",
];

fn explanation_sheet(
    sheet: &mut Worksheet,
    s: &Scoring,
    agencies: &[&AgencyScore],
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(EXPLANATION_SHEET)?;
    sheet.write_with_format(
        0,
        0,
        "GIẢI TRÌNH ĐIỂM ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NHIỆM VỤ",
        &f.title,
    )?;
    let who = match agencies {
        [one] => format!("Cơ quan, đơn vị: {} — ", one.name),
        _ => String::new(),
    };
    sheet.write_with_format(
        1,
        0,
        format!("{who}Kỳ đánh giá: {}", s.period.label_vi()),
        &f.subtitle,
    )?;
    sheet.write_with_format(2, 0, criteria_line(s), &f.subtitle)?;
    let mut head = 4;
    if let [one] = agencies {
        sheet.write_with_format(3, 0, summary_line(s, one), &f.subtitle)?;
        head = 5;
    }
    headers(sheet, head, &EXPLANATION_HEAD, f)?;
    let mut row = head + 1;
    let mut n = 0;
    for a in agencies {
        (row, n) = explanation_rows(sheet, row, s, a, f, n)?;
    }
    widths(sheet, &[6.0, 26.0, 10.0, 8.0, 44.0, 12.0, 12.0, 9.0, 70.0])?;
    sheet.set_freeze_panes(head + 1, 0)?;
    page_setup(sheet, head)
}

/// One agency's score explanation: one row per line, then the totals.
pub fn explanation_xlsx(scoring: &Scoring, agency: &AgencyScore) -> Result<Vec<u8>, SheetError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    explanation_sheet(wb.add_worksheet(), scoring, &[agency], &f)?;
    Ok(wb.save_to_buffer()?)
}

const RANKING_HEAD: [&str; 9] = [
    "Hạng",
    "Cơ quan, đơn vị",
    "Điểm",
    "Xếp loại",
    "Nhiệm vụ đến hạn",
    "Đã hoàn thành",
    "Đúng hạn",
    "Báo cáo đúng hạn",
    "Ghi chú",
];

fn ranking_sheet(sheet: &mut Worksheet, s: &Scoring, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(RANKING_SHEET)?;
    sheet.write_with_format(
        0,
        0,
        format!(
            "XẾP HẠNG KẾT QUẢ THỰC HIỆN NHIỆM VỤ {}",
            s.period.label_vi().to_uppercase()
        ),
        &f.title,
    )?;
    sheet.write_with_format(1, 0, criteria_line(s), &f.subtitle)?;
    const HEAD: u32 = 3;
    headers(sheet, HEAD, &RANKING_HEAD, f)?;
    let mut row = HEAD + 1;
    for g in &s.rankings {
        sheet.merge_range(row, 0, row, 8, g.group.label_vi(), &f.group)?;
        row += 1;
        for e in &g.entries {
            let figures = s.agency(e.agency_id).map(|a| a.figures).unwrap_or_default();
            let note = match (e.rank, e.tied) {
                (Some(_), true) => "Đồng hạng".to_string(),
                (Some(_), false) => String::new(),
                (None, _) => s
                    .agency(e.agency_id)
                    .and_then(|a| a.note.clone())
                    .unwrap_or_else(|| "Không có nhiệm vụ đến hạn".into()),
            };
            number_or_blank(sheet, row, 0, e.rank.map(f64::from), &f.count, &f.centre)?;
            sheet.write_with_format(row, 1, &e.name, &f.text)?;
            number_or_blank(sheet, row, 2, e.score.map(points_value), &f.points, &f.text)?;
            sheet.write_with_format(
                row,
                3,
                e.band.as_ref().map(|b| b.label.as_str()).unwrap_or(""),
                &f.text,
            )?;
            sheet.write_with_format(row, 4, f64::from(figures.assigned), &f.count)?;
            sheet.write_with_format(row, 5, f64::from(figures.completed), &f.count)?;
            sheet.write_with_format(row, 6, f64::from(figures.on_time), &f.count)?;
            sheet.write_with_format(
                row,
                7,
                format!("{}/{}", figures.reports_on_time, figures.reports_due),
                &f.centre,
            )?;
            sheet.write_with_format(row, 8, note, &f.text)?;
            row += 1;
        }
    }
    widths(sheet, &[7.0, 40.0, 9.0, 28.0, 11.0, 11.0, 10.0, 11.0, 40.0])?;
    sheet.set_freeze_panes(HEAD + 1, 0)?;
    page_setup(sheet, HEAD)
}

/// The ranking, one block per peer group.
pub fn ranking_xlsx(scoring: &Scoring) -> Result<Vec<u8>, SheetError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    ranking_sheet(wb.add_worksheet(), scoring, &f)?;
    Ok(wb.save_to_buffer()?)
}

const KPI_HEAD: [&str; 15] = [
    "STT",
    "Cơ quan, đơn vị",
    "Nhóm",
    "Số nhiệm vụ được giao (kế hoạch)",
    "Đã hoàn thành",
    "Đúng hạn",
    "Trễ hạn",
    "Chưa hoàn thành",
    "Đạt chất lượng (không bị trả lại)",
    "Tỷ lệ hoàn thành",
    "Tỷ lệ đúng hạn",
    "Báo cáo định kỳ đúng hạn / phải nộp",
    "Điểm",
    "Xếp loại",
    "Xếp hạng trong nhóm",
];

fn kpi_sheet(sheet: &mut Worksheet, s: &Scoring, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(KPI_SHEET)?;
    sheet.write_with_format(
        0,
        0,
        format!(
            "KẾT QUẢ THỰC HIỆN NHIỆM VỤ (KPI NGƯỜI ĐỨNG ĐẦU) {}",
            s.period.label_vi().to_uppercase()
        ),
        &f.title,
    )?;
    sheet.write_with_format(1, 0, criteria_line(s), &f.subtitle)?;
    const HEAD: u32 = 3;
    headers(sheet, HEAD, &KPI_HEAD, f)?;
    sheet.set_row_height(HEAD, 48)?;
    for (i, k) in s.head_kpis().iter().enumerate() {
        let r = HEAD + 1 + i as u32;
        let fig = &k.figures;
        sheet.write_with_format(r, 0, (i + 1) as f64, &f.count)?;
        sheet.write_with_format(r, 1, &k.agency, &f.text)?;
        sheet.write_with_format(r, 2, k.group.label_vi(), &f.text)?;
        for (c, v) in [
            (3u16, fig.assigned),
            (4, fig.completed),
            (5, fig.on_time),
            (6, fig.late),
            (7, fig.not_completed),
            (8, fig.accepted_first_time),
        ] {
            sheet.write_with_format(r, c, f64::from(v), &f.count)?;
        }
        number_or_blank(
            sheet,
            r,
            9,
            fig.completed_percent().map(rate_value),
            &f.percent,
            &f.text,
        )?;
        number_or_blank(
            sheet,
            r,
            10,
            fig.on_time_percent().map(rate_value),
            &f.percent,
            &f.text,
        )?;
        sheet.write_with_format(
            r,
            11,
            format!("{}/{}", fig.reports_on_time, fig.reports_due),
            &f.centre,
        )?;
        number_or_blank(sheet, r, 12, k.score.map(points_value), &f.points, &f.text)?;
        let band = match (&k.band, k.score) {
            (Some(b), _) => b.label.clone(),
            (None, None) => "Không có nhiệm vụ đến hạn".into(),
            (None, Some(_)) => String::new(),
        };
        sheet.write_with_format(r, 13, band, &f.text)?;
        let rank = k
            .rank
            .map(|r| format!("{r}/{}", k.ranked_in_group))
            .unwrap_or_default();
        sheet.write_with_format(r, 14, rank, &f.centre)?;
    }
    widths(
        sheet,
        &[
            6.0, 36.0, 22.0, 12.0, 10.0, 9.0, 9.0, 11.0, 12.0, 11.0, 10.0, 12.0, 8.0, 26.0, 10.0,
        ],
    )?;
    sheet.set_freeze_panes(HEAD + 1, 2)?;
    page_setup(sheet, HEAD)
}

/// The heads' KPI sheet: one row per agency.
pub fn kpi_xlsx(scoring: &Scoring) -> Result<Vec<u8>, SheetError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    kpi_sheet(wb.add_worksheet(), scoring, &f)?;
    Ok(wb.save_to_buffer()?)
}

/// The whole period in one workbook: the ranking, the KPI sheet and every
/// agency's explanation.
pub fn scoring_xlsx(scoring: &Scoring) -> Result<Vec<u8>, SheetError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    ranking_sheet(wb.add_worksheet(), scoring, &f)?;
    kpi_sheet(wb.add_worksheet(), scoring, &f)?;
    let all: Vec<&AgencyScore> = scoring.agencies.iter().collect();
    explanation_sheet(wb.add_worksheet(), scoring, &all, &f)?;
    Ok(wb.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};
    use dondoc_domain::scoring::{
        AgencyFacts, Criteria, PeerGroup, Period, ReportFacts, ScoringInput, TaskFacts, score,
    };
    use std::io::Cursor;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn open(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
        calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"))
    }

    fn range(wb: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> calamine::Range<Data> {
        wb.worksheet_range(name)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    fn text(r: &calamine::Range<Data>, row: u32, col: u32) -> String {
        match r.get_value((row, col)) {
            Some(Data::String(s)) => s.clone(),
            Some(Data::Float(f)) => format!("{f}"),
            Some(Data::Int(i)) => i.to_string(),
            Some(Data::DateTime(dt)) => dt
                .as_datetime()
                .map(|t| t.format("%d/%m/%Y").to_string())
                .unwrap_or_default(),
            Some(Data::Empty) | None => String::new(),
            Some(other) => format!("{other:?}"),
        }
    }

    fn column(r: &calamine::Range<Data>, col: u32) -> Vec<String> {
        (0..r.height() as u32)
            .map(|row| text(r, row, col))
            .collect()
    }

    fn task(id: i64, due: &str, done: &str) -> TaskFacts {
        TaskFacts {
            task_id: id,
            text: format!("Nhiệm vụ số {id}"),
            due: d(due),
            original_due: d(due),
            extension_objective: false,
            completed_on: (!done.is_empty()).then(|| d(done)),
            send_backs: 0,
            withdrawn: false,
        }
    }

    fn scoring() -> Scoring {
        let agency = |id, name: &str, group, tasks| AgencyFacts {
            agency_id: id,
            name: name.into(),
            group,
            tasks,
            reports: Vec::new(),
        };
        let mut kh = agency(
            1,
            "Sở Khoa học và Công nghệ",
            PeerGroup::Provincial,
            vec![
                task(11, "2026-04-30", "2026-04-28"),
                task(12, "2026-04-20", "2026-04-25"),
            ],
        );
        kh.reports = vec![ReportFacts {
            round_id: 90,
            title: "Báo cáo tháng 4/2026".into(),
            due: d("2026-04-25"),
            submitted_on: Some(d("2026-04-27")),
            returns: 0,
        }];
        score(
            &Criteria::default_set(),
            &ScoringInput {
                period: Period::month(2026, 4).unwrap_or_else(|| panic!("period")),
                agencies: vec![
                    kh,
                    agency(
                        2,
                        "Sở Tài chính",
                        PeerGroup::Provincial,
                        vec![task(21, "2026-04-10", "2026-04-10")],
                    ),
                    agency(
                        3,
                        "Xã Cam Lâm",
                        PeerGroup::Commune,
                        vec![task(31, "2026-04-10", "")],
                    ),
                    agency(4, "Sở Du lịch", PeerGroup::Provincial, vec![]),
                ],
            },
        )
    }

    #[test]
    fn the_appendix_sheet_reads_back() {
        let rows: Vec<AppendixRow> = (0..4).map(crate::report::tests::row_of).collect();
        let bytes = appendix_xlsx("Danh mục nhiệm vụ tháng 11/2026", &rows).unwrap_or_default();
        let mut wb = open(bytes);
        assert_eq!(wb.sheet_names(), [APPENDIX_SHEET]);
        let r = range(&mut wb, APPENDIX_SHEET);
        assert_eq!(text(&r, 0, 0), "DANH MỤC NHIỆM VỤ THÁNG 11/2026");
        let head: Vec<String> = (0..7).map(|c| text(&r, 2, c)).collect();
        assert_eq!(
            head,
            [
                "STT",
                "Nhiệm vụ",
                "Cơ quan chủ trì",
                "Cơ quan phối hợp",
                "Thời hạn",
                "Kết quả",
                "Tình trạng"
            ]
        );
        assert_eq!(text(&r, 3, 0), "Thông báo số 15-TB/BCĐ ngày 17/3/2026");
        assert_eq!(text(&r, 4, 0), "1");
        assert_eq!(
            text(&r, 4, 1),
            "Xây dựng kho dữ liệu dùng chung của tỉnh & kết nối <các> cơ sở dữ liệu chuyên ngành"
        );
        // A real date cell, shown as dd/mm/yyyy.
        assert!(matches!(r.get_value((4, 4)), Some(Data::DateTime(_))));
        assert_eq!(text(&r, 4, 4), "31/10/2026");
        assert_eq!(text(&r, 4, 6), "Hoàn thành đúng hạn");
        assert_eq!(text(&r, 6, 0), "Kế hoạch số 1489/KH-UBND ngày 02/4/2026");
        assert_eq!(text(&r, 8, 4), "Hằng tháng");
        assert_eq!(text(&r, 8, 0), "4");
    }

    #[test]
    fn an_agencys_explanation_has_one_row_per_line() {
        let s = scoring();
        let a = s.agency(1).unwrap_or_else(|| panic!("agency"));
        let mut wb = open(explanation_xlsx(&s, a).unwrap_or_default());
        assert_eq!(wb.sheet_names(), [EXPLANATION_SHEET]);
        let r = range(&mut wb, EXPLANATION_SHEET);
        assert_eq!(
            text(&r, 1, 0),
            "Cơ quan, đơn vị: Sở Khoa học và Công nghệ — Kỳ đánh giá: tháng 4/2026"
        );
        assert!(text(&r, 2, 0).contains("phiên bản 2026.1"));
        // Three items of 13,34/13,33/13,33, 10, 10: the late report is lost,
        // the late task loses 2,50.
        assert_eq!(a.score, Some(Points::from_hundredths(6667 - 250)));
        assert!(
            text(&r, 3, 0).starts_with("Điểm: 64,17/100,00 — Hoàn thành nhiệm vụ — xếp hạng 2/2"),
            "{}",
            text(&r, 3, 0)
        );
        let head: Vec<String> = (0..9).map(|c| text(&r, 5, c)).collect();
        assert_eq!(head, EXPLANATION_HEAD);
        let lines: Vec<_> = a.lines().collect();
        let explained = column(&r, 8);
        for line in &lines {
            assert!(explained.contains(&line.text), "{:?}", line.text);
        }
        // One row per line, numbered, then three criterion rows and the total.
        assert_eq!(
            text(&r, 6 + lines.len() as u32 - 1, 0),
            lines.len().to_string()
        );
        let total_row = 6 + lines.len() as u32 + 3;
        assert!(text(&r, total_row, 0).starts_with("Tổng điểm"));
        assert_eq!(text(&r, total_row, 7), "64.17");
        // The points column adds up to the score.
        let sum: f64 = (6..6 + lines.len() as u32)
            .filter_map(|row| match r.get_value((row, 7)) {
                Some(Data::Float(f)) => Some(*f),
                _ => None,
            })
            .sum();
        assert!((sum - 64.17).abs() < 1e-9, "{sum}");
        assert!(column(&r, 2).contains(&"Báo cáo".to_string()));
        assert!(column(&r, 3).contains(&"90".to_string()));
    }

    #[test]
    fn the_ranking_and_kpi_sheets_read_back() {
        let s = scoring();
        let mut wb = open(ranking_xlsx(&s).unwrap_or_default());
        let r = range(&mut wb, RANKING_SHEET);
        assert_eq!(
            text(&r, 0, 0),
            "XẾP HẠNG KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG 4/2026"
        );
        let head: Vec<String> = (0..9).map(|c| text(&r, 3, c)).collect();
        assert_eq!(head, RANKING_HEAD);
        let names = column(&r, 1);
        let firsts = column(&r, 0);
        // Provincial block: Tài chính 100, KH&CN 64,17, Du lịch unranked;
        // then the communes.
        assert_eq!(
            firsts.get(4).map(String::as_str),
            Some("Sở, ban, ngành và cơ quan cấp tỉnh")
        );
        assert_eq!(
            &names[5..8],
            ["Sở Tài chính", "Sở Khoa học và Công nghệ", "Sở Du lịch"]
        );
        assert_eq!(&firsts[5..8], ["1", "2", ""]);
        assert_eq!(text(&r, 5, 2), "100");
        assert_eq!(
            text(&r, 7, 8),
            "Không có nhiệm vụ đến hạn trong tháng 4/2026: không xếp hạng"
        );
        assert_eq!(
            firsts.get(8).map(String::as_str),
            Some("Xã, phường, đặc khu")
        );
        assert_eq!(names.get(9).map(String::as_str), Some("Xã Cam Lâm"));

        let mut wb = open(kpi_xlsx(&s).unwrap_or_default());
        let r = range(&mut wb, KPI_SHEET);
        let head: Vec<String> = (0..15).map(|c| text(&r, 3, c)).collect();
        assert_eq!(head, KPI_HEAD);
        // Agencies by group then name: Du lịch, KH&CN, Tài chính, Cam Lâm.
        assert_eq!(text(&r, 5, 1), "Sở Khoa học và Công nghệ");
        let row: Vec<String> = (3..15).map(|c| text(&r, 5, c)).collect();
        assert_eq!(
            row,
            [
                "2",
                "2",
                "1",
                "1",
                "0",
                "2",
                "1",
                "0.5",
                "0/1",
                "64.17",
                "Hoàn thành nhiệm vụ",
                "2/2"
            ]
        );
        assert_eq!(text(&r, 4, 13), "Không có nhiệm vụ đến hạn");

        let mut wb = open(scoring_xlsx(&s).unwrap_or_default());
        assert_eq!(
            wb.sheet_names(),
            [RANKING_SHEET, KPI_SHEET, EXPLANATION_SHEET]
        );
        let r = range(&mut wb, EXPLANATION_SHEET);
        let agencies = column(&r, 1);
        for name in ["Sở Tài chính", "Sở Khoa học và Công nghệ", "Xã Cam Lâm"] {
            assert!(agencies.iter().any(|a| a == name), "{name}");
        }
    }
}
