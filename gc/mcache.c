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
 * Allocate-black in bulk. Objects allocated while the collector marks must be marked (Go's
 * gcmarknewobject). Marking each one as mallocgc hands it out costs an atomic OR per object,
 * since the background mark worker sets bits in the same words; instead, when a span is cached
 * while marking, every slot that is free at that moment gets its mark bit at once, a word at a
 * time (gc_black_span): whatever the program allocates there is black from the start, and the
 * marker, which ignores free slots, never sees the others. The span keeps a copy of its
 * allocBits from that moment (snap). When it is handed back - by a refill, or by
 * mcache_releaseAll, which mark termination calls before anything reads the marks - the bits of
 * the slots still free are cleared again and the slots allocated since (allocBits & ~snap) are
 * counted as marked bytes (gc_unblack_span). mark setup releases every cached span first, so
 * during marking every cached span is black this way. Large objects are still marked one by
 * one in mallocgc.
 *
 * Invariants:
 *   - c->alloc[spc] is &emptymspan or a span of class spc that no MCentral list holds.
 *   - c->snap_valid[spc] exactly when alloc[spc] was cached while gc_phase == GC_MARK.
 *   - emptymspan has nelems == 0 and allocCache == 0, so the fast path always fails on it
 *     and it is never handed to an MCentral.
 */
#include "mcache.h"

#include <assert.h>
#include <stddef.h>
#include <string.h>

#include "gc.h"

MCache mcache0;
MSpan emptymspan;

void mcache_init(MCache *c)
{
	for (int i = 0; i < NUM_SPAN_CLASSES; i++)
		c->alloc[i] = &emptymspan;
}

/* Undoes the black free slots of alloc[spc] and counts what was allocated since caching. */
static void mark_allocated_since_cached(MCache *c, uint8_t spc)
{
	if (!c->snap_valid[spc])
		return;
	c->snap_valid[spc] = false;
	gc_unblack_span(c->alloc[spc], c->snap[spc]);
}

/* Caches s for spc; while the collector marks, its free slots turn black. */
static void cache(MCache *c, uint8_t spc, MSpan *s)
{
	c->alloc[spc] = s;
	c->snap_valid[spc] = gc_phase == GC_MARK;
	if (c->snap_valid[spc]) {
		uint32_t nwords = mspan_bits_words(s);
		assert(nwords <= MCACHE_SNAP_WORDS);
		memcpy(c->snap[spc], s->allocBits, nwords * sizeof(uint64_t));
		gc_black_span(s);
	}
}

void mcache_releaseAll(MCache *c)
{
	mheap_lock();
	for (int i = 0; i < NUM_SPAN_CLASSES; i++) {
		MSpan *s = c->alloc[i];
		if (s != &emptymspan) {
			mark_allocated_since_cached(c, (uint8_t)i);
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
		mark_allocated_since_cached(c, spc);
		mcentral_uncacheSpan(&mheap_central[spc], s);
		c->alloc[spc] = &emptymspan;
	}
	s = mcentral_cacheSpan(&mheap_central[spc]);
	if (s)
		cache(c, spc, s);
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
