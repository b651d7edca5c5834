// Variables modified by an escaping closure are moved to the heap.
package main

func accumulator() (func(int), func() int) {
	sum := 0
	add := func(v int) {
		sum += v
	}
	get := func() int {
		return sum
	}
	return add, get
}

func localModify() int {
	n := 0
	f := func() {
		n += 3
	}
	f()
	f()
	return n
}

func main() {
	add, get := accumulator()
	add(4)
	add(5)
	println(get(), localModify())
}
