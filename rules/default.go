package rules

import (
	_ "embed"
)

//go:embed city.yaml
var cityYAML []byte

// DefaultFile is the name the city's default rule set reports positions under.
const DefaultFile = "city.yaml"

// DefaultSource returns the city's default rule file (embedded in the
// library), for reading or as the parent of a local file.
func DefaultSource() []byte { return append([]byte(nil), cityYAML...) }

// Default compiles the city's default rule set: a rule for every target the
// directive names under the four prohibitions and the seven systems. It is
// compiled anew on each call; keep the result and share it.
func Default(opts ...Option) (*RuleSet, error) {
	return Parse(DefaultFile, cityYAML, opts...)
}
