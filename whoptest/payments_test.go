package whoptest_test

import (
	"context"
	"errors"
	"io"
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

// world seeds a member with a card and a $100 plan.
type world struct {
	srv    *whoptest.Server
	c      *whop.Client
	member whoptest.Member
	card   whop.PaymentMethod
	planID string
}

func newWorld(t *testing.T, pmOpts ...whoptest.PaymentMethodOption) *world {
	t.Helper()
	srv := whoptest.NewServer(t)
	c := srv.Client()
	m := srv.SeedMember("Ada Lovelace")
	card, err := srv.SeedPaymentMethod(m.ID, whop.PaymentMethodVariantCard, pmOpts...)
	require.NoError(t, err)
	prod, err := c.Products.Create(context.Background(), &whop.ProductCreateParams{CompanyID: srv.CompanyID(), Title: "Course"})
	require.NoError(t, err)
	planID, err := srv.SeedPlan(prod.ID, 100, whop.CurrencyUSD)
	require.NoError(t, err)
	return &world{srv: srv, c: c, member: m, card: card, planID: planID}
}

func (w *world) pay(t *testing.T) *whop.Payment {
	t.Helper()
	p, err := w.c.Payments.Create(context.Background(), &whop.PaymentCreateParams{
		CompanyID: w.srv.CompanyID(), PlanID: w.planID, MemberID: w.member.ID, PaymentMethodID: &w.card.ID})
	require.NoError(t, err)
	return p
}

func TestPaymentCreateAndRefunds(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	p := w.pay(t)
	assert.Equal(t, whop.PaymentStatusPaid, *p.Status)
	assert.Equal(t, whop.PaymentSubstatusSucceeded, p.Substatus)
	assert.True(t, p.Refundable)
	assert.Equal(t, 100.0, *p.Total)
	assert.Equal(t, "4242", *p.CardLast4)

	fees, err := w.c.Payments.ListFees(ctx, p.ID, nil)
	require.NoError(t, err)
	assert.Len(t, fees.Data, 2)

	p, err = w.c.Payments.Refund(ctx, p.ID, &whop.PaymentRefundParams{PartialAmount: whop.Ptr(30.0)})
	require.NoError(t, err)
	assert.Equal(t, 30.0, *p.RefundedAmount)
	assert.Equal(t, whop.PaymentSubstatusPartiallyRefunded, p.Substatus)
	assert.True(t, p.Refundable)

	_, err = w.c.Payments.Refund(ctx, p.ID, &whop.PaymentRefundParams{PartialAmount: whop.Ptr(70.01)})
	var apiErr *whop.APIError
	require.ErrorAs(t, err, &apiErr, "refund beyond the amount refused")
	assert.Equal(t, http.StatusUnprocessableEntity, apiErr.StatusCode)
	assert.Equal(t, "partial_amount", apiErr.Param)

	p, err = w.c.Payments.Refund(ctx, p.ID, nil) // the rest
	require.NoError(t, err)
	assert.Equal(t, 100.0, *p.RefundedAmount)
	assert.Equal(t, whop.PaymentSubstatusRefunded, p.Substatus)
	assert.False(t, p.Refundable)
	assert.Len(t, p.Refunds, 2)

	_, err = w.c.Payments.Refund(ctx, p.ID, nil)
	require.ErrorIs(t, err, whop.ErrUnprocessable)
	_, err = w.c.Payments.Void(ctx, p.ID)
	require.ErrorIs(t, err, whop.ErrUnprocessable, "a paid payment is not voidable")
	_, err = w.c.Payments.Retry(ctx, p.ID)
	require.ErrorIs(t, err, whop.ErrUnprocessable, "a paid payment is not retryable")
}

func TestPaymentDeclineRetryAndVoid(t *testing.T) {
	w := newWorld(t, whoptest.Declining())
	ctx := context.Background()
	p := w.pay(t)
	assert.Equal(t, whop.PaymentSubstatusFailed, p.Substatus)
	assert.True(t, p.Retryable)
	assert.False(t, p.Refundable)
	_, err := w.c.Payments.Refund(ctx, p.ID, nil)
	require.ErrorIs(t, err, whop.ErrUnprocessable)

	p, err = w.c.Payments.Retry(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, 2, *p.PaymentsFailed)

	w.srv.SetDeclining(w.card.ID, false)
	p, err = w.c.Payments.Retry(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, whop.PaymentStatusPaid, *p.Status)

	w.srv.SetDeclining(w.card.ID, true)
	failed := w.pay(t)
	v, err := w.c.Payments.Void(ctx, failed.ID)
	require.NoError(t, err)
	assert.Equal(t, whop.PaymentStatusVoid, *v.Status)
	_, err = w.c.Payments.Retry(ctx, failed.ID)
	require.ErrorIs(t, err, whop.ErrUnprocessable)
}

func TestPaymentInlinePlanAndFilters(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	eur, err := w.c.Payments.Create(ctx, &whop.PaymentCreateParams{
		CompanyID: w.srv.CompanyID(), MemberID: w.member.ID,
		Plan: &whop.PaymentPlanParams{Currency: whop.CurrencyEUR, InitialPrice: whop.Ptr(9.5),
			Product: &whop.PlanProductParams{Title: "Sticker", ExternalIdentifier: "sku-1"}},
	})
	require.NoError(t, err)
	assert.Equal(t, whop.CurrencyEUR, eur.Currency)
	assert.Equal(t, "Sticker", eur.Product.Title)
	usd := w.pay(t)

	page, err := w.c.Payments.List(ctx, &whop.PaymentListParams{CompanyID: w.srv.CompanyID(), Currencies: []whop.Currency{whop.CurrencyEUR}})
	require.NoError(t, err)
	require.Len(t, page.Data, 1)
	assert.Equal(t, eur.ID, page.Data[0].ID)

	page, err = w.c.Payments.List(ctx, &whop.PaymentListParams{Statuses: []whop.PaymentStatus{whop.PaymentStatusPaid}, Direction: whop.DirectionAsc})
	require.NoError(t, err)
	require.Len(t, page.Data, 2)
	assert.Equal(t, []string{eur.ID, usd.ID}, []string{page.Data[0].ID, page.Data[1].ID})

	future := time.Now().Add(time.Hour)
	page, err = w.c.Payments.List(ctx, &whop.PaymentListParams{CreatedAfter: &future})
	require.NoError(t, err)
	assert.Empty(t, page.Data)

	_, err = w.c.Payments.Get(ctx, "pay_missing")
	require.ErrorIs(t, err, whop.ErrNotFound)
}

func TestPaymentMethodsAllVariants(t *testing.T) {
	srv := whoptest.NewServer(t)
	c := srv.Client()
	m := srv.SeedMember("Grace")
	for _, tn := range []whop.PaymentMethodVariant{whop.PaymentMethodVariantCard, whop.PaymentMethodVariantUSBankAccount,
		whop.PaymentMethodVariantCashapp, whop.PaymentMethodVariantIdeal, whop.PaymentMethodVariantSEPADebit, whop.PaymentMethodVariantBase} {
		_, err := srv.SeedPaymentMethod(m.ID, tn)
		require.NoError(t, err)
	}
	seen := map[whop.PaymentMethodVariant]bool{}
	for pm, err := range c.PaymentMethods.ListAll(context.Background(), &whop.PaymentMethodListParams{MemberID: m.ID}) {
		require.NoError(t, err)
		seen[pm.Typename] = true
		switch pm.Typename {
		case whop.PaymentMethodVariantCard:
			assert.NotNil(t, pm.Card)
		case whop.PaymentMethodVariantSEPADebit:
			assert.NotNil(t, pm.SEPADebit)
			assert.Nil(t, pm.Card)
		}
		got, err := c.PaymentMethods.Get(context.Background(), pm.ID, &whop.PaymentMethodGetParams{MemberID: m.ID})
		require.NoError(t, err)
		assert.Equal(t, pm.ID, got.ID)
	}
	assert.Len(t, seen, 6)
	_, err := c.PaymentMethods.Get(context.Background(), "payt_nope", nil)
	require.ErrorIs(t, err, whop.ErrNotFound)
}

func TestCheckoutConfigurationVariants(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	byID, err := w.c.CheckoutConfigurations.Create(ctx, &whop.CheckoutConfigurationCreateParams{PlanID: w.planID, RedirectURL: whop.Ptr("https://example.com/thanks")})
	require.NoError(t, err)
	assert.Contains(t, byID.PurchaseURL, w.planID)
	inline, err := w.c.CheckoutConfigurations.Create(ctx, &whop.CheckoutConfigurationCreateParams{
		Plan: &whop.CheckoutConfigurationPlanParams{CompanyID: w.srv.CompanyID(), Currency: whop.CurrencyUSD, InitialPrice: whop.Ptr(5.0),
			Product: &whop.PlanProductParams{Title: "Ebook", ExternalIdentifier: "ebook"}}})
	require.NoError(t, err)
	assert.NotEmpty(t, inline.PurchaseURL)
	setup, err := w.c.CheckoutConfigurations.Create(ctx, &whop.CheckoutConfigurationCreateParams{Mode: whop.CheckoutModeSetup, CompanyID: w.srv.CompanyID()})
	require.NoError(t, err)
	assert.Equal(t, whop.CheckoutModeSetup, setup.Mode)

	got, err := w.c.CheckoutConfigurations.Get(ctx, byID.ID)
	require.NoError(t, err)
	assert.Equal(t, byID.PurchaseURL, got.PurchaseURL)
	n := 0
	for _, err := range w.c.CheckoutConfigurations.ListAll(ctx, &whop.CheckoutConfigurationListParams{CompanyID: w.srv.CompanyID()}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 3, n)
	page, err := w.c.CheckoutConfigurations.List(ctx, &whop.CheckoutConfigurationListParams{CompanyID: w.srv.CompanyID(), PlanID: w.planID})
	require.NoError(t, err)
	assert.Len(t, page.Data, 1)
}

// A payment POST that gets a 500 is retried under the same
// Idempotency-Key, so the retry cannot be a second charge.
func TestPOSTPaymentWith500RetriedUnderOneKey(t *testing.T) {
	w := newWorld(t)
	before := w.srv.RequestCount()
	w.srv.FailNext(1, http.StatusInternalServerError, nil)
	p, err := w.c.Payments.Create(context.Background(), &whop.PaymentCreateParams{CompanyID: w.srv.CompanyID(), PlanID: w.planID, MemberID: w.member.ID})
	require.NoError(t, err)
	assert.NotEmpty(t, p.ID)
	require.Equal(t, 2, w.srv.RequestCount()-before, "500, then 200")
	reqs := w.srv.Requests()
	first, second := reqs[len(reqs)-2], reqs[len(reqs)-1]
	assert.NotEmpty(t, first.Header.Get("Idempotency-Key"))
	assert.Equal(t, first.Header.Get("Idempotency-Key"), second.Header.Get("Idempotency-Key"))
	assert.Equal(t, string(first.Body), string(second.Body))
}

func TestWebhooksDeliveredAndVerifiable(t *testing.T) {
	const secret = "ws_test_secret_123"
	v, err := whop.NewWebhookVerifier(secret)
	require.NoError(t, err)
	var mu sync.Mutex
	var got []*whop.WebhookEvent
	receiver := httptest.NewServer(whop.WebhookHandler(v, func(_ context.Context, ev *whop.WebhookEvent) error {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, ev)
		return nil
	}))
	defer receiver.Close()

	w := newWorld(t)
	require.NoError(t, w.srv.SendWebhooksTo(receiver.URL, secret))
	p := w.pay(t)
	_, err = w.c.Payments.Refund(context.Background(), p.ID, &whop.PaymentRefundParams{PartialAmount: whop.Ptr(10.0)})
	require.NoError(t, err)

	mu.Lock()
	events := append([]*whop.WebhookEvent(nil), got...)
	mu.Unlock()
	var types []whop.WebhookEventType
	for _, ev := range events {
		types = append(types, ev.Type)
	}
	// The membership the payment paid for is activated before the
	// payment's success is announced, so payment.succeeded already shows
	// it active.
	assert.Equal(t, []whop.WebhookEventType{whop.WebhookEventPaymentCreated, whop.WebhookEventMembershipActivated,
		whop.WebhookEventPaymentSucceeded, whop.WebhookEventRefundCreated}, types)
	paid, err := events[2].Payment()
	require.NoError(t, err)
	assert.Equal(t, p.ID, paid.ID)
	assert.Equal(t, whop.MembershipStatusActive, paid.Membership.Status)
	assert.Equal(t, w.srv.CompanyID(), events[2].CompanyID)
	mem, err := events[1].Membership()
	require.NoError(t, err)
	assert.Equal(t, paid.Membership.ID, mem.ID)
	for _, d := range w.srv.Deliveries() {
		assert.Equal(t, http.StatusOK, d.StatusCode)
	}

	// A receiver with the wrong secret refuses them.
	bad := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		other, _ := whop.NewWebhookVerifier("ws_other")
		if err := other.Verify(body, r.Header); !errors.Is(err, whop.ErrWebhookNoMatchingSignature) {
			t.Errorf("wrong secret: %v", err)
		}
	}))
	defer bad.Close()
	require.NoError(t, w.srv.SendWebhooksTo(bad.URL, secret))
	w.pay(t)
	assert.Error(t, w.srv.SendWebhooksTo(bad.URL, ""), "empty secret refused")
}

// A payment made with a card carries the card's fingerprint, as Whop's
// payment object does; the list item and the saved method, whose API
// shapes have none, do not.
func TestPaymentCardFingerprint(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	p := w.pay(t)
	require.NotNil(t, p.PaymentMethod.Card)
	require.NotNil(t, p.PaymentMethod.Card.Fingerprint)
	assert.NotEmpty(t, *p.PaymentMethod.Card.Fingerprint)

	page, err := w.c.Payments.List(ctx, &whop.PaymentListParams{CompanyID: w.srv.CompanyID()})
	require.NoError(t, err)
	require.Len(t, page.Data, 1)
	require.NotNil(t, page.Data[0].PaymentMethod.Card)
	assert.Equal(t, "4242", *page.Data[0].PaymentMethod.Card.Last4)
	assert.Nil(t, page.Data[0].PaymentMethod.Card.Fingerprint)

	status, body := rawGet(t, w.srv, "/payment_methods/"+w.card.ID+"?member_id="+w.member.ID)
	require.Equal(t, http.StatusOK, status, "%s", body)
	assert.NotContains(t, string(body), "fingerprint")
}

// As on Whop, a full refund leaves a payment paid: statuses[]=paid still
// lists it, and its substatus and Refundable tell it apart.
func TestPaidFilterIncludesRefundedPayments(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	kept, refunded := w.pay(t), w.pay(t)
	_, err := w.c.Payments.Refund(ctx, refunded.ID, nil)
	require.NoError(t, err)

	page, err := w.c.Payments.List(ctx, &whop.PaymentListParams{CompanyID: w.srv.CompanyID(), Statuses: []whop.PaymentStatus{whop.PaymentStatusPaid}})
	require.NoError(t, err)
	sub := map[string]whop.PaymentSubstatus{}
	for _, p := range page.Data {
		sub[p.ID] = p.Substatus
		if p.ID == refunded.ID {
			assert.False(t, p.Refundable)
		}
	}
	assert.Equal(t, map[string]whop.PaymentSubstatus{kept.ID: whop.PaymentSubstatusSucceeded, refunded.ID: whop.PaymentSubstatusRefunded}, sub)

	page, err = w.c.Payments.List(ctx, &whop.PaymentListParams{CompanyID: w.srv.CompanyID(), Statuses: []whop.PaymentStatus{whop.PaymentStatusPaid},
		Substatuses: []whop.PaymentSubstatus{whop.PaymentSubstatusSucceeded}})
	require.NoError(t, err)
	require.Len(t, page.Data, 1)
	assert.Equal(t, kept.ID, page.Data[0].ID)
}
