package whop_test

import (
	"context"
	"fmt"
	"log"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
)

// A monthly plan of 10 USD for a product.
func ExamplePlansService_Create() {
	srv := whoptest.New()
	srv.Start()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	product, err := client.Products.Create(ctx, &whop.ProductCreateParams{CompanyID: srv.CompanyID(), Title: "Club"})
	if err != nil {
		log.Fatal(err)
	}

	plan, err := client.Plans.Create(ctx, &whop.PlanCreateParams{
		CompanyID:     srv.CompanyID(),
		ProductID:     product.ID,
		PlanType:      whop.Ptr(whop.PlanTypeRenewal),
		Currency:      whop.Ptr(whop.CurrencyUSD),
		RenewalPrice:  whop.Ptr(10.0),
		BillingPeriod: whop.Ptr(30), // days
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(plan.PlanType, plan.RenewalPrice, plan.Currency, *plan.BillingPeriod)
	// Output: renewal 10 usd 30
}
