// livepause: gcpause with the live heap and the goroutine count as parameters. Keeps about
// LIVE_MB of 32-byte objects live (1024 chains) while allocating short-lived garbage, with
// PARKED goroutines blocked on a channel the whole time, to see whether collection pauses grow
// with the heap or with the number of goroutines. Run with GODEBUG=gctrace=1 (Go) or
// RT_TRACE=gc=2 (minirt). Arguments: LIVE_MB ROUNDS PARKED (defaults 200 1000000 0).
package main

import (
	"fmt"
	"os"
	"strconv"
	"sync"
)

type Obj struct {
	next *Obj
	val  int
	a    int
	b    int
}

func arg(i int, def int) int {
	if len(os.Args) > i {
		if v, err := strconv.Atoi(os.Args[i]); err == nil {
			return v
		}
	}
	return def
}

func main() {
	liveMB, rounds, parked := arg(1, 200), arg(2, 1000000), arg(3, 0)
	const chains = 1024
	perChain := liveMB << 20 / 32 / chains
	block := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < parked; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-block
		}()
	}
	roots := make([]*Obj, chains)
	for c := 0; c < chains; c++ {
		var head *Obj
		for k := 0; k < perChain; k++ {
			head = &Obj{head, k, c, 0}
		}
		roots[c] = head
	}
	gsum := 0
	for r := 0; r < rounds; r++ {
		var g *Obj
		for k := 0; k < 16; k++ {
			g = &Obj{g, r + k, 0, 0}
		}
		for p := g; p != nil; p = p.next {
			gsum += p.val & 1
		}
		c := r % chains
		old := roots[c]
		roots[c] = &Obj{old.next, old.val, old.a, r}
	}
	close(block)
	wg.Wait()
	live := 0
	for c := 0; c < chains; c++ {
		for p := roots[c]; p != nil; p = p.next {
			live++
		}
	}
	fmt.Println("live", live, "gsum", gsum, "parked", parked)
}
