// Recursive functions.
package main

type tree struct {
	left, right *tree
	val         int
}

func build(d int) *tree {
	if d == 0 {
		return &tree{val: 1}
	}
	return &tree{left: build(d - 1), right: build(d - 1), val: d}
}

func count(t *tree) int {
	if t == nil {
		return 0
	}
	return 1 + count(t.left) + count(t.right)
}

func last(t *tree) *tree {
	if t.right == nil {
		return t
	}
	return last(t.right)
}

func fact(n int, acc *int) {
	if n <= 1 {
		return
	}
	*acc *= n
	fact(n-1, acc)
}

func main() {
	t := build(3)
	a := 1
	fact(5, &a)
	println(count(t), last(t).val, a)
}
