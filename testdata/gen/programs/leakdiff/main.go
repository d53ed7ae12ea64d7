// Command leakdiff dumps all goroutines twice with a goroutine leak planted
// in between, for `gostack diff`: a handler leaks one goroutine per request
// (blocked forever on an unbuffered send), while a worker pool and a ticker
// stay the same.
// Usage: leakdiff SCENARIO   (scenario: twodumps)
package main

import (
	"fmt"
	"os"
	"runtime/pprof"
	"sync"
	"time"
)

var jobs = make(chan int)

//go:noinline
func worker(id int, wg *sync.WaitGroup) {
	wg.Done()
	for j := range jobs {
		_ = j * id
	}
}

//go:noinline
func ticker(stop chan struct{}) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	select {
	case <-t.C:
	case <-stop:
	}
}

//go:noinline
func handleRequest(n int) {
	result := make(chan int)
	go func() {
		result <- n * 2 // nobody receives: leaked
	}()
	if n%2 == 0 {
		return // the bug: the result is dropped on this path
	}
	<-result
}

func dump(title string) {
	fmt.Printf("=== %s ===\n", title)
	pprof.Lookup("goroutine").WriteTo(os.Stdout, 2)
}

func main() {
	if len(os.Args) < 2 || os.Args[1] != "twodumps" {
		fmt.Println("usage: leakdiff twodumps")
		os.Exit(64)
	}
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go worker(i, &wg)
	}
	wg.Wait()
	stop := make(chan struct{})
	go ticker(stop)
	for n := 0; n < 4; n++ {
		handleRequest(n)
	}
	time.Sleep(50 * time.Millisecond)
	dump("before")
	for n := 4; n < 44; n++ {
		handleRequest(n)
	}
	time.Sleep(50 * time.Millisecond)
	dump("after")
}
