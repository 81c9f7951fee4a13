package whop_test

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
)

// Tracer and Span stand in for an OpenTelemetry tracer (trace.Tracer and
// trace.Span have the same shape where it matters here), so the example
// needs no tracing module.
type Tracer interface {
	Start(ctx context.Context, name string) (context.Context, Span)
}

// Span is the part of a tracing span the middleware uses.
type Span interface {
	AddEvent(name string, attrs ...string)
	SetAttribute(key, value string)
	End()
}

type spanKey struct{}

// printTracer prints each span when it ends.
type printTracer struct{}

type printSpan struct {
	name   string
	events []string
	attrs  []string
}

func (printTracer) Start(ctx context.Context, name string) (context.Context, Span) {
	s := &printSpan{name: name}
	return context.WithValue(ctx, spanKey{}, s), s
}

func (s *printSpan) AddEvent(name string, attrs ...string) {
	s.events = append(s.events, name+" "+strings.Join(attrs, " "))
}
func (s *printSpan) SetAttribute(k, v string) { s.attrs = append(s.attrs, k+"="+v) }
func (s *printSpan) End() {
	fmt.Printf("span %q %s\n", s.name, strings.Join(s.attrs, " "))
	for _, e := range s.events {
		fmt.Println("  event", e)
	}
}

// Histogram stands in for a Prometheus HistogramVec labelled by method,
// route and status; it only counts here, so the output is stable.
type Histogram struct {
	mu     sync.Mutex
	counts map[string]int
}

func (h *Histogram) Observe(method, route, status string, _ time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.counts == nil {
		h.counts = map[string]int{}
	}
	h.counts[method+" "+route+" "+status]++
}

// A span per call with an event per attempt, and a latency histogram by
// route: WithCallMiddleware wraps each call, WithMiddleware each attempt.
// Both see the route template ("/products/{id}"), never the ID, so a
// metric's labels stay few.
func ExampleWithMiddleware() {
	srv := whoptest.New()
	srv.Start()
	defer srv.Close()

	tracer := printTracer{}
	latency := &Histogram{}

	perCall := func(ctx context.Context, call whop.CallInfo, next whop.CallFunc) (whop.Response, error) {
		ctx, span := tracer.Start(ctx, "whop "+call.Method+" "+call.Route)
		defer span.End()
		start := time.Now()
		resp, err := next(ctx)
		span.SetAttribute("attempts", fmt.Sprint(resp.Attempts))
		if err != nil {
			span.SetAttribute("error", "true")
		}
		latency.Observe(call.Method, call.Route, fmt.Sprint(resp.StatusCode), time.Since(start))
		return resp, err
	}
	perAttempt := func(req *http.Request, at whop.AttemptInfo, next whop.RoundTripFunc) (*http.Response, error) {
		resp, err := next(req)
		if span, ok := req.Context().Value(spanKey{}).(Span); ok {
			outcome := "error"
			if err == nil {
				outcome = fmt.Sprint(resp.StatusCode)
			}
			span.AddEvent("attempt", fmt.Sprint(at.Attempt), outcome)
		}
		return resp, err
	}

	client, err := srv.NewClient(whop.WithCallMiddleware(perCall), whop.WithMiddleware(perAttempt))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()

	srv.FailNext(1, http.StatusServiceUnavailable, nil) // the first attempt fails, the retry succeeds
	p, err := client.Products.Create(ctx, &whop.ProductCreateParams{CompanyID: srv.CompanyID(), Title: "Pickaxe"})
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := client.Products.Get(ctx, p.ID); err != nil {
		fmt.Println(err)
		return
	}
	_, err = client.Products.Get(ctx, "prod_missing")
	fmt.Println("missing product:", err != nil)

	var labels []string
	for l, n := range latency.counts {
		labels = append(labels, fmt.Sprintf("%s: %d", l, n))
	}
	sort.Strings(labels)
	fmt.Println(strings.Join(labels, "\n"))
	// Output:
	// span "whop POST /products" attempts=2
	//   event attempt 1 503
	//   event attempt 2 200
	// span "whop GET /products/{id}" attempts=1
	//   event attempt 1 200
	// span "whop GET /products/{id}" attempts=1 error=true
	//   event attempt 1 404
	// missing product: true
	// GET /products/{id} 200: 1
	// GET /products/{id} 404: 1
	// POST /products 200: 1
}
