/*
 * test_mgc.c - gc/mgc.c: marking, the cycle, the pacer, the statistics and checkmark.
 *
 * Every test starts from a fresh heap (Criterion runs each test in its own process and the
 * fixture calls gc_init). A test builds an object graph with mallocgc and the hand-made Types
 * below, lists its roots in the array 'roots' (which the installed root scanner reports with
 * gc_scan_words, through 'rootmask' when a test sets one), runs cycles and then asks the heap
 * which objects are still allocated. Once the sweep is over an object is alive exactly when
 * its slot's allocBits bit is set, or, for a large object, while its span is in use
 * (is_allocated). Addresses of freed objects are only ever looked up in the heap's metadata,
 * never dereferenced: sanitizer builds poison them.
 *
 * Expected values are worked out from the rules the collector implements (Go's): an object
 * survives exactly when a chain of pointer words leads to it from a root; which words of an
 * object are pointers comes from its Type's ptrmask, never from what the words hold; sizes
 * come from Go's size-class table (16 -> 16, 640 + 8 header bytes -> 704, 700 + 8 -> 768,
 * 1000 -> 1024); a large object occupies ceil(size / 8192) pages; the heap goal is
 * marked + (marked + stacks + globals) * GOGC / 100, at least 4 MiB * GOGC / 100.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gc/gc.h"
#include "gc/malloc.h"
#include "gc/mheap.h"
#include "lang/types.h"

/* ---------------------------------------------------------------- types */

/* One pointer word. */
static uint8_t ptr_mask[] = {0x1};
static Type ptr_t = {.size = 8, .align = 8, .ptrdata = 8, .ptrmask = ptr_mask};

/* A list node: {next *node; val int64}. */
typedef struct Node {
	struct Node *next;
	uintptr_t val;
} Node;
static uint8_t node_mask[] = {0x1};
static Type node_t = {.size = 16, .align = 8, .ptrdata = 8, .ptrmask = node_mask};

/* Two pointers: {a, b *pair}. */
typedef struct Pair {
	struct Pair *a, *b;
} Pair;
static uint8_t pair_mask[] = {0x3};
static Type pair_t = {.size = 16, .align = 8, .ptrdata = 16, .ptrmask = pair_mask};

/* A struct whose pointer sits in the middle: {a, b int64; p *node; c int64}. */
typedef struct Mid {
	uintptr_t a, b;
	Node *p;
	uintptr_t c;
} Mid;
static uint8_t mid_mask[] = {0x4};
static Type mid_t = {.size = 32, .align = 8, .ptrdata = 24, .ptrmask = mid_mask};

/* An interface value {itab, data}: the itab lives outside the heap, only data is scanned. */
typedef struct Iface {
	uintptr_t itab;
	void *data;
} Iface;
static uint8_t iface_mask[] = {0x2};
static Type iface_t = {.size = 16, .align = 8, .ptrdata = 16, .ptrmask = iface_mask};

/* A closure with three captures: {fn (code, not a heap pointer); c1 *; c2 int; c3 *}. */
typedef struct Closure {
	uintptr_t fn;
	void *c1;
	uintptr_t c2;
	void *c3;
} Closure;
static uint8_t closure_mask[] = {0xA};
static Type closure_t = {.size = 32, .align = 8, .ptrdata = 32, .ptrmask = closure_mask};

/* A slice header {data *byte; len, cap int}. */
typedef struct Slice {
	uint8_t *data;
	uintptr_t len, cap;
} Slice;
static uint8_t slice_mask[] = {0x1};
static Type slice_t = {.size = 24, .align = 8, .ptrdata = 8, .ptrmask = slice_mask};

/* 80 words with only the last one a pointer: 640 bytes, so it carries a malloc header. */
#define BIG_WORDS 80
static uint8_t big_mask[BIG_WORDS / 8] = {[9] = 0x80};
static Type big_t = {
        .size = BIG_WORDS * 8, .align = 8, .ptrdata = BIG_WORDS * 8, .ptrmask = big_mask};

/* An array element {x int64; p *T}. */
typedef struct XP {
	uintptr_t x;
	void *p;
} XP;
static uint8_t xp_mask[] = {0x2};
static Type xp_t = {.size = 16, .align = 8, .ptrdata = 16, .ptrmask = xp_mask};

/* A Type with no pointer words: mallocgc treats it as noscan, as it does NULL. */
static Type int_t = {.size = 16, .align = 8, .ptrdata = 0, .ptrmask = NULL};

/* ---------------------------------------------------------------- roots and helpers */

#define MAX_ROOTS 8192
static uintptr_t roots[MAX_ROOTS];
static size_t nroots;
static const uint8_t *rootmask;           /* NULL: every root word is a pointer */
static uint64_t note_stack, note_globals; /* reported to the pacer by the scanner */

static void scan_roots(void)
{
	gc_scan_words(roots, nroots, rootmask);
	if (note_stack)
		gc_note_stack_bytes(note_stack);
	if (note_globals)
		gc_note_globals_bytes(note_globals);
}

static void root(const void *p)
{
	cr_assert_lt(nroots, MAX_ROOTS);
	roots[nroots++] = (uintptr_t)p;
}

static void fresh(void)
{
	gc_init();
	gc_set_root_scanner(scan_roots);
	nroots = 0;
	rootmask = NULL;
	note_stack = note_globals = 0;
}

TestSuite(mgc, .init = fresh);

/* The object at p (its base or any interior address) is allocated: its slot's allocBits bit is
 * set. False for addresses in no in-use span (a freed large object's pages, C memory). */
static bool is_allocated(const void *p)
{
	MSpan *s = spanOf(p);
	if (!s)
		return false;
	uintptr_t i = ((uintptr_t)p - s->startAddr) / s->elemsize;
	return s->allocBits[i / 64] >> (i % 64) & 1;
}

static GCMemStats ms; /* 4 KiB: kept off the stack */

static uint64_t frees(void)
{
	gc_read_memstats(&ms);
	return ms.Frees;
}

static uint64_t heap_inuse(void)
{
	gc_read_memstats(&ms);
	return ms.HeapInuse;
}

static void *noscan(size_t n)
{
	return mallocgc(NULL, n, true);
}

static Node *node(Node *next)
{
	Node *n = mallocgc(&node_t, sizeof(Node), true);
	n->next = next;
	return n;
}

/* ---------------------------------------------------------------- reachability */

Test(mgc, unrooted_objects_are_freed_rooted_ones_kept)
{
	Node *a = node(NULL), *b = node(a), *c = node(NULL);
	root(b);
	uint64_t f0 = frees();
	gc_runtime_GC();
	cr_assert(is_allocated(b));
	cr_assert(is_allocated(a), "reachable through b->next");
	cr_assert_not(is_allocated(c));
	cr_assert_eq(frees() - f0, 1);
	/* Dropping the root frees the whole chain in the next cycle. */
	nroots = 0;
	gc_runtime_GC();
	cr_assert_not(is_allocated(a));
	cr_assert_not(is_allocated(b));
	cr_assert_eq(frees() - f0, 3);
}

Test(mgc, garbage_reachable_only_from_garbage_is_freed)
{
	/* dead1 -> dead2 -> live: the live object has an incoming pointer, but only from garbage. */
	Node *live = node(NULL);
	Node *dead2 = node(live);
	Node *dead1 = node(dead2);
	(void)dead1;
	gc_runtime_GC();
	cr_assert_not(is_allocated(live));
	cr_assert_not(is_allocated(dead2));
	cr_assert_not(is_allocated(dead1));
}

/* A ring of n pairs: ring[i].a = ring[i+1], ring[i].b = ring[i] (a self-loop on every node). */
static Pair *make_ring(Pair **ring, int n)
{
	for (int i = 0; i < n; i++)
		ring[i] = mallocgc(&pair_t, sizeof(Pair), true);
	for (int i = 0; i < n; i++) {
		ring[i]->a = ring[(i + 1) % n];
		ring[i]->b = ring[i];
	}
	return ring[0];
}

Test(mgc, rings_and_self_loops)
{
	enum { N = 1000 };
	static Pair *kept[N], *lost[N];
	make_ring(kept, N);
	make_ring(lost, N);
	Pair *self_kept = mallocgc(&pair_t, sizeof(Pair), true);
	Pair *self_lost = mallocgc(&pair_t, sizeof(Pair), true);
	self_kept->a = self_kept->b = self_kept;
	self_lost->a = self_lost->b = self_lost;
	root(kept[N / 2]); /* any member holds the whole ring */
	root(self_kept);
	uint64_t f0 = frees();
	gc_runtime_GC();
	for (int i = 0; i < N; i++) {
		cr_assert(is_allocated(kept[i]), "kept ring member %d freed", i);
		cr_assert_not(is_allocated(lost[i]), "unreachable ring member %d kept", i);
	}
	cr_assert(is_allocated(self_kept));
	cr_assert_not(is_allocated(self_lost));
	cr_assert_eq(frees() - f0, N + 1);
	/* A second cycle marks the same ring again (marks from the first were cleared). */
	gc_runtime_GC();
	for (int i = 0; i < N; i++)
		cr_assert(is_allocated(kept[i]));
	cr_assert_eq(frees() - f0, N + 1);
}

/*
 * A singly linked list of 10,000,000 16-byte nodes (160 MB of heap): marking it one node
 * after the other must not recurse on the C stack. The list is built so that the root is the
 * last node allocated and every node points to the one allocated before it.
 */
Test(mgc, deep_list_of_ten_million_nodes, .timeout = 100)
{
	enum { N = 10000000 };
	Node *first = node(NULL), *head = first;
	head->val = 0;
	for (uintptr_t i = 1; i < N; i++) {
		head = node(head);
		head->val = i;
	}
	root(head);
	uint64_t f0 = frees();
	gc_runtime_GC();
	cr_assert_eq(frees(), f0, "nothing of the list may be freed");
	cr_assert(is_allocated(first));
	uintptr_t n = 0, expect = N - 1;
	for (Node *p = head; p; p = p->next, n++) {
		if (p->val != expect || !is_allocated(p))
			cr_assert_fail("node %lu: val %lu, allocated %d", (unsigned long)n,
			               (unsigned long)p->val, is_allocated(p));
		expect--;
	}
	cr_assert_eq(n, N);
	gc_read_memstats(&ms);
	cr_assert_eq(ms.HeapObjects, N);
	cr_assert_eq(ms.HeapAlloc, (uint64_t)N * 16);
	uint64_t inuse = ms.HeapInuse;
	nroots = 0;
	gc_runtime_GC();
	gc_read_memstats(&ms);
	cr_assert_eq(ms.Frees - f0, N);
	cr_assert_eq(ms.HeapObjects, 0);
	cr_assert_not(is_allocated(first));
	cr_assert_not(is_allocated(head));
	/* every span went back to the heap: 160 MB less in use */
	cr_assert_eq(ms.HeapInuse, 0, "HeapInuse %lu (was %lu)", (unsigned long)ms.HeapInuse,
	             (unsigned long)inuse);
}

/* One object pointing to 1,000,000 others: the grey queue grows to a million entries. */
Test(mgc, wide_large_array_of_a_million_pointers)
{
	enum { N = 1000000 };
	Node **arr = mallocgc(&ptr_t, N * sizeof(Node *), true); /* 8 MB: a large object */
	cr_assert_eq(spanclass_sizeclass(spanOf(arr)->spanclass), 0);
	for (int i = 0; i < N; i++)
		arr[i] = node(NULL);
	root(arr);
	uint64_t f0 = frees();
	gc_runtime_GC();
	cr_assert_eq(frees(), f0);
	/* Clear every odd entry: exactly half of the nodes become garbage. */
	Node *odd1 = arr[1], *even0 = arr[0], *last = arr[N - 1];
	for (int i = 1; i < N; i += 2)
		arr[i] = NULL;
	gc_runtime_GC();
	cr_assert_eq(frees() - f0, N / 2);
	cr_assert_not(is_allocated(odd1));
	cr_assert_not(is_allocated(last));
	cr_assert(is_allocated(even0));
	cr_assert(is_allocated(arr[N - 2]));
	gc_read_memstats(&ms);
	cr_assert_eq(ms.HeapObjects, 1 + N / 2);
}

/* ---------------------------------------------------------------- interior pointers */

Test(mgc, interior_pointer_into_a_noscan_array_keeps_it)
{
	uint8_t *a = noscan(1000); /* class 1024 */
	uint8_t *b = noscan(1000);
	uint8_t *c = noscan(1000);
	uint8_t *big = noscan(100000); /* large: 13 pages */
	root(a + 999);                 /* the last byte */
	root(b + 512);
	root(big + 99999);
	gc_runtime_GC();
	cr_assert(is_allocated(a));
	cr_assert(is_allocated(b));
	cr_assert_not(is_allocated(c));
	cr_assert(is_allocated(big));
}

Test(mgc, interior_pointer_to_a_field_scans_the_whole_object)
{
	/* A root to &m->c (past the pointer field) keeps m, and m is scanned from its base, so
	 * the node its field p points to survives too. */
	Mid *m = mallocgc(&mid_t, sizeof(Mid), true);
	Mid *m2 = mallocgc(&mid_t, sizeof(Mid), true);
	Mid *m3 = mallocgc(&mid_t, sizeof(Mid), true);
	Node *t = node(NULL), *t2 = node(NULL), *t3 = node(NULL);
	m->p = t;
	m2->p = t2;
	m3->p = t3;
	root(&m->c);
	/* An interior pointer stored in the heap: a node's next field holds &m2->b. */
	Node *holder = node((Node *)&m2->b);
	root(holder);
	(void)m3;
	gc_runtime_GC();
	cr_assert(is_allocated(m));
	cr_assert(is_allocated(t));
	cr_assert(is_allocated(m2));
	cr_assert(is_allocated(t2));
	cr_assert_not(is_allocated(m3));
	cr_assert_not(is_allocated(t3));
}

Test(mgc, interior_pointer_into_header_and_large_objects)
{
	/* big_t: 640 bytes + 8 header bytes -> class 704; the pointer is its last word. */
	uint8_t *h = mallocgc(&big_t, big_t.size, true);
	cr_assert_eq(spanOf(h)->elemsize, 704);
	Node *t = node(NULL);
	((void **)h)[BIG_WORDS - 1] = t;
	root(h + 320); /* the middle of the object */

	XP *l = mallocgc(&xp_t, 3000 * sizeof(XP), true); /* 48000 bytes: large, 6 pages */
	cr_assert_eq(spanOf(l)->npages, 6);
	Node *t2 = node(NULL);
	l[0].p = t2;
	root(&l[2999].x); /* the last element */
	gc_runtime_GC();
	cr_assert(is_allocated(h));
	cr_assert(is_allocated(t));
	cr_assert(is_allocated(l));
	cr_assert(is_allocated(t2));
}

/* ---------------------------------------------------------------- strings and slices */

Test(mgc, substrings_and_subslices_keep_the_backing_array)
{
	uint8_t *arr = noscan(4096);  /* one backing array shared by several slices */
	uint8_t *arr2 = noscan(4096); /* one only the len word of a header mentions */
	Slice *s1 = mallocgc(&slice_t, sizeof(Slice), true);
	Slice *s2 = mallocgc(&slice_t, sizeof(Slice), true);
	*s1 = (Slice){arr + 1000, 10, 3000}; /* arr[1000:1010:4000] */
	*s2 = (Slice){arr + 4000, 96, 96};   /* arr[4000:] */
	s2->len = (uintptr_t)arr2;           /* a length word never keeps anything */
	/* Roots as three {pointer, length} pairs (mask 0b010101): the string arr3[63:], a
	 * pointer to the slice header s1, and an empty string. */
	static const uint8_t strmask[] = {0x15};
	uint8_t *arr3 = noscan(64);
	uint8_t *arr4 = noscan(64);
	root(arr3 + 63); /* the string arr3[63:] */
	root(arr4);      /* its len word: not a pointer */
	root(s1);        /* the slice header object */
	root(NULL);
	root(NULL); /* an empty string */
	root(0);
	rootmask = strmask;
	gc_runtime_GC();
	cr_assert(is_allocated(s1));
	cr_assert(is_allocated(arr), "s1's data points 1000 bytes into it");
	cr_assert_not(is_allocated(s2));
	cr_assert_not(is_allocated(arr2));
	cr_assert(is_allocated(arr3));
	cr_assert_not(is_allocated(arr4));
	/* s1 dropped; a new header for arr[4095:] (the last byte) keeps arr alone. */
	Slice *s3 = mallocgc(&slice_t, sizeof(Slice), true);
	*s3 = (Slice){arr + 4095, 1, 1};
	roots[2] = (uintptr_t)s3;
	gc_runtime_GC();
	cr_assert_not(is_allocated(s1));
	cr_assert(is_allocated(s3));
	cr_assert(is_allocated(arr));
	/* No header left: the array goes. */
	roots[2] = 0;
	gc_runtime_GC();
	cr_assert_not(is_allocated(s3));
	cr_assert_not(is_allocated(arr));
	cr_assert(is_allocated(arr3));
}

/* ---------------------------------------------------------------- closures, interfaces, noscan */

Test(mgc, closure_captures_are_scanned_by_type)
{
	Closure *c = mallocgc(&closure_t, sizeof(Closure), true);
	uint8_t *fnlike = noscan(16); /* its address in the code word: not a pointer */
	Node *c1 = node(NULL), *c2 = node(NULL), *c3 = node(NULL);
	c->fn = (uintptr_t)fnlike;
	c->c1 = c1;
	c->c2 = (uintptr_t)c2; /* an integer capture that happens to hold an address */
	c->c3 = c3;
	root(c);
	gc_runtime_GC();
	cr_assert(is_allocated(c));
	cr_assert(is_allocated(c1));
	cr_assert(is_allocated(c3));
	cr_assert_not(is_allocated(c2));
	cr_assert_not(is_allocated(fnlike));
}

static const char fake_itab[16] = "itab";

Test(mgc, interface_values_scan_only_the_data_word)
{
	/* Two interfaces on the heap: one with a real (off-heap) itab, one whose itab word holds
	 * a heap address, which must not count. */
	Iface *j1 = mallocgc(&iface_t, sizeof(Iface), true);
	Iface *j2 = mallocgc(&iface_t, sizeof(Iface), true);
	Node *e1 = node(NULL), *e2 = node(NULL), *itab_obj = node(NULL);
	*j1 = (Iface){(uintptr_t)fake_itab, e1};
	*j2 = (Iface){(uintptr_t)itab_obj, e2};
	/* An interface held in the roots themselves: words 2 and 3, {itab, data}; the mask
	 * 0b1011 makes words 0, 1 (j1, j2) and 3 (the data word) pointers. */
	static const uint8_t mask[] = {0xB};
	Node *d3 = node(NULL), *itab_obj2 = node(NULL);
	root(j1);
	root(j2);
	root(itab_obj2);
	root(d3);
	rootmask = mask;
	/* An unreachable interface value: it and its data go. */
	Iface *lost = mallocgc(&iface_t, sizeof(Iface), true);
	Node *lost_data = node(NULL);
	*lost = (Iface){(uintptr_t)fake_itab, lost_data};
	gc_runtime_GC();
	cr_assert(is_allocated(j1));
	cr_assert(is_allocated(j2));
	cr_assert(is_allocated(e1));
	cr_assert(is_allocated(e2));
	cr_assert_not(is_allocated(itab_obj));
	cr_assert(is_allocated(d3));
	cr_assert_not(is_allocated(itab_obj2));
	cr_assert_not(is_allocated(lost));
	cr_assert_not(is_allocated(lost_data));
}

Test(mgc, noscan_objects_are_never_scanned)
{
	/* Pointer-free objects (NULL type, a Type with ptrdata 0, a large noscan object) that
	 * hold the addresses of other objects: the others are freed. */
	uintptr_t *n1 = noscan(16);
	uintptr_t *n2 = mallocgc(&int_t, 16, true);
	uintptr_t *n3 = noscan(50000);
	cr_assert(spanclass_noscan(spanOf(n2)->spanclass));
	Node *t1 = node(NULL), *t2 = node(NULL), *t3 = node(NULL);
	n1[0] = (uintptr_t)t1;
	n1[1] = (uintptr_t)t1;
	n2[0] = (uintptr_t)t2;
	n3[6249] = (uintptr_t)t3; /* the last word */
	root(n1);
	root(n2);
	root(n3);
	gc_runtime_GC();
	cr_assert(is_allocated(n1));
	cr_assert(is_allocated(n2));
	cr_assert(is_allocated(n3));
	cr_assert_not(is_allocated(t1));
	cr_assert_not(is_allocated(t2));
	cr_assert_not(is_allocated(t3));
}

Test(mgc, non_pointer_words_of_a_scan_object_are_ignored)
{
	/* node_t's second word is an integer: an address there keeps nothing. */
	Node *n = node(NULL);
	Node *t = node(NULL);
	n->val = (uintptr_t)t;
	root(n);
	gc_runtime_GC();
	cr_assert(is_allocated(n));
	cr_assert_not(is_allocated(t));
}

/* ---------------------------------------------------------------- malloc headers, arrays, large */

Test(mgc, header_object_scans_its_last_word_only)
{
	enum { K = 12 };
	void **objs[K];
	Node *last[K], *garbage[K];
	for (int k = 0; k < K; k++) {
		objs[k] = mallocgc(&big_t, big_t.size, true);
		last[k] = node(NULL);
		garbage[k] = node(NULL);
		for (int w = 0; w < BIG_WORDS - 1; w++)
			objs[k][w] = garbage[k]; /* non-pointer words */
		objs[k][BIG_WORDS - 1] = last[k];
		root(objs[k]);
	}
	gc_runtime_GC();
	for (int k = 0; k < K; k++) {
		cr_assert(is_allocated(last[k]), "object %d: pointer word not scanned", k);
		cr_assert_not(is_allocated(garbage[k]), "object %d: non-pointer word scanned", k);
	}
}

Test(mgc, pointerful_512_byte_object_without_header)
{
	/* 64 words, only word 63 a pointer: class 512, no header, heap bits for all 64 words. */
	static uint8_t m64[8] = {[7] = 0x80};
	static Type t64 = {.size = 512, .align = 8, .ptrdata = 512, .ptrmask = m64};
	void **o[3];
	Node *keep[3], *junk[3];
	for (int k = 0; k < 3; k++) {
		o[k] = mallocgc(&t64, 512, true);
		cr_assert_eq(spanOf(o[k])->elemsize, 512);
		keep[k] = node(NULL);
		junk[k] = node(NULL);
		for (int w = 0; w < 63; w++)
			o[k][w] = junk[k];
		o[k][63] = keep[k];
		root(o[k]);
	}
	gc_runtime_GC();
	for (int k = 0; k < 3; k++) {
		cr_assert(is_allocated(keep[k]));
		cr_assert_not(is_allocated(junk[k]));
	}
}

typedef struct ArrayCase {
	size_t n;         /* elements of xp_t */
	uint32_t classsz; /* the slot mallocgc picks (0: large) */
} ArrayCase;

ParameterizedTestParameters(mgc, array_where_only_the_last_element_points)
{
	static ArrayCase cases[] = {
	        {1, 16},       /* one element */
	        {10, 160},     /* 160 bytes */
	        {32, 512},     /* 512 bytes, no header: 64 heap bits */
	        {40, 704},     /* 640 + 8 bytes: header, 88 words */
	        {2000, 32768}, /* 32000 + 8 bytes: the largest class */
	        {3000, 0},     /* 48000 bytes: large, scanned element by element from its type */
	};
	return cr_make_param_array(ArrayCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(ArrayCase *c, mgc, array_where_only_the_last_element_points, .init = fresh)
{
	XP *a = mallocgc(&xp_t, c->n * sizeof(XP), true);
	MSpan *s = spanOf(a);
	if (c->classsz)
		cr_assert_eq(s->elemsize, c->classsz, "%zu elements: slot %lu", c->n,
		             (unsigned long)s->elemsize);
	else
		cr_assert_eq(spanclass_sizeclass(s->spanclass), 0);
	Node *target = node(NULL), *junk = node(NULL);
	for (size_t i = 0; i < c->n; i++)
		a[i].x = (uintptr_t)junk; /* integers that look like pointers */
	a[c->n - 1].p = target;
	root(a);
	gc_runtime_GC();
	cr_assert(is_allocated(a));
	cr_assert(is_allocated(target), "%zu elements: last element's pointer not followed", c->n);
	cr_assert_not(is_allocated(junk), "%zu elements: an x word was scanned", c->n);
}

typedef struct PtrArrayCase {
	size_t n;         /* pointers */
	uint32_t classsz; /* the slot mallocgc picks (0: large) */
} PtrArrayCase;

ParameterizedTestParameters(mgc, pointer_array_sizes_at_the_boundaries)
{
	static PtrArrayCase cases[] = {
	        {64, 512},     /* 512 bytes: the largest object without a header */
	        {65, 576},     /* 520 + 8 header bytes */
	        {4095, 32768}, /* 32760 + 8: the largest small object */
	        {4096, 0},     /* 32768 bytes: large */
	        {4097, 0},
	};
	return cr_make_param_array(PtrArrayCase, cases, sizeof cases / sizeof cases[0]);
}

/* A []*Node whose only non-nil element is the last one, or only the first one. */
ParameterizedTest(PtrArrayCase *c, mgc, pointer_array_sizes_at_the_boundaries, .init = fresh)
{
	Node **a = mallocgc(&ptr_t, c->n * 8, true);
	Node **b = mallocgc(&ptr_t, c->n * 8, true);
	MSpan *s = spanOf(a);
	if (c->classsz)
		cr_assert_eq(s->elemsize, c->classsz);
	else
		cr_assert_eq(spanclass_sizeclass(s->spanclass), 0);
	Node *last = node(NULL), *first = node(NULL);
	a[c->n - 1] = last;
	b[0] = first;
	root(a);
	root(b);
	gc_runtime_GC();
	cr_assert(is_allocated(last), "%zu pointers: the last one was not followed", c->n);
	cr_assert(is_allocated(first), "%zu pointers: the first one was not followed", c->n);
	nroots = 0;
	root(&b[c->n - 1]); /* b only, through its last element's address */
	gc_runtime_GC();
	cr_assert_not(is_allocated(a));
	cr_assert_not(is_allocated(last));
	cr_assert(is_allocated(b));
	cr_assert(is_allocated(first));
}

Test(mgc, array_of_nodes_only_last_points)
{
	/* 7 nodes of 16 bytes (112 bytes, class 112): pointer words 0, 2, ..., 12. */
	Node *a = mallocgc(&node_t, 7 * sizeof(Node), true);
	cr_assert_eq(spanOf(a)->elemsize, 112);
	Node *t = node(NULL), *junk = node(NULL);
	for (int i = 0; i < 7; i++)
		a[i].val = (uintptr_t)junk;
	a[6].next = t;
	root(&a[3]); /* interior: the fourth element */
	gc_runtime_GC();
	cr_assert(is_allocated(t));
	cr_assert_not(is_allocated(junk));
}

Test(mgc, large_pointer_array_is_scanned_and_its_pages_return)
{
	/* 5000 pointers: 40000 bytes, a large object of 5 pages with its type in the span. */
	Node **arr = mallocgc(&ptr_t, 5000 * sizeof(Node *), true);
	MSpan *s = spanOf(arr);
	cr_assert_eq(s->npages, 5);
	cr_assert_eq(s->largeType, &ptr_t);
	Node *first = node(NULL), *lastn = node(NULL), *unref = node(NULL);
	arr[0] = first;
	arr[4999] = lastn;
	root(arr);
	root(first); /* the nodes are also held directly, so dropping arr frees only arr */
	root(lastn);
	gc_runtime_GC();
	cr_assert(is_allocated(arr));
	cr_assert(is_allocated(first));
	cr_assert(is_allocated(lastn));
	cr_assert_not(is_allocated(unref));
	uint64_t inuse = heap_inuse();
	roots[0] = 0;
	gc_runtime_GC();
	cr_assert_null(spanOf(arr), "the large object's span is freed");
	cr_assert(is_allocated(first));
	cr_assert_eq(inuse - heap_inuse(), 5 * 8192);
}

/* A large array is scanned in 128 KiB oblets (Go's maxObletBytes). With 24-byte elements the
 * oblet boundaries fall inside elements: the second oblet starts at byte 131072, word 1 of
 * element 5461 (which starts at 131064). Every element's pointer word must be scanned exactly
 * once, and its two integer words never, whichever oblet they fall in. */
Test(mgc, large_array_scanned_in_oblets_with_boundaries_inside_elements)
{
	enum { N = 100000 }; /* 2,400,000 bytes: 19 oblets */
	Slice *arr = mallocgc(&slice_t, N * sizeof(Slice), true);
	cr_assert_eq(spanclass_sizeclass(spanOf(arr)->spanclass), 0);
	cr_assert_eq((uintptr_t)&arr[5461] - (uintptr_t)arr, 131064);
	static Node *kept[N];
	Node *junk[2 * 19];
	for (int i = 0; i < N; i++)
		arr[i].data = (uint8_t *)(kept[i] = node(NULL));
	/* the integer words of the elements that straddle each oblet boundary hold addresses of
	 * objects nothing else reaches */
	for (int b = 1; b < 19; b++) {
		int e = (int)((uintptr_t)b * 131072 / sizeof(Slice));
		arr[e].len = (uintptr_t)(junk[2 * b] = node(NULL));
		arr[e].cap = (uintptr_t)(junk[2 * b + 1] = node(NULL));
	}
	root(arr);
	uint64_t f0 = frees();
	gc_runtime_GC();
	for (int b = 1; b < 19; b++) {
		cr_assert_not(is_allocated(junk[2 * b]), "len word at oblet %d scanned", b);
		cr_assert_not(is_allocated(junk[2 * b + 1]), "cap word at oblet %d scanned", b);
	}
	cr_assert_eq(frees() - f0, 2 * 18);
	for (int i = 0; i < N; i++)
		cr_assert(is_allocated(kept[i]), "element %d's pointer not scanned", i);
	gc_read_memstats(&ms);
	cr_assert_eq(ms.HeapObjects, 1 + N);
}

Test(mgc, large_object_reached_only_through_the_heap)
{
	Node **arr = mallocgc(&ptr_t, 6000 * sizeof(Node *), true); /* 48000 bytes */
	Node *t = node(NULL);
	arr[5999] = t;
	Node *holder = node((Node *)arr);
	root(holder);
	gc_runtime_GC();
	cr_assert(is_allocated(arr));
	cr_assert(is_allocated(t));
	holder->next = NULL;
	gc_runtime_GC();
	cr_assert_not(is_allocated(arr));
	cr_assert_not(is_allocated(t));
}

/* ---------------------------------------------------------------- words that are not pointers */

static uintptr_t a_global;

Test(mgc, words_outside_objects_are_ignored)
{
	/* A 48-byte class span holds 170 objects (8160 bytes) and a 32-byte tail. Fill one span,
	 * hold nothing but pointers into its tail, and the whole span is garbage. */
	uint8_t *objs[170];
	for (int i = 0; i < 170; i++)
		objs[i] = noscan(48);
	MSpan *s = spanOf(objs[0]);
	cr_assert_eq(s->nelems, 170);
	cr_assert_eq(spanOf(objs[169]), s);
	uintptr_t base = s->startAddr;
	root((void *)(base + 8160));
	root((void *)(base + 8191));
	/* Integers, C globals, the zero-size allocation's address, a heap address not yet
	 * handed out, and a slot not yet allocated in a live span. */
	root((void *)1);
	root((void *)4096);
	root(&a_global);
	root(mallocgc(&node_t, 0, true));
	Node *live = node(NULL);
	root(live);
	MSpan *ls = spanOf(live);
	root((void *)(ls->startAddr + 5 * 16)); /* slot 5: never allocated */
	root((void *)(ls->startAddr + ls->npages * 8192 + 100 * 8192)); /* past the span */
	uint64_t f0 = frees();
	gc_runtime_GC();
	for (int i = 0; i < 170; i++)
		cr_assert_not(is_allocated(objs[i]), "object %d kept by a tail pointer", i);
	cr_assert_null(spanOf(objs[0]));
	cr_assert(is_allocated(live));
	cr_assert_eq(ls->allocCount, 1, "a pointer to a free slot allocated it");
	cr_assert_eq(frees() - f0, 170);
	/* The freed span's pages: pointers into free pages are ignored as well. */
	gc_runtime_GC();
	cr_assert_eq(ls->allocCount, 1);
}

Test(mgc, pointer_to_a_freed_slot_does_not_resurrect_it)
{
	/* x is referenced only by a, which dies in the first cycle; a's dead memory still holds
	 * the pointer to x. In the second cycle a root points at a's free slot: neither a nor x
	 * may come back. k keeps the span in use. */
	Node *k = node(NULL);
	Node *x = node(NULL);
	Node *a = node(x);
	root(k);
	root(x);
	gc_runtime_GC();
	cr_assert_not(is_allocated(a));
	cr_assert(is_allocated(x));
	roots[1] = (uintptr_t)a;
	gc_runtime_GC();
	cr_assert_not(is_allocated(a));
	cr_assert_not(is_allocated(x));
	cr_assert(is_allocated(k));
	cr_assert_eq(spanOf(k)->allocCount, 1);
}

/* ---------------------------------------------------------------- counting frees exactly */

/* Criterion copies parameters into the test's process: they name their Type by index. */
static Type *const keep_types[] = {NULL, &node_t, &pair_t, &big_t, &ptr_t};

typedef struct KeepCase {
	int typ; /* index into keep_types */
	size_t size;
	int n, k;
} KeepCase;

ParameterizedTestParameters(mgc, keep_every_kth)
{
	static KeepCase cases[] = {
	        {0, 16, 10000, 4}, {1, 16, 10000, 5}, {2, 16, 9999, 3},  {0, 1000, 3000, 7},
	        {3, 640, 1200, 6}, {0, 40000, 60, 4}, {4, 40000, 60, 5},
	};
	return cr_make_param_array(KeepCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(KeepCase *c, mgc, keep_every_kth, .init = fresh)
{
	static void *objs[10000];
	for (int i = 0; i < c->n; i++) {
		objs[i] = mallocgc(keep_types[c->typ], c->size, true);
		if (i % c->k == 0)
			root(objs[i]);
	}
	uint64_t f0 = frees();
	gc_runtime_GC();
	int survivors = 0;
	for (int i = 0; i < c->n; i++) {
		bool alive = is_allocated(objs[i]);
		cr_assert_eq(alive, i % c->k == 0, "size %zu object %d: allocated %d", c->size, i,
		             alive);
		survivors += alive;
	}
	int expect = (c->n + c->k - 1) / c->k; /* indices 0, k, 2k, ... below n */
	cr_assert_eq(survivors, expect);
	gc_read_memstats(&ms);
	cr_assert_eq(ms.Frees - f0, (uint64_t)(c->n - expect));
	cr_assert_eq(ms.HeapObjects, (uint64_t)expect);
	cr_assert_eq(ms.Mallocs - ms.Frees, ms.HeapObjects);
}

/* ---------------------------------------------------------------- checkmark */

static Node *cm_b;

/* Clears the mark bit of cm_b, which is reachable: the checkmark pass must notice. */
static void clear_mark_of_b(void)
{
	MSpan *s = spanOf(cm_b);
	uintptr_t i = ((uintptr_t)cm_b - s->startAddr) / s->elemsize;
	s->gcmarkBits[i / 64] &= ~((uint64_t)1 << (i % 64));
}

static void checkmark_config(void)
{
	GCConfig c = {.gogc = 100, .memlimit = INT64_MAX, .checkmark = true};
	gc_configure(&c);
}

/* root -> a -> cm_b, with cm_b's mark bit cleared after marking. */
static void checkmark_scenario(void)
{
	checkmark_config();
	cm_b = node(NULL);
	Node *a = node(cm_b);
	root(a);
	gc_test_after_mark = clear_mark_of_b;
	gc_collect();
}

Test(mgc, checkmark_catches_an_unmarked_reachable_object, .exit_code = 2)
{
	checkmark_scenario();
	cr_assert_fail("gc_collect returned");
}

/* Runs fn in a child process with stderr sent to a pipe; returns its wait status and what
 * it wrote to stderr. */
static int run_child(void (*fn)(void), char *err, size_t cap)
{
	int fds[2];
	cr_assert_eq(pipe(fds), 0);
	fflush(NULL);
	pid_t pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 2);
		fn();
		_exit(0);
	}
	close(fds[1]);
	size_t n = 0;
	ssize_t r;
	while (n + 1 < cap && (r = read(fds[0], err + n, cap - 1 - n)) > 0)
		n += (size_t)r;
	err[n] = 0;
	close(fds[0]);
	int status;
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	return status;
}

Test(mgc, checkmark_failure_message)
{
	char err[4096];
	int status = run_child(checkmark_scenario, err, sizeof err);
	cr_assert(WIFEXITED(status));
	cr_assert_eq(WEXITSTATUS(status), 2);
	cr_assert(strstr(err, "fatal error: checkmark found unmarked object\n"), "stderr: %s", err);
	/* cm_b was set in the child only. The child's heap was a copy of this one, so the
	 * first 16-byte scan object allocated here lands where the child's b did. */
	Node *b = node(NULL);
	char want[64];
	snprintf(want, sizeof want, "obj=%#lx", (unsigned long)b);
	cr_assert(strstr(err, want), "stderr %s lacks %s", err, want);
}

Test(mgc, checkmark_passes_a_correct_mark)
{
	checkmark_config();
	Node *b = node(NULL), *a = node(b), *dead = node(a);
	Pair *ring[50];
	make_ring(ring, 50);
	root(a);
	root(ring[7]);
	gc_collect();
	gc_finish_sweep();
	cr_assert(is_allocated(a));
	cr_assert(is_allocated(b));
	cr_assert_not(is_allocated(dead));
	for (int i = 0; i < 50; i++)
		cr_assert(is_allocated(ring[i]));
	for (size_t i = 0; i < mheap_nallspans; i++)
		cr_assert_null(mheap_allspans[i]->checkmarkBits,
		               "checkmark bitmaps are given back");
}

/* ---------------------------------------------------------------- pacer */

typedef struct GoalCase {
	uint64_t marked, stacks, globals;
	int gogc;
	uint64_t goal;
} GoalCase;

#define MiB ((uint64_t)1 << 20)

ParameterizedTestParameters(mgc, heap_goal)
{
	static GoalCase cases[] = {
	        /* marked + (marked + stacks + globals) * gogc / 100 */
	        {10 * MiB, 1 * MiB, MiB / 2, 100, 10 * MiB + 11 * MiB + MiB / 2},
	        {10 * MiB, 1 * MiB, MiB / 2, 50, 10 * MiB + 5 * MiB + 3 * MiB / 4},
	        {10 * MiB, 1 * MiB, MiB / 2, 200, 10 * MiB + 23 * MiB},
	        {10 * MiB, 1 * MiB, MiB / 2, 0, 10 * MiB},
	        {10 * MiB, 1 * MiB, MiB / 2, -1, UINT64_MAX},
	        {0, 0, 0, -1, UINT64_MAX},
	        /* integer division truncates: 10000001 * 50 / 100 = 5000000 */
	        {10000001, 0, 0, 50, 15000001},
	        /* the minimum: 4 MiB * gogc / 100 */
	        {0, 0, 0, 100, 4 * MiB},
	        {1 * MiB, 0, 0, 100, 4 * MiB},
	        {1 * MiB, 0, 0, 50, 2 * MiB},
	        {1 * MiB, 0, 0, 200, 8 * MiB},
	        {0, 0, 0, 0, 0},
	        {2 * MiB, 0, 0, 100, 4 * MiB},          /* exactly the minimum */
	        {2 * MiB + 8, 0, 0, 100, 4 * MiB + 16}, /* just above it */
	        {1 * MiB, 1 * MiB, 0, 100, 4 * MiB},
	        {1 * MiB, 2 * MiB, 1 * MiB, 100, 5 * MiB}, /* roots count toward the goal */
	};
	return cr_make_param_array(GoalCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(GoalCase *c, mgc, heap_goal, .init = fresh)
{
	uint64_t g = gc_heap_goal(c->marked, c->stacks, c->globals, c->gogc);
	cr_assert_eq(g, c->goal, "goal(%lu, %lu, %lu, %d) = %lu, want %lu",
	             (unsigned long)c->marked, (unsigned long)c->stacks, (unsigned long)c->globals,
	             c->gogc, (unsigned long)g, (unsigned long)c->goal);
}

Test(mgc, set_gc_percent_returns_the_previous_value)
{
	cr_assert_eq(gc_set_percent(50), 100, "GOGC starts at 100");
	cr_assert_eq(gc_set_percent(-5), 50);
	cr_assert_eq(gc_set_percent(200), -1, "any negative value is stored as -1 (off)");
	cr_assert_eq(gc_set_percent(0), 200);
	cr_assert_eq(gc_set_percent(100), 0);
	gc_read_memstats(&ms);
	cr_assert_eq(ms.NextGC, 4 * MiB);
}

Test(mgc, set_memory_limit_returns_the_previous_value)
{
	cr_assert_eq(gc_set_memory_limit(-1), INT64_MAX, "no limit at start");
	cr_assert_eq(gc_set_memory_limit(1 << 30), INT64_MAX);
	cr_assert_eq(gc_set_memory_limit(-1), 1 << 30, "a negative limit only reads");
	cr_assert_eq(gc_set_memory_limit(-1000), 1 << 30);
	cr_assert_eq(gc_set_memory_limit(0), 1 << 30);
	cr_assert_eq(gc_set_memory_limit(INT64_MAX), 0);
	cr_assert_eq(gc_set_memory_limit(-1), INT64_MAX);
}

/* The pacer tests below check the stop-the-world trigger (the goal itself); the incremental
 * trigger, 70% of the way to the goal, has its own test. */
static void configure_gogc(int gogc, int64_t stress)
{
	GCConfig c = {.gogc = gogc, .memlimit = INT64_MAX, .stress = stress, .stoptheworld = true};
	gc_configure(&c);
}

typedef struct TriggerCase {
	int gogc;
	uint64_t goal;
} TriggerCase;

/* Marking in steps needs a runway: the cycle starts when the live heap has grown 70% of the
 * way from the last marked heap (0 here) to the goal (4 MiB at GOGC 100). (4 MiB / 10) * 7 =
 * 2936010 bytes: the 183501st 16-byte object (2936016 bytes) starts it, not the one before. */
Test(mgc, incremental_trigger_is_seventy_percent_of_the_runway, .init = fresh)
{
	GCConfig c = {.gogc = 100, .memlimit = INT64_MAX};
	gc_configure(&c);
	for (uint64_t i = 1; i < 183501; i++) {
		noscan(16);
		if (gc_wanted)
			cr_assert_fail("gc_wanted after %lu allocations", (unsigned long)i);
	}
	noscan(16);
	cr_assert(gc_wanted);
}

ParameterizedTestParameters(mgc, allocating_past_the_goal_raises_gc_wanted)
{
	static TriggerCase cases[] = {{100, 4 * MiB}, {50, 2 * MiB}, {200, 8 * MiB}};
	return cr_make_param_array(TriggerCase, cases, sizeof cases / sizeof cases[0]);
}

/* With nothing marked yet, the goal is the minimum; each 16-byte object adds 16 bytes to the
 * live heap, so the goal / 16-th allocation reaches it. */
ParameterizedTest(TriggerCase *c, mgc, allocating_past_the_goal_raises_gc_wanted, .init = fresh)
{
	configure_gogc(c->gogc, 0);
	cr_assert_not(gc_wanted);
	uint64_t n = c->goal / 16;
	for (uint64_t i = 1; i < n; i++) {
		noscan(16);
		if (gc_wanted)
			cr_assert_fail("gc_wanted after %lu of %lu allocations", (unsigned long)i,
			               (unsigned long)n);
	}
	cr_assert_eq(gc_heap_live, c->goal - 16);
	noscan(16);
	cr_assert(gc_wanted);
	gc_read_memstats(&ms);
	cr_assert_eq(ms.NumGC, 0, "mallocgc never collects by itself");
	/* The interpreter's safepoint runs the cycle and lowers the flag. */
	gc_safepoint();
	cr_assert_not(gc_wanted);
	gc_read_memstats(&ms);
	cr_assert_eq(ms.NumGC, 1);
	cr_assert_eq(ms.NumForcedGC, 0);
	cr_assert_eq(gc_heap_live, 0, "nothing was rooted");
}

Test(mgc, gogc_off_never_wants_a_collection)
{
	configure_gogc(-1, 0);
	for (int i = 0; i < 100; i++)
		noscan(100000); /* 10 MB */
	cr_assert_not(gc_wanted);
	gc_read_memstats(&ms);
	cr_assert_eq(ms.NextGC, UINT64_MAX);
	cr_assert_eq(gc_set_percent(100), -1);
	cr_assert(gc_wanted, "turning GOGC back on with 10 MB live wants a cycle at once");
}

Test(mgc, gcstress_wants_a_cycle_every_n_allocations)
{
	configure_gogc(100, 5);
	for (int round = 0; round < 3; round++) {
		for (int i = 1; i < 5; i++) {
			node(NULL);
			cr_assert_not(gc_wanted, "round %d: wanted after %d allocations", round, i);
		}
		node(NULL);
		cr_assert(gc_wanted, "round %d: not wanted after 5 allocations", round);
		gc_safepoint();
		cr_assert_not(gc_wanted);
	}
	gc_read_memstats(&ms);
	cr_assert_eq(ms.NumGC, 3);
}

/* One 3 MiB pointer-free object (384 pages, exactly 3 MiB marked), 1 MiB of stacks and 256 KiB
 * of globals reported by the root scanner. */
static void *three_mib_live(void)
{
	configure_gogc(100, 0);
	void *big = noscan(3 * MiB);
	root(big);
	note_stack = MiB;
	note_globals = MiB / 4;
	for (int i = 0; i < 1000; i++)
		noscan(16); /* garbage */
	gc_runtime_GC();
	return big;
}

Test(mgc, next_gc_is_the_goal_of_the_marked_heap)
{
	void *big = three_mib_live();
	cr_assert(is_allocated(big));
	uint64_t goal = 3 * MiB + (3 * MiB + MiB + MiB / 4); /* 7.25 MiB */
	gc_read_memstats(&ms);
	cr_assert_eq(ms.NextGC, goal, "NextGC %lu", (unsigned long)ms.NextGC);
	cr_assert_eq(ms.NextGC, gc_heap_goal(3 * MiB, MiB, MiB / 4, 100));
	cr_assert_eq(gc_heap_live, 3 * MiB, "the live heap restarts at the marked bytes");
	cr_assert_eq(ms.HeapAlloc, 3 * MiB);
	cr_assert_eq(ms.OtherSys, MiB / 4, "globals are counted in OtherSys");
	/* 64 KiB objects (8 pages each): 4.25 MiB / 64 KiB = 68 of them reach the goal. */
	for (int i = 1; i < 68; i++) {
		noscan(64 << 10);
		cr_assert_not(gc_wanted, "wanted after %d objects", i);
	}
	noscan(64 << 10);
	cr_assert(gc_wanted);
	/* GOGC 50: the goal becomes 3 + 4.25 / 2 MiB at once; already exceeded. */
	cr_assert_eq(gc_set_percent(50), 100);
	gc_read_memstats(&ms);
	cr_assert_eq(ms.NextGC, 3 * MiB + (17 * MiB / 4) / 2);
}

Test(mgc, memory_limit_below_the_live_heap_sets_the_floor)
{
	three_mib_live();
	/* A limit nothing fits under: the goal is the live heap plus max(1/16 of it, 1 MiB). */
	cr_assert_eq(gc_set_memory_limit(1), INT64_MAX);
	gc_read_memstats(&ms);
	cr_assert_eq(ms.NextGC, 3 * MiB + MiB);
	/* A generous limit leaves the GOGC goal in charge again. */
	gc_set_memory_limit((int64_t)1 << 40);
	gc_read_memstats(&ms);
	cr_assert_eq(ms.NextGC, 3 * MiB + 17 * MiB / 4);
}

Test(mgc, memory_limit_floor_for_a_large_live_heap)
{
	configure_gogc(100, 0);
	root(noscan(32 * MiB)); /* 32 MiB marked: 1/16 of it is 2 MiB */
	gc_runtime_GC();
	gc_set_memory_limit(1);
	gc_read_memstats(&ms);
	cr_assert_eq(ms.NextGC, 34 * MiB);
}

/* ---------------------------------------------------------------- statistics */

Test(mgc, memstats_cycle_counts_and_pauses)
{
	root(node(NULL));
	gc_collect();
	gc_collect();
	gc_runtime_GC();
	gc_runtime_GC();
	gc_runtime_GC();
	gc_read_memstats(&ms);
	cr_assert_eq(ms.NumGC, 5);
	cr_assert_eq(ms.NumForcedGC, 3);
	uint64_t sum = 0;
	for (int i = 0; i < 5; i++) {
		cr_assert_gt(ms.PauseNs[i], 0, "cycle %d took no time", i);
		cr_assert_gt(ms.PauseEnd[i], 0);
		sum += ms.PauseNs[i];
	}
	for (int i = 5; i < 256; i++)
		cr_assert_eq(ms.PauseNs[i], 0);
	cr_assert_eq(ms.PauseTotalNs, sum);
	cr_assert_eq(ms.LastGC, ms.PauseEnd[4]);
	cr_assert(ms.EnableGC);
	cr_assert_gt(ms.GCCPUFraction, 0);
	cr_assert_leq(ms.GCCPUFraction, 1);
}

Test(mgc, memstats_pause_ring_wraps_at_256)
{
	for (int i = 0; i < 300; i++)
		gc_collect();
	gc_read_memstats(&ms);
	cr_assert_eq(ms.NumGC, 300);
	cr_assert_eq(ms.LastGC, ms.PauseEnd[(300 + 255) % 256]);
	for (int i = 0; i < 256; i++)
		cr_assert_gt(ms.PauseNs[i], 0);
}

Test(mgc, memstats_are_consistent_after_a_cycle)
{
	/* 300 16-byte scan objects of which 100 are kept, a 700-byte pointerful object (708
	 * bytes with its header: class 768), a 40000-byte large object (5 pages) and 50 dead
	 * 1000-byte noscan objects (class 1024). */
	for (int i = 0; i < 300; i++) {
		Node *n = node(NULL);
		if (i % 3 == 0)
			root(n);
	}
	void *h = mallocgc(&ptr_t, 700, true);
	cr_assert_eq(spanOf(h)->elemsize, 768);
	root(h);
	root(mallocgc(&ptr_t, 40000, true));
	for (int i = 0; i < 50; i++)
		noscan(1000);
	gc_read_memstats(&ms);
	uint64_t total = 300 * 16 + 768 + 40960 + 50 * 1024;
	cr_assert_eq(ms.TotalAlloc, total);
	cr_assert_eq(ms.Mallocs, 352);
	cr_assert_eq(ms.Frees, 0);
	cr_assert_eq(ms.HeapAlloc, total, "no cycle yet: everything counts");
	gc_runtime_GC();
	gc_read_memstats(&ms);
	uint64_t live = 100 * 16 + 768 + 40960;
	cr_assert_eq(ms.TotalAlloc, total, "TotalAlloc never falls");
	cr_assert_eq(ms.Mallocs, 352);
	cr_assert_eq(ms.Frees, 250);
	cr_assert_eq(ms.HeapObjects, 102);
	cr_assert_eq(ms.Mallocs - ms.Frees, ms.HeapObjects);
	cr_assert_eq(ms.HeapAlloc, live);
	cr_assert_eq(ms.Alloc, ms.HeapAlloc);
	cr_assert_eq(gc_frees(), ms.Frees);
	cr_assert_eq(ms.HeapInuse + ms.HeapIdle, ms.HeapSys);
	cr_assert_leq(ms.HeapReleased, ms.HeapIdle);
	/* In use: the 16-byte span and the 768-byte span (one page each) and the large object's
	 * 5 pages; the seven 1024-byte spans (8 objects a page) held only garbage and were freed. */
	cr_assert_eq(ms.HeapInuse, (1 + 1 + 5) * 8192);
	cr_assert_eq(ms.NextGC, 4 * MiB, "42 KiB marked: the minimum goal");
	cr_assert_geq(ms.Sys, ms.HeapSys);
}

Test(mgc, collect_leaves_the_sweep_to_later)
{
	/* gc_collect (a heap-triggered cycle) does not sweep; Frees only moves when spans are
	 * swept, and HeapAlloc still counts the unswept garbage. */
	for (int i = 0; i < 100; i++)
		node(NULL);
	gc_collect();
	gc_read_memstats(&ms);
	cr_assert_eq(ms.Frees, 0);
	cr_assert_eq(ms.HeapAlloc, 1600);
	cr_assert_eq(gc_heap_live, 0);
	gc_finish_sweep();
	gc_read_memstats(&ms);
	cr_assert_eq(ms.Frees, 100);
	cr_assert_eq(ms.HeapAlloc, 0);
	cr_assert_eq(ms.HeapObjects, 0);
}

Test(mgc, phase_is_off_outside_cycles_and_mark_during_root_scan)
{
	cr_assert_eq(gc_phase, GC_OFF);
	gc_collect();
	cr_assert_eq(gc_phase, GC_OFF);
}

static GCPhase seen_phase;

static void phase_scanner(void)
{
	seen_phase = gc_phase;
}

Test(mgc, roots_are_scanned_in_the_mark_phase)
{
	gc_set_root_scanner(phase_scanner);
	seen_phase = GC_OFF;
	gc_collect();
	cr_assert_eq(seen_phase, GC_MARK);
}

static GCPhase hook_phase;

static void record_hook_phase(void)
{
	hook_phase = gc_phase;
}

Test(mgc, after_mark_hook_runs_in_mark_termination)
{
	gc_test_after_mark = record_hook_phase;
	hook_phase = GC_OFF;
	gc_collect();
	cr_assert_eq(hook_phase, GC_MARKTERM);
}
