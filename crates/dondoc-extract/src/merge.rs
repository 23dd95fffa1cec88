//! One task, stated twice: a body item and the appendix row restating it
//! become one task that keeps both places.

use crate::similar::{content_words, overlap};
use crate::tasks::Draft;

/// Least share of the shorter statement's content words found in the other.
const MIN_OVERLAP: f64 = 0.6;
/// Least number of shared content words.
const MIN_SHARED: usize = 4;
/// Least share of the longer statement's words: a short row ("Báo cáo tình
/// hình triển khai") is not the restatement of every long item that reports.
const MIN_COVER: f64 = 0.25;

/// Merges appendix rows into the body items they restate.
pub fn merge(drafts: Vec<Draft>) -> Vec<Draft> {
    let words: Vec<_> = drafts.iter().map(|d| content_words(&d.core)).collect();
    let mut pairs = Vec::new();
    for (i, a) in drafts.iter().enumerate() {
        if a.in_appendix || a.from_table {
            continue;
        }
        for (j, b) in drafts.iter().enumerate() {
            if !(b.in_appendix || b.from_table) || i == j {
                continue;
            }
            let (score, shared) = overlap(&words[i], &words[j]);
            let longer = words[i].len().max(words[j].len()).max(1);
            let cover = shared as f64 / longer as f64;
            if score >= MIN_OVERLAP && shared >= MIN_SHARED && cover >= MIN_COVER {
                pairs.push((score, shared, i, j));
            }
        }
    }
    // Best pairs first, each task used once.
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then(y.1.cmp(&x.1)));
    let mut used_body = vec![false; drafts.len()];
    let mut merged_into: Vec<Option<usize>> = vec![None; drafts.len()];
    for (_, _, i, j) in pairs {
        if used_body[i] || merged_into[j].is_some() {
            continue;
        }
        used_body[i] = true;
        merged_into[j] = Some(i);
    }
    let mut out: Vec<Option<Draft>> = drafts.into_iter().map(Some).collect();
    for j in 0..out.len() {
        let Some(i) = merged_into[j] else { continue };
        let Some(row) = out[j].take() else { continue };
        if let Some(body) = out[i].as_mut() {
            absorb(body, row);
        }
    }
    let mut out: Vec<Draft> = out.into_iter().flatten().collect();
    out.sort_by_key(|d| (d.first, d.last));
    out
}

/// The row's columns are the deliberate statement of who and when; the body
/// keeps its words.
fn absorb(body: &mut Draft, row: Draft) {
    if !row.leads.is_empty() {
        body.leads = row.leads;
    }
    if !row.support.is_empty() {
        body.support = row.support;
    }
    body.support.retain(|s| !body.leads.iter().any(|l| l.name == s.name));
    if row.cell_due.is_some() {
        body.cell_due = row.cell_due;
    }
    body.deadlines.extend(row.deadlines);
    if body.deliverable.is_none() {
        body.deliverable = row.deliverable;
    }
    if body.recurring.is_none() {
        body.recurring = row.recurring;
    }
    body.also_at.push([row.first, row.last]);
    body.also_at.extend(row.also_at);
}
