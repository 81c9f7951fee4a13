package whoptest_test

import (
	"context"
	"testing"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func hasAccess(t *testing.T, w *world, userID, resource string) bool {
	t.Helper()
	acc, err := w.c.Users.CheckAccess(context.Background(), userID, resource)
	require.NoError(t, err)
	return acc.HasAccess
}

// A declined payment grants nothing and uses up no promo code; the retry
// that succeeds grants access and counts the use.
func TestDeclinedPaymentGrantsNoAccessNorPromoUse(t *testing.T) {
	w := newWorld(t, whoptest.Declining())
	ctx := context.Background()
	pc, err := w.c.PromoCodes.Create(ctx, &whop.PromoCodeCreateParams{CompanyID: w.srv.CompanyID(), Code: "ONE",
		AmountOff: 10, BaseCurrency: whop.CurrencyUSD, PromoType: whop.PromoTypePercentage, Stock: whop.Ptr(1)})
	require.NoError(t, err)
	p, err := w.c.Payments.Create(ctx, &whop.PaymentCreateParams{CompanyID: w.srv.CompanyID(), PlanID: w.planID,
		MemberID: w.member.ID, PaymentMethodID: &w.card.ID, PromoCodeID: &pc.ID})
	require.NoError(t, err)
	assert.Equal(t, whop.PaymentSubstatusFailed, p.Substatus)
	m, err := w.c.Memberships.Get(ctx, p.Membership.ID)
	require.NoError(t, err)
	assert.Equal(t, whop.MembershipStatusDrafted, m.Status, "an unpaid membership is not active")
	assert.False(t, hasAccess(t, w, w.member.UserID, w.srv.CompanyID()))
	got, err := w.c.PromoCodes.Get(ctx, pc.ID)
	require.NoError(t, err)
	assert.Equal(t, 0, got.Uses, "a declined payment does not use the code")

	w.srv.SetDeclining(w.card.ID, false)
	p, err = w.c.Payments.Retry(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, whop.PaymentStatusPaid, *p.Status)
	assert.True(t, hasAccess(t, w, w.member.UserID, w.srv.CompanyID()))
	got, err = w.c.PromoCodes.Get(ctx, pc.ID)
	require.NoError(t, err)
	assert.Equal(t, 1, got.Uses)
}

// Partial refunds leave access alone and add up; the refund that returns
// the rest ends the access the payment bought, with
// membership.deactivated.
func TestFullRefundRevokesAccess(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	events := w.listen(t)
	p := w.pay(t)
	require.True(t, hasAccess(t, w, w.member.UserID, w.srv.CompanyID()))
	for _, amt := range []float64{30, 0.1, 0.2} {
		_, err := w.c.Payments.Refund(ctx, p.ID, &whop.PaymentRefundParams{PartialAmount: whop.Ptr(amt)})
		require.NoError(t, err)
	}
	got, err := w.c.Payments.Get(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, 30.3, *got.RefundedAmount, "partial refunds add up exactly")
	assert.True(t, hasAccess(t, w, w.member.UserID, w.srv.CompanyID()), "a partial refund keeps access")
	events.take("membership.")

	got, err = w.c.Payments.Refund(ctx, p.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, 100.0, *got.RefundedAmount)
	assert.Equal(t, whop.MembershipStatusCanceled, got.Membership.Status)
	assert.False(t, hasAccess(t, w, w.member.UserID, w.srv.CompanyID()), "a full refund ends access")
	m, err := w.c.Memberships.Get(ctx, p.Membership.ID)
	require.NoError(t, err)
	assert.Equal(t, whop.MembershipStatusCanceled, m.Status)
	evs := events.take("membership.")
	require.Len(t, evs, 1)
	assert.Equal(t, whop.WebhookEventMembershipDeactivated, evs[0].Type)
	_, err = w.c.Payments.Refund(ctx, p.ID, &whop.PaymentRefundParams{PartialAmount: whop.Ptr(0.01)})
	assert.ErrorIs(t, err, whop.ErrUnprocessable, "nothing is left to refund")

	// Paying again buys access again.
	w.pay(t)
	assert.True(t, hasAccess(t, w, w.member.UserID, w.srv.CompanyID()))
}

// one_per_customer and new_users_only are enforced.
func TestPromoCodeCustomerRestrictions(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	create := func(code string, p *whop.PromoCodeCreateParams) string {
		p.CompanyID, p.Code, p.AmountOff, p.BaseCurrency, p.PromoType = w.srv.CompanyID(), code, 5, whop.CurrencyUSD, whop.PromoTypeFlatAmount
		pc, err := w.c.PromoCodes.Create(ctx, p)
		require.NoError(t, err)
		return pc.ID
	}
	once := create("ONCE", &whop.PromoCodeCreateParams{OnePerCustomer: whop.Ptr(true)})
	newOnly := create("NEW", &whop.PromoCodeCreateParams{NewUsersOnly: true})
	pay := func(promo string) error {
		_, err := w.c.Payments.Create(ctx, &whop.PaymentCreateParams{CompanyID: w.srv.CompanyID(), PlanID: w.planID,
			MemberID: w.member.ID, PaymentMethodID: &w.card.ID, PromoCodeID: &promo})
		return err
	}
	require.NoError(t, pay(once))
	var apiErr *whop.APIError
	require.ErrorAs(t, pay(once), &apiErr, "the same customer twice")
	assert.Equal(t, "promo_code_id", apiErr.Param)
	assert.ErrorIs(t, pay(newOnly), whop.ErrUnprocessable, "the customer has bought before")
}

// Answers never depend on the order the fake's maps iterate in: a plan
// update with two bad prices always names the same one, a username two
// seeded members share always finds the older.
func TestAnswersDoNotDependOnMapOrder(t *testing.T) {
	w := newAccessWorld(t)
	ctx := context.Background()
	for range 20 {
		_, err := w.c.Plans.Update(ctx, w.plan.ID, &whop.PlanUpdateParams{
			InitialPrice: whop.Value(-1.0), RenewalPrice: whop.Value(-1.0)})
		var apiErr *whop.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, "initial_price", apiErr.Param)
	}
	first := w.srv.SeedMember("Twin")
	for range 5 {
		w.srv.SeedMember("Twin")
	}
	for range 20 {
		u, err := w.c.Users.Get(ctx, "twin", nil)
		require.NoError(t, err)
		assert.Equal(t, first.UserID, u.ID)
	}
}
