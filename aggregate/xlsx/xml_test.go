package xlsx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"tonghop/aggregate/archive/archivetest"
)

// stdTokens is what encoding/xml's strict RawToken gives for data, with the
// checks of the XML standard the decoder adds (depth, end tags matching
// their start tags, an element left open, the XML declaration, DTDs), in one
// line per token; ok is false when either refuses.
func stdTokens(data []byte, maxDepth int) (toks []string, ok bool) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	depth := 0
	var open []xml.Name
	for {
		at := d.InputOffset()
		tok, err := d.RawToken()
		if err == io.EOF {
			return toks, depth == 0
		}
		if err != nil {
			return toks, false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth++; depth > maxDepth {
				return toks, false
			}
			open = append(open, t.Name)
			s := "<" + t.Name.Space + "|" + t.Name.Local
			for _, a := range t.Attr {
				s += fmt.Sprintf(" %s|%s=%q", a.Name.Space, a.Name.Local, a.Value)
			}
			toks = append(toks, s)
		case xml.EndElement:
			if depth--; depth < 0 || open[len(open)-1] != t.Name {
				return toks, false
			}
			open = open[:len(open)-1]
			toks = append(toks, "</"+t.Name.Space+"|"+t.Name.Local)
		case xml.CharData:
			toks = append(toks, fmt.Sprintf("%q", []byte(t)))
		case xml.Directive:
			return toks, false
		case xml.ProcInst:
			if strings.EqualFold(t.Target, "xml") {
				decl := data[at+int64(len("<?xml")) : d.InputOffset()-int64(len("?>"))]
				if at != 0 && !(at == 3 && bytes.HasPrefix(data, []byte("\uFEFF"))) || !xmlDeclRE.Match(decl) {
					return toks, false
				}
			}
		}
	}
}

// xmlDeclRE is what may follow "<?xml" in the standard's XMLDecl
// production, narrowed to what the decoder reads (version 1.0, UTF-8).
var xmlDeclRE = regexp.MustCompile(`^[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*("1\.0"|'1\.0')` +
	`([ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*("(?i:utf-8)"|'(?i:utf-8)'))?` +
	`([ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*("(yes|no)"|'(yes|no)'))?[ \t\r\n]*$`)

// ourTokens is the same for the decoder; text tokens next to each other
// are joined (encoding/xml joins text and CDATA differently), and so are
// theirs in compare.
func ourTokens(data []byte, maxDepth int) (toks []string, err error) {
	d := newDecoder(data, "x.xml", maxDepth)
	for {
		t, err := d.next()
		if err == io.EOF {
			return toks, nil
		}
		if err != nil {
			return toks, err
		}
		switch t.kind {
		case tokStart:
			s := "<" + string(t.space) + "|" + string(t.local)
			for _, a := range t.attrs {
				s += fmt.Sprintf(" %s|%s=%q", a.space, a.local, a.value)
			}
			toks = append(toks, s)
		case tokEnd:
			toks = append(toks, "</"+string(t.space)+"|"+string(t.local))
		case tokText:
			toks = append(toks, fmt.Sprintf("%q", t.text))
		}
	}
}

// joinText merges adjacent text tokens and drops empty ones.
func joinText(toks []string) []string {
	var out []string
	var text []byte
	flush := func() {
		if len(text) > 0 {
			out = append(out, fmt.Sprintf("%q", text))
		}
		text = nil
	}
	for _, s := range toks {
		if strings.HasPrefix(s, `"`) {
			var b []byte
			fmt.Sscanf(s, "%q", &b)
			text = append(text, b...)
			continue
		}
		flush()
		out = append(out, s)
	}
	flush()
	return out
}

// compareTokenizers checks the decoder against encoding/xml on data: what
// the decoder accepts, encoding/xml accepts with the same tokens; what it
// refuses, encoding/xml refuses too, but for names outside ASCII (refused
// here on purpose: the excelize way decides). Errors are ours in Vietnamese.
func compareTokenizers(t *testing.T, data []byte) {
	const maxDepth = 16
	std, stdOK := stdTokens(data, maxDepth)
	ours, err := ourTokens(data, maxDepth)
	switch {
	case err == nil && !stdOK:
		t.Fatalf("decoder accepts what encoding/xml refuses: %q", data)
	case err != nil && stdOK:
		if !hasNonASCIIName(std) && !nonASCIIName.Match(data) {
			t.Fatalf("decoder refuses (%v) what encoding/xml accepts: %q", err, data)
		}
	case err == nil:
		a, b := strings.Join(joinText(std), "\n"), strings.Join(joinText(ours), "\n")
		if a != b {
			t.Fatalf("tokens differ on %q\nencoding/xml:\n%s\ndecoder:\n%s", data, a, b)
		}
	}
	if err != nil {
		var lim *LimitError
		if !errors.Is(err, ErrBroken) && !errors.As(err, &lim) {
			t.Fatalf("error of an unknown kind: %v", err)
		}
	}
}

// nonASCIIName finds a tag or processing instruction whose name has a
// character outside ASCII.
var nonASCIIName = regexp.MustCompile(`<[?/]?[^ \t\r\n>/?=]*[^\x00-\x7f]`)

func hasNonASCIIName(toks []string) bool {
	for _, s := range toks {
		if strings.HasPrefix(s, "<") {
			for i := 0; i < len(s); i++ {
				if s[i] >= 0x80 {
					return true
				}
			}
		}
	}
	return false
}

var tokenizerSeeds = []string{
	`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" + `<worksheet xmlns="a" xmlns:r="b"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`,
	`<a b='1' c = "x&amp;y&#233;&#x1F600;"/>`,
	`<a>t&lt;x&gt;<![CDATA[<raw>&amp;]]>z</a>`,
	"<a>line\r\nnext\rlast</a>",
	`<x:a x:b="1"><!-- note --><?pi data?></x:a>`,
	`<a b="1"c="2"/>`,
	`<a><b></a>`,
	`</a>`,
	`<a>`,
	`<!DOCTYPE a><a/>`,
	`<a b="<"/>`,
	`<a>&bogus;</a>`,
	`<a>&#0;</a>`,
	"<a>\x01</a>",
	"<a>\xff</a>",
	`<?xml version="1.0" encoding="UTF-16"?><a/>`,
	`<a:b:c/>`,
	`<:a/>`,
	`<a:/>`,
	`<a><!-- a -- b --></a>`,
	`<a b="x>y"/>`,
	`<a  >  </a  >`,
	`<1a/>`,
	`<a b/>`,
	`<a b=c/>`,
	`<é/>`,
	"<a>\uFFFE</a>",
}

// TestTokenizerMatchesEncodingXML runs the comparison on hand-written
// cases and on every part of the real-client fixtures.
func TestTokenizerMatchesEncodingXML(t *testing.T) {
	for _, s := range tokenizerSeeds {
		compareTokenizers(t, []byte(s))
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "*.xlsx"))
	for _, p := range files {
		for _, part := range archivetest.Parts(t, readFile(t, p)) {
			if strings.HasSuffix(part.Name, ".xml") || strings.HasSuffix(part.Name, ".rels") {
				t.Run(filepath.Base(p)+"/"+part.Name, func(t *testing.T) { compareTokenizers(t, part.Data) })
			}
		}
	}
}

// FuzzTokenizer is the fast path's own fuzz target: the decoder against
// encoding/xml on any bytes.
func FuzzTokenizer(f *testing.F) {
	for _, s := range tokenizerSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { compareTokenizers(t, data) })
}

// TestTokenizerStrict: what the XML standard refuses and encoding/xml's
// RawToken lets through, refused by the decoder with the reason; and the
// spacings the standard allows, read.
func TestTokenizerStrict(t *testing.T) {
	const decl = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`
	for _, tc := range []struct {
		name, xml string
		err       string // "" when the part reads
	}{
		{"end tag of another element", `<a><b></a></b>`, "thẻ đóng </a> không khớp thẻ mở <b>"},
		{"end tag with another prefix", `<x:a></y:a>`, "thẻ đóng </y:a> không khớp thẻ mở <x:a>"},
		{"end tag without the prefix", `<x:a></a>`, "thẻ đóng </a> không khớp thẻ mở <x:a>"},
		{"cells closed crosswise", `<row><c><v>1</c></v></row>`, "thẻ đóng </c> không khớp thẻ mở <v>"},
		{"end tag closing nothing", `<a/></a>`, "thẻ đóng </a> thừa"},
		{"UTF-16 declared", `<?xml version="1.0" encoding="UTF-16"?><a/>`, "bảng mã UTF-16 không được hỗ trợ"},
		{"UTF-16 declared with spaces", `<?xml version = "1.0" encoding = "UTF-16"?><a/>`, "bảng mã UTF-16 không được hỗ trợ"},
		{"UTF-16 declared with a tab", "<?xml version='1.0' encoding\t='utf-16'?><a/>", "bảng mã utf-16 không được hỗ trợ"},
		{"Latin-1 declared", `<?xml version="1.0" encoding='ISO-8859-1'?><a/>`, "bảng mã ISO-8859-1 không được hỗ trợ"},
		{"declaration in upper case", `<?XML version="1.0" encoding="UTF-16"?><a/>`, "bảng mã UTF-16"},
		{"declaration not at the start", `<a><?xml version="1.0" encoding="UTF-16"?></a>`, "chỉ được ở đầu phần"},
		{"declaration after white space", " " + decl + `<a/>`, "chỉ được ở đầu phần"},
		{"declaration without version", `<?xml encoding="UTF-8"?><a/>`, "thiếu version"},
		{"version 1.1", `<?xml version="1.1"?><a/>`, "chỉ đọc được XML 1.0"},
		{"parameters out of order", `<?xml encoding="UTF-8" version="1.0"?><a/>`, "sai cú pháp"},
		{"unknown parameter", `<?xml version="1.0" charset="UTF-16"?><a/>`, "sai cú pháp"},
		{"parameters without space", `<?xml version="1.0"encoding="UTF-8"?><a/>`, "sai cú pháp"},
		{"Excel's declaration", decl + "\r\n<a/>", ""},
		{"after a byte order mark", "\uFEFF" + decl + `<a/>`, ""},
		{"spaced as the standard allows", `<?xml version = '1.0'  encoding= 'utf-8' standalone ="no" ?><a/>`, ""},
		{"another processing instruction", `<a><?mso-application progid="Excel.Sheet"?></a>`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ourTokens([]byte(tc.xml), 16)
			switch {
			case tc.err == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.err != "" && err == nil:
				t.Fatal("read, want refused")
			case tc.err != "" && (!errors.Is(err, ErrBroken) || !strings.Contains(err.Error(), tc.err)):
				t.Fatalf("error %q, want ErrBroken with %q", err, tc.err)
			}
			compareTokenizers(t, []byte(tc.xml))
		})
	}
}
