// Package atomic: atomic memory operations on integers, as Go's sync/atomic.
//
// Every operation is a native (atomic.c) built on C11 atomics, so it stays atomic when more
// than one thread runs script code. The typed wrappers (Int32, Int64, Uint32, Uint64, Uintptr,
// Bool) are laid out as Go 1.22 lays them out - a zero-sized noCopy marker first, Int64 and
// Uint64 with their align64 marker, then the value - so fmt prints them as Go does ({{} 5},
// {{} {} 5}); their methods are natives too, which take the address of the value word (the
// markers occupy no bytes). Value holds an interface whose dynamic type is fixed by the first
// Store. Pointer[T] needs generics and LoadPointer needs package unsafe: neither exists here.
package atomic

// noCopy marks a type that must not be copied after first use (go vet's copylocks check).
type noCopy struct{}

// align64 marks a 64-bit value that must be 8-byte aligned (always so on amd64).
type align64 struct{}

func SwapInt32(addr *int32, new int32) (old int32)
func SwapInt64(addr *int64, new int64) (old int64)
func SwapUint32(addr *uint32, new uint32) (old uint32)
func SwapUint64(addr *uint64, new uint64) (old uint64)
func SwapUintptr(addr *uintptr, new uintptr) (old uintptr)

func CompareAndSwapInt32(addr *int32, old, new int32) (swapped bool)
func CompareAndSwapInt64(addr *int64, old, new int64) (swapped bool)
func CompareAndSwapUint32(addr *uint32, old, new uint32) (swapped bool)
func CompareAndSwapUint64(addr *uint64, old, new uint64) (swapped bool)
func CompareAndSwapUintptr(addr *uintptr, old, new uintptr) (swapped bool)

func AddInt32(addr *int32, delta int32) (new int32)
func AddUint32(addr *uint32, delta uint32) (new uint32)
func AddInt64(addr *int64, delta int64) (new int64)
func AddUint64(addr *uint64, delta uint64) (new uint64)
func AddUintptr(addr *uintptr, delta uintptr) (new uintptr)

func LoadInt32(addr *int32) (val int32)
func LoadInt64(addr *int64) (val int64)
func LoadUint32(addr *uint32) (val uint32)
func LoadUint64(addr *uint64) (val uint64)
func LoadUintptr(addr *uintptr) (val uintptr)

func StoreInt32(addr *int32, val int32)
func StoreInt64(addr *int64, val int64)
func StoreUint32(addr *uint32, val uint32)
func StoreUint64(addr *uint64, val uint64)
func StoreUintptr(addr *uintptr, val uintptr)

// A Bool is an atomic boolean value. The zero value is false.
type Bool struct {
	_ noCopy
	v uint32
}

func (x *Bool) Load() bool
func (x *Bool) Store(val bool)
func (x *Bool) Swap(new bool) (old bool)
func (x *Bool) CompareAndSwap(old, new bool) (swapped bool)

// An Int32 is an atomic int32. The zero value is zero.
type Int32 struct {
	_ noCopy
	v int32
}

func (x *Int32) Load() int32
func (x *Int32) Store(val int32)
func (x *Int32) Swap(new int32) (old int32)
func (x *Int32) CompareAndSwap(old, new int32) (swapped bool)
func (x *Int32) Add(delta int32) (new int32)

// An Int64 is an atomic int64. The zero value is zero.
type Int64 struct {
	_ noCopy
	_ align64
	v int64
}

func (x *Int64) Load() int64
func (x *Int64) Store(val int64)
func (x *Int64) Swap(new int64) (old int64)
func (x *Int64) CompareAndSwap(old, new int64) (swapped bool)
func (x *Int64) Add(delta int64) (new int64)

// A Uint32 is an atomic uint32. The zero value is zero.
type Uint32 struct {
	_ noCopy
	v uint32
}

func (x *Uint32) Load() uint32
func (x *Uint32) Store(val uint32)
func (x *Uint32) Swap(new uint32) (old uint32)
func (x *Uint32) CompareAndSwap(old, new uint32) (swapped bool)
func (x *Uint32) Add(delta uint32) (new uint32)

// A Uint64 is an atomic uint64. The zero value is zero.
type Uint64 struct {
	_ noCopy
	_ align64
	v uint64
}

func (x *Uint64) Load() uint64
func (x *Uint64) Store(val uint64)
func (x *Uint64) Swap(new uint64) (old uint64)
func (x *Uint64) CompareAndSwap(old, new uint64) (swapped bool)
func (x *Uint64) Add(delta uint64) (new uint64)

// A Uintptr is an atomic uintptr. The zero value is zero.
type Uintptr struct {
	_ noCopy
	v uintptr
}

func (x *Uintptr) Load() uintptr
func (x *Uintptr) Store(val uintptr)
func (x *Uintptr) Swap(new uintptr) (old uintptr)
func (x *Uintptr) CompareAndSwap(old, new uintptr) (swapped bool)
func (x *Uintptr) Add(delta uintptr) (new uintptr)

// A Value provides an atomic load and store of a consistently typed value. The zero value
// returns nil from Load. Once Store has been called, a Value must not be copied.
//
// The interface's type word doubles as the state: nil before the first Store, a marker while
// the first Store is in progress, then the value's type, which never changes again, so later
// Stores and Swaps replace only the data word.
type Value struct {
	v any
}

// Load returns the value set by the most recent Store, or nil if there has been none.
func (v *Value) Load() (val any)

// Store sets the value to val. Every Store must use values of the same concrete type;
// storing an inconsistent type panics, as does Store(nil).
func (v *Value) Store(val any)

// Swap stores new and returns the previous value (nil if there was none); the type rules are
// those of Store.
func (v *Value) Swap(new any) (old any)

// CompareAndSwap stores new if the current value equals old (compared as ==, which panics
// for uncomparable types) and reports whether it did. old may be nil only for an empty Value.
func (v *Value) CompareAndSwap(old, new any) (swapped bool)
