package accountability

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/xiaoneng/xiaoneng/efficiency"
)

// RecordKind says what a [Record] records. The zero value is [UnknownRecord].
type RecordKind int

// The kinds of record.
const (
	UnknownRecord RecordKind = iota
	// Accountable: a finding was decided and its party held accountable.
	Accountable
	// Exempted: a step matched the finding but an exemption prevented the
	// trigger (免予追究); recorded so the finding is not decided again.
	Exempted
	// Leadership: leaders' responsibility (领导责任) of a unit's head, for
	// the unit's record of accountable findings.
	Leadership
)

var recordKinds = []string{"", "accountable", "exempted", "leadership"}

func (k RecordKind) String() string {
	if k <= 0 || int(k) >= len(recordKinds) {
		return fmt.Sprintf("RecordKind(%d)", int(k))
	}
	return recordKinds[k]
}

// Name is the kind's name in both languages.
func (k RecordKind) Name() efficiency.Text {
	switch k {
	case Accountable:
		return efficiency.T("追究责任", "held accountable")
	case Exempted:
		return efficiency.T("免予追究", "exempted")
	case Leadership:
		return efficiency.T("领导责任", "leaders' responsibility")
	}
	return efficiency.T("未知", "unknown")
}

// MarshalText encodes the id ("accountable").
func (k RecordKind) MarshalText() ([]byte, error) {
	if k <= 0 || int(k) >= len(recordKinds) {
		return nil, fmt.Errorf("accountability: cannot encode %v", k)
	}
	return []byte(k.String()), nil
}

// UnmarshalText accepts "accountable", "exempted" or "leadership".
func (k *RecordKind) UnmarshalText(b []byte) error {
	if i := slices.Index(recordKinds, string(b)); i > 0 {
		*k = RecordKind(i)
		return nil
	}
	*k = UnknownRecord
	return fmt.Errorf("accountability: unknown record kind %q (known: accountable, exempted, leadership)", b)
}

// Record is one decision kept in a [Ledger]: who was held accountable (or
// exempted) for which findings, by which ladder step, with which measures.
// Its ID is stable, derived from the finding's id, so appending the same
// decision twice keeps one record.
type Record struct {
	ID   string     `json:"id"`
	Kind RecordKind `json:"kind"`
	At   time.Time  `json:"at"`
	// Official is the party when an official is held accountable; empty
	// when the unit itself is.
	Official string `json:"official,omitempty"`
	// Unit is the party's unit (the party itself when Official is empty).
	Unit string `json:"unit"`
	// Findings are the ids of the findings decided: one for Accountable and
	// Exempted records; for Leadership, the unit's findings counted (none,
	// when only the unit's lagging appraisal counted).
	Findings []string `json:"findings"`
	// Periods are, for Leadership over a lagging unit, the consecutive
	// appraisal periods it lagged in (后进), oldest first.
	Periods []string `json:"periods,omitempty"`
	// Severity is the decided finding's severity (zero for Leadership).
	Severity efficiency.Severity `json:"severity,omitempty"`
	// Step is the ladder step (or leaders' rule) applied.
	Step     string    `json:"step"`
	Measures []Measure `json:"measures,omitempty"`
	// Exemption is the exemption's id for an Exempted record.
	Exemption string `json:"exemption,omitempty"`
}

// Query selects records: each non-empty field must match, and a record's At
// must lie within [From, To] (a zero bound is open). The zero Query selects
// every record.
type Query struct {
	Official string // records whose Official is this
	Unit     string // records whose Unit is this (the unit's officials' records included)
	Finding  string // records whose Findings include this id
	From, To time.Time
}

// Match reports whether r is selected by q. A Ledger implementation may use
// it to filter.
func (q Query) Match(r *Record) bool {
	switch {
	case q.Official != "" && r.Official != q.Official,
		q.Unit != "" && r.Unit != q.Unit,
		q.Finding != "" && !slices.Contains(r.Findings, q.Finding),
		!q.From.IsZero() && r.At.Before(q.From),
		!q.To.IsZero() && r.At.After(q.To):
		return false
	}
	return true
}

// Ledger is the history of accountability decisions. Services persist it
// their own way (a table keyed on Record.ID will do) and check their
// implementation with accountabilitytest.TestLedger; [MemoryLedger] keeps it
// in memory. Implementations must be safe for concurrent use.
type Ledger interface {
	// Append stores r unless a record with r.ID is already stored; added
	// reports whether it was stored. A record without an ID or a time is an
	// error. Appending is what makes a decision exactly-once: of two
	// concurrent appends of the same record, one is added.
	Append(ctx context.Context, r Record) (added bool, err error)
	// Records returns the records q selects, ordered by At, then ID. The
	// caller may modify the result.
	Records(ctx context.Context, q Query) ([]Record, error)
}

// CheckRecord reports what makes r unfit for a ledger: no ID, no time or
// no unit. Ledger implementations call it in Append.
func CheckRecord(r *Record) error {
	switch {
	case r.ID == "":
		return inputErr("记录缺少标识", "a record needs an ID")
	case r.At.IsZero():
		return inputErr("记录 %q 缺少时间", "record %q has no time", r.ID)
	case r.Unit == "" && r.Official == "":
		return inputErr("记录 %q 既未指明工作人员也未指明单位", "record %q names neither an official nor a unit", r.ID)
	}
	return nil
}

// CompareRecords orders records by At, then ID.
func CompareRecords(a, b Record) int {
	return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.ID, b.ID))
}

// MemoryLedger is a [Ledger] kept in memory. The zero value is an empty
// ledger ready to use; it is safe for concurrent use. It suits tests, tools
// and services that reload their history at start.
type MemoryLedger struct {
	mu      sync.RWMutex
	records []Record
	ids     map[string]bool
}

// Append stores a copy of r unless its ID is already stored.
func (l *MemoryLedger) Append(ctx context.Context, r Record) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	if err := CheckRecord(&r); err != nil {
		return false, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ids[r.ID] {
		return false, nil
	}
	if l.ids == nil {
		l.ids = map[string]bool{}
	}
	l.ids[r.ID] = true
	l.records = append(l.records, cloneRecord(r))
	return true, nil
}

// Records returns copies of the records q selects, ordered by At, then ID.
func (l *MemoryLedger) Records(ctx context.Context, q Query) ([]Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	l.mu.RLock()
	var out []Record
	for i := range l.records {
		if q.Match(&l.records[i]) {
			out = append(out, cloneRecord(l.records[i]))
		}
	}
	l.mu.RUnlock()
	slices.SortFunc(out, CompareRecords)
	return out, nil
}

// Len returns the number of records.
func (l *MemoryLedger) Len() int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return len(l.records)
}

func cloneRecord(r Record) Record {
	r.Findings = slices.Clone(r.Findings)
	r.Measures = slices.Clone(r.Measures)
	r.Periods = slices.Clone(r.Periods)
	return r
}
