/*
 * alloc.c - the allocation benchmark: glibc malloc/free, Boehm GC_MALLOC and minirt's mallocgc
 * on the same small-object workload, each with its own collections (or frees) happening.
 *
 * The workload, identical for the three allocators:
 *   1. Allocate ALLOCS (default 50 million) objects of 32 bytes: one pointer word and three
 *      integer words, every word written.
 *   2. Every KEEP-th object (100th) is kept: it points to the object allocated just before it
 *      and goes into the next slot of a ring of RING_SLOTS (100,000) slots, dropping the pair
 *      that was there. Every other object is garbage as soon as the next one is allocated.
 *      The live set is therefore bounded: 100,000 pairs, 200,000 objects, 6.1 MiB.
 *   3. glibc: dropped objects are freed at once, a dropped pair when its slot is overwritten.
 *      Boehm: GC_MALLOC (a conservative collector that scans the ring, a static array, as a
 *      root). minirt: mallocgc with a 32-byte Type whose first word is a pointer; a root
 *      scanner reports the ring (and the one object held between allocations) with
 *      gc_scan_words, and gc_wanted is polled before every allocation, calling gc_safepoint()
 *      when it is set - what the interpreter does before an instruction that allocates.
 *   4. After the loop every ring slot is checked (its words and its partner's): a collector
 *      that freed a live object, or an allocator that handed a slot out twice, fails the run.
 *
 * Each run of each allocator happens in a child process (fork), so that peak RSS (wait4's
 * ru_maxrss) and the heap's state belong to that allocator alone; the child times only the
 * allocation loop (wall and CPU clock) and sends its figures back through a pipe. The table
 * gives, per allocator, the median over RUNS runs of each column. The CPU time spent inside
 * collections is measured too (Boehm's collection events; minirt's gc_safepoint calls), so the
 * table separates the collector's work from the allocation path itself (which, in both
 * collectors, includes lazy sweeping). On a loaded machine the CPU columns are the ones to
 * compare: wall time then also counts time the process waited for a core.
 *
 * usage: bench_alloc [-n ALLOCS] [-r RUNS] [-g GOGC] [malloc|boehm|minirt ...]
 * Exit status: 0 if every run finished and passed its check, 1 otherwise, 2 on bad usage.
 */
#include <errno.h>
#include <gc.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* minirt's headers by relative path: with the project root on the include path, <gc/gc.h>
 * (which Boehm's <gc.h> includes) would find minirt's gc/gc.h instead of Boehm's. */
#include "../../gc/gc.h"
#include "../../gc/malloc.h"
#include "../../lang/types.h"

#define RING_SLOTS 100000
#define KEEP       100 /* every KEEP-th object is kept */
#define MAX_RUNS   15

/* The object: 32 bytes, the first word a pointer. */
typedef struct Obj {
	struct Obj *next; /* kept objects: the object allocated just before; others NULL */
	uint64_t a;       /* the object's index in the allocation sequence */
	uint64_t b;       /* ~a */
	uint64_t c;       /* a * 3 */
} Obj;

_Static_assert(sizeof(Obj) == 32, "the benchmark's object is 32 bytes");

/* The live set; static, so Boehm scans it as a root on its own. */
static Obj *ring[RING_SLOTS];
/* The object allocated just before a kept one, between the two allocations. */
static Obj *held;

/* minirt's type for Obj: 32 bytes, pointer data in the first word only. */
static uint8_t obj_ptrmask[1] = {1};
static Type obj_type = {
        .size = 32, .align = 8, .ptrdata = 8, .ptrmask = obj_ptrmask, .str = "main.Obj"};

/* What a child reports for one run. */
typedef struct Result {
	double wall_ns;    /* the allocation loop, wall clock */
	double cpu_ns;     /* the allocation loop, this process's CPU time */
	double gc_cycles;  /* collections during the loop; -1 when not applicable */
	double gc_cpu_ns;  /* CPU time inside collections during the loop; -1 when not applicable */
	double mut_cpu_ns; /* cpu_ns minus gc_cpu_ns (filled in by the parent) */
	double rss_kib;    /* peak RSS of the child (filled in by the parent) */
	int ok;            /* the ring check passed */
} Result;

static uint64_t now_ns(clockid_t clk)
{
	struct timespec ts;
	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline void fill(Obj *o, uint64_t i, Obj *next)
{
	o->next = next;
	o->a = i;
	o->b = ~i;
	o->c = i * 3;
}

/* Step 4: every slot holds a kept object (index = KEEP-1 mod KEEP) and its partner. */
static int check_ring(uint64_t n)
{
	size_t filled = n / KEEP < RING_SLOTS ? n / KEEP : RING_SLOTS;
	for (size_t s = 0; s < filled; s++) {
		Obj *o = ring[s], *p = o ? o->next : NULL;
		if (!o || !p || o->a % KEEP != KEEP - 1 || (o->a / KEEP) % RING_SLOTS != s ||
		    o->b != ~o->a || o->c != o->a * 3 || p->a != o->a - 1 || p->b != ~p->a ||
		    p->c != p->a * 3 || p->next) {
			fprintf(stderr, "bench_alloc: ring slot %zu is corrupt\n", s);
			return 0;
		}
	}
	return 1;
}

/* ---------------------------------------------------------------- the three loops */

static void run_malloc(uint64_t n, Result *r)
{
	uint64_t w0 = now_ns(CLOCK_MONOTONIC), c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	size_t slot = 0;
	unsigned k = 0;
	for (uint64_t i = 0; i < n; i++) {
		Obj *o = malloc(sizeof(Obj));
		if (!o) {
			fputs("bench_alloc: out of memory\n", stderr);
			exit(1);
		}
		if (++k == KEEP) {
			k = 0;
			fill(o, i, held);
			held = NULL;
			Obj *old = ring[slot];
			if (old) {
				free(old->next);
				free(old);
			}
			ring[slot] = o;
			if (++slot == RING_SLOTS)
				slot = 0;
		} else if (k == KEEP - 1) {
			fill(o, i, NULL);
			held = o;
		} else {
			fill(o, i, NULL);
			free(o);
		}
	}
	r->wall_ns = (double)(now_ns(CLOCK_MONOTONIC) - w0);
	r->cpu_ns = (double)(now_ns(CLOCK_PROCESS_CPUTIME_ID) - c0);
	r->gc_cycles = -1;
	r->gc_cpu_ns = -1;
	r->ok = check_ring(n);
}

/* CPU time inside collections: Boehm's collection events, minirt's safepoint calls. */
static uint64_t gc_cpu, gc_cpu_start;

static void GC_CALLBACK boehm_event(GC_EventType e)
{
	if (e == GC_EVENT_START)
		gc_cpu_start = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	else if (e == GC_EVENT_END)
		gc_cpu += now_ns(CLOCK_PROCESS_CPUTIME_ID) - gc_cpu_start;
}

static void run_boehm(uint64_t n, Result *r)
{
	GC_INIT();
	GC_set_on_collection_event(boehm_event);
	GC_word gc0 = GC_get_gc_no();
	gc_cpu = 0;
	uint64_t w0 = now_ns(CLOCK_MONOTONIC), c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	size_t slot = 0;
	unsigned k = 0;
	for (uint64_t i = 0; i < n; i++) {
		Obj *o = GC_MALLOC(sizeof(Obj));
		if (!o) {
			fputs("bench_alloc: out of memory\n", stderr);
			exit(1);
		}
		if (++k == KEEP) {
			k = 0;
			fill(o, i, held);
			held = NULL;
			ring[slot] = o;
			if (++slot == RING_SLOTS)
				slot = 0;
		} else if (k == KEEP - 1) {
			fill(o, i, NULL);
			held = o;
		} else {
			fill(o, i, NULL);
		}
	}
	r->wall_ns = (double)(now_ns(CLOCK_MONOTONIC) - w0);
	r->cpu_ns = (double)(now_ns(CLOCK_PROCESS_CPUTIME_ID) - c0);
	r->gc_cycles = (double)(GC_get_gc_no() - gc0);
	r->gc_cpu_ns = (double)gc_cpu;
	r->ok = check_ring(n);
}

/* minirt's roots: the ring and the held object. */
static void scan_roots(void)
{
	gc_scan_words(ring, RING_SLOTS, NULL);
	gc_scan_words(&held, 1, NULL);
	gc_note_globals_bytes(sizeof ring + sizeof held);
}

static void run_minirt(uint64_t n, int gogc, Result *r)
{
	GCConfig cfg = {.gogc = gogc, .memlimit = INT64_MAX};
	gc_configure(&cfg);
	gc_set_root_scanner(scan_roots);
	GCMemStats *ms = malloc(sizeof *ms);
	if (!ms) {
		fputs("bench_alloc: out of memory\n", stderr);
		exit(1);
	}
	gc_read_memstats(ms);
	uint32_t gc0 = ms->NumGC;
	gc_cpu = 0;
	uint64_t w0 = now_ns(CLOCK_MONOTONIC), c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	size_t slot = 0;
	unsigned k = 0;
	for (uint64_t i = 0; i < n; i++) {
		if (__builtin_expect(gc_wanted, 0)) {
			uint64_t t = now_ns(CLOCK_PROCESS_CPUTIME_ID);
			gc_safepoint();
			gc_cpu += now_ns(CLOCK_PROCESS_CPUTIME_ID) - t;
		}
		Obj *o = mallocgc(&obj_type, sizeof(Obj), true);
		if (++k == KEEP) {
			k = 0;
			fill(o, i, held);
			held = NULL;
			ring[slot] = o;
			if (++slot == RING_SLOTS)
				slot = 0;
		} else if (k == KEEP - 1) {
			fill(o, i, NULL);
			held = o;
		} else {
			fill(o, i, NULL);
		}
	}
	r->wall_ns = (double)(now_ns(CLOCK_MONOTONIC) - w0);
	r->cpu_ns = (double)(now_ns(CLOCK_PROCESS_CPUTIME_ID) - c0);
	gc_read_memstats(ms);
	r->gc_cycles = (double)(ms->NumGC - gc0);
	r->gc_cpu_ns = (double)gc_cpu;
	free(ms);
	/* one more cycle before the check, so that a wrongly freed object is also reused */
	gc_collect();
	for (int j = 0; j < 1000; j++)
		(void)mallocgc(&obj_type, sizeof(Obj), true);
	r->ok = check_ring(n);
}

/* ---------------------------------------------------------------- driver */

enum { A_MALLOC, A_BOEHM, A_MINIRT, NALLOCATORS };
static const char *const allocator_arg[NALLOCATORS] = {"malloc", "boehm", "minirt"};
static const char *const allocator_name[NALLOCATORS] = {"glibc malloc/free", "Boehm GC_MALLOC",
                                                        "minirt mallocgc"};

/* Runs allocator 'a' once in a child process; returns 0 if the child failed. */
static int run_child(int a, uint64_t n, int gogc, Result *r)
{
	int fd[2];
	if (pipe(fd) != 0) {
		perror("bench_alloc: pipe");
		return 0;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		perror("bench_alloc: fork");
		return 0;
	}
	if (pid == 0) {
		close(fd[0]);
		Result res = {0};
		if (a == A_MALLOC)
			run_malloc(n, &res);
		else if (a == A_BOEHM)
			run_boehm(n, &res);
		else
			run_minirt(n, gogc, &res);
		ssize_t w = write(fd[1], &res, sizeof res);
		_exit(w == (ssize_t)sizeof res ? 0 : 1);
	}
	close(fd[1]);
	ssize_t got;
	do
		got = read(fd[0], r, sizeof *r);
	while (got < 0 && errno == EINTR);
	close(fd[0]);
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    got != (ssize_t)sizeof *r) {
		fprintf(stderr, "bench_alloc: the %s run failed\n", allocator_arg[a]);
		return 0;
	}
	r->rss_kib = (double)ru.ru_maxrss;
	return r->ok;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return (a > b) - (a < b);
}

/* The median of field 'off' of rs[0..n). */
static double median(const Result *rs, int n, size_t off)
{
	double v[MAX_RUNS];
	for (int i = 0; i < n; i++)
		memcpy(&v[i], (const char *)&rs[i] + off, sizeof(double));
	qsort(v, (size_t)n, sizeof v[0], cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void usage(void)
{
	fputs("usage: bench_alloc [-n ALLOCS] [-r RUNS] [-g GOGC] [malloc|boehm|minirt ...]\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	uint64_t n = 50000000;
	int runs = 3, gogc = 100, opt;
	while ((opt = getopt(argc, argv, "n:r:g:")) != -1) {
		char *end;
		switch (opt) {
		case 'n':
			n = strtoull(optarg, &end, 10);
			if (*end || n < KEEP * (uint64_t)RING_SLOTS)
				usage(); /* fewer would leave ring slots empty */
			break;
		case 'r':
			runs = (int)strtol(optarg, &end, 10);
			if (*end || runs < 1 || runs > MAX_RUNS)
				usage();
			break;
		case 'g':
			gogc = (int)strtol(optarg, &end, 10);
			if (*end || gogc < 1)
				usage();
			break;
		default: usage();
		}
	}
	int want[NALLOCATORS] = {optind == argc, optind == argc, optind == argc};
	for (int i = optind; i < argc; i++) {
		int a = 0;
		while (a < NALLOCATORS && strcmp(argv[i], allocator_arg[a]) != 0)
			a++;
		if (a == NALLOCATORS)
			usage();
		want[a] = 1;
	}

	printf("allocation benchmark: %" PRIu64 " objects of 32 bytes (one pointer word), every "
	       "%dth kept in a ring of %d slots (live: %d objects, %.1f MiB); minirt GOGC=%d; "
	       "median of %d run(s)\n\n",
	       n, KEEP, RING_SLOTS, 2 * RING_SLOTS, 2.0 * RING_SLOTS * sizeof(Obj) / 1048576.0,
	       gogc, runs);
	printf("ns/alloc: wall clock of the allocation loop; CPU: the process's CPU time; GC CPU:\n"
	       "CPU time inside collections; outside GC: CPU ns/alloc minus GC CPU (allocating,\n"
	       "zeroing, freeing, lazy sweeping). Peak RSS of the process that ran the loop.\n\n");
	printf("| allocator | ns/alloc | CPU ns/alloc | CPU vs malloc | GC cycles | GC CPU |"
	       " CPU ns/alloc outside GC | peak RSS |\n"
	       "|---|---:|---:|---:|---:|---:|---:|---:|\n");
	int failed = 0;
	double malloc_cpu = 0;
	for (int a = 0; a < NALLOCATORS; a++) {
		if (!want[a])
			continue;
		Result rs[MAX_RUNS];
		int ok = 1;
		for (int i = 0; i < runs && ok; i++)
			ok = run_child(a, n, gogc, &rs[i]);
		if (!ok) {
			printf("| %s | failed | | | | | | |\n", allocator_name[a]);
			failed = 1;
			continue;
		}
		for (int i = 0; i < runs; i++)
			rs[i].mut_cpu_ns =
			        rs[i].cpu_ns - (rs[i].gc_cpu_ns > 0 ? rs[i].gc_cpu_ns : 0);
		double wall = median(rs, runs, offsetof(Result, wall_ns)) / (double)n;
		double cpu = median(rs, runs, offsetof(Result, cpu_ns)) / (double)n;
		double cycles = median(rs, runs, offsetof(Result, gc_cycles));
		double gccpu = median(rs, runs, offsetof(Result, gc_cpu_ns));
		double mut = median(rs, runs, offsetof(Result, mut_cpu_ns)) / (double)n;
		double rss = median(rs, runs, offsetof(Result, rss_kib));
		if (a == A_MALLOC)
			malloc_cpu = cpu;
		char vs[32] = "-", cyc[32] = "-", gct[32] = "-";
		if (malloc_cpu > 0)
			snprintf(vs, sizeof vs, "%.2fx", cpu / malloc_cpu);
		if (cycles >= 0)
			snprintf(cyc, sizeof cyc, "%.0f", cycles);
		if (gccpu >= 0)
			snprintf(gct, sizeof gct, "%.0f ms", gccpu / 1e6);
		printf("| %s | %.1f | %.1f | %s | %s | %s | %.1f | %.1f MB |\n", allocator_name[a],
		       wall, cpu, vs, cyc, gct, mut, rss / 1024);
		fflush(stdout);
	}
	return failed;
}
