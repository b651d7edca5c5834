// Small structs that do not escape: step makes two vectors per call, one with &vec{...} and
// one with new(vec), and passes them to a method that only reads them. With escape analysis
// both live in step's frame: no allocation per operation. With the second argument "slices",
// stepSlices makes a three-element slice literal and a 64-byte buffer (make([]byte, 64)) per
// call instead, passed to functions that do not keep them: their arrays live in the frame.
// Prints the result and the heap allocations per operation (runtime.MemStats.Mallocs).
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
)

type vec struct{ x, y, z float64 }

func (a *vec) dot(b *vec) float64 {
	return a.x*b.x + a.y*b.y + a.z*b.z
}

func step(i int) float64 {
	a := &vec{float64(i), 1, 2}
	b := new(vec)
	b.x, b.y, b.z = 3, float64(i%7), 4
	return a.dot(b)
}

func sum3(w []float64) float64 {
	return w[0] + w[1] + w[2]
}

func put(b []byte, i int) int {
	b[i%len(b)] = byte(i)
	return int(b[(i+1)%len(b)]) + len(b)
}

func stepSlices(i int) float64 {
	w := []float64{float64(i), 0.5, float64(i % 3)}
	buf := make([]byte, 64)
	return sum3(w) + float64(put(buf, i))
}

func main() {
	n := 1000000
	if len(os.Args) > 1 {
		if v, err := strconv.Atoi(os.Args[1]); err == nil {
			n = v
		}
	}
	slices := len(os.Args) > 2 && os.Args[2] == "slices"
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	m0 := ms.Mallocs
	s := 0.0
	if slices {
		for i := 0; i < n; i++ {
			s += stepSlices(i)
		}
	} else {
		for i := 0; i < n; i++ {
			s += step(i)
		}
	}
	runtime.ReadMemStats(&ms)
	fmt.Println(s)
	fmt.Printf("allocs/op: %.2f\n", float64(ms.Mallocs-m0)/float64(n))
}
