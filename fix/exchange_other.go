//go:build !linux

package fix

import "errors"

var errNoExchange = errors.New("atomic exchange not supported")

// exchange is not available: swap falls back to a rename.
func exchange(a, b string) error { return errNoExchange }
