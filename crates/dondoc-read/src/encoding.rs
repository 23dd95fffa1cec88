//! Which encoding a text file is in: UTF-8 (with or without BOM), UTF-16 (with
//! a BOM, or without one when its zero bytes show it), Windows-1258, or the
//! legacy font encodings TCVN3 (ABC) and VNI; and whether it is text at all.

use crate::{Encoding, ReadError};
use unicode_normalization::UnicodeNormalization;

/// Latin-1 symbols that Vietnamese never uses but TCVN3 and VNI text shows
/// when read as Windows-1252 ("Uû ban nh©n d©n", "Uûy ban nhaân daân").
const LEGACY_TELLS: &str = "©¸µ¶·¹¬®¦¨ª«±²³´»¼½¾×Ø÷ïîëñäåæçüûþÖøÏÎËÑÄÅÆÇÜÛÞ";

fn vietnamese_letter(c: char) -> bool {
    matches!(
        c,
        'đ' | 'Đ' | 'ă' | 'Ă' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | 'ĩ' | 'Ĩ' | 'ũ' | 'Ũ'
    ) || ('\u{1EA0}'..='\u{1EF9}').contains(&c)
        || "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ".contains(c)
}

/// Counts (legacy tell-tale symbols, Vietnamese letters) in decoded text.
fn tells(s: &str) -> (usize, usize) {
    let mut legacy = 0;
    let mut viet = 0;
    for c in s.chars() {
        if LEGACY_TELLS.contains(c) {
            legacy += 1;
        } else if vietnamese_letter(c) {
            viet += 1;
        }
    }
    (legacy, viet)
}

/// VNI writes a base vowel then a byte for its marks ("nhaân"); TCVN3 writes
/// one byte for the whole letter ("nh©n"). Share of high bytes right after a vowel.
fn after_vowel_share(bytes: &[u8]) -> f64 {
    let mut high = 0usize;
    let mut after_vowel = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        if b >= 0x80 {
            high += 1;
            let prev = i
                .checked_sub(1)
                .and_then(|p| bytes.get(p))
                .copied()
                .unwrap_or(b' ');
            if b"aeiouyAEIOUY".contains(&prev) {
                after_vowel += 1;
            }
        }
    }
    if high == 0 {
        0.0
    } else {
        after_vowel as f64 / high as f64
    }
}

/// Text read from a PDF whose fonts map legacy TCVN3/VNI codes to
/// Vietnamese glyphs: it prints right but its text layer reads
/// "Uû ban nh©n d©n". The legacy encoding's name, when so.
pub fn legacy_text(s: &str) -> Option<&'static str> {
    let (legacy, viet) = tells(s);
    (legacy >= 20 && legacy > 2 * viet).then(|| {
        if s.contains("aâ") || s.contains("eâ") || s.contains("oâ") {
            "VNI"
        } else {
            "TCVN3 (ABC)"
        }
    })
}

fn legacy_kind(bytes: &[u8]) -> &'static str {
    if after_vowel_share(bytes) > 0.6 {
        "VNI"
    } else {
        "TCVN3 (ABC)"
    }
}

/// UTF-16 without a byte order mark: most characters of Vietnamese text
/// (spaces, digits, Latin letters) have one zero byte, always on the same side.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let sample = bytes.get(..bytes.len().min(8192) & !1)?;
    let pairs = sample.len() / 2;
    if pairs < 8 {
        return None;
    }
    let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if odd * 10 > pairs * 4 && even * 50 < pairs {
        Some(encoding_rs::UTF_16LE)
    } else if even * 10 > pairs * 4 && odd * 50 < pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

fn utf16(
    bytes: &[u8],
    enc: &'static encoding_rs::Encoding,
) -> Result<(String, Encoding, Vec<String>), ReadError> {
    let (text, bad) = enc.decode_without_bom_handling(bytes);
    if bad {
        return Err(ReadError::UnknownEncoding);
    }
    let kind = if enc == encoding_rs::UTF_16LE {
        Encoding::Utf16Le
    } else {
        Encoding::Utf16Be
    };
    Ok((
        text.into_owned(),
        kind,
        vec!["đã chuyển từ bảng mã UTF-16".into()],
    ))
}

/// Decodes a text file. Legacy encodings are refused with their name.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding, Vec<String>), ReadError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, encoding_rs::UTF_16LE);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, encoding_rs::UTF_16BE);
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        return utf16(bytes, enc);
    }
    if std::str::from_utf8(bytes).is_ok() {
        return utf8(bytes);
    }
    // An 8-bit file: Windows-1258 reads as Vietnamese; TCVN3 and VNI do not.
    let (text, _) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(bytes);
    let text: String = text.nfc().collect();
    let (legacy, viet) = tells(&text);
    if viet > 0 && legacy * 10 <= viet {
        return Ok((
            text,
            Encoding::Windows1258,
            vec!["đã chuyển từ bảng mã Windows-1258".into()],
        ));
    }
    if legacy > 0 {
        return Err(ReadError::LegacyEncoding(legacy_kind(bytes)));
    }
    Err(ReadError::UnknownEncoding)
}

/// Control characters other than tab, line feed, carriage return and form feed.
fn stray_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}')
}

/// Refuses decoded "text" that is mostly zero bytes or control characters
/// (a binary file renamed .txt); drops the odd stray one from real text.
pub fn plain_text(text: String) -> Result<String, ReadError> {
    let total = text.chars().count();
    let stray = text.chars().filter(|&c| stray_control(c)).count();
    if stray == 0 {
        return Ok(text);
    }
    // One in twenty is no typed text.
    if stray * 20 > total || !text.chars().any(char::is_alphabetic) {
        return Err(ReadError::NotText);
    }
    Ok(text.chars().filter(|&c| !stray_control(c)).collect())
}

fn utf8(bytes: &[u8]) -> Result<(String, Encoding, Vec<String>), ReadError> {
    let text = std::str::from_utf8(bytes).map_err(|_| ReadError::UnknownEncoding)?;
    // Legacy text once pasted through a Windows-1252 reading is valid UTF-8
    // but not Vietnamese: "Uû ban nh©n d©n".
    let (legacy, viet) = tells(text);
    if legacy >= 5 && legacy > 3 * viet {
        let kind = if text.contains("aâ") || text.contains("eâ") || text.contains("oâ") {
            "VNI"
        } else {
            "TCVN3 (ABC)"
        };
        return Err(ReadError::LegacyEncoding(kind));
    }
    Ok((text.to_owned(), Encoding::Utf8, Vec::new()))
}
