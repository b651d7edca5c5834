// Package time: durations and instants, as Go's time package, without the parts that need
// goroutines (Sleep, timers and tickers) or time zones (formatting, calendar fields).
//
// A Time is an instant with nanosecond precision, kept as seconds since January 1, year 1
// 00:00:00 UTC (Go's internal epoch, so the zero Time is that instant) plus nanoseconds within
// the second. Now also records a monotonic clock reading (nanoseconds since the runtime
// started, time.c), and as in Go, comparisons and subtractions between two Times that both
// carry one use the monotonic readings only, so they are immune to wall-clock changes. Go
// keeps the monotonic reading only while the wall time's seconds fit the 33-bit field of its
// packed encoding (years 1885 to 2157); this package drops it at the same points.
package time

// A Duration is the elapsed time between two instants as an int64 nanosecond count.
type Duration int64

const (
	Nanosecond  Duration = 1
	Microsecond          = 1000 * Nanosecond
	Millisecond          = 1000 * Microsecond
	Second               = 1000 * Millisecond
	Minute               = 60 * Second
	Hour                 = 60 * Minute
)

const (
	minDuration Duration = -1 << 63
	maxDuration Duration = 1<<63 - 1
)

// Nanoseconds returns the duration as an integer nanosecond count.
func (d Duration) Nanoseconds() int64 { return int64(d) }

// Microseconds returns the duration as an integer microsecond count.
func (d Duration) Microseconds() int64 { return int64(d) / 1e3 }

// Milliseconds returns the duration as an integer millisecond count.
func (d Duration) Milliseconds() int64 { return int64(d) / 1e6 }

// Seconds returns the duration as a floating point number of seconds. The whole seconds and
// the remainder are converted separately, as Go does, so the result is the same to the bit.
func (d Duration) Seconds() float64 {
	whole := d / Second
	rest := d % Second
	return float64(whole) + float64(rest)/1e9
}

// Minutes returns the duration as a floating point number of minutes.
func (d Duration) Minutes() float64 {
	whole := d / Minute
	rest := d % Minute
	return float64(whole) + float64(rest)/(60*1e9)
}

// Hours returns the duration as a floating point number of hours.
func (d Duration) Hours() float64 {
	whole := d / Hour
	rest := d % Hour
	return float64(whole) + float64(rest)/(60*60*1e9)
}

// String returns the duration in the form "72h3m0.5s": hours, minutes and seconds with the
// leading zero units omitted, the seconds with as many fractional digits as needed. A
// duration under one second uses a smaller unit ("1.5ms", "2.001µs", "12ns"); zero is "0s".
func (d Duration) String() string {
	u := uint64(d)
	if d < 0 {
		u = -u // also right for minDuration: its magnitude 1<<63 fits in a uint64
	}
	var s string
	switch {
	case u == 0:
		return "0s"
	case u < uint64(Microsecond):
		s = utoa(u) + "ns"
	case u < uint64(Millisecond):
		s = utoa(u/1e3) + fraction(u%1e3, 3) + "µs"
	case u < uint64(Second):
		s = utoa(u/1e6) + fraction(u%1e6, 6) + "ms"
	default:
		secs := u / 1e9
		s = utoa(secs%60) + fraction(u%1e9, 9) + "s"
		if mins := secs / 60; mins > 0 {
			s = utoa(mins%60) + "m" + s
			if hours := mins / 60; hours > 0 {
				s = utoa(hours) + "h" + s
			}
		}
	}
	if d < 0 {
		s = "-" + s
	}
	return s
}

// utoa formats v in decimal.
func utoa(v uint64) string {
	var buf [20]byte
	i := len(buf)
	for {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			break
		}
	}
	return string(buf[i:])
}

// fraction formats f, a fraction of 10**digits, as "." and its digits with trailing zeros
// removed; "" when f is 0.
func fraction(f uint64, digits int) string {
	if f == 0 {
		return ""
	}
	var buf [9]byte
	for i := digits - 1; i >= 0; i-- {
		buf[i] = byte('0' + f%10)
		f /= 10
	}
	n := digits
	for buf[n-1] == '0' {
		n--
	}
	return "." + string(buf[:n])
}

// A Location names a time zone. Only the two Go always has exist here; times carry one so that
// == between Times behaves as in Go (Unix and Now return Local times, the zero Time has none).
type Location struct {
	name string
}

var localLoc = Location{"Local"}
var utcLoc = Location{"UTC"}

// Local is the system's local time zone; UTC is Coordinated Universal Time.
var Local *Location = &localLoc
var UTC *Location = &utcLoc

// String returns the location's name.
func (l *Location) String() string { return l.name }

// A Time is an instant in time with nanosecond precision. The zero value is January 1, year 1,
// 00:00:00.000000000 UTC.
type Time struct {
	sec     int64     // seconds since January 1, year 1 00:00:00 UTC
	nsec    int32     // nanoseconds within the second, in [0, 999999999]
	hasMono bool      // mono holds a monotonic clock reading
	mono    int64     // the monotonic reading (ns since the runtime started), when hasMono
	loc     *Location // nil for UTC, as in Go
}

const (
	secondsPerDay = 24 * 60 * 60
	// Seconds from January 1, year 1 to January 1, 1970 (the Unix epoch).
	unixToInternal int64 = (1969*365 + 1969/4 - 1969/100 + 1969/400) * secondsPerDay
	// Seconds from January 1, year 1 to January 1, 1885: the start of the range in which Go
	// keeps a monotonic reading (its packed wall seconds count from there, in 33 bits).
	wallToInternal int64 = (1884*365 + 1884/4 - 1884/100 + 1884/400) * secondsPerDay
	monoWallSpan   int64 = 1<<33 - 1
)

// now returns the wall clock (Unix seconds and nanoseconds) and the monotonic clock.
func now() (sec int64, nsec int32, mono int64)

// Sleep pauses the current goroutine for at least the duration d.
// A negative or zero duration causes Sleep to return immediately.
func Sleep(d Duration)

// runtimeTimer mirrors the runtime's timer record (runtime/timer.h) field for field; the
// runtime owns its fields. arg is the channel or func the timer delivers to (a pointer field,
// so the collector follows it).
type runtimeTimer struct {
	when   int64
	period int64
	f      uintptr
	arg    *int
	seq    uint64
	idx    uint32
}

func startTimer(r *runtimeTimer, c chan Time, d int64, period int64)
func startFuncTimer(r *runtimeTimer, f func(), d int64)
func stopTimer(r *runtimeTimer) bool
func resetTimer(r *runtimeTimer, d int64, period int64) bool

// The Timer type represents a single event. When the Timer expires, the current time will be
// sent on C, unless the Timer was created by AfterFunc.
type Timer struct {
	C <-chan Time
	r *runtimeTimer
}

// NewTimer creates a new Timer that will send the current time on its channel after at least
// duration d.
func NewTimer(d Duration) *Timer {
	c := make(chan Time, 1)
	t := &Timer{C: c, r: &runtimeTimer{}}
	startTimer(t.r, c, int64(d), 0)
	return t
}

// Stop prevents the Timer from firing. It returns true if the call stops the timer, false if
// the timer has already expired or been stopped.
func (t *Timer) Stop() bool {
	if t.r == nil {
		panic("time: Stop called on uninitialized Timer")
	}
	return stopTimer(t.r)
}

// Reset changes the timer to expire after duration d. It returns true if the timer had been
// active, false if the timer had expired or been stopped.
func (t *Timer) Reset(d Duration) bool {
	if t.r == nil {
		panic("time: Reset called on uninitialized Timer")
	}
	return resetTimer(t.r, int64(d), 0)
}

// After waits for the duration to elapse and then sends the current time on the returned
// channel. It is equivalent to NewTimer(d).C.
func After(d Duration) <-chan Time {
	return NewTimer(d).C
}

// AfterFunc waits for the duration to elapse and then calls f in its own goroutine. It returns
// a Timer that can be used to cancel the call using its Stop method.
func AfterFunc(d Duration, f func()) *Timer {
	t := &Timer{r: &runtimeTimer{}}
	startFuncTimer(t.r, f, int64(d))
	return t
}

// A Ticker holds a channel that delivers "ticks" of a clock at intervals.
type Ticker struct {
	C <-chan Time
	r *runtimeTimer
}

// NewTicker returns a new Ticker containing a channel that will send the current time on the
// channel after each tick. The period of the ticks is specified by the duration argument. The
// ticker will adjust the time interval or drop ticks to make up for slow receivers. The
// duration d must be greater than zero; if not, NewTicker will panic.
func NewTicker(d Duration) *Ticker {
	if d <= 0 {
		panic("non-positive interval for NewTicker")
	}
	c := make(chan Time, 1)
	t := &Ticker{C: c, r: &runtimeTimer{}}
	startTimer(t.r, c, int64(d), int64(d))
	return t
}

// Stop turns off a ticker. After Stop, no more ticks will be sent.
func (t *Ticker) Stop() {
	if t.r != nil {
		stopTimer(t.r)
	}
}

// Reset stops a ticker and resets its period to the specified duration.
func (t *Ticker) Reset(d Duration) {
	if d <= 0 {
		panic("non-positive interval for Ticker.Reset")
	}
	if t.r == nil {
		panic("time: Reset called on uninitialized Ticker")
	}
	resetTimer(t.r, int64(d), int64(d))
}

// Tick is a convenience wrapper for NewTicker providing access to the ticking channel only.
// If d <= 0, Tick returns nil.
func Tick(d Duration) <-chan Time {
	if d <= 0 {
		return nil
	}
	return NewTicker(d).C
}

// runtimeNano returns the monotonic clock: nanoseconds since the runtime started.
func runtimeNano() int64

// Now returns the current local time, with a monotonic clock reading.
func Now() Time {
	sec, nsec, mono := now()
	t := Time{sec: sec + unixToInternal, nsec: nsec, loc: Local}
	if w := t.sec - wallToInternal; w >= 0 && w <= monoWallSpan {
		t.hasMono = true
		t.mono = mono
	}
	return t
}

// Unix returns the local Time for the given Unix time: sec seconds plus nsec nanoseconds since
// January 1, 1970 UTC. nsec may be outside [0, 999999999]; it is carried into sec.
func Unix(sec int64, nsec int64) Time {
	if nsec < 0 || nsec >= 1e9 {
		carry := nsec / 1e9
		sec += carry
		nsec -= carry * 1e9
		if nsec < 0 {
			nsec += 1e9
			sec--
		}
	}
	return Time{sec: sec + unixToInternal, nsec: int32(nsec), loc: Local}
}

// Since returns the time elapsed since t: Now().Sub(t).
func Since(t Time) Duration {
	if t.hasMono {
		return subMono(runtimeNano(), t.mono)
	}
	return Now().Sub(t)
}

// IsZero reports whether t is the zero instant, January 1, year 1, 00:00:00 UTC.
func (t Time) IsZero() bool { return t.sec == 0 && t.nsec == 0 }

// Unix returns t as seconds since January 1, 1970 UTC.
func (t Time) Unix() int64 { return t.sec - unixToInternal }

// UnixNano returns t as nanoseconds since January 1, 1970 UTC. The result wraps around (as in
// Go) when it does not fit in an int64: before 1678 or after 2262.
func (t Time) UnixNano() int64 { return (t.sec-unixToInternal)*1e9 + int64(t.nsec) }

// Location returns t's time zone.
func (t Time) Location() *Location {
	if t.loc == nil {
		return UTC
	}
	return t.loc
}

// After reports whether t is after u.
func (t Time) After(u Time) bool {
	if t.hasMono && u.hasMono {
		return t.mono > u.mono
	}
	return t.sec > u.sec || t.sec == u.sec && t.nsec > u.nsec
}

// Before reports whether t is before u.
func (t Time) Before(u Time) bool {
	if t.hasMono && u.hasMono {
		return t.mono < u.mono
	}
	return t.sec < u.sec || t.sec == u.sec && t.nsec < u.nsec
}

// Equal reports whether t and u are the same instant (whatever their locations).
func (t Time) Equal(u Time) bool {
	if t.hasMono && u.hasMono {
		return t.mono == u.mono
	}
	return t.sec == u.sec && t.nsec == u.nsec
}

// Add returns t+d. The wall time saturates at the int64 limits; the monotonic reading is
// dropped when it would overflow or when the wall time leaves the range Go keeps it for.
func (t Time) Add(d Duration) Time {
	dsec := int64(d / 1e9)
	nsec := t.nsec + int32(d%1e9)
	if nsec >= 1e9 {
		dsec++
		nsec -= 1e9
	} else if nsec < 0 {
		dsec--
		nsec += 1e9
	}
	t.nsec = nsec
	if t.hasMono {
		if w := t.sec - wallToInternal + dsec; w >= 0 && w <= monoWallSpan {
			t.sec += dsec
			m := t.mono + int64(d)
			if d < 0 && m > t.mono || d > 0 && m < t.mono {
				t.hasMono, t.mono = false, 0
			} else {
				t.mono = m
			}
			return t
		}
		t.hasMono, t.mono = false, 0
	}
	sum := t.sec + dsec
	if (sum > t.sec) == (dsec > 0) {
		t.sec = sum
	} else if dsec > 0 {
		t.sec = 1<<63 - 1
	} else {
		t.sec = -(1<<63 - 1)
	}
	return t
}

// Sub returns the duration t-u, saturated to the Duration range when it does not fit.
func (t Time) Sub(u Time) Duration {
	if t.hasMono && u.hasMono {
		return subMono(t.mono, u.mono)
	}
	d := Duration(t.sec-u.sec)*Second + Duration(t.nsec-u.nsec)
	switch {
	case u.Add(d).Equal(t):
		return d
	case t.Before(u):
		return minDuration
	default:
		return maxDuration
	}
}

// subMono returns t-u for two monotonic readings, saturated on overflow.
func subMono(t, u int64) Duration {
	d := Duration(t - u)
	if d < 0 && t > u {
		return maxDuration
	}
	if d > 0 && t < u {
		return minDuration
	}
	return d
}
