// Closures called immediately or only locally do not escape.
package main

func immediate(a int) int {
	return func(x int) int {
		return x * a
	}(3)
}

func localVar(a int) int {
	f := func(x int) int {
		return x + a
	}
	return f(1) + f(2)
}

func apply(f func(int) int, v int) int {
	return f(v)
}

func passed(a int) int {
	return apply(func(x int) int { return x - a }, 10)
}

func main() {
	println(immediate(2), localVar(5), passed(4))
}
