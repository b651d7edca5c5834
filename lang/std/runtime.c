/*
 * runtime.c - natives of the runtime and runtime/debug packages, plus the process-level
 * helpers the other natives use (os.Args, os.Exit).
 *
 * Until the collector lands, GC and FreeOSMemory do nothing; the statistics come from
 * mallocgc's counters (nothing is freed yet, so HeapAlloc == TotalAlloc) and the page heap's; the GOGC and memory-limit settings are kept so that the
 * collector starts from them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../gc/malloc.h"
#include "../../gc/mheap.h"
#include "../../runtime/env.h"
#include "../../runtime/proc.h"
#include "../../runtime/rtstring.h"
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
	for (int i = 0; i < rt_argc; i++)
		a[i] = rt_string_copy(rt_argv[i], (int64_t)strlen(rt_argv[i]));
	return s;
}

void rt_exit(int code)
{
	rt_stdout_flush();
	fflush(stderr);
	exit(code);
}

static void n_totalAlloc(G *g, Slot *a)
{
	a[0] = gc_total_alloc();
}
static void n_mallocs(G *g, Slot *a)
{
	a[0] = gc_mallocs();
}
static void n_heapStats(G *g, Slot *a)
{
	MHeapStats st;
	mheap_stats(&st);
	a[0] = st.heap_sys;
	a[1] = st.heap_inuse;
	a[2] = st.heap_idle;
	a[3] = st.heap_released;
}
static void n_nothing(G *g, Slot *a) {}
static void n_NumGoroutine(G *g, Slot *a)
{
	a[0] = 1;
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

static void n_SetMutexProfileFraction(G *g, Slot *a)
{
	a[1] = 0;
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

static void n_SetGCPercent(G *g, Slot *a)
{
	int64_t prev = rt_env.gogc;
	rt_env.gogc = (int64_t)a[0] < 0 ? -1 : (int)(int64_t)a[0];
	a[1] = (Slot)prev;
}

static void n_SetMemoryLimit(G *g, Slot *a)
{
	int64_t prev = rt_env.memlimit;
	if ((int64_t)a[0] >= 0)
		rt_env.memlimit = (int64_t)a[0];
	a[1] = (Slot)prev;
}

static void n_os_args(G *g, Slot *a)
{
	Slice s = rt_os_args();
	a[0] = (Slot)(uintptr_t)s.ptr;
	a[1] = (Slot)s.len;
	a[2] = (Slot)s.cap;
}

const NativeEntry std_runtime_natives[] = {
        {"runtime.totalAlloc", n_totalAlloc},
        {"runtime.mallocs", n_mallocs},
        {"runtime.heapStats", n_heapStats},
        {"runtime.GC", n_nothing},
        {"runtime.Gosched", n_nothing},
        {"runtime.NumGoroutine", n_NumGoroutine},
        {"runtime.NumCPU", n_NumCPU},
        {"runtime.GOMAXPROCS", n_GOMAXPROCS},
        {"runtime.KeepAlive", n_nothing},
        {"runtime.SetFinalizer", n_nothing},
        {"runtime.SetBlockProfileRate", n_nothing},
        {"runtime.SetMutexProfileFraction", n_SetMutexProfileFraction},
        {"runtime.Caller", n_Caller},
        {"runtime.Stack", n_Stack},
        {"debug.SetGCPercent", n_SetGCPercent},
        {"debug.SetMemoryLimit", n_SetMemoryLimit},
        {"debug.FreeOSMemory", n_nothing},
        {"debug.PrintStack", n_PrintStack},
        {"os.runtime_args_fallback", n_os_args},
        {NULL, NULL},
};
