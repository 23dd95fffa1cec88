//! End to end in real headless Chromium (Debian's `chromium` and
//! `chromium-driver`): the secretariat uploads a Word directive and confirms
//! its tasks, an officer reports and claims completion, the secretariat
//! appraises it and the dashboard changes; an officer of another agency is
//! refused the task's page and its API. Also writes the README screenshots.
//!
//! Ignored by `cargo test`; `.ci/run` installs Chromium and runs them with
//! `cargo test -p dondoc-web --test browser -- --ignored`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{PASSWORD, TestApp, start};
use fantoccini::{Client, ClientBuilder, Locator};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const A: &str = "Sở Khoa học và Công nghệ";
const B: &str = "Sở Tài chính";

struct Driver {
    child: Child,
    port: u16,
    profile: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn chromedriver() -> Driver {
    let port = free_port();
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver (Debian package chromium-driver) must be installed");
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let profile = std::env::temp_dir().join(format!("dondoc-chromium-{port}"));
    Driver {
        child,
        port,
        profile,
    }
}

async fn browser(d: &Driver, width: u32, height: u32) -> Client {
    let caps = serde_json::json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--lang=vi",
                format!("--window-size={width},{height}"),
                format!("--user-data-dir={}", d.profile.display()),
            ]
        }
    });
    let caps: serde_json::Map<String, serde_json::Value> = serde_json::from_value(caps).unwrap();
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", d.port))
        .await
        .expect("a Chromium session")
}

async fn login(c: &Client, app: &TestApp, user: &str, password: &str) {
    c.goto(&format!("{}/dang-nhap", app.url)).await.unwrap();
    c.find(Locator::Css("input[name=username]"))
        .await
        .unwrap()
        .send_keys(user)
        .await
        .unwrap();
    c.find(Locator::Css("input[name=password]"))
        .await
        .unwrap()
        .send_keys(password)
        .await
        .unwrap();
    c.find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait().for_element(Locator::Css(".topbar")).await.unwrap();
}

async fn logout(c: &Client) {
    let url = c.current_url().await.unwrap();
    let mut home = url.clone();
    home.set_path("/");
    home.set_query(None);
    c.goto(home.as_str()).await.unwrap();
    if c.find(Locator::Css("form[action='/dang-xuat'] button"))
        .await
        .is_err()
    {
        panic!(
            "no logout on {url}: {}",
            c.source().await.unwrap_or_default()
        );
    }
    c.find(Locator::Css("form[action='/dang-xuat'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css("input[name=username]"))
        .await
        .unwrap();
}

async fn text_of(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// The value on the dashboard card whose label is `label`.
async fn card(c: &Client, app: &TestApp, label: &str) -> String {
    c.goto(&format!("{}/", app.url)).await.unwrap();
    for card in c.find_all(Locator::Css(".card")).await.unwrap() {
        let t = card.text().await.unwrap();
        if t.contains(label) {
            return t.lines().next().unwrap_or("").to_owned();
        }
    }
    panic!("no card {label}");
}

fn shots_dir() -> Option<PathBuf> {
    std::env::var_os("DONDOC_SCREENSHOTS").map(PathBuf::from)
}

async fn shot(c: &Client, name: &str) {
    if let Some(dir) = shots_dir() {
        std::fs::create_dir_all(&dir).unwrap();
        let png = c.screenshot().await.unwrap();
        std::fs::write(dir.join(name), png).unwrap();
    }
}

fn sample_docx() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sample_001.docx")
}

#[tokio::test]
#[ignore = "needs Debian chromium + chromium-driver; .ci/run runs it"]
async fn upload_confirm_report_claim_appraise_and_refuse() {
    let app = start(A, B, false).await;
    let driver = chromedriver().await;
    let c = browser(&driver, 1366, 900).await;

    // The secretariat uploads a Word directive and reviews it.
    login(&c, &app, "thuky", PASSWORD).await;
    let done_before = card(&c, &app, "Hoàn thành đúng hạn").await;
    c.goto(&format!("{}/van-ban", app.url)).await.unwrap();
    c.find(Locator::Id("upload-file"))
        .await
        .unwrap()
        .send_keys(sample_docx().to_str().unwrap())
        .await
        .unwrap();
    c.find(Locator::Id("upload-button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait().for_element(Locator::Css(".review")).await.unwrap();
    let cards = c.find_all(Locator::Css(".task-card")).await.unwrap();
    assert!(
        cards.len() >= 10,
        "{} tasks extracted from the .docx",
        cards.len()
    );
    assert!(text_of(&c, "h1").await.contains("08-TB/BCĐ"));
    // Clicking a task highlights its sentence in the source text.
    cards[1]
        .find(Locator::Css("header"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let lit = c
        .find_all(Locator::Css(".source-lines li.hl"))
        .await
        .unwrap();
    assert!(!lit.is_empty(), "the task's lines are highlighted");
    let first_line = lit[0].text().await.unwrap();
    assert!(!first_line.trim().is_empty());
    // The agency picker filters as one types, with or without diacritics.
    c.find(Locator::Css(".picker-search"))
        .await
        .unwrap()
        .send_keys("so tai chinh")
        .await
        .unwrap();
    let shown = c
        .execute(
            "const s = document.querySelector('.picker-search + select');\
             return Array.from(s.options).filter(o => !o.hidden).map(o => o.text);",
            vec![],
        )
        .await
        .unwrap();
    let shown: Vec<String> = serde_json::from_value(shown).unwrap();
    assert!(shown.iter().any(|n| n == "Sở Tài chính"), "{shown:?}");
    assert!(shown.len() < 5, "the rest is hidden: {shown:?}");
    c.find(Locator::Id("confirm-button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css(".badge.green"))
        .await
        .unwrap();
    assert!(c.source().await.unwrap().contains("Đang theo dõi"));
    logout(&c).await;

    // An officer of the lead agency reports progress and claims completion
    // (a task of A's with no claim or request yet, that B cannot reach).
    let id = common::task_of_a(&app).await;
    login(&c, &app, "canbo_a", PASSWORD).await;
    assert!(
        c.current_url()
            .await
            .unwrap()
            .path()
            .starts_with("/co-quan/"),
        "officers land on their inbox"
    );
    c.goto(&format!("{}/nhiem-vu/{id}", app.url)).await.unwrap();
    let percent = c
        .find(Locator::Css("#progress-form input[name=percent]"))
        .await
        .unwrap();
    percent.clear().await.unwrap();
    percent.send_keys("80").await.unwrap();
    c.find(Locator::Css("#progress-form textarea[name=body]"))
        .await
        .unwrap()
        .send_keys("Đã hoàn thiện dự thảo, trình Ban Chỉ đạo.")
        .await
        .unwrap();
    c.find(Locator::Css("#progress-form button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css("#timeline li"))
        .await
        .unwrap();
    assert!(text_of(&c, "#timeline").await.contains("80%"));
    c.find(Locator::Css("#claim-panel textarea[name=note]"))
        .await
        .unwrap()
        .send_keys("Đã ban hành, có văn bản kèm theo.")
        .await
        .unwrap();
    c.find(Locator::Id("claim-button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css("p.notice"))
        .await
        .unwrap();
    assert!(
        c.source()
            .await
            .unwrap()
            .contains("chờ Văn phòng thường trực thẩm định")
    );
    logout(&c).await;

    // An officer of another agency is refused the page and the API.
    login(&c, &app, "canbo_b", PASSWORD).await;
    c.goto(&format!("{}/nhiem-vu/{id}", app.url)).await.unwrap();
    assert!(text_of(&c, "h1").await.contains("Không có quyền"));
    logout(&c).await;
    let token = "b".repeat(64);
    let b_user = app
        .store
        .users()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.username == "canbo_b")
        .unwrap();
    app.store
        .create_api_token(
            &dondoc_web::auth::token_digest(&token),
            b_user.id,
            "e2e",
            "test",
        )
        .await
        .unwrap();
    let r = reqwest::Client::new()
        .get(format!("{}/api/v1/tasks/{id}", app.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::FORBIDDEN);

    // The secretariat appraises; the dashboard counts the task as done.
    login(&c, &app, "thuky", PASSWORD).await;
    c.goto(&format!("{}/nhiem-vu/{id}", app.url)).await.unwrap();
    c.find(Locator::Id("accept-button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Id("done-notice"))
        .await
        .unwrap();
    let status = text_of(&c, "#task-status").await;
    assert!(status.starts_with("Hoàn thành"), "{status}");
    let done_after = card(&c, &app, "Hoàn thành đúng hạn").await;
    let n = |s: &str| s.replace('.', "").parse::<i64>().unwrap();
    let late_after = card(&c, &app, "Hoàn thành trễ hạn").await;
    assert_eq!(
        n(&done_after) + n(&late_after),
        n(&done_before) + 1,
        "the dashboard counts the appraised task ({done_before} → {done_after}, late {late_after})"
    );
    c.close().await.unwrap();
}

/// Screenshots of the main pages on the demo data, for the README.
#[tokio::test]
#[ignore = "needs Debian chromium + chromium-driver; .ci/run runs it"]
async fn screenshots_of_the_main_pages() {
    let app = start(A, B, true).await;
    let driver = chromedriver().await;
    let c = browser(&driver, 1366, 860).await;
    login(&c, &app, "vanphong", dondoc_web::demo::DEMO_PASSWORD).await;
    c.goto(&format!("{}/", app.url)).await.unwrap();
    c.wait()
        .for_element(Locator::Css("#chart-overdue"))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(900)).await;
    // The vendored Chart.js ran under the page's Content-Security-Policy and
    // drew each chart (it registers every chart it draws on its canvas).
    let drawn = c
        .execute(
            "return ['chart-status', 'chart-overdue', 'chart-rate']\
             .map(id => !!(window.Chart && Chart.getChart(id)));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(drawn, serde_json::json!([true, true, true]));
    shot(&c, "dashboard.png").await;
    c.goto(&format!("{}/nhiem-vu?status=overdue", app.url))
        .await
        .unwrap();
    shot(&c, "tasks.png").await;
    let first = c
        .find(Locator::Css("#task-table tbody tr a"))
        .await
        .unwrap();
    first.click().await.unwrap();
    c.wait().for_element(Locator::Css(".facts")).await.unwrap();
    shot(&c, "task.png").await;
    c.goto(&format!("{}/van-ban/2", app.url)).await.unwrap();
    let cards = c.find_all(Locator::Css(".task-card header")).await.unwrap();
    cards[2].click().await.unwrap();
    tokio::time::sleep(Duration::from_millis(600)).await;
    c.execute("window.scrollTo(0, 0);", vec![]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    shot(&c, "review.png").await;
    // A few days of reminders, so that the follow-up page has something to show.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
    let policy =
        dondoc_followup::ReminderPolicy::parse("truoc=7,3;qua-han=1,7,30;lap-lai=1;gan-co=3")
            .unwrap();
    for d in 0..4 {
        dondoc_notify::daily_run(
            &app.store,
            &policy,
            today - chrono::Duration::days(3 - d),
            &app.url,
            false,
        )
        .await
        .unwrap();
    }
    c.goto(&format!("{}/don-doc", app.url)).await.unwrap();
    c.wait()
        .for_element(Locator::Id("escalation"))
        .await
        .unwrap();
    shot(&c, "followup.png").await;
    c.goto(&format!("{}/co-quan/{}", app.url, app.a))
        .await
        .unwrap();
    shot(&c, "agency.png").await;
    c.goto(&format!("{}/?ioc=1", app.url)).await.unwrap();
    tokio::time::sleep(Duration::from_millis(900)).await;
    shot(&c, "ioc.png").await;
    logout(&c).await;
    c.close().await.unwrap();

    // A commune or agency officer on a phone.
    let phone = browser(&driver, 390, 844).await;
    login(&phone, &app, "canbo1", dondoc_web::demo::DEMO_PASSWORD).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let overflow = phone
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth + 1;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        overflow,
        serde_json::Value::Bool(true),
        "no sideways scrolling on a phone"
    );
    shot(&phone, "phone-inbox.png").await;
    phone.close().await.unwrap();
}

/// Words of the code's vocabulary that must never reach the screen: state
/// codes, role and kind codes, Rust's names for empty values, English
/// nouns of the store's messages. Matched as written (code words are lower
/// case; names in the data such as "Sun Group" are not the code's).
/// Usernames ("admin") are data too.
const ENGLISH: &[&str] = &[
    "pending",
    "approved",
    "rejected",
    "accepted",
    "sent_back",
    "overdue",
    "due_soon",
    "in_progress",
    "not_yet_due",
    "completed",
    "department",
    "commune",
    "central",
    "group",
    "party",
    "officer",
    "secretariat",
    "leader",
    "weekly",
    "monthly",
    "quarterly",
    "yearly",
    "ongoing",
    "halfyearly",
    "tasks",
    "task",
    "session",
    "login",
    "agency",
    "agencies",
    "directive",
    "none",
    "some",
    "null",
    "error",
    "failed",
    "invalid",
    "empty",
    "exists",
    "database",
    "deadline",
    "update",
    "upload",
    "token",
    "file",
    "the",
    "and",
    "is",
    "not",
];

/// Every page a role opens speaks Vietnamese: its visible text holds none of
/// the code's English words.
#[tokio::test]
#[ignore = "needs chromium and chromedriver (run by .ci/run)"]
async fn every_page_speaks_vietnamese() {
    let app = start(A, B, true).await;
    // Some waiting work and an answered explanation, so that every list shows rows.
    let policy = dondoc_followup::ReminderPolicy::default();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
    dondoc_notify::daily_run(&app.store, &policy, today, &app.url, false)
        .await
        .unwrap();
    let driver = chromedriver().await;
    let c = browser(&driver, 1366, 860).await;
    let task = common::task_of_a(&app).await;
    let pages_of = |role: &str| -> Vec<String> {
        let mut p = vec![
            "/".to_owned(),
            "/nhiem-vu".into(),
            "/nhiem-vu?status=overdue".into(),
            format!("/nhiem-vu/{task}"),
            "/viec-cho".into(),
            "/lich".into(),
            "/huong-dan".into(),
            "/mat-khau".into(),
            format!("/co-quan/{}", app.a),
            "/bao-cao".into(),
            "/xep-hang".into(),
            "/xep-hang/kpi".into(),
            "/giai-ngan".into(),
            "/giai-ngan/du-an".into(),
            "/chi-tieu".into(),
        ];
        if role != "canbo_a" {
            p.extend([
                "/co-quan".into(),
                "/van-ban".into(),
                "/van-ban/2".into(),
                "/don-doc".into(),
                "/tieu-chi".into(),
            ]);
        }
        if role == "thuky" {
            p.push("/giai-ngan/nhap".into());
        }
        if role == "quantri" {
            p.push("/quan-tri".into());
        }
        p
    };
    let mut found = Vec::new();
    for user in ["thuky", "sep", "canbo_a", "quantri"] {
        login(&c, &app, user, PASSWORD).await;
        for path in pages_of(user) {
            c.goto(&format!("{}{path}", app.url)).await.unwrap();
            let text = c
                .execute("return document.body.innerText;", vec![])
                .await
                .unwrap()
                .as_str()
                .unwrap_or_default()
                .to_owned();
            for word in text.split(|ch: char| !ch.is_alphanumeric() && ch != '_') {
                if ENGLISH.contains(&word) {
                    found.push(format!("{user} {path}: “{word}”"));
                }
            }
        }
        if user == "thuky" {
            c.goto(&format!("{}/viec-cho", app.url)).await.unwrap();
            shot(&c, "queue.png").await;
        }
        logout(&c).await;
    }
    c.close().await.unwrap();
    assert!(found.is_empty(), "English on screen:\n{}", found.join("\n"));
}

/// A whole round of periodic reports: the secretariat opens it, an officer
/// files on a phone, the late one is reminded, the secretariat accepts, the
/// consolidated report is generated and the ranking shown.
#[tokio::test]
#[ignore = "needs Debian chromium + chromium-driver; .ci/run runs it"]
async fn a_round_of_periodic_reports() {
    let app = start(A, B, true).await;
    let driver = chromedriver().await;
    let c = browser(&driver, 1366, 860).await;

    // Open: the May round, due yesterday (19/05), for the default agencies.
    login(&c, &app, "thuky", PASSWORD).await;
    c.find(Locator::LinkText("Báo cáo"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let due = c
        .find(Locator::Css("#open-round input[name=due]"))
        .await
        .unwrap();
    due.clear().await.unwrap();
    due.send_keys("19/05/2026").await.unwrap();
    c.find(Locator::Css("#open-round button.primary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Id("round-figures"))
        .await
        .unwrap();
    let round_url = c.current_url().await.unwrap();
    let round: i64 = round_url
        .path()
        .trim_start_matches("/bao-cao/")
        .parse()
        .unwrap();
    let expected = app.store.round_inbox(round, None).await.unwrap();
    assert!(
        expected.iter().any(|r| r.agency_id == app.a)
            && expected.iter().any(|r| r.agency_id == app.b),
        "A and B have open tasks: both expected"
    );
    logout(&c).await;
    // One browser at a time on the driver's profile.
    c.close().await.unwrap();

    // The officer of A files from a phone: the menu counts the report.
    let phone = browser(&driver, 390, 844).await;
    login(&phone, &app, "canbo_a", PASSWORD).await;
    let menu = phone.source().await.unwrap();
    assert!(
        menu.contains("Báo cáo định kỳ cần gửi"),
        "the menu counts it"
    );
    phone.goto(&format!("{}/bao-cao", app.url)).await.unwrap();
    phone
        .find(Locator::Css("#my-reports a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    phone
        .wait()
        .for_element(Locator::Id("report-form"))
        .await
        .unwrap();
    let first = phone
        .find(Locator::Css(".report-item input[type=number]"))
        .await
        .unwrap();
    first.send_keys("70").await.unwrap();
    let result = phone
        .find(Locator::Css(".report-item textarea"))
        .await
        .unwrap();
    result
        .send_keys("Đã hoàn thiện dự thảo, trình UBND tỉnh")
        .await
        .unwrap();
    let task: i64 = result
        .attr("name")
        .await
        .unwrap()
        .unwrap()
        .trim_start_matches("result_")
        .parse()
        .unwrap();
    phone
        .find(Locator::Css("textarea[name=highlights]"))
        .await
        .unwrap()
        .send_keys("Kết nối cơ sở dữ liệu đất đai với Cổng Dịch vụ công")
        .await
        .unwrap();
    let fits = phone
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth + 1;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(fits, serde_json::Value::Bool(true), "the form fits a phone");
    shot(&phone, "phone-report.png").await;
    phone
        .find(Locator::Id("submit-report"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    phone
        .wait()
        .for_element(Locator::Id("report-view"))
        .await
        .unwrap();
    assert!(text_of(&phone, "#report-state").await.contains("Đã gửi"));
    let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
    let t = app.store.task(task, today, 7).await.unwrap();
    assert_eq!(t.updates.last().map(|u| u.percent), Some(70), "one act");
    phone.close().await.unwrap();

    // The late ones are reminded by the day's run; B's inbox shows it.
    let c = browser(&driver, 1366, 860).await;
    login(&c, &app, "thuky", PASSWORD).await;
    c.goto(&format!("{}/don-doc", app.url)).await.unwrap();
    c.find(Locator::Css("form[action='/don-doc/chay'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // The run posts and comes back to the follow-up page.
    for _ in 0..100 {
        if !app
            .store
            .agency_reminders(app.b, 1)
            .await
            .unwrap()
            .is_empty()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    c.wait()
        .for_element(Locator::Id("escalation"))
        .await
        .unwrap();
    c.goto(round_url.as_str()).await.unwrap();
    c.wait()
        .for_element(Locator::Id("round-figures"))
        .await
        .unwrap();
    let missing = text_of(&c, "#missing").await;
    assert!(
        missing.parse::<i64>().unwrap() >= 1,
        "B is missing: {missing}"
    );
    let inbox = app.store.round_inbox(round, None).await.unwrap();
    let b = inbox.iter().find(|r| r.agency_id == app.b).unwrap();
    assert_eq!(b.reminders, 1, "the late one reminded");
    shot(&c, "round.png").await;

    // The secretariat accepts A's report.
    c.goto(&format!("{}/bao-cao/{round}/don-vi/{}", app.url, app.a))
        .await
        .unwrap();
    c.find(Locator::Id("accept-report"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Id("report-view"))
        .await
        .unwrap();
    assert!(text_of(&c, "#report-state").await.contains("Đã tiếp nhận"));

    // The consolidated report: drafted from the reports, saved, ready.
    c.goto(&format!("{}/bao-cao/{round}/tong-hop", app.url))
        .await
        .unwrap();
    let src = c.source().await.unwrap();
    assert!(src.contains("Kết nối cơ sở dữ liệu đất đai với Cổng Dịch vụ công"));
    assert!(src.contains("Đã hoàn thiện dự thảo, trình UBND tỉnh"));
    c.find(Locator::Id("save-summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Id("docx-link"))
        .await
        .unwrap();
    assert!(c.source().await.unwrap().contains("đã chỉnh sửa"));
    shot(&c, "summary.png").await;
    assert!(app.store.round_summary(round).await.unwrap().is_some());
    let href = c
        .find(Locator::Id("docx-link"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    // The download itself, with the session's cookie.
    let cookie = c.get_named_cookie("dondoc_session").await.unwrap();
    let docx = reqwest::Client::new()
        .get(format!("{}{href}", app.url))
        .header("cookie", format!("dondoc_session={}", cookie.value()))
        .send()
        .await
        .unwrap();
    assert_eq!(docx.status(), reqwest::StatusCode::OK);
    assert!(docx.bytes().await.unwrap().starts_with(b"PK"));

    // The ranking of May (provisional), and A's explained score.
    c.find(Locator::LinkText("Xếp hạng"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css("table.ranking"))
        .await
        .unwrap();
    assert!(c.source().await.unwrap().contains("Tạm tính"));
    shot(&c, "ranking.png").await;
    c.find(Locator::LinkText(A))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait().for_element(Locator::Id("score")).await.unwrap();
    let src = c.source().await.unwrap();
    assert!(src.contains("Giải trình từng điểm") && src.contains("Báo cáo tháng 5/2026"));
    shot(&c, "score.png").await;
    c.close().await.unwrap();
}

fn workbook(name: &str) -> PathBuf {
    // Chromium wants a canonical path (no "..").
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../dondoc-read/test_data")
        .join(name)
        .canonicalize()
        .unwrap()
}

/// Money and targets in the browser: the secretariat imports the finance
/// department's workbook (preview, then confirmation); a project behind plan
/// shows on the dashboard and in its agency's digest; an officer records an
/// indicator's value and its colour changes.
#[tokio::test]
#[ignore = "needs Debian chromium + chromium-driver; .ci/run runs it"]
async fn import_plan_and_actuals_then_an_indicator_changes_colour() {
    let app = start(A, B, false).await;
    let driver = chromedriver().await;
    let c = browser(&driver, 1366, 900).await;
    login(&c, &app, "thuky", PASSWORD).await;
    c.goto(&format!("{}/giai-ngan/nhap", app.url))
        .await
        .unwrap();
    c.find(Locator::Id("import-file"))
        .await
        .unwrap()
        .send_keys(workbook("disbursement_good.xlsx").to_str().unwrap())
        .await
        .unwrap();
    c.find(Locator::Id("import-button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Id("preview-table"))
        .await
        .unwrap();
    let preview = text_of(&c, "#preview-table").await;
    assert!(preview.contains("DA01"), "{preview}");
    shot(&c, "money-import.png").await;
    c.find(Locator::Id("import-confirm"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Id("import-result"))
        .await
        .unwrap();
    assert!(text_of(&c, "#import-result").await.contains("tạo mới"));
    // The dashboard lists the project behind plan, with its rate.
    c.goto(&format!("{}/", app.url)).await.unwrap();
    let behind = text_of(&c, "#dashboard-behind").await;
    assert!(
        behind.contains("DA01") && behind.contains("62 %"),
        "{behind}"
    );
    // The disbursement page draws its charts; a month's bar opens its list.
    c.goto(&format!("{}/giai-ngan", app.url)).await.unwrap();
    c.wait()
        .for_element(Locator::Id("chart-months"))
        .await
        .unwrap();
    let drawn = c
        .execute(
            "return ['chart-months','chart-agencies','chart-sources'].every(id => window.Chart && Chart.getChart(document.getElementById(id)));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(drawn, serde_json::json!(true), "every chart drawn");
    shot(&c, "money.png").await;
    // The daily run: the project in its agency's digest.
    c.goto(&format!("{}/don-doc", app.url)).await.unwrap();
    c.find(Locator::Css("form[action='/don-doc/chay'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.goto(&format!("{}/co-quan/{}", app.url, app.a))
        .await
        .unwrap();
    let inbox = c.source().await.unwrap();
    assert!(
        inbox.contains("DỰ ÁN CHẬM GIẢI NGÂN") || inbox.contains("dự án chậm giải ngân"),
        "digest"
    );
    assert!(inbox.contains("DA01"));
    // The secretariat sets an indicator for agency A.
    c.goto(&format!("{}/chi-tieu", app.url)).await.unwrap();
    c.find(Locator::Css("#new-indicator summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let fill = |name: &'static str, value: &'static str| {
        let c = c.clone();
        async move {
            c.find(Locator::Css(&format!("#new-indicator [name={name}]")))
                .await
                .unwrap()
                .send_keys(value)
                .await
                .unwrap();
        }
    };
    fill("code", "DVC-TT").await;
    fill("name", "Tỷ lệ hồ sơ trực tuyến toàn trình").await;
    c.find(Locator::Css(&format!(
        "#new-indicator select[name=agency] option[value='{}']",
        app.a
    )))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    c.find(Locator::Css(
        "#new-indicator select[name=frequency] option[value='quarter']",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    fill("baseline", "40").await;
    fill("baseline_year", "2025").await;
    fill("target_period", "2026").await;
    fill("target_value", "80").await;
    c.find(Locator::Css("#new-indicator button.primary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Id("indicator-status"))
        .await
        .unwrap();
    let url = c.current_url().await.unwrap();
    logout(&c).await;
    // The officer of A records a value: grey, then red, then green.
    login(&c, &app, "canbo_a", PASSWORD).await;
    c.goto(url.as_str()).await.unwrap();
    let colour = |c: Client| async move {
        c.find(Locator::Id("indicator-status"))
            .await
            .unwrap()
            .attr("data-status")
            .await
            .unwrap()
            .unwrap_or_default()
    };
    assert_eq!(colour(c.clone()).await, "grey");
    for (value, expected) in [("45", "red"), ("52", "green")] {
        let period = c
            .find(Locator::Css("#value-form [name=period]"))
            .await
            .unwrap();
        period.clear().await.unwrap();
        period.send_keys("Quý I/2026").await.unwrap();
        let input = c.find(Locator::Id("value-input")).await.unwrap();
        input.clear().await.unwrap();
        input.send_keys(value).await.unwrap();
        c.find(Locator::Css("#value-form [name=document_number]"))
            .await
            .unwrap()
            .send_keys("12/BC-SKHCN")
            .await
            .unwrap();
        c.find(Locator::Id("value-button"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        c.wait().for_element(Locator::Id("values")).await.unwrap();
        assert_eq!(colour(c.clone()).await, expected, "after {value} %");
    }
    shot(&c, "indicator.png").await;
    c.close().await.unwrap();
}
