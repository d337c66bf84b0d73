// hello hashes its private input with SHA-256, prints the digest and commits it to the journal.
package main

import (
	"crypto/sha256"
	"fmt"

	"entangle.dev/guest/entangle"
)

func main() {
	in, err := entangle.ReadInput()
	if err != nil {
		panic(err)
	}
	sum := sha256.Sum256(in)
	fmt.Printf("sha256(%q) = %x\n", in, sum)
	entangle.Commit(sum[:])
}
