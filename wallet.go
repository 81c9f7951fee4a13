package whop

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// Errors an authorizer given to WithWalletAuthorizer returns (or wraps) to
// choose the status of the refusal.
var (
	// ErrWalletUnauthenticated refuses with 401: the caller is not signed
	// in. Any error other than ErrWalletForbidden refuses with 401 too.
	ErrWalletUnauthenticated = errors.New("whop: wallet token: caller is not authenticated")
	// ErrWalletForbidden refuses with 403: the caller is signed in but may
	// not see this company's wallet.
	ErrWalletForbidden = errors.New("whop: wallet token: caller may not access this wallet")
)

// DefaultWalletTokenTimeout bounds the call to the API that mints a wallet
// token, unless WithWalletTimeout says otherwise.
const DefaultWalletTokenTimeout = 10 * time.Second

// WalletTokenOption configures WalletTokenHandler.
type WalletTokenOption func(*walletTokenHandler)

// WithWalletAuthorizer sets the check every request must pass before a
// token is minted. authorize sees the incoming request (its session cookie,
// headers, ...) and returns nil to allow it. To refuse, it returns an
// error: one that wraps ErrWalletForbidden answers 403, any other answers
// 401. The error is logged at debug level, never sent to the caller.
func WithWalletAuthorizer(authorize func(r *http.Request) error) WalletTokenOption {
	return func(h *walletTokenHandler) {
		if authorize == nil {
			h.configErr = errors.New("WithWalletAuthorizer: authorize is nil")
			return
		}
		h.authorize = authorize
	}
}

// AllowAnonymousWalletTokens lets the handler mint tokens for any caller,
// signed in or not, when no authorizer is set. A wallet token acts with the
// API key's permissions on the company, so use it only when something in
// front of the handler (a gateway, a private network) already restricts who
// reaches it. Without this option or WithWalletAuthorizer, every request is
// refused with 401.
func AllowAnonymousWalletTokens() WalletTokenOption {
	return func(h *walletTokenHandler) { h.anonymous = true }
}

// WithWalletLogger makes the handler log refusals (debug level), a missing
// authorizer (warn) and failures to mint (error). Logs never carry the
// token, the API key or the API's response body. Without it the handler
// logs nothing.
func WithWalletLogger(l *slog.Logger) WalletTokenOption {
	return func(h *walletTokenHandler) {
		if l == nil {
			h.configErr = errors.New("WithWalletLogger: logger is nil")
			return
		}
		h.log = l
	}
}

// WithWalletTimeout bounds the call to the API, retries included, so a slow
// upstream does not hold the browser's request open for long. The default
// is DefaultWalletTokenTimeout; the request's own context still applies.
func WithWalletTimeout(d time.Duration) WalletTokenOption {
	return func(h *walletTokenHandler) {
		if d <= 0 {
			h.configErr = errors.New("WithWalletTimeout: timeout is not positive")
			return
		}
		h.timeout = d
	}
}

// WalletTokenHandler returns the backend endpoint Whop's browser
// WalletSession fetches its token from (for example "/api/wallet-token").
// For a GET or POST that passes the authorizer it mints an access token for
// companyID with POST /access_tokens and answers 200 with
//
//	{"token": "...", "expires_at": "2023-12-01T06:00:00.401Z"}
//
// Other outcomes are JSON {"error": "..."} with a fixed message: 401 or 403
// when the authorizer refuses (or none was configured), 405 for other
// methods, and 502 when the API fails or does not answer in time; the
// details of a failure go to the WithWalletLogger logger only. Every
// response is marked Cache-Control: no-store, so no cache keeps a token.
//
// By default the handler refuses everyone: pass WithWalletAuthorizer with
// your application's own session check, or AllowAnonymousWalletTokens.
// If client is nil, companyID is empty or an option is invalid, the
// handler fails closed: it mints nothing and answers 500 to every request
// (logging the reason when a logger is set) rather than panicking in the
// caller's server.
func WalletTokenHandler(client *Client, companyID string, opts ...WalletTokenOption) http.Handler {
	h := &walletTokenHandler{client: client, companyID: companyID, timeout: DefaultWalletTokenTimeout}
	for _, o := range opts {
		if o != nil {
			o(h)
		}
	}
	switch {
	case client == nil:
		h.configErr = errors.New("nil *Client")
	case strings.TrimSpace(companyID) == "":
		h.configErr = errors.New("empty company ID")
	}
	return h
}

type walletTokenHandler struct {
	client    *Client
	companyID string
	authorize func(*http.Request) error
	anonymous bool
	log       *slog.Logger
	timeout   time.Duration
	configErr error
}

// walletTokenResponse is the body the WalletSession's token callback reads.
type walletTokenResponse struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
}

func (h *walletTokenHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.configErr != nil {
		if h.log != nil {
			h.log.LogAttrs(r.Context(), slog.LevelError, "whop wallet token: handler misconfigured", slog.String("error", h.configErr.Error()))
		}
		writeWalletJSON(w, http.StatusInternalServerError, walletError("wallet token endpoint misconfigured"))
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		writeWalletJSON(w, http.StatusMethodNotAllowed, walletError("method not allowed"))
		return
	}
	if status := h.refusal(r); status != 0 {
		msg := "authentication required"
		if status == http.StatusForbidden {
			msg = "forbidden"
		}
		writeWalletJSON(w, status, walletError(msg))
		return
	}

	ctx, cancel := context.WithTimeout(r.Context(), h.timeout)
	defer cancel()
	tok, err := h.client.AccessTokens.Create(ctx, &AccessTokenCreateParams{CompanyID: h.companyID})
	if err == nil && tok.Token == "" {
		err = errors.New("whop: POST /access_tokens: the API answered with an empty token")
	}
	if err != nil {
		if h.log != nil {
			h.log.LogAttrs(r.Context(), slog.LevelError, "whop wallet token: minting failed",
				slog.String("company_id", h.companyID), slog.Any("error", err))
		}
		writeWalletJSON(w, http.StatusBadGateway, walletError("could not create a wallet token"))
		return
	}
	writeWalletJSON(w, http.StatusOK, walletTokenResponse{Token: tok.Token, ExpiresAt: tok.ExpiresAt})
}

// refusal returns the status that refuses r, or 0 when r may have a token.
func (h *walletTokenHandler) refusal(r *http.Request) int {
	if h.authorize == nil {
		if h.anonymous {
			return 0
		}
		if h.log != nil {
			h.log.LogAttrs(r.Context(), slog.LevelWarn,
				"whop wallet token: refused because no authorizer is configured; pass WithWalletAuthorizer or AllowAnonymousWalletTokens")
		}
		return http.StatusUnauthorized
	}
	err := h.authorize(r)
	if err == nil {
		return 0
	}
	status := http.StatusUnauthorized
	if errors.Is(err, ErrWalletForbidden) {
		status = http.StatusForbidden
	}
	if h.log != nil {
		h.log.LogAttrs(r.Context(), slog.LevelDebug, "whop wallet token: refused",
			slog.Int("status", status), slog.Any("error", err))
	}
	return status
}

func walletError(msg string) map[string]string { return map[string]string{"error": msg} }

// writeWalletJSON answers with v as JSON, marked so that neither browsers
// nor proxies store it or guess another content type.
func writeWalletJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"internal error"}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
