package similar

import (
	"math"
	"slices"
	"strings"
)

// entry is one term of a sparse vector.
type entry struct {
	id int32
	w  float64
}

// vector is a unit-length sparse TF-IDF vector, entries sorted by id.
type vector []entry

func dot(a, b vector) float64 {
	s := 0.0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].id < b[j].id:
			i++
		case a[i].id > b[j].id:
			j++
		default:
			s += a[i].w * b[j].w
			i++
			j++
		}
	}
	return s
}

// vectorise turns the points into TF-IDF vectors: term frequency dampened
// as 1+log(tf), smoothed inverse document frequency over the answers (a
// point counts as many answers as it has members), unit length. It also
// returns the vocabulary, by term id.
func vectorise(pts []point) ([]vector, []string, map[string]int32) {
	ids := map[string]int32{}
	var vocab []string
	df := []float64{}
	total := 0.0
	counts := make([]map[int32]float64, len(pts))
	for p := range pts {
		counts[p] = map[int32]float64{}
		for _, t := range pts[p].tokens {
			id, ok := ids[t]
			if !ok {
				id = int32(len(vocab))
				ids[t] = id
				vocab = append(vocab, t)
				df = append(df, 0)
			}
			if counts[p][id] == 0 {
				df[id] += float64(len(pts[p].members))
			}
			counts[p][id]++
		}
		total += float64(len(pts[p].members))
	}
	vecs := make([]vector, len(pts))
	for p, c := range counts {
		v := make(vector, 0, len(c))
		norm := 0.0
		for id, tf := range c {
			w := (1 + math.Log(tf)) * (1 + math.Log((1+total)/(1+df[id])))
			if strings.Contains(vocab[id], " ") {
				w *= 1.5 // a bigram says more than either syllable
			}
			v = append(v, entry{id, w})
			norm += w * w
		}
		norm = math.Sqrt(norm)
		for i := range v {
			v[i].w /= norm
		}
		slices.SortFunc(v, func(a, b entry) int { return int(a.id - b.id) })
		vecs[p] = v
	}
	return vecs, vocab, ids
}

// cluster joins points by average-link agglomerative clustering and
// returns a label per point: the smallest point index of its cluster.
// It builds the whole dendrogram with the nearest-neighbour chain
// algorithm (O(n²) time, an n×n float32 matrix) and keeps the merges at
// or above threshold; average linkage is reducible, so that equals
// stopping the greedy merging at threshold. A point weighs as many answers
// as it has members.
func cluster(vecs []vector, pts []point, threshold float64) []int {
	n := len(vecs)
	sim := make([]float32, n*n)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			s := float32(dot(vecs[i], vecs[j]))
			sim[i*n+j], sim[j*n+i] = s, s
		}
	}
	size := make([]float64, n)
	for i := range size {
		size[i] = float64(len(pts[i].members))
	}
	active := make([]bool, n)
	for i := range active {
		active[i] = true
	}
	parent := make([]int, n) // union-find over kept merges
	for i := range parent {
		parent[i] = i
	}
	var chain []int
	for left := n; left > 1; {
		if len(chain) == 0 {
			for i := range active {
				if active[i] {
					chain = append(chain, i)
					break
				}
			}
		}
		a := chain[len(chain)-1]
		prev := -1
		if len(chain) > 1 {
			prev = chain[len(chain)-2]
		}
		// The nearest neighbour of a; the previous link of the chain wins
		// a tie, so that the chain always ends.
		b, best := prev, float32(math.Inf(-1))
		if prev >= 0 {
			best = sim[a*n+prev]
		}
		for c := 0; c < n; c++ {
			if c != a && active[c] && sim[a*n+c] > best {
				b, best = c, sim[a*n+c]
			}
		}
		if b != prev {
			chain = append(chain, b)
			continue
		}
		// a and b are reciprocal nearest neighbours: merge b into a.
		chain = chain[:len(chain)-2]
		if float64(best) >= threshold-1e-9 {
			union(parent, a, b)
		}
		for c := 0; c < n; c++ {
			if active[c] && c != a && c != b {
				s := float32((size[a]*float64(sim[a*n+c]) + size[b]*float64(sim[b*n+c])) / (size[a] + size[b]))
				sim[a*n+c], sim[c*n+a] = s, s
			}
		}
		size[a] += size[b]
		active[b] = false
		left--
	}
	label := make([]int, n)
	for i := range label {
		label[i] = find(parent, i)
	}
	return label
}

func find(parent []int, i int) int {
	for parent[i] != i {
		parent[i] = parent[parent[i]]
		i = parent[i]
	}
	return i
}

// union joins the sets of a and b under the smaller root.
func union(parent []int, a, b int) {
	ra, rb := find(parent, a), find(parent, b)
	if ra > rb {
		ra, rb = rb, ra
	}
	parent[rb] = ra
}

// attach labels the points from index exact on, beyond the bound of exact
// clustering: each joins the cluster whose first point it is most similar
// to, at or above threshold, or stays alone. At most exact points are
// compared, so the cost is linear in the points left.
func attach(vecs []vector, label []int, exact int, threshold float64) []int {
	var heads []int
	for i, l := range label {
		if l == i {
			heads = append(heads, i)
		}
	}
	out := make([]int, 0, len(vecs)-exact)
	for p := exact; p < len(vecs); p++ {
		best, bestSim := p, threshold-1e-9
		for _, h := range heads {
			if s := dot(vecs[p], vecs[h]); s > bestSim {
				best, bestSim = h, s
			}
		}
		out = append(out, best)
	}
	return out
}

// keepRatio is how much of the weightiest bigram's weight a bigram needs to
// be part of a key phrase.
const keepRatio = 0.5

// keyphrases returns up to n phrases of the representative's words that
// weigh most in the cluster: runs of adjacent syllables whose bigrams all
// weigh at least keepRatio of the weightiest bigram, so that "công nghệ thông tin"
// comes whole rather than as "công nghệ", "nghệ thông", "thông tin". A
// text without such bigrams gives its weightiest syllables.
func keyphrases(words []string, brk []bool, centroid map[int32]float64, vocab []string, ids map[string]int32, n int) []string {
	weight := func(t string) float64 {
		if id, ok := ids[t]; ok {
			return centroid[id]
		}
		return 0
	}
	bw := make([]float64, max(len(words)-1, 0))
	top := 0.0
	for i := range bw {
		if !stop[words[i]] && !stop[words[i+1]] && !brk[i+1] {
			bw[i] = weight(words[i] + " " + words[i+1])
			top = max(top, bw[i])
		}
	}
	type phrase struct {
		text  string
		score float64
		pos   int
	}
	var ps []phrase
	seen := map[string]bool{}
	add := func(text string, score float64, pos int) {
		if text != "" && !seen[text] && score > 0 {
			seen[text] = true
			ps = append(ps, phrase{text, score, pos})
		}
	}
	// A phrase neither starts nor ends with a syllable that weighs little
	// by itself ("nghị" of "đề nghị", which every proposal starts with).
	topUni := 0.0
	for _, w := range words {
		if !stop[w] {
			topUni = max(topUni, weight(w))
		}
	}
	light := func(w string) bool { return weight(w) < topUni*keepRatio }
	for i := 0; i < len(bw); {
		if top == 0 || bw[i] < top*keepRatio {
			i++
			continue
		}
		j, score := i, 0.0
		for j < len(bw) && bw[j] >= top*keepRatio {
			score = max(score, bw[j])
			j++
		}
		a, b := i, j
		for a < b && light(words[a]) {
			a++
		}
		for b > a && light(words[b]) {
			b--
		}
		if a < b {
			add(strings.Join(words[a:b+1], " "), score, a)
		}
		i = j
	}
	if len(ps) == 0 {
		for i, w := range words {
			if !stop[w] {
				add(w, weight(w), i)
			}
		}
	}
	slices.SortStableFunc(ps, func(a, b phrase) int {
		switch {
		case a.score > b.score+1e-12:
			return -1
		case b.score > a.score+1e-12:
			return 1
		}
		return a.pos - b.pos
	})
	out := []string{}
	for _, p := range ps[:min(n, len(ps))] {
		out = append(out, p.text)
	}
	return out
}
