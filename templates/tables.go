package templates

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tonghop/templates/vn"
)

// The campaign is stored as seven tables, the same in the embedded CSV files
// and in the campaign workbook an officer edits: one schema, two encodings.

// colKind tells the workbook writer how to present a column and the reader
// how to parse it.
type colKind int

const (
	kindText colKind = iota
	kindCode
	kindDate
	kindYesNo
	kindNumber
	kindType
	kindGroups   // group codes separated by "; "
	kindGroup    // one group code
	kindSeverity //
	kindExpr     // an expression over indicators
	kindList     // items separated by "; "
	kindBound    // number or date, by the indicator's type
	kindTotal    // a total method, "Trung bình theo H1"
)

type column struct {
	key      string // CSV header; foldKey of the Vietnamese header
	header   string // Vietnamese header in the workbook
	note     string // note on the header cell in the workbook
	required bool   // the column must be present
	kind     colKind
	width    float64 // column width in the workbook
}

type table struct {
	file  string // embedded CSV file
	sheet string // workbook sheet
	cols  []column
	// optional tables may be missing from a campaign workbook.
	optional bool
}

// Campaign metadata keys of the "Chiến dịch" table, in order. Keys marked
// list may repeat, one item per row.
type metaKey struct {
	key, label string
	kind       colKind
	list       bool
	required   bool
	// field points at the campaign field the key stands for: a *string,
	// *time.Time or, for list keys, *[]string. decode and encode both go
	// through it.
	field func(c *Campaign) any
}

var metaKeys = []metaKey{
	{"ma", "Mã chiến dịch (ghi vào mọi biểu mẫu; đổi mã khi sang chiến dịch mới)", kindCode, false, true, func(c *Campaign) any { return &c.ID }},
	{"phien_ban_mau", "Phiên bản biểu mẫu (tăng lên khi sửa chỉ tiêu)", kindCode, false, true, func(c *Campaign) any { return &c.TemplateVersion }},
	{"ten", "Tên đợt tuyên truyền, chiến dịch", kindText, false, true, func(c *Campaign) any { return &c.Title }},
	{"trich_yeu", "Trích yếu của báo cáo tổng hợp", kindText, false, true, func(c *Campaign) any { return &c.Subject }},
	{"can_cu", "Câu mở đầu báo cáo tổng hợp (Thực hiện …)", kindText, false, false, func(c *Campaign) any { return &c.Basis }},
	{"co_quan_cap_tren", "Cơ quan chủ quản (dòng trên của quốc hiệu bên trái)", kindText, false, true, func(c *Campaign) any { return &c.ParentBody }},
	{"co_quan_ban_hanh", "Cơ quan ban hành báo cáo", kindText, false, true, func(c *Campaign) any { return &c.IssuingBody }},
	{"ky_hieu", "Ký hiệu văn bản (ví dụ BC-STTTT)", kindText, false, true, func(c *Campaign) any { return &c.Symbol }},
	{"dia_danh", "Địa danh ghi ở dòng ngày tháng", kindText, false, true, func(c *Campaign) any { return &c.Place }},
	{"bat_dau", "Ngày bắt đầu đợt (ngày/tháng/năm)", kindDate, false, true, func(c *Campaign) any { return &c.PeriodStart }},
	{"ket_thuc", "Ngày kết thúc đợt", kindDate, false, true, func(c *Campaign) any { return &c.PeriodEnd }},
	{"han_so_lieu", "Hạn nộp số liệu: nộp trước ngày này là đúng hạn", kindDate, false, true, func(c *Campaign) any { return &c.DataDeadline }},
	{"han_van_ban", "Hạn gửi báo cáo bằng văn bản: trước ngày này", kindDate, false, false, func(c *Campaign) any { return &c.WrittenDeadline }},
	{"don_vi_van_ban", "Đơn vị, nhóm phải gửi thêm báo cáo bằng văn bản (mỗi dòng một mã)", kindCode, true, false, func(c *Campaign) any { return &c.WrittenReportFrom }},
	{"chuc_danh_ky", "Chức danh người ký (mỗi dòng một dòng chữ, ví dụ KT. GIÁM ĐỐC rồi PHÓ GIÁM ĐỐC)", kindText, true, true, func(c *Campaign) any { return &c.SignerTitle }},
	{"nguoi_ky", "Họ tên người ký", kindText, false, true, func(c *Campaign) any { return &c.SignerName }},
	{"kinh_gui", "Nơi báo cáo tổng hợp được gửi đến (Kính gửi), ví dụ Ủy ban nhân dân tỉnh Đắk Nông", kindText, false, false, func(c *Campaign) any { return &c.Addressee }},
	{"noi_nhan", "Nơi nhận (mỗi dòng một nơi nhận; \"Như trên;\" là nơi ghi ở Kính gửi, không ghi lại lần nữa)", kindText, true, true, func(c *Campaign) any { return &c.Recipients }},
	{"lien_he", "Phòng, đơn vị đầu mối liên hệ, ghi trong biểu mẫu gửi các đơn vị", kindText, false, false, func(c *Campaign) any { return &c.Contact }},
	{"lien_he_nguoi", "Họ tên người liên hệ (để trống thì biểu mẫu ghi tên phòng đầu mối)", kindText, false, false, func(c *Campaign) any { return &c.ContactPerson }},
	{"lien_he_dien_thoai", "Số điện thoại liên hệ", kindText, false, false, func(c *Campaign) any { return &c.ContactPhone }},
	{"lien_he_email", "Địa chỉ thư điện tử nhận báo cáo của các đơn vị", kindText, false, false, func(c *Campaign) any { return &c.ContactEmail }},
	{"de_xuat", "Đề xuất, kiến nghị mặc định của báo cáo tổng hợp", kindText, false, false, func(c *Campaign) any { return &c.Proposals }},
	{"ten_toan_bo", "Tên dòng tổng cộng của mọi đơn vị (để trống là Toàn tỉnh; ví dụ Toàn ngành)", kindText, false, false, func(c *Campaign) any { return &c.TotalLabel }},
	{"ma_ky_truoc", "Mã chiến dịch của kỳ trước (init --ky-moi ghi): biểu mẫu kỳ trước đơn vị gửi nhầm được nhận ra", kindCode, false, false, func(c *Campaign) any { return &c.PreviousID }},
}

var (
	tableMeta = &table{file: "chien-dich.csv", sheet: "Chiến dịch", cols: []column{
		{key: "khoa", header: "Khóa", note: "Tên thông tin, không sửa. Các khóa có thể lặp (nơi nhận, chức danh ký, đơn vị gửi văn bản): mỗi dòng một mục.", required: true, kind: kindCode, width: 18},
		{key: "gia_tri", header: "Giá trị", note: "Nội dung. Ngày ghi dạng ngày/tháng/năm.", required: true, kind: kindText, width: 80},
		{key: "giai_thich", header: "Giải thích", note: "Chỉ để đọc; không ảnh hưởng đến chiến dịch.", kind: kindText, width: 60},
	}}
	tableGroups = &table{file: "nhom.csv", sheet: "Nhóm", cols: []column{
		{key: "ma", header: "Mã", note: "Mã nhóm, viết liền không dấu (ví dụ UBX). Không trùng.", required: true, kind: kindCode, width: 10},
		{key: "ten", header: "Tên", note: "Tên nhóm hiển thị trong biểu mẫu và báo cáo.", required: true, kind: kindText, width: 50},
		{key: "thu_tu", header: "Thứ tự", note: "Thứ tự của nhóm trong các bảng tổng hợp (1, 2, 3 …).", required: true, kind: kindNumber, width: 9},
		{key: "nhom_cap_tren", header: "Nhóm cấp trên", note: "Để trống, trừ nhóm cấp dưới: ghi mã nhóm của đơn vị cấp trên (UBX có nhóm cấp trên UBH). Khi đó mỗi đơn vị của nhóm phải có mã cấp trên thuộc nhóm này.", kind: kindGroup, width: 14},
	}}
	tableUnits = &table{file: "don-vi.csv", sheet: "Đơn vị", cols: []column{
		{key: "ma", header: "Mã", note: "Mã đơn vị, không trùng, viết liền không dấu (ví dụ UBX-24643). Mã là khóa nhận diện đơn vị.", required: true, kind: kindCode, width: 12},
		{key: "ten", header: "Tên", note: "Tên đơn vị, in sẵn trong biểu mẫu.", required: true, kind: kindText, width: 42},
		{key: "nhom", header: "Nhóm", note: "Mã nhóm (trang Nhóm).", required: true, kind: kindGroup, width: 9},
		{key: "ma_cap_tren", header: "Mã cấp trên", note: "Mã đơn vị cấp trên mà số liệu được cộng vào (xã → huyện). Để trống nếu không có.", kind: kindCode, width: 12},
		{key: "ma_gso", header: "Mã GSO", note: "Mã đơn vị hành chính của Tổng cục Thống kê, nếu có.", kind: kindCode, width: 9},
		{key: "ten_khac", header: "Tên khác", note: "Các cách viết khác của tên, cách nhau bằng dấu chấm phẩy (;). Dùng để nhận ra đơn vị khi tệp mất thông tin nhận diện.", kind: kindList, width: 40},
		{key: "email", header: "Email", note: "Địa chỉ thư điện tử để gửi biểu mẫu (không bắt buộc).", kind: kindText, width: 28},
	}}
	tableIndicators = &table{file: "chi-tieu.csv", sheet: "Chỉ tiêu", cols: []column{
		{key: "ma", header: "Mã", note: "Mã chỉ tiêu (chữ cái mục + số, ví dụ C2). Dùng trong quy tắc và trong tên ô CT_<mã> của biểu mẫu.", required: true, kind: kindCode, width: 7},
		{key: "muc", header: "Mục", note: "Mã mục (A, B, C …). Các chỉ tiêu cùng mục đứng liền nhau.", required: true, kind: kindCode, width: 6},
		{key: "ten_muc", header: "Tên mục", note: "Tên mục, giống nhau cho mọi chỉ tiêu cùng mục.", required: true, kind: kindText, width: 30},
		{key: "noi_dung", header: "Nội dung", note: "Nội dung chỉ tiêu, in trong biểu mẫu.", required: true, kind: kindText, width: 60},
		{key: "dvt", header: "ĐVT", note: "Đơn vị tính (tin, bài; người; phút …). Để trống nếu không có.", kind: kindText, width: 11},
		{key: "kieu", header: "Kiểu", note: "Có/Không, Số nguyên, Số (có phần lẻ), Tiền (đồng), Tỷ lệ %, Ngày, Văn bản hoặc Lựa chọn.", required: true, kind: kindType, width: 11},
		{key: "nhom", header: "Nhóm", note: "Các nhóm phải báo cáo chỉ tiêu, cách nhau bằng dấu chấm phẩy (UBH; UBX). Để trống là mọi nhóm.", kind: kindGroups, width: 12},
		{key: "toi_thieu", header: "Tối thiểu", note: "Giá trị nhỏ nhất (số hoặc ngày). Để trống nếu không giới hạn.", kind: kindBound, width: 11},
		{key: "toi_da", header: "Tối đa", note: "Giá trị lớn nhất (số hoặc ngày); với Văn bản là số ký tự tối đa; với Tỷ lệ % để trống là 100.", kind: kindBound, width: 11},
		{key: "bat_buoc", header: "Bắt buộc", note: "Có: đơn vị phải nhập (nhập 0 nếu không có).", kind: kindYesNo, width: 9},
		{key: "bat_buoc_khi", header: "Bắt buộc khi", note: "Điều kiện làm chỉ tiêu thành bắt buộc, ví dụ A2 (khi A2 là Có).", kind: kindExpr, width: 12},
		{key: "huong_dan", header: "Hướng dẫn", note: "Lời nhắc hiện ra khi đơn vị chọn ô nhập.", kind: kindText, width: 50},
		{key: "cau_hoi_truc_tuyen", header: "Câu hỏi trên biểu mẫu trực tuyến", note: "Câu hỏi của biểu mẫu trực tuyến (Google Forms, Microsoft Forms) hỏi chỉ tiêu này, khi khác nội dung chỉ tiêu. Để trống nếu giống nội dung.", kind: kindText, width: 50},
		{key: "ten_ngan", header: "Tên ngắn", note: "Vài chữ gọi tên chỉ tiêu ở đầu cột các bảng phụ lục của báo cáo (ví dụ «Đặt banner»). Để trống thì dùng nội dung.", kind: kindText, width: 18},
		{key: "thuoc_dien_khi", header: "Thuộc diện khi", note: "Điều kiện để đơn vị thuộc diện của chỉ tiêu, ví dụ A1 (chỉ hỏi đơn vị có trang TTĐT). Đơn vị không thuộc diện không phải nhập, không tính vào mẫu số, được ghi «không thuộc diện». Để trống là mọi đơn vị của nhóm.", kind: kindExpr, width: 14},
		{key: "cach_tong", header: "Cách tính tổng", note: "Cộng, Trung bình, Trung bình theo <mã chỉ tiêu> (bình quân gia quyền, ví dụ Trung bình theo H1) hoặc Không tính. Để trống: Số nguyên, Số, Tiền được cộng; Tỷ lệ % lấy trung bình; Có/Không đếm số đơn vị Có; các kiểu khác không tính tổng. Tỷ lệ % không được cộng.", kind: kindTotal, width: 18},
		{key: "lua_chon", header: "Các lựa chọn", note: "Với kiểu Lựa chọn: các câu trả lời được chọn, cách nhau bằng dấu chấm phẩy (Tốt; Khá; Trung bình; Yếu).", kind: kindList, width: 30},
	}}
	tableRules = &table{file: "quy-tac.csv", sheet: "Quy tắc", cols: []column{
		{key: "ma", header: "Mã", note: "Mã quy tắc, không trùng.", required: true, kind: kindCode, width: 7},
		{key: "khi", header: "Khi", note: "Điều kiện áp dụng; để trống là luôn áp dụng. Ví dụ: A2 (A2 là Có), D2 > 0.", kind: kindExpr, width: 14},
		{key: "phai", header: "Phải", note: "Điều phải đúng, ví dụ C2 <= C1. Dùng mã chỉ tiêu, NBC_NGAY (ngày báo cáo), BAT_DAU, KET_THUC, HAN_SO_LIEU; && là và, || là hoặc, ! là phủ định. Quy tắc có chỉ tiêu để trống thì không xét.", required: true, kind: kindExpr, width: 24},
		{key: "muc_do", header: "Mức độ", note: "Lỗi (báo cáo bị loại khỏi tổng hợp) hoặc Cảnh báo (chỉ nhắc).", required: true, kind: kindSeverity, width: 10},
		{key: "thong_bao", header: "Thông báo", note: "Lời báo khi quy tắc sai. {C1} được thay bằng giá trị của C1.", required: true, kind: kindText, width: 80},
	}}
	tableLists = &table{file: "danh-sach.csv", sheet: "Danh sách cần nêu", cols: []column{
		{key: "ma", header: "Mã", note: "Mã danh sách, không trùng.", required: true, kind: kindCode, width: 16},
		{key: "ten", header: "Tên", note: "Tên danh sách, cũng là tên trang trong tệp tổng hợp (tối đa 31 ký tự).", required: true, kind: kindText, width: 34},
		{key: "dieu_kien", header: "Điều kiện", note: "Đơn vị được nêu tên khi điều kiện đúng, ví dụ A1 && !A2 (có trang TTĐT nhưng chưa đặt banner).", required: true, kind: kindExpr, width: 30},
	}}
	// The ratios came after the first campaign workbooks: a workbook
	// without the sheet has none.
	tableRatios = &table{file: "ty-le.csv", sheet: "Tỷ lệ", optional: true, cols: []column{
		{key: "ma", header: "Mã", note: "Mã tỷ lệ, không trùng (ví dụ TL1).", required: true, kind: kindCode, width: 8},
		{key: "ten", header: "Tên", note: "Tên tỷ lệ, in trong báo cáo tổng hợp, ví dụ Tỷ lệ người thay khung ảnh đại diện.", required: true, kind: kindText, width: 50},
		{key: "tu_so", header: "Tử số", note: "Mã chỉ tiêu số ở tử số, ví dụ C2.", required: true, kind: kindCode, width: 9},
		{key: "mau_so", header: "Mẫu số", note: "Mã chỉ tiêu số ở mẫu số, ví dụ C1; khác tử số.", required: true, kind: kindCode, width: 9},
	}}
)

// tables lists the campaign tables in workbook order.
var tables = []*table{tableMeta, tableGroups, tableUnits, tableIndicators, tableRules, tableLists, tableRatios}

// Problem is one thing wrong with a campaign definition.
type Problem struct {
	Sheet  string // sheet or CSV file
	Row    int    // 1-based row, 0 when the problem is not on one row
	Column string // Vietnamese header, or ""
	Msg    string
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.Sheet)
	if p.Row > 0 {
		fmt.Fprintf(&b, ", dòng %d", p.Row)
	}
	if p.Column != "" {
		fmt.Fprintf(&b, ", cột %s", p.Column)
	}
	b.WriteString(": ")
	b.WriteString(p.Msg)
	return b.String()
}

// Problems is every problem found in a campaign, as an error.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return fmt.Sprintf("chiến dịch có %d lỗi:\n%s", len(ps), strings.Join(lines, "\n"))
}

// Err returns ps as an error, or nil when there is none.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// rowReader walks the data rows of one table, mapping headers to columns
// and collecting problems with their sheet and row.
type rowReader struct {
	t     *table
	idx   map[string]int    // column key → index in the row
	shown map[string]string // column key → its header as the sheet shows it
	rows  [][]string
	row   int // index into rows of the current row
	probs *Problems
	long  bool // the last str was refused as too long (so need says no more)
}

func newRowReader(t *table, rows [][]string, probs *Problems, source string) *rowReader {
	r := &rowReader{t: t, idx: map[string]int{}, shown: map[string]string{}, probs: probs}
	if source == "" {
		source = t.sheet
	}
	r.t = &table{file: t.file, sheet: source, cols: t.cols, optional: t.optional}
	h := headerRow(t, rows)
	if h < 0 {
		*probs = append(*probs, Problem{Sheet: source, Msg: "không có dòng tiêu đề"})
		return r
	}
	for i, cell := range rows[h] {
		k := foldKey(cell)
		for _, c := range t.cols {
			if k == c.key || k == foldKey(c.header) {
				if _, dup := r.idx[c.key]; dup {
					*probs = append(*probs, Problem{Sheet: source, Row: h + 1, Column: strings.TrimSpace(cell), Msg: "cột bị lặp: xóa một trong hai cột cùng tên"})
				}
				r.idx[c.key] = i
				if k != c.key { // a CSV file's header is the key
					r.shown[c.key] = strings.TrimSpace(cell)
				}
			}
		}
	}
	for _, c := range t.cols {
		if _, ok := r.idx[c.key]; c.required && !ok {
			*probs = append(*probs, Problem{Sheet: source, Row: h + 1, Column: c.header, Msg: fmt.Sprintf("thiếu cột bắt buộc \"%s\": dòng tiêu đề (dòng %d) không có ô “%s” — thêm lại cột, hoặc sửa tiêu đề cho giống tệp do tonghop init tạo", c.header, h+1, c.header)})
		}
	}
	r.rows = rows
	r.row = h
	return r
}

// maxTitleRows is how far down a table's header row is looked for: a
// person may put a title, a date or a note above it.
const maxTitleRows = 10

// headerRow returns the index of a table's header row: the first row that
// holds every required column's header, else the one holding the most of
// the table's headers (its problems then name what is missing), else the
// first row; -1 when there is no row.
func headerRow(t *table, rows [][]string) int {
	if len(rows) == 0 {
		return -1
	}
	best, bestN := 0, 0
	for i := 0; i < len(rows) && i < maxTitleRows; i++ {
		found := map[string]bool{}
		for _, cell := range rows[i] {
			k := foldKey(cell)
			for _, c := range t.cols {
				if k == c.key || k == foldKey(c.header) {
					found[c.key] = true
				}
			}
		}
		all := true
		for _, c := range t.cols {
			all = all && (!c.required || found[c.key])
		}
		if all && len(found) > 0 {
			return i
		}
		if len(found) > bestN {
			best, bestN = i, len(found)
		}
	}
	return best
}

// next moves to the next row that is not blank.
func (r *rowReader) next() bool {
	for r.row+1 < len(r.rows) {
		r.row++
		for _, cell := range r.rows[r.row] {
			if strings.TrimSpace(cell) != "" {
				return true
			}
		}
	}
	return false
}

func (r *rowReader) col(key string) column {
	for _, c := range r.t.cols {
		if c.key == key {
			return c
		}
	}
	return column{key: key, header: key}
}

// str returns the NFC text of the column in the current row, or "" with a
// problem when it is longer than the column allows.
func (r *rowReader) str(key string) string {
	i, ok := r.idx[key]
	if !ok || i >= len(r.rows[r.row]) {
		return ""
	}
	s := r.rows[r.row][i]
	r.long = false
	if n, limit := utf8.RuneCountInString(s), r.maxLen(key); n > limit {
		r.long = true
		r.problem(key, "ô dài %s ký tự, tối đa %s", vn.Int(n), vn.Int(limit))
		return ""
	}
	return NFC(s)
}

func (r *rowReader) problem(key, format string, args ...any) {
	col := r.shown[key]
	if col == "" {
		col = r.col(key).header
	}
	*r.probs = append(*r.probs, Problem{Sheet: r.t.sheet, Row: r.row + 1, Column: col, Msg: fmt.Sprintf(format, args...)})
}

// need returns the column's text, reporting it when empty.
func (r *rowReader) need(key string) string {
	s := r.str(key)
	if s == "" && !r.long {
		if _, ok := r.idx[key]; ok {
			r.problem(key, "ô trống, cần nhập")
		}
	}
	return s
}

func (r *rowReader) yesNo(key string) bool {
	s := r.str(key)
	if s == "" {
		return false
	}
	v, ok := parseYesNoCell(s)
	if !ok {
		r.problem(key, "%q không phải Có hoặc Không", s)
	}
	return v
}

func (r *rowReader) number(key string) *float64 {
	s := r.str(key)
	if s == "" {
		return nil
	}
	f, err := parseNumberCell(s)
	if err != nil {
		r.problem(key, "%q không phải là số", s)
		return nil
	}
	return &f
}

func (r *rowReader) date(key string) *time.Time {
	s := r.str(key)
	if s == "" {
		return nil
	}
	t, ok := parseDateCell(s)
	if !ok {
		r.problem(key, "%q không phải ngày hợp lệ (ngày/tháng/năm)", s)
		return nil
	}
	return &t
}

func (r *rowReader) list(key string) []string {
	return splitList(r.str(key))
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' }) {
		if p := NFC(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseYesNoCell reads a yes/no cell of the campaign workbook.
func parseYesNoCell(s string) (bool, bool) {
	switch foldKey(s) {
	case "co", "c", "x", "1", "true", "yes", "dung":
		return true, true
	case "khong", "k", "0", "false", "no", "sai":
		return false, true
	}
	return false, false
}

// parseNumberCell reads a number of the campaign workbook: plain, with a
// decimal comma, or as Excel wrote it.
func parseNumberCell(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
		return f, nil
	}
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		if f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64); err == nil {
			return f, nil
		}
	}
	return 0, fmt.Errorf("không phải số: %q", s)
}

// parseDateCell reads a date of the campaign workbook: dd/mm/yyyy,
// yyyy-mm-dd, or an Excel serial number (a date cell read raw).
func parseDateCell(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2/1/2006", "2-1-2006", "2.1.2006", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && vn.IsSerialDate(f) {
		return vn.SerialDate(f, false), true
	}
	return time.Time{}, false
}

// Label returns the Vietnamese word for the type, as the workbook shows it.
func (t Type) Label() string {
	switch t {
	case TypeYesNo:
		return "Có/Không"
	case TypeWhole:
		return "Số nguyên"
	case TypeNumber:
		return "Số"
	case TypeMoney:
		return "Tiền (đồng)"
	case TypePercent:
		return "Tỷ lệ %"
	case TypeDate:
		return "Ngày"
	case TypeText:
		return "Văn bản"
	case TypeChoice:
		return "Lựa chọn"
	}
	return string(t)
}

// typeWords are the other words a campaign workbook may use for a type.
var typeWords = map[string]Type{
	"so_thap_phan": TypeNumber, "tien": TypeMoney, "dong": TypeMoney, "tien_dong": TypeMoney,
	"ty_le": TypePercent, "phan_tram": TypePercent, "ty_le_phan_tram": TypePercent,
	"danh_sach": TypeChoice, "chon": TypeChoice,
}

// parseType reads a type as the workbook or CSV writes it.
func parseType(s string) (Type, bool) {
	k := foldKey(s)
	for _, t := range Types {
		if k == string(t) || k == foldKey(t.Label()) {
			return t, true
		}
	}
	t, ok := typeWords[k]
	return t, ok
}

// parseTotal reads a total method: "Cộng", "Trung bình", "Trung bình theo
// H1" (weight H1), "Không tính"; "" is the type's default.
func parseTotal(s string) (m TotalMethod, weight string, ok bool) {
	f := strings.Fields(NFC(s))
	if len(f) == 0 {
		return TotalDefault, "", true
	}
	if len(f) >= 3 && foldKey(strings.Join(f[:len(f)-1], " ")) == string(TotalWeighted) {
		return TotalWeighted, f[len(f)-1], true
	}
	switch foldKey(s) {
	case string(TotalSum), "tong", "tong_cong", "sum":
		return TotalSum, "", true
	case string(TotalAverage), "binh_quan", "average":
		return TotalAverage, "", true
	case string(TotalNone), "khong", "khong_tinh_tong", "none":
		return TotalNone, "", true
	}
	return TotalDefault, "", false
}

// totalLabel writes a method back as parseTotal reads it.
func totalLabel(m TotalMethod, weight string) string {
	if m == TotalWeighted {
		return m.Label() + " " + weight
	}
	return m.Label()
}

// Label returns the Vietnamese word for the severity.
func (s Severity) Label() string {
	switch s {
	case SeverityError:
		return "Lỗi"
	case SeverityWarning:
		return "Cảnh báo"
	}
	return string(s)
}

func yesNoLabel(b bool) string {
	if b {
		return "Có"
	}
	return "Không"
}

// decode builds a campaign from the raw rows of its tables (each with its
// header row first; an optional table may be absent), collecting every problem. source names where the rows
// came from in messages ("chien-dich.csv" or the sheet name).
//
// It is long because it is one switch over the kinds of campaign key, each a few lines.
func decode(raw map[*table][][]string, source func(*table) string) (*Campaign, Problems) {
	var probs Problems
	c := &Campaign{}

	// Chiến dịch: key/value rows.
	r := newRowReader(tableMeta, raw[tableMeta], &probs, source(tableMeta))
	seen := map[string]bool{}
	rows := rowsOf{meta: map[string]int{}}
	for r.next() {
		key := foldKey(r.str("khoa"))
		var mk *metaKey
		for i := range metaKeys {
			if metaKeys[i].key == key {
				mk = &metaKeys[i]
			}
		}
		if mk == nil {
			r.problem("khoa", "khóa %q không có trong danh sách khóa", r.str("khoa"))
			continue
		}
		if seen[key] && !mk.list {
			r.problem("khoa", "khóa %q bị lặp", key)
		}
		seen[key] = true
		val := r.str("gia_tri")
		if val == "" {
			continue
		}
		if _, ok := rows.meta[key]; !ok {
			rows.meta[key] = r.row + 1
		}
		var d time.Time
		if mk.kind == kindDate {
			t := r.date("gia_tri")
			if t == nil {
				continue
			}
			d = *t
		}
		switch p := mk.field(c).(type) {
		case *string:
			*p = val
		case *time.Time:
			*p = d
		case *[]string:
			items := []string{val}
			if mk.kind == kindCode {
				items = splitList(val) // codes may also be listed in one cell
			}
			for _, item := range items {
				*p = append(*p, item)
				rows.meta[key+"="+item] = r.row + 1
			}
		}
	}
	for _, mk := range metaKeys {
		if mk.required && !seen[mk.key] {
			probs = append(probs, Problem{Sheet: source(tableMeta), Msg: fmt.Sprintf("thiếu khóa %q (%s)", mk.key, mk.label)})
		}
	}

	r = newRowReader(tableGroups, raw[tableGroups], &probs, source(tableGroups))
	type ordered struct {
		g     Group
		order float64
		row   int
	}
	var groups []ordered
	for r.next() {
		g := Group{Code: r.need("ma"), Name: r.need("ten"), ParentGroup: r.str("nhom_cap_tren")}
		o := r.number("thu_tu")
		if o == nil {
			r.need("thu_tu")
			o = new(float64)
		}
		groups = append(groups, ordered{g, *o, r.row + 1})
	}
	sort.SliceStable(groups, func(i, j int) bool { return groups[i].order < groups[j].order })
	for _, g := range groups {
		c.Groups = append(c.Groups, g.g)
		rows.groups = append(rows.groups, g.row)
	}

	r = newRowReader(tableUnits, raw[tableUnits], &probs, source(tableUnits))
	for r.next() {
		u := Unit{
			Code: r.need("ma"), Name: r.need("ten"), Group: r.need("nhom"),
			Parent: r.str("ma_cap_tren"), GSOCode: r.str("ma_gso"),
			Aliases: r.list("ten_khac"), Email: r.str("email"),
		}
		rows.units = append(rows.units, r.row+1)
		c.Units = append(c.Units, u)
	}

	r = newRowReader(tableIndicators, raw[tableIndicators], &probs, source(tableIndicators))
	for r.next() {
		ind := Indicator{
			ID: r.need("ma"), Section: r.need("muc"), SectionTitle: r.need("ten_muc"),
			Label: r.need("noi_dung"), Unit: r.str("dvt"), Groups: r.list("nhom"),
			Required: r.yesNo("bat_buoc"), RequiredWhen: r.str("bat_buoc_khi"), Help: r.str("huong_dan"),
			OnlineQuestion: r.str("cau_hoi_truc_tuyen"), Short: r.str("ten_ngan"),
			Scope: r.str("thuoc_dien_khi"), Choices: r.list("lua_chon"),
		}
		if s := r.need("kieu"); s != "" {
			t, ok := parseType(s)
			if !ok {
				r.problem("kieu", "kiểu %q không hợp lệ: chọn Có/Không, Số nguyên, Số, Tiền (đồng), Tỷ lệ %%, Ngày, Văn bản hoặc Lựa chọn", s)
			}
			ind.Type = t
		}
		if s := r.str("cach_tong"); s != "" {
			m, w, ok := parseTotal(s)
			if !ok {
				r.problem("cach_tong", "cách tính tổng %q không hợp lệ: chọn Cộng, Trung bình, Trung bình theo <mã chỉ tiêu> hoặc Không tính", s)
			}
			ind.Total, ind.Weight = m, w
		}
		if ind.Type == TypeDate {
			ind.MinDate, ind.MaxDate = r.date("toi_thieu"), r.date("toi_da")
		} else {
			ind.Min, ind.Max = r.number("toi_thieu"), r.number("toi_da")
		}
		defaultUnitAndBounds(&ind)
		rows.inds = append(rows.inds, r.row+1)
		c.Indicators = append(c.Indicators, ind)
	}

	r = newRowReader(tableRules, raw[tableRules], &probs, source(tableRules))
	for r.next() {
		rule := Rule{ID: r.need("ma"), When: r.str("khi"), Must: r.need("phai"), Message: r.need("thong_bao")}
		if s := r.need("muc_do"); s != "" {
			switch k := foldKey(s); k {
			case string(SeverityError), "error":
				rule.Severity = SeverityError
			case string(SeverityWarning), "warning":
				rule.Severity = SeverityWarning
			default:
				r.problem("muc_do", "mức độ %q không hợp lệ: chọn Lỗi hoặc Cảnh báo", s)
			}
		}
		rows.rules = append(rows.rules, r.row+1)
		c.Rules = append(c.Rules, rule)
	}

	r = newRowReader(tableLists, raw[tableLists], &probs, source(tableLists))
	for r.next() {
		l := List{ID: r.need("ma"), Title: r.need("ten"), Condition: r.need("dieu_kien")}
		rows.lists = append(rows.lists, r.row+1)
		c.Lists = append(c.Lists, l)
	}

	if ratios, ok := raw[tableRatios]; ok || !tableRatios.optional {
		r = newRowReader(tableRatios, ratios, &probs, source(tableRatios))
		for r.next() {
			ra := Ratio{ID: r.need("ma"), Label: r.need("ten"), Numerator: r.need("tu_so"), Denominator: r.need("mau_so")}
			rows.ratios = append(rows.ratios, r.row+1)
			c.Ratios = append(c.Ratios, ra)
		}
	}

	probs = append(probs, c.check(source, rows)...)
	sortProblems(probs, source)
	return c, probs
}

// defaultUnitAndBounds gives a money indicator its unit, đồng, and a
// percentage its unit, %, and the bounds 0 and 100 when the campaign leaves
// them empty: the reader tells a percent cell's 0,895 from a typed 89,5 by
// them.
func defaultUnitAndBounds(ind *Indicator) {
	switch ind.Type {
	case TypeMoney:
		if ind.Unit == "" {
			ind.Unit = "đồng"
		}
	case TypePercent:
		if ind.Unit == "" {
			ind.Unit = "%"
		}
		if ind.Min == nil {
			ind.Min = new(float64)
		}
		if ind.Max == nil {
			ind.Max = ptrTo(100.0)
		}
	}
}

// sortProblems orders problems as an officer walks the workbook: by sheet in
// workbook order, then by row; problems of a whole sheet come first.
func sortProblems(probs Problems, source func(*table) string) {
	order := map[string]int{}
	for i, t := range tables {
		order[source(t)] = i
	}
	sort.SliceStable(probs, func(i, j int) bool {
		a, b := probs[i], probs[j]
		if order[a.Sheet] != order[b.Sheet] {
			return order[a.Sheet] < order[b.Sheet]
		}
		return a.Row < b.Row
	})
}

// encode writes the campaign as rows of its seven tables, header first, with
// the CSV keys as headers. It is the inverse of decode.
//
// It is long because it is one switch over the kinds of campaign key, each a few lines.
func encode(c *Campaign) map[*table][][]string {
	out := map[*table][][]string{}
	header := func(t *table) []string {
		h := make([]string, len(t.cols))
		for i, col := range t.cols {
			h[i] = col.key
		}
		return h
	}
	// A date in a table is data read back by decode, written in the one
	// fixed form dd/mm/yyyy (not the running-text form of vn.Date), so
	// that the committed tables do not change with the prose style.
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("02/01/2006")
	}
	num := func(f *float64) string {
		if f == nil {
			return ""
		}
		return strconv.FormatFloat(*f, 'f', -1, 64)
	}
	pdate := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return date(*t)
	}

	meta := [][]string{header(tableMeta)}
	add := func(key, val string) {
		if val != "" {
			meta = append(meta, []string{key, val, ""})
		}
	}
	for _, mk := range metaKeys {
		switch p := mk.field(c).(type) {
		case *string:
			add(mk.key, *p)
		case *time.Time:
			add(mk.key, date(*p))
		case *[]string:
			for _, v := range *p {
				add(mk.key, v)
			}
		}
	}
	out[tableMeta] = meta

	rows := [][]string{header(tableGroups)}
	for i, g := range c.Groups {
		rows = append(rows, []string{g.Code, g.Name, strconv.Itoa(i + 1), g.ParentGroup})
	}
	out[tableGroups] = rows

	rows = [][]string{header(tableUnits)}
	for _, u := range c.Units {
		rows = append(rows, []string{u.Code, u.Name, u.Group, u.Parent, u.GSOCode, strings.Join(u.Aliases, "; "), u.Email})
	}
	out[tableUnits] = rows

	rows = [][]string{header(tableIndicators)}
	for _, ind := range c.Indicators {
		lo, hi := num(ind.Min), num(ind.Max)
		if ind.Type == TypeDate {
			lo, hi = pdate(ind.MinDate), pdate(ind.MaxDate)
		}
		rows = append(rows, []string{ind.ID, ind.Section, ind.SectionTitle, ind.Label, ind.Unit, ind.Type.Label(),
			strings.Join(ind.Groups, "; "), lo, hi, yesNoLabel(ind.Required), ind.RequiredWhen, ind.Help, ind.OnlineQuestion, ind.Short,
			ind.Scope, totalLabel(ind.Total, ind.Weight), strings.Join(ind.Choices, "; ")})
	}
	out[tableIndicators] = rows

	rows = [][]string{header(tableRules)}
	for _, rule := range c.Rules {
		rows = append(rows, []string{rule.ID, rule.When, rule.Must, rule.Severity.Label(), rule.Message})
	}
	out[tableRules] = rows

	rows = [][]string{header(tableLists)}
	for _, l := range c.Lists {
		rows = append(rows, []string{l.ID, l.Title, l.Condition})
	}
	out[tableLists] = rows

	rows = [][]string{header(tableRatios)}
	for _, ra := range c.Ratios {
		rows = append(rows, []string{ra.ID, ra.Label, ra.Numerator, ra.Denominator})
	}
	out[tableRatios] = rows
	return out
}
