// Package whoptest is an in-memory fake of the Whop API for tests and
// offline examples. It speaks the same wire format as the real API under
// /api/v1 (JSON bodies, cursor pages, error objects, Bearer auth), keeps
// state per server, and can inject faults and deliver signed webhooks.
//
//	srv := whoptest.NewServer(t)
//	client := srv.Client()
//	prod, err := client.Products.Create(ctx, &whop.ProductCreateParams{CompanyID: srv.CompanyID(), Title: "Pro"})
//
// Every Server is independent and safe for concurrent use.
package whoptest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gowhop/whop"
)

// BasePath is where the fake API is mounted, as on api.whop.com.
const BasePath = "/api/v1"

// DefaultCompanyID is the company every server starts with.
const DefaultCompanyID = "biz_test00000000001"

// Server is the fake API. Create it with NewServer (for tests) or New and
// Start (for long-running programs such as cmd/whopmock).
type Server struct {
	apiKey string
	clock  func() time.Time
	// offset is how far Advance has moved the clock, in nanoseconds.
	offset atomic.Int64
	tb     testing.TB
	mux    *http.ServeMux
	httpd  *httptest.Server
	url    string

	mu     sync.Mutex
	seq    int64
	state  *state
	faults []fault
	delay  time.Duration
	reqs   requestLog
	hooks  []webhookTarget
	sent   []Delivery
	outbox []pendingEvent

	// Webhook delivery: emitted counts the events queued so far; inflight
	// holds the runs of them being delivered; delivered is signalled when
	// a run is done. life ends when the server closes, and with it any
	// delivery in progress.
	emitted       int64
	inflight      []span
	delivered     *sync.Cond
	life          context.Context
	endLife       context.CancelFunc
	webhookClient *http.Client

	// Test hooks (export_test.go): hookAfterEndpoint runs between an
	// endpoint and its webhook delivery, hookDeliveryWait before a call
	// waits for events another call is delivering.
	hookAfterEndpoint func(r *http.Request)
	hookDeliveryWait  func()

	routeFaults []routeFault // what FailNextOn and FailAfterNextOn queued, per route
	idem        *idemCache   // keyed POSTs' outcomes, for replay
	holds       []*Hold      // what HoldNextOn queued, not yet taken
	allHolds    []*Hold      // holds not yet finished, for Close to release

	patterns []string // what handle registered; written only by New
}

// Option configures a Server.
type Option func(*Server)

// WithAPIKey sets the key the server accepts instead of a random one.
func WithAPIKey(key string) Option { return func(s *Server) { s.apiKey = key } }

// WithClock makes the server stamp created_at and friends with now(), and
// judge billing periods by it; Advance moves the server's time forward on
// top of that clock. A nil now is ignored.
func WithClock(now func() time.Time) Option {
	return func(s *Server) {
		if now != nil {
			s.clock = now
		}
	}
}

// now is the server's current time: its clock plus whatever Advance added.
func (s *Server) now() time.Time { return s.clock().Add(time.Duration(s.offset.Load())) }

// Now is the server's current time, as it stamps objects and judges
// billing periods.
func (s *Server) Now() time.Time { return s.now() }

// Advance moves the server's clock forward by d and applies what the
// passing time brings: memberships whose period ended renew, or end when
// they were set to cancel at period end, or expire; each change emits its
// webhook before Advance returns. A negative d is ignored.
func (s *Server) Advance(d time.Duration) {
	if d > 0 {
		s.offset.Add(int64(d))
	}
	s.mu.Lock()
	mark := s.markLocked()
	s.settleLocked()
	s.mu.Unlock()
	s.flushWebhooks(context.Background(), mark)
}

// Request is one request the server received, for assertions.
type Request struct {
	Method string
	Path   string
	Query  string
	Header http.Header
	Body   []byte
}

// New builds a server that is not listening yet. Serve its Handler
// yourself, or call Start.
func New(opts ...Option) *Server {
	s := &Server{clock: time.Now, mux: http.NewServeMux(), reqs: requestLog{size: DefaultRequestLogSize},
		idem: newIdemCache(DefaultIdempotencyCacheSize)}
	s.delivered = sync.NewCond(&s.mu)
	s.life, s.endLife = context.WithCancel(context.Background())
	// Its own transport, so that Close can drop the idle connections it
	// keeps and a test checking for leaked goroutines finds none.
	s.webhookClient = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	for _, o := range opts {
		o(s)
	}
	if s.apiKey == "" {
		s.apiKey = "whoptest_" + randomHex(12)
	}
	s.state = newState()
	s.state.companies[DefaultCompanyID] = &company{ID: DefaultCompanyID, Title: "Test Company", Route: "test-company"}
	s.state.users[ownerUserID] = &userRec{u: whop.User{ID: ownerUserID, Username: "owner", CreatedAt: s.now().UTC()}}
	s.routes()
	return s
}

// NewServer starts a server on a loopback port and stops it when the test
// ends.
func NewServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := New(opts...)
	s.tb = t
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// Start listens on a loopback port. URL reports where.
func (s *Server) Start() {
	s.httpd = httptest.NewServer(s.Handler())
	s.url = s.httpd.URL + BasePath
}

// Close stops a server started with Start or NewServer: requests held by
// HoldNextOn are released, webhook deliveries in progress are cut short,
// and Close returns once every request has finished. Call it for a server
// made with New too (it then stops the deliveries and holds only).
func (s *Server) Close() {
	s.endLife()
	s.releaseHolds()
	if s.httpd != nil {
		s.httpd.Close()
	}
	s.webhookClient.CloseIdleConnections()
}

// SetURL records the address a server started by other means listens on
// (its base URL including /api/v1), for Client and URL.
func (s *Server) SetURL(baseURL string) { s.url = strings.TrimRight(baseURL, "/") }

// URL is the API base URL, ending in /api/v1; pass it to whop.WithBaseURL.
func (s *Server) URL() string { return s.url }

// APIKey is the only key the server accepts.
func (s *Server) APIKey() string { return s.apiKey }

// CompanyID is the ID of the company the server starts with.
func (s *Server) CompanyID() string { return DefaultCompanyID }

// Client returns a client pointed at the server with its key. Back-off
// waits are shortened to milliseconds so retry tests stay fast; opts are
// applied last and may change anything.
func (s *Server) Client(opts ...whop.ClientOption) *whop.Client {
	c, err := s.NewClient(opts...)
	if err != nil {
		// Only an invalid option of the caller's gets here. A test
		// server stops the test; a server without one returns nil,
		// and NewClient is the variant that reports the error.
		if s.tb != nil {
			s.tb.Helper()
			s.tb.Fatalf("whoptest: Client: %v", err)
		}
		return nil
	}
	return c
}

// NewClient is Client returning the error of an invalid option instead of
// failing the test.
func (s *Server) NewClient(opts ...whop.ClientOption) (*whop.Client, error) {
	base := []whop.ClientOption{
		whop.WithoutEnvironment(),
		whop.WithAPIKey(s.apiKey),
		whop.WithBaseURL(s.url),
		whop.WithBackoff(time.Millisecond, 5*time.Millisecond),
		whop.WithRetryAfterCap(10 * time.Millisecond),
	}
	return whop.NewClient(append(base, opts...)...)
}

// Handler serves the fake API (mounted under /api/v1).
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serve) }

// Requests returns the most recent requests received, oldest first. The
// log is bounded so that a long-running server (cmd/whopmock) does not
// grow without limit: it holds the last DefaultRequestLogSize (1000)
// requests, or as many as WithRequestLogSize sets, and drops older ones.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reqs.snapshot()
}

// RequestCount is the number of requests received since the server was
// created, including those the bounded log of Requests no longer holds.
func (s *Server) RequestCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return int(s.reqs.total)
}

type fault struct {
	status int
	header http.Header
	after  bool // the request is carried out first (FailAfterNextOn)
}

// FailNext makes the next n requests fail with status and the given extra
// headers (for example Retry-After) before reaching any endpoint. The body
// is the API's error object. Calls queue up.
func (s *Server) FailNext(n int, status int, header http.Header) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := 0; i < n; i++ {
		s.faults = append(s.faults, fault{status: status, header: header.Clone()})
	}
}

// SetLatency delays every response by d (0 turns it off). The delay ends
// early when the client gives up.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	s.delay = d
	s.mu.Unlock()
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid_request_error", "could not read the request body", "", "")
		return
	}
	_, pattern := s.mux.Handler(r)
	s.mu.Lock()
	s.reqs.add(Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: body})
	var f *fault
	if len(s.faults) > 0 {
		f = &s.faults[0]
		s.faults = s.faults[1:]
	} else {
		f = s.takeRouteFaultLocked(pattern)
	}
	delay := s.delay
	s.mu.Unlock()

	if delay > 0 {
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	w.Header().Set("X-Request-Id", "req_"+randomHex(8))
	if f != nil && !f.after {
		writeFault(w, f)
		return
	}
	a := newCapture()
	s.serveAccepted(a, r, body, pattern)
	if f != nil {
		// FailAfterNextOn: carried out, but the answer is lost.
		writeFault(w, f)
		return
	}
	writeAnswer(w, a.code(), a.header, a.body.Bytes())
}

// serveAccepted answers a request no fault stopped on its way in: it
// checks the key, replays or refuses a repeated Idempotency-Key, or runs
// the endpoint and remembers its outcome under the key.
func (s *Server) serveAccepted(w *capture, r *http.Request, body []byte, pattern string) {
	if !strings.HasPrefix(r.URL.Path, BasePath+"/") {
		writeError(w, http.StatusNotFound, "not_found", "no such endpoint", "", "")
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+s.apiKey {
		writeError(w, http.StatusUnauthorized, "unauthorized", "missing or invalid API key", "", "")
		return
	}
	if err := idempotencyHeader(r.Header); err != nil {
		writeAPIError(w, err)
		return
	}
	// Whop accepts an Idempotency-Key on every authenticated POST and
	// answers a repeat within 24 hours with the first outcome, 4xx
	// included (whopio/whop-mcp-server,
	// packages/server/src/runtime/dispatcher.ts;
	// docs.whop.com/developer/api/idempotency).
	var entry *idemEntry
	if key := r.Header.Get("Idempotency-Key"); key != "" && r.Method == http.MethodPost {
		s.mu.Lock()
		e, err := s.idem.begin(key, r.Method, r.URL.Path, body, s.now())
		replay := e != nil && e.done // a done entry no longer changes
		s.mu.Unlock()
		switch {
		case err != nil:
			writeAPIError(w, err)
			return
		case replay:
			writeAnswer(w, e.status, e.header, e.body)
			return
		}
		entry = e
	}
	hold := s.takeHold(pattern)
	if hold != nil {
		close(hold.arrived)
		<-hold.release
		// Accepted before the client could give up: it is carried out.
		r = r.WithContext(context.WithoutCancel(r.Context()))
	}
	ran := false
	defer func() {
		if entry != nil {
			s.mu.Lock()
			if ran {
				s.idem.finish(entry, w)
			} else {
				// The endpoint panicked: net/http answers for it, and
				// the key must not stay in flight.
				s.idem.remove(entry)
			}
			s.mu.Unlock()
		}
		if hold != nil {
			close(hold.done)
			s.forgetHold(hold)
		}
	}()
	r.Body = bodyReader(body)
	s.mux.ServeHTTP(w, r)
	ran = true
}

func writeFault(w http.ResponseWriter, f *fault) {
	for k, vs := range f.header {
		w.Header()[k] = vs
	}
	writeError(w, f.status, "injected_fault", "fault injected by whoptest", "", "")
}

// apiError is an error the handlers return; it is written as the API's
// error object.
type apiError struct {
	status  int
	typ     string
	message string
	code    string
	param   string
}

func (e *apiError) Error() string { return e.message }

func badParam(param, message string) *apiError {
	return &apiError{status: http.StatusBadRequest, typ: "invalid_request_error", message: message, code: "parameter_invalid", param: param}
}

func missingParam(param string) *apiError {
	return &apiError{status: http.StatusBadRequest, typ: "invalid_request_error", message: param + " is required", code: "parameter_missing", param: param}
}

func notFound(kind, id string) *apiError {
	return &apiError{status: http.StatusNotFound, typ: "not_found", message: kind + " " + id + " not found", code: "resource_not_found"}
}

func unprocessable(code, message string) *apiError {
	return &apiError{status: http.StatusUnprocessableEntity, typ: "invalid_request_error", message: message, code: code}
}

func writeError(w http.ResponseWriter, status int, typ, message, code, param string) {
	e := map[string]any{"type": typ, "message": message, "code": nil, "param": nil}
	if code != "" {
		e["code"] = code
	}
	if param != "" {
		e["param"] = param
	}
	writeJSON(w, status, map[string]any{"error": e})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":{"type":"server_error","message":"encoding failed","code":null,"param":null}}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// handle adapts a handler that returns a result or an *apiError.
func (s *Server) handle(pattern string, fn func(r *http.Request) (any, error)) {
	s.patterns = append(s.patterns, pattern)
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		// Time passed since the last call (on the caller's clock) first
		// moves what it moves, as on the real API.
		s.mu.Lock()
		mark := s.markLocked()
		s.settleLocked()
		s.mu.Unlock()
		v, err := fn(r)
		if s.hookAfterEndpoint != nil {
			s.hookAfterEndpoint(r)
		}
		s.flushWebhooks(r.Context(), mark)
		if err != nil {
			writeAPIError(w, err)
			return
		}
		writeJSON(w, http.StatusOK, v)
	})
}

// writeAPIError writes err as the API's error object: an *apiError as
// itself, anything else as a 500.
func writeAPIError(w http.ResponseWriter, err error) {
	if ae, ok := err.(*apiError); ok {
		writeError(w, ae.status, ae.typ, ae.message, ae.code, ae.param)
		return
	}
	writeError(w, http.StatusInternalServerError, "server_error", err.Error(), "", "")
}

// newID returns a fresh ID with the given prefix, unique within the server.
// Callers hold s.mu.
func (s *Server) newID(prefix string) string {
	s.seq++
	id := strconv.FormatInt(s.seq, 36)
	return prefix + "_" + strings.Repeat("0", max(0, 14-len(id))) + id
}

// decodeBody reads the JSON request body into v.
func decodeBody(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(v); err != nil {
		return badParam("body", fmt.Sprintf("request body is not valid JSON: %v", err))
	}
	return nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	return io.ReadAll(io.LimitReader(r.Body, 8<<20))
}

func bodyReader(b []byte) io.ReadCloser { return io.NopCloser(bytes.NewReader(b)) }
