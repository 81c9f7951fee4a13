package whop_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
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

// blockingCompleter is a MemoryWebhookDeduper whose Complete waits until
// release is closed or its context ends, and reports which it was.
type blockingCompleter struct {
	*whop.MemoryWebhookDeduper
	entered chan struct{}
	release chan struct{}
	outcome chan error
}

func (b *blockingCompleter) Complete(ctx context.Context, l whop.WebhookLease, processed bool) error {
	close(b.entered)
	select {
	case <-b.release:
		b.outcome <- nil
	case <-ctx.Done():
		b.outcome <- ctx.Err()
	}
	return b.MemoryWebhookDeduper.Complete(ctx, l, processed)
}

// TestWebhookHandlerAnswersBeforeRecordingSuccess: once the function has
// succeeded, Whop gets its complete 200 before the deduper records the
// success, so a slow store cannot hold the answer until Whop gives up and
// redelivers an event that was processed. Complete here waits until the
// client has read the whole response.
func TestWebhookHandlerAnswersBeforeRecordingSuccess(t *testing.T) {
	v := whVerifier(t, whSecret)
	d := &blockingCompleter{
		MemoryWebhookDeduper: whop.NewMemoryWebhookDeduper(0, 0),
		entered:              make(chan struct{}),
		release:              make(chan struct{}),
		outcome:              make(chan error, 1),
	}
	var calls atomic.Int32
	srv := httptest.NewServer(whop.WebhookHandler(v, func(context.Context, *whop.WebhookEvent) error {
		calls.Add(1)
		return nil
	}, whop.WithWebhookDeduplication(d)))
	defer srv.Close()

	req, err := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(whBody))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = whSigned(t, v, whMsgID, whBody)
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, err = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	close(d.release)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("status %d, %v; want 200", res.StatusCode, err)
	}
	if err := <-d.outcome; err != nil {
		t.Fatalf("the answer waited for Complete until its context ended (%v)", err)
	}
	// Recorded all the same: a redelivery is acknowledged without a call.
	if res := whDeliver(t, whop.WebhookHandler(v, func(context.Context, *whop.WebhookEvent) error {
		calls.Add(1)
		return nil
	}, whop.WithWebhookDeduplication(d.MemoryWebhookDeduper)), http.MethodPost, whBody, whSigned(t, v, whMsgID, whBody)); res.Code != http.StatusOK || calls.Load() != 1 {
		t.Fatalf("redelivery: status %d, %d calls; want 200 and 1", res.Code, calls.Load())
	}
}
