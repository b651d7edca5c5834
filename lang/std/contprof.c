/*
 * contprof.c - writing the block and mutex (contention) profiles, Go's runtime/pprof writeBlock
 * and writeMutex: the records of prof/mprof.c's BLOCK_PROFILE or MUTEX_PROFILE buckets, sorted
 * by delay, longest first, written as pprof's gzipped protobuf (debug 0) or as Go's legacy
 * text (any other debug). Used by runtime/pprof's Lookup("block"|"mutex").WriteTo and Count
 * (natives contentionProfile and contentionCount) and by --blockprofile / --mutexprofile
 * (rt_write_contention_profile, runtime/main.c).
 *
 * Time unit: minirt has no CPU cycle counter. The profiles' tick is the nanosecond of a
 * monotonic clock (mprof_cputicks), so cycles/second is 1000000000 in the text, the "cycles"
 * of a record are nanoseconds, SetBlockProfileRate's conversion from nanoseconds is the
 * identity, and the protobuf's delay (cycles / (cycles per second / 1e9)) equals the cycles.
 *
 * The protobuf, as Go's printCountCycleProfile: period type contentions/count, period 1, sample
 * types contentions/count and delay/nanoseconds; one sample per record with all its frames
 * (Go hides no runtime frames here); no labels. The text:
 *     --- contention:            (block)   or   --- mutex:
 *     cycles/second=1000000000
 *     sampling period=N          (mutex only: SetMutexProfileFraction(-1))
 *     <cycles> <count> @ 0x.. 0x..
 *     #	0x..	main.f+0x3	/path/file.go:12      (every frame, tab-aligned)
 *     <empty line>
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../prof/mprof.h"
#include "../../prof/pprof.h"
#include "../vm.h"
#include "proftext.h"
#include "std_int.h"

/* The records of a profile sorted by cycles, longest first (ties: newest bucket first); NULL
 * with *n = 0 when there are none, and with *n = -1 when out of memory. The caller frees the
 * array. */
static BlockProfileRecord *sorted_records(BucketType which, int *n)
{
	int cnt = mprof_block_profile(which, NULL, 0);
	*n = 0;
	if (cnt == 0)
		return NULL;
	BlockProfileRecord *p = malloc((size_t)cnt * sizeof *p);
	if (!p) {
		*n = -1;
		return NULL;
	}
	cnt = mprof_block_profile(which, p, cnt); /* no event can be added in between */
	/* insertion sort: stable, and profiles have few records */
	for (int i = 1; i < cnt; i++) {
		BlockProfileRecord r = p[i];
		int j = i;
		for (; j > 0 && p[j - 1].cycles < r.cycles; j--)
			p[j] = p[j - 1];
		p[j] = r;
	}
	*n = cnt;
	return p;
}

/* "block" or "mutex" as a bucket type; false for anything else. */
static bool profile_type(const char *name, size_t len, BucketType *which)
{
	if (len == 5 && memcmp(name, "block", 5) == 0)
		*which = BLOCK_PROFILE;
	else if (len == 5 && memcmp(name, "mutex", 5) == 0)
		*which = MUTEX_PROFILE;
	else
		return false;
	return true;
}

/* Builds the protobuf profile; NULL (errno set) on failure. */
static PprofBuilder *build_contention_profile(BucketType which)
{
	PprofBuilder *b = pprof_new();
	if (!b) {
		errno = ENOMEM;
		return NULL;
	}
	int n, err = pprof_contention_begin(b, "contentions", "delay");
	BlockProfileRecord *p = sorted_records(which, &n);
	if (n < 0)
		err = -1;
	const double cpu_ghz = (double)MPROF_TICKS_PER_SECOND / 1e9;
	for (int i = 0; i < n && err == 0; i++) {
		PprofFrame frames[MPROF_MAX_STACK];
		size_t nf = 0;
		for (uintptr_t k = 0; k < p[i].b->nstk && nf < MPROF_MAX_STACK; k++) {
			const Proto *fn;
			int line;
			vm_stack_word_frame(p[i].b->stk[k], &fn, &line);
			if (fn)
				frames[nf++] = (PprofFrame){fn->name, fn->file, line};
		}
		int64_t values[2] = {p[i].count, (int64_t)((double)p[i].cycles / cpu_ghz)};
		err = pprof_add_sample(b, frames, nf, values, NULL, 0);
	}
	free(p);
	if (err) {
		pprof_free(b);
		errno = ENOMEM;
		return NULL;
	}
	return b;
}

/* Go's legacy text for the profile (writeProfileInternal with debug > 0). */
static void contention_text(FmtBuf *b, BucketType which)
{
	char line[160];
	int n;
	BlockProfileRecord *p = sorted_records(which, &n);
	fmtbuf_puts(b, which == BLOCK_PROFILE ? "--- contention:\n" : "--- mutex:\n");
	snprintf(line, sizeof line, "cycles/second=%lld\n", (long long)MPROF_TICKS_PER_SECOND);
	fmtbuf_puts(b, line);
	if (which == MUTEX_PROFILE) {
		snprintf(line, sizeof line, "sampling period=%lld\n",
		         (long long)mprof_set_mutex_profile_fraction(-1));
		fmtbuf_puts(b, line);
	}
	for (int i = 0; i < n; i++) {
		snprintf(line, sizeof line, "%lld %lld @", (long long)p[i].cycles,
		         (long long)p[i].count);
		fmtbuf_puts(b, line);
		proftext_pcs(b, p[i].b->stk, p[i].b->nstk);
		fmtbuf_putc(b, '\n');
		proftext_stack_record(b, p[i].b->stk, p[i].b->nstk, true);
	}
	free(p);
}

/* func contentionProfile(name string, debug int) []byte (runtime/pprof) */
static void n_contentionProfile(G *g, Slot *a)
{
	String name = string_from_slots(&a[0]);
	int64_t debug = (int64_t)a[2];
	BucketType which;
	if (!profile_type((const char *)name.ptr, (size_t)name.len, &which)) {
		a[3] = a[4] = a[5] = 0;
		return;
	}
	if (debug != 0) {
		FmtBuf b = {0};
		contention_text(&b, which);
		proftext_return_bytes(&b, &a[3]);
		return;
	}
	PprofBuilder *pb = build_contention_profile(which);
	uint8_t *buf = NULL;
	size_t len = 0;
	if (!pb || pprof_write_buffer(pb, &buf, &len) != 0) {
		pprof_free(pb);
		rt_panic_string(g, "runtime/pprof: out of memory");
		return;
	}
	pprof_free(pb);
	Slice s = rt_slice_make(t_uint8, (int64_t)len, (int64_t)len);
	memcpy(s.ptr, buf, len);
	free(buf);
	a[3] = (Slot)(uintptr_t)s.ptr;
	a[4] = (Slot)s.len;
	a[5] = (Slot)s.cap;
}

/* func contentionCount(name string) int (runtime/pprof): the number of records. */
static void n_contentionCount(G *g, Slot *a)
{
	String name = string_from_slots(&a[0]);
	BucketType which;
	a[2] = profile_type((const char *)name.ptr, (size_t)name.len, &which)
	               ? (Slot)mprof_block_profile(which, NULL, 0)
	               : 0;
}

const NativeEntry std_contprof_natives[] = {
        {"pprof.contentionProfile", n_contentionProfile},
        {"pprof.contentionCount", n_contentionCount},
        {NULL, NULL},
};

int rt_write_contention_profile(const char *which, const char *path)
{
	BucketType t;
	if (!profile_type(which, strlen(which), &t)) {
		errno = EINVAL;
		return -1;
	}
	PprofBuilder *b = build_contention_profile(t);
	if (!b)
		return -1;
	int r = pprof_write_path(b, path);
	int saved = errno;
	pprof_free(b);
	errno = saved;
	return r;
}
