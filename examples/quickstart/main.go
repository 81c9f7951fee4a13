// Command quickstart tours the SDK: it lists products, creates one, pages
// through payments and refunds one.
//
//	go run ./examples/quickstart
//
// With WHOP_API_KEY (and WHOP_COMPANY_ID) set it talks to the real API.
// Be careful there: it creates a product and refunds a payment. Without
// them it starts the in-memory whoptest fake, seeds a small world, and runs
// against that.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := run(ctx, os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, getenv func(string) string, out io.Writer) error {
	client, companyID, cleanup, err := connect(getenv, out)
	if err != nil {
		return err
	}
	defer cleanup()

	// List products, newest first, one page at a time under the hood.
	fmt.Fprintln(out, "products:")
	for p, err := range client.Products.ListAll(ctx, &whop.ProductListParams{CompanyID: companyID}) {
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "  %s  %s\n", p.ID, p.Title)
	}

	// Create one.
	prod, err := client.Products.Create(ctx, &whop.ProductCreateParams{
		CompanyID:  companyID,
		Title:      "Quickstart Product",
		Visibility: whop.Ptr(whop.VisibilityHidden),
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "created product %s (%s)\n", prod.ID, prod.Route)

	// Page through the paid payments of the last 30 days and refund the
	// first refundable one by 1.00 in its currency.
	since := time.Now().Add(-30 * 24 * time.Hour)
	var refundable *whop.PaymentListItem
	n := 0
	for p, err := range client.Payments.ListAll(ctx, &whop.PaymentListParams{
		CompanyID:    companyID,
		Statuses:     []whop.PaymentStatus{whop.PaymentStatusPaid},
		CreatedAfter: &since,
	}) {
		if err != nil {
			return err
		}
		n++
		if refundable == nil && p.Refundable {
			refundable = &p
		}
	}
	fmt.Fprintf(out, "%d paid payments since %s\n", n, since.Format(time.DateOnly))
	if refundable == nil {
		fmt.Fprintln(out, "nothing to refund")
		return nil
	}
	refunded, err := client.Payments.Refund(ctx, refundable.ID, &whop.PaymentRefundParams{PartialAmount: whop.Ptr(1.0)})
	var apiErr *whop.APIError
	if errors.As(err, &apiErr) {
		return fmt.Errorf("refund refused: %s (status %d)", apiErr.Message, apiErr.StatusCode)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "refunded 1.00 of %s: now %s, %.2f refunded\n", refunded.ID, refunded.Substatus, deref(refunded.RefundedAmount))
	return nil
}

// connect returns a client for the real API when WHOP_API_KEY is set, or
// for an in-process whoptest server seeded with demo data otherwise.
func connect(getenv func(string) string, out io.Writer) (*whop.Client, string, func(), error) {
	if getenv(whop.EnvAPIKey) != "" {
		companyID := getenv("WHOP_COMPANY_ID")
		if companyID == "" {
			return nil, "", nil, errors.New("set WHOP_COMPANY_ID (biz_...) along with WHOP_API_KEY")
		}
		c, err := whop.NewClient()
		return c, companyID, func() {}, err
	}
	fmt.Fprintln(out, "WHOP_API_KEY is not set: running against an in-memory whoptest server")
	srv := whoptest.New()
	srv.Start()
	demo := srv.SeedDemo()
	c, err := srv.NewClient()
	if err != nil {
		srv.Close()
		return nil, "", nil, err
	}
	return c, demo.CompanyID, srv.Close, nil
}

func deref(f *float64) float64 {
	if f == nil {
		return 0
	}
	return *f
}
