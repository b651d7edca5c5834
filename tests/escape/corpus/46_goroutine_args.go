// Values passed to goroutines.
package main

import "sync"

type T struct{ v int }

func work(t *T, wg *sync.WaitGroup) {
	t.v *= 2
	wg.Done()
}

func run() int {
	var wg sync.WaitGroup
	t := T{21}
	wg.Add(1)
	go work(&t, &wg)
	wg.Wait()
	return t.v
}

func send(c chan<- *T) {
	c <- &T{7}
}

func main() {
	c := make(chan *T)
	go send(c)
	r := <-c
	println(run(), r.v)
}
