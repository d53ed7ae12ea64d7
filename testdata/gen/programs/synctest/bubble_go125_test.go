//go:build go1.25

package synctestcase

import (
	"os"
	"runtime"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

func TestDeadlock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ch := make(chan int)
		go func() { ch <- 1; ch <- 2 }()
		<-ch
		<-ch
		<-ch // every goroutine in the bubble is now blocked
	})
}

func TestDump(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ch := make(chan int)
		var mu sync.Mutex
		var wg sync.WaitGroup
		mu.Lock()
		go func() { <-ch }()
		go func() { time.Sleep(time.Hour) }()
		wg.Add(1)
		go func() { wg.Wait() }()
		go func() { mu.Lock() }()
		synctest.Wait()
		buf := make([]byte, 1<<20)
		n := runtime.Stack(buf, true)
		os.Stdout.Write(buf[:n])
		close(ch)
		mu.Unlock()
		wg.Done()
	})
}
