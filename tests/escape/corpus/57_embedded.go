// Embedded structs and promoted pointer methods.
package main

type base struct{ id int }

func (b *base) ID() int {
	return b.id
}

func (b *base) setID(v int) {
	b.id = v
}

type derived struct {
	base
	name string
}

type holder struct {
	*base
}

var gh holder

func useDerived() int {
	var d derived
	d.setID(4)
	return d.ID()
}

func embedPtr() {
	b := base{7}
	gh = holder{&b}
}

func main() {
	embedPtr()
	println(useDerived(), gh.ID())
}
