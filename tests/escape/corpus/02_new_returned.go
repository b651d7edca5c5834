// new(T) returned to the caller escapes.
package main

type point struct{ x, y int }

func newInt(v int) *int {
	p := new(int)
	*p = v
	return p
}

func newPoint() *point {
	return new(point)
}

func main() {
	a := newInt(7)
	b := newPoint()
	b.x = *a
	println(*a, b.x, b.y)
}
