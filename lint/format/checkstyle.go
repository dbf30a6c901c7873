package format

import (
	"encoding/xml"
	"io"

	"github.com/postlint/postlint/lint"
)

// Checkstyle's XML report, as Jenkins (Warnings Next Generation, the
// checkstyle parser), SonarQube and reviewdog read it:
//
//	<checkstyle version="4.3">
//	  <file name="hosts/mx1/main.cf">
//	    <error line="15" column="13" severity="error" message="..." source="postlint.PL201"/>
//	  </file>
//	</checkstyle>
//
// Every checked file has a <file> element, with or without errors, as
// Checkstyle itself writes them. Columns count UTF-16 code units, as
// Java strings (Checkstyle's own columns) do; an unknown column is left
// out.

type checkstyleReport struct {
	XMLName xml.Name         `xml:"checkstyle"`
	Version string           `xml:"version,attr"`
	Files   []checkstyleFile `xml:"file"`
}

type checkstyleFile struct {
	Name   string            `xml:"name,attr"`
	Errors []checkstyleError `xml:"error"`
}

type checkstyleError struct {
	Line     int    `xml:"line,attr"`
	Column   int    `xml:"column,attr,omitempty"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

// checkstyleVersion is the report version Checkstyle 4.3 and later
// write, which every consumer accepts.
const checkstyleVersion = "4.3"

func checkstyle(w io.Writer, findings []lint.Finding, opts Options) error {
	cols := newColumns(opts)
	report := checkstyleReport{Version: checkstyleVersion}
	for _, g := range byFile(findings, opts.Checked) {
		file := checkstyleFile{Name: xmlText(g.name)}
		for _, f := range g.findings {
			e := checkstyleError{
				Line:     max(f.Start.Line, 1),
				Severity: f.Severity.String(), // Checkstyle's words too (it adds "ignore")
				Message:  xmlText(f.Message),
				Source:   "postlint." + xmlText(f.Rule),
			}
			if c, ok := cols.utf16(f.File, f.Start); ok && f.Start.Line > 0 {
				e.Column = c
			}
			file.Errors = append(file.Errors, e)
		}
		report.Files = append(report.Files, file)
	}
	return writeXML(w, report)
}

// writeXML writes v as an indented XML document with a declaration.
func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
