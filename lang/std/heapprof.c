/*
 * heapprof.c - writing the heap profile (Go's runtime/pprof writeHeapProto): the buckets of
 * prof/mprof.c, symbolised through the interpreter's stack words (lang/vm.c), written in pprof's
 * gzipped protobuf format by prof/pprof.c. Used by --memprofile (runtime/main.c) at exit and by
 * runtime/pprof's WriteHeapProfile and Lookup("heap"/"allocs").WriteTo(w, 0).
 *
 * As Go: the profile reflects the last completed collection (mprof_memprofile publishes what
 * Go's MemProfile publishes), every bucket is listed (inuse_zero), values are un-sampled with
 * the current MemProfileRate as the period, and "runtime." frames are hidden by the builder.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../prof/mprof.h"
#include "../../prof/pprof.h"
#include "../vm.h"
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

const NativeEntry std_pprof_natives[] = {
        {"pprof.heapProfile", n_heapProfile},
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
