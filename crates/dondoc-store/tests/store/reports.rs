//! Periodic reports and scores on both databases: rounds and their guarded
//! transitions (two decisions at once: one refused), a filing that writes
//! its tasks' progress in the same act, audit entries; and scores computed
//! from real stored events (claims, appraisals, deadline decisions, report
//! filings and returns, their timestamps set to the scenario's days),
//! checked against hand-computed figures — each rule, the exemptions, peer
//! groups, a period boundary, an edited criteria set — and a past period
//! computed again after later events, unchanged.

use super::{d, stores};
use dondoc_domain::reports::{ReportDecision, ReportState, RoundKind};
use dondoc_domain::scoring::{Criteria, PeerGroup, Period, Points, Scoring, score};
use dondoc_store::*;

/// The scenario's ids.
struct Ids {
    a: i64,
    b: i64,
    c: i64,
    dd: i64,
    p: i64,
    /// Task ids by their number in the scenario (t[1] … t[14]).
    t: Vec<i64>,
}

const APRIL_END_UTC: &str = "2026-04-30T17:00:00Z";

/// Agencies: A, B, D (departments), C (a commune), P (a Party body); 14
/// tasks due around April 2026.
async fn scenario(s: &Store) -> Ids {
    let first = s.next_id("agencies").await.unwrap();
    let names = [
        ("Sở Alpha", "department"),
        ("Sở Beta", "department"),
        ("UBND xã Gamma", "commune"),
        ("Sở Delta", "department"),
        ("Ban Tuyên giáo Tỉnh ủy thử", "party"),
    ];
    let rows: Vec<(i64, String, &str, Option<i64>)> = names
        .iter()
        .enumerate()
        .map(|(i, (n, k))| (first + i as i64, (*n).to_owned(), *k, None))
        .collect();
    s.bulk_agencies(&rows).await.unwrap();
    let (a, b, c, dd, p) = (first, first + 1, first + 2, first + 3, first + 4);
    let directive = s.next_id("directives").await.unwrap();
    let t0 = s.next_id("tasks").await.unwrap();
    // (lead, due)
    let plan: [(i64, &str); 14] = [
        (a, "2026-04-10"),  // t1 on time
        (a, "2026-04-20"),  // t2 five days late
        (a, "2026-04-15"),  // t3 sent back once
        (a, "2026-04-05"),  // t4 moved to 25/04 for an objective cause
        (b, "2026-04-10"),  // t5 moved to 30/04, not objective, done 20/04
        (b, "2026-04-12"),  // t6 open at the end of April
        (b, "2026-04-18"),  // t7 on time
        (b, "2026-04-29"),  // t8 early
        (c, "2026-04-16"),  // t9 on time
        (dd, "2026-04-15"), // t10 paused
        (dd, "2026-04-20"), // t11 on time
        (a, "2026-06-30"),  // t12 open, later
        (c, "2026-04-30"),  // t13 accepted after midnight of 30/04
        (c, "2026-05-01"),  // t14 the next period
    ];
    let tasks: Vec<BulkTask> = plan
        .iter()
        .enumerate()
        .map(|(i, (lead, due))| BulkTask {
            id: t0 + i as i64,
            directive_id: directive,
            text: format!("Nhiệm vụ thử số {}", i + 1),
            lead: *lead,
            support: Vec::new(),
            due: Some(d(due)),
            completed_on: None,
            updates: Vec::new(),
        })
        .collect();
    let first_update = s.next_id("updates").await.unwrap();
    s.bulk_load(
        &[(directive, "1/TB-THU".into(), d("2026-03-01"))],
        &tasks,
        first_update,
    )
    .await
    .unwrap();
    s.finish_bulk().await.unwrap();
    let mut t = vec![0];
    t.extend((0..14).map(|i| t0 + i));
    let ids = Ids { a, b, c, dd, p, t };

    // Deadline changes, decided before they were needed.
    extend(s, ids.t[4], "2026-04-25", true, "2026-04-03T02:00:00Z").await;
    extend(s, ids.t[5], "2026-04-30", false, "2026-04-08T02:00:00Z").await;
    // Completions, appraised on the scenario's days.
    done(s, ids.t[1], "2026-04-08", "2026-04-09T02:00:00Z").await;
    done(s, ids.t[2], "2026-04-25", "2026-04-26T02:00:00Z").await;
    send_back(s, ids.t[3], "2026-04-14", "2026-04-14T08:00:00Z").await;
    done(s, ids.t[3], "2026-04-15", "2026-04-16T02:00:00Z").await;
    done(s, ids.t[4], "2026-04-24", "2026-04-24T09:00:00Z").await;
    done(s, ids.t[5], "2026-04-20", "2026-04-21T02:00:00Z").await;
    done(s, ids.t[7], "2026-04-18", "2026-04-18T09:00:00Z").await;
    done(s, ids.t[8], "2026-04-01", "2026-04-02T02:00:00Z").await;
    done(s, ids.t[9], "2026-04-16", "2026-04-16T09:00:00Z").await;
    done(s, ids.t[11], "2026-04-19", "2026-04-19T09:00:00Z").await;
    // 00:30 on 01/05 in the province: after April.
    done(s, ids.t[13], "2026-04-30", "2026-04-30T17:30:00Z").await;
    s.execute_admin(&format!(
        "UPDATE tasks SET paused = 1 WHERE id = {}",
        ids.t[10]
    ))
    .await
    .unwrap();
    ids
}

async fn extend(s: &Store, task: i64, to: &str, objective: bool, at: &str) {
    let id = s
        .request_extension(ExtensionRequest {
            task_id: task,
            requested_due: d(to),
            reason: "Chờ ý kiến của bộ",
            by: "canbo",
        })
        .await
        .unwrap();
    s.decide_extension_with(id, Decision::Approve, objective, "", "thuky")
        .await
        .unwrap();
    s.execute_admin(&format!(
        "UPDATE deadline_changes SET decided_at = '{at}' WHERE id = {id}"
    ))
    .await
    .unwrap();
}

async fn claim(s: &Store, task: i64, on: &str) {
    s.claim_completion(CompletionClaim {
        task_id: task,
        on: d(on),
        note: "Đã hoàn thành",
        by: "canbo",
    })
    .await
    .unwrap();
}

async fn done(s: &Store, task: i64, on: &str, at: &str) {
    claim(s, task, on).await;
    s.appraise(task, Verdict::Accept, "", "thuky")
        .await
        .unwrap();
    s.execute_admin(&format!(
        "UPDATE completions SET appraised_at = '{at}' WHERE task_id = {task} AND appraisal = 'accepted'"
    ))
    .await
    .unwrap();
}

async fn send_back(s: &Store, task: i64, on: &str, at: &str) {
    claim(s, task, on).await;
    s.appraise(task, Verdict::SendBack, "Thiếu sản phẩm", "thuky")
        .await
        .unwrap();
    s.execute_admin(&format!(
        "UPDATE completions SET appraised_at = '{at}' WHERE task_id = {task} AND appraisal = 'sent_back'"
    ))
    .await
    .unwrap();
}

/// The April round, A and B expected, due on the 25th; A files on 22/04.
async fn april_round(s: &Store, ids: &Ids) -> i64 {
    let round = s
        .open_round(NewRound {
            kind: RoundKind::Monthly,
            start: d("2026-04-01"),
            end: d("2026-04-30"),
            due: d("2026-04-25"),
            title: None,
            agencies: Some(&[ids.a, ids.b]),
            scope: None,
            duty_task: None,
            by: "thuky",
        })
        .await
        .unwrap();
    s.save_report(SaveReport {
        round_id: round,
        agency_id: ids.a,
        highlights: "Hoàn thành kho dữ liệu dùng chung",
        difficulties: "",
        proposals: "",
        items: &[],
        files: &[],
        submit: true,
        today: d("2026-04-22"),
        by: "canbo_a",
    })
    .await
    .unwrap();
    round
}

fn april() -> Period {
    Period::month(2026, 4).unwrap()
}

fn points_of(s: &Scoring, agency: i64) -> Option<i64> {
    s.agency(agency)
        .and_then(|a| a.score)
        .map(Points::hundredths)
}

#[tokio::test]
async fn scores_from_the_stored_record_match_hand_computed_figures() {
    for (db, s) in stores().await {
        let ids = scenario(&s).await;
        let round = april_round(&s, &ids).await;
        let input = s.scoring_input(april(), None).await.unwrap();
        let c = Criteria::default_set();
        let april_score = score(&c, &input);

        // Five items of A: 8 + 6 + 6 points each (quantity, quality, timeliness).
        // t1 20; t2 late: 20 − 25 % × 6 = 18,50; t3 sent back: 20 − 25 % × 6 =
        // 18,50; t4 objective extension: 20; the report filed 22/04 (due 25/04): 20.
        assert_eq!(points_of(&april_score, ids.a), Some(9700), "{db}");
        // B: t5 judged by its original deadline (not objective): 18,50; t6 open:
        // 0; t7, t8: 20 each; its report missing: 0.
        assert_eq!(points_of(&april_score, ids.b), Some(5850), "{db}");
        // C (commune): t9 50; t13 accepted at 00:30 on 01/05: not done in April.
        // t14 (due 01/05) belongs to May.
        assert_eq!(points_of(&april_score, ids.c), Some(5000), "{db}");
        // D: t10 paused (not assessed, no share): t11 takes all 100.
        assert_eq!(points_of(&april_score, ids.dd), Some(10000), "{db}");
        // P: nothing due: no score, no rank.
        let p = april_score.agency(ids.p).unwrap();
        assert_eq!((p.score, p.rank), (None, None), "{db}");
        assert!(
            p.note
                .as_deref()
                .unwrap_or("")
                .contains("Không có nhiệm vụ đến hạn")
        );

        // Peer groups: departments ranked among themselves, the commune alone.
        let rank = |id: i64| april_score.agency(id).and_then(|a| a.rank);
        assert_eq!(
            (rank(ids.dd), rank(ids.a), rank(ids.b)),
            (Some(1), Some(2), Some(3)),
            "{db}"
        );
        assert_eq!(rank(ids.c), Some(1), "{db}");
        assert_eq!(april_score.agency(ids.c).unwrap().group, PeerGroup::Commune);
        assert!(
            april_score
                .rankings
                .iter()
                .find(|g| g.group == PeerGroup::Provincial)
                .is_some_and(|g| g.entries.iter().all(|e| e.agency_id != ids.c)),
            "{db}: never a commune against departments"
        );

        // Each explanation line says why.
        let a = april_score.agency(ids.a).unwrap();
        let lines: Vec<&str> = a.lines().map(|l| l.text.as_str()).collect();
        assert!(
            lines.iter().any(|l| l.starts_with("Trễ hạn 5 ngày")),
            "{db}: {lines:?}"
        );
        assert!(
            lines.iter().any(|l| l.starts_with("Bị trả lại 1 lần")),
            "{db}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.contains("lý do khách quan") && l.contains("không trừ điểm")),
            "{db}"
        );
        let b = april_score.agency(ids.b).unwrap();
        assert!(
            b.lines()
                .any(|l| l.text.contains("xét đúng hạn theo hạn ban đầu 10/04/2026")),
            "{db}"
        );
        assert!(b.lines().any(|l| l.text.contains("chưa nộp")), "{db}");
        assert_eq!(b.figures.reports_missing, 1);
        assert_eq!(a.figures.exempt_extensions, 1);
        assert_eq!(
            april_score.agency(ids.dd).unwrap().figures.withdrawn,
            1,
            "{db}"
        );
        // May: t14 (C) is there, open.
        let may = score(
            &c,
            &s.scoring_input(Period::month(2026, 5).unwrap(), None)
                .await
                .unwrap(),
        );
        assert_eq!(points_of(&may, ids.c), Some(0), "{db}");

        // A result fixed for April keeps its criteria and reads back equal.
        let canonical = c.to_toml().unwrap();
        s.save_score_run(None, &april_score, &canonical, "thuky")
            .await
            .unwrap();
        let run = s.score_run(april(), None).await.unwrap().unwrap();
        assert_eq!(run.result, april_score, "{db}");
        assert_eq!(run.criteria, canonical);
        assert!(s.score_run(april(), Some(ids.a)).await.unwrap().is_none());

        // Later events: B's open task done in May, its report filed in May,
        // A's report returned in May. April computed again: unchanged.
        done(&s, ids.t[6], "2026-05-03", "2026-05-04T02:00:00Z").await;
        s.save_report(SaveReport {
            round_id: round,
            agency_id: ids.b,
            highlights: "Muộn",
            difficulties: "",
            proposals: "",
            items: &[],
            files: &[],
            submit: true,
            today: d("2026-05-03"),
            by: "canbo_b",
        })
        .await
        .unwrap();
        let a_report = s.report(round, ids.a).await.unwrap().unwrap().id;
        s.decide_report(
            a_report,
            ReportDecision::Return,
            "Bổ sung số liệu",
            d("2026-05-02"),
            "thuky",
        )
        .await
        .unwrap();
        let again = score(&c, &s.scoring_input(april(), None).await.unwrap());
        assert_eq!(again, april_score, "{db}: a past period is reproducible");

        // An edited criteria set (lateness costs 50 %) changes the result.
        let edited = Criteria::default_toml()
            .replace("version = \"2026.1\"", "version = \"2026.2\"")
            .replace("late_percent = 25", "late_percent = 50");
        let id = s.add_criteria(&edited, "thuky").await.unwrap();
        assert!(matches!(
            s.add_criteria(&edited, "thuky").await,
            Err(StoreError::Conflict(_))
        ));
        let in_force = s.criteria_in_force().await.unwrap();
        assert_eq!(in_force.version, "2026.2");
        let with_edit = score(&in_force, &s.scoring_input(april(), None).await.unwrap());
        // A: t2 loses 3,00 instead of 1,50; B: t5 likewise.
        assert_eq!(points_of(&with_edit, ids.a), Some(9550), "{db}");
        assert_eq!(points_of(&with_edit, ids.b), Some(5700), "{db}");
        assert_eq!(with_edit.criteria_version, "2026.2");
        let audit = s.audit("criteria", id).await.unwrap();
        assert_eq!(audit[0].action, "criteria.add", "{db}");
        assert_eq!(s.criteria_sets().await.unwrap().len(), 1);
        let bad = s.add_criteria("version = \"x\"", "thuky").await;
        assert!(matches!(bad, Err(StoreError::Invalid { .. })), "{db}");
    }
}

#[tokio::test]
async fn reports_are_filed_decided_once_and_write_their_progress() {
    for (db, s) in stores().await {
        let ids = scenario(&s).await;
        // A round of the agencies with open or recent tasks (the default).
        let round = s
            .open_round(NewRound {
                kind: RoundKind::Monthly,
                start: d("2026-05-01"),
                end: d("2026-05-31"),
                due: d("2026-05-25"),
                title: None,
                agencies: None,
                scope: None,
                duty_task: None,
                by: "thuky",
            })
            .await
            .unwrap();
        let inbox = s.round_inbox(round, None).await.unwrap();
        let expected: Vec<i64> = inbox.iter().map(|r| r.agency_id).collect();
        // A (t12 open), B (t6 open), C (t13, t14 open); D's t11 was done in
        // April (recent), its t10 is paused; P has nothing.
        for want in [ids.a, ids.b, ids.c, ids.dd] {
            assert!(
                expected.contains(&want),
                "{db}: {want} expected in {expected:?}"
            );
        }
        assert!(!expected.contains(&ids.p), "{db}");
        assert!(inbox.iter().all(|r| r.state == ReportState::Draft));
        let r = s.round(round, None).await.unwrap();
        assert_eq!(r.title, "Báo cáo tháng 5/2026");
        assert_eq!((r.expected, r.received), (4, 0), "{db}");
        // One round per kind and period.
        let again = s
            .open_round(NewRound {
                kind: RoundKind::Monthly,
                start: d("2026-05-01"),
                end: d("2026-05-31"),
                due: d("2026-05-20"),
                title: None,
                agencies: None,
                scope: None,
                duty_task: None,
                by: "thuky",
            })
            .await;
        assert!(matches!(again, Err(StoreError::Conflict(_))), "{db}");

        // A saves a draft: nothing reaches the task yet.
        let items = [ItemInput {
            task_id: ids.t[12],
            percent: Some(40),
            result: "Đã xây dựng dự thảo kế hoạch",
            assessment: "Đúng tiến độ",
        }];
        let save = |submit: bool, today: &str| SaveReport {
            round_id: round,
            agency_id: ids.a,
            highlights: "- Kết nối 12 cơ sở dữ liệu chuyên ngành",
            difficulties: "- Thiếu nhân lực công nghệ thông tin",
            proposals: "- Đề nghị UBND tỉnh bố trí kinh phí",
            items: &items,
            files: &[],
            submit,
            today: d(today),
            by: "canbo_a",
        };
        let files = [("bien-ban.pdf".to_owned(), b"%PDF-1.4".to_vec())];
        let draft = SaveReport {
            files: &files,
            ..save(false, "2026-05-20")
        };
        assert_eq!(s.save_report(draft).await.unwrap(), ReportState::Draft);
        let t12 = s.task(ids.t[12], d("2026-05-20"), 7).await.unwrap();
        assert!(t12.updates.is_empty(), "{db}: a draft writes no progress");
        // Filing: the progress lands on the task in the same act.
        assert_eq!(
            s.save_report(save(true, "2026-05-24")).await.unwrap(),
            ReportState::Submitted
        );
        let t12 = s.task(ids.t[12], d("2026-05-24"), 7).await.unwrap();
        assert_eq!(t12.updates.len(), 1, "{db}");
        assert_eq!(t12.updates[0].percent, 40);
        assert!(t12.updates[0].body.contains("Đã xây dựng dự thảo kế hoạch"));
        assert!(t12.audit.iter().any(|a| a.action == "task.update"), "{db}");
        let rep = s.report(round, ids.a).await.unwrap().unwrap();
        assert_eq!(rep.first_submitted_on, Some(d("2026-05-24")));
        assert!(rep.items[0].update_id.is_some());
        assert_eq!(rep.files.len(), 1);
        // A filed report cannot be edited, nor filed twice.
        assert!(matches!(
            s.save_report(save(true, "2026-05-24")).await,
            Err(StoreError::Conflict(_))
        ));
        // Another agency's task is refused.
        let foreign = [ItemInput {
            task_id: ids.t[6],
            percent: Some(10),
            result: "x",
            assessment: "",
        }];
        let c_save = SaveReport {
            agency_id: ids.c,
            items: &foreign,
            ..save(false, "2026-05-24")
        };
        assert!(matches!(
            s.save_report(c_save).await,
            Err(StoreError::Invalid { .. })
        ));

        // Two accepts at once: one wins, the other is refused (409).
        let (x, y) = tokio::join!(
            s.decide_report(rep.id, ReportDecision::Accept, "", d("2026-05-25"), "thuky"),
            s.decide_report(rep.id, ReportDecision::Accept, "", d("2026-05-25"), "admin"),
        );
        assert!(
            x.is_ok() != y.is_ok(),
            "{db}: exactly one decision: {x:?} {y:?}"
        );
        let refused = if x.is_err() { x } else { y };
        assert!(matches!(refused, Err(StoreError::Conflict(_))), "{db}");
        let audit = s.audit("report", rep.id).await.unwrap();
        let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
        assert_eq!(
            actions.iter().filter(|a| **a == "report.accept").count(),
            1,
            "{db}: {actions:?}"
        );
        assert!(actions.contains(&"report.submit") && actions.contains(&"report.save"));

        // B files late; returned with a comment; files again, changed.
        let b_items = [ItemInput {
            task_id: ids.t[6],
            percent: Some(70),
            result: "Đang hoàn thiện",
            assessment: "",
        }];
        let b = |submit, today: &str, items: &'static [ItemInput<'static>]| SaveReport {
            round_id: round,
            agency_id: ids.b,
            highlights: "",
            difficulties: "",
            proposals: "",
            items,
            files: &[],
            submit,
            today: d(today),
            by: "canbo_b",
        };
        let b_items: &'static [ItemInput<'static>] = Box::leak(Box::new(b_items));
        s.save_report(b(true, "2026-05-27", b_items)).await.unwrap();
        let b_id = s.report(round, ids.b).await.unwrap().unwrap().id;
        assert!(matches!(
            s.decide_report(b_id, ReportDecision::Return, " ", d("2026-05-28"), "thuky")
                .await,
            Err(StoreError::Invalid { .. })
        ));
        s.decide_report(
            b_id,
            ReportDecision::Return,
            "Bổ sung kết quả",
            d("2026-05-28"),
            "thuky",
        )
        .await
        .unwrap();
        // Filed again unchanged: no second progress update.
        s.save_report(b(true, "2026-05-29", b_items)).await.unwrap();
        let t6 = s.task(ids.t[6], d("2026-05-29"), 7).await.unwrap();
        assert_eq!(t6.updates.len(), 1, "{db}");
        let rep_b = s.report(round, ids.b).await.unwrap().unwrap();
        assert_eq!(rep_b.state, ReportState::Submitted);
        // The first filing counts: late.
        assert_eq!(rep_b.first_submitted_on, Some(d("2026-05-27")));
        let acts: Vec<&str> = rep_b.events.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(acts, ["submit", "return", "submit"], "{db}");

        let r = s.round(round, None).await.unwrap();
        assert_eq!((r.received, r.on_time, r.accepted), (2, 1, 1), "{db}");
        assert_eq!(s.reports_waiting(ids.c).await.unwrap(), 1);
        assert_eq!(s.reports_waiting(ids.a).await.unwrap(), 0);
        let filed = s.filed_reports(round, None).await.unwrap();
        assert_eq!(filed.len(), 2, "{db}");
        assert!(filed.iter().any(|f| f.difficulties.contains("nhân lực")));

        // Reminders: C has not filed.
        let due = s.reports_due().await.unwrap();
        assert!(due.iter().any(|r| r.agency_id == ids.c), "{db}");
        assert!(due.iter().all(|r| r.agency_id != ids.a));

        // The consolidated text is kept, with its audit entry.
        s.save_round_summary(round, "[]", "{}", d("2026-05-31"), "thuky")
            .await
            .unwrap();
        s.save_round_summary(round, "[{}]", "{}", d("2026-05-31"), "thuky")
            .await
            .unwrap();
        assert_eq!(
            s.round_summary(round).await.unwrap().unwrap().sections_json,
            "[{}]"
        );
        // Closed: nothing more is filed.
        s.close_round(round, "thuky").await.unwrap();
        let c_items: [ItemInput; 0] = [];
        let c_save = SaveReport {
            agency_id: ids.c,
            items: &c_items,
            ..save(true, "2026-06-01")
        };
        assert!(matches!(
            s.save_report(c_save).await,
            Err(StoreError::Conflict(_))
        ));
        assert!(s.reports_due().await.unwrap().is_empty(), "{db}");
    }
}

#[tokio::test]
async fn a_monthly_report_duty_opens_its_round() {
    for (db, s) in stores().await {
        let ids = scenario(&s).await;
        let duty = ids.t[12];
        s.execute_admin(&format!(
            "UPDATE tasks SET recurrence = 'monthly', due_original = NULL, due_effective = NULL, \
             search_text = 'cac so, ban, nganh dinh ky hang thang bao cao ket qua thuc hien' WHERE id = {duty}"
        ))
        .await
        .unwrap();
        let opened = s
            .open_rounds_from_duties(d("2026-06-03"), Some(20), None)
            .await
            .unwrap();
        assert_eq!(opened.len(), 1, "{db}");
        let r = s.round(opened[0], None).await.unwrap();
        assert_eq!(
            (r.kind, r.start, r.due, r.duty_task),
            (
                RoundKind::Monthly,
                d("2026-06-01"),
                d("2026-06-20"),
                Some(duty)
            ),
            "{db}"
        );
        assert!(r.expected >= 1);
        // Every day after: nothing more.
        assert!(
            s.open_rounds_from_duties(d("2026-06-04"), Some(20), None)
                .await
                .unwrap()
                .is_empty()
        );
        let audit = s.audit("round", r.id).await.unwrap();
        assert_eq!(audit[0].actor, "dondoc");
        let _ = APRIL_END_UTC;
    }
}
