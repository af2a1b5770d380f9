package vn

import (
	"testing"
	"time"
)

func TestSerial(t *testing.T) {
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name     string
		day      time.Time
		serial   float64
		date1904 bool
	}{
		{"a report date", day(2023, 12, 18), 45278, false},
		{"before the phantom 29/02/1900", day(1900, 2, 28), 59, false},
		{"after it", day(1900, 3, 1), 61, false},
		{"1904 system", day(1904, 1, 2), 1, true},
		{"1904 system, a report date", day(2023, 12, 18), 43816, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := SerialDate(tc.serial, tc.date1904); !got.Equal(tc.day) {
				t.Errorf("SerialDate(%v, %v) = %v, want %v", tc.serial, tc.date1904, got, tc.day)
			}
			if got := SerialDate(tc.serial+0.75, tc.date1904); !got.Equal(tc.day) {
				t.Errorf("SerialDate(%v) keeps the time of day: %v", tc.serial+0.75, got)
			}
			if !tc.date1904 {
				if got := Serial(tc.day.Add(13 * time.Hour)); got != tc.serial {
					t.Errorf("Serial(%v) = %v, want %v", tc.day, got, tc.serial)
				}
			}
		})
	}
	if got := SerialTime(time.Date(2024, 3, 20, 18, 0, 0, 0, time.UTC)); got != 45371.75 {
		t.Errorf("SerialTime = %v, want 45371.75", got)
	}
}

func TestISOSerial(t *testing.T) {
	tests := []struct {
		in       string
		date1904 bool
		want     float64
		ok       bool
	}{
		{"2023-12-18", false, 45278, true},
		{"1900-03-01", false, 61, true},
		{"1900-02-28", false, 59, true},
		{"2024-04-05T18:00:00", false, 45387.75, true},
		{"2024-04-05T06:00:00Z", false, 45387.25, true},
		{"2024-04-05T06:00:00+07:00", false, 45387.25, true},
		{"2024-04-05T06:00", false, 45387.25, true},
		{" 2023-12-18 ", false, 45278, true},
		{"9999-12-31", false, 2958465, true},
		{"2023-12-18", true, 43816, true},
		{"T12:00:00", false, 0.5, true},
		{"18:00:00", true, 0.75, true},
		{"05/04/2024", false, 0, false},
		{"", false, 0, false},
	}
	for _, tc := range tests {
		got, ok := ISOSerial(tc.in, tc.date1904)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ISOSerial(%q, %v) = %v, %v; want %v, %v", tc.in, tc.date1904, got, ok, tc.want, tc.ok)
		}
	}
}

func TestSerialClock(t *testing.T) {
	ict := time.FixedZone("ICT", 7*3600)
	for _, c := range []struct {
		serial float64
		want   string
	}{
		{45275, "2023-12-15 00:00:00 +0700"},
		{45275.5, "2023-12-15 12:00:00 +0700"},
		{45275.6284722222, "2023-12-15 15:05:00 +0700"}, // 15:05 stored with float error
		{45275.9999999, "2023-12-16 00:00:00 +0700"},    // rounds to the next day, as Excel shows it
		{45340.25, "2024-02-18 06:00:00 +0700"},
	} {
		if got := SerialClock(c.serial, false, ict).Format("2006-01-02 15:04:05 -0700"); got != c.want {
			t.Errorf("SerialClock(%v) = %s, want %s", c.serial, got, c.want)
		}
	}
}

func TestPercentOf(t *testing.T) {
	for _, c := range []struct{ frac, want float64 }{
		{0.895, 89.5}, {0.1, 10}, {1.5, 150}, {0.07, 7}, {0.123456, 12.3456}, {0, 0},
	} {
		if got := PercentOf(c.frac); got != c.want {
			t.Errorf("PercentOf(%v) = %v, want %v", c.frac, got, c.want)
		}
	}
	for f, want := range map[float64]bool{0: false, 0.5: false, 1: true, 45275.5: true, 2958465.9: true, 2958466: false} {
		if IsSerialDate(f) != want {
			t.Errorf("IsSerialDate(%v) = %v", f, !want)
		}
	}
}
