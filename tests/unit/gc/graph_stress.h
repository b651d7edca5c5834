/*
 * graph_stress.h - a large random graph mutated on the program's thread while the collector's
 * background worker marks it on its own thread (gc/mgc.c with GCConfig.bgmark), over hundreds
 * of cycles. Shared by the Criterion test test_mgc_concurrent.c and by gc_graph_stress.c, a
 * plain program that .ci/run runs under ThreadSanitizer (Criterion's runner cannot start in a
 * ThreadSanitizer process: it maps its shared arena at fixed addresses the sanitizer reserves).
 *
 * The graph: nodes {a, b *Node; id, check} in NROOTS balanced binary trees of TREE_DEPTH levels
 * (about 130,000 live nodes, 4 MB), hanging off root slots that play the part of goroutine
 * stacks: each slot is a root job scanned by the program's thread at one of its safepoints
 * during the cycle, and written WITHOUT a barrier, as stack slots are. Every store into a node
 * goes through gc_write_ptr. The mutations are the ones that break a concurrent marker without
 * a barrier - a child loaded into an already-scanned root slot and cut from a parent the worker
 * has not reached; a subgraph moved from an unscanned root into a node the worker has already
 * blackened; two nodes' children swapped; roots dropped and regrown; fresh (black) nodes linked
 * in; garbage - at random depths of the trees, so they land on white, grey and black nodes
 * while the worker runs through them. The collector runs with checkmark on: at every mark
 * termination a full re-mark from the roots must find nothing the concurrent mark missed, or
 * the process dies with "fatal error: checkmark found unmarked object". After every cycle each
 * node reachable from the roots must be allocated and intact (check == id ^ MAGIC: a freed slot
 * handed out again would break it).
 *
 * GC_GRAPH_NOBARRIER=1 in the environment makes the node stores plain (no barrier), to see the
 * scenario fail: checkmark then stops the process within a few cycles.
 */
#ifndef MINIRT_TESTS_GRAPH_STRESS_H
#define MINIRT_TESTS_GRAPH_STRESS_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gc/gc.h"
#include "gc/malloc.h"
#include "gc/mheap.h"
#include "lang/types.h"

typedef struct GNode {
	struct GNode *a, *b;
	uint64_t id, check;
} GNode;
static uint8_t gnode_mask[] = {0x3};
static Type gnode_t = {.size = 32, .align = 8, .ptrdata = 16, .ptrmask = gnode_mask};
#define GS_MAGIC 0x9e3779b97f4a7c15ull
#define GS_NROOTS 64
#define GS_TREE_DEPTH 11 /* 2047 nodes per tree */

static GNode *gs_roots[GS_NROOTS];
static bool gs_nobarrier;
static uint64_t gs_rng, gs_next_id;

static size_t gs_jobs_count(void)
{
	return GS_NROOTS;
}

static void gs_jobs_scan(size_t i)
{
	gc_scan_words(&gs_roots[i], 1, NULL);
}

static uint64_t gs_rand(void)
{
	gs_rng ^= gs_rng << 13;
	gs_rng ^= gs_rng >> 7;
	gs_rng ^= gs_rng << 17;
	return gs_rng;
}

static void gs_store(GNode **slot, GNode *v)
{
	if (gs_nobarrier)
		*slot = v;
	else
		gc_write_ptr(slot, v);
}

static GNode *gs_new(void)
{
	GNode *n = mallocgc(&gnode_t, sizeof(GNode), true);
	n->id = ++gs_next_id;
	n->check = n->id ^ GS_MAGIC;
	return n;
}

/* A balanced tree of the given depth. The subtrees are built first and kept in this C frame
 * only while no safepoint can run (mallocgc never collects), so nothing here needs a root. */
static GNode *gs_tree(int depth)
{
	if (depth == 0)
		return NULL;
	GNode *l = gs_tree(depth - 1), *r = gs_tree(depth - 1);
	GNode *n = gs_new();
	gs_store(&n->a, l);
	gs_store(&n->b, r);
	return n;
}

/* A node reachable from root r: a random walk of up to the trees' depth. */
static GNode *gs_walk(int r)
{
	GNode *n = gs_roots[r];
	for (int steps = (int)(gs_rand() % GS_TREE_DEPTH); n && steps > 0; steps--) {
		GNode *c = gs_rand() & 1 ? n->a : n->b;
		if (!c)
			break;
		n = c;
	}
	return n;
}

static bool gs_allocated(const void *p)
{
	MSpan *s = spanOf(p);
	if (!s)
		return false;
	uintptr_t i = ((uintptr_t)p - s->startAddr) / s->elemsize;
	return s->allocBits[i / 64] >> (i % 64) & 1;
}

/* Checks every node reachable from the roots; returns their number, or -1 with *why set. Marks
 * visited nodes by flipping id's top bit, then flips them back. */
static long gs_verify(const char **why)
{
	static GNode **stack, **seen;
	static size_t stackcap, seencap;
	size_t sp = 0, nseen = 0;
	long result = 0;
	for (int r = 0; r < GS_NROOTS; r++) {
		if (!gs_roots[r])
			continue;
		if (sp == stackcap)
			stack = realloc(stack, (stackcap = stackcap ? 2 * stackcap : 4096) * sizeof *stack);
		stack[sp++] = gs_roots[r];
	}
	while (sp) {
		GNode *x = stack[--sp];
		if (x->id >> 63)
			continue;
		if (!gs_allocated(x)) {
			*why = "a reachable node was freed";
			result = -1;
			break;
		}
		if (x->check != (x->id ^ GS_MAGIC)) {
			*why = "a reachable node was overwritten";
			result = -1;
			break;
		}
		x->id |= 1ull << 63;
		if (nseen == seencap)
			seen = realloc(seen, (seencap = seencap ? 2 * seencap : 4096) * sizeof *seen);
		seen[nseen++] = x;
		result++;
		GNode *kids[2] = {x->a, x->b};
		for (int k = 0; k < 2; k++) {
			if (!kids[k])
				continue;
			if (sp == stackcap)
				stack = realloc(stack, (stackcap *= 2) * sizeof *stack);
			stack[sp++] = kids[k];
		}
	}
	for (size_t i = 0; i < nseen; i++)
		seen[i]->id &= ~(1ull << 63);
	return result;
}

/* One mutation. Most of them move pointers between root slots and nodes without losing what
 * they held, so the graph stays large; a few make garbage or drop a tree, and an empty root
 * slot regrows one. */
static void gs_mutate(void)
{
	int r = (int)(gs_rand() % GS_NROOTS), q = (int)(gs_rand() % GS_NROOTS);
	switch (gs_rand() % 12) {
	case 0:
	case 1: { /* a child moved into a root slot, the slot's tree into the child's place */
		GNode *x = gs_walk(q);
		if (x && r != q) {
			GNode *old = gs_roots[r];
			gs_roots[r] = x->a;
			gs_store(&x->a, old);
		}
		break;
	}
	case 2:
	case 3: { /* a root's tree moved into a node, the node's child into the root slot */
		GNode *x = gs_walk(q);
		if (x && r != q) {
			GNode *old = x->b;
			gs_store(&x->b, gs_roots[r]);
			gs_roots[r] = old;
		}
		break;
	}
	case 4:
	case 5: { /* two nodes' children swapped */
		GNode *x = gs_walk(r), *y = gs_walk(q);
		if (x && y && x != y && x->a != y && y->b != x) {
			GNode *t = x->a;
			gs_store(&x->a, y->b);
			gs_store(&y->b, t);
		}
		break;
	}
	case 6: { /* a fresh node spliced in above a reachable one's child */
		GNode *x = gs_walk(q);
		if (x) {
			GNode *n = gs_new();
			gs_store(&n->a, x->a);
			gs_store(&x->a, n);
		}
		break;
	}
	case 7: /* an empty root slot regrows a tree; a full one is dropped now and then */
		if (!gs_roots[r])
			gs_roots[r] = gs_tree(GS_TREE_DEPTH - 3);
		else if (gs_rand() % 64 == 0)
			gs_roots[r] = NULL;
		break;
	case 8: { /* a link that cuts a subtree loose */
		GNode *x = gs_walk(r), *y = gs_walk(q);
		if (x && gs_rand() % 8 == 0)
			gs_store(&x->b, y);
		break;
	}
	default: { /* garbage pointing into the graph */
		GNode *n = gs_new();
		gs_store(&n->b, gs_walk(q));
		break;
	}
	}
}

/*
 * Runs the scenario until 'cycles' collections have ended; returns NULL, or what went wrong.
 * *live gets the number of nodes reachable at the end, *overlap the number of mutations made
 * while a cycle was marking (the scenario is only worth something when that is large).
 */
static const char *gs_run(uint32_t cycles, uint64_t seed, long *live, uint64_t *overlap)
{
	const char *nb = getenv("GC_GRAPH_NOBARRIER");
	gs_nobarrier = nb && *nb && strcmp(nb, "0") != 0;
	gs_rng = seed;
	gc_init();
	static const GCRootJobs jobs = {gs_jobs_count, gs_jobs_scan, NULL};
	gc_set_root_jobs(&jobs);
	GCConfig c = {.gogc = 25, .memlimit = INT64_MAX, .checkmark = true, .bgmark = true};
	gc_configure(&c);
	for (int r = 0; r < GS_NROOTS; r++)
		gs_roots[r] = gs_tree(GS_TREE_DEPTH);
	GCMemStats *ms = malloc(sizeof *ms);
	uint32_t seen = 0;
	*overlap = 0;
	const char *why = NULL;
	for (uint64_t i = 0; seen < cycles; i++) {
		gs_mutate();
		if (gc_phase == GC_MARK)
			(*overlap)++;
		if (gc_wanted)
			gc_safepoint(); /* a safepoint: roots and heap consistent */
		if (i % 1024 == 0 || gc_phase != GC_MARK) {
			gc_read_memstats(ms);
			if (ms->NumGC != seen) {
				seen = ms->NumGC;
				if (gs_verify(&why) < 0)
					break;
			}
		}
		if (i > (uint64_t)cycles * 2000000) {
			why = "the cycles did not come";
			break;
		}
	}
	if (!why) {
		gc_runtime_GC();
		*live = gs_verify(&why);
	}
	free(ms);
	return why;
}

#endif
