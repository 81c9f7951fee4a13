package whop

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pagedProducts serves products p1..p9 in pages of three, following the
// cursor rules of the real API in both directions. Cursors are "c<index>".
func pagedProducts(t *testing.T, hits *atomic.Int64) http.HandlerFunc {
	const total, size = 9, 3
	return func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		q := r.URL.Query()
		lo, hi := 0, size // window [lo, hi)
		switch {
		case q.Get("after") != "":
			var i int
			_, err := fmt.Sscanf(q.Get("after"), "c%d", &i)
			require.NoError(t, err)
			lo, hi = i+1, i+1+size
		case q.Get("before") != "":
			var i int
			_, err := fmt.Sscanf(q.Get("before"), "c%d", &i)
			require.NoError(t, err)
			lo, hi = i-size, i
		case q.Get("last") != "":
			lo, hi = total-size, total
		}
		lo, hi = max(lo, 0), min(hi, total)
		var items []string
		for i := lo; i < hi; i++ {
			items = append(items, fmt.Sprintf(`{"id":"p%d"}`, i+1))
		}
		writeJSON(w, 200, fmt.Sprintf(`{"data":[%s],"page_info":{"start_cursor":"c%d","end_cursor":"c%d","has_next_page":%t,"has_previous_page":%t}}`,
			join(items), lo, hi-1, hi < total, lo > 0))
	}
}

func join(items []string) string {
	out := ""
	for i, s := range items {
		if i > 0 {
			out += ","
		}
		out += s
	}
	return out
}

func collect(t *testing.T, c *Client, params *ProductListParams) []string {
	t.Helper()
	var ids []string
	for p, err := range c.Products.ListAll(context.Background(), params) {
		require.NoError(t, err)
		ids = append(ids, p.ID)
	}
	return ids
}

func TestListAllForwardThreePages(t *testing.T) {
	c, ts := newTestClient(t)
	var hits atomic.Int64
	ts.Mux.HandleFunc("/products", pagedProducts(t, &hits))
	params := &ProductListParams{CompanyID: "biz_1"}
	ids := collect(t, c, params)
	assert.Equal(t, []string{"p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9"}, ids)
	assert.Equal(t, int64(3), hits.Load())
	assert.Equal(t, ProductListParams{CompanyID: "biz_1"}, *params, "caller's params untouched")
}

func TestListAllBackward(t *testing.T) {
	c, ts := newTestClient(t)
	var hits atomic.Int64
	ts.Mux.HandleFunc("/products", pagedProducts(t, &hits))
	params := &ProductListParams{CompanyID: "biz_1", ListParams: ListParams{Last: 3}}
	ids := collect(t, c, params)
	assert.Equal(t, []string{"p7", "p8", "p9", "p4", "p5", "p6", "p1", "p2", "p3"}, ids)
	assert.Equal(t, int64(3), hits.Load())
	assert.Empty(t, params.Before, "caller's params untouched")

	hits.Store(0)
	ids = collect(t, c, &ProductListParams{CompanyID: "biz_1", ListParams: ListParams{Before: "c6"}})
	assert.Equal(t, []string{"p4", "p5", "p6", "p1", "p2", "p3"}, ids)
	assert.Equal(t, int64(2), hits.Load())
}

func TestListAllEarlyBreakStopsFetching(t *testing.T) {
	c, ts := newTestClient(t)
	var hits atomic.Int64
	ts.Mux.HandleFunc("/products", pagedProducts(t, &hits))
	n := 0
	for _, err := range c.Products.ListAll(context.Background(), &ProductListParams{CompanyID: "biz_1"}) {
		require.NoError(t, err)
		n++
		if n == 4 {
			break
		}
	}
	assert.Equal(t, 4, n)
	assert.Equal(t, int64(2), hits.Load(), "no page fetched after break")
}

func TestListAllRepeatedCursor(t *testing.T) {
	c, ts := newTestClient(t)
	var hits atomic.Int64
	ts.Mux.HandleFunc("/products", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		// page 1 -> c1, page 2 -> c2, page 3 -> c1 again: a loop.
		next := map[string]string{"": "c1", "c1": "c2", "c2": "c1"}[r.URL.Query().Get("after")]
		writeJSON(w, 200, `{"data":[{"id":"x"}],"page_info":{"end_cursor":"`+next+`","has_next_page":true}}`)
	})
	var errs []error
	items := 0
	for _, err := range c.Products.ListAll(context.Background(), &ProductListParams{CompanyID: "biz_1"}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		items++
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrPagination)
	assert.Contains(t, errs[0].Error(), "c1")
	assert.Equal(t, 3, items)
	assert.Equal(t, int64(3), hits.Load())
}

func TestListAllMissingCursorIsAnError(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/products", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"data":[{"id":"x"}],"page_info":{"end_cursor":null,"has_next_page":true}}`)
	})
	var last error
	for _, err := range c.Products.ListAll(context.Background(), &ProductListParams{CompanyID: "biz_1"}) {
		last = err
	}
	assert.ErrorIs(t, last, ErrPagination, "a page that promises more without a cursor must not end silently")
}

func TestListAllErrorOnSecondPageYieldedOnce(t *testing.T) {
	c, ts := newTestClient(t, WithMaxRetries(0))
	var hits atomic.Int64
	ts.Mux.HandleFunc("/products", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Query().Get("after") == "c1" {
			writeJSON(w, 500, `{"error":{"type":"server_error","message":"boom"}}`)
			return
		}
		writeJSON(w, 200, `{"data":[{"id":"a"},{"id":"b"}],"page_info":{"end_cursor":"c1","has_next_page":true}}`)
	})
	var ids []string
	var errs []error
	for p, err := range c.Products.ListAll(context.Background(), &ProductListParams{CompanyID: "biz_1"}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, p.ID)
	}
	assert.Equal(t, []string{"a", "b"}, ids)
	require.Len(t, errs, 1)
	assert.True(t, errors.Is(errs[0], ErrServer))
	assert.Equal(t, int64(2), hits.Load())
}

func TestListParamsValidation(t *testing.T) {
	c, ts := newTestClient(t)
	_, err := c.Products.List(context.Background(), &ProductListParams{CompanyID: "b", ListParams: ListParams{After: "a", Before: "b"}})
	assert.ErrorIs(t, err, ErrInvalidParams)
	_, err = c.Products.List(context.Background(), &ProductListParams{CompanyID: "b", ListParams: ListParams{Last: -2}})
	assert.ErrorIs(t, err, ErrInvalidParams)
	assert.Zero(t, ts.Hits.Load())
}
