// Command batchgen writes rules/batch_kernels.go: the loops of the batch
// closures (rules/batch.go), one per operator and operand shape, each in a
// dense form (every subject of a span, the answer masked afterwards) and a
// sparse one (only the selected subjects). Writing them out keeps each loop
// free of indirect calls and of a switch per subject; generating them keeps
// the loops identical but for their operator.
//
// The dense loops over fields run downwards, shifting the answers in from
// the bottom of the mask (unrolling them by four measured slower). Addresses are computed as
// base plus an integer offset for each subject: no pointer is ever formed
// past the last environment (Go's rules for unsafe.Pointer, which the race
// detector's checkptr enforces).
//
// Run from rules/: go generate (see the directive in batch.go). It lives
// under cmd/ because it writes a file; the rules package does no I/O.
package main

import (
	"bytes"
	"fmt"
	"go/format"
	"log"
	"os"
	"strings"
	"text/template"
)

var ops = []string{"==", "!=", "<", ">", "<=", ">="}

// fieldKernel is a generated predicate over fields of the environment.
type fieldKernel struct {
	doc, sig string // the function's comment and signature (without "func ")
	sw       string // what the switch selects on
	cases    []fieldCase
	panicMsg string
}

// fieldCase is one closure: expr is the test of one subject, with {o}
// where its offset from the batch's base goes.
type fieldCase struct{ label, expr string }

func (k fieldKernel) write(w *bytes.Buffer) {
	// noinline: inlined into a large caller, the closures would get the
	// inliner's smaller budget for big functions and call b2u.
	fmt.Fprintf(w, "%s\n//\n//go:noinline\nfunc %s {\n", k.doc, k.sig)
	if k.sw != "" { // else a single case, without a switch
		fmt.Fprintf(w, "\tswitch %s {\n", k.sw)
	}
	for _, c := range k.cases {
		e := func(o string) string { return "b2u(" + strings.ReplaceAll(c.expr, "{o}", o) + ")" }
		body := fmt.Sprintf(`%s
		return func(b *batch, sel uint64) (t, bad uint64) {
			base, stride := b.base, b.stride
			if lo, hi, ok := denseSpan(sel); ok {
				for o, n := uintptr(hi-1)*stride, hi-lo; n > 0; n-- {
					t = t<<1 | %s
					o -= stride
				}
				return t << (lo & 63) & sel, 0
			}
			for s := sel; s != 0; s &= s - 1 {
				i := bits.TrailingZeros64(s)
				o := uintptr(i) * stride
				t |= %s << (i & 63)
			}
			return t, 0
		}
`, caseLabel(k.sw, c.label), e("o"), e("o"))
		w.WriteString(strings.TrimPrefix(body, "\n"))
	}
	if k.sw != "" {
		fmt.Fprintf(w, "\t}\n\tpanic(%s)\n", k.panicMsg)
	}
	fmt.Fprintf(w, "}\n\n")
}

func caseLabel(sw, label string) string {
	if sw == "" {
		return ""
	}
	return fmt.Sprintf("\tcase %q:", label)
}

func kernels() []fieldKernel {
	var out []fieldKernel
	cases := func(labels []string, expr func(string) string) []fieldCase {
		var cs []fieldCase
		for _, l := range labels {
			cs = append(cs, fieldCase{l, expr(l)})
		}
		return cs
	}
	read := func(typ, off string) string { return "*(*" + typ + ")(unsafe.Add(base, {o}+" + off + "))" }
	out = append(out, fieldKernel{
		doc:      "// fieldConstCmp compares a field of the environment with a constant.",
		sig:      "fieldConstCmp[T int | int64 | float64 | string](op string, off uintptr, c T) bpred",
		sw:       "op",
		cases:    cases(ops, func(op string) string { return read("T", "off") + " " + op + " c" }),
		panicMsg: `"rules: unknown comparison " + op`,
	})
	out = append(out, fieldKernel{
		doc:      "// fieldFieldCmp compares two fields of the environment.",
		sig:      "fieldFieldCmp[T int | float64 | string](op string, off1, off2 uintptr) bpred",
		sw:       "op",
		cases:    cases(ops, func(op string) string { return read("T", "off1") + " " + op + " " + read("T", "off2") }),
		panicMsg: `"rules: unknown comparison " + op`,
	})
	out = append(out, fieldKernel{
		doc:   "// boolField is a bool field of the environment.",
		sig:   "boolField(off uintptr) bpred",
		cases: []fieldCase{{"", read("bool", "off")}},
	})
	var arith []fieldCase
	for _, a := range []string{"+", "-", "*"} {
		for _, op := range ops {
			arith = append(arith, fieldCase{a + op, "int(" + read("F1", "off1") + ") " + a + " int(" + read("F2", "off2") + ") " + op + " c"})
		}
	}
	out = append(out, fieldKernel{
		doc: `// fieldsArithCmp compares int(a) op int(b) with a constant, a and b
// integer fields of the environment: one loop for a difference or a sum of
// two fields held against a threshold.`,
		sig:      "fieldsArithCmp[F1, F2 int | int64 | int32](arith, op string, off1, off2 uintptr, c int) bpred",
		sw:       "arith + op",
		cases:    arith,
		panicMsg: `"rules: unknown operators " + arith + " " + op`,
	})
	arith = nil
	for _, a := range []string{"+", "-", "*", "/"} {
		for _, op := range ops {
			arith = append(arith, fieldCase{a + op, "T(" + read("F", "off") + ") " + a + " k " + op + " c"})
		}
	}
	out = append(out, fieldKernel{
		doc: `// fieldArithCmp compares x op k with a constant c, x a numeric field of the
// environment and k a constant: int arithmetic, or float when T is float64
// (an int field promoted, as expr does with a float). / is only for
// float64: expr divides integers as floats.`,
		sig:      "fieldArithCmp[F int | int64 | int32 | float64, T int | float64](arith, op string, off uintptr, k, c T) bpred",
		sw:       "arith + op",
		cases:    arith,
		panicMsg: `"rules: unknown operators " + arith + " " + op`,
	})
	out = append(out, fieldKernel{
		doc: `// fieldModCmp compares x % k with a constant c, x an integer field of the
// environment and k a constant other than 0.`,
		sig:      "fieldModCmp[F int | int64 | int32](op string, off uintptr, k, c int) bpred",
		sw:       "op",
		cases:    cases(ops, func(op string) string { return "int(" + read("F", "off") + ")%k " + op + " c" }),
		panicMsg: `"rules: unknown comparison " + op`,
	})
	out = append(out, fieldKernel{
		doc: `// fieldModPow2Cmp is fieldModCmp for k a power of two, without a
// division: Go's remainder (its sign that of x) from a mask.`,
		sig:      "fieldModPow2Cmp[F int | int64 | int32](op string, off uintptr, k, c int) bpred",
		sw:       "op",
		cases:    cases(ops, func(op string) string { return "modPow2(int(" + read("F", "off") + "), k) " + op + " c" }),
		panicMsg: `"rules: unknown comparison " + op`,
	})
	return out
}

const src = `// Code generated by cmd/internal/batchgen; DO NOT EDIT.

package rules

import (
	"math/bits"
	"unsafe"
)

// colConstCmp compares a column with a constant.
func colConstCmp[T int | float64](op string, x bcol[T], c T) bpred {
	switch op {
{{- range .Ops}}
	case "{{.}}":
		return func(b *batch, sel uint64) (t, bad uint64) {
			col, bad := x(b, sel)
			ok := sel &^ bad
			if lo, hi, dense := denseSpan(ok); dense {
				for i := hi - 1; i >= lo; i-- {
					t = t<<1 | b2u(col[i&63] {{.}} c)
				}
				return t << (lo & 63) & ok, bad
			}
			for s := ok; s != 0; s &= s - 1 {
				i := bits.TrailingZeros64(s)
				t |= b2u(col[i&63] {{.}} c) << (i & 63)
			}
			return t, bad
		}
{{- end}}
	}
	panic("rules: unknown comparison " + op)
}

// colCmp compares two columns. Both are computed on every selected subject,
// as the scalar closures compute both operands; a failure on either fails
// the comparison.
func colCmp[T int | float64](op string, x, y bcol[T]) bpred {
	switch op {
{{- range .Ops}}
	case "{{.}}":
		return func(b *batch, sel uint64) (t, bad uint64) {
			u, bad := x(b, sel)
			v, bad2 := y(b, sel)
			bad |= bad2
			ok := sel &^ bad
			if lo, hi, dense := denseSpan(ok); dense {
				for i := hi - 1; i >= lo; i-- {
					t = t<<1 | b2u(u[i&63] {{.}} v[i&63])
				}
				return t << (lo & 63) & ok, bad
			}
			for s := ok; s != 0; s &= s - 1 {
				i := bits.TrailingZeros64(s)
				t |= b2u(u[i&63] {{.}} v[i&63]) << (i & 63)
			}
			return t, bad
		}
{{- end}}
	}
	panic("rules: unknown comparison " + op)
}

// colArith is x op y over two columns of one type, written into slot.
func colArith[T int | float64](op string, slot func(*batch) *[batchSize]T, x, y bcol[T]) bcol[T] {
	switch op {
{{- range .Arith}}
	case "{{.}}":
		return func(b *batch, sel uint64) (*[batchSize]T, uint64) {
			u, bad := x(b, sel)
			v, bad2 := y(b, sel)
			out := slot(b)
			if lo, hi, dense := denseSpan(sel); dense {
				for i := lo; i < hi; i++ {
					out[i&63] = u[i&63] {{.}} v[i&63]
				}
			} else {
				for s := sel; s != 0; s &= s - 1 {
					i := bits.TrailingZeros64(s)
					out[i&63] = u[i&63] {{.}} v[i&63]
				}
			}
			return out, bad | bad2
		}
{{- end}}
	}
	panic("rules: unknown operator " + op)
}

// colArithConst is x op c over a column, written into slot.
func colArithConst[T int | float64](op string, slot func(*batch) *[batchSize]T, x bcol[T], c T) bcol[T] {
	switch op {
{{- range .Arith}}
	case "{{.}}":
		return func(b *batch, sel uint64) (*[batchSize]T, uint64) {
			u, bad := x(b, sel)
			out := slot(b)
			if lo, hi, dense := denseSpan(sel); dense {
				for i := lo; i < hi; i++ {
					out[i&63] = u[i&63] {{.}} c
				}
			} else {
				for s := sel; s != 0; s &= s - 1 {
					i := bits.TrailingZeros64(s)
					out[i&63] = u[i&63] {{.}} c
				}
			}
			return out, bad
		}
{{- end}}
	}
	panic("rules: unknown operator " + op)
}

`

func main() {
	t := template.Must(template.New("kernels").Parse(src))
	var b bytes.Buffer
	if err := t.Execute(&b, map[string]any{"Ops": ops, "Arith": []string{"+", "-", "*", "/"}}); err != nil {
		log.Fatal(err)
	}
	for _, k := range kernels() {
		k.write(&b)
	}
	out, err := format.Source(b.Bytes())
	if err != nil {
		log.Fatalf("formatting: %v\n%s", err, b.Bytes())
	}
	if err := os.WriteFile("batch_kernels.go", out, 0o644); err != nil {
		log.Fatal(err)
	}
}
