/*
 * test_goprof.c - the goroutine and threadcreate profiles (lang/std/goprof.c) through
 * runtime/pprof, run by the real interpreter and scheduler.
 *
 * The script starts ten goroutines that block on the same channel receive in worker (line 16),
 * two that block sending in sender (line 20) and one that blocks in select {} in idle (line 24);
 * runtime.Gosched() lets them all run until they park (minirt runs one goroutine at a time
 * and the new ones run in creation order). So the goroutine profile, taken by main on a line
 * the tests know, holds 14 goroutines in four groups: 10 x worker, 2 x sender, and two single
 * stacks (main's own and idle's), which Go orders by their '@' key strings. Goroutine ids:
 * main is 1, the others 2..14 in creation order. The dump (debug=2) lists main first, then
 * the others in creation order, each with its wait reason and its "created by" line.
 *
 * Expected frame lines follow proftext.h: "+0x<off>" is the frame's line minus the function's
 * first line; runtime/pprof's own frames (the native and Profile.WriteTo in the standard
 * package's source) are matched without their line numbers.
 */
#include <criterion/criterion.h>
#include <regex.h>
#include <zlib.h>

#include "lang/std/fmt.h"
#include "lang/std/goprof.h"
#include "prof/profile.pb-c.h"
#include "tests/unit/prof/profile_decode.h"
#include "tests/unit/lang/pipeline.h"

static const char *src = "package main\n"                           /* 1 */
                         "\n"                                       /* 2 */
                         "import (\n"                               /* 3 */
                         "\t\"fmt\"\n"                              /* 4 */
                         "\t\"os\"\n"                               /* 5 */
                         "\t\"runtime\"\n"                          /* 6 */
                         "\t\"runtime/pprof\"\n"                    /* 7 */
                         "\t\"strconv\"\n"                          /* 8 */
                         ")\n"                                      /* 9 */
                         "\n"                                       /* 10 */
                         "var c = make(chan int)\n"                 /* 11 */
                         "var s = make(chan int)\n"                 /* 12 */
                         "var done = make(chan bool)\n"             /* 13 */
                         "\n"                                       /* 14 */
                         "func worker() {\n"                        /* 15 */
                         "\t<-c\n"                                  /* 16 */
                         "\tdone <- true\n"                         /* 17 */
                         "}\n"                                      /* 18 */
                         "\n"                                       /* 19 */
                         "func sender() { s <- 1 }\n"               /* 20 */
                         "\n"                                       /* 21 */
                         "func idle() {\n"                          /* 22 */
                         "\tfor {\n"                                /* 23 */
                         "\t\tselect {}\n"                          /* 24 */
                         "\t}\n"                                    /* 25 */
                         "}\n"                                      /* 26 */
                         "\n"                                       /* 27 */
                         "func main() {\n"                          /* 28 */
                         "\tdebug, _ := strconv.Atoi(os.Args[1])\n" /* 29 */
                         "\tfor i := 0; i < 10; i++ {\n"            /* 30 */
                         "\t\tgo worker()\n"                        /* 31 */
                         "\t}\n"                                    /* 32 */
                         "\tgo sender()\n"                          /* 33 */
                         "\tgo sender()\n"                          /* 34 */
                         "\tgo idle()\n"                            /* 35 */
                         "\truntime.Gosched()\n"                    /* 36 */
                         "\tp := pprof.Lookup(\"goroutine\")\n"     /* 37 */
                         "\tfmt.Println(p.Name(), p.Count())\n"     /* 38 */
                         "\tp.WriteTo(os.Stdout, debug)\n"          /* 39 */
                         "\tfor i := 0; i < 10; i++ {\n"            /* 40 */
                         "\t\tc <- i\n"                             /* 41 */
                         "\t\t<-done\n"                             /* 42 */
                         "\t}\n"                                    /* 43 */
                         "\t<-s\n"                                  /* 44 */
                         "\t<-s\n"                                  /* 45 */
                         "\truntime.Gosched()\n"                    /* 46 */
                         "\tfmt.Println(p.Name(), p.Count())\n"     /* 47 */
                         "\tp.WriteTo(os.Stdout, debug)\n"          /* 48 */
                         "\tt := pprof.Lookup(\"threadcreate\")\n"  /* 49 */
                         "\tfmt.Println(t.Name(), t.Count())\n"     /* 50 */
                         "\tt.WriteTo(os.Stdout, debug)\n"          /* 51 */
                         "}\n";                                     /* 52 */

/* Runs the script with os.Args[1] = debug; returns its standard output (all of it: the
 * protobuf is binary) and its length. */
static char *run_script(const char *debug, size_t *len)
{
	FILE *out = tmpfile(), *err = tmpfile();
	cr_assert(out && err);
	fflush(stdout);
	pid_t pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		dup2(fileno(out), 1);
		dup2(fileno(err), 2);
		char *argv[] = {"t.go", (char *)debug, NULL};
		CompiledProgram *cp = pl_start(src, 2, argv);
		int st = vm_run_main(cp);
		rt_stdout_flush();
		fflush(stdout);
		_exit(st);
	}
	int ws = 0;
	waitpid(pid, &ws, 0);
	char *e = pl_slurp(err);
	cr_assert(WIFEXITED(ws) && WEXITSTATUS(ws) == 0, "the script failed:\n%s", e);
	free(e);
	fflush(out);
	long n = ftell(out);
	rewind(out);
	char *buf = calloc(1, (size_t)n + 1);
	*len = fread(buf, 1, (size_t)n, out);
	fclose(out);
	return buf;
}

static void assert_matches(const char *text, const char *re)
{
	regex_t rx;
	cr_assert_eq(regcomp(&rx, re, REG_EXTENDED), 0, "bad regex %s", re);
	int r = regexec(&rx, text, 0, NULL, 0);
	regfree(&rx);
	cr_assert_eq(r, 0, "no match for\n%s\nin\n%s", re, text);
}

#define W   "0x[0-9a-f]+" /* a stack word */
#define STD "<std>/runtime/pprof\\.go:[0-9]+"
/* main's own record: the native, Profile.WriteTo, main.main at the WriteTo call */
#define MAIN_FRAMES(line)                                                         \
	"#\t" W "\t+runtime/pprof\\.goroutineProfile\\+0x[0-9a-f]+\t+" STD "\n"           \
	"#\t" W "\t+runtime/pprof\\.\\(\\*Profile\\)\\.WriteTo\\+0x[0-9a-f]+\t+" STD "\n" \
	"#\t" W "\t+main\\.main\\+0x" #line "\t+t\\.go:" line_##line "\n\n"
#define line_b  "39" /* 0xb = 39 - 28 */
#define line_14 "48" /* 0x14 = 48 - 28 */

Test(goprof, goroutine_text_debug1)
{
	size_t n;
	char *out = run_script("1", &n);
	/* The four keys: 10 and 2 first (count order), then main's and idle's single stacks in
	 * key order; which of those two comes first depends on the words, checked below. */
	assert_matches(out, "^goroutine 14\n"
	                    "goroutine profile: total 14\n"
	                    "10 @ " W " " W "\n"
	                    "#\t" W "\t+main\\.worker\\+0x1\t+t\\.go:16\n\n"
	                    "2 @ " W " " W "\n"
	                    "#\t" W "\t+main\\.sender\\+0x0\t+t\\.go:20\n\n"
	                    "(1 @ " W " " W " " W "|1 @ " W " " W ")\n");
	assert_matches(out, "\n1 @ " W " " W " " W "\n" MAIN_FRAMES(b));
	assert_matches(out, "\n1 @ " W " " W "\n#\t" W "\t+main\\.idle\\+0x2\t+t\\.go:24\n\n");
	/* the two single records in key order */
	char *k1 = strstr(out, "\n1 @ ") + 3, *k2 = strstr(k1, "\n1 @ ") + 3;
	cr_assert(k2 > k1 + 3);
	size_t l1 = strcspn(k1, "\n"), l2 = strcspn(k2, "\n");
	int c = strncmp(k1, k2, l1 < l2 ? l1 : l2);
	cr_assert(c < 0 || (c == 0 && l1 < l2), "keys out of order:\n%s", out);
	/* After the workers and senders finished: main and idle. */
	char *second = strstr(out, "\n\ngoroutine 2\ngoroutine profile: total 2\n");
	cr_assert_not_null(second, "%s", out);
	assert_matches(second, "\n1 @ " W " " W " " W "\n" MAIN_FRAMES(14));
	assert_matches(second, "\n1 @ " W " " W "\n#\t" W "\t+main\\.idle\\+0x2\t+t\\.go:24\n\n");
	/* threadcreate: one M with an empty stack, as Go prints it */
	char *tc = strstr(out, "threadcreate 1\n");
	cr_assert_not_null(tc, "%s", out);
	cr_assert_str_eq(tc, "threadcreate 1\nthreadcreate profile: total 1\n1 @\n#\t0x0\n\n");
	free(out);
}

/* One goroutine's traceback in the dump: header, frames, created-by. */
static void expect_dump_entry(const char *dump, int goid, const char *state, const char *fn,
                              int line, int created_line)
{
	char want[512];
	snprintf(want, sizeof want,
	         "\n\ngoroutine %d [%s]:\nmain.%s()\n\tt.go:%d\n"
	         "created by main.main in goroutine 1\n\tt.go:%d\n",
	         goid, state, fn, line, created_line);
	cr_assert_not_null(strstr(dump, want), "missing\n%s\nin\n%s", want, dump);
}

static int count(const char *s, const char *sub)
{
	int n = 0;
	for (const char *p = strstr(s, sub); p; p = strstr(p + 1, sub))
		n++;
	return n;
}

Test(goprof, goroutine_dump_debug2)
{
	size_t n;
	char *out = run_script("2", &n);
	/* runtime.Stack(buf, true): the caller first, inside Profile.WriteTo */
	assert_matches(out, "^goroutine 14\n"
	                    "goroutine 1 \\[running\\]:\n"
	                    "runtime/pprof\\.\\(\\*Profile\\)\\.WriteTo\\(\\.\\.\\.\\)\n\t" STD "\n"
	                    "main\\.main\\(\\)\n\tt\\.go:39\n\n"
	                    "goroutine 2 \\[chan receive\\]:\n");
	for (int id = 2; id <= 11; id++)
		expect_dump_entry(out, id, "chan receive", "worker", 16, 31);
	expect_dump_entry(out, 12, "chan send", "sender", 20, 33);
	expect_dump_entry(out, 13, "chan send", "sender", 20, 34);
	expect_dump_entry(out, 14, "select (no cases)", "idle", 24, 35);
	char *second = strstr(out, "\ngoroutine 2\n");
	cr_assert_not_null(second, "%s", out);
	char *rest = strdup(second + 1);
	second[1] = 0;
	cr_assert_eq(count(out, "[chan receive]:\n"), 10);
	cr_assert_eq(count(out, "[chan send]:\n"), 2);
	cr_assert_eq(count(out, "[running]:\n"), 1);
	cr_assert_eq(count(out, "\ngoroutine "), 14); /* main's header follows "goroutine 14" */
	/* the dump ends with the last goroutine's created-by line, no blank line after it */
	const char *tail = "\n\ngoroutine 14 [select (no cases)]:\nmain.idle()\n\tt.go:24\n"
	                   "created by main.main in goroutine 1\n\tt.go:35\n";
	cr_assert_str_eq(out + strlen(out) - strlen(tail), tail);
	assert_matches(rest, "^goroutine 2\n"
	                     "goroutine 1 \\[running\\]:\n"
	                     "runtime/pprof\\.\\(\\*Profile\\)\\.WriteTo\\(\\.\\.\\.\\)\n\t" STD "\n"
	                     "main\\.main\\(\\)\n\tt\\.go:48\n\n"
	                     "goroutine 14 \\[select \\(no cases\\)\\]:\n"
	                     "main\\.idle\\(\\)\n\tt\\.go:24\n"
	                     "created by main\\.main in goroutine 1\n\tt\\.go:35\n"
	                     "threadcreate 1\n");
	free(rest);
	free(out);
}

/* ---------------------------------------------------------------- the protobuf */

/* printCountProfile's header for profile 'name'. */
static void assert_count_header(const Profile *p, const char *name)
{
	cr_assert_str_eq(str(p, 1), name); /* interned first, by the period type */
	cr_assert_str_eq(str(p, 2), "count");
	cr_assert_not_null(p->period_type);
	cr_assert_str_eq(str(p, p->period_type->type), name);
	cr_assert_str_eq(str(p, p->period_type->unit), "count");
	cr_assert_eq(p->period, 1);
	cr_assert_eq(p->n_sample_type, 1);
	cr_assert_str_eq(str(p, p->sample_type[0]->type), name);
	cr_assert_str_eq(str(p, p->sample_type[0]->unit), "count");
}

/* Sample i: its value and its frames as "fn:line" joined by ' '. */
static void assert_sample(const Profile *p, size_t i, int64_t value, const char *frames_re)
{
	cr_assert(i < p->n_sample);
	const Perftools__Profiles__Sample *s = p->sample[i];
	cr_assert_eq(s->n_value, 1);
	cr_assert_eq(s->value[0], value, "sample %zu: value %lld, want %lld", i,
	             (long long)s->value[0], (long long)value);
	char got[1024] = "";
	for (size_t l = 0; l < s->n_location_id; l++) {
		const char *name;
		int64_t line;
		frame(p, s->location_id[l], &name, &line);
		size_t k = strlen(got);
		snprintf(got + k, sizeof got - k, "%s%s:%lld", l ? " " : "", name, (long long)line);
	}
	char re[1024];
	snprintf(re, sizeof re, "^%s$", frames_re);
	assert_matches(got, re);
}

Test(goprof, goroutine_and_threadcreate_protobuf)
{
	size_t n;
	char *out = run_script("0", &n);
	const char *head = "goroutine 14\n";
	cr_assert(strncmp(out, head, strlen(head)) == 0, "%s", out);
	const uint8_t *gz = (const uint8_t *)out + strlen(head);
	/* the profile runs up to the next line the script prints, "goroutine 2" */
	const uint8_t *end = NULL;
	for (size_t i = strlen(head); i + 2 < n; i++)
		if (memcmp(out + i, "goroutine 2\n\x1f\x8b", 14) == 0)
			end = (const uint8_t *)out + i;
	cr_assert_not_null(end);
	Profile *p = decode(gz, (size_t)(end - gz));
	assert_count_header(p, "goroutine");
	cr_assert_eq(p->n_sample, 4);
	assert_sample(p, 0, 10, "runtime\\.chanrecv1:1 main\\.worker:16");
	assert_sample(p, 1, 2, "runtime\\.chansend1:1 main\\.sender:20");
	/* the single stacks in key order: main's and idle's, whichever key is smaller first */
	int m = p->sample[2]->n_location_id == 3 ? 2 : 3;
	assert_sample(p, (size_t)m, 1,
	              "runtime/pprof\\.goroutineProfile:[0-9]+ runtime/pprof\\.\\(\\*Profile\\)\\.WriteTo:[0-9]+ "
	              "main\\.main:39");
	assert_sample(p, (size_t)(5 - m), 1, "runtime\\.block:1 main\\.idle:24");
	cr_assert_eq(p->n_mapping, 1);
	perftools__profiles__profile__free_unpacked(p, NULL);

	/* the second goroutine profile: main and idle; then the threadcreate one */
	const uint8_t *gz2 = end + 12, *tc = NULL;
	const char *tchead = "threadcreate 1\n";
	for (const uint8_t *q = gz2; q + strlen(tchead) < (const uint8_t *)out + n; q++)
		if (memcmp(q, tchead, strlen(tchead)) == 0)
			tc = q;
	cr_assert_not_null(tc);
	p = decode(gz2, (size_t)(tc - gz2));
	assert_count_header(p, "goroutine");
	cr_assert_eq(p->n_sample, 2);
	int64_t total = p->sample[0]->value[0] + p->sample[1]->value[0];
	cr_assert_eq(total, 2);
	perftools__profiles__profile__free_unpacked(p, NULL);

	const uint8_t *gz3 = tc + strlen(tchead);
	p = decode(gz3, n - (size_t)(gz3 - (const uint8_t *)out));
	assert_count_header(p, "threadcreate");
	cr_assert_eq(p->n_sample, 1);
	cr_assert_eq(p->sample[0]->n_value, 1);
	cr_assert_eq(p->sample[0]->value[0], 1);
	cr_assert_eq(p->sample[0]->n_location_id, 0);
	cr_assert_eq(p->n_location, 0);
	perftools__profiles__profile__free_unpacked(p, NULL);
	free(out);
}

/* No go statement ran: main is the only goroutine (allgs is still empty). */
Test(goprof, only_main)
{
	PlResult r = pl_run("package main\n"                                        /* 1 */
	                    "\n"                                                    /* 2 */
	                    "import (\n"                                            /* 3 */
	                    "\t\"os\"\n"                                            /* 4 */
	                    "\t\"runtime/pprof\"\n"                                 /* 5 */
	                    ")\n"                                                   /* 6 */
	                    "\n"                                                    /* 7 */
	                    "func main() {\n"                                       /* 8 */
	                    "\tpprof.Lookup(\"goroutine\").WriteTo(os.Stdout, 1)\n" /* 9 */
	                    "\tpprof.Lookup(\"goroutine\").WriteTo(os.Stdout, 2)\n" /* 10 */
	                    "}\n");
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_matches(r.out,
	               "^goroutine profile: total 1\n"
	               "1 @ " W " " W " " W "\n"
	               "#\t" W "\t+runtime/pprof\\.goroutineProfile\\+0x[0-9a-f]+\t+" STD "\n"
	               "#\t" W "\t+runtime/pprof\\.\\(\\*Profile\\)\\.WriteTo\\+0x[0-9a-f]+\t+" STD "\n"
	               "#\t" W "\t+main\\.main\\+0x1\t+t\\.go:9\n\n"
	               "goroutine 1 \\[running\\]:\n"
	               "runtime/pprof\\.\\(\\*Profile\\)\\.WriteTo\\(\\.\\.\\.\\)\n\t" STD "\n"
	               "main\\.main\\(\\)\n\tt\\.go:10\n$");
}
