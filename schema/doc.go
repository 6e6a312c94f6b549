// Package schema holds rules.schema.json, the JSON Schema of the rule-file
// format for editors with YAML support (completion and validation as you
// type), and the test that keeps it in agreement with the loader. It is a
// separate module so that the validator, a test-only dependency, stays out
// of the library's go.mod.
package schema
