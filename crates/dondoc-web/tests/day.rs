//! The secretariat's and the officers' day: what waits for them, acting from
//! the list, and being told what an action did.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{csrf_of, login, menu_count, page, start, task_of_a};
use reqwest::StatusCode;

const A: &str = "Sở Khoa học và Công nghệ";
const B: &str = "Sở Tài chính";

#[tokio::test]
async fn a_claim_waits_in_the_queue_is_decided_there_and_the_officer_is_told() {
    let app = start(A, B, true).await;
    let id = task_of_a(&app).await;
    let officer = login(&app, "canbo_a").await;
    let (_, html) = page(&officer, format!("{}/nhiem-vu/{id}", app.url)).await;
    let csrf = csrf_of(&html);
    let r = officer
        .post(format!("{}/nhiem-vu/{id}/hoan-thanh", app.url))
        .form(&[("csrf", csrf.as_str()), ("note", "Đã ban hành quy chế")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // The next page says what happened, once.
    let (_, html) = page(&officer, format!("{}/nhiem-vu/{id}", app.url)).await;
    assert!(html.contains("id=\"flash\"") && html.contains("Đã gửi báo cáo hoàn thành"));
    let (_, html) = page(&officer, format!("{}/nhiem-vu/{id}", app.url)).await;
    assert!(!html.contains("id=\"flash\""), "shown once");

    // The secretariat finds it in its queue, oldest first, with a count.
    let sec = login(&app, "thuky").await;
    let (code, queue) = page(&sec, format!("{}/viec-cho", app.url)).await;
    assert_eq!(code, StatusCode::OK);
    let before = menu_count(&queue);
    assert!(before >= 1, "the menu counts what waits");
    assert!(queue.contains("Đã ban hành quy chế"));
    assert!(queue.contains(&format!("action=\"/nhiem-vu/{id}/tham-dinh\"")));
    // Sent back from the list: back to the queue, told, one fewer.
    let r = sec
        .post(format!("{}/nhiem-vu/{id}/tham-dinh", app.url))
        .form(&[
            ("csrf", csrf_of(&queue).as_str()),
            ("accept", "0"),
            ("back", "/viec-cho"),
            ("note", "Thiếu quyết định ban hành"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/viec-cho");
    let (_, queue) = page(&sec, format!("{}/viec-cho", app.url)).await;
    assert!(queue.contains("Đã trả lại báo cáo hoàn thành"));
    assert_eq!(menu_count(&queue), before - 1);
    assert!(!queue.contains("Đã ban hành quy chế"));

    // The officer's own queue shows the claim sent back, with the reason.
    let (_, mine) = page(&officer, format!("{}/viec-cho", app.url)).await;
    assert!(mine.contains("Báo cáo hoàn thành bị trả lại"));
    assert!(mine.contains("Thiếu quyết định ban hành"));
}

#[tokio::test]
async fn an_answered_explanation_waits_until_it_is_read() {
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
    let asked = app.store.explanations(Some(id), None).await.unwrap();
    let e = asked.last().unwrap().id;
    let officer = login(&app, "canbo_a").await;
    let (_, mine) = page(&officer, format!("{}/viec-cho", app.url)).await;
    assert!(mine.contains("Vì sao chậm?"), "the officer is asked");
    let (_, html) = page(&officer, format!("{}/nhiem-vu/{id}", app.url)).await;
    officer
        .post(format!("{}/giai-trinh/{e}", app.url))
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            ("task", id.to_string().as_str()),
            ("answer", "Chờ ý kiến của Bộ."),
        ])
        .send()
        .await
        .unwrap();
    let (_, queue) = page(&sec, format!("{}/viec-cho", app.url)).await;
    assert!(queue.contains("Chờ ý kiến của Bộ."));
    let r = sec
        .post(format!("{}/giai-trinh/{e}/da-xem", app.url))
        .form(&[("csrf", csrf_of(&queue).as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, queue) = page(&sec, format!("{}/viec-cho", app.url)).await;
    assert!(
        !queue.contains("Chờ ý kiến của Bộ."),
        "read: it leaves the queue"
    );
    // Read twice: refused, with a reason.
    let r = sec
        .post(format!("{}/giai-trinh/{e}/da-xem", app.url))
        .form(&[("csrf", csrf_of(&queue).as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn the_audit_log_and_the_agency_list_are_searched_in_vietnamese() {
    let app = start(A, B, true).await;
    let admin = login(&app, "quantri").await;
    let (_, html) = page(&admin, format!("{}/quan-tri?nhat-ky=dang+nhap", app.url)).await;
    assert!(
        html.contains("Đăng nhập"),
        "found by the label without diacritics"
    );
    assert!(!html.contains("session.login"));
    let (_, html) = page(
        &admin,
        format!("{}/quan-tri?nhat-ky=khong-co-gi-nhu-the", app.url),
    )
    .await;
    assert!(html.contains("Không có mục nào"));
    let (_, list) = page(&admin, format!("{}/co-quan?q=tai+chinh", app.url)).await;
    assert!(list.contains("Sở Tài chính"));
    assert!(!list.contains(">Sở Nội vụ<"));
    let (_, list) = page(&admin, format!("{}/co-quan?kind=commune", app.url)).await;
    assert!(!list.contains(">Sở Tài chính<"));
}
