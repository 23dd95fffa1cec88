//! The demonstration database of `dondoc serve --demo`: the five sample
//! directives of Khánh Hòa, reviewed and tracked, demo accounts of every
//! role, and a history generated up to the day it is loaded (reports,
//! completions, extensions, reminders, requests waiting), so that it reads as
//! a live committee whenever it is run.

use crate::auth::password;
use anyhow::{Context, Result};
use chrono::{Duration, NaiveDate};
use dondoc_domain::access::Role;
use dondoc_domain::agency::AgencyKind;
use dondoc_extract::Registry;
use dondoc_store::{
    CompletionClaim, Decision, ExtensionRequest, IngestRequest, NewUpdate, NewUser, Store,
    TaskFilter, Verdict,
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

async fn complete(store: &Store, task: i64, on: NaiveDate, verdict: Verdict) -> Result<()> {
    store
        .claim_completion(CompletionClaim {
            task_id: task,
            on,
            note: "Đã hoàn thành, có văn bản báo cáo kết quả gửi Văn phòng thường trực.",
            by: "demo",
        })
        .await?;
    let note = match verdict {
        Verdict::Accept => "Đạt yêu cầu.",
        Verdict::SendBack => "Chưa có sản phẩm cuối cùng; đề nghị bổ sung.",
    };
    store.appraise(task, verdict, note, "demo").await?;
    Ok(())
}

/// A small deterministic spread (0..n) from a task id: the demo reads the
/// same every time it is loaded on the same day.
fn spread(id: i64, salt: i64, n: i64) -> i64 {
    let x = (id.wrapping_mul(2_654_435_761) ^ salt.wrapping_mul(40_503)).rem_euclid(1_000_003);
    x % n.max(1)
}

/// The officer of a task's lead agency, as the history's author.
const PROGRESS: [&str; 4] = [
    "Đã xây dựng dự thảo, đang lấy ý kiến các cơ quan liên quan.",
    "Đã tổ chức họp triển khai, phân công đầu mối thực hiện.",
    "Đang hoàn thiện hồ sơ trình cấp có thẩm quyền.",
    "Đã hoàn thành phần lớn khối lượng, đang tổng hợp kết quả.",
];

/// A history up to `today`, so that the demo reads as a live committee on
/// whatever day it is run: the directives keep their dates, and their tasks
/// have been reported on, done (mostly on time, some late, one sent back
/// first), extended to dates around today, or left overdue; reminders were
/// sent on the days the policy says over the last weeks; a few requests wait
/// for the secretariat.
async fn history(store: &Store, today: NaiveDate, agencies: &[i64]) -> Result<()> {
    let tasks = store
        .tasks(
            &TaskFilter {
                limit: 1000,
                ..TaskFilter::default()
            },
            today,
            7,
        )
        .await?;
    let mut waiting_claims = 0;
    let mut waiting_requests = 0;
    for t in &tasks {
        let Some(lead) = store.task_assignment(t.id).await?.0.first().copied() else {
            continue;
        };
        let report = |on: NaiveDate, percent: i64, k: usize| NewUpdate {
            task_id: t.id,
            agency_id: lead,
            on,
            percent,
            body: PROGRESS[k % PROGRESS.len()],
            evidence: &[],
            files: &[],
            by: "demo",
        };
        let Some(due) = t.due else {
            // Ongoing duties: a report each of the last months.
            for m in 1..=3 {
                store
                    .add_update(report(
                        today - Duration::days(30 * m + spread(t.id, m, 6)),
                        50,
                        m as usize,
                    ))
                    .await?;
            }
            continue;
        };
        let fate = spread(t.id, 1, 100);
        if due >= today {
            // Still to come: reported on lately, some waiting for a decision.
            store
                .add_update(report(
                    today - Duration::days(5 + spread(t.id, 2, 20)),
                    20 + spread(t.id, 3, 60),
                    0,
                ))
                .await?;
            if waiting_claims < 2 {
                waiting_claims += 1;
                store
                    .claim_completion(CompletionClaim {
                        task_id: t.id,
                        on: today - Duration::days(1),
                        note: "Đã ban hành kế hoạch triển khai.",
                        by: "demo",
                    })
                    .await?;
            } else if waiting_requests < 2 {
                waiting_requests += 1;
                store
                    .request_extension(ExtensionRequest {
                        task_id: t.id,
                        requested_due: due + Duration::days(45),
                        reason: "Chờ hướng dẫn của Bộ Khoa học và Công nghệ.",
                        by: "demo",
                    })
                    .await?;
            }
            continue;
        }
        // Past its deadline.
        store
            .add_update(report(
                due - Duration::days(10 + spread(t.id, 4, 20)),
                40,
                1,
            ))
            .await?;
        if fate < 55 {
            // Done on time (one of them sent back once first).
            let on = due - Duration::days(spread(t.id, 5, 8));
            if fate < 4 {
                complete(store, t.id, on - Duration::days(5), Verdict::SendBack).await?;
            }
            complete(store, t.id, on, Verdict::Accept).await?;
        } else if fate < 72 {
            // Done late.
            let late = due + Duration::days(1 + spread(t.id, 6, 25));
            complete(store, t.id, late.min(today), Verdict::Accept).await?;
        } else if fate < 88 {
            // Extended to around today: due soon, not yet due, or late again.
            let new_due = today + Duration::days(spread(t.id, 7, 50) - 10);
            let id = store
                .request_extension(ExtensionRequest {
                    task_id: t.id,
                    requested_due: new_due.max(due + Duration::days(1)),
                    reason: "Phụ thuộc kết quả thẩm định của cơ quan Trung ương.",
                    by: "demo",
                })
                .await?;
            store
                .decide_extension(id, Decision::Approve, "Đồng ý gia hạn.", "demo")
                .await?;
            store
                .add_update(report(
                    today - Duration::days(3 + spread(t.id, 8, 10)),
                    70,
                    2,
                ))
                .await?;
        }
        // Else: still overdue, reported on at most once.
    }
    // Explanations: one answered (waiting for the secretariat to read it),
    // one waiting for the agency's answer.
    let overdue = store
        .tasks(
            &TaskFilter {
                status: Some(dondoc_domain::status::Status::Overdue),
                limit: 2,
                ..TaskFilter::default()
            },
            today,
            7,
        )
        .await?;
    for (n, t) in overdue.iter().enumerate() {
        let Some(lead) = store.task_assignment(t.id).await?.0.first().copied() else {
            continue;
        };
        let id = store
            .request_explanation(
                t.id,
                lead,
                "Đề nghị giải trình lý do chậm tiến độ và thời hạn hoàn thành dự kiến.",
                today + Duration::days(5),
                "demo",
            )
            .await?;
        if n == 0 {
            store
                .answer_explanation(
                    id,
                    "Do chờ ý kiến thẩm định của Bộ; dự kiến hoàn thành trong tháng tới.",
                    "demo",
                )
                .await?;
        }
    }
    // Reminders as the policy sent them over the last weeks (the rounds of
    // periodic reports are the demo's own, below).
    let policy = dondoc_followup::ReminderPolicy::default();
    for back in (1..=45).rev() {
        dondoc_notify::remind(
            store,
            &policy,
            today - Duration::days(back),
            "http://127.0.0.1:8080",
            false,
        )
        .await?;
    }
    let _ = agencies;
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
