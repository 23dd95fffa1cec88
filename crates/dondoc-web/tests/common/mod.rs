//! A running dondoc on loopback over a fresh SQLite file (or a fresh
//! PostgreSQL database when `DONDOC_TEST_POSTGRES` holds a server URL), with
//! users of every role, for the HTTP and browser tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use dondoc_domain::access::Role;
use dondoc_store::TaskFilter;
use dondoc_store::{NewUser, Store};
use dondoc_web::{AppState, Settings};
use reqwest::StatusCode;
use reqwest::redirect::Policy;

pub const PASSWORD: &str = "mat-khau-thu";

pub struct TestApp {
    pub url: String,
    pub store: Store,
    pub dir: std::path::PathBuf,
    /// Agency ids: the officer `canbo_a` works for `a`, `canbo_b` for `b`.
    pub a: i64,
    pub b: i64,
}

/// A test's files go with it (its SQLite database, uploads, renderings).
impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Starts the app. `a` and `b` are agency names for the two officers.
pub async fn start(a: &str, b: &str, demo: bool) -> TestApp {
    start_on(None, a, b, demo).await
}

/// Starts the app on the SQLite file `db` when given (else as [`start`]).
pub async fn start_on(db: Option<&std::path::Path>, a: &str, b: &str, demo: bool) -> TestApp {
    start_tuned(db, a, b, demo, |_| {}).await
}

/// Starts the app with settings changed by `tune`.
pub async fn start_tuned(
    db: Option<&std::path::Path>,
    a: &str,
    b: &str,
    demo: bool,
    tune: impl FnOnce(&mut Settings),
) -> TestApp {
    let dir = std::env::temp_dir().join(format!(
        "dondoc-web-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let postgres = std::env::var("DONDOC_TEST_POSTGRES")
        .ok()
        .filter(|_| db.is_none());
    let store = match postgres {
        // The same tests on PostgreSQL: a fresh database per test.
        Some(base) => {
            static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
            let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let name = format!("dondoc_web_test_{}_{n}", std::process::id());
            let admin = Store::open(&base).await.unwrap();
            admin
                .execute_admin(&format!("DROP DATABASE IF EXISTS {name}"))
                .await
                .unwrap();
            admin
                .execute_admin(&format!("CREATE DATABASE {name}"))
                .await
                .unwrap();
            admin.close().await;
            let url = format!(
                "{}/{name}",
                base.rsplit_once('/').map_or(base.as_str(), |(h, _)| h)
            );
            Store::open(&url).await.unwrap()
        }
        None => {
            let path = db.map_or_else(|| dir.join("t.sqlite"), |p| p.to_path_buf());
            Store::open(path.to_str().unwrap()).await.unwrap()
        }
    };
    let registry = dondoc_extract::Registry::khanh_hoa();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
    if demo {
        dondoc_web::demo::seed(&store, &registry, today)
            .await
            .unwrap();
    } else {
        store.import_registry(&registry, "test").await.unwrap();
    }
    let hash = dondoc_web::auth::password::hash(PASSWORD).unwrap();
    let a_id = store.agency_by_name(a).await.unwrap().unwrap().id;
    let b_id = store.agency_by_name(b).await.unwrap().unwrap().id;
    for (username, role) in [
        ("quantri", Role::Admin),
        ("thuky", Role::Secretariat),
        ("sep", Role::Leader),
        ("canbo_a", Role::Officer { agency: a_id }),
        ("canbo_b", Role::Officer { agency: b_id }),
    ] {
        store
            .create_user(
                NewUser {
                    username,
                    display_name: username,
                    password_hash: &hash,
                    role,
                    email: None,
                },
                "test",
            )
            .await
            .unwrap();
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let mut settings = Settings {
        public_url: url.clone(),
        today: Some(today),
        max_upload_bytes: 2 * 1024 * 1024,
        ..Settings::default()
    };
    tune(&mut settings);
    let state = AppState::new(store.clone(), registry, settings);
    tokio::spawn(async move {
        dondoc_web::serve(state, listener).await.unwrap();
    });
    TestApp {
        url,
        store,
        dir,
        a: a_id,
        b: b_id,
    }
}

/// The CSRF token of the first form in a page.
pub fn csrf_of(html: &str) -> String {
    let at = html
        .find("name=\"csrf\" value=\"")
        .expect("a form with a CSRF token");
    let rest = &html[at + "name=\"csrf\" value=\"".len()..];
    rest[..rest.find('"').unwrap()].to_owned()
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .unwrap()
}

pub async fn login(app: &TestApp, user: &str) -> reqwest::Client {
    let c = client();
    let r = c
        .post(format!("{}/dang-nhap", app.url))
        .form(&[("username", user), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "login of {user}");
    c
}

pub async fn page(c: &reqwest::Client, url: String) -> (StatusCode, String) {
    let r = c.get(url).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

/// A task that agency A leads and B neither leads nor supports.
pub async fn task_of_a(app: &TestApp) -> i64 {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
    let list = app
        .store
        .tasks(
            &TaskFilter {
                agency: Some(app.a),
                limit: 100,
                ..TaskFilter::default()
            },
            today,
            7,
        )
        .await
        .unwrap();
    let groups_b = app.store.groups_of(app.b).await.unwrap();
    for t in list {
        let (lead, support) = app.store.task_assignment(t.id).await.unwrap();
        let d = app.store.task(t.id, today, 7).await.unwrap();
        let fresh = d.completions.is_empty()
            && d.deadline_changes.is_empty()
            && d.row.completed_on.is_none();
        // B reaches it in no way (not even through a group).
        let b_reach = dondoc_domain::access::Reach::of(
            app.b,
            &groups_b,
            dondoc_domain::access::Assignment {
                lead: &lead,
                support: &support,
            },
        );
        if fresh && lead.contains(&app.a) && !b_reach.any() {
            return t.id;
        }
    }
    panic!("no task of A alone in the demo data");
}

/// The number in the menu's "Việc chờ xử lý" entry (0 when none is shown).
pub fn menu_count(html: &str) -> usize {
    let Some(at) = html.find("id=\"menu-queue\"") else {
        return 0;
    };
    let rest = &html[at..html[at..].find("</a>").map_or(html.len(), |e| at + e)];
    rest.find("class=\"count\"")
        .and_then(|c| rest[c..].split('>').nth(1))
        .and_then(|n| n.split('<').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}
