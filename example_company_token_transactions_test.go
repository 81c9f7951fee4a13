package whop_test

import (
	"context"
	"fmt"
	"log"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
)

// Transfer tokens from one member to another. An IdempotencyKey derived
// from your own record makes the call safe to repeat after a crash or a
// timeout: the API moves the tokens at most once per key.
func ExampleCompanyTokenTransactionsService_Create() {
	srv := whoptest.New()
	srv.Start()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	ada, bob := srv.SeedMember("Ada Lovelace"), srv.SeedMember("Bob Builder")
	if err := srv.SeedTokenBalance(srv.CompanyID(), ada.UserID, 100); err != nil {
		log.Fatal(err)
	}

	params := &whop.CompanyTokenTransactionCreateParams{
		TransactionType:   whop.CompanyTokenTransactionTypeTransfer,
		CompanyID:         srv.CompanyID(),
		UserID:            ada.UserID, // the sender
		DestinationUserID: bob.UserID,
		Amount:            30,
		IdempotencyKey:    "gift-order-1234",
	}
	for range 2 { // the second call is a safe repeat, not a second transfer
		tx, err := client.CompanyTokenTransactions.Create(ctx, params)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(tx.TransactionType, tx.Amount, tx.LinkedTransactionID != nil)
	}
	fmt.Println(srv.TokenBalance(srv.CompanyID(), ada.UserID), srv.TokenBalance(srv.CompanyID(), bob.UserID))
	// Output:
	// transfer 30 true
	// transfer 30 true
	// 70 30
}
