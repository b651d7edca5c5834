// Parameters stored in globals leak.
package main

type T struct{ v int }

var gt *T
var gts []*T
var gm = map[string]*T{}

func save(p *T) {
	gt = p
}

func saveSlice(p *T) {
	gts = append(gts, p)
}

func saveMap(k string, p *T) {
	gm[k] = p
}

func main() {
	a := &T{1}
	b := &T{2}
	c := &T{3}
	save(a)
	saveSlice(b)
	saveMap("c", c)
	println(gt.v, gts[0].v, gm["c"].v)
}
