package whop

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testBasePath is where the fake API is mounted, so that a method building
// an absolute path ("/products" instead of relative to the base URL) fails.
const testBasePath = "/api/v1"

const testAPIKey = "sk_test_0123456789abcdef"

// testServer is an httptest server with a mux under testBasePath and a
// count of the requests that reached it.
type testServer struct {
	*httptest.Server
	Mux   *http.ServeMux
	Hits  atomic.Int64
	Waits []time.Duration
	waits chan time.Duration
}

// newTestClient starts a loopback server and a client pointed at it. The
// client never sleeps for real: back-off waits are recorded in ts.Waits and
// shortened to a millisecond.
func newTestClient(t *testing.T, opts ...ClientOption) (*Client, *testServer) {
	t.Helper()
	ts := &testServer{Mux: http.NewServeMux()}
	outer := http.NewServeMux()
	outer.Handle(testBasePath+"/", http.StripPrefix(testBasePath, ts.Mux))
	outer.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request outside the base path: %s %s", r.Method, r.URL.Path)
		http.Error(w, "outside base path", http.StatusTeapot)
	})
	ts.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ts.Hits.Add(1)
		outer.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	base := []ClientOption{WithoutEnvironment(), WithAPIKey(testAPIKey), WithBaseURL(ts.URL + testBasePath)}
	c, err := NewClient(append(base, opts...)...)
	require.NoError(t, err)
	var waits = make(chan time.Duration, 64)
	c.scaleWait = func(d time.Duration) time.Duration {
		select {
		case waits <- d:
		default:
		}
		return time.Millisecond
	}
	ts.waits = waits
	return c, ts
}

// recordedWaits returns the back-off waits the client asked for so far.
func (ts *testServer) recordedWaits() []time.Duration {
	for {
		select {
		case d := <-ts.waits:
			ts.Waits = append(ts.Waits, d)
		default:
			return ts.Waits
		}
	}
}

// testMethod fails the test unless r uses want.
func testMethod(t *testing.T, r *http.Request, want string) {
	t.Helper()
	assert.Equal(t, want, r.Method, "method")
}

// testJSONBody fails the test unless r's body is JSON equal to want.
func testJSONBody(t *testing.T, r *http.Request, want string) {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	assert.JSONEq(t, want, string(b), "request body")
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
}

// testNoBody fails the test if r carries a body.
func testNoBody(t *testing.T, r *http.Request) {
	t.Helper()
	b, _ := io.ReadAll(r.Body)
	assert.Empty(t, string(b), "request body")
}

// writeJSON answers with status and body.
func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// fixture reads testdata/name.
func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return string(b)
}

// assertRoundTrip decodes the JSON doc into a new T, encodes it again and
// checks nothing was lost or changed: every field of the fixture is known.
func assertRoundTrip[T any](t *testing.T, doc string) *T {
	t.Helper()
	v := new(T)
	dec := json.NewDecoder(stringsReader(doc))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(v), "decode with unknown fields disallowed")
	out, err := json.Marshal(v)
	require.NoError(t, err)
	var want, got any
	require.NoError(t, json.Unmarshal([]byte(doc), &want))
	require.NoError(t, json.Unmarshal(out, &got))
	assertJSONSubset(t, "$", want, got)
	return v
}

// assertJSONSubset checks that every value in want is in got, unchanged.
// got may carry extra keys only with zero values: the shared summaries in
// refs.go declare the union of the fields the API sends in different
// places, and a field a given place leaves out encodes as its zero.
func assertJSONSubset(t *testing.T, path string, want, got any) {
	t.Helper()
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			t.Errorf("round trip: %s: want an object, got %v", path, got)
			return
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				t.Errorf("round trip: %s.%s lost", path, k)
				continue
			}
			assertJSONSubset(t, path+"."+k, wv, gv)
		}
		for k, gv := range g {
			if _, ok := w[k]; !ok && !jsonZero(gv) {
				t.Errorf("round trip: %s.%s = %v appeared from nowhere", path, k, gv)
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			t.Errorf("round trip: %s: want %d items, got %v", path, len(w), got)
			return
		}
		for i := range w {
			assertJSONSubset(t, path+"["+strconv.Itoa(i)+"]", w[i], g[i])
		}
	default:
		assert.Equal(t, want, got, "round trip: %s", path)
	}
}

// jsonZero reports whether a decoded JSON value is a zero value.
func jsonZero(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return v == ""
	case float64:
		return v == 0
	case bool:
		return !v
	}
	return false
}

func stringsReader(s string) io.Reader { return strings.NewReader(s) }
