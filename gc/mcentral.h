/*
 * mcentral.h - the central free lists: one MCentral per span class (Go's mcentral.go).
 *
 * An mcache that has used up its span of some class asks that class's MCentral for another
 * with mcentral_cacheSpan and hands the old one back with mcentral_uncacheSpan. gc/mcentral.c
 * describes the lists and how a new span is made.
 *
 * Locking: nothing here is thread-safe yet; each MCentral will get its own lock, as in Go.
 */
#ifndef MINIRT_GC_MCENTRAL_H
#define MINIRT_GC_MCENTRAL_H

#include <stdbool.h>
#include <stdint.h>

#include "mheap.h"

/* Span classes: every size class, scan and noscan (Go's numSpanClasses). */
#define NUM_SPAN_CLASSES (NUM_SIZE_CLASSES << 1)

/* A doubly linked list of in-use spans through MSpan.next/prev (Go's spanSet, simplified). */
typedef struct MSpanList {
	MSpan *first;
	uint32_t n; /* spans on the list */
} MSpanList;

/*
 * As in Go, each list comes in two halves by sweep state: index (mheap_sweepgen / 2) % 2 holds
 * the spans already swept in this cycle, the other one those not swept yet. Raising
 * mheap_sweepgen by 2 at mark termination turns every swept list into an unswept one at once.
 */
typedef struct MCentral {
	uint8_t spanclass; /* the class of every span on the lists; fixed at mcentral_init */
	/* Spans with at least one free slot (once swept), not cached by any mcache. */
	MSpanList partial[2];
	/* Spans with no free slot (before sweeping: maybe some), not cached by any mcache. */
	MSpanList full[2];
	uint64_t nmalloc_spans; /* spans this MCentral has obtained from mheap_alloc */
} MCentral;

static inline MSpanList *mcentral_partialSwept(MCentral *c)
{
	return &c->partial[mheap_sweepgen / 2 % 2];
}
static inline MSpanList *mcentral_partialUnswept(MCentral *c)
{
	return &c->partial[1 - mheap_sweepgen / 2 % 2];
}
static inline MSpanList *mcentral_fullSwept(MCentral *c)
{
	return &c->full[mheap_sweepgen / 2 % 2];
}
static inline MSpanList *mcentral_fullUnswept(MCentral *c)
{
	return &c->full[1 - mheap_sweepgen / 2 % 2];
}

/* List operations (s->list says which list a span is on). */
void mspanlist_push(MSpanList *l, MSpan *s);
void mspanlist_remove(MSpan *s);

/* mheap_.central in Go: one MCentral per span class; class 0 (large objects) is unused. */
extern MCentral mheap_central[NUM_SPAN_CLASSES];

/* Empties every list; call after mheap_init and before the first mcentral_cacheSpan. */
void mcentral_init(void);

/*
 * A span of c's class with at least one free slot, taken off c's lists, its allocCache loaded
 * for its freeindex (the caller owns it until mcentral_uncacheSpan). NULL when the heap has no
 * memory left.
 */
MSpan *mcentral_cacheSpan(MCentral *c);

/* Gives back a span that mcentral_cacheSpan returned: it goes on the swept 'full' or
 * 'partial' list. */
void mcentral_uncacheSpan(MCentral *c, MSpan *s);

/* True when s has a free slot (freeindex < nelems and allocCount < nelems). */
static inline bool mspan_hasFree(const MSpan *s)
{
	return s->allocCount < s->nelems;
}

/*
 * Loads s->allocCache with the complement of the 64 allocBits starting at bit 'whichBit' (a
 * multiple of 64), so that set bits are free slots (Go's refillAllocCache).
 */
void mspan_refillAllocCache(MSpan *s, uint32_t whichBit);

/*
 * Takes the first free slot at or after s->freeindex: returns its index and moves freeindex
 * and allocCache past it. Returns s->nelems (and sets freeindex to it) when there is none
 * (Go's nextFreeIndex). The caller sets the slot's allocBits bit.
 */
uint32_t mspan_nextFreeIndex(MSpan *s);

#endif
