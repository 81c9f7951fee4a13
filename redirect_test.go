package whop

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gowhop/whop/internal/faultserver"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Go's http.Client turns a 301, 302 or 303 answer to a POST, PATCH or
// DELETE into a GET of the new location. For a write that is silent
// damage: the write never happens, and the GET's answer is decoded as if
// it were the write's result. These tests pin the client's redirect policy.

func TestRedirectThatChangesTheMethodIsRefused(t *testing.T) {
	checkNoLeaks(t)
	for _, status := range []int{301, 302, 303} {
		for _, kind := range callKinds {
			if kind.method == http.MethodGet {
				continue
			}
			t.Run(http.StatusText(status)+"/"+kind.name, func(t *testing.T) {
				fc := newFaultClient(t)
				defer fc.cleanup()
				fc.srv.Handle(func(n int, r *http.Request) faultserver.Action {
					if n == 0 {
						return faultserver.Redirect(status, fc.srv.URL+"/products/prod_2")
					}
					return faultserver.JSON(200, okBody(r.Method))
				})
				got, err := kind.run(context.Background(), fc.Client)
				require.Error(t, err)
				assert.False(t, got)
				assert.Contains(t, err.Error(), "redirect")
				assert.Contains(t, err.Error(), "would change the method")
				assert.ErrorIs(t, err, ErrRedirectRefused)
				assert.Equal(t, 1, fc.srv.Hits(), "nothing is sent to the new location, and the write is not repeated")
				assert.NotContains(t, err.Error(), testAPIKey)
				assert.Zero(t, fc.bodies.open.Load())
			})
		}
	}
}

func TestRedirectSameOriginKeepsMethodAndBody(t *testing.T) {
	for _, status := range []int{307, 308} {
		for _, kind := range callKinds {
			t.Run(http.StatusText(status)+"/"+kind.name, func(t *testing.T) {
				fc := newFaultClient(t)
				fc.srv.Handle(func(n int, r *http.Request) faultserver.Action {
					if n == 0 {
						return faultserver.Redirect(status, fc.srv.URL+"/moved"+strings.TrimPrefix(r.URL.Path, testBasePath))
					}
					return faultserver.JSON(200, okBody(r.Method))
				})
				got, err := kind.run(context.Background(), fc.Client)
				require.NoError(t, err)
				assert.True(t, got)
				reqs := fc.srv.Requests()
				require.Len(t, reqs, 2)
				assert.Equal(t, kind.method, reqs[1].Method)
				assert.True(t, strings.HasPrefix(reqs[1].Path, testBasePath+"/moved/"), reqs[1].Path)
				assert.Equal(t, string(reqs[0].Body), string(reqs[1].Body))
				assert.Equal(t, "Bearer "+testAPIKey, reqs[1].Header.Get("Authorization"), "same origin keeps the credentials")
			})
		}
	}
	// A GET may follow any redirect code within the origin.
	for _, status := range []int{301, 302, 303} {
		fc := newFaultClient(t)
		fc.srv.Script(faultserver.Redirect(status, fc.srv.URL+"/products/prod_2"), faultserver.JSON(200, productBody))
		_, err := fc.Products.Get(context.Background(), "prod_1")
		require.NoError(t, err, status)
		assert.Equal(t, 2, fc.srv.Hits())
	}
}

// A redirect to another host, port or scheme is refused, so the API key
// never travels anywhere but the configured base URL. (Go itself forwards
// Authorization to the same host on another port or over plain http.)
func TestRedirectToAnotherOriginIsRefused(t *testing.T) {
	checkNoLeaks(t)
	other := faultserver.New("")
	defer other.Close()
	otherHost := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
	for name, target := range map[string]func(fc *faultClient) string{
		"other port":        func(*faultClient) string { return other.URL + "/steal" },
		"other host":        func(*faultClient) string { return otherHost + "/steal" },
		"protocol-relative": func(*faultClient) string { return "//" + strings.TrimPrefix(other.URL, "http://") + "/steal" },
	} {
		for _, status := range []int{302, 307, 308} {
			t.Run(name+"/"+http.StatusText(status), func(t *testing.T) {
				fc := newFaultClient(t)
				defer fc.cleanup()
				fc.srv.Script(faultserver.Redirect(status, target(fc)))
				_, err := fc.Products.Get(context.Background(), "prod_1")
				require.Error(t, err)
				assert.ErrorIs(t, err, ErrRedirectRefused)
				assert.NotContains(t, err.Error(), testAPIKey)
				assert.Equal(t, 1, fc.srv.Hits(), "a refused redirect is not retried")
			})
		}
	}
	assert.Zero(t, other.Hits(), "nothing reached the other origin")
}

// Over TLS, a redirect to plain http on the same host and port would send
// the key in clear text; it is refused before anything is sent.
func TestRedirectDowngradeToHTTPIsRefused(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Redirect(w, r, "http://"+r.Host+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer srv.Close()
	c, err := NewClient(WithoutEnvironment(), WithAPIKey(testAPIKey), WithBaseURL(srv.URL+testBasePath),
		WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	_, err = c.Products.Get(context.Background(), "prod_1")
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrRedirectRefused)
	assert.Equal(t, int64(1), hits.Load())
}

// A CheckRedirect the caller set on their own http.Client still runs, after
// the client's own policy.
func TestRedirectCallerPolicyStillApplies(t *testing.T) {
	fc := newFaultClient(t)
	fc.srv.Script(faultserver.Redirect(302, fc.srv.URL+"/products/prod_2"), faultserver.JSON(200, productBody))
	var called int
	c, err := NewClient(WithoutEnvironment(), WithAPIKey(testAPIKey), WithBaseURL(fc.srv.URL),
		WithHTTPClient(&http.Client{Transport: fc.tr, CheckRedirect: func(*http.Request, []*http.Request) error {
			called++
			return http.ErrUseLastResponse
		}}))
	require.NoError(t, err)
	_, err = c.Products.Get(context.Background(), "prod_1")
	require.Error(t, err, "the 302 itself is returned, and is not a success")
	assert.Equal(t, 1, called)
	assert.Equal(t, 1, fc.srv.Hits())
}
