package whoptest

import (
	"bytes"
	"container/list"
	"crypto/sha256"
	"net/http"
	"time"
)

// IdempotencyWindow is how long the server remembers the outcome of a POST
// sent with an Idempotency-Key, on its own clock (Now, Advance). Whop keeps
// a keyed POST's outcome for 24 hours (docs.whop.com/developer/api/idempotency).
const IdempotencyWindow = 24 * time.Hour

// DefaultIdempotencyCacheSize is how many idempotency keys a Server
// remembers at once unless WithIdempotencyCacheSize says otherwise.
const DefaultIdempotencyCacheSize = 1000

// WithIdempotencyCacheSize sets how many idempotency keys the server
// remembers at once; when it is full, the oldest key is forgotten first,
// as if its IdempotencyWindow had passed. 0 turns replays off (every keyed
// POST runs again), and a negative n is treated as 0.
func WithIdempotencyCacheSize(n int) Option {
	return func(s *Server) { s.idem = newIdemCache(n) }
}

// Codes of the error objects the fake answers a misused key with. Whop's
// exact codes are not documented; these are the fake's.
const (
	// CodeIdempotencyKeyInUse comes with a 409: another request with the
	// same key is still being processed. Retry later with the same key.
	CodeIdempotencyKeyInUse = "idempotency_key_in_use"
	// CodeIdempotencyKeyReused comes with a 422: the key was first sent
	// with another method, path or body. A key belongs to one request.
	CodeIdempotencyKeyReused = "idempotency_key_reused"
)

// idemEntry is one key's request and, once its endpoint has run, the
// answer to replay.
type idemEntry struct {
	key      string
	method   string
	path     string
	bodyHash [sha256.Size]byte
	created  time.Time
	elem     *list.Element // its place in idemCache.order

	done   bool
	status int
	header http.Header
	body   []byte
}

func (e *idemEntry) sameRequest(method, path string, bodyHash [sha256.Size]byte) bool {
	return e.method == method && e.path == path && e.bodyHash == bodyHash
}

// idemCache remembers keyed POSTs, oldest first in order. The server
// accepts one API key, so a key's scope is the server. Server.mu guards it.
type idemCache struct {
	size    int
	entries map[string]*idemEntry
	order   *list.List
}

func newIdemCache(size int) *idemCache {
	return &idemCache{size: max(size, 0), entries: map[string]*idemEntry{}, order: list.New()}
}

func (c *idemCache) remove(e *idemEntry) {
	if c.entries[e.key] == e {
		delete(c.entries, e.key)
		c.order.Remove(e.elem)
	}
}

// begin looks up key for a request arriving at now. It returns the entry
// to replay (done), a new in-flight entry the caller must finish, nil when
// the cache is off, or the refusal to answer.
func (c *idemCache) begin(key, method, path string, body []byte, now time.Time) (*idemEntry, error) {
	for front := c.order.Front(); front != nil; front = c.order.Front() {
		if e := front.Value.(*idemEntry); now.Sub(e.created) >= IdempotencyWindow {
			c.remove(e)
			continue
		}
		break
	}
	hash := sha256.Sum256(body)
	if e, ok := c.entries[key]; ok {
		if now.Sub(e.created) >= IdempotencyWindow {
			// A clock set back by WithClock can leave an expired
			// entry behind a younger one.
			c.remove(e)
		} else {
			switch {
			case !e.sameRequest(method, path, hash):
				return nil, unprocessable(CodeIdempotencyKeyReused,
					"this Idempotency-Key was first used with a different method, path or body")
			case !e.done:
				return nil, &apiError{status: http.StatusConflict, typ: "invalid_request_error", code: CodeIdempotencyKeyInUse,
					message: "a request with this Idempotency-Key is still being processed; retry it later"}
			}
			return e, nil
		}
	}
	if c.size == 0 {
		return nil, nil
	}
	for len(c.entries) >= c.size {
		c.remove(c.order.Front().Value.(*idemEntry))
	}
	e := &idemEntry{key: key, method: method, path: path, bodyHash: hash, created: now}
	e.elem = c.order.PushBack(e)
	c.entries[key] = e
	return e, nil
}

// finish records what the endpoint answered. A 5xx is not kept: it says
// the server failed, so the key is released for a retry to run again.
func (c *idemCache) finish(e *idemEntry, a *capture) {
	if a.code() >= 500 {
		c.remove(e)
		return
	}
	e.done, e.status, e.header, e.body = true, a.code(), a.header.Clone(), bytes.Clone(a.body.Bytes())
}

// capture is a ResponseWriter that keeps the answer so it can be
// remembered under a key, or replaced by an injected fault.
type capture struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newCapture() *capture { return &capture{header: http.Header{}} }

func (c *capture) Header() http.Header { return c.header }

func (c *capture) WriteHeader(status int) {
	if c.status == 0 {
		c.status = status
	}
}

// code is the status the endpoint answered; one that wrote nothing
// answered 200, as net/http would send.
func (c *capture) code() int {
	if c.status == 0 {
		return http.StatusOK
	}
	return c.status
}

func (c *capture) Write(b []byte) (int, error) {
	c.WriteHeader(http.StatusOK)
	return c.body.Write(b)
}

// writeAnswer writes a recorded answer to w.
func writeAnswer(w http.ResponseWriter, status int, header http.Header, body []byte) {
	for k, vs := range header {
		w.Header()[k] = append([]string(nil), vs...)
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
