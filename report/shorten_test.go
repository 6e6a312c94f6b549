package report

import "testing"

func TestShorten(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  string
	}{
		{"Findings", 56, "Findings"}, // 8 × 7 fits exactly
		{"Findings!", 56, "Findin…"}, // one word: cut inside it
		{"S6 Accountability for administrative faults", 248, "S6 Accountability for…"},
		{"Law enforcement improved; ability to resolve social conflicts stronger", 408, "Law enforcement improved; ability to resolve social…"},
		{"决策科学民主、政务公开、公众参与渠道畅通", 260, "决策科学民主、政务公开、公众参与渠道畅通"}, // 20 × 13
		{"决策科学民主、政务公开、公众参与渠道畅通", 130, "决策科学民主、政务…"},
		{"", 10, ""},
	}
	for _, tt := range tests {
		if got := shorten(tt.in, tt.width); got != tt.want {
			t.Errorf("shorten(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
	}
}
