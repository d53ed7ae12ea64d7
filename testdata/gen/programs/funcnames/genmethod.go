//go:build go1.27

package main

type Runner struct{ n int }

// Generic method (Go 1.27+).
//
//go:noinline
func (r *Runner) Do[T any](v T, f func()) { f() }

func init() {
	viaGenericMethod = func(f func()) {
		(&Runner{}).Do[string]("x", f)
	}
}
