package samples

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"tonghop/templates"
)

// What the sample units write: figures, texts and reporters, drawn from a
// seeded generator per unit.

// staffRange is the plausible number of staff (C1) of a unit.
func staffRange(u *templates.Unit) (lo, hi int) {
	switch u.Group {
	case "UBX":
		return 15, 40
	case "UBH":
		return 80, 250
	case "SBN":
		return 40, 300
	case "LLVT":
		return 300, 2000
	case "BC":
		return 15, 150
	case "TU", "VPDBQH":
		return 15, 60
	case "CTXH":
		return 12, 40
	case "DU":
		return 15, 45
	}
	return 10, 100
}

// figures chooses the unit's answers, by indicator id for the indicators of
// the default campaign and by type for any other. Values are strings (yes/no,
// texts, numbers typed as text), ints, float64s or dates.
//
// It is long because it is the samples' data: one plausible figure per indicator and group.
func figures(c *templates.Campaign, u *templates.Unit, rng *rand.Rand, pf *PlannedFile) map[string]any {
	between := func(lo, hi int) int { return lo + rng.IntN(hi-lo+1) }
	chance := func(p float64) bool { return rng.Float64() < p }
	yes, no := "Có", "Không"
	if pf.has(QuirkLetterYesNo) {
		yes, no = "x", "K"
	}
	yn := func(b bool) string {
		if b {
			return yes
		}
		return no
	}
	commune := u.Group == "UBX"

	v := map[string]any{}
	website := !commune || chance(0.9)
	banner := website && !pf.has(QuirkNoBanner)
	v["A1"] = yn(website)
	v["A2"] = yn(banner)
	if banner {
		// Most placed the banner in the days around the campaign start.
		v["A3"] = time.Date(2023, 12, 8, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(14))
		if pf.has(QuirkBannerYear) {
			v["A3"] = time.Date(2022, 12, 18, 0, 0, 0, 0, time.UTC)
		}
	}
	v["A4"] = yn(banner && chance(0.85))
	if website {
		v["A5"], v["A6"], v["A7"] = between(2, 30), between(1, 20), between(0, 25)
	} else {
		v["A5"], v["A6"], v["A7"] = 0, 0, 0
	}
	if pf.has(QuirkNegative) {
		v["A7"] = -v["A7"].(int) - 1
	}
	pages := between(1, 4)
	if commune {
		pages = between(0, 2)
	}
	v["B1"] = pages
	v["B2"] = yn(pages > 0 && chance(0.9))
	if pages > 0 {
		v["B3"], v["B4"] = between(5, 60), between(0, 40)
	} else {
		v["B3"], v["B4"] = 0, 0
	}
	lo, hi := staffRange(u)
	if pf.has(QuirkTextNumbers) && hi >= 1000 {
		lo = 1000 // a force large enough to need a thousands separator
	}
	staff := between(lo, hi)
	// Most staff changed their profile frame; a few units lag behind.
	share := 0.6 + 0.4*rng.Float64()
	if chance(0.08) {
		share = 0.2 + 0.25*rng.Float64()
	}
	changed := int(math.Round(float64(staff) * share))
	if pf.has(QuirkC2OverC1) {
		// The digits of a two-digit count swapped: 28 people, 82 changed.
		tens := between(1, 3)
		ones := between(tens+1, 9)
		staff, changed = 10*tens+ones, 10*ones+tens
	}
	v["C1"], v["C2"] = staff, changed

	items := between(10, 80)
	if u.Group == "UBH" {
		items = between(30, 150)
	}
	v["D1"] = items
	v["D2"] = math.Round(float64(items)*(2+6*rng.Float64())*10) / 10
	if pf.has(QuirkD2WithoutD1) {
		v["D1"] = 0
	}
	boards := between(0, 2)
	if u.Group == "UBH" {
		boards = between(1, 5)
	}
	v["D3"], v["D4"] = boards, boards*between(20, 200)
	if u.Group == "UBH" {
		v["D5"] = between(20, 150)
	} else {
		v["D5"] = between(5, 40)
	}
	switch u.Code {
	case "BC01": // the newspaper: many articles, some video clips
		v["E1"], v["E2"] = between(300, 600), between(3, 8)
		v["E3"] = math.Round((30+90*rng.Float64())*10) / 10
	case "BC03": // the magazine: a few dozen works, nothing broadcast
		v["E1"], v["E2"], v["E3"] = between(20, 60), between(1, 3), 0.0
	default: // the broadcaster
		v["E1"], v["E2"] = between(150, 600), between(2, 10)
		v["E3"] = math.Round((200+700*rng.Float64())*10) / 10
	}

	v["F1"] = pick(rng, assessments)
	if chance(0.4) {
		v["F2"] = pick(rng, difficulties(u))
	}
	if chance(0.3) {
		v["F3"] = pick(rng, proposals(u))
	}

	if pf.has(QuirkTextNumbers) {
		if x := v["C1"].(int); x >= 1000 {
			v["C1"], v["C2"] = thousands(x), thousands(v["C2"].(int))
		} else {
			v["A5"] = fmt.Sprintf("%d bài", v["A5"].(int))
		}
	}

	// Indicators the samples do not know: a value by type.
	for _, ind := range c.Indicators {
		if _, ok := v[ind.ID]; ok {
			continue
		}
		switch ind.Type {
		case templates.TypeYesNo:
			v[ind.ID] = yn(chance(0.8))
		case templates.TypeWhole:
			v[ind.ID] = between(0, 30)
		case templates.TypeNumber:
			v[ind.ID] = math.Round(100*rng.Float64()*10) / 10
		case templates.TypeDate:
			v[ind.ID] = c.PeriodStart.AddDate(0, 0, rng.IntN(10))
		}
	}
	return v
}

// thousands writes n the Vietnamese way, as text: 1834 → "1.834".
func thousands(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func pick(rng *rand.Rand, list []string) string { return list[rng.IntN(len(list))] }

var assessments = []string{
	"Đơn vị đã triển khai đầy đủ các nội dung tuyên truyền theo hướng dẫn; cán bộ, công chức, viên chức tích cực hưởng ứng.",
	"Công tác tuyên truyền được triển khai kịp thời, đa dạng hình thức, tạo không khí phấn khởi trong cán bộ và Nhân dân.",
	"Hoàn thành các nội dung tuyên truyền theo kế hoạch.",
	"Đã đặt banner, thay ảnh bìa và đăng tải nhiều tin, bài về thành tựu 20 năm tái lập tỉnh.",
	"Tuyên truyền bảo đảm đúng định hướng, đúng thời gian; nhiều tin, bài được chia sẻ rộng rãi trên mạng xã hội.",
}

func difficulties(u *templates.Unit) []string {
	list := []string{
		"Đơn vị chưa có cán bộ chuyên trách công nghệ thông tin.",
		"Kinh phí dành cho công tác tuyên truyền còn hạn chế.",
	}
	if u.Group == "UBX" || u.Group == "UBH" {
		list = append(list,
			"Hệ thống truyền thanh cơ sở xuống cấp, một số cụm loa không hoạt động.",
			"Một số thôn, bon ở xa, sóng điện thoại và internet yếu.")
	}
	return list
}

func proposals(u *templates.Unit) []string {
	list := []string{
		"Đề nghị Sở Thông tin và Truyền thông tổ chức tập huấn kỹ năng quản trị trang thông tin điện tử.",
		"Đề nghị cung cấp thêm ảnh bìa, khung ảnh đại diện và tài liệu tuyên truyền dạng số.",
	}
	if u.Group == "UBX" || u.Group == "UBH" {
		list = append(list, "Đề nghị bố trí kinh phí nâng cấp hệ thống truyền thanh cơ sở ứng dụng công nghệ thông tin - viễn thông.")
	}
	return list
}

type person struct{ name, title, phone, email string }

var (
	familyNames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Võ", "Huỳnh"}
	// Middle and given names by gender, so that no one is "Thị Tuấn".
	middleNames = [2][]string{{"Văn", "Đức", "Minh", "Hữu", "Quang", "Xuân", "Thanh", "Ngọc", "Công"}, {"Thị", "Thị Thu", "Thu", "Kim", "Ngọc", "Thanh", "Thị Thanh", "Hồng"}}
	givenNames  = [2][]string{{"Hùng", "Dũng", "Tuấn", "Hải", "Long", "Sơn", "Nam", "Bình", "Thắng", "Khánh", "Duy", "Quý", "Trung", "Phong"}, {"Lan", "Hương", "Hà", "Nga", "Phương", "Trang", "Thảo", "Huyền", "Linh", "Yến", "Tâm", "Hiền", "Mai", "Nhung"}}
	// Names of the M'Nông and Ê Đê, common among commune officers.
	localNames = []string{"Điểu Thị Hạnh", "Điểu Khanh", "Y Thuận", "H' Mai", "Thị Bình", "Điểu Đăm", "H' Linh", "Y Khoa"}
	titles     = map[string][]string{
		"TU":     {"Chuyên viên", "Phó Chánh Văn phòng", "Chuyên viên Phòng Tổng hợp"},
		"SBN":    {"Chuyên viên Văn phòng Sở", "Phó Chánh Văn phòng", "Chuyên viên"},
		"VPDBQH": {"Chuyên viên Phòng Công tác HĐND"},
		"BC":     {"Trưởng ban Thư ký tòa soạn", "Phó Trưởng phòng Thời sự", "Biên tập viên"},
		"LLVT":   {"Trợ lý Tuyên huấn", "Cán bộ Phòng Chính trị"},
		"CTXH":   {"Chuyên viên Ban Tuyên giáo", "Trưởng ban Tuyên giáo"},
		"DU":     {"Chuyên viên Ban Tuyên giáo", "Phó Trưởng ban Tuyên giáo"},
		"UBH":    {"Chuyên viên Phòng Văn hóa và Thông tin", "Phó Trưởng phòng Văn hóa và Thông tin"},
		"UBX":    {"Công chức Văn hóa - Xã hội", "Công chức Văn phòng - Thống kê"},
	}
)

// reporter chooses the person who filled the report.
func reporter(u *templates.Unit, rng *rand.Rand) person {
	var p person
	if u.Group == "UBX" && rng.IntN(4) == 0 {
		p.name = pick(rng, localNames)
	} else {
		g := rng.IntN(2)
		p.name = pick(rng, familyNames) + " " + pick(rng, middleNames[g]) + " " + pick(rng, givenNames[g])
	}
	if t, ok := titles[u.Group]; ok {
		p.title = pick(rng, t)
	} else {
		p.title = "Chuyên viên"
	}
	if u.Group != "UBX" && rng.IntN(2) == 0 {
		p.phone = fmt.Sprintf("02613%06d", rng.IntN(1000000))
	} else {
		p.phone = fmt.Sprintf("09%08d", rng.IntN(100000000))
	}
	// "Nguyễn Thị Thu Hương" → "huongntt".
	words := strings.Fields(templates.Fold(p.name))
	local := words[len(words)-1]
	for _, w := range words[:len(words)-1] {
		if w != "h'" && w != "y" {
			local += w[:1]
		}
	}
	local = strings.ReplaceAll(local, "'", "")
	if u.Group == "UBX" || rng.IntN(3) == 0 {
		p.email = fmt.Sprintf("%s%d@gmail.com", local, 70+rng.IntN(30))
	} else {
		p.email = local + "@daknong.gov.vn"
	}
	return p
}
