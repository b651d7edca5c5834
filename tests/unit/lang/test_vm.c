/*
 * test_vm.c - unit tests for the interpreter (lang/vm.c): whole programs compiled and run
 * in-process, checking what they print, their exit status and the first lines of standard
 * error.
 *
 * Each test compiles one program from a string and runs it in a forked child (pipeline.h's
 * pl_run), because a panicking program ends its process with status 2 and the VM's globals
 * are set up once per process. The expected outputs were worked out by hand from the Go
 * specification and runtime (wrapping arithmetic, defer order, recover rules, append's growth
 * formula with Go's size classes, UTF-8 decoding of invalid bytes) and cross-checked against
 * go run where Go 1.19 and Go 1.22 agree; where they differ (per-iteration loop variables) the
 * expectation follows Go 1.22.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline.h"

TestSuite(vm);

/* Asserts the status, the exact standard output and the first line of standard error. */
static void expect_failure(PlResult r, int status, const char *out, const char *errline)
{
	char *first = pl_first_line(r.err);
	cr_assert_str_eq(r.out, out, "stdout differs; stderr:\n%s", r.err);
	cr_assert_str_eq(first, errline, "first line of stderr differs; stderr:\n%s", r.err);
	cr_assert_eq(r.status, status, "exit status %d, want %d; stderr:\n%s", r.status, status,
	             r.err);
	free(first);
}

/* ---------------------------------------------------------------- arithmetic */

/* Every integer width wraps modulo 2^n; MinInt / -1 wraps instead of trapping; shifts by
 * counts past the width give 0 (or -1 for negative signed values shifted right). */
Test(vm, integer_arithmetic_wraps_per_width)
{
	static const char src[] =
	    "package main\n"
	    "\n"
	    "import \"fmt\"\n"
	    "\n"
	    "func main() {\n"
	    "	var a int8 = 127\n"
	    "	a++\n"
	    "	var b uint8 = 0\n"
	    "	b--\n"
	    "	var c int16 = 32767\n"
	    "	c += 2\n"
	    "	var d uint16 = 65535\n"
	    "	d *= 2\n"
	    "	var e int32 = -2147483648\n"
	    "	e = -e\n"
	    "	var f uint32 = 1<<32 - 1\n"
	    "	f += 1\n"
	    "	var g int64 = 9223372036854775807\n"
	    "	g++\n"
	    "	var h uint64 = 0\n"
	    "	h--\n"
	    "	fmt.Println(a, b, c, d, e, f, g, h)\n"
	    "	var i int8 = -128\n"
	    "	var m1 int8 = -1\n"
	    "	i /= m1\n"
	    "	var m int8 = 100\n"
	    "	m = m * 3\n"
	    "	var s uint8 = 200\n"
	    "	s = s << 1\n"
	    "	var sh int8 = -128\n"
	    "	sh = sh >> 1\n"
	    "	var u uint32 = 0x80000000\n"
	    "	u = u >> 31\n"
	    "	var n int64 = -9223372036854775808\n"
	    "	var n1 int64 = -1\n"
	    "	fmt.Println(i, m, s, sh, u, n/n1, n%n1)\n"
	    "	x, y := -7, 2\n"
	    "	fmt.Println(x/y, x%y, -x/y, x%-y)\n"
	    "	var ub uint8 = 250\n"
	    "	var ud uint8 = 7\n"
	    "	fmt.Println(ub/ud, ub%ud, ub+ud, ud-ub)\n"
	    "	var big int = 300\n"
	    "	var neg int32 = -1\n"
	    "	fl := -3.9\n"
	    "	fmt.Println(int8(big), uint8(big), uint16(neg), uint64(neg), int64(fl), int32(int8(big)))\n"
	    "	var k uint = 70\n"
	    "	var one uint64 = 1\n"
	    "	var mone int64 = -1\n"
	    "	fmt.Println(one<<k, one<<63, mone>>k, uint64(mone)>>k, mone<<63)\n"
	    "	var w uint32 = 0xFFFFFFFF\n"
	    "	w *= w\n"
	    "	var ww int32 = 0x7FFFFFFF\n"
	    "	ww *= 2\n"
	    "	fmt.Println(w, ww, ^ub, -ub, ^int16(0))\n"
	    "}\n";
	PL_EXPECT_OUTPUT(src, "-128 255 -32767 65534 -2147483648 0 -9223372036854775808 "
	                      "18446744073709551615\n"
	                      "-128 44 144 -64 1 -9223372036854775808 0\n"
	                      "-3 -1 3 -1\n"
	                      "35 5 1 13\n"
	                      "44 44 65535 18446744073709551615 -3 44\n"
	                      "0 9223372036854775808 -1 0 -9223372036854775808\n"
	                      "1 -2 5 6 -1\n");
}

Test(vm, float32_rounds_after_each_operation)
{
	static const char src[] =
	    "package main\n"
	    "import \"fmt\"\n"
	    "func main() {\n"
	    "	var f float32 = 16777216\n"
	    "	f += 1\n"
	    "	var g float64 = 16777216\n"
	    "	g += 1\n"
	    "	var a, b float32 = 0.1, 0.2\n"
	    "	fmt.Println(f, g, a+b, float64(a+b) == 0.1+0.2)\n"
	    "	var third float32 = 1.0 / 3\n"
	    "	fmt.Println(third*3 == 1, float64(third))\n"
	    "}\n";
	/* 2^24 + 1 is not a float32: it rounds back to 2^24 (ties to even). 0.1f + 0.2f rounds to
	 * the float32 nearest 0.3, which prints as 0.3 but is not the float64 sum. */
	PL_EXPECT_OUTPUT(src, "1.6777216e+07 1.6777217e+07 0.3 false\n"
	                      "true 0.3333333432674408\n");
}

Test(vm, integer_divide_by_zero_panics, .timeout = 30)
{
	static const char src[] =
	    "package main\n"
	    "\n"
	    "import \"fmt\"\n"
	    "\n"
	    "func div(a, b int) int { return a / b }\n"
	    "\n"
	    "func main() {\n"
	    "	fmt.Println(\"before\")\n"
	    "	fmt.Println(div(1, 0))\n"
	    "	fmt.Println(\"after\")\n"
	    "}\n";
	expect_failure(pl_run(src), 2, "before\n", "panic: runtime error: integer divide by zero");
}

/* The remainder of an unsigned division by a zero package variable panics too, and the
 * output printed before the panic is flushed first. */
Test(vm, unsigned_remainder_by_zero_panics)
{
	static const char src[] =
	    "package main\n"
	    "\n"
	    "import \"fmt\"\n"
	    "\n"
	    "var zero uint8\n"
	    "\n"
	    "func main() {\n"
	    "	var x uint8 = 7\n"
	    "	fmt.Print(\"r=\")\n"
	    "	fmt.Println(x % zero)\n"
	    "}\n";
	expect_failure(pl_run(src), 2, "r=", "panic: runtime error: integer divide by zero");
}

/* ---------------------------------------------------------------- the stack */

/* 100000 nested calls grow the stack many times by copying; every frame's locals (an int, a
 * string, a float, a pointer parameter) must survive the moves. */
Test(vm, deep_recursion_keeps_frames_intact, .timeout = 60)
{
	static const char src[] =
	    "package main\n"
	    "\n"
	    "import (\n"
	    "	\"fmt\"\n"
	    "	\"strconv\"\n"
	    ")\n"
	    "\n"
	    "func sum(n int) int {\n"
	    "	if n == 0 {\n"
	    "		return 0\n"
	    "	}\n"
	    "	return n + sum(n-1)\n"
	    "}\n"
	    "\n"
	    "func check(n int, p *int) int {\n"
	    "	if n == 0 {\n"
	    "		return *p\n"
	    "	}\n"
	    "	tag := strconv.Itoa(n)\n"
	    "	f := float64(n) / 2\n"
	    "	r := check(n-1, p)\n"
	    "	if tag != strconv.Itoa(n) || f != float64(n)/2 {\n"
	    "		panic(\"frame corrupted at \" + tag)\n"
	    "	}\n"
	    "	return r + 1\n"
	    "}\n"
	    "\n"
	    "func main() {\n"
	    "	fmt.Println(sum(100000))\n"
	    "	seven := 7\n"
	    "	fmt.Println(check(100000, &seven))\n"
	    "}\n";
	PL_EXPECT_OUTPUT(src, "5000050000\n100007\n");
}

Test(vm, infinite_recursion_is_a_stack_overflow, .timeout = 120)
{
	static const char src[] =
	    "package main\n"
	    "\n"
	    "import \"fmt\"\n"
	    "\n"
	    "func f(n int) int { return f(n+1) + 1 }\n"
	    "\n"
	    "func main() {\n"
	    "	fmt.Println(\"start\")\n"
	    "	fmt.Println(f(0))\n"
	    "}\n";
	PlResult r = pl_run(src);
	char *first = pl_first_line(r.err);
	cr_assert_str_eq(r.out, "start\n");
	cr_assert_str_eq(first, "runtime: goroutine stack exceeds 1000000000-byte limit",
	                 "stderr:\n%.2000s", r.err);
	cr_assert(strstr(r.err, "\nfatal error: stack overflow\n") != NULL, "stderr:\n%.2000s",
	          r.err);
	cr_assert_eq(r.status, 2);
}

/* ---------------------------------------------------------------- defer, panic, recover */

/* Deferred calls run last-in first-out; a deferred closure that recovers can set the named
 * result; recover works only when called directly by the deferred function, and returns nil
 * when nothing panics; each loop iteration captures its own variable (Go 1.22). */
Test(vm, defer_order_and_recover)
{
	static const char src[] =
	    "package main\n"
	    "\n"
	    "import \"fmt\"\n"
	    "\n"
	    "func f() (r int) {\n"
	    "	defer func() {\n"
	    "		if e := recover(); e != nil {\n"
	    "			fmt.Println(\"recovered:\", e)\n"
	    "			r = 42\n"
	    "		}\n"
	    "	}()\n"
	    "	for i := 0; i < 3; i++ {\n"
	    "		defer fmt.Println(\"defer\", i)\n"
	    "	}\n"
	    "	panic(\"boom\")\n"
	    "}\n"
	    "\n"
	    "func double() (n int) {\n"
	    "	defer func() { n *= 2 }()\n"
	    "	return 21\n"
	    "}\n"
	    "\n"
	    "func helper() any { return recover() }\n"
	    "\n"
	    "func indirect() (s string) {\n"
	    "	defer func() {\n"
	    "		fmt.Println(\"helper got\", helper())\n"
	    "		s = fmt.Sprint(\"direct got \", recover())\n"
	    "	}()\n"
	    "	panic(\"x\")\n"
	    "}\n"
	    "\n"
	    "func noPanic() any {\n"
	    "	defer func() {}()\n"
	    "	return recover()\n"
	    "}\n"
	    "\n"
	    "func main() {\n"
	    "	fmt.Println(f())\n"
	    "	fmt.Println(double())\n"
	    "	fmt.Println(indirect())\n"
	    "	fmt.Println(noPanic())\n"
	    "	for i := 0; i < 2; i++ {\n"
	    "		defer func() { fmt.Println(\"main defer\", i) }()\n"
	    "	}\n"
	    "	fmt.Println(\"end of main\")\n"
	    "}\n";
	PL_EXPECT_OUTPUT(src, "defer 2\ndefer 1\ndefer 0\nrecovered: boom\n42\n"
	                      "42\n"
	                      "helper got <nil>\ndirect got x\n"
	                      "<nil>\n"
	                      "end of main\nmain defer 1\nmain defer 0\n");
}

/* A panic three frames deep runs each frame's defers, innermost first, then dies. */
Test(vm, panic_unwinds_through_frames_running_defers)
{
	static const char src[] =
	    "package main\n"
	    "\n"
	    "import \"fmt\"\n"
	    "\n"
	    "func a() {\n"
	    "	defer fmt.Println(\"a defer\")\n"
	    "	b()\n"
	    "	fmt.Println(\"a after b\")\n"
	    "}\n"
	    "\n"
	    "func b() {\n"
	    "	defer fmt.Println(\"b defer\")\n"
	    "	c()\n"
	    "}\n"
	    "\n"
	    "func c() {\n"
	    "	defer fmt.Println(\"c defer 1\")\n"
	    "	defer fmt.Println(\"c defer 2\")\n"
	    "	var m map[string]int\n"
	    "	m[\"k\"] = 1\n"
	    "}\n"
	    "\n"
	    "func main() {\n"
	    "	defer fmt.Println(\"main defer\")\n"
	    "	a()\n"
	    "}\n";
	PlResult r = pl_run(src);
	expect_failure(r, 2, "c defer 2\nc defer 1\nb defer\na defer\nmain defer\n",
	               "panic: assignment to entry in nil map");
	cr_assert(strstr(r.err, "\n\ngoroutine 1 [running]:\nmain.c()") != NULL,
	          "traceback should start at main.c:\n%s", r.err);
	const char *pc = strstr(r.err, "main.c()"), *pb = strstr(r.err, "main.b()"),
	           *pa = strstr(r.err, "main.a()"), *pm = strstr(r.err, "main.main()");
	cr_assert(pc && pb && pa && pm && pc < pb && pb < pa && pa < pm,
	          "traceback should list c, b, a, main:\n%s", r.err);
}

/* A runtime error in the innermost of several frames is recovered two levels up; the
 * defers of every frame in between ran, innermost first, and the function that recovered
 * returns its named results as the deferred call left them. */
Test(vm, recover_after_unwinding_several_frames)
{
	static const char src[] =
	    "package main\n"
	    "\n"
	    "import (\n"
	    "	\"errors\"\n"
	    "	\"fmt\"\n"
	    ")\n"
	    "\n"
	    "var order []string\n"
	    "\n"
	    "func level(n int) int {\n"
	    "	defer func() { order = append(order, fmt.Sprint(\"L\", n)) }()\n"
	    "	if n == 0 {\n"
	    "		var arr []int\n"
	    "		idx := 5\n"
	    "		return arr[idx]\n"
	    "	}\n"
	    "	return level(n-1) + 1\n"
	    "}\n"
	    "\n"
	    "func mid() (res string, err error) {\n"
	    "	defer func() {\n"
	    "		if r := recover(); r != nil {\n"
	    "			err = fmt.Errorf(\"mid: %v\", r)\n"
	    "		}\n"
	    "	}()\n"
	    "	level(3)\n"
	    "	return \"normal\", nil\n"
	    "}\n"
	    "\n"
	    "func main() {\n"
	    "	res, err := mid()\n"
	    "	fmt.Printf(\"%q %v\\n\", res, err)\n"
	    "	fmt.Println(order)\n"
	    "	var re interface{ RuntimeError() }\n"
	    "	_ = re\n"
	    "	e2 := errors.New(\"plain\")\n"
	    "	func() {\n"
	    "		defer func() {\n"
	    "			r := recover()\n"
	    "			fmt.Println(r == e2, r)\n"
	    "		}()\n"
	    "		panic(e2)\n"
	    "	}()\n"
	    "	fmt.Println(\"done\")\n"
	    "}\n";
	PL_EXPECT_OUTPUT(src, "\"\" mid: runtime error: index out of range [5] with length 0\n"
	                      "[L0 L1 L2 L3]\n"
	                      "true plain\n"
	                      "done\n");
}

/* A panic in a deferred call while panicking prints both panics, the first one first. */
Test(vm, panic_during_panic_prints_both)
{
	static const char src[] =
	    "package main\n"
	    "\n"
	    "import \"fmt\"\n"
	    "\n"
	    "func main() {\n"
	    "	defer func() {\n"
	    "		panic(\"second\")\n"
	    "	}()\n"
	    "	fmt.Println(\"start\")\n"
	    "	panic(\"first\")\n"
	    "}\n";
	PlResult r = pl_run(src);
	expect_failure(r, 2, "start\n", "panic: first");
	cr_assert(strncmp(r.err, "panic: first\n\tpanic: second\n", 28) == 0, "stderr:\n%s", r.err);
}

Test(vm, repanic_after_recover_marks_the_first_recovered)
{
	static const char src[] =
	    "package main\n"
	    "\n"
	    "import \"fmt\"\n"
	    "\n"
	    "func main() {\n"
	    "	defer func() {\n"
	    "		r := recover()\n"
	    "		panic(fmt.Sprint(\"again: \", r))\n"
	    "	}()\n"
	    "	panic(\"first\")\n"
	    "}\n";
	PlResult r = pl_run(src);
	expect_failure(r, 2, "", "panic: first [recovered]");
	cr_assert(strncmp(r.err, "panic: first [recovered]\n\tpanic: again: first\n", 46) == 0,
	          "stderr:\n%s", r.err);
}

/* Every runtime error is a value that recover returns, with Go's texts. */
Test(vm, runtime_errors_are_recoverable_values)
{
	static const char src[] =
	    "package main\n"
	    "\n"
	    "import \"fmt\"\n"
	    "\n"
	    "func try(name string, f func()) {\n"
	    "	defer func() {\n"
	    "		r := recover()\n"
	    "		if e, ok := r.(error); ok {\n"
	    "			fmt.Println(name+\":\", e.Error())\n"
	    "		} else {\n"
	    "			fmt.Println(name+\":\", r)\n"
	    "		}\n"
	    "	}()\n"
	    "	f()\n"
	    "}\n"
	    "\n"
	    "type S struct{ v int }\n"
	    "\n"
	    "func main() {\n"
	    "	idx := 5\n"
	    "	arr := []int{1, 2, 3}\n"
	    "	try(\"index\", func() { _ = arr[idx] })\n"
	    "	try(\"slice\", func() { _ = arr[1:idx] })\n"
	    "	try(\"nilmap\", func() {\n"
	    "		var m map[string]int\n"
	    "		m[\"a\"] = 1\n"
	    "	})\n"
	    "	try(\"nilptr\", func() {\n"
	    "		var p *S\n"
	    "		fmt.Println(p.v)\n"
	    "	})\n"
	    "	try(\"assert\", func() {\n"
	    "		var e any = \"str\"\n"
	    "		_ = e.(int)\n"
	    "	})\n"
	    "	try(\"shift\", func() {\n"
	    "		n := -1\n"
	    "		_ = 1 << n\n"
	    "	})\n"
	    "	try(\"str\", func() {\n"
	    "		s := \"abc\"\n"
	    "		_ = s[idx]\n"
	    "	})\n"
	    "	try(\"custom\", func() { panic(fmt.Sprintf(\"v=%d\", 42)) })\n"
	    "	try(\"errorval\", func() { panic(fmt.Errorf(\"wrapped %w\", fmt.Errorf(\"inner\"))) })\n"
	    "	try(\"nilfunc\", func() {\n"
	    "		var f func()\n"
	    "		f()\n"
	    "	})\n"
	    "	try(\"divzero\", func() {\n"
	    "		z := 0\n"
	    "		_ = 10 / z\n"
	    "	})\n"
	    "	fmt.Println(\"end\")\n"
	    "}\n";
	PL_EXPECT_OUTPUT(src,
	                 "index: runtime error: index out of range [5] with length 3\n"
	                 "slice: runtime error: slice bounds out of range [:5] with capacity 3\n"
	                 "nilmap: assignment to entry in nil map\n"
	                 "nilptr: runtime error: invalid memory address or nil pointer dereference\n"
	                 "assert: interface conversion: interface {} is string, not int\n"
	                 "shift: runtime error: negative shift amount\n"
	                 "str: runtime error: index out of range [5] with length 3\n"
	                 "custom: v=42\n"
	                 "errorval: wrapped inner\n"
	                 "nilfunc: runtime error: invalid memory address or nil pointer dereference\n"
	                 "divzero: runtime error: integer divide by zero\n"
	                 "end\n");
}

/* os.Exit ends the program at once with its status: deferred calls do not run, but what
 * was printed before is not lost in the output buffer. */
Test(vm, os_exit_skips_defers_and_flushes_output)
{
	static const char src[] =
	    "package main\n"
	    "\n"
	    "import (\n"
	    "	\"fmt\"\n"
	    "	\"os\"\n"
	    ")\n"
	    "\n"
	    "func main() {\n"
	    "	defer fmt.Println(\"deferred: must not run\")\n"
	    "	fmt.Println(\"before exit\")\n"
	    "	os.Exit(3)\n"
	    "}\n";
	PlResult r = pl_run(src);
	cr_assert_str_eq(r.out, "before exit\n");
	cr_assert_str_eq(r.err, "");
	cr_assert_eq(r.status, 3);
}

/* ---------------------------------------------------------------- calls */

/* fmt (C) calls String and Error methods (script), which call fmt again: nested runs of the
 * interpreter several levels deep. %d does not call String (Go's handleMethods). */
Test(vm, nested_calls_from_c_into_methods)
{
	static const char src[] =
	    "package main\n"
	    "\n"
	    "import (\n"
	    "	\"fmt\"\n"
	    "	\"strings\"\n"
	    ")\n"
	    "\n"
	    "type P struct{ x, y int }\n"
	    "\n"
	    "func (p P) String() string { return \"P(\" + fmt.Sprint(p.x) + \",\" + fmt.Sprint(p.y) + \")\" }\n"
	    "\n"
	    "type L struct{ ps []P }\n"
	    "\n"
	    "func (l *L) String() string { return fmt.Sprintf(\"L%v\", l.ps) }\n"
	    "\n"
	    "type T struct {\n"
	    "	v    int\n"
	    "	kids []*T\n"
	    "}\n"
	    "\n"
	    "func (t *T) String() string {\n"
	    "	s := fmt.Sprint(t.v)\n"
	    "	if len(t.kids) > 0 {\n"
	    "		s += fmt.Sprint(t.kids)\n"
	    "	}\n"
	    "	return s\n"
	    "}\n"
	    "\n"
	    "type E struct{ code int }\n"
	    "\n"
	    "func (e *E) Error() string { return fmt.Sprintf(\"E%d[%v]\", e.code, P{e.code, -e.code}) }\n"
	    "\n"
	    "func main() {\n"
	    "	fmt.Println(P{1, 2})\n"
	    "	fmt.Println(&L{[]P{{1, 2}, {3, 4}}})\n"
	    "	fmt.Printf(\"%v|%s|%d\\n\", P{5, 6}, P{7, 8}, P{9, 10})\n"
	    "	tree := &T{1, []*T{{2, []*T{{4, nil}}}, {3, nil}}}\n"
	    "	fmt.Println(tree)\n"
	    "	var err error = &E{3}\n"
	    "	fmt.Println(err, strings.ToUpper(fmt.Sprint(err)))\n"
	    "	m := map[P]int{{2, 1}: 1, {1, 2}: 2}\n"
	    "	fmt.Println(m)\n"
	    "}\n";
	PL_EXPECT_OUTPUT(src, "P(1,2)\n"
	                      "L[P(1,2) P(3,4)]\n"
	                      "P(5,6)|P(7,8)|{9 10}\n"
	                      "1[2[4] 3]\n"
	                      "E3[P(3,-3)] E3[P(3,-3)]\n"
	                      "map[P(1,2):2 P(2,1):1]\n");
}

/* A String method that recurses deeply while fmt (C) is waiting for it: the goroutine's
 * stack grows, moving the slots, and the native must still write its results (n, err) and read
 * its remaining arguments in the moved stack. "d100000\n" is 8 bytes. */
Test(vm, nested_call_from_c_survives_stack_growth, .timeout = 60)
{
	static const char src[] =
	    "package main\n"
	    "\n"
	    "import \"fmt\"\n"
	    "\n"
	    "type Deep struct{ n int }\n"
	    "\n"
	    "func rec(n int) int {\n"
	    "	if n == 0 {\n"
	    "		return 0\n"
	    "	}\n"
	    "	return rec(n-1) + 1\n"
	    "}\n"
	    "\n"
	    "func (d Deep) String() string { return fmt.Sprint(\"d\", rec(d.n)) }\n"
	    "\n"
	    "func main() {\n"
	    "	n, err := fmt.Println(Deep{100000})\n"
	    "	fmt.Println(n, err)\n"
	    "	s := fmt.Sprintf(\"%v|%v|%v|%d\", Deep{50000}, Deep{3}, Deep{70000}, 42)\n"
	    "	fmt.Println(s)\n"
	    "	n, err = fmt.Print(Deep{200000}, \"\\n\")\n"
	    "	fmt.Println(n, err)\n"
	    "}\n";
	PL_EXPECT_OUTPUT(src, "d100000\n8 <nil>\nd50000|d3|d70000|42\nd200000\n8 <nil>\n");
}

/* A String method that panics inside a nested call from fmt: fmt catches it and prints
 * Go's %!v(PANIC=String method: ...) marker; the program goes on. */
Test(vm, panicking_string_method_is_caught_by_fmt)
{
	static const char src[] =
	    "package main\n"
	    "\n"
	    "import \"fmt\"\n"
	    "\n"
	    "type Bad struct{}\n"
	    "\n"
	    "func (Bad) String() string { panic(\"boom\") }\n"
	    "\n"
	    "func main() {\n"
	    "	fmt.Println(Bad{})\n"
	    "	fmt.Println(\"still running\")\n"
	    "}\n";
	PL_EXPECT_OUTPUT(src, "%!v(PANIC=String method: boom)\nstill running\n");
}

/* A method value binds its receiver when it is evaluated: a copy for value methods, the
 * address for pointer methods (also through a promoted field), the interface value for
 * interface methods. */
Test(vm, method_values_bind_their_receiver)
{
	static const char src[] =
	    "package main\n"
	    "\n"
	    "import \"fmt\"\n"
	    "\n"
	    "type C struct{ n int }\n"
	    "\n"
	    "func (c C) Get() int { return c.n }\n"
	    "func (c *C) Inc()    { c.n++ }\n"
	    "\n"
	    "type I interface{ Get() int }\n"
	    "\n"
	    "type Outer struct {\n"
	    "	C\n"
	    "	tag string\n"
	    "}\n"
	    "\n"
	    "func apply(f func() int, times int) int {\n"
	    "	s := 0\n"
	    "	for i := 0; i < times; i++ {\n"
	    "		s += f()\n"
	    "	}\n"
	    "	return s\n"
	    "}\n"
	    "\n"
	    "func main() {\n"
	    "	c := C{1}\n"
	    "	g := c.Get\n"
	    "	inc := c.Inc\n"
	    "	inc()\n"
	    "	inc()\n"
	    "	fmt.Println(c.n, g(), c.Get())\n"
	    "	var i I = C{7}\n"
	    "	h := i.Get\n"
	    "	i = C{8}\n"
	    "	fmt.Println(h(), i.Get())\n"
	    "	o := &Outer{C{10}, \"o\"}\n"
	    "	oinc := o.Inc\n"
	    "	oget := o.Get\n"
	    "	oinc()\n"
	    "	fmt.Println(o.n, oget(), apply(o.Get, 3))\n"
	    "	fs := []func() int{c.Get, i.Get, o.Get}\n"
	    "	for _, f := range fs {\n"
	    "		fmt.Print(f(), \" \")\n"
	    "	}\n"
	    "	fmt.Println()\n"
	    "}\n";
	PL_EXPECT_OUTPUT(src, "3 1 3\n7 8\n11 10 33\n3 8 11 \n");
}

/* Interface calls through itabs: a method promoted from an embedded struct, a pointer
 * method, a method promoted through an embedded pointer, a value method called through a
 * pointer (reading the current value), run-time itabs from type assertions and type
 * switches, and a value type that lacks a pointer method. */
Test(vm, interface_calls_through_itabs)
{
	static const char src[] =
	    "package main\n"
	    "\n"
	    "import \"fmt\"\n"
	    "\n"
	    "type Animal interface {\n"
	    "	Name() string\n"
	    "	Sound() string\n"
	    "}\n"
	    "\n"
	    "type Base struct{ name string }\n"
	    "\n"
	    "func (b Base) Name() string { return b.name }\n"
	    "\n"
	    "type Dog struct {\n"
	    "	Base\n"
	    "	loud bool\n"
	    "}\n"
	    "\n"
	    "func (d *Dog) Sound() string {\n"
	    "	if d.loud {\n"
	    "		return \"WOOF\"\n"
	    "	}\n"
	    "	return \"woof\"\n"
	    "}\n"
	    "\n"
	    "type Cat struct{ *Base }\n"
	    "\n"
	    "func (c Cat) Sound() string { return \"meow\" }\n"
	    "\n"
	    "type V int\n"
	    "\n"
	    "func (v V) Double() int { return int(v) * 2 }\n"
	    "\n"
	    "type Doubler interface{ Double() int }\n"
	    "\n"
	    "type Named interface{ Name() string }\n"
	    "\n"
	    "func main() {\n"
	    "	var as []Animal\n"
	    "	as = append(as, &Dog{Base{\"rex\"}, true})\n"
	    "	as = append(as, Cat{&Base{\"tom\"}})\n"
	    "	for _, a := range as {\n"
	    "		fmt.Println(a.Name(), a.Sound())\n"
	    "	}\n"
	    "	x := V(3)\n"
	    "	var dp Doubler = &x\n"
	    "	var dv Doubler = x\n"
	    "	x = 5\n"
	    "	fmt.Println(dp.Double(), dv.Double())\n"
	    "	var e any = &Dog{Base{\"fido\"}, false}\n"
	    "	if a, ok := e.(Animal); ok {\n"
	    "		fmt.Println(\"animal\", a.Name(), a.Sound())\n"
	    "	}\n"
	    "	var e2 any = Dog{Base{\"val\"}, false}\n"
	    "	_, ok := e2.(Animal)\n"
	    "	n, ok2 := e2.(Named)\n"
	    "	fmt.Println(ok, ok2, n.Name())\n"
	    "	var nm Named = as[1]\n"
	    "	fmt.Println(nm.Name())\n"
	    "	switch v := nm.(type) {\n"
	    "	case Animal:\n"
	    "		fmt.Println(\"is animal\", v.Sound())\n"
	    "	default:\n"
	    "		fmt.Println(\"not animal\")\n"
	    "	}\n"
	    "}\n";
	PL_EXPECT_OUTPUT(src, "rex WOOF\ntom meow\n10 6\nanimal fido woof\nfalse true val\n"
	                      "tom\nis animal meow\n");
}

/* A struct embedding an interface gets the interface's methods promoted: it implements
 * the interface, by value and through a pointer, statically and in a run-time assertion. */
Test(vm, promoted_methods_of_an_embedded_interface)
{
	static const char src[] =
	    "package main\n"
	    "\n"
	    "import \"fmt\"\n"
	    "\n"
	    "type Greeter interface{ Greet() string }\n"
	    "\n"
	    "type Eng struct{}\n"
	    "\n"
	    "func (Eng) Greet() string { return \"hi\" }\n"
	    "\n"
	    "type Wrapper struct {\n"
	    "	Greeter\n"
	    "	n int\n"
	    "}\n"
	    "\n"
	    "func main() {\n"
	    "	w := Wrapper{Eng{}, 1}\n"
	    "	var gi Greeter = w\n"
	    "	var gp Greeter = &w\n"
	    "	fmt.Println(gi.Greet(), gp.Greet())\n"
	    "	var e any = w\n"
	    "	g, ok := e.(Greeter)\n"
	    "	fmt.Println(ok, g != nil)\n"
	    "}\n";
	PL_EXPECT_OUTPUT(src, "hi hi\ntrue true\n");
}

/* Closures share their captured variables; nested closures capture through the middle one;
 * per-iteration loop variables (Go 1.22) for three-clause and range loops; a recursive
 * closure through a captured variable. */
Test(vm, closures_share_captured_variables)
{
	static const char src[] =
	    "package main\n"
	    "\n"
	    "import \"fmt\"\n"
	    "\n"
	    "func counter() (func() int, func(int)) {\n"
	    "	c := 0\n"
	    "	return func() int { c++; return c }, func(v int) { c = v }\n"
	    "}\n"
	    "\n"
	    "func adder(base int) func(int) func() int {\n"
	    "	return func(x int) func() int {\n"
	    "		return func() int { base += x; return base }\n"
	    "	}\n"
	    "}\n"
	    "\n"
	    "func main() {\n"
	    "	next, set := counter()\n"
	    "	next()\n"
	    "	next()\n"
	    "	set(100)\n"
	    "	fmt.Println(next(), next())\n"
	    "	add := adder(10)\n"
	    "	a5 := add(5)\n"
	    "	a1 := add(1)\n"
	    "	fmt.Println(a5(), a1(), a5())\n"
	    "	var fs []func() int\n"
	    "	for i := 0; i < 3; i++ {\n"
	    "		fs = append(fs, func() int { return i * i })\n"
	    "	}\n"
	    "	for _, s := range []string{\"x\", \"yy\"} {\n"
	    "		fs = append(fs, func() int { return len(s) })\n"
	    "	}\n"
	    "	for _, f := range fs {\n"
	    "		fmt.Print(f(), \" \")\n"
	    "	}\n"
	    "	fmt.Println()\n"
	    "	fib := func(n int) int { return n }\n"
	    "	var rec func(int) int\n"
	    "	rec = func(n int) int {\n"
	    "		if n < 2 {\n"
	    "			return fib(n)\n"
	    "		}\n"
	    "		return rec(n-1) + rec(n-2)\n"
	    "	}\n"
	    "	fmt.Println(rec(20))\n"
	    "}\n";
	PL_EXPECT_OUTPUT(src, "101 102\n15 16 21\n0 1 4 1 2 \n6765\n");
}

/* ---------------------------------------------------------------- maps, strings, slices */

/* Deleting entries during range: an entry deleted before it is reached is never produced,
 * and every surviving entry is produced exactly once. */
Test(vm, map_iteration_under_deletion)
{
	static const char src[] =
	    "package main\n"
	    "\n"
	    "import (\n"
	    "	\"fmt\"\n"
	    "	\"strconv\"\n"
	    ")\n"
	    "\n"
	    "func main() {\n"
	    "	m := map[int]int{}\n"
	    "	for i := 0; i < 1000; i++ {\n"
	    "		m[i] = i\n"
	    "	}\n"
	    "	n, sum := 0, 0\n"
	    "	for k, v := range m {\n"
	    "		n++\n"
	    "		sum += v\n"
	    "		delete(m, k)\n"
	    "	}\n"
	    "	fmt.Println(n, sum, len(m))\n"
	    "\n"
	    "	m2 := map[string]int{}\n"
	    "	for i := 0; i < 100; i++ {\n"
	    "		m2[strconv.Itoa(i)] = i\n"
	    "	}\n"
	    "	seen := 0\n"
	    "	for k := range m2 {\n"
	    "		seen++\n"
	    "		for k2 := range m2 {\n"
	    "			if k2 != k {\n"
	    "				delete(m2, k2)\n"
	    "			}\n"
	    "		}\n"
	    "	}\n"
	    "	fmt.Println(seen, len(m2))\n"
	    "\n"
	    "	m3 := map[int]bool{}\n"
	    "	for i := 0; i < 200; i++ {\n"
	    "		m3[i] = true\n"
	    "	}\n"
	    "	visited := map[int]bool{}\n"
	    "	for k := range m3 {\n"
	    "		visited[k] = true\n"
	    "		delete(m3, k^1)\n"
	    "	}\n"
	    "	pairs := 0\n"
	    "	for i := 0; i < 200; i += 2 {\n"
	    "		if visited[i] != visited[i+1] {\n"
	    "			pairs++\n"
	    "		}\n"
	    "	}\n"
	    "	fmt.Println(len(visited), pairs, len(m3))\n"
	    "}\n";
	/* Deleting the current key: all 1000 still seen. Deleting every other key on the first
	 * step: one iteration. Deleting the partner k^1: exactly one of each pair is seen. */
	PL_EXPECT_OUTPUT(src, "1000 499500 0\n1 1\n100 100 100\n");
}

/* Ranging over a string decodes UTF-8; each invalid byte (a stray continuation byte, a
 * truncated sequence, a surrogate, an overlong form, a code point past U+10FFFF) yields
 * U+FFFD and advances one byte. */
Test(vm, string_range_with_invalid_utf8)
{
	static const char src[] =
	    "package main\n"
	    "\n"
	    "import \"fmt\"\n"
	    "\n"
	    "func main() {\n"
	    "	s := \"a\\xffb\\u20ac\\xe2\\x82c\\U0001F600\\xed\\xa0\\x80\\xc0\\x80\\xf4\\x90\\x80\\x80z\"\n"
	    "	for i, r := range s {\n"
	    "		fmt.Print(i, \":\", r, \" \")\n"
	    "	}\n"
	    "	fmt.Println()\n"
	    "	rs := []rune(s)\n"
	    "	fmt.Println(len(s), len(rs), rs[1] == 0xFFFD)\n"
	    "	fmt.Println(string(rune(-1)) == \"\\uFFFD\", string(rune(0x10FFFF+1)) == \"\\xef\\xbf\\xbd\", len(string(rs)))\n"
	    "	n := 0\n"
	    "	for range \"\\x80\\x80\\x80\" {\n"
	    "		n++\n"
	    "	}\n"
	    "	fmt.Println(n)\n"
	    "}\n";
	PL_EXPECT_OUTPUT(src, "0:97 1:65533 2:98 3:8364 6:65533 7:65533 8:99 9:128512 "
	                      "13:65533 14:65533 15:65533 16:65533 17:65533 "
	                      "18:65533 19:65533 20:65533 21:65533 22:122 \n"
	                      "23 18 true\n"
	                      "true true 47\n"
	                      "3\n");
}

/* append's growth: double below 256 elements, then newcap += (newcap + 3*256) / 4, and the
 * byte size rounded up to a malloc size class (Go 1.22's growslice and roundupsize). Go 1.19
 * prints 64 128 256 512 848 for the strings: it has no malloc headers. */
Test(vm, append_growth_caps)
{
	static const char src[] =
	    "package main\n"
	    "\n"
	    "import \"fmt\"\n"
	    "\n"
	    "func main() {\n"
	    "	var s []int\n"
	    "	last := -1\n"
	    "	for i := 0; i < 1000; i++ {\n"
	    "		s = append(s, i)\n"
	    "		if cap(s) != last {\n"
	    "			last = cap(s)\n"
	    "			fmt.Print(last, \" \")\n"
	    "		}\n"
	    "	}\n"
	    "	fmt.Println()\n"
	    "	ok := true\n"
	    "	for i, v := range s {\n"
	    "		if v != i {\n"
	    "			ok = false\n"
	    "		}\n"
	    "	}\n"
	    "	fmt.Println(len(s), ok)\n"
	    "	var b []byte\n"
	    "	last = -1\n"
	    "	for i := 0; i < 2000; i++ {\n"
	    "		b = append(b, byte(i))\n"
	    "		if cap(b) != last {\n"
	    "			last = cap(b)\n"
	    "			fmt.Print(last, \" \")\n"
	    "		}\n"
	    "	}\n"
	    "	fmt.Println()\n"
	    "	var ss []string\n"
	    "	last = -1\n"
	    "	for i := 0; i < 1000; i++ {\n"
	    "		ss = append(ss, \"x\")\n"
	    "		if cap(ss) != last {\n"
	    "			last = cap(ss)\n"
	    "			fmt.Print(last, \" \")\n"
	    "		}\n"
	    "	}\n"
	    "	fmt.Println()\n"
	    "	five := append([]int(nil), 1, 2, 3, 4, 5)\n"
	    "	t := make([]int, 3, 10)\n"
	    "	u := append(t, 9)\n"
	    "	u[0] = 100\n"
	    "	fmt.Println(cap(five), t[0], len(u), cap(u))\n"
	    "	v := append(t[:3:3], 9)\n"
	    "	v[0] = 7\n"
	    "	fmt.Println(t[0], cap(v))\n"
	    "}\n";
	/* ints: 512 -> 832 elements = 6656 bytes -> class 6784 = 848; 848 -> 1252 = 10016 bytes
	 * -> class 10240 = 1280. Bytes start at class 8; 512 -> 832 -> class 896; 896 -> 1312 ->
	 * class 1408; 1408 -> 1952 -> class 2048. Strings hold pointers, and Go 1.22 puts an
	 * 8-byte malloc header in front of pointerful objects over 512 bytes: 64 strings = 1024
	 * bytes + 8 -> class 1152, less the header = 1144 bytes = 71 strings; 142 -> 2280 ->
	 * class 2304 -> 143; 286 -> 4584 -> 4864 -> 303; 570 -> 9128 -> 9472 -> 591; 930 ->
	 * 14888 -> 16384 -> 1023. append of 5 ints to nil: 40 bytes -> class 48 = 6. */
	PL_EXPECT_OUTPUT(src, "1 2 4 8 16 32 64 128 256 512 848 1280 \n"
	                      "1000 true\n"
	                      "8 16 32 64 128 256 512 896 1408 2048 \n"
	                      "1 2 4 8 16 32 71 143 303 591 1023 \n"
	                      "6 100 4 10\n"
	                      "100 6\n");
}

/* ---------------------------------------------------------------- fatal panics */

static const char panic_prog_fmt[] =
    "package main\n"
    "import (\"errors\"; \"fmt\")\n"
    "type MyInt int\n"
    "type S struct{ a int }\n"
    "func (s S) String() string { return fmt.Sprint(\"S-\", s.a) }\n"
    "type E struct{ n int }\n"
    "func (e *E) Error() string { return fmt.Sprintf(\"E%%d\", e.n) }\n"
    "var _ = errors.New\n"
    "func main() {\n"
    "	fmt.Print(\"out\")\n"
    "	panic(%s)\n"
    "}\n";

/* An unrecovered panic prints its value as Go's printpanics does: Error() for errors,
 * String() for Stringers, a named basic type as T(v), floats in print's %e form. */
Test(vm, unrecovered_panic_values_print_like_go)
{
	static const struct {
		const char *arg, *line;
	} cases[] = {
	    {"MyInt(5)", "panic: main.MyInt(5)"},
	    {"S{7}", "panic: S-7"},
	    {"&E{3}", "panic: E3"},
	    {"errors.New(\"plain error\")", "panic: plain error"},
	    {"fmt.Errorf(\"wrap: %w\", &E{4})", "panic: wrap: E4"},
	    {"3.5", "panic: +3.500000e+000"},
	    {"\"two\\nlines\"", "panic: two"},
	    {"true", "panic: true"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char src[1024];
		snprintf(src, sizeof src, panic_prog_fmt, cases[i].arg);
		expect_failure(pl_run(src), 2, "out", cases[i].line);
	}
}

/* ---------------------------------------------------------------- statements */

/* Slots are reused and only some are cleared at frame entry, so every declaration must
 * produce a zero value itself: locals declared after a dirty call, in a loop body, after a
 * dead block, partly keyed composite literals and named results. */
Test(vm, declarations_give_zero_values_in_reused_slots)
{
	static const char src[] =
	    "package main\n"
	    "\n"
	    "import \"fmt\"\n"
	    "\n"
	    "type P struct {\n"
	    "	a, b int\n"
	    "	f    float64\n"
	    "	s    string\n"
	    "	arr  [3]int\n"
	    "}\n"
	    "\n"
	    "func dirty(k int) int {\n"
	    "	x, y, z := k*3, k*5, float64(k)/2\n"
	    "	arr := [6]int{k, k, k, k, k, k}\n"
	    "	return x + y + int(z) + arr[5]\n"
	    "}\n"
	    "\n"
	    "func fresh(k int) (r int, q P) {\n"
	    "	if k > 0 {\n"
	    "		a := k * 7\n"
	    "		b := a + 1\n"
	    "		_ = b\n"
	    "	}\n"
	    "	var c int\n"
	    "	var d [4]int\n"
	    "	var e P\n"
	    "	p := P{b: 2}\n"
	    "	for i := 0; i < 3; i++ {\n"
	    "		var acc int\n"
	    "		acc += i\n"
	    "		c += acc\n"
	    "	}\n"
	    "	r = c + d[3] + e.a + e.arr[2] + p.a + p.arr[1] + int(p.f) + len(e.s)\n"
	    "	return\n"
	    "}\n"
	    "\n"
	    "func main() {\n"
	    "	for k := 1; k < 4; k++ {\n"
	    "		dirty(k * 1000)\n"
	    "		r, q := fresh(k)\n"
	    "		fmt.Println(r, q.a, q.b, q.f, q.s == \"\", q.arr)\n"
	    "	}\n"
	    "}\n";
	/* c = 0 + 1 + 2 = 3; everything else is zero. */
	PL_EXPECT_OUTPUT(src, "3 0 0 0 true [0 0 0]\n3 0 0 0 true [0 0 0]\n"
	                      "3 0 0 0 true [0 0 0]\n");
}

/* Go 1.22 loop variables when the body changes them; defer evaluates arguments and
 * receivers at the defer statement; arrays copy; copy handles overlap; assignments evaluate
 * index operands first; labelled break/continue; fallthrough; map values are copies;
 * min, max and clear. */
Test(vm, evaluation_order_and_control_flow)
{
	static const char src[] =
	    "package main\n"
	    "\n"
	    "import \"fmt\"\n"
	    "\n"
	    "type T struct{ v int }\n"
	    "\n"
	    "func (t T) Show() { fmt.Println(\"show\", t.v) }\n"
	    "func (t *T) PShow() { fmt.Println(\"pshow\", t.v) }\n"
	    "\n"
	    "func main() {\n"
	    "	var fs []func()\n"
	    "	for i := 0; i < 5; i++ {\n"
	    "		fs = append(fs, func() { fmt.Print(i, \" \") })\n"
	    "		i++\n"
	    "	}\n"
	    "	for _, f := range fs {\n"
	    "		f()\n"
	    "	}\n"
	    "	fmt.Println()\n"
	    "	x := 1\n"
	    "	defer fmt.Println(\"deferred x\", x)\n"
	    "	x = 2\n"
	    "	t := T{1}\n"
	    "	defer t.Show()\n"
	    "	defer t.PShow()\n"
	    "	t.v = 5\n"
	    "	a := [3]int{1, 2, 3}\n"
	    "	b := a\n"
	    "	b[0] = 9\n"
	    "	fmt.Println(a, b)\n"
	    "	s := []int{1, 2, 3, 4, 5}\n"
	    "	copy(s[1:], s)\n"
	    "	fmt.Println(s)\n"
	    "	i := 0\n"
	    "	i, s[i] = 1, 42\n"
	    "	fmt.Println(i, s)\n"
	    "	s[0], s[4] = s[4], s[0]\n"
	    "	fmt.Println(s)\n"
	    "outer:\n"
	    "	for i := 0; i < 3; i++ {\n"
	    "		for j := 0; j < 3; j++ {\n"
	    "			if j == 2 {\n"
	    "				continue outer\n"
	    "			}\n"
	    "			if i == 2 {\n"
	    "				break outer\n"
	    "			}\n"
	    "			fmt.Print(i, j, \";\")\n"
	    "		}\n"
	    "	}\n"
	    "	fmt.Println()\n"
	    "	switch x {\n"
	    "	case 2:\n"
	    "		fmt.Println(\"two\")\n"
	    "		fallthrough\n"
	    "	case 3:\n"
	    "		fmt.Println(\"three\")\n"
	    "	case 4:\n"
	    "		fmt.Println(\"four\")\n"
	    "	}\n"
	    "	m := map[string]T{\"a\": {1}}\n"
	    "	c := m[\"a\"]\n"
	    "	c.v = 100\n"
	    "	fmt.Println(m[\"a\"].v, min(3, 1, 2), max(2.5, 1), min(\"b\", \"a\"))\n"
	    "	clear(m)\n"
	    "	fmt.Println(len(m))\n"
	    "}\n";
	/* Loop: i = 0 -> 1 (body) captured, copy, post -> 2 -> 3 captured, -> 4 -> 5 captured. */
	PL_EXPECT_OUTPUT(src, "1 3 5 \n"
	                      "[1 2 3] [9 2 3]\n"
	                      "[1 1 2 3 4]\n"
	                      "1 [42 1 2 3 4]\n"
	                      "[4 1 2 3 42]\n"
	                      "0 0;0 1;1 0;1 1;\n"
	                      "two\nthree\n"
	                      "1 1 2.5 a\n"
	                      "0\n"
	                      "pshow 5\nshow 1\ndeferred x 1\n");
}

/* Comparisons involving NaN are all false, so a negated condition must not be turned into
 * the opposite comparison; narrow shifts, MinInt32 / -1, float to integer truncation. */
Test(vm, float_comparisons_and_narrow_integer_edges)
{
	static const char src[] =
	    "package main\n"
	    "\n"
	    "import (\n"
	    "	\"fmt\"\n"
	    "	\"math\"\n"
	    ")\n"
	    "\n"
	    "func main() {\n"
	    "	nan := math.NaN()\n"
	    "	one := 1.0\n"
	    "	fmt.Println(nan == nan, nan != nan, nan < one, nan >= one, !(nan < one), !(nan >= one))\n"
	    "	if !(nan < one) {\n"
	    "		fmt.Println(\"A\")\n"
	    "	}\n"
	    "	if !(nan > one) && !(nan <= one) {\n"
	    "		fmt.Println(\"B\")\n"
	    "	}\n"
	    "	for i := 0; !(nan == float64(i)) && i < 2; i++ {\n"
	    "		fmt.Println(\"C\", i)\n"
	    "	}\n"
	    "	x := nan\n"
	    "	if x < one || x > one || x == one {\n"
	    "		fmt.Println(\"wrong\")\n"
	    "	} else {\n"
	    "		fmt.Println(\"D\")\n"
	    "	}\n"
	    "	m := map[float64]int{}\n"
	    "	m[nan] = 1\n"
	    "	m[nan] = 2\n"
	    "	fmt.Println(len(m), m[nan])\n"
	    "	var i8 int8 = 1\n"
	    "	var s uint = 7\n"
	    "	fmt.Println(i8<<s, i8<<(s+1), int32(-5)>>s, uint8(200)>>s)\n"
	    "	var huge uint64 = math.MaxUint64\n"
	    "	fmt.Println(one < 2 && uint64(3) < huge, huge > 1, uint8(200) > uint8(100), int8(-1) < int8(1))\n"
	    "	var mi int32 = math.MinInt32\n"
	    "	var m1 int32 = -1\n"
	    "	fmt.Println(mi/m1, mi%m1, int8(-128)%int8(-1))\n"
	    "	z := 0.0\n"
	    "	fmt.Println(1/z, -1/z, z/z == z/z, math.Inf(1) > math.MaxFloat64)\n"
	    "	f := 2.9\n"
	    "	nf := -2.9\n"
	    "	fmt.Println(int(f), int(nf), uint8(f), int64(float32(16777217)))\n"
	    "	var u uint = 3\n"
	    "	var v uint = 5\n"
	    "	fmt.Println(u-v, int(u)-int(v), u/v, v%u)\n"
	    "}\n";
	PL_EXPECT_OUTPUT(src, "false true false false true true\n"
	                      "A\nB\nC 0\nC 1\nD\n"
	                      "2 0\n"
	                      "-128 0 -1 1\n"
	                      "true true true true\n"
	                      "-2147483648 0 0\n"
	                      "+Inf -Inf false true\n"
	                      "2 -2 2 16777216\n"
	                      "18446744073709551614 -2 0 2\n");
}

/* ---------------------------------------------------------------- goroutine dumps */

/* A deadlock prints Go's report: the fatal error, then every goroutine with its wait reason,
 * its frames (parked frames at the line of the blocking call) and, for goroutines started by a
 * go statement, where they were created. Go also prints argument values and PC offsets, which
 * minirt leaves out (README, known differences). */
Test(vm, deadlock_dumps_every_goroutine)
{
	const char *src = "package main\n"
	                  "\n"
	                  "func waiter(c chan int) {\n"
	                  "\t<-c\n"
	                  "}\n"
	                  "\n"
	                  "func main() {\n"
	                  "\tc := make(chan int)\n"
	                  "\tgo waiter(c)\n"
	                  "\tvar m chan int\n"
	                  "\tm <- 1\n"
	                  "}\n";
	PlResult r = pl_run(src);
	cr_assert_eq(r.status, 2);
	cr_assert_str_eq(r.out, "");
	cr_assert_str_eq(r.err, "fatal error: all goroutines are asleep - deadlock!\n"
	                        "\n"
	                        "goroutine 1 [chan send (nil chan)]:\n"
	                        "main.main()\n"
	                        "\tt.go:11\n"
	                        "\n"
	                        "goroutine 2 [chan receive]:\n"
	                        "main.waiter(...)\n"
	                        "\tt.go:4\n"
	                        "created by main.main in goroutine 1\n"
	                        "\tt.go:9\n");
}
