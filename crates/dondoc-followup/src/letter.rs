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

use chrono::NaiveDate;

use crate::docx::{
    self, BODY, CENTER, Head, LEFT, Layout, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP,
    NS, PAGE_H, PAGE_W, TEXT_W, cell, look, para, recipient_lines, row, run, table,
};
use crate::text::{date_short, one_line};

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

/// The letterhead, with the "V/v" summary under the number.
fn letterhead(input: &LetterInput) -> String {
    let summary = one_line(&input.summary);
    let summary = if summary.starts_with("V/v") {
        summary
    } else {
        format!("V/v {summary}")
    };
    docx::letterhead(&Head {
        parent: &input.issuer_parent,
        issuer: &input.issuer,
        symbol: input.symbol.as_deref(),
        summary: Some(summary),
        place: &input.place,
        date: input.date,
    })
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

/// "Nơi nhận:" (the addressee first: "Như trên") and the signature.
fn closing(input: &LetterInput) -> String {
    let recipients = recipient_lines(
        Some("- Như trên;"),
        &input.recipients_extra,
        input.archive.as_deref(),
    );
    docx::closing(
        &recipients,
        &input.signer_title,
        input.signer_name.as_deref(),
        TEXT_W,
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

/// The letter as `.docx` bytes. The parts carry the letter's date as their
/// time stamp, so the same input always gives the same bytes.
pub fn letter_docx(input: &LetterInput) -> Result<Vec<u8>, LetterError> {
    docx::package(input.date, document_xml(input))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Read};

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
