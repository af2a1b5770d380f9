# Writes the .eml fixtures of mail's Parse tests, shaped after what
# Thunderbird, Outlook (Exchange Online) and Gmail send, with Vietnamese
# names in the encodings each uses. Run: python3 make.py
import base64, quopri, urllib.parse, unicodedata

def enc(s, cs):
    if cs.lower() != 'windows-1258':
        return s.encode(cs)
    out = b''  # windows-1258 has base letters and tone marks, not every precomposed letter
    for ch in unicodedata.normalize('NFC', s):
        try:
            out += ch.encode('cp1258'); continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize('NFD', ch)
        tone = [c for c in d if c in '\u0300\u0301\u0303\u0309\u0323'][0]
        out += unicodedata.normalize('NFC', d.replace(tone, '')).encode('cp1258') + tone.encode('cp1258')
    return out

def bw(s, cs='UTF-8'):
    return '=?%s?B?%s?=' % (cs, base64.b64encode(enc(s, cs)).decode())

def qw(s, cs):
    out = ''
    for c in enc(s, cs):
        ch = chr(c)
        out += ch if (ch.isalnum() and c < 128) else ('_' if ch == ' ' else '=%02X' % c)
    return '=?%s?Q?%s?=' % (cs, out)

def b64(b):
    e = base64.b64encode(b).decode()
    return '\r\n'.join(e[i:i+76] for i in range(0, len(e), 76))

def w(name, lines):
    open(name, 'wb').write(('\r\n'.join(lines) + '\r\n').encode('utf-8'))

XLSX = b'PK\x03\x04 bang tinh Dak Mil'
CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

fn = 'Báo cáo 20 năm - Đắk Mil.xlsx'
w('thunderbird.eml', [
    'Message-ID: <5f1c2a3b-1d2e-4f50-9a8b-0c1d2e3f4a5b@dakmil.gov.vn>',
    'Date: Thu, 4 Apr 2024 16:05:12 +0700',
    'MIME-Version: 1.0',
    'User-Agent: Mozilla Thunderbird',
    'Content-Language: vi',
    'To: stttt@daknong.gov.vn',
    'From: ' + bw('Văn phòng UBND huyện Đắk Mil') + ' <vanphong@dakmil.gov.vn>',
    'Subject: ' + bw('Báo cáo kết quả tuyên truyền kỷ') + '\r\n ' + bw(' niệm 20 năm tái lập tỉnh'),
    'Content-Type: multipart/mixed; boundary="------------0aBcDeFgHiJkLmNoPqRsTuVw"',
    '',
    'This is a multi-part message in MIME format.',
    '--------------0aBcDeFgHiJkLmNoPqRsTuVw',
    'Content-Type: text/plain; charset=UTF-8; format=flowed',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Kính gửi Sở Thông tin và Truyền thông,',
    '',
    '--------------0aBcDeFgHiJkLmNoPqRsTuVw',
    'Content-Type: %s;' % CT,
    ' name="%s"' % bw(fn),
    'Content-Disposition: attachment;',
    " filename*=UTF-8''%s" % urllib.parse.quote(fn, safe=''),
    'Content-Transfer-Encoding: base64',
    '',
    b64(XLSX),
    '',
    '--------------0aBcDeFgHiJkLmNoPqRsTuVw--',
])

fn2 = 'BC 20 năm (final) (1).xlsx'
outlook_body = [
    'Content-Type: multipart/related;',
    '\tboundary="_003_SEYPR01MB1234_";',
    '\ttype="multipart/alternative"',
    '',
    '--_003_SEYPR01MB1234_',
    'Content-Type: multipart/alternative;',
    '\tboundary="_000_SEYPR01MB1234_"',
    '',
    '--_000_SEYPR01MB1234_',
    'Content-Type: text/plain; charset="windows-1258"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quopri.encodestring(enc('Kính gửi Sở.', 'windows-1258')).decode(),
    '',
    '--_000_SEYPR01MB1234_',
    'Content-Type: text/html; charset="windows-1258"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    '<html><body><img src=3D"cid:image001.png@01DA8700.12345670"></body></html>',
    '',
    '--_000_SEYPR01MB1234_--',
    '',
    '--_003_SEYPR01MB1234_',
    'Content-Type: image/png; name="image001.png"',
    'Content-Description: image001.png',
    'Content-Disposition: inline; filename="image001.png"; size=13;',
    '\tcreation-date="Fri, 05 Apr 2024 02:14:00 GMT"',
    'Content-ID: <image001.png@01DA8700.12345670>',
    'Content-Transfer-Encoding: base64',
    '',
    b64(b'\x89PNG\r\n\x1a\nimage'),
    '',
    '--_003_SEYPR01MB1234_--',
]
w('outlook.eml', [
    'From: ' + qw('Phòng Văn hóa - Thông tin', 'windows-1258') + ' <pvhtt@cujut.gov.vn>',
    'To: "stttt@daknong.gov.vn" <stttt@daknong.gov.vn>',
    'Subject: ' + qw('V/v gửi báo cáo 20 năm', 'windows-1258'),
    'Thread-Topic: ' + qw('V/v gửi báo cáo 20 năm', 'windows-1258'),
    'Date: Fri, 5 Apr 2024 02:15:00 +0000',
    'Message-ID: <SEYPR01MB1234567ABCDEF@SEYPR01MB1234.apcprd01.prod.exchangelabs.com>',
    'Accept-Language: vi-VN, en-US',
    'X-MS-Has-Attach: yes',
    'Content-Type: multipart/mixed;',
    '\tboundary="_004_SEYPR01MB1234_"',
    'MIME-Version: 1.0',
    '',
    '--_004_SEYPR01MB1234_',
] + outlook_body + [
    '',
    '--_004_SEYPR01MB1234_',
    'Content-Type: %s;' % CT,
    '\tname="%s"' % bw(fn2, 'utf-8'),
    'Content-Description: %s' % bw(fn2, 'utf-8'),
    'Content-Disposition: attachment;',
    '\tfilename="%s"; size=27;' % bw(fn2, 'utf-8'),
    'Content-Transfer-Encoding: base64',
    '',
    b64(XLSX),
    '',
    '--_004_SEYPR01MB1234_--',
])

# Gmail: an NFD name in RFC 2231 continuations, a .zip.
fn3 = unicodedata.normalize('NFD', 'Báo cáo UBND xã Đắk Wer - huyện Đắk R’lấp (bản chính thức).zip')
q = urllib.parse.quote(fn3.encode('utf-8'), safe='')
chunks = []
while q:
    n = min(50, len(q))
    while n < len(q) and '%' in q[max(0, n-2):n]:
        n -= 1
    chunks.append(q[:n]); q = q[n:]
cont = [" filename*%d*=%s%s%s" % (i, "UTF-8''" if i == 0 else '', c, ';' if i < len(chunks)-1 else '')
        for i, c in enumerate(chunks)]
w('gmail.eml', [
    'Received: from mail-pl1-f180.google.com (mail-pl1-f180.google.com [209.85.214.180])',
    '\tby mail.daknong.gov.vn (Postfix) with ESMTPS id 4V9XyZ1abcz1234',
    '\tfor <stttt@daknong.gov.vn>; Sat,  6 Apr 2024 09:01:07 +0700 (+07)',
    'Received: by mail-pl1-f180.google.com with SMTP id d9443c01a7336-1e0bec01232so12345675ad.3',
    '        for <stttt@daknong.gov.vn>; Fri, 05 Apr 2024 19:01:03 -0700 (PDT)',
    'MIME-Version: 1.0',
    'Date: Sat, 6 Apr 2024 09:01:02 +0700',
    'Message-ID: <CAF1x2y3z4=abc+DEF@mail.gmail.com>',
    'Subject: ' + bw('Gửi báo cáo của UBND xã Đắk Wer'),
    'From: ' + bw('Xã Đắk Wer') + ' <xadakwer@gmail.com>',
    'To: stttt@daknong.gov.vn',
    'Content-Type: multipart/mixed; boundary="000000000000a1b2c3d4e5f60718"',
    '',
    '--000000000000a1b2c3d4e5f60718',
    'Content-Type: multipart/alternative; boundary="000000000000a1b2c3d4e5f60717"',
    '',
    '--000000000000a1b2c3d4e5f60717',
    'Content-Type: text/plain; charset="UTF-8"',
    'Content-Transfer-Encoding: base64',
    '',
    b64('Kính gửi Sở'.encode()),
    '--000000000000a1b2c3d4e5f60717',
    'Content-Type: text/html; charset="UTF-8"',
    '',
    '<div>Kính gửi Sở</div>',
    '--000000000000a1b2c3d4e5f60717--',
    '--000000000000a1b2c3d4e5f60718',
    'Content-Type: application/zip',
    'Content-Disposition: attachment;',
] + cont + [
    'Content-Transfer-Encoding: base64',
    'X-Attachment-Id: f_lul1a2b30',
    'Content-ID: <f_lul1a2b30>',
    '',
    b64(b'PK\x03\x04zip-bytes'),
    '--000000000000a1b2c3d4e5f60718--',
])

# A unit's mail forwarded by a colleague: its attachment is inside a
# message/rfc822 part; the outer subject is ISO-8859-1.
inner = open('thunderbird.eml', 'rb').read().decode()
w('forwarded.eml', [
    'Date: Mon, 8 Apr 2024 07:30:00 +0700',
    'From: "Tran Thi B" <tranthib@daknong.gov.vn>',
    'To: stttt@daknong.gov.vn',
    'Subject: ' + qw('Fwd: Báo cáo', 'iso-8859-1'),
    'Message-ID: <fwd-0001@daknong.gov.vn>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="fwd-boundary"',
    '',
    '--fwd-boundary',
    'Content-Type: text/plain; charset=iso-8859-1',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    'Chuy=EAn ti=EAp.',
    '--fwd-boundary',
    'Content-Type: message/rfc822',
    'Content-Disposition: attachment; filename="Bao cao.eml"',
    '',
    inner.rstrip('\r\n'),
    '--fwd-boundary--',
])

w('no-attachment.eml', [
    'Date: Tue, 9 Apr 2024 10:00:00 +0700',
    'From: ubndxa@daknong.gov.vn',
    'To: stttt@daknong.gov.vn',
    'Subject: ' + qw('Xin gia hạn nộp báo cáo', 'windows-1258'),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=windows-1258',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quopri.encodestring(enc('Xin gia hạn đến 12/4.', 'windows-1258')).decode(),
])
