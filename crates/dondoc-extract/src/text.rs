//! Vietnamese text normalisation: NFC, diacritic folding, Markdown marks.
//!
//! Matching is done on a *folded* key (lowercase, no diacritics, `đ` → `d`),
//! so both tone-mark placements ("Uỷ"/"Ủy", "hoà"/"hòa") and decomposed input
//! compare equal; the original text is kept for display.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// NFC-normalises text once, at the boundary.
pub fn nfc(s: &str) -> String {
    if s.is_ascii() {
        return s.to_owned();
    }
    s.nfc().collect()
}

/// Appends the folded form of one character.
fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        'đ' | 'Đ' => out.push('d'),
        // Typographic quotes and dashes fold to their ASCII shape.
        '\u{2018}' | '\u{2019}' => out.push('\''),
        '\u{201C}' | '\u{201D}' => out.push('"'),
        '\u{2013}' | '\u{2014}' | '\u{2212}' => out.push('-'),
        '\u{00A0}' | '\u{2002}'..='\u{200B}' => out.push(' '),
        _ => {
            let mut base = None;
            decompose_canonical(c, |d| {
                if base.is_none() && !is_combining_mark(d) {
                    base = Some(d);
                }
            });
            match base {
                Some(b) => {
                    for l in b.to_lowercase() {
                        if l == 'đ' {
                            out.push('d');
                        } else {
                            out.push(l);
                        }
                    }
                }
                // A lone combining mark folds to nothing.
                None => {}
            }
        }
    }
}

/// Folds a string for matching: lowercase, without diacritics, `đ` → `d`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_folded(c, &mut out);
    }
    out
}

/// A folded string that remembers, for each of its bytes, the byte offset of
/// the original character it came from, so that matches map back to the text.
#[derive(Debug, Clone)]
pub struct Folded {
    pub text: String,
    origin: Vec<usize>,
    orig_len: usize,
}

impl Folded {
    pub fn new(orig: &str) -> Self {
        let mut text = String::with_capacity(orig.len());
        let mut origin = Vec::with_capacity(orig.len());
        for (i, c) in orig.char_indices() {
            let before = text.len();
            push_folded(c, &mut text);
            origin.extend(std::iter::repeat_n(i, text.len() - before));
        }
        Folded { text, origin, orig_len: orig.len() }
    }

    /// Byte offset in the original string of folded byte `i` (end maps to end).
    pub fn orig(&self, i: usize) -> usize {
        self.origin.get(i).copied().unwrap_or(self.orig_len)
    }

    /// Original byte range of a folded byte range; the end is exclusive and
    /// lands on the character boundary after the last folded byte.
    pub fn orig_range(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.orig(start);
        let e = if end >= self.origin.len() { self.orig_len } else { self.orig(end) };
        (s, e.max(s))
    }
}

/// Collapses runs of whitespace into one space and trims.
pub fn squash_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// A line with its Markdown marks removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plain {
    pub text: String,
    /// The whole line was bold (`**...**`): a heading signal.
    pub bold: bool,
    /// It opened with a bold run (`**b) Sở Y tế:** ...`): a label signal.
    pub bold_start: bool,
    /// Markdown heading level (`##` → 2), 0 when none.
    pub heading: u8,
}

/// Strips Markdown emphasis, headings and escapes from one line, so that
/// marks never leak into task text or agency names.
pub fn strip_markdown(line: &str) -> Plain {
    let mut s = line.trim();
    let mut heading = 0u8;
    while let Some(rest) = s.strip_prefix('#') {
        heading = heading.saturating_add(1);
        s = rest;
    }
    if heading > 0 {
        s = s.trim_start();
    } 
    // A Markdown bullet written with `*` is a dash bullet.
    let mut owned;
    if let Some(rest) = s.strip_prefix("* ") {
        owned = String::from("- ");
        owned.push_str(rest);
    } else {
        owned = s.to_owned();
    }
    let starts_bold = owned.starts_with("**") || owned.starts_with("__");
    let mut out = String::with_capacity(owned.len());
    let chars: Vec<char> = owned.chars().collect();
    let mut i = 0;
    let mut stars_seen_text = false;
    let mut bold_chars = 0usize;
    let mut plain_chars = 0usize;
    let mut in_bold = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() && "*_#`[]()-+.!>|".contains(chars[i + 1]) {
            out.push(chars[i + 1]);
            i += 2;
            continue;
        }
        if c == '*' || (c == '_' && is_emphasis_underscore(&chars, i)) {
            let mut n = 0;
            while i + n < chars.len() && chars[i + n] == c {
                n += 1;
            }
            if n >= 2 {
                in_bold = !in_bold;
            }
            i += n;
            stars_seen_text = true;
            continue;
        }
        if !c.is_whitespace() {
            if in_bold {
                bold_chars += 1;
            } else {
                plain_chars += 1;
            }
        }
        out.push(c);
        i += 1;
    }
    let _ = stars_seen_text;
    owned = squash_ws(&out);
    // A lone "*" line (the Party header asterisk) stays as a star.
    if owned.is_empty() && line.trim() == "\\*" {
        owned = "*".to_owned();
    }
    let punct_only = |n: usize| n <= 2;
    Plain {
        bold: bold_chars > 0 && punct_only(plain_chars),
        bold_start: starts_bold && bold_chars > 0,
        heading,
        text: owned,
    }
}

/// `_` marks emphasis only at word edges (never inside `snake_case`).
fn is_emphasis_underscore(chars: &[char], i: usize) -> bool {
    let prev = i.checked_sub(1).and_then(|p| chars.get(p));
    let next = chars.get(i + 1);
    let word = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric());
    !(word(prev) && word(next))
}

/// True when the character is a Vietnamese uppercase letter.
pub fn is_upper(c: char) -> bool {
    c.is_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_diacritics_and_tone_placement() {
        assert_eq!(fold("Ủy ban"), "uy ban");
        assert_eq!(fold("Uỷ ban"), "uy ban");
        assert_eq!(fold("hoà"), fold("hòa"));
        assert_eq!(fold("Đôn đốc"), "don doc");
        // Decomposed input (Windows keyboard) folds the same as precomposed.
        assert_eq!(fold("Khánh Hòa"), fold("Kha\u{301}nh Ho\u{300}a"));
    }

    #[test]
    fn folded_maps_back_to_original_offsets() {
        let s = "Sở Tài chính";
        let f = Folded::new(s);
        let at = f.text.find("tai").unwrap_or(0);
        let (a, b) = f.orig_range(at, at + 3);
        assert_eq!(&s[a..b], "Tài");
    }

    #[test]
    fn markdown_marks_do_not_leak() {
        let cases = [
            ("**3. Đối với hồ sơ:**", "3. Đối với hồ sơ:", true),
            ("- *Về cơ sở dữ liệu*: Khẩn trương", "- Về cơ sở dữ liệu: Khẩn trương", false),
            ("##### ***a) Sở Khoa học và Công nghệ:***", "a) Sở Khoa học và Công nghệ:", true),
            ("(***hoàn thành trong tháng 5 năm 2026***).", "(hoàn thành trong tháng 5 năm 2026).", false),
            ("\\*", "*", false),
            ("**1.** Tiếp tục", "1. Tiếp tục", false),
        ];
        for (input, want, bold) in cases {
            let p = strip_markdown(input);
            assert_eq!(p.text, want, "{input}");
            assert_eq!(p.bold, bold, "{input}");
        }
    }
}
