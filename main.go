// Command tonghop generates one report workbook per unit for a campaign,
// reads the workbooks the units send back, validates and merges them, and
// writes a consolidated workbook and a PDF summary.
package main

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"golang.org/x/term"

	"tonghop/aggregate"
	"tonghop/aggregate/docx"
	"tonghop/aggregate/mail"
	"tonghop/aggregate/pdf"
	"tonghop/aggregate/previous"
	"tonghop/aggregate/report"
	"tonghop/aggregate/summary"
	"tonghop/aggregate/textout"
	"tonghop/aggregate/workbook"
	"tonghop/templates"
	"tonghop/templates/atomicfile"
	"tonghop/templates/vn"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

// thirdParty is the licences of the fonts and modules the binary is built
// from, printed by `tonghop version --giay-phep` (TestThirdParty keeps it
// whole).
//
//go:embed THIRD_PARTY
var thirdParty string

// Exit codes, documented in every --help.
const (
	exitOK      = 0 // done, every report present and valid
	exitInvalid = 1 // outputs written, but reports are missing or invalid
	exitFatal   = 2 // usage error, or nothing could be done
)

// exitCodes is the "Mã thoát" part of each command's --help: what 0, 1 and
// 2 mean for that command.
var exitCodes = map[string]string{
	"init": `Mã thoát:
  0  đã ghi tệp chiến dịch
  2  không ghi được (sai cú pháp lệnh, tệp chiến dịch có lỗi, không ghi được tệp)
`,
	"generate": `Mã thoát:
  0  đã tạo xong các biểu mẫu (có thể kèm cảnh báo đơn vị chưa có email)
  2  không tạo được (sai cú pháp lệnh, tệp chiến dịch có lỗi, mã đơn vị không có, không ghi được tệp)
`,
	"check": `Mã thoát:
  0  không có lỗi (có thể có cảnh báo)
  1  có tệp có lỗi
  2  không đọc được tệp nào, hoặc sai cú pháp lệnh
`,
	"merge": exitCodesHelp,
	"fetch": `Mã thoát:
  0  đã tải hết thư khớp điều kiện
  1  có thư không lưu được (quá lớn…)
  2  sai cú pháp lệnh, sai mật khẩu, không kết nối được, không có thư mục, máy chủ không trả lời hoặc gửi sai
`,
	"version": `Mã thoát:
  0  đã in phiên bản
`,
}

func main() {
	stderr := textOutput(os.Stderr)
	releaseOnInterrupt(stderr)
	args := commandLine(stderr)
	stdout := textOutput(os.Stdout)
	if slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(a, "--json") }) {
		stdout = os.Stdout // JSON is UTF-8 for the programs that read it
	}
	os.Exit(run(args, stdout, stderr))
}

// command is one subcommand.
type command struct {
	name, summary string
	run           func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"init", "ghi chiến dịch ra tệp Excel để sửa (đơn vị, chỉ tiêu, quy tắc, thời hạn)", runInit},
		{"generate", "tạo biểu mẫu báo cáo Excel cho từng đơn vị", runGenerate},
		{"check", "kiểm tra một hay nhiều tệp báo cáo đơn vị gửi về", runCheck},
		{"merge", "tổng hợp thư mục báo cáo: tệp Excel tổng hợp, báo cáo PDF, phản hồi", runMerge},
		{"fetch", "tải thư các đơn vị gửi về từ hộp thư (IMAP), mỗi thư một tệp .eml", runFetch},
		{"version", "in phiên bản", runVersion},
		{"help", "hướng dẫn sử dụng", nil},
	}
}

const exitCodesHelp = `Mã thoát:
  0  hoàn tất, mọi báo cáo đầy đủ và hợp lệ
  1  đã ghi kết quả nhưng còn báo cáo thiếu, muộn hoặc có lỗi
  2  sai cú pháp lệnh, hoặc không làm được gì (lỗi nghiêm trọng)
`

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		// Most often a double-click on tonghop.exe: a window that shows
		// how to use the program, rather than one that flashes and closes.
		return welcome(os.Stdin, stdinIsTerminal(), stderr)
	}
	name := args[0]
	switch name {
	case "help", "-h", "--help", "/?", "-?":
		if len(args) > 1 {
			for _, c := range commands() {
				if c.name == args[1] && c.run != nil {
					return c.run([]string{"--help"}, stdout, stderr)
				}
			}
		}
		usage(stdout)
		return exitOK
	case "-v", "--version":
		return runVersion(nil, stdout, stderr)
	}
	for _, c := range commands() {
		if c.name == name && c.run != nil {
			return c.run(args[1:], stdout, stderr)
		}
	}
	// Folders and files dropped onto tonghop.exe arrive as the arguments.
	if droppedItems(args) {
		return runDropped(args, os.Stdin, stdinIsTerminal(), stdout, stderr)
	}
	if strings.ContainsAny(name, `/\`) || filepath.VolumeName(name) != "" {
		fmt.Fprintf(stderr, "tonghop: không có tệp hay thư mục %s\n\n", quoted(name))
	} else {
		fmt.Fprintf(stderr, "tonghop: không có lệnh %s\n\n", quoted(name))
	}
	usage(stderr)
	return exitFatal
}

func usage(w io.Writer) {
	fmt.Fprint(w, `tonghop — tạo biểu mẫu, tổng hợp báo cáo của các đơn vị

Cách dùng:
  tonghop <lệnh> [tùy chọn]
  tonghop THƯ-MỤC        tổng hợp thư mục báo cáo như lệnh merge, kết quả ghi vào thư mục
                         THƯ-MỤC-ket-qua bên cạnh (cũng là khi kéo thả thư mục vào tonghop.exe)
  tonghop TỆP...         kiểm tra các tệp, thư mục như lệnh check, không ghi gì (cũng là khi kéo
                         thả tệp, hoặc nhiều tệp, thư mục cùng lúc, vào tonghop.exe)

Các lệnh:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Chiến dịch: không ghi --campaign thì mọi lệnh (cả khi kéo thả) dùng tệp chien-dich.xlsx tìm thấy
đầu tiên ở thư mục báo cáo, thư mục chứa nó, thư mục đang làm việc, thư mục có tonghop.exe;
không có thì dùng chiến dịch có sẵn. Dòng "Chiến dịch: …" cho biết tệp nào được dùng.

Xem hướng dẫn và mã thoát của từng lệnh: tonghop <lệnh> --help
Mã thoát 2 luôn là sai cú pháp lệnh, hoặc không làm được gì.
`)
}

// welcomeText is the guide shown when tonghop starts without an argument.
const welcomeText = `tonghop — tạo biểu mẫu, tổng hợp báo cáo của các đơn vị

Chương trình chạy trong cửa sổ lệnh, không có giao diện riêng. Có hai cách dùng:

1. Tổng hợp báo cáo: kéo thư mục chứa các tệp báo cáo đơn vị gửi về rồi thả vào
   biểu tượng tonghop.exe. Kết quả (tong-hop.xlsx, báo cáo .pdf và .docx, thư
   phản hồi, thư nhắc) được ghi vào thư mục mới bên cạnh, tên là tên thư mục đó
   thêm đuôi -ket-qua. Chiến dịch là tệp chien-dich.xlsx (tạo bằng tonghop init)
   nằm trong thư mục đó hoặc bên cạnh nó; không có thì dùng chiến dịch có sẵn.

2. Mở cửa sổ lệnh (Command Prompt) ở thư mục có tonghop.exe và gõ:
     tonghop merge THƯ-MỤC    tổng hợp các báo cáo trong THƯ-MỤC
     tonghop generate         tạo biểu mẫu báo cáo cho từng đơn vị
     tonghop help             xem mọi lệnh

Đọc thêm: tệp README.md đi kèm chương trình (phần «Dành cho cán bộ»),
hoặc gõ tonghop <lệnh> --help.
`

// welcome prints the guide for a start without arguments and, when stdin
// is a terminal (a console window opened by a double-click), waits for
// Enter so that the window stays open to be read. The exit code stays 2:
// a script that forgot its arguments fails.
func welcome(stdin io.Reader, interactive bool, w io.Writer) int {
	fmt.Fprint(w, welcomeText)
	waitForEnter(stdin, interactive, w)
	return exitFatal
}

// waitForEnter keeps the console window open until Enter is pressed.
func waitForEnter(stdin io.Reader, interactive bool, w io.Writer) {
	if !interactive || stdin == nil {
		return
	}
	fmt.Fprint(w, "\nNhấn Enter để đóng cửa sổ…")
	bufio.NewReader(stdin).ReadString('\n')
}

// stdinIsTerminal reports whether stdin is a console a person types into.
func stdinIsTerminal() bool { return term.IsTerminal(int(os.Stdin.Fd())) }

// newFlags returns a flag set for a subcommand with a Vietnamese usage text.
func newFlags(name, synopsis, about string, stderr io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.SortFlags = false
	fs.BoolP("help", "h", false, "in hướng dẫn này")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Cách dùng: %s\n\n%s\n\nTùy chọn:\n%s\n%s", synopsis, about, flagUsages(fs), exitCodes[name])
	}
	return fs
}

// flagUsages lists the flags in Vietnamese; pflag's own FlagUsages writes
// type names and "(default …)" in English. A word in `backquotes` in a
// flag's usage names its value, as in pflag.
func flagUsages(fs *pflag.FlagSet) string {
	type line struct{ left, right string }
	var lines []line
	width := 0
	fs.VisitAll(func(f *pflag.Flag) {
		left := "      --" + f.Name
		if f.Shorthand != "" {
			left = "  -" + f.Shorthand + ", --" + f.Name
		}
		name, usage := pflag.UnquoteUsage(f)
		if f.Value.Type() != "bool" {
			switch {
			case strings.Contains(f.Usage, "`"):
			case f.Value.Type() == "stringSlice":
				name = "MÃ,..."
			default:
				name = "GIÁ-TRỊ"
			}
			left += " " + name
		}
		if d := f.DefValue; d != "" && d != "false" && d != "[]" {
			usage += fmt.Sprintf(" (mặc định: %s)", d)
		}
		if len([]rune(left)) > width {
			width = len([]rune(left))
		}
		lines = append(lines, line{left, usage})
	})
	var b strings.Builder
	for _, l := range lines {
		pad := strings.Repeat(" ", width-len([]rune(l.left))+3)
		indent := "\n" + strings.Repeat(" ", width+3)
		b.WriteString(l.left + pad + strings.ReplaceAll(l.right, "\n", indent) + "\n")
	}
	return b.String()
}

// parse parses args; done is true when the command should stop with code
// (after --help, or a usage error).
func parse(fs *pflag.FlagSet, args []string, stdout io.Writer) (code int, done bool) {
	for i, a := range args {
		if a == "--" {
			break
		}
		if isHelpWord(a) {
			args = append(append(args[:i:i], "--help"), args[i+1:]...)
			break
		}
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return exitOK, true
		}
		fmt.Fprintf(fs.Output(), "tonghop %s: %v\n", fs.Name(), translateFlagError(err))
		return exitFatal, true
	}
	if h, _ := fs.GetBool("help"); h {
		fs.SetOutput(stdout)
		fs.Usage()
		return exitOK, true
	}
	return 0, false
}

// translateFlagError puts pflag's English messages into Vietnamese.
func translateFlagError(err error) string {
	s := err.Error()
	for en, vi := range map[string]string{
		"unknown flag":                   "không có tùy chọn",
		"unknown shorthand flag":         "không có tùy chọn viết tắt",
		"flag needs an argument":         "tùy chọn cần một giá trị",
		"invalid argument":               "giá trị không hợp lệ",
		"bad flag syntax":                "tùy chọn viết sai",
		"in -":                           "trong -",
		"for \"--":                       "cho \"--",
		"if an argument is not provided": "nếu không có giá trị",
	} {
		s = strings.ReplaceAll(s, en, vi)
	}
	return s
}

// loadCampaign loads the campaign named by --campaign (the embedded default
// when empty), printing every problem on failure.
func loadCampaign(path string, stderr io.Writer) (*templates.Campaign, bool) {
	c, err := templates.Load(path)
	if err != nil {
		fmt.Fprintf(stderr, "tonghop: %v\n", err)
		return nil, false
	}
	return c, true
}

func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("version", "tonghop version [--giay-phep]", "In phiên bản của tonghop.", stderr)
	notices := fs.Bool("giay-phep", false, "in giấy phép của phông chữ và các thư viện mà tonghop nhúng (tệp THIRD_PARTY)")
	if code, done := parse(fs, args, stdout); done {
		return code
	}
	if *notices {
		io.WriteString(stdout, thirdParty)
		return exitOK
	}
	fmt.Fprintf(stdout, "tonghop %s\n", version)
	return exitOK
}

func runInit(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("init", "tonghop init [--out TỆP] [--campaign TỆP] [--ky-moi]",
		"Ghi chiến dịch (mặc định: chiến dịch có sẵn) ra tệp Excel để cán bộ sửa cho đợt sau:\n"+
			"các trang Chiến dịch, Nhóm, Đơn vị, Chỉ tiêu, Quy tắc, Danh sách cần nêu, Tỷ lệ.\n"+
			"Không bao giờ ghi đè: đã có "+templates.CampaignFile+" thì ghi tệp tên mới (chien-dich-2.xlsx…)\n"+
			"và báo tên đó; --out chỉ tên một tệp đã có thì dừng, không ghi gì.\n"+
			"Sau khi sửa, mọi lệnh tự dùng "+templates.CampaignFile+" ở thư mục đang làm việc, ở thư mục báo cáo\n"+
			"hoặc thư mục chứa nó, hoặc cạnh tonghop.exe (kể cả khi kéo thả); --campaign chọn tệp khác.", stderr)
	out := fs.String("out", templates.CampaignFile, "`TỆP` Excel sẽ ghi (phải chưa có)")
	campaign := fs.String("campaign", "", "`TỆP` chiến dịch làm gốc (mặc định: chiến dịch có sẵn)")
	nextPeriod := fs.Bool("ky-moi", false, "ghi chiến dịch của kỳ sau: ngày dời theo độ dài kỳ, đổi nhãn kỳ (quý, tháng, năm) trong mã và tên,\ngiữ đơn vị, chỉ tiêu; biểu mẫu kỳ trước đơn vị gửi nhầm sẽ được nhận ra")
	if code, done := parse(fs, args, stdout); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "tonghop init: thừa tham số %q\n", fs.Args())
		return exitFatal
	}
	path := *out
	if st, err := os.Lstat(path); err == nil && !st.IsDir() { // a folder: WriteCampaign says so
		if fs.Changed("out") {
			fmt.Fprintf(stderr, "tonghop init: tệp %s đã có; tonghop init không ghi đè. Chọn tên khác với --out, hoặc đổi tên tệp cũ rồi chạy lại.\n", path)
			return exitFatal
		}
		path = freeName(path)
	}
	c, ok := loadCampaign(*campaign, stderr)
	if !ok {
		return exitFatal
	}
	if *nextPeriod {
		next, notes, err := templates.NextPeriod(c)
		if err != nil {
			fmt.Fprintf(stderr, "tonghop init: --ky-moi: %v\n", err)
			return exitFatal
		}
		c = next
		for _, n := range notes {
			fmt.Fprintln(stdout, "  - "+n)
		}
	}
	if err := templates.WriteCampaign(c, path); err != nil {
		fmt.Fprintf(stderr, "tonghop init: %v\n", err)
		return exitFatal
	}
	fmt.Fprintf(stdout, "Đã ghi chiến dịch %q (%d đơn vị, %d chỉ tiêu, %d quy tắc) vào %s\n",
		c.ID, len(c.Units), len(c.Indicators), len(c.Rules), path)
	if path != *out {
		fmt.Fprintf(stdout, "Tệp %s đã có nên được giữ nguyên; chiến dịch mới ghi vào %s. Các lệnh vẫn tự dùng %s: muốn dùng tệp mới, đổi tên tệp cũ rồi đặt tệp mới tên %s, hoặc thêm --campaign %s vào lệnh.\n",
			*out, path, *out, templates.CampaignFile, path)
	} else if filepath.Base(path) == templates.CampaignFile {
		fmt.Fprintf(stdout, "Tiếp theo: mở %s bằng Excel, điền cột Email của trang “Đơn vị” và người liên hệ ở trang “Chiến dịch”, lưu lại; các lệnh chạy ở thư mục này tự dùng tệp đó.\n", path)
	}
	return exitOK
}

// freeName returns the first name not taken among path, then path with
// "-2", "-3"… before its extension: chien-dich.xlsx gives chien-dich-2.xlsx.
func freeName(path string) string {
	ext := filepath.Ext(path)
	base := strings.TrimSuffix(path, ext)
	for i := 2; ; i++ {
		p := fmt.Sprintf("%s-%d%s", base, i, ext)
		if _, err := os.Lstat(p); err != nil {
			return p // free, or unreadable: writing it then says why
		}
	}
}

func runGenerate(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("generate", "tonghop generate [--campaign TỆP] [--out THƯ-MỤC] [--unit MÃ,...] [--group NHÓM,...]",
		"Tạo cho mỗi đơn vị một biểu mẫu báo cáo Excel (.xlsx) đã ghi sẵn tên, mã đơn vị và chỉ\n"+
			"những chỉ tiêu áp dụng cho nhóm của đơn vị, tên tệp dạng MÃ_Ten-don-vi.xlsx; kèm danh sách\n"+
			"gửi thư "+templates.ListFileName+" (mã, tên, nhóm, email, tên tệp) để trộn thư.\n"+
			"Biểu mẫu ghi sẵn địa chỉ email nhận báo cáo, điện thoại và người liên hệ của chiến dịch\n"+
			"(khóa lien_he_email, lien_he_dien_thoai, lien_he_nguoi). Đơn vị chưa có email được nhắc tên.\n"+
			"Tệp cũ cùng tên trong thư mục sẽ được ghi đè.", stderr)
	campaign := fs.String("campaign", "", campaignUsage)
	out := fs.String("out", filepath.Join("output", "bieu-mau"), "`THƯ-MỤC` ghi biểu mẫu")
	units := fs.StringSlice("unit", nil, "chỉ tạo cho các đơn vị có mã này (cách nhau bằng dấu phẩy)")
	groups := fs.StringSlice("group", nil, "chỉ tạo cho các nhóm có mã này, ví dụ UBH,UBX")
	eml := fs.Bool("eml", false, "soạn sẵn cho mỗi đơn vị một thư (.eml, mở bằng Outlook/Thunderbird rồi gửi) kèm biểu mẫu,\ngửi tới email của đơn vị trong chiến dịch, trong thư mục "+textout.InvitationDir)
	if code, done := parse(fs, args, stdout); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "tonghop generate: thừa tham số %q\n", fs.Args())
		return exitFatal
	}
	c, ok := chooseCampaign(*campaign, nil, stdout, stderr)
	if !ok {
		return exitFatal
	}
	res, err := templates.Generate(c, templates.GenerateOptions{
		OutDir:   *out,
		Units:    *units,
		Groups:   *groups,
		Progress: progressBar(stderr, "Đang tạo biểu mẫu"),
	})
	if err != nil {
		fmt.Fprintf(stderr, "tonghop generate: %v\n", err)
		return exitFatal
	}
	fmt.Fprintf(stdout, "Đã tạo %d biểu mẫu trong %s, danh sách gửi thư: %s, câu hỏi cho biểu mẫu trực tuyến: %s\n", len(res.Files), *out, res.List, res.Questions)
	if w := res.NoEmailWarning(); w != "" {
		fmt.Fprintln(stderr, w)
	}
	if *eml {
		dir := filepath.Join(*out, textout.InvitationDir)
		drafts, noEmail, err := textout.WriteInvitations(c, res.Files, dir, time.Now())
		if err != nil {
			fmt.Fprintf(stderr, "tonghop generate: %v\n", err)
			return exitFatal
		}
		fmt.Fprintf(stdout, "Đã soạn %d thư gửi biểu mẫu trong %s.\n", len(drafts), dir)
		if len(noEmail) > 0 {
			var codes []string
			for _, u := range noEmail {
				codes = append(codes, u.Code)
			}
			fmt.Fprintf(stdout, "Không soạn thư cho %d đơn vị chưa có email: %s.\n", len(noEmail), strings.Join(codes, ", "))
		}
	}
	return exitOK
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", "tonghop check TỆP|THƯ-MỤC... [--campaign TỆP] [--json] [--mat-khau MẬT-KHẨU]",
		"Kiểm tra một hay nhiều tệp báo cáo đơn vị gửi về (hoặc đơn vị tự kiểm tra trước khi gửi):\n"+
			"in đơn vị nhận ra, các giá trị đọc được và mọi lỗi, cảnh báo. Thư mục được đọc cả thư mục con.", stderr)
	campaign := fs.String("campaign", "", campaignUsage)
	asJSON := fs.Bool("json", false, "in kết quả dạng JSON (cho chương trình khác đọc)")
	passwords := fs.StringArray("mat-khau", nil, "`MẬT-KHẨU` mở tệp bảng tính, tệp nén (.zip, .rar, .7z) có mật khẩu; ghi nhiều lần để thử nhiều mật khẩu")
	if code, done := parse(fs, args, stdout); done {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "tonghop check: cần ít nhất một tệp hoặc thư mục báo cáo")
		fs.Usage()
		return exitFatal
	}
	paths, err := expandPatterns(fs.Args(), runtime.GOOS)
	if err != nil {
		fmt.Fprintf(stderr, "tonghop check: %v\n", err)
		return exitFatal
	}
	note := stdout
	if *asJSON {
		note = stderr // stdout is the JSON
	}
	c, ok := chooseCampaign(*campaign, paths, note, stderr)
	if !ok {
		return exitFatal
	}
	reports := aggregate.CheckPaths(c, paths, aggregate.ReadOptions{Passwords: *passwords}, 0)
	if len(reports) == 0 && !*asJSON {
		// Only empty folders were given: say where was looked, not a
		// row of zeros.
		var where []string
		for _, p := range paths {
			if abs, err := filepath.Abs(p); err == nil {
				p = abs
			}
			where = append(where, p)
		}
		fmt.Fprintf(stderr, "tonghop check: không có tệp nào để kiểm tra trong %s (đã tìm cả thư mục con). Hãy chọn thư mục chứa các tệp báo cáo đơn vị gửi về, hoặc chính các tệp đó.\n", vnList(where))
		return exitFatal
	}
	write := textout.WriteCheck
	if *asJSON {
		write = textout.WriteCheckJSON
	}
	if err := write(stdout, c, reports); err != nil {
		fmt.Fprintf(stderr, "tonghop check: %v\n", err)
		return exitFatal
	}
	return aggregate.CheckExitCode(reports)
}

// mergeMemoryLimit is the soft memory limit of a merge. A merge holds
// about 2 KB per file after reading and streams every output, so at a
// national 10,000 files it holds 20–36 MB at most; without a limit the
// garbage collector lets the heap grow to twice that and more between
// cycles. At 64 MiB the process stays near 80 MB there at no cost in CPU
// (measured), and a campaign that held more would only make the collector
// work harder (Go caps that at half the CPU), never fail.
const mergeMemoryLimit = 64 << 20

// writeReport builds the report once and writes it to the PDF and the DOCX
// paths: the same document, two writers.
func writeReport(sum *summary.Summary, pdfPath, docxPath string, opts report.Options) error {
	doc, err := report.Build(sum, opts)
	if err != nil {
		return err
	}
	title, author := report.Title(sum), templates.NFC(sum.Campaign.IssuingBody)
	if err := pdf.WriteFile(pdfPath, doc, pdf.Meta{Title: title, Author: author, Created: sum.AsOf}); err != nil {
		return err
	}
	err = atomicfile.Write(docxPath, func(w io.Writer) error {
		return docx.Write(w, doc, docx.Meta{Title: title, Author: author, Created: sum.AsOf})
	})
	if err != nil {
		return fmt.Errorf("ghi %s: %w", docxPath, err)
	}
	return nil
}

func runMerge(args []string, stdout, stderr io.Writer) int {
	return mergeCommand(args, stdout, stderr, false)
}

// mergeCommand runs merge; dropped is set for a folder dropped onto
// tonghop.exe, whose errors cannot advise an option.
//
// It is long because it is the merge command's sequence, step by step, each with its own message and exit code.
func mergeCommand(args []string, stdout, stderr io.Writer, dropped bool) int {
	fs := newFlags("merge", "tonghop merge THƯ-MỤC [--campaign TỆP] [--out THƯ-MỤC] [--as-of NGÀY] [--mat-khau MẬT-KHẨU] [--ket-luan TỆP] [--ngay-ky NGÀY] [--han-moi NGÀY] [--ky-truoc TỆP]",
		"Tổng hợp mọi báo cáo đơn vị gửi về trong THƯ-MỤC (đọc cả thư mục con; không đọc thư mục kết quả).\n"+
			"Ghi vào thư mục kết quả: tong-hop.xlsx (bảng tổng hợp, chi tiết, theo huyện, chưa báo cáo,\n"+
			"nộp muộn, các danh sách cần nêu, lỗi, tệp nguồn), bao-cao-tong-hop.pdf (báo cáo trình UBND tỉnh),\n"+
			"bao-cao-tong-hop.docx (cùng báo cáo, sửa được bằng Word trước khi trình ký),\n"+
			"thư mục phan-hoi (mỗi đơn vị có lỗi hoặc cảnh báo một tệp .txt để gửi lại cho đơn vị),\n"+
			"thư mục nhac-bao-cao (thư nhắc .txt cho mỗi đơn vị chưa báo cáo, chưa gửi báo cáo bằng văn bản)\nvà thư mục thu-nhap (thư nháp .eml).\n"+
			"Mỗi đơn vị chỉ lấy một báo cáo: tệp mới nhất; tệp giống hệt nhau chỉ tính một lần.\n"+
			"Báo cáo có lỗi không được tính vào tổng. Kéo thả thư mục vào tonghop.exe cũng chạy lệnh này,\n"+
			"kết quả khi đó ghi vào thư mục THƯ-MỤC-ket-qua bên cạnh thư mục được thả.", stderr)
	campaign := fs.String("campaign", "", campaignUsage)
	out := fs.String("out", "output", "`THƯ-MỤC` ghi kết quả")
	asOf := fs.String("as-of", "", "coi hôm nay là `NGÀY` (YYYY-MM-DD hoặc ngày/tháng/năm) để xét chưa báo cáo, chưa đến hạn;\nchạy lại với cùng ngày cho cùng kết quả (mặc định: hôm nay)")
	passwords := fs.StringArray("mat-khau", nil, "`MẬT-KHẨU` mở tệp bảng tính, tệp nén (.zip, .rar, .7z) có mật khẩu; ghi nhiều lần để thử nhiều mật khẩu")
	conclusion := fs.String("ket-luan", "", "`TỆP` văn bản (.txt, UTF-8) thay phần đề xuất, kiến nghị của báo cáo")
	signDate := fs.String("ngay-ky", "", "`NGÀY` ký báo cáo, ghi vào dòng địa danh, ngày tháng (mặc định: để trống ngày cho văn thư ghi)")
	newDeadline := fs.String("han-moi", "", "thư nhắc, thư phản hồi, thư nháp đề nghị đơn vị gửi (lại) trước `NGÀY` (sau ngày tổng hợp);\nmặc định: hạn gửi số liệu khi chưa qua, sau hạn thì ghi “sớm”, không ghi ngày")
	prevPath := fs.String("ky-truoc", "", "`TỆP` tong-hop.xlsx của kỳ trước: thêm cột so với kỳ trước vào bảng tổng hợp và câu so sánh vào báo cáo")
	if code, done := parse(fs, args, stdout); done {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "tonghop merge: cần đúng một thư mục chứa các báo cáo đơn vị gửi về")
		fs.Usage()
		return exitFatal
	}
	root := fs.Arg(0)
	if hasPattern(root) {
		folders, err := expandPatterns([]string{root}, runtime.GOOS)
		if err == nil && len(folders) != 1 {
			err = fmt.Errorf("mẫu %s khớp %d tệp, thư mục (%s); cần đúng một thư mục", quoted(root), len(folders), strings.Join(folders, ", "))
		}
		if err != nil {
			fmt.Fprintf(stderr, "tonghop merge: %v\n", err)
			return exitFatal
		}
		root = folders[0]
	}
	// A soft limit makes the garbage collector work a little harder rather
	// than let the process grow to twice what it holds (GOMEMLIMIT, when
	// set, wins).
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(mergeMemoryLimit)
	}
	today := time.Now()
	if *asOf != "" {
		// The same date reader as for report cells: 2024-04-10, 10/4/2024, …
		t, _, err := aggregate.ParseDate(*asOf)
		if err != nil {
			fmt.Fprintf(stderr, "tonghop merge: --as-of %q không phải ngày (viết 2024-04-10 hoặc 10/4/2024)\n", *asOf)
			return exitFatal
		}
		today = t
	}
	var signed time.Time
	if *signDate != "" {
		t, _, err := aggregate.ParseDate(*signDate)
		if err != nil {
			fmt.Fprintf(stderr, "tonghop merge: --ngay-ky %q không phải ngày (viết 2024-04-10 hoặc 10/4/2024)\n", *signDate)
			return exitFatal
		}
		signed = t
		if day(signed).Before(day(today)) {
			of := "hôm nay"
			if *asOf != "" {
				of = "--as-of"
			}
			fmt.Fprintf(stderr, "tonghop merge: --ngay-ky %s trước ngày tính số liệu %s (%s): báo cáo không thể ký trước ngày số liệu được tính đến. Ghi --ngay-ky từ ngày %s trở đi, hoặc bỏ --ngay-ky để văn thư ghi ngày khi ký.\n",
				vn.Date(signed), vn.Date(today), of, vn.Date(today))
			return exitFatal
		}
	}
	var due time.Time
	if *newDeadline != "" {
		t, _, err := aggregate.ParseDate(*newDeadline)
		if err == nil {
			err = textout.CheckNewDeadline(t, today)
		} else {
			err = fmt.Errorf("%q không phải ngày (viết 2024-04-20 hoặc 20/4/2024)", *newDeadline)
		}
		if err != nil {
			fmt.Fprintf(stderr, "tonghop merge: --han-moi %v\n", err)
			return exitFatal
		}
		due = t
	}
	c, ok := chooseCampaign(*campaign, []string{root}, stdout, stderr)
	if !ok {
		return exitFatal
	}
	var prev *previous.Period
	if *prevPath != "" {
		var err error
		if prev, err = previous.Read(*prevPath); err != nil {
			fmt.Fprintf(stderr, "tonghop merge: --ky-truoc: %v\n", err)
			return exitFatal
		}
	}
	var proposals string
	if *conclusion != "" {
		var err error
		if proposals, err = report.ReadConclusion(*conclusion); err != nil {
			fmt.Fprintf(stderr, "tonghop merge: %v\n", err)
			return exitFatal
		}
	}
	in, err := aggregate.Collect(root, *out)
	if err != nil {
		fmt.Fprintf(stderr, "tonghop merge: %v\n", err)
		return exitFatal
	}
	if len(in.Paths) == 0 {
		fmt.Fprintf(stderr, "tonghop merge: thư mục %s không có tệp bảng tính nào (.xlsx, .xls, .ods); kết quả cũ (nếu có) được giữ nguyên\n", root)
		return exitFatal
	}
	set, err := beginOutputs(*out, root, dropped)
	if err != nil {
		fmt.Fprintf(stderr, "tonghop merge: %v\n", err)
		return exitFatal
	}
	defer set.Abort()
	res := in.Merge(c, aggregate.MergeOptions{
		OutDir: *out, AsOf: today, Passwords: *passwords,
		Progress: progressBar(stderr, "Đang đọc báo cáo"),
	})
	sum := summary.Of(res)
	if prev != nil {
		sum.ComparePrevious(prev)
	}
	letters := &textout.Letters{Summary: sum, NewDeadline: due}
	written, notes, err := writeOutputs(set, letters, c, report.Options{Conclusion: proposals, SignDate: signed})
	if err != nil {
		fmt.Fprintf(stderr, "tonghop merge: %v\nKết quả cũ trong thư mục %s được giữ nguyên: không tệp nào được thay hay xóa.\n", err, *out)
		return exitFatal
	}
	for _, n := range notes {
		fmt.Fprintln(stderr, n)
	}
	if err := textout.WriteConsole(stdout, letters, written); err != nil {
		fmt.Fprintf(stderr, "tonghop merge: %v\n", err)
		return exitFatal
	}
	if abs, err := filepath.Abs(*out); err == nil {
		fmt.Fprintf(stdout, "\nKết quả nằm trong thư mục: %s\n", abs)
	}
	if sum.Province.OnTime != sum.Province.Expected {
		return exitInvalid
	}
	return exitOK
}

// day is t's calendar day, for comparing dates given at different times.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// templateOf returns a unit's template as a file to attach: its name and
// its bytes, made again from the campaign as generate made it.
func templateOf(c *templates.Campaign) func(*templates.Unit) (string, []byte, error) {
	write := c.TemplateWriter()
	return func(u *templates.Unit) (string, []byte, error) {
		var b bytes.Buffer
		if err := write(&b, u); err != nil {
			return "", nil, err
		}
		return templates.FileName(u), b.Bytes(), nil
	}
}

// beginOutputs takes the output folder for a merge: it makes it, locks it
// against a second run (which exits 2 naming this one), clears what a
// killed run left, and stages the outputs (atomicfile.Set) so that they
// replace the previous ones together. The input folder is guarded: no
// file in it is ever removed. dropped words the advice for a folder
// dropped onto tonghop.exe, which has no --out to give.
func beginOutputs(out, root string, dropped bool) (*atomicfile.Set, error) {
	set, err := atomicfile.Begin(out, time.Now(), textout.FeedbackDir, textout.ReminderDir, textout.DraftDir)
	var locked *atomicfile.LockedError
	var outErr *atomicfile.OutDirError
	switch {
	case errors.As(err, &locked):
		held := ""
		if locked.PID != 0 {
			held = fmt.Sprintf(" (tiến trình %d trên máy %s, bắt đầu lúc %s ngày %s)", locked.PID, locked.Host,
				locked.Started.Local().Format("15:04"), vn.Date(locked.Started.Local()))
		}
		advice := "hãy đợi lần chạy đó kết thúc rồi chạy lại, hoặc ghi kết quả nơi khác (--out)"
		if dropped {
			advice = "hãy đợi lần chạy đó kết thúc (cửa sổ tonghop kia báo xong) rồi kéo thả lại thư mục"
		}
		return nil, fmt.Errorf("thư mục kết quả %s đang được một lần chạy khác của tonghop sử dụng%s; %s. Nếu chắc chắn không còn lần chạy nào, hãy xóa tệp %s", out, held, advice, locked.Path)
	case dropped && errors.As(err, &outErr):
		return nil, fmt.Errorf("%s %s: %s. Khi kéo thả, kết quả luôn ghi cạnh thư mục được thả: hãy chép thư mục báo cáo vào nơi ghi được (ví dụ Desktop hoặc Documents) rồi kéo thả bản chép", outErr.Op, outErr.Dir, outErr.Reason)
	}
	if err != nil {
		return nil, err
	}
	set.Guard(root)
	return set, nil
}

// writeOutputs writes every output of a merge into the staging folder of
// set, then puts them all in place at once. It returns the final paths as
// the console lists them; on error no previous output has changed.
func writeOutputs(set *atomicfile.Set, letters *textout.Letters, c *templates.Campaign, opts report.Options) (written, notes []string, err error) {
	sum := letters.Summary
	const bookName, pdfName, docxName = "tong-hop.xlsx", "bao-cao-tong-hop.pdf", "bao-cao-tong-hop.docx"
	if err := workbook.Write(sum, set.Path(bookName)); err != nil {
		return nil, nil, set.Explain(err)
	}
	if err := writeReport(sum, set.Path(pdfName), set.Path(docxName), opts); err != nil {
		return nil, nil, set.Explain(err)
	}
	feedback, err := textout.WriteFeedback(letters, set.Path(textout.FeedbackDir))
	if err != nil {
		return nil, nil, set.Explain(err)
	}
	reminders, err := textout.WriteReminders(letters, set.Path(textout.ReminderDir), templates.FileName)
	if err != nil {
		return nil, nil, set.Explain(err)
	}
	drafts, err := textout.WriteDrafts(letters, set.Path(textout.DraftDir), templateOf(c))
	if err != nil {
		return nil, nil, set.Explain(err)
	}
	if err := set.Commit(); err != nil {
		return nil, nil, err
	}
	written = []string{set.Final(bookName), set.Final(pdfName), set.Final(docxName)}
	if len(feedback) > 0 {
		written = append(written, fmt.Sprintf("%s (%d tệp phản hồi cho đơn vị)", set.Final(textout.FeedbackDir), len(feedback)))
	}
	if len(reminders) > 0 {
		written = append(written, fmt.Sprintf("%s (%d thư nhắc đơn vị chưa báo cáo, chưa gửi báo cáo bằng văn bản)", set.Final(textout.ReminderDir), len(reminders)))
	}
	if len(drafts.Written) > 0 {
		written = append(written, fmt.Sprintf("%s (%d thư nháp nhắc báo cáo, phản hồi: mở bằng Outlook/Thunderbird rồi gửi)", set.Final(textout.DraftDir), len(drafts.Written)))
	}
	return written, drafts.Notes(), nil
}

// progressBar returns a progress callback drawing a bar on stderr when it is
// a terminal, and nil otherwise (a pipe or a log file gets no bar).
func progressBar(stderr io.Writer, label string) func(done, total int) {
	f, ok := stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return func(done, total int) {
		if total <= 0 {
			return
		}
		const width = 30
		n := done * width / total
		fmt.Fprintf(f, "\r%s [%s%s] %d/%d", label, strings.Repeat("█", n), strings.Repeat("░", width-n), done, total)
		if done >= total {
			fmt.Fprintln(f)
		}
	}
}

// droppedSuffix names the output folder of a dropped folder: "bao-cao"
// gives "bao-cao-ket-qua" beside it.
const droppedSuffix = "-ket-qua"

// droppedOut returns where the outputs of a dropped folder go: beside it,
// under its name with droppedSuffix, as an absolute path. Not beside
// tonghop.exe, which may run from a temporary folder when opened inside a
// zip; and the officer finds the results next to the folder just dropped.
// A drive root has no "beside": its outputs go into it.
func droppedOut(folder string) (string, error) {
	abs, err := filepath.Abs(folder)
	if err != nil {
		return "", err
	}
	if filepath.Dir(abs) == abs {
		return filepath.Join(abs, "tonghop"+droppedSuffix), nil
	}
	return abs + droppedSuffix, nil
}

// droppedItems reports whether args are what Explorer passes when items
// are dropped onto tonghop.exe: paths of existing files and folders.
func droppedItems(args []string) bool {
	for _, a := range args {
		if _, err := os.Stat(a); err != nil {
			return false
		}
	}
	return len(args) > 0
}

// runDropped handles items dropped onto tonghop.exe, and keeps the console
// window Windows opened for the run until Enter is pressed, so that what
// it printed can be read. One folder is merged into the folder droppedOut
// names. Anything else — a file, several files, several folders — is
// checked, all together: a merge needs the one folder that holds the
// campaign's reports and writes its outputs beside it, which several
// items do not name, while a check writes nothing and shows each file's
// unit, figures and errors; the officer is told how to merge them.
func runDropped(items []string, stdin io.Reader, interactive bool, stdout, stderr io.Writer) int {
	defer waitForEnter(stdin, interactive, stdout)
	if len(items) == 1 {
		if st, err := os.Stat(items[0]); err == nil && st.IsDir() {
			folder := items[0]
			out, err := droppedOut(folder)
			if err != nil {
				fmt.Fprintf(stderr, "tonghop: thư mục %s: %v\n", folder, err)
				return exitFatal
			}
			fmt.Fprintf(stdout, "Tổng hợp thư mục %s\nKết quả ghi vào thư mục: %s\n\n", folder, out)
			return mergeCommand([]string{"--out", out, "--", folder}, stdout, stderr, true)
		}
	}
	folders := 0
	for _, it := range items {
		if st, err := os.Stat(it); err == nil && st.IsDir() {
			folders++
		}
	}
	fmt.Fprintf(stdout, "Kiểm tra %s được thả (không ghi tệp nào):\n\n", droppedWhat(len(items)-folders, folders))
	code := runCheck(append([]string{"--"}, items...), stdout, stderr)
	if folders > 0 {
		fmt.Fprintln(stdout, "\nĐể tổng hợp, hãy chép các báo cáo vào một thư mục rồi kéo thả riêng thư mục đó vào tonghop.exe.")
	} else {
		fmt.Fprintln(stdout, "\nĐể tổng hợp, hãy kéo thả cả thư mục chứa các báo cáo vào tonghop.exe.")
	}
	return code
}

// droppedWhat names what was dropped: "2 tệp và 1 thư mục".
func droppedWhat(files, folders int) string {
	var parts []string
	if files > 0 {
		parts = append(parts, fmt.Sprintf("%d tệp", files))
	}
	if folders > 0 {
		parts = append(parts, fmt.Sprintf("%d thư mục", folders))
	}
	return strings.Join(parts, " và ")
}

// runFetch saves the mails of an IMAP folder as .eml files, each new mail
// once; see mail.Fetch.
func runFetch(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("fetch", "tonghop fetch --imap imaps://TÊN@MÁY-CHỦ[:CỔNG]/THƯ-MỤC [--since NGÀY] [--subject CHỮ] [--out THƯ-MỤC]",
		"Tải từ hộp thư mọi thư khớp điều kiện, mỗi thư một tệp .eml (tên gồm ngày giờ đến, người gửi,\n"+
			"tiêu đề; ngày sửa của tệp là lúc thư đến máy chủ). Chạy lại chỉ tải thư mới: trạng thái được\n"+
			"ghi trong "+mail.StateFile+" cạnh các thư. Không thay đổi gì trên máy chủ.\n"+
			"imaps:// dùng TLS (cổng 993), imap:// dùng STARTTLS (cổng 143); chứng chỉ luôn được kiểm tra.\n"+
			"Mật khẩu lấy từ biến môi trường TONGHOP_IMAP_PASSWORD, nếu không có thì được hỏi (không hiện).", stderr)
	addr := fs.String("imap", "", "`ĐỊA-CHỈ` hộp thư, ví dụ imaps://baocao@mail.daknong.gov.vn/INBOX")
	since := fs.String("since", "", "`NGÀY` chỉ tải thư đến từ ngày này (31/01/2024 hoặc 2024-01-31)")
	subject := fs.String("subject", "", "`CHỮ` chỉ tải thư có tiêu đề chứa chữ này")
	out := fs.String("out", filepath.Join("output", "thu"), "`THƯ-MỤC` lưu các tệp .eml")
	insecure := fs.Bool("khong-kiem-tra-chung-chi", false, "không kiểm tra chứng chỉ TLS (chỉ với máy chủ localhost, để thử nghiệm)")
	if code, done := parse(fs, args, stdout); done {
		return code
	}
	if fs.NArg() > 0 || *addr == "" {
		if *addr == "" {
			fmt.Fprintln(stderr, "tonghop fetch: cần --imap imaps://TÊN@MÁY-CHỦ/THƯ-MỤC")
		} else {
			fmt.Fprintf(stderr, "tonghop fetch: thừa tham số %q\n", fs.Args())
		}
		return exitFatal
	}
	var day time.Time
	if *since != "" {
		var err error
		for _, layout := range []string{"2/1/2006", "2-1-2006", "2006-01-02"} {
			if day, err = time.ParseInLocation(layout, strings.TrimSpace(*since), time.Local); err == nil {
				break
			}
		}
		if err != nil {
			fmt.Fprintf(stderr, "tonghop fetch: --since %q không phải ngày (viết 31/01/2024 hoặc 2024-01-31)\n", *since)
			return exitFatal
		}
	}
	// The folder first: a mistyped --out is told before a password is
	// asked and the mailbox opened.
	if err := atomicfile.PrepareDir(*out); err != nil {
		fmt.Fprintf(stderr, "tonghop fetch: %v\n", err)
		return exitFatal
	}
	password, ok := os.LookupEnv("TONGHOP_IMAP_PASSWORD")
	if !ok {
		if !term.IsTerminal(int(os.Stdin.Fd())) {
			fmt.Fprintln(stderr, "tonghop fetch: cần mật khẩu: đặt biến môi trường TONGHOP_IMAP_PASSWORD")
			return exitFatal
		}
		fmt.Fprintf(stderr, "Mật khẩu cho %s: ", *addr)
		b, err := term.ReadPassword(int(os.Stdin.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			fmt.Fprintf(stderr, "tonghop fetch: không đọc được mật khẩu: %v\n", err)
			return exitFatal
		}
		password = string(b)
	}
	res, err := mail.Fetch(context.Background(), mail.FetchOptions{
		URL: *addr, Password: password, Since: day, Subject: *subject, Out: *out,
		Insecure: *insecure, Progress: progressBar(stderr, "Đang tải thư"),
	})
	if err != nil {
		fmt.Fprintf(stderr, "tonghop fetch: %v\n", err)
		return exitFatal
	}
	for _, s := range res.Skipped {
		fmt.Fprintf(stderr, "tonghop fetch: %s\n", s)
	}
	fmt.Fprintf(stdout, "Đã lưu %d thư mới vào %s (%d thư khớp điều kiện, %d thư trùng nội dung thư đã lưu).\n",
		len(res.Saved), *out, res.Matched, res.Duplicates)
	if len(res.Skipped) > 0 {
		return exitInvalid
	}
	return exitOK
}
