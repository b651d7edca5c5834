// A pointer stored in an object that is itself on the heap escapes.
package main

type node struct {
	val  *int
	next *node
}

var head *node

func push(v int) {
	p := new(int)
	*p = v
	n := &node{val: p, next: head}
	head = n
}

func local() int {
	p := new(int)
	*p = 3
	n := node{val: p}
	return *n.val
}

func main() {
	push(1)
	push(2)
	println(*head.val, *head.next.val, local())
}
