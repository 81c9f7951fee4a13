package whop

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
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

// WalletTokenOption configures NewWalletTokenHandler (and
// WalletTokenHandler).
type WalletTokenOption func(*walletTokenHandler)

// WithWalletAuthorizer sets the check every request must pass before a
// token is minted. authorize sees the incoming request (its session cookie,
// headers, ...) and returns nil to allow it. To refuse, it returns an
// error: one that wraps ErrWalletForbidden answers 403, any other answers
// 401. The error is logged at debug level, never sent to the caller. A nil
// authorize makes NewWalletTokenHandler return a *ParamError naming this
// option.
func WithWalletAuthorizer(authorize func(r *http.Request) error) WalletTokenOption {
	return func(h *walletTokenHandler) {
		if authorize == nil {
			h.fail(paramErr("WithWalletAuthorizer", "authorize is nil"))
			return
		}
		h.authorize = authorize
	}
}

// AllowAnonymousWalletTokens lets the handler mint tokens for any caller,
// signed in or not, when no authorizer is set. Unless WithWalletTokenParams
// narrows it, a wallet token acts with all of the API key's permissions on
// the company, so use this only when something in front of the handler (a
// gateway, a private network) already restricts who reaches it to the
// company's own staff. Without this option or WithWalletAuthorizer,
// NewWalletTokenHandler refuses to build the handler, and WalletTokenHandler
// refuses every request with 401.
func AllowAnonymousWalletTokens() WalletTokenOption {
	return func(h *walletTokenHandler) { h.anonymous = true }
}

// WithWalletLogger makes the handler log refusals (debug level), a missing
// authorizer (warn) and failures to mint (error). Logs never carry the
// token, the API key or the API's response body. Without it the handler
// logs to the client's logger (WithLogger) if the client has one, and
// otherwise logs nothing. A nil l makes NewWalletTokenHandler return a
// *ParamError naming this option.
func WithWalletLogger(l *slog.Logger) WalletTokenOption {
	return func(h *walletTokenHandler) {
		if l == nil {
			h.fail(paramErr("WithWalletLogger", "logger is nil"))
			return
		}
		h.log = l
	}
}

// WithWalletTimeout bounds the call to the API, retries included, so a slow
// upstream does not hold the browser's request open for long. The default
// is DefaultWalletTokenTimeout; the request's own context still applies. A
// d that is not positive makes NewWalletTokenHandler return a *ParamError
// naming this option.
func WithWalletTimeout(d time.Duration) WalletTokenOption {
	return func(h *walletTokenHandler) {
		if d <= 0 {
			h.fail(paramErr("WithWalletTimeout", fmt.Sprintf("timeout must be positive, got %v", d)))
			return
		}
		h.timeout = d
	}
}

// WithWalletTokenParams lets the integrator shape each token before it is
// minted. The handler first fills p.CompanyID with the company it was built
// for, then calls params with the incoming request, only once the
// authorizer (or AllowAnonymousWalletTokens) has admitted that request. The
// hook may set ScopedActions to narrow what the token can do, UserID to tie
// it to one Whop user, and ExpiresAt to shorten its life; the handler sends
// p as the body of POST /access_tokens.
//
// CompanyID must be left as the handler set it: the wallet belongs to that
// company, so a hook that clears or changes it is treated as a bug and the
// request is refused. When the hook returns an error, changes CompanyID or
// leaves p invalid (for example a blank scoped action), the handler answers
// 500 with its fixed message, mints nothing and logs the reason when a
// logger is set. The hook's error never reaches the caller.
//
// A nil params makes NewWalletTokenHandler return a *ParamError naming
// this option (and WalletTokenHandler fail closed). A later
// WithWalletTokenParams replaces an earlier one.
func WithWalletTokenParams(params func(r *http.Request, p *AccessTokenCreateParams) error) WalletTokenOption {
	return func(h *walletTokenHandler) {
		if params == nil {
			h.fail(paramErr("WithWalletTokenParams", "params is nil"))
			return
		}
		h.params = params
	}
}

// NewWalletTokenHandler returns the backend endpoint Whop's browser
// WalletSession fetches its token from (for example "/api/wallet-token").
// For a GET or POST that passes the authorizer it mints an access token for
// companyID with POST /access_tokens and answers 200 with
//
//	{"token": "...", "expires_at": "2023-12-01T06:00:00.401Z"}
//
// Other outcomes are JSON {"error": "..."} with a fixed message: 401 or 403
// when the authorizer refuses, 405 for other methods, 500 when the
// WithWalletTokenParams hook fails, and 502 when the API fails or does not
// answer in time; the details of a failure go to the handler's logger only
// (WithWalletLogger, or else the client's WithLogger logger). Every
// response is marked Cache-Control: no-store, so no cache keeps a token.
//
// What the token can do: by default the handler mints with only
// {"company_id": companyID}, as Whop's WalletSession documentation says to
// for v1. Such a token carries every permission the API key has on that
// company (payments, refunds, payouts, ...), not just the wallet's, for
// its whole lifetime. The wallet is the company's own money, so give a
// token only to the company's own staff: the authorizer must check the
// caller's role in the company, not merely that they are signed in. Use
// WithWalletTokenParams to narrow the token, for example to the scoped
// actions the wallet and payout elements need.
//
// Who may ask is a required choice: pass WithWalletAuthorizer with your
// application's own staff check, or AllowAnonymousWalletTokens. A nil
// client, an empty companyID, an invalid option or neither of those two
// options is refused here, at start-up, with an error matching
// ErrInvalidParams whose *ParamError names the argument ("client",
// "companyID") or the option (for example "WithWalletAuthorizer"); when
// several are wrong, the first found is reported. Nil options are skipped.
func NewWalletTokenHandler(client *Client, companyID string, opts ...WalletTokenOption) (http.Handler, error) {
	h := newWalletTokenHandler(client, companyID, opts)
	if h.configErr != nil {
		return nil, h.configErr
	}
	if h.authorize == nil && !h.anonymous {
		return nil, paramErr("WithWalletAuthorizer", "no authorizer: pass WithWalletAuthorizer with your staff check, or AllowAnonymousWalletTokens")
	}
	return h, nil
}

// WalletTokenHandler is NewWalletTokenHandler for callers that cannot
// handle an error where they build the handler. Prefer
// NewWalletTokenHandler, which reports a misconfiguration at start-up; the
// handler returned here fails closed instead. With neither
// WithWalletAuthorizer nor AllowAnonymousWalletTokens it refuses every
// request with 401 (logging a warning). If client is nil, companyID is
// empty or an option is invalid, it mints nothing and answers 500 to every
// request (logging the reason when it has a logger) rather than panicking
// in the caller's server. A valid configuration behaves exactly as with
// NewWalletTokenHandler.
func WalletTokenHandler(client *Client, companyID string, opts ...WalletTokenOption) http.Handler {
	return newWalletTokenHandler(client, companyID, opts)
}

// newWalletTokenHandler builds the handler both constructors return,
// recording the first configuration problem in configErr. Unless an option
// chose a logger, it logs to the client's.
func newWalletTokenHandler(client *Client, companyID string, opts []WalletTokenOption) *walletTokenHandler {
	h := &walletTokenHandler{client: client, companyID: companyID, timeout: DefaultWalletTokenTimeout}
	switch {
	case client == nil:
		h.fail(paramErr("client", "nil *Client"))
	case strings.TrimSpace(companyID) == "":
		h.fail(paramErr("companyID", "is required"))
	}
	for _, o := range opts {
		if o != nil {
			o(h)
		}
	}
	if h.log == nil && client != nil {
		h.log = client.cfg.logger
	}
	return h
}

type walletTokenHandler struct {
	client    *Client
	companyID string
	authorize func(*http.Request) error
	params    func(*http.Request, *AccessTokenCreateParams) error
	anonymous bool
	log       *slog.Logger
	timeout   time.Duration
	configErr error // the first problem found while building the handler
}

// fail records a configuration problem; the first one wins.
func (h *walletTokenHandler) fail(err error) {
	if h.configErr == nil {
		h.configErr = err
	}
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

	params, err := h.tokenParams(r)
	if err != nil {
		if h.log != nil {
			h.log.LogAttrs(r.Context(), slog.LevelError, "whop wallet token: token parameters refused, nothing minted",
				slog.String("company_id", h.companyID), slog.Any("error", err))
		}
		writeWalletJSON(w, http.StatusInternalServerError, walletError(walletMintFailed))
		return
	}

	ctx, cancel := context.WithTimeout(r.Context(), h.timeout)
	defer cancel()
	tok, err := h.client.AccessTokens.Create(ctx, params)
	if err == nil && tok.Token == "" {
		err = errors.New("whop: POST /access_tokens: the API answered with an empty token")
	}
	if err != nil {
		if h.log != nil {
			h.log.LogAttrs(r.Context(), slog.LevelError, "whop wallet token: minting failed",
				slog.String("company_id", h.companyID), slog.Any("error", err))
		}
		writeWalletJSON(w, http.StatusBadGateway, walletError(walletMintFailed))
		return
	}
	writeWalletJSON(w, http.StatusOK, walletTokenResponse{Token: tok.Token, ExpiresAt: tok.ExpiresAt})
}

// walletMintFailed is the message of every answer that mints no token
// because of a failure past the authorizer; the cause goes to the log.
const walletMintFailed = "could not create a wallet token"

// tokenParams builds the body of POST /access_tokens for an admitted
// request: the handler's company, then whatever the WithWalletTokenParams
// hook adds. It refuses a hook error, a hook that moved the token to
// another company, and parameters the API would refuse, so nothing is sent
// for them.
func (h *walletTokenHandler) tokenParams(r *http.Request) (*AccessTokenCreateParams, error) {
	p := &AccessTokenCreateParams{CompanyID: h.companyID}
	if h.params == nil {
		return p, nil
	}
	if err := h.params(r, p); err != nil {
		return nil, fmt.Errorf("WithWalletTokenParams hook: %w", err)
	}
	if p.CompanyID != h.companyID {
		return nil, fmt.Errorf("WithWalletTokenParams hook changed company_id from %q to %q; a wallet token is only minted for the handler's own company", h.companyID, p.CompanyID)
	}
	if err := p.validate(); err != nil {
		return nil, fmt.Errorf("WithWalletTokenParams hook: %w", err)
	}
	return p, nil
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
