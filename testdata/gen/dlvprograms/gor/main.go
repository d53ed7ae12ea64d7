// Command gor parks goroutines in many different states and then calls
// main.bp(), the function every Delve fixture session breaks on.
//
// Environment:
//
//	MANY=N   also start N goroutines labelled idx=0..N-1 (for "Too many groups")
//	CRASH=1  dereference nil instead of calling bp (with GOTRACEBACK=crash: core dump)
//
// The goroutines are all started by main before it blocks for the first time,
// so goroutine ids are the same from run to run (delve.sh checks this).
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/pprof"
	"strconv"
	"sync"
	"syscall"
	"time"
	"unsafe"
)

var sink interface{}

var (
	mu    sync.Mutex
	wg    sync.WaitGroup
	never = make(chan int)
)

type Point struct{ X, Y int }

type Shape interface{ Area() int }

type Rect struct{ W, H int }

func (r Rect) Area() int { return r.W * r.H }

type Pair struct {
	A int
	B int
}

// S is a generic type; with a struct type argument its methods get shape
// names like main.(*S[go.shape.struct { A int; B int }]).Get.
type S[T any] struct{ v T }

//go:noinline
func (s *S[T]) Get(c chan T) T {
	s.v = <-c
	return s.v
}

// Generic blocks on c; called with string and struct type arguments.
//
//go:noinline
func Generic[T any, U any](t T, u U, c chan int) int {
	sink = t
	sink = u
	return <-c
}

// Apply calls f with v: main.Apply[go.shape.struct { A int; B int }].
//
//go:noinline
func Apply[T any](v T, f func(T) int) int {
	return f(v)
}

type Inspector struct {
	Name  string
	Count int
}

// bp is where every session stops.
//
//go:noinline
func bp(tag string, n int) int {
	sum := len(tag) + n
	return sum
}

// Run has locals of many kinds and calls bp.
//
//go:noinline
func (in *Inspector) Run(p Pair, extra ...string) (int, error) {
	vInt := 42
	vNeg := -7
	vUint := uint64(18446744073709551615)
	vFloat := 3.14159
	vComplex := complex(1.5, -2)
	vBool := true
	vStr := "hello\tworld \"quoted\" ünïcödé"
	vLong := "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"
	vSlice := []int{1, 2, 3}
	var vNilSlice []int
	vBig := make([]int, 100)
	for i := range vBig {
		vBig[i] = i
	}
	vArr := [3]string{"a", "b", "c"}
	vMap := map[string]int{"one": 1, "two": 2}
	var vNilMap map[string]int
	vStruct := Point{X: 1, Y: 2}
	vPtr := &Point{X: 3, Y: 4}
	var vNilPtr *Point
	var vShape Shape = Rect{W: 2, H: 3}
	var vAny interface{} = 123
	vErr := errors.New("boom")
	var vNilErr error
	vWrapped := fmt.Errorf("wrapped: %w", vErr)
	vChan := make(chan int, 5)
	vChan <- 1
	var vNilChan chan int
	vFunc := bp
	captured := in.Count
	vClosure := func() int { return captured + vInt }
	vUnsafe := unsafe.Pointer(vPtr)
	vNested := map[string][]Point{"a": {{1, 2}}, "b": nil}
	vCtx := context.Background()
	r := bp(in.Name, vInt)
	sink = []interface{}{vNeg, vUint, vFloat, vComplex, vBool, vStr, vLong, vSlice,
		vNilSlice, vBig, vArr, vMap, vNilMap, vStruct, vPtr, vNilPtr, vShape, vAny,
		vErr, vNilErr, vWrapped, vChan, vNilChan, vFunc, vClosure, vUnsafe, vNested,
		vCtx, p, extra}
	return r, nil
}

// deferrer has two defers pending while the breakpoint is hit.
//
//go:noinline
func deferrer(in *Inspector) int {
	defer cleanup("first")
	defer func() { sink = recover() }()
	return Apply(Pair{A: 1, B: 2}, func(p Pair) int {
		r, _ := in.Run(p, "x", "y")
		return r
	})
}

//go:noinline
func cleanup(s string) { sink = s }

// deferWorker blocks with defers pending (goroutine N stack -defer).
//
//go:noinline
func deferWorker(c chan int) {
	defer cleanup("worker")
	defer func() { sink = recover() }()
	<-c
}

// recurse builds a deep stack and blocks at the bottom.
//
//go:noinline
func recurse(n int, c chan int) int {
	if n == 0 {
		return <-c
	}
	return recurse(n-1, c) + 1
}

//go:noinline
func spinner() {
	x := 0
	for {
		x++
		if x < 0 {
			sink = x
		}
	}
}

//go:noinline
func labeled(ctx context.Context) {
	<-never
}

//go:noinline
func grandchild(c chan int) { <-c }

//go:noinline
func child(c chan int) {
	go grandchild(c)
	<-c
}

// parent -> child -> grandchild: ancestors for stack -a.
//
//go:noinline
func parent(c chan int) {
	go child(c)
	<-c
}

func main() {
	ch := make(chan int)
	// chan receive
	go func() { <-ch }()
	// select
	go func() {
		c2 := make(chan string)
		select {
		case <-ch:
		case s := <-c2:
			sink = s
		}
	}()
	// sleep
	go func() { time.Sleep(time.Hour) }()
	// sync.Mutex
	mu.Lock()
	go func() { mu.Lock() }()
	// sync.WaitGroup
	wg.Add(1)
	go func() { wg.Wait() }()
	// busy spinner: running on a thread
	go spinner()
	// blocking read on a pipe: in a syscall, on a thread
	var fds [2]int
	if err := syscall.Pipe(fds[:]); err != nil {
		panic(err)
	}
	go func() {
		buf := make([]byte, 1)
		syscall.Read(fds[0], buf)
	}()
	// pprof labels: 2 labels, 7 labels, a quote in a value
	go pprof.Do(context.Background(), pprof.Labels("worker", "alpha", "tier", "1"), labeled)
	go pprof.Do(context.Background(), pprof.Labels("k1", "v1", "k2", "v2", "k3", "v3", "k4", "v4",
		"k5", "v5", "k6", "v6", "k7", "v7"), labeled)
	go pprof.Do(context.Background(), pprof.Labels("worker", "beta", "note", `with "quote"`), labeled)
	// deep recursion (depth > 50)
	go recurse(60, never)
	// defers pending
	go deferWorker(never)
	// generics with string and struct shapes
	go Generic("s", Pair{A: 1, B: 2}, never)
	go func() {
		s := &S[Pair]{}
		sink = s.Get(make(chan Pair))
	}()
	// nested closures
	go func() {
		func() {
			func() { <-never }()
		}()
	}()
	// identical workers at one line
	for i := 0; i < 3; i++ {
		go func() { <-never }()
	}
	// many distinct label values (MANY=N)
	if n, err := strconv.Atoi(os.Getenv("MANY")); err == nil {
		for i := 0; i < n; i++ {
			go pprof.Do(context.Background(), pprof.Labels("idx", strconv.Itoa(i)), labeled)
		}
	}
	// ancestors: parent -> child -> grandchild
	go parent(never)
	time.Sleep(100 * time.Millisecond)

	in := &Inspector{Name: "insp", Count: 5}
	if os.Getenv("CRASH") == "1" {
		var p *Point
		sink = p.X // nil dereference: SIGSEGV -> with GOTRACEBACK=crash, SIGABRT + core
	}
	sink = deferrer(in)
	fmt.Println("done")
}
