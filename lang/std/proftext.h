/*
 * proftext.h - the pieces of Go's legacy text profiles (runtime/pprof with debug=1) that every
 * profile shares: the list of stack words after '@', and Go's printStackRecord frame lines
 * ("#\t0x<pc>\t<function>+0x<offset>\t<file>:<line>") aligned as Go's text/tabwriter aligns
 * them (minwidth 1, tabwidth 8, padding 1, padded with tabs).
 *
 * minirt has no machine PCs: a frame is a profile stack word (lang/vm.h), printed where Go
 * prints a PC, and the offset after '+' is the frame's line minus the function's first line.
 * Equal words are equal frames, so the text groups as Go's does.
 */
#ifndef MINIRT_LANG_STD_PROFTEXT_H
#define MINIRT_LANG_STD_PROFTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../runtime/value.h"
#include "fmt.h"

/* Appends " 0x<w1> 0x<w2> ..." for the n words of stk. */
void proftext_pcs(FmtBuf *b, const uintptr_t *stk, size_t n);

/*
 * Go's printStackRecord: one "#" line per frame, innermost first, then an empty line. Unless
 * all_frames, frames of package runtime before the first other frame are hidden, and when
 * that hides everything the record is printed again with all frames. An empty stack prints
 * "#\t0x0", Go's line for the zero frame.
 */
void proftext_stack_record(FmtBuf *b, const uintptr_t *stk, size_t n, bool all_frames);

/* The buffer's bytes as a new []byte stored in res[0..2] (pointer, len, cap); frees b. */
void proftext_return_bytes(FmtBuf *b, Slot *res);

#endif
