package whop_test

import (
	"context"
	"fmt"
	"log"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
)

// Answer a dispute: update its evidence, then submit it for review. After
// submitting, the evidence can no longer be changed.
func ExampleDisputesService_SubmitEvidence() {
	srv := whoptest.New()
	srv.Start()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	disputeID, err := srv.SeedDispute(srv.SeedDemo().PaymentIDs[0])
	if err != nil {
		log.Fatal(err)
	}

	d, err := client.Disputes.UpdateEvidence(ctx, disputeID, &whop.DisputeUpdateEvidenceParams{
		ProductDescription: whop.Value("Lifetime access to Pickaxe Analytics"),
		Notes:              whop.Value("The customer used the product after paying."),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.Status, *d.Editable)

	d, err = client.Disputes.SubmitEvidence(ctx, disputeID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.Status, *d.Editable)
	// Output:
	// needs_response true
	// under_review false
}
