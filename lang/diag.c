/*
 * diag.c - collect, sort and print compile errors. See diag.h.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define MAX_SHOWN 10

typedef struct Diag {
	const char *file;
	Pos pos;
	char *msg;
	int seq;
} Diag;

static Diag *diags;
static int ndiags, cap;

void diag_error(const char *file, Pos pos, const char *fmt, ...)
{
	for (int i = 0; i < ndiags; i++)
		if (diags[i].pos.line == pos.line && diags[i].file == file)
			return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *msg = arena_alloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	Diag d = {file, pos, msg, ndiags};
	VEC_PUSH(diags, ndiags, cap, d);
}

int diag_count(void)
{
	return ndiags;
}

bool diag_too_many(void)
{
	return ndiags >= MAX_SHOWN;
}

static int cmp(const void *a, const void *b)
{
	const Diag *x = a, *y = b;
	if (x->pos.line != y->pos.line)
		return x->pos.line < y->pos.line ? -1 : 1;
	if (x->pos.col != y->pos.col)
		return x->pos.col < y->pos.col ? -1 : 1;
	return x->seq - y->seq;
}

void diag_flush(void)
{
	qsort(diags, (size_t)ndiags, sizeof *diags, cmp);
	for (int i = 0; i < ndiags && i < MAX_SHOWN; i++)
		fprintf(stderr, "%s:%d:%d: %s\n", diags[i].file, diags[i].pos.line,
		        diags[i].pos.col, diags[i].msg);
	if (ndiags >= MAX_SHOWN)
		fprintf(stderr, "too many errors\n");
	fflush(stderr);
}

void diag_reset(void)
{
	ndiags = 0;
}
