//! dondoc-read: a directive file's bytes in, plain text out, in the shape
//! `dondoc-extract` reads: one paragraph per line, a table row as its cells
//! joined by tabs, a page break as a line holding a form feed.
//!
//! It detects the format from the content (the file name is only a hint),
//! converts UTF-16 and Windows-1258 text, reads scanned PDFs and images by
//! OCR (Debian's tesseract), and refuses with a named reason what it cannot
//! read: legacy TCVN3/VNI text, old binary `.doc`, binary files, files over
//! the size limits. Reading is bounded: a `.docx` is parsed as a stream from
//! the zip, never unpacked whole, and every format stops at `max_text_bytes`
//! of text. Error messages are in Vietnamese: the web shows them to users.
//! It knows nothing of extraction, databases or HTTP.
//!
//! The `sheet` module reads the finance department's `.xlsx` workbooks
//! (disbursement plans and actuals, indicator values) into the domain's types.

mod docx;
mod encoding;
mod grid;
mod layout;
mod ocr;
mod pdf;
mod process;
pub mod sheet;

pub use sheet::{
    CellError, DisbursementImport, DisbursementRow, IndicatorImport, IndicatorValueRow, SheetError,
    SheetOptions, read_disbursements, read_indicator_values,
};

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Inputs larger than this are refused before any parsing.
pub const MAX_INPUT_BYTES: usize = 50 * 1024 * 1024;
/// Default cap on the text read from a file: a real directive, appendices
/// included, is under 1 MB of text.
pub const DEFAULT_MAX_TEXT_BYTES: usize = 2 * 1024 * 1024;
/// Default cap on the unpacked size of a `.docx`'s `word/document.xml`.
pub const DEFAULT_MAX_DOCX_XML_BYTES: u64 = 64 * 1024 * 1024;
/// The note a document read by OCR carries, for the review screen.
pub const OCR_NOTE: &str = "văn bản được nhận dạng từ ảnh quét (OCR), cần kiểm tra";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Docx,
    Pdf,
    /// A picture of a page (PNG, JPEG, TIFF), read by OCR.
    Image,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1258,
    Tcvn3,
    Vni,
}

/// A file read into text.
#[derive(Debug, Clone)]
pub struct ReadDocument {
    pub format: Format,
    pub encoding: Encoding,
    pub text: String,
    /// Pages, where the format has them (PDF, page breaks in .docx); else 1.
    pub pages: usize,
    /// What a reviewer should know about the conversion (in Vietnamese).
    pub notes: Vec<String>,
    /// Some or all of the text was recognised from page images (OCR): the
    /// review screen should say so ([`OCR_NOTE`] is among the notes).
    pub ocr: bool,
}

/// How far a long read (OCR) has got: `done` pages of `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// Limits and hooks for one read. `ReadOptions::default()` is what
/// [`read_path`] and [`read_bytes`] use.
#[derive(Clone, Copy)]
pub struct ReadOptions<'a> {
    /// The most text a file may give, in UTF-8 bytes; past it the read stops
    /// with [`ReadError::TextTooLong`].
    pub max_text_bytes: usize,
    /// The most a `.docx`'s XML may unpack to, in bytes.
    pub max_docx_xml_bytes: u64,
    /// Whether to read scanned pages by OCR (when tesseract is installed).
    pub ocr: bool,
    /// The most pages one file may need OCR for; more is refused.
    pub ocr_max_pages: usize,
    /// The longest one page may take to render and recognise.
    pub ocr_page_timeout: Duration,
    /// Called before the first scanned page and after each one.
    pub progress: Option<&'a dyn Fn(Progress)>,
    /// Set it to stop the read (the request went away): checked between
    /// pages and while an external program runs, which is then killed.
    pub cancel: Option<&'a AtomicBool>,
}

impl Default for ReadOptions<'_> {
    fn default() -> Self {
        ReadOptions {
            max_text_bytes: DEFAULT_MAX_TEXT_BYTES,
            max_docx_xml_bytes: DEFAULT_MAX_DOCX_XML_BYTES,
            ocr: true,
            ocr_max_pages: 60,
            ocr_page_timeout: Duration::from_secs(90),
            progress: None,
            cancel: None,
        }
    }
}

impl std::fmt::Debug for ReadOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadOptions")
            .field("max_text_bytes", &self.max_text_bytes)
            .field("max_docx_xml_bytes", &self.max_docx_xml_bytes)
            .field("ocr", &self.ocr)
            .field("ocr_max_pages", &self.ocr_max_pages)
            .field("ocr_page_timeout", &self.ocr_page_timeout)
            .field("progress", &self.progress.is_some())
            .field("cancel", &self.cancel.map(|c| c.load(Ordering::Relaxed)))
            .finish()
    }
}

impl ReadOptions<'_> {
    fn cancelled(&self) -> bool {
        self.cancel.is_some_and(|c| c.load(Ordering::Relaxed))
    }
}

fn mb(bytes: u64) -> String {
    let v = bytes as f64 / (1024.0 * 1024.0);
    if v >= 10.0 || v.fract() < 0.05 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}").replace('.', ",")
    }
}

/// Why a file could not be read. The messages are shown to users, in Vietnamese.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("không đọc được tệp {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("tệp lớn hơn giới hạn {} MB (tệp có {size} byte)", mb(*limit as u64))]
    TooLarge { size: u64, limit: usize },
    #[error("tệp rỗng (0 byte)")]
    Empty,
    #[error(
        "tệp {0} nhưng nội dung không phải định dạng {0} (tệp hỏng, hoặc bị đổi tên từ định dạng khác)"
    )]
    NotWhatItsNameSays(&'static str),
    #[error(
        "tệp Word .doc đời cũ (nhị phân): hãy mở bằng Word hoặc LibreOffice và lưu lại thành .docx"
    )]
    LegacyDoc,
    #[error("tệp nén zip nhưng không phải văn bản Word .docx (không có word/document.xml)")]
    NotDocx,
    #[error("tệp .docx bị hỏng: {0}")]
    BadDocx(String),
    #[error(
        "tệp .docx giải nén vượt quá giới hạn: phần {part} bung ra hơn {} MB (nghi là tệp nén độc hại)",
        mb(*limit)
    )]
    DocxTooLarge { part: String, limit: u64 },
    #[error(
        "văn bản dài hơn giới hạn {} MB chữ (một văn bản chỉ đạo thường dưới 1 MB): kiểm tra lại tệp, hoặc tách phụ lục thành tệp riêng",
        mb(*limit as u64)
    )]
    TextTooLong { limit: usize },
    #[error(
        "văn bản dùng bảng mã cũ {0} (phông .Vn*/VNI-*): hãy chuyển sang Unicode trước, ví dụ bằng Unikey (Unikey Toolkit → Chuyển mã → Unicode)"
    )]
    LegacyEncoding(&'static str),
    #[error("văn bản không ở bảng mã UTF-8, UTF-16 hay bảng mã tiếng Việt nào dondoc đọc được")]
    UnknownEncoding,
    #[error(
        "tệp không phải văn bản chữ: toàn byte 0 hoặc ký tự điều khiển (tệp nhị phân bị đổi tên?)"
    )]
    NotText,
    #[error(
        "PDF không có lớp văn bản (bản quét?) và chức năng nhận dạng chữ (OCR) đang tắt: hãy tải lên bản Word gốc"
    )]
    ScannedPdf,
    #[error(
        "PDF không có lớp văn bản (bản quét?); để nhận dạng chữ (OCR), máy chủ cần cài gói Debian {0} (apt-get install tesseract-ocr tesseract-ocr-vie)"
    )]
    OcrMissing(&'static str),
    #[error(
        "PDF không có lớp văn bản và nhận dạng chữ (OCR) {pages} trang không ra chữ nào (ảnh trắng, quá mờ, hoặc không phải văn bản)"
    )]
    OcrNoText { pages: usize },
    #[error(
        "tệp có {pages} trang ảnh quét cần nhận dạng chữ (OCR), vượt giới hạn {limit} trang: hãy tải lên bản Word, hoặc tách tệp"
    )]
    TooManyPages { pages: usize, limit: usize },
    #[error("trang {page} nhận dạng chữ (OCR) quá {seconds} giây nên đã dừng")]
    OcrTimeout { page: usize, seconds: u64 },
    #[error("nhận dạng chữ (OCR) không thành công: {0}")]
    OcrFailed(String),
    #[error(
        "tệp ảnh (PNG, JPEG, TIFF) chỉ đọc được bằng nhận dạng chữ (OCR), mà chức năng này đang tắt"
    )]
    ImageNeedsOcr,
    #[error("đã hủy việc đọc tệp")]
    Cancelled,
    #[error("đọc PDF cần chương trình pdftotext (gói Debian poppler-utils): {0}")]
    PdfTool(String),
    #[error("pdftotext không đọc được PDF: {0}")]
    PdfFailed(String),
}

/// Reads the file at `path` with the default limits.
pub fn read_path(path: &Path) -> Result<ReadDocument, ReadError> {
    read_path_with(path, &ReadOptions::default())
}

/// Reads the file at `path`, checking its size before reading it.
pub fn read_path_with(path: &Path, opts: &ReadOptions) -> Result<ReadDocument, ReadError> {
    let io = |source| ReadError::Io {
        path: path.display().to_string(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_INPUT_BYTES as u64 {
        return Err(ReadError::TooLarge {
            size,
            limit: MAX_INPUT_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    read_bytes_with(&bytes, path.file_name().and_then(|n| n.to_str()), opts)
}

/// Reads a file's bytes with the default limits; `name_hint` (a file name)
/// only breaks ties.
pub fn read_bytes(bytes: &[u8], name_hint: Option<&str>) -> Result<ReadDocument, ReadError> {
    read_bytes_with(bytes, name_hint, &ReadOptions::default())
}

/// Reads a file's bytes; `name_hint` (a file name) only breaks ties.
pub fn read_bytes_with(
    bytes: &[u8],
    name_hint: Option<&str>,
    opts: &ReadOptions,
) -> Result<ReadDocument, ReadError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_INPUT_BYTES,
        });
    }
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if opts.cancelled() {
        return Err(ReadError::Cancelled);
    }
    let doc = |format, text, pages| Read {
        format,
        encoding: Encoding::Utf8,
        text,
        pages,
        notes: Vec::new(),
        ocr: false,
    };
    let read = if bytes.starts_with(b"PK\x03\x04") {
        let (text, pages) = docx::read(bytes, opts)?;
        doc(Format::Docx, text, pages)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(ReadError::LegacyDoc);
    } else if bytes.starts_with(b"%PDF-") {
        let pdf = pdf::read(bytes, opts)?;
        Read {
            notes: pdf.notes,
            ocr: pdf.ocr,
            ..doc(Format::Pdf, pdf.text, pdf.pages)
        }
    } else if let Some(ext) = image_kind(bytes) {
        let (text, pages) = pdf::read_image(bytes, ext, opts)?;
        Read {
            notes: vec![OCR_NOTE.to_owned()],
            ocr: true,
            ..doc(Format::Image, text, pages)
        }
    } else {
        // A .docx or .pdf by name but not by content: never read it as text.
        let ext = name_hint
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        for claimed in [
            ".docx", ".pdf", ".doc", ".xlsx", ".png", ".jpg", ".jpeg", ".tif", ".tiff",
        ] {
            if ext.ends_with(claimed) {
                return Err(ReadError::NotWhatItsNameSays(claimed));
            }
        }
        // No encoding makes text shorter than half its bytes (UTF-16 is
        // two bytes a character at least): refuse before decoding.
        if bytes.len() / 2 > opts.max_text_bytes {
            return Err(ReadError::TextTooLong {
                limit: opts.max_text_bytes,
            });
        }
        let (text, enc, notes) = encoding::decode(bytes)?;
        let text = encoding::plain_text(text)?;
        if text.len() > opts.max_text_bytes {
            return Err(ReadError::TextTooLong {
                limit: opts.max_text_bytes,
            });
        }
        let markdown = ext.ends_with(".md")
            || text.contains("**")
            || text.lines().any(|l| l.starts_with("## "));
        let format = if markdown {
            Format::Markdown
        } else {
            Format::Text
        };
        let pages = text.matches('\u{c}').count() + 1;
        Read {
            encoding: enc,
            notes,
            ..doc(format, text, pages)
        }
    };
    done(read, opts)
}

/// What a format's reader gives back, before normalisation.
struct Read {
    format: Format,
    encoding: Encoding,
    text: String,
    pages: usize,
    notes: Vec<String>,
    ocr: bool,
}

/// PNG, JPEG and TIFF, by their first bytes: the extension tesseract expects.
fn image_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Some("tif")
    } else {
        None
    }
}

fn done(read: Read, opts: &ReadOptions) -> Result<ReadDocument, ReadError> {
    use unicode_normalization::UnicodeNormalization;
    let text = if read.text.is_ascii() {
        read.text
    } else {
        read.text.nfc().collect()
    };
    if text.len() > opts.max_text_bytes {
        return Err(ReadError::TextTooLong {
            limit: opts.max_text_bytes,
        });
    }
    Ok(ReadDocument {
        format: read.format,
        encoding: read.encoding,
        text,
        pages: read.pages,
        notes: read.notes,
        ocr: read.ocr,
    })
}
