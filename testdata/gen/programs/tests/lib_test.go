package tests

import (
	"sync"
	"testing"
	"time"
)

func TestPanic(t *testing.T) {
	t.Log("about to panic")
	helper()
}

func helper() {
	var m map[string]int
	Store(m, "k")
}

func TestPanicSubtest(t *testing.T) {
	t.Run("sub", func(t *testing.T) {
		t.Run("one", func(t *testing.T) {
			panic("panic in a subtest")
		})
	})
}

func TestPanicGoroutine(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		panic("panic in a goroutine started by a test")
	}()
	wg.Wait()
}

func TestPasses(t *testing.T) {}

func TestTimeout(t *testing.T) {
	t.Run("waiting subtest", func(t *testing.T) {
		time.Sleep(time.Hour)
	})
}

func TestTimeoutParallel(t *testing.T) {
	for _, name := range []string{"a", "b"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			time.Sleep(time.Hour)
		})
	}
}

// TestFails fails without panicking: t.Error / t.Errorf messages (one of
// them multi-line) and a t.Log line, no traceback.
func TestFails(t *testing.T) {
	t.Log("checking the answer")
	if got, want := 41, 42; got != want {
		t.Errorf("answer = %d, want %d", got, want)
	}
	t.Error("first line of a failure\nsecond line of a failure")
}

// FuzzPanic panics on inputs of eight bytes or more, which the fuzzer finds
// at once; the seed does not panic. With -fuzz, the testing package recovers
// the panic and logs it with t.Errorf("panic: %s\n%s\n", err, debug.Stack()).
func FuzzPanic(f *testing.F) {
	f.Add("ab")
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) >= 8 {
			Parse(s)
		}
	})
}
