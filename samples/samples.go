// Package samples builds the folder of returned reports committed under
// samples/bao-cao: what an officer's inbox looks like after the default
// campaign's deadline, so that `tonghop merge samples` shows the whole job on
// a fresh clone. Most units reported; some are missing or late; a few files
// carry errors, duplicates, another unit's identity, messy names, numbers
// typed as text, a LibreOffice re-save and an .xls.
//
// Every file is a template written by templates.Campaign.Template, filled
// through its defined names, from a fixed seed: the same campaign gives the
// same content every time. The scenario is data (Scenario), and the outcome
// a merge must reach on it (Expect) is derived from that data, not typed a
// second time.
package samples

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"tonghop/templates"
)

// Seed is the fixed seed of every figure, name and date in the samples.
const Seed uint64 = 20240415

// Dir is the folder under samples/ that holds the reports.
const Dir = "bao-cao"

// AsOf is the "today" of the sample run: after both deadlines, so that a unit
// without a report is missing, not "not yet due".
var AsOf = time.Date(2024, 4, 15, 0, 0, 0, 0, time.UTC)

// ict is the province's time zone: workbooks are saved in office hours there.
var ict = time.FixedZone("ICT", 7*3600)

// Plan is the scenario resolved against a campaign: every file to write, in
// the order written, with its figures' seed and dates decided.
type Plan struct {
	Files []PlannedFile
}

// PlannedFile is one file of the plan.
type PlannedFile struct {
	File
	Path     string // under Dir, OS separators; NFD when the file asks for it
	unit     *templates.Unit
	asUnit   *templates.Unit
	reported time.Time
	saved    time.Time
}

// NewPlan resolves the scenario against the campaign: every unit not missing
// and not named by the scenario gets an ordinary report.
//
// It is long because it lays out the whole scenario file by file.
func NewPlan(c *templates.Campaign) (*Plan, error) {
	odd := map[string]bool{}
	for _, code := range Scenario.Missing {
		if c.Unit(code) == nil {
			return nil, fmt.Errorf("mẫu: chiến dịch không có đơn vị %s", code)
		}
		odd[code] = true
	}
	files := map[string]File{}
	for _, f := range Scenario.Files {
		for _, code := range []string{f.Unit, f.AsUnit} {
			if code != "" && c.Unit(code) == nil {
				return nil, fmt.Errorf("mẫu: chiến dịch không có đơn vị %s (tệp %s)", code, f.Name)
			}
		}
		files[f.Name] = f
		odd[f.Unit] = true
		if f.AsUnit != "" {
			odd[f.AsUnit] = true
		}
	}
	var all []File
	used := map[string]bool{}
	for _, f := range Scenario.Files {
		used[strings.ToLower(f.Name)] = true
	}
	for i := range c.Units {
		u := &c.Units[i]
		if odd[u.Code] {
			continue
		}
		name := ordinaryName(u)
		for n := 2; used[strings.ToLower(name)]; n++ {
			name = strings.TrimSuffix(name, ".xlsx") + fmt.Sprintf(" (%d).xlsx", n)
		}
		used[strings.ToLower(name)] = true
		all = append(all, File{Name: name, Unit: u.Code})
	}
	all = append(all, Scenario.Files...)

	p := &Plan{}
	for _, f := range all {
		if f.CopyOf != "" {
			// A copy says what its original says.
			orig, ok := files[f.CopyOf]
			if !ok {
				return nil, fmt.Errorf("mẫu: tệp %s sao chép tệp không có trong kịch bản %s", f.Name, f.CopyOf)
			}
			f.Unit, f.AsUnit, f.Reported, f.Saved, f.Quirks, f.Convert, f.Variant = orig.Unit, orig.AsUnit, orig.Reported, orig.Saved, orig.Quirks, orig.Convert, orig.Variant
		}
		u := c.Unit(f.Unit)
		pf := PlannedFile{File: f, unit: u}
		if f.AsUnit != "" {
			pf.asUnit = c.Unit(f.AsUnit)
		}
		sender := pf.sender()
		rng := rngFor(sender.Code, f.Variant+100)
		pf.reported = f.Reported
		if pf.reported.IsZero() {
			// Most reports come in the last ten days of March and the first
			// days of April, before the 05/4 deadline.
			pf.reported = day(20, 3).AddDate(0, 0, rng.IntN(16))
		}
		pf.saved = f.Saved
		if pf.saved.IsZero() {
			d := pf.reported
			pf.saved = time.Date(d.Year(), d.Month(), d.Day(), 8+rng.IntN(9), rng.IntN(60), 0, 0, ict)
		}
		name := f.Name
		if folder, ok := Scenario.Subfolders[sender.Parent]; ok {
			name = folder + "/" + name
		}
		if pf.has(QuirkNFD) {
			name = norm.NFD.String(name)
		}
		pf.Path = filepath.FromSlash(name)
		p.Files = append(p.Files, pf)
	}
	// Copies after their originals, then by path: a stable order to write in.
	sort.SliceStable(p.Files, func(i, j int) bool {
		a, b := p.Files[i], p.Files[j]
		if (a.CopyOf != "") != (b.CopyOf != "") {
			return b.CopyOf != ""
		}
		return a.Path < b.Path
	})
	return p, nil
}

// sender is the unit that sent the file: AsUnit when it re-used another's.
func (pf *PlannedFile) sender() *templates.Unit {
	if pf.asUnit != nil {
		return pf.asUnit
	}
	return pf.unit
}

func (pf *PlannedFile) has(q Quirk) bool {
	for _, x := range pf.Quirks {
		if x == q {
			return true
		}
	}
	return false
}

// ordinaryName is the name an ordinary unit gives its file: some keep the
// generated name, most rename it their own way.
func ordinaryName(u *templates.Unit) string {
	rng := rngFor(u.Code, 1)
	short := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(u.Name, "UBND "), "Ủy ban "))
	ascii := strings.ReplaceAll(templates.Slug(short), "-", " ")
	switch rng.IntN(6) {
	case 0, 1:
		return templates.FileName(u)
	case 2:
		return "BC 20 nam - " + ascii + ".xlsx"
	case 3:
		return "Báo cáo tuyên truyền 20 năm - " + short + ".xlsx"
	case 4:
		return ascii + " - bao cao ket qua tuyen truyen.xlsx"
	default:
		return "Mau bao cao_" + ascii + " (1).xlsx"
	}
}

// rngFor returns the random source of one unit's figures: seeded by the
// fixed seed and the unit code, so that changing one unit's scenario leaves
// every other unit's figures as they were.
func rngFor(code string, variant int) *rand.Rand {
	h := fnv.New64a()
	io.WriteString(h, code)
	return rand.New(rand.NewPCG(Seed, h.Sum64()+uint64(variant)))
}

// Options tune Build.
type Options struct {
	// Soffice is the LibreOffice program used for the re-saved and .xls
	// files; empty means look for soffice (or libreoffice) on PATH.
	Soffice string
	// WithoutOffice skips the files LibreOffice makes (for a test that
	// must not run it: under -short, or on a machine without it).
	WithoutOffice bool
}

// ErrNoOffice is returned when a file needs LibreOffice and none is found.
var ErrNoOffice = errors.New("cần LibreOffice (lệnh soffice) để tạo tệp lưu lại bằng LibreOffice và tệp .xls; hãy cài LibreOffice Calc (ví dụ apt-get install libreoffice-calc-nogui)")

// Build writes the sample folder into dir (created when missing), using
// LibreOffice from PATH for the files it must make.
func Build(c *templates.Campaign, dir string) error {
	return BuildWith(c, dir, Options{})
}

// BuildWith is Build with options.
func BuildWith(c *templates.Campaign, dir string, opt Options) error {
	p, err := NewPlan(c)
	if err != nil {
		return err
	}
	soffice := opt.Soffice
	if opt.WithoutOffice {
		soffice = ""
	} else if soffice == "" {
		soffice = findOffice()
	}
	if soffice == "" && !opt.WithoutOffice {
		for _, f := range p.Files {
			if f.Convert != Native {
				return fmt.Errorf("mẫu %s: %w", f.Name, ErrNoOffice)
			}
		}
	}
	written := map[string][]byte{}
	for _, f := range p.Files {
		path := filepath.Join(dir, f.Path)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("mẫu: %w", err)
		}
		if f.CopyOf != "" {
			b, ok := written[f.CopyOf]
			if !ok {
				continue // the original was skipped (no LibreOffice)
			}
			if err := os.WriteFile(path, b, 0o644); err != nil {
				return fmt.Errorf("mẫu: %w", err)
			}
			written[f.Name] = b
			continue
		}
		if f.Convert != Native && soffice == "" {
			continue
		}
		b, err := workbook(c, &f)
		if err != nil {
			return fmt.Errorf("mẫu %s: %w", f.Name, err)
		}
		if f.Convert != Native {
			if b, err = viaOffice(soffice, b, f); err != nil {
				return fmt.Errorf("mẫu %s: %w", f.Name, err)
			}
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return fmt.Errorf("mẫu: %w", err)
		}
		written[f.Name] = b
	}
	return nil
}

func findOffice() string {
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// workbook writes one filled report and returns its bytes.
func workbook(c *templates.Campaign, pf *PlannedFile) ([]byte, error) {
	f, err := c.Template(pf.unit)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if err := fill(c, f, pf); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// fill writes the figures, the reporter block and the document properties.
func fill(c *templates.Campaign, f *excelize.File, pf *PlannedFile) error {
	sender := pf.sender()
	rng := rngFor(sender.Code, pf.Variant)
	names := definedNames(f)
	set := func(name string, v any) error {
		ref, ok := names[name]
		if !ok {
			return fmt.Errorf("biểu mẫu thiếu tên định nghĩa %s", name)
		}
		if s, ok := v.(string); ok && pf.has(QuirkNFD) {
			v = norm.NFD.String(s)
		}
		return f.SetCellValue(ref.sheet, ref.cell, v)
	}

	if pf.asUnit != nil || pf.has(QuirkNFD) {
		if err := set(templates.NameUnitName, sender.Name); err != nil {
			return err
		}
	}
	vals := figures(c, sender, rng, pf)
	for _, ind := range c.IndicatorsFor(pf.unit.Group) {
		v, ok := vals[ind.ID]
		if !ok {
			continue
		}
		if err := set(templates.IndicatorName(ind.ID), v); err != nil {
			return err
		}
	}

	rep := reporter(sender, rng)
	var date any = pf.reported
	if pf.has(QuirkTextDate) {
		date = fmt.Sprintf("%d/%d/%d", pf.reported.Day(), pf.reported.Month(), pf.reported.Year())
	}
	for _, kv := range []struct {
		name string
		v    any
	}{
		{templates.NameReporterName, rep.name},
		{templates.NameReporterTitle, rep.title},
		{templates.NameReporterPhone, rep.phone},
		{templates.NameReporterEmail, rep.email},
		{templates.NameReportDate, date},
	} {
		if err := set(kv.name, kv.v); err != nil {
			return err
		}
	}

	props, err := f.GetDocProps()
	if err != nil {
		return err
	}
	props.Created = pf.saved.AddDate(0, 0, -3-rng.IntN(10)).UTC().Format(time.RFC3339)
	props.Modified = pf.saved.UTC().Format(time.RFC3339)
	props.LastModifiedBy = rep.name
	return f.SetDocProps(props)
}

type cellRef struct{ sheet, cell string }

// definedNames maps each workbook-scoped defined name to its single cell.
func definedNames(f *excelize.File) map[string]cellRef {
	out := map[string]cellRef{}
	for _, dn := range f.GetDefinedName() {
		if dn.Scope != "" && dn.Scope != "Workbook" {
			continue
		}
		if ref, ok := parseRef(dn.RefersTo); ok {
			out[dn.Name] = ref
		}
	}
	return out
}

// parseRef splits "'Báo cáo'!$D$12" into the sheet and "D12".
func parseRef(s string) (cellRef, bool) {
	s = strings.TrimPrefix(s, "=")
	i := strings.LastIndexByte(s, '!')
	if i < 0 {
		return cellRef{}, false
	}
	sheet, cell := s[:i], strings.ReplaceAll(s[i+1:], "$", "")
	if strings.HasPrefix(sheet, "'") && strings.HasSuffix(sheet, "'") && len(sheet) >= 2 {
		sheet = strings.ReplaceAll(sheet[1:len(sheet)-1], "''", "'")
	}
	if strings.Contains(cell, ":") {
		return cellRef{}, false
	}
	return cellRef{sheet, cell}, true
}

// viaOffice saves the workbook through LibreOffice as f.Convert asks, with a
// profile of its own so that parallel runs do not collide. A re-saved .xlsx
// gets the scenario's saved time back in its core properties (LibreOffice
// stamps the time of the conversion), so the sample stays reproducible.
func viaOffice(soffice string, b []byte, pf PlannedFile) ([]byte, error) {
	tmp, err := os.MkdirTemp("", "tonghop-samples-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	src := filepath.Join(tmp, "in", "bao-cao.xlsx")
	out := filepath.Join(tmp, "out")
	if err := os.MkdirAll(filepath.Dir(src), 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(src, b, 0o644); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice,
		"-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(tmp, "profile")),
		"--headless", "--convert-to", string(pf.Convert), "--outdir", out, src)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("LibreOffice không chuyển được tệp: %v: %s", err, bytes.TrimSpace(msg))
	}
	got, err := os.ReadFile(filepath.Join(out, "bao-cao."+string(pf.Convert)))
	if err != nil {
		return nil, fmt.Errorf("LibreOffice không ghi ra tệp: %w", err)
	}
	if pf.Convert == ResaveX {
		return setCoreTimes(got, pf.saved.AddDate(0, 0, -7), pf.saved)
	}
	return got, nil
}

var (
	createdRE  = regexp.MustCompile(`(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)`)
	modifiedRE = regexp.MustCompile(`(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)`)
)

// setCoreTimes rewrites the created and modified times in docProps/core.xml
// of an .xlsx, copying every other part unchanged.
func setCoreTimes(b []byte, created, modified time.Time) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("đọc tệp LibreOffice ghi: %w", err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		if zf.Name != "docProps/core.xml" {
			if err := zw.Copy(zf); err != nil {
				return nil, err
			}
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		core, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		core = createdRE.ReplaceAll(core, []byte("${1}"+created.UTC().Format(time.RFC3339)+"${2}"))
		core = modifiedRE.ReplaceAll(core, []byte("${1}"+modified.UTC().Format(time.RFC3339)+"${2}"))
		hdr := zf.FileHeader
		hdr.CompressedSize64, hdr.UncompressedSize64, hdr.CRC32 = 0, 0, 0
		w, err := zw.CreateHeader(&hdr)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(core); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
