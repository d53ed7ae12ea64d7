//go:build go1.23

package main

func seq(yield func(int) bool) {
	for i := 0; i < 1; i++ {
		if !yield(i) {
			return
		}
	}
}

func init() {
	viaRange = func(f func()) {
		for range seq {
			f()
		}
	}
}
