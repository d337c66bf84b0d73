module entangle.dev/guest

go 1.19
