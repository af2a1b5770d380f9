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
