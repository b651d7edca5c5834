// make with a non-constant size always goes to the heap.
package main

func fill(n int) int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s[n-1]
}

func withCap(n int) int {
	b := make([]byte, 0, n)
	b = append(b, 'x')
	return cap(b)
}

func returned() []int {
	return make([]int, 4)
}

func main() {
	println(fill(5), withCap(3), len(returned()))
}
