package whop_test

import (
	"context"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
)

// Mint a short-lived access token for one user, to hand to the browser
// instead of the API key. The token is a bearer credential: printing the
// AccessToken never shows it.
func ExampleAccessTokensService_Create() {
	srv := whoptest.New()
	srv.Start()
	defer srv.Close()
	client := srv.Client()
	member := srv.SeedMember("Ada Lovelace")

	tok, err := client.AccessTokens.Create(context.Background(), &whop.AccessTokenCreateParams{
		UserID:    member.UserID,
		ExpiresAt: whop.Ptr(srv.Now().Add(15 * time.Minute)), // in production: time.Now().Add(...)
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tok.Token != "", tok.ExpiresAt.After(srv.Now()))
	fmt.Println(strings.Contains(fmt.Sprint(tok), tok.Token)) // String redacts the token
	// Output:
	// true true
	// false
}
