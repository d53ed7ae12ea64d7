package main

// pprof text profiles at debug=1 beyond api_pprof1: goroutine records that
// carry pprof labels (`# labels: {...}` lines), and the threadcreate profile.

import (
	"context"
	"os"
	"runtime"
	"runtime/pprof"
	"time"
)

//go:noinline
func parked() { <-block }

// pprof1Labels parks goroutines under different label sets: two with the
// same labels and stack (one record, count 2), one with labels needing %q
// escapes, one without labels; the profile is written from inside pprof.Do
// as well (Go 1.19 omits the writer's own labels, go.dev/issue/63712).
func pprof1Labels() {
	sets := []pprof.LabelSet{
		pprof.Labels("request", "r-1", "user id", `alice "A"`),
		pprof.Labels("request", "r-1", "user id", `alice "A"`),
		pprof.Labels("nl", "line\nbreak", "utf", "h\u00e9llo", "brace", "}{"),
	}
	for _, s := range sets {
		pprof.Do(context.Background(), s, func(context.Context) {
			go parked()
		})
	}
	go parked()
	time.Sleep(50 * time.Millisecond)
	pprof.Do(context.Background(), pprof.Labels("writer", "main"), func(context.Context) {
		pprof.Lookup("goroutine").WriteTo(os.Stdout, 1)
	})
}

// threadcreate1 makes the runtime start a few threads (goroutines locked to
// their threads while sleeping) and writes the threadcreate profile.
func threadcreate1() {
	for i := 0; i < 3; i++ {
		go func() {
			runtime.LockOSThread()
			<-block
		}()
	}
	time.Sleep(50 * time.Millisecond)
	pprof.Lookup("threadcreate").WriteTo(os.Stdout, 1)
}
