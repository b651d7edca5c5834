/*
 * mcentral.c - the central free lists of spans, one per span class (Go's mcentral.go).
 *
 * A span class is a size class together with the noscan bit, so objects with pointers and
 * pointer-free objects of the same size never share a span and noscan spans are never scanned.
 * Each class has one MCentral holding the in-use spans of that class that no mcache is
 * allocating from, on two lists, 'partial' (some slot is free) and 'full' (none is), each in
 * two halves by sweep state as in Go: swept in this cycle, or not yet (gc/mcentral.h).
 *
 * Getting a span for an mcache (mcentral_cacheSpan):
 *   1. Take the first swept span on 'partial' if there is one.
 *   2. Else sweep unswept 'partial' spans, then unswept 'full' ones (sweeping frees the slots
 *      of unmarked objects), and take the first that has a free slot; the others go on the
 *      swept 'full' list. At most SPAN_BUDGET spans are swept this way per request.
 *   3. Else grow: first let the sweeper return empty spans' pages to the heap (mheap_reclaim),
 *      then mheap_alloc a span of class_to_allocnpages[c] pages; it arrives with nelems,
 *      elemsize and empty allocBits/gcmarkBits; freeindex is 0.
 *   4. Load the span's allocCache from allocBits at its freeindex, so the mcache's fast path
 *      can find free slots with one count-trailing-zeros.
 * While an mcache holds it the span is on no list. mcentral_uncacheSpan puts it back on the
 * swept 'full' or 'partial' list by its allocCount.
 *
 * Slot state. A slot is allocated exactly when its allocBits bit is set: the mcache sets the
 * bit as it hands the slot out (Go leaves slots below freeindex implicit until the sweeper
 * rewrites allocBits; setting the bit at once costs one OR and keeps allocBits exact at all
 * times, which lets the marker ignore pointers to free slots). The sweeper replaces allocBits
 * with the mark bits and sets freeindex back to 0.
 *
 * Invariants:
 *   - Every span on c's lists has spanclass c->spanclass and is not cached by an mcache.
 *   - A swept span on 'partial' has allocCount < nelems; one on 'full' has allocCount ==
 *     nelems. s->list is the list a span is on (NULL while cached or being swept).
 *   - allocCount == the number of set allocBits bits; every slot below freeindex is allocated.
 *   - allocCache bit i (for a cached span) is the complement of allocBits bit freeindex + i,
 *     for the bits up to the end of the 64-bit allocBits word holding freeindex.
 */
#include "mcentral.h"

#include <assert.h>
#include <string.h>

#include "asan.h"
#include "mgcsweep.h"

MCentral mheap_central[NUM_SPAN_CLASSES];

void mcentral_init(void)
{
	memset(mheap_central, 0, sizeof mheap_central);
	for (int i = 0; i < NUM_SPAN_CLASSES; i++)
		mheap_central[i].spanclass = (uint8_t)i;
}

void mspanlist_push(MSpanList *l, MSpan *s)
{
	assert(!s->list);
	s->prev = NULL;
	s->next = l->first;
	if (l->first)
		l->first->prev = s;
	l->first = s;
	l->n++;
	s->list = l;
}

void mspanlist_remove(MSpan *s)
{
	MSpanList *l = s->list;
	assert(l);
	s->list = NULL;
	if (s->prev)
		s->prev->next = s->next;
	else
		l->first = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->next = s->prev = NULL;
	l->n--;
}

void mspan_refillAllocCache(MSpan *s, uint32_t whichBit)
{
	s->allocCache = ~s->allocBits[whichBit / 64];
}

uint32_t mspan_nextFreeIndex(MSpan *s)
{
	uint32_t sfreeindex = s->freeindex, nelems = s->nelems;
	if (sfreeindex == nelems)
		return nelems;
	uint64_t cache = s->allocCache;
	while (cache == 0) {
		/* No free slot left in this word: move to the start of the next one. */
		sfreeindex = (sfreeindex + 64) & ~(uint32_t)63;
		if (sfreeindex >= nelems) {
			s->freeindex = nelems;
			return nelems;
		}
		mspan_refillAllocCache(s, sfreeindex);
		cache = s->allocCache;
	}
	uint32_t bit = (uint32_t)__builtin_ctzll(cache);
	uint32_t result = sfreeindex + bit;
	if (result >= nelems) {
		s->freeindex = nelems;
		return nelems;
	}
	s->allocCache = cache >> bit >> 1; /* two shifts: bit + 1 may be 64 */
	sfreeindex = result + 1;
	if (sfreeindex % 64 == 0 && sfreeindex != nelems)
		mspan_refillAllocCache(s, sfreeindex);
	s->freeindex = sfreeindex;
	return result;
}

/* Step 2: a new span of c's class from the heap, or NULL when memory is exhausted. */
static MSpan *mcentral_grow(MCentral *c)
{
	uint8_t sizeclass = spanclass_sizeclass(c->spanclass);
	mheap_reclaim(class_to_allocnpages[sizeclass]);
	MSpan *s = mheap_alloc(class_to_allocnpages[sizeclass], c->spanclass, false);
	if (!s)
		return NULL;
	assert(s->elemsize == class_to_size[sizeclass] && s->freeindex == 0);
	/* every slot is off limits until mallocgc hands it out (gc/asan.h) */
	GC_POISON((void *)s->startAddr, s->npages * PAGE_SIZE);
	c->nmalloc_spans++;
	return s;
}

/* How many unswept spans cacheSpan may sweep looking for space before it grows the heap. */
#define SPAN_BUDGET 100

MSpan *mcentral_cacheSpan(MCentral *c)
{
	/* 1. A swept span with free space. */
	MSpan *s = mcentral_partialSwept(c)->first;
	if (s) {
		mspanlist_remove(s);
		goto havespan;
	}
	/* 2. An unswept span that had free space (sweeping keeps at least that space), then an
	 * unswept full one (sweeping may free slots in it): sweep it, use it if it has room. */
	int budget = SPAN_BUDGET;
	MSpanList *unswept[2] = {mcentral_partialUnswept(c), mcentral_fullUnswept(c)};
	for (int l = 0; l < 2; l++) {
		while ((s = unswept[l]->first) && budget-- > 0) {
			mspanlist_remove(s);
			mspan_sweep(s, true);
			if (mspan_hasFree(s))
				goto havespan;
			mspanlist_push(mcentral_fullSwept(c), s);
		}
	}
	/* 3. A new span from the heap (Go sweeps some pages for it first: mcentral_grow asks the
	 * collector to reclaim). */
	if (!(s = mcentral_grow(c)))
		return NULL;
havespan:
	assert(mspan_hasFree(s) && s->spanclass == c->spanclass);
	/* Step 3: the cache starts at freeindex, within its 64-bit word. */
	mspan_refillAllocCache(s, s->freeindex & ~(uint32_t)63);
	s->allocCache >>= s->freeindex % 64;
	return s;
}

void mcentral_uncacheSpan(MCentral *c, MSpan *s)
{
	assert(s->spanclass == c->spanclass && !s->next && !s->prev);
	assert(s->sweepgen == mheap_sweepgen);
	mspanlist_push(mspan_hasFree(s) ? mcentral_partialSwept(c) : mcentral_fullSwept(c), s);
}
