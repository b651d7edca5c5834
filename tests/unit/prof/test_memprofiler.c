/*
 * test_memprofiler.c - a port of Go's TestMemoryProfiler (runtime/pprof/mprof_test.go) onto a
 * script run by the real interpreter, allocator and collector, checked in both of Go's output
 * forms: the legacy text profile (debug=1) and the gzipped protobuf, decoded with protobuf-c.
 *
 * With MemProfileRate = 1 (after a warm-up loop, as Go's test does), the script allocates from
 * known functions: 32 persistent 32-byte objects chained from a global; 1024 transient 1 KiB
 * objects; a transient 2 MiB slice from a function, another from a method with a pointer
 * receiver, one from a value-receiver method and one from a closure (Go's names: main.(*Foo).alloc,
 * main.Foo.allocV, main.main.func1). Then memSink = nil and runtime.GC(). The expected values
 * follow from the sizes: 32 x 32 B all in use ("32: 1024 [32: 1024]"), 1024 x 1024 B all freed
 * ("0: 0 [1024: 1048576]"), each 2 MiB slice freed ("0: 0 [1: 2097152]"). Stacks: minirt has
 * no runtime.main or goexit frames, so each record has two words, the allocating function and
 * main.main, and the "+0x.." offset is the line within the function (proftext.h).
 *
 * The text checks are regular expressions, like Go's; the tab runs between cells are those of
 * text/tabwriter worked out by hand in test_proftext below.
 */
#include <criterion/criterion.h>
#include <regex.h>
#include <zlib.h>

#include "lang/std/fmt.h"
#include "lang/std/proftext.h"
#include "lang/std/std_int.h"
#include "prof/mprof.h"
#include "prof/profile.pb-c.h"
#include "tests/unit/prof/profile_decode.h"
#include "tests/unit/lang/pipeline.h"

static const char *src =
        "package main\n"                                       /* 1 */
        "\n"                                                   /* 2 */
        "import \"runtime\"\n"                                 /* 3 */
        "\n"                                                   /* 4 */
        "type Obj32 struct {\n"                                /* 5 */
        "\tlink *Obj32\n"                                      /* 6 */
        "\tpad  [32 - 8]byte\n"                                /* 7 */
        "}\n"                                                  /* 8 */
        "\n"                                                   /* 9 */
        "var persistentMemSink *Obj32\n"                       /* 10 */
        "var memSink any\n"                                    /* 11 */
        "\n"                                                   /* 12 */
        "func allocatePersistent1K() {\n"                      /* 13 */
        "\tfor i := 0; i < 32; i++ {\n"                        /* 14 */
        "\t\tobj := &Obj32{link: persistentMemSink}\n"         /* 15 */
        "\t\tpersistentMemSink = obj\n"                        /* 16 */
        "\t}\n"                                                /* 17 */
        "}\n"                                                  /* 18 */
        "\n"                                                   /* 19 */
        "func allocateTransient1M() {\n"                       /* 20 */
        "\tfor i := 0; i < 1024; i++ {\n"                      /* 21 */
        "\t\tmemSink = &struct{ x [1024]byte }{}\n"            /* 22 */
        "\t}\n"                                                /* 23 */
        "}\n"                                                  /* 24 */
        "\n"                                                   /* 25 */
        "func allocateTransient2M() {\n"                       /* 26 */
        "\tmemSink = make([]byte, 2<<20)\n"                    /* 27 */
        "}\n"                                                  /* 28 */
        "\n"                                                   /* 29 */
        "type Foo struct{ n int }\n"                           /* 30 */
        "\n"                                                   /* 31 */
        "func (f *Foo) alloc() { memSink = make([]byte, 2<<20) }\n" /* 32 */
        "\n"                                                   /* 33 */
        "func (f Foo) allocV() { memSink = make([]byte, 2<<20) }\n" /* 34 */
        "\n"                                                   /* 35 */
        "func main() {\n"                                      /* 36 */
        "\truntime.MemProfileRate = 1\n"                       /* 37 */
        "\tfor i := 0; i < 1024; i++ {\n"                      /* 38 */
        "\t\tmemSink = new([1024]byte)\n"                      /* 39 */
        "\t}\n"                                                /* 40 */
        "\tallocatePersistent1K()\n"                           /* 41 */
        "\tallocateTransient1M()\n"                            /* 42 */
        "\tallocateTransient2M()\n"                            /* 43 */
        "\tvar f Foo\n"                                        /* 44 */
        "\tf.alloc()\n"                                        /* 45 */
        "\tf.allocV()\n"                                       /* 46 */
        "\tfn := func() { memSink = make([]byte, 2<<20) }\n"   /* 47 */
        "\tfn()\n"                                             /* 48 */
        "\tmemSink = nil\n"                                    /* 49 */
        "\truntime.GC()\n"                                     /* 50 */
        "}\n";                                                 /* 51 */

/* Runs the script in a child that then writes the debug=1 text to *text and the protobuf to
 * *pb (malloc'd). */
static void run_profiler(char **text, uint8_t **pb, size_t *pblen)
{
	char pbpath[] = "/tmp/memprofilerXXXXXX";
	int fd = mkstemp(pbpath);
	cr_assert(fd >= 0);
	close(fd);
	FILE *out = tmpfile();
	cr_assert(out);
	fflush(stdout);
	pid_t pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		static char *argv[] = {"t.go", NULL};
		CompiledProgram *cp = pl_start(src, 1, argv);
		int st = vm_run_main(cp);
		FmtBuf b = {0};
		if (rt_heap_profile_text(&b) != 0 || rt_write_heap_profile(pbpath, NULL) != 0)
			_exit(3);
		fwrite(b.p, 1, b.len, out);
		fflush(out);
		_exit(st);
	}
	int ws = 0;
	waitpid(pid, &ws, 0);
	cr_assert(WIFEXITED(ws) && WEXITSTATUS(ws) == 0, "the script failed");
	*text = pl_slurp(out);
	FILE *f = fopen(pbpath, "rb");
	cr_assert(f);
	size_t cap = 1 << 16, n = 0;
	uint8_t *buf = malloc(cap);
	for (size_t r; (r = fread(buf + n, 1, cap - n, f)) > 0;)
		if ((n += r) == cap)
			buf = realloc(buf, cap *= 2);
	fclose(f);
	unlink(pbpath);
	*pb = buf;
	*pblen = n;
}

static void assert_matches(const char *text, const char *re)
{
	regex_t rx;
	cr_assert_eq(regcomp(&rx, re, REG_EXTENDED | REG_NEWLINE), 0, "bad regex %s", re);
	int r = regexec(&rx, text, 0, NULL, 0);
	regfree(&rx);
	cr_assert_eq(r, 0, "no match for\n%s\nin\n%s", re, text);
}

/* A record: counts, exactly two words, then the two frames (offsets are line - first line). */
static void assert_record(const char *text, const char *counts, const char *fn, int off, int line,
                          int mainline)
{
	char re[1024];
	snprintf(re, sizeof re,
	         "^%s @ 0x[0-9a-f]+ 0x[0-9a-f]+\n"
	         "#\t0x[0-9a-f]+\t+%s\\+0x%x\t+t\\.go:%d\n"
	         "#\t0x[0-9a-f]+\t+main\\.main\\+0x%x\t+t\\.go:%d\n"
	         "\n",
	         counts, fn, off, line, mainline - 36, mainline);
	assert_matches(text, re);
}

Test(memprofiler, text_profile_debug1)
{
	char *text;
	uint8_t *pb;
	size_t pblen;
	run_profiler(&text, &pb, &pblen);
	/* heap/<2 * MemProfileRate> */
	assert_matches(text, "^heap profile: [0-9]+: [0-9]+ \\[[0-9]+: [0-9]+\\] @ heap/2\n");
	assert_record(text, "32: 1024 \\[32: 1024\\]", "main\\.allocatePersistent1K", 2, 15, 41);
	assert_record(text, "0: 0 \\[1024: 1048576\\]", "main\\.allocateTransient1M", 2, 22, 42);
	assert_record(text, "0: 0 \\[1: 2097152\\]", "main\\.allocateTransient2M", 1, 27, 43);
	assert_record(text, "0: 0 \\[1: 2097152\\]", "main\\.\\(\\*Foo\\)\\.alloc", 0, 32, 45);
	assert_record(text, "0: 0 \\[1: 2097152\\]", "main\\.Foo\\.allocV", 0, 34, 46);
	assert_record(text, "0: 0 \\[1: 2097152\\]", "main\\.main\\.func1", 0, 47, 48);
	/* records sorted by in-use bytes, largest first; the header's totals are their sums */
	long long prev = -1, objs = 0, bytes = 0, aobjs = 0, abytes = 0, nrec = 0;
	for (const char *l = strchr(text, '\n') + 1; *l && *l != '\n'; l = strchr(l, '\n') + 1) {
		if (*l == '#')
			continue;
		long long o, b, ao, ab;
		cr_assert_eq(sscanf(l, "%lld: %lld [%lld: %lld] @", &o, &b, &ao, &ab), 4, "%s", l);
		cr_assert(prev < 0 || b <= prev, "records must be sorted by in-use bytes:\n%s", text);
		prev = b;
		objs += o, bytes += b, aobjs += ao, abytes += ab, nrec++;
		l = strstr(l, "\n\n") + 1; /* the frames end with an empty line */
	}
	cr_assert_geq(nrec, 6);
	long long h[4];
	cr_assert_eq(sscanf(text, "heap profile: %lld: %lld [%lld: %lld]", &h[0], &h[1], &h[2], &h[3]), 4);
	cr_assert_eq(h[0], objs);
	cr_assert_eq(h[1], bytes);
	cr_assert_eq(h[2], aobjs);
	cr_assert_eq(h[3], abytes + (bytes == abytes)); /* Go's +1 when they are equal */
	/* the MemStats trailer, in Go's order */
	assert_matches(text, "\n\n# runtime.MemStats\n# Alloc = [0-9]+\n# TotalAlloc = [0-9]+\n"
	                     "# Sys = [0-9]+\n# Lookups = 0\n# Mallocs = [0-9]+\n# Frees = [0-9]+\n"
	                     "# HeapAlloc = [0-9]+\n# HeapSys = [0-9]+\n# HeapIdle = [0-9]+\n"
	                     "# HeapInuse = [0-9]+\n# HeapReleased = [0-9]+\n"
	                     "# HeapObjects = [0-9]+\n# Stack = [0-9]+ / [0-9]+\n"
	                     "# MSpan = [0-9]+ / [0-9]+\n# MCache = [0-9]+ / [0-9]+\n"
	                     "# BuckHashSys = [1-9][0-9]*\n# GCSys = [0-9]+\n# OtherSys = [0-9]+\n"
	                     "# NextGC = [0-9]+\n# LastGC = [1-9][0-9]*\n"
	                     "# PauseNs = \\[[0-9]+( [0-9]+){255}\\]\n"
	                     "# PauseEnd = \\[[0-9]+( [0-9]+){255}\\]\n"
	                     "# NumGC = [1-9][0-9]*\n# NumForcedGC = 1\n"
	                     "# GCCPUFraction = [0-9.e+-]+\n# DebugGC = false\n"
	                     "# MaxRSS = [1-9][0-9]*\n$");
	free(text);
	free(pb);
}

/* ---------------------------------------------------------------- the protobuf */

static const Perftools__Profiles__Function *func_by_id(const Profile *p, uint64_t id)
{
	for (size_t i = 0; i < p->n_function; i++)
		if (p->function[i]->id == id)
			return p->function[i];
	cr_assert_fail("no function %llu", (unsigned long long)id);
	return NULL;
}

static const Perftools__Profiles__Location *loc_by_id(const Profile *p, uint64_t id)
{
	for (size_t i = 0; i < p->n_location; i++)
		if (p->location[i]->id == id)
			return p->location[i];
	cr_assert_fail("no location %llu", (unsigned long long)id);
	return NULL;
}

/* Go's containsStack: a sample whose function names start with want[0..n); its values and
 * its "bytes" label must be as given (objects, bytes allocated; objects, bytes in use). */
static void assert_sample(const Profile *p, const char *const *want, size_t n, int64_t v0,
                          int64_t v1, int64_t v2, int64_t v3, int64_t bytes)
{
	for (size_t s = 0; s < p->n_sample; s++) {
		const Perftools__Profiles__Sample *sm = p->sample[s];
		size_t k = 0;
		for (size_t l = 0; l < sm->n_location_id && k < n; l++) {
			const Perftools__Profiles__Location *loc = loc_by_id(p, sm->location_id[l]);
			for (size_t j = 0; j < loc->n_line && k < n; j++) {
				const char *name = str(p, func_by_id(p, loc->line[j]->function_id)->name);
				if (strcmp(name, want[k]) != 0)
					goto next;
				k++;
			}
		}
		if (k < n)
			continue;
		cr_assert_eq(sm->n_value, 4);
		if (sm->value[0] != v0 || sm->value[1] != v1 || sm->value[2] != v2 ||
		    sm->value[3] != v3)
			continue; /* another bucket of the same site (another size) */
		cr_assert_eq(sm->n_label, 1);
		cr_assert_str_eq(str(p, sm->label[0]->key), "bytes");
		cr_assert_eq(sm->label[0]->num, bytes);
		return;
next:;
	}
	cr_assert_fail("no sample with stack %s <- %s and values [%lld %lld %lld %lld]", want[0],
	               want[1], (long long)v0, (long long)v1, (long long)v2, (long long)v3);
}

Test(memprofiler, protobuf_profile)
{
	char *text;
	uint8_t *gz;
	size_t gzlen, rawlen;
	run_profiler(&text, &gz, &gzlen);
	uint8_t *raw = gunzip(gz, gzlen, &rawlen);
	Profile *p = perftools__profiles__profile__unpack(NULL, rawlen, raw);
	cr_assert_not_null(p);
	/* Go's writeHeapProto header, at rate 1 */
	cr_assert_eq(p->n_sample_type, 4);
	const char *types[4][2] = {{"alloc_objects", "count"},
	                           {"alloc_space", "bytes"},
	                           {"inuse_objects", "count"},
	                           {"inuse_space", "bytes"}};
	for (int i = 0; i < 4; i++) {
		cr_assert_str_eq(str(p, p->sample_type[i]->type), types[i][0]);
		cr_assert_str_eq(str(p, p->sample_type[i]->unit), types[i][1]);
	}
	cr_assert_str_eq(str(p, p->period_type->type), "space");
	cr_assert_str_eq(str(p, p->period_type->unit), "bytes");
	cr_assert_eq(p->period, 1);
	/* at rate 1 nothing is scaled: the raw counts */
	const char *persist[] = {"main.allocatePersistent1K", "main.main"};
	assert_sample(p, persist, 2, 32, 1024, 32, 1024, 32);
	const char *t1m[] = {"main.allocateTransient1M", "main.main"};
	assert_sample(p, t1m, 2, 1024, 1048576, 0, 0, 1024);
	const char *t2m[] = {"main.allocateTransient2M", "main.main"};
	assert_sample(p, t2m, 2, 1, 2097152, 0, 0, 2097152);
	const char *m[] = {"main.(*Foo).alloc", "main.main"};
	assert_sample(p, m, 2, 1, 2097152, 0, 0, 2097152);
	const char *mv[] = {"main.Foo.allocV", "main.main"};
	assert_sample(p, mv, 2, 1, 2097152, 0, 0, 2097152);
	const char *cl[] = {"main.main.func1", "main.main"};
	assert_sample(p, cl, 2, 1, 2097152, 0, 0, 2097152);
	perftools__profiles__profile__free_unpacked(p, NULL);
	free(raw);
	free(gz);
	free(text);
}
