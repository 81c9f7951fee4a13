package whop

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewClientEnvironment(t *testing.T) {
	t.Setenv(EnvAPIKey, "env_key")
	t.Setenv(EnvBaseURL, "https://env.example.com/api/v1/")
	t.Setenv(EnvAppID, "app_env")

	c, err := NewClient()
	require.NoError(t, err)
	assert.Equal(t, "env_key", c.cfg.apiKey.value())
	assert.Equal(t, "https://env.example.com/api/v1", c.baseURL, "trailing slash trimmed")
	assert.Equal(t, "app_env", c.cfg.appID)

	c, err = NewClient(WithAPIKey("opt_key"), WithBaseURL("http://127.0.0.1:1/x"), WithAppID("app_opt"))
	require.NoError(t, err)
	assert.Equal(t, "opt_key", c.cfg.apiKey.value(), "options win over the environment")
	assert.Equal(t, "http://127.0.0.1:1/x", c.baseURL)
	assert.Equal(t, "app_opt", c.cfg.appID)

	_, err = NewClient(WithoutEnvironment())
	require.Error(t, err, "WithoutEnvironment ignores WHOP_API_KEY")
	assert.Contains(t, err.Error(), "WHOP_API_KEY")

	c, err = NewClient(WithoutEnvironment(), WithAPIKey("k"))
	require.NoError(t, err)
	assert.Equal(t, DefaultBaseURL, c.baseURL)
	assert.Empty(t, c.cfg.appID)
}

func TestNewClientNoKey(t *testing.T) {
	t.Setenv(EnvAPIKey, "")
	_, err := NewClient()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "WHOP_API_KEY")
}

func TestNewClientBadEnvBaseURL(t *testing.T) {
	t.Setenv(EnvAPIKey, "k")
	t.Setenv(EnvBaseURL, "::not a url")
	_, err := NewClient()
	require.Error(t, err)
	assert.Contains(t, err.Error(), EnvBaseURL)
}

func TestClientOptionValidation(t *testing.T) {
	cases := map[string]ClientOption{
		"empty key":        WithAPIKey(""),
		"key with newline": WithAPIKey("a\nb"),
		"unparsable url":   WithBaseURL("http://[::1"),
		"url no scheme":    WithBaseURL("api.whop.com/api/v1"),
		"url ftp":          WithBaseURL("ftp://api.whop.com"),
		"url with user":    WithBaseURL("https://u:p@api.whop.com"),
		"url with query":   WithBaseURL("https://api.whop.com/?a=b"),
		"empty app id":     WithAppID(" "),
		"nil http client":  WithHTTPClient(nil),
		"negative retries": WithMaxRetries(-1),
		"huge retries":     WithMaxRetries(1000),
		"negative timeout": WithTimeout(-time.Second),
		"ua newline":       WithUserAgent("x\r\ny"),
		"nil logger":       WithLogger(nil),
		"zero backoff":     WithBackoff(0, time.Second),
		"inverted backoff": WithBackoff(time.Second, time.Millisecond),
		"zero retry cap":   WithRetryAfterCap(0),
	}
	for name, opt := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := NewClient(WithoutEnvironment(), WithAPIKey("k"), opt)
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), "whop: With"), err.Error())
		})
	}
	// The first invalid option is the one reported.
	_, err := NewClient(WithoutEnvironment(), WithMaxRetries(-1), WithTimeout(-1))
	require.ErrorContains(t, err, "WithMaxRetries")
}

func TestRequestHeaders(t *testing.T) {
	c, ts := newTestClient(t, WithAppID("app_123"), WithUserAgent("acme-billing/2.0"))
	var got http.Header
	ts.Mux.HandleFunc("/products/prod_1", func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		writeJSON(w, 200, `{"id":"prod_1"}`)
	})
	_, err := c.Products.Get(context.Background(), "prod_1", WithHeader("X-Trace", "t-1"))
	require.NoError(t, err)
	assert.Equal(t, "Bearer "+testAPIKey, got.Get("Authorization"))
	assert.Equal(t, "application/json", got.Get("Accept"))
	assert.Equal(t, "whop-go/"+Version+" go/"+runtime.Version()+" acme-billing/2.0", got.Get("User-Agent"))
	assert.Equal(t, "app_123", got.Get("X-Whop-App-Id"))
	assert.Equal(t, "t-1", got.Get("X-Trace"))
	assert.Empty(t, got.Get("Content-Type"), "no body, no content type")
	assert.Empty(t, got.Get("Idempotency-Key"))

	ts.Mux.HandleFunc("/products", func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		writeJSON(w, 200, `{"id":"prod_1"}`)
	})
	_, err = c.Products.Create(context.Background(), &ProductCreateParams{CompanyID: "b", Title: "t"}, WithIdempotencyKey("idem-1"))
	require.NoError(t, err)
	assert.Equal(t, "application/json", got.Get("Content-Type"))
	assert.Equal(t, "idem-1", got.Get("Idempotency-Key"))
}

func TestNoAppIDHeaderByDefault(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/products/p", func(w http.ResponseWriter, r *http.Request) {
		_, present := r.Header["X-Whop-App-Id"]
		assert.False(t, present)
		writeJSON(w, 200, `{"id":"p"}`)
	})
	_, err := c.Products.Get(context.Background(), "p")
	require.NoError(t, err)
}

func TestRequestOptionValidation(t *testing.T) {
	c, ts := newTestClient(t)
	ctx := context.Background()
	for name, opt := range map[string]RequestOption{
		"bad header name": WithHeader("Bad Header", "v"),
		"header newline":  WithHeader("X-A", "v\r\nInjected: 1"),
		"empty idem key":  WithIdempotencyKey(""),
		"zero timeout":    WithRequestTimeout(0),
		"long idem key":   WithIdempotencyKey(strings.Repeat("k", 300)),
	} {
		_, err := c.Products.Get(ctx, "prod_1", opt)
		assert.Error(t, err, name)
	}
	assert.Zero(t, ts.Hits.Load())
}

func TestPathEscaping(t *testing.T) {
	c, ts := newTestClient(t)
	var paths []string
	var mu sync.Mutex
	ts.Mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.EscapedPath())
		mu.Unlock()
		assert.Empty(t, r.URL.RawQuery, "an ID must not inject a query")
		writeJSON(w, 200, `{"id":"x"}`)
	})
	ids := map[string]string{
		"a/b":      "/products/a%2Fb",
		"a?b=c":    "/products/a%3Fb=c",
		"a#frag":   "/products/a%23frag",
		"100%":     "/products/100%25",
		"../admin": "/products/..%2Fadmin",
		"prod_ünï": "/products/prod_%C3%BCn%C3%AF",
		"%2e%2e":   "/products/%252e%252e",
		"a b":      "/products/a%20b",
	}
	for id := range ids {
		_, err := c.Products.Get(context.Background(), id)
		require.NoError(t, err, id)
	}
	var want []string
	for _, p := range ids {
		want = append(want, p)
	}
	assert.ElementsMatch(t, want, paths)
}

func TestPerCallTimeout(t *testing.T) {
	c, ts := newTestClient(t, WithMaxRetries(0))
	release := make(chan struct{})
	defer close(release)
	ts.Mux.HandleFunc("/products/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	// The handler holds the request until the test ends, and the client's
	// own timeout (60 s) is longer than failAfter: only the per-call
	// timeout can end the call in time.
	err := bounded(t, "get", func() error {
		_, err := c.Products.Get(context.Background(), "slow", WithRequestTimeout(20*time.Millisecond))
		return err
	})
	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestSecretsNeverPrinted(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, ts := newTestClient(t, WithLogger(logger), WithMaxRetries(1))
	ts.Mux.HandleFunc("/products/p", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 500, `{"error":{"type":"server_error","message":"boom"}}`)
	})
	_, err := c.Products.Get(context.Background(), "p")
	require.Error(t, err)

	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	c2, err2 := NewClient(WithoutEnvironment(), WithAPIKey(testAPIKey), WithBaseURL(deadURL), WithMaxRetries(0), WithLogger(logger))
	require.NoError(t, err2)
	_, connErr := c2.Products.List(context.Background(), &ProductListParams{CompanyID: "secret-search"})
	require.Error(t, connErr)

	for _, s := range []string{
		err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", c), fmt.Sprintf("%+v", c),
		fmt.Sprintf("%v", c.cfg), fmt.Sprintf("%v", c.cfg.apiKey), fmt.Sprintf("%+v", c.cfg), fmt.Sprintf("%#v", c.cfg),
		connErr.Error(), logs.String(),
	} {
		assert.NotContains(t, s, testAPIKey)
		assert.NotContains(t, s, "Bearer")
	}
	assert.NotContains(t, connErr.Error(), "secret-search", "query strings stay out of errors")
	assert.NotContains(t, logs.String(), "secret-search", "query strings stay out of logs")
	assert.Contains(t, logs.String(), "whop request")
}

func TestNilContextAndNilOptions(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/products/p", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{"id":"p"}`) })
	//lint:ignore SA1012 checking that a nil context is refused, not a panic
	_, err := c.Products.Get(nil, "p") //nolint:staticcheck
	require.Error(t, err)
	_, err = c.Products.Get(context.Background(), "p", nil)
	require.NoError(t, err)
	_, err = NewClient(nil, WithoutEnvironment(), WithAPIKey("k"))
	require.NoError(t, err)
	assert.False(t, errors.Is(err, ErrInvalidParams))
}
