// Command fatals produces runtime fatal errors ("throws") and size edge cases.
// Usage: fatals SCENARIO
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"
)

var sink interface{}

func main() {
	if len(os.Args) < 2 {
		fmt.Println("usage: fatals SCENARIO")
		os.Exit(64)
	}
	s := os.Args[1]
	if strings.HasPrefix(s, "deep_panic_") {
		n, _ := strconv.Atoi(strings.TrimPrefix(s, "deep_panic_"))
		deep(n - 3) // main.main and runtime.main/goexit are the other frames
		return
	}
	run(s)
	fmt.Println("scenario returned without crashing")
}

//go:noinline
func deep(n int) int {
	if n <= 0 {
		panic(fmt.Sprintf("deep panic at the bottom"))
	}
	return deep(n-1) + 1
}

//go:noinline
func recurse(n int) int {
	var pad [128]byte
	pad[n%128] = byte(n)
	return recurse(n+1) + int(pad[(n+1)%128])
}

//go:noinline
func ancestor(level int, done chan struct{}) {
	if level == 0 {
		panic("panic in a goroutine with ancestors")
	}
	go ancestor(level-1, done)
	<-done
}

func run(s string) {
	switch s {
	case "deadlock_chan":
		c := make(chan int)
		<-c
	case "deadlock_select":
		c1, c2 := make(chan int), make(chan int)
		go func() { c2 <- <-c1 }()
		select {
		case <-c1:
		case <-c2:
		}
	case "deadlock_mutex":
		var mu sync.Mutex
		mu.Lock()
		mu.Lock()
	case "deadlock_wg":
		var wg sync.WaitGroup
		wg.Add(1)
		wg.Wait()
	case "main_goexit":
		go func() { time.Sleep(50 * time.Millisecond) }()
		runtime.Goexit()
	case "concurrent_map_writes":
		m := map[int]int{}
		for i := 0; i < 2; i++ {
			go func() {
				for j := 0; ; j++ {
					m[j%64] = j
				}
			}()
		}
		select {}
	case "concurrent_map_read_write":
		m := map[int]int{}
		go func() {
			for j := 0; ; j++ {
				m[j%64] = j
			}
		}()
		for j := 0; ; j++ {
			sink = m[j%64]
		}
	case "concurrent_map_iterate_write":
		m := map[int]int{1: 1, 2: 2, 3: 3}
		go func() {
			for j := 0; ; j++ {
				m[j%64] = j
			}
		}()
		for {
			for k := range m {
				sink = k
			}
		}
	case "unlock_unlocked":
		var mu sync.Mutex
		mu.Unlock()
	case "stack_overflow":
		recurse(0)
	case "stack_overflow_maxstack":
		debug.SetMaxStack(256 << 10)
		recurse(0)
	case "stack_overflow_goroutine":
		go func() { recurse(0) }()
		select {}
	case "ancestors":
		done := make(chan struct{})
		go ancestor(3, done)
		<-done
	case "locked_thread_panic":
		go func() {
			runtime.LockOSThread()
			panic("panic in a goroutine locked to its thread")
		}()
		select {}
	case "timer_panic":
		time.AfterFunc(10*time.Millisecond, func() {
			panic("panic inside a time.AfterFunc callback")
		})
		time.Sleep(5 * time.Second)
	case "finalizer_panic":
		type obj struct{ buf [64]byte }
		o := &obj{}
		runtime.SetFinalizer(o, func(*obj) { panic("panic in a finalizer") })
		o = nil
		for i := 0; i < 50; i++ {
			runtime.GC()
			time.Sleep(10 * time.Millisecond)
		}
	case "exit_in_defer":
		defer fmt.Println("deferred print never runs")
		os.Exit(3)
	default:
		fmt.Println("unknown scenario", s)
		os.Exit(64)
	}
}
