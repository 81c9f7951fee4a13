package whop_test

import (
	"context"
	"fmt"
	"log"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
)

// Send an invoice due in 30 days, then record that it was paid outside
// Whop.
func ExampleInvoicesService_MarkPaid() {
	srv := whoptest.New()
	srv.Start()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	member := srv.SeedMember("Ada Lovelace")

	inv, err := client.Invoices.Create(ctx, &whop.InvoiceCreateParams{
		CompanyID:        srv.CompanyID(),
		CollectionMethod: whop.CollectionMethodSendInvoice,
		Product:          &whop.InvoiceProductParams{Title: "Consulting"},
		MemberID:         &member.ID,
		DueDate:          whop.Ptr(srv.Now().AddDate(0, 0, 30)), // in production: time.Now()
		Plan:             whop.InvoicePlanParams{InitialPrice: whop.Ptr(120.0)},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(inv.Status)

	if err := client.Invoices.MarkPaid(ctx, inv.ID); err != nil {
		log.Fatal(err)
	}
	inv, err = client.Invoices.Get(ctx, inv.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(inv.Status)
	// Output:
	// open
	// paid
}
