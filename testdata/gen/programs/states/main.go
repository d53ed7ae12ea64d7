// Command states parks goroutines in many different wait states and then
// panics (scenario panic, goroutinepanic, panic_busy) or waits for a signal
// (scenario wait, minutes) after printing READY.
// Usage: states SCENARIO
package main

import (
	"fmt"
	"net"
	"os"
	"runtime"
	"sync"
	"syscall"
	"time"
)

var sink interface{}

type Box[T any] struct {
	ch chan T
}

//go:noinline
func (b *Box[T]) Wait() T { return <-b.ch }

//go:noinline
func Map[T, U any](in []T, f func(T) U) []U {
	out := make([]U, 0, len(in))
	for _, v := range in {
		out = append(out, f(v))
	}
	return out
}

type Worker struct{ c chan int }

//go:noinline
func (w *Worker) Loop() {
	for v := range w.c {
		sink = v
	}
}

func recvInlined(c chan int) int { return <-c }

var coroutineHook func()

var (
	mu    sync.Mutex
	rw    sync.RWMutex
	wg    sync.WaitGroup
	cond  = sync.NewCond(&sync.Mutex{})
	never = make(chan int)
)

func startAll() {
	go func() { <-make(chan int) }()       // chan receive
	go func() { make(chan int) <- 1 }()    // chan send
	go func() { var c chan int; <-c }()    // chan receive (nil chan)
	go func() { var c chan int; c <- 1 }() // chan send (nil chan)
	go func() {
		c := make(chan int)
		select {
		case <-c:
		case c <- 2:
		}
	}() // select
	go func() { select {} }()             // select (no cases)
	go func() { time.Sleep(time.Hour) }() // sleep
	mu.Lock()
	go func() { mu.Lock() }() // sync.Mutex.Lock
	rw.Lock()
	go func() { rw.RLock() }() // sync.RWMutex.RLock
	go func() { rw.Lock() }()  // sync.RWMutex.Lock
	wg.Add(1)
	go func() { wg.Wait() }() // sync.WaitGroup.Wait
	go func() {
		cond.L.Lock()
		cond.Wait() // sync.Cond.Wait
	}()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go func() {
		ln.Accept()
		ln.Accept() // IO wait (accept)
	}()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		panic(err)
	}
	go func() { buf := make([]byte, 1); conn.Read(buf) }() // IO wait (read)
	p1, _ := net.Pipe()
	go func() { buf := make([]byte, 1); p1.Read(buf) }() // net.Pipe: select
	var fds [2]int
	if err := syscall.Pipe(fds[:]); err != nil {
		panic(err)
	}
	go func() { buf := make([]byte, 1); syscall.Read(fds[0], buf) }() // syscall
	go func() {
		runtime.LockOSThread()
		<-never // locked to thread
	}()
	b := &Box[string]{ch: make(chan string)}
	go func() { sink = b.Wait() }() // generic method
	go func() {
		sink = Map([]int{1}, func(int) string { return <-make(chan string) }) // generic func
	}()
	w := &Worker{c: make(chan int)}
	go w.Loop() // method value / go wrapper
	loop := w.Loop
	go func() { loop() }()
	go func() {
		func() {
			func() { <-never }() // nested closures
		}()
	}()
	go func() { sink = recvInlined(make(chan int)) }() // inlined frame
	go func() {
		t := time.NewTicker(time.Hour)
		<-t.C
	}()
	if coroutineHook != nil {
		coroutineHook()
	}
	time.Sleep(200 * time.Millisecond)
}

//go:noinline
func busy() {
	x := 0
	for {
		x++
	}
}

func main() {
	if len(os.Args) < 2 {
		fmt.Println("usage: states SCENARIO")
		os.Exit(64)
	}
	startAll()
	switch os.Args[1] {
	case "panic":
		panic("states: panic with many parked goroutines")
	case "panic_busy":
		go busy()
		time.Sleep(100 * time.Millisecond)
		panic("states: panic while a goroutine is busy")
	case "goroutinepanic":
		go func() { panic("states: panic in a goroutine") }()
		time.Sleep(time.Hour)
	case "wait":
		fmt.Println("READY")
		time.Sleep(time.Hour)
	case "wait_busy":
		go busy()
		time.Sleep(100 * time.Millisecond)
		fmt.Println("READY")
		time.Sleep(time.Hour)
	case "minutes":
		runtime.GC() // the first GC records its start time in work.tstart,
		runtime.GC() // the second copies it into waitsince of parked goroutines
		fmt.Println("READY")
		time.Sleep(time.Hour)
	default:
		fmt.Println("unknown scenario", os.Args[1])
		os.Exit(64)
	}
}
