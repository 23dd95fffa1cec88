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
use crate::registry::{AgencyKind, Registry};
use crate::table::{Columns, is_table_header, row_drafts};
use crate::text::is_all_caps;
use crate::token::{Kind, Tokens};
use chrono::NaiveDate;

/// A task being built, before merging and output.
#[derive(Debug, Clone)]
pub struct Draft {
    /// Its index among all drafts before merging: a stable name for parents.
    pub key: usize,
    /// The key of the task this one is a sub-item of.
    pub parent_key: Option<usize>,
    /// The block it was drafted from.
    pub block: usize,
    /// The lead was named in the task's own words (not inherited from a heading).
    pub stated_lead: bool,
    /// Drafted without a lead, waiting for a line that names one
    /// ("Các nội dung trên do Sở X chủ trì"); dropped if none comes.
    pub orphan: bool,
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
    /// The year was not written ("trước ngày 10/6"): of a recurring duty,
    /// the date is each period's cut-off, not the end of the work.
    pub year_assumed: bool,
}

impl Stated {
    fn from_found(f: &Found, source: &str, line: usize) -> Self {
        Stated {
            date: f.date,
            precision: f.precision,
            text: source.get(f.span.clone()).unwrap_or("").trim().to_owned(),
            line,
            at: f.span.start,
            year_assumed: f.year_assumed,
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
            // An introducing paragraph belongs to the item it is written
            // under ("1. Dự án A" / "Dự án chậm ... Yêu cầu:"), not to the
            // bullets or paragraphs before it; the bullets after it are its own.
            Some(Level::Intro) => {
                while stack.last().is_some_and(|(l, _)| {
                    matches!(l, Level::Intro | Level::Marker(Marker::Dash | Marker::Plus))
                }) {
                    stack.pop();
                }
                parents[i] = stack.last().map(|(_, p)| *p);
                stack.push((Level::Intro, i));
            }
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
    let mut d = Drafter::new(blocks, regions, cx);
    for i in 0..blocks.len() {
        d.block(i);
    }
    d.finish()
}

/// What the drafting pass knows of one block once it has been read.
#[derive(Debug, Clone, Default)]
struct BlockState {
    /// The agencies it hands down to its sub-items.
    lead: Option<Vec<Agent>>,
    /// The deadline it hands down to its sub-items.
    due: Option<Stated>,
    /// The last draft made from it.
    draft: Option<usize>,
}

/// One paragraph read for drafting: its deadlines, clauses, subject, and what
/// it inherits from the items above it.
struct Item {
    region: Region,
    deadlines: Vec<Stated>,
    parts: Vec<(usize, usize)>,
    subject: Option<Subject>,
    /// Where a label before ':' ends ("Sở X phối hợp Sở Y: (1) ...").
    label_end: Option<usize>,
    lead: Vec<Agent>,
    due: Option<Stated>,
}

/// The drafting pass over the blocks of a document: the outline is read
/// first, then each block in order, then the drafts are finished.
struct Drafter<'a> {
    blocks: &'a [Block],
    regions: &'a [Region],
    cx: &'a Context<'a>,
    parents: Vec<Option<usize>>,
    /// Label lines ("Cơ quan chủ trì: ...") describe a task; they are not its sub-items.
    labels: Vec<Option<labels::Fields>>,
    has_child: Vec<bool>,
    /// Whether a block has a sub-item with a list marker (not only paragraphs).
    has_marked_child: Vec<bool>,
    state: Vec<BlockState>,
    drafts: Vec<Draft>,
    unread: Vec<(usize, String)>,
    /// The columns of the table being read.
    columns: Option<Columns>,
    /// Those a letter is sent to ("Kính gửi: ..."): who "Quý Công ty", "các
    /// đơn vị" and items naming no one speak to.
    addressees: Vec<Agent>,
    /// The agencies of the paragraph introducing the table being read
    /// ("UBND các xã A, B hoàn thành ... theo tiến độ tại bảng dưới đây:").
    table_lead: Vec<Agent>,
    /// The leads of the table row above, for a row whose lead cell is merged with it.
    row_leads: Vec<Agent>,
    /// The task a label line describes: the last candidate block, and its draft.
    last_candidate: Option<(usize, Option<usize>)>,
    /// Label lines written before the task they describe.
    pending_labels: Option<labels::Fields>,
}

impl<'a> Drafter<'a> {
    fn new(blocks: &'a [Block], regions: &'a [Region], cx: &'a Context<'a>) -> Self {
        let parents = outline(blocks, regions);
        let labels: Vec<Option<labels::Fields>> = blocks
            .iter()
            .zip(regions)
            .map(|(b, r)| label_fields(b, *r, cx))
            .collect();
        let mut has_child = vec![false; blocks.len()];
        let mut has_marked_child = vec![false; blocks.len()];
        for (i, p) in parents.iter().enumerate() {
            if let Some(p) = p
                && labels[i].is_none()
                && let Some(h) = has_child.get_mut(*p)
            {
                *h = true;
                if blocks.get(i).is_some_and(|b| b.marker.is_some())
                    && let Some(m) = has_marked_child.get_mut(*p)
                {
                    *m = true;
                }
            }
        }
        Drafter {
            blocks,
            regions,
            cx,
            parents,
            labels,
            has_child,
            has_marked_child,
            state: vec![BlockState::default(); blocks.len()],
            drafts: Vec::new(),
            unread: Vec::new(),
            columns: None,
            addressees: addressees(blocks, regions, cx),
            table_lead: Vec::new(),
            row_leads: Vec::new(),
            last_candidate: None,
            pending_labels: None,
        }
    }

    fn region(&self, i: usize) -> Region {
        self.regions.get(i).copied().unwrap_or(Region::Body)
    }

    /// Reads block `i`: a table row, a label line, a heading, a paragraph
    /// continuing its item, or a task.
    fn block(&mut self, i: usize) {
        let Some(b) = self.blocks.get(i) else { return };
        let region = self.region(i);
        if matches!(region, Region::Results | Region::Recipients) {
            return;
        }
        if b.cells.is_some() {
            if is_table_header(b).is_some() {
                self.table_lead = i
                    .checked_sub(1)
                    .and_then(|p| self.state.get(p))
                    .and_then(|s| s.lead.clone())
                    .unwrap_or_default();
            }
            self.table_row(b, region);
            return;
        }
        self.columns = None;
        if let Some(fields) = self.labels.get(i).cloned().flatten() {
            self.label_line(i, fields);
            return;
        }
        if assigns_nothing(b) {
            return;
        }
        let item = self.read(i, region);
        // A paragraph telling of the meeting ("Ngày ..., đồng chí ... chủ trì cuộc
        // họp ... Tham dự có: Sở A; Sở B; ...") lists attendees, not tasks.
        if b.marker.is_none()
            && let Some(&(a, e)) = item.parts.first()
            && assign::meeting_narrative(&b.tokens.sub(b.body_at + a, b.body_at + e))
        {
            return;
        }
        if self.shared_statement(i, &item) || exhortation(b, &item) {
            return;
        }
        if self.is_heading(i, &item) {
            self.heading(i, &item);
            return;
        }
        if self.continues_item(i, &item) {
            return;
        }
        self.tasks(i, item);
    }

    /// A table row: a header names the columns, a row under it is a task.
    fn table_row(&mut self, b: &Block, region: Region) {
        if let Some(c) = is_table_header(b) {
            self.columns = Some(c);
            self.row_leads.clear();
        } else if let Some(c) = self.columns {
            let mut rows = row_drafts(b, c, self.cx, region);
            // A lead cell merged over several rows is written in the first only.
            let merged = c.lead.is_some_and(|k| {
                b.cells
                    .as_ref()
                    .and_then(|cells| cells.get(k))
                    .is_none_or(|cell| cell.trim().is_empty())
            });
            for (k, d) in rows.iter_mut().enumerate() {
                if !d.leads.is_empty() {
                    continue;
                }
                d.leads = if k == 0 && merged && !self.row_leads.is_empty() {
                    self.row_leads.clone()
                } else {
                    rows_commune(&self.table_lead, &b.tokens.folded.text)
                        .unwrap_or_else(|| self.table_lead.clone())
                };
            }
            // A group row ("II  Nhóm nhiệm vụ ...") spans the table: no merge crosses it.
            self.row_leads = rows.first().map(|d| d.leads.clone()).unwrap_or_default();
            self.drafts.extend(rows);
        }
    }

    /// A label line describes the task above it (or, failing that, the next one).
    fn label_line(&mut self, i: usize, mut fields: labels::Fields) {
        let Some(b) = self.blocks.get(i) else { return };
        fields.lines = Some((b.first, b.last));
        let parent = self.parents.get(i).copied().flatten();
        match self.last_candidate {
            // A label under the task, or a bullet/paragraph right after it, describes
            // it; a numbered sibling item made of labels opens the next task.
            Some((c, d))
                if parent == Some(c)
                    || (parent == self.parents.get(c).copied().flatten()
                        && b.marker != self.blocks.get(c).and_then(|cb| cb.marker)) =>
            {
                let d = match d {
                    Some(d) => Some(d),
                    None if fields.lead.as_ref().is_some_and(|l| !l.is_empty()) => {
                        self.blocks.get(c).map(|cb| {
                            let leads = fields.lead.clone().unwrap_or_default();
                            let region = self.region(c);
                            let mut d =
                                new_draft(cb, 0, cb.text.len(), leads, region, self.cx, &[]);
                            d.block = c;
                            self.drafts.push(d);
                            self.drafts.len() - 1
                        })
                    }
                    None => None,
                };
                if let Some(d) = d {
                    // "4. Tổ chức kiểm tra ...:" / "- Kiểm tra A;" / "- Kiểm tra B." /
                    // "Cơ quan chủ trì: ...": the label line after a run of bullets
                    // naming no one describes each of them.
                    if self.drafts.get(d).is_some_and(|dr| dr.orphan) {
                        for s in self.orphan_siblings(c) {
                            if let Some(dr) = self.drafts.get_mut(s) {
                                apply_labels(dr, fields.clone());
                            }
                        }
                    }
                    if let Some(dr) = self.drafts.get_mut(d) {
                        apply_labels(dr, fields);
                    }
                    if let Some(st) = self.state.get_mut(c) {
                        st.draft = Some(d);
                    }
                    self.last_candidate = Some((c, Some(d)));
                }
            }
            _ => match self.pending_labels.as_mut() {
                Some(p) => p.absorb(fields),
                None => self.pending_labels = Some(fields),
            },
        }
    }

    /// The drafts of the bullets before bullet `c`, at its level and under
    /// the same item, that name no one yet (back to the first one that does).
    fn orphan_siblings(&self, c: usize) -> Vec<usize> {
        let parent = self.parents.get(c).copied().flatten();
        let marker = self.blocks.get(c).and_then(|b| b.marker);
        let mut out = Vec::new();
        for k in (0..c).rev() {
            let p = self.parents.get(k).copied().flatten();
            if p != parent {
                // A sub-item of a sibling: look past it; anything else ends the run.
                if descends(&self.parents, k, parent) && p.is_some() {
                    continue;
                }
                break;
            }
            if self.blocks.get(k).and_then(|b| b.marker) != marker {
                break;
            }
            match self.state.get(k).and_then(|st| st.draft) {
                Some(d)
                    if self
                        .drafts
                        .get(d)
                        .is_some_and(|dr| dr.orphan && dr.leads.is_empty()) =>
                {
                    out.push(d)
                }
                _ => break,
            }
        }
        out
    }

    /// Reads a paragraph's deadlines, clauses and subject.
    fn read(&mut self, i: usize, region: Region) -> Item {
        let b = &self.blocks[i];
        let found = deadline::find(&b.tokens, self.cx.year, Mode::Prose);
        self.unread.extend(unread_in(b, &found));
        let deadlines: Vec<Stated> = found
            .iter()
            .filter(|f| f.role == Role::Deadline)
            .map(|f| Stated::from_found(f, &b.text, b.line_of(f.span.start)))
            .collect();
        let parts = clauses::split(b.body());
        let (mut subject, label_end) = block_subject(self.cx.reg, b, &parts);
        // "Quý Công ty", "các đơn vị": those the letter is sent to.
        if let Some(Subject::Agencies { agents, .. }) = &mut subject
            && agents.iter().any(assign::is_addressees)
        {
            *agents = self.addressees.clone();
            if agents.is_empty() {
                subject = None;
            }
        }
        let lead = self.inherited(i, |s| s.lead.clone()).unwrap_or_default();
        let due = self.inherited(i, |s| s.due.clone());
        Item {
            region,
            deadlines,
            parts,
            subject,
            label_end,
            lead,
            due,
        }
    }

    /// The nearest ancestor's value.
    fn inherited<T>(&self, i: usize, get: impl Fn(&BlockState) -> Option<T>) -> Option<T> {
        let mut p = self.parents.get(i).copied().flatten();
        let mut guard = 0;
        while let Some(k) = p {
            if let Some(v) = self.state.get(k).and_then(&get) {
                return Some(v);
            }
            p = self.parents.get(k).copied().flatten();
            guard += 1;
            if guard > 64 {
                break;
            }
        }
        None
    }

    /// An item followed by sub-items is their heading when it ends with ':'
    /// or says nothing beyond who acts ("3. Đảng ủy UBND tỉnh lãnh đạo UBND tỉnh chỉ đạo").
    fn is_heading(&self, i: usize, item: &Item) -> bool {
        let b = &self.blocks[i];
        // "... theo tiến độ tại bảng dưới đây:" introduces the table after it.
        let table_follows = self.blocks.get(i + 1).is_some_and(|n| n.cells.is_some());
        if ends_with_colon(&b.text) && table_follows {
            return true;
        }
        if !self.has_child.get(i).copied().unwrap_or(false) {
            return false;
        }
        if ends_with_colon(&b.text) || b.bold || b.heading > 0 {
            return true;
        }
        // "2. Sở Tài chính" over a paragraph: a name and nothing else.
        if assign::label(
            self.cx.reg,
            &b.tokens.sub(b.body_at, b.text.len()),
            b.body(),
        )
        .is_some()
        {
            return true;
        }
        // A short item is a heading only over marked sub-items: a paragraph
        // after "2. Sở Y tế khẩn trương triển khai ..." says more about it.
        let short = b.body().split_whitespace().count() <= 15 && item.deadlines.is_empty();
        short && self.has_marked_child.get(i).copied().unwrap_or(false)
    }

    /// A heading hands its agencies and deadline down to its sub-items.
    fn heading(&mut self, i: usize, item: &Item) {
        let b = &self.blocks[i];
        // A heading that is a list of names reads as a label, to its ':'
        // ("Giám đốc các Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên:").
        let label = assign::label(
            self.cx.reg,
            &b.tokens.sub(b.body_at, b.text.len()),
            b.body(),
        );
        let lead = match (&item.subject, label) {
            (_, Some(l)) => Some(l),
            (Some(Subject::Agencies { agents, .. }), None) => Some(agents.clone()),
            (Some(Subject::Broad), None) => Some(Vec::new()),
            _ => None,
        };
        // An introducing paragraph that names no one ("Để ..., Chủ tịch UBND
        // tỉnh yêu cầu:") tells the story; its dates are not the items' deadlines.
        let due = if b.marker.is_none() && lead.as_ref().is_none_or(Vec::is_empty) {
            None
        } else {
            item.deadlines.last().cloned()
        };
        if let Some(st) = self.state.get_mut(i) {
            st.lead = lead;
            st.due = due;
        }
    }

    /// A plain paragraph under a task item restating its agency continues it;
    /// one naming nobody says more about it and is not a task.
    fn continues_item(&mut self, i: usize, item: &Item) -> bool {
        let b = &self.blocks[i];
        if b.marker.is_some() {
            return false;
        }
        let Some(p) = self.parents.get(i).copied().flatten() else {
            return false;
        };
        let Some(d) = self.state.get(p).and_then(|s| s.draft) else {
            return false;
        };
        let same = match &item.subject {
            Some(Subject::Same) => true,
            Some(Subject::Agencies { agents, .. }) => self
                .drafts
                .get(d)
                .is_some_and(|dr| same_agents(&dr.leads, agents)),
            _ => false,
        };
        if same {
            if let Some(dr) = self.drafts.get_mut(d) {
                dr.text.push('\n');
                dr.text.push_str(&b.text);
                dr.core.push(' ');
                dr.core.push_str(b.body());
                dr.last = b.last;
                dr.deadlines.extend(item.deadlines.iter().cloned());
                dr.support
                    .extend(assign::supporters(self.cx.reg, &b.tokens, &b.text));
            }
            return true;
        }
        item.subject.is_none()
    }

    /// A sentence after a run of items that speaks of them all: "Các nhiệm vụ
    /// trên hoàn thành trước ngày ...", "Thời hạn hoàn thành các nội dung trên:
    /// ...", "Các nội dung trên do Sở X chủ trì, phối hợp với Y thực hiện".
    /// Its deadline goes to the items that state none, its agencies to the
    /// items that name none. It is no task itself.
    fn shared_statement(&mut self, i: usize, item: &Item) -> bool {
        let b = &self.blocks[i];
        if b.marker.is_some() || !refers_back(&b.tokens) {
            return false;
        }
        let Some(p) = self.parents.get(i).copied().flatten() else {
            return false;
        };
        // The items it follows: the siblings of the item it hangs under, or
        // the items under the heading it hangs under.
        let group = match self.blocks.get(p).and_then(|pb| pb.marker) {
            Some(m)
                if self.state.get(p).is_some_and(|s| s.draft.is_some())
                    || !self.has_child.get(p).copied().unwrap_or(false)
                    || m == Marker::Dash
                    || m == Marker::Plus =>
            {
                self.parents.get(p).copied().flatten()
            }
            _ => Some(p),
        };
        let lead = match &item.subject {
            Some(Subject::Agencies { agents, .. }) => agents.clone(),
            _ => assign::after_do(self.cx.reg, &b.tokens, &b.text),
        };
        let support = assign::supporters(self.cx.reg, &b.tokens, &b.text);
        let due = item.deadlines.last().cloned();
        if lead.is_empty() && due.is_none() {
            return false;
        }
        for d in self
            .drafts
            .iter_mut()
            .filter(|d| d.block < i && !d.from_table)
        {
            if !descends(&self.parents, d.block, group) {
                continue;
            }
            if d.leads.is_empty() && !lead.is_empty() {
                d.leads = lead.clone();
                d.support = support.clone();
                d.support
                    .retain(|s| !d.leads.iter().any(|l| l.name == s.name));
            }
            if let Some(due) = &due
                && d.deadlines.is_empty()
                && d.cell_due.is_none()
            {
                d.inherited_due = Some(due.clone());
            }
        }
        true
    }

    /// The tasks of a paragraph, and the label lines waiting for it.
    fn tasks(&mut self, i: usize, item: Item) {
        let b = &self.blocks[i];
        let before = self.drafts.len();
        block_tasks(b, &item, self.cx, &mut self.drafts);
        // An item naming no one may be given its agency by a line after it.
        if self.drafts.len() == before
            && item.region == Region::Body
            && matches!(
                b.marker,
                Some(
                    Marker::Dash
                        | Marker::Plus
                        | Marker::Number(_)
                        | Marker::Letter
                        | Marker::Paren
                )
            )
        {
            let mut d = new_draft(
                b,
                0,
                b.text.len(),
                Vec::new(),
                item.region,
                self.cx,
                &item.deadlines,
            );
            d.inherited_due = item.due.clone();
            d.orphan = true;
            self.drafts.push(d);
        }
        if let Some(fields) = self.pending_labels.take() {
            if self.drafts.len() == before && fields.lead.as_ref().is_some_and(|l| !l.is_empty()) {
                let leads = fields.lead.clone().unwrap_or_default();
                let mut d = new_draft(
                    b,
                    0,
                    b.text.len(),
                    leads,
                    item.region,
                    self.cx,
                    &item.deadlines,
                );
                d.inherited_due = item.due.clone();
                self.drafts.push(d);
            }
            if self.drafts.len() > before
                && let Some(d) = self.drafts.last_mut()
            {
                apply_labels(d, fields);
            }
        }
        if self.drafts.len() == before {
            self.last_candidate = Some((i, None));
            return;
        }
        // Sub-items of a task (not of a heading) are its children.
        let parent = self.inherited(i, |s| s.draft);
        for d in self.drafts.iter_mut().skip(before) {
            d.parent_key = parent;
            d.block = i;
        }
        let last = self.drafts.len() - 1;
        if let Some(st) = self.state.get_mut(i) {
            st.draft = Some(last);
            st.lead = self
                .drafts
                .last()
                .map(|d| d.leads.clone())
                .filter(|l| !l.is_empty());
        }
        self.last_candidate = Some((i, Some(last)));
    }

    fn finish(mut self) -> (Vec<Draft>, Vec<(usize, String)>) {
        // In a letter, items that name no one are for those it is sent to.
        for d in self.drafts.iter_mut() {
            if d.orphan && d.leads.is_empty() && !d.in_appendix {
                d.leads = self.addressees.clone();
            }
        }
        // Items that no later line gave an agency name no one: not tasks.
        if self.drafts.iter().any(|d| d.orphan && d.leads.is_empty()) {
            let keep: Vec<bool> = self
                .drafts
                .iter()
                .map(|d| !(d.orphan && d.leads.is_empty()))
                .collect();
            // Keys are indices: renumber parents past the dropped drafts.
            let mut new_index = Vec::with_capacity(keep.len());
            let mut n = 0;
            for k in &keep {
                new_index.push(k.then_some(n));
                n += usize::from(*k);
            }
            let mut kept = Vec::with_capacity(n);
            for (d, k) in self.drafts.into_iter().zip(&keep) {
                if *k {
                    kept.push(d);
                }
            }
            for d in &mut kept {
                d.parent_key = d
                    .parent_key
                    .and_then(|p| new_index.get(p).copied().flatten());
            }
            self.drafts = kept;
        }
        for (k, d) in self.drafts.iter_mut().enumerate() {
            d.key = k;
        }
        (self.drafts, self.unread)
    }
}

/// "UBND các xã A, B, C hoàn thành ... theo tiến độ tại bảng dưới đây:" and a
/// row about "KCN B mở rộng": the row is commune B's. `None` unless the row
/// names some of the communes, not all.
fn rows_commune(leads: &[Agent], row_folded: &str) -> Option<Vec<Agent>> {
    if leads.len() < 2 {
        return None;
    }
    let words: Vec<&str> = row_folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let named: Vec<Agent> = leads
        .iter()
        .filter(|a| {
            let f = crate::text::fold(&a.name);
            let place = f
                .strip_prefix("uy ban nhan dan ")
                .and_then(|r| {
                    ["xa ", "phuong ", "dac khu ", "thi tran "]
                        .iter()
                        .find_map(|k| r.strip_prefix(k))
                })
                .unwrap_or("");
            let place: Vec<&str> = place.split_whitespace().collect();
            !place.is_empty() && words.windows(place.len()).any(|w| w == place.as_slice())
        })
        .cloned()
        .collect();
    (!named.is_empty() && named.len() < leads.len()).then_some(named)
}

/// Those a letter is sent to: the items of its "Kính gửi:" list (or the
/// names after it on the same line).
fn addressees(blocks: &[Block], regions: &[Region], cx: &Context) -> Vec<Agent> {
    let mut out: Vec<Agent> = Vec::new();
    let Some(start) = blocks.iter().position(crate::regions::opens_addressees) else {
        return out;
    };
    let mut add = |text: &str| {
        let text = text.trim().trim_end_matches(['.', ';', ',']).trim();
        for a in assign::cell_agents(cx.reg, text).0 {
            if !out.iter().any(|o| o.name == a.name) {
                out.push(a);
            }
        }
    };
    if let Some(b) = blocks.get(start)
        && let Some((_, rest)) = b.text.split_once(':')
    {
        add(rest);
    }
    for (b, r) in blocks.iter().zip(regions).skip(start + 1) {
        if *r != Region::Recipients || b.marker.is_none() {
            break;
        }
        add(b.body());
    }
    out
}

/// The fields of a label line ("Cơ quan chủ trì: ...") in the body or appendix.
fn label_fields(b: &Block, region: Region, cx: &Context) -> Option<labels::Fields> {
    if b.cells.is_some() || !matches!(region, Region::Body | Region::Appendix) {
        return None;
    }
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
    if !labels::starts_with_key(body_folded) {
        return None;
    }
    labels::parse(cx.reg, b.body(), cx.year)
}

/// Whether a sentence speaks of the items above it ("các nhiệm vụ trên",
/// "các nội dung nêu trên").
fn refers_back(t: &Tokens) -> bool {
    // The reference opens the sentence: "Các nhiệm vụ trên ...", "Thời hạn
    // hoàn thành các nội dung trên: ..."; a task may mention them later on.
    (0..t.len().min(6)).any(|k| {
        let noun = t.words_at(k, &["noi", "dung"])
            || t.words_at(k, &["nhiem", "vu"])
            || t.words_at(k, &["cong", "viec"]);
        let after = if t.s(k + 2) == "neu" { k + 3 } else { k + 2 };
        noun && t.s(after) == "tren"
    })
}

/// The closing call on everyone to carry the document out ("Chủ tịch UBND
/// tỉnh yêu cầu các cơ quan, đơn vị, địa phương khẩn trương triển khai thực
/// hiện./."): it names only groups, sets no deadline, and asks for nothing
/// in particular.
fn exhortation(b: &Block, item: &Item) -> bool {
    let f = b.tokens.folded.text.trim_end();
    let generic = [
        "trien khai thuc hien",
        "nghiem tuc thuc hien",
        "to chuc thuc hien",
        "thuc hien nghiem",
        "phoi hop thuc hien",
        "quan tam thuc hien",
    ]
    .iter()
    .any(|p| f.contains(p));
    let groups_only = match &item.subject {
        Some(Subject::Agencies { agents, .. }) => agents
            .iter()
            .all(|a| matches!(a.kind, Some(AgencyKind::Group | AgencyKind::Broad))),
        Some(Subject::Broad) => true,
        _ => false,
    };
    // "Sở Y tế đề nghị các đơn vị, địa phương nghiêm túc triển khai thực
    // hiện./.": a short closing call asks for nothing in particular, whoever speaks.
    let short = b
        .tokens
        .toks
        .iter()
        .filter(|t| t.kind != Kind::Punct('.'))
        .count()
        <= 24;
    b.marker.is_none()
        && f.ends_with("/.")
        && item.deadlines.is_empty()
        && generic
        && (groups_only || short)
}

/// Whether block `i` is `ancestor` or lies under it (any block when `ancestor` is `None`).
fn descends(parents: &[Option<usize>], i: usize, ancestor: Option<usize>) -> bool {
    let Some(a) = ancestor else { return true };
    let mut p = Some(i);
    let mut guard = 0;
    while let Some(k) = p {
        if k == a {
            return true;
        }
        p = parents.get(k).copied().flatten();
        guard += 1;
        if guard > 64 {
            break;
        }
    }
    false
}

/// Blocks that assign nothing: part headings, lines in capitals, closing and
/// introducing formulas, the number line.
fn assigns_nothing(b: &Block) -> bool {
    let folded = b.tokens.folded.text.as_str();
    if b.marker == Some(Marker::Roman)
        || is_all_caps(&b.text)
        || is_closing(folded, b.marker.is_some())
    {
        return true;
    }
    // "... ban hành Kế hoạch như sau:" introduces; it assigns nothing itself.
    if b.marker.is_none() && folded.trim_end().ends_with("sau:") {
        return true;
    }
    // The number line "Số: 12/UBND-VX"; "Sở Nội vụ hoàn thành ..." folds alike.
    let number_line = b.text.starts_with("Số") || b.text.starts_with("SỐ");
    number_line
        && (folded.starts_with("so:") || folded.starts_with("so "))
        && b.text.chars().count() < 40
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
            year_assumed: false,
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

/// Splits one block into tasks at clauses that name a new acting agency.
fn block_tasks(b: &Block, item: &Item, cx: &Context, out: &mut Vec<Draft>) {
    let Item {
        region,
        deadlines: found,
        parts,
        subject: subj,
        label_end,
        lead: ctx_lead,
        due: ctx_due,
    } = item;
    let region = *region;
    let body = b.body();
    let base = b.body_at;
    // "Sở X phối hợp Sở Y: (1) ... (2) ...": one task per enumerated item.
    if let Some(le) = *label_end
        && let Some(Subject::Agencies { agents, .. }) = subj
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
    // (start, end, leads, whether the clause itself named them)
    let mut cur: Option<(usize, usize, Vec<Agent>, bool)> = None;
    let mut pending: Vec<(usize, usize, Vec<Agent>, bool)> = Vec::new();
    for (k, &(a, e)) in parts.iter().enumerate() {
        let clause = body.get(a..e).unwrap_or("");
        let ct = b.tokens.sub(base + a, base + e);
        if k == 0 && assign::accountability(&ct) {
            return;
        }
        // "... Đồng chí X chủ trì Hội nghị. Dự Hội nghị có ...; Sở A; Sở B":
        // the rest of the paragraph lists who attended.
        if b.marker.is_none() && assign::meeting_narrative(&ct) {
            break;
        }
        let s = if k == 0 && !ctx_lead.is_empty() && directs(&ct) {
            // "Sở X:" / "- Chỉ đạo Chi cục Y bố trí ...": X directs its own
            // unit or asks its contractor; the work stays X's.
            Some(Subject::Same)
        } else if k == 0 {
            subj.clone()
        } else if cur.is_some()
            && (ct.words_at(0, &["chi", "dao"]) || ct.words_at(0, &["yeu", "cau"]))
        {
            // "A đẩy nhanh ...; yêu cầu nhà thầu ...": A asks its contractor; still A's task.
            Some(Subject::Same)
        } else {
            assign::subject(cx.reg, &ct, clause)
        };
        let start = if k == 0 { 0 } else { base + a };
        let end = base + e;
        match s {
            Some(Subject::Agencies { agents, .. }) => match &mut cur {
                Some((cs, ce, leads, _))
                    if same_agents(leads, &agents)
                        && !second_duty(&ct, found, *cs..*ce, start..end) =>
                {
                    *ce = end
                }
                _ => {
                    if let Some(c) = cur.take() {
                        pending.push(c);
                    }
                    cur = Some((start, end, agents, true));
                }
            },
            Some(Subject::Broad) if cur.is_none() => {}
            Some(Subject::Same) | Some(Subject::Broad) | None => match &mut cur {
                Some((cs, ce, leads, stated)) if second_duty(&ct, found, *cs..*ce, start..end) => {
                    let next = (start, end, leads.clone(), *stated);
                    if let Some(c) = cur.replace(next) {
                        pending.push(c);
                    }
                }
                Some((_, ce, _, _)) => *ce = end,
                None if !ctx_lead.is_empty() => cur = Some((start, end, ctx_lead.clone(), false)),
                None => {}
            },
        }
    }
    if let Some(c) = cur.take() {
        pending.push(c);
    }
    for (s, e, leads, stated) in pending {
        let mut d = new_draft(b, s, e, leads, region, cx, found);
        d.inherited_due = ctx_due.clone();
        d.stated_lead = stated;
        out.push(d);
    }
}

/// "xây dựng kế hoạch ..., hoàn thành trước ngày 28/02/2026; định kỳ hằng
/// tháng báo cáo kết quả ...": after work with a deadline, a clause setting a
/// periodic report is a second duty of the same agency, not more of the first.
/// `before` and `clause_at` are byte ranges of the block's text.
fn second_duty(
    clause: &Tokens,
    found: &[Stated],
    before: std::ops::Range<usize>,
    clause_at: std::ops::Range<usize>,
) -> bool {
    found.iter().any(|f| before.contains(&f.at))
        && !found
            .iter()
            .any(|f| clause_at.contains(&f.at) && !f.year_assumed)
        && deadline::recurrence(clause).is_some_and(|(r, _)| r != Recurrence::Ongoing)
}

/// A clause that opens by directing or asking someone ("Chỉ đạo ...",
/// "Yêu cầu ..."): under an agency's heading, that agency does the work.
fn directs(t: &Tokens) -> bool {
    t.words_at(0, &["chi", "dao"]) || t.words_at(0, &["yeu", "cau"])
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
        block: 0,
        stated_lead: false,
        orphan: false,
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
    // "báo cáo định kỳ 6 tháng (trước ngày 15/6) và năm (trước ngày 15/12)":
    // a periodic duty's dates without a year are the cut-off of each period.
    let periodic = d.recurring.is_some_and(|r| r != Recurrence::Ongoing);
    let own = d
        .deadlines
        .iter()
        .filter(|st| !(periodic && st.year_assumed));
    for (k, st) in d.cell_due.iter().chain(own).enumerate() {
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

#[cfg(test)]
mod tests {
    use crate::Registry;

    /// What one task came out as: the start of its text, its leads, its due date.
    type Seen = (String, Vec<String>, Option<String>);

    /// Extracts `doc` (a body under a Nghệ An letterhead unless it has its
    /// own) and lists its tasks, bullets stripped.
    fn tasks(doc: &str) -> Vec<Seen> {
        let text = if doc.starts_with("ỦY BAN") || doc.starts_with("UBND") {
            doc.to_owned()
        } else {
            format!(
                "ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\n\nSố: 12/TB-UBND\n\nNghệ An, ngày 02 tháng 3 năm 2026\n\nTHÔNG BÁO\nKết luận\n\n{doc}"
            )
        };
        crate::extract(&text, &Registry::khanh_hoa())
            .tasks
            .into_iter()
            .map(|t| {
                (
                    t.text.trim_start_matches(['-', '+', ' ']).to_owned(),
                    t.lead,
                    t.due.map(|d| d.date.to_string()),
                )
            })
            .collect()
    }

    /// One expected task: the start of its text, its leads, its due date.
    type Want<'a> = (&'a str, &'a [&'a str], Option<&'a str>);

    /// Checks the tasks of each document, in order.
    fn check(cases: &[(&str, &[Want])]) {
        for (doc, want) in cases {
            let got = tasks(doc);
            let same = got.len() == want.len()
                && got
                    .iter()
                    .zip(want.iter())
                    .all(|(g, w)| g.0.starts_with(w.0) && g.1 == w.1 && g.2.as_deref() == w.2);
            assert!(same, "\n{doc}\ngot  {got:?}\nwant {want:?}");
        }
    }

    /// Class 1: attendee lists, recipient lists and the opening formula are not tasks.
    #[test]
    fn lists_and_formulas_are_not_tasks() {
        check(&[
            (
                "Ngày 06/3/2026, đồng chí Phó Chủ tịch UBND tỉnh chủ trì cuộc họp. Tham dự cuộc họp có: lãnh đạo Sở Tài chính; Sở Xây dựng; Thanh tra tỉnh; Văn phòng UBND tỉnh.\n\nUBND tỉnh thông báo kết luận của đồng chí Phó Chủ tịch như sau:\n\n1. Sở Xây dựng rà soát đơn giá xây dựng trước ngày 30/4/2026.",
                &[(
                    "1. Sở Xây dựng rà soát",
                    &["Sở Xây dựng"],
                    Some("2026-04-30"),
                )],
            ),
            (
                "Kính gửi:\n- Sở Tài chính;\n- Thuế tỉnh.\n\n1. Đề nghị Sở Tài chính bố trí kinh phí thực hiện.",
                &[("1. Đề nghị Sở Tài chính", &["Sở Tài chính"], None)],
            ),
            (
                "1. Sở Y tế triển khai hồ sơ sức khỏe điện tử.\n\nChủ tịch UBND tỉnh yêu cầu các cơ quan, đơn vị, địa phương khẩn trương triển khai thực hiện./.",
                &[("1. Sở Y tế triển khai", &["Sở Y tế"], None)],
            ),
        ]);
    }

    /// Class 2: a heading that assigns gives its bullets the agency; a line
    /// after the bullets naming who leads them does too.
    #[test]
    fn assigning_headings_and_lines_after_bullets() {
        check(&[
            (
                "a) Giao Trung tâm Phát triển quỹ đất tỉnh:\n\n- Hoàn thành đo đạc bản đồ địa chính trước ngày 31/3/2026;\n\n- Lập phương án bồi thường cho các hộ còn lại.",
                &[
                    (
                        "Hoàn thành đo đạc",
                        &["Trung tâm Phát triển quỹ đất tỉnh"],
                        Some("2026-03-31"),
                    ),
                    (
                        "Lập phương án",
                        &["Trung tâm Phát triển quỹ đất tỉnh"],
                        None,
                    ),
                ],
            ),
            (
                "2. Giao Sở Nông nghiệp và Môi trường thực hiện các nội dung sau:\n\n- Hướng dẫn xác định nguồn gốc đất;\n\n- Thẩm định giá đất cụ thể.",
                &[
                    ("Hướng dẫn", &["Sở Nông nghiệp và Môi trường"], None),
                    ("Thẩm định", &["Sở Nông nghiệp và Môi trường"], None),
                ],
            ),
            (
                "2. Dự án Khu nhà ở xã hội\n\n- Rà soát hồ sơ điều chỉnh quy hoạch;\n\n- Thẩm định, cấp giấy phép xây dựng.\n\nCác nội dung trên do Sở Xây dựng chủ trì, phối hợp với UBND phường Tân An thực hiện, hoàn thành trong tháng 5/2026.",
                &[
                    ("Rà soát", &["Sở Xây dựng"], Some("2026-05-31")),
                    ("Thẩm định", &["Sở Xây dựng"], Some("2026-05-31")),
                ],
            ),
            // Bullets that no line gives an agency name no one: not tasks.
            ("1. Dự án A\n\n- Rà soát hồ sơ;\n\n- Thẩm định hồ sơ.", &[]),
        ]);
    }

    /// Class 3: headings naming several agencies, with titles.
    #[test]
    fn headings_naming_several_agencies() {
        check(&[
            (
                "3. Các sở, ban, ngành; UBND các xã, phường:\n\n- Xây dựng kế hoạch thực hiện.",
                &[(
                    "Xây dựng",
                    &["Các sở, ban, ngành", "Ủy ban nhân dân cấp xã"],
                    None,
                )],
            ),
            (
                "2. Thủ trưởng các sở, ban, ngành, Trưởng Ban Quản lý Khu kinh tế tỉnh và Chủ tịch UBND các xã, phường:\n\n- Rà soát danh mục dữ liệu.",
                &[(
                    "Rà soát",
                    &[
                        "Các sở, ban, ngành",
                        "Ban Quản lý Khu kinh tế tỉnh",
                        "Ủy ban nhân dân cấp xã",
                    ],
                    None,
                )],
            ),
            (
                "1. Giám đốc các sở, Thủ trưởng các ban, ngành và Chủ tịch UBND các xã, phường:\n\n- Làm sạch dữ liệu chuyên ngành.",
                &[(
                    "Làm sạch",
                    &["Các sở, ban, ngành", "Ủy ban nhân dân cấp xã"],
                    None,
                )],
            ),
        ]);
    }

    /// Class 4: names with commas, names running into the verb.
    #[test]
    fn names_with_commas_and_verbs_after_them() {
        check(&[
            (
                "1. Trung tâm Phát triển quỹ đất, Đo đạc và Bản đồ tỉnh hoàn thành đo đạc trước ngày 31/3/2026.",
                &[(
                    "1. Trung tâm",
                    &["Trung tâm Phát triển quỹ đất, Đo đạc và Bản đồ tỉnh"],
                    Some("2026-03-31"),
                )],
            ),
            (
                "3. Ban QLDA số 2 đẩy nhanh tiến độ thi công dự án Đường giao thông.",
                &[("3. Ban QLDA", &["Ban QLDA số 2"], None)],
            ),
            (
                "4. Ban QLDA đầu tư xây dựng công trình nông nghiệp tỉnh đẩy nhanh tiến độ dự án.",
                &[(
                    "4. Ban QLDA",
                    &["Ban QLDA đầu tư xây dựng công trình nông nghiệp tỉnh"],
                    None,
                )],
            ),
            (
                "6. UBND các xã Long Thành, Bình An, Nhơn Trạch phối hợp với các nhà đầu tư hoàn thành bồi thường.",
                &[(
                    "6. UBND",
                    &[
                        "Ủy ban nhân dân xã Long Thành",
                        "Ủy ban nhân dân xã Bình An",
                        "Ủy ban nhân dân xã Nhơn Trạch",
                    ],
                    None,
                )],
            ),
        ]);
    }

    /// Class 5: investors, companies, groups of businesses, universities.
    #[test]
    fn leads_outside_the_registry() {
        check(&[
            (
                "1. Đề nghị Công ty Cổ phần Cấp nước Đồng Nai khẩn trương di dời tuyến ống.",
                &[("1. Đề nghị", &["Công ty Cổ phần Cấp nước Đồng Nai"], None)],
            ),
            (
                "6. Các doanh nghiệp khai thác khoáng sản trên địa bàn tỉnh\n\n- Thực hiện đầy đủ nghĩa vụ ký quỹ.",
                &[(
                    "Thực hiện",
                    &["Các doanh nghiệp khai thác khoáng sản trên địa bàn tỉnh"],
                    None,
                )],
            ),
            (
                "7. Đề nghị Viettel Đắk Lắk, VNPT Đắk Lắk hỗ trợ kích hoạt tài khoản định danh.",
                &[("7. Đề nghị", &["Viettel Đắk Lắk", "VNPT Đắk Lắk"], None)],
            ),
            (
                "2. Các chủ đầu tư định kỳ hằng tuần báo cáo tình hình giải ngân.",
                &[("2. Các chủ", &["Các chủ đầu tư"], None)],
            ),
        ]);
    }

    /// Class 5: a letter to companies whose items name no one is for the
    /// companies it is sent to; "Quý Công ty" is them too.
    #[test]
    fn letters_speak_to_their_addressees() {
        let letter = |body: &str| {
            format!(
                "ỦY BAN NHÂN DÂN\nTỈNH BÌNH PHƯỚC\n\nSố: 901/UBND-KT\nV/v mỏ đá\n\nBình Phước, ngày 10 tháng 3 năm 2026\n\nKính gửi:\n- Công ty TNHH Đá Xanh;\n- Công ty Cổ phần Khoáng sản Bình Phước.\n\nUBND tỉnh đề nghị các đơn vị thực hiện các nội dung sau:\n\n{body}\n\nNơi nhận:\n- Như trên;\n- Lưu: VT."
            )
        };
        let both: &[&str] = &[
            "Công ty TNHH Đá Xanh",
            "Công ty Cổ phần Khoáng sản Bình Phước",
        ];
        check(&[
            (
                letter(
                    "1. Hoàn thành ký quỹ trước ngày 30/4/2026.\n\n2. Lắp đặt trạm cân tại các mỏ.",
                )
                .as_str(),
                &[
                    ("1. Hoàn thành", both, Some("2026-04-30")),
                    ("2. Lắp đặt", both, None),
                ],
            ),
            (
                letter("Đề nghị Quý Công ty khẩn trương lắp đặt trạm cân tại các mỏ.").as_str(),
                &[("Đề nghị Quý Công ty", both, None)],
            ),
        ]);
    }

    /// Class 6: a schedule row naming its body in the text.
    #[test]
    fn schedule_rows_name_their_body() {
        check(&[(
            "1. Các sở thực hiện theo Phụ lục.\n\nPHỤ LỤC\n\nTT\tNội dung\tThời gian hoàn thành\tGhi chú\n1\tCung cấp trực tuyến thủ tục thuộc thẩm quyền giải quyết của Sở Xây dựng\tTháng 5/2026\t\n2\tCấp đổi giấy phép lái xe do Công an tỉnh giải quyết\tQuý III/2026\tPhối hợp: Sở Y tế",
            &[
                ("1. Các sở", &["Các sở, ban, ngành"], None),
                ("Cung cấp", &["Sở Xây dựng"], Some("2026-05-31")),
                ("Cấp đổi", &["Công an tỉnh"], Some("2026-09-30")),
            ],
        )]);
    }

    /// Class 7: names follow the document's province, never another's.
    #[test]
    fn names_follow_the_documents_province() {
        check(&[
            (
                "1. Thuế tỉnh phối hợp với Công an tỉnh Nghệ An đôn đốc thu nợ tiền sử dụng đất.",
                &[("1. Thuế tỉnh", &["Thuế tỉnh"], None)],
            ),
            (
                "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẢI PHÒNG\n\nSố: 5/TB-UBND\n\nHải Phòng, ngày 02 tháng 3 năm 2026\n\nTHÔNG BÁO\n\n4. Thuế thành phố hướng dẫn các nhà đầu tư thực hiện ưu đãi thuế.\n\n5. Công an thành phố bảo đảm an ninh trật tự.",
                &[
                    ("4. Thuế", &["Thuế thành phố"], None),
                    ("5. Công an", &["Công an thành phố"], None),
                ],
            ),
            (
                "UBND TỈNH KHÁNH HÒA\n\nSố: 5/TB-UBND\n\nKhánh Hòa, ngày 02 tháng 3 năm 2026\n\nTHÔNG BÁO\n\n1. Thuế tỉnh đôn đốc thu nợ tiền sử dụng đất.",
                &[("1. Thuế tỉnh", &["Thuế tỉnh Khánh Hòa"], None)],
            ),
        ]);
    }

    /// Class 8: a shared deadline goes to the items above it, not to the
    /// "Riêng ..." items after it, which belong to their commune alone.
    #[test]
    fn shared_deadlines_and_riêng_items() {
        check(&[(
            "1. UBND các xã, phường:\n\n- Rà soát kế hoạch giải ngân;\n\n- Tập trung nghiệm thu khối lượng.\n\nCác nhiệm vụ trên hoàn thành trước ngày 20/6/2026.\n\n- Riêng UBND xã Lệ Thủy:\n\n+ Khẩn trương bàn giao mặt bằng trước ngày 30/6/2026;\n\n+ Tổ chức đối thoại với các hộ dân.",
            &[
                ("Rà soát", &["Ủy ban nhân dân cấp xã"], Some("2026-06-20")),
                ("Tập trung", &["Ủy ban nhân dân cấp xã"], Some("2026-06-20")),
                ("Khẩn trương", &["UBND xã Lệ Thủy"], Some("2026-06-30")),
                ("Tổ chức", &["UBND xã Lệ Thủy"], None),
            ],
        )]);
    }

    /// Class 9: an agency assigned mid-sentence, or at the head of an item.
    #[test]
    fn agencies_mid_sentence_and_at_the_head_of_items() {
        check(&[
            (
                "5. Về đề xuất của Sở Y tế, thống nhất chủ trương, giao Sở Y tế chủ trì, phối hợp Bảo hiểm xã hội tỉnh triển khai sổ sức khỏe điện tử.",
                &[("5. Về đề xuất", &["Sở Y tế"], None)],
            ),
            (
                "d) Về cơ chế tài chính: Sở Khoa học và Công nghệ đề xuất; giao Sở Tài chính chủ trì thẩm định.",
                &[("giao Sở Tài chính", &["Sở Tài chính"], None)],
            ),
        ]);
    }

    /// Regression (review): "Sở Nội vụ hoàn thành ..." folds like "Số:" and was
    /// dropped as the number line.
    #[test]
    fn short_line_starting_with_so_is_a_task() {
        check(&[(
            "Sở Nội vụ hoàn thành trước 30/6/2026.",
            &[("Sở Nội vụ", &["Sở Nội vụ"], Some("2026-06-30"))],
        )]);
    }

    /// Regression (review): a short numbered task followed by a plain
    /// paragraph was taken for the paragraph's heading.
    #[test]
    fn short_item_over_a_paragraph_is_a_task() {
        check(&[(
            "2. Sở Y tế khẩn trương triển khai hồ sơ điện tử.\n\nViệc triển khai phải bảo đảm an toàn thông tin.",
            &[("2. Sở Y tế", &["Sở Y tế"], None)],
        )]);
    }

    /// Round 2, class 10: a decision carries the plan or rules it issues
    /// after its signature; the attached document assigns the work.
    #[test]
    fn documents_attached_to_a_decision() {
        let decision = |attached: &str| {
            format!(
                "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG BÌNH\n\nSố: 402/QĐ-UBND\n\nQuảng Bình, ngày 03 tháng 3 năm 2026\n\nQUYẾT ĐỊNH\nBan hành {attached}\n\nĐiều 1. Ban hành kèm theo Quyết định này.\n\nĐiều 2. Chánh Văn phòng UBND tỉnh, Giám đốc các sở chịu trách nhiệm thi hành Quyết định này./.\n\nNơi nhận:\n- Như Điều 2;\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nTrần Phong\n\n{}",
                match attached {
                    "Quy chế" =>
                        "QUY CHẾ\nPhối hợp quản lý cụm công nghiệp\n(Ban hành kèm theo Quyết định số 402/QĐ-UBND ngày 03/3/2026)\n\nĐiều 4. Trách nhiệm\n\n1. Sở Công Thương tổng hợp tình hình các cụm công nghiệp, báo cáo UBND tỉnh trước ngày 15/12/2026.",
                    _ =>
                        "\u{c}\nỦY BAN NHÂN DÂN\nTỈNH QUẢNG BÌNH\n\nCHƯƠNG TRÌNH HÀNH ĐỘNG\nThực hiện Nghị quyết về kinh tế tư nhân\n\nI. NHIỆM VỤ\n\n1. Sở Tài chính:\n\n- Rà soát thủ tục đầu tư, hoàn thành trong quý II/2026;\n\n- Tổ chức đối thoại doanh nghiệp hằng quý.",
                }
            )
        };
        check(&[
            (
                decision("Quy chế").as_str(),
                &[("1. Sở Công Thương", &["Sở Công Thương"], Some("2026-12-15"))],
            ),
            (
                decision("Chương trình").as_str(),
                &[
                    ("Rà soát", &["Sở Tài chính"], Some("2026-06-30")),
                    ("Tổ chức đối thoại", &["Sở Tài chính"], None),
                ],
            ),
        ]);
    }

    /// Class 11: communes named after their group are those communes, one
    /// People's Committee each, whatever the kind of each.
    #[test]
    fn named_communes_are_each_a_lead() {
        check(&[
            (
                "3. UBND các phường Hưng Dũng, Quán Bàu và xã Nghi Phú hoàn thành kiểm đếm trước ngày 20/4/2026.",
                &[(
                    "3. UBND",
                    &[
                        "Ủy ban nhân dân phường Hưng Dũng",
                        "Ủy ban nhân dân phường Quán Bàu",
                        "Ủy ban nhân dân xã Nghi Phú",
                    ],
                    Some("2026-04-20"),
                )],
            ),
            (
                "2. Ủy ban nhân dân các xã: Ea H'Leo, Cư M'gar:\n\n- Vận động các hộ dân di dời khỏi vùng sạt lở.",
                &[(
                    "Vận động",
                    &["Ủy ban nhân dân xã Ea H'Leo", "Ủy ban nhân dân xã Cư M'gar"],
                    None,
                )],
            ),
            // "UBND xã A, xã B": the second commune is its People's Committee too.
            (
                "6. UBND xã Thanh Thủy, xã Thanh Hà kiểm tra đê bao trước mùa mưa.",
                &[(
                    "6. UBND",
                    &["UBND xã Thanh Thủy", "Ủy ban nhân dân xã Thanh Hà"],
                    None,
                )],
            ),
            // The group alone stays the group, and so does a heading's
            // group before its first words.
            (
                "4. UBND các xã, phường rà soát danh sách hộ nghèo.",
                &[("4. UBND", &["Ủy ban nhân dân cấp xã"], None)],
            ),
            (
                "5. UBND các xã: Tăng cường kiểm tra việc sử dụng lửa gần rừng.",
                &[("5. UBND", &["Ủy ban nhân dân cấp xã"], None)],
            ),
            // A schedule for named communes: each row is its commune's.
            (
                "5. UBND các xã Diễn Châu, Yên Thành bàn giao mặt bằng theo tiến độ tại bảng sau:\n\nTT\tDự án\tNội dung\tThời hạn\n1\tĐường ven biển đoạn Diễn Châu\tBàn giao 12 ha\t30/5/2026\n2\tCụm công nghiệp Yên Thành\tChi trả bồi thường 40 hộ\t30/6/2026",
                &[
                    (
                        "Đường ven biển",
                        &["Ủy ban nhân dân xã Diễn Châu"],
                        Some("2026-05-30"),
                    ),
                    (
                        "Cụm công nghiệp",
                        &["Ủy ban nhân dân xã Yên Thành"],
                        Some("2026-06-30"),
                    ),
                ],
            ),
        ]);
    }

    /// Class 12: under an agency's heading, a bullet that directs or asks
    /// someone ("Chỉ đạo ...", "Yêu cầu ...") is still that agency's work.
    #[test]
    fn directing_bullets_stay_with_their_heading() {
        check(&[(
            "2. Sở Nông nghiệp và Môi trường:\n\n- Chỉ đạo Chi cục Thủy lợi kiểm tra các hồ chứa xung yếu trước ngày 30/5/2026;\n\n- Yêu cầu các đơn vị tư vấn hoàn thiện hồ sơ thiết kế.\n\n3. Đề nghị UBND các xã, phường:\n\n- Chỉ đạo Trạm Y tế tổ chức phun hóa chất diệt muỗi.",
            &[
                (
                    "Chỉ đạo Chi cục",
                    &["Sở Nông nghiệp và Môi trường"],
                    Some("2026-05-30"),
                ),
                ("Yêu cầu", &["Sở Nông nghiệp và Môi trường"], None),
                ("Chỉ đạo Trạm", &["Ủy ban nhân dân cấp xã"], None),
            ],
        )]);
    }

    /// Class 13: names no registry knows, listed after "Đề nghị", with their
    /// place or a head word in lowercase; names with commas and lowercase parts.
    #[test]
    fn unknown_names_in_lists_and_with_commas() {
        check(&[
            (
                "1. Đề nghị VNPT Nghệ An, Viễn thông Nghệ An, MobiFone tỉnh Nghệ An:\n\n- Phủ sóng 4G tại các bản vùng cao trong quý III/2026.",
                &[(
                    "Phủ sóng",
                    &[
                        "VNPT Nghệ An",
                        "Viễn thông Nghệ An",
                        "MobiFone tỉnh Nghệ An",
                    ],
                    Some("2026-09-30"),
                )],
            ),
            (
                "2. Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp, thủy lợi tỉnh hoàn thành nạo vét kênh trước ngày 15/5/2026.",
                &[(
                    "2. Ban",
                    &[
                        "Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp, thủy lợi tỉnh",
                    ],
                    Some("2026-05-15"),
                )],
            ),
            (
                "3. Giao Phòng Kế hoạch, tài chính và Quản lý cơ sở vật chất chủ trì tổng hợp nhu cầu kinh phí.",
                &[(
                    "3. Giao",
                    &["Phòng Kế hoạch, tài chính và Quản lý cơ sở vật chất"],
                    None,
                )],
            ),
            (
                "4. Các trường trung học cơ sở, tiểu học trên địa bàn, các Trung tâm Giáo dục nghề nghiệp:\n\n- Tổ chức tập huấn phòng cháy.",
                &[(
                    "Tổ chức",
                    &[
                        "Các trường trung học cơ sở, tiểu học trên địa bàn",
                        "các Trung tâm Giáo dục nghề nghiệp",
                    ],
                    None,
                )],
            ),
            // A name ends at the province's name before the verb.
            (
                "5. Đề nghị Công ty Cấp nước Nghệ An xây dựng phương án cấp nước mùa khô.",
                &[("5. Đề nghị", &["Công ty Cấp nước Nghệ An"], None)],
            ),
            // "có ..." qualifies the name.
            (
                "6. Đề nghị các nhà đầu tư có dự án chậm tiến độ báo cáo nguyên nhân trước ngày 10/4/2026.",
                &[("6. Đề nghị", &["các nhà đầu tư"], Some("2026-04-10"))],
            ),
        ]);
    }

    /// Class 14: a generic name written with the province's name keeps it
    /// (the common set does not know the province's own names).
    #[test]
    fn generic_names_written_with_the_province_keep_it() {
        check(&[(
            "1. Đề nghị Thuế tỉnh Nghệ An đôn đốc thu nợ thuế.\n\n2. Thuế tỉnh rà soát hồ sơ hoàn thuế.",
            &[
                ("1. Đề nghị", &["Thuế tỉnh Nghệ An"], None),
                ("2. Thuế tỉnh", &["Thuế tỉnh"], None),
            ],
        )]);
    }

    /// Class 15: the meeting and who attended it are told in one paragraph,
    /// often after the date; none of it is a task.
    #[test]
    fn meetings_and_attendees_are_not_tasks() {
        check(&[
            (
                "Sáng ngày 12/3/2026, UBND tỉnh tổ chức Hội nghị triển khai nhiệm vụ năm 2026. Đồng chí Lê Hồng Vinh chủ trì Hội nghị. Tham dự Hội nghị có lãnh đạo các sở: Tài chính, Xây dựng; Công an tỉnh; UBND các phường: Vinh Hưng, Trường Vinh.\n\n1. Sở Tài chính tham mưu phân bổ vốn trước ngày 31/3/2026.",
                &[("1. Sở Tài chính", &["Sở Tài chính"], Some("2026-03-31"))],
            ),
            (
                "Ngày 20/4/2026, đồng chí Phó Chủ tịch UBND tỉnh dẫn đầu đoàn công tác kiểm tra các công trình thủy lợi. Cùng đi kiểm tra có đại diện Sở Nông nghiệp và Môi trường; Ban Quản lý dự án đầu tư xây dựng công trình nông nghiệp tỉnh.\n\n2. Sở Xây dựng kiểm tra chất lượng công trình.",
                &[("2. Sở Xây dựng", &["Sở Xây dựng"], None)],
            ),
            // Chairing work to come is a task.
            (
                "3. Sở Nội vụ chủ trì hội nghị sơ kết công tác cải cách hành chính trong tháng 7/2026.",
                &[("3. Sở Nội vụ", &["Sở Nội vụ"], Some("2026-07-31"))],
            ),
        ]);
    }

    /// Class 15: a dispatch's list of those it is sent to ("CHỦ TỊCH UBND
    /// TỈNH điện: - Giám đốc ...") is not a list of tasks; a place ending in
    /// "Điền" is no dispatch.
    #[test]
    fn dispatch_addressees_are_not_tasks() {
        check(&[
            (
                "CHỦ TỊCH UBND TỈNH điện:
- Giám đốc các sở: Xây dựng, Công Thương;
- Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh;
- Chủ tịch UBND các xã, phường ven biển.

Để chủ động ứng phó với bão, Chủ tịch UBND tỉnh yêu cầu:

1. Sở Công Thương bảo đảm nguồn cung hàng hóa thiết yếu.",
                &[("1. Sở Công Thương", &["Sở Công Thương"], None)],
            ),
            (
                "2. UBND xã Phong Điền:

- Vận động các hộ dân bàn giao mặt bằng trong tháng 5/2026.",
                &[("Vận động", &["UBND xã Phong Điền"], Some("2026-05-31"))],
            ),
        ]);
    }

    /// Class 16: a label line after a run of bullets under a topic names who
    /// does each of them.
    #[test]
    fn label_line_after_a_run_of_bullets() {
        check(&[(
            "3. Rà soát các cơ sở kinh doanh xăng dầu:\n\n- Kiểm tra giấy phép kinh doanh;\n\n- Kiểm tra hệ thống phòng cháy.\n\nĐơn vị chủ trì: Sở Công Thương; đơn vị phối hợp: Công an tỉnh; thời hạn: trong tháng 6/2026.\n\n- Tổng hợp danh sách cơ sở vi phạm.",
            &[
                (
                    "Kiểm tra giấy phép",
                    &["Sở Công Thương"],
                    Some("2026-06-30"),
                ),
                ("Kiểm tra hệ thống", &["Sở Công Thương"], Some("2026-06-30")),
            ],
        )]);
    }

    /// Class 17: work with a deadline, then a periodic report: two duties of
    /// one agency. A periodic duty's dates without a year are cut-offs.
    #[test]
    fn periodic_reports_after_work_with_a_deadline() {
        check(&[
            (
                "2. Các sở, ngành ban hành kế hoạch thực hiện trước ngày 31/3/2026; hằng quý báo cáo kết quả về Sở Nội vụ trước ngày 20 tháng cuối quý.",
                &[
                    ("2. Các sở", &["Các sở, ban, ngành"], Some("2026-03-31")),
                    ("hằng quý", &["Các sở, ban, ngành"], None),
                ],
            ),
            (
                "3. Sở Tư pháp theo dõi việc thực hiện; báo cáo UBND tỉnh định kỳ 6 tháng (trước ngày 10/6) và hằng năm (trước ngày 10/12).",
                &[("3. Sở Tư pháp", &["Sở Tư pháp"], None)],
            ),
            // A date with its year in the report clause is a deadline.
            (
                "4. Sở Y tế hoàn thành kiểm tra trước ngày 30/4/2026; báo cáo kết quả trước ngày 15/5/2026.",
                &[("4. Sở Y tế", &["Sở Y tế"], Some("2026-05-15"))],
            ),
        ]);
    }

    /// Class 18: the subject after a time phrase, or qualified as given the work.
    #[test]
    fn subjects_after_time_phrases_and_qualifiers() {
        check(&[
            (
                "1. Sở Công Thương kiểm tra thị trường.\n\nHằng tháng, trước ngày 20, UBND các xã, phường gửi báo cáo về Sở Công Thương./.",
                &[
                    ("1. Sở Công Thương", &["Sở Công Thương"], None),
                    ("Hằng tháng", &["Ủy ban nhân dân cấp xã"], None),
                ],
            ),
            (
                "2. Các sở, ngành được phân công tại Phụ lục chủ động bố trí kinh phí thực hiện.",
                &[("2. Các sở", &["Các sở, ban, ngành"], None)],
            ),
        ]);
    }

    /// Class 19: what the issuing body does itself, and short closing calls,
    /// are not tasks; nor are tables that list things rather than work.
    #[test]
    fn own_working_closing_calls_and_lists() {
        check(&[
            (
                "UBND TỈNH NGHỆ AN\nBAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ\n\nSố: 05/KH-BCĐ\n\nNghệ An, ngày 02 tháng 3 năm 2026\n\nKẾ HOẠCH\n\n1. Ban Chỉ đạo họp định kỳ 6 tháng một lần để đánh giá kết quả.\n\n2. Sở Khoa học và Công nghệ tham mưu nội dung các phiên họp.",
                &[("2. Sở Khoa học", &["Sở Khoa học và Công nghệ"], None)],
            ),
            (
                "UBND TỈNH NGHỆ AN\nSỞ XÂY DỰNG\n\nSố: 88/SXD-QLN\n\nNghệ An, ngày 02 tháng 3 năm 2026\n\nKính gửi: UBND các xã, phường.\n\n1. UBND các xã, phường rà soát nhà ở xuống cấp.\n\nSở Xây dựng đề nghị các địa phương quan tâm, nghiêm túc triển khai thực hiện./.",
                &[("1. UBND", &["Ủy ban nhân dân cấp xã"], None)],
            ),
            // A lead cell merged over rows is written in its first row only.
            (
                "1. Các sở thực hiện theo Phụ lục.\n\nPHỤ LỤC\n\nTT\tNhiệm vụ\tĐơn vị chủ trì\tThời hạn\nI\tHạ tầng số\t\t\n1\tPhủ sóng 5G các khu công nghiệp\tSở Khoa học và Công nghệ\tQuý III/2026\n2\tNâng cấp Trung tâm dữ liệu tỉnh\t\tQuý IV/2026\nII\tDữ liệu số\t\t\n3\tLàm sạch dữ liệu đất đai\tSở Nông nghiệp và Môi trường\tTháng 9/2026",
                &[
                    ("1. Các sở", &["Các sở, ban, ngành"], None),
                    (
                        "Phủ sóng",
                        &["Sở Khoa học và Công nghệ"],
                        Some("2026-09-30"),
                    ),
                    (
                        "Nâng cấp",
                        &["Sở Khoa học và Công nghệ"],
                        Some("2026-12-31"),
                    ),
                    (
                        "Làm sạch",
                        &["Sở Nông nghiệp và Môi trường"],
                        Some("2026-09-30"),
                    ),
                ],
            ),
            (
                "1. Các chủ đầu tư báo cáo tiến độ các dự án tại Phụ lục.\n\nPHỤ LỤC\n\nSTT\tTên dự án\tĐịa điểm\tTiến độ được duyệt\n1\tKhu đô thị Bến Thủy\tPhường Trường Vinh\tQuý IV/2025\n2\tNhà máy may Hoàng Mai\tPhường Hoàng Mai\tQuý II/2025",
                &[("1. Các chủ", &["Các chủ đầu tư"], None)],
            ),
        ]);
    }
}
