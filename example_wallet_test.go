package whop_test

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
)

// The endpoint Whop's browser WalletSession fetches its token from. The
// authorizer admits only the company's staff (here: a toy header check;
// use your own sessions and roles), and the params hook narrows what the
// token can do.
func ExampleNewWalletTokenHandler() {
	srv := whoptest.New()
	srv.Start()
	defer srv.Close()
	client := srv.Client()

	h, err := whop.NewWalletTokenHandler(client, srv.CompanyID(),
		whop.WithWalletAuthorizer(func(r *http.Request) error {
			switch r.Header.Get("X-Role") {
			case "staff":
				return nil
			case "":
				return whop.ErrWalletUnauthenticated // 401
			default:
				return whop.ErrWalletForbidden // 403
			}
		}),
		whop.WithWalletTokenParams(func(r *http.Request, p *whop.AccessTokenCreateParams) error {
			p.ScopedActions = []string{"company:balance:read", "payout:withdrawal:read"}
			return nil
		}),
	)
	if err != nil {
		log.Fatal(err) // a misconfiguration: fail at start-up
	}
	app := httptest.NewServer(h) // in production: mux.Handle("/api/wallet-token", h)
	defer app.Close()

	for _, role := range []string{"staff", "customer", ""} {
		req, _ := http.NewRequest(http.MethodPost, app.URL, nil)
		req.Header.Set("X-Role", role)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			log.Fatal(err)
		}
		var body struct{ Token, Error string }
		err = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if err != nil {
			log.Fatal(err)
		}
		if body.Error != "" {
			fmt.Println(resp.StatusCode, body.Error)
			continue
		}
		fmt.Println(resp.StatusCode, "token minted:", body.Token != "")
	}
	// Output:
	// 200 token minted: true
	// 403 forbidden
	// 401 authentication required
}
