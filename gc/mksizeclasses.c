/*
 * mksizeclasses.c - generates gc/sizeclasses.c, the allocator's size-class tables, with the
 * algorithm of Go's src/runtime/mksizeclasses.go (Go 1.22), so minirt's classes are Go's.
 *
 * It is a development tool, not part of the build. To regenerate the table, from the top of the
 * source tree:
 *
 *	cc -std=gnu11 -O2 -Wall -Wextra -I. -o /tmp/mksizeclasses gc/mksizeclasses.c
 *	/tmp/mksizeclasses gc/sizeclasses.c
 *
 * (without an argument it writes to standard output, which lets a check compare its output
 * with the committed file: /tmp/mksizeclasses | cmp - gc/sizeclasses.c).
 *
 * Why size classes: rounding every small request up to one of a few sizes lets a span (a run
 * of pages) hold objects of one size, found by index, with a bitmap of which are free. Two
 * kinds of memory are lost: the round-up (a 33-byte request takes a 48-byte object) and the
 * tail of each span that no whole object fits in. The rules below keep each near 12.5%.
 *
 * The algorithm, step by step:
 *   1. Candidate sizes run from 8 to MAX_SMALL_SIZE in steps of 'align'. Each time the size
 *      reaches a power of two the step grows: 16 from 32 bytes on (objects of 32 bytes and more
 *      are 16-byte aligned), size/8 from 128 on (so the round-up between neighbouring
 *      candidates is at most 12.5%), and 256 from 2048 on.
 *   2. For each candidate, the span is the fewest whole pages whose tail waste is at most 1/8
 *      of the span: exactly Go's test, 'spanbytes % size <= spanbytes / 8' in integers.
 *   3. If that span has the same number of pages and holds the same number of objects as the
 *      previous class's, the previous class simply grows to this size: a bigger object costs
 *      nothing there. Otherwise the candidate becomes a new class.
 *   4. Each class then grows to the largest multiple of LARGE_SIZE_DIV that still fits its
 *      number of objects in its span (8448 bytes, 6 objects in 7 pages, becomes 9472). This
 *      keeps the object count and so can only shrink the tail waste.
 *   5. For each class, the division magic m = floor((2^32 - 1) / size) + 1 is checked by brute
 *      force: (n * m) >> 32 must equal n / size for every n from 0 to the span's bytes.
 *   6. The lookup tables size_to_class8 and size_to_class128 map each step to the smallest
 *      class at least that big.
 *
 * What the 12.5% bound does and does not promise: step 2 bounds the tail waste of every span.
 * The round-up is bounded by step 1's steps only between candidates; steps 3 and 4 can widen
 * the gap below a class (a 8193-byte request takes 9472 bytes), and for tiny sizes alignment
 * dominates (a 1-byte object takes 8). The "max waste" column of the generated comment adds
 * both: the worst request for the class ((previous class size + 1) bytes) in every object, plus
 * the tail, over the span.
 *
 * Invariants (checked before anything is written; on failure nothing is written, exit 1):
 *   - There are exactly NUM_SIZE_CLASSES classes (class 0 included) and the last one is
 *     MAX_SMALL_SIZE bytes; sizes strictly increase and are multiples of 8, and of
 *     LARGE_SIZE_DIV above SMALL_SIZE_MAX (the lookup tables rely on it).
 *   - Every span's tail waste is at most 1/8 of it; no span holds more than MAX_OBJS_PER_SPAN.
 *   - Every division magic is exact over its span.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "gc/sizeclasses.h"

typedef struct {
	int size;   /* object size in bytes */
	int npages; /* pages per span */
} Class;

/* Room for every candidate, to catch a change of algorithm that adds classes. */
#define MAX_CANDIDATES (MAX_SMALL_SIZE / 8 + 1)

static Class classes[MAX_CANDIDATES];
static int nclasses;

static bool power_of_two(int x)
{
	return x != 0 && (x & (x - 1)) == 0;
}

static void fail(const char *what, int sizeclass)
{
	fprintf(stderr, "mksizeclasses: class %d: %s\n", sizeclass, what);
	exit(1);
}

/* Steps 1 to 4 of the algorithm. */
static void make_classes(void)
{
	classes[0] = (Class){0, 0}; /* class 0 stands for large objects */
	nclasses = 1;

	int align = 8;
	for (int size = align; size <= MAX_SMALL_SIZE; size += align) {
		if (power_of_two(size)) {
			if (size >= 2048)
				align = 256;
			else if (size >= 128)
				align = size / 8;
			else if (size >= 32)
				align = 16;
		}
		if (!power_of_two(align))
			fail("alignment is not a power of two", nclasses);

		int spanbytes = PAGE_SIZE;
		while (spanbytes % size > spanbytes / 8)
			spanbytes += PAGE_SIZE;
		int npages = spanbytes / PAGE_SIZE;

		Class *prev = &classes[nclasses - 1];
		if (nclasses > 1 && npages == prev->npages &&
		    spanbytes / size == spanbytes / prev->size) {
			prev->size = size;
			continue;
		}
		if (nclasses == MAX_CANDIDATES)
			fail("too many classes", nclasses);
		classes[nclasses++] = (Class){size, npages};
	}

	for (int i = 1; i < nclasses; i++) {
		Class *c = &classes[i];
		int spanbytes = c->npages * PAGE_SIZE;
		int grown = (spanbytes / (spanbytes / c->size)) & ~(LARGE_SIZE_DIV - 1);
		if (grown > c->size)
			c->size = grown;
	}
}

static uint32_t divmagic(int size)
{
	return size == 0 ? 0 : UINT32_MAX / (uint32_t)size + 1;
}

/* The invariants listed at the top, and step 5. */
static void check_classes(void)
{
	if (nclasses != NUM_SIZE_CLASSES)
		fail("number of size classes differs from NUM_SIZE_CLASSES", nclasses);
	if (classes[nclasses - 1].size != MAX_SMALL_SIZE)
		fail("last class is not MAX_SMALL_SIZE", nclasses - 1);
	for (int i = 1; i < nclasses; i++) {
		Class c = classes[i];
		int spanbytes = c.npages * PAGE_SIZE;
		if (c.size <= classes[i - 1].size)
			fail("sizes do not increase", i);
		if (c.size % 8 != 0 || (c.size > SMALL_SIZE_MAX && c.size % LARGE_SIZE_DIV != 0))
			fail("size breaks the lookup tables' alignment", i);
		if (c.npages > UINT8_MAX || c.size > UINT16_MAX)
			fail("does not fit the table's element type", i);
		if (spanbytes % c.size > spanbytes / 8)
			fail("tail waste above 1/8 of the span", i);
		if (spanbytes / c.size > MAX_OBJS_PER_SPAN)
			fail("more objects than MAX_OBJS_PER_SPAN", i);
		uint64_t m = divmagic(c.size);
		for (uint64_t n = 0; n <= (uint64_t)spanbytes; n++)
			if ((n * m) >> 32 != n / (uint64_t)c.size)
				fail("division magic is not exact", i);
	}
}

/* Step 6: the smallest class whose size is at least 'size'. */
static int class_of(int size)
{
	for (int i = 0; i < nclasses; i++)
		if (classes[i].size >= size)
			return i;
	fail("no class holds the size", size);
	return 0;
}

static void print_comment(FILE *w)
{
	fprintf(w, " * class  bytes/obj  bytes/span  objects  tail waste  max waste  min align\n");
	int prev = 0;
	for (int i = 1; i < nclasses; i++) {
		Class c = classes[i];
		int spanbytes = c.npages * PAGE_SIZE;
		int objects = spanbytes / c.size;
		int tail = spanbytes - objects * c.size;
		double maxwaste = (double)((c.size - prev - 1) * objects + tail) / spanbytes;
		int align = c.size & -c.size;
		if (align > PAGE_SIZE)
			align = PAGE_SIZE; /* objects are at most page aligned */
		fprintf(w, " * %5d  %9d  %10d  %7d  %10d  %8.2f%%  %9d\n", i, c.size, spanbytes,
		        objects, tail, 100 * maxwaste, align);
		prev = c.size;
	}
}

/*
 * One array of numbers, right-aligned in columns as wide as the widest, as many per line as fit
 * in 100 columns after a tab.
 */
static void print_array(FILE *w, const char *decl, const int *v, int n)
{
	int width = 1;
	for (int i = 0; i < n; i++) {
		int d = snprintf(NULL, 0, "%d", v[i]);
		if (d > width)
			width = d;
	}
	int perline = (100 - 8) / (width + 2);
	fprintf(w, "\n%s = {\n", decl);
	for (int i = 0; i < n; i++) {
		bool first = i % perline == 0, last = i % perline == perline - 1 || i == n - 1;
		fprintf(w, first ? "\t%*d," : " %*d,", width, v[i]);
		if (last)
			fputc('\n', w);
	}
	fputs("};\n", w);
}

static void print_tables(FILE *w)
{
	static int v[MAX_CANDIDATES];

	for (int i = 0; i < nclasses; i++)
		v[i] = classes[i].size;
	print_array(w, "const uint16_t class_to_size[NUM_SIZE_CLASSES]", v, nclasses);
	for (int i = 0; i < nclasses; i++)
		v[i] = classes[i].npages;
	print_array(w, "const uint8_t class_to_allocnpages[NUM_SIZE_CLASSES]", v, nclasses);

	fprintf(w, "\nconst uint32_t class_to_divmagic[NUM_SIZE_CLASSES] = {\n\t0,\n");
	for (int i = 1; i < nclasses; i++)
		fprintf(w, "\tUINT32_MAX / %d + 1,\n", classes[i].size);
	fputs("};\n", w);

	int n8 = SMALL_SIZE_MAX / SMALL_SIZE_DIV + 1;
	for (int i = 0; i < n8; i++)
		v[i] = class_of(i * SMALL_SIZE_DIV);
	print_array(w, "const uint8_t size_to_class8[SMALL_SIZE_MAX / SMALL_SIZE_DIV + 1]", v, n8);

	int n128 = (MAX_SMALL_SIZE - SMALL_SIZE_MAX) / LARGE_SIZE_DIV + 1;
	for (int i = 0; i < n128; i++)
		v[i] = class_of(SMALL_SIZE_MAX + i * LARGE_SIZE_DIV);
	print_array(w,
	            "const uint8_t size_to_class128"
	            "[(MAX_SMALL_SIZE - SMALL_SIZE_MAX) / LARGE_SIZE_DIV + 1]",
	            v, n128);
}

static const char essay[] =
        "/*\n"
        " * sizeclasses.c - the allocator's size classes (Go 1.22's sizeclasses.go): object size\n"
        " * and span pages per class, division magic, and the size -> class lookup tables that\n"
        " * gc/sizeclasses.h declares and explains.\n"
        " *\n"
        " * gc/mksizeclasses.c computes these tables with Go's algorithm; its top comment has the\n"
        " * algorithm step by step and the command that regenerates this file.\n"
        " *\n"
        " * Invariants (the generator checks them before writing this file):\n"
        " *   - The waste bound: in every span the tail that no whole object fits in is at most\n"
        " *     1/8 of the span ('tail waste' below). The round-up of a request to its class is\n"
        " *     not bounded by it; 'max waste' is the worst case of both, over the span.\n"
        " *   - Sizes strictly increase, are multiples of 8 (of 128 above 1024), end at 32768.\n"
        " *   - size_to_class8[i] is the smallest class of at least i * 8 bytes,\n"
        " *     size_to_class128[i] the smallest of at least 1024 + i * 128 bytes.\n"
        " *\n";

int main(int argc, char **argv)
{
	if (argc > 2) {
		fprintf(stderr, "usage: mksizeclasses [gc/sizeclasses.c]\n");
		return 2;
	}
	make_classes();
	check_classes();

	FILE *w = argc == 2 ? fopen(argv[1], "w") : stdout;
	if (!w) {
		perror(argv[1]);
		return 1;
	}
	fputs("/* generated by gc/mksizeclasses.c; do not edit */\n", w);
	fputs(essay, w);
	print_comment(w);
	fputs(" */\n#include \"sizeclasses.h\"\n\n/* clang-format off */\n", w);
	print_tables(w);
	fputs("/* clang-format on */\n", w);
	if (fflush(w) != 0 || ferror(w) || (w != stdout && fclose(w) != 0)) {
		perror("mksizeclasses");
		return 1;
	}
	return 0;
}
