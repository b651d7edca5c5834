// Local variables over Go's 10 MiB limit for the stack are moved to the heap even when nothing
// takes their address; smaller ones stay.
package main

func sum(n int) int {
	var big [2 << 20]int
	var small [1000]int
	for i := 0; i < n; i++ {
		big[i*1000] = i
		small[i] = i
	}
	s := 0
	for i := 0; i < n; i++ {
		s += big[i*1000] + small[i]
	}
	return s
}

func twoBig() int {
	var a [2 << 20]int
	var b [2 << 20]int
	a[7] = 7
	for i := 0; i < 10; i++ {
		b[i] = a[i] + 1
	}
	return a[7] + b[7]
}

func main() {
	println(sum(100), twoBig())
}
