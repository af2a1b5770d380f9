# Writes the forwarded-mail fixtures of mail's forward tests with Python's
# own email package (policy SMTP, as a mail program sends), the way Gmail
# (English and Vietnamese), Outlook and a "forward as attachment" write a
# forward, and one reply quoting the request it answers (not a forward).
# Run: python3 make.py
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

ICT = timezone(timedelta(hours=7))
XLSX = b'PK\x03\x04 bang tinh Dak Sor'
FORWARDED_AT = format_datetime(datetime(2024, 3, 25, 10, 0, 0, tzinfo=ICT))

def mail(subject, body, frm='Văn phòng Sở <vanphong@daknong.gov.vn>', date=FORWARDED_AT, attach=True):
    m = EmailMessage(policy=SMTP)
    m['From'] = frm
    m['To'] = 'baocao@daknong.gov.vn'
    m['Subject'] = subject
    m['Date'] = date
    m['Message-ID'] = '<%d@daknong.gov.vn>' % len(subject + body)
    m.set_content(body)
    if attach:
        m.add_attachment(XLSX, maintype='application', subtype='vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename='Báo cáo 20 năm - Đắk Sôr.xlsx')
    return m

def write(name, m):
    open(name, 'wb').write(m.as_bytes(policy=SMTP))

write('gmail-vi.eml', mail('Fwd: Báo cáo 20 năm - xã Đắk Sôr', '''Chuyển anh chị tổng hợp.

---------- Thư đã chuyển tiếp ----------
Từ: UBND xã Đắk Sôr <daksor@daknong.gov.vn>
Date: Th 5, 21 thg 3, 2024 vào lúc 09:15
Subject: Báo cáo 20 năm
To: Văn phòng Sở <vanphong@daknong.gov.vn>

Kính gửi Sở.
'''))

write('gmail-en.eml', mail('Fwd: Bao cao 20 nam', '''---------- Forwarded message ---------
From: UBND xa Dak Sor <daksor@daknong.gov.vn>
Date: Thu, Mar 21, 2024 at 2:15 PM
Subject: Bao cao 20 nam
To: <vanphong@daknong.gov.vn>
'''))

write('outlook.eml', mail('TV: Báo cáo 20 năm', '''Chuyển bộ phận tổng hợp.

________________________________
From: Văn thư UBND xã Đắk Sôr <daksor@daknong.gov.vn>
Sent: Thursday, March 21, 2024 9:15 AM
To: Văn phòng Sở <vanphong@daknong.gov.vn>
Subject: Báo cáo 20 năm
'''))

inner = mail('Báo cáo 20 năm', 'Kính gửi Sở.', frm='UBND xã Đắk Sôr <daksor@daknong.gov.vn>',
             date=format_datetime(datetime(2024, 3, 21, 9, 15, 0, tzinfo=ICT)))
outer = mail('Fwd: Báo cáo 20 năm', 'Chuyển tiếp thư gốc đính kèm.', attach=False)
outer.add_attachment(inner)
write('attached.eml', outer)

write('reply.eml', mail('RE: Đề nghị báo cáo 20 năm', '''Kính gửi Sở, xã gửi báo cáo kèm theo.

-----Original Message-----
From: Sở TT&TT <stttt@daknong.gov.vn>
Sent: Monday, March 4, 2024 8:00 AM
Subject: Đề nghị báo cáo 20 năm
''', frm='UBND xã Đắk Sôr <daksor@daknong.gov.vn>'))
