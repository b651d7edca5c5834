// Methods with pointer receivers.
package main

type counter struct {
	n int
}

var gc *counter

func (c *counter) inc() {
	c.n++
}

func (c *counter) self() *counter {
	return c
}

func (c *counter) register() {
	gc = c
}

func (c counter) value() int {
	return c.n
}

func main() {
	var a counter
	a.inc()
	a.inc()
	b := counter{}
	b.self().inc()
	var c counter
	c.register()
	println(a.value(), b.value(), gc.n)
}
