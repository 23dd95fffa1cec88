//! The directive's own metadata (number, kind, issuer, place and date,
//! summary, signer) and the documents it cites.

use crate::layout::Block;
use crate::model::{DocumentMeta, Reference};
use crate::registry::Registry;
use crate::text::{fold, is_all_caps};
use crate::token::{Kind, Tokens};
use chrono::NaiveDate;

/// Document kinds (Decree 30/2020, Art. 7) and their symbol abbreviations.
const KINDS: &[(&str, &str)] = &[
    ("Thông báo", "TB"),
    ("Kế hoạch", "KH"),
    ("Quyết định", "QĐ"),
    ("Chỉ thị", "CT"),
    ("Công văn", "CV"),
    ("Báo cáo", "BC"),
    ("Tờ trình", "TTr"),
    ("Công điện", "CĐ"),
    ("Nghị quyết", "NQ"),
    ("Chương trình", "CTr"),
    ("Hướng dẫn", "HD"),
    ("Giấy mời", "GM"),
    ("Kết luận", "KL"),
    ("Quy chế", "QC"),
    ("Quy định", "QyĐ"),
    ("Đề án", "ĐA"),
    ("Phương án", "PA"),
    ("Thông cáo", "TC"),
    ("Biên bản", "BB"),
    ("Nghị định", "NĐ"),
    ("Thông tư", "TT"),
    ("Luật", "L"),
];

fn kind_by_symbol(symbol: &str) -> Option<&'static str> {
    let first = symbol.split(['-', '/']).next()?;
    KINDS
        .iter()
        .find(|(_, abbr)| fold(abbr) == fold(first) && *abbr == first.trim())
        .map(|(k, _)| *k)
}

/// The header: blocks before the body starts (the first long paragraph).
fn header_end(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .position(|b| b.cells.is_none() && b.text.chars().count() > 250)
        .unwrap_or(blocks.len())
        .min(30)
}

/// Texts of header blocks and of their table cells (Word headers are tables).
fn header_texts(blocks: &[Block]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, b) in blocks.iter().take(header_end(blocks)).enumerate() {
        match &b.cells {
            Some(cells) => out.extend(
                cells
                    .iter()
                    .filter(|c| !c.is_empty())
                    .map(|c| (i, c.clone())),
            ),
            None => out.push((i, b.text.clone())),
        }
    }
    out
}

/// "Số: 123/QĐ-UBND", "Số 08-TB/BCĐ", "Số: /TB-UBND".
fn number_in(text: &str) -> Option<(Option<String>, String)> {
    let mut from = 0;
    while let Some(pos) = text.get(from..)?.find("Số") {
        let at = from + pos;
        from = at + "Số".len();
        let before_ok = at == 0
            || text
                .get(..at)
                .is_some_and(|b| b.ends_with(char::is_whitespace));
        if !before_ok {
            continue;
        }
        let rest = text
            .get(from..)?
            .trim_start()
            .trim_start_matches(':')
            .trim_start();
        let chunk: String = rest
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        // Take the symbol-like run, repairing stray spaces ("1345/ UBND –KT").
        let mut sym = String::new();
        for w in chunk.split(' ') {
            let w = w.replace('–', "-");
            if sym.is_empty() || sym.ends_with(['/', '-']) || w.starts_with(['/', '-']) {
                sym.push_str(&w);
            } else {
                break;
            }
        }
        let sym = sym.trim_end_matches([',', '.', ';']).to_owned();
        if !(sym.contains('/') || sym.contains('-')) || !sym.chars().any(char::is_uppercase) {
            continue;
        }
        if let Some(s) = sym.strip_prefix('/') {
            return Some((None, s.to_owned()));
        }
        let digits: String = sym.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() {
            continue;
        }
        let symbol = sym.get(digits.len() + 1..).unwrap_or("").to_owned();
        return Some((Some(sym.clone()), symbol));
    }
    None
}

/// "Khánh Hòa, ngày 24 tháng 4 năm 2026" → place, date (None when blank), year.
fn place_date(text: &str) -> Option<(String, Option<NaiveDate>, Option<i32>)> {
    let t = Tokens::new(text);
    for i in 0..t.len() {
        // The place line writes "ngày" in lowercase; "Ngày 05/3/2026, ..." opens a story.
        if t.s(i) != "ngay" || t.capitalized(text, i) {
            continue;
        }
        let mut j = i + 1;
        let day = t.num(j);
        if day.is_some() {
            j += 1;
        }
        if t.s(j) != "thang" {
            continue;
        }
        j += 1;
        let month = t.num(j);
        if month.is_some() {
            j += 1;
        }
        if t.s(j) != "nam" {
            continue;
        }
        let year: Option<i32> = t
            .num(j + 1)
            .and_then(|y| i32::try_from(y).ok())
            .filter(|y| *y > 1990);
        let date = match (day, month, year) {
            (Some(d), Some(m), Some(y)) => NaiveDate::from_ymd_opt(y, m, d),
            _ => None,
        };
        let head = text
            .get(..t.toks.get(i).map_or(0, |k| k.o.start))
            .unwrap_or("");
        let place = head.trim().trim_end_matches(',').trim();
        // The place is the last comma-free run before "ngày" ("... HẠNH PHÚC Khánh Hòa,").
        let place = place.rsplit(['\t']).next().unwrap_or(place).trim();
        let place = last_title_case_run(place);
        return Some((place, date, year));
    }
    None
}

/// The trailing run of capitalised words ("Độc lập ... Hạnh phúc Khánh Hòa" → "Khánh Hòa").
fn last_title_case_run(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut start = words.len();
    while start > 0 {
        let w = words[start - 1];
        let cap = w.chars().next().is_some_and(char::is_uppercase);
        let all_caps = w
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
            && w.chars().count() > 1;
        if cap && !all_caps {
            start -= 1;
        } else {
            break;
        }
    }
    words.get(start..).map(|w| w.join(" ")).unwrap_or_default()
}

fn is_motto(text: &str) -> bool {
    let f = fold(text);
    f.contains("cong hoa xa hoi chu nghia")
        || f.contains("doc lap - tu do")
        || f.contains("dang cong san viet nam")
        || f.trim() == "*"
        || f.starts_with("doc lap")
}

/// A person's name: 2–5 capitalised words, nothing else.
pub fn is_person_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (2..=5).contains(&words.len())
        && words.iter().all(|w| {
            let mut cs = w.chars();
            cs.next().is_some_and(char::is_uppercase)
                && cs.all(|c| c.is_lowercase() && c.is_alphabetic())
        })
}

const SIGNATURE_TITLES: &[&str] = &[
    "chu tich",
    "giam doc",
    "truong ban",
    "bi thu",
    "chanh van phong",
    "pho ",
    "kt.",
    "tm.",
    "tl.",
    "q.",
    "t/m",
    "k/t",
    "t/l",
    "tuq.",
    "thu truong",
    "truong phong",
];

fn is_signature_title(s: &str) -> bool {
    let f = fold(s);
    is_all_caps(s) && SIGNATURE_TITLES.iter().any(|t| f.contains(t))
}

/// Reads the document's metadata from its blocks.
pub fn metadata(
    blocks: &[Block],
    registry: &Registry,
    body_end: usize,
    appendix_at: usize,
) -> DocumentMeta {
    let mut meta = DocumentMeta::default();
    let header = header_texts(blocks);
    for (_, text) in &header {
        if meta.symbol.is_none()
            && let Some((number, symbol)) = number_in(text)
        {
            meta.number = number;
            meta.symbol = Some(symbol);
        }
        if meta.year.is_none()
            && let Some((place, date, year)) = place_date(text)
        {
            meta.place = (!place.is_empty()).then_some(place);
            meta.issued_on = date;
            meta.year = year;
        }
    }
    // Kind: the type line ("THÔNG BÁO", "KẾ HOẠCH"), else "V/v" (công văn), else the symbol.
    let mut kind_block = None;
    for (i, text) in &header {
        let f = fold(text);
        if let Some((k, _)) = KINDS
            .iter()
            .find(|(k, _)| is_all_caps(text) && f.starts_with(&fold(k)))
        {
            meta.kind = Some((*k).to_owned());
            // Folding keeps one character per character: cut the original by chars.
            let rest: String = text.chars().skip(k.chars().count()).collect();
            kind_block = Some((*i, rest));
            break;
        }
    }
    let vv = header
        .iter()
        .find(|(_, t)| t.starts_with("V/v") || t.starts_with("V/V"));
    if meta.kind.is_none() {
        meta.kind = if vv.is_some() {
            Some("Công văn".to_owned())
        } else {
            meta.symbol
                .as_deref()
                .and_then(kind_by_symbol)
                .map(str::to_owned)
                .or_else(|| meta.symbol.as_ref().map(|_| "Công văn".to_owned()))
        };
    }
    // Title (trích yếu).
    if let Some((_, t)) = vv {
        meta.title = Some(
            t.get(3..)
                .unwrap_or("")
                .trim_start_matches([':', ' '])
                .trim()
                .to_owned(),
        );
    } else if let Some((i, rest)) = &kind_block {
        let mut parts = Vec::new();
        let rest = rest.trim();
        if !rest.is_empty() {
            parts.push(rest.to_owned());
        }
        for (n, b) in blocks.iter().skip(i + 1).take(5).enumerate() {
            let f = fold(&b.text);
            // The summary is the lines right under the kind; a blank line ends it.
            if (n > 0 || !rest.is_empty()) && b.gap_before {
                break;
            }
            if b.cells.is_some()
                || b.marker
                    .is_some_and(|m| m != crate::layout::Marker::BoldLine)
                || ["ngay ", "can cu", "kinh gui", "thuc hien", "sau khi", "de "]
                    .iter()
                    .any(|p| f.starts_with(p))
                || b.text.chars().count() > 300
            {
                break;
            }
            parts.push(b.text.clone());
        }
        let title = parts.join(" ");
        meta.title = (!title.is_empty()).then_some(title);
    }
    // Issuer: the header's agency lines, else the agency whose code is in the symbol.
    let kind_at = kind_block.as_ref().map_or(usize::MAX, |k| k.0);
    let issuer_lines: Vec<&str> = header
        .iter()
        .take_while(|(i, t)| *i < kind_at && !t.starts_with("Số") && place_date(t).is_none())
        .filter(|(_, t)| is_all_caps(t) && !is_motto(t))
        .map(|(_, t)| t.as_str())
        .collect();
    if !issuer_lines.is_empty() {
        meta.issuer = Some(issuer_lines.join(" "));
    } else if let Some(sym) = &meta.symbol {
        let code = sym
            .rsplit(['/', '-'])
            .find(|c| registry.by_code(c).is_some());
        let code = sym
            .split(['/', '-'])
            .find(|c| registry.by_code(c).is_some())
            .or(code);
        meta.issuer = code
            .and_then(|c| registry.by_code(c))
            .and_then(|id| registry.get(id))
            .map(|a| a.name.clone());
    }
    meta.signer = signer(blocks, body_end, appendix_at);
    meta
}

/// The signer: the first person's name after a signature title, between the
/// end of the body and the appendix.
fn signer(blocks: &[Block], body_end: usize, appendix_at: usize) -> Option<String> {
    let end = appendix_at.min(blocks.len());
    // A signature laid out beside or above "Nơi nhận" (Word layout tables)
    // starts before the recipients.
    let titled = |b: &Block| match &b.cells {
        Some(cells) => cells.iter().any(|c| is_signature_title(c)),
        None => is_signature_title(&b.text),
    };
    let start = match blocks.get(..end)?.iter().rposition(titled) {
        Some(t) if t < body_end => t,
        _ => body_end.min(end),
    };
    let region = blocks.get(start..end)?;
    let mut texts = Vec::new();
    for b in region {
        match &b.cells {
            Some(cells) => texts.extend(cells.iter().cloned()),
            None => texts.push(b.text.clone()),
        }
    }
    let mut seen_title = false;
    for t in &texts {
        // A cell may hold the whole block: "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Thanh Hà".
        if is_signature_title(t) {
            seen_title = true;
            continue;
        }
        if seen_title && is_person_name(t) {
            return Some(t.clone());
        }
        if seen_title {
            let tail: Vec<&str> = t.split_whitespace().collect();
            for n in (2..=4).rev() {
                if tail.len() > n
                    && let Some(name) = tail.get(tail.len() - n..).map(|w| w.join(" "))
                    && is_person_name(&name)
                    && is_all_caps(&tail[..tail.len() - n].join(" "))
                {
                    return Some(name);
                }
            }
        }
    }
    texts.iter().rev().find(|t| is_person_name(t)).cloned()
}

/// Words after "TỈNH" in a letterhead that are not the province's name.
const NOT_A_NAME: &[&str] = &["uy", "doan"];

/// "NGHỆ AN" → "Nghệ An".
fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(c) => c
                    .to_uppercase()
                    .chain(cs.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// The province a document comes from: the letterhead ("UBND TỈNH NGHỆ AN",
/// "TỈNH ỦY GIA LAI", "THÀNH PHỐ ĐÀ NẴNG"), else the place line ("Nghệ An,
/// ngày ..."). Written as the place line writes it when they agree.
pub fn province(blocks: &[Block], meta: &DocumentMeta) -> Option<String> {
    let header = header_texts(blocks);
    let place = meta.place.as_deref().filter(|p| !p.is_empty());
    for (_, text) in header.iter().take(12) {
        if !is_all_caps(text) || is_motto(text) {
            continue;
        }
        let t = Tokens::new(text);
        for i in 0..t.len() {
            let city = t.words_at(i, &["thanh", "pho"]);
            if t.s(i) != "tinh" && !city {
                continue;
            }
            let mut j = i + if city { 2 } else { 1 };
            if NOT_A_NAME.contains(&t.s(j)) {
                j += 1;
            }
            // The name runs to the end of the line or to the next title word.
            let mut k = j;
            while t.kind(k) == Some(Kind::Word) && !matches!(t.s(k), "so" | "ban" | "van") {
                k += 1;
            }
            if k == j || k - j > 4 {
                continue;
            }
            let name = text.get(t.orig_span(j, k)).unwrap_or("").trim();
            // Elsewhere "THÀNH PHỐ X" in a letterhead is a city inside a province.
            if city && !crate::registry::is_city_province(name) {
                continue;
            }
            return Some(match place {
                Some(p) if crate::registry::same_province(p, name) => p.to_owned(),
                _ => title_case(name),
            });
        }
    }
    place.map(str::to_owned)
}

/// Folded words naming the kind of a cited document.
const CITED_KINDS: &[(&[&str], &str)] = &[
    (&["ke", "hoach"], "Kế hoạch"),
    (&["nghi", "quyet"], "Nghị quyết"),
    (&["thong", "bao"], "Thông báo"),
    (&["cong", "van"], "Công văn"),
    (&["quyet", "dinh"], "Quyết định"),
    (&["to", "trinh"], "Tờ trình"),
    (&["nghi", "dinh"], "Nghị định"),
    (&["quy", "dinh"], "Quy định"),
    (&["chi", "thi"], "Chỉ thị"),
    (&["ket", "luan"], "Kết luận"),
    (&["huong", "dan"], "Hướng dẫn"),
    (&["thong", "tu"], "Thông tư"),
    (&["bao", "cao"], "Báo cáo"),
    (&["chuong", "trinh"], "Chương trình"),
    (&["cong", "dien"], "Công điện"),
];

/// A symbol part: uppercase letters, `&`, at most two trailing digits (`QH15`).
fn symbol_word(text: &str, t: &Tokens, i: usize) -> bool {
    if t.kind(i) != Some(Kind::Word) || !t.capitalized(text, i) {
        return false;
    }
    let s = t.s(i);
    let digits = s.chars().rev().take_while(char::is_ascii_digit).count();
    digits <= 2 && s.chars().next().is_some_and(|c| c.is_alphabetic())
}

/// Finds a document number at token `i`: `1489/KH-UBND`, `57-NQ/TW`, `45/2026/NĐ-CP`.
fn reference_at(text: &str, t: &Tokens, i: usize) -> Option<(String, usize)> {
    if !t.is_num(i) || t.s(i).len() > 5 {
        return None;
    }
    let mut j = i + 1;
    let mut out = t.s(i).to_owned();
    let orig = |k: usize| {
        t.toks
            .get(k)
            .and_then(|tk| text.get(tk.o.clone()))
            .unwrap_or("")
    };
    // Optional year part: "45/2026/NĐ-CP".
    if t.is_punct(j, '/') && t.is_num(j + 1) && t.s(j + 1).len() == 4 && t.is_punct(j + 2, '/') {
        out.push('/');
        out.push_str(t.s(j + 1));
        j += 2;
    }
    let mut groups = 0;
    while matches!(t.kind(j), Some(Kind::Punct('/' | '-'))) && symbol_word(text, t, j + 1) {
        out.push_str(if t.is_punct(j, '/') { "/" } else { "-" });
        out.push_str(orig(j + 1));
        groups += 1;
        j += 2;
        // "KH&CN", "TCBC&CCVC"
        while t.is_punct(j, '&') && symbol_word(text, t, j + 1) {
            out.push('&');
            out.push_str(orig(j + 1));
            j += 2;
        }
    }
    (groups >= 1 && (groups >= 2 || out.contains('/'))).then_some((out, j))
}

/// Every document cited, in order of first mention, without `own`.
pub fn references(blocks: &[Block], own: Option<&str>) -> Vec<Reference> {
    let own = own.map(|o| fold(o).replace(' ', ""));
    let mut out: Vec<Reference> = Vec::new();
    for b in blocks {
        let text = &b.text;
        let t = &b.tokens;
        let mut i = 0;
        while i < t.len() {
            let Some((number, end)) = reference_at(text, t, i) else {
                i += 1;
                continue;
            };
            let key = fold(&number).replace(' ', "");
            let kind = CITED_KINDS
                .iter()
                .find(|(w, _)| {
                    (1..=3).any(|back| {
                        i >= back + w.len() - 1 && {
                            let s = i.saturating_sub(back + w.len() - 1);
                            t.words_at(s, w)
                        }
                    })
                })
                .map(|(_, k)| (*k).to_owned());
            let date = cited_date(t, end);
            if own.as_deref() != Some(key.as_str()) {
                match out
                    .iter_mut()
                    .find(|r| fold(&r.number).replace(' ', "") == key)
                {
                    Some(r) => {
                        if r.date.is_none() {
                            r.date = date;
                        }
                        if r.kind.is_none() {
                            r.kind = kind;
                        }
                    }
                    None => out.push(Reference { number, kind, date }),
                }
            }
            i = end;
        }
    }
    out
}

/// "…, ngày 22/12/2024" or "ngày 22 tháng 12 năm 2024" right after a number.
fn cited_date(t: &Tokens, mut j: usize) -> Option<NaiveDate> {
    if t.is_punct(j, ',') {
        j += 1;
    }
    if t.s(j) != "ngay" {
        return None;
    }
    let d = t.num(j + 1)?;
    if matches!(t.kind(j + 2), Some(Kind::Punct('/' | '-' | '.'))) {
        let m = t.num(j + 3)?;
        let y = t.num(j + 5)?;
        return NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d);
    }
    if t.s(j + 2) == "thang" && t.s(j + 4) == "nam" {
        let m = t.num(j + 3)?;
        let y = t.num(j + 5)?;
        return NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_symbols() {
        let cases: &[(&str, Option<&str>, &str)] = &[
            ("Số: /TB-UBND", None, "TB-UBND"),
            ("Số 08-TB/BCĐ", Some("08-TB/BCĐ"), "TB/BCĐ"),
            ("Số: 1489/KH-UBND", Some("1489/KH-UBND"), "KH-UBND"),
            ("Số: 1345/ UBND –KT", Some("1345/UBND-KT"), "UBND-KT"),
            (
                "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA Số: 12/UBND-VX",
                Some("12/UBND-VX"),
                "UBND-VX",
            ),
        ];
        for (s, num, sym) in cases {
            let got = number_in(s);
            assert_eq!(
                got,
                Some((num.map(str::to_owned), (*sym).to_owned())),
                "{s}"
            );
        }
        assert_eq!(number_in("Kế hoạch số liệu"), None);
    }

    #[test]
    fn place_and_date() {
        let got = place_date("Khánh Hòa, ngày 24 tháng 4 năm 2026");
        assert_eq!(
            got,
            Some((
                "Khánh Hòa".into(),
                NaiveDate::from_ymd_opt(2026, 4, 24),
                Some(2026)
            ))
        );
        let got = place_date("Khánh Hòa, ngày tháng 01 năm 2026");
        assert_eq!(got, Some(("Khánh Hòa".into(), None, Some(2026))));
    }

    /// The province comes from the letterhead, else from the place line.
    #[test]
    fn provinces_from_letterheads() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\n\nSố: 148/TB-UBND\nNghệ An, ngày 12 tháng 3 năm 2026",
                Some("Nghệ An"),
            ),
            (
                "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH ĐẮK LẮK\tĐộc lập - Tự do - Hạnh phúc\n",
                Some("Đắk Lắk"),
            ),
            (
                "TỈNH ỦY GIA LAI\nBAN CHỈ ĐẠO\n*\nSố 15-TB/BCĐ\nGia Lai, ngày 28 tháng 4 năm 2026",
                Some("Gia Lai"),
            ),
            (
                "UBND TỈNH KHÁNH HÒA\nSỞ KHOA HỌC VÀ CÔNG NGHỆ\n",
                Some("Khánh Hòa"),
            ),
            ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ ĐÀ NẴNG\n", Some("Đà Nẵng")),
            (
                "ỦY BAN NHÂN DÂN\nXÃ HÒA VANG\n\nĐà Nẵng, ngày 02 tháng 4 năm 2026",
                Some("Đà Nẵng"),
            ),
            ("Nội dung không có tiêu đề.", None),
        ];
        for (text, want) in cases {
            let blocks = crate::layout::blocks(text);
            let reg = Registry::common();
            let meta = metadata(&blocks, &reg, blocks.len(), blocks.len());
            assert_eq!(province(&blocks, &meta).as_deref(), *want, "{text}");
        }
    }

    #[test]
    fn references_with_kinds_and_dates() {
        let blocks = crate::layout::blocks(
            "được giao tại Kế hoạch số 1489/KH-UBND ngày 23/01/2026 của UBND tỉnh; Nghị quyết 57- NQ/TW, ngày 22/12/2024; Nghị định số 45/2026/NĐ-CP và 45/CP2026/NĐ-CP; Luật 55/2022/QH15; Tờ trình số 1833/SNV-TCBC&CCVC; rút ngắn 1/3, đạt 104/107 tiêu chí.",
        );
        let refs = references(&blocks, Some("08-TB/BCĐ"));
        let nums: Vec<&str> = refs.iter().map(|r| r.number.as_str()).collect();
        assert_eq!(
            nums,
            [
                "1489/KH-UBND",
                "57-NQ/TW",
                "45/2026/NĐ-CP",
                "55/2022/QH15",
                "1833/SNV-TCBC&CCVC"
            ]
        );
        assert_eq!(refs[0].kind.as_deref(), Some("Kế hoạch"));
        assert_eq!(refs[0].date, NaiveDate::from_ymd_opt(2026, 1, 23));
        assert_eq!(refs[1].date, NaiveDate::from_ymd_opt(2024, 12, 22));
    }

    /// Regression: a signature in a Word layout table above "Nơi nhận", and a
    /// date glued to its year, were missed.
    #[test]
    fn layout_table_signature_and_glued_date() {
        let text = "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH THÁI NGUYÊN\tĐộc lập - Tự do - Hạnh phúc\nSố: 52/TB-UBND\tThái Nguyên, ngày 01 tháng 4 năm2026\n\nTHÔNG BÁO\nKết luận\n\n1. Sở Y tế khẩn trương triển khai hồ sơ điện tử.\n\n\tTM. ỦY BAN NHÂN DÂN\n\tKT. CHỦ TỊCH\n\tPHÓ CHỦ TỊCH\n\tLê Văn Minh\nNơi nhận:\n- Như trên;\n- Lưu: VT.";
        let blocks = crate::layout::blocks(text);
        let (_, body_end, appendix_at) = crate::regions::regions(&blocks);
        let meta = metadata(&blocks, &Registry::common(), body_end, appendix_at);
        assert_eq!(meta.number.as_deref(), Some("52/TB-UBND"));
        assert_eq!(meta.issued_on, NaiveDate::from_ymd_opt(2026, 4, 1));
        assert_eq!(meta.signer.as_deref(), Some("Lê Văn Minh"));
    }

    #[test]
    fn person_names() {
        assert!(is_person_name("Nguyễn Xuân Hải"));
        assert!(is_person_name("Hồ Xuân Trường"));
        assert!(!is_person_name("PHÓ CHỦ TỊCH"));
        assert!(!is_person_name("Nơi nhận:"));
        assert!(!is_person_name("Lưu Văn phòng Tỉnh ủy."));
    }
}
