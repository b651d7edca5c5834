// A local whose address is stored in a global is moved to the heap.
package main

var g *int

type holder struct{ p *string }

var h holder

func store() {
	x := 11
	g = &x
}

func storeField() {
	s := "hello"
	h.p = &s
}

func main() {
	store()
	storeField()
	println(*g, *h.p)
}
