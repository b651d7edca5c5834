// make([]T, constant) small enough for the stack, used locally.
package main

func squares() int {
	s := make([]int, 8)
	for i := range s {
		s[i] = i * i
	}
	return s[7]
}

func withCap() int {
	b := make([]byte, 0, 16)
	b = append(b, 'a', 'b')
	return len(b) + cap(b)
}

func main() {
	println(squares(), withCap())
}
