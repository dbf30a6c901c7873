package syntax

import (
	"bufio"
	"io"
)

// Print writes the file back from its tree. For every parsed file the
// output equals the source byte for byte.
func Print(w io.Writer, f *File) error {
	bw := bufio.NewWriter(w)
	for _, n := range f.Nodes {
		for _, l := range n.PhysLines() {
			if _, err := bw.Write(f.Src[l.Start:l.End]); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}

// Bytes returns the printed file.
func (f *File) Bytes() []byte {
	b := make([]byte, 0, len(f.Src))
	for _, n := range f.Nodes {
		for _, l := range n.PhysLines() {
			b = append(b, f.Src[l.Start:l.End]...)
		}
	}
	return b
}
