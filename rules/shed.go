package rules

import (
	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm"
)

// exprCompile is expr.Compile for every expression of a rule file; it
// notes each program, for shedTypes once compile has lowered them all.
func (c *compiler) exprCompile(code string, opts ...expr.Option) (*vm.Program, error) {
	prog, err := expr.Compile(code, opts...)
	if prog != nil {
		c.progs = append(c.progs, prog)
	}
	return prog, err
}

// shedTypes lets go of what the type checker left on a compiled program's
// syntax tree beyond each node's type and kind: the per-compilation cache
// of struct fields and method sets, and the element and result natures.
// A program keeps its tree (Program.Node) for as long as the rule set
// lives, and that cache was about half the memory a compiled default rule
// set holds. The VM never reads the tree; every analysis and lowering pass
// has run by the time compile calls this, and node.Type() still answers.
// A smaller live heap matters because the collector's pace follows it: in
// a service whose heap is mostly the rule set, every byte of it is marked
// on each cycle.
func shedTypes(p *vm.Program) {
	if p == nil {
		return
	}
	root := p.Node()
	ast.Walk(&root, shedder{})
}

type shedder struct{}

func (shedder) Visit(n *ast.Node) {
	nt := (*n).Nature()
	nt.TypeData, nt.Ref = nil, nil
}
