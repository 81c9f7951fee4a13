package whop

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWebhookEnvelopeAccountID(t *testing.T) {
	ev, err := decodeWebhookEvent([]byte(`{"id":"msg_1","type":"payment.succeeded","account_id":"biz_new","data":{"id":"pay_1"}}`))
	require.NoError(t, err)
	assert.Equal(t, "biz_new", ev.CompanyID, "account_id fills CompanyID for endpoints on newer API versions")
	assert.Equal(t, "biz_new", ev.AccountID)

	ev, err = decodeWebhookEvent([]byte(`{"id":"msg_2","type":"payment.succeeded","company_id":"biz_old","data":{"id":"pay_1"}}`))
	require.NoError(t, err)
	assert.Equal(t, "biz_old", ev.CompanyID)
	assert.Empty(t, ev.AccountID)
}

func TestWebhookEventDataWrongFamily(t *testing.T) {
	ev := &WebhookEvent{Type: WebhookEventMembershipActivated, Data: []byte(`{"id":"mem_1"}`)}
	_, err := ev.Payment()
	assert.ErrorIs(t, err, ErrWebhookEventType)
	assert.Contains(t, err.Error(), "payment")
}
