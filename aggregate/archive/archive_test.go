package archive_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tonghop/aggregate/archive"
	"tonghop/aggregate/archive/archivetest"
	_ "tonghop/templates/testenv" // the flags every package's tests accept (go test ./... -update)
)

// limits are the bounds of one input as aggregate sets them.
var limits = archive.Limits{MaxFiles: 200, MaxTotal: 64 << 20, MaxFile: 32 << 20, MaxTime: 20 * time.Second}

const (
	viName = "Báo cáo Đắk Mil.txt"
	viData = "so lieu bao cao\n"
)

var when = time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)

func unpack(t *testing.T, data []byte, passwords ...string) ([]archive.File, error) {
	t.Helper()
	return archive.Unpack(archive.Detect(data), data, passwords, archive.NewBudget(limits, time.Now()))
}

// listing is "name=content" per file, or "name!error".
func listing(files []archive.File) string {
	var s []string
	for _, f := range files {
		if f.Err != nil {
			s = append(s, f.Name+"!"+f.Err.Error())
			continue
		}
		s = append(s, f.Name+"="+strings.TrimSpace(string(f.Data)))
	}
	return strings.Join(s, "; ")
}

func TestUnpackMadeBy7Zip(t *testing.T) {
	both := viName + "=so lieu bao cao; b.txt=second file"
	for _, tc := range []struct {
		file      string
		passwords []string
		want      string
		err       error
	}{
		{"plain.7z", nil, both, nil},
		{"aes.7z", []string{"matkhau"}, both, nil},
		{"aes.7z", []string{"sai", "cũng sai", "matkhau"}, both, nil},
		{"aes.7z", nil, "", archive.ErrEncrypted},
		{"aes.7z", []string{"sai"}, "", archive.ErrWrongPassword},
		{"aes-headers.7z", []string{"matkhau"}, both, nil},
		{"aes-headers.7z", nil, "", archive.ErrEncrypted},
		{"aes-headers.7z", []string{"sai"}, "", archive.ErrWrongPassword},
		{"aes256.zip", []string{"matkhau"}, both, nil},
		{"aes256.zip", []string{"sai", "matkhau"}, both, nil},
		{"aes128.zip", []string{"matkhau"}, viName + "=so lieu bao cao", nil},
		{"zipcrypto.zip", []string{"matkhau"}, both, nil},
		{"zipcrypto.zip", []string{"x", "matkhau"}, both, nil},
		// A zip's names are not encrypted: each file is listed with why it
		// could not be read, so the caller can still tell whose it is.
		{"aes256.zip", nil, viName + "!" + archive.ErrEncrypted.Error() + "; b.txt!" + archive.ErrEncrypted.Error(), nil},
		{"zipcrypto.zip", []string{"sai"}, viName + "!" + archive.ErrWrongPassword.Error() + "; b.txt!" + archive.ErrWrongPassword.Error(), nil},
		{"aes128.zip", []string{"sai"}, viName + "!" + archive.ErrWrongPassword.Error(), nil},
	} {
		t.Run(tc.file+"/"+strings.Join(tc.passwords, ","), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			files, err := unpack(t, data, tc.passwords...)
			if !errors.Is(err, tc.err) || (tc.err == nil && err != nil) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if got := listing(files); got != tc.want {
				t.Errorf("files:\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestUnpackRAR(t *testing.T) {
	entries := []archivetest.Entry{
		{Name: viName, Data: []byte(viData), Modified: when},
		{Name: "__MACOSX/._x.xlsx", Data: []byte("litter")},
		{Name: "thư mục/b.txt", Data: []byte("second file\n"), Modified: when},
	}
	want := viName + "=so lieu bao cao; thư mục/b.txt=second file"
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"RAR5", archivetest.RAR5(entries)},
		{"RAR4", archivetest.RAR4(entries, false)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if f := archive.Detect(tc.data); f != archive.RAR {
				t.Fatalf("Detect = %v", f)
			}
			files, err := unpack(t, tc.data)
			if err != nil {
				t.Fatal(err)
			}
			if got := listing(files); got != want {
				t.Errorf("files:\n got %s\nwant %s", got, want)
			}
			if !files[0].Modified.Equal(when) {
				t.Errorf("modified %v, want %v", files[0].Modified, when)
			}
			if _, err := unpack(t, tc.data[:len(tc.data)-30]); !errors.Is(err, archive.ErrBroken) {
				t.Errorf("cut short: err = %v, want ErrBroken", err)
			}
		})
	}
}

func TestUnpackTNEF(t *testing.T) {
	data := archivetest.TNEF([]archivetest.Entry{
		{Name: "Báo cáo xã Đắk Sắk.xlsx", Data: []byte("PK workbook"), Modified: when},
		{Name: "Công văn kèm theo.pdf", Data: []byte("%PDF-1.4"), Modified: when},
	})
	if f := archive.Detect(data); f != archive.TNEF {
		t.Fatalf("Detect = %v", f)
	}
	files, err := unpack(t, data)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := listing(files), "Báo cáo xã Đắk Sắk.xlsx=PK workbook; Công văn kèm theo.pdf=%PDF-1.4"; got != want {
		t.Errorf("files:\n got %s\nwant %s", got, want)
	}
	if m := files[0].Modified; m.Year() != 2026 || m.Hour() != 9 {
		t.Errorf("modified %v", m)
	}
	if _, err := unpack(t, data[:len(data)-3]); !errors.Is(err, archive.ErrBroken) {
		t.Errorf("cut short: err = %v, want ErrBroken", err)
	}
}

// Windows' zip folders and old WinRAR write names in the OEM code page,
// without the UTF-8 flag.
func TestOEMNames(t *testing.T) {
	for _, tc := range []struct{ raw, want string }{
		{"B\xe1o c\xe1o \xd0\xe3\xeck Mil.xlsx", "Báo cáo Đắk Mil.xlsx"}, // Windows-1258: ă + combining acute
		{"UBND xa\xde Tr\xfd\xf5\xccng.xlsx", "UBND xã Trường.xlsx"},
		{"R\x82sum\x82.xlsx", "Résumé.xlsx"}, // code page 437
		{"b\xe1o c\xe1o.xlsx", "báo cáo.xlsx"},
		{"Bảng số liệu.xlsx", "Bảng số liệu.xlsx"}, // UTF-8 without the flag
	} {
		t.Run(tc.want, func(t *testing.T) {
			for _, tool := range []string{"zip", "rar4"} {
				var data []byte
				if tool == "zip" {
					var b bytes.Buffer
					w := zip.NewWriter(&b)
					f, _ := w.CreateHeader(&zip.FileHeader{Name: tc.raw, NonUTF8: true})
					f.Write([]byte("x"))
					w.Close()
					data = b.Bytes()
				} else {
					data = archivetest.RAR4([]archivetest.Entry{{Name: tc.raw, Data: []byte("x")}}, true)
				}
				files, err := unpack(t, data)
				if err != nil || len(files) != 1 {
					t.Fatalf("%s: %v, %d files", tool, err, len(files))
				}
				if files[0].Name != tc.want {
					t.Errorf("%s: name %q, want %q", tool, files[0].Name, tc.want)
				}
			}
		})
	}
}

// The classic 42.zip, and one that hides its sizes, stop at the bounds as
// soon as the budget shared by every nested level is spent.
func TestZipBomb(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		err  error
	}{
		{"42.zip", archivetest.Bomb42(5, 16, 64<<10, 4_294_967_295, false), archive.ErrTooLarge},
		{"lying sizes", archivetest.Bomb42(2, 16, 2<<20, 0, true), archive.ErrTooLarge},
		{"many small", archivetest.Bomb42(3, 16, 100, 100, false), archive.ErrTooMany},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := archive.NewBudget(archive.Limits{MaxFiles: 200, MaxTotal: 4 << 20, MaxFile: 1 << 20}, time.Now())
			var walk func(data []byte, depth int) error
			walk = func(data []byte, depth int) error {
				files, err := archive.Unpack(archive.Detect(data), data, nil, b)
				if err != nil {
					return err
				}
				for _, f := range files {
					if f.Err != nil {
						return f.Err
					}
					if archive.Detect(f.Data) == archive.Zip && depth < 10 {
						if err := walk(f.Data, depth+1); err != nil {
							return err
						}
					}
				}
				return nil
			}
			if err := walk(tc.data, 0); !errors.Is(err, tc.err) {
				t.Errorf("err = %v, want %v", err, tc.err)
			}
		})
	}
}

func TestBudgetTime(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "plain.7z"))
	if err != nil {
		t.Fatal(err)
	}
	b := archive.NewBudget(limits, time.Now().Add(-time.Minute))
	if _, err := archive.Unpack(archive.SevenZip, data, nil, b); !errors.Is(err, archive.ErrTimeout) {
		t.Errorf("err = %v, want ErrTimeout", err)
	}
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		data string
		want archive.Format
	}{
		{"PK\x03\x04rest", archive.Zip},
		{"Rar!\x1a\x07\x00", archive.RAR},
		{"Rar!\x1a\x07\x01\x00", archive.RAR},
		{"7z\xbc\xaf\x27\x1c", archive.SevenZip},
		{"\x78\x9f\x3e\x22\x01\x00", archive.TNEF},
		{"%PDF-1.4", archive.None},
		{"", archive.None},
	} {
		if got := archive.Detect([]byte(tc.data)); got != tc.want {
			t.Errorf("Detect(%q) = %v, want %v", tc.data, got, tc.want)
		}
	}
}

func FuzzUnpack(f *testing.F) {
	for _, name := range []string{"plain.7z", "aes.7z", "aes-headers.7z", "aes256.zip", "aes128.zip", "zipcrypto.zip"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	e := []archivetest.Entry{{Name: viName, Data: []byte(viData), Modified: when}}
	f.Add(archivetest.RAR5(e))
	f.Add(archivetest.RAR4(e, true))
	f.Add(archivetest.TNEF(e))
	small := archive.Limits{MaxFiles: 20, MaxTotal: 1 << 20, MaxFile: 1 << 19, MaxTime: 5 * time.Second}
	f.Fuzz(func(t *testing.T, data []byte) {
		b := archive.NewBudget(small, time.Now())
		files, _ := archive.Unpack(archive.Detect(data), data, []string{"matkhau", "sai"}, b)
		var total int
		for _, file := range files {
			total += len(file.Data)
			if file.Err != nil && file.Data != nil {
				t.Fatalf("%s: data with error %v", file.Name, file.Err)
			}
		}
		if len(files) > small.MaxFiles || total > int(small.MaxTotal) {
			t.Fatalf("%d files, %d bytes: past the budget", len(files), total)
		}
	})
}
