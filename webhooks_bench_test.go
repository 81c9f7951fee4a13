package whop_test

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/gowhop/whop"
)

// The two benchmarks below verify the same 2 KiB delivery, signed with the
// same key, so `go test -bench Verify -benchmem` shows their ratio in one run.

const whBenchSecret = "ws_bench_4f1c2b7e9a0d4c3b8e6f5a1d2c3b4a59"

func whBenchDelivery(b *testing.B, sign func(id string, ts time.Time, body []byte) string) ([]byte, http.Header) {
	b.Helper()
	body := []byte(`{"id":"msg_bench","api_version":"v1","type":"payment.succeeded","data":{"id":"pay_bench","note":"` +
		strings.Repeat("x", 2048) + `"}}`)[:2048]
	ts := time.Now()
	h := http.Header{}
	h.Set(whop.WebhookHeaderID, "msg_2bH4uY7nQ1zK9pV3cX6wR8tL")
	h.Set(whop.WebhookHeaderTimestamp, whFormatUnix(ts))
	h.Set(whop.WebhookHeaderSignature, sign("msg_2bH4uY7nQ1zK9pV3cX6wR8tL", ts, body))
	return body, h
}

func BenchmarkVerify(b *testing.B) {
	v, err := whop.NewWebhookVerifier(whBenchSecret)
	if err != nil {
		b.Fatal(err)
	}
	body, h := whBenchDelivery(b, v.Sign)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := v.Verify(body, h); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyStandardWebhooks(b *testing.B) {
	wh, err := standardwebhooks.NewWebhook(base64.StdEncoding.EncodeToString([]byte(whBenchSecret)))
	if err != nil {
		b.Fatal(err)
	}
	body, h := whBenchDelivery(b, func(id string, ts time.Time, body []byte) string {
		sig, err := wh.Sign(id, ts, body)
		if err != nil {
			b.Fatal(err)
		}
		return sig
	})
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := wh.Verify(body, h); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSign(b *testing.B) {
	v, err := whop.NewWebhookVerifier(whBenchSecret)
	if err != nil {
		b.Fatal(err)
	}
	body := []byte(strings.Repeat("x", 2048))
	ts := time.Now()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = v.Sign("msg_2bH4uY7nQ1zK9pV3cX6wR8tL", ts, body)
	}
}
