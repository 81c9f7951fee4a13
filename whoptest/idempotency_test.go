package whoptest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// idemWorld is a world on a fixed clock, with webhooks going to a receiver
// that accepts them all, so Deliveries counts the events.
func idemWorld(t *testing.T, opts ...whoptest.Option) *world {
	t.Helper()
	start := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	srv := whoptest.NewServer(t, append([]whoptest.Option{whoptest.WithClock(func() time.Time { return start })}, opts...)...)
	receiver := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	t.Cleanup(receiver.Close)
	require.NoError(t, srv.SendWebhooksTo(receiver.URL, "ws_idem_test"))
	c := srv.Client()
	m := srv.SeedMember("Grace Hopper")
	card, err := srv.SeedPaymentMethod(m.ID, whop.PaymentMethodVariantCard)
	require.NoError(t, err)
	prod, err := c.Products.Create(context.Background(), &whop.ProductCreateParams{CompanyID: srv.CompanyID(), Title: "Course"})
	require.NoError(t, err)
	planID, err := srv.SeedPlan(prod.ID, 100, whop.CurrencyUSD)
	require.NoError(t, err)
	return &world{srv: srv, c: c, member: m, card: card, planID: planID}
}

func (w *world) countDeliveries(typ whop.WebhookEventType) int {
	n := 0
	for _, d := range w.srv.Deliveries() {
		if d.Type == typ {
			n++
		}
	}
	return n
}

func (w *world) refundIDs(t *testing.T, paymentID string) []string {
	t.Helper()
	var ids []string
	for r, err := range w.c.Refunds.ListAll(context.Background(), &whop.RefundListParams{PaymentID: paymentID}) {
		require.NoError(t, err)
		ids = append(ids, r.ID)
	}
	return ids
}

func (w *world) refunded(t *testing.T, paymentID string) float64 {
	t.Helper()
	p, err := w.c.Payments.Get(context.Background(), paymentID)
	require.NoError(t, err)
	return *p.RefundedAmount
}

// postKeys returns the Idempotency-Key of every POST to path the server
// received.
func postKeys(srv *whoptest.Server, path string) []string {
	var keys []string
	for _, r := range srv.Requests() {
		if r.Method == http.MethodPost && r.Path == whoptest.BasePath+path {
			keys = append(keys, r.Header.Get("Idempotency-Key"))
		}
	}
	return keys
}

// The answer to a payment is lost after Whop made it: the client's retry
// carries the same key and gets the payment that was made, so there is
// exactly one payment and one payment.created.
func TestLostAnswerRetriedByClientPaysOnce(t *testing.T) {
	w := idemWorld(t)
	ctx := context.Background()
	require.NoError(t, w.srv.FailAfterNextOn(http.MethodPost, "/payments", 1, http.StatusBadGateway, nil))

	p := w.pay(t)

	keys := postKeys(w.srv, "/payments")
	require.Len(t, keys, 2, "the 502 was retried once")
	assert.NotEmpty(t, keys[0])
	assert.Equal(t, keys[0], keys[1], "one key for both attempts")
	var ids []string
	for got, err := range w.c.Payments.ListAll(ctx, &whop.PaymentListParams{CompanyID: w.srv.CompanyID()}) {
		require.NoError(t, err)
		ids = append(ids, got.ID)
	}
	assert.Equal(t, []string{p.ID}, ids, "one payment, and the retry answered with it")
	assert.Equal(t, 1, w.countDeliveries(whop.WebhookEventPaymentCreated))
	assert.Equal(t, 1, w.countDeliveries(whop.WebhookEventPaymentSucceeded))
}

// The same for a refund, and its refund.created.
func TestLostAnswerRetriedByClientRefundsOnce(t *testing.T) {
	w := idemWorld(t)
	p := w.pay(t)
	require.NoError(t, w.srv.FailAfterNextOn(http.MethodPost, "/payments/{id}/refund", 1, http.StatusBadGateway, nil))

	got, err := w.c.Payments.Refund(context.Background(), p.ID, &whop.PaymentRefundParams{PartialAmount: whop.Ptr(30.0)})
	require.NoError(t, err)
	assert.Equal(t, 30.0, *got.RefundedAmount)
	assert.Len(t, postKeys(w.srv, "/payments/"+p.ID+"/refund"), 2)
	assert.Equal(t, 30.0, w.refunded(t, p.ID), "refunded once")
	assert.Len(t, w.refundIDs(t, p.ID), 1)
	assert.Equal(t, 1, w.countDeliveries(whop.WebhookEventRefundCreated))
}

// Without retries the lost answer is an error whose outcome is unknown;
// repeating the call under the key from the error gets the refund that
// was made, not a second one.
func TestLostAnswerRepeatedUnderItsKey(t *testing.T) {
	w := idemWorld(t)
	ctx := context.Background()
	p := w.pay(t)
	c := w.srv.Client(whop.WithMaxRetries(0))
	params := &whop.PaymentRefundParams{PartialAmount: whop.Ptr(30.0)}
	require.NoError(t, w.srv.FailAfterNextOn(http.MethodPost, "/payments/{id}/refund", 1, http.StatusBadGateway, nil))

	_, err := c.Payments.Refund(ctx, p.ID, params)
	var keyErr *whop.IdempotencyKeyError
	require.ErrorAs(t, err, &keyErr)
	require.ErrorIs(t, err, whop.ErrServer)
	assert.Equal(t, 30.0, w.refunded(t, p.ID), "the refund went through although the answer was lost")

	got, err := c.Payments.Refund(ctx, p.ID, params, whop.WithIdempotencyKey(keyErr.Key))
	require.NoError(t, err)
	assert.Equal(t, 30.0, *got.RefundedAmount)
	assert.Equal(t, 30.0, w.refunded(t, p.ID), "not refunded twice")
	assert.Len(t, w.refundIDs(t, p.ID), 1)
	assert.Equal(t, 1, w.countDeliveries(whop.WebhookEventRefundCreated), "the replay sends no webhook")

	// A new call without the key is a new refund.
	_, err = c.Payments.Refund(ctx, p.ID, params)
	require.NoError(t, err)
	assert.Equal(t, 60.0, w.refunded(t, p.ID))
}

// The README's recovery recipe: a refund the client gave up on while Whop
// was still processing it. Repeated under its key while it is in flight,
// it gets 409; once it has finished, the repeat gets its result.
func TestTimedOutRefundRepeatedUnderItsKey(t *testing.T) {
	w := idemWorld(t)
	p := w.pay(t)
	c := w.srv.Client(whop.WithMaxRetries(0))
	params := &whop.PaymentRefundParams{PartialAmount: whop.Ptr(25.0)}
	hold, err := w.srv.HoldNextOn(http.MethodPost, "/payments/{payment_id}/refund")
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := c.Payments.Refund(ctx, p.ID, params)
		errc <- err
	}()
	<-hold.Arrived()
	cancel() // the caller gives up while Whop is processing the refund
	err = <-errc
	var keyErr *whop.IdempotencyKeyError
	require.ErrorAs(t, err, &keyErr)
	require.ErrorIs(t, err, context.Canceled)

	// Still in flight: a repeat under the key is told to come back later.
	_, err = c.Payments.Refund(context.Background(), p.ID, params, whop.WithIdempotencyKey(keyErr.Key))
	var apiErr *whop.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, whop.ErrConflict)
	assert.Equal(t, whoptest.CodeIdempotencyKeyInUse, apiErr.Code)
	assert.Equal(t, "invalid_request_error", apiErr.Type)

	hold.Release()
	<-hold.Done()
	first, err := c.Payments.Refund(context.Background(), p.ID, params, whop.WithIdempotencyKey(keyErr.Key))
	require.NoError(t, err)
	assert.Equal(t, 25.0, *first.RefundedAmount)
	again, err := c.Payments.Refund(context.Background(), p.ID, params, whop.WithIdempotencyKey(keyErr.Key))
	require.NoError(t, err)
	assert.Equal(t, first, again, "every repeat gets the same answer")
	assert.Equal(t, 25.0, w.refunded(t, p.ID), "refunded once")
	assert.Len(t, w.refundIDs(t, p.ID), 1)
	assert.Equal(t, 1, w.countDeliveries(whop.WebhookEventRefundCreated))
}

// A key travels with one request: reused with another body or path it is
// refused with a 422, and nothing runs.
func TestIdempotencyKeyReusedForAnotherRequest(t *testing.T) {
	w := idemWorld(t)
	ctx := context.Background()
	p, other := w.pay(t), w.pay(t)
	key := whop.WithIdempotencyKey("refund-order-7")
	_, err := w.c.Payments.Refund(ctx, p.ID, &whop.PaymentRefundParams{PartialAmount: whop.Ptr(10.0)}, key)
	require.NoError(t, err)

	for name, call := range map[string]func() error{
		"other body": func() error {
			_, err := w.c.Payments.Refund(ctx, p.ID, &whop.PaymentRefundParams{PartialAmount: whop.Ptr(20.0)}, key)
			return err
		},
		"other path": func() error {
			_, err := w.c.Payments.Refund(ctx, other.ID, &whop.PaymentRefundParams{PartialAmount: whop.Ptr(10.0)}, key)
			return err
		},
		"other endpoint": func() error {
			_, err := w.c.Products.Create(ctx, &whop.ProductCreateParams{CompanyID: w.srv.CompanyID(), Title: "x"}, key)
			return err
		},
	} {
		err := call()
		var apiErr *whop.APIError
		require.ErrorAs(t, err, &apiErr, name)
		assert.Equal(t, http.StatusUnprocessableEntity, apiErr.StatusCode, name)
		assert.Equal(t, whoptest.CodeIdempotencyKeyReused, apiErr.Code, name)
		assert.Equal(t, 1, apiErr.Attempts, "%s: a 422 is not retried", name)
	}
	assert.Equal(t, 10.0, w.refunded(t, p.ID))
	assert.Equal(t, 0.0, w.refunded(t, other.ID))
}

// A refusal is an outcome too: a repeat under the key gets the same 422
// even once the request would succeed, while a new key runs it.
func TestIdempotencyReplaysRefusals(t *testing.T) {
	w := idemWorld(t)
	ctx := context.Background()
	co := w.srv.CompanyID()
	params := &whop.CompanyTokenTransactionCreateParams{CompanyID: co, UserID: w.member.UserID,
		TransactionType: whop.CompanyTokenTransactionTypeSubtract, Amount: 5, IdempotencyKey: "spend-1"}
	_, err := w.c.CompanyTokenTransactions.Create(ctx, params)
	var first *whop.APIError
	require.ErrorAs(t, err, &first)
	require.Equal(t, "insufficient_balance", first.Code)

	require.NoError(t, w.srv.SeedTokenBalance(co, w.member.UserID, 50))
	_, err = w.c.CompanyTokenTransactions.Create(ctx, params)
	var again *whop.APIError
	require.ErrorAs(t, err, &again)
	assert.Equal(t, first.StatusCode, again.StatusCode)
	assert.Equal(t, first.Body, again.Body, "the same answer, replayed")
	assert.Equal(t, 50.0, w.srv.TokenBalance(co, w.member.UserID))

	params.IdempotencyKey = "spend-2"
	_, err = w.c.CompanyTokenTransactions.Create(ctx, params)
	require.NoError(t, err)
	assert.Equal(t, 45.0, w.srv.TokenBalance(co, w.member.UserID))
}

// A fault that stops a request before it is processed (FailNextOn) is not
// its outcome: the repeat under the key runs it.
func TestIdempotencyIgnoresFaultsBeforeProcessing(t *testing.T) {
	w := idemWorld(t)
	p := w.pay(t)
	c := w.srv.Client(whop.WithMaxRetries(0))
	require.NoError(t, w.srv.FailNextOn(http.MethodPost, "/payments/{id}/refund", 1, http.StatusServiceUnavailable, nil))
	params := &whop.PaymentRefundParams{PartialAmount: whop.Ptr(10.0)}
	key := whop.WithIdempotencyKey("refund-once")
	_, err := c.Payments.Refund(context.Background(), p.ID, params, key)
	require.ErrorIs(t, err, whop.ErrServer)
	assert.Equal(t, 0.0, w.refunded(t, p.ID))

	_, err = c.Payments.Refund(context.Background(), p.ID, params, key)
	require.NoError(t, err)
	assert.Equal(t, 10.0, w.refunded(t, p.ID))
}

// The outcome is kept for 24 hours on the server's clock; after that the
// key is forgotten and a repeat runs again.
func TestIdempotencyKeyForgottenAfterWindow(t *testing.T) {
	w := idemWorld(t)
	p := w.pay(t)
	params := &whop.PaymentRefundParams{PartialAmount: whop.Ptr(10.0)}
	refund := func() *whop.Payment {
		t.Helper()
		got, err := w.c.Payments.Refund(context.Background(), p.ID, params, whop.WithIdempotencyKey("refund-day"))
		require.NoError(t, err)
		return got
	}
	first := refund()
	w.srv.Advance(whoptest.IdempotencyWindow - time.Second)
	assert.Equal(t, first, refund(), "replayed within the window")
	assert.Equal(t, 10.0, w.refunded(t, p.ID))

	w.srv.Advance(time.Second)
	assert.Equal(t, 20.0, *refund().RefundedAmount, "forgotten after the window: refunded again")
	assert.Equal(t, 20.0, w.refunded(t, p.ID))
}

// The cache is bounded: past its size the oldest key is forgotten first.
// Size 0 turns replays off.
func TestIdempotencyCacheSize(t *testing.T) {
	for _, tc := range []struct {
		size int
		want float64 // refunded after a, b, a
	}{{size: 1, want: 3}, {size: 2, want: 2}, {size: 0, want: 3}} {
		w := idemWorld(t, whoptest.WithIdempotencyCacheSize(tc.size))
		p := w.pay(t)
		for _, key := range []string{"a", "b", "a"} {
			_, err := w.c.Payments.Refund(context.Background(), p.ID, &whop.PaymentRefundParams{PartialAmount: whop.Ptr(1.0)}, whop.WithIdempotencyKey(key))
			require.NoError(t, err)
		}
		assert.Equal(t, tc.want, w.refunded(t, p.ID), "size %d", tc.size)
	}
}

// A held request a test forgets to release does not stop Close, and
// HoldNextOn refuses a route the fake does not serve.
func TestHoldNextOn(t *testing.T) {
	srv := whoptest.New()
	srv.Start()
	_, err := srv.HoldNextOn(http.MethodPost, "/payments/{id}/refunds")
	assert.Error(t, err)
	hold, err := srv.HoldNextOn(http.MethodPost, "/products")
	require.NoError(t, err)
	c := srv.Client()
	errc := make(chan error, 1)
	go func() {
		_, err := c.Products.Create(context.Background(), &whop.ProductCreateParams{CompanyID: srv.CompanyID(), Title: "held"})
		errc <- err
	}()
	<-hold.Arrived()
	srv.Close() // would wait for the held request for ever
	select {
	case <-hold.Done():
	default:
		t.Error("Close returned before the held request ran")
	}
	<-errc
}
