package whop_test

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

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

// TestWebhookVerifyRefusesNonCanonicalSignature: a signature entry whose
// base64 text differs from the canonical encoding of the MAC (non-zero
// padding bits, which a lenient decoder drops) is not the signature Whop
// sent and is refused, as the Standard Webhooks libraries refuse it.
func TestWebhookVerifyRefusesNonCanonicalSignature(t *testing.T) {
	v := whVerifier(t, whSecret, whop.WithWebhookClock(func() time.Time { return whNow }))
	ts := whFormatUnix(whNow)
	good := v.Sign(whMsgID, whNow, whBody)
	if err := v.Verify(whBody, whHeaders(whMsgID, ts, good)); err != nil {
		t.Fatalf("canonical signature: %v", err)
	}
	// 32 bytes encode to 43 characters and one '='; the last character
	// carries 4 bits of the MAC and 2 padding bits that must be zero.
	enc := strings.TrimPrefix(good, "v1,")
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	last := strings.IndexByte(alphabet, enc[42])
	for bits := 1; bits < 4; bits++ {
		forged := enc[:42] + string(alphabet[last|bits]) + "="
		if dec, err := base64.StdEncoding.DecodeString(forged); err != nil || base64.StdEncoding.EncodeToString(dec) != enc {
			t.Fatalf("test setup: %q does not decode to the same MAC (%v)", forged, err)
		}
		err := v.Verify(whBody, whHeaders(whMsgID, ts, "v1,"+forged))
		if !errors.Is(err, whop.ErrWebhookNoMatchingSignature) {
			t.Errorf("padding bits %b: Verify = %v, want ErrWebhookNoMatchingSignature", bits, err)
		}
	}
}
