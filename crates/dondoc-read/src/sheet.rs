//! The finance department's workbooks: a disbursement workbook (projects,
//! their allocation, monthly plan and monthly disbursement) and an
//! indicator-values workbook, read from `.xlsx` with calamine into the
//! domain's types.
//!
//! Sheets are written by people, so the reader looks for its columns: the
//! header row is the first of the first 15 rows of a sheet that names the
//! columns it needs (found by folding case and diacritics: "Mã dự án",
//! "Tên dự án/nhiệm vụ", "Chủ đầu tư / Đơn vị thực hiện", "Nguồn vốn",
//! "Kế hoạch vốn năm 2026", "Kế hoạch giải ngân tháng 1" … or "T1" … under
//! a "Kế hoạch giải ngân" heading, "Giải ngân tháng 1" …). Title rows above
//! it (merged or not) give the unit ("(triệu đồng)", "ĐVT: triệu đồng"),
//! the year and the capital source when the columns do not. Total rows
//! ("Tổng cộng", "Cộng"), section headings ("I. Vốn đầu tư công") and blank
//! rows are skipped.
//!
//! Every cell that cannot be read becomes a [`CellError`] naming the sheet,
//! the row and the column as Excel shows them ("Sheet 'Giải ngân', dòng 14,
//! cột F (Kế hoạch vốn): 'abc' không phải số tiền"); all of them are
//! collected for the import preview, and a row with an error is not
//! returned. The result is deterministic: sheets in workbook order, rows in
//! sheet order, and each row keyed by (project code, year) so that the store
//! can make a second import of the same file change nothing.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use dondoc_domain::disbursement::{CapitalSource, Monthly, Programme, Project};
use dondoc_domain::indicator::{Evidence, Figure, Period};
use dondoc_domain::money::{Dong, MoneyError, MoneyUnit};

use crate::MAX_INPUT_BYTES;

/// How many rows from the top may hold the header row.
pub const HEADER_SEARCH_ROWS: usize = 15;
/// The most errors one import reports; past it, a note says how many more.
pub const MAX_ERRORS: usize = 1_000;
/// Rows and columns past these are not read (a note says so): a finance
/// sheet has hundreds of rows and a few dozen columns.
pub const MAX_ROWS: u32 = 100_000;
/// See [`MAX_ROWS`].
pub const MAX_COLS: u32 = 256;
/// The most non-empty cells read from one sheet.
pub const MAX_CELLS: usize = 1_000_000;
/// The most a workbook's parts may unpack to, by their declared sizes.
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;

/// Why a workbook could not be read at all (cell-level problems are
/// [`CellError`]s instead). Messages in Vietnamese.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    /// Not an .xlsx file.
    #[error("tệp không phải bảng tính Excel .xlsx (hoặc tệp bị hỏng): {0}")]
    NotXlsx(String),
    /// Over the size limit.
    #[error("tệp lớn hơn giới hạn {} MB", MAX_INPUT_BYTES / (1024 * 1024))]
    TooLarge,
    /// The workbook unpacks to more than [`MAX_UNPACKED_BYTES`].
    #[error(
        "bảng tính giải nén vượt quá giới hạn {} MB (nghi là tệp nén độc hại)",
        MAX_UNPACKED_BYTES / (1024 * 1024)
    )]
    UnpacksTooLarge,
    /// No sheet has the columns needed.
    #[error(
        "không tìm thấy dòng tiêu đề trong {HEADER_SEARCH_ROWS} dòng đầu của sheet nào: cần các cột {0}"
    )]
    NoHeader(&'static str),
}

/// A cell (or a row) that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    /// The sheet's name.
    pub sheet: String,
    /// The row number as Excel shows it (1 = first row).
    pub row: u32,
    /// The column's letters ("F"), when one cell is at fault.
    pub column: Option<String>,
    /// The column's header, shortened ("Kế hoạch vốn năm 2026").
    pub header: Option<String>,
    /// What is wrong, in Vietnamese: "'abc' không phải số tiền".
    pub message: String,
}

/// "Sheet 'Giải ngân', dòng 14, cột F (Kế hoạch vốn): 'abc' không phải số tiền".
impl fmt::Display for CellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sheet '{}', dòng {}", self.sheet, self.row)?;
        match (&self.column, &self.header) {
            (Some(c), Some(h)) => write!(f, ", cột {c} ({h})")?,
            (Some(c), None) => write!(f, ", cột {c}")?,
            _ => {}
        }
        write!(f, ": {}", self.message)
    }
}

/// What the caller knows when the workbook does not say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SheetOptions {
    /// The budget year, when neither a column, the allocation's header nor
    /// the title names it.
    pub year: Option<i32>,
    /// The unit of amounts, when no header or title names one (otherwise
    /// đồng, with a note).
    pub unit: Option<MoneyUnit>,
}

/// One project's row of a disbursement workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisbursementRow {
    /// The sheet it is on.
    pub sheet: String,
    /// Its row number as Excel shows it.
    pub row: u32,
    /// Mã dự án / nhiệm vụ.
    pub code: String,
    /// Tên dự án / nhiệm vụ.
    pub name: String,
    /// Chủ đầu tư / đơn vị thực hiện, as written (the store resolves it to
    /// an agency).
    pub owner: String,
    /// Nguồn vốn.
    pub source: CapitalSource,
    /// Lĩnh vực, when a column or a section heading says.
    pub programme: Option<Programme>,
    /// The budget year.
    pub year: i32,
    /// Kế hoạch vốn giao.
    pub allocation: Dong,
    /// The monthly plan (per month; running totals in the sheet are
    /// converted).
    pub plan: Monthly,
    /// The monthly disbursement (per month).
    pub actual: Monthly,
}

impl DisbursementRow {
    /// The key the store upserts by: (project code, year).
    pub fn key(&self) -> (String, i32) {
        (self.code.clone(), self.year)
    }

    /// The domain's project, once the store has resolved the owner to an
    /// agency id. A row without a programme is [`Programme::Other`].
    pub fn into_project(self, agency_id: impl Into<String>) -> Project {
        Project {
            code: self.code,
            name: self.name,
            agency: agency_id.into(),
            source: self.source,
            programme: self.programme.unwrap_or(Programme::Other),
            year: self.year,
            allocation: self.allocation,
            plan: self.plan,
            actual: self.actual,
        }
    }
}

/// What a disbursement workbook gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DisbursementImport {
    /// The rows read without error, in sheet and row order.
    pub rows: Vec<DisbursementRow>,
    /// Every cell or row that could not be read.
    pub errors: Vec<CellError>,
    /// What the reader assumed or skipped, in Vietnamese ("Sheet 'Giải
    /// ngân': đơn vị tính triệu đồng (theo tiêu đề)").
    pub notes: Vec<String>,
}

/// One value of an indicator-values workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorValueRow {
    /// The sheet it is on.
    pub sheet: String,
    /// Its row number as Excel shows it.
    pub row: u32,
    /// Mã chỉ tiêu (may be empty when the sheet has names only).
    pub code: String,
    /// Tên chỉ tiêu (may be empty when the sheet has codes only).
    pub name: String,
    /// The period the value measures.
    pub period: Period,
    /// The value.
    pub value: Figure,
    /// The document it was reported in, when given.
    pub evidence: Option<Evidence>,
}

impl IndicatorValueRow {
    /// The key the store upserts by: (the code, or else the name folded,
    /// the period's code).
    pub fn key(&self) -> (String, String) {
        let id = if self.code.is_empty() {
            fold(&self.name)
        } else {
            self.code.clone()
        };
        (id, self.period.code())
    }
}

/// What an indicator-values workbook gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndicatorImport {
    /// The rows read without error.
    pub rows: Vec<IndicatorValueRow>,
    /// Every cell or row that could not be read.
    pub errors: Vec<CellError>,
    /// What the reader assumed or skipped.
    pub notes: Vec<String>,
}

// ---------------------------------------------------------------------------
// The grid.

/// A sheet's non-empty cells by absolute (0-based) row and column. Kept
/// sparse: calamine's dense `Range` would allocate rows × columns cells, so
/// a small file with one cell in A1 and one in XFD1048576 could exhaust
/// memory.
type Cells = BTreeMap<(u32, u32), Data>;

/// A sheet's cells and their bounds.
struct Grid<'a> {
    name: &'a str,
    cells: &'a Cells,
    first_row: u32,
    first_col: u32,
    /// One past the last row and column holding a cell.
    rows: u32,
    cols: u32,
}

impl<'a> Grid<'a> {
    fn new(name: &'a str, cells: &'a Cells) -> Grid<'a> {
        let first_row = cells.keys().next().map_or(0, |k| k.0);
        let rows = cells.keys().next_back().map_or(0, |k| k.0 + 1);
        let first_col = cells.keys().map(|k| k.1).min().unwrap_or(0);
        let cols = cells.keys().map(|k| k.1 + 1).max().unwrap_or(0);
        Grid {
            name,
            cells,
            first_row,
            first_col,
            rows,
            cols,
        }
    }

    fn cell(&self, row: u32, col: u32) -> &Data {
        static EMPTY: Data = Data::Empty;
        self.cells.get(&(row, col)).unwrap_or(&EMPTY)
    }

    fn text(&self, row: u32, col: u32) -> String {
        cell_text(self.cell(row, col))
    }

    fn row_cells(&self, row: u32) -> impl Iterator<Item = &Data> {
        self.cells.range((row, 0)..=(row, u32::MAX)).map(|(_, d)| d)
    }

    fn row_blank(&self, row: u32) -> bool {
        self.row_cells(row).all(|d| cell_text(d).is_empty())
    }

    fn row_text(&self, row: u32) -> String {
        self.row_cells(row)
            .map(cell_text)
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A cell as text: strings trimmed, numbers in their shortest form.
fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_owned(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::Error(e) => e.to_string(),
        Data::Empty => String::new(),
    }
}

/// Excel's column letters: 0 → A, 25 → Z, 26 → AA.
pub fn column_letters(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        out.push(char::from(b'A' + r));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// Folded for matching: lowercase, no diacritics, `đ` → `d`, runs of
/// anything but letters and digits as one space.
fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    for c in s.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c,
        };
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    out.trim_end().to_owned()
}

/// A header as shown in an error: parenthesised parts (the unit) dropped,
/// spaces collapsed.
fn short_header(h: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in h.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first year (1900–2100) a text names.
fn year_in(text: &str) -> Option<i32> {
    fold(text)
        .split(' ')
        .filter_map(|w| w.parse::<i32>().ok())
        .find(|y| (1900..=2100).contains(y))
}

fn opens_workbook(bytes: &[u8]) -> Result<Xlsx<Cursor<&[u8]>>, SheetError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(SheetError::TooLarge);
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(SheetError::NotXlsx(
            "không phải tệp nén Office Open XML".into(),
        ));
    }
    // calamine unpacks the shared strings whole: refuse a workbook whose
    // parts declare more than the cap before handing it over.
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| SheetError::NotXlsx(e.to_string()))?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let size = zip
            .by_index_raw(i)
            .map_err(|e| SheetError::NotXlsx(e.to_string()))?
            .size();
        total = total.saturating_add(size);
        if total > MAX_UNPACKED_BYTES {
            return Err(SheetError::UnpacksTooLarge);
        }
    }
    Xlsx::new(Cursor::new(bytes)).map_err(|e| SheetError::NotXlsx(e.to_string()))
}

/// The workbook's sheets, in order, with their non-empty cells (within
/// [`MAX_ROWS`], [`MAX_COLS`], [`MAX_CELLS`]); a sheet calamine cannot read
/// becomes a note.
fn sheets(bytes: &[u8], notes: &mut Vec<String>) -> Result<Vec<(String, Cells)>, SheetError> {
    let mut wb = opens_workbook(bytes)?;
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let mut cells = Cells::new();
        let mut cut = false;
        let read = wb.worksheet_cells_reader(&name).and_then(|mut reader| {
            while let Some(cell) = reader.next_cell()? {
                let (r, c) = cell.get_position();
                let value = Data::from(cell.get_value().clone());
                if value == Data::Empty {
                    continue;
                }
                if r >= MAX_ROWS || c >= MAX_COLS || cells.len() >= MAX_CELLS {
                    cut = true;
                    continue;
                }
                cells.insert((r, c), value);
            }
            Ok(())
        });
        match read {
            Ok(()) => {
                if cut {
                    notes.push(format!(
                        "Sheet '{name}': chỉ đọc {MAX_ROWS} dòng, {MAX_COLS} cột và {MAX_CELLS} ô đầu"
                    ));
                }
                out.push((name, cells));
            }
            Err(e) => notes.push(format!("Sheet '{name}': không đọc được ({e})")),
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Disbursement headers.

/// What a disbursement column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    Index,
    Code,
    Name,
    Owner,
    Source,
    Programme,
    Year,
    Allocation,
    /// The plan of month 1–12; `true` when the column is a running total.
    Plan(u8, bool),
    Actual(u8, bool),
}

/// A month a header names: "tháng 1", "T1", "T 1", "Tháng 01".
fn month_in(folded: &str) -> Option<u8> {
    let words: Vec<&str> = folded.split(' ').collect();
    let valid = |m: u8| (1..=12).contains(&m).then_some(m);
    for (i, w) in words.iter().enumerate() {
        if (*w == "thang" || *w == "t")
            && let Some(m) = words.get(i + 1).and_then(|n| n.parse::<u8>().ok())
        {
            return valid(m);
        }
        if let Some(m) = w.strip_prefix('t').and_then(|n| n.parse::<u8>().ok()) {
            return valid(m);
        }
    }
    None
}

/// A header that is only a month ("T1", "Tháng 1", "1"), under a group
/// heading.
fn month_only(folded: &str) -> Option<u8> {
    let words: Vec<&str> = folded.split(' ').collect();
    match words.as_slice() {
        [n] => n
            .parse::<u8>()
            .ok()
            .or_else(|| n.strip_prefix('t').and_then(|m| m.parse().ok()))
            .filter(|m| (1..=12).contains(m)),
        ["thang" | "t", n] => n.parse::<u8>().ok().filter(|m| (1..=12).contains(m)),
        _ => None,
    }
}

fn has_word(folded: &str, phrase: &str) -> bool {
    format!(" {folded} ").contains(&format!(" {phrase} "))
}

/// The role of a disbursement column from its (folded) header.
fn classify(f: &str) -> Option<Role> {
    let any = |ps: &[&str]| ps.iter().any(|p| has_word(f, p));
    if let Some(m) = month_in(f) {
        let cumulative = any(&["luy ke"]);
        if any(&["ke hoach", "kh", "khgn"]) {
            return Some(Role::Plan(m, cumulative));
        }
        if any(&[
            "giai ngan",
            "gn",
            "thuc hien",
            "thuc te",
            "tt",
            "da giai ngan",
        ]) {
            return Some(Role::Actual(m, cumulative));
        }
        return None;
    }
    if matches!(f, "stt" | "tt" | "so tt") {
        return Some(Role::Index);
    }
    if f == "ma"
        || f.starts_with("ma du an")
        || f.starts_with("ma nhiem vu")
        || f.starts_with("ma so")
        || f == "ma da"
    {
        return Some(Role::Code);
    }
    if f == "ten"
        || f.starts_with("ten du an")
        || f.starts_with("ten nhiem vu")
        || f.starts_with("danh muc")
        || f == "noi dung"
    {
        return Some(Role::Name);
    }
    if any(&[
        "chu dau tu",
        "don vi thuc hien",
        "co quan chu tri",
        "don vi chu tri",
        "don vi su dung",
        "co quan thuc hien",
    ]) {
        return Some(Role::Owner);
    }
    if any(&["nguon von", "nguon kinh phi", "loai von"]) {
        return Some(Role::Source);
    }
    if f.starts_with("linh vuc") {
        return Some(Role::Programme);
    }
    if f == "nam" || f == "nam ke hoach" {
        return Some(Role::Year);
    }
    if any(&[
        "ke hoach von",
        "kh von",
        "von giao",
        "du toan",
        "kinh phi giao",
        "von duoc giao",
        "ke hoach von giao",
    ]) && !any(&["ty le", "giai ngan"])
    {
        return Some(Role::Allocation);
    }
    None
}

/// A column found in the header.
#[derive(Debug, Clone)]
struct Column {
    role: Role,
    col: u32,
    header: String,
    unit: Option<MoneyUnit>,
    year: Option<i32>,
}

/// The header of one sheet: where it is and what its columns are.
struct Header {
    /// The first data row.
    data_row: u32,
    /// The header's own first row (titles are above it).
    top_row: u32,
    columns: Vec<Column>,
    notes: Vec<String>,
}

impl Header {
    fn get(&self, role: Role) -> Option<&Column> {
        self.columns.iter().find(|c| c.role == role)
    }
}

/// The header of a disbursement sheet: its row (and the row below when it
/// holds month sub-headers under group headings), or `None`.
fn find_header(g: &Grid) -> Option<Header> {
    let last = (g.first_row + HEADER_SEARCH_ROWS as u32).min(g.rows);
    for r in g.first_row..last {
        let mut columns: Vec<Column> = Vec::new();
        let mut notes = Vec::new();
        let mut two_rows = false;
        let mut group = String::new();
        for c in g.first_col..g.cols {
            let top = g.text(r, c);
            if !top.is_empty() {
                group = top.clone();
            }
            let own = if top.is_empty() {
                None
            } else {
                classify(&fold(&top))
            };
            let (header, role) = match own {
                Some(role) => (top.clone(), role),
                None => {
                    // "T1" (or "1") under "Kế hoạch giải ngân": the nearest
                    // heading to the left names the group (a merged cell's
                    // text is in its first column). Only a month column
                    // comes from two rows.
                    let below = g.text(r + 1, c);
                    if month_only(&fold(&below)).is_none() {
                        continue;
                    }
                    let combined = format!("{group} {below}");
                    match classify(&fold(&combined)) {
                        Some(role @ (Role::Plan(..) | Role::Actual(..))) => {
                            two_rows = true;
                            (combined, role)
                        }
                        _ => continue,
                    }
                }
            };
            if let Some(first) = columns.iter().find(|k| k.role == role) {
                notes.push(format!(
                    "Sheet '{}': cột {} ({}) trùng vai trò với cột {}, bỏ qua",
                    g.name,
                    column_letters(c),
                    short_header(&header),
                    column_letters(first.col)
                ));
                continue;
            }
            columns.push(Column {
                role,
                col: c,
                unit: MoneyUnit::find_in(&header),
                year: year_in(&header),
                header,
            });
        }
        let has = |f: &dyn Fn(Role) -> bool| columns.iter().any(|k| f(k.role));
        let identified = has(&|r| matches!(r, Role::Code | Role::Name));
        let money = has(&|r| matches!(r, Role::Allocation | Role::Plan(..) | Role::Actual(..)));
        if identified && money {
            return Some(Header {
                data_row: if two_rows { r + 2 } else { r + 1 },
                top_row: r,
                columns,
                notes,
            });
        }
    }
    None
}

// ---------------------------------------------------------------------------
// Reading disbursement rows.

/// An amount from a cell: blank and "-" are zero.
fn amount(d: &Data, unit: MoneyUnit) -> Result<Dong, String> {
    match d {
        Data::Empty => Ok(Dong::ZERO),
        Data::Float(f) => Dong::from_cell_number(*f, unit).map_err(|e| e.to_string()),
        Data::Int(i) => Dong::of(*i, unit).map_err(|e| e.to_string()),
        Data::String(s) => {
            let t = s.trim();
            if t.is_empty() || matches!(t, "-" | "–" | "—") {
                Ok(Dong::ZERO)
            } else {
                Dong::parse(t, unit).map_err(|e| e.to_string())
            }
        }
        Data::Error(e) => Err(format!("ô lỗi công thức {e}")),
        other => Err(MoneyError::NotAnAmount(cell_text(other)).to_string()),
    }
}

/// "Tổng cộng", "Cộng", "Tổng số", "Tổng": a total row.
fn is_total(folded: &str) -> bool {
    matches!(
        folded,
        "tong" | "cong" | "tong cong" | "tong so" | "cong toan tinh" | "tong cong toan tinh"
    ) || folded.starts_with("tong cong ")
        || folded.starts_with("tong so ")
        || folded.starts_with("cong so ")
}

/// A row that only numbers the columns ("(1)", "(2)", … or 1, 2, 3 …),
/// as forms often have under the header.
fn numbering_row(g: &Grid, r: u32) -> bool {
    let cells: Vec<String> = g
        .row_cells(r)
        .map(cell_text)
        .filter(|t| !t.is_empty())
        .collect();
    cells.len() >= 3
        && cells.iter().enumerate().all(|(i, t)| {
            let n = t.trim_start_matches('(').trim_end_matches(')');
            n.parse::<usize>().ok() == Some(i + 1)
        })
}

/// "I", "II", "A", "B": the index of a section heading.
fn is_section_index(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['.', ')']);
    !t.is_empty()
        && (t.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
            || (t.len() == 1 && t.chars().all(|c| c.is_ascii_uppercase())))
}

/// Reads a disbursement workbook: every sheet that has the columns, with
/// every error. Fails only when the file is not a workbook or no sheet has
/// a header.
pub fn read_disbursements(
    bytes: &[u8],
    opts: &SheetOptions,
) -> Result<DisbursementImport, SheetError> {
    let mut out = DisbursementImport::default();
    let sheets = sheets(bytes, &mut out.notes)?;
    let mut seen: BTreeMap<(String, i32), (String, u32)> = BTreeMap::new();
    let mut found = false;
    let mut dropped = 0usize;
    for (name, cells) in &sheets {
        let g = Grid::new(name, cells);
        let Some(header) = find_header(&g) else {
            if g.rows > g.first_row {
                out.notes.push(format!(
                    "Sheet '{name}': không có dòng tiêu đề (mã/tên dự án và số tiền), bỏ qua"
                ));
            }
            continue;
        };
        found = true;
        out.notes.extend(header.notes.iter().cloned());
        let mut errors = Vec::new();
        read_disbursement_sheet(&g, &header, opts, &mut out, &mut errors, &mut seen);
        for e in errors {
            if out.errors.len() < MAX_ERRORS {
                out.errors.push(e);
            } else {
                dropped += 1;
            }
        }
    }
    if !found {
        return Err(SheetError::NoHeader(
            "Mã dự án hoặc Tên dự án, và Kế hoạch vốn hoặc Kế hoạch giải ngân/Giải ngân theo tháng",
        ));
    }
    if dropped > 0 {
        out.notes
            .push(format!("… và {dropped} lỗi khác không hiển thị"));
    }
    Ok(out)
}

fn read_disbursement_sheet(
    g: &Grid,
    h: &Header,
    opts: &SheetOptions,
    out: &mut DisbursementImport,
    errors: &mut Vec<CellError>,
    seen: &mut BTreeMap<(String, i32), (String, u32)>,
) {
    let name = g.name;
    // The title: the rows above the header.
    let title: String = (g.first_row..h.top_row)
        .map(|r| g.row_text(r))
        .collect::<Vec<_>>()
        .join(" ");
    let header_unit = h.columns.iter().find_map(|c| c.unit);
    let (sheet_unit, why) = match (MoneyUnit::find_in(&title), header_unit, opts.unit) {
        (Some(u), _, _) => (u, "theo tiêu đề"),
        (None, Some(u), _) => (u, "theo tiêu đề cột"),
        (None, None, Some(u)) => (u, "theo lựa chọn khi nhập"),
        (None, None, None) => (MoneyUnit::Dong, "không thấy ghi đơn vị tính, hiểu là đồng"),
    };
    out.notes.push(format!(
        "Sheet '{name}': đơn vị tính {} ({why})",
        sheet_unit.label_vi()
    ));
    let allocation_year = h.get(Role::Allocation).and_then(|c| c.year);
    let sheet_year = allocation_year.or(year_in(&title)).or(opts.year);
    let title_source = CapitalSource::parse_vi(&title);
    let title_programme = Programme::parse_vi(&title);
    let mut section_source: Option<CapitalSource> = None;
    let mut section_programme: Option<Programme> = None;
    let excel_row = |r: u32| r + 1;
    let err = |r: u32, col: Option<&Column>, message: String| CellError {
        sheet: name.to_owned(),
        row: excel_row(r),
        column: col.map(|c| column_letters(c.col)),
        header: col.map(|c| short_header(&c.header)),
        message,
    };
    if sheet_year.is_none() && h.get(Role::Year).is_none() {
        errors.push(err(
            h.top_row,
            None,
            "không xác định được năm kế hoạch: thêm cột Năm, ghi năm vào tiêu đề (\"Kế hoạch vốn năm 2026\") hoặc chọn năm khi nhập".into(),
        ));
        return;
    }
    let text_of = |r: u32, role: Role| h.get(role).map(|c| g.text(r, c.col)).unwrap_or_default();
    let amount_columns: Vec<&Column> = h
        .columns
        .iter()
        .filter(|c| matches!(c.role, Role::Allocation | Role::Plan(..) | Role::Actual(..)))
        .collect();
    let mut skipped_totals = 0usize;
    for r in h.data_row..g.rows {
        if g.row_blank(r) || numbering_row(g, r) {
            continue;
        }
        let code = text_of(r, Role::Code);
        let pname = text_of(r, Role::Name);
        let index = text_of(r, Role::Index);
        // Total rows: a total's words in the first columns, and no code.
        let first_texts: Vec<String> = (g.first_col..g.cols.min(g.first_col + 4))
            .map(|c| fold(&g.text(r, c)))
            .filter(|t| !t.is_empty())
            .collect();
        if first_texts.iter().any(|t| is_total(t)) && (code.is_empty() || is_total(&fold(&code))) {
            skipped_totals += 1;
            continue;
        }
        let amounts_blank = amount_columns.iter().all(|c| {
            let t = g.text(r, c.col);
            t.is_empty() || t == "-"
        });
        // Section headings: "I. Vốn đầu tư công", "A", or no code and no money.
        let heading_text = if pname.is_empty() {
            first_texts.join(" ")
        } else {
            pname.clone()
        };
        let section = code.is_empty()
            && (is_section_index(&index)
                || is_section_index(heading_text.split(['.', ')', ' ']).next().unwrap_or(""))
                || amounts_blank);
        if section {
            if let Some(s) = CapitalSource::parse_vi(&heading_text) {
                section_source = Some(s);
            }
            if let Some(p) = Programme::parse_vi(&heading_text) {
                section_programme = Some(p);
            }
            continue;
        }
        let before = errors.len();
        if code.is_empty() {
            errors.push(err(
                r,
                h.get(Role::Code).or(h.get(Role::Name)),
                "thiếu mã dự án (cần để nhập lại không bị trùng)".into(),
            ));
        }
        if pname.is_empty() && h.get(Role::Name).is_some() {
            errors.push(err(r, h.get(Role::Name), "thiếu tên dự án/nhiệm vụ".into()));
        }
        // Year.
        let year = match h.get(Role::Year) {
            Some(c) => {
                let cell = g.cell(r, c.col);
                let y = match cell {
                    Data::Int(i) => i32::try_from(*i).ok(),
                    Data::Float(f) if f.fract() == 0.0 && f.abs() < 10_000.0 => Some(*f as i32),
                    Data::Empty => sheet_year,
                    other => year_in(&cell_text(other)),
                }
                .filter(|y| (1900..=2100).contains(y));
                if y.is_none() {
                    let shown = cell_text(cell);
                    errors.push(err(
                        r,
                        Some(c),
                        if shown.is_empty() {
                            "thiếu năm kế hoạch".to_owned()
                        } else {
                            format!("'{shown}' không phải năm")
                        },
                    ));
                }
                y
            }
            None => sheet_year,
        };
        // Source.
        let source = match h.get(Role::Source) {
            Some(c) => {
                let t = g.text(r, c.col);
                match (t.is_empty(), CapitalSource::parse_vi(&t)) {
                    (false, Some(s)) => Some(s),
                    (false, None) => {
                        errors.push(err(
                            r,
                            Some(c),
                            format!("'{t}' không phải nguồn vốn (đầu tư công, chi thường xuyên, nguồn khác)"),
                        ));
                        None
                    }
                    (true, _) => section_source.or(title_source),
                }
            }
            None => section_source.or(title_source),
        };
        if source.is_none() && errors.len() == before {
            errors.push(err(
                r,
                h.get(Role::Source),
                "không xác định được nguồn vốn (cột Nguồn vốn, đề mục hoặc tiêu đề)".into(),
            ));
        }
        let programme = h
            .get(Role::Programme)
            .and_then(|c| Programme::parse_vi(&g.text(r, c.col)))
            .or(section_programme)
            .or(title_programme);
        // Amounts.
        let mut read = |c: &Column| -> Dong {
            let unit = c.unit.unwrap_or(sheet_unit);
            match amount(g.cell(r, c.col), unit) {
                Ok(v) => v,
                Err(m) => {
                    errors.push(err(r, Some(c), m));
                    Dong::ZERO
                }
            }
        };
        let allocation = h.get(Role::Allocation).map(&mut read).unwrap_or(Dong::ZERO);
        let mut plan = [Dong::ZERO; 12];
        let mut actual = [Dong::ZERO; 12];
        let mut plan_cum = false;
        let mut actual_cum = false;
        for c in &h.columns {
            match c.role {
                Role::Plan(m, cum) => {
                    plan_cum |= cum;
                    if let Some(slot) = plan.get_mut(usize::from(m) - 1) {
                        *slot = read(c);
                    }
                }
                Role::Actual(m, cum) => {
                    actual_cum |= cum;
                    if let Some(slot) = actual.get_mut(usize::from(m) - 1) {
                        *slot = read(c);
                    }
                }
                _ => {}
            }
        }
        let monthly = |v: [Dong; 12], cum: bool| {
            if cum {
                // Running totals: a month left blank carries the total on.
                let mut filled = v;
                let mut last = Dong::ZERO;
                for slot in filled.iter_mut() {
                    if slot.is_zero() {
                        *slot = last;
                    }
                    last = *slot;
                }
                Monthly::from_cumulative(filled)
            } else {
                Ok(Monthly::per_month(v))
            }
        };
        let plan = monthly(plan, plan_cum);
        let actual = monthly(actual, actual_cum);
        if errors.len() > before {
            continue;
        }
        let (Some(year), Some(source), Ok(plan), Ok(actual)) = (year, source, plan, actual) else {
            errors.push(err(r, None, "số tiền vượt quá giới hạn tính toán".into()));
            continue;
        };
        if let Some((s, at)) = seen.get(&(code.clone(), year)) {
            errors.push(err(
                r,
                h.get(Role::Code),
                format!("trùng mã dự án {code} năm {year} với sheet '{s}', dòng {at}"),
            ));
            continue;
        }
        seen.insert((code.clone(), year), (name.to_owned(), excel_row(r)));
        out.rows.push(DisbursementRow {
            sheet: name.to_owned(),
            row: excel_row(r),
            code,
            name: pname,
            owner: text_of(r, Role::Owner),
            source,
            programme,
            year,
            allocation,
            plan,
            actual,
        });
    }
    if skipped_totals > 0 {
        out.notes.push(format!(
            "Sheet '{name}': bỏ qua {skipped_totals} dòng tổng cộng"
        ));
    }
}

// ---------------------------------------------------------------------------
// Indicator values.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ValueRole {
    Code,
    Name,
    Period,
    Value,
    Document,
    Date,
    File,
}

fn classify_value(f: &str) -> Option<ValueRole> {
    let starts = |ps: &[&str]| {
        ps.iter()
            .any(|p| f == *p || f.starts_with(&format!("{p} ")))
    };
    if starts(&["ma chi tieu", "ma chi so", "ma"]) {
        Some(ValueRole::Code)
    } else if starts(&["ten chi tieu", "ten chi so", "chi tieu", "chi so", "ten"]) {
        Some(ValueRole::Name)
    } else if starts(&[
        "ky",
        "ky bao cao",
        "ky danh gia",
        "thoi gian",
        "thoi diem",
        "nam",
        "giai doan",
    ]) {
        Some(ValueRole::Period)
    } else if starts(&["gia tri", "ket qua", "so lieu", "thuc hien"]) {
        Some(ValueRole::Value)
    } else if starts(&[
        "so van ban",
        "van ban",
        "so hieu",
        "so ky hieu",
        "minh chung",
        "can cu",
    ]) {
        Some(ValueRole::Document)
    } else if starts(&["ngay", "ngay van ban", "ngay ban hanh"]) {
        Some(ValueRole::Date)
    } else if starts(&["tep", "ten tep", "tep dinh kem", "file", "tai lieu"]) {
        Some(ValueRole::File)
    } else {
        None
    }
}

/// A date from a cell: an Excel date, "15/3/2026", "2026-03-15".
fn date_of(d: &Data) -> Option<NaiveDate> {
    match d {
        Data::DateTime(dt) => {
            let (y, m, day, ..) = dt.to_ymd_hms_milli();
            NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(day))
        }
        Data::DateTimeIso(s) => NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok(),
        Data::String(s) => {
            let s = s.trim();
            NaiveDate::parse_from_str(s, "%d/%m/%Y")
                .or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d"))
                .or_else(|_| NaiveDate::parse_from_str(s, "%d-%m-%Y"))
                .or_else(|_| NaiveDate::parse_from_str(s, "%d.%m.%Y"))
                .ok()
        }
        _ => None,
    }
}

/// Reads an indicator-values workbook: columns for the indicator (code
/// and/or name), the period ("2026", "Quý I/2026", "Tháng 3/2026"), the
/// value, and optionally the evidence (document number, date, file name).
pub fn read_indicator_values(bytes: &[u8]) -> Result<IndicatorImport, SheetError> {
    let mut out = IndicatorImport::default();
    let sheets = sheets(bytes, &mut out.notes)?;
    let mut seen: BTreeMap<(String, String), (String, u32)> = BTreeMap::new();
    let mut found = false;
    for (name, cells) in &sheets {
        let g = Grid::new(name, cells);
        let last = (g.first_row + HEADER_SEARCH_ROWS as u32).min(g.rows);
        let header = (g.first_row..last).find_map(|r| {
            let mut cols: Vec<(ValueRole, u32, String)> = Vec::new();
            for c in g.first_col..g.cols {
                let t = g.text(r, c);
                if let Some(role) = classify_value(&fold(&t))
                    && !cols.iter().any(|(k, ..)| *k == role)
                {
                    cols.push((role, c, t));
                }
            }
            let has = |role| cols.iter().any(|(k, ..)| *k == role);
            ((has(ValueRole::Code) || has(ValueRole::Name))
                && has(ValueRole::Period)
                && has(ValueRole::Value))
            .then_some((r, cols))
        });
        let Some((hr, cols)) = header else {
            out.notes.push(format!(
                "Sheet '{name}': không có dòng tiêu đề (chỉ tiêu, kỳ, giá trị), bỏ qua"
            ));
            continue;
        };
        found = true;
        let col = |role| cols.iter().find(|(k, ..)| *k == role);
        let text = |r, role| col(role).map(|(_, c, _)| g.text(r, *c)).unwrap_or_default();
        let err = |r: u32, role: ValueRole, message: String| {
            let c = col(role);
            CellError {
                sheet: name.clone(),
                row: r + 1,
                column: c.map(|(_, c, _)| column_letters(*c)),
                header: c.map(|(_, _, h)| short_header(h)),
                message,
            }
        };
        for r in hr + 1..g.rows {
            if g.row_blank(r) {
                continue;
            }
            let before = out.errors.len();
            let code = text(r, ValueRole::Code);
            let iname = text(r, ValueRole::Name);
            if code.is_empty() && iname.is_empty() {
                out.errors
                    .push(err(r, ValueRole::Name, "thiếu mã hoặc tên chỉ tiêu".into()));
            }
            let period = col(ValueRole::Period).and_then(|(_, c, _)| {
                let cell = g.cell(r, *c);
                let p = match cell {
                    Data::Int(y) => i32::try_from(*y).ok().map(Period::Year),
                    Data::Float(y) if y.fract() == 0.0 && y.abs() < 10_000.0 => {
                        Some(Period::Year(*y as i32))
                    }
                    other => Period::parse_vi(&cell_text(other)),
                };
                if p.is_none() {
                    out.errors.push(err(
                        r,
                        ValueRole::Period,
                        format!(
                            "'{}' không phải kỳ báo cáo (năm, 6 tháng, quý, tháng)",
                            cell_text(cell)
                        ),
                    ));
                }
                p
            });
            let value = col(ValueRole::Value).and_then(|(_, c, _)| {
                let cell = g.cell(r, *c);
                let v = match cell {
                    Data::Float(f) => Figure::from_f64(*f),
                    Data::Int(i) => Some(Figure::from_int(*i)),
                    Data::String(s) => Figure::parse(s),
                    _ => None,
                };
                if v.is_none() {
                    let shown = cell_text(cell);
                    out.errors.push(err(
                        r,
                        ValueRole::Value,
                        if shown.is_empty() {
                            "thiếu giá trị".to_owned()
                        } else {
                            format!("'{shown}' không phải số")
                        },
                    ));
                }
                v
            });
            let document = text(r, ValueRole::Document);
            let file = text(r, ValueRole::File);
            let date = match col(ValueRole::Date) {
                Some((_, c, _)) => {
                    let cell = g.cell(r, *c);
                    let d = date_of(cell);
                    if d.is_none() && !cell_text(cell).is_empty() {
                        out.errors.push(err(
                            r,
                            ValueRole::Date,
                            format!("'{}' không phải ngày (dd/mm/yyyy)", cell_text(cell)),
                        ));
                    }
                    d
                }
                None => None,
            };
            if out.errors.len() > before {
                continue;
            }
            let (Some(period), Some(value)) = (period, value) else {
                continue;
            };
            let evidence =
                (!document.is_empty() || date.is_some() || !file.is_empty()).then(|| Evidence {
                    document_number: document,
                    date,
                    file_name: (!file.is_empty()).then_some(file),
                });
            let row = IndicatorValueRow {
                sheet: name.clone(),
                row: r + 1,
                code,
                name: iname,
                period,
                value,
                evidence,
            };
            let key = row.key();
            if let Some((s, at)) = seen.get(&key) {
                out.errors.push(err(
                    r,
                    ValueRole::Period,
                    format!(
                        "trùng chỉ tiêu và kỳ {} với sheet '{s}', dòng {at}",
                        period.label_vi()
                    ),
                ));
                continue;
            }
            seen.insert(key, (name.clone(), r + 1));
            out.rows.push(row);
        }
    }
    if !found {
        return Err(SheetError::NoHeader("Mã hoặc Tên chỉ tiêu, Kỳ, Giá trị"));
    }
    out.errors.truncate(MAX_ERRORS);
    Ok(out)
}

#[cfg(test)]
mod tests;
