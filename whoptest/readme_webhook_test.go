// The README's complete test of a user's webhook handler ("Testing your
// webhook handler"), kept compiling and passing here; TestREADMEWebhookSnippetInSync
// fails when the two drift apart.
package whoptest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
)

// newWebhookHandler is the code under test: it grants access when a payment succeeds.
func newWebhookHandler(secret string, grant func(userID string)) (http.Handler, error) {
	v, err := whop.NewWebhookVerifier(secret)
	if err != nil {
		return nil, err
	}
	return whop.NewWebhookHandler(v, func(ctx context.Context, ev *whop.WebhookEvent) error {
		if ev.Type != whop.WebhookEventPaymentSucceeded {
			return nil
		}
		p, err := ev.Payment()
		if err != nil {
			return err
		}
		grant(p.User.ID)
		return nil
	})
}

func TestMyWebhookHandler(t *testing.T) {
	const secret = "ws_test_secret"
	var granted []string
	h, err := newWebhookHandler(secret, func(userID string) { granted = append(granted, userID) })
	if err != nil {
		t.Fatal(err)
	}

	b, err := whoptest.NewWebhookBuilder(secret)
	if err != nil {
		t.Fatal(err)
	}
	paid := &whop.Payment{
		ID:        "pay_test",
		Substatus: whop.PaymentSubstatusSucceeded,
		User:      &whop.UserRef{ID: "user_ada"},
		Currency:  whop.CurrencyUSD,
	}
	req, err := b.NewRequest("/webhooks/whop", whop.WebhookEventPaymentSucceeded, paid)
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || len(granted) != 1 || granted[0] != "user_ada" {
		t.Fatalf("status %d, granted %v", rec.Code, granted)
	}

	// A delivery signed with another secret is refused and grants nothing.
	forger, err := whoptest.NewWebhookBuilder("ws_not_the_secret")
	if err != nil {
		t.Fatal(err)
	}
	req, err = forger.NewRequest("/webhooks/whop", whop.WebhookEventPaymentSucceeded, paid)
	if err != nil {
		t.Fatal(err)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusBadRequest || len(granted) != 1 {
		t.Fatalf("forged delivery: status %d, granted %v", rec.Code, granted)
	}
}

// End of the README snippet.

func TestREADMEWebhookSnippetInSync(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	self, err := os.ReadFile("readme_webhook_test.go")
	if err != nil {
		t.Fatal(err)
	}
	const from, to = "// newWebhookHandler is the code under test", "// End of the README snippet."
	src := string(self)
	start := strings.Index(src, from)
	end := strings.Index(src, to)
	if start < 0 || end < start {
		t.Fatal("markers missing from this file")
	}
	if !strings.Contains(string(readme), strings.TrimSpace(src[start:end])+"\n```") {
		t.Error("README.md's TestMyWebhookHandler differs from the copy in readme_webhook_test.go")
	}
}
