package whop_test

import (
	"context"
	"fmt"
	"log"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
)

// A 20% promo code, applied to a payment.
func ExamplePromoCodesService_Create() {
	srv := whoptest.New()
	srv.Start()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	demo := srv.SeedDemo() // its first plan costs 25 USD

	promo, err := client.PromoCodes.Create(ctx, &whop.PromoCodeCreateParams{
		CompanyID:    srv.CompanyID(),
		Code:         "LAUNCH20",
		PromoType:    whop.PromoTypePercentage,
		AmountOff:    20,
		BaseCurrency: whop.CurrencyUSD,
	})
	if err != nil {
		log.Fatal(err)
	}
	pay, err := client.Payments.Create(ctx, &whop.PaymentCreateParams{CompanyID: srv.CompanyID(),
		PlanID: demo.PlanIDs[0], MemberID: demo.Members[0].ID, PromoCodeID: &promo.ID})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(promo.Status, *pay.Status, *pay.Total)
	// Output: active paid 20
}
