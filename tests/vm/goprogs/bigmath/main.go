package main

import (
	"fmt"
	"math/big"
)

func main() {
	f := big.NewInt(1)
	for i := int64(1); i <= 200; i++ {
		f.Mul(f, big.NewInt(i))
	}
	fmt.Println(f.String())
	p := new(big.Int).Exp(big.NewInt(2), big.NewInt(521), nil)
	p.Sub(p, big.NewInt(1))
	fmt.Println(p.ProbablyPrime(10))
	r := new(big.Rat).SetFrac64(355, 113)
	fmt.Println(r.FloatString(20))
}
