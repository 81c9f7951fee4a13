package whop

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Defaults used when neither an option nor the environment says otherwise.
const (
	DefaultBaseURL       = "https://api.whop.com/api/v1"
	DefaultMaxRetries    = 2
	DefaultTimeout       = 60 * time.Second
	DefaultMinBackoff    = 500 * time.Millisecond
	DefaultMaxBackoff    = 8 * time.Second
	DefaultRetryAfterCap = 60 * time.Second
)

// Environment variables NewClient reads unless WithoutEnvironment is given.
const (
	EnvAPIKey  = "WHOP_API_KEY"
	EnvBaseURL = "WHOP_BASE_URL"
	EnvAppID   = "WHOP_APP_ID"
)

// credential holds the API key, always behind a pointer. It is a string
// type rather than a struct because fmt expands a pointer only when it
// points to a struct, map, array or slice: a struct's fields were printed
// by a mismatched verb (%s of the config showed the key), a pointer to a
// string is printed as an address by every verb. The String methods cover
// printing the credential itself.
type credential string

func (*credential) String() string   { return "[REDACTED]" }
func (*credential) GoString() string { return `"[REDACTED]"` }

// value is the key itself, for the Authorization header.
func (c *credential) value() string { return string(*c) }

// config is what the ClientOptions build; NewClient fills the gaps from the
// environment and the defaults.
type config struct {
	apiKey     *credential
	apiKeySet  bool
	baseURL    string
	baseSet    bool
	appID      string
	appIDSet   bool
	noEnv      bool
	httpClient *http.Client
	maxRetries int
	timeout    time.Duration
	uaSuffix   string
	logger     *slog.Logger
	minBackoff time.Duration
	maxBackoff time.Duration
	retryAfter time.Duration
	// middleware wraps each attempt, callMiddleware each call.
	middleware     []Middleware
	callMiddleware []CallMiddleware
}

// ClientOption configures a Client. Options validate their input; NewClient
// reports the first invalid one.
type ClientOption func(*config) error

// WithAPIKey sets the API key sent as a Bearer token. It wins over
// WHOP_API_KEY.
func WithAPIKey(key string) ClientOption {
	return func(c *config) error {
		if strings.TrimSpace(key) == "" {
			return errors.New("whop: WithAPIKey: key is empty")
		}
		if strings.ContainsAny(key, "\r\n") {
			return errors.New("whop: WithAPIKey: key contains a line break")
		}
		if !headerSafe(key) {
			return errors.New("whop: WithAPIKey: key contains a control character")
		}
		cred := credential(key)
		c.apiKey, c.apiKeySet = &cred, true
		return nil
	}
}

// WithBaseURL points the client at another API root, such as a whoptest
// server. It wins over WHOP_BASE_URL. The URL must use https, so that the
// API key never crosses the network in clear text; plain http is accepted
// only for a loopback host (localhost, 127.0.0.0/8 or ::1). The same rule
// applies to WHOP_BASE_URL.
func WithBaseURL(u string) ClientOption {
	return func(c *config) error {
		norm, err := normalizeBaseURL(u)
		if err != nil {
			return fmt.Errorf("whop: WithBaseURL: %w", err)
		}
		c.baseURL, c.baseSet = norm, true
		return nil
	}
}

// WithAppID sends X-Whop-App-Id on every request. It wins over WHOP_APP_ID.
func WithAppID(id string) ClientOption {
	return func(c *config) error {
		if strings.TrimSpace(id) == "" || !headerSafe(id) {
			return errors.New("whop: WithAppID: id is empty or contains a line break or control character")
		}
		c.appID, c.appIDSet = id, true
		return nil
	}
}

// WithHTTPClient sends requests through hc instead of the client's own
// pooled transport. The client never closes hc's idle connections.
func WithHTTPClient(hc *http.Client) ClientOption {
	return func(c *config) error {
		if hc == nil {
			return errors.New("whop: WithHTTPClient: client is nil")
		}
		c.httpClient = hc
		return nil
	}
}

// WithMaxRetries sets how many times a failed request may be retried
// (0 disables retries). The default is 2.
func WithMaxRetries(n int) ClientOption {
	return func(c *config) error {
		if n < 0 || n > 10 {
			return fmt.Errorf("whop: WithMaxRetries: %d is outside 0..10", n)
		}
		c.maxRetries = n
		return nil
	}
}

// WithTimeout bounds each method call, all its retries and back-off waits
// included. Zero means no limit beyond the caller's context. The default is
// 60 seconds. A ListAll walk makes one call per page, so the limit applies
// to each page, not to the walk: bound a whole walk with the context you
// pass to ListAll (context.WithTimeout).
func WithTimeout(d time.Duration) ClientOption {
	return func(c *config) error {
		if d < 0 {
			return fmt.Errorf("whop: WithTimeout: %v is negative", d)
		}
		c.timeout = d
		return nil
	}
}

// WithUserAgent appends s to the User-Agent header, so Whop can tell your
// service's traffic apart.
func WithUserAgent(s string) ClientOption {
	return func(c *config) error {
		if !headerSafe(s) {
			return errors.New("whop: WithUserAgent: contains a line break or control character")
		}
		c.uaSuffix = strings.TrimSpace(s)
		return nil
	}
}

// WithLogger makes the client log at debug level: each attempt as it
// starts ("whop request"), each attempt that is retried with its status
// (or error), request ID and the wait before the next one ("whop retry"),
// and the outcome of the call in one line ("whop response" or "whop
// request failed"). Logs carry the method, path, status and request ID;
// never the API key, other headers, bodies or query strings.
func WithLogger(l *slog.Logger) ClientOption {
	return func(c *config) error {
		if l == nil {
			return errors.New("whop: WithLogger: logger is nil")
		}
		c.logger = l
		return nil
	}
}

// WithBackoff sets the bounds of the exponential back-off between retries:
// the first wait is about min, doubling up to max. The defaults are 0.5 s
// and 8 s.
func WithBackoff(min, max time.Duration) ClientOption {
	return func(c *config) error {
		if min <= 0 || max < min {
			return fmt.Errorf("whop: WithBackoff: need 0 < min <= max, got %v and %v", min, max)
		}
		c.minBackoff, c.maxBackoff = min, max
		return nil
	}
}

// WithRetryAfterCap caps how long the client waits when the server asks for
// a pause with Retry-After or retry-after-ms. The default is 60 seconds.
func WithRetryAfterCap(d time.Duration) ClientOption {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("whop: WithRetryAfterCap: %v is not positive", d)
		}
		c.retryAfter = d
		return nil
	}
}

// WithoutEnvironment stops NewClient from reading WHOP_API_KEY,
// WHOP_BASE_URL and WHOP_APP_ID.
func WithoutEnvironment() ClientOption {
	return func(c *config) error {
		c.noEnv = true
		return nil
	}
}

func normalizeBaseURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("base URL does not parse: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("base URL %q needs an http or https scheme", raw)
	}
	if u.Host == "" {
		return "", fmt.Errorf("base URL %q has no host", raw)
	}
	if u.User != nil {
		return "", errors.New("base URL must not carry credentials")
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return "", fmt.Errorf("base URL %q uses plain http, which would send the API key in clear text: "+
			"use https (plain http is accepted only for localhost, 127.0.0.0/8 and ::1)", u.Scheme+"://"+u.Host)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("base URL %q must not have a query or fragment", raw)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// isLoopback reports whether host names this machine: "localhost", an
// address in 127.0.0.0/8, or ::1. Only there may the API key travel over
// plain http, to a whoptest server or a local mock.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// requestOptions is what the RequestOptions of one call build.
type requestOptions struct {
	header         http.Header
	idempotencyKey string
	timeout        time.Duration
	resp           *Response
}

// RequestOption adjusts one call. Pass them as the last arguments of any
// service method.
type RequestOption func(*requestOptions) error

// WithHeader adds a header to this call's request. An Idempotency-Key
// given this way is the call's key, as with WithIdempotencyKey. The types
// of this package model Whop's original, unversioned API, which Whop
// serves to requests without an Api-Version-Date header (the client sends
// none); setting that header here may make answers stop matching the
// types, as newer versions rename fields.
func WithHeader(key, value string) RequestOption {
	return func(o *requestOptions) error {
		if !validHeaderName(key) {
			return fmt.Errorf("whop: WithHeader: invalid header name %q", key)
		}
		if !headerSafe(value) {
			return fmt.Errorf("whop: WithHeader: value of %s contains a line break or control character", key)
		}
		if o.header == nil {
			o.header = make(http.Header)
		}
		o.header.Add(key, value)
		return nil
	}
}

// WithIdempotencyKey sends key as the Idempotency-Key header of this call.
// Every POST carries a key already (one is generated per call when none is
// given), so this option is for choosing it: your own ID for the operation
// (an order ID), or the key of an earlier call that failed with its
// outcome unknown (IdempotencyKeyError.Key), to repeat that call safely.
// Whop keeps the outcome of a keyed POST for 24 hours and answers a repeat
// with it, so a key must only ever be reused for the same method, path and
// body. Sent with a GET, PATCH or DELETE, the key is passed on as is.
func WithIdempotencyKey(key string) RequestOption {
	return func(o *requestOptions) error {
		if strings.TrimSpace(key) == "" || !headerSafe(key) || len(key) > 255 {
			return errors.New("whop: WithIdempotencyKey: key must be 1..255 characters without line breaks or control characters")
		}
		o.idempotencyKey = key
		return nil
	}
}

// WithRequestTimeout bounds this call, retries included, replacing the
// client's WithTimeout.
func WithRequestTimeout(d time.Duration) RequestOption {
	return func(o *requestOptions) error {
		if d <= 0 {
			return fmt.Errorf("whop: WithRequestTimeout: %v is not positive", d)
		}
		o.timeout = d
		return nil
	}
}

// Response describes the answer to one call, for WithResponseInto.
type Response struct {
	// StatusCode is the HTTP status of the last answer; 0 when no answer
	// came (a connection error, a timeout).
	StatusCode int
	// Header holds the headers of the last answer, without Set-Cookie
	// (cookies a CDN or load balancer sets are credentials), and with the
	// API key redacted should a proxy echo it. Rate-limit headers, for
	// example, are here. nil when no answer came.
	Header http.Header
	// RequestID is the request ID of the last answer, if it had one; quote
	// it when contacting Whop support.
	RequestID string
	// Attempts is how many times the request was sent.
	Attempts int
	// IdempotencyKey is the Idempotency-Key the request carried: every
	// POST has one, yours or generated. Empty for a request without one.
	IdempotencyKey string
}

// WithResponseInto makes the call fill *r with the metadata of its answer:
// the status, headers, request ID, number of attempts and idempotency key.
// r is filled on success, with an *APIError, and as far as known when no
// answer came (attempts and key only); it is zeroed when the call starts,
// so a call refused before sending leaves it zero.
//
// A ListAll walk makes one call per page with the same options, so r is
// overwritten by each page's answer before that page's items are yielded:
// inside the range loop it describes the page the current item came from.
// r must not be shared by calls running at the same time.
func WithResponseInto(r *Response) RequestOption {
	return func(o *requestOptions) error {
		if r == nil {
			return errors.New("whop: WithResponseInto: response is nil")
		}
		o.resp = r
		return nil
	}
}

// AttemptInfo describes one attempt to a Middleware.
type AttemptInfo struct {
	// Method is the call's HTTP method.
	Method string
	// Route is the call's path template, before IDs are put in, such as
	// "/payments/{id}/refund": a label that does not grow with the data.
	Route string
	// Attempt counts the call's attempts from 1.
	Attempt int
	// IdempotencyKey is the Idempotency-Key the request carries; empty for
	// a request without one.
	IdempotencyKey string
}

// RoundTripFunc sends one request and returns its answer.
type RoundTripFunc func(*http.Request) (*http.Response, error)

// Middleware wraps each attempt of every call: it receives the attempt's
// request, what the attempt is, and next, which sends the request. It
// returns next's answer, or an error of its own. A middleware may add
// headers to req; it must not change its method, URL or body, which every
// attempt repeats. It also runs for each redirect the client follows
// within the base URL's origin, with the same AttemptInfo.
//
// An error a middleware returns of its own (one that does not wrap the
// error next returned) ends the call without a retry, and the call returns
// it wrapped, so errors.Is and errors.As find it. An error from next that
// a middleware passes on, wrapped or not, is judged like any network
// error. The request's context is the call's, so a value a CallMiddleware
// put in it (a span) is there.
type Middleware func(req *http.Request, info AttemptInfo, next RoundTripFunc) (*http.Response, error)

// CallInfo describes one call to a CallMiddleware.
type CallInfo struct {
	// Method is the HTTP method.
	Method string
	// Route is the path template, such as "/payments/{id}/refund".
	Route string
	// IdempotencyKey is the Idempotency-Key the call's requests carry;
	// empty for a request without one.
	IdempotencyKey string
}

// CallFunc runs the rest of a call, all its attempts included, and
// returns the metadata of its last answer (see Response) with its error.
type CallFunc func(ctx context.Context) (Response, error)

// CallMiddleware wraps each call, all its attempts and waits included: it
// runs once per call, after the call's input was checked and its
// idempotency key chosen, and before the call's timeout starts. It returns
// what next returned, or an error of its own, which the call then
// returns; the client uses only the error. A nil error stands only for a
// run of next that succeeded: if the latest run failed, the call returns
// that run's error, and if next never ran, an error saying so (a result
// is only ever what the API answered). Pass next a context derived
// from ctx (one holding a span, for instance): every attempt's request
// carries it to the Middleware chain. next may be called again to repeat
// the call (under the same idempotency key), but only after the previous
// run returned: the runs decode into the same result, so they must not
// overlap.
type CallMiddleware func(ctx context.Context, call CallInfo, next CallFunc) (Response, error)

// WithMiddleware adds middleware that wraps each attempt (see Middleware),
// for tracing or metrics per HTTP exchange. The first given is outermost;
// later WithMiddleware options add inner ones.
func WithMiddleware(mws ...Middleware) ClientOption {
	return func(c *config) error {
		for _, m := range mws {
			if m == nil {
				return errors.New("whop: WithMiddleware: middleware is nil")
			}
		}
		c.middleware = append(c.middleware[:len(c.middleware):len(c.middleware)], mws...)
		return nil
	}
}

// WithCallMiddleware adds middleware that wraps each call (see
// CallMiddleware), for a trace span or a latency histogram per method
// call. The first given is outermost.
func WithCallMiddleware(mws ...CallMiddleware) ClientOption {
	return func(c *config) error {
		for _, m := range mws {
			if m == nil {
				return errors.New("whop: WithCallMiddleware: middleware is nil")
			}
		}
		c.callMiddleware = append(c.callMiddleware[:len(c.callMiddleware):len(c.callMiddleware)], mws...)
		return nil
	}
}

func validHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// headerSafe reports whether net/http will send s as a header value:
// no control character other than a tab. A value it refuses fails every
// attempt of every call at the transport, after the full retry budget,
// instead of at the option.
func headerSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}
