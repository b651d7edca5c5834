/*
 * proftext.c - Go's legacy text profile pieces (proftext.h): '@' word lists, printStackRecord's
 * "#" frame lines, and the column alignment of Go's text/tabwriter as runtime/pprof configures
 * it (minwidth 1, tabwidth 8, padding 1, padchar '\t', no flags).
 *
 * Alignment, as tabwriter computes it: a line is a list of cells, each ended by a tab except the
 * last. A column block is a run of consecutive lines that all have a tab-ended cell in that
 * column; its width is the widest such cell plus the padding, at least minwidth. Because the
 * padding character is a tab, a cell is followed by as many tabs as it takes to reach the next
 * multiple of 8 at or past the column's width. Blocks nest: within a block of column j, the
 * lines are split again into blocks of column j + 1 (the recursion in format below). Every line
 * outside a record's "#" lines has no tab, which ends every block, so formatting one record's
 * lines at a time gives the same text as running the whole profile through one tabwriter.
 */
#include "proftext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../native.h"
#include "../types.h"
#include "../vm.h"

enum { TAB_WIDTH = 8, TAB_PADDING = 1, TAB_MINWIDTH = 1, MAX_CELLS = 4 };

/* One "#" line: up to four cells; the last is not tab-ended. */
typedef struct TextLine {
	int ncells;
	char cell[MAX_CELLS][512];
} TextLine;

static void put_word(FmtBuf *b, uintptr_t w)
{
	char tmp[24];
	/* Go's %#x: "0x" even for zero */
	int n = snprintf(tmp, sizeof tmp, "0x%lx", (unsigned long)w);
	fmtbuf_write(b, tmp, (size_t)n);
}

void proftext_pcs(FmtBuf *b, const uintptr_t *stk, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		fmtbuf_putc(b, ' ');
		put_word(b, stk[i]);
	}
}

/* Width of a cell in runes, as tabwriter counts it. */
static int cell_width(const char *s)
{
	int w = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

static void write_lines(FmtBuf *b, const TextLine *lines, int from, int to, const int *widths,
                        int nwidths)
{
	for (int i = from; i < to; i++) {
		const TextLine *l = &lines[i];
		for (int j = 0; j < l->ncells; j++) {
			fmtbuf_puts(b, l->cell[j]);
			if (j == l->ncells - 1)
				break;
			if (j < nwidths) {
				int textw = cell_width(l->cell[j]);
				int cellw = (widths[j] + TAB_WIDTH - 1) / TAB_WIDTH * TAB_WIDTH;
				int tabs = (cellw - textw + TAB_WIDTH - 1) / TAB_WIDTH;
				for (int t = 0; t < tabs; t++)
					fmtbuf_putc(b, '\t');
			} else {
				fmtbuf_putc(b, '\t');
			}
		}
		fmtbuf_putc(b, '\n');
	}
}

/* tabwriter's format: lines [from, to) with the widths of the columns left of 'nwidths' known. */
static void format(FmtBuf *b, const TextLine *lines, int from, int to, int *widths, int nwidths)
{
	int column = nwidths;
	int line0 = from;
	for (int this = from; this < to; this++) {
		if (column >= lines[this].ncells - 1)
			continue;
		write_lines(b, lines, line0, this, widths, nwidths);
		line0 = this;
		int width = TAB_MINWIDTH;
		for (; this < to && column < lines[this].ncells - 1; this++) {
			int w = cell_width(lines[this].cell[column]) + TAB_PADDING;
			if (w > width)
				width = w;
		}
		widths[nwidths] = width;
		format(b, lines, line0, this, widths, nwidths + 1);
		line0 = this; /* the line that ended the block has no cell here: skipping it is right */
	}
	write_lines(b, lines, line0, to, widths, nwidths);
}

void proftext_stack_record(FmtBuf *b, const uintptr_t *stk, size_t n, bool all_frames)
{
	if (n == 0) { /* Go's frame iterator yields one zero Frame: no function, PC 0 */
		fmtbuf_puts(b, "#\t0x0\n\n");
		return;
	}
	TextLine *lines = calloc(n ? n : 1, sizeof *lines);
	if (!lines)
		return;
	int nlines = 0;
	bool show = all_frames;
	for (size_t i = 0; i < n; i++) {
		const Proto *fn;
		int line;
		vm_stack_word_frame(stk[i], &fn, &line);
		TextLine *l = &lines[nlines];
		if (!fn) {
			show = true;
			l->ncells = 2;
			snprintf(l->cell[0], sizeof l->cell[0], "#");
			snprintf(l->cell[1], sizeof l->cell[1], "0x%lx", (unsigned long)stk[i]);
			nlines++;
			continue;
		}
		if (strcmp(fn->name, "runtime.goexit") == 0)
			continue;
		if (!show && strncmp(fn->name, "runtime.", 8) == 0)
			continue;
		show = true;
		int off = line - fn->line;
		if (off < 0)
			off = 0;
		l->ncells = 4;
		snprintf(l->cell[0], sizeof l->cell[0], "#");
		snprintf(l->cell[1], sizeof l->cell[1], "0x%lx", (unsigned long)stk[i]);
		snprintf(l->cell[2], sizeof l->cell[2], "%s+0x%x", fn->name, off);
		snprintf(l->cell[3], sizeof l->cell[3], "%s:%d", fn->file, line);
		nlines++;
	}
	if (!show) {
		free(lines);
		proftext_stack_record(b, stk, n, true);
		return;
	}
	int widths[MAX_CELLS];
	format(b, lines, 0, nlines, widths, 0);
	fmtbuf_putc(b, '\n');
	free(lines);
}

void proftext_return_bytes(FmtBuf *b, Slot *res)
{
	Slice s = rt_slice_make(t_uint8, (int64_t)b->len, (int64_t)b->len);
	if (b->len)
		memcpy(s.ptr, b->p, b->len);
	fmtbuf_free(b);
	res[0] = (Slot)(uintptr_t)s.ptr;
	res[1] = (Slot)s.len;
	res[2] = (Slot)s.cap;
}
