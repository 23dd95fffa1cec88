//! `dondoc remind` (the daily run, for cron) and `dondoc send` (drain the outbox).

use super::tracking::{Db, parse_date};
use anyhow::{Context, Result};
use dondoc_followup::ReminderPolicy;
use dondoc_notify::{Sender, SmtpConfig};

#[derive(clap::Args)]
pub struct RemindArgs {
    /// Print the digests without storing or sending anything.
    #[arg(long)]
    dry_run: bool,
    /// The day to run for (dd/mm/yyyy); default: today in the province.
    #[arg(long)]
    date: Option<String>,
    /// Reminder policy, e.g. "truoc=7,3;dung-han=co;qua-han=1,7,30;lap-lai=30;gan-co=3".
    #[arg(long, env = "DONDOC_REMINDER_POLICY")]
    policy: Option<String>,
    /// The app's address, for the links in the digests.
    #[arg(
        long,
        env = "DONDOC_PUBLIC_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    public_url: String,
    #[command(flatten)]
    db: Db,
}

pub fn policy(text: Option<&str>) -> Result<ReminderPolicy> {
    match text {
        Some(t) => ReminderPolicy::parse(t).with_context(|| format!("--policy {t:?}")),
        None => Ok(ReminderPolicy::default()),
    }
}

pub async fn remind(a: RemindArgs) -> Result<()> {
    let store = a.db.open_existing().await?;
    let policy = policy(a.policy.as_deref())?;
    let today = match &a.date {
        Some(d) => parse_date(d)?,
        None => dondoc_domain::status::province_today(chrono::Utc::now()),
    };
    let started = std::time::Instant::now();
    let r = dondoc_notify::daily_run(&store, &policy, today, &a.public_url, a.dry_run).await?;
    if a.dry_run {
        for (agency, d) in &r.digests {
            println!("=== {agency}\n{}\n\n{}", d.subject, d.text_body);
        }
    }
    println!(
        "{}: {} agencies, {} task reminders, {} recurring duties; {} digests stored, {} deliveries queued ({:.2} s){}",
        today.format("%d/%m/%Y"),
        r.agencies,
        r.tasks,
        r.duties,
        r.stored,
        r.deliveries,
        started.elapsed().as_secs_f64(),
        if a.dry_run {
            " — dry run, nothing stored"
        } else {
            ""
        }
    );
    Ok(())
}

#[derive(clap::Args)]
pub struct SendArgs {
    /// SMTP relay host:port (plain SMTP on the province network).
    #[arg(long, env = "DONDOC_SMTP")]
    smtp: Option<String>,
    /// The sender address of the e-mails.
    #[arg(
        long,
        env = "DONDOC_MAIL_FROM",
        default_value = "dondoc <dondoc@localhost>"
    )]
    from: String,
    /// Seconds a claimed message is reserved (a crashed sender's messages
    /// are taken up again after this).
    #[arg(long, default_value_t = 120)]
    lease_seconds: i64,
    #[command(flatten)]
    db: Db,
}

pub fn smtp_config(smtp: Option<&str>, from: &str) -> Result<Option<SmtpConfig>> {
    smtp.map(|s| {
        let (host, port) = s
            .rsplit_once(':')
            .with_context(|| format!("--smtp {s}: expected host:port"))?;
        Ok(SmtpConfig {
            host: host.to_owned(),
            port: port
                .parse()
                .with_context(|| format!("--smtp {s}: bad port"))?,
            from: from.to_owned(),
        })
    })
    .transpose()
}

pub async fn send(a: SendArgs) -> Result<()> {
    let store = a.db.open_existing().await?;
    let mut sender = Sender::new(smtp_config(a.smtp.as_deref(), &a.from)?)?;
    sender.lease_seconds = a.lease_seconds;
    let r = sender.drain(&store, chrono::Utc::now()).await?;
    println!(
        "{} sent, {} to retry, {} given up",
        r.sent, r.retrying, r.given_up
    );
    Ok(())
}
