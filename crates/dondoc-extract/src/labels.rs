//! Label lines: "Cơ quan chủ trì: Sở KH&CN", "Thời gian hoàn thành: Quý II/2026",
//! "Sản phẩm: ...". They describe the task stated just above (or just below).

use crate::assign::{self, Agent};
use crate::deadline::{self, Mode, Role};
use crate::model::{Precision, Recurrence};
use crate::registry::Registry;
use crate::token::Tokens;
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Lead,
    Support,
    Due,
    Deliverable,
}

/// Folded label words, longest first within each field.
const KEYS: &[(&str, Field)] = &[
    ("co quan chu tri thuc hien", Field::Lead),
    ("co quan chu tri", Field::Lead),
    ("don vi chu tri thuc hien", Field::Lead),
    ("don vi chu tri", Field::Lead),
    ("co quan thuc hien", Field::Lead),
    ("don vi thuc hien", Field::Lead),
    ("chu tri thuc hien", Field::Lead),
    ("chu tri", Field::Lead),
    ("co quan phoi hop thuc hien", Field::Support),
    ("co quan phoi hop", Field::Support),
    ("don vi phoi hop", Field::Support),
    ("phoi hop thuc hien", Field::Support),
    ("phoi hop", Field::Support),
    ("thoi gian hoan thanh", Field::Due),
    ("thoi gian thuc hien", Field::Due),
    ("thoi han hoan thanh", Field::Due),
    ("thoi han", Field::Due),
    ("tien do hoan thanh", Field::Due),
    ("tien do", Field::Due),
    ("thoi gian", Field::Due),
    ("ket qua/san pham", Field::Deliverable),
    ("ket qua", Field::Deliverable),
    ("san pham", Field::Deliverable),
];

/// What the label lines of one task say.
#[derive(Debug, Clone, Default)]
pub struct Fields {
    pub lead: Option<Vec<Agent>>,
    pub support: Option<Vec<Agent>>,
    pub due: Option<(NaiveDate, Precision, String)>,
    pub recurring: Option<Recurrence>,
    pub deliverable: Option<String>,
    /// First and last line of the label lines.
    pub lines: Option<(usize, usize)>,
}

impl Fields {
    pub fn is_empty(&self) -> bool {
        self.lead.is_none()
            && self.support.is_none()
            && self.due.is_none()
            && self.recurring.is_none()
            && self.deliverable.is_none()
    }

    /// Later label lines add to earlier ones.
    pub fn absorb(&mut self, other: Fields) {
        self.lead = other.lead.or(self.lead.take());
        self.support = other.support.or(self.support.take());
        self.due = other.due.or(self.due.take());
        self.recurring = other.recurring.or(self.recurring);
        self.deliverable = other.deliverable.or(self.deliverable.take());
        self.lines = match (self.lines, other.lines) {
            (Some(a), Some(b)) => Some((a.0.min(b.0), a.1.max(b.1))),
            (a, b) => a.or(b),
        };
    }
}

/// Whether folded text opens with a label key (cheap test before [`parse`]).
pub fn starts_with_key(folded: &str) -> bool {
    KEYS.iter().any(|(k, _)| folded.starts_with(k))
}

/// Splits a block body into "Key: value" segments at top-level ';' (and at
/// '.' before another key); returns `None` unless the body opens with a key.
pub fn parse(reg: &Registry, body: &str, year: Option<i32>) -> Option<Fields> {
    let mut fields = Fields::default();
    let mut rest = body.trim();
    let mut first = true;
    while !rest.is_empty() {
        let f = crate::text::fold(rest);
        let Some((key_len, field)) = KEYS.iter().find_map(|(k, field)| {
            let after = f.strip_prefix(k)?;
            let after_trim = after.trim_start();
            after_trim
                .starts_with(':')
                .then_some((f.len() - after_trim.len() + 1, *field))
        }) else {
            if first {
                return None;
            }
            break;
        };
        first = false;
        // Folding keeps one character per character: cut the original by chars.
        let key_chars = crate::text::fold(rest)
            .get(..key_len)
            .map_or(0, |k| k.chars().count());
        let value_start = rest
            .char_indices()
            .nth(key_chars)
            .map_or(rest.len(), |(i, _)| i);
        let value_all = rest.get(value_start..).unwrap_or("");
        // The value runs to the next "; Key:" (or ". Key:").
        let mut end = value_all.len();
        for (i, c) in value_all.char_indices() {
            if matches!(c, ';' | '.') {
                let next = value_all.get(i + 1..).unwrap_or("").trim_start();
                let nf = crate::text::fold(next);
                if KEYS.iter().any(|(k, _)| nf.starts_with(k)) {
                    end = i;
                    break;
                }
            }
        }
        let value = value_all
            .get(..end)
            .unwrap_or("")
            .trim()
            .trim_end_matches(['.', ';'])
            .trim();
        match field {
            Field::Lead => fields.lead = Some(assign::cell_agents(reg, value).0),
            Field::Support => fields.support = Some(assign::cell_agents(reg, value).0),
            Field::Deliverable => {
                fields.deliverable = Some(value.to_owned()).filter(|v| !v.is_empty())
            }
            Field::Due => {
                let t = Tokens::new(value);
                fields.due = deadline::find(&t, year, Mode::Cell)
                    .into_iter()
                    .rfind(|f| f.role == Role::Deadline)
                    .map(|f| (f.date, f.precision, value.to_owned()));
                fields.recurring = deadline::recurrence(&t).map(|r| r.0);
            }
        }
        rest = value_all
            .get(end..)
            .unwrap_or("")
            .trim_start_matches([';', '.', ' ']);
    }
    (!fields.is_empty()).then_some(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_lines() {
        let reg = Registry::khanh_hoa();
        let f = parse(
            &reg,
            "Cơ quan chủ trì: Sở KH&CN; cơ quan phối hợp: các sở, ngành; thời gian hoàn thành: Quý II/2026.",
            Some(2026),
        );
        let f = f.unwrap_or_default();
        let names = |v: &Option<Vec<Agent>>| {
            v.iter()
                .flatten()
                .map(|a| a.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&f.lead), ["Sở Khoa học và Công nghệ"]);
        assert_eq!(names(&f.support), ["Các sở, ban, ngành"]);
        assert_eq!(
            f.due.map(|d| d.0.to_string()),
            Some("2026-06-30".to_owned())
        );
        let f = parse(&reg, "Thời gian thực hiện: Thường xuyên", Some(2026)).unwrap_or_default();
        assert_eq!(f.recurring, Some(Recurrence::Ongoing));
        let f = parse(&reg, "Sản phẩm: Đề án được phê duyệt.", Some(2026)).unwrap_or_default();
        assert_eq!(f.deliverable.as_deref(), Some("Đề án được phê duyệt"));
        assert!(parse(&reg, "Sở KH&CN chủ trì: tham mưu", Some(2026)).is_none());
        assert!(parse(&reg, "Chủ trì, phối hợp với Sở Tài chính", Some(2026)).is_none());
    }
}
