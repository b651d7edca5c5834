// Pointers stored in slice elements and slices of local arrays.
package main

func storeElem() int {
	s := make([]*int, 1)
	x := 5
	s[0] = &x
	return *s[0]
}

func sliceOfArray() int {
	var arr [4]int
	s := arr[:]
	s[2] = 9
	return arr[2]
}

func retSliceOfArray() []int {
	var arr [4]int
	arr[0] = 1
	return arr[:]
}

func main() {
	println(storeElem(), sliceOfArray(), len(retSliceOfArray()))
}
