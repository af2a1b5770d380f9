package vn

import (
	"math"
	"strings"
	"time"
)

// Serial day numbers: how Excel and LibreOffice store a date, the days
// since 30/12/1899 (the 1900 date system, which counts a 29/02/1900 that
// never was, so days before 01/03/1900 are one off) or since 01/01/1904
// (the 1904 date system of old Mac workbooks), a time of day as the
// fraction. The one home of the conversion, for the templates, the readers
// and the writers.

var (
	epoch1900 = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	epoch1904 = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
)

// SerialDate converts a serial day number to its day, at midnight UTC;
// the time of day is dropped.
func SerialDate(serial float64, date1904 bool) time.Time {
	days := int(math.Floor(serial))
	if date1904 {
		return epoch1904.AddDate(0, 0, days)
	}
	if days < 61 { // Excel's phantom 29/02/1900
		days++
	}
	return epoch1900.AddDate(0, 0, days)
}

// IsSerialDate reports whether f is a serial number a date cell can show:
// 01/01/1900 (1) to 31/12/9999 (2958465).
func IsSerialDate(f float64) bool { return f >= 1 && f < 2958466 }

// PercentOf is the percentage a percent cell shows for the fraction it
// holds (Excel keeps 0,895 for 89,5 %), without the binary error of the
// product (0,895 × 100 is 89,49999…).
func PercentOf(frac float64) float64 { return math.Round(frac*100*1e9) / 1e9 }

// SerialClock is the moment a serial number shows, read as a wall clock in
// loc, to the second as Excel shows it.
func SerialClock(serial float64, date1904 bool, loc *time.Location) time.Time {
	d := SerialDate(serial, date1904)
	secs := math.Round((serial - math.Floor(serial)) * 86400)
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, int(secs), 0, loc)
}

// Serial is the serial day number (1900 date system) of t's day.
func Serial(t time.Time) float64 { return serialDay(t, false) }

// serialDay is the serial number of t's day in the given date system.
func serialDay(t time.Time, date1904 bool) float64 {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	if date1904 {
		return float64((d.Unix() - epoch1904.Unix()) / 86400)
	}
	// Whole seconds, not a time.Duration: a Duration overflows 292 years out.
	days := float64((d.Unix() - epoch1900.Unix()) / 86400)
	if days < 61 {
		days--
	}
	return days
}

// SerialTime is the serial number of a moment as t's clock shows it: its
// day's serial and the time of day as the fraction.
func SerialTime(t time.Time) float64 { return serialDay(t, false) + dayFraction(t) }

// dayFraction is t's time of day as a fraction of a day, nanoseconds kept.
func dayFraction(t time.Time) float64 {
	secs := float64(t.Hour()*3600+t.Minute()*60+t.Second()) + float64(t.Nanosecond())/1e9
	return secs / 86400
}

// isoLayouts are the ISO 8601 forms a spreadsheet file stores a date in.
var isoLayouts = []string{
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02",
	"T15:04:05.999999999",
	"15:04:05.999999999",
}

// ISOSerial reads an ISO 8601 date, date-time or time of day, as an .xlsx
// t="d" cell and an .ods office:date-value store it, as the serial number
// a spreadsheet shows for it: the wall-clock time is kept, a zone offset
// ignored; a time of day alone is the fraction with no day.
func ISOSerial(s string, date1904 bool) (float64, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range isoLayouts {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		if y, m, d := t.Date(); y == 0 && m == 1 && d == 1 { // a time of day alone
			return dayFraction(t), true
		}
		return serialDay(t, date1904) + dayFraction(t), true
	}
	return 0, false
}
