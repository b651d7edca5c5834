// Channels made with make.
package main

func local() int {
	c := make(chan int, 2)
	c <- 1
	c <- 2
	return <-c + <-c
}

func returned() chan string {
	return make(chan string, 1)
}

func unbuffered() int {
	c := make(chan int)
	go func() {
		c <- 5
	}()
	return <-c
}

func main() {
	c := returned()
	c <- "s"
	println(local(), <-c, unbuffered())
}
