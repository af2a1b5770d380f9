package similar

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"tonghop/aggregate/book"
	"tonghop/aggregate/xlsx"
	_ "tonghop/templates/testenv" // the flags every package's tests accept (go test ./... -update)
)

// fixture reads testdata/kho-khan.tsv: answers and the topic a reader
// files each under ("-" for an answer that says nothing).
func fixture(t testing.TB) (texts, topics []string) {
	f, err := os.Open("testdata/kho-khan.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		topic, text, _ := strings.Cut(sc.Text(), "\t")
		topics = append(topics, topic)
		texts = append(texts, text)
	}
	return texts, topics
}

// summary writes clusters one a line: size, keywords, representative.
func summary(texts []string, cs []Cluster) string {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "%d %q %s\n", len(c.Members), c.Keywords, texts[c.Representative])
	}
	return b.String()
}

// TestGroupFixture checks the grouping a reader would agree with: every
// topic mostly in one cluster, clusters of three or more nearly pure, a
// sensible number of groups, and the exact result for review.
func TestGroupFixture(t *testing.T) {
	texts, topics := fixture(t)
	cs := Group(texts, Options{})
	checkPartition(t, texts, cs)

	where := map[string]map[int]int{} // topic → cluster → answers
	for ci, c := range cs {
		n := map[string]int{}
		for _, m := range c.Members {
			n[topics[m]]++
			if where[topics[m]] == nil {
				where[topics[m]] = map[int]int{}
			}
			where[topics[m]][ci]++
		}
		if len(c.Members) >= 3 {
			most := 0
			for _, k := range n {
				most = max(most, k)
			}
			if most*3 < len(c.Members)*2 {
				t.Errorf("cluster %d (%q) mixes topics: %v", ci, c.Keywords, n)
			}
		}
	}
	for topic, in := range where {
		total, most := 0, 0
		for _, k := range in {
			total += k
			most = max(most, k)
		}
		if most*2 < total {
			t.Errorf("topic %s scattered over clusters: %v", topic, in)
		}
	}
	if _, ok := where["-"]; ok {
		t.Error("a blank answer is in a cluster")
	}
	// Funding and staff answers lead, as they do in the real returns.
	want := `10 ["kinh phí" "hạn chế" "tuyên truyền"] Kinh phí dành cho công tác tuyên truyền còn hạn chế.
8 ["cán bộ chuyên trách công nghệ thông tin"] Đơn vị chưa có cán bộ chuyên trách công nghệ thông tin.
7 ["hệ thống truyền thanh" "hư hỏng"] Hệ thống truyền thanh cơ sở xuống cấp, hư hỏng nhiều.
6 ["trang thông tin điện tử"] Cán bộ quản trị trang thông tin điện tử là kiêm nhiệm.
4 ["sóng điện thoại" "số thôn"] Một số thôn, bon ở xa, sóng điện thoại và internet yếu.
4 ["người dân" "đồng bào dân tộc thiểu"] Một bộ phận người dân, nhất là đồng bào dân tộc thiểu số, ít sử dụng mạng xã hội.
3 ["phục vụ công tác"] Máy tính, thiết bị phục vụ công tác tuyên truyền đã cũ.
3 ["cấu hình thấp" "máy tính"] Máy tính của đơn vị đã cũ, cấu hình thấp, thường xuyên hư hỏng.
2 ["khó khăn"] Kinh phí của xã còn khó khăn.
2 ["vùng sâu" "hạ tầng internet" "chập chờn"] Hạ tầng internet tại các thôn vùng sâu còn yếu, chập chờn.
1 ["đường truyền internet yếu" "thường xuyên mất kết nối"] Đường truyền internet yếu, thường xuyên mất kết nối.
`
	if got := summary(texts, cs); got != want {
		t.Errorf("clusters:\n%s\nwant:\n%s", got, want)
	}
	if got := Blanks(texts); len(got) != 10 || got[0] != 50 {
		t.Errorf("Blanks = %v, want the last 10 answers", got)
	}
}

// checkPartition checks the invariants of Group's result: every answer
// that is not blank in exactly one cluster, blank ones in none, members
// ascending, the representative a member, clusters largest first.
func checkPartition(t testing.TB, texts []string, cs []Cluster) {
	t.Helper()
	seen := make([]int, len(texts))
	for ci, c := range cs {
		if len(c.Members) == 0 {
			t.Fatalf("cluster %d is empty", ci)
		}
		if !slices.IsSorted(c.Members) {
			t.Fatalf("cluster %d members not ascending: %v", ci, c.Members)
		}
		if !slices.Contains(c.Members, c.Representative) {
			t.Fatalf("cluster %d representative %d is not a member", ci, c.Representative)
		}
		if len(c.Keywords) > 3 {
			t.Fatalf("cluster %d has %d keywords", ci, len(c.Keywords))
		}
		if ci > 0 {
			p := cs[ci-1]
			if len(p.Members) < len(c.Members) || (len(p.Members) == len(c.Members) && p.Members[0] > c.Members[0]) {
				t.Fatalf("clusters %d and %d out of order", ci-1, ci)
			}
		}
		for _, m := range c.Members {
			if m < 0 || m >= len(texts) {
				t.Fatalf("member %d out of range", m)
			}
			seen[m]++
		}
	}
	for i, n := range seen {
		if want := map[bool]int{true: 0, false: 1}[Blank(texts[i])]; n != want {
			t.Fatalf("answer %d (%q) in %d clusters, want %d", i, texts[i], n, want)
		}
	}
}

// partition writes a grouping as sorted sets of texts, independent of
// indices, with each group's representative text.
func partition(texts []string, cs []Cluster) string {
	var groups []string
	for _, c := range cs {
		var ms []string
		for _, m := range c.Members {
			ms = append(ms, texts[m])
		}
		sort.Strings(ms)
		groups = append(groups, strings.Join(ms, "|"))
	}
	sort.Strings(groups)
	return strings.Join(groups, "\n")
}

func TestGroupInputOrder(t *testing.T) {
	texts, _ := fixture(t)
	want := partition(texts, Group(texts, Options{}))
	if again := partition(texts, Group(texts, Options{})); again != want {
		t.Fatal("two runs differ")
	}
	for seed := uint64(1); seed <= 5; seed++ {
		shuffled := slices.Clone(texts)
		r := rand.New(rand.NewPCG(seed, seed))
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if got := partition(shuffled, Group(shuffled, Options{})); got != want {
			t.Errorf("seed %d: the partition changes with the input order", seed)
		}
	}
}

func TestGroupNFD(t *testing.T) {
	texts, _ := fixture(t)
	nfd := make([]string, len(texts))
	for i, s := range texts {
		nfd[i] = norm.NFD.String(s)
	}
	a, b := Group(texts, Options{}), Group(nfd, Options{})
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("NFD input groups differently:\n%v\n%v", a, b)
	}
}

func TestBlank(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"", true},
		{"   ", true},
		{"-", true},
		{"...", true},
		{"Không", true},
		{"không.", true},
		{"Không có", true},
		{"KHÔNG CÓ Ý KIẾN", true},
		{"Không có ý kiến.", true},
		{"Không có khó khăn, vướng mắc.", true},
		{"Chưa có đề xuất, kiến nghị", true},
		{"Kho\u0302ng co\u0301", true}, // NFD
		{"Không có kinh phí", false},
		{"Không có cán bộ chuyên trách", false},
		{"Kinh phí còn hạn chế", false},
		{"Có", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Blank(tt.in); got != tt.want {
				t.Errorf("Blank(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestSyllablesAndTokens(t *testing.T) {
	tests := []struct{ in, words, tokens string }{
		{"Kinh phí còn hạn chế.", "kinh phí còn hạn chế", "kinh|kinh phí|phí|hạn|hạn chế|chế"},
		{"UBND xã Ea T'Ling, Đắk R’Lấp", "ubnd xã ea tling đắk rlấp", "ubnd|ubnd xã|xã|xã ea|ea|ea tling|tling|đắk|đắk rlấp|rlấp"},
		{"thiếu, cũ", "thiếu cũ", "thiếu|cũ"},
		{"12 bài;  5 tin", "12 bài 5 tin", "12|12 bài|bài|5|5 tin|tin"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			w, brk := syllables(tt.in)
			if got := strings.Join(w, " "); got != tt.words {
				t.Errorf("syllables = %q, want %q", got, tt.words)
			}
			if got := strings.Join(tokens(w, brk), "|"); got != tt.tokens {
				t.Errorf("tokens = %q, want %q", got, tt.tokens)
			}
		})
	}
}

// TestGroupBounded clusters more distinct answers than MaxPoints: the rest
// join the groups found or stay alone, and the partition still holds.
func TestGroupBounded(t *testing.T) {
	texts, _ := fixture(t)
	cs := Group(texts, Options{MaxPoints: 10})
	checkPartition(t, texts, cs)
	if len(cs) < 7 {
		t.Errorf("%d clusters with MaxPoints 10, want at least 7", len(cs))
	}
}

// TestGroupSamples groups the difficulties and proposals of the committed
// sample returns, read through their defined names.
func TestGroupSamples(t *testing.T) {
	files, err := filepath.Glob("../../samples/bao-cao/*.xlsx")
	if err != nil || len(files) == 0 {
		t.Skip("no samples")
	}
	// The answers are read by the program's own .xlsx reader: excelize
	// parses each whole workbook for two cells, six times as long.
	answers := map[string][]string{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b, err := xlsx.Read(data, xlsx.Limits{})
		if err != nil {
			continue // the damaged sample
		}
		for _, dn := range b.Names {
			if dn.Name != "CT_F2" && dn.Name != "CT_F3" {
				continue
			}
			ref := strings.ReplaceAll(strings.TrimPrefix(dn.RefersTo, "="), "$", "")
			sheet, cell, _ := strings.Cut(ref, "!")
			r, ok := book.ParseRef(cell)
			if sh := b.Sheet(strings.Trim(sheet, "'")); ok && sh != nil {
				answers[dn.Name] = append(answers[dn.Name], sh.Cell(r).Value)
			}
		}
	}
	tests := []struct{ name, want string }{
		{"CT_F2", `22 ["kinh phí dành" "công tác tuyên truyền" "hạn chế"] Kinh phí dành cho công tác tuyên truyền còn hạn chế.
17 ["đơn vị" "cán bộ chuyên trách công nghệ thông tin"] Đơn vị chưa có cán bộ chuyên trách công nghệ thông tin.
6 ["số thôn" "sóng điện thoại" "internet yếu"] Một số thôn, bon ở xa, sóng điện thoại và internet yếu.
`},
		{"CT_F3", `17 ["cung cấp thêm ảnh bìa" "khung ảnh đại diện" "tài liệu tuyên truyền dạng số"] Đề nghị cung cấp thêm ảnh bìa, khung ảnh đại diện và tài liệu tuyên truyền dạng số.
13 ["bố trí kinh phí nâng cấp hệ thống truyền thanh cơ sở ứng dụng công nghệ thông tin" "viễn thông"] Đề nghị bố trí kinh phí nâng cấp hệ thống truyền thanh cơ sở ứng dụng công nghệ thông tin - viễn thông.
8 ["thông tin" "thông tổ chức tập huấn kỹ năng quản trị trang thông tin điện tử"] Đề nghị Sở Thông tin và Truyền thông tổ chức tập huấn kỹ năng quản trị trang thông tin điện tử.
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			texts := answers[tt.name]
			cs := Group(texts, Options{})
			checkPartition(t, texts, cs)
			if got := summary(texts, cs); got != tt.want {
				t.Errorf("clusters:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// FuzzGroup checks the partition invariants on arbitrary answers: the
// input is split into answers at newlines.
func FuzzGroup(f *testing.F) {
	f.Add("Kinh phí còn hạn chế\nkinh phí hạn chế\nKhông\n\nCán bộ kiêm nhiệm")
	f.Add("a\na\na\nb b b\n'\n’’\nkhông có ý kiến")
	f.Fuzz(func(t *testing.T, in string) {
		if len(in) > 1<<14 {
			return
		}
		texts := strings.Split(in, "\n")
		for _, opt := range []Options{{}, {MaxPoints: 3, Threshold: 0.5}} {
			cs := Group(texts, opt)
			checkPartition(t, texts, cs)
		}
	})
}

// BenchmarkGroup groups 2,000 distinct answers, the bound of exact
// clustering: a national campaign's difficulties after duplicates merge.
func BenchmarkGroup(b *testing.B) {
	texts, _ := fixture(b)
	var many []string
	for i := 0; len(many) < 2000; i++ {
		for _, s := range texts {
			many = append(many, fmt.Sprintf("%s (đơn vị %d)", s, i))
		}
	}
	many = many[:2000]
	b.ResetTimer()
	for range b.N {
		Group(many, Options{})
	}
}

// BenchmarkGroupBeyondBound groups 10,600 distinct answers (one per
// commune-level unit of a national campaign): 2,000 clustered exactly, the
// rest attached.
func BenchmarkGroupBeyondBound(b *testing.B) {
	texts, _ := fixture(b)
	var many []string
	for i := 0; len(many) < 10600; i++ {
		for _, s := range texts {
			many = append(many, fmt.Sprintf("%s (đơn vị %d)", s, i))
		}
	}
	many = many[:10600]
	b.ResetTimer()
	for range b.N {
		Group(many, Options{})
	}
}
