/*
 * test_sizeclasses.c - gc/sizeclasses.c and gc/sizeclasses.h: Go's size classes.
 *
 * The expected classes are Go's own: go_class_to_size and go_class_to_allocnpages below are
 * copied from class_to_size and class_to_allocnpages in Go's src/runtime/sizeclasses.go (the
 * same in Go 1.19 and Go 1.22), so a generator that drifts from Go's algorithm fails here. The
 * lookup tables are checked exhaustively against a linear search of Go's sizes, and the waste
 * bound is re-derived from Go's rule in mksizeclasses.go: a span's tail waste,
 * spanbytes % size, is at most spanbytes / 8 (integer division).
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "gc/sizeclasses.h"

static const int go_class_to_size[68] = {
        0,     8,     16,    24,    32,    48,    64,    80,    96,    112,   128,   144,
        160,   176,   192,   208,   224,   240,   256,   288,   320,   352,   384,   416,
        448,   480,   512,   576,   640,   704,   768,   896,   1024,  1152,  1280,  1408,
        1536,  1792,  2048,  2304,  2688,  3072,  3200,  3456,  4096,  4864,  5376,  6144,
        6528,  6784,  6912,  8192,  9472,  9728,  10240, 10880, 12288, 13568, 14336, 16384,
        18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768,
};

static const int go_class_to_allocnpages[68] = {
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 2, 1, 2, 1, 3, 2,  3, 1, 3,
        2, 3, 4, 5, 6, 1, 7, 6, 5, 4, 3, 5, 7, 2, 9, 7, 5, 8, 3, 10, 7, 4,
};

/* The smallest of Go's classes whose size is at least 'size', by linear search. */
static int go_class_of(int size)
{
	for (int c = 0; c < 68; c++)
		if (go_class_to_size[c] >= size)
			return c;
	return -1;
}

Test(sizeclasses, constants)
{
	cr_assert_eq(NUM_SIZE_CLASSES, 68);
	cr_assert_eq(MAX_SMALL_SIZE, 32 * 1024);
	cr_assert_eq(PAGE_SHIFT, 13);
	cr_assert_eq(PAGE_SIZE, 8192);
	cr_assert_eq(sizeof class_to_size / sizeof class_to_size[0], 68);
	cr_assert_eq(sizeof size_to_class8 / sizeof size_to_class8[0], 1024 / 8 + 1);
	cr_assert_eq(sizeof size_to_class128 / sizeof size_to_class128[0],
	             (32768 - 1024) / 128 + 1);
}

Test(sizeclasses, table_is_gos)
{
	for (int c = 0; c < NUM_SIZE_CLASSES; c++) {
		cr_expect_eq(class_to_size[c], go_class_to_size[c], "class %d size", c);
		cr_expect_eq(class_to_allocnpages[c], go_class_to_allocnpages[c], "class %d pages",
		             c);
	}
}

Test(sizeclasses, sizes_increase_and_align)
{
	cr_assert_eq(class_to_size[0], 0);
	cr_assert_eq(class_to_allocnpages[0], 0);
	cr_assert_eq(class_to_size[NUM_SIZE_CLASSES - 1], 32768);
	for (int c = 1; c < NUM_SIZE_CLASSES; c++) {
		int size = class_to_size[c];
		cr_expect_gt(size, class_to_size[c - 1], "class %d", c);
		cr_expect_eq(size % 8, 0, "class %d: %d", c, size);
		/* Go aligns objects of 32 bytes and more to 16 (24 is the only odd multiple of 8). */
		if (size >= 32)
			cr_expect_eq(size % 16, 0, "class %d: %d", c, size);
		/* size_to_class128 needs class boundaries on its 128-byte steps above 1024. */
		if (size > 1024)
			cr_expect_eq(size % 128, 0, "class %d: %d", c, size);
	}
}

/* Go's waste rule: the tail of a span that no whole object fits in is at most 1/8 of it. */
Test(sizeclasses, tail_waste_at_most_one_eighth)
{
	for (int c = 1; c < NUM_SIZE_CLASSES; c++) {
		int spanbytes = class_to_allocnpages[c] * 8192;
		int tail = spanbytes % class_to_size[c];
		cr_expect_leq(tail, spanbytes / 8, "class %d: tail %d of %d", c, tail, spanbytes);
		cr_expect_leq(spanbytes / class_to_size[c], MAX_OBJS_PER_SPAN, "class %d", c);
	}
	cr_expect_eq(8192 / class_to_size[1], MAX_OBJS_PER_SPAN);
}

/*
 * The round-up is not part of that bound: class 45 (4864 bytes, 5 objects in 3 pages, 256
 * bytes of tail) holds requests from 4097 bytes, so the worst case wastes
 * (767 * 5 + 256) / 24576 = 16.65% of the span, the "max waste" Go's table lists for it.
 */
Test(sizeclasses, total_waste_can_exceed_one_eighth)
{
	int c = size_to_class(4097);
	cr_assert_eq(c, 45);
	int spanbytes = class_to_allocnpages[c] * 8192;
	int objects = spanbytes / class_to_size[c];
	int worst = (class_to_size[c] - class_to_size[c - 1] - 1) * objects +
	            spanbytes % class_to_size[c];
	cr_assert_eq(spanbytes, 24576);
	cr_assert_eq(objects, 5);
	cr_assert_eq(worst, 4091);
	cr_assert_gt(worst * 8, spanbytes);
}

Test(sizeclasses, size_to_class_every_small_size)
{
	cr_assert_eq(size_to_class(0), 0);
	for (int size = 1; size <= MAX_SMALL_SIZE; size++) {
		int c = size_to_class((size_t)size);
		if (c != go_class_of(size))
			cr_assert_fail("size %d: class %d, want %d", size, c, go_class_of(size));
	}
}

struct spot {
	int size;      /* a request in bytes */
	int sizeclass; /* its class in Go's table */
	int rounded;   /* the class's size */
};

ParameterizedTestParameters(sizeclasses, spot_values)
{
	static struct spot spots[] = {
	        {1, 1, 8},          {8, 1, 8},          {9, 2, 16},         {16, 2, 16},
	        {17, 3, 24},        {33, 5, 48},        {48, 5, 48},        {80, 7, 80},
	        {1016, 32, 1024},   {1017, 32, 1024},   {1024, 32, 1024},   {1025, 33, 1152},
	        {1152, 33, 1152},   {6656, 49, 6784},   {8192, 51, 8192},   {8193, 52, 9472},
	        {9472, 52, 9472},   {27264, 65, 27264}, {27265, 66, 28672}, {32767, 67, 32768},
	        {32768, 67, 32768},
	};
	return cr_make_param_array(struct spot, spots, sizeof spots / sizeof spots[0]);
}

ParameterizedTest(struct spot *s, sizeclasses, spot_values)
{
	cr_expect_eq(size_to_class((size_t)s->size), s->sizeclass, "size %d", s->size);
	cr_expect_eq(class_to_size[s->sizeclass], s->rounded, "size %d", s->size);
	cr_expect_eq(roundupsize_class((uint64_t)s->size), (uint64_t)s->rounded, "size %d",
	             s->size);
}

Test(sizeclasses, named_classes)
{
	cr_expect_eq(class_to_size[1], 8);
	cr_expect_eq(class_to_size[2], 16);
	cr_expect_eq(class_to_size[67], 32768);
	cr_expect_eq(class_to_allocnpages[67], 4);
	/* 9472 bytes: 6 objects in 7 pages, grown from 8448 as Go's generator does. */
	cr_expect_eq(class_to_size[52], 9472);
	cr_expect_eq(class_to_allocnpages[52], 7);
	/* 27264 bytes: 3 objects in 10 pages, the longest span. */
	cr_expect_eq(class_to_allocnpages[65], 10);
}

Test(sizeclasses, roundupsize_class_large)
{
	cr_expect_eq(roundupsize_class(0), 0);
	cr_expect_eq(roundupsize_class(32769), 40960);
	cr_expect_eq(roundupsize_class(40960), 40960);
	cr_expect_eq(roundupsize_class(1000000), 1007616); /* 123 pages */
	cr_expect_eq(roundupsize_class(UINT64_MAX - 100), UINT64_MAX - 100);
}

/* The multiply-and-shift that replaces division finds each object's index in its span. */
Test(sizeclasses, divmagic_exact_over_span)
{
	for (int c = 1; c < NUM_SIZE_CLASSES; c++) {
		uint32_t size = class_to_size[c];
		cr_expect_eq(class_to_divmagic[c], (uint32_t)(0xffffffffu / size + 1), "class %d",
		             c);
		uint32_t spanbytes = class_to_allocnpages[c] * 8192u;
		for (uint32_t n = 0; n <= spanbytes; n++)
			if (class_objindex((uint8_t)c, n) != n / size)
				cr_assert_fail("class %d offset %u: %u, want %u", c, n,
				               class_objindex((uint8_t)c, n), n / size);
	}
}
