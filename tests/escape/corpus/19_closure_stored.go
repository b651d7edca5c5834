// Closures stored in globals or heap objects escape.
package main

var handlers []func() int

type button struct {
	onClick func() int
}

var btn *button

func addHandler(v int) {
	handlers = append(handlers, func() int { return v })
}

func setButton(v int) {
	b := &button{}
	b.onClick = func() int { return v * 10 }
	btn = b
}

func main() {
	addHandler(1)
	addHandler(2)
	setButton(3)
	println(handlers[0](), handlers[1](), btn.onClick())
}
