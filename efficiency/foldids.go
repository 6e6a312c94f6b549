package efficiency

import (
	"slices"
	"unicode/utf8"
)

// FoldIDs returns f with every identifier folded by [FoldWidth]: the
// subjects' ids and the ids they refer to (a case's unit, applicant,
// officials and responsible official, its events' official, to and
// approved_by; an order's issuer and assignee; a complaint's official, unit
// and case; an official's unit). Identifiers typed on a Chinese input method
// (ＵＮＩＴ-１) then join the subjects they name (UNIT-1): a case finds its
// unit, a complaint its official.
//
// It returns f itself when no identifier needs folding (no copy is made);
// otherwise a copy, leaving f untouched. A string that is not valid UTF-8 is
// left as it is, for [Case.Validate] and the others to report. The rules
// engine and accountability.Ladder.Decide call it on every batch; callers
// joining facts themselves should too.
func FoldIDs(f *Facts) *Facts {
	if f == nil {
		return nil
	}
	if asciiIDs(f) {
		return f // ASCII has nothing to fold (see FoldWidth)
	}
	needs := false
	walkIDs(f, func(s *string) {
		needs = needs || foldable(*s)
	})
	if !needs {
		return f
	}
	out := &Facts{
		Cases:      slices.Clone(f.Cases),
		Orders:     slices.Clone(f.Orders),
		Complaints: slices.Clone(f.Complaints),
		Units:      slices.Clone(f.Units),
		Officials:  slices.Clone(f.Officials),
	}
	for i := range out.Cases {
		c := &out.Cases[i]
		c.Officials, c.Events = slices.Clone(c.Officials), slices.Clone(c.Events)
	}
	walkIDs(out, func(s *string) {
		if foldable(*s) {
			*s = FoldWidth(*s)
		}
	})
	return out
}

func foldable(s string) bool {
	return FoldWidth(s) != s && utf8.ValidString(s)
}

// asciiIDs reports whether every identifier walkIDs visits is ASCII, so
// that none needs folding. It reads the same fields as walkIDs (a test holds
// it to that), directly and without a call per id: most batches are ASCII
// and this is all FoldIDs does for them.
func asciiIDs(f *Facts) bool {
	var or byte // the OR of every byte of every id: ASCII while below 0x80
	for i := range f.Cases {
		c := &f.Cases[i]
		or |= orBytes(c.ID) | orBytes(c.Unit) | orBytes(c.Applicant) | orBytes(c.Responsible)
		for _, o := range c.Officials {
			or |= orBytes(o)
		}
		for j := range c.Events {
			e := &c.Events[j]
			or |= orBytes(e.Official) | orBytes(e.To) | orBytes(e.ApprovedBy)
		}
		if or >= utf8.RuneSelf {
			return false
		}
	}
	for i := range f.Orders {
		o := &f.Orders[i]
		or |= orBytes(o.ID) | orBytes(o.Issuer) | orBytes(o.Assignee)
	}
	for i := range f.Complaints {
		p := &f.Complaints[i]
		or |= orBytes(p.ID) | orBytes(p.Official) | orBytes(p.Unit) | orBytes(p.Case)
	}
	for i := range f.Units {
		or |= orBytes(f.Units[i].ID)
	}
	for i := range f.Officials {
		o := &f.Officials[i]
		or |= orBytes(o.ID) | orBytes(o.Unit)
	}
	return or < utf8.RuneSelf
}

// orBytes returns the bitwise OR of the bytes of s.
func orBytes(s string) byte {
	var or byte
	for i := 0; i < len(s); i++ {
		or |= s[i]
	}
	return or
}

// walkIDs calls visit with every identifier of f.
func walkIDs(f *Facts, visit func(*string)) {
	for i := range f.Cases {
		c := &f.Cases[i]
		visit(&c.ID)
		visit(&c.Unit)
		visit(&c.Applicant)
		visit(&c.Responsible)
		for j := range c.Officials {
			visit(&c.Officials[j])
		}
		for j := range c.Events {
			e := &c.Events[j]
			visit(&e.Official)
			visit(&e.To)
			visit(&e.ApprovedBy)
		}
	}
	for i := range f.Orders {
		o := &f.Orders[i]
		visit(&o.ID)
		visit(&o.Issuer)
		visit(&o.Assignee)
	}
	for i := range f.Complaints {
		p := &f.Complaints[i]
		visit(&p.ID)
		visit(&p.Official)
		visit(&p.Unit)
		visit(&p.Case)
	}
	for i := range f.Units {
		visit(&f.Units[i].ID)
	}
	for i := range f.Officials {
		o := &f.Officials[i]
		visit(&o.ID)
		visit(&o.Unit)
	}
}
