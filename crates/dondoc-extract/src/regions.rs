//! The parts of a directive: its body, the parts that only report results,
//! the recipients and signature, the appendix; and the closing formulas that
//! assign nothing.

use crate::layout::{Block, Marker};
use crate::table::is_table_header;
use crate::text::fold;

/// Which part of the document a block is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    Body,
    /// A part that reports past results ("I. KẾT QUẢ ĐẠT ĐƯỢC"): no tasks.
    Results,
    /// "Kính gửi:" and "Nơi nhận:" lists, the signature.
    Recipients,
    Appendix,
}

/// Parts that report, explain or set aims rather than assign work.
const RESULT_WORDS: &[&str] = &[
    "ket qua",
    "danh gia",
    "tinh hinh",
    "thuc trang",
    "ton tai",
    "han che",
    "muc dich",
    "yeu cau",
    "muc tieu",
    "quan diem",
    "su can thiet",
    "can cu",
];
const TASK_WORDS: &[&str] = &[
    "nhiem vu",
    "giai phap",
    "phuong huong",
    "to chuc thuc hien",
    "de xuat",
    "kien nghi",
];

/// Assigns a region to every block.
pub fn regions(blocks: &[Block]) -> (Vec<Region>, usize, usize) {
    let mut out = Vec::with_capacity(blocks.len());
    let mut region = Region::Body;
    let mut body_end = blocks.len();
    let mut appendix_at = blocks.len();
    let mut in_kinh_gui = false;
    for (i, b) in blocks.iter().enumerate() {
        let text = b
            .cells
            .as_ref()
            .and_then(|c| c.iter().find(|c| !c.is_empty()))
            .unwrap_or(&b.text);
        let cell_fold;
        let f: &str = if b.cells.is_some() {
            cell_fold = fold(text);
            &cell_fold
        } else {
            &b.tokens.folded.text
        };
        if f.starts_with("noi nhan") && region != Region::Appendix {
            region = Region::Recipients;
            body_end = body_end.min(i);
        } else if region == Region::Recipients && b.cells.is_none() && opens_attached(b, f) {
            // A decision that issues a plan or rules carries them after its
            // signature: the attached document assigns the work.
            region = Region::Body;
            appendix_at = appendix_at.min(i);
        } else if region != Region::Appendix
            && ((f.starts_with("phu luc") && text.chars().count() < 120)
                || (region == Region::Recipients
                    && b.cells.is_some()
                    && is_table_header(b).is_some()))
        {
            // "Phụ lục", or a task table after the recipients, opens the appendix.
            region = Region::Appendix;
            appendix_at = i;
        } else if b.marker == Some(Marker::Roman) && region != Region::Recipients {
            let results = RESULT_WORDS.iter().any(|w| f.contains(w))
                && !TASK_WORDS.iter().any(|w| f.contains(w));
            if region != Region::Appendix {
                region = if results {
                    Region::Results
                } else {
                    Region::Body
                };
            }
        }
        if b.cells.is_none() && opens_addressees(b) {
            in_kinh_gui = true;
            out.push(Region::Recipients);
            continue;
        }
        if in_kinh_gui {
            if b.marker == Some(Marker::Dash) {
                out.push(Region::Recipients);
                continue;
            }
            in_kinh_gui = false;
        }
        out.push(region);
    }
    (out, body_end, appendix_at)
}

/// The line that opens the list of those a letter is sent to: "Kính gửi:",
/// or a dispatch's "CHỦ TỊCH UBND TỈNH điện:" (the verb as written: "xã
/// Phong Điền:" is a place).
pub(crate) fn opens_addressees(b: &Block) -> bool {
    let f = b.tokens.folded.text.trim_end();
    f.starts_with("kinh gui") || (b.text.trim_end().ends_with(" điện:") && f.len() < 80)
}

/// Kinds of document a decision issues and carries after its signature.
const ATTACHED_KINDS: &[&str] = &[
    "ke hoach",
    "quy che",
    "quy dinh",
    "chuong trinh",
    "chuong trinh hanh dong",
    "de an",
    "phuong an",
    "huong dan",
];

/// The start of a document attached to a decision, after its signature: its
/// kind alone in capitals ("KẾ HOẠCH", "QUY CHẾ"), or the line saying what
/// issued it ("(Ban hành kèm theo Quyết định số ...)").
fn opens_attached(b: &Block, f: &str) -> bool {
    let f = f.trim().trim_end_matches(':').trim();
    (crate::text::is_all_caps(&b.text) && ATTACHED_KINDS.contains(&f))
        || f.starts_with("(ban hanh kem theo")
}

/// A closing formula ("Thông báo ý kiến ... đến các cơ quan biết, thực hiện./.").
pub(crate) fn is_closing(f: &str, marked: bool) -> bool {
    let this_document = [
        "chi thi nay",
        "ke hoach nay",
        "thong bao nay",
        "van ban nay",
        "quyet dinh nay",
        "cong van nay",
    ];
    // An unnumbered last paragraph urging everyone to carry out "this directive".
    if !marked
        && f.trim_end().ends_with("./.")
        && (this_document.iter().any(|d| f.contains(d)) || f.contains("nghiem tuc thuc hien"))
    {
        return true;
    }
    let tells_to_know = f.contains("biet")
        && (f.contains("biet, thuc hien")
            || f.contains("biet thuc hien")
            || f.contains("biet va thuc hien")
            || f.contains("de biet,"));
    tells_to_know
        // "Điều 3. Chánh Văn phòng ..., Giám đốc ... chịu trách nhiệm thi hành Quyết định này."
        || f.contains("chiu trach nhiem thi hanh")
        || f.starts_with("thong bao y kien")
        || f.starts_with("trong qua trinh thuc hien")
        || f.starts_with("can cu")
        || f.starts_with("thong bao ket luan")
        // "UBND tỉnh thông báo kết luận của đồng chí ... như sau:", "... có ý kiến như sau:"
        || (!marked
            && (f.contains("thong bao ket luan")
                || f.contains("thong bao y kien")
                || f.contains("ket luan nhu sau")
                || f.contains("y kien nhu sau")))
        || f.starts_with("tren day la")
        || f.starts_with("(sao gui")
        || f.starts_with("(kem theo")
        || f.starts_with("kem theo")
}
