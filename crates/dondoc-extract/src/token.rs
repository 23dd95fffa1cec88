//! Tokens over folded text, each mapped back to its span in the original.

use crate::text::Folded;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Letters (possibly with digits: `qh15`).
    Word,
    /// Digits only.
    Num,
    /// One punctuation character.
    Punct(char),
}

#[derive(Debug, Clone)]
pub struct Tok {
    pub kind: Kind,
    /// Range in the folded text.
    pub f: Range<usize>,
    /// Range in the original text.
    pub o: Range<usize>,
}

/// A tokenised string: the folded text and its tokens.
#[derive(Debug, Clone)]
pub struct Tokens {
    pub folded: Folded,
    pub toks: Vec<Tok>,
}

impl Tokens {
    pub fn new(orig: &str) -> Self {
        let folded = Folded::new(orig);
        let mut toks = Vec::new();
        let t = folded.text.as_str();
        let mut it = t.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            if c.is_whitespace() {
                continue;
            }
            if c.is_alphanumeric() {
                let mut end = i + c.len_utf8();
                let mut digits = c.is_ascii_digit();
                while let Some(&(j, d)) = it.peek() {
                    if d.is_alphanumeric() {
                        digits &= d.is_ascii_digit();
                        end = j + d.len_utf8();
                        it.next();
                    } else if d == '\''
                        && t.get(j + 1..)
                            .and_then(|r| r.chars().next())
                            .is_some_and(char::is_alphabetic)
                    {
                        // "M'Drắk", "Ea H'Leo": an apostrophe inside a name.
                        digits = false;
                        end = j + 1;
                        it.next();
                    } else {
                        break;
                    }
                }
                let kind = if digits { Kind::Num } else { Kind::Word };
                // "01năm", "năm2026": a date word glued to its number is two tokens.
                if let Some(cut) = glued_date_word(t.get(i..end).unwrap_or("")) {
                    for (s, e) in [(i, i + cut), (i + cut, end)] {
                        let piece = t.get(s..e).unwrap_or("");
                        let kind = if piece.bytes().all(|b| b.is_ascii_digit()) {
                            Kind::Num
                        } else {
                            Kind::Word
                        };
                        let (a, b) = folded.orig_range(s, e);
                        toks.push(Tok {
                            kind,
                            f: s..e,
                            o: a..b,
                        });
                    }
                    continue;
                }
                let (a, b) = folded.orig_range(i, end);
                toks.push(Tok {
                    kind,
                    f: i..end,
                    o: a..b,
                });
            } else {
                let end = i + c.len_utf8();
                let (a, b) = folded.orig_range(i, end);
                toks.push(Tok {
                    kind: Kind::Punct(c),
                    f: i..end,
                    o: a..b,
                });
            }
        }
        Tokens { folded, toks }
    }

    /// The tokens of the original byte range `start..end`, re-based so that
    /// they describe the slice `orig[start..end]` on its own. Cheaper than
    /// tokenising the slice again: no Unicode work.
    pub fn sub(&self, start: usize, end: usize) -> Tokens {
        let (folded, fs) = self.folded.sub(start, end);
        // Tokens are in text order: look only at those that start in range.
        let lo = self.toks.partition_point(|t| t.o.start < start);
        let hi = self.toks.partition_point(|t| t.o.start < end).max(lo);
        let toks = self
            .toks
            .get(lo..hi)
            .unwrap_or_default()
            .iter()
            .filter(|t| t.o.end <= end && t.f.start >= fs)
            .map(|t| Tok {
                kind: t.kind,
                f: t.f.start - fs..t.f.end - fs,
                o: t.o.start - start..t.o.end - start,
            })
            .collect();
        Tokens { folded, toks }
    }

    pub fn len(&self) -> usize {
        self.toks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }

    /// The folded text of token `i` ("" past the end).
    pub fn s(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .and_then(|t| self.folded.text.get(t.f.clone()))
            .unwrap_or("")
    }

    pub fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }

    pub fn is_punct(&self, i: usize, c: char) -> bool {
        self.kind(i) == Some(Kind::Punct(c))
    }

    pub fn is_num(&self, i: usize) -> bool {
        self.kind(i) == Some(Kind::Num)
    }

    /// The number value of a numeric token.
    pub fn num(&self, i: usize) -> Option<u32> {
        if self.is_num(i) {
            self.s(i).parse().ok()
        } else {
            None
        }
    }

    /// True when the tokens from `i` spell the given words.
    pub fn words_at(&self, i: usize, words: &[&str]) -> bool {
        words.iter().enumerate().all(|(k, w)| self.s(i + k) == *w)
    }

    /// Original byte range covering tokens `a..b` (exclusive).
    pub fn orig_span(&self, a: usize, b: usize) -> Range<usize> {
        let start = self.toks.get(a).map(|t| t.o.start).unwrap_or(0);
        let end = b
            .checked_sub(1)
            .and_then(|l| self.toks.get(l))
            .map(|t| t.o.end)
            .unwrap_or(start);
        start..end.max(start)
    }

    /// Whether token `i` starts with an uppercase letter in the original.
    pub fn capitalized(&self, orig: &str, i: usize) -> bool {
        self.toks
            .get(i)
            .and_then(|t| orig.get(t.o.clone()))
            .and_then(|s| s.chars().next())
            .is_some_and(char::is_uppercase)
    }
}

/// Where to cut a folded word that glues a date word to a number ("01nam",
/// "nam2026", "thang4"): the byte offset of the cut.
fn glued_date_word(w: &str) -> Option<usize> {
    const WORDS: [&str; 3] = ["ngay", "thang", "nam"];
    let digits_first = w.bytes().take_while(u8::is_ascii_digit).count();
    if digits_first > 0 && WORDS.contains(&w.get(digits_first..)?) {
        return Some(digits_first);
    }
    let letters = w.bytes().take_while(|b| !b.is_ascii_digit()).count();
    let rest = w.get(letters..)?;
    (letters > 0
        && !rest.is_empty()
        && rest.bytes().all(|b| b.is_ascii_digit())
        && WORDS.contains(&w.get(..letters)?))
    .then_some(letters)
}

/// Roman numeral value (I..XX) of a folded token.
pub fn roman(s: &str) -> Option<u32> {
    let v = match s {
        "i" => 1,
        "ii" => 2,
        "iii" => 3,
        "iv" => 4,
        "v" => 5,
        "vi" => 6,
        "vii" => 7,
        "viii" => 8,
        "ix" => 9,
        "x" => 10,
        "xi" => 11,
        "xii" => 12,
        "xiii" => 13,
        "xiv" => 14,
        "xv" => 15,
        _ => return None,
    };
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_tokens_equal_fresh_tokens() {
        let s =
            "Giao Sở Khoa học và Công nghệ chủ trì; trên cơ sở đó, Văn phòng UBND tỉnh thực hiện.";
        let t = Tokens::new(s);
        let cut = s.find("trên").unwrap_or(0);
        let sub = t.sub(cut, s.len());
        let fresh = Tokens::new(&s[cut..]);
        let words = |t: &Tokens| {
            (0..t.len())
                .map(|i| (t.s(i).to_owned(), t.toks[i].o.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(words(&sub), words(&fresh));
        assert_eq!(sub.folded.text, fresh.folded.text);
    }

    /// Regression: "ngày 01 tháng 4 năm2026" and "tháng 01năm 2026" lost the date.
    #[test]
    fn glued_date_words_are_split() {
        for (s, want) in [
            (
                "ngày 01 tháng 4 năm2026",
                vec!["ngay", "01", "thang", "4", "nam", "2026"],
            ),
            ("tháng 01năm 2026", vec!["thang", "01", "nam", "2026"]),
            ("QH15 và 48E", vec!["qh15", "va", "48e"]),
        ] {
            let t = Tokens::new(s);
            let words: Vec<&str> = (0..t.len()).map(|i| t.s(i)).collect();
            assert_eq!(words, want, "{s}");
        }
        let t = Tokens::new("năm2026");
        assert_eq!(t.num(1), Some(2026));
        assert_eq!(&"năm2026"[t.orig_span(0, 1)], "năm");
    }

    #[test]
    fn tokens_map_to_original_spans() {
        let s = "Quý II/2026, Sở KH&CN";
        let t = Tokens::new(s);
        let words: Vec<&str> = (0..t.len()).map(|i| t.s(i)).collect();
        assert_eq!(
            words,
            ["quy", "ii", "/", "2026", ",", "so", "kh", "&", "cn"]
        );
        assert_eq!(&s[t.orig_span(0, 4)], "Quý II/2026");
        assert!(t.capitalized(s, 5));
    }
}
