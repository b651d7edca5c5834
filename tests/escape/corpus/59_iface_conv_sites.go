// Where conversions to interfaces are reported: assignments, declarations, sends, returns,
// call arguments and composite-literal elements.
package main

type T struct{ v int }
type H struct{ f interface{} }

var sink interface{}
var h H
var m = map[int]interface{}{}
var ch = make(chan interface{}, 4)

func take(a interface{})         { sink = a }
func take2(n int, a interface{}) { sink = a }
func ret(x int) interface{}      { return x }
func retc() interface{}          { return 7 }
func retf(t T) interface{}       { return t.v }

func main() {
	x := 1
	t := T{2}
	sink = x
	sink = t.v
	var i interface{} = x
	j := interface{}(x)
	sink = i
	sink = j
	h.f = x
	m[1] = x
	ch <- x
	take(x)
	take2(3, x)
	take2(x, x)
	take(t.v)
	s := []interface{}{x, t}
	sink = s
	var k interface{}
	k = x
	sink = k
	var c interface{} = 5
	sink = c
	sink = 6
	println(ret(1) != nil, retc() != nil, retf(t) != nil)
}
