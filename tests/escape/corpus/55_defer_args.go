// Deferred calls with pointer arguments.
package main

type T struct{ v int }

var last int

func record(t *T) {
	last = t.v
}

func top() {
	t := T{1}
	defer record(&t)
	t.v = 2
}

func inLoop(n int) {
	for i := 0; i < n; i++ {
		t := T{i}
		defer record(&t)
	}
}

func main() {
	top()
	a := last
	inLoop(3)
	println(a, last)
}
