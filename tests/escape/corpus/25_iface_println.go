// Arguments to fmt.Println are converted to interfaces.
package main

import "fmt"

type pt struct{ x, y int }

func main() {
	n := 42
	s := "str"
	f := 1.5
	p := pt{1, 2}
	fmt.Println(n)
	fmt.Println(s, f)
	fmt.Println(p)
	fmt.Println("const", 7)
	fmt.Printf("%d %s\n", n, s)
}
