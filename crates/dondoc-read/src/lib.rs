//! dondoc-read: a directive file's bytes in, plain text out, in the shape
//! `dondoc-extract` reads: one paragraph per line, a table row as its cells
//! joined by tabs, a page break as a line holding a form feed.
//!
//! It detects the format from the content (the file name is only a hint),
//! converts UTF-16 and Windows-1258 text, and refuses with a named reason what
//! it cannot read: legacy TCVN3/VNI text, old binary `.doc`, scanned PDFs,
//! files over the size limit. It knows nothing of extraction, databases or HTTP.

mod docx;
mod encoding;
mod pdf;

use std::path::Path;

/// Inputs larger than this are refused before any parsing.
pub const MAX_INPUT_BYTES: usize = 50 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Docx,
    Pdf,
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
    /// What a reviewer should know about the conversion.
    pub notes: Vec<String>,
}

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("the file is {size} bytes; the limit is {limit} bytes (50 MB)")]
    TooLarge { size: u64, limit: usize },
    #[error("the file is empty")]
    Empty,
    #[error("the file is named {0} but its content is not that format (damaged, or renamed)")]
    NotWhatItsNameSays(&'static str),
    #[error("legacy Word .doc (binary) file: open it in Word or LibreOffice and save it as .docx")]
    LegacyDoc,
    #[error("zip archive but not a Word .docx: it has no word/document.xml")]
    NotDocx,
    #[error("damaged .docx: {0}")]
    BadDocx(String),
    #[error(
        "the .docx part {part} unpacks to more than {limit} bytes; refused as a possible zip bomb"
    )]
    DocxTooLarge { part: String, limit: u64 },
    #[error(
        "the text is in the legacy {0} encoding (fonts .Vn*/VNI-*); convert it to Unicode first, e.g. with Unikey's converter (Unikey Toolkit → Chuyển mã → Unicode)"
    )]
    LegacyEncoding(&'static str),
    #[error("the text is not UTF-8, UTF-16 or a Vietnamese encoding dondoc knows")]
    UnknownEncoding,
    #[error(
        "the PDF has no text layer (a scanned image?); run OCR on it first, or upload the Word original"
    )]
    ScannedPdf,
    #[error("reading PDF needs pdftotext (Debian package poppler-utils): {0}")]
    PdfTool(String),
    #[error("pdftotext failed: {0}")]
    PdfFailed(String),
}

/// Reads the file at `path`, checking its size before reading it.
pub fn read_path(path: &Path) -> Result<ReadDocument, ReadError> {
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
    read_bytes(&bytes, path.file_name().and_then(|n| n.to_str()))
}

/// Reads a file's bytes; `name_hint` (a file name) only breaks ties.
pub fn read_bytes(bytes: &[u8], name_hint: Option<&str>) -> Result<ReadDocument, ReadError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_INPUT_BYTES,
        });
    }
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        let (text, pages) = docx::read(bytes)?;
        return Ok(done(Format::Docx, Encoding::Utf8, text, pages, Vec::new()));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(ReadError::LegacyDoc);
    }
    if bytes.starts_with(b"%PDF-") {
        let text = pdf::read(bytes)?;
        let pages = text.matches('\u{c}').count().max(1);
        return Ok(done(Format::Pdf, Encoding::Utf8, text, pages, Vec::new()));
    }
    // A .docx or .pdf by name but not by content: never read it as text.
    let ext = name_hint
        .map(|n| n.to_ascii_lowercase())
        .unwrap_or_default();
    for claimed in [".docx", ".pdf", ".doc", ".xlsx"] {
        if ext.ends_with(claimed) {
            return Err(ReadError::NotWhatItsNameSays(claimed));
        }
    }
    let (text, enc, notes) = encoding::decode(bytes)?;
    let markdown = name_hint.is_some_and(|n| n.to_ascii_lowercase().ends_with(".md"))
        || text.contains("**")
        || text.lines().any(|l| l.starts_with("## "));
    let format = if markdown {
        Format::Markdown
    } else {
        Format::Text
    };
    let pages = text.matches('\u{c}').count() + 1;
    Ok(done(format, enc, text, pages, notes))
}

fn done(
    format: Format,
    encoding: Encoding,
    text: String,
    pages: usize,
    notes: Vec<String>,
) -> ReadDocument {
    use unicode_normalization::UnicodeNormalization;
    let text = if text.is_ascii() {
        text
    } else {
        text.nfc().collect()
    };
    ReadDocument {
        format,
        encoding,
        text,
        pages,
        notes,
    }
}
