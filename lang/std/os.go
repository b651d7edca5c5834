// Package os: the process's arguments, environment and exit, standard streams and files.
package os

import (
	"errors"
	"io"
)

// FileMode holds a file's permission bits (Go's fs.FileMode).
type FileMode uint32

// Flags to OpenFile (Linux values).
const (
	O_RDONLY int = 0x0
	O_WRONLY int = 0x1
	O_RDWR   int = 0x2
	O_APPEND int = 0x400
	O_CREATE int = 0x40
	O_EXCL   int = 0x80
	O_SYNC   int = 0x101000
	O_TRUNC  int = 0x200
)

// Errno is an operating system error number (Go's syscall.Errno).
type Errno uintptr

func errnoString(e int) string

func (e Errno) Error() string {
	return errnoString(int(e))
}

// Is lets errors.Is match an errno against the portable errors below, as Go's syscall does.
func (e Errno) Is(target error) bool {
	switch target {
	case ErrPermission:
		return e == 13 || e == 1
	case ErrExist:
		return e == 17 || e == 39
	case ErrNotExist:
		return e == 2
	}
	return false
}

// Portable errors (Go's io/fs errors).
var (
	ErrInvalid    = errors.New("invalid argument")
	ErrPermission = errors.New("permission denied")
	ErrExist      = errors.New("file already exists")
	ErrNotExist   = errors.New("file does not exist")
	ErrClosed     = errors.New("file already closed")
)

// PathError records an error and the operation and file path that caused it. Go calls this
// type fs.PathError (os.PathError is an alias), so %T shows *os.PathError here.
type PathError struct {
	Op   string
	Path string
	Err  error
}

func (e *PathError) Error() string {
	return e.Op + " " + e.Path + ": " + e.Err.Error()
}

func (e *PathError) Unwrap() error {
	return e.Err
}

// IsNotExist reports whether err says that a file does not exist.
func IsNotExist(err error) bool {
	return underlyingErrorIs(err, ErrNotExist)
}

// IsExist reports whether err says that a file already exists.
func IsExist(err error) bool {
	return underlyingErrorIs(err, ErrExist)
}

func underlyingErrorIs(err, target error) bool {
	if pe, ok := err.(*PathError); ok {
		err = pe.Err
	}
	if err == target {
		return true
	}
	e, ok := err.(Errno)
	return ok && e.Is(target)
}

// File is an open file descriptor.
type File struct {
	fd   int
	name string
}

// Standard input, output and error.
var (
	Stdin  = &File{0, "/dev/stdin"}
	Stdout = &File{1, "/dev/stdout"}
	Stderr = &File{2, "/dev/stderr"}
)

// Args holds the command-line arguments, starting with the program (script) name.
var Args = runtime_args()

func runtime_args() []string

// Exit ends the program with the given status at once; deferred functions do not run.
func Exit(code int)

// LookupEnv returns the value of the environment variable key and whether it is set.
func LookupEnv(key string) (string, bool)

// Getenv returns the value of the environment variable key, or "" when it is unset.
func Getenv(key string) string {
	v, _ := LookupEnv(key)
	return v
}

// Getpid returns the process id.
func Getpid() int

func write(fd int, b []byte) (int, int)
func writeString(fd int, s string) (int, int)
func read(fd int, b []byte) (int, int)
func open(name string, flag int, perm int) (int, int)
func closeFd(fd int) int
func readFile(name string) ([]byte, int)

// Name returns the name of the file as presented to Open or Create.
func (f *File) Name() string {
	return f.name
}

// Fd returns the file descriptor.
func (f *File) Fd() uintptr {
	return uintptr(f.fd)
}

func (f *File) checkValid(op string) error {
	if f == nil {
		return ErrInvalid
	}
	if f.fd < 0 {
		return &PathError{Op: op, Path: f.name, Err: ErrClosed}
	}
	return nil
}

// Write writes b to the file and returns the number of bytes written.
func (f *File) Write(b []byte) (n int, err error) {
	if err := f.checkValid("write"); err != nil {
		return 0, err
	}
	n, e := write(f.fd, b)
	if e != 0 {
		return n, &PathError{Op: "write", Path: f.name, Err: Errno(e)}
	}
	return n, nil
}

// WriteString writes the contents of s to the file.
func (f *File) WriteString(s string) (n int, err error) {
	if err := f.checkValid("write"); err != nil {
		return 0, err
	}
	n, e := writeString(f.fd, s)
	if e != 0 {
		return n, &PathError{Op: "write", Path: f.name, Err: Errno(e)}
	}
	return n, nil
}

// Read reads up to len(b) bytes; at end of file it returns 0, io.EOF.
func (f *File) Read(b []byte) (n int, err error) {
	if err := f.checkValid("read"); err != nil {
		return 0, err
	}
	if len(b) == 0 {
		return 0, nil
	}
	n, e := read(f.fd, b)
	if e != 0 {
		return 0, &PathError{Op: "read", Path: f.name, Err: Errno(e)}
	}
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

// Close closes the file; closing it again returns an error.
func (f *File) Close() error {
	if f == nil {
		return ErrInvalid
	}
	if f.fd < 0 {
		return &PathError{Op: "close", Path: f.name, Err: ErrClosed}
	}
	e := closeFd(f.fd)
	f.fd = -1
	if e != 0 {
		return &PathError{Op: "close", Path: f.name, Err: Errno(e)}
	}
	return nil
}

// OpenFile opens the named file with the given flags and permissions.
func OpenFile(name string, flag int, perm FileMode) (*File, error) {
	fd, e := open(name, flag, int(perm))
	if e != 0 {
		return nil, &PathError{Op: "open", Path: name, Err: Errno(e)}
	}
	return &File{fd, name}, nil
}

// Open opens the named file for reading.
func Open(name string) (*File, error) {
	return OpenFile(name, O_RDONLY, 0)
}

// Create creates or truncates the named file (mode 0666 before umask).
func Create(name string) (*File, error) {
	return OpenFile(name, O_RDWR|O_CREATE|O_TRUNC, 0666)
}

// ReadFile reads the whole named file.
func ReadFile(name string) ([]byte, error) {
	data, e := readFile(name)
	if e > 0 {
		return nil, &PathError{Op: "open", Path: name, Err: Errno(e)}
	}
	if e < 0 {
		return nil, &PathError{Op: "read", Path: name, Err: Errno(-e)}
	}
	return data, nil
}

// WriteFile writes data to the named file, creating it with perm if needed.
func WriteFile(name string, data []byte, perm FileMode) error {
	f, err := OpenFile(name, O_WRONLY|O_CREATE|O_TRUNC, perm)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err1 := f.Close(); err1 != nil && err == nil {
		err = err1
	}
	return err
}
