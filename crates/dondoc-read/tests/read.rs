//! Every format and encoding the reader meets, from real files made by
//! `test_data/make_fixtures.py` (python-docx, reportlab, Python codecs).

use dondoc_read::{Encoding, Format, MAX_INPUT_BYTES, ReadError, read_bytes, read_path};
use std::path::{Path, PathBuf};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("test_data")
        .join(name)
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

#[test]
fn docx_numbering_bullets_bold_tables_and_page_breaks() {
    let doc = read_path(&data("directive.docx")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc.format, Format::Docx);
    let l = lines(&doc.text);
    // Word's own numbering, rendered as the reader sees it.
    assert!(l.contains(&"1. Giao Sở Khoa học và Công nghệ chủ trì, phối hợp Sở Tài chính xây dựng Đề án, trình UBND tỉnh trước ngày 30/01/2026."), "{l:#?}");
    assert!(l.contains(&"2. Sở Nội vụ tham mưu bố trí công chức chuyên trách chuyển đổi số; hoàn thành trong quý I/2026."));
    assert!(l.contains(&"- Rà soát thủ tục hành chính;"));
    assert!(l.contains(&"3. Công an tỉnh thường xuyên cập nhật dữ liệu dân cư."));
    assert!(l.contains(&"**THÔNG BÁO**"));
    assert!(l.contains(&"\u{c}"), "page break");
    assert_eq!(doc.pages, 2);
    // Table rows: cells joined by tabs; a cell's own line break becomes a space.
    assert!(
        l.contains(&"STT\tTên nhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành")
    );
    assert!(l.contains(&"2\tSố hóa hồ sơ tiếp nhận\tUBND cấp xã\t\tNăm 2026"));
}

#[test]
fn docx_is_detected_from_content_not_extension() {
    let bytes = std::fs::read(data("directive.docx")).unwrap_or_default();
    let doc = read_bytes(&bytes, Some("renamed.txt")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc.format, Format::Docx);
}

#[test]
fn a_file_named_docx_or_pdf_that_is_not_one_is_refused_not_read_as_text() {
    for name in ["hong.docx", "HONG.PDF"] {
        let e = read_bytes(b"Giao So Tai chinh chu tri", Some(name));
        assert!(
            matches!(e, Err(ReadError::NotWhatItsNameSays(_))),
            "{name}: {e:?}"
        );
    }
    assert!(read_bytes(b"Giao So Tai chinh chu tri", Some("a.txt")).is_ok());
}

#[test]
fn pdf_text_layer_by_page() {
    let doc = read_path(&data("directive.pdf")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc.format, Format::Pdf);
    assert_eq!(doc.pages, 2);
    assert!(doc.text.contains("Số: /TB-UBND"));
    assert!(doc.text.contains("Khánh Hòa, ngày tháng năm 2026"));
    assert!(
        doc.text.contains(
            "2. Giao Sở Khoa học và Công nghệ chủ trì, báo cáo chậm nhất ngày 15/3/2026."
        )
    );
}

#[test]
fn scanned_pdf_is_refused_not_empty() {
    let e = read_path(&data("scanned.pdf")).err();
    assert!(matches!(e, Some(ReadError::ScannedPdf)), "{e:?}");
    assert!(
        e.map(|e| e.to_string())
            .unwrap_or_default()
            .contains("no text layer")
    );
}

#[test]
fn utf16_and_windows_1258_are_converted() {
    let want = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../dondoc-extract/test_data/003_dfb97a17adc53d91.txt"),
    )
    .unwrap_or_default();
    let doc = read_path(&data("utf16le.txt")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc.encoding, Encoding::Utf16Le);
    assert_eq!(doc.text, want);
    let doc = read_path(&data("windows1258.txt")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc.encoding, Encoding::Windows1258);
    assert_eq!(doc.text, want, "Windows-1258 decoded and NFC-normalised");
}

#[test]
fn legacy_encodings_are_refused_by_name() {
    let e = read_path(&data("tcvn3.txt"))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("TCVN3"), "{e}");
    let e = read_path(&data("vni.txt"))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("VNI"), "{e}");
    // The same text once pasted through a Windows-1252 reading is valid UTF-8.
    let pasted = "Uû ban nh©n d©n tØnh Kh¸nh Hßa. Giao Së Khoa häc vµ C«ng nghÖ chñ tr×";
    let e = read_bytes(pasted.as_bytes(), None)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("TCVN3"), "{e}");
}

#[test]
fn utf8_bom_is_stripped_and_markdown_noted() {
    let doc = read_bytes("\u{feff}## THÔNG BÁO\n**Giao Sở**".as_bytes(), None)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc.encoding, Encoding::Utf8);
    assert_eq!(doc.format, Format::Markdown);
    assert!(doc.text.starts_with("## THÔNG BÁO"));
}

#[test]
fn refusals_name_the_problem() {
    assert!(matches!(
        read_path(&data("legacy.doc")),
        Err(ReadError::LegacyDoc)
    ));
    let big = vec![b'a'; MAX_INPUT_BYTES + 1];
    let e = read_bytes(&big, None)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("limit"), "{e}");
    assert!(matches!(read_bytes(b"", None), Err(ReadError::Empty)));
    let e = read_path(Path::new("/no/such/file.docx"))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("/no/such/file.docx"), "{e}");
}

#[test]
fn damaged_and_foreign_zips_are_errors_not_panics() {
    let bytes = std::fs::read(data("directive.docx")).unwrap_or_default();
    for cut in [10, 100, 1000, bytes.len() / 2, bytes.len() - 10] {
        let r = read_bytes(bytes.get(..cut).unwrap_or(&[]), None);
        assert!(r.is_err(), "truncated at {cut}");
    }
    // A zip with no word/document.xml.
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let _ = z.start_file("hello.txt", zip::write::SimpleFileOptions::default());
    let _ = std::io::Write::write_all(&mut z, b"hi");
    let bytes = z.finish().map(|c| c.into_inner()).unwrap_or_default();
    assert!(matches!(read_bytes(&bytes, None), Err(ReadError::NotDocx)));
}

#[test]
fn random_bytes_never_panic() {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for n in 0..300 {
        let len = (n * 37) % 2000;
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x & 0xFF) as u8
            })
            .collect();
        let _ = read_bytes(&bytes, None);
        let mut zipped = b"PK\x03\x04".to_vec();
        zipped.extend(&bytes);
        let _ = read_bytes(&zipped, None);
    }
}
