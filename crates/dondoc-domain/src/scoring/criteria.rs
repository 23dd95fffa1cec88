//! The criteria set (bộ tiêu chí): a TOML file the committee edits, with a
//! `version` and a `name`, read into [`Criteria`] and checked. The default
//! set ships in `data/criteria-default.toml`.
//!
//! The store keeps the set used for a period next to its result, as the
//! canonical text of [`Criteria::to_toml`] (fields in a fixed order, comments
//! dropped), and reads it back with [`Criteria::parse`]: the same text always
//! gives the same set, so a past ranking can be computed again.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::points::Points;

/// The default criteria file's text.
const DEFAULT_TOML: &str = include_str!("../../data/criteria-default.toml");

/// A criteria set: the weights of the three criteria, the penalties, the
/// report rule and the bands. Read with [`Criteria::parse`], which checks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criteria {
    /// The set's version, changed on every edit ("2026.1").
    pub version: String,
    /// The set's name, shown with every result.
    pub name: String,
    /// What it is based on ("Vận dụng Nghị định số 335/2025/NĐ-CP").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub basis: String,
    /// The maximum score (100): the three criteria's points add up to it.
    #[serde(with = "decimal")]
    pub total: Points,
    /// Số lượng: the share of the items due in the period that were done.
    pub quantity: Criterion,
    /// Chất lượng: items accepted at appraisal without being sent back.
    pub quality: Criterion,
    /// Tiến độ: items done by the deadline in force.
    pub timeliness: Criterion,
    /// What lateness and send-backs cost, and which extensions are exempt.
    pub penalties: Penalties,
    /// How the criteria's points are shared between tasks and reports.
    pub items: ItemWeights,
    /// The periodic report rule.
    pub reports: ReportRule,
    /// The bands, highest first.
    pub bands: Vec<Band>,
}

/// One of the three criteria.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// Its name in tables: "Chất lượng".
    pub label: String,
    /// How an explanation line names its points: "điểm chất lượng".
    pub points_label: String,
    /// Its share of the total.
    #[serde(with = "decimal")]
    pub points: Points,
}

/// Penalties and exemptions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Penalties {
    /// A late item loses this percentage of its timeliness points.
    pub late_percent: u32,
    /// Each send-back at appraisal costs this percentage of the item's
    /// quality points (at most all of them).
    pub send_back_percent: u32,
    /// A deadline moved by an approved extension for an objective cause is
    /// judged by the new deadline and costs nothing.
    pub objective_extension_exempt: bool,
    /// Which deadline judges an item whose deadline was moved for another
    /// cause (or for any cause when objective extensions are not exempt).
    pub other_extension_judged_by: JudgedBy,
}

/// The deadline that judges a moved deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JudgedBy {
    /// The original deadline: the extension does not excuse lateness.
    Original,
    /// The deadline in force.
    InForce,
}

/// How each criterion's points are shared between items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemWeights {
    /// The weight of each task (at least 1).
    pub task_weight: u32,
    /// The weight of each periodic report; 0 leaves reports out of the
    /// score (they are still counted in the figures).
    pub report_weight: u32,
}

/// The periodic report rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportRule {
    /// "Báo cáo định kỳ hằng tháng".
    pub label: String,
    /// The day of the month a report is due by, in the month its round
    /// falls due (clamped to the month's length); absent: the round's own
    /// due date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_day: Option<u32>,
    /// A report submitted after its due date counts as not done (and as not
    /// submitted); otherwise it counts as done late.
    pub late_is_not_done: bool,
}

/// A band (mức xếp loại): reached from `min` points up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// A stable key: "excellent", "good", "complete", "not_complete".
    pub key: String,
    /// "Hoàn thành xuất sắc nhiệm vụ".
    pub label: String,
    /// "Xuất sắc".
    pub short: String,
    /// The lowest score in the band.
    #[serde(with = "decimal")]
    pub min: Points,
}

/// Why a criteria file was refused: the line (1-based) and the field at
/// fault when they are known, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriteriaError {
    /// The line of the file, from 1.
    pub line: Option<usize>,
    /// The field's path: "penalties.late_percent", "bands[2].min".
    pub field: Option<String>,
    /// What is wrong, in Vietnamese (the parser's own words for syntax).
    pub message: String,
}

impl fmt::Display for CriteriaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Tệp tiêu chí")?;
        if let Some(line) = self.line {
            write!(f, ", dòng {line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ", mục `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for CriteriaError {}

impl Criteria {
    /// The set dondoc ships (`data/criteria-default.toml`).
    pub fn default_set() -> Criteria {
        // The shipped file is checked by a test; a broken edit to it must not
        // panic a server, so fall back to the same values built in code.
        Criteria::parse(DEFAULT_TOML).unwrap_or_else(|_| Criteria::built_in())
    }

    /// The default file's text, for a page that lets the committee start
    /// from it.
    pub fn default_toml() -> &'static str {
        DEFAULT_TOML
    }

    /// Reads and checks a criteria file.
    pub fn parse(text: &str) -> Result<Criteria, CriteriaError> {
        let criteria: Criteria = toml::from_str(text).map_err(|e| {
            let (line, mut field) = match e.span() {
                Some(span) => field_at(text, span.start),
                None => (None, None),
            };
            let (message, missing) = in_vietnamese(e.message().trim());
            // A missing field is reported at its table: name the field.
            if let Some(missing) = missing {
                field = Some(match field {
                    Some(table) => format!("{table}.{missing}"),
                    None => missing,
                });
            }
            CriteriaError {
                line,
                field,
                message,
            }
        })?;
        criteria.check().map_err(|(field, message)| CriteriaError {
            line: line_of(text, &field),
            field: Some(field),
            message,
        })?;
        Ok(criteria)
    }

    /// The canonical text: the same set always gives the same text, and
    /// [`Criteria::parse`] reads it back to an equal set.
    pub fn to_toml(&self) -> Result<String, CriteriaError> {
        toml::to_string(self).map_err(|e| CriteriaError {
            line: None,
            field: None,
            message: e.to_string(),
        })
    }

    /// The band a score falls in: the first (highest) whose `min` it reaches.
    pub fn band_of(&self, score: Points) -> Option<&Band> {
        self.bands.iter().find(|b| score >= b.min)
    }

    /// The checks `parse` makes beyond the types: (field, message).
    fn check(&self) -> Result<(), (String, String)> {
        let fail = |field: &str, message: String| Err((field.to_string(), message));
        if self.version.trim().is_empty() {
            return fail("version", "phiên bản không được để trống".into());
        }
        if self.name.trim().is_empty() {
            return fail("name", "tên bộ tiêu chí không được để trống".into());
        }
        if self.total <= Points::ZERO {
            return fail(
                "total",
                format!("tổng điểm phải lớn hơn 0 (đang là {})", self.total),
            );
        }
        for (key, c) in [
            ("quantity", &self.quantity),
            ("quality", &self.quality),
            ("timeliness", &self.timeliness),
        ] {
            if c.points < Points::ZERO {
                return fail(
                    &format!("{key}.points"),
                    format!("điểm không được âm (đang là {})", c.points),
                );
            }
            if c.label.trim().is_empty() || c.points_label.trim().is_empty() {
                return fail(
                    &format!("{key}.label"),
                    "tên tiêu chí không được để trống".into(),
                );
            }
        }
        let sum = self.quantity.points + self.quality.points + self.timeliness.points;
        if sum != self.total {
            return fail(
                "total",
                format!(
                    "điểm số lượng, chất lượng, tiến độ cộng lại là {}, khác tổng điểm {}",
                    sum, self.total
                ),
            );
        }
        for (field, value) in [
            ("penalties.late_percent", self.penalties.late_percent),
            (
                "penalties.send_back_percent",
                self.penalties.send_back_percent,
            ),
        ] {
            if value > 100 {
                return fail(field, format!("phải từ 0 đến 100 (đang là {value})"));
            }
        }
        if self.items.task_weight == 0 {
            return fail(
                "items.task_weight",
                "trọng số nhiệm vụ phải từ 1 trở lên".into(),
            );
        }
        if let Some(day) = self.reports.due_day
            && !(1..=31).contains(&day)
        {
            return fail(
                "reports.due_day",
                format!("phải từ 1 đến 31 (đang là {day})"),
            );
        }
        if self.bands.is_empty() {
            return fail("bands", "cần ít nhất một mức xếp loại".into());
        }
        for (i, band) in self.bands.iter().enumerate() {
            let at = |f: &str| format!("bands[{i}].{f}");
            if band.key.trim().is_empty() {
                return fail(&at("key"), "khóa của mức không được để trống".into());
            }
            if band.label.trim().is_empty() || band.short.trim().is_empty() {
                return fail(&at("label"), "tên mức không được để trống".into());
            }
            if self.bands.iter().take(i).any(|b| b.key == band.key) {
                return fail(&at("key"), format!("khóa `{}` bị lặp", band.key));
            }
            if band.min > self.total {
                return fail(
                    &at("min"),
                    format!(
                        "điểm tối thiểu {} lớn hơn tổng điểm {}",
                        band.min, self.total
                    ),
                );
            }
            if i > 0
                && let Some(prev) = self.bands.get(i - 1)
                && band.min >= prev.min
            {
                return fail(
                    &at("min"),
                    format!(
                        "các mức phải xếp từ cao xuống thấp: {} không nhỏ hơn {} của mức trước",
                        band.min, prev.min
                    ),
                );
            }
        }
        if let Some(last) = self.bands.last()
            && last.min != Points::ZERO
        {
            let i = self.bands.len() - 1;
            return fail(
                &format!("bands[{i}].min"),
                format!(
                    "mức thấp nhất phải bắt đầu từ 0 điểm (đang là {})",
                    last.min
                ),
            );
        }
        Ok(())
    }

    /// The default set's values, should the shipped file ever fail to read.
    fn built_in() -> Criteria {
        let criterion = |label: &str, points_label: &str, points| Criterion {
            label: label.into(),
            points_label: points_label.into(),
            points: Points::whole(points),
        };
        let band = |key: &str, label: &str, short: &str, min| Band {
            key: key.into(),
            label: label.into(),
            short: short.into(),
            min: Points::whole(min),
        };
        Criteria {
            version: "2026.1".into(),
            name: "Bộ tiêu chí đánh giá kết quả thực hiện nhiệm vụ của cơ quan, đơn vị (mặc định)"
                .into(),
            basis: "Vận dụng Nghị định số 335/2025/NĐ-CP của Chính phủ".into(),
            total: Points::whole(100),
            quantity: criterion("Số lượng", "điểm số lượng", 40),
            quality: criterion("Chất lượng", "điểm chất lượng", 30),
            timeliness: criterion("Tiến độ", "điểm đúng hạn", 30),
            penalties: Penalties {
                late_percent: 25,
                send_back_percent: 25,
                objective_extension_exempt: true,
                other_extension_judged_by: JudgedBy::Original,
            },
            items: ItemWeights {
                task_weight: 1,
                report_weight: 1,
            },
            reports: ReportRule {
                label: "Báo cáo định kỳ hằng tháng".into(),
                due_day: Some(25),
                late_is_not_done: true,
            },
            bands: vec![
                band("excellent", "Hoàn thành xuất sắc nhiệm vụ", "Xuất sắc", 90),
                band("good", "Hoàn thành tốt nhiệm vụ", "Tốt", 70),
                band("complete", "Hoàn thành nhiệm vụ", "Hoàn thành", 50),
                band(
                    "not_complete",
                    "Không hoàn thành nhiệm vụ",
                    "Không hoàn thành",
                    0,
                ),
            ],
        }
    }
}

/// Points in the file: `90`, `89.5` or `"89,5"`, at most two decimals;
/// written back as an integer when whole, else as a decimal.
mod decimal {
    use serde::de::{self, Visitor};
    use serde::{Deserializer, Serializer};

    use super::Points;

    pub fn serialize<S: Serializer>(p: &Points, s: S) -> Result<S::Ok, S::Error> {
        if p.hundredths() % 100 == 0 {
            s.serialize_i64(p.hundredths() / 100)
        } else {
            s.serialize_f64(p.hundredths() as f64 / 100.0)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Points, D::Error> {
        d.deserialize_any(PointsVisitor)
    }

    struct PointsVisitor;

    impl Visitor<'_> for PointsVisitor {
        type Value = Points;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("một số điểm, tối đa hai chữ số thập phân (90 hoặc 89.5)")
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Points, E> {
            v.checked_mul(100)
                .map(Points::from_hundredths)
                .ok_or_else(|| E::custom(format!("số điểm {v} quá lớn")))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Points, E> {
            let v = i64::try_from(v).map_err(|_| E::custom(format!("số điểm {v} quá lớn")))?;
            self.visit_i64(v)
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Points, E> {
            // The shortest decimal that reads back as `v` is what was written.
            Points::parse(&format!("{v}")).ok_or_else(|| {
                E::custom(format!(
                    "số điểm {v} không hợp lệ: tối đa hai chữ số thập phân"
                ))
            })
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Points, E> {
            Points::parse(v).ok_or_else(|| {
                E::custom(format!(
                    "\"{v}\" không phải số điểm (viết 90 hoặc 89.5, tối đa hai chữ số thập phân)"
                ))
            })
        }
    }
}

/// The parser's usual messages in Vietnamese (others are kept, marked as
/// the TOML reader's), and the name of a missing field.
fn in_vietnamese(message: &str) -> (String, Option<String>) {
    let quoted = |s: &str| s.split('`').nth(1).map(str::to_string);
    if let Some(rest) = message.strip_prefix("missing field ") {
        let name = quoted(rest);
        let shown = name.clone().unwrap_or_else(|| rest.to_string());
        return (format!("thiếu mục `{shown}`"), name);
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let name = quoted(rest).unwrap_or_else(|| rest.to_string());
        let expected = rest
            .split_once("expected ")
            .map(|(_, e)| format!("; các mục hợp lệ: {}", e.replace("one of ", "")))
            .unwrap_or_default();
        return (format!("không có mục `{name}`{expected}"), None);
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        return (format!("giá trị không hợp lệ {rest}"), None);
    }
    if message == "duplicate key" {
        return ("mục bị khai báo hai lần".to_string(), None);
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        return (format!("sai kiểu giá trị: {rest}"), None);
    }
    // Our own checks while reading (numbers of points) speak Vietnamese.
    if !message.is_ascii() {
        return (message.to_string(), None);
    }
    (format!("lỗi cú pháp TOML: {message}"), None)
}

/// A TOML line's table header ("penalties", "bands" for `[[bands]]`) and
/// whether it opens an array element.
fn header(line: &str) -> Option<(String, bool)> {
    let t = line.trim();
    let t = t.split('#').next().unwrap_or(t).trim();
    if let Some(inner) = t.strip_prefix("[[").and_then(|s| s.strip_suffix("]]")) {
        return Some((unquote_path(inner), true));
    }
    let inner = t.strip_prefix('[').and_then(|s| s.strip_suffix(']'))?;
    Some((unquote_path(inner), false))
}

/// `"a" . b` → `a.b`.
fn unquote_path(s: &str) -> String {
    s.split('.')
        .map(|p| p.trim().trim_matches(['"', '\'']))
        .collect::<Vec<_>>()
        .join(".")
}

/// The key of a `key = value` line.
fn key_of(line: &str) -> Option<String> {
    let t = line.trim_start();
    if t.starts_with('#') || t.starts_with('[') {
        return None;
    }
    let (key, _) = t.split_once('=')?;
    let key = unquote_path(key);
    (!key.is_empty()).then_some(key)
}

/// Walks the file, giving each line (1-based) the path of its table
/// ("bands[1]") and its key if it has one.
fn walk(text: &str) -> Vec<(usize, String, Option<String>)> {
    let mut table = String::new();
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if let Some((name, array)) = header(line) {
            table = if array {
                let n = match counts.iter_mut().find(|(k, _)| *k == name) {
                    Some((_, n)) => {
                        *n += 1;
                        *n - 1
                    }
                    None => {
                        counts.push((name.clone(), 1));
                        0
                    }
                };
                format!("{name}[{n}]")
            } else {
                name
            };
            out.push((i + 1, table.clone(), None));
        } else {
            out.push((i + 1, table.clone(), key_of(line)));
        }
    }
    out
}

fn join(table: &str, key: &str) -> String {
    if table.is_empty() {
        key.to_string()
    } else {
        format!("{table}.{key}")
    }
}

/// The line a field is written on, or its table's header line.
fn line_of(text: &str, field: &str) -> Option<usize> {
    let lines = walk(text);
    lines
        .iter()
        .find(|(_, table, key)| key.as_deref().is_some_and(|k| join(table, k) == field))
        .or_else(|| {
            lines
                .iter()
                .find(|(_, table, key)| key.is_none() && table == field)
        })
        .map(|(n, _, _)| *n)
}

/// The line and field at a byte offset of the file.
fn field_at(text: &str, offset: usize) -> (Option<usize>, Option<String>) {
    let line = text
        .char_indices()
        .take_while(|(i, _)| *i < offset)
        .filter(|(_, c)| *c == '\n')
        .count()
        + 1;
    let field = walk(text)
        .into_iter()
        .find(|(n, _, _)| *n == line)
        .and_then(|(_, table, key)| match key {
            Some(k) => Some(join(&table, &k)),
            None if !table.is_empty() => Some(table),
            None => None,
        });
    (Some(line), field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_file_reads_and_matches_the_built_in_values() {
        let parsed = Criteria::parse(DEFAULT_TOML);
        assert_eq!(parsed.as_ref().err(), None);
        assert_eq!(parsed.ok(), Some(Criteria::built_in()));
    }

    #[test]
    fn the_canonical_text_reads_back_equal_and_is_stable() {
        let c = Criteria::default_set();
        let text = c.to_toml().unwrap_or_default();
        assert!(text.contains("version = \"2026.1\""), "{text}");
        assert_eq!(Criteria::parse(&text).ok(), Some(c.clone()));
        assert_eq!(
            Criteria::parse(&text).ok().and_then(|c| c.to_toml().ok()),
            Some(text)
        );

        let mut half = c;
        half.bands[1].min = Points::from_hundredths(6950);
        let text = half.to_toml().unwrap_or_default();
        assert!(text.contains("min = 69.5"), "{text}");
        assert_eq!(Criteria::parse(&text).ok(), Some(half));
    }

    fn error_of(edit: impl Fn(&str) -> String) -> CriteriaError {
        match Criteria::parse(&edit(DEFAULT_TOML)) {
            Ok(_) => CriteriaError {
                line: None,
                field: None,
                message: "accepted".into(),
            },
            Err(e) => e,
        }
    }

    fn line_containing(text: &str, needle: &str) -> Option<usize> {
        text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
    }

    #[test]
    fn errors_name_the_line_and_the_field() {
        // A wrong type.
        let e = error_of(|t| {
            t.replace(
                "points = 30\n\n# Tiến độ",
                "points = \"ba mươi\"\n\n# Tiến độ",
            )
        });
        assert_eq!(e.field.as_deref(), Some("quality.points"), "{e}");
        assert_eq!(
            e.line,
            line_containing(
                &DEFAULT_TOML.replace(
                    "points = 30\n\n# Tiến độ",
                    "points = \"ba mươi\"\n\n# Tiến độ"
                ),
                "ba mươi"
            )
        );
        assert!(e.to_string().contains("dòng"), "{e}");

        // A misspelt key.
        let e = error_of(|t| t.replace("late_percent = 25", "late_percnet = 25"));
        assert_eq!(e.field.as_deref(), Some("penalties.late_percnet"), "{e}");
        assert_eq!(e.line, line_containing(DEFAULT_TOML, "late_percent = 25"));

        // A value out of range, found by the checks after reading.
        let e = error_of(|t| t.replace("send_back_percent = 25", "send_back_percent = 125"));
        assert_eq!(e.field.as_deref(), Some("penalties.send_back_percent"));
        assert_eq!(
            e.line,
            line_containing(DEFAULT_TOML, "send_back_percent = 25")
        );
        assert!(e.message.contains("125"), "{e}");

        // Weights that do not add up to the total.
        let e = error_of(|t| t.replace("points = 40", "points = 45"));
        assert_eq!(e.field.as_deref(), Some("total"));
        assert_eq!(e.line, line_containing(DEFAULT_TOML, "total = 100"));
        assert!(e.message.contains("105,00"), "{e}");

        // Bands out of order: the third band's min.
        let e = error_of(|t| t.replace("min = 50", "min = 75"));
        assert_eq!(e.field.as_deref(), Some("bands[2].min"));
        assert_eq!(e.line, line_containing(DEFAULT_TOML, "min = 50"));

        // Three decimals.
        let e = error_of(|t| t.replace("min = 70", "min = 69.995"));
        assert_eq!(e.field.as_deref(), Some("bands[1].min"), "{e}");

        // A syntax error.
        let e = error_of(|t| t.replace("version = \"2026.1\"", "version = 2026.1\""));
        assert_eq!(
            e.line,
            line_containing(DEFAULT_TOML, "version = \"2026.1\""),
            "{e}"
        );

        // A missing field is named, at its table's line.
        let e = error_of(|t| t.replace("late_is_not_done = true", ""));
        assert_eq!(e.field.as_deref(), Some("reports.late_is_not_done"), "{e}");
        assert_eq!(e.line, line_containing(DEFAULT_TOML, "[reports]"));
        assert_eq!(e.message, "thiếu mục `late_is_not_done`");

        // A value the enumeration does not know.
        let e = error_of(|t| t.replace("= \"original\"", "= \"ban đầu\""));
        assert_eq!(
            e.field.as_deref(),
            Some("penalties.other_extension_judged_by"),
            "{e}"
        );
        assert!(e.message.contains("original"), "{e}");
    }

    #[test]
    fn bands_are_found_from_the_top() {
        let c = Criteria::default_set();
        let key = |h| {
            c.band_of(Points::from_hundredths(h))
                .map(|b| b.key.as_str())
        };
        assert_eq!(key(10000), Some("excellent"));
        assert_eq!(key(9000), Some("excellent"));
        assert_eq!(key(8999), Some("good"));
        assert_eq!(key(7000), Some("good"));
        assert_eq!(key(6999), Some("complete"));
        assert_eq!(key(5000), Some("complete"));
        assert_eq!(key(4999), Some("not_complete"));
        assert_eq!(key(0), Some("not_complete"));
    }
}
