package whoptest_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/gowhop/whop"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FailNextOn fails only the route it names, n times, and leaves every
// other route, including another method on the same path, alone.
func TestFailNextOnHitsOnlyItsRoute(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	p := w.pay(t)
	// 422 is never retried, so each call below is exactly one request.
	require.NoError(t, w.srv.FailNextOn(http.MethodPost, "/payments/{payment_id}/refund", 2, http.StatusUnprocessableEntity, nil))

	refund := func() error {
		_, err := w.c.Payments.Refund(ctx, p.ID, &whop.PaymentRefundParams{PartialAmount: whop.Ptr(1.0)})
		return err
	}
	for i := range 2 {
		// Other routes are served while the refund faults are pending.
		_, err := w.c.Payments.Get(ctx, p.ID)
		require.NoError(t, err, "GET /payments/{id} before refund %d", i)
		_, err = w.c.Payments.List(ctx, &whop.PaymentListParams{CompanyID: w.srv.CompanyID()})
		require.NoError(t, err)
		_, err = w.c.Payments.Void(ctx, p.ID)
		require.False(t, isInjected(err), "void got the refund's fault: %v", err)

		before := w.srv.RequestCount()
		err = refund()
		var apiErr *whop.APIError
		require.ErrorAs(t, err, &apiErr, "refund %d", i)
		assert.Equal(t, http.StatusUnprocessableEntity, apiErr.StatusCode)
		assert.Equal(t, "injected_fault", apiErr.Type)
		assert.Equal(t, 1, w.srv.RequestCount()-before, "one request per refund")
	}
	// Counted down to zero: the third refund goes through.
	require.NoError(t, refund())
	got, err := w.c.Payments.Get(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, 1.0, *got.RefundedAmount, "only the third refund was applied")
}

func isInjected(err error) bool {
	var apiErr *whop.APIError
	return errors.As(err, &apiErr) && apiErr.Type == "injected_fault"
}

// Faults queue per route and FailNext's come first.
func TestFailNextOnQueuesBehindFailNext(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	c := w.srv.Client(whop.WithMaxRetries(0))
	require.NoError(t, w.srv.FailNextOn(http.MethodGet, "/api/v1/payment_methods/{id}", 1, http.StatusNotFound, nil))
	require.NoError(t, w.srv.FailNextOn(http.MethodGet, "/payment_methods/{x}", 1, http.StatusConflict, nil))
	w.srv.FailNext(1, http.StatusTeapot, nil)

	get := func() error {
		_, err := c.PaymentMethods.Get(ctx, w.card.ID, &whop.PaymentMethodGetParams{MemberID: w.member.ID})
		return err
	}
	for _, want := range []int{http.StatusTeapot, http.StatusNotFound, http.StatusConflict} {
		var apiErr *whop.APIError
		require.ErrorAs(t, get(), &apiErr)
		assert.Equal(t, want, apiErr.StatusCode)
	}
	require.NoError(t, get())
}

// A route the fake does not serve, or a count below one, is refused
// rather than queued for a request that never comes.
func TestFailNextOnRefusesUnknownRoutes(t *testing.T) {
	w := newWorld(t)
	for _, tc := range []struct {
		method, pattern string
		n               int
	}{
		{http.MethodPost, "/payments/{id}/refunds", 1},
		{http.MethodDelete, "/payments/{id}", 1},
		{"", "/payments/{id}", 1},
		{http.MethodPost, "/payments/{id}/refund", 0},
	} {
		assert.Error(t, w.srv.FailNextOn(tc.method, tc.pattern, tc.n, http.StatusServiceUnavailable, nil), "%+v", tc)
	}
	_, err := w.c.Payments.Refund(context.Background(), w.pay(t).ID, nil)
	assert.NoError(t, err, "nothing was queued")
}
