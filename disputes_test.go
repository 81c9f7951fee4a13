package whop

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDisputeFixturesRoundTrip(t *testing.T) {
	d := assertRoundTrip[Dispute](t, fixture(t, "dispute.json"))
	assert.Equal(t, DisputeStatusNeedsResponse, d.Status)
	assert.Equal(t, time.Date(2024, 4, 15, 23, 59, 59, 251e6, time.UTC), *d.NeedsResponseBy)
	assert.Equal(t, "Pickaxe", d.Company.Title)
	assert.Equal(t, "Pickaxe Analytics", d.Product.Title)
	assert.Equal(t, "file_Cc2", d.CustomerCommunicationAttachment.ID)
	assert.Nil(t, d.RefundPolicyAttachment.ContentType)
	assert.Nil(t, d.UncategorizedAttachment)
	assert.Equal(t, "+15555550123", *d.Payment.Member.Phone)
	assert.True(t, *d.Editable)

	page := assertRoundTrip[Page[Dispute]](t, fixture(t, "disputes_page.json"))
	require.Len(t, page.Data, 2)
	assert.Nil(t, page.Data[0].Notes, "lists carry no evidence")
	assert.Equal(t, DisputeStatus("some_future_dispute_status"), page.Data[1].Status, "unknown enum values decode")
	assert.True(t, page.Data[1].VisaRDR)
}

func TestDisputesList(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/disputes", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		q := r.URL.Query()
		assert.Equal(t, "biz_1", q.Get("company_id"))
		assert.Equal(t, "2024-04-01T00:00:00.000Z", q.Get("created_before"))
		assert.Equal(t, "desc", q.Get("direction"))
		assert.Equal(t, "c0", q.Get("before"))
		writeJSON(w, 200, fixture(t, "disputes_page.json"))
	})
	before := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
	params := &DisputeListParams{
		ListParams: ListParams{Before: "c0"}, CompanyID: "biz_1", Direction: DirectionDesc, CreatedBefore: &before,
	}
	page, err := c.Disputes.List(context.Background(), params)
	require.NoError(t, err)
	assert.Len(t, page.Data, 2)

	var n int
	for _, err := range c.Disputes.ListAll(context.Background(), params) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 2, n)
}

func TestDisputesGetUpdateSubmit(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/disputes/dspt_1", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		writeJSON(w, 200, fixture(t, "dispute.json"))
	})
	ts.Mux.HandleFunc("/disputes/dspt_1/update_evidence", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testJSONBody(t, r, `{
			"access_activity_log": "logins", "billing_address": "1 Main St",
			"cancellation_policy_attachment": {"id": "file_1"}, "cancellation_policy_disclosure": "cancel any time",
			"customer_communication_attachment": {"id": "file_2"}, "customer_email_address": "a@example.com",
			"customer_name": "Ada", "notes": null, "product_description": "analytics",
			"refund_policy_attachment": {"id": "file_3"}, "refund_policy_disclosure": "7 days",
			"refund_refusal_explanation": "too late", "service_date": "2024-03-14",
			"uncategorized_attachment": null
		}`)
		writeJSON(w, 200, fixture(t, "dispute.json"))
	})
	ts.Mux.HandleFunc("/disputes/dspt_2/update_evidence", func(w http.ResponseWriter, r *http.Request) {
		testJSONBody(t, r, `{}`)
		writeJSON(w, 200, fixture(t, "dispute.json"))
	})
	ts.Mux.HandleFunc("/disputes/dspt_1/submit_evidence", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testNoBody(t, r)
		writeJSON(w, 200, fixture(t, "dispute.json"))
	})
	ctx := context.Background()
	d, err := c.Disputes.Get(ctx, "dspt_1")
	require.NoError(t, err)
	assert.Equal(t, "dspt_Rb5nY1pS3cZ7e", d.ID)

	_, err = c.Disputes.UpdateEvidence(ctx, "dspt_1", &DisputeUpdateEvidenceParams{
		AccessActivityLog:               Value("logins"),
		BillingAddress:                  Value("1 Main St"),
		CancellationPolicyAttachment:    Value(FileRef{ID: "file_1"}),
		CancellationPolicyDisclosure:    Value("cancel any time"),
		CustomerCommunicationAttachment: Value(FileRef{ID: "file_2"}),
		CustomerEmailAddress:            Value("a@example.com"),
		CustomerName:                    Value("Ada"),
		Notes:                           Null[string](),
		ProductDescription:              Value("analytics"),
		RefundPolicyAttachment:          Value(FileRef{ID: "file_3"}),
		RefundPolicyDisclosure:          Value("7 days"),
		RefundRefusalExplanation:        Value("too late"),
		ServiceDate:                     Value("2024-03-14"),
		UncategorizedAttachment:         Null[FileRef](),
	})
	require.NoError(t, err)
	_, err = c.Disputes.UpdateEvidence(ctx, "dspt_2", nil)
	require.NoError(t, err)
	_, err = c.Disputes.SubmitEvidence(ctx, "dspt_1")
	require.NoError(t, err)
}

func TestDisputesValidation(t *testing.T) {
	c, ts := newTestClient(t)
	ctx := context.Background()
	_, err := c.Disputes.List(ctx, nil)
	assertParamError(t, err, "company_id")
	_, err = c.Disputes.List(ctx, &DisputeListParams{CompanyID: " "})
	assertParamError(t, err, "company_id")
	_, err = c.Disputes.UpdateEvidence(ctx, "dspt_1", &DisputeUpdateEvidenceParams{RefundPolicyAttachment: Value(FileRef{})})
	assertParamError(t, err, "refund_policy_attachment.id")
	_, err = c.Disputes.SubmitEvidence(ctx, "..")
	assertParamError(t, err, "id")
	_, err = c.Disputes.Get(ctx, "")
	assertParamError(t, err, "id")
	assert.Zero(t, ts.Hits.Load(), "no request may reach the server")
}

func TestWebhookEventDispute(t *testing.T) {
	ev, err := decodeWebhookEvent([]byte(fixture(t, "webhook_dispute_created.json")))
	require.NoError(t, err)
	d, err := ev.Dispute()
	require.NoError(t, err)
	assert.Equal(t, DisputeStatusNeedsResponse, d.Status)
	alert := &WebhookEvent{Type: WebhookEventDisputeAlertCreated, Data: ev.Data}
	_, err = alert.Dispute()
	assert.True(t, errors.Is(err, ErrWebhookEventType), "dispute_alert.* is another family")
}
