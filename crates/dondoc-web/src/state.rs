//! What every request handler shares: the store, the agency registry the
//! extractor matches names against, settings, and the dashboard cache.

use crate::auth::throttle::LoginThrottle;
use crate::cache::{Generations, ReadCache};
use crate::dashboard::{DashboardData, Scope};
use dondoc_extract::Registry;
use dondoc_store::Store;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct Settings {
    /// A task is "due soon" this many days before its deadline.
    pub due_soon_days: u32,
    /// The address users reach the app at (links in exports and mails).
    pub public_url: String,
    /// Send the session cookie only over HTTPS.
    pub secure_cookies: bool,
    /// The agency (and the agencies under it) the dashboard counts; `None`
    /// counts every agency in the database.
    pub scope: Option<i64>,
    /// Largest directive file accepted for upload.
    pub max_upload_bytes: usize,
    /// How long an upload's request waits for the file to be read before it
    /// shows the progress page instead.
    pub upload_wait: std::time::Duration,
    /// The most text one uploaded file may give (UTF-8 bytes): a real
    /// directive is well under 1 MB; a crafted file stops here.
    pub max_text_bytes: usize,
    /// How long a dashboard stays cached when nothing is written (seconds);
    /// 0 turns the cache off.
    pub dashboard_cache_seconds: u64,
    /// A fixed "today" (demo and tests); `None` reads the clock.
    pub today: Option<chrono::NaiveDate>,
    /// When reminders fall (days before and after deadlines) and when a task
    /// is flagged for the leader.
    pub policy: dondoc_followup::ReminderPolicy,
    /// The mail relay; without it e-mail deliveries wait (and show as such).
    pub smtp: Option<dondoc_notify::SmtpConfig>,
    /// Run the daily reminders and deliver the outbox from the server.
    pub follow_up: bool,
    /// The province local hour from which the daily run happens.
    pub remind_hour: u32,
}

impl Settings {
    /// The upload limit in MB, as the refusals say it.
    pub fn upload_mb(&self) -> usize {
        self.max_upload_bytes / (1024 * 1024)
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            due_soon_days: 7,
            public_url: "http://127.0.0.1:8080".into(),
            secure_cookies: false,
            scope: None,
            max_upload_bytes: 20 * 1024 * 1024,
            max_text_bytes: 2 * 1024 * 1024,
            upload_wait: crate::work::UPLOAD_WAIT,
            dashboard_cache_seconds: 60,
            today: None,
            policy: dondoc_followup::ReminderPolicy::default(),
            smtp: None,
            follow_up: false,
            remind_hour: 7,
        }
    }
}

/// How long the agency list is kept when nothing is written through the app.
const AGENCIES_TTL: std::time::Duration = std::time::Duration::from_secs(60);

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub registry: Arc<Registry>,
    pub settings: Arc<Settings>,
    /// Write generations (what a cached page may still show).
    pub generations: Arc<Generations>,
    /// Dashboards by scope and day.
    pub dashboards: Arc<ReadCache<(Scope, chrono::NaiveDate), DashboardData>>,
    /// Task list pages: (total, the page's rows) by query.
    pub lists: Arc<ReadCache<String, (i64, Vec<dondoc_store::TaskRow>)>>,
    pub throttle: Arc<LoginThrottle>,
    /// Money and targets: cached figures, the IOC feed, import previews.
    pub money: Arc<crate::money::MoneyState>,
    /// Turns at reading uploaded files (see `work.rs`).
    pub reads: Arc<tokio::sync::Semaphore>,
    /// Uploads being read (see `work.rs`).
    pub jobs: Arc<crate::work::Jobs>,
    /// The secretariat's queue length (every page of theirs shows it).
    waiting: Arc<ReadCache<(), i64>>,
    /// The agencies of the scope (pickers and filters need them on most pages).
    agencies: Arc<ReadCache<(), Vec<dondoc_store::AgencyRow>>>,
}

impl AppState {
    pub fn new(store: Store, registry: Registry, settings: Settings) -> Self {
        AppState {
            store,
            registry: Arc::new(registry),
            generations: Arc::default(),
            dashboards: Arc::new(ReadCache::new(
                std::time::Duration::from_secs(settings.dashboard_cache_seconds),
                256,
            )),
            lists: Arc::new(ReadCache::new(
                std::time::Duration::from_secs(settings.dashboard_cache_seconds),
                512,
            )),
            money: Arc::new(crate::money::MoneyState::new(
                std::time::Duration::from_secs(settings.dashboard_cache_seconds),
            )),
            settings: Arc::new(settings),
            throttle: Arc::new(LoginThrottle::default()),
            reads: Arc::new(tokio::sync::Semaphore::new(
                crate::work::MAX_CONCURRENT_READS,
            )),
            jobs: Arc::default(),
            agencies: Arc::new(ReadCache::new(AGENCIES_TTL, 1)),
            waiting: Arc::new(ReadCache::new(AGENCIES_TTL, 1)),
        }
    }

    /// Today in the province.
    pub fn today(&self) -> chrono::NaiveDate {
        self.settings
            .today
            .unwrap_or_else(|| dondoc_domain::status::province_today(chrono::Utc::now()))
    }

    pub fn soon(&self) -> u32 {
        self.settings.due_soon_days
    }

    /// The registry the extractor matches names against: the agencies in the
    /// database (the shipped file, plus those added by administrators and
    /// those met in earlier directives); the shipped file while it is empty.
    pub async fn registry(&self) -> Result<Arc<Registry>, dondoc_store::StoreError> {
        let rows = self.store.registry_rows().await?;
        if rows.is_empty() {
            return Ok(self.registry.clone());
        }
        let agencies = rows
            .into_iter()
            .map(
                |(name, kind, parent, aliases, codes)| dondoc_extract::registry::Agency {
                    kind: dondoc_domain::agency::AgencyKind::from_code(&kind)
                        .unwrap_or(dondoc_domain::agency::AgencyKind::Other),
                    name,
                    parent,
                    aliases,
                    codes,
                },
            )
            .collect();
        Ok(Arc::new(Registry::from_agencies(agencies)))
    }

    /// How many things wait for the secretariat (cached like a dashboard;
    /// `user` sees their own actions at once).
    pub async fn secretariat_waiting(&self, user: i64) -> Result<i64, dondoc_store::StoreError> {
        let fresh = self.generations.freshness(user);
        Ok(*self
            .waiting
            .get((), fresh, || self.store.secretariat_waiting())
            .await?)
    }

    /// The agencies of the deployment's scope (its root and those under it),
    /// or all: the choices of agency filters and pickers. Kept in a read
    /// cache (a minute, or until writes), recomputed by one reader at a time.
    pub async fn agencies_in_scope(
        &self,
    ) -> Result<Arc<Vec<dondoc_store::AgencyRow>>, dondoc_store::StoreError> {
        let fresh = crate::cache::Freshness {
            current: self.generations.current(),
            min: 0,
        };
        self.agencies
            .get((), fresh, || async {
                let all = self.store.agencies().await?;
                Ok(match self.settings.scope {
                    None => all,
                    Some(root) => {
                        let root_name = all.iter().find(|a| a.id == root).map(|a| a.name.clone());
                        all.into_iter()
                            .filter(|a| {
                                a.id == root || (a.parent.is_some() && a.parent == root_name)
                            })
                            .collect()
                    }
                })
            })
            .await
    }
}
