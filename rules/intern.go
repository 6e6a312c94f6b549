package rules

import (
	"time"
	"unsafe"

	"github.com/xiaoneng/xiaoneng/efficiency"
)

// msgTable keeps the findings' messages an evaluator has rendered, each
// once, so that a message rendered again is the string already kept
// rather than a new one.
//
// A message is a function of its rule's templates and the values they
// show (the days past a limit, a count, a material's name), and in
// practice those take few values: most of a day's findings repeat a
// message some earlier finding had. Each one rendered afresh would be some
// 130 bytes of garbage, and the garbage, not the rules, is what sets the
// pace of the collector and so how evaluation scales over cores (see
// BENCHMARKS.md). What names the subject is not kept here: the finding's
// ID, and the messages of a rule whose templates name {subject}
// (Rule.perSubject).
//
// The messages live in the table's own chunks, apart from the report's
// text, so the table holds no finding's other text alive. Its memory is
// bounded by two generations of msgTableMax messages: when the current
// generation is full it becomes the old one and the one before is dropped
// (its chunks are collected once no finding holds their strings), and a
// message found only in the old generation is carried into the new one, so
// the messages in steady use stay however long the run.
//
// A msgTable is for one goroutine: an Evaluator's, a Stream's, or a pooled
// scratch of Evaluate.
type msgTable struct {
	cur, old map[string]msgSplit
	chunk    []byte // where new messages are copied (bytes never rewritten)
	buf      []byte // where a message is rendered before it is looked up
	// hits and misses count lookups since the table was made, for tests
	// and benchmarks.
	hits, misses int
}

// msgSplit is a kept message: both languages in one string, the Chinese
// first, split at n.
type msgSplit struct {
	s string
	n int
}

const (
	msgTableMax   = 512
	msgChunkSize  = 4 << 10
	msgBufMaxKeep = 4 << 10 // a larger render buffer is not kept
)

// message renders the finding's message in both languages and returns it,
// as kept in the table.
func (t *msgTable) message(tm *[2]template, subject string, ev []efficiency.Evidence, loc *time.Location) efficiency.Text {
	b := tm[0].render(t.buf[:0], subject, ev, loc, true)
	n := len(b)
	b = tm[1].render(b, subject, ev, loc, false)
	if cap(b) <= msgBufMaxKeep {
		t.buf = b
	} else {
		t.buf = nil
	}
	s, n := t.intern(b, n)
	return efficiency.Text{ZhHans: s[:n], En: s[n:]}
}

// intern returns b as a string kept in the table, and n.
func (t *msgTable) intern(b []byte, n int) (string, int) {
	if len(b) == 0 {
		return "", 0
	}
	if v, ok := t.cur[string(b)]; ok && v.n == n { // the lookup does not allocate
		t.hits++
		return v.s, v.n
	}
	if v, ok := t.old[string(b)]; ok && v.n == n {
		t.hits++
		t.add(v)
		return v.s, v.n
	}
	t.misses++
	if cap(t.chunk)-len(t.chunk) < len(b) {
		t.chunk = make([]byte, 0, max(msgChunkSize, len(b)))
	}
	start := len(t.chunk)
	t.chunk = append(t.chunk, b...)
	v := msgSplit{s: unsafe.String(&t.chunk[start], len(b)), n: n}
	t.add(v)
	return v.s, v.n
}

// add keeps v in the current generation, starting a new one when it is
// full: the generation before is cleared and its map reused, so a table in
// steady state allocates only the chunks of the messages it has not seen.
func (t *msgTable) add(v msgSplit) {
	if len(t.cur) >= msgTableMax {
		t.old, t.cur = t.cur, t.old
		clear(t.cur)
	}
	if t.cur == nil {
		t.cur = make(map[string]msgSplit, msgTableMax)
	}
	t.cur[v.s] = v
}
