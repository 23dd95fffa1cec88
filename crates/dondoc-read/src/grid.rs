//! Ruled tables on a scanned page. Tesseract reads the words of a table
//! well but in no useful order (often column by column); the rules printed
//! between rows and cells say where each word belongs. The rules are found
//! in the page image as long thin runs of dark pixels, allowing for the skew
//! of a scan, and each word is put in the cell whose rules surround it.

use crate::layout::Line;

/// Darker than this is ink.
const INK: u8 = 160;

/// Sizes in pixels at the image's resolution; the values are for 300 dpi.
#[derive(Debug, Clone, Copy)]
struct Px {
    /// Shortest run of ink, in one pixel row or column, that may be part of a rule.
    segment: i32,
    /// Shortest horizontal rule: about 2.5 cm.
    rule: i32,
    /// Gaps in a printed rule that noise or a faint scan leave.
    gap: i32,
    /// Rules closer than this are one.
    merge: f64,
    /// How far a vertical rule may stand outside the horizontal ones.
    slack: i32,
}

impl Px {
    fn at(dpi: u32) -> Px {
        let k = f64::from(dpi.clamp(50, 1200)) / 300.0;
        let px = |v: f64| ((v * k).round() as i32).max(1);
        Px {
            segment: px(40.0),
            rule: px(300.0),
            gap: px(2.0),
            merge: f64::from(px(8.0)),
            slack: px(12.0),
        }
    }
}

/// A grey image.
pub struct Gray {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

impl Gray {
    /// Reads a binary PGM (P5, 8-bit), as pdftoppm -gray writes it.
    pub fn from_pgm(bytes: &[u8]) -> Option<Gray> {
        let mut fields = Vec::new();
        let mut i = 0;
        while fields.len() < 4 {
            while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            if bytes.get(i) == Some(&b'#') {
                while bytes.get(i).is_some_and(|&b| b != b'\n') {
                    i += 1;
                }
                continue;
            }
            let start = i;
            while bytes.get(i).is_some_and(|b| !b.is_ascii_whitespace()) {
                i += 1;
            }
            fields.push(std::str::from_utf8(bytes.get(start..i)?).ok()?);
        }
        let data = bytes.get(i + 1..)?;
        let (magic, width, height, max) = (
            fields.first()?,
            fields.get(1)?,
            fields.get(2)?,
            fields.get(3)?,
        );
        if *magic != "P5" || *max != "255" {
            return None;
        }
        let width: usize = width.parse().ok()?;
        let height: usize = height.parse().ok()?;
        let pixels = data.get(..width.checked_mul(height)?)?.to_vec();
        Some(Gray {
            width,
            height,
            pixels,
        })
    }

    fn ink(&self, x: usize, y: usize) -> bool {
        self.pixels
            .get(y * self.width + x)
            .is_some_and(|&v| v < INK)
    }
}

/// A rule: a run of ink along one axis, possibly a little skewed. For a
/// horizontal rule `from`..`to` are x and `at`/`at_end` its y at either end;
/// for a vertical one the axes swap.
#[derive(Debug, Clone, Copy)]
struct Rule {
    from: i32,
    to: i32,
    at: f64,
    at_end: f64,
}

impl Rule {
    /// The cross-axis position at `t` along the rule.
    fn at(&self, t: i32) -> f64 {
        let span = f64::from((self.to - self.from).max(1));
        let k = f64::from(t.clamp(self.from, self.to) - self.from) / span;
        self.at + (self.at_end - self.at) * k
    }
}

/// Runs of ink along `len` lines of `size` pixels each, chained across
/// neighbouring lines into rules at least `min_len` long.
fn rules(
    len: usize,
    size: usize,
    ink: impl Fn(usize, usize) -> bool,
    min_len: i32,
    px: Px,
) -> Vec<Rule> {
    let (gap, min_segment) = (px.gap, px.segment);
    // Each open chain: (last line, from, to, segments' (mid, line) points).
    struct Chain {
        line: i32,
        from: i32,
        to: i32,
        last_from: i32,
        last_to: i32,
        points: Vec<(i32, i32)>,
    }
    let mut open: Vec<Chain> = Vec::new();
    let mut done: Vec<Chain> = Vec::new();
    for l in 0..len {
        let l32 = l as i32;
        // Segments on this line.
        let mut segments: Vec<(i32, i32)> = Vec::new();
        let mut start: Option<i32> = None;
        let mut last_ink = -gap - 10;
        for t in 0..size {
            let t32 = t as i32;
            if ink(l, t) {
                if start.is_none() || t32 - last_ink > gap + 1 {
                    if let Some(s) = start
                        && last_ink - s + 1 >= min_segment
                    {
                        segments.push((s, last_ink));
                    }
                    start = Some(t32);
                }
                last_ink = t32;
            }
        }
        if let Some(s) = start
            && last_ink - s + 1 >= min_segment
        {
            segments.push((s, last_ink));
        }
        for (a, b) in segments {
            let chain = open.iter_mut().find(|c| {
                l32 - c.line <= gap + 1 && a <= c.last_to + gap + 1 && b >= c.last_from - gap - 1
            });
            match chain {
                Some(c) => {
                    c.line = l32;
                    c.from = c.from.min(a);
                    c.to = c.to.max(b);
                    c.last_from = a;
                    c.last_to = b;
                    c.points.push(((a + b) / 2, l32));
                }
                None => open.push(Chain {
                    line: l32,
                    from: a,
                    to: b,
                    last_from: a,
                    last_to: b,
                    points: vec![((a + b) / 2, l32)],
                }),
            }
        }
        // Chains not continued for a few lines are finished.
        let (keep, old): (Vec<Chain>, Vec<Chain>) =
            open.into_iter().partition(|c| l32 - c.line <= gap + 1);
        open = keep;
        done.extend(old);
    }
    done.extend(open);
    done.into_iter()
        .filter(|c| c.to - c.from >= min_len)
        .map(|c| {
            // The rule's position at each end: the mean of its segments' near that end.
            let span = (c.to - c.from).max(1);
            let near = |end: i32| {
                let pts: Vec<f64> = c
                    .points
                    .iter()
                    .filter(|p| (p.0 - end).abs() * 4 <= span)
                    .map(|p| f64::from(p.1))
                    .collect();
                if pts.is_empty() {
                    None
                } else {
                    Some(pts.iter().sum::<f64>() / pts.len() as f64)
                }
            };
            let mean =
                c.points.iter().map(|p| f64::from(p.1)).sum::<f64>() / c.points.len().max(1) as f64;
            Rule {
                from: c.from,
                to: c.to,
                at: near(c.from).unwrap_or(mean),
                at_end: near(c.to).unwrap_or(mean),
            }
        })
        .collect()
}

/// A ruled table: its horizontal rules top to bottom, and for each band
/// between two of them, the vertical rules crossing it, left to right.
#[derive(Debug, Clone)]
pub struct Grid {
    rows: Vec<Rule>,
    columns: Vec<Vec<Rule>>,
}

/// The ruled tables on a page rendered at `dpi`, in pixels at 300 dpi
/// (the unit of the word boxes they will sort).
pub fn find(img: &Gray, dpi: u32) -> Vec<Grid> {
    let px = Px::at(dpi);
    let k = 300.0 / f64::from(dpi.clamp(50, 1200));
    find_px(img, px)
        .into_iter()
        .map(|mut g| {
            let scale = |r: &mut Rule| {
                r.from = (f64::from(r.from) * k) as i32;
                r.to = (f64::from(r.to) * k) as i32;
                r.at *= k;
                r.at_end *= k;
            };
            g.rows.iter_mut().for_each(scale);
            g.columns.iter_mut().flatten().for_each(scale);
            g
        })
        .collect()
}

fn find_px(img: &Gray, px: Px) -> Vec<Grid> {
    let (w, h) = (img.width, img.height);
    let mut horizontal = rules(h, w, |y, x| img.ink(x, y), px.rule, px);
    horizontal.sort_by(|a, b| a.at.total_cmp(&b.at));
    // Rules a few pixels apart are one thick rule.
    let mut merged: Vec<Rule> = Vec::new();
    for r in horizontal {
        match merged.last_mut() {
            Some(m) if (r.at - m.at).abs() < px.merge && r.from <= m.to && r.to >= m.from => {
                m.from = m.from.min(r.from);
                m.to = m.to.max(r.to);
            }
            _ => merged.push(r),
        }
    }
    if merged.len() < 2 {
        return Vec::new();
    }
    let vertical = rules(w, h, |x, y| img.ink(x, y), px.segment, px);
    let mut grids: Vec<Grid> = Vec::new();
    let mut current: Option<Grid> = None;
    for pair in merged.windows(2) {
        let [top, bottom] = pair else { continue };
        let left = top.from.max(bottom.from);
        let right = top.to.min(bottom.to);
        // A band between two rules that overlap, crossed by at least two
        // vertical rules from one to the other, is a table row.
        let mut cross: Vec<Rule> = if right - left >= px.rule {
            vertical
                .iter()
                .filter(|v| {
                    let x = v.at(((v.from + v.to) / 2).max(0)) as i32;
                    let (y0, y1) = (top.at(x), bottom.at(x));
                    let band = (y1 - y0).max(1.0);
                    x >= left - px.slack
                        && x <= right + px.slack
                        && f64::from(v.from) <= y0 + band * 0.15
                        && f64::from(v.to) >= y1 - band * 0.15
                })
                .copied()
                .collect()
        } else {
            Vec::new()
        };
        cross.sort_by(|a, b| a.at.total_cmp(&b.at));
        cross.dedup_by(|b, a| (b.at - a.at).abs() < px.merge);
        if cross.len() >= 2 {
            let g = current.get_or_insert_with(|| Grid {
                rows: vec![*top],
                columns: Vec::new(),
            });
            g.rows.push(*bottom);
            g.columns.push(cross);
        } else if let Some(g) = current.take() {
            grids.push(g);
        }
    }
    grids.extend(current);
    grids
}

/// A word placed in a cell: its centre's y, its height, its left, its text.
type Placed<'a> = (i32, i32, i32, &'a str);

impl Grid {
    /// The y of the table's top rule.
    pub fn top(&self) -> i32 {
        self.rows.first().map_or(0, |r| r.at.min(r.at_end) as i32)
    }

    /// The table's rows as tab-separated cells, and which lines they used.
    pub fn rows(&self, lines: &[Line]) -> (Vec<String>, Vec<usize>) {
        let mut used = Vec::new();
        // cells[band][column] = words (top, left, text)
        let mut cells: Vec<Vec<Vec<Placed>>> = self
            .columns
            .iter()
            .map(|c| vec![Vec::new(); c.len().saturating_sub(1)])
            .collect();
        for (i, line) in lines.iter().enumerate() {
            let mut inside = false;
            for w in &line.words {
                let (cx, cy) = ((w.left + w.right) / 2, (w.top + w.bottom) / 2);
                let band = self.rows.windows(2).position(|p| {
                    let [a, b] = p else { return false };
                    f64::from(cy) > a.at(cx) && f64::from(cy) < b.at(cx)
                });
                let Some(band) = band else { continue };
                let Some(cols) = self.columns.get(band) else {
                    continue;
                };
                let column = cols.windows(2).position(|p| {
                    let [a, b] = p else { return false };
                    f64::from(cx) > a.at(cy) && f64::from(cx) < b.at(cy)
                });
                let Some(column) = column else { continue };
                if let Some(cell) = cells.get_mut(band).and_then(|b| b.get_mut(column)) {
                    cell.push((cy, w.bottom - w.top, w.left, w.text.as_str()));
                    inside = true;
                }
            }
            if inside {
                used.push(i);
            }
        }
        let rows = cells
            .into_iter()
            .filter(|band| band.iter().any(|c| !c.is_empty()))
            .map(|band| {
                band.into_iter()
                    .map(|mut words| {
                        // Words by line (centres within half a line's height), then left to right.
                        words.sort_by_key(|w| w.0);
                        let mut lines: Vec<Vec<Placed>> = Vec::new();
                        for w in words {
                            match lines.last_mut() {
                                Some(l)
                                    if l.first()
                                        .is_some_and(|f| (w.0 - f.0) * 2 < f.1.max(w.1)) =>
                                {
                                    l.push(w)
                                }
                                _ => lines.push(vec![w]),
                            }
                        }
                        lines
                            .into_iter()
                            .flat_map(|mut l| {
                                l.sort_by_key(|w| w.2);
                                l.into_iter().map(|w| w.3)
                            })
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect::<Vec<_>>()
                    .join("\t")
            })
            .collect();
        (rows, used)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Word;

    /// A white page with a 3×2 ruled table, skewed by `slope` pixels per pixel.
    fn page(slope: f64) -> Gray {
        let (w, h) = (1200usize, 800usize);
        let mut pixels = vec![255u8; w * h];
        let mut dot = |x: f64, y: f64| {
            let (x, y) = (x.round() as i64, y.round() as i64);
            if x >= 0
                && y >= 0
                && (x as usize) < w
                && (y as usize) < h
                && let Some(p) = pixels.get_mut(y as usize * w + x as usize)
            {
                *p = 0;
            }
        };
        for y0 in [100.0, 250.0, 400.0, 550.0] {
            for x in 100..=1100 {
                for t in 0..3 {
                    dot(f64::from(x), y0 + f64::from(x) * slope + f64::from(t));
                }
            }
        }
        for x0 in [100.0, 500.0, 1100.0] {
            for y in 100..=550 {
                for t in 0..3 {
                    dot(x0 - f64::from(y) * slope + f64::from(t), f64::from(y));
                }
            }
        }
        // Some text-like ink that must not count as rules.
        for k in 0..20 {
            for y in 0..30 {
                dot(f64::from(120 + k * 15), 650.0 + f64::from(y));
            }
        }
        Gray {
            width: w,
            height: h,
            pixels,
        }
    }

    fn line(words: &[(i32, i32, &str)]) -> Line {
        let ws: Vec<Word> = words
            .iter()
            .map(|&(x, y, t)| Word {
                left: x,
                top: y,
                right: x + 60,
                bottom: y + 30,
                text: t.into(),
            })
            .collect();
        Line {
            left: ws.first().map_or(0, |w| w.left),
            top: ws.first().map_or(0, |w| w.top),
            right: ws.last().map_or(0, |w| w.right),
            bottom: ws.first().map_or(0, |w| w.bottom),
            words: ws,
        }
    }

    #[test]
    fn a_skewed_ruled_table_is_read_row_by_row() {
        for slope in [0.0, 0.008, -0.008] {
            let grids = find(&page(slope), 300);
            assert_eq!(grids.len(), 1, "slope {slope}");
            let g = &grids[0];
            assert_eq!(g.rows.len(), 4, "slope {slope}");
            // Tesseract's order: column by column.
            let lines = vec![
                line(&[(150, 150, "STT")]),
                line(&[(150, 300, "1")]),
                line(&[(150, 450, "2")]),
                line(&[(600, 140, "Cơ"), (680, 140, "quan")]),
                line(&[(600, 180, "chủ"), (680, 180, "trì")]),
                line(&[(600, 300, "Sở"), (680, 300, "KHCN")]),
                line(&[(600, 450, "UBND")]),
                line(&[(150, 660, "Nơi"), (230, 660, "nhận:")]),
            ];
            let (rows, used) = g.rows(&lines);
            assert_eq!(
                rows,
                vec!["STT\tCơ quan chủ trì", "1\tSở KHCN", "2\tUBND"],
                "slope {slope}"
            );
            assert_eq!(used, vec![0, 1, 2, 3, 4, 5, 6]);
        }
    }

    #[test]
    fn a_table_found_at_100_dpi_is_given_in_300_dpi_pixels() {
        let big = page(0.004);
        // Every third pixel, keeping ink: a 100-dpi rendering.
        let (w, h) = (big.width / 3, big.height / 3);
        let mut pixels = vec![255u8; w * h];
        for y in 0..h {
            for x in 0..w {
                let ink = (0..3).any(|dy| (0..3).any(|dx| big.ink(x * 3 + dx, y * 3 + dy)));
                if ink && let Some(p) = pixels.get_mut(y * w + x) {
                    *p = 0;
                }
            }
        }
        let grids = find(
            &Gray {
                width: w,
                height: h,
                pixels,
            },
            100,
        );
        assert_eq!(grids.len(), 1);
        let lines = vec![
            line(&[(150, 150, "STT")]),
            line(&[(600, 160, "Nội"), (680, 160, "dung")]),
            line(&[(150, 300, "1")]),
            line(&[(600, 300, "Rà"), (680, 300, "soát")]),
        ];
        let (rows, _) = grids[0].rows(&lines);
        assert_eq!(rows, vec!["STT\tNội dung", "1\tRà soát"]);
    }

    #[test]
    fn noise_is_no_table_and_no_panic() {
        let (w, h) = (600usize, 800usize);
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let pixels = (0..w * h)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x & 0xFF) as u8
            })
            .collect();
        let img = Gray {
            width: w,
            height: h,
            pixels,
        };
        for dpi in [0, 100, 300, u32::MAX] {
            let _ = find(&img, dpi);
        }
        let empty = Gray {
            width: 0,
            height: 0,
            pixels: Vec::new(),
        };
        assert!(find(&empty, 300).is_empty());
    }

    #[test]
    fn pgm_header_and_truncation() {
        let mut pgm = b"P5\n# pdftoppm\n3 2\n255\n".to_vec();
        pgm.extend([0, 255, 0, 255, 0, 255]);
        let g = Gray::from_pgm(&pgm).map(|g| (g.width, g.height, g.ink(0, 0), g.ink(1, 0)));
        assert_eq!(g, Some((3, 2, true, false)));
        assert!(Gray::from_pgm(&pgm[..pgm.len() - 1]).is_none());
        assert!(Gray::from_pgm(b"P6\n1 1\n255\n\0\0\0").is_none());
        assert!(Gray::from_pgm(b"P5\n99999999999 99999999999\n255\n").is_none());
    }
}
