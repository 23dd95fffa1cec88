//! The extraction result: the JSON contract of `dondoc extract --format json`.

use chrono::NaiveDate;
use serde::Serialize;

/// Everything read from one directive.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Extraction {
    /// The directive's own metadata.
    pub document: DocumentMeta,
    /// The tasks it assigns, in the order of the text.
    pub tasks: Vec<Task>,
    /// The documents it cites.
    pub references: Vec<Reference>,
    /// What a reviewer should check, with line numbers.
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
    /// The issuing body (`tên cơ quan ban hành`), as the letterhead writes it.
    pub issuer: Option<String>,
    /// The place of the place-and-date line (`địa danh`).
    pub place: Option<String>,
    /// The province the document comes from (letterhead, else place line):
    /// agency names follow it.
    pub province: Option<String>,
    /// Date of issue; `None` when the day is left blank for signing.
    pub issued_on: Option<NaiveDate>,
    /// The year of issue, known even when the day is blank.
    pub year: Option<i32>,
    /// Summary line (`trích yếu`).
    pub title: Option<String>,
    /// The person who signed (`người ký`), without title.
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
    /// The deadline, `None` when the task states none.
    pub due: Option<Due>,
    /// How often the duty repeats, for duties that do not end.
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
    /// How much the words said (a month ends on its last day).
    pub precision: Precision,
    /// The words it came from.
    pub text: String,
}

/// How precisely a deadline was written (the domain's type).
pub use dondoc_domain::model::Precision;
/// A duty that repeats instead of ending (the domain's type).
pub use dondoc_domain::recurrence::Recurrence;

/// Another document the directive cites.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Reference {
    /// Number and symbol ("1489/KH-UBND").
    pub number: String,
    /// Its kind when the text names it ("Kế hoạch").
    pub kind: Option<String>,
    /// Its date when the text gives it.
    pub date: Option<NaiveDate>,
}

/// Something a reviewer should look at, with the line it concerns.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Warning {
    /// The 1-based input line it concerns.
    pub line: usize,
    /// What to check, in English.
    pub message: String,
}
