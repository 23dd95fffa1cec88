//! The web app over real HTTP on loopback: login and sessions, CSRF, access
//! per agency on pages and API, exports, uploads, the audit trail.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{PASSWORD, TestApp, client, csrf_of, login, menu_count, page, start, task_of_a};
use dondoc_store::TaskFilter;
use reqwest::StatusCode;

const A: &str = "Sở Khoa học và Công nghệ";
const B: &str = "Sở Tài chính";

#[tokio::test]
async fn login_sessions_and_logout() {
    let app = start(A, B, true).await;
    let c = client();
    let r = c.get(format!("{}/", app.url)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/dang-nhap");

    let r = c
        .post(format!("{}/dang-nhap", app.url))
        .form(&[("username", "thuky"), ("password", "sai mat khau")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(r.text().await.unwrap().contains("không đúng"));

    let r = c
        .post(format!("{}/dang-nhap", app.url))
        .form(&[("username", "thuky"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let r = c.get(format!("{}/", app.url)).send().await.unwrap();
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    let (status, html) = (r.status(), r.text().await.unwrap());
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Tổng quan tình hình"));

    let csrf = csrf_of(&html);
    let r = c
        .post(format!("{}/dang-xuat", app.url))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = c.get(format!("{}/", app.url)).send().await.unwrap();
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "the session ended at logout"
    );
}

#[tokio::test]
async fn repeated_wrong_passwords_lock_the_username() {
    let app = start(A, B, false).await;
    let c = client();
    for _ in 0..5 {
        c.post(format!("{}/dang-nhap", app.url))
            .form(&[("username", "thuky"), ("password", "doan-mo")])
            .send()
            .await
            .unwrap();
    }
    let r = c
        .post(format!("{}/dang-nhap", app.url))
        .form(&[("username", "thuky"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::UNAUTHORIZED,
        "locked even with the right password"
    );
    assert!(r.text().await.unwrap().contains("quá nhiều lần"));
}

#[tokio::test]
async fn forms_without_the_session_csrf_token_change_nothing() {
    let app = start(A, B, true).await;
    let id = task_of_a(&app).await;
    let c = login(&app, "canbo_a").await;
    for csrf in ["", "0000"] {
        let r = c
            .post(format!("{}/nhiem-vu/{id}/hoan-thanh", app.url))
            .form(&[("csrf", csrf), ("note", "xong")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
    let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
    assert!(
        app.store
            .task(id, today, 7)
            .await
            .unwrap()
            .completions
            .is_empty()
    );

    // With the page's token, the same form works.
    let (_, html) = page(&c, format!("{}/nhiem-vu/{id}", app.url)).await;
    let r = c
        .post(format!("{}/nhiem-vu/{id}/hoan-thanh", app.url))
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            ("note", "Đã ban hành kế hoạch"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let t = app.store.task(id, today, 7).await.unwrap();
    assert_eq!(t.completions.len(), 1);
    assert!(
        t.audit
            .iter()
            .any(|a| a.actor == "canbo_a" && a.action == "task.complete.claim")
    );
}

#[tokio::test]
async fn officers_read_and_change_only_their_agency_tasks() {
    let app = start(A, B, true).await;
    let id = task_of_a(&app).await;
    let a = login(&app, "canbo_a").await;
    let b = login(&app, "canbo_b").await;

    let (status, _) = page(&a, format!("{}/nhiem-vu/{id}", app.url)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, html) = page(&b, format!("{}/nhiem-vu/{id}", app.url)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(html.contains("không có quyền"));

    // B cannot write to it either, even with a valid token of its own session.
    let (_, own) = page(&b, format!("{}/nhiem-vu", app.url)).await;
    let r = b
        .post(format!("{}/nhiem-vu/{id}/gia-han", app.url))
        .form(&[
            ("csrf", csrf_of(&own).as_str()),
            ("due", "2026-12-31"),
            ("reason", "x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // Officers cannot read whole directives, nor administer.
    for path in ["/van-ban", "/van-ban/1", "/quan-tri"] {
        let (status, _) = page(&b, format!("{}{path}", app.url)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
    // B's list holds no task of A alone, whatever filter B asks for.
    let (_, html) = page(&b, format!("{}/nhiem-vu?agency={}", app.url, app.a)).await;
    assert!(!html.contains(&format!("href=\"/nhiem-vu/{id}\"")));
    // The leader reads everything and changes nothing.
    let leader = login(&app, "sep").await;
    let (status, html) = page(&leader, format!("{}/nhiem-vu/{id}", app.url)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !html.contains("/hoan-thanh"),
        "no completion form for a leader"
    );
}

async fn token_for(app: &TestApp, user: &str) -> String {
    let admin = login(app, "quantri").await;
    let (_, html) = page(&admin, format!("{}/quan-tri", app.url)).await;
    let users = app.store.users().await.unwrap();
    let uid = users
        .iter()
        .find(|u| u.username == user)
        .unwrap()
        .id
        .to_string();
    let r = admin
        .post(format!("{}/quan-tri/ma-truy-cap", app.url))
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            ("user", uid.as_str()),
            ("label", "test"),
        ])
        .send()
        .await
        .unwrap();
    let html = r.text().await.unwrap();
    let at = html.find("id=\"new-token\">").unwrap() + "id=\"new-token\">".len();
    html[at..at + 64].to_owned()
}

#[tokio::test]
async fn api_needs_a_token_and_applies_the_same_rules() {
    let app = start(A, B, true).await;
    let id = task_of_a(&app).await;
    let c = reqwest::Client::new();
    let r = c
        .get(format!("{}/api/v1/tasks", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = c
        .get(format!("{}/api/v1/tasks", app.url))
        .bearer_auth("not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    let secretariat = token_for(&app, "thuky").await;
    let officer_b = token_for(&app, "canbo_b").await;
    let all: serde_json::Value = c
        .get(format!("{}/api/v1/tasks", app.url))
        .bearer_auth(&secretariat)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let total = all["total"].as_i64().unwrap();
    assert!(total > 20, "{all}");
    let mine: serde_json::Value = c
        .get(format!("{}/api/v1/tasks", app.url))
        .bearer_auth(&officer_b)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(mine["total"].as_i64().unwrap() < total);
    let r = c
        .get(format!("{}/api/v1/tasks/{id}", app.url))
        .bearer_auth(&officer_b)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = c
        .get(format!("{}/api/v1/tasks/{id}", app.url))
        .bearer_auth(&secretariat)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let summary: serde_json::Value = c
        .get(format!("{}/api/v1/summary", app.url))
        .bearer_auth(&secretariat)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(summary["total"].as_i64().unwrap(), total);
    let r = c
        .get(format!("{}/api/v1/tasks?status=late", app.url))
        .bearer_auth(&secretariat)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("status"));

    let doc: serde_json::Value = c
        .get(format!("{}/api/v1/openapi.json", app.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in [
        "/api/v1/tasks",
        "/api/v1/tasks/{id}",
        "/api/v1/directives",
        "/api/v1/agencies",
        "/api/v1/summary",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} documented");
    }
}

#[tokio::test]
async fn exports_follow_the_list_filters() {
    let app = start(A, B, true).await;
    let c = login(&app, "thuky").await;
    let r = c
        .get(format!("{}/nhiem-vu.csv?agency={}", app.url, app.a))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let csv = r.text().await.unwrap();
    assert!(csv.starts_with('\u{feff}'), "a BOM for Excel");
    assert!(csv.contains("Cơ quan chủ trì"));
    let rows = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .filter_map(Result::ok)
        .count();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
    let expected = app
        .store
        .count_tasks(
            &TaskFilter {
                agency: Some(app.a),
                ..TaskFilter::default()
            },
            today,
            7,
        )
        .await
        .unwrap();
    assert_eq!(
        rows as i64, expected,
        "one row per task of the filtered list"
    );

    let r = c
        .get(format!("{}/nhiem-vu.xlsx?status=overdue", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap();
    assert_eq!(&bytes[..2], b"PK", "an xlsx is a zip");

    let r = c
        .get(format!("{}/nhiem-vu.csv?due_from=31/02/2026", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_bad_upload_is_named_and_stores_nothing() {
    let app = start(A, B, false).await;
    let c = login(&app, "thuky").await;
    let (_, html) = page(&c, format!("{}/van-ban", app.url)).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf_of(&html))
        .part(
            "file",
            reqwest::multipart::Part::bytes(b"not a zip".to_vec()).file_name("hong.docx"),
        );
    let r = c
        .post(format!("{}/van-ban", app.url))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("hong.docx"));
    assert_eq!(app.store.directive_count().await.unwrap(), 0);

    // Larger than the limit (2 MB here): refused, nothing stored.
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf_of(&html))
        .part(
            "file",
            reqwest::multipart::Part::bytes(vec![b'a'; 3 * 1024 * 1024]).file_name("lon.txt"),
        );
    let r = c
        .post(format!("{}/van-ban", app.url))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(app.store.directive_count().await.unwrap(), 0);

    // A multipart post without the token is refused.
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(b"Giao So Tai chinh".to_vec()).file_name("a.txt"),
    );
    let r = c
        .post(format!("{}/van-ban", app.url))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn evidence_files_are_kept_and_guarded() {
    let app = start(A, B, true).await;
    let id = task_of_a(&app).await;
    let a = login(&app, "canbo_a").await;
    let (_, html) = page(&a, format!("{}/nhiem-vu/{id}", app.url)).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf_of(&html))
        .text("percent", "60")
        .text("body", "Đã trình dự thảo")
        .text("evidence", "12/BC-SKHCN")
        .part(
            "files",
            reqwest::multipart::Part::bytes(b"%PDF-1.4 bao cao".to_vec()).file_name("bao-cao.pdf"),
        );
    let r = a
        .post(format!("{}/nhiem-vu/{id}/tien-do", app.url))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = page(&a, format!("{}/nhiem-vu/{id}", app.url)).await;
    assert!(html.contains("Đã trình dự thảo") && html.contains("bao-cao.pdf"));
    let files = app.store.task_evidence(id).await.unwrap();
    let file = files.last().unwrap().0;
    let r = a
        .get(format!("{}/minh-chung/{file}", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"%PDF-1.4 bao cao");
    let b = login(&app, "canbo_b").await;
    let r = b
        .get(format!("{}/minh-chung/{file}", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // A percent that is not a number is named.
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf_of(&html))
        .text("percent", "nhiều")
        .text("body", "x");
    let r = a
        .post(format!("{}/nhiem-vu/{id}/tien-do", app.url))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("Tiến độ"));
}

#[tokio::test]
async fn explanation_requests_go_to_the_lead_agency_and_are_answered_once() {
    let app = start(A, B, true).await;
    let id = task_of_a(&app).await;
    let sec = login(&app, "thuky").await;
    let (_, html) = page(&sec, format!("{}/nhiem-vu/{id}", app.url)).await;
    let r = sec
        .post(format!("{}/nhiem-vu/{id}/giai-trinh", app.url))
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            ("question", "Vì sao chậm?"),
            ("answer_by", "30/05/2026"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let a = login(&app, "canbo_a").await;
    let (_, inbox) = page(&a, format!("{}/co-quan/{}", app.url, app.a)).await;
    assert!(inbox.contains("Yêu cầu giải trình chưa trả lời") && inbox.contains("Vì sao chậm?"));
    let waiting = menu_count(&inbox);
    assert!(waiting > 0, "the menu counts what waits");
    let asked = app.store.explanations(Some(id), None).await.unwrap();
    let eid = asked
        .iter()
        .find(|e| e.question == "Vì sao chậm?")
        .expect("the request just made")
        .id
        .to_string();
    // Another agency's officer cannot answer for A.
    let b = login(&app, "canbo_b").await;
    let (_, own) = page(&b, format!("{}/nhiem-vu", app.url)).await;
    let r = b
        .post(format!("{}/giai-trinh/{eid}", app.url))
        .form(&[
            ("csrf", csrf_of(&own).as_str()),
            ("task", id.to_string().as_str()),
            ("answer", "x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (_, html) = page(&a, format!("{}/nhiem-vu/{id}", app.url)).await;
    let form = [
        ("csrf", csrf_of(&html)),
        ("task", id.to_string()),
        ("answer", "Chờ ý kiến của Bộ.".to_owned()),
    ];
    let r = a
        .post(format!("{}/giai-trinh/{eid}", app.url))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = a
        .post(format!("{}/giai-trinh/{eid}", app.url))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT, "answered once");
    let (_, inbox) = page(&a, format!("{}/co-quan/{}", app.url, app.a)).await;
    assert_eq!(
        menu_count(&inbox),
        waiting - 1,
        "the answered request waits no more"
    );
    let due = inbox
        .split("id=\"explanations-due\"")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .unwrap_or("");
    assert!(!due.contains("Vì sao chậm?"), "no longer asked of A");
    let (_, html) = page(&sec, format!("{}/nhiem-vu/{id}", app.url)).await;
    assert!(html.contains("Chờ ý kiến của Bộ."));
}

#[tokio::test]
async fn the_follow_up_letter_is_a_word_file_for_the_secretariat_only() {
    let app = start(A, B, true).await;
    let sec = login(&app, "thuky").await;
    let r = sec
        .get(format!(
            "{}/co-quan/{}/cong-van-don-doc.docx",
            app.url, app.a
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap().to_vec();
    let text = dondoc_read::read_bytes(&bytes, Some("cv.docx"))
        .unwrap()
        .text;
    assert!(
        text.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        "{text}"
    );
    assert!(text.contains("Độc lập - Tự do - Hạnh phúc"));
    assert!(text.contains("Sở Khoa học và Công nghệ") && text.contains("Nơi nhận"));
    let overdue = app
        .store
        .count_tasks(
            &TaskFilter {
                agency: Some(app.a),
                status: Some(dondoc_domain::status::Status::Overdue),
                ..TaskFilter::default()
            },
            chrono::NaiveDate::from_ymd_opt(2026, 5, 20).unwrap(),
            7,
        )
        .await
        .unwrap();
    assert!(
        text.contains(&format!("còn {overdue:02} nhiệm vụ")),
        "{text}"
    );
    // To the standing office itself, the Steering Committee writes; the
    // count of overdue tasks is said once.
    assert!(text.contains("BAN CHỈ ĐẠO"), "{text}");
    assert_eq!(text.matches("nhiệm vụ đã quá hạn").count(), 1, "{text}");
    let a = login(&app, "canbo_a").await;
    let r = a
        .get(format!(
            "{}/co-quan/{}/cong-van-don-doc.docx",
            app.url, app.a
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn calendar_feeds_list_the_users_deadlines_behind_a_secret_url() {
    let app = start(A, B, true).await;
    let a = login(&app, "canbo_a").await;
    let (_, html) = page(&a, format!("{}/lich", app.url)).await;
    let r = a
        .post(format!("{}/lich", app.url))
        .form(&[("csrf", csrf_of(&html).as_str())])
        .send()
        .await
        .unwrap();
    let html = r.text().await.unwrap();
    let at = html.find("id=\"feed-url\">").unwrap() + "id=\"feed-url\">".len();
    let url = html[at..].split('<').next().unwrap().to_owned();
    assert!(url.ends_with(".ics"), "{url}");
    // Calendar apps fetch it without a session.
    let r = reqwest::get(&url).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let ics = r.text().await.unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.contains("BEGIN:VEVENT"));
    let id = task_of_a(&app).await;
    assert!(
        ics.contains(&format!("UID:task-{id}@dondoc")),
        "the officer's open task is in the feed"
    );
    assert!(ics.lines().all(|l| l.len() <= 75), "folded at 75 octets");
    let r = reqwest::get(format!("{}/lich/{}.ics", app.url, "0".repeat(64)))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn escalation_ranks_late_agencies_and_counts_reminders() {
    let app = start(A, B, true).await;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
    // Three days of reminders: the ladder flags tasks reminded three times.
    let policy =
        dondoc_followup::ReminderPolicy::parse("truoc=7,3;qua-han=1,7,30;lap-lai=1;gan-co=3")
            .unwrap();
    for d in 0..3 {
        dondoc_notify::daily_run(
            &app.store,
            &policy,
            today + chrono::Duration::days(d),
            &app.url,
            false,
        )
        .await
        .unwrap();
    }
    let rows = app.store.escalation(None, today, 3).await.unwrap();
    assert!(!rows.is_empty());
    assert!(
        rows.windows(2)
            .all(|w| (w[0].flagged, w[0].overdue) >= (w[1].flagged, w[1].overdue)),
        "ranked"
    );
    assert!(rows.iter().any(|r| r.flagged > 0), "{rows:?}");
    let leader = login(&app, "sep").await;
    let (status, html) = page(&leader, format!("{}/don-doc", app.url)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&rows[0].agency) && html.contains("⚑"));
    let b = login(&app, "canbo_b").await;
    let (status, _) = page(&b, format!("{}/don-doc", app.url)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The officer sees the digests of their agency in the app.
    let (_, inbox) = page(&b, format!("{}/co-quan/{}", app.url, app.b)).await;
    assert!(
        inbox.contains("Thông báo nhắc việc"),
        "in-app notifications"
    );
}

#[tokio::test]
async fn agency_calendar_feeds_are_for_that_agency_only() {
    let app = start(A, B, true).await;
    let b = login(&app, "canbo_b").await;
    let (_, html) = page(&b, format!("{}/lich", app.url)).await;
    let csrf = csrf_of(&html);
    let r = b
        .post(format!("{}/lich", app.url))
        .form(&[
            ("csrf", csrf.as_str()),
            ("agency", app.a.to_string().as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "not another agency's calendar"
    );
    let r = b
        .post(format!("{}/lich", app.url))
        .form(&[
            ("csrf", csrf.as_str()),
            ("agency", app.b.to_string().as_str()),
        ])
        .send()
        .await
        .unwrap();
    let html = r.text().await.unwrap();
    let at = html.find("id=\"feed-url\">").unwrap() + "id=\"feed-url\">".len();
    let url = html[at..].split('<').next().unwrap().to_owned();
    let ics = reqwest::get(&url).await.unwrap().text().await.unwrap();
    let a_only = task_of_a(&app).await;
    assert!(!ics.contains(&format!("UID:task-{a_only}@dondoc")));
    assert!(ics.contains("BEGIN:VEVENT"), "B's own deadlines are there");
}

#[tokio::test]
async fn an_agency_added_by_the_administrator_is_recognised_in_uploads() {
    let app = start(A, B, false).await;
    let admin = login(&app, "quantri").await;
    let (_, html) = page(&admin, format!("{}/quan-tri", app.url)).await;
    let r = admin
        .post(format!("{}/quan-tri/co-quan", app.url))
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            ("name", "Nhóm chuyên gia hỗ trợ chuyển đổi số"),
            ("kind", "other"),
            ("parent", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let sec = login(&app, "thuky").await;
    let (_, html) = page(&sec, format!("{}/van-ban", app.url)).await;
    let text = "THÔNG BÁO\n\n1. Giao Nhóm chuyên gia hỗ trợ chuyển đổi số chủ trì xây dựng báo cáo đánh giá, hoàn thành trước ngày 30/06/2026.\n";
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
    let id: i64 = r.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/van-ban/")
        .parse()
        .unwrap();
    let d = app.store.directive(id).await.unwrap();
    assert_eq!(d.tasks.len(), 1, "{:?}", d.tasks);
    assert_eq!(d.tasks[0].lead[0].1, "Nhóm chuyên gia hỗ trợ chuyển đổi số");
    assert_eq!(d.tasks[0].due, chrono::NaiveDate::from_ymd_opt(2026, 6, 30));
}

#[tokio::test]
async fn officers_meet_a_task_only_once_its_directive_is_confirmed() {
    let app = start(A, B, false).await;
    let sec = login(&app, "thuky").await;
    let (_, html) = page(&sec, format!("{}/van-ban", app.url)).await;
    let text = "THÔNG BÁO\n\n1. Giao Sở Khoa học và Công nghệ chủ trì xây dựng kế hoạch, hoàn thành trước ngày 30/06/2026.\n";
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
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    let directive: i64 = location.trim_start_matches("/van-ban/").parse().unwrap();
    let task = app.store.directive(directive).await.unwrap().tasks[0].id;
    let a = login(&app, "canbo_a").await;
    let (status, _) = page(&a, format!("{}/nhiem-vu/{task}", app.url)).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a draft is the secretariat's"
    );
    let (_, review) = page(&sec, format!("{}{location}", app.url)).await;
    let r = sec
        .post(format!("{}/van-ban/{directive}/xac-nhan", app.url))
        .form(&[("csrf", csrf_of(&review).as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (status, _) = page(&a, format!("{}/nhiem-vu/{task}", app.url)).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn the_administrator_resets_a_password_and_the_old_sessions_end() {
    let app = start(A, B, false).await;
    let officer = login(&app, "canbo_a").await;
    let admin = login(&app, "quantri").await;
    let (_, html) = page(&admin, format!("{}/quan-tri", app.url)).await;
    let uid = app
        .store
        .users()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.username == "canbo_a")
        .unwrap()
        .id;
    let r = admin
        .post(format!("{}/quan-tri/nguoi-dung/{uid}", app.url))
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            ("active", "1"),
            ("password", "mat-khau-moi-2026"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = officer.get(format!("{}/", app.url)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the old session ended");
    let c = client();
    let r = c
        .post(format!("{}/dang-nhap", app.url))
        .form(&[("username", "canbo_a"), ("password", "mat-khau-moi-2026")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the new password works");
    assert!(app.store.user(uid).await.unwrap().active, "still active");
    // Only administrators manage users.
    let sec = login(&app, "thuky").await;
    let (_, own) = page(&sec, format!("{}/nhiem-vu", app.url)).await;
    let r = sec
        .post(format!("{}/quan-tri/nguoi-dung/{uid}", app.url))
        .form(&[("csrf", csrf_of(&own).as_str()), ("active", "0")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_task_given_to_all_departments_reaches_each_department() {
    let app = start(A, B, true).await;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
    let group = app
        .store
        .agency_by_name("Các sở, ban, ngành")
        .await
        .unwrap()
        .unwrap()
        .id;
    let group_tasks = app
        .store
        .tasks(
            &TaskFilter {
                agency: Some(group),
                limit: 100,
                ..TaskFilter::default()
            },
            today,
            7,
        )
        .await
        .unwrap();
    let t = group_tasks
        .iter()
        .find(|t| t.due.is_some() && t.completed_on.is_none())
        .expect("an open group task with a deadline");
    let b = login(&app, "canbo_b").await;
    // In B's inbox and list, readable, reportable, but not B's to close.
    let (_, inbox) = page(&b, format!("{}/co-quan/{}", app.url, app.b)).await;
    assert!(
        inbox.contains(&format!("/nhiem-vu/{}\"", t.id)),
        "the group task is in the inbox"
    );
    let (status, html) = page(&b, format!("{}/nhiem-vu/{}", app.url, t.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("progress-form") && !html.contains("claim-button"),
        "report yes, close no"
    );
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf_of(&html))
        .text("percent", "50")
        .text("body", "Sở Tài chính đã số hóa một nửa dữ liệu.");
    let r = b
        .post(format!("{}/nhiem-vu/{}/tien-do", app.url, t.id))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = b
        .post(format!("{}/nhiem-vu/{}/hoan-thanh", app.url, t.id))
        .form(&[("csrf", csrf_of(&html).as_str()), ("note", "xong")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // The day after its deadline, B's digest names it.
    let due = t.due.unwrap();
    let policy = dondoc_followup::ReminderPolicy::default();
    let run = dondoc_notify::daily_run(
        &app.store,
        &policy,
        due + chrono::Duration::days(1),
        &app.url,
        true,
    )
    .await
    .unwrap();
    let b_digest = run
        .digests
        .iter()
        .find(|(a, _)| a == B)
        .map(|(_, d)| d.text_body.clone())
        .unwrap_or_default();
    assert!(
        b_digest.contains(&format!("/nhiem-vu/{}", t.id)),
        "{b_digest}"
    );
    // Every department and provincial branch is reminded (the registry has 26).
    let link = format!("/nhiem-vu/{}", t.id);
    let reminded = run
        .digests
        .iter()
        .filter(|(_, d)| d.text_body.contains(&link))
        .count();
    assert!(reminded >= 20, "{reminded} digests name it");
}
