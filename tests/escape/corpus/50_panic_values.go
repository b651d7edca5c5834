// Values passed to panic and recovered.
package main

import "fmt"

type perr struct{ msg string }

func boom(msg string) {
	panic(&perr{msg})
}

func boomVal(n int) {
	panic(n)
}

func try(f func()) (r interface{}) {
	defer func() {
		r = recover()
	}()
	f()
	return nil
}

func main() {
	a := try(func() { boom("x") })
	b := try(func() { boomVal(3) })
	fmt.Println(a.(*perr).msg, b)
}
