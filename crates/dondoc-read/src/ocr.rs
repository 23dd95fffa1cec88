//! Scanned pages through Debian's `tesseract` (packages tesseract-ocr and
//! tesseract-ocr-vie), one page at a time: poppler's `pdftoppm` renders the
//! page to a grey image, tesseract reads it and reports every word with its
//! box (TSV), the image shows where a table's rules are (`grid`), and
//! `layout` gives the text back its shape.

use crate::layout::{Line, Page, Word};
use crate::process::{Run, RunError, TempDir};
use crate::{Progress, ReadError, ReadOptions};
use std::ffi::OsStr;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// The language tesseract reads (its data is Debian's tesseract-ocr-vie).
const LANGUAGE: &str = "vie";
/// Resolution pages are rendered at: what tesseract reads best.
const DPI: u32 = 300;
/// Longest side of a rendered page, in pixels, whatever size the PDF claims
/// (an A4 page at 300 dpi is 3508).
const MAX_SIDE_PX: f64 = 4200.0;
/// Words tesseract prints for a page are at most this many bytes of TSV.
const MAX_TSV_BYTES: u64 = 16 * 1024 * 1024;

/// Whether OCR can run here; else the missing Debian package, by name.
pub fn check_installed() -> Result<(), ReadError> {
    if !crate::process::installed("tesseract") {
        return Err(ReadError::OcrMissing("tesseract-ocr"));
    }
    let run = Run {
        timeout: Duration::from_secs(20),
        max_output: 64 * 1024,
        cancel: None,
    };
    let langs = run
        .output("tesseract", &[OsStr::new("--list-langs")])
        .map_err(|e| ReadError::OcrFailed(describe(e, "tesseract --list-langs")))?;
    let langs = String::from_utf8_lossy(&langs);
    if !langs.lines().any(|l| l.trim() == LANGUAGE) {
        return Err(ReadError::OcrMissing("tesseract-ocr-vie"));
    }
    Ok(())
}

fn describe(e: RunError, what: &str) -> String {
    match e {
        RunError::Missing => format!("{what}: chương trình chưa được cài"),
        RunError::Spawn(e) | RunError::Io(e) => format!("{what}: {e}"),
        RunError::Timeout => format!("{what}: quá thời gian cho phép"),
        RunError::Cancelled => format!("{what}: đã hủy"),
        RunError::TooMuchOutput => format!("{what}: kết quả quá lớn"),
        RunError::Failed(s) => format!("{what}: {s}"),
    }
}

/// Maps a run's failure on page `page` to the reader's error.
fn page_error(e: RunError, page: usize, opts: &ReadOptions, what: &str) -> ReadError {
    match e {
        RunError::Cancelled => ReadError::Cancelled,
        RunError::Timeout => ReadError::OcrTimeout {
            page,
            seconds: opts.ocr_page_timeout.as_secs(),
        },
        RunError::Missing if what == "tesseract" => ReadError::OcrMissing("tesseract-ocr"),
        RunError::Missing => ReadError::PdfTool(format!("{what}: chương trình chưa được cài")),
        e => ReadError::OcrFailed(format!("trang {page}: {}", describe(e, what))),
    }
}

/// Page sizes in points, from `pdfinfo`, for the pages asked.
fn page_sizes(pdf: &Path, first: usize, last: usize, opts: &ReadOptions) -> Vec<Option<f64>> {
    let run = Run {
        timeout: Duration::from_secs(30),
        max_output: 4 * 1024 * 1024,
        cancel: opts.cancel,
    };
    let (f, l) = (first.to_string(), last.to_string());
    let out = run
        .output(
            "pdfinfo",
            &[
                OsStr::new("-f"),
                OsStr::new(&f),
                OsStr::new("-l"),
                OsStr::new(&l),
                pdf.as_os_str(),
            ],
        )
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&out);
    let mut sizes = vec![None; last.saturating_sub(first) + 1];
    // "Page    1 size: 595.276 x 841.89 pts (A4)"
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("Page") else {
            continue;
        };
        let Some((n, size)) = rest.split_once("size:") else {
            continue;
        };
        let Ok(n) = n.trim().parse::<usize>() else {
            continue;
        };
        let mut dims = size
            .split_whitespace()
            .filter_map(|t| t.parse::<f64>().ok())
            .take(2);
        let (Some(w), Some(h)) = (dims.next(), dims.next()) else {
            continue;
        };
        if let Some(slot) = n.checked_sub(first).and_then(|i| sizes.get_mut(i)) {
            *slot = Some(w.max(h));
        }
    }
    sizes
}

/// Reads the pages `pages` (1-based) of the PDF at `pdf` by OCR, reporting
/// progress after each; the result has one entry per page asked.
pub fn pdf_pages(
    pdf: &Path,
    pages: &[usize],
    dir: &TempDir,
    opts: &ReadOptions,
) -> Result<Vec<Page>, ReadError> {
    check_installed()?;
    if pages.len() > opts.ocr_max_pages {
        return Err(ReadError::TooManyPages {
            pages: pages.len(),
            limit: opts.ocr_max_pages,
        });
    }
    let first = pages.iter().copied().min().unwrap_or(1);
    let last = pages.iter().copied().max().unwrap_or(1);
    let sizes = page_sizes(pdf, first, last, opts);
    let total = pages.len();
    report(opts, 0, total);
    let mut out = Vec::with_capacity(total);
    for (k, &page) in pages.iter().enumerate() {
        if opts.cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
            return Err(ReadError::Cancelled);
        }
        let deadline = Instant::now() + opts.ocr_page_timeout;
        // A page claiming to be huge is rendered smaller, never past MAX_SIDE_PX.
        let side = page
            .checked_sub(first)
            .and_then(|i| sizes.get(i))
            .copied()
            .flatten();
        let dpi = side
            .filter(|&pts| pts > 0.0)
            .map(|pts| (MAX_SIDE_PX * 72.0 / pts).clamp(1.0, f64::from(DPI)) as u32);
        let image = render(pdf, page, dpi, dir, deadline, opts)?;
        let dpi = dpi.unwrap_or(DPI);
        let result = recognise(&image, dpi, deadline, opts)
            .map_err(|e| page_error(e, page, opts, "tesseract"));
        let grids = std::fs::read(&image)
            .ok()
            .and_then(|b| crate::grid::Gray::from_pgm(&b))
            .map(|g| crate::grid::find(&g, dpi))
            .unwrap_or_default();
        let _ = std::fs::remove_file(&image);
        let mut p = result?;
        // Everything in pixels at 300 dpi, whatever the page was rendered at.
        p.scale(f64::from(DPI) / f64::from(dpi.max(1)));
        p.grids = grids;
        out.push(p);
        report(opts, k + 1, total);
    }
    Ok(out)
}

/// Reads an image file (PNG, JPEG, TIFF) by OCR: one page, or one per frame
/// of a multi-page TIFF.
pub fn image(path: &Path, opts: &ReadOptions) -> Result<Vec<Page>, ReadError> {
    check_installed()?;
    report(opts, 0, 1);
    let deadline = Instant::now() + opts.ocr_page_timeout;
    let pages = recognise_pages(path, None, deadline, opts)
        .map_err(|e| page_error(e, 1, opts, "tesseract"))?;
    report(opts, 1, 1);
    Ok(pages)
}

fn report(opts: &ReadOptions, done: usize, total: usize) {
    if let Some(f) = opts.progress {
        f(Progress { done, total });
    }
}

fn remaining(deadline: Instant) -> Duration {
    deadline.saturating_duration_since(Instant::now())
}

/// Renders one page to a grey PGM image and returns its path: at `dpi`,
/// or, when the page's size is unknown, to A4 at 300 dpi's longest side.
fn render(
    pdf: &Path,
    page: usize,
    dpi: Option<u32>,
    dir: &TempDir,
    deadline: Instant,
    opts: &ReadOptions,
) -> Result<std::path::PathBuf, ReadError> {
    let prefix = dir.path().join(format!("page-{page}"));
    let p = page.to_string();
    let (size_flag, size) = match dpi {
        Some(d) => ("-r", d.to_string()),
        None => ("-scale-to", "3508".to_owned()),
    };
    let run = Run {
        timeout: remaining(deadline),
        max_output: 64 * 1024,
        cancel: opts.cancel,
    };
    run.output(
        "pdftoppm",
        &[
            OsStr::new("-f"),
            OsStr::new(&p),
            OsStr::new("-l"),
            OsStr::new(&p),
            OsStr::new(size_flag),
            OsStr::new(&size),
            OsStr::new("-gray"),
            OsStr::new("-singlefile"),
            pdf.as_os_str(),
            prefix.as_os_str(),
        ],
    )
    .map_err(|e| page_error(e, page, opts, "pdftoppm"))?;
    let image = prefix.with_extension("pgm");
    if !image.is_file() {
        return Err(ReadError::OcrFailed(format!(
            "trang {page}: pdftoppm không tạo được ảnh"
        )));
    }
    Ok(image)
}

fn recognise(
    image: &Path,
    dpi: u32,
    deadline: Instant,
    opts: &ReadOptions,
) -> Result<Page, RunError> {
    let mut pages = recognise_pages(image, Some(dpi), deadline, opts)?;
    Ok(if pages.is_empty() {
        Page::default()
    } else {
        pages.swap_remove(0)
    })
}

/// Runs tesseract on an image and reads its TSV report.
fn recognise_pages(
    image: &Path,
    dpi: Option<u32>,
    deadline: Instant,
    opts: &ReadOptions,
) -> Result<Vec<Page>, RunError> {
    let run = Run {
        timeout: remaining(deadline),
        max_output: MAX_TSV_BYTES,
        cancel: opts.cancel,
    };
    let dpi = dpi.map(|d| d.to_string());
    let mut args: Vec<&OsStr> = vec![
        image.as_os_str(),
        OsStr::new("stdout"),
        OsStr::new("-l"),
        OsStr::new(LANGUAGE),
        OsStr::new("--psm"),
        OsStr::new("3"),
    ];
    if let Some(d) = dpi.as_deref() {
        args.push(OsStr::new("--dpi"));
        args.push(OsStr::new(d));
    }
    args.push(OsStr::new("tsv"));
    let tsv = run.output("tesseract", &args)?;
    Ok(parse_tsv(&String::from_utf8_lossy(&tsv)))
}

/// Tesseract's TSV: `level page block par line word left top width height conf text`.
pub fn parse_tsv(tsv: &str) -> Vec<Page> {
    let mut pages: Vec<Page> = Vec::new();
    let mut key: Option<(u32, u32, u32, u32)> = None;
    for row in tsv.lines().skip(1) {
        let cols: Vec<&str> = row.splitn(12, '\t').collect();
        let num = |i: usize| cols.get(i).and_then(|v| v.trim().parse::<i64>().ok());
        let (Some(level), Some(page), Some(block), Some(par), Some(line)) =
            (num(0), num(1), num(2), num(3), num(4))
        else {
            continue;
        };
        let (Some(left), Some(top), Some(width), Some(height)) = (num(6), num(7), num(8), num(9))
        else {
            continue;
        };
        let clamp = |v: i64| v.clamp(0, 1 << 20) as i32;
        let (left, top) = (clamp(left), clamp(top));
        let (right, bottom) = (clamp(left as i64 + width), clamp(top as i64 + height));
        let page = page.clamp(1, 1000) as usize;
        while pages.len() < page {
            pages.push(Page::default());
        }
        let Some(p) = pages.get_mut(page - 1) else {
            continue;
        };
        match level {
            1 => p.width = right,
            5 => {
                let text = cols.get(11).map_or("", |t| t.trim());
                // A table's ruling read as a letter is no word.
                if text.is_empty()
                    || text
                        .chars()
                        .all(|c| matches!(c, '|' | '¦' | '!' | '[' | ']'))
                {
                    continue;
                }
                let k = (block as u32, par as u32, line as u32, page as u32);
                let word = Word {
                    left,
                    top,
                    right,
                    bottom,
                    text: text.to_owned(),
                };
                match p.lines.last_mut() {
                    Some(l) if key == Some(k) => {
                        l.left = l.left.min(left);
                        l.top = l.top.min(top);
                        l.right = l.right.max(right);
                        l.bottom = l.bottom.max(bottom);
                        l.words.push(word);
                    }
                    _ => {
                        p.lines.push(Line {
                            left,
                            top,
                            right,
                            bottom,
                            words: vec![word],
                        });
                        key = Some(k);
                    }
                }
            }
            _ => {}
        }
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_rows_become_lines_of_words() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
            1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t\n\
            5\t1\t1\t1\t1\t1\t100\t100\t50\t40\t95\tSố\n\
            5\t1\t1\t1\t1\t2\t160\t100\t200\t40\t90\t08-TB/BCĐ\n\
            5\t1\t1\t1\t1\t3\t380\t100\t10\t40\t30\t|\n\
            5\t1\t2\t1\t1\t1\t1200\t100\t300\t40\t95\tĐẢNG\n\
            garbage\n";
        let pages = parse_tsv(tsv);
        assert_eq!(pages.len(), 1);
        let p = &pages[0];
        assert_eq!(p.width, 2480);
        assert_eq!(p.lines.len(), 2);
        assert_eq!(p.lines[0].text(), "Số 08-TB/BCĐ");
        assert_eq!(p.lines[0].right, 360);
        assert_eq!(p.lines[1].text(), "ĐẢNG");
        // Junk, huge numbers and short rows are skipped, not fatal.
        let junk = "h\n5\t99999999999\t1\t1\t1\t1\t-5\t-5\t99999999999\t1\t1\tx\n5\t1\n\t\t\n5\t0\t1\t1\t1\t1\t1\t1\t1\t1\t1\ty\n";
        let pages = parse_tsv(junk);
        assert!(pages.len() <= 1000);
    }
}
