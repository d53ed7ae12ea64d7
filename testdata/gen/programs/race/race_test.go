package main

import "testing"

func TestNoRace(t *testing.T) {
	t.Log("no race here")
}

func TestRace(t *testing.T) {
	x := new(int)
	go func() {
		writer(x)
	}()
	pause()
	t.Log("read", reader(x))
}
