//! Money and targets over HTTP (SQLite here; `.ci/run` runs the same on
//! PostgreSQL): the finance workbook's import (every cell error named by
//! sheet, row and column in the preview, nothing stored before the
//! confirmation, the same file twice changes nothing), rates and projects
//! behind plan on the pages, the dashboard and in the digest, an officer's
//! entry of a month's disbursement and another agency's refusal, an
//! indicator's colour changing with a value, the IOC feed with its ETag,
//! and the audit log.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestApp, csrf_of, login, menu_count, page, start};
use dondoc_store::ProjectFilter;
use reqwest::StatusCode;

const A: &str = "Sở Khoa học và Công nghệ";
const B: &str = "Sở Tài chính";

fn fixture(name: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../dondoc-read/test_data")
        .join(name);
    std::fs::read(p).unwrap()
}

/// Uploads a workbook for its preview; returns (status, page).
async fn upload(app: &TestApp, c: &reqwest::Client, name: &str) -> (StatusCode, String) {
    let (_, html) = page(c, format!("{}/giai-ngan/nhap", app.url)).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf_of(&html))
        .part(
            "file",
            reqwest::multipart::Part::bytes(fixture(name)).file_name(name.to_owned()),
        );
    let r = c
        .post(format!("{}/giai-ngan/nhap", app.url))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

fn hidden(html: &str, name: &str) -> String {
    let key = format!("name=\"{name}\" value=\"");
    let at = html.find(&key).unwrap_or_else(|| panic!("{name} in page")) + key.len();
    html[at..at + html[at..].find('"').unwrap()].to_owned()
}

/// Confirms the preview in `html`; returns where it redirects.
async fn confirm(app: &TestApp, c: &reqwest::Client, html: &str) -> String {
    let r = c
        .post(format!("{}/giai-ngan/nhap/xac-nhan", app.url))
        .form(&[("csrf", csrf_of(html)), ("token", hidden(html, "token"))])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    r.headers()
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned()
}

async fn imported(app: &TestApp) -> TestAppProjects {
    let list = app.store.projects(&ProjectFilter::default()).await.unwrap();
    TestAppProjects(list)
}

struct TestAppProjects(Vec<dondoc_store::StoredProject>);

impl TestAppProjects {
    fn id(&self, code: &str) -> i64 {
        self.0
            .iter()
            .find(|p| p.project.code == code)
            .unwrap_or_else(|| panic!("{code}"))
            .id
    }
}

async fn import_good(app: &TestApp) {
    let c = login(app, "thuky").await;
    let (status, html) = upload(app, &c, "disbursement_good.xlsx").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    confirm(app, &c, &html).await;
}

#[tokio::test]
async fn the_import_previews_every_bad_cell_stores_on_confirmation_and_only_once() {
    let app = start(A, B, false).await;
    let c = login(&app, "thuky").await;
    // A workbook with bad cells: each one named by sheet, row and column.
    let (status, html) = upload(&app, &c, "disbursement_bad.xlsx").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"preview-errors\""), "{html}");
    for place in [
        "Sheet &#39;Giải ngân&#39;, dòng 4, cột E (Kế hoạch vốn)",
        "dòng 9, cột R (GN T1): ô lỗi công thức #REF!",
    ] {
        assert!(
            html.contains(place) || html.contains(&place.replace("&#39;", "'")),
            "{place} in the preview"
        );
    }
    assert!(
        imported(&app).await.0.is_empty(),
        "a preview stores nothing"
    );
    // The good workbook: previewed, nothing stored yet.
    let (status, html) = upload(&app, &c, "disbursement_good.xlsx").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("DA01") && html.contains(">mới<"), "{html}");
    assert!(!html.contains("id=\"preview-errors\""));
    assert!(imported(&app).await.0.is_empty());
    let to = confirm(&app, &c, &html).await;
    assert!(to.contains("tao=3"), "{to}");
    let list = imported(&app).await;
    assert_eq!(list.0.len(), 3);
    let da01 = list.id("DA01");
    let audit_before = app.store.audit("project", da01).await.unwrap().len();
    // The same file again: previewed as unchanged, and its confirmation
    // says it was imported before and changes nothing.
    let (_, html) = upload(&app, &c, "disbursement_good.xlsx").await;
    assert!(
        html.contains("không đổi") && !html.contains(">mới<"),
        "{html}"
    );
    let to = confirm(&app, &c, &html).await;
    assert!(to.contains("da_nhap="), "{to}");
    let (_, html) = page(&c, format!("{}{to}", app.url)).await;
    assert!(html.contains("đã được nhập trước đó"), "{html}");
    assert_eq!(imported(&app).await.0.len(), 3);
    assert_eq!(
        app.store.audit("project", da01).await.unwrap().len(),
        audit_before
    );
    // A preview belongs to its user and is used once.
    let again = c
        .post(format!("{}/giai-ngan/nhap/xac-nhan", app.url))
        .form(&[("csrf", csrf_of(&html)), ("token", hidden(&html, "csrf"))])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::CONFLICT);
    // Officers do not import; a multipart post without the token is refused
    // before any file is read.
    let officer = login(&app, "canbo_a").await;
    let (status, _) = page(&officer, format!("{}/giai-ngan/nhap", app.url)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(fixture("disbursement_good.xlsx")).file_name("x.xlsx"),
    );
    let r = c
        .post(format!("{}/giai-ngan/nhap", app.url))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn rates_and_projects_behind_plan_show_on_pages_dashboard_and_digest() {
    let app = start(A, B, true).await;
    import_good(&app).await;
    let list = imported(&app).await;
    let da01 = list.id("DA01");
    let leader = login(&app, "sep").await;
    // On 20/05/2026 DA01 (1.200 triệu, 100 a month) planned 400 triệu
    // through April and disbursed 250 triệu through May: 62,5 %.
    let (status, html) = page(&leader, format!("{}/giai-ngan?year=2026", app.url)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"chart-months\"") && html.contains("data-chart=\"bar-group\""));
    assert!(
        html.contains(&format!("/giai-ngan/du-an/{da01}")),
        "DA01 among the projects behind plan"
    );
    assert!(html.contains("đạt 62 % kế hoạch đến tháng 4"), "{html}");
    assert!(
        html.contains("/giai-ngan/du-an?year=2026&amp;agency=")
            || html.contains("/giai-ngan/du-an?year=2026&#38;agency="),
        "agency rows link their list: {}",
        &html[html.find("agency-money").unwrap_or(0)..][..1500]
    );
    let (_, html) = page(
        &leader,
        format!("{}/giai-ngan/du-an?year=2026&behind=1", app.url),
    )
    .await;
    assert!(html.contains("DA01") && html.contains("62,5 %"), "{html}");
    let (_, html) = page(
        &leader,
        format!("{}/giai-ngan/du-an?year=2026&month=10", app.url),
    )
    .await;
    assert!(html.contains("Giải ngân T10"));
    let (_, html) = page(&leader, format!("{}/giai-ngan/du-an/{da01}", app.url)).await;
    assert!(
        html.contains("1.200.000.000 đ") && html.contains("Chậm giải ngân"),
        "{html}"
    );
    // The dashboard carries it.
    let (_, html) = page(&leader, format!("{}/", app.url)).await;
    let behind = &html[html.find("id=\"dashboard-behind\"").unwrap()..];
    assert!(behind.contains("DA01"), "{html}");
    // The wall screen too.
    let (_, html) = page(&leader, format!("{}/?ioc=1", app.url)).await;
    assert!(html.contains("id=\"money-section\"") && html.contains("DA01"));
    // The agency's digest: the project behind plan, once a week.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
    let policy = dondoc_followup::ReminderPolicy::default();
    let run = dondoc_notify::daily_run(&app.store, &policy, today, &app.url, false)
        .await
        .unwrap();
    assert!(run.money >= 1, "{run:?}");
    let skhcn = app.a;
    let notes = app.store.agency_reminders(skhcn, 5).await.unwrap();
    let body = &notes[0].text_body;
    assert!(body.contains("DỰ ÁN CHẬM GIẢI NGÂN"), "{body}");
    assert!(body.contains("DA01 — Nền tảng tích hợp"), "{body}");
    assert!(body.contains(&format!("/giai-ngan/du-an/{da01}")));
    let next = dondoc_notify::daily_run(
        &app.store,
        &policy,
        today + chrono::Duration::days(1),
        &app.url,
        false,
    )
    .await
    .unwrap();
    let named: Vec<_> = next
        .digests
        .iter()
        .filter(|(_, d)| d.text_body.contains("DA01"))
        .collect();
    assert!(named.is_empty(), "not again the next day");
    // The agency's page shows its digest.
    let officer = login(&app, "canbo_a").await;
    let (_, html) = page(&officer, format!("{}/co-quan/{skhcn}", app.url)).await;
    assert!(html.contains("DA01"), "{html}");
}

#[tokio::test]
async fn officers_enter_their_own_projects_actuals_and_no_one_else_s() {
    let app = start(A, B, false).await;
    import_good(&app).await;
    let da01 = imported(&app).await.id("DA01");
    let a = login(&app, "canbo_a").await;
    let (status, html) = page(&a, format!("{}/giai-ngan/du-an/{da01}", app.url)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("actual-form"));
    let post = |c: &reqwest::Client, csrf: String, was: &str, amount: &str| {
        c.post(format!("{}/giai-ngan/du-an/{da01}/thuc-hien", app.url))
            .form(&[
                ("csrf", csrf),
                ("month", "5".into()),
                ("was", was.into()),
                ("amount", amount.into()),
            ])
            .send()
    };
    let r = post(&a, csrf_of(&html), "50000000", "1,5 tỷ")
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let p = app.store.project(da01).await.unwrap();
    assert_eq!(
        p.project.actual.month(5),
        dondoc_domain::money::Dong(1_500_000_000)
    );
    // From the same (stale) page: refused, in Vietnamese.
    let r = post(&a, csrf_of(&html), "50000000", "60 triệu")
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("vừa được cập nhật"));
    // Another agency's officer: neither the page nor the form.
    let b = login(&app, "canbo_b").await;
    let (status, html_b) = page(&b, format!("{}/giai-ngan/du-an/{da01}", app.url)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, any) = page(&b, format!("{}/giai-ngan", app.url)).await;
    assert!(
        !any.contains("DA01"),
        "B's overview lists only B's projects"
    );
    let r = post(&b, csrf_of(&any), "1500000000", "0").await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "{html_b}");
    // The leader reads, without the form.
    let leader = login(&app, "sep").await;
    let (status, html) = page(&leader, format!("{}/giai-ngan/du-an/{da01}", app.url)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("actual-form"));
    // The audit log has the entry.
    let audit = app.store.audit("project", da01).await.unwrap();
    let last = audit.last().unwrap();
    assert_eq!(
        (last.actor.as_str(), last.action.as_str()),
        ("canbo_a", "project.actual")
    );
    assert!(last.detail.contains("1.500.000.000 đ"), "{last:?}");
    // The secretariat links a task to the project; the task shows it.
    let sec = login(&app, "thuky").await;
    let (_, html) = page(&sec, format!("{}/giai-ngan/du-an/{da01}", app.url)).await;
    let task = {
        let (_, _) = (1, 2);
        app.store
            .tasks(
                &dondoc_store::TaskFilter {
                    include_drafts: true,
                    ..Default::default()
                },
                chrono::NaiveDate::from_ymd_opt(2026, 5, 20).unwrap(),
                7,
            )
            .await
            .unwrap()
            .first()
            .map(|t| t.id)
    };
    if let Some(task) = task {
        let r = sec
            .post(format!("{}/giai-ngan/du-an/{da01}/nhiem-vu", app.url))
            .form(&[("csrf", csrf_of(&html)), ("task", task.to_string())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let (_, html) = page(&sec, format!("{}/nhiem-vu/{task}", app.url)).await;
        assert!(html.contains(&format!("/giai-ngan/du-an/{da01}")));
    }
}

#[tokio::test]
async fn an_indicator_changes_colour_with_a_new_value() {
    let app = start(A, B, false).await;
    let sec = login(&app, "thuky").await;
    let (_, html) = page(&sec, format!("{}/chi-tieu", app.url)).await;
    let r = sec
        .post(format!("{}/chi-tieu", app.url))
        .form(&[
            ("csrf", csrf_of(&html)),
            ("code", "DVC-TT".into()),
            ("name", "Tỷ lệ hồ sơ trực tuyến toàn trình".into()),
            ("agency", app.a.to_string()),
            ("unit", "percent".into()),
            ("direction", "higher".into()),
            ("frequency", "quarter".into()),
            ("baseline", "40".into()),
            ("baseline_year", "2025".into()),
            ("target_period", "2026".into()),
            ("target_kind", "reach".into()),
            ("target_value", "80".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let at = r.headers()["location"].to_str().unwrap().to_owned();
    let id: i64 = at.trim_start_matches("/chi-tieu/").parse().unwrap();
    let status_of = |html: &str| {
        let at = html.find("id=\"indicator-status\"").unwrap();
        let tail = &html[at..];
        let key = "data-status=\"";
        let s = tail.find(key).unwrap() + key.len();
        tail[s..s + tail[s..].find('"').unwrap()].to_owned()
    };
    let a = login(&app, "canbo_a").await;
    let (_, html) = page(&a, format!("{}{at}", app.url)).await;
    assert_eq!(status_of(&html), "grey");
    // Its value for the first quarter was due on 15/04: the daily run
    // reminds its agency, like a periodic report.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
    let run = dondoc_notify::daily_run(
        &app.store,
        &dondoc_followup::ReminderPolicy::default(),
        today,
        &app.url,
        true,
    )
    .await
    .unwrap();
    let digest = run
        .digests
        .iter()
        .find(|(agency, _)| agency == A)
        .map(|(_, d)| d.text_body.clone())
        .unwrap_or_default();
    assert!(digest.contains("CHỈ TIÊU CẦN CẬP NHẬT SỐ LIỆU"), "{digest}");
    assert!(
        digest.contains("Số liệu quý I/2026: hạn 15/04/2026 (quá hạn 35 ngày)"),
        "{digest}"
    );
    assert!(digest.contains(&format!("/chi-tieu/{id}")));
    let record = |c: &reqwest::Client, csrf: String, value: &str| {
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf)
            .text("period", "Quý I/2026")
            .text("value", value.to_owned())
            .text("document_number", "12/BC-SKHCN")
            .text("document_date", "05/04/2026")
            .part(
                "file",
                reqwest::multipart::Part::bytes(b"%PDF-1.4 bao cao".to_vec()).file_name("bc.pdf"),
            );
        c.post(format!("{}/chi-tieu/{id}/gia-tri", app.url))
            .multipart(form)
            .send()
    };
    // 45 % at the end of Q1, the trajectory 50 %: red.
    let r = record(&a, csrf_of(&html), "45").await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = page(&a, format!("{}{at}", app.url)).await;
    assert_eq!(status_of(&html), "red", "{html}");
    assert!(html.contains("lộ trình"), "the trajectory explained");
    // The list sorts it first and the dashboard shows it.
    let (_, list) = page(&sec, format!("{}/chi-tieu?status=red", app.url)).await;
    assert!(list.contains("DVC-TT"));
    let (_, dash) = page(&sec, format!("{}/", app.url)).await;
    let red = &dash[dash.find("id=\"dashboard-red\"").unwrap()..];
    assert!(red.contains("Tỷ lệ hồ sơ trực tuyến toàn trình"));
    // 52 %: green.
    let r = record(&a, csrf_of(&html), "52,0").await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = page(&a, format!("{}{at}", app.url)).await;
    assert_eq!(status_of(&html), "green", "{html}");
    // The evidence file is there for readers, not for another agency.
    let value = app.store.indicator(id).await.unwrap().values[0].id;
    let r = a
        .get(format!("{}/chi-tieu/minh-chung/{value}", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let b = login(&app, "canbo_b").await;
    let (status, b_html) = page(&b, format!("{}{at}", app.url)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let r = b
        .get(format!("{}/chi-tieu/minh-chung/{value}", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (_, b_list) = page(&b, format!("{}/chi-tieu", app.url)).await;
    let r = record(&b, csrf_of(&b_list), "90").await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "{b_html}");
    // The multipart form without its token: refused.
    let form = reqwest::multipart::Form::new()
        .text("period", "2026")
        .text("value", "1");
    let r = a
        .post(format!("{}/chi-tieu/{id}/gia-tri", app.url))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // An explanation request, answered by the agency; counted in its menu.
    let (_, sec_html) = page(&sec, format!("{}{at}", app.url)).await;
    let r = sec
        .post(format!("{}/chi-tieu/{id}/giai-trinh", app.url))
        .form(&[
            ("csrf", csrf_of(&sec_html)),
            ("question", "Đề nghị giải trình tiến độ quý I".into()),
            ("answer_by", "30/05/2026".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = page(&a, format!("{}{at}", app.url)).await;
    assert_eq!(menu_count(&html), 1, "menu count");
    let (_, queue) = page(&a, format!("{}/viec-cho", app.url)).await;
    assert!(
        queue.contains("Đề nghị giải trình tiến độ quý I")
            && queue.contains(&format!("/chi-tieu/{id}#explanations")),
        "the request in A's queue"
    );
    let e = app
        .store
        .indicator_explanations(Some(id), None)
        .await
        .unwrap()[0]
        .id;
    let r = b
        .post(format!("{}/chi-tieu/giai-trinh/{e}", app.url))
        .form(&[
            ("csrf", csrf_of(&b_list)),
            ("answer", "không phải việc của B".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = a
        .post(format!("{}/chi-tieu/giai-trinh/{e}", app.url))
        .form(&[
            ("csrf", csrf_of(&html)),
            ("answer", "Hệ thống đang nâng cấp".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // The answer waits in the secretariat's queue until it is read, once.
    let (_, queue) = page(&sec, format!("{}/viec-cho", app.url)).await;
    let waiting = menu_count(&queue);
    assert!(
        queue.contains("Hệ thống đang nâng cấp")
            && queue.contains(&format!("/chi-tieu/giai-trinh/{e}/da-xem")),
        "the answer in the secretariat's queue"
    );
    let read = |csrf: String| {
        sec.post(format!("{}/chi-tieu/giai-trinh/{e}/da-xem", app.url))
            .form(&[("csrf", csrf)])
            .send()
    };
    let r = a
        .post(format!("{}/chi-tieu/giai-trinh/{e}/da-xem", app.url))
        .form(&[("csrf", csrf_of(&html))])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "an officer cannot mark it read"
    );
    assert_eq!(
        read(csrf_of(&queue)).await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        read(csrf_of(&queue)).await.unwrap().status(),
        StatusCode::CONFLICT
    );
    let (_, queue) = page(&sec, format!("{}/viec-cho", app.url)).await;
    assert!(!queue.contains("Hệ thống đang nâng cấp"));
    assert_eq!(menu_count(&queue), waiting - 1);
    // The committee's table for the quarter.
    let r = sec
        .get(format!("{}/chi-tieu.xlsx?period=2026-Q1", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.bytes().await.unwrap().starts_with(b"PK"));
    // The audit log: created, two values, the request and its answer.
    let audit = app.store.audit("indicator", id).await.unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "indicator.create",
            "indicator.value",
            "indicator.value",
            "indicator.explanation.request",
            "indicator.explanation.answer",
            "indicator.explanation.reviewed"
        ]
    );
}

async fn token_for(app: &TestApp, user: &str) -> String {
    let admin = login(app, "quantri").await;
    let (_, html) = page(&admin, format!("{}/quan-tri", app.url)).await;
    let users = app.store.users().await.unwrap();
    let uid = users.iter().find(|u| u.username == user).unwrap().id;
    let r = admin
        .post(format!("{}/quan-tri/ma-truy-cap", app.url))
        .form(&[
            ("csrf", csrf_of(&html)),
            ("user", uid.to_string()),
            ("label", "ioc".into()),
        ])
        .send()
        .await
        .unwrap();
    let html = r.text().await.unwrap();
    let at = html.find("id=\"new-token\">").unwrap() + "id=\"new-token\">".len();
    html[at..at + 64].to_owned()
}

#[tokio::test]
async fn the_ioc_feed_is_versioned_cacheable_and_exported_as_the_appendix() {
    let app = start(A, B, true).await;
    import_good(&app).await;
    let token = token_for(&app, "sep").await;
    let c = reqwest::Client::new();
    let r = c
        .get(format!("{}/api/v1/ioc", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = c
        .get(format!("{}/api/v1/ioc", app.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let etag = r.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(
        r.headers()["cache-control"].to_str().unwrap(),
        "private, max-age=30"
    );
    let feed: serde_json::Value = r.json().await.unwrap();
    assert_eq!(feed["version"], "1");
    assert_eq!(feed["date"], "2026-05-20");
    assert!(feed["tasks"]["total"].as_i64().unwrap() > 0);
    assert!(feed["tasks"]["by_status"]["overdue"].is_i64());
    assert!(feed["tasks"]["overdue"].is_array());
    assert_eq!(feed["reports"]["basis"], "tasks");
    assert!(feed["reports"]["periodic_reports"].is_null());
    let money = &feed["disbursement"];
    assert_eq!(money["year"], 2026);
    assert_eq!(money["by_month"].as_array().unwrap().len(), 12);
    // October: DA01 80 triệu, DA03 12,25 triệu, KH02 nothing ("-").
    assert_eq!(money["by_month"][9]["actual"], 92_250_000);
    let behind = money["behind"].as_array().unwrap();
    let da01 = behind.iter().find(|b| b["code"] == "DA01").unwrap();
    assert_eq!(da01["rate_bp"], 6250);
    assert_eq!(da01["plan_to_date"], 400_000_000i64);
    assert_eq!(da01["disbursed"], 250_000_000i64);
    // Unchanged: 304 with the same validator.
    let r = c
        .get(format!("{}/api/v1/ioc", app.url))
        .bearer_auth(&token)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(r.headers()["etag"].to_str().unwrap(), etag);
    // Documented.
    let doc: serde_json::Value = c
        .get(format!("{}/api/v1/openapi.json", app.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["paths"]["/api/v1/ioc"].is_object());
    assert!(doc["components"]["schemas"]["IocFeed"].is_object());
    // An officer's token: their agency's figures only.
    let officer = token_for(&app, "canbo_b").await;
    let mine: serde_json::Value = c
        .get(format!("{}/api/v1/ioc", app.url))
        .bearer_auth(&officer)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(mine["disbursement"]["totals"]["projects"], 0);
    // The appendix: CSV with the directives' columns, and the workbook.
    let r = c
        .get(format!("{}/api/v1/ioc.csv", app.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let text = r.text().await.unwrap();
    let first = text.trim_start_matches('\u{feff}').lines().next().unwrap();
    assert_eq!(
        first,
        "STT,Nhiệm vụ,Cơ quan chủ trì,Cơ quan phối hợp,Thời hạn,Kết quả,Tình trạng"
    );
    assert!(text.lines().nth(1).unwrap().starts_with("1,"));
    let r = c
        .get(format!("{}/api/v1/ioc.xlsx", app.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.bytes().await.unwrap().starts_with(b"PK"));
}

#[tokio::test]
async fn review_offers_the_targets_a_directive_states() {
    let app = start(A, B, false).await;
    let sec = login(&app, "thuky").await;
    let (_, html) = page(&sec, format!("{}/van-ban", app.url)).await;
    let text = "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA\n\nTHÔNG BÁO\nKết luận của Ban Chỉ đạo\n\n1. Giao Sở Khoa học và Công nghệ chủ trì nâng tỷ lệ hồ sơ trực tuyến toàn trình đạt trên 80% trong năm 2026.\n";
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf_of(&html))
        .part(
            "file",
            reqwest::multipart::Part::bytes(text.as_bytes().to_vec()).file_name("tb.txt"),
        );
    let r = sec
        .post(format!("{}/van-ban", app.url))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let at = r.headers()["location"].to_str().unwrap().to_owned();
    let (_, html) = page(&sec, format!("{}{at}", app.url)).await;
    assert!(html.contains("id=\"target-offers\""), "{html}");
    assert!(html.contains("đạt trên 80%"), "{html}");
}
