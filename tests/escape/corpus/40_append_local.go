// append to a slice that stays local.
package main

func collect(n int) int {
	var s []int
	for i := 0; i < n; i++ {
		s = append(s, i)
	}
	return len(s)
}

func prealloc() int {
	s := make([]int, 0, 4)
	s = append(s, 1, 2, 3)
	return s[2]
}

func ptrs() int {
	var ps []*int
	x := 7
	ps = append(ps, &x)
	return *ps[0]
}

func main() {
	println(collect(10), prealloc(), ptrs())
}
