package whop_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
)

// Create a product, list the company's products, delete it again.
func ExampleProductsService_Create() {
	srv := whoptest.New()
	srv.Start()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	p, err := client.Products.Create(ctx, &whop.ProductCreateParams{CompanyID: srv.CompanyID(), Title: "Pickaxe Analytics"})
	if err != nil {
		log.Fatal(err)
	}
	for item, err := range client.Products.ListAll(ctx, &whop.ProductListParams{CompanyID: srv.CompanyID()}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(item.Title)
	}

	if err := client.Products.Delete(ctx, p.ID); err != nil {
		log.Fatal(err)
	}
	_, err = client.Products.Get(ctx, p.ID)
	fmt.Println(errors.Is(err, whop.ErrNotFound))
	// Output:
	// Pickaxe Analytics
	// true
}
