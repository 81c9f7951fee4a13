package whoptest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// receiver is a webhook endpoint created through the API, with a local
// server behind it that verifies every delivery with the secret the
// create call returned.
type receiver struct {
	mu     sync.Mutex
	events []*whop.WebhookEvent
}

// listen creates a webhook endpoint for w's company pointing at a local
// server and has the fake deliver its events there, signed with the
// endpoint's secret.
func (w *world) listen(t *testing.T) *receiver {
	t.Helper()
	rc := &receiver{}
	var v *whop.WebhookVerifier
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		whop.WebhookHandler(v, func(_ context.Context, ev *whop.WebhookEvent) error {
			rc.mu.Lock()
			defer rc.mu.Unlock()
			rc.events = append(rc.events, ev)
			return nil
		}).ServeHTTP(rw, r)
	}))
	t.Cleanup(srv.Close)
	created, err := w.c.Webhooks.Create(context.Background(), &whop.WebhookEndpointCreateParams{URL: srv.URL})
	require.NoError(t, err)
	v, err = created.Verifier()
	require.NoError(t, err)
	require.NoError(t, w.srv.SendWebhooksTo(created.URL, created.WebhookSecret))
	return rc
}

// take returns the events received so far of the given family and
// forgets all of them.
func (rc *receiver) take(prefix string) []*whop.WebhookEvent {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var out []*whop.WebhookEvent
	for _, ev := range rc.events {
		if len(ev.Type) >= len(prefix) && string(ev.Type[:len(prefix)]) == prefix {
			out = append(out, ev)
		}
	}
	rc.events = nil
	return out
}

func types(evs []*whop.WebhookEvent) []whop.WebhookEventType {
	out := make([]whop.WebhookEventType, len(evs))
	for i, ev := range evs {
		out[i] = ev.Type
	}
	return out
}

// strictData decodes an event's data into T refusing unknown fields, so
// the fake's payload and the client's type cannot drift apart.
func strictData[T any](t *testing.T, ev *whop.WebhookEvent) *T {
	t.Helper()
	v := new(T)
	dec := json.NewDecoder(bytes.NewReader(ev.Data))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(v), "%s data decodes with unknown fields disallowed", ev.Type)
	return v
}

func TestRefundsAreRecordedListedAndSigned(t *testing.T) {
	w := newWorld(t)
	rc := w.listen(t)
	ctx := context.Background()
	p := w.pay(t)
	_, err := w.c.Payments.Refund(ctx, p.ID, &whop.PaymentRefundParams{PartialAmount: whop.Ptr(30.0)})
	require.NoError(t, err)
	_, err = w.c.Payments.Refund(ctx, p.ID, nil)
	require.NoError(t, err)

	page, err := w.c.Refunds.List(ctx, &whop.RefundListParams{PaymentID: p.ID, Direction: whop.DirectionAsc})
	require.NoError(t, err)
	require.Len(t, page.Data, 2)
	assert.Equal(t, []float64{30, 70}, []float64{page.Data[0].Amount, page.Data[1].Amount})
	other, err := w.c.Refunds.List(ctx, &whop.RefundListParams{PaymentID: "pay_other"})
	require.NoError(t, err)
	assert.Empty(t, other.Data)
	byUser, err := w.c.Refunds.List(ctx, &whop.RefundListParams{UserID: w.member.UserID, CompanyID: w.srv.CompanyID()})
	require.NoError(t, err)
	assert.Len(t, byUser.Data, 2)

	got, err := w.c.Refunds.Get(ctx, page.Data[0].ID)
	require.NoError(t, err)
	assert.Equal(t, whop.RefundStatusSucceeded, got.Status)
	assert.Equal(t, whop.PaymentProviderStripe, got.Provider)
	require.NotNil(t, got.Payment)
	assert.Equal(t, p.ID, got.Payment.ID)
	assert.Equal(t, 100.0, *got.Payment.Total)
	assert.Equal(t, w.member.UserID, got.Payment.User.ID)
	_, err = w.c.Refunds.Get(ctx, "rfnd_missing")
	assert.ErrorIs(t, err, whop.ErrNotFound)

	evs := rc.take("refund.")
	require.Equal(t, []whop.WebhookEventType{whop.WebhookEventRefundCreated, whop.WebhookEventRefundCreated}, types(evs))
	for i, ev := range evs {
		typed, err := ev.Refund()
		require.NoError(t, err)
		strict := strictData[whop.Refund](t, ev)
		assert.Equal(t, typed, strict)
		assert.Equal(t, page.Data[i].ID, typed.ID)
		assert.Equal(t, p.ID, typed.Payment.ID)
		assert.NotNil(t, typed.Payment.CreatedAt, "the payment is the full summary, not just its ID")
		assert.NotNil(t, typed.ProviderCreatedAt)
		var raw map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(ev.Data, &raw))
		for _, key := range []string{"provider", "provider_created_at", "reference_status", "reference_type", "reference_value", "payment"} {
			assert.Contains(t, raw, key)
		}
		var pay map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(raw["payment"], &pay))
		assert.GreaterOrEqual(t, len(pay), 20, "the refund's payment carries the summary the API types")
	}
	// The first event shows the payment as the first refund left it.
	first, _ := evs[0].Refund()
	assert.Equal(t, 30.0, first.Amount)
}

func TestDisputeEvidenceUntilSubmitted(t *testing.T) {
	w := newWorld(t)
	rc := w.listen(t)
	ctx := context.Background()
	p := w.pay(t)
	due := time.Now().UTC().Add(72 * time.Hour).Truncate(time.Millisecond)
	id, err := w.srv.SeedDispute(p.ID, whoptest.WithDisputeDueDate(due), whoptest.WithDisputeReason("Product not received"))
	require.NoError(t, err)
	_, err = w.srv.SeedDispute("pay_missing")
	assert.Error(t, err)

	// Disputes due this week.
	var due7 []whop.Dispute
	for d, err := range w.c.Disputes.ListAll(ctx, &whop.DisputeListParams{CompanyID: w.srv.CompanyID()}) {
		require.NoError(t, err)
		if d.NeedsResponseBy != nil && d.NeedsResponseBy.Before(time.Now().Add(7*24*time.Hour)) {
			due7 = append(due7, d)
		}
	}
	require.Len(t, due7, 1)
	assert.Equal(t, id, due7[0].ID)
	assert.Equal(t, due, *due7[0].NeedsResponseBy)
	assert.Equal(t, whop.DisputeStatusNeedsResponse, due7[0].Status)
	assert.True(t, *due7[0].Editable)

	d, err := w.c.Disputes.UpdateEvidence(ctx, id, &whop.DisputeUpdateEvidenceParams{
		Notes:                           whop.Value("Used the course for three weeks."),
		CustomerCommunicationAttachment: whop.Value(whop.FileRef{ID: "file_1"}),
		ServiceDate:                     whop.Value("2024-03-14"),
	})
	require.NoError(t, err)
	assert.Equal(t, "Used the course for three weeks.", *d.Notes)
	assert.Equal(t, "file_1", d.CustomerCommunicationAttachment.ID)
	d, err = w.c.Disputes.UpdateEvidence(ctx, id, &whop.DisputeUpdateEvidenceParams{CustomerCommunicationAttachment: whop.Null[whop.FileRef]()})
	require.NoError(t, err)
	assert.Nil(t, d.CustomerCommunicationAttachment, "null clears")
	assert.NotNil(t, d.Notes, "absent keeps")

	pay, err := w.c.Payments.Get(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, whop.PaymentSubstatusDisputeNeedsResponse, pay.Substatus)
	require.Len(t, pay.Disputes, 1)
	assert.Equal(t, id, pay.Disputes[0].ID)

	d, err = w.c.Disputes.SubmitEvidence(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, whop.DisputeStatusUnderReview, d.Status)
	assert.False(t, *d.Editable)

	// Submitted: the fake refuses further changes with the API's error shape.
	var apiErr *whop.APIError
	_, err = w.c.Disputes.UpdateEvidence(ctx, id, &whop.DisputeUpdateEvidenceParams{Notes: whop.Value("late")})
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusUnprocessableEntity, apiErr.StatusCode)
	assert.Equal(t, "dispute_not_editable", apiErr.Code)
	_, err = w.c.Disputes.SubmitEvidence(ctx, id)
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "dispute_not_editable", apiErr.Code)
	got, err := w.c.Disputes.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "Used the course for three weeks.", *got.Notes, "the refused update changed nothing")

	require.NoError(t, w.srv.ResolveDispute(id, true))
	assert.Error(t, w.srv.ResolveDispute(id, false), "won is final")
	pay, err = w.c.Payments.Get(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, whop.PaymentSubstatusDisputeWon, pay.Substatus)

	evs := rc.take("dispute.")
	assert.Equal(t, []whop.WebhookEventType{whop.WebhookEventDisputeCreated, whop.WebhookEventDisputeUpdated,
		whop.WebhookEventDisputeUpdated, whop.WebhookEventDisputeUpdated, whop.WebhookEventDisputeUpdated}, types(evs))
	var statuses []whop.DisputeStatus
	for _, ev := range evs {
		typed, err := ev.Dispute()
		require.NoError(t, err)
		assert.Equal(t, typed, strictData[whop.Dispute](t, ev))
		assert.Equal(t, id, typed.ID)
		statuses = append(statuses, typed.Status)
	}
	assert.Equal(t, []whop.DisputeStatus{whop.DisputeStatusNeedsResponse, whop.DisputeStatusNeedsResponse,
		whop.DisputeStatusNeedsResponse, whop.DisputeStatusUnderReview, whop.DisputeStatusWon}, statuses)
}

func TestDisputeMissedDeadlineAndWarnings(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	lost, err := w.srv.SeedDispute(w.pay(t).ID)
	require.NoError(t, err)
	require.NoError(t, w.srv.ResolveDispute(lost, false), "a dispute left unanswered is lost")
	d, err := w.c.Disputes.Get(ctx, lost)
	require.NoError(t, err)
	assert.Equal(t, whop.DisputeStatusLost, d.Status)
	_, err = w.c.Disputes.SubmitEvidence(ctx, lost)
	assert.ErrorIs(t, err, whop.ErrUnprocessable)

	warn, err := w.srv.SeedDispute(w.pay(t).ID, whoptest.AsDisputeWarning(), whoptest.WithDisputeAmount(12.5))
	require.NoError(t, err)
	d, err = w.c.Disputes.SubmitEvidence(ctx, warn)
	require.NoError(t, err)
	assert.Equal(t, whop.DisputeStatusWarningUnderReview, d.Status)
	assert.Equal(t, 12.5, d.Amount)
	require.NoError(t, w.srv.ResolveDispute(warn, true))
	d, err = w.c.Disputes.Get(ctx, warn)
	require.NoError(t, err)
	assert.Equal(t, whop.DisputeStatusWarningClosed, d.Status)
	assert.Error(t, w.srv.ResolveDispute("dspt_missing", true))
}

func TestInvoiceLifecycle(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	events := w.listen(t)
	prod, err := w.c.Products.Create(ctx, &whop.ProductCreateParams{CompanyID: w.srv.CompanyID(), Title: "Consulting"})
	require.NoError(t, err)
	due := time.Now().UTC().Add(30 * 24 * time.Hour).Truncate(time.Millisecond)
	create := func(mod func(*whop.InvoiceCreateParams)) *whop.Invoice {
		t.Helper()
		p := &whop.InvoiceCreateParams{CompanyID: w.srv.CompanyID(), CollectionMethod: whop.CollectionMethodSendInvoice,
			ProductID: prod.ID, MemberID: &w.member.ID, DueDate: &due, Plan: whop.InvoicePlanParams{InitialPrice: whop.Ptr(120.0)}}
		if mod != nil {
			mod(p)
		}
		inv, err := w.c.Invoices.Create(ctx, p)
		require.NoError(t, err)
		return inv
	}
	var apiErr *whop.APIError

	// open -> paid; a paid invoice cannot be voided.
	inv := create(nil)
	assert.Equal(t, whop.InvoiceStatusOpen, inv.Status)
	assert.Equal(t, "$120.00", inv.CurrentPlan.FormattedPrice)
	assert.Equal(t, w.member.UserID, inv.User.ID)
	assert.Equal(t, due, *inv.DueDate)
	require.NoError(t, w.c.Invoices.MarkPaid(ctx, inv.ID))
	err = w.c.Invoices.Void(ctx, inv.ID)
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusUnprocessableEntity, apiErr.StatusCode)
	assert.Equal(t, "invalid_invoice_transition", apiErr.Code)
	got, err := w.c.Invoices.Get(ctx, inv.ID)
	require.NoError(t, err)
	assert.Equal(t, whop.InvoiceStatusPaid, got.Status)

	// open -> void.
	voided := create(func(p *whop.InvoiceCreateParams) {
		p.MemberID, p.EmailAddress, p.CustomerName = nil, whop.Ptr("grace@example.com"), whop.Ptr("Grace")
		p.ProductID, p.Product = "", &whop.InvoiceProductParams{Title: "Audit"}
	})
	assert.Nil(t, voided.User)
	assert.Equal(t, "grace@example.com", *voided.EmailAddress)
	require.NoError(t, w.c.Invoices.Void(ctx, voided.ID))
	assert.ErrorIs(t, w.c.Invoices.MarkPaid(ctx, voided.ID), whop.ErrUnprocessable, "void is final")

	// open -> past_due -> uncollectible -> paid.
	late := create(nil)
	require.NoError(t, w.srv.MarkInvoicePastDue(late.ID))
	assert.Error(t, w.srv.MarkInvoicePastDue(late.ID), "already past due")
	require.NoError(t, w.c.Invoices.MarkUncollectible(ctx, late.ID))
	require.NoError(t, w.c.Invoices.MarkPaid(ctx, late.ID))

	// A draft: updated, refused a void, then deleted. Other invoices
	// cannot be updated or deleted.
	draft := create(func(p *whop.InvoiceCreateParams) { p.SaveAsDraft, p.DueDate, p.MemberID = whop.Ptr(true), nil, nil })
	assert.Equal(t, whop.InvoiceStatusDraft, draft.Status)
	draft, err = w.c.Invoices.Update(ctx, draft.ID, &whop.InvoiceUpdateParams{
		DueDate: whop.Value(due), MemberID: whop.Value(w.member.ID),
		Plan: whop.Value(whop.InvoicePlanParams{InitialPrice: whop.Ptr(80.0)}),
	})
	require.NoError(t, err)
	assert.Equal(t, "$80.00", draft.CurrentPlan.FormattedPrice)
	assert.Equal(t, w.member.UserID, draft.User.ID)
	assert.ErrorIs(t, w.c.Invoices.Void(ctx, draft.ID), whop.ErrUnprocessable, "a draft is deleted, not voided")
	_, err = w.c.Invoices.Update(ctx, inv.ID, &whop.InvoiceUpdateParams{DueDate: whop.Null[time.Time]()})
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "invoice_not_draft", apiErr.Code)
	assert.ErrorIs(t, w.c.Invoices.Delete(ctx, inv.ID), whop.ErrUnprocessable)
	require.NoError(t, w.c.Invoices.Delete(ctx, draft.ID))
	_, err = w.c.Invoices.Get(ctx, draft.ID)
	assert.ErrorIs(t, err, whop.ErrNotFound)

	// A draft finalized by the fake becomes payable.
	fin := create(func(p *whop.InvoiceCreateParams) { p.SaveAsDraft, p.DueDate = whop.Ptr(true), nil })
	require.NoError(t, w.srv.FinalizeInvoice(fin.ID))
	require.NoError(t, w.c.Invoices.MarkPaid(ctx, fin.ID))

	paid, err := w.c.Invoices.List(ctx, &whop.InvoiceListParams{CompanyID: w.srv.CompanyID(),
		Statuses: []whop.InvoiceStatus{whop.InvoiceStatusPaid}, Direction: whop.DirectionAsc})
	require.NoError(t, err)
	var ids []string
	for _, i := range paid.Data {
		ids = append(ids, i.ID)
	}
	assert.Equal(t, []string{inv.ID, late.ID, fin.ID}, ids)
	byDue, err := w.c.Invoices.List(ctx, &whop.InvoiceListParams{CompanyID: w.srv.CompanyID(),
		Order: whop.InvoiceOrderDueDate, Direction: whop.DirectionAsc})
	require.NoError(t, err)
	require.Len(t, byDue.Data, 4)
	assert.Nil(t, byDue.Data[0].DueDate, "the finalized draft has no due date and comes first")
	assert.Equal(t, fin.ID, byDue.Data[0].ID)
	_, err = w.c.Invoices.List(ctx, &whop.InvoiceListParams{Order: "total"})
	assert.ErrorIs(t, err, whop.ErrBadRequest, "an order the API does not have is refused")
	byProduct, err := w.c.Invoices.List(ctx, &whop.InvoiceListParams{ProductIDs: []string{prod.ID},
		CollectionMethods: []whop.CollectionMethod{whop.CollectionMethodSendInvoice}})
	require.NoError(t, err)
	assert.Len(t, byProduct.Data, 3, "the invoice with an inline product is another product's")

	evs := events.take("invoice.")
	want := []whop.WebhookEventType{
		whop.WebhookEventInvoiceCreated, whop.WebhookEventInvoicePaid,
		whop.WebhookEventInvoiceCreated, whop.WebhookEventInvoiceVoided,
		whop.WebhookEventInvoiceCreated, whop.WebhookEventInvoicePastDue, whop.WebhookEventInvoiceMarkedUncollectible, whop.WebhookEventInvoicePaid,
		whop.WebhookEventInvoiceCreated,
		whop.WebhookEventInvoiceCreated, whop.WebhookEventInvoicePaid,
	}
	assert.Equal(t, want, types(evs))
	for _, ev := range evs {
		typed, err := ev.Invoice()
		require.NoError(t, err)
		assert.Equal(t, typed, strictData[whop.Invoice](t, ev))
	}
	last, _ := evs[len(evs)-1].Invoice()
	assert.Equal(t, whop.InvoiceStatusPaid, last.Status, "the event carries the invoice in its new status")
}

func TestWebhookEndpointsAreStored(t *testing.T) {
	srv := whoptest.NewServer(t)
	c := srv.Client()
	ctx := context.Background()
	created, err := c.Webhooks.Create(ctx, &whop.WebhookEndpointCreateParams{
		URL: "https://example.com/hook", Events: []whop.WebhookEventType{whop.WebhookEventInvoicePaid},
	})
	require.NoError(t, err)
	assert.True(t, created.Enabled)
	assert.Equal(t, whop.WebhookAPIVersionV1, created.APIVersion)
	assert.Equal(t, srv.CompanyID(), created.ResourceID)
	assert.Regexp(t, `^ws_[0-9a-f]{48}$`, created.WebhookSecret)
	secret, ok := srv.WebhookEndpointSecret(created.ID)
	require.True(t, ok)
	assert.Equal(t, created.WebhookSecret, secret)
	require.NoError(t, srv.SendWebhooksTo(created.URL, secret), "the fake can sign with the endpoint's secret")
	second, err := c.Webhooks.Create(ctx, &whop.WebhookEndpointCreateParams{URL: "https://example.com/other"})
	require.NoError(t, err)
	assert.NotEqual(t, created.WebhookSecret, second.WebhookSecret)

	ep, err := c.Webhooks.Get(ctx, created.ID)
	require.NoError(t, err)
	assert.Equal(t, created.WebhookEndpoint, *ep)
	ep, err = c.Webhooks.Update(ctx, created.ID, &whop.WebhookEndpointUpdateParams{Enabled: whop.Value(false),
		Events: whop.Value([]whop.WebhookEventType{whop.WebhookEventRefundCreated})})
	require.NoError(t, err)
	assert.False(t, ep.Enabled)
	assert.Equal(t, []whop.WebhookEventType{whop.WebhookEventRefundCreated}, ep.Events)

	page, err := c.Webhooks.List(ctx, &whop.WebhookEndpointListParams{CompanyID: srv.CompanyID()})
	require.NoError(t, err)
	require.Len(t, page.Data, 2)
	assert.Equal(t, second.ID, page.Data[0].ID, "newest first")
	assert.Empty(t, page.Data[0].ResourceID, "list items carry no resource_id")

	_, err = c.Webhooks.Create(ctx, &whop.WebhookEndpointCreateParams{URL: "ftp://example.com"})
	assert.ErrorIs(t, err, whop.ErrBadRequest)
	_, err = c.Webhooks.Create(ctx, &whop.WebhookEndpointCreateParams{URL: "https://example.com", ResourceID: whop.Ptr("biz_missing")})
	assert.ErrorIs(t, err, whop.ErrNotFound)

	require.NoError(t, c.Webhooks.Delete(ctx, created.ID))
	_, err = c.Webhooks.Get(ctx, created.ID)
	assert.ErrorIs(t, err, whop.ErrNotFound)
	_, ok = srv.WebhookEndpointSecret(created.ID)
	assert.False(t, ok)
	assert.ErrorIs(t, c.Webhooks.Delete(ctx, created.ID), whop.ErrNotFound)
}

// getStrict fetches path from the fake and decodes the answer into T with
// unknown fields disallowed.
func getStrict[T any](t *testing.T, srv *whoptest.Server, path string) *T {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL()+path, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+srv.APIKey())
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, path)
	v := new(T)
	dec := json.NewDecoder(resp.Body)
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(v), "%s decodes with unknown fields disallowed", path)
	return v
}

// TestAfterSaleRoutesDecodeStrictly reads every after-sale GET route of the
// fake into the client's types with unknown fields disallowed, so that the
// fake and the types cannot drift apart in either direction.
func TestAfterSaleRoutesDecodeStrictly(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	p := w.pay(t)
	_, err := w.c.Payments.Refund(ctx, p.ID, nil)
	require.NoError(t, err)
	dispute, err := w.srv.SeedDispute(w.pay(t).ID)
	require.NoError(t, err)
	inv, err := w.c.Invoices.Create(ctx, &whop.InvoiceCreateParams{CompanyID: w.srv.CompanyID(),
		CollectionMethod: whop.CollectionMethodSendInvoice, Product: &whop.InvoiceProductParams{Title: "Audit"},
		SaveAsDraft: whop.Ptr(true)})
	require.NoError(t, err)
	hook, err := w.c.Webhooks.Create(ctx, &whop.WebhookEndpointCreateParams{URL: "https://example.com/h"})
	require.NoError(t, err)

	company := "?company_id=" + w.srv.CompanyID()
	refunds := getStrict[whop.Page[whop.Refund]](t, w.srv, "/refunds")
	require.Len(t, refunds.Data, 1)
	getStrict[whop.Refund](t, w.srv, "/refunds/"+refunds.Data[0].ID)
	assert.Len(t, getStrict[whop.Page[whop.Dispute]](t, w.srv, "/disputes"+company).Data, 1)
	getStrict[whop.Dispute](t, w.srv, "/disputes/"+dispute)
	assert.Len(t, getStrict[whop.Page[whop.Invoice]](t, w.srv, "/invoices").Data, 1)
	getStrict[whop.Invoice](t, w.srv, "/invoices/"+inv.ID)
	eps := getStrict[whop.Page[whop.WebhookEndpoint]](t, w.srv, "/webhooks"+company)
	require.Len(t, eps.Data, 1)
	assert.NotNil(t, eps.Data[0].Events, "events is an array, never null")
	ep := getStrict[whop.WebhookEndpoint](t, w.srv, "/webhooks/"+hook.ID)
	assert.NotNil(t, ep.Events)
}
