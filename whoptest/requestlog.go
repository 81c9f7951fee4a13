package whoptest

// DefaultRequestLogSize is how many requests a Server keeps for Requests
// unless WithRequestLogSize says otherwise.
const DefaultRequestLogSize = 1000

// WithRequestLogSize sets how many of the most recent requests the server
// keeps for Requests; older ones are dropped. 0 keeps none, and a negative
// n is treated as 0. RequestCount still counts every request.
func WithRequestLogSize(n int) Option {
	return func(s *Server) { s.reqs = requestLog{size: max(n, 0)} }
}

// requestLog is a ring buffer of the last size requests. Server.mu guards
// it.
type requestLog struct {
	size  int
	buf   []Request
	next  int   // where the next request goes once buf is full
	total int64 // requests ever added
}

func (l *requestLog) add(r Request) {
	l.total++
	switch {
	case l.size == 0:
	case len(l.buf) < l.size:
		l.buf = append(l.buf, r)
	default:
		l.buf[l.next] = r
		l.next = (l.next + 1) % l.size
	}
}

// snapshot copies the kept requests, oldest first.
func (l *requestLog) snapshot() []Request {
	out := make([]Request, 0, len(l.buf))
	out = append(out, l.buf[l.next:]...)
	return append(out, l.buf[:l.next]...)
}
