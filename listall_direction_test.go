package whop_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
)

// TestListAllRefusesMixedDirections walks products on a whoptest server
// with cursor parameters that mix the two directions. Before the check,
// {First: 3, Last: 2} yielded 3 of 10 products and Before with First 3 of
// 9, ending without an error: pages silently dropped. After with Last
// walked back past After. Each must now end with a *ParamError before any
// item.
func TestListAllRefusesMixedDirections(t *testing.T) {
	srv := whoptest.NewServer(t)
	c := srv.Client()
	ctx := context.Background()
	for i := 0; i < 10; i++ {
		if _, err := c.Products.Create(ctx, &whop.ProductCreateParams{CompanyID: srv.CompanyID(), Title: fmt.Sprintf("P %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	one := func(lp whop.ListParams) whop.PageInfo {
		page, err := c.Products.List(ctx, &whop.ProductListParams{CompanyID: srv.CompanyID(), ListParams: lp})
		if err != nil {
			t.Fatal(err)
		}
		return page.PageInfo
	}
	lastCursor := one(whop.ListParams{Last: 1}).StartCursor
	firstCursor := one(whop.ListParams{First: 1}).EndCursor

	for name, lp := range map[string]whop.ListParams{
		"first and last":   {First: 3, Last: 2},
		"before and first": {Before: lastCursor, First: 3},
		"after and last":   {After: firstCursor, Last: 3},
	} {
		t.Run(name, func(t *testing.T) {
			items := 0
			var errs []error
			for _, err := range c.Products.ListAll(ctx, &whop.ProductListParams{CompanyID: srv.CompanyID(), ListParams: lp}) {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				items++
			}
			var pe *whop.ParamError
			if len(errs) != 1 || !errors.As(errs[0], &pe) {
				t.Fatalf("want one ParamError, got %d items and errors %v", items, errs)
			}
			if items != 0 {
				t.Errorf("%d items yielded before the error", items)
			}
		})
	}
	// The one-direction walks still see every product.
	for name, lp := range map[string]whop.ListParams{"forward": {First: 3}, "backward": {Last: 3}} {
		n := 0
		for _, err := range c.Products.ListAll(ctx, &whop.ProductListParams{CompanyID: srv.CompanyID(), ListParams: lp}) {
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			n++
		}
		if n != 10 {
			t.Errorf("%s walk saw %d products, want 10", name, n)
		}
	}
}
