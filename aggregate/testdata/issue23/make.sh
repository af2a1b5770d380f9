#!/bin/sh
# Makes the inbox of issue 23 in ./input with the tools units really use:
# LibreOffice writes the written reports (.docx, .odt) from HTML, pdftoppm
# and Ghostscript a photo (.jpg) and a scan (.pdf without text) of one,
# 7-Zip a .7z and an AES zip with a password nobody gave, Python's email
# package the mails (a forward, a mail from an unknown address signed with
# the unit's name) and openpyxl a Microsoft Forms export with date cells.
# The RAR, winmail.dat, the misnamed workbook and the district's file with
# its communes' sheets are made by TestIssue23Inbox itself (no RAR or TNEF
# writer here; the workbooks are the campaign's own form).
# Run from this folder: sh make.sh (needs soffice, pdftoppm, gs, 7z, python3
# with openpyxl).
set -eu
here=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -rf input && mkdir input

# Written reports, one header style each: the body is the lowest line.
report() { # file, left column lines (HTML), place
	cat > "$tmp/$1.html" <<HTML
<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="created" content="2024-04-08T09:30:00"><title>Báo cáo</title></head><body>
<table width="100%"><tr><td width="45%" align="center">$2</td>
<td align="center"><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc</b></td></tr>
<tr><td align="center">Số: 12/BC</td><td align="center"><i>$3, ngày 08 tháng 4 năm 2024</i></td></tr></table>
<p align="center"><b>BÁO CÁO</b></p><p align="center"><b>Kết quả tuyên truyền Kỷ niệm 20 năm Ngày tái lập tỉnh</b></p>
<p>Đơn vị báo cáo kết quả như sau: đã đặt banner, đăng 12 tin bài.</p></body></html>
HTML
}
report so-vhttdl "UBND TỈNH ĐẮK NÔNG<br><b>SỞ VĂN HÓA, THỂ THAO</b><br><b>VÀ DU LỊCH</b>" "Gia Nghĩa"
report btg "TỈNH ỦY ĐẮK NÔNG<br><b>BAN TUYÊN GIÁO</b><br>*" "Gia Nghĩa"
report thi-tran "UBND HUYỆN ĐẮK MIL<br><b>UBND THỊ TRẤN ĐẮK MIL</b>" "Đắk Mil"
report huyen-uy "ĐẢNG BỘ TỈNH ĐẮK NÔNG<br><b>HUYỆN ỦY KRÔNG NÔ</b><br>*" "Krông Nô"
report tinh-doan "BAN CHẤP HÀNH<br>ĐOÀN TNCS HỒ CHÍ MINH<br><b>TỈNH ĐẮK NÔNG</b>" "Gia Nghĩa"
report ldld "LIÊN ĐOÀN LAO ĐỘNG<br><b>TỈNH ĐẮK NÔNG</b>" "Gia Nghĩa"
report tuy-duc "UBND HUYỆN TUY ĐỨC<br><b>PHÒNG VĂN HÓA VÀ THÔNG TIN</b>" "Tuy Đức"
report tai-chinh "UBND TỈNH ĐẮK NÔNG<br><b>SỞ TÀI CHÍNH</b>" "Gia Nghĩa"
(cd "$tmp" && soffice --headless --infilter="HTML (StarWriter)" --convert-to docx so-vhttdl.html btg.html huyen-uy.html tinh-doan.html ldld.html tuy-duc.html tai-chinh.html >/dev/null 2>&1 &&
	soffice --headless --infilter="HTML (StarWriter)" --convert-to odt thi-tran.html >/dev/null 2>&1 &&
	soffice --headless --infilter="HTML (StarWriter)" --convert-to pdf thi-tran.html >/dev/null 2>&1)
cp "$tmp/so-vhttdl.docx" "input/Bao cao 20 nam.docx"
cp "$tmp/btg.docx" "input/BC tuyen truyen (1).docx"
cp "$tmp/thi-tran.odt" "input/bc-20-nam.odt"
cp "$tmp/huyen-uy.docx" "input/120-BC-HU.docx"
cp "$tmp/tinh-doan.docx" "input/BC_doan.docx"
cp "$tmp/ldld.docx" "input/van ban.docx"

# A photo of a report, named for its unit; a scan of another, no text.
pdftoppm -r 20 -gray -jpeg -jpegopt quality=40 -f 1 -l 1 "$tmp/thi-tran.pdf" "$tmp/anh"
cp "$tmp/anh-1.jpg" "input/Báo cáo UBND xã Đắk Sắk.jpg"
gs -q -dNOSAFER -sDEVICE=pdfwrite -o "$tmp/Scan_0001.pdf" "$(find /usr/share/ghostscript -name viewjpeg.ps | head -1)" \
	-c "($tmp/anh-1.jpg) << /PageSize 2 index viewJPEGgetsize 2 array astore >> setpagedevice viewJPEG"

# 7-Zip: a .7z holding a written report; an AES zip whose password was
# not given, holding a photo named for its unit.
cp "$tmp/tai-chinh.docx" "$tmp/bao-cao.docx"
(cd "$tmp" && 7z a -bd -y "$here/input/tai-lieu.7z" bao-cao.docx >/dev/null)
cp "$tmp/anh-1.jpg" "$tmp/UBND xã Đắk Môl.jpg"
(cd "$tmp" && 7z a -bd -y -tzip -mem=AES256 -pkhongai "$here/input/nen.zip" "UBND xã Đắk Môl.jpg" >/dev/null)

cp "$tmp/tuy-duc.docx" "$tmp/bao-cao-tuy-duc.docx"
cp "$tmp/Scan_0001.pdf" "$tmp/scan.pdf"
TMP="$tmp" /usr/bin/python3 - <<'PY'
import datetime, email.message, email.policy, email.utils, os
import openpyxl

tmp = os.environ["TMP"]
def mail(path, frm, subject, date, text, attach):
    m = email.message.EmailMessage(policy=email.policy.SMTP)
    m["From"], m["To"], m["Subject"] = frm, "tonghop@daknong.gov.vn", subject
    m["Date"] = email.utils.format_datetime(date)
    m.set_content(text)
    for name, sub in attach:
        with open(os.path.join(tmp, name), "rb") as f:
            m.add_attachment(f.read(), maintype="application", subtype=sub, filename=name)
    with open(path, "wb") as f:
        f.write(bytes(m))

vn = datetime.timezone(datetime.timedelta(hours=7))
# Forwarded by a colleague four days after the district sent it.
mail("input/Fwd Bao cao Tuy Duc.eml", "Văn thư Sở <vanthu@daknong.gov.vn>", "Fwd: Báo cáo kết quả tuyên truyền",
     datetime.datetime(2024, 4, 9, 8, 0, tzinfo=vn),
     "Chuyển anh chị.\n\n---------- Forwarded message ---------\nFrom: UBND huyện Tuy Đức <vhtt.tuyduc@gmail.com>\n"
     "Date: Thứ Sáu, 5 thg 4, 2024 lúc 16:20\nSubject: Báo cáo kết quả tuyên truyền\nTo: <vanthu@daknong.gov.vn>\n\nKính gửi Sở.\n",
     [("bao-cao-tuy-duc.docx", "vnd.openxmlformats-officedocument.wordprocessingml.document")])
# From an address the campaign does not know, signed with the unit's name.
mail("input/thu-quang-son.eml", "Nguyễn Thị Hoa <hoa.nguyen1987@gmail.com>", "Gửi báo cáo",
     datetime.datetime(2024, 4, 2, 10, 30, tzinfo=vn),
     "Kính gửi Sở Thông tin và Truyền thông,\nXin gửi bản quét báo cáo.\n\nTrân trọng,\nNguyễn Thị Hoa\nUBND xã Quảng Sơn\n",
     [("scan.pdf", "pdf")])

# Microsoft Forms' export: timestamps and the date answer as date cells.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Sheet1"
ws.append(["ID", "Thời gian bắt đầu", "Thời gian hoàn thành", "Email", "Tên", "Tên đơn vị",
           "A1. Đơn vị có trang/cổng thông tin điện tử",
           "A2. Đã đặt banner tuyên truyền Kỷ niệm 20 năm Ngày tái lập tỉnh", "A3. Ngày đặt banner"])
ws.append([1, datetime.datetime(2024, 3, 25, 9, 0), datetime.datetime(2024, 3, 25, 9, 12), "anonymous", "",
           "Sở Tư pháp", "Có", "Có", datetime.datetime(2023, 12, 15)])
for c in ("B2", "C2"):
    ws[c].number_format = "m/d/yy h:mm"
ws["I2"].number_format = "dd/mm/yyyy"
wb.properties.creator = "Microsoft Forms"
wb.properties.created = wb.properties.modified = datetime.datetime(2024, 3, 26)
wb.save("input/Biểu mẫu kết quả tuyên truyền.xlsx")
PY
ls -la input
