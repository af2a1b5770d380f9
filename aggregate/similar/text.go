package similar

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// syllables normalises s and splits it into lower-case syllables: NFC,
// letters and digits kept, apostrophes inside a word dropped ("T'Ling" →
// "tling"), everything else a separator. brk[i] is set when punctuation,
// not only white space, separates word i from the one before: no bigram or
// phrase spans it. Only the first maxRunes runes are read.
func syllables(s string) (words []string, brk []bool) {
	if len(s) > 4*maxRunes {
		s = s[:4*maxRunes]
	}
	s = norm.NFC.String(s)
	var cur []rune
	n, punct := 0, false
	for _, r := range s {
		if n++; n > maxRunes {
			break
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			cur = append(cur, unicode.ToLower(r))
		case (r == '\'' || r == '’' || r == 'ʼ') && len(cur) > 0:
			// Inside a name: "Ea T'Ling", "Đắk R'Lấp".
		default:
			if len(cur) > 0 {
				words, brk = append(words, string(cur)), append(brk, punct)
				cur, punct = cur[:0], false
			}
			if !unicode.IsSpace(r) {
				punct = true
			}
		}
	}
	if len(cur) > 0 {
		words, brk = append(words, string(cur)), append(brk, punct)
	}
	return words, brk
}

// stop holds generic Vietnamese function words: they say nothing about the
// topic of an answer. No topic of any campaign belongs here.
var stop = set("của và các những được đã còn là có cho với trong " +
	"một này đó nên thì mà để ở tại theo về từ trên dưới khi do bị " +
	"vẫn cũng đang sẽ rất nhiều ít hơn như nhưng hoặc hay vì nếu " +
	"đến ra vào lại chỉ mỗi cả việc sự nhằm tuy nhất gồm không chưa")

// nothing holds the words that may follow "không"/"chưa" in an answer
// that says there is nothing to report.
var nothing = set("không chưa có gì ý kiến khó khăn vướng mắc đề xuất kiến nghị nội dung")

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[norm.NFC.String(w)] = true
	}
	return m
}

// Blank reports whether an answer says nothing: empty, only punctuation,
// or "không", "không có", "không có ý kiến", "Không có khó khăn, vướng
// mắc." and the like. Blank answers belong to no cluster.
func Blank(text string) bool {
	words, _ := syllables(text)
	return blankWords(words)
}

func blankWords(words []string) bool {
	if len(words) == 0 {
		return true
	}
	if words[0] != "không" && words[0] != "chưa" && words[0] != "ko" {
		return false
	}
	for _, w := range words {
		if !nothing[w] && w != "ko" {
			return false
		}
	}
	return true
}

// tokens are the terms of an answer: its syllables that are not function
// words, and the bigrams of adjacent syllables neither of which is one nor
// parted by punctuation.
func tokens(words []string, brk []bool) []string {
	var out []string
	for i, w := range words {
		if stop[w] {
			continue
		}
		out = append(out, w)
		if i+1 < len(words) && !stop[words[i+1]] && !brk[i+1] {
			out = append(out, w+" "+words[i+1])
		}
	}
	return out
}

// Blanks returns the indices of the blank answers among texts, ascending:
// those Group leaves out.
func Blanks(texts []string) []int {
	var out []int
	for i, t := range texts {
		if Blank(t) {
			out = append(out, i)
		}
	}
	return out
}
