// Closures created in loops.
package main

func sumLocal(xs []int) int {
	t := 0
	for _, x := range xs {
		add := func(v int) {
			t += v
		}
		add(x)
	}
	return t
}

func collect(n int) []func() int {
	var fs []func() int
	for i := 0; i < n; i++ {
		v := i * 10
		fs = append(fs, func() int { return v })
	}
	return fs
}

func main() {
	fs := collect(3)
	println(sumLocal([]int{1, 2, 3}), fs[0](), fs[2]())
}
