// A local whose address is returned is moved to the heap.
package main

type cfg struct {
	name string
	n    int
}

func mk(v int) *int {
	x := v * 2
	return &x
}

func mkcfg() *cfg {
	var c cfg
	c.name = "c"
	c.n = 1
	return &c
}

func both(v int) (*int, int) {
	y := v
	z := v + 1
	return &y, z
}

func main() {
	p := mk(4)
	c := mkcfg()
	q, z := both(1)
	println(*p, c.name, c.n, *q, z)
}
