package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// benchFiles are filled forms written by programs other than ours.
var benchFiles = []string{"openpyxl.xlsx", "libreoffice.xlsx"}

// BenchmarkRead is Read on a filled form.
func BenchmarkRead(b *testing.B) {
	for _, name := range benchFiles {
		data := readFile(b, filepath.Join("testdata", name))
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Read(data, Limits{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkExcelizeOpen is the peer: excelize opens the same bytes and
// reads the same content (every sheet's cells, the names, the properties).
func BenchmarkExcelizeOpen(b *testing.B) {
	for _, name := range benchFiles {
		data := readFile(b, filepath.Join("testdata", name))
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
				if err != nil {
					b.Fatal(err)
				}
				for _, s := range f.GetSheetList() {
					if _, err := f.GetRows(s); err != nil {
						b.Fatal(err)
					}
				}
				f.GetDefinedName()
				f.GetDocProps()
				f.GetCustomProps()
				f.Close()
			}
		})
	}
}

// BenchmarkFloor is the bare cost any reader pays, as
// /work/shared/bench/floor measures it: archive/zip, then a RawToken scan
// of every worksheet and the shared strings, summing the numbers.
func BenchmarkFloor(b *testing.B) {
	for _, name := range benchFiles {
		data := readFile(b, filepath.Join("testdata", name))
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := floorScan(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func floorScan(data []byte) (cells int, err error) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return 0, err
	}
	sum := 0.0
	for _, f := range z.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/") && f.Name != "xl/sharedStrings.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return 0, err
		}
		d := xml.NewDecoder(rc)
		inV, isStr := false, false
		for {
			tok, err := d.RawToken()
			if err == io.EOF {
				break
			}
			if err != nil {
				rc.Close()
				return 0, err
			}
			switch e := tok.(type) {
			case xml.StartElement:
				switch e.Name.Local {
				case "c":
					cells++
					isStr = false
					for _, a := range e.Attr {
						if a.Name.Local == "t" && a.Value != "n" {
							isStr = true
						}
					}
				case "v":
					inV = true
				}
			case xml.EndElement:
				if e.Name.Local == "v" {
					inV = false
				}
			case xml.CharData:
				if inV && !isStr {
					if x, err := strconv.ParseFloat(string(e), 64); err == nil {
						sum += x
					}
				}
			}
		}
		rc.Close()
	}
	_ = sum
	return cells, nil
}
