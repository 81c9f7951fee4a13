package whop

import (
	"context"
	"errors"
	"fmt"
	"io"
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

const (
	concurrentCallers = 64
	callsPerCaller    = 18 // two rounds of the nine kinds of call
)

// productsAPI is a small, consistent fake of the products endpoints for
// the concurrency test. Each answer names what was asked for, so a reply
// delivered to the wrong caller is caught. IDs starting with "missing"
// are 404; IDs starting with "busy" are 429 the first time, then found;
// IDs starting with "flaky" are 503 the first time, then found; IDs
// starting with "down" are always 503, so the client gives up.
func productsAPI(first *sync.Map) func(int, *http.Request) faultserver.Action {
	return func(_ int, r *http.Request) faultserver.Action {
		path := strings.TrimPrefix(r.URL.Path, testBasePath)
		id := strings.TrimPrefix(path, "/products/")
		product := func(id string) faultserver.Action {
			return faultserver.JSON(200, fmt.Sprintf(`{"id":%q,"title":"t"}`, id))
		}
		switch {
		case r.Method == http.MethodGet && path == "/products":
			after := r.URL.Query().Get("after")
			next := map[string]string{"": "c1", "c1": "c2", "c2": ""}[after]
			return faultserver.JSON(200, fmt.Sprintf(`{"data":[{"id":"prod_%s_a"},{"id":"prod_%s_b"}],`+
				`"page_info":{"end_cursor":%q,"has_next_page":%t}}`, after, after, next, next != ""))
		case r.Method == http.MethodPost:
			return product("prod_new")
		case r.Method == http.MethodDelete:
			return faultserver.JSON(200, "true")
		case strings.HasPrefix(id, "down"):
			return faultserver.HTML(503)
		case strings.HasPrefix(id, "missing"):
			return faultserver.JSON(404, `{"error":{"type":"not_found","message":"no such product"}}`)
		case strings.HasPrefix(id, "busy"):
			if _, seen := first.LoadOrStore(id, true); !seen {
				return faultserver.RateLimited("Retry-After-Ms", "1")
			}
		case strings.HasPrefix(id, "flaky"):
			if _, seen := first.LoadOrStore(id, true); !seen {
				return faultserver.HTML(503)
			}
		}
		return product(id)
	}
}

// drainTracker counts response bodies closed before they were read to the
// end: net/http drops the connection of each one instead of reusing it.
type drainTracker struct {
	rt        http.RoundTripper
	undrained atomic.Int64
}

func (d *drainTracker) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := d.rt.RoundTrip(r)
	if resp != nil && resp.Body != nil {
		resp.Body = &drainCheckedBody{ReadCloser: resp.Body, d: d}
	}
	return resp, err
}

type drainCheckedBody struct {
	io.ReadCloser
	d    *drainTracker
	eof  atomic.Bool
	once sync.Once
}

func (b *drainCheckedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF {
		b.eof.Store(true)
	}
	return n, err
}

func (b *drainCheckedBody) Close() error {
	b.once.Do(func() {
		if !b.eof.Load() {
			b.d.undrained.Add(1)
		}
	})
	return b.ReadCloser.Close()
}

// TestSharedClientConcurrency shares one client (with its own default
// transport) among 64 goroutines making mixed calls, including retried
// ones, exhausted retries and errors, under -race. Every caller gets its
// own answers, and connections are kept alive.
//
// The first call of every caller is held by the server until all 64 have
// arrived, so each caller has its own pooled connection before the mixed
// calls start. From then on the pipeline must not lose connections: close
// a body before reading it to the end (net/http then drops the
// connection), close the idle connections when a call gives up, or not
// pool them at all. The first is checked exactly, on every body.
// Connections are not counted exactly, because net/http itself dials and
// drops a few on a loaded machine: it dials a spare when a request starts
// just before another caller's connection is back in the pool (the spare
// is pooled too), and drops a connection whose writer goroutine has not
// reported the request written within 50 ms of the answer. Those are rare
// (a handful in two thousand requests under heavy load); a pipeline that
// loses connections loses them on every call that fails or gives up,
// hundreds in this run, so the bound is fewer than one per caller.
func TestSharedClientConcurrency(t *testing.T) {
	checkNoLeaks(t)
	srv := faultserver.New(testBasePath)
	defer srv.Close()
	var first sync.Map
	api := productsAPI(&first)
	var arrived atomic.Int64
	allArrived := make(chan struct{})
	srv.Handle(func(n int, r *http.Request) faultserver.Action {
		if !strings.HasPrefix(r.URL.Path, testBasePath+"/products/warm_") {
			return api(n, r)
		}
		return func(w http.ResponseWriter, r *http.Request) {
			if arrived.Add(1) == concurrentCallers {
				close(allArrived)
			}
			select {
			case <-allArrived:
				api(n, r)(w, r)
			case <-r.Context().Done():
			}
		}
	})
	c, err := NewClient(WithoutEnvironment(), WithAPIKey(testAPIKey), WithBaseURL(srv.URL),
		WithBackoff(time.Millisecond, 2*time.Millisecond), WithRetryAfterCap(2*time.Millisecond), WithTimeout(20*time.Second))
	require.NoError(t, err)
	// Track the bodies the pipeline receives, below the client's own
	// wrapping of its default transport.
	k, ok := c.rc.HTTPClient.Transport.(keepIdle)
	require.True(t, ok, "the client wraps its transport in keepIdle")
	tr, ok := k.rt.(*http.Transport)
	require.True(t, ok, "the client's default transport")
	defer tr.CloseIdleConnections()
	bodies := &drainTracker{rt: tr}
	c.rc.HTTPClient.Transport = keepIdle{bodies}

	ctx := context.Background()
	errs := make(chan error, concurrentCallers*callsPerCaller)
	fail := func(format string, args ...any) { errs <- fmt.Errorf(format, args...) }
	var wg, warm sync.WaitGroup
	warm.Add(concurrentCallers)
	for g := 0; g < concurrentCallers; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Products.Get(ctx, fmt.Sprintf("warm_%d", g)); err != nil {
				fail("warm up: %v", err)
			}
			warm.Done()
			warm.Wait()
			for i := 0; i < callsPerCaller; i++ {
				id := fmt.Sprintf("prod_%d_%d", g, i)
				switch i % 9 {
				case 0:
					p, err := c.Products.Get(ctx, id)
					if err != nil || p.ID != id {
						fail("get %s: %v %v", id, p, err)
					}
				case 1:
					n := 0
					for p, err := range c.Products.ListAll(ctx, &ProductListParams{CompanyID: "biz_1"}) {
						if err != nil {
							fail("list: %v", err)
							break
						}
						if !strings.HasPrefix(p.ID, "prod_") {
							fail("list item %q", p.ID)
						}
						n++
					}
					if n != 6 {
						fail("list: %d items", n)
					}
				case 2:
					p, err := c.Products.Update(ctx, id, &ProductUpdateParams{Title: Value("t")})
					if err != nil || p.ID != id {
						fail("update %s: %v %v", id, p, err)
					}
				case 3:
					if err := c.Products.Delete(ctx, id); err != nil {
						fail("delete %s: %v", id, err)
					}
				case 4:
					var opts []RequestOption
					if g%2 == 0 {
						opts = append(opts, WithIdempotencyKey("idem-"+id))
					}
					p, err := c.Products.Create(ctx, &ProductCreateParams{CompanyID: "biz_1", Title: id}, opts...)
					if err != nil || p.ID != "prod_new" {
						fail("create %s: %v %v", id, p, err)
					}
				case 5:
					_, err := c.Products.Get(ctx, "missing_"+id)
					var apiErr *APIError
					if !errors.As(err, &apiErr) || apiErr.StatusCode != 404 || apiErr.Attempts != 1 {
						fail("missing %s: %v", id, err)
					}
				case 6:
					p, err := c.Products.Get(ctx, "busy_"+id)
					if err != nil || p.ID != "busy_"+id {
						fail("busy %s: %v %v", id, p, err)
					}
				case 7:
					p, err := c.Products.Get(ctx, "flaky_"+id)
					if err != nil || p.ID != "flaky_"+id {
						fail("flaky %s: %v %v", id, p, err)
					}
				case 8:
					_, err := c.Products.Get(ctx, "down_"+id)
					var apiErr *APIError
					if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || apiErr.Attempts != 3 {
						fail("down %s: %v", id, err)
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	// Per round of nine calls: five single requests, a list of three pages,
	// busy and flaky two attempts each, down three.
	perRound := 5 + 3 + 2 + 2 + 3
	assert.Equal(t, concurrentCallers*(1+callsPerCaller/9*perRound), srv.Hits())
	assert.Zero(t, bodies.undrained.Load(), "every response body was read to the end before it was closed")
	assert.GreaterOrEqual(t, srv.NewConns(), concurrentCallers, "one connection per caller held during the warm-up")
	assert.Less(t, srv.NewConns()-concurrentCallers, concurrentCallers, "connections are reused: fewer dialled after the warm-up than callers")
	assert.Less(t, srv.ClosedConns(), concurrentCallers, "connections are kept alive: fewer closed than callers")
	t.Logf("%d requests over %d connections, %d closed", srv.Hits(), srv.NewConns(), srv.ClosedConns())
}
