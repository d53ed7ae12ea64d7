//go:build go1.23

package main

import "iter"

func init() {
	coroutineHook = func() {
		seq := func(yield func(int) bool) {
			for i := 0; ; i++ {
				if !yield(i) {
					return
				}
			}
		}
		next, _ := iter.Pull(seq)
		sink = next
		next() // leaves the iterator's coroutine parked in [coroutine]
	}
}
