//! Money and targets in the store, on every configured database: projects
//! and their months as exact integers, imports that change nothing the
//! second time, actuals conditional on what the form showed, task links,
//! indicators with targets and values, explanation requests, the indicator
//! table, and digest items.

use super::{d, ingest, sample, stores};
use dondoc_domain::disbursement::{CapitalSource, Monthly, Programme, Project};
use dondoc_domain::indicator::{
    AssessConfig, Baseline, Direction, Figure, Frequency, Goal, IndicatorStatus, IndicatorUnit,
    Period, Target,
};
use dondoc_domain::money::Dong;
use dondoc_extract::Registry;
use dondoc_store::*;

const M: i64 = 1_000_000;

fn project(code: &str, year: i32, plan: i64, actual: [i64; 12]) -> Project {
    Project {
        code: code.into(),
        name: format!("Dự án {code}"),
        agency: String::new(),
        source: CapitalSource::PublicInvestment,
        programme: Programme::DigitalTransformation,
        year,
        allocation: Dong(plan * 12),
        plan: Monthly::per_month([Dong(plan); 12]),
        actual: Monthly::per_month(actual.map(Dong)),
    }
}

async fn agency(s: &Store, name: &str) -> i64 {
    s.agency_by_name(name)
        .await
        .ok()
        .flatten()
        .map(|a| a.id)
        .unwrap_or_else(|| panic!("agency {name}"))
}

#[tokio::test]
async fn imports_upsert_by_code_and_year_and_change_nothing_twice() {
    for (db, s) in stores().await {
        s.import_registry(&Registry::khanh_hoa(), "test")
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        let skhcn = agency(&s, "Sở Khoa học và Công nghệ").await;
        let stc = agency(&s, "Sở Tài chính").await;
        // Beyond 2^53: a float would lose the last đồng.
        let huge = 9_007_199_254_740_993;
        let mut big = project("DA01", 2026, 100 * M, [50 * M; 12]);
        big.allocation = Dong(huge);
        let rows = vec![
            ProjectInput {
                agency_id: skhcn,
                project: big,
            },
            ProjectInput {
                agency_id: stc,
                project: project("KH02", 2026, 10 * M, [10 * M; 12]),
            },
        ];
        let batch = |bytes: &'static [u8], rows: &[ProjectInput]| {
            let rows = rows.to_vec();
            let s = s.clone();
            async move {
                s.import_disbursements(DisbursementBatch {
                    file_name: "giai-ngan.xlsx",
                    bytes,
                    rows: &rows,
                    by: "thuky",
                })
                .await
                .unwrap_or_else(|e| panic!("import: {e}"))
            }
        };
        let first = batch(b"file one", &rows).await;
        assert_eq!(
            (first.created, first.updated, first.unchanged),
            (2, 0, 0),
            "{db}"
        );
        assert!(first.batch.is_some() && first.already.is_none());
        // The same file again: recognised, nothing written.
        let again = batch(b"file one", &rows).await;
        assert!(again.already.is_some(), "{db}");
        assert_eq!((again.created, again.updated, again.batch), (0, 0, None));
        // Another file with the same rows: nothing changes either.
        let same = batch(b"file two", &rows).await;
        assert_eq!(
            (same.created, same.updated, same.unchanged),
            (0, 0, 2),
            "{db}"
        );
        let all = s
            .projects(&ProjectFilter::default())
            .await
            .unwrap_or_default();
        assert_eq!(all.len(), 2, "{db}");
        let da01 = all.iter().find(|p| p.project.code == "DA01").cloned();
        let da01 = da01.unwrap_or_else(|| panic!("{db}: DA01"));
        assert_eq!(da01.project.allocation, Dong(huge), "{db}: exact integers");
        assert_eq!(da01.agency_id, skhcn);
        assert_eq!(da01.project.plan.month(7), Dong(100 * M));
        // A later workbook with October's disbursement: one project updated.
        let mut later = rows.clone();
        later[1].project.actual = Monthly::per_month([Dong(10 * M); 12].map(|x| x));
        later[0].project.actual = {
            let mut a = [Dong(50 * M); 12];
            a[9] = Dong(80 * M);
            Monthly::per_month(a)
        };
        let third = batch(b"file three", &later).await;
        assert_eq!(
            (third.created, third.updated, third.unchanged),
            (0, 1, 1),
            "{db}"
        );
        let p = s
            .project(da01.id)
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        assert_eq!(p.project.actual.month(10), Dong(80 * M));
        let audit = s.audit("project", da01.id).await.unwrap_or_default();
        assert_eq!(audit.len(), 2, "{db}: created, then one change");
        assert!(audit[1].detail.contains("giải ngân T10"), "{:?}", audit[1]);
        let imports = s.money_imports(10).await.unwrap_or_default();
        assert_eq!(
            imports.len(),
            3,
            "{db}: the repeated file is not recorded again"
        );
        // Filters: by agency, by year, by source.
        let of_stc = s
            .projects(&ProjectFilter {
                agency: Some(stc),
                ..ProjectFilter::default()
            })
            .await
            .unwrap_or_default();
        assert_eq!(of_stc.len(), 1);
        let other_year = s
            .projects(&ProjectFilter {
                year: Some(2025),
                ..ProjectFilter::default()
            })
            .await
            .unwrap_or_default();
        assert!(other_year.is_empty());
        let recurrent = s
            .projects(&ProjectFilter {
                source: Some(CapitalSource::Recurrent),
                ..ProjectFilter::default()
            })
            .await
            .unwrap_or_default();
        assert!(recurrent.is_empty());
    }
}

#[tokio::test]
async fn actuals_are_conditional_on_what_the_form_showed() {
    for (db, s) in stores().await {
        s.import_registry(&Registry::khanh_hoa(), "test")
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        let a = agency(&s, "Sở Tài chính").await;
        let rows = [ProjectInput {
            agency_id: a,
            project: project("X1", 2026, 100 * M, [0; 12]),
        }];
        s.import_disbursements(DisbursementBatch {
            file_name: "x.xlsx",
            bytes: b"x",
            rows: &rows,
            by: "thuky",
        })
        .await
        .unwrap_or_else(|e| panic!("{db}: {e}"));
        let id = s
            .projects(&ProjectFilter::default())
            .await
            .unwrap_or_default()[0]
            .id;
        s.record_actual(id, 3, Dong(0), Dong(75 * M), "canbo")
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        // A second entry from the same page (it showed 0): refused.
        let late = s
            .record_actual(id, 3, Dong(0), Dong(60 * M), "canbo2")
            .await;
        assert!(
            matches!(late, Err(StoreError::Conflict(_))),
            "{db}: {late:?}"
        );
        assert!(
            s.record_actual(id, 13, Dong(0), Dong(1), "x")
                .await
                .is_err()
        );
        assert!(
            s.record_actual(id, 4, Dong(0), Dong(-1), "x")
                .await
                .is_err()
        );
        let p = s.project(id).await.unwrap_or_else(|e| panic!("{db}: {e}"));
        assert_eq!(p.project.actual.month(3), Dong(75 * M), "{db}");
        let audit = s.audit("project", id).await.unwrap_or_default();
        assert_eq!(
            audit.last().map(|a| a.action.as_str()),
            Some("project.actual")
        );
        assert_eq!(s.project_owner(id).await.ok(), Some(a));
        assert!(matches!(
            s.record_actual(9999, 3, Dong(0), Dong(1), "x").await,
            Err(StoreError::NotFound { .. })
        ));
        // The budget of the year, for the S&T share.
        s.set_budget_year(0, 2026, Dong(12_500_000 * M), 300, "thuky")
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        let b = s.budget_year(0, 2026).await.ok().flatten();
        assert_eq!(b.map(|b| b.total), Some(Dong(12_500_000 * M)), "{db}");
        assert_eq!(b.map(|b| b.required.basis_points()), Some(300));
        assert!(s.set_budget_year(0, 2026, Dong(0), 300, "x").await.is_err());
    }
}

#[tokio::test]
async fn projects_link_to_the_tasks_that_call_for_them() {
    for (db, s) in stores().await {
        s.import_registry(&Registry::khanh_hoa(), "test")
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        let (_, _, text) = sample("001_dda158427d07a616.txt");
        ingest(&s, "001.txt", &text, true).await;
        let task = s
            .tasks(&TaskFilter::default(), d("2026-04-25"), 7)
            .await
            .unwrap_or_default()[0]
            .id;
        let a = agency(&s, "Sở Khoa học và Công nghệ").await;
        let rows = [ProjectInput {
            agency_id: a,
            project: project("L1", 2026, M, [0; 12]),
        }];
        s.import_disbursements(DisbursementBatch {
            file_name: "l.xlsx",
            bytes: b"l",
            rows: &rows,
            by: "thuky",
        })
        .await
        .unwrap_or_else(|e| panic!("{db}: {e}"));
        let id = s
            .projects(&ProjectFilter::default())
            .await
            .unwrap_or_default()[0]
            .id;
        s.link_project_task(id, task, "thuky")
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        assert!(matches!(
            s.link_project_task(id, task, "thuky").await,
            Err(StoreError::Conflict(_))
        ));
        assert!(matches!(
            s.link_project_task(id, 999_999, "thuky").await,
            Err(StoreError::NotFound { .. })
        ));
        let tasks = s.project_tasks(id).await.unwrap_or_default();
        assert_eq!(
            tasks.iter().map(|t| t.id).collect::<Vec<_>>(),
            [task],
            "{db}"
        );
        let projects = s.task_projects(task).await.unwrap_or_default();
        assert_eq!(
            projects,
            [(id, "L1".to_owned(), "Dự án L1".to_owned(), 2026)]
        );
        s.unlink_project_task(id, task, "thuky")
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        assert!(s.project_tasks(id).await.unwrap_or_default().is_empty());
        assert!(s.unlink_project_task(id, task, "thuky").await.is_err());
    }
}

#[tokio::test]
async fn indicators_values_status_explanations_and_the_table() {
    for (db, s) in stores().await {
        s.import_registry(&Registry::khanh_hoa(), "test")
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        let a = agency(&s, "Sở Khoa học và Công nghệ").await;
        let targets = [Target {
            period: Period::Year(2026),
            goal: Goal::Reach {
                value: Figure::from_int(80),
                strict: false,
            },
        }];
        let id = s
            .create_indicator(NewIndicator {
                code: "DVC-TT",
                name: "Tỷ lệ hồ sơ trực tuyến toàn trình",
                agency_id: a,
                unit: IndicatorUnit::Percent,
                direction: Direction::HigherIsBetter,
                baseline: Some(Baseline {
                    value: Figure::from_int(40),
                    year: 2025,
                }),
                source: "Cổng dịch vụ công",
                frequency: Frequency::Quarter,
                directive_id: None,
                targets: &targets,
                by: "thuky",
            })
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        let dup = s
            .create_indicator(NewIndicator {
                code: "DVC-TT",
                name: "Khác",
                agency_id: a,
                unit: IndicatorUnit::Percent,
                direction: Direction::HigherIsBetter,
                baseline: None,
                source: "",
                frequency: Frequency::Year,
                directive_id: None,
                targets: &[],
                by: "thuky",
            })
            .await;
        assert!(matches!(dup, Err(StoreError::Conflict(_))), "{db}");
        let config = AssessConfig::default();
        let status = |s: &Store| {
            let s = s.clone();
            async move {
                s.indicator(id)
                    .await
                    .unwrap_or_else(|e| panic!("{e}"))
                    .assess(&AssessConfig::default())
                    .status
            }
        };
        assert_eq!(
            status(&s).await,
            IndicatorStatus::Grey,
            "{db}: no value yet"
        );
        let value = |v: i64, doc: &'static str, file: Option<(String, Vec<u8>)>| NewValue {
            indicator_id: id,
            period: Period::Quarter(2026, 1),
            value: Figure::from_int(v),
            document_number: doc,
            document_date: Some(d("2026-04-05")),
            file,
            by: "canbo",
        };
        // 45 % at the end of Q1 against a trajectory of 50 %: red.
        let out = s
            .record_value(value(
                45,
                "12/BC-SKHCN",
                Some(("bc.pdf".into(), b"%PDF".to_vec())),
            ))
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        assert_eq!(out, ValueOutcome::Created);
        assert_eq!(status(&s).await, IndicatorStatus::Red, "{db}");
        let same = s
            .record_value(value(45, "12/BC-SKHCN", None))
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        assert_eq!(same, ValueOutcome::Unchanged, "{db}: the same value again");
        // Corrected to 52 %: on the trajectory, green.
        let fixed = s
            .record_value(value(52, "13/BC-SKHCN", None))
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        assert_eq!(fixed, ValueOutcome::Updated);
        assert_eq!(status(&s).await, IndicatorStatus::Green, "{db}");
        let stored = s.indicator(id).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(stored.values.len(), 1, "{db}: one value per period");
        let v = &stored.values[0];
        assert!(v.has_file, "{db}: the file is kept when none is sent");
        let (ind, name, bytes) = s
            .indicator_file(v.id)
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        assert_eq!(
            (ind, name.as_str(), bytes.as_slice()),
            (id, "bc.pdf", &b"%PDF"[..])
        );
        assert_eq!(s.indicator_of_value(v.id).await.ok(), Some(id));
        assert_eq!(s.indicator_by_key("DVC-TT").await.ok().flatten(), Some(id));
        assert_eq!(
            s.indicator_by_key("ty le ho so truc tuyen toan trinh")
                .await
                .ok()
                .flatten(),
            Some(id),
            "{db}: by folded name"
        );
        let audit = s.audit("indicator", id).await.unwrap_or_default();
        assert_eq!(audit.len(), 3, "{db}: create, value, correction: {audit:?}");
        assert!(audit[2].detail.contains("45 → 52"), "{:?}", audit[2]);
        // An explanation request, answered once; counted for the agency.
        let e = s
            .request_indicator_explanation(id, "Vì sao chậm?", d("2026-05-30"), "thuky")
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        assert_eq!(s.open_explanations(a).await.ok(), Some(1), "{db}");
        assert_eq!(s.indicator_explanation_agency(e).await.ok(), Some(a));
        s.answer_indicator_explanation(e, "Do hệ thống nâng cấp", "canbo")
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        assert!(matches!(
            s.answer_indicator_explanation(e, "again", "canbo").await,
            Err(StoreError::Conflict(_))
        ));
        assert_eq!(s.open_explanations(a).await.ok(), Some(0));
        let list = s
            .indicator_explanations(Some(id), None)
            .await
            .unwrap_or_default();
        assert_eq!(list[0].answer.as_deref(), Some("Do hệ thống nâng cấp"));
        // The committee's table for Q1 2026.
        let table = s
            .indicator_table(None, Period::Quarter(2026, 1), &config)
            .await
            .unwrap_or_default();
        assert_eq!(table.len(), 1, "{db}");
        let r = &table[0];
        assert_eq!((r.number, r.code.as_str()), (1, "DVC-TT"));
        assert_eq!(r.value, "52,0 %");
        assert_eq!(r.target, "≥ 80 %", "{db}: the year's target");
        assert_eq!(r.baseline, "40 % (2025)");
        assert_eq!(r.evidence, "13/BC-SKHCN ngày 05/04/2026");
        assert_eq!(r.status, IndicatorStatus::Green);
        // A later target.
        s.add_target(
            id,
            &Target {
                period: Period::Year(2027),
                goal: Goal::ImproveBy {
                    min: Figure::from_int(5),
                    max: None,
                },
            },
            "thuky",
        )
        .await
        .unwrap_or_else(|e| panic!("{db}: {e}"));
        let got = s.indicator(id).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(got.indicator.targets.len(), 2, "{db}");
        assert_eq!(got.frequency, Frequency::Quarter);
        assert_eq!(
            got.indicator.baseline,
            Some(Baseline {
                value: Figure::from_int(40),
                year: 2025
            })
        );
    }
}

#[tokio::test]
async fn digests_record_the_money_they_name() {
    for (db, s) in stores().await {
        s.import_registry(&Registry::khanh_hoa(), "test")
            .await
            .unwrap_or_else(|e| panic!("{db}: {e}"));
        let a = agency(&s, "Sở Tài chính").await;
        let rows = [ProjectInput {
            agency_id: a,
            project: project("R1", 2026, 100 * M, [0; 12]),
        }];
        s.import_disbursements(DisbursementBatch {
            file_name: "r.xlsx",
            bytes: b"r",
            rows: &rows,
            by: "thuky",
        })
        .await
        .unwrap_or_else(|e| panic!("{db}: {e}"));
        let id = s
            .projects(&ProjectFilter::default())
            .await
            .unwrap_or_default()[0]
            .id;
        let reminder = NewReminder {
            agency_id: a,
            on: d("2026-05-20"),
            subject: "Nhắc việc".into(),
            text_body: "R1".into(),
            html_body: "<p>R1</p>".into(),
            payload: "{}".into(),
            items: Vec::new(),
            reports: Vec::new(),
            deliveries: Vec::new(),
            money_items: vec![MoneyItem::BehindPlan(id)],
        };
        assert_eq!(
            s.store_reminders(&[reminder]).await.unwrap_or_default(),
            (1, 0),
            "{db}"
        );
        let last = s.projects_last_reminded().await.unwrap_or_default();
        assert_eq!(last.get(&id), Some(&d("2026-05-20")), "{db}");
        assert!(
            s.indicators_last_reminded()
                .await
                .unwrap_or_default()
                .is_empty()
        );
    }
}
