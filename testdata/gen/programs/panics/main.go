// Command panics produces one unrecovered panic or fatal error per scenario.
// Usage: panics SCENARIO
package main

import (
	"errors"
	"fmt"
	"log"
	"os"
	"runtime"
	"sync"
	"syscall"
	"time"
)

type MyStr string
type MyInt int
type MyFloat float64
type MyBool bool
type MyUint8 uint8
type MyComplex complex128

type Plain struct {
	A int
	B string
}

type MyErr struct{ Code int }

func (e *MyErr) Error() string { return fmt.Sprintf("my error code %d", e.Code) }

type ValErr struct{ Msg string }

func (e ValErr) Error() string { return "valerr: " + e.Msg }

type MultiErr struct{}

func (MultiErr) Error() string { return "first error line\nsecond error line" }

type BadErr struct{}

func (BadErr) Error() string { panic("Error method panicked") }

type Str struct{ N int }

func (s Str) String() string { return fmt.Sprintf("Str(%d)", s.N) }

var sink interface{}
var zero = 0
var idx = 5
var neg = -1

func main() {
	if len(os.Args) < 2 {
		fmt.Println("usage: panics SCENARIO")
		os.Exit(64)
	}
	run(os.Args[1])
	fmt.Println("scenario returned without crashing")
}

//go:noinline
func run(s string) {
	switch s {
	case "string":
		panic("something bad happened")
	case "string_empty":
		panic("")
	case "string_multiline":
		panic("line one\nline two\ngoroutine 99 [running]:\nfake.frame()")
	case "string_trailing_newline":
		panic("message with trailing newline\n")
	case "string_blank_line":
		panic("first paragraph\n\nsecond paragraph after a blank line")
	case "string_tab":
		panic("col1\tcol2 [brackets] (parens) {braces}")
	case "int":
		panic(42)
	case "negative_int":
		panic(-7)
	case "uint8":
		panic(uint8(200))
	case "uintptr":
		panic(uintptr(0xdeadbeef))
	case "float64":
		panic(3.25)
	case "float32":
		panic(float32(1.5))
	case "complex128":
		panic(complex(1.5, -2))
	case "bool":
		panic(true)
	case "custom_string":
		panic(MyStr("custom string value"))
	case "custom_string_multiline":
		panic(MyStr("custom\nmultiline"))
	case "custom_int":
		panic(MyInt(7))
	case "custom_float":
		panic(MyFloat(2.5))
	case "custom_bool":
		panic(MyBool(false))
	case "custom_uint8":
		panic(MyUint8(9))
	case "custom_complex":
		panic(MyComplex(complex(0, 1)))
	case "error_new":
		panic(errors.New("plain error from errors.New"))
	case "error_fmt_wrap":
		panic(fmt.Errorf("wrapped: %w", os.ErrNotExist))
	case "error_multiline":
		panic(MultiErr{})
	case "error_custom_ptr":
		panic(&MyErr{Code: 17})
	case "error_custom_value":
		panic(ValErr{Msg: "value receiver"})
	case "error_method_panics":
		panic(BadErr{})
	case "error_nil_ptr_method":
		var e *MyErr
		panic(e)
	case "stringer":
		panic(Str{N: 3})
	case "struct":
		panic(Plain{A: 1, B: "x"})
	case "struct_ptr":
		panic(&Plain{A: 2, B: "y"})
	case "anon_struct":
		panic(struct{ X, Y int }{1, 2})
	case "slice":
		panic([]int{1, 2, 3})
	case "map":
		panic(map[string]int{"a": 1})
	case "func":
		panic(func() {})
	case "chan":
		panic(make(chan int))
	case "nil":
		panic(nil)
	case "nil_map":
		var m map[string]int
		m["key"] = 1
	case "index":
		var a []int
		sink = a[idx]
	case "index_negative":
		a := []int{1, 2, 3}
		sink = a[neg]
	case "slice_bounds":
		a := []int{1, 2, 3}
		sink = a[1:idx]
	case "slice_bounds_3":
		a := []int{1, 2, 3}
		sink = a[1:2:idx]
	case "nilptr":
		var p *Plain
		sink = p.B
	case "nil_func":
		var f func()
		f()
	case "divide":
		sink = 10 / zero
	case "type_assert":
		var i interface{} = "a string"
		sink = i.(int)
	case "type_assert_iface":
		var i interface{} = Plain{}
		sink = i.(fmt.Stringer)
	case "type_assert_nil":
		var i interface{}
		sink = i.(string)
	case "closed_chan_send":
		c := make(chan int, 1)
		close(c)
		c <- 1
	case "close_closed":
		c := make(chan int)
		close(c)
		close(c)
	case "close_nil_chan":
		var c chan int
		close(c)
	case "unhashable":
		m := map[interface{}]int{}
		m[[]int{1}] = 1
	case "negative_shift":
		sink = 1 << neg
	case "makeslice":
		sink = make([]int, neg)
	case "negative_waitgroup":
		var wg sync.WaitGroup
		wg.Add(-1)
	case "unlock_unlocked":
		var mu sync.Mutex
		mu.Unlock()
	case "rwunlock_unlocked":
		var mu sync.RWMutex
		mu.RUnlock()
	case "value_method_nil_ptr":
		var s *Str
		var st fmt.Stringer = s
		sink = st.String()
	case "nested":
		defer func() { panic("second panic in defer") }()
		panic("first panic")
	case "nested3":
		defer func() { panic("third") }()
		defer func() { panic("second") }()
		panic("first")
	case "nested_error":
		defer func() { panic(errors.New("deferred error")) }()
		panic(MyInt(1))
	case "recovered_repanic_same":
		defer func() {
			r := recover()
			panic(r)
		}()
		panic("original panic value")
	case "recovered_repanic_different":
		defer func() {
			recover()
			panic("a different panic")
		}()
		panic("original panic value")
	case "recovered_repanic_err":
		defer func() {
			r := recover()
			panic(fmt.Errorf("re-panic: %v", r))
		}()
		sink = 10 / zero
	case "recovered_then_nested":
		defer func() { panic("outer") }()
		defer func() {
			recover()
			panic("after recover")
		}()
		panic("inner")
	case "goroutine":
		done := make(chan bool)
		go func() {
			panic("panic in a spawned goroutine")
		}()
		<-done
	case "goexit_then_panic":
		go func() {
			defer func() { panic("panic while goroutine runs Goexit") }()
			runtime.Goexit()
		}()
		time.Sleep(2 * time.Second)
	case "panic_goexit_recover":
		go func() {
			defer func() { panic("panic after Goexit cancelled a recover") }()
			defer runtime.Goexit()
			panic("first")
		}()
		time.Sleep(2 * time.Second)
	case "fatal_during_panic":
		defer func() {
			var mu sync.Mutex
			mu.Unlock()
		}()
		panic("panic that is pending when the fatal error happens")
	case "fatal_during_error_panic":
		defer func() {
			var mu sync.Mutex
			mu.Unlock()
		}()
		panic(errors.New("pending error panic"))
	case "fatal_during_recovered_panic":
		defer func() {
			recover()
			var mu sync.Mutex
			mu.Unlock()
		}()
		panic("recovered before the fatal error")
	case "fault_addr":
		b, err := syscall.Mmap(-1, 0, 4096, syscall.PROT_NONE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
		if err != nil {
			fmt.Println("mmap:", err)
			os.Exit(1)
		}
		sink = b[0]
	case "log_around":
		log.SetFlags(0)
		log.Println("INFO starting worker")
		fmt.Println("READY")
		log.Println("WARN about to fail: panic: this is a log line, not a panic")
		panic("crash after some log output")
	default:
		fmt.Println("unknown scenario", s)
		os.Exit(64)
	}
}
