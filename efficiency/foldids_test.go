package efficiency

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFoldIDs(t *testing.T) {
	ascii := &Facts{Cases: []Case{{ID: "C-1", Unit: "U-1", Officials: []string{"o1"}}}, Units: []Unit{{ID: "U-1"}}}
	assert.Same(t, ascii, FoldIDs(ascii), "FoldIDs(half-width facts) makes no copy")
	assert.Nil(t, FoldIDs(nil))

	wide := &Facts{
		Cases: []Case{{ID: "Ｃ-１", Unit: "Ｕ-１", Applicant: "ａ", Responsible: "ｏ１", Officials: []string{"ｏ１", "o2"},
			Events: []Event{{Kind: Inquiry, Official: "ｏ２", To: "Ｕ-２", ApprovedBy: "ｈｅａｄ"}}}},
		Orders:     []Order{{ID: "Ｄ-１", Issuer: "ｇ", Assignee: "Ｕ-１"}},
		Complaints: []Complaint{{ID: "Ｐ-１", Official: "ｏ１", Unit: "Ｕ-１", Case: "Ｃ-１"}},
		Units:      []Unit{{ID: "Ｕ-１"}, {ID: "市甲局"}},
		Officials:  []Official{{ID: "ｏ１", Unit: "Ｕ-１"}, {ID: "bad\xff", Unit: "Ｕ\xff"}},
	}
	got := FoldIDs(wide)
	require.NotSame(t, wide, got)
	want := &Facts{
		Cases: []Case{{ID: "C-1", Unit: "U-1", Applicant: "a", Responsible: "o1", Officials: []string{"o1", "o2"},
			Events: []Event{{Kind: Inquiry, Official: "o2", To: "U-2", ApprovedBy: "head"}}}},
		Orders:     []Order{{ID: "D-1", Issuer: "g", Assignee: "U-1"}},
		Complaints: []Complaint{{ID: "P-1", Official: "o1", Unit: "U-1", Case: "C-1"}},
		Units:      []Unit{{ID: "U-1"}, {ID: "市甲局"}},
		// Invalid UTF-8 is left for Validate to report.
		Officials: []Official{{ID: "o1", Unit: "U-1"}, {ID: "bad\xff", Unit: "Ｕ\xff"}},
	}
	assert.Equal(t, want, got, "FoldIDs(full-width facts)")
	assert.Equal(t, "Ｃ-１", wide.Cases[0].ID, "FoldIDs leaves its input untouched")
	assert.Equal(t, "ｏ１", wide.Cases[0].Officials[0], "FoldIDs leaves its input's slices untouched")
	assert.Equal(t, "ｏ２", wide.Cases[0].Events[0].Official, "FoldIDs leaves its input's events untouched")
}
