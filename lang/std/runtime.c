/*
 * runtime.c - natives of the runtime and runtime/debug packages, plus the process-level
 * helpers the other natives use (os.Args, os.Exit).
 *
 * The collector's script-visible API is a thin layer over gc/gc.h:
 *   - runtime.GC is gc_runtime_GC (a forced cycle, then the whole sweep);
 *   - runtime.ReadMemStats copies gc_read_memstats's GCMemStats into the script's MemStats,
 *     whose declaration in runtime.go lists the same fields in the same order, so the two
 *     layouts are identical (checked below against Go's amd64 layout rules);
 *   - debug.SetGCPercent and debug.SetMemoryLimit are the pacer's knobs;
 *   - debug.FreeOSMemory is gc_free_os_memory (Go's runtime_debug_freeOSMemory: runtime.GC,
 *     then every free page goes back to the OS, with the forced scavenger trace line);
 *   - debug.readGCStats is the runtime half of debug.ReadGCStats (runtime_debug.go holds the
 *     other half, as Go splits it between runtime/mstats.go and runtime/debug/garbage.go).
 * KeepAlive does nothing: its argument is live in the caller's frame until the call, which is
 * all the collector needs.
 *
 * Invariants:
 *   - runtime.MemStats (runtime.go) and GCMemStats (gc/gc.h) declare the same fields in the
 *     same order with the same widths; the static assertions below pin the C side to the
 *     offsets the checker computes for the Go side.
 *   - Natives here may run a collection (GC, FreeOSMemory): they hold no heap pointer of their
 *     own across it, only their argument block, which lives in the caller's frame.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../gc/gc.h"
#include "../../gc/mheap.h"
#include "../../prof/mprof.h"
#include "../compile.h"
#include "../../runtime/proc.h"
#include "../../runtime/rtstring.h"
#include "../../runtime/sched.h"
#include "../native.h"

static int rt_argc;
static char **rt_argv;

void rt_set_args(int argc, char **argv)
{
	rt_argc = argc;
	rt_argv = argv;
}

Slice rt_os_args(void)
{
	Slice s = rt_slice_make(t_string, rt_argc, rt_argc);
	String *a = s.ptr;
	for (int i = 0; i < rt_argc; i++) {
		String v = rt_string_copy(rt_argv[i], (int64_t)strlen(rt_argv[i]));
		gc_write_ptr(&a[i].ptr, (void *)v.ptr);
		a[i].len = v.len;
	}
	return s;
}

void rt_exit(int code)
{
	rt_stdout_flush();
	fflush(stderr);
	exit(code);
}

/*
 * runtime.MemStats in runtime.go declares GCMemStats's fields in the same order with the same
 * widths, so the checker lays it out (Go's amd64 rules) exactly as C lays out GCMemStats: 24
 * uint64 words, the two 256-entry pause rings, two uint32, a float64 and two bools, 4312 bytes.
 */
_Static_assert(offsetof(GCMemStats, PauseNs) == 24 * 8, "MemStats layout");
_Static_assert(offsetof(GCMemStats, PauseEnd) == 24 * 8 + 256 * 8, "MemStats layout");
_Static_assert(offsetof(GCMemStats, NumGC) == 4288, "MemStats layout");
_Static_assert(offsetof(GCMemStats, NumForcedGC) == 4292, "MemStats layout");
_Static_assert(offsetof(GCMemStats, GCCPUFraction) == 4296, "MemStats layout");
_Static_assert(offsetof(GCMemStats, EnableGC) == 4304, "MemStats layout");
_Static_assert(offsetof(GCMemStats, DebugGC) == 4305, "MemStats layout");
_Static_assert(sizeof(GCMemStats) == 4312, "MemStats layout");

/*
 * A fault inside the runtime is not a panic in Go but a fatal error (Go's throw): the program
 * stops with exit status 2 and nothing can recover it.
 */
static void __attribute__((noreturn)) fatal(const char *msg)
{
	rt_stdout_flush();
	fprintf(stderr, "fatal error: %s\n", msg);
	rt_exit(2);
}

/* func ReadMemStats(m *MemStats): Go faults writing through a nil m inside the runtime. */
static void n_ReadMemStats(G *g, Slot *a)
{
	void *m = (void *)(uintptr_t)a[0];
	if (!m)
		fatal("unexpected signal during runtime execution\n[signal SIGSEGV: segmentation "
		      "violation code=0x1 addr=0x0 pc=0x0]");
	GCMemStats st;
	gc_read_memstats(&st);
	memcpy(m, &st, sizeof st);
}

static void n_GC(G *g, Slot *a)
{
	gc_runtime_GC();
}

static void n_nothing(G *g, Slot *a) {}
static void n_NumGoroutine(G *g, Slot *a)
{
	a[0] = (Slot)sched_ngoroutines();
}

static void n_Gosched(G *g, Slot *a)
{
	if (g->cdepth == 0) /* inside a callback from a native the goroutine cannot switch */
		gosched(g);
}

static void n_NumCPU(G *g, Slot *a)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	a[0] = (Slot)(n > 0 ? n : 1);
}

static void n_GOMAXPROCS(G *g, Slot *a)
{
	a[1] = 1;
}

/* func SetBlockProfileRate(rate int): prof/mprof.c converts ns to ticks as Go does. */
static void n_SetBlockProfileRate(G *g, Slot *a)
{
	mprof_set_block_profile_rate((int64_t)a[0]);
}

/* func SetMutexProfileFraction(rate int) int: the previous fraction; rate < 0 only reads. */
static void n_SetMutexProfileFraction(G *g, Slot *a)
{
	a[1] = (Slot)mprof_set_mutex_profile_fraction((int64_t)a[0]);
}

/* runtime.Caller(skip): the caller's file and line, skip frames up. */
static void n_Caller(G *g, Slot *a)
{
	int64_t skip = (int64_t)a[0];
	int idx = (int)g->nframes - 1 - (int)skip;
	while (idx >= 0 && g->frames[idx].fn->wrapper)
		idx--;
	if (skip < 0 || idx < 0) {
		a[1] = a[2] = a[3] = a[4] = a[5] = 0;
		return;
	}
	Frame *f = &g->frames[idx];
	const Instr *pc = f->pc;
	if (idx != (int)g->nframes - 1 && pc > f->fn->code)
		pc--;
	uint32_t off = (uint32_t)(pc - f->fn->code);
	int line = f->fn->line;
	for (uint32_t i = 0; i < f->fn->nlines && f->fn->lines[i].pc <= off; i++)
		line = (int)f->fn->lines[i].line;
	String file = rt_string_copy(f->fn->file, (int64_t)strlen(f->fn->file));
	a[1] = (Slot)(uintptr_t)pc;
	a[2] = (Slot)(uintptr_t)file.ptr;
	a[3] = (Slot)file.len;
	a[4] = (Slot)line;
	a[5] = 1;
}

/* The traceback text used by runtime.Stack and debug.PrintStack. */
static size_t stack_text(G *g, char *buf, size_t cap)
{
	size_t n = (size_t)snprintf(buf, cap, "goroutine %lld [running]:\n", (long long)g->goid);
	for (int i = (int)g->nframes - 1; i >= 0 && n < cap; i--) {
		Frame *f = &g->frames[i];
		if (f->fn->wrapper)
			continue;
		const Instr *pc = f->pc;
		if (i != (int)g->nframes - 1 && pc > f->fn->code)
			pc--;
		uint32_t off = (uint32_t)(pc - f->fn->code);
		int line = f->fn->line;
		for (uint32_t k = 0; k < f->fn->nlines && f->fn->lines[k].pc <= off; k++)
			line = (int)f->fn->lines[k].line;
		n += (size_t)snprintf(buf + n, cap - n, "%s(...)\n\t%s:%d\n", f->fn->name,
		                      f->fn->file, line);
	}
	return n < cap ? n : cap;
}

static void n_Stack(G *g, Slot *a)
{
	uint8_t *p = (uint8_t *)(uintptr_t)a[0];
	int64_t len = (int64_t)a[1];
	char tmp[16384];
	size_t n = stack_text(g, tmp, sizeof tmp);
	if ((int64_t)n > len)
		n = (size_t)len;
	if (n)
		memcpy(p, tmp, n);
	a[5] = (Slot)n;
}

static void n_PrintStack(G *g, Slot *a)
{
	char tmp[16384];
	size_t n = stack_text(g, tmp, sizeof tmp);
	rt_stdout_flush();
	fwrite(tmp, 1, n, stderr);
}

/* func SetGCPercent(percent int) int: Go narrows the argument to int32 before using it. */
static void n_SetGCPercent(G *g, Slot *a)
{
	int32_t percent = (int32_t)(int64_t)a[0];
	a[1] = (Slot)(int64_t)gc_set_percent(percent);
}

/* func SetMemoryLimit(limit int64) int64 */
static void n_SetMemoryLimit(G *g, Slot *a)
{
	a[1] = (Slot)gc_set_memory_limit((int64_t)a[0]);
}

/*
 * func FreeOSMemory(): Go's runtime_debug_freeOSMemory, a forced collection and then every free
 * page back to the OS, with the forced scavenger trace line under RT_TRACE=scavenge.
 */
static void n_FreeOSMemory(G *g, Slot *a)
{
	gc_free_os_memory();
}

/*
 * func readGCStats(pauses *[]time.Duration): Go's readGCStats_m. With n = min(NumGC, 256), it
 * stores the last n pauses most recent first in p[0..n), their end times (Unix ns) in
 * p[n..2n), then LastGC, NumGC and PauseTotalNs, and sets len(*pauses) = 2n+3. The caller
 * (debug.ReadGCStats) provides a capacity of at least 2*256+3.
 */
static void n_readGCStats(G *g, Slot *a)
{
	Slice *p = (Slice *)(uintptr_t)a[0];
	enum { NPAUSE = 256 };
	if (!p || p->cap < NPAUSE + 3)
		fatal("short slice passed to readGCStats");
	GCMemStats st;
	gc_read_memstats(&st);
	uint32_t n = st.NumGC < NPAUSE ? st.NumGC : NPAUSE;
	uint64_t *w = p->ptr;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t j = (st.NumGC - 1 - i) % NPAUSE;
		w[i] = st.PauseNs[j];
		w[n + i] = st.PauseEnd[j];
	}
	w[2 * n] = st.LastGC;
	w[2 * n + 1] = st.NumGC;
	w[2 * n + 2] = st.PauseTotalNs;
	p->len = 2 * (int64_t)n + 3;
}

/* func memProfileRateAtStart() int: the C sampler's rate before the script runs (512 KiB, or
 * --memprofilerate); from then on the sampler reads runtime.MemProfileRate (runtime/main.c). */
static void n_memProfileRateAtStart(G *g, Slot *a)
{
	a[0] = (Slot)MemProfileRate;
}

/* ---------------------------------------------------------------- finalizers */

/*
 * runtime.SetFinalizer (Go's mfinal.go). The collector keeps the records (gc/gc.h); when it finds
 * an object unreachable it hands (obj, fn, param type) to finq_put, and the finalizer goroutine
 * (runfinq in runtime.go, started by the first SetFinalizer) takes them one at a time with
 * nextfin, which wraps each in a func() thunk (vm_make_call_thunk) that the goroutine calls.
 * Queued entries are GC roots (rt_finq_scan) until their finalizer has been taken.
 */
typedef struct FinQ {
	void *obj, *fn, *data;
} FinQ;
static FinQ *finq;
static size_t finqlen, finqhead, finqcap;
static G *fing; /* the finalizer goroutine while it is parked waiting for work */

static void finq_put(void *obj, void *fn, void *data)
{
	if (finqlen == finqcap) {
		finqcap = finqcap ? finqcap * 2 : 16;
		finq = realloc(finq, finqcap * sizeof *finq);
		if (!finq)
			fatal("runtime: out of memory");
	}
	finq[finqlen++] = (FinQ){obj, fn, data};
	if (fing) {
		G *gp = fing;
		fing = NULL;
		goready(gp, false);
	}
}

void rt_finq_scan(void)
{
	for (size_t i = finqhead; i < finqlen; i++) {
		gc_mark_word((uintptr_t)finq[i].obj);
		gc_mark_word((uintptr_t)finq[i].fn);
	}
}

/* func setFinalizer(obj any, finalizer any) (start bool) */
static void n_setFinalizer(G *g, Slot *a)
{
	Type *ot = (Type *)(uintptr_t)a[0];
	void *obj = (void *)(uintptr_t)a[1];
	Type *ft = (Type *)(uintptr_t)a[2];
	Closure *fn = (Closure *)(uintptr_t)a[3];
	static bool hooked;
	a[4] = 0;
	if (!ot)
		fatal("runtime.SetFinalizer: first argument is nil");
	if (types_under(ot)->kind != K_POINTER) {
		char msg[256];
		snprintf(msg, sizeof msg, "runtime.SetFinalizer: first argument is %s, not pointer",
		         types_string(ot));
		fatal(msg);
	}
	if (!ft) {
		if (obj)
			gc_remove_finalizer(obj);
		return;
	}
	Type *fu = types_under(ft);
	if (fu->kind != K_FUNC) {
		char msg[256];
		snprintf(msg, sizeof msg, "runtime.SetFinalizer: second argument is %s, not a function",
		         types_string(ft));
		fatal(msg);
	}
	Type *pt = fu->nparams == 1 && !fu->variadic ? fu->params[0] : NULL;
	bool ok = pt == ot || (pt && types_under(pt)->kind == K_INTERFACE &&
	                       (types_is_empty_interface(pt) || itab_get(pt, ot, false)));
	if (!ok) {
		char msg[512];
		snprintf(msg, sizeof msg, "runtime.SetFinalizer: cannot pass %s to finalizer %s",
		         types_string(ot), types_string(ft));
		fatal(msg);
	}
	if (!obj)
		fatal("runtime.SetFinalizer: pointer not in allocated block");
	void *tab = NULL; /* see n_nextfin */
	if (pt != ot)
		tab = types_is_empty_interface(pt) ? (void *)ot : (void *)itab_get(pt, ot, false);
	if (!gc_add_finalizer(obj, fn, tab)) {
		/* globals and zero-sized objects are never collected: Go ignores them too */
		if (spanOf(obj))
			fatal("runtime.SetFinalizer: pointer not at beginning of allocated block");
		return;
	}
	if (!hooked) {
		hooked = true;
		gc_set_finalizer_queue(finq_put);
		a[4] = 1;
	}
}

/* func nextfin() (f func(), ok bool): the next queued finalizer as a thunk; parks the finalizer
 * goroutine (ok false after it wakes) when there is none. */
static void n_nextfin(G *g, Slot *a)
{
	sched_set_system(g);
	if (finqhead == finqlen) {
		finqhead = finqlen = 0;
		Slot *res = g->stack + g->native_block;
		res[0] = res[1] = 0;
		fing = g;
		gopark(g, WAIT_FINALIZER);
		return;
	}
	FinQ e = finq[finqhead++];
	/* e.data: NULL when the finalizer takes the pointer itself, else the interface table
	 * (Type or Itab) of the interface parameter it takes */
	Slot args[2] = {(Slot)(uintptr_t)e.obj, 0};
	uint32_t nargs = 1;
	if (e.data) {
		args[0] = (Slot)(uintptr_t)e.data;
		args[1] = (Slot)(uintptr_t)e.obj;
		nargs = 2;
	}
	Proto *p = ((Closure *)e.fn)->fn;
	a[0] = (Slot)(uintptr_t)vm_make_call_thunk(e.fn, args, nargs, p->nresults);
	a[1] = 1;
}

static void n_os_args(G *g, Slot *a)
{
	Slice s = rt_os_args();
	a[0] = (Slot)(uintptr_t)s.ptr;
	a[1] = (Slot)s.len;
	a[2] = (Slot)s.cap;
}

const NativeEntry std_runtime_natives[] = {
        {"runtime.ReadMemStats", n_ReadMemStats},
        {"runtime.GC", n_GC},
        {"runtime.Gosched", n_Gosched},
        {"runtime.NumGoroutine", n_NumGoroutine},
        {"runtime.NumCPU", n_NumCPU},
        {"runtime.GOMAXPROCS", n_GOMAXPROCS},
        {"runtime.KeepAlive", n_nothing},
        {"runtime.setFinalizer", n_setFinalizer},
        {"runtime.memProfileRateAtStart", n_memProfileRateAtStart},
        {"runtime.nextfin", n_nextfin},
        {"runtime.SetBlockProfileRate", n_SetBlockProfileRate},
        {"runtime.SetMutexProfileFraction", n_SetMutexProfileFraction},
        {"runtime.Caller", n_Caller},
        {"runtime.Stack", n_Stack},
        {"debug.SetGCPercent", n_SetGCPercent},
        {"debug.SetMemoryLimit", n_SetMemoryLimit},
        {"debug.FreeOSMemory", n_FreeOSMemory},
        {"debug.readGCStats", n_readGCStats},
        {"debug.PrintStack", n_PrintStack},
        {"os.runtime_args_fallback", n_os_args},
        {NULL, NULL},
};
