// Package templates holds the campaign model — who reports, what they report,
// which rules hold between the figures, and the dates — and writes the report
// workbook each unit fills in. It is the first stage of the data flow: the
// aggregate package reads what units send back against the same model.
package templates

import (
	"strings"
	"time"

	"tonghop/templates/vn"

	"github.com/expr-lang/expr/vm"
)

// Campaign is one reporting campaign: its metadata, groups, units,
// indicators, cross-field rules and the non-compliance lists the province
// wants named. Every other stage is driven by it; none hard-codes an
// indicator, a unit or a date.
type Campaign struct {
	ID string // stable identifier written into every template
	// PreviousID is the ID of the campaign's previous period (init
	// --ky-moi sets it): a form of that period sent back is recognised
	// and its unit told to use this period's form.
	PreviousID      string
	TemplateVersion string // bumped whenever the form changes
	Title           string // the campaign as the letter names it
	Subject         string // the subject line of the summary report
	Basis           string // the opening "Thực hiện …" sentence of the summary report
	ParentBody      string // "UBND TỈNH ĐẮK NÔNG"
	IssuingBody     string // "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
	Symbol          string // document symbol, "BC-STTTT"
	Place           string // place name in the dateline, "Đắk Nông"
	PeriodStart     time.Time
	PeriodEnd       time.Time
	// DataDeadline is the day before which the data is due ("trước ngày"):
	// a report submitted on this day or later is late.
	DataDeadline time.Time
	// WrittenDeadline is the day before which a written report is due from
	// WrittenReportFrom (unit codes or group codes).
	WrittenDeadline   time.Time
	WrittenReportFrom []string
	SignerTitle       []string // one line each: "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"
	SignerName        string
	// Addressee is whom the summary report is sent to ("Kính gửi:"), "Ủy
	// ban nhân dân tỉnh Đắk Nông"; the first of Recipients, "Như trên;",
	// stands for it.
	Addressee  string
	Recipients []string // "Nơi nhận", one line each
	Contact    string   // the office units contact with questions
	// ContactPerson, ContactPhone and ContactEmail complete Contact: the
	// person in that office (may be empty: outputs then name the office),
	// the phone, and the address units send their reports to.
	ContactPerson string
	ContactPhone  string
	ContactEmail  string
	Proposals     string // default text of the proposals part of the summary
	// TotalLabel names the whole in totals ("Toàn tỉnh", "Toàn ngành");
	// see WholeLabel.
	TotalLabel string

	Groups     []Group
	Units      []Unit
	Indicators []Indicator
	Rules      []Rule
	Lists      []List
	Ratios     []Ratio

	groupByCode map[string]*Group
	unitByCode  map[string]*Unit
	indByID     map[string]*Indicator
}

// Group is a group of units, in the order of the letter's "Kính gửi" list.
type Group struct {
	Code string
	Name string
	// ParentGroup, when set, is the group whose units are the parents of
	// this group's units (communes under districts); each unit of the group
	// must then name a parent of that group.
	ParentGroup string
}

// Unit is one body expected to report.
type Unit struct {
	Code    string
	Name    string
	Group   string
	Parent  string // code of the unit it rolls up to, or ""
	GSOCode string // General Statistics Office code, or ""
	Aliases []string
	// Email is the Email cell as written: one address or several,
	// separated by ";" or ","; Addresses reads them (checked at load).
	Email string
}

// CampaignFile is the campaign workbook's usual name: what `tonghop init`
// writes by default, and what marks a folder as a campaign's own folder.
const CampaignFile = "chien-dich.xlsx"

// Type is the kind of value an indicator takes.
type Type string

// The indicator types. The Vietnamese words are what the campaign workbook
// shows in its drop-down.
const (
	TypeYesNo  Type = "co_khong"
	TypeWhole  Type = "so_nguyen"
	TypeNumber Type = "so" // a decimal number
	// TypeMoney is an amount in đồng, a whole number; units write "3 tỷ",
	// "500 triệu", "1,2 tỷ".
	TypeMoney Type = "tien"
	// TypePercent is a percentage, kept as the percent the unit meant
	// (89,5 for 89,5 %), whether it came from an Excel percent cell
	// (0,895) or the text "89,5%".
	TypePercent Type = "phan_tram"
	TypeDate    Type = "ngay"
	TypeText    Type = "van_ban"
	// TypeChoice is one of the indicator's Choices.
	TypeChoice Type = "lua_chon"
)

// Types lists the indicator types in the order the workbook offers them.
var Types = []Type{TypeYesNo, TypeWhole, TypeNumber, TypeMoney, TypePercent, TypeDate, TypeText, TypeChoice}

// Numeric reports whether values of the type are numbers (Value.Num).
func (t Type) Numeric() bool {
	return t == TypeWhole || t == TypeNumber || t == TypeMoney || t == TypePercent
}

// Whole reports whether values of the type are whole numbers.
func (t Type) Whole() bool { return t == TypeWhole || t == TypeMoney }

// Textual reports whether values of the type are texts (Value.Text).
func (t Type) Textual() bool { return t == TypeText || t == TypeChoice }

// TotalMethod says how an indicator's figures over several units make one
// figure: a group's, a district's, the province's.
type TotalMethod string

// The total methods. The Vietnamese words are what the campaign workbook
// shows in its "Cách tính tổng" column.
const (
	// TotalDefault is the method of the type: a sum for counts and money,
	// an average for percentages, the count of Có for yes/no, none for
	// the rest.
	TotalDefault TotalMethod = ""
	TotalSum     TotalMethod = "cong"
	TotalAverage TotalMethod = "trung_binh"
	// TotalWeighted is the average weighted by the indicator's Weight (a
	// percentage of households weighted by the number of households).
	TotalWeighted TotalMethod = "trung_binh_theo"
	TotalNone     TotalMethod = "khong_tinh"
)

// TotalMethods lists the methods in the order the workbook offers them.
var TotalMethods = []TotalMethod{TotalSum, TotalAverage, TotalWeighted, TotalNone}

// Label returns the Vietnamese words for the method.
func (m TotalMethod) Label() string {
	switch m {
	case TotalSum:
		return "Cộng"
	case TotalAverage:
		return "Trung bình"
	case TotalWeighted:
		return "Trung bình theo"
	case TotalNone:
		return "Không tính"
	}
	return ""
}

// Indicator is one figure or answer on the form.
type Indicator struct {
	ID           string // "A1", also the expression variable and the CT_ name
	Section      string // section code, "A"
	SectionTitle string // "Trang thông tin điện tử"
	Label        string
	Unit         string // unit of measure (ĐVT), "" for none
	Type         Type
	Groups       []string // group codes it applies to; empty means all
	// Bounds. For whole and number: Min/Max values. For date: MinDate/MaxDate.
	// For text: Max is the longest allowed length. Nil or zero means none.
	Min, Max         *float64
	MinDate, MaxDate *time.Time
	Required         bool
	// RequiredWhen is an expression over other indicators; when it holds,
	// the indicator must be filled.
	RequiredWhen string
	Help         string // the hint shown in the template
	// OnlineQuestion is the question of the online form (Google or
	// Microsoft Forms) that asks for this indicator, when its text differs
	// from Label; "" when it is the label.
	OnlineQuestion string
	// Short names the indicator in a few words, as the report's appendix
	// tables head their columns ("Đặt banner"); "" means the label.
	Short string
	// Choices are the answers a choice indicator accepts, in the order its
	// drop-down shows them.
	Choices []string
	// Total is how the indicator's figures add up (TotalDefault: by the
	// type, see Method); Weight is the indicator that weighs a
	// TotalWeighted average.
	Total  TotalMethod
	Weight string
	// Scope is the condition under which the indicator applies to a unit
	// ("A1": the banner link is asked of units with a website); "" means
	// every unit of its groups. A unit outside the scope need not answer
	// and is left out of the indicator's denominators.
	Scope string

	requiredWhen, scope *compiled
}

// Method is the total method in effect: Total, or the type's own.
func (ind *Indicator) Method() TotalMethod {
	if ind.Total != TotalDefault {
		return ind.Total
	}
	switch ind.Type {
	case TypeWhole, TypeNumber, TypeMoney, TypeYesNo: // a yes/no's sum is its count of Có
		return TotalSum
	case TypePercent:
		return TotalAverage
	}
	return TotalNone
}

// Severity says whether a rule's failure keeps a report out of the totals.
type Severity string

// Severities.
const (
	SeverityError   Severity = "loi"
	SeverityWarning Severity = "canh_bao"
)

// Rule is a cross-field check: when When holds (or is empty), Must must hold.
// A rule that refers to an empty value does not fire; "required" is its own
// check.
type Rule struct {
	ID       string
	When     string
	Must     string
	Severity Severity
	// Message is Vietnamese; {A1}-style placeholders are replaced by the
	// values found.
	Message string

	when, must *compiled
}

// List is a non-compliance list the province wants named: the units for
// which Condition holds.
type List struct {
	ID        string
	Title     string // "Đơn vị chưa đặt banner"
	Condition string

	cond *compiled
}

// Ratio is a share the summary states for the province, Numerator over
// Denominator, both numeric indicators: "Tỷ lệ người thay khung ảnh đại
// diện" is C2 over C1.
type Ratio struct {
	ID          string // "TL1"
	Label       string // "Tỷ lệ người thay khung ảnh đại diện"
	Numerator   string // indicator id, "C2"
	Denominator string // indicator id, "C1"
}

// compiled is an expression compiled once against the campaign's typed
// environment, with the variables it reads.
type compiled struct {
	src  string
	prog *vm.Program
	vars []string
}

// Group returns the group with the code, or nil.
func (c *Campaign) Group(code string) *Group { return c.groupByCode[code] }

// Unit returns the unit with the code, or nil.
func (c *Campaign) Unit(code string) *Unit { return c.unitByCode[code] }

// Indicator returns the indicator with the id, or nil.
func (c *Campaign) Indicator(id string) *Indicator { return c.indByID[id] }

// IsPercent reports whether the indicator's figure is a percentage: of
// type Tỷ lệ %, or a number whose unit is "%".
func (ind *Indicator) IsPercent() bool { return ind.Type == TypePercent || ind.Unit == "%" }

// ShortLabel is the indicator's short name, else its label.
func (ind *Indicator) ShortLabel() string {
	if ind.Short != "" {
		return ind.Short
	}
	return ind.Label
}

// AppliesTo reports whether the indicator is on the form of the group.
func (ind *Indicator) AppliesTo(group string) bool {
	if len(ind.Groups) == 0 {
		return true
	}
	for _, g := range ind.Groups {
		if g == group {
			return true
		}
	}
	return false
}

// IndicatorsFor returns the indicators on the form of a group, in order.
func (c *Campaign) IndicatorsFor(group string) []*Indicator {
	var out []*Indicator
	for i := range c.Indicators {
		if c.Indicators[i].AppliesTo(group) {
			out = append(out, &c.Indicators[i])
		}
	}
	return out
}

// UnitsOf returns the units of a group, in registry order.
func (c *Campaign) UnitsOf(group string) []*Unit {
	var out []*Unit
	for i := range c.Units {
		if c.Units[i].Group == group {
			out = append(out, &c.Units[i])
		}
	}
	return out
}

// Children returns the units whose parent is code, in registry order.
func (c *Campaign) Children(code string) []*Unit {
	var out []*Unit
	for i := range c.Units {
		if c.Units[i].Parent == code {
			out = append(out, &c.Units[i])
		}
	}
	return out
}

// HasDistricts reports whether the campaign has a level between the
// province and the unit: a group whose units roll up to another group's
// (communes under districts). A province of two levels has none, and the
// outputs then say nothing of districts.
func (c *Campaign) HasDistricts() bool {
	for _, g := range c.Groups {
		if g.ParentGroup != "" {
			return true
		}
	}
	return false
}

// WholeLabel names the whole of the campaign's units in totals: the
// campaign's "ten_toan_bo", "Toàn tỉnh" when it sets none.
func (c *Campaign) WholeLabel() string {
	if c.TotalLabel != "" {
		return c.TotalLabel
	}
	return "Toàn tỉnh"
}

// ReportName is what units send, as running text says it after "đã nhận",
// "chưa nhận được": "báo cáo kết quả …", without doubling the words when the
// campaign's title already starts with them ("Báo cáo thống kê …").
func (c *Campaign) ReportName() string {
	t := vn.LowerFirst(c.Title)
	if strings.HasPrefix(Fold(t), "bao cao ") {
		return t
	}
	return "báo cáo " + t
}

// OwesWrittenReport reports whether the unit must also send a written report.
func (c *Campaign) OwesWrittenReport(u *Unit) bool {
	for _, code := range c.WrittenReportFrom {
		if code == u.Code || code == u.Group {
			return true
		}
	}
	return false
}
