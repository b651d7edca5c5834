// new(T) whose result stays in the function: the object can live on the stack.
package main

func sum(n int) int {
	p := new(int)
	for i := 0; i < n; i++ {
		*p += i
	}
	return *p
}

func pair() int {
	a := new(int)
	b := new(int)
	*a, *b = 3, 4
	return *a * *b
}

func main() {
	s := sum(10)
	t := pair()
	println(s, t)
}
