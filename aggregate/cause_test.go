package aggregate

import (
	"errors"
	"strings"
	"testing"
	"time"

	"tonghop/aggregate/archive"
	"tonghop/aggregate/gate"
	"tonghop/aggregate/xlsx"
)

// TestCauseNamesNoStep checks the one convention a letter to a unit relies
// on: every message about a file that cannot be used says what is wrong,
// then gate.Advice, then what to do; the part before it (Cause) is what
// the unit reads, and it never names tonghop's options or the officer's
// own steps ("chạy lại với --mat-khau", "tải lại tệp đính kèm").
func TestCauseNamesNoStep(t *testing.T) {
	sniffed := map[string][]byte{
		"empty":    nil,
		"jpeg":     {0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'},
		"pdf":      []byte("%PDF-1.7\n"),
		"html":     []byte("<html><table><tr><td>1</td></tr></table></html>"),
		"rtf":      []byte(`{\rtf1\ansi hello}`),
		"csv":      []byte("Mã đơn vị,Tên\nTU01,Văn phòng\n"),
		"xml2003":  []byte(`<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">`),
		"ole":      []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + strings.Repeat("\x00", 600)),
		"ole word": append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), []byte("W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t\x00")...),
		"binary":   {0x00, 0x01, 0x02, 0x03, 0xFE, 0x99},
		"zip head": []byte("PK\x03"),
	}
	msgs := map[string]string{
		"MsgEncrypted":   gate.MsgEncrypted,
		"MsgWrongPass":   gate.MsgWrongPass,
		"MsgTruncated":   gate.MsgTruncated,
		"MsgNotWorkbook": gate.MsgNotWorkbook,
		"tooLarge":       tooLarge(100 << 20),
		"overBudget":     overBudget(5 * time.Second),
		"formatError":    formatError(errors.New("tệp .ods hỏng: content.xml không đọc được"), nil),
		"xlsx limit":     (&xlsx.LimitError{What: xlsx.WhatEntries, Limit: 5000}).Error(),
		"scanNote":       scanNote,
	}
	for name, b := range sniffed {
		msgs["sniff "+name] = gate.Sniff(b, false)
	}
	for _, err := range []error{archive.ErrEncrypted, archive.ErrWrongPassword, archive.ErrBroken, archive.ErrUnsupported,
		archive.ErrMultiVolume, archive.ErrTooMany, archive.ErrTooLarge, archive.ErrTimeout, archive.ErrTooDeep} {
		msgs["archive "+err.Error()] = archiveMessage(gate.RAR, err)
	}
	steps := []string{"--", "chạy lại", "tải lại", "hỏi lại", "đề nghị đơn vị", "Lưu thành"}
	for name, msg := range msgs {
		if msg == "" {
			t.Errorf("%s: no message", name)
			continue
		}
		if !strings.Contains(msg, gate.Advice) {
			t.Errorf("%s: %q does not say what to do after %q", name, msg, gate.Advice)
		}
		cause := gate.Cause(msg)
		if cause == "" {
			t.Errorf("%s: %q has no cause before the advice", name, msg)
		}
		for _, s := range steps {
			if strings.Contains(cause, s) {
				t.Errorf("%s: the cause a unit reads names the officer's step %q: %q", name, s, cause)
			}
		}
	}
}
