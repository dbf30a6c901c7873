package fix

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

// Change is one file to rewrite: Before is the content postlint read and
// fixed, After what it writes.
type Change struct {
	Path          string
	Before, After []byte
}

// CommitOptions say what Commit does after writing.
type CommitOptions struct {
	// Reload runs "postfix -c ConfigDir check" on the written files
	// and, when it passes, "postfix -c ConfigDir reload"; when the check
	// fails the original files are put back.
	Reload    bool
	ConfigDir string
}

// backupSuffix names the copy of a file's original content that Commit
// keeps beside it until it has succeeded: main.cf.postlint-orig.
const backupSuffix = ".postlint-orig"

// Commit writes the changes of one configuration all or none:
//
//  1. Every file must still hold its Before content, and be rewritable
//     keeping its metadata (see WriteAtomic); otherwise nothing is
//     written.
//  2. The original of each file is saved beside it (main.cf.postlint-orig,
//     mode 0600); an existing one, left by a run that failed, stops
//     Commit: it may be the only copy of the original.
//  3. The files are written one by one. When one fails, those written
//     before are put back.
//  4. With Reload, postfix check runs on the files on disk; when it
//     fails they are put back, except one that was changed meanwhile by
//     someone else, which is left alone. Postfix is reloaded when the
//     check passes.
//  5. The saved originals are removed once nothing can need them: after
//     a successful write (and reload), or once a file was put back. Every
//     error says which saved originals remain.
func Commit(changes []Change, opt CommitOptions) error {
	if len(changes) == 0 {
		return nil
	}
	c := &commit{opt: opt}
	for _, ch := range changes {
		s, err := TakeSnapshot(ch.Path)
		if err != nil {
			return err
		}
		if string(s.Content) != string(ch.Before) {
			return &changedError{ch.Path, "its content differs", false}
		}
		if _, err := readMeta(s); err != nil {
			return err
		}
		c.files = append(c.files, &committed{change: ch, read: s, backup: s.Path + backupSuffix})
	}
	if err := c.saveOriginals(); err != nil {
		return err
	}
	if err := c.write(); err != nil {
		return err
	}
	if opt.Reload {
		if err := c.reload(); err != nil {
			return err
		}
	}
	c.dropBackups(c.files)
	return nil
}

type commit struct {
	opt   CommitOptions
	files []*committed
}

// committed is the state of one file of a commit.
type committed struct {
	change  Change
	read    *Snapshot // as read
	written *Snapshot // as written; nil until then
	backup  string    // the saved original
	saved   bool      // backup exists
}

// saveOriginals writes the backups, or none.
func (c *commit) saveOriginals() error {
	for _, f := range c.files {
		if err := saveFile(f.backup, f.change.Before); err != nil {
			c.dropBackups(c.files)
			if errors.Is(err, os.ErrExist) {
				return fmt.Errorf("%s exists, left by an earlier postlint run that failed: it may hold the original of %s; compare the two, keep what is right and remove %s, then run postlint again",
					f.backup, f.read.Path, f.backup)
			}
			return fmt.Errorf("saving the original of %s: %w", f.read.Path, err)
		}
		f.saved = true
	}
	return nil
}

// saveFile creates path with data, mode 0600, synced; it fails if path
// exists.
func saveFile(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err = f.Write(data); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

// dropBackups removes the saved originals of files.
func (c *commit) dropBackups(files []*committed) {
	for _, f := range files {
		if !f.saved {
			continue
		}
		if err := os.Remove(f.backup); err == nil || errors.Is(err, os.ErrNotExist) {
			f.saved = false
		}
	}
}

// write writes every file; when one fails, it puts back those written.
func (c *commit) write() error {
	for i, f := range c.files {
		w, err := WriteAtomic(f.read, f.change.After)
		if err != nil {
			msg := err.Error()
			if i > 0 {
				msg += "; " + c.putBack(c.files[:i], "")
			}
			c.dropBackups(c.files[i:]) // not written
			return errors.New(msg + c.remaining())
		}
		f.written = w
	}
	return nil
}

// putBack writes the originals of files back where nobody changed them
// since postlint wrote them, and says what it did. why, when set, says
// why (it ends up in the sentence "... was put back (why)").
func (c *commit) putBack(files []*committed, why string) string {
	var done, left []string
	var restored []*committed
	for _, f := range files {
		if f.written == nil {
			continue
		}
		_, err := WriteAtomic(f.written, f.change.Before)
		switch {
		case err == nil:
			done = append(done, f.read.Path)
			restored = append(restored, f)
		case errors.Is(err, ErrChanged):
			left = append(left, fmt.Sprintf("%s was changed by someone else after postlint wrote it, so it was left as it is", f.read.Path))
		default:
			left = append(left, fmt.Sprintf("putting back %s failed: %v", f.read.Path, err))
		}
	}
	c.dropBackups(restored)
	var parts []string
	if len(done) > 0 {
		s := done[0] + " was put back as it was"
		if len(done) > 1 {
			s = strings.Join(done, " and ") + " were put back as they were"
		}
		if why != "" {
			s += " (" + why + ")"
		}
		parts = append(parts, s)
	}
	parts = append(parts, left...)
	return strings.Join(parts, "; ")
}

// remaining names the saved originals that are still there, for the end
// of an error message.
func (c *commit) remaining() string {
	var names []string
	for _, f := range c.files {
		if f.saved {
			names = append(names, f.backup)
		}
	}
	if len(names) == 0 {
		return ""
	}
	return "; the original content is saved in " + strings.Join(names, " and ")
}

// reload checks the files on disk with postfix check and reloads; a
// failed check puts the originals back.
func (c *commit) reload() error {
	dir := c.opt.ConfigDir
	// postfix check reads the files on disk: they must be the ones
	// written.
	for _, f := range c.files {
		if err := sameAs(f.written.Path, f.written); err != nil {
			return fmt.Errorf("%s changed after postlint wrote it (%v): neither checked nor reloaded%s", f.written.Path, err, c.remaining())
		}
	}
	out, err := runPostfix(dir, "check")
	if err != nil {
		msg := fmt.Sprintf("postfix -c %s check failed (%v): %s", dir, err, oneLine(out))
		if back := c.putBack(c.files, "Postfix was not reloaded"); back != "" {
			msg += "; " + back
		}
		return errors.New(msg + c.remaining())
	}
	if out, err := runPostfix(dir, "reload"); err != nil {
		why := fmt.Sprintf("postfix -c %s reload failed (%v): %s", dir, err, oneLine(out))
		if _, serr := runPostfix(dir, "status"); serr != nil {
			// "postfix status" fails when no master runs for dir.
			why = fmt.Sprintf("Postfix is not running for %s (postfix -c %s status fails), so it was not reloaded; the fixed files take effect when it starts (postfix -c %s start)", dir, dir, dir)
		}
		return &ReloadError{Written: true, msg: why + "; the fixed files passed postfix check and stay" + c.remaining()}
	}
	return nil
}
