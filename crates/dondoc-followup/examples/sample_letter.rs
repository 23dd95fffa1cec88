//! Writes a sample follow-up letter, to look at the layout:
//! `cargo run -p dondoc-followup --example sample_letter -- letter.docx`
//! (then `libreoffice --headless --convert-to pdf letter.docx`).

use chrono::NaiveDate;
use dondoc_followup::{LetterInput, LetterTask, letter_docx};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "letter.docx".into());
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).ok_or("bad date");
    let texts = [
        "Bố trí kinh phí thực hiện các nhiệm vụ khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số năm 2026 theo Nghị quyết số 57-NQ/TW",
        "Hướng dẫn các sở, ban, ngành và UBND cấp xã lập dự toán chi cho chuyển đổi số",
        "Rà soát, cắt giảm thủ tục hành chính & tái cấu trúc quy trình trên Cổng Dịch vụ công",
        "Xây dựng cơ sở dữ liệu tài chính công dùng chung của tỉnh",
        "Báo cáo tình hình giải ngân vốn cho các dự án chuyển đổi số",
        "Đề xuất cơ chế đặt hàng nhiệm vụ khoa học và công nghệ",
        "Tổ chức tập huấn kỹ năng số cho cán bộ, công chức",
        "Hoàn thành số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    ];
    let tasks = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            Ok(LetterTask {
                text: (*t).to_string(),
                directive: if i % 2 == 0 {
                    "15-TB/BCĐ"
                } else {
                    "1489/KH-UBND"
                }
                .to_string(),
                due: Some(d(2026, 10, 31 - i as u32 * 3)?),
                days_overdue: 25 + i as u32 * 3,
                progress: if i % 3 == 0 {
                    String::new()
                } else {
                    "Đang thực hiện, đạt 60%".into()
                },
            })
        })
        .collect::<Result<Vec<_>, &str>>()?;
    let input = LetterInput {
        issuer_parent: "UBND tỉnh Khánh Hòa".into(),
        issuer: "Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số"
            .into(),
        issuer_short: "Ban Chỉ đạo".into(),
        symbol: Some("BCĐ-VP".into()),
        place: "Khánh Hòa".into(),
        date: d(2026, 11, 25)?,
        agency: "Sở Tài chính".into(),
        summary: "đôn đốc thực hiện nhiệm vụ quá hạn".into(),
        intro: "Thực hiện Thông báo số 15-TB/BCĐ ngày 17/3/2026 của Ban Chỉ đạo về kết luận của \
                Trưởng ban tại cuộc họp quý I/2026 và Kế hoạch số 1489/KH-UBND ngày 02/4/2026 của \
                UBND tỉnh, Ban Chỉ đạo theo dõi, đôn đốc việc thực hiện các nhiệm vụ được giao."
            .into(),
        tasks,
        reply_by: d(2026, 12, 5)?,
        recipients_extra: vec![
            "Trưởng ban (để b/c)".into(),
            "Phó Trưởng ban Thường trực".into(),
        ],
        archive: Some("VP".into()),
        signer_title: "KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN".into(),
        signer_name: Some("Nguyễn Văn A".into()),
    };
    std::fs::write(&out, letter_docx(&input)?)?;
    println!("{out}");
    Ok(())
}
