package syntax

// arena hands out pointers into chunks of T: a file has thousands of small
// nodes, and allocating them in chunks keeps parsing fast. Chunks grow so
// that small files stay cheap.
type arena[T any] struct{ buf []T }

func (a *arena[T]) alloc() *T {
	if len(a.buf) == cap(a.buf) {
		a.buf = make([]T, 0, min(max(2*cap(a.buf), 4), 256))
	}
	a.buf = a.buf[:len(a.buf)+1]
	return &a.buf[len(a.buf)-1]
}
