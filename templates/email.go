package templates

import (
	"fmt"
	"net/mail"
	"strings"
)

// Email addresses in a campaign: a unit's Email cell may hold several
// addresses (a unit's office and its officer), separated by ";" as Outlook
// writes them or by ",". Each is checked with net/mail at load, so that a
// slip ("not-an-email", "a@b.vn c@d.vn") is told with its sheet, row and
// value instead of becoming a broken To: header in every draft.

// splitAddresses splits an Email cell at the ";" and "," that separate
// addresses, not at those inside a quoted name ("Lê, Văn A" <a@b.vn>)
// or inside <…>. Blank parts are dropped.
func splitAddresses(cell string) []string {
	var parts []string
	start, quoted, angle := 0, false, false
	for i, r := range cell {
		switch {
		case r == '"':
			quoted = !quoted
		case quoted:
		case r == '<':
			angle = true
		case r == '>':
			angle = false
		case (r == ';' || r == ',') && !angle:
			parts = append(parts, cell[start:i])
			start = i + 1
		}
	}
	parts = append(parts, cell[start:])
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseAddress returns the address part of one address as written
// ("Văn phòng <vp@x.gov.vn>" or "vp@x.gov.vn"), and false when it is not
// an address a mail can be sent to: net/mail's syntax, and a domain with a
// dot (net/mail takes "a@localhost").
func parseAddress(s string) (string, bool) {
	a, err := mail.ParseAddress(s)
	if err != nil {
		return "", false
	}
	at := strings.LastIndexByte(a.Address, '@')
	if at < 1 || !strings.Contains(a.Address[at+1:], ".") || strings.HasSuffix(a.Address, ".") {
		return "", false
	}
	return a.Address, true
}

// Addresses returns the unit's email addresses, bare ("vp@x.gov.vn", no
// name), in the order of its Email cell: the recipients of the unit's
// mails, and the senders that identify it. A part that is not an address
// is left out; a campaign loaded from a file has none (emails refuses it).
func (u *Unit) Addresses() []string {
	var out []string
	for _, p := range splitAddresses(u.Email) {
		if a, ok := parseAddress(p); ok {
			out = append(out, a)
		}
	}
	return out
}

// emails checks the contact address of the Chiến dịch sheet and the Email
// cell of every unit.
func (k *checker) emails() {
	c, rows := k.c, k.rows
	const hint = "cần dạng ten@coquan.gov.vn"
	if e := c.ContactEmail; e != "" {
		if _, ok := parseAddress(e); !ok {
			k.add(tableMeta, rows.meta["lien_he_email"], "Giá trị", "địa chỉ thư điện tử %q không hợp lệ (%s)", e, hint)
		}
	}
	for i := range c.Units {
		u := &c.Units[i]
		parts := splitAddresses(u.Email)
		for _, p := range parts {
			if _, ok := parseAddress(p); !ok {
				in := ""
				if len(parts) > 1 {
					in = fmt.Sprintf(" (trong ô %q)", u.Email)
				}
				k.add(tableUnits, rowAt(rows.units, i), "Email", "địa chỉ thư điện tử %q%s của đơn vị %s không hợp lệ (%s; nhiều địa chỉ thì cách nhau bằng dấu ; hoặc dấu ,)", p, in, u.Code, hint)
			}
		}
	}
}
