/*
 * test_mgc_concurrent.c - marking on the background worker's thread while the program's thread
 * mutates a large random graph (the scenario and its checks are in graph_stress.h): 200 cycles
 * with checkmark verifying each one, and every reachable node intact after each. The same
 * scenario runs under ThreadSanitizer as the program gc_graph_stress (.ci/run).
 */
#include <criterion/criterion.h>

#include "graph_stress.h"

Test(mgc_concurrent, random_graph_mutated_while_the_worker_marks, .timeout = 300)
{
	long live = 0;
	uint64_t overlap = 0;
	const char *why = gs_run(200, 0x2545f4914f6cdd1dull, &live, &overlap);
	cr_assert_null(why, "%s", why);
	/* the scenario only proves something if the program really ran while the worker marked */
	cr_assert_gt(overlap, 200 * 1000, "only %llu mutations during marking",
	             (unsigned long long)overlap);
	cr_assert_gt(live, 1000, "the graph withered to %ld nodes", live);
}
