"""Builds the reader's test fixtures. Run: python3 make_fixtures.py (needs
python-docx and reportlab from PyPI, and DejaVu fonts from Debian).
The scanned fixture comes from make_scans.py --fixture."""
import unicodedata
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from reportlab.pdfgen import canvas
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.lib.pagesizes import A4

SAMPLE = open("../../dondoc-extract/test_data/003_dfb97a17adc53d91.txt", encoding="utf-8").read()

# 1. A Word directive: numbered items (Word numbering, not typed), bullets,
#    a bold heading, a page break, an appendix table.
d = Document()
d.add_paragraph("Số: 12/UBND-KGVX")
d.add_paragraph("Khánh Hòa, ngày 05 tháng 01 năm 2026")
h = d.add_paragraph()
h.add_run("THÔNG BÁO").bold = True
d.add_paragraph("Kết luận về chuyển đổi số")
d.add_paragraph("Giao Sở Khoa học và Công nghệ chủ trì, phối hợp Sở Tài chính xây dựng Đề án, trình UBND tỉnh trước ngày 30/01/2026.", style="List Number")
d.add_paragraph("Sở Nội vụ tham mưu bố trí công chức chuyên trách chuyển đổi số; hoàn thành trong quý I/2026.", style="List Number")
d.add_paragraph("Rà soát thủ tục hành chính;", style="List Bullet")
p = d.add_paragraph("Công an tỉnh thường xuyên cập nhật dữ liệu dân cư.", style="List Number")
p.add_run().add_break(WD_BREAK.PAGE)
d.add_paragraph("Phụ lục")
t = d.add_table(rows=3, cols=5)
for i, v in enumerate(["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]):
    t.rows[0].cells[i].text = v
for i, v in enumerate(["1", "Xây dựng Kho dữ liệu dùng chung", "Sở KH&CN", "Các sở, ban, ngành", "Quý II/2026"]):
    t.rows[1].cells[i].text = v
for i, v in enumerate(["2", "Số hóa hồ sơ\ntiếp nhận", "UBND cấp xã", "", "Năm 2026"]):
    t.rows[2].cells[i].text = v
d.save("directive.docx")

# 2. A two-page PDF with a text layer, and one that is only an image.
pdfmetrics.registerFont(TTFont("DejaVu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
c = canvas.Canvas("directive.pdf", pagesize=A4)
c.setFont("DejaVu", 11)
lines = [l for l in open("../../dondoc-extract/test_data/002_901f57d19159e859.txt", encoding="utf-8").read().split("\n") if l.strip()]
y = 800
for line in lines[:6]:
    c.drawString(40, y, line[:90]); y -= 20
c.showPage()
c.setFont("DejaVu", 11)
c.drawString(40, 800, "2. Giao Sở Khoa học và Công nghệ chủ trì, báo cáo chậm nhất ngày 15/3/2026.")
c.save()
c = canvas.Canvas("scanned.pdf", pagesize=A4)
c.setFillGray(0.2)
for k in range(20):
    c.rect(40, 780 - 30 * k, 400 - 7 * k, 12, fill=1, stroke=0)
c.save()

# 3. Encodings.
open("utf16le.txt", "wb").write(b"\xff\xfe" + SAMPLE.encode("utf-16-le"))
def cp1258(s):
    # Windows-1258 has â, ê, ô, ă, ơ, ư, đ precomposed and the five tones as
    # combining marks: decompose, then put the vowel marks back.
    out = []
    for ch in unicodedata.normalize("NFD", s):
        if out and ch in "\u0302\u0306\u031b":
            # The vowel mark joins its base letter, past any tone mark before it.
            k = len(out) - 1
            while k > 0 and unicodedata.combining(out[k]):
                k -= 1
            out[k] = unicodedata.normalize("NFC", out[k] + ch)
        else:
            out.append(ch)
    return "".join(out).encode("cp1258")
open("windows1258.txt", "wb").write(cp1258(SAMPLE))
# TCVN3 and VNI as they appear when their bytes are read as Windows-1252:
# "Uû ban nh©n d©n tØnh" / "UÛy ban nhaân daân tænh" (= "Uỷ ban nhân dân tỉnh").
tcvn3 = "Uû ban nh©n d©n tØnh Kh¸nh Hßa\nGiao Së Khoa häc vµ C«ng nghÖ chñ tr×\n"
vni = "UÛy ban nhaân daân tænh Khaùnh Hoøa\nGiao Sôû Khoa hoïc vaø Coâng ngheä chuû trì\n"
open("tcvn3.txt", "wb").write(tcvn3.encode("cp1252"))
open("vni.txt", "wb").write(vni.encode("cp1252"))
open("legacy.doc", "wb").write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)

# 4. Layout tables, as Word directives are laid out (Decree 30/2020): the
#    letterhead (issuer and number | motto and date) and the signature block
#    (recipients | signer) are borderless tables; the appendix is a ruled
#    table of tasks.
def borders(table, val):
    """Sets the table's own borders: "nil" hides them all, "single" draws them."""
    tblPr = table._tbl.tblPr
    b = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement("w:" + side)
        e.set(qn("w:val"), val)
        if val != "nil":
            e.set(qn("w:sz"), "4")
        b.append(e)
    tblPr.append(b)


def cell(c, *paras, bold=False):
    c.paragraphs[0].text = ""
    for k, text in enumerate(paras):
        p = c.paragraphs[0] if k == 0 else c.add_paragraph()
        p.add_run(text).bold = bold


d = Document()
head = d.add_table(rows=2, cols=2, style="Table Grid")
borders(head, "nil")  # Table Grid with "No Border", as Word users do it
cell(head.rows[0].cells[0], "ỦY BAN NHÂN DÂN", "TỈNH KHÁNH HÒA", bold=True)
cell(head.rows[0].cells[1], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", bold=True)
cell(head.rows[1].cells[0], "Số: 15/UBND-KGVX", "V/v triển khai Kế hoạch chuyển đổi số năm 2026")
cell(head.rows[1].cells[1], "Khánh Hòa, ngày 12 tháng 01 năm 2026")
d.add_paragraph("Kính gửi: Các sở, ban, ngành; UBND cấp xã.")
d.add_paragraph("Thực hiện Kế hoạch số 06-KH/BCĐ ngày 27/01/2026 của Ban Chỉ đạo tỉnh, Chủ tịch UBND tỉnh có ý kiến như sau:")
d.add_paragraph("1. Giao Sở Khoa học và Công nghệ chủ trì, phối hợp Sở Tài chính tham mưu Kế hoạch chuyển đổi số năm 2026, trình UBND tỉnh trước ngày 28/02/2026.")
d.add_paragraph("2. Sở Nội vụ rà soát, bố trí công chức chuyên trách chuyển đổi số; hoàn thành trong quý I/2026.")
# A borderless two-column table in the body with no letterhead words: a
# side-by-side layout too, read left then right.
side = d.add_table(rows=1, cols=2)
cell(side.rows[0].cells[0], "Đầu mối Sở Khoa học và Công nghệ: 0258.3822.000")
cell(side.rows[0].cells[1], "Đầu mối Văn phòng UBND tỉnh: 0258.3822.111")
# The signature block: a borderless table without any table style.
sig = d.add_table(rows=1, cols=2)
borders(sig, "nil")
cell(sig.rows[0].cells[0], "Nơi nhận:", "- Như trên;", "- Chủ tịch UBND tỉnh (báo cáo);", "- Lưu: VT, KGVX.")
cell(sig.rows[0].cells[1], "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "", "Nguyễn Thanh Hà", bold=True)
# The appendix comes after the signature, as it is attached to the letter.
d.add_paragraph("Phụ lục")
data = d.add_table(rows=3, cols=4, style="Table Grid")
for row, values in zip(data.rows, [
    ["STT", "Nội dung", "Cơ quan chủ trì", "Thời gian"],
    ["1", "Xây dựng Kho dữ liệu dùng chung", "Sở KH&CN", "Quý II/2026"],
    ["2", "Số hóa hồ sơ tiếp nhận", "UBND cấp xã", "Năm 2026"],
]):
    for c, v in zip(row.cells, values):
        c.text = v
d.save("layout.docx")

# 5. PDFs the reader must refuse by name: one whose text layer is in the
#    legacy TCVN3 encoding (its font drew Vietnamese, its codes read
#    "Uû ban nh©n d©n"), and one locked with a password.
c = canvas.Canvas("legacy_font.pdf", pagesize=A4)
c.setFont("DejaVu", 11)
for k in range(8):
    c.drawString(40, 800 - 20 * k, "Uû ban nh©n d©n tØnh Kh¸nh Hßa. Giao Së Khoa häc vµ C«ng nghÖ chñ tr×.")
c.save()
c = canvas.Canvas("password.pdf", pagesize=A4, encrypt="mat-khau")
c.setFont("DejaVu", 11)
c.drawString(40, 800, "Giao Sở Khoa học và Công nghệ chủ trì, báo cáo trước ngày 15/3/2026.")
c.save()
print("fixtures written")
