package whoptest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sort"
	"testing"
	"time"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A built request passes whop.WebhookHandler with the same secret, and its
// data decodes with the typed accessor into the payment it was built from.
func TestWebhookBuilderRequestPassesTheHandler(t *testing.T) {
	for _, secret := range []string{"ws_builder_secret", "whsec_c2VjcmV0LWJ5dGVz"} {
		t.Run(secret[:3], func(t *testing.T) {
			v, err := whop.NewWebhookVerifier(secret)
			require.NoError(t, err)
			var got *whop.Payment
			h := whop.WebhookHandler(v, func(_ context.Context, ev *whop.WebhookEvent) error {
				p, err := ev.Payment()
				got = p
				return err
			})

			b, err := whoptest.NewWebhookBuilder(secret)
			require.NoError(t, err)
			amount := 42.5
			sent := &whop.Payment{ID: "pay_built", Substatus: whop.PaymentSubstatusSucceeded, Total: &amount, Currency: whop.CurrencyEUR}
			req, err := b.NewRequest("/webhooks/whop", whop.WebhookEventPaymentSucceeded, sent)
			require.NoError(t, err)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			require.NotNil(t, got)
			assert.Equal(t, "pay_built", got.ID)
			assert.Equal(t, 42.5, *got.Total)
			assert.Equal(t, whop.CurrencyEUR, got.Currency)

			// The same webhook under another secret is refused.
			other, err := whoptest.NewWebhookBuilder("ws_another_secret")
			require.NoError(t, err)
			wh, err := other.Build(whop.WebhookEventPaymentSucceeded, sent)
			require.NoError(t, err)
			assert.ErrorIs(t, v.Verify(wh.Body, wh.Header), whop.ErrWebhookNoMatchingSignature)
		})
	}
}

// WithWebhookTime stamps the event; one outside the verifier's tolerance
// is refused, which lets a test cover that path.
func TestWebhookBuilderTime(t *testing.T) {
	const secret = "ws_builder_secret"
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	b, err := whoptest.NewWebhookBuilder(secret, whoptest.WithWebhookTime(at), whoptest.WithWebhookCompany("biz_other"))
	require.NoError(t, err)
	wh, err := b.Build(whop.WebhookEventPaymentFailed, map[string]any{"id": "pay_1"})
	require.NoError(t, err)

	atClock, err := whop.NewWebhookVerifier(secret, whop.WithWebhookClock(func() time.Time { return at.Add(time.Minute) }))
	require.NoError(t, err)
	ev, err := atClock.Unwrap(wh.Body, wh.Header)
	require.NoError(t, err)
	assert.True(t, ev.Timestamp.Equal(at), "%v", ev.Timestamp)
	assert.Equal(t, "biz_other", ev.CompanyID)
	assert.Equal(t, wh.ID, ev.ID)

	now, err := whop.NewWebhookVerifier(secret, whop.WithWebhookClock(func() time.Time { return at.Add(time.Hour) }))
	require.NoError(t, err)
	assert.ErrorIs(t, now.Verify(wh.Body, wh.Header), whop.ErrWebhookTimestampOutsideTolerance)

	_, err = whoptest.NewWebhookBuilder("")
	assert.ErrorIs(t, err, whop.ErrWebhookInvalidSecret)
	_, err = b.Build(whop.WebhookEventPaymentFailed, func() {})
	assert.Error(t, err, "data that does not encode")
}

// The server's builder produces the envelope its own deliveries have: the
// same keys, API version and company, its clock, and IDs that never repeat
// one it sent.
func TestServerWebhookBuilderMatchesDeliveries(t *testing.T) {
	at := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	srv := whoptest.NewServer(t, whoptest.WithClock(func() time.Time { return at }))
	receiver := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer receiver.Close()
	const secret = "ws_server_secret"
	require.NoError(t, srv.SendWebhooksTo(receiver.URL, secret))
	m := srv.SeedMember("Grace Hopper")
	card, err := srv.SeedPaymentMethod(m.ID, whop.PaymentMethodVariantCard)
	require.NoError(t, err)
	c := srv.Client()
	prod, err := c.Products.Create(context.Background(), &whop.ProductCreateParams{CompanyID: srv.CompanyID(), Title: "Course"})
	require.NoError(t, err)
	planID, err := srv.SeedPlan(prod.ID, 10, whop.CurrencyUSD)
	require.NoError(t, err)
	p, err := c.Payments.Create(context.Background(), &whop.PaymentCreateParams{CompanyID: srv.CompanyID(), PlanID: planID, MemberID: m.ID, PaymentMethodID: &card.ID})
	require.NoError(t, err)

	deliveries := srv.Deliveries()
	require.NotEmpty(t, deliveries)
	sent := deliveries[len(deliveries)-1]
	require.Equal(t, whop.WebhookEventPaymentSucceeded, sent.Type)

	b, err := srv.WebhookBuilder(secret)
	require.NoError(t, err)
	wh, err := b.Build(whop.WebhookEventPaymentSucceeded, p)
	require.NoError(t, err)
	assert.Equal(t, envelopeKeys(t, sent.Body), envelopeKeys(t, wh.Body))
	for _, d := range deliveries {
		assert.NotEqual(t, d.ID, wh.ID)
	}

	v, err := whop.NewWebhookVerifier(secret, whop.WithWebhookClock(func() time.Time { return at }))
	require.NoError(t, err)
	ev, err := v.Unwrap(wh.Body, wh.Header)
	require.NoError(t, err)
	assert.True(t, ev.Timestamp.Equal(at), "the server's clock: %v", ev.Timestamp)
	assert.Equal(t, srv.CompanyID(), ev.CompanyID)
	assert.Equal(t, "v1", ev.APIVersion)
	got, err := ev.Payment()
	require.NoError(t, err)
	assert.Equal(t, p.ID, got.ID)
}

func envelopeKeys(t *testing.T, body []byte) []string {
	t.Helper()
	var env map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(body, &env))
	keys := make([]string, 0, len(env))
	for k := range env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
