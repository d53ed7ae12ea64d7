// Command race contains data races for the race detector (build with -race,
// CGO_ENABLED=1).  Every race is deterministic: the racing accesses are
// ordered by time.Sleep only, which creates no happens-before edge, so the
// detector reports them on every run.
// Usage: race SCENARIO
//
//	basic             a goroutine writes, the main goroutine reads
//	two_goroutines    two goroutines race; one has finished, one is running
//	multiple          three distinct races in one run
//	map               a map written by a goroutine and read by main (runtime frames)
//	generic           races inside generic functions (shape names in the report)
//	global            a race on a package-level variable
//	heap              a race on an element of a heap-allocated slice
//	then_panic        a race report followed by a panic
package main

import (
	"fmt"
	"os"
	"sync"
	"time"
)

func pause() { time.Sleep(50 * time.Millisecond) }

//go:noinline
func writer(p *int) { *p = 1 }

//go:noinline
func reader(p *int) int { return *p }

func basic() {
	x := new(int)
	go func() {
		writer(x)
	}()
	pause()
	fmt.Println("read", reader(x))
}

func twoGoroutines() {
	x := new(int)
	go func() {
		writer(x)
	}()
	pause()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		fmt.Println("read", reader(x))
	}()
	wg.Wait()
}

type counters struct {
	hits   int
	misses int
	name   string
}

//go:noinline
func (c *counters) update() {
	c.hits++
	c.misses++
	c.name = "updated"
}

func multiple() {
	c := &counters{}
	go func() {
		c.update()
	}()
	pause()
	fmt.Println("hits", c.hits)
	fmt.Println("misses", c.misses)
	c.name = "main"
}

func mapRace() {
	m := map[string]int{}
	go func() {
		m["key"] = 1
	}()
	pause()
	fmt.Println("value", m["key"])
}

type pair struct {
	n int
	s string
}

//go:noinline
func store[T any](p *T, v T) { *p = v }

//go:noinline
func load[T any](p *T) T { return *p }

func generic() {
	i := new(int)
	p := new(pair)
	go func() {
		store(i, 42)
		store(p, pair{1, "one"})
	}()
	pause()
	fmt.Println(load(i), load(p))
}

var globalCounter int

//go:noinline
func bump() { globalCounter++ }

func global() {
	go func() {
		bump()
	}()
	pause()
	fmt.Println("global", globalCounter)
}

func heap() {
	buf := make([]byte, 100)
	go func() {
		buf[10] = 'x'
	}()
	pause()
	fmt.Println("heap", buf[10])
}

func main() {
	if len(os.Args) < 2 {
		fmt.Println("usage: race SCENARIO")
		os.Exit(64)
	}
	switch os.Args[1] {
	case "basic":
		basic()
	case "two_goroutines":
		twoGoroutines()
	case "multiple":
		multiple()
	case "map":
		mapRace()
	case "generic":
		generic()
	case "global":
		global()
	case "heap":
		heap()
	case "then_panic":
		basic()
		panic("panic after a data race")
	default:
		fmt.Println("unknown scenario", os.Args[1])
		os.Exit(64)
	}
}
