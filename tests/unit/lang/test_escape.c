/*
 * test_escape.c - escape analysis (lang/escape.c): parameter summaries across calls, through
 * several levels and through recursion, content leaks, loop depth and closures, read from the
 * -m report (escape_report). Each expectation is Go's rule applied by hand to the program (the
 * same programs give the same lines under `go build -gcflags='-m -l'`); positions are the
 * declaring name for parameters and variables, the "(" of new(...), the "&" of &T{...} and the
 * "func" of a function literal.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "lang/check.h"
#include "lang/diag.h"
#include "lang/escape.h"
#include "lang/parser.h"
#include "lang/types.h"
#include "runtime/env.h"

static const char *report_at(const char *src, int level);

static const char *report_of(const char *src)
{
	return report_at(src, 0);
}

/* The report of -m (level 1 and 0 give the same lines) or -m -m (level 2). */
static const char *report_at(const char *src, int level)
{
	cr_assert(env_init());
	types_init();
	diag_reset();
	File *f = parse_file("t.go", src, strlen(src));
	cr_assert_eq(diag_count(), 0, "the program must parse");
	Program *prog = check_program(f);
	if (!prog || diag_count())
		diag_flush();
	cr_assert(prog && diag_count() == 0, "the program must type-check");
	escape_analyse(prog, true, level);
	return escape_report();
}

static void has(const char *report, const char *line)
{
	char want[256];
	snprintf(want, sizeof want, "%s\n", line);
	cr_assert(strstr(report, want), "missing \"%s\" in:\n%s", line, report);
}

static void lacks(const char *report, const char *part)
{
	cr_assert(!strstr(report, part), "unexpected \"%s\" in:\n%s", part, report);
}

/* A parameter that only flows to the result does not send its caller's variable to the heap;
 * one stored in a global does. */
Test(escape, summaries_across_calls)
{
	const char *r = report_of("package main\n"                          /* 1 */
	                          "var g *int\n"                            /* 2 */
	                          "func id(p *int) *int { return p }\n"     /* 3 */
	                          "func keep(q *int) { g = q }\n"           /* 4 */
	                          "func f() int {\n"                        /* 5 */
	                          "\tx := 1\n"                              /* 6 */
	                          "\treturn *id(&x)\n"                      /* 7 */
	                          "}\n"                                     /* 8 */
	                          "func h() {\n"                            /* 9 */
	                          "\ty := 2\n"                              /* 10 */
	                          "\tkeep(&y)\n"                            /* 11 */
	                          "}\n"                                     /* 12 */
	                          "func main() { f(); h() }\n");
	has(r, "t.go:3:9: leaking param: p to result ~r0 level=0");
	has(r, "t.go:4:11: leaking param: q");
	has(r, "t.go:10:2: moved to heap: y");
	lacks(r, "moved to heap: x");
}

/* Summaries compose through a chain of calls and through recursion. */
Test(escape, summaries_through_levels_and_recursion)
{
	const char *r = report_of("package main\n"                                       /* 1 */
	                          "var g *int\n"                                         /* 2 */
	                          "func a(p *int) *int { return b(p) }\n"                /* 3 */
	                          "func b(q *int) *int { return q }\n"                   /* 4 */
	                          "func r(s *int, n int) *int {\n"                       /* 5 */
	                          "\tif n == 0 {\n"                                      /* 6 */
	                          "\t\treturn s\n"                                       /* 7 */
	                          "\t}\n"                                                /* 8 */
	                          "\treturn r(s, n-1)\n"                                 /* 9 */
	                          "}\n"                                                  /* 10 */
	                          "func even(e *int, n int) bool {\n"                    /* 11 */
	                          "\tif n == 0 {\n"                                      /* 12 */
	                          "\t\tg = e\n"                                          /* 13 */
	                          "\t\treturn true\n"                                    /* 14 */
	                          "\t}\n"                                                /* 15 */
	                          "\treturn odd(e, n-1)\n"                               /* 16 */
	                          "}\n"                                                  /* 17 */
	                          "func odd(o *int, n int) bool { return even(o, n) }\n" /* 18 */
	                          "func main() {\n"                                      /* 19 */
	                          "\tx := 1\n"                                           /* 20 */
	                          "\t_ = *a(&x) + *r(&x, 3)\n"                           /* 21 */
	                          "\tz := 2\n"                                           /* 22 */
	                          "\t_ = even(&z, 4)\n"                                  /* 23 */
	                          "}\n");
	has(r, "t.go:3:8: leaking param: p to result ~r0 level=0");
	has(r, "t.go:4:8: leaking param: q to result ~r0 level=0");
	has(r, "t.go:5:8: leaking param: s to result ~r0 level=0");
	has(r, "t.go:11:11: leaking param: e");
	has(r, "t.go:18:10: leaking param: o");
	has(r, "t.go:22:2: moved to heap: z");
	lacks(r, "moved to heap: x");
}

/* What a pointer points to can leak without the pointer itself. */
Test(escape, content_leaks)
{
	const char *r = report_of("package main\n"                    /* 1 */
	                          "var g *int\n"                      /* 2 */
	                          "func c(pp **int) { g = *pp }\n"    /* 3 */
	                          "func d(p *int) int { return *p }\n" /* 4 */
	                          "func main() {\n"                   /* 5 */
	                          "\tx, y := 1, 2\n"                  /* 6 */
	                          "\tpx := &x\n"                      /* 7 */
	                          "\tc(&px)\n"                        /* 8 */
	                          "\t_ = d(&y)\n"                     /* 9 */
	                          "}\n");
	has(r, "t.go:3:8: leaking param content: pp");
	has(r, "t.go:4:8: p does not escape");
	has(r, "t.go:6:2: moved to heap: x");
	lacks(r, "moved to heap: px");
	lacks(r, "moved to heap: y");
}

/* A variable declared outside a loop outlives what the loop allocates; inside, it does not. */
Test(escape, loop_depth)
{
	const char *r = report_of("package main\n"                     /* 1 */
	                          "func outer() int {\n"               /* 2 */
	                          "\tvar p *int\n"                     /* 3 */
	                          "\tfor i := 0; i < 3; i++ {\n"       /* 4 */
	                          "\t\tp = new(int)\n"                 /* 5 */
	                          "\t}\n"                              /* 6 */
	                          "\treturn *p\n"                      /* 7 */
	                          "}\n"                                /* 8 */
	                          "func inner() int {\n"               /* 9 */
	                          "\tt := 0\n"                         /* 10 */
	                          "\tfor i := 0; i < 3; i++ {\n"       /* 11 */
	                          "\t\tq := new(int)\n"                /* 12 */
	                          "\t\tt += *q\n"                      /* 13 */
	                          "\t}\n"                              /* 14 */
	                          "\treturn t\n"                       /* 15 */
	                          "}\n"                                /* 16 */
	                          "func main() { _ = outer() + inner() }\n");
	has(r, "t.go:5:10: new(int) escapes to heap");
	has(r, "t.go:12:11: new(int) does not escape");
}

/* A closure returned from its function takes its captured variable with it; one called on the
 * spot does not. */
Test(escape, closures)
{
	const char *r = report_of("package main\n"                              /* 1 */
	                          "func counter() func() int {\n"               /* 2 */
	                          "\tn := 0\n"                                  /* 3 */
	                          "\treturn func() int {\n"                     /* 4 */
	                          "\t\tn++\n"                                   /* 5 */
	                          "\t\treturn n\n"                              /* 6 */
	                          "\t}\n"                                       /* 7 */
	                          "}\n"                                         /* 8 */
	                          "func now() int {\n"                          /* 9 */
	                          "\tm := 1\n"                                  /* 10 */
	                          "\tfunc() { m++ }()\n"                        /* 11 */
	                          "\treturn m\n"                                /* 12 */
	                          "}\n"                                         /* 13 */
	                          "func main() { _ = counter()() + now() }\n");
	has(r, "t.go:3:2: moved to heap: n");
	has(r, "t.go:4:9: func literal escapes to heap");
	has(r, "t.go:11:2: func literal does not escape");
	lacks(r, "moved to heap: m");
}

/* -m -m explains an escape edge by edge, from the allocation to the heap, and a parameter's
 * leak from the parameter to where it goes: each step a "flow: dst = src" line (& when the
 * address flows, * per dereference) with its reasons, newest first, at their statements'
 * positions (":=" and "=" at the operator, a call argument at the call's "("). */
Test(escape, explanations)
{
	const char *r = report_at("package main\n"                 /* 1 */
	                          "var g *int\n"                   /* 2 */
	                          "func keep(q *int) {\n"          /* 3 */
	                          "\tg = q\n"                      /* 4 */
	                          "}\n"                            /* 5 */
	                          "func f() *int {\n"              /* 6 */
	                          "\tp := new(int)\n"              /* 7 */
	                          "\tkeep(p)\n"                    /* 8 */
	                          "\tvar a [2]*int\n"              /* 9 */
	                          "\ta[1] = new(int)\n"            /* 10 */
	                          "\treturn a[1]\n"                /* 11 */
	                          "}\n"                            /* 12 */
	                          "func main() { f() }\n",
	                          2);
	const char *want[] = {
	        "t.go:3:11: parameter q leaks to {heap} with derefs=0:",
	        "t.go:3:11:   flow: {heap} = q:",
	        "t.go:3:11:     from g = q (assign) at t.go:4:4",
	        "t.go:3:11: leaking param: q",
	        "t.go:7:10: new(int) escapes to heap:",
	        "t.go:7:10:   flow: p = &{storage for new(int)}:",
	        "t.go:7:10:     from new(int) (spill) at t.go:7:10",
	        "t.go:7:10:     from p := new(int) (assign) at t.go:7:4",
	        "t.go:7:10:   flow: {heap} = p:",
	        "t.go:7:10:     from keep(p) (call parameter) at t.go:8:6",
	        "t.go:10:12: new(int) escapes to heap:",
	        "t.go:10:12:   flow: a = &{storage for new(int)}:",
	        "t.go:10:12:     from new(int) (spill) at t.go:10:12",
	        "t.go:10:12:     from a[1] = new(int) (assign) at t.go:10:7",
	        "t.go:10:12:   flow: ~r0 = a:",
	        "t.go:10:12:     from a[1] (fixed-array-index-of) at t.go:11:10",
	        "t.go:10:12:     from return a[1] (return) at t.go:11:2",
	        "t.go:7:10: new(int) escapes to heap",
	        "t.go:10:12: new(int) escapes to heap",
	};
	/* all of them, in this order */
	const char *at = r;
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		char line[256];
		snprintf(line, sizeof line, "%s\n", want[i]);
		const char *hit = strstr(at, line);
		cr_assert(hit, "missing or out of order \"%s\" in:\n%s", want[i], r);
		at = hit + strlen(line);
	}
	/* the array itself does not escape: only its elements' targets do */
	lacks(r, "moved to heap: a");
}
