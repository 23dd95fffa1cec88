use super::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("test_data")
        .join(name);
    std::fs::read(&path).unwrap_or_default()
}

const M: i64 = 1_000_000;

fn millions(v: [i64; 12]) -> Monthly {
    Monthly::per_month(v.map(|x| Dong(x * M)))
}

fn messages(errors: &[CellError]) -> Vec<String> {
    errors.iter().map(ToString::to_string).collect()
}

#[test]
fn reads_a_good_workbook_in_millions() {
    let got = read_disbursements(&fixture("disbursement_good.xlsx"), &SheetOptions::default());
    let Ok(got) = got else {
        panic!("not read: {got:?}");
    };
    assert_eq!(messages(&got.errors), Vec::<String>::new());
    assert_eq!(
        got.notes,
        vec!["Sheet 'Giải ngân': đơn vị tính triệu đồng (theo tiêu đề cột)".to_owned()]
    );
    let keys: Vec<_> = got.rows.iter().map(DisbursementRow::key).collect();
    assert_eq!(
        keys,
        [
            ("DA01".to_owned(), 2026),
            ("KH02".to_owned(), 2026),
            ("DA03".to_owned(), 2026)
        ]
    );
    let [da01, kh02, da03] = got.rows.as_slice() else {
        panic!("three rows expected");
    };
    assert_eq!(
        (
            da01.sheet.as_str(),
            da01.row,
            da01.name.as_str(),
            da01.owner.as_str()
        ),
        (
            "Giải ngân",
            3,
            "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh",
            "Sở Khoa học và Công nghệ"
        )
    );
    assert_eq!(da01.source, CapitalSource::PublicInvestment);
    assert_eq!(da01.programme, Some(Programme::DigitalTransformation));
    assert_eq!(da01.allocation, Dong(1_200 * M));
    assert_eq!(da01.plan, millions([100; 12]));
    assert_eq!(
        da01.actual,
        millions([50, 50, 50, 50, 50, 50, 50, 50, 50, 80, 0, 0])
    );
    // 850,5 triệu and 50,5 triệu from floats; "-" is zero.
    assert_eq!(kh02.source, CapitalSource::Recurrent);
    assert_eq!(kh02.programme, Some(Programme::ScienceTechnology));
    assert_eq!(kh02.allocation, Dong(850_500_000));
    assert_eq!(kh02.plan.month(11), Dong(50_500_000));
    assert_eq!(kh02.plan.total(), Ok(Dong(850_500_000)));
    assert_eq!(kh02.actual.month(10), Dong::ZERO);
    // An amount written in đồng in a column of millions keeps its own unit.
    assert_eq!(da03.allocation, Dong(2_500 * M));
    assert_eq!(da03.actual.month(10), Dong(12_250_000));
    assert_eq!(da03.plan.total(), Ok(Dong(2_500 * M)));
    // The domain takes it from there.
    let project = da01.clone().into_project("skhcn");
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default();
    let flag = project
        .behind_plan(as_of, &Default::default())
        .ok()
        .flatten()
        .map(|b| b.message_vi());
    assert_eq!(
        flag.as_deref(),
        Some(
            "chậm giải ngân so với kế hoạch: đạt 53 % kế hoạch đến tháng 10 \
             (đã giải ngân 530 triệu đồng / kế hoạch 1 tỷ đồng)"
        )
    );
}

#[test]
fn collects_every_bad_cell_with_its_place() {
    let got = read_disbursements(&fixture("disbursement_bad.xlsx"), &SheetOptions::default());
    let Ok(got) = got else {
        panic!("not read: {got:?}");
    };
    assert_eq!(
        messages(&got.errors),
        [
            "Sheet 'Giải ngân', dòng 4, cột E (Kế hoạch vốn): 'abc' không phải số tiền",
            "Sheet 'Giải ngân', dòng 5, cột E (Kế hoạch vốn): '12,3456789' có phần lẻ nhỏ hơn 1 đồng: hãy làm tròn đến đồng",
            "Sheet 'Giải ngân', dòng 5, cột F (KH T1): '1,5,5' không phải số tiền",
            "Sheet 'Giải ngân', dòng 6, cột A (Mã dự án): thiếu mã dự án (cần để nhập lại không bị trùng)",
            "Sheet 'Giải ngân', dòng 7, cột D (Nguồn vốn): 'Vốn vay' không phải nguồn vốn (đầu tư công, chi thường xuyên, nguồn khác)",
            "Sheet 'Giải ngân', dòng 8, cột A (Mã dự án): trùng mã dự án DA01 năm 2026 với sheet 'Giải ngân', dòng 3",
            "Sheet 'Giải ngân', dòng 9, cột R (GN T1): ô lỗi công thức #REF!",
            "Sheet 'Giải ngân', dòng 10, cột E (Kế hoạch vốn): '1.500' không rõ dấu phân cách là hàng nghìn hay thập phân: hãy ghi số không có dấu chấm hàng nghìn (1500) hoặc dùng dấu phẩy thập phân (1,5)",
        ]
    );
    let codes: Vec<_> = got.rows.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["DA01"]);
    assert_eq!(got.rows.first().map(|r| r.allocation), Some(Dong(120 * M)));
    let first = got.errors.first().cloned();
    assert_eq!(
        first.map(|e| (e.row, e.column, e.header)),
        Some((4, Some("E".to_owned()), Some("Kế hoạch vốn".to_owned())))
    );
}

#[test]
fn reads_merged_titles_two_row_headers_sections_and_totals() {
    let got = read_disbursements(
        &fixture("disbursement_merged.xlsx"),
        &SheetOptions::default(),
    );
    let Ok(got) = got else {
        panic!("not read: {got:?}");
    };
    assert_eq!(messages(&got.errors), Vec::<String>::new());
    assert_eq!(
        got.notes,
        [
            "Sheet 'Tổng hợp': đơn vị tính triệu đồng (theo tiêu đề)",
            "Sheet 'Tổng hợp': bỏ qua 1 dòng tổng cộng",
            "Sheet 'Ghi chú': không có dòng tiêu đề (mã/tên dự án và số tiền), bỏ qua",
        ]
    );
    let rows: Vec<_> = got
        .rows
        .iter()
        .map(|r| (r.row, r.code.as_str(), r.source, r.year, r.allocation))
        .collect();
    assert_eq!(
        rows,
        [
            (
                9,
                "DA01",
                CapitalSource::PublicInvestment,
                2026,
                Dong(1_200 * M)
            ),
            (
                10,
                "DA03",
                CapitalSource::PublicInvestment,
                2026,
                Dong(2_500 * M)
            ),
            (
                13,
                "KH02",
                CapitalSource::Recurrent,
                2026,
                Dong(850_500_000)
            ),
        ]
    );
    // Running totals of disbursement become monthly amounts; the blank
    // months after October carry the total on (nothing disbursed).
    let da01 = got.rows.first();
    assert_eq!(
        da01.map(|r| r.actual),
        Some(millions([50, 50, 50, 50, 50, 50, 50, 50, 50, 80, 0, 0]))
    );
    assert_eq!(da01.map(|r| r.plan), Some(millions([100; 12])));
    let da03 = got.rows.get(1);
    assert_eq!(da03.map(|r| r.actual.month(10)), Some(Dong(12_250_000)));
    assert_eq!(
        da03.and_then(|r| r.actual.total().ok()),
        Some(Dong(1_562_250_000))
    );
    // The same as the good workbook, read another way.
    let good = read_disbursements(&fixture("disbursement_good.xlsx"), &SheetOptions::default());
    let good = good.map(|g| g.rows).unwrap_or_default();
    for row in &got.rows {
        let twin = good.iter().find(|g| g.code == row.code);
        assert_eq!(
            twin.map(|g| (g.allocation, g.plan, g.actual)),
            Some((row.allocation, row.plan, row.actual)),
            "{}",
            row.code
        );
    }
}

#[test]
fn reading_twice_gives_the_same_rows() {
    let bytes = fixture("disbursement_merged.xlsx");
    let a = read_disbursements(&bytes, &SheetOptions::default()).ok();
    let b = read_disbursements(&bytes, &SheetOptions::default()).ok();
    assert!(a.is_some());
    assert_eq!(a, b);
}

#[test]
fn refuses_what_is_not_a_disbursement_workbook() {
    let docx = fixture("directive.docx");
    assert!(matches!(
        read_disbursements(&docx, &SheetOptions::default()),
        Err(SheetError::NotXlsx(_))
    ));
    assert!(matches!(
        read_disbursements(b"hello", &SheetOptions::default()),
        Err(SheetError::NotXlsx(_))
    ));
    let values = fixture("indicators.xlsx");
    let err = read_disbursements(&values, &SheetOptions::default()).err();
    assert_eq!(
        err.map(|e| e.to_string()),
        Some(
            "không tìm thấy dòng tiêu đề trong 15 dòng đầu của sheet nào: cần các cột \
             Mã dự án hoặc Tên dự án, và Kế hoạch vốn hoặc Kế hoạch giải ngân/Giải ngân theo tháng"
                .to_owned()
        )
    );
}

#[test]
fn reads_indicator_values_with_evidence() {
    let got = read_indicator_values(&fixture("indicators.xlsx"));
    let Ok(got) = got else {
        panic!("not read: {got:?}");
    };
    assert_eq!(
        messages(&got.errors),
        [
            "Sheet 'Chỉ tiêu', dòng 6, cột C (Kỳ): 'Quý 5/2026' không phải kỳ báo cáo (năm, 6 tháng, quý, tháng)",
            "Sheet 'Chỉ tiêu', dòng 6, cột D (Giá trị): 'n/a' không phải số",
            "Sheet 'Chỉ tiêu', dòng 6, cột F (Ngày văn bản): '32/13/2026' không phải ngày (dd/mm/yyyy)",
        ]
    );
    let rows: Vec<_> = got
        .rows
        .iter()
        .map(|r| (r.row, r.code.as_str(), r.period, r.value))
        .collect();
    let fig = |s: &str| Figure::parse(s).unwrap_or_default();
    assert_eq!(
        rows,
        [
            (3, "DTI", Period::Year(2025), fig("12")),
            (4, "DVC-TT", Period::Quarter(2026, 3), fig("62,5")),
            (5, "DVC-TT", Period::Month(2026, 8), fig("68,2")),
            (7, "PII", Period::Year(2025), fig("45,12")),
        ]
    );
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    assert_eq!(
        got.rows.first().and_then(|r| r.evidence.clone()),
        Some(Evidence {
            document_number: "15/BC-BKHCN".into(),
            date: date(2026, 3, 20),
            file_name: Some("dti-2025.pdf".into()),
        })
    );
    assert_eq!(got.rows.get(2).and_then(|r| r.evidence.clone()), None);
    assert_eq!(
        got.rows
            .get(3)
            .and_then(|r| r.evidence.as_ref().and_then(|e| e.date)),
        date(2026, 1, 15)
    );
    assert_eq!(
        got.rows.get(1).map(IndicatorValueRow::key),
        Some(("DVC-TT".to_owned(), "2026-Q3".to_owned()))
    );
}

#[test]
fn header_words_and_columns() {
    let cases = [
        ("Mã dự án", Some(Role::Code)),
        ("Tên dự án/nhiệm vụ", Some(Role::Name)),
        ("Chủ đầu tư / Đơn vị thực hiện", Some(Role::Owner)),
        ("Nguồn vốn", Some(Role::Source)),
        ("Kế hoạch vốn năm 2026", Some(Role::Allocation)),
        ("Kế hoạch giải ngân tháng 1", Some(Role::Plan(1, false))),
        ("KH giải ngân T12", Some(Role::Plan(12, false))),
        ("Giải ngân tháng 3", Some(Role::Actual(3, false))),
        ("Lũy kế giải ngân đến tháng 6", Some(Role::Actual(6, true))),
        ("Tỷ lệ giải ngân so với kế hoạch vốn", None),
        ("Ghi chú", None),
    ];
    for (h, want) in cases {
        assert_eq!(classify(&fold(h)), want, "{h}");
    }
    assert_eq!(column_letters(0), "A");
    assert_eq!(column_letters(25), "Z");
    assert_eq!(column_letters(26), "AA");
    assert_eq!(column_letters(29), "AD");
    assert_eq!(column_letters(701), "ZZ");
    assert_eq!(column_letters(702), "AAA");
    assert!(is_total("tong cong"));
    assert!(is_total("cong"));
    assert!(!is_total("cong thong tin dien tu"));
    assert!(!is_total("tong hop du lieu"));
}

#[test]
fn a_stray_far_cell_does_not_blow_up_memory() {
    let got = read_disbursements(
        &fixture("disbursement_far_cell.xlsx"),
        &SheetOptions {
            year: Some(2026),
            unit: None,
        },
    );
    let Ok(got) = got else {
        panic!("not read: {got:?}");
    };
    assert_eq!(
        got.rows.iter().map(|r| r.allocation).collect::<Vec<_>>(),
        [Dong(100 * M)]
    );
    assert!(
        got.notes.contains(
            &"Sheet 'Giải ngân': chỉ đọc 100000 dòng, 256 cột và 1000000 ô đầu".to_owned()
        ),
        "{:?}",
        got.notes
    );
}

#[test]
fn refuses_a_workbook_that_unpacks_too_large() {
    use std::io::Write;
    let mut buf = Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let started = zip.start_file("xl/sharedStrings.xml", opts);
    assert!(started.is_ok());
    let chunk = vec![b' '; 1024 * 1024];
    for _ in 0..=(MAX_UNPACKED_BYTES / (1024 * 1024)) {
        assert!(zip.write_all(&chunk).is_ok());
    }
    assert!(zip.finish().is_ok());
    let bytes = buf.into_inner();
    assert!(bytes.len() < 2 * 1024 * 1024, "{}", bytes.len());
    assert!(matches!(
        read_disbursements(&bytes, &SheetOptions::default()),
        Err(SheetError::UnpacksTooLarge)
    ));
}
