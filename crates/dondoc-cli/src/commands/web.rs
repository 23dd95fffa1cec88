//! `dondoc serve`: the web application; `dondoc user add`: accounts.

use super::tracking::{Db, parse_date};
use anyhow::{Context, Result, bail};
use dondoc_domain::access::Role;
use dondoc_store::NewUser;
use dondoc_web::{AppState, Settings};

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "DONDOC_ADDR", default_value = "127.0.0.1:8080")]
    addr: String,
    /// Load the sample directives and demo accounts (into `dondoc-demo.sqlite`
    /// unless --db is given).
    #[arg(long)]
    demo: bool,
    /// The address users reach the app at, for links (default: http://ADDR).
    #[arg(long, env = "DONDOC_PUBLIC_URL")]
    public_url: Option<String>,
    /// The agency (name) whose tree the dashboard counts; default: all.
    #[arg(long)]
    scope: Option<String>,
    /// Seconds a dashboard is cached when nothing is written (0: off).
    #[arg(long, default_value_t = 60)]
    dashboard_cache: u64,
    /// Largest directive upload, in MB.
    #[arg(long, default_value_t = 20)]
    max_upload_mb: usize,
    /// Most text one uploaded file may give, in KB (a directive is < 1 MB).
    #[arg(long, default_value_t = 2048)]
    max_text_kb: usize,
    /// Pretend today is this date (dd/mm/yyyy), for demonstrations.
    #[arg(long)]
    today: Option<String>,
    /// SMTP relay host:port for the reminder e-mails.
    #[arg(long, env = "DONDOC_SMTP")]
    smtp: Option<String>,
    /// The sender address of the reminder e-mails.
    #[arg(
        long,
        env = "DONDOC_MAIL_FROM",
        default_value = "dondoc <dondoc@localhost>"
    )]
    mail_from: String,
    /// Reminder policy, e.g. "truoc=7,3;dung-han=co;qua-han=1,7,30;lap-lai=30;gan-co=3".
    #[arg(long, env = "DONDOC_REMINDER_POLICY")]
    policy: Option<String>,
    /// Do not run reminders and deliveries in the server (cron runs them).
    #[arg(long)]
    no_follow_up: bool,
    #[command(flatten)]
    db: Db,
}

pub async fn serve(a: ServeArgs) -> Result<()> {
    let db = if a.demo && a.db.db == "dondoc.sqlite" {
        "dondoc-demo.sqlite".to_owned()
    } else {
        a.db.db.clone()
    };
    let store = dondoc_store::Store::open(&db)
        .await
        .with_context(|| format!("cannot open the database {}", dondoc_store::redact_url(&db)))?;
    let registry = dondoc_extract::Registry::khanh_hoa();
    let today = a.today.as_deref().map(parse_date).transpose()?;
    let real_today =
        today.unwrap_or_else(|| dondoc_domain::status::province_today(chrono::Utc::now()));
    let accounts = if a.demo {
        let accounts = dondoc_web::demo::seed(&store, &registry, real_today).await?;
        dondoc_web::demo::seed_reports(&store, real_today).await?;
        // Money and targets for the demonstration (giải ngân, chỉ tiêu).
        dondoc_web::money::seed_demo(&store, &registry, real_today).await?;
        Some(accounts)
    } else {
        None
    };
    if store.agencies().await?.is_empty() {
        store.import_registry(&registry, "serve").await?;
    }
    let scope = match &a.scope {
        Some(name) => Some(
            store
                .agency_by_name(name)
                .await?
                .with_context(|| format!("--scope: no agency named {name}"))?
                .id,
        ),
        None => None,
    };
    let listener = tokio::net::TcpListener::bind(&a.addr)
        .await
        .with_context(|| {
            format!(
                "cannot listen on {} (is another dondoc or program using it? choose another address with --addr, e.g. --addr 127.0.0.1:8081)",
                a.addr
            )
        })?;
    let local = listener.local_addr()?;
    let public_url = a
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{local}"));
    let settings = Settings {
        due_soon_days: a.db.due_soon_days,
        secure_cookies: public_url.starts_with("https://"),
        public_url: public_url.clone(),
        scope,
        max_upload_bytes: a.max_upload_mb * 1024 * 1024,
        max_text_bytes: a.max_text_kb * 1024,
        upload_wait: dondoc_web::work::UPLOAD_WAIT,
        dashboard_cache_seconds: a.dashboard_cache,
        today,
        policy: super::followup::policy(a.policy.as_deref())?,
        smtp: super::followup::smtp_config(a.smtp.as_deref(), &a.mail_from)?,
        follow_up: !a.no_follow_up,
        remind_hour: 7,
    };
    println!(
        "dondoc: {public_url}  (database {})",
        dondoc_store::redact_url(&db)
    );
    tracing::info!(url = %public_url, database = %dondoc_store::redact_url(&db), "serving");
    if let Some(accounts) = accounts {
        println!(
            "Demo accounts, password \"{}\":",
            dondoc_web::demo::DEMO_PASSWORD
        );
        for acc in accounts {
            println!("  {:<10} {}", acc.username, acc.role);
        }
    }
    if store.users().await?.is_empty() {
        println!(
            "No user yet: create an administrator with\n  dondoc --db {} user add admin --role admin --name \"Quản trị\"",
            dondoc_store::redact_url(&db)
        );
    }
    println!("Ctrl-C to stop.");
    dondoc_web::serve(AppState::new(store, registry, settings), listener).await?;
    Ok(())
}

#[derive(clap::Args)]
pub struct UserAddArgs {
    /// Login name (a–z, digits, . _ - @).
    username: String,
    /// admin, secretariat, leader or officer.
    #[arg(long)]
    role: String,
    /// The officer's agency (name).
    #[arg(long)]
    agency: Option<String>,
    /// Display name.
    #[arg(long)]
    name: String,
    #[arg(long)]
    email: Option<String>,
    /// The password (default: read from the DONDOC_PASSWORD variable).
    #[arg(long, env = "DONDOC_PASSWORD", hide_env_values = true)]
    password: String,
    #[command(flatten)]
    db: Db,
}

pub async fn user_add(a: UserAddArgs) -> Result<()> {
    let store = a.db.open().await?;
    let role = match a.role.as_str() {
        "admin" => Role::Admin,
        "secretariat" => Role::Secretariat,
        "leader" => Role::Leader,
        "officer" => {
            let Some(name) = &a.agency else {
                bail!("--role officer needs --agency");
            };
            let agency = store
                .agency_by_name(name)
                .await?
                .with_context(|| format!("--agency: no agency named {name}"))?;
            Role::Officer { agency: agency.id }
        }
        other => bail!("--role: {other} is not one of admin, secretariat, leader, officer"),
    };
    let hash = dondoc_web::auth::password::hash(&a.password).map_err(anyhow::Error::msg)?;
    let id = store
        .create_user(
            NewUser {
                username: &a.username,
                display_name: &a.name,
                password_hash: &hash,
                role,
                email: a.email.as_deref(),
            },
            &a.db.actor,
        )
        .await?;
    println!("user {} created (id {id})", a.username);
    Ok(())
}

#[derive(clap::Args)]
pub struct TokenAddArgs {
    /// The user the token acts as (its access rules apply).
    #[arg(long)]
    user: String,
    /// What the token is for ("IOC tỉnh").
    #[arg(long)]
    label: String,
    #[command(flatten)]
    db: Db,
}

/// Prints a new API token (shown once; the database keeps its SHA-256).
pub async fn token_add(a: TokenAddArgs) -> Result<()> {
    let store = a.db.open_existing().await?;
    let (user, _) = store
        .user_for_login(&a.user)
        .await?
        .with_context(|| format!("--user: no user {}", a.user))?;
    let token = dondoc_web::auth::random_token().map_err(|e| anyhow::anyhow!("{e}"))?;
    store
        .create_api_token(
            &dondoc_web::auth::token_digest(&token),
            user.id,
            &a.label,
            &a.db.actor,
        )
        .await?;
    println!("{token}");
    Ok(())
}

#[derive(clap::Args)]
pub struct TokenRevokeArgs {
    /// The token's number (see `dondoc user tokens`).
    id: i64,
    #[command(flatten)]
    db: Db,
}

/// Lists API tokens (number, user, label, created, state); never the secret.
pub async fn tokens(a: super::tracking::DbOnly) -> Result<()> {
    let store = a.db().open_existing().await?;
    for t in store.api_tokens(None).await? {
        println!(
            "{}\t{}\t{}\t{}\t{}",
            t.id,
            t.username,
            t.label,
            t.created_at,
            if t.revoked {
                "đã thu hồi"
            } else {
                "đang dùng"
            }
        );
    }
    Ok(())
}

/// Revokes an API token: it stops working at once.
pub async fn token_revoke(a: TokenRevokeArgs) -> Result<()> {
    let store = a.db.open_existing().await?;
    store.revoke_api_token(a.id, None, &a.db.actor).await?;
    println!("token {} revoked", a.id);
    Ok(())
}
