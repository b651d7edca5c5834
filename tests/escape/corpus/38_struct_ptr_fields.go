// Struct fields holding pointers.
package main

type pair struct {
	a, b *int
}

var gp pair

func localPair() int {
	x, y := 1, 2
	p := pair{&x, &y}
	return *p.a + *p.b
}

func globalPair() {
	x := 3
	y := 4
	gp = pair{a: &x}
	gp.b = &y
}

func retPair() pair {
	z := 5
	return pair{a: &z}
}

func main() {
	globalPair()
	r := retPair()
	println(localPair(), *gp.a, *gp.b, *r.a)
}
