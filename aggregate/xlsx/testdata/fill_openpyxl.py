#!/usr/bin/python3
"""Fill template.xlsx with openpyxl, as a unit using another program would.
usage: fill_openpyxl.py TEMPLATE OUT
Like /work/shared/bench/fill.py (values through the defined names), plus
formulas without cached values, booleans, the 1904 date system, a hidden
sheet with a quote in its name and a sheet-scoped defined name."""
import sys, datetime
import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from openpyxl.workbook.defined_name import DefinedName

src, out = sys.argv[1], sys.argv[2]
wb = openpyxl.load_workbook(src)
refs = {}
for dn in wb.defined_names.definedName:
    sh, cell = dn.attr_text.rsplit('!', 1)
    refs[dn.name] = (sh.strip("'").replace("''", "'"), cell.replace('$', ''))
vals = {"CT_A1": "Có", "CT_A2": "Có", "CT_A3": datetime.datetime(2023, 12, 20),
        "CT_A5": 7, "CT_A6": 12, "CT_A7": 0, "CT_B1": 2, "CT_B2": "Không", "CT_B3": 15.5,
        "CT_C1": 40, "CT_C2": "=CT_C1-5", "CT_D1": 5, "CT_D2": "=CT_D1*2.5",
        "CT_F1": "Triển khai đầy đủ\nđúng kế hoạch", "CT_F2": "  Không có  ",
        "NBC_HO_TEN": "Nguyễn Văn An", "NBC_NGAY": datetime.datetime(2024, 4, 2, 9, 30)}
for name, v in vals.items():
    if name in refs:
        sh, cell = refs[name]
        wb[sh][cell] = v
wb.epoch = CALENDAR_MAC_1904
ws = wb.create_sheet("It's")
ws["A1"] = True
ws["B1"] = False
ws["A2"] = 0.1
ws["B2"] = "=1/0"
ws["C3"] = "Đa\u0306\u0301k"
ws.merge_cells("A5:C6")
ws.sheet_state = "hidden"
wb.defined_names.append(DefinedName("Mat", attr_text="#REF!"))
wb.defined_names.append(DefinedName("CT_A1", localSheetId=wb.sheetnames.index("It's"), attr_text="'It''s'!$A$1"))
wb.properties.modified = datetime.datetime(2024, 4, 2, 9, 45, 0)
wb.properties.created = datetime.datetime(2023, 12, 15, 0, 0, 0)
wb.save(out)
