package whop

import (
	"bytes"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWalletTokenHandlerNeverLogsToken: with the client's own logger at
// debug level (the handler's default logger), neither a minted token nor
// the token inside a 2xx answer that fails to decode reaches the logs, and
// the API key does not either.
func TestWalletTokenHandlerNeverLogsToken(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, ts := newTestClient(t, WithLogger(logger))
	bad := false
	ts.Mux.HandleFunc("/access_tokens", func(w http.ResponseWriter, r *http.Request) {
		if bad {
			writeJSON(w, 200, `{"token":"`+fixtureAccessToken+`","expires_at":"not a time"}`)
			return
		}
		writeJSON(w, 200, fixture(t, "access_token.json"))
	})
	h := WalletTokenHandler(c, "biz_1", WithWalletAuthorizer(sessionAuthorizer))
	w, body := serveWallet(t, h, http.MethodPost, withSession("staff"))
	require.Equal(t, http.StatusOK, w.Code)
	require.Equal(t, fixtureAccessToken, body["token"])
	bad = true
	w, body = serveWallet(t, h, http.MethodPost, withSession("staff"))
	require.Equal(t, http.StatusBadGateway, w.Code)
	assert.NotContains(t, body["error"], fixtureAccessToken)

	require.Contains(t, logs.String(), "minting failed", "the decode failure was not logged")
	assert.NotContains(t, logs.String(), fixtureAccessToken)
	assert.NotContains(t, logs.String(), "test-access-token")
	assert.NotContains(t, logs.String(), testAPIKey)
}

// TestWalletTokenHandlerPanicsMintNothing: an authorizer or params hook
// that panics never lets a token out. The panic reaches net/http, which
// drops the connection; the API is not called and the caller gets no 200.
func TestWalletTokenHandlerPanicsMintNothing(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/access_tokens", func(w http.ResponseWriter, r *http.Request) {
		t.Error("a token was minted")
		writeJSON(w, 200, fixture(t, "access_token.json"))
	})
	for name, opts := range map[string][]WalletTokenOption{
		"authorizer": {WithWalletAuthorizer(func(*http.Request) error { panic("authorizer bug") })},
		"params hook": {AllowAnonymousWalletTokens(), WithWalletTokenParams(func(*http.Request, *AccessTokenCreateParams) error {
			panic("hook bug")
		})},
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewUnstartedServer(WalletTokenHandler(c, "biz_1", opts...))
			panics := make(chan string, 8)
			srv.Config.ErrorLog = log.New(chanWriter(panics), "", 0)
			srv.Start()
			defer srv.Close()
			res, err := srv.Client().Get(srv.URL)
			if err == nil {
				res.Body.Close()
				t.Fatalf("status %d, want the connection dropped", res.StatusCode)
			}
			assert.Contains(t, <-panics, "bug", "net/http did not log the panic")
		})
	}
	assert.Zero(t, ts.Hits.Load(), "requests reached the API")
}

// TestWalletTokenHandlerSendsNoCORS: the handler grants no cross-origin
// access by itself. Whatever the Origin, no Access-Control-Allow-* header
// is set, and a CORS preflight (OPTIONS) is refused, so a page of another
// site cannot read a token or send the credentialed POST.
func TestWalletTokenHandlerSendsNoCORS(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/access_tokens", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, fixture(t, "access_token.json"))
	})
	h := WalletTokenHandler(c, "biz_1", WithWalletAuthorizer(sessionAuthorizer))
	origin := func(r *http.Request) {
		r.Header.Set("Origin", "https://evil.example")
		r.Header.Set("Access-Control-Request-Method", "POST")
	}
	for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodOptions} {
		w, _ := serveWallet(t, h, method, withSession("staff"), origin)
		for k := range w.Header() {
			assert.False(t, strings.HasPrefix(k, "Access-Control-"), "%s: header %s", method, k)
		}
		if method == http.MethodOptions {
			assert.Equal(t, http.StatusMethodNotAllowed, w.Code)
		}
	}
}

// chanWriter sends each write (one log line of net/http's server) to the
// channel, so a test can wait for it.
type chanWriter chan<- string

func (c chanWriter) Write(p []byte) (int, error) {
	c <- string(p)
	return len(p), nil
}
