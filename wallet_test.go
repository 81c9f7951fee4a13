package whop

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serveWallet sends one request with method to h and returns the recorded
// response and its decoded JSON body.
func serveWallet(t *testing.T, h http.Handler, method string, mod ...func(*http.Request)) (*httptest.ResponseRecorder, map[string]string) {
	t.Helper()
	r := httptest.NewRequest(method, "/api/wallet-token", nil)
	for _, m := range mod {
		m(r)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	assert.Equal(t, "application/json", w.Header().Get("Content-Type"))
	assert.Equal(t, "no-store", w.Header().Get("Cache-Control"))
	assert.Equal(t, "nosniff", w.Header().Get("X-Content-Type-Options"))
	var body map[string]string
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &body), "body %q", w.Body.String())
	return w, body
}

// sessionAuthorizer is the kind of check an application plugs in: a known
// session header passes, a known but unprivileged one is forbidden.
func sessionAuthorizer(r *http.Request) error {
	switch r.Header.Get("X-Session") {
	case "staff":
		return nil
	case "customer":
		return fmt.Errorf("session of a customer: %w", ErrWalletForbidden)
	case "":
		return ErrWalletUnauthenticated
	}
	return errors.New("unknown session")
}

func withSession(s string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set("X-Session", s) }
}

// walletConstructors are NewWalletTokenHandler and the older
// WalletTokenHandler: given a valid configuration they must build handlers
// that behave alike.
var walletConstructors = []struct {
	name string
	newH func(t *testing.T, c *Client, companyID string, opts ...WalletTokenOption) http.Handler
}{
	{"NewWalletTokenHandler", func(t *testing.T, c *Client, companyID string, opts ...WalletTokenOption) http.Handler {
		t.Helper()
		h, err := NewWalletTokenHandler(c, companyID, opts...)
		require.NoError(t, err)
		return h
	}},
	{"WalletTokenHandler", func(_ *testing.T, c *Client, companyID string, opts ...WalletTokenOption) http.Handler {
		return WalletTokenHandler(c, companyID, opts...)
	}},
}

func TestWalletTokenHandlerMintsToken(t *testing.T) {
	for _, ctor := range walletConstructors {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			t.Run(ctor.name+"/"+method, func(t *testing.T) {
				c, ts := newTestClient(t)
				ts.Mux.HandleFunc("/access_tokens", func(w http.ResponseWriter, r *http.Request) {
					testMethod(t, r, http.MethodPost)
					testJSONBody(t, r, `{"company_id":"biz_1"}`)
					assert.Equal(t, "Bearer "+testAPIKey, r.Header.Get("Authorization"))
					writeJSON(w, 200, fixture(t, "access_token.json"))
				})
				h := ctor.newH(t, c, "biz_1", WithWalletAuthorizer(sessionAuthorizer))

				w, body := serveWallet(t, h, method, withSession("staff"))
				assert.Equal(t, http.StatusOK, w.Code)
				assert.Equal(t, map[string]string{"token": fixtureAccessToken, "expires_at": "2023-12-01T06:00:00.401Z"}, body)
				assert.EqualValues(t, 1, ts.Hits.Load())

				// Refusals are the same too, and mint nothing.
				w, body = serveWallet(t, h, method, withSession("customer"))
				assert.Equal(t, http.StatusForbidden, w.Code)
				assert.Equal(t, map[string]string{"error": "forbidden"}, body)
				w, _ = serveWallet(t, h, http.MethodPut, withSession("staff"))
				assert.Equal(t, http.StatusMethodNotAllowed, w.Code)
				assert.EqualValues(t, 1, ts.Hits.Load())
			})
		}
	}
}

func TestWalletTokenHandlerAnonymousOptIn(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/access_tokens", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, fixture(t, "access_token.json"))
	})
	w, body := serveWallet(t, WalletTokenHandler(c, "biz_1", AllowAnonymousWalletTokens()), http.MethodGet)
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, fixtureAccessToken, body["token"])
}

func TestWalletTokenHandlerRefusesWithoutAuthorizer(t *testing.T) {
	c, ts := newTestClient(t)
	var logs bytes.Buffer
	h := WalletTokenHandler(c, "biz_1", WithWalletLogger(slog.New(slog.NewTextHandler(&logs, nil))))

	w, body := serveWallet(t, h, http.MethodGet)
	assert.Equal(t, http.StatusUnauthorized, w.Code)
	assert.Equal(t, map[string]string{"error": "authentication required"}, body)
	assert.EqualValues(t, 0, ts.Hits.Load(), "no token may be minted")
	assert.Contains(t, logs.String(), "no authorizer is configured")
}

func TestWalletTokenHandlerAuthorizerRefusals(t *testing.T) {
	tests := []struct {
		session string
		status  int
		message string
	}{
		{"", http.StatusUnauthorized, "authentication required"},
		{"forged", http.StatusUnauthorized, "authentication required"},
		{"customer", http.StatusForbidden, "forbidden"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.session), func(t *testing.T) {
			c, ts := newTestClient(t)
			// Authorizer first: an explicit check wins over the anonymous opt-in.
			h := WalletTokenHandler(c, "biz_1", WithWalletAuthorizer(sessionAuthorizer), AllowAnonymousWalletTokens())

			w, body := serveWallet(t, h, http.MethodPost, withSession(tt.session))
			assert.Equal(t, tt.status, w.Code)
			assert.Equal(t, map[string]string{"error": tt.message}, body, "the authorizer's error stays private")
			assert.EqualValues(t, 0, ts.Hits.Load())
		})
	}
}

func TestWalletTokenHandlerRefusesOtherMethods(t *testing.T) {
	c, ts := newTestClient(t)
	h := WalletTokenHandler(c, "biz_1", AllowAnonymousWalletTokens())
	for _, method := range []string{http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions, http.MethodHead} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(method, "/api/wallet-token", nil))
		assert.Equal(t, http.StatusMethodNotAllowed, w.Code, method)
		assert.Equal(t, "GET, POST", w.Header().Get("Allow"), method)
		assert.Equal(t, "no-store", w.Header().Get("Cache-Control"), method)
		assert.Equal(t, "application/json", w.Header().Get("Content-Type"), method)
	}
	w, body := serveWallet(t, h, http.MethodPut)
	assert.Equal(t, http.StatusMethodNotAllowed, w.Code)
	assert.Equal(t, map[string]string{"error": "method not allowed"}, body)
	assert.EqualValues(t, 0, ts.Hits.Load())
}

func TestWalletTokenHandlerUpstreamFailures(t *testing.T) {
	const upstreamDetail = "internal detail: ledger shard 7 unavailable"
	tests := []struct {
		name    string
		handler http.HandlerFunc
		opts    []WalletTokenOption
	}{
		{
			name: "server error",
			handler: func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, 500, `{"error":{"type":"internal_server_error","message":"`+upstreamDetail+`"}}`)
			},
		},
		{
			name: "key refused",
			handler: func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, 401, `{"error":{"type":"unauthorized","message":"`+upstreamDetail+`"}}`)
			},
		},
		{
			name: "empty token",
			handler: func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, 200, `{"token":"","expires_at":"2023-12-01T06:00:00.401Z"}`)
			},
		},
		{
			name: "not JSON",
			handler: func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, 200, `<html>`+upstreamDetail+`</html>`)
			},
		},
		{
			name: "too slow",
			handler: func(w http.ResponseWriter, r *http.Request) {
				// The server notices the client hanging up only once the
				// body has been read.
				_, _ = io.Copy(io.Discard, r.Body)
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
			},
			opts: []WalletTokenOption{WithWalletTimeout(50 * time.Millisecond)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ts := newTestClient(t)
			ts.Mux.HandleFunc("/access_tokens", tt.handler)
			var logs bytes.Buffer
			opts := append([]WalletTokenOption{
				AllowAnonymousWalletTokens(),
				WithWalletLogger(slog.New(slog.NewJSONHandler(&logs, nil))),
			}, tt.opts...)
			h := WalletTokenHandler(c, "biz_1", opts...)

			w, body := serveWallet(t, h, http.MethodGet)
			assert.Equal(t, http.StatusBadGateway, w.Code)
			assert.Equal(t, map[string]string{"error": "could not create a wallet token"}, body)
			for _, leak := range []string{testAPIKey, upstreamDetail, "Bearer"} {
				assert.NotContains(t, w.Body.String(), leak)
			}
			// The log is for the operator: it explains the failure but
			// never carries the API key.
			assert.NotContains(t, logs.String(), testAPIKey)
			assert.NotContains(t, logs.String(), "Bearer")
			assert.Contains(t, logs.String(), "minting failed")
			assert.Contains(t, logs.String(), "/access_tokens")
		})
	}
}

func TestWalletTokenHandlerMisconfiguredFailsClosed(t *testing.T) {
	c, ts := newTestClient(t)
	tests := map[string]http.Handler{
		"nil client":       WalletTokenHandler(nil, "biz_1", AllowAnonymousWalletTokens()),
		"empty company":    WalletTokenHandler(c, " ", AllowAnonymousWalletTokens()),
		"nil authorizer":   WalletTokenHandler(c, "biz_1", WithWalletAuthorizer(nil)),
		"nil logger":       WalletTokenHandler(c, "biz_1", AllowAnonymousWalletTokens(), WithWalletLogger(nil)),
		"non-positive ttl": WalletTokenHandler(c, "biz_1", AllowAnonymousWalletTokens(), WithWalletTimeout(0)),
		"nil params hook":  WalletTokenHandler(c, "biz_1", AllowAnonymousWalletTokens(), WithWalletTokenParams(nil)),
	}
	for name, h := range tests {
		rec := httptest.NewRecorder()
		assert.NotPanics(t, func() { h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/wallet-token", nil)) }, name)
		assert.Equal(t, http.StatusInternalServerError, rec.Code, name)
		assert.NotContains(t, rec.Body.String(), "token\"", name)
	}
	assert.Zero(t, ts.Hits.Load(), "a misconfigured handler mints nothing")
}

func TestNewWalletTokenHandlerRefusesMisconfiguration(t *testing.T) {
	c, ts := newTestClient(t)
	hook := func(*http.Request, *AccessTokenCreateParams) error { return nil }
	tests := []struct {
		name      string
		client    *Client
		companyID string
		opts      []WalletTokenOption
		field     string
	}{
		{"nil client", nil, "biz_1", []WalletTokenOption{AllowAnonymousWalletTokens()}, "client"},
		{"empty company", c, "", []WalletTokenOption{AllowAnonymousWalletTokens()}, "companyID"},
		{"blank company", c, " \t", []WalletTokenOption{AllowAnonymousWalletTokens()}, "companyID"},
		{"nil client reported before a bad option", nil, "biz_1", []WalletTokenOption{WithWalletAuthorizer(nil)}, "client"},
		{"nil authorizer", c, "biz_1", []WalletTokenOption{WithWalletAuthorizer(nil)}, "WithWalletAuthorizer"},
		{"nil authorizer beside anonymous", c, "biz_1", []WalletTokenOption{AllowAnonymousWalletTokens(), WithWalletAuthorizer(nil)}, "WithWalletAuthorizer"},
		{"nil logger", c, "biz_1", []WalletTokenOption{AllowAnonymousWalletTokens(), WithWalletLogger(nil)}, "WithWalletLogger"},
		{"zero timeout", c, "biz_1", []WalletTokenOption{AllowAnonymousWalletTokens(), WithWalletTimeout(0)}, "WithWalletTimeout"},
		{"negative timeout", c, "biz_1", []WalletTokenOption{AllowAnonymousWalletTokens(), WithWalletTimeout(-time.Second)}, "WithWalletTimeout"},
		{"nil params hook", c, "biz_1", []WalletTokenOption{AllowAnonymousWalletTokens(), WithWalletTokenParams(nil)}, "WithWalletTokenParams"},
		{"nil hook then a good one", c, "biz_1", []WalletTokenOption{AllowAnonymousWalletTokens(), WithWalletTokenParams(nil), WithWalletTokenParams(hook)}, "WithWalletTokenParams"},
		{"no authorizer", c, "biz_1", nil, "WithWalletAuthorizer"},
		{"no authorizer, only other options", c, "biz_1", []WalletTokenOption{nil, WithWalletTokenParams(hook)}, "WithWalletAuthorizer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := NewWalletTokenHandler(tt.client, tt.companyID, tt.opts...)
			assert.Nil(t, h)
			require.ErrorIs(t, err, ErrInvalidParams)
			var pe *ParamError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tt.field, pe.Field, "error %q", err)
			assert.Contains(t, err.Error(), tt.field)
		})
	}
	// The old constructor, given the same configurations, fails closed: 500
	// for a set-up error, 401 without an authorizer.
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		WalletTokenHandler(tt.client, tt.companyID, tt.opts...).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/wallet-token", nil))
		assert.Contains(t, []int{http.StatusInternalServerError, http.StatusUnauthorized}, rec.Code, tt.name)
	}
	assert.Zero(t, ts.Hits.Load(), "a misconfigured handler mints nothing")
}

func TestWalletTokenHandlerDefaultsToClientLogger(t *testing.T) {
	var clientLogs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&clientLogs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, ts := newTestClient(t, WithLogger(logger))
	ts.Mux.HandleFunc("/access_tokens", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 500, `{"error":{"type":"internal_server_error","message":"down"}}`)
	})

	// No WithWalletLogger: the handler logs to the client's logger.
	h, err := NewWalletTokenHandler(c, "biz_1", WithWalletAuthorizer(sessionAuthorizer), WithWalletTimeout(time.Second))
	require.NoError(t, err)
	w, _ := serveWallet(t, h, http.MethodGet, withSession("customer"))
	assert.Equal(t, http.StatusForbidden, w.Code)
	assert.Contains(t, clientLogs.String(), "whop wallet token: refused")
	w, _ = serveWallet(t, h, http.MethodGet, withSession("staff"))
	assert.Equal(t, http.StatusBadGateway, w.Code)
	assert.Contains(t, clientLogs.String(), "whop wallet token: minting failed")
	assert.NotContains(t, clientLogs.String(), testAPIKey)

	// The fail-closed constructor logs its set-up error there too.
	clientLogs.Reset()
	rec := httptest.NewRecorder()
	WalletTokenHandler(c, "").ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/wallet-token", nil))
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.Contains(t, clientLogs.String(), "companyID")

	// WithWalletLogger takes precedence: the handler's own lines go there.
	clientLogs.Reset()
	var walletLogs bytes.Buffer
	h, err = NewWalletTokenHandler(c, "biz_1", WithWalletAuthorizer(sessionAuthorizer),
		WithWalletLogger(slog.New(slog.NewTextHandler(&walletLogs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	require.NoError(t, err)
	serveWallet(t, h, http.MethodGet, withSession("customer"))
	assert.Contains(t, walletLogs.String(), "whop wallet token: refused")
	assert.NotContains(t, clientLogs.String(), "whop wallet token")

	// A client without a logger leaves the handler silent, as before.
	quiet, _ := newTestClient(t)
	h, err = NewWalletTokenHandler(quiet, "biz_1", WithWalletAuthorizer(sessionAuthorizer))
	require.NoError(t, err)
	assert.Nil(t, h.(*walletTokenHandler).log)
}

func TestWalletTokenHandlerLogsNoToken(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/access_tokens", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, fixture(t, "access_token.json"))
	})
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h := WalletTokenHandler(c, "biz_1", WithWalletAuthorizer(sessionAuthorizer), WithWalletLogger(logger))
	serveWallet(t, h, http.MethodGet, withSession("staff"))
	serveWallet(t, h, http.MethodGet, withSession("customer"))
	assert.NotContains(t, logs.String(), fixtureAccessToken)
	assert.True(t, strings.Contains(logs.String(), "refused"), logs.String())
}

// walletElementActions are the scoped actions the wallet and payout
// elements need (see the README's "Mint a wallet-session token").
var walletElementActions = []string{
	"company:balance:read", "stats:read", "payout:destination:read",
	"payout:withdrawal:read", "payout:create_destination", "payout:withdraw_funds",
}

func TestWalletTokenHandlerParamsHookNarrowsToken(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/access_tokens", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testJSONBody(t, r, `{
			"company_id": "biz_1",
			"user_id": "user_staff",
			"scoped_actions": ["company:balance:read", "stats:read", "payout:destination:read",
				"payout:withdrawal:read", "payout:create_destination", "payout:withdraw_funds"],
			"expires_at": "2026-11-29T12:15:00Z"
		}`)
		writeJSON(w, 200, fixture(t, "access_token.json"))
	})
	// A zone other than UTC: the body must still carry UTC.
	expires := time.Date(2026, 11, 29, 13, 15, 0, 0, time.FixedZone("CET", 3600))
	var sawCompany string
	h := WalletTokenHandler(c, "biz_1",
		WithWalletAuthorizer(sessionAuthorizer),
		WithWalletTokenParams(func(r *http.Request, p *AccessTokenCreateParams) error {
			sawCompany = p.CompanyID
			assert.Equal(t, "staff", r.Header.Get("X-Session"), "the hook sees the admitted request")
			p.UserID = "user_" + r.Header.Get("X-Session")
			p.ScopedActions = walletElementActions
			p.ExpiresAt = &expires
			return nil
		}),
	)

	w, body := serveWallet(t, h, http.MethodPost, withSession("staff"))
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, fixtureAccessToken, body["token"])
	assert.Equal(t, "biz_1", sawCompany, "the handler fills company_id before the hook runs")
	assert.EqualValues(t, 1, ts.Hits.Load())
}

func TestWalletTokenHandlerParamsHookRunsOnlyAfterAuthorizer(t *testing.T) {
	for _, session := range []string{"", "forged", "customer"} {
		t.Run(fmt.Sprintf("%q", session), func(t *testing.T) {
			c, ts := newTestClient(t)
			var calls int
			h := WalletTokenHandler(c, "biz_1",
				WithWalletAuthorizer(sessionAuthorizer),
				WithWalletTokenParams(func(*http.Request, *AccessTokenCreateParams) error {
					calls++
					return nil
				}),
			)
			w, _ := serveWallet(t, h, http.MethodGet, withSession(session))
			assert.Contains(t, []int{http.StatusUnauthorized, http.StatusForbidden}, w.Code)
			assert.Zero(t, calls, "the hook must not run for a refused caller")
			assert.Zero(t, ts.Hits.Load(), "nothing may be minted")
		})
	}
	t.Run("no authorizer", func(t *testing.T) {
		c, ts := newTestClient(t)
		var calls int
		h := WalletTokenHandler(c, "biz_1", WithWalletTokenParams(func(*http.Request, *AccessTokenCreateParams) error {
			calls++
			return nil
		}))
		w, _ := serveWallet(t, h, http.MethodGet)
		assert.Equal(t, http.StatusUnauthorized, w.Code)
		assert.Zero(t, calls)
		assert.Zero(t, ts.Hits.Load())
	})
}

func TestWalletTokenHandlerParamsHookRefusals(t *testing.T) {
	const hookDetail = "staff directory lookup failed: shard 3"
	tests := []struct {
		name   string
		hook   func(*http.Request, *AccessTokenCreateParams) error
		logged string
	}{
		{
			name: "hook error",
			hook: func(_ *http.Request, p *AccessTokenCreateParams) error {
				p.ScopedActions = walletElementActions
				return errors.New(hookDetail)
			},
			logged: hookDetail,
		},
		{
			name: "other company",
			hook: func(_ *http.Request, p *AccessTokenCreateParams) error {
				p.CompanyID = "biz_other"
				return nil
			},
			logged: "biz_other",
		},
		{
			name: "company cleared for a user token",
			hook: func(_ *http.Request, p *AccessTokenCreateParams) error {
				p.CompanyID, p.UserID = "", "user_1"
				return nil
			},
			logged: "changed company_id",
		},
		{
			name: "company padded",
			hook: func(_ *http.Request, p *AccessTokenCreateParams) error {
				p.CompanyID += " "
				return nil
			},
			logged: "changed company_id",
		},
		{
			name: "invalid params",
			hook: func(_ *http.Request, p *AccessTokenCreateParams) error {
				p.ScopedActions = []string{"stats:read", " "}
				return nil
			},
			logged: "scoped_actions[1]",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ts := newTestClient(t)
			ts.Mux.HandleFunc("/access_tokens", func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, 200, fixture(t, "access_token.json"))
			})
			var logs bytes.Buffer
			h := WalletTokenHandler(c, "biz_1",
				WithWalletAuthorizer(sessionAuthorizer),
				WithWalletTokenParams(tt.hook),
				WithWalletLogger(slog.New(slog.NewTextHandler(&logs, nil))),
			)

			w, body := serveWallet(t, h, http.MethodGet, withSession("staff"))
			assert.Equal(t, http.StatusInternalServerError, w.Code)
			assert.Equal(t, map[string]string{"error": "could not create a wallet token"}, body, "the hook's error stays private")
			assert.Zero(t, ts.Hits.Load(), "nothing may be minted")
			assert.Contains(t, logs.String(), tt.logged, "the operator learns why")
		})
	}
}
