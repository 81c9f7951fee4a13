package whop_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gowhop/whop"
)

// FuzzVerify feeds arbitrary bodies and header values to Verify, Unwrap and
// WebhookHandler. None may panic, every error must match one of the
// documented sentinels, and an arbitrary signature must never be accepted
// unless it is the genuine one. With `go test` only the seed corpus runs;
// `go test -run '^$' -fuzz FuzzVerify -fuzztime 10s` explores further.
func FuzzVerify(f *testing.F) {
	ts := whFormatUnix(whNow)
	v := whVerifier(f, whSecret, whop.WithWebhookClock(func() time.Time { return whNow }))
	good := v.Sign(whMsgID, whNow, whBody)

	f.Add(whBody, whMsgID, ts, good)
	f.Add(whBody, whMsgID, ts, "v1a,xyz "+good+" v2,abc")
	f.Add(whBody, whMsgID, ts, good[:len(good)-2])
	f.Add([]byte{}, "", "", "")
	f.Add([]byte(nil), whMsgID, "-1", "v1,")
	f.Add([]byte(`null`), whMsgID, "9223372036854775807", "v1,"+strings.Repeat("/", 44))
	f.Add([]byte(`{"type":"payment.created","data":null}`), "msg_\x00", "00000000000000000001", "v1,,,, ,v1")
	f.Add(whFixture(f, "webhook_payment_succeeded.json"), "msg \t\n", ts+"0", "v1,====================================================")

	sentinels := []error{
		whop.ErrWebhookMissingHeader, whop.ErrWebhookInvalidTimestamp,
		whop.ErrWebhookTimestampOutsideTolerance, whop.ErrWebhookNoMatchingSignature,
	}
	known := func(err error) bool {
		for _, s := range sentinels {
			if errors.Is(err, s) {
				return true
			}
		}
		return false
	}
	handler := whop.WebhookHandler(v, func(ctx context.Context, ev *whop.WebhookEvent) error {
		if ev.Type.IsPayment() {
			_, _ = ev.Payment()
		}
		return nil
	}, whop.WithWebhookDeduplication(nil), whop.WithWebhookMaxBodyBytes(4096))

	f.Fuzz(func(t *testing.T, body []byte, id, timestamp, sig string) {
		h := http.Header{"Webhook-Id": {id}, "Webhook-Timestamp": {timestamp}, "Webhook-Signature": {sig}}

		err := v.Verify(body, h)
		if err != nil && !known(err) {
			t.Fatalf("Verify: undocumented error %v", err)
		}
		if err == nil {
			// Anything accepted must carry the genuine signature somewhere.
			if want := strings.TrimPrefix(whHMAC([]byte(whSecret), id, timestamp, body), "v1,"); !strings.Contains(sig, want) {
				t.Fatalf("accepted a signature %q that does not contain the genuine one", sig)
			}
		}

		ev, uerr := v.Unwrap(body, h)
		if (ev == nil) == (uerr == nil) {
			t.Fatalf("Unwrap = %v, %v", ev, uerr)
		}
		if uerr != nil && !known(uerr) && !errors.Is(uerr, whop.ErrWebhookInvalidPayload) {
			t.Fatalf("Unwrap: undocumented error %v", uerr)
		}

		// A delivery signed with our own key always verifies, whatever the
		// ID and body, so Sign and Verify agree on the signed content.
		if id != "" {
			signed := http.Header{"Webhook-Id": {id}, "Webhook-Timestamp": {ts}, "Webhook-Signature": {v.Sign(id, whNow, body)}}
			if err := v.Verify(body, signed); err != nil {
				t.Fatalf("Verify(Sign(...)) = %v", err)
			}
		}

		req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		req.Header = h
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("handler answered %d", rec.Code)
		}
	})
}
