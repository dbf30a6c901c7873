// Package host asks the installed Postfix about itself: where its
// configuration lives and which version it is.
package host

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"github.com/postlint/postlint/lint/postfix"
)

// DefaultConfigDir is Postfix's usual configuration directory.
const DefaultConfigDir = "/etc/postfix"

// Postconf finds the postconf command, or "" when Postfix is not installed.
func Postconf() string {
	if p, err := exec.LookPath("postconf"); err == nil {
		return p
	}
	for _, p := range []string{"/usr/sbin/postconf", "/usr/local/sbin/postconf"} {
		if _, err := exec.LookPath(p); err == nil {
			return p
		}
	}
	return ""
}

func query(name string) (string, error) {
	pc := Postconf()
	if pc == "" {
		return "", errors.New("postconf not found: Postfix is not installed")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, pc, "-h", name).Output()
	if err != nil {
		return "", fmt.Errorf("%s -h %s: %w", pc, name, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// ConfigDir returns the host's Postfix configuration directory, falling
// back to /etc/postfix when postconf is not available.
func ConfigDir() string {
	if dir, err := query("config_directory"); err == nil && dir != "" {
		return dir
	}
	return DefaultConfigDir
}

// Version returns the installed Postfix version (postconf -h mail_version).
func Version() (postfix.Version, error) {
	s, err := query("mail_version")
	if err != nil {
		return postfix.Version{}, err
	}
	return postfix.ParseVersion(s)
}
