/*
 * malloc.c - mallocgc, the allocator's front end (Go's malloc.go).
 *
 * Every heap object comes from here. Small objects are cut from spans of their size class
 * through the P's mcache (gc/mcache.h), large ones get a span of their own from the page heap
 * (gc/mheap.h). allocBits say exactly which slots are allocated; the collector (gc/mgc.c)
 * frees the unreachable ones by sweeping. mallocgc itself never collects: it counts the bytes
 * in gc_heap_live and, at the pacer's trigger, raises gc_wanted (gc/gc.h).
 * Under --gc=boehm (gc_boehm) every allocation goes to libgc instead (mallocgc_slow,
 * gc/boehm.h), which may collect inside it.
 *
 * mallocgc(typ, size, needzero):
 *   1. size == 0: return &zerobase, one shared address (Go's zerobase), never dereferenced.
 *   2. noscan = typ == NULL || typ->ptrdata == 0: pointer-free objects go to noscan spans,
 *      which the collector will never scan.
 *   3. size <= MAX_SMALL_SIZE - MALLOC_HEADER_SIZE (32760): a small object. A pointerful one
 *      over MIN_SIZE_FOR_MALLOC_HEADER (512) bytes gets Go 1.22's 8-byte malloc header in front
 *      of it, holding its Type; size grows by 8 before the class is chosen. The class is
 *      size_to_class(size), the span class adds the noscan bit, and the slot comes from
 *      mcache_alloc. When the caller asks for zeroed memory and the span may hold old bytes
 *      (span->needzero), the whole slot is cleared.
 *   4. Otherwise a large object: after letting the sweeper reclaim that many pages (Go's
 *      mheap.reclaim), a span of ceil(size / PAGE_SIZE) pages of span class 0 (with
 *      the noscan bit), zeroed by mheap_alloc when asked; its Type is span->largeType.
 *   3b. A pointerful small object: write its heap bits (heapbits_write).
 *   5. Count the object: total_alloc adds the bytes really handed out (the class size, or the
 *      span's pages), as Go's TotalAlloc does; nmalloc adds one; so does gc_heap_live, and
 *      reaching gc_trigger calls gc_alloc_trigger.
 *   6. Heap profile sampling (Go's profilealloc): the sampler sees every allocation with its
 *      full slot size; a sampled one is recorded with its stack (prof/mprof.h).
 *
 * Where the collector finds an object's pointers: for a large object, from its span's
 * largeType over largeSize bytes; for a small one, in its span's heap bitmap (one bit per word,
 * Go's heap bits), which step 3b writes from the type for the bytes asked for and clears for the
 * rest of the slot. Pointerful objects over 512 bytes also keep Go 1.22's malloc header with
 * their Type: that keeps the size rounding in runtime/rtstring.c's roundupsize (class of size
 * + 8, minus 8) exactly the class mallocgc picks, so slice capacities are Go's.
 *
 * Out of memory (mheap_alloc returns NULL): "fatal error: runtime: out of memory", exit 2.
 *
 * Invariants:
 *   - A returned small object lies inside its span at slot start (noscan or no header) or
 *     slot start + 8 (header); spanOf(p)->elemsize is its class size.
 *   - Every allocated slot has its allocBits bit set, and no other bit is set.
 *   - When needzero is true every byte the caller may use is zero on return.
 *   - total_alloc is the sum of the slot sizes handed out (large: whole pages); nmalloc is
 *     the number of non-zero-size allocations.
 */
#include "malloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lang/types.h"
#include "../prof/mprof.h"
#include "boehm.h"
#include "asan.h"
#include "gc.h"
#include "mcache.h"
#include "mcentral.h"
#include "mgcsweep.h"
#include "mheap.h"

#define MALLOC_HEADER_SIZE         8u   /* Go 1.22's mallocHeaderSize: the object's Type */
#define MIN_SIZE_FOR_MALLOC_HEADER 512u /* pointerful objects above this carry the header */

static GCStackWalker stack_walker;

void gc_set_stack_walker(GCStackWalker fn)
{
	stack_walker = fn;
}

/* Step 6 (Go's profilealloc): a sampled allocation goes into the heap profile with the
 * allocating goroutine's stack, and the sweeper will report its free. */
static void profilealloc(uintptr_t slot, uintptr_t size)
{
	uintptr_t stk[MPROF_MAX_STACK];
	int n = stack_walker ? stack_walker(stk, MPROF_MAX_STACK) : 0;
	mprof_record_object(slot, mProf_Malloc(stk, n, size), size);
}

/* The address of every zero-byte allocation. */
static uint64_t zerobase;

/* Statistics for runtime.ReadMemStats; touched only by mallocgc (one P). */
static uint64_t total_alloc; /* bytes handed out: class sizes and large spans' pages */
static uint64_t nmalloc;     /* objects handed out */
static bool heap_ready;      /* gc_init has run (never under --gc=boehm) */
static bool boehm_ready;     /* gc_init has run under --gc=boehm */

static void out_of_memory(void)
{
	gc_fatal("runtime: out of memory");
}

/* Writes n <= 64 bits 'v' at bit w of the bitmap b, clearing the n bits first. */
static inline void bits_write(uint64_t *b, uintptr_t w, uintptr_t n, uint64_t v)
{
	uintptr_t i = w / 64, o = w % 64;
	uint64_t mask = n == 64 ? ~(uint64_t)0 : (((uint64_t)1 << n) - 1);
	b[i] = (b[i] & ~(mask << o)) | (v << o);
	if (o + n > 64) {
		uintptr_t r = o + n - 64;
		b[i + 1] = (b[i + 1] & ~(((uint64_t)1 << r) - 1)) | (v >> (64 - o));
	}
}

/* The first 64 words of t's pointer mask as one word (bit i = word i). */
static inline uint64_t type_mask64(const Type *t)
{
	uint32_t pw = t->ptrdata / 8;
	if (pw <= 8)
		return t->ptrmask[0];
	uint64_t m = 0;
	uint32_t nbytes = (pw + 7) / 8;
	memcpy(&m, t->ptrmask, nbytes > 8 ? 8 : nbytes);
	return m;
}

/*
 * Step 3b: records in the span's heap bitmap which words of the slot at 'slot' hold pointers:
 * 'size' bytes of values of type 'typ' (one value or an array of them) starting at 'data' (the
 * slot, or just past the malloc header). Every other bit of the slot is cleared, so a reused
 * slot never keeps the bits of its previous object. A pointerful type is 8-byte aligned, so its
 * size is a whole number of words.
 */
static void heapbits_write_slow(MSpan *s, uintptr_t slot, uintptr_t data, uintptr_t size,
                                Type *typ)
{
	uint64_t *hb = s->heapBits;
	uintptr_t w0 = (slot - s->startAddr) / 8, nw = s->elemsize / 8;
	uintptr_t d = (data - slot) / 8, esz = typ->size / 8, nelem = size / typ->size;
	uintptr_t pw = typ->ptrdata / 8;
	if (nw <= 64) {
		uint64_t em = type_mask64(typ), m = 0;
		for (uintptr_t i = 0; i < nelem; i++)
			m |= em << (d + i * esz);
		bits_write(hb, w0, nw, m);
		return;
	}
	for (uintptr_t i = 0; i < nw; i += 64)
		bits_write(hb, w0 + i, nw - i < 64 ? nw - i : 64, 0);
	for (uintptr_t e = 0; e < nelem; e++) {
		uintptr_t base = w0 + d + e * esz;
		for (uintptr_t j = 0; j < pw; j++)
			if (typ->ptrmask[j / 8] >> (j % 8) & 1)
				hb[(base + j) / 64] |= (uint64_t)1 << ((base + j) % 64);
	}
}

/* The common case inline: one value filling at most 64 words. */
static inline void heapbits_write(MSpan *s, uintptr_t slot, uintptr_t data, uintptr_t size,
                                  Type *typ)
{
	uintptr_t nw = s->elemsize / 8;
	if (data == slot && size == typ->size && nw <= 64) {
		bits_write(s->heapBits, (slot - s->startAddr) / 8, nw, type_mask64(typ));
		return;
	}
	heapbits_write_slow(s, slot, data, size, typ);
}

/* Step 4: a large object of 'size' bytes in a span of its own. */
static void *mallocgc_large(Type *typ, size_t size, bool noscan, bool needzero)
{
	uintptr_t npages = size / PAGE_SIZE + (size % PAGE_SIZE != 0);
	if (npages < size / PAGE_SIZE)
		out_of_memory();
	mheap_lock();
	mheap_reclaim(npages); /* sweep first: freed spans may already hold the pages */
	MSpan *s = mheap_alloc(npages, make_spanclass(0, noscan), needzero);
	mheap_unlock();
	if (!s)
		out_of_memory();
	s->largeType = noscan ? NULL : typ;
	s->largeSize = size;
	s->allocBits[0] = 1;
	s->allocCount = 1;
	s->freeindex = 1;
	if (gc_phase == GC_MARK)
		gc_mark_new_object(s, s->startAddr);
	total_alloc += npages * PAGE_SIZE;
	nmalloc++;
	gc_heap_live += npages * PAGE_SIZE;
	if (gc_heap_live >= gc_trigger)
		gc_alloc_trigger();
	if (mprof_should_sample(npages * PAGE_SIZE))
		profilealloc(s->startAddr, npages * PAGE_SIZE);
	/* the pages' slack past the object is off limits (gc/asan.h) */
	GC_POISON((uint8_t *)s->startAddr + size, npages * PAGE_SIZE - size);
	return (void *)s->startAddr;
}

/* The bytes mallocgc takes for an object of this size and type: its size class's (with the
 * malloc header of pointerful objects over 512 bytes), or whole pages for a large one. */
static uintptr_t native_size(const Type *typ, size_t size)
{
	bool noscan = typ == NULL || typ->ptrdata == 0;
	if (size > MAX_SMALL_SIZE - MALLOC_HEADER_SIZE)
		return (size + PAGE_SIZE - 1) / PAGE_SIZE * PAGE_SIZE;
	if (!noscan && size > MIN_SIZE_FOR_MALLOC_HEADER)
		size += MALLOC_HEADER_SIZE;
	return class_to_size[size_to_class(size)];
}

/*
 * Under --gc=boehm heap_ready stays false, so every allocation takes this path and the native
 * collector's fast path pays nothing for the second backend. Boehm may collect inside any
 * allocation; the C stack and registers are scanned conservatively, so C code keeps what it
 * holds in local variables.
 */
static __attribute__((noinline)) void *mallocgc_slow(Type *typ, size_t size, bool needzero)
{
	if (!gc_boehm) {
		gc_init();
		return mallocgc(typ, size, needzero);
	}
	if (__builtin_expect(!boehm_ready, 0))
		gc_init();
	if (__builtin_expect(gc_boehm_stress_on, 0))
		gc_boehm_stress();
	if (__builtin_expect(total_alloc >= gc_boehm_trigger, 0))
		gc_boehm_due();
	size_t got = 0;
	void *p = boehm_malloc(size, typ == NULL || typ->ptrdata == 0, needzero, &got);
	if (!p)
		out_of_memory();
	total_alloc += got;
	nmalloc++;
	/* Sampled and profiled at the size this collector would give it, so that heap profiles
	 * agree across the backends (libgc's own sizes, one byte more for interior pointers and
	 * its own granules, are in MemStats). The cycle that does not mark the object reports its
	 * free (gc/mgc.c, mprof_free_unmarked). */
	uintptr_t gosize = native_size(typ, size);
	if (mprof_should_sample(gosize))
		profilealloc((uintptr_t)p, gosize);
	return p;
}

void *mallocgc(Type *typ, size_t size, bool needzero)
{
	if (size == 0)
		return &zerobase;
	if (__builtin_expect(!heap_ready, 0))
		return mallocgc_slow(typ, size, needzero);
	bool noscan = typ == NULL || typ->ptrdata == 0;
	if (size > MAX_SMALL_SIZE - MALLOC_HEADER_SIZE)
		return mallocgc_large(typ, size, noscan, needzero);

	bool header = !noscan && size > MIN_SIZE_FOR_MALLOC_HEADER;
	if (header)
		size += MALLOC_HEADER_SIZE;
	uint8_t spc = make_spanclass(size_to_class(size), noscan);
	MSpan *s;
	uint8_t *p = mcache_alloc(&mcache0, spc, &s);
	if (!p)
		out_of_memory();
	GC_UNPOISON(p, size); /* exactly the requested bytes (with the header) */
	/* Memory fresh from the OS is already zero, but while the write barrier is on, the
	 * program's first touch of the object would be the barrier reading the old value of a
	 * field it initialises: the kernel would map its zero page there, and the store right
	 * after would take a second, copy-on-write fault whose TLB flush interrupts the mark
	 * worker's CPU too. Writing the zeroes makes the first touch a write. */
	if (needzero && (s->needzero || gc_wb_enabled))
		memset(p, 0, size);
	/* allocate-black: the slot is marked when the mcache hands its span back (gc/mcache.c),
	 * unless the span was cached before marking began (only tests do that) */
	if (__builtin_expect(gc_phase == GC_MARK, 0) && !mcache0.snap_valid[spc])
		gc_mark_new_object(s, (uintptr_t)p);
	total_alloc += s->elemsize;
	nmalloc++;
	gc_heap_live += s->elemsize;
	if (__builtin_expect(gc_heap_live >= gc_trigger, 0))
		gc_alloc_trigger();
	if (mprof_should_sample(s->elemsize))
		profilealloc((uintptr_t)p, s->elemsize);
	if (header) {
		*(Type **)p = typ;
		if (!noscan)
			heapbits_write(s, (uintptr_t)p, (uintptr_t)p + MALLOC_HEADER_SIZE,
			               size - MALLOC_HEADER_SIZE, typ);
		return p + MALLOC_HEADER_SIZE;
	}
	if (!noscan)
		heapbits_write(s, (uintptr_t)p, (uintptr_t)p, size, typ);
	return p;
}

uint64_t gc_total_alloc(void)
{
	return total_alloc;
}

uint64_t gc_mallocs(void)
{
	return nmalloc;
}

void gc_init(void)
{
	if (gc_boehm) {
		if (!boehm_ready) {
			gc_boehm_init();
			total_alloc = nmalloc = 0;
			boehm_ready = true;
		}
		return;
	}
	mheap_init();
	mcentral_init();
	mcache_init(&mcache0);
	total_alloc = nmalloc = 0;
	heap_ready = true;
}
