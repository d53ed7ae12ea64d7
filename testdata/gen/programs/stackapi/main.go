// Command stackapi prints stacks through the library APIs: runtime/debug.Stack,
// debug.PrintStack, runtime.Stack, the pprof goroutine profile, and goroutines
// carrying pprof labels.
// Usage: stackapi SCENARIO
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"time"
)

var block = make(chan int)

//go:noinline
func inner(f func()) { f() }

//go:noinline
func outer(f func()) { inner(f) }

func startWorkers() {
	for i := 0; i < 3; i++ {
		go func(i int) {
			outer(func() { <-block })
		}(i)
	}
	time.Sleep(50 * time.Millisecond)
}

func startLabelled() {
	labels := pprof.Labels(
		"worker", "a b",
		"quote", `say "hi"`,
		"bracket", "x]y",
		"brace", "}{",
		"plain", "abc.def/ghi_1",
		"nl", "line\nbreak",
		"utf", "h\u00e9llo",
	)
	pprof.Do(context.Background(), labels, func(ctx context.Context) {
		go func() { outer(func() { <-block }) }()
	})
	pprof.Do(context.Background(), pprof.Labels("simple", "value"), func(ctx context.Context) {
		go func() { outer(func() { <-block }) }()
	})
	time.Sleep(50 * time.Millisecond)
}

func main() {
	if len(os.Args) < 2 {
		fmt.Println("usage: stackapi SCENARIO")
		os.Exit(64)
	}
	switch os.Args[1] {
	case "debugstack":
		outer(func() { os.Stdout.Write(debug.Stack()) })
	case "printstack":
		outer(debug.PrintStack)
	case "stack_single":
		outer(func() {
			buf := make([]byte, 1<<16)
			n := runtime.Stack(buf, false)
			os.Stdout.Write(buf[:n])
		})
	case "stack_all":
		startWorkers()
		outer(func() {
			buf := make([]byte, 1<<20)
			n := runtime.Stack(buf, true)
			os.Stdout.Write(buf[:n])
		})
	case "stack_small":
		startWorkers()
		outer(func() {
			buf := make([]byte, 300)
			n := runtime.Stack(buf, true)
			os.Stdout.Write(buf[:n])
			fmt.Printf("\n[runtime.Stack returned %d bytes]\n", n)
		})
	case "pprof1":
		startWorkers()
		pprof.Lookup("goroutine").WriteTo(os.Stdout, 1)
	case "pprof2":
		startWorkers()
		pprof.Lookup("goroutine").WriteTo(os.Stdout, 2)
	case "labels_dump":
		startLabelled()
		buf := make([]byte, 1<<20)
		n := runtime.Stack(buf, true)
		os.Stdout.Write(buf[:n])
		fmt.Println("--- pprof debug=2 ---")
		pprof.Lookup("goroutine").WriteTo(os.Stdout, 2)
	case "labels_panic":
		startLabelled()
		pprof.Do(context.Background(), pprof.Labels("request", "42"), func(ctx context.Context) {
			panic("panic in a labelled goroutine")
		})
	case "recovered_printstack":
		log.SetFlags(log.Ldate | log.Ltime)
		func() {
			defer func() {
				if r := recover(); r != nil {
					log.Printf("PANIC RECOVERED: %v", r)
					log.Println("Stacktrace from recover:")
					debug.PrintStack()
				}
			}()
			var a []int
			idx := 5
			_ = a[idx]
		}()
		log.Println("continuing after recovery")
	case "pprof1_labels":
		pprof1Labels()
	case "threadcreate1":
		threadcreate1()
	default:
		fmt.Println("unknown scenario", os.Args[1])
		os.Exit(64)
	}
}
