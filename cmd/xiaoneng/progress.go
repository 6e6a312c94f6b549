package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progress draws a progress bar of `xiaoneng eval` on stderr: bytes of the
// facts file read against its size, redrawn in place with \r at most every
// progressEvery. It is only used when stderr is a terminal and the facts come
// from a file (see newProgress), so it never appears in pipes, files or tests.
//
// It is also the writer of eval's other stderr messages: writing one clears
// the bar first, so a message never lands in the middle of it.
type progress struct {
	w     io.Writer
	total int64 // the file's size in bytes
	read  int64
	now   func() time.Time
	last  time.Time
	drawn bool
}

const progressEvery = 250 * time.Millisecond

// newProgress returns a progress bar for reading the file named facts when
// stderr is a terminal, else nil.
func newProgress(stderr io.Writer, facts string) *progress {
	f, ok := stderr.(*os.File)
	if !ok || facts == "-" {
		return nil
	}
	if fi, err := f.Stat(); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	fi, err := os.Stat(facts)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() == 0 {
		return nil
	}
	return &progress{w: stderr, total: fi.Size(), now: time.Now}
}

// reader counts the bytes read through r.
func (p *progress) reader(r io.Reader) io.Reader { return &countingReader{r: r, p: p} }

type countingReader struct {
	r io.Reader
	p *progress
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.p.add(int64(n))
	return n, err
}

func (p *progress) add(n int64) {
	p.read += n
	if t := p.now(); t.Sub(p.last) >= progressEvery {
		p.last = t
		io.WriteString(p.w, "\r"+renderProgress(p.read, p.total, 30))
		p.drawn = true
	}
}

// Write clears the bar, then writes b; the bar is drawn again on the next read.
func (p *progress) Write(b []byte) (int, error) {
	p.clear()
	p.last = time.Time{}
	return p.w.Write(b)
}

// clearing returns w as a writer that clears the bar before each write: for
// stdout, which shares the terminal.
func (p *progress) clearing(w io.Writer) io.Writer { return clearingWriter{p, w} }

type clearingWriter struct {
	p *progress
	w io.Writer
}

func (c clearingWriter) Write(b []byte) (int, error) {
	c.p.clear()
	c.p.last = time.Time{}
	return c.w.Write(b)
}

// clear erases the bar, if drawn.
func (p *progress) clear() {
	if p.drawn {
		io.WriteString(p.w, "\r\033[K")
		p.drawn = false
	}
}

// renderProgress is the bar for read of total bytes, width cells wide:
// "[#########.....................]  31%  12.4/40.0 MB".
func renderProgress(read, total int64, width int) string {
	if total <= 0 {
		total = 1
	}
	read = max(0, min(read, total))
	filled := int(int64(width) * read / total)
	const mb = 1 << 20
	return fmt.Sprintf("[%s%s] %3d%%  %.1f/%.1f MB",
		strings.Repeat("#", filled), strings.Repeat(".", width-filled),
		100*read/total, float64(read)/mb, float64(total)/mb)
}
