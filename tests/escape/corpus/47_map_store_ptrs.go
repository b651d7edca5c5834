// Pointers stored in maps.
package main

type T struct{ v int }

func localMap() int {
	m := map[string]*T{}
	t := T{1}
	m["a"] = &t
	return m["a"].v
}

func valueMap() int {
	m := make(map[int]T)
	m[1] = T{2}
	return m[1].v
}

func retMap() map[string]*int {
	x := 3
	return map[string]*int{"x": &x}
}

func main() {
	println(localMap(), valueMap(), *retMap()["x"])
}
