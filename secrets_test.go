package whop

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gowhop/whop/internal/faultserver"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// secretsThatMustNotLeak lists every secret the client holds, in each form
// it could be printed: the API key, and the Authorization header carrying
// it. When the webhook verifier lands, add its secret here (as given, and
// base64-decoded for a whsec_ secret), and its error paths to
// TestSecretsNeverLeak.
func secretsThatMustNotLeak() []string {
	return []string{testAPIKey, "Bearer " + testAPIKey, testWebhookSecret}
}

// testWebhookSecret is the webhook signing secret of the webhook paths
// below.
const testWebhookSecret = "ws_leakcheck_5ecret_value"

// assertNoSecret fails the test if s shows any secret.
func assertNoSecret(t *testing.T, what, s string) {
	t.Helper()
	for _, secret := range secretsThatMustNotLeak() {
		if strings.Contains(s, secret) {
			t.Errorf("%s shows the secret %q:\n%.2000s", what, secret, s)
		}
	}
}

// echoHeaders is a misbehaving proxy or debugging endpoint: its answers
// repeat the request's Authorization header.
func echoHeaders(status int, ctype string, shape string) faultserver.Action {
	return func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		faultserver.Respond(status, http.Header{"Content-Type": {ctype}, "X-Request-Id": {"req_1"}},
			fmt.Sprintf(shape, auth))(w, r)
	}
}

// TestSecretsNeverLeak drives every error path and every log line of the
// pipeline, with debug logging on in text and JSON, and checks that no
// error text, formatted error, structured log value or log line shows a
// secret. Several paths get a server that echoes the Authorization header
// back, as broken proxies do.
func TestSecretsNeverLeak(t *testing.T) {
	checkNoLeaks(t)
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	jsonLogger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	fc := newFaultClient(t, WithLogger(logger), WithAppID("app_1"))
	defer fc.cleanup()
	ctx := context.Background()

	get := func(opts ...RequestOption) error { _, err := fc.Products.Get(ctx, "prod_1", opts...); return err }
	post := func(opts ...RequestOption) error {
		_, err := fc.Products.Create(ctx, &ProductCreateParams{CompanyID: "biz_1", Title: "t"}, opts...)
		return err
	}
	list := func() error {
		var err error
		for _, e := range fc.Products.ListAll(ctx, &ProductListParams{CompanyID: "biz_1"}) {
			if e != nil {
				err = e
			}
		}
		return err
	}
	dead := func() string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		addr := ln.Addr().String()
		require.NoError(t, ln.Close())
		return "http://" + addr + testBasePath
	}()
	deadClient, err := NewClient(WithoutEnvironment(), WithAPIKey(testAPIKey), WithBaseURL(dead),
		WithLogger(jsonLogger), WithBackoff(time.Millisecond, time.Millisecond))
	require.NoError(t, err)
	defer closeClientIdle(deadClient)

	paths := []struct {
		name   string
		action faultserver.Action
		call   func() error
	}{
		{"json error echoing the key", echoHeaders(401, "application/json",
			`{"error":{"type":"auth","code":"%[1]s","param":"%[1]s","message":"bad credentials: %[1]s"}}`), func() error { return get() }},
		{"json error with the key escaped", func(w http.ResponseWriter, r *http.Request) {
			auth := strings.ReplaceAll(r.Header.Get("Authorization"), "_", `\u005f`)
			faultserver.JSON(400, `{"error":{"message":"`+auth+`"}}`)(w, r)
		}, func() error { return get() }},
		{"html error echoing the key", echoHeaders(502, "text/html", `<html>Authorization: %s</html>`), func() error { return get() }},
		{"plain error echoing the key", echoHeaders(403, "text/plain", `Authorization: %s`), func() error { return post() }},
		{"5xx retried then given up", faultserver.JSON(500, `{"error":{"message":"boom"}}`), func() error { return get() }},
		{"429 on a POST", faultserver.RateLimited("Retry-After-Ms", "1"), func() error { return post() }},
		{"2xx not JSON, echoing the key", echoHeaders(200, "text/plain", `hello %s`), func() error { return get() }},
		{"2xx null", faultserver.JSON(200, "null"), func() error { return get() }},
		{"2xx cut short", faultserver.CloseMidBody(200, productBody), func() error { return get() }},
		{"connection reset", faultserver.Reset(), func() error { return post(WithIdempotencyKey("k")) }},
		{"timeout", faultserver.Stall(), func() error { return get(WithRequestTimeout(20 * time.Millisecond)) }},
		{"cancelled while retrying", faultserver.JSON(503, `{}`), func() error {
			// Cancelled once the first 503 is in and the back-off chosen,
			// so the error names the retry it cut short.
			var backingOff event
			fc.scaleWait = func(time.Duration) time.Duration { backingOff.fire(); return time.Hour }
			defer func() { fc.scaleWait = nil }()
			err := cancelWhen(t, "get", backingOff.next(), func(c context.Context) error {
				_, err := fc.Products.Get(c, "prod_1")
				return err
			})
			assert.ErrorContains(t, err, "while retrying after 503")
			return err
		}},
		{"redirect changing the method", faultserver.Redirect(302, "/api/v1/elsewhere"), func() error { return post() }},
		{"redirect to another origin", faultserver.Redirect(307, "http://localhost:1/steal"), func() error { return get() }},
		{"repeated cursor", faultserver.JSON(200, `{"data":[],"page_info":{"has_next_page":true,"end_cursor":"c1"}}`), list},
		{"invalid ID", nil, func() error { _, err := fc.Products.Get(ctx, ".."); return err }},
		{"invalid params", nil, func() error { _, err := fc.Products.Create(ctx, &ProductCreateParams{}); return err }},
		{"invalid request option", nil, func() error { return get(WithHeader("X-A", "a\r\nb")) }},
		{"unencodable body", nil, func() error {
			_, err := fc.Products.Create(ctx, &ProductCreateParams{CompanyID: "b", Title: "t", GlobalAffiliatePercentage: Ptr(math.NaN())})
			return err
		}},
		{"connection refused", nil, func() error { _, err := deadClient.Products.Get(ctx, "prod_1"); return err }},
	}
	var errs []error
	for _, p := range paths {
		if p.action != nil {
			fc.srv.Script(p.action)
		}
		err := p.call()
		require.Error(t, err, p.name)
		errs = append(errs, err)
		jsonLogger.Error("call failed", "err", err)
		logger.Error("call failed", slog.Any("err", err))
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			logger.Error("api error", "api_err", apiErr)
			jsonLogger.Error("api error", "api_err", apiErr)
		}
	}

	for i, err := range errs {
		name := paths[i].name
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
			assertNoSecret(t, name+" "+verb, fmt.Sprintf(verb, err))
		}
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			assertNoSecret(t, name+" APIError fields", fmt.Sprintf("%#v %s %s %s %s %s", apiErr,
				apiErr.Message, apiErr.Code, apiErr.Param, apiErr.Type, apiErr.Body))
			assertNoSecret(t, name+" APIError LogValue", apiErr.LogValue().String())
		}
		var de *DecodeError
		if errors.As(err, &de) {
			assertNoSecret(t, name+" DecodeError", fmt.Sprintf("%#v %s", de, de.Excerpt))
		}
	}

	// The client itself, however it is printed or logged.
	// The Client is not meant to be copied; reflect does it without
	// tripping vet's copylocks check, to print the struct's fields.
	clientValue := reflect.ValueOf(fc.Client).Elem().Interface()
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x", "%X", "%T", "%p"} {
		assertNoSecret(t, "client "+verb, fmt.Sprintf(verb, fc.Client))
		assertNoSecret(t, "client value "+verb, fmt.Sprintf(verb, clientValue))
		assertNoSecret(t, "config "+verb, fmt.Sprintf(verb, fc.Client.cfg))
		assertNoSecret(t, "credential "+verb, fmt.Sprintf(verb, fc.Client.cfg.apiKey))
		hexKey := fmt.Sprintf("%x", testAPIKey)
		assert.NotContains(t, fmt.Sprintf(verb, clientValue), hexKey, verb)
		assert.NotContains(t, fmt.Sprintf(verb, fc.Client.cfg), hexKey, verb)
	}
	logger.Info("client", "client", fc.Client)
	jsonLogger.Info("client", "client", fc.Client, "config", fc.Client.cfg, "value", clientValue)
	logger.Info("client", "value", clientValue, "config", fc.Client.cfg)

	out := logs.String()
	assertNoSecret(t, "logs", out)
	for _, line := range []string{`msg="whop request"`, `msg="whop response"`, `msg="whop request failed"`} {
		assert.Contains(t, out, line, "every log line of the pipeline was produced")
	}
	assert.Contains(t, out, "[REDACTED]")
}

// The redaction does not hide anything else of an error body.
func TestRedactionKeepsTheRest(t *testing.T) {
	fc := newFaultClient(t, WithMaxRetries(0))
	defer fc.cleanup()
	fc.srv.Script(echoHeaders(401, "application/json", `{"error":{"type":"auth","message":"bad credentials: %s"}}`))
	_, err := fc.Products.Get(context.Background(), "prod_1")
	var apiErr *APIError
	require.True(t, errors.As(err, &apiErr))
	assert.Equal(t, "bad credentials: Bearer [REDACTED]", apiErr.Message)
	const body = `{"error":{"type":"auth","message":"bad credentials: Bearer [REDACTED]"}}`
	assert.Equal(t, body, string(apiErr.Body))
	assert.Equal(t, "auth", apiErr.Type)
	assert.Equal(t, `&whop.APIError{StatusCode:401, Type:"auth", Code:"", Param:"", Message:"bad credentials: Bearer [REDACTED]", `+
		`RequestID:"req_1", Method:"GET", URL:"`+fc.srv.URL+`/products/prod_1", Attempts:1, Body:[`+fmt.Sprint(len(body))+` bytes]}`,
		fmt.Sprintf("%#v", apiErr))
}

// TestWebhookPathsDoNotLeakSecret drives every refusal of the verifier and
// the handler, with debug logging on, and checks neither the secret nor the
// signature it expected shows up in errors, logs or responses.
func TestWebhookPathsDoNotLeakSecret(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	now := time.Unix(1_750_000_000, 0)
	v, err := NewWebhookVerifier(testWebhookSecret, WithWebhookClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(`{"id":"msg_1","type":"payment.succeeded","timestamp":"2025-06-15T00:00:00Z","data":{"id":"pay_1"}}`)
	good := v.Sign("msg_1", now, body)
	ts := strconv.FormatInt(now.Unix(), 10)
	header := func(id, ts, sig string) http.Header {
		h := http.Header{}
		if id != "" {
			h.Set(WebhookHeaderID, id)
		}
		if ts != "" {
			h.Set(WebhookHeaderTimestamp, ts)
		}
		if sig != "" {
			h.Set(WebhookHeaderSignature, sig)
		}
		return h
	}
	cases := map[string]http.Header{
		"tampered":      header("msg_1", ts, good),
		"no id":         header("", ts, good),
		"no timestamp":  header("msg_1", "", good),
		"bad timestamp": header("msg_1", "soon", good),
		"too old":       header("msg_1", strconv.FormatInt(now.Add(-time.Hour).Unix(), 10), good),
		"wrong sig":     header("msg_1", ts, "v1,AAAA"),
		"no sig":        header("msg_1", ts, ""),
	}
	h := WebhookHandler(v, func(context.Context, *WebhookEvent) error { return errors.New("handler failed") }, WithWebhookLogger(logger))
	expected := strings.TrimPrefix(good, "v1,")
	for name, hdr := range cases {
		b := body
		if name == "tampered" {
			b = append([]byte(nil), body...)
			b[10] ^= 1
		}
		err := v.Verify(b, hdr)
		if err == nil {
			t.Fatalf("%s: verified", name)
		}
		_, uerr := v.Unwrap(b, hdr)
		req := httptest.NewRequest(http.MethodPost, "/webhooks", bytes.NewReader(b))
		req.Header = hdr
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		for what, s := range map[string]string{"Verify": err.Error(), "%+v": fmt.Sprintf("%+v", err), "Unwrap": uerr.Error(), "response": rec.Body.String()} {
			assertNoSecret(t, name+" "+what, s)
			if strings.Contains(s, expected) {
				t.Errorf("%s %s shows the expected signature", name, what)
			}
		}
	}
	// The handler's own failure path, with a valid delivery.
	req := httptest.NewRequest(http.MethodPost, "/webhooks", bytes.NewReader(body))
	req.Header = header("msg_1", ts, good)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d", rec.Code)
	}
	assertNoSecret(t, "webhook logs", logs.String())
	if strings.Contains(logs.String(), expected) {
		t.Error("logs show the expected signature")
	}
	assertNoSecret(t, "verifier %#v", fmt.Sprintf("%#v %+v", v, v))
}
