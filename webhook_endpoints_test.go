package whop

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const fixtureWebhookSecret = "ws_3f8a1c9e2b7d4f6a0c5e8b1d9f2a7c4e"

func TestWebhookEndpointFixturesRoundTrip(t *testing.T) {
	ep := assertRoundTrip[WebhookEndpoint](t, fixture(t, "webhook_endpoint.json"))
	assert.Equal(t, WebhookAPIVersionV1, ep.APIVersion)
	assert.Equal(t, []WebhookEventType{WebhookEventPaymentSucceeded, WebhookEventRefundCreated}, ep.TestableEvents)

	created := assertRoundTrip[CreatedWebhookEndpoint](t, fixture(t, "webhook_endpoint_created.json"))
	assert.Equal(t, fixtureWebhookSecret, created.WebhookSecret)
	assert.Equal(t, "hook_Wg0sD6uX8hE2j", created.ID)

	page := assertRoundTrip[Page[WebhookEndpoint]](t, fixture(t, "webhook_endpoints_page.json"))
	require.Len(t, page.Data, 2)
	assert.Equal(t, WebhookAPIVersion("v9"), page.Data[1].APIVersion, "unknown enum values decode")
	assert.Equal(t, WebhookEventType("some_future.event"), page.Data[1].Events[0])
}

func TestWebhookEndpointsCRUD(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/webhooks", func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			q := r.URL.Query()
			assert.Equal(t, "biz_1", q.Get("company_id"))
			assert.Equal(t, "2", q.Get("last"))
			writeJSON(w, 200, fixture(t, "webhook_endpoints_page.json"))
		case http.MethodPost:
			testJSONBody(t, r, `{"url":"https://example.com/hook","resource_id":"biz_1","api_version":"v1",
				"enabled":true,"events":["refund.created","dispute.created"],"child_resource_events":false}`)
			writeJSON(w, 200, fixture(t, "webhook_endpoint_created.json"))
		default:
			t.Errorf("unexpected %s", r.Method)
		}
	})
	ts.Mux.HandleFunc("/webhooks/hook_1", func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			testNoBody(t, r)
			writeJSON(w, 200, fixture(t, "webhook_endpoint.json"))
		case http.MethodPatch:
			testJSONBody(t, r, `{"enabled":false,"events":["invoice.paid"],"api_version":null}`)
			writeJSON(w, 200, fixture(t, "webhook_endpoint.json"))
		case http.MethodDelete:
			testNoBody(t, r)
			writeJSON(w, 200, `true`)
		}
	})
	ts.Mux.HandleFunc("/webhooks/hook_2", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `false`)
	})
	ctx := context.Background()
	params := &WebhookEndpointListParams{CompanyID: "biz_1", ListParams: ListParams{Last: 2}}
	page, err := c.Webhooks.List(ctx, params)
	require.NoError(t, err)
	assert.Len(t, page.Data, 2)
	var n int
	for _, err := range c.Webhooks.ListAll(ctx, params) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 2, n)

	created, err := c.Webhooks.Create(ctx, &WebhookEndpointCreateParams{
		URL: "https://example.com/hook", ResourceID: Ptr("biz_1"), APIVersion: Ptr(WebhookAPIVersionV1),
		Enabled: Ptr(true), Events: []WebhookEventType{WebhookEventRefundCreated, WebhookEventDisputeCreated},
		ChildResourceEvents: Ptr(false),
	})
	require.NoError(t, err)
	assert.Equal(t, fixtureWebhookSecret, created.WebhookSecret)

	ep, err := c.Webhooks.Get(ctx, "hook_1")
	require.NoError(t, err)
	assert.Equal(t, "biz_k3Jd82nVx0aQpe", ep.ResourceID)
	_, err = c.Webhooks.Update(ctx, "hook_1", &WebhookEndpointUpdateParams{
		Enabled: Value(false), Events: Value([]WebhookEventType{WebhookEventInvoicePaid}), APIVersion: Null[WebhookAPIVersion](),
	})
	require.NoError(t, err)
	require.NoError(t, c.Webhooks.Delete(ctx, "hook_1"))
	err = c.Webhooks.Delete(ctx, "hook_2")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "answered false")
}

func TestWebhookEndpointsValidation(t *testing.T) {
	c, ts := newTestClient(t)
	ctx := context.Background()
	_, err := c.Webhooks.List(ctx, nil)
	assertParamError(t, err, "company_id")
	_, err = c.Webhooks.Create(ctx, nil)
	assertParamError(t, err, "url")
	_, err = c.Webhooks.Create(ctx, &WebhookEndpointCreateParams{URL: "https://x", Events: []WebhookEventType{""}})
	assertParamError(t, err, "events[0]")
	_, err = c.Webhooks.Update(ctx, "hook_1", &WebhookEndpointUpdateParams{URL: Null[string]()})
	assertParamError(t, err, "url")
	_, err = c.Webhooks.Update(ctx, "hook_1", &WebhookEndpointUpdateParams{URL: Value("")})
	assertParamError(t, err, "url")
	assertParamError(t, c.Webhooks.Delete(ctx, ""), "id")
	assert.Zero(t, ts.Hits.Load(), "no request may reach the server")
}

// TestCreatedWebhookEndpointVerifier checks that the secret returned by
// Create verifies the endpoint's deliveries in one step.
func TestCreatedWebhookEndpointVerifier(t *testing.T) {
	created := assertRoundTrip[CreatedWebhookEndpoint](t, fixture(t, "webhook_endpoint_created.json"))
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	v, err := created.Verifier(WithWebhookClock(func() time.Time { return now }))
	require.NoError(t, err)
	body := []byte(fixture(t, "webhook_refund_created.json"))
	ref, err := NewWebhookVerifier(fixtureWebhookSecret)
	require.NoError(t, err)
	h := http.Header{}
	h.Set(WebhookHeaderID, "msg_refund1")
	h.Set(WebhookHeaderTimestamp, fmt.Sprint(now.Unix()))
	h.Set(WebhookHeaderSignature, ref.Sign("msg_refund1", now, body))
	ev, err := v.Unwrap(body, h)
	require.NoError(t, err)
	r, err := ev.Refund()
	require.NoError(t, err)
	assert.Equal(t, "rfnd_Lw2kV8nQ1zX4c", r.ID)

	h.Set(WebhookHeaderSignature, "v1,"+"AAAA")
	_, err = v.Unwrap(body, h)
	assert.ErrorIs(t, err, ErrWebhookNoMatchingSignature)

	_, err = (&CreatedWebhookEndpoint{}).Verifier()
	assert.ErrorIs(t, err, ErrWebhookInvalidSecret, "no secret, no verifier")
}

// TestCreatedWebhookEndpointHidesSecret prints the create answer every way
// a program might and checks the secret never shows.
func TestCreatedWebhookEndpointHidesSecret(t *testing.T) {
	created := assertRoundTrip[CreatedWebhookEndpoint](t, fixture(t, "webhook_endpoint_created.json"))
	for _, v := range []any{created, *created, struct{ E *CreatedWebhookEndpoint }{created}, []CreatedWebhookEndpoint{*created}} {
		for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
			out := fmt.Sprintf(format, v)
			assert.NotContains(t, out, fixtureWebhookSecret, format)
			assert.NotContains(t, out, fmt.Sprintf("%x", fixtureWebhookSecret), format)
		}
	}
	assert.Contains(t, created.String(), "hook_Wg0sD6uX8hE2j")
	assert.Contains(t, created.String(), "[REDACTED]")
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	logger.Info("created", "endpoint", created, "value", *created)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("created", "endpoint", created)
	assert.NotContains(t, buf.String(), fixtureWebhookSecret)
	assert.Contains(t, buf.String(), "hook_Wg0sD6uX8hE2j")
}

// TestWebhookEndpointsCreateDecodeErrorHidesSecret: an answer to Create
// that does not decode still carries the secret; the error quoting the
// body must not show it.
func TestWebhookEndpointsCreateDecodeErrorHidesSecret(t *testing.T) {
	for _, body := range []string{
		`{"id": 5, "webhook_secret": "ws_leak_0123456789"}`,
		`{"webhook_secret" : "ws_leak_0123456789", "created_at": "yesterday"}`,
	} {
		c, ts := newTestClient(t)
		ts.Mux.HandleFunc("/webhooks", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, body) })
		_, err := c.Webhooks.Create(context.Background(), &WebhookEndpointCreateParams{URL: "https://example.com/h"})
		var de *DecodeError
		require.ErrorAs(t, err, &de, body)
		for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
			assert.NotContains(t, fmt.Sprintf(format, err), "ws_leak", format)
		}
		assert.Contains(t, err.Error(), "[REDACTED]")
	}
}
