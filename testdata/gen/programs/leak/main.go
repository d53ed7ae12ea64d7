// Command leak leaks goroutines and prints the goroutineleak profile
// (Go 1.26 with GOEXPERIMENT=goroutineleakprofile, Go 1.27 by default).
// Usage: leak SCENARIO   (scenario: pprof1, pprof2, panic)
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"time"
)

var live = make(chan int)

//go:noinline
func leaky() {
	ch := make(chan int)
	go func() { ch <- 1 }() // nobody will ever receive: leaked
}

//go:noinline
func leakyRecv() {
	ch := make(chan string)
	go func() { <-ch }()
}

func main() {
	if len(os.Args) < 2 {
		fmt.Println("usage: leak SCENARIO")
		os.Exit(64)
	}
	leaky()
	leakyRecv()
	go func() { <-live }() // blocked, but the channel is reachable: not leaked
	time.Sleep(50 * time.Millisecond)
	runtime.GC()
	p := pprof.Lookup("goroutineleak")
	if p == nil {
		fmt.Println("no goroutineleak profile in this toolchain")
		os.Exit(3)
	}
	switch os.Args[1] {
	case "pprof1":
		p.WriteTo(os.Stdout, 1)
	case "pprof2":
		p.WriteTo(os.Stdout, 2)
	case "panic":
		p.WriteTo(os.Stdout, 2)
		fmt.Println("--- now panicking ---")
		panic("panic after leak detection")
	default:
		fmt.Println("unknown scenario", os.Args[1])
		os.Exit(64)
	}
}
