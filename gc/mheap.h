/*
 * mheap.h - the page heap: spans of 8 KiB pages carved out of 64 MiB arenas (Go's mheap.go).
 *
 * The heap hands out spans (MSpan, Go's mspan): runs of whole pages. mcentral cuts a span into
 * objects of one size class; a large object (> MAX_SMALL_SIZE) gets a span of its own. The
 * collector finds the span, and from it the object, of any pointer with spanOf. gc/mheap.c
 * explains how address space is reserved, how free runs are found and coalesced, and how free
 * pages go back to the OS (the scavenger).
 *
 * Locking: one mutex for the whole page heap and the span lists above it (Go's mheap_.lock),
 * shared by the program's thread and the background sweeper. mheap_alloc, mheap_free, the
 * MCentral functions and the sweeper's gc_sweepone/mheap_reclaim/mspan_sweep expect the caller
 * to hold it (mcache_refill, mcache_releaseAll, large allocations and the collector take it);
 * mheap_stats and mheap_scavenge take it themselves. spanOf takes no lock: it reads the page
 * table and fields that do not change while the span is in use. The collector's unit tests,
 * which run no sweeper thread, call the unlocked functions directly.
 */
#ifndef MINIRT_GC_MHEAP_H
#define MINIRT_GC_MHEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sizeclasses.h"

typedef struct Type Type;

#define HEAP_ARENA_BYTES ((uintptr_t)64 << 20) /* 64 MiB: the unit of address-space reservation */
#define PAGES_PER_ARENA  (HEAP_ARENA_BYTES / PAGE_SIZE) /* 8192 */

/* A span class: size class << 1 | noscan (Go's spanClass). Class 0 is a large-object span. */
static inline uint8_t make_spanclass(uint8_t sizeclass, bool noscan)
{
	return (uint8_t)(sizeclass << 1 | (noscan ? 1 : 0));
}
static inline uint8_t spanclass_sizeclass(uint8_t sc)
{
	return sc >> 1;
}
static inline bool spanclass_noscan(uint8_t sc)
{
	return sc & 1;
}

/* What a span record currently describes. */
typedef enum MSpanState {
	MSPAN_DEAD,  /* the record is unused (on the record allocator's free list) */
	MSPAN_INUSE, /* pages handed out by mheap_alloc: objects live here */
	MSPAN_FREE,  /* pages on the heap's free lists, available to mheap_alloc */
} MSpanState;

typedef struct MSpan MSpan;

/*
 * One run of pages. Records live off the GC heap and are recycled, never unmapped, so a stale
 * page-table entry always points at some valid record (spanOf relies on this).
 * "heap" below means: touched only by gc/mheap.c, under mheap_.lock.
 * "owner" means: whoever holds the in-use span (mcentral / an mcache / the sweeper), which the
 * heap does not touch between mheap_alloc and mheap_free.
 */
struct MSpan {
	/* Links in a free list (free span, heap) or in an mcentral list (in-use span, owner). */
	MSpan *next;
	MSpan *prev;

	uintptr_t startAddr; /* address of the first byte; a multiple of PAGE_SIZE (heap) */
	uintptr_t npages;    /* length in pages (heap) */
	MSpanState state;    /* heap; read by spanOf */

	/* The fields below are set by mheap_alloc and then belong to the owner. */
	uint8_t spanclass; /* size class << 1 | noscan; 0 for a large object */
	/* Some bytes may be non-zero (pages used before), so the owner must zero objects before
	 * handing them out. False when mheap_alloc zeroed the span or its pages were all fresh. */
	bool needzero;
	uintptr_t elemsize; /* bytes per object: class_to_size, or npages * PAGE_SIZE when large */
	uint32_t nelems;    /* objects in the span: npages * PAGE_SIZE / elemsize (1 when large) */
	/* Objects below this index are allocated or known used; the mcache scans allocBits from
	 * here for the next free slot (owner). */
	uint32_t freeindex;
	uint32_t allocCount; /* objects allocated (owner; the sweeper recounts it) */
	/* The complement of allocBits from bit 'freeindex' on, shifted down so that bit 0 is slot
	 * 'freeindex': a set bit is a free slot (Go's allocCache; owner: gc/mcache.h). */
	uint64_t allocCache;
	/* The type of a large object's value when it has pointers, else NULL (owner), and the
	 * bytes the object really uses (what mallocgc was asked for), which the marker scans. */
	Type *largeType;
	uintptr_t largeSize;
	/* Go's divMul: the index of the object at byte offset off is (off * divMul) >> 32, exact
	 * for every offset inside a small-object span (set by mheap_alloc). */
	uint32_t divMul;
	/* The sweep generation (Go's sweepgen), against mheap_sweepgen (collector):
	 * == mheap_sweepgen - 2: not yet swept in this cycle; == mheap_sweepgen: swept. */
	uint32_t sweepgen;
	/* The MCentral list the span is on, NULL when cached by an mcache or large (owner). */
	struct MSpanList *list;
	/* Scan spans of small objects: one bit per 8-byte word of the span, set when the word
	 * holds a pointer (Go's heap bitmap); written by mallocgc, read by the marker. NULL for
	 * noscan and large spans. */
	uint64_t *heapBits;
	/* RT_TRACE=checkmark: the second mark bitmap of the verification pass, else NULL. */
	uint64_t *checkmarkBits;
	/* One bit per object, nelems bits rounded up to 64-bit words, off the GC heap, zero after
	 * mheap_alloc. allocBits: 1 = allocated (owner, sweeper). gcmarkBits: 1 = marked in the
	 * current cycle (marking); the sweeper turns gcmarkBits into the next allocBits. */
	uint64_t *allocBits;
	uint64_t *gcmarkBits;

	/* Scavenger state, meaningful only while the span is free (heap). */
	uint64_t freedAt; /* monotonic ns when these pages were last freed (newest of a merge) */
	/* Every page has been given back to the OS (madvise) or never touched: the pages read as
	 * zero and do not count as resident. */
	bool released;
};

/* Heap statistics in bytes, with the meaning of runtime.MemStats' fields of the same name. */
typedef struct MHeapStats {
	uint64_t heap_sys;      /* HeapSys: heap memory obtained from the OS (in use or idle) */
	uint64_t heap_inuse;    /* HeapInuse: bytes in in-use spans */
	uint64_t heap_idle;     /* HeapIdle: bytes in free spans, released or not */
	uint64_t heap_released; /* HeapReleased: bytes of free pages given back to the OS */
} MHeapStats;

/* The current sweep generation: starts at 0 and grows by 2 at every mark termination
 * (Go's mheap_.sweepgen). mheap_alloc stamps new spans with it (they need no sweeping). */
extern uint32_t mheap_sweepgen;

/* Every span record ever made, in use or not (Go's h.allspans): the sweeper walks them. */
extern MSpan **mheap_allspans;
extern size_t mheap_nallspans;

/* Bitmap words per span: mark/alloc bits and heap bits. */
static inline uint32_t mspan_bits_words(const MSpan *s)
{
	return (s->nelems + 63) / 64;
}
static inline uint32_t mspan_heapbits_words(const MSpan *s)
{
	return (uint32_t)(s->npages * PAGE_SIZE / 8 / 64);
}

/* A zeroed off-heap bitmap of n words (n <= mspan_heapbits_words of the largest span of a
 * size class), and its release; the checkmark pass borrows these. */
uint64_t *mheap_bits_alloc(uint32_t nwords);
void mheap_bits_free(uint64_t *b, uint32_t nwords);

/* Sets up an empty heap; call once before anything else. */
void mheap_init(void);

/*
 * Allocates a span of 'npages' pages (npages >= 1) of span class 'spanclass', state
 * MSPAN_INUSE, with empty allocBits and gcmarkBits. When 'needzero' is true its memory is
 * zero on return (pages that were never used or were released are zero already and are not
 * written); when false, span->needzero says whether the caller must zero objects itself.
 * Returns NULL when the OS refuses memory; the caller reports "out of memory".
 */
MSpan *mheap_alloc(uintptr_t npages, uint8_t spanclass, bool needzero);

/* Returns an in-use span's pages to the heap, coalescing them with free neighbours. */
void mheap_free(MSpan *s);

/*
 * The in-use span holding address p (its first byte, any interior byte or its last byte), or
 * NULL when p is not in an in-use span: outside the heap (stacks, globals, C memory) or in free
 * pages. O(1): an arena-index lookup and a page-table load.
 */
MSpan *spanOf(const void *p);

#define ARENA_INDEX_BITS (48 - 26) /* 64 MiB arenas covering a 48-bit address space */
#define ARENA_INDEX_LEN  ((uintptr_t)1 << ARENA_INDEX_BITS)

/* The metadata of one 64 MiB arena (Go's heapArena), mapped off the GC heap. */
typedef struct HeapArena {
	MSpan *spans[PAGES_PER_ARENA]; /* page -> span; see gc/mheap.c's invariants */
	/* One bit per page: the page is free and released (reads as zero, not resident). */
	uint64_t released[PAGES_PER_ARENA / 64];
} HeapArena;

/* The arena index: address >> 26 -> HeapArena, NULL if unreserved (Go's mheap_.arenas). */
extern HeapArena **mheap_arenas;

/* spanOf for the marker's inner loop. The background mark worker calls it on any word it
 * finds, while the program allocates spans: the state is loaded with acquire (mheap_alloc
 * publishes it last, with release), and the plain reads are left out of ThreadSanitizer's view
 * like the rest of the marker's reads of heap metadata. */
__attribute__((no_sanitize_thread)) static inline MSpan *spanOf_inline(const void *p)
{
	uintptr_t a = (uintptr_t)p, i = a >> 26;
	if (i >= ARENA_INDEX_LEN || !mheap_arenas)
		return NULL;
	HeapArena *ha = mheap_arenas[i];
	if (!ha)
		return NULL;
	MSpan *s = ha->spans[(a & (HEAP_ARENA_BYTES - 1)) >> PAGE_SHIFT];
	if (!s || __atomic_load_n(&s->state, __ATOMIC_ACQUIRE) != MSPAN_INUSE || a < s->startAddr ||
	    a >= s->startAddr + s->npages * PAGE_SIZE)
		return NULL;
	return s;
}

/* The heap lock (see the top comment). */
void mheap_lock(void);
void mheap_unlock(void);

/* The statistics above, consistent with each other: heap_sys == heap_inuse + heap_idle. */
void mheap_stats(MHeapStats *out);

/*
 * Releases to the OS (madvise MADV_DONTNEED) the pages of every free span that has been free
 * for at least 'older_than_ns' nanoseconds; 0 releases every free page (debug.FreeOSMemory).
 * Returns the number of bytes released by this call.
 */
uint64_t mheap_scavenge(uint64_t older_than_ns);

#endif
