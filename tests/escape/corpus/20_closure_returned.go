// Returned closures escape, and so do the variables they capture by reference.
package main

func counter() func() int {
	n := 0
	return func() int {
		n++
		return n
	}
}

func adder(k int) func(int) int {
	return func(x int) int {
		return x + k
	}
}

func main() {
	c := counter()
	c()
	a := adder(10)
	println(c(), a(5))
}
