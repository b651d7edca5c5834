// Maps made with make: local vs returned vs stored.
package main

var gm map[string]int

func local() int {
	m := make(map[string]int)
	m["a"] = 1
	m["b"] = 2
	return len(m)
}

func hinted(n int) int {
	m := make(map[int]int, n)
	for i := 0; i < n; i++ {
		m[i] = i
	}
	return len(m)
}

func returned() map[string]bool {
	return make(map[string]bool)
}

func global() {
	gm = make(map[string]int)
	gm["x"] = 3
}

func main() {
	r := returned()
	r["k"] = true
	global()
	println(local(), hinted(4), len(r), gm["x"])
}
