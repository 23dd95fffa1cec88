//! dondoc-extract: a Vietnamese directive's text in, its tasks out.
//!
//! Reads the structure of a directive (numbered items, agency headings,
//! appendix tables), who leads and supports each task, its deadline, the
//! document's metadata and the documents it cites.
//!
//! Architecture invariant: this crate does no I/O and knows nothing of files,
//! databases, HTTP or async runtimes. It does not fail on odd input: it returns
//! what it found plus warnings with line numbers.

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

/// Extracts the directive in `text` (one paragraph per line, table rows as
/// tab-separated cells) using `registry` to name agencies.
pub fn extract(text: &str, registry: &Registry) -> Extraction {
    let text = text::nfc(text);
    let blocks = layout::blocks(&text);
    let (regions, body_end, appendix_at) = tasks::regions(&blocks);
    let document = document::metadata(&blocks, registry, body_end, appendix_at);
    let year = document.year.or(document.issued_on.map(deadline::year_of));
    let cx = tasks::Context {
        reg: registry,
        year,
    };
    let (drafts, unread) = tasks::draft(&blocks, &regions, &cx);
    let drafts = merge::merge(drafts);

    let mut warns: Vec<(usize, String)> = Vec::new();
    let mut unknown_seen = BTreeSet::new();
    let position: std::collections::HashMap<usize, usize> =
        drafts.iter().enumerate().map(|(i, d)| (d.key, i)).collect();
    let mut out = Vec::with_capacity(drafts.len());
    for d in &drafts {
        let due = tasks::resolve_due(d, document.issued_on, &mut warns);
        for a in d.leads.iter().chain(d.support.iter()) {
            if !a.known() && unknown_seen.insert(a.name.clone()) {
                warns.push((
                    d.first,
                    format!(
                        "agency \"{}\" is not in the registry; kept as written",
                        a.name
                    ),
                ));
            }
        }
        out.push(Task {
            text: d.text.clone(),
            lines: [d.first, d.last],
            lead: d.leads.iter().map(|a| a.name.clone()).collect(),
            support: d.support.iter().map(|a| a.name.clone()).collect(),
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
