//! The review screen completes what extraction misses: a task from selected
//! lines, split and join, deleting a directive uploaded by mistake, a
//! corrected agency learned for the next upload, and a scanned PDF read by
//! OCR through the upload job with its warning.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestApp, csrf_of, login, page, start};
use reqwest::StatusCode;

const A: &str = "Sở Khoa học và Công nghệ";
const B: &str = "Sở Tài chính";

async fn upload(
    app: &TestApp,
    c: &reqwest::Client,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let (_, html) = page(c, format!("{}/van-ban", app.url)).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf_of(&html))
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
    c.post(format!("{}/van-ban", app.url))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// Uploads a text directive; its draft's id.
async fn draft(app: &TestApp, c: &reqwest::Client, name: &str, text: &str) -> i64 {
    let r = upload(app, c, name, text.as_bytes().to_vec()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_owned();
    to.trim_start_matches("/van-ban/").parse().unwrap()
}

const LETTER: &str = "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH KHÁNH HÒA\tĐộc lập - Tự do - Hạnh phúc\nSố: 15/UBND-KGVX\tKhánh Hòa, ngày 10 tháng 3 năm 2026\nV/v triển khai nhiệm vụ chuyển đổi số\nKính gửi: Các sở, ban, ngành\n1. Giao Sở Nội vụ chủ trì rà soát quy chế làm việc, hoàn thành trước ngày 30/4/2026.\nNgoài ra, các đơn vị lưu ý việc bảo đảm an toàn thông tin khi triển khai.\nSở Tài chính bố trí kinh phí thực hiện Đề án, hoàn thành chậm nhất ngày 30/6/2026.\n2. Sở Y tế hoàn thiện hồ sơ sức khỏe điện tử trong tháng 5/2026.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn A\n";

#[tokio::test]
async fn a_missed_task_is_added_from_its_lines_with_lead_and_deadline_read() {
    let app = start(A, B, false).await;
    let c = login(&app, "thuky").await;
    let id = draft(&app, &c, "cv.txt", LETTER).await;
    let before = app.store.directive(id).await.unwrap().tasks.len();
    let (_, html) = page(&c, format!("{}/van-ban/{id}", app.url)).await;
    let line = LETTER
        .lines()
        .position(|l| l.starts_with("Sở Tài chính bố trí"))
        .unwrap()
        + 1;
    // Whether or not the extractor found it, the reviewer adds it from its line.
    let r = c
        .post(format!("{}/van-ban/{id}/them-nhiem-vu", app.url))
        .form(&[("csrf", csrf_of(&html)), ("from", line.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let d = app.store.directive(id).await.unwrap();
    assert_eq!(d.tasks.len(), before + 1);
    let added = d.tasks.iter().max_by_key(|t| t.id).unwrap();
    assert_eq!(
        added.lead[0].1, "Sở Tài chính",
        "the lead read from the words"
    );
    assert_eq!(
        added.due,
        chrono::NaiveDate::from_ymd_opt(2026, 6, 30),
        "the deadline read from the words"
    );
    assert_eq!(
        (added.first_line, added.last_line),
        (line as i64, line as i64)
    );
    // Lines outside the document are refused by name.
    let r = c
        .post(format!("{}/van-ban/{id}/them-nhiem-vu", app.url))
        .form(&[("csrf", csrf_of(&html)), ("from", "900".into())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("không có trong văn bản"));
}

#[tokio::test]
async fn tasks_are_split_and_joined_and_a_mistaken_upload_deleted() {
    let app = start(A, B, false).await;
    let c = login(&app, "thuky").await;
    let id = draft(&app, &c, "cv.txt", LETTER).await;
    let d = app.store.directive(id).await.unwrap();
    let t = d.tasks[0].id;
    let (_, html) = page(&c, format!("{}/van-ban/{id}", app.url)).await;
    let csrf = csrf_of(&html);
    let r = c
        .post(format!("{}/nhiem-vu/{t}/tach", app.url))
        .form(&[
            ("csrf", csrf.as_str()),
            (
                "text",
                "Rà soát quy chế làm việc\n\nBáo cáo kết quả rà soát",
            ),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let d2 = app.store.directive(id).await.unwrap();
    assert_eq!(d2.tasks.len(), d.tasks.len() + 1);
    let new = d2.tasks.iter().map(|x| x.id).max().unwrap();
    let split = d2.tasks.iter().find(|x| x.id == new).unwrap();
    assert_eq!(split.text, "Báo cáo kết quả rà soát");
    assert_eq!(
        split.lead, d.tasks[0].lead,
        "the new part keeps the agencies"
    );
    // Joined back.
    let r = c
        .post(format!("{}/nhiem-vu/{t}/gop", app.url))
        .form(&[("csrf", csrf.as_str()), ("other", new.to_string().as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let d3 = app.store.directive(id).await.unwrap();
    assert_eq!(d3.tasks.len(), d.tasks.len());
    let joined = d3.tasks.iter().find(|x| x.id == t).unwrap();
    assert!(joined.text.contains("Rà soát quy chế") && joined.text.contains("Báo cáo kết quả"));
    // Deleted: the draft and its tasks are gone.
    let r = c
        .post(format!("{}/van-ban/{id}/xoa", app.url))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(app.store.directive(id).await.is_err());
    // A tracked directive is never deleted.
    let id = draft(&app, &c, "cv2.txt", &LETTER.replace("15/UBND", "16/UBND")).await;
    app.store.confirm_directive(id, "test").await.unwrap();
    let r = c
        .post(format!("{}/van-ban/{id}/xoa", app.url))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_corrected_agency_is_found_in_the_next_upload() {
    let app = start(A, B, false).await;
    let c = login(&app, "thuky").await;
    let text = "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA\nSố: 21/UBND-KGVX\tKhánh Hòa, ngày 12 tháng 3 năm 2026\n1. Trung tâm Điều hành Đô thị thông minh tỉnh vận hành thử nền tảng giám sát, hoàn thành trước ngày 15/5/2026.\n";
    let id = draft(&app, &c, "a.txt", text).await;
    let d = app.store.directive(id).await.unwrap();
    let task = &d.tasks[0];
    let read = task.lead[0].clone();
    assert!(read.1.starts_with("Trung tâm Điều hành"), "{read:?}");
    // The reviewer says it is Sở KH&CN's.
    let (_, html) = page(&c, format!("{}/van-ban/{id}", app.url)).await;
    let r = c
        .post(format!("{}/nhiem-vu/{}/sua", app.url, task.id))
        .form(&[
            ("csrf", csrf_of(&html)),
            ("text", task.text.clone()),
            ("lead", app.a.to_string()),
            ("due", "15/05/2026".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // The next upload naming it finds the chosen agency.
    let again = text
        .replace("21/UBND", "22/UBND")
        .replace("vận hành thử", "vận hành chính thức");
    let id2 = draft(&app, &c, "b.txt", &again).await;
    let d2 = app.store.directive(id2).await.unwrap();
    assert_eq!(
        d2.tasks[0].lead[0].0, app.a,
        "learned: {:?}",
        d2.tasks[0].lead
    );
}

#[tokio::test]
async fn a_scan_is_read_by_ocr_with_progress_and_a_warning() {
    let has_tesseract = std::process::Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .is_ok_and(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l.trim() == "vie")
        });
    if !has_tesseract {
        let required = std::env::var("DONDOC_REQUIRE_OCR").is_ok_and(|v| v == "1");
        assert!(!required, "tesseract with Vietnamese data is required here");
        eprintln!("SKIPPED: tesseract (tesseract-ocr, tesseract-ocr-vie) is not installed");
        return;
    }
    // The upload's request does not wait: the progress page is shown.
    let app = common::start_tuned(None, A, B, false, |s| {
        s.upload_wait = std::time::Duration::ZERO;
    })
    .await;
    let c = login(&app, "thuky").await;
    let scan = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../dondoc-read/test_data/scanned_directive.pdf"
    ))
    .unwrap();
    let r = upload(&app, &c, "quet.pdf", scan).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let mut to = r.headers()["location"].to_str().unwrap().to_owned();
    // Long reads go to the progress page, which leads to the review once done.
    for _ in 0..120 {
        if !to.starts_with("/van-ban/tai-len/") {
            break;
        }
        let r = c.get(format!("{}{to}", app.url)).send().await.unwrap();
        if r.status() == StatusCode::SEE_OTHER {
            to = r.headers()["location"].to_str().unwrap().to_owned();
        } else {
            let html = r.text().await.unwrap();
            assert!(html.contains("Đang đọc văn bản"));
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        }
    }
    assert!(to.starts_with("/van-ban/"), "read: {to}");
    let (_, html) = page(&c, format!("{}{to}", app.url)).await;
    assert!(
        html.contains("id=\"ocr-warning\""),
        "the review warns of OCR"
    );
}
