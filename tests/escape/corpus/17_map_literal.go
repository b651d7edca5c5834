// Map literals.
package main

var gm map[string]int

func local() int {
	m := map[string]int{"a": 1, "b": 2}
	return m["a"] + m["b"]
}

func returned() map[int]string {
	return map[int]string{1: "one"}
}

func global() {
	gm = map[string]int{"z": 26}
}

func main() {
	global()
	println(local(), returned()[1], gm["z"])
}
