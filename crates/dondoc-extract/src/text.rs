//! Vietnamese text normalisation: NFC, diacritic folding, Markdown marks.
//!
//! Matching is done on a *folded* key (lowercase, no diacritics, `đ` → `d`),
//! so both tone-mark placements ("Uỷ"/"Ủy", "hoà"/"hòa") and decomposed input
//! compare equal; the original text is kept for display.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// NFC-normalises text once, at the boundary.
pub fn nfc(s: &str) -> String {
    // Most text arrives composed already; the quick check avoids rebuilding it.
    if s.chars().all(nfc_stable)
        || unicode_normalization::is_nfc_quick(s.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        return s.to_owned();
    }
    s.nfc().collect()
}

/// Characters that are NFC whatever surrounds them: everything below the
/// combining marks (Latin with precomposed Vietnamese letters), Latin Extended
/// Additional (ạ, ế, ỳ, ...), and punctuation (but U+2000/2001, which decompose).
fn nfc_stable(c: char) -> bool {
    (c as u32) < 0x300
        || ('\u{1E00}'..='\u{1EFF}').contains(&c)
        || ('\u{2002}'..='\u{206F}').contains(&c)
}

/// First code point and length of the range the fold table covers:
/// Latin-1 Supplement through Latin Extended-B, and Latin Extended Additional
/// (where the Vietnamese letters with tone marks live).
const TABLE_RANGES: [(u32, u32); 2] = [(0x00C0, 0x0250 - 0x00C0), (0x1E00, 0x100)];

/// Folded base letter of each character in [`TABLE_RANGES`], built once.
fn fold_table() -> &'static [Vec<char>; 2] {
    static TABLE: std::sync::OnceLock<[Vec<char>; 2]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        TABLE_RANGES.map(|(start, len)| {
            (start..start + len)
                .map(|cp| char::from_u32(cp).map_or('\0', slow_fold))
                .collect()
        })
    })
}

/// The folded letter of `c` from the table, when the table covers it and
/// folds it to something.
#[inline]
fn table_fold(table: &[Vec<char>; 2], c: char) -> Option<char> {
    let cp = c as u32;
    let (k, (start, _)) = TABLE_RANGES
        .iter()
        .enumerate()
        .find(|(_, (start, len))| cp >= *start && cp < start + len)?;
    let f = table.get(k)?.get((cp - start) as usize).copied()?;
    (f != '\0').then_some(f)
}

/// The folded form of one letter, by Unicode decomposition.
fn slow_fold(c: char) -> char {
    if matches!(c, 'đ' | 'Đ') {
        return 'd';
    }
    let mut base = None;
    decompose_canonical(c, |d| {
        if base.is_none() && !is_combining_mark(d) {
            base = Some(d);
        }
    });
    base.and_then(|b| b.to_lowercase().next()).unwrap_or('\0')
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
            let cp = c as u32;
            for (k, (start, len)) in TABLE_RANGES.iter().enumerate() {
                if cp >= *start && cp < start + len {
                    let f = fold_table()[k]
                        .get((cp - start) as usize)
                        .copied()
                        .unwrap_or('\0');
                    if f != '\0' {
                        out.push(f);
                    }
                    return;
                }
            }
            let mut base = None;
            decompose_canonical(c, |d| {
                if base.is_none() && !is_combining_mark(d) {
                    base = Some(d);
                }
            });
            // A lone combining mark folds to nothing.
            if let Some(b) = base {
                for l in b.to_lowercase() {
                    out.push(if l == 'đ' { 'd' } else { l });
                }
            }
        }
    }
}

/// Folds a string for matching: lowercase, without diacritics, `đ` → `d`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let table = fold_table();
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(f) = table_fold(table, c).filter(char::is_ascii) {
            out.push(f);
        } else {
            push_folded(c, &mut out);
        }
    }
    out
}

/// A folded string that remembers, for each of its bytes, the byte offset of
/// the original character it came from, so that matches map back to the text.
#[derive(Debug, Clone)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// Original byte offset of each folded byte (u32: inputs are capped far
    /// below 4 GB, and the map is as long as the text).
    origin: Vec<u32>,
    orig_len: usize,
}

impl Folded {
    /// Folds `orig`, remembering where each folded byte came from.
    pub fn new(orig: &str) -> Self {
        let mut text = String::with_capacity(orig.len());
        let mut origin = Vec::with_capacity(orig.len());
        let table = fold_table();
        for (i, c) in orig.char_indices() {
            let at = u32::try_from(i).unwrap_or(u32::MAX);
            // Most characters fold to one ASCII letter: ASCII itself, and the
            // Vietnamese letters the table holds. Only the rest take the long way.
            let one = if c.is_ascii() {
                Some(c.to_ascii_lowercase())
            } else {
                table_fold(table, c).filter(char::is_ascii)
            };
            match one {
                Some(f) => {
                    text.push(f);
                    origin.push(at);
                }
                None => {
                    let before = text.len();
                    push_folded(c, &mut text);
                    origin.extend(std::iter::repeat_n(at, text.len() - before));
                }
            }
        }
        Folded {
            text,
            origin,
            orig_len: orig.len(),
        }
    }

    /// The folded form of `orig[start..end]`, and the folded offset it starts at.
    pub fn sub(&self, start: usize, end: usize) -> (Folded, usize) {
        let fs = self.origin.partition_point(|&o| (o as usize) < start);
        let fe = self.origin.partition_point(|&o| (o as usize) < end).max(fs);
        let text = self.text.get(fs..fe).unwrap_or("").to_owned();
        let base = u32::try_from(start).unwrap_or(u32::MAX);
        let origin = self
            .origin
            .get(fs..fe)
            .map(|o| o.iter().map(|x| x.saturating_sub(base)).collect())
            .unwrap_or_default();
        (
            Folded {
                text,
                origin,
                orig_len: end.saturating_sub(start),
            },
            fs,
        )
    }

    /// Byte offset in the original string of folded byte `i` (end maps to end).
    pub fn orig(&self, i: usize) -> usize {
        self.origin.get(i).map_or(self.orig_len, |&o| o as usize)
    }

    /// Original byte range of a folded byte range; the end is exclusive and
    /// lands on the character boundary after the last folded byte.
    pub fn orig_range(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.orig(start);
        let e = if end >= self.origin.len() {
            self.orig_len
        } else {
            self.orig(end)
        };
        (s, e.max(s))
    }
}

/// Collapses runs of whitespace into one space and trims.
pub fn squash_ws(s: &str) -> String {
    // Most lines hold single ASCII spaces only: copy them as they are.
    if !needs_squash(s.as_bytes()) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Whether `b` has leading, trailing or doubled spaces, or any whitespace
/// other than ' ': ASCII controls, U+00A0 (C2 A0), U+1680 (E1 9A 80),
/// U+2000–U+205F (E2 80 xx / E2 81 xx) and U+3000 (E3 80 80).
fn needs_squash(b: &[u8]) -> bool {
    let edge = |c: Option<&u8>| c.is_some_and(|c| *c == b' ');
    if edge(b.first()) || edge(b.last()) {
        return true;
    }
    b.iter().enumerate().any(|(i, &c)| {
        let next = b.get(i + 1).copied().unwrap_or(0);
        match c {
            b' ' => next == b' ',
            b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => true,
            0xC2 => next == 0xA0,
            0xE1 => next == 0x9A,
            0xE2 => matches!(next, 0x80 | 0x81),
            0xE3 => next == 0x80,
            _ => false,
        }
    })
}

/// A line with its Markdown marks removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plain {
    /// The line's words without marks, whitespace squashed.
    pub text: String,
    /// The whole line was bold (`**...**`): a heading signal.
    pub bold: bool,
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
    // No mark at all: nothing to strip.
    if !owned.contains(['*', '_', '\\']) {
        return Plain {
            text: squash_ws(&owned),
            bold: false,
            heading,
        };
    }
    let mut out = String::with_capacity(owned.len());
    let mut bold_chars = 0usize;
    let mut plain_chars = 0usize;
    let mut in_bold = false;
    let mut prev: Option<char> = None;
    let mut it = owned.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\\' && it.peek().is_some_and(|n| "*_#`[]()-+.!>|".contains(*n)) {
            if let Some(n) = it.next() {
                out.push(n);
                prev = Some(n);
            }
            continue;
        }
        // `_` marks emphasis only at word edges (never inside `snake_case`).
        let underscore_mark = c == '_'
            && !(prev.is_some_and(char::is_alphanumeric)
                && it.peek().is_some_and(|n| n.is_alphanumeric()));
        if c == '*' || underscore_mark {
            let mut n = 1;
            while it.peek() == Some(&c) {
                it.next();
                n += 1;
            }
            if n >= 2 {
                in_bold = !in_bold;
            }
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
        prev = Some(c);
    }
    owned = squash_ws(&out);
    // A lone "*" line (the Party header asterisk) stays as a star.
    if owned.is_empty() && line.trim() == "\\*" {
        owned = "*".to_owned();
    }
    let punct_only = |n: usize| n <= 2;
    Plain {
        bold: bold_chars > 0 && punct_only(plain_chars),
        heading,
        text: owned,
    }
}

/// A line written in capitals ("THÔNG BÁO", "ỦY BAN NHÂN DÂN"): at least three
/// letters and no lowercase one. Stops at the first lowercase letter.
pub fn is_all_caps(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars() {
        if c.is_ascii_lowercase() || (!c.is_ascii() && c.is_lowercase()) {
            return false;
        }
        if c.is_ascii_uppercase() || (!c.is_ascii() && c.is_uppercase()) {
            letters += 1;
        }
    }
    letters >= 3
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
    fn squash_ws_table() {
        for (input, want) in [
            ("a b", "a b"),
            (" a  b ", "a b"),
            ("a\tb", "a b"),
            ("Sở\u{00A0}Tài chính", "Sở Tài chính"),
            ("a\u{2003}b", "a b"),
            ("Hòa bình", "Hòa bình"),
            ("", ""),
        ] {
            assert_eq!(squash_ws(input), want, "{input:?}");
        }
    }

    #[test]
    fn markdown_marks_do_not_leak() {
        let cases = [
            ("**3. Đối với hồ sơ:**", "3. Đối với hồ sơ:", true),
            (
                "- *Về cơ sở dữ liệu*: Khẩn trương",
                "- Về cơ sở dữ liệu: Khẩn trương",
                false,
            ),
            (
                "##### ***a) Sở Khoa học và Công nghệ:***",
                "a) Sở Khoa học và Công nghệ:",
                true,
            ),
            (
                "(***hoàn thành trong tháng 5 năm 2026***).",
                "(hoàn thành trong tháng 5 năm 2026).",
                false,
            ),
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
