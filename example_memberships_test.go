package whop_test

import (
	"context"
	"fmt"
	"log"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
)

// Cancel a monthly membership at the end of the period the member paid
// for, then take the cancellation back before that end.
func ExampleMembershipsService_Cancel() {
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
		log.Fatal(err)
	}

	m, err := client.Memberships.Cancel(ctx, pay.Membership.ID, &whop.MembershipCancelParams{
		CancellationMode: whop.Ptr(whop.CancellationModeAtPeriodEnd),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.Status, m.CancelAtPeriodEnd)

	m, err = client.Memberships.Uncancel(ctx, m.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.Status, m.CancelAtPeriodEnd)
	// Output:
	// canceling true
	// active false
}

// The active memberships of one product.
func ExampleMembershipsService_ListAll() {
	srv := whoptest.New()
	srv.Start()
	defer srv.Close()
	client := srv.Client()
	demo := srv.SeedDemo() // Ada bought the first two products; Bob's card declined

	for m, err := range client.Memberships.ListAll(context.Background(), &whop.MembershipListParams{
		CompanyID:  srv.CompanyID(),
		ProductIDs: []string{demo.ProductIDs[0]},
		Statuses:   []whop.MembershipStatus{whop.MembershipStatusActive},
	}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(m.Status, m.User.Username)
	}
	// Output: active ada-lovelace
}
