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

func TestRefundFixturesRoundTrip(t *testing.T) {
	r := assertRoundTrip[Refund](t, fixture(t, "refund.json"))
	assert.Equal(t, RefundStatusSucceeded, r.Status)
	assert.Equal(t, PaymentProviderStripe, r.Provider)
	assert.Equal(t, RefundReferenceTypeAcquirerReferenceNumber, *r.ReferenceType)
	require.NotNil(t, r.Payment)
	assert.Equal(t, "pay_Qm9vZ2hX3kT1aa", r.Payment.ID)
	assert.Equal(t, MembershipStatusActive, r.Payment.Membership.Status)
	assert.Equal(t, "pro", r.Payment.Plan.Metadata["tier"])
	assert.Equal(t, time.Date(2024, 3, 14, 15, 9, 26, 535e6, time.UTC), *r.Payment.CreatedAt)

	page := assertRoundTrip[Page[Refund]](t, fixture(t, "refunds_page.json"))
	require.Len(t, page.Data, 2)
	assert.Equal(t, "pay_Qm9vZ2hX3kT1aa", page.Data[0].Payment.ID)
	assert.Nil(t, page.Data[0].Payment.CreatedAt, "a list's payment carries only its ID")
	assert.Nil(t, page.Data[1].Payment)
	assert.Equal(t, RefundStatus("some_future_refund_status"), page.Data[1].Status, "unknown enum values decode")
	assert.Equal(t, PaymentProvider("some_future_provider"), page.Data[1].Provider)
	assert.Equal(t, RefundReferenceStatus("some_future_reference_status"), *page.Data[1].ReferenceStatus)
}

func TestRefundsList(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/refunds", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testNoBody(t, r)
		q := r.URL.Query()
		assert.Equal(t, "biz_1", q.Get("company_id"))
		assert.Equal(t, "pay_1", q.Get("payment_id"))
		assert.Equal(t, "user_1", q.Get("user_id"))
		assert.Equal(t, "asc", q.Get("direction"))
		assert.Equal(t, "2024-03-01T00:00:00.000Z", q.Get("created_after"))
		assert.Equal(t, "5", q.Get("first"))
		assert.NotContains(t, q, "created_before")
		writeJSON(w, 200, fixture(t, "refunds_page.json"))
	})
	after := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	page, err := c.Refunds.List(context.Background(), &RefundListParams{
		ListParams: ListParams{First: 5}, CompanyID: "biz_1", PaymentID: "pay_1", UserID: "user_1",
		Direction: DirectionAsc, CreatedAfter: &after,
	})
	require.NoError(t, err)
	assert.Len(t, page.Data, 2)
}

func TestRefundsListAllAndGet(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/refunds", func(w http.ResponseWriter, r *http.Request) {
		assert.Empty(t, r.URL.RawQuery, "nil params send no filter")
		writeJSON(w, 200, `{"data":[{"id":"rfnd_1"},{"id":"rfnd_2"}],"page_info":{"has_next_page":false}}`)
	})
	ts.Mux.HandleFunc("/refunds/rfnd_1", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		writeJSON(w, 200, fixture(t, "refund.json"))
	})
	var ids []string
	for r, err := range c.Refunds.ListAll(context.Background(), nil) {
		require.NoError(t, err)
		ids = append(ids, r.ID)
	}
	assert.Equal(t, []string{"rfnd_1", "rfnd_2"}, ids)
	r, err := c.Refunds.Get(context.Background(), "rfnd_1")
	require.NoError(t, err)
	assert.Equal(t, 10.43, r.Amount)

	_, err = c.Refunds.Get(context.Background(), "")
	assertParamError(t, err, "id")
	_, err = c.Refunds.List(context.Background(), &RefundListParams{ListParams: ListParams{First: -1}})
	assertParamError(t, err, "first")
}

func TestWebhookEventRefund(t *testing.T) {
	ev, err := decodeWebhookEvent([]byte(fixture(t, "webhook_refund_created.json")))
	require.NoError(t, err)
	assert.Equal(t, WebhookEventRefundCreated, ev.Type)
	r, err := ev.Refund()
	require.NoError(t, err)
	assert.Equal(t, "rfnd_Lw2kV8nQ1zX4c", r.ID)
	assert.Equal(t, "pay_Qm9vZ2hX3kT1aa", r.Payment.ID)

	_, err = ev.Payment()
	assert.True(t, errors.Is(err, ErrWebhookEventType))
	_, err = ev.Dispute()
	assert.True(t, errors.Is(err, ErrWebhookEventType))
	_, err = ev.Invoice()
	assert.True(t, errors.Is(err, ErrWebhookEventType))

	bad := &WebhookEvent{Type: WebhookEventRefundUpdated, Data: []byte(`{"amount":"ten"}`)}
	_, err = bad.Refund()
	assert.True(t, errors.Is(err, ErrWebhookInvalidPayload))
}
