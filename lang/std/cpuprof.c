/*
 * cpuprof.c - the CPU profiler (cpuprof.h) and package runtime/pprof's natives behind
 * StartCPUProfile and StopCPUProfile.
 *
 * The signal side: SIGPROF's handler, installed once with SA_RESTART (so interrupted reads and
 * writes resume), adds one to cpuprof_pending while profiling is on and zeroes the interpreter's
 * preemption countdown (a race with the interpreter's own decrement can undo that, which only
 * delays the charge to a later check); it does nothing else. The handler stays installed after
 * a stop, because a tick may still be on its way. The interval
 * timer is ITIMER_PROF at 10 ms: it counts the process's CPU time (user and system), so a
 * program that sleeps or waits for a timer gets no samples, as in Go.
 *
 * The interpreter side (lang/vm.c): at a preemption check with ticks pending, the interpreter
 * saves the running frame's pc and calls cpuprof_tick, which swaps cpuprof_pending to zero
 * and adds that many ticks to the entry of the running goroutine's stack (vm_goroutine_stack, so a
 * native that called back into script code sits below its callback; at most 64 frames,
 * Go's maxCPUProfStack). The table is an open-addressed hash on the stack words; entries keep
 * first-seen order, which is the order Go's profMap gives its samples.
 *
 * Invariants:
 *   - Entries live in C memory and hold stack words only (pointers to Protos, which are never
 *     freed), so the collector need not know about them.
 *   - The hash table's size is a power of two and at least twice the number of entries.
 */
#include "cpuprof.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "../../prof/pprof.h"
#include "../vm.h"
#include "std_int.h"

enum { CPUPROF_MAX_STACK = 64 };

atomic_int cpuprof_pending;

static volatile sig_atomic_t profiling; /* read by the handler */
static bool handler_installed;

typedef struct Entry {
	int n;
	int64_t count;
	uintptr_t stk[CPUPROF_MAX_STACK];
} Entry;

static Entry *entries;
static size_t nentries, entries_cap;
static uint32_t *slots; /* entry index + 1, 0 = empty */
static size_t nslots;
static int64_t start_unix_ns, start_mono_ns, duration_ns, total_ticks;

static int64_t clock_ns(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void on_sigprof(int sig)
{
	(void)sig;
	if (profiling) {
		atomic_fetch_add_explicit(&cpuprof_pending, 1, memory_order_relaxed);
		vm_preempt_budget = 0;
	}
}

static uint64_t hash_stack(const uintptr_t *stk, int n)
{
	uint64_t h = 14695981039346656037ull;
	for (int i = 0; i < n; i++) {
		h ^= (uint64_t)stk[i];
		h *= 1099511628211ull;
		h ^= h >> 29;
	}
	return h ^ (uint64_t)n;
}

static bool rehash(size_t want)
{
	uint32_t *ns = calloc(want, sizeof *ns);
	if (!ns)
		return false;
	for (size_t i = 0; i < nentries; i++) {
		size_t j = hash_stack(entries[i].stk, entries[i].n) & (want - 1);
		while (ns[j])
			j = (j + 1) & (want - 1);
		ns[j] = (uint32_t)(i + 1);
	}
	free(slots);
	slots = ns;
	nslots = want;
	return true;
}

/* Adds 'ticks' samples of the stack stk[0..n); drops them when out of memory. */
static void record(const uintptr_t *stk, int n, int64_t ticks)
{
	total_ticks += ticks;
	if ((nentries + 1) * 2 > nslots && !rehash(nslots ? nslots * 2 : 64))
		return;
	size_t j = hash_stack(stk, n) & (nslots - 1);
	for (; slots[j]; j = (j + 1) & (nslots - 1)) {
		Entry *e = &entries[slots[j] - 1];
		if (e->n == n && memcmp(e->stk, stk, (size_t)n * sizeof *stk) == 0) {
			e->count += ticks;
			return;
		}
	}
	if (nentries == entries_cap) {
		size_t cap = entries_cap ? entries_cap * 2 : 32;
		Entry *ne = realloc(entries, cap * sizeof *ne);
		if (!ne)
			return;
		entries = ne;
		entries_cap = cap;
	}
	Entry *e = &entries[nentries++];
	e->n = n;
	e->count = ticks;
	memcpy(e->stk, stk, (size_t)n * sizeof *stk);
	slots[j] = (uint32_t)nentries;
}

void cpuprof_tick(G *g)
{
	int ticks = atomic_exchange_explicit(&cpuprof_pending, 0, memory_order_relaxed);
	if (ticks <= 0 || !profiling)
		return;
	uintptr_t stk[CPUPROF_MAX_STACK];
	int n = vm_goroutine_stack(g, stk, CPUPROF_MAX_STACK);
	record(stk, n, ticks);
}

static int set_timer(long usec)
{
	struct itimerval it = {{0, usec}, {0, usec}};
	return setitimer(ITIMER_PROF, &it, NULL);
}

bool cpuprof_start(void)
{
	if (profiling)
		return false;
	if (!handler_installed) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_sigprof;
		sa.sa_flags = SA_RESTART;
		sigemptyset(&sa.sa_mask);
		if (sigaction(SIGPROF, &sa, NULL) != 0)
			return false;
		handler_installed = true;
	}
	nentries = 0;
	if (slots)
		memset(slots, 0, nslots * sizeof *slots);
	total_ticks = 0;
	duration_ns = 0;
	atomic_store(&cpuprof_pending, 0);
	start_unix_ns = clock_ns(CLOCK_REALTIME);
	start_mono_ns = clock_ns(CLOCK_MONOTONIC);
	profiling = 1;
	if (set_timer(1000000 / CPUPROF_HZ) != 0) {
		profiling = 0;
		return false;
	}
	return true;
}

bool cpuprof_stop(void)
{
	if (!profiling)
		return false;
	set_timer(0);
	profiling = 0;
	atomic_store(&cpuprof_pending, 0);
	duration_ns = clock_ns(CLOCK_MONOTONIC) - start_mono_ns;
	return true;
}

bool cpuprof_running(void)
{
	return profiling;
}

int64_t cpuprof_total_ticks(void)
{
	return total_ticks;
}

/* Go's profileBuilder.build for CPU data (runtime/pprof proto.go), in its field order. */
static PprofBuilder *build(void)
{
	PprofBuilder *b = pprof_new();
	if (!b)
		return NULL;
	pprof_time_nanos(b, start_unix_ns);
	int err = pprof_sample_type(b, "samples", "count");
	err |= pprof_sample_type(b, "cpu", "nanoseconds");
	pprof_duration_nanos(b,
	                     profiling ? clock_ns(CLOCK_MONOTONIC) - start_mono_ns : duration_ns);
	err |= pprof_period_type(b, "cpu", "nanoseconds", CPUPROF_PERIOD);
	PprofFrame frames[CPUPROF_MAX_STACK];
	for (size_t i = 0; i < nentries && !err; i++) {
		const Entry *e = &entries[i];
		size_t nf = 0;
		for (int k = 0; k < e->n; k++) {
			const Proto *fn;
			int line;
			vm_stack_word_frame(e->stk[k], &fn, &line);
			if (fn)
				frames[nf++] = (PprofFrame){fn->name, fn->file, line};
		}
		int64_t values[2] = {e->count, e->count * CPUPROF_PERIOD};
		err |= pprof_add_sample(b, frames, nf, values, NULL, 0);
	}
	if (err) {
		pprof_free(b);
		return NULL;
	}
	return b;
}

int cpuprof_build(uint8_t **out, size_t *len)
{
	PprofBuilder *b = build();
	if (!b) {
		errno = ENOMEM;
		return -1;
	}
	int r = pprof_write_buffer(b, out, len);
	int saved = errno;
	pprof_free(b);
	errno = saved;
	return r;
}

int cpuprof_write_path(const char *path)
{
	cpuprof_stop();
	PprofBuilder *b = build();
	if (!b) {
		errno = ENOMEM;
		return -1;
	}
	int r = pprof_write_path(b, path);
	int saved = errno;
	pprof_free(b);
	errno = saved;
	return r;
}

/* ---------------------------------------------------------------- runtime/pprof natives */

/* func startCPUProfile() bool */
static void n_startCPUProfile(G *g, Slot *a)
{
	(void)g;
	a[0] = cpuprof_start();
}

/* func stopCPUProfile() []byte: nil when no profile was running, else the gzipped profile */
static void n_stopCPUProfile(G *g, Slot *a)
{
	a[0] = a[1] = a[2] = 0;
	if (!cpuprof_stop())
		return;
	uint8_t *buf = NULL;
	size_t len = 0;
	if (cpuprof_build(&buf, &len) != 0) {
		rt_panic_string(g, "runtime/pprof: out of memory");
		return;
	}
	Slice s = rt_slice_make(t_uint8, (int64_t)len, (int64_t)len);
	memcpy(s.ptr, buf, len);
	free(buf);
	put_slice(a, s);
}

const NativeEntry std_cpuprof_natives[] = {
        {"pprof.startCPUProfile", n_startCPUProfile},
        {"pprof.stopCPUProfile", n_stopCPUProfile},
        {NULL, NULL},
};
