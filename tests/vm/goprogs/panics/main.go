package main

import (
	"errors"
	"fmt"
	"os"
)

func safeDiv(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	if b == 0 {
		panic("division by zero requested")
	}
	return a / b, nil
}

func main() {
	for i := 0; i < 3; i++ {
		defer fmt.Println("deferred", i)
	}
	q, err := safeDiv(10, 2)
	fmt.Println(q, err)
	q, err = safeDiv(1, 0)
	fmt.Println(q, err)
	var e error = errors.New("boom")
	fmt.Fprintln(os.Stderr, "to stderr:", e)
	func() {
		defer func() { fmt.Println("recover:", recover()) }()
		var arr []int
		idx := 5
		_ = arr[idx]
	}()
	if len(os.Args) > 5 {
		return
	}
	defer fmt.Println("never printed: os.Exit skips defers")
	os.Exit(3)
}
