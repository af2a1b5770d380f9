package xls

import (
	"bytes"
	"strings"
	"time"

	"github.com/richardlehane/msoleps"
	"github.com/richardlehane/msoleps/types"

	"tonghop/aggregate/book"
)

// readProperties reads the summary properties: last saved and created
// times and the application from SummaryInformation, the custom properties
// from the user-defined section of DocumentSummaryInformation. Damaged
// property streams lose the properties, not the figures.
func readProperties(b *book.Book, s *oleStreams) {
	for _, p := range properties(s.summary) {
		switch p.Name {
		case "LastSaveTime":
			b.Modified = fileTime(p)
		case "CreateTime":
			b.Created = fileTime(p)
		case "AppName":
			b.Application = strings.TrimRight(p.String(), "\x00")
		}
	}
	// The first section of DocumentSummaryInformation holds the standard
	// properties (named by msoleps), the second the custom ones, named by
	// the dictionary of that section.
	for _, p := range properties(s.docSum) {
		if p.Name == "" || standard[p.Name] || p.T == nil {
			continue
		}
		if _, null := p.T.(types.Null); null {
			continue
		}
		if b.Custom == nil {
			b.Custom = map[string]string{}
		}
		b.Custom[p.Name] = strings.TrimRight(p.String(), "\x00")
	}
}

// properties parses a property set stream; nil when it is missing or does
// not read. msoleps indexes with the offsets the stream declares: a panic
// there is a damaged stream.
func properties(data []byte) (props []*msoleps.Property) {
	if len(data) == 0 {
		return nil
	}
	defer func() {
		if recover() != nil {
			props = nil
		}
	}()
	r, err := msoleps.NewFrom(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	return r.Property
}

// standard are the names msoleps gives the properties of the first section
// and its defaults: they are not custom properties.
var standard = map[string]bool{
	"Dictionary": true, "CodePage": true, "Locale": true, "Behaviour": true,
	"Category": true, "Presentation Format": true, "Byte count": true, "Line count": true, "Paragraph count": true,
	"Slide count": true, "Note count": true, "Hidden slides content": true, "Multimedia clips count": true,
	"Scale": true, "Heading pair": true, "Document parts": true, "Manager": true, "Company": true,
	"Dirty links": true, "Character count": true, "Shared document": true, "Link base": true,
	"Hyperlinks": true, "Hyperlinks changed": true, "Version": true, "Digital Signature": true,
	"Content type": true, "Content status": true, "Language": true, "Document Version": true,
}

func fileTime(p *msoleps.Property) time.Time {
	if ft, ok := p.T.(types.FileTime); ok {
		return ft.Time().UTC()
	}
	return time.Time{}
}
