/*
 * mgcsweep.c - the sweeper (Go's mgcsweep.go): after marking, every in-use span is swept once
 * before the next cycle starts.
 *
 * Sweeping a span (mspan_sweep):
 *   1. A large span: its one object is marked or the whole span goes back to the heap.
 *   2. A small-object span: the objects allocated but not marked are the garbage. The mark
 *      bits become the allocation bits (Go swaps the two bitmaps the same way) and a cleared
 *      bitmap becomes the next cycle's mark bits; allocCount is the number of marked objects;
 *      freeindex goes back to 0 so the mcache finds the freed slots. A span with no object
 *      left goes back to the heap, unless the caller is about to allocate from it.
 *   3. Freed objects are counted (MemStats.Frees) and, under AddressSanitizer, poisoned so a
 *      dangling pointer into one is reported; a freed object the heap profile sampled is
 *      reported to it (mprof_object_freed, Go's freeSpecial of a profile special).
 *
 * When spans are swept. Mark termination raises mheap_sweepgen by 2, which makes every
 * in-use span unswept (sweepgen == mheap_sweepgen - 2) at once. Then, as in Go:
 *   - lazily, by allocation: an MCentral sweeps an unswept span of its class before it hands
 *     the span to an mcache (gc/mcentral.c), and before the heap grows mheap_reclaim sweeps
 *     spans until enough pages came back;
 *   - in the background: Go's background sweeper goroutine; with one P, the rest is swept at
 *     the start of the next cycle (gc_finish_sweep), or by runtime.GC() which sweeps all.
 * gc_sweepone walks every span record (mheap_allspans) once per cycle with a cursor, skipping
 * spans already swept. A span created after mark termination is born swept.
 *
 * Invariants:
 *   - Between two mark terminations every in-use span is swept at most once; by the start of
 *     the next cycle, all of them.
 *   - A span being swept is on no list: callers take it off its MCentral list first.
 *   - After sweeping, allocBits has exactly allocCount bits set and gcmarkBits is zero.
 */
#include "mgcsweep.h"

#include <assert.h>
#include <string.h>

#include "../prof/mprof.h"
#include "asan.h"
#include "mcentral.h"

uint64_t sweep_nfree;
uint64_t sweep_freed_bytes;

/* The next record of mheap_allspans gc_sweepone looks at. */
static size_t sweep_cursor;

void gc_sweep_start(void)
{
	sweep_cursor = 0;
}

bool mspan_sweep(MSpan *s, bool preserve)
{
	assert(s->state == MSPAN_INUSE && s->sweepgen == mheap_sweepgen - 2 && !s->list);
	s->sweepgen = mheap_sweepgen;
	if (spanclass_sizeclass(s->spanclass) == 0) {
		/* 1. large */
		if (s->gcmarkBits[0] & 1) {
			s->gcmarkBits[0] = 0;
			return false;
		}
		__atomic_fetch_add(&sweep_nfree, 1, __ATOMIC_RELAXED);
		__atomic_fetch_add(&sweep_freed_bytes, s->npages * PAGE_SIZE, __ATOMIC_RELAXED);
		mprof_object_freed(s->startAddr);
		mheap_free(s);
		return true;
	}

	/* 2. small objects */
	uint32_t nwords = mspan_bits_words(s), nalloc = 0;
	if (mprof_any_sampled(s->startAddr, s->startAddr + s->npages * PAGE_SIZE))
		for (uint32_t i = 0; i < nwords; i++)
			for (uint64_t dead = s->allocBits[i] & ~s->gcmarkBits[i]; dead; dead &= dead - 1)
				mprof_object_freed(s->startAddr +
				                   (i * 64 + (uint32_t)__builtin_ctzll(dead)) * s->elemsize);
	for (uint32_t i = 0; i < nwords; i++) {
		nalloc += (uint32_t)__builtin_popcountll(s->gcmarkBits[i]);
#ifdef MINIRT_ASAN
		for (uint64_t dead = s->allocBits[i] & ~s->gcmarkBits[i]; dead; dead &= dead - 1) {
			uint32_t idx = i * 64 + (uint32_t)__builtin_ctzll(dead);
			GC_POISON((void *)(s->startAddr + idx * s->elemsize), s->elemsize);
		}
#endif
	}
	assert(nalloc <= s->allocCount);
	uint32_t nfreed = s->allocCount - nalloc;
	uint64_t *bits = s->allocBits;
	s->allocBits = s->gcmarkBits;
	s->gcmarkBits = bits;
	memset(bits, 0, nwords * sizeof(uint64_t));
	s->allocCount = nalloc;
	s->freeindex = 0;
	s->allocCache = 0;
	if (nfreed) {
		s->needzero = true;
		__atomic_fetch_add(&sweep_nfree, nfreed, __ATOMIC_RELAXED);
		__atomic_fetch_add(&sweep_freed_bytes, (uint64_t)nfreed * s->elemsize, __ATOMIC_RELAXED);
	}
	if (nalloc == 0 && !preserve) {
		mheap_free(s);
		return true;
	}
	return false;
}

uintptr_t gc_sweepone(void)
{
	while (sweep_cursor < mheap_nallspans) {
		MSpan *s = mheap_allspans[sweep_cursor++];
		if (s->state != MSPAN_INUSE || s->sweepgen != mheap_sweepgen - 2)
			continue;
		MSpanList *l = s->list;
		uintptr_t npages = s->npages;
		if (l)
			mspanlist_remove(s);
		if (mspan_sweep(s, false))
			return npages;
		if (l) {
			MCentral *c = &mheap_central[s->spanclass];
			mspanlist_push(mspan_hasFree(s) ? mcentral_partialSwept(c) : mcentral_fullSwept(c),
			               s);
		}
		return 0;
	}
	return UINTPTR_MAX;
}

void mheap_reclaim(uintptr_t npages)
{
	uintptr_t got = 0;
	while (got < npages) {
		uintptr_t n = gc_sweepone();
		if (n == UINTPTR_MAX)
			return;
		got += n;
	}
}
