module example.com/hello

go 1.19

require entangle.dev/guest v0.0.0

replace entangle.dev/guest => ../../../vm/guest/go
