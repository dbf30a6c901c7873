package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/postlint/postlint/internal/atomicfile"
	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/format"
)

// repeated is the value of a flag that may be given several times, each
// time one value: unlike cli.StringSliceFlag it does not split values at
// commas, which file names may hold. The first Set replaces the default.
type repeated struct {
	values []string
	set    bool
}

func newRepeated(def ...string) *repeated { return &repeated{values: def} }

func (r *repeated) Set(v string) error {
	if rest, ok := strings.CutPrefix(v, serialPrefix); ok {
		// cli copying the values to the flag's other name (-f to
		// --format), which shares this value.
		var values []string
		if err := json.Unmarshal([]byte(rest), &values); err != nil {
			return err
		}
		r.values, r.set = values, true
		return nil
	}
	if !r.set {
		r.values, r.set = nil, true
	}
	r.values = append(r.values, v)
	return nil
}

func (r *repeated) String() string { return strings.Join(r.values, ", ") }

// serialPrefix starts the text of Serialize; a command-line argument
// cannot hold its NUL byte.
const serialPrefix = "\x00postlint-repeated:"

// Serialize is the value as cli copies it from one name of the flag to
// the others (cli.Serializer): without it, cli would Set the String of
// the values, adding them again as one.
func (r *repeated) Serialize() string {
	b, _ := json.Marshal(r.values)
	return serialPrefix + string(b)
}

// repeatedValues returns the values of a repeated flag.
func repeatedValues(c *cli.Context, name string) []string {
	if r, ok := c.Generic(name).(*repeated); ok {
		return r.values
	}
	return nil
}

// output is one report of a run: a format and where it goes.
type output struct {
	format string
	file   string // "" for standard output
}

// stdoutName is the --output value for standard output.
const stdoutName = "-"

// parseOutputs pairs the --format and --output flags: without --output,
// one format goes to standard output; with it, the n-th --output gets the
// n-th --format ("-" for standard output).
func parseOutputs(c *cli.Context) ([]output, error) {
	formats := repeatedValues(c, "format")
	files := repeatedValues(c, "output")
	for _, f := range formats {
		if !validFormat(f) {
			return nil, usageError{fmt.Sprintf("--format: unknown format %q (want one of %s)", f, strings.Join(format.Names, ", "))}
		}
	}
	if len(files) == 0 {
		if len(formats) > 1 {
			return nil, usageError{fmt.Sprintf("--format is given %d times: say where each goes with as many --output, in the same order (e.g. --format github --format sarif --output - --output postlint.sarif)", len(formats))}
		}
		return []output{{format: formats[0]}}, nil
	}
	if len(files) != len(formats) {
		return nil, usageError{fmt.Sprintf("%d --output for %d --format: give one --output per --format, in the same order (\"-\" is standard output)", len(files), len(formats))}
	}
	var outs []output
	seen := map[string]bool{}
	for i, file := range files {
		key := file
		switch file {
		case "":
			return nil, usageError{"--output: empty file name (\"-\" is standard output)"}
		case stdoutName:
			file = ""
		default:
			if abs, err := filepath.Abs(file); err == nil {
				key = abs
			}
		}
		if seen[key] {
			return nil, usageError{fmt.Sprintf("--output %s is given twice", files[i])}
		}
		seen[key] = true
		outs = append(outs, output{format: formats[i], file: file})
	}
	return outs, nil
}

// textToStdout reports whether a text report goes to standard output.
func textToStdout(outs []output) bool {
	for _, o := range outs {
		if o.format == "text" && o.file == "" {
			return true
		}
	}
	return false
}

// writeOutputs writes every report. Files are written atomically: a file
// that cannot be written is left as it was, the others are still
// written, and the error names each file that failed.
func writeOutputs(stdout io.Writer, outs []output, findings []lint.Finding, opts format.Options, color colorChoice) error {
	var errs []error
	for _, o := range outs {
		opts.Color = color.forStdout && o.file == "" || color.always
		if o.file == "" {
			if err := format.WriteWith(stdout, o.format, findings, opts); err != nil {
				errs = append(errs, err)
			}
			continue
		}
		if err := writeOutputFile(o, findings, opts); err != nil {
			errs = append(errs, fmt.Errorf("--output %w", err))
		}
	}
	return errors.Join(errs...)
}

func writeOutputFile(o output, findings []lint.Finding, opts format.Options) error {
	f, err := atomicfile.Create(o.file)
	if err != nil {
		return err
	}
	if err := format.WriteWith(f, o.format, findings, opts); err != nil {
		f.Abort()
		var ae *atomicfile.Error
		if errors.As(err, &ae) {
			return err
		}
		return &atomicfile.Error{Path: o.file, Err: err}
	}
	return f.Commit()
}

// colorChoice is what --color asks for.
type colorChoice struct {
	forStdout bool // colour text on standard output
	always    bool // colour text in files too (--color always)
}
