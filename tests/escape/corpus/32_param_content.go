// Parameters whose pointed-to content leaks, but not the parameter itself.
package main

type T struct{ v int }

type box struct {
	p *T
}

var gt *T
var gs string

func fromBox(b *box) {
	gt = b.p
}

func fromSlice(s []*T) {
	gt = s[0]
}

func str(s []string) {
	gs = s[0]
}

func fromPtrPtr(pp **T) {
	gt = *pp
}

func main() {
	t := &T{5}
	b := box{t}
	fromBox(&b)
	fromSlice([]*T{t})
	str([]string{"s"})
	pt := t
	fromPtrPtr(&pt)
	println(gt.v, gs)
}
