// fib computes Fibonacci numbers with goroutines feeding a channel and commits fib(n) mod 2^64.
package main

import (
	"encoding/binary"
	"fmt"

	"entangle.dev/guest/entangle"
)

func main() {
	ch := make(chan uint64)
	go func() {
		a, b := uint64(0), uint64(1)
		for i := 0; i < 90; i++ {
			ch <- a
			a, b = b, a+b
		}
		close(ch)
	}()
	var last uint64
	for v := range ch {
		last = v
	}
	fmt.Println("fib(89) =", last)
	var out [8]byte
	binary.LittleEndian.PutUint64(out[:], last)
	entangle.Commit(out[:])
}
