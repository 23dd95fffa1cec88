//! `dondoc extract FILE`: one directive's tasks as a table, JSON or CSV.

use crate::input;
use anyhow::Result;
use comfy_table::{ContentArrangement, Table};
use dondoc_extract::{Extraction, Task};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

#[derive(clap::Args)]
pub struct Args {
    /// The directive file.
    file: PathBuf,
    /// Output format (default: table on a terminal, JSON otherwise).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Agency registry file (tab-separated) replacing the Khánh Hòa one.
    #[arg(long)]
    registry: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<()> {
    let registry = input::registry(args.registry.as_deref())?;
    let doc = input::read_directive(&args.file)?;
    for note in &doc.notes {
        eprintln!("{}: {note}", args.file.display());
    }
    let x = dondoc_extract::extract(&doc.text, &registry);
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() {
        Format::Table
    } else {
        Format::Json
    });
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &x)?;
            writeln!(out)?;
        }
        Format::Csv => write_csv(&mut out, &x)?,
        Format::Table => write_table(&mut out, &x)?,
    }
    Ok(())
}

fn due_cell(t: &Task) -> String {
    match (&t.due, t.recurring) {
        (Some(d), _) => d.date.format("%d/%m/%Y").to_string(),
        (None, Some(r)) => r.label_vi().to_owned(),
        (None, None) => String::new(),
    }
}

fn write_csv(out: &mut impl Write, x: &Extraction) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "stt",
        "nhiem_vu",
        "chu_tri",
        "phoi_hop",
        "han",
        "do_chinh_xac",
        "cum_tu_han",
        "dinh_ky",
        "dong",
    ])?;
    for (i, t) in x.tasks.iter().enumerate() {
        w.write_record([
            (i + 1).to_string(),
            t.text.clone(),
            t.lead.join("; "),
            t.support.join("; "),
            t.due
                .as_ref()
                .map(|d| d.date.to_string())
                .unwrap_or_default(),
            t.due
                .as_ref()
                .map(|d| d.precision.code().to_owned())
                .unwrap_or_default(),
            t.due.as_ref().map(|d| d.text.clone()).unwrap_or_default(),
            t.recurring.map(|r| r.code().to_owned()).unwrap_or_default(),
            format!("{}-{}", t.lines[0], t.lines[1]),
        ])?;
    }
    w.flush()?;
    Ok(())
}

fn write_table(out: &mut impl Write, x: &Extraction) -> Result<()> {
    let d = &x.document;
    writeln!(
        out,
        "{} {} — {}",
        d.kind.as_deref().unwrap_or("Văn bản"),
        d.number.as_deref().unwrap_or("(chưa có số)"),
        d.issued_on
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_else(|| "(chưa có ngày)".into())
    )?;
    if let Some(t) = &d.title {
        writeln!(out, "{t}")?;
    }
    let mut table = Table::new();
    table
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(160);
    table.set_header(["#", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Hạn", "Dòng"]);
    for (i, t) in x.tasks.iter().enumerate() {
        let text = super::shorten(&t.text.replace('\t', " · "), 160);
        table.add_row([
            (i + 1).to_string(),
            text,
            t.lead.join(", "),
            t.support.join(", "),
            due_cell(t),
            format!("{}-{}", t.lines[0], t.lines[1]),
        ]);
    }
    writeln!(out, "{table}")?;
    writeln!(
        out,
        "{} nhiệm vụ, {} văn bản dẫn chiếu",
        x.tasks.len(),
        x.references.len()
    )?;
    for w in &x.warnings {
        writeln!(out, "cảnh báo dòng {}: {}", w.line, w.message)?;
    }
    Ok(())
}
