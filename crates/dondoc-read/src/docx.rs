//! Word `.docx`: paragraphs in order, list numbering as Word renders it,
//! data tables as tab-separated rows, layout tables (letterhead, signature
//! block) as ordinary lines, page breaks as form feeds.
//!
//! Every part is parsed as a stream straight out of the zip, through a reader
//! that stops at a cap on unpacked bytes and on the size of any one XML
//! event; the text is counted as it grows. A crafted file (a small zip
//! unpacking to hundreds of megabytes) therefore ends in an error after a
//! bounded amount of work and memory, never by unpacking the whole part.

use crate::{ReadError, ReadOptions};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Cursor, Read};

/// Most entries a .docx may hold.
const MAX_ENTRIES: usize = 10_000;
/// Unpacked size accepted for numbering.xml and styles.xml (real ones are
/// tens of kilobytes).
const MAX_SIDE_PART_BYTES: u64 = 8 * 1024 * 1024;
/// The largest single XML event (a tag with its attributes, or a run of
/// text) the parser may hold at once.
const MAX_EVENT_BYTES: usize = 4 * 1024 * 1024;
/// Tables nested deeper than this are refused.
const MAX_TABLE_DEPTH: usize = 32;
/// Paragraphs nested (text boxes inside paragraphs) deeper than this are refused.
const MAX_PARA_DEPTH: usize = 16;
/// The deepest list level Word has (levels 0 to 8).
const MAX_LIST_LEVEL: u32 = 8;

/// Which cap a part ran into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cap {
    Unpacked,
    Event,
}

/// A `BufRead` over an unpacking zip entry that fails once the entry has
/// given more than `max_total` bytes, or one XML event more than
/// `max_event` (reset by the parser loop after every event).
struct Capped<R> {
    inner: R,
    total: u64,
    max_total: u64,
    event: usize,
    hit: Option<Cap>,
}

impl<R: BufRead> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = {
            let avail = self.fill_buf()?;
            let n = avail.len().min(buf.len());
            if let (Some(dst), Some(src)) = (buf.get_mut(..n), avail.get(..n)) {
                dst.copy_from_slice(src);
            }
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Capped<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.total > self.max_total {
            self.hit = Some(Cap::Unpacked);
            return Err(std::io::Error::other("unpacked size limit"));
        }
        if self.event > MAX_EVENT_BYTES {
            self.hit = Some(Cap::Event);
            return Err(std::io::Error::other("XML event size limit"));
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.total += amt as u64;
        self.event += amt;
        self.inner.consume(amt);
    }
}

type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// Streams the events of one part to `f`. Returns false when the part is absent.
fn each_event(
    zip: &mut Zip,
    name: &str,
    max_total: u64,
    mut f: impl FnMut(Event) -> Result<(), ReadError>,
) -> Result<bool, ReadError> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(false),
        Err(e) => return Err(ReadError::BadDocx(format!("{name}: {e}"))),
    };
    let too_large = || ReadError::DocxTooLarge {
        part: name.into(),
        limit: max_total,
    };
    // The declared size can lie; the cap below holds whatever it says.
    if file.size() > max_total {
        return Err(too_large());
    }
    let capped = Capped {
        inner: BufReader::with_capacity(64 * 1024, file),
        total: 0,
        max_total,
        event: 0,
        hit: None,
    };
    let mut reader = Reader::from_reader(capped);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        reader.get_mut().event = 0;
        let ev = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) => return Ok(true),
            Ok(ev) => ev,
            Err(e) => {
                return Err(match reader.get_ref().hit {
                    Some(Cap::Unpacked) => too_large(),
                    Some(Cap::Event) => ReadError::BadDocx(format!(
                        "{name}: một thẻ XML dài hơn {} MB",
                        MAX_EVENT_BYTES >> 20
                    )),
                    // The zip library stops a part unpacking past the size its
                    // headers claim: a crafted file.
                    None if e.to_string().contains("declared uncompressed size") => too_large(),
                    None => ReadError::BadDocx(format!("{name}: {e}")),
                });
            }
        };
        f(ev)?;
    }
}

/// The number of entries the zip's end record declares, read before the
/// zip library builds its index (which costs memory per entry).
fn declared_entries(bytes: &[u8]) -> Option<u64> {
    let tail_start = bytes.len().saturating_sub(22 + 65_535);
    let tail = bytes.get(tail_start..)?;
    let at = tail.windows(4).rposition(|w| w == b"PK\x05\x06")?;
    let eocd = tail.get(at..)?;
    let count = u16::from_le_bytes([*eocd.get(10)?, *eocd.get(11)?]);
    if count != 0xFFFF {
        return Some(u64::from(count));
    }
    // Zip64: the locator just before the end record points to the zip64 end record.
    let locator = tail.get(at.checked_sub(20)?..at)?;
    if !locator.starts_with(b"PK\x06\x07") {
        return None;
    }
    let offset = u64::from_le_bytes(locator.get(8..16)?.try_into().ok()?);
    let record = bytes.get(usize::try_from(offset).ok()?..)?;
    if !record.starts_with(b"PK\x06\x06") {
        return None;
    }
    Some(u64::from_le_bytes(record.get(32..40)?.try_into().ok()?))
}

/// Reads a .docx into text lines; returns the text and the number of pages seen.
pub fn read(bytes: &[u8], opts: &ReadOptions) -> Result<(String, usize), ReadError> {
    if declared_entries(bytes).is_some_and(|n| n > MAX_ENTRIES as u64) {
        return Err(ReadError::BadDocx(format!(
            "có hơn {MAX_ENTRIES} phần trong tệp nén"
        )));
    }
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::BadDocx(e.to_string()))?;
    if zip.len() > MAX_ENTRIES {
        return Err(ReadError::BadDocx(format!(
            "có {} phần trong tệp nén; tối đa {MAX_ENTRIES}",
            zip.len()
        )));
    }
    if zip.index_for_name("word/document.xml").is_none() {
        return Err(ReadError::NotDocx);
    }
    let mut numbering = NumberingParser::default();
    each_event(&mut zip, "word/numbering.xml", MAX_SIDE_PART_BYTES, |ev| {
        numbering.event(&ev);
        Ok(())
    })?;
    let mut styles = StyleParser::default();
    each_event(&mut zip, "word/styles.xml", MAX_SIDE_PART_BYTES, |ev| {
        styles.event(&ev);
        Ok(())
    })?;
    let mut body = Body::new(numbering.n, styles.done, opts.max_text_bytes);
    each_event(
        &mut zip,
        "word/document.xml",
        opts.max_docx_xml_bytes,
        |ev| body.event(ev),
    )?;
    Ok((body.out, body.pages))
}

/// The name without its namespace prefix (`w:p` → `p`).
fn local(name: &str) -> &str {
    name.split_once(':').map_or(name, |(_, l)| l)
}

fn attr(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| local(a.key.as_ref()) == key)
        .map(|a| a.value.to_string())
}

/// A list level from an attribute, if it is one Word has.
fn list_level(e: &BytesStart) -> u32 {
    attr(e, "val")
        .and_then(|v| v.parse::<u32>().ok())
        .filter(|&l| l <= MAX_LIST_LEVEL)
        .unwrap_or(0)
}

/// One level of a list definition (`w:lvl`).
#[derive(Debug, Clone, Default)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

/// `word/numbering.xml`: list instances and their abstract definitions.
#[derive(Debug, Clone, Default)]
struct Numbering {
    abstract_levels: HashMap<String, HashMap<u32, Level>>,
    num_to_abstract: HashMap<String, String>,
}

impl Numbering {
    fn level(&self, num_id: &str, ilvl: u32) -> Option<&Level> {
        let a = self.num_to_abstract.get(num_id)?;
        self.abstract_levels.get(a)?.get(&ilvl)
    }
}

#[derive(Default)]
struct NumberingParser {
    n: Numbering,
    abstract_id: Option<String>,
    level: Option<(u32, Level)>,
    num_id: Option<String>,
}

impl NumberingParser {
    fn event(&mut self, ev: &Event) {
        match ev {
            Event::Start(e) | Event::Empty(e) => match local(e.name().as_ref()) {
                "abstractNum" => self.abstract_id = attr(e, "abstractNumId"),
                "lvl" => {
                    let ilvl = attr(e, "ilvl").and_then(|v| v.parse::<u32>().ok());
                    // A level Word does not have is never used: skip it.
                    self.level = ilvl.filter(|&l| l <= MAX_LIST_LEVEL).map(|l| {
                        (
                            l,
                            Level {
                                start: 1,
                                ..Level::default()
                            },
                        )
                    });
                }
                "numFmt" => {
                    if let Some((_, l)) = self.level.as_mut() {
                        l.format = attr(e, "val").unwrap_or_default();
                    }
                }
                "lvlText" => {
                    if let Some((_, l)) = self.level.as_mut() {
                        l.text = attr(e, "val").unwrap_or_default();
                    }
                }
                "start" => {
                    if let Some((_, l)) = self.level.as_mut() {
                        l.start = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(1);
                    }
                }
                "num" => self.num_id = attr(e, "numId"),
                "abstractNumId" => {
                    if let (Some(id), Some(a)) = (self.num_id.clone(), attr(e, "val")) {
                        self.n.num_to_abstract.insert(id, a);
                    }
                }
                _ => {}
            },
            Event::End(e) => match local(e.name().as_ref()) {
                "lvl" => {
                    if let (Some(a), Some((i, l))) = (self.abstract_id.clone(), self.level.take()) {
                        self.n.abstract_levels.entry(a).or_default().insert(i, l);
                    }
                }
                "abstractNum" => self.abstract_id = None,
                "num" => self.num_id = None,
                _ => {}
            },
            _ => {}
        }
    }
}

/// What `word/styles.xml` tells the body reader.
#[derive(Debug, Clone, Default)]
struct Styles {
    /// Paragraph styles that carry numbering (`List Number`): style id → (numId, ilvl).
    numbering: HashMap<String, (String, u32)>,
    /// Table styles that draw borders (`Table Grid`).
    bordered_tables: std::collections::HashSet<String>,
}

#[derive(Default)]
struct StyleParser {
    done: Styles,
    style: Option<String>,
    table_style: bool,
    num: Option<String>,
    ilvl: u32,
    in_borders: bool,
    borders: bool,
}

impl StyleParser {
    fn event(&mut self, ev: &Event) {
        match ev {
            Event::Start(e) | Event::Empty(e) => match local(e.name().as_ref()) {
                "style" => {
                    self.style = attr(e, "styleId");
                    self.table_style = attr(e, "type").as_deref() == Some("table");
                    self.num = None;
                    self.ilvl = 0;
                    self.borders = false;
                }
                "numId" => self.num = attr(e, "val"),
                "ilvl" => self.ilvl = list_level(e),
                "tblBorders" => self.in_borders = matches!(ev, Event::Start(_)),
                "top" | "left" | "bottom" | "right" | "start" | "end" | "insideH" | "insideV"
                    if self.in_borders && visible_border(e) =>
                {
                    self.borders = true;
                }
                _ => {}
            },
            Event::End(e) => match local(e.name().as_ref()) {
                "tblBorders" => self.in_borders = false,
                "style" => {
                    let style = self.style.take();
                    if let (Some(s), Some(n)) = (style.clone(), self.num.take())
                        && n != "0"
                    {
                        self.done.numbering.insert(s, (n, self.ilvl));
                    }
                    if let Some(s) = style
                        && self.table_style
                        && self.borders
                    {
                        self.done.bordered_tables.insert(s);
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
}

/// A border element (`w:top w:val="single"`) that draws a line.
fn visible_border(e: &BytesStart) -> bool {
    let val = attr(e, "val").unwrap_or_default();
    let white = attr(e, "color").is_some_and(|c| c.eq_ignore_ascii_case("FFFFFF"));
    !matches!(val.as_str(), "" | "nil" | "none") && !white
}

fn roman(mut n: u32) -> String {
    let table = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (v, s) in table {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

fn letter(n: u32) -> String {
    // a..z, then aa, bb ... as Word does.
    let idx = (n.max(1) - 1) % 26;
    let repeat = (n.max(1) - 1) / 26 + 1;
    let c = char::from(b'a' + idx as u8);
    std::iter::repeat_n(c, repeat as usize).collect()
}

fn format_number(n: u32, format: &str) -> String {
    // Past these, letters and Roman numerals grow without bound: a crafted
    // list start must not make a label megabytes long.
    match format {
        "lowerLetter" if n <= 780 => letter(n),
        "upperLetter" if n <= 780 => letter(n).to_uppercase(),
        "lowerRoman" if n < 4000 => roman(n),
        "upperRoman" if n < 4000 => roman(n).to_uppercase(),
        "decimalZero" => format!("{n:02}"),
        _ => n.to_string(),
    }
}

/// A paragraph being read.
#[derive(Default)]
struct Para {
    text: String,
    num_id: Option<String>,
    ilvl: u32,
    style: Option<String>,
    bold_chars: usize,
    plain_chars: usize,
    page_break: bool,
}

/// A table being read.
#[derive(Default)]
struct Table {
    /// Finished rows, each a list of cells, each a list of paragraph lines.
    rows: Vec<Vec<Vec<String>>>,
    row: Vec<Vec<String>>,
    cell: Vec<String>,
    style: Option<String>,
    /// `w:tblBorders` given on the table itself: whether any draws a line.
    borders: Option<bool>,
    in_borders: bool,
    in_cell_borders: bool,
    cell_border: bool,
    cells: usize,
    bordered_cells: usize,
    /// No body text came before the table.
    first: bool,
}

/// Folded for matching: lower case, no diacritics, `đ` → `d`, runs of
/// anything but letters and digits as one space.
fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    for c in s.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c,
        };
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    out.trim_end().to_owned()
}

/// Lines that belong to a letterhead, a number and date line, a recipient
/// list or a signature block, not to a table of data.
fn layout_line(line: &str) -> bool {
    let plain = line.trim_matches('*').trim();
    let f = fold(plain);
    const PHRASES: [&str; 6] = [
        "cong hoa xa hoi chu nghia viet nam",
        "doc lap tu do hanh phuc",
        "dang cong san viet nam",
        "noi nhan",
        "kinh gui",
        "v v",
    ];
    if PHRASES.iter().any(|p| f.starts_with(p)) {
        return true;
    }
    // "Số: 12/UBND-KGVX", "Số 08-TB/BCĐ", "Số: /TB-UBND"
    if (f == "so" || f.starts_with("so ")) && plain.contains('/') && plain.chars().count() < 40 {
        return true;
    }
    // "Khánh Hòa, ngày 05 tháng 01 năm 2026"
    if plain.contains(',') && f.contains("ngay") && f.contains("thang") && f.contains("nam") {
        return true;
    }
    // "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "TL. CHỦ TỊCH", "Q. GIÁM ĐỐC"
    let upper = plain.chars().any(char::is_alphabetic) && !plain.chars().any(char::is_lowercase);
    if upper {
        for prefix in ["tm ", "kt ", "tl ", "tuq ", "q "] {
            if f.starts_with(prefix) && plain.contains('.') {
                return true;
            }
        }
        const TITLES: [&str; 10] = [
            "chu tich",
            "pho chu tich",
            "giam doc",
            "pho giam doc",
            "truong ban",
            "pho truong ban",
            "bi thu",
            "pho bi thu",
            "chanh van phong",
            "pho chanh van phong",
        ];
        if TITLES.contains(&f.as_str()) {
            return true;
        }
    }
    false
}

/// A header cell of a table of tasks ("STT", "Nội dung", "Cơ quan chủ trì", "Thời gian").
fn header_cell(cell: &str) -> bool {
    let f = fold(cell.trim_matches('*'));
    const HEADS: [&str; 17] = [
        "stt",
        "tt",
        "so tt",
        "noi dung",
        "nhiem vu",
        "ten nhiem vu",
        "co quan",
        "don vi",
        "chu tri",
        "phoi hop",
        "thoi gian",
        "thoi han",
        "tien do",
        "ghi chu",
        "ket qua",
        "san pham",
        "trach nhiem",
    ];
    HEADS
        .iter()
        .any(|h| f == *h || (f.starts_with(h) && f.as_bytes().get(h.len()) == Some(&b' ')))
}

impl Table {
    fn columns(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    fn bordered(&self, styles: &Styles) -> bool {
        match self.borders {
            Some(b) => b,
            None => {
                self.style
                    .as_ref()
                    .is_some_and(|s| styles.bordered_tables.contains(s))
                    || (self.cells > 0 && self.bordered_cells * 2 > self.cells)
            }
        }
    }

    /// A layout table places text on the page (issuer beside motto, recipients
    /// beside signature); a data table holds rows of data under a header.
    fn is_layout(&self, styles: &Styles) -> bool {
        let columns = self.columns();
        let header = self.rows.iter().take(2).any(|row| {
            row.iter()
                .filter(|cell| cell.iter().any(|l| header_cell(l)))
                .count()
                >= 2
        });
        if header && columns >= 2 {
            return false;
        }
        let marked = self.rows.iter().flatten().flatten().any(|l| layout_line(l));
        if marked && columns <= 3 {
            return true;
        }
        let bordered = self.bordered(styles);
        columns <= 1 || (!bordered && (columns <= 2 || (self.first && columns <= 3)))
    }
}

/// The state of a document body being read.
struct Body {
    numbering: Numbering,
    styles: Styles,
    counters: HashMap<String, Vec<u32>>,
    out: String,
    pages: usize,
    /// Bytes of text gathered so far, wherever they wait (paragraph, cell, row).
    used: usize,
    max_text: usize,
    body_text: bool,
    paras: Vec<Para>,
    tables: Vec<Table>,
    in_text: bool,
    run_bold: bool,
    in_run_props: bool,
    /// Depth inside `mc:Fallback`, which repeats the content of `mc:Choice`.
    fallback: usize,
}

impl Body {
    fn new(numbering: Numbering, styles: Styles, max_text: usize) -> Self {
        Body {
            numbering,
            styles,
            counters: HashMap::new(),
            out: String::new(),
            pages: 1,
            used: 0,
            max_text,
            body_text: false,
            paras: Vec::new(),
            tables: Vec::new(),
            in_text: false,
            run_bold: false,
            in_run_props: false,
            fallback: 0,
        }
    }

    fn count(&mut self, n: usize) -> Result<(), ReadError> {
        self.used = self.used.saturating_add(n);
        if self.used > self.max_text {
            return Err(ReadError::TextTooLong {
                limit: self.max_text,
            });
        }
        Ok(())
    }

    /// The label Word shows before a numbered paragraph ("1.", "a)", "-").
    fn label(&mut self, p: &Para) -> Option<String> {
        let (num_id, ilvl) = match (
            &p.num_id,
            p.style.as_ref().and_then(|s| self.styles.numbering.get(s)),
        ) {
            (Some(n), _) => (n.clone(), p.ilvl),
            (None, Some((n, l))) => (n.clone(), *l),
            _ => return None,
        };
        if num_id == "0" {
            return None;
        }
        let level = self.numbering.level(&num_id, ilvl)?.clone();
        if level.format == "bullet" {
            return Some("-".into());
        }
        if level.format == "none" {
            return None;
        }
        let counters = self.counters.entry(num_id.clone()).or_default();
        // ilvl ≤ MAX_LIST_LEVEL: at most nine counters.
        let depth = ilvl as usize + 1;
        if counters.len() < depth {
            counters.resize(depth, 0);
        }
        counters.truncate(depth);
        if let Some(c) = counters.get_mut(ilvl as usize) {
            *c = if *c == 0 {
                level.start
            } else {
                c.saturating_add(1)
            };
        }
        let counters = counters.clone();
        let mut text = level.text.chars().take(64).collect::<String>();
        for (k, value) in counters.iter().enumerate().rev() {
            let fmt = self
                .numbering
                .level(&num_id, k as u32)
                .map(|l| l.format.clone())
                .unwrap_or_default();
            let v = if *value == 0 {
                self.numbering
                    .level(&num_id, k as u32)
                    .map_or(1, |l| l.start)
            } else {
                *value
            };
            text = text.replace(&format!("%{}", k + 1), &format_number(v, &fmt));
        }
        Some(text)
    }

    fn finish_paragraph(&mut self, p: Para) -> Result<String, ReadError> {
        let text = p.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let label = self.label(&p);
        let mut line = match (label, text.is_empty()) {
            (_, true) => String::new(),
            (Some(l), false) => format!("{l} {text}"),
            (None, false) => text.clone(),
        };
        // A paragraph set all in bold is a heading: keep the signal as Markdown does.
        if !text.is_empty() && p.bold_chars > 0 && p.plain_chars == 0 {
            line = format!("**{line}**");
        }
        // The label, the marks and the line's end.
        self.count(line.len().saturating_sub(text.len()) + 2)?;
        if p.page_break {
            self.pages += 1;
            return Ok(if line.is_empty() {
                "\u{c}".into()
            } else {
                format!("{line}\n\u{c}")
            });
        }
        Ok(line)
    }

    fn push_line(&mut self, line: &str) {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out.push_str(line);
    }

    fn event(&mut self, ev: Event) -> Result<(), ReadError> {
        if self.fallback > 0 {
            match ev {
                Event::Start(e) if local(e.name().as_ref()) == "Fallback" => self.fallback += 1,
                Event::End(e) if local(e.name().as_ref()) == "Fallback" => self.fallback -= 1,
                _ => {}
            }
            return Ok(());
        }
        match ev {
            Event::Start(e) => match local(e.name().as_ref()) {
                "p" => {
                    if self.paras.len() >= MAX_PARA_DEPTH {
                        return Err(ReadError::BadDocx("đoạn văn lồng nhau quá sâu".into()));
                    }
                    self.paras.push(Para::default());
                }
                "Fallback" => self.fallback = 1,
                "r" => self.run_bold = false,
                "rPr" => self.in_run_props = true,
                "t" => self.in_text = true,
                "tbl" => {
                    if self.tables.len() >= MAX_TABLE_DEPTH {
                        return Err(ReadError::BadDocx("bảng lồng nhau quá sâu".into()));
                    }
                    let first = !self.body_text && self.tables.is_empty();
                    self.tables.push(Table {
                        first,
                        ..Table::default()
                    });
                }
                "tc" => {
                    if let Some(t) = self.tables.last_mut() {
                        t.cell.clear();
                        t.cell_border = false;
                    }
                }
                "tblBorders" => {
                    if let Some(t) = self.tables.last_mut() {
                        t.in_borders = true;
                        t.borders = Some(false);
                    }
                }
                "tcBorders" => {
                    if let Some(t) = self.tables.last_mut() {
                        t.in_cell_borders = true;
                    }
                }
                _ => self.empty_or_start(&e)?,
            },
            Event::Empty(e) => match local(e.name().as_ref()) {
                "tblBorders" => {
                    if let Some(t) = self.tables.last_mut() {
                        t.borders = Some(false);
                    }
                }
                _ => self.empty_or_start(&e)?,
            },
            Event::Text(t) if self.in_text => {
                let s = t.xml10_content();
                self.count(s.len())?;
                let bold = self.run_bold;
                if let Some(p) = self.paras.last_mut() {
                    let n = s.chars().filter(|c| !c.is_whitespace()).count();
                    if bold {
                        p.bold_chars += n;
                    } else {
                        p.plain_chars += n;
                    }
                    p.text.push_str(&s);
                }
            }
            // Entities inside text (&amp; &lt; ...).
            Event::GeneralRef(r) if self.in_text => {
                self.count(4)?;
                if let Some(p) = self.paras.last_mut() {
                    let name: &str = r.as_ref();
                    match name {
                        "amp" => p.text.push('&'),
                        "lt" => p.text.push('<'),
                        "gt" => p.text.push('>'),
                        "quot" => p.text.push('"'),
                        "apos" => p.text.push('\''),
                        // "&#7841;", "&#x1EA1;"
                        n => {
                            let code = n
                                .strip_prefix("#x")
                                .and_then(|h| u32::from_str_radix(h, 16).ok())
                                .or_else(|| n.strip_prefix('#').and_then(|d| d.parse().ok()));
                            if let Some(c) = code.and_then(char::from_u32) {
                                p.text.push(c);
                            }
                        }
                    }
                }
            }
            Event::End(e) => match local(e.name().as_ref()) {
                "t" => self.in_text = false,
                "rPr" => self.in_run_props = false,
                "p" => {
                    if let Some(p) = self.paras.pop() {
                        let line = self.finish_paragraph(p)?;
                        match self.tables.last_mut() {
                            Some(t) => {
                                let cell_line = line.replace('\u{c}', "");
                                if !cell_line.trim().is_empty() {
                                    t.cell.push(cell_line.trim().to_owned());
                                }
                            }
                            None => {
                                if !line.trim().is_empty() {
                                    self.body_text = true;
                                }
                                self.push_line(&line);
                            }
                        }
                    }
                }
                "tblBorders" => {
                    if let Some(t) = self.tables.last_mut() {
                        t.in_borders = false;
                    }
                }
                "tcBorders" => {
                    if let Some(t) = self.tables.last_mut() {
                        t.in_cell_borders = false;
                    }
                }
                "tc" => {
                    if let Some(t) = self.tables.last_mut() {
                        let cell = std::mem::take(&mut t.cell);
                        t.row.push(cell);
                        t.cells += 1;
                        if t.cell_border {
                            t.bordered_cells += 1;
                        }
                    }
                }
                "tr" => {
                    if let Some(t) = self.tables.last_mut() {
                        let row = std::mem::take(&mut t.row);
                        t.rows.push(row);
                    }
                }
                "tbl" => {
                    if let Some(table) = self.tables.pop() {
                        let lines = self.table_lines(&table);
                        match self.tables.last_mut() {
                            // A table inside a cell joins that cell's text.
                            Some(outer) => outer.cell.extend(lines),
                            None => {
                                for l in lines {
                                    self.push_line(&l);
                                }
                            }
                        }
                    }
                }
                _ => {}
            },
            _ => {}
        }
        Ok(())
    }

    /// A finished table as lines: a layout table's paragraphs in reading
    /// order (row by row, left cell then right), a data table's rows as
    /// tab-separated cells.
    fn table_lines(&self, table: &Table) -> Vec<String> {
        if table.is_layout(&self.styles) {
            table.rows.iter().flatten().flatten().cloned().collect()
        } else {
            table
                .rows
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|cell| cell.join(" ").replace('\t', " "))
                        .collect::<Vec<_>>()
                        .join("\t")
                })
                .collect()
        }
    }

    fn empty_or_start(&mut self, e: &BytesStart) -> Result<(), ReadError> {
        let qname = e.name();
        let name = local(qname.as_ref());
        if let Some(t) = self.tables.last_mut()
            && (t.in_borders || t.in_cell_borders)
        {
            if matches!(
                name,
                "top" | "left" | "bottom" | "right" | "start" | "end" | "insideH" | "insideV"
            ) && visible_border(e)
            {
                if t.in_borders {
                    t.borders = Some(true);
                } else {
                    t.cell_border = true;
                }
            }
            return Ok(());
        }
        if name == "tblStyle"
            && let Some(t) = self.tables.last_mut()
        {
            t.style = attr(e, "val");
            return Ok(());
        }
        let in_run_props = self.in_run_props;
        let Some(p) = self.paras.last_mut() else {
            return Ok(());
        };
        match name {
            "numId" => p.num_id = attr(e, "val"),
            "ilvl" => p.ilvl = list_level(e),
            "pStyle" => p.style = attr(e, "val"),
            "b" if in_run_props => {
                self.run_bold = !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off"));
            }
            "tab" | "br" | "cr" => {
                if attr(e, "type").as_deref() == Some("page") {
                    p.page_break = true;
                } else {
                    p.text.push(' ');
                    self.count(1)?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_lines_and_header_cells() {
        for l in [
            "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**",
            "Cộng hoà xã hội chủ nghĩa Việt Nam",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: 12/UBND-KGVX",
            "Số: /TB-UBND",
            "Khánh Hòa, ngày 05 tháng 01 năm 2026",
            "Nơi nhận:",
            "***Nơi nhận:***",
            "TM. ỦY BAN NHÂN DÂN",
            "KT. CHỦ TỊCH",
            "PHÓ CHỦ TỊCH",
        ] {
            assert!(layout_line(l), "{l}");
        }
        for l in [
            "Sở Tài chính",
            "Số hóa hồ sơ",
            "Xây dựng Kho dữ liệu dùng chung",
            "Chủ tịch UBND tỉnh chỉ đạo",
        ] {
            assert!(!layout_line(l), "{l}");
        }
        for c in [
            "STT",
            "**Stt**",
            "Nội dung",
            "Cơ quan chủ trì",
            "Thời gian hoàn thành",
            "Ghi chú",
        ] {
            assert!(header_cell(c), "{c}");
        }
        for c in ["Sở KH&CN", "1", "Quý II/2026", "Sttx"] {
            assert!(!header_cell(c), "{c}");
        }
    }

    #[test]
    fn labels_stay_short_whatever_the_list_says() {
        assert_eq!(format_number(3, "lowerLetter"), "c");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(u32::MAX, "lowerLetter"), u32::MAX.to_string());
        assert_eq!(format_number(u32::MAX, "upperRoman"), u32::MAX.to_string());
        assert_eq!(format_number(14, "upperRoman"), "XIV");
    }

    #[test]
    fn the_capped_reader_stops_at_either_cap() {
        let data = vec![b'x'; 100_000];
        let mut r = Capped {
            inner: BufReader::with_capacity(1000, &data[..]),
            total: 0,
            max_total: 10_000,
            event: 0,
            hit: None,
        };
        let mut out = Vec::new();
        assert!(r.read_to_end(&mut out).is_err());
        assert_eq!(r.hit, Some(Cap::Unpacked));
        assert!(out.len() <= 11_000, "{}", out.len());
        let mut r = Capped {
            inner: BufReader::new(&data[..]),
            total: 0,
            max_total: u64::MAX,
            event: MAX_EVENT_BYTES + 1,
            hit: None,
        };
        assert!(r.read_to_end(&mut Vec::new()).is_err());
        assert_eq!(r.hit, Some(Cap::Event));
    }

    #[test]
    fn zip_end_record_entry_count() {
        let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..3 {
            let _ = z.start_file(format!("f{i}"), zip::write::SimpleFileOptions::default());
        }
        let bytes = z.finish().map(|c| c.into_inner()).unwrap_or_default();
        assert_eq!(declared_entries(&bytes), Some(3));
        assert_eq!(declared_entries(b"PK\x03\x04 not a zip"), None);
    }
}
