package whop_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
)

// A test of your own webhook handler: whoptest's WebhookBuilder makes a
// signed delivery for any event and data, with no server running. A
// delivery signed with another secret is refused with 400 before your
// function runs.
func ExampleNewWebhookHandler_signedRequest() {
	const secret = "ws_test_secret" // in production: the endpoint's secret, from your configuration
	v, err := whop.NewWebhookVerifier(secret)
	if err != nil {
		log.Fatal(err) // an empty or malformed secret: fail at start-up
	}
	h, err := whop.NewWebhookHandler(v, func(ctx context.Context, ev *whop.WebhookEvent) error {
		pay, err := ev.Payment()
		if err != nil {
			return err
		}
		fmt.Println("handled", ev.Type, pay.ID)
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}

	for _, signWith := range []string{secret, "ws_someone_else"} {
		b, err := whoptest.NewWebhookBuilder(signWith)
		if err != nil {
			log.Fatal(err)
		}
		req, err := b.NewRequest("/webhooks/whop", whop.WebhookEventPaymentSucceeded, &whop.Payment{ID: "pay_123"})
		if err != nil {
			log.Fatal(err)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println(rec.Code)
	}
	// Output:
	// handled payment.succeeded pay_123
	// 200
	// 400
}
