//! Word `.docx`: paragraphs in order, list numbering as Word renders it,
//! tables as tab-separated rows, page breaks as form feeds.

use crate::ReadError;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// Largest unpacked size accepted for one part (zip bomb guard).
const MAX_PART_BYTES: u64 = 200 * 1024 * 1024;
/// Most entries a .docx may hold.
const MAX_ENTRIES: usize = 10_000;

fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>, ReadError> {
    let mut file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(ReadError::BadDocx(format!("{name}: {e}"))),
    };
    if file.size() > MAX_PART_BYTES {
        return Err(ReadError::DocxTooLarge {
            part: name.into(),
            limit: MAX_PART_BYTES,
        });
    }
    let mut out = Vec::with_capacity(usize::try_from(file.size()).unwrap_or(0).min(1 << 24));
    // The declared size can lie: read at most one byte past the limit.
    file.by_ref()
        .take(MAX_PART_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| ReadError::BadDocx(format!("{name}: {e}")))?;
    if out.len() as u64 > MAX_PART_BYTES {
        return Err(ReadError::DocxTooLarge {
            part: name.into(),
            limit: MAX_PART_BYTES,
        });
    }
    String::from_utf8(out)
        .map(Some)
        .map_err(|_| ReadError::BadDocx(format!("{name} is not UTF-8 XML")))
}

/// Reads a .docx into text lines; returns the text and the number of pages seen.
pub fn read(bytes: &[u8]) -> Result<(String, usize), ReadError> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::BadDocx(e.to_string()))?;
    if zip.len() > MAX_ENTRIES {
        return Err(ReadError::BadDocx(format!(
            "{} entries; at most {MAX_ENTRIES}",
            zip.len()
        )));
    }
    let document = part(&mut zip, "word/document.xml")?.ok_or(ReadError::NotDocx)?;
    let numbering = part(&mut zip, "word/numbering.xml")?
        .map(|x| Numbering::parse(&x))
        .unwrap_or_default();
    let styles = part(&mut zip, "word/styles.xml")?
        .map(|x| style_numbering(&x))
        .unwrap_or_default();
    Body::new(numbering, styles).read(&document)
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
    fn parse(xml: &str) -> Self {
        let mut n = Numbering::default();
        let mut reader = Reader::from_str(xml);
        let mut abstract_id: Option<String> = None;
        let mut level: Option<(u32, Level)> = None;
        let mut num_id: Option<String> = None;
        loop {
            let ev = match reader.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(ev) => ev,
            };
            match ev {
                Event::Start(e) | Event::Empty(e) => match local(e.name().as_ref()) {
                    "abstractNum" => abstract_id = attr(&e, "abstractNumId"),
                    "lvl" => {
                        let ilvl = attr(&e, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                        level = Some((
                            ilvl,
                            Level {
                                start: 1,
                                ..Level::default()
                            },
                        ));
                    }
                    "numFmt" => {
                        if let Some((_, l)) = level.as_mut() {
                            l.format = attr(&e, "val").unwrap_or_default();
                        }
                    }
                    "lvlText" => {
                        if let Some((_, l)) = level.as_mut() {
                            l.text = attr(&e, "val").unwrap_or_default();
                        }
                    }
                    "start" => {
                        if let Some((_, l)) = level.as_mut() {
                            l.start = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(1);
                        }
                    }
                    "num" => num_id = attr(&e, "numId"),
                    "abstractNumId" => {
                        if let (Some(id), Some(a)) = (num_id.clone(), attr(&e, "val")) {
                            n.num_to_abstract.insert(id, a);
                        }
                    }
                    _ => {}
                },
                Event::End(e) => match local(e.name().as_ref()) {
                    "lvl" => {
                        if let (Some(a), Some((i, l))) = (abstract_id.clone(), level.take()) {
                            n.abstract_levels.entry(a).or_default().insert(i, l);
                        }
                    }
                    "abstractNum" => abstract_id = None,
                    "num" => num_id = None,
                    _ => {}
                },
                _ => {}
            }
        }
        n
    }

    fn level(&self, num_id: &str, ilvl: u32) -> Option<&Level> {
        let a = self.num_to_abstract.get(num_id)?;
        self.abstract_levels.get(a)?.get(&ilvl)
    }
}

/// Paragraph styles that carry numbering (`List Number`): style id → (numId, ilvl).
fn style_numbering(xml: &str) -> HashMap<String, (String, u32)> {
    let mut out = HashMap::new();
    let mut reader = Reader::from_str(xml);
    let mut style: Option<String> = None;
    let mut num: Option<String> = None;
    let mut ilvl = 0;
    loop {
        let ev = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(ev) => ev,
        };
        match ev {
            Event::Start(e) | Event::Empty(e) => match local(e.name().as_ref()) {
                "style" => {
                    style = attr(&e, "styleId");
                    num = None;
                    ilvl = 0;
                }
                "numId" => num = attr(&e, "val"),
                "ilvl" => ilvl = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(0),
                _ => {}
            },
            Event::End(e) if local(e.name().as_ref()) == "style" => {
                if let (Some(s), Some(n)) = (style.take(), num.take())
                    && n != "0"
                {
                    out.insert(s, (n, ilvl));
                }
            }
            _ => {}
        }
    }
    out
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
    match format {
        "lowerLetter" => letter(n),
        "upperLetter" => letter(n).to_uppercase(),
        "lowerRoman" => roman(n),
        "upperRoman" => roman(n).to_uppercase(),
        "decimalZero" => format!("{n:02}"),
        _ => n.to_string(),
    }
}

/// The state of a document body being read.
struct Body {
    numbering: Numbering,
    styles: HashMap<String, (String, u32)>,
    counters: HashMap<String, Vec<u32>>,
    lines: Vec<String>,
    pages: usize,
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

impl Body {
    fn new(numbering: Numbering, styles: HashMap<String, (String, u32)>) -> Self {
        Body {
            numbering,
            styles,
            counters: HashMap::new(),
            lines: Vec::new(),
            pages: 1,
        }
    }

    /// The label Word shows before a numbered paragraph ("1.", "a)", "-").
    fn label(&mut self, p: &Para) -> Option<String> {
        let (num_id, ilvl) = match (&p.num_id, p.style.as_ref().and_then(|s| self.styles.get(s))) {
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
        let depth = ilvl as usize + 1;
        if counters.len() < depth {
            counters.resize(depth, 0);
        }
        counters.truncate(depth);
        if let Some(c) = counters.get_mut(ilvl as usize) {
            *c = if *c == 0 { level.start } else { *c + 1 };
        }
        let counters = counters.clone();
        let mut text = level.text.clone();
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

    fn finish_paragraph(&mut self, p: Para) -> Option<String> {
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
        if p.page_break {
            self.pages += 1;
            return Some(if line.is_empty() {
                "\u{c}".into()
            } else {
                format!("{line}\n\u{c}")
            });
        }
        Some(line)
    }

    fn read(mut self, xml: &str) -> Result<(String, usize), ReadError> {
        let mut reader = Reader::from_str(xml);
        let mut para: Option<Para> = None;
        let mut in_text = false;
        let mut run_bold = false;
        let mut in_run_props = false;
        // Tables: a stack of (rows, current row cells, current cell paragraphs).
        let mut tables: Vec<(Vec<String>, Vec<String>, Vec<String>)> = Vec::new();
        loop {
            let ev = match reader.read_event() {
                Ok(Event::Eof) => break,
                Err(e) => return Err(ReadError::BadDocx(format!("word/document.xml: {e}"))),
                Ok(ev) => ev,
            };
            match ev {
                Event::Start(e) => match local(e.name().as_ref()) {
                    "p" => para = Some(Para::default()),
                    "r" => run_bold = false,
                    "rPr" => in_run_props = true,
                    "t" => in_text = true,
                    "tbl" => tables.push((Vec::new(), Vec::new(), Vec::new())),
                    "tc" => {
                        if let Some(t) = tables.last_mut() {
                            t.2.clear();
                        }
                    }
                    _ => self.empty_or_start(&e, &mut para, &mut run_bold, in_run_props),
                },
                Event::Empty(e) => self.empty_or_start(&e, &mut para, &mut run_bold, in_run_props),
                Event::Text(t) => {
                    if in_text && let Some(p) = para.as_mut() {
                        let s = t.xml10_content();
                        let n = s.chars().filter(|c| !c.is_whitespace()).count();
                        if run_bold {
                            p.bold_chars += n;
                        } else {
                            p.plain_chars += n;
                        }
                        p.text.push_str(&s);
                    }
                }
                Event::GeneralRef(r) => {
                    // Entities inside text (&amp; &lt; ...).
                    if in_text && let Some(p) = para.as_mut() {
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
                    "t" => in_text = false,
                    "rPr" => in_run_props = false,
                    "p" => {
                        if let Some(p) = para.take()
                            && let Some(line) = self.finish_paragraph(p)
                        {
                            match tables.last_mut() {
                                Some(t) => {
                                    let cell_line = line.replace('\u{c}', "");
                                    if !cell_line.trim().is_empty() {
                                        t.2.push(cell_line.trim().to_owned());
                                    }
                                }
                                None => self.lines.push(line),
                            }
                        }
                    }
                    "tc" => {
                        if let Some(t) = tables.last_mut() {
                            let cell = t.2.join(" ").replace('\t', " ");
                            t.1.push(cell);
                            t.2.clear();
                        }
                    }
                    "tr" => {
                        if let Some(t) = tables.last_mut() {
                            let row = std::mem::take(&mut t.1).join("\t");
                            t.0.push(row);
                        }
                    }
                    "tbl" => {
                        if let Some((rows, _, _)) = tables.pop() {
                            match tables.last_mut() {
                                // A table inside a cell joins that cell's text.
                                Some(outer) => outer.2.push(rows.join(" ").replace('\t', " ")),
                                None => self.lines.extend(rows),
                            }
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        Ok((self.lines.join("\n"), self.pages))
    }

    fn empty_or_start(
        &mut self,
        e: &BytesStart,
        para: &mut Option<Para>,
        run_bold: &mut bool,
        in_run_props: bool,
    ) {
        let Some(p) = para.as_mut() else { return };
        match local(e.name().as_ref()) {
            "numId" => p.num_id = attr(e, "val"),
            "ilvl" => p.ilvl = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0),
            "pStyle" => p.style = attr(e, "val"),
            "b" if in_run_props => {
                *run_bold = !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off"));
            }
            "tab" | "br" | "cr" => {
                if attr(e, "type").as_deref() == Some("page") {
                    p.page_break = true;
                } else {
                    p.text.push(' ');
                }
            }
            _ => {}
        }
    }
}
