package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/xiaoneng/xiaoneng/efficiency"
	"github.com/xiaoneng/xiaoneng/rules"
)

// The facts stream: JSON Lines, one subject per line, named by its kind:
//
//	{"unit": {...}}
//	{"official": {...}}
//	{"case": {...}}
//	{"order": {...}}
//	{"complaint": {...}}
//
// Blank lines and lines starting with # are skipped. Units and officials
// are context for the others: put them first. A bad line (not JSON, not
// one subject, invalid facts) is reported on stderr with its line number
// and the rest is processed; the exit code is then 2.

// chunkSize is how many subjects are evaluated together.
const chunkSize = 1000

type factLine struct {
	Case      *efficiency.Case      `json:"case"`
	Order     *efficiency.Order     `json:"order"`
	Complaint *efficiency.Complaint `json:"complaint"`
	Unit      *efficiency.Unit      `json:"unit"`
	Official  *efficiency.Official  `json:"official"`
}

// factReader reads the stream in chunks.
type factReader struct {
	name   string
	r      *bufio.Reader
	line   int
	bad    int
	stderr io.Writer
	c      *common
}

func openFacts(name string, stdin io.Reader) (io.Reader, func(), error) {
	if name == "-" {
		return stdin, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { f.Close() }, nil
}

func (fr *factReader) badLine(format string, args ...any) {
	fr.bad++
	fmt.Fprintf(fr.stderr, "%s:%d: %s\n", fr.name, fr.line, fmt.Sprintf(format, args...))
}

var unknownFieldRE = regexp.MustCompile(`^json: unknown field (".*")$`)

// badLineIn reports a bad line in the chosen language.
func (fr *factReader) badLineIn(zh, en string, args ...any) {
	if fr.c.zh() {
		fr.badLine(zh, args...)
	} else {
		fr.badLine(en, args...)
	}
}

// next reads up to chunkSize subjects; it returns nil at the end.
func (fr *factReader) next() (*efficiency.Facts, error) {
	f := &efficiency.Facts{}
	n := 0
	for n < chunkSize {
		raw, err := fr.r.ReadBytes('\n')
		if len(raw) == 0 && errors.Is(err, io.EOF) {
			break
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, err
		}
		fr.line++
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 || raw[0] == '#' {
			continue
		}
		var l factLine
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&l); err != nil {
			var syntax *json.SyntaxError
			if errors.As(err, &syntax) || errors.Is(err, io.ErrUnexpectedEOF) {
				fr.badLineIn("JSON 无效：%v", "invalid JSON: %v", err)
			} else if m := unknownFieldRE.FindStringSubmatch(err.Error()); m != nil {
				fr.badLineIn("未知字段 %s", "unknown field %s", m[1])
			} else {
				fr.badLineIn("无法解码：%s", "%s", strings.TrimPrefix(err.Error(), "json: "))
			}
			continue
		}
		if dec.More() {
			fr.badLineIn("每行只能有一个 JSON 对象", "one JSON object per line")
			continue
		}
		var errs []efficiency.FactError
		kinds := 0
		if l.Case != nil {
			kinds++
			errs = l.Case.Validate()
		}
		if l.Order != nil {
			kinds++
			errs = l.Order.Validate()
		}
		if l.Complaint != nil {
			kinds++
			errs = l.Complaint.Validate()
		}
		if l.Unit != nil {
			kinds++
			errs = l.Unit.Validate()
		}
		if l.Official != nil {
			kinds++
			errs = l.Official.Validate()
		}
		if kinds != 1 {
			fr.badLineIn(`每行恰好一个对象，如 {"case": {...}}（类型：case、order、complaint、unit、official）`,
				`a line holds exactly one subject, such as {"case": {...}} (kinds: case, order, complaint, unit, official)`)
			continue
		}
		if len(errs) > 0 {
			msgs := make([]string, len(errs))
			for i, e := range errs {
				field := ""
				if e.Field != "" {
					field = e.Field + ": "
				}
				msgs[i] = field + e.Message.In(fr.c.tag)
			}
			fr.badLine("%s %s: %s", errs[0].Subject.Kind, errs[0].Subject.ID, strings.Join(msgs, "; "))
			continue
		}
		switch {
		case l.Case != nil:
			f.Cases = append(f.Cases, *l.Case)
		case l.Order != nil:
			f.Orders = append(f.Orders, *l.Order)
		case l.Complaint != nil:
			f.Complaints = append(f.Complaints, *l.Complaint)
		case l.Unit != nil:
			f.Units = append(f.Units, *l.Unit)
		case l.Official != nil:
			f.Officials = append(f.Officials, *l.Official)
		}
		n++
	}
	if n == 0 {
		return nil, nil
	}
	return f, nil
}

// parseAt reads --at: RFC 3339, or a local time in the rule set's zone; empty is now.
func parseAt(s string, rs *rules.RuleSet) (time.Time, error) {
	loc := rs.Jurisdiction().Zone
	if s == "" {
		return time.Now().In(loc), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	if d, err := efficiency.ParseDate(s); err == nil {
		return d.End(loc), nil
	}
	return time.Time{}, usageErr("--at %q 无效（写作 2026-10-20T09:00:00+08:00、规则时区中的 2026-10-20T09:00，或 2026-10-20 表示当日结束）", "invalid --at %q (write 2026-10-20T09:00:00+08:00, 2026-10-20T09:00 in the rules' zone, or 2026-10-20 for the end of that day)", s)
}

// stream evaluates the facts chunk by chunk with each rule set, calling
// each with the reports of the chunk (one per rule set), then with the
// reports of Close.
func streamFacts(ctx context.Context, fr *factReader, at time.Time, sets []*rules.RuleSet, each func([]*efficiency.Report) error) error {
	streams := make([]*rules.Stream, len(sets))
	for i, rs := range sets {
		s, err := rs.NewStream(at)
		if err != nil {
			return err
		}
		streams[i] = s
	}
	reps := make([]*efficiency.Report, len(sets))
	for {
		f, err := fr.next()
		if err != nil {
			return err
		}
		if f == nil {
			break
		}
		for i, s := range streams {
			if reps[i], err = s.Add(ctx, f); err != nil {
				return err
			}
		}
		if err := each(reps); err != nil {
			return err
		}
	}
	for i, s := range streams {
		var err error
		if reps[i], err = s.Close(ctx); err != nil {
			return err
		}
	}
	return each(reps)
}
