//! The follow-up letter (công văn đôn đốc) as a Word `.docx`, laid out in the
//! national administrative format of Decree 30/2020/NĐ-CP, Appendix I: A4,
//! margins 20/20/30/15 mm, Times New Roman; the issuing body top left and the
//! national name and motto top right, each ruled; number and "V/v" summary
//! under the body's name, place and date in italics under the motto;
//! "Kính gửi:", the body, a table of the overdue tasks, then "Nơi nhận:" and
//! the signature side by side. Pages after the first are numbered at the top.
//!
//! The package is the few WordprocessingML parts Word and LibreOffice need,
//! written by hand; every piece of text passes through one XML escape.

use std::io::{Cursor, Write};

use chrono::{Datelike, NaiveDate};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::text::{date_short, one_line, place_and_date, xml};

/// An overdue task as the letter lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterTask {
    /// The task's words.
    pub text: String,
    /// The directive that assigned it ("Thông báo số 15-TB/BCĐ").
    pub directive: String,
    /// The deadline in force.
    pub due: Option<NaiveDate>,
    /// Days past it.
    pub days_overdue: u32,
    /// The latest progress reported, or empty ("Chưa báo cáo" is written).
    pub progress: String,
}

/// What the letter says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterInput {
    /// The parent body, e.g. "UBND TỈNH KHÁNH HÒA" (set in capitals).
    pub issuer_parent: String,
    /// The issuing body, e.g. "BAN CHỈ ĐẠO …" (set in bold capitals; a
    /// newline breaks the line there, as in the parent's name).
    pub issuer: String,
    /// How the body text names the issuer: "Ban Chỉ đạo".
    pub issuer_short: String,
    /// The symbol after the number, e.g. "BCĐ-VP" (kept as written: symbols
    /// such as "QyĐ" are not all capitals). The number itself is left blank
    /// for the clerk to fill in on registration.
    pub symbol: Option<String>,
    /// The place name of the date line: "Khánh Hòa".
    pub place: String,
    /// The letter's date.
    pub date: NaiveDate,
    /// The addressee: "Sở Tài chính".
    pub agency: String,
    /// The summary after "V/v": "đôn đốc thực hiện nhiệm vụ quá hạn".
    pub summary: String,
    /// The opening paragraphs (which directives), one per line; may be empty.
    pub intro: String,
    /// The overdue tasks listed.
    pub tasks: Vec<LetterTask>,
    /// The day the agency must report by.
    pub reply_by: NaiveDate,
    /// Further recipients after "- Như trên;", e.g. "Trưởng ban (để b/c)".
    pub recipients_extra: Vec<String>,
    /// The filing units after "Lưu: VT", e.g. "VP".
    pub archive: Option<String>,
    /// The signer's authority and title, one line each:
    /// "KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN" (set in bold capitals).
    pub signer_title: String,
    /// Without a name, a placeholder is printed for the signer to complete.
    pub signer_name: Option<String>,
}

/// The only way writing can fail: the zip writer refusing (in memory, this
/// would be a bug, reported rather than panicking).
#[derive(Debug, thiserror::Error)]
pub enum LetterError {
    /// The zip writer refused.
    #[error("could not write the .docx package: {0}")]
    Package(#[from] zip::result::ZipError),
    /// Writing into memory failed.
    #[error("could not write the .docx package: {0}")]
    Io(#[from] std::io::Error),
}

// Page geometry in twentieths of a point (twips): A4, margins top and bottom
// 20 mm, left 30 mm, right 15 mm.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
const MARGIN_TOP: u32 = 1134;
const MARGIN_BOTTOM: u32 = 1134;
const MARGIN_LEFT: u32 = 1701;
const MARGIN_RIGHT: u32 = 851;
const TEXT_W: u32 = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT;
/// The header's columns: the issuing body, and the national name and motto
/// (wide enough for "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" at 12 pt bold).
const HEAD_LEFT: u32 = 3686;
const HEAD_RIGHT: u32 = TEXT_W - HEAD_LEFT;
/// First-line indent of body paragraphs: 1.27 cm.
const INDENT: u32 = 720;
const FONT: &str = "Times New Roman";

/// How a run of text looks. Sizes in points.
#[derive(Clone, Copy)]
struct Look {
    pt: f32,
    bold: bool,
    italic: bool,
}

const fn look(pt: f32) -> Look {
    Look {
        pt,
        bold: false,
        italic: false,
    }
}

impl Look {
    const fn bold(self) -> Look {
        Look { bold: true, ..self }
    }
    const fn italic(self) -> Look {
        Look {
            italic: true,
            ..self
        }
    }
}

/// One run; newlines in `text` become line breaks.
fn run(text: &str, l: Look) -> String {
    let half_points = (l.pt * 2.0).round() as u32;
    let mut props = format!(
        "<w:rFonts w:ascii=\"{FONT}\" w:hAnsi=\"{FONT}\" w:eastAsia=\"{FONT}\" w:cs=\"{FONT}\"/>"
    );
    if l.bold {
        props.push_str("<w:b/><w:bCs/>");
    }
    if l.italic {
        props.push_str("<w:i/><w:iCs/>");
    }
    props.push_str(&format!(
        "<w:sz w:val=\"{half_points}\"/><w:szCs w:val=\"{half_points}\"/>"
    ));
    let body = text
        .split('\n')
        .map(|line| format!("<w:t xml:space=\"preserve\">{}</w:t>", xml(line)))
        .collect::<Vec<_>>()
        .join("<w:br/>");
    format!("<w:r><w:rPr>{props}</w:rPr>{body}</w:r>")
}

/// A paragraph's layout.
#[derive(Clone, Copy)]
struct Layout {
    align: &'static str,
    /// Space before and after, in points.
    before: u32,
    after: u32,
    first_line: u32,
    /// Line spacing in 240ths of a line (240 = single).
    line: u32,
}

const CENTER: Layout = Layout {
    align: "center",
    before: 0,
    after: 0,
    first_line: 0,
    line: 240,
};
const LEFT: Layout = Layout {
    align: "left",
    ..CENTER
};
/// Body text: justified, indented, 6 pt after, 1.15 lines (Decree: single to 1.5).
const BODY: Layout = Layout {
    align: "both",
    before: 0,
    after: 6,
    first_line: INDENT,
    line: 276,
};

fn para_with(layout: Layout, extra: &str, runs: &str) -> String {
    format!(
        "<w:p><w:pPr>{extra}<w:spacing w:before=\"{}\" w:after=\"{}\" w:line=\"{}\" w:lineRule=\"auto\"/>\
         <w:ind w:firstLine=\"{}\"/><w:jc w:val=\"{}\"/></w:pPr>{runs}</w:p>",
        layout.before * 20,
        layout.after * 20,
        layout.line,
        layout.first_line,
        layout.align
    )
}

fn para(layout: Layout, runs: &str) -> String {
    para_with(layout, "", runs)
}

/// A thin horizontal rule `width` twips long, centred in a column `column`
/// twips wide: an empty, tiny paragraph with a top border between indents,
/// 2.5 pt below the text above so that it does not read as an underline.
fn rule(column: u32, width: u32) -> String {
    let side = column.saturating_sub(width) / 2;
    format!(
        "<w:p><w:pPr><w:pBdr><w:top w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"000000\"/></w:pBdr>\
         <w:spacing w:before=\"50\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>\
         <w:ind w:left=\"{side}\" w:right=\"{side}\"/><w:jc w:val=\"center\"/>\
         <w:rPr><w:sz w:val=\"4\"/></w:rPr></w:pPr></w:p>"
    )
}

fn cell(width: u32, content: &str) -> String {
    // A cell must hold at least one paragraph.
    let content = if content.is_empty() {
        "<w:p/>"
    } else {
        content
    };
    format!("<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/></w:tcPr>{content}</w:tc>")
}

/// A table with fixed column widths; `borders` draws the grid.
fn table(widths: &[u32], rows: &[String], borders: bool) -> String {
    let total: u32 = widths.iter().sum();
    let line = if borders {
        "w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\""
    } else {
        "w:val=\"none\" w:sz=\"0\" w:space=\"0\" w:color=\"auto\""
    };
    let sides = ["top", "left", "bottom", "right", "insideH", "insideV"]
        .map(|s| format!("<w:{s} {line}/>"))
        .concat();
    // Borderless layout tables use the whole width: no cell padding.
    let pad = if borders { 85 } else { 0 };
    let grid: String = widths
        .iter()
        .map(|w| format!("<w:gridCol w:w=\"{w}\"/>"))
        .collect();
    format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{total}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>\
         <w:tblBorders>{sides}</w:tblBorders><w:tblLayout w:type=\"fixed\"/>\
         <w:tblCellMar><w:left w:w=\"{pad}\" w:type=\"dxa\"/><w:right w:w=\"{pad}\" w:type=\"dxa\"/></w:tblCellMar>\
         </w:tblPr><w:tblGrid>{grid}</w:tblGrid>{}</w:tbl>",
        rows.concat()
    )
}

fn row(cells: &[String], header: bool) -> String {
    let props = if header {
        "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>"
    } else {
        ""
    };
    format!("<w:tr>{props}{}</w:tr>", cells.concat())
}

/// Keeps the caller's line breaks (a long body name is broken by hand), and
/// tidies each line.
fn lines(s: &str) -> String {
    s.lines()
        .map(one_line)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The letterhead: issuing body and number on the left; national name,
/// motto, place and date on the right.
fn letterhead(input: &LetterInput) -> String {
    let h = look(13.0);
    let number = match input.symbol.as_deref().map(str::trim) {
        Some(s) if !s.is_empty() => format!("Số:        /{s}"),
        _ => "Số:        /        ".to_string(),
    };
    let summary = one_line(&input.summary);
    let summary = if summary.starts_with("V/v") {
        summary
    } else {
        format!("V/v {summary}")
    };
    let issuer = [
        para(CENTER, &run(&lines(&input.issuer_parent).to_uppercase(), h)),
        para(CENTER, &run(&lines(&input.issuer).to_uppercase(), h.bold())),
        // The rule under the issuing body: a third of the column.
        rule(HEAD_LEFT, HEAD_LEFT * 2 / 5),
    ]
    .concat();
    let nation = [
        para(
            CENTER,
            &run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", look(12.0).bold()),
        ),
        para(CENTER, &run("Độc lập - Tự do - Hạnh phúc", h.bold())),
        // The rule under the motto: as long as the motto (≈ 5.9 cm at 13 pt bold).
        rule(HEAD_RIGHT, 3350),
    ]
    .concat();
    let number_block = [
        para(
            Layout {
                before: 6,
                ..CENTER
            },
            &run(&number, h),
        ),
        para(CENTER, &run(&summary, look(12.0))),
    ]
    .concat();
    let dated = para(
        Layout {
            before: 6,
            ..CENTER
        },
        &run(
            &place_and_date(&one_line(&input.place), input.date),
            h.italic(),
        ),
    );
    table(
        &[HEAD_LEFT, HEAD_RIGHT],
        &[
            row(
                &[cell(HEAD_LEFT, &issuer), cell(HEAD_RIGHT, &nation)],
                false,
            ),
            row(
                &[cell(HEAD_LEFT, &number_block), cell(HEAD_RIGHT, &dated)],
                false,
            ),
        ],
        false,
    )
}

/// The overdue tasks: STT, task, directive, deadline, days overdue, progress.
fn task_table(tasks: &[LetterTask]) -> String {
    // Wide enough for "31/10/2026" and "STT" on one line at 12 pt.
    const W: [u32; 6] = [680, 3176, 1587, 1361, 1077, 1473];
    let t = look(12.0);
    let head = [
        "STT",
        "Nhiệm vụ",
        "Văn bản giao",
        "Hạn",
        "Số ngày quá hạn",
        "Tình hình",
    ];
    let mut rows = vec![row(
        &W.iter()
            .zip(head)
            .map(|(w, h)| cell(*w, &para(CENTER, &run(h, t.bold()))))
            .collect::<Vec<_>>(),
        true,
    )];
    for (i, task) in tasks.iter().enumerate() {
        let progress = one_line(&task.progress);
        let progress = if progress.is_empty() {
            "Chưa báo cáo".to_string()
        } else {
            progress
        };
        let cells = [
            (CENTER, (i + 1).to_string()),
            (LEFT, one_line(&task.text)),
            (CENTER, one_line(&task.directive)),
            (CENTER, task.due.map(date_short).unwrap_or_default()),
            (CENTER, task.days_overdue.to_string()),
            (LEFT, progress),
        ];
        let cells: Vec<String> = W
            .iter()
            .zip(cells)
            .map(|(w, (layout, text))| cell(*w, &para(layout, &run(&text, t))))
            .collect();
        rows.push(row(&cells, false));
    }
    table(&W, &rows, true)
}

/// "Nơi nhận:" on the left, the signature on the right.
fn closing(input: &LetterInput) -> String {
    let mut recipients = vec!["- Như trên;".to_string()];
    recipients.extend(
        input
            .recipients_extra
            .iter()
            .map(|r| one_line(r).trim_end_matches([';', '.']).to_string())
            .filter(|r| !r.is_empty())
            .map(|r| format!("- {};", r.trim_start_matches(['-', ' ']))),
    );
    let archive = match input.archive.as_deref().map(one_line) {
        Some(a) if !a.is_empty() => format!("- Lưu: VT, {}.", a.trim_end_matches('.')),
        _ => "- Lưu: VT.".to_string(),
    };
    recipients.push(archive);
    let left = std::iter::once(para(
        Layout { before: 12, ..LEFT },
        &run("Nơi nhận:", look(12.0).bold().italic()),
    ))
    .chain(recipients.iter().map(|r| para(LEFT, &run(r, look(11.0)))))
    .collect::<String>();

    let s = look(14.0).bold();
    let mut right: String = input
        .signer_title
        .lines()
        .map(one_line)
        .filter(|l| !l.is_empty())
        .map(|l| {
            para(
                Layout {
                    before: 0,
                    ..CENTER
                },
                &run(&l.to_uppercase(), s),
            )
        })
        .collect();
    let blank = para(CENTER, &run("", look(14.0)));
    match input.signer_name.as_deref().map(one_line) {
        Some(name) if !name.is_empty() => {
            right.push_str(&blank.repeat(4));
            right.push_str(&para(CENTER, &run(&name, s)));
        }
        _ => {
            right.push_str(&para(
                CENTER,
                &run("(Ký, ghi rõ họ tên)", look(14.0).italic()),
            ));
            right.push_str(&blank.repeat(4));
        }
    }
    // The signature starts level with "Nơi nhận:".
    let right = right.replacen("w:before=\"0\"", "w:before=\"240\"", 1);
    const LEFT_W: u32 = 4536;
    table(
        &[LEFT_W, TEXT_W - LEFT_W],
        &[row(
            &[cell(LEFT_W, &left), cell(TEXT_W - LEFT_W, &right)],
            false,
        )],
        false,
    )
}

/// The body: "Kính gửi", the opening, the overdue tasks, the request.
fn body(input: &LetterInput) -> String {
    let b = look(14.0);
    let agency = one_line(&input.agency);
    let issuer = one_line(&input.issuer_short);
    let mut out = para(
        Layout {
            before: 18,
            after: 12,
            ..CENTER
        },
        &(run("Kính gửi: ", b) + &run(&agency, b)),
    );
    for line in input.intro.lines().map(str::trim).filter(|l| !l.is_empty()) {
        out.push_str(&para(BODY, &run(line, b)));
    }
    let n = input.tasks.len();
    out.push_str(&para(
        BODY,
        &run(
            &format!(
                "Qua theo dõi, đến ngày {}, {agency} còn {n:02} nhiệm vụ đã quá hạn nhưng \
                 chưa hoàn thành, cụ thể như sau:",
                date_short(input.date)
            ),
            b,
        ),
    ));
    out.push_str(&task_table(&input.tasks));
    out.push_str(&para(
        Layout { before: 6, ..BODY },
        &run(
            &format!(
                "Để bảo đảm tiến độ thực hiện các nhiệm vụ được giao, {issuer} đề nghị {agency} \
                 khẩn trương chỉ đạo triển khai, hoàn thành các nhiệm vụ nêu trên; báo cáo kết quả \
                 thực hiện (nêu rõ khó khăn, vướng mắc, đề xuất giải pháp và thời hạn hoàn thành \
                 đối với nhiệm vụ chưa hoàn thành) về {issuer} trước ngày {} để tổng hợp, báo cáo.",
                date_short(input.reply_by)
            ),
            b,
        ),
    ));
    out.push_str(&para(
        BODY,
        &run(&format!("Đề nghị {agency} quan tâm, thực hiện./."), b),
    ));
    out
}

const NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
                  xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

fn document_xml(input: &LetterInput) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document {NS}><w:body>{}{}{}\
         <w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/>\
         <w:headerReference w:type=\"first\" r:id=\"rIdHeaderFirst\"/>\
         <w:pgSz w:w=\"{PAGE_W}\" w:h=\"{PAGE_H}\"/>\
         <w:pgMar w:top=\"{MARGIN_TOP}\" w:right=\"{MARGIN_RIGHT}\" w:bottom=\"{MARGIN_BOTTOM}\" \
         w:left=\"{MARGIN_LEFT}\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/>\
         <w:titlePg/></w:sectPr></w:body></w:document>",
        letterhead(input),
        body(input),
        closing(input)
    )
}

/// The page number, centred in the top margin, 13 pt; the first page's
/// header is empty (Decree 30/2020: page 1 carries no number).
fn header_xml(numbered: bool) -> String {
    let content = if numbered {
        let l = look(13.0);
        let field = |instr: &str| {
            format!(
                "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>\
                 <w:r><w:instrText xml:space=\"preserve\">{instr}</w:instrText></w:r>\
                 <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>{}\
                 <w:r><w:fldChar w:fldCharType=\"end\"/></w:r>",
                run("2", l)
            )
        };
        para(CENTER, &field(" PAGE "))
    } else {
        "<w:p/>".to_string()
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:hdr {NS}>{content}</w:hdr>"
    )
}

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rIdHeaderFirst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/></Relationships>"#;

/// The letter as `.docx` bytes. The parts carry the letter's date as their
/// time stamp, so the same input always gives the same bytes.
pub fn letter_docx(input: &LetterInput) -> Result<Vec<u8>, LetterError> {
    let stamp = u16::try_from(input.date.year())
        .ok()
        .and_then(|y| {
            let (m, d) = (input.date.month() as u8, input.date.day() as u8);
            zip::DateTime::from_date_and_time(y, m, d, 0, 0, 0).ok()
        })
        .unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(stamp);
    let parts = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", ROOT_RELS.to_string()),
        ("word/document.xml", document_xml(input)),
        ("word/styles.xml", STYLES.to_string()),
        ("word/header1.xml", header_xml(true)),
        ("word/header2.xml", header_xml(false)),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_string()),
    ];
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in parts {
        zip.start_file(name, options)?;
        zip.write_all(content.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    pub(crate) fn sample() -> LetterInput {
        LetterInput {
            issuer_parent: "UBND tỉnh Khánh Hòa".into(),
            issuer: "Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số".into(),
            issuer_short: "Ban Chỉ đạo".into(),
            symbol: Some("BCĐ-VP".into()),
            place: "Khánh Hòa".into(),
            date: d("2026-11-25"),
            agency: "Sở Tài chính".into(),
            summary: "đôn đốc thực hiện nhiệm vụ quá hạn".into(),
            intro: "Thực hiện Thông báo số 15-TB/BCĐ ngày 17/3/2026 của Ban Chỉ đạo về kết luận \
                    của Trưởng ban tại cuộc họp quý I/2026;"
                .into(),
            tasks: vec![
                LetterTask {
                    text: "Bố trí kinh phí thực hiện các nhiệm vụ khoa học, công nghệ & chuyển đổi số <năm 2026>".into(),
                    directive: "15-TB/BCĐ".into(),
                    due: Some(d("2026-10-31")),
                    days_overdue: 25,
                    progress: "Đang tổng hợp nhu cầu".into(),
                },
                LetterTask {
                    text: "Hướng dẫn các sở, ngành lập dự toán \"chi cho chuyển đổi số\"".into(),
                    directive: "08-TB/BCĐ".into(),
                    due: Some(d("2026-09-30")),
                    days_overdue: 56,
                    progress: String::new(),
                },
            ],
            reply_by: d("2026-12-05"),
            recipients_extra: vec!["Trưởng ban (để b/c)".into(), "Phó Trưởng ban Thường trực;".into()],
            archive: Some("VP".into()),
            signer_title: "KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN".into(),
            signer_name: Some("Nguyễn Văn A".into()),
        }
    }

    /// The package's parts, by name.
    fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
        let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for i in 0..archive.len() {
            if let Ok(mut f) = archive.by_index(i) {
                let name = f.name().map(|n| n.to_string()).unwrap_or_default();
                let mut s = String::new();
                if f.read_to_string(&mut s).is_ok() {
                    out.push((name, s));
                }
            }
        }
        out
    }

    fn part(parts: &[(String, String)], name: &str) -> String {
        parts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| s.clone())
            .unwrap_or_default()
    }

    #[test]
    fn package_has_its_parts_and_the_text() {
        let bytes = letter_docx(&sample()).unwrap_or_default();
        let parts = unzip(&bytes);
        let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names.first(), Some(&"[Content_Types].xml"));
        for want in [
            "_rels/.rels",
            "word/document.xml",
            "word/styles.xml",
            "word/_rels/document.xml.rels",
        ] {
            assert!(names.contains(&want), "{want} in {names:?}");
        }
        let doc = part(&parts, "word/document.xml");
        for want in [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "UBND TỈNH KHÁNH HÒA",
            "BAN CHỈ ĐẠO PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ",
            "Số:        /BCĐ-VP",
            "V/v đôn đốc thực hiện nhiệm vụ quá hạn",
            "Khánh Hòa, ngày 25 tháng 11 năm 2026",
            "Sở Tài chính",
            "Times New Roman",
            "Bố trí kinh phí thực hiện các nhiệm vụ khoa học, công nghệ &amp; chuyển đổi số &lt;năm 2026&gt;",
            "Hướng dẫn các sở, ngành lập dự toán &quot;chi cho chuyển đổi số&quot;",
            "còn 02 nhiệm vụ đã quá hạn",
            "trước ngày 05/12/2026",
            "Nơi nhận:",
            "- Như trên;",
            "- Trưởng ban (để b/c);",
            "- Phó Trưởng ban Thường trực;",
            "- Lưu: VT, VP.",
            "KT. TRƯỞNG BAN",
            "Nguyễn Văn A",
            "Chưa báo cáo",
            "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>",
        ] {
            assert!(doc.contains(want), "{want:?} missing");
        }
        assert!(!doc.contains("<năm 2026>"));
    }

    #[test]
    fn the_output_is_well_formed_enough_and_repeatable() {
        let doc = document_xml(&sample());
        // Every opened element closes: count tags of the structural kinds.
        for tag in ["w:p", "w:tbl", "w:tr", "w:tc", "w:r", "w:t"] {
            let open =
                doc.matches(&format!("<{tag}>")).count() + doc.matches(&format!("<{tag} ")).count();
            let close = doc.matches(&format!("</{tag}>")).count();
            let empty = doc.matches(&format!("<{tag}/>")).count();
            assert_eq!(
                open, close,
                "<{tag}> opened {open}, closed {close} (+{empty} empty)"
            );
        }
        assert_eq!(letter_docx(&sample()).ok(), letter_docx(&sample()).ok());
    }

    #[test]
    fn without_a_signer_or_symbol_placeholders_are_printed() {
        let input = LetterInput {
            signer_name: None,
            symbol: None,
            archive: None,
            ..sample()
        };
        let doc = document_xml(&input);
        assert!(doc.contains("(Ký, ghi rõ họ tên)"));
        assert!(doc.contains("- Lưu: VT."));
        assert!(doc.contains(">Số:        /        <"));
    }

    #[test]
    fn a_long_body_name_breaks_where_the_caller_says() {
        let input = LetterInput {
            issuer: "Ban Chỉ đạo\nchuyển đổi số".into(),
            ..sample()
        };
        assert!(
            document_xml(&input)
                .contains("BAN CHỈ ĐẠO</w:t><w:br/><w:t xml:space=\"preserve\">CHUYỂN ĐỔI SỐ")
        );
    }

    #[test]
    fn control_characters_from_extracted_text_do_not_break_the_xml() {
        let mut input = sample();
        if let Some(t) = input.tasks.first_mut() {
            t.text = "Trang 1\u{c}tiếp theo\u{1}".into();
        }
        let doc = document_xml(&input);
        assert!(
            doc.contains("Trang 1 tiếp theo"),
            "form feed becomes a space"
        );
        assert!(!doc.contains('\u{c}') && !doc.contains('\u{1}'));
    }
}
