package rules

import (
	"errors"
	"fmt"
	"strings"

	"github.com/xiaoneng/xiaoneng/efficiency"
	"golang.org/x/text/language"
)

// Error is one problem in a rule file, with its position. Error() prints it
// as `file:line:col: rule "id": message`, in English; [Error.In] gives either
// language. Load and Parse return every problem at once as an [ErrorList].
type Error struct {
	File   string
	Line   int // 1-based; 0 when the problem has no position
	Column int // 1-based; 0 when only the line is known
	Rule   string
	Msg    efficiency.Text
	// Snippet is the source line with a caret under the column, for display.
	Snippet string
	// Err is the underlying error (an expr compile error, a YAML error), if any.
	Err error
}

func (e *Error) Error() string { return e.In(language.English) }

// In formats the error in the given language.
func (e *Error) In(tag language.Tag) string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	b.WriteString(": ")
	if e.Rule != "" {
		if base, _ := tag.Base(); base.String() == "en" {
			fmt.Fprintf(&b, "rule %q: ", e.Rule)
		} else {
			fmt.Fprintf(&b, "规则 %q：", e.Rule)
		}
	}
	b.WriteString(e.Msg.In(tag))
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// ErrorList is every problem found in a rule file, in file order.
type ErrorList []*Error

func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// In formats the list in the given language, one problem per line.
func (l ErrorList) In(tag language.Tag) string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.In(tag)
	}
	return strings.Join(lines, "\n")
}

// Unwrap gives errors.As and errors.Is every problem.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// Errors returns the problems in err (an [ErrorList], an [*Error] or a join of them).
func Errors(err error) []*Error {
	var l ErrorList
	if errors.As(err, &l) {
		return l
	}
	var e *Error
	if errors.As(err, &e) {
		return []*Error{e}
	}
	return nil
}
