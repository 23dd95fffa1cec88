//! PDF through Debian's poppler (poppler-utils), which reads Vietnamese
//! cleanly where the pure-Rust extractors split syllables. `pdftotext
//! -bbox-layout` gives every word with its box; `pdftoppm` renders the pages
//! small to find the rules of tables; `layout` gives the text its shape.
//! Pages without a text layer (scans) are read by OCR, page by page (`ocr`).

use crate::layout::{self, Line, Page, Word};
use crate::process::{Run, RunError, TempDir};
use crate::{OCR_NOTE, ReadError, ReadOptions, ocr};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::ffi::OsStr;
use std::path::Path;
use std::time::Duration;

/// Longest pdftotext may take over a whole PDF.
const TIMEOUT: Duration = Duration::from_secs(60);
/// A page with fewer letters than this in its text layer is a scan (a
/// scanner may stamp a few words of its own on an image page).
const MIN_LETTERS: usize = 20;
/// Resolution pages are rendered at to find table rules in a text PDF.
const GRID_DPI: u32 = 100;
/// Pages of a text PDF searched for tables.
const MAX_GRID_PAGES: usize = 200;
/// PDF points to pixels at 300 dpi, the unit `layout` works in.
const POINTS: f64 = 300.0 / 72.0;

/// A PDF read into text.
pub struct PdfText {
    pub text: String,
    pub pages: usize,
    pub notes: Vec<String>,
    pub ocr: bool,
}

fn letters(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphabetic()).count()
}

fn temp_dir() -> Result<TempDir, ReadError> {
    TempDir::new().map_err(|e| ReadError::PdfFailed(format!("thư mục tạm: {e}")))
}

/// "1, 2, 5–9": page numbers for a note.
fn page_list(pages: &[usize]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut k = 0;
    while let Some(&start) = pages.get(k) {
        let mut end = start;
        while pages.get(k + 1) == Some(&(end + 1)) {
            end += 1;
            k += 1;
        }
        out.push(if end > start + 1 {
            format!("{start}–{end}")
        } else if end == start + 1 {
            format!("{start}, {end}")
        } else {
            start.to_string()
        });
        k += 1;
    }
    out.join(", ")
}

pub fn read(bytes: &[u8], opts: &ReadOptions) -> Result<PdfText, ReadError> {
    let dir = temp_dir()?;
    let path = dir.path().join("input.pdf");
    std::fs::write(&path, bytes).map_err(|e| ReadError::PdfFailed(format!("tệp tạm: {e}")))?;
    let Some(mut pages) = text_layer(&path, opts)? else {
        // Too many boxes for the text (one word per glyph): plain text.
        return plain(&path, opts);
    };
    if pages.is_empty() {
        pages.push(Page::default());
    }
    let mut notes = Vec::new();
    // A text layer in a legacy font encoding is no text: read the pages' images.
    let words: String = pages
        .iter()
        .flat_map(|p| &p.lines)
        .flat_map(|l| &l.words)
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let legacy = crate::encoding::legacy_text(&words);
    if let Some(kind) = legacy {
        if !opts.ocr || ocr::check_installed().is_err() {
            return Err(ReadError::LegacyEncoding(kind));
        }
        notes.push(format!(
            "lớp văn bản của PDF dùng bảng mã cũ {kind} nên đã nhận dạng lại chữ từ ảnh trang"
        ));
    }
    let scanned: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| legacy.is_some() || p.letters() < MIN_LETTERS)
        .map(|(i, _)| i + 1)
        .collect();
    let all_scanned = scanned.len() == pages.len();
    let mut recognised: Vec<(usize, Vec<String>)> = Vec::new();
    if !scanned.is_empty() {
        let ready = if opts.ocr {
            ocr::check_installed()
        } else {
            Err(ReadError::ScannedPdf)
        };
        match ready {
            Err(e) if all_scanned => return Err(e),
            Err(e) => notes.push(format!(
                "trang {} không có lớp văn bản (ảnh quét?) nên chưa đọc được: {e}",
                page_list(&scanned)
            )),
            Ok(()) => {
                let read = ocr::pdf_pages(&path, &scanned, &dir, opts)?;
                let refs: Vec<&Page> = read.iter().collect();
                let margins = layout::document_margins(&refs);
                let mut size = 0usize;
                for (&page, p) in scanned.iter().zip(&read) {
                    let lines = layout::page_text(p, margins);
                    size += lines.iter().map(|l| l.len() + 1).sum::<usize>();
                    if size > opts.max_text_bytes {
                        return Err(ReadError::TextTooLong {
                            limit: opts.max_text_bytes,
                        });
                    }
                    recognised.push((page, lines));
                }
            }
        }
    }
    let found: usize = recognised
        .iter()
        .flat_map(|(_, l)| l)
        .map(|l| letters(l))
        .sum();
    if all_scanned && found < MIN_LETTERS {
        return Err(ReadError::OcrNoText { pages: pages.len() });
    }
    let ocr = found >= MIN_LETTERS;
    if ocr {
        notes.insert(0, OCR_NOTE.to_owned());
        if !all_scanned {
            let list: Vec<usize> = recognised.iter().map(|r| r.0).collect();
            notes.insert(
                1,
                format!("các trang nhận dạng từ ảnh: {}", page_list(&list)),
            );
        }
    }
    // Tables of the pages with text, from their rules.
    if !all_scanned {
        grids(&path, &mut pages, &scanned, &dir, opts);
    }
    let text_pages: Vec<&Page> = pages
        .iter()
        .enumerate()
        .filter(|(i, _)| scanned.binary_search(&(i + 1)).is_err())
        .map(|(_, p)| p)
        .collect();
    let margins = layout::document_margins(&text_pages);
    let mut recognised = recognised.into_iter().peekable();
    let texts: Vec<String> = pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let text = match recognised.next_if(|r| r.0 == i + 1) {
                Some((_, lines)) => lines.join("\n"),
                None => layout::page_text(page, margins).join("\n"),
            };
            if text.is_empty() {
                "\u{c}".to_owned()
            } else {
                format!("{text}\n\u{c}")
            }
        })
        .collect();
    Ok(PdfText {
        text: texts.join("\n"),
        pages: pages.len(),
        notes,
        ocr,
    })
}

/// Renders the text pages small and finds the rules of their tables. A
/// failure here costs only the tables' shape: the words are all read.
fn grids(path: &Path, pages: &mut [Page], scanned: &[usize], dir: &TempDir, opts: &ReadOptions) {
    let last = pages.len().min(MAX_GRID_PAGES);
    if last == 0 {
        return;
    }
    let prefix = dir.path().join("grid");
    let (l, r) = (last.to_string(), GRID_DPI.to_string());
    let run = Run {
        timeout: TIMEOUT,
        max_output: 64 * 1024,
        cancel: opts.cancel,
    };
    let rendered = run.output(
        "pdftoppm",
        &[
            OsStr::new("-l"),
            OsStr::new(&l),
            OsStr::new("-r"),
            OsStr::new(&r),
            OsStr::new("-gray"),
            // Thin rules drawn as whole black pixels, not faint grey.
            OsStr::new("-aaVector"),
            OsStr::new("no"),
            path.as_os_str(),
            prefix.as_os_str(),
        ],
    );
    if rendered.is_err() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir.path()) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.path();
        // "grid-7.pgm", "grid-07.pgm": the page number, padded to the count's digits.
        let n = file
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| s.strip_prefix("grid-"))
            .and_then(|n| n.parse::<usize>().ok());
        if let Some(n) = n
            && scanned.binary_search(&n).is_err()
            && let Some(page) = n.checked_sub(1).and_then(|i| pages.get_mut(i))
            && let Some(img) = std::fs::read(&file)
                .ok()
                .and_then(|b| crate::grid::Gray::from_pgm(&b))
        {
            page.grids = crate::grid::find(&img, GRID_DPI);
        }
        let _ = std::fs::remove_file(&file);
    }
}

/// The pages of the text layer with every word's box, from
/// `pdftotext -bbox-layout`; None when that output passes its cap.
fn text_layer(path: &Path, opts: &ReadOptions) -> Result<Option<Vec<Page>>, ReadError> {
    // The XHTML takes about twenty bytes for each byte of text.
    let cap = (opts.max_text_bytes as u64).saturating_mul(24) + 64 * 1024;
    let out = match run_pdftotext(path, &[OsStr::new("-bbox-layout")], cap, opts) {
        Err(ReadError::TextTooLong { .. }) => return Ok(None),
        r => r?,
    };
    parse_bbox(&out, opts.max_text_bytes).map(Some)
}

/// A PDF's text without boxes, its lines joined by punctuation alone.
fn plain(path: &Path, opts: &ReadOptions) -> Result<PdfText, ReadError> {
    let cap = (opts.max_text_bytes as u64).saturating_mul(2) + 4096;
    let raw = run_pdftotext(path, &[], cap, opts)?;
    let mut pages: Vec<&str> = raw.split('\u{c}').collect();
    if pages.len() > 1 && pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    if letters(&raw) < MIN_LETTERS {
        return Err(ReadError::ScannedPdf);
    }
    let texts: Vec<String> = pages
        .iter()
        .map(|p| {
            let t = reflow(p);
            if t.is_empty() {
                "\u{c}".to_owned()
            } else {
                format!("{t}\n\u{c}")
            }
        })
        .collect();
    Ok(PdfText {
        text: texts.join("\n"),
        pages: pages.len().max(1),
        notes: Vec::new(),
        ocr: false,
    })
}

fn coordinate(e: &BytesStart, key: &str) -> i32 {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| a.value.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite())
        .map_or(0, |v| (v * POINTS).clamp(0.0, 1e7) as i32)
}

/// Reads pdftotext's XHTML: `<page width>` `<line>` `<word xMin yMin xMax yMax>`.
fn parse_bbox(xhtml: &str, max_text: usize) -> Result<Vec<Page>, ReadError> {
    let mut reader = Reader::from_str(xhtml);
    let mut pages: Vec<Page> = Vec::new();
    let mut line: Option<Line> = None;
    let mut word: Option<Word> = None;
    let mut size = 0usize;
    loop {
        let ev = match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(ev) => ev,
            Err(e) => return Err(ReadError::PdfFailed(format!("pdftotext -bbox-layout: {e}"))),
        };
        match ev {
            Event::Start(e) => match e.name().as_ref() {
                "page" => pages.push(Page {
                    width: coordinate(&e, "width"),
                    ..Page::default()
                }),
                "line" => {
                    line = Some(Line {
                        left: coordinate(&e, "xMin"),
                        top: coordinate(&e, "yMin"),
                        right: coordinate(&e, "xMax"),
                        bottom: coordinate(&e, "yMax"),
                        words: Vec::new(),
                    });
                }
                "word" => {
                    word = Some(Word {
                        left: coordinate(&e, "xMin"),
                        top: coordinate(&e, "yMin"),
                        right: coordinate(&e, "xMax"),
                        bottom: coordinate(&e, "yMax"),
                        text: String::new(),
                    });
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some(w) = word.as_mut() {
                    let s = t.xml10_content();
                    size += s.len();
                    w.text.push_str(&s);
                }
            }
            Event::GeneralRef(r) => {
                if let Some(w) = word.as_mut() {
                    size += 1;
                    let name: &str = r.as_ref();
                    let c = match name {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        n => n
                            .strip_prefix("#x")
                            .and_then(|h| u32::from_str_radix(h, 16).ok())
                            .or_else(|| n.strip_prefix('#').and_then(|d| d.parse().ok()))
                            .and_then(char::from_u32),
                    };
                    w.text.extend(c);
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "word" => {
                    if let (Some(w), Some(l)) = (word.take(), line.as_mut())
                        && !w.text.trim().is_empty()
                    {
                        size += 1;
                        l.words.push(w);
                    }
                }
                "line" => {
                    if let (Some(l), Some(p)) = (line.take(), pages.last_mut())
                        && !l.words.is_empty()
                    {
                        p.lines.push(l);
                    }
                }
                _ => {}
            },
            _ => {}
        }
        if size > max_text {
            return Err(ReadError::TextTooLong { limit: max_text });
        }
    }
    Ok(pages)
}

/// Reads a picture of a page (PNG, JPEG, TIFF) by OCR: the text and its pages.
pub fn read_image(
    bytes: &[u8],
    ext: &str,
    opts: &ReadOptions,
) -> Result<(String, usize), ReadError> {
    if !opts.ocr {
        return Err(ReadError::ImageNeedsOcr);
    }
    let dir = temp_dir()?;
    let path = dir.path().join(format!("input.{ext}"));
    std::fs::write(&path, bytes).map_err(|e| ReadError::OcrFailed(format!("tệp tạm: {e}")))?;
    let pages = ocr::image(&path, opts)?;
    let refs: Vec<&Page> = pages.iter().collect();
    let margins = layout::document_margins(&refs);
    let texts: Vec<String> = pages
        .iter()
        .map(|p| layout::page_text(p, margins).join("\n"))
        .collect();
    if letters(&texts.concat()) < MIN_LETTERS {
        return Err(ReadError::OcrNoText {
            pages: pages.len().max(1),
        });
    }
    let n = texts.len().max(1);
    Ok((texts.join("\n\u{c}\n"), n))
}

fn run_pdftotext(
    path: &Path,
    extra: &[&OsStr],
    cap: u64,
    opts: &ReadOptions,
) -> Result<String, ReadError> {
    let run = Run {
        timeout: TIMEOUT,
        max_output: cap,
        cancel: opts.cancel,
    };
    let mut args: Vec<&OsStr> = vec![
        OsStr::new("-enc"),
        OsStr::new("UTF-8"),
        OsStr::new("-eol"),
        OsStr::new("unix"),
    ];
    args.extend(extra);
    args.push(path.as_os_str());
    args.push(OsStr::new("-"));
    let out = run.output("pdftotext", &args).map_err(|e| match e {
        RunError::Missing => ReadError::PdfTool("chương trình chưa được cài".into()),
        RunError::Spawn(e) => ReadError::PdfTool(e.to_string()),
        RunError::Timeout => ReadError::PdfFailed(format!("quá {} giây", TIMEOUT.as_secs())),
        RunError::Cancelled => ReadError::Cancelled,
        RunError::TooMuchOutput => ReadError::TextTooLong {
            limit: opts.max_text_bytes,
        },
        RunError::Failed(s) if s.contains("password") => ReadError::PdfFailed(
            "PDF có mật khẩu: hãy bỏ mật khẩu (mở khóa) rồi tải lên lại".into(),
        ),
        RunError::Failed(s) => ReadError::PdfFailed(s),
        RunError::Io(e) => ReadError::PdfFailed(e.to_string()),
    })?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// pdftotext breaks every visual line; join the lines of one paragraph back,
/// keeping list items and blank lines as boundaries.
fn reflow(raw: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for line in raw.split('\n') {
        let t = line.trim();
        if t.is_empty() {
            open = false;
            continue;
        }
        let starts_item = t.starts_with(['-', '+', '•', '(']) || starts_numbered(t);
        let prev_ends = out
            .last()
            .is_some_and(|p| p.trim_end().ends_with(['.', ':', ';', '!', '?']));
        if open
            && !starts_item
            && !prev_ends
            && let Some(last) = out.last_mut()
        {
            last.push(' ');
            last.push_str(t);
        } else {
            out.push(t.to_owned());
        }
        open = true;
    }
    out.join("\n")
}

fn starts_numbered(t: &str) -> bool {
    let head: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        .collect();
    !head.is_empty()
        && t.get(head.len()..)
            .is_some_and(|r| r.starts_with(['.', ')', '-']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poppler_word_boxes_become_lines() {
        let xhtml = r#"<html><body><doc><page width="595.0" height="842.0"><flow><block>
            <line xMin="72" yMin="100" xMax="200" yMax="112"><word xMin="72" yMin="100" xMax="90" yMax="112">Số:</word><word xMin="94" yMin="100" xMax="200" yMax="112">12/UBND&amp;X</word></line>
            <line xMin="nan" yMin="-1e99" xMax="1e99" yMax="x"><word xMin="nan">K</word><word> </word></line>
            </block></flow></page><page width="595.0"></page></doc></body></html>"#;
        let pages = parse_bbox(xhtml, 1000).unwrap_or_default();
        assert_eq!(pages.len(), 2);
        let l = &pages[0].lines;
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].text(), "Số: 12/UBND&X");
        assert_eq!((l[0].left, l[0].right), (300, 833));
        assert_eq!(pages[0].width, 2479);
        assert!(matches!(
            parse_bbox(xhtml, 5),
            Err(ReadError::TextTooLong { limit: 5 })
        ));
        assert!(parse_bbox("<page><line><word>a</line>", 100).is_err());
    }

    #[test]
    fn page_lists_read_as_ranges() {
        assert_eq!(page_list(&[1, 2, 3, 5, 7, 8]), "1–3, 5, 7, 8");
        assert_eq!(page_list(&[]), "");
    }
}
