// Package pkg lives in a directory named pkg.v2 so that its symbol names
// contain an escaped dot (pkg%2ev2).
package pkg

// Call runs f from inside this package.
//
//go:noinline
func Call(f func()) {
	func() {
		f()
	}()
}

// T has a method so that a method of a %2e package appears too.
type T struct{ N int }

//go:noinline
func (t *T) Run(f func()) { Call(f) }
