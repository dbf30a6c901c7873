// Package brackets matches the braces and parentheses of Postfix macro
// references (${...}, $(...)) in one pass over a value, so that finding
// the closing bracket of every level of a deeply nested value costs
// linear time instead of a scan per level.
package brackets
