package whop

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWebhookPayloadsMatchTypes checks that the data of each membership,
// refund, dispute and invoice webhook fixture decodes, with no unknown
// field and nothing lost, into the type its accessor returns. The
// fixtures carry every field the SDK's event payloads declare, so a field
// the Go type lacks or names differently fails here.
func TestWebhookPayloadsMatchTypes(t *testing.T) {
	tests := []struct {
		fixture string
		typ     WebhookEventType
		check   func(t *testing.T, ev *WebhookEvent) string
	}{
		{"webhook_membership_deactivated.json", WebhookEventMembershipDeactivated, func(t *testing.T, ev *WebhookEvent) string {
			v, err := ev.Membership()
			require.NoError(t, err)
			assertRoundTrip[Membership](t, string(ev.Data))
			return v.ID
		}},
		{"webhook_membership_cancel_at_period_end_changed.json", WebhookEventMembershipCancelAtPeriodEndChanged, func(t *testing.T, ev *WebhookEvent) string {
			v, err := ev.Membership()
			require.NoError(t, err)
			assertRoundTrip[Membership](t, string(ev.Data))
			return v.ID
		}},
		{"webhook_refund_created.json", WebhookEventRefundCreated, func(t *testing.T, ev *WebhookEvent) string {
			v, err := ev.Refund()
			require.NoError(t, err)
			assertRoundTrip[Refund](t, string(ev.Data))
			return v.ID
		}},
		{"webhook_dispute_created.json", WebhookEventDisputeCreated, func(t *testing.T, ev *WebhookEvent) string {
			v, err := ev.Dispute()
			require.NoError(t, err)
			assertRoundTrip[Dispute](t, string(ev.Data))
			return v.ID
		}},
		{"webhook_invoice_paid.json", WebhookEventInvoicePaid, func(t *testing.T, ev *WebhookEvent) string {
			v, err := ev.Invoice()
			require.NoError(t, err)
			assertRoundTrip[Invoice](t, string(ev.Data))
			return v.ID
		}},
	}
	for _, tc := range tests {
		t.Run(tc.fixture, func(t *testing.T) {
			ev, err := decodeWebhookEvent([]byte(fixture(t, tc.fixture)))
			require.NoError(t, err)
			assert.Equal(t, tc.typ, ev.Type)
			assert.NotEmpty(t, tc.check(t, ev), "the accessor decodes the object's id")
		})
	}
}
