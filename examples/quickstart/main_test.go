package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadmeQuickstart keeps the README's quick-start block identical to this
// program, and the output the README shows identical to what it prints.
func TestReadmeQuickstart(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	src, err := os.ReadFile("main.go")
	require.NoError(t, err)
	doc := string(readme)
	const marker = "<!-- quickstart:"
	i := strings.Index(doc, marker)
	require.GreaterOrEqual(t, i, 0, "README has no quickstart marker")
	block := doc[i:]
	start := strings.Index(block, "```go\n") + len("```go\n")
	end := strings.Index(block[start:], "```")
	require.Greater(t, end, 0)
	assert.Equal(t, string(src), block[start:start+end], "README quick-start block differs from examples/quickstart/main.go")

	// The output block after the snippet.
	rest := block[start+end+3:]
	o := strings.Index(rest, "```\n") + len("```\n")
	oe := strings.Index(rest[o:], "```")
	require.Greater(t, oe, 0)
	want := rest[o : o+oe]

	var out bytes.Buffer
	cmd := exec.Command("go", "run", ".")
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	require.NoError(t, cmd.Run())
	assert.Equal(t, want, out.String(), "quickstart output differs from the README")
}
