package rules

import (
	"github.com/expr-lang/expr/vm"
)

// test reports whether r's condition holds on env, the inner step of
// evaluation: one call per rule and subject.
func (r *Rule) test(machine *vm.VM, env any) (bool, error) {
	out, err := machine.Run(r.when, env)
	if err != nil {
		return false, err
	}
	hit, _ := out.(bool)
	return hit, nil
}
