package whop_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
)

// A checkout for an existing plan; send the buyer to its PurchaseURL.
// Metadata comes back on the payment and the membership it produces.
func ExampleCheckoutConfigurationsService_Create() {
	srv := whoptest.New()
	srv.Start()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	demo := srv.SeedDemo()

	chk, err := client.CheckoutConfigurations.Create(ctx, &whop.CheckoutConfigurationCreateParams{
		PlanID:      demo.PlanIDs[0],
		RedirectURL: whop.Ptr("https://example.com/thanks"),
		Metadata:    map[string]any{"order_id": "ord_123"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(chk.Mode, strings.HasPrefix(chk.PurchaseURL, "https://"), chk.Metadata["order_id"])
	// Output: payment true ord_123
}
