//! How alike two task statements are: a task restated in an appendix table,
//! or in a later directive, uses mostly the same content words.

use crate::token::{Kind, Tokens};

/// Function words that say nothing about what the task is.
const STOP: &[&str] = &[
    "va", "cac", "cua", "cho", "voi", "trong", "de", "tai", "theo", "ve", "nhung", "mot", "la",
    "duoc", "co", "nay", "do", "tu", "den", "tren", "khi", "thi", "ma", "nhu", "hoac", "cung",
    "viec", "nham", "ngay", "thang", "nam",
];

/// Abbreviations written out, so "KHCN" meets "khoa học và công nghệ".
fn expand(w: &str) -> &[&'static str] {
    match w {
        "khcn" => &["khoa", "hoc", "cong", "nghe"],
        "dmst" => &["doi", "moi", "sang", "tao"],
        "cds" => &["chuyen", "doi", "so"],
        "cntt" => &["cong", "nghe", "thong", "tin"],
        "nsnn" => &["ngan", "sach", "nha", "nuoc"],
        "ubnd" => &["uy", "ban", "nhan", "dan"],
        _ => &[],
    }
}

/// The content words of a text, sorted and without repeats.
pub fn content_words(text: &str) -> Vec<String> {
    words_of(&Tokens::new(text))
}

/// The content words of tokens already made.
fn words_of(t: &Tokens) -> Vec<String> {
    let mut out = Vec::new();
    for i in 0..t.len() {
        if t.kind(i) != Some(Kind::Word) {
            continue;
        }
        let w = t.s(i);
        let exp = expand(w);
        if exp.is_empty() {
            if !STOP.contains(&w) {
                out.push(w.to_owned());
            }
        } else {
            out.extend(exp.iter().map(|s| (*s).to_owned()));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Overlap of the smaller statement with the larger one, 0.0–1.0, and the
/// number of shared words.
pub fn overlap(a: &[String], b: &[String]) -> (f64, usize) {
    // Both are sorted: count the common words in one walk.
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let small = a.len().min(b.len());
    if small == 0 {
        return (0.0, 0);
    }
    (shared as f64 / small as f64, shared)
}

/// How alike two statements are as wholes (Dice: shared words over the
/// average size), 0.0–1.0. Unlike [`overlap`], a short line contained in a
/// long task scores low: a restatement must say most of what the task says.
pub fn likeness(a: &[String], b: &[String]) -> f64 {
    let (_, shared) = overlap(a, b);
    let total = a.len() + b.len();
    if total == 0 {
        0.0
    } else {
        2.0 * shared as f64 / total as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_line_inside_a_long_task_is_not_alike() {
        let attendee = content_words("Văn phòng UBND tỉnh.");
        let task = content_words(
            "Giao Sở Khoa học và Công nghệ chủ trì, phối hợp Văn phòng UBND tỉnh xây dựng quy chế quản lý dữ liệu",
        );
        assert!(overlap(&attendee, &task).0 > 0.9, "contained");
        assert!(likeness(&attendee, &task) < 0.5, "but not alike");
        let restated = content_words(
            "Sở Khoa học và Công nghệ chủ trì phối hợp Văn phòng UBND tỉnh xây dựng quy chế quản lý dữ liệu của tỉnh",
        );
        assert!(likeness(&restated, &task) > 0.8);
    }

    #[test]
    fn restated_tasks_overlap() {
        let row = content_words("Đề xuất nhiệm vụ Khoa học công nghệ giai đoạn 2026-2030");
        let body = content_words(
            "Các sở, ban, ngành, địa phương khẩn trương rà soát, đề xuất danh mục nhiệm vụ khoa học và công nghệ giai đoạn 2026 - 2030",
        );
        assert!(overlap(&row, &body).0 > 0.8);
        let other = content_words(
            "Xây dựng kịch bản phát triển Kinh tế số chi tiết cho từng ngành, lĩnh vực",
        );
        assert!(overlap(&row, &other).0 < 0.3);
    }
}
