// The README's "Test your integration offline" snippet, kept compiling and
// passing here.
package whoptest_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
)

func TestREADMESnippet(t *testing.T) {
	srv := whoptest.NewServer(t) // closed when the test ends
	client := srv.Client()       // a *whop.Client pointed at it, back-off in milliseconds
	ctx := context.Background()

	member := srv.SeedMember("Ada Lovelace")
	card, _ := srv.SeedPaymentMethod(member.ID, whop.PaymentMethodVariantCard)
	product, _ := client.Products.Create(ctx, &whop.ProductCreateParams{CompanyID: srv.CompanyID(), Title: "Course"})
	planID, _ := srv.SeedPlan(product.ID, 100, whop.CurrencyUSD)

	pay, err := client.Payments.Create(ctx, &whop.PaymentCreateParams{
		CompanyID: srv.CompanyID(), PlanID: planID, MemberID: member.ID, PaymentMethodID: &card.ID,
	})
	if err != nil {
		t.Fatal(err)
	}
	pay, err = client.Payments.Refund(ctx, pay.ID, &whop.PaymentRefundParams{PartialAmount: whop.Ptr(30.0)})
	if err != nil || *pay.RefundedAmount != 30 {
		t.Fatalf("refund: %v", err)
	}

	// Resilience: the next two requests get 503, the third succeeds.
	srv.FailNext(2, http.StatusServiceUnavailable, nil)
	if _, err := client.Payments.Get(ctx, pay.ID); err != nil {
		t.Fatal(err)
	}
}
