//! Periodic reports, the consolidated report, scores and the criteria set
//! over real HTTP: a round opened, an officer filing with a file (the
//! progress reaching the task), the late one reminded, the secretariat
//! deciding once, the consolidated report as .docx and .xlsx (opened by
//! LibreOffice when installed), rankings and explained scores, exports,
//! criteria versions; and who may do what (an officer of another agency:
//! 403; leaders read only; CSRF on the multipart form).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestApp, csrf_of, login, page, start, task_of_a};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

const A: &str = "Sở Khoa học và Công nghệ";
const B: &str = "Sở Tài chính";

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 5, 20).unwrap()
}

/// Opens the May round for A and B, due on 19/05 (yesterday): whoever files
/// today is late, whoever does not is missing.
async fn open_may(app: &TestApp) -> i64 {
    let c = login(app, "thuky").await;
    let (status, html) = page(&c, format!("{}/bao-cao", app.url)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Mở đợt báo cáo"));
    let r = c
        .post(format!("{}/bao-cao", app.url))
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            ("kind", "monthly"),
            ("period", "20/05/2026"),
            ("due", "19/05/2026"),
            ("agency", &app.a.to_string()),
            ("agency", &app.b.to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let at = r.headers()["location"].to_str().unwrap().to_owned();
    at.trim_start_matches("/bao-cao/").parse().unwrap()
}

fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// LibreOffice, if installed (required with DONDOC_REQUIRE_LIBREOFFICE=1).
fn soffice() -> Option<&'static str> {
    let found = ["soffice", "libreoffice"].into_iter().find(|b| {
        std::process::Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        assert!(
            std::env::var("DONDOC_REQUIRE_LIBREOFFICE").as_deref() != Ok("1"),
            "libreoffice is required (DONDOC_REQUIRE_LIBREOFFICE=1) but not installed"
        );
        println!("SKIPPED: libreoffice not installed: the .docx and .xlsx are not rendered");
    }
    found
}

/// Converts `file` with LibreOffice to `to` ("pdf", "csv") in `dir`; `None`
/// when LibreOffice made nothing (its output is printed).
fn convert(
    soffice: &str,
    dir: &std::path::Path,
    file: &std::path::Path,
    to: &str,
) -> Option<std::path::PathBuf> {
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("profile").display()
    );
    let out = std::process::Command::new(soffice)
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            to,
            "--outdir",
        ])
        .arg(dir)
        .arg(file)
        .output();
    let ext = to.split(':').next().unwrap_or(to);
    let result = file.with_extension(ext);
    if !result.exists() {
        println!("LibreOffice made no {to}: {out:?}");
    }
    result.exists().then_some(result)
}

#[tokio::test]
async fn a_round_from_opening_to_the_consolidated_report() {
    let app = start(A, B, true).await;
    // April's round, before: May's report compares with it.
    app.store
        .open_round(dondoc_store::NewRound {
            kind: dondoc_domain::reports::RoundKind::Monthly,
            start: chrono::NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
            end: chrono::NaiveDate::from_ymd_opt(2026, 4, 30).unwrap(),
            due: chrono::NaiveDate::from_ymd_opt(2026, 4, 25).unwrap(),
            title: None,
            agencies: Some(&[app.a, app.b]),
            scope: None,
            duty_task: None,
            by: "thuky",
        })
        .await
        .unwrap();
    let round = open_may(&app).await;
    let task = task_of_a(&app).await;

    // The officer of A files: a result for one task, the general sections,
    // a file. The CSRF field comes first; without it, nothing is read.
    let officer = login(&app, "canbo_a").await;
    let (status, html) = page(&officer, format!("{}/bao-cao", app.url)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Báo cáo tháng 5/2026"), "the officer's list");
    assert!(
        html.contains("class=\"count\""),
        "the menu counts the report to file"
    );
    let form_url = format!("{}/bao-cao/{round}/don-vi/{}", app.url, app.a);
    let (status, html) = page(&officer, form_url.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(&format!("name=\"result_{task}\"")),
        "prefilled with its tasks"
    );
    let csrf = csrf_of(&html);
    let refused = officer
        .post(&form_url)
        .multipart(Form::new().text("highlights", "x").text("action", "submit"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        refused.status(),
        StatusCode::FORBIDDEN,
        "no CSRF field first"
    );
    let filed = officer
        .post(&form_url)
        .multipart(
            Form::new()
                .text("csrf", csrf.clone())
                .text(format!("percent_{task}"), "60")
                .text(
                    format!("result_{task}"),
                    "Đã trình dự thảo kế hoạch lên UBND tỉnh",
                )
                .text(format!("assessment_{task}"), "Đúng tiến độ")
                .text(
                    "highlights",
                    "- Kết nối 12 cơ sở dữ liệu chuyên ngành với kho dữ liệu dùng chung",
                )
                .text(
                    "difficulties",
                    "- Thiếu nhân lực công nghệ thông tin chuyên trách",
                )
                .text(
                    "proposals",
                    "- Đề nghị UBND tỉnh bố trí kinh phí chuyển đổi số năm 2027",
                )
                .text("action", "submit")
                .part(
                    "files",
                    Part::bytes(b"%PDF-1.4 bien ban".to_vec()).file_name("bien-ban.pdf"),
                ),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(filed.status(), StatusCode::SEE_OTHER);
    // One act: the task has the progress the report gave.
    let t = app.store.task(task, today(), 7).await.unwrap();
    let last = t.updates.last().unwrap();
    assert_eq!(last.percent, 60);
    assert!(
        last.body.contains("Đã trình dự thảo kế hoạch"),
        "{}",
        last.body
    );
    let (_, html) = page(&officer, form_url.clone()).await;
    assert!(html.contains("Đã gửi, chờ tiếp nhận") && html.contains("Trễ hạn"));
    let file_id: i64 = {
        let at = html.find("/bao-cao/tep/").unwrap() + "/bao-cao/tep/".len();
        html[at..].split('"').next().unwrap().parse().unwrap()
    };

    // Another agency's officer: neither its report, nor its file.
    let other = login(&app, "canbo_b").await;
    let (status, _) = page(&other, form_url.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = page(&other, format!("{}/bao-cao/tep/{file_id}", app.url)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, own) = page(
        &other,
        format!("{}/bao-cao/{round}/don-vi/{}", app.url, app.b),
    )
    .await;
    let r = other
        .post(&form_url)
        .multipart(
            Form::new()
                .text("csrf", csrf_of(&own))
                .text("action", "submit"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "filing for another agency"
    );
    let (status, _) = page(&other, format!("{}/bao-cao/{round}/tong-hop.docx", app.url)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let r = officer
        .get(format!("{}/bao-cao/tep/{file_id}", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"%PDF-1.4 bien ban");

    // The late one (B, nothing filed) is reminded by the day's run, in its
    // own digest, linking to its form.
    let sec = login(&app, "thuky").await;
    let (_, html) = page(&sec, format!("{}/don-doc", app.url)).await;
    let r = sec
        .post(format!("{}/don-doc/chay", app.url))
        .form(&[("csrf", csrf_of(&html).as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, inbox) = page(&other, format!("{}/co-quan/{}", app.url, app.b)).await;
    assert!(
        inbox.contains("Báo cáo tháng 5/2026 (chưa gửi)"),
        "the digest names it"
    );
    assert!(
        inbox.contains(&format!("/bao-cao/{round}/don-vi/{}", app.b)),
        "and the inbox links it"
    );

    // The round's inbox: A late, B missing and reminded; the rates.
    let (status, html) = page(&sec, format!("{}/bao-cao/{round}", app.url)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Trễ hạn") && html.contains("Chưa nộp (quá hạn)"));
    assert!(
        html.contains("id=\"reporting-rate\">50,0 %"),
        "one of two received"
    );
    assert!(html.contains("id=\"on-time-rate\">0,0 %"));
    let inbox = app.store.round_inbox(round, None).await.unwrap();
    assert_eq!(
        inbox
            .iter()
            .find(|r| r.agency_id == app.b)
            .unwrap()
            .reminders,
        1
    );

    // Leaders read, do not decide.
    let leader = login(&app, "sep").await;
    let (status, html) = page(&leader, form_url.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("quyet-dinh"));
    let r = leader
        .post(format!("{form_url}/quyet-dinh"))
        .form(&[("csrf", csrf_of(&html).as_str()), ("accept", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // The secretariat accepts, once.
    let (_, html) = page(&sec, form_url.clone()).await;
    let decide = |c: reqwest::Client, csrf: String| {
        let url = format!("{form_url}/quyet-dinh");
        async move {
            c.post(url)
                .form(&[("csrf", csrf.as_str()), ("accept", "1")])
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(
        decide(sec.clone(), csrf_of(&html)).await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        decide(sec.clone(), csrf_of(&html)).await,
        StatusCode::CONFLICT
    );
    let rep = app.store.report(round, app.a).await.unwrap().unwrap();
    let actions: Vec<String> = app
        .store
        .audit("report", rep.id)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert!(actions.contains(&"report.submit".into()) && actions.contains(&"report.accept".into()));

    // The consolidated report: drafted from the reports, edited, downloaded.
    let (status, html) = page(&sec, format!("{}/bao-cao/{round}/tong-hop", app.url)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Kết nối 12 cơ sở dữ liệu chuyên ngành"),
        "results compiled"
    );
    assert!(html.contains(A), "the agency named");
    assert!(html.contains("Thiếu nhân lực công nghệ thông tin"));
    assert!(
        html.contains("So với tháng 4/2026:"),
        "compared with the previous round"
    );
    let mut fields: Vec<(String, String)> = vec![("csrf".into(), csrf_of(&html))];
    // Every section as shown, the first one's text edited.
    let mut n = 0;
    while let Some(at) = html.find(&format!("name=\"level_{n}\" value=\"")) {
        let level = html[at + format!("name=\"level_{n}\" value=\"").len()..]
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        fields.push((format!("level_{n}"), level));
        let text = if n == 0 {
            "Ban Chỉ đạo báo cáo kết quả tháng 5/2026 (đã biên tập) như sau:".to_owned()
        } else {
            let start = html.find(&format!("name=\"text_{n}\"")).unwrap();
            let body = &html[start..];
            let open = body.find('>').unwrap() + 1;
            let close = body.find("</textarea>").unwrap();
            body[open..close]
                .replace("&#x2f;", "/")
                .replace("&amp;", "&")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&#x27;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
        };
        fields.push((format!("text_{n}"), text));
        if let Some(h) = html.find(&format!("name=\"heading_{n}\" value=\"")) {
            let v = html[h + format!("name=\"heading_{n}\" value=\"").len()..]
                .split('"')
                .next()
                .unwrap()
                .to_owned();
            fields.push((format!("heading_{n}"), v));
        }
        if html.contains(&format!("name=\"figures_{n}\"")) {
            fields.push((format!("figures_{n}"), "1".into()));
        }
        n += 1;
    }
    assert!(n > 5, "{n} sections");
    let r = sec
        .post(format!("{}/bao-cao/{round}/tong-hop", app.url))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = page(&sec, format!("{}/bao-cao/{round}/tong-hop", app.url)).await;
    assert!(html.contains("(đã biên tập)") && html.contains("đã chỉnh sửa"));
    let docx = sec
        .get(format!("{}/bao-cao/{round}/tong-hop.docx", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(docx.status(), StatusCode::OK);
    let docx = docx.bytes().await.unwrap().to_vec();
    assert!(is_zip(&docx));
    let xlsx = leader
        .get(format!("{}/bao-cao/{round}/phu-luc.xlsx", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(xlsx.status(), StatusCode::OK, "leaders read");
    let xlsx = xlsx.bytes().await.unwrap().to_vec();
    assert!(is_zip(&xlsx));

    // Opened by LibreOffice: the report as PDF, the appendix as CSV.
    let Some(soffice) = soffice() else { return };
    let dir = app.dir.join("render");
    std::fs::create_dir_all(&dir).unwrap();
    let docx_path = dir.join("bao-cao-tong-hop.docx");
    std::fs::write(&docx_path, &docx).unwrap();
    let pdf = convert(soffice, &dir, &docx_path, "pdf").expect("the report as PDF");
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for want in [
        "BÁO CÁO",
        "tháng 5/2026",
        "(đã biên tập)",
        "Kết nối 12 cơ sở dữ liệu chuyên ngành",
        "KHÓ KHĂN, VƯỚNG MẮC",
        "Đề nghị UBND tỉnh",
        "So với tháng 4/2026",
        "DANH MỤC NHIỆM VỤ VÀ TÌNH HÌNH THỰC HIỆN",
        "Cơ quan chủ trì",
        A,
    ] {
        if !text.is_empty() {
            assert!(
                flat.contains(want),
                "{want:?} not in the rendered report:\n{text}"
            );
        }
    }
    let xlsx_path = dir.join("phu-luc.xlsx");
    std::fs::write(&xlsx_path, &xlsx).unwrap();
    // Spreadsheets need LibreOffice Calc (libreoffice-calc-nogui).
    let Some(csv) = convert(
        soffice,
        &dir,
        &xlsx_path,
        "csv:Text - txt - csv (StarCalc):44,34,76",
    ) else {
        assert!(
            std::env::var("DONDOC_REQUIRE_LIBREOFFICE").as_deref() != Ok("1"),
            "LibreOffice Calc is required (DONDOC_REQUIRE_LIBREOFFICE=1) but could not open the .xlsx"
        );
        println!("SKIPPED: LibreOffice Calc not installed: the .xlsx is not opened");
        return;
    };
    let csv = std::fs::read_to_string(csv).unwrap();
    assert!(
        csv.contains("STT") && csv.contains("Nhiệm vụ") && csv.contains("Tình trạng"),
        "{csv}"
    );
    println!("rendered: {}", pdf.display());
}

#[tokio::test]
async fn scores_rankings_exports_and_the_criteria_set() {
    let app = start(A, B, true).await;
    let sec = login(&app, "thuky").await;
    let q = "ky=thang&nam=2026&thang=4";

    // A deadline approved for an objective cause, through the task page.
    let task = task_of_a(&app).await;
    let officer = login(&app, "canbo_a").await;
    let (_, html) = page(&officer, format!("{}/nhiem-vu/{task}", app.url)).await;
    let r = officer
        .post(format!("{}/nhiem-vu/{task}/gia-han", app.url))
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            ("due", "30/06/2026"),
            ("reason", "Chờ hướng dẫn của Bộ"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let change = app
        .store
        .task(task, today(), 7)
        .await
        .unwrap()
        .deadline_changes[0]
        .id;
    let (_, html) = page(&sec, format!("{}/nhiem-vu/{task}", app.url)).await;
    assert!(
        html.contains("Lý do khách quan"),
        "the checkbox on the decision form"
    );
    let r = sec
        .post(format!("{}/nhiem-vu/{task}/gia-han/quyet-dinh", app.url))
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            ("change", change.to_string().as_str()),
            ("objective", "1"),
            ("approve", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(
        app.store
            .task(task, today(), 7)
            .await
            .unwrap()
            .deadline_changes[0]
            .objective
    );

    // The ranking: by peer group, each agency linked to its explanation.
    let (status, html) = page(&sec, format!("{}/xep-hang?{q}", app.url)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Sở, ban, ngành và cơ quan cấp tỉnh"),
        "{html}"
    );
    assert!(html.contains(&format!("/xep-hang/co-quan/{}?", app.a)));
    assert!(html.contains("Tính theo dữ liệu đến hết ngày cuối kỳ"));
    let bad = sec
        .get(format!("{}/xep-hang?ky=thang&thang=13", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);

    // An officer: its own page only.
    let r = officer
        .get(format!("{}/xep-hang?{q}", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(
        r.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with(&format!("/xep-hang/co-quan/{}", app.a))
    );
    let (status, html) = page(
        &officer,
        format!("{}/xep-hang/co-quan/{}?{q}", app.url, app.a),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Giải trình từng điểm"));
    let (status, _) = page(
        &officer,
        format!("{}/xep-hang/co-quan/{}?{q}", app.url, app.b),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = page(
        &officer,
        format!("{}/xep-hang/co-quan/{}.xlsx?{q}", app.url, app.b),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let own = officer
        .get(format!("{}/xep-hang/co-quan/{}.xlsx?{q}", app.url, app.a))
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), StatusCode::OK);
    assert!(is_zip(&own.bytes().await.unwrap()));
    for path in ["xep-hang.xlsx", "xep-hang/kpi.xlsx", "xep-hang/kpi"] {
        let (status, _) = page(&officer, format!("{}/{path}?{q}", app.url)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        let leader = login(&app, "sep").await;
        let r = leader
            .get(format!("{}/{path}?{q}", app.url))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        let body = r.bytes().await.unwrap();
        assert!(path.ends_with(".xlsx") == is_zip(&body), "{path}");
    }

    // Fixing April: kept with its criteria; the page says so. Leaders cannot.
    let (_, html) = page(&sec, format!("{}/xep-hang?{q}", app.url)).await;
    assert!(html.contains("Chốt kết quả"));
    let fix = [("ky", "thang"), ("nam", "2026"), ("thang", "4")];
    let leader = login(&app, "sep").await;
    let (_, lhtml) = page(&leader, format!("{}/xep-hang?{q}", app.url)).await;
    let mut form = vec![("csrf", csrf_of(&lhtml))];
    form.extend(fix.iter().map(|(k, v)| (*k, (*v).to_owned())));
    let r = leader
        .post(format!("{}/xep-hang/chot", app.url))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let mut form = vec![("csrf", csrf_of(&html))];
    form.extend(fix.iter().map(|(k, v)| (*k, (*v).to_owned())));
    let r = sec
        .post(format!("{}/xep-hang/chot", app.url))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = page(&sec, format!("{}/xep-hang?{q}", app.url)).await;
    assert!(html.contains("Kết quả đã chốt"), "fixed");
    // The current month is still running: nothing to fix.
    let mut form = vec![("csrf", csrf_of(&html))];
    form.extend([
        ("ky", "thang".to_owned()),
        ("nam", "2026".into()),
        ("thang", "5".into()),
    ]);
    let r = sec
        .post(format!("{}/xep-hang/chot", app.url))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);

    // The criteria set: a bad edit is refused with its line and field; a
    // good one becomes the version in force, with its audit entry.
    let (status, html) = page(&sec, format!("{}/tieu-chi", app.url)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("phiên bản 2026.1"));
    let text = dondoc_domain::scoring::Criteria::default_toml();
    let broken = text.replace("late_percent = 25", "late_percent = \"nhiều\"");
    let r = sec
        .post(format!("{}/tieu-chi", app.url))
        .form(&[("csrf", csrf_of(&html).as_str()), ("text", broken.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("dòng") && body.contains("penalties.late_percent"),
        "{body}"
    );
    let edited = text
        .replace("version = \"2026.1\"", "version = \"2026.2\"")
        .replace("late_percent = 25", "late_percent = 50");
    let r = officer
        .post(format!("{}/tieu-chi", app.url))
        .form(&[("csrf", csrf_of(&html).as_str()), ("text", edited.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "officers read the criteria only"
    );
    let r = sec
        .post(format!("{}/tieu-chi/tai-len", app.url))
        .multipart(Form::new().text("csrf", csrf_of(&html)).part(
            "file",
            Part::bytes(edited.clone().into_bytes()).file_name("tieu-chi.toml"),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = page(&sec, format!("{}/tieu-chi", app.url)).await;
    assert!(html.contains("phiên bản 2026.2"));
    let sets = app.store.criteria_sets().await.unwrap();
    assert_eq!(sets.len(), 1);
    assert_eq!(
        app.store.audit("criteria", sets[0].id).await.unwrap()[0].action,
        "criteria.add"
    );
    // April stays as fixed (2026.1); March is computed with 2026.2.
    let (_, html) = page(&sec, format!("{}/xep-hang?{q}", app.url)).await;
    assert!(html.contains("phiên bản 2026.1"));
    let (_, html) = page(
        &sec,
        format!("{}/xep-hang?ky=thang&nam=2026&thang=3", app.url),
    )
    .await;
    assert!(html.contains("phiên bản 2026.2"));
}
