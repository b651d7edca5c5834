/*
 * pprof.h - builds profiles in pprof's format (prof/profile.proto) and writes them gzip-compressed,
 * the way Go's runtime/pprof profileBuilder (proto.go) does. The builder knows nothing about where
 * samples come from: the heap, block and mutex profilers hand it call stacks and values.
 *
 * Use: pprof_new(); declare the period type and the sample types in the order they should appear
 * (pprof_heap_begin and pprof_contention_begin do it exactly as Go's writeHeapProto and
 * printCountCycleProfile); add samples; pprof_write_buffer / pprof_write_file / pprof_write_path;
 * pprof_free. Strings are interned in first-use order, so calling in Go's order gives Go's string
 * table. Every function here is single-threaded: one builder belongs to one caller.
 *
 * Errors: allocation failure makes the builder fail for good; the add functions then return -1
 * and the write functions return -1 with errno = ENOMEM. Write failures return -1 with errno set.
 */
#ifndef MINIRT_PROF_PPROF_H
#define MINIRT_PROF_PPROF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct PprofBuilder PprofBuilder;

/* One stack frame, already symbolised. Strings are copied by the builder. */
typedef struct PprofFrame {
	const char *function; /* Go's naming: "main.f", "main.(*T).M", "main.f.func1" */
	const char *file;     /* source file path */
	int64_t line;         /* line of the call (or of the allocation, for the leaf) */
} PprofFrame;

/* A sample label: a string label when 'str' is not NULL, otherwise a numeric one. */
typedef struct PprofLabel {
	const char *key;
	const char *str; /* value of a string label, or NULL */
	int64_t num;     /* value of a numeric label */
	const char
	        *num_unit; /* unit of 'num', or NULL for none (Go's heap "bytes" label has none) */
} PprofLabel;

/* The raw counters of one heap-profile bucket (Go's MemProfileRecord), before scaling. */
typedef struct PprofMemCounts {
	int64_t alloc_objects, alloc_bytes; /* everything allocated at this site and size */
	int64_t free_objects, free_bytes;   /* of which this much has been freed */
} PprofMemCounts;

/* A new builder whose time_nanos is the current wall-clock time; NULL if out of memory. */
PprofBuilder *pprof_new(void);
void pprof_free(PprofBuilder *b);

/* Profile-level fields. Sample types must all be declared before the first sample. */
int pprof_period_type(PprofBuilder *b, const char *type, const char *unit, int64_t period);
int pprof_sample_type(PprofBuilder *b, const char *type, const char *unit);
int pprof_default_sample_type(PprofBuilder *b, const char *type);
void pprof_time_nanos(PprofBuilder *b, int64_t ns);
void pprof_duration_nanos(PprofBuilder *b, int64_t ns);
/* Names the object file of the single mapping (Go uses the executable's path); default "". */
int pprof_mapping_file(PprofBuilder *b, const char *path);

/*
 * Adds one sample: frames[0] is the innermost frame; 'values' has one entry per sample type.
 * Frames become Locations deduplicated by (function, file, line) and Functions deduplicated by
 * name, both numbered from 1 in first-use order; nothing is merged across samples.
 */
int pprof_add_sample(PprofBuilder *b, const PprofFrame *frames, size_t nframes,
                     const int64_t *values, const PprofLabel *labels, size_t nlabels);

/*
 * Go's heap profile header (writeHeapProto): period type space/bytes with period 'rate'
 * (MemProfileRate when the profile is written), sample types alloc_objects/count,
 * alloc_space/bytes, inuse_objects/count, inuse_space/bytes, and default_sample_type when
 * 'default_type' is not NULL ("alloc_space" for the allocs profile, NULL for heap).
 */
int pprof_heap_begin(PprofBuilder *b, int64_t rate, const char *default_type);
/*
 * One heap bucket, as writeHeapProto writes it: leading "runtime." frames hidden (unless that
 * leaves none), alloc and in-use pairs scaled by pprof_scale_heap_sample with the period, and a
 * numeric "bytes" label holding alloc_bytes / alloc_objects when that is not zero.
 */
int pprof_heap_sample(PprofBuilder *b, const PprofFrame *frames, size_t nframes,
                      const PprofMemCounts *c);

/*
 * Go's block/mutex header (printCountCycleProfile): period type <count_name>/count, period 1,
 * sample types <count_name>/count and <cycle_name>/nanoseconds ("contentions", "delay").
 */
int pprof_contention_begin(PprofBuilder *b, const char *count_name, const char *cycle_name);

/*
 * Go's scaleHeapSample: undoes sampling at mean 'rate' bytes. (0, 0) when count or size is 0;
 * unchanged when rate <= 1; otherwise both multiplied by 1 / (1 - exp(-(size/count)/rate)) and
 * truncated toward zero.
 */
void pprof_scale_heap_sample(int64_t count, int64_t size, int64_t rate, int64_t *count_out,
                             int64_t *size_out);

/* The gzip-compressed profile in a malloc'd buffer the caller frees. */
int pprof_write_buffer(PprofBuilder *b, uint8_t **out, size_t *len);
int pprof_write_file(PprofBuilder *b, FILE *f);
/* Creates or truncates 'path'; on failure nothing is left half-written except what the OS did. */
int pprof_write_path(PprofBuilder *b, const char *path);

#endif
