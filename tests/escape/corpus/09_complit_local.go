// &T{...} kept local does not escape.
package main

type vec struct{ x, y, z int }

func length2() int {
	v := &vec{1, 2, 3}
	return v.x*v.x + v.y*v.y + v.z*v.z
}

func addv(a, b *vec) vec {
	return vec{a.x + b.x, a.y + b.y, a.z + b.z}
}

func sumv() int {
	r := addv(&vec{1, 1, 1}, &vec{x: 2})
	return r.x + r.y + r.z
}

func main() {
	println(length2(), sumv())
}
