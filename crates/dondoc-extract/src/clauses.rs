//! Splitting a paragraph into clauses at `;` and sentence ends, never inside
//! brackets or quotes.

/// Byte ranges of the clauses of `s`, each including its closing punctuation.
pub fn split(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth: i32 = 0;
    let mut quote = false;
    let mut start = 0;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = (depth - 1).max(0),
            '“' => quote = true,
            '”' => quote = false,
            '"' => quote = !quote,
            _ => {}
        }
        if depth > 0 || quote {
            continue;
        }
        let end = i + c.len_utf8();
        let boundary = match c {
            ';' => true,
            '.' => {
                // A sentence ends at ". X" with X uppercase, not after "TP." or "Q."
                // (one or two letters before the dot).
                let rest = s.get(end..).unwrap_or("");
                let mut next = rest.chars();
                let after_space = next.next() == Some(' ');
                let capital = next.next().is_some_and(|a| a.is_uppercase() || a == '(');
                after_space && capital && !abbreviation_before(s, i)
            }
            _ => false,
        };
        if boundary {
            out.push((start, end));
            start = end;
            while it.peek().is_some_and(|&(_, n)| n == ' ') {
                it.next();
                start += 1;
            }
        }
    }
    if s.get(start..).is_some_and(|r| !r.trim().is_empty()) {
        out.push((start, s.len()));
    }
    out
}

/// "TP.", "Q.": one or two letters before the dot at `i`.
fn abbreviation_before(s: &str, i: usize) -> bool {
    let word = s
        .get(..i)
        .unwrap_or("")
        .chars()
        .rev()
        .take(3)
        .take_while(|c| c.is_alphabetic())
        .count();
    let boundary = s
        .get(..i)
        .unwrap_or("")
        .chars()
        .rev()
        .nth(word)
        .is_none_or(|c| !c.is_alphanumeric());
    (1..=2).contains(&word) && boundary
}

/// Splits "(1) ... (2) ..." enumerations written inside one paragraph.
pub fn enumerated(s: &str) -> Vec<(usize, usize)> {
    let mut starts = Vec::new();
    let mut n = 1;
    let mut from = 0;
    while let Some(pos) = s.get(from..).and_then(|r| r.find(&format!("({n})"))) {
        starts.push(from + pos);
        from += pos + 3;
        n += 1;
    }
    if starts.len() < 2 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (k, &a) in starts.iter().enumerate() {
        let b = starts.get(k + 1).copied().unwrap_or(s.len());
        out.push((a, b));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str) -> Vec<&str> {
        split(s)
            .into_iter()
            .map(|(a, b)| s.get(a..b).unwrap_or(""))
            .collect()
    }

    #[test]
    fn clauses_table() {
        assert_eq!(
            parts("Giao A làm X; trên cơ sở đó, B làm Y."),
            ["Giao A làm X;", "trên cơ sở đó, B làm Y."]
        );
        assert_eq!(
            parts("Làm X (hoàn thành trong tháng 6/2026). Trong đó, B làm Y"),
            [
                "Làm X (hoàn thành trong tháng 6/2026).",
                "Trong đó, B làm Y"
            ]
        );
        assert_eq!(
            parts("họp (Tổ giúp việc họp hàng tuần; Thường trực họp 01 lần/tháng)."),
            ["họp (Tổ giúp việc họp hàng tuần; Thường trực họp 01 lần/tháng)."]
        );
        assert_eq!(
            parts("dự án “Trung tâm; camera” để báo cáo"),
            ["dự án “Trung tâm; camera” để báo cáo"]
        );
        assert_eq!(parts("TP. Nha Trang làm X"), ["TP. Nha Trang làm X"]);
    }

    #[test]
    fn enumerations() {
        let s = "(1) tham mưu A. (2) Tham mưu B.";
        let got: Vec<&str> = enumerated(s)
            .into_iter()
            .map(|(a, b)| s.get(a..b).unwrap_or(""))
            .collect();
        assert_eq!(got, ["(1) tham mưu A. ", "(2) Tham mưu B."]);
        assert!(enumerated("không có (1) liệt kê").is_empty());
    }
}
