"""Makes scanned copies of sample directives, to measure and test OCR.

Each directive text (one paragraph per line, Markdown marks, tab-separated
table rows, as in the corpus seeds) is typeset as a directive would be
(A4, Times-like serif 13 pt, justified body with a first-line indent, short
or upper-case lines centred, tables ruled), then printed to images and put
back into an image-only PDF, as a scanner does: a slight skew, grey noise,
JPEG compression.

    python3 make_scans.py                     # the five seeds -> /tmp/dondoc-scans/
    python3 make_scans.py --seeds DIR --out DIR [--dpi 300] [--noise 10]
    python3 make_scans.py --fixture           # test_data/scanned_directive.pdf

Writes, for every NAME.txt: OUT/text/NAME.pdf (with a text layer) and
OUT/scanned/NAME.pdf (images only). --fixture writes one small bilevel page
(black and white, as office scanners make) for the reader's test, from
fixture_directive.txt, where a line "left || right" is a row of a borderless
two-column layout (letterhead, signature block).

Needs reportlab, img2pdf and Pillow (PyPI), pdftoppm (Debian poppler-utils)
and Liberation Serif 2 (Debian fonts-liberation2; falls back to DejaVu Serif).

To score extraction on the copies (the scorer names each document by its
seed, NAME.txt; the command reads the .pdf beside that name):

    printf '#!/bin/sh\nexec dondoc extract "${1%%.txt}.pdf" --format json\n' > /tmp/pdf.sh
    chmod +x /tmp/pdf.sh
    score-extraction --gold corpus/gold --docs /tmp/dondoc-scans/scanned --run '/tmp/pdf.sh {doc}'
"""
import argparse
import io
import os
import random
import re
import subprocess
import sys
import tempfile

import img2pdf
from PIL import Image, ImageFilter
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(HERE, "../../../../shared/corpus/seeds")


def register_fonts():
    for folder, regular, bold in [
        ("/usr/share/fonts/truetype/liberation2", "LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"),
        ("/usr/share/fonts/truetype/dejavu", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
    ]:
        if os.path.exists(os.path.join(folder, regular)):
            pdfmetrics.registerFont(TTFont("Serif", os.path.join(folder, regular)))
            pdfmetrics.registerFont(TTFont("Serif-Bold", os.path.join(folder, bold)))
            pdfmetrics.registerFontFamily("Serif", normal="Serif", bold="Serif-Bold")
            return
    sys.exit("no Vietnamese serif font: apt-get install fonts-liberation2")


def plain(line):
    """A seed line without its Markdown marks, and whether it was bold or a heading."""
    s = line.rstrip()
    heading = bool(re.match(r"^#{1,6}\s", s))
    s = re.sub(r"^#{1,6}\s+", "", s)
    bold = heading or "**" in s
    s = s.replace("**", "").replace("\\*", "*").replace("\\", "")
    return s.strip(), bold


def blocks(text):
    """Paragraphs and tables, in order: ("p", text, bold), ("table", rows), or
    ("side", rows) for lines written "left || right": a borderless two-column
    layout, as a letterhead or a signature block is set."""
    out = []
    table = []
    for raw in text.split("\n"):
        if " || " in raw:
            if table:
                out.append(("table", table))
                table = []
            left, right = raw.split(" || ", 1)
            if out and out[-1][0] == "side":
                out[-1][1].append((plain(left), plain(right)))
            else:
                out.append(("side", [(plain(left), plain(right))]))
            continue
        if "\t" in raw:
            table.append([plain(c)[0] for c in raw.split("\t")])
            continue
        if table and raw.strip() == "":
            continue  # a blank line inside a table (a page break cut the row)
        if table:
            out.append(("table", table))
            table = []
        s, bold = plain(raw.replace("\f", ""))
        if not s or s == "---":
            continue
        out.append(("p", s, bold))
    if table:
        out.append(("table", table))
    return out


def story(text):
    body = ParagraphStyle("body", fontName="Serif", fontSize=13, leading=17,
                          alignment=TA_JUSTIFY, firstLineIndent=1.0 * cm, spaceAfter=5)
    centre = ParagraphStyle("centre", parent=body, alignment=TA_CENTER, firstLineIndent=0)
    side = ParagraphStyle("side", parent=centre, fontSize=12, leading=15, spaceAfter=0)
    item = ParagraphStyle("item", parent=body, firstLineIndent=1.0 * cm)
    cell = ParagraphStyle("cell", fontName="Serif", fontSize=10, leading=12, alignment=TA_LEFT)
    out = []
    for b in blocks(text):
        if b[0] == "side":
            def par(p):
                s, bold = p
                return Paragraph("<b>%s</b>" % escape(s) if bold else escape(s), side)
            avail = A4[0] - 4 * cm
            t = Table([[par(l), par(r)] for l, r in b[1]], colWidths=[avail * 0.4, avail * 0.6])
            t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("TOPPADDING", (0, 0), (-1, -1), 0),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
            out.append(t)
            out.append(Spacer(1, 8))
            continue
        if b[0] == "table":
            rows = b[1]
            width = max(len(r) for r in rows)
            rows = [r + [""] * (width - len(r)) for r in rows]
            # Column widths: every column fits its longest word, the rest of the
            # width is shared by how much text each column holds.
            def need(i):
                words = [w for r in rows for w in r[i].split()] or ["x"]
                return max(pdfmetrics.stringWidth(w, "Serif-Bold", 10) for w in words) + 8
            floor = [max(1.0 * cm, need(i)) for i in range(width)]
            weight = [sum(len(r[i]) for r in rows) ** 0.5 for i in range(width)]
            avail = A4[0] - 5 * cm
            spare = max(0, avail - sum(floor))
            cols = [f + spare * w / (sum(weight) or 1) for f, w in zip(floor, weight)]
            cols = [c * avail / sum(cols) for c in cols]
            data = [[Paragraph(escape(c), cell) for c in r] for r in rows]
            t = Table(data, colWidths=cols, repeatRows=1)
            t.setStyle(TableStyle([
                ("GRID", (0, 0), (-1, -1), 0.6, "black"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, 0), "Serif-Bold"),
            ]))
            out.append(Spacer(1, 4))
            out.append(t)
            out.append(Spacer(1, 6))
            continue
        _, s, bold = b
        words = escape(s)
        if bold:
            words = "<b>%s</b>" % words
        short = len(s) < 70 and not s.endswith((".", ";", ":"))
        if s.isupper() or (short and not re.match(r"^([0-9IVX]+\.|[a-zđ]\)|-|\+)", s)):
            out.append(Paragraph(words, centre))
        else:
            out.append(Paragraph(words, item if re.match(r"^([0-9]+\.|[a-zđ]\)|-|\+)", s) else body))
    return out


def typeset(text, path):
    doc = SimpleDocTemplate(path, pagesize=A4, leftMargin=3 * cm, rightMargin=2 * cm,
                            topMargin=2 * cm, bottomMargin=2 * cm)
    doc.build(story(text))


def pages(pdf, dpi, tmp):
    prefix = os.path.join(tmp, "page")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", pdf, prefix], check=True)
    return sorted(os.path.join(tmp, f) for f in os.listdir(tmp) if f.startswith("page"))


def scan(page, rng, noise):
    """A printed page as a scanner gives it back: skewed, noisy, a little soft."""
    img = Image.open(page).convert("L")
    img = img.rotate(rng.uniform(-0.5, 0.5), resample=Image.BICUBIC, fillcolor=255)
    if noise:
        img = img.filter(ImageFilter.GaussianBlur(0.6))
        grain = Image.effect_noise(img.size, noise)
        img = Image.blend(img, grain, 0.12)
    return img


def scanned_pdf(text_pdf, out, dpi, noise, rng):
    with tempfile.TemporaryDirectory() as tmp:
        images = []
        for page in pages(text_pdf, dpi, tmp):
            buf = io.BytesIO()
            scan(page, rng, noise).save(buf, format="JPEG", quality=70, dpi=(dpi, dpi))
            images.append(buf.getvalue())
        with open(out, "wb") as f:
            f.write(img2pdf.convert(images))


def fixture(rng):
    """One bilevel page, small enough to keep in the repository."""
    text = open(os.path.join(HERE, "fixture_directive.txt"), encoding="utf-8").read()
    with tempfile.TemporaryDirectory() as tmp:
        pdf = os.path.join(tmp, "f.pdf")
        typeset(text, pdf)
        first = pages(pdf, 300, tmp)
        images = []
        for page in first:
            img = scan(page, rng, 0).point(lambda v: 255 if v > 150 else 0, "1")
            buf = io.BytesIO()
            # One-bit PNG: lossless and small. (A G4 TIFF from Pillow is cut in
            # strips that img2pdf passes on wrongly: poppler repeats rows.)
            img.save(buf, format="PNG", optimize=True, dpi=(300, 300))
            images.append(buf.getvalue())
        out = os.path.join(HERE, "scanned_directive.pdf")
        with open(out, "wb") as f:
            f.write(img2pdf.convert(images))
        print(out, os.path.getsize(out), "bytes,", len(images), "page(s)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default=SEEDS)
    ap.add_argument("--out", default="/tmp/dondoc-scans")
    ap.add_argument("--dpi", type=int, default=300)
    ap.add_argument("--noise", type=float, default=10)
    ap.add_argument("--fixture", action="store_true")
    a = ap.parse_args()
    register_fonts()
    rng = random.Random(20260)
    if a.fixture:
        fixture(rng)
        return
    os.makedirs(os.path.join(a.out, "text"), exist_ok=True)
    os.makedirs(os.path.join(a.out, "scanned"), exist_ok=True)
    for name in sorted(os.listdir(a.seeds)):
        if not name.endswith((".txt", ".md")):
            continue
        stem = os.path.splitext(name)[0]
        text = open(os.path.join(a.seeds, name), encoding="utf-8").read()
        text_pdf = os.path.join(a.out, "text", stem + ".pdf")
        typeset(text, text_pdf)
        scanned = os.path.join(a.out, "scanned", stem + ".pdf")
        scanned_pdf(text_pdf, scanned, a.dpi, a.noise, rng)
        print(stem, os.path.getsize(scanned) // 1024, "KB")


if __name__ == "__main__":
    main()
