//! Text lines with their boxes back into the reader's shape. Both the words
//! tesseract recognises on a scan and the words poppler reads from a PDF's
//! text layer come with boxes; the boxes tell which lines of a paragraph were
//! wrapped by the page width (joined again), which lines stand apart (a
//! heading, an item, a letterhead column), and, with the rules found in the
//! page image (`grid`), which words make up one cell of a table.
//!
//! Coordinates are pixels at 300 dpi.

/// A word and its box, in pixels.
#[derive(Debug, Clone)]
pub struct Word {
    pub left: i32,
    pub top: i32,
    pub right: i32,
    pub bottom: i32,
    pub text: String,
}

/// A line: its words, left to right.
#[derive(Debug, Clone)]
pub struct Line {
    pub left: i32,
    pub top: i32,
    pub right: i32,
    pub bottom: i32,
    pub words: Vec<Word>,
}

impl Line {
    pub fn text(&self) -> String {
        let words: Vec<&str> = self.words.iter().map(|w| w.text.as_str()).collect();
        words.join(" ")
    }
}

/// One page: its width and its lines in reading order.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub width: i32,
    pub lines: Vec<Line>,
    /// Ruled tables found in the page image.
    pub grids: Vec<crate::grid::Grid>,
}

/// Most words on a page whose tables are read as tables.
const MAX_GRID_WORDS: usize = 20_000;

impl Page {
    /// Scales every box by `k` (to bring them to 300 dpi).
    pub fn scale(&mut self, k: f64) {
        if (k - 1.0).abs() < 1e-9 {
            return;
        }
        let s = |v: &mut i32| *v = (f64::from(*v) * k).round() as i32;
        s(&mut self.width);
        for line in &mut self.lines {
            for v in [
                &mut line.left,
                &mut line.top,
                &mut line.right,
                &mut line.bottom,
            ] {
                s(v);
            }
            for w in &mut line.words {
                for v in [&mut w.left, &mut w.top, &mut w.right, &mut w.bottom] {
                    s(v);
                }
            }
        }
    }

    /// Letters on the page.
    pub fn letters(&self) -> usize {
        self.lines
            .iter()
            .flat_map(|l| &l.words)
            .map(|w| w.text.chars().filter(|c| c.is_alphabetic()).count())
            .sum()
    }
}

/// The value most lines share within `tol` (the largest, on a tie).
fn mode(values: &[i32], tol: i32) -> Option<(i32, usize)> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    // For each value, the values within `tol` either side: two moving bounds.
    let (mut lo, mut hi) = (0usize, 0usize);
    let mut best: Option<(i32, usize)> = None;
    for &v in &sorted {
        while sorted.get(lo).is_some_and(|&w| w < v.saturating_sub(tol)) {
            lo += 1;
        }
        while sorted.get(hi).is_some_and(|&w| w <= v.saturating_add(tol)) {
            hi += 1;
        }
        let n = hi - lo;
        if best.is_none_or(|(_, bn)| n >= bn) {
            best = Some((v, n));
        }
    }
    best
}

/// The body's left and right edges on a page: where most full lines start
/// and end. None when the page has too few lines to tell.
fn margins(page: &Page) -> Option<(i32, i32)> {
    let width = page.width.max(1);
    let wide: Vec<&Line> = page
        .lines
        .iter()
        .filter(|l| (l.right - l.left) * 2 > width)
        .collect();
    if wide.len() < 3 {
        return None;
    }
    let tol = width / 100;
    let rights: Vec<i32> = wide.iter().map(|l| l.right).collect();
    let lefts: Vec<i32> = wide.iter().map(|l| l.left).collect();
    let (mut right, nr) = mode(&rights, tol)?;
    // Ragged text has no common right edge: its margin is where the longest
    // lines end (the second longest, against a stray wide line).
    if nr < 3 {
        let mut sorted = rights.clone();
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        right = sorted.get(1).copied().unwrap_or(right);
    }
    let (left, nl) = mode(&lefts, tol)?;
    (nl >= 2 && right > left).then_some((left, right))
}

/// "1.", "2)", "a)", "IV.", "-", "+", "•": the start of an item.
fn starts_item(text: &str) -> bool {
    if text.starts_with(['-', '+', '•', '–', '*']) {
        return true;
    }
    let head: String = text
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == 'đ')
        .collect();
    let rest = text.get(head.len()..).unwrap_or("");
    let n = head.chars().count();
    let marked =
        rest.starts_with(['.', ')']) && rest.chars().nth(1).is_none_or(char::is_whitespace);
    let digits = n <= 2 && head.chars().all(|c| c.is_ascii_digit());
    let roman = n <= 4 && head.chars().all(|c| "IVXLivxl".contains(c));
    let letter = n == 1;
    n > 0 && marked && (digits || roman || letter)
}

/// A page's text in the reader's shape: one paragraph per line,
/// a table row as tab-separated cells.
pub fn page_text(page: &Page, fallback: Option<(i32, i32)>) -> Vec<String> {
    let margins = margins(page).or(fallback);
    let mut heights: Vec<i32> = page.lines.iter().map(|l| l.bottom - l.top).collect();
    heights.sort_unstable();
    let line_height = heights.get(heights.len() / 2).copied().unwrap_or(40).max(1);
    let mut out: Vec<String> = Vec::new();
    // Lines inside a ruled table become its rows, emitted where the table starts.
    let mut in_table = vec![false; page.lines.len()];
    let mut tables: Vec<(i32, Vec<String>)> = Vec::new();
    let words: usize = page.lines.iter().map(|l| l.words.len()).sum();
    // Placing words in cells costs words × rules: no page of a directive
    // has this many words; a crafted one gets its words as lines.
    let grids: &[crate::grid::Grid] = if words > MAX_GRID_WORDS {
        &[]
    } else {
        &page.grids
    };
    for grid in grids {
        let (rows, used) = grid.rows(&page.lines);
        for i in used {
            if let Some(f) = in_table.get_mut(i) {
                *f = true;
            }
        }
        if !rows.is_empty() {
            tables.push((grid.top(), rows));
        }
    }
    tables.sort_by_key(|t| t.0);
    let mut tables = tables.into_iter().peekable();
    let mut prev: Option<&Line> = None;
    let mut joinable = false;
    for (i, line) in page.lines.iter().enumerate() {
        if in_table.get(i).copied().unwrap_or(false) {
            continue;
        }
        while let Some((_, rows)) = tables.next_if(|t| t.0 <= line.top) {
            out.extend(rows);
            prev = None;
        }
        let text = line.text();
        let join = joinable
            && prev.is_some_and(|a| {
                let (left, right) = margins.unwrap_or((0, 0));
                let width = (right - left).max(1);
                // Wrapped: the next line's first word would not have fitted at
                // the end of this one (justified text ends at the margin; ragged
                // text ends where the next word did not fit).
                let first = line.words.first().map_or(0, |w| w.right - w.left);
                let full = a.right + first + line_height / 3 >= right - width / 100;
                let flush = (line.left - left).abs() <= width * 2 / 100;
                let close = line.top - a.bottom < line_height;
                let new_item = starts_item(&text)
                    && out
                        .last()
                        .is_some_and(|p| p.trim_end().ends_with(['.', ':', ';', '!', '?']));
                full && flush && close && !new_item
            });
        match out.last_mut() {
            Some(last) if join => {
                last.push(' ');
                last.push_str(&text);
            }
            _ => out.push(text),
        }
        joinable = margins.is_some();
        prev = Some(line);
    }
    for (_, rows) in tables {
        out.extend(rows);
    }
    out
}

/// Body margins shared by the pages, for pages with too few lines to tell.
pub fn document_margins(pages: &[&Page]) -> Option<(i32, i32)> {
    let found: Vec<(i32, i32)> = pages.iter().filter_map(|p| margins(p)).collect();
    let lefts: Vec<i32> = found.iter().map(|m| m.0).collect();
    let rights: Vec<i32> = found.iter().map(|m| m.1).collect();
    let tol = pages.iter().map(|p| p.width).max().unwrap_or(0) / 100;
    Some((mode(&lefts, tol)?.0, mode(&rights, tol)?.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(left: i32, top: i32, right: i32, text: &str) -> Word {
        Word {
            left,
            top,
            right,
            bottom: top + 40,
            text: text.into(),
        }
    }

    /// A line of words set from `left` to `right`, each as wide as its letters.
    fn line(left: i32, top: i32, right: i32, text: &str) -> Line {
        let words: Vec<&str> = text.split(' ').collect();
        let letters: i32 = words.iter().map(|w| w.chars().count() as i32).sum();
        let gaps = (words.len() as i32 - 1).max(0);
        // A letter is 20 px; what is left is shared by the spaces.
        let space = if gaps > 0 {
            ((right - left) - letters * 20) / gaps
        } else {
            0
        };
        let mut x = left;
        let mut ws = Vec::new();
        for t in words {
            let w = t.chars().count() as i32 * 20;
            ws.push(word(x, top, x + w, t));
            x += w + space;
        }
        Line {
            left,
            top,
            right,
            bottom: top + 40,
            words: ws,
        }
    }

    #[test]
    fn wrapped_lines_join_items_and_indents_do_not() {
        let page = Page {
            width: 2480,
            lines: vec![
                line(1000, 100, 1500, "THÔNG BÁO"),
                line(
                    470,
                    200,
                    2240,
                    "Ngày 16/4/2026, Ban Chỉ đạo tổ chức hội nghị giao ban",
                ),
                line(354, 260, 2240, "Thường trực quý I/2026, theo Nghị quyết số"),
                line(354, 320, 1600, "48-NQ/TU, ngày 20/02/2025 của Tỉnh ủy."),
                line(
                    470,
                    380,
                    2240,
                    "1. Giao Sở Khoa học và Công nghệ chủ trì, phối hợp",
                ),
                line(354, 440, 1200, "Sở Tài chính thực hiện."),
                line(
                    354,
                    500,
                    2241,
                    "- Rà soát thủ tục hành chính, hoàn thành trước ngày",
                ),
                line(354, 560, 900, "30/6/2026;"),
                line(354, 620, 900, "- Báo cáo kết quả."),
            ],
            grids: Vec::new(),
        };
        let text = page_text(&page, None);
        assert_eq!(
            text,
            vec![
                "THÔNG BÁO",
                "Ngày 16/4/2026, Ban Chỉ đạo tổ chức hội nghị giao ban Thường trực quý I/2026, theo Nghị quyết số 48-NQ/TU, ngày 20/02/2025 của Tỉnh ủy.",
                "1. Giao Sở Khoa học và Công nghệ chủ trì, phối hợp Sở Tài chính thực hiện.",
                "- Rà soát thủ tục hành chính, hoàn thành trước ngày 30/6/2026;",
                "- Báo cáo kết quả.",
            ]
        );
    }

    #[test]
    fn ragged_lines_join_where_the_next_word_did_not_fit() {
        let page = Page {
            width: 2480,
            lines: vec![
                line(
                    354,
                    100,
                    2150,
                    "Giao Sở Tài chính chủ trì, phối hợp với các cơ quan liên quan rà",
                ),
                line(
                    354,
                    160,
                    2110,
                    "soát, tổng hợp nhu cầu kinh phí năm 2026 của các cơ quan, đơn",
                ),
                line(354, 220, 900, "vị; báo cáo UBND tỉnh."),
                line(354, 280, 800, "Sở Nội vụ thực hiện."),
                line(
                    354,
                    340,
                    2200,
                    "Công an tỉnh chủ trì, phối hợp các cơ quan có liên quan triển khai",
                ),
            ],
            grids: Vec::new(),
        };
        assert_eq!(
            page_text(&page, None),
            vec![
                "Giao Sở Tài chính chủ trì, phối hợp với các cơ quan liên quan rà soát, tổng hợp nhu cầu kinh phí năm 2026 của các cơ quan, đơn vị; báo cáo UBND tỉnh.",
                "Sở Nội vụ thực hiện.",
                "Công an tỉnh chủ trì, phối hợp các cơ quan có liên quan triển khai",
            ]
        );
    }

    #[test]
    fn item_starts() {
        for t in [
            "1. Giao",
            "12) Sở",
            "a) Sở",
            "đ) Sở",
            "IV. NHIỆM VỤ",
            "- Rà soát",
            "+ Lập",
        ] {
            assert!(starts_item(t), "{t}");
        }
        for t in ["48-NQ/TU, ngày", "2026. Giao", "Sở", "UBND.", "1.5 tỷ"] {
            assert!(!starts_item(t), "{t}");
        }
    }
}
