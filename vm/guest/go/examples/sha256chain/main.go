// sha256chain hashes the private input N times (N from the first line, default 1000) and commits
// the final digest.
package main

import (
	"bufio"
	"crypto/sha256"
	"fmt"
	"os"
	"strconv"
	"strings"

	"entangle.dev/guest/entangle"
)

func main() {
	n := 1000
	r := bufio.NewReader(os.Stdin)
	if line, err := r.ReadString('\n'); err == nil || line != "" {
		if v, err := strconv.Atoi(strings.TrimSpace(line)); err == nil {
			n = v
		}
	}
	h := sha256.Sum256([]byte("entangle"))
	for i := 0; i < n; i++ {
		h = sha256.Sum256(h[:])
	}
	fmt.Printf("sha256^%d = %x\n", n, h)
	entangle.Commit(h[:])
}
