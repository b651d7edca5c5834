// Variables captured but never modified after capture are copied into the closure.
package main

func make2(a, b int) func() int {
	s := a + b
	return func() int {
		return s * 2
	}
}

func makeStr(name string) func() string {
	greeting := "hi " + name
	return func() string {
		return greeting
	}
}

func main() {
	f := make2(1, 2)
	g := makeStr("bob")
	println(f(), g())
}
