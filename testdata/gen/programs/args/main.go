// Command args panics at the bottom of a call chain whose functions take many
// kinds of arguments, to exercise the argument list printing of tracebacks.
// Usage: args SCENARIO   (scenario: panic, goroutine)
package main

import (
	"fmt"
	"os"
)

type Small struct {
	A int32
	B int32
}

type Nested struct {
	X struct {
		Y struct {
			Z struct {
				W struct {
					V struct{ U int }
				}
			}
		}
	}
}

type Big struct {
	A, B, C, D, E, F, G, H, I, J, K, L int64
}

type Recv struct{ n int }

var sink interface{}

//go:noinline
func leaf(msg string) {
	panic(msg)
}

//go:noinline
func manyInts(a, b, c, d, e, f, g, h, i, j, k, l int) {
	leaf(fmt.Sprint("sum=", a+b+c+d+e+f+g+h+i+j+k+l))
}

//go:noinline
func floats(x float64, y float32, z complex128, n int) {
	manyInts(n, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)
}

//go:noinline
func mixed(s string, b []byte, i interface{}, e error, p *Small, m map[string]int, c chan int, f func(), ok bool) {
	floats(1.5, 2.5, complex(1, 2), len(s)+len(b))
}

//go:noinline
func structs(s Small, n Nested, arr [3]int, big Big) {
	mixed("hello", []byte("bytes"), 42, nil, &s, map[string]int{"k": 1}, make(chan int), func() {}, true)
}

//go:noinline
func (r Recv) valueMethod(a, b int) {
	var n Nested
	structs(Small{A: 7, B: 8}, n, [3]int{1, 2, 3}, Big{A: 1, L: 12})
}

//go:noinline
func (r *Recv) ptrMethod(s string) {
	r.valueMethod(r.n, len(s))
}

//go:noinline
func noArgs() {
	(&Recv{n: 5}).ptrMethod("method arg")
}

//go:noinline
func variadic(prefix string, rest ...interface{}) {
	noArgs()
}

//go:noinline
func unusedArgs(a int, b string, _ []int) {
	variadic("pre", 1, "two", 3.0)
}

func inlinable(x int) int { unusedArgs(x, "s", nil); return x }

func main() {
	if len(os.Args) < 2 {
		fmt.Println("usage: args SCENARIO")
		os.Exit(64)
	}
	switch os.Args[1] {
	case "panic":
		sink = inlinable(99)
	case "goroutine":
		done := make(chan int)
		go func(a int, s string) { sink = inlinable(a) }(7, "go arg")
		<-done
	default:
		fmt.Println("unknown scenario", os.Args[1])
		os.Exit(64)
	}
}
