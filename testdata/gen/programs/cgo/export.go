package main

import "C"

import "fmt"

//export goCallback
func goCallback(n C.int) {
	panic(fmt.Sprintf("panic in Go callback called from C (n=%d)", int(n)))
}
