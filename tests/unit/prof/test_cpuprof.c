/*
 * test_cpuprof.c - the CPU profiler (lang/std/cpuprof.c) through runtime/pprof's
 * StartCPUProfile and StopCPUProfile, run by the real interpreter, and its C entry points.
 *
 * What the values must be, by Go's rules: SIGPROF every 10 ms of CPU time, so a script that
 * burns CPU for at least 300 ms of wall-clock time gets about 30 samples (at least 10 even on
 * a loaded machine; never more than the wall-clock time allows, one thread being profiled),
 * nearly all with the burning function as the leaf frame, called from main at the call's line;
 * each sample's values are [n, n * 10000000]; the header is Go's (strings "samples", "count",
 * "cpu", "nanoseconds" in that order after ""; period type cpu/nanoseconds; period 10 ms),
 * time_nanos is when profiling started and duration_nanos how long it ran. A script that only
 * sleeps uses no CPU time and so gets (almost) no samples.
 */
#include <criterion/criterion.h>
#include <time.h>
#include <zlib.h>

#include "lang/std/cpuprof.h"
#include "prof/profile.pb-c.h"
#include "tests/unit/prof/profile_decode.h"
#include "tests/unit/lang/pipeline.h"

static const char *burn_src = "package main\n"                                          /* 1 */
                              "\n"                                                      /* 2 */
                              "import (\n"                                              /* 3 */
                              "\t\"fmt\"\n"                                             /* 4 */
                              "\t\"os\"\n"                                              /* 5 */
                              "\t\"runtime/pprof\"\n"                                   /* 6 */
                              "\t\"time\"\n"                                            /* 7 */
                              ")\n"                                                     /* 8 */
                              "\n"                                                      /* 9 */
                              "func burn(n int) int {\n"                                /* 10 */
                              "\ts := 0\n"                                              /* 11 */
                              "\tfor i := 0; i < n; i++ {\n"                            /* 12 */
                              "\t\ts += i * i % 7\n"                                    /* 13 */
                              "\t}\n"                                                   /* 14 */
                              "\treturn s\n"                                            /* 15 */
                              "}\n"                                                     /* 16 */
                              "\n"                                                      /* 17 */
                              "func main() {\n"                                         /* 18 */
                              "\tf, err := os.Create(os.Args[1])\n"                     /* 19 */
                              "\tif err != nil {\n"                                     /* 20 */
                              "\t\tpanic(err)\n"                                        /* 21 */
                              "\t}\n"                                                   /* 22 */
                              "\tif err := pprof.StartCPUProfile(f); err != nil {\n"    /* 23 */
                              "\t\tpanic(err)\n"                                        /* 24 */
                              "\t}\n"                                                   /* 25 */
                              "\tfmt.Println(pprof.StartCPUProfile(f))\n"               /* 26 */
                              "\tt0 := time.Now()\n"                                    /* 27 */
                              "\tif os.Args[2] == \"burn\" {\n"                         /* 28 */
                              "\t\tfor time.Since(t0) < 300*time.Millisecond {\n"       /* 29 */
                              "\t\t\tburn(100000)\n"                                    /* 30 */
                              "\t\t}\n"                                                 /* 31 */
                              "\t} else {\n"                                            /* 32 */
                              "\t\ttime.Sleep(300 * time.Millisecond)\n"                /* 33 */
                              "\t}\n"                                                   /* 34 */
                              "\tpprof.StopCPUProfile()\n"                              /* 35 */
                              "\tpprof.StopCPUProfile()\n"                              /* 36 */
                              "\tf.Close()\n"                                           /* 37 */
                              "\tfmt.Println(time.Since(t0) >= 300*time.Millisecond)\n" /* 38 */
                              "}\n";                                                    /* 39 */

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Go's CPU profile header (profileBuilder.build). */
static void assert_cpu_header(const Profile *p)
{
	cr_assert(p->n_string_table >= 5);
	const char *first[] = {"", "samples", "count", "cpu", "nanoseconds"};
	for (int i = 0; i < 5; i++)
		cr_assert_str_eq(str(p, i), first[i]);
	cr_assert_eq(p->n_sample_type, 2);
	cr_assert_str_eq(str(p, p->sample_type[0]->type), "samples");
	cr_assert_str_eq(str(p, p->sample_type[0]->unit), "count");
	cr_assert_str_eq(str(p, p->sample_type[1]->type), "cpu");
	cr_assert_str_eq(str(p, p->sample_type[1]->unit), "nanoseconds");
	cr_assert_not_null(p->period_type);
	cr_assert_str_eq(str(p, p->period_type->type), "cpu");
	cr_assert_str_eq(str(p, p->period_type->unit), "nanoseconds");
	cr_assert_eq(p->period, 10000000);
}

/* Runs burn_src with mode "burn" or "sleep" in a child; returns the decoded profile and the
 * wall-clock time around the run. */
static Profile *run_burn(const char *mode, int64_t *t_start, int64_t *t_end)
{
	char path[] = "/tmp/cpuprofXXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	close(fd);
	FILE *out = tmpfile(), *err = tmpfile();
	cr_assert(out && err);
	fflush(stdout);
	*t_start = now_ns();
	pid_t pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		dup2(fileno(out), 1);
		dup2(fileno(err), 2);
		char *argv[] = {"t.go", path, (char *)mode, NULL};
		CompiledProgram *cp = pl_start(burn_src, 3, argv);
		int st = vm_run_main(cp);
		rt_stdout_flush();
		fflush(stdout);
		_exit(st);
	}
	int ws = 0;
	waitpid(pid, &ws, 0);
	*t_end = now_ns();
	char *o = pl_slurp(out), *e = pl_slurp(err);
	cr_assert(WIFEXITED(ws) && WEXITSTATUS(ws) == 0, "the script failed:\n%s", e);
	/* the second StartCPUProfile fails as Go's does; the loop ran 300 ms */
	cr_assert_str_eq(o, "cpu profiling already in use\ntrue\n");
	free(o);
	free(e);
	Profile *p = decode_file(path);
	unlink(path);
	return p;
}

Test(cpuprof, burning_function_is_the_leaf)
{
	int64_t t0, t1;
	Profile *p = run_burn("burn", &t0, &t1);
	assert_cpu_header(p);
	/* started inside the run, profiled at least the 300 ms loop, at most the whole run */
	cr_assert(p->time_nanos >= t0 && p->time_nanos <= t1);
	cr_assert(p->duration_nanos >= 300000000, "duration %lld", (long long)p->duration_nanos);
	cr_assert(p->duration_nanos <= t1 - t0);
	int64_t total = 0, burn = 0;
	for (size_t i = 0; i < p->n_sample; i++) {
		const Perftools__Profiles__Sample *s = p->sample[i];
		cr_assert_eq(s->n_value, 2);
		cr_assert(s->value[0] > 0);
		cr_assert_eq(s->value[1], s->value[0] * 10000000);
		total += s->value[0];
		cr_assert(s->n_location_id >= 1);
		const char *leaf, *caller = "";
		int64_t leaf_line, caller_line = 0;
		frame(p, s->location_id[0], &leaf, &leaf_line);
		if (s->n_location_id >= 2)
			frame(p, s->location_id[1], &caller, &caller_line);
		/* the loop's lines; called from main's loop */
		if (strcmp(leaf, "main.burn") == 0) {
			cr_assert(leaf_line >= 12 && leaf_line <= 14, "main.burn:%lld",
			          (long long)leaf_line);
			cr_assert_str_eq(caller, "main.main");
			cr_assert_eq(caller_line, 30);
			cr_assert_eq(s->n_location_id, 2);
			burn += s->value[0];
		}
	}
	/* 100 Hz over >= 300 ms of CPU: about 30; never more than the wall-clock time allows */
	cr_assert(total >= 10, "%lld samples", (long long)total);
	cr_assert(total <= p->duration_nanos / 10000000 + 2, "%lld samples in %lld ns",
	          (long long)total, (long long)p->duration_nanos);
	cr_assert(burn * 10 >= total * 9, "main.burn leaf in %lld of %lld samples", (long long)burn,
	          (long long)total);
	perftools__profiles__profile__free_unpacked(p, NULL);
}

Test(cpuprof, sleeping_uses_no_cpu)
{
	int64_t t0, t1;
	Profile *p = run_burn("sleep", &t0, &t1);
	assert_cpu_header(p);
	cr_assert(p->duration_nanos >= 300000000, "duration %lld", (long long)p->duration_nanos);
	int64_t total = 0;
	for (size_t i = 0; i < p->n_sample; i++)
		total += p->sample[i]->value[0];
	cr_assert(total <= 2, "%lld samples while sleeping", (long long)total);
	perftools__profiles__profile__free_unpacked(p, NULL);
}

/* The C entry points: one profile at a time; a stopped profile can still be built. */
Test(cpuprof, start_stop)
{
	cr_assert(!cpuprof_running());
	cr_assert(!cpuprof_stop(), "stop without start");
	cr_assert(cpuprof_start());
	cr_assert(cpuprof_running());
	cr_assert(!cpuprof_start(), "a second profile while one runs");
	cr_assert(cpuprof_stop());
	cr_assert(!cpuprof_running());
	cr_assert(!cpuprof_stop());
	/* no interpreter ran: ticks may be pending but none was charged to a stack */
	cr_assert_eq(cpuprof_total_ticks(), 0);
	uint8_t *buf;
	size_t len;
	cr_assert_eq(cpuprof_build(&buf, &len), 0);
	Profile *p = decode(buf, len);
	assert_cpu_header(p);
	cr_assert_eq(p->n_sample, 0);
	cr_assert_eq(p->n_string_table, 5);
	free(buf);
	perftools__profiles__profile__free_unpacked(p, NULL);
	/* and profiling can start again */
	cr_assert(cpuprof_start());
	cr_assert(cpuprof_stop());
}
