package whop

// Paired benchmarks of the SDK against the floor: a hand-written net/http +
// encoding/json client doing the same request, over the same loopback
// server, with the same headers and the same transport settings. Each
// benchmark has an "sdk" and a "floor" sub-benchmark so that scripts/bench
// can pair them and print their ratio; see the README's Performance section.
//
// The floor is deliberately the best a careful hand-written client does:
// headers and URL built by string concatenation, io.ReadAll, json.Unmarshal
// into the SDK's own result type. It has no retries, no timeout and no
// error decoding, so what the SDK costs above it is the price of those.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	benchProductID = "prod_xxxxxxxxxxxxx"
	benchCompanyID = "biz_Uv5wX7yZ9aB1c"
	// benchPageSize is the largest page the API serves.
	benchPageSize = 100
	// benchPages is how many pages the ListAll benchmark walks.
	benchPages = 100
	// benchConcurrency is how many goroutines share one client in the
	// parallel benchmark.
	benchConcurrency = 64
)

// benchAPI is a loopback server answering GET /products/{id} with
// testdata/product.json and GET /payments with 100-item pages of full
// payment list items, benchPages of them chained by cursors. It counts the
// TCP connections it accepts.
type benchAPI struct {
	srv      *httptest.Server
	base     string
	product  []byte
	items    []byte   // the JSON array of one page's items
	tails    [][]byte // page_info and closing brace of page n
	newConns atomic.Int64
	closed   atomic.Int64 // connections closed, by either side
	// gate, when set, holds each product request until all the gate
	// expects have arrived (BenchmarkProductsGetParallel's warm-up).
	gate atomic.Pointer[benchGate]
}

// benchGate releases the requests it holds once n of them are waiting, or
// after ten seconds so that a request that never came cannot hang a run.
type benchGate struct {
	left atomic.Int64
	open chan struct{}
}

func newBenchGate(n int) *benchGate {
	g := &benchGate{open: make(chan struct{})}
	g.left.Store(int64(n))
	return g
}

func (g *benchGate) wait() {
	if g.left.Add(-1) == 0 {
		close(g.open)
	}
	select {
	case <-g.open:
	case <-time.After(10 * time.Second):
	}
}

var (
	benchFixturesOnce sync.Once
	benchProduct      []byte
	benchItems        []byte
	benchFixturesErr  error
)

// benchFixtures loads the product and builds a page of benchPageSize
// payment list items from testdata: the first item of payment_list_page1.json
// (a paid card payment with every nested object) with the application fee
// of the second, each with its own ID, in the compact form the API sends.
func benchFixtures(b *testing.B) (product, items []byte) {
	b.Helper()
	benchFixturesOnce.Do(func() {
		var raw []byte
		if raw, benchFixturesErr = os.ReadFile(filepath.Join("testdata", "product.json")); benchFixturesErr != nil {
			return
		}
		var compact bytes.Buffer
		if benchFixturesErr = json.Compact(&compact, raw); benchFixturesErr != nil {
			return
		}
		benchProduct = compact.Bytes()

		if raw, benchFixturesErr = os.ReadFile(filepath.Join("testdata", "payment_list_page1.json")); benchFixturesErr != nil {
			return
		}
		var page struct {
			Data []map[string]json.RawMessage `json:"data"`
		}
		if benchFixturesErr = json.Unmarshal(raw, &page); benchFixturesErr != nil {
			return
		}
		if len(page.Data) < 2 {
			benchFixturesErr = errors.New("payment_list_page1.json: want two items")
			return
		}
		full := page.Data[0]
		full["application_fee"] = page.Data[1]["application_fee"]
		list := make([]map[string]json.RawMessage, benchPageSize)
		for i := range list {
			item := make(map[string]json.RawMessage, len(full))
			for k, v := range full {
				item[k] = v
			}
			item["id"] = json.RawMessage(fmt.Sprintf(`"pay_Qm9vZ2hX3k%04d"`, i))
			list[i] = item
		}
		benchItems, benchFixturesErr = json.Marshal(list)
	})
	if benchFixturesErr != nil {
		b.Fatal(benchFixturesErr)
	}
	return benchProduct, benchItems
}

func benchCursor(n int) string { return "cursor_" + strconv.Itoa(n) }

// newBenchAPI starts the server; it is closed when the benchmark ends.
func newBenchAPI(b *testing.B) *benchAPI {
	b.Helper()
	a := &benchAPI{}
	a.product, a.items = benchFixtures(b)
	a.tails = make([][]byte, benchPages)
	for n := range a.tails {
		a.tails[n] = fmt.Appendf(nil, `,"page_info":{"end_cursor":%q,"start_cursor":%q,"has_next_page":%t,"has_previous_page":%t}}`,
			benchCursor(n+1), benchCursor(n), n+1 < benchPages, n > 0)
	}
	a.srv = httptest.NewUnstartedServer(a)
	a.srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		switch s {
		case http.StateNew:
			a.newConns.Add(1)
		case http.StateClosed:
			a.closed.Add(1)
		}
	}
	a.srv.Start()
	b.Cleanup(a.srv.Close)
	a.base = a.srv.URL + testBasePath
	return a
}

var benchJSONType = []string{"application/json"}

func (a *benchAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet || r.Header.Get("Authorization") != "Bearer "+testAPIKey {
		http.Error(w, `{"error":{"type":"unauthorized","message":"bad key"}}`, http.StatusUnauthorized)
		return
	}
	switch r.URL.Path {
	case testBasePath + "/products/" + benchProductID:
		if g := a.gate.Load(); g != nil {
			g.wait()
		}
		w.Header()["Content-Type"] = benchJSONType
		w.Header()["Content-Length"] = []string{strconv.Itoa(len(a.product))}
		_, _ = w.Write(a.product)
	case testBasePath + "/payments":
		n := 0
		if after := r.URL.Query().Get("after"); after != "" {
			i, err := strconv.Atoi(strings.TrimPrefix(after, "cursor_"))
			if err != nil || i < 1 || i >= benchPages {
				http.Error(w, `{"error":{"type":"invalid_request","message":"bad cursor"}}`, http.StatusBadRequest)
				return
			}
			n = i
		}
		const head = `{"data":`
		w.Header()["Content-Type"] = benchJSONType
		w.Header()["Content-Length"] = []string{strconv.Itoa(len(head) + len(a.items) + len(a.tails[n]))}
		_, _ = io.WriteString(w, head)
		_, _ = w.Write(a.items)
		_, _ = w.Write(a.tails[n])
	default:
		http.Error(w, `{"error":{"type":"not_found","message":"no such route"}}`, http.StatusNotFound)
	}
}

// sdk is a client with the default configuration pointed at the server.
func (a *benchAPI) sdk(b *testing.B) *Client {
	b.Helper()
	c, err := NewClient(WithoutEnvironment(), WithAPIKey(testAPIKey), WithBaseURL(a.base))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// floorClient is the hand-written baseline: what a careful developer writes
// with net/http and encoding/json alone. Its transport has the SDK's idle
// pool settings and it sends the SDK's headers.
type floorClient struct {
	hc   *http.Client
	base string
	auth string
	ua   string
}

func (a *benchAPI) floor() *floorClient {
	return &floorClient{
		hc:   &http.Client{Transport: newTransport()},
		base: a.base,
		auth: "Bearer " + testAPIKey,
		ua:   "whop-go/" + Version + " go/" + runtime.Version(),
	}
}

// get sends GET url and unmarshals the 200 answer into out.
func (f *floorClient) get(ctx context.Context, url string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", f.auth)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", f.ua)
	resp, err := f.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return json.Unmarshal(body, out)
}

func (f *floorClient) getProduct(ctx context.Context, id string) (*Product, error) {
	p := new(Product)
	if err := f.get(ctx, f.base+"/products/"+id, p); err != nil {
		return nil, err
	}
	return p, nil
}

func (f *floorClient) listPayments(ctx context.Context, companyID, after string) (*Page[PaymentListItem], error) {
	u := f.base + "/payments?company_id=" + companyID + "&first=" + strconv.Itoa(benchPageSize)
	if after != "" {
		u += "&after=" + after
	}
	page := new(Page[PaymentListItem])
	if err := f.get(ctx, u, page); err != nil {
		return nil, err
	}
	return page, nil
}

// BenchmarkProductsGet fetches the 1.1 KB product: the SDK's Products.Get
// against the floor's GET + json.Unmarshal into the same Product type.
func BenchmarkProductsGet(b *testing.B) {
	ctx := context.Background()
	b.Run("sdk", func(b *testing.B) {
		c := newBenchAPI(b).sdk(b)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := c.Products.Get(ctx, benchProductID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("floor", func(b *testing.B) {
		f := newBenchAPI(b).floor()
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := f.getProduct(ctx, benchProductID); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func benchListParams() *PaymentListParams {
	return &PaymentListParams{CompanyID: benchCompanyID, ListParams: ListParams{First: benchPageSize}}
}

// BenchmarkPaymentsList fetches one page of 100 payments (191 KB), the
// largest response the API gives, into a Page[PaymentListItem] on both sides.
func BenchmarkPaymentsList(b *testing.B) {
	ctx := context.Background()
	b.Run("sdk", func(b *testing.B) {
		c := newBenchAPI(b).sdk(b)
		params := benchListParams()
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			page, err := c.Payments.List(ctx, params)
			if err != nil {
				b.Fatal(err)
			}
			if len(page.Data) != benchPageSize {
				b.Fatalf("got %d items", len(page.Data))
			}
		}
	})
	b.Run("floor", func(b *testing.B) {
		f := newBenchAPI(b).floor()
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			page, err := f.listPayments(ctx, benchCompanyID, "")
			if err != nil {
				b.Fatal(err)
			}
			if len(page.Data) != benchPageSize {
				b.Fatalf("got %d items", len(page.Data))
			}
		}
	})
}

// heapAfterGC runs a full collection and returns the heap then in use:
// right after runtime.GC, MemStats.HeapAlloc counts live objects only.
func heapAfterGC() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// heapPeak keeps the largest heap seen above a base. Its samples are taken
// on the goroutine walking the list, each after a full collection, so they
// count live objects only.
type heapPeak struct {
	b       *testing.B // its timer stops while a sample is taken
	base    uint64
	peak    uint64
	decoded uint64 // one decoded page, see bodyRead
}

// reset takes the base: two collections, the first moving sync.Pool's
// contents to its victim cache and the second freeing them, so a buffer
// pooled by an earlier run is not in the base.
func (h *heapPeak) reset() {
	runtime.GC()
	h.base, h.peak = heapAfterGC(), 0
}

func (h *heapPeak) record(v uint64) {
	if v > h.base && v-h.base > h.peak {
		h.peak = v - h.base
	}
}

// heapNow is the heap after a full collection, which the benchmark's
// time and allocations do not count.
func (h *heapPeak) heapNow() uint64 {
	h.b.StopTimer()
	defer h.b.StartTimer()
	return heapAfterGC()
}

// sample records the heap as it is now.
func (h *heapPeak) sample() { h.record(h.heapNow()) }

// bodyRead is called when the last byte of a page's body has been read:
// the page's bytes are in memory and its decoding has not begun, or has
// only begun. Decoding adds the decoded page to the heap and frees nothing
// the caller can still reach until it is done, so the heap then plus one
// decoded page bounds the heap during decoding: exactly for a client that
// reads the body and then decodes it (both sides here, and json.Decoder,
// which buffers a whole value before decoding it), from above for one that
// decodes as it reads.
func (h *heapPeak) bodyRead() { h.record(h.heapNow() + h.decoded) }

// sampleBodies is a transport whose response bodies call bodyRead once
// their last byte (by Content-Length) has been read, whoever reads it.
type sampleBodies struct {
	rt http.RoundTripper
	h  *heapPeak
}

func (s sampleBodies) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := s.rt.RoundTrip(r)
	if err == nil && resp.ContentLength > 0 {
		resp.Body = &sampledBody{ReadCloser: resp.Body, h: s.h, left: resp.ContentLength}
	}
	return resp, err
}

type sampledBody struct {
	io.ReadCloser
	h    *heapPeak
	left int64
}

func (b *sampledBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if n > 0 && b.left > 0 {
		if b.left -= int64(n); b.left <= 0 {
			b.h.bodyRead()
		}
	}
	return n, err
}

// pageDecodedBytes is the heap one decoded 100-item page occupies: the
// growth of the live heap while eight decoded pages are kept, divided by
// eight so that whatever else allocates meanwhile hardly counts.
func pageDecodedBytes(b *testing.B, items []byte) uint64 {
	b.Helper()
	const n = 8
	body := []byte(`{"data":` + string(items) + `,"page_info":{"end_cursor":"c","has_next_page":true}}`)
	pages := make([]*Page[PaymentListItem], n)
	if err := json.Unmarshal(body, new(Page[PaymentListItem])); err != nil { // fills encoding/json's caches
		b.Fatal(err)
	}
	runtime.GC() // empties sync.Pools into their victim caches, which the next cycle frees
	before := heapAfterGC()
	for i := range pages {
		pages[i] = new(Page[PaymentListItem])
		if err := json.Unmarshal(body, pages[i]); err != nil {
			b.Fatal(err)
		}
	}
	after := heapAfterGC()
	runtime.KeepAlive(pages)
	runtime.KeepAlive(body)
	if after < before {
		b.Fatalf("heap shrank from %d to %d while decoding", before, after)
	}
	return (after - before) / n
}

// BenchmarkPaymentsListAll walks 10,000 payments in 100 pages and reports
// the peak heap above what was in use before the walk (peak-heap-B) next to
// the size of one decoded page (page-decoded-B). The base is taken with the
// keep-alive connection already open, so that its buffers, on the client
// and on the in-process server, are not counted as the walk's.
//
// The heap is sampled exactly, after a full collection, at two points of
// each page (see heapPeak): when its body's last byte has been read (plus
// one decoded page, for the decoding that follows), and at its first item.
// It is not polled from another goroutine: MemStats.HeapAlloc also counts
// garbage not yet collected, so polled it measures how far the runtime
// lets garbage pile up (with GOGC=100 at least 4 MiB, whatever the code
// does), and the live-heap figure of a concurrent collection counts, for a
// cycle that spans a page boundary, the page being dropped and the one
// being decoded both. Two collections per page also leave sync.Pool's
// contents in place, as a walk that nobody measures would.
func BenchmarkPaymentsListAll(b *testing.B) {
	ctx := context.Background()
	run := func(b *testing.B, h *heapPeak, warm func() error, walk func(sample func()) (int, error)) {
		_, items := benchFixtures(b)
		h.decoded = pageDecodedBytes(b, items)
		if err := warm(); err != nil {
			b.Fatal(err)
		}
		var peak uint64
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			h.reset()
			b.StartTimer()
			n, err := walk(h.sample)
			if err != nil {
				b.Fatal(err)
			}
			if n != benchPages*benchPageSize {
				b.Fatalf("walked %d items", n)
			}
			peak = max(peak, h.peak)
		}
		b.StopTimer()
		b.ReportMetric(float64(peak), "peak-heap-B")
		b.ReportMetric(float64(h.decoded), "page-decoded-B")
	}
	b.Run("sdk", func(b *testing.B) {
		a := newBenchAPI(b)
		h := &heapPeak{b: b}
		c, err := NewClient(WithoutEnvironment(), WithAPIKey(testAPIKey), WithBaseURL(a.base),
			WithHTTPClient(&http.Client{Transport: sampleBodies{newTransport(), h}}))
		if err != nil {
			b.Fatal(err)
		}
		warm := func() error {
			_, err := c.Payments.List(ctx, benchListParams())
			return err
		}
		run(b, h, warm, func(sample func()) (int, error) {
			n := 0
			for p, err := range c.Payments.ListAll(ctx, benchListParams()) {
				if err != nil {
					return n, err
				}
				if p.ID == "" {
					return n, errors.New("empty item")
				}
				if n%benchPageSize == 0 {
					sample()
				}
				n++
			}
			return n, nil
		})
	})
	b.Run("floor", func(b *testing.B) {
		a := newBenchAPI(b)
		h := &heapPeak{b: b}
		f := a.floor()
		f.hc.Transport = sampleBodies{f.hc.Transport, h}
		warm := func() error {
			_, err := f.listPayments(ctx, benchCompanyID, "")
			return err
		}
		run(b, h, warm, func(sample func()) (int, error) {
			n, after := 0, ""
			for {
				page, err := f.listPayments(ctx, benchCompanyID, after)
				if err != nil {
					return n, err
				}
				for _, p := range page.Data {
					if p.ID == "" {
						return n, errors.New("empty item")
					}
					if n%benchPageSize == 0 {
						sample()
					}
					n++
				}
				if !page.PageInfo.HasNextPage {
					return n, nil
				}
				after = page.PageInfo.EndCursor
			}
		})
	})
}

// BenchmarkProductsGetParallel has benchConcurrency goroutines share one
// client. ns/op is wall time divided by requests, so it is the inverse of
// throughput. new-conns counts the TCP connections the server accepted,
// warm-up included, and closed-conns those closed before the run ended:
// more than benchConcurrency new, or any closed, means connections were
// not kept alive and reused.
//
// The warm-up sends one request per goroutine and the server holds them
// until all have arrived, so it opens exactly benchConcurrency
// connections. Without it the count would depend on a race inside
// net/http: a request that finds no idle connection starts a dial but
// takes whichever connection comes first, and a dial that loses still
// completes and joins the pool. From a cold start, with dials much slower
// than requests on a busy machine, that left 66 to 101 open connections
// (and none closed) for the floor as for the SDK.
func BenchmarkProductsGetParallel(b *testing.B) {
	ctx := context.Background()
	run := func(b *testing.B, a *benchAPI, get func() error) {
		var wg sync.WaitGroup
		var failed atomic.Bool
		do := func() {
			if err := get(); err != nil && !failed.Swap(true) {
				b.Error(err)
			}
		}
		a.gate.Store(newBenchGate(benchConcurrency))
		for g := 0; g < benchConcurrency; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				do()
			}()
		}
		wg.Wait()
		a.gate.Store(nil)

		var next atomic.Int64
		b.ReportAllocs()
		b.ResetTimer()
		for g := 0; g < benchConcurrency; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for next.Add(1) <= int64(b.N) && !failed.Load() {
					do()
				}
			}()
		}
		wg.Wait()
		b.StopTimer()
		b.ReportMetric(float64(a.newConns.Load()), "new-conns")
		b.ReportMetric(float64(a.closed.Load()), "closed-conns")
	}
	b.Run("sdk", func(b *testing.B) {
		a := newBenchAPI(b)
		c := a.sdk(b)
		run(b, a, func() error {
			_, err := c.Products.Get(ctx, benchProductID)
			return err
		})
	})
	b.Run("floor", func(b *testing.B) {
		a := newBenchAPI(b)
		f := a.floor()
		run(b, a, func() error {
			_, err := f.getProduct(ctx, benchProductID)
			return err
		})
	})
}

// memTransport answers every request from memory with the product, so
// BenchmarkProductsGetInMemory measures the client side alone: what the
// SDK's pipeline costs above the floor's, without the loopback network's
// noise.
type memTransport struct{ body []byte }

func (m memTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{
		Status:        "200 OK",
		StatusCode:    http.StatusOK,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"Content-Type": benchJSONType},
		Body:          io.NopCloser(bytes.NewReader(m.body)),
		ContentLength: int64(len(m.body)),
		Request:       r,
	}, nil
}

// BenchmarkProductsGetInMemory is BenchmarkProductsGet over memTransport.
func BenchmarkProductsGetInMemory(b *testing.B) {
	ctx := context.Background()
	product, _ := benchFixtures(b)
	const base = "https://whop.invalid" + testBasePath
	b.Run("sdk", func(b *testing.B) {
		c, err := NewClient(WithoutEnvironment(), WithAPIKey(testAPIKey), WithBaseURL(base),
			WithHTTPClient(&http.Client{Transport: memTransport{product}}))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := c.Products.Get(ctx, benchProductID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("floor", func(b *testing.B) {
		f := (&benchAPI{base: base}).floor()
		f.hc.Transport = memTransport{product}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := f.getProduct(ctx, benchProductID); err != nil {
				b.Fatal(err)
			}
		}
	})
}
