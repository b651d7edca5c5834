/*
 * test_mprof.c - prof/mprof.c: buckets, the memRecord cycle, the sampler and the table of
 * sampled objects.
 *
 * Criterion runs every test in its own process, so each starts with cycle 0, no buckets, an
 * empty object table and the sampler not drawn yet. Tests drive the hooks in the order the
 * runtime calls them: 'mark_termination' is mProf_NextCycle then mProf_Flush (gc/mgc.c), a
 * "sweep" is mProf_Free or mprof_object_freed calls after it, 'runtime_GC' is a mark
 * termination, the sweep, then mProf_PostSweep.
 *
 * Expected values are worked out from Go's rules (GO-PROFILING-NOTES.md 1.7-1.9, 3.4): with
 * cycle C, a malloc counts into future[(C+2)%3] and a free into future[(C+1)%3]; mark
 * termination makes C+1 and publishes future[C%3] of the new C. A malloc made while C = k is
 * therefore published at the second mark termination after it, together with the frees of
 * the sweep that follows the first one; PostSweep publishes future[(C+1)%3] early.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "prof/mprof.h"

static const uintptr_t stk_w[] = {0x9000};
static const uintptr_t stk_a[] = {0x1010, 0x2020, 0x3030};
static const uintptr_t stk_b[] = {0x1010, 0x2020, 0x3034};
static const uintptr_t stk_p[] = {0x4000, 0x5000};
static const uintptr_t stk_q[] = {0x6000};

static void mark_termination(void)
{
	mProf_NextCycle();
	mProf_Flush();
}

static MemRecordCycle active(Bucket *b)
{
	return bucket_mp(b)->active;
}

/* Publishes one allocation of its own, so that later profiles are not "nothing published". */
static void warm_up(void)
{
	Bucket *w = mProf_Malloc(stk_w, 1, 8);
	mark_termination();
	mark_termination();
	cr_assert_eq(mprof_cycle(), 2);
	cr_assert_eq(active(w).allocs, 1);
}

/* What mprof_memprofile reported for one bucket. */
typedef struct Seen {
	Bucket *want;
	bool found;
	MemRecordCycle rec;
	Bucket *order[8];
	int n;
} Seen;

static void collect(Bucket *b, const MemRecordCycle *a, void *arg)
{
	Seen *s = arg;
	if (s->n < 8)
		s->order[s->n] = b;
	s->n++;
	if (b == s->want) {
		s->found = true;
		s->rec = *a;
	}
}

static Seen memprofile(Bucket *want, bool inuse_zero)
{
	Seen s = {.want = want};
	int n = mprof_memprofile(inuse_zero, collect, &s);
	cr_assert_eq(n, s.n);
	return s;
}

#define ASSERT_CYCLE(rec, a, f, ab, fb)             \
	do {                                        \
		MemRecordCycle r_ = (rec);          \
		cr_assert_eq(r_.allocs, (a));       \
		cr_assert_eq(r_.frees, (f));        \
		cr_assert_eq(r_.alloc_bytes, (ab)); \
		cr_assert_eq(r_.free_bytes, (fb));  \
	} while (0)

/* ---------------------------------------------------------------- the cycle */

Test(mprof_cycle, allocation_invisible_until_two_mark_terminations)
{
	warm_up();
	Bucket *a = mProf_Malloc(stk_a, 3, 32); /* C = 2: slot 1 */
	ASSERT_CYCLE(active(a), 0, 0, 0, 0);
	Seen s = memprofile(a, true);
	cr_assert(s.found);
	ASSERT_CYCLE(s.rec, 0, 0, 0, 0);
	cr_assert_not(memprofile(a, false).found);

	mark_termination(); /* C = 3, publishes slot 0 */
	ASSERT_CYCLE(active(a), 0, 0, 0, 0);

	mProf_NextCycle(); /* C = 4: slot 1 is publishable, not yet flushed */
	ASSERT_CYCLE(active(a), 0, 0, 0, 0);
	s = memprofile(a, false); /* MemProfile flushes slot C%3 itself */
	cr_assert(s.found);
	ASSERT_CYCLE(s.rec, 1, 0, 32, 0);
	mProf_Flush(); /* the slot is already zero: nothing counted twice */
	ASSERT_CYCLE(active(a), 1, 0, 32, 0);
	mark_termination();
	ASSERT_CYCLE(active(a), 1, 0, 32, 0);
}

Test(mprof_cycle, nothing_published_reports_all_three_slots)
{
	Bucket *a = mProf_Malloc(stk_a, 3, 32); /* C = 0: slot 2 */
	mProf_Malloc(stk_a, 3, 32);
	mProf_Malloc(stk_a, 3, 32);
	mark_termination();         /* C = 1, slot 1 empty */
	mProf_Free(a, 32);          /* slot 2 */
	mProf_Malloc(stk_a, 3, 32); /* slot 0 */
	mProf_Malloc(stk_a, 3, 32);
	ASSERT_CYCLE(active(a), 0, 0, 0, 0);
	Seen s = memprofile(a, false);
	cr_assert(s.found);
	cr_assert_eq(s.n, 1);
	ASSERT_CYCLE(s.rec, 5, 1, 160, 32);
	/* everything was folded: the next mark terminations add nothing more */
	mark_termination();
	mark_termination();
	mark_termination();
	ASSERT_CYCLE(active(a), 5, 1, 160, 32);
}

Test(mprof_cycle, free_counts_only_after_the_sweep_that_frees_it)
{
	warm_up();
	Bucket *a = mProf_Malloc(stk_a, 3, 32); /* C = 2: slot 1 */
	Bucket *b = mProf_Malloc(stk_b, 3, 64); /* slot 1 */

	mark_termination(); /* MT3: C = 3; 'a' is dead, 'b' live */
	mProf_Free(a, 32);  /* the sweep after MT3: slot 1, next to its malloc */
	ASSERT_CYCLE(active(a), 0, 0, 0, 0);
	cr_assert_not(memprofile(a, false).found);

	mark_termination(); /* MT4: C = 4, publishes slot 1: the heap as of MT3 */
	ASSERT_CYCLE(active(a), 1, 1, 32, 32); /* never shown live: it was dead at MT3 */
	ASSERT_CYCLE(active(b), 1, 0, 64, 0);  /* live at MT3 */
	cr_assert_not(memprofile(a, false).found);
	cr_assert(memprofile(b, false).found);

	mProf_Free(b, 64); /* 'b' dead at MT4, freed by its sweep: slot 2 */
	ASSERT_CYCLE(active(b), 1, 0, 64, 0);
	mProf_NextCycle(); /* MT5: C = 5 */
	ASSERT_CYCLE(active(b), 1, 0, 64, 0);
	mProf_Flush();
	ASSERT_CYCLE(active(b), 1, 1, 64, 64);
	cr_assert_not(memprofile(b, false).found);
	cr_assert(memprofile(b, true).found);
}

Test(mprof_cycle, postsweep_makes_runtime_GC_exact)
{
	warm_up();
	Bucket *a = mProf_Malloc(stk_a, 3, 32); /* C = 2: slot 1 */
	Bucket *b = mProf_Malloc(stk_b, 3, 32);

	/* runtime.GC(): mark termination, the full sweep ('b' dead), PostSweep */
	mark_termination(); /* C = 3, slot 0 */
	mProf_Free(b, 32);  /* slot 1 */
	ASSERT_CYCLE(active(a), 0, 0, 0, 0);
	mProf_PostSweep(); /* slot 1 */
	ASSERT_CYCLE(active(a), 1, 0, 32, 0);
	ASSERT_CYCLE(active(b), 1, 1, 32, 32);

	Bucket *d = mProf_Malloc(stk_p, 2, 16); /* after the GC: slot 2, not in its view */
	ASSERT_CYCLE(active(d), 0, 0, 0, 0);
	cr_assert_not(memprofile(d, false).found);

	mark_termination(); /* C = 4 republishes slot 1, which PostSweep emptied */
	ASSERT_CYCLE(active(a), 1, 0, 32, 0);
	ASSERT_CYCLE(active(b), 1, 1, 32, 32);
	ASSERT_CYCLE(active(d), 0, 0, 0, 0);
	mark_termination(); /* C = 5, slot 2 */
	ASSERT_CYCLE(active(d), 1, 0, 16, 0);
}

Test(mprof_cycle, three_cycles_of_interleaved_mallocs_and_frees)
{
	Bucket *p = NULL, *q = NULL;
	/* C = 0: 5 p, 1 q (slot 2) */
	for (int i = 0; i < 5; i++)
		p = mProf_Malloc(stk_p, 2, 32);
	q = mProf_Malloc(stk_q, 1, 48);

	mark_termination(); /* MT1: C = 1, slot 1 (empty) */
	for (int i = 0; i < 2; i++)
		mProf_Free(p, 32); /* 2 p dead at MT1: slot 2 */
	for (int i = 0; i < 3; i++)
		mProf_Malloc(stk_p, 2, 32); /* slot 0 */
	for (int i = 0; i < 2; i++)
		mProf_Malloc(stk_q, 1, 48);
	ASSERT_CYCLE(active(p), 0, 0, 0, 0);

	mark_termination(); /* MT2: C = 2, slot 2: as of MT1, 3 p and 1 q live */
	ASSERT_CYCLE(active(p), 5, 2, 160, 64);
	ASSERT_CYCLE(active(q), 1, 0, 48, 0);
	for (int i = 0; i < 4; i++)
		mProf_Free(p, 32); /* 4 p dead at MT2: slot 0 */
	mProf_Free(q, 48);
	mProf_Malloc(stk_p, 2, 32); /* slot 1 */
	mProf_Malloc(stk_p, 2, 32);

	mark_termination(); /* MT3: C = 3, slot 0: as of MT2, 8 - 6 p and 3 - 1 q live */
	ASSERT_CYCLE(active(p), 8, 6, 256, 192);
	ASSERT_CYCLE(active(q), 3, 1, 144, 48);
	mProf_Free(p, 32); /* dead at MT3: slot 1 */
	mProf_Free(q, 48);
	mProf_Free(q, 48);

	Seen s = memprofile(NULL, false);
	cr_assert_eq(s.n, 2);
	cr_assert_eq(s.order[0], q); /* newest bucket first */
	cr_assert_eq(s.order[1], p);
	ASSERT_CYCLE(active(p), 8, 6, 256, 192);

	mProf_PostSweep(); /* as of MT3: 10 - 7 p, 3 - 3 q */
	ASSERT_CYCLE(active(p), 10, 7, 320, 224);
	ASSERT_CYCLE(active(q), 3, 3, 144, 144);
	s = memprofile(NULL, false);
	cr_assert_eq(s.n, 1);
	cr_assert_eq(s.order[0], p);
	cr_assert_eq(memprofile(NULL, true).n, 2);
}

Test(mprof_cycle, cycle_wraps_at_a_multiple_of_three)
{
	const uint32_t wrap = 3u * (2u << 24);
	for (uint32_t i = 0; i < wrap - 1; i++)
		mProf_NextCycle();
	mProf_Flush();
	cr_assert_eq(mprof_cycle(), wrap - 1);
	Bucket *a = mProf_Malloc(stk_a, 3, 32); /* slot (wrap + 1) % 3 = 1 */
	cr_assert_eq(bucket_mp(a)->future[1].allocs, 1);
	mark_termination(); /* C = 0: slot 0 */
	cr_assert_eq(mprof_cycle(), 0);
	ASSERT_CYCLE(active(a), 0, 0, 0, 0);
	mark_termination(); /* C = 1: slot 1, the second mark termination after the malloc */
	ASSERT_CYCLE(active(a), 1, 0, 32, 0);
}

/* ---------------------------------------------------------------- buckets */

Test(mprof_bucket, same_stack_and_size_same_bucket)
{
	Bucket *a = mProf_Malloc(stk_a, 3, 32);
	cr_assert_eq(mProf_Malloc(stk_a, 3, 32), a);
	cr_assert_eq(mprof_stkbucket(MEM_PROFILE, 32, stk_a, 3, false), a);
	cr_assert_eq(a->size, 32);
	cr_assert_eq(a->nstk, 3);
	cr_assert_eq(memcmp(a->stk, stk_a, sizeof stk_a), 0);
	cr_assert_eq(bucket_mp(a)->future[2].allocs, 2);
}

Test(mprof_bucket, size_stack_and_type_are_part_of_the_key)
{
	Bucket *a = mProf_Malloc(stk_a, 3, 32);
	Bucket *a48 = mProf_Malloc(stk_a, 3, 48);
	Bucket *b = mProf_Malloc(stk_b, 3, 32);
	Bucket *prefix = mProf_Malloc(stk_a, 2, 32);
	cr_assert_neq(a, a48);
	cr_assert_neq(a, b);
	cr_assert_neq(a, prefix);
	cr_assert_null(mprof_stkbucket(BLOCK_PROFILE, 32, stk_a, 3, false));
	Bucket *blk = mprof_stkbucket(BLOCK_PROFILE, 32, stk_a, 3, true);
	cr_assert_neq(blk, a);
	cr_assert_eq(mprof_stkbucket(BLOCK_PROFILE, 32, stk_a, 3, true), blk);
	cr_assert_null(mprof_stkbucket(MEM_PROFILE, 64, stk_a, 3, false));
	/* per-type lists, newest first */
	cr_assert_eq(mprof_buckets(MEM_PROFILE), prefix);
	cr_assert_eq(prefix->allnext, b);
	cr_assert_eq(b->allnext, a48);
	cr_assert_eq(a48->allnext, a);
	cr_assert_null(a->allnext);
	cr_assert_eq(mprof_buckets(BLOCK_PROFILE), blk);
	cr_assert_null(mprof_buckets(MUTEX_PROFILE));
	cr_assert_eq(bucket_bp(blk)->count, 0.0);
}

Test(mprof_bucket, many_buckets_found_again_and_deep_stacks_cut)
{
	static Bucket *bs[5000];
	uintptr_t stk[2];
	for (uintptr_t i = 0; i < 5000; i++) {
		stk[0] = 0x1000 + i * 8;
		stk[1] = 0x77;
		bs[i] = mProf_Malloc(stk, 2, 16 + (i % 3) * 16);
	}
	for (uintptr_t i = 0; i < 5000; i++) {
		stk[0] = 0x1000 + i * 8;
		stk[1] = 0x77;
		cr_assert_eq(mprof_stkbucket(MEM_PROFILE, 16 + (i % 3) * 16, stk, 2, false), bs[i]);
	}
	cr_assert_gt(mprof_buckhash_sys(), BUCK_HASH_SIZE * sizeof(void *) + 5000 * sizeof(Bucket));

	uintptr_t deep1[70], deep2[70];
	for (int i = 0; i < 70; i++)
		deep1[i] = deep2[i] = 0x100 + (uintptr_t)i;
	deep2[69] = 1; /* differs past the 64 frames kept */
	Bucket *d = mProf_Malloc(deep1, 70, 32);
	cr_assert_eq(d->nstk, MPROF_MAX_STACK);
	cr_assert_eq(mProf_Malloc(deep2, 70, 32), d);
	cr_assert_eq(mprof_stkbucket(MEM_PROFILE, 32, deep1, 64, false), d);
}

/* ---------------------------------------------------------------- sampled objects */

Test(mprof_objects, empty_table)
{
	cr_assert_not(mprof_any_sampled(0x100000, 0x200000));
	cr_assert_not(mprof_object_freed(0x100000));
	cr_assert_eq(mprof_sampled_objects(), 0);
}

Test(mprof_objects, free_reports_to_the_bucket_once)
{
	warm_up(); /* C = 2: frees go to slot 0 */
	Bucket *a = mProf_Malloc(stk_a, 3, 48);
	uintptr_t a1 = 0x100000, a2 = 0x100030, a3 = 0x104000;
	mprof_record_object(a1, a, 48);
	mprof_record_object(a2, a, 48);
	mprof_record_object(a3, a, 48);
	cr_assert_eq(mprof_sampled_objects(), 3);
	cr_assert(mprof_any_sampled(0x100000, 0x102000));
	cr_assert(mprof_any_sampled(0x0fe000, 0x100001));
	cr_assert_not(mprof_any_sampled(0x0fe000, 0x100000)); /* hi is exclusive */
	cr_assert_not(mprof_any_sampled(0x102000, 0x104000));
	cr_assert(mprof_any_sampled(0x104000, 0x106000));

	cr_assert_not(mprof_object_freed(0x100010)); /* not sampled, same page */
	cr_assert(mprof_object_freed(a1));
	ASSERT_CYCLE(bucket_mp(a)->future[0], 0, 1, 0, 48);
	cr_assert(mprof_any_sampled(0x100000, 0x102000)); /* a2 is still there */
	cr_assert(mprof_object_freed(a2));
	cr_assert_not(mprof_any_sampled(0x100000, 0x102000));
	cr_assert_not(mprof_object_freed(a2));
	ASSERT_CYCLE(bucket_mp(a)->future[0], 0, 2, 0, 96);
	cr_assert_eq(mprof_sampled_objects(), 1);

	/* the slot can be sampled again once freed */
	mprof_record_object(a1, a, 48);
	cr_assert(mprof_any_sampled(0x100000, 0x102000));
	cr_assert_eq(mprof_sampled_objects(), 2);
}

Test(mprof_objects, many_objects_half_freed)
{
	const uintptr_t n = 100000, base = 0x10000000;
	Bucket *a = mProf_Malloc(stk_a, 3, 48); /* C = 0: frees to slot 1 */
	for (uintptr_t i = 0; i < n; i++)
		mprof_record_object(base + i * 48, a, 48);
	cr_assert_eq(mprof_sampled_objects(), n);
	for (uintptr_t i = 0; i < n; i += 2)
		cr_assert(mprof_object_freed(base + i * 48));
	cr_assert_eq(mprof_sampled_objects(), n / 2);
	ASSERT_CYCLE(bucket_mp(a)->future[1], 0, n / 2, 0, n / 2 * 48);
	for (uintptr_t i = 0; i < n; i++)
		cr_assert_eq(mprof_object_freed(base + i * 48), i % 2 == 1, "object %lu",
		             (unsigned long)i);
	cr_assert_eq(mprof_sampled_objects(), 0);
	cr_assert_not(mprof_any_sampled(base, base + n * 48));
	ASSERT_CYCLE(bucket_mp(a)->future[1], 0, n, 0, n * 48);
}

/* The Boehm backend's sweep: every sampled object its predicate calls dead is freed, once,
 * into the bucket it was sampled into; the live ones stay. Every third object of 48 bytes from
 * 0x20000000 plays a dead one. */
static bool third_alive(uintptr_t addr)
{
	return (addr - 0x20000000) / 48 % 3 != 0;
}

static bool none_alive(uintptr_t addr)
{
	(void)addr;
	return false;
}

Test(mprof_objects, free_unmarked_frees_exactly_the_dead)
{
	const uintptr_t n = 30000, base = 0x20000000;
	warm_up(); /* C = 2: frees go to slot 0 */
	Bucket *a = mProf_Malloc(stk_a, 3, 48);
	Bucket *b = mProf_Malloc(stk_b, 3, 96);
	for (uintptr_t i = 0; i < n; i++)
		mprof_record_object(base + i * 48, i % 2 ? b : a, i % 2 ? 96 : 48);
	mprof_free_unmarked(third_alive);
	/* dead: i % 3 == 0, of which even i (i % 6 == 0) were a's, odd (i % 6 == 3) b's */
	cr_assert_eq(mprof_sampled_objects(), n - n / 3);
	ASSERT_CYCLE(bucket_mp(a)->future[0], 0, n / 6, 0, n / 6 * 48);
	ASSERT_CYCLE(bucket_mp(b)->future[0], 0, n / 6, 0, n / 6 * 96);
	/* the same survivors again: nothing more is freed */
	mprof_free_unmarked(third_alive);
	cr_assert_eq(mprof_sampled_objects(), n - n / 3);
	ASSERT_CYCLE(bucket_mp(a)->future[0], 0, n / 6, 0, n / 6 * 48);
	cr_assert_not(mprof_object_freed(base));          /* i = 0: already freed */
	cr_assert(mprof_any_sampled(base + 48, base + 49)); /* i = 1: still sampled */
	/* nothing survives: the rest is freed, each object once */
	mprof_free_unmarked(none_alive);
	cr_assert_eq(mprof_sampled_objects(), 0);
	cr_assert_not(mprof_any_sampled(base, base + n * 48));
	ASSERT_CYCLE(bucket_mp(a)->future[0], 0, n / 2, 0, n / 2 * 48);
	ASSERT_CYCLE(bucket_mp(b)->future[0], 0, n / 2, 0, n / 2 * 96);
	mprof_free_unmarked(none_alive); /* an empty table */
	cr_assert_eq(mprof_sampled_objects(), 0);
}

/* ---------------------------------------------------------------- sampling */

Test(mprof_sample, mean_gap_is_the_rate)
{
	const int draws = 1000000;
	const double rate = 524288;
	double sum = 0;
	int below = 0;
	for (int i = 0; i < draws; i++) {
		int64_t g = mprof_next_sample_draw();
		cr_assert_geq(g, 1);
		cr_assert_lt(g, INT32_MAX);
		sum += (double)g;
		below += g < rate;
	}
	double mean = sum / draws;
	cr_assert(fabs(mean - rate) < 0.03 * rate, "mean gap %f", mean);
	/* exponential, not uniform: P(gap < mean) = 1 - 1/e */
	cr_assert(fabs((double)below / draws - (1 - exp(-1))) < 0.01, "below %d", below);
}

Test(mprof_sample, fastexprand_edges)
{
	cr_assert_eq(mprof_fastexprand(0), 0);
	double sum = 0;
	for (int i = 0; i < 100000; i++)
		sum += (double)mprof_fastexprand(0x10000000); /* clamped to 0x7000000 */
	cr_assert(fabs(sum / 100000 - 0x7000000) < 0.03 * 0x7000000);
	MemProfileRate = 0;
	cr_assert_eq(mprof_next_sample_draw(), INT64_MAX);
	MemProfileRate = 1;
	cr_assert_eq(mprof_next_sample_draw(), 0);
}

Test(mprof_sample, sampled_fraction_follows_the_rate)
{
	/* 16-byte allocations at rate 1024: a sample every gap + about half an allocation bytes */
	MemProfileRate = 1024;
	const int n = 1000000;
	int sampled = 0;
	for (int i = 0; i < n; i++)
		sampled += mprof_should_sample(16);
	double want = 16.0 * n / (1024 + 8);
	cr_assert(fabs(sampled - want) < 0.03 * want, "sampled %d, want %f", sampled, want);
}

Test(mprof_sample, rate_1_samples_every_allocation)
{
	MemProfileRate = 1;
	for (uintptr_t i = 0; i < 1000; i++)
		cr_assert(mprof_should_sample(16 + (i % 7) * 1024), "allocation %lu",
		          (unsigned long)i);
}

Test(mprof_sample, rate_0_samples_none)
{
	MemProfileRate = 0;
	for (int i = 0; i < 1000000; i++)
		cr_assert_not(mprof_should_sample(32768));
}

Test(mprof_sample, rate_change_takes_effect_at_the_next_allocation)
{
	/* default rate: the first gap is about 512 KiB; 11 small allocations are far below it */
	int sampled = 0;
	for (int i = 0; i < 11; i++)
		sampled += mprof_should_sample(16);
	cr_assert_eq(sampled, 0);
	MemProfileRate = 1; /* no waiting for the old countdown */
	for (int i = 0; i < 100; i++)
		cr_assert(mprof_should_sample(16));
	/* Go's profilealloc records the allocation that notices the change, then draws "never" */
	MemProfileRate = 0;
	cr_assert(mprof_should_sample(16));
	for (int i = 0; i < 100000; i++)
		cr_assert_not(mprof_should_sample(16));
	MemProfileRate = 1;
	cr_assert(mprof_should_sample(16));
	cr_assert(mprof_should_sample(16));
}
