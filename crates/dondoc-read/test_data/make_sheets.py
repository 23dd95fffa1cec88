"""Builds the workbook fixtures of sheet.rs. Run from this folder:
python3 make_sheets.py (needs openpyxl from PyPI: pip install openpyxl).
Amounts are in triệu đồng, as the finance department's sheets are.
The files are committed; rerunning gives the same cells (openpyxl stamps
the creation time in docProps, which the reader ignores)."""
import datetime
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

MONTHS = range(1, 13)


def fixed_times(wb):
    # Deterministic document properties, so a rerun changes little.
    stamp = datetime.datetime(2026, 11, 5, 8, 0, 0)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.creator = "dondoc test_data"


# 1. A good workbook: one header row with full Vietnamese names.
GOOD = [
    # code, name, owner, source, programme, allocation, plan ×12, actual ×12
    ("DA01", "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh", "Sở Khoa học và Công nghệ",
     "Đầu tư công", "Chuyển đổi số", 1200,
     [100] * 12, [50] * 9 + [80, None, None]),
    ("KH02", "Nhiệm vụ KHCN: ứng dụng trí tuệ nhân tạo trong dịch vụ công",
     "Sở Khoa học và Công nghệ", "Chi thường xuyên", "KHCN", 850.5,
     [0, 0, 100, 100, 100, 100, 100, 100, 100, 100, 50.5, 0],
     [0, 0, 100, 100, 100, 100, 100, 100, 40, "-", None, None]),
    ("DA03", "Trung tâm giám sát, điều hành thông minh (IOC)", "Văn phòng UBND tỉnh",
     "Vốn ĐTC", "CĐS", "2.500.000.000 đ",
     [0, 0, 0, 200, 200, 300, 300, 300, 300, 300, 300, 300],
     [0, 0, 0, 150, 200, 300, 300, 300, 300, 12.25, None, None]),
]


def good():
    wb = Workbook()
    ws = wb.active
    ws.title = "Giải ngân"
    ws["A1"] = "KẾ HOẠCH VÀ TIẾN ĐỘ GIẢI NGÂN VỐN KHOA HỌC, CÔNG NGHỆ VÀ CHUYỂN ĐỔI SỐ"
    header = ["STT", "Mã dự án", "Tên dự án/nhiệm vụ", "Chủ đầu tư / Đơn vị thực hiện",
              "Nguồn vốn", "Lĩnh vực", "Kế hoạch vốn năm 2026 (triệu đồng)"]
    header += [f"Kế hoạch giải ngân tháng {m}" for m in MONTHS]
    header += [f"Giải ngân tháng {m}" for m in MONTHS]
    ws.append([])
    for c, h in enumerate(header, 1):
        ws.cell(row=2, column=c, value=h).font = Font(bold=True)
    for i, (code, name, owner, source, prog, alloc, plan, actual) in enumerate(GOOD, 1):
        ws.append([i, code, name, owner, source, prog, alloc] + plan + actual)
    fixed_times(wb)
    wb.save("disbursement_good.xlsx")


# 2. Bad cells, all to be reported at once.
def bad():
    wb = Workbook()
    ws = wb.active
    ws.title = "Giải ngân"
    ws.append(["BÁO CÁO GIẢI NGÂN NĂM 2026 (ĐVT: triệu đồng)"])
    ws.append(["Mã dự án", "Tên dự án", "Đơn vị thực hiện", "Nguồn vốn", "Kế hoạch vốn"]
              + [f"KH T{m}" for m in MONTHS] + [f"GN T{m}" for m in MONTHS])
    zeros = [0] * 12
    rows = [
        ["DA01", "Dự án hợp lệ", "Sở Tài chính", "Đầu tư công", 120] + [10] * 12 + zeros,
        ["DA02", "Kế hoạch vốn không phải số", "Sở Tài chính", "Đầu tư công", "abc"] + zeros + zeros,
        ["DA03", "Số lẻ dưới 1 đồng, dấu sai", "Sở Y tế", "Chi thường xuyên", "12,3456789"]
        + ["1,5,5"] + [0] * 11 + zeros,
        ["", "Thiếu mã dự án", "Sở Y tế", "Chi thường xuyên", 50] + zeros + zeros,
        ["DA05", "Nguồn vốn lạ", "Sở Nội vụ", "Vốn vay", 10] + zeros + zeros,
        ["DA01", "Trùng mã với dòng 3", "Sở Tài chính", "Đầu tư công", 5] + zeros + zeros,
        ["DA07", "Ô lỗi công thức", "Sở Nội vụ", "Chi thường xuyên", 10] + zeros + ["#REF!"] + [0] * 11,
        ["DA08", "Dấu chấm mơ hồ", "Sở Nội vụ", "Chi thường xuyên", "1.500"] + zeros + zeros,
    ]
    for r in rows:
        ws.append(r)
    fixed_times(wb)
    wb.save("disbursement_bad.xlsx")


# 3. Merged title rows, a two-row header (months under group headings),
#    running totals of disbursement, section headings with subtotals, a
#    numbering row, a blank row and a totals row; a second sheet of notes.
SECTIONS = [
    ("I", "VỐN ĐẦU TƯ CÔNG", [
        ("DA01", "Nền tảng tích hợp, chia sẻ dữ liệu", "Sở Khoa học và Công nghệ", 1200,
         [100] * 12, [50, 100, 150, 200, 250, 300, 350, 400, 450, 530, None, None]),
        ("DA03", "Trung tâm IOC", "Văn phòng UBND tỉnh", 2500,
         [0, 0, 0, 200, 200, 300, 300, 300, 300, 300, 300, 300],
         [0, 0, 0, 150, 350, 650, 950, 1250, 1550, 1562.25, None, None]),
    ]),
    ("II", "CHI THƯỜNG XUYÊN", [
        ("KH02", "Ứng dụng trí tuệ nhân tạo trong dịch vụ công", "Sở Khoa học và Công nghệ", 850.5,
         [0, 0, 100, 100, 100, 100, 100, 100, 100, 100, 50.5, 0],
         [0, 0, 100, 200, 300, 400, 500, 600, 640, 640, None, None]),
    ]),
]


def merged():
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    last = get_column_letter(5 + 24)
    for row, text in [(1, "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA"),
                      (2, "TIẾN ĐỘ GIẢI NGÂN KẾ HOẠCH VỐN NĂM 2026"),
                      (3, "(Đơn vị tính: triệu đồng)")]:
        ws.merge_cells(f"A{row}:{last}{row}")
        ws.cell(row=row, column=1, value=text).alignment = Alignment(horizontal="center")
    for col, text in [(1, "STT"), (2, "Mã dự án"), (3, "Tên dự án"), (4, "Chủ đầu tư"),
                      (5, "Kế hoạch vốn giao")]:
        ws.merge_cells(start_row=5, start_column=col, end_row=6, end_column=col)
        ws.cell(row=5, column=col, value=text)
    ws.merge_cells(start_row=5, start_column=6, end_row=5, end_column=17)
    ws.cell(row=5, column=6, value="Kế hoạch giải ngân")
    ws.merge_cells(start_row=5, start_column=18, end_row=5, end_column=29)
    ws.cell(row=5, column=18, value="Lũy kế giải ngân")
    for m in MONTHS:
        ws.cell(row=6, column=5 + m, value=f"T{m}")
        ws.cell(row=6, column=17 + m, value=f"Tháng {m}")
    ws.append([f"({i})" for i in range(1, 30)])  # row 7: column numbers
    total_alloc = 0
    for index, title, projects in SECTIONS:
        alloc = sum(p[3] for p in projects)
        total_alloc += alloc
        ws.append([index, "", title, "", alloc])
        for k, (code, name, owner, a, plan, cum) in enumerate(projects, 1):
            ws.append([k, code, name, owner, a] + plan + cum)
        ws.append([])
    ws.append(["", "", "Tổng cộng", "", total_alloc])
    notes = wb.create_sheet("Ghi chú")
    notes["A1"] = "Số liệu giải ngân lũy kế đến hết tháng 10/2026."
    fixed_times(wb)
    wb.save("disbursement_merged.xlsx")


# 4. Indicator values with evidence.
def indicators():
    wb = Workbook()
    ws = wb.active
    ws.title = "Chỉ tiêu"
    ws["A1"] = "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHUYỂN ĐỔI SỐ"
    ws.append(["Mã chỉ tiêu", "Tên chỉ tiêu", "Kỳ", "Giá trị", "Số văn bản", "Ngày văn bản",
               "Tệp đính kèm"])
    rows = [
        ["DTI", "Chỉ số chuyển đổi số cấp tỉnh (xếp hạng)", 2025, 12, "15/BC-BKHCN",
         datetime.date(2026, 3, 20), "dti-2025.pdf"],
        ["DVC-TT", "Tỷ lệ hồ sơ trực tuyến toàn trình", "Quý III/2026", 62.5, "125/BC-VPUB",
         datetime.date(2026, 10, 5), None],
        ["DVC-TT", "Tỷ lệ hồ sơ trực tuyến toàn trình", "Tháng 8/2026", "68,2", None, None, None],
        ["KTS", "Tỷ trọng kinh tế số trong GRDP", "Quý 5/2026", "n/a", None, "32/13/2026", None],
        ["PII", "Chỉ số đổi mới sáng tạo cấp địa phương", "Năm 2025", 45.12, "20/BC-BKHCN",
         "15/01/2026", None],
    ]
    for r in rows:
        ws.append(r)
    for r in range(3, 8):
        ws.cell(row=r, column=6).number_format = "dd/mm/yyyy"
    fixed_times(wb)
    wb.save("indicators.xlsx")


# 5. The good workbook with one stray cell in the sheet's last cell
#    (XFD1048576): a dense read would allocate 17 billion cells.
def far_cell():
    wb = Workbook()
    ws = wb.active
    ws.title = "Giải ngân"
    ws.append(["Mã dự án", "Tên dự án", "Nguồn vốn", "Kế hoạch vốn (triệu đồng)"])
    ws.append(["DA01", "Dự án", "Đầu tư công", 100])
    ws["XFD1048576"] = "x"
    fixed_times(wb)
    wb.save("disbursement_far_cell.xlsx")


far_cell()
good()
bad()
merged()
indicators()
