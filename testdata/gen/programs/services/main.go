// Command services imitates the Go services whose logs gostack reads in
// the wild: it logs, serves HTTP, and crashes the ways services crash.
// Usage: services MODE
//
//	api       logs requests; a handler panics (net/http recovers it and
//	          logs "http: panic serving ADDR: VALUE" with the stack); then
//	          the process panics in a request goroutine, GOTRACEBACK=all
//	worker    logs jobs from several goroutines, then panics in one of them
//	longline  panics with a 40,000-byte message (Docker splits the line)
//	slog      JSON log records (log/slog) carrying a stack: debug.Stack()
//	          in a "stack" attribute, a recovered panic in "error", and a
//	          stack inside an "error" group
//	oom       limits its own address space, then allocates until the
//	          runtime dies with "fatal error: runtime: out of memory"
//
// With SYNC=N the crash waits for the next multiple of N seconds of the
// wall clock, so that two containers crash at the same moment and their
// output interleaves.
package main

import (
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

type Order struct {
	ID    int
	Items map[string]int
}

//go:noinline
func (o *Order) total(prices map[string]int) int {
	t := 0
	for k, n := range o.Items {
		t += prices[k] * n
	}
	if o.ID == 42 {
		var m map[string]int
		m["boom"] = t // assignment to entry in nil map
	}
	return t
}

func syncPoint() {
	n, _ := strconv.Atoi(os.Getenv("SYNC"))
	if n <= 0 {
		return
	}
	now := time.Now()
	next := now.Truncate(time.Duration(n) * time.Second).Add(time.Duration(n) * time.Second)
	time.Sleep(time.Until(next))
}

func api() {
	mux := http.NewServeMux()
	mux.HandleFunc("/orders/", func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/orders/"))
		o := &Order{ID: id, Items: map[string]int{"apple": 2}}
		fmt.Fprintf(w, "total %d\n", o.total(map[string]int{"apple": 3}))
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	base := "http://" + ln.Addr().String()
	for _, id := range []int{1, 7, 42} {
		resp, err := http.Get(base + "/orders/" + strconv.Itoa(id))
		if err != nil {
			log.Printf("GET /orders/%d: %v", id, err)
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		log.Printf("GET /orders/%d %d", id, resp.StatusCode)
	}
	syncPoint()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		o := &Order{ID: 42}
		log.Printf("reconciling order %d", o.ID)
		o.total(nil)
	}()
	wg.Wait()
}

//go:noinline
func process(job int, results chan<- int) {
	if job == 13 {
		var p *Order
		results <- p.ID
	}
	results <- job * 2
}

func worker() {
	results := make(chan int, 100)
	var mu sync.Mutex
	for w := 0; w < 4; w++ {
		go func(w int) {
			for {
				mu.Lock()
				mu.Unlock()
				time.Sleep(time.Hour)
			}
		}(w)
	}
	for job := 1; job < 13; job++ {
		process(job, results)
		log.Printf("job %d done: %d", job, <-results)
	}
	syncPoint()
	done := make(chan bool)
	go func() {
		process(13, results)
		done <- true
	}()
	<-done
}

func slogMode() {
	logger := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	logger.Info("starting", "port", 8080)
	logger.Error("unexpected state", "order", 42, "stack", string(debug.Stack()))
	func() {
		defer func() {
			if r := recover(); r != nil {
				logger.Error("recovered panic", "error", fmt.Sprint(r), "stack", string(debug.Stack()))
			}
		}()
		(&Order{ID: 42}).total(nil)
	}()
	// The stack one level down, in a group (`"error":{…,"stack":"…"}`).
	logger.Error("handler failed", slog.Group("error", "message", "order 42 not found", "stack", string(debug.Stack())))
	logger.Info("shutting down")
}

func oom() {
	lim := &syscall.Rlimit{Cur: 1 << 30, Max: 1 << 30}
	if err := syscall.Setrlimit(syscall.RLIMIT_AS, lim); err != nil {
		log.Fatal(err)
	}
	var keep [][]byte
	for i := 0; ; i++ {
		keep = append(keep, make([]byte, 64<<20))
		keep[i][0] = 1
	}
}

// lazyOrder is a slog.LogValuer whose LogValue panics (a nil order):
// slog recovers the panic and logs, as the attribute's value, the error
// "LogValue panicked" with up to five frames of its own form.
type lazyOrder struct{ o *Order }

func (l lazyOrder) LogValue() slog.Value {
	return slog.IntValue(l.o.ID)
}

func logValuerMode() {
	slog.New(slog.NewJSONHandler(os.Stdout, nil)).Info("order", "order", lazyOrder{})
	slog.New(slog.NewTextHandler(os.Stdout, nil)).Info("order", "order", lazyOrder{})
	slog.Info("order", "order", lazyOrder{}) // the default handler, through package log
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: services api|worker|longline|slog|oom|logvaluer")
		os.Exit(2)
	}
	log.Printf("service %s starting", os.Args[1])
	switch os.Args[1] {
	case "api":
		api()
	case "worker":
		worker()
	case "longline":
		panic(strings.Repeat("0123456789", 4000))
	case "slog":
		slogMode()
	case "oom":
		oom()
	case "logvaluer":
		logValuerMode()
	}
}
