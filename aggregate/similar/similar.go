// Package similar groups short free-text answers by lexical similarity, so
// that the report can say "20 đơn vị nêu kinh phí còn hạn chế: …" instead
// of listing 47 answers. It knows nothing of the campaign: no topic list,
// only generic Vietnamese function words and answers that say nothing.
//
// Texts are normalised (NFC, lower case, punctuation removed, apostrophes
// inside names dropped) and cut into syllables and syllable bigrams, which
// carry Vietnamese meaning better than single syllables ("kinh phí", "cán
// bộ"). Each text becomes a TF-IDF vector; identical normalised texts are
// one point with a weight; points are joined by average-link agglomerative
// clustering cut at a cosine threshold. The points are ordered by their
// normalised text before clustering, so the partition does not depend on
// the input order, and ties are broken by that order, so it is
// deterministic.
package similar

import (
	"slices"
	"strings"
)

// Cluster is one group of similar answers.
type Cluster struct {
	// Members are indices into the texts given to Group, ascending.
	Members []int
	// Representative is the member closest to the cluster's centroid (the
	// first such in input order).
	Representative int
	// Keywords are the cluster's weightiest terms, syllable bigrams
	// written with a space ("kinh phí").
	Keywords []string
}

// Options tunes Group. The zero Options is the default.
type Options struct {
	// Threshold is the least average cosine similarity between two groups
	// that are joined, in (0, 1]; 0 means DefaultThreshold.
	Threshold float64
	// MaxPoints bounds the distinct answers clustered exactly (memory and
	// time grow with its square); 0 means DefaultMaxPoints. Beyond it, the
	// remaining answers join the nearest of the groups found, or stay alone.
	MaxPoints int
	// Keywords is how many keywords to give each cluster; 0 means 3.
	Keywords int
}

// Defaults of Options.
const (
	DefaultThreshold = 0.15
	DefaultMaxPoints = 2000
	// maxRunes bounds the part of an answer that is read.
	maxRunes = 2000
)

// Group groups texts by similarity. Blank answers (see Blank) belong to no
// cluster; every other text belongs to exactly one. Clusters come largest
// first, then by their first member. The cost is quadratic in the number
// of distinct answers up to MaxPoints and linear beyond.
func Group(texts []string, opt Options) []Cluster {
	if opt.Threshold <= 0 || opt.Threshold > 1 || opt.Threshold != opt.Threshold {
		opt.Threshold = DefaultThreshold
	}
	if opt.MaxPoints <= 0 {
		opt.MaxPoints = DefaultMaxPoints
	}
	if opt.Keywords <= 0 {
		opt.Keywords = 3
	}
	pts := points(texts)
	if len(pts) == 0 {
		return nil
	}
	vecs, vocab, ids := vectorise(pts)
	exact := min(len(pts), opt.MaxPoints)
	label := cluster(vecs[:exact], pts[:exact], opt.Threshold)
	label = append(label, attach(vecs, label, exact, opt.Threshold)...)

	byLabel := map[int][]int{} // label → point indices
	for p, l := range label {
		byLabel[l] = append(byLabel[l], p)
	}
	out := make([]Cluster, 0, len(byLabel))
	for _, ps := range byLabel {
		out = append(out, describe(ps, pts, vecs, vocab, ids, texts, opt.Keywords))
	}
	slices.SortFunc(out, func(a, b Cluster) int {
		if len(a.Members) != len(b.Members) {
			return len(b.Members) - len(a.Members)
		}
		return a.Members[0] - b.Members[0]
	})
	return out
}

// point is one distinct normalised answer and the texts that gave it.
type point struct {
	key     string // normalised text
	tokens  []string
	members []int // indices into texts, ascending
}

// points normalises the texts, drops the blank ones and merges the
// identical ones, ordered by normalised text.
func points(texts []string) []point {
	idx := map[string]int{}
	var pts []point
	for i, t := range texts {
		words, brk := syllables(t)
		if blankWords(words) {
			continue
		}
		key := strings.Join(words, " ")
		if j, ok := idx[key]; ok {
			pts[j].members = append(pts[j].members, i)
			continue
		}
		idx[key] = len(pts)
		pts = append(pts, point{key: key, tokens: tokens(words, brk), members: []int{i}})
	}
	slices.SortFunc(pts, func(a, b point) int { return strings.Compare(a.key, b.key) })
	return pts
}

// describe makes the cluster of the given points.
func describe(ps []int, pts []point, vecs []vector, vocab []string, ids map[string]int32, texts []string, nKeywords int) Cluster {
	var c Cluster
	centroid := map[int32]float64{}
	for _, p := range ps {
		c.Members = append(c.Members, pts[p].members...)
		w := float64(len(pts[p].members))
		for _, e := range vecs[p] {
			centroid[e.id] += w * e.w
		}
	}
	slices.Sort(c.Members)
	best, bestSim := -1, -1.0
	for _, p := range ps {
		s := 0.0
		for _, e := range vecs[p] {
			s += e.w * centroid[e.id]
		}
		first := pts[p].members[0]
		if s > bestSim+1e-12 || (s > bestSim-1e-12 && first < best) {
			best, bestSim = first, s
		}
	}
	c.Representative = best
	words, brk := syllables(texts[best])
	c.Keywords = keyphrases(words, brk, centroid, vocab, ids, nKeywords)
	return c
}
