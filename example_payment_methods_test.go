package whop_test

import (
	"context"
	"fmt"
	"log"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
)

// The payment methods a member has stored, to pick one to charge.
func ExamplePaymentMethodsService_ListAll() {
	srv := whoptest.New()
	srv.Start()
	defer srv.Close()
	client := srv.Client()
	member := srv.SeedMember("Ada Lovelace")
	if _, err := srv.SeedPaymentMethod(member.ID, whop.PaymentMethodVariantCard); err != nil {
		log.Fatal(err)
	}

	for pm, err := range client.PaymentMethods.ListAll(context.Background(), &whop.PaymentMethodListParams{MemberID: member.ID}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(pm.Typename, pm.PaymentMethodType, pm.Card != nil)
	}
	// Output: CardPaymentMethod card true
}
