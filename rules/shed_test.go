package rules

import (
	"testing"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type natureCheck struct {
	t    *testing.T
	rule string
	kept int
}

func (v *natureCheck) Visit(n *ast.Node) {
	nt := (*n).Nature()
	if nt.TypeData != nil || nt.Ref != nil {
		v.kept++
		v.t.Errorf("%s: %s keeps the checker's type data", v.rule, (*n).String())
	}
}

// A compiled rule set keeps its programs' trees without the checker's
// caches, but with their types.
func TestProgramsShedTypes(t *testing.T) {
	rs, err := Default()
	require.NoError(t, err)
	walked := 0
	walk := func(rule string, p *vm.Program) {
		if p == nil {
			return
		}
		walked++
		root := p.Node()
		ast.Walk(&root, &natureCheck{t: t, rule: rule})
	}
	for _, r := range rs.rules {
		walk(r.ID, r.when)
		walk(r.ID, r.occurrence)
		for _, ev := range r.evidence {
			walk(r.ID, ev.prog)
		}
	}
	assert.Greater(t, walked, 150)
	// types stay: the evidence of P2.commitment.overdue is an int
	for _, r := range rs.rules {
		if r.ID == "P2.commitment.overdue" {
			assert.Equal(t, "int", r.evidence[0].prog.Node().Type().String())
		}
	}
}
