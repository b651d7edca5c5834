// Pointers sent on a channel escape; values sent do not need the heap.
package main

func producer(ch chan *int) {
	p := new(int)
	*p = 42
	ch <- p
}

func values(ch chan int) {
	v := new(int)
	*v = 9
	ch <- *v
}

func main() {
	ch := make(chan *int, 1)
	producer(ch)
	r := <-ch
	vc := make(chan int, 1)
	values(vc)
	println(*r, <-vc)
}
