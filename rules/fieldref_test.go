package rules

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fieldPaths lists every name a condition can read in env, with its type,
// walking nested records (time.Time is a leaf).
func fieldPaths(prefix string, t reflect.Type, out *[][2]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		name := f.Tag.Get("expr")
		path := name
		if prefix != "" {
			path = prefix + "." + name
		}
		ft := f.Type
		if ft.Kind() == reflect.Struct && ft != reflect.TypeOf(time.Time{}) {
			fieldPaths(path, ft, out)
			continue
		}
		*out = append(*out, [2]string{path, typeWord(ft)})
	}
}

func typeWord(t reflect.Type) string {
	switch {
	case t == reflect.TypeOf(time.Time{}):
		return "time"
	case t.Kind() == reflect.Slice:
		return "list of " + typeWord(t.Elem())
	case t.Kind() == reflect.Float64:
		return "float"
	case t.Kind() == reflect.Int, t.Kind() == reflect.Int64:
		return "int"
	}
	return t.Kind().String()
}

// TestReadmeFieldReference keeps the README's field reference complete: every
// field a condition can read, for every subject kind, is documented.
func TestReadmeFieldReference(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	doc := string(readme)
	for _, env := range []any{CaseEnv{}, OrderEnv{}, ComplaintEnv{}, UnitEnv{}, OfficialEnv{}} {
		var paths [][2]string
		fieldPaths("", reflect.TypeOf(env), &paths)
		for _, p := range paths {
			if strings.HasPrefix(p[0], "unit.") && reflect.TypeOf(env) != reflect.TypeOf(UnitEnv{}) {
				continue // the unit record is documented once
			}
			assert.Contains(t, doc, "`"+p[0]+"`", "README.md does not document the field %s (%s)", p[0], p[1])
		}
	}
	for _, b := range Builtins() {
		assert.Contains(t, doc, "`"+b.Signature+"`", "README.md does not document the builtin %s", b.Name)
	}
}

// TestReadmeLadderReference: every field a ladder condition can read is
// documented in the README's accountability section.
func TestReadmeLadderReference(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	doc := string(readme)
	i := strings.Index(doc, "### What ladder conditions see")
	require.GreaterOrEqual(t, i, 0, "README.md has no ladder field reference")
	doc = doc[i:]
	for _, env := range []any{StepEnv{}, LeaderEnv{}} {
		var paths [][2]string
		fieldPaths("", reflect.TypeOf(env), &paths)
		for _, p := range paths {
			assert.Contains(t, doc, "`"+p[0], "README.md does not document the ladder field %s (%s)", p[0], p[1])
		}
	}
}
