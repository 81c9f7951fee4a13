package whop

import (
	"bytes"
	"context"
	crand "crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gowhop/whop/internal/querystr"
	"github.com/hashicorp/go-retryablehttp"
)

// Version is the version of this SDK, sent in the User-Agent header.
const Version = "0.2.0"

// maxSuccessBody bounds how much of a 2xx response the client reads, so a
// broken upstream cannot exhaust memory.
const maxSuccessBody = 64 << 20

// Client talks to the Whop API. Build it with NewClient; the zero value is
// not usable. Its fields are the API's services.
type Client struct {
	// Products manages products (GET/POST /products, ...).
	Products *ProductsService
	// Payments reads, creates, refunds, retries and voids payments (/payments).
	Payments *PaymentsService
	// PaymentMethods reads members' saved payment methods (/payment_methods).
	PaymentMethods *PaymentMethodsService
	// CheckoutConfigurations manages checkout configurations (/checkout_configurations).
	CheckoutConfigurations *CheckoutConfigurationsService
	// CompanyTokenTransactions credits, debits and transfers members' tokens.
	CompanyTokenTransactions *CompanyTokenTransactionsService
	// AccessTokens mints short-lived tokens for Whop's embedded components.
	AccessTokens *AccessTokensService

	// Memberships reads, edits, cancels and pauses memberships (/memberships).
	Memberships *MembershipsService
	// Users reads and edits user profiles and checks their access (/users).
	Users *UsersService
	// Members reads a company's members (/members).
	Members *MembersService
	// Plans manages the plans products are sold under (/plans).
	Plans *PlansService
	// PromoCodes manages checkout discounts (/promo_codes).
	PromoCodes *PromoCodesService

	// Refunds reads refunds, however they were issued (/refunds).
	Refunds *RefundsService
	// Disputes reads disputes and answers them with evidence (/disputes).
	Disputes *DisputesService
	// Invoices creates invoices and moves them to paid, void or uncollectible (/invoices).
	Invoices *InvoicesService
	// Webhooks manages webhook endpoints (/webhooks); WebhookVerifier checks their deliveries.
	Webhooks *WebhookEndpointsService

	cfg       config
	baseURL   string
	userAgent string
	rc        *retryablehttp.Client
	bufs      sync.Pool
	now       func() time.Time
	// keyRand is the randomness behind generated idempotency keys; tests
	// replace it to simulate a failing source.
	keyRand io.Reader
	// scaleWait lets tests record the wait the back-off chose and replace
	// it with a shorter one.
	scaleWait func(time.Duration) time.Duration
	// testOpts are request options tests add to every call, so a table of
	// calls written without options can run with some.
	testOpts []RequestOption
	// bearer is the Authorization header value, built once; a credential
	// so that printing the Client cannot reveal it.
	bearer *credential
}

// service is the shared shape of every service: a back-pointer to the
// client whose pipeline it uses.
type service struct{ client *Client }

// NewClient builds a Client. Options are applied in order; then, unless
// WithoutEnvironment was given, WHOP_API_KEY, WHOP_BASE_URL and WHOP_APP_ID
// fill whatever the options left unset. An API key is required.
func NewClient(opts ...ClientOption) (*Client, error) {
	cfg := config{
		maxRetries: DefaultMaxRetries,
		timeout:    DefaultTimeout,
		minBackoff: DefaultMinBackoff,
		maxBackoff: DefaultMaxBackoff,
		retryAfter: DefaultRetryAfterCap,
	}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	if !cfg.noEnv {
		// Each variable fills only what no option set, through the
		// option's own validation.
		for _, env := range []struct {
			set  bool
			name string
			opt  func(string) ClientOption
		}{
			{cfg.apiKeySet, EnvAPIKey, WithAPIKey},
			{cfg.baseSet, EnvBaseURL, WithBaseURL},
			{cfg.appIDSet, EnvAppID, WithAppID},
		} {
			v := os.Getenv(env.name)
			if env.set || v == "" {
				continue
			}
			if err := env.opt(v)(&cfg); err != nil {
				return nil, fmt.Errorf("whop: %s: %w", env.name, err)
			}
		}
	}
	if !cfg.apiKeySet {
		return nil, fmt.Errorf("whop: no API key: pass WithAPIKey or set %s", EnvAPIKey)
	}
	if !cfg.baseSet {
		cfg.baseURL = DefaultBaseURL
	}

	c := &Client{cfg: cfg, baseURL: cfg.baseURL, now: time.Now, keyRand: crand.Reader}
	c.bufs.New = func() any { return new(bytes.Buffer) }
	c.userAgent = "whop-go/" + Version + " go/" + runtime.Version()
	bearer := credential("Bearer " + cfg.apiKey.value())
	c.bearer = &bearer
	if cfg.uaSuffix != "" {
		c.userAgent += " " + cfg.uaSuffix
	}
	c.rc = c.newRetryClient()
	common := &service{c} // every service is the same back-pointer, typed apart
	c.Products = (*ProductsService)(common)
	c.Payments = (*PaymentsService)(common)
	c.PaymentMethods = (*PaymentMethodsService)(common)
	c.CheckoutConfigurations = (*CheckoutConfigurationsService)(common)
	c.CompanyTokenTransactions = (*CompanyTokenTransactionsService)(common)
	c.AccessTokens = (*AccessTokensService)(common)
	c.Memberships = (*MembershipsService)(common)
	c.Users = (*UsersService)(common)
	c.Members = (*MembersService)(common)
	c.Plans = (*PlansService)(common)
	c.PromoCodes = (*PromoCodesService)(common)
	c.Refunds = (*RefundsService)(common)
	c.Disputes = (*DisputesService)(common)
	c.Invoices = (*InvoicesService)(common)
	c.Webhooks = (*WebhookEndpointsService)(common)
	return c, nil
}

// String describes the client without its API key.
func (c *Client) String() string {
	return "whop.Client{baseURL: " + c.baseURL + ", apiKey: [REDACTED]}"
}

// GoString is String, so %#v does not reveal the API key either.
func (c *Client) GoString() string { return c.String() }

// LogValue keeps the API key out of structured logs.
func (c *Client) LogValue() slog.Value {
	return slog.GroupValue(slog.String("base_url", c.baseURL), slog.String("api_key", "[REDACTED]"))
}

// newRetryClient wires go-retryablehttp to this client's retry policy.
func (c *Client) newRetryClient() *retryablehttp.Client {
	hc := c.cfg.httpClient
	if hc == nil {
		hc = &http.Client{Transport: newTransport()}
	}
	// retryablehttp closes the transport's idle connections whenever a call
	// gives up; with one client shared by many goroutines that would throw
	// away every caller's warm connection. Hiding CloseIdleConnections
	// behind a wrapper keeps the pool intact.
	wrapped := *hc
	rt := hc.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	wrapped.Transport = keepIdle{rt}
	if len(c.cfg.middleware) > 0 {
		wrapped.Transport = &attemptMiddleware{rt: wrapped.Transport, mws: c.cfg.middleware}
	}
	wrapped.CheckRedirect = checkRedirect(c.baseURL, hc.CheckRedirect)
	return c.newRetryLoop(&wrapped)
}

// newRetryLoop is go-retryablehttp's loop with this client's policy,
// sending through hc.
func (c *Client) newRetryLoop(hc *http.Client) *retryablehttp.Client {
	return &retryablehttp.Client{
		HTTPClient:     hc,
		RetryWaitMin:   c.cfg.minBackoff,
		RetryWaitMax:   c.cfg.maxBackoff,
		RetryMax:       c.cfg.maxRetries,
		CheckRetry:     c.checkRetryAndRecord,
		Backoff:        c.backoff,
		ErrorHandler:   passThrough,
		RequestLogHook: c.onAttempt,
	}
}

// attemptMiddleware runs the WithMiddleware chain around each exchange the
// transport makes, the first middleware given outermost.
type attemptMiddleware struct {
	rt  http.RoundTripper
	mws []Middleware
}

// middlewareError is an error a middleware returned of its own accord,
// rather than passing on the transport's. It ends the call unretried.
type middlewareError struct{ err error }

func (e *middlewareError) Error() string { return "middleware: " + e.err.Error() }
func (e *middlewareError) Unwrap() error { return e.err }

func (m *attemptMiddleware) RoundTrip(r *http.Request) (*http.Response, error) {
	st := stateOf(r.Context())
	if st == nil {
		return m.rt.RoundTrip(r)
	}
	info := AttemptInfo{Method: st.method, Route: st.route, Attempt: st.attempts, IdempotencyKey: st.key}
	var sent error // what the transport itself returned
	next := RoundTripFunc(func(req *http.Request) (*http.Response, error) {
		resp, err := m.rt.RoundTrip(req)
		sent = err
		return resp, err
	})
	for i := len(m.mws) - 1; i >= 0; i-- {
		mw, inner := m.mws[i], next
		next = func(req *http.Request) (*http.Response, error) { return mw(req, info, inner) }
	}
	resp, err := next(r)
	switch {
	case err != nil && (sent == nil || !errors.Is(err, sent)):
		if resp != nil && resp.Body != nil {
			drainAndClose(resp.Body)
		}
		return nil, &middlewareError{err}
	case err == nil && resp == nil:
		return nil, &middlewareError{errors.New("returned neither a response nor an error")}
	}
	return resp, err
}

// newTransport is a clone of the default transport with an idle pool large
// enough for many concurrent callers to the one API host.
func newTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 256
	t.MaxIdleConnsPerHost = 128
	t.ResponseHeaderTimeout = 60 * time.Second
	return t
}

// keepIdle forwards RoundTrip only, so CloseIdleConnections is not reachable
// through it.
type keepIdle struct{ rt http.RoundTripper }

func (k keepIdle) RoundTrip(r *http.Request) (*http.Response, error) { return k.rt.RoundTrip(r) }

// maxRedirects is net/http's own limit.
const maxRedirects = 10

// checkRedirect is the redirect policy. A redirect is followed only when it
// stays on the base URL's origin (scheme, host and port), so the API key
// never leaves it (net/http itself would forward it to another port of the
// same host, or over plain http), and only when it keeps the method:
// net/http turns a 301, 302 or 303 answer to a POST, PATCH or DELETE into a
// GET, which would drop the write and decode the GET's answer as its
// result. next, a policy the caller set on their own http.Client, runs
// after these checks.
func checkRedirect(baseURL string, next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	base, _ := url.Parse(baseURL)
	return func(req *http.Request, via []*http.Request) error {
		status := ""
		if req.Response != nil {
			status = " (" + req.Response.Status + ")"
		}
		if o := origin(req.URL); base == nil || o != origin(base) {
			return fmt.Errorf("%w%s to another origin, %s", ErrRedirectRefused, status, o)
		}
		if first := via[0]; req.Method != first.Method {
			return fmt.Errorf("%w%s to %s: it would change the method from %s to %s",
				ErrRedirectRefused, status, req.URL.EscapedPath(), first.Method, req.Method)
		}
		if len(via) >= maxRedirects {
			return fmt.Errorf("%w: stopped after %d redirects", ErrRedirectRefused, maxRedirects)
		}
		if next != nil {
			return next(req, via)
		}
		return nil
	}
}

// origin is scheme://host:port of u, with the scheme's default port filled
// in, so that two spellings of the same origin compare equal.
func origin(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	return u.Scheme + "://" + net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// passThrough hands the last response (or error) back unchanged, so the
// pipeline can build a typed *APIError from it instead of go-retryablehttp's
// generic "giving up" message.
func passThrough(resp *http.Response, err error, _ int) (*http.Response, error) {
	return resp, err
}

// callState travels in the request context so the retry hooks, which only
// see the context or the request, know what kind of call they judge.
type callState struct {
	method string
	// path is the request's path; route is the template it was built
	// from ("/payments/{id}/refund"), for middleware.
	path, route string
	// key is the Idempotency-Key the request carries, the same on every
	// attempt; "" for a request without one (GET, PATCH, DELETE).
	key      string
	attempts int
	// retrying says why the latest retry was decided, for an error that
	// ends the call while waiting for, or during, that retry.
	retrying string
	// body is the 2xx body read by readSuccessBody inside the retry loop.
	body *bytes.Buffer
}

type callStateKey struct{}

func stateOf(ctx context.Context) *callState {
	s, _ := ctx.Value(callStateKey{}).(*callState)
	return s
}

func (c *Client) onAttempt(_ retryablehttp.Logger, r *http.Request, attempt int) {
	st := stateOf(r.Context())
	if st != nil {
		st.attempts = attempt + 1
	}
	if c.cfg.logger != nil && st != nil {
		c.cfg.logger.LogAttrs(r.Context(), slog.LevelDebug, "whop request",
			slog.String("method", st.method), slog.String("path", st.path), slog.Int("attempt", attempt+1))
	}
}

// checkRetry decides whether an attempt is repeated. Every request is
// retried on connection errors, 408, 429 and 5xx other than 501: GET,
// PATCH and DELETE because repeating them does no harm, a POST because it
// carries an Idempotency-Key that stays the same on every attempt, so
// Whop applies it at most once and answers a repeat with the first
// outcome (see do). A POST that somehow had no key would be retried only
// when it cannot have reached the server (the connection was never made)
// or on 429: no POST is ever sent again without its key.
//
// A 409 to a keyed POST means a request with the same key is still being
// processed (Whop answers so to a repeat that arrives while the first is in
// flight, and retrying later with the same key is its documented recovery).
// It is retried like a 429, within the same retry budget. A 409 that is a
// genuine conflict comes back the same on every attempt, as Whop replays
// the cached outcome of a key, so it ends the call once the budget is spent.
//
// A 2xx answer is final: the server has done what was asked, and nothing
// in it, x-should-retry included, can make the client send the request
// again. go-retryablehttp asks about 2xx answers too, so this is checked
// before any header. Only a 2xx whose body is then cut off by the network
// arrives here with an error, and is judged like any connection error.
//
// An error that a middleware returned of its own (not one the transport
// gave it) ends the call: it is the caller's code saying stop.
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	// A 2xx is judged before the context: a call cancelled just after its
	// answer arrived keeps the answer (its body is still read, and that
	// read fails if the cancel cut it off).
	if err == nil && resp != nil && resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		return false, nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	st := stateOf(ctx)
	keyed := st != nil && st.method == http.MethodPost && st.key != ""
	// The one rule: a POST is sent again only under its key. The pipeline
	// gives every POST one, so this holds by construction; the check keeps
	// it true should that ever change.
	safe := st == nil || st.method != http.MethodPost || st.key != ""
	if err != nil {
		var mwErr *middlewareError
		if errors.As(err, &mwErr) {
			return false, nil
		}
		if notSent(err) {
			return true, nil
		}
		return safe && transient(err), nil
	}
	switch resp.Header.Get("X-Should-Retry") {
	case "true":
		return c.pauseFits(ctx, resp), nil
	case "false":
		return false, nil
	}
	code := resp.StatusCode
	if code == http.StatusTooManyRequests || (code == http.StatusConflict && keyed) {
		return c.pauseFits(ctx, resp), nil
	}
	if !safe {
		return false, nil
	}
	retry := code == http.StatusRequestTimeout || (code >= 500 && code != http.StatusNotImplemented)
	return retry && c.pauseFits(ctx, resp), nil
}

// checkRetryAndRecord is checkRetry plus a note, in the call's state, of
// why an attempt is repeated: a call cancelled while waiting to retry then
// still says what went wrong before.
func (c *Client) checkRetryAndRecord(ctx context.Context, resp *http.Response, err error) (bool, error) {
	retry, checkErr := c.checkRetry(ctx, resp, err)
	if st := stateOf(ctx); retry && st != nil {
		if err != nil {
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err // its URL would repeat the query string
			}
			st.retrying = err.Error()
		} else {
			st.retrying = strconv.Itoa(resp.StatusCode) + " " + http.StatusText(resp.StatusCode)
		}
	}
	return retry, checkErr
}

// notSent reports whether err proves the request never left the machine:
// the name did not resolve or the connection was refused.
func notSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// transient reports whether a transport error is worth another attempt.
// Certificate problems, bad URLs and refused redirects will not heal.
func transient(err error) bool {
	var certErr *tls.CertificateVerificationError
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	switch {
	case errors.Is(err, ErrRedirectRefused),
		errors.As(err, &certErr), errors.As(err, &unknownAuthority),
		errors.As(err, &hostname), errors.As(err, &invalid):
		return false
	}
	// net/http reports a bad scheme only as text.
	return !strings.Contains(err.Error(), "unsupported protocol scheme")
}

// backoff returns the wait before retry number attempt+1: the server's
// Retry-After or retry-after-ms when present (capped), otherwise min doubled
// per attempt up to max, less up to 25% jitter so that many clients do not
// retry in lockstep.
func (c *Client) backoff(min, max time.Duration, attempt int, resp *http.Response) time.Duration {
	wait, ok := time.Duration(0), false
	if resp != nil {
		wait, ok = retryAfter(resp.Header, c.now())
		if ok && wait > c.cfg.retryAfter {
			wait = c.cfg.retryAfter
		}
	}
	if !ok {
		wait = min
		for i := 0; i < attempt && wait < max; i++ {
			wait *= 2
		}
		if wait > max {
			wait = max
		}
		wait -= time.Duration(rand.Int64N(int64(wait)/4 + 1))
	}
	if c.scaleWait != nil {
		wait = c.scaleWait(wait)
	}
	return wait
}

// retryAfter reads the server's requested pause: retry-after-ms in
// milliseconds, or Retry-After in seconds or as an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	if v := h.Get("Retry-After-Ms"); v != "" {
		if d, ok := parseDelay(v, time.Millisecond); ok {
			return d, true
		}
	}
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if d, ok := parseDelay(v, time.Second); ok {
		return d, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

// parseDelay reads a non-negative number of units. NaN, infinities,
// negative numbers and garbage are refused; a finite value too large for a Duration is
// clamped, so that a longer pause asked for never yields a shorter wait
// (backoff then applies the cap).
func parseDelay(v string, unit time.Duration) (time.Duration, bool) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
		return 0, false
	}
	if d := f * float64(unit); d < float64(math.MaxInt64) {
		return time.Duration(d), true
	}
	return time.Duration(math.MaxInt64), true
}

// pauseFits reports whether the pause the server asked for (Retry-After,
// capped) ends before the call's deadline. When it would not, waiting is
// pointless: the call ends at once with the server's answer instead of
// sleeping until the deadline and reporting only a timeout.
func (c *Client) pauseFits(ctx context.Context, resp *http.Response) bool {
	deadline, ok := ctx.Deadline()
	if !ok {
		return true
	}
	wait, ok := retryAfter(resp.Header, c.now())
	if !ok {
		return true
	}
	return min(wait, c.cfg.retryAfter) < time.Until(deadline)
}

// apiRequest is what a service method hands to the pipeline.
type apiRequest struct {
	method string
	// path is relative to the base URL and starts with "/". Each "{name}"
	// in it is replaced by the escaped value of the ID of that name (see
	// expandPath), refusing an empty one.
	// The template itself is what middleware sees as the route.
	path string
	// id fills the path's "{id}".
	id string
	// pathIDs fill any other placeholders, such as "{resource_id}" in
	// /users/{id}/access/{resource_id}.
	pathIDs []pathID
	// query is nil or a struct (pointer) tagged for go-querystring.
	query any
	// body is nil or a value encoded as the JSON request body.
	body any
	// idempotencyKey points at the body's own idempotency-key field, for
	// endpoints that take the key in the body. The pipeline fills it when
	// empty, with the call's key (see do), and refuses a body key that
	// differs from the WithIdempotencyKey one; the Idempotency-Key header
	// then carries the same value.
	idempotencyKey *string
}

// pathID is a named ID that fills the "{name}" placeholder of a path.
type pathID struct{ name, value string }

// expandPath substitutes each ID, escaped as one path segment, for its
// "{name}" placeholder in tmpl. An empty ID, "." or ".." is refused with a
// *ParamError naming the ID, since it would address a different resource;
// so is a placeholder that no ID fills.
func expandPath(tmpl string, ids ...pathID) (string, error) {
	for _, p := range ids {
		ph := "{" + p.name + "}"
		if !strings.Contains(tmpl, ph) {
			continue
		}
		switch strings.TrimSpace(p.value) {
		case "":
			return "", paramErr(p.name, "is required")
		case ".", "..":
			return "", paramErr(p.name, fmt.Sprintf("%q is not a valid ID", p.value))
		}
		tmpl = strings.Replace(tmpl, ph, url.PathEscape(p.value), 1)
	}
	if i := strings.IndexByte(tmpl, '{'); i >= 0 {
		name, _, _ := strings.Cut(tmpl[i+1:], "}")
		return "", paramErr(name, "is required")
	}
	return tmpl, nil
}

// expandedPath is r.path with r.id and r.pathIDs in their placeholders.
func (r *apiRequest) expandedPath() (string, error) {
	return expandPath(r.path, append([]pathID{{"id", r.id}}, r.pathIDs...)...)
}

// idempotencyHeader is the canonical name of the idempotency header.
const idempotencyHeader = "Idempotency-Key"

// do is the one request pipeline: it encodes, sends with retries, and
// decodes the JSON result into out (unless out is nil).
//
// Every POST carries an Idempotency-Key: the caller's (WithIdempotencyKey,
// an Idempotency-Key given with WithHeader, or the body's own key field)
// or a UUIDv4 generated for the call. Whop accepts the header on every
// authenticated POST and its own MCP server sends one stable key per
// logical call on every retry (github.com/whopio/whop-mcp-server,
// packages/server/src/runtime/dispatcher.ts); Whop keeps the outcome of a
// keyed POST for 24 hours and answers a repeat with it. The key is chosen
// once, before the first attempt, and the body is encoded once, so every
// attempt sends the same key with the same method, path and body. A POST
// that fails is returned as an *IdempotencyKeyError holding the key, so
// the caller can repeat it safely.
func (c *Client) do(ctx context.Context, r apiRequest, out any, opts []RequestOption) error {
	if ctx == nil {
		return errors.New("whop: nil context")
	}
	if c.testOpts != nil {
		opts = append(c.testOpts[:len(c.testOpts):len(c.testOpts)], opts...)
	}
	ro, err := applyRequestOptions(opts)
	if err != nil {
		return err
	}
	if ro.resp != nil {
		*ro.resp = Response{}
	}
	route := r.path
	if strings.Contains(r.path, "{") {
		p, err := r.expandedPath()
		if err != nil {
			return err
		}
		r.path = p
	}

	idemKey := ro.idempotencyKey
	if ro.header != nil {
		if hk := ro.header.Get(idempotencyHeader); hk != "" {
			if idemKey != "" && hk != idemKey {
				return paramErr(idempotencyHeader, "the WithHeader value differs from the key given with WithIdempotencyKey")
			}
			idemKey = hk
		}
	}
	if k := r.idempotencyKey; k != nil && *k != "" {
		if idemKey != "" && *k != idemKey {
			return paramErr("idempotency_key", "differs from the key given with WithIdempotencyKey")
		}
		idemKey = *k
	}
	if !headerSafe(idemKey) {
		return paramErr("idempotency_key", "contains a line break or control character")
	}
	if idemKey == "" && (r.method == http.MethodPost || r.idempotencyKey != nil) {
		gen, err := newIdempotencyKey(c.keyRand)
		if err != nil {
			return fmt.Errorf("whop: %s %s: generating an idempotency key: %w", r.method, r.path, err)
		}
		idemKey = gen
	}
	if k := r.idempotencyKey; k != nil {
		*k = idemKey // the body carries the header's key
	}

	u := c.baseURL + r.path
	if r.query != nil {
		q, err := querystr.Encode(r.query)
		if err != nil {
			return fmt.Errorf("whop: %s %s: encoding query: %w", r.method, r.path, err)
		}
		if q != "" {
			u += "?" + q
		}
	}
	var body []byte
	if r.body != nil {
		if body, err = json.Marshal(r.body); err != nil {
			// encoding/json refuses NaN and infinities without saying
			// where; the walk, paid only on this failure, names the field.
			if perr := nonFinite(r.body); perr != nil {
				return perr
			}
			return fmt.Errorf("whop: %s %s: encoding body: %w", r.method, r.path, err)
		}
	}
	st := &callState{method: r.method, path: r.path, route: route, key: idemKey}
	if len(c.cfg.callMiddleware) > 0 {
		return c.sendThroughMiddleware(ctx, st, u, body, ro, out)
	}
	return c.send(ctx, st, u, body, &ro, out)
}

// sendThroughMiddleware runs send inside the WithCallMiddleware chain, the
// first given outermost.
func (c *Client) sendThroughMiddleware(ctx context.Context, st *callState, u string, body []byte, ro requestOptions, out any) error {
	if ro.resp == nil {
		ro.resp = new(Response)
	}
	ran, last := false, error(nil) // whether next ran, and its latest error
	next := CallFunc(func(ctx context.Context) (Response, error) {
		err := c.send(ctx, st, u, body, &ro, out)
		ran, last = true, err
		return *ro.resp, err
	})
	call := CallInfo{Method: st.method, Route: st.route, IdempotencyKey: st.key}
	mws := c.cfg.callMiddleware
	for i := len(mws) - 1; i >= 0; i-- {
		mw, inner := mws[i], next
		next = func(ctx context.Context) (Response, error) { return mw(ctx, call, inner) }
	}
	_, err := next(ctx)
	switch {
	case err != nil:
		return err
	case !ran:
		// Nothing was sent or decoded: returning nil would hand the
		// caller a zero-value result as if the API had answered.
		return fmt.Errorf("whop: %s %s: a CallMiddleware returned no error without running the call", st.method, c.publicURL(st.path))
	}
	// A middleware that drops the error of the run it made would
	// otherwise hand back a result that was never decoded.
	return last
}

// send runs one call, all its attempts included, and decodes its result.
func (c *Client) send(ctx context.Context, st *callState, u string, body []byte, ro *requestOptions, out any) error {
	if ctx == nil {
		return errors.New("whop: nil context")
	}
	timeout := c.cfg.timeout
	if ro.timeout > 0 {
		timeout = ro.timeout
	}
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	ctx = context.WithValue(ctx, callStateKey{}, st)

	var rawBody any // stays a nil interface without a body
	if body != nil {
		rawBody = body
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, st.method, u, rawBody)
	if err != nil {
		return fmt.Errorf("whop: %s %s: %w", st.method, st.path, err)
	}
	h := req.Header
	for k, vs := range ro.header {
		h[k] = vs
	}
	// The keys are canonical already, so they are set directly rather than
	// through h.Set, and the three values share one allocation; each slice
	// is capped so that an append to one cannot overwrite the next.
	fixed := [...]string{c.bearer.value(), "application/json", c.userAgent}
	h["Authorization"] = fixed[0:1:1]
	h["Accept"] = fixed[1:2:2]
	h["User-Agent"] = fixed[2:3:3]
	if c.cfg.appID != "" {
		h.Set("X-Whop-App-Id", c.cfg.appID)
	}
	if body != nil {
		h.Set("Content-Type", "application/json")
	}
	if st.key != "" {
		h[idempotencyHeader] = []string{st.key}
	}
	req.SetResponseHandler(c.readSuccessBody(st))

	rc := c.rc
	if c.cfg.logger != nil {
		rc = c.loggingRetryClient(ctx, st)
	}
	resp, err := rc.Do(req)
	// The body buffer is this run's alone from here: a CallMiddleware may
	// run the call again with the same state, and must not find (and put
	// back into the pool a second time) a buffer this run returns.
	buf := st.body
	st.body = nil
	if err != nil {
		c.fillResponse(ro.resp, st, resp)
		if resp != nil {
			drainAndClose(resp.Body)
		}
		c.putBuf(buf)
		return withIdempotencyKey(c.transportError(ctx, st, resp, err), st.key)
	}
	if resp == nil {
		return fmt.Errorf("whop: %s %s: no response after %d attempts", st.method, st.path, st.attempts)
	}
	defer drainAndClose(resp.Body)
	c.fillResponse(ro.resp, st, resp)
	if c.cfg.logger != nil {
		c.cfg.logger.LogAttrs(ctx, slog.LevelDebug, "whop response",
			slog.String("method", st.method), slog.String("path", st.path),
			slog.Int("status", resp.StatusCode), slog.String("request_id", requestID(resp.Header)),
			slog.Int("attempts", st.attempts))
	}

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		// The body is redacted before the message is cut from it, so that
		// an excerpt cannot end in part of the key.
		key := c.cfg.apiKey.value()
		e := newAPIError(st.method, c.publicURL(st.path), resp.StatusCode, resp.Header, c.scrub(b), st.attempts)
		if d, ok := retryAfter(resp.Header, c.now()); ok {
			e.RetryAfter = d
		}
		e.redact(key)
		return withIdempotencyKey(e, st.key)
	}
	return withIdempotencyKey(c.decode(st, resp, buf, out), st.key)
}

// fillResponse writes what WithResponseInto reports into dst, if the call
// asked for it. resp is the last answer, nil when none came.
func (c *Client) fillResponse(dst *Response, st *callState, resp *http.Response) {
	if dst == nil {
		return
	}
	*dst = Response{Attempts: st.attempts, IdempotencyKey: st.key}
	if resp != nil {
		dst.StatusCode = resp.StatusCode
		dst.Header = publicHeader(resp.Header, c.cfg.apiKey.value())
		dst.RequestID = requestID(resp.Header)
	}
}

// publicHeader copies h without the headers that can carry a credential
// (Set-Cookie: a CDN or load balancer in front of the API may set session
// cookies) and with the API key, should a proxy echo it, redacted.
func publicHeader(h http.Header, secret string) http.Header {
	out := make(http.Header, len(h))
	for k, vs := range h {
		if k == "Set-Cookie" || k == "Set-Cookie2" {
			continue
		}
		cp := make([]string, len(vs))
		for i, v := range vs {
			cp[i] = redactString(v, secret)
		}
		out[k] = cp
	}
	return out
}

// loggingRetryClient is the client's retry loop with a back-off that also
// logs, for one call, each retried attempt's outcome and the wait before
// the next one. It is built per call, and only when a logger is set:
// go-retryablehttp hands the back-off no context when an attempt failed
// without an answer, so the call's state has to be bound here.
func (c *Client) loggingRetryClient(ctx context.Context, st *callState) *retryablehttp.Client {
	rc := c.newRetryLoop(c.rc.HTTPClient)
	rc.Backoff = func(min, max time.Duration, attempt int, resp *http.Response) time.Duration {
		wait := c.backoff(min, max, attempt, resp)
		attrs := []slog.Attr{
			slog.String("method", st.method), slog.String("path", st.path),
			slog.Int("attempt", attempt+1),
		}
		if resp != nil {
			attrs = append(attrs, slog.Int("status", resp.StatusCode), slog.String("request_id", requestID(resp.Header)))
		} else {
			attrs = append(attrs, slog.String("error", st.retrying))
		}
		attrs = append(attrs, slog.Duration("wait", wait))
		c.cfg.logger.LogAttrs(ctx, slog.LevelDebug, "whop retry", attrs...)
		return wait
	}
	return rc
}

// readSuccessBody returns the response handler that reads a 2xx body while
// go-retryablehttp still holds the request. A body cut short by the network
// then counts as a failed attempt, judged by checkRetry like any other
// connection error, instead of surfacing after the retry loop has ended.
func (c *Client) readSuccessBody(st *callState) retryablehttp.ResponseHandlerFunc {
	return func(resp *http.Response) error {
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			return nil
		}
		buf, err := c.readBody(resp)
		if err != nil {
			return err
		}
		c.putBuf(st.body)
		st.body = buf
		return nil
	}
}

// readBody reads a 2xx body, up to one byte past the cap, into a pooled
// buffer.
func (c *Client) readBody(resp *http.Response) (*bytes.Buffer, error) {
	buf := c.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	presize(buf, resp.ContentLength)
	if _, err := buf.ReadFrom(io.LimitReader(resp.Body, maxSuccessBody+1)); err != nil {
		c.putBuf(buf)
		return nil, fmt.Errorf("reading %d response: %w", resp.StatusCode, err)
	}
	return buf, nil
}

func (c *Client) putBuf(buf *bytes.Buffer) {
	if buf != nil && buf.Cap() <= 4<<20 {
		c.bufs.Put(buf)
	}
}

// decode unmarshals a 2xx body into out. buf is the body readSuccessBody
// read; it is nil when the retry loop ended without calling the handler, and
// the body is read here.
func (c *Client) decode(st *callState, resp *http.Response, buf *bytes.Buffer, out any) error {
	if buf == nil {
		var err error
		if buf, err = c.readBody(resp); err != nil {
			return fmt.Errorf("whop: %s %s: %w", st.method, c.publicURL(st.path), err)
		}
	}
	defer c.putBuf(buf)
	if buf.Len() > maxSuccessBody {
		return fmt.Errorf("whop: %s %s: response body exceeds %d bytes", st.method, c.publicURL(st.path), maxSuccessBody)
	}
	if out == nil {
		return nil
	}
	var err error
	if bytes.Equal(bytes.TrimSpace(buf.Bytes()), []byte("null")) {
		// json.Unmarshal accepts null and leaves out untouched: the caller
		// would get a zero-value result and no error.
		err = errors.New("body is null")
	} else if err = json.Unmarshal(buf.Bytes(), out); err == nil {
		err = missingIdentity(out)
	}
	if err != nil {
		return &DecodeError{StatusCode: resp.StatusCode, Method: st.method, URL: c.publicURL(st.path),
			Excerpt: excerpt(c.scrub(buf.Bytes())), Err: err}
	}
	return nil
}

// scrub returns body with the API key and every credential member
// (webhook_secret, client_secret, token) blanked out, for quoting in an
// error: an answer may echo the key, or hold an object with a secret.
func (c *Client) scrub(body []byte) []byte {
	return redactCredentials(redactBytes(body, c.cfg.apiKey.value()))
}

// identified is implemented, with a pointer receiver, by every result type
// that a genuine answer always identifies: a resource by its id, an access
// token by its token. A new resource type with an id must implement it
// (TestResultTypesAreIdentified checks every method's result).
type identified interface {
	// identity returns the JSON name of the identifying field and its
	// value.
	identity() (field, value string)
}

// identifiedItems is implemented by Page: it checks each item's identity.
type identifiedItems interface {
	missingItemIdentity() error
}

// missingIdentity refuses a decoded result that lacks what identifies it.
// A 2xx body such as {} decodes without error into a zero value; handed
// back, it would look like a real object with an empty ID. One type
// assertion per result (and per page item) keeps this cheap.
func missingIdentity(out any) error {
	switch v := out.(type) {
	case identified:
		if field, value := v.identity(); value == "" {
			return fmt.Errorf("the object has no %s", field)
		}
	case identifiedItems:
		return v.missingItemIdentity()
	}
	return nil
}

// transportError wraps a failure that produced no response. The *url.Error
// the transport returns repeats the full URL, query included; it is peeled
// off so only the method and path appear, while errors.Is still finds
// context.Canceled, context.DeadlineExceeded or net errors underneath.
func (c *Client) transportError(ctx context.Context, st *callState, resp *http.Response, err error) error {
	if c.cfg.logger != nil {
		attrs := []slog.Attr{slog.String("method", st.method), slog.String("path", st.path), slog.Int("attempts", st.attempts)}
		if resp != nil {
			attrs = append(attrs, slog.Int("status", resp.StatusCode), slog.String("request_id", requestID(resp.Header)))
		}
		c.cfg.logger.LogAttrs(ctx, slog.LevelDebug, "whop request failed", attrs...)
	}
	inner := err
	if ue, ok := err.(*url.Error); ok {
		inner = ue.Err
	}
	suffix := ""
	if st.attempts > 1 {
		suffix = fmt.Sprintf(" (after %d attempts)", st.attempts)
	}
	reason := ""
	if st.retrying != "" && (errors.Is(inner, context.Canceled) || errors.Is(inner, context.DeadlineExceeded)) {
		reason = " (while retrying after " + st.retrying + ")"
	}
	return fmt.Errorf("whop: %s %s%s: %w%s", st.method, c.publicURL(st.path), suffix, inner, reason)
}

// publicURL is the URL of path without any query string.
func (c *Client) publicURL(path string) string { return c.baseURL + path }

func drainAndClose(rc io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(rc, 4<<10))
	_ = rc.Close()
}

// call runs r through the pipeline and returns the decoded result: the
// shape of nearly every service method.
func call[T any](ctx context.Context, c *Client, r apiRequest, opts []RequestOption) (*T, error) {
	out := new(T)
	if err := c.do(ctx, r, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// optionalBody is params as a request body, or no body at all when params
// is nil; a nil pointer stored in the body interface would encode as null.
func optionalBody[T any](params *T) any {
	if params == nil {
		return nil
	}
	return params
}

// confirm runs r, whose answer is a bare JSON boolean (DELETE /plans/{id},
// for example), and reports a false answer as an error.
func confirm(ctx context.Context, c *Client, r apiRequest, opts []RequestOption) error {
	var ok bool
	if err := c.do(ctx, r, &ok, opts); err != nil {
		return err
	}
	if !ok {
		p, _ := r.expandedPath()
		return errNotConfirmed(r.method, c.publicURL(p))
	}
	return nil
}

// presize makes room in buf for a body of the announced length, so that it
// is read with no regrowth: left to itself bytes.Buffer doubles past the
// body, to up to twice its size, and that slack stays in the pool. The
// extra bytes.MinRead keeps ReadFrom from growing it once more just to
// read EOF. Lengths beyond what the pool keeps (4 MiB) are left to grow as
// they arrive, so a wrong Content-Length cannot make the client reserve
// much before any byte is read.
func presize(buf *bytes.Buffer, contentLength int64) {
	if contentLength > 0 && contentLength <= 4<<20 {
		buf.Grow(int(contentLength) + bytes.MinRead)
	}
}

// applyRequestOptions builds one call's options. The common call has none
// and then allocates nothing: the options are functions that take a
// pointer, so the value they fill has to live on the heap.
func applyRequestOptions(opts []RequestOption) (requestOptions, error) {
	if len(opts) == 0 {
		return requestOptions{}, nil
	}
	ro := new(requestOptions)
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(ro); err != nil {
			return requestOptions{}, err
		}
	}
	return *ro, nil
}

// newIdempotencyKey returns a random UUIDv4 (RFC 9562) from
// crypto/rand. It fails rather than fall back to a weaker source: a key
// that can repeat could make the API drop a genuine transaction.
func newIdempotencyKey(src io.Reader) (string, error) {
	var b [16]byte
	if _, err := io.ReadFull(src, b[:]); err != nil {
		return "", err
	}
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 9562 variant
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:36], b[10:16])
	return string(s[:]), nil
}

// nonFinite returns a *ParamError naming the first NaN or infinite number
// in v, a request body, by its JSON path ("plan.initial_price",
// "line_items[0].unit_price"). encoding/json cannot encode one: without
// this check the call would fail with an encoding error that names no
// field, and each service would need a check of its own per amount.
func nonFinite(v any) error {
	if v == nil {
		return nil
	}
	if path, bad := findNonFinite(reflect.ValueOf(v), "", 0); bad {
		return paramErr(path, "must be a finite number")
	}
	return nil
}

// findNonFinite walks v (exported fields, pointers, interfaces, slices,
// arrays and maps, as encoding/json would) for a NaN or infinity, and
// returns its path. The depth bound keeps a cyclic value from recursing
// for ever; encoding/json refuses such a value itself.
func findNonFinite(v reflect.Value, path string, depth int) (string, bool) {
	if depth > 32 || !v.IsValid() {
		return "", false
	}
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		return path, math.IsNaN(f) || math.IsInf(f, 0)
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return "", false
		}
		return findNonFinite(v.Elem(), path, depth+1)
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			sub := name
			if f.Anonymous && f.Tag.Get("json") == "" {
				sub = "" // an embedded struct's fields sit at this level
			}
			if p, bad := findNonFinite(v.Field(i), joinPath(path, sub), depth+1); bad {
				return p, true
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return "", false
		}
		for i := 0; i < v.Len(); i++ {
			if p, bad := findNonFinite(v.Index(i), path+"["+strconv.Itoa(i)+"]", depth+1); bad {
				return p, true
			}
		}
	case reflect.Map:
		// A Nullable is a map keyed by bool: its value sits at the
		// field's own path. Other maps (metadata) add their key.
		byBool := v.Type().Key().Kind() == reflect.Bool
		for it := v.MapRange(); it.Next(); {
			sub := path
			if !byBool {
				sub = joinPath(path, fmt.Sprint(it.Key().Interface()))
			}
			if p, bad := findNonFinite(it.Value(), sub, depth+1); bad {
				return p, true
			}
		}
	}
	return "", false
}

func joinPath(path, name string) string {
	switch {
	case name == "":
		return path
	case path == "":
		return name
	}
	return path + "." + name
}
