// Command funcnames panics at the end of a call chain that crosses closures,
// nested closures, generics, method values, defer/go wrappers, range-over-func
// bodies (1.23+), generic methods (1.27+) and a package in a pkg.v2 directory.
// Usage: funcnames SCENARIO   (scenario: panic, goroutine, defer)
package main

import (
	"fmt"
	"os"

	pkg "example.com/funcnames/pkg.v2"
)

type Num interface{ ~int | ~int64 }

type Stack[T any] struct{ items []T }

//go:noinline
func (s *Stack[T]) Each(f func(T)) {
	for _, it := range s.items {
		f(it)
	}
}

//go:noinline
func Apply[T Num](v T, f func(T)) { f(v) }

type Svc struct{ name string }

//go:noinline
func (s *Svc) Handle(f func()) { f() }

//go:noinline
func (s Svc) ByValue(f func()) { f() }

// Hooks filled in by build-tagged files on newer toolchains.
var viaRange = func(f func()) { f() }
var viaGenericMethod = func(f func()) { f() }

var sink interface{}

//go:noinline
func invoke(h func(func()), f func()) { h(f) }

//go:noinline
func bottom() {
	panic("funcnames: panic at the bottom of the chain")
}

//go:noinline
func chain() {
	svc := &Svc{name: "svc"}
	handle := svc.Handle // method value: (*Svc).Handle-fm
	st := &Stack[string]{items: []string{"a"}}
	func() {
		func() {
			Apply(3, func(int) {
				st.Each(func(string) {
					invoke(handle, func() {
						Svc{}.ByValue(func() {
							viaRange(func() {
								viaGenericMethod(func() {
									(&pkg.T{}).Run(bottom)
								})
							})
						})
					})
				})
			})
		}()
	}()
}

func main() {
	if len(os.Args) < 2 {
		fmt.Println("usage: funcnames SCENARIO")
		os.Exit(64)
	}
	switch os.Args[1] {
	case "panic":
		chain()
	case "goroutine":
		done := make(chan int)
		go chain()
		<-done
	case "gowrap":
		done := make(chan int)
		go (&Svc{}).Handle(bottom)
		<-done
	case "defer":
		defer chain()
		fmt.Println("deferring chain")
	default:
		fmt.Println("unknown scenario", os.Args[1])
		os.Exit(64)
	}
}
