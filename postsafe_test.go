package whop

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gowhop/whop/internal/faultserver"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// postMethods is every method of everyMethod that sends a POST, found by
// calling each once against a server that records the HTTP method, so a
// service added later is covered without a list kept by hand.
func postMethods(t *testing.T) []methodCall {
	t.Helper()
	srv := faultserver.New(testBasePath)
	t.Cleanup(srv.Close)
	c, err := NewClient(WithoutEnvironment(), WithAPIKey(testAPIKey), WithBaseURL(srv.URL), WithMaxRetries(0))
	require.NoError(t, err)
	var posts []methodCall
	for _, m := range everyMethod() {
		srv.Reset()
		srv.Script(faultserver.JSON(200, m.ok))
		_, err := m.call(context.Background(), c)
		require.NoError(t, err, m.name)
		reqs := srv.Requests()
		require.NotEmpty(t, reqs, m.name)
		if reqs[0].Method == http.MethodPost {
			posts = append(posts, m)
		}
	}
	return posts
}

func TestPostMethodsFound(t *testing.T) {
	var names []string
	for _, m := range postMethods(t) {
		names = append(names, m.name)
	}
	for _, want := range []string{"Products.Create", "Payments.Create", "Payments.Refund", "Payments.Retry",
		"Payments.Void", "CheckoutConfigurations.Create", "CompanyTokenTransactions.Create", "AccessTokens.Create"} {
		assert.Contains(t, names, want)
	}
}

// postFault is one column of the POST matrix: what the server does to the
// first attempt (or every attempt, when the fault persists).
type postFault struct {
	name   string
	action func(ok string) faultserver.Action
	// retried: a later attempt follows; final: the first answer ends the
	// call (a 2xx, or a timeout that spends the whole call).
	retried bool
	opts    []RequestOption
	// success: the call succeeds although the answer carried the fault.
	success bool
}

func postFaults() []postFault {
	return []postFault{
		{name: "reset after write", action: func(string) faultserver.Action { return faultserver.Reset() }, retried: true},
		{name: "500", action: func(string) faultserver.Action {
			return faultserver.JSON(500, `{"error":{"type":"server_error","message":"boom"}}`)
		}, retried: true},
		{name: "502 html", action: func(string) faultserver.Action { return faultserver.HTML(502) }, retried: true},
		{name: "503 retry-after", action: func(string) faultserver.Action {
			return faultserver.Respond(503, http.Header{"Content-Type": {"application/json"}, "Retry-After": {"1"}},
				`{"error":{"type":"server_error","message":"later"}}`)
		}, retried: true},
		{name: "408", action: func(string) faultserver.Action {
			return faultserver.JSON(408, `{"error":{"type":"timeout","message":"slow"}}`)
		}, retried: true},
		{name: "429", action: func(string) faultserver.Action { return faultserver.RateLimited("Retry-After-Ms", "1") }, retried: true},
		{name: "timeout", action: func(string) faultserver.Action { return faultserver.Stall() },
			opts: []RequestOption{WithRequestTimeout(faultStall)}},
		{name: "2xx with x-should-retry", action: func(ok string) faultserver.Action {
			return faultserver.Respond(200, http.Header{"Content-Type": {"application/json"}, "X-Should-Retry": {"true"}}, ok)
		}, success: true},
	}
}

// TestEveryPOSTRetriedUnderOneKey runs every POST method against every
// fault, with and without a key of the caller's, once with the fault on
// the first attempt only and once with a fault that persists. Every
// arrival of one call carries the same non-empty key (the caller's when
// given), the body is the same, a 2xx is never followed by another
// arrival, and a failure returns the key in an *IdempotencyKeyError.
func TestEveryPOSTRetriedUnderOneKey(t *testing.T) {
	checkNoLeaks(t)
	for _, m := range postMethods(t) {
		for _, fault := range postFaults() {
			for _, callerKey := range []string{"", "caller-key-1"} {
				for _, persists := range []bool{false, true} {
					if persists && !fault.retried {
						continue // the first answer ends the call either way
					}
					name := m.name + "/" + fault.name
					if callerKey != "" {
						name += "/caller key"
					}
					if persists {
						name += "/persists"
					}
					t.Run(name, func(t *testing.T) {
						fc := newFaultClient(t)
						defer fc.cleanup()
						ok := faultserver.JSON(200, m.ok)
						fc.srv.Handle(func(n int, _ *http.Request) faultserver.Action {
							if n == 0 || persists {
								return fault.action(m.ok)
							}
							return ok
						})
						var meta Response
						opts := append([]RequestOption{WithResponseInto(&meta)}, fault.opts...)
						if callerKey != "" {
							opts = append(opts, WithIdempotencyKey(callerKey))
						}
						fc.testOpts = opts
						_, err := m.call(context.Background(), fc.Client)

						reqs := fc.srv.Requests()
						require.NotEmpty(t, reqs)
						key := reqs[0].Header.Get("Idempotency-Key")
						require.NotEmpty(t, key, "a POST carries a key")
						if callerKey != "" {
							assert.Equal(t, callerKey, key)
						}
						for i, r := range reqs {
							assert.Equal(t, http.MethodPost, r.Method)
							assert.Equal(t, key, r.Header.Get("Idempotency-Key"), "arrival %d keeps the key", i+1)
							assert.Equal(t, reqs[0].Path, r.Path, "arrival %d keeps the path", i+1)
							assert.Equal(t, string(reqs[0].Body), string(r.Body), "arrival %d keeps the body", i+1)
							var body struct {
								Key *string `json:"idempotency_key"`
							}
							if json.Unmarshal(r.Body, &body) == nil && body.Key != nil {
								assert.Equal(t, key, *body.Key, "a body key and the header agree")
							}
						}
						assert.Equal(t, key, meta.IdempotencyKey)

						switch {
						case fault.success:
							require.NoError(t, err)
							assert.Len(t, reqs, 1, "a 2xx is final")
						case !fault.retried:
							require.Error(t, err)
							assert.Len(t, reqs, 1)
						case !persists:
							require.NoError(t, err)
							assert.Len(t, reqs, 2, "the fault, then the 2xx, and nothing after it")
							assert.Equal(t, 200, meta.StatusCode)
							assert.Equal(t, 2, meta.Attempts)
						default:
							require.Error(t, err)
							assert.Len(t, reqs, 1+faultRetries)
							assert.Equal(t, 1+faultRetries, meta.Attempts)
						}
						if err != nil {
							var keyErr *IdempotencyKeyError
							require.ErrorAs(t, err, &keyErr)
							assert.Equal(t, key, keyErr.Key, "the error gives back the key that was sent")
						}
						assert.Zero(t, fc.bodies.open.Load(), "every response body is closed")
					})
				}
			}
		}
	}
}

// A 409 to a keyed POST means the same key is still in flight: it is
// retried within the budget, then returned with the key. A 409 to a GET
// is not retried.
func TestConflictOnKeyedPOST(t *testing.T) {
	conflict := faultserver.JSON(409, `{"error":{"type":"conflict","message":"a request with this key is in progress"}}`)
	fc := newFaultClient(t)
	fc.srv.Script(conflict, faultserver.JSON(200, productBody))
	_, err := fc.Products.Create(context.Background(), &ProductCreateParams{CompanyID: "biz_1", Title: "t"})
	require.NoError(t, err)
	assert.Equal(t, 2, fc.srv.Hits())

	fc.srv.Reset()
	fc.srv.Script(conflict)
	_, err = fc.Products.Create(context.Background(), &ProductCreateParams{CompanyID: "biz_1", Title: "t"}, WithIdempotencyKey("k-409"))
	assert.ErrorIs(t, err, ErrConflict)
	var keyErr *IdempotencyKeyError
	require.ErrorAs(t, err, &keyErr)
	assert.Equal(t, "k-409", keyErr.Key)
	assert.Equal(t, 1+faultRetries, fc.srv.Hits(), "a conflict that persists ends with the budget")

	fc.srv.Reset()
	_, err = fc.Products.Get(context.Background(), "prod_1")
	assert.ErrorIs(t, err, ErrConflict)
	assert.Equal(t, 1, fc.srv.Hits())

	fc.srv.Reset()
	fc.srv.Script(faultserver.Respond(409, http.Header{"X-Should-Retry": {"false"}}, `{}`))
	_, err = fc.Products.Create(context.Background(), &ProductCreateParams{CompanyID: "biz_1", Title: "t"})
	assert.ErrorIs(t, err, ErrConflict)
	assert.Equal(t, 1, fc.srv.Hits(), "x-should-retry: false stops a 409 too")
}

// A key given with WithHeader is the call's key; one that contradicts
// WithIdempotencyKey is refused before sending.
func TestIdempotencyKeyFromHeader(t *testing.T) {
	fc := newFaultClient(t)
	fc.srv.Script(faultserver.JSON(500, `{}`), faultserver.JSON(200, productBody))
	_, err := fc.Products.Create(context.Background(), &ProductCreateParams{CompanyID: "biz_1", Title: "t"},
		WithHeader("Idempotency-Key", "hdr-1"))
	require.NoError(t, err)
	for _, r := range fc.srv.Requests() {
		assert.Equal(t, []string{"hdr-1"}, r.Header.Values("Idempotency-Key"))
	}
	fc.srv.Reset()
	_, err = fc.Products.Create(context.Background(), &ProductCreateParams{CompanyID: "biz_1", Title: "t"},
		WithHeader("Idempotency-Key", "hdr-1"), WithIdempotencyKey("opt-2"))
	assert.ErrorIs(t, err, ErrInvalidParams)
	assert.Zero(t, fc.srv.Hits())
}

func TestResponseIntoOnSuccess(t *testing.T) {
	fc := newFaultClient(t)
	fc.srv.Script(
		faultserver.JSON(503, `{}`),
		faultserver.Respond(200, http.Header{"Content-Type": {"application/json"}, "X-Request-Id": {"req_9"},
			"Set-Cookie": {"__cf_bm=secret"}, "X-Ratelimit-Remaining": {"41"}}, productBody))
	var meta Response
	p, err := fc.Products.Get(context.Background(), "prod_1", WithResponseInto(&meta))
	require.NoError(t, err)
	assert.Equal(t, "prod_1", p.ID)
	assert.Equal(t, 200, meta.StatusCode)
	assert.Equal(t, "req_9", meta.RequestID)
	assert.Equal(t, 2, meta.Attempts)
	assert.Empty(t, meta.IdempotencyKey, "a GET carries no key")
	assert.Equal(t, "41", meta.Header.Get("X-Ratelimit-Remaining"))
	assert.Empty(t, meta.Header.Values("Set-Cookie"), "cookies are not handed out")

	// A POST reports its generated key.
	fc.srv.Script(faultserver.JSON(200, productBody))
	_, err = fc.Products.Create(context.Background(), &ProductCreateParams{CompanyID: "biz_1", Title: "t"}, WithResponseInto(&meta))
	require.NoError(t, err)
	assert.Equal(t, fc.srv.Requests()[2].Header.Get("Idempotency-Key"), meta.IdempotencyKey)
	assert.Equal(t, 1, meta.Attempts)

	// A call refused before sending leaves it zero.
	_, err = fc.Products.Get(context.Background(), "", WithResponseInto(&meta))
	assert.ErrorIs(t, err, ErrInvalidParams)
	assert.Equal(t, Response{}, meta)

	_, err = fc.Products.Get(context.Background(), "prod_1", WithResponseInto(nil))
	assert.Error(t, err)
}

func TestResponseIntoAndAPIErrorOnFailure(t *testing.T) {
	fc := newFaultClient(t, WithMaxRetries(0))
	fc.srv.Script(faultserver.Respond(429, http.Header{"Content-Type": {"application/json"}, "Retry-After": {"7"},
		"X-Request-Id": {"req_rl"}, "Set-Cookie": {"s=1"}}, `{"error":{"type":"rate_limit","message":"slow down"}}`))
	var meta Response
	_, err := fc.Products.Create(context.Background(), &ProductCreateParams{CompanyID: "biz_1", Title: "t"}, WithResponseInto(&meta))
	require.ErrorIs(t, err, ErrRateLimited)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 7*time.Second, apiErr.RetryAfter)
	assert.Equal(t, "7", apiErr.Header.Get("Retry-After"))
	assert.Empty(t, apiErr.Header.Values("Set-Cookie"))
	assert.Equal(t, 429, meta.StatusCode)
	assert.Equal(t, "req_rl", meta.RequestID)
	assert.Equal(t, 1, meta.Attempts)
	assert.NotEmpty(t, meta.IdempotencyKey)

	fc.srv.Script(faultserver.RateLimited("Retry-After-Ms", "1500"))
	_, err = fc.Products.Get(context.Background(), "prod_1")
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 1500*time.Millisecond, apiErr.RetryAfter)

	fc.srv.Script(faultserver.JSON(404, `{}`))
	_, err = fc.Products.Get(context.Background(), "prod_1")
	require.ErrorAs(t, err, &apiErr)
	assert.Zero(t, apiErr.RetryAfter)
}

// With no answer, the metadata holds what is known: the attempts and the
// key.
func TestResponseIntoOnTransportError(t *testing.T) {
	fc := newFaultClient(t)
	fc.srv.Script(faultserver.Reset())
	var meta Response
	_, err := fc.Payments.Refund(context.Background(), "pay_1", nil, WithResponseInto(&meta))
	require.Error(t, err)
	var keyErr *IdempotencyKeyError
	require.ErrorAs(t, err, &keyErr)
	assert.Zero(t, meta.StatusCode)
	assert.Nil(t, meta.Header)
	assert.Equal(t, 1+faultRetries, meta.Attempts)
	assert.Equal(t, keyErr.Key, meta.IdempotencyKey)
}

// In ListAll, the Response describes the page the current item came from.
func TestResponseIntoPerPage(t *testing.T) {
	fc := newFaultClient(t)
	page := func(id, req string, more bool, cursor string) faultserver.Action {
		return faultserver.Respond(200, http.Header{"Content-Type": {"application/json"}, "X-Request-Id": {req}},
			`{"data":[{"id":"`+id+`"}],"page_info":{"has_next_page":`+map[bool]string{true: "true", false: "false"}[more]+`,"end_cursor":"`+cursor+`"}}`)
	}
	fc.srv.Script(page("prod_a", "req_page1", true, "c1"), page("prod_b", "req_page2", false, ""))
	var meta Response
	var seen []string
	for p, err := range fc.Products.ListAll(context.Background(), &ProductListParams{CompanyID: "biz_1"}, WithResponseInto(&meta)) {
		require.NoError(t, err)
		seen = append(seen, p.ID+"@"+meta.RequestID)
	}
	assert.Equal(t, []string{"prod_a@req_page1", "prod_b@req_page2"}, seen)
}

// The middleware sees every attempt, numbered, with the route template
// and the key; a header it adds reaches the server; the call middleware
// runs once per call.
func TestMiddlewareSeesEveryAttempt(t *testing.T) {
	var mu sync.Mutex
	var seen []AttemptInfo
	var calls []CallInfo
	var results []Response
	mw := func(req *http.Request, at AttemptInfo, next RoundTripFunc) (*http.Response, error) {
		mu.Lock()
		seen = append(seen, at)
		mu.Unlock()
		req.Header.Set("X-Trace", "t1")
		return next(req)
	}
	cmw := func(ctx context.Context, call CallInfo, next CallFunc) (Response, error) {
		resp, err := next(ctx)
		mu.Lock()
		calls, results = append(calls, call), append(results, resp)
		mu.Unlock()
		return resp, err
	}
	fc := newFaultClient(t, WithMiddleware(mw), WithCallMiddleware(cmw))
	fc.srv.Script(faultserver.Reset(), faultserver.JSON(500, `{}`), faultserver.JSON(200, `{"id":"pay_1"}`))
	_, err := fc.Payments.Refund(context.Background(), "pay_1", nil)
	require.NoError(t, err)
	reqs := fc.srv.Requests()
	require.Len(t, reqs, 3)
	key := reqs[0].Header.Get("Idempotency-Key")
	require.Len(t, seen, 3)
	for i, at := range seen {
		assert.Equal(t, AttemptInfo{Method: "POST", Route: "/payments/{id}/refund", Attempt: i + 1, IdempotencyKey: key}, at)
		assert.Equal(t, "t1", reqs[i].Header.Get("X-Trace"))
	}
	require.Len(t, calls, 1)
	assert.Equal(t, CallInfo{Method: "POST", Route: "/payments/{id}/refund", IdempotencyKey: key}, calls[0])
	assert.Equal(t, 200, results[0].StatusCode)
	assert.Equal(t, 3, results[0].Attempts)
}

var errVeto = errors.New("veto")

// A middleware's own error ends the call unretried and is returned; the
// transport's error, passed on, is retried as usual.
func TestMiddlewareErrorsPropagate(t *testing.T) {
	var calls atomic.Int64
	veto := func(req *http.Request, at AttemptInfo, next RoundTripFunc) (*http.Response, error) {
		calls.Add(1)
		return nil, errVeto
	}
	fc := newFaultClient(t, WithMiddleware(veto))
	_, err := fc.Products.Create(context.Background(), &ProductCreateParams{CompanyID: "biz_1", Title: "t"})
	require.ErrorIs(t, err, errVeto)
	var keyErr *IdempotencyKeyError
	assert.ErrorAs(t, err, &keyErr)
	assert.Equal(t, int64(1), calls.Load(), "not retried")
	assert.Zero(t, fc.srv.Hits())
	assert.Contains(t, err.Error(), "middleware: veto")

	// An error after next: the request reached the server, the answer is
	// dropped, the middleware's error ends the call.
	after := func(req *http.Request, at AttemptInfo, next RoundTripFunc) (*http.Response, error) {
		resp, err := next(req)
		if err != nil {
			return nil, err
		}
		return resp, errVeto
	}
	fc = newFaultClient(t, WithMiddleware(after))
	_, err = fc.Products.Get(context.Background(), "prod_1")
	require.ErrorIs(t, err, errVeto)
	assert.Equal(t, 1, fc.srv.Hits())
	assert.Zero(t, fc.bodies.open.Load(), "the dropped answer's body is closed")

	// Passing on the transport's error, even wrapped, keeps retries.
	wrap := func(req *http.Request, at AttemptInfo, next RoundTripFunc) (*http.Response, error) {
		resp, err := next(req)
		if err != nil {
			return nil, errors.Join(errors.New("traced"), err)
		}
		return resp, nil
	}
	fc = newFaultClient(t, WithMiddleware(wrap))
	fc.srv.Script(faultserver.Reset(), faultserver.JSON(200, productBody))
	_, err = fc.Products.Get(context.Background(), "prod_1")
	require.NoError(t, err)
	assert.Equal(t, 2, fc.srv.Hits())

	// A call middleware's error is the call's.
	fc = newFaultClient(t, WithCallMiddleware(func(ctx context.Context, _ CallInfo, next CallFunc) (Response, error) {
		return Response{}, errVeto
	}))
	_, err = fc.Products.Get(context.Background(), "prod_1")
	require.ErrorIs(t, err, errVeto)
	assert.Zero(t, fc.srv.Hits())

	_, err = NewClient(WithoutEnvironment(), WithAPIKey("k"), WithMiddleware(nil))
	assert.Error(t, err)
	_, err = NewClient(WithoutEnvironment(), WithAPIKey("k"), WithCallMiddleware(nil))
	assert.Error(t, err)
}

// syncBuffer is a bytes.Buffer safe for the logger to write from the
// client's goroutine while the test reads it afterwards.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Debug logs: each retried attempt with its status, request ID and the
// wait, and the outcome in one line.
func TestLoggerReportsAttempts(t *testing.T) {
	var buf syncBuffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	fc := newFaultClient(t, WithLogger(logger))
	fc.srv.Script(
		// Connection: close, so that the reset comes on a new connection,
		// which net/http does not replay by itself.
		faultserver.Respond(503, http.Header{"X-Request-Id": {"req_a"}, "Retry-After-Ms": {"2"}, "Connection": {"close"}}, `{}`),
		faultserver.Reset(),
		faultserver.Respond(200, http.Header{"Content-Type": {"application/json"}, "X-Request-Id": {"req_c"}}, productBody))
	_, err := fc.Products.Get(context.Background(), "prod_1")
	require.NoError(t, err)
	var retries, outcomes []string
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		switch {
		case strings.Contains(line, "msg=\"whop retry\""):
			retries = append(retries, line)
		case strings.Contains(line, "msg=\"whop response\""):
			outcomes = append(outcomes, line)
		}
	}
	require.Len(t, retries, 2, buf.String())
	assert.Contains(t, retries[0], "attempt=1")
	assert.Contains(t, retries[0], "status=503")
	assert.Contains(t, retries[0], "request_id=req_a")
	assert.Contains(t, retries[0], "wait=2ms")
	assert.Contains(t, retries[1], "attempt=2")
	assert.Contains(t, retries[1], "error=")
	assert.Contains(t, retries[1], "wait=")
	require.Len(t, outcomes, 1)
	assert.Contains(t, outcomes[0], "status=200")
	assert.Contains(t, outcomes[0], "request_id=req_c")
	assert.Contains(t, outcomes[0], "attempts=3")
	assert.NotContains(t, buf.String(), testAPIKey)
}

// A proxy that echoes the Authorization header into its answer's headers
// cannot hand the API key out through the metadata or the error.
func TestResponseHeadersRedactKey(t *testing.T) {
	fc := newFaultClient(t, WithMaxRetries(0))
	echo := func(status int) faultserver.Action {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Echo", r.Header.Get("Authorization"))
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = w.Write([]byte(productBody))
		}
	}
	var meta Response
	fc.srv.Script(echo(200))
	_, err := fc.Products.Get(context.Background(), "prod_1", WithResponseInto(&meta))
	require.NoError(t, err)
	assert.Equal(t, "Bearer [REDACTED]", meta.Header.Get("X-Echo"))

	fc.srv.Script(echo(400))
	_, err = fc.Products.Get(context.Background(), "prod_1", WithResponseInto(&meta))
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "Bearer [REDACTED]", apiErr.Header.Get("X-Echo"))
	assert.Equal(t, "Bearer [REDACTED]", meta.Header.Get("X-Echo"))
	assert.NotContains(t, apiErr.GoString(), testAPIKey)
}
