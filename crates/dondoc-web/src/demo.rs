//! The demonstration database of `dondoc serve --demo`: the five sample
//! directives of Khánh Hòa, reviewed and tracked, demo accounts of every
//! role, and a little history (reports, a completion, a deadline request)
//! so that every page has something to show.

use crate::auth::password;
use anyhow::{Context, Result};
use chrono::{Duration, NaiveDate};
use dondoc_domain::access::Role;
use dondoc_domain::agency::AgencyKind;
use dondoc_extract::Registry;
use dondoc_store::{
    CompletionClaim, ExtensionRequest, IngestRequest, NewUpdate, NewUser, Store, TaskFilter,
    Verdict,
};

/// The sample directives (compiled in, so the demo runs from anywhere).
pub const SAMPLES: [(&str, &str); 5] = [
    (
        "000_7efb834befe4166f.txt",
        include_str!("../../dondoc-extract/test_data/000_7efb834befe4166f.txt"),
    ),
    (
        "001_dda158427d07a616.txt",
        include_str!("../../dondoc-extract/test_data/001_dda158427d07a616.txt"),
    ),
    (
        "002_901f57d19159e859.txt",
        include_str!("../../dondoc-extract/test_data/002_901f57d19159e859.txt"),
    ),
    (
        "003_dfb97a17adc53d91.txt",
        include_str!("../../dondoc-extract/test_data/003_dfb97a17adc53d91.txt"),
    ),
    (
        "004_d326df9318934d85.txt",
        include_str!("../../dondoc-extract/test_data/004_d326df9318934d85.txt"),
    ),
];

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "dondoc-demo";

/// A demo account: (username, display name, role description).
pub struct DemoAccount {
    pub username: String,
    pub role: String,
}

/// Loads the demo data into an empty store; does nothing (and returns the
/// accounts) when the demo was loaded before.
pub async fn seed(
    store: &Store,
    registry: &Registry,
    today: NaiveDate,
) -> Result<Vec<DemoAccount>> {
    let hash = password::hash(DEMO_PASSWORD).map_err(anyhow::Error::msg)?;
    let fresh = store.user_for_login("admin").await?.is_none();
    if store.agencies().await?.is_empty() {
        store.import_registry(registry, "demo").await?;
    }
    if fresh {
        for (name, text) in SAMPLES {
            let x = dondoc_extract::extract(text, registry);
            store
                .ingest(IngestRequest {
                    file_name: name,
                    bytes: text.as_bytes(),
                    text,
                    extraction: &x,
                    confirm: true,
                    actor: "demo",
                    after_task: None,
                })
                .await
                .with_context(|| format!("demo directive {name}"))?;
        }
    }
    // The officers: of the three agencies that lead the most tasks.
    let summary = store.summary(None, today, 7).await?;
    let agencies = store.agencies().await?;
    let single = |id: i64| {
        agencies.iter().any(|a| {
            a.id == id
                && matches!(
                    a.kind,
                    AgencyKind::Department | AgencyKind::Commune | AgencyKind::Province
                )
        })
    };
    let mut leads: Vec<_> = summary
        .by_agency
        .iter()
        .filter(|r| single(r.agency_id))
        .map(|r| {
            (
                r.counts.values().sum::<i64>(),
                r.agency_id,
                r.agency.clone(),
            )
        })
        .collect();
    leads.sort_by(|a, b| b.0.cmp(&a.0).then(a.2.cmp(&b.2)));
    let mut accounts = vec![
        (
            "admin",
            "Quản trị hệ thống",
            Role::Admin,
            "quản trị".to_owned(),
        ),
        (
            "vanphong",
            "Văn phòng thường trực (Sở KH&CN)",
            Role::Secretariat,
            "văn phòng thường trực".to_owned(),
        ),
        (
            "lanhdao",
            "Lãnh đạo Ban Chỉ đạo",
            Role::Leader,
            "lãnh đạo (chỉ xem)".to_owned(),
        ),
    ];
    for (i, (_, id, name)) in leads.iter().take(3).enumerate() {
        let username: &'static str = ["canbo1", "canbo2", "canbo3"][i];
        accounts.push((
            username,
            "Cán bộ đầu mối",
            Role::Officer { agency: *id },
            format!("cán bộ {name}"),
        ));
    }
    if fresh {
        for (username, display, role, _) in &accounts {
            store
                .create_user(
                    NewUser {
                        username,
                        display_name: display,
                        password_hash: &hash,
                        role: *role,
                        email: None,
                    },
                    "demo",
                )
                .await?;
        }
        history(store, today, &leads.iter().map(|l| l.1).collect::<Vec<_>>()).await?;
    }
    Ok(accounts
        .into_iter()
        .map(|(u, _, _, r)| DemoAccount {
            username: u.to_owned(),
            role: r,
        })
        .collect())
}

async fn complete(store: &Store, task: i64, on: NaiveDate) -> Result<()> {
    store
        .claim_completion(CompletionClaim {
            task_id: task,
            on,
            note: "Đã hoàn thành, có văn bản báo cáo kết quả gửi Văn phòng thường trực.",
            by: "demo",
        })
        .await?;
    store
        .appraise(task, Verdict::Accept, "Đạt yêu cầu.", "demo")
        .await?;
    Ok(())
}

/// Some history: reports on a few tasks of the busiest agencies, one
/// completion accepted, one awaiting appraisal, one deadline request.
async fn history(store: &Store, today: NaiveDate, agencies: &[i64]) -> Result<()> {
    // An early one: the busiest agency's next task, done three days ago.
    if let Some(first) = agencies.first() {
        let next = store
            .tasks(
                &TaskFilter {
                    agency: Some(*first),
                    due_from: Some(today),
                    limit: 1,
                    ..TaskFilter::default()
                },
                today,
                7,
            )
            .await?;
        if let Some(t) = next.first() {
            complete(store, t.id, today - Duration::days(3)).await?;
        }
    }
    for (n, agency) in agencies.iter().take(3).enumerate() {
        let list = store
            .tasks(
                &TaskFilter {
                    agency: Some(*agency),
                    limit: 6,
                    ..TaskFilter::default()
                },
                today,
                7,
            )
            .await?;
        for (i, t) in list.iter().enumerate() {
            let on = today - Duration::days(20 - i as i64 * 3);
            store
                .add_update(NewUpdate {
                    task_id: t.id,
                    agency_id: *agency,
                    on,
                    percent: 30 + 10 * i as i64,
                    body: "Đã xây dựng dự thảo, đang lấy ý kiến các cơ quan liên quan.",
                    evidence: &[],
                    files: &[],
                    by: "demo",
                })
                .await?;
            if i + 1 == list.len() && n == 0 {
                // A late one: done two days ago, after its deadline.
                complete(store, t.id, today - Duration::days(2)).await?;
            }
            if i == 1 && n == 1 {
                store
                    .claim_completion(CompletionClaim {
                        task_id: t.id,
                        on: today - Duration::days(1),
                        note: "Đã ban hành kế hoạch triển khai.",
                        by: "demo",
                    })
                    .await?;
            }
            if i == 2 && n == 0 {
                store
                    .request_extension(ExtensionRequest {
                        task_id: t.id,
                        requested_due: today + Duration::days(45),
                        reason: "Chờ hướng dẫn của Bộ Khoa học và Công nghệ.",
                        by: "demo",
                    })
                    .await?;
            }
        }
    }
    Ok(())
}

/// A round of periodic reports for the demo: this month's, due on the
/// committee's day, opened for the agencies with open or recent tasks, one
/// of them filed. Nothing when a round exists already.
pub async fn seed_reports(store: &Store, today: NaiveDate) -> Result<()> {
    use dondoc_domain::reports::{RoundKind, default_due};
    if !store.rounds(Some(-1)).await?.is_empty() {
        return Ok(());
    }
    let Some((start, end)) = RoundKind::Monthly.period_of(today) else {
        return Ok(());
    };
    let due_day = store.criteria_in_force().await?.reports.due_day;
    let round = store
        .open_round(dondoc_store::NewRound {
            kind: RoundKind::Monthly,
            start,
            end,
            due: default_due(end, due_day),
            title: None,
            agencies: None,
            scope: None,
            duty_task: None,
            by: "demo",
        })
        .await?;
    let inbox = store.round_inbox(round, None).await?;
    let summary = store.summary(None, today, 7).await?;
    // The busiest agency expected files its report.
    let Some(agency) = summary
        .by_agency
        .iter()
        .map(|r| r.agency_id)
        .find(|a| inbox.iter().any(|r| r.agency_id == *a))
    else {
        return Ok(());
    };
    let tasks = store.report_form_tasks(agency, start, today, 7).await?;
    let items: Vec<dondoc_store::ItemInput> = tasks
        .iter()
        .take(2)
        .map(|t| dondoc_store::ItemInput {
            task_id: t.row.id,
            percent: Some(t.latest.as_ref().map_or(30, |l| (l.0 + 20).min(90))),
            result: "Đã hoàn thiện dự thảo, đang trình cấp có thẩm quyền.",
            assessment: "Đúng tiến độ",
        })
        .collect();
    store
        .save_report(dondoc_store::SaveReport {
            round_id: round,
            agency_id: agency,
            highlights: "- Kết nối 12 cơ sở dữ liệu chuyên ngành với kho dữ liệu dùng chung của tỉnh\n- Tỷ lệ hồ sơ trực tuyến toàn trình đạt 62 %",
            difficulties: "- Thiếu nhân lực công nghệ thông tin chuyên trách",
            proposals: "- Đề nghị UBND tỉnh bố trí kinh phí chuyển đổi số năm 2027",
            items: &items,
            files: &[],
            submit: true,
            today,
            by: "demo",
        })
        .await?;
    Ok(())
}
