// Command cgo crashes inside C code, or panics in a Go callback called from C.
// Usage: cgo SCENARIO   (scenario: segv, fpe, abort, ill, callback_panic)
package main

/*
#include <stdlib.h>
#include <signal.h>

extern void goCallback(int);

static void c_segv(void) { *(volatile int *)0 = 42; }
static int c_fpe(volatile int d) { return 10 / d; }
static void c_abort(void) { abort(); }
static void c_ill(void) { __builtin_trap(); }
static void c_calls_go(int n) { goCallback(n); }
*/
import "C"

import (
	"fmt"
	"os"
)

//go:noinline
func callC(s string) {
	switch s {
	case "segv":
		C.c_segv()
	case "fpe":
		fmt.Println(C.c_fpe(0))
	case "abort":
		C.c_abort()
	case "ill":
		C.c_ill()
	case "callback_panic":
		C.c_calls_go(7)
	default:
		fmt.Println("unknown scenario", s)
		os.Exit(64)
	}
}

func main() {
	if len(os.Args) < 2 {
		fmt.Println("usage: cgo SCENARIO")
		os.Exit(64)
	}
	callC(os.Args[1])
}
