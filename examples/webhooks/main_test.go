package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gowhop/whop"
)

func TestDemoRoundTrip(t *testing.T) {
	var out bytes.Buffer
	noEnv := func(string) string { return "" }
	if err := run(context.Background(), nil, noEnv, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, &out)
	}
	for _, want := range []string{"payment succeeded", "payment_id=pay_demo00000000", "status=200", "deliveries=2"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, &out)
		}
	}
}

func TestSendToServer(t *testing.T) {
	const secret = "ws_example_test_secret"
	v, err := whop.NewWebhookVerifier(secret)
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	mux, err := newMux(v, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()

	var out bytes.Buffer
	env := func(k string) string {
		if k == "WHOP_WEBHOOK_SECRET" {
			return secret
		}
		return ""
	}
	if err := run(context.Background(), []string{"-send", srv.URL + webhookPath}, env, &out); err != nil {
		t.Fatalf("send: %v\n%s", err, &out)
	}
	if !strings.Contains(logs.String(), "payment_id=pay_demo00000000") {
		t.Fatalf("server did not log the payment:\n%s", &logs)
	}

	// A sender with another secret is refused, and run reports it.
	env = func(string) string { return "ws_some_other_secret" }
	if err := run(context.Background(), []string{"-send", srv.URL + webhookPath}, env, io.Discard); err == nil ||
		!strings.Contains(err.Error(), "400") {
		t.Fatalf("send with the wrong secret: %v", err)
	}
}

func TestSendNeedsSecret(t *testing.T) {
	noEnv := func(string) string { return "" }
	if err := run(context.Background(), []string{"-send", "http://127.0.0.1:1/"}, noEnv, io.Discard); err == nil {
		t.Fatal("want an error without WHOP_WEBHOOK_SECRET")
	}
}

func TestNonPaymentEventsAreAcknowledged(t *testing.T) {
	v, err := whop.NewWebhookVerifier("ws_example_test_secret")
	if err != nil {
		t.Fatal(err)
	}
	h, err := newMux(v, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(`{"id":"msg_1","api_version":"v1","type":"membership.activated","data":{"id":"mem_1"}}`)
	req := httptest.NewRequest(http.MethodPost, webhookPath, bytes.NewReader(body))
	now := time.Now()
	req.Header.Set(whop.WebhookHeaderID, "msg_1")
	req.Header.Set(whop.WebhookHeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
	req.Header.Set(whop.WebhookHeaderSignature, v.Sign("msg_1", now, body))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
}
