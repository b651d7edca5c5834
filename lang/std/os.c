/*
 * os.c - package os's natives and the process's buffered standard output.
 *
 * Standard output: Go writes os.Stdout unbuffered, but a script printing line by line would
 * then make one system call per line, so minirt keeps a 64 KiB buffer here instead.
 *   1. rt_stdout_write appends to the buffer, writing it out first when the new bytes do not
 *      fit (and writing directly when they alone exceed it).
 *   2. The buffer is flushed by rt_stdout_flush: called by the runtime at exit, by os.Exit
 *      (rt_exit), before anything goes to standard error (rt_stderr_write, builtin print,
 *      panics), and from an atexit handler as a last resort.
 * The visible behaviour matches Go's as far as a reader of the two streams can tell: all
 * output arrives, and stderr text never overtakes stdout text written before it.
 *
 * Files: the natives work on raw descriptors and return errno values; os.go wraps them in
 * *File and *PathError. Go's error texts for errno values are the C library's with a lower
 * case first letter ("no such file or directory").
 *
 * Invariants:
 *   - stdout_len <= STDOUT_BUF; bytes in the buffer have not been written to descriptor 1.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fmt.h"
#include "std_int.h"

#define STDOUT_BUF (64 * 1024)

static char stdout_buf[STDOUT_BUF];
static size_t stdout_len;
static bool atexit_set;

static void write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n > 0) {
		ssize_t w = write(fd, c, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		c += w;
		n -= (size_t)w;
	}
}

void rt_stdout_flush(void)
{
	if (stdout_len) {
		write_all(1, stdout_buf, stdout_len);
		stdout_len = 0;
	}
}

void rt_stdout_write(const void *p, size_t n)
{
	if (!atexit_set) {
		atexit_set = true;
		atexit(rt_stdout_flush);
	}
	if (stdout_len + n > STDOUT_BUF) {
		rt_stdout_flush();
		if (n >= STDOUT_BUF) {
			write_all(1, p, n);
			return;
		}
	}
	memcpy(stdout_buf + stdout_len, p, n);
	stdout_len += n;
}

void rt_stderr_write(const void *p, size_t n)
{
	rt_stdout_flush();
	write_all(2, p, n);
}

/* Writes to a descriptor; returns bytes written or -errno. */
static int64_t fd_write(int64_t fd, const void *p, size_t n)
{
	if (fd == 1) {
		rt_stdout_write(p, n);
		return (int64_t)n;
	}
	if (fd == 2) {
		rt_stderr_write(p, n);
		return (int64_t)n;
	}
	size_t done = 0;
	while (done < n) {
		ssize_t w = write((int)fd, (const char *)p + done, n - done);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -(int64_t)errno;
		}
		done += (size_t)w;
	}
	return (int64_t)done;
}

/* ---------------------------------------------------------------- natives */

/* func runtime_args() []string */
static void n_runtime_args(G *g, Slot *a)
{
	put_slice(a, rt_os_args());
}

/* func Exit(code int) */
static void n_exit(G *g, Slot *a)
{
	rt_stdout_flush();
	rt_exit((int)(int64_t)a[0]);
}

static String key_cstr(String k, char *small, size_t size, char **heap)
{
	char *p = (size_t)k.len < size ? small : (*heap = malloc((size_t)k.len + 1));
	memcpy(p, k.ptr, (size_t)k.len);
	p[k.len] = 0;
	String r = {(const uint8_t *)p, k.len};
	return r;
}

/* func LookupEnv(key string) (string, bool) */
static void n_lookup_env(G *g, Slot *a)
{
	char small[256], *heap = NULL;
	String k = key_cstr(arg_string(a), small, sizeof small, &heap);
	const char *v = memchr(k.ptr, 0, (size_t)k.len) ? NULL : getenv((const char *)k.ptr);
	free(heap);
	if (!v) {
		a[2] = a[3] = a[4] = 0;
		return;
	}
	put_string(a + 2, rt_string_copy(v, (int64_t)strlen(v)));
	a[4] = 1;
}

/* func write(fd int, b []byte) (n int, errno int) */
static void n_write(G *g, Slot *a)
{
	Slice b = arg_slice(a + 1);
	int64_t r = fd_write((int64_t)a[0], b.ptr, (size_t)b.len);
	a[4] = (Slot)(r < 0 ? 0 : r);
	a[5] = (Slot)(r < 0 ? -r : 0);
}

/* func writeString(fd int, s string) (n int, errno int) */
static void n_write_string(G *g, Slot *a)
{
	String s = arg_string(a + 1);
	int64_t r = fd_write((int64_t)a[0], s.ptr, (size_t)s.len);
	a[3] = (Slot)(r < 0 ? 0 : r);
	a[4] = (Slot)(r < 0 ? -r : 0);
}

/* func read(fd int, b []byte) (n int, errno int) */
static void n_read(G *g, Slot *a)
{
	Slice b = arg_slice(a + 1);
	int fd = (int)(int64_t)a[0];
	if (fd == 0)
		rt_stdout_flush();
	ssize_t r;
	do
		r = read(fd, b.ptr, (size_t)b.len);
	while (r < 0 && errno == EINTR);
	a[4] = (Slot)(r < 0 ? 0 : r);
	a[5] = (Slot)(r < 0 ? errno : 0);
}

/* func open(name string, flag int, perm int) (fd int, errno int) */
static void n_open(G *g, Slot *a)
{
	char small[256], *heap = NULL;
	String name = key_cstr(arg_string(a), small, sizeof small, &heap);
	int fd;
	do
		fd = open((const char *)name.ptr, (int)(int64_t)a[2] | O_CLOEXEC, (mode_t)a[3]);
	while (fd < 0 && errno == EINTR);
	int err = errno;
	free(heap);
	a[4] = (Slot)(int64_t)(fd < 0 ? -1 : fd);
	a[5] = (Slot)(fd < 0 ? err : 0);
}

/* func closeFd(fd int) (errno int) */
static void n_close(G *g, Slot *a)
{
	int fd = (int)(int64_t)a[0];
	if (fd == 1)
		rt_stdout_flush();
	a[1] = (Slot)(close(fd) < 0 ? errno : 0);
}

/* func readFile(name string) (data []byte, errno int): errno > 0 failed opening, < 0 reading. */
static void n_read_file(G *g, Slot *a)
{
	char small[256], *heap = NULL;
	String name = key_cstr(arg_string(a), small, sizeof small, &heap);
	int fd = open((const char *)name.ptr, O_RDONLY | O_CLOEXEC);
	int err = errno;
	free(heap);
	a[2] = a[3] = a[4] = 0;
	if (fd < 0) {
		a[5] = (Slot)(int64_t)err;
		return;
	}
	FmtBuf b = {0};
	for (;;) {
		fmtbuf_grow(&b, 64 * 1024);
		ssize_t r = read(fd, b.p + b.len, b.cap - b.len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			a[5] = (Slot)(int64_t)-errno;
			close(fd);
			fmtbuf_free(&b);
			return;
		}
		if (r == 0)
			break;
		b.len += (size_t)r;
	}
	close(fd);
	Slice s = rt_slice_make(t_uint8, (int64_t)b.len, (int64_t)b.len);
	if (b.len)
		memcpy(s.ptr, b.p, b.len);
	fmtbuf_free(&b);
	put_slice(a + 2, s);
	a[5] = 0;
}

/* func errnoString(e int) string */
static void n_errno_string(G *g, Slot *a)
{
	int e = (int)(int64_t)a[0];
	char buf[128];
	const char *msg = strerror(e);
	if (!msg || strncmp(msg, "Unknown error", 13) == 0)
		snprintf(buf, sizeof buf, "errno %d", e);
	else {
		snprintf(buf, sizeof buf, "%s", msg);
		buf[0] = (char)tolower((unsigned char)buf[0]);
	}
	put_string(a + 1, rt_string_copy(buf, (int64_t)strlen(buf)));
}

/* func Getpid() int */
static void n_getpid(G *g, Slot *a)
{
	a[0] = (Slot)(int64_t)getpid();
}

const NativeEntry std_os_natives[] = {
        {"os.runtime_args", n_runtime_args},
        {"os.Exit", n_exit},
        {"os.LookupEnv", n_lookup_env},
        {"os.write", n_write},
        {"os.writeString", n_write_string},
        {"os.read", n_read},
        {"os.open", n_open},
        {"os.closeFd", n_close},
        {"os.readFile", n_read_file},
        {"os.errnoString", n_errno_string},
        {"os.Getpid", n_getpid},
        {NULL, NULL},
};
