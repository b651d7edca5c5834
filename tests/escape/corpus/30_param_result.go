// Parameters flowing to results.
package main

type T struct{ v int }

func id(p *T) *T {
	return p
}

func first(a, b *T) *T {
	return a
}

func field(p *T) *int {
	return &p.v
}

func deref(pp **T) *T {
	return *pp
}

func main() {
	t := T{1}
	u := T{2}
	r := id(&t)
	s := first(&t, &u)
	i := field(&u)
	pt := &t
	d := deref(&pt)
	println(r.v, s.v, *i, d.v)
}
