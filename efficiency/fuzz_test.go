package efficiency

import (
	"encoding/json"
	"testing"
)

// FuzzFacts: any JSON either fails to decode or decodes into facts that
// Validate checks without a panic, each problem naming a subject of a known
// kind, a field and why in both languages; and validating again after a
// JSON round trip finds the same problems.
func FuzzFacts(f *testing.F) {
	f.Add([]byte(`{"cases":[{"id":"c","unit":"u","matter":{"code":"m","statutory_days":20},"events":[{"kind":"receipt","at":"2026-09-30T09:00:00+08:00"}]}]}`))
	f.Add([]byte(`{"cases":[{"id":"ＣＡＳＥ－１","unit":"u","matter":{"code":"m"},"events":[{"kind":"fee","at":"2026-10-01T00:00:00Z","amount_fen":9223372036854775807},{"kind":"fee","at":"2026-10-01T00:00:00Z","amount_fen":9223372036854775807}]}]}`))
	f.Add([]byte(`{"orders":[{"id":"o","assignee":"u","issued":"2030-01-01T00:00:00Z","due":"2020-01-01T00:00:00Z","ack_days":-3}]}`))
	f.Add([]byte(`{"complaints":[{"id":"p","channel":"12345","category":"attitude","received":"0001-01-01T00:00:00Z","verification":"verified"}],"units":[{"id":"u","kind":"x","on_time_target":2}],"officials":[{"id":"\u0000"}]}`))
	f.Add([]byte(`{"cases":[{"id":"c","unit":"u","matter":{"code":"m"},"events":[{"kind":"completion","at":"2026-10-02T00:00:00Z"},{"kind":"receipt","at":"2026-10-01T00:00:00Z"},{"kind":"extension","at":"2026-10-03T00:00:00Z","days":99999999}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var facts Facts
		if json.Unmarshal(data, &facts) != nil {
			return
		}
		errs := facts.Validate()
		for _, e := range errs {
			if !e.Subject.Kind.Valid() || e.Field == "" || e.Message.ZhHans == "" || e.Message.En == "" {
				t.Fatalf("malformed fact error %#v", e)
			}
		}
		out, err := json.Marshal(&facts)
		if err != nil {
			return // a time outside what JSON can carry (year > 9999) stays unmarshalable
		}
		var again Facts
		if err := json.Unmarshal(out, &again); err != nil {
			t.Fatalf("facts do not survive a round trip: %v\n%s", err, out)
		}
		if n := len(again.Validate()); n != len(errs) {
			t.Fatalf("Validate found %d problems before a round trip and %d after", len(errs), n)
		}
	})
}
