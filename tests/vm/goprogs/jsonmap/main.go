package main

import (
	"encoding/json"
	"fmt"
	"sort"
)

type Rec struct {
	Name  string            `json:"name"`
	Vals  []int             `json:"vals"`
	Attrs map[string]string `json:"attrs"`
}

func main() {
	m := map[string]int{}
	for i := 0; i < 1000; i++ {
		m[fmt.Sprintf("k%d", i%97)] += i
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Println(len(keys), keys[0], m[keys[0]], keys[len(keys)-1], m[keys[len(keys)-1]])
	r := Rec{Name: "entangle", Vals: []int{1, 2, 3}, Attrs: map[string]string{"b": "2", "a": "1"}}
	b, _ := json.Marshal(r)
	fmt.Println(string(b))
	var back Rec
	if err := json.Unmarshal([]byte(`{"name":"x","vals":[9,8],"attrs":{"z":"y"}}`), &back); err != nil {
		panic(err)
	}
	fmt.Printf("%+v\n", back)
}
