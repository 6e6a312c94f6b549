package appraisal

import (
	"slices"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// nameOrder sorts Chinese names in pinyin order (the CLDR default collation
// for zh), then by id. A collator keeps buffers, so each sort makes its own.
type nameOrder struct{ c *collate.Collator }

func newNameOrder() nameOrder { return nameOrder{collate.New(language.SimplifiedChinese)} }

func (o nameOrder) compare(nameA, idA, nameB, idB string) int {
	if c := o.c.CompareString(nameA, nameB); c != 0 {
		return c
	}
	return cmpString(idA, idB)
}

// SortByName sorts unit ids in pinyin order of their Chinese names (names
// maps id → name; an id without a name sorts by the id itself).
func SortByName(ids []string, names func(id string) string) {
	o := newNameOrder()
	slices.SortStableFunc(ids, func(a, b string) int { return o.compare(names(a), a, names(b), b) })
}
