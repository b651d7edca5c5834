/*
 * test_mgc_incremental.c - marking in steps while the program runs (gc/mgc.c mark_setup,
 * mark_step, mark_termination) and the hybrid write barrier (gc/gc.h).
 *
 * The main test mutates a random graph between mark steps, the way a program does between
 * safepoints, over hundreds of cycles: nodes {a, b *Node; id, check} hang off 64 root slots
 * that play the part of goroutine stacks - each slot is its own root job, scanned at some point
 * during the cycle, and written WITHOUT a barrier, as stack slots are - while every store into
 * a node goes through gc_write_ptr. The mutations are the ones that break a marker without a
 * barrier: a pointer loaded from a node into an already-scanned root slot and then cut from the
 * node; a subgraph moved from an unscanned root into a node; roots dropped and relinked; fresh
 * nodes (black while marking) linked into the graph. After every cycle every node reachable from
 * the roots must still be allocated and intact (check == id ^ MAGIC: a freed slot reused by a
 * later allocation would break it). The collector runs with checkmark on, so each cycle's
 * marking is also compared against a full re-mark from the roots, and under gcstress-sized
 * steps (one object or root job per step) so marking and mutation interleave as finely as
 * possible. A second test checks the step bookkeeping: a cycle started at a safepoint is still
 * marking after it, and finishes within a bounded number of steps.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "gc/gc.h"
#include "gc/malloc.h"
#include "gc/mheap.h"
#include "lang/types.h"

typedef struct Node {
	struct Node *a, *b;
	uint64_t id, check;
} Node;
static uint8_t node_mask[] = {0x3};
static Type node_t = {.size = 32, .align = 8, .ptrdata = 16, .ptrmask = node_mask};
#define MAGIC 0x5bd1e9955bd1e995ull

#define NROOTS 64
static Node *roots[NROOTS];

static size_t jobs_count(void)
{
	return NROOTS;
}

static void jobs_scan(size_t i)
{
	gc_scan_words(&roots[i], 1, NULL);
}

static const GCRootJobs jobs = {jobs_count, jobs_scan, NULL};

static uint64_t rng = 88172645463325252ull;
static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint64_t next_id;

static Node *new_node(void)
{
	Node *n = mallocgc(&node_t, sizeof(Node), true);
	n->id = ++next_id;
	n->check = n->id ^ MAGIC;
	return n;
}

static bool is_allocated(const void *p)
{
	MSpan *s = spanOf(p);
	if (!s)
		return false;
	uintptr_t i = ((uintptr_t)p - s->startAddr) / s->elemsize;
	return s->allocBits[i / 64] >> (i % 64) & 1;
}

/* A random node reachable from root r: a short random walk. NULL when r is empty. */
static Node *walk(int r)
{
	Node *n = roots[r];
	for (int steps = (int)(next_rand() % 6); n && steps > 0; steps--) {
		Node *c = next_rand() & 1 ? n->a : n->b;
		if (!c)
			break;
		n = c;
	}
	return n;
}

/* Every node reachable from the roots is allocated and intact (iterative, marks visited by
 * flipping id's top bit, then flips it back). */
static Node **stack;
static size_t stackcap;
static size_t verify(void)
{
	size_t n = 0, sp = 0, nvisited = 0;
	static Node **visited;
	static size_t vcap;
	for (int r = 0; r < NROOTS; r++) {
		if (!roots[r])
			continue;
		if (sp == stackcap)
			stack = realloc(stack, (stackcap = stackcap ? 2 * stackcap : 1024) * sizeof *stack);
		stack[sp++] = roots[r];
	}
	while (sp) {
		Node *x = stack[--sp];
		if (x->id >> 63)
			continue;
		cr_assert(is_allocated(x), "a reachable node was freed");
		cr_assert_eq(x->check, x->id ^ MAGIC, "a reachable node was overwritten");
		x->id |= 1ull << 63;
		if (nvisited == vcap)
			visited = realloc(visited, (vcap = vcap ? 2 * vcap : 1024) * sizeof *visited);
		visited[nvisited++] = x;
		n++;
		Node *kids[2] = {x->a, x->b};
		for (int k = 0; k < 2; k++) {
			if (!kids[k])
				continue;
			if (sp == stackcap)
				stack = realloc(stack, (stackcap *= 2) * sizeof *stack);
			stack[sp++] = kids[k];
		}
	}
	for (size_t i = 0; i < nvisited; i++)
		visited[i]->id &= ~(1ull << 63);
	return n;
}

static void mutate(void)
{
	int r = (int)(next_rand() % NROOTS), q = (int)(next_rand() % NROOTS);
	switch (next_rand() % 8) {
	case 0: /* a fresh node into a root (a stack write: no barrier) */
	case 1: {
		Node *n = new_node();
		gc_write_ptr(&n->a, roots[q]);
		roots[r] = n;
		break;
	}
	case 2: { /* link two reachable nodes */
		Node *x = walk(r), *y = walk(q);
		if (x)
			gc_write_ptr(next_rand() & 1 ? &x->a : &x->b, y);
		break;
	}
	case 3: { /* load a child into a root, then cut it from its parent */
		Node *x = walk(q);
		if (x && x->a) {
			roots[r] = x->a;
			gc_write_ptr(&x->a, NULL);
		}
		break;
	}
	case 4: /* drop a root */
		roots[r] = NULL;
		break;
	case 5: { /* move a whole root's subgraph into a node, then drop the root */
		Node *x = walk(q);
		if (x && r != q) {
			gc_write_ptr(&x->b, roots[r]);
			roots[r] = NULL;
		}
		break;
	}
	case 6: /* copy a root (stack to stack) */
		roots[r] = roots[q];
		break;
	default: { /* garbage */
		Node *n = new_node();
		gc_write_ptr(&n->b, walk(q));
		break;
	}
	}
}

Test(mgc_incremental, random_graph_mutated_while_marking)
{
	gc_init();
	gc_set_root_jobs(&jobs);
	GCConfig c = {.gogc = 100, .memlimit = INT64_MAX, .stress = 1, .checkmark = true};
	gc_configure(&c);
	GCMemStats *ms = malloc(sizeof *ms);
	uint32_t cycles = 0;
	for (int i = 0; i < 400000 && cycles < 300; i++) {
		mutate();
		if (gc_wanted)
			gc_safepoint(); /* a safepoint: roots and heap consistent */
		gc_read_memstats(ms);
		if (ms->NumGC != cycles) {
			cycles = ms->NumGC;
			verify();
		}
	}
	cr_assert_geq(cycles, 100, "only %u cycles", cycles);
	gc_runtime_GC();
	cr_assert_gt(verify(), 0);
	free(ms);
}

Test(mgc_incremental, a_cycle_spans_several_safepoints)
{
	gc_init();
	gc_set_root_jobs(&jobs);
	GCConfig c = {.gogc = 100, .memlimit = INT64_MAX, .stress = 1};
	gc_configure(&c);
	for (int r = 0; r < NROOTS; r++) {
		roots[r] = new_node();
		gc_write_ptr(&roots[r]->a, new_node());
	}
	while (!gc_wanted)
		new_node();
	gc_safepoint();
	cr_assert_eq(gc_phase, GC_MARK, "one step of one unit cannot finish 64 root jobs");
	cr_assert(gc_wb_enabled);
	/* each step scans one root job or one object: 64 jobs and 128 nodes */
	int steps = 0;
	while (gc_phase == GC_MARK && steps < 10000) {
		new_node();
		if (gc_wanted)
			gc_safepoint();
		steps++;
	}
	cr_assert_eq(gc_phase, GC_OFF);
	cr_assert_not(gc_wb_enabled);
	cr_assert_geq(steps, 64 + 128 - 1, "finished after %d steps", steps);
	for (int r = 0; r < NROOTS; r++) {
		cr_assert(is_allocated(roots[r]));
		cr_assert(is_allocated(roots[r]->a));
	}
}
