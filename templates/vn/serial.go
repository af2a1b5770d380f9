package vn

import (
	"math"
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

// Serial is the serial day number (1900 date system) of t's day.
func Serial(t time.Time) float64 {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	days := math.Round(d.Sub(epoch1900).Hours() / 24)
	if days < 61 {
		days--
	}
	return days
}

// SerialTime is the serial number of a moment as t's clock shows it: its
// day's serial and the time of day as the fraction.
func SerialTime(t time.Time) float64 {
	return Serial(t) + float64(t.Hour()*3600+t.Minute()*60+t.Second())/86400
}
