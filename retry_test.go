package whop

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sequence answers the i-th request with statuses[i] (the last one repeats).
func sequence(t *testing.T, hits *atomic.Int64, statuses []int, headers ...map[string]string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		i := int(hits.Add(1)) - 1
		if i >= len(statuses) {
			i = len(statuses) - 1
		}
		if i < len(headers) {
			for k, v := range headers[i] {
				w.Header().Set(k, v)
			}
		}
		if statuses[i] == 200 {
			writeJSON(w, 200, `{"id":"prod_1"}`)
			return
		}
		writeJSON(w, statuses[i], `{"error":{"type":"server_error","message":"try later"}}`)
	}
}

func TestRetryGETOn503ThenSuccess(t *testing.T) {
	c, ts := newTestClient(t)
	var hits atomic.Int64
	ts.Mux.HandleFunc("/products/p", sequence(t, &hits, []int{503, 200}))
	p, err := c.Products.Get(context.Background(), "p")
	require.NoError(t, err)
	assert.Equal(t, "prod_1", p.ID)
	assert.Equal(t, int64(2), hits.Load())
	waits := ts.recordedWaits()
	require.Len(t, waits, 1)
	assert.InDelta(t, float64(DefaultMinBackoff), float64(waits[0]), float64(DefaultMinBackoff)/4+1, "first wait is 0.5s less jitter")
}

func TestRetryStatusesByMethod(t *testing.T) {
	ctx := context.Background()
	get := func(c *Client) error { _, err := c.Products.Get(ctx, "p"); return err }
	patch := func(c *Client) error {
		_, err := c.Products.Update(ctx, "p", &ProductUpdateParams{Title: Value("t")})
		return err
	}
	del := func(c *Client) error { return c.Products.Delete(ctx, "p") }
	post := func(c *Client) error {
		_, err := c.Products.Create(ctx, &ProductCreateParams{CompanyID: "b", Title: "t"})
		return err
	}
	postKey := func(c *Client) error {
		_, err := c.Products.Create(ctx, &ProductCreateParams{CompanyID: "b", Title: "t"}, WithIdempotencyKey("k1"))
		return err
	}
	calls := map[string]func(*Client) error{"GET": get, "PATCH": patch, "DELETE": del, "POST": post, "POST+key": postKey}
	cases := []struct {
		status int
		want   map[string]int64 // attempts per call kind with WithMaxRetries(2)
	}{
		{500, map[string]int64{"GET": 3, "PATCH": 3, "DELETE": 3, "POST": 3, "POST+key": 3}},
		{502, map[string]int64{"GET": 3, "PATCH": 3, "DELETE": 3, "POST": 3, "POST+key": 3}},
		{503, map[string]int64{"GET": 3, "PATCH": 3, "DELETE": 3, "POST": 3, "POST+key": 3}},
		{408, map[string]int64{"GET": 3, "PATCH": 3, "DELETE": 3, "POST": 3, "POST+key": 3}},
		{429, map[string]int64{"GET": 3, "PATCH": 3, "DELETE": 3, "POST": 3, "POST+key": 3}},
		{501, map[string]int64{"GET": 1, "PATCH": 1, "DELETE": 1, "POST": 1, "POST+key": 1}},
		{400, map[string]int64{"GET": 1, "PATCH": 1, "DELETE": 1, "POST": 1, "POST+key": 1}},
		{404, map[string]int64{"GET": 1, "PATCH": 1, "DELETE": 1, "POST": 1, "POST+key": 1}},
		// A 409 to a POST means its key is still in flight: retried
		// within the budget. Other methods carry no key: not retried.
		{409, map[string]int64{"GET": 1, "PATCH": 1, "DELETE": 1, "POST": 3, "POST+key": 3}},
	}
	for _, tc := range cases {
		for kind, call := range calls {
			c, ts := newTestClient(t)
			var hits atomic.Int64
			ts.Mux.HandleFunc("/", sequence(t, &hits, []int{tc.status}))
			err := call(c)
			require.Error(t, err)
			assert.Equal(t, tc.want[kind], hits.Load(), "%s on %d", kind, tc.status)
			var apiErr *APIError
			require.True(t, errors.As(err, &apiErr), "retries exhausted still yields the typed error: %v", err)
			assert.Equal(t, tc.status, apiErr.StatusCode)
			assert.Equal(t, int(tc.want[kind]), apiErr.Attempts)
			assert.Equal(t, "try later", apiErr.Message)
		}
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	cases := []struct {
		name   string
		header map[string]string
		want   time.Duration
	}{
		{"seconds", map[string]string{"Retry-After": "1"}, time.Second},
		{"fractional seconds", map[string]string{"Retry-After": "0.25"}, 250 * time.Millisecond},
		{"milliseconds", map[string]string{"Retry-After-Ms": "1500", "Retry-After": "9"}, 1500 * time.Millisecond},
		{"http date", map[string]string{"Retry-After": "Tue, 24 Nov 2026 10:00:03 GMT"}, 3 * time.Second},
		{"capped", map[string]string{"Retry-After": "86400"}, DefaultRetryAfterCap},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// A call deadline beyond the cap: a pause that cannot end before
			// the deadline is not waited for at all.
			c, ts := newTestClient(t, WithTimeout(time.Hour))
			c.now = func() time.Time { return time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC) }
			var hits atomic.Int64
			ts.Mux.HandleFunc("/products/p", sequence(t, &hits, []int{429, 200}, tc.header))
			_, err := c.Products.Get(context.Background(), "p")
			require.NoError(t, err)
			assert.Equal(t, []time.Duration{tc.want}, ts.recordedWaits())
		})
	}
}

func TestRetryAfterCapOption(t *testing.T) {
	c, ts := newTestClient(t, WithRetryAfterCap(2*time.Second))
	var hits atomic.Int64
	ts.Mux.HandleFunc("/products/p", sequence(t, &hits, []int{503, 200}, map[string]string{"Retry-After": "30"}))
	_, err := c.Products.Get(context.Background(), "p")
	require.NoError(t, err)
	assert.Equal(t, []time.Duration{2 * time.Second}, ts.recordedWaits())
}

func TestShouldRetryHeader(t *testing.T) {
	c, ts := newTestClient(t)
	var hits atomic.Int64
	ts.Mux.HandleFunc("/products/p", sequence(t, &hits, []int{503}, map[string]string{"X-Should-Retry": "false"}))
	_, err := c.Products.Get(context.Background(), "p")
	require.ErrorIs(t, err, ErrServer)
	assert.Equal(t, int64(1), hits.Load(), "x-should-retry: false stops")

	c, ts = newTestClient(t)
	hits.Store(0)
	ts.Mux.HandleFunc("/products", sequence(t, &hits, []int{500, 200}, map[string]string{"X-Should-Retry": "true"}))
	_, err = c.Products.Create(context.Background(), &ProductCreateParams{CompanyID: "b", Title: "t"})
	require.NoError(t, err)
	assert.Equal(t, int64(2), hits.Load(), "x-should-retry: true allows even a POST")
}

func TestBackoffGrowsAndIsBounded(t *testing.T) {
	c, err := NewClient(WithoutEnvironment(), WithAPIKey("k"), WithBackoff(10*time.Millisecond, 50*time.Millisecond))
	require.NoError(t, err)
	for attempt, base := range []time.Duration{10, 20, 40, 50, 50, 50} {
		base *= time.Millisecond
		for i := 0; i < 50; i++ {
			d := c.backoff(c.cfg.minBackoff, c.cfg.maxBackoff, attempt, nil)
			assert.LessOrEqual(t, d, base)
			assert.GreaterOrEqual(t, d, base*3/4)
		}
	}
	// No overflow for absurd attempt numbers.
	assert.LessOrEqual(t, c.backoff(c.cfg.minBackoff, c.cfg.maxBackoff, 1000, nil), 50*time.Millisecond)
}

func TestMaxRetriesOption(t *testing.T) {
	c, ts := newTestClient(t, WithMaxRetries(4))
	var hits atomic.Int64
	ts.Mux.HandleFunc("/products/p", sequence(t, &hits, []int{503}))
	_, err := c.Products.Get(context.Background(), "p")
	require.ErrorIs(t, err, ErrServer)
	assert.Equal(t, int64(5), hits.Load())

	c, ts = newTestClient(t, WithMaxRetries(0))
	hits.Store(0)
	ts.Mux.HandleFunc("/products/p", sequence(t, &hits, []int{503}))
	_, err = c.Products.Get(context.Background(), "p")
	require.ErrorIs(t, err, ErrServer)
	assert.Equal(t, int64(1), hits.Load())
}

func TestContextCancelledDuringBackoff(t *testing.T) {
	c, ts := newTestClient(t)
	var backingOff event
	c.scaleWait = func(time.Duration) time.Duration { backingOff.fire(); return time.Hour }
	var hits atomic.Int64
	ts.Mux.HandleFunc("/products/p", sequence(t, &hits, []int{503}))
	// Cancelled once the hour-long wait is chosen; the wait is cut short
	// (the call returns within failAfter).
	err := cancelWhen(t, "get", backingOff.next(), func(ctx context.Context) error {
		_, err := c.Products.Get(ctx, "p")
		return err
	})
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, int64(1), hits.Load())
}

func TestContextAlreadyCancelled(t *testing.T) {
	c, ts := newTestClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Products.Get(ctx, "p")
	assert.ErrorIs(t, err, context.Canceled)
	assert.Zero(t, ts.Hits.Load())
}

// A POST whose connection is refused never reached the server, so it is
// retried; the final error is the wrapped network error.
func TestPOSTRetriedOnDialError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	c, err := NewClient(WithoutEnvironment(), WithAPIKey(testAPIKey), WithBaseURL("http://"+addr+"/api/v1"))
	require.NoError(t, err)
	var waits atomic.Int64
	c.scaleWait = func(time.Duration) time.Duration { waits.Add(1); return time.Millisecond }
	_, err = c.Products.Create(context.Background(), &ProductCreateParams{CompanyID: "b", Title: "t"})
	require.Error(t, err)
	var opErr *net.OpError
	assert.True(t, errors.As(err, &opErr), "wrapped net error: %v", err)
	assert.Equal(t, int64(2), waits.Load(), "two retries after refused connections")
	assert.Contains(t, err.Error(), "after 3 attempts")
	assert.NotContains(t, err.Error(), testAPIKey)
}

// A POST whose connection dies after the request was written may have been
// processed; it is retried under the same key, so Whop applies it once.
func TestPOSTRetriedAfterConnectionResetUnderOneKey(t *testing.T) {
	var hits atomic.Int64
	var mu sync.Mutex
	var keys []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		mu.Lock()
		keys = append(keys, r.Header.Get("Idempotency-Key"))
		mu.Unlock()
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			_ = conn.Close()
		}
	}))
	defer srv.Close()
	c, err := NewClient(WithoutEnvironment(), WithAPIKey(testAPIKey), WithBaseURL(srv.URL+"/api/v1"))
	require.NoError(t, err)
	c.scaleWait = func(time.Duration) time.Duration { return time.Millisecond }
	_, err = c.Products.Create(context.Background(), &ProductCreateParams{CompanyID: "b", Title: "t"})
	require.Error(t, err)
	var apiErr *APIError
	assert.False(t, errors.As(err, &apiErr))
	var keyErr *IdempotencyKeyError
	require.ErrorAs(t, err, &keyErr)
	// 3 attempts, plus any resend net/http makes on a reused connection.
	assert.GreaterOrEqual(t, hits.Load(), int64(3))
	mu.Lock()
	for _, k := range keys {
		assert.Equal(t, keyErr.Key, k)
	}
	mu.Unlock()

	hits.Store(0)
	_, err = c.Products.Get(context.Background(), "p")
	require.Error(t, err)
	assert.GreaterOrEqual(t, hits.Load(), int64(3), "a GET is retried after a reset")
}

func TestIdempotencyKeyReportedOnFailure(t *testing.T) {
	c, ts := newTestClient(t)
	var hits atomic.Int64
	ts.Mux.HandleFunc("/products", sequence(t, &hits, []int{500}))
	_, err := c.Products.Create(context.Background(), &ProductCreateParams{CompanyID: "b", Title: "t"}, WithIdempotencyKey("order-77"))
	var keyErr *IdempotencyKeyError
	require.ErrorAs(t, err, &keyErr)
	assert.Equal(t, "order-77", keyErr.Key)
	assert.ErrorIs(t, err, ErrServer)

	_, err = c.Products.Create(context.Background(), &ProductCreateParams{CompanyID: "b", Title: "t"})
	require.ErrorAs(t, err, &keyErr, "a POST always carries a key, generated when none is given")
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, keyErr.Key)
	var apiErr *APIError
	assert.ErrorAs(t, err, &apiErr)

	_, err = c.Products.Get(context.Background(), "p")
	assert.False(t, errors.As(err, &keyErr), "a GET without a key has no wrapper")
}

// A server whose certificate the client does not trust fails at once: a
// retry cannot fix it.
func TestCertificateErrorNotRetried(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	c, err := NewClient(WithoutEnvironment(), WithAPIKey(testAPIKey), WithBaseURL(srv.URL+testBasePath))
	require.NoError(t, err)
	var waits atomic.Int64
	c.scaleWait = func(time.Duration) time.Duration { waits.Add(1); return time.Millisecond }
	_, err = c.Products.Get(context.Background(), "p")
	require.Error(t, err)
	assert.Zero(t, waits.Load(), "no retry after a certificate error")
	assert.Zero(t, hits.Load())
}
