// bigdump starts N goroutines (default 100,000) in a few dozen families —
// workers blocked on channels, mutexes, condition variables, selects and
// sleeps, at several recursion depths, each with its own arguments (a
// counter, a pointer to its own object) — then writes the goroutine profile
// in debug=2 form (what /debug/pprof/goroutine?debug=2 serves) to stdout.
//
//	go run . 100000 > dump.txt
package main

import (
	"os"
	"runtime/pprof"
	"strconv"
	"sync"
	"time"
)

type job struct {
	id   int
	data [4]int
}

var (
	block   = make(chan struct{})
	sendTo  = make(chan *job)
	mu      sync.Mutex
	cond    = sync.NewCond(&sync.Mutex{})
	started sync.WaitGroup
)

//go:noinline
func recv(j *job, n int) {
	if n > 0 {
		recv(j, n-1)
		return
	}
	started.Done()
	<-block
}

//go:noinline
func send(j *job, n int) {
	if n > 0 {
		send(j, n-1)
		return
	}
	started.Done()
	sendTo <- j
}

//go:noinline
func lock(j *job, n int) {
	if n > 0 {
		lock(j, n-1)
		return
	}
	started.Done()
	mu.Lock()
	defer mu.Unlock()
}

//go:noinline
func wait(j *job, n int) {
	if n > 0 {
		wait(j, n-1)
		return
	}
	cond.L.Lock()
	started.Done()
	cond.Wait()
	cond.L.Unlock()
}

//go:noinline
func sel(j *job, n int) {
	if n > 0 {
		sel(j, n-1)
		return
	}
	t := time.NewTimer(time.Hour)
	started.Done()
	select {
	case <-block:
	case <-t.C:
	}
}

//go:noinline
func sleep(j *job, n int) {
	if n > 0 {
		sleep(j, n-1)
		return
	}
	started.Done()
	time.Sleep(time.Hour)
}

func main() {
	n := 100000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	mu.Lock() // lockers block
	kinds := []func(*job, int){recv, send, lock, wait, sel, sleep}
	for i := 0; i < n; i++ {
		j := &job{id: i}
		f := kinds[i%len(kinds)]
		depth := (i / len(kinds)) % 5
		started.Add(1)
		go f(j, depth)
	}
	started.Wait()
	time.Sleep(200 * time.Millisecond) // let the last ones park
	pprof.Lookup("goroutine").WriteTo(os.Stdout, 2)
}
