package whop

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gowhop/whop/internal/faultserver"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// The fault matrix runs every kind of call the services make (GET, PATCH,
// DELETE, POST with and without an idempotency key) against every fault a
// network or a proxy produces, and checks what a payments team relies on:
// how many attempts reached the server, that every attempt of a POST
// carries one and the same idempotency key, the type and text of the
// error, the back-off waits, the size of what was read, and that no response
// body or goroutine is left behind.

// Settings every fault test uses: real timers, but tiny ones.
const (
	faultMinBackoff = time.Millisecond
	faultMaxBackoff = 4 * time.Millisecond
	faultRetryCap   = 5 * time.Millisecond
	faultRetries    = 2
	faultStall      = 50 * time.Millisecond
)

const productBody = `{"id":"prod_1","title":"Pickaxe","visibility":"visible","route":"pickaxe"}`

// okBody is the body a healthy API answers method with.
func okBody(method string) string {
	if method == http.MethodDelete {
		return "true"
	}
	return productBody
}

// callKind is one way of calling the API; run returns whether a result
// came back alongside the error.
type callKind struct {
	name   string
	method string
	// mayRepeat: the request may be sent again after the server could
	// have acted on it. Every kind may now: a POST always carries a key.
	mayRepeat bool
	run       func(ctx context.Context, c *Client, opts ...RequestOption) (gotResult bool, err error)
}

var callKinds = []callKind{
	{"GET", http.MethodGet, true, func(ctx context.Context, c *Client, opts ...RequestOption) (bool, error) {
		p, err := c.Products.Get(ctx, "prod_1", opts...)
		return p != nil, err
	}},
	{"PATCH", http.MethodPatch, true, func(ctx context.Context, c *Client, opts ...RequestOption) (bool, error) {
		p, err := c.Products.Update(ctx, "prod_1", &ProductUpdateParams{Title: Value("Pickaxe Pro")}, opts...)
		return p != nil, err
	}},
	{"DELETE", http.MethodDelete, true, func(ctx context.Context, c *Client, opts ...RequestOption) (bool, error) {
		err := c.Products.Delete(ctx, "prod_1", opts...)
		return err == nil, err
	}},
	{"POST", http.MethodPost, true, func(ctx context.Context, c *Client, opts ...RequestOption) (bool, error) {
		p, err := c.Products.Create(ctx, &ProductCreateParams{CompanyID: "biz_1", Title: "Pickaxe"}, opts...)
		return p != nil, err
	}},
	{"POST+key", http.MethodPost, true, func(ctx context.Context, c *Client, opts ...RequestOption) (bool, error) {
		opts = append([]RequestOption{WithIdempotencyKey("idem-1")}, opts...)
		p, err := c.Products.Create(ctx, &ProductCreateParams{CompanyID: "biz_1", Title: "Pickaxe"}, opts...)
		return p != nil, err
	}},
}

// faultCase is one column of the matrix.
type faultCase struct {
	name   string
	action func(method string) faultserver.Action
	// retried: retried for calls that may repeat; rateLimit: retried for
	// every call (a 429 means the request was not processed).
	retried, rateLimit bool
	// opts are added to the call (a short timeout for stalls).
	opts []RequestOption
	// wantWait is the back-off every retry must use (0: the exponential
	// back-off of the client settings).
	wantWait time.Duration
	check    func(t *testing.T, err error)
}

func faultCases() []faultCase {
	isAPIError := func(status int, msg string) func(*testing.T, error) {
		return func(t *testing.T, err error) {
			var apiErr *APIError
			require.True(t, errors.As(err, &apiErr), "want *APIError, got %T: %v", err, err)
			assert.Equal(t, status, apiErr.StatusCode)
			assert.Contains(t, apiErr.Message, msg)
			assert.Contains(t, err.Error(), fmt.Sprint(status))
		}
	}
	isNetError := func(t *testing.T, err error) {
		var apiErr *APIError
		assert.False(t, errors.As(err, &apiErr), "no status came back, so no *APIError: %v", err)
		var opErr *net.OpError
		assert.True(t, errors.As(err, &opErr) || errors.Is(err, syscall.ECONNRESET) ||
			errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF), "wrapped network error: %#v", err)
	}
	return []faultCase{
		{name: "reset after request read", action: func(string) faultserver.Action { return faultserver.Reset() },
			retried: true, check: isNetError},
		{name: "close mid body", action: func(m string) faultserver.Action { return faultserver.CloseMidBody(200, okBody(m)) },
			retried: true, check: func(t *testing.T, err error) {
				isNetError(t, err)
				assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
			}},
		{name: "stall past timeout", action: func(string) faultserver.Action { return faultserver.Stall() },
			opts: []RequestOption{WithRequestTimeout(faultStall)}, check: func(t *testing.T, err error) {
				assert.ErrorIs(t, err, context.DeadlineExceeded)
				var apiErr *APIError
				assert.False(t, errors.As(err, &apiErr))
			}},
		{name: "502 html", action: func(string) faultserver.Action { return faultserver.HTML(502) },
			retried: true, check: isAPIError(502, "HTML page")},
		{name: "503 html", action: func(string) faultserver.Action { return faultserver.HTML(503) },
			retried: true, check: isAPIError(503, "HTML page")},
		{name: "504 html", action: func(string) faultserver.Action { return faultserver.HTML(504) },
			retried: true, check: isAPIError(504, "HTML page")},
		{name: "500 json", action: func(string) faultserver.Action {
			return faultserver.JSON(500, `{"error":{"type":"server_error","message":"boom"}}`)
		}, retried: true, check: isAPIError(500, "boom")},
		{name: "429 retry-after seconds", action: func(string) faultserver.Action { return faultserver.RateLimited("Retry-After", "2") },
			rateLimit: true, wantWait: faultRetryCap, check: isAPIError(429, "slow down")},
		{name: "429 retry-after date", action: func(string) faultserver.Action {
			return faultserver.RateLimited("Retry-After", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat))
		}, rateLimit: true, wantWait: faultRetryCap, check: isAPIError(429, "slow down")},
		{name: "429 retry-after-ms", action: func(string) faultserver.Action { return faultserver.RateLimited("Retry-After-Ms", "3") },
			rateLimit: true, wantWait: 3 * time.Millisecond, check: isAPIError(429, "slow down")},
		{name: "200 truncated json", action: func(m string) faultserver.Action { return faultserver.Truncated(okBody(m)) },
			check: func(t *testing.T, err error) {
				var de *DecodeError
				require.True(t, errors.As(err, &de), "want *DecodeError, got %T: %v", err, err)
				assert.Equal(t, 200, de.StatusCode)
			}},
		{name: "200 html instead of json", action: func(string) faultserver.Action {
			return faultserver.Respond(200, http.Header{"Content-Type": {"text/html"}}, "<html>down for maintenance</html>")
		}, check: func(t *testing.T, err error) {
			var de *DecodeError
			require.True(t, errors.As(err, &de), "want *DecodeError, got %T: %v", err, err)
			assert.Contains(t, err.Error(), "maintenance")
		}},
		{name: "500 with 50 MiB body", action: func(string) faultserver.Action {
			return faultserver.Huge(500, "text/html", "<html>", 'x', "</html>", 50<<20)
		}, retried: true, check: func(t *testing.T, err error) {
			var apiErr *APIError
			require.True(t, errors.As(err, &apiErr), "%v", err)
			assert.Len(t, apiErr.Body, maxErrorBody, "error body read is capped")
			assert.Less(t, len(err.Error()), 1000)
		}},
		{name: "404", action: func(string) faultserver.Action {
			return faultserver.JSON(404, `{"error":{"type":"not_found","message":"no such product"}}`)
		}, check: isAPIError(404, "no such product")},
	}
}

// bodyTracker counts response bodies handed out and not yet closed.
type bodyTracker struct {
	rt   http.RoundTripper
	open atomic.Int64
}

func (b *bodyTracker) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := b.rt.RoundTrip(r)
	if resp != nil && resp.Body != nil {
		b.open.Add(1)
		resp.Body = &trackedBody{ReadCloser: resp.Body, t: b}
	}
	return resp, err
}

type trackedBody struct {
	io.ReadCloser
	t    *bodyTracker
	once sync.Once
}

func (b *trackedBody) Close() error {
	b.once.Do(func() { b.t.open.Add(-1) })
	return b.ReadCloser.Close()
}

// faultClient is a client pointed at a fault server, with its transport
// tracked and its back-off waits recorded.
type faultClient struct {
	*Client
	srv     *faultserver.Server
	bodies  *bodyTracker
	tr      *http.Transport
	mu      sync.Mutex
	waits   []time.Duration
	cleanup func()
}

func newFaultClient(t *testing.T, opts ...ClientOption) *faultClient {
	t.Helper()
	srv := faultserver.New(testBasePath)
	tr := newTransport()
	fc := &faultClient{srv: srv, tr: tr, bodies: &bodyTracker{rt: tr}}
	base := []ClientOption{
		WithoutEnvironment(), WithAPIKey(testAPIKey), WithBaseURL(srv.URL),
		WithHTTPClient(&http.Client{Transport: fc.bodies}),
		WithMaxRetries(faultRetries), WithBackoff(faultMinBackoff, faultMaxBackoff),
		WithRetryAfterCap(faultRetryCap), WithTimeout(failAfter),
	}
	c, err := NewClient(append(base, opts...)...)
	require.NoError(t, err)
	c.scaleWait = func(d time.Duration) time.Duration {
		fc.mu.Lock()
		fc.waits = append(fc.waits, d)
		fc.mu.Unlock()
		return d
	}
	fc.Client = c
	fc.cleanup = func() {
		srv.Close()
		tr.CloseIdleConnections()
	}
	t.Cleanup(fc.cleanup)
	return fc
}

func (fc *faultClient) recorded() []time.Duration {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	return append([]time.Duration(nil), fc.waits...)
}

// assertOneKey checks that every request of a POST call carries the same
// non-empty Idempotency-Key (the caller's for "POST+key"), and that other
// calls carry none.
func assertOneKey(t *testing.T, kind callKind, reqs []faultserver.Request) {
	t.Helper()
	if kind.method != http.MethodPost {
		for _, r := range reqs {
			assert.Empty(t, r.Header.Get("Idempotency-Key"), "%s sends no key", kind.method)
		}
		return
	}
	require.NotEmpty(t, reqs)
	key := reqs[0].Header.Get("Idempotency-Key")
	assert.NotEmpty(t, key, "a POST carries a key")
	if kind.name == "POST+key" {
		assert.Equal(t, "idem-1", key)
	}
	for i, r := range reqs {
		assert.Equal(t, key, r.Header.Get("Idempotency-Key"), "attempt %d keeps the key", i+1)
	}
}

// checkNoLeaks fails the test if goroutines started during it are still
// running once its clients and servers are closed. Goroutines of a closed
// connection or server end a moment after the close, and on a loaded
// machine that moment can outlast goleak's own retries (under half a
// second), so the check is repeated until none is left or failAfter has
// passed.
func checkNoLeaks(t *testing.T) {
	t.Helper()
	opt := goleak.IgnoreCurrent()
	t.Cleanup(func() {
		giveUp := time.Now().Add(failAfter)
		for {
			err := goleak.Find(opt)
			if err == nil {
				return
			}
			if time.Now().After(giveUp) {
				t.Errorf("goroutines still running %v after the test: %v", failAfter, err)
				return
			}
		}
	})
}

func TestFaultMatrix(t *testing.T) {
	checkNoLeaks(t)
	for _, fault := range faultCases() {
		for _, kind := range callKinds {
			t.Run(fault.name+"/"+kind.name, func(t *testing.T) {
				var clientOpts []ClientOption
				if fault.opts != nil {
					// Only the per-call timeout can then end a stall
					// within failAfter.
					clientOpts = append(clientOpts, WithTimeout(time.Hour))
				}
				fc := newFaultClient(t, clientOpts...)
				defer fc.cleanup()
				fc.srv.Handle(func(_ int, r *http.Request) faultserver.Action { return fault.action(r.Method) })

				var gotResult bool
				start := time.Now()
				err := bounded(t, kind.name, func() (err error) {
					gotResult, err = kind.run(context.Background(), fc.Client, fault.opts...)
					return err
				})
				elapsed := time.Since(start)

				require.Error(t, err)
				assert.False(t, gotResult, "an error comes with no result")
				fault.check(t, err)

				wantAttempts := 1
				if fault.rateLimit || (fault.retried && kind.mayRepeat) {
					wantAttempts = 1 + faultRetries
				}
				assert.Equal(t, wantAttempts, fc.srv.Hits(), "attempts that reached the server")
				assertOneKey(t, kind, fc.srv.Requests())
				var apiErr *APIError
				if errors.As(err, &apiErr) {
					assert.Equal(t, wantAttempts, apiErr.Attempts)
				} else if wantAttempts > 1 {
					assert.Contains(t, err.Error(), fmt.Sprintf("after %d attempts", wantAttempts))
				}

				for i, r := range fc.srv.Requests() {
					assert.Equal(t, kind.method, r.Method)
					assert.Equal(t, testBasePath+map[bool]string{true: "/products", false: "/products/prod_1"}[kind.method == http.MethodPost], r.Path)
					if i > 0 {
						assert.Equal(t, string(fc.srv.Requests()[0].Body), string(r.Body), "attempt %d resends the whole body", i+1)
					}
				}

				// Error text: method and path, never the key.
				assert.True(t, strings.HasPrefix(err.Error(), "whop: "+kind.method+" "), err.Error())
				assert.NotContains(t, err.Error(), testAPIKey)

				// Back-off: one wait per retry, each as configured.
				waits := fc.recorded()
				require.Len(t, waits, wantAttempts-1)
				var total time.Duration
				for i, w := range waits {
					if fault.wantWait > 0 {
						assert.Equal(t, fault.wantWait, w, "retry %d waits what the server asked, capped", i+1)
					} else {
						assert.LessOrEqual(t, w, faultMaxBackoff)
						assert.Greater(t, w, time.Duration(0))
					}
					total += w
				}
				// Every wait the client chose was checked above; the real
				// time taken is only bounded by failAfter, since a loaded
				// machine may take any time to move the bytes.
				assert.GreaterOrEqual(t, elapsed, total, "the waits really happened")

				assert.Zero(t, fc.bodies.open.Load(), "every response body is closed")
			})
		}
	}
}

// Retry-After values a broken or hostile server may send: the wait is
// always between zero and the cap, and garbage falls back to the
// client's own back-off.
func TestRetryAfterEdgeValues(t *testing.T) {
	const capWait = time.Second
	c, err := NewClient(WithoutEnvironment(), WithAPIKey(testAPIKey),
		WithBackoff(10*time.Millisecond, 40*time.Millisecond), WithRetryAfterCap(capWait))
	require.NoError(t, err)
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	c.now = func() time.Time { return now }
	const own = -1 // the client's exponential back-off: 7.5..10 ms on the first retry
	cases := []struct {
		name   string
		header map[string]string
		want   time.Duration
	}{
		{"seconds", map[string]string{"Retry-After": "0.5"}, 500 * time.Millisecond},
		{"zero", map[string]string{"Retry-After": "0"}, 0},
		{"capped", map[string]string{"Retry-After": "86400"}, capWait},
		{"beyond a million seconds", map[string]string{"Retry-After": "10000000"}, capWait},
		{"overflows a Duration", map[string]string{"Retry-After": "99999999999999999999"}, capWait},
		{"exponent", map[string]string{"Retry-After": "1e300"}, capWait},
		{"negative", map[string]string{"Retry-After": "-1"}, own},
		{"NaN", map[string]string{"Retry-After": "NaN"}, own},
		{"Inf", map[string]string{"Retry-After": "+Inf"}, own},
		{"garbage", map[string]string{"Retry-After": "soon"}, own},
		{"empty", map[string]string{"Retry-After": ""}, own},
		{"date in the past", map[string]string{"Retry-After": "Tue, 24 Nov 2026 09:00:00 GMT"}, 0},
		{"date far ahead", map[string]string{"Retry-After": "Fri, 31 Dec 9999 23:59:59 GMT"}, capWait},
		{"ms", map[string]string{"Retry-After-Ms": "250"}, 250 * time.Millisecond},
		{"ms capped", map[string]string{"Retry-After-Ms": "1000000000000"}, capWait},
		{"ms NaN falls back to seconds", map[string]string{"Retry-After-Ms": "NaN", "Retry-After": "0.2"}, 200 * time.Millisecond},
		{"ms negative falls back to seconds", map[string]string{"Retry-After-Ms": "-5", "Retry-After": "0.2"}, 200 * time.Millisecond},
		{"ms garbage, no seconds", map[string]string{"Retry-After-Ms": "x"}, own},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := &http.Response{StatusCode: 429, Header: http.Header{}}
			for k, v := range tc.header {
				resp.Header.Set(k, v)
			}
			got := c.backoff(c.cfg.minBackoff, c.cfg.maxBackoff, 0, resp)
			if tc.want == own {
				assert.GreaterOrEqual(t, got, 7500*time.Microsecond)
				assert.LessOrEqual(t, got, 10*time.Millisecond)
				return
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

// A pause the server asks for that would outlast the call's deadline is
// not waited for: the call ends at once with the 429, instead of sleeping
// until the deadline and reporting only a timeout.
func TestRetryAfterBeyondDeadline(t *testing.T) {
	checkNoLeaks(t)
	for _, kind := range callKinds {
		fc := newFaultClient(t, WithRetryAfterCap(time.Minute))
		fc.srv.Script(faultserver.RateLimited("Retry-After", "30"))
		// The deadline is far enough that the first answer arrives before
		// it however loaded the machine, and still short of the pause.
		_, err := kind.run(context.Background(), fc.Client, WithRequestTimeout(20*time.Second))
		require.ErrorIs(t, err, ErrRateLimited, kind.name)
		assert.NotErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, 1, fc.srv.Hits())
		assert.Empty(t, fc.recorded(), "no wait was started")
		fc.cleanup()
	}
	// Within the deadline the pause is honoured as usual.
	fc := newFaultClient(t, WithRetryAfterCap(time.Minute))
	defer fc.cleanup()
	fc.srv.Script(faultserver.RateLimited("Retry-After-Ms", "20"), faultserver.JSON(200, productBody))
	_, err := fc.Products.Get(context.Background(), "prod_1", WithRequestTimeout(20*time.Second))
	require.NoError(t, err)
	assert.Equal(t, []time.Duration{20 * time.Millisecond}, fc.recorded())
}

// net/http silently resends a request that failed on a reused keep-alive
// connection when it deems the request replayable: GET, or any method with
// an Idempotency-Key header. Every POST carries one, so a POST may be
// resent that way too, always under its key.
func TestReusedConnectionDroppedAfterRequestRead(t *testing.T) {
	checkNoLeaks(t)
	for name, drop := range map[string]faultserver.Action{"reset": faultserver.Reset(), "hang up": faultserver.HangUp()} {
		for _, kind := range callKinds {
			t.Run(name+"/"+kind.name, func(t *testing.T) {
				fc := newFaultClient(t)
				defer fc.cleanup()
				fc.srv.Script(faultserver.JSON(200, productBody))
				_, err := fc.Products.Get(context.Background(), "warm_up")
				require.NoError(t, err)
				require.Equal(t, 1, fc.srv.NewConns())
				fc.srv.Reset()
				fc.srv.Script(drop)

				_, err = kind.run(context.Background(), fc.Client)
				require.Error(t, err)
				// The client's retries, plus at most one resend by net/http
				// per attempt on a reused connection (it replays a request
				// with an Idempotency-Key header, so every POST).
				assert.GreaterOrEqual(t, fc.srv.Hits(), 1+faultRetries)
				assert.LessOrEqual(t, fc.srv.Hits(), 2*(1+faultRetries))
				assertOneKey(t, kind, fc.srv.Requests())
			})
		}
	}
}

// Reading a 50 MiB error body keeps at most the 1 MiB cap (plus what
// draining discards), and memory stays bounded.
func TestHugeErrorBodyMemoryBounded(t *testing.T) {
	checkNoLeaks(t)
	fc := newFaultClient(t)
	defer fc.cleanup()
	fc.srv.Script(faultserver.Huge(503, "text/html", "<html>", 'x', "</html>", 50<<20))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := fc.Products.Get(context.Background(), "prod_1")
	runtime.ReadMemStats(&after)
	var apiErr *APIError
	require.True(t, errors.As(err, &apiErr), "%v", err)
	assert.Equal(t, 1+faultRetries, apiErr.Attempts)
	assert.Len(t, apiErr.Body, maxErrorBody)
	allocated := after.TotalAlloc - before.TotalAlloc
	assert.Less(t, allocated, uint64(16<<20), "allocated %d MiB for three 50 MiB error bodies", allocated>>20)
	assert.Zero(t, fc.bodies.open.Load())
}

// A valid 2xx body may be large (up to 64 MiB); past that the client
// refuses it rather than exhausting memory.
func TestHugeSuccessBody(t *testing.T) {
	checkNoLeaks(t)
	// Moving 50 MiB under the race detector on a loaded machine can take
	// well over the suite's usual 10 s call timeout.
	fc := newFaultClient(t, WithTimeout(5*time.Minute))
	defer fc.cleanup()
	const prefix, suffix = `{"id":"prod_1","title":"t","description":"`, `"}`

	// The pipeline reads a 50 MiB body whole.
	fc.srv.Script(faultserver.Huge(200, "application/json", prefix, 'x', suffix, 50<<20))
	err := fc.do(context.Background(), apiRequest{method: http.MethodGet, path: "/products/prod_1"}, nil, nil)
	require.NoError(t, err)

	// And decodes it. encoding/json scans about 15 MB/s under the race
	// detector, so the race build decodes a smaller product.
	size := 50 << 20
	if raceEnabled {
		size = 8 << 20
	}
	fc.srv.Script(faultserver.Huge(200, "application/json", prefix, 'x', suffix, int64(size)))
	p, err := fc.Products.Get(context.Background(), "prod_1")
	require.NoError(t, err)
	require.NotNil(t, p.Description)
	assert.Len(t, *p.Description, size-len(prefix)-len(suffix))
	assert.Zero(t, fc.bodies.open.Load())

	if raceEnabled {
		return // the race build spends seconds copying 64 MiB
	}
	fc.srv.Script(faultserver.Huge(200, "application/json", prefix, 'x', suffix, maxSuccessBody+1))
	p, err = fc.Products.Get(context.Background(), "prod_1")
	require.Error(t, err)
	assert.Nil(t, p)
	assert.Contains(t, err.Error(), "exceeds")
	assert.Equal(t, 3, fc.srv.Hits(), "an oversized body is not retried")
	assert.Zero(t, fc.bodies.open.Load())
}

// A 2xx answer whose body is JSON null carries no resource: it is a decode
// error, never a zero-value result with a nil error.
func TestNullSuccessBody(t *testing.T) {
	for _, kind := range callKinds {
		fc := newFaultClient(t)
		fc.srv.Script(faultserver.JSON(200, " null\n"))
		got, err := kind.run(context.Background(), fc.Client)
		assert.False(t, got, kind.name)
		var de *DecodeError
		require.True(t, errors.As(err, &de), "%s: %v", kind.name, err)
		assert.Contains(t, err.Error(), "null")
		fc.cleanup()
	}
	// The same holds for a page.
	fc := newFaultClient(t)
	defer fc.cleanup()
	fc.srv.Script(faultserver.JSON(200, "null"))
	page, err := fc.Products.List(context.Background(), &ProductListParams{CompanyID: "biz_1"})
	assert.Nil(t, page)
	require.Error(t, err)
}

// IDs that look like paths, queries, fragments, escapes or dot segments
// reach the server as one escaped path segment for every method that
// takes an ID, or are refused before anything is sent.
func TestHostileIDsNeverReroute(t *testing.T) {
	fc := newFaultClient(t)
	defer fc.cleanup()
	fc.srv.Handle(func(_ int, r *http.Request) faultserver.Action { return faultserver.JSON(200, okBody(r.Method)) })
	ids := []string{"a/b", "a?b=c", "a#frag", "100%", "%2e%2e", "%2F..%2F", "../admin", "..;/x", "a\\b",
		"prod_ünï", "日本", "a b", "\x00", "\xff\xfe", "//evil.example/x", "?", "#", "..."}
	refused := []string{"", " ", ".", "..", " .. "}
	ctx := context.Background()
	calls := map[string]func(id string) error{
		"GET": func(id string) error { _, err := fc.Products.Get(ctx, id); return err },
		"PATCH": func(id string) error {
			_, err := fc.Products.Update(ctx, id, &ProductUpdateParams{Title: Value("t")})
			return err
		},
		"DELETE": func(id string) error { return fc.Products.Delete(ctx, id) },
	}
	for method, call := range calls {
		for _, id := range ids {
			fc.srv.Reset()
			require.NoError(t, call(id), "%s %q", method, id)
			reqs := fc.srv.Requests()
			require.Len(t, reqs, 1, "%s %q", method, id)
			assert.Equal(t, method, reqs[0].Method)
			assert.Equal(t, testBasePath+"/products/"+url.PathEscape(id), reqs[0].Path, "%s %q", method, id)
			assert.Empty(t, reqs[0].RawQuery, "%s %q", method, id)
		}
		fc.srv.Reset()
		for _, id := range refused {
			err := call(id)
			assert.ErrorIs(t, err, ErrInvalidParams, "%s %q", method, id)
		}
		assert.Zero(t, fc.srv.Hits(), "refused IDs send nothing")
	}
}
