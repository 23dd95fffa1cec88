//! The current task list as a spreadsheet (.xlsx) or CSV: the same query and
//! the same access rule as the page, up to `MAX_LIST` rows.

use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::tasks::ListQuery;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use dondoc_store::{MAX_LIST, TaskRow};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatBorder, Workbook};

const HEADERS: [&str; 8] = [
    "Mã",
    "Nhiệm vụ",
    "Văn bản giao",
    "Cơ quan chủ trì",
    "Thời hạn",
    "Thời hạn ban đầu",
    "Tình trạng",
    "Lĩnh vực",
];

async fn rows(state: &AppState, v: &Viewer, q: &ListQuery) -> AppResult<Vec<TaskRow>> {
    let mut f = q.filter(v, state.settings.scope)?;
    f.limit = MAX_LIST;
    f.offset = 0;
    Ok(state.store.tasks(&f, state.today(), state.soon()).await?)
}

fn file_name(ext: &str, state: &AppState) -> String {
    format!("attachment; filename=\"nhiem-vu-{}.{ext}\"", state.today())
}

fn areas(t: &TaskRow) -> String {
    t.areas
        .iter()
        .map(|a| a.label_vi())
        .collect::<Vec<_>>()
        .join(", ")
}

pub async fn csv(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let list = rows(&state, &v, &q).await?;
    // A byte-order mark, so that Excel opens the UTF-8 file with its diacritics.
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let err = |e: csv::Error| AppError::Internal(format!("CSV: {e}"));
        w.write_record(HEADERS).map_err(err)?;
        for t in &list {
            w.write_record([
                t.id.to_string(),
                csv_cell(&t.text),
                csv_cell(t.directive_number.as_deref().unwrap_or_default()),
                csv_cell(&t.lead.join("; ")),
                crate::fmt::date(t.due),
                crate::fmt::date(t.due_original),
                t.status.label_vi().to_owned(),
                csv_cell(&areas(t)),
            ])
            .map_err(err)?;
        }
        w.flush()
            .map_err(|e| AppError::Internal(format!("CSV: {e}")))?;
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, file_name("csv", &state)),
        ],
        out,
    )
        .into_response())
}

pub async fn xlsx(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let list = rows(&state, &v, &q).await?;
    let today = state.today();
    let bytes = tokio::task::spawn_blocking(move || workbook(&list, today))
        .await
        .map_err(|e| AppError::Internal(format!("xlsx: {e}")))?
        .map_err(|e| AppError::Internal(format!("xlsx: {e}")))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (header::CONTENT_DISPOSITION, file_name("xlsx", &state)),
        ],
        bytes,
    )
        .into_response())
}

fn excel_date(d: chrono::NaiveDate) -> Result<ExcelDateTime, rust_xlsxwriter::XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

fn workbook(
    list: &[TaskRow],
    today: chrono::NaiveDate,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name("Nhiệm vụ")?;
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("#DDE7F0")
        .set_border(FormatBorder::Thin);
    let wrap = Format::new().set_text_wrap().set_border(FormatBorder::Thin);
    let day = Format::new()
        .set_num_format("dd/mm/yyyy")
        .set_border(FormatBorder::Thin);
    let title = Format::new().set_bold().set_font_size(14);
    sheet.write_with_format(
        0,
        0,
        format!(
            "DANH SÁCH NHIỆM VỤ (số liệu ngày {})",
            today.format("%d/%m/%Y")
        ),
        &title,
    )?;
    for (c, h) in HEADERS.iter().enumerate() {
        sheet.write_with_format(2, c as u16, *h, &head)?;
    }
    for (i, t) in list.iter().enumerate() {
        let r = 3 + i as u32;
        sheet.write_with_format(r, 0, t.id as f64, &wrap)?;
        sheet.write_with_format(r, 1, &t.text, &wrap)?;
        sheet.write_with_format(r, 2, t.directive_number.as_deref().unwrap_or(""), &wrap)?;
        sheet.write_with_format(r, 3, t.lead.join("; "), &wrap)?;
        for (c, d) in [(4u16, t.due), (5, t.due_original)] {
            match d {
                Some(d) => sheet.write_with_format(r, c, &excel_date(d)?, &day)?,
                None => sheet.write_with_format(r, c, "", &wrap)?,
            };
        }
        sheet.write_with_format(r, 6, t.status.label_vi(), &wrap)?;
        sheet.write_with_format(r, 7, areas(t), &wrap)?;
    }
    for (c, w) in [6.0, 70.0, 18.0, 28.0, 12.0, 12.0, 16.0, 22.0]
        .iter()
        .enumerate()
    {
        sheet.set_column_width(c as u16, *w)?;
    }
    sheet.set_freeze_panes(3, 0)?;
    if !list.is_empty() {
        sheet.autofilter(2, 0, 2 + list.len() as u32, 7)?;
    }
    wb.save_to_buffer()
}

/// A text cell a spreadsheet will not run: one starting like a formula
/// (`= + - @`, or a tab or return before one) gets a leading apostrophe,
/// which spreadsheets show as text (OWASP's advice on CSV injection).
pub fn csv_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cells_that_look_like_formulas_are_quoted() {
        assert_eq!(super::csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(super::csv_cell("+1"), "'+1");
        assert_eq!(super::csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(super::csv_cell("-2+3"), "'-2+3");
        assert_eq!(super::csv_cell("Sở Y tế"), "Sở Y tế");
    }
}
