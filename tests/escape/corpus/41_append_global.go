// append to a package-level slice.
package main

type T struct{ v int }

var nums []int
var objs []*T
var strs []string

func addNum(v int) {
	nums = append(nums, v)
}

func addObj(v int) {
	t := T{v}
	objs = append(objs, &t)
}

func addStr(s string) {
	strs = append(strs, s)
}

func addMany(vs []int) {
	nums = append(nums, vs...)
}

func main() {
	addNum(1)
	addObj(2)
	addStr("three")
	addMany([]int{4, 5})
	println(len(nums), objs[0].v, strs[0], nums[2])
}
