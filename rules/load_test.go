package rules

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"
)

var update = flag.Bool("update", false, "rewrite testdata/*.bad.err from the loader's output")

// TestGoodFiles: every testdata/*.good.yaml loads without error.
func TestGoodFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/*.good.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			rs, err := Load(os.DirFS("testdata"), filepath.Base(f))
			require.NoError(t, err, "Load(%s)", f)
			assert.NotEmpty(t, rs.Rules())
		})
	}
}

// TestBadFiles: every testdata/NAME.bad.yaml fails with exactly the errors
// in NAME.bad.err (English, one per line), and the Chinese rendering of each
// error carries the same positions.
func TestBadFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/*.bad.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			rs, err := Load(os.DirFS("testdata"), name)
			require.Error(t, err, "Load(%s) succeeded, want errors", name)
			assert.Nil(t, rs, "a file with errors must not give a half-loaded rule set")
			errs := Errors(err)
			require.NotEmpty(t, errs, "Load(%s) error %T is not an ErrorList", name, err)
			got := err.Error() + "\n"
			golden := strings.TrimSuffix(f, ".yaml") + ".err"
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
			}
			want, rerr := os.ReadFile(golden)
			require.NoError(t, rerr)
			assert.Equal(t, string(want), got, "Load(%s) errors", name)
			zh := ErrorList(errs).In(language.SimplifiedChinese)
			for _, e := range errs {
				assert.Contains(t, zh, e.File, "Chinese rendering keeps the file")
				assert.NotEmpty(t, e.Msg.ZhHans, "error %q has no Chinese message", e.Error())
				assert.NotEmpty(t, e.Msg.En)
			}
		})
	}
}

func TestErrorsAs(t *testing.T) {
	_, err := Load(os.DirFS("testdata"), "unknown-field.bad.yaml")
	var e *Error
	require.True(t, errors.As(err, &e), "errors.As(%v, *Error)", err)
	assert.Equal(t, "unknown-field.bad.yaml", e.File)
	assert.Equal(t, 9, e.Line)
	assert.Equal(t, "r1", e.Rule)
	assert.Contains(t, e.Snippet, "^")
	var l ErrorList
	require.True(t, errors.As(err, &l))
	assert.Len(t, l, 2)
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(os.DirFS("testdata"), "nope.yaml")
	require.Error(t, err)
	assert.True(t, errors.Is(err, os.ErrNotExist), "Load(missing) = %v, want fs.ErrNotExist", err)
}

func TestDefaultLoads(t *testing.T) {
	rs, err := Default()
	require.NoError(t, err)
	assert.Equal(t, "city", rs.Jurisdiction().ID)
	assert.Equal(t, "Asia/Shanghai", rs.Jurisdiction().Zone.String())
	assert.GreaterOrEqual(t, len(rs.Rules()), 30)
	v, ok := rs.Param("warn_ratio")
	require.True(t, ok)
	assert.Equal(t, 0.9, v)
}
