//! Tracking commands: ingest directives, list and follow tasks, agencies,
//! backup. They open the database given by `--db` (or `DONDOC_DB`).

use crate::input;
use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use dondoc_store::status::{Status, province_today};
use dondoc_store::*;
use std::path::PathBuf;

/// Where the data lives: an SQLite file path or a postgres:// URL.
#[derive(clap::Args, Clone)]
pub struct Db {
    #[arg(
        long,
        env = "DONDOC_DB",
        default_value = "dondoc.sqlite",
        global = true
    )]
    pub db: String,
    /// Who is acting (recorded in the audit log).
    #[arg(long = "as", env = "DONDOC_USER", default_value = "cli", global = true)]
    pub actor: String,
    /// A task is "due soon" this many days before its deadline.
    #[arg(long, env = "DONDOC_DUE_SOON_DAYS", default_value_t = dondoc_domain::status::DEFAULT_DUE_SOON_DAYS, global = true)]
    pub due_soon_days: u32,
}

impl Db {
    /// Opens the database, which must exist: a command that only reads or
    /// changes records never creates an empty database by mistake (a wrong
    /// `--db` path would otherwise look like a database with no tasks).
    pub async fn open_existing(&self) -> Result<Store> {
        let url = self.db.as_str();
        let is_file = !url.starts_with("postgres://") && !url.starts_with("postgresql://");
        let path = url.strip_prefix("sqlite://").unwrap_or(url);
        if is_file && !std::path::Path::new(path).exists() {
            bail!(
                "no database at {path} (give the right one with --db or DONDOC_DB; \
                 `dondoc ingest` or `dondoc serve` creates a new one)"
            );
        }
        self.open().await
    }

    /// Opens the database, creating it (and its schema) if needed.
    pub async fn open(&self) -> Result<Store> {
        Store::open(&self.db).await.with_context(|| {
            format!(
                "cannot open the database {}",
                dondoc_store::redact_url(&self.db)
            )
        })
    }
}

/// Reads dd/mm/yyyy (as Vietnamese users write dates) or yyyy-mm-dd.
pub fn parse_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d"))
        .with_context(|| format!("{s:?} is not a date (dd/mm/yyyy)"))
}

fn today(arg: &Option<String>) -> Result<NaiveDate> {
    match arg {
        Some(d) => parse_date(d),
        None => Ok(province_today(chrono::Utc::now())),
    }
}

#[derive(clap::Args)]
pub struct IngestArgs {
    /// Directive files (.txt, .md, .docx, .pdf).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Start tracking at once instead of leaving drafts for review.
    #[arg(long)]
    confirm: bool,
    #[command(flatten)]
    db: Db,
}

pub async fn ingest(a: IngestArgs) -> Result<()> {
    let store = a.db.open().await?;
    let registry = dondoc_extract::Registry::khanh_hoa();
    if store.agencies().await?.is_empty() {
        store.import_registry(&registry, &a.db.actor).await?;
    }
    // A test hook: abort the process after this many task rows, inside the
    // transaction, to show that a crash leaves nothing half written.
    let abort_after: Option<usize> = std::env::var("DONDOC_FAILPOINT_ABORT_AFTER_TASKS")
        .ok()
        .and_then(|v| v.parse().ok());
    let hook = move |n: usize| {
        if Some(n) == abort_after {
            std::process::abort();
        }
    };
    let bar = (a.files.len() > 1).then(|| {
        let b = indicatif::ProgressBar::new(a.files.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    for path in &a.files {
        let doc = input::read_directive(path)?;
        let x = dondoc_extract::extract(&doc.text, &registry);
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("directive");
        let o = store
            .ingest(IngestRequest {
                file_name: name,
                bytes: &bytes,
                text: &doc.text,
                extraction: &x,
                confirm: a.confirm,
                actor: &a.db.actor,
                after_task: Some(&hook),
            })
            .await
            .with_context(|| format!("{}", path.display()))?;
        let line = if o.already {
            format!(
                "{}: already ingested as directive {} (nothing changed)",
                path.display(),
                o.directive_id
            )
        } else {
            format!(
                "{}: directive {} ({}), {} tasks, {} linked to open tasks, {} link proposals",
                path.display(),
                o.directive_id,
                if a.confirm {
                    "tracking"
                } else {
                    "draft for review"
                },
                o.tasks,
                o.linked,
                o.proposals.len()
            )
        };
        match &bar {
            // A hidden bar (output is not a terminal) prints nothing itself.
            Some(b) if !b.is_hidden() => {
                b.println(line);
                b.inc(1);
            }
            _ => println!("{line}"),
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
    Csv,
}

#[derive(clap::Args)]
pub struct TasksArgs {
    /// Tasks this agency leads (name or abbreviation, e.g. "Sở KH&CN").
    #[arg(long)]
    agency: Option<String>,
    /// Which of the agency's tasks: all it reaches (default), those it
    /// leads (itself or through a group such as "các sở, ban, ngành"), or
    /// those it supports.
    #[arg(long, default_value = "all", value_parser = ["all", "lead", "support"])]
    part: String,
    /// The tasks' status on --today.
    #[arg(long, value_parser = ["not_yet_due", "in_progress", "due_soon", "overdue", "completed_on_time", "completed_late", "paused", "cancelled"])]
    status: Option<String>,
    /// data, infrastructure, digital-government, science-innovation, people, finance, security, digital-economy, institutions
    #[arg(long)]
    area: Option<String>,
    /// Deadline on or after this day (dd/mm/yyyy).
    #[arg(long)]
    due_from: Option<String>,
    /// Deadline on or before this day (dd/mm/yyyy).
    #[arg(long)]
    due_to: Option<String>,
    /// Only the tasks of this directive (its number in `dondoc ingest`'s output).
    #[arg(long)]
    directive: Option<i64>,
    /// Words to find, with or without diacritics.
    #[arg(long)]
    search: Option<String>,
    /// Also drafts awaiting review.
    #[arg(long)]
    drafts: bool,
    #[arg(long, default_value_t = 200)]
    limit: i64,
    #[arg(long, default_value_t = 0)]
    offset: i64,
    /// The day to judge statuses on (default: today in the province).
    #[arg(long)]
    today: Option<String>,
    #[arg(long, value_enum, default_value = "table")]
    format: ListFormat,
    #[command(flatten)]
    db: Db,
}

async fn agency_id(store: &Store, name: &str) -> Result<i64> {
    if let Some(a) = store.agency_by_name(name).await? {
        return Ok(a.id);
    }
    // Through the registry's aliases ("Sở KH&CN" → Sở Khoa học và Công nghệ).
    let reg = dondoc_extract::Registry::khanh_hoa();
    if let Some(canon) = reg.lookup(name).and_then(|i| reg.get(i))
        && let Some(a) = store.agency_by_name(&canon.name).await?
    {
        return Ok(a.id);
    }
    bail!("no agency named {name:?} (see `dondoc agencies`)")
}

pub async fn tasks(a: TasksArgs) -> Result<()> {
    let store = a.db.open_existing().await?;
    let today = today(&a.today)?;
    let status = match &a.status {
        Some(s) => Some(Status::from_code(s).with_context(|| format!("unknown status {s:?}"))?),
        None => None,
    };
    let agency = match &a.agency {
        Some(n) => Some(agency_id(&store, n).await?),
        None => None,
    };
    let area = match &a.area {
        Some(code) => Some(
            dondoc_domain::areas::Area::from_code(code)
                .with_context(|| format!("unknown area {code:?}"))?,
        ),
        None => None,
    };
    let f = TaskFilter {
        agency,
        part: dondoc_domain::access::Part::from_code(&a.part).unwrap_or_default(),
        status,
        area,
        due_from: a.due_from.as_deref().map(parse_date).transpose()?,
        due_to: a.due_to.as_deref().map(parse_date).transpose()?,
        directive: a.directive,
        text: a.search.clone(),
        include_drafts: a.drafts,
        limit: a.limit,
        offset: a.offset,
        ..TaskFilter::default()
    };
    let rows = store.tasks(&f, today, a.db.due_soon_days).await?;
    let due = |t: &TaskRow| {
        t.due
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default()
    };
    match a.format {
        ListFormat::Json => {
            let v: Vec<serde_json::Value> = rows
                .iter()
                .map(|t| {
                    serde_json::json!({
                        "id": t.id, "directive_id": t.directive_id, "text": t.text, "lead": t.lead,
                        "due": t.due.map(|d| d.to_string()), "due_original": t.due_original.map(|d| d.to_string()),
                        "status": t.status.code(), "recurrence": t.recurrence,
                        "areas": t.areas.iter().map(|a| a.code()).collect::<Vec<_>>(),
                    })
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&v)?);
        }
        ListFormat::Csv => {
            let mut w = csv::Writer::from_writer(std::io::stdout());
            w.write_record(["id", "nhiem_vu", "chu_tri", "han", "trang_thai"])?;
            for t in &rows {
                w.write_record([
                    t.id.to_string(),
                    t.text.clone(),
                    t.lead.join("; "),
                    due(t),
                    t.status.label_vi().to_owned(),
                ])?;
            }
            w.flush()?;
        }
        ListFormat::Table => {
            let mut table = comfy_table::Table::new();
            table
                .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
                .set_width(160);
            table.set_header(["#", "Nhiệm vụ", "Chủ trì", "Hạn", "Trạng thái"]);
            for t in &rows {
                let text = super::shorten(&t.text, 120);
                table.add_row([
                    t.id.to_string(),
                    text,
                    t.lead.join(", "),
                    due(t),
                    t.status.label_vi().to_owned(),
                ]);
            }
            println!("{table}");
            println!(
                "{} nhiệm vụ (tính đến {})",
                rows.len(),
                today.format("%d/%m/%Y")
            );
        }
    }
    Ok(())
}

#[derive(clap::Subcommand)]
pub enum TaskCommand {
    /// One task with its source, deadlines and history.
    Show {
        id: i64,
        #[arg(long)]
        today: Option<String>,
    },
    /// Report progress (as the assigned agency).
    Update {
        id: i64,
        #[arg(long)]
        percent: i64,
        #[arg(long)]
        text: String,
        /// The reporting agency (default: the task's first lead).
        #[arg(long)]
        agency: Option<String>,
        #[arg(long)]
        on: Option<String>,
        /// A cited document as evidence (repeatable).
        #[arg(long)]
        evidence: Vec<String>,
        /// An evidence file (repeatable).
        #[arg(long)]
        file: Vec<PathBuf>,
    },
    /// Claim completion (as the assigned agency).
    Complete {
        id: i64,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        on: Option<String>,
    },
    /// Appraise a completion claim (secretariat): accept or send back.
    Appraise {
        id: i64,
        #[arg(value_parser = ["accept", "send-back"])]
        verdict: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Ask for a new deadline.
    Extend {
        id: i64,
        #[arg(long)]
        to: String,
        #[arg(long)]
        reason: String,
    },
    /// Decide a deadline change (secretariat).
    Decide {
        change: i64,
        #[arg(value_parser = ["approve", "reject"])]
        verdict: String,
        #[arg(long, default_value = "")]
        note: String,
        /// The cause is objective (lý do khách quan): scores judge the task
        /// by its new deadline.
        #[arg(long)]
        objective: bool,
    },
}

#[derive(clap::Args)]
pub struct TaskArgs {
    #[command(subcommand)]
    command: TaskCommand,
    #[command(flatten)]
    db: Db,
}

pub async fn task(a: TaskArgs) -> Result<()> {
    let store = a.db.open_existing().await?;
    let by = a.db.actor.as_str();
    let now = province_today(chrono::Utc::now());
    match a.command {
        TaskCommand::Show { id, today: t } => {
            let d = store.task(id, today(&t)?, a.db.due_soon_days).await?;
            let date = |x: Option<NaiveDate>| {
                x.map(|d| d.format("%d/%m/%Y").to_string())
                    .unwrap_or_else(|| "—".into())
            };
            println!("Nhiệm vụ #{} — {}", d.row.id, d.row.status.label_vi());
            println!("{}", d.row.text);
            println!("Chủ trì: {}", d.row.lead.join(", "));
            if !d.support.is_empty() {
                println!("Phối hợp: {}", d.support.join(", "));
            }
            println!(
                "Hạn: {} (ban đầu: {}; {})",
                date(d.row.due),
                date(d.row.due_original),
                d.due_text.unwrap_or_default()
            );
            for (dir, number, a, b) in &d.mentions {
                println!(
                    "Văn bản #{dir} {} dòng {a}-{b}",
                    number.clone().unwrap_or_else(|| "(chưa có số)".into())
                );
            }
            for u in &d.updates {
                let evidence = if u.evidence.is_empty() {
                    String::new()
                } else {
                    format!(" [minh chứng: {}]", u.evidence.join(", "))
                };
                println!("  {} {}% {}: {}{evidence}", u.on, u.percent, u.by, u.body);
            }
            for c in &d.deadline_changes {
                println!(
                    "  gia hạn #{} → {} ({}): {}{}",
                    c.id,
                    c.requested,
                    c.state.label_vi(),
                    c.reason,
                    c.note
                        .as_deref()
                        .map(|n| format!(" — {n}"))
                        .unwrap_or_default()
                );
            }
            for c in &d.completions {
                println!(
                    "  báo cáo hoàn thành {}: {} {}",
                    c.claimed_on,
                    c.appraisal.label_vi(),
                    c.note
                );
            }
            for e in &d.audit {
                println!("  [{}] {} {} {}", e.at, e.actor, e.action, e.detail);
            }
        }
        TaskCommand::Update {
            id,
            percent,
            text,
            agency,
            on,
            evidence,
            file,
        } => {
            let agency = match agency {
                Some(n) => agency_id(&store, &n).await?,
                None => {
                    let d = store.task(id, now, a.db.due_soon_days).await?;
                    let lead = d
                        .row
                        .lead
                        .first()
                        .context("the task has no lead agency; pass --agency")?;
                    agency_id(&store, lead).await?
                }
            };
            let mut files = Vec::new();
            for f in file {
                let bytes =
                    std::fs::read(&f).with_context(|| format!("cannot read {}", f.display()))?;
                files.push((
                    f.file_name()
                        .and_then(|n| n.to_str())
                        .unwrap_or("evidence")
                        .to_owned(),
                    bytes,
                ));
            }
            let on = on.as_deref().map(parse_date).transpose()?.unwrap_or(now);
            let u = store
                .add_update(NewUpdate {
                    task_id: id,
                    agency_id: agency,
                    on,
                    percent,
                    body: &text,
                    evidence: &evidence,
                    files: &files,
                    by,
                })
                .await?;
            println!("update {u} recorded for task {id}");
        }
        TaskCommand::Complete { id, note, on } => {
            let on = on.as_deref().map(parse_date).transpose()?.unwrap_or(now);
            let c = store
                .claim_completion(CompletionClaim {
                    task_id: id,
                    on,
                    note: &note,
                    by,
                })
                .await?;
            println!("completion claim {c} of task {id} awaits appraisal");
        }
        TaskCommand::Appraise { id, verdict, note } => {
            let v = if verdict == "accept" {
                Verdict::Accept
            } else {
                Verdict::SendBack
            };
            store.appraise(id, v, &note, by).await?;
            println!("task {id}: {verdict}");
        }
        TaskCommand::Extend { id, to, reason } => {
            let c = store
                .request_extension(ExtensionRequest {
                    task_id: id,
                    requested_due: parse_date(&to)?,
                    reason: &reason,
                    by,
                })
                .await?;
            println!("deadline change {c} requested for task {id}");
        }
        TaskCommand::Decide {
            change,
            verdict,
            note,
            objective,
        } => {
            let v = if verdict == "approve" {
                Decision::Approve
            } else {
                Decision::Reject
            };
            store
                .decide_extension_with(change, v, objective && v == Decision::Approve, &note, by)
                .await?;
            println!("deadline change {change}: {verdict}");
        }
    }
    Ok(())
}

#[derive(clap::Args)]
pub struct DbOnly {
    #[command(flatten)]
    db: Db,
}

impl DbOnly {
    pub fn db(&self) -> &Db {
        &self.db
    }
}

pub async fn agencies(a: DbOnly) -> Result<()> {
    let store = a.db.open_existing().await?;
    let agencies = store.agencies().await?;
    if agencies.is_empty() {
        eprintln!("no agencies yet: `dondoc registry import FILE` or `dondoc ingest` adds them");
    }
    for ag in agencies {
        println!(
            "{}\t{}\t{}\t{}",
            ag.id,
            ag.kind.code(),
            ag.name,
            ag.parent.unwrap_or_default()
        );
    }
    Ok(())
}

#[derive(clap::Args)]
pub struct RegistryImportArgs {
    /// A registry file (tab-separated; see crates/dondoc-extract/data/khanh-hoa.tsv).
    file: PathBuf,
    #[command(flatten)]
    db: Db,
}

pub async fn registry_import(a: RegistryImportArgs) -> Result<()> {
    let reg = input::registry(Some(&a.file))?;
    let store = a.db.open().await?;
    let n = store.import_registry(&reg, &a.db.actor).await?;
    println!("{n} agencies imported from {}", a.file.display());
    Ok(())
}

#[derive(clap::Args)]
pub struct ConfirmArgs {
    directive: i64,
    #[command(flatten)]
    db: Db,
}

pub async fn confirm(a: ConfirmArgs) -> Result<()> {
    let store = a.db.open_existing().await?;
    store.confirm_directive(a.directive, &a.db.actor).await?;
    println!("directive {} confirmed: its tasks are tracked", a.directive);
    Ok(())
}

#[derive(clap::Args)]
pub struct FileArgs {
    file: PathBuf,
    #[command(flatten)]
    db: Db,
}

pub async fn backup(a: FileArgs) -> Result<()> {
    let store = a.db.open_existing().await?;
    store.backup(&a.file).await?;
    println!("backup written to {}", a.file.display());
    Ok(())
}

pub async fn restore(a: FileArgs) -> Result<()> {
    if a.db.db.starts_with("postgres") {
        bail!("restore PostgreSQL with pg_restore");
    }
    dondoc_store::restore(&a.file, std::path::Path::new(&a.db.db)).await?;
    println!("{} restored from {}", a.db.db, a.file.display());
    Ok(())
}
