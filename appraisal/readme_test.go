package appraisal_test

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xiaoneng/xiaoneng/appraisal"
)

// TestReadmeFigures keeps the README's table of formula fields complete.
func TestReadmeFigures(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	doc := string(readme)
	ft := reflect.TypeOf(appraisal.Figures{})
	for i := range ft.NumField() {
		name := ft.Field(i).Tag.Get("expr")
		if name == "findings" || name == "measures" {
			continue // documented by their members
		}
		assert.Contains(t, doc, "`"+name+"`", "README.md does not document the formula field unit.%s", name)
	}
	for _, s := range []string{"`findings.total`", "`findings.warnings`", "`findings.prohibition.P1`", "`findings.system.S1`", "`findings.severity.notice`", "`measures[\"id\"]`"} {
		assert.True(t, strings.Contains(doc, s), "README.md does not document %s", s)
	}
}
