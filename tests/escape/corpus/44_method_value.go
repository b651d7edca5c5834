// Method values bound to a receiver.
package main

type acc struct{ n int }

func (a *acc) add(v int) {
	a.n += v
}

var gf func(int)

func local() int {
	var a acc
	f := a.add
	f(2)
	f(3)
	return a.n
}

func stored() *acc {
	a := &acc{}
	gf = a.add
	return a
}

func main() {
	a := stored()
	gf(4)
	println(local(), a.n)
}
