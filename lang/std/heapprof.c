/*
 * heapprof.c - writing the heap profile (Go's runtime/pprof writeHeapProto): the buckets of
 * prof/mprof.c, symbolised through the interpreter's stack words (lang/vm.c), written in pprof's
 * gzipped protobuf format by prof/pprof.c. Used by --memprofile (runtime/main.c) at exit and by
 * runtime/pprof's WriteHeapProfile and Lookup("heap"/"allocs").WriteTo(w, 0).
 *
 * As Go: the profile reflects the last completed collection (mprof_memprofile publishes what
 * Go's MemProfile publishes), every bucket is listed (inuse_zero), values are un-sampled with
 * the current MemProfileRate as the period, and "runtime." frames are hidden by the builder.
 *
 * debug=1 (Go's writeHeapInternal with debug != 0): the same records, raw (not un-sampled),
 * sorted by in-use bytes, largest first (ties keep MemProfile's order, newest bucket first);
 * a header with the totals and heap/<2*MemProfileRate> (pprof's historical "twice the rate",
 * with the alloc bytes bumped by one when they equal the in-use bytes so pprof does not read
 * the file as a two-column profile); each record's words after '@' and its "#" frame lines
 * (proftext.c); then the MemStats trailer Go prints, ending with MaxRSS from getrusage.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "../../prof/mprof.h"
#include "../../prof/pprof.h"
#include "../../gc/gc.h"
#include "../vm.h"
#include "fmt.h"
#include "proftext.h"
#include "std_int.h"

typedef struct HeapWalk {
	PprofBuilder *b;
	int err;
} HeapWalk;

static void add_bucket(Bucket *bk, const MemRecordCycle *a, void *arg)
{
	HeapWalk *w = arg;
	PprofFrame frames[MPROF_MAX_STACK];
	size_t n = 0;
	for (uintptr_t i = 0; i < bk->nstk && n < MPROF_MAX_STACK; i++) {
		const Proto *fn;
		int line;
		vm_stack_word_frame(bk->stk[i], &fn, &line);
		if (!fn)
			continue;
		frames[n++] = (PprofFrame){fn->name, fn->file, line};
	}
	PprofMemCounts c = {(int64_t)a->allocs, (int64_t)a->alloc_bytes, (int64_t)a->frees,
	                    (int64_t)a->free_bytes};
	if (pprof_heap_sample(w->b, frames, n, &c) != 0)
		w->err = -1;
}

/* Builds the heap profile; NULL (errno set) when out of memory. */
static PprofBuilder *build_heap_profile(const char *default_type)
{
	PprofBuilder *b = pprof_new();
	if (!b) {
		errno = ENOMEM;
		return NULL;
	}
	HeapWalk w = {b, 0};
	if (pprof_heap_begin(b, *mprof_rate_ptr, default_type) != 0)
		w.err = -1;
	if (!w.err)
		mprof_memprofile(true, add_bucket, &w);
	if (w.err) {
		pprof_free(b);
		errno = ENOMEM;
		return NULL;
	}
	return b;
}

/* func heapProfile(defaultType string) []byte (runtime/pprof) */
static void n_heapProfile(G *g, Slot *a)
{
	String dt = string_from_slots(&a[0]);
	char name[32] = {0};
	if (dt.len > 0 && dt.len < (int64_t)sizeof name)
		memcpy(name, dt.ptr, (size_t)dt.len);
	PprofBuilder *b = build_heap_profile(name[0] ? name : NULL);
	uint8_t *buf = NULL;
	size_t len = 0;
	if (!b || pprof_write_buffer(b, &buf, &len) != 0) {
		pprof_free(b);
		rt_panic_string(g, "runtime/pprof: out of memory");
		return;
	}
	pprof_free(b);
	Slice s = rt_slice_make(t_uint8, (int64_t)len, (int64_t)len);
	memcpy(s.ptr, buf, len);
	free(buf);
	a[2] = (Slot)(uintptr_t)s.ptr;
	a[3] = (Slot)s.len;
	a[4] = (Slot)s.cap;
}

/* ---------------------------------------------------------------- debug=1 */

typedef struct TextRecord {
	Bucket *b;
	MemRecordCycle a;
	size_t order; /* position in MemProfile's order, for a stable sort */
} TextRecord;

typedef struct TextWalk {
	TextRecord *r;
	size_t n, cap;
	bool oom;
} TextWalk;

static void collect(Bucket *bk, const MemRecordCycle *a, void *arg)
{
	TextWalk *w = arg;
	if (w->n == w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 64;
		TextRecord *r = realloc(w->r, cap * sizeof *r);
		if (!r) {
			w->oom = true;
			return;
		}
		w->r = r;
		w->cap = cap;
	}
	w->r[w->n] = (TextRecord){bk, *a, w->n};
	w->n++;
}

static int64_t inuse_bytes(const MemRecordCycle *a)
{
	return (int64_t)a->alloc_bytes - (int64_t)a->free_bytes;
}

static int by_inuse_bytes(const void *x, const void *y)
{
	const TextRecord *a = x, *b = y;
	int64_t ia = inuse_bytes(&a->a), ib = inuse_bytes(&b->a);
	if (ia != ib)
		return ia > ib ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static void printf_buf(FmtBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void printf_buf(FmtBuf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n > 0)
		fmtbuf_write(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* fmt's %d of a [256]uint64: "[a b c ...]" */
static void print_array(FmtBuf *b, const char *name, const uint64_t *v, size_t n)
{
	printf_buf(b, "# %s = [", name);
	for (size_t i = 0; i < n; i++)
		printf_buf(b, i ? " %llu" : "%llu", (unsigned long long)v[i]);
	fmtbuf_puts(b, "]\n");
}

/* Go's MemStats trailer of the debug=1 heap profile. */
static void memstats_trailer(FmtBuf *b)
{
	GCMemStats *s = malloc(sizeof *s);
	if (!s)
		return;
	gc_read_memstats(s);
	fmtbuf_puts(b, "\n# runtime.MemStats\n");
#define U(x) (unsigned long long)(x)
	printf_buf(b, "# Alloc = %llu\n", U(s->Alloc));
	printf_buf(b, "# TotalAlloc = %llu\n", U(s->TotalAlloc));
	printf_buf(b, "# Sys = %llu\n", U(s->Sys));
	printf_buf(b, "# Lookups = %llu\n", U(s->Lookups));
	printf_buf(b, "# Mallocs = %llu\n", U(s->Mallocs));
	printf_buf(b, "# Frees = %llu\n", U(s->Frees));
	printf_buf(b, "# HeapAlloc = %llu\n", U(s->HeapAlloc));
	printf_buf(b, "# HeapSys = %llu\n", U(s->HeapSys));
	printf_buf(b, "# HeapIdle = %llu\n", U(s->HeapIdle));
	printf_buf(b, "# HeapInuse = %llu\n", U(s->HeapInuse));
	printf_buf(b, "# HeapReleased = %llu\n", U(s->HeapReleased));
	printf_buf(b, "# HeapObjects = %llu\n", U(s->HeapObjects));
	printf_buf(b, "# Stack = %llu / %llu\n", U(s->StackInuse), U(s->StackSys));
	printf_buf(b, "# MSpan = %llu / %llu\n", U(s->MSpanInuse), U(s->MSpanSys));
	printf_buf(b, "# MCache = %llu / %llu\n", U(s->MCacheInuse), U(s->MCacheSys));
	printf_buf(b, "# BuckHashSys = %llu\n", U(s->BuckHashSys));
	printf_buf(b, "# GCSys = %llu\n", U(s->GCSys));
	printf_buf(b, "# OtherSys = %llu\n", U(s->OtherSys));
	printf_buf(b, "# NextGC = %llu\n", U(s->NextGC));
	printf_buf(b, "# LastGC = %llu\n", U(s->LastGC));
	print_array(b, "PauseNs", s->PauseNs, 256);
	print_array(b, "PauseEnd", s->PauseEnd, 256);
	printf_buf(b, "# NumGC = %llu\n", U(s->NumGC));
	printf_buf(b, "# NumForcedGC = %llu\n", U(s->NumForcedGC));
	fmtbuf_puts(b, "# GCCPUFraction = ");
	Fmt f = {.buf = b};
	fmt_float(&f, s->GCCPUFraction, 64, 'g', -1); /* fmt's %v of a float64 */
	fmtbuf_puts(b, "\n");
	printf_buf(b, "# DebugGC = %s\n", s->DebugGC ? "true" : "false");
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) == 0)
		printf_buf(b, "# MaxRSS = %llu\n", U(ru.ru_maxrss) * 1024);
#undef U
	free(s);
}

/* Go's legacy text heap profile into b; -1 when out of memory. */
int rt_heap_profile_text(FmtBuf *b)
{
	TextWalk w = {0};
	mprof_memprofile(true, collect, &w);
	if (w.oom) {
		free(w.r);
		return -1;
	}
	qsort(w.r, w.n, sizeof *w.r, by_inuse_bytes);
	MemRecordCycle total = {0};
	for (size_t i = 0; i < w.n; i++) {
		total.allocs += w.r[i].a.allocs;
		total.frees += w.r[i].a.frees;
		total.alloc_bytes += w.r[i].a.alloc_bytes;
		total.free_bytes += w.r[i].a.free_bytes;
	}
	long long inuse = (long long)inuse_bytes(&total), alloc = (long long)total.alloc_bytes;
	if (inuse == alloc)
		alloc++;
	printf_buf(b, "heap profile: %lld: %lld [%lld: %lld] @ heap/%lld\n",
	           (long long)(total.allocs - total.frees), inuse, (long long)total.allocs, alloc,
	           2 * (long long)*mprof_rate_ptr);
	for (size_t i = 0; i < w.n; i++) {
		const MemRecordCycle *a = &w.r[i].a;
		printf_buf(b, "%lld: %lld [%lld: %lld] @", (long long)(a->allocs - a->frees),
		           (long long)inuse_bytes(a), (long long)a->allocs,
		           (long long)a->alloc_bytes);
		proftext_pcs(b, w.r[i].b->stk, w.r[i].b->nstk);
		fmtbuf_putc(b, '\n');
		proftext_stack_record(b, w.r[i].b->stk, w.r[i].b->nstk, false);
	}
	free(w.r);
	memstats_trailer(b);
	return 0;
}

/* func heapProfileText() []byte (runtime/pprof) */
static void n_heapProfileText(G *g, Slot *a)
{
	FmtBuf b = {0};
	if (rt_heap_profile_text(&b) != 0) {
		fmtbuf_free(&b);
		rt_panic_string(g, "runtime/pprof: out of memory");
		return;
	}
	proftext_return_bytes(&b, &a[0]);
}

static void count_one(Bucket *bk, const MemRecordCycle *a, void *arg)
{
	(void)bk;
	(void)a;
	(*(int64_t *)arg)++;
}

/* func heapCount() int: Go's countHeap, the number of MemProfile(nil, true) records */
static void n_heapCount(G *g, Slot *a)
{
	(void)g;
	int64_t n = 0;
	mprof_memprofile(true, count_one, &n);
	a[0] = (Slot)n;
}

const NativeEntry std_pprof_natives[] = {
        {"pprof.heapProfile", n_heapProfile},
        {"pprof.heapProfileText", n_heapProfileText},
        {"pprof.heapCount", n_heapCount},
        {NULL, NULL},
};

int rt_write_heap_profile(const char *path, const char *default_type)
{
	PprofBuilder *b = build_heap_profile(default_type);
	if (!b)
		return -1;
	int r = pprof_write_path(b, path);
	int saved = errno;
	pprof_free(b);
	errno = saved;
	return r;
}
