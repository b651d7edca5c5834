// Calls through interfaces: the arguments of an interface method call escape.
package main

type T struct{ v int }

type getter interface {
	get(p *T) int
}

type impl struct{}

func (impl) get(p *T) int {
	return p.v
}

type shape interface {
	area() int
}

type sq struct{ s int }

func (q *sq) area() int {
	return q.s * q.s
}

func callIface(g getter) int {
	t := T{4}
	return g.get(&t)
}

func direct() int {
	var i impl
	t := T{5}
	return i.get(&t)
}

func areas() int {
	var s shape = &sq{3}
	return s.area()
}

func main() {
	println(callIface(impl{}), direct(), areas())
}
