//! One definition of "an agency's tasks": an officer finds the same tasks in
//! the list, the export, the API, the calendar, the inbox and the dashboard,
//! and can open each of them — including a task a group of its agency
//! supports, which the list showed and the task page refused before.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestApp, csrf_of, login, page, start};
use reqwest::StatusCode;
use std::collections::BTreeSet;

const A: &str = "Sở Khoa học và Công nghệ";
const B: &str = "Sở Tài chính";

async fn token(app: &TestApp, user: &str) -> String {
    let c = login(app, "quantri").await;
    let (_, html) = page(&c, format!("{}/quan-tri", app.url)).await;
    let uid = app.store.user_for_login(user).await.unwrap().unwrap().0.id;
    let html = c
        .post(format!("{}/quan-tri/ma-truy-cap", app.url))
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            ("user", uid.to_string().as_str()),
            ("label", "test"),
        ])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let at = html.find("id=\"new-token\">").unwrap() + "id=\"new-token\">".len();
    html[at..at + 64].to_owned()
}

async fn api(app: &TestApp, token: &str, path: &str) -> serde_json::Value {
    reqwest::Client::new()
        .get(format!("{}/api/v1{path}", app.url))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// Every task id of an API list, all pages.
async fn api_ids(app: &TestApp, token: &str, query: &str) -> BTreeSet<i64> {
    let mut ids = BTreeSet::new();
    for page in 1.. {
        let v = api(app, token, &format!("/tasks?{query}&page={page}")).await;
        let items = v["items"].as_array().unwrap();
        if items.is_empty() {
            break;
        }
        ids.extend(items.iter().map(|t| t["id"].as_i64().unwrap()));
    }
    ids
}

#[tokio::test]
async fn an_officer_meets_the_same_tasks_in_every_view() {
    let app = start(A, B, false).await;
    // The samples, tracked, with no history: every task still open.
    let reg = dondoc_extract::Registry::khanh_hoa();
    for (name, _) in dondoc_web::demo::SAMPLES {
        let text = dondoc_web::demo::SAMPLES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| t.to_string())
            .unwrap();
        let x = dondoc_extract::extract(&text, &reg);
        app.store
            .ingest(dondoc_store::IngestRequest {
                file_name: name,
                bytes: text.as_bytes(),
                text: &text,
                extraction: &x,
                confirm: true,
                actor: "test",
                after_task: None,
            })
            .await
            .unwrap();
    }
    // A task of B that the group "các sở, ban, ngành" (A is a member)
    // supports: A reaches it only through the group.
    let group = app
        .store
        .agencies()
        .await
        .unwrap()
        .into_iter()
        .find(|a| {
            a.kind == dondoc_domain::agency::AgencyKind::Group && a.name.starts_with("Các sở")
        })
        .expect("the departments' group")
        .id;
    assert!(app.store.groups_of(app.a).await.unwrap().contains(&group));
    let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
    let of_b = app
        .store
        .tasks(
            &dondoc_store::TaskFilter {
                agency: Some(app.b),
                part: dondoc_domain::access::Part::Answers,
                open_only: true,
                limit: 1000,
                ..dondoc_store::TaskFilter::default()
            },
            today,
            7,
        )
        .await
        .unwrap();
    let mut group_supported = None;
    for t in of_b.into_iter().filter(|t| t.due.is_some()) {
        let (lead, support) = app.store.task_assignment(t.id).await.unwrap();
        if !lead.contains(&app.a) && !support.contains(&app.a) && !lead.contains(&group) {
            let d = app.store.task(t.id, today, 7).await.unwrap();
            app.store
                .edit_task(dondoc_store::TaskEdit {
                    id: t.id,
                    text: &d.row.text,
                    deliverable: d.deliverable.as_deref(),
                    due: d.row.due,
                    lead: &lead,
                    support: &[group],
                    by: "test",
                })
                .await
                .unwrap();
            group_supported = Some(t.id);
            break;
        }
    }
    let group_supported = group_supported.expect("a task of B alone");

    let token = token(&app, "canbo_a").await;
    let all = api_ids(&app, &token, "").await;
    let lead = api_ids(&app, &token, "part=lead").await;
    let support = api_ids(&app, &token, "part=support").await;
    assert!(all.contains(&group_supported));
    assert!(support.contains(&group_supported) && !lead.contains(&group_supported));
    assert_eq!(
        all,
        lead.union(&support).copied().collect(),
        "the parts make the whole"
    );
    assert!(lead.is_disjoint(&support));

    // The officer opens every task of its list, and only those.
    let c = login(&app, "canbo_a").await;
    for id in &all {
        let (code, _) = page(&c, format!("{}/nhiem-vu/{id}", app.url)).await;
        assert_eq!(code, StatusCode::OK, "task {id} is in the list");
    }
    let outside = app
        .store
        .tasks(
            &dondoc_store::TaskFilter {
                limit: 1000,
                ..dondoc_store::TaskFilter::default()
            },
            today,
            7,
        )
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.id)
        .find(|id| !all.contains(id))
        .expect("a task outside A's reach");
    let (code, _) = page(&c, format!("{}/nhiem-vu/{outside}", app.url)).await;
    assert_eq!(code, StatusCode::FORBIDDEN);

    // The export has the list's rows.
    let csv = c
        .get(format!("{}/nhiem-vu.csv", app.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut r = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let exported: BTreeSet<i64> = r
        .records()
        .map(|rec| rec.unwrap().get(0).unwrap().parse().unwrap())
        .collect();
    assert_eq!(exported, all);

    // The dashboard (the officer's summary) counts the same tasks.
    let summary = api(&app, &token, "/summary").await;
    assert_eq!(summary["total"].as_u64().unwrap() as usize, all.len());
    let overdue = api_ids(&app, &token, "status=overdue").await;
    assert_eq!(
        summary["by_status"]["overdue"].as_u64().unwrap() as usize,
        overdue.len()
    );

    // The inbox: what the agency answers for by urgency, then what it
    // supports — the same tasks as the list's parts.
    let (_, inbox) = page(&c, format!("{}/co-quan/{}", app.url, app.a)).await;
    assert!(inbox.contains(&format!("/nhiem-vu/{group_supported}\"")));

    // The calendar: the open tasks with a deadline among them.
    let (_, html) = page(&c, format!("{}/lich", app.url)).await;
    let feed = c
        .post(format!("{}/lich", app.url))
        .form(&[("csrf", csrf_of(&html))])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let at = feed.find("/lich/").unwrap();
    let end = feed[at..].find(".ics").unwrap();
    let ics = reqwest::get(format!("{}{}", app.url, &feed[at..at + end + 4]))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let open_with_due = api(&app, &token, "/tasks?open=1").await["total"]
        .as_u64()
        .unwrap();
    let events = ics.matches("BEGIN:VEVENT").count() as u64;
    assert!(events > 0 && events <= open_with_due);
    assert!(ics.contains(&format!("/nhiem-vu/{group_supported}")));
}
