use super::*;

fn f(v: &str) -> Figure {
    Figure::parse(v).unwrap_or(Figure(i64::MIN))
}

fn obs(period: Period, value: &str) -> Observation {
    Observation {
        period,
        value: f(value),
        evidence: None,
    }
}

fn reach(period: Period, value: &str) -> Target {
    Target {
        period,
        goal: Goal::Reach {
            value: f(value),
            strict: false,
        },
    }
}

/// The share of fully online records: 50 % in 2025, ≥ 80 % due 2026.
fn online_share() -> Indicator {
    Indicator {
        code: "DVC-TT".into(),
        name: "Tỷ lệ hồ sơ trực tuyến toàn trình".into(),
        owner: "vpubnd".into(),
        unit: IndicatorUnit::Percent,
        direction: Direction::HigherIsBetter,
        baseline: Some(Baseline {
            value: f("50"),
            year: 2025,
        }),
        targets: vec![reach(Period::Year(2026), "80")],
        source: "Kế hoạch 125/KH-UBND".into(),
    }
}

/// The DTI place: 15th in 2024; up 1–2 places a year; top 10 by 2030.
fn dti() -> Indicator {
    let up = |y| Target {
        period: Period::Year(y),
        goal: Goal::ImproveBy {
            min: f("1"),
            max: Some(f("2")),
        },
    };
    Indicator {
        code: "DTI".into(),
        name: "Chỉ số chuyển đổi số cấp tỉnh (DTI)".into(),
        owner: "skhcn".into(),
        unit: IndicatorUnit::Rank,
        direction: Direction::LowerIsBetter,
        baseline: Some(Baseline {
            value: f("15"),
            year: 2024,
        }),
        targets: vec![up(2025), up(2026), reach(Period::Year(2030), "10")],
        source: "Bộ Khoa học và Công nghệ".into(),
    }
}

fn check(ind: &Indicator, values: &[Observation], cfg: &AssessConfig) -> (IndicatorStatus, String) {
    let a = assess(ind, values, cfg);
    (a.status, a.explanation_vi)
}

#[test]
fn trajectory_by_hand_higher_is_better() {
    use IndicatorStatus::*;
    let ind = online_share();
    let cfg = AssessConfig::default();
    // August 2026: 8 of 12 months from the 2025 baseline (50) toward 80:
    // 50 + 30 × 8/12 = 70. The tolerance is 10 % of the 30-point span: 3.
    let aug = Period::Month(2026, 8);
    let cases = [
        (
            "62",
            Red,
            "Đạt 62,0 % (tháng 8/2026), dưới lộ trình 70,0 % để đạt 80 % vào 31/12/2026",
        ),
        (
            "67",
            Orange,
            "Đạt 67,0 % (tháng 8/2026), dưới lộ trình 70,0 % để đạt 80 % vào 31/12/2026 (trong ngưỡng cho phép)",
        ),
        (
            "66,9",
            Red,
            "Đạt 66,9 % (tháng 8/2026), dưới lộ trình 70,0 % để đạt 80 % vào 31/12/2026",
        ),
        (
            "70",
            Green,
            "Đạt 70,0 % (tháng 8/2026), đúng lộ trình 70,0 % để đạt 80 % vào 31/12/2026",
        ),
        (
            "71,25",
            Green,
            "Đạt 71,3 % (tháng 8/2026), vượt lộ trình 70,0 % để đạt 80 % vào 31/12/2026",
        ),
        (
            "80",
            Green,
            "Đạt 80,0 % (tháng 8/2026), đã đạt chỉ tiêu ≥ 80 % năm 2026",
        ),
    ];
    for (v, status, text) in cases {
        assert_eq!(
            check(&ind, &[obs(aug, v)], &cfg),
            (status, text.to_owned()),
            "{v}"
        );
    }
    let a = assess(&ind, &[obs(aug, "62")], &cfg);
    assert_eq!(a.trajectory, Some(f("70")));
    assert_eq!(a.threshold, Some(f("80")));
    assert_eq!(a.target_period, Some(Period::Year(2026)));
    // Quarter III: 50 + 30 × 9/12 = 72,5.
    let q3 = assess(&ind, &[obs(Period::Quarter(2026, 3), "72")], &cfg);
    assert_eq!((q3.status, q3.trajectory), (Orange, Some(f("72,5"))));
    // The year's value below the target: missed, whatever the tolerance.
    assert_eq!(
        check(&ind, &[obs(Period::Year(2026), "79,9")], &cfg),
        (
            Red,
            "Đạt 79,9 % (năm 2026), không đạt chỉ tiêu ≥ 80 % đến 31/12/2026".to_owned()
        )
    );
    // An absolute tolerance of 10 points makes 62 orange.
    let wide = AssessConfig {
        tolerance: Tolerance::Absolute(f("10")),
    };
    assert_eq!(check(&ind, &[obs(aug, "62")], &wide).0, Orange);
    assert_eq!(check(&ind, &[obs(aug, "59,9")], &wide).0, Red);
}

#[test]
fn strict_target_needs_more_than_the_value() {
    let mut ind = online_share();
    ind.targets = vec![Target {
        period: Period::Year(2026),
        goal: Goal::Reach {
            value: f("80"),
            strict: true,
        },
    }];
    let cfg = AssessConfig::default();
    assert_eq!(
        check(&ind, &[obs(Period::Year(2026), "80")], &cfg),
        (
            IndicatorStatus::Red,
            "Đạt 80,0 % (năm 2026), không đạt chỉ tiêu trên 80 % đến 31/12/2026".to_owned()
        )
    );
    assert_eq!(
        check(&ind, &[obs(Period::Year(2026), "80,1")], &cfg).0,
        IndicatorStatus::Green
    );
}

#[test]
fn rank_improves_on_the_previous_year() {
    use IndicatorStatus::*;
    let ind = dti();
    let cfg = AssessConfig::default();
    // 2025: 15th in 2024 (baseline), up at least 1: 14th or better.
    assert_eq!(
        check(&ind, &[obs(Period::Year(2025), "13")], &cfg),
        (
            Green,
            "Xếp hạng 13 (năm 2025), đã đạt chỉ tiêu hạng 14 hoặc tốt hơn năm 2025".to_owned()
        )
    );
    // 2026: 13th in 2025, so 12th or better; still 13th: missed.
    let values = [obs(Period::Year(2025), "13"), obs(Period::Year(2026), "13")];
    assert_eq!(
        check(&ind, &values, &cfg),
        (
            Red,
            "Xếp hạng 13 (năm 2026), không đạt chỉ tiêu hạng 12 hoặc tốt hơn đến 31/12/2026"
                .to_owned()
        )
    );
    // No 2025 place and a 2024 baseline: 2026's target cannot be resolved.
    assert_eq!(
        check(&ind, &[obs(Period::Year(2026), "9")], &cfg),
        (
            Grey,
            "Xếp hạng 9 (năm 2026); chưa có số liệu năm 2025 để tính chỉ tiêu tăng 1–2 bậc năm 2026".to_owned()
        )
    );
    // Two targets due the same year: the worst wins, both explained.
    let mut both = dti();
    both.targets.push(reach(Period::Year(2026), "10"));
    let values = [obs(Period::Year(2025), "13"), obs(Period::Year(2026), "11")];
    assert_eq!(
        check(&both, &values, &cfg),
        (
            Red,
            "Xếp hạng 11 (năm 2026), không đạt chỉ tiêu hạng 10 hoặc tốt hơn đến 31/12/2026; \
             Xếp hạng 11 (năm 2026), đã đạt chỉ tiêu hạng 12 hoặc tốt hơn năm 2026"
                .to_owned()
        )
    );
    // After 2026 the 2030 target is in force: from 2026's threshold (12th at
    // the end of 2026) to 10th at the end of 2030; 2027 ends 12 of 48 months
    // in: 12 − 2 × 12/48 = 11,5. 12th is 0,5 behind; the tolerance is 10 %
    // of 2 places = 0,2: red; 11th is ahead: green.
    let mut values = vec![obs(Period::Year(2025), "13"), obs(Period::Year(2026), "12")];
    values.push(obs(Period::Year(2027), "12"));
    let a = assess(&ind, &values, &cfg);
    assert_eq!((a.status, a.trajectory), (Red, Some(f("11,5"))));
    assert_eq!(
        a.explanation_vi,
        "Xếp hạng 12 (năm 2027), chậm hơn lộ trình hạng 11,5 để đạt hạng 10 vào 31/12/2030"
    );
    values.push(obs(Period::Year(2027), "11"));
    assert_eq!(check(&ind, &values, &cfg).0, Green);
}

#[test]
fn lower_is_better_trajectory() {
    // Days to settle a record: 20 in 2025, ≤ 10 by 2027. At mid-2026, 6 of
    // 24 months: 20 − 10 × 6/24 = 17,5; tolerance 10 % of 10 = 1.
    let ind = Indicator {
        code: "TG".into(),
        name: "Thời gian giải quyết hồ sơ (ngày)".into(),
        owner: "vpubnd".into(),
        unit: IndicatorUnit::Other,
        direction: Direction::LowerIsBetter,
        baseline: Some(Baseline {
            value: f("20"),
            year: 2025,
        }),
        targets: vec![reach(Period::Year(2027), "10")],
        source: String::new(),
    };
    let cfg = AssessConfig::default();
    let h1 = Period::Half(2026, 1);
    assert_eq!(
        check(&ind, &[obs(h1, "18")], &cfg),
        (
            IndicatorStatus::Orange,
            "Đạt 18 (6 tháng đầu năm 2026), chậm hơn lộ trình 17,5 để đạt 10 vào 31/12/2027 (trong ngưỡng cho phép)"
                .to_owned()
        )
    );
    assert_eq!(
        check(&ind, &[obs(h1, "18,6")], &cfg).0,
        IndicatorStatus::Red
    );
    assert_eq!(
        check(&ind, &[obs(h1, "17")], &cfg).0,
        IndicatorStatus::Green
    );
    assert_eq!(check(&ind, &[obs(h1, "9")], &cfg).0, IndicatorStatus::Green);
}

#[test]
fn reference_targets_need_the_comparison_value() {
    let mut ind = online_share();
    let target = |value| Target {
        period: Period::Year(2026),
        goal: Goal::Reference {
            label: "mức trung bình cả nước".into(),
            value,
            strict: true,
        },
    };
    ind.targets = vec![target(None)];
    let cfg = AssessConfig::default();
    let v = [obs(Period::Year(2026), "47")];
    assert_eq!(
        check(&ind, &v, &cfg),
        (
            IndicatorStatus::Grey,
            "Đạt 47,0 % (năm 2026); chưa có giá trị so sánh (mức trung bình cả nước) năm 2026"
                .to_owned()
        )
    );
    ind.targets = vec![target(Some(f("45,5")))];
    assert_eq!(check(&ind, &v, &cfg).0, IndicatorStatus::Green);
    assert_eq!(
        check(&ind, &[obs(Period::Year(2026), "45,5")], &cfg).0,
        IndicatorStatus::Red
    );
}

#[test]
fn trajectory_runs_through_earlier_targets() {
    let mut ind = online_share();
    ind.baseline = Some(Baseline {
        value: f("40"),
        year: 2024,
    });
    ind.targets = vec![
        reach(Period::Year(2026), "80"),
        reach(Period::Year(2025), "60"),
    ];
    let a = assess(
        &ind,
        &[obs(Period::Quarter(2026, 2), "70")],
        &AssessConfig::default(),
    );
    // From 60 at the end of 2025 to 80 at the end of 2026: 70 at mid-year.
    assert_eq!(
        (a.status, a.trajectory),
        (IndicatorStatus::Green, Some(f("70")))
    );
}

#[test]
fn grey_when_nothing_to_judge() {
    let ind = online_share();
    let cfg = AssessConfig::default();
    assert_eq!(
        check(&ind, &[], &cfg),
        (IndicatorStatus::Grey, "Chưa có số liệu".to_owned())
    );
    let mut none = online_share();
    none.targets.clear();
    assert_eq!(
        check(&none, &[obs(Period::Year(2026), "50")], &cfg),
        (
            IndicatorStatus::Grey,
            "Đạt 50,0 %, chưa có chỉ tiêu để đánh giá".to_owned()
        )
    );
    let mut no_base = online_share();
    no_base.baseline = None;
    assert_eq!(
        check(&no_base, &[obs(Period::Quarter(2026, 2), "60")], &cfg),
        (
            IndicatorStatus::Grey,
            "Đạt 60,0 % (quý II/2026), chưa có giá trị cơ sở để tính lộ trình đến chỉ tiêu ≥ 80 % vào 31/12/2026"
                .to_owned()
        )
    );
    // Met without a baseline is still green.
    assert_eq!(
        check(&no_base, &[obs(Period::Quarter(2026, 2), "85")], &cfg).0,
        IndicatorStatus::Green
    );
}

#[test]
fn the_latest_value_is_the_last_ending_period() {
    let ind = online_share();
    let values = [
        obs(Period::Year(2026), "82"),
        obs(Period::Quarter(2026, 4), "70"),
        obs(Period::Quarter(2026, 3), "60"),
    ];
    let a = assess(&ind, &values, &AssessConfig::default());
    assert_eq!(
        (a.period, a.value),
        (Some(Period::Year(2026)), Some(f("82")))
    );
    let mut statuses = [
        IndicatorStatus::Grey,
        IndicatorStatus::Green,
        IndicatorStatus::Red,
        IndicatorStatus::Orange,
    ];
    statuses.sort();
    assert_eq!(
        statuses,
        [
            IndicatorStatus::Red,
            IndicatorStatus::Orange,
            IndicatorStatus::Green,
            IndicatorStatus::Grey
        ]
    );
    assert_eq!(IndicatorStatus::Red.colour(), Colour::Red);
    assert_eq!(
        IndicatorStatus::from_code("orange"),
        Some(IndicatorStatus::Orange)
    );
}

#[test]
fn figures_parse_and_show_vietnamese_style() {
    let cases = [
        ("62,5", Some(625_000)),
        ("62.5", Some(625_000)),
        ("80%", Some(800_000)),
        ("80 %", Some(800_000)),
        ("1.250", Some(12_500_000)),
        ("1.250,5", Some(12_505_000)),
        ("0.451", Some(4_510)),
        ("0,4512", Some(4_512)),
        ("0,45125", Some(4_513)),
        ("-3", Some(-30_000)),
        ("12", Some(120_000)),
        ("abc", None),
        ("", None),
        ("1,2,3", None),
        ("1.2.3", None),
    ];
    for (text, want) in cases {
        assert_eq!(Figure::parse(text).map(Figure::scaled), want, "{text}");
    }
    assert_eq!(Figure::from_f64(0.1 + 0.2), Some(f("0,3")));
    assert_eq!(Figure::from_f64(62.5), Some(f("62,5")));
    assert_eq!(Figure::from_f64(12.0), Some(f("12")));
    assert_eq!(Figure::from_f64(-0.00005), Some(Figure(-1)));
    assert_eq!(Figure::from_f64(f64::NAN), None);
    assert_eq!(f("62").format(1), "62,0");
    assert_eq!(f("1250").format_trimmed(2), "1.250");
    assert_eq!(f("0,4512").format_trimmed(2), "0,45");
    assert_eq!(IndicatorUnit::Percent.show(f("80"), false), "80 %");
    assert_eq!(IndicatorUnit::Points.show(f("0,4512"), true), "0,4512 điểm");
    assert_eq!(
        IndicatorUnit::BillionDong.show(f("12,5"), true),
        "12,5 tỷ đồng"
    );
}

#[test]
fn periods() {
    let cases = [
        ("2026", Some(Period::Year(2026))),
        ("Năm 2026", Some(Period::Year(2026))),
        ("Quý I/2026", Some(Period::Quarter(2026, 1))),
        ("quý 3 năm 2026", Some(Period::Quarter(2026, 3))),
        ("Q4/2026", Some(Period::Quarter(2026, 4))),
        ("2026-Q2", Some(Period::Quarter(2026, 2))),
        ("6 tháng đầu năm 2026", Some(Period::Half(2026, 1))),
        ("6 tháng cuối năm 2026", Some(Period::Half(2026, 2))),
        ("Tháng 3/2026", Some(Period::Month(2026, 3))),
        ("T12/2026", Some(Period::Month(2026, 12))),
        ("03/2026", Some(Period::Month(2026, 3))),
        ("2026-03", Some(Period::Month(2026, 3))),
        ("Quý V/2026", None),
        ("tháng 13/2026", None),
        ("sắp tới", None),
    ];
    for (text, want) in cases {
        assert_eq!(Period::parse_vi(text), want, "{text}");
    }
    for p in [
        Period::Year(2026),
        Period::Half(2026, 2),
        Period::Quarter(2026, 3),
        Period::Month(2026, 11),
    ] {
        assert_eq!(Period::from_code(&p.code()), Some(p));
    }
    assert_eq!(
        Period::Quarter(2026, 1).previous(),
        Period::Quarter(2025, 4)
    );
    assert_eq!(
        Period::Month(2026, 2).end(),
        NaiveDate::from_ymd_opt(2026, 2, 28).unwrap_or_default()
    );
    assert_eq!(
        Period::Half(2026, 2).start(),
        NaiveDate::from_ymd_opt(2026, 7, 1).unwrap_or_default()
    );
    assert_eq!(Period::Quarter(2026, 3).label_vi(), "quý III/2026");
    assert!(Period::Year(2026) < Period::Quarter(2026, 4));
    assert!(Period::Month(2026, 11) < Period::Quarter(2026, 4));
}

/// (name, comparator, value, max, unit, year)
type Want<'a> = (
    &'a str,
    Comparator,
    Option<&'a str>,
    Option<&'a str>,
    IndicatorUnit,
    Option<i32>,
);

#[test]
fn targets_stated_in_directives() {
    use Comparator::*;
    use IndicatorUnit::*;
    let cases: Vec<(&str, Vec<Want>)> = vec![
        (
            "Tỷ lệ hồ sơ trực tuyến toàn trình đạt trên 80%.",
            vec![(
                "Tỷ lệ hồ sơ trực tuyến toàn trình",
                MoreThan,
                Some("80"),
                None,
                Percent,
                None,
            )],
        ),
        (
            "Phấn đấu chỉ số DTI tăng 1–2 bậc, vào top 10 cả nước",
            vec![
                ("chỉ số DTI", IncreaseBy, Some("1"), Some("2"), Rank, None),
                ("chỉ số DTI", Top, Some("10"), None, Rank, None),
            ],
        ),
        (
            "kinh tế số chiếm 20% GRDP vào năm 2030",
            vec![(
                "tỷ trọng kinh tế số trong GRDP",
                AtLeast,
                Some("20"),
                None,
                Percent,
                Some(2030),
            )],
        ),
        (
            "Đến năm 2030, kinh tế số chiếm tối thiểu 30% GRDP",
            vec![(
                "tỷ trọng kinh tế số trong GRDP",
                AtLeast,
                Some("30"),
                None,
                Percent,
                Some(2030),
            )],
        ),
        (
            "tỷ lệ dịch vụ công trực tuyến đạt ≥ 80 %",
            vec![(
                "tỷ lệ dịch vụ công trực tuyến",
                AtLeast,
                Some("80"),
                None,
                Percent,
                None,
            )],
        ),
        (
            "tỷ lệ dịch vụ công trực tuyến >= 80%",
            vec![(
                "tỷ lệ dịch vụ công trực tuyến",
                AtLeast,
                Some("80"),
                None,
                Percent,
                None,
            )],
        ),
        (
            "Tổng chi ngân sách cho khoa học và công nghệ đạt tối thiểu 2% tổng chi ngân sách địa phương",
            vec![(
                "Tổng chi ngân sách cho khoa học và công nghệ",
                AtLeast,
                Some("2"),
                None,
                Percent,
                None,
            )],
        ),
        (
            "Phấn đấu 100% thủ tục hành chính đủ điều kiện được cung cấp dưới dạng dịch vụ công trực tuyến toàn trình trong năm 2026",
            vec![(
                "thủ tục hành chính đủ điều kiện được cung cấp dưới dạng dịch vụ công trực tuyến toàn trình",
                AtLeast,
                Some("100"),
                None,
                Percent,
                Some(2026),
            )],
        ),
        (
            "Chỉ số PII năm 2026 tăng ít nhất 3 bậc so với năm 2025",
            vec![("Chỉ số PII", IncreaseBy, Some("3"), None, Rank, Some(2026))],
        ),
        (
            "Giữ vững vị trí trong nhóm 20 tỉnh, thành phố dẫn đầu cả nước về chỉ số PAPI",
            vec![("vị trí", Top, Some("20"), None, Rank, None)],
        ),
        (
            "Chỉ số DTI nằm trong 10 địa phương dẫn đầu",
            vec![("Chỉ số DTI", Top, Some("10"), None, Rank, None)],
        ),
        (
            "giải ngân vốn đầu tư công đạt trên 95% kế hoạch vốn được giao",
            vec![(
                "giải ngân vốn đầu tư công",
                MoreThan,
                Some("95"),
                None,
                Percent,
                None,
            )],
        ),
        (
            "tỷ lệ người dân trưởng thành có điện thoại thông minh từ 85% trở lên",
            vec![(
                "tỷ lệ người dân trưởng thành có điện thoại thông minh",
                AtLeast,
                Some("85"),
                None,
                Percent,
                None,
            )],
        ),
        (
            "tỷ lệ hồ sơ giải quyết trễ hạn dưới 2%",
            vec![(
                "tỷ lệ hồ sơ giải quyết trễ hạn",
                LessThan,
                Some("2"),
                None,
                Percent,
                None,
            )],
        ),
        (
            "tỷ lệ hồ sơ trễ hạn không quá 1,5%",
            vec![(
                "tỷ lệ hồ sơ trễ hạn",
                AtMost,
                Some("1,5"),
                None,
                Percent,
                None,
            )],
        ),
        (
            "thời gian xử lý hồ sơ giảm 30% so với năm 2025",
            vec![(
                "thời gian xử lý hồ sơ",
                DecreaseBy,
                Some("30"),
                None,
                Percent,
                None,
            )],
        ),
        (
            "Chỉ số PII đạt 45 điểm vào năm 2027",
            vec![("Chỉ số PII", AtLeast, Some("45"), None, Points, Some(2027))],
        ),
        (
            "có ít nhất 5 doanh nghiệp công nghệ số",
            vec![(
                "doanh nghiệp công nghệ số",
                AtLeast,
                Some("5"),
                None,
                Count,
                None,
            )],
        ),
        (
            "doanh thu lĩnh vực công nghệ số đạt 1.000 tỷ đồng",
            vec![(
                "doanh thu lĩnh vực công nghệ số",
                AtLeast,
                Some("1000"),
                None,
                BillionDong,
                None,
            )],
        ),
        (
            "nâng tỷ lệ thanh toán không dùng tiền mặt từ 45% lên 60% vào năm 2027",
            vec![(
                "tỷ lệ thanh toán không dùng tiền mặt",
                AtLeast,
                Some("60"),
                None,
                Percent,
                Some(2027),
            )],
        ),
        (
            "đến năm 2025 đạt 50%, đến năm 2030 đạt 80% hồ sơ được số hóa",
            vec![
                (
                    "hồ sơ được số hóa",
                    AtLeast,
                    Some("50"),
                    None,
                    Percent,
                    Some(2025),
                ),
                (
                    "hồ sơ được số hóa",
                    AtLeast,
                    Some("80"),
                    None,
                    Percent,
                    Some(2030),
                ),
            ],
        ),
        (
            "Chỉ số DTI tăng từ 1 đến 2 bậc mỗi năm, giai đoạn 2026-2030",
            vec![(
                "Chỉ số DTI",
                IncreaseBy,
                Some("1"),
                Some("2"),
                Rank,
                Some(2030),
            )],
        ),
        // Phrasings from the sample directives.
        (
            "- Tập trung triển khai: (1) cải thiện chỉ số chuyển đổi số (DTI) tỉnh Khánh Hòa mỗi năm tăng 1 - 2 bậc, sớm thuộc nhóm 10 địa phương dẫn đầu cả nước; (2) Tỷ lệ dịch vụ công trực tuyến đạt cao hơn so với bình quân cả nước",
            vec![
                (
                    "chỉ số chuyển đổi số (DTI) tỉnh Khánh Hòa",
                    IncreaseBy,
                    Some("1"),
                    Some("2"),
                    Rank,
                    None,
                ),
                (
                    "chỉ số chuyển đổi số (DTI) tỉnh Khánh Hòa",
                    Top,
                    Some("10"),
                    None,
                    Rank,
                    None,
                ),
                (
                    "Tỷ lệ dịch vụ công trực tuyến",
                    AboveReference,
                    None,
                    None,
                    Percent,
                    None,
                ),
            ],
        ),
        (
            "(3) Chỉ số Đổi mới sáng tạo (PII) năm 2025 đạt 46,54 điểm, vươn lên vị trí thứ 9/34 tỉnh, thành phố.",
            vec![(
                "Chỉ số Đổi mới sáng tạo (PII)",
                AtLeast,
                Some("46,54"),
                None,
                Points,
                Some(2025),
            )],
        ),
        (
            "Đẩy mạnh tuyên truyền, tập huấn kỹ năng an toàn thông tin cơ bản cho 100% cán bộ, công chức",
            vec![(
                "tập huấn kỹ năng an toàn thông tin cơ bản cho cán bộ",
                AtLeast,
                Some("100"),
                None,
                Percent,
                None,
            )],
        ),
        (
            "phấn đấu đạt mục tiêu tỷ trọng kinh tế số trong GRDP đạt 14% năm 2026",
            vec![(
                "tỷ trọng kinh tế số trong GRDP",
                AtLeast,
                Some("14"),
                None,
                Percent,
                Some(2026),
            )],
        ),
        (
            "Hội nghị kết nối trực tuyến đến 64 điểm cầu cấp xã.",
            vec![],
        ),
        (
            "số lượng đề xuất nghiên cứu năm 2025 tăng cao lên 108",
            vec![],
        ),
        (
            "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
            vec![],
        ),
        (
            "Sở Khoa học và Công nghệ báo cáo trước ngày 15/3/2026",
            vec![],
        ),
        (
            "Triển khai mạng 5G và công nghiệp 4.0 trong năm 2026",
            vec![],
        ),
    ];
    for (sentence, want) in cases {
        let got: Vec<_> = parse_targets(sentence)
            .into_iter()
            .map(|t| (t.name, t.comparator, t.value, t.value_max, t.unit, t.year))
            .collect();
        let want: Vec<_> = want
            .into_iter()
            .map(|(n, c, v, m, u, y)| (n.to_owned(), c, v.map(f), m.map(f), u, y))
            .collect();
        assert_eq!(got, want, "{sentence}");
    }
}

#[test]
fn reference_targets_in_directives() {
    let got = parse_targets(
        "Tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ trên mức trung bình cả nước năm 2026",
    );
    assert_eq!(got.len(), 1);
    let t = got.first().cloned();
    assert_eq!(
        t.as_ref().map(|t| t.name.as_str()),
        Some("Tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ")
    );
    assert_eq!(
        t.as_ref().map(|t| t.comparator),
        Some(Comparator::AboveReference)
    );
    assert_eq!(
        t.as_ref().and_then(|t| t.reference.as_deref()),
        Some("mức trung bình cả nước")
    );
    assert_eq!(t.as_ref().map(|t| t.unit), Some(IndicatorUnit::Percent));
    assert_eq!(t.as_ref().and_then(|t| t.year), Some(2026));
    assert_eq!(
        t.as_ref().and_then(ParsedTarget::goal),
        Some(Goal::Reference {
            label: "mức trung bình cả nước".into(),
            value: None,
            strict: true
        })
    );
}

#[test]
fn parsed_targets_become_goals() {
    let dti = parse_targets("phấn đấu chỉ số DTI tăng 1–2 bậc, vào top 10 cả nước");
    let goals: Vec<_> = dti.iter().map(|t| (t.direction(), t.goal())).collect();
    assert_eq!(
        goals,
        vec![
            (
                Direction::LowerIsBetter,
                Some(Goal::ImproveBy {
                    min: f("1"),
                    max: Some(f("2"))
                })
            ),
            (
                Direction::LowerIsBetter,
                Some(Goal::Reach {
                    value: f("10"),
                    strict: false
                })
            ),
        ]
    );
    let share = parse_targets("tỷ lệ hồ sơ trực tuyến toàn trình đạt trên 80%");
    assert_eq!(
        share
            .first()
            .map(|t| (t.direction(), t.goal(), t.words.clone())),
        Some((
            Direction::HigherIsBetter,
            Some(Goal::Reach {
                value: f("80"),
                strict: true
            }),
            "đạt trên 80%".to_owned()
        ))
    );
    let from =
        parse_targets("nâng tỷ lệ thanh toán không dùng tiền mặt từ 45% lên 60% vào năm 2027");
    assert_eq!(from.first().and_then(|t| t.baseline), Some(f("45")));
    assert_eq!(
        from.first().map(|t| t.words.as_str()),
        Some("từ 45% lên 60%")
    );
    let pii = parse_targets("Chỉ số PII năm 2026 tăng ít nhất 3 bậc so với năm 2025");
    assert_eq!(pii.first().and_then(|t| t.compared_with_year), Some(2025));
}

/// Odd input never panics: strings built from the pieces the parsers look
/// at (digits, marks, units, comparing words), in a fixed pseudo-random
/// order so a failure reproduces.
#[test]
fn odd_input_never_panics() {
    const PIECES: [&str; 40] = [
        "0",
        "1",
        "9",
        "12",
        "2026",
        "99999999999999999999",
        ".",
        ",",
        " ",
        "-",
        "–",
        "%",
        "(",
        ")",
        "/",
        "≥",
        ">",
        "=",
        "<",
        "đạt",
        "trên",
        "tăng",
        "bậc",
        "top",
        "nhóm",
        "từ",
        "lên",
        "đến",
        "năm",
        "mức trung bình",
        "tỷ",
        "triệu",
        "đ",
        "quý",
        "tháng",
        "T",
        "Q",
        "mục tiêu",
        "ạ",
        "\u{301}",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..20_000 {
        let mut s = String::new();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let len = (seed % 12) as usize;
        for k in 0..len {
            let pick = (seed.rotate_left(k as u32 * 5) % PIECES.len() as u64) as usize;
            s.push_str(PIECES.get(pick).copied().unwrap_or(""));
        }
        let _ = parse_targets(&s);
        let _ = Figure::parse(&s);
        let _ = Period::parse_vi(&s);
        let _ = crate::money::Dong::parse(&s, crate::money::MoneyUnit::Million);
        let _ = crate::money::MoneyUnit::find_in(&s);
    }
}

#[test]
fn values_fall_due_after_their_period() {
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    let today = day(2026, 5, 20);
    assert_eq!(Frequency::Year.period_of(today), Period::Year(2026));
    assert_eq!(Frequency::Half.period_of(today), Period::Half(2026, 1));
    assert_eq!(
        Frequency::Quarter.period_of(today),
        Period::Quarter(2026, 2)
    );
    assert_eq!(Frequency::Month.period_of(today), Period::Month(2026, 5));
    assert_eq!(Frequency::Year.last_ended(today), Period::Year(2025));
    assert_eq!(
        Frequency::Quarter.last_ended(today),
        Period::Quarter(2026, 1)
    );
    assert_eq!(
        Frequency::Month.last_ended(day(2026, 1, 3)),
        Period::Month(2025, 12)
    );
    assert_eq!(value_due(Period::Quarter(2026, 1)), day(2026, 4, 15));
    assert_eq!(value_due(Period::Year(2025)), day(2026, 1, 15));
    for f in Frequency::ALL {
        assert_eq!(Frequency::from_code(f.code()), Some(f));
    }
    assert_eq!(Frequency::from_code("weekly"), None);
}

#[test]
fn goals_read_as_words() {
    use IndicatorUnit::*;
    let f = Figure::from_int;
    let reach = |v, strict| Goal::Reach {
        value: f(v),
        strict,
    };
    assert_eq!(
        goal_words(Percent, Direction::HigherIsBetter, &reach(80, false)),
        "≥ 80 %"
    );
    assert_eq!(
        goal_words(Percent, Direction::HigherIsBetter, &reach(80, true)),
        "trên 80 %"
    );
    assert_eq!(
        goal_words(Rank, Direction::LowerIsBetter, &reach(10, false)),
        "hạng 10 hoặc tốt hơn"
    );
    let up = Goal::ImproveBy {
        min: f(1),
        max: Some(f(2)),
    };
    assert_eq!(
        goal_words(Rank, Direction::LowerIsBetter, &up),
        "tăng 1–2 bậc so với kỳ trước"
    );
    let reference = Goal::Reference {
        label: "mức trung bình cả nước".into(),
        value: None,
        strict: true,
    };
    assert_eq!(
        goal_words(Percent, Direction::HigherIsBetter, &reference),
        "trên mức trung bình cả nước"
    );
}
