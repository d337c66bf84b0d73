// Package entangle is the guest SDK for Go programs running on the Entangle zkVM (GOARCH=mips or
// mipsle, GOMIPS=softfloat). Ordinary programs need nothing from it: os.Stdin is the private input,
// os.Stdout/os.Stderr are captured. It adds the public journal.
package entangle

import (
	"io"
	"os"
	"syscall"
	"unsafe"
)

const (
	sysBase        = 4000 // MIPS o32 numbering; see vm/README.md
	sysCommit      = sysBase + 1000
	sysInputLength = sysBase + 1001
)

// Commit appends b to the public journal (the public output bound into the proof's statement).
func Commit(b []byte) {
	if len(b) == 0 {
		return
	}
	syscall.Syscall(sysCommit, uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)), 0)
}

// InputLength is the number of private input bytes not yet read.
func InputLength() int {
	n, _, _ := syscall.Syscall(sysInputLength, 0, 0, 0)
	return int(n)
}

// ReadInput reads the whole remaining private input.
func ReadInput() ([]byte, error) { return io.ReadAll(os.Stdin) }

// Halt ends the program with an exit code.
func Halt(code int) { os.Exit(code) }
