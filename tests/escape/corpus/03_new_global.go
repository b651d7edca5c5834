// new(T) stored in package-level variables escapes.
package main

var gp *int
var gs []*int

func keep() {
	p := new(int)
	*p = 5
	gp = p
}

func keepMany(n int) {
	for i := 0; i < n; i++ {
		q := new(int)
		*q = i
		gs = append(gs, q)
	}
}

func main() {
	keep()
	keepMany(3)
	println(*gp, len(gs), *gs[2])
}
