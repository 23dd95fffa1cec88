//! The agency registry: canonical names, kinds, aliases, and a matcher that
//! finds agency mentions in text by longest match over folded words.
//!
//! The registry is data, keyed by province: `data/common.tsv` lists the bodies
//! every province has (the departments of Decree 150/2025, the Party committee,
//! the police, the treasury, ...), and a province file such as
//! `data/khanh-hoa.tsv` adds that province's own bodies and communes. A
//! province without a file still gets the common set, with its own name put
//! where the data says `{province}`: never another province's names.
//!
//! File format, one agency per line, tab-separated, `#` starts a comment:
//! `name <TAB> kind <TAB> parent <TAB> aliases separated by | <TAB> codes separated by |`.
//! A `# province: Name` line names the province a file is for. In names and
//! aliases, `{province}` stands for the province's name and `{n}` for a region
//! numeral kept as written ("Kho bạc Nhà nước khu vực {n}" reads "… khu vực X");
//! such a row is a name template ([`Registry::templates`]), never one of the
//! [`Registry::agencies`] a database imports.

use crate::text::fold;
use crate::token::{Kind, Tokens};
use std::collections::HashMap;
use std::fmt;

/// The bodies every province has, the base of every province's registry.
pub const COMMON_TSV: &str = include_str!("../data/common.tsv");

/// What is specific to Khánh Hòa, layered over [`COMMON_TSV`].
pub const KHANH_HOA_TSV: &str = include_str!("../data/khanh-hoa.tsv");

/// The province files shipped with dondoc.
const PROVINCE_FILES: &[&str] = &[KHANH_HOA_TSV];

/// The trie word that stands for a `{n}` region numeral.
const NUMERAL: &str = "\u{0}n";

pub use dondoc_domain::agency::AgencyKind;

/// One agency of the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agency {
    /// The canonical name, written in output.
    pub name: String,
    /// What kind of body it is.
    pub kind: AgencyKind,
    /// The agency it belongs to, by canonical name.
    pub parent: Option<String>,
    /// Other names and abbreviations that mean it.
    pub aliases: Vec<String>,
    /// Codes used in document symbols (`SKHCN` in `1717/TTr-SKHCN`).
    pub codes: Vec<String>,
}

/// A registry file that cannot be read, with the line at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryError {
    /// 1-based line of the file (0 when the fault is in the whole file).
    pub line: usize,
    /// What is wrong.
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
    /// Name templates ("… khu vực {n}"), indexed after the agencies.
    templates: Vec<Agency>,
    province: Option<String>,
    /// The folded words of the province's name ("hung", "yen").
    province_words: Vec<String>,
    /// Built from the common set alone: its names are the generic ones every
    /// province has ("Thuế tỉnh"), not this province's own.
    generic: bool,
}

/// One agency found in a token stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    /// The agency's index in [`Registry::agencies`], or past its end for a
    /// template (see [`Registry::get`]).
    pub agency: usize,
    /// Token range `start..end` in the scanned [`Tokens`].
    pub start: usize,
    /// End of the token range (exclusive).
    pub end: usize,
    /// The token a `{n}` numeral matched, if the name has one.
    pub numeral: Option<usize>,
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
/// Yields (word, index of the token it came from, whether it is the token itself).
fn words_from(toks: &Tokens, i: usize) -> impl Iterator<Item = (&str, usize, bool)> {
    let mut k = i;
    let mut pending: &'static [&'static str] = &[];
    let mut pending_tok = i;
    std::iter::from_fn(move || {
        loop {
            if let Some((first, rest)) = pending.split_first() {
                pending = rest;
                return Some((*first, pending_tok, false));
            }
            let kind = toks.kind(k)?;
            let idx = k;
            k += 1;
            match kind {
                Kind::Punct(',') | Kind::Punct('-') if idx > i => continue,
                Kind::Punct('&') => return Some(("&", idx, true)),
                Kind::Punct(_) => return None,
                Kind::Word | Kind::Num => {
                    let w = toks.s(idx);
                    if let Some(exp) = expansion(w) {
                        pending = exp;
                        pending_tok = idx;
                        continue;
                    }
                    return Some((w, idx, true));
                }
            }
        }
    })
}

/// A region numeral as a `{n}` placeholder takes it: "X", "XIII", "10".
fn is_numeral(toks: &Tokens, i: usize) -> bool {
    let s = toks.s(i);
    match toks.kind(i) {
        Some(Kind::Num) => s.len() <= 2,
        Some(Kind::Word) => s.len() <= 5 && s.bytes().all(|b| matches!(b, b'i' | b'v' | b'x')),
        _ => false,
    }
}

/// The folded words of a name, `{n}` as [`NUMERAL`].
fn name_words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (k, piece) in name.split("{n}").enumerate() {
        if k > 0 {
            out.push(NUMERAL.to_owned());
        }
        let toks = Tokens::new(piece);
        out.extend(words_from(&toks, 0).map(|(w, _, _)| w.to_owned()));
    }
    out
}

/// One registry file: its rows as written (placeholders kept) and its province.
struct File {
    rows: Vec<(usize, Agency)>,
    province: Option<String>,
}

fn read_file(tsv: &str) -> Result<File, RegistryError> {
    let mut rows = Vec::new();
    let mut province = None;
    let mut seen = HashMap::new();
    for (n, raw) in tsv.lines().enumerate() {
        let line = n + 1;
        let raw = raw.trim_end_matches('\r');
        let trimmed = raw.trim();
        if let Some(p) = trimmed.strip_prefix('#') {
            if let Some(name) = p.trim().strip_prefix("province:") {
                province = Some(crate::text::nfc(name.trim())).filter(|p| !p.is_empty());
            }
            continue;
        }
        if trimmed.is_empty() {
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
        let kind = AgencyKind::from_code(kind_s).ok_or_else(|| RegistryError {
            line,
            message: format!(
                "unknown kind {kind_s:?} in column 2 (expected province, department, party, central, commune, group, broad or other)"
            ),
        })?;
        if seen.insert(fold(&name), line).is_some() {
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
        rows.push((
            line,
            Agency {
                name,
                kind,
                parent,
                aliases: list(3),
                codes: list(4),
            },
        ));
    }
    Ok(File { rows, province })
}

/// Layers a province file's rows over the common rows: a row naming a common
/// agency (by its name or an alias) replaces it and keeps its other names.
fn layer(common: Vec<(usize, Agency)>, own: Vec<(usize, Agency)>) -> Vec<(usize, Agency)> {
    let mut out: Vec<Option<(usize, Agency)>> = common.into_iter().map(Some).collect();
    let mut added = Vec::new();
    for (line, mut a) in own {
        let keys: Vec<String> = std::iter::once(&a.name)
            .chain(a.aliases.iter())
            .map(|n| fold(n))
            .collect();
        let hits: Vec<usize> = out
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                c.as_ref()
                    .is_some_and(|(_, c)| keys.contains(&fold(&c.name)))
            })
            .map(|(i, _)| i)
            .collect();
        let Some(&first) = hits.first() else {
            added.push((line, a));
            continue;
        };
        for &h in &hits {
            if let Some((_, c)) = out.get_mut(h).and_then(Option::take) {
                for n in std::iter::once(c.name).chain(c.aliases) {
                    if fold(&n) != fold(&a.name) && !a.aliases.iter().any(|x| fold(x) == fold(&n)) {
                        a.aliases.push(n);
                    }
                }
                for code in c.codes {
                    if !a.codes.contains(&code) {
                        a.codes.push(code);
                    }
                }
                if a.parent.is_none() {
                    a.parent = c.parent;
                }
            }
        }
        if let Some(slot) = out.get_mut(first) {
            *slot = Some((line, a));
        }
    }
    out.into_iter().flatten().chain(added).collect()
}

/// Whether a row is a name template ("Kho bạc Nhà nước khu vực {n}").
fn is_template(a: &Agency) -> bool {
    a.name.contains("{n}")
}

/// The name templates of the common set.
fn common_templates() -> Vec<Agency> {
    read_file(COMMON_TSV)
        .map(|f| {
            f.rows
                .into_iter()
                .map(|(_, a)| a)
                .filter(is_template)
                .filter_map(|a| expand(a, None))
                .collect()
        })
        .unwrap_or_default()
}

/// Provinces that are cities under the central government: their bodies say
/// "thành phố" where a province's say "tỉnh" ("Công an thành phố", "Thành ủy").
const CITY_PROVINCES: &[&str] = &[
    "ha noi",
    "ho chi minh",
    "hai phong",
    "da nang",
    "can tho",
    "hue",
];

/// Whether `name` is a city under the central government ("Đà Nẵng", "Huế").
pub fn is_city_province(name: &str) -> bool {
    let f = fold(name);
    let f = f.trim();
    let f = f.strip_prefix("thanh pho ").unwrap_or(f);
    CITY_PROVINCES.contains(&f)
}

/// A province's word for itself in a city: "tỉnh" → "thành phố",
/// "Tỉnh ủy" → "Thành ủy", "Tỉnh đoàn" → "Thành đoàn".
fn city_words(s: &str) -> String {
    s.split(' ')
        .map(|w| match w {
            "tỉnh" => "thành phố",
            "Tỉnh" => "Thành",
            "tỉnh," => "thành phố,",
            _ => w,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Puts the province's name where the data says `{province}` (or drops the
/// name while the province is unknown), uses "thành phố" for a city, and lets
/// names ending in "tỉnh" or "Tỉnh ủy" also match with the province's name
/// after them.
fn expand(mut a: Agency, province: Option<&str>) -> Option<Agency> {
    const P: &str = "{province}";
    let city = province.is_some_and(is_city_province);
    let fill = |s: &str| -> Option<String> {
        let s = if city { city_words(s) } else { s.to_owned() };
        match (s.contains(P), province) {
            (false, _) => Some(s),
            (true, Some(p)) => Some(s.replace(P, p)),
            (true, None) => None,
        }
    };
    let written = a.name.clone();
    a.name = fill(&a.name)?;
    a.aliases = a.aliases.iter().filter_map(|s| fill(s)).collect();
    if city && fold(&written) != fold(&a.name) && !written.contains(P) {
        a.aliases.push(written);
    }
    a.parent = a.parent.as_deref().and_then(fill);
    if let Some(p) = province {
        let with_province: Vec<String> = std::iter::once(&a.name)
            .chain(a.aliases.iter())
            .filter(|n| {
                let f = fold(n);
                (f.ends_with(" tinh")
                    || f.ends_with("tinh uy")
                    || f.ends_with(" thanh pho")
                    || f.ends_with("thanh uy"))
                    && !n.contains("{n}")
            })
            .map(|n| format!("{n} {p}"))
            .collect();
        for n in with_province {
            if !a.aliases.iter().any(|x| fold(x) == fold(&n)) {
                a.aliases.push(n);
            }
        }
    }
    Some(a)
}

/// The province a set of agencies is for: the name after "Ủy ban nhân dân
/// tỉnh" in an alias of the provincial People's Committee.
fn province_of(agencies: &[Agency]) -> Option<String> {
    let committee = agencies
        .iter()
        .find(|a| a.kind == AgencyKind::Province && fold(&a.name) == "uy ban nhan dan tinh")?;
    committee.aliases.iter().find_map(|alias| {
        let words: Vec<&str> = alias.split_whitespace().collect();
        let at = words.iter().position(|w| fold(w) == "tinh")?;
        let rest = words.get(at + 1..)?;
        let head = fold(&words.get(..at)?.join(" "));
        (matches!(head.as_str(), "uy ban nhan dan" | "ubnd")
            && !rest.is_empty()
            && rest
                .iter()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase)))
        .then(|| rest.join(" "))
    })
}

/// Whether two province names are the same ("Khánh Hòa", "KHÁNH HOÀ", "tỉnh Khánh Hoà").
pub fn same_province(a: &str, b: &str) -> bool {
    let key = |s: &str| {
        let f = fold(s);
        let f = f.trim();
        f.strip_prefix("tinh ")
            .unwrap_or(f)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    key(a) == key(b)
}

impl Registry {
    /// The registry shipped with dondoc for Khánh Hòa (the common set and
    /// `data/khanh-hoa.tsv`).
    pub fn khanh_hoa() -> Self {
        Self::for_province(Some("Khánh Hòa"))
    }

    /// The common set alone, for a document whose province is unknown.
    pub fn common() -> Self {
        Self::for_province(None)
    }

    /// The registry for a province: the common set with the province's name
    /// filled in, and the province's own file when dondoc ships one.
    pub fn for_province(province: Option<&str>) -> Self {
        // The shipped files are tested to parse; fall back to empty rather than panic.
        let file = province.and_then(|p| {
            PROVINCE_FILES.iter().find(|tsv| {
                read_file(tsv)
                    .ok()
                    .and_then(|f| f.province)
                    .is_some_and(|fp| same_province(&fp, p))
            })
        });
        match file {
            Some(tsv) => Self::parse_province(tsv),
            None => Self::build(
                read_file(COMMON_TSV).map(|f| f.rows).unwrap_or_default(),
                province.map(str::to_owned),
                true,
            ),
        }
        .unwrap_or_else(|_| Self::from_agencies(Vec::new()))
    }

    /// [`Registry::for_province`], built once per province and kept: the
    /// registry of a document from another province than the caller's.
    pub fn shared_for_province(province: &str) -> std::sync::Arc<Self> {
        use std::sync::{Arc, Mutex, OnceLock};
        static CACHE: OnceLock<Mutex<HashMap<String, Arc<Registry>>>> = OnceLock::new();
        /// Enough for every province; a runaway input cannot grow it further.
        const MAX: usize = 128;
        let key = fold(province);
        let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
        if let Ok(map) = cache.lock()
            && let Some(r) = map.get(&key)
        {
            return r.clone();
        }
        let reg = Arc::new(Self::for_province(Some(province)));
        if let Ok(mut map) = cache.lock()
            && map.len() < MAX
        {
            map.insert(key, reg.clone());
        }
        reg
    }

    /// Parses a province file (see the module docs) and layers it over the
    /// common set. Its `# province:` line names the province.
    pub fn parse_province(tsv: &str) -> Result<Self, RegistryError> {
        let own = read_file(tsv)?;
        let common = read_file(COMMON_TSV)?;
        Self::build(layer(common.rows, own.rows), own.province, false)
    }

    /// Parses a registry file (see the module docs). A province file (one
    /// with a `# province:` line, like `data/khanh-hoa.tsv`) is layered over
    /// the common set, as [`Registry::parse_province`] does; a file without
    /// one is the whole registry.
    pub fn parse(tsv: &str) -> Result<Self, RegistryError> {
        let file = read_file(tsv)?;
        if file.province.is_some() {
            return Self::parse_province(tsv);
        }
        Self::build(file.rows, file.province, false)
    }

    fn build(
        rows: Vec<(usize, Agency)>,
        province: Option<String>,
        rows_generic: bool,
    ) -> Result<Self, RegistryError> {
        let mut lines = Vec::new();
        let mut agencies = Vec::new();
        for (line, a) in rows {
            if let Some(a) = expand(a, province.as_deref()) {
                lines.push(line);
                agencies.push(a);
            }
        }
        let mut reg = Self::from_agencies(agencies);
        for (a, line) in reg.agencies.iter().zip(lines) {
            if let Some(p) = &a.parent
                && reg.lookup(p).is_none()
            {
                return Err(RegistryError {
                    line,
                    message: format!("agency {:?} names an unknown parent {p:?}", a.name),
                });
            }
        }
        let generic = rows_generic;
        if province.is_some() {
            reg = reg.with_province(province.as_deref());
        }
        reg.generic = generic;
        Ok(reg)
    }

    /// A registry of these agencies (rows of the database, for instance). Its
    /// province is read from the aliases of "Ủy ban nhân dân tỉnh"
    /// ("UBND tỉnh Khánh Hòa"); [`Registry::with_province`] sets it.
    ///
    /// Rows whose name is a template ("Kho bạc Nhà nước khu vực {n}") become
    /// [`Registry::templates`], not agencies. A database holds no templates:
    /// when `agencies` has none, the common set's templates are added, so that
    /// "Kho bạc Nhà nước khu vực X" is still read as one body.
    pub fn from_agencies(agencies: Vec<Agency>) -> Self {
        let province = province_of(&agencies);
        let (mut templates, agencies): (Vec<Agency>, Vec<Agency>) =
            agencies.into_iter().partition(is_template);
        if templates.is_empty() {
            templates = common_templates();
        }
        let mut reg = Registry {
            agencies: Vec::new(),
            templates: Vec::new(),
            nodes: vec![Node::default()],
            by_code: HashMap::new(),
            province: None,
            province_words: Vec::new(),
            generic: false,
        };
        // Canonical names first: an alias never takes another agency's name.
        // Templates take the indices after the agencies'.
        let all = || agencies.iter().chain(templates.iter()).enumerate();
        for (id, a) in all() {
            reg.insert(&a.name, id);
        }
        for (id, a) in all() {
            for alias in &a.aliases {
                reg.insert(alias, id);
            }
            for code in &a.codes {
                reg.by_code.insert(fold(code), id);
            }
        }
        reg.agencies = agencies;
        reg.templates = templates;
        reg.with_province(province.as_deref())
    }

    /// The same registry, said to be for `province`.
    pub fn with_province(mut self, province: Option<&str>) -> Self {
        self.province = province.map(str::to_owned);
        self.province_words = province
            .map(|p| fold(p).split_whitespace().map(str::to_owned).collect())
            .unwrap_or_default();
        self
    }

    /// The folded words of the province's name (empty when unknown).
    pub(crate) fn province_words(&self) -> &[String] {
        &self.province_words
    }

    /// Whether the names are the common set's generic ones ("Thuế tỉnh"),
    /// not a province's own: a document naming a body with its province
    /// ("Thuế tỉnh Hưng Yên") then says more than the registry does.
    pub(crate) fn generic(&self) -> bool {
        self.generic
    }

    /// Name templates: numbered regional bodies ("Kho bạc Nhà nước khu vực
    /// {n}") whose mentions are read with their numeral as written. They are
    /// patterns, not agencies: [`Registry::agencies`] does not list them.
    pub fn templates(&self) -> &[Agency] {
        &self.templates
    }

    /// The province this registry is for, if known.
    pub fn province(&self) -> Option<&str> {
        self.province.as_deref()
    }

    fn insert(&mut self, name: &str, id: usize) {
        let words = name_words(name);
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

    /// Every agency, in the order of the files: real names only, never a
    /// template ([`Registry::templates`]).
    pub fn agencies(&self) -> &[Agency] {
        &self.agencies
    }

    /// The agency with index `id` (a [`Mention`]'s), or the template with
    /// index `id - agencies().len()`.
    pub fn get(&self, id: usize) -> Option<&Agency> {
        self.agencies.get(id).or_else(|| {
            id.checked_sub(self.agencies.len())
                .and_then(|k| self.templates.get(k))
        })
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
        self.by_code.get(&fold(code)).copied()
    }

    /// The name a mention stands for: the canonical name, its `{n}` numeral
    /// as written in `text` (the string `toks` was made from).
    pub fn name_of(&self, m: &Mention, toks: &Tokens, text: &str) -> Option<String> {
        let a = self.get(m.agency)?;
        if !a.name.contains("{n}") {
            return Some(a.name.clone());
        }
        let written = m
            .numeral
            .and_then(|k| toks.toks.get(k))
            .and_then(|t| text.get(t.o.clone()))
            .unwrap_or("");
        Some(a.name.replace("{n}", written))
    }

    /// The longest agency name starting at token `i`.
    pub fn find_at(&self, toks: &Tokens, i: usize) -> Option<Mention> {
        if matches!(toks.kind(i), Some(Kind::Punct(_)) | None) {
            return None;
        }
        let mut node = 0;
        let mut best = None;
        let mut numeral = None;
        for (w, tok, whole) in words_from(toks, i) {
            let n = self.nodes.get(node);
            match n.and_then(|n| n.next.get(w)) {
                Some(&n) => node = n,
                None => match n.and_then(|n| n.next.get(NUMERAL)) {
                    Some(&n) if whole && is_numeral(toks, tok) => {
                        node = n;
                        numeral = Some(tok);
                    }
                    _ => break,
                },
            }
            if let Some(id) = self.nodes.get(node).and_then(|n| n.terminal) {
                best = Some(Mention {
                    agency: id,
                    start: i,
                    end: tok + 1,
                    numeral,
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
        let r = Registry::parse_province(KHANH_HOA_TSV);
        assert!(r.is_ok(), "{:?}", r.err());
        let r = r.unwrap_or_else(|_| Registry::from_agencies(Vec::new()));
        assert!(r.agencies().len() > 120);
        assert_eq!(r.province(), Some("Khánh Hòa"));
        let c = Registry::parse(COMMON_TSV);
        assert!(c.is_ok(), "{:?}", c.err());
        // A province file read alone still starts from the common set.
        let kh = Registry::parse(KHANH_HOA_TSV)
            .map(|r| r.agencies().len())
            .unwrap_or(0);
        assert_eq!(kh, Registry::khanh_hoa().agencies().len());
    }

    fn name(r: &Registry, text: &str) -> Option<String> {
        let t = Tokens::new(text);
        r.find_at(&t, 0)
            .filter(|m| m.end == t.len())
            .and_then(|m| r.name_of(&m, &t, text))
    }

    /// Names follow the document's province: the common set fills in its
    /// name, and no other province's entries apply.
    #[test]
    fn registry_follows_the_province() {
        let nghe_an = Registry::for_province(Some("Nghệ An"));
        let cases = [
            ("Thuế tỉnh", Some("Thuế tỉnh")),
            ("Công an tỉnh Nghệ An", Some("Công an tỉnh")),
            ("UBND tỉnh Nghệ An", Some("Ủy ban nhân dân tỉnh")),
            ("Sở KH&CN", Some("Sở Khoa học và Công nghệ")),
            (
                "Kho bạc Nhà nước khu vực X",
                Some("Kho bạc Nhà nước khu vực X"),
            ),
            (
                "Ngân hàng Nhà nước Khu vực 10",
                Some("Ngân hàng Nhà nước Khu vực 10"),
            ),
            (
                "Báo và Phát thanh, Truyền hình Nghệ An",
                Some("Báo và Phát thanh, Truyền hình Nghệ An"),
            ),
            ("Thuế tỉnh Khánh Hòa", None),
            ("phường Nha Trang", None),
        ];
        // A city under the central government says "thành phố".
        let hai_phong = Registry::for_province(Some("Hải Phòng"));
        assert_eq!(
            name(&hai_phong, "Thuế thành phố").as_deref(),
            Some("Thuế thành phố")
        );
        assert_eq!(
            name(&hai_phong, "Công an thành phố Hải Phòng").as_deref(),
            Some("Công an thành phố")
        );
        assert_eq!(
            name(&hai_phong, "UBND thành phố").as_deref(),
            Some("Ủy ban nhân dân thành phố")
        );
        assert_eq!(name(&hai_phong, "Thành ủy").as_deref(), Some("Thành ủy"));
        for (text, want) in cases {
            assert_eq!(name(&nghe_an, text).as_deref(), want, "{text}");
        }
        assert_eq!(nghe_an.province(), Some("Nghệ An"));
        let kh = Registry::khanh_hoa();
        assert_eq!(
            name(&kh, "Thuế tỉnh").as_deref(),
            Some("Thuế tỉnh Khánh Hòa")
        );
        assert_eq!(
            name(&kh, "Kho bạc Nhà nước khu vực XIII").as_deref(),
            Some("Kho bạc Nhà nước tỉnh")
        );
        // Without a province, no name carries one.
        let common = Registry::common();
        assert!(
            common
                .agencies()
                .iter()
                .all(|a| !a.name.contains('{') || a.name.contains("{n}"))
        );
        assert_eq!(common.province(), None);
    }

    /// Importing `agencies()` yields real names only: templates ("Kho bạc
    /// Nhà nước khu vực {n}") are patterns, kept apart, and a registry built
    /// from imported rows still reads numbered regional bodies.
    #[test]
    fn templates_are_not_agencies() {
        for reg in [
            Registry::khanh_hoa(),
            Registry::common(),
            Registry::for_province(Some("Hà Tĩnh")),
        ] {
            assert!(
                reg.agencies()
                    .iter()
                    .all(|a| !a.name.contains('{') && a.aliases.iter().all(|x| !x.contains('{'))),
                "a template among the agencies"
            );
            assert!(reg.templates().iter().all(|a| a.name.contains("{n}")));
            assert!(reg.templates().len() >= 4);
        }
        let rows = Registry::khanh_hoa().agencies().to_vec();
        let from_rows = Registry::from_agencies(rows);
        assert_eq!(
            name(&from_rows, "Ngân hàng Nhà nước Khu vực 10").as_deref(),
            Some("Ngân hàng Nhà nước Khu vực 10")
        );
        assert_eq!(
            name(&from_rows, "KBNN khu vực IV").as_deref(),
            Some("Kho bạc Nhà nước khu vực IV")
        );
        // A mention of a template resolves through `get`, past the agencies.
        let t = Tokens::new("Bảo hiểm xã hội khu vực XII");
        let m = from_rows.find_at(&t, 0);
        assert!(m.is_some_and(|m| m.agency >= from_rows.agencies().len()));
        assert!(m.and_then(|m| from_rows.get(m.agency)).is_some());
    }

    /// The web builds a registry from database rows: the province is read back
    /// from the People's Committee's aliases.
    #[test]
    fn from_agencies_reads_the_province() {
        let kh = Registry::khanh_hoa();
        let rows = kh.agencies().to_vec();
        assert_eq!(Registry::from_agencies(rows).province(), Some("Khánh Hòa"));
        assert!(same_province("KHÁNH HOÀ", "tỉnh Khánh Hòa"));
        assert!(!same_province("Khánh Hòa", "Nghệ An"));
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
            ("UBND cấp huyện", "UBND các huyện, thị xã, thành phố"),
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
