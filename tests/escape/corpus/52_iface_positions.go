// Where interface conversions of call arguments are reported.
package main

import "fmt"

type pt struct{ x, y int }

func main() {
	a := 1
	b := "two"
	c := pt{3, 4}
	d := []int{5}
	fmt.Println(a, b)
	fmt.Println("lead", a, b)
	fmt.Println(a, "mid", b)
	fmt.Println(c.x, a, d[0], b)
	fmt.Println(len(d), a)
	fmt.Print(a+1, "\n")
	fmt.Printf("%v %v\n", c, a)
	s := fmt.Sprint(a, b)
	fmt.Println(s)
}
