package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRenderProgress(t *testing.T) {
	const mb = 1 << 20
	tests := []struct {
		read, total int64
		width       int
		want        string
	}{
		{0, 40 * mb, 10, "[..........]   0%  0.0/40.0 MB"},
		{10 * mb, 40 * mb, 10, "[##........]  25%  10.0/40.0 MB"},
		{40 * mb, 40 * mb, 10, "[##########] 100%  40.0/40.0 MB"},
		{50 * mb, 40 * mb, 4, "[####] 100%  40.0/40.0 MB"}, // read past the size (the file grew)
		{-1, 0, 4, "[....]   0%  0.0/0.0 MB"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, renderProgress(tt.read, tt.total, tt.width), "renderProgress(%d, %d, %d)", tt.read, tt.total, tt.width)
	}
}

// TestProgressRedraws: the bar is redrawn at most every progressEvery, a
// message written through it clears it first, and clear erases it.
func TestProgressRedraws(t *testing.T) {
	var buf bytes.Buffer
	t0 := time.Date(2026, time.October, 9, 12, 0, 0, 0, time.UTC)
	now := t0
	p := &progress{w: &buf, total: 100, now: func() time.Time { return now }}
	r := p.reader(strings.NewReader(strings.Repeat("x", 100)))
	b := make([]byte, 10)
	r.Read(b) // first read draws
	now = now.Add(progressEvery / 2)
	r.Read(b) // too soon: no redraw
	now = now.Add(progressEvery)
	r.Read(b) // redraw
	assert.Equal(t, "\r"+renderProgress(10, 100, 30)+"\r"+renderProgress(30, 100, 30), buf.String())
	buf.Reset()
	p.Write([]byte("bad line\n"))
	assert.Equal(t, "\r\033[Kbad line\n", buf.String(), "a message clears the bar first")
	buf.Reset()
	p.clear()
	assert.Empty(t, buf.String(), "clear after a message draws nothing: the bar is gone")
}

// TestNoProgressWhenNotATerminal: a pipe, a buffer or stdin never get a bar.
func TestNoProgressWhenNotATerminal(t *testing.T) {
	facts := filepath.Join(t.TempDir(), "facts.jsonl")
	require.NoError(t, os.WriteFile(facts, []byte("{}\n"), 0o600))
	pr, pw, err := os.Pipe()
	require.NoError(t, err)
	defer pr.Close()
	defer pw.Close()
	assert.Nil(t, newProgress(pw, facts), "newProgress(pipe) draws no bar")
	assert.Nil(t, newProgress(&bytes.Buffer{}, facts), "newProgress(buffer) draws no bar")
	assert.Nil(t, newProgress(os.Stderr, "-"), "newProgress(stdin facts) draws no bar")
}
