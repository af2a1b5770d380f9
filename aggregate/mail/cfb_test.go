package mail

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"
	"time"
	"unicode/utf16"
)

// This file writes compound files for tests: enough of [MS-CFB] version 3
// (512-byte sectors, a mini stream for streams under 4096 bytes, no DIFAT)
// to build .msg files with the properties Outlook writes. No Go library
// writes compound files, and Outlook is not at hand.

const (
	cfbFree       = 0xFFFFFFFF
	cfbEndOfChain = 0xFFFFFFFE
	cfbFATSect    = 0xFFFFFFFD
	cfbNoStream   = 0xFFFFFFFF
)

// cfbNode is a storage (children set) or a stream (data set).
type cfbNode struct {
	name     string
	data     []byte
	children []*cfbNode
	storage  bool

	id, start uint32
	right     uint32 // right sibling's id; 0 (the root's) means none
}

func cfbStorage(name string, children ...*cfbNode) *cfbNode {
	return &cfbNode{name: name, storage: true, children: children}
}

func cfbStream(name string, data []byte) *cfbNode { return &cfbNode{name: name, data: data} }

// writeCFB lays out root's tree as a compound file.
func writeCFB(root *cfbNode) []byte {
	var nodes []*cfbNode
	var walk func(n *cfbNode)
	walk = func(n *cfbNode) {
		n.id = uint32(len(nodes))
		nodes = append(nodes, n)
		sort.Slice(n.children, func(i, j int) bool { return n.children[i].name < n.children[j].name })
		for _, c := range n.children {
			walk(c)
		}
	}
	walk(root)

	// Small streams go to the mini stream, 64 bytes a mini sector.
	var mini []byte
	var miniFAT []uint32
	for _, n := range nodes[1:] {
		if n.storage || len(n.data) >= 4096 || len(n.data) == 0 {
			n.start = cfbEndOfChain
			continue
		}
		n.start = uint32(len(mini) / 64)
		count := (len(n.data) + 63) / 64
		for i := 0; i < count; i++ {
			next := uint32(len(miniFAT) + 1)
			if i == count-1 {
				next = cfbEndOfChain
			}
			miniFAT = append(miniFAT, next)
		}
		mini = append(mini, n.data...)
		mini = append(mini, make([]byte, count*64-len(n.data))...)
	}

	// Regular sectors: big streams, the mini stream, the directory, the
	// mini FAT, then the FAT.
	var sectors [][]byte
	var fat []uint32
	chain := func(b []byte) uint32 {
		if len(b) == 0 {
			return cfbEndOfChain
		}
		start := uint32(len(sectors))
		count := (len(b) + 511) / 512
		for i := 0; i < count; i++ {
			s := make([]byte, 512)
			copy(s, b[i*512:])
			sectors = append(sectors, s)
			next := uint32(len(sectors))
			if i == count-1 {
				next = cfbEndOfChain
			}
			fat = append(fat, next)
		}
		return start
	}
	for _, n := range nodes[1:] {
		if !n.storage && len(n.data) >= 4096 {
			n.start = chain(n.data)
		}
	}
	root.start = chain(mini)
	root.data = mini
	dir := make([]byte, 0, len(nodes)*128)
	for i, n := range nodes {
		dir = append(dir, dirEntry(n, i == 0)...)
	}
	dirStart := chain(dir)
	mf := make([]byte, 4*len(miniFAT))
	for i, v := range miniFAT {
		binary.LittleEndian.PutUint32(mf[4*i:], v)
	}
	miniFATStart := chain(mf)
	nFAT := 1
	for (len(sectors)+nFAT)*4 > nFAT*512 {
		nFAT++
	}
	fatStart := uint32(len(sectors))
	for i := 0; i < nFAT; i++ {
		fat = append(fat, cfbFATSect)
	}
	fb := make([]byte, nFAT*512)
	for i := range fb[:len(fb)/4] {
		v := uint32(cfbFree)
		if i < len(fat) {
			v = fat[i]
		}
		binary.LittleEndian.PutUint32(fb[4*i:], v)
	}

	h := make([]byte, 512)
	copy(h, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
	le := binary.LittleEndian
	le.PutUint16(h[24:], 0x3E)
	le.PutUint16(h[26:], 3)
	le.PutUint16(h[28:], 0xFFFE)
	le.PutUint16(h[30:], 9)
	le.PutUint16(h[32:], 6)
	le.PutUint32(h[44:], uint32(nFAT))
	le.PutUint32(h[48:], dirStart)
	le.PutUint32(h[56:], 4096)
	le.PutUint32(h[60:], miniFATStart)
	le.PutUint32(h[64:], uint32((len(mf)+511)/512))
	le.PutUint32(h[68:], cfbEndOfChain)
	for i := 0; i < 109; i++ {
		v := uint32(cfbFree)
		if i < nFAT {
			v = fatStart + uint32(i)
		}
		le.PutUint32(h[76+4*i:], v)
	}
	out := bytes.NewBuffer(h)
	for _, s := range sectors {
		out.Write(s)
	}
	out.Write(fb)
	return out.Bytes()
}

// dirEntry is one 128-byte directory entry; siblings are chained through
// their right pointers (all black), which readers accept.
func dirEntry(n *cfbNode, root bool) []byte {
	e := make([]byte, 128)
	name := utf16.Encode([]rune(n.name))
	for i, u := range name {
		binary.LittleEndian.PutUint16(e[2*i:], u)
	}
	binary.LittleEndian.PutUint16(e[64:], uint16(2*len(name)+2))
	switch {
	case root:
		e[66] = 5
	case n.storage:
		e[66] = 1
	default:
		e[66] = 2
	}
	e[67] = 1
	binary.LittleEndian.PutUint32(e[68:], cfbNoStream)
	binary.LittleEndian.PutUint32(e[72:], cfbNoStream)
	if n.right != 0 {
		binary.LittleEndian.PutUint32(e[72:], n.right)
	}
	binary.LittleEndian.PutUint32(e[76:], cfbNoStream)
	if len(n.children) > 0 {
		binary.LittleEndian.PutUint32(e[76:], n.children[0].id)
		for i, c := range n.children[:len(n.children)-1] {
			c.right = n.children[i+1].id
		}
	}
	binary.LittleEndian.PutUint32(e[116:], n.start)
	binary.LittleEndian.PutUint64(e[120:], uint64(len(n.data)))
	return e
}

// testMsg describes a .msg to build.
type testMsg struct {
	subject, senderName, senderEmail string
	ansiSubject                      []byte // PT_STRING8 subject in code page 1258, instead of subject
	submit                           time.Time
	attachments                      []testAttach
}

type testAttach struct {
	name     string
	data     []byte
	embedded *testMsg
}

func unicodeProp(id, s string) *cfbNode {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return cfbStream("__substg1.0_"+id+"001F", append(b, 0, 0))
}

// props is a properties stream: a header of headerLen bytes, then 16-byte
// entries of fixed-size properties.
func props(headerLen int, entries map[uint32]uint64) *cfbNode {
	b := make([]byte, headerLen)
	tags := make([]uint32, 0, len(entries))
	for t := range entries {
		tags = append(tags, t)
	}
	sort.Slice(tags, func(i, j int) bool { return tags[i] < tags[j] })
	for _, t := range tags {
		e := make([]byte, 16)
		binary.LittleEndian.PutUint32(e, t)
		binary.LittleEndian.PutUint32(e[4:], 6) // readable, writable
		binary.LittleEndian.PutUint64(e[8:], entries[t])
		b = append(b, e...)
	}
	return cfbStream("__properties_version1.0", b)
}

func toFileTime(t time.Time) uint64 {
	return uint64(t.UnixNano()/100) + 116444736000000000
}

// messageNodes are the streams and storages of one message, top-level
// (headerLen 32) or embedded (24).
func (m testMsg) nodes(headerLen int) []*cfbNode {
	fixed := map[uint32]uint64{tagCodepage: 1258}
	if !m.submit.IsZero() {
		fixed[tagSubmitTime] = toFileTime(m.submit)
	}
	out := []*cfbNode{props(headerLen, fixed), unicodeProp(propSenderName, m.senderName), unicodeProp(propSenderEmail, m.senderEmail)}
	if m.ansiSubject != nil {
		out = append(out, cfbStream("__substg1.0_"+propSubject+"001E", m.ansiSubject))
	} else {
		out = append(out, unicodeProp(propSubject, m.subject))
	}
	for i, a := range m.attachments {
		name := fmt.Sprintf("__attach_version1.0_#%08X", i)
		if a.embedded != nil {
			inner := cfbStorage(embeddedMsgStore, a.embedded.nodes(24)...)
			out = append(out, cfbStorage(name, props(8, map[uint32]uint64{tagAttachMethod: attachEmbedded}), inner))
			continue
		}
		out = append(out, cfbStorage(name,
			props(8, map[uint32]uint64{tagAttachMethod: 1}),
			unicodeProp(propAttachLong, a.name),
			unicodeProp(propAttachShort, "BAOCAO~1.XLS"),
			cfbStream("__substg1.0_37010102", a.data)))
	}
	return out
}

func buildMsg(m testMsg) []byte {
	return writeCFB(cfbStorage("Root Entry", m.nodes(32)...))
}
