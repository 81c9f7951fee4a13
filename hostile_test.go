package whop

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// serviceMethods returns every exported method of every service the
// Client holds, bound to c, by "Service.Method".
func serviceMethods(c *Client) map[string]reflect.Value {
	out := map[string]reflect.Value{}
	cv := reflect.ValueOf(c).Elem()
	for i := 0; i < cv.NumField(); i++ {
		f := cv.Type().Field(i)
		if !f.IsExported() || f.Type.Kind() != reflect.Pointer || !strings.HasSuffix(f.Type.Elem().Name(), "Service") {
			continue
		}
		sv := cv.Field(i)
		for j := 0; j < sv.NumMethod(); j++ {
			out[f.Name+"."+f.Type.Method(j).Name] = sv.Method(j)
		}
	}
	return out
}

var ctxType = reflect.TypeOf((*context.Context)(nil)).Elem()

// hostileFill sets every settable string, number and pointer reachable in
// v to bad: strings to s, floats to f, ints to -1, nil pointers to fresh
// values filled the same way (to a small depth).
func hostileFill(v reflect.Value, s string, f float64, depth int) {
	if depth > 4 {
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(f)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(-1)
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		hostileFill(v.Elem(), s, f, depth+1)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				hostileFill(v.Field(i), s, f, depth+1)
			}
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() != reflect.Uint8 {
			nv := reflect.MakeSlice(v.Type(), 1, 1)
			hostileFill(nv.Index(0), s, f, depth+1)
			v.Set(nv)
		}
	}
}

// argShape says how to build each argument of a call.
type argShape struct {
	name   string
	ctx    func() context.Context
	id     string
	params func(t reflect.Type) reflect.Value // t is the pointer type
}

func hostileShapes() []argShape {
	bg := context.Background
	nilParams := func(t reflect.Type) reflect.Value { return reflect.Zero(t) }
	zeroParams := func(t reflect.Type) reflect.Value { return reflect.New(t.Elem()) }
	filled := func(s string, f float64) func(reflect.Type) reflect.Value {
		return func(t reflect.Type) reflect.Value {
			v := reflect.New(t.Elem())
			hostileFill(v.Elem(), s, f, 0)
			return v
		}
	}
	huge := strings.Repeat("x", 64<<10) // far past any real ID or field; bigger only slows the race detector
	return []argShape{
		{"nil params, empty id", bg, "", nilParams},
		{"nil params", bg, "x_1", nilParams},
		{"zero params", bg, "x_1", zeroParams},
		{"nil context", func() context.Context { return nil }, "x_1", zeroParams},
		{"dot id", bg, ".", zeroParams},
		{"dotdot id", bg, "..", zeroParams},
		{"space dotdot id", bg, " .. ", zeroParams},
		{"slash query id", bg, "a/b?c#d", zeroParams},
		{"huge id", bg, huge, zeroParams},
		{"NaN", bg, "x_1", filled("v", math.NaN())},
		{"+Inf", bg, "x_1", filled("v", math.Inf(1))},
		{"-Inf", bg, "x_1", filled("v", math.Inf(-1))},
		{"line breaks", bg, "x_1", filled("a\r\nb", 1)},
		{"huge strings", bg, "x_1", filled(huge, 1e300)},
	}
}

// TestHostileInputNeverPanics calls every exported method of every service
// with nil, zero and hostile arguments. None may panic; each either is
// refused before sending (a *ParamError, or a nil-context error, with no
// request reaching the server) or sends a request whose path keeps the ID
// in one segment.
func TestHostileInputNeverPanics(t *testing.T) {
	c, ts := newTestClient(t, WithMaxRetries(0))
	ts.Mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, `{"error":{"type":"not_found","message":"no"}}`)
	})
	methods := serviceMethods(c)
	if len(methods) < 50 {
		t.Fatalf("found only %d methods", len(methods))
	}
	for name, m := range methods {
		for _, shape := range hostileShapes() {
			t.Run(name+"/"+shape.name, func(t *testing.T) {
				before := ts.Hits.Load()
				err := callHostile(t, m, shape)
				hits := ts.Hits.Load() - before
				var pe *ParamError
				var ae *APIError
				if errors.As(err, &ae) && hits == 0 {
					hits = 1 // refused by the server before its handler ran (431)
				}
				switch {
				case errors.As(err, &pe):
					if hits != 0 {
						t.Errorf("ParamError %.300v after %d requests", err, hits)
					}
				case hits == 0:
					if shape.ctx() == nil && err != nil && strings.Contains(err.Error(), "nil context") {
						return
					}
					t.Errorf("no request and no ParamError: %.300v", err)
				case err == nil:
					t.Errorf("a 404 answer gave no error")
				}
			})
		}
	}
}

// callHostile calls m with arguments built by shape and returns its error,
// running an iterator result to its end. A panic fails the test.
func callHostile(t *testing.T, m reflect.Value, shape argShape) (err error) {
	t.Helper()
	defer func() {
		if p := recover(); p != nil {
			t.Errorf("panic: %v", p)
			err = fmt.Errorf("panic")
		}
	}()
	mt := m.Type()
	var args []reflect.Value
	for i := 0; i < mt.NumIn(); i++ {
		at := mt.In(i)
		if mt.IsVariadic() && i == mt.NumIn()-1 {
			break
		}
		switch {
		case at == ctxType:
			if ctx := shape.ctx(); ctx == nil {
				args = append(args, reflect.Zero(ctxType))
			} else {
				args = append(args, reflect.ValueOf(ctx))
			}
		case at.Kind() == reflect.String:
			args = append(args, reflect.ValueOf(shape.id).Convert(at))
		case at.Kind() == reflect.Pointer:
			args = append(args, shape.params(at))
		default:
			v := reflect.New(at).Elem()
			hostileFill(v, shape.id, math.NaN(), 0)
			args = append(args, v)
		}
	}
	out := m.Call(args)
	last := out[len(out)-1]
	if last.Type() == reflect.TypeOf((*error)(nil)).Elem() {
		if !last.IsNil() {
			return last.Interface().(error)
		}
		return nil
	}
	// An iter.Seq2[T, error]: range it through reflection.
	var first error
	yield := reflect.MakeFunc(last.Type().In(0), func(a []reflect.Value) []reflect.Value {
		if e := a[1]; !e.IsNil() && first == nil {
			first = e.Interface().(error)
		}
		return []reflect.Value{reflect.ValueOf(true)}
	})
	last.Call([]reflect.Value{yield})
	return first
}

// TestNonFiniteAmountsRefused checks that a NaN or infinite amount anywhere
// in a request body is refused with a *ParamError naming its JSON path,
// before anything is sent, rather than failing inside encoding/json with
// an error that names no field.
func TestNonFiniteAmountsRefused(t *testing.T) {
	c, ts := newTestClient(t)
	nan, inf := math.NaN(), math.Inf(1)
	for _, tt := range []struct {
		name, field string
		call        func(context.Context) error
	}{
		{"plan initial price", "initial_price", func(ctx context.Context) error {
			_, err := c.Plans.Create(ctx, &PlanCreateParams{CompanyID: "biz_1", ProductID: "prod_1", InitialPrice: &nan})
			return err
		}},
		{"plan update nullable", "renewal_price", func(ctx context.Context) error {
			_, err := c.Plans.Update(ctx, "plan_1", &PlanUpdateParams{RenewalPrice: Value(-inf)})
			return err
		}},
		{"invoice line item", "line_items[1].unit_price", func(ctx context.Context) error {
			_, err := c.Invoices.Create(ctx, &InvoiceCreateParams{CompanyID: "biz_1", CollectionMethod: CollectionMethodSendInvoice,
				ProductID: "prod_1", SaveAsDraft: Ptr(true),
				LineItems: []InvoiceLineItem{{Label: "a", UnitPrice: 1}, {Label: "b", UnitPrice: inf}}})
			return err
		}},
		{"invoice plan", "plan.initial_price", func(ctx context.Context) error {
			_, err := c.Invoices.Create(ctx, &InvoiceCreateParams{CompanyID: "biz_1", CollectionMethod: CollectionMethodSendInvoice,
				ProductID: "prod_1", SaveAsDraft: Ptr(true), Plan: InvoicePlanParams{InitialPrice: &nan}})
			return err
		}},
		{"payment metadata", "metadata.score", func(ctx context.Context) error {
			_, err := c.Payments.Create(ctx, &PaymentCreateParams{CompanyID: "biz_1", PlanID: "plan_1", MemberID: "mber_1",
				Metadata: map[string]any{"score": nan}})
			return err
		}},
		{"product affiliate percentage", "global_affiliate_percentage", func(ctx context.Context) error {
			_, err := c.Products.Update(ctx, "prod_1", &ProductUpdateParams{GlobalAffiliatePercentage: Value(nan)})
			return err
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call(context.Background())
			var pe *ParamError
			if !errors.As(err, &pe) {
				t.Fatalf("want a *ParamError, got %v", err)
			}
			if pe.Field != tt.field {
				t.Errorf("Field = %q, want %q", pe.Field, tt.field)
			}
			if n := ts.Hits.Load(); n != 0 {
				t.Errorf("%d requests sent", n)
			}
		})
	}
}

// TestControlCharactersRefusedAtTheOption checks that a header value
// net/http would refuse (a NUL, DEL or other control character) is refused
// where it is given, not by the transport on every attempt: before, each
// call failed three times with "invalid header field value" and no
// ParamError.
func TestControlCharactersRefusedAtTheOption(t *testing.T) {
	for _, bad := range []string{"a\x00b", "a\x7fb", "a\x1bb"} {
		for name, opt := range map[string]ClientOption{
			"WithAPIKey":    WithAPIKey("sk_" + bad),
			"WithAppID":     WithAppID(bad),
			"WithUserAgent": WithUserAgent(bad),
		} {
			if _, err := NewClient(WithoutEnvironment(), WithAPIKey(testAPIKey), opt); err == nil {
				t.Errorf("%s(%q) accepted", name, bad)
			}
		}
		c, ts := newTestClient(t)
		for name, opt := range map[string]RequestOption{
			"WithHeader":         WithHeader("X-Trace", bad),
			"WithIdempotencyKey": WithIdempotencyKey(bad),
		} {
			if _, err := c.Payments.Retry(context.Background(), "pay_1", opt); err == nil {
				t.Errorf("%s(%q) accepted", name, bad)
			}
		}
		_, err := c.CompanyTokenTransactions.Create(context.Background(), &CompanyTokenTransactionCreateParams{
			TransactionType: CompanyTokenTransactionTypeAdd, CompanyID: "biz_1", UserID: "user_1", Amount: 1, IdempotencyKey: bad})
		var pe *ParamError
		if !errors.As(err, &pe) || pe.Field != "idempotency_key" {
			t.Errorf("body idempotency key %q: want a ParamError for idempotency_key, got %v", bad, err)
		}
		if n := ts.Hits.Load(); n != 0 {
			t.Errorf("%d requests sent", n)
		}
	}
	// A tab is a legal header character and stays accepted.
	if _, err := NewClient(WithoutEnvironment(), WithAPIKey(testAPIKey), WithUserAgent("a\tb")); err != nil {
		t.Errorf("a tab was refused: %v", err)
	}
}

// TestAccessTokenHiddenFromEveryVerb prints an access token, alone, by
// pointer and in a slice, with every fmt verb: none may show the token.
// Before AccessToken had a Format method, %d and %t printed its fields.
// (%p of a struct value, which go vet reports, bypasses every method:
// fmt prints the fields; only the pointer form is checked for it.)
func TestAccessTokenHiddenFromEveryVerb(t *testing.T) {
	const secret = "tok_do_not_print_me"
	tok := AccessToken{Token: secret}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x", "%X", "%t", "%e", "%10.3f", "%p"} {
		for what, v := range map[string]any{"value": tok, "pointer": &tok, "slice": []AccessToken{tok}, "map": map[string]AccessToken{"k": tok}} {
			if verb == "%p" && what == "value" {
				continue
			}
			if s := fmt.Sprintf(verb, v); strings.Contains(s, secret) || strings.Contains(s, fmt.Sprintf("%x", secret)) {
				t.Errorf("%s of %s shows the token: %s", verb, what, s)
			}
		}
	}
}

// TestCallMiddlewareCallingNextTwice runs a CallMiddleware that calls
// next twice (a retry or hedging wrapper a user may write). Each run must
// decode its own answer, and the pooled body buffer must go back to the
// pool once: the first run's buffer stayed in the call's state after it
// was returned, so the second run put it back again while reading into
// it, and the pool then handed the same buffer to two calls at once.
func TestCallMiddlewareCallingNextTwice(t *testing.T) {
	// One P, so that every Put lands in the same per-P pool slot and two
	// Gets see a buffer that was put twice.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	var n atomic.Int64
	twice := func(ctx context.Context, _ CallInfo, next CallFunc) (Response, error) {
		if _, err := next(ctx); err != nil {
			return Response{}, err
		}
		return next(ctx)
	}
	c, ts := newTestClient(t, WithCallMiddleware(twice))
	ts.Mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, fmt.Sprintf(`{"id":"pay_%d"}`, n.Add(1)))
	})
	p, err := c.Payments.Get(context.Background(), "pay_1")
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != "pay_2" {
		t.Errorf("ID = %q, want the second answer's pay_2", p.ID)
	}
	a := c.bufs.Get().(*bytes.Buffer)
	b := c.bufs.Get().(*bytes.Buffer)
	if a == b {
		t.Fatal("the pool holds the same buffer twice")
	}
}

// TestCallMiddlewareCannotFakeSuccess checks that a CallMiddleware that
// returns a nil error without a successful run of next (it skipped next,
// or dropped next's error) does not make the method return a zero-value
// result with no error: a Payment with no ID and no status, as if Whop
// had answered.
func TestCallMiddlewareCannotFakeSuccess(t *testing.T) {
	skip := func(context.Context, CallInfo, CallFunc) (Response, error) { return Response{}, nil }
	swallow := func(ctx context.Context, _ CallInfo, next CallFunc) (Response, error) {
		r, _ := next(ctx)
		return r, nil
	}
	t.Run("next never runs", func(t *testing.T) {
		c, ts := newTestClient(t, WithCallMiddleware(skip))
		p, err := c.Payments.Create(context.Background(), &PaymentCreateParams{CompanyID: "biz_1", PlanID: "plan_1", MemberID: "mber_1"})
		if err == nil {
			t.Fatalf("no error; result %+v", p)
		}
		if n := ts.Hits.Load(); n != 0 {
			t.Errorf("%d requests sent", n)
		}
	})
	t.Run("error dropped", func(t *testing.T) {
		c, ts := newTestClient(t, WithCallMiddleware(swallow), WithMaxRetries(0))
		ts.Mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, http.StatusUnprocessableEntity, `{"error":{"type":"invalid","message":"card declined"}}`)
		})
		p, err := c.Payments.Create(context.Background(), &PaymentCreateParams{CompanyID: "biz_1", PlanID: "plan_1", MemberID: "mber_1"})
		if !errors.Is(err, ErrUnprocessable) {
			t.Fatalf("want the 422, got %v; result %+v", err, p)
		}
	})
}

// TestAPIErrorHidesCredentialsInBody answers with error bodies that hold a
// credential member (a gateway passing on part of an answer, a 409 that
// carries the existing webhook endpoint): neither the error's message nor
// its Body may carry the secret, whether the body is the API's error
// shape, other JSON or JSON cut short.
func TestAPIErrorHidesCredentialsInBody(t *testing.T) {
	const secret = "ws_dont_print_this_secret"
	for name, body := range map[string]string{
		"cut-off json":  `{"id":"hook_1","webhook_secret":"` + secret + `","url":"https://exa`,
		"other json":    `{"id":"hook_1","webhook_secret":"` + secret + `"}`,
		"error message": `{"error":{"type":"conflict","message":"exists: {\"client_secret\":\"` + secret + `\"}"}}`,
	} {
		t.Run(name, func(t *testing.T) {
			c, ts := newTestClient(t, WithMaxRetries(0))
			ts.Mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, http.StatusConflict, body)
			})
			_, err := c.Webhooks.Create(context.Background(), &WebhookEndpointCreateParams{URL: "https://example.com/h"})
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("want an APIError, got %v", err)
			}
			for what, s := range map[string]string{"Error": err.Error(), "%+v": fmt.Sprintf("%+v", err),
				"%#v": fmt.Sprintf("%#v", ae), "Message": ae.Message, "Body": string(ae.Body)} {
				if strings.Contains(s, secret) {
					t.Errorf("%s shows the secret: %.300s", what, s)
				}
			}
		})
	}
}

// TestSharedClientPerCallOptionsRace shares one client, with attempt and
// call middleware and a debug logger, between goroutines that each pass
// their own WithResponseInto, retry after a 503, and break out of a
// ListAll early. Run under -race; each call's Response must describe that
// call (its own request ID and idempotency key), never a neighbour's.
func TestSharedClientPerCallOptionsRace(t *testing.T) {
	var seen sync.Map // idempotency key -> request ID the server gave it
	var attempts atomic.Int64
	mw := func(req *http.Request, info AttemptInfo, next RoundTripFunc) (*http.Response, error) {
		attempts.Add(1)
		req.Header.Set("X-Attempt", strconv.Itoa(info.Attempt))
		return next(req)
	}
	cmw := func(ctx context.Context, call CallInfo, next CallFunc) (Response, error) { return next(ctx) }
	logger := slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, ts := newTestClient(t, WithMiddleware(mw), WithCallMiddleware(cmw), WithLogger(logger))
	var n atomic.Int64
	ts.Mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/products") && r.URL.Path == "/products" {
			writeJSON(w, 200, `{"data":[{"id":"p1"},{"id":"p2"}],"page_info":{"end_cursor":"c`+strconv.FormatInt(n.Add(1), 10)+`","has_next_page":true}}`)
			return
		}
		key := r.Header.Get("Idempotency-Key")
		if r.Header.Get("X-Attempt") == "1" {
			writeJSON(w, http.StatusServiceUnavailable, `{"error":{"type":"down","message":"try again"}}`)
			return
		}
		rid := "req_" + strconv.FormatInt(n.Add(1), 10)
		seen.Store(key, rid)
		w.Header().Set("X-Request-Id", rid)
		writeJSON(w, 200, `{"id":"pay_1"}`)
	})
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 4; i++ {
				var r Response
				if _, err := c.Payments.Retry(context.Background(), "pay_1", WithResponseInto(&r)); err != nil {
					errs <- err
					return
				}
				want, _ := seen.Load(r.IdempotencyKey)
				if r.RequestID == "" || r.RequestID != want || r.Attempts != 2 {
					errs <- fmt.Errorf("response %+v, server gave key %q request %v", r, r.IdempotencyKey, want)
				}
				for _, err := range c.Products.ListAll(context.Background(), &ProductListParams{CompanyID: "biz_1"}, WithResponseInto(&r)) {
					if err != nil {
						errs <- err
					}
					break
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if attempts.Load() != 8*4*3 {
		t.Errorf("%d attempts, want %d", attempts.Load(), 8*4*3)
	}
}

// TestSuccessArrivedBeforeCancelIsKept cancels the call's context just
// after a 201 to a POST has arrived in full (its body read), before the
// retry loop judges it. The payment exists, so the call must return it,
// not "context canceled": the retry check looked at the context before it
// looked at the 2xx, and the answer was thrown away.
func TestSuccessArrivedBeforeCancelIsKept(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	mw := func(req *http.Request, _ AttemptInfo, next RoundTripFunc) (*http.Response, error) {
		resp, err := next(req)
		if err != nil {
			return resp, err
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		resp.Body = io.NopCloser(bytes.NewReader(b))
		cancel()
		return resp, nil
	}
	c, ts := newTestClient(t, WithMiddleware(mw))
	ts.Mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusCreated, `{"id":"pay_new"}`)
	})
	p, err := c.Payments.Create(ctx, &PaymentCreateParams{CompanyID: "biz_1", PlanID: "plan_1", MemberID: "mber_1"})
	if err != nil {
		t.Fatalf("the 201 was discarded: %v", err)
	}
	if p.ID != "pay_new" {
		t.Errorf("ID = %q", p.ID)
	}
	if n := ts.Hits.Load(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}
