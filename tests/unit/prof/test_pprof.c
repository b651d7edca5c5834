/*
 * test_pprof.c - prof/pprof.c: the pprof profile builder and writer.
 *
 * Each test builds a profile, writes it to memory, gunzips it with zlib and decodes it with the
 * protobuf-c code generated from prof/profile.proto, then checks the decoded message field by
 * field. The expected string tables, ids and values are worked out by hand from Go's rules
 * (runtime/pprof proto.go and protomem.go): strings interned in first-use order after "",
 * functions and locations numbered from 1 in first-use order, the heap header's fixed order,
 * leading runtime frames hidden, the "bytes" label = alloc_bytes / alloc_objects. The scaling
 * vectors are those of Go's scaleHeapSample at MemProfileRate 524288.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "prof/pprof.h"
#include "prof/profile.pb-c.h"
#include "tests/unit/prof/profile_decode.h"

/* Writes b to memory and decodes it; the builder is freed. */
static Profile *write_and_decode(PprofBuilder *b)
{
	uint8_t *gz;
	size_t n;
	cr_assert_eq(pprof_write_buffer(b, &gz, &n), 0);
	pprof_free(b);
	Profile *p = decode(gz, n);
	free(gz);
	return p;
}

static void assert_strings(const Profile *p, const char *const *want, size_t n)
{
	cr_assert_eq(p->n_string_table, n, "string table has %zu entries, want %zu",
	             p->n_string_table, n);
	for (size_t i = 0; i < n; i++)
		cr_assert_str_eq(p->string_table[i], want[i], "string %zu", i);
}

static void assert_value_type(const Perftools__Profiles__ValueType *vt, int64_t type, int64_t unit)
{
	cr_assert_not_null(vt);
	cr_assert_eq(vt->type, type);
	cr_assert_eq(vt->unit, unit);
}

static void assert_function(const Profile *p, size_t i, int64_t name, int64_t file)
{
	const Perftools__Profiles__Function *f = p->function[i];
	cr_assert_eq(f->id, i + 1);
	cr_assert_eq(f->name, name, "function %zu name", i + 1);
	cr_assert_eq(f->system_name, name, "function %zu system_name", i + 1);
	cr_assert_eq(f->filename, file, "function %zu filename", i + 1);
	cr_assert_eq(f->start_line, 0);
}

static void assert_location(const Profile *p, size_t i, uint64_t func_id, int64_t line)
{
	const Perftools__Profiles__Location *l = p->location[i];
	cr_assert_eq(l->id, i + 1);
	cr_assert_eq(l->mapping_id, 1);
	cr_assert_eq(l->address, 0);
	cr_assert_eq(l->n_line, 1, "location %zu has %zu lines", i + 1, l->n_line);
	cr_assert_eq(l->line[0]->function_id, func_id, "location %zu function", i + 1);
	cr_assert_eq(l->line[0]->line, line, "location %zu line", i + 1);
}

static void assert_sample(const Perftools__Profiles__Sample *s, const uint64_t *locs, size_t nlocs,
                          const int64_t *values, size_t nvalues)
{
	cr_assert_eq(s->n_location_id, nlocs);
	for (size_t i = 0; i < nlocs; i++)
		cr_assert_eq(s->location_id[i], locs[i], "location_id[%zu]", i);
	cr_assert_eq(s->n_value, nvalues);
	for (size_t i = 0; i < nvalues; i++)
		cr_assert_eq(s->value[i], values[i], "value[%zu] = %lld, want %lld", i,
		             (long long)s->value[i], (long long)values[i]);
}

static void assert_num_label(const Perftools__Profiles__Label *l, int64_t key, int64_t num)
{
	cr_assert_eq(l->key, key);
	cr_assert_eq(l->str, 0);
	cr_assert_eq(l->num, num);
	cr_assert_eq(l->num_unit, 0);
}

/*
 * Two heap buckets sharing the frame main.main:20, at the default rate 524288. The second
 * stack starts with a runtime frame, which the heap writer hides.
 */
Test(pprof, heap_profile_structure)
{
	PprofBuilder *b = pprof_new();
	cr_assert_not_null(b);
	pprof_time_nanos(b, 1700000000123456789);
	cr_assert_eq(pprof_heap_begin(b, 524288, NULL), 0);

	PprofFrame small[] = {{"main.allocSmall", "/src/a.go", 10}, {"main.main", "/src/a.go", 20}};
	PprofMemCounts small_c = {
	        .alloc_objects = 4, .alloc_bytes = 4096, .free_objects = 1, .free_bytes = 1024};
	cr_assert_eq(pprof_heap_sample(b, small, 2, &small_c), 0);

	PprofFrame big[] = {{"runtime.mallocgc", "/rt/malloc.go", 5},
	                    {"main.allocBig", "/src/a.go", 30},
	                    {"main.main", "/src/a.go", 20}};
	PprofMemCounts big_c = {.alloc_objects = 1,
	                        .alloc_bytes = 2097152,
	                        .free_objects = 1,
	                        .free_bytes = 2097152};
	cr_assert_eq(pprof_heap_sample(b, big, 3, &big_c), 0);

	Profile *p = write_and_decode(b);

	static const char *const strings[] = {
	        "",
	        "space",
	        "bytes",
	        "alloc_objects",
	        "count",
	        "alloc_space",
	        "inuse_objects",
	        "inuse_space",
	        "main.allocSmall",
	        "/src/a.go",
	        "main.main",
	        "main.allocBig",
	};
	assert_strings(p, strings, sizeof strings / sizeof strings[0]);

	assert_value_type(p->period_type, 1, 2);
	cr_assert_eq(p->period, 524288);
	cr_assert_eq(p->n_sample_type, 4);
	assert_value_type(p->sample_type[0], 3, 4);
	assert_value_type(p->sample_type[1], 5, 2);
	assert_value_type(p->sample_type[2], 6, 4);
	assert_value_type(p->sample_type[3], 7, 2);
	cr_assert_eq(p->default_sample_type, 0, "the heap profile leaves the default unset");
	cr_assert_eq(p->time_nanos, 1700000000123456789);
	cr_assert_eq(p->duration_nanos, 0);

	cr_assert_eq(p->n_function, 3);
	assert_function(p, 0, 8, 9);
	assert_function(p, 1, 10, 9);
	assert_function(p, 2, 11, 9);

	cr_assert_eq(p->n_location, 3, "main.main:20 is shared; runtime.mallocgc is hidden");
	assert_location(p, 0, 1, 10);
	assert_location(p, 1, 2, 20);
	assert_location(p, 2, 3, 30);

	cr_assert_eq(p->n_mapping, 1);
	cr_assert_eq(p->mapping[0]->id, 1);
	cr_assert_eq(p->mapping[0]->filename, 0);
	cr_assert_eq(p->mapping[0]->memory_start, 0);
	cr_assert_eq(p->mapping[0]->memory_limit, 0);
	cr_assert(p->mapping[0]->has_functions);

	cr_assert_eq(p->n_sample, 2);
	/* alloc (4, 4096) and in-use (3, 3072) scaled at 524288. */
	assert_sample(p->sample[0], (uint64_t[]){1, 2}, 2,
	              (int64_t[]){2050, 2099200, 1537, 1574400}, 4);
	cr_assert_eq(p->sample[0]->n_label, 1);
	assert_num_label(p->sample[0]->label[0], 2, 1024);
	/* alloc (1, 2 MiB) scaled; nothing in use. */
	assert_sample(p->sample[1], (uint64_t[]){3, 2}, 2, (int64_t[]){1, 2136279, 0, 0}, 4);
	cr_assert_eq(p->sample[1]->n_label, 1);
	assert_num_label(p->sample[1]->label[0], 2, 2097152);

	perftools__profiles__profile__free_unpacked(p, NULL);
}

/* The allocs profile: same data, default_sample_type = alloc_space; rate 1 leaves values as is. */
Test(pprof, allocs_profile_default_type_and_rate_one)
{
	PprofBuilder *b = pprof_new();
	cr_assert_eq(pprof_heap_begin(b, 1, "alloc_space"), 0);
	PprofFrame f[] = {{"main.persistent", "/src/m.go", 7}};
	PprofMemCounts c = {.alloc_objects = 32, .alloc_bytes = 1024};
	cr_assert_eq(pprof_heap_sample(b, f, 1, &c), 0);
	PprofMemCounts none = {0};
	cr_assert_eq(pprof_heap_sample(b, f, 1, &none), 0);
	Profile *p = write_and_decode(b);

	cr_assert_eq(p->period, 1);
	cr_assert_eq(p->default_sample_type, 5);
	cr_assert_str_eq(p->string_table[5], "alloc_space");
	cr_assert_eq(p->n_string_table, 10, "no string is added for the default type");
	cr_assert_eq(p->n_location, 1);
	cr_assert_eq(p->n_sample, 2);
	assert_sample(p->sample[0], (uint64_t[]){1}, 1, (int64_t[]){32, 1024, 32, 1024}, 4);
	assert_num_label(p->sample[0]->label[0], 2, 32);
	/* No allocations: zero values and no "bytes" label (Go writes it only when nonzero). */
	assert_sample(p->sample[1], (uint64_t[]){1}, 1, (int64_t[]){0, 0, 0, 0}, 4);
	cr_assert_eq(p->sample[1]->n_label, 0);
	perftools__profiles__profile__free_unpacked(p, NULL);
}

/* A stack made only of runtime frames is kept whole, as writeHeapProto does. */
Test(pprof, heap_all_runtime_stack_kept)
{
	PprofBuilder *b = pprof_new();
	cr_assert_eq(pprof_heap_begin(b, 1, NULL), 0);
	PprofFrame f[] = {{"runtime.malg", "/rt/proc.go", 1},
	                  {"runtime.newproc", "/rt/proc.go", 2}};
	PprofMemCounts c = {.alloc_objects = 1, .alloc_bytes = 8192};
	cr_assert_eq(pprof_heap_sample(b, f, 2, &c), 0);
	Profile *p = write_and_decode(b);
	cr_assert_eq(p->n_location, 2);
	assert_sample(p->sample[0], (uint64_t[]){1, 2}, 2, (int64_t[]){1, 8192, 1, 8192}, 4);
	cr_assert_str_eq(p->string_table[p->function[0]->name], "runtime.malg");
	perftools__profiles__profile__free_unpacked(p, NULL);
}

/*
 * The block/mutex header, plus the generic builder: one function at two lines gives two
 * locations and one function; string and numeric labels; the mapping's file name comes last.
 */
Test(pprof, contention_profile_and_labels)
{
	PprofBuilder *b = pprof_new();
	cr_assert_eq(pprof_contention_begin(b, "contentions", "delay"), 0);
	pprof_duration_nanos(b, 5000);
	cr_assert_eq(pprof_mapping_file(b, "/usr/bin/minirt"), 0);
	PprofFrame s1[] = {{"main.worker", "/src/w.go", 12}, {"main.main", "/src/w.go", 40}};
	PprofFrame s2[] = {{"main.worker", "/src/w.go", 15}, {"main.main", "/src/w.go", 40}};
	PprofLabel l1[] = {{"kind", "chan", 0, NULL}, {"wait", NULL, 250, "nanoseconds"}};
	cr_assert_eq(pprof_add_sample(b, s1, 2, (int64_t[]){3, 1500}, l1, 2), 0);
	cr_assert_eq(pprof_add_sample(b, s2, 2, (int64_t[]){1, 20}, NULL, 0), 0);
	Profile *p = write_and_decode(b);

	static const char *const strings[] = {
	        "",          "contentions", "count", "delay", "nanoseconds", "main.worker",
	        "/src/w.go", "main.main",   "kind",  "chan",  "wait",        "/usr/bin/minirt",
	};
	assert_strings(p, strings, sizeof strings / sizeof strings[0]);
	assert_value_type(p->period_type, 1, 2);
	cr_assert_eq(p->period, 1);
	cr_assert_eq(p->n_sample_type, 2);
	assert_value_type(p->sample_type[0], 1, 2);
	assert_value_type(p->sample_type[1], 3, 4);
	cr_assert_eq(p->duration_nanos, 5000);

	cr_assert_eq(p->n_function, 2);
	assert_function(p, 0, 5, 6);
	assert_function(p, 1, 7, 6);
	cr_assert_eq(p->n_location, 3);
	assert_location(p, 0, 1, 12);
	assert_location(p, 1, 2, 40);
	assert_location(p, 2, 1, 15);
	cr_assert_eq(p->mapping[0]->filename, 11);

	assert_sample(p->sample[0], (uint64_t[]){1, 2}, 2, (int64_t[]){3, 1500}, 2);
	cr_assert_eq(p->sample[0]->n_label, 2);
	cr_assert_eq(p->sample[0]->label[0]->key, 8);
	cr_assert_eq(p->sample[0]->label[0]->str, 9);
	cr_assert_eq(p->sample[0]->label[0]->num, 0);
	cr_assert_eq(p->sample[0]->label[1]->key, 10);
	cr_assert_eq(p->sample[0]->label[1]->str, 0);
	cr_assert_eq(p->sample[0]->label[1]->num, 250);
	cr_assert_eq(p->sample[0]->label[1]->num_unit, 4);
	assert_sample(p->sample[1], (uint64_t[]){3, 2}, 2, (int64_t[]){1, 20}, 2);
	cr_assert_eq(p->sample[1]->n_label, 0);
	perftools__profiles__profile__free_unpacked(p, NULL);
}

/* A frame without a line number means symbolisation was incomplete: no has_functions. */
Test(pprof, incomplete_frame_clears_has_functions)
{
	PprofBuilder *b = pprof_new();
	cr_assert_eq(pprof_sample_type(b, "samples", "count"), 0);
	PprofFrame f[] = {{"main.f", "/src/f.go", 0}};
	cr_assert_eq(pprof_add_sample(b, f, 1, (int64_t[]){1}, NULL, 0), 0);
	Profile *p = write_and_decode(b);
	cr_assert_null(p->period_type);
	cr_assert_not(p->mapping[0]->has_functions);
	perftools__profiles__profile__free_unpacked(p, NULL);
}

/* Many distinct frames: ids stay dense and in first-use order through table growth. */
Test(pprof, many_locations_dense_ids)
{
	PprofBuilder *b = pprof_new();
	cr_assert_eq(pprof_sample_type(b, "n", "count"), 0);
	char name[32];
	for (int i = 0; i < 500; i++) {
		snprintf(name, sizeof name, "main.f%d", i % 100);
		PprofFrame f[] = {{name, "/src/x.go", 1000 + i}, {"main.main", "/src/x.go", 1}};
		cr_assert_eq(pprof_add_sample(b, f, 2, (int64_t[]){i}, NULL, 0), 0);
	}
	Profile *p = write_and_decode(b);
	cr_assert_eq(p->n_location, 501);
	cr_assert_eq(p->n_function, 101);
	cr_assert_eq(p->n_string_table, 1 + 2 + 1 + 1 + 100);
	for (size_t i = 0; i < 500; i++) {
		/* Sample i adds location 2i+1 = (f[i % 100], 1000 + i) for i = 0, then one per sample. */
		uint64_t leaf = i == 0 ? 1 : i + 2;
		assert_sample(p->sample[i], (uint64_t[]){leaf, 2}, 2, (int64_t[]){(int64_t)i}, 1);
		const Perftools__Profiles__Location *l = p->location[leaf - 1];
		cr_assert_eq(l->line[0]->line, 1000 + (int64_t)i);
		uint64_t fid = i < 100 ? (i == 0 ? 1 : i + 2) : (i % 100 == 0 ? 1 : i % 100 + 2);
		cr_assert_eq(l->line[0]->function_id, fid, "sample %zu", i);
	}
	perftools__profiles__profile__free_unpacked(p, NULL);
}

/* Writing to a path gives the same bytes as writing to memory; a bad path fails with errno. */
Test(pprof, write_path_and_bad_path)
{
	PprofBuilder *b = pprof_new();
	pprof_time_nanos(b, 42);
	cr_assert_eq(pprof_heap_begin(b, 524288, NULL), 0);
	PprofFrame f[] = {{"main.f", "/src/f.go", 3}};
	PprofMemCounts c = {.alloc_objects = 1, .alloc_bytes = 524288};
	cr_assert_eq(pprof_heap_sample(b, f, 1, &c), 0);

	uint8_t *mem;
	size_t memlen;
	cr_assert_eq(pprof_write_buffer(b, &mem, &memlen), 0);
	char path[] = "/tmp/test_pprof_XXXXXX";
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	close(fd);
	cr_assert_eq(pprof_write_path(b, path), 0);
	FILE *fp = fopen(path, "rb");
	uint8_t *disk = malloc(memlen + 16);
	size_t disklen = fread(disk, 1, memlen + 16, fp);
	fclose(fp);
	unlink(path);
	cr_assert_eq(disklen, memlen);
	cr_assert_eq(memcmp(disk, mem, memlen), 0);

	errno = 0;
	cr_assert_eq(pprof_write_path(b, "/nonexistent-dir/heap.pb"), -1);
	cr_assert_eq(errno, ENOENT);
	pprof_free(b);

	Profile *p = decode(disk, disklen);
	cr_assert_eq(p->time_nanos, 42);
	/* (1 object, 524288 bytes) at rate 524288: scale 1/(1 - e^-1). */
	assert_sample(p->sample[0], (uint64_t[]){1}, 1, (int64_t[]){1, 829411, 1, 829411}, 4);
	perftools__profiles__profile__free_unpacked(p, NULL);
	free(disk);
	free(mem);
}

typedef struct ScaleCase {
	int64_t count, size, rate, want_count, want_size;
} ScaleCase;

ParameterizedTestParameters(pprof, scale_heap_sample)
{
	static ScaleCase cases[] = {
	        {4, 4096, 524288, 2050, 2099200},
	        {3, 3072, 524288, 1537, 1574400},
	        {1, 524288, 524288, 1, 829411},
	        {0, 0, 524288, 0, 0},
	        {32, 1024, 524288, 524304, 16777728},
	        {1, 2097152, 524288, 1, 2136279},
	        {0, 4096, 524288, 0, 0}, /* either zero gives (0, 0) */
	        {4, 0, 524288, 0, 0},
	        {4, 4096, 1, 4, 4096}, /* rate 1: recorded exactly */
	        {4, 4096, 0, 4, 4096}, /* rate below 1: unknown, unscaled */
	        {4, 4096, -5, 4, 4096},
	};
	return cr_make_param_array(ScaleCase, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(ScaleCase *c, pprof, scale_heap_sample)
{
	int64_t n, s;
	pprof_scale_heap_sample(c->count, c->size, c->rate, &n, &s);
	cr_assert_eq(n, c->want_count, "(%lld, %lld, %lld): count %lld", (long long)c->count,
	             (long long)c->size, (long long)c->rate, (long long)n);
	cr_assert_eq(s, c->want_size, "(%lld, %lld, %lld): size %lld", (long long)c->count,
	             (long long)c->size, (long long)c->rate, (long long)s);
}
