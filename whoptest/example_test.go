package whoptest_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
)

// A whole purchase against the fake: seed a member with a card and a plan,
// charge it, refund part of it.
func ExampleServer() {
	srv := whoptest.New() // in a test: whoptest.NewServer(t)
	srv.Start()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	member := srv.SeedMember("Ada Lovelace")
	card, _ := srv.SeedPaymentMethod(member.ID, whop.PaymentMethodVariantCard)
	product, _ := client.Products.Create(ctx, &whop.ProductCreateParams{CompanyID: srv.CompanyID(), Title: "Course"})
	planID, _ := srv.SeedPlan(product.ID, 100, whop.CurrencyUSD)

	pay, err := client.Payments.Create(ctx, &whop.PaymentCreateParams{
		CompanyID: srv.CompanyID(), PlanID: planID, MemberID: member.ID, PaymentMethodID: &card.ID,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(*pay.Status, pay.Substatus, *pay.Total)

	pay, err = client.Payments.Refund(ctx, pay.ID, &whop.PaymentRefundParams{PartialAmount: whop.Ptr(25.0)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(pay.Substatus, *pay.RefundedAmount, pay.Refundable)
	// Output:
	// paid succeeded 100
	// partially_refunded 25 true
}

// Fault injection: the next two requests fail with 503 and the client's
// retries carry the call through.
func ExampleServer_FailNext() {
	srv := whoptest.New()
	srv.Start()
	defer srv.Close()
	client := srv.Client()

	srv.FailNext(2, 503, nil)
	page, err := client.Products.List(context.Background(), &whop.ProductListParams{CompanyID: srv.CompanyID()})
	fmt.Println(len(page.Data), err, srv.RequestCount())
	// Output: 0 <nil> 3
}

// Time on the fake: a monthly membership canceled at the end of its
// period keeps access until Advance moves the clock past that end.
func ExampleServer_Advance() {
	srv := whoptest.New()
	srv.Start()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	member := srv.SeedMember("Ada Lovelace")
	_, _ = srv.SeedPaymentMethod(member.ID, whop.PaymentMethodVariantCard)
	product, _ := client.Products.Create(ctx, &whop.ProductCreateParams{CompanyID: srv.CompanyID(), Title: "Club"})
	plan, _ := client.Plans.Create(ctx, &whop.PlanCreateParams{CompanyID: srv.CompanyID(), ProductID: product.ID,
		PlanType: whop.Ptr(whop.PlanTypeRenewal), RenewalPrice: whop.Ptr(10.0), BillingPeriod: whop.Ptr(30)})
	pay, err := client.Payments.Create(ctx, &whop.PaymentCreateParams{CompanyID: srv.CompanyID(), PlanID: plan.ID, MemberID: member.ID})
	if err != nil {
		fmt.Println(err)
		return
	}
	m, _ := client.Memberships.Cancel(ctx, pay.Membership.ID, &whop.MembershipCancelParams{
		CancellationMode: whop.Ptr(whop.CancellationModeAtPeriodEnd)})
	access, _ := client.Users.CheckAccess(ctx, member.UserID, product.ID)
	fmt.Println(m.Status, access.HasAccess)

	srv.Advance(31 * 24 * time.Hour)
	m, _ = client.Memberships.Get(ctx, m.ID)
	access, _ = client.Users.CheckAccess(ctx, member.UserID, product.ID)
	fmt.Println(m.Status, access.HasAccess)
	// Output:
	// canceling true
	// canceled false
}

// An answer lost after the refund was made: without retries the call
// fails with its key, and repeating it under that key gets the refund
// that was made instead of refunding again.
func ExampleServer_FailAfterNextOn() {
	srv := whoptest.New()
	srv.Start()
	defer srv.Close()
	client := srv.Client(whop.WithMaxRetries(0))
	ctx := context.Background()

	member := srv.SeedMember("Ada Lovelace")
	card, _ := srv.SeedPaymentMethod(member.ID, whop.PaymentMethodVariantCard)
	product, _ := client.Products.Create(ctx, &whop.ProductCreateParams{CompanyID: srv.CompanyID(), Title: "Course"})
	planID, _ := srv.SeedPlan(product.ID, 100, whop.CurrencyUSD)
	pay, _ := client.Payments.Create(ctx, &whop.PaymentCreateParams{
		CompanyID: srv.CompanyID(), PlanID: planID, MemberID: member.ID, PaymentMethodID: &card.ID,
	})

	_ = srv.FailAfterNextOn("POST", "/payments/{id}/refund", 1, 502, nil)
	params := &whop.PaymentRefundParams{PartialAmount: whop.Ptr(25.0)}
	_, err := client.Payments.Refund(ctx, pay.ID, params)
	var keyErr *whop.IdempotencyKeyError
	if !errors.As(err, &keyErr) {
		fmt.Println("unexpected:", err)
		return
	}
	fmt.Println(errors.Is(err, whop.ErrServer))

	refunded, err := client.Payments.Refund(ctx, pay.ID, params, whop.WithIdempotencyKey(keyErr.Key))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(*refunded.RefundedAmount)
	// Output:
	// true
	// 25
}
