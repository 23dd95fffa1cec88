//! The extraction result: the JSON contract of `dondoc extract --format json`.

use chrono::NaiveDate;
use serde::Serialize;

/// Everything read from one directive.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Extraction {
    pub document: DocumentMeta,
    pub tasks: Vec<Task>,
    pub references: Vec<Reference>,
    pub warnings: Vec<Warning>,
}

/// The directive's own metadata (Decree 30/2020 components).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct DocumentMeta {
    /// Number and symbol (`số, ký hiệu`), `None` when the number is left blank.
    pub number: Option<String>,
    /// The symbol part alone (`TB-UBND`), kept even when the number is blank.
    pub symbol: Option<String>,
    /// Kind (`tên loại`): Thông báo, Công văn, Kế hoạch, ...
    pub kind: Option<String>,
    pub issuer: Option<String>,
    pub place: Option<String>,
    /// Date of issue; `None` when the day is left blank for signing.
    pub issued_on: Option<NaiveDate>,
    /// The year of issue, known even when the day is blank.
    pub year: Option<i32>,
    /// Summary line (`trích yếu`).
    pub title: Option<String>,
    pub signer: Option<String>,
}

/// One assignment: who must do what, by when.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Task {
    /// The task's own words from the document.
    pub text: String,
    /// First and last line (1-based) of the input the task came from.
    pub lines: [usize; 2],
    /// Lead agencies (`cơ quan chủ trì`), canonical registry names.
    pub lead: Vec<String>,
    /// Supporting agencies (`cơ quan phối hợp`).
    pub support: Vec<String>,
    /// Expected result (`kết quả / sản phẩm`).
    pub deliverable: Option<String>,
    pub due: Option<Due>,
    pub recurring: Option<Recurrence>,
    /// Where else the same task is stated (an appendix row restating a body item).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_at: Vec<[usize; 2]>,
    /// The task this one is a sub-item of (its index in `tasks`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<usize>,
}

/// A deadline as read from the text.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Due {
    /// The last day the deadline allows.
    pub date: NaiveDate,
    pub precision: Precision,
    /// The words it came from.
    pub text: String,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Month,
    Quarter,
    Half,
    Year,
}

/// A duty that repeats instead of ending.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Recurrence {
    Weekly,
    Monthly,
    Quarterly,
    #[serde(rename = "half-yearly")]
    HalfYearly,
    Yearly,
    /// "thường xuyên": continuous, no period.
    Ongoing,
}

/// Another document the directive cites.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Reference {
    pub number: String,
    pub kind: Option<String>,
    pub date: Option<NaiveDate>,
}

/// Something a reviewer should look at, with the line it concerns.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Warning {
    pub line: usize,
    pub message: String,
}
