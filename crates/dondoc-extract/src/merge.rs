//! One task, stated twice: a body item and the appendix row restating it
//! become one task that keeps both places.

use crate::similar::overlap;
use crate::tasks::Draft;
use rustc_hash::FxHashMap as HashMap;

/// Words used by more body tasks than this are not indexed.
const MAX_POSTINGS: usize = 200;

/// Least share of the shorter statement's content words found in the other.
const MIN_OVERLAP: f64 = 0.6;
/// Least number of shared content words.
const MIN_SHARED: usize = 4;
/// Least share of the longer statement's words: a short row ("Báo cáo tình
/// hình triển khai") is not the restatement of every long item that reports.
const MIN_COVER: f64 = 0.25;

/// Merges appendix rows into the body items they restate. `issued` is the
/// document's date: a deadline before it is a typo, not a disagreement.
pub fn merge(mut drafts: Vec<Draft>, issued: Option<chrono::NaiveDate>) -> Vec<Draft> {
    let restating = |d: &Draft| d.in_appendix || d.from_table;
    // Most directives have no appendix: nothing to pair.
    if !drafts.iter().any(restating) || drafts.iter().all(restating) {
        return drafts;
    }
    for d in &mut drafts {
        d.words = crate::similar::content_words(&d.core);
    }
    let words: Vec<&[String]> = drafts.iter().map(|d| d.words.as_slice()).collect();
    // An index from word to body tasks keeps the pairing linear in practice:
    // only bodies sharing enough words with a row are scored.
    let mut index: HashMap<&str, Vec<usize>> = HashMap::default();
    for (i, d) in drafts.iter().enumerate() {
        if !restating(d) {
            for w in words[i] {
                index.entry(w.as_str()).or_default().push(i);
            }
        }
    }
    let mut pairs = Vec::new();
    for (j, b) in drafts.iter().enumerate() {
        if !restating(b) {
            continue;
        }
        let mut counts: HashMap<usize, usize> = HashMap::default();
        for w in words[j] {
            match index.get(w.as_str()) {
                // A word most tasks use tells nothing; it also bounds the work.
                Some(bodies) if bodies.len() <= MAX_POSTINGS => {
                    for &i in bodies {
                        *counts.entry(i).or_default() += 1;
                    }
                }
                _ => {}
            }
        }
        for (i, c) in counts {
            if c < MIN_SHARED
                || deadlines_differ(&drafts[i], b, issued)
                || leads_differ(&drafts[i], b)
            {
                continue;
            }
            let (score, shared) = overlap(words[i], words[j]);
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
    drop(words);
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

/// A body item naming its own lead and a row naming another are two tasks
/// (a lead the item inherits from its heading gives way to the row's).
fn leads_differ(body: &Draft, row: &Draft) -> bool {
    body.stated_lead
        && !body.leads.is_empty()
        && !row.leads.is_empty()
        && !crate::tasks::same_agents(&body.leads, &row.leads)
}

/// Two statements that each set a deadline, and not the same one, are two tasks.
fn deadlines_differ(body: &Draft, row: &Draft, issued: Option<chrono::NaiveDate>) -> bool {
    let valid = |s: &&crate::tasks::Stated| issued.is_none_or(|d| s.date >= d);
    let own = |d: &Draft| {
        d.cell_due
            .as_ref()
            .filter(valid)
            .or(d.deadlines.iter().filter(valid).max_by_key(|s| s.date))
            .map(|s| s.date)
    };
    matches!((own(body), own(row)), (Some(a), Some(b)) if a != b)
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
    body.support
        .retain(|s| !body.leads.iter().any(|l| l.name == s.name));
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
