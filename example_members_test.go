package whop_test

import (
	"context"
	"fmt"
	"log"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
)

// A company's customers with a valid membership, with their token
// balances.
func ExampleMembersService_ListAll() {
	srv := whoptest.New()
	srv.Start()
	defer srv.Close()
	client := srv.Client()
	srv.SeedDemo() // Ada paid twice; Bob's card declined

	for m, err := range client.Members.ListAll(context.Background(), &whop.MemberListParams{
		CompanyID:   srv.CompanyID(),
		AccessLevel: whop.AccessLevelCustomer,
	}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(m.User.Username, m.AccessLevel, m.CompanyTokenBalance)
	}
	// Output: ada-lovelace customer 500
}
