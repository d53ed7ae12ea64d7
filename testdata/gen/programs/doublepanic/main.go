// Command doublepanic makes two goroutines panic at (almost) the same moment,
// which can produce two panic reports back to back.
// Usage: doublepanic SCENARIO   (scenario: race)
package main

import (
	"fmt"
	"os"
	"runtime"
	"sync/atomic"
	"time"
)

var gate, arrived int32

// syncErr's Error method is called by the runtime (preprintpanics) before it
// starts printing; both goroutines wait for each other there so that they
// enter the fatal panic path together.
type syncErr struct{ name string }

func (e syncErr) Error() string {
	atomic.AddInt32(&arrived, 1)
	for atomic.LoadInt32(&arrived) < 2 {
	}
	return "simultaneous panic from " + e.name
}

//go:noinline
func spinThenPanic(name string) {
	for atomic.LoadInt32(&gate) == 0 {
	}
	panic(syncErr{name})
}

func main() {
	if len(os.Args) < 2 || os.Args[1] != "race" {
		fmt.Println("usage: doublepanic race")
		os.Exit(64)
	}
	runtime.GOMAXPROCS(4)
	go spinThenPanic("goroutine A")
	go spinThenPanic("goroutine B")
	time.Sleep(20 * time.Millisecond)
	atomic.StoreInt32(&gate, 1)
	time.Sleep(time.Second)
}
