package whop_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/gowhop/whop"
)

// whSecret is shaped like the secrets Whop's dashboard shows. Whop keys its
// HMAC with these bytes as they are.
const whSecret = "ws_3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e"

const whMsgID = "msg_2bH4uY7nQ1zK9pV3cX6wR8tL"

// whNow is the fixed clock used by vector tests: 2025-01-01T00:00:00Z.
var whNow = time.Unix(1735689600, 0).UTC()

var whBody = []byte(`{"id":"msg_2bH4uY7nQ1zK9pV3cX6wR8tL","api_version":"v1","type":"payment.succeeded","data":{"id":"pay_1"}}`)

func whFormatUnix(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

// whHMAC computes a v1 signature independently of the code under test.
func whHMAC(key []byte, id, ts string, body []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(id + "." + ts + "."))
	m.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func whHeaders(id, ts, sig string) http.Header {
	h := http.Header{}
	if id != "" {
		h.Set(whop.WebhookHeaderID, id)
	}
	if ts != "" {
		h.Set(whop.WebhookHeaderTimestamp, ts)
	}
	if sig != "" {
		h.Set(whop.WebhookHeaderSignature, sig)
	}
	return h
}

func whVerifier(t testing.TB, secret string, opts ...whop.WebhookOption) *whop.WebhookVerifier {
	t.Helper()
	v, err := whop.NewWebhookVerifier(secret, opts...)
	if err != nil {
		t.Fatalf("NewWebhookVerifier: %v", err)
	}
	return v
}

func whFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func whCheckErr(t *testing.T, err, want error) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Fatalf("got error %v, want nil", err)
		}
		return
	}
	if !errors.Is(err, want) {
		t.Fatalf("got error %v, want errors.Is(%v)", err, want)
	}
}

// whVector is one Verify input built around a valid delivery made at whNow.
type whVector struct {
	name string
	// build returns the body and headers; good is a valid signature of
	// whBody with whMsgID at whNow under whSecret.
	build func(good string) ([]byte, http.Header)
	want  error
}

func whVectors() []whVector {
	ts := whFormatUnix(whNow)
	other := whHMAC([]byte("ws_some_other_secret"), whMsgID, ts, whBody)
	fixed := func(h http.Header) func(string) ([]byte, http.Header) {
		return func(string) ([]byte, http.Header) { return whBody, h }
	}
	return []whVector{
		{"valid", func(good string) ([]byte, http.Header) { return whBody, whHeaders(whMsgID, ts, good) }, nil},
		{"several signatures, one valid", func(good string) ([]byte, http.Header) {
			return whBody, whHeaders(whMsgID, ts, other+" v1,"+strings.Repeat("A", 43)+"= "+good+" v1,bm90IGl0")
		}, nil},
		{"valid signature first of several", func(good string) ([]byte, http.Header) {
			return whBody, whHeaders(whMsgID, ts, good+" "+other)
		}, nil},
		{"unknown version entry ignored", func(good string) ([]byte, http.Header) {
			return whBody, whHeaders(whMsgID, ts, "v1a,c29tZSBlZDI1NTE5IHNpZ25hdHVyZQ== "+good)
		}, nil},
		{"valid MAC under another version refused", func(good string) ([]byte, http.Header) {
			return whBody, whHeaders(whMsgID, ts, "v2,"+strings.TrimPrefix(good, "v1,"))
		}, whop.ErrWebhookNoMatchingSignature},
		{"extra spaces between entries", func(good string) ([]byte, http.Header) {
			return whBody, whHeaders(whMsgID, ts, "  "+other+"   "+good+"  ")
		}, nil},
		{"signature on a second header line", func(good string) ([]byte, http.Header) {
			h := whHeaders(whMsgID, ts, other)
			h.Add(whop.WebhookHeaderSignature, good)
			return whBody, h
		}, nil},
		{"non-canonical header keys", func(good string) ([]byte, http.Header) {
			return whBody, http.Header{"webhook-id": {whMsgID}, "WEBHOOK-TIMESTAMP": {ts}, "webhook-Signature": {good}}
		}, nil},
		{"tampered body", func(good string) ([]byte, http.Header) {
			return bytes.Replace(whBody, []byte("pay_1"), []byte("pay_2"), 1), whHeaders(whMsgID, ts, good)
		}, whop.ErrWebhookNoMatchingSignature},
		{"body with trailing newline", func(good string) ([]byte, http.Header) {
			return append(append([]byte(nil), whBody...), '\n'), whHeaders(whMsgID, ts, good)
		}, whop.ErrWebhookNoMatchingSignature},
		{"nil body", func(good string) ([]byte, http.Header) { return nil, whHeaders(whMsgID, ts, good) }, whop.ErrWebhookNoMatchingSignature},
		{"other webhook-id", func(good string) ([]byte, http.Header) {
			return whBody, whHeaders("msg_other", ts, good)
		}, whop.ErrWebhookNoMatchingSignature},
		{"wrong secret", fixed(whHeaders(whMsgID, ts, other)), whop.ErrWebhookNoMatchingSignature},
		{"timestamp 6 minutes old", func(string) ([]byte, http.Header) {
			old := whFormatUnix(whNow.Add(-6 * time.Minute))
			return whBody, whHeaders(whMsgID, old, whHMAC([]byte(whSecret), whMsgID, old, whBody))
		}, whop.ErrWebhookTimestampOutsideTolerance},
		{"timestamp 6 minutes ahead", func(string) ([]byte, http.Header) {
			ahead := whFormatUnix(whNow.Add(6 * time.Minute))
			return whBody, whHeaders(whMsgID, ahead, whHMAC([]byte(whSecret), whMsgID, ahead, whBody))
		}, whop.ErrWebhookTimestampOutsideTolerance},
		{"timestamp exactly 5 minutes old", func(string) ([]byte, http.Header) {
			old := whFormatUnix(whNow.Add(-5 * time.Minute))
			return whBody, whHeaders(whMsgID, old, whHMAC([]byte(whSecret), whMsgID, old, whBody))
		}, nil},
		{"timestamp exactly 5 minutes ahead", func(string) ([]byte, http.Header) {
			ahead := whFormatUnix(whNow.Add(5 * time.Minute))
			return whBody, whHeaders(whMsgID, ahead, whHMAC([]byte(whSecret), whMsgID, ahead, whBody))
		}, nil},
		{"timestamp far in the future", func(string) ([]byte, http.Header) {
			return whBody, whHeaders(whMsgID, "9223372036854775807", whHMAC([]byte(whSecret), whMsgID, "9223372036854775807", whBody))
		}, whop.ErrWebhookTimestampOutsideTolerance},
		{"timestamp zero", func(string) ([]byte, http.Header) {
			return whBody, whHeaders(whMsgID, "0", whHMAC([]byte(whSecret), whMsgID, "0", whBody))
		}, whop.ErrWebhookTimestampOutsideTolerance},
		{"non-numeric timestamp", fixed(whHeaders(whMsgID, "yesterday", other)), whop.ErrWebhookInvalidTimestamp},
		{"RFC 3339 timestamp", fixed(whHeaders(whMsgID, "2025-01-01T00:00:00Z", other)), whop.ErrWebhookInvalidTimestamp},
		{"timestamp in milliseconds overflows nothing", func(string) ([]byte, http.Header) {
			ms := strconv.FormatInt(whNow.UnixMilli(), 10)
			return whBody, whHeaders(whMsgID, ms, whHMAC([]byte(whSecret), whMsgID, ms, whBody))
		}, whop.ErrWebhookTimestampOutsideTolerance},
		{"signed timestamp", fixed(whHeaders(whMsgID, "+"+ts, other)), whop.ErrWebhookInvalidTimestamp},
		{"negative timestamp", fixed(whHeaders(whMsgID, "-"+ts, other)), whop.ErrWebhookInvalidTimestamp},
		{"timestamp with spaces", fixed(whHeaders(whMsgID, " "+ts, other)), whop.ErrWebhookInvalidTimestamp},
		{"fractional timestamp", fixed(whHeaders(whMsgID, ts+".5", other)), whop.ErrWebhookInvalidTimestamp},
		{"timestamp beyond int64", fixed(whHeaders(whMsgID, "99999999999999999999", other)), whop.ErrWebhookInvalidTimestamp},
		{"missing webhook-id", func(good string) ([]byte, http.Header) { return whBody, whHeaders("", ts, good) }, whop.ErrWebhookMissingHeader},
		{"missing webhook-timestamp", func(good string) ([]byte, http.Header) { return whBody, whHeaders(whMsgID, "", good) }, whop.ErrWebhookMissingHeader},
		{"missing webhook-signature", fixed(whHeaders(whMsgID, ts, "")), whop.ErrWebhookMissingHeader},
		{"all headers missing", fixed(http.Header{}), whop.ErrWebhookMissingHeader},
		{"nil header", fixed(nil), whop.ErrWebhookMissingHeader},
		{"empty signature value", fixed(http.Header{"Webhook-Id": {whMsgID}, "Webhook-Timestamp": {ts}, "Webhook-Signature": {""}}), whop.ErrWebhookMissingHeader},
		{"empty webhook-id value", func(good string) ([]byte, http.Header) {
			return whBody, http.Header{"Webhook-Id": {""}, "Webhook-Timestamp": {ts}, "Webhook-Signature": {good}}
		}, whop.ErrWebhookMissingHeader},
		{"signature of spaces", fixed(whHeaders(whMsgID, ts, "   ")), whop.ErrWebhookNoMatchingSignature},
		{"v1 with empty signature", fixed(whHeaders(whMsgID, ts, "v1,")), whop.ErrWebhookNoMatchingSignature},
		{"bare base64 without version", func(good string) ([]byte, http.Header) {
			return whBody, whHeaders(whMsgID, ts, strings.TrimPrefix(good, "v1,"))
		}, whop.ErrWebhookNoMatchingSignature},
		{"non-base64 signature", fixed(whHeaders(whMsgID, ts, "v1,"+strings.Repeat("!", 44))), whop.ErrWebhookNoMatchingSignature},
		{"signature of odd length", fixed(whHeaders(whMsgID, ts, "v1,abc")), whop.ErrWebhookNoMatchingSignature},
		{"signature one character short", func(good string) ([]byte, http.Header) {
			return whBody, whHeaders(whMsgID, ts, good[:len(good)-1])
		}, whop.ErrWebhookNoMatchingSignature},
		{"signature without padding", func(good string) ([]byte, http.Header) {
			return whBody, whHeaders(whMsgID, ts, strings.TrimRight(good, "="))
		}, whop.ErrWebhookNoMatchingSignature},
		{"signature with a trailing byte", func(good string) ([]byte, http.Header) {
			return whBody, whHeaders(whMsgID, ts, good+"A")
		}, whop.ErrWebhookNoMatchingSignature},
		{"URL-safe base64 alphabet", func(good string) ([]byte, http.Header) {
			urlSafe := strings.NewReplacer("+", "-", "/", "_").Replace(good)
			if urlSafe == good {
				urlSafe = "v1,-_" + good[5:]
			}
			return whBody, whHeaders(whMsgID, ts, urlSafe)
		}, whop.ErrWebhookNoMatchingSignature},
		{"signature of another length decoding fine", fixed(whHeaders(whMsgID, ts, "v1,"+base64.StdEncoding.EncodeToString(make([]byte, 64)))), whop.ErrWebhookNoMatchingSignature},
	}
}

func TestWebhookVerifyVectors(t *testing.T) {
	v := whVerifier(t, whSecret, whop.WithWebhookClock(func() time.Time { return whNow }))
	good := whHMAC([]byte(whSecret), whMsgID, whFormatUnix(whNow), whBody)
	for _, tc := range whVectors() {
		t.Run(tc.name, func(t *testing.T) {
			body, h := tc.build(good)
			err := v.Verify(body, h)
			whCheckErr(t, err, tc.want)
			if err != nil {
				whCheckNoLeak(t, err.Error(), []byte(whSecret), good)
			}
		})
	}
}

// whCheckNoLeak fails if msg reveals the key or the expected signature.
func whCheckNoLeak(t *testing.T, msg string, key []byte, expectedSig string) {
	t.Helper()
	b64 := strings.TrimPrefix(expectedSig, "v1,")
	for _, secret := range []string{string(key), base64.StdEncoding.EncodeToString(key), b64, b64[:16]} {
		if secret != "" && strings.Contains(msg, secret) {
			t.Fatalf("message %q reveals secret material %q", msg, secret)
		}
	}
}

func TestWebhookVerifyStandardSecret(t *testing.T) {
	// A whsec_ secret is the Standard Webhooks form: the key is the
	// base64-decoded remainder, not the string's bytes.
	key := []byte("0123456789abcdef0123456789abcdef")
	secret := "whsec_" + base64.StdEncoding.EncodeToString(key)
	v := whVerifier(t, secret, whop.WithWebhookClock(func() time.Time { return whNow }))
	ts := whFormatUnix(whNow)

	whCheckErr(t, v.Verify(whBody, whHeaders(whMsgID, ts, whHMAC(key, whMsgID, ts, whBody))), nil)
	whCheckErr(t, v.Verify(whBody, whHeaders(whMsgID, ts, whHMAC([]byte(secret), whMsgID, ts, whBody))), whop.ErrWebhookNoMatchingSignature)
	if got, want := v.Sign(whMsgID, whNow, whBody), whHMAC(key, whMsgID, ts, whBody); got != want {
		t.Fatalf("Sign = %q, want %q", got, want)
	}
}

func TestNewWebhookVerifierTrimsWhiteSpace(t *testing.T) {
	// Secrets read from a mounted file or with $(cat file) carry a newline;
	// the signature is still made with the secret itself.
	standardKey := []byte("0123456789abcdef0123456789abcdef")
	standard := "whsec_" + base64.StdEncoding.EncodeToString(standardKey)
	tests := []struct {
		name, secret string
		key          []byte
	}{
		{"ws_ with trailing newline", whSecret + "\n", []byte(whSecret)},
		{"ws_ with CRLF", whSecret + "\r\n", []byte(whSecret)},
		{"ws_ surrounded", "  \t" + whSecret + " \n", []byte(whSecret)},
		{"whsec_ surrounded", " " + standard + "\n\n", standardKey},
	}
	ts := whFormatUnix(whNow)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := whVerifier(t, tc.secret, whop.WithWebhookClock(func() time.Time { return whNow }))
			good := whHMAC(tc.key, whMsgID, ts, whBody)
			whCheckErr(t, v.Verify(whBody, whHeaders(whMsgID, ts, good)), nil)
			if got := v.Sign(whMsgID, whNow, whBody); got != good {
				t.Fatalf("Sign = %q, want %q", got, good)
			}
			// The untrimmed bytes are not the key.
			whCheckErr(t, v.Verify(whBody, whHeaders(whMsgID, ts, whHMAC([]byte(tc.secret), whMsgID, ts, whBody))), whop.ErrWebhookNoMatchingSignature)
		})
	}

	// White space inside the secret is part of it.
	inner := "ws_abc def"
	v := whVerifier(t, inner, whop.WithWebhookClock(func() time.Time { return whNow }))
	whCheckErr(t, v.Verify(whBody, whHeaders(whMsgID, ts, whHMAC([]byte(inner), whMsgID, ts, whBody))), nil)
}

func TestWebhookVerifyKnownAnswer(t *testing.T) {
	// The example published with the Standard Webhooks specification.
	const (
		secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
		id     = "msg_p5jXN8AQM9LWM0D4loKWxJek"
		sig    = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
	)
	sent := time.Unix(1614265330, 0)
	body := []byte(`{"test": 2432232314}`)
	v := whVerifier(t, secret, whop.WithWebhookClock(func() time.Time { return sent.Add(time.Minute) }))
	if got := v.Sign(id, sent, body); got != sig {
		t.Fatalf("Sign = %q, want %q", got, sig)
	}
	whCheckErr(t, v.Verify(body, whHeaders(id, "1614265330", sig)), nil)
}

func TestWebhookVerifyTolerance(t *testing.T) {
	now := whNow
	v := whVerifier(t, whSecret, whop.WithWebhookTolerance(time.Minute), whop.WithWebhookClock(func() time.Time { return now }))
	sign := func(at time.Time) http.Header {
		return whHeaders(whMsgID, whFormatUnix(at), v.Sign(whMsgID, at, whBody))
	}
	whCheckErr(t, v.Verify(whBody, sign(now.Add(-time.Minute))), nil)
	whCheckErr(t, v.Verify(whBody, sign(now.Add(-61*time.Second))), whop.ErrWebhookTimestampOutsideTolerance)
	whCheckErr(t, v.Verify(whBody, sign(now.Add(61*time.Second))), whop.ErrWebhookTimestampOutsideTolerance)

	// The clock is read on every call, not once.
	h := sign(now)
	now = now.Add(2 * time.Minute)
	whCheckErr(t, v.Verify(whBody, h), whop.ErrWebhookTimestampOutsideTolerance)
}

func TestWebhookVerifyDefaultClockAndTolerance(t *testing.T) {
	v := whVerifier(t, whSecret)
	sign := func(at time.Time) http.Header {
		return whHeaders(whMsgID, whFormatUnix(at), v.Sign(whMsgID, at, whBody))
	}
	whCheckErr(t, v.Verify(whBody, sign(time.Now())), nil)
	whCheckErr(t, v.Verify(whBody, sign(time.Now().Add(-4*time.Minute))), nil)
	whCheckErr(t, v.Verify(whBody, sign(time.Now().Add(-6*time.Minute))), whop.ErrWebhookTimestampOutsideTolerance)
	whCheckErr(t, v.Verify(whBody, sign(time.Now().Add(6*time.Minute))), whop.ErrWebhookTimestampOutsideTolerance)
}

func TestNewWebhookVerifierErrors(t *testing.T) {
	tests := []struct {
		name   string
		secret string
		opts   []whop.WebhookOption
		want   error
	}{
		{"empty secret", "", nil, whop.ErrWebhookInvalidSecret},
		{"whsec_ not base64", "whsec_not*base64!", nil, whop.ErrWebhookInvalidSecret},
		{"whsec_ with nothing after", "whsec_", nil, whop.ErrWebhookInvalidSecret},
		{"ws_ with nothing after", "ws_", nil, whop.ErrWebhookInvalidSecret},
		{"whsec_ alone in white space", "  whsec_\n", nil, whop.ErrWebhookInvalidSecret},
		{"ws_ alone in white space", "\tws_ \r\n", nil, whop.ErrWebhookInvalidSecret},
		{"only white space", " \t\r\n", nil, whop.ErrWebhookInvalidSecret},
		{"whsec_ not base64, padded", " whsec_not*base64!\n", nil, whop.ErrWebhookInvalidSecret},
		{"zero tolerance", whSecret, []whop.WebhookOption{whop.WithWebhookTolerance(0)}, nil},
		{"negative tolerance", whSecret, []whop.WebhookOption{whop.WithWebhookTolerance(-time.Second)}, nil},
		{"nil clock", whSecret, []whop.WebhookOption{whop.WithWebhookClock(nil)}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := whop.NewWebhookVerifier(tc.secret, tc.opts...)
			if err == nil || v != nil {
				t.Fatalf("got (%v, %v), want an error", v, err)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want errors.Is(%v)", err, tc.want)
			}
			if key := strings.TrimPrefix(tc.secret, "whsec_"); key != "" && strings.Contains(err.Error(), key) {
				t.Fatalf("error %q quotes the secret", err)
			}
			// A secret that is only a prefix must not be quoted either.
			if trimmed := strings.TrimSpace(tc.secret); (trimmed == "ws_" || trimmed == "whsec_") && strings.Contains(err.Error(), trimmed) {
				t.Fatalf("error %q quotes the secret", err)
			}
		})
	}

	// A ws_ secret is used as is, even though part of it looks like base64,
	// and a nil option is harmless.
	if _, err := whop.NewWebhookVerifier("ws_c2VjcmV0", nil); err != nil {
		t.Fatal(err)
	}
}

func TestWebhookZeroVerifier(t *testing.T) {
	// A verifier not built by NewWebhookVerifier has no key: it must refuse,
	// not panic and not accept.
	h := whHeaders(whMsgID, whFormatUnix(time.Now()), "v1,x")
	for _, v := range []*whop.WebhookVerifier{nil, new(whop.WebhookVerifier)} {
		if err := v.Verify(whBody, h); !errors.Is(err, whop.ErrWebhookInvalidSecret) {
			t.Errorf("Verify = %v", err)
		}
		if ev, err := v.Unwrap(whBody, h); ev != nil || !errors.Is(err, whop.ErrWebhookInvalidSecret) {
			t.Errorf("Unwrap = %v, %v", ev, err)
		}
	}
}

func TestWebhookSign(t *testing.T) {
	v := whVerifier(t, whSecret, whop.WithWebhookClock(func() time.Time { return whNow }))
	sig := v.Sign(whMsgID, whNow, whBody)
	if want := whHMAC([]byte(whSecret), whMsgID, whFormatUnix(whNow), whBody); sig != want {
		t.Fatalf("Sign = %q, want %q", sig, want)
	}
	if !strings.HasPrefix(sig, "v1,") || len(sig) != 47 {
		t.Fatalf("Sign = %q, want v1,<44 base64 characters>", sig)
	}
	// Sub-second parts of the time are dropped, as in the header.
	if got := v.Sign(whMsgID, whNow.Add(999*time.Millisecond), whBody); got != sig {
		t.Fatalf("Sign with milliseconds = %q, want %q", got, sig)
	}
	whCheckErr(t, v.Verify(whBody, whHeaders(whMsgID, whFormatUnix(whNow), sig)), nil)
}

func TestWebhookVerifyConcurrent(t *testing.T) {
	v := whVerifier(t, whSecret)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				id := fmt.Sprintf("msg_%d_%d", g, i)
				body := []byte(strings.Repeat("b", g*i))
				now := time.Now()
				h := whHeaders(id, whFormatUnix(now), v.Sign(id, now, body))
				if err := v.Verify(body, h); err != nil {
					t.Errorf("valid delivery %s: %v", id, err)
					return
				}
				if err := v.Verify(append(body, 'x'), h); !errors.Is(err, whop.ErrWebhookNoMatchingSignature) {
					t.Errorf("tampered delivery %s: %v", id, err)
					return
				}
			}
		}(g)
	}
	wg.Wait()
}

func TestWebhookVerifyLongID(t *testing.T) {
	// An ID longer than the pooled scratch buffer must still verify, and
	// later short IDs must not be affected.
	v := whVerifier(t, whSecret)
	now := time.Now()
	for _, id := range []string{strings.Repeat("m", 10000), whMsgID} {
		h := whHeaders(id, whFormatUnix(now), v.Sign(id, now, whBody))
		whCheckErr(t, v.Verify(whBody, h), nil)
	}
}

// --- interoperability with the reference Standard Webhooks library ---

// TestWebhookInteropStandardWebhooks checks both directions against
// github.com/standard-webhooks/standard-webhooks: the library, keyed with
// base64(secret), must accept what our Sign produces, and we must accept
// what it signs. The library reads the real clock, so these vectors do too.
func TestWebhookInteropStandardWebhooks(t *testing.T) {
	secrets := []struct {
		name    string
		ours    string // what a user passes to NewWebhookVerifier
		library string // what the same key looks like to standardwebhooks.NewWebhook
	}{
		{"Whop ws_ secret", whSecret, base64.StdEncoding.EncodeToString([]byte(whSecret))},
		{"Standard Webhooks whsec_ secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"},
	}
	bodies := [][]byte{whBody, {}, []byte(strings.Repeat(`{"k":"\u00e9"}`, 300)), whFixtureNoT("webhook_payment_succeeded.json")}

	for _, s := range secrets {
		t.Run(s.name, func(t *testing.T) {
			ours := whVerifier(t, s.ours)
			lib, err := standardwebhooks.NewWebhook(s.library)
			if err != nil {
				t.Fatal(err)
			}
			for i, body := range bodies {
				now := time.Now()
				ts := whFormatUnix(now)

				ourSig := ours.Sign(whMsgID, now, body)
				libSig, err := lib.Sign(whMsgID, now, body)
				if err != nil {
					t.Fatal(err)
				}
				if ourSig != libSig {
					t.Errorf("body %d: our Sign %q != library Sign %q", i, ourSig, libSig)
				}
				if err := lib.Verify(body, whHeaders(whMsgID, ts, ourSig)); err != nil {
					t.Errorf("body %d: library refused our signature: %v", i, err)
				}
				if err := ours.Verify(body, whHeaders(whMsgID, ts, libSig)); err != nil {
					t.Errorf("body %d: we refused the library's signature: %v", i, err)
				}
			}
		})
	}
}

// TestWebhookInteropVectors runs the vector table through both verifiers and
// expects the same accept/refuse decision, except where we are deliberately
// stricter or looser (noted per case).
func TestWebhookInteropVectors(t *testing.T) {
	ours := whVerifier(t, whSecret, whop.WithWebhookClock(func() time.Time { return whNow }))
	lib, err := standardwebhooks.NewWebhookRaw([]byte(whSecret))
	if err != nil {
		t.Fatal(err)
	}
	good := whHMAC([]byte(whSecret), whMsgID, whFormatUnix(whNow), whBody)
	// The library checks the timestamp against the real clock; skip the
	// timestamp cases, which TestWebhookVerifyVectors covers with a fixed clock.
	// It also reads only the first header line and compares base64 text.
	differs := map[string]bool{
		"signature on a second header line": true, // we read every webhook-signature line
		"non-canonical header keys":         true, // we find keys written in any case
	}
	for _, tc := range whVectors() {
		if strings.Contains(tc.name, "timestamp") || differs[tc.name] {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			body, h := tc.build(good)
			ourErr := ours.Verify(body, h)
			libErr := lib.VerifyIgnoringTimestamp(body, h)
			if (ourErr == nil) != (libErr == nil) {
				t.Fatalf("ours: %v; library: %v", ourErr, libErr)
			}
		})
	}
}

// TestWebhookInteropTimestamps repeats the timestamp vectors against the
// real clock, which is the only one the library reads.
func TestWebhookInteropTimestamps(t *testing.T) {
	ours := whVerifier(t, whSecret)
	lib, err := standardwebhooks.NewWebhookRaw([]byte(whSecret))
	if err != nil {
		t.Fatal(err)
	}
	signedAt := func(ts string) http.Header {
		return whHeaders(whMsgID, ts, whHMAC([]byte(whSecret), whMsgID, ts, whBody))
	}
	now := time.Now()
	tests := []struct {
		name         string
		hdr          http.Header
		ours, theirs bool // accepted?
	}{
		{"now", signedAt(whFormatUnix(now)), true, true},
		{"4 minutes old", signedAt(whFormatUnix(now.Add(-4 * time.Minute))), true, true},
		{"4 minutes ahead", signedAt(whFormatUnix(now.Add(4 * time.Minute))), true, true},
		{"6 minutes old", signedAt(whFormatUnix(now.Add(-6 * time.Minute))), false, false},
		{"6 minutes ahead", signedAt(whFormatUnix(now.Add(6 * time.Minute))), false, false},
		{"non-numeric", signedAt("yesterday"), false, false},
		{"beyond int64", signedAt("99999999999999999999"), false, false},
		// Deliberately stricter: the library parses "+<n>" as a number and
		// then checks a signature over "<n>", i.e. over different text from
		// the header it was sent. We accept digits only.
		{"leading plus sign", whHeaders(whMsgID, "+"+whFormatUnix(now), whHMAC([]byte(whSecret), whMsgID, whFormatUnix(now), whBody)), false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ourErr, libErr := ours.Verify(whBody, tc.hdr), lib.Verify(whBody, tc.hdr)
			if (ourErr == nil) != tc.ours || (libErr == nil) != tc.theirs {
				t.Fatalf("ours: %v (want accepted=%v); library: %v (want accepted=%v)", ourErr, tc.ours, libErr, tc.theirs)
			}
		})
	}
}

func whFixtureNoT(name string) []byte {
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		panic(err)
	}
	return b
}

// --- Unwrap and typed events ---

func whSigned(t testing.TB, v *whop.WebhookVerifier, id string, body []byte) http.Header {
	t.Helper()
	now := time.Now()
	return whHeaders(id, whFormatUnix(now), v.Sign(id, now, body))
}

func TestWebhookUnwrapPaymentSucceeded(t *testing.T) {
	v := whVerifier(t, whSecret)
	body := whFixture(t, "webhook_payment_succeeded.json")
	ev, err := v.Unwrap(body, whSigned(t, v, "msg_2bH4uY7nQ1zK9pV3cX6wR8tL", body))
	if err != nil {
		t.Fatal(err)
	}
	want := whop.WebhookEvent{
		ID:             "msg_2bH4uY7nQ1zK9pV3cX6wR8tL",
		APIVersion:     "v1",
		APIVersionDate: "2026-07-20",
		CompanyID:      "biz_k3Jd82nVx0aQpe",
		Timestamp:      time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		Type:           whop.WebhookEventPaymentSucceeded,
	}
	got := *ev
	got.Data, got.PreviousAttributes = nil, nil
	if !got.Timestamp.Equal(want.Timestamp) {
		t.Fatalf("Timestamp = %v, want %v", got.Timestamp, want.Timestamp)
	}
	got.Timestamp = want.Timestamp
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("envelope = %+v\nwant       %+v", got, want)
	}
	if ev.PreviousAttributes != nil {
		t.Fatalf("PreviousAttributes = %s, want nil", ev.PreviousAttributes)
	}
	if !json.Valid(ev.Data) || !bytes.HasPrefix(bytes.TrimSpace(ev.Data), []byte("{")) {
		t.Fatalf("Data = %s, want the raw data object", ev.Data)
	}
	pay, err := ev.Payment()
	if err != nil {
		t.Fatal(err)
	}
	if pay.ID != "pay_Q8v2mX4kT1zLrb" {
		t.Fatalf("Payment().ID = %q", pay.ID)
	}
}

func TestWebhookUnwrapPaymentFailed(t *testing.T) {
	v := whVerifier(t, whSecret)
	body := whFixture(t, "webhook_payment_failed.json")
	ev, err := v.Unwrap(body, whSigned(t, v, "msg_7tR2pL9sK4vN1xB6cM3qW8zD", body))
	if err != nil {
		t.Fatal(err)
	}
	if ev.Type != whop.WebhookEventPaymentFailed || ev.APIVersionDate != "" {
		t.Fatalf("Type = %q, APIVersionDate = %q", ev.Type, ev.APIVersionDate)
	}
	if got := string(ev.PreviousAttributes); got != `{"status": "open"}` {
		t.Fatalf("PreviousAttributes = %s", got)
	}
	pay, err := ev.Payment()
	if err != nil {
		t.Fatal(err)
	}
	if pay.ID != "pay_Zy9Xw8Vu7Ts6Rq" {
		t.Fatalf("Payment().ID = %q", pay.ID)
	}
}

func TestWebhookUnwrapOtherFamilies(t *testing.T) {
	v := whVerifier(t, whSecret)
	tests := []struct {
		fixture string
		typ     whop.WebhookEventType
	}{
		{"webhook_membership_activated.json", whop.WebhookEventMembershipActivated},
		{"webhook_unknown_type.json", whop.WebhookEventType("gizmo.reticulated")},
	}
	for _, tc := range tests {
		t.Run(tc.fixture, func(t *testing.T) {
			body := whFixture(t, tc.fixture)
			ev, err := v.Unwrap(body, whSigned(t, v, "msg_x", body))
			if err != nil {
				t.Fatal(err)
			}
			if ev.Type != tc.typ {
				t.Fatalf("Type = %q, want %q", ev.Type, tc.typ)
			}
			if ev.Type.IsPayment() {
				t.Fatalf("%q.IsPayment() = true", ev.Type)
			}
			pay, err := ev.Payment()
			if pay != nil || !errors.Is(err, whop.ErrWebhookEventType) {
				t.Fatalf("Payment() = %v, %v; want ErrWebhookEventType", pay, err)
			}
			if !strings.Contains(err.Error(), string(tc.typ)) {
				t.Fatalf("error %q does not name the event type", err)
			}
			var data struct{ ID string }
			if err := json.Unmarshal(ev.Data, &data); err != nil || data.ID == "" {
				t.Fatalf("Data = %s (%v)", ev.Data, err)
			}
		})
	}
}

func TestWebhookUnwrapErrors(t *testing.T) {
	v := whVerifier(t, whSecret)
	tests := []struct {
		name string
		body string
		want error
	}{
		{"not JSON", `not json`, whop.ErrWebhookInvalidPayload},
		{"JSON array", `[1,2]`, whop.ErrWebhookInvalidPayload},
		{"JSON null", `null`, whop.ErrWebhookInvalidPayload},
		{"no type", `{"id":"msg_1","data":{}}`, whop.ErrWebhookInvalidPayload},
		{"type of wrong kind", `{"type":7,"data":{}}`, whop.ErrWebhookInvalidPayload},
		{"bad timestamp", `{"type":"payment.created","timestamp":"yesterday","data":{}}`, whop.ErrWebhookInvalidPayload},
		{"empty body", ``, whop.ErrWebhookInvalidPayload},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ev, err := v.Unwrap([]byte(tc.body), whSigned(t, v, "msg_1", []byte(tc.body)))
			if ev != nil || !errors.Is(err, tc.want) {
				t.Fatalf("Unwrap = %v, %v; want %v", ev, err, tc.want)
			}
		})
	}

	// Verification comes first: an unsigned body is never decoded.
	ev, err := v.Unwrap([]byte(`{"type":"payment.created"}`), whHeaders(whMsgID, whFormatUnix(time.Now()), "v1,bad"))
	if ev != nil || !errors.Is(err, whop.ErrWebhookNoMatchingSignature) {
		t.Fatalf("Unwrap with bad signature = %v, %v", ev, err)
	}
}

func TestWebhookEventPaymentErrors(t *testing.T) {
	for _, data := range []string{``, `null`, ` null `, `"a string"`, `[1]`} {
		ev := &whop.WebhookEvent{Type: whop.WebhookEventPaymentCreated, Data: json.RawMessage(data)}
		pay, err := ev.Payment()
		if pay != nil || !errors.Is(err, whop.ErrWebhookInvalidPayload) {
			t.Errorf("Payment() with data %q = %v, %v; want ErrWebhookInvalidPayload", data, pay, err)
		}
	}
}

func TestWebhookEventTypes(t *testing.T) {
	payments := []whop.WebhookEventType{
		whop.WebhookEventPaymentCreated, whop.WebhookEventPaymentSucceeded, whop.WebhookEventPaymentFailed,
		whop.WebhookEventPaymentPending, whop.WebhookEventPaymentAuthorized, whop.WebhookEventPaymentCanceled,
	}
	want := []string{"payment.created", "payment.succeeded", "payment.failed", "payment.pending", "payment.authorized", "payment.canceled"}
	for i, typ := range payments {
		if string(typ) != want[i] || !typ.IsPayment() {
			t.Errorf("%q: want %q and IsPayment", typ, want[i])
		}
	}
	for _, typ := range []whop.WebhookEventType{whop.WebhookEventRefundCreated, whop.WebhookEventDisputeCreated, whop.WebhookEventMembershipDeactivated, "payment", "payments.created", ""} {
		if typ.IsPayment() {
			t.Errorf("%q.IsPayment() = true", typ)
		}
	}
}

// --- WebhookHandler ---

type whHandlerCall struct {
	id  string
	typ whop.WebhookEventType
	pay string
}

// whRecorder is a handler function that records what it saw and returns
// the errors queued in fail, one per call.
type whRecorder struct {
	mu    sync.Mutex
	calls []whHandlerCall
	fail  []error
}

func (r *whRecorder) handle(_ context.Context, ev *whop.WebhookEvent) error {
	call := whHandlerCall{id: ev.ID, typ: ev.Type}
	if ev.Type.IsPayment() {
		pay, err := ev.Payment()
		if err != nil {
			return err
		}
		call.pay = pay.ID
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, call)
	if len(r.fail) > 0 {
		err := r.fail[0]
		r.fail = r.fail[1:]
		return err
	}
	return nil
}

func (r *whRecorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.calls)
}

func whDeliver(t testing.TB, h http.Handler, method string, body []byte, hdr http.Header) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, "/webhooks/whop", bytes.NewReader(body))
	for k, vs := range hdr {
		req.Header[k] = vs
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// whHandlerFunc builds a webhook handler from a valid configuration, the
// way one of the two constructors does.
type whHandlerFunc func(t testing.TB, v *whop.WebhookVerifier, fn func(context.Context, *whop.WebhookEvent) error, opts ...whop.WebhookHandlerOption) http.Handler

// whHandlerConstructors are NewWebhookHandler and the older WebhookHandler:
// given a valid configuration they must build handlers that behave alike.
var whHandlerConstructors = []struct {
	name string
	newH whHandlerFunc
}{
	{"NewWebhookHandler", func(t testing.TB, v *whop.WebhookVerifier, fn func(context.Context, *whop.WebhookEvent) error, opts ...whop.WebhookHandlerOption) http.Handler {
		t.Helper()
		h, err := whop.NewWebhookHandler(v, fn, opts...)
		if err != nil {
			t.Fatalf("NewWebhookHandler: %v", err)
		}
		return h
	}},
	{"WebhookHandler", func(_ testing.TB, v *whop.WebhookVerifier, fn func(context.Context, *whop.WebhookEvent) error, opts ...whop.WebhookHandlerOption) http.Handler {
		return whop.WebhookHandler(v, fn, opts...)
	}},
}

func TestWebhookHandlerStatuses(t *testing.T) {
	for _, c := range whHandlerConstructors {
		t.Run(c.name, func(t *testing.T) { whTestHandlerStatuses(t, c.newH) })
	}
}

func whTestHandlerStatuses(t *testing.T, newH whHandlerFunc) {
	v := whVerifier(t, whSecret)
	body := whFixture(t, "webhook_payment_succeeded.json")
	signed := whSigned(t, v, "msg_2bH4uY7nQ1zK9pV3cX6wR8tL", body)

	t.Run("200 and typed event", func(t *testing.T) {
		rec := &whRecorder{}
		res := whDeliver(t, newH(t, v, rec.handle), http.MethodPost, body, signed)
		if res.Code != http.StatusOK {
			t.Fatalf("status %d: %s", res.Code, res.Body)
		}
		want := whHandlerCall{"msg_2bH4uY7nQ1zK9pV3cX6wR8tL", whop.WebhookEventPaymentSucceeded, "pay_Q8v2mX4kT1zLrb"}
		if len(rec.calls) != 1 || rec.calls[0] != want {
			t.Fatalf("calls = %+v, want [%+v]", rec.calls, want)
		}
	})

	t.Run("400 on a bad signature, secret not revealed", func(t *testing.T) {
		rec := &whRecorder{}
		bad := whHeaders(whMsgID, whFormatUnix(time.Now()), whHMAC([]byte("ws_wrong"), whMsgID, whFormatUnix(time.Now()), body))
		res := whDeliver(t, newH(t, v, rec.handle), http.MethodPost, body, bad)
		if res.Code != http.StatusBadRequest || rec.count() != 0 {
			t.Fatalf("status %d, %d calls", res.Code, rec.count())
		}
		if got := strings.TrimSpace(res.Body.String()); got != "no matching signature" {
			t.Fatalf("body %q", got)
		}
		whCheckNoLeak(t, res.Body.String(), []byte(whSecret), v.Sign(whMsgID, time.Now(), body))
	})

	t.Run("400 reasons", func(t *testing.T) {
		tests := []struct {
			name string
			body []byte
			hdr  http.Header
			want string
		}{
			{"missing headers", body, http.Header{}, "missing webhook headers"},
			{"bad timestamp", body, whHeaders(whMsgID, "soon", "v1,x"), "invalid webhook-timestamp"},
			{"stale", body, whHeaders(whMsgID, "1000", "v1,x"), "webhook-timestamp outside tolerance"},
			{"signed non-envelope", []byte(`[]`), whSigned(t, v, whMsgID, []byte(`[]`)), "invalid webhook payload"},
		}
		for _, tc := range tests {
			rec := &whRecorder{}
			res := whDeliver(t, newH(t, v, rec.handle), http.MethodPost, tc.body, tc.hdr)
			if res.Code != http.StatusBadRequest || strings.TrimSpace(res.Body.String()) != tc.want || rec.count() != 0 {
				t.Errorf("%s: status %d, body %q, %d calls", tc.name, res.Code, res.Body, rec.count())
			}
		}
	})

	t.Run("405 for other methods", func(t *testing.T) {
		rec := &whRecorder{}
		for _, m := range []string{http.MethodGet, http.MethodPut, http.MethodHead, http.MethodOptions} {
			res := whDeliver(t, newH(t, v, rec.handle), m, body, signed)
			if res.Code != http.StatusMethodNotAllowed || res.Header().Get("Allow") != http.MethodPost {
				t.Errorf("%s: status %d, Allow %q", m, res.Code, res.Header().Get("Allow"))
			}
		}
		if rec.count() != 0 {
			t.Fatalf("%d calls", rec.count())
		}
	})

	t.Run("413 beyond the body cap", func(t *testing.T) {
		rec := &whRecorder{}
		h := newH(t, v, rec.handle, whop.WithWebhookMaxBodyBytes(int64(len(body)-1)))
		res := whDeliver(t, h, http.MethodPost, body, signed)
		if res.Code != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d", res.Code)
		}
		// Without a Content-Length the cap is enforced while reading.
		req := httptest.NewRequest(http.MethodPost, "/", io.MultiReader(bytes.NewReader(body)))
		req.ContentLength = -1
		for k, vs := range signed {
			req.Header[k] = vs
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusRequestEntityTooLarge || rec.count() != 0 {
			t.Fatalf("streamed: status %d, %d calls", w.Code, rec.count())
		}
		// At exactly the cap it is accepted.
		h = newH(t, v, rec.handle, whop.WithWebhookMaxBodyBytes(int64(len(body))))
		if res := whDeliver(t, h, http.MethodPost, body, signed); res.Code != http.StatusOK {
			t.Fatalf("at the cap: status %d", res.Code)
		}
	})

	t.Run("default cap is 1 MiB", func(t *testing.T) {
		big := bytes.Repeat([]byte(" "), 1<<20+1)
		rec := &whRecorder{}
		res := whDeliver(t, newH(t, v, rec.handle), http.MethodPost, big, whSigned(t, v, whMsgID, big))
		if res.Code != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d", res.Code)
		}
	})

	t.Run("500 when the function fails", func(t *testing.T) {
		rec := &whRecorder{fail: []error{errors.New("database down: password=hunter2")}}
		res := whDeliver(t, newH(t, v, rec.handle), http.MethodPost, body, signed)
		if res.Code != http.StatusInternalServerError || rec.count() != 1 {
			t.Fatalf("status %d, %d calls", res.Code, rec.count())
		}
		if strings.Contains(res.Body.String(), "hunter2") {
			t.Fatalf("response %q leaks the handler's error", res.Body)
		}
	})
}

func TestWebhookHandlerRedeliveryWithoutDedup(t *testing.T) {
	v := whVerifier(t, whSecret)
	body := whFixture(t, "webhook_payment_succeeded.json")
	signed := whSigned(t, v, whMsgID, body)
	rec := &whRecorder{}
	h := whop.WebhookHandler(v, rec.handle)
	for i := 0; i < 2; i++ {
		if res := whDeliver(t, h, http.MethodPost, body, signed); res.Code != http.StatusOK {
			t.Fatalf("status %d", res.Code)
		}
	}
	if rec.count() != 2 {
		t.Fatalf("%d calls, want 2 without de-duplication", rec.count())
	}
}

func TestWebhookHandlerDeduplication(t *testing.T) {
	v := whVerifier(t, whSecret)
	body := whFixture(t, "webhook_payment_succeeded.json")

	t.Run("duplicate not passed twice", func(t *testing.T) {
		rec := &whRecorder{}
		h := whop.WebhookHandler(v, rec.handle, whop.WithWebhookDeduplication(nil))
		signed := whSigned(t, v, "msg_dup_1", body)
		for i := 0; i < 3; i++ {
			if res := whDeliver(t, h, http.MethodPost, body, signed); res.Code != http.StatusOK {
				t.Fatalf("delivery %d: status %d", i, res.Code)
			}
		}
		// A redelivery is signed afresh (a later timestamp, within the
		// tolerance) but keeps its ID.
		later := time.Now().Add(2 * time.Second)
		resigned := whHeaders("msg_dup_1", whFormatUnix(later), v.Sign("msg_dup_1", later, body))
		if resigned.Get(whop.WebhookHeaderTimestamp) == signed.Get(whop.WebhookHeaderTimestamp) {
			t.Fatal("the redelivery has the first delivery's timestamp")
		}
		if res := whDeliver(t, h, http.MethodPost, body, resigned); res.Code != http.StatusOK {
			t.Fatalf("re-signed redelivery: status %d", res.Code)
		}
		if rec.count() != 1 {
			t.Fatalf("%d calls, want 1", rec.count())
		}
		// Another ID is a different delivery.
		if res := whDeliver(t, h, http.MethodPost, body, whSigned(t, v, "msg_dup_2", body)); res.Code != http.StatusOK || rec.count() != 2 {
			t.Fatalf("second ID: status %d, %d calls", res.Code, rec.count())
		}
	})

	t.Run("failed delivery is retried", func(t *testing.T) {
		rec := &whRecorder{fail: []error{errors.New("temporary")}}
		h := whop.WebhookHandler(v, rec.handle, whop.WithWebhookDeduplication(whop.NewMemoryWebhookDeduper(10, time.Hour)))
		signed := whSigned(t, v, "msg_retry", body)
		want := []int{http.StatusInternalServerError, http.StatusOK, http.StatusOK}
		for i, code := range want {
			if res := whDeliver(t, h, http.MethodPost, body, signed); res.Code != code {
				t.Fatalf("delivery %d: status %d, want %d", i, res.Code, code)
			}
		}
		if rec.count() != 2 {
			t.Fatalf("%d calls, want 2 (the failure and its retry)", rec.count())
		}
	})

	t.Run("unverified deliveries do not touch the deduper", func(t *testing.T) {
		d := whop.NewMemoryWebhookDeduper(10, time.Hour)
		rec := &whRecorder{}
		h := whop.WebhookHandler(v, rec.handle, whop.WithWebhookDeduplication(d))
		forged := whHeaders("msg_forged", whFormatUnix(time.Now()), "v1,"+strings.Repeat("A", 43)+"=")
		if res := whDeliver(t, h, http.MethodPost, body, forged); res.Code != http.StatusBadRequest {
			t.Fatalf("status %d", res.Code)
		}
		if res := whDeliver(t, h, http.MethodPost, body, whSigned(t, v, "msg_forged", body)); res.Code != http.StatusOK || rec.count() != 1 {
			t.Fatalf("genuine delivery after a forged one: status %d, %d calls", res.Code, rec.count())
		}
	})

	t.Run("concurrent duplicate answered 409", func(t *testing.T) {
		started, release := make(chan struct{}), make(chan struct{})
		var calls atomic.Int32
		h := whop.WebhookHandler(v, func(ctx context.Context, ev *whop.WebhookEvent) error {
			if calls.Add(1) == 1 {
				close(started)
				<-release
			}
			return nil
		}, whop.WithWebhookDeduplication(nil))
		signed := whSigned(t, v, "msg_concurrent", body)
		first := make(chan int)
		go func() { first <- whDeliver(t, h, http.MethodPost, body, signed).Code }()
		<-started
		if res := whDeliver(t, h, http.MethodPost, body, signed); res.Code != http.StatusConflict {
			t.Errorf("duplicate during processing: status %d, want 409", res.Code)
		}
		close(release)
		if code := <-first; code != http.StatusOK {
			t.Fatalf("first delivery: status %d", code)
		}
		if res := whDeliver(t, h, http.MethodPost, body, signed); res.Code != http.StatusOK {
			t.Fatalf("after processing: status %d", res.Code)
		}
		if calls.Load() != 1 {
			t.Fatalf("%d calls, want 1", calls.Load())
		}
	})

	t.Run("panicking function releases the claim", func(t *testing.T) {
		var calls atomic.Int32
		h := whop.WebhookHandler(v, func(ctx context.Context, ev *whop.WebhookEvent) error {
			if calls.Add(1) == 1 {
				panic("boom")
			}
			return nil
		}, whop.WithWebhookDeduplication(nil))
		signed := whSigned(t, v, "msg_panic", body)
		func() {
			defer func() {
				if recover() == nil {
					t.Fatal("expected the panic to propagate to net/http")
				}
			}()
			whDeliver(t, h, http.MethodPost, body, signed)
		}()
		if res := whDeliver(t, h, http.MethodPost, body, signed); res.Code != http.StatusOK || calls.Load() != 2 {
			t.Fatalf("redelivery after panic: status %d, %d calls", res.Code, calls.Load())
		}
	})

	t.Run("deduper errors give 503 and no processing", func(t *testing.T) {
		rec := &whRecorder{}
		h := whop.WebhookHandler(v, rec.handle, whop.WithWebhookDeduplication(whFailingDeduper{}))
		if res := whDeliver(t, h, http.MethodPost, body, whSigned(t, v, whMsgID, body)); res.Code != http.StatusServiceUnavailable || rec.count() != 0 {
			t.Fatalf("status %d, %d calls", res.Code, rec.count())
		}
	})
}

type whFailingDeduper struct{}

func (whFailingDeduper) Claim(context.Context, string) (whop.WebhookClaim, whop.WebhookLease, error) {
	return 0, whop.WebhookLease{}, errors.New("store unavailable")
}
func (whFailingDeduper) Complete(context.Context, whop.WebhookLease, bool) error {
	return errors.New("store unavailable")
}

func TestWebhookHandlerOverRealServer(t *testing.T) {
	v := whVerifier(t, whSecret)
	got := make(chan *whop.WebhookEvent, 1)
	srv := httptest.NewServer(whop.WebhookHandler(v, func(ctx context.Context, ev *whop.WebhookEvent) error {
		got <- ev
		return nil
	}, whop.WithWebhookDeduplication(nil)))
	defer srv.Close()

	body := whFixture(t, "webhook_payment_succeeded.json")
	req, err := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = whSigned(t, v, whMsgID, body)
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	if ev := <-got; ev.Type != whop.WebhookEventPaymentSucceeded {
		t.Fatalf("Type = %q", ev.Type)
	}
}

func TestWebhookHandlerFailsClosedOnMisuse(t *testing.T) {
	v := whVerifier(t, whSecret)
	fn := func(context.Context, *whop.WebhookEvent) error { return nil }
	tests := map[string]http.Handler{
		"nil verifier":   whop.WebhookHandler(nil, fn),
		"nil function":   whop.WebhookHandler(v, nil),
		"zero body cap":  whop.WebhookHandler(v, fn, whop.WithWebhookMaxBodyBytes(0)),
		"negative cap":   whop.WebhookHandler(v, fn, whop.WithWebhookMaxBodyBytes(-1)),
		"nil option too": whop.WebhookHandler(v, fn, nil, whop.WithWebhookMaxBodyBytes(0)),
	}
	for name, h := range tests {
		t.Run(name, func(t *testing.T) {
			rec := whDeliver(t, h, http.MethodPost, whBody, whSigned(t, v, "msg_misuse", whBody))
			if rec.Code != http.StatusInternalServerError {
				t.Fatalf("status %d, want 500 so Whop redelivers", rec.Code)
			}
		})
	}
	// A nil option and a nil logger are ignored.
	rec := whDeliver(t, whop.WebhookHandler(v, fn, nil, whop.WithWebhookLogger(nil)), http.MethodPost, whBody, whSigned(t, v, "msg_ok", whBody))
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	if s := new(whop.WebhookVerifier).Sign("id", time.Now(), whBody); s != "" {
		t.Fatalf("zero verifier signed: %q", s)
	}
}

func TestNewWebhookHandlerRefusesMisconfiguration(t *testing.T) {
	v := whVerifier(t, whSecret)
	fn := func(context.Context, *whop.WebhookEvent) error { return nil }
	tests := []struct {
		name  string
		v     *whop.WebhookVerifier
		fn    func(context.Context, *whop.WebhookEvent) error
		opts  []whop.WebhookHandlerOption
		field string
	}{
		{"nil verifier", nil, fn, nil, "v"},
		{"nil function", v, nil, nil, "fn"},
		{"nil verifier reported before a bad option", nil, fn, []whop.WebhookHandlerOption{whop.WithWebhookMaxBodyBytes(0)}, "v"},
		{"zero body cap", v, fn, []whop.WebhookHandlerOption{whop.WithWebhookMaxBodyBytes(0)}, "WithWebhookMaxBodyBytes"},
		{"negative body cap", v, fn, []whop.WebhookHandlerOption{whop.WithWebhookMaxBodyBytes(-1)}, "WithWebhookMaxBodyBytes"},
		{"bad cap after a nil option", v, fn, []whop.WebhookHandlerOption{nil, whop.WithWebhookMaxBodyBytes(0)}, "WithWebhookMaxBodyBytes"},
		{"bad cap then a good one", v, fn, []whop.WebhookHandlerOption{whop.WithWebhookMaxBodyBytes(0), whop.WithWebhookMaxBodyBytes(10)}, "WithWebhookMaxBodyBytes"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, err := whop.NewWebhookHandler(tc.v, tc.fn, tc.opts...)
			if h != nil {
				t.Fatalf("got a handler %v with error %v", h, err)
			}
			if !errors.Is(err, whop.ErrInvalidParams) {
				t.Fatalf("err = %v, want one matching ErrInvalidParams", err)
			}
			var pe *whop.ParamError
			if !errors.As(err, &pe) || pe.Field != tc.field {
				t.Fatalf("err = %v, want a *ParamError naming %q", err, tc.field)
			}
			if !strings.Contains(err.Error(), tc.field) {
				t.Fatalf("message %q does not name %q", err, tc.field)
			}
		})
	}

	// The same configurations given to WebhookHandler still fail closed.
	for _, tc := range tests {
		h := whop.WebhookHandler(tc.v, tc.fn, tc.opts...)
		if rec := whDeliver(t, h, http.MethodPost, whBody, whSigned(t, v, "msg_misuse", whBody)); rec.Code != http.StatusInternalServerError {
			t.Errorf("%s: WebhookHandler answered %d, want 500", tc.name, rec.Code)
		}
	}

	// Nil options, a nil logger and a nil deduper (the in-memory one) are
	// not mistakes.
	h, err := whop.NewWebhookHandler(v, fn, nil, whop.WithWebhookLogger(nil), whop.WithWebhookDeduplication(nil))
	if err != nil {
		t.Fatal(err)
	}
	if rec := whDeliver(t, h, http.MethodPost, whBody, whSigned(t, v, "msg_ok", whBody)); rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
}

func TestWebhookVerifierOptionErrorsNameTheOption(t *testing.T) {
	tests := []struct {
		opt   whop.WebhookOption
		field string
	}{
		{whop.WithWebhookTolerance(0), "WithWebhookTolerance"},
		{whop.WithWebhookTolerance(-time.Second), "WithWebhookTolerance"},
		{whop.WithWebhookClock(nil), "WithWebhookClock"},
	}
	for _, tc := range tests {
		_, err := whop.NewWebhookVerifier(whSecret, tc.opt)
		var pe *whop.ParamError
		if !errors.Is(err, whop.ErrInvalidParams) || !errors.As(err, &pe) || pe.Field != tc.field {
			t.Errorf("err = %v, want a *ParamError naming %q", err, tc.field)
		}
	}
}

// The former option names still work, and behave as the new ones.
func TestWebhookDeprecatedOptionNames(t *testing.T) {
	now := whNow
	v := whVerifier(t, whSecret, whop.WithTolerance(time.Minute), whop.WithClock(func() time.Time { return now }))
	sign := func(at time.Time) http.Header {
		return whHeaders(whMsgID, whFormatUnix(at), v.Sign(whMsgID, at, whBody))
	}
	whCheckErr(t, v.Verify(whBody, sign(now.Add(-time.Minute))), nil)
	whCheckErr(t, v.Verify(whBody, sign(now.Add(-61*time.Second))), whop.ErrWebhookTimestampOutsideTolerance)

	for name, opt := range map[string]whop.WebhookOption{
		"WithWebhookTolerance": whop.WithTolerance(0),
		"WithWebhookClock":     whop.WithClock(nil),
	} {
		var pe *whop.ParamError
		if _, err := whop.NewWebhookVerifier(whSecret, opt); !errors.As(err, &pe) || pe.Field != name {
			t.Errorf("err = %v, want a *ParamError naming %q", err, name)
		}
	}

	_, err := whop.NewWebhookHandler(v, func(context.Context, *whop.WebhookEvent) error { return nil },
		whop.WithMaxBodyBytes(0))
	var pe *whop.ParamError
	if !errors.As(err, &pe) || pe.Field != "WithWebhookMaxBodyBytes" {
		t.Fatalf("err = %v, want a *ParamError naming WithWebhookMaxBodyBytes", err)
	}

	rec := &whRecorder{}
	h, err := whop.NewWebhookHandler(v, rec.handle,
		whop.WithMaxBodyBytes(int64(len(whBody))),
		whop.WithDeduplication(nil))
	if err != nil {
		t.Fatal(err)
	}
	signed := whHeaders(whMsgID, whFormatUnix(now), v.Sign(whMsgID, now, whBody))
	for i := 0; i < 2; i++ {
		if res := whDeliver(t, h, http.MethodPost, whBody, signed); res.Code != http.StatusOK {
			t.Fatalf("delivery %d: status %d", i, res.Code)
		}
	}
	if rec.count() != 1 {
		t.Fatalf("%d calls, want 1: WithDeduplication must de-duplicate", rec.count())
	}
	big := append(append([]byte{}, whBody...), ' ')
	if res := whDeliver(t, h, http.MethodPost, big, whHeaders("msg_big", whFormatUnix(now), v.Sign("msg_big", now, big))); res.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413: WithMaxBodyBytes must cap the body", res.Code)
	}
}

// --- MemoryWebhookDeduper ---

func TestMemoryWebhookDeduper(t *testing.T) {
	ctx := context.Background()
	claim := func(d whop.WebhookDeduper, id string) (whop.WebhookClaim, whop.WebhookLease) {
		t.Helper()
		c, l, err := d.Claim(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return c, l
	}
	complete := func(d whop.WebhookDeduper, l whop.WebhookLease, processed bool) {
		t.Helper()
		if err := d.Complete(ctx, l, processed); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("lifecycle", func(t *testing.T) {
		d := whop.NewMemoryWebhookDeduper(10, time.Hour)
		c, l := claim(d, "a")
		if c != whop.WebhookClaimed || l.ID != "a" || l.Token == "" {
			t.Fatalf("first claim = %v, %+v", c, l)
		}
		if c, _ := claim(d, "a"); c != whop.WebhookInProgress {
			t.Fatalf("claim while in flight = %v", c)
		}
		complete(d, l, false)
		c, l2 := claim(d, "a")
		if c != whop.WebhookClaimed || l2.Token == l.Token {
			t.Fatalf("claim after failure = %v, %+v", c, l2)
		}
		if err := d.Complete(ctx, l, true); !errors.Is(err, whop.ErrWebhookLeaseLost) {
			t.Fatalf("Complete with a spent lease: %v", err)
		}
		complete(d, l2, true)
		if c, _ := claim(d, "a"); c != whop.WebhookAlreadyProcessed {
			t.Fatalf("claim after success = %v", c)
		}
		if d.Len() != 1 {
			t.Fatalf("Len = %d", d.Len())
		}
	})

	t.Run("bounded, oldest forgotten first", func(t *testing.T) {
		d := whop.NewMemoryWebhookDeduper(2, time.Hour)
		for _, id := range []string{"a", "b", "c"} {
			_, l := claim(d, id)
			complete(d, l, true)
		}
		if d.Len() != 2 {
			t.Fatalf("Len = %d, want 2", d.Len())
		}
		if c, _ := claim(d, "c"); c != whop.WebhookAlreadyProcessed {
			t.Fatalf("newest = %v", c)
		}
		if c, _ := claim(d, "a"); c != whop.WebhookClaimed {
			t.Fatalf("evicted = %v", c)
		}
	})

	t.Run("entries and leases expire by the injected clock", func(t *testing.T) {
		now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
		var mu sync.Mutex
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
		d := whop.NewMemoryWebhookDeduper(10, time.Hour, whop.WithDedupLease(time.Minute), whop.WithDedupClock(clock), nil)
		_, l := claim(d, "a")
		complete(d, l, true)
		advance(time.Hour - time.Nanosecond)
		if c, _ := claim(d, "a"); c != whop.WebhookAlreadyProcessed || d.Len() != 1 {
			t.Fatalf("just before the TTL: %v, Len %d", c, d.Len())
		}
		advance(time.Nanosecond)
		if d.Len() != 0 {
			t.Fatalf("Len = %d after TTL", d.Len())
		}
		c, stale := claim(d, "a")
		if c != whop.WebhookClaimed {
			t.Fatalf("claim after TTL = %v", c)
		}
		advance(time.Minute - time.Nanosecond)
		if c, _ := claim(d, "a"); c != whop.WebhookInProgress {
			t.Fatalf("claim within the lease = %v", c)
		}
		advance(time.Nanosecond)
		c, fresh := claim(d, "a")
		if c != whop.WebhookClaimed {
			t.Fatalf("claim after the lease = %v", c)
		}
		for _, processed := range []bool{true, false} {
			if err := d.Complete(ctx, stale, processed); !errors.Is(err, whop.ErrWebhookLeaseLost) {
				t.Fatalf("stale Complete(%v): %v", processed, err)
			}
		}
		if c, _ := claim(d, "a"); c != whop.WebhookInProgress {
			t.Fatalf("the stale holder released the new claim: %v", c)
		}
		complete(d, fresh, true)
	})

	t.Run("defaults for non-positive arguments", func(t *testing.T) {
		d := whop.NewMemoryWebhookDeduper(0, -1, whop.WithDedupLease(-1), whop.WithDedupClock(nil))
		for i := 0; i < 100; i++ {
			_, l := claim(d, strconv.Itoa(i))
			complete(d, l, true)
		}
		if d.Len() != 100 {
			t.Fatalf("Len = %d", d.Len())
		}
	})

	t.Run("concurrent claims of one ID: exactly one wins", func(t *testing.T) {
		d := whop.NewMemoryWebhookDeduper(10, time.Hour)
		var won atomic.Int32
		var wg sync.WaitGroup
		for i := 0; i < 16; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if c, _, _ := d.Claim(ctx, "same"); c == whop.WebhookClaimed {
					won.Add(1)
				}
			}()
		}
		wg.Wait()
		if won.Load() != 1 {
			t.Fatalf("%d winners", won.Load())
		}
	})
}

// --- examples for the package documentation ---

func ExampleNewWebhookHandler() {
	// The secret is the one Whop's dashboard shows for the endpoint (ws_...).
	v, err := whop.NewWebhookVerifier(os.Getenv("WHOP_WEBHOOK_SECRET"))
	if err != nil {
		log.Fatal(err) // an empty or malformed secret: fail at start-up, never skip verification
	}
	h, err := whop.NewWebhookHandler(v, func(ctx context.Context, ev *whop.WebhookEvent) error {
		if ev.Type != whop.WebhookEventPaymentSucceeded {
			return nil
		}
		pay, err := ev.Payment()
		if err != nil {
			return err
		}
		fmt.Println("paid:", pay.ID)
		return nil // a non-nil error answers 500, and Whop delivers the event again
	}, whop.WithWebhookDeduplication(nil))
	if err != nil {
		log.Fatal(err) // a misconfiguration, such as WithWebhookMaxBodyBytes(0), stops start-up
	}
	http.Handle("/webhooks/whop", h)
}

func ExampleWebhookVerifier_Unwrap() {
	v, err := whop.NewWebhookVerifier("ws_example_secret")
	if err != nil {
		panic(err)
	}
	body := []byte(`{"id":"msg_1","api_version":"v1","timestamp":"2025-01-01T00:00:00.000Z",` +
		`"type":"payment.succeeded","data":{"id":"pay_1"}}`)

	// In a real handler, body and headers come from Whop's request; here
	// they are made with Sign, as a test of your own handler would.
	now := time.Now()
	h := http.Header{}
	h.Set(whop.WebhookHeaderID, "msg_1")
	h.Set(whop.WebhookHeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
	h.Set(whop.WebhookHeaderSignature, v.Sign("msg_1", now, body))

	ev, err := v.Unwrap(body, h)
	if err != nil {
		fmt.Println("refused:", err)
		return
	}
	pay, err := ev.Payment()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ev.Type, pay.ID)

	// Any change to the body is detected.
	_, err = v.Unwrap(bytes.Replace(body, []byte("pay_1"), []byte("pay_2"), 1), h)
	fmt.Println(errors.Is(err, whop.ErrWebhookNoMatchingSignature))
	// Output:
	// payment.succeeded pay_1
	// true
}

func ExampleWebhookVerifier_Sign() {
	v, err := whop.NewWebhookVerifier("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	if err != nil {
		panic(err)
	}
	fmt.Println(v.Sign("msg_p5jXN8AQM9LWM0D4loKWxJek", time.Unix(1614265330, 0), []byte(`{"test": 2432232314}`)))
	// Output: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=
}
