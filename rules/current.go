package rules

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"github.com/xiaoneng/xiaoneng/efficiency"
)

// Current holds the rule set a service evaluates with and lets it swap in a
// newly compiled one while evaluations run (hot reload). Each evaluation
// loads the pointer once, so it sees one whole rule set, old or new, never a
// mix. The zero value holds no rule set; Current is safe for concurrent use
// and must not be copied after first use. Most callers want [Current.Evaluate].
//
// Compile the new file first and store it only when it loaded without
// error: a broken file then never replaces a working one.
type Current struct {
	p atomic.Pointer[RuleSet]
}

// NewCurrent returns a Current holding rs.
func NewCurrent(rs *RuleSet) *Current {
	c := new(Current)
	c.Store(rs)
	return c
}

// Load returns the rule set held now (nil if none was stored).
func (c *Current) Load() *RuleSet { return c.p.Load() }

// Store replaces the rule set; evaluations already running finish with the old one.
func (c *Current) Store(rs *RuleSet) { c.p.Store(rs) }

// ErrNoRuleSet is returned by [Current.Evaluate] before any rule set was stored.
var ErrNoRuleSet = errors.New("rules: no rule set stored in Current")

// Evaluate evaluates facts with the rule set held now (see [RuleSet.Evaluate]).
func (c *Current) Evaluate(ctx context.Context, facts *efficiency.Facts, at time.Time) (*efficiency.Report, error) {
	rs := c.Load()
	if rs == nil {
		return nil, ErrNoRuleSet
	}
	return rs.Evaluate(ctx, facts, at)
}
