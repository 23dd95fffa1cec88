//! The agency registry: canonical names, kinds, aliases, and a matcher that
//! finds agency mentions in text by longest match over folded words.
//!
//! The registry is data (`data/khanh-hoa.tsv`), replaceable per province.
//! File format, one agency per line, tab-separated, `#` starts a comment:
//! `name <TAB> kind <TAB> parent <TAB> aliases separated by | <TAB> codes separated by |`

use crate::token::{Kind, Tokens};
use std::collections::HashMap;
use std::fmt;

/// The registry shipped for Khánh Hòa.
pub const KHANH_HOA_TSV: &str = include_str!("../data/khanh-hoa.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AgencyKind {
    /// Provincial People's Council / Committee and its office.
    Province,
    /// A provincial specialised department (sở) or equal body.
    Department,
    /// A Party body.
    Party,
    /// A central agency located in the province (police, treasury, ...).
    Central,
    /// A commune-level unit.
    Commune,
    /// A group of agencies ("các sở, ban, ngành", "UBND cấp xã").
    Group,
    /// A whole-system exhortation ("các cấp ủy", "cả hệ thống chính trị"):
    /// names no one who can be held to a deadline.
    Broad,
    /// Mass organisations, press, universities and other bodies.
    Other,
}

impl AgencyKind {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "province" => Self::Province,
            "department" => Self::Department,
            "party" => Self::Party,
            "central" => Self::Central,
            "commune" => Self::Commune,
            "group" => Self::Group,
            "broad" => Self::Broad,
            "other" => Self::Other,
            _ => return None,
        })
    }

    /// The kind named by its code ("department"), as `as_str` writes it.
    pub fn from_code(s: &str) -> Option<Self> {
        Self::parse(s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Province => "province",
            Self::Department => "department",
            Self::Party => "party",
            Self::Central => "central",
            Self::Commune => "commune",
            Self::Group => "group",
            Self::Broad => "broad",
            Self::Other => "other",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agency {
    pub name: String,
    pub kind: AgencyKind,
    pub parent: Option<String>,
    pub aliases: Vec<String>,
    /// Codes used in document symbols (`SKHCN` in `1717/TTr-SKHCN`).
    pub codes: Vec<String>,
}

/// A registry file that cannot be read, with the line at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for RegistryError {}

#[derive(Debug, Default, Clone)]
struct Node {
    next: HashMap<String, usize>,
    terminal: Option<usize>,
}

/// Agencies and the matcher over their names and aliases.
#[derive(Debug, Clone)]
pub struct Registry {
    agencies: Vec<Agency>,
    nodes: Vec<Node>,
    by_code: HashMap<String, usize>,
}

/// One agency found in a token stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub agency: usize,
    /// Token range `start..end` in the scanned [`Tokens`].
    pub start: usize,
    pub end: usize,
}

/// Single-word abbreviations expanded before matching, on both sides.
fn expansion(word: &str) -> Option<&'static [&'static str]> {
    Some(match word {
        "ubnd" => &["uy", "ban", "nhan", "dan"],
        "hdnd" => &["hoi", "dong", "nhan", "dan"],
        "ubmttq" => &["uy", "ban", "mat", "tran", "to", "quoc"],
        "ubmttqvn" => &["uy", "ban", "mat", "tran", "to", "quoc", "viet", "nam"],
        "mttq" => &["mat", "tran", "to", "quoc"],
        "mttqvn" => &["mat", "tran", "to", "quoc", "viet", "nam"],
        "vpub" | "vpubnd" => &["van", "phong", "uy", "ban", "nhan", "dan", "tinh"],
        "ub" => &["uy", "ban"],
        "bcd" => &["ban", "chi", "dao"],
        _ => return None,
    })
}

/// The words a matcher walks from token `i`: commas and dashes inside names
/// are skipped ("Sở Văn hóa, Thể thao và Du lịch"), abbreviations expanded.
/// Yields (word, index of the token it came from).
fn words_from(toks: &Tokens, i: usize) -> impl Iterator<Item = (&str, usize)> {
    let mut k = i;
    let mut pending: &'static [&'static str] = &[];
    let mut pending_tok = i;
    std::iter::from_fn(move || {
        loop {
            if let Some((first, rest)) = pending.split_first() {
                pending = rest;
                return Some((*first, pending_tok));
            }
            let kind = toks.kind(k)?;
            let idx = k;
            k += 1;
            match kind {
                Kind::Punct(',') | Kind::Punct('-') if idx > i => continue,
                Kind::Punct('&') => return Some(("&", idx)),
                Kind::Punct(_) => return None,
                Kind::Word | Kind::Num => {
                    let w = toks.s(idx);
                    if let Some(exp) = expansion(w) {
                        pending = exp;
                        pending_tok = idx;
                        continue;
                    }
                    return Some((w, idx));
                }
            }
        }
    })
}

impl Registry {
    /// The registry shipped with dondoc for Khánh Hòa.
    pub fn khanh_hoa() -> Self {
        // The shipped file is tested to parse; fall back to empty rather than panic.
        Self::parse(KHANH_HOA_TSV).unwrap_or_else(|_| Self::from_agencies(Vec::new()))
    }

    /// Parses a registry file (see the module docs for the format).
    pub fn parse(tsv: &str) -> Result<Self, RegistryError> {
        let mut agencies = Vec::new();
        let mut seen = HashMap::new();
        for (n, raw) in tsv.lines().enumerate() {
            let line = n + 1;
            let raw = raw.trim_end_matches('\r');
            if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = raw.split('\t').map(str::trim).collect();
            let name = crate::text::nfc(cols.first().copied().unwrap_or(""));
            if name.is_empty() {
                return Err(RegistryError {
                    line,
                    message: "empty agency name (column 1)".into(),
                });
            }
            let kind_s = cols.get(1).copied().unwrap_or("");
            let kind = AgencyKind::parse(kind_s).ok_or_else(|| RegistryError {
                line,
                message: format!(
                    "unknown kind {kind_s:?} in column 2 (expected province, department, party, central, commune, group, broad or other)"
                ),
            })?;
            if seen.insert(crate::text::fold(&name), line).is_some() {
                return Err(RegistryError {
                    line,
                    message: format!("agency {name:?} is listed twice"),
                });
            }
            let list = |i: usize| -> Vec<String> {
                cols.get(i)
                    .map(|s| {
                        s.split('|')
                            .map(|a| crate::text::nfc(a.trim()))
                            .filter(|a| !a.is_empty())
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let parent = cols
                .get(2)
                .filter(|p| !p.is_empty())
                .map(|p| crate::text::nfc(p));
            agencies.push(Agency {
                name,
                kind,
                parent,
                aliases: list(3),
                codes: list(4),
            });
        }
        let reg = Self::from_agencies(agencies);
        for a in &reg.agencies {
            if let Some(p) = &a.parent
                && reg.lookup(p).is_none()
            {
                return Err(RegistryError {
                    line: 0,
                    message: format!("agency {:?} names an unknown parent {p:?}", a.name),
                });
            }
        }
        Ok(reg)
    }

    pub fn from_agencies(agencies: Vec<Agency>) -> Self {
        let mut reg = Registry {
            agencies: Vec::new(),
            nodes: vec![Node::default()],
            by_code: HashMap::new(),
        };
        for (id, a) in agencies.iter().enumerate() {
            reg.insert(&a.name, id);
            for alias in &a.aliases {
                reg.insert(alias, id);
            }
            for code in &a.codes {
                reg.by_code.insert(crate::text::fold(code), id);
            }
        }
        reg.agencies = agencies;
        reg
    }

    fn insert(&mut self, name: &str, id: usize) {
        let toks = Tokens::new(name);
        let words: Vec<String> = words_from(&toks, 0).map(|(w, _)| w.to_owned()).collect();
        if words.is_empty() {
            return;
        }
        let mut node = 0;
        for w in words {
            let next = match self.nodes.get(node).and_then(|n| n.next.get(&w)) {
                Some(&n) => n,
                None => {
                    self.nodes.push(Node::default());
                    let n = self.nodes.len() - 1;
                    if let Some(cur) = self.nodes.get_mut(node) {
                        cur.next.insert(w, n);
                    }
                    n
                }
            };
            node = next;
        }
        if let Some(n) = self.nodes.get_mut(node) {
            // The first agency to claim a name keeps it.
            n.terminal.get_or_insert(id);
        }
    }

    pub fn agencies(&self) -> &[Agency] {
        &self.agencies
    }

    pub fn get(&self, id: usize) -> Option<&Agency> {
        self.agencies.get(id)
    }

    /// The agency whose name or alias is exactly `name`.
    pub fn lookup(&self, name: &str) -> Option<usize> {
        let toks = Tokens::new(name);
        self.find_at(&toks, 0)
            .filter(|m| m.end == toks.len())
            .map(|m| m.agency)
    }

    /// The agency using `code` in document symbols.
    pub fn by_code(&self, code: &str) -> Option<usize> {
        self.by_code.get(&crate::text::fold(code)).copied()
    }

    /// The longest agency name starting at token `i`.
    pub fn find_at(&self, toks: &Tokens, i: usize) -> Option<Mention> {
        if matches!(toks.kind(i), Some(Kind::Punct(_)) | None) {
            return None;
        }
        let mut node = 0;
        let mut best = None;
        for (w, tok) in words_from(toks, i) {
            match self.nodes.get(node).and_then(|n| n.next.get(w)) {
                Some(&n) => node = n,
                None => break,
            }
            if let Some(id) = self.nodes.get(node).and_then(|n| n.terminal) {
                best = Some(Mention {
                    agency: id,
                    start: i,
                    end: tok + 1,
                });
            }
        }
        // A match must end on a whole token: an expansion cut short is no match.
        best
    }

    /// Every agency mention, left to right, longest first, without overlaps.
    pub fn scan(&self, toks: &Tokens) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            match self.find_at(toks, i) {
                Some(m) => {
                    i = m.end;
                    out.push(m);
                }
                None => i += 1,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_registry_parses() {
        let r = Registry::parse(KHANH_HOA_TSV);
        assert!(r.is_ok(), "{:?}", r.err());
        assert!(r.map(|r| r.agencies().len()).unwrap_or(0) > 90);
    }

    #[test]
    fn aliases_and_abbreviations_resolve_to_canonical_names() {
        let r = Registry::khanh_hoa();
        let cases = [
            ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
            ("Sở KHCN", "Sở Khoa học và Công nghệ"),
            ("SKHCN", "Sở Khoa học và Công nghệ"),
            ("Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ"),
            ("VPUB", "Văn phòng Ủy ban nhân dân tỉnh"),
            ("Văn phòng UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
            (
                "Văn phòng Uỷ ban nhân dân tỉnh",
                "Văn phòng Ủy ban nhân dân tỉnh",
            ),
            ("UBND tỉnh", "Ủy ban nhân dân tỉnh"),
            ("Sở NN&MT", "Sở Nông nghiệp và Môi trường"),
            ("Sở VHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
            (
                "Sở Văn hoá Thể thao và Du lịch",
                "Sở Văn hóa, Thể thao và Du lịch",
            ),
            ("các sở, ban, ngành", "Các sở, ban, ngành"),
            ("UBND các xã, phường, đặc khu", "Ủy ban nhân dân cấp xã"),
            ("UBND cấp xã", "Ủy ban nhân dân cấp xã"),
            ("địa phương", "Ủy ban nhân dân cấp xã"),
            (
                "UBND phường Nam Nha Trang",
                "Ủy ban nhân dân phường Nam Nha Trang",
            ),
            ("xã Diên Khánh", "Ủy ban nhân dân xã Diên Khánh"),
            (
                "UBND các huyện, thị xã, thành phố",
                "Ủy ban nhân dân cấp huyện",
            ),
        ];
        for (text, want) in cases {
            let id = r.lookup(text);
            let got = id.and_then(|i| r.get(i)).map(|a| a.name.as_str());
            assert_eq!(got, Some(want), "{text}");
        }
    }

    #[test]
    fn scan_finds_lists_longest_first() {
        let r = Registry::khanh_hoa();
        let t =
            Tokens::new("phối hợp với Sở Xây dựng, Sở Nông nghiệp và Môi trường và Sở Tài chính");
        let names: Vec<&str> = r
            .scan(&t)
            .iter()
            .filter_map(|m| r.get(m.agency))
            .map(|a| a.name.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "Sở Xây dựng",
                "Sở Nông nghiệp và Môi trường",
                "Sở Tài chính"
            ]
        );
    }

    #[test]
    fn bad_registry_lines_are_named() {
        let e = Registry::parse("Sở A\tdepartment\n\nSở B\tnope\n").err();
        assert_eq!(e.map(|e| e.line), Some(3));
        let e = Registry::parse("Sở A\tdepartment\nSở A\tdepartment\n").err();
        assert!(e.is_some_and(|e| e.message.contains("twice")));
    }
}
