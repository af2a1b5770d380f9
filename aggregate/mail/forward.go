package mail

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	netmail "net/mail"
)

// A forwarded mail arrives when the officer or a colleague forwards it, not
// when the unit sent it: its own Date is the forward's. The original's date
// is read from the forward itself, in the two ways mail programs forward:
// the original attached whole (a message/rfc822 part with its own Date), or
// quoted in the text under a block the program writes:
//
//	---------- Forwarded message ---------        (Gmail)
//	From: UBND xã Quảng Sơn <quangson@…>
//	Date: Thu, Mar 21, 2024 at 9:15 AM
//
//	---------- Thư đã chuyển tiếp ----------      (Gmail in Vietnamese)
//	Ngày: Th 5, 21 thg 3, 2024 vào lúc 09:15
//
//	-------- Original Message --------            (Thunderbird, Outlook)
//	From: … Sent: Thursday, March 21, 2024 9:15 AM
//
// Only the first block counts (a forward of a forward quotes the unit's
// mail first), and a quoted block is taken for a forward only when it says
// so or the subject does: "-----Original Message-----" and "From: … Sent:"
// also head the request a unit replies to, whose date is not the unit's.

// Original is what a forward says of the mail it forwards.
type Original struct {
	Date time.Time // when the original was sent; zero when the forward does not say
	From Address
	Via  Via // where Date was read
}

// Via is where a forward gives its original's date.
type Via int

// The places of Original.Date.
const (
	ViaNone     Via = iota
	ViaAttached     // the Date header of the original attached whole (message/rfc822)
	ViaQuoted       // the date line of the block quoting the original in the text
)

// forwardSubject is true for the prefixes mail programs put on forwards:
// Fwd:, Fw:, TV: (Outlook in Vietnamese), Chuyển tiếp:.
func forwardSubject(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, p := range []string{"fwd:", "fw:", "tv:", "chuyển tiếp:", "[fwd:"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

var (
	// forwardMarker is a line that says a forward follows.
	forwardMarker = regexp.MustCompile(`(?i)^[-_ ]*(forwarded message|forwarded e-?mail|thư đã chuyển tiếp|thư được chuyển tiếp|thư chuyển tiếp)[-_ ]*$`)
	// replyMarker heads a quoted mail in forwards and replies alike.
	replyMarker = regexp.MustCompile(`(?i)^[-_ ]*(original message|thư gốc)[-_ ]*$|^_{10,}$`)
	// headerLine is "Name: value" in a quoted block.
	headerLine = regexp.MustCompile(`^\s*\*?([\p{L} .]{2,20}?)\*?\s*:\s*(.*)$`)
)

// quotedOriginal finds the first forwarded block in a text body and reads
// its date and sender. forward says the subject marks a forward; loc is
// the zone of a date written without one (the forward's own).
func quotedOriginal(text string, forward bool, loc *time.Location) Original {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for i, l := range lines {
		l = strings.TrimSpace(strings.TrimLeft(l, "> "))
		isForward := forwardMarker.MatchString(l)
		block := isForward || (forward && replyMarker.MatchString(l))
		// Outlook writes no marker: "From: …" then "Sent: …" close below.
		if !block && forward && startsHeader(l, "from", "từ") {
			block = true
			i--
		}
		if !block {
			continue
		}
		var o Original
		seen := false // the block's header lines end at a blank line
		for _, h := range lines[i+1 : min(len(lines), i+12)] {
			h = strings.TrimSpace(strings.TrimLeft(h, "> "))
			if h == "" && seen || forwardMarker.MatchString(h) || replyMarker.MatchString(h) {
				break
			}
			m := headerLine.FindStringSubmatch(h)
			if m == nil {
				continue
			}
			seen = true
			name, value := strings.ToLower(strings.TrimSpace(m[1])), strings.TrimSpace(m[2])
			switch name {
			case "from", "từ", "người gửi":
				o.From = quotedAddress(value)
			case "date", "sent", "ngày", "đã gửi", "gửi lúc", "thời gian", "ngày gửi":
				if t, ok := parseLooseDate(value, loc); ok && o.Date.IsZero() {
					o.Date = t
				}
			}
		}
		if !o.Date.IsZero() {
			o.Via = ViaQuoted
			return o
		}
		if isForward {
			return Original{} // the forward's block has no date we can read
		}
	}
	return Original{}
}

func startsHeader(l string, names ...string) bool {
	m := headerLine.FindStringSubmatch(l)
	if m == nil {
		return false
	}
	name := strings.ToLower(strings.TrimSpace(m[1]))
	for _, n := range names {
		if name == n {
			return true
		}
	}
	return false
}

// quotedAddress reads "Name <addr>" or "Name [mailto:addr]" or a bare
// address as a quoted block writes it.
func quotedAddress(s string) Address {
	s = strings.NewReplacer("[mailto:", "<", "]", ">").Replace(s)
	if a, err := netmail.ParseAddress(s); err == nil {
		return Address{Name: cleanText(a.Name), Email: a.Address}
	}
	if i, j := strings.LastIndexByte(s, '<'), strings.LastIndexByte(s, '>'); i >= 0 && j > i {
		return Address{Name: cleanText(strings.Trim(strings.TrimSpace(s[:i]), `"*`)), Email: strings.TrimSpace(s[i+1 : j])}
	}
	return Address{Name: cleanText(strings.Trim(s, `"*`))}
}

var (
	englishMonths = map[string]time.Month{}
	looseDate     = regexp.MustCompile(`(?i)(\d{1,2})\s*(?:thg|tháng)\s*(\d{1,2}),?\s*(?:năm\s*)?(\d{4})|(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})|([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})|(\d{1,2})\s+([a-z]{3,9})\.?,?\s+(\d{4})`)
	looseTime     = regexp.MustCompile(`(?i)(\d{1,2})[:h](\d{2})(?::(\d{2}))?\s*(am|pm|sa|ch)?`)
	looseZone     = regexp.MustCompile(`(?:GMT|UTC)?\s*([+-])(\d{2}):?(\d{2})\b`)
)

func init() {
	for m := time.January; m <= time.December; m++ {
		englishMonths[strings.ToLower(m.String())] = m
		englishMonths[strings.ToLower(m.String()[:3])] = m
	}
	englishMonths["sept"] = time.September
}

// parseLooseDate reads a date as mail programs write it in a quoted block:
// RFC 5322, or "Thu, Mar 21, 2024 at 9:15 AM", "Thursday, 21 March 2024
// 09:15", "Th 5, 21 thg 3, 2024 vào lúc 09:15", "21/03/2024 9:15 SA". A
// date without a zone is in loc.
func parseLooseDate(s string, loc *time.Location) (time.Time, bool) {
	if t, err := netmail.ParseDate(s); err == nil {
		return t, true
	}
	m := looseDate.FindStringSubmatchIndex(s)
	if m == nil {
		return time.Time{}, false
	}
	g := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return s[m[2*i]:m[2*i+1]]
	}
	var day, month, year int
	switch {
	case g(1) != "":
		day, month, year = atoi(g(1)), atoi(g(2)), atoi(g(3))
	case g(4) != "":
		day, month, year = atoi(g(4)), atoi(g(5)), atoi(g(6))
	case g(7) != "":
		mo, ok := englishMonths[strings.ToLower(g(7))]
		if !ok {
			return time.Time{}, false
		}
		day, month, year = atoi(g(8)), int(mo), atoi(g(9))
	default:
		mo, ok := englishMonths[strings.ToLower(g(11))]
		if !ok {
			return time.Time{}, false
		}
		day, month, year = atoi(g(10)), int(mo), atoi(g(12))
	}
	if day < 1 || day > 31 || month < 1 || month > 12 || year < 1990 || year > 2200 {
		return time.Time{}, false
	}
	rest := s[m[1]:]
	hour, minute, sec := 0, 0, 0
	if tm := looseTime.FindStringSubmatch(rest); tm != nil {
		hour, minute, sec = atoi(tm[1]), atoi(tm[2]), atoi(tm[3])
		switch strings.ToLower(tm[4]) {
		case "pm", "ch":
			if hour < 12 {
				hour += 12
			}
		case "am", "sa":
			if hour == 12 {
				hour = 0
			}
		}
		if hour > 23 || minute > 59 || sec > 59 {
			return time.Time{}, false
		}
	}
	if z := looseZone.FindStringSubmatch(rest); z != nil {
		off := (atoi(z[2])*60 + atoi(z[3])) * 60
		if z[1] == "-" {
			off = -off
		}
		loc = time.FixedZone("", off)
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, 0, loc)
	if t.Day() != day {
		return time.Time{}, false // 31 February
	}
	return t, true
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
