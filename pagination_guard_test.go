package whop

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// emptyPages answers pages with no items that still claim more, each with
// a new cursor, in the direction the request walks. It gives up after
// limit requests (has_next_page false), so that an iterator without the
// empty-page limit ends instead of hanging the test.
func emptyPages(hits *atomic.Int64, limit int64) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n := hits.Add(1)
		more := n < limit
		writeJSON(w, 200, fmt.Sprintf(`{"data":[],"page_info":{"start_cursor":"s%d","end_cursor":"e%d","has_next_page":%t,"has_previous_page":%t}}`,
			n, n, more, more))
	}
}

func TestListAllStopsAfterEmptyPages(t *testing.T) {
	for _, tc := range []struct {
		name   string
		params ListParams
	}{
		{"forward", ListParams{}},
		{"backward", ListParams{Last: 10}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, ts := newTestClient(t)
			var hits atomic.Int64
			ts.Mux.HandleFunc("/products", emptyPages(&hits, 50))
			var errs []error
			items := 0
			for _, err := range c.Products.ListAll(context.Background(), &ProductListParams{CompanyID: "biz_1", ListParams: tc.params}) {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				items++
			}
			assert.Zero(t, items)
			require.Len(t, errs, 1, "the walk must end with an error, not run on")
			assert.ErrorIs(t, errs[0], ErrPagination)
			assert.Contains(t, errs[0].Error(), strconv.Itoa(maxEmptyPages)+" pages in a row")
			assert.Equal(t, int64(maxEmptyPages), hits.Load(), "requests sent before giving up")
		})
	}
}

// A few empty pages between full ones are not a fault: items filtered out
// or deleted during the walk leave them.
func TestListAllToleratesSomeEmptyPages(t *testing.T) {
	c, ts := newTestClient(t)
	// Pages: empty, empty, p1, empty, empty, p2 (last).
	pages := []string{``, ``, `{"id":"p1"}`, ``, ``, `{"id":"p2"}`}
	ts.Mux.HandleFunc("/products", func(w http.ResponseWriter, r *http.Request) {
		i := 0
		if a := r.URL.Query().Get("after"); a != "" {
			i, _ = strconv.Atoi(a)
		}
		writeJSON(w, 200, fmt.Sprintf(`{"data":[%s],"page_info":{"end_cursor":"%d","has_next_page":%t}}`,
			pages[i], i+1, i+1 < len(pages)))
	})
	assert.Equal(t, []string{"p1", "p2"}, collect(t, c, &ProductListParams{CompanyID: "biz_1"}))
	assert.Equal(t, int64(len(pages)), ts.Hits.Load())
}

// The guard's memory is bounded: after 10,000 distinct cursors it holds no
// more than its bound, and recording another allocates nothing.
func TestCursorGuardMemoryBounded(t *testing.T) {
	const pages = 10_000
	cursors := make([]string, pages+200)
	for i := range cursors {
		cursors[i] = "cursor_" + strconv.Itoa(i)
	}
	g := newCursorGuard()
	for _, cur := range cursors[:pages] {
		require.False(t, g.repeated(cur), "distinct cursor %s reported as repeated", cur)
		require.LessOrEqual(t, g.remembered(), cursorMemory+1)
	}
	assert.Equal(t, cursorMemory+1, g.remembered())
	assert.LessOrEqual(t, cap(g.recent), cursorMemory, "ring grew past its bound")
	next := pages
	allocs := testing.AllocsPerRun(100, func() {
		g.repeated(cursors[next])
		next++
	})
	assert.Zero(t, allocs, "recording a cursor on a long walk must not allocate")
}

func TestCursorGuardCatchesCycles(t *testing.T) {
	for _, tc := range []struct {
		prefix, cycle int
	}{
		{0, 1}, {5, 2}, {3, 100}, {0, cursorMemory}, {10, cursorMemory + 1}, {100, 5000}, {7000, 3},
	} {
		t.Run(fmt.Sprintf("prefix%d/cycle%d", tc.prefix, tc.cycle), func(t *testing.T) {
			g := newCursorGuard()
			// The cursor sequence: prefix distinct cursors, then the same
			// cycle of cycle cursors over and over.
			cursor := func(i int) string {
				if i < tc.prefix {
					return "pre_" + strconv.Itoa(i)
				}
				return "cyc_" + strconv.Itoa((i-tc.prefix)%tc.cycle)
			}
			limit := tc.prefix + 3*tc.cycle + 2
			for i := 0; i < limit; i++ {
				if g.repeated(cursor(i)) {
					assert.GreaterOrEqual(t, i, tc.prefix+tc.cycle, "reported before any cursor repeated")
					if tc.cycle <= cursorMemory {
						assert.Equal(t, tc.prefix+tc.cycle, i, "a short cycle is caught at its first repeat")
					}
					return
				}
			}
			t.Fatalf("cycle of %d cursors not detected within %d pages", tc.cycle, limit)
		})
	}
}

// A server that cycles through more cursors than the guard remembers, with
// items on every page, still ends the walk with ErrPagination.
func TestIterateLongCursorCycle(t *testing.T) {
	const cycle = 3 * cursorMemory
	fetches := 0
	fetch := func(_ context.Context, p *ProductListParams) (*Page[ProductListItem], error) {
		fetches++
		i := 0
		if p.After != "" {
			i, _ = strconv.Atoi(p.After)
		}
		return &Page[ProductListItem]{
			Data:     []ProductListItem{{ID: "p"}},
			PageInfo: PageInfo{EndCursor: strconv.Itoa((i + 1) % cycle), HasNextPage: true},
		}, nil
	}
	var last error
	for _, err := range iterate(context.Background(), &ProductListParams{CompanyID: "biz_1"}, fetch) {
		if err != nil {
			last = err
		}
		if fetches > 4*cycle {
			break
		}
	}
	assert.ErrorIs(t, last, ErrPagination)
	assert.LessOrEqual(t, fetches, 3*cycle+1)
}
