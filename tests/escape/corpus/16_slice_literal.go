// Slice literals.
package main

var gs []int

func local() int {
	s := []int{1, 2, 3}
	t := 0
	for _, v := range s {
		t += v
	}
	return t
}

func returned() []string {
	return []string{"a", "b"}
}

func global() {
	gs = []int{4, 5}
}

func ofPtrs() int {
	a, b := 1, 2
	ps := []*int{&a, &b}
	return *ps[0] + *ps[1]
}

func main() {
	global()
	println(local(), len(returned()), gs[1], ofPtrs())
}
