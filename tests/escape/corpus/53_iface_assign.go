// Values converted to interfaces outside calls.
package main

import "fmt"

type T struct{ v int }

var sink interface{}

func local(x int) int {
	var i interface{} = x
	return i.(int) + 1
}

func global(x int) {
	sink = x
}

func ret(t T) interface{} {
	return t
}

func retPtr(t *T) interface{} {
	return t
}

func stringer(x int) fmt.Stringer {
	return num(x)
}

type num int

func (n num) String() string {
	return "num"
}

func main() {
	global(2)
	r := ret(T{3})
	p := retPtr(&T{4})
	st := stringer(5)
	fmt.Println(local(1), sink, r, p.(*T).v, st.String())
}
