package docx

// A document.Doc shaped like the real consolidated report: the header
// block, "BÁO CÁO" and the subject, the addressee, five parts with a group
// table, the closing block, and a landscape appendix with a two-row merged
// header over 130 units, group rows and subtotals.

import (
	"encoding/csv"
	"fmt"
	"os"
	"testing"

	"tonghop/aggregate/document"
)

func txt(s string) document.Run    { return document.Run{Text: s} }
func bold(s string) document.Run   { return document.Run{Text: s, Bold: true} }
func italic(s string) document.Run { return document.Run{Text: s, Italic: true} }
func sized(r document.Run, size float64) document.Run {
	r.Size = size
	return r
}

func centred(runs ...document.Run) document.Paragraph {
	return document.Paragraph{Runs: runs, Align: document.Centre}
}

func bodyPara(runs ...document.Run) document.Paragraph {
	return document.Paragraph{Runs: runs, Align: document.Justify, FirstLine: 12.7, SpaceAfter: 6}
}

func heading(s string) document.Paragraph {
	p := bodyPara(bold(s))
	p.KeepWithNext = true
	return p
}

func cellOf(ps ...document.Paragraph) document.Cell { return document.Cell{Paras: ps} }

type unit struct{ code, name, group string }

var groups = []struct{ code, name string }{
	{"TU", "Các cơ quan tham mưu, giúp việc Tỉnh ủy"},
	{"SBN", "Các sở, ban, ngành"},
	{"VPDBQH", "Văn phòng Đoàn ĐBQH và HĐND tỉnh"},
	{"BC", "Các cơ quan báo chí của tỉnh"},
	{"LLVT", "Các đơn vị lực lượng vũ trang của tỉnh"},
	{"CTXH", "Các tổ chức chính trị - xã hội cấp tỉnh"},
	{"DU", "Các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy"},
	{"UBH", "UBND các huyện, thành phố"},
	{"UBX", "UBND các xã, phường, thị trấn"},
}

func readUnits(t testing.TB) []unit {
	f, err := os.Open("testdata/units.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []unit
	for _, r := range recs[1:] {
		out = append(out, unit{r[0], r[1], r[2]})
	}
	return out
}

// sampleReport builds the report. It is the fixture of every test here.
func sampleReport(t testing.TB) *document.Doc {
	units := readUnits(t)
	var b []document.Block
	add := func(blks ...document.Block) { b = append(b, blks...) }

	// Header block: a borderless two-column table.
	parent := centred(sized(txt("UBND TỈNH ĐẮK NÔNG"), 12))
	issuer := centred(sized(bold("SỞ THÔNG TIN VÀ TRUYỀN THÔNG"), 12))
	issuer.Rule = document.Rule{Length: 1.0 / 3, Unit: document.OfText}
	number := centred(sized(txt("Số:      /BC-STTTT"), 13))
	nation := centred(sized(bold("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), 12))
	motto := centred(sized(bold("Độc lập - Tự do - Hạnh phúc"), 13))
	motto.Rule = document.Rule{Length: 1, Unit: document.OfText}
	date := centred(sized(italic("Đắk Nông, ngày      tháng 4 năm 2024"), 14))
	// Both columns fit their longest line, as in the PDF: the national
	// title takes what it needs, the issuing body the rest.
	right := document.EstimateWidth("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, true) + 2
	add(document.Table{Widths: []float64{165 - right, right}, Padding: 0.1, Rows: []document.Row{
		{Cells: []document.Cell{cellOf(parent, issuer, number), cellOf(nation, motto, date)}},
	}})
	title := centred(bold("BÁO CÁO"))
	title.SpaceBefore = 18
	subject := centred(bold("Kết quả tuyên truyền Kỷ niệm 20 năm Ngày tái lập tỉnh Đắk Nông (01/01/2004 - 01/01/2024)"))
	subject.Rule = document.Rule{Length: 40}
	subject.SpaceAfter = 12
	to := centred(txt("Kính gửi: Ủy ban nhân dân tỉnh Đắk Nông."))
	to.SpaceAfter = 12
	add(title, subject, to)
	add(bodyPara(txt("Thực hiện Kế hoạch số 529/KH-UBND ngày 16/8/2023 của UBND tỉnh về việc thông tin, tuyên truyền Kỷ niệm 20 năm Ngày tái lập tỉnh Đắk Nông (01/01/2004 - 01/01/2024), Sở Thông tin và Truyền thông báo cáo kết quả (số liệu tính đến ngày 15/4/2024) như sau:")))

	add(heading("I. TÌNH HÌNH TRIỂN KHAI VÀ BÁO CÁO KẾT QUẢ"))
	add(bodyPara(txt("Tính đến ngày 15/4/2024, có "), bold("125/130"), txt(" đơn vị đã gửi báo cáo (96,2%), trong đó 113 đúng hạn, 8 muộn, 4 báo cáo có lỗi chưa được tổng hợp; 5 đơn vị chưa báo cáo. Cụ thể theo từng nhóm như sau:")))
	gt := document.Table{Widths: []float64{10, 60, 16, 16, 16, 14, 14, 18}, Relative: true, HeaderRows: 1, Borders: true, FontSize: 12}
	hdr := document.Row{}
	for _, s := range []string{"TT", "Nhóm cơ quan, đơn vị", "Số đơn vị", "Đã báo cáo", "Đúng hạn", "Muộn", "Có lỗi", "Chưa báo cáo"} {
		hdr.Cells = append(hdr.Cells, cellOf(centred(sized(bold(s), 11))))
	}
	gt.Rows = append(gt.Rows, hdr)
	for i, g := range groups {
		r := document.Row{Cells: []document.Cell{cellOf(centred(txt(fmt.Sprint(i + 1)))), cellOf(document.Paragraph{Runs: []document.Run{txt(g.name)}})}}
		for k := 0; k < 6; k++ {
			r.Cells = append(r.Cells, cellOf(document.Paragraph{Runs: []document.Run{txt(fmt.Sprint((i*7 + k*3) % 20))}, Align: document.Right}))
		}
		gt.Rows = append(gt.Rows, r)
	}
	gt.Rows = append(gt.Rows, document.Row{Cells: []document.Cell{
		{ColSpan: 2, Paras: []document.Paragraph{{Runs: []document.Run{bold("Tổng cộng")}}}},
		cellOf(document.Paragraph{Runs: []document.Run{bold("130")}, Align: document.Right}),
	}})
	add(gt)
	h2 := heading("II. KẾT QUẢ THỰC HIỆN")
	h2.SpaceBefore = 12
	add(h2)
	add(heading("1. Trang/cổng thông tin điện tử"))
	add(bodyPara(txt("- Đơn vị có trang/cổng thông tin điện tử: "), bold("113/121 đơn vị"), txt(";")))
	add(bodyPara(txt("- Tin, bài về thành tựu sau 20 năm tái lập tỉnh của địa phương, đơn vị: "), bold("1.862 tin, bài"), txt(".")))
	add(heading("III. CÁC CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG CHƯA THỰC HIỆN ĐẦY ĐỦ THEO ĐỀ NGHỊ"))
	add(bodyPara(bold("1. Chưa đặt banner tuyên truyền (07 đơn vị): "), txt("Sở Xây dựng; UBND huyện Đắk Mil; UBND xã Ea T'Ling & <Nâm N'Jang>.")))
	add(heading("IV. CÁC CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG CHƯA BÁO CÁO"))
	add(bodyPara(italic("- UBND các xã, phường, thị trấn (02): "), txt("UBND xã Quảng Hòa; UBND xã Đắk R'Măng.")))
	add(heading("V. ĐỀ XUẤT, KIẾN NGHỊ"))
	add(bodyPara(txt("Đề nghị các cơ quan, đơn vị tiếp tục duy trì banner tuyên truyền.\nDòng thứ hai\tsau một tab.")))
	add(bodyPara(txt("Trên đây là báo cáo kết quả tuyên truyền Kỷ niệm 20 năm Ngày tái lập tỉnh Đắk Nông./.")))

	// Closing block.
	recips := []document.Paragraph{{Runs: []document.Run{sized(document.Run{Text: "Nơi nhận:", Bold: true, Italic: true}, 12)}}}
	for _, s := range []string{"- Như trên;", "- UBND tỉnh (b/c);", "- Giám đốc, các PGĐ Sở;", "- Lưu: VT, TTBCXB."} {
		recips = append(recips, document.Paragraph{Runs: []document.Run{sized(txt(s), 11)}})
	}
	name := centred(bold("Hoàng Mạnh Thắng"))
	name.SpaceBefore = 72
	add(document.Table{Widths: []float64{1, 1}, Relative: true, Padding: 0.5, Rows: []document.Row{{Cells: []document.Cell{
		{Paras: recips},
		cellOf(centred(bold("KT. GIÁM ĐỐC")), centred(bold("PHÓ GIÁM ĐỐC")), name),
	}}}})

	main := document.Section{PageNumbers: document.FromSecondPage, Blocks: b}
	return &document.Doc{Sections: []document.Section{main, appendixSection(units)}}
}

// appendixSection is the landscape appendix: a two-row merged header
// repeated on every page, a group row before each group, a shaded subtotal
// after it.
func appendixSection(units []unit) document.Section {
	var b []document.Block
	b = append(b, centred(bold("Phụ lục")), centred(bold("KẾT QUẢ THỰC HIỆN CỦA TỪNG CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG")),
		document.Paragraph{Runs: []document.Run{sized(italic("(Kèm theo Báo cáo số        /BC-STTTT ngày 15/4/2024)"), 13)}, Align: document.Centre, SpaceAfter: 6})
	ids := []string{"A1", "A2", "A5", "B1", "B3", "C1", "C2"}
	t := document.Table{Widths: []float64{9, 80, 22, 18, 18, 18, 18, 18, 18, 18}, HeaderRows: 2, Borders: true, FontSize: 10}
	hc := func(s string, cs, rs int) document.Cell {
		return document.Cell{ColSpan: cs, RowSpan: rs, Paras: []document.Paragraph{centred(bold(s))}}
	}
	t.Rows = append(t.Rows,
		document.Row{Cells: []document.Cell{hc("TT", 1, 2), hc("Cơ quan, đơn vị, địa phương", 1, 2), hc("Tình trạng", 1, 2),
			hc("Trang thông tin điện tử", 3, 1), hc("Mạng xã hội", 2, 1), hc("Cán bộ, công chức", 2, 1)}},
		document.Row{})
	for _, id := range ids {
		t.Rows[1].Cells = append(t.Rows[1].Cells, hc(id, 1, 1))
	}
	right := func(s string) document.Cell {
		return cellOf(document.Paragraph{Runs: []document.Run{txt(s)}, Align: document.Right})
	}
	n := 0
	for gi, g := range groups {
		t.Rows = append(t.Rows, document.Row{Cells: []document.Cell{{ColSpan: len(t.Widths), Paras: []document.Paragraph{{Runs: []document.Run{bold(fmt.Sprintf("%s. %s", roman[gi], g.name))}}}}}})
		for _, u := range units {
			if u.group != g.code {
				continue
			}
			n++
			r := document.Row{Cells: []document.Cell{cellOf(centred(txt(fmt.Sprint(n)))), cellOf(document.Paragraph{Runs: []document.Run{txt(u.name)}}), cellOf(centred(txt("Đúng hạn")))}}
			for k := range ids {
				r.Cells = append(r.Cells, right(fmt.Sprint((n*13+k*7)%50)))
			}
			t.Rows = append(t.Rows, r)
		}
		sub := document.Row{Cells: []document.Cell{{Shade: true}, {Shade: true, Paras: []document.Paragraph{{Runs: []document.Run{bold("Cộng " + g.name)}}}}, {Shade: true}}}
		for range ids {
			sub.Cells = append(sub.Cells, document.Cell{Shade: true, Paras: []document.Paragraph{{Runs: []document.Run{bold("99")}, Align: document.Right}}})
		}
		t.Rows = append(t.Rows, sub)
	}
	b = append(b, t, document.Paragraph{Runs: []document.Run{sized(italic("Cột Tình trạng ở dòng cộng: số đơn vị được tổng hợp/số đơn vị phải báo cáo."), 10)}})
	return document.Section{Landscape: true, PageNumbers: document.Restart, Blocks: b}
}

var roman = []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"}
