// Closures started as goroutines escape, and so do the variables they share.
package main

import "sync"

func spawn() int {
	var wg sync.WaitGroup
	total := 0
	wg.Add(1)
	go func() {
		total += 5
		wg.Done()
	}()
	wg.Wait()
	return total
}

func viaChan(v int) int {
	done := make(chan int)
	go func() {
		done <- v * 2
	}()
	return <-done
}

func main() {
	println(spawn(), viaChan(4))
}
