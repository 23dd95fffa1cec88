//! From blocks to tasks: the outline of numbered items, inherited agencies and
//! deadlines, clause splitting, label lines; deadlines chosen per task. The
//! document's parts are in `regions`, appendix tables in `table`.

use crate::assign::{self, Agent, Subject};
use crate::clauses;
use crate::deadline::{self, Found, Mode, Role};
use crate::labels;
use crate::layout::{Block, Marker};
use crate::model::{Due, Recurrence};
use crate::regions::is_closing;
pub use crate::regions::{Region, regions};
use crate::registry::Registry;
use crate::table::{Columns, is_table_header, row_drafts};
use crate::text::is_all_caps;
use crate::token::Tokens;
use chrono::NaiveDate;

/// A task being built, before merging and output.
#[derive(Debug, Clone)]
pub struct Draft {
    /// Its index among all drafts before merging: a stable name for parents.
    pub key: usize,
    /// The key of the task this one is a sub-item of.
    pub parent_key: Option<usize>,
    pub first: usize,
    pub last: usize,
    pub text: String,
    /// The words used to match a restated task (no cells, no marker).
    pub core: String,
    /// Content words of `core`, sorted (see [`crate::similar`]).
    pub words: Vec<String>,
    pub leads: Vec<Agent>,
    pub support: Vec<Agent>,
    pub deadlines: Vec<Stated>,
    pub inherited_due: Option<Stated>,
    /// The deadline column of an appendix row.
    pub cell_due: Option<Stated>,
    pub recurring: Option<Recurrence>,
    pub deliverable: Option<String>,
    pub from_table: bool,
    pub in_appendix: bool,
    pub also_at: Vec<[usize; 2]>,
}

/// A deadline as stated somewhere, with its words and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    pub date: NaiveDate,
    pub precision: crate::model::Precision,
    pub text: String,
    pub line: usize,
    /// Byte offset in the text it was found in.
    pub at: usize,
}

impl Stated {
    fn from_found(f: &Found, source: &str, line: usize) -> Self {
        Stated {
            date: f.date,
            precision: f.precision,
            text: source.get(f.span.clone()).unwrap_or("").trim().to_owned(),
            line,
            at: f.span.start,
        }
    }
}

pub struct Context<'a> {
    pub reg: &'a Registry,
    pub year: Option<i32>,
}

fn ends_with_colon(text: &str) -> bool {
    text.trim_end().trim_end_matches(['*', ' ']).ends_with(':')
}

/// Parent of every block in the outline of numbered items.
fn outline(blocks: &[Block], regions: &[Region]) -> Vec<Option<usize>> {
    #[derive(PartialEq, Clone, Copy)]
    enum Level {
        Marker(Marker),
        Intro,
    }
    let mut parents = vec![None; blocks.len()];
    let mut stack: Vec<(Level, usize)> = Vec::new();
    let mut last_region = None;
    for (i, b) in blocks.iter().enumerate() {
        let region = regions.get(i).copied();
        if region != last_region {
            stack.clear();
            last_region = region;
        }
        if b.cells.is_some() {
            continue;
        }
        let next_marked = blocks
            .get(i + 1)
            .is_some_and(|n| n.marker.is_some() && n.cells.is_none());
        let level = match b.marker {
            Some(Marker::Roman) => {
                stack.clear();
                Some(Level::Marker(Marker::Roman))
            }
            Some(m) => Some(Level::Marker(m)),
            None if b.heading > 0 => {
                stack.clear();
                None
            }
            // A paragraph ending in ':' introduces the items after it.
            None if ends_with_colon(&b.text) && next_marked => Some(Level::Intro),
            None => None,
        };
        match level {
            Some(l) => {
                if let Some(pos) = stack.iter().rposition(|(m, _)| *m == l) {
                    stack.truncate(pos);
                }
                parents[i] = stack.last().map(|(_, p)| *p);
                stack.push((l, i));
            }
            None => parents[i] = stack.last().map(|(_, p)| *p),
        }
    }
    parents
}

/// Subject of a block: at its start, or after a topic ("Về nhân lực: Sở X ...").
/// Returns the subject and, when it came from a label before ':', the byte
/// offset in the body where the label ends.
fn block_subject(
    reg: &Registry,
    b: &Block,
    parts: &[(usize, usize)],
) -> (Option<Subject>, Option<usize>) {
    let body = b.body();
    let base = b.body_at;
    let first_clause = parts.first().copied().unwrap_or((0, body.len()));
    let c0 = body.get(first_clause.0..first_clause.1).unwrap_or("");
    let t = b.tokens.sub(base + first_clause.0, base + first_clause.1);
    let colon = (0..t.len()).find(|&k| t.is_punct(k, ':'));
    if let Some(s) = assign::subject(reg, &t, c0) {
        let label_end = match (&s, colon) {
            (Subject::Agencies { end, .. }, Some(k)) if label_like(&t, *end, k) => {
                t.toks.get(k).map(|x| first_clause.0 + x.o.end)
            }
            _ => None,
        };
        return (Some(s), label_end);
    }
    if let Some(k) = colon
        && k < 60
    {
        let after = t.toks.get(k).map_or(c0.len(), |x| x.o.end);
        let rest = c0.get(after..).unwrap_or("");
        let rt = t.sub(after, c0.len());
        if let Some(s) = assign::subject(reg, &rt, rest) {
            return (Some(s), None);
        }
    }
    (None, None)
}

/// Between the agencies and ':' only role words stand ("chủ trì", "phối hợp Sở Y").
fn label_like(t: &Tokens, end: usize, colon: usize) -> bool {
    if end == colon {
        return true;
    }
    t.words_at(end, &["phoi", "hop"]) || t.words_at(end, &["chu", "tri"]) || t.is_punct(end, '(')
}

pub(crate) fn deadlines_in(text: &str, year: Option<i32>, line: usize) -> Vec<Stated> {
    stated_in(&Tokens::new(text), text, year, line)
}

fn stated_in(t: &Tokens, text: &str, year: Option<i32>, line: usize) -> Vec<Stated> {
    deadline::find(t, year, Mode::Prose)
        .into_iter()
        .filter(|f| f.role == Role::Deadline)
        .map(|f| Stated::from_found(&f, text, line))
        .collect()
}

fn trim_text(s: &str) -> String {
    s.trim().to_owned()
}

/// Drafts tasks from every body and appendix block.
pub fn draft(
    blocks: &[Block],
    regions: &[Region],
    cx: &Context,
) -> (Vec<Draft>, Vec<(usize, String)>) {
    let mut unread = Vec::new();
    let parents = outline(blocks, regions);
    let mut declared_lead: Vec<Option<Vec<Agent>>> = vec![None; blocks.len()];
    let mut declared_due: Vec<Option<Stated>> = vec![None; blocks.len()];
    let mut block_draft: Vec<Option<usize>> = vec![None; blocks.len()];
    let mut drafts: Vec<Draft> = Vec::new();
    let mut columns: Option<Columns> = None;
    // Label lines ("Cơ quan chủ trì: ...") describe a task; they are not its sub-items.
    let label_fields: Vec<Option<labels::Fields>> = blocks
        .iter()
        .zip(regions)
        .map(|(b, r)| {
            let body_folded = b
                .tokens
                .folded
                .text
                .get(
                    b.tokens
                        .toks
                        .iter()
                        .find(|t| t.o.start >= b.body_at)
                        .map_or(0, |t| t.f.start)..,
                )
                .unwrap_or("");
            let eligible = b.cells.is_none()
                && matches!(r, Region::Body | Region::Appendix)
                && labels::starts_with_key(body_folded);
            if eligible {
                labels::parse(cx.reg, b.body(), cx.year)
            } else {
                None
            }
        })
        .collect();
    let mut has_child = vec![false; blocks.len()];
    for (i, p) in parents.iter().enumerate() {
        if let Some(p) = p
            && label_fields[i].is_none()
            && let Some(h) = has_child.get_mut(*p)
        {
            *h = true;
        }
    }
    // The task a label line describes: the last candidate block, and its draft.
    let mut last_candidate: Option<(usize, Option<usize>)> = None;
    let mut pending_labels: Option<labels::Fields> = None;

    for (i, b) in blocks.iter().enumerate() {
        let region = regions.get(i).copied().unwrap_or(Region::Body);
        if matches!(region, Region::Results | Region::Recipients) {
            continue;
        }
        if b.cells.is_some() {
            if let Some(c) = is_table_header(b) {
                columns = Some(c);
                continue;
            }
            if let Some(c) = columns {
                drafts.extend(row_drafts(b, c, cx, region));
            }
            continue;
        }
        columns = None;
        if let Some(mut fields) = label_fields[i].clone() {
            fields.lines = Some((b.first, b.last));
            match last_candidate {
                // A label under the task, or a bullet/paragraph right after it, describes
                // it; a numbered sibling item made of labels opens the next task.
                Some((c, d))
                    if parents[i] == Some(c)
                        || (parents[i] == parents[c]
                            && b.marker != blocks.get(c).and_then(|cb| cb.marker)) =>
                {
                    let d = match d {
                        Some(d) => Some(d),
                        None if fields.lead.as_ref().is_some_and(|l| !l.is_empty()) => {
                            blocks.get(c).map(|cb| {
                                let leads = fields.lead.clone().unwrap_or_default();
                                let region = regions.get(c).copied().unwrap_or(region);
                                drafts.push(new_draft(
                                    cb,
                                    0,
                                    cb.text.len(),
                                    leads,
                                    region,
                                    cx,
                                    &[],
                                ));
                                drafts.len() - 1
                            })
                        }
                        None => None,
                    };
                    if let Some(d) = d {
                        apply_labels(&mut drafts[d], fields);
                        block_draft[c] = Some(d);
                        last_candidate = Some((c, Some(d)));
                    }
                }
                _ => match pending_labels.as_mut() {
                    Some(p) => p.absorb(fields),
                    None => pending_labels = Some(fields),
                },
            }
            continue;
        }
        let folded = b.tokens.folded.text.as_str();
        if b.marker == Some(Marker::Roman)
            || is_all_caps(&b.text)
            || is_closing(folded, b.marker.is_some())
        {
            continue;
        }
        // "... ban hành Kế hoạch như sau:" introduces; it assigns nothing itself.
        if b.marker.is_none() && folded.trim_end().ends_with("sau:") {
            continue;
        }
        if (folded.starts_with("so:") || folded.starts_with("so ")) && b.text.chars().count() < 40 {
            continue;
        }
        let has_children = has_child[i];
        // An item followed by sub-items is their heading when it ends with ':'
        // or says nothing beyond who acts ("3. Đảng ủy UBND tỉnh lãnh đạo UBND tỉnh chỉ đạo").
        let found = deadline::find(&b.tokens, cx.year, Mode::Prose);
        unread.extend(unread_in(b, &found));
        let own_deadlines: Vec<Stated> = found
            .iter()
            .filter(|f| f.role == Role::Deadline)
            .map(|f| Stated::from_found(f, &b.text, b.line_of(f.span.start)))
            .collect();
        let short = b.body().split_whitespace().count() <= 15 && own_deadlines.is_empty();
        let container = has_children && (ends_with_colon(&b.text) || short || b.bold);
        let body = b.body();
        let parts = clauses::split(body);
        let (subj, label_end) = block_subject(cx.reg, b, &parts);

        // What this block hands down to its children.
        let ctx_lead = inherited(&parents, &declared_lead, i);
        let ctx_due = inherited(&parents, &declared_due, i);
        if container || (b.marker.is_none() && ends_with_colon(&b.text) && has_children) {
            declared_lead[i] = match &subj {
                Some(Subject::Agencies { agents, .. }) => Some(agents.clone()),
                Some(Subject::Broad) => Some(Vec::new()),
                _ => assign::label(cx.reg, &b.tokens.sub(b.body_at, b.text.len()), body),
            };
            declared_due[i] = own_deadlines.into_iter().last();
            continue;
        }

        // A plain paragraph under a task item restating its agency continues it.
        if b.marker.is_none()
            && let Some(p) = parents[i]
            && let Some(d) = block_draft[p]
        {
            let same = match &subj {
                Some(Subject::Same) => true,
                Some(Subject::Agencies { agents, .. }) => drafts
                    .get(d)
                    .is_some_and(|dr| same_agents(&dr.leads, agents)),
                _ => false,
            };
            if same {
                if let Some(dr) = drafts.get_mut(d) {
                    dr.text.push('\n');
                    dr.text.push_str(&b.text);
                    dr.core.push(' ');
                    dr.core.push_str(body);
                    dr.last = b.last;
                    dr.deadlines.extend(own_deadlines);
                    dr.support
                        .extend(assign::supporters(cx.reg, &b.tokens, &b.text));
                }
                continue;
            }
            if subj.is_none() {
                continue;
            }
        }

        let before = drafts.len();
        block_tasks(
            b,
            &parts,
            &own_deadlines,
            subj,
            label_end,
            ctx_lead.unwrap_or_default(),
            ctx_due.clone(),
            region,
            cx,
            &mut drafts,
        );
        // Label lines written before the task they describe.
        if let Some(fields) = pending_labels.take() {
            if drafts.len() == before && fields.lead.as_ref().is_some_and(|l| !l.is_empty()) {
                let leads = fields.lead.clone().unwrap_or_default();
                let mut d = new_draft(b, 0, b.text.len(), leads, region, cx, &own_deadlines);
                d.inherited_due = ctx_due;
                drafts.push(d);
            }
            if drafts.len() > before
                && let Some(d) = drafts.last_mut()
            {
                apply_labels(d, fields);
            }
        }
        if drafts.len() > before {
            // Sub-items of a task (not of a heading) are its children.
            let parent = inherited(
                &parents,
                &block_draft.iter().map(|d| d.map(Some)).collect::<Vec<_>>(),
                i,
            )
            .flatten();
            for d in drafts.iter_mut().skip(before) {
                d.parent_key = parent;
            }
            block_draft[i] = Some(drafts.len() - 1);
            declared_lead[i] = drafts.last().map(|d| d.leads.clone());
            last_candidate = Some((i, Some(drafts.len() - 1)));
        } else {
            last_candidate = Some((i, None));
        }
    }
    for (k, d) in drafts.iter_mut().enumerate() {
        d.key = k;
    }
    (drafts, unread)
}

/// Label lines state who and when deliberately: they win over what the
/// sentence implied.
fn apply_labels(d: &mut Draft, f: labels::Fields) {
    let (first, last) = f.lines.unwrap_or((d.first, d.last));
    if let Some(lead) = f.lead.filter(|l| !l.is_empty()) {
        d.leads = lead;
    }
    if let Some(support) = f.support {
        d.support = support;
    }
    d.support
        .retain(|s| !d.leads.iter().any(|l| l.name == s.name));
    if let Some((date, precision, text)) = f.due {
        d.cell_due = Some(Stated {
            date,
            precision,
            text,
            line: first,
            at: 0,
        });
    }
    if f.recurring.is_some() {
        d.recurring = f.recurring;
    }
    if f.deliverable.is_some() {
        d.deliverable = f.deliverable;
    }
    d.first = d.first.min(first);
    d.last = d.last.max(last);
}

pub(crate) fn same_agents(a: &[Agent], b: &[Agent]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.iter().any(|y| y.name == x.name))
}

/// The nearest ancestor's declared value.
fn inherited<T: Clone>(parents: &[Option<usize>], declared: &[Option<T>], i: usize) -> Option<T> {
    let mut p = parents.get(i).copied().flatten();
    let mut guard = 0;
    while let Some(k) = p {
        if let Some(v) = declared.get(k).cloned().flatten() {
            return Some(v);
        }
        p = parents.get(k).copied().flatten();
        guard += 1;
        if guard > 64 {
            break;
        }
    }
    None
}

/// Splits one block into tasks at clauses that name a new acting agency.
#[allow(clippy::too_many_arguments)]
fn block_tasks(
    b: &Block,
    parts: &[(usize, usize)],
    found: &[Stated],
    subj: Option<Subject>,
    label_end: Option<usize>,
    ctx_lead: Vec<Agent>,
    ctx_due: Option<Stated>,
    region: Region,
    cx: &Context,
    out: &mut Vec<Draft>,
) {
    let body = b.body();
    let base = b.body_at;
    // "Sở X phối hợp Sở Y: (1) ... (2) ...": one task per enumerated item.
    if let Some(le) = label_end
        && let Some(Subject::Agencies { agents, .. }) = &subj
    {
        let rest = body.get(le..).unwrap_or("");
        let items = clauses::enumerated(rest);
        if rest.trim_start().starts_with("(1)") && !items.is_empty() {
            let label = body.get(..le).unwrap_or("");
            let support = assign::supporters(cx.reg, &Tokens::new(label), label);
            for (a, bb) in items {
                let (s, e) = (base + le + a, base + le + bb);
                let mut d = new_draft(b, s, e, agents.clone(), region, cx, found);
                d.support = support.clone();
                d.inherited_due = ctx_due.clone();
                out.push(d);
            }
            return;
        }
    }
    let mut cur: Option<(usize, usize, Vec<Agent>)> = None;
    let mut pending: Vec<(usize, usize, Vec<Agent>)> = Vec::new();
    for (k, &(a, e)) in parts.iter().enumerate() {
        let clause = body.get(a..e).unwrap_or("");
        let s = if k == 0 {
            subj.clone()
        } else {
            assign::subject(cx.reg, &b.tokens.sub(base + a, base + e), clause)
        };
        let start = if k == 0 { 0 } else { base + a };
        let end = base + e;
        match s {
            Some(Subject::Agencies { agents, .. }) => match &mut cur {
                Some((_, ce, leads)) if same_agents(leads, &agents) => *ce = end,
                _ => {
                    if let Some(c) = cur.take() {
                        pending.push(c);
                    }
                    cur = Some((start, end, agents));
                }
            },
            Some(Subject::Broad) if cur.is_none() => {}
            Some(Subject::Same) | Some(Subject::Broad) | None => match &mut cur {
                Some((_, ce, _)) => *ce = end,
                None if !ctx_lead.is_empty() => cur = Some((start, end, ctx_lead.clone())),
                None => {}
            },
        }
    }
    if let Some(c) = cur.take() {
        pending.push(c);
    }
    for (s, e, leads) in pending {
        let mut d = new_draft(b, s, e, leads, region, cx, found);
        d.inherited_due = ctx_due.clone();
        out.push(d);
    }
}

fn new_draft(
    b: &Block,
    s: usize,
    e: usize,
    leads: Vec<Agent>,
    region: Region,
    cx: &Context,
    found: &[Stated],
) -> Draft {
    let raw = b.text.get(s..e).unwrap_or("");
    let lead_ws = raw.len() - raw.trim_start().len();
    let text = trim_text(raw);
    let t = b.tokens.sub(s + lead_ws, s + lead_ws + text.len());
    let first = b.line_of(s);
    let last = b.line_of(e.saturating_sub(1).max(s));
    let mut support = assign::supporters(cx.reg, &t, &text);
    support.retain(|a| !leads.iter().any(|l| l.name == a.name));
    let core_start = s.max(b.body_at);
    Draft {
        first,
        last,
        core: b.text.get(core_start..e).unwrap_or("").to_owned(),
        words: Vec::new(),
        // The block's deadlines that fall inside this task's words.
        deadlines: found
            .iter()
            .filter(|f| f.at >= s && f.at < e)
            .cloned()
            .collect(),
        recurring: deadline::recurrence(&t).map(|r| r.0),
        text,
        leads,
        support,
        inherited_due: None,
        cell_due: None,
        deliverable: None,
        from_table: false,
        in_appendix: region == Region::Appendix,
        also_at: Vec::new(),
        key: 0,
        parent_key: None,
    }
}

/// Chooses a task's deadline from what it states, its row, and its parent,
/// noting what a reviewer should check.
pub fn resolve_due(
    d: &Draft,
    issued: Option<NaiveDate>,
    warnings: &mut Vec<(usize, String)>,
) -> Option<Due> {
    let mut stated: Vec<&Stated> = Vec::new();
    let mut cell_ok = false;
    for (k, st) in d.cell_due.iter().chain(d.deadlines.iter()).enumerate() {
        if let Some(doc) = issued
            && st.date < doc
        {
            warnings.push((
                st.line,
                format!(
                    "deadline \"{}\" ({}) is before the document's date {}",
                    st.text,
                    st.date.format("%d/%m/%Y"),
                    doc.format("%d/%m/%Y")
                ),
            ));
            continue;
        }
        if k == 0 && d.cell_due.is_some() {
            cell_ok = true;
        }
        stated.push(st);
    }
    // The appendix column is the most deliberate statement; then the latest
    // date the text gives; then the parent item's deadline.
    let chosen = if cell_ok {
        stated.first().copied()
    } else {
        stated.iter().copied().max_by_key(|s| s.date)
    };
    let chosen = chosen.or(d.inherited_due.as_ref())?;
    let mut distinct: Vec<NaiveDate> = stated.iter().map(|s| s.date).collect();
    distinct.sort();
    distinct.dedup();
    if distinct.len() > 1 {
        let list: Vec<String> = distinct
            .iter()
            .map(|x| x.format("%d/%m/%Y").to_string())
            .collect();
        warnings.push((
            d.first,
            format!(
                "deadlines disagree for one task ({}); using {}",
                list.join(", "),
                chosen.date.format("%d/%m/%Y")
            ),
        ));
    }
    Some(Due {
        date: chosen.date,
        precision: chosen.precision,
        text: chosen.text.clone(),
    })
}

/// Deadline words followed by a date that cannot be read
/// ("chậm nhất ngày 31/02/2026", "trước ngày .../5/2026"), given the time
/// expressions the grammar did read in the block.
fn unread_in(b: &Block, found: &[Found]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let t = &b.tokens;
    for i in 0..t.len() {
        let cue = if t.words_at(i, &["cham", "nhat"]) {
            2
        } else if t.words_at(i, &["truoc", "ngay"]) || t.words_at(i, &["thoi", "han"]) {
            1
        } else {
            continue;
        };
        let at = t.toks.get(i).map_or(0, |k| k.o.start);
        if found.iter().any(|f| f.span.start <= at && at < f.span.end) {
            continue;
        }
        // Only a cue followed closely by a date-like number was meant to
        // carry a date ("trước ngày 20" of each month is a day, not a date).
        let digits_follow = (i + cue..(i + cue + 4).min(t.len())).any(|k| {
            t.is_num(k)
                && (matches!(
                    t.kind(k + 1),
                    Some(crate::token::Kind::Punct('/' | '-' | '.'))
                ) || t.s(k + 1) == "thang")
        });
        if digits_follow {
            let span = t.orig_span(i, (i + cue + 6).min(t.len()));
            let phrase = b.text.get(span).unwrap_or("").trim();
            out.push((
                b.line_of(at),
                format!("could not read the deadline phrase \"{phrase}\""),
            ));
        }
    }
    out
}
