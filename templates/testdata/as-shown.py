"""Edit a campaign workbook the way a person tidies it in a spreadsheet:
a title and a note above the header of "Chỉ tiêu" and "Đơn vị", a blank
spacer row between sections and one inside a section, and each section's
"Mục" and "Tên mục" merged down its rows (merging keeps only the top
cell's value, as Excel and LibreOffice do). Usage:
    as-shown.py IN.xlsx OUT.xlsx BROKEN.xlsx
BROKEN.xlsx is OUT with the type of indicator C1 misspelt; the row it is
on in the edited sheet is printed."""
import sys
import openpyxl

src, out, broken = sys.argv[1:4]
wb = openpyxl.load_workbook(src)

def column(ws, header, row=1):
    for cell in ws[row]:
        if cell.value == header:
            return cell.column
    raise SystemExit("no column %r" % header)

ws = wb["Chỉ tiêu"]
# openpyxl moves no merged area when it inserts rows: the title first.
ws.insert_rows(1, 2)
ws.cell(1, 1).value = "DANH MỤC CHỈ TIÊU BÁO CÁO"
ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)
ws.cell(2, 1).value = "(Kèm theo Công văn của Sở; sửa ở các dòng dưới)"
H = 3
c_id, c_sec, c_title, c_type = (column(ws, h, H) for h in ("Mã", "Mục", "Tên mục", "Kiểu"))
# Spacer rows: before each new section, and one inside the first section
# of more than two rows (bottom up, so that row numbers stay true).
sections = []
for r in range(H + 1, ws.max_row + 1):
    s = ws.cell(r, c_sec).value
    if s is None:
        continue
    if not sections or sections[-1][0] != s:
        sections.append([s, r, r])
    sections[-1][2] = r
inside = next(sec for sec in sections if sec[2] - sec[1] >= 2)
spacers = [sec[1] for sec in sections[1:]] + [inside[1] + 1]
for r in sorted(spacers, reverse=True):
    ws.insert_rows(r)
# Sections again, now with the blank rows inside them.
sections, cur = [], None
for r in range(H + 1, ws.max_row + 1):
    s = ws.cell(r, c_sec).value
    if s is not None and (cur is None or cur[0] != s):
        cur = [s, r, r]
        sections.append(cur)
    if s is not None or (cur is not None and r < ws.max_row and ws.cell(r + 1, c_sec).value == cur[0]):
        cur[2] = r
for s, r0, r1 in sections:
    if r1 > r0:
        for c in (c_sec, c_title):
            for r in range(r0 + 1, r1 + 1):
                ws.cell(r, c).value = None
            ws.merge_cells(start_row=r0, start_column=c, end_row=r1, end_column=c)
wu = wb["Đơn vị"]
wu.insert_rows(1)
wu.cell(1, 1).value = "DANH SÁCH ĐƠN VỊ"
wu.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
wb.save(out)

for r in range(1, ws.max_row + 1):
    if ws.cell(r, c_id).value == "C1":
        ws.cell(r, c_type).value = "Số thực"
        print(r)
wb.save(broken)
