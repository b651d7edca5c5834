// Building a linked list in a loop.
package main

type node struct {
	v    int
	next *node
}

func build(n int) *node {
	var head *node
	for i := 0; i < n; i++ {
		head = &node{v: i, next: head}
	}
	return head
}

func localList() int {
	var head *node
	for i := 0; i < 3; i++ {
		head = &node{v: i, next: head}
	}
	s := 0
	for p := head; p != nil; p = p.next {
		s += p.v
	}
	return s
}

func sum(h *node) int {
	s := 0
	for ; h != nil; h = h.next {
		s += h.v
	}
	return s
}

func main() {
	println(sum(build(4)), localList())
}
