// Command xiaoneng checks, tests and runs rule files of the xiaoneng library
// (效能) — the tool a county or a unit uses before deploying its rules:
//
//	xiaoneng check FILE...                      load and validate rule files
//	xiaoneng test [--run RE] [--min-coverage N] [--junit FILE] FILE...
//	                                            run rule tests (NAME_test.yaml)
//	xiaoneng eval --rules FILE --facts FILE.jsonl|- [--at TIME] [--fail-on SEVERITY]
//	                                            findings for streamed facts
//	xiaoneng diff --old A.yaml --new B.yaml --facts FILE.jsonl [--at TIME]
//	                                            what a rule change adds and removes
//	xiaoneng rules [FILE]                       the rules in force, with provenance
//	xiaoneng report --rules FILE --facts FILE.jsonl --period 2026-10 --out report.html [--at TIME]
//	                                            the appraisal report as a self-contained HTML page
//
// Every command takes --lang zh-Hans|en (default zh-Hans) and --format
// text|json (eval: table|json). Exit codes: 0 ok, 1 findings at or above
// --fail-on or failed tests, 2 bad usage or invalid input. Output goes to
// stdout, problems to stderr.
package main

import (
	"errors"
	"flag"
	"fmt"
	"github.com/xiaoneng/xiaoneng/efficiency"
	"io"
	iofs "io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/text/language"

	"github.com/xiaoneng/xiaoneng/rules"
)

// Exit codes.
const (
	exitOK       = 0
	exitFindings = 1 // findings at or above --fail-on, or failed tests
	exitInvalid  = 2 // bad usage or invalid input
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

const usage = `usage: xiaoneng COMMAND [flags] [args]

commands:
  check FILE...                 load and validate rule files; every problem as file:line:col
  test [--run RE] [--min-coverage N] [--junit FILE] FILE...
                                run rule tests (FILE is NAME_test.yaml or the rule file NAME.yaml)
  eval --rules FILE --facts FILE.jsonl|- [--at TIME] [--format table|json] [--fail-on SEVERITY]
                                evaluate facts, one subject per line: {"case": {...}}
  diff --old A.yaml --new B.yaml --facts FILE.jsonl|- [--at TIME]
                                which findings a rule change adds and removes, per rule
  rules [FILE]                  list the rules in force (default: the city's embedded rules)
  report --rules FILE --facts FILE.jsonl|- --period 2026-10 --out report.html [--at TIME]
                                the period's appraisal ranking, trend and accountability as an HTML page

common flags: --lang zh-Hans|en (default zh-Hans), --format text|json
exit codes: 0 ok, 1 findings (eval --fail-on) or failed tests, 2 bad usage or invalid input
`

// usageError is bad usage: exit 2 with the usage hint, in the language of --lang.
type usageError struct{ msg efficiency.Text }

func (e *usageError) Error() string { return e.msg.En }

// usageErr formats a usage error in both languages from the same arguments.
func usageErr(zh, en string, args ...any) *usageError {
	return &usageError{efficiency.T(fmt.Sprintf(zh, args...), fmt.Sprintf(en, args...))}
}

// langOf reads --lang from the arguments before the command has parsed
// them, so that even bad usage is reported in the language asked for.
func langOf(args []string) language.Tag {
	for i, a := range args {
		v, ok := "", false
		switch {
		case a == "--lang" || a == "-lang":
			if i+1 < len(args) {
				v, ok = args[i+1], true
			}
		case strings.HasPrefix(a, "--lang="):
			v, ok = strings.TrimPrefix(a, "--lang="), true
		case strings.HasPrefix(a, "-lang="):
			v, ok = strings.TrimPrefix(a, "-lang="), true
		}
		if ok && v == "en" {
			return language.English
		}
	}
	return language.SimplifiedChinese
}

// exitError carries an exit code whose message was already printed.
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, usage)
		if len(args) == 0 {
			return exitInvalid
		}
		return exitOK
	}
	cmds := map[string]func(args []string, stdin io.Reader, stdout, stderr io.Writer) error{
		"check": cmdCheck, "test": cmdTest, "eval": cmdEval, "diff": cmdDiff, "rules": cmdRules, "report": cmdReport,
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "xiaoneng: unknown command %q\n\n%s", args[0], usage)
		return exitInvalid
	}
	err := cmd(args[1:], stdin, stdout, stderr)
	var ue *usageError
	var ee *exitError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ee):
		return ee.code
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		if langOf(args) == language.English {
			fmt.Fprintf(stderr, "xiaoneng %s: %s\nrun 'xiaoneng %s -h' for usage\n", args[0], ue.msg.En, args[0])
		} else {
			fmt.Fprintf(stderr, "xiaoneng %s：%s\n运行 'xiaoneng %s -h' 查看用法\n", args[0], ue.msg.ZhHans, args[0])
		}
		return exitInvalid
	default:
		fmt.Fprintf(stderr, "xiaoneng %s: %v\n", args[0], err)
		return exitInvalid
	}
}

// common are the flags every command takes.
type common struct {
	lang   string
	format string
	tag    language.Tag
}

func newFlags(name string, stderr io.Writer, c *common, formats ...string) *flag.FlagSet {
	fs := flag.NewFlagSet("xiaoneng "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.lang, "lang", "zh-Hans", "language of messages: zh-Hans or en")
	fs.StringVar(&c.format, "format", formats[0], "output format: "+strings.Join(formats, " or "))
	return fs
}

// parse parses flags (anywhere among the arguments) and checks the common ones.
func (c *common) parse(fs *flag.FlagSet, args []string, formats ...string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, &exitError{exitInvalid}
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
	switch c.lang {
	case "zh-Hans", "zh":
		c.tag = language.SimplifiedChinese
	case "en":
		c.tag = language.English
	default:
		return nil, usageErr("未知的 --lang %q（可用：zh-Hans、en）", "unknown --lang %q (known: zh-Hans, en)", c.lang)
	}
	ok := false
	for _, f := range formats {
		ok = ok || f == c.format
	}
	if !ok {
		return nil, usageErr("未知的 --format %q（可用：%s）", "unknown --format %q (known: %s)", c.format, strings.Join(formats, ", "))
	}
	return rest, nil
}

func (c *common) zh() bool { return c.tag == language.SimplifiedChinese }

// fileFS returns a file system and a path in it for a file named on the
// command line: the current directory when the file is under it (so that
// positions read as the user typed them and parents resolve inside it),
// else the root.
func fileFS(name string) located {
	abs, err := filepath.Abs(name)
	if err != nil {
		return located{os.DirFS("."), filepath.ToSlash(name)}
	}
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return located{os.DirFS(wd), filepath.ToSlash(rel)}
		}
	}
	vol := filepath.VolumeName(abs)
	return located{os.DirFS(vol + string(filepath.Separator)), strings.TrimPrefix(filepath.ToSlash(abs[len(vol):]), "/")}
}

type located struct {
	fsys iofs.FS
	path string
}

// loadRules loads a rule file named on the command line ("xiaoneng:city" or
// "" for the embedded city rules).
func loadRules(name string) (*rules.RuleSet, error) {
	if name == "" || name == rules.CityParent {
		return rules.Default()
	}
	f := fileFS(name)
	return rules.Load(f.fsys, f.path)
}

// printLoadError prints a rule-file problem list with snippets, or any other error.
func printLoadError(w io.Writer, c *common, err error) {
	if errs := rules.Errors(err); len(errs) > 0 {
		for _, e := range errs {
			fmt.Fprintln(w, e.In(c.tag))
			if e.Snippet != "" {
				fmt.Fprintln(w, e.Snippet)
			}
		}
		return
	}
	fmt.Fprintln(w, err)
}
