package whop

import (
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
		if strings.TrimSpace(id) == "" || strings.ContainsAny(id, "\r\n") {
			return errors.New("whop: WithAppID: id is empty or contains a line break")
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
// 60 seconds.
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
		if strings.ContainsAny(s, "\r\n") {
			return errors.New("whop: WithUserAgent: contains a line break")
		}
		c.uaSuffix = strings.TrimSpace(s)
		return nil
	}
}

// WithLogger makes the client log each attempt and retry at debug level.
// Logs carry the method, path and status; never the API key, headers,
// bodies or query strings.
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
}

// RequestOption adjusts one call. Pass them as the last arguments of any
// service method.
type RequestOption func(*requestOptions) error

// WithHeader adds a header to this call's request.
func WithHeader(key, value string) RequestOption {
	return func(o *requestOptions) error {
		if !validHeaderName(key) {
			return fmt.Errorf("whop: WithHeader: invalid header name %q", key)
		}
		if strings.ContainsAny(value, "\r\n") {
			return fmt.Errorf("whop: WithHeader: value of %s contains a line break", key)
		}
		if o.header == nil {
			o.header = make(http.Header)
		}
		o.header.Add(key, value)
		return nil
	}
}

// WithIdempotencyKey sends key as the Idempotency-Key header. A POST that
// carries a key is also retried on 5xx responses and timeouts, because the
// key lets the server recognise the repeat; a POST without one is not.
func WithIdempotencyKey(key string) RequestOption {
	return func(o *requestOptions) error {
		if strings.TrimSpace(key) == "" || strings.ContainsAny(key, "\r\n") || len(key) > 255 {
			return errors.New("whop: WithIdempotencyKey: key must be 1..255 characters without line breaks")
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
