//! dondoc-extract: a Vietnamese directive's text in, its tasks out.
//!
//! Reads the structure of a directive (numbered items, agency headings,
//! appendix tables), who leads and supports each task, its deadline, the
//! document's metadata and the documents it cites.
//!
//! Architecture invariant: this crate does no I/O and knows nothing of files,
//! databases, HTTP or async runtimes. It does not fail on odd input: it returns
//! what it found plus warnings with line numbers.

#![deny(missing_docs)]

mod assign;
mod clauses;
pub mod deadline;
mod document;
mod labels;
mod layout;
mod merge;
pub mod model;
mod regions;
pub mod registry;
pub mod similar;
mod table;
mod tasks;
pub mod text;
mod token;

pub use model::{DocumentMeta, Due, Extraction, Precision, Recurrence, Reference, Task, Warning};
pub use registry::{Agency, AgencyKind, Registry, RegistryError};

use std::collections::BTreeSet;

/// The body that issues a document under a parent ("UBND TỈNH LẠNG SƠN /
/// BAN CHỈ ĐẠO ...", "UBND TỈNH X / SỞ Y TẾ"): the last agency its letterhead
/// names, when another name or words stand before it.
fn issuing_body(issuer: Option<&str>, registry: &Registry) -> Option<String> {
    let issuer = issuer?;
    let t = token::Tokens::new(issuer);
    let last = registry.scan(&t).into_iter().last()?;
    if last.start == 0 {
        return None;
    }
    registry.name_of(&last, &t, issuer)
}

/// Extracts the directive in `text` (one paragraph per line, table rows as
/// tab-separated cells) using `registry` to name agencies.
pub fn extract(text: &str, registry: &Registry) -> Extraction {
    let text = text::nfc(text);
    let blocks = layout::blocks(&text);
    let (regions, body_end, appendix_at) = tasks::regions(&blocks);
    let mut document = document::metadata(&blocks, registry, body_end, appendix_at);
    document.province = document::province(&blocks, &document);
    // Names follow the document's province: another province's registry
    // would name its bodies wrongly ("Thuế tỉnh Khánh Hòa" in a Nghệ An letter).
    let own;
    let registry = match (document.province.as_deref(), registry.province()) {
        (Some(doc), Some(reg)) if !registry::same_province(doc, reg) => {
            own = Registry::shared_for_province(doc);
            own.as_ref()
        }
        _ => registry,
    };
    let year = document.year.or(document.issued_on.map(deadline::year_of));
    let cx = tasks::Context {
        reg: registry,
        year,
    };
    let (drafts, unread) = tasks::draft(&blocks, &regions, &cx);
    let mut drafts = merge::merge(drafts, document.issued_on);
    // A table row that names no one, and that no body item restates, lists
    // something (projects and their approved schedules), not a task.
    drafts.retain(|d| !(d.from_table && d.leads.is_empty()));
    // The issuing body's own working ("Ban Chỉ đạo họp định kỳ hằng quý" in
    // the Steering Committee's plan) is not work it assigns.
    if let Some(own) = issuing_body(document.issuer.as_deref(), registry) {
        drafts.retain(|d| !(d.leads.len() == 1 && d.leads.iter().all(|a| a.name == own)));
    }

    let mut warns: Vec<(usize, String)> = Vec::new();
    let mut unknown_seen = BTreeSet::new();
    let position: std::collections::HashMap<usize, usize> =
        drafts.iter().enumerate().map(|(i, d)| (d.key, i)).collect();
    let mut out = Vec::with_capacity(drafts.len());
    for d in &drafts {
        let due = tasks::resolve_due(d, document.issued_on, &mut warns);
        for a in d.leads.iter().chain(d.support.iter()) {
            if !a.known() && !assign::is_addressees(a) && unknown_seen.insert(a.name.clone()) {
                warns.push((
                    d.first,
                    format!(
                        "agency \"{}\" is not in the registry; kept as written",
                        a.name
                    ),
                ));
            }
        }
        // "Quý Công ty" with no addressees to stand for names no one.
        let names = |v: &[assign::Agent]| -> Vec<String> {
            v.iter()
                .filter(|a| !assign::is_addressees(a))
                .map(|a| a.name.clone())
                .collect()
        };
        out.push(Task {
            text: d.text.clone(),
            lines: [d.first, d.last],
            lead: names(&d.leads),
            support: names(&d.support),
            deliverable: d.deliverable.clone(),
            due,
            recurring: d.recurring,
            also_at: d.also_at.clone(),
            parent: d.parent_key.and_then(|k| position.get(&k).copied()),
        });
    }
    warns.extend(unread);
    warns.sort();
    warns.dedup();
    let references = document::references(&blocks, document.number.as_deref());
    Extraction {
        document,
        tasks: out,
        references,
        warnings: warns
            .into_iter()
            .map(|(line, message)| Warning { line, message })
            .collect(),
    }
}
