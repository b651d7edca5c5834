// Arrays of pointers.
package main

var ga [2]*int

func local() int {
	a, b := 1, 2
	arr := [2]*int{&a, &b}
	return *arr[0] + *arr[1]
}

func global() {
	c := 3
	ga[0] = &c
	ga[1] = new(int)
}

func returned() [1]*int {
	d := 4
	return [1]*int{&d}
}

func loopFill() int {
	var arr [3]*int
	for i := range arr {
		arr[i] = new(int)
		*arr[i] = i
	}
	return *arr[2]
}

func main() {
	global()
	r := returned()
	println(local(), *ga[0], *ga[1], *r[0], loopFill())
}
