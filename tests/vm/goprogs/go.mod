module entangle.dev/vmtests

go 1.19
