package main

import (
	"fmt"
	"runtime"
)

type node struct {
	next *node
	data []byte
}

func main() {
	var keep *node
	sum := 0
	for i := 0; i < 20000; i++ {
		n := &node{data: make([]byte, 64+i%512)}
		n.data[0] = byte(i)
		if i%100 == 0 {
			n.next = keep
			keep = n
		}
		sum += int(n.data[0])
		if i%5000 == 0 {
			runtime.GC()
		}
	}
	c := 0
	for p := keep; p != nil; p = p.next {
		c++
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Println("sum", sum, "kept", c, "gc ran", ms.NumGC > 0)
}
