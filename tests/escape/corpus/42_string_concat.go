// String concatenation.
package main

var gs string

func local(a, b string) int {
	s := a + b
	return len(s)
}

func returned(a, b string) string {
	return a + "-" + b
}

func global(a string) {
	gs = a + "!"
}

func loop(n int) string {
	s := ""
	for i := 0; i < n; i++ {
		s += "x"
	}
	return s
}

func main() {
	global("g")
	println(local("a", "b"), returned("c", "d"), gs, loop(3))
}
