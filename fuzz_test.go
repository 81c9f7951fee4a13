package whop

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gowhop/whop/internal/querystr"
)

// Fuzz targets for what the client reads from the network and what it
// writes into URLs. Under plain `go test` each runs its seed corpus; run
// one with `go test -run '^$' -fuzz FuzzName` to explore further.

// maxErrorText bounds err.Error() of any error built from a response, so a
// hostile body cannot flood logs through it.
const maxErrorText = 2048

// assertOneLine fails unless s is short and holds no line breaks or other
// control characters a log line could be forged with.
func assertOneLine(t *testing.T, what, s string) {
	t.Helper()
	if len(s) > maxErrorText {
		t.Errorf("%s is %d bytes long", what, len(s))
	}
	if i := strings.IndexFunc(s, unicode.IsControl); i >= 0 {
		t.Errorf("%s holds control character %q at %d: %.200q", what, s[i], i, s)
	}
}

var decodeSeeds = []string{
	``, `null`, ` null `, `true`, `false`, `0`, `"x"`, `[]`, `{}`,
	productBody,
	`{"id":"prod_1","title":"Pick`,
	`{"id": 12}`,
	`{"id":"prod_1","created_at":"not a time"}`,
	`{"id":"prod_1","gallery_images":[{"id":"f","url":null}],"product_tax_code":null}`,
	`{"data":[{"id":"prod_1"}],"page_info":{"end_cursor":"c","has_next_page":true}}`,
	`{"data":null,"page_info":null}`,
	"<html>\n<body>maintenance</body>\n</html>",
	"\xff\xfe\x00garbage\r\nInjected: header",
	`{"id":"` + strings.Repeat("a", 4096) + `"}`,
	`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`,
	`{"id":"prod_1","title":"\u0000\u2028\ud800"}`,
}

// FuzzDecodeProduct feeds arbitrary 2xx bodies to the pipeline's decoder
// for each result shape the Products service uses. It must never panic;
// an error is a *DecodeError with a bounded one-line message; success
// means the body was a JSON value of the right shape (never null).
func FuzzDecodeProduct(f *testing.F) {
	for _, s := range decodeSeeds {
		f.Add([]byte(s))
	}
	c, err := NewClient(WithoutEnvironment(), WithAPIKey(testAPIKey))
	if err != nil {
		f.Fatal(err)
	}
	req := &callState{method: http.MethodGet, path: "/products/prod_1"}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, out := range []any{new(Product), new(Page[ProductListItem]), new(bool)} {
			resp := &http.Response{StatusCode: 200, Header: http.Header{}, Body: http.NoBody}
			buf := new(bytes.Buffer)
			buf.Write(body)
			err := c.decode(req, resp, buf, out)
			if err == nil {
				if bytes.Equal(bytes.TrimSpace(body), []byte("null")) {
					t.Fatalf("null decoded into %T without an error", out)
				}
				continue
			}
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("%T: want *DecodeError, got %T: %v", out, err, err)
			}
			if de.StatusCode != 200 || de.Method != http.MethodGet {
				t.Fatalf("DecodeError lost the request: %#v", de)
			}
			assertOneLine(t, "DecodeError", err.Error())
		}
	})
}

// FuzzAPIError feeds arbitrary non-2xx answers to newAPIError. It must
// never panic, always give a readable message, match exactly the
// sentinel of its status, and keep err.Error() bounded and on one line.
func FuzzAPIError(f *testing.F) {
	for _, s := range decodeSeeds {
		f.Add(500, "application/json", []byte(s), "req_1")
	}
	f.Add(400, "application/json", []byte(`{"error":{"type":"invalid_request_error","message":"bad","code":"c","param":"p"}}`), "")
	f.Add(404, "application/json", []byte(`{"error":{"message":"line one\nline two\r\nInjected: yes"}}`), "")
	f.Add(422, "application/json", []byte(`{"error":{"message":"`+strings.Repeat("long ", 50000)+`"}}`), "")
	f.Add(429, "application/json", []byte(`{"error":{"code":"`+strings.Repeat("c", 5000)+`","param":"\u001b[31mred"}}`), "")
	f.Add(502, "text/html", []byte("<!DOCTYPE html><html><body>Bad Gateway</body></html>"), "cf-ray-1")
	f.Add(503, "", []byte(""), "")
	f.Add(599, "text/plain", []byte("\x00\x01\x02"), "")
	f.Add(418, "application/json", []byte(`{"error":"not an object"}`), "")
	f.Add(-1, "", []byte("{"), "")
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte, reqID string) {
		h := http.Header{}
		h.Set("Content-Type", contentType)
		h.Set("X-Request-Id", reqID)
		e := newAPIError(http.MethodPost, "https://api.whop.com/api/v1/products", status, h, body, 1)
		if e.Message == "" {
			t.Fatal("empty message")
		}
		if e.StatusCode != status || !bytes.Equal(e.Body, body) {
			t.Fatal("status or body not kept")
		}
		for _, s := range []error{ErrBadRequest, ErrUnauthorized, ErrForbidden, ErrNotFound, ErrConflict,
			ErrUnprocessable, ErrRateLimited, ErrServer} {
			if errors.Is(e, s) != (s == sentinelFor(status)) {
				t.Fatalf("status %d: errors.Is(%v) wrong", status, s)
			}
		}
		assertOneLine(t, "APIError", e.Error())
		if !strings.HasPrefix(e.Error(), "whop: POST https://api.whop.com/api/v1/products: ") {
			t.Fatalf("message does not lead with the request: %q", e.Error())
		}
	})
}

// FuzzPipelineResponse serves arbitrary status, headers and body from a
// loopback server and runs them through the whole pipeline (retry policy,
// Retry-After parsing, body reads, decoding). Whatever the server sends,
// the call returns exactly one of a result or an error; the error is an
// *APIError for a non-2xx status and a *DecodeError for a bad 2xx body.
func FuzzPipelineResponse(f *testing.F) {
	f.Add(200, "application/json", "", "", []byte(productBody))
	f.Add(200, "application/json", "", "", []byte(`null`))
	f.Add(201, "text/html", "", "", []byte(`<html>`))
	f.Add(204, "", "", "", []byte(``))
	f.Add(301, "", "", "", []byte(``))
	f.Add(304, "", "", "", []byte(``))
	f.Add(404, "application/json", "", "", []byte(`{"error":{"message":"no"}}`))
	f.Add(429, "application/json", "NaN", "", []byte(`{}`))
	f.Add(429, "application/json", "99999999999999999999", "", []byte(`{}`))
	f.Add(429, "application/json", "Fri, 31 Dec 9999 23:59:59 GMT", "", []byte(`{}`))
	f.Add(503, "text/html", "-1", "true", []byte(`<html>`))
	f.Add(500, "application/json", "", "false", []byte(`{"error":`))
	f.Add(200, "application/json", "1", "true", []byte(productBody))

	srv, client, release := newFuzzPipeline(f)
	defer release()
	f.Fuzz(func(t *testing.T, status int, contentType, retryAfter, shouldRetry string, body []byte) {
		status = 200 + abs(status)%400 // 200..599: 1xx are interim answers
		if !validHeaderValue(contentType) || !validHeaderValue(retryAfter) || !validHeaderValue(shouldRetry) {
			return
		}
		srv.set(status, contentType, retryAfter, shouldRetry, body)
		p, err := client.Products.Get(context.Background(), "prod_1")
		if (p == nil) == (err == nil) {
			t.Fatalf("status %d: result %v and error %v", status, p, err)
		}
		if err == nil {
			return
		}
		assertOneLine(t, "pipeline error", err.Error())
		var apiErr *APIError
		var de *DecodeError
		switch {
		case status >= 300 && !errors.As(err, &apiErr):
			t.Fatalf("status %d: want *APIError, got %T: %v", status, err, err)
		case status < 300 && !errors.As(err, &de):
			t.Fatalf("status %d: want *DecodeError, got %T: %v", status, err, err)
		}
	})
}

// fuzzPipeline is the loopback server FuzzPipelineResponse talks to; set
// chooses the next answer.
type fuzzPipeline struct {
	mu                                   sync.Mutex
	status                               int
	contentType, retryAfter, shouldRetry string
	body                                 []byte
}

func (s *fuzzPipeline) set(status int, contentType, retryAfter, shouldRetry string, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status, s.contentType, s.retryAfter, s.shouldRetry, s.body = status, contentType, retryAfter, shouldRetry, body
}

func (s *fuzzPipeline) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, v := range map[string]string{"Content-Type": s.contentType, "Retry-After": s.retryAfter, "X-Should-Retry": s.shouldRetry} {
		if v != "" {
			w.Header().Set(k, v)
		}
	}
	w.WriteHeader(s.status)
	_, _ = w.Write(s.body)
}

func newFuzzPipeline(f *testing.F) (*fuzzPipeline, *Client, func()) {
	s := &fuzzPipeline{status: 200}
	srv := httptest.NewServer(s)
	c, err := NewClient(WithoutEnvironment(), WithAPIKey(testAPIKey), WithBaseURL(srv.URL+testBasePath),
		WithMaxRetries(1), WithRetryAfterCap(time.Millisecond), WithBackoff(time.Millisecond, time.Millisecond),
		// Only a bound against a hang: the server answers at once, but a
		// loaded machine may take seconds to get there.
		WithTimeout(failAfter))
	if err != nil {
		f.Fatal(err)
	}
	c.scaleWait = func(time.Duration) time.Duration { return 0 }
	return s, c, func() { srv.Close(); closeClientIdle(c) }
}

func validHeaderValue(v string) bool {
	return utf8.ValidString(v) && !strings.ContainsFunc(v, func(r rune) bool { return r < ' ' || r == 0x7f })
}

func abs(n int) int {
	if n < 0 {
		if n == -n { // the most negative int
			return 0
		}
		return -n
	}
	return n
}

// FuzzListQuery encodes list parameters holding arbitrary strings, numbers
// and times, and decodes the query the way a server would: every value
// comes back exactly, nothing spills into another parameter, and times are
// UTC with milliseconds.
func FuzzListQuery(f *testing.F) {
	f.Add("biz_1", "", "", 0, 0, int64(0), 0, "regular")
	f.Add("biz_1&company_id=biz_2", "a=b&c", "", 10, 0, int64(1701406800401000000), 3600, "app")
	f.Add("biz_ü#frag?x", "", "cursor/with/slashes", 0, 5, int64(-1), -28800, "a[]=b")
	f.Add("%00%zz+ +", "\x00\xff", "", -1, -1, int64(253402300799999000), 50400+59, "")
	f.Add("", "", "", 1<<62, 0, int64(-62135596800000000), -50400, "x y")
	f.Fuzz(func(t *testing.T, company, after, before string, first, last int, nanos int64, offset int, ptype string) {
		at := time.Unix(0, nanos).In(time.FixedZone("fuzz", offset%(18*3600)))
		p := &ProductListParams{
			ListParams:   ListParams{After: after, Before: before, First: first, Last: last},
			CompanyID:    company,
			ProductTypes: []ProductType{ProductType(ptype), "regular"},
			CreatedAfter: &at,
		}
		q, err := querystr.Encode(p)
		if err != nil {
			t.Fatal(err)
		}
		if strings.ContainsAny(q, "#? \x00\n") {
			t.Fatalf("unescaped character in query %q", q)
		}
		vals, err := url.ParseQuery(q)
		if err != nil {
			t.Fatalf("query %q does not parse: %v", q, err)
		}
		want := map[string][]string{"company_id": {company}, "product_types[]": {ptype, "regular"}}
		if after != "" {
			want["after"] = []string{after}
		}
		if before != "" {
			want["before"] = []string{before}
		}
		for k, v := range want {
			if got := vals[k]; !equalStrings(got, v) {
				t.Fatalf("%s: sent %q, server reads %q (query %q)", k, v, got, q)
			}
		}
		for k := range vals {
			switch k {
			case "company_id", "product_types[]", "after", "before", "first", "last", "created_after":
			default:
				t.Fatalf("unexpected parameter %q in %q", k, q)
			}
		}
		ca := vals.Get("created_after")
		if !strings.HasSuffix(ca, "Z") {
			t.Fatalf("created_after %q is not UTC", ca)
		}
		if y := at.UTC().Year(); y >= 0 && y <= 9999 {
			back, err := time.Parse(time.RFC3339Nano, ca)
			if err != nil {
				t.Fatalf("created_after %q does not parse: %v", ca, err)
			}
			if !back.Equal(at.Truncate(time.Millisecond)) && !back.Equal(at.UTC().Truncate(time.Millisecond)) {
				t.Fatalf("created_after %q is not %v", ca, at)
			}
		}
		if p.CreatedAfter != &at || p.CreatedAfter.Location().String() != "fuzz" {
			t.Fatal("Encode modified the caller's params")
		}
	})
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// FuzzIDPath checks that an ID, whatever it holds, either is refused or
// lands in exactly one path segment: the request line the transport writes
// decodes, on the server, to the products path plus that ID, with no query
// or fragment and no other resource addressed.
func FuzzIDPath(f *testing.F) {
	for _, id := range []string{"prod_1", "a/b", "a?b=c", "a#frag", "100%", "../admin", "..", ".", "./",
		"%2e%2e", "%2F", "prod_ünï", "a b", "a\\b", "\x00", "\xff", " .. ", "..;/x", "?", "#", "//evil.example"} {
		f.Add(id)
	}
	const base = "https://api.whop.com/api/v1"
	f.Fuzz(func(t *testing.T, id string) {
		path, err := expandPath("/products/{id}", pathID{"id", id})
		if err != nil {
			if !errors.Is(err, ErrInvalidParams) {
				t.Fatalf("refusal is not a ParamError: %v", err)
			}
			return
		}
		req, err := http.NewRequest(http.MethodGet, base+path, nil)
		if err != nil {
			t.Fatalf("id %q: request does not build: %v", id, err)
		}
		if req.URL.Host != "api.whop.com" {
			t.Fatalf("id %q: host became %q", id, req.URL.Host)
		}
		// What the server reads from the request line.
		got, err := url.ParseRequestURI(req.URL.RequestURI())
		if err != nil {
			t.Fatalf("id %q: request URI %q does not parse: %v", id, req.URL.RequestURI(), err)
		}
		if got.RawQuery != "" || got.Fragment != "" {
			t.Fatalf("id %q: request URI %q carries a query or fragment", id, req.URL.RequestURI())
		}
		if got.Path != "/api/v1/products/"+id {
			t.Fatalf("id %q: server sees path %q", id, got.Path)
		}
		segs := strings.Split(got.EscapedPath(), "/")
		if len(segs) != 5 || segs[4] == "." || segs[4] == ".." || segs[4] == "" {
			t.Fatalf("id %q: escaped path %q is not one segment under /products", id, got.EscapedPath())
		}
	})
}
