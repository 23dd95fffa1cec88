//! Who must do it: lead agencies (chủ trì) in subject position and supporting
//! agencies (phối hợp), including named bodies the registry cannot know.

use crate::registry::{AgencyKind, Registry};
use crate::token::{Kind, Tokens};

/// An agency named in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    /// Canonical name for registry agencies, the words as written otherwise.
    pub name: String,
    pub kind: Option<AgencyKind>,
    /// Byte range of the mention in the scanned text.
    pub span: std::ops::Range<usize>,
}

impl Agent {
    pub fn known(&self) -> bool {
        self.kind.is_some()
    }
}

/// Head words that open the name of a body the registry may not know.
const HEADS: &[&[&str]] = &[
    &["ban", "quan", "ly"],
    &["ban", "qlda"],
    &["trung", "tam"],
    &["tong", "cong", "ty"],
    &["cong", "ty"],
    &["chi", "cuc"],
    &["cuc"],
    &["vien"],
    &["truong", "dai", "hoc"],
    &["truong"],
    &["bao"],
    &["dai"],
    &["benh", "vien"],
    &["dai", "phat", "thanh"],
    &["lien", "doan"],
    &["hoi"],
    &["tap", "doan"],
    &["ngan", "hang"],
    &["kho", "bac"],
    &["bao", "hiem", "xa", "hoi"],
    &["bo", "chi", "huy"],
    &["dang", "uy"],
    &["so"],
    &["van", "phong"],
    &["phong"],
    &["uy", "ban", "nhan", "dan", "xa"],
    &["uy", "ban", "nhan", "dan", "phuong"],
    &["uy", "ban", "nhan", "dan", "huyen"],
    &["uy", "ban", "nhan", "dan", "thi", "xa"],
    &["uy", "ban", "nhan", "dan", "thanh", "pho"],
    &["uy", "ban", "nhan", "dan", "dac", "khu"],
    &["ubnd", "xa"],
    &["ubnd", "phuong"],
    &["ubnd", "huyen"],
    &["ubnd", "thi", "xa"],
    &["ubnd", "thanh", "pho"],
    &["ubnd", "dac", "khu"],
    &["xa"],
    &["phuong"],
    &["uy", "ban", "nhan", "dan", "cac", "xa"],
    &["uy", "ban", "nhan", "dan", "cac", "phuong"],
    &["ubnd", "cac", "xa"],
    &["ubnd", "cac", "phuong"],
    &["chu", "dau", "tu"],
    &["nha", "dau", "tu"],
    &["cac", "chu", "dau", "tu"],
    &["cac", "nha", "dau", "tu"],
    &["nha", "thau"],
    &["cac", "nha", "thau"],
    &["lien", "danh"],
    &["doanh", "nghiep"],
    &["cac", "doanh", "nghiep"],
    &["cac", "ban", "quan", "ly"],
    &["cac", "truong"],
    &["cac", "trung", "tam"],
    &["cac", "benh", "vien"],
    &["hop", "tac", "xa"],
    &["buu", "dien"],
    &["vien", "thong"],
    &["dien", "luc"],
    &["dai", "hoc"],
    &["hoc", "vien"],
    &["to", "cong", "tac"],
    &["to", "giup", "viec"],
    &["doan"],
    &["tram"],
    &["thanh", "tra"],
];

/// The first words of [`HEADS`], sorted: most words open no head.
const HEAD_FIRST_WORDS: &[&str] = &[
    "ban", "bao", "benh", "bo", "buu", "cac", "chi", "chu", "cong", "cuc", "dai", "dang", "dien",
    "doan", "doanh", "hoc", "hoi", "hop", "kho", "lien", "ngan", "nha", "phong", "phuong", "so",
    "tap", "thanh", "to", "tong", "tram", "trung", "truong", "ubnd", "uy", "van", "vien", "xa",
];

/// Heads that name a body only before a capitalised name: "Thanh tra Sở" is
/// a body, "Thanh tra, kiểm tra công vụ" is work.
const HEADS_BEFORE_NAMES: &[&[&str]] = &[&["thanh", "tra"]];

/// Heads that name several communes: their names may be listed with commas
/// ("UBND các xã Long Thành, Bình An, Nhơn Trạch").
const COMMUNE_LIST_HEADS: &[&[&str]] = &[
    &["uy", "ban", "nhan", "dan", "cac", "xa"],
    &["uy", "ban", "nhan", "dan", "cac", "phuong"],
    &["ubnd", "cac", "xa"],
    &["ubnd", "cac", "phuong"],
];

/// Heads that name a body even when written in lowercase ("chủ đầu tư").
const LOWERCASE_HEADS: &[&str] = &["chu", "nha", "cac", "xa", "phuong"];

/// Word pairs that start a verb phrase and so end a name. Names of bodies
/// may hold verbs themselves ("Ban Quản lý dự án đầu tư xây dựng ..."), so
/// only the verbs that open an assignment are here.
const VERB_PAIRS: &[[&str; 2]] = &[
    ["ban", "hanh"],
    ["chu", "tri"],
    ["phoi", "hop"],
    ["khan", "truong"],
    ["thuc", "hien"],
    ["co", "trach"],
    ["lam", "dau"],
    ["chiu", "trach"],
    ["trien", "khai"],
    ["tham", "muu"],
    ["hoan", "thanh"],
    ["hoan", "thien"],
    ["hoan", "chinh"],
    ["ra", "soat"],
    ["bao", "cao"],
    ["de", "xuat"],
    ["chi", "dao"],
    ["lanh", "dao"],
    ["tiep", "tuc"],
    ["chu", "dong"],
    ["day", "manh"],
    ["tap", "trung"],
    ["kip", "thoi"],
    ["thuong", "xuyen"],
    ["lam", "viec"],
    ["duoc", "giao"],
    ["giao", "cho"],
    ["giao", "nhiem"],
    ["dinh", "ky"],
    ["lien", "quan"],
    ["co", "lien"],
];

/// First words of verbs that end a name in running text when written in
/// lowercase ("Ban QLDA số 2 đẩy nhanh ..."). Words that lowercase names use
/// ("đầu tư", "xây dựng", "khai thác", "phát triển") are not here.
const LOWERCASE_VERBS: &[&str] = &["lap", "nop", "som", "ngay", "khan"];

/// Two-word verbs that end a name in running text when written in lowercase.
/// Pairs, not single words: names hold the same syllables in other words
/// ("Phát triển", "Trực tuyến", "Tư vấn", "hạ tầng", "công trình").
const LOWERCASE_VERB_PAIRS: &[[&str; 2]] = &[
    ["day", "nhanh"],
    ["day", "manh"],
    ["khan", "truong"],
    ["ra", "soat"],
    ["tiep", "tuc"],
    ["tiep", "nhan"],
    ["phoi", "hop"],
    ["tap", "trung"],
    ["kiem", "tra"],
    ["kiem", "soat"],
    ["huong", "dan"],
    ["nghien", "cuu"],
    ["xu", "ly"],
    ["bo", "tri"],
    ["bo", "sung"],
    ["tham", "muu"],
    ["tham", "gia"],
    ["tham", "dinh"],
    ["hoan", "thanh"],
    ["hoan", "thien"],
    ["hoan", "chinh"],
    ["chiu", "trach"],
    ["lam", "viec"],
    ["lam", "ro"],
    ["chi", "dao"],
    ["chi", "tra"],
    ["trien", "khai"],
    ["tuyen", "truyen"],
    ["mo", "rong"],
    ["ket", "noi"],
    ["tong", "hop"],
    ["danh", "gia"],
    ["sua", "doi"],
    ["rut", "ngan"],
    ["kip", "thoi"],
    ["chan", "chinh"],
    ["van", "dong"],
    ["van", "hanh"],
    ["ho", "tro"],
    ["bao", "cao"],
    ["bao", "dam"],
    ["dam", "bao"],
    ["de", "xuat"],
    ["de", "nghi"],
    ["giam", "sat"],
    ["uu", "tien"],
    ["uu", "dai"],
    ["huy", "dong"],
    ["nghiem", "tuc"],
    ["chuan", "bi"],
    ["dieu", "chinh"],
    ["giai", "quyet"],
    ["giai", "ngan"],
    ["giai", "phong"],
    ["chu", "tri"],
    ["chu", "dong"],
    ["tang", "cuong"],
    ["tien", "hanh"],
    ["di", "doi"],
    ["quan", "triet"],
    ["don", "doc"],
    ["nang", "cao"],
    ["cap", "nhat"],
    ["cap", "phep"],
    ["theo", "doi"],
    ["thong", "nhat"],
    ["phan", "bo"],
    ["phan", "cong"],
    ["thuc", "hien"],
    ["ban", "giao"],
    ["ban", "hanh"],
    ["to", "chuc"],
    ["cung", "cap"],
    ["lap", "dat"],
    ["thu", "hoi"],
    ["thanh", "toan"],
    ["nghiem", "thu"],
    ["khoi", "cong"],
    ["rao", "soat"],
    ["so", "hoa"],
];

/// Single words that end a name, compared with their diacritics: folded,
/// "tại" (at) would also stop "Sở Giao thông vận tải" (transport).
const STOP_WORDS: &[&str] = &[
    "đã", "đang", "sẽ", "cần", "phải", "gửi", "thuộc", "của", "tại", "về", "để", "với", "trong",
    "theo", "nhằm", "cho", "và", "hoặc", "cùng", "là", "nếu", "khi", "được", "có",
];

/// Whether token `i` is one of [`STOP_WORDS`], as written.
fn stop_word(t: &Tokens, text: &str, i: usize) -> bool {
    let Some(w) = t.toks.get(i).and_then(|k| text.get(k.o.clone())) else {
        return false;
    };
    let w = crate::text::nfc(&w.to_lowercase());
    STOP_WORDS.contains(&w.as_str())
}

fn head_at(t: &Tokens, text: &str, i: usize) -> Option<usize> {
    // Cheap tests first: heads open with one of a few words, capitalised
    // or one of a few lowercase ones.
    let first = t.s(i);
    if HEAD_FIRST_WORDS.binary_search(&first).is_err()
        || !(LOWERCASE_HEADS.contains(&first) || t.capitalized(text, i))
    {
        return None;
    }
    let head = HEADS
        .iter()
        .filter(|h| t.words_at(i, h))
        .max_by_key(|h| h.len())?;
    let len = head.len();
    // A one-word head ("Sở", "xã", "Báo") names a body only before a capitalised
    // name: "Xã hội" and "Báo cáo" are words, "Sở Y tế" and "xã Tân Lập" are bodies.
    let needs_name = len == 1 || HEADS_BEFORE_NAMES.contains(head);
    (!needs_name || t.capitalized(text, i + len)).then_some(len)
}

/// Whether a registry-style group or body starts at `i` ("các sở, ngành").
fn starts_registry_name(t: &Tokens, i: usize) -> bool {
    matches!(t.s(i), "cac" | "uy" | "ubnd" | "cong")
        && (t.words_at(i, &["cac", "so"])
            || t.words_at(i, &["cac", "co"])
            || t.s(i) == "ubnd"
            || t.words_at(i, &["uy", "ban"])
            || t.words_at(i, &["cong", "an"]))
}

fn verb_at(t: &Tokens, i: usize) -> bool {
    VERB_PAIRS.iter().any(|p| t.words_at(i, p))
}

/// A lowercase word that opens a verb phrase ([`LOWERCASE_VERBS`]).
fn lowercase_verb_at(t: &Tokens, text: &str, i: usize) -> bool {
    let w = t.s(i);
    // Most words open no verb: one cheap look at the first word.
    if !LOWERCASE_VERBS.contains(&w) && !LOWERCASE_VERB_PAIRS.iter().any(|p| p[0] == w) {
        return false;
    }
    t.kind(i) == Some(Kind::Word)
        && (LOWERCASE_VERBS.contains(&t.s(i))
            || (LOWERCASE_VERB_PAIRS.iter().any(|p| t.words_at(i, p))
                && !t.capitalized(text, i + 1)))
        && !t.capitalized(text, i)
        && !t.words_at(i, &["chi", "nhanh"])
        // "chủ đầu tư", "bảo hiểm" and "tổ chức" also name bodies.
        && !t.words_at(i, &["chu", "dau"])
        && !t.words_at(i, &["bao", "hiem"])
        && !t.words_at(i, &["thong", "tin"])
}

/// Whether a comma at `j` inside a name belongs to it: "UBND các xã Long
/// Thành, Bình An" lists communes; "Trung tâm Phát triển quỹ đất, Đo đạc và
/// Bản đồ" joins the parts of one name ("A, B và C"); "Phòng Chính trị, tư
/// tưởng và Công tác học sinh, sinh viên" and "Ban Quản lý dự án ... dân
/// dụng, công nghiệp tỉnh" go on in lowercase.
fn comma_in_name(
    reg: &Registry,
    t: &Tokens,
    text: &str,
    head_start: usize,
    j: usize,
    label: bool,
) -> bool {
    let next = j + 1;
    if head_at(t, text, next).is_some() || starts_registry_name(t, next) {
        return false;
    }
    let commune_list = COMMUNE_LIST_HEADS.iter().any(|h| t.words_at(head_start, h));
    if !t.capitalized(text, next) {
        let province = reg.province_words();
        return !commune_list
            && t.kind(next) == Some(Kind::Word)
            && reg.find_at(t, next).is_none()
            && !stop_word(t, text, next)
            && !verb_at(t, next)
            && !lowercase_verb_at(t, text, next)
            && (label || lowercase_part_of_name(t, text, next, province));
    }
    if commune_list {
        return true;
    }
    // "A, B và C": a few words, then "và" and a capitalised word that opens no other body.
    let mut k = next;
    while k < t.len() && k < next + 5 {
        match t.kind(k) {
            Some(Kind::Word) if t.s(k) == "va" => {
                return k > next
                    && t.capitalized(text, k + 1)
                    && head_at(t, text, k + 1).is_none()
                    && !starts_registry_name(t, k + 1);
            }
            Some(Kind::Word) | Some(Kind::Num) => {
                if lowercase_verb_at(t, text, k) || stop_word(t, text, k) {
                    return false;
                }
            }
            _ => return false,
        }
        k += 1;
    }
    false
}

/// In running text, lowercase words after a comma still belong to a name when
/// they run, without a word that ends names, to the place that closes it
/// ("…, công nghiệp tỉnh") or to the verb that follows it ("…, sinh viên chủ trì").
fn lowercase_part_of_name(t: &Tokens, text: &str, from: usize, province: &[String]) -> bool {
    let mut k = from;
    while k < t.len() && k < from + 14 {
        if k > from && (verb_at(t, k) || lowercase_verb_at(t, text, k)) {
            return true;
        }
        if k > from && place_end(t, text, k, province).is_some() {
            return true;
        }
        match t.kind(k) {
            Some(Kind::Punct(',')) if !t.capitalized(text, k + 1) => {}
            Some(Kind::Punct('-')) => {}
            Some(Kind::Word | Kind::Num) => {
                if stop_word(t, text, k) && t.s(k) != "va" {
                    return false;
                }
                if head_at(t, text, k).is_some() || starts_registry_name(t, k) {
                    return false;
                }
            }
            _ => return false,
        }
        k += 1;
    }
    false
}

/// Where a name ends at a place: "tỉnh" or "thành phố" then a lowercase
/// word, or the province's own name then a lowercase word ("Công ty Điện
/// lực Bắc Ninh xây dựng ..."). Returns the token after the place.
fn place_end(t: &Tokens, text: &str, j: usize, province: &[String]) -> Option<usize> {
    let len = if t.s(j) == "tinh" {
        1
    } else if t.words_at(j, &["thanh", "pho"]) {
        2
    } else if !province.is_empty()
        && province.iter().enumerate().all(|(k, w)| t.s(j + k) == w)
        && t.capitalized(text, j)
    {
        province.len()
    } else {
        return None;
    };
    (t.kind(j + len) == Some(Kind::Word) && !t.capitalized(text, j + len)).then_some(j + len)
}

/// Reads a body the registry does not know, starting with a head word.
/// In `label` mode (a table cell, a heading before ':'), the name runs to the
/// next punctuation; in prose it also stops at a verb.
fn unknown_at(
    reg: &Registry,
    t: &Tokens,
    text: &str,
    i: usize,
    label: bool,
) -> Option<(Agent, usize)> {
    let province = reg.province_words();
    let head = head_at(t, text, i)?;
    let mut j = i + head;
    // A one-word head ("Sở", "xã") needs a capitalised name after it.
    if head == 1 && !t.capitalized(text, j) {
        return None;
    }
    while j < t.len() {
        match t.kind(j) {
            Some(Kind::Punct('&' | '-')) => {
                j += 1;
                continue;
            }
            Some(Kind::Punct(',')) if comma_in_name(reg, t, text, i, j, label) => {
                j += 1;
                continue;
            }
            Some(Kind::Punct(_)) | None => break,
            _ => {}
        }
        if t.s(j) == "va" {
            // "Ban Quản lý Khu kinh tế và khu công nghiệp" and "Trung tâm Công
            // nghệ thông tin và Truyền thông" keep their "và"; "Sở X và Sở Y"
            // is two bodies.
            if head_at(t, text, j + 1).is_some()
                || starts_registry_name(t, j + 1)
                || title_at(t, text, j + 1).is_some()
            {
                break;
            }
            j += 1;
            continue;
        }
        if !label && (verb_at(t, j) || stop_word(t, text, j) || lowercase_verb_at(t, text, j)) {
            break;
        }
        // "UBND các xã có dự án đi qua", "các chủ đầu tư có tên tại Phụ lục":
        // "có" opens what qualifies the name, even in a label.
        if t.s(j) == "co" && t.toks.get(j).and_then(|k| text.get(k.o.clone())) == Some("có") {
            break;
        }
        // "... tỉnh" or "... thành phố" then a lowercase word: the name ended there
        // ("Đài Phát thanh và Truyền hình tỉnh tăng cường ..."); "tỉnh Khánh Hòa"
        // goes on; the province's name then a lowercase word ends it too.
        if !label && let Some(end) = place_end(t, text, j, province) {
            j = end;
            break;
        }
        // "Ban QLDA số 2": a numbered unit ends at its number.
        if t.s(j) == "so"
            && t.is_num(j + 1)
            && j > i
            && !t.capitalized(text, j + 2)
            && !t.is_punct(j + 2, '-')
        {
            j += 2;
            break;
        }
        // In a label, "Trung tâm Giáo dục thường xuyên" keeps its "thường xuyên".
        if label
            && verb_at(t, j)
            && !t.words_at(j, &["thuong", "xuyen"])
            && !t.capitalized(text, j)
            && j > i + head
        {
            break;
        }
        j += 1;
    }
    if j <= i + head.min(1) {
        return None;
    }
    let span = t.orig_span(i, j);
    let mut name = text.get(span.clone())?.trim().to_owned();
    if name.split_whitespace().count() < 2 {
        return None;
    }
    // "UBND phường A, phường B": a commune named as a body is its People's Committee.
    if head == 1 && matches!(t.s(i), "xa" | "phuong") {
        let mut chars = name.chars();
        let kind: String = chars
            .next()
            .into_iter()
            .flat_map(char::to_lowercase)
            .collect();
        name = format!("Ủy ban nhân dân {kind}{}", chars.as_str());
    }
    Some((
        Agent {
            name,
            kind: None,
            span,
        },
        j,
    ))
}

/// Titles before an agency that stand for the agency itself.
const TITLES: &[&[&str]] = &[
    &["thu", "truong"],
    &["pho", "giam", "doc"],
    &["giam", "doc"],
    &["pho", "chu", "tich"],
    &["chu", "tich"],
    &["lanh", "dao"],
    &["hieu", "truong"],
    &["pho", "truong"],
    &["truong"],
    &["nguoi", "dung", "dau"],
    &["chanh", "van", "phong"],
    &["bi", "thu"],
];

/// The title at token `i` and its length. "Trưởng" (head) folds like
/// "Trường" (school): the written word decides.
fn title_at(t: &Tokens, text: &str, i: usize) -> Option<usize> {
    // Most words open no title: one look at the first word.
    if !matches!(
        t.s(i),
        "thu" | "pho" | "giam" | "chu" | "lanh" | "hieu" | "truong" | "nguoi" | "chanh" | "bi"
    ) {
        return None;
    }
    let title = TITLES.iter().find(|w| t.words_at(i, w))?;
    let last = i + title.len() - 1;
    if t.s(last) == "truong" {
        let written = t.toks.get(last).and_then(|k| text.get(k.o.clone()))?;
        if !written.to_lowercase().contains("trưởng") {
            return None;
        }
    }
    Some(title.len())
}

/// One agency at token `i`: a registry name or a named unknown body.
pub fn agent_at(
    reg: &Registry,
    t: &Tokens,
    text: &str,
    i: usize,
    label: bool,
) -> Option<(Agent, usize)> {
    let mut i = i;
    let province = reg.province_words();
    if let Some(n) = title_at(t, text, i)
        && (reg.find_at(t, i + n).is_some() || unknown_at(reg, t, text, i + n, label).is_some())
    {
        i += n;
    }
    let known = reg.find_at(t, i);
    // Communes named after a group ("UBND các xã Long Thành, Bình An") are
    // those communes, not every commune.
    let named_communes = |k: &crate::registry::Mention| {
        COMMUNE_LIST_HEADS.iter().any(|h| t.words_at(i, h))
            && reg
                .get(k.agency)
                .is_some_and(|a| a.kind == AgencyKind::Group)
            && (k.end..k.end + 2).any(|x| t.capitalized(text, x) && t.kind(x) == Some(Kind::Word))
    };
    // The written name is read only where it may win over the registry's.
    let unknown = match &known {
        Some(k) if !(label || named_communes(k)) => None,
        _ => unknown_at(reg, t, text, i, label),
    };
    match (known, unknown) {
        // The written name is longer than the registry's: "Ban Quản lý Khu
        // kinh tế và khu công nghiệp" is not "Ban Quản lý Khu kinh tế Vân Phong".
        (Some(k), Some((u, end))) if end > k.end && (label || named_communes(&k)) => Some((u, end)),
        (Some(k), _) => {
            let a = reg.get(k.agency)?;
            let mut name = reg.name_of(&k, t, text)?;
            // "Thuế tỉnh Hưng Yên": the common set's generic name, written
            // with the province's own; the written name says more.
            let n = province.len();
            if reg.generic()
                && n > 0
                && k.end >= k.start + n
                && province
                    .iter()
                    .enumerate()
                    .all(|(x, w)| t.s(k.end - n + x) == w)
                && !crate::text::fold(&name).ends_with(&province.join(" "))
                && let Some(written) = text.get(t.orig_span(k.end - n, k.end))
            {
                name = format!("{name} {written}");
            }
            Some((
                Agent {
                    name,
                    kind: Some(a.kind),
                    span: t.orig_span(k.start, k.end),
                },
                k.end,
            ))
        }
        (None, Some(u)) => Some(u),
        (None, None) => None,
    }
}

/// A list of agencies: "Sở A, Sở B và Sở C", "các sở, ban, ngành, địa phương".
/// Agencies qualified "(có) liên quan" name no one in particular and are dropped.
pub fn agent_list_at(
    reg: &Registry,
    t: &Tokens,
    text: &str,
    i: usize,
    label: bool,
) -> (Vec<Agent>, usize) {
    let mut out = Vec::new();
    let mut j = i;
    // The item found at the next separator, when looking ahead found one.
    let mut ahead: Option<(Vec<Agent>, usize)> = None;
    loop {
        let found = match ahead.take() {
            Some(found) => Some(found),
            None => items_at(reg, t, text, j, label),
        };
        let Some((agents, end)) = found else { break };
        let mut k = end;
        // "(Cơ quan Thường trực Ban Chỉ đạo)", "(Trung tâm ...)": an aside.
        if t.is_punct(k, '(') {
            let mut depth = 0;
            while k < t.len() {
                if t.is_punct(k, '(') {
                    depth += 1;
                } else if t.is_punct(k, ')') {
                    depth -= 1;
                    if depth == 0 {
                        k += 1;
                        break;
                    }
                }
                k += 1;
            }
        }
        let vague = t.words_at(k, &["lien", "quan"]) || t.words_at(k, &["co", "lien", "quan"]);
        if vague {
            k += if t.s(k) == "co" { 3 } else { 2 };
        } else {
            for agent in agents {
                if !out.iter().any(|a: &Agent| a.name == agent.name) {
                    out.push(agent);
                }
            }
        }
        j = k;
        // Separators between list items.
        let mut s = j;
        while t.is_punct(s, ',') || t.is_punct(s, ';') || t.s(s) == "va" || t.s(s) == "cung" {
            s += 1;
        }
        if s == j || vague {
            break;
        }
        ahead = items_at(reg, t, text, s, label);
        if ahead.is_none() {
            break;
        }
        j = s;
    }
    (out, j)
}

/// The agencies one list item names at `i`: communes named after their
/// group, or one agency; "các" before a body the registry does not list
/// ("các Trung tâm ...") is tolerated.
fn items_at(
    reg: &Registry,
    t: &Tokens,
    text: &str,
    i: usize,
    label: bool,
) -> Option<(Vec<Agent>, usize)> {
    if let Some(list) = commune_list_at(reg, t, text, i) {
        return Some(list);
    }
    match agent_at(reg, t, text, i, label) {
        Some((a, end)) => Some((vec![a], end)),
        None if t.s(i) == "cac" => {
            if let Some(list) = commune_list_at(reg, t, text, i + 1) {
                return Some(list);
            }
            agent_at(reg, t, text, i + 1, label).map(|(a, end)| (vec![a], end))
        }
        None => None,
    }
}

/// Words that name the kind of a commune ("xã", "phường", "đặc khu", "thị trấn").
const COMMUNE_KINDS: &[&[&str]] = &[&["xa"], &["phuong"], &["dac", "khu"], &["thi", "tran"]];

/// The commune kind at token `i` and its length.
fn commune_kind_at(t: &Tokens, i: usize) -> Option<usize> {
    COMMUNE_KINDS
        .iter()
        .find(|k| t.words_at(i, k))
        .map(|k| k.len())
}

/// Communes named after a group: "UBND các xã Mường La, Chiềng Lao, Ngọc
/// Chiến", "UBND các xã: M'Drắk, Ea Riêng", "UBND các xã Ba Tri, Cầu Ngang,
/// phường Bến Tre" are those communes, one People's Committee each.
fn commune_list_at(
    reg: &Registry,
    t: &Tokens,
    text: &str,
    i: usize,
) -> Option<(Vec<Agent>, usize)> {
    let i = i + title_at(t, text, i).unwrap_or(0);
    let head = COMMUNE_LIST_HEADS.iter().find(|h| t.words_at(i, h))?;
    let mut kind_at = i + head.len() - 1;
    let mut kind_len = 1;
    let mut j = i + head.len();
    let colon = t.is_punct(j, ':');
    if colon {
        j += 1;
    }
    let mut out = Vec::new();
    let mut end = j;
    loop {
        // "..., phường Bến Tre": the kind changes within the list.
        if !out.is_empty()
            && let Some(n) = commune_kind_at(t, j)
            && !t.capitalized(text, j)
        {
            kind_at = j;
            kind_len = n;
            j += n;
        }
        let start = j;
        while (t.kind(j) == Some(Kind::Word) && t.capitalized(text, j))
            || (j > start && t.is_num(j))
            || (j > start && t.is_punct(j, '-') && t.capitalized(text, j + 1))
        {
            j += 1;
        }
        if j == start {
            break;
        }
        let kind = text
            .get(t.orig_span(kind_at, kind_at + kind_len))
            .unwrap_or("")
            .to_lowercase();
        let name = text.get(t.orig_span(start, j)).unwrap_or("").trim();
        let full = format!("Ủy ban nhân dân {kind} {name}");
        let known = reg.lookup(&full).and_then(|id| reg.get(id));
        out.push(Agent {
            name: known.map_or(full, |a| a.name.clone()),
            kind: known.map(|a| a.kind),
            span: t.orig_span(start, j),
        });
        end = j;
        let mut s = j;
        while t.is_punct(s, ',') || t.s(s) == "va" {
            s += 1;
        }
        let more = s > j
            && (t.capitalized(text, s)
                || (commune_kind_at(t, s).is_some() && !t.capitalized(text, s)))
            && head_at(t, text, s).is_none()
            && !starts_registry_name(t, s);
        if !more {
            break;
        }
        j = s;
    }
    // After "UBND các xã:" the names run to the end of the item; "UBND các
    // xã: Tăng cường kiểm tra ..." is a heading and its first task.
    if colon && t.kind(end) == Some(Kind::Word) {
        return None;
    }
    (!out.is_empty()).then_some((out, end))
}

/// What the start of a clause says about who acts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// These agencies act ("Giao Sở X ...", "Sở X khẩn trương ...").
    Agencies {
        agents: Vec<Agent>,
        explicit: bool,
        end: usize,
    },
    /// The whole political system is exhorted: nobody in particular.
    Broad,
    /// "Sở khẩn trương ...": the agency named just before.
    Same,
}

/// Connectors that may open a clause before its subject.
const CONNECTORS: &[&[&str]] = &[
    &["trong", "do"],
    &["dong", "thoi"],
    &["tren", "co", "so", "do"],
    &["theo", "do"],
    &["sau", "do"],
    &["ben", "canh", "do"],
    &["ngoai", "ra"],
    &["mat", "khac"],
    &["rieng", "doi", "voi"],
    &["rieng"],
    &["dac", "biet"],
    &["doi", "voi"],
];

/// Whether a time phrase opens at `i` ("định kỳ", "hằng tháng", "trước ngày
/// 25", "trong tháng 5/2026", "chậm nhất", "từ nay"). "Ngày 07/01/2026, ..."
/// is not one: a date first tells what happened.
fn time_opener(t: &Tokens, i: usize) -> bool {
    let next = t.s(i + 1);
    t.words_at(i, &["dinh", "ky"])
        || (t.s(i) == "hang" && matches!(next, "tuan" | "thang" | "quy" | "nam" | "ngay"))
        || (t.s(i) == "truoc" && matches!(next, "ngay" | "thang" | "quy"))
        || (t.s(i) == "trong" && matches!(next, "thang" | "quy" | "nam" | "tuan" | "dip" | "thoi"))
        || t.words_at(i, &["cham", "nhat"])
        || t.words_at(i, &["tu", "nay"])
}

/// Words that assign the agency after them.
const ASSIGN: &[&[&str]] = &[
    &["giao", "nhiem", "vu", "cho"],
    &["giao", "cho"],
    &["giao"],
    &["de", "nghi"],
    &["yeu", "cau"],
    &["chi", "dao"],
];

/// Words that, right after an agency, show it is not acting now.
const NOT_ACTING: &[&str] = &["da", "cua", "tai", "ve", "theo", "va", "duoc", "thi"];

/// Finds the subject at the start of a clause.
pub fn subject(reg: &Registry, t: &Tokens, text: &str) -> Option<Subject> {
    if meeting_narrative(t) {
        return None;
    }
    let mut i = 0;
    // "Trong đó,", "trên cơ sở đó,", "Đồng thời"
    if let Some(c) = CONNECTORS.iter().find(|c| t.words_at(0, c)) {
        i = c.len();
    } else if t.words_at(0, &["tren", "co", "so"]) || t.words_at(0, &["can", "cu"]) {
        // "trên cơ sở ý kiến của ..., Sở khẩn trương": after the first comma.
        i = (0..t.len().min(30)).find(|&k| t.is_punct(k, ','))?;
    }
    while t.is_punct(i, ',') {
        i += 1;
    }
    // "Định kỳ hằng tháng, trước ngày 25, UBND các xã báo cáo ...": time
    // phrases before the subject, each closed by a comma.
    if time_opener(t, i) {
        let mut k = i;
        while time_opener(t, k)
            && let Some(c) = (k..t.len().min(k + 15)).find(|&x| t.is_punct(x, ','))
        {
            k = c + 1;
        }
        if k > i
            && (ASSIGN.iter().any(|a| t.words_at(k, a))
                || !agent_list_at(reg, t, text, k, false).0.is_empty())
        {
            i = k;
        }
    }
    let mut explicit = false;
    if let Some(a) = ASSIGN.iter().find(|a| t.words_at(i, a)) {
        // "chỉ đạo" opens a clause only when an agency follows it.
        let k = i + a.len();
        if agent_list_at(reg, t, text, k, false).0.is_empty()
            && t.s(k) != "cac"
            && bare_names_at(reg, t, text, k).0.is_empty()
            && addressed_at(t, k).is_none()
        {
            if a.len() == 2 && a[0] == "chi" {
                return None;
            }
        } else {
            explicit = true;
            i = k;
        }
    }
    let (mut agents, mut end) = agent_list_at(reg, t, text, i, false);
    if agents.is_empty() && explicit {
        // "Đề nghị Quý Công ty ...", "đề nghị các đơn vị ...": those the letter is sent to.
        if let Some(n) = addressed_at(t, i) {
            agents = vec![Agent {
                name: ADDRESSEES.to_owned(),
                kind: None,
                span: t.orig_span(i, i + n),
            }];
            end = i + n;
        } else {
            // "Đề nghị Viettel Đắk Lắk, VNPT Đắk Lắk hỗ trợ ...": names no registry knows.
            (agents, end) = bare_names_at(reg, t, text, i);
        }
    }
    if agents.is_empty() {
        // "Thống nhất chủ trương, giao Sở Y tế chủ trì ...": assigned mid-sentence.
        if i == 0
            && let Some(s) = assigned_after_comma(reg, t, text)
        {
            return Some(s);
        }
        // "Sở khẩn trương hoàn thiện": the department named before.
        if t.s(i) == "so"
            && t.capitalized(text, i)
            && !t.capitalized(text, i + 1)
            && t.kind(i + 1) == Some(Kind::Word)
        {
            return Some(Subject::Same);
        }
        return None;
    }
    // "Đảng ủy UBND tỉnh lãnh đạo, chỉ đạo UBND tỉnh chỉ đạo các cơ quan ... tổ chức":
    // the last body in the chain acts.
    let mut chained = false;
    loop {
        let mut k = end;
        let mut moved = false;
        // Asking hands the work over; directing only in a heading.
        let mut asks = false;
        for w in [
            &["lanh", "dao"][..],
            &["chi", "dao"][..],
            &["yeu", "cau"][..],
            &["de", "nghi"][..],
            &["giao"][..],
        ] {
            if t.words_at(k, w) {
                k += w.len();
                moved = true;
                asks |= w[0] != "lanh" && w[0] != "chi";
                while t.is_punct(k, ',') {
                    k += 1;
                }
            }
        }
        if !moved {
            break;
        }
        let (next, next_end) = agent_list_at(reg, t, text, k, false);
        if next.is_empty() {
            break;
        }
        // "Đảng ủy UBND tỉnh lãnh đạo UBND tỉnh chỉ đạo:" hands the work down
        // the chain; "Đề nghị Tổng công ty X chỉ đạo Công ty Y di dời ...": X is asked.
        let rest = (next_end..t.len())
            .filter(|&x| matches!(t.kind(x), Some(Kind::Word | Kind::Num)))
            .count();
        if !asks && (explicit || rest > 2) {
            break;
        }
        agents = next;
        end = next_end;
        chained = true;
    }
    if agents.iter().any(|a| a.kind == Some(AgencyKind::Broad)) {
        return Some(Subject::Broad);
    }
    // An agency followed by nothing, or by "của"/"đã", is not acting here; nor
    // one that only "proposes" or "attends" ("Sở X đề xuất;", "Sở Y;", "... dự").
    // "Các sở, ngành được giao nhiệm vụ tại Phụ lục chủ động ...": who was
    // given the work, still acting.
    let given = t.s(end) == "duoc" && matches!(t.s(end + 1), "giao" | "phan");
    let not_acting = NOT_ACTING.contains(&t.s(end)) && !t.words_at(end, &["theo", "doi"]) && !given;
    if !explicit && (end >= t.len() || not_acting) {
        return None;
    }
    let words_after = (end..t.len())
        .filter(|&k| matches!(t.kind(k), Some(Kind::Word | Kind::Num)))
        .count();
    let heading = (0..t.len())
        .rev()
        .find(|&k| !t.is_punct(k, '*'))
        .is_some_and(|k| t.is_punct(k, ':'));
    if words_after <= 2 && !explicit && !chained && !heading {
        return None;
    }
    if !explicit && t.toks.get(end).and_then(|k| text.get(k.o.clone())) == Some("dự") {
        return None;
    }

    Some(Subject::Agencies {
        agents,
        explicit,
        end,
    })
}

/// The name given to "those the letter is sent to" until the letter's
/// addressees replace it ([`is_addressees`]).
pub const ADDRESSEES: &str = "\u{0}addressees";

/// Whether an agent stands for the letter's addressees.
pub fn is_addressees(a: &Agent) -> bool {
    a.name == ADDRESSEES
}

/// Words that speak to the addressees of a letter: "Quý Công ty", "Quý cơ
/// quan", "các đơn vị". Returns how many tokens they take.
fn addressed_at(t: &Tokens, i: usize) -> Option<usize> {
    // "Quý Công ty", "Quý cơ quan", "Quý đơn vị", "Quý doanh nghiệp"
    if t.s(i) == "quy" && matches!(t.s(i + 1), "cong" | "co" | "don" | "doanh") {
        return Some(3);
    }
    (t.words_at(i, &["cac", "don", "vi"]) && !t.is_punct(i + 3, ',')).then_some(3)
}

/// Names after an assigning word that no registry or head word knows:
/// capitalised runs separated by commas or "và", up to a lowercase word
/// ("Đề nghị Viettel Đắk Lắk, VNPT Đắk Lắk hỗ trợ ...") or the ':' of a
/// heading. An item a head word opens is read as a body ("Viễn thông Lai
/// Châu"); a capitalised run may hold its place ("MobiFone tỉnh Điện Biên").
fn bare_names_at(reg: &Registry, t: &Tokens, text: &str, i: usize) -> (Vec<Agent>, usize) {
    let mut out = Vec::new();
    let mut j = i;
    loop {
        let start = j;
        if let Some((a, end)) = agent_at(reg, t, text, j, false) {
            out.push(a);
            j = end;
        } else {
            loop {
                if t.kind(j) == Some(Kind::Word) && t.capitalized(text, j)
                    || (j > start && t.is_num(j))
                {
                    j += 1;
                } else if j > start
                    && (t.s(j) == "tinh" || t.words_at(j, &["thanh", "pho"]))
                    && !t.capitalized(text, j)
                {
                    // "MobiFone tỉnh Điện Biên": the place is part of the name.
                    let after = j + if t.s(j) == "tinh" { 1 } else { 2 };
                    if !t.capitalized(text, after) {
                        break;
                    }
                    j = after;
                } else {
                    break;
                }
            }
            if j == start {
                break;
            }
            let span = t.orig_span(start, j);
            if let Some(name) = text.get(span.clone()) {
                out.push(Agent {
                    name: name.trim().to_owned(),
                    kind: None,
                    span,
                });
            }
        }
        if t.is_punct(j, ',') || (t.s(j) == "va" && t.capitalized(text, j + 1)) {
            j += 1;
            continue;
        }
        break;
    }
    // The names must be followed by what they are asked to do, or close a heading.
    let verb_follows = t.kind(j) == Some(Kind::Word) && !t.capitalized(text, j);
    let heading = t.is_punct(j, ':');
    if out.is_empty() || !(verb_follows || heading) {
        return (Vec::new(), i);
    }
    (out, j)
}

/// "…, giao Sở X chủ trì …": an agency assigned after a comma inside the clause.
fn assigned_after_comma(reg: &Registry, t: &Tokens, text: &str) -> Option<Subject> {
    for k in 1..t.len() {
        if !t.is_punct(k - 1, ',') {
            continue;
        }
        let Some(a) = ASSIGN
            .iter()
            .filter(|a| a.first() != Some(&"chi"))
            .find(|a| t.words_at(k, a))
        else {
            continue;
        };
        let (agents, end) = agent_list_at(reg, t, text, k + a.len(), false);
        if !agents.is_empty() && agents.iter().all(|a| a.kind != Some(AgencyKind::Broad)) {
            return Some(Subject::Agencies {
                agents,
                explicit: true,
                end,
            });
        }
    }
    None
}

/// "Người đứng đầu ... chịu trách nhiệm trước Chủ tịch UBND tỉnh nếu ...":
/// who answers for a failure, not a task.
pub fn accountability(t: &Tokens) -> bool {
    (0..t.len().min(25)).any(|k| {
        t.words_at(k, &["chiu", "trach", "nhiem", "truoc"])
            || t.words_at(k, &["chiu", "trach", "nhiem", "ca", "nhan", "truoc"])
    })
}

/// A heading that is only a list of agencies ("1. Sở Khoa học và Công nghệ",
/// "c) Các cơ quan, đơn vị, địa phương:").
pub fn label(reg: &Registry, t: &Tokens, text: &str) -> Option<Vec<Agent>> {
    let (agents, end) = agent_list_at(reg, t, text, 0, true);
    let rest_ok = end >= t.len() || t.is_punct(end, ':') || t.is_punct(end, '(');
    (!agents.is_empty() && rest_ok).then_some(agents)
}

/// The meeting and who attended it, not a task: "Ngày 09/4/2026, đồng chí
/// ... chủ trì cuộc họp", "Cùng dự họp có ...", "Tham dự có ...", "Dự Hội
/// nghị có ...", "Cùng đi kiểm tra có lãnh đạo: ...".
pub fn meeting_narrative(t: &Tokens) -> bool {
    attendance(t) || chairs_meeting(t)
}

/// "(Cùng) (tham) dự ... có", "Cùng đi ... có", "Thành phần tham dự".
fn attendance(t: &Tokens) -> bool {
    if t.words_at(0, &["cung", "du"])
        || t.words_at(0, &["tham", "du"])
        || t.words_at(0, &["du", "hop"])
        || t.words_at(0, &["thanh", "phan", "tham", "du"])
        || t.words_at(0, &["thanh", "phan", "du"])
    {
        return true;
    }
    let k = usize::from(t.s(0) == "cung");
    let opens = t.s(k) == "du" || (k == 1 && t.s(k) == "di");
    opens && (k + 1..(k + 7).min(t.len())).any(|x| t.s(x) == "co")
}

/// Someone chaired the meeting or led the visit: "Ngày ..., đồng chí ...
/// chủ trì cuộc họp / Hội nghị / buổi làm việc / đoàn kiểm tra". The date or
/// the person tells the story apart from "Sở X chủ trì hội nghị sơ kết".
fn chairs_meeting(t: &Tokens) -> bool {
    let told = matches!(t.s(0), "ngay" | "sang" | "chieu" | "toi" | "vao" | "hom");
    (0..t.len()).any(|i| {
        t.words_at(i, &["chu", "tri"])
            && ["cuoc", "hoi", "buoi", "phien", "doan"].contains(&t.s(i + 2))
            && (told || (0..i).any(|k| t.words_at(k, &["dong", "chi"])))
    })
}

/// The agencies after "do" ("Các nội dung trên do Sở X chủ trì"): who
/// carries out what the sentence speaks of.
pub fn after_do(reg: &Registry, t: &Tokens, text: &str) -> Vec<Agent> {
    for k in 0..t.len() {
        if t.s(k) == "do" {
            let (list, _) = agent_list_at(reg, t, text, k + 1, false);
            if !list.is_empty() {
                return list;
            }
        }
    }
    Vec::new()
}

/// The body a row of a schedule makes responsible: "thuộc thẩm quyền (giải
/// quyết) của X", "do X giải quyết/thực hiện/chủ trì".
pub fn responsible_in(reg: &Registry, t: &Tokens, text: &str) -> Vec<Agent> {
    for k in 0..t.len() {
        if t.words_at(k, &["tham", "quyen"]) {
            let mut j = k + 2;
            while j < t.len() && j < k + 6 && t.s(j) != "cua" {
                j += 1;
            }
            if t.s(j) == "cua" {
                let (list, _) = agent_list_at(reg, t, text, j + 1, true);
                if !list.is_empty() {
                    return list;
                }
            }
        }
        if t.s(k) == "do" {
            let (list, end) = agent_list_at(reg, t, text, k + 1, false);
            let acts = ["giai", "thuc", "chu", "trien", "quan"].contains(&t.s(end));
            if !list.is_empty() && acts {
                return list;
            }
        }
        // "...: Sở X chủ trì, Sở Y phối hợp".
        if k > 0 && matches!(t.kind(k - 1), Some(Kind::Punct(':' | ';' | '('))) {
            let (list, end) = agent_list_at(reg, t, text, k, false);
            if !list.is_empty() && t.words_at(end, &["chu", "tri"]) {
                return list;
            }
        }
    }
    Vec::new()
}

/// Supporting agencies: "phối hợp (với) X, Y", "làm việc với X",
/// "với sự phối hợp của X", anywhere in the text.
pub fn supporters(reg: &Registry, t: &Tokens, text: &str) -> Vec<Agent> {
    let mut out: Vec<Agent> = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let start = if ["voi", "cung", "cua"]
            .iter()
            .any(|w| t.words_at(i, &["phoi", "hop", w]))
        {
            Some(i + 3)
        } else if t.words_at(i, &["phoi", "hop"]) {
            Some(i + 2)
        } else if t.words_at(i, &["lam", "viec", "voi"]) {
            Some(i + 3)
        } else {
            None
        };
        if let Some(s) = start {
            let (list, end) = agent_list_at(reg, t, text, s, false);
            for a in list {
                if !out.iter().any(|o| o.name == a.name) && a.kind != Some(AgencyKind::Broad) {
                    out.push(a);
                }
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// Agencies in a table cell: every item is an agency, unknown ones as written.
pub fn cell_agents(reg: &Registry, cell: &str) -> (Vec<Agent>, Vec<String>) {
    let t = Tokens::new(cell);
    let mut out: Vec<Agent> = Vec::new();
    let mut unknown = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let (list, end) = agent_list_at(reg, &t, cell, i, true);
        if !list.is_empty() {
            for a in list {
                if !out.iter().any(|o| o.name == a.name) && a.kind != Some(AgencyKind::Broad) {
                    out.push(a);
                }
            }
            i = end.max(i + 1);
            continue;
        }
        // An item the registry does not know: keep the words up to the next separator.
        let mut j = i;
        while j < t.len() && !t.is_punct(j, ',') && !t.is_punct(j, ';') {
            j += 1;
        }
        let span = t.orig_span(i, j);
        let words = cell.get(span.clone()).unwrap_or("").trim();
        let vague = (i..j).any(|k| t.words_at(k, &["lien", "quan"]));
        if !words.is_empty() && !vague && words.chars().next().is_some_and(char::is_uppercase) {
            unknown.push(words.to_owned());
            out.push(Agent {
                name: words.to_owned(),
                kind: None,
                span,
            });
        }
        i = j + 1;
    }
    (out, unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[Agent]) -> Vec<&str> {
        v.iter().map(|a| a.name.as_str()).collect()
    }

    fn subj(s: &str) -> Option<Vec<String>> {
        let reg = Registry::khanh_hoa();
        let t = Tokens::new(s);
        match subject(&reg, &t, s) {
            Some(Subject::Agencies { agents, .. }) => {
                Some(agents.into_iter().map(|a| a.name).collect())
            }
            Some(Subject::Same) => Some(vec!["<same>".into()]),
            Some(Subject::Broad) => Some(vec!["<broad>".into()]),
            None => None,
        }
    }

    /// The quick test of `title_at` knows the first word of every title.
    #[test]
    fn title_first_words_are_known() {
        let s = "Thủ trưởng Phó Giám đốc Giám đốc Phó Chủ tịch Chủ tịch Lãnh đạo Hiệu trưởng Phó trưởng Trưởng Người đứng đầu Chánh Văn phòng Bí thư";
        let t = Tokens::new(s);
        let mut i = 0;
        let mut found = 0;
        while i < t.len() {
            match title_at(&t, s, i) {
                Some(n) => {
                    found += 1;
                    i += n;
                }
                None => i += 1,
            }
        }
        assert_eq!(found, TITLES.len());
    }

    /// The quick test of `head_at` knows the first word of every head.
    #[test]
    fn head_first_words_are_sorted_and_complete() {
        assert!(HEAD_FIRST_WORDS.windows(2).all(|w| w[0] < w[1]));
        for h in HEADS {
            let first = h.first().copied().unwrap_or_default();
            assert!(HEAD_FIRST_WORDS.binary_search(&first).is_ok(), "{first}");
        }
    }

    #[test]
    fn lead_phrasings() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Giao Sở Khoa học và Công nghệ chủ trì, phối hợp Văn phòng UBND tỉnh thường xuyên rà soát",
                &["Sở Khoa học và Công nghệ"],
            ),
            (
                "Sở Tài chính khẩn trương triển khai phần mềm",
                &["Sở Tài chính"],
            ),
            (
                "Sở KH&CN làm đầu mối đôn đốc",
                &["Sở Khoa học và Công nghệ"],
            ),
            ("đề nghị Sở Nội vụ hoàn chỉnh báo cáo", &["Sở Nội vụ"]),
            (
                "Công an tỉnh thường xuyên cập nhật các chỉ đạo",
                &["Công an tỉnh"],
            ),
            (
                "Trong đó, các sở, ban, ngành hoàn thành số hóa",
                &["Các sở, ban, ngành"],
            ),
            (
                "trên cơ sở đó, Văn phòng UBND tỉnh thực hiện quy trình",
                &["Văn phòng Ủy ban nhân dân tỉnh"],
            ),
            (
                "Các sở, ban, ngành, địa phương khẩn trương rà soát",
                &["Các sở, ban, ngành", "Ủy ban nhân dân cấp xã"],
            ),
            (
                "Đảng Ủy ban nhân dân tỉnh lãnh đạo Ủy ban nhân dân tỉnh chỉ đạo",
                &["Ủy ban nhân dân tỉnh"],
            ),
            ("Giao UBND xã Tân Lập chủ trì rà soát", &["UBND xã Tân Lập"]),
            (
                "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông chủ trì thực hiện",
                &["Ban Quản lý dự án đầu tư xây dựng các công trình giao thông"],
            ),
            (
                "Giao Trung tâm Phục vụ hành chính công tỉnh chủ trì",
                &["Trung tâm Phục vụ hành chính công tỉnh"],
            ),
            ("Chủ đầu tư khẩn trương hoàn thiện hồ sơ", &["Chủ đầu tư"]),
            (
                "Trung tâm Công nghệ thông tin và Truyền thông tỉnh thực hiện giám sát",
                &["Trung tâm Công nghệ thông tin và Truyền thông tỉnh"],
            ),
            (
                "Giao Công ty TNHH MTV Xổ số kiến thiết Đồng Nai phối hợp Sở Tài chính",
                &["Công ty TNHH MTV Xổ số kiến thiết Đồng Nai"],
            ),
            (
                "Giám đốc Sở Nội vụ chịu trách nhiệm theo dõi",
                &["Sở Nội vụ"],
            ),
            ("Thủ trưởng các sở, ban, ngành:", &["Các sở, ban, ngành"]),
            (
                "Sở Lao động - Thương binh và Xã hội chủ trì rà soát",
                &["Sở Lao động - Thương binh và Xã hội"],
            ),
            (
                "Giao Sở Giao thông vận tải khẩn trương hoàn thành",
                &["Sở Giao thông vận tải"],
            ),
            (
                "Đài Phát thanh và Truyền hình tỉnh tăng cường tuyên truyền",
                &["Đài Phát thanh và Truyền hình tỉnh"],
            ),
            (
                "Sở Thông tin và Truyền thông chủ trì tổ chức hội nghị",
                &["Sở Thông tin và Truyền thông"],
            ),
            ("Sở khẩn trương hoàn thiện danh sách", &["<same>"]),
            // Regression: "thành phần tham dự" is what to propose, not a meeting narrative.
            (
                "Sở Nội vụ hoàn chỉnh nội dung báo cáo, đề xuất thành phần tham dự, địa điểm tổ chức",
                &["Sở Nội vụ"],
            ),
            (
                "Ban Chỉ đạo yêu cầu các cấp ủy, tổ chức đảng và cơ quan đơn vị quán triệt",
                &["<broad>"],
            ),
        ];
        for (s, want) in cases {
            let want: Vec<String> = want.iter().map(|w| (*w).to_owned()).collect();
            assert_eq!(subj(s), Some(want), "{s}");
        }
    }

    #[test]
    fn not_subjects() {
        for s in [
            "Ngày 27/01/2026, Phó Chủ tịch UBND tỉnh Nguyễn Thanh Hà chủ trì cuộc họp",
            "Cùng dự họp có đại diện lãnh đạo Công an tỉnh, Sở Khoa học và Công nghệ",
            "Tham dự hội nghị có đồng chí Lâm Đông, Sở Tài chính",
            "Tỉnh ủy đã ban hành Nghị quyết số 48-NQ/TU",
            "Tham mưu sửa đổi ban hành Quy định chức năng",
            "Đầu tư, hoàn thiện Trung tâm dữ liệu phục vụ Chuyển đổi số",
            "đồng thời rà soát, chủ động có văn bản hướng dẫn, đôn đốc các sở, ngành",
            "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA",
        ] {
            assert_eq!(subj(s), None, "{s}");
        }
    }

    #[test]
    fn support_phrasings() {
        let reg = Registry::khanh_hoa();
        let cases: &[(&str, &[&str])] = &[
            (
                "chủ trì, phối hợp với Công an tỉnh và các sở, ngành liên quan hướng dẫn",
                &["Công an tỉnh"],
            ),
            (
                "chủ trì, phối hợp Sở Tài chính, Sở Tư pháp tổ chức họp",
                &["Sở Tài chính", "Sở Tư pháp"],
            ),
            (
                "làm việc với Văn phòng UBND tỉnh (Trung tâm phục vụ Hành chính công tỉnh) để",
                &["Văn phòng Ủy ban nhân dân tỉnh"],
            ),
            (
                "phối hợp Sở Nội vụ và Sở Tài chính:",
                &["Sở Nội vụ", "Sở Tài chính"],
            ),
            (
                "chủ trì, phối hợp với các cơ quan, đơn vị liên quan tham mưu",
                &[],
            ),
        ];
        for (s, want) in cases {
            let t = Tokens::new(s);
            let got = supporters(&reg, &t, s);
            assert_eq!(names(&got), *want, "{s}");
        }
    }

    #[test]
    fn table_cells() {
        let reg = Registry::khanh_hoa();
        let (a, unknown) = cell_agents(
            &reg,
            "Sở KHCN, Sở Công Thương, Sở VHTTDL, Cục Thống kê tỉnh; các sở, ban, ngành; UBND các xã, phường và các hiệp hội doanh nghiệp, doanh nghiệp liên quan",
        );
        assert_eq!(
            names(&a),
            [
                "Sở Khoa học và Công nghệ",
                "Sở Công Thương",
                "Sở Văn hóa, Thể thao và Du lịch",
                "Cục Thống kê tỉnh",
                "Các sở, ban, ngành",
                "Ủy ban nhân dân cấp xã",
                "Hiệp hội doanh nghiệp tỉnh"
            ]
        );
        assert!(unknown.is_empty());
        let (a, _) = cell_agents(
            &reg,
            "Sở Công Thương, Ban Quản lý Khu kinh tế và khu công nghiệp",
        );
        assert_eq!(
            names(&a),
            [
                "Sở Công Thương",
                "Ban Quản lý Khu kinh tế và khu công nghiệp"
            ]
        );
        let (a, _) = cell_agents(&reg, "Sở, ngành địa phương");
        assert_eq!(names(&a), ["Các sở, ban, ngành", "Ủy ban nhân dân cấp xã"]);
    }
}
