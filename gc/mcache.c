/*
 * mcache.c - the per-P allocation cache's slow path (Go's mcache.go and mallocgc's nextFree).
 *
 * The fast path lives in gc/mcache.h. It fails when the 64-bit allocCache word of the span
 * is used up; then, here:
 *   1. mspan_nextFreeIndex searches the rest of the span's allocBits, word by word.
 *   2. When the span has no free slot, mcache_refill hands it back to its MCentral (which
 *      files it as full) and takes one with a free slot (a partial span or a new one).
 *   3. The slot found is marked in allocBits and counted in allocCount.
 *
 * Invariants:
 *   - c->alloc[spc] is &emptymspan or a span of class spc that no MCentral list holds.
 *   - emptymspan has nelems == 0 and allocCache == 0, so the fast path always fails on it
 *     and it is never handed to an MCentral.
 */
#include "mcache.h"

#include <assert.h>
#include <stddef.h>

MCache mcache0;
MSpan emptymspan;

void mcache_init(MCache *c)
{
	for (int i = 0; i < NUM_SPAN_CLASSES; i++)
		c->alloc[i] = &emptymspan;
}

void mcache_releaseAll(MCache *c)
{
	mheap_lock();
	for (int i = 0; i < NUM_SPAN_CLASSES; i++) {
		MSpan *s = c->alloc[i];
		if (s != &emptymspan) {
			mcentral_uncacheSpan(&mheap_central[i], s);
			c->alloc[i] = &emptymspan;
		}
	}
	mheap_unlock();
}

bool mcache_refill(MCache *c, uint8_t spc)
{
	mheap_lock();
	MSpan *s = c->alloc[spc];
	if (s != &emptymspan) {
		assert(!mspan_hasFree(s));
		mcentral_uncacheSpan(&mheap_central[spc], s);
		c->alloc[spc] = &emptymspan;
	}
	s = mcentral_cacheSpan(&mheap_central[spc]);
	if (s)
		c->alloc[spc] = s;
	mheap_unlock();
	return s != NULL;
}

void *mcache_nextFree(MCache *c, uint8_t spc, MSpan **sp)
{
	MSpan *s = c->alloc[spc];
	uint32_t idx = mspan_nextFreeIndex(s);
	if (idx == s->nelems) {
		if (!mcache_refill(c, spc))
			return NULL;
		s = c->alloc[spc];
		idx = mspan_nextFreeIndex(s);
		assert(idx < s->nelems);
	}
	s->allocCount++;
	s->allocBits[idx / 64] |= (uint64_t)1 << (idx % 64);
	*sp = s;
	return (void *)(s->startAddr + idx * s->elemsize);
}
