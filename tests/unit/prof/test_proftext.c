/*
 * test_proftext.c - lang/std/proftext.c: the '@' word list and Go's printStackRecord lines with
 * text/tabwriter's alignment (minwidth 1, tabwidth 8, padding 1, padded with tabs).
 *
 * Frames are hand-made Protos placed at fixed addresses, so the stack words - Proto address |
 * line << 47 (lang/vm.c) - and with them the width of every cell are known in advance:
 * base 0x500000000000, one Proto per 4 KiB page. The expected tab runs are worked out from
 * tabwriter's rule: a column is as wide as its widest cell plus one, rounded up to a multiple
 * of 8, and each cell is followed by ceil((column width - cell width) / 8) tabs.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "lang/std/fmt.h"
#include "lang/std/proftext.h"
#include "lang/vm.h"

#define BASE 0x500000000000ul

static Proto *P[5];

static void setup(void)
{
	void *m = mmap((void *)BASE, 5 * 4096, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	cr_assert(m == (void *)BASE, "cannot map the fixed test page");
	static const struct {
		const char *name, *file;
		int line;
	} fns[5] = {
	        {"runtime.newobject", "/rt/malloc.go", 1},
	        {"main.a", "t.go", 10},
	        {"main.main", "t.go", 20},
	        {"main.(*LongReceiverName).method", "t.go", 30},
	        {"runtime.main", "/rt/proc.go", 200},
	};
	for (int i = 0; i < 5; i++) {
		P[i] = (Proto *)(BASE + (uintptr_t)i * 4096);
		P[i]->name = fns[i].name;
		P[i]->file = fns[i].file;
		P[i]->line = fns[i].line;
	}
}

static uintptr_t word(int i, int line)
{
	return (uintptr_t)P[i] | (uintptr_t)line << 47;
}

static char *text_of(const uintptr_t *stk, size_t n, bool all)
{
	FmtBuf b = {0};
	proftext_stack_record(&b, stk, n, all);
	fmtbuf_putc(&b, 0);
	return b.p;
}

TestSuite(proftext, .init = setup);

Test(proftext, words_after_at)
{
	uintptr_t stk[] = {word(0, 3), word(1, 12)};
	FmtBuf b = {0};
	proftext_pcs(&b, stk, 2);
	fmtbuf_putc(&b, 0);
	/* 3 << 47 = 0x1800000000000, 12 << 47 = 0x6000000000000, plus the Protos' addresses */
	cr_assert_str_eq(b.p, " 0x1d00000000000 0x6500000001000");
	fmtbuf_free(&b);
}

Test(proftext, leading_runtime_frames_hidden_later_ones_kept)
{
	uintptr_t stk[] = {word(0, 3), word(1, 12), word(2, 25), word(4, 250)};
	char *t = text_of(stk, 4, false);
	/* pc cells 15, 15 and 16 wide (250 << 47 adds a digit) -> column 17 -> 24: 2, 2, 1 tabs.
	 * Names "main.a+0x2" (10), "main.main+0x5" (13), "runtime.main+0x32" (17) -> 18 -> 24:
	 * 2, 2 and 1 tabs. */
	cr_assert_str_eq(t, "#\t0x6500000001000\t\tmain.a+0x2\t\tt.go:12\n"
	                    "#\t0xcd00000002000\t\tmain.main+0x5\t\tt.go:25\n"
	                    "#\t0x7d500000004000\truntime.main+0x32\t/rt/proc.go:250\n"
	                    "\n");
	free(t);
}

Test(proftext, long_names_widen_the_column)
{
	uintptr_t stk[] = {word(3, 30), word(1, 12)};
	char *t = text_of(stk, 2, false);
	/* "main.(*LongReceiverName).method+0x0" is 35 wide -> 36 -> 40: 1 tab after it and
	 * (40 - 10) / 8 rounded up = 4 after "main.a+0x2" */
	cr_assert_str_eq(t, "#\t0xf500000003000\tmain.(*LongReceiverName).method+0x0\tt.go:30\n"
	                    "#\t0x6500000001000\tmain.a+0x2\t\t\t\tt.go:12\n"
	                    "\n");
	free(t);
}

Test(proftext, only_runtime_frames_are_printed_all)
{
	uintptr_t stk[] = {word(0, 3), word(4, 201)};
	char *t = text_of(stk, 2, false);
	/* hidden, then printed again with all frames: pc cells 15 and 16 -> 17 -> 24 (2 and 1
	 * tabs); names 21 and 16 wide -> 22 -> 24 (1 tab each) */
	cr_assert_str_eq(t, "#\t0x1d00000000000\t\truntime.newobject+0x2\t/rt/malloc.go:3\n"
	                    "#\t0x64d00000004000\truntime.main+0x1\t/rt/proc.go:201\n"
	                    "\n");
	free(t);
}

Test(proftext, all_frames_keeps_runtime)
{
	uintptr_t stk[] = {word(0, 3), word(1, 12)};
	char *t = text_of(stk, 2, true);
	/* pc cells 15 -> 16: 1 tab; "runtime.newobject+0x2" 21 -> 22 -> 24: 1 tab, and
	 * "main.a+0x2" (24 - 10) / 8 rounded up = 2 */
	cr_assert_str_eq(t, "#\t0x1d00000000000\truntime.newobject+0x2\t/rt/malloc.go:3\n"
	                    "#\t0x6500000001000\tmain.a+0x2\t\tt.go:12\n"
	                    "\n");
	free(t);
}

Test(proftext, empty_stack_is_the_zero_frame)
{
	char *t = text_of(NULL, 0, false);
	cr_assert_str_eq(t, "#\t0x0\n\n");
	free(t);
}
