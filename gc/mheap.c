/*
 * mheap.c - the page heap (Go's mheap.go, with a simpler page allocator than its mpagealloc.go).
 *
 * The heap owns the address space objects live in. It hands out spans, runs of 8 KiB pages,
 * takes them back, merges free neighbours, and gives long-unused free pages back to the OS.
 *
 * Address space. Memory is reserved in 64 MiB arenas aligned to 64 MiB. A reservation is an
 * mmap with PROT_NONE (address space only: no memory, no commit charge); the heap then grows
 * into it 4 MiB at a time by mprotect'ing the next part read-write ("committing" it). We chose
 * reserve-then-commit over one MAP_NORESERVE read-write mapping so that a stray pointer into
 * space the heap never handed out faults at once instead of reading zeros, and so that the
 * commit charge follows HeapSys. The first reservation is placed at Go's hint 0xc000000000,
 * later ones right after the previous one, so the heap usually stays one contiguous range and
 * a span may cross arena boundaries (a 100 MiB object spans two or three arenas). When the OS
 * puts a reservation elsewhere, the unused tail of the current one is added to the heap as
 * free memory first, so no reserved space is wasted.
 *
 * Page table. Every arena has a HeapArena record (off the GC heap) with one MSpan pointer per
 * page. An address finds its arena in O(1) through the arena index, a flat array with one
 * entry per possible 64 MiB arena of the 48-bit address space (32 MiB of address space,
 * mapped without reserve so that only the few entries used cost memory, as Go's arenas[]).
 *
 * Free spans. A free run of pages is one MSpan in state MSPAN_FREE on one free list:
 * free[n] holds the runs of exactly n pages for n < FREE_BUCKETS, freelarge the longer ones
 * (Go's mheap before 1.12 did the same). Finding n pages:
 *   1. Take the first run in free[n], free[n+1], ... (the smallest bucket that fits).
 *   2. Else the best fit in freelarge: the shortest run of at least n pages, lowest address on
 *      a tie (a linear scan; there are few long free runs).
 *   3. Else grow the heap by at least n pages (rounded up to 4 MiB) and go back to 1.
 *   4. Split: the span keeps its first n pages; the rest becomes a new free run on its list.
 * Buckets make small requests O(1) and keep a long run from being chopped up while a short
 * one fits; best fit among long runs limits fragmentation.
 *
 * Freeing. mheap_free looks up the pages just before and just after the span in the page
 * table; when either belongs to a free run, that run is taken off its list and merged in. So
 * no two free runs are ever adjacent and a freed run is as long as it can be.
 *
 * Zeroing and the scavenger. Each arena keeps one bit per page, "released": the page is free
 * and holds no data the program wrote, either because the heap never handed it out (fresh
 * mmap memory is zero) or because the scavenger gave it back with madvise(MADV_DONTNEED),
 * after which the OS supplies zero pages again. Released pages count as HeapReleased, and
 * mheap_alloc never has to zero them; it zeroes only the other pages of a span, and only when
 * asked to. mheap_scavenge releases the free runs that have been free long enough; a run's
 * freedAt is the time its pages were freed (when two runs merge, the newer dirty time wins, so
 * pages freed a moment ago are never released early; the price is that a run churned at one
 * end keeps old pages at its other end resident).
 *
 * Locking. Everything here runs under heap_mu (Go's mheap_.lock): mheap_alloc and mheap_free
 * are called with it held (gc/mheap.h), mheap_scavenge and mheap_stats take it. spanOf takes
 * no lock: it reads the
 * arena index and page table, whose entries for in-use spans do not change while the span is
 * in use, and checks the span's state and bounds.
 *
 * Invariants:
 *   - Every page the heap has grown into belongs to exactly one span, in use or free; the
 *     page-table entry of every other page (reserved but not grown into) is NULL.
 *   - The page-table entry of every page of an in-use span points to that span. The entries
 *     of the first and last page of a free span point to it; the entries of its other pages
 *     are stale (any record, possibly reused), which is why spanOf checks state and bounds.
 *   - No two free spans are adjacent.
 *   - A free span of n pages is on free[n] when n < FREE_BUCKETS, else on freelarge; an
 *     in-use span is on no heap list.
 *   - A released bit is set only for pages of free spans; a free span's 'released' is true
 *     exactly when all of its pages' bits are set.
 *   - heap_sys == heap_inuse + heap_idle; heap_released == PAGE_SIZE * (released bits set)
 *     <= heap_idle.
 */
#include "mheap.h"

#include <pthread.h>

#include "asan.h"

#include <assert.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#define ARENA_HINT       ((uintptr_t)0x00c0 << 32) /* Go's first arena hint on 64-bit Linux */
#define HEAP_GROW_BYTES  ((uintptr_t)4 << 20)      /* the heap grows at least this much */
#define FREE_BUCKETS     128                       /* free[n] for runs of 1..127 pages */
#define PERSISTENT_CHUNK ((size_t)256 << 10)       /* metadata comes from mmaps this big */
#define MAX_BITS_WORDS   256 /* the longest bitmap: heap bits of a 16-page span */


/* The page heap. Every field is guarded by 'lock' once there is one. */
static struct {
	/* The lock goes here: Go's mheap_.lock. */
	MSpan *free[FREE_BUCKETS]; /* free[n]: free runs of exactly n pages (free[0] unused) */
	MSpan *freelarge;          /* free runs of FREE_BUCKETS pages or more */
	/* [curBase, curEnd): reserved space the heap has not grown into yet. */
	uintptr_t curBase;
	uintptr_t curEnd;
	uint64_t sys;      /* bytes grown into (committed): HeapSys */
	uint64_t inuse;    /* bytes in in-use spans: HeapInuse */
	uint64_t released; /* bytes of released free pages: HeapReleased */

	/* Off-heap metadata allocation (Go's persistentalloc and fixalloc). */
	char *pchunk;      /* current metadata chunk, bump-allocated */
	size_t pchunkLeft; /* bytes left in it */
	MSpan *spanFree;   /* recycled MSpan records (state MSPAN_DEAD), linked by 'next' */
	uint64_t *bitsFree[MAX_BITS_WORDS + 1]; /* recycled bitmaps of n words, linked by word 0 */
} mheap_;

uint32_t mheap_sweepgen;
HeapArena **mheap_arenas;
MSpan **mheap_allspans;
size_t mheap_nallspans;
static size_t allspans_cap;

static uint64_t nanotime(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uintptr_t align_up(uintptr_t n, uintptr_t a)
{
	return (n + a - 1) & ~(a - 1);
}

/* ---- Off-heap metadata ---- */

/* 'size' bytes (a multiple of 8, at most PERSISTENT_CHUNK) that are never freed; zeroed. */
static void *persistentalloc(size_t size)
{
	if (size > mheap_.pchunkLeft) {
		void *p = mmap(NULL, PERSISTENT_CHUNK, PROT_READ | PROT_WRITE,
		               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return NULL;
		mheap_.pchunk = p;
		mheap_.pchunkLeft = PERSISTENT_CHUNK;
	}
	void *p = mheap_.pchunk;
	mheap_.pchunk += size;
	mheap_.pchunkLeft -= size;
	return p;
}

/* A zeroed MSpan record, from the recycled ones when there are any. */
static MSpan *span_record_alloc(void)
{
	MSpan *s = mheap_.spanFree;
	if (s) {
		mheap_.spanFree = s->next;
		memset(s, 0, sizeof *s);
		return s;
	}
	if (mheap_nallspans == allspans_cap) {
		/* the registry grows by doubling, in a fresh mapping (never freed: old ones too) */
		size_t ncap = allspans_cap ? allspans_cap * 2 : 1024;
		MSpan **n = mmap(NULL, ncap * sizeof *n, PROT_READ | PROT_WRITE,
		                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (n == MAP_FAILED)
			return NULL;
		if (mheap_allspans) {
			memcpy(n, mheap_allspans, mheap_nallspans * sizeof *n);
			munmap(mheap_allspans, allspans_cap * sizeof *n);
		}
		mheap_allspans = n;
		allspans_cap = ncap;
	}
	if (!(s = persistentalloc(sizeof(MSpan))))
		return NULL;
	memset(s, 0, sizeof *s);
	mheap_allspans[mheap_nallspans++] = s;
	return s;
}

static void span_record_free(MSpan *s)
{
	s->state = MSPAN_DEAD;
	s->next = mheap_.spanFree;
	mheap_.spanFree = s;
}

/* A zeroed bitmap of 'nwords' 64-bit words (1 <= nwords <= MAX_BITS_WORDS). */
static uint64_t *gcbits_alloc(uint32_t nwords)
{
	uint64_t *b = mheap_.bitsFree[nwords];
	if (b)
		mheap_.bitsFree[nwords] = (uint64_t *)(uintptr_t)b[0];
	else if (!(b = persistentalloc(nwords * sizeof(uint64_t))))
		return NULL;
	memset(b, 0, nwords * sizeof(uint64_t));
	return b;
}

static void gcbits_free(uint64_t *b, uint32_t nwords)
{
	if (!b)
		return;
	b[0] = (uint64_t)(uintptr_t)mheap_.bitsFree[nwords];
	mheap_.bitsFree[nwords] = b;
}

static uint32_t span_bits_words(const MSpan *s)
{
	return mspan_bits_words(s);
}

uint64_t *mheap_bits_alloc(uint32_t nwords)
{
	return gcbits_alloc(nwords);
}

void mheap_bits_free(uint64_t *b, uint32_t nwords)
{
	gcbits_free(b, nwords);
}

/* ---- Page table ---- */

static HeapArena *arena_of(uintptr_t addr)
{
	uintptr_t i = addr >> 26;
	if (!mheap_arenas || i >= ARENA_INDEX_LEN)
		return NULL;
	return mheap_arenas[i];
}

static uintptr_t page_in_arena(uintptr_t addr)
{
	return (addr & (HEAP_ARENA_BYTES - 1)) >> PAGE_SHIFT;
}

/* The page-table entry of the page holding 'addr', or NULL outside reserved arenas. */
static MSpan *page_span(uintptr_t addr)
{
	HeapArena *ha = arena_of(addr);
	return ha ? ha->spans[page_in_arena(addr)] : NULL;
}

static void set_page_span(uintptr_t addr, MSpan *s)
{
	HeapArena *ha = arena_of(addr);
	assert(ha);
	ha->spans[page_in_arena(addr)] = s;
}

static bool page_released(uintptr_t addr)
{
	uintptr_t i = page_in_arena(addr);
	return arena_of(addr)->released[i / 64] >> (i % 64) & 1;
}

static void set_page_released(uintptr_t addr, bool on)
{
	uintptr_t i = page_in_arena(addr);
	uint64_t *w = &arena_of(addr)->released[i / 64];
	if (on)
		*w |= (uint64_t)1 << (i % 64);
	else
		*w &= ~((uint64_t)1 << (i % 64));
}

static uintptr_t span_limit(const MSpan *s)
{
	return s->startAddr + s->npages * PAGE_SIZE;
}

/* Points the page-table entries of a free span's first and last page at it. */
static void set_free_span_ends(MSpan *s)
{
	set_page_span(s->startAddr, s);
	set_page_span(span_limit(s) - PAGE_SIZE, s);
}

/* ---- Free lists ---- */

static MSpan **free_list_for(uintptr_t npages)
{
	return npages < FREE_BUCKETS ? &mheap_.free[npages] : &mheap_.freelarge;
}

static void free_list_insert(MSpan *s)
{
	MSpan **head = free_list_for(s->npages);
	s->prev = NULL;
	s->next = *head;
	if (*head)
		(*head)->prev = s;
	*head = s;
}

static void free_list_remove(MSpan *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		*free_list_for(s->npages) = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->next = s->prev = NULL;
}

/* Steps 1 and 2 of the search: the free run to take n pages from, or NULL. */
static MSpan *find_free(uintptr_t npages)
{
	for (uintptr_t n = npages; n < FREE_BUCKETS; n++)
		if (mheap_.free[n])
			return mheap_.free[n];
	MSpan *best = NULL;
	for (MSpan *s = mheap_.freelarge; s; s = s->next) {
		if (s->npages < npages)
			continue;
		if (!best || s->npages < best->npages ||
		    (s->npages == best->npages && s->startAddr < best->startAddr))
			best = s;
	}
	return best;
}

/* Merges the free run 'other', adjacent to the free run 's', into 's' and frees its record. */
static void absorb(MSpan *s, MSpan *other)
{
	free_list_remove(other);
	if (other->startAddr < s->startAddr)
		s->startAddr = other->startAddr;
	s->npages += other->npages;
	/* The merged run is released only if both were; its age is that of its dirty pages. */
	if (s->released)
		s->freedAt = other->freedAt;
	else if (!other->released && other->freedAt > s->freedAt)
		s->freedAt = other->freedAt;
	s->released = s->released && other->released;
	span_record_free(other);
}

/* Makes 's' (state MSPAN_FREE, not on a list) a free run: coalesces it and lists it. */
static void add_free_run(MSpan *s)
{
	MSpan *before = s->startAddr ? page_span(s->startAddr - 1) : NULL;
	if (before && before->state == MSPAN_FREE)
		absorb(s, before);
	MSpan *after = page_span(span_limit(s));
	if (after && after->state == MSPAN_FREE)
		absorb(s, after);
	set_free_span_ends(s);
	free_list_insert(s);
}

/* ---- Growing ---- */

/* Registers a HeapArena for every arena of the reserved range [base, base + size). */
static bool register_arenas(uintptr_t base, uintptr_t size)
{
	for (uintptr_t a = base; a < base + size; a += HEAP_ARENA_BYTES) {
		HeapArena *ha = mmap(NULL, sizeof(HeapArena), PROT_READ | PROT_WRITE,
		                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (ha == MAP_FAILED)
			return false;
		mheap_arenas[a >> 26] = ha;
	}
	return true;
}

/*
 * Reserves 'size' bytes (a multiple of HEAP_ARENA_BYTES) of address space aligned to
 * HEAP_ARENA_BYTES, preferably at 'hint'. Returns 0 on failure.
 */
static uintptr_t sys_reserve(uintptr_t hint, uintptr_t size)
{
	const int prot = PROT_NONE, flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
	void *p = mmap((void *)hint, size, prot, flags, -1, 0);
	if (p == MAP_FAILED)
		return 0;
	uintptr_t base = (uintptr_t)p;
	if (base % HEAP_ARENA_BYTES == 0 && base + size <= ARENA_INDEX_LEN << 26)
		return base;
	/* Misplaced: reserve one arena more anywhere and trim it to an aligned range. */
	munmap(p, size);
	p = mmap(NULL, size + HEAP_ARENA_BYTES, prot, flags, -1, 0);
	if (p == MAP_FAILED)
		return 0;
	uintptr_t raw = (uintptr_t)p;
	base = align_up(raw, HEAP_ARENA_BYTES);
	if (base > raw)
		munmap(p, base - raw);
	if (raw + HEAP_ARENA_BYTES > base)
		munmap((void *)(base + size), raw + HEAP_ARENA_BYTES - base);
	if (base + size > ARENA_INDEX_LEN << 26) {
		munmap((void *)base, size);
		return 0;
	}
	return base;
}

/* Commits [base, base + size) of reserved space and adds it to the heap as a free run. */
static bool add_fresh(uintptr_t base, uintptr_t size)
{
	MSpan *s = span_record_alloc();
	if (!s || mprotect((void *)base, size, PROT_READ | PROT_WRITE) != 0) {
		if (s)
			span_record_free(s);
		return false;
	}
	for (uintptr_t a = base; a < base + size; a += PAGE_SIZE)
		set_page_released(a, true);
	mheap_.sys += size;
	mheap_.released += size;
	s->startAddr = base;
	s->npages = size / PAGE_SIZE;
	s->state = MSPAN_FREE;
	s->released = true;
	add_free_run(s);
	return true;
}

/* Step 3: grows the heap by at least 'npages' pages. False when the OS refuses. */
static bool grow(uintptr_t npages)
{
	uintptr_t ask = align_up(npages * PAGE_SIZE, HEAP_GROW_BYTES);
	if (mheap_.curEnd - mheap_.curBase < ask) {
		uintptr_t size = align_up(ask, HEAP_ARENA_BYTES);
		uintptr_t hint = mheap_.curEnd ? mheap_.curEnd : ARENA_HINT;
		uintptr_t base = sys_reserve(hint, size);
		if (!base || !register_arenas(base, size))
			return false;
		if (base == mheap_.curEnd) {
			mheap_.curEnd += size;
		} else {
			if (mheap_.curBase < mheap_.curEnd &&
			    !add_fresh(mheap_.curBase, mheap_.curEnd - mheap_.curBase))
				return false;
			mheap_.curBase = base;
			mheap_.curEnd = base + size;
		}
	}
	if (!add_fresh(mheap_.curBase, ask))
		return false;
	mheap_.curBase += ask;
	return true;
}

/* ---- The API ---- */

void mheap_init(void)
{
	memset(&mheap_, 0, sizeof mheap_);
	void *p = mmap(NULL, ARENA_INDEX_LEN * sizeof(HeapArena *), PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	mheap_arenas = p == MAP_FAILED ? NULL : p;
}

/* Step 4: cuts the free run 's' down to its first 'npages' pages; the rest stays free. */
static bool split(MSpan *s, uintptr_t npages)
{
	if (s->npages == npages)
		return true;
	MSpan *rest = span_record_alloc();
	if (!rest)
		return false;
	rest->startAddr = s->startAddr + npages * PAGE_SIZE;
	rest->npages = s->npages - npages;
	rest->state = MSPAN_FREE;
	rest->freedAt = s->freedAt;
	rest->released = true;
	for (uintptr_t a = rest->startAddr; a < span_limit(rest) && rest->released; a += PAGE_SIZE)
		rest->released = page_released(a);
	s->npages = npages;
	set_free_span_ends(rest);
	free_list_insert(rest);
	return true;
}

MSpan *mheap_alloc(uintptr_t npages, uint8_t spanclass, bool needzero)
{
	assert(npages >= 1);
	if (!mheap_arenas || npages > (ARENA_INDEX_LEN << 26) / PAGE_SIZE)
		return NULL;
	MSpan *s;
	while (!(s = find_free(npages)))
		if (!grow(npages))
			return NULL;
	free_list_remove(s);
	if (!split(s, npages)) {
		free_list_insert(s);
		return NULL;
	}

	/* The pages may still be poisoned from their last use (gc/asan.h): the new owner
	 * poisons what it does not hand out. */
	GC_UNPOISON((void *)s->startAddr, npages * PAGE_SIZE);
	/* Take the pages: point the page table at 's', unrelease and zero them as needed. */
	uintptr_t nreleased = 0;
	for (uintptr_t a = s->startAddr; a < span_limit(s); a += PAGE_SIZE) {
		set_page_span(a, s);
		if (page_released(a)) {
			set_page_released(a, false);
			nreleased++;
		} else if (needzero) {
			memset((void *)a, 0, PAGE_SIZE);
		}
	}
	mheap_.released -= nreleased * PAGE_SIZE;
	mheap_.inuse += npages * PAGE_SIZE;

	uint8_t sizeclass = spanclass_sizeclass(spanclass);
	/* the state becomes MSPAN_INUSE last, with a release store: a background mark worker
	 * that finds the span through the page table (even from a stale pointer) and sees it in
	 * use sees every field and bitmap set (spanOf_inline loads the state with acquire) */
	s->spanclass = spanclass;
	s->needzero = !needzero && nreleased < npages;
	s->elemsize = sizeclass ? class_to_size[sizeclass] : npages * PAGE_SIZE;
	s->nelems = (uint32_t)(npages * PAGE_SIZE / s->elemsize);
	s->freeindex = 0;
	s->allocCount = 0;
	s->allocCache = 0;
	s->largeType = NULL;
	s->largeSize = 0;
	s->divMul = (uint32_t)(UINT32_MAX / (uint32_t)(sizeclass ? s->elemsize : 1) + 1);
	s->sweepgen = mheap_sweepgen;
	s->list = NULL;
	s->checkmarkBits = NULL;
	s->freedAt = 0;
	s->released = false;
	s->allocBits = gcbits_alloc(span_bits_words(s));
	s->gcmarkBits = gcbits_alloc(span_bits_words(s));
	s->heapBits = NULL;
	if (sizeclass && !spanclass_noscan(spanclass))
		s->heapBits = gcbits_alloc(mspan_heapbits_words(s));
	__atomic_store_n(&s->state, MSPAN_INUSE, __ATOMIC_RELEASE);
	if (!s->allocBits || !s->gcmarkBits ||
	    (sizeclass && !spanclass_noscan(spanclass) && !s->heapBits)) {
		mheap_free(s);
		return NULL;
	}
	return s;
}

void mheap_free(MSpan *s)
{
	assert(s->state == MSPAN_INUSE && !s->next && !s->prev);
	gcbits_free(s->allocBits, span_bits_words(s));
	gcbits_free(s->gcmarkBits, span_bits_words(s));
	gcbits_free(s->heapBits, mspan_heapbits_words(s));
	s->allocBits = s->gcmarkBits = s->heapBits = NULL;
	mheap_.inuse -= s->npages * PAGE_SIZE;
	GC_POISON((void *)s->startAddr, s->npages * PAGE_SIZE); /* freed pages are off limits */
	s->state = MSPAN_FREE;
	s->freedAt = nanotime();
	s->released = false;
	add_free_run(s);
}

MSpan *spanOf(const void *p)
{
	return spanOf_inline(p);
}

static pthread_mutex_t heap_mu = PTHREAD_MUTEX_INITIALIZER;

void mheap_lock(void)
{
	pthread_mutex_lock(&heap_mu);
}

void mheap_unlock(void)
{
	pthread_mutex_unlock(&heap_mu);
}

void mheap_stats(MHeapStats *out)
{
	pthread_mutex_lock(&heap_mu);
	out->heap_sys = mheap_.sys;
	out->heap_inuse = mheap_.inuse;
	out->heap_idle = mheap_.sys - mheap_.inuse;
	out->heap_released = mheap_.released;
	pthread_mutex_unlock(&heap_mu);
}

/* Releases the unreleased pages of the free run 's'; returns the bytes released. */
static uint64_t release_span(MSpan *s)
{
	uint64_t bytes = 0;
	uintptr_t a = s->startAddr, end = span_limit(s);
	while (a < end) {
		if (page_released(a)) {
			a += PAGE_SIZE;
			continue;
		}
		uintptr_t run = a;
		while (a < end && !page_released(a))
			a += PAGE_SIZE;
		if (madvise((void *)run, a - run, MADV_DONTNEED) != 0)
			return bytes; /* the pages stay resident and unreleased */
		for (uintptr_t q = run; q < a; q += PAGE_SIZE)
			set_page_released(q, true);
		bytes += a - run;
	}
	s->released = true;
	return bytes;
}

uint64_t mheap_scavenge(uint64_t older_than_ns)
{
	pthread_mutex_lock(&heap_mu);
	uint64_t now = nanotime(), bytes = 0;
	for (int n = 0; n <= FREE_BUCKETS; n++) {
		MSpan *list = n < FREE_BUCKETS ? mheap_.free[n] : mheap_.freelarge;
		for (MSpan *s = list; s; s = s->next)
			if (!s->released && now - s->freedAt >= older_than_ns)
				bytes += release_span(s);
	}
	mheap_.released += bytes;
	pthread_mutex_unlock(&heap_mu);
	return bytes;
}
