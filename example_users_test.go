package whop_test

import (
	"context"
	"fmt"
	"log"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
)

// Grant access only to those who paid: CheckAccess answers for a user and
// a product (or a company), and turns true once a payment has activated a
// membership.
func ExampleUsersService_CheckAccess() {
	srv := whoptest.New()
	srv.Start()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	member := srv.SeedMember("Ada Lovelace")
	card, _ := srv.SeedPaymentMethod(member.ID, whop.PaymentMethodVariantCard)
	product, _ := client.Products.Create(ctx, &whop.ProductCreateParams{CompanyID: srv.CompanyID(), Title: "Course"})
	planID, _ := srv.SeedPlan(product.ID, 100, whop.CurrencyUSD)

	access, err := client.Users.CheckAccess(ctx, member.UserID, product.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(access.HasAccess, access.AccessLevel)

	_, err = client.Payments.Create(ctx, &whop.PaymentCreateParams{CompanyID: srv.CompanyID(),
		PlanID: planID, MemberID: member.ID, PaymentMethodID: &card.ID})
	if err != nil {
		log.Fatal(err)
	}
	access, err = client.Users.CheckAccess(ctx, member.UserID, product.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(access.HasAccess, access.AccessLevel)
	// Output:
	// false no_access
	// true customer
}

// A user's public profile.
func ExampleUsersService_Get() {
	srv := whoptest.New()
	srv.Start()
	defer srv.Close()
	client := srv.Client()
	member := srv.SeedMember("Ada Lovelace")

	u, err := client.Users.Get(context.Background(), member.UserID, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.Username, *u.Name)
	// Output: ada-lovelace Ada Lovelace
}
