//! Hand-computed cases. With the default set and five tasks, each task's
//! share is 8,00 (quantity), 6,00 (quality) and 6,00 (timeliness) points.

use chrono::NaiveDate;

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

fn april() -> Period {
    Period::month(2026, 4).unwrap_or(Period {
        kind: PeriodKind::Month,
        start: d("2026-04-01"),
        end: d("2026-04-30"),
    })
}

fn h(hundredths: i64) -> Points {
    Points::from_hundredths(hundredths)
}

/// A task due on `due`, done on `done` ("" = open).
fn task(id: i64, due: &str, done: &str) -> TaskFacts {
    TaskFacts {
        task_id: id,
        text: format!("Nhiệm vụ {id}"),
        due: d(due),
        original_due: d(due),
        extension_objective: false,
        completed_on: (!done.is_empty()).then(|| d(done)),
        send_backs: 0,
        withdrawn: false,
    }
}

fn report(round: i64, due: &str, submitted: &str) -> ReportFacts {
    ReportFacts {
        round_id: round,
        title: "Báo cáo tháng 4/2026".into(),
        due: d(due),
        submitted_on: (!submitted.is_empty()).then(|| d(submitted)),
        returns: 0,
    }
}

fn agency(id: i64, name: &str, group: PeerGroup, tasks: Vec<TaskFacts>) -> AgencyFacts {
    AgencyFacts {
        agency_id: id,
        name: name.into(),
        group,
        tasks,
        reports: Vec::new(),
    }
}

fn run(criteria: &Criteria, period: Period, agencies: Vec<AgencyFacts>) -> Scoring {
    score(criteria, &ScoringInput { period, agencies })
}

fn one(criteria: &Criteria, a: AgencyFacts) -> AgencyScore {
    let s = run(criteria, april(), vec![a]);
    s.agencies
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no agency"))
}

fn texts(a: &AgencyScore) -> Vec<&str> {
    a.lines().map(|l| l.text.as_str()).collect()
}

fn item(a: &AgencyScore, task_id: i64) -> &ItemScore {
    a.items
        .iter()
        .find(|i| i.item == ItemRef::Task(task_id))
        .unwrap_or_else(|| panic!("no task {task_id}"))
}

/// Five tasks, one per rule.
fn five() -> AgencyFacts {
    let on_time = task(1, "2026-04-30", "2026-04-28");
    let late = task(2, "2026-04-20", "2026-04-25");
    let sent_back = TaskFacts {
        send_backs: 1,
        ..task(3, "2026-04-15", "2026-04-15")
    };
    let open = task(4, "2026-04-10", "");
    let extended = TaskFacts {
        original_due: d("2026-04-05"),
        extension_objective: true,
        ..task(5, "2026-04-25", "2026-04-24")
    };
    agency(
        10,
        "Sở Khoa học và Công nghệ",
        PeerGroup::Provincial,
        vec![on_time, late, sent_back, open, extended],
    )
}

#[test]
fn each_rule_on_five_tasks() {
    let c = Criteria::default_set();
    let a = one(&c, five());

    // Done before the deadline: 8 + 6 + 6.
    let t1 = item(&a, 1);
    assert_eq!(t1.points, h(2000));
    assert_eq!(t1.outcome, Outcome::OnTime);
    assert!(
        t1.lines
            .iter()
            .any(|l| l.text == "Hoàn thành trước hạn 30/04/2026: +6,00 điểm đúng hạn")
    );

    // Five days late: 25 % of its 6,00 timeliness points.
    let t2 = item(&a, 2);
    assert_eq!(t2.points, h(1850));
    assert_eq!(t2.outcome, Outcome::Late);
    assert!(t2.lines.iter().any(|l| l.points == h(-150)
        && l.text == "Trễ hạn 5 ngày: −25 % điểm đúng hạn của nhiệm vụ (−1,50 điểm)"));

    // Sent back once, then accepted on its deadline day.
    let t3 = item(&a, 3);
    assert_eq!(t3.points, h(1850));
    assert!(t3.lines.iter().any(|l| l.criterion == Some(CriterionKey::Quality)
        && l.text == "Bị trả lại 1 lần khi thẩm định: −25 % điểm chất lượng của nhiệm vụ (−1,50 điểm)"));
    assert!(
        t3.lines
            .iter()
            .any(|l| l.text == "Hoàn thành đúng hạn 15/04/2026: +6,00 điểm đúng hạn")
    );

    // Open at the period's end: nothing, explained.
    let t4 = item(&a, 4);
    assert_eq!(t4.points, Points::ZERO);
    assert_eq!(t4.max, h(2000));
    assert_eq!(t4.outcome, Outcome::NotDone);
    assert_eq!(
        t4.lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(),
        ["Chưa hoàn thành đến ngày 30/04/2026 (hạn 10/04/2026, quá hạn 20 ngày): không tính điểm"]
    );

    // Objective extension: judged by the new deadline, costs nothing.
    let t5 = item(&a, 5);
    assert_eq!(t5.points, h(2000));
    assert_eq!(t5.judged_due, d("2026-04-25"));
    assert!(t5.lines.iter().any(|l| l.points == Points::ZERO
        && l.text == "Gia hạn được chấp thuận (lý do khách quan) từ 05/04/2026 đến 25/04/2026: không trừ điểm"));

    // 20 + 18,5 + 18,5 + 0 + 20.
    assert_eq!(a.score, Some(h(7700)));
    assert_eq!(a.band.as_ref().map(|b| b.key.as_str()), Some("good"));
    // The lines add up to the score, and items come in deadline order.
    assert_eq!(a.lines().map(|l| l.points).sum::<Points>(), h(7700));
    let order: Vec<ItemRef> = a.items.iter().map(|i| i.item).collect();
    assert_eq!(order, [4, 3, 2, 5, 1].map(ItemRef::Task));
    // Per criterion: quantity 4 × 8; quality 5 × 6 less 6 (open) less 1,5.
    let by: Vec<(Points, Points)> = a.by_criterion.iter().map(|c| (c.earned, c.max)).collect();
    assert_eq!(
        by,
        [(h(3200), h(4000)), (h(2250), h(3000)), (h(2250), h(3000))]
    );

    // The head's KPI figures.
    let f = a.figures;
    assert_eq!(
        (f.assigned, f.completed, f.on_time, f.late, f.not_completed),
        (5, 4, 3, 1, 1)
    );
    assert_eq!(
        (f.accepted_first_time, f.send_backs, f.exempt_extensions),
        (3, 1, 1)
    );
    assert_eq!(f.completed_percent(), Some(h(8000)));
    assert_eq!(f.on_time_percent(), Some(h(6000)));
}

#[test]
fn other_extensions_are_judged_by_the_original_deadline_unless_the_set_says_otherwise() {
    let subjective = TaskFacts {
        original_due: d("2026-04-05"),
        extension_objective: false,
        ..task(7, "2026-04-25", "2026-04-24")
    };
    let a = agency(1, "Sở Tài chính", PeerGroup::Provincial, vec![subjective]);
    let c = Criteria::default_set();
    let s = one(&c, a.clone());
    // One task: 40 + 30 + 30, less 25 % of 30.
    assert_eq!(s.score, Some(h(9250)));
    assert!(texts(&s).contains(
        &"Gia hạn được chấp thuận (không vì lý do khách quan) từ 05/04/2026 đến 25/04/2026: xét đúng hạn theo hạn ban đầu 05/04/2026"
    ));
    assert!(texts(&s).contains(&"Trễ hạn 19 ngày: −25 % điểm đúng hạn của nhiệm vụ (−7,50 điểm)"));

    let mut in_force = c.clone();
    in_force.penalties.other_extension_judged_by = JudgedBy::InForce;
    assert_eq!(one(&in_force, a.clone()).score, Some(h(10000)));

    // Objective extensions are not exempt when the set says so.
    let mut strict = c;
    strict.penalties.objective_extension_exempt = false;
    let objective = AgencyFacts {
        tasks: vec![TaskFacts {
            extension_objective: true,
            ..a.tasks[0].clone()
        }],
        ..a
    };
    assert_eq!(one(&strict, objective).score, Some(h(9250)));
}

#[test]
fn send_backs_cost_at_most_all_quality_points() {
    let c = Criteria::default_set();
    let many = TaskFacts {
        send_backs: 5,
        ..task(1, "2026-04-30", "2026-04-30")
    };
    let a = one(&c, agency(1, "Sở Y tế", PeerGroup::Provincial, vec![many]));
    assert_eq!(a.score, Some(h(7000)));
    assert!(texts(&a).contains(
        &"Bị trả lại 5 lần khi thẩm định: −100 % điểm chất lượng của nhiệm vụ (−30,00 điểm)"
    ));
}

#[test]
fn monthly_reports_count_as_items_and_late_ones_as_not_done() {
    let c = Criteria::default_set();
    // Two tasks done on time and the month's report: three items, so the
    // shares are 13,34 / 13,33 / 13,33 (quantity) and 10,00 each.
    let mut a = agency(
        1,
        "Sở Nội vụ",
        PeerGroup::Provincial,
        vec![
            task(1, "2026-04-10", "2026-04-09"),
            task(2, "2026-04-20", "2026-04-20"),
        ],
    );
    a.reports = vec![report(900, "2026-04-25", "2026-04-27")];
    let s = one(&c, a.clone());
    let r = s
        .items
        .iter()
        .find(|i| i.item == ItemRef::Report(900))
        .unwrap_or_else(|| panic!("report"));
    assert_eq!(r.outcome, Outcome::NotDone);
    assert_eq!(r.points, Points::ZERO);
    assert_eq!(r.max, h(1333 + 1000 + 1000));
    assert_eq!(
        r.lines.first().map(|l| l.text.as_str()),
        Some(
            "Báo cáo tháng 4/2026 nộp ngày 27/04/2026 (sau hạn 25/04/2026): không tính là hoàn thành"
        )
    );
    assert_eq!(s.score, Some(h(10000 - 3333)));
    assert_eq!((s.figures.reports_due, s.figures.reports_late), (1, 1));

    // The criteria's due day wins over the round's: a round due on the 30th
    // is judged by the 25th.
    a.reports = vec![report(900, "2026-04-30", "2026-04-27")];
    let s = one(&c, a.clone());
    assert_eq!(s.score, Some(h(10000 - 3333)));

    // On time: full points, explained.
    a.reports = vec![report(900, "2026-04-25", "2026-04-25")];
    let s = one(&c, a.clone());
    assert_eq!(s.score, Some(h(10000)));
    assert!(
        texts(&s).contains(&"Báo cáo tháng 4/2026 đã nộp ngày 25/04/2026: +13,33 điểm số lượng")
    );
    assert!(texts(&s).contains(&"Nộp đúng hạn 25/04/2026: +10,00 điểm đúng hạn"));

    // Not submitted.
    a.reports = vec![report(900, "2026-04-25", "")];
    let s = one(&c, a.clone());
    assert!(
        texts(&s)
            .contains(&"Báo cáo tháng 4/2026 chưa nộp (hạn 25/04/2026): không tính là hoàn thành")
    );
    assert_eq!(s.figures.reports_missing, 1);

    // A set where a late report is done late: 25 % of its 10,00.
    let mut lenient = c.clone();
    lenient.reports.late_is_not_done = false;
    a.reports = vec![report(900, "2026-04-25", "2026-04-27")];
    let s = one(&lenient, a.clone());
    assert_eq!(s.score, Some(h(10000 - 250)));
    assert!(texts(&s).contains(&"Trễ hạn 2 ngày: −25 % điểm đúng hạn của báo cáo (−2,50 điểm)"));

    // A set that leaves reports out of the score: two tasks, 50 points each.
    let mut tasks_only = c;
    tasks_only.items.report_weight = 0;
    let s = one(&tasks_only, a);
    assert_eq!(s.score, Some(h(10000)));
    assert_eq!(s.figures.reports_late, 1);
}

#[test]
fn the_period_boundary_is_the_deadline_in_force_and_facts_after_the_end_are_ignored() {
    let c = Criteria::default_set();
    // Due on the last day of April: April's. Due on 1 May: May's.
    let a = agency(
        1,
        "Sở Công Thương",
        PeerGroup::Provincial,
        vec![
            task(1, "2026-04-30", "2026-05-01"),
            task(2, "2026-05-01", "2026-04-29"),
        ],
    );
    let april_result = one(&c, a.clone());
    assert_eq!(april_result.items.len(), 1);
    // Completed on 1 May: not done as of 30 April.
    assert_eq!(april_result.score, Some(Points::ZERO));
    assert_eq!(
        april_result.band.as_ref().map(|b| b.key.as_str()),
        Some("not_complete")
    );

    let may = Period::month(2026, 5).unwrap_or(april());
    let s = run(&c, may, vec![a]);
    let may_result = &s.agencies[0];
    assert_eq!(may_result.items.len(), 1);
    assert_eq!(may_result.items[0].item, ItemRef::Task(2));
    assert_eq!(may_result.score, Some(h(10000)));
}

#[test]
fn nothing_due_is_listed_unranked_not_zero() {
    let c = Criteria::default_set();
    let idle = agency(
        2,
        "Sở Du lịch",
        PeerGroup::Provincial,
        vec![task(9, "2026-06-30", "")],
    );
    let busy = agency(
        1,
        "Sở Xây dựng",
        PeerGroup::Provincial,
        vec![task(1, "2026-04-30", "")],
    );
    let withdrawn = agency(
        3,
        "Sở Ngoại vụ",
        PeerGroup::Provincial,
        vec![TaskFacts {
            withdrawn: true,
            ..task(5, "2026-04-15", "")
        }],
    );
    let s = run(&c, april(), vec![idle, busy, withdrawn]);
    let idle = s.agency(2).unwrap_or_else(|| panic!("idle"));
    assert_eq!(idle.score, None);
    assert_eq!(idle.rank, None);
    assert_eq!(
        idle.note.as_deref(),
        Some("Không có nhiệm vụ đến hạn trong tháng 4/2026: không xếp hạng")
    );
    let w = s.agency(3).unwrap_or_else(|| panic!("withdrawn"));
    assert_eq!(w.score, None);
    assert_eq!(w.figures.withdrawn, 1);
    assert_eq!(
        texts(w),
        ["Nhiệm vụ tạm dừng hoặc đã hủy (hạn 15/04/2026): không đánh giá"]
    );
    // The ranked agency first (with 0 points), then the unscored by name.
    let ranking = &s.rankings[0];
    let rows: Vec<(&str, Option<u32>)> = ranking
        .entries
        .iter()
        .map(|e| (e.name.as_str(), e.rank))
        .collect();
    assert_eq!(
        rows,
        [
            ("Sở Xây dựng", Some(1)),
            ("Sở Du lịch", None),
            ("Sở Ngoại vụ", None)
        ]
    );
    let kpi = s.head_kpis();
    assert_eq!(
        kpi.iter().map(|k| k.ranked_in_group).collect::<Vec<_>>(),
        [1, 1, 1]
    );
}

#[test]
fn peer_groups_are_never_mixed() {
    let c = Criteria::default_set();
    let s = run(
        &c,
        april(),
        vec![
            agency(
                1,
                "Phường Nha Trang",
                PeerGroup::Commune,
                vec![task(1, "2026-04-30", "2026-04-01")],
            ),
            agency(
                2,
                "Sở Tài chính",
                PeerGroup::Provincial,
                vec![task(2, "2026-04-30", "")],
            ),
            agency(
                3,
                "Xã Cam Lâm",
                PeerGroup::Commune,
                vec![task(3, "2026-04-30", "")],
            ),
            agency(
                4,
                "Sở Y tế",
                PeerGroup::Provincial,
                vec![task(4, "2026-04-20", "2026-04-22")],
            ),
            agency(
                5,
                "Ban Tuyên giáo và Dân vận Tỉnh ủy",
                PeerGroup::Party,
                vec![task(5, "2026-04-02", "")],
            ),
        ],
    );
    type Ranks = Vec<(i64, Option<u32>)>;
    let groups: Vec<(PeerGroup, Ranks)> = s
        .rankings
        .iter()
        .map(|g| {
            (
                g.group,
                g.entries.iter().map(|e| (e.agency_id, e.rank)).collect(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        [
            (PeerGroup::Provincial, vec![(4, Some(1)), (2, Some(2))]),
            (PeerGroup::Commune, vec![(1, Some(1)), (3, Some(2))]),
            (PeerGroup::Party, vec![(5, Some(1))]),
        ]
    );
    // Agencies are listed by group, then name.
    let ids: Vec<i64> = s.agencies.iter().map(|a| a.agency_id).collect();
    assert_eq!(ids, [2, 4, 1, 3, 5]);
}

#[test]
fn ties_share_a_rank_in_vietnamese_name_order() {
    let c = Criteria::default_set();
    let done = |id| task(id, "2026-04-30", "2026-04-30");
    let late = |id| task(id, "2026-04-20", "2026-04-25");
    let s = run(
        &c,
        april(),
        vec![
            agency(
                1,
                "Sở Xây dựng",
                PeerGroup::Provincial,
                vec![done(1), late(2)],
            ),
            agency(
                2,
                "Đài Phát thanh và Truyền hình",
                PeerGroup::Provincial,
                vec![late(3), done(4)],
            ),
            agency(3, "Sở Tư pháp", PeerGroup::Provincial, vec![done(5)]),
            agency(
                4,
                "Sở Du lịch",
                PeerGroup::Provincial,
                vec![late(6), late(7)],
            ),
            agency(
                5,
                "Sở Nông nghiệp và Môi trường",
                PeerGroup::Provincial,
                vec![late(8), late(9)],
            ),
        ],
    );
    let rows: Vec<(&str, Option<Points>, Option<u32>, bool)> = s.rankings[0]
        .entries
        .iter()
        .map(|e| (e.name.as_str(), e.score, e.rank, e.tied))
        .collect();
    // Đ sorts after D and before S in Vietnamese (in code points it would
    // come after every ASCII letter).
    assert_eq!(
        rows,
        [
            ("Sở Tư pháp", Some(h(10000)), Some(1), false),
            (
                "Đài Phát thanh và Truyền hình",
                Some(h(9625)),
                Some(2),
                true
            ),
            ("Sở Xây dựng", Some(h(9625)), Some(2), true),
            ("Sở Du lịch", Some(h(9250)), Some(4), true),
            ("Sở Nông nghiệp và Môi trường", Some(h(9250)), Some(4), true),
        ]
    );
}

#[test]
fn an_edited_criteria_set_changes_the_result() {
    let default = Criteria::default_set();
    assert_eq!(one(&default, five()).score, Some(h(7700)));

    // Late costs half the timeliness points; excellent from 75.
    let edited = Criteria::default_toml()
        .replace("version = \"2026.1\"", "version = \"2026.2\"")
        .replace("late_percent = 25", "late_percent = 50")
        .replace("min = 90", "min = 75");
    let edited = Criteria::parse(&edited).unwrap_or_else(|e| panic!("{e}"));
    let s = run(&edited, april(), vec![five()]);
    assert_eq!(s.criteria_version, "2026.2");
    let a = &s.agencies[0];
    assert_eq!(a.score, Some(h(7700 - 150)));
    assert_eq!(a.band.as_ref().map(|b| b.key.as_str()), Some("excellent"));
    assert!(texts(a).contains(&"Trễ hạn 5 ngày: −50 % điểm đúng hạn của nhiệm vụ (−3,00 điểm)"));

    // Other weights: quantity 50, quality 25, timeliness 25.
    let weights = Criteria::default_toml()
        .replace("points = 40", "points = 50")
        .replacen("points = 30", "points = 25", 2);
    let weights = Criteria::parse(&weights).unwrap_or_else(|e| panic!("{e}"));
    // Shares 10 / 5 / 5: 20 + 18,75 + 18,75 + 0 + 20.
    assert_eq!(one(&weights, five()).score, Some(h(7750)));
}

#[test]
fn shares_that_do_not_divide_evenly_still_total_exactly() {
    let c = Criteria::default_set();
    let tasks: Vec<TaskFacts> = (1..=7)
        .map(|i| task(i, "2026-04-30", "2026-04-30"))
        .collect();
    let a = one(
        &c,
        agency(1, "Sở Tài chính", PeerGroup::Provincial, tasks.clone()),
    );
    assert_eq!(a.score, Some(h(10000)));
    assert_eq!(a.band.as_ref().map(|b| b.short.as_str()), Some("Xuất sắc"));
    // 40 / 7 = 5,714…: three items get 5,72, four get 5,71.
    let q: Vec<Points> = a
        .lines()
        .filter(|l| l.criterion == Some(CriterionKey::Quantity))
        .map(|l| l.points)
        .collect();
    assert_eq!(q, [572, 572, 572, 571, 571, 571, 571].map(h));

    // Three of seven a day late: they come first (earlier deadline), hold
    // 4,29 timeliness points each and lose 25 % of it, 1,07 (1,0725).
    let mut mixed = tasks;
    for t in mixed.iter_mut().take(3) {
        t.due = d("2026-04-29");
        t.original_due = t.due;
    }
    let s = run(
        &c,
        april(),
        vec![agency(1, "Sở Tài chính", PeerGroup::Provincial, mixed)],
    );
    let a = &s.agencies[0];
    assert_eq!(a.score, Some(h(10000 - 3 * 107)));
    assert_eq!(Some(a.lines().map(|l| l.points).sum::<Points>()), a.score);
}

#[test]
fn the_result_does_not_depend_on_input_order() {
    let c = Criteria::default_set();
    let mut agencies = vec![
        five(),
        agency(
            2,
            "Xã Ninh Hòa",
            PeerGroup::Commune,
            vec![task(20, "2026-04-30", "2026-04-30")],
        ),
        agency(
            3,
            "Sở Tài chính",
            PeerGroup::Provincial,
            vec![task(30, "2026-04-15", "")],
        ),
    ];
    let a = run(&c, april(), agencies.clone());
    agencies.reverse();
    for ag in agencies.iter_mut() {
        ag.tasks.reverse();
    }
    assert_eq!(run(&c, april(), agencies), a);
}

#[test]
fn results_serialise_for_the_store() {
    let s = run(&Criteria::default_set(), april(), vec![five()]);
    let json = serde_json::to_string(&s).unwrap_or_default();
    assert!(json.contains("\"item\":{\"task\":5}"), "{json}");
    assert!(json.contains("\"score\":7700"));
    let back: Scoring = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, s);
}

#[test]
fn periods_and_groups() {
    let q = Period::quarter(2026, 4).unwrap_or(april());
    assert_eq!((q.start, q.end), (d("2026-10-01"), d("2026-12-31")));
    assert_eq!(q.label_vi(), "quý IV/2026");
    assert_eq!(april().label_vi(), "tháng 4/2026");
    assert_eq!(
        Period::year(2026).map(|p| p.label_vi()).as_deref(),
        Some("năm 2026")
    );
    assert_eq!(Period::month(2026, 2).map(|p| p.end), Some(d("2026-02-28")));
    assert_eq!(Period::quarter(2026, 5), None);
    for g in PeerGroup::ALL {
        assert_eq!(PeerGroup::from_code(g.code()), Some(g));
    }
    assert_eq!(
        PeerGroup::from_agency_kind("central"),
        Some(PeerGroup::Provincial)
    );
    assert_eq!(PeerGroup::from_agency_kind("group"), None);
    assert_eq!(percent(2, 3), Some(h(6667)));
    assert_eq!(percent(1, 0), None);
}

#[test]
fn a_quarter_scores_its_three_monthly_reports() {
    let c = Criteria::default_set();
    let q = Period::quarter(2026, 2).unwrap_or(april());
    let mut a = agency(
        1,
        "Sở Nội vụ",
        PeerGroup::Provincial,
        vec![task(1, "2026-06-30", "2026-06-30")],
    );
    a.reports = vec![
        report(1, "2026-04-25", "2026-04-20"),
        report(2, "2026-05-25", "2026-05-26"),
        report(3, "2026-06-25", "2026-06-25"),
        report(4, "2026-07-25", "2026-07-01"),
    ];
    let s = run(&c, q, vec![a]);
    let a = &s.agencies[0];
    assert_eq!(a.figures.reports_due, 3);
    assert_eq!((a.figures.reports_on_time, a.figures.reports_late), (2, 1));
    // Four items of 25 points; the May report is not done.
    assert_eq!(a.score, Some(h(7500)));
}
