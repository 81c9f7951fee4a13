package whop

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Sentinel errors matched with errors.Is against an *APIError, chosen by the
// HTTP status of the response.
var (
	// ErrBadRequest matches a 400 response.
	ErrBadRequest = errors.New("whop: bad request")
	// ErrUnauthorized matches a 401 response: the API key is missing or wrong.
	ErrUnauthorized = errors.New("whop: unauthorized")
	// ErrForbidden matches a 403 response: the key lacks a permission.
	ErrForbidden = errors.New("whop: forbidden")
	// ErrNotFound matches a 404 response.
	ErrNotFound = errors.New("whop: not found")
	// ErrConflict matches a 409 response.
	ErrConflict = errors.New("whop: conflict")
	// ErrUnprocessable matches a 422 response: the request was understood
	// but refused, such as refunding more than was paid.
	ErrUnprocessable = errors.New("whop: unprocessable")
	// ErrRateLimited matches a 429 response.
	ErrRateLimited = errors.New("whop: rate limited")
	// ErrServer matches any 5xx response.
	ErrServer = errors.New("whop: server error")
)

// ErrInvalidParams is matched by errors.Is for every *ParamError: input the
// client refused before sending anything.
var ErrInvalidParams = errors.New("whop: invalid parameters")

// ErrRedirectRefused is matched by errors.Is when the API answered with a
// redirect the client will not follow: to another origin (which could
// receive the API key) or one that would change the method (turning a
// write into a GET). It is never retried.
var ErrRedirectRefused = errors.New("whop: refusing redirect")

// ErrPagination is matched by errors.Is when a list iteration cannot go on
// safely, such as a cursor that repeats, a page that claims more data but
// gives no cursor to fetch it, or several empty pages in a row that claim
// more.
var ErrPagination = errors.New("whop: pagination")

// maxErrorBody caps how much of an error response is read and kept.
const maxErrorBody = 1 << 20

// APIError is returned when the API answers with a non-2xx status. Use
// errors.As to reach it and errors.Is with the sentinels (ErrNotFound, ...)
// to branch on the status class.
type APIError struct {
	// StatusCode is the HTTP status of the response.
	StatusCode int
	// Type, Code, Param and Message come from the API's error object
	// {"error": {...}}; they are empty when the body was not of that shape.
	Type    string
	Code    string
	Param   string
	Message string
	// RequestID is the request id the API returned in its headers, if any;
	// quote it when contacting Whop support.
	RequestID string
	// Body is the raw response body, at most 1 MiB of it.
	Body []byte
	// Method and URL identify the request. URL has no query string, so
	// nothing a caller searched for ends up in logs.
	Method string
	URL    string
	// Attempts is how many times the request was sent before giving up.
	Attempts int
	// Header holds the response's headers, without Set-Cookie and with the
	// API key redacted should a proxy echo it.
	Header http.Header
	// RetryAfter is the pause the server asked for with Retry-After or
	// retry-after-ms, as sent (not capped); zero when it asked for none.
	// After ErrRateLimited it says when to come back.
	RetryAfter time.Duration
}

// Error describes the failure in one line without the API key or body. The
// parts the server sent are cut short and cleared of control characters.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("whop: ")
	b.WriteString(e.Method)
	b.WriteByte(' ')
	b.WriteString(e.URL)
	b.WriteString(": ")
	b.WriteString(strconv.Itoa(e.StatusCode))
	if t := http.StatusText(e.StatusCode); t != "" {
		b.WriteByte(' ')
		b.WriteString(t)
	}
	if e.Type != "" || e.Code != "" {
		b.WriteString(" (")
		b.WriteString(oneLine(firstNonEmpty(e.Code, e.Type), 100))
		b.WriteByte(')')
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(oneLine(e.Message, 500))
	}
	if e.Param != "" {
		b.WriteString(" [param ")
		b.WriteString(oneLine(e.Param, 100))
		b.WriteByte(']')
	}
	if e.RequestID != "" {
		b.WriteString(" [request id ")
		b.WriteString(oneLine(e.RequestID, 100))
		b.WriteByte(']')
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	return b.String()
}

// oneLine makes text the server sent fit a log line: control characters
// (line breaks, escape sequences) become spaces, and text longer than max
// bytes is cut at a character boundary and marked with "...". The fields of
// the APIError keep the text as it came.
func oneLine(s string, max int) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

// GoString prints the fields for %#v, with the size of the body in place
// of its bytes.
func (e *APIError) GoString() string {
	return fmt.Sprintf("&whop.APIError{StatusCode:%d, Type:%q, Code:%q, Param:%q, Message:%q, RequestID:%q, "+
		"Method:%q, URL:%q, Attempts:%d, Body:[%d bytes]}",
		e.StatusCode, e.Type, e.Code, e.Param, e.Message, e.RequestID, e.Method, e.URL, e.Attempts, len(e.Body))
}

// redacted stands in for a secret found in text the server sent.
const redacted = "[REDACTED]"

// redact removes secret from every field of e that came from the server. A
// proxy or a debugging endpoint that echoes the request's headers must not
// carry the API key into logs by way of the error.
func (e *APIError) redact(secret string) {
	for _, s := range []*string{&e.Type, &e.Code, &e.Param, &e.Message, &e.RequestID} {
		*s = redactString(*s, secret)
	}
	// The message may quote JSON that was escaped in the body.
	e.Message = string(redactCredentials([]byte(e.Message)))
	e.Body = redactBytes(e.Body, secret)
	for _, vs := range e.Header {
		for i := range vs {
			vs[i] = redactString(vs[i], secret)
		}
	}
}

func redactString(s, secret string) string {
	if secret == "" {
		return s
	}
	return strings.ReplaceAll(s, secret, redacted)
}

func redactBytes(b []byte, secret string) []byte {
	if secret == "" || !bytes.Contains(b, []byte(secret)) {
		return b
	}
	return bytes.ReplaceAll(b, []byte(secret), []byte(redacted))
}

// Is lets errors.Is match the sentinel for the response's status.
func (e *APIError) Is(target error) bool {
	return target != nil && target == sentinelFor(e.StatusCode)
}

// LogValue keeps structured logs of an APIError short and free of the body.
func (e *APIError) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Int("status", e.StatusCode),
		slog.String("method", e.Method),
		slog.String("url", e.URL),
		slog.String("code", firstNonEmpty(e.Code, e.Type)),
		slog.String("message", e.Message),
		slog.String("request_id", e.RequestID),
	)
}

func sentinelFor(status int) error {
	switch {
	case status == http.StatusBadRequest:
		return ErrBadRequest
	case status == http.StatusUnauthorized:
		return ErrUnauthorized
	case status == http.StatusForbidden:
		return ErrForbidden
	case status == http.StatusNotFound:
		return ErrNotFound
	case status == http.StatusConflict:
		return ErrConflict
	case status == http.StatusUnprocessableEntity:
		return ErrUnprocessable
	case status == http.StatusTooManyRequests:
		return ErrRateLimited
	case status >= 500 && status <= 599:
		return ErrServer
	}
	return nil
}

// newAPIError builds the error for a non-2xx response whose body (already
// capped) is body. It never fails: a body that is not the API's error shape
// still yields a readable message.
func newAPIError(method, url string, status int, h http.Header, body []byte, attempts int) *APIError {
	e := &APIError{
		StatusCode: status,
		Method:     method,
		URL:        url,
		Body:       body,
		Attempts:   attempts,
		RequestID:  requestID(h),
		Header:     publicHeader(h, ""),
	}
	var env struct {
		Error *struct {
			Type    string `json:"type"`
			Message string `json:"message"`
			Code    string `json:"code"`
			Param   string `json:"param"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &env) == nil && env.Error != nil {
		e.Type, e.Message, e.Code, e.Param = env.Error.Type, env.Error.Message, env.Error.Code, env.Error.Param
	}
	if e.Message == "" {
		e.Message = describeBody(h.Get("Content-Type"), body)
	}
	return e
}

func requestID(h http.Header) string {
	for _, k := range []string{"X-Request-Id", "Request-Id", "X-Whop-Request-Id", "Cf-Ray"} {
		if v := h.Get(k); v != "" {
			return v
		}
	}
	return ""
}

// describeBody gives a short human reading of a body that was not the API's
// JSON error object: an excerpt of text, or a note that it was empty or HTML.
func describeBody(contentType string, body []byte) string {
	if len(strings.TrimSpace(string(body))) == 0 {
		return "empty response body"
	}
	if strings.Contains(contentType, "html") || looksLikeHTML(body) {
		return "non-JSON response (HTML page, " + strconv.Itoa(len(body)) + " bytes)"
	}
	return "non-JSON response: " + excerpt(body)
}

func looksLikeHTML(b []byte) bool {
	s := strings.ToLower(strings.TrimSpace(string(b[:min(len(b), 64)])))
	return strings.HasPrefix(s, "<!doctype html") || strings.HasPrefix(s, "<html")
}

// excerpt returns at most 120 printable characters of b.
// credentialMember matches the value of a JSON member whose name says it
// holds a credential: a webhook endpoint's webhook_secret, a payment's
// client_secret, an access token's token. A value cut off by the end of
// the body matches up to that end.
var credentialMember = regexp.MustCompile(`("[a-z_]*(?:secret|token)"\s*:\s*")[^"]*`)

// escapedCredentialMember is credentialMember inside a JSON string (an
// error message quoting an object), where its quotes are escaped.
var escapedCredentialMember = regexp.MustCompile(`(\\"[a-z_]*(?:secret|token)\\"\s*:\s*\\")[^"\\]*`)

// redactCredentials blanks the values of credentialMember out of a body
// before any of it is quoted in an error: an answer that does not decode
// may still carry a secret, and errors get logged.
func redactCredentials(b []byte) []byte {
	if !bytes.Contains(b, []byte("secret")) && !bytes.Contains(b, []byte("token")) {
		return b
	}
	b = credentialMember.ReplaceAll(b, []byte("${1}"+redacted))
	return escapedCredentialMember.ReplaceAll(b, []byte("${1}"+redacted))
}

func excerpt(b []byte) string {
	const n = 120
	s := string(b[:min(len(b), n*4)])
	var out strings.Builder
	count := 0
	for _, r := range s {
		if r == utf8.RuneError {
			continue
		}
		if r < 0x20 {
			r = ' '
		}
		out.WriteRune(r)
		count++
		if count == n {
			out.WriteString("...")
			break
		}
	}
	return strconv.Quote(out.String())
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// ParamError reports input the client refused before sending a request.
// errors.Is(err, ErrInvalidParams) matches it.
type ParamError struct {
	// Field is the JSON or query name of the offending parameter, such as
	// "company_id" or "plan.product.title". For the handler and verifier
	// constructors it is the Go argument or option instead, such as
	// "companyID" or "WithWebhookMaxBodyBytes".
	Field string
	// Reason says what is wrong with it.
	Reason string
}

// Error names the field and the problem.
func (e *ParamError) Error() string {
	return "whop: invalid parameter " + e.Field + ": " + e.Reason
}

// Is lets errors.Is match ErrInvalidParams.
func (e *ParamError) Is(target error) bool { return target == ErrInvalidParams }

func paramErr(field, reason string) error { return &ParamError{Field: field, Reason: reason} }

// requireString returns a *ParamError naming field when v is empty.
func requireString(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return paramErr(field, "is required")
	}
	return nil
}

// DecodeError is returned when a 2xx response body is not valid JSON for
// the expected result type, or decodes to an object (or a list item) that
// lacks what every genuine answer carries: its id (an access token's
// token). A body such as {} is refused rather than handed back as a
// zero-value result.
type DecodeError struct {
	StatusCode int
	Method     string
	URL        string
	// Excerpt is the start of the body, quoted.
	Excerpt string
	// Err is the underlying decoding error.
	Err error
}

// Error says which request returned what.
func (e *DecodeError) Error() string {
	return fmt.Sprintf("whop: %s %s: %d response is not valid JSON for the expected type: %v; body starts %s",
		e.Method, e.URL, e.StatusCode, e.Err, e.Excerpt)
}

// Unwrap returns the decoding error.
func (e *DecodeError) Unwrap() error { return e.Err }

// errNotConfirmed reports a 2xx answer whose body denied the operation.
func errNotConfirmed(method, url string) error {
	return fmt.Errorf("whop: %s %s: the API answered false", method, url)
}

func itoa(i int) string { return strconv.Itoa(i) }

// IdempotencyKeyError wraps the failure of a call whose request carried an
// idempotency key: every POST (with your WithIdempotencyKey key, a body
// key, or one the client generated for the call), and any other call given
// WithIdempotencyKey. When the outcome is unknown (a timeout, a connection
// lost after the request was written, a 5xx or 409 after the last retry),
// repeat the call with WithIdempotencyKey(Key) and the same arguments:
// Whop recognises the key and applies the operation at most once, or
// answers with the outcome of the first. Never reuse a key for different
// arguments. errors.As and errors.Is see through it to the underlying
// error.
type IdempotencyKeyError struct {
	// Key is the idempotency key the failed request carried.
	Key string
	// Err is the failure itself: an *APIError, a *DecodeError or a
	// wrapped network or context error.
	Err error
}

// Error is the underlying error's message followed by the key.
func (e *IdempotencyKeyError) Error() string {
	return e.Err.Error() + " (idempotency key " + e.Key + ")"
}

// Unwrap returns the underlying error.
func (e *IdempotencyKeyError) Unwrap() error { return e.Err }

// withIdempotencyKey wraps err with key; it returns err unchanged when
// either is empty.
func withIdempotencyKey(err error, key string) error {
	if err == nil || key == "" {
		return err
	}
	return &IdempotencyKeyError{Key: key, Err: err}
}
