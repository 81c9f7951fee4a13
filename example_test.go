package whop_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/gowhop/whop"
)

// The README's quickstart: build a client from WHOP_API_KEY, list a
// company's products page by page, and fetch one.
func Example() {
	client, err := whop.NewClient() // reads WHOP_API_KEY, WHOP_BASE_URL, WHOP_APP_ID
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	for p, err := range client.Products.ListAll(ctx, &whop.ProductListParams{CompanyID: "biz_xxxxxxxxxxxxxx"}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(p.ID, p.Title)
	}

	p, err := client.Products.Get(ctx, "prod_xxxxxxxxxxxxx")
	if errors.Is(err, whop.ErrNotFound) {
		fmt.Println("no such product")
		return
	}
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.Title, p.Company.Title)
}

// Errors carry the API's status and error object; sentinels classify them.
func ExampleAPIError() {
	err := error(&whop.APIError{StatusCode: 404, Method: "GET", URL: "https://api.whop.com/api/v1/products/prod_x", Message: "Product not found"})

	var apiErr *whop.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Message)
	}
	fmt.Println(errors.Is(err, whop.ErrNotFound))
	// Output:
	// 404 Product not found
	// true
}

// Update sets, clears or leaves alone each field.
func ExampleProductsService_Update() {
	params := &whop.ProductUpdateParams{
		Title:    whop.Value("Pickaxe Pro"), // set
		Headline: whop.Null[string](),       // clear
		// Description is left alone
	}
	fmt.Println(params.Title.IsSet(), params.Headline.IsNull(), params.Description.IsSet())
	// Output: true true false
}
