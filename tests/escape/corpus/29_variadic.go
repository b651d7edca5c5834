// Variadic argument slices.
package main

var kept []int

func sum(xs ...int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

func keep(xs ...int) {
	kept = xs
}

func ptrs(ps ...*int) int {
	return *ps[0]
}

func main() {
	a := sum(1, 2, 3)
	keep(4, 5)
	s := []int{6, 7}
	b := sum(s...)
	v := 8
	c := ptrs(&v)
	println(a, len(kept), b, c)
}
