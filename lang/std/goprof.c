/*
 * goprof.c - the goroutine and threadcreate profiles of package runtime/pprof (Go's
 * writeGoroutine, writeThreadCreate and their counts), as natives.
 *
 * Goroutine profile. minirt runs goroutines one at a time, so the profile is taken with nothing
 * else running (what Go's stop-the-world capture achieves): the caller's own stack first, then
 * every other goroutine in creation order, dead and runtime goroutines (the finalizer goroutine)
 * left out; each stack is at most 32 words (Go's StackRecord) from vm_goroutine_stack, so a
 * parked goroutine's stack starts with the native that parked it (runtime.chanrecv1,
 * sync.(*Mutex).Lock ...). Then Go's printCountProfile: identical stacks are grouped under the
 * key "@ 0x.. 0x..", the keys sorted by count, higher first, ties by key string; debug 0 writes
 * the protobuf (period type goroutine/count, period 1, sample type goroutine/count, one sample
 * per key valued by its count), debug 1 the legacy text ("goroutine profile: total N", then
 * "<count> @ <words>" and printStackRecord's lines per key). debug 2 is runtime.Stack(buf,
 * true): the caller's traceback, then each other goroutine's, separated by empty lines.
 *
 * Threadcreate profile. minirt has one OS thread running Go code (one M) and creates no other
 * M, so the profile has one record with an empty stack, as Go's m0 has: count 1; debug 1 is
 * "threadcreate profile: total 1\n1 @\n#\t0x0\n\n" (printStackRecord prints "#\t0x0" for the
 * zero frame of an empty stack); debug 0 one sample without locations, valued 1.
 */
#include "goprof.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../prof/pprof.h"
#include "../../runtime/proc.h"
#include "../../runtime/sched.h"
#include "../vm.h"
#include "proftext.h"
#include "std_int.h"

enum { GOPROF_MAX_STACK = 32 };

/* One stack of a count profile and the key it is grouped under. */
typedef struct Record {
	uintptr_t stk[GOPROF_MAX_STACK];
	int n;
	char *key; /* "@ 0x.. 0x.." */
	int64_t count;
} Record;

typedef struct CountProfile {
	const char *name;
	Record *recs; /* one per stack, then grouped in place: recs[0..nkeys) */
	size_t n, nkeys;
	int64_t total; /* Go's p.Len(): the number of stacks */
} CountProfile;

/* The goroutines a profile or a dump lists: the caller first, then the others. */
static size_t listed_goroutines(G **out, size_t max)
{
	size_t n = 0;
	if (g_current && n < max)
		out[n++] = g_current;
	for (uint32_t i = 0; i < nallgs && n < max; i++) {
		G *gp = allgs[i];
		if (gp == g_current || gp->status == G_DEAD || gp->is_system || gp->nframes == 0)
			continue;
		out[n++] = gp;
	}
	return n;
}

static size_t goroutine_capacity(void)
{
	return (size_t)nallgs + 1;
}

static int by_count_then_key(const void *pa, const void *pb)
{
	const Record *a = pa, *b = pb;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return strcmp(a->key, b->key);
}

/* Groups identical stacks (printCountProfile's count and index maps) and sorts the keys. */
static int group(CountProfile *p)
{
	p->total = (int64_t)p->n;
	p->nkeys = 0;
	for (size_t i = 0; i < p->n; i++) {
		Record *r = &p->recs[i];
		FmtBuf k = {0};
		fmtbuf_putc(&k, '@');
		proftext_pcs(&k, r->stk, (size_t)r->n);
		fmtbuf_putc(&k, 0);
		size_t j = 0;
		for (; j < p->nkeys; j++)
			if (strcmp(p->recs[j].key, k.p) == 0)
				break;
		if (j < p->nkeys) { /* seen: count it under the first stack with that key */
			p->recs[j].count++;
			fmtbuf_free(&k);
			continue;
		}
		Record *dst = &p->recs[p->nkeys++];
		if (dst != r)
			*dst = *r;
		dst->key = k.p; /* owned by the record now */
		dst->count = 1;
	}
	qsort(p->recs, p->nkeys, sizeof *p->recs, by_count_then_key);
	return 0;
}

static void free_profile(CountProfile *p)
{
	for (size_t i = 0; i < p->nkeys; i++)
		free(p->recs[i].key);
	free(p->recs);
}

static void stack_record(FmtBuf *b, const Record *r)
{
	proftext_stack_record(b, r->stk, (size_t)r->n, false);
}

/* printCountProfile's legacy text (debug > 0). */
static void count_profile_text(FmtBuf *b, const CountProfile *p)
{
	char line[128];
	snprintf(line, sizeof line, "%s profile: total %lld\n", p->name, (long long)p->total);
	fmtbuf_puts(b, line);
	for (size_t i = 0; i < p->nkeys; i++) {
		const Record *r = &p->recs[i];
		snprintf(line, sizeof line, "%lld ", (long long)r->count);
		fmtbuf_puts(b, line);
		fmtbuf_puts(b, r->key);
		fmtbuf_putc(b, '\n');
		stack_record(b, r);
	}
}

/* printCountProfile's protobuf (debug 0): gzipped into *out (malloc'd); -1 when out of memory. */
static int count_profile_proto(const CountProfile *p, uint8_t **out, size_t *len)
{
	PprofBuilder *b = pprof_new();
	if (!b)
		return -1;
	int err = pprof_period_type(b, p->name, "count", 1);
	err |= pprof_sample_type(b, p->name, "count");
	PprofFrame frames[GOPROF_MAX_STACK];
	for (size_t i = 0; i < p->nkeys && !err; i++) {
		const Record *r = &p->recs[i];
		size_t nf = 0;
		for (int k = 0; k < r->n; k++) {
			const Proto *fn;
			int line;
			vm_stack_word_frame(r->stk[k], &fn, &line);
			if (fn)
				frames[nf++] = (PprofFrame){fn->name, fn->file, line};
		}
		int64_t v = r->count;
		err |= pprof_add_sample(b, frames, nf, &v, NULL, 0);
	}
	if (!err)
		err = pprof_write_buffer(b, out, len);
	pprof_free(b);
	return err ? -1 : 0;
}

/* The goroutine profile's stacks, grouped; false when out of memory. */
static bool goroutine_profile(CountProfile *p)
{
	size_t cap = goroutine_capacity();
	G **gs = malloc(cap * sizeof *gs);
	p->name = "goroutine";
	p->recs = calloc(cap, sizeof *p->recs);
	if (!gs || !p->recs) {
		free(gs);
		free(p->recs);
		return false;
	}
	p->n = listed_goroutines(gs, cap);
	for (size_t i = 0; i < p->n; i++)
		p->recs[i].n = vm_goroutine_stack(gs[i], p->recs[i].stk, GOPROF_MAX_STACK);
	free(gs);
	group(p);
	return true;
}

static bool threadcreate_profile(CountProfile *p)
{
	p->name = "threadcreate";
	p->recs = calloc(1, sizeof *p->recs);
	if (!p->recs)
		return false;
	p->n = 1; /* m0, with an empty creation stack */
	group(p);
	return true;
}

int goprof_goroutine_dump(FmtBuf *b)
{
	size_t cap = goroutine_capacity();
	G **gs = malloc(cap * sizeof *gs);
	if (!gs)
		return -1;
	size_t n = listed_goroutines(gs, cap);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			fmtbuf_putc(b, '\n');
		vm_goroutine_traceback(b, gs[i]);
	}
	free(gs);
	return 0;
}

/* The profile for debug level 'debug' as text (debug > 0) or gzipped protobuf in *b. */
static int write_profile(bool (*collect)(CountProfile *), int64_t debug, FmtBuf *b)
{
	CountProfile p = {0};
	if (!collect(&p))
		return -1;
	int r = 0;
	if (debug > 0) {
		count_profile_text(b, &p);
	} else {
		uint8_t *buf = NULL;
		size_t len = 0;
		r = count_profile_proto(&p, &buf, &len);
		if (r == 0)
			fmtbuf_write(b, buf, len);
		free(buf);
	}
	free_profile(&p);
	return r;
}

int goprof_goroutine(int64_t debug, FmtBuf *b)
{
	if (debug >= 2)
		return goprof_goroutine_dump(b);
	return write_profile(goroutine_profile, debug, b);
}

int goprof_threadcreate(int64_t debug, FmtBuf *b)
{
	return write_profile(threadcreate_profile, debug, b);
}

/* ---------------------------------------------------------------- runtime/pprof natives */

/* func goroutineProfile(debug int) []byte */
static void n_goroutineProfile(G *g, Slot *a)
{
	FmtBuf b = {0};
	if (goprof_goroutine((int64_t)a[0], &b) != 0) {
		fmtbuf_free(&b);
		rt_panic_string(g, "runtime/pprof: out of memory");
		return;
	}
	proftext_return_bytes(&b, &a[1]);
}

/* func goroutineCount() int: runtime.NumGoroutine(), as Go's countGoroutine */
static void n_goroutineCount(G *g, Slot *a)
{
	(void)g;
	a[0] = (Slot)sched_ngoroutines();
}

/* func threadcreateProfile(debug int) []byte */
static void n_threadcreateProfile(G *g, Slot *a)
{
	FmtBuf b = {0};
	if (goprof_threadcreate((int64_t)a[0], &b) != 0) {
		fmtbuf_free(&b);
		rt_panic_string(g, "runtime/pprof: out of memory");
		return;
	}
	proftext_return_bytes(&b, &a[1]);
}

/* func threadcreateCount() int: the number of Ms, one */
static void n_threadcreateCount(G *g, Slot *a)
{
	(void)g;
	a[0] = 1;
}

const NativeEntry std_goprof_natives[] = {
        {"pprof.goroutineProfile", n_goroutineProfile},
        {"pprof.goroutineCount", n_goroutineCount},
        {"pprof.threadcreateProfile", n_threadcreateProfile},
        {"pprof.threadcreateCount", n_threadcreateCount},
        {NULL, NULL},
};
