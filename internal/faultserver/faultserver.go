// Package faultserver is a loopback HTTP server for tests that misbehaves
// on purpose. For each request it runs an Action chosen by the test: answer
// normally, reset the connection, cut the body short, stall, send a proxy's
// HTML error page, ask for a pause with Retry-After, send broken JSON, send
// a huge body or redirect. It records every request it received and counts
// the TCP connections clients opened, so a test can assert how many
// attempts reached the server and whether connections were reused. A test
// can also wait for a number of requests to arrive, or to begin stalling,
// instead of guessing how long that takes.
//
// The server only listens on 127.0.0.1.
package faultserver

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Action decides what the server does with one request. The request body
// has already been read (and recorded) when it runs.
type Action func(w http.ResponseWriter, r *http.Request)

// Request is what the server recorded of one request.
type Request struct {
	Method string
	// Path is the escaped path exactly as it arrived on the request line.
	Path     string
	RawQuery string
	Header   http.Header
	Body     []byte
}

// Server is a running fault-injecting server. Build it with New and stop
// it with Close.
type Server struct {
	// URL is the base URL clients should use: the server's address followed
	// by the base path given to New.
	URL string
	// Addr is the host:port the server listens on.
	Addr string

	srv      *httptest.Server
	mu       sync.Mutex
	choose   func(n int, r *http.Request) Action
	requests []Request
	hits     counter
	stalls   counter
	newConns atomic.Int64
	closed   counter
	release  chan struct{}
	once     sync.Once
}

// maxRecordedBody bounds how much of a request body is kept.
const maxRecordedBody = 1 << 20

// New starts a server whose URL ends in basePath (such as "/api/v1"). Until
// Script or Handle is called it answers every request with 200 and {}.
func New(basePath string) *Server {
	s := &Server{release: make(chan struct{})}
	s.choose = func(int, *http.Request) Action { return JSON(http.StatusOK, `{}`) }
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		switch st {
		case http.StateNew:
			s.newConns.Add(1)
		case http.StateClosed:
			s.closed.add()
		}
	}
	s.srv.Start()
	s.URL = s.srv.URL + strings.TrimRight(basePath, "/")
	s.Addr = s.srv.Listener.Addr().String()
	return s
}

// Script makes the n-th request (counting from 0) run actions[n]; the last
// action repeats for every later request.
func (s *Server) Script(actions ...Action) {
	if len(actions) == 0 {
		panic("faultserver: Script needs at least one action")
	}
	s.Handle(func(n int, _ *http.Request) Action {
		return actions[min(n, len(actions)-1)]
	})
}

// Handle makes fn choose the action for each request; n counts requests
// from 0 in the order they arrived.
func (s *Server) Handle(fn func(n int, r *http.Request) Action) {
	s.mu.Lock()
	s.choose = fn
	s.mu.Unlock()
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxRecordedBody))
	s.mu.Lock()
	n := len(s.requests)
	s.requests = append(s.requests, Request{
		Method:   r.Method,
		Path:     r.URL.EscapedPath(),
		RawQuery: r.URL.RawQuery,
		Header:   r.Header.Clone(),
		Body:     body,
	})
	choose := s.choose
	s.mu.Unlock()
	s.hits.add()
	act := choose(n, r)
	if act == nil {
		act = JSON(http.StatusOK, `{}`)
	}
	act(w, s.withRelease(r))
}

// Hits is how many requests reached the server (their headers were read).
func (s *Server) Hits() int { return s.hits.load() }

// WaitHits blocks until at least n requests have reached the server since
// it started or was last Reset, or until ctx ends (returning its error).
func (s *Server) WaitHits(ctx context.Context, n int) error { return s.hits.wait(ctx, n) }

// Stalls is how many requests began to stall (Stall or StallBody), counted
// once whatever the action sends before holding the connection was flushed.
func (s *Server) Stalls() int { return s.stalls.load() }

// WaitStalls blocks until at least n requests have begun to stall since the
// server started or was last Reset, or until ctx ends (returning its error).
func (s *Server) WaitStalls(ctx context.Context, n int) error { return s.stalls.wait(ctx, n) }

// NewConns is how many TCP connections clients opened to the server.
func (s *Server) NewConns() int { return int(s.newConns.Load()) }

// ClosedConns is how many of those connections were closed, by either side,
// so far. A connection taken over by an action (Reset, HangUp,
// CloseMidBody) is not counted. The server notices a connection the client
// closed only when its read of the next request fails, a moment later.
func (s *Server) ClosedConns() int { return s.closed.load() }

// WaitClosedConns blocks until at least n connections have been closed, or
// until ctx ends (returning its error).
func (s *Server) WaitClosedConns(ctx context.Context, n int) error { return s.closed.wait(ctx, n) }

// Requests returns a copy of what the server received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Reset forgets the recorded requests and the hit and stall counts; the
// connection counts are kept.
func (s *Server) Reset() {
	s.mu.Lock()
	s.requests = nil
	s.mu.Unlock()
	s.hits.store(0)
	s.stalls.store(0)
}

// Close releases every stalled request, drops all connections and stops
// the server. It is safe to call more than once.
func (s *Server) Close() {
	s.once.Do(func() {
		close(s.release)
		s.srv.CloseClientConnections()
		s.srv.Close()
	})
}

type releaseKey struct{}

type stallsKey struct{}

// withRelease lets stalling actions also end when the server closes, and
// count themselves.
func (s *Server) withRelease(r *http.Request) *http.Request {
	ctx := contextWithRelease(r.Context(), s.release)
	return r.WithContext(context.WithValue(ctx, stallsKey{}, &s.stalls))
}

// stall counts the request as stalling, blocks until the client goes away
// or the server closes, then drops the connection: returning normally
// would let net/http complete the answer with an empty 200.
func stall(r *http.Request) {
	if c, ok := r.Context().Value(stallsKey{}).(*counter); ok {
		c.add()
	}
	select {
	case <-r.Context().Done():
	case <-releaseOf(r.Context()):
	}
	panic(http.ErrAbortHandler)
}

// JSON answers with status and body as application/json.
func JSON(status int, body string) Action {
	return Respond(status, http.Header{"Content-Type": {"application/json"}}, body)
}

// Respond answers with status, the given headers and body.
func Respond(status int, h http.Header, body string) Action {
	return func(w http.ResponseWriter, _ *http.Request) {
		for k, vs := range h {
			w.Header()[k] = append([]string(nil), vs...)
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// HTML answers with status and an HTML error page such as a load balancer
// or CDN sends when the API behind it is down.
func HTML(status int) Action {
	page := fmt.Sprintf("<!DOCTYPE html>\n<html><head><title>%d %s</title></head>"+
		"<body><center><h1>%d %s</h1></center><hr><center>nginx</center></body></html>\n",
		status, http.StatusText(status), status, http.StatusText(status))
	return Respond(status, http.Header{"Content-Type": {"text/html; charset=utf-8"}}, page)
}

// RateLimited answers 429 with the JSON error body and header set to value,
// for example "Retry-After: 2", "Retry-After: <HTTP date>" or
// "Retry-After-Ms: 150".
func RateLimited(header, value string) Action {
	return Respond(http.StatusTooManyRequests,
		http.Header{"Content-Type": {"application/json"}, header: {value}},
		`{"error":{"type":"rate_limit_error","message":"slow down"}}`)
}

// Truncated answers 200 with a Content-Length that matches what is sent,
// but only the first half of body: the response is complete, the JSON is
// not.
func Truncated(body string) Action {
	return JSON(http.StatusOK, body[:len(body)/2])
}

// Reset closes the connection with a TCP reset instead of answering, after
// the request (body included) was read: the server may have acted on it.
func Reset() Action {
	return func(w http.ResponseWriter, _ *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			panic(err)
		}
		if tc, ok := conn.(*net.TCPConn); ok {
			_ = tc.SetLinger(0)
		}
		_ = conn.Close()
	}
}

// HangUp closes the connection cleanly (a FIN, not a reset) instead of
// answering, after the request was read: to the client it looks like a
// keep-alive connection the server dropped just as it was reused.
func HangUp() Action {
	return func(w http.ResponseWriter, _ *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			panic(err)
		}
		_ = conn.Close()
	}
}

// CloseMidBody starts a status answer announcing all of body, sends half
// of it and closes the connection.
func CloseMidBody(status int, body string) Action {
	return func(w http.ResponseWriter, _ *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			panic(err)
		}
		defer conn.Close()
		writeHead(buf.Writer, status, len(body))
		_, _ = buf.WriteString(body[:len(body)/2])
		_ = buf.Flush()
	}
}

func writeHead(w *bufio.Writer, status, length int) {
	fmt.Fprintf(w, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n",
		status, http.StatusText(status), length)
}

// Stall holds the request without answering until the client gives up or
// the server closes.
func Stall() Action {
	return func(_ http.ResponseWriter, r *http.Request) { stall(r) }
}

// StallBody sends the status line, headers and half of body, then holds the
// connection until the client gives up or the server closes.
func StallBody(status int, body string) Action {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body[:len(body)/2])
		w.(http.Flusher).Flush()
		stall(r)
	}
}

// Huge answers with status and a body of exactly size bytes: prefix, then
// fill repeated, then suffix. It never holds the whole body in memory, and
// stops early when the client hangs up.
func Huge(status int, contentType, prefix string, fill byte, suffix string, size int64) Action {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
		w.WriteHeader(status)
		if _, err := io.WriteString(w, prefix); err != nil {
			return
		}
		chunk := []byte(strings.Repeat(string(fill), 64<<10))
		left := size - int64(len(prefix)) - int64(len(suffix))
		for left > 0 {
			n := min(left, int64(len(chunk)))
			if _, err := w.Write(chunk[:n]); err != nil {
				return
			}
			left -= n
		}
		_, _ = io.WriteString(w, suffix)
	}
}

// Redirect answers with status (301, 302, 303, 307 or 308) and a Location
// of location.
func Redirect(status int, location string) Action {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Location", location)
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(status)
	}
}

func contextWithRelease(ctx context.Context, ch <-chan struct{}) context.Context {
	return context.WithValue(ctx, releaseKey{}, ch)
}

// releaseOf returns the channel closed when the server shuts down (nil, so
// never ready, outside the server).
func releaseOf(ctx context.Context) <-chan struct{} {
	ch, _ := ctx.Value(releaseKey{}).(<-chan struct{})
	return ch
}

// counter is a count a test can wait on without polling.
type counter struct {
	mu sync.Mutex
	n  int
	// changed is closed (and cleared) whenever n changes, waking waiters.
	changed chan struct{}
}

func (c *counter) add() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	c.wake()
}

func (c *counter) store(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n = n
	c.wake()
}

func (c *counter) wake() {
	if c.changed != nil {
		close(c.changed)
		c.changed = nil
	}
}

func (c *counter) load() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

func (c *counter) wait(ctx context.Context, n int) error {
	for {
		c.mu.Lock()
		if c.n >= n {
			c.mu.Unlock()
			return nil
		}
		if c.changed == nil {
			c.changed = make(chan struct{})
		}
		changed := c.changed
		c.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
