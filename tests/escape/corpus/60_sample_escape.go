// Escape analysis: which allocations stay in their function's frame and which go to the heap.
// Run `./minirt -m samples/escape.mr` to see the decisions (as `go build -gcflags='-m -l'`
// prints them), or run it normally to see what it computes.
package main

import "fmt"

type point struct{ x, y int }

// Returning a pointer to a local: the variable must outlive the call, so it moves to the heap.
func newPoint(x, y int) *point {
	p := point{x, y}
	return &p
}

// A pointer that only flows to the result: callers decide where the object lives.
func identity(p *point) *point {
	return p
}

// A pointer used only inside the function: does not escape.
func lengthSquared(p *point) int {
	return p.x*p.x + p.y*p.y
}

// Sending a pointer on a channel: another goroutine may keep it, so it escapes.
func produce(ch chan *point) {
	ch <- &point{5, 6}
}

// A slice whose size is known only at run time must be allocated on the heap.
func squares(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i * i
	}
	return s
}

// A fixed-size buffer used locally does not escape.
func sum3() int {
	buf := make([]int, 3)
	for i := range buf {
		buf[i] = i + 1
	}
	return buf[0] + buf[1] + buf[2]
}

type shape interface{ area() int }

type rect struct{ w, h int }

func (r rect) area() int { return r.w * r.h }

// A call through an interface: the compiler cannot see the callee, so the argument escapes.
func describe(s shape) int {
	return s.area()
}

// A closure kept after the function returns: it and the variable it captures escape.
func counter() func() int {
	n := 0
	return func() int {
		n++
		return n
	}
}

func main() {
	a := newPoint(1, 2)
	b := identity(&point{3, 4})
	fmt.Println(a.x+a.y, lengthSquared(b))
	ch := make(chan *point, 1)
	produce(ch)
	fmt.Println((<-ch).x, len(squares(10)), sum3())
	fmt.Println(describe(rect{2, 3}))
	next := counter()
	next()
	fmt.Println(next())
}

// Output:
// 3 25
// 5 10 6
// 6
// 2
