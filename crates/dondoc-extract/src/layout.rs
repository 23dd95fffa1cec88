//! Lines to blocks: Markdown marks stripped, sentences and table rows broken
//! by a page break joined again, list markers recognised.

use crate::text::{Plain, squash_ws, strip_markdown};
use crate::token::Tokens;

/// The list marker that opens a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Marker {
    /// `I.`, `II-`: parts of the document.
    Roman,
    /// `Điều 1.`: articles of a decision.
    Article,
    /// `1.`, `2)`; the depth counts `1.2.` levels.
    Number(u8),
    /// `a)`, `b.`
    Letter,
    /// `(1)`, `(a)`
    Paren,
    /// `-`, `•`
    Dash,
    /// `+`
    Plus,
    /// A bold line without a marker, used as a heading.
    BoldLine,
}

#[derive(Debug, Clone)]
pub struct Block {
    /// First and last input line (1-based).
    pub first: usize,
    pub last: usize,
    /// Text without Markdown marks, whitespace squashed, marker included.
    pub text: String,
    pub marker: Option<Marker>,
    /// Byte offset in `text` where the content after the marker begins.
    pub body_at: usize,
    pub bold: bool,
    pub heading: u8,
    /// Cells when the block is a table row.
    pub cells: Option<Vec<String>>,
    /// Where each joined input line starts in `text`: (byte offset, line).
    pub line_at: Vec<(usize, usize)>,
    /// A blank line or page break stands before the block.
    pub gap_before: bool,
    /// The tokens of `text`, computed once.
    pub tokens: Tokens,
}

impl Block {
    pub fn body(&self) -> &str {
        self.text.get(self.body_at..).unwrap_or("")
    }

    /// The input line holding byte `offset` of `text`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_at
            .iter()
            .rev()
            .find(|(o, _)| *o <= offset)
            .map_or(self.first, |(_, l)| *l)
    }
}

/// Recognises a list marker at the start of `s`; returns it with the byte
/// length of the marker and the spaces after it.
pub fn marker(s: &str) -> Option<(Marker, usize)> {
    let b = s.as_bytes();
    let first = *b.first()?;
    let spaces = |from: usize| from + s.get(from..).map_or(0, |r| r.len() - r.trim_start().len());
    // Dashes and bullets.
    for d in ["-", "–", "—", "•", "·", "▪", "●", "◦", "*"] {
        if let Some(rest) = s.strip_prefix(d) {
            let next = rest.chars().next();
            if d == "*" && next != Some(' ') {
                continue;
            }
            // "-5%" or "--" are not bullets.
            if next.is_some_and(|c| c.is_ascii_digit() || c == '-') {
                continue;
            }
            return Some((Marker::Dash, spaces(d.len())));
        }
    }
    if let Some(rest) = s.strip_prefix('+')
        && !rest.starts_with(|c: char| c.is_ascii_digit())
    {
        return Some((Marker::Plus, spaces(1)));
    }
    // "(1)", "(a)"
    if first == b'(' {
        let close = s.find(')')?;
        let inner = s.get(1..close)?;
        let ok =
            (!inner.is_empty() && inner.len() <= 2 && inner.bytes().all(|c| c.is_ascii_digit()))
                || (inner.len() == 1 && inner.bytes().all(|c| c.is_ascii_lowercase()));
        return ok.then(|| (Marker::Paren, spaces(close + 1)));
    }
    // "Điều 1."
    if let Some(rest) = s.strip_prefix("Điều ") {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            let mut end = "Điều ".len() + digits;
            if s.as_bytes()
                .get(end)
                .is_some_and(|c| matches!(c, b'.' | b':'))
            {
                end += 1;
            }
            return Some((Marker::Article, spaces(end)));
        }
    }
    // "1.", "2)", "1.2.", "1.2 "
    if first.is_ascii_digit() {
        let mut i = 0;
        let mut depth = 0u8;
        loop {
            let digits = b
                .get(i..)
                .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count());
            if digits == 0 || digits > 2 {
                return None;
            }
            i += digits;
            depth = depth.saturating_add(1);
            match b.get(i) {
                Some(b'.') if b.get(i + 1).is_some_and(u8::is_ascii_digit) => i += 1,
                Some(b'.') | Some(b')') => {
                    i += 1;
                    // "1.5 triệu" or "15.5" are numbers, not markers.
                    if b.get(i).is_some_and(|c| !c.is_ascii_whitespace()) {
                        return None;
                    }
                    return Some((Marker::Number(depth), spaces(i)));
                }
                // "1.2 Nội dung" is a subsection; "1.5 triệu" is a number.
                Some(b' ')
                    if depth >= 2
                        && s.get(i + 1..)
                            .and_then(|r| r.chars().next())
                            .is_some_and(char::is_uppercase) =>
                {
                    return Some((Marker::Number(depth), spaces(i)));
                }
                _ => return None,
            }
        }
    }
    // "a)", "b." (single lowercase letter, Vietnamese đ included)
    let mut chars = s.char_indices();
    if let Some((_, c)) = chars.next()
        && (c.is_ascii_lowercase() || c == 'đ')
        && let Some((j, p)) = chars.next()
        && (p == ')' || p == '.')
        && s.get(j + 1..).is_some_and(|r| r.starts_with(' '))
    {
        return Some((Marker::Letter, spaces(j + 1)));
    }
    // "I.", "II-", "IV." (uppercase Roman numerals)
    let roman_len = s
        .bytes()
        .take_while(|c| matches!(c, b'I' | b'V' | b'X'))
        .count();
    if roman_len > 0 && roman_len <= 4 {
        let after = s.get(roman_len..)?;
        let after_trim = after.trim_start();
        let gap = after.len() - after_trim.len();
        if let Some(c) = after_trim.chars().next()
            && matches!(c, '.' | '-' | '–' | ')' | ':')
        {
            return Some((Marker::Roman, spaces(roman_len + gap + c.len_utf8())));
        }
    }
    None
}

/// One line of input after Markdown stripping.
struct Line {
    no: usize,
    plain: Plain,
    cells: Option<Vec<String>>,
    page_break: bool,
}

fn split_cells(raw: &str) -> Option<Vec<String>> {
    let t = raw.trim_end_matches(['\r', '\n']);
    if t.contains('\t') {
        let cells: Vec<String> = t.split('\t').map(|c| strip_markdown(c).text).collect();
        return Some(cells);
    }
    // Markdown pipe tables.
    let tt = t.trim();
    if tt.starts_with('|') && tt.ends_with('|') && tt.len() > 1 {
        let inner = tt.get(1..tt.len() - 1)?;
        let cells: Vec<String> = inner.split('|').map(|c| strip_markdown(c).text).collect();
        return Some(cells);
    }
    None
}

fn is_pipe_separator(raw: &str) -> bool {
    let t = raw.trim();
    t.starts_with('|') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Words after which a sentence cannot end: a paragraph ending in one of them
/// was cut by a page break.
const DANGLING: &[&str] = &[
    "và", "của", "các", "cho", "với", "tại", "theo", "về", "để", "trong", "đến", "những", "là",
    "hoặc", "được", "có", "từ", "trên", "nhằm", "đối", "ngày", "tháng",
];

fn dangling(word: &str) -> bool {
    DANGLING
        .iter()
        .any(|d| d.len() == word.len() && *d == word.to_lowercase())
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .ends_with(['.', ':', ';', '!', '?', ')', '"', '”', '»'])
}

fn starts_lowercase(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_lowercase())
}

fn last_word(s: &str) -> &str {
    s.split_whitespace().last().unwrap_or("")
}

/// Splits text into blocks. Line numbers are 1-based lines of `text`.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut lines = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let no = i + 1;
        let raw = raw.trim_end_matches('\r');
        if raw.trim() == "\u{c}" || raw.trim() == "----" || raw.trim() == "---" {
            lines.push(Line {
                no,
                plain: strip_markdown(""),
                cells: None,
                page_break: true,
            });
            continue;
        }
        let raw = raw.replace('\u{c}', "");
        if is_pipe_separator(&raw) && raw.contains('-') {
            continue;
        }
        let cells = split_cells(&raw);
        let plain = match &cells {
            Some(c) => Plain {
                text: squash_ws(&c.join(" ")),
                bold: false,
                heading: 0,
            },
            None => strip_markdown(&raw),
        };
        if plain.text.is_empty()
            && cells
                .as_ref()
                .is_none_or(|c| c.iter().all(String::is_empty))
        {
            continue;
        }
        lines.push(Line {
            no,
            plain,
            cells,
            page_break: false,
        });
    }

    let mut out: Vec<Block> = Vec::new();
    let mut prev_was_break = false;
    let mut last_no = 0;
    for line in lines {
        if line.page_break {
            prev_was_break = true;
            continue;
        }
        let gap_before = prev_was_break || line.no > last_no + 1;
        last_no = line.no;
        if let Some(cells) = line.cells {
            if let Some(prev) = out.last_mut()
                && let Some(pc) = prev.cells.as_mut()
                && continues_row(pc, &cells)
            {
                merge_row(pc, cells);
                prev.last = line.no;
                prev.text = squash_ws(&pc.join(" "));
                prev_was_break = false;
                continue;
            }
            out.push(Block {
                first: line.no,
                last: line.no,
                text: line.plain.text,
                marker: None,
                body_at: 0,
                bold: false,
                heading: 0,
                cells: Some(cells),
                line_at: vec![(0, line.no)],
                gap_before,
                tokens: Tokens::new(""),
            });
            prev_was_break = false;
            continue;
        }
        let Line { no, plain, .. } = line;
        let m = marker(&plain.text);
        if let Some(prev) = out.last_mut()
            && prev.cells.is_none()
            && m.is_none()
            && plain.heading == 0
            && !plain.bold
            && !prev.bold
            && prev.heading == 0
            && !ends_sentence(&prev.text)
            && (starts_lowercase(&plain.text)
                || prev.text.ends_with(',')
                || dangling(last_word(&prev.text)))
        {
            prev.text.push(' ');
            prev.line_at.push((prev.text.len(), no));
            prev.text.push_str(&plain.text);
            prev.last = no;
            prev_was_break = false;
            continue;
        }
        prev_was_break = false;
        let (marker, body_at) = match m {
            Some((k, at)) => (Some(k), at),
            None if plain.bold && plain.text.chars().count() > 2 => (Some(Marker::BoldLine), 0),
            None => (None, 0),
        };
        out.push(Block {
            first: no,
            last: no,
            text: plain.text,
            marker,
            body_at,
            bold: plain.bold,
            heading: plain.heading,
            cells: None,
            line_at: vec![(0, no)],
            gap_before,
            tokens: Tokens::new(""),
        });
    }
    for b in &mut out {
        b.tokens = Tokens::new(&b.text);
    }
    out
}

/// A row continues the previous one when a page break cut it: the previous
/// row is short of cells, or the new one has no number in its first cell.
fn continues_row(prev: &[String], next: &[String]) -> bool {
    let first_empty = next.first().is_none_or(|c| c.trim().is_empty());
    let prev_numbered = prev.first().is_some_and(|c| !c.trim().is_empty());
    first_empty && prev_numbered && next.iter().any(|c| !c.trim().is_empty())
}

fn merge_row(prev: &mut Vec<String>, next: Vec<String>) {
    for (i, cell) in next.into_iter().enumerate() {
        let cell = cell.trim().to_owned();
        if cell.is_empty() {
            continue;
        }
        match prev.get_mut(i) {
            Some(p) if !p.is_empty() => {
                p.push(' ');
                p.push_str(&cell);
            }
            Some(p) => *p = cell,
            None => prev.push(cell),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_table() {
        let cases: &[(&str, Option<Marker>)] = &[
            ("1. Giao Sở", Some(Marker::Number(1))),
            ("2) Sở", Some(Marker::Number(1))),
            ("1.2. Nội dung", Some(Marker::Number(2))),
            ("I. KẾT QUẢ", Some(Marker::Roman)),
            ("II- VỀ PHƯƠNG HƯỚNG", Some(Marker::Roman)),
            ("IV. TỔ CHỨC", Some(Marker::Roman)),
            ("a) Sở Khoa học", Some(Marker::Letter)),
            ("đ) Sở Y tế", Some(Marker::Letter)),
            ("(1) Tỉnh đã", Some(Marker::Paren)),
            ("- Giao Sở", Some(Marker::Dash)),
            ("+ Tập trung", Some(Marker::Plus)),
            ("• Nội dung", Some(Marker::Dash)),
            ("Điều 1. Ban hành", Some(Marker::Article)),
            ("15/5/2026 là hạn", None),
            ("2026 là năm", None),
            ("1.5 triệu đồng", None),
            ("Ban Chỉ đạo", None),
            ("Ia Grai", None),
            ("-5% so với", None),
        ];
        for (s, want) in cases {
            assert_eq!(marker(s).map(|m| m.0), *want, "{s}");
        }
    }

    #[test]
    fn page_break_joins_broken_sentence() {
        let b = blocks("- Xây dựng hồ sơ và\n\nchuyên đổi số của tỉnh: Sở chủ trì.\n\n- Bước hai");
        assert_eq!(b.len(), 2);
        assert_eq!(
            b[0].text,
            "- Xây dựng hồ sơ và chuyên đổi số của tỉnh: Sở chủ trì."
        );
        assert_eq!((b[0].first, b[0].last), (1, 3));
    }

    #[test]
    fn page_break_joins_broken_table_row() {
        let t = "Stt\tTên\tChủ trì\tPhối hợp\n3\tXây dựng\tSở KHCN\tSở Tài chính và\n\n\t\t\tUBND các xã\n4\tBan hành\tSở KHCN\t";
        let b = blocks(t);
        assert_eq!(b.len(), 3);
        let cells = b[1].cells.clone().unwrap_or_default();
        assert_eq!(cells[3], "Sở Tài chính và UBND các xã");
        assert_eq!((b[1].first, b[1].last), (2, 4));
    }

    #[test]
    fn title_ending_in_chuyen_doi_so_is_not_joined_to_the_body() {
        let b = blocks("Về tăng cường chuyển đổi số\n\nThời gian qua, việc thực hiện đạt kết quả.");
        assert_eq!(b.len(), 2);
    }

    #[test]
    fn sentences_ending_properly_are_not_joined() {
        let b = blocks("Nội dung thứ nhất.\n\nNội dung thứ hai.");
        assert_eq!(b.len(), 2);
        let b = blocks("TỈNH ỦY KHÁNH HÒA\nBAN CHỈ ĐẠO");
        assert_eq!(b.len(), 2);
    }
}
