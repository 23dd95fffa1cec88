//! Every format and encoding the reader meets, from real files made by
//! `test_data/make_fixtures.py` (python-docx, reportlab, Python codecs) and
//! `test_data/make_scans.py` (a scanned page); crafted files are generated here.

use dondoc_read::{
    Encoding, Format, MAX_INPUT_BYTES, OCR_NOTE, Progress, ReadError, ReadOptions, read_bytes,
    read_bytes_with, read_path, read_path_with,
};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

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

/// Whether tesseract with its Vietnamese data is here. Where it is not, an
/// OCR test says so on stdout and passes, unless DONDOC_REQUIRE_OCR=1 (CI)
/// makes its absence a failure.
fn ocr_installed(test: &str) -> bool {
    let langs = std::process::Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l.trim() == "vie")
        })
        .unwrap_or(false);
    if !langs {
        assert!(
            std::env::var("DONDOC_REQUIRE_OCR").as_deref() != Ok("1"),
            "{test}: DONDOC_REQUIRE_OCR=1 but tesseract with Vietnamese is not installed (apt-get install tesseract-ocr tesseract-ocr-vie)"
        );
        let line = format!(
            "SKIPPED: {test}: tesseract not installed (apt-get install tesseract-ocr tesseract-ocr-vie)"
        );
        // The harness captures print!: write to stderr itself so that it shows.
        match std::fs::OpenOptions::new().append(true).open("/dev/stderr") {
            Ok(mut stderr) => {
                let _ = writeln!(stderr, "{line}");
            }
            Err(_) => eprintln!("{line}"),
        }
    }
    langs
}

#[test]
fn a_pdf_page_of_shapes_is_refused_after_ocr_finds_no_text() {
    let e = read_path(&data("scanned.pdf")).err();
    let message = e.as_ref().map(ToString::to_string).unwrap_or_default();
    assert!(message.contains("không có lớp văn bản"), "{message}");
    if ocr_installed("a_pdf_page_of_shapes_is_refused_after_ocr_finds_no_text") {
        assert!(
            matches!(e, Some(ReadError::OcrNoText { pages: 1 })),
            "{e:?}"
        );
    } else {
        assert!(
            matches!(e, Some(ReadError::OcrMissing(_))) && message.contains("tesseract-ocr"),
            "{e:?}"
        );
    }
    // With OCR switched off, a scan is refused as before.
    let off = ReadOptions {
        ocr: false,
        ..ReadOptions::default()
    };
    let e = read_path_with(&data("scanned.pdf"), &off).err();
    assert!(matches!(e, Some(ReadError::ScannedPdf)), "{e:?}");
}

#[test]
fn a_scanned_directive_is_read_by_ocr_in_the_extractors_shape() {
    if !ocr_installed("a_scanned_directive_is_read_by_ocr_in_the_extractors_shape") {
        return;
    }
    let seen = Mutex::new(Vec::new());
    let progress = |p: Progress| {
        if let Ok(mut s) = seen.lock() {
            s.push((p.done, p.total));
        }
    };
    let opts = ReadOptions {
        progress: Some(&progress),
        ..ReadOptions::default()
    };
    let doc =
        read_path_with(&data("scanned_directive.pdf"), &opts).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc.format, Format::Pdf);
    assert!(doc.ocr);
    assert_eq!(doc.notes.first().map(String::as_str), Some(OCR_NOTE));
    assert_eq!(doc.pages, 1);
    assert_eq!(
        *seen.lock().unwrap_or_else(|e| e.into_inner()),
        vec![(0, 1), (1, 1)]
    );
    let l = lines(&doc.text);
    let has = |want: &str| l.iter().any(|line| line.contains(want));
    // The letterhead's two columns come out as separate lines.
    for want in [
        "ỦY BAN NHÂN DÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 27/UBND-KGVX",
        "Khánh Hòa, ngày 09 tháng 02 năm 2026",
        "Nơi nhận",
        "KT. CHỦ TỊCH",
        "Nguyễn Thanh Hà",
    ] {
        assert!(has(want), "{want} in {l:#?}");
    }
    // A numbered item wrapped over three lines is one line again.
    assert!(
        l.iter().any(
            |line| line.starts_with("1. Giao Sở Khoa học và Công nghệ chủ trì")
                && line.ends_with("hoàn thành trước ngày 28/02/2026.")
        ),
        "{l:#?}"
    );
    assert!(
        l.iter()
            .any(|line| line.starts_with("2. Sở Nội vụ") && line.contains("quý")),
        "{l:#?}"
    );
    // The ruled table is read row by row, its cells tab-separated.
    assert!(
        l.contains(&"STT\tNhiệm vụ\tCơ quan chủ trì\tThời hạn"),
        "{l:#?}"
    );
    assert!(
        l.contains(&"2\tBố trí công chức chuyên trách\tSở Nội vụ\tQuý I/2026")
            || l.contains(&"2\tBố trí công chức chuyên trách\tSở Nội vụ\tQuý 1/2026"),
        "{l:#?}"
    );
    assert!(
        doc.text.ends_with("\n\u{c}"),
        "a page ends with a form feed"
    );
    assert!(unicode_normalization::is_nfc(&doc.text), "the text is NFC");
}

#[test]
fn ocr_stops_when_cancelled_at_its_page_limit_and_time_limit() {
    if !ocr_installed("ocr_stops_when_cancelled_at_its_page_limit_and_time_limit") {
        return;
    }
    let bytes = std::fs::read(data("scanned_directive.pdf")).unwrap_or_default();
    // Cancelled by the caller as soon as OCR starts: no page is read.
    let stop = AtomicBool::new(false);
    let progress = |_: Progress| stop.store(true, Ordering::Relaxed);
    let opts = ReadOptions {
        progress: Some(&progress),
        cancel: Some(&stop),
        ..ReadOptions::default()
    };
    let e = read_bytes_with(&bytes, None, &opts).err();
    assert!(matches!(e, Some(ReadError::Cancelled)), "{e:?}");
    let limited = ReadOptions {
        ocr_max_pages: 0,
        ..ReadOptions::default()
    };
    let e = read_bytes_with(&bytes, None, &limited).err();
    assert!(
        matches!(e, Some(ReadError::TooManyPages { pages: 1, limit: 0 })),
        "{e:?}"
    );
    let hurried = ReadOptions {
        ocr_page_timeout: Duration::from_millis(1),
        ..ReadOptions::default()
    };
    let e = read_bytes_with(&bytes, None, &hurried).err();
    assert!(
        matches!(e, Some(ReadError::OcrTimeout { page: 1, .. })),
        "{e:?}"
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
    assert!(e.contains("giới hạn 50 MB"), "{e}");
    assert!(matches!(read_bytes(b"", None), Err(ReadError::Empty)));
    let e = read_path(Path::new("/no/such/file.docx"))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("/no/such/file.docx"), "{e}");
    let e = read_bytes(b"Giao So Tai chinh chu tri", Some("hong.docx"))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        e.starts_with("tệp .docx nhưng nội dung không phải định dạng .docx"),
        "{e}"
    );
}

#[test]
fn a_text_file_of_zero_bytes_or_control_characters_is_not_text() {
    for bytes in [
        vec![0u8; 4096],
        (0u8..32).cycle().take(5000).collect::<Vec<u8>>(),
        b"Giao S\x01\x02\x03\x04 T\x05\x06i ch\x07\x08nh".to_vec(),
    ] {
        let e = read_bytes(&bytes, Some("a.txt")).err();
        assert!(matches!(e, Some(ReadError::NotText)), "{e:?}");
    }
    // One stray control character in real text is dropped, not fatal.
    let doc = read_bytes("Giao Sở Tài chính chủ trì\u{7} thực hiện.".as_bytes(), None)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc.text, "Giao Sở Tài chính chủ trì thực hiện.");
}

#[test]
fn utf16_without_a_byte_order_mark_is_recognised() {
    let text = "Giao Sở Khoa học và Công nghệ chủ trì, hoàn thành trước ngày 30/6/2026.";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    for (bytes, enc) in [(le, Encoding::Utf16Le), (be, Encoding::Utf16Be)] {
        let doc = read_bytes(&bytes, None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(doc.encoding, enc);
        assert_eq!(doc.text, text);
    }
}

#[test]
fn text_past_the_limit_is_refused_in_every_format() {
    let limit = ReadOptions {
        max_text_bytes: 1000,
        ..ReadOptions::default()
    };
    let long = "Giao Sở Tài chính chủ trì thực hiện.\n".repeat(100);
    let e = read_bytes_with(long.as_bytes(), None, &limit).err();
    assert!(
        matches!(e, Some(ReadError::TextTooLong { limit: 1000 })),
        "{e:?}"
    );
    let e = e.map(|e| e.to_string()).unwrap_or_default();
    assert!(e.starts_with("văn bản dài hơn giới hạn"), "{e}");
    // The default is 2 MB.
    let e = read_bytes(&vec![b'a'; 5 * 1024 * 1024], None)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("2 MB chữ"), "{e}");
    let e = read_path_with(
        &data("directive.docx"),
        &ReadOptions {
            max_text_bytes: 200,
            ..ReadOptions::default()
        },
    )
    .err();
    assert!(matches!(e, Some(ReadError::TextTooLong { .. })), "{e:?}");
    let e = read_path_with(
        &data("directive.pdf"),
        &ReadOptions {
            max_text_bytes: 100,
            ..ReadOptions::default()
        },
    )
    .err();
    assert!(matches!(e, Some(ReadError::TextTooLong { .. })), "{e:?}");
}

/// A .docx whose word/document.xml unpacks to `mb` megabytes of `unit`
/// repeated, written through a streaming zip writer (a few hundred KB).
fn docx_bomb(unit: &str, mb: usize) -> Vec<u8> {
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let _ = z.start_file("word/document.xml", options);
    let _ = z.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
    );
    let chunk = unit.repeat(((1 << 20) / unit.len()).max(1));
    let mut written = 0;
    while written < (mb << 20).max(1) {
        let _ = z.write_all(chunk.as_bytes());
        written += chunk.len();
    }
    let _ = z.write_all(b"</w:body></w:document>");
    z.finish().map(|c| c.into_inner()).unwrap_or_default()
}

/// The same bomb, its headers claiming it unpacks to 1 KB: a crafted file
/// lies, and the reader must not trust the claim.
fn lying(mut zip: Vec<u8>) -> Vec<u8> {
    let claim = 1024u32.to_le_bytes();
    // The local header (uncompressed size at 22) and the central one (at 24).
    if zip.starts_with(b"PK\x03\x04") {
        zip.splice(22..26, claim);
    }
    if let Some(at) = zip.windows(4).rposition(|w| w == b"PK\x01\x02") {
        zip.splice(at + 24..at + 28, claim);
    }
    zip
}

/// Peak resident memory of this process, from /proc (Linux), in MB.
fn peak_rss_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

/// Run in a child process by `a_docx_bomb_is_refused_with_bounded_memory`,
/// so that its peak memory is its own: reads crafted .docx files and prints
/// what each gave and the peak.
#[test]
fn docx_bomb_child() {
    if std::env::var_os("DONDOC_BOMB_CHILD").is_none() {
        return;
    }
    let text = "<w:p><w:r><w:t>Giao Sở Tài chính chủ trì</w:t></w:r></w:p>";
    let markup = "<w:bookmarkStart w:id=\"0\" w:name=\"a\"/><w:bookmarkEnd w:id=\"0\"/>";
    let bombs = [
        // 200 MB, honest headers: refused before unpacking.
        docx_bomb(text, 200),
        // 200 MB, headers claiming 1 KB: stopped once past the claim.
        lying(docx_bomb(text, 200)),
        // 60 MB of text, under the unpacked cap: the text cap stops it.
        docx_bomb(text, 60),
        // 63 MB of markup and no text: read through, as a stream.
        docx_bomb(markup, 63),
    ];
    for bomb in &bombs {
        let r = read_bytes(bomb, None).map(|d| d.text.len());
        println!("packed {} KB: {r:?}", bomb.len() / 1024);
    }
    println!("peak {}", peak_rss_mb().unwrap_or(u64::MAX));
}

#[test]
fn a_docx_bomb_is_refused_with_bounded_memory() {
    let out = std::process::Command::new(std::env::current_exe().unwrap_or_default())
        .args([
            "--exact",
            "docx_bomb_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("DONDOC_BOMB_CHILD", "1")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}");
    let results: Vec<&str> = said.lines().filter(|l| l.contains("packed ")).collect();
    assert_eq!(results.len(), 4, "{said}");
    assert!(results[0].contains("Err(DocxTooLarge"), "{said}");
    assert!(results[1].contains("Err(DocxTooLarge"), "{said}");
    assert!(results[2].contains("Err(TextTooLong"), "{said}");
    assert!(results[3].contains("Ok(0)"), "{said}");
    let peak: u64 = said
        .lines()
        .find_map(|l| l.strip_prefix("peak "))
        .and_then(|p| p.parse().ok())
        .unwrap_or(u64::MAX);
    // The test binary itself takes a few MB; unpacking a part whole would
    // take 60 to 200 MB, its text as much again.
    assert!(peak < 40, "peak memory {peak} MB\n{said}");
    let e = read_bytes(&docx_bomb("<w:p/>", 70), None)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.starts_with("tệp .docx giải nén vượt quá giới hạn"), "{e}");
}

#[test]
fn one_huge_xml_tag_or_text_run_is_refused_not_buffered() {
    for inner in [
        format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", "a".repeat(5 << 20)),
        format!("<w:p w:rsidR=\"{}\"/>", "a".repeat(5 << 20)),
    ] {
        let e = read_bytes(&docx_bomb(&inner, 0), None)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("một thẻ XML dài hơn 4 MB"), "{e}");
    }
}

#[test]
fn a_huge_list_level_or_start_number_is_harmless() {
    let options = zip::write::SimpleFileOptions::default();
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let _ = z.start_file("word/numbering.xml", options);
    let _ = z.write_all(br#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="4000000000"><w:start w:val="4294967295"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/></w:lvl><w:lvl w:ilvl="0"><w:start w:val="4294967295"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#);
    let _ = z.start_file("word/document.xml", options);
    let _ = z.write_all(r#"<w:document xmlns:w="w"><w:body><w:p><w:pPr><w:numPr><w:ilvl w:val="4000000000"/><w:numId w:val="7"/></w:numPr></w:pPr><w:r><w:t>Giao</w:t></w:r></w:p><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr></w:pPr><w:r><w:t>Sở</w:t></w:r></w:p><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr></w:pPr><w:r><w:t>Tài chính</w:t></w:r></w:p></w:body></w:document>"#.as_bytes());
    let bytes = z.finish().map(|c| c.into_inner()).unwrap_or_default();
    let doc = read_bytes(&bytes, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        doc.text,
        "4294967295. Giao\n4294967295. Sở\n4294967295. Tài chính"
    );
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

#[test]
fn word_layout_tables_become_lines_and_data_tables_stay_rows() {
    let doc = read_path(&data("layout.docx")).unwrap_or_else(|e| panic!("{e}"));
    let l = lines(&doc.text);
    let start: Vec<&str> = l.iter().take(8).copied().collect();
    // The letterhead: row by row, the left cell then the right, a line each.
    assert_eq!(
        start,
        vec![
            "**ỦY BAN NHÂN DÂN**",
            "**TỈNH KHÁNH HÒA**",
            "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**",
            "**Độc lập - Tự do - Hạnh phúc**",
            "Số: 15/UBND-KGVX",
            "V/v triển khai Kế hoạch chuyển đổi số năm 2026",
            "Khánh Hòa, ngày 12 tháng 01 năm 2026",
            "Kính gửi: Các sở, ban, ngành; UBND cấp xã.",
        ]
    );
    // A borderless side-by-side table in the body: lines too.
    assert!(
        l.contains(&"Đầu mối Sở Khoa học và Công nghệ: 0258.3822.000"),
        "{l:#?}"
    );
    assert!(
        l.contains(&"Đầu mối Văn phòng UBND tỉnh: 0258.3822.111"),
        "{l:#?}"
    );
    // The appendix: a data table, rows of tab-separated cells.
    assert!(
        l.contains(&"STT\tNội dung\tCơ quan chủ trì\tThời gian"),
        "{l:#?}"
    );
    assert!(
        l.contains(&"2\tSố hóa hồ sơ tiếp nhận\tUBND cấp xã\tNăm 2026"),
        "{l:#?}"
    );
    // The signature block: recipients, then the signer.
    let at = l.iter().position(|x| *x == "Nơi nhận:").unwrap_or(l.len());
    let block: Vec<&str> = l.iter().skip(at).take(8).copied().collect();
    assert_eq!(
        block,
        vec![
            "Nơi nhận:",
            "- Như trên;",
            "- Chủ tịch UBND tỉnh (báo cáo);",
            "- Lưu: VT, KGVX.",
            "**KT. CHỦ TỊCH**",
            "**PHÓ CHỦ TỊCH**",
            "**Nguyễn Thanh Hà**",
            "Phụ lục",
        ]
    );
    assert!(
        !doc.text.contains("Số: 15/UBND-KGVX\t"),
        "no tabs in the letterhead"
    );
}

#[test]
fn the_extractor_finds_number_date_and_signer_in_word_layout_tables() {
    let doc = read_path(&data("layout.docx")).unwrap_or_else(|e| panic!("{e}"));
    let x = dondoc_extract::extract(&doc.text, &dondoc_extract::Registry::khanh_hoa());
    assert_eq!(
        x.document.number.as_deref(),
        Some("15/UBND-KGVX"),
        "{:#?}",
        x.document
    );
    assert_eq!(
        x.document.issued_on.map(|d| d.to_string()).as_deref(),
        Some("2026-01-12"),
        "{:#?}",
        x.document
    );
    assert_eq!(
        x.document.signer.as_deref(),
        Some("Nguyễn Thanh Hà"),
        "{:#?}",
        x.document
    );
    assert!(
        x.tasks
            .iter()
            .any(|t| t.text.contains("Kho dữ liệu dùng chung")),
        "{:#?}",
        x.tasks
    );
}

#[test]
fn a_pdf_whose_text_layer_is_in_a_legacy_font_is_not_taken_as_text() {
    let off = ReadOptions {
        ocr: false,
        ..ReadOptions::default()
    };
    let e = read_path_with(&data("legacy_font.pdf"), &off).err();
    assert!(
        matches!(e, Some(ReadError::LegacyEncoding("TCVN3 (ABC)"))),
        "{e:?}"
    );
    // With OCR the page image is read instead, and the reader says why.
    if ocr_installed("a_pdf_whose_text_layer_is_in_a_legacy_font_is_not_taken_as_text") {
        let doc = read_path(&data("legacy_font.pdf")).unwrap_or_else(|e| panic!("{e}"));
        assert!(doc.ocr);
        assert!(
            doc.notes.iter().any(|n| n.contains("bảng mã cũ TCVN3")),
            "{:?}",
            doc.notes
        );
    }
}

#[test]
fn a_pdf_with_a_password_is_refused_by_name() {
    let e = read_path(&data("password.pdf"))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("PDF có mật khẩu"), "{e}");
}

/// A .docx from a bare document.xml body.
fn docx_of(body: &str) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let _ = z.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    );
    let xml = format!(
        r#"<w:document xmlns:w="w" xmlns:mc="mc" xmlns:wps="wps" xmlns:v="v"><w:body>{body}</w:body></w:document>"#
    );
    let _ = z.write_all(xml.as_bytes());
    z.finish().map(|c| c.into_inner()).unwrap_or_default()
}

#[test]
fn a_text_box_is_read_once_before_its_paragraph() {
    // Word writes a text box twice: as DrawingML (mc:Choice) and as VML (mc:Fallback).
    let box_text =
        "<w:txbxContent><w:p><w:r><w:t>Số: 12/UBND-KGVX</w:t></w:r></w:p></w:txbxContent>";
    let body = format!(
        "<w:p><w:r><mc:AlternateContent><mc:Choice><w:drawing><wps:txbx>{box_text}</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>{box_text}</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>Khánh Hòa, ngày 05 tháng 01 năm 2026</w:t></w:r></w:p>"
    );
    let doc = read_bytes(&docx_of(&body), None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        doc.text,
        "Số: 12/UBND-KGVX\nKhánh Hòa, ngày 05 tháng 01 năm 2026"
    );
}

#[test]
fn deeply_nested_tables_are_refused_not_followed() {
    let body = "<w:tbl><w:tr><w:tc>".repeat(100) + "<w:p><w:r><w:t>x</w:t></w:r></w:p>";
    let e = read_bytes(&docx_of(&body), None).err();
    assert!(matches!(e, Some(ReadError::BadDocx(_))), "{e:?}");
}

#[test]
fn a_photo_or_scan_of_a_page_as_an_image_is_read_by_ocr() {
    if !ocr_installed("a_photo_or_scan_of_a_page_as_an_image_is_read_by_ocr") {
        return;
    }
    let dir = std::env::temp_dir().join(format!("dondoc-read-image-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let prefix = dir.join("page");
    let made = std::process::Command::new("pdftoppm")
        .args(["-r", "200", "-gray", "-png", "-singlefile"])
        .arg(data("scanned_directive.pdf"))
        .arg(&prefix)
        .status()
        .is_ok_and(|s| s.success());
    assert!(made, "pdftoppm made the PNG");
    let doc = read_path(&prefix.with_extension("png"));
    let _ = std::fs::remove_dir_all(&dir);
    let doc = doc.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc.format, Format::Image);
    assert!(doc.ocr && doc.notes.iter().any(|n| n == OCR_NOTE));
    assert!(
        doc.text.contains("Khánh Hòa, ngày 09 tháng 02 năm 2026"),
        "{}",
        doc.text
    );
    let off = ReadOptions {
        ocr: false,
        ..ReadOptions::default()
    };
    let png = b"\x89PNG\r\n\x1a\n not really";
    assert!(matches!(
        read_bytes_with(png, None, &off),
        Err(ReadError::ImageNeedsOcr)
    ));
}
