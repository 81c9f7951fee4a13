package whop

import (
	"context"
	"errors"
	"fmt"
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

// TestSharedClientConcurrency shares one client (with its own default
// transport) among 64 goroutines making mixed calls, including retried
// ones, exhausted retries and errors, under -race. Every caller gets its
// own answers, and connections are kept alive: none is closed during the
// run.
//
// The first call of every caller is held by the server until all 64 have
// arrived, so all 64 callers are in flight at once and each has its own
// connection before the mixed calls start. The number of connections is
// not asserted: net/http may dial a spare one whenever a request starts
// just before another caller's connection is back in the pool (the request
// takes the pooled one and the finished dial is pooled too), more often on
// a loaded machine. What the pipeline must not do is lose a connection:
// close idle connections when a call gives up, or close a body before
// draining it. Either closes a connection the server then sees go.
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
	defer closeClientIdle(c)

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
	assert.GreaterOrEqual(t, srv.NewConns(), concurrentCallers, "one connection per caller held during the warm-up")
	assert.Zero(t, srv.ClosedConns(), "connections are kept alive: none was closed during the run")
	t.Logf("%d requests over %d connections", srv.Hits(), srv.NewConns())
}
