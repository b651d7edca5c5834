// Taking a local's address does not move it to the heap when the pointer stays local.
package main

func inc(p *int) {
	*p++
}

func count() int {
	x := 0
	for i := 0; i < 5; i++ {
		inc(&x)
	}
	return x
}

func swap() (int, int) {
	a, b := 1, 2
	pa, pb := &a, &b
	*pa, *pb = *pb, *pa
	return a, b
}

func main() {
	c := count()
	a, b := swap()
	println(c, a, b)
}
