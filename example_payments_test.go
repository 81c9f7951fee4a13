package whop_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
)

// Charge a member's stored card for a plan, off-session.
func ExamplePaymentsService_Create() {
	srv := whoptest.New()
	srv.Start()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	member := srv.SeedMember("Ada Lovelace")
	card, _ := srv.SeedPaymentMethod(member.ID, whop.PaymentMethodVariantCard)
	product, _ := client.Products.Create(ctx, &whop.ProductCreateParams{CompanyID: srv.CompanyID(), Title: "Course"})
	planID, _ := srv.SeedPlan(product.ID, 49.99, whop.CurrencyUSD)

	pay, err := client.Payments.Create(ctx, &whop.PaymentCreateParams{
		CompanyID:       srv.CompanyID(),
		PlanID:          planID,
		MemberID:        member.ID,
		PaymentMethodID: &card.ID,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(*pay.Status, pay.Substatus, *pay.Total, pay.Currency)
	// Output: paid succeeded 49.99 usd
}

// A nightly job: every paid payment created in the last day, however many
// pages that takes. ListAll fetches the next page as the loop advances.
func ExamplePaymentsService_ListAll() {
	srv := whoptest.New()
	srv.Start()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	demo := srv.SeedDemo() // three payments, two of them paid
	srv.Advance(48 * time.Hour)
	member := demo.Members[0] // a member with a working card
	if _, err := client.Payments.Create(ctx, &whop.PaymentCreateParams{
		CompanyID: srv.CompanyID(), PlanID: demo.PlanIDs[0], MemberID: member.ID}); err != nil {
		log.Fatal(err)
	}

	since := srv.Now().Add(-24 * time.Hour) // in production: time.Now().Add(-24 * time.Hour)
	var n int
	var total float64
	for p, err := range client.Payments.ListAll(ctx, &whop.PaymentListParams{
		CompanyID:    srv.CompanyID(),
		CreatedAfter: &since,
		Statuses:     []whop.PaymentStatus{whop.PaymentStatusPaid},
	}) {
		if err != nil {
			log.Fatal(err) // the loop stops at the first error
		}
		n++
		if p.Total != nil {
			total += *p.Total
		}
	}
	fmt.Println(n, total)
	// Output: 1 25
}

// Paging by hand: ask for a page size with First, then pass each page's
// EndCursor as After while HasNextPage says more follow.
func ExamplePaymentsService_List() {
	srv := whoptest.New()
	srv.Start()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	srv.SeedDemo() // three payments

	params := &whop.PaymentListParams{CompanyID: srv.CompanyID()}
	params.First = 2
	for {
		page, err := client.Payments.List(ctx, params)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("page of", len(page.Data))
		if !page.PageInfo.HasNextPage {
			break
		}
		params.After = page.PageInfo.EndCursor
	}
	// Output:
	// page of 2
	// page of 1
}

// A partial refund: PartialAmount is in the currency the buyer paid in;
// leave PartialAmount nil to refund the whole payment.
func ExamplePaymentsService_Refund() {
	srv := whoptest.New()
	srv.Start()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	demo := srv.SeedDemo()
	payID := demo.PaymentIDs[1] // a paid payment of 50 USD

	pay, err := client.Payments.Refund(ctx, payID, &whop.PaymentRefundParams{PartialAmount: whop.Ptr(20.0)})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(*pay.Status, pay.Substatus, *pay.RefundedAmount, pay.Refundable)

	// A full refund of what is left. The payment stays "paid"; its
	// substatus says it was refunded.
	pay, err = client.Payments.Refund(ctx, payID, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(*pay.Status, pay.Substatus, *pay.RefundedAmount, pay.Refundable)
	// Output:
	// paid partially_refunded 20 true
	// paid refunded 50 false
}
