//! Appendix tables: the header row names the columns (in any order, with
//! variants); each row is a task of its lead column, and a later clause of its
//! name may hand part of the work to another agency.

use crate::assign::{self, Agent, Subject};
use crate::clauses;
use crate::deadline::{self, Mode, Role};
use crate::layout::Block;
use crate::regions::Region;
use crate::tasks::{Context, Draft, Stated, deadlines_in, same_agents};
use crate::text::fold;
use crate::token::Tokens;

/// Column roles of an appendix table.
#[derive(Debug, Clone, Copy, Default)]
pub struct Columns {
    pub stt: Option<usize>,
    pub(crate) name: Option<usize>,
    pub(crate) lead: Option<usize>,
    pub(crate) support: Option<usize>,
    pub(crate) deliverable: Option<usize>,
    pub(crate) due: Option<usize>,
    pub(crate) note: Option<usize>,
}

/// Recognises a header row by its column names, in any order.
pub fn is_table_header(b: &Block) -> Option<Columns> {
    let cells = b.cells.as_ref()?;
    // Header cells are short names; a data row has a number first and long text.
    let numbered = cells.first().is_some_and(|c| {
        c.trim()
            .chars()
            .next()
            .is_some_and(|ch| ch.is_ascii_digit())
    });
    if numbered || cells.iter().any(|c| c.split_whitespace().count() > 8) {
        return None;
    }
    let mut c = Columns::default();
    for (i, cell) in cells.iter().enumerate() {
        let f = fold(cell);
        let f = f.trim();
        if f.is_empty() {
            continue;
        }
        // "Cơ quan chủ trì", "Đơn vị thực hiện", "Đơn vị"
        let doer = f.contains("chu tri")
            || ((f.contains("co quan") || f.contains("don vi"))
                && !f.contains("phoi hop")
                && !f.contains("nhiem vu"));
        if doer {
            c.lead.get_or_insert(i);
        } else if f.contains("phoi hop") {
            c.support.get_or_insert(i);
        } else if f.contains("thoi gian")
            || f.contains("thoi han")
            || f.contains("tien do")
            || f.contains("han hoan thanh")
        {
            c.due.get_or_insert(i);
        } else if f.contains("ket qua") || f.contains("san pham") {
            c.deliverable.get_or_insert(i);
        } else if f.contains("ghi chu") {
            c.note.get_or_insert(i);
        } else if matches!(f, "stt" | "tt" | "so tt" | "so thu tu") {
            c.stt.get_or_insert(i);
        } else if f.contains("nhiem vu")
            || f.contains("noi dung")
            || f.starts_with("ten")
            || f.contains("giai phap")
            || f.contains("cong viec")
        {
            c.name.get_or_insert(i);
        }
    }
    let known = [c.lead, c.due, c.support, c.deliverable]
        .iter()
        .filter(|x| x.is_some())
        .count();
    (c.name.is_some() && known >= 1 && (c.lead.is_some() || c.due.is_some())).then_some(c)
}

fn cell(cells: &[String], i: Option<usize>) -> &str {
    i.and_then(|i| cells.get(i)).map_or("", |s| s.trim())
}

/// Tasks of one appendix table row.
pub(crate) fn row_drafts(b: &Block, c: Columns, cx: &Context, region: Region) -> Vec<Draft> {
    let Some(cells) = b.cells.as_ref() else {
        return Vec::new();
    };
    let name = cell(cells, c.name);
    if name.is_empty() {
        return Vec::new();
    }
    // "I  Nhóm nhiệm vụ hạ tầng": a group heading row, not a task.
    let stt = cell(cells, c.stt);
    let roman_stt = !stt.is_empty() && stt.chars().all(|ch| matches!(ch, 'I' | 'V' | 'X' | '.'));
    let others_empty = [c.lead, c.support, c.due, c.deliverable]
        .iter()
        .all(|k| cell(cells, *k).is_empty());
    if roman_stt || others_empty {
        return Vec::new();
    }
    let (mut leads, _) = assign::cell_agents(cx.reg, cell(cells, c.lead));
    let (mut support, _) = assign::cell_agents(cx.reg, cell(cells, c.support));
    // A schedule without a lead column names the body in the row: "... thuộc
    // thẩm quyền giải quyết của Sở X", "... do Công an tỉnh giải quyết".
    if leads.is_empty() {
        leads = assign::responsible_in(cx.reg, &Tokens::new(name), name);
    }
    // "Phối hợp: ..." in a note column.
    if support.is_empty()
        && let Some(f) = crate::labels::parse(cx.reg, cell(cells, c.note), cx.year)
    {
        support = f.support.unwrap_or_default();
    }
    let due_text = cell(cells, c.due);
    let due_toks = Tokens::new(due_text);
    let cell_due = deadline::find(&due_toks, cx.year, Mode::Cell)
        .into_iter()
        .rfind(|f| f.role == Role::Deadline)
        .map(|f| Stated {
            date: f.date,
            precision: f.precision,
            text: due_text.to_owned(),
            line: b.first,
            at: 0,
            year_assumed: f.year_assumed,
        });
    let recurring = deadline::recurrence(&due_toks).map(|r| r.0);
    let deliverable = Some(cell(cells, c.deliverable).to_owned()).filter(|s| !s.is_empty());
    let row_text: Vec<&str> = cells
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != c.stt)
        .map(|(_, s)| s.trim())
        .collect();
    let row_text = row_text.join("\t").trim_end().to_owned();
    let row_draft = |text: String, core: &str, leads: Vec<Agent>| Draft {
        first: b.first,
        last: b.last,
        text,
        core: core.to_owned(),
        words: Vec::new(),
        leads,
        support: Vec::new(),
        deadlines: deadlines_in(core, cx.year, b.first),
        inherited_due: None,
        cell_due: None,
        recurring: deadline::recurrence(&Tokens::new(core)).map(|r| r.0),
        deliverable: None,
        from_table: true,
        in_appendix: region == Region::Appendix,
        also_at: Vec::new(),
        key: 0,
        parent_key: None,
        block: 0,
        stated_lead: false,
        orphan: false,
    };

    // The row itself is a task of the lead column; a later clause of its name
    // may hand part of the work to another agency ("Giao các sở, ngành ...").
    let mut first = row_draft(row_text, "", leads.clone());
    first.support = support;
    first.cell_due = cell_due;
    first.recurring = recurring;
    first.deliverable = deliverable;
    let mut out = vec![first];
    for (k, &(a, e)) in clauses::split(name).iter().enumerate() {
        let clause = name.get(a..e).unwrap_or("");
        let own = match assign::subject(cx.reg, &Tokens::new(clause), clause) {
            Some(Subject::Agencies { agents, .. })
                if k > 0
                    && !same_agents(&agents, &leads)
                    && !agents.iter().any(assign::is_addressees) =>
            {
                Some(agents)
            }
            _ => None,
        };
        match own {
            Some(agents) => out.push(row_draft(clause.trim().to_owned(), clause, agents)),
            None => {
                if let Some(last) = out.last_mut() {
                    if !last.core.is_empty() {
                        last.core.push(' ');
                    }
                    last.core.push_str(clause);
                    last.deadlines
                        .extend(deadlines_in(clause, cx.year, b.first));
                    if last.recurring.is_none() {
                        last.recurring = deadline::recurrence(&Tokens::new(clause)).map(|r| r.0);
                    }
                }
            }
        }
    }
    out
}
