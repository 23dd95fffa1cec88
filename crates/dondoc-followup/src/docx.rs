//! The WordprocessingML pieces the Decree 30/2020 documents share (the
//! follow-up letter, the consolidated report): runs and paragraphs in Times
//! New Roman, ruled header blocks, fixed-width tables, the letterhead, the
//! "Nơi nhận" and signature block, the numbered page header, and the zip
//! package. Written by hand; every piece of text passes through one XML
//! escape ([`crate::text::xml`]).

use std::io::{Cursor, Write};

use chrono::{Datelike, NaiveDate};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::text::{one_line, place_and_date, xml};

// Page geometry in twentieths of a point (twips): A4, margins top and bottom
// 20 mm, left 30 mm, right 15 mm.
pub(crate) const PAGE_W: u32 = 11906;
pub(crate) const PAGE_H: u32 = 16838;
pub(crate) const MARGIN_TOP: u32 = 1134;
pub(crate) const MARGIN_BOTTOM: u32 = 1134;
pub(crate) const MARGIN_LEFT: u32 = 1701;
pub(crate) const MARGIN_RIGHT: u32 = 851;
pub(crate) const TEXT_W: u32 = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT;
/// The header's columns: the issuing body, and the national name and motto
/// (wide enough for "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" at 12 pt bold).
pub(crate) const HEAD_LEFT: u32 = 3686;
pub(crate) const HEAD_RIGHT: u32 = TEXT_W - HEAD_LEFT;
/// First-line indent of body paragraphs: 1.27 cm.
pub(crate) const INDENT: u32 = 720;
pub(crate) const FONT: &str = "Times New Roman";

/// How a run of text looks. Sizes in points.
#[derive(Clone, Copy)]
pub(crate) struct Look {
    pub(crate) pt: f32,
    pub(crate) bold: bool,
    pub(crate) italic: bool,
}

pub(crate) const fn look(pt: f32) -> Look {
    Look {
        pt,
        bold: false,
        italic: false,
    }
}

impl Look {
    pub(crate) const fn bold(self) -> Look {
        Look { bold: true, ..self }
    }
    pub(crate) const fn italic(self) -> Look {
        Look {
            italic: true,
            ..self
        }
    }
}

/// One run; newlines in `text` become line breaks.
pub(crate) fn run(text: &str, l: Look) -> String {
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
pub(crate) struct Layout {
    pub(crate) align: &'static str,
    /// Space before and after, in points.
    pub(crate) before: u32,
    pub(crate) after: u32,
    pub(crate) first_line: u32,
    /// Line spacing in 240ths of a line (240 = single).
    pub(crate) line: u32,
}

pub(crate) const CENTER: Layout = Layout {
    align: "center",
    before: 0,
    after: 0,
    first_line: 0,
    line: 240,
};
pub(crate) const LEFT: Layout = Layout {
    align: "left",
    ..CENTER
};
/// Body text: justified, indented, 6 pt after, 1.15 lines (Decree: single to 1.5).
pub(crate) const BODY: Layout = Layout {
    align: "both",
    before: 0,
    after: 6,
    first_line: INDENT,
    line: 276,
};

pub(crate) fn para_with(layout: Layout, extra: &str, runs: &str) -> String {
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

pub(crate) fn para(layout: Layout, runs: &str) -> String {
    para_with(layout, "", runs)
}

/// A thin horizontal rule `width` twips long, centred in a column `column`
/// twips wide: an empty, tiny paragraph with a top border between indents,
/// 2.5 pt below the text above so that it does not read as an underline.
pub(crate) fn rule(column: u32, width: u32) -> String {
    rule_after(column, width, 50)
}

/// A rule as [`rule`], `before` twips below the text above (a bold 14 pt
/// title needs more room than the letterhead's 13 pt).
pub(crate) fn rule_after(column: u32, width: u32, before: u32) -> String {
    let side = column.saturating_sub(width) / 2;
    format!(
        "<w:p><w:pPr><w:pBdr><w:top w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"000000\"/></w:pBdr>\
         <w:spacing w:before=\"{before}\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>\
         <w:ind w:left=\"{side}\" w:right=\"{side}\"/><w:jc w:val=\"center\"/>\
         <w:rPr><w:sz w:val=\"4\"/></w:rPr></w:pPr></w:p>"
    )
}

pub(crate) fn cell(width: u32, content: &str) -> String {
    // A cell must hold at least one paragraph.
    let content = if content.is_empty() {
        "<w:p/>"
    } else {
        content
    };
    format!("<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/></w:tcPr>{content}</w:tc>")
}

/// A table with fixed column widths; `borders` draws the grid.
pub(crate) fn table(widths: &[u32], rows: &[String], borders: bool) -> String {
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

pub(crate) fn row(cells: &[String], header: bool) -> String {
    let props = if header {
        "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>"
    } else {
        ""
    };
    format!("<w:tr>{props}{}</w:tr>", cells.concat())
}

/// Keeps the caller's line breaks (a long body name is broken by hand), and
/// tidies each line.
pub(crate) fn lines(s: &str) -> String {
    s.lines()
        .map(one_line)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// What the letterhead says.
pub(crate) struct Head<'a> {
    /// The parent body, set in capitals.
    pub(crate) parent: &'a str,
    /// The issuing body, set in bold capitals; newlines break the line.
    pub(crate) issuer: &'a str,
    /// The symbol after the blank number ("BCĐ-VP").
    pub(crate) symbol: Option<&'a str>,
    /// A công văn's "V/v …" line under the number; none for a document that
    /// carries its type name ("BÁO CÁO") under the letterhead instead.
    pub(crate) summary: Option<String>,
    pub(crate) place: &'a str,
    pub(crate) date: NaiveDate,
}

/// The letterhead: issuing body and number on the left; national name,
/// motto, place and date on the right.
pub(crate) fn letterhead(head: &Head) -> String {
    let h = look(13.0);
    let number = match head.symbol.map(str::trim) {
        Some(s) if !s.is_empty() => format!("Số:        /{s}"),
        _ => "Số:        /        ".to_string(),
    };
    let issuer = [
        para(CENTER, &run(&lines(head.parent).to_uppercase(), h)),
        para(CENTER, &run(&lines(head.issuer).to_uppercase(), h.bold())),
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
    let mut number_block = para(
        Layout {
            before: 6,
            ..CENTER
        },
        &run(&number, h),
    );
    if let Some(summary) = &head.summary {
        number_block.push_str(&para(CENTER, &run(summary, look(12.0))));
    }
    let dated = para(
        Layout {
            before: 6,
            ..CENTER
        },
        &run(
            &place_and_date(&one_line(head.place), head.date),
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

/// The "Nơi nhận" lines: `first` ("- Như trên;") if any, then each
/// recipient as "- X;", then "- Lưu: VT, <archive>.".
pub(crate) fn recipient_lines(
    first: Option<&str>,
    recipients: &[String],
    archive: Option<&str>,
) -> Vec<String> {
    let mut out: Vec<String> = first.map(str::to_string).into_iter().collect();
    out.extend(
        recipients
            .iter()
            .map(|r| one_line(r).trim_end_matches([';', '.']).to_string())
            .filter(|r| !r.is_empty())
            .map(|r| format!("- {};", r.trim_start_matches(['-', ' ']))),
    );
    let archive = match archive.map(one_line) {
        Some(a) if !a.is_empty() => format!("- Lưu: VT, {}.", a.trim_end_matches('.')),
        _ => "- Lưu: VT.".to_string(),
    };
    out.push(archive);
    out
}

/// "Nơi nhận:" on the left, the signature on the right, across `width`.
pub(crate) fn closing(
    recipients: &[String],
    signer_title: &str,
    signer_name: Option<&str>,
    width: u32,
) -> String {
    let left = std::iter::once(para(
        Layout { before: 12, ..LEFT },
        &run("Nơi nhận:", look(12.0).bold().italic()),
    ))
    .chain(recipients.iter().map(|r| para(LEFT, &run(r, look(11.0)))))
    .collect::<String>();

    let s = look(14.0).bold();
    let mut right: String = signer_title
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
    match signer_name.map(one_line) {
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
    let right_w = width.saturating_sub(LEFT_W);
    table(
        &[LEFT_W, right_w],
        &[row(&[cell(LEFT_W, &left), cell(right_w, &right)], false)],
        false,
    )
}

pub(crate) const NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
                  xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

/// The page number, centred in the top margin, 13 pt; the first page's
/// header is empty (Decree 30/2020: page 1 carries no number).
pub(crate) fn header_xml(numbered: bool) -> String {
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

pub(crate) const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#;

pub(crate) const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/></Types>"#;

pub(crate) const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

pub(crate) const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rIdHeaderFirst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/></Relationships>"#;

/// The `.docx` package of a document part (headers, styles and relations
/// are the shared ones). The parts carry `date` as their time stamp, so the
/// same input always gives the same bytes.
pub(crate) fn package<E>(date: NaiveDate, document: String) -> Result<Vec<u8>, E>
where
    E: From<zip::result::ZipError> + From<std::io::Error>,
{
    let stamp = u16::try_from(date.year())
        .ok()
        .and_then(|y| {
            let (m, d) = (date.month() as u8, date.day() as u8);
            zip::DateTime::from_date_and_time(y, m, d, 0, 0, 0).ok()
        })
        .unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(stamp);
    let parts = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", ROOT_RELS.to_string()),
        ("word/document.xml", document),
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
