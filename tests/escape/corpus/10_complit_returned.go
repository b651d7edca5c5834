// &T{...} returned or stored globally escapes.
package main

type item struct {
	name string
	qty  int
}

var registry []*item

func newItem(n string) *item {
	return &item{name: n, qty: 1}
}

func register(n string) {
	it := &item{name: n}
	registry = append(registry, it)
}

func main() {
	a := newItem("a")
	register("b")
	println(a.name, a.qty, len(registry), registry[0].name)
}
