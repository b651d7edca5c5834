// Implicit allocations larger than 64 KiB go to the heap even when local.
package main

func big() int {
	s := make([]byte, 70000)
	s[69999] = 1
	return int(s[69999]) + len(s)
}

func justUnder() int {
	s := make([]byte, 65536)
	s[0] = 2
	return int(s[0])
}

func bigNew() int {
	a := new([10000]int)
	a[9999] = 3
	return a[9999]
}

func bigArrayLocal() int {
	var a [10000]int
	a[1] = 4
	return a[1]
}

func main() {
	println(big(), justUnder(), bigNew(), bigArrayLocal())
}
