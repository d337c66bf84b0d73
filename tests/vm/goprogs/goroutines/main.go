package main

import (
	"fmt"
	"sync"
)

func main() {
	ch := make(chan int64, 4)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			var s int64
			for i := 0; i < 20000; i++ {
				s += int64(i * id)
			}
			ch <- s
		}(w)
	}
	go func() { wg.Wait(); close(ch) }()
	var total int64
	for v := range ch {
		total += v
	}
	var mu sync.Mutex
	counter := 0
	var wg2 sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg2.Add(1)
		go func() {
			defer wg2.Done()
			for k := 0; k < 100; k++ {
				mu.Lock()
				counter++
				mu.Unlock()
			}
		}()
	}
	wg2.Wait()
	fmt.Println("total", total, "counter", counter)
}
