// The README's "Refunds and disputes", "Invoices" and "Manage webhook
// endpoints from code" snippets, run against the fake.
package whoptest_test

import (
	"context"
	"log"
	"net/http"
	"testing"
	"time"

	"github.com/gowhop/whop"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestREADMEAfterTheSale(t *testing.T) {
	w := newWorld(t)
	client, ctx := w.c, context.Background()
	pay := w.pay(t)
	_, err := client.Payments.Refund(ctx, pay.ID, &whop.PaymentRefundParams{PartialAmount: whop.Ptr(10.0)})
	require.NoError(t, err)
	disputeID, err := w.srv.SeedDispute(w.pay(t).ID)
	require.NoError(t, err)
	prod, err := client.Products.Create(ctx, &whop.ProductCreateParams{CompanyID: w.srv.CompanyID(), Title: "Invoiced"})
	require.NoError(t, err)

	var refunds int
	refundsSnippet := func() error {
		for r, err := range client.Refunds.ListAll(ctx, &whop.RefundListParams{PaymentID: pay.ID}) {
			if err != nil {
				return err
			}
			log.Printf("%s: %.2f %s, %s", r.ID, r.Amount, r.Currency, r.Status)
			refunds++
		}
		return nil
	}
	require.NoError(t, refundsSnippet())
	assert.Equal(t, 1, refunds)

	disputesSnippet := func() error {
		weekEnd := time.Now().Add(7 * 24 * time.Hour)
		for d, err := range client.Disputes.ListAll(ctx, &whop.DisputeListParams{CompanyID: w.srv.CompanyID()}) {
			if err != nil {
				return err
			}
			if d.Editable == nil || !*d.Editable || d.NeedsResponseBy == nil || d.NeedsResponseBy.After(weekEnd) {
				continue
			}
			_, err := client.Disputes.UpdateEvidence(ctx, d.ID, &whop.DisputeUpdateEvidenceParams{
				ProductDescription:              whop.Value("Monthly analytics subscription"),
				Notes:                           whop.Value("The customer logged in 14 times after paying."),
				CustomerCommunicationAttachment: whop.Value(whop.FileRef{ID: "file_xxx"}),
				UncategorizedAttachment:         whop.Null[whop.FileRef](),
			})
			if err != nil {
				return err
			}
			if _, err := client.Disputes.SubmitEvidence(ctx, d.ID); err != nil {
				return err
			}
		}
		return nil
	}
	require.NoError(t, disputesSnippet())
	d, err := client.Disputes.Get(ctx, disputeID)
	require.NoError(t, err)
	assert.Equal(t, whop.DisputeStatusUnderReview, d.Status)
	assert.Equal(t, "file_xxx", d.CustomerCommunicationAttachment.ID)

	var invID string
	invoiceSnippet := func() error {
		due := time.Now().AddDate(0, 0, 30)
		inv, err := client.Invoices.Create(ctx, &whop.InvoiceCreateParams{
			CompanyID:        w.srv.CompanyID(),
			CollectionMethod: whop.CollectionMethodSendInvoice,
			ProductID:        prod.ID,
			MemberID:         whop.Ptr(w.member.ID),
			DueDate:          &due,
			Plan:             whop.InvoicePlanParams{InitialPrice: whop.Ptr(120.0)},
		})
		if err != nil {
			return err
		}
		invID = inv.ID
		return client.Invoices.MarkPaid(ctx, inv.ID)
	}
	require.NoError(t, invoiceSnippet())
	inv, err := client.Invoices.Get(ctx, invID)
	require.NoError(t, err)
	assert.Equal(t, whop.InvoiceStatusPaid, inv.Status)

	stored := map[string]string{}
	storeSecret := func(id, secret string) { stored[id] = secret }
	handle := func(context.Context, *whop.WebhookEvent) error { return nil }
	mux := http.NewServeMux()
	hooksSnippet := func() error {
		ep, err := client.Webhooks.Create(ctx, &whop.WebhookEndpointCreateParams{
			URL:    "https://api.example.com/webhooks/whop",
			Events: []whop.WebhookEventType{whop.WebhookEventPaymentSucceeded, whop.WebhookEventRefundCreated},
		})
		if err != nil {
			return err
		}
		log.Printf("created %v", ep)
		storeSecret(ep.ID, ep.WebhookSecret)
		v, err := ep.Verifier()
		if err != nil {
			return err
		}
		mux.Handle("/webhooks/whop", whop.WebhookHandler(v, handle))
		if _, err = client.Webhooks.Update(ctx, ep.ID, &whop.WebhookEndpointUpdateParams{Enabled: whop.Value(false)}); err != nil {
			return err
		}
		return client.Webhooks.Delete(ctx, ep.ID)
	}
	require.NoError(t, hooksSnippet())
	assert.Len(t, stored, 1)
}
