"""Builds sample_001.docx: the real sample directive 001 as a Word file, as a
secretariat would receive it (one paragraph per line, markdown bold as bold
runs, the tab-separated appendix rows as a Word table). Run: python3 make_docx.py"""
import re
from docx import Document
from docx.shared import Pt

SRC = "../../../dondoc-extract/test_data/001_dda158427d07a616.txt"
doc = Document()
style = doc.styles["Normal"]
style.font.name = "Times New Roman"
style.font.size = Pt(14)
rows = []
def flush_table():
    global rows
    if rows:
        width = max(len(r) for r in rows)
        t = doc.add_table(rows=len(rows), cols=width)
        for i, r in enumerate(rows):
            for j, cell in enumerate(r):
                t.cell(i, j).text = cell
        rows = []
for line in open(SRC, encoding="utf-8").read().split("\n"):
    if "\t" in line:
        rows.append([c.strip() for c in line.split("\t")])
        continue
    flush_table()
    p = doc.add_paragraph()
    for k, part in enumerate(re.split(r"\*\*", line.lstrip("#").strip())):
        if part:
            p.add_run(part).bold = (k % 2 == 1)
flush_table()
doc.save("sample_001.docx")
