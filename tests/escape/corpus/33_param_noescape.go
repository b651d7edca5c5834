// Parameters that do not escape.
package main

type T struct {
	v    int
	next *T
}

func get(p *T) int {
	return p.v
}

func set(p *T, v int) {
	p.v = v
}

func total(s []int) int {
	t := 0
	for _, v := range s {
		t += v
	}
	return t
}

func keys(m map[string]int) int {
	return len(m)
}

func length(p *T) int {
	n := 0
	for ; p != nil; p = p.next {
		n++
	}
	return n
}

func main() {
	var t T
	set(&t, 3)
	u := T{v: 1, next: &t}
	println(get(&t), total([]int{1, 2}), keys(map[string]int{"a": 1}), length(&u))
}
