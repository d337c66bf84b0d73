// Synchronous signals: nil-pointer dereference (SIGSEGV) and integer division by zero become
// recoverable panics.
package main

import (
	"fmt"
	"os"
)

type T struct{ x int }

func deref(p *T) (v int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	return p.x, nil
}

func div(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	return a / b, nil
}

func main() {
	fmt.Println(deref(&T{5}))
	fmt.Println(deref(nil))
	fmt.Println(div(7, 2))
	fmt.Println(div(7, len(os.Args)-1))
	func() {
		defer func() { fmt.Println("map:", recover()) }()
		var m map[string]int
		m["x"] = 1
	}()
	os.Exit(5)
}
