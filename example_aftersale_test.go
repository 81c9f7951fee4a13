package whop_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/gowhop/whop"
)

// The answer to Webhooks.Create carries the endpoint's signing secret:
// Verifier turns it into the verifier for its deliveries, and printing the
// endpoint never shows it.
func ExampleCreatedWebhookEndpoint() {
	ep := &whop.CreatedWebhookEndpoint{
		WebhookEndpoint: whop.WebhookEndpoint{ID: "hook_xxx", URL: "https://example.com/hook", Enabled: true,
			Events: []whop.WebhookEventType{whop.WebhookEventRefundCreated}},
		WebhookSecret: "ws_0123456789abcdef",
	}
	v, err := ep.Verifier()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(v != nil)
	fmt.Println(ep)
	// Output:
	// true
	// whop.CreatedWebhookEndpoint{ID: "hook_xxx", URL: "https://example.com/hook", Enabled: true, Events: [refund.created], WebhookSecret: [REDACTED]}
}

// An invoice is for an existing product or for one created with it, not
// both; the client refuses the mix before sending anything.
func ExampleInvoicesService_Create() {
	client, err := whop.NewClient(whop.WithoutEnvironment(), whop.WithAPIKey("sk_example"))
	if err != nil {
		log.Fatal(err)
	}
	_, err = client.Invoices.Create(context.Background(), &whop.InvoiceCreateParams{
		CompanyID:        "biz_xxx",
		CollectionMethod: whop.CollectionMethodSendInvoice,
		ProductID:        "prod_xxx",
		Product:          &whop.InvoiceProductParams{Title: "Consulting"},
	})
	var pe *whop.ParamError
	fmt.Println(errors.Is(err, whop.ErrInvalidParams), errors.As(err, &pe) && pe.Field == "product")
	fmt.Println(err)
	// Output:
	// true true
	// whop: invalid parameter product: cannot be combined with product_id
}
