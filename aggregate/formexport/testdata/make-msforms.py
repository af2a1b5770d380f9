# Writes msforms.xlsx the way Microsoft Forms exports responses: ID, start
# and completion time as real dates formatted m/d/yy h:mm:ss, Email, Name,
# then one column per question. Run: /usr/bin/python3 make-msforms.py (openpyxl).
import datetime
import openpyxl

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Sheet1"
ws.append(["ID", "Thời gian bắt đầu", "Thời gian hoàn thành", "Email", "Tên",
           "Tên đơn vị", "A1. Đơn vị có trang/cổng thông tin điện tử",
           "A5. Tin, bài về thành tựu sau 20 năm tái lập tỉnh của địa phương, đơn vị",
           "Ý kiến khác", "Họ và tên người báo cáo"])
rows = [
    (1, datetime.datetime(2024, 3, 10, 9, 14, 2), datetime.datetime(2024, 3, 10, 9, 15, 7),
     "anonymous", "", "UBND huyện Đắk Mil", "Có", "12 bài", "", "Nguyễn Văn An"),
    (2, datetime.datetime(2024, 4, 2, 14, 0, 0), datetime.datetime(2024, 4, 2, 14, 30, 59),
     "tt@daknong.gov.vn", "Trần Thị Tâm", "Sở Văn hóa, Thể thao và Du lịch", "Không", "0", "Không có", "Trần Thị Tâm"),
]
for r in rows:
    ws.append(list(r))
for row in ws.iter_rows(min_row=2, min_col=2, max_col=3):
    for c in row:
        c.number_format = "m/d/yy h:mm:ss"
wb.properties.creator = "Microsoft Forms"
wb.properties.created = datetime.datetime(2024, 4, 3)
wb.properties.modified = datetime.datetime(2024, 4, 3)
wb.save("msforms.xlsx")
