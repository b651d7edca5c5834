// Parameters flowing to named and later results.
package main

type T struct{ v int }

func pick(a, b *T) (x, y *T) {
	x = b
	y = a
	return
}

func second(n int, p *T) (int, *T) {
	return n, p
}

func through(p *T) (r *T) {
	r = p
	return r
}

func main() {
	a, b := T{1}, T{2}
	x, y := pick(&a, &b)
	_, s := second(1, &a)
	r := through(&b)
	println(x.v, y.v, s.v, r.v)
}
