package whop_test

import (
	"context"
	"fmt"
	"log"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
)

// The refunds of one payment, newest first: each Payments.Refund call
// records one.
func ExampleRefundsService_ListAll() {
	srv := whoptest.New()
	srv.Start()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	payID := srv.SeedDemo().PaymentIDs[1] // a paid payment of 50 USD
	for _, amount := range []float64{10, 15} {
		if _, err := client.Payments.Refund(ctx, payID, &whop.PaymentRefundParams{PartialAmount: &amount}); err != nil {
			log.Fatal(err)
		}
	}

	var total float64
	for r, err := range client.Refunds.ListAll(ctx, &whop.RefundListParams{PaymentID: payID}) {
		if err != nil {
			log.Fatal(err)
		}
		total += r.Amount
		fmt.Println(r.Status, r.Amount, r.Currency)
	}
	fmt.Println("refunded:", total)
	// Output:
	// succeeded 15 usd
	// succeeded 10 usd
	// refunded: 25
}
