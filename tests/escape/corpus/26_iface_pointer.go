// Converting pointer-shaped values to interfaces needs no allocation of its own.
package main

import "fmt"

type pt struct{ x, y int }

var sink interface{}

func main() {
	p := &pt{1, 2}
	fmt.Println(p.x)
	q := &pt{3, 4}
	sink = q
	m := map[string]int{"a": 1}
	fmt.Println(len(m))
	var e interface{} = 5
	fmt.Println(e)
	x := 9
	sink = &x
	fmt.Println(*sink.(*int), sink.(*int) == &x)
}
