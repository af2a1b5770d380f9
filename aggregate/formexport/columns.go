package formexport

import (
	"strings"
	"unicode"

	"tonghop/templates"
)

// role is what a column of the export holds.
type role int

const (
	roleNone      role = iota
	roleStamp          // Google's "Dấu thời gian", Microsoft's completion time
	roleStart          // Microsoft's start time: the timestamp when no completion time
	roleMeta           // ID, last modified time, score: known, not wanted
	roleEmail          // the respondent's account email
	roleName           // the respondent's account name
	roleUnit           // the unit's name as typed
	roleUnitCode       // the unit's code as typed
	roleIndicator      // an indicator's answer
	roleReporter       // a reporter field
)

// Header keys (see key) of the columns the form services add themselves.
var metaKeys = map[string]role{
	"dau thoi gian":              roleStamp,
	"timestamp":                  roleStamp,
	"thoi gian hoan thanh":       roleStamp,
	"completion time":            roleStamp,
	"thoi gian bat dau":          roleStart,
	"start time":                 roleStart,
	"id":                         roleMeta,
	"thoi gian sua doi lan cuoi": roleMeta,
	"last modified time":         roleMeta,
	"diem":                       roleMeta,
	"score":                      roleMeta,
	"tong diem":                  roleMeta,
	"total score":                roleMeta,
	"email":                      roleEmail,
	"dia chi email":              roleEmail,
	"email address":              roleEmail,
	"ten":                        roleName,
	"name":                       roleName,
}

// Header keys of the unit columns. Looser headers that merely contain "don
// vi" or "co quan" are taken too, after the indicators had their pick.
var unitKeys = map[string]role{
	"ten don vi":         roleUnit,
	"don vi":             roleUnit,
	"ten don vi bao cao": roleUnit,
	"don vi bao cao":     roleUnit,
	"ten co quan":        roleUnit,
	"co quan":            roleUnit,
	"co quan don vi":     roleUnit,
	"ten co quan don vi": roleUnit,
	"unit":               roleUnit,
	"unit name":          roleUnit,
	"organization":       roleUnit,
	"organisation":       roleUnit,
	"ma don vi":          roleUnitCode,
	"ma co quan":         roleUnitCode,
	"ma dv":              roleUnitCode,
	"unit code":          roleUnitCode,
}

// Extra header keys of the reporter fields, besides their labels.
var reporterAliases = map[string]string{
	"ho ten":                        templates.NameReporterName,
	"ho va ten":                     templates.NameReporterName,
	"ho ten nguoi bao cao":          templates.NameReporterName,
	"nguoi bao cao":                 templates.NameReporterName,
	"chuc vu nguoi bao cao":         templates.NameReporterTitle,
	"dien thoai":                    templates.NameReporterPhone,
	"so dien thoai lien he":         templates.NameReporterPhone,
	"dien thoai nguoi bao cao":      templates.NameReporterPhone,
	"thu dien tu":                   templates.NameReporterEmail,
	"email nguoi bao cao":           templates.NameReporterEmail,
	"thu dien tu email":             templates.NameReporterEmail,
	"dia chi thu dien tu":           templates.NameReporterEmail,
	"ngay bao cao":                  templates.NameReportDate,
	"ngay lap bao cao":              templates.NameReportDate,
	"ngay ky bao cao":               templates.NameReportDate,
	"ho va ten nguoi lap bao cao":   templates.NameReporterName,
	"so dien thoai nguoi bao cao":   templates.NameReporterPhone,
	"thu dien tu nguoi bao cao":     templates.NameReporterEmail,
	"chuc vu cua nguoi lap bao cao": templates.NameReporterTitle,
}

// key folds a header for comparison: NFC, case, diacritics, apostrophes,
// punctuation and white space folded; words joined by one space.
// "A5. Tin, bài …" gives "a5 tin bai …".
func key(s string) string {
	var b strings.Builder
	sep := false
	for _, r := range templates.Fold(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if sep && b.Len() > 0 {
				b.WriteByte(' ')
			}
			sep = false
			b.WriteRune(r)
			continue
		}
		sep = true
	}
	return b.String()
}

// target is what one header key maps to.
type target struct {
	role role
	id   string // indicator id or reporter field name
}

// mapper maps header keys to columns' roles for one campaign.
type mapper struct {
	keys map[string]target
	ids  map[string]bool // indicator ids, folded
}

// newMapper builds the key table: for each indicator its label, its label
// prefixed by its id ("A5. …", "(A5) …", "A5 - …"), its id alone, and its
// label followed by its unit of measure ("… (tin, bài)"); the reporter
// fields by their labels and aliases. A key two indicators share maps to
// neither.
func newMapper(c *templates.Campaign) *mapper {
	m := &mapper{keys: map[string]target{}, ids: map[string]bool{}}
	ambiguous := map[string]bool{}
	put := func(k string, t target) {
		if k == "" || ambiguous[k] {
			return
		}
		if old, ok := m.keys[k]; ok && old != t {
			delete(m.keys, k)
			ambiguous[k] = true
			return
		}
		m.keys[k] = t
	}
	for i := range c.Indicators {
		ind := &c.Indicators[i]
		t := target{roleIndicator, ind.ID}
		label, id := key(ind.Label), key(ind.ID)
		put(id, t)
		m.ids[id] = true
		for _, l := range []string{label, id + " " + label} {
			put(l, t)
			if u := key(ind.Unit); u != "" {
				put(l+" "+u, t)
				put(l+" dvt "+u, t)
				put(l+" don vi tinh "+u, t)
			}
		}
	}
	for _, f := range templates.ReporterFields() {
		put(key(f.Label), target{roleReporter, f.Name})
	}
	for k, name := range reporterAliases {
		put(k, target{roleReporter, name})
	}
	return m
}

// column maps one header. The service's own columns come first, then the
// indicators and reporter fields, then the unit columns, so that an
// indicator about "đơn vị" is never taken for the unit.
func (m *mapper) column(header string) target {
	k := key(header)
	if r, ok := metaKeys[k]; ok {
		return target{role: r}
	}
	if t, ok := m.keys[k]; ok {
		return t
	}
	if r, ok := unitKeys[k]; ok {
		return target{role: r}
	}
	w := " " + k + " "
	if first, _, _ := strings.Cut(k, " "); m.ids[first] {
		return target{} // an indicator's question, reworded
	}
	switch {
	case strings.HasPrefix(k, "ma don vi") || strings.HasPrefix(k, "ma co quan"):
		return target{role: roleUnitCode}
	case strings.Contains(w, " don vi ") || strings.Contains(w, " co quan ") || strings.Contains(w, " unit "):
		return target{role: roleUnit}
	}
	return target{}
}
