package whop_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
)

// Register a webhook endpoint and serve it with WebhookHandler, verifying
// deliveries with the secret the API returns once, at creation: store it
// with your configuration, Get never shows it again.
func ExampleWebhookEndpointsService_Create() {
	srv := whoptest.New()
	srv.Start()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	demo := srv.SeedDemo()
	mux := http.NewServeMux()
	app := httptest.NewServer(mux) // your service
	defer app.Close()

	ep, err := client.Webhooks.Create(ctx, &whop.WebhookEndpointCreateParams{
		URL:    app.URL + "/webhooks/whop", // in production: "https://api.example.com/webhooks/whop"
		Events: []whop.WebhookEventType{whop.WebhookEventPaymentSucceeded},
	})
	if err != nil {
		log.Fatal(err)
	}
	v, err := ep.Verifier()
	if err != nil {
		log.Fatal(err)
	}
	h, err := whop.NewWebhookHandler(v, func(ctx context.Context, ev *whop.WebhookEvent) error {
		if ev.Type != whop.WebhookEventPaymentSucceeded {
			return nil
		}
		pay, err := ev.Payment()
		if err != nil {
			return err // answers 500: Whop delivers the event again
		}
		fmt.Println(ev.Type, *pay.Total, pay.Currency)
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	mux.Handle("/webhooks/whop", h)

	// The fake delivers to the endpoint once told its secret, and before
	// the call that caused an event answers.
	if err := srv.SendWebhooksTo(ep.URL, ep.WebhookSecret); err != nil {
		log.Fatal(err)
	}
	_, err = client.Payments.Create(ctx, &whop.PaymentCreateParams{CompanyID: srv.CompanyID(),
		PlanID: demo.PlanIDs[0], MemberID: demo.Members[0].ID})
	if err != nil {
		log.Fatal(err)
	}
	// Output: payment.succeeded 25 usd
}
