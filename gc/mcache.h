/*
 * mcache.h - the per-P allocation cache (Go's mcache.go) and its inline fast path.
 *
 * An MCache holds, for every span class, the span that small objects of that class are cut
 * from (alloc[spanclass]). Allocation first tries that span's allocCache (Go's nextFreeFast:
 * one count-trailing-zeros on a 64-bit word of inverted allocBits); when the word is used up
 * it calls mcache_nextFree, which searches the rest of the span's allocBits and, when the span
 * is full, swaps it for another from the class's MCentral (mcache_refill). gc/mcache.c says
 * more.
 *
 * Locking: an MCache belongs to one P and is touched only by the goroutine running on that P,
 * so it takes no lock. There is one P for now, and so one MCache, mcache0.
 */
#ifndef MINIRT_GC_MCACHE_H
#define MINIRT_GC_MCACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "mcentral.h"
#include "mheap.h"

/* The most allocBits words a small-object span has (1024 slots of 8 bytes in one page). */
#define MCACHE_SNAP_WORDS 16

typedef struct MCache {
	/* The span each span class allocates from; &emptymspan (no free slot) before the first
	 * allocation of a class. Owned by the P. */
	MSpan *alloc[NUM_SPAN_CLASSES];
	/* Allocate-black in bulk (gc/mcache.c): for a span cached while the collector marks,
	 * its allocBits as they were then; the slots allocated since are marked when the span is
	 * handed back. */
	bool snap_valid[NUM_SPAN_CLASSES];
	uint64_t snap[NUM_SPAN_CLASSES][MCACHE_SNAP_WORDS];
} MCache;

/* The cache of the only P. */
extern MCache mcache0;

/* A span with no slots: alloc[] entries point here so the fast path needs no NULL check. */
extern MSpan emptymspan;

/* Points every entry of c at emptymspan; call after mcentral_init. */
void mcache_init(MCache *c);

/*
 * The slow path: the next free slot of alloc[spc], refilling from the MCentral when that span
 * is full. Returns the slot's address and sets its allocBits bit; *sp is the span it came
 * from. NULL when the heap has no memory left.
 */
void *mcache_nextFree(MCache *c, uint8_t spc, MSpan **sp);

/* Hands every cached span back to its MCentral (Go's releaseAll, at the start of a cycle so
 * that the sweeper finds every span on an MCentral list). */
void mcache_releaseAll(MCache *c);

/* Hands alloc[spc] back to its MCentral and caches a span with a free slot; false on OOM. */
bool mcache_refill(MCache *c, uint8_t spc);

/*
 * The fast path (Go's nextFreeFast): a free slot from the span's allocCache, or NULL when the
 * cache word is used up (or the span is full). Marks the slot allocated.
 */
static inline void *mcache_nextFreeFast(MSpan *s)
{
	uint64_t cache = s->allocCache;
	if (cache == 0)
		return NULL;
	uint32_t bit = (uint32_t)__builtin_ctzll(cache);
	uint32_t result = s->freeindex + bit;
	if (result >= s->nelems)
		return NULL;
	uint32_t freeidx = result + 1;
	/* Crossing into the next allocBits word needs a cache refill: the slow path does it. */
	if (freeidx % 64 == 0 && freeidx != s->nelems)
		return NULL;
	s->allocCache = cache >> bit >> 1; /* two shifts: bit + 1 may be 64 */
	s->freeindex = freeidx;
	s->allocCount++;
	s->allocBits[result / 64] |= (uint64_t)1 << (result % 64);
	return (void *)(s->startAddr + result * s->elemsize);
}

/* One object of span class 'spc' from c: the fast path, else mcache_nextFree. */
static inline void *mcache_alloc(MCache *c, uint8_t spc, MSpan **sp)
{
	MSpan *s = c->alloc[spc];
	void *p = mcache_nextFreeFast(s);
	if (p) {
		*sp = s;
		return p;
	}
	return mcache_nextFree(c, spc, sp);
}

#endif
