package formexport

import (
	"strconv"
	"strings"
	"time"

	"tonghop/templates/vn"
)

// stamp is a timestamp split into its numbers, before the day/month order
// is known.
type stamp struct {
	nums   [7]int // date a, b, c; hour, minute, second, nanosecond
	n      int    // how many numbers were found
	iso    bool   // year first: a is the year
	twoY   bool   // two-digit year
	ampm   int    // 0 none, 1 AM, 2 PM
	utc    bool   // a trailing Z
	serial float64
}

// splitStamp splits "10/3/2024 9:15:07", "3/10/24 9:15:07 AM",
// "2024-03-10 09:15:07", "2024-03-10T09:15:07.123Z" or an Excel serial
// ("45361.3855") into a stamp; false when it is none of these.
func splitStamp(s string) (stamp, bool) {
	var st stamp
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return st, false
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		if v < 1 || v > 2958465 {
			return st, false
		}
		st.serial = v
		return st, true
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if st.n == len(st.nums) || j-i > 9 {
				return st, false
			}
			v, _ := strconv.Atoi(s[i:j])
			if st.n == 0 {
				st.iso = j-i == 4
			}
			if st.n == 2 && !st.iso {
				if j-i == 2 {
					st.twoY = true
					v += 2000
				} else if j-i != 4 {
					return st, false
				}
			}
			if st.n == 6 { // fraction of a second: to nanoseconds
				frac := s[i:j]
				for len(frac) < 9 {
					frac += "0"
				}
				v, _ = strconv.Atoi(frac)
			}
			st.nums[st.n] = v
			st.n++
			i = j
		case c == 'A' || c == 'a' || c == 'P' || c == 'p' || c == 'S' || c == 'C':
			w := strings.ToUpper(s[i:min(i+2, len(s))])
			switch w {
			case "AM", "SA":
				st.ampm = 1
			case "PM", "CH":
				st.ampm = 2
			default:
				return st, false
			}
			i += 2
		case c == 'Z' && i == len(s)-1:
			st.utc = true
			i++
		case strings.IndexByte("/-.: T", c) >= 0:
			i++
		default:
			return st, false
		}
	}
	return st, st.n == 3 || st.n >= 5
}

// evidence says which order the date's first two numbers must be in: +1
// day first (the first is > 12), -1 month first (the second is > 12), 0
// either.
func (st stamp) evidence() int {
	if st.serial != 0 || st.iso {
		return 0
	}
	switch {
	case st.nums[0] > 12 && st.nums[1] <= 12:
		return 1
	case st.nums[1] > 12 && st.nums[0] <= 12:
		return -1
	}
	return 0
}

// usStyle reports whether the stamp looks like an English-locale export:
// AM/PM or a two-digit year (Excel's "m/d/yy h:mm:ss").
func (st stamp) usStyle() bool { return st.ampm != 0 || st.twoY }

// time builds the instant in loc; false when a field is out of range.
func (st stamp) time(dayFirst bool, loc *time.Location) (time.Time, bool) {
	if st.serial != 0 {
		return vn.SerialClock(st.serial, false, loc), true
	}
	y, mo, d := st.nums[2], st.nums[1], st.nums[0]
	switch {
	case st.iso:
		y, mo, d = st.nums[0], st.nums[1], st.nums[2]
	case !dayFirst:
		mo, d = st.nums[0], st.nums[1]
	}
	h, mi, s := st.nums[3], st.nums[4], st.nums[5]
	switch st.ampm {
	case 1, 2:
		if h < 1 || h > 12 {
			return time.Time{}, false
		}
		h %= 12
		if st.ampm == 2 {
			h += 12
		}
	}
	if y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59 {
		return time.Time{}, false
	}
	if st.utc {
		loc = time.UTC
	}
	t := time.Date(y, time.Month(mo), d, h, mi, s, st.nums[6], loc)
	if t.Day() != d {
		return time.Time{}, false // 31/4
	}
	return t, true
}
