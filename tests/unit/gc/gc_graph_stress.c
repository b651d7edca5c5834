/*
 * gc_graph_stress.c - the scenario of graph_stress.h as a plain program, for the
 * ThreadSanitizer build (.ci/run): gc_graph_stress [CYCLES]. Exits 0 when every cycle passed
 * its checks, 1 with a message otherwise (a checkmark failure ends the process with status 2).
 */
#include "graph_stress.h"

int main(int argc, char **argv)
{
	uint32_t cycles = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 200;
	long live = 0;
	uint64_t overlap = 0;
	const char *why = gs_run(cycles, 0x2545f4914f6cdd1dull, &live, &overlap);
	if (why) {
		fprintf(stderr, "gc_graph_stress: %s\n", why);
		return 1;
	}
	printf("gc_graph_stress: %u cycles, %llu mutations while marking, %ld nodes live at the end\n",
	       cycles, (unsigned long long)overlap, live);
	return 0;
}
