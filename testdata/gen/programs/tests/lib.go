// Package tests is a tiny library whose tests crash in the ways `go test`
// users see: a panicking test, a panicking subtest, a panic in a goroutine
// started by a test, and a test that times out.
package tests

import "strconv"

// Store writes into a map that may be nil.
func Store(m map[string]int, k string) { m[k] = 1 }

// Parse panics on any input: the fuzz target's crash.
func Parse(s string) int {
	panic("parse: input too long: " + strconv.Quote(s[:8]))
}
