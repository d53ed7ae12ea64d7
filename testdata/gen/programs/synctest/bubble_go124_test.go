//go:build go1.24 && !go1.25

package synctestcase

import (
	"os"
	"runtime"
	"testing"
	"testing/synctest"
	"time"
)

func TestDeadlock(t *testing.T) {
	synctest.Run(func() {
		ch := make(chan int)
		go func() { ch <- 1; ch <- 2 }()
		<-ch
		<-ch
		<-ch // every goroutine in the bubble is now blocked
	})
}

func TestDump(t *testing.T) {
	synctest.Run(func() {
		ch := make(chan int)
		go func() { <-ch }()
		go func() { time.Sleep(time.Hour) }()
		synctest.Wait()
		buf := make([]byte, 1<<20)
		n := runtime.Stack(buf, true)
		os.Stdout.Write(buf[:n])
		close(ch)
	})
}
