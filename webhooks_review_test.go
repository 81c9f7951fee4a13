package whop_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/gowhop/whop"
)

// TestMemoryWebhookDeduperZeroValueAndNil: a MemoryWebhookDeduper declared
// without NewMemoryWebhookDeduper works with the defaults, and a nil one
// refuses with an error instead of panicking in the handler.
func TestMemoryWebhookDeduperZeroValueAndNil(t *testing.T) {
	ctx := context.Background()
	var d whop.MemoryWebhookDeduper
	c, l, err := d.Claim(ctx, "msg_zero")
	if err != nil || c != whop.WebhookClaimed || l.Token == "" {
		t.Fatalf("zero value Claim = %v, %+v, %v; want a claim", c, l, err)
	}
	if c, _, err := d.Claim(ctx, "msg_zero"); err != nil || c != whop.WebhookInProgress {
		t.Fatalf("second Claim = %v, %v; want in progress", c, err)
	}
	if err := d.Complete(ctx, l, true); err != nil {
		t.Fatalf("Complete: %v", err)
	}
	if c, _, err := d.Claim(ctx, "msg_zero"); err != nil || c != whop.WebhookAlreadyProcessed {
		t.Fatalf("Claim after Complete = %v, %v; want already processed", c, err)
	}
	if n := d.Len(); n != 1 {
		t.Fatalf("Len = %d, want 1", n)
	}

	var nilD *whop.MemoryWebhookDeduper
	if _, _, err := nilD.Claim(ctx, "msg_nil"); err == nil {
		t.Fatal("nil deduper Claim: no error")
	}
	if err := nilD.Complete(ctx, whop.WebhookLease{ID: "msg_nil", Token: "1"}, true); err == nil {
		t.Fatal("nil deduper Complete: no error")
	}
	if n := nilD.Len(); n != 0 {
		t.Fatalf("nil deduper Len = %d", n)
	}

	// Wired into a handler by mistake, the nil deduper fails closed: 503 and
	// the function never runs.
	v := whVerifier(t, whSecret)
	var calls atomic.Int32
	h := whop.WebhookHandler(v, func(context.Context, *whop.WebhookEvent) error { calls.Add(1); return nil },
		whop.WithWebhookDeduplication(nilD))
	if res := whDeliver(t, h, http.MethodPost, whBody, whSigned(t, v, whMsgID, whBody)); res.Code != http.StatusServiceUnavailable || calls.Load() != 0 {
		t.Fatalf("handler over a nil deduper: status %d, %d calls; want 503 and none", res.Code, calls.Load())
	}
}
