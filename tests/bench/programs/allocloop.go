// allocloop: the workload of tests/bench/alloc.c as a program. Allocates N (os.Args[1], default
// 5000000) objects of 32 bytes (one pointer word, three integer words, every word written);
// every 100th is kept in a ring of 100000 slots, pointing to the object allocated just before
// it, and drops the pair that was in its slot; every other object is garbage as soon as the
// next one is allocated. The live set is bounded: 100000 pairs, 6.1 MiB. At the end every ring
// slot is checked (its words and its partner's) and a checksum of the ring is printed.
package main

import (
	"fmt"
	"os"
	"strconv"
)

type Obj struct {
	next *Obj // kept objects: the object allocated just before; others nil
	a    int  // the object's index in the allocation sequence
	b    int  // ^a
	c    int  // a * 3
}

const keep = 100 // every keep-th object is kept
const ringSlots = 100000

// The live set, a package-level array.
var ring [ringSlots]*Obj

func main() {
	n := 5000000
	if len(os.Args) > 1 {
		v, err := strconv.Atoi(os.Args[1])
		if err == nil {
			n = v
		}
	}
	var prev *Obj // the object allocated last
	slot := 0
	k := 0
	for i := 0; i < n; i++ {
		o := &Obj{nil, i, ^i, i * 3}
		k++
		if k == keep {
			k = 0
			o.next = prev
			ring[slot] = o
			slot++
			if slot == ringSlots {
				slot = 0
			}
		}
		prev = o
	}

	filled := n / keep
	if filled > ringSlots {
		filled = ringSlots
	}
	sum := 0
	for s := 0; s < filled; s++ {
		o := ring[s]
		if o == nil || o.next == nil || o.a%keep != keep-1 || (o.a/keep)%ringSlots != s ||
			o.b != ^o.a || o.c != o.a*3 {
			fmt.Println("ring slot", s, "is corrupt")
			os.Exit(1)
		}
		p := o.next
		if p.a != o.a-1 || p.b != ^p.a || p.c != p.a*3 || p.next != nil {
			fmt.Println("ring slot", s, "is corrupt (its partner)")
			os.Exit(1)
		}
		sum += o.a + p.a
	}
	fmt.Println("allocated", n, "kept", filled, "pairs, checksum", sum)
}
